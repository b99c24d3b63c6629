rule { id = "table-growth", check = function(c) local t = {} for i = 1, 1e9 do t[i] = i end end }
rule { id = "string-doubling", check = function(c) local s = "x" while true do s = s .. s end end }
rule { id = "string-rep", check = function(c) return #("x"):rep(1e8) > 0 end }
rule { id = "many-strings", check = function(c) local t = {} for i = 1, 1e9 do t[i] = ("y"):rep(100) .. i end end }
rule { id = "concat", check = function(c) local t = {} for i = 1, 2e5 do t[i] = "abcdefghij" end return #table.concat(t, ("-"):rep(200)) > 0 end }
fact("bomb", function(c) local t = {} for i = 1, 1e9 do t[i] = i end end)
rule { id = "in-a-fact", check = function(c, f) return f.bomb end }
rule { id = "the-same-fact-again", check = function(c, f) return f.bomb end }
rule { id = "still-works", check = function(c) local t = {} for i = 1, 1000 do t[i] = i end return pass("rules still run for %s (%d)", c.id, #t) end }
