rule { id = "one-argument", check = function(c) return pass("%d", assert(load("return 6 * 7"))()) end }
rule { id = "reaches-io", check = function(c) return assert(load("return io", "=chunk"))() ~= nil end }
rule { id = "own-globals", check = function(c) local f = assert(load("seen = (rawget(_ENV, 'seen') or 0) + 1 return seen", "=chunk")) return pass("%d", f()) end }
rule { id = "still-works", check = function(c) return pass("rules still run for %s", c.id) end }
