fact("years", function(c) return 12 end)
fact("writer", function(c, f) local _ = f.years; f.years = 0 return "wrote" end)
rule { id = "reads-first", check = function(c, f) return pass("years %d", f.years) end }
rule { id = "overwrites-a-computed-fact", check = function(c, f) f.years = 999 return true end }
rule { id = "overwrites-inside-pcall", check = function(c, f)
  local ok = pcall(function() f.years = 999 end) return pass("pcall gave %s", tostring(ok)) end }
rule { id = "a-fact-that-writes", check = function(c, f) return pass(f.writer) end }
rule { id = "sets-a-new-key", check = function(c, f) f.mine = 1 return true end }
rule { id = "reaches-the-values", check = function(c, f) return pass("metatable: %s", tostring(getmetatable(f))) end }
rule { id = "still-works", check = function(c, f) return pass("years still %d for %s", f.years, c.id) end }
