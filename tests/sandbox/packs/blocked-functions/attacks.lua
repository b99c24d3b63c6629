rule { id = "math-random", check = function(c) return math.random() >= 0 end }
rule { id = "math-randomseed", check = function(c) math.randomseed(42) return true end }
rule { id = "collectgarbage", check = function(c) return collectgarbage("count") > 0 end }
rule { id = "coroutine-wrap", check = function(c) return coroutine.wrap(function() end) ~= nil end }
rule { id = "still-works", check = function(c) return pass("rules still run for %s", c.id) end }
