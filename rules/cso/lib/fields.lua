-- rules/cso/lib/fields.lua: reading candidate fields and params safely.
--
-- Candidate data is untrusted: any field may be missing, null, a string where a number
-- was expected, or a table where a string was. Every reader here returns nil for what it
-- cannot use instead of raising. Params are read-only tables: only ipairs/indexing are
-- used on them, never `#` or assignment.
local M = {}

local function trim(s)
  return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end
M.trim = trim

-- A non-empty string (trimmed), or nil.
function M.str(v)
  if type(v) ~= "string" or v == "" then return nil end
  if v:byte(1) > 32 and v:byte(-1) > 32 then return v end -- nothing to trim
  local s = trim(v)
  if s == "" then return nil end
  return s
end

-- A number from a number or a numeric string ("12", "1,250", "$280,000", "280k",
-- "110%" = 1.1), or nil.
function M.num(v)
  if type(v) == "number" then
    if v ~= v or v == math.huge or v == -math.huge then return nil end
    return v
  end
  if type(v) ~= "string" then return nil end
  local s = v:lower():gsub("[%s,_]", ""):gsub("^%$", ""):gsub("^usd", ""):gsub("usd$", "")
  local pct = s:match("^(.-)%%$")
  if pct then
    local n = tonumber(pct)
    return n and n / 100
  end
  local k = s:match("^(.-)k$")
  if k then
    local n = tonumber(k)
    return n and n * 1000
  end
  return tonumber(s)
end

-- true / false from a boolean or a yes/no-like string or 0/1; nil when unknown.
function M.bool(v)
  if type(v) == "boolean" then return v end
  if type(v) == "number" then
    if v == 1 then return true elseif v == 0 then return false end
    return nil
  end
  local s = M.str(v)
  if not s then return nil end
  s = s:lower()
  if s == "true" or s == "yes" or s == "y" or s == "1" then return true end
  if s == "false" or s == "no" or s == "n" or s == "0" then return false end
  return nil
end

-- The elements of an array (a fresh table), or {} when v is not a table.
function M.array(v)
  local out = {}
  if type(v) == "table" then
    for _, x in ipairs(v) do out[#out + 1] = x end
  end
  return out
end

-- Strings out of a string, an array of strings, or an array of objects with `name`
-- (and, with with_keywords, their `keywords[]`, as JSON Resume skills have).
function M.strings(v, with_keywords)
  local out = {}
  local function add(x)
    local s = M.str(x)
    if s then out[#out + 1] = s end
  end
  if type(v) == "string" then
    add(v)
  elseif type(v) == "table" then
    for _, x in ipairs(v) do
      if type(x) == "table" then
        add(x.name)
        if with_keywords then
          for _, k in ipairs(M.array(x.keywords)) do add(k) end
        end
      else
        add(x)
      end
    end
  end
  return out
end

-- A keyword list param, as given (params are read-only; it is passed to sl.matches
-- as it is, not copied); one string means a list of one, anything else an empty list.
local EMPTY = {}
function M.words(v)
  if type(v) == "table" then return v end
  if type(v) == "string" then return { v } end
  return EMPTY
end

-- Reads a numeric param; a wrong type is a rule error that names the param.
function M.param_num(p, key)
  local n = M.num(p[key])
  if n == nil then
    error(string.format("param %s must be a number, got %s", key, tostring(p[key])), 2)
  end
  return n
end

-- sl.matches over a string or array of strings, tolerating nil/empty inputs; words is
-- a keyword list param (or one string). Returns the matched keyword or nil.
function M.match(text, words)
  if type(text) == "table" then
    if text[1] == nil then return nil end
  elseif type(text) ~= "string" or text == "" then
    return nil
  end
  words = M.words(words)
  if words[1] == nil then return nil end
  local ok, word = sl.matches(text, words)
  if ok then return word or true end
  return nil
end

-- a >= b, tolerant of binary fractions (0.1 + 0.2 style sums).
function M.ge(a, b)
  return a >= b - 1e-9
end

-- Years for reasons: one decimal, rounded down so 9.96 shows as 9.9, not 10.0.
function M.years(y)
  return string.format("%.1f", math.floor(y * 10 + 1e-6) / 10)
end

-- Thresholds for reasons: 10, 2.5, 1.10.
function M.g(n)
  return string.format("%g", n)
end

-- Ratios (quota attainment) for reasons: two decimals.
function M.ratio(n)
  return string.format("%.2f", n)
end

-- Money for reasons: $300,000.
function M.money(n)
  local s = string.format("%d", math.floor(n + 0.5))
  local neg = s:sub(1, 1) == "-"
  if neg then s = s:sub(2) end
  s = s:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
  return (neg and "-$" or "$") .. s
end

-- "a, b, c" from a keyword list, shortened after n items.
function M.list_text(words, n)
  n = n or 8
  local shown = {}
  for i, w in ipairs(words) do
    if i > n then
      shown[#shown + 1] = "..."
      break
    end
    shown[#shown + 1] = w
  end
  return table.concat(shown, ", ")
end

-- "1 role" / "3 roles"
function M.plural(n, word)
  return string.format("%d %s%s", n, word, n == 1 and "" or "s")
end

return M
