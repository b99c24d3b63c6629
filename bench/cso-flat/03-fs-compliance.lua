local PASS, FLAG, FAIL = pass(), flag(), fail()
rule {
  id = "fs-compliance",
  title = "Compliance-ready for financial-services roles",
  severity = "required",
  check = function(c)
    if c.target_sector ~= "financial services" then return PASS end
    if c.fs_compliance ~= true then return FLAG end
    if c.sector == "financial services" then return PASS end
    return FAIL
  end,
}
