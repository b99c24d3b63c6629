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

function M.normalise(s)
  s = F.str(s)
  if not s then return nil end
  s = s:lower()
  s = s:gsub("&", " and "):gsub("%+", " and ")
  s = s:gsub("[^%w%s]", " ") -- punctuation, brackets, hyphens, slashes
  s = F.trim(s:gsub("%s+", " "))
  if s == "" then return nil end
  for _, r in ipairs(PHRASES) do s = replace_words(s, r[1], r[2]) end
  return ALIASES[s] or s
end

-- Whole-word containment of one normalised name in another.
local function contains(sector, name)
  return (" " .. sector .. " "):find(" " .. name .. " ", 1, true) ~= nil
end

function M.is(sector, name)
  local s, n = M.normalise(sector), M.normalise(name)
  if not s or not n then return false end
  return contains(s, n)
end

local function any_of(sector, names)
  for _, name in ipairs(names) do
    if M.is(sector, name) then return true, M.normalise(name) end
  end
  return false
end

function M.is_core(sector, p)
  local names = { p.target_sector }
  if type(p.target_sector) ~= "string" then names = {} end
  for _, n in ipairs(F.words(p.core_sectors)) do names[#names + 1] = n end
  return any_of(sector, names)
end

function M.is_adjacent(sector, p)
  return any_of(sector, F.words(p.adjacent_sectors))
end

return M
