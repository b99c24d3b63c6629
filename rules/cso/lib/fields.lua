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

-- Numbers people write with a little more around them, read when sl.number could not
-- read a value (so only on that rare path). The leading number is read when what
-- follows leaves its meaning clear; anything else is nil ("could not be read").
--   years  "12+", "12 years", "12+ yrs", "10-12 years" (a range: its lower end)
--   team   "50+", "120 people", "50+ reps", "40-60" (lower end)
--   quota  "1.1x" (a ratio), "110% of quota" (a percentage)
--   salary "€280,000", "£250k" (the sign is dropped, not converted), "$300,000 base +
--          $300,000 OTE" (the leading amount), "250-300k", "$250,000 - $300,000",
--          "250k to 300k" (a range: its upper end)
local UNITS = {
  years = { years = true, year = true, yrs = true, yr = true, y = true },
  team = { people = true, person = true, persons = true, reps = true, staff = true, heads = true,
    headcount = true, fte = true, ftes = true, members = true, employees = true,
    reports = true, direct = true, sellers = true },
}

-- The leading number of s (digits with "," or "_" between them, a decimal point) and the
-- text after it, or nil.
local function lead(s)
  local digits, rest = s:match("^(%d[%d,_]*%.?%d*)(.*)$")
  if not digits then digits, rest = s:match("^(%.%d+)(.*)$") end
  if not digits then return nil end
  local n = tonumber((digits:gsub("[,_]", "")))
  if not n then return nil end
  return n, rest
end

-- A money amount: a leading currency sign or code, the number, a "k" or "m" after it.
local function amount(s)
  s = s:gsub("^us%$", ""):gsub("^%$", ""):gsub("^\226\130\172", ""):gsub("^\194\163", "")
  s = s:gsub("^usd%s*", ""):gsub("^eur%s*", ""):gsub("^gbp%s*", "")
  local n, rest = lead(s)
  if not n then return nil end
  local unit = 1
  local m = rest:match("^%s*([km])%f[%A]")
  if m then
    unit = m == "k" and 1000 or 1000000
    rest = rest:gsub("^%s*[km]", "", 1)
  end
  return n * unit, rest, unit
end

-- The rest after a number: a range ("-", an en or em dash, "to") followed by what comes
-- after it, or nil.
local function range(rest)
  return rest:match("^%s*%-%s*(.*)$") or rest:match("^%s*\226\128[\147\148]%s*(.*)$")
    or rest:match("^%s+to%s+(.*)$")
end

-- The rest after a number is empty, "+", or starts with a word of units (after a "+").
local function unit_tail(rest, units)
  rest = rest:gsub("^%s*%+", "")
  if rest:find("^%s*$") then return true end
  local word = rest:match("^%s+(%a+)")
  return word ~= nil and units[word] == true
end

local function lenient(v, kind)
  if type(v) ~= "string" then return nil end
  local s = v:lower():gsub("^%s+", ""):gsub("%s+$", "")
  if #s > 80 then return nil end
  if kind == "salary" then
    local n, rest, unit = amount(s)
    if not n then return nil end
    local second = range(rest)
    if second then
      -- "250-300k": the "k" of the upper end is the lower end's too
      local n2, _, unit2 = amount(second)
      if not n2 then return nil end
      if unit == 1 then n = n * unit2 end
      if n2 < n then return nil end
      return n2
    end
    if rest:find("^%s*$") or rest:find("^%s*%+") or rest:find("^%s*[%a(]") then return n end
    return nil
  end
  local n, rest = lead(s)
  if not n then return nil end
  if kind == "quota" then
    if rest:find("^%s*x%f[%A]") then return n end
    if rest:find("^%s*%%") then
      rest = rest:gsub("^%s*%%", "")
      if rest:find("^[%a%s]*$") then return n / 100, true end
    end
    return nil
  end
  local units = UNITS[kind]
  local second = range(rest)
  if second then
    local n2, rest2 = lead(second)
    if n2 and n2 >= n and unit_tail(rest2, units) then return n end
    return nil
  end
  if unit_tail(rest, units) then return n end
  return nil
end
M.lenient = lenient

-- A value for a reason: a string quoted (cut after 40 characters), others by their type.
local function quote(v)
  local t = type(v)
  if t == "string" then
    if #v > 40 then v = v:sub(1, 40):gsub("[\128-\191]+$", ""):gsub("[\192-\255]$", "") .. "..." end
    return "'" .. v .. "'"
  end
  if t == "table" then return "(an object or a list)" end
  return tostring(v)
end
M.quote = quote

-- A quota attainment from a number or a string: a ratio (1.0 = 100% of quota). A number
-- above 5 (95, "95") is read as a percentage (0.95): nobody attains 500% of quota, so a
-- number that large was written as a percentage; a string with "%" is a percentage
-- already ("92%", "600%"). Returns the ratio and, when it was not read as a plain
-- ratio, how: "percentage" or "read".
local function quota(v)
  local n = num(v)
  if n then
    if n > 5 and not (type(v) == "string" and v:find("%", 1, true)) then return n / 100, "percentage" end
    return n
  end
  local r, percent = lenient(v, "quota")
  if r == nil then return nil end
  if r > 5 and not percent then return r / 100, "percentage" end
  return r, "read"
end
M.quota = quota

-- A flat number field for a rule: the number (nil when missing or unreadable) and a
-- note: nil for a plain number; "read from '12+'" (read leniently, above);
-- "95 read as a percentage" (quota); "sales_years '12ish' could not be read".
-- kind is "years", "team", "quota" or "salary".
function M.flat(v, key, kind)
  if v == nil or (type(v) == "string" and not str(v)) then return nil end
  if kind == "quota" then
    local n, how = quota(v)
    if n == nil then return nil, key .. " " .. quote(v) .. " could not be read" end
    if how == "percentage" then return n, quote(v) .. " read as a percentage" end
    if how == "read" then return n, "read from " .. quote(v) end
    return n
  end
  local n = num(v)
  if n then return n end
  n = lenient(v, kind)
  if n then return n, "read from " .. quote(v) end
  return nil, key .. " " .. quote(v) .. " could not be read"
end

-- Dates of work[] and education[] entries.
--
-- A date that is not a non-empty string, as sl.years reads it: nil when missing (or an
-- empty string), a whole-number year as that year (2008 reads "2008"), and false when
-- given but not readable as a date (an object, a boolean, a fraction, a number that is
-- not a year). Callers try str(v) first: a non-empty string is the date itself.
local tointeger = math.tointeger
function M.odd_date(v)
  if v == nil or type(v) == "string" then return nil end
  if type(v) == "number" then
    local y = tointeger(v)
    if y and y >= 1000 and y <= 9999 then return tostring(y) end
  end
  return false
end

-- after_key(p): the as-of month as "YYYY-MM" followed by a byte above any digit. A date
-- (always "YYYY", "YYYY-MM" or "YYYY-MM-DD" when readable) compares greater, byte by
-- byte, exactly when its month is after the as-of month ("2026-02" > "2026-01\255" >
-- "2026-01-31", "2026"): a cheap first test, one comparison. shortlist never sets a
-- locale, so Lua compares strings byte by byte (strcoll of the C locale). Made once per
-- run (sl.derive: the as-of date is fixed for a run).
M.after_key = sl.derive(function(p) return sl.as_of:sub(1, 7) .. "\255" end)

-- The date s (a string that compared greater than after_key) is a readable date whose
-- month (January for a year alone) is after the as-of month: "Spring 2012" compares
-- greater too, but is no date.
function M.later_than_as_of(s)
  local date, now = sl.date(s), sl.date(sl.as_of)
  return date ~= nil and date.year * 12 + (date.month or 1) > now.year * 12 + now.month
end

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
-- (Each value is read with one sl.text call, written in place rather than through a
-- helper function: skills run this for every candidate.)
function M.strings(v, with_keywords)
  local out, n = {}, 0
  local t = type(v)
  if t == "string" then
    local s = str(v)
    if s then out[1] = s end
  elseif t == "table" then
    local i, x = 1, v[1]
    while x ~= nil do
      local s
      if type(x) == "table" then
        s = x.name
        if s ~= nil then s = str(s) end
        if s then n = n + 1; out[n] = s end
        local keywords = with_keywords and x.keywords
        if keywords and type(keywords) == "table" then
          local j, k = 1, keywords[1]
          while k ~= nil do
            s = str(k)
            if s then n = n + 1; out[n] = s end
            j = j + 1
            k = keywords[j]
          end
        end
      else
        s = str(x)
        if s then n = n + 1; out[n] = s end
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

-- Numbers for reasons are formatted for every candidate, and string.format is one of
-- the dearer calls a rule makes: the common ones are made here once, at load time, and
-- looked up (the same text string.format gives; anything else is still formatted).
-- (Made by concatenation, which gives the same text as the format beside each: every
-- worker makes these tables when the pack loads.)
-- Rounding down is `x // 1` rather than math.floor(x) (a call): the same value, as a
-- float, and a float key such as 96.0 finds the entry 96 (Lua looks float keys with an
-- integer value up as integers).
local floor, format = math.floor, string.format
local TENTHS, WHOLE, HUNDREDTHS, GROUP = {}, {}, {}, {}
local DIGIT = { [0] = "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" }
for i = 0, 999 do
  local h, t, u = DIGIT[i // 100], DIGIT[i // 10 % 10], DIGIT[i % 10]
  GROUP[i] = h .. t .. u                                          -- %03d of i
  WHOLE[i] = i >= 100 and GROUP[i] or i >= 10 and t .. u or u     -- %g (and %d) of i
end
for i = 0, 400 do TENTHS[i] = WHOLE[i // 10] .. "." .. DIGIT[i % 10] end -- %.1f of i / 10
for i = 0, 300 do
  HUNDREDTHS[i] = DIGIT[i // 100] .. "." .. DIGIT[i // 10 % 10] .. DIGIT[i % 10] -- %.2f of i / 100
end

-- Years for reasons: one decimal, rounded down so 9.96 shows as 9.9, not 10.0.
function M.years(y)
  local k = (y * 10 + 1e-6) // 1
  return TENTHS[k] or format("%.1f", k / 10)
end

-- Thresholds for reasons: 10, 2.5, 1.10.
function M.g(n)
  return WHOLE[n] or format("%g", n)
end

-- Ratios (quota attainment) for reasons: two decimals, as %.2f writes them. From the
-- table when n * 100 is not within a millionth of a tie (x.5), where rounding n * 100 and
-- rounding n to two decimals (what %.2f does) always agree; else nil.
local function from_table(n)
  local k = n * 100 + 0.5
  local r = k // 1
  if k - r > 1e-6 and r + 1 - k > 1e-6 then return HUNDREDTHS[r] end
  return nil
end

function M.ratio(n)
  return n >= 0 and n <= 3 and from_table(n) or format("%.2f", n)
end

-- Two ratios for a reason that says the first is below the second: two decimals, or as
-- many more as it takes to show them apart (0.8951 and 0.9 read "0.895" and "0.900",
-- not "0.90" and "0.90"), up to 9.
-- (%.2f exactly: the table only above 0, as %.2f writes -0.0 "-0.00")
function M.ratios(a, b)
  local x = a > 0 and a <= 3 and from_table(a) or format("%.2f", a)
  local y = b > 0 and b <= 3 and from_table(b) or format("%.2f", b)
  local d = 3
  while x == y and a ~= b and d <= 9 do
    x, y = string.format("%." .. d .. "f", a), string.format("%." .. d .. "f", b)
    d = d + 1
  end
  return x, y
end

-- Money for reasons: $300,000. Amounts below a billion are groups of three digits from
-- the tables above (what "%d,%03d" would write); the general grouping below handles the
-- rest.
function M.money(n)
  local v = (n + 0.5) // 1 -- rounded to the nearest dollar
  if v > -1000000000 and v < 1000000000 then
    local sign = "$"
    if v < 0 then sign, v = "-$", -v end
    if v < 1000 then return sign .. WHOLE[v] end
    if v < 1000000 then return sign .. WHOLE[v // 1000] .. "," .. GROUP[v % 1000] end
    return sign .. WHOLE[v // 1000000] .. "," .. GROUP[v // 1000 % 1000] .. "," .. GROUP[v % 1000]
  end
  -- (beyond 2^63 a float: "%.0f" writes its digits, where "%d" would raise)
  v = floor(n + 0.5)
  local s = math.type(v) == "integer" and format("%d", v) or format("%.0f", v)
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

-- Notes for a reason, joined with "; " (nil ones left out), or nil when none.
function M.notes(a, b)
  if a and b then return a .. "; " .. b end
  return a or b
end

-- "1 role" / "3 roles"
function M.plural(n, word)
  return math.tointeger(n) .. " " .. word .. (n == 1 and "" or "s")
end

return M
