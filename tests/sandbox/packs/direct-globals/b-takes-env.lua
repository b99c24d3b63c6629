-- Takes _ENV as a value: keeps the proxy, so writes through it still raise.
local env = _ENV
rule { id = "write-through-a-copy", check = function(c) env.limit = 0 return true end }
rule { id = "write-through-a-local", check = function(c) local e = _ENV e.pass = nil return true end }
rule { id = "still-works", check = function(c) return pass("%s", type(pass)) end }
