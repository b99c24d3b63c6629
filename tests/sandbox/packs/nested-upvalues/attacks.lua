local bumps, deep, shared, made = 0, 0, 0, 0
rule { id = "count-in-nested-function", check = function(c)
  local function bump() bumps = bumps + 1 end
  bump()
  return pass("candidate number %d", bumps)
end }
rule { id = "count-two-levels-down", check = function(c)
  local function outer()
    local function inner() deep = deep + 1 end
    inner()
  end
  outer()
  return pass("candidate number %d", deep)
end }
-- read() only reads `shared`; only bump_shared() assigns it.
local function read() return shared end
local function bump_shared() shared = shared + 1 end
rule { id = "read-shared", check = function(c) return pass("shared before: %d", read()) end }
rule { id = "count-through-a-helper", check = function(c)
  bump_shared()
  return pass("candidate number %d", read())
end }
-- make() returns a new function on every call: only that one assigns `made`.
local function make() return function() made = made + 1 return made end end
rule { id = "count-in-a-made-function", check = function(c)
  return pass("candidate number %d", make()())
end }
rule { id = "still-works", check = function(c)
  return pass("%s: bumps %d, deep %d, shared %d, made %d", c.id, bumps, deep, shared, made)
end }
