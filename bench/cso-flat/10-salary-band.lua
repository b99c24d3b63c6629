local PASS, FLAG, FAIL = pass(), flag(), fail()
rule {
  id = "salary-band",
  title = "Base salary expectation within band",
  severity = "required",
  check = function(c)
    local s = c.salary_expectation
    if s <= 300000 then return PASS end
    if s <= 400000 then return FLAG end
    return FAIL
  end,
}
