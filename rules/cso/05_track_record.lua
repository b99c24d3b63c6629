-- rules/cso/05_track_record.lua: a proven record against quota.
local F = require "lib.fields"
local W = require "lib.work"

-- The thresholds, read from params once per run (sl.derive) rather than per candidate.
local thresholds = sl.derive(function(p)
  return { min = F.param_num(p, "min_quota_attainment"), low = F.param_num(p, "quota_flag_floor") }
end)

rule {
  id = "track-record",
  title = "Quota attainment: min_quota_attainment or more (default 1.0 = 100%)",
  severity = "required",
  weight = 3,
  check = function(c, f, p)
    local t = thresholds(p)
    local min, low = t.min, t.low
    local q = f.quota_attainment
    if q == nil then
      -- (the notes only when there is something to say: each fact costs a call)
      local why = F.notes(c.quota_attainment ~= nil and f.quota_note or nil, W.future_note(f.roles))
      if why then return flag("no quota data (quota_attainment, or work[].quota_attainment; %s)", why) end
      return flag("no quota data (quota_attainment, or work[].quota_attainment)")
    end
    local note = f.quota_note
    note = note and (" (" .. note .. ")") or ""
    if F.ge(q, min) then return pass("quota attainment %s%s >= %s", F.ratio(q), note, F.ratio(min)) end
    -- below a threshold: enough decimals to show it (F.ratios)
    if F.ge(q, low) then
      local shown, expected = F.ratios(q, min)
      return flag("quota attainment %s%s; %s expected", shown, note, expected)
    end
    local shown, floor = F.ratios(q, low)
    return fail("quota attainment %s%s; below %s", shown, note, floor)
  end,
}
