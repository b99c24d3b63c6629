-- File-level tables that every function only reads by key are read without
-- their read-only proxy; any other use keeps the proxy. Writes must raise
-- on every path, and nothing may change between candidates.
pack { name = "direct-tables" }
