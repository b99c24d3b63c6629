-- rules/cso/lib/work.lua: the JSON Resume side: work[] roles, their classification as
-- sales or leadership roles, durations, and the extension fields industry, team_size and
-- quota_attainment. Functions take the role list made by M.roles (the `roles` fact), so
-- work[] is read and classified once per candidate.
local F = require "lib.fields"

-- Locals, not F.x / M.x: after loading, modules are read-only proxies, and these run for
-- every role of every candidate.
local str, num = F.str, F.num
local byte = string.byte
local sl_years, sl_date = sl.years, sl.date

local M = {}

-- End dates that mean "still in this role".
local CURRENT = { present = true, current = true, now = true, ongoing = true, today = true }

-- (sl.matches directly, not F.match: these run three times per role, and the keyword
-- params are always lists or strings - --set and test cases cannot change their type)
local matches = sl.matches

local function is_sales(position, p)
  return (matches(position, p.sales_role_keywords))
end
M.is_sales = is_sales

local function is_leadership(position, p)
  return matches(position, p.leadership_role_keywords)
    and not matches(position, p.leadership_role_exclusions)
end
M.is_leadership = is_leadership

-- Fresh copies of the candidate's work[] entries in a shape sl.years reads (startDate;
-- endDate nil when current, "Present"/"current" read as current), with the fields the
-- pack uses and the classification: sales = true/false, leadership = true/false.
-- The candidate itself is never modified.
function M.roles(c, p)
  local out = {}
  local work = c.work
  if type(work) ~= "table" then return out end
  local i, e = 1, work[1]
  while e ~= nil do
    if type(e) == "table" then
      local stop = str(e.endDate)
      -- (a date starts with a digit: only words are looked up, lower-cased)
      if stop and byte(stop) > 57 and CURRENT[stop:lower()] then stop = nil end
      local position = str(e.position) or str(e.title) or ""
      out[#out + 1] = {
        index = i,
        startDate = str(e.startDate),
        endDate = stop,
        position = position,
        company = str(e.name) or str(e.company) or str(e.organization),
        industry = str(e.industry) or str(e.sector),
        team_size = num(e.team_size),
        quota_attainment = num(e.quota_attainment),
        sales = is_sales(position, p),
        leadership = is_leadership(position, p),
      }
    end
    i = i + 1
    e = work[i]
  end
  return out
end

-- Years in the roles whose `kind` ("sales" or "leadership") is true (sl.years: inclusive
-- months, overlaps once, open ends run to the as-of month), as
-- { years = , count = roles counted, left_out = roles left out: unreadable dates }.
function M.history(roles, kind)
  local picked = {}
  for i = 1, #roles do
    local r = roles[i]
    if r[kind] then picked[#picked + 1] = r end
  end
  if picked[1] == nil then return { years = 0, count = 0, left_out = 0 } end
  local years, left_out = sl_years(picked) -- no pred: every entry given counts
  return { years = years or 0, count = #picked, left_out = left_out or 0 }
end

-- Sort key for "latest by startDate": months since year 0, or false when unreadable
-- (false, not nil: the keys are kept in an array beside the roles, and a nil there
-- would leave a hole that table.insert refuses).
local function start_key(role)
  if not role.startDate then return false end
  local d = sl_date(role.startDate)
  if not d then return false end
  return d.year * 12 + (d.month or 1)
end

-- a is later than b: by startDate, unreadable starts (key false) last, then in listed
-- order.
local function later(a, b, ka, kb)
  if ka and kb then
    if ka ~= kb then return ka > kb end
  elseif ka or kb then
    return ka ~= nil
  end
  return a.index < b.index
end

-- Quota attainment: the average over the latest `n` roles that give one, as
-- { average = , count = roles averaged }, or nil when no role gives one. The latest n
-- are picked by insertion (n is small), latest first as `later` orders them.
function M.quota(roles, n)
  local top, keys = {}, {}
  for i = 1, #roles do
    local r = roles[i]
    if r.quota_attainment then
      local k = start_key(r)
      local at = #top + 1
      while at > 1 and later(r, top[at - 1], k, keys[at - 1]) do at = at - 1 end
      if at <= n then
        table.insert(top, at, r)
        table.insert(keys, at, k)
        top[n + 1], keys[n + 1] = nil, nil
      end
    end
  end
  if top[1] == nil then return nil end
  local sum = 0
  for i = 1, #top do sum = sum + top[i].quota_attainment end
  return { average = sum / #top, count = #top }
end

-- The largest team_size given on a role, or nil.
function M.largest_team(roles)
  local best
  for i = 1, #roles do
    local r = roles[i]
    if r.team_size and (best == nil or r.team_size > best) then best = r.team_size end
  end
  return best
end

-- The industries given on roles, in listed order, without repeats.
function M.industries(roles)
  local out, seen = {}, {}
  for i = 1, #roles do
    local r = roles[i]
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
