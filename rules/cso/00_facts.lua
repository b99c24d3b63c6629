-- rules/cso/00_facts.lua: the facts every CSO rule reads, from either record shape.
-- A flat field wins when present; otherwise the value comes from the JSON Resume parts.
-- (This file sorts first, so the facts exist before any rule file refers to them.)
local F = require "lib.fields"
local W = require "lib.work"
local E = require "lib.education"
local C = require "lib.compliance"
local T = require "lib.tools"
local sectors = require "sectors"

-- work[] read once: copies of the entries with their classification (see lib/work.lua)
fact("roles", function(c, f, p)
  return W.roles(c, p)
end)

-- Years in the sales / leadership roles of work[], counted once per candidate:
-- { years, count = roles counted, left_out = roles with unreadable dates, reversed =
-- roles ending before they start, future = roles starting after the as-of date }
fact("sales_history", function(c, f, p)
  return W.history(f.roles, "sales")
end)

fact("leadership_history", function(c, f, p)
  return W.history(f.roles, "leadership")
end)

-- Why work[] gave no roles at all: nil when it was not given (or empty).
local function unread_work(c, roles)
  local work = c.work
  if work == nil then return nil end
  if type(work) ~= "table" then return "work could not be read (not a list of roles)" end
  if roles.unread > 0 then return "work[] entries could not be read (not objects)" end
  if next(work) ~= nil then return "work could not be read (an object, not a list of roles)" end
  return nil
end

-- "1 with unreadable dates, 1 ending before it starts, 1 starting after the as-of date"
local function left_out_text(h)
  local parts = {}
  if h.left_out > 0 then parts[#parts + 1] = h.left_out .. " with unreadable dates" end
  if h.reversed > 0 then
    parts[#parts + 1] = h.reversed .. (h.reversed == 1 and " ending before it starts" or " ending before they start")
  end
  if h.future > 0 then parts[#parts + 1] = h.future .. " starting after the as-of date " .. sl.as_of end
  return table.concat(parts, ", ")
end

-- "from 3 sales roles in work[]; left out: 1 with unreadable dates"
local function roles_note(c, roles, history, kind, field)
  local note
  if history.count == 0 then
    if roles[1] == nil then
      return unread_work(c, roles) or string.format("no %s field and no work[] roles", field)
    end
    if history.left_out + history.reversed + history.future == 0 then
      note = string.format("no %s roles in work[]", kind)
    else
      note = string.format("no %s role in work[] counted; left out: %s", kind, left_out_text(history))
    end
  else
    -- (concatenation, not string.format: this runs for every candidate with work[])
    note = "from " .. F.plural(history.count, kind .. " role") .. " in work[]"
    if history.left_out + history.reversed + history.future > 0 then
      note = note .. "; left out: " .. left_out_text(history)
    end
  end
  if roles.unread > 0 then
    note = note .. "; " .. roles.unread .. (roles.unread == 1 and " work[] entry" or " work[] entries")
      .. " not read (not objects)"
  end
  return note
end

-- "1 role starting after the as-of date 2026-01-01 left out", or nil: said by the rules
-- whose work[] data (sector, team, quota) is missing
fact("future_note", function(c, f, p)
  local n = f.roles.future
  if n == 0 then return nil end
  return F.plural(n, "role") .. " starting after the as-of date " .. sl.as_of .. " left out"
end)

-- sales-experience
fact("sales_years", function(c, f, p)
  return F.num(c.sales_years) or f.sales_history.years
end)

fact("sales_years_note", function(c, f, p)
  if F.num(c.sales_years) then return nil end
  return roles_note(c, f.roles, f.sales_history, "sales", "sales_years")
end)

-- leadership
fact("leadership_years", function(c, f, p)
  return F.num(c.leadership_years) or f.leadership_history.years
end)

fact("leadership_years_note", function(c, f, p)
  if F.num(c.leadership_years) then return nil end
  return roles_note(c, f.roles, f.leadership_history, "leadership", "leadership_years")
end)

-- track-record and the adjacent-sector allowance: a flat ratio, else the average of
-- the latest three roles (by startDate) that give one ({ average, count }, or nil)
fact("work_quota", function(c, f, p)
  return W.quota(f.roles, 3)
end)

fact("quota_attainment", function(c, f, p)
  local flat = F.num(c.quota_attainment)
  if flat then return flat end
  return f.work_quota and f.work_quota.average
end)

fact("quota_note", function(c, f, p)
  if F.num(c.quota_attainment) then return nil end
  local q = f.work_quota
  if q == nil then return nil end
  if q.count == 1 then return "from the one role in work[] that gives one" end
  return string.format("average of the latest %d roles in work[] that give one", q.count)
end)

-- team-scale: the largest team led
fact("team_size", function(c, f, p)
  return F.num(c.team_size) or W.largest_team(f.roles)
end)

-- sector-fit, fs-compliance: the sectors worked in, as given (nil when none is known)
fact("sectors", function(c, f, p)
  local list = c.sector ~= nil and F.strings(c.sector) or {}
  if c.sectors ~= nil then
    local more = F.strings(c.sectors)
    for i = 1, #more do list[#list + 1] = more[i] end
  end
  if list[1] == nil and c.industry ~= nil then list = F.strings(c.industry) end
  if list[1] == nil then list = W.industries(f.roles) end
  if list[1] == nil then return nil end
  return list
end)

-- degree, advanced-degree
fact("education", function(c, f, p)
  return E.summary(c, p)
end)

-- fs-compliance
fact("fs_experience", function(c, f, p)
  local list = f.sectors
  if list == nil then return false end
  for i = 1, #list do
    if sectors.is(list[i], p.compliance_sector) then return true end
  end
  return false
end)

fact("compliance_evidence", function(c, f, p)
  return C.evidence(c, f.roles, p)
end)

-- sales-tech
fact("sales_tool", function(c, f, p)
  return T.find(c, p)
end)

-- salary-band: base salary expected, top level or in basics
fact("salary_expectation", function(c, f, p)
  local v = F.num(c.salary_expectation)
  if v == nil and type(c.basics) == "table" then v = F.num(c.basics.salary_expectation) end
  return v
end)
