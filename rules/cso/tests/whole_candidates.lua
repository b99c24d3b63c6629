-- Whole candidates in both shapes: the candidate verdict follows from the rules
-- (fail if any rule fails, else flag if any flags, else pass; skip counts for nothing),
-- after severities (preferred fail -> flag, bonus fail -> pass).

case {
  name = "resume: a strong JSON Resume candidate passes everything",
  candidate = {
    id = "t-resume-strong",
    basics = { name = "Dana Whitfield", label = "Chief Revenue Officer" },
    work = {
      { name = "Cloudly", position = "Chief Revenue Officer", startDate = "2019-04", industry = "Enterprise SaaS",
        team_size = 120, quota_attainment = 1.12 },
      { name = "Stackwise", position = "VP Sales, EMEA", startDate = "2014-06", endDate = "2019-03",
        industry = "B2B SaaS", team_size = 45, quota_attainment = 1.04 },
      { name = "Oracle", position = "Account Executive", startDate = "2010", endDate = "2014", quota_attainment = 0.98 },
    },
    education = { { institution = "University of Michigan", studyType = "Bachelor of Business Administration", area = "Marketing" } },
    skills = { { name = "CRM", keywords = { "Salesforce", "Clari" } } },
  },
  expect = {
    rules = { ["sales-experience"] = "pass", leadership = "pass", degree = "pass", ["advanced-degree"] = "pass",
      ["track-record"] = "pass", ["team-scale"] = "pass", ["sector-fit"] = "pass", ["fs-compliance"] = "skip",
      ["sales-tech"] = "pass", ["salary-band"] = "skip" },
    verdict = "pass",
  },
}

case {
  name = "only bonus and skipped rules short of perfect: verdict pass",
  candidate = { id = "t", sales_years = 15, leadership_years = 6, degree = "bachelor", field = "economics",
    mba = false, quota_attainment = 1.2, team_size = 75, sector = "b2b", crm_tools = { "hubspot" } },
  expect = { rules = { ["advanced-degree"] = "pass", ["salary-band"] = "skip" }, verdict = "pass" },
}

case {
  name = "only preferred rules short: verdict flag, never fail",
  candidate = { id = "t", sales_years = 15, leadership_years = 6, degree = "bachelor", field = "economics",
    quota_attainment = 1.2, team_size = 5, sector = "b2b", crm_tools = {}, salary_expectation = 900000 },
  expect = { rules = { ["team-scale"] = "flag", ["sales-tech"] = "flag", ["salary-band"] = "flag" }, verdict = "flag" },
}

case {
  name = "one required fail makes the candidate fail whatever else passes",
  candidate = { id = "t", sales_years = 15, leadership_years = 6, degree = "high school",
    quota_attainment = 1.2, team_size = 75, sector = "b2b", crm_tools = { "hubspot" } },
  expect = { rules = { degree = "fail" }, verdict = "fail" },
}

case {
  name = "FS target, resume: compliance-ready banking sales leader passes",
  params = { target_sector = "financial services" },
  candidate = {
    id = "t-fs",
    work = {
      { name = "Northbridge Bank", position = "Managing Director, Sales", startDate = "2017-01", industry = "Financial Services",
        team_size = 55, quota_attainment = 1.08, highlights = { "Kept a 60-person desk FINRA-compliant through two audits" } },
      { name = "Ledgerline", position = "Sales Director", startDate = "2011-01", endDate = "2016-12",
        industry = "Banking Software", team_size = 25, quota_attainment = 1.02 },
    },
    education = { { studyType = "BA", area = "Economics" }, { studyType = "MBA", area = "Finance" } },
    skills = { { name = "Salesforce" } },
    basics = { salary_expectation = 295000 },
  },
  expect = {
    rules = { ["sales-experience"] = "pass", leadership = "pass", degree = "pass", ["track-record"] = "pass",
      ["team-scale"] = "pass", ["sector-fit"] = "pass", ["fs-compliance"] = "pass", ["sales-tech"] = "pass",
      ["salary-band"] = "pass" },
    verdict = "pass",
  },
}

case {
  name = "messy resume: null-free but sparse record with odd types still evaluates",
  candidate = { id = "t-messy", work = { "not an object", { position = "Sales Rep" }, { startDate = "2019" } },
    education = { "BA Marketing" }, skills = { "Salesforce" }, certificates = "none", sector = 42 },
  expect = { rules = { ["sales-experience"] = "fail", degree = "pass", ["sales-tech"] = "pass", ["sector-fit"] = "flag" },
    verdict = "fail" },
}
