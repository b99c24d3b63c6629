-- track-record (required): pass = quota attainment >= 1.0; flag = 0.9 to 1.0, or no quota
-- data; fail < 0.9. Flat `quota_attainment` wins; otherwise the average of the latest three
-- work[] roles (by startDate) that give `quota_attainment`.

case {
  name = "flat quota attainment exactly 1.0 passes",
  candidate = { id = "t", quota_attainment = 1.0 },
  expect = { rules = { ["track-record"] = "pass" } },
}

case {
  name = "flat quota attainment 0.99 flags",
  candidate = { id = "t", quota_attainment = 0.99 },
  expect = { rules = { ["track-record"] = "flag" } },
}

case {
  name = "flat quota attainment exactly 0.9 flags",
  candidate = { id = "t", quota_attainment = 0.9 },
  expect = { rules = { ["track-record"] = "flag" } },
}

case {
  name = "flat quota attainment 0.89 fails",
  candidate = { id = "t", sales_years = 12, leadership_years = 4, degree = "bachelor", field = "business",
    quota_attainment = 0.89, team_size = 60, sector = "enterprise saas", crm_tools = { "salesforce" } },
  expect = { rules = { ["track-record"] = "fail" }, verdict = "fail" },
}

case {
  name = "no quota data flags",
  candidate = { id = "t", sales_years = 12, leadership_years = 4, degree = "bachelor", field = "business",
    team_size = 60, sector = "enterprise saas", crm_tools = { "salesforce" } },
  expect = { rules = { ["track-record"] = "flag" }, verdict = "flag" },
}

case {
  name = "flat quota attainment as a percentage string '110%' passes",
  candidate = { id = "t", quota_attainment = "110%" },
  expect = { rules = { ["track-record"] = "pass" } },
}

case {
  name = "resume: average of the latest three roles by startDate (older 1.6 ignored) is 0.9 and flags",
  candidate = { id = "t", work = {
    { name = "Old", position = "Account Executive", startDate = "2008-01", endDate = "2011-12", quota_attainment = 1.6 },
    { name = "C", position = "VP Sales", startDate = "2020-01", quota_attainment = 1.0 },
    { name = "A", position = "Sales Manager", startDate = "2012-01", endDate = "2015-12", quota_attainment = 0.8 },
    { name = "B", position = "Sales Director", startDate = "2016-01", endDate = "2019-12", quota_attainment = 0.9 },
  } },
  expect = { rules = { ["track-record"] = "flag" } },
}

case {
  name = "resume: roles without quota are skipped when picking the latest three (1.05 passes)",
  candidate = { id = "t", work = {
    { name = "Now", position = "CRO", startDate = "2023-01" },
    { name = "B", position = "VP Sales", startDate = "2018-01", endDate = "2022-12", quota_attainment = 1.1 },
    { name = "A", position = "Sales Director", startDate = "2014", endDate = "2017", quota_attainment = 1.0 },
  } },
  expect = { rules = { ["track-record"] = "pass" } },
}

case {
  name = "resume: a single role at 0.85 fails",
  candidate = { id = "t", work = {
    { name = "A", position = "VP Sales", startDate = "2015-01", quota_attainment = 0.85 },
  } },
  expect = { rules = { ["track-record"] = "fail" } },
}

case {
  name = "resume: no role gives quota_attainment flags",
  candidate = { id = "t", work = { { name = "A", position = "VP Sales", startDate = "2015-01" } } },
  expect = { rules = { ["track-record"] = "flag" } },
}

case {
  name = "override: min_quota_attainment 1.2 flags 1.05 (quota_flag_floor stays 0.9)",
  params = { min_quota_attainment = 1.2 },
  candidate = { id = "t", quota_attainment = 1.05 },
  expect = { rules = { ["track-record"] = "flag" } },
}

-- Roles whose startDate is missing or unreadable come last when picking the latest three
-- (and never make the rule an error).
case {
  name = "resume: two quota roles without startDate are averaged, not an error (1.15 passes the allowance too)",
  candidate = { id = "t", work = {
    { position = "VP Sales", quota_attainment = 1.2, industry = "Fintech" },
    { position = "Sales Director", quota_attainment = 1.1 },
  } },
  expect = { rules = { ["track-record"] = "pass", ["sector-fit"] = "pass" },
    reasons = { ["track-record"] = "average of the latest 2 roles" } },
}

case {
  name = "resume: two quota roles with unreadable startDates are averaged, not an error",
  candidate = { id = "t", work = {
    { position = "VP Sales", startDate = "Spring 2012", quota_attainment = 0.95 },
    { position = "Sales Director", startDate = "2008-2011", quota_attainment = 0.95 },
  } },
  expect = { rules = { ["track-record"] = "flag" } },
}

case {
  name = "resume: undated quota roles come after the dated one, in listed order (0.5, 1.2, 1.2: flag)",
  candidate = { id = "t", work = {
    { position = "Sales Manager", quota_attainment = 1.2 },
    { position = "Sales Manager", quota_attainment = 1.2 },
    { position = "Sales Manager", quota_attainment = 0.1 },
    { position = "VP Sales", startDate = "2020-01", quota_attainment = 0.5 },
  } },
  expect = { rules = { ["track-record"] = "flag" } },
}

-- Reasons show enough decimals to tell a ratio from the threshold it is below
case {
  name = "rounding: 0.8951 fails and reads 0.895 below 0.900, not 0.90 below 0.90",
  candidate = { id = "t", quota_attainment = 0.8951 },
  expect = { rules = { ["track-record"] = "fail" },
    reasons = { ["track-record"] = "quota attainment 0.895; below 0.900" } },
}

case {
  name = "rounding: 0.997 flags and reads 0.997; 1.000 expected",
  candidate = { id = "t", quota_attainment = 0.997 },
  expect = { rules = { ["track-record"] = "flag" },
    reasons = { ["track-record"] = "quota attainment 0.997; 1.000 expected" } },
}

case {
  name = "rounding: the average 1.0999999999999999 of 1.2, 1.0 and 1.1 counts as 1.1 (binary fractions)",
  candidate = { id = "t", sector = "Fintech", work = {
    { position = "VP Sales", startDate = "2022-01", quota_attainment = 1.2 },
    { position = "Sales Director", startDate = "2019-01", endDate = "2021-12", quota_attainment = 1.0 },
    { position = "Sales Manager", startDate = "2016-01", endDate = "2018-12", quota_attainment = 1.1 },
  } },
  expect = { rules = { ["sector-fit"] = "pass" } },
}

case {
  name = "rounding: a quota of -0.0 reads -0.00, as %.2f writes it",
  candidate = { id = "t", quota_attainment = "-0.0" }, -- (a string: JSON would write the number as 0)
  expect = { rules = { ["track-record"] = "fail" },
    reasons = { ["track-record"] = "quota attainment -0.00; below 0.90" } },
}

case {
  name = "rounding: the adjacent-sector allowance shows 0.955 below 1.10 with two decimals",
  candidate = { id = "t", sector = "Fintech", quota_attainment = 0.955 },
  expect = { rules = { ["sector-fit"] = "flag" },
    reasons = { ["sector-fit"] = "quota attainment 0.95 is below the 1.10 allowance" } },
}
