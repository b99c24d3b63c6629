local PASS, FLAG, FAIL = pass(), flag(), fail()
rule {
  id = "quota",
  title = "Quota attainment 100%+ (90%+ flagged)",
  severity = "required",
  check = function(c)
    local q = c.quota_attainment
    if q >= 1.0 then return PASS end
    if q >= 0.9 then return FLAG end
    return FAIL
  end,
}
