-- rules/cso/lib/compliance.lua: evidence of compliance-ready financial-services
-- experience (fs-compliance).
local F = require "lib.fields"
local W = require "lib.work"
local sectors = require "sectors"

local matches, find, gsub = sl.matches, string.find, string.gsub

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

-- A keyword list split once per run (sl.derive): the words written in capitals ("SEC",
-- "SOX") must appear in capitals, as whole words ("30 sec" is not the SEC); the others
-- match in any case. `caps` holds the capitals words, `patterns` a frontier pattern for
-- each (the case-sensitive test, run only when sl.matches found the word in some case).
local function split_case(list)
  local any, caps, patterns = {}, {}, {}
  for _, w in ipairs(F.words(list)) do
    if type(w) == "string" then
      if find(w, "%u") and not find(w, "%l") then
        caps[#caps + 1] = w
        patterns[#patterns + 1] = "%f[%w]" .. gsub(w, "%p", "%%%0") .. "%f[%W]"
      else
        any[#any + 1] = w
      end
    end
  end
  return { any = any, caps = caps, patterns = patterns }
end

local keywords_of = sl.derive(function(p) return split_case(p.compliance_keywords) end)
local certificates_of = sl.derive(function(p) return split_case(p.compliance_certificates) end)

-- The keyword of k (a split_case list) that one of texts holds, or nil.
local function mention(texts, k)
  local word = F.match(texts, k.any)
  if word then return word end
  if k.caps[1] == nil or not matches(texts, k.caps) then return nil end
  for i = 1, #k.caps do
    for j = 1, #texts do
      if find(texts[j], k.patterns[i]) then return k.caps[i] end
    end
  end
  return nil
end

-- A description of the first piece of evidence found, or nil:
--   flat fs_compliance true (a flat false is "no evidence" and wins, like every flat field)
--   a certificate matching compliance_certificates, unless it names another sector's
--   regime (compliance_exclusions: "HIPAA Compliance Training" is no evidence)
--   a financial-services role (from W.roles; not one starting after the as-of date)
--   whose summary or highlights match compliance_keywords. A role is a
--   financial-services role when its industry is compliance_sector or, when it gives no
--   industry, when the candidate's flat sector is (flat_fs).
function M.evidence(c, roles, p, flat_fs)
  local flat = F.bool(c.fs_compliance)
  if flat == true then return "fs_compliance is true" end
  if flat == false then return nil end
  local names = M.certificate_names(c)
  if names[1] ~= nil then
    local certs = certificates_of(p)
    for i = 1, #names do
      local name = names[i]
      if mention({ name }, certs) and not F.match(name, p.compliance_exclusions) then
        return string.format("certificate '%s'", name)
      end
    end
  end
  local keywords
  for i = 1, #roles do
    local r = roles[i]
    if not r.future and (r.industry and sectors.is(r.industry, p.compliance_sector) or (flat_fs and not r.industry)) then
      keywords = keywords or keywords_of(p)
      local hit = mention(W.texts(c, r), keywords)
      if hit then
        return string.format("%s role '%s'%s mentions '%s'", r.industry or tostring(p.compliance_sector),
          r.position, r.company and (" at " .. r.company) or "", hit)
      end
    end
  end
  return nil
end

return M
