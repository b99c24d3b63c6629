-- rules/cso/lib/tools.lua: CRM and sales-analytics tools (sales-tech), looked for in a
-- flat crm_tools list and in skills[] (names and keywords, or plain strings), in both
-- record shapes.
local F = require "lib.fields"

local strings, match, matches = F.strings, F.match, sl.matches

local M = {}

-- "Salesforce (crm_tools)" for the entry of `list` the tool `word` matched, as the
-- candidate wrote it.
local function named(list, word, source)
  for i = 1, #list do
    local s = list[i]
    if matches(s, word) then return string.format("%s (%s)", s, source) end
  end
  return string.format("%s (%s)", word, source)
end

-- The first tool found as "Salesforce (crm_tools)", or nil: crm_tools first, then skills.
function M.find(c, p)
  local tools = p.sales_tools
  if c.crm_tools ~= nil then
    local list = strings(c.crm_tools)
    local word = match(list, tools)
    if word then return named(list, word, "crm_tools") end
  end
  if c.skills ~= nil then
    local list = strings(c.skills, true)
    local word = match(list, tools)
    if word then return named(list, word, "skills") end
  end
  return nil
end

return M
