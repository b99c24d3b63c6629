local T = { a = 1, b = 2, "x", "y" }
local function count(t)
  local n, k = 0, next(t)
  while k ~= nil do n = n + 1 k = next(t, k) end
  return n
end
rule { id = "file-table", check = function(c)
  return pass("next %s, %d entries, rawget %s, rawlen %d", tostring(next(T) ~= nil), count(T),
              tostring(rawget(T, "a")), rawlen(T))
end }
rule { id = "params", check = function(c, f, p)
  return pass("%d entries, words %d, limit %s", count(p), rawlen(p.words), tostring(rawget(p, "limit")))
end }
rule { id = "candidate", check = function(c)
  return pass("%d fields, rawget %s, rawlen of a string %d", count(c), tostring(rawget(c, "id")), rawlen("abc"))
end }
rule { id = "still-read-only", check = function(c)
  local k = next(T)
  T[k] = 5
  return true
end }
rule { id = "bad-arguments", check = function(c) return pass("%s", tostring(rawlen(5))) end }
