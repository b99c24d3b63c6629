local PASS, FLAG = pass(), flag()
local ADVANCED = { master = true, doctorate = true }

rule {
  id = "advanced-degree",
  title = "MBA or advanced degree (else flagged)",
  severity = "required",
  check = function(c)
    if c.mba == true or ADVANCED[c.degree] then return PASS end
    return FLAG
  end,
}
