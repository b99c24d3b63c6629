case {
  name = "Banking is financial services (core); salary in band",
  candidate = { id = "a", sector = "Banking", salary = 200000 },
  expect = { verdict = "pass", rules = { sector = "pass", band = "pass", api = "pass" } },
}
case {
  name = "InsurTech is insurance, adjacent to financial services by the taxonomy default",
  candidate = { id = "b", sector = "InsurTech", salary = 200000 },
  expect = { verdict = "flag", rules = { sector = "flag" } },
}
case {
  name = "SaaS is not adjacent to financial services in the taxonomy",
  candidate = { id = "c", sector = "SaaS (B2B)", salary = 400000 },
  expect = { verdict = "fail", rules = { sector = "fail", band = "fail" } },
}
case {
  name = "params decide what is core: insurance made core passes InsurTech",
  params = { core_sectors = { "financial services", "insurance" } },
  candidate = { id = "d", sector = "InsurTech", salary = 200000 },
  expect = { rules = { sector = "pass" } },
}
case {
  name = "the default adjacency follows the params: with target healthcare, pharma is adjacent",
  params = { target_sector = "Health Care", core_sectors = {} },
  candidate = { id = "e", sector = "Pharma", salary = 200000 },
  expect = { rules = { sector = "flag" } },
}
