rule { id = "find", check = function(c) return string.find(("a"):rep(30), ("a*"):rep(15) .. "b") ~= nil end }
rule { id = "still-works", check = function(c) return pass("rules still run for %s", c.id) end }
