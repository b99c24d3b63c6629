case {
  name = "a plugin module built on two others",
  candidate = { id = "a", name = "ada", sales_years = 12 },
  expect = { rules = { greet = "pass", reach = "pass" } },
}
