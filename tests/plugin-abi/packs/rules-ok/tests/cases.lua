case {
  name = "everything holds",
  candidate = { id = "a", sales_years = 12, leadership_years = 3, basics = { salary = 250000 }, quota_attainment = 1.2, level = 3 },
  expect = { verdict = "pass", rules = { ["sales-years"] = "pass", leadership = "pass", salary = "pass", quota = "pass", ["not-intern"] = "pass" } },
}
case {
  name = "below the bar fails; a preferred rule flags; a bonus rule passes",
  candidate = { id = "b", sales_years = 8, leadership_years = 2, basics = { salary = 350000 }, quota_attainment = 1.0, level = 0 },
  expect = { verdict = "fail", rules = { ["sales-years"] = "fail", leadership = "fail", salary = "flag", quota = "pass", ["not-intern"] = "fail" } },
}
case {
  name = "missing or non-numeric fields flag",
  candidate = { id = "c", sales_years = "twelve", basics = "none" },
  expect = { verdict = "flag", rules = { ["sales-years"] = "flag", leadership = "flag", salary = "flag", quota = "flag", ["not-intern"] = "flag" } },
}
