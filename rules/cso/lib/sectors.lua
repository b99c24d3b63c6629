-- rules/cso/lib/sectors.lua: sector names compared the way a recruiter reads them.
--
-- Interface (kept small on purpose: the `sectors` plugin's taxonomy will replace this
-- module and must offer the same four functions):
--   normalise(s)          -> canonical lower-case name ("SaaS (B2B)" -> "enterprise saas")
--   is_core(sector, p)    -> true, matched name | false   (target_sector or core_sectors)
--   is_adjacent(sector, p)-> true, matched name | false   (adjacent_sectors)
--   is(sector, name)      -> true | false                  (sector is, or is a kind of, name)
--
-- A sector matches a name when the normalised name appears in the normalised sector as
-- whole words: "Enterprise SaaS / HR tech" is "enterprise saas", "IT consulting" is
-- "consulting", "Insurance & financial services" is "financial services".
local F = require "lib.fields"

local M = {}

-- Phrases rewritten inside a name (whole words), in this order.
local PHRASES = {
  { "software as a service", "saas" },
  { "business to business", "b2b" },
  { "financial technology", "fintech" },
  { "fin tech", "fintech" },
  { "financial service", "financial services" },
  { "finserv", "financial services" },
  { "fin services", "financial services" },
  { "bfsi", "financial services" },
}

-- Whole names that mean a canonical sector.
local ALIASES = {
  ["saas"] = "enterprise saas",
  ["b2b saas"] = "enterprise saas",
  ["saas b2b"] = "enterprise saas",
  ["enterprise software"] = "enterprise saas",
  ["enterprise cloud software"] = "enterprise saas",
  ["enterprise saas software"] = "enterprise saas",
  ["finance"] = "financial services",
  ["financial"] = "financial services",
  ["finance and banking"] = "financial services",
  ["banking"] = "financial services",
  ["banking and finance"] = "financial services",
  ["banks"] = "financial services",
  ["b2b sales"] = "b2b",
}

local function replace_words(s, from, to)
  local padded = " " .. s .. " "
  local out, start = {}, 1
  while true do
    local i, j = padded:find(" " .. from .. " ", start, true)
    if not i then break end
    out[#out + 1] = padded:sub(start, i)
    out[#out + 1] = to
    start = j -- keep the trailing space for the next match
  end
  out[#out + 1] = padded:sub(start)
  return F.trim(table.concat(out))
end

-- Words that start one of the PHRASES: a name without any needs no rewriting.
local PHRASE_START = { "software", "business", "financial", "fin", "bfsi" }

local function normalise(s)
  s = s:lower()
  -- the common case, "enterprise saas": lower-case words separated by single spaces
  if not s:find("^[%l%d]+[%l%d ]*$") or s:find("  ", 1, true) or s:byte(-1) == 32 then
    s = s:gsub("&", " and "):gsub("%+", " and "):gsub("[^%w%s]", " ")
    s = F.trim((s:gsub("%s+", " ")))
    if s == "" then return nil end
  end
  for _, w in ipairs(PHRASE_START) do
    if s:find(w, 1, true) then
      for _, r in ipairs(PHRASES) do
        if s:find(r[1], 1, true) then s = replace_words(s, r[1], r[2]) end
      end
      break
    end
  end
  return ALIASES[s] or s
end

-- Names met all the time (the default params and their usual spellings), normalised once
-- at load time; this table is only read afterwards.
local KNOWN = {}
for _, name in ipairs({
  "enterprise saas", "Enterprise SaaS", "Enterprise Saas", "financial services",
  "Financial Services", "Financial services", "b2b", "B2B", "fintech", "Fintech", "FinTech",
  "insurance", "Insurance", "banking software", "Banking Software", "Banking software",
  "consulting", "Consulting", "wealth management", "Wealth Management", "Wealth management",
  "SaaS", "saas", "SaaS (B2B)", "B2B SaaS", "Enterprise Software", "enterprise software",
  "Banking", "banking", "Finance", "finance", "retail", "Retail", "healthcare", "Healthcare",
}) do
  KNOWN[name] = normalise(name)
end

function M.normalise(s)
  if type(s) ~= "string" then return nil end
  return KNOWN[s] or normalise(s)
end

-- Whole-word containment of one normalised name in another (normalised names are
-- words separated by single spaces).
local function contains(sector, name)
  if sector == name then return true end
  local i, j = sector:find(name, 1, true)
  while i do
    if (i == 1 or sector:byte(i - 1) == 32) and (j == #sector or sector:byte(j + 1) == 32) then
      return true
    end
    i, j = sector:find(name, i + 1, true)
  end
  return false
end

function M.is(sector, name)
  local s, n = M.normalise(sector), M.normalise(name)
  if not s or not n then return false end
  return contains(s, n)
end

-- true, the matching normalised name | false
local function any_of(s, names)
  for _, name in ipairs(names) do
    local n = M.normalise(name)
    if n and contains(s, n) then return true, n end
  end
  return false
end

function M.is_core(sector, p)
  local s = M.normalise(sector)
  if not s then return false end
  local t = M.normalise(p.target_sector)
  if t and contains(s, t) then return true, t end
  return any_of(s, F.words(p.core_sectors))
end

function M.is_adjacent(sector, p)
  local s = M.normalise(sector)
  if not s then return false end
  return any_of(s, F.words(p.adjacent_sectors))
end

return M
