-- rules/cso/lib/tools.lua: CRM and sales-analytics tools (sales-tech), looked for in a
-- flat crm_tools list and in skills[] (names and keywords, or plain strings), in both
-- record shapes.
local F = require "lib.fields"

local M = {}

-- The first tool found as "Salesforce (crm_tools)", or nil.
function M.find(c, p)
  local words = F.words(p.sales_tools)
  local sources = {
    { "crm_tools", F.strings(c.crm_tools) },
    { "skills", F.strings(c.skills, true) },
  }
  for _, src in ipairs(sources) do
    for _, s in ipairs(src[2]) do
      if F.match(s, words) then return string.format("%s (%s)", s, src[1]) end
    end
  end
  return nil
end

return M
