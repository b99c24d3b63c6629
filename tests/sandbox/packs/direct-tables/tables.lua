local CORE = { a = "core-a", nested = { deep = "deep-value" } }
local LIST = { "x", "y", "z" }
local SHARED = { n = 1 }
local INNER = { v = 1 }
local PASSED = { k = "passed" }

-- only read by key: unwrapped
rule { id = "read-by-key", check = function(c)
  return pass("%s %s %s", CORE.a, tostring(CORE[c.id]), CORE.nested.deep)
end }
-- a nested table read through an unwrapped one is still frozen
rule { id = "nested-still-frozen", check = function(c) CORE.nested.deep = c.id return true end }
-- the length operator takes the table as a value: keeps the proxy
rule { id = "length", check = function(c) return pass("%d %s", #LIST, LIST[2]) end }
-- read here, written there: both keep the proxy and the write raises
rule { id = "read-shared", check = function(c) return pass("%d", SHARED.n) end }
rule { id = "write-shared", check = function(c) SHARED.n = SHARED.n + 1 return true end }
-- written by a function made while checking
rule { id = "write-from-inner", check = function(c)
  local function bump() INNER.v = INNER.v + 1 end
  bump()
  return true
end }
rule { id = "read-inner", check = function(c) return pass("%d", INNER.v) end }
-- handed to a function: keeps the proxy, which refuses the write
local function poke(t, id) t.k = id end
rule { id = "write-through-an-argument", check = function(c) poke(PASSED, c.id) return true end }
rule { id = "read-passed", check = function(c) return pass("%s", PASSED.k) end }
