-- rules/cso/01_sales_experience.lua: years in sales roles.
local F = require "lib.fields"

local function with_note(text, note)
  if note then return text .. " (" .. note .. ")" end
  return text
end

-- The thresholds, read from params once per run (sl.derive) rather than per candidate.
local thresholds = sl.derive(function(p)
  local min = F.param_num(p, "min_sales_years")
  return { min = min, low = min - F.param_num(p, "sales_years_flag_margin") }
end)

rule {
  id = "sales-experience",
  title = "Years in sales: min_sales_years or more (default 10)",
  severity = "required",
  weight = 3,
  check = function(c, f, p)
    local t = thresholds(p)
    local min, low = t.min, t.low
    local years = f.sales_years
    local said = with_note(F.years(years) .. " years in sales", f.sales_years_note)
    if F.ge(years, min) then return pass("%s", said) end
    if F.ge(years, low) then return flag("%s; %s+ expected", said, F.g(min)) end
    return fail("%s; %s+ required (%s+ flags)", said, F.g(min), F.g(low))
  end,
}
