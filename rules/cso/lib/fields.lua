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

-- Module functions are locals as well as fields of M: after loading, M is a read-only
-- proxy, and a call through a local skips its metatable on every candidate.
local type = type

-- A non-empty string (trimmed), or nil: sl.text.
local str = sl.text
M.str = str

-- A finite number from a number or a numeric string ("12", "1,250", "$280,000",
-- "280k", "110%" = 1.1), or nil: sl.number.
local num = sl.number
M.num = num

-- true / false from a boolean or a yes/no-like string or 0/1; nil when unknown.
function M.bool(v)
  if type(v) == "boolean" then return v end
  if type(v) == "number" then
    if v == 1 then return true elseif v == 0 then return false end
    return nil
  end
  local s = str(v)
  if not s then return nil end
  s = s:lower()
  if s == "true" or s == "yes" or s == "y" or s == "1" then return true end
  if s == "false" or s == "no" or s == "n" or s == "0" then return false end
  return nil
end

-- Loops: this pack walks arrays with `while` over t[i] (stopping at the first nil, as
-- ipairs does) or, for arrays it built itself, `for i = 1, #t`. ipairs calls a C function
-- for every element; the pack's loops ran ~70 of those per candidate.

-- The elements of an array (a fresh table), or {} when v is not a table.
function M.array(v)
  local out = {}
  if type(v) == "table" then
    local i, x = 1, v[1]
    while x ~= nil do
      out[i] = x
      i = i + 1
      x = v[i]
    end
  end
  return out
end

-- Strings out of a string, an array of strings, or an array of objects with `name`
-- (and, with with_keywords, their `keywords[]`, as JSON Resume skills have).
local function add_str(out, x)
  local s = str(x)
  if s then out[#out + 1] = s end
end

function M.strings(v, with_keywords)
  local out = {}
  if type(v) == "string" then
    add_str(out, v)
  elseif type(v) == "table" then
    local i, x = 1, v[1]
    while x ~= nil do
      if type(x) == "table" then
        add_str(out, x.name)
        local keywords = with_keywords and x.keywords
        if type(keywords) == "table" then
          local j, k = 1, keywords[1]
          while k ~= nil do
            add_str(out, k)
            j = j + 1
            k = keywords[j]
          end
        end
      else
        add_str(out, x)
      end
      i = i + 1
      x = v[i]
    end
  end
  return out
end

-- A keyword list param, as given (params are read-only; it is passed to sl.matches
-- as it is, not copied); one string means a list of one, anything else an empty list.
local EMPTY = {}
local function words_of(v)
  if type(v) == "table" then return v end
  if type(v) == "string" then return { v } end
  return EMPTY
end
M.words = words_of

-- Reads a numeric param; a wrong type is a rule error that names the param.
function M.param_num(p, key)
  local n = num(p[key])
  if n == nil then
    error(string.format("param %s must be a number, got %s", key, tostring(p[key])), 2)
  end
  return n
end

-- sl.matches over a string or array of strings (anything else, or an empty one, matches
-- nothing); words is a keyword list param or one string (anything else matches nothing).
-- Returns the matched keyword or nil.
local matches = sl.matches
function M.match(text, words)
  local t = type(words)
  if t ~= "table" and t ~= "string" then return nil end
  local ok, word = matches(text, words)
  if ok then return word end
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

-- Money for reasons: $300,000. Salaries below a billion take one string.format; the
-- general grouping below handles the rest.
local format, floor = string.format, math.floor
function M.money(n)
  local v = floor(n + 0.5)
  if math.type(v) == "integer" and v > -1000000000 and v < 1000000000 then
    local sign = "$"
    if v < 0 then sign, v = "-$", -v end
    if v < 1000 then return format("%s%d", sign, v) end
    if v < 1000000 then return format("%s%d,%03d", sign, v // 1000, v % 1000) end
    return format("%s%d,%03d,%03d", sign, v // 1000000, v // 1000 % 1000, v % 1000)
  end
  local s = format("%d", v)
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
  return math.tointeger(n) .. " " .. word .. (n == 1 and "" or "s")
end

return M
