local header = "\27Lua\84\0\25\147\13\10\26\10"
rule { id = "mode-b", check = function(c) return load("return 1", "=x", "b") ~= nil end }
rule { id = "mode-bt", check = function(c) return load("return 1", "=x", "bt") ~= nil end }
rule { id = "binary-string", check = function(c) return assert(load(header .. "junk", "=x")) ~= nil end }
rule { id = "binary-string-mode-t", check = function(c) return assert(load(header .. "junk", "=x", "t")) ~= nil end }
rule { id = "binary-reader", check = function(c) local done = false return assert(load(function() if done then return nil end done = true return header end, "=x")) ~= nil end }
rule { id = "still-works", check = function(c) return pass("rules still run for %s", c.id) end }
