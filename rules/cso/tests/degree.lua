-- degree (required): pass = bachelor's or higher in a related field; flag = bachelor's or
-- higher in another field, or no education listed; fail = no degree, or below bachelor's.
-- advanced-degree (bonus): pass = MBA, master's or doctorate; a fail is reported as pass
-- (it scores nothing), so users see "pass" either way.

case {
  name = "flat bachelor in business passes, no advanced degree still reads pass (bonus)",
  candidate = { id = "t", degree = "bachelor", field = "business", mba = false },
  expect = { rules = { degree = "pass", ["advanced-degree"] = "pass" } },
}

case {
  name = "flat bachelor's in Marketing passes",
  candidate = { id = "t", degree = "Bachelor's", field = "Marketing" },
  expect = { rules = { degree = "pass" } },
}

case {
  name = "flat bachelor in computer science flags",
  candidate = { id = "t", sales_years = 12, leadership_years = 4, degree = "bachelor", field = "computer science",
    quota_attainment = 1.05, team_size = 60, sector = "enterprise saas", crm_tools = { "salesforce" } },
  expect = { rules = { degree = "flag" }, verdict = "flag" },
}

case {
  name = "flat bachelor without a field flags",
  candidate = { id = "t", degree = "bachelor" },
  expect = { rules = { degree = "flag" } },
}

case {
  name = "flat master in physics flags degree, passes advanced-degree",
  candidate = { id = "t", degree = "master", field = "physics" },
  expect = { rules = { degree = "flag", ["advanced-degree"] = "pass" } },
}

case {
  name = "flat mba true alone passes degree and advanced-degree",
  candidate = { id = "t", mba = true },
  expect = { rules = { degree = "pass", ["advanced-degree"] = "pass" } },
}

case {
  name = "flat doctorate in economics passes both",
  candidate = { id = "t", degree = "doctorate", field = "economics" },
  expect = { rules = { degree = "pass", ["advanced-degree"] = "pass" } },
}

case {
  name = "flat associate degree fails",
  candidate = { id = "t", sales_years = 12, leadership_years = 4, degree = "associate", field = "business",
    quota_attainment = 1.05, team_size = 60, sector = "enterprise saas", crm_tools = { "salesforce" } },
  expect = { rules = { degree = "fail", ["advanced-degree"] = "pass" }, verdict = "fail" },
}

case {
  name = "flat degree none fails",
  candidate = { id = "t", degree = "none" },
  expect = { rules = { degree = "fail" } },
}

case {
  name = "no education listed flags",
  candidate = { id = "t", sales_years = 12 },
  expect = { rules = { degree = "flag", ["advanced-degree"] = "pass" } },
}

case {
  name = "resume: empty education[] is no education listed and flags",
  candidate = { id = "t", education = {} },
  expect = { rules = { degree = "flag" } },
}

case {
  name = "resume: B.Sc. in Economics passes",
  candidate = { id = "t", education = { { institution = "LSE", studyType = "B.Sc.", area = "Economics" } } },
  expect = { rules = { degree = "pass" } },
}

case {
  name = "resume: Bachelor of Commerce with no area passes (commerce in the degree name)",
  candidate = { id = "t", education = { { institution = "McGill", studyType = "Bachelor of Commerce" } } },
  expect = { rules = { degree = "pass" } },
}

case {
  name = "resume: Bachelor of Engineering in Mechanical Engineering flags",
  candidate = { id = "t", education = { { institution = "TU Delft", studyType = "Bachelor of Engineering", area = "Mechanical Engineering" } } },
  expect = { rules = { degree = "flag", ["advanced-degree"] = "pass" } },
}

case {
  name = "resume: BS Computer Science plus an MBA passes degree through the MBA",
  candidate = { id = "t", education = {
    { institution = "Wharton", studyType = "MBA", area = "General Management" },
    { institution = "Georgia Tech", studyType = "BS", area = "Computer Science" },
  } },
  expect = { rules = { degree = "pass", ["advanced-degree"] = "pass" } },
}

case {
  name = "resume: Master of Science in Data Science flags degree (another field)",
  candidate = { id = "t", education = { { institution = "NYU", studyType = "Master of Science", area = "Data Science" } } },
  expect = { rules = { degree = "flag", ["advanced-degree"] = "pass" } },
}

case {
  name = "resume: high school diploma only fails",
  candidate = { id = "t", education = { { institution = "Central High", studyType = "High School Diploma" } } },
  expect = { rules = { degree = "fail" } },
}

case {
  name = "resume: an entry without studyType flags (degree type not given)",
  candidate = { id = "t", education = { { institution = "State University", area = "Business" } } },
  expect = { rules = { degree = "flag" } },
}

case {
  name = "override: related_fields with engineering passes an engineering bachelor",
  params = { related_fields = { "business", "engineering" } },
  candidate = { id = "t", education = { { institution = "TU Delft", studyType = "Bachelor of Engineering", area = "Mechanical Engineering" } } },
  expect = { rules = { degree = "pass" } },
}

case {
  name = "resume: Associate of Arts fails (below a bachelor's)",
  candidate = { id = "t", education = { { institution = "City College", studyType = "Associate of Arts", area = "Business" } } },
  expect = { rules = { degree = "fail", ["advanced-degree"] = "pass" } },
}

case {
  name = "resume: a degree name that matches no keyword list flags (not recognised), never fails",
  candidate = { id = "t", education = { { institution = "Uni Bologna", studyType = "Laurea Triennale", area = "Economia" } } },
  expect = { rules = { degree = "flag" } },
}

case {
  name = "resume: abbreviations are read without dots (B.S.B.A. in Finance passes)",
  candidate = { id = "t", education = { { institution = "University of Florida", studyType = "B.S.B.A.", area = "Finance" } } },
  expect = { rules = { degree = "pass" } },
}

case {
  name = "flat degree wins over education[]",
  candidate = { id = "t", degree = "high school",
    education = { { institution = "Harvard", studyType = "MBA" } } },
  expect = { rules = { degree = "fail", ["advanced-degree"] = "pass" } },
}
