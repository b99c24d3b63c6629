rule { id = "pcall", check = function(c) local ok = pcall(function() while true do end end) return pass("survived: %s", tostring(ok)) end }
rule { id = "pcall-in-a-loop", check = function(c) for i = 1, 1000 do pcall(function() while true do end end) end return pass("survived") end }
rule { id = "nested-pcall", check = function(c) pcall(pcall, pcall, function() while true do end end) return pass("survived") end }
rule { id = "xpcall", check = function(c) xpcall(function() while true do end end, function(e) return e end) return pass("survived") end }
rule { id = "tostring-of-the-error-loops", check = function(c) error(setmetatable({}, { __tostring = function() while true do end end })) end }
rule { id = "still-works", check = function(c) return pass("rules still run for %s", c.id) end }
