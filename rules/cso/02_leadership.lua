-- rules/cso/02_leadership.lua: years leading teams.
local F = require "lib.fields"

local function with_note(text, note)
  if note then return text .. " (" .. note .. ")" end
  return text
end

-- The thresholds, read from params once per run (sl.derive) rather than per candidate.
local thresholds = sl.derive(function(p)
  local min = F.param_num(p, "min_leadership_years")
  return { min = min, low = min - F.param_num(p, "leadership_years_flag_margin") }
end)

rule {
  id = "leadership",
  title = "Years in leadership: min_leadership_years or more (default 3)",
  severity = "required",
  weight = 2,
  check = function(c, f, p)
    local t = thresholds(p)
    local min, low = t.min, t.low
    local years = f.leadership_years
    local said = with_note(F.years(years) .. " years leading teams", f.leadership_years_note)
    if F.ge(years, min) then return pass("%s", said) end
    if F.ge(years, low) then return flag("%s; %s+ expected", said, F.g(min)) end
    return fail("%s; %s+ required (%s+ flags)", said, F.g(min), F.g(low))
  end,
}
