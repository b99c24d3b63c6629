-- Values given in a form other than a plain number. sl.number reads "12", "1,250",
-- "$280,000", "280k" and "110%" (= 1.1); beyond that the pack reads a leading number when
-- what follows leaves its meaning clear (lib/fields.lua, README "Numbers"), and says a
-- value could not be read (quoting it) rather than that it is missing.

-- Quota attainment written as a percentage number (finding: 95 passed as 95x quota)
case {
  name = "quota: a number above 5 is a percentage (95 reads 0.95 and flags)",
  candidate = { id = "t", quota_attainment = 95 },
  expect = { rules = { ["track-record"] = "flag" },
    reasons = { ["track-record"] = "quota attainment 0.95 (95 read as a percentage)" } },
}

case {
  name = "quota: a numeric string above 5 is a percentage too ('85' fails)",
  candidate = { id = "t", quota_attainment = "85" },
  expect = { rules = { ["track-record"] = "fail" } },
}

case {
  name = "quota: 110 reads 1.1 and passes track-record and the adjacent-sector allowance",
  candidate = { id = "t", quota_attainment = 110, sector = "Fintech" },
  expect = { rules = { ["track-record"] = "pass", ["sector-fit"] = "pass" } },
}

case {
  name = "quota: a ratio up to 5 stays a ratio (2.5 passes)",
  candidate = { id = "t", quota_attainment = 2.5 },
  expect = { rules = { ["track-record"] = "pass" }, reasons = { ["track-record"] = "quota attainment 2.50 >=" } },
}

case {
  name = "quota: '600%' is a percentage already and is not divided again (6.00)",
  candidate = { id = "t", quota_attainment = "600%" },
  expect = { rules = { ["track-record"] = "pass" }, reasons = { ["track-record"] = "quota attainment 6.00" } },
}

case {
  name = "quota: work[] values 85 and '92%' are both percentages (average 0.885 fails)",
  candidate = { id = "t", work = {
    { position = "VP Sales", startDate = "2020-01", quota_attainment = 85 },
    { position = "Sales Director", startDate = "2015-01", endDate = "2019-12", quota_attainment = "92%" },
  } },
  expect = { rules = { ["track-record"] = "fail" },
    reasons = { ["track-record"] = "average of the latest 2 roles in work[] that give one; 1 given as a percentage" } },
}

-- Values with a little more around the number
case {
  name = "years: '12+' reads 12 and passes, and the reason says where it came from",
  candidate = { id = "t", sales_years = "12+", leadership_years = "4 years" },
  expect = { rules = { ["sales-experience"] = "pass", leadership = "pass" },
    reasons = { ["sales-experience"] = "12.0 years in sales (read from '12+')",
      leadership = "4.0 years leading teams (read from '4 years')" } },
}

case {
  name = "years: a range reads its lower end ('8-10 yrs' flags)",
  candidate = { id = "t", sales_years = "8-10 yrs" },
  expect = { rules = { ["sales-experience"] = "flag" } },
}

case {
  name = "years: a value that cannot be read is quoted, not called missing",
  candidate = { id = "t", sales_years = "about twelve", leadership_years = "12 months" },
  expect = { rules = { ["sales-experience"] = "fail", leadership = "fail" },
    reasons = { ["sales-experience"] = "0.0 years in sales (sales_years 'about twelve' could not be read; no work[] roles)",
      leadership = "leadership_years '12 months' could not be read" } },
}

case {
  name = "years: an unreadable flat value gives way to work[]",
  candidate = { id = "t", sales_years = "lots", work = {
    { position = "Sales Director", startDate = "2014-01", endDate = "2023-12" } } },
  expect = { rules = { ["sales-experience"] = "pass" },
    reasons = { ["sales-experience"] = "sales_years 'lots' could not be read; from 1 sales role in work[]" } },
}

case {
  name = "quota: '1.1x' reads 1.1 (passes the allowance)",
  candidate = { id = "t", quota_attainment = "1.1x", sector = "Insurance" },
  expect = { rules = { ["track-record"] = "pass", ["sector-fit"] = "pass" },
    reasons = { ["track-record"] = "read from '1.1x'" } },
}

case {
  name = "quota: '110% of quota' reads 1.1",
  candidate = { id = "t", quota_attainment = "110% of quota" },
  expect = { rules = { ["track-record"] = "pass" } },
}

case {
  name = "quota: an unreadable value is quoted in the no-data flag",
  candidate = { id = "t", quota_attainment = "always above plan" },
  expect = { rules = { ["track-record"] = "flag" },
    reasons = { ["track-record"] = "quota_attainment 'always above plan' could not be read" } },
}

case {
  name = "team: '50+' reads 50 and passes",
  candidate = { id = "t", team_size = "50+" },
  expect = { rules = { ["team-scale"] = "pass" }, reasons = { ["team-scale"] = "largest team 50 (read from '50+')" } },
}

case {
  name = "team: '120 people' reads 120",
  candidate = { id = "t", team_size = "120 people" },
  expect = { rules = { ["team-scale"] = "pass" } },
}

case {
  name = "team: work[].team_size '60+' reads 60",
  candidate = { id = "t", work = { { position = "VP Sales", startDate = "2020-01", team_size = "60+" } } },
  expect = { rules = { ["team-scale"] = "pass" } },
}

case {
  name = "team: an unreadable value is quoted in the no-data flag",
  candidate = { id = "t", team_size = "a big one" },
  expect = { rules = { ["team-scale"] = "flag" },
    reasons = { ["team-scale"] = "team_size 'a big one' could not be read" } },
}

case {
  name = "salary: a range reads its upper end ('250-300k' is $300,000 and passes)",
  candidate = { id = "t", salary_expectation = "250-300k" },
  expect = { rules = { ["salary-band"] = "pass" },
    reasons = { ["salary-band"] = "expects $300,000 (read from '250-300k'), within $300,000" } },
}

case {
  name = "salary: '$250,000 - $320,000' reads its upper end and flags",
  candidate = { id = "t", salary_expectation = "$250,000 - $320,000" },
  expect = { rules = { ["salary-band"] = "flag" }, reasons = { ["salary-band"] = "expects $320,000" } },
}

case {
  name = "salary: '€280,000' reads 280000 (the sign is not converted)",
  candidate = { id = "t", salary_expectation = "€280,000" },
  expect = { rules = { ["salary-band"] = "pass" }, reasons = { ["salary-band"] = "expects $280,000 (read from '€280,000')" } },
}

case {
  name = "salary: '$300,000 base + $300,000 OTE' reads the leading amount, the base",
  candidate = { id = "t", salary_expectation = "$300,000 base + $300,000 OTE" },
  expect = { rules = { ["salary-band"] = "pass" }, reasons = { ["salary-band"] = "expects $300,000" } },
}

case {
  name = "salary: a value that cannot be read flags (it was given) instead of skipping",
  candidate = { id = "t", salary_expectation = "negotiable" },
  expect = { rules = { ["salary-band"] = "flag" },
    reasons = { ["salary-band"] = "salary_expectation 'negotiable' could not be read" } },
}

case {
  name = "salary: an unreadable top-level value gives way to basics.salary_expectation",
  candidate = { id = "t", salary_expectation = "tbd", basics = { salary_expectation = 250000 } },
  expect = { rules = { ["salary-band"] = "pass" } },
}

case {
  name = "an empty string is no value: salary-band skips, sales years come from work[]",
  candidate = { id = "t", salary_expectation = "", sales_years = " " },
  expect = { rules = { ["salary-band"] = "skip", ["sales-experience"] = "fail" },
    reasons = { ["sales-experience"] = "no sales_years field and no work[] roles" } },
}
