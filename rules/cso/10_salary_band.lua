-- rules/cso/10_salary_band.lua: base salary expectation within the band (preferred: a
-- fail is shown as flag; skipped when no expectation is given).
local F = require "lib.fields"

-- The band, its upper end as text, and salary_min: read from params once per run
-- (sl.derive) rather than per candidate.
local band = sl.derive(function(p)
  local max = F.param_num(p, "salary_max")
  return { max = max, high = max * 4 / 3, max_text = F.money(max) }
end)
local min_of = sl.derive(function(p) return F.param_num(p, "salary_min") end)

rule {
  id = "salary-band",
  title = "Salary expectation within salary_min to salary_max (default $150,000 to $300,000)",
  severity = "preferred",
  weight = 1,
  when = function(c, f, p)
    return f.salary_expectation ~= nil or f.salary_note ~= nil
  end,
  check = function(c, f, p)
    local b = band(p)
    local max, high = b.max, b.high
    local s = f.salary_expectation
    if s == nil then
      return fail("%s; cannot compare it with the band", f.salary_note)
    end
    local said = F.money(s)
    -- (a plain number has no note: the fact is not asked for)
    if type(c.salary_expectation) ~= "number" and f.salary_note then said = said .. " (" .. f.salary_note .. ")" end
    if F.ge(max, s) then
      local min = min_of(p)
      if s < min then
        return flag("expects %s, below the band (%s to %s): check the figure", said, F.money(min), F.money(max))
      end
      return pass("expects %s, within %s", said, b.max_text)
    end
    if F.ge(high, s) then
      return flag("expects %s, above %s (up to %s flags)", said, F.money(max), F.money(high))
    end
    return fail("expects %s, above %s and the %s flag limit", said, F.money(max), F.money(high))
  end,
}
