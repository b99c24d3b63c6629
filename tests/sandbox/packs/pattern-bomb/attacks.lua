rule { id = "find", check = function(c) return string.find(("a"):rep(30), ("a*"):rep(15) .. "b") ~= nil end }
-- The guard runs the string functions in its own frame: they work as usual, and their
-- argument errors read as stock Lua's (a method call counts the string as argument 1).
rule { id = "guarded-functions-work", check = function(c)
  local a, b, cap = ("key=value"):find("(%w+)=")
  local n = 0
  for _ in ("a b c"):gmatch("%a") do n = n + 1 end
  local s, k = ("abc"):gsub("b", function(x) return x:upper() end)
  local m = ("x12"):match("%d+")
  if a == 1 and b == 4 and cap == "key" and n == 3 and s == "aBc" and k == 1 and m == "12" then
    return pass("find, gmatch, gsub and match work")
  end
  return fail("%s %s %s %s %s %s %s", tostring(a), tostring(b), tostring(cap), tostring(n),
    tostring(s), tostring(k), tostring(m))
end }
rule { id = "argument-errors", check = function(c)
  local _, method = pcall(function() return ("x"):find({}) end)
  local _, field = pcall(function() return string.gsub("x", "x", true) end)
  return pass("%s | %s", method, field)
end }
-- Optional characters are quantifiers too: 26 of them backtrack 2^26 ways.
rule { id = "optional-characters", check = function(c)
  return ("a"):rep(26):match(("a?"):rep(26) .. ("a"):rep(26)) ~= nil
end }
-- Few quantifiers, but polynomial backtracking on the subject: each would run for hours
-- (six greedy repetitions on 300 characters; a lazy one, or a greedy one at every
-- position, over 200 KB).
rule { id = "six-repetitions", check = function(c) return ("a"):rep(300):find("a*a*a*a*a*a*b") ~= nil end }
rule { id = "lazy-over-a-long-text", check = function(c) return ("a"):rep(200000):find(".-b") ~= nil end }
rule { id = "gsub-every-position", check = function(c) return (("a"):rep(200000):gsub("a*b", "")) ~= nil end }
rule { id = "gmatch-every-position", check = function(c)
  for _ in ("a"):rep(300):gmatch("a*a*a*a*a*a*b") do end
  return true
end }
-- The same quantifiers on text they do not backtrack over much stay allowed.
rule { id = "ordinary-patterns-on-long-text", check = function(c)
  local text = ("Revenue leader, 12 yrs;  EMEA & APAC. "):rep(20000)
  local squeezed, n = text:gsub("%s+", " ")
  local trimmed = ("  " .. text .. "  "):match("^%s*(.-)%s*$")
  return pass("%d spaces squeezed, trimmed to %d", n, #trimmed)
end }
rule { id = "still-works", check = function(c) return pass("rules still run for %s", c.id) end }
