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

case {
  name = "an absurd expectation (1e20) fails, reported as flag, and is no rule error",
  candidate = { id = "t", salary_expectation = 1e20 },
  expect = { rules = { ["salary-band"] = "flag" }, reasons = { ["salary-band"] = "expects $100,000,000,000,000,000,000" } },
}

case {
  name = "an absurd expectation as a string of digits is no rule error",
  candidate = { id = "t", salary_expectation = "10000000000000000000000" },
  expect = { rules = { ["salary-band"] = "flag" } },
}

case {
  name = "below salary_min (the JD's $150k) flags: a figure to check",
  candidate = { id = "t", salary_expectation = 290 },
  expect = { rules = { ["salary-band"] = "flag" },
    reasons = { ["salary-band"] = "expects $290, below the band ($150,000 to $300,000): check the figure" } },
}

case {
  name = "exactly salary_min passes",
  candidate = { id = "t", salary_expectation = 150000 },
  expect = { rules = { ["salary-band"] = "pass" } },
}

case {
  name = "override: salary_min 0 passes any low expectation",
  params = { salary_min = 0 },
  candidate = { id = "t", salary_expectation = 0 },
  expect = { rules = { ["salary-band"] = "pass" } },
}

-- How amounts are written (lib/fields.lua, money): to the nearest dollar, in groups of
-- three digits, a minus sign before the dollar sign.
case {
  name = "money: 299999.5 rounds to $300,000 and passes",
  candidate = { id = "t", salary_expectation = 299999.5 },
  expect = { rules = { ["salary-band"] = "pass" },
    reasons = { ["salary-band"] = "expects $300,000, within $300,000" } },
}

case {
  name = "money: millions are written in three groups",
  candidate = { id = "t", salary_expectation = 1234567.6 },
  expect = { rules = { ["salary-band"] = "flag" },
    reasons = { ["salary-band"] = "expects $1,234,568, above $300,000 and the $400,000 flag limit" } },
}

case {
  name = "money: a negative expectation reads -$5,000 and flags below the band",
  candidate = { id = "t", salary_expectation = -5000.4 },
  expect = { rules = { ["salary-band"] = "flag" },
    reasons = { ["salary-band"] = "expects -$5,000, below the band ($150,000 to $300,000)" } },
}

case {
  name = "money: under a thousand, and exactly a million",
  params = { salary_min = 999, salary_max = 1000000 },
  candidate = { id = "t", salary_expectation = 999 },
  expect = { rules = { ["salary-band"] = "pass" },
    reasons = { ["salary-band"] = "expects $999, within $1,000,000" } },
}
