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

-- Certificates, courses and diplomas are not degrees, whatever level they name; nor are
-- degrees not completed (keywords, or an education[] endDate after the as-of date).
case {
  name = "not a degree: 'Mini-MBA Certificate' fails degree and is no advanced degree",
  candidate = { id = "t", education = { { studyType = "Mini-MBA Certificate" } } },
  expect = { rules = { degree = "fail", ["advanced-degree"] = "pass" },
    reasons = { degree = "Mini-MBA Certificate: a certificate, course or diploma ('certificate'), not a degree; a bachelor's is required",
      ["advanced-degree"] = "no completed MBA, master's or doctorate" } },
}

case {
  name = "not a degree: high school plus 'MBA Essentials (online course)' fails",
  candidate = { id = "t", education = { { studyType = "High School Diploma" }, { studyType = "MBA Essentials (online course)" } } },
  expect = { rules = { degree = "fail" }, reasons = { degree = "a bachelor's is required" } },
}

case {
  name = "not a degree: 'Master's Certificate in Sales Management' fails",
  candidate = { id = "t", education = { { studyType = "Master's Certificate in Sales Management" } } },
  expect = { rules = { degree = "fail" }, reasons = { degree = "a certificate, course or diploma ('certificate'), not a degree" } },
}

case {
  name = "not a degree: 'Master Certificate in Sales Leadership' is no advanced degree beside a BA",
  candidate = { id = "t", education = { { studyType = "BA", area = "Economics" }, { studyType = "Master Certificate in Sales Leadership" } } },
  expect = { rules = { degree = "pass" }, reasons = { ["advanced-degree"] = "no completed MBA" } },
}

case {
  name = "unfinished: 'MBA (in progress)' fails degree and is no advanced degree",
  candidate = { id = "t", education = { { studyType = "MBA (in progress)" } } },
  expect = { rules = { degree = "fail" }, reasons = { degree = "MBA (in progress): not completed ('in progress')" } },
}

case {
  name = "unfinished: 'MBA Candidate' fails",
  candidate = { id = "t", education = { { studyType = "MBA Candidate", area = "Finance" } } },
  expect = { rules = { degree = "fail" }, reasons = { degree = "not completed ('candidate')" } },
}

case {
  name = "unfinished: flat 'Bachelor of Business (expected 2027)' fails",
  candidate = { id = "t", degree = "Bachelor of Business (expected 2027)" },
  expect = { rules = { degree = "fail" }, reasons = { degree = "not completed ('expected')" } },
}

case {
  name = "unfinished: flat 'Bachelor of Business (incomplete)' fails",
  candidate = { id = "t", degree = "Bachelor of Business (incomplete)" },
  expect = { rules = { degree = "fail" } },
}

case {
  name = "unfinished: 'PhD (ABD)' beside a bachelor in business: degree passes, no advanced degree",
  candidate = { id = "t", education = { { studyType = "PhD (ABD)", area = "Economics" }, { studyType = "Bachelor", area = "Business" } } },
  expect = { rules = { degree = "pass" }, reasons = { ["advanced-degree"] = "PhD (ABD) in Economics: not completed ('abd')" } },
}

case {
  name = "unfinished: an education[] endDate after the as-of date is not a completed degree",
  candidate = { id = "t", education = { { studyType = "Bachelor", area = "Business", endDate = "2028-06" } } },
  expect = { rules = { degree = "fail" },
    reasons = { degree = "not completed (ends 2028-06, after the as-of date 2026-01-01)" } },
}

case {
  name = "unfinished: an education[] endDate 'Present' is not a completed degree",
  candidate = { id = "t", education = { { studyType = "MBA", endDate = "Present" } } },
  expect = { rules = { degree = "fail" }, reasons = { degree = "not completed (endDate 'Present')" } },
}

case {
  name = "finished: an education[] endDate in the as-of year, or a numeric past year, counts",
  candidate = { id = "t", education = { { studyType = "Bachelor", area = "Business", endDate = "2026" },
    { studyType = "MBA", endDate = 2015 } } },
  expect = { rules = { degree = "pass", ["advanced-degree"] = "pass" } },
}

case {
  name = "unfinished: a numeric endDate 2027 is after the as-of date",
  candidate = { id = "t", education = { { studyType = "Bachelor", area = "Business", endDate = 2027 } } },
  expect = { rules = { degree = "fail" } },
}

-- Corner cases of where the degree and its field come from
case {
  name = "education given as one object is read as a list of one",
  candidate = { id = "t", education = { studyType = "Bachelor", area = "Finance" } },
  expect = { rules = { degree = "pass" } },
}

case {
  name = "a flat field is the field of education[] entries that give none",
  candidate = { id = "t", education = { { studyType = "Bachelor" } }, field = "Business" },
  expect = { rules = { degree = "pass" }, reasons = { degree = "related field ('business')" } },
}

case {
  name = "an education[] area wins over the flat field",
  candidate = { id = "t", education = { { studyType = "Bachelor", area = "Chemistry" } }, field = "Business" },
  expect = { rules = { degree = "flag" } },
}

case {
  name = "Accounting is a related field",
  candidate = { id = "t", degree = "bachelor", field = "Accounting" },
  expect = { rules = { degree = "pass" } },
}

case {
  name = "Accountancy is a related field",
  candidate = { id = "t", education = { { studyType = "BSc", area = "Accountancy" } } },
  expect = { rules = { degree = "pass" } },
}

case {
  name = "a field 'N/A' is no field given, not another field",
  candidate = { id = "t", degree = "bachelor", field = "N/A" },
  expect = { rules = { degree = "flag" }, reasons = { degree = "field of study not given" } },
}

case {
  name = "not a degree: a bare 'Mini-MBA' is not an MBA",
  candidate = { id = "t", degree = "Mini-MBA" },
  expect = { rules = { degree = "fail" }, reasons = { degree = "('mini-mba'), not a degree" } },
}

case {
  name = "resume: a field written 'N.A.' reads 'na' without its dots: no field given",
  candidate = { id = "t", education = { { studyType = "Bachelor", area = "N.A." } } },
  expect = { rules = { degree = "flag" },
    reasons = { degree = "Bachelor (bachelor's): field of study not given, so not a related field" } },
}

case {
  name = "resume: a degree written with dots beside a field without any (B.B.A. in Marketing passes)",
  candidate = { id = "t", education = { { studyType = "B.B.A.", area = "Marketing" } } },
  expect = { rules = { degree = "pass" }, reasons = { degree = "('marketing')" } },
}
