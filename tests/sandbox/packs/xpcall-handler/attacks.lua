rule { id = "handler-loops", check = function(c) xpcall(function() error("x") end, function() while true do end end) return pass("survived") end }
rule { id = "handler-loops-after-budget", check = function(c) xpcall(function() while true do end end, function() while true do end end) return pass("survived") end }
rule { id = "still-works", check = function(c) return pass("rules still run for %s", c.id) end }
