-- rules/cso/09_sales_tech.lua: CRM and analytics fluency (preferred: a fail is shown as flag).
local F = require "lib.fields"

rule {
  id = "sales-tech",
  title = "A CRM or sales-analytics tool",
  severity = "preferred",
  weight = 1,
  check = function(c, f, p)
    if f.sales_tool then return pass("uses %s", f.sales_tool) end
    return fail("no CRM or sales-analytics tool (%s) in crm_tools or skills",
      F.list_text(F.words(p.sales_tools), 6))
  end,
}
