local PASS, FLAG, FAIL = pass(), flag(), fail()
rule {
  id = "sales-experience",
  title = "10+ years in sales (8+ flagged)",
  severity = "required",
  check = function(c)
    local y = c.sales_years
    if y >= 10 then return PASS end
    if y >= 8 then return FLAG end
    return FAIL
  end,
}
