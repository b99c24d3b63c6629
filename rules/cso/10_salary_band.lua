-- rules/cso/10_salary_band.lua: base salary expectation within the band (preferred: a
-- fail is shown as flag; skipped when no expectation is given).
local F = require "lib.fields"

-- The band's ends as text, made once per run (sl.derive) rather than per candidate.
local max_text = sl.derive(function(p) return F.money(F.param_num(p, "salary_max")) end)

rule {
  id = "salary-band",
  title = "Salary expectation within salary_min to salary_max (default $150,000 to $300,000)",
  severity = "preferred",
  weight = 1,
  when = function(c, f, p)
    return f.salary_expectation ~= nil or f.salary_note ~= nil
  end,
  check = function(c, f, p)
    local max = F.param_num(p, "salary_max")
    local high = max * 4 / 3
    local s = f.salary_expectation
    if s == nil then
      return fail("%s; cannot compare it with the band", f.salary_note)
    end
    local said = F.money(s)
    -- (a plain number has no note: the fact is not asked for)
    if type(c.salary_expectation) ~= "number" and f.salary_note then said = said .. " (" .. f.salary_note .. ")" end
    if F.ge(max, s) then
      local min = F.param_num(p, "salary_min")
      if s < min then
        return flag("expects %s, below the band (%s to %s): check the figure", said, F.money(min), F.money(max))
      end
      return pass("expects %s, within %s", said, max_text(p))
    end
    if F.ge(high, s) then
      return flag("expects %s, above %s (up to %s flags)", said, F.money(max), F.money(high))
    end
    return fail("expects %s, above %s and the %s flag limit", said, F.money(max), F.money(high))
  end,
}
