-- sales-tech (preferred): pass = a CRM or sales-analytics tool (sales_tools) in a flat
-- crm_tools list or in skills[]; fail = none, which preferred severity reports as flag.

case {
  name = "flat crm_tools with Salesforce passes",
  candidate = { id = "t", crm_tools = { "Salesforce", "Excel" } },
  expect = { rules = { ["sales-tech"] = "pass" } },
}

case {
  name = "flat crm_tools with only Excel fails, reported as flag (preferred)",
  candidate = { id = "t", sales_years = 12, leadership_years = 4, degree = "bachelor", field = "business",
    quota_attainment = 1.05, team_size = 60, sector = "enterprise saas", crm_tools = { "Excel" } },
  expect = { rules = { ["sales-tech"] = "flag" }, verdict = "flag" },
}

case {
  name = "no tools anywhere flags",
  candidate = { id = "t" },
  expect = { rules = { ["sales-tech"] = "flag" } },
}

case {
  name = "resume: HubSpot as a skill name passes",
  candidate = { id = "t", skills = { { name = "Negotiation" }, { name = "HubSpot" } } },
  expect = { rules = { ["sales-tech"] = "pass" } },
}

case {
  name = "resume: Gong among a skill's keywords passes",
  candidate = { id = "t", skills = { { name = "Revenue intelligence", keywords = { "Gong", "forecasting" } } } },
  expect = { rules = { ["sales-tech"] = "pass" } },
}

case {
  name = "resume: skills without any tool flag",
  candidate = { id = "t", skills = { { name = "Public speaking", keywords = { "keynotes" } }, { name = "Negotiation" } } },
  expect = { rules = { ["sales-tech"] = "flag" } },
}

case {
  name = "override: sales_tools with a new tool (Attio) passes it",
  params = { sales_tools = { "attio" } },
  candidate = { id = "t", crm_tools = { "Attio" } },
  expect = { rules = { ["sales-tech"] = "pass" } },
}

case {
  name = "flat crm_tools as one string is read",
  candidate = { id = "t", crm_tools = "HubSpot" },
  expect = { rules = { ["sales-tech"] = "pass" } },
}

case {
  name = "a tool name inside a longer skill ('Microsoft Dynamics 365 administration') passes",
  candidate = { id = "t", skills = { "Microsoft Dynamics 365 administration" } },
  expect = { rules = { ["sales-tech"] = "pass" } },
}

-- Tool names are whole names, not words inside other names
case {
  name = "'Community Outreach' is not the Outreach tool",
  candidate = { id = "t", skills = { { name = "Community Outreach" } } },
  expect = { rules = { ["sales-tech"] = "flag" } },
}

case {
  name = "'Team Dynamics' is not Microsoft Dynamics",
  candidate = { id = "t", skills = { { name = "Leadership", keywords = { "Team Dynamics", "Coaching" } } } },
  expect = { rules = { ["sales-tech"] = "flag" } },
}

case {
  name = "a name that begins with the tool counts ('Outreach.io', 'Salesforce Sales Cloud')",
  candidate = { id = "t", crm_tools = { "Outreach.io" }, skills = { "Salesforce Sales Cloud" } },
  expect = { rules = { ["sales-tech"] = "pass" }, reasons = { ["sales-tech"] = "uses Outreach.io (crm_tools)" } },
}

case {
  name = "a tool of several words counts inside a name ('LinkedIn Sales Navigator')",
  candidate = { id = "t", skills = { { name = "Prospecting", keywords = { "LinkedIn Sales Navigator" } } } },
  expect = { rules = { ["sales-tech"] = "pass" } },
}

case {
  name = "several names in one string are read one by one ('Community outreach, HubSpot')",
  candidate = { id = "t", skills = { "Community outreach, HubSpot" } },
  expect = { rules = { ["sales-tech"] = "pass" } },
}

case {
  name = "the first entry that holds a tool is reported, a false hit before it skipped",
  candidate = { id = "t", skills = { "Team dynamics", "Gong" } },
  expect = { rules = { ["sales-tech"] = "pass" }, reasons = { ["sales-tech"] = "uses Gong (skills)" } },
}

case {
  name = "a name that says CRM is a CRM ('Veeva CRM'), and the first tool of sales_tools is the one reported",
  candidate = { id = "t", skills = { { name = "Veeva CRM" }, { name = "Salesforce" } } },
  expect = { rules = { ["sales-tech"] = "pass" }, reasons = { ["sales-tech"] = "uses Salesforce (skills)" } },
}
