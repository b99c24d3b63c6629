counter = 0
rule { id = "new-global", check = function(c) leaked = c.id return true end }
rule { id = "load-time-global", check = function(c) counter = counter + 1 return pass("%d", counter) end }
rule { id = "env-write", check = function(c) _ENV.leaked = c.id return true end }
rule { id = "overwrite-api", check = function(c) pass = function() return fail("hijacked") end return true end }
rule { id = "overwrite-library", check = function(c) string = {} return true end }
rule { id = "rawset", check = function(c) rawset(_ENV, "leaked", c.id) return true end }
rule { id = "still-works", check = function(c) return pass("rules still run for %s, counter %d", c.id, counter) end }
