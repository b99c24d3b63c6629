rule { id = "while-true", check = function(c) while true do end end }
rule { id = "repeat-until-false", check = function(c) repeat local x = 1 until false end }
rule { id = "tail-calls", check = function(c) local function spin(n) return spin(n + 1) end return spin(1) end }
rule { id = "in-when", when = function(c) while true do end end, check = function(c) return true end }
rule { id = "in-a-fact", check = function(c, f) return f.forever end }
rule { id = "sorting-in-c", check = function(c)
  local t = {} for i = 1, 2000 do t["k" .. i] = i end
  while true do local k = next(t); k = next(t, k) end -- each second step sorts, in C
end }
rule { id = "still-works", check = function(c) return pass("rules still run for %s", c.id) end }
fact("forever", function(c) local n = 0 while true do n = n + 1 end end)
