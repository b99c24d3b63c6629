local PASS, FAIL = pass(), fail()
local OK = { bachelor = true, master = true, doctorate = true }

rule {
  id = "degree",
  title = "Bachelor's degree or higher",
  severity = "required",
  check = function(c)
    if OK[c.degree] then return PASS end
    return FAIL
  end,
}
