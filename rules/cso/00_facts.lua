-- rules/cso/00_facts.lua: the facts every CSO rule reads, from either record shape.
-- A flat field wins when present; otherwise the value comes from the JSON Resume parts.
-- (This file sorts first, so the facts exist before any rule file refers to them.)
local F = require "lib.fields"
local W = require "lib.work"
local E = require "lib.education"
local C = require "lib.compliance"
local T = require "lib.tools"
local SN = require "lib.sector_names"

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
  if roles.unread then return "work[] entries could not be read (not objects)" end
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

-- "from 3 sales roles in work[]", made at load time for the common counts
local FROM = { sales = {}, leadership = {} }
for kind, t in pairs(FROM) do
  for n = 1, 20 do t[n] = "from " .. F.plural(n, kind .. " role") .. " in work[]" end
end

-- "from 3 sales roles in work[]; left out: 1 with unreadable dates"
local function roles_note(c, roles, history, kind, field)
  local note
  if history.count == 0 then
    if roles[1] == nil then
      return unread_work(c, roles) or (field and string.format("no %s field and no work[] roles", field) or "no work[] roles")
    end
    if history.left_out + history.reversed + history.future == 0 then
      note = string.format("no %s roles in work[]", kind)
    else
      note = string.format("no %s role in work[] counted; left out: %s", kind, left_out_text(history))
    end
  else
    -- (concatenation, not string.format: this runs for every candidate with work[])
    note = FROM[kind][history.count] or ("from " .. F.plural(history.count, kind .. " role") .. " in work[]")
    if history.left_out + history.reversed + history.future > 0 then
      note = note .. "; left out: " .. left_out_text(history)
    end
  end
  local unread = roles.unread
  if unread then
    note = note .. "; " .. unread .. (unread == 1 and " work[] entry" or " work[] entries")
      .. " not read (not objects)"
  end
  return note
end


-- Flat number fields (F.flat): the number, or nil when missing or unreadable; the note
-- says when it was read from more than a number ("read from '12+'") or could not be read
-- ("sales_years '12ish' could not be read"). An unreadable flat value is treated as
-- absent: the value comes from work[] as if the field were not there.
local flat = F.flat

-- A flat years field when it reads as a number, else the years of the work[] history.
local function years_of(c, key, history)
  local v = c[key]
  if v ~= nil then
    local n = flat(v, key, "years")
    if n then return n end
  end
  return history.years
end

-- sales-experience
fact("sales_years", function(c, f, p)
  return years_of(c, "sales_years", f.sales_history)
end)

-- "from 3 sales roles in work[]", "read from '12+'", "sales_years 'x' could not be read; ..."
local function years_note(c, f, key, history, kind)
  local v = c[key]
  if v ~= nil then
    local n, note = flat(v, key, "years")
    if n then return note end
    if note then
      return note .. "; " .. roles_note(c, f.roles, history, kind, nil)
    end
  end
  return roles_note(c, f.roles, history, kind, key)
end

fact("sales_years_note", function(c, f, p)
  return years_note(c, f, "sales_years", f.sales_history, "sales")
end)

-- leadership
fact("leadership_years", function(c, f, p)
  return years_of(c, "leadership_years", f.leadership_history)
end)

fact("leadership_years_note", function(c, f, p)
  return years_note(c, f, "leadership_years", f.leadership_history, "leadership")
end)

-- track-record and the adjacent-sector allowance: a flat ratio, else the average of
-- the latest three roles (by startDate) that give one ({ average, count, percentages },
-- or nil)
fact("work_quota", function(c, f, p)
  return W.quota(f.roles, 3)
end)

fact("quota_attainment", function(c, f, p)
  local v = c.quota_attainment
  if v ~= nil then
    local n = flat(v, "quota_attainment", "quota")
    if n then return n end
  end
  return f.work_quota and f.work_quota.average
end)

local AVERAGE_OF = {
  [2] = "average of the latest 2 roles in work[] that give one",
  [3] = "average of the latest 3 roles in work[] that give one",
}

fact("quota_note", function(c, f, p)
  local v = c.quota_attainment
  local unread
  if v ~= nil then
    local n, note = flat(v, "quota_attainment", "quota")
    if n then return note end
    unread = note
  end
  local q = f.work_quota
  local note
  if q then
    if q.count == 1 then
      note = "from the one role in work[] that gives one"
    else
      note = AVERAGE_OF[q.count] or string.format("average of the latest %d roles in work[] that give one", q.count)
    end
    if q.percentages > 0 then
      note = note .. string.format("; %d given as a percentage", q.percentages)
    end
  end
  if unread and note then return unread .. "; " .. note end
  return unread or note
end)

-- team-scale: the largest team led
fact("team_size", function(c, f, p)
  local v = c.team_size
  if v ~= nil then
    local n = flat(v, "team_size", "team")
    if n then return n end
  end
  return W.largest_team(f.roles)
end)

fact("team_note", function(c, f, p)
  local v = c.team_size
  if v == nil then return nil end
  local _, note = flat(v, "team_size", "team")
  return note
end)

-- sector-fit, fs-compliance: the sectors worked in, as given (nil when none is known)
fact("sectors", function(c, f, p)
  local list
  if c.sector ~= nil or c.sectors ~= nil then
    list = c.sector ~= nil and F.strings(c.sector) or {}
    if c.sectors ~= nil then
      local more = F.strings(c.sectors)
      for i = 1, #more do list[#list + 1] = more[i] end
    end
    if list[1] ~= nil then return list end
  end
  if c.industry ~= nil then
    list = F.strings(c.industry)
    if list[1] ~= nil then return list end
  end
  list = W.industries(f.roles) -- (the resume records' way: no flat field)
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
  -- (a name that combines sectors is also read as its parts: lib/sector_names.lua)
  return SN.find_in(list, p.compliance_sector, p) ~= nil
end)

fact("compliance_evidence", function(c, f, p)
  -- roles without an industry of their own are financial-services roles when the flat
  -- sector says the candidate worked in financial services
  local flat_fs = (c.sector ~= nil or c.sectors ~= nil or c.industry ~= nil) and f.fs_experience
  return C.evidence(c, f.roles, p, flat_fs)
end)

-- sales-tech
fact("sales_tool", function(c, f, p)
  return T.find(c, p)
end)

-- salary-band: base salary expected, top level or in basics; the note as for the flat
-- numbers above (an unreadable top-level value gives way to basics)
local function salary(c)
  local v = c.salary_expectation
  local n, note
  if v ~= nil then
    n, note = flat(v, "salary_expectation", "salary")
    if n then return n, note end
  end
  local basics = c.basics
  if type(basics) == "table" and basics.salary_expectation ~= nil then
    local n2, note2 = flat(basics.salary_expectation, "basics.salary_expectation", "salary")
    if n2 or note == nil then return n2, note2 end
  end
  return nil, note
end

fact("salary_expectation", function(c, f, p)
  return (salary(c))
end)

fact("salary_note", function(c, f, p)
  local _, note = salary(c)
  return note
end)
