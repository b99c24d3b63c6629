local seen = { count = 0 }
rule { id = "params", check = function(c, f, p) local _, raw = pairs(p) raw.min_years = raw.min_years + 1 return pass("min_years %d", p.min_years) end }
rule { id = "upvalue-table", check = function(c) local _, raw = pairs(seen) raw.count = raw.count + 1 return pass("count %d", seen.count) end }
rule { id = "library", check = function(c) local _, raw = pairs(string) raw.upper = string.lower return pass(("AbC"):upper()) end }
rule { id = "still-works", check = function(c, f, p) return pass("%s: min_years %d, count %d, %s", c.id, p.min_years, seen.count, ("AbC"):upper()) end }
