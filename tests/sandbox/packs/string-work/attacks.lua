-- Run long texts of one letter, and needles that match all along them but their end.
local hay = ("a"):rep(100000)
local needle = ("a"):rep(50000) .. "b"

-- A pattern without quantifiers is tried at every position: 8 s (gsub) and 26 s (match)
-- with the stock search.
rule { id = "long-needle-gsub", check = function(c) return (hay:gsub(needle, "")) ~= nil end }
rule { id = "long-class-match", check = function(c)
  return hay:match(("%a"):rep(50000) .. "b") ~= nil
end }
-- %b has no quantifier either, but scans to the end of the text from every position
-- where it opens: 100,000 unclosed brackets are 5e9 steps.
rule { id = "balanced-from-every-position", check = function(c)
  return ("("):rep(100000):find("%b()") ~= nil
end }
-- A plain find (asked for, or a pattern without special characters) searched naively:
-- 12 s on 1.6 MB. Searched in linear time, it simply finds nothing.
rule { id = "plain-find", check = function(c)
  local long = ("a"):rep(1600000)
  local tail = ("a"):rep(800000) .. "b"
  local i = long:find(tail, 1, true)
  local j = long:find(tail)
  local k = long:find(tail, -900000)
  return pass("%s %s %s", tostring(i), tostring(j), tostring(k))
end }
-- sl.matches with thousands of words that all start like every word of the text:
-- billions of comparisons in one call (6.5 s here) of a rule that ran a few instructions.
rule { id = "many-words", check = function(c)
  local words = {}
  for i = 1, 3000 do words[i] = "ab" .. i end
  return sl.matches(("ab "):rep(300000), words)
end }
-- The same list defined at load time: frozen, so compiled, matched in one pass per text.
local WORDS = {}
for i = 1, 3000 do WORDS[i] = "ab" .. i end
rule { id = "many-words-compiled", check = function(c)
  return sl.matches(("ab "):rep(300000), WORDS)
end }
-- What rules do on long text stays allowed: a word in a megabyte, found plain, replaced,
-- matched as a word; a long pattern on a short text.
rule { id = "ordinary-work-on-long-text", check = function(c)
  local text = ("Revenue leader, 12 yrs;  EMEA & APAC. "):rep(27000) .. "Chief Sales Officer"
  local at = text:find("Sales", 1, true)
  local _, n = text:gsub("EMEA", "Europe")
  local word = select(2, sl.matches(text, { "cso", "sales officer" }))
  local long = ("Revenue leader, 12 yrs. "):rep(100):find(("Revenue leader, 12 yrs. "):rep(50))
  return pass("%d bytes: at %d, %d replaced, matched %s; long pattern at %d", #text, at, n, word, long)
end }
-- Strings made in C: each concatenation, rep, sub, upper, format or table.concat copies
-- its bytes where no instruction is counted. A million of them over 100 KB is a hundred
-- gigabytes copied (tens of seconds) by a loop of a few million instructions.
local BIG = ("a"):rep(100000)
rule { id = "concatenation-loop", check = function(c)
  local n = 0
  for i = 1, 1000000 do n = n + #(BIG .. i) end
  return pass("%d bytes made", n)
end }
rule { id = "string-library-loop", check = function(c)
  local made = { function(i) return BIG:sub(i) end, function() return BIG:upper() end,
                 function(i) return ("b"):rep(100000 + i) end,
                 function(i) return ("%s%d"):format(BIG, i) end,
                 function(i) return table.concat({ BIG, i }) end }
  local n = 0
  for i = 1, 1000000 do n = n + #made[i % 5 + 1](i) end
  return pass("%d bytes made", n)
end }
-- Reading without making anything: utf8.len over 1 MB, a million times, is hours.
rule { id = "utf8-scan-loop", check = function(c)
  local text = ("é"):rep(500000)
  local n = 0
  for i = 1, 1000000 do n = n + utf8.len(text) + utf8.offset(text, -1) end
  return pass("%d", n)
end }
rule { id = "still-works", check = function(c) return pass("rules still run for %s", c.id) end }
