local PASS, FLAG = pass(), flag()
local CRM = { salesforce = true, hubspot = true, dynamics = true }
local lower = string.lower

rule {
  id = "crm",
  title = "Salesforce, HubSpot or Dynamics (else flagged)",
  severity = "required",
  check = function(c)
    local tools = c.crm_tools
    for i = 1, #tools do
      local t = tools[i]
      if type(t) == "string" and CRM[lower(t)] then return PASS end
    end
    return FLAG
  end,
}
