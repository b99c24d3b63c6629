-- plugins/sectors/module.lua: the functions of the Lua module "sectors".
--
-- sectors.so embeds this file and appends the taxonomy it read from sectors.tsv:
--
--   return build {
--     sectors = { { "enterprise saas", { "SaaS", "B2B SaaS", ... }, { "b2b", ... } }, ... },
--     phrases = { { "software as a service", "saas" }, ... },
--   }
--
-- so the module is this chunk plus one table literal, and line numbers in errors are the
-- lines of this file. It runs in the rules' sandbox (string, table, math, utf8; no io/os)
-- once per worker state, and what it returns is frozen with the rules: every table below
-- is built here, at load time, and only read afterwards.
--
-- The API (rules/cso uses normalise, is and best):
--   normalise(s)            -> canonical name, or the cleaned name; nil for no name
--   is(sector, name)        -> true | false: name is in sector (whole words, normalised)
--   is_core(sector, p)      -> true, matched | false: target_sector or one of core_sectors
--   is_adjacent(sector, p)  -> true, matched | false: one of adjacent_sectors (default: the
--                              taxonomy's neighbours of target_sector and core_sectors)
--   best(list, p)           -> "core" | "adjacent", sector, matched | nil: the first sector of
--                              list that is_core, else the first that is_adjacent
-- The params' sector lists are normalised once per run (sl.derive), not per call.
--   adjacent(a, b)          -> true | false: the taxonomy puts a sector of a next to one of b
--   canonical(s)            -> the canonical sector s names, or nil
--   kinds(s)                -> the canonical sectors in s (whole words), taxonomy order
--   neighbours(name)        -> the canonical sectors adjacent to name's sector
--   names()                 -> every canonical sector, taxonomy order

local function build(DATA)
  local M = {}

  local function trim(s)
    return (s:gsub("^%s+", ""):gsub("%s+$", ""))
  end

  -- Whole-word replacement in a normalised name (words separated by single spaces).
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
    return trim(table.concat(out))
  end

  local PHRASES = DATA.phrases
  local ONE_WORD_PHRASE = {} -- "finserv", "bfsi"
  for _, r in ipairs(PHRASES) do
    if not r[1]:find(" ", 1, true) then ONE_WORD_PHRASE[r[1]] = true end
  end
  -- The first words of the phrases: a name holding none of them needs no rewriting.
  local PHRASE_START, seen = {}, {}
  for _, r in ipairs(PHRASES) do
    local w = r[1]:match("^%S+")
    if not seen[w] then
      seen[w] = true
      PHRASE_START[#PHRASE_START + 1] = w
    end
  end

  -- Lower case, "&"/"+" as "and", punctuation as spaces, phrases rewritten; nil when
  -- nothing is left.
  local function clean(s)
    s = s:lower()
    -- the common case, "enterprise saas": lower-case words separated by single spaces
    if not s:find("^[%l%d]+[%l%d ]*$") or s:find("  ", 1, true) or s:byte(-1) == 32 then
      s = s:gsub("&", " and "):gsub("%+", " and "):gsub("[^%w%s]", " ")
      s = trim((s:gsub("%s+", " ")))
      if s == "" then return nil end
    end
    -- One word: only a phrase of that one word can rewrite it (phrases match whole
    -- words), so any other word is done.
    if not ONE_WORD_PHRASE[s] and not s:find(" ", 1, true) then return s end
    for _, w in ipairs(PHRASE_START) do
      if s:find(w, 1, true) then
        for _, r in ipairs(PHRASES) do
          if s:find(r[1], 1, true) then s = replace_words(s, r[1], r[2]) end
        end
        break
      end
    end
    return s
  end

  -- cleaned alias or canonical name -> canonical name; canonical names in file order
  local ALIASES, NAMES, ADJ = {}, {}, {}
  for _, sector in ipairs(DATA.sectors) do
    local name = sector[1]
    NAMES[#NAMES + 1] = name
    ALIASES[name] = name
    ADJ[name] = ADJ[name] or {}
  end
  for _, sector in ipairs(DATA.sectors) do
    for _, alias in ipairs(sector[2]) do
      local key = clean(alias)
      if key and not ALIASES[key] then ALIASES[key] = sector[1] end
    end
    for _, other in ipairs(sector[3]) do -- symmetric
      ADJ[sector[1]][other] = true
      ADJ[other][sector[1]] = true
    end
  end

  local function normalise(s)
    local c = clean(s)
    if not c then return nil end
    return ALIASES[c] or c
  end

  -- Names met all the time (every name of the taxonomy as written, in lower case and
  -- capitalised), normalised once now; only read afterwards.
  local KNOWN = {}
  local function know(s)
    if KNOWN[s] == nil then KNOWN[s] = normalise(s) or false end
    local lower = s:lower()
    if KNOWN[lower] == nil then KNOWN[lower] = normalise(lower) or false end
    local title = lower:gsub("(%a)(%w*)", function(a, b) return a:upper() .. b end)
    if KNOWN[title] == nil then KNOWN[title] = normalise(title) or false end
  end
  for _, sector in ipairs(DATA.sectors) do
    know(sector[1])
    for _, alias in ipairs(sector[2]) do know(alias) end
  end

  -- (Module functions call each other through locals: M is read-only proxy once loaded.)
  local function normalise_any(s)
    if type(s) ~= "string" then return nil end
    local k = KNOWN[s]
    if k ~= nil then return k or nil end
    return normalise(s)
  end
  M.normalise = normalise_any

  -- Whole-word containment of one normalised name in another. Most pairs differ, and
  -- a name no shorter than the sector cannot be inside it unless equal: no search then.
  local find, byte = string.find, string.byte
  local function contains(sector, name)
    if sector == name then return true end
    local len = #sector
    if #name >= len then return false end
    local i, j = find(sector, name, 1, true)
    while i do
      if (i == 1 or byte(sector, i - 1) == 32) and (j == len or byte(sector, j + 1) == 32) then
        return true
      end
      i, j = find(sector, name, i + 1, true)
    end
    return false
  end

  function M.is(sector, name)
    local s, n = normalise_any(sector), normalise_any(name)
    if not s or not n then return false end
    return contains(s, n)
  end

  -- A list param as given: a table is a list, a string a list of one, anything else none.
  local EMPTY = {}
  local function words(v)
    if type(v) == "table" then return v end
    if type(v) == "string" then return { v } end
    return EMPTY
  end

  -- The normalised names of a list param, in order, unreadable ones left out.
  -- (while over t[i], not ipairs: ipairs calls a C function per element)
  local function normalised(names)
    local out = {}
    names = words(names)
    local i, name = 1, names[1]
    while name ~= nil do
      local n = normalise_any(name)
      if n then out[#out + 1] = n end
      i = i + 1
      name = names[i]
    end
    return out
  end

  -- target_sector, then core_sectors, normalised.
  local function core_names(p)
    local out = normalised(p.core_sectors)
    local t = normalise_any(p.target_sector)
    if t then table.insert(out, 1, t) end
    return out
  end

  -- The core names of p, worked out once per run for a pack's params (sl.derive): the
  -- same list for every candidate, built before any of them.
  local core_of = sl.derive(core_names)

  -- The first of the normalised names that the normalised sector s contains, or nil.
  -- (while over names[i]: a derived list is frozen, and # on it is a call)
  local function first_in(s, names)
    local i, name = 1, names[1]
    while name ~= nil do
      if contains(s, name) then return name end
      i = i + 1
      name = names[i]
    end
    return nil
  end

  function M.is_core(sector, p)
    local s = normalise_any(sector)
    local name = s and first_in(s, core_of(p))
    if name then return true, name end
    return false
  end

  local function canonical(s)
    s = normalise_any(s)
    if s and ADJ[s] then return s end
    return nil
  end
  M.canonical = canonical

  local function kinds(s)
    local out = {}
    s = normalise_any(s)
    if not s then return out end
    for _, name in ipairs(NAMES) do
      if contains(s, name) then out[#out + 1] = name end
    end
    return out
  end
  M.kinds = kinds

  function M.names()
    local out = {}
    for i, name in ipairs(NAMES) do out[i] = name end
    return out
  end

  function M.neighbours(name)
    local out = {}
    local c = canonical(name)
    if not c then return out end
    for _, other in ipairs(NAMES) do
      if ADJ[c][other] then out[#out + 1] = other end
    end
    return out
  end

  function M.adjacent(a, b)
    local ka, kb = kinds(a), kinds(b)
    for _, x in ipairs(ka) do
      for _, y in ipairs(kb) do
        if x ~= y and ADJ[x][y] then return true end
      end
    end
    return false
  end

  -- adjacent_sectors left unset (nil): the taxonomy's neighbours of the target and core
  -- sectors that are not themselves core, in taxonomy order.
  local function default_adjacent(p)
    local core = core_names(p)
    local out = {}
    for _, other in ipairs(NAMES) do
      local is_core, next_to = false, false
      for _, c in ipairs(core) do
        if contains(other, c) then is_core = true break end
        if ADJ[c] and ADJ[c][other] then next_to = true end
      end
      if next_to and not is_core then out[#out + 1] = other end
    end
    return out
  end

  -- adjacent_sectors normalised, or the default above.
  local function adjacent_names(p)
    if p.adjacent_sectors == nil then return default_adjacent(p) end
    return normalised(p.adjacent_sectors)
  end

  local adjacent_of = sl.derive(adjacent_names)

  function M.is_adjacent(sector, p)
    local s = normalise_any(sector)
    local name = s and first_in(s, adjacent_of(p))
    if name then return true, name end
    return false
  end

  -- A rule's whole sector list at once, params normalised once: the first sector of
  -- `list` that is_core, else the first that is_adjacent, as
  -- "core" | "adjacent", the sector as given, the matching normalised name; nil when none.
  function M.best(list, p)
    if type(list) ~= "table" then return nil end
    local core, seen = core_of(p), {}
    local i, s = 1, list[1]
    while s ~= nil do
      local n = normalise_any(s)
      seen[i] = n or false
      local name = n and first_in(n, core)
      if name then return "core", s, name end
      i = i + 1
      s = list[i]
    end
    local adjacent = adjacent_of(p)
    for k = 1, #seen do
      local name = seen[k] and first_in(seen[k], adjacent)
      if name then return "adjacent", list[k], name end
    end
    return nil
  end

  return M
end
