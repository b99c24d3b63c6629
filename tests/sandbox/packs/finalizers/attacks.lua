rule { id = "on-a-new-table", check = function(c) setmetatable({}, { __gc = function() while true do end end }) return true end }
rule { id = "on-the-candidate", check = function(c) setmetatable(c, { __gc = function() while true do end end }) return true end }
rule { id = "memory-cap-then-collect", check = function(c)
  setmetatable({}, { __gc = function() while true do end end })
  local s = ("x"):rep(1e9) return true end }
rule { id = "gc-added-later-does-nothing", check = function(c)
  local mt = {} local t = setmetatable({}, mt) mt.__gc = function() while true do end end
  return pass("set") end }
rule { id = "still-works", check = function(c) return pass("rules still run for %s", c.id) end }
