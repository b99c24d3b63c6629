-- Writes globals only while loading: its checks read them directly.
limit = 10
function describe(c) return c.id .. " has " .. c.years end
rule { id = "load-time-globals", check = function(c)
  if c.years >= limit then return pass(describe(c)) end
  return fail(describe(c))
end }
rule { id = "computed-name", check = function(c) local k = "str" .. "ing" return pass("%s", type(_ENV[k].format)) end }
rule { id = "unknown-global", check = function(c) return pass(undefined_thing) end }
rule { id = "library-is-still-frozen", check = function(c) string.upper = nil return true end }
