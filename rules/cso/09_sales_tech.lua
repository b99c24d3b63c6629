-- rules/cso/09_sales_tech.lua: CRM and analytics fluency (preferred: a fail is shown as flag).
local F = require "lib.fields"

-- sales_tools as the reason shows them, made once per run (sl.derive).
local tools_text = sl.derive(function(p) return F.list_text(F.words(p.sales_tools), 6) end)

rule {
  id = "sales-tech",
  title = "A CRM or sales-analytics tool",
  severity = "preferred",
  weight = 1,
  check = function(c, f, p)
    if f.sales_tool then return pass("uses %s", f.sales_tool) end
    return fail("no CRM or sales-analytics tool (%s) in crm_tools or skills",
      tools_text(p))
  end,
}
