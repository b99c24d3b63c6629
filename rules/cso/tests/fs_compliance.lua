-- fs-compliance (required): runs only when target_sector is "financial services" (skip
-- otherwise). pass = compliance evidence (fs_compliance true; a certificate such as FINRA
-- Series 7/24/66; or a financial-services role whose summary or highlights mention
-- compliance or regulation); flag = financial-services experience without evidence;
-- fail = neither.

case {
  name = "default target (enterprise saas): fs-compliance is skipped",
  candidate = { id = "t", sector = "financial services", fs_compliance = false },
  expect = { rules = { ["fs-compliance"] = "skip" } },
}

case {
  name = "FS target: flat fs_compliance true passes",
  params = { target_sector = "financial services" },
  candidate = { id = "t", sales_years = 12, leadership_years = 4, degree = "bachelor", field = "finance",
    quota_attainment = 1.05, team_size = 60, sector = "financial services", fs_compliance = true,
    crm_tools = { "salesforce" }, salary_expectation = 290000 },
  expect = { rules = { ["fs-compliance"] = "pass", ["sector-fit"] = "pass" }, verdict = "pass" },
}

case {
  name = "FS target: FS sector with fs_compliance false flags",
  params = { target_sector = "financial services" },
  candidate = { id = "t", sales_years = 12, leadership_years = 4, degree = "bachelor", field = "finance",
    quota_attainment = 1.05, team_size = 60, sector = "Financial Services", fs_compliance = false,
    crm_tools = { "salesforce" } },
  expect = { rules = { ["fs-compliance"] = "flag" }, verdict = "flag" },
}

case {
  name = "FS target: FS sector and no fs_compliance field flags",
  params = { target_sector = "financial services" },
  candidate = { id = "t", sector = "financial services" },
  expect = { rules = { ["fs-compliance"] = "flag" } },
}

case {
  name = "FS target: no FS experience and no evidence fails",
  params = { target_sector = "financial services" },
  candidate = { id = "t", sales_years = 12, leadership_years = 4, degree = "bachelor", field = "business",
    quota_attainment = 1.05, team_size = 60, sector = "enterprise saas", crm_tools = { "salesforce" } },
  expect = { rules = { ["fs-compliance"] = "fail", ["sector-fit"] = "pass" }, verdict = "fail" },
}

case {
  name = "FS target given as 'Financial Services' (any case) runs the rule",
  params = { target_sector = "Financial Services" },
  candidate = { id = "t", sector = "retail" },
  expect = { rules = { ["fs-compliance"] = "fail", ["sector-fit"] = "fail" } },
}

case {
  name = "FS target, resume: a FINRA Series 7 certificate passes",
  params = { target_sector = "financial services" },
  candidate = { id = "t", work = { { name = "Cloudly", position = "VP Sales", startDate = "2015-01", industry = "Enterprise SaaS" } },
    certificates = { { name = "FINRA Series 7", issuer = "FINRA", date = "2012-05" } } },
  expect = { rules = { ["fs-compliance"] = "pass" } },
}

case {
  name = "FS target, resume: FS role whose highlights mention regulatory work passes",
  params = { target_sector = "financial services" },
  candidate = { id = "t", work = {
    { name = "Big Bank", position = "Head of Institutional Sales", startDate = "2016-01", industry = "Banking",
      highlights = { "Grew book 40%", "Led the sales side of a regulatory remediation programme" } },
  } },
  expect = { rules = { ["fs-compliance"] = "pass", ["sector-fit"] = "pass" } },
}

case {
  name = "FS target, resume: FS role without a compliance mention flags",
  params = { target_sector = "financial services" },
  candidate = { id = "t", work = {
    { name = "Big Bank", position = "Head of Institutional Sales", startDate = "2016-01", industry = "Financial Services",
      summary = "Built the institutional sales team from 5 to 40." },
  } },
  expect = { rules = { ["fs-compliance"] = "flag" } },
}

case {
  name = "FS target, resume: compliance mentioned outside financial services is no evidence (fail)",
  params = { target_sector = "financial services" },
  candidate = { id = "t", work = {
    { name = "MedCo", position = "VP Sales", startDate = "2016-01", industry = "Healthcare",
      summary = "Sold HIPAA compliance software to hospitals." },
  } },
  expect = { rules = { ["fs-compliance"] = "fail" } },
}

case {
  name = "FS target, resume: an unrelated certificate is no evidence",
  params = { target_sector = "financial services" },
  candidate = { id = "t", sector = "financial services",
    certificates = { { name = "AWS Certified Cloud Practitioner" } } },
  expect = { rules = { ["fs-compliance"] = "flag" } },
}

case {
  name = "FS target, flat: a Series 66 certificate given as a plain string passes",
  params = { target_sector = "financial services" },
  candidate = { id = "t", sector = "wealth management", certificates = { "FINRA Series 66" } },
  expect = { rules = { ["fs-compliance"] = "pass" } },
}

case {
  name = "FS target, resume: FS role summary mentioning KYC passes",
  params = { target_sector = "financial services" },
  candidate = { id = "t", work = {
    { name = "Crest Bank", position = "VP Sales", startDate = "2018-01", industry = "Financial Services",
      summary = "Owned onboarding targets and the KYC review backlog." },
  } },
  expect = { rules = { ["fs-compliance"] = "pass" } },
}

case {
  name = "FS target: flat fs_compliance false wins over a certificate",
  params = { target_sector = "financial services" },
  candidate = { id = "t", sector = "financial services", fs_compliance = false, certificates = { "FINRA Series 7" } },
  expect = { rules = { ["fs-compliance"] = "flag" } },
}

case {
  name = "FS target: the spelled-out CAMS (Certified Anti-Money Laundering Specialist) is evidence",
  params = { target_sector = "financial services" },
  candidate = { id = "t", sector = "Retail",
    certificates = { { name = "Certified Anti-Money Laundering Specialist", issuer = "ACAMS" } } },
  expect = { rules = { ["fs-compliance"] = "pass" } },
}

case {
  name = "FS target: 'HIPAA Compliance Training' is not financial-services compliance evidence",
  params = { target_sector = "financial services" },
  candidate = { id = "t", sector = "Healthcare", certificates = { { name = "HIPAA Compliance Training" } } },
  expect = { rules = { ["fs-compliance"] = "fail" } },
}

case {
  name = "FS target: '30 sec' in an FS role's summary is not the SEC",
  params = { target_sector = "financial services" },
  candidate = { id = "t", work = { { position = "VP Sales", startDate = "2015", industry = "Financial Services",
    summary = "Closed deals in 30 sec flat." } } },
  expect = { rules = { ["fs-compliance"] = "flag" } },
}

case {
  name = "FS target: 'SEC' in capitals in an FS role's highlights is evidence",
  params = { target_sector = "financial services" },
  candidate = { id = "t", work = { { position = "VP Sales", startDate = "2015", industry = "Banking",
    highlights = { "Prepared the desk for two SEC examinations" } } } },
  expect = { rules = { ["fs-compliance"] = "pass" }, reasons = { ["fs-compliance"] = "mentions 'SEC'" } },
}

case {
  name = "FS target: the Red Sox are not SOX",
  params = { target_sector = "financial services" },
  candidate = { id = "t", work = { { position = "VP Sales", startDate = "2015", industry = "Banking",
    summary = "Sold hospitality packages to the Red Sox." } } },
  expect = { rules = { ["fs-compliance"] = "flag" } },
}

case {
  name = "FS target: a flat FS sector makes roles without an industry FS roles (FINRA-compliant summary passes)",
  params = { target_sector = "financial services" },
  candidate = { id = "t", sector = "Financial Services",
    work = { { position = "VP Sales", startDate = "2015", summary = "Built a FINRA-compliant sales desk" } } },
  expect = { rules = { ["fs-compliance"] = "pass" } },
}

case {
  name = "FS target: a role with another industry stays outside, whatever the flat sector",
  params = { target_sector = "financial services" },
  candidate = { id = "t", sector = "Financial Services",
    work = { { position = "VP Sales", startDate = "2015", industry = "Healthcare", summary = "HIPAA compliance programme" } } },
  expect = { rules = { ["fs-compliance"] = "flag" } },
}
