-- rules/cso/05_track_record.lua: a proven record against quota.
local F = require "lib.fields"
local W = require "lib.work"

rule {
  id = "track-record",
  title = "Quota attainment: min_quota_attainment (1.0 = 100%) or more",
  severity = "required",
  weight = 3,
  check = function(c, f, p)
    local min = F.param_num(p, "min_quota_attainment")
    local low = F.param_num(p, "quota_flag_floor")
    local q = f.quota_attainment
    if q == nil then
      -- (the notes only when there is something to say: each fact costs a call)
      local why = F.notes(c.quota_attainment ~= nil and f.quota_note or nil, W.future_note(f.roles))
      if why then return flag("no quota data (quota_attainment, or work[].quota_attainment; %s)", why) end
      return flag("no quota data (quota_attainment, or work[].quota_attainment)")
    end
    local said = "quota attainment " .. F.ratio(q)
    if f.quota_note then said = said .. " (" .. f.quota_note .. ")" end
    if F.ge(q, min) then return pass("%s >= %s", said, F.ratio(min)) end
    if F.ge(q, low) then return flag("%s; %s expected", said, F.ratio(min)) end
    return fail("%s; below %s", said, F.ratio(low))
  end,
}
