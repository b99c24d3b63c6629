-- rules/cso/06_team_scale.lua: has led large teams (preferred: a fail is shown as flag).
local F = require "lib.fields"
local W = require "lib.work"

-- The thresholds, read from params once per run (sl.derive) rather than per candidate.
local thresholds = sl.derive(function(p)
  return { min = F.param_num(p, "min_team_size"), low = F.param_num(p, "team_size_flag_floor") }
end)

rule {
  id = "team-scale",
  title = "Largest team led: min_team_size or more (default 50)",
  severity = "preferred",
  weight = 1,
  check = function(c, f, p)
    local t = thresholds(p)
    local min, low = t.min, t.low
    local n = f.team_size
    if n == nil then
      local why = F.notes(c.team_size ~= nil and f.team_note or nil, W.future_note(f.roles))
      if why then return flag("no team size data (team_size, or work[].team_size; %s)", why) end
      return flag("no team size data (team_size, or work[].team_size)")
    end
    local said = "largest team " .. F.g(n)
    if c.team_size ~= nil and f.team_note then said = said .. " (" .. f.team_note .. ")" end
    if F.ge(n, min) then return pass("%s", said) end
    if F.ge(n, low) then return flag("%s; %s+ expected", said, F.g(min)) end
    return fail("%s; below %s (%s+ preferred)", said, F.g(low), F.g(min))
  end,
}
