-- rules/cso/07_sector_fit.lua: industry experience in the target or a core sector; an
-- adjacent sector is accepted when the track record is strong (the adjacent-sector
-- allowance).
local F = require "lib.fields"
local W = require "lib.work"
local sectors = require "sectors"
local SN = require "lib.sector_names"

-- target_sector normalised, once per run (sl.derive) rather than per candidate.
local target_of = sl.derive(function(p) return sectors.normalise(p.target_sector) end)
-- allowance_quota, read once per run (F.param_num raises for a param that is no number)
local allowance_of = sl.derive(function(p) return F.param_num(p, "allowance_quota") end)

local function quoted(list)
  local out = {}
  for i, s in ipairs(list) do out[i] = "'" .. s .. "'" end
  return table.concat(out, ", ")
end

rule {
  id = "sector-fit",
  title = "Sector: target_sector or a core sector (adjacent with a strong record)",
  severity = "required",
  weight = 3,
  check = function(c, f, p)
    local list = f.sectors
    if list == nil then
      local future = W.future_note(f.roles)
      if future then return flag("no sector data (sector, or work[].industry; %s)", future) end
      return flag("no sector data (sector, or work[].industry)")
    end
    -- (a name that combines sectors is also read as its parts: lib/sector_names.lua)
    local kind, s, name, whole = SN.best(list, p)
    local in_whole = whole and (" (in '" .. whole .. "')") or ""
    if kind == "core" then
      if name == target_of(p) then
        return pass("sector '%s'%s is the target sector '%s'", s, in_whole, name)
      end
      return pass("sector '%s'%s is a core sector ('%s')", s, in_whole, name)
    end
    if kind == "adjacent" then
      local allowance = allowance_of(p)
      local q = f.quota_attainment
      local shown = (s:lower() == name and ("'" .. s .. "'") or ("'" .. s .. "' ('" .. name .. "')")) .. in_whole
      if q and F.ge(q, allowance) then
        return pass("adjacent sector %s accepted: quota attainment %s >= %s (adjacent-sector allowance)",
          shown, F.ratio(q), F.ratio(allowance))
      end
      if q then
        local attained, needed = F.ratios(q, allowance)
        return flag("adjacent sector %s: quota attainment %s is below the %s allowance",
          shown, attained, needed)
      end
      return flag("adjacent sector %s: no quota data for the adjacent-sector allowance (%s+)",
        shown, F.ratio(allowance))
    end
    allowance_of(p) -- a bad allowance is an error whatever the sectors
    local future = W.future_note(f.roles)
    if future then return fail("no target, core or adjacent sector among %s (%s)", quoted(list), future) end
    return fail("no target, core or adjacent sector among %s", quoted(list))
  end,
}
