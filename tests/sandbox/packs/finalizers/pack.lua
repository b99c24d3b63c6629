-- Attack rules: a __gc finalizer would run outside the rule call's limits
-- (or as the state closes, hanging the exit): setmetatable refuses it.
pack { name = "finalizers" }
