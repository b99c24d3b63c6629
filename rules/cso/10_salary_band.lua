-- rules/cso/10_salary_band.lua: base salary expectation within the band (preferred: a
-- fail is shown as flag; skipped when no expectation is given).
local F = require "lib.fields"

rule {
  id = "salary-band",
  title = "Salary expectation up to salary_max ($300,000)",
  severity = "preferred",
  weight = 1,
  when = function(c, f, p)
    return f.salary_expectation ~= nil
  end,
  check = function(c, f, p)
    local max = F.param_num(p, "salary_max")
    local high = max * 4 / 3
    local s = f.salary_expectation
    if F.ge(max, s) then return pass("expects %s, within %s", F.money(s), F.money(max)) end
    if F.ge(high, s) then
      return flag("expects %s, above %s (up to %s flags)", F.money(s), F.money(max), F.money(high))
    end
    return fail("expects %s, above %s and the %s flag limit", F.money(s), F.money(max), F.money(high))
  end,
}
