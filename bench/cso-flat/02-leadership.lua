local PASS, FLAG, FAIL = pass(), flag(), fail()
rule {
  id = "leadership",
  title = "3+ years leading teams (2+ flagged)",
  severity = "required",
  check = function(c)
    local y = c.leadership_years
    if y >= 3 then return PASS end
    if y >= 2 then return FLAG end
    return FAIL
  end,
}
