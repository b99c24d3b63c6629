-- sales-experience (required): pass >= min_sales_years [10], flag >= min_sales_years - 2, fail below.
-- Flat `sales_years` wins; otherwise sl.years over work[] positions matching sales_role_keywords.
-- Tests run as of 2026-01-01 unless a case says otherwise.

case {
  name = "a strong flat candidate passes every rule, fs-compliance skipped",
  candidate = { id = "t-strong", sales_years = 12, leadership_years = 4, degree = "bachelor", field = "business",
    mba = true, quota_attainment = 1.05, team_size = 60, sector = "enterprise saas",
    crm_tools = { "salesforce" }, salary_expectation = 250000 },
  expect = {
    rules = { ["sales-experience"] = "pass", leadership = "pass", degree = "pass", ["advanced-degree"] = "pass",
      ["track-record"] = "pass", ["team-scale"] = "pass", ["sector-fit"] = "pass", ["fs-compliance"] = "skip",
      ["sales-tech"] = "pass", ["salary-band"] = "pass" },
    verdict = "pass",
  },
}

case {
  name = "flat sales_years exactly 10 passes",
  candidate = { id = "t", sales_years = 10, leadership_years = 4, degree = "bachelor", field = "business",
    quota_attainment = 1.05, team_size = 60, sector = "enterprise saas", crm_tools = { "salesforce" } },
  expect = { rules = { ["sales-experience"] = "pass" }, verdict = "pass" },
}

case {
  name = "flat sales_years 9.9 flags",
  candidate = { id = "t", sales_years = 9.9, leadership_years = 4, degree = "bachelor", field = "business",
    quota_attainment = 1.05, team_size = 60, sector = "enterprise saas", crm_tools = { "salesforce" } },
  expect = { rules = { ["sales-experience"] = "flag" }, verdict = "flag" },
}

case {
  name = "flat sales_years exactly 8 flags",
  candidate = { id = "t", sales_years = 8, leadership_years = 4, degree = "bachelor", field = "business",
    quota_attainment = 1.05, team_size = 60, sector = "enterprise saas", crm_tools = { "salesforce" } },
  expect = { rules = { ["sales-experience"] = "flag" }, verdict = "flag" },
}

case {
  name = "flat sales_years 7.9 fails",
  candidate = { id = "t", sales_years = 7.9, leadership_years = 4, degree = "bachelor", field = "business",
    quota_attainment = 1.05, team_size = 60, sector = "enterprise saas", crm_tools = { "salesforce" } },
  expect = { rules = { ["sales-experience"] = "fail" }, verdict = "fail" },
}

case {
  name = "flat sales_years as a numeric string is read",
  candidate = { id = "t", sales_years = "12", leadership_years = "4" },
  expect = { rules = { ["sales-experience"] = "pass", leadership = "pass" } },
}

case {
  name = "no sales data at all fails with 0 years",
  candidate = { id = "t-empty" },
  expect = { rules = { ["sales-experience"] = "fail", leadership = "fail" }, verdict = "fail" },
}

case {
  name = "resume: exactly 120 months of sales roles passes",
  candidate = { id = "t", work = {
    { name = "Acme", position = "Regional Sales Director", startDate = "2017-01", endDate = "2021-12" },
    { name = "Beta", position = "Account Executive", startDate = "2012-01", endDate = "2016-12" },
  } },
  expect = { rules = { ["sales-experience"] = "pass" } },
}

case {
  name = "resume: 119 months of sales roles flags",
  candidate = { id = "t", work = {
    { name = "Acme", position = "Regional Sales Director", startDate = "2017-01", endDate = "2021-12" },
    { name = "Beta", position = "Account Executive", startDate = "2012-02", endDate = "2016-12" },
  } },
  expect = { rules = { ["sales-experience"] = "flag" } },
}

case {
  name = "resume: 96 months (8 years) flags, full dates with days ignored",
  candidate = { id = "t", work = {
    { name = "Acme", position = "VP of Sales", startDate = "2014-01-15", endDate = "2021-12-03" },
  } },
  expect = { rules = { ["sales-experience"] = "flag" } },
}

case {
  name = "resume: 95 months fails",
  candidate = { id = "t", work = {
    { name = "Acme", position = "VP of Sales", startDate = "2014-02", endDate = "2021-12" },
  } },
  expect = { rules = { ["sales-experience"] = "fail" } },
}

case {
  name = "resume: a current role without endDate runs to the as-of month (120 months passes)",
  candidate = { id = "t", work = {
    { name = "Acme", position = "Chief Revenue Officer", startDate = "2016-02" },
  } },
  expect = { rules = { ["sales-experience"] = "pass" } },
}

case {
  name = "resume: the same current role a month earlier (as_of 2025-12-15) is 119 months and flags",
  as_of = "2025-12-15",
  candidate = { id = "t", work = {
    { name = "Acme", position = "Chief Revenue Officer", startDate = "2016-02" },
  } },
  expect = { rules = { ["sales-experience"] = "flag" } },
}

case {
  name = "resume: endDate 'Present' is read as a current role",
  candidate = { id = "t", work = {
    { name = "Acme", position = "Head of Sales", startDate = "2016-01", endDate = "Present" },
  } },
  expect = { rules = { ["sales-experience"] = "pass" } },
}

case {
  name = "resume: year-only dates 2014 to 2023 are 120 months and pass",
  candidate = { id = "t", work = {
    { name = "Acme", position = "Sales Manager", startDate = "2014", endDate = "2023" },
  } },
  expect = { rules = { ["sales-experience"] = "pass" } },
}

case {
  name = "resume: overlapping sales roles count each month once (9 years, flag)",
  candidate = { id = "t", work = {
    { name = "Side gig", position = "Sales Consultant", startDate = "2015-01", endDate = "2019-12" },
    { name = "Acme", position = "Business Development Manager", startDate = "2013-01", endDate = "2021-12" },
  } },
  expect = { rules = { ["sales-experience"] = "flag" } },
}

case {
  name = "resume: non-sales roles do not count (15 years engineering, 5 in sales fails)",
  candidate = { id = "t", work = {
    { name = "Acme", position = "Account Executive", startDate = "2021-01" },
    { name = "Beta", position = "Software Engineer", startDate = "2006-01", endDate = "2020-12" },
  } },
  expect = { rules = { ["sales-experience"] = "fail" } },
}

case {
  name = "resume: a role with unreadable dates is left out",
  candidate = { id = "t", work = {
    { name = "Acme", position = "Sales Director", startDate = "2018-01", endDate = "2023-12" },
    { name = "Beta", position = "Sales Manager", startDate = "sometime in 2010", endDate = "2017-12" },
  } },
  expect = { rules = { ["sales-experience"] = "fail" } },
}

case {
  name = "flat sales_years wins over work[]",
  candidate = { id = "t", sales_years = 5, work = {
    { name = "Acme", position = "VP Sales", startDate = "2005-01", endDate = "2024-12" },
  } },
  expect = { rules = { ["sales-experience"] = "fail" } },
}

case {
  name = "override: min_sales_years 15 fails 12 years",
  params = { min_sales_years = 15 },
  candidate = { id = "t", sales_years = 12 },
  expect = { rules = { ["sales-experience"] = "fail" } },
}

case {
  name = "override: min_sales_years 15 flags 13 years",
  params = { min_sales_years = 15 },
  candidate = { id = "t", sales_years = 13 },
  expect = { rules = { ["sales-experience"] = "flag" } },
}

case {
  name = "override: sales_role_keywords can add a title (partnerships)",
  params = { sales_role_keywords = { "sales", "partnerships" } },
  candidate = { id = "t", work = {
    { name = "Acme", position = "Head of Partnerships", startDate = "2014-01", endDate = "2024-12" },
  } },
  expect = { rules = { ["sales-experience"] = "pass" } },
}
