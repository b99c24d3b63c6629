-- Sector names through the `sectors` plugin's taxonomy (plugins/sectors/sectors.tsv):
-- aliases map whole names to a canonical sector, which then decides sector-fit and
-- fs-compliance the way the canonical name would. Params still decide what is core and
-- what is adjacent.

case {
  name = "taxonomy: 'Investment Banking' is financial services, a core sector",
  candidate = { id = "t", sector = "Investment Banking" },
  expect = { rules = { ["sector-fit"] = "pass" } },
}

case {
  name = "taxonomy: 'Bank' is financial services, a core sector",
  candidate = { id = "t", sector = "Bank" },
  expect = { rules = { ["sector-fit"] = "pass" } },
}

case {
  name = "taxonomy: 'Enterprise Cloud' is enterprise saas",
  candidate = { id = "t", sector = "Enterprise Cloud" },
  expect = { rules = { ["sector-fit"] = "pass" } },
}

case {
  name = "taxonomy: 'FinServ' inside a longer name is financial services",
  candidate = { id = "t", sector = "FinServ / Lending" },
  expect = { rules = { ["sector-fit"] = "pass" } },
}

case {
  name = "taxonomy: 'InsurTech' is insurance, adjacent: passes with the allowance",
  candidate = { id = "t", sector = "InsurTech", quota_attainment = 1.2 },
  expect = { rules = { ["sector-fit"] = "pass" } },
}

case {
  name = "taxonomy: 'InsurTech' is insurance, adjacent: flags below the allowance",
  candidate = { id = "t", sector = "InsurTech", quota_attainment = 1.0 },
  expect = { rules = { ["sector-fit"] = "flag" } },
}

case {
  name = "taxonomy: 'Payments' is fintech, adjacent: no quota data flags",
  candidate = { id = "t", sector = "Payments" },
  expect = { rules = { ["sector-fit"] = "flag" } },
}

case {
  name = "taxonomy: 'Private Banking' is wealth management, adjacent",
  candidate = { id = "t", sector = "Private Banking", quota_attainment = 1.15 },
  expect = { rules = { ["sector-fit"] = "pass" } },
}

case {
  name = "taxonomy: 'Consultancy' is consulting, adjacent",
  candidate = { id = "t", sector = "Consultancy", quota_attainment = 1.0 },
  expect = { rules = { ["sector-fit"] = "flag" } },
}

case {
  name = "taxonomy: 'Core Banking' is banking software, adjacent",
  candidate = { id = "t", sector = "Core Banking", quota_attainment = 1.3 },
  expect = { rules = { ["sector-fit"] = "pass" } },
}

case {
  name = "taxonomy: 'Telecom' is telecommunications, not a core or adjacent sector",
  candidate = { id = "t", sector = "Telecom", quota_attainment = 1.5 },
  expect = { rules = { ["sector-fit"] = "fail" } },
}

case {
  name = "taxonomy: params decide: adjacent_sectors without insurance makes InsurTech fail",
  params = { adjacent_sectors = { "fintech" } },
  candidate = { id = "t", sector = "InsurTech", quota_attainment = 1.5 },
  expect = { rules = { ["sector-fit"] = "fail" } },
}

case {
  name = "taxonomy: params decide: core_sectors without financial services makes Banking fail",
  params = { core_sectors = { "enterprise saas" } },
  candidate = { id = "t", sector = "Banking", quota_attainment = 1.5 },
  expect = { rules = { ["sector-fit"] = "fail" } },
}

case {
  name = "taxonomy: target 'Health Care' (any spelling) passes a 'Healthcare' candidate",
  params = { target_sector = "Health Care" },
  candidate = { id = "t", sector = "Healthcare" },
  expect = { rules = { ["sector-fit"] = "pass" } },
}

case {
  name = "taxonomy: FS target: 'Capital Markets' is financial-services experience (flag without evidence)",
  params = { target_sector = "financial services" },
  candidate = { id = "t", sector = "Capital Markets" },
  expect = { rules = { ["sector-fit"] = "pass", ["fs-compliance"] = "flag" } },
}

case {
  name = "taxonomy: FS target written 'FinServ' turns fs-compliance on",
  params = { target_sector = "FinServ" },
  candidate = { id = "t", sector = "Banking", fs_compliance = true },
  expect = { rules = { ["sector-fit"] = "pass", ["fs-compliance"] = "pass" } },
}

case {
  name = "taxonomy: resume: 'Retail Banking' industry with compliance in highlights passes fs-compliance",
  params = { target_sector = "financial services" },
  candidate = { id = "t", work = {
    { name = "First Bank", position = "VP Sales", startDate = "2016-01", industry = "Retail Banking",
      highlights = { "Built a sales process that passed every FINRA audit" } },
  } },
  expect = { rules = { ["sector-fit"] = "pass", ["fs-compliance"] = "pass" } },
}
