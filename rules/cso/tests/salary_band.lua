-- salary-band (preferred): skip when no expectation is given; pass <= salary_max
-- [300000]; flag <= salary_max * 4/3; fail above, which preferred severity reports as flag.

case {
  name = "expectation exactly 300000 passes",
  candidate = { id = "t", salary_expectation = 300000 },
  expect = { rules = { ["salary-band"] = "pass" } },
}

case {
  name = "expectation 300001 flags",
  candidate = { id = "t", salary_expectation = 300001 },
  expect = { rules = { ["salary-band"] = "flag" } },
}

case {
  name = "expectation exactly 400000 (salary_max * 4/3) flags",
  candidate = { id = "t", salary_expectation = 400000 },
  expect = { rules = { ["salary-band"] = "flag" } },
}

case {
  name = "expectation 400001 fails, reported as flag (preferred): the candidate flags",
  candidate = { id = "t", sales_years = 12, leadership_years = 4, degree = "bachelor", field = "business",
    quota_attainment = 1.05, team_size = 60, sector = "enterprise saas", crm_tools = { "salesforce" },
    salary_expectation = 400001 },
  expect = { rules = { ["salary-band"] = "flag" }, verdict = "flag" },
}

case {
  name = "no expectation given skips",
  candidate = { id = "t", sales_years = 12 },
  expect = { rules = { ["salary-band"] = "skip" } },
}

case {
  name = "expectation as a string '$250,000' passes",
  candidate = { id = "t", salary_expectation = "$250,000" },
  expect = { rules = { ["salary-band"] = "pass" } },
}

case {
  name = "resume: basics.salary_expectation is read",
  candidate = { id = "t", basics = { name = "R. Example", salary_expectation = 350000 } },
  expect = { rules = { ["salary-band"] = "flag" } },
}

case {
  name = "override: salary_max 350000 passes 350000",
  params = { salary_max = 350000 },
  candidate = { id = "t", salary_expectation = 350000 },
  expect = { rules = { ["salary-band"] = "pass" } },
}

case {
  name = "expectation as '450k' fails, reported as flag",
  candidate = { id = "t", salary_expectation = "450k" },
  expect = { rules = { ["salary-band"] = "flag" } },
}
