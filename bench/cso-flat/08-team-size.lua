local PASS, FLAG, FAIL = pass(), flag(), fail()
rule {
  id = "team-size",
  title = "Led a team of 50+ (20+ flagged)",
  severity = "required",
  check = function(c)
    local t = c.team_size
    if t >= 50 then return PASS end
    if t >= 20 then return FLAG end
    return FAIL
  end,
}
