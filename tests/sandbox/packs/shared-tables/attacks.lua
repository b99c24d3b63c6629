local seen = { count = 0 }
local list = { "b", "a" }
rule { id = "params-field", check = function(c, f, p) p.min_years = 0 return true end }
rule { id = "params-nested", check = function(c, f, p) p.sectors[2] = "retail" return true end }
rule { id = "upvalue-table", check = function(c) seen.count = seen.count + 1 return true end }
rule { id = "table-insert", check = function(c) local ok, err = pcall(table.insert, list, c.id) if ok then return pass("inserted") end error(err) end }
rule { id = "table-sort", check = function(c) local ok, err = pcall(table.sort, list) if ok then return pass("sorted") end error(err) end }
rule { id = "string-library", check = function(c) string.upper = string.lower return true end }
rule { id = "math-library", check = function(c) math.pi = 3 return true end }
rule { id = "sl-helpers", check = function(c) sl.years = function() return 99 end return true end }
rule { id = "setmetatable", check = function(c) setmetatable(seen, nil) return true end }
rule { id = "getmetatable", check = function(c) return pass("%s", tostring(getmetatable(seen))) end }
rule { id = "rawset", check = function(c) rawset(seen, "count", 5) return true end }
rule {
  id = "still-works",
  check = function(c, f, p)
    return pass("%s: min_years %d, sectors %d, count %d, list %d, pi %.2f, %s", c.id, p.min_years, #p.sectors,
                seen.count, #list, math.pi, ("abc"):upper())
  end,
}
