local function reach(mt) return type(mt) == "table" and "reachable" or "out of reach" end
rule { id = "own-environment", check = function(c) return pass("metatable %s", reach(getmetatable(_ENV))) end }
rule { id = "fresh-environment", check = function(c) local env = assert(load("return _ENV", "=probe"))() return pass("metatable %s", reach(getmetatable(env))) end }
rule {
  id = "hijack-lookup",
  check = function(c)
    local env = assert(load("return _ENV", "=probe"))()
    local mt = getmetatable(env)
    if type(mt) == "table" then mt.__index = function(t, k) return "hijacked" end end
    return pass("tried")
  end,
}
rule { id = "victim", check = function(c) return pass("%s", tostring(undefined_global)) end }
rule { id = "still-works", check = function(c) return pass("rules still run for %s", c.id) end }
