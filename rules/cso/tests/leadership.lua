-- leadership (required): pass >= min_leadership_years [3], flag >= min_leadership_years - 1, fail below.
-- Flat `leadership_years` wins; otherwise sl.years over work[] positions matching
-- leadership_role_keywords and not leadership_role_exclusions.

case {
  name = "flat leadership_years exactly 3 passes",
  candidate = { id = "t", leadership_years = 3 },
  expect = { rules = { leadership = "pass" } },
}

case {
  name = "flat leadership_years 2.9 flags",
  candidate = { id = "t", sales_years = 12, leadership_years = 2.9, degree = "bachelor", field = "business",
    quota_attainment = 1.05, team_size = 60, sector = "enterprise saas", crm_tools = { "salesforce" } },
  expect = { rules = { leadership = "flag" }, verdict = "flag" },
}

case {
  name = "flat leadership_years exactly 2 flags",
  candidate = { id = "t", leadership_years = 2 },
  expect = { rules = { leadership = "flag" } },
}

case {
  name = "flat leadership_years 1.9 fails",
  candidate = { id = "t", sales_years = 12, leadership_years = 1.9, degree = "bachelor", field = "business",
    quota_attainment = 1.05, team_size = 60, sector = "enterprise saas", crm_tools = { "salesforce" } },
  expect = { rules = { leadership = "fail" }, verdict = "fail" },
}

case {
  name = "resume: a current VP role since 2023-02 is 36 months and passes",
  candidate = { id = "t", work = {
    { name = "Acme", position = "VP, Sales", startDate = "2023-02" },
    { name = "Beta", position = "Senior Account Executive", startDate = "2015-01", endDate = "2023-01" },
  } },
  expect = { rules = { leadership = "pass", ["sales-experience"] = "pass" } },
}

case {
  name = "resume: a current Director role since 2023-03 is 35 months and flags",
  candidate = { id = "t", work = {
    { name = "Acme", position = "Sales Director", startDate = "2023-03" },
  } },
  expect = { rules = { leadership = "flag" } },
}

case {
  name = "resume: 24 months of leadership flags",
  candidate = { id = "t", work = {
    { name = "Acme", position = "Head of Revenue", startDate = "2024-02" },
  } },
  expect = { rules = { leadership = "flag" } },
}

case {
  name = "resume: 23 months of leadership fails",
  candidate = { id = "t", work = {
    { name = "Acme", position = "Head of Revenue", startDate = "2024-03" },
  } },
  expect = { rules = { leadership = "fail" } },
}

case {
  name = "resume: Account Manager is an individual-contributor title, not leadership",
  candidate = { id = "t", work = {
    { name = "Acme", position = "Senior Account Manager", startDate = "2012-01", endDate = "2024-12" },
  } },
  expect = { rules = { leadership = "fail", ["sales-experience"] = "pass" } },
}

case {
  name = "resume: leadership outside sales counts (Marketing Director + Regional Sales Manager)",
  candidate = { id = "t", work = {
    { name = "Acme", position = "Regional Sales Manager", startDate = "2021-01", endDate = "2022-12" },
    { name = "Beta", position = "Marketing Director", startDate = "2019-01", endDate = "2020-12" },
  } },
  expect = { rules = { leadership = "pass" } },
}

case {
  name = "flat leadership_years wins over work[]",
  candidate = { id = "t", leadership_years = 1, work = {
    { name = "Acme", position = "Chief Sales Officer", startDate = "2010-01" },
  } },
  expect = { rules = { leadership = "fail", ["sales-experience"] = "pass" } },
}

case {
  name = "override: min_leadership_years 5 flags 4 years",
  params = { min_leadership_years = 5 },
  candidate = { id = "t", leadership_years = 4 },
  expect = { rules = { leadership = "flag" } },
}

case {
  name = "override: min_leadership_years 5 fails 3.5 years",
  params = { min_leadership_years = 5 },
  candidate = { id = "t", leadership_years = 3.5 },
  expect = { rules = { leadership = "fail" } },
}

case {
  name = "resume: 'Sales Team Lead' is leadership, 'Senior Account Executive' is not",
  candidate = { id = "t", work = {
    { name = "Acme", position = "Sales Team Lead", startDate = "2020-01", endDate = "2022-12" },
    { name = "Acme", position = "Senior Account Executive", startDate = "2015-01", endDate = "2019-12" },
  } },
  expect = { rules = { leadership = "pass", ["sales-experience"] = "flag" } },
}
