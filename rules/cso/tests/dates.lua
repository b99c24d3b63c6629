-- work[] dates that are not plain strings, roles that start after the as-of date, and the
-- notes that say what was left out (the as-of date is 2026-01-01 unless a case says so).

-- Dates that are not strings: a whole-number year reads as that year; anything else is
-- an unreadable date (the role is left out), never "current".
case {
  name = "dates: a numeric endDate 2008 reads as the year 2008, not as a current role (4 years fail)",
  candidate = { id = "t", work = {
    { position = "VP Sales", startDate = "2005", endDate = 2008, industry = "Enterprise SaaS" },
  } },
  expect = { rules = { ["sales-experience"] = "fail", leadership = "pass" },
    reasons = { ["sales-experience"] = "4.0 years in sales (from 1 sales role in work[])" } },
}

case {
  name = "dates: numeric startDate and endDate read as years (2010 to 2019 is 10 years)",
  candidate = { id = "t", work = { { position = "Sales Director", startDate = 2010, endDate = 2019 } } },
  expect = { rules = { ["sales-experience"] = "pass" }, reasons = { ["sales-experience"] = "10.0 years" } },
}

case {
  name = "dates: an object endDate is unreadable: the role is left out, not current",
  candidate = { id = "t", work = {
    { position = "VP Sales", startDate = "2005", endDate = { year = 2008 } },
  } },
  expect = { rules = { ["sales-experience"] = "fail", leadership = "fail" },
    reasons = { ["sales-experience"] = "0.0 years in sales (no sales role in work[] counted; left out: 1 with unreadable dates)" } },
}

case {
  name = "dates: a boolean or a fractional number is an unreadable endDate",
  candidate = { id = "t", work = {
    { position = "VP Sales", startDate = "2005", endDate = true },
    { position = "Sales Director", startDate = "2010", endDate = 2012.5 },
  } },
  expect = { rules = { ["sales-experience"] = "fail" },
    reasons = { ["sales-experience"] = "left out: 2 with unreadable dates" } },
}

case {
  name = "dates: a null or empty endDate is still a current role",
  candidate = { id = "t", work = {
    { position = "VP Sales", startDate = "2016-01", endDate = "" },
    { position = "Sales Manager", startDate = "2010-01", endDate = "2012-12" },
  } },
  expect = { rules = { ["sales-experience"] = "pass" }, reasons = { ["sales-experience"] = "13.0 years" } },
}

case {
  name = "dates: 'Current', 'Now', 'Ongoing' and 'Today' are current roles",
  candidate = { id = "t", work = {
    { position = "VP Sales", startDate = "2024-01", endDate = "Current" },
    { position = "Sales Director", startDate = "2022-01", endDate = "now" },
    { position = "Sales Manager", startDate = "2020-01", endDate = "Ongoing" },
    { position = "Account Executive", startDate = "2016-01", endDate = "TODAY" },
  } },
  expect = { rules = { ["sales-experience"] = "pass" }, reasons = { ["sales-experience"] = "10.0 years" } },
}

-- Notes on dates
case {
  name = "dates: an end before the start is said as such, not as unreadable",
  candidate = { id = "t", work = { { position = "VP Sales", startDate = "2019", endDate = "2017" } } },
  expect = { rules = { ["sales-experience"] = "fail" },
    reasons = { ["sales-experience"] = "no sales role in work[] counted; left out: 1 ending before it starts" } },
}

case {
  name = "dates: 'from N sales roles' counts only the roles used",
  candidate = { id = "t", work = {
    { position = "VP Sales", startDate = "2021-01", endDate = "2025-12" },
    { position = "Sales Manager", startDate = "sometime", endDate = "2019-12" },
  } },
  expect = { rules = { ["sales-experience"] = "fail" },
    reasons = { ["sales-experience"] = "5.0 years in sales (from 1 sales role in work[]; left out: 1 with unreadable dates)" } },
}

case {
  name = "dates: work given as one object says it could not be read",
  candidate = { id = "t", work = { position = "VP Sales", startDate = "2010-01" } },
  expect = { rules = { ["sales-experience"] = "fail" },
    reasons = { ["sales-experience"] = "work could not be read (an object, not a list of roles)" } },
}

case {
  name = "dates: work given as a list of strings says its entries could not be read",
  candidate = { id = "t", work = { "VP Sales 2010-2020", "Sales Manager 2005-2009" } },
  expect = { rules = { ["sales-experience"] = "fail", leadership = "fail" },
    reasons = { ["sales-experience"] = "work[] entries could not be read (not objects)" } },
}

case {
  name = "dates: work given as a string says it could not be read",
  candidate = { id = "t", work = "VP Sales at Acme, 2010-2020" },
  expect = { reasons = { leadership = "work could not be read (not a list of roles)" } },
}

-- Roles that start after the as-of date count for nothing
case {
  name = "future role: its sector is not used (only the past role's is, none here: flag)",
  candidate = { id = "t", work = {
    { position = "VP Sales", startDate = "2026-06", industry = "Enterprise SaaS" },
    { position = "Sales Rep", startDate = "2010-01", endDate = "2011-12" },
  } },
  expect = { rules = { ["sector-fit"] = "flag", ["sales-experience"] = "fail" },
    reasons = { ["sector-fit"] = "1 role starting after the as-of date 2026-01-01 left out",
      ["sales-experience"] = "2.0 years in sales (from 1 sales role in work[]; left out: 1 starting after the as-of date 2026-01-01)",
      leadership = "left out: 1 starting after the as-of date" } },
}

case {
  name = "future role: its team size and quota are not used",
  candidate = { id = "t", work = {
    { position = "VP Sales", startDate = "2027", team_size = 200, quota_attainment = 1.5 },
    { position = "Sales Manager", startDate = "2015-01", team_size = 10, quota_attainment = 0.8 },
  } },
  expect = { rules = { ["team-scale"] = "flag", ["track-record"] = "fail" } },
}

case {
  name = "future role: its compliance text is not evidence",
  params = { target_sector = "financial services" },
  candidate = { id = "t", work = {
    { position = "VP Sales", startDate = "2026-03", industry = "Banking", summary = "AML and KYC programme owner" },
    { position = "Sales Manager", startDate = "2015-01", industry = "Retail" },
  } },
  expect = { rules = { ["fs-compliance"] = "fail", ["sector-fit"] = "fail" } },
}

case {
  name = "future role: a role starting in the as-of month counts (2026-01, 1 month)",
  candidate = { id = "t", work = { { position = "VP Sales", startDate = "2026-01-20", industry = "Enterprise SaaS", team_size = 60 } } },
  expect = { rules = { ["sector-fit"] = "pass", ["team-scale"] = "pass" } },
}

case {
  name = "future role: with an earlier as_of the same role is in the future",
  as_of = "2025-12-31",
  candidate = { id = "t", work = { { position = "VP Sales", startDate = "2026-01", industry = "Enterprise SaaS", team_size = 60 } } },
  expect = { rules = { ["sector-fit"] = "flag", ["team-scale"] = "flag" } },
}
