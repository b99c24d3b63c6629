-- rules/cso/lib/education.lua: degrees from a flat record (degree, field, mba) or from
-- JSON Resume education[] (studyType, area).
local F = require "lib.fields"

local str = F.str
local odd_date, after_key, later_than_as_of = F.odd_date, F.after_key, F.later_than_as_of

local M = {}

-- education[] end dates that mean "still studying"
local CURRENT = { present = true, current = true, now = true, ongoing = true, today = true }

local RANK = { none = 0, below = 1, unknown = 1.5, bachelor = 2, master = 3, doctorate = 4 }
M.RANK = RANK

local sfind = string.find

-- s holds a dot, an apostrophe or a \u{2019} (whose first byte is \226).
-- (three plain finds: far cheaper than one search for a set of characters)
local function has_marks(s)
  return sfind(s, ".", 1, true) or sfind(s, "'", 1, true) or sfind(s, "\226", 1, true)
end

-- Degree names are compared with dots and apostrophes removed ("B.Sc." -> "bsc",
-- "Master's" -> "masters") and also as written, so keyword lists may use either form.
-- Returns the lower-case name and its plain form. marks: false when the caller has
-- found that the name holds none of those characters.
local function forms(s, marks)
  local lower = s:lower()
  if marks == false or not has_marks(lower) then return lower, lower end
  return lower, (lower:gsub("\u{2019}", ""):gsub("[%.']", ""))
end

-- The keyword of `list` found in a degree name (given in both forms), or nil.
-- (sl.matches directly, not F.match: the keyword params are always lists - --set and
-- test cases cannot change their type - and this runs a few times for every degree)
local matches = sl.matches
local function find(lower, plain, list)
  local _, w = matches(plain, list)
  if w == nil and plain ~= lower then _, w = matches(lower, list) end
  return w
end

-- The five level lists joined once per run (sl.derive), in the order the levels are
-- tried, with the level of each word: sl.matches answers with the first word of the
-- list found in the name, so one call gives the first level that any word of finds, as
-- five calls in turn would. (The plain and the written form are each looked up, and the
-- earlier level wins.) `all` has non_degree_keywords and unfinished_keywords in front
-- (level "nd", with `kind` saying which list): one call finds either, and only a name
-- that holds one of them is looked up again in `list`, the levels alone.
local LEVELS = { "doctorate", "master", "bachelor", "none", "below" }
local levels_of = sl.derive(function(p)
  local all, list, level, rank, kind = {}, {}, {}, {}, {}
  local function add(w, lv, r)
    if type(w) == "string" and not level[w] then
      all[#all + 1] = w
      if r > 0 then list[#list + 1] = w end
      level[w], rank[w] = lv, r
    end
  end
  for _, w in ipairs(F.words(p.non_degree_keywords)) do add(w, "nd", 0); kind[w] = kind[w] or "non-degree" end
  for _, w in ipairs(F.words(p.unfinished_keywords)) do add(w, "nd", 0); kind[w] = kind[w] or "unfinished" end
  local lists = { p.doctorate_keywords, p.master_keywords, p.bachelor_keywords,
    p.no_degree_keywords, p.below_bachelor_keywords }
  for i = 1, 5 do
    for _, w in ipairs(F.words(lists[i])) do add(w, LEVELS[i], i) end
  end
  return { all = all, list = list, level = level, rank = rank, kind = kind }
end)

-- The first word of `words` in the name (either form), the earlier level winning.
local function first_word(lower, plain, words, rank)
  local _, w = matches(plain, words)
  if plain ~= lower then
    local _, w2 = matches(lower, words)
    if w2 and (not w or rank[w2] < rank[w]) then w = w2 end
  end
  return w
end

-- The level a name reads as, and the non_degree_keywords / unfinished_keywords word it
-- holds (or nil), with that word's list ("non-degree" or "unfinished").
local function level_of(lower, plain, p)
  local L = levels_of(p)
  local w = first_word(lower, plain, L.all, L.rank)
  if w == nil then return "unknown" end
  local level = L.level[w]
  if level ~= "nd" then return level end
  local w2 = first_word(lower, plain, L.list, L.rank)
  return w2 and L.level[w2] or "unknown", w, L.kind[w]
end

-- Classifies an entry (its degree name's forms computed once):
--   level    doctorate | master | bachelor | none | below, or unknown (no name given, or a
--            name that matches no keyword list: "not recognised")
--   mba      the name matches mba_keywords (and the degree is a completed one)
--   related  the related_fields keyword found in the area, else in the name, or nil
--   why      when a name that reads as a degree (or is not recognised) is not one: a
--            certificate or course, or a degree not completed; the level is then "below"
--            (and `claimed` the level the name reads as)
local function classify(e, p)
  -- (most names hold no dot or apostrophe: one search over the degree name and the field
  -- together tells so, where each name apart takes a search of its own)
  local marks
  if e.study and e.area then marks = has_marks(e.study .. e.area) and true or false end
  local lower, plain
  if e.study then lower, plain = forms(e.study, marks) end
  e.lower = lower
  local level, nd, nd_kind = "unknown", nil, nil
  if lower then level, nd, nd_kind = level_of(lower, plain, p) end
  e.level = level
  e.mba = lower ~= nil and find(lower, plain, p.mba_keywords) ~= nil
  if level ~= "below" and level ~= "none" then
    local why
    if nd then
      if nd_kind == "non-degree" then
        why = string.format("a certificate, course or diploma ('%s'), not a degree", nd)
      else
        why = string.format("not completed ('%s')", nd)
      end
    end
    local stop = e.ends
    if not why and stop and stop > after_key(p) then
      if later_than_as_of(stop) then
        why = string.format("not completed (ends %s, after the as-of date %s)", stop, sl.as_of)
      elseif CURRENT[stop:lower()] then
        why = string.format("not completed (endDate '%s')", stop)
      end
    end
    if why then
      e.claimed, e.level, e.mba, e.why = level, "below", false, why
    end
  end
  local related
  if e.area then
    local alower, aplain = forms(e.area, marks)
    e.alower = alower
    related = find(alower, aplain, p.related_fields)
    -- "N/A", "none": no field given
    if related == nil and find(alower, aplain, p.no_degree_keywords) then e.area = nil end
  end
  if related == nil and lower then related = find(lower, plain, p.related_fields) end
  e.related = related
end

-- "Bachelor of Science in Computer Science" / "MBA" / "degree in Business"
function M.describe(e)
  local study = e.study or "degree (type not given)"
  if e.area then
    -- (the lower-case forms classify made, when it did)
    local sl_, al = e.lower or study:lower(), e.alower or e.area:lower()
    if not sfind(sl_, al, 1, true) then return study .. " in " .. e.area end
  end
  return study
end

-- An education[] entry's endDate as a string date, or nil (missing or unreadable).
local function ends(e)
  local v = e.endDate
  if v == nil then return nil end
  return str(v) or odd_date(v) or nil
end

-- The candidate's degrees: a list of { study, area, ends, level, mba, related, why } and
-- whether any education was listed at all. Flat `degree`/`field` win over education[]; a
-- flat `field` (or `major`) is the field of the education[] entries that give none; a
-- flat `mba: true` adds an MBA to either. education given as one object is a list of one.
function M.entries(c, p)
  local list = {}
  local flat = c.degree
  local study = flat ~= nil and str(flat) -- (no call for what is absent: most records)
  if study then
    list[#list + 1] = { study = study, area = str(c.field) or str(c.major) }
  elseif flat == false then
    list[#list + 1] = { study = "none", area = nil }
  elseif flat == true then
    list[#list + 1] = { study = nil, area = str(c.field) or str(c.major) }
  elseif type(c.education) == "table" then
    local education = c.education
    local one = education[1] == nil and next(education) ~= nil
    if one then education = { education } end
    local i, e = 1, education[1]
    local field
    while e ~= nil do
      if type(e) == "table" then
        local area = str(e.area) or str(e.field)
        if area == nil then
          if field == nil then field = str(c.field) or str(c.major) or false end
          area = field or nil
        end
        list[#list + 1] = { study = str(e.studyType) or str(e.degree), area = area, ends = ends(e) }
      elseif str(e) then
        list[#list + 1] = { study = str(e) }
      end
      i = i + 1
      e = education[i]
    end
  end
  if c.mba ~= nil and F.bool(c.mba) == true then
    list[#list + 1] = { study = "MBA", area = nil }
  end
  for i = 1, #list do classify(list[i], p) end
  return list, list[1] ~= nil
end

-- b ranks above a (or there is no a)
local function better(a, b) return a == nil or RANK[b.level] > RANK[a.level] end

-- Sums up what the degree rules need:
--   listed       any education given at all
--   related      best bachelor-or-higher entry in a related field (or nil)
--   other        best bachelor-or-higher entry in another field (or nil)
--   unknown      an entry whose degree type is not given or not recognised (or nil)
--   highest      highest entry below a bachelor's, incl. "none" (or nil)
--   advanced     an MBA, master's or doctorate entry (MBA first), or nil
--   unfinished   the first entry that names an MBA, master's or doctorate but is not a
--                completed degree (why says why), or nil
function M.summary(c, p)
  local list, listed = M.entries(c, p)
  local s = { listed = listed }
  for i = 1, #list do
    local e = list[i]
    local r = RANK[e.level]
    if r >= RANK.bachelor then
      if e.related or e.mba then
        if better(s.related, e) then s.related = e end
      elseif better(s.other, e) then
        s.other = e
      end
    elseif e.level == "unknown" then
      s.unknown = s.unknown or e
    elseif better(s.highest, e) then
      s.highest = e
    end
    if e.mba then
      if not (s.advanced and s.advanced.mba) then s.advanced = e end
    elseif r >= RANK.master and not s.advanced then
      s.advanced = e
    end
    if e.why and not s.unfinished and RANK[e.claimed] >= RANK.master then s.unfinished = e end
  end
  return s
end

return M
