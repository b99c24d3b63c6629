-- rules/cso/lib/tools.lua: CRM and sales-analytics tools (sales-tech), looked for in a
-- flat crm_tools list and in skills[] (names and keywords, or plain strings), in both
-- record shapes.
--
-- Tool names are matched as whole names, not as words inside other names: a name counts
-- when it is the tool or begins with it ("Salesforce", "Salesforce Sales Cloud",
-- "Outreach.io"); a tool of two or more words counts anywhere in a name ("Microsoft
-- Dynamics 365 administration", "LinkedIn Sales Navigator"), and so does "crm" ("Veeva
-- CRM"). So "Community Outreach" and
-- "Team Dynamics" are no tools. A string holding several names ("Excel, Salesforce") is
-- read as those names (split at , ; / |).
local F = require "lib.fields"

local strings, matches = F.strings, sl.matches
local lower, sub, byte, find = string.lower, string.sub, string.byte, string.find

local M = {}

-- The tools that count anywhere in a name: those of two or more words, and "crm" (a name
-- that says CRM is a CRM: "Veeva CRM"): a list for sl.matches, and a set (made once per
-- run).
local phrases_of = sl.derive(function(p)
  local out, set = {}, {}
  for _, w in ipairs(F.words(p.sales_tools)) do
    if type(w) == "string" and (find(w, " ", 1, true) or lower(w) == "crm") then
      out[#out + 1] = w
      set[w] = true
    end
  end
  return { list = out, set = set }
end)

-- s (lower case) begins with the word w (lower case): nothing, or no letter or digit,
-- after it.
local function begins_with(s, w)
  if s == w then return true end -- (the common case, a skill named as the tool: no calls)
  if sub(s, 1, #w) ~= w then return false end
  local b = byte(s, #w + 1)
  return b == nil or not ((b >= 48 and b <= 57) or (b >= 97 and b <= 122) or b >= 128)
end

-- The tool one name holds as a whole name, or nil.
local function tool_of(name, tools, p, phrases)
  local ok, w = matches(name, tools)
  if not ok then return nil end
  if phrases.set[w] or begins_with(lower(name), lower(w)) then return w end
  -- the first tool word found is inside another name: a tool of several words elsewhere?
  ok, w = matches(name, phrases.list)
  if ok then return w end
  -- several names in one string: each on its own (rare)
  if find(name, "[,;/|]") then
    for part in string.gmatch(name, "[^,;/|]+") do
      local t = sl.text(part)
      if t and not find(t, "[,;/|]") then
        local hit = tool_of(t, tools, p, phrases)
        if hit then return hit end
      end
    end
  end
  return nil
end

-- The entry of `list` that holds a tool, as "Salesforce (crm_tools)", or nil: the
-- entry that holds the first tool of sales_tools found (as a whole name), else the first
-- entry that holds any.
local function first_tool(list, tools, p, source)
  local ok, w = matches(list, tools)
  if not ok then return nil end -- no tool word anywhere: done
  local phrases = phrases_of(p)
  local whole, lw = phrases.set[w], lower(w)
  for i = 1, #list do
    local name = list[i]
    if matches(name, w) and (whole or begins_with(lower(name), lw)) then
      return name .. " (" .. source .. ")"
    end
  end
  for i = 1, #list do
    local name = list[i]
    if tool_of(name, tools, p, phrases) then return name .. " (" .. source .. ")" end
  end
  return nil
end

-- The first tool found as "Salesforce (crm_tools)", or nil: crm_tools first, then skills.
-- (sales_tools is always a list: --set and test cases cannot change a param's type)
function M.find(c, p)
  local tools = p.sales_tools
  if c.crm_tools ~= nil then
    local hit = first_tool(strings(c.crm_tools), tools, p, "crm_tools")
    if hit then return hit end
  end
  if c.skills ~= nil then
    return first_tool(strings(c.skills, true), tools, p, "skills")
  end
  return nil
end

return M
