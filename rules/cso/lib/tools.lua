-- rules/cso/lib/tools.lua: CRM and sales-analytics tools (sales-tech), looked for in a
-- flat crm_tools list and in skills[] (names and keywords, or plain strings), in both
-- record shapes.
local F = require "lib.fields"

local M = {}

-- The first tool found as "Salesforce (crm_tools)", or nil.
function M.find(c, p)
  local sources = {
    { "crm_tools", F.strings(c.crm_tools) },
    { "skills", F.strings(c.skills, true) },
  }
  for _, src in ipairs(sources) do
    local word = F.match(src[2], p.sales_tools)
    if word then
      -- name the entry that matched, as the candidate wrote it
      for _, s in ipairs(src[2]) do
        if sl.matches(s, word) then return string.format("%s (%s)", s, src[1]) end
      end
      return string.format("%s (%s)", word, src[1])
    end
  end
  return nil
end

return M
