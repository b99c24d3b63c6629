-- rules/cso/08_fs_compliance.lua: for financial-services roles (target_sector is
-- compliance_sector), compliance-ready experience.
local sectors = require "sectors"

-- Whether the rule applies depends on params alone: worked out once per run (sl.derive).
local applies = sl.derive(function(p) return sectors.is(p.target_sector, p.compliance_sector) end)

rule {
  id = "fs-compliance",
  title = "Financial services: compliance-ready experience",
  severity = "required",
  weight = 2,
  when = function(c, f, p)
    return applies(p)
  end,
  check = function(c, f, p)
    local evidence = f.compliance_evidence
    if evidence then return pass("compliance evidence: %s", evidence) end
    if f.fs_experience then
      return flag("%s experience but no compliance evidence (fs_compliance, a FINRA/compliance certificate, or compliance in a role's summary or highlights)",
        tostring(p.compliance_sector))
    end
    return fail("no %s experience and no compliance evidence", tostring(p.compliance_sector))
  end,
}
