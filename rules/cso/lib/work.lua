-- rules/cso/lib/work.lua: the JSON Resume side: work[] roles, their classification as
-- sales or leadership roles, durations, and the extension fields industry, team_size and
-- quota_attainment. Functions take the role list made by M.roles (the `roles` fact), so
-- work[] is read and classified once per candidate.
local F = require "lib.fields"

-- Locals, not F.x / M.x: after loading, modules are read-only proxies, and these run for
-- every role of every candidate.
local str, num, quota, lenient = F.str, F.num, F.quota, F.lenient
local sl_years, sl_date = sl.years, sl.date

local M = {}

-- End dates that mean "still in this role".
local CURRENT = { present = true, current = true, now = true, ongoing = true, today = true }

-- (sl.matches directly, not F.match: these run for every role, and the keyword params
-- are always lists or strings - --set and test cases cannot change their type)
local matches, find, lower, gsub, sub = sl.matches, string.find, string.lower, string.gsub, string.sub

-- The keyword lists of a kind joined once per run (sl.derive), exclusions first, with the
-- set of exclusion words: sl.matches answers with the first word of a list that a title
-- holds, so one call tells "an exclusion" (the word is in `excluded`), "a keyword", or
-- neither (one call where two were made: the dearer part of a call is the call).
local function joined(exclusions, keywords)
  local list, excluded = {}, {}
  for _, w in ipairs(F.words(exclusions)) do
    if type(w) == "string" then
      list[#list + 1] = w
      excluded[w] = true
    end
  end
  for _, w in ipairs(F.words(keywords)) do
    if type(w) == "string" and not excluded[w] then list[#list + 1] = w end
  end
  return { list = list, excluded = excluded }
end

local words_of = sl.derive(function(p)
  return {
    sales = joined(p.sales_role_exclusions, p.sales_role_keywords),
    leadership = joined(p.leadership_role_exclusions, p.leadership_role_keywords),
  }
end)

-- "Executive Assistant to the VP of Sales" is an executive assistant: in a title that holds
-- an exclusion, what follows " to " names whom they work for and is not read.
-- (s is in lower case, so a plain search finds " to " as written in any case: a plain
-- search is far cheaper than a pattern.)
local function before_to(s)
  local i = find(s, " to ", 1, true)
  if i then return sub(s, 1, i - 1) end
  return s
end

-- A keyword matched only as an acronym in parentheses after other words abbreviates
-- those words and does not count on its own ("Chief Risk Officer (CRO)" is a chief risk
-- officer, not a CRO). Only short keywords (up to 4 letters: cro, cso, vp, ae...) can be
-- such an acronym, so only they lead to a second look.
local function without_acronyms(title)
  if not find(title, "(", 1, true) then return nil end
  local rest = gsub(title, "%s*%(%u%u%u?%u?%)", "")
  if rest == title or not find(rest, "%a") then return nil end
  return rest
end

-- A sales role: the title holds a sales_role_keywords word, and no sales_role_exclusions
-- phrase (an exclusion wins: "Revenue Accountant", "Commercial Pilot", "Sales Intern").
-- list, excluded: the joined sales lists (read out of the derived table once per
-- candidate, not once per role).
local function sales_role(title, list, excluded)
  local ok, word = matches(title, list)
  if not ok or excluded[word] then return false end
  if #word <= 4 then
    local rest = without_acronyms(title)
    if rest then return sales_role(rest, list, excluded) end
  end
  return true
end

-- A leadership role: the title holds a leadership_role_keywords word outside the
-- leadership_role_exclusions phrases (individual-contributor titles, assistants): "Key
-- Account Manager" is not leadership, "Regional Sales Director & Key Account Manager" is.
-- list, excluded: the joined leadership lists.
local function leadership_role(title, list, excluded)
  local ok, word = matches(title, list)
  if not ok then return false end
  if not excluded[word] then
    if #word <= 4 then
      local rest = without_acronyms(title)
      if rest then return leadership_role(rest, list, excluded) end
    end
    return true
  end
  -- (rare) an exclusion: without what follows " to ", take the exclusion phrases out
  -- one by one, then look again
  local rest = before_to(lower(title))
  for _ = 1, 20 do
    ok, word = matches(rest, list)
    if not ok then return false end
    if not excluded[word] then return true end
    local phrase = lower(word)
    local i, j = find(rest, phrase, 1, true)
    if not i then return false end -- matched but not as written: the exclusion stands
    while i do
      rest = sub(rest, 1, i - 1) .. " / " .. sub(rest, j + 1)
      i, j = find(rest, phrase, i + 3, true)
    end
  end
  return false
end

function M.is_sales(title, p)
  local w = words_of(p).sales
  return sales_role(title, w.list, w.excluded)
end

function M.is_leadership(title, p)
  local w = words_of(p).leadership
  return leadership_role(title, w.list, w.excluded)
end

local odd_date, after_key, later_than_as_of = F.odd_date, F.after_key, F.later_than_as_of

-- Fresh copies of the candidate's work[] entries in a shape sl.years reads (startDate;
-- endDate nil when current, "Present"/"current" read as current, false when unreadable),
-- with the fields the pack uses and the classification: sales = true/false,
-- leadership = true/false, future = true when the role starts after the as-of month.
-- Future roles stay in the list (so notes can count them), but nothing reads their
-- dates, sector, team, quota or text. Also on the list, only when not 0: `future` (how
-- many such roles) and `unread` (work[] entries that are not objects); set after the
-- loop, so the common list stays a plain array. The candidate is never modified.
function M.roles(c, p)
  local out = {}
  local work = c.work
  if type(work) ~= "table" then return out end
  local future_n, unread_n = 0, 0
  local words = words_of(p)
  local sales_list, sales_excluded = words.sales.list, words.sales.excluded
  local leading_list, leading_excluded = words.leadership.list, words.leadership.excluded
  local after
  local n = 0
  local i, e = 1, work[1]
  while e ~= nil do
    if type(e) == "table" then
      -- (each field is read only when present: a call that would only say nil costs as
      -- much as one that reads a value)
      local v = e.endDate
      local stop
      if v ~= nil then
        stop = str(v)
        if stop then
          -- (a date starts with a digit, so it sorts before ":" (byte order: shortlist
          -- sets no locale); only words are looked up, lower-cased)
          if stop >= ":" and CURRENT[lower(stop)] then stop = nil end
        else
          stop = odd_date(v)
        end
      end
      v = e.startDate
      local start
      if v ~= nil then start = str(v) or odd_date(v) end
      local future = false
      if start then
        after = after or after_key(p)
        if start > after then future = later_than_as_of(start) end
      end
      local position = str(e.position) or str(e.title) or ""
      -- team_size and quota_attainment as the flat fields read them (F.flat): "50+",
      -- "1.1x", a quota above 5 as a percentage; unreadable ones are left out
      v = e.team_size
      local team
      if v ~= nil then team = num(v) or lenient(v, "team") end
      v = e.quota_attainment
      local q, how
      if v ~= nil then
        q = num(v)
        if q == nil or q > 5 then q, how = quota(v) end
      end
      n = n + 1
      out[n] = {
        index = i,
        startDate = start,
        endDate = stop,
        position = position,
        company = str(e.name) or str(e.company) or str(e.organization),
        industry = str(e.industry) or str(e.sector),
        team_size = team,
        quota_attainment = q,
        quota_percentage = how == "percentage" or nil, -- (nil, not false: no key made)
        sales = sales_role(position, sales_list, sales_excluded),
        leadership = leadership_role(position, leading_list, leading_excluded),
        future = future or nil,
      }
      if future then future_n = future_n + 1 end
    else
      unread_n = unread_n + 1
    end
    i = i + 1
    e = work[i]
  end
  if future_n > 0 then out.future = future_n end
  if unread_n > 0 then out.unread = unread_n end
  return out
end

-- "1 role starting after the as-of date 2026-01-01 left out", or nil: said by the rules
-- whose work[] data (sector, team, quota) is missing.
function M.future_note(roles)
  local n = roles.future
  if not n then return nil end
  return F.plural(n, "role") .. " starting after the as-of date " .. sl.as_of .. " left out"
end

-- The role's end is before its start (both readable).
local function reversed(r)
  if not (r.startDate and r.endDate) then return false end
  local a, b = sl_date(r.startDate), sl_date(r.endDate)
  if not (a and b) then return false end
  if a.year ~= b.year then return b.year < a.year end
  return (b.month or 12) < (a.month or 1)
end

-- Years in the roles whose `kind` ("sales" or "leadership") is true (sl.years: inclusive
-- months, overlaps once, open ends run to the as-of month), as
-- { years = , count = roles counted, left_out = roles with unreadable dates,
--   reversed = roles whose end is before their start, future = roles starting after
--   the as-of month }; count holds only the roles counted.
function M.history(roles, kind)
  local picked, future = {}, 0
  for i = 1, #roles do
    local r = roles[i]
    if r[kind] then
      if r.future then future = future + 1 else picked[#picked + 1] = r end
    end
  end
  if picked[1] == nil then return { years = 0, count = 0, left_out = 0, reversed = 0, future = future } end
  local years, left_out = sl_years(picked) -- no pred: every entry given counts
  local h = { years = years or 0, count = #picked, left_out = 0, reversed = 0, future = future }
  if left_out and left_out > 0 then
    -- which roles were left out, and why (rare: one sl.years per role)
    for i = 1, #picked do
      local r = picked[i]
      local _, out = sl_years({ r })
      if out and out > 0 then
        h.count = h.count - 1
        if reversed(r) then h.reversed = h.reversed + 1 else h.left_out = h.left_out + 1 end
      end
    end
  end
  return h
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

-- Quota attainment: the average over the latest `n` roles that give one (future roles
-- aside), as
-- { average = , count = roles averaged, percentages = how many of them were numbers
-- above 5 read as percentages }, or nil when no role gives one. The latest n
-- are picked by insertion (n is small), latest first as `later` orders them.
function M.quota(roles, n)
  local top, keys, count = {}, {}, 0
  for i = 1, #roles do
    local r = roles[i]
    if r.quota_attainment and not r.future then
      local k = start_key(r)
      local at = count + 1
      while at > 1 and later(r, top[at - 1], k, keys[at - 1]) do at = at - 1 end
      if at <= n then
        -- in at `at`, the ones after it moved up, the n+1th dropped (moved by hand:
        -- table.insert is a call for what is a move or two here)
        for j = count < n and count or n - 1, at, -1 do
          top[j + 1], keys[j + 1] = top[j], keys[j]
        end
        top[at], keys[at] = r, k
        if count < n then count = count + 1 end
      end
    end
  end
  if count == 0 then return nil end
  local sum, percentages = 0, 0
  for i = 1, count do
    sum = sum + top[i].quota_attainment
    if top[i].quota_percentage then percentages = percentages + 1 end
  end
  return { average = sum / count, count = count, percentages = percentages }
end

-- The largest team_size given on a role (future roles aside), or nil.
function M.largest_team(roles)
  local best
  for i = 1, #roles do
    local r = roles[i]
    if r.team_size and not r.future and (best == nil or r.team_size > best) then best = r.team_size end
  end
  return best
end

-- The industries given on roles (future roles aside), in listed order, without repeats.
function M.industries(roles)
  local out, seen = {}, {}
  for i = 1, #roles do
    local r = roles[i]
    local key = r.industry and not r.future and lower(r.industry)
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
