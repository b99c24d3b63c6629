-- rules/cso/lib/compliance.lua: evidence of compliance-ready financial-services
-- experience (fs-compliance).
local F = require "lib.fields"
local W = require "lib.work"
local sectors = require "sectors"

local M = {}

-- Certificate names from certificates[] (JSON Resume objects with `name`, or plain
-- strings), or a flat `certifications` list.
function M.certificate_names(c)
  local out = c.certificates ~= nil and F.strings(c.certificates) or {}
  if c.certifications ~= nil then
    local more = F.strings(c.certifications)
    for i = 1, #more do out[#out + 1] = more[i] end
  end
  return out
end

-- A description of the first piece of evidence found, or nil:
--   flat fs_compliance true (a flat false is "no evidence" and wins, like every flat field)
--   a certificate matching compliance_certificates
--   a role (from W.roles) in compliance_sector whose summary or highlights match
--   compliance_keywords
function M.evidence(c, roles, p)
  local flat = F.bool(c.fs_compliance)
  if flat == true then return "fs_compliance is true" end
  if flat == false then return nil end
  local names = M.certificate_names(c)
  for i = 1, #names do
    local name = names[i]
    if F.match(name, p.compliance_certificates) then return string.format("certificate '%s'", name) end
  end
  for i = 1, #roles do
    local r = roles[i]
    if r.industry and not r.future and sectors.is(r.industry, p.compliance_sector) then
      local hit = F.match(W.texts(c, r), p.compliance_keywords)
      if hit then
        return string.format("%s role '%s'%s mentions '%s'", r.industry, r.position,
          r.company and (" at " .. r.company) or "", hit)
      end
    end
  end
  return nil
end

return M
