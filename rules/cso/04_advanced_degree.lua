-- rules/cso/04_advanced_degree.lua: an MBA, master's or doctorate (bonus: ranks only).
local E = require "lib.education"

rule {
  id = "advanced-degree",
  title = "MBA, master's or doctorate",
  severity = "bonus",
  weight = 1,
  check = function(c, f, p)
    local e = f.education.advanced
    if e then return pass("advanced degree: %s", E.describe(e)) end
    local u = f.education.unfinished
    if u then return fail("no completed MBA, master's or doctorate (%s: %s)", E.describe(u), u.why) end
    return fail("no MBA, master's or doctorate")
  end,
}
