-- Chunks that only read their globals after loading read them straight from
-- the environment's entries (no proxy); chunks that could write them keep
-- the read-only proxy. Both must behave exactly as before.
pack { name = "direct-globals" }
