rule { id = "read", check = function(c) return pass("%s", tostring(getmetatable(""))) end }
rule { id = "tamper-index", check = function(c) getmetatable("").__index = { upper = function() return "hijacked" end } return true end }
rule { id = "replace", check = function(c) setmetatable("", {}) return true end }
rule { id = "through-string-table", check = function(c) ("x").upper = nil return true end }
rule { id = "still-works", check = function(c) return pass("%s %s", ("rules still run"):upper(), c.id) end }
