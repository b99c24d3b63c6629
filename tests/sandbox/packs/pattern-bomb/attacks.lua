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
rule { id = "still-works", check = function(c) return pass("rules still run for %s", c.id) end }
