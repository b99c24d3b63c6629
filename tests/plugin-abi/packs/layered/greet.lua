local layered = require "layered"

rule {
  id = "greet",
  check = function(c) return pass(layered.greet(c.name, c.sales_years)) end,
}

rule {
  id = "reach",
  check = function(c)
    local ok, err = pcall(require, "layered_reaching")
    if ok then return fail("a plugin module read the pack's packmodule.lua") end
    return pass(tostring(err):match("module 'packmodule' not found[^\n]*"))
  end,
}
