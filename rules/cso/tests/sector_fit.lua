-- sector-fit (required): pass = a sector worked in is target_sector ["enterprise saas"] or
-- one of core_sectors; an adjacent sector passes with the allowance (quota attainment >=
-- allowance_quota [1.1]) and flags without it; no sector data flags; anything else fails.
-- Flat `sector` wins; otherwise every work[].industry. Names are normalised.

case {
  name = "flat sector 'enterprise saas' passes",
  candidate = { id = "t", sector = "enterprise saas" },
  expect = { rules = { ["sector-fit"] = "pass" } },
}

case {
  name = "'SaaS (B2B)' is normalised to enterprise saas and passes",
  candidate = { id = "t", sector = "SaaS (B2B)" },
  expect = { rules = { ["sector-fit"] = "pass" } },
}

case {
  name = "core sector 'Financial Services' passes with the default target",
  candidate = { id = "t", sector = "Financial Services" },
  expect = { rules = { ["sector-fit"] = "pass" } },
}

case {
  name = "core sector 'B2B' passes",
  candidate = { id = "t", sector = "B2B" },
  expect = { rules = { ["sector-fit"] = "pass" } },
}

case {
  name = "allowance: adjacent 'fintech' with quota exactly 1.1 passes",
  candidate = { id = "t", sales_years = 12, leadership_years = 4, degree = "bachelor", field = "business",
    quota_attainment = 1.1, team_size = 60, sector = "fintech", crm_tools = { "salesforce" } },
  expect = { rules = { ["sector-fit"] = "pass", ["track-record"] = "pass" }, verdict = "pass" },
}

case {
  name = "allowance: adjacent 'FinTech' with quota 1.09 flags",
  candidate = { id = "t", sales_years = 12, leadership_years = 4, degree = "bachelor", field = "business",
    quota_attainment = 1.09, team_size = 60, sector = "FinTech", crm_tools = { "salesforce" } },
  expect = { rules = { ["sector-fit"] = "flag", ["track-record"] = "pass" }, verdict = "flag" },
}

case {
  name = "adjacent 'Insurance' without quota data flags",
  candidate = { id = "t", sector = "Insurance" },
  expect = { rules = { ["sector-fit"] = "flag", ["track-record"] = "flag" } },
}

case {
  name = "allowance: adjacent 'Management Consulting' with quota 1.5 passes",
  candidate = { id = "t", sector = "Management Consulting", quota_attainment = 1.5 },
  expect = { rules = { ["sector-fit"] = "pass" } },
}

case {
  name = "unrelated sector 'Retail' fails even with a strong quota",
  candidate = { id = "t", sales_years = 12, leadership_years = 4, degree = "bachelor", field = "business",
    quota_attainment = 1.4, team_size = 60, sector = "Retail", crm_tools = { "salesforce" } },
  expect = { rules = { ["sector-fit"] = "fail" }, verdict = "fail" },
}

case {
  name = "no sector data flags",
  candidate = { id = "t", sales_years = 12 },
  expect = { rules = { ["sector-fit"] = "flag" } },
}

case {
  name = "resume: one core industry among several passes",
  candidate = { id = "t", work = {
    { name = "Shop", position = "Sales Director", startDate = "2020-01", industry = "Retail" },
    { name = "Cloudly", position = "Account Executive", startDate = "2014-01", endDate = "2019-12", industry = "Enterprise Software" },
  } },
  expect = { rules = { ["sector-fit"] = "pass" } },
}

case {
  name = "resume: adjacent industry passes with the allowance from averaged work[] quotas (1.2)",
  candidate = { id = "t", work = {
    { name = "PayCo", position = "VP Sales", startDate = "2020-01", industry = "Fintech", quota_attainment = 1.3 },
    { name = "WealthCo", position = "Sales Director", startDate = "2015-01", endDate = "2019-12", industry = "Wealth Management", quota_attainment = 1.1 },
  } },
  expect = { rules = { ["sector-fit"] = "pass", ["track-record"] = "pass" } },
}

case {
  name = "resume: adjacent industry with averaged quota 1.05 flags",
  candidate = { id = "t", work = {
    { name = "InsureCo", position = "VP Sales", startDate = "2020-01", industry = "Insurance", quota_attainment = 1.0 },
    { name = "InsureCo", position = "Sales Director", startDate = "2015-01", endDate = "2019-12", industry = "Insurance", quota_attainment = 1.1 },
  } },
  expect = { rules = { ["sector-fit"] = "flag", ["track-record"] = "pass" } },
}

case {
  name = "resume: roles without industry are no sector data (flag)",
  candidate = { id = "t", work = { { name = "A", position = "VP Sales", startDate = "2015-01" } } },
  expect = { rules = { ["sector-fit"] = "flag" } },
}

case {
  name = "override: target_sector 'healthcare' passes a Healthcare candidate",
  params = { target_sector = "healthcare" },
  candidate = { id = "t", sector = "Healthcare" },
  expect = { rules = { ["sector-fit"] = "pass" } },
}

case {
  name = "override: core_sectors emptied, target financial services: B2B now fails",
  params = { target_sector = "financial services", core_sectors = {} },
  candidate = { id = "t", sector = "B2B" },
  expect = { rules = { ["sector-fit"] = "fail" } },
}

case {
  name = "override: allowance_quota 1.3 flags fintech at 1.25",
  params = { allowance_quota = 1.3 },
  candidate = { id = "t", sector = "fintech", quota_attainment = 1.25 },
  expect = { rules = { ["sector-fit"] = "flag" } },
}

case {
  name = "override: adjacent_sectors with retail accepts retail with the allowance",
  params = { adjacent_sectors = { "retail" } },
  candidate = { id = "t", sector = "Retail", quota_attainment = 1.2 },
  expect = { rules = { ["sector-fit"] = "pass" } },
}

case {
  name = "sector names are normalised: 'Enterprise Software-as-a-Service' passes",
  candidate = { id = "t", sector = "Enterprise Software-as-a-Service" },
  expect = { rules = { ["sector-fit"] = "pass" } },
}

case {
  name = "sector names are normalised: 'Banking & Financial Services' passes",
  candidate = { id = "t", sector = "Banking & Financial Services" },
  expect = { rules = { ["sector-fit"] = "pass" } },
}

case {
  name = "an adjacent sector inside a longer name ('IT Consulting') is adjacent",
  candidate = { id = "t", sector = "IT Consulting", quota_attainment = 1.0 },
  expect = { rules = { ["sector-fit"] = "flag" } },
}

case {
  name = "flat sector wins over work[].industry",
  candidate = { id = "t", sector = "Retail", work = {
    { name = "Cloudly", position = "VP Sales", startDate = "2015-01", industry = "Enterprise SaaS" },
  } },
  expect = { rules = { ["sector-fit"] = "fail" } },
}

case {
  name = "a core sector beats an adjacent one: no allowance needed",
  candidate = { id = "t", sector = { "fintech", "b2b" }, quota_attainment = 0.95 },
  expect = { rules = { ["sector-fit"] = "pass", ["track-record"] = "flag" } },
}

case {
  name = "rounding: adjacent sector with 1.096 flags and reads 1.096 below the 1.100 allowance",
  candidate = { id = "t", sector = "Fintech", quota_attainment = 1.096 },
  expect = { rules = { ["sector-fit"] = "flag" },
    reasons = { ["sector-fit"] = "quota attainment 1.096 is below the 1.100 allowance" } },
}

case {
  name = "rounding: 1.0999999 is below 1.1 (only binary-fraction error is allowed for) and says so",
  candidate = { id = "t", sector = "Fintech", quota_attainment = 1.0999999 },
  expect = { rules = { ["sector-fit"] = "flag" },
    reasons = { ["sector-fit"] = "quota attainment 1.0999999 is below the 1.1000000 allowance" } },
}

-- Names that combine several sectors are read as their parts; the best part counts
for _, s in ipairs({ "SaaS / Payments", "Technology / SaaS", "SaaS (enterprise)", "Enterprise software (SaaS)",
    "SaaS Startup", "Banking/Insurance", "Fin Serv", "SaaS, Fintech", "SaaS; Fintech", "Retail and B2B" }) do
  case {
    name = "combined sector name '" .. s .. "' passes through its best part",
    candidate = { id = "t", sector = s, quota_attainment = 1.0 },
    expect = { rules = { ["sector-fit"] = "pass" } },
  }
end

case {
  name = "combined sector name: the reason names the part and the name it is in",
  candidate = { id = "t", sector = "Technology / SaaS" },
  expect = { rules = { ["sector-fit"] = "pass" },
    reasons = { ["sector-fit"] = "sector 'SaaS' (in 'Technology / SaaS') is the target sector 'enterprise saas'" } },
}

case {
  name = "combined sector name: an adjacent part still needs the allowance ('Retail / Insurance')",
  candidate = { id = "t", sector = "Retail / Insurance", quota_attainment = 1.0 },
  expect = { rules = { ["sector-fit"] = "flag" }, reasons = { ["sector-fit"] = "adjacent sector 'Retail / Insurance' ('insurance')" } },
}

case {
  name = "combined sector name: a whole name keeps its meaning ('Property and Casualty' is insurance, adjacent)",
  candidate = { id = "t", sector = "Property and Casualty", quota_attainment = 1.0 },
  expect = { rules = { ["sector-fit"] = "flag" } },
}

case {
  name = "combined sector name: 'Banking Software' stays banking software (adjacent), not banking",
  candidate = { id = "t", sector = "Banking Software", quota_attainment = 1.0 },
  expect = { rules = { ["sector-fit"] = "flag" } },
}

case {
  name = "combined sector name: FS target: 'Banking/Insurance' is financial-services experience",
  params = { target_sector = "financial services" },
  candidate = { id = "t", sector = "Banking/Insurance" },
  expect = { rules = { ["fs-compliance"] = "flag", ["sector-fit"] = "pass" } },
}
