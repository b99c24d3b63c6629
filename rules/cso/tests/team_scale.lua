-- team-scale (preferred): pass = largest team >= 50; flag = 20-49 or no data; fail < 20,
-- which preferred severity reports as flag. Flat `team_size` wins; otherwise the largest
-- work[].team_size.

case {
  name = "team of exactly 50 passes",
  candidate = { id = "t", team_size = 50 },
  expect = { rules = { ["team-scale"] = "pass" } },
}

case {
  name = "team of 49 flags",
  candidate = { id = "t", team_size = 49 },
  expect = { rules = { ["team-scale"] = "flag" } },
}

case {
  name = "team of exactly 20 flags",
  candidate = { id = "t", team_size = 20 },
  expect = { rules = { ["team-scale"] = "flag" } },
}

case {
  name = "team of 19 fails, reported as flag (preferred): the candidate flags, not fails",
  candidate = { id = "t", sales_years = 12, leadership_years = 4, degree = "bachelor", field = "business",
    quota_attainment = 1.05, team_size = 19, sector = "enterprise saas", crm_tools = { "salesforce" } },
  expect = { rules = { ["team-scale"] = "flag" }, verdict = "flag" },
}

case {
  name = "no team size data flags",
  candidate = { id = "t" },
  expect = { rules = { ["team-scale"] = "flag" } },
}

case {
  name = "resume: the largest work[].team_size counts",
  candidate = { id = "t", work = {
    { name = "A", position = "VP Sales", startDate = "2020-01", team_size = 35 },
    { name = "B", position = "Sales Director", startDate = "2015-01", endDate = "2019-12", team_size = 80 },
  } },
  expect = { rules = { ["team-scale"] = "pass" } },
}

case {
  name = "override: min_team_size 100 flags a team of 80",
  params = { min_team_size = 100 },
  candidate = { id = "t", team_size = 80 },
  expect = { rules = { ["team-scale"] = "flag" } },
}
