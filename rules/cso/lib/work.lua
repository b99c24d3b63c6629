-- rules/cso/lib/work.lua: the JSON Resume side: work[] roles, their classification as
-- sales or leadership roles, durations, and the extension fields industry, team_size and
-- quota_attainment. Functions take the role list made by M.roles (the `roles` fact), so
-- work[] is read and classified once per candidate.
local F = require "lib.fields"

local M = {}

-- End dates that mean "still in this role".
local CURRENT = { present = true, current = true, now = true, ongoing = true, today = true }

function M.is_sales(position, p)
  return F.match(position, p.sales_role_keywords) ~= nil
end

function M.is_leadership(position, p)
  return F.match(position, p.leadership_role_keywords) ~= nil
    and F.match(position, p.leadership_role_exclusions) == nil
end

-- Fresh copies of the candidate's work[] entries in a shape sl.years reads (startDate;
-- endDate nil when current, "Present"/"current" read as current), with the fields the
-- pack uses and the classification: sales = true/false, leadership = true/false.
-- The candidate itself is never modified.
function M.roles(c, p)
  local out = {}
  if type(c.work) ~= "table" then return out end
  for i, e in ipairs(c.work) do
    if type(e) == "table" then
      local stop = F.str(e.endDate)
      if stop and CURRENT[stop:lower()] then stop = nil end
      local position = F.str(e.position) or F.str(e.title) or ""
      out[#out + 1] = {
        index = i,
        startDate = F.str(e.startDate),
        endDate = stop,
        position = position,
        company = F.str(e.name) or F.str(e.company) or F.str(e.organization),
        industry = F.str(e.industry) or F.str(e.sector),
        team_size = F.num(e.team_size),
        quota_attainment = F.num(e.quota_attainment),
        sales = M.is_sales(position, p),
        leadership = M.is_leadership(position, p),
      }
    end
  end
  return out
end

-- Years in the roles whose `kind` ("sales" or "leadership") is true (sl.years: inclusive
-- months, overlaps once, open ends run to the as-of month). Returns years, roles counted,
-- roles left out because their dates could not be read.
function M.years(roles, kind)
  local picked = {}
  for _, r in ipairs(roles) do
    if r[kind] then picked[#picked + 1] = r end
  end
  if picked[1] == nil then return 0, 0, 0 end
  local years, left_out = sl.years(picked, function() return true end)
  return years or 0, #picked, left_out or 0
end

-- Sort key for "latest by startDate": months since year 0, or nil when unreadable.
local function start_key(role)
  if not role.startDate then return nil end
  local d = sl.date(role.startDate)
  if not d then return nil end
  return d.year * 12 + (d.month or 1)
end

-- Roles latest first (by startDate; unreadable starts last, then in listed order).
function M.latest_first(roles)
  local keyed = {}
  for _, r in ipairs(roles) do keyed[#keyed + 1] = { role = r, key = start_key(r) } end
  table.sort(keyed, function(a, b)
    if a.key and b.key then
      if a.key ~= b.key then return a.key > b.key end
    elseif a.key or b.key then
      return a.key ~= nil
    end
    return a.role.index < b.role.index
  end)
  local out = {}
  for i, k in ipairs(keyed) do out[i] = k.role end
  return out
end

-- Quota attainment: the average over the latest `n` roles that give one.
-- Returns average, number of roles averaged; nil, 0 when no role gives one.
function M.quota(roles, n)
  local with = {}
  for _, r in ipairs(roles) do
    if r.quota_attainment then with[#with + 1] = r end
  end
  if with[1] == nil then return nil, 0 end
  local sum, count = 0, 0
  for _, r in ipairs(M.latest_first(with)) do
    if count == n then break end
    sum, count = sum + r.quota_attainment, count + 1
  end
  return sum / count, count
end

-- The largest team_size given on a role, or nil.
function M.largest_team(roles)
  local best
  for _, r in ipairs(roles) do
    if r.team_size and (best == nil or r.team_size > best) then best = r.team_size end
  end
  return best
end

-- The industries given on roles, in listed order, without repeats.
function M.industries(roles)
  local out, seen = {}, {}
  for _, r in ipairs(roles) do
    local key = r.industry and r.industry:lower()
    if key and not seen[key] then
      seen[key] = true
      out[#out + 1] = r.industry
    end
  end
  return out
end

-- The text of a work[] entry that compliance words are looked for in: its summary (or
-- description) and highlights, as an array of strings.
function M.texts(c, role)
  local e = type(c.work) == "table" and c.work[role.index] or nil
  if type(e) ~= "table" then return {} end
  local out = F.strings(e.highlights)
  local summary = F.str(e.summary) or F.str(e.description)
  if summary then out[#out + 1] = summary end
  return out
end

return M
