rule { id = "pcall", check = function(c) local ok, err = pcall(function() local t = {} for i = 1, 1e9 do t[i] = ("z"):rep(64) .. i end end) return pass("survived: %s", tostring(err)) end }
rule { id = "pcall-then-small", check = function(c) pcall(function() local s = "x" while true do s = s .. s end end) local t = {} return pass("survived %d", #t) end }
rule { id = "pcall-then-nothing", check = function(c) local ok = pcall(function() local t = {} for i = 1, 1e9 do t[i] = {} end end) return not ok end }
rule { id = "still-works", check = function(c) return pass("rules still run for %s", c.id) end }
