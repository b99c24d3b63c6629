-- next, rawget and rawlen on frozen tables (params, file-level tables) read
-- their entries, as on any table; they never hand out the hidden table.
pack { name = "raw-access", params = { words = { "vp", "sales" }, limit = 3 } }
