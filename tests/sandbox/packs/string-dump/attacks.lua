rule { id = "string-dump", check = function(c) return #string.dump(function() end) > 0 end }
rule { id = "method-dump", check = function(c) return #("x").dump(function() end) > 0 end }
rule { id = "colon-dump", check = function(c) local s = "x" return #s:dump() > 0 end }
rule { id = "indexed-dump", check = function(c) return #(""):rep(1).dump(print) > 0 end }
rule { id = "still-works", check = function(c) return pass(("rules still run for %s"):format(c.id)) end }
