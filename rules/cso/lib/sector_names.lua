-- rules/cso/lib/sector_names.lua: sector names that combine several sectors.
--
-- "SaaS / Payments", "Banking/Insurance", "SaaS, Fintech", "Enterprise software (SaaS)":
-- the `sectors` module compares a whole name (an alias must be the whole name), so such a
-- name is also read as its parts, and the best part counts. A name is split at / , ; & +
-- | and parentheses and at the word "and"; each part is also tried without filler words
-- that describe the company rather than its sector (sector_filler_words: "SaaS Startup"
-- reads "SaaS"), and, when it is two or three words, with its spaces closed ("Fin Serv"
-- reads "FinServ"). The whole name is always tried first, so "Property and Casualty" or
-- "Banking Software" keep their meaning.
local F = require "lib.fields"
local sectors = require "sectors"

local matches, find, gsub, lower = sl.matches, string.find, string.gsub, string.lower

local M = {}

-- The filler words as a list for sl.matches (strings only), made once per run.
local filler_of = sl.derive(function(p)
  local out = {}
  for _, w in ipairs(F.words(p.sector_filler_words)) do
    if type(w) == "string" then out[#out + 1] = w end
  end
  return out
end)

-- Adds the forms of one part (a trimmed string) to out, remembering the name it is from.
local function add_forms(out, from, part, name, filler)
  if not from[part] then
    out[#out + 1] = part
    from[part] = name
  end
  local ok = filler[1] ~= nil and matches(part, filler)
  if ok then
    local rest = " " .. lower(part) .. " "
    for _, w in ipairs(filler) do
      local plain = lower(w)
      local i, j = find(rest, " " .. plain .. " ", 1, true)
      while i do
        rest = rest:sub(1, i) .. rest:sub(j + 1)
        i, j = find(rest, " " .. plain .. " ", 1, true)
      end
    end
    rest = sl.text(rest)
    if rest and not from[rest] then
      out[#out + 1] = rest
      from[rest] = name
    end
  end
  local gaps = select(2, gsub(part, "%s+", " "))
  if gaps >= 1 and gaps <= 2 then -- two or three words
    local closed = gsub(part, "%s+", "")
    if not from[closed] then
      out[#out + 1] = closed
      from[closed] = name
    end
  end
end

-- The names of `list` with the parts and forms of those that hold more than one word:
-- a list for sectors.best, and `from`: each added string -> the name it came from.
-- Names the taxonomy knows as a whole (sectors.canonical) and one-word names are not
-- split.
local normalise = sectors.normalise

-- The taxonomy's canonical names as a set, made once when the pack loads (the taxonomy
-- does not change during a run): CANONICAL[normalise(name)] is sectors.canonical(name)
-- without normalising the name a second time. Normalising a name the taxonomy does not
-- know ("Energy") is one of the dearer calls this pack makes.
local CANONICAL = {}
for _, name in ipairs(sectors.names()) do CANONICAL[name] = true end

-- The name holds more than one word and is not a sector the taxonomy knows as a whole.
local function splittable(name)
  local n = normalise(name)
  return n ~= nil and not CANONICAL[n] and find(n, " ", 1, true) ~= nil
end

function M.expand(list, p)
  local out, from = {}, {}
  local filler = filler_of(p)
  for i = 1, #list do
    local name = list[i]
    out[#out + 1] = name
    from[name] = from[name] or name
  end
  for i = 1, #list do
    local name = list[i]
    if splittable(name) then
      local s = gsub(name, "[/,;&+()]", "|")
      s = gsub(s, "%f[%a][Aa][Nn][Dd]%f[%A]", "|")
      local parts = 0
      for part in s:gmatch("[^|]+") do
        part = sl.text(part)
        if part then
          parts = parts + 1
          add_forms(out, from, part, name, filler)
        end
      end
      if parts == 0 then add_forms(out, from, name, name, filler) end
    end
  end
  return out, from
end

-- sectors.best over the names, and when that finds no core sector, over their parts
-- too: kind, the name or part that matched, the matched sector name, and the name the
-- part is from (nil when the name itself matched).
function M.best(list, p)
  local kind, s, name = sectors.best(list, p)
  if kind == "core" then return kind, s, name end
  local any = false
  for i = 1, #list do
    if splittable(list[i]) then any = true break end
  end
  if not any then return kind, s, name end
  local more, from = M.expand(list, p)
  if #more == #list then return kind, s, name end
  local kind2, s2, name2 = sectors.best(more, p)
  if kind2 == "core" or (kind2 == "adjacent" and kind == nil) then
    local whole = from[s2]
    return kind2, s2, name2, whole ~= s2 and whole or nil
  end
  return kind, s, name
end

-- A name of `list`, or one of its parts, is the sector `target` (sectors.is): the name
-- (or part) and the name it is from, or nil.
function M.find_in(list, target, p)
  for i = 1, #list do
    if sectors.is(list[i], target) then return list[i] end
  end
  local more, from = M.expand(list, p)
  for i = #list + 1, #more do
    if sectors.is(more[i], target) then return more[i], from[more[i]] end
  end
  return nil
end

return M
