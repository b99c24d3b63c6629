rule {
  id = "salary-band",
  title = "Base salary expectation within band",
  severity = "required",
  check = function(c)
    local s = c.salary_expectation
    if s <= 300000 then return pass() end
    if s <= 400000 then return flag() end
    return fail()
  end,
}
