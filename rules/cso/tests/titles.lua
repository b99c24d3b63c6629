-- Job titles: which work[] positions are sales roles and which are leadership roles.
-- Each case is one role from 2010 to 2019 (10 years): sales-experience passes when it is
-- a sales role (fails at 0 years otherwise), leadership passes when it is a leadership role.

local function one(title)
  return { id = "t", work = { { name = "Acme", position = title, startDate = "2010", endDate = "2019" } } }
end

-- Not sales jobs, though they hold a sales word (sales_role_exclusions, or the title read
-- without what follows " to " or an acronym in parentheses)
for _, t in ipairs({ "Revenue Accountant", "Revenue Cycle Manager", "Commercial Pilot", "Commercial Counsel",
    "Sales Intern" }) do
  case {
    name = "titles: '" .. t .. "' is not a sales role",
    candidate = one(t),
    expect = { rules = { ["sales-experience"] = "fail" }, reasons = { ["sales-experience"] = "no sales roles in work[]" } },
  }
end

for _, t in ipairs({ "Chief Risk Officer (CRO)", "Chief Strategy Officer (CSO)" }) do
  case {
    name = "titles: '" .. t .. "' is not a sales role (the acronym abbreviates the title); a chief is a leader",
    candidate = one(t),
    expect = { rules = { ["sales-experience"] = "fail", leadership = "pass" } },
  }
end

for _, t in ipairs({ "Clinical Research Associate (CRO)", "Executive Assistant to the VP of Sales",
    "Executive Assistant TO the Chief Executive", "Personal Assistant To The Sales Director" }) do
  case {
    name = "titles: '" .. t .. "' is neither a sales nor a leadership role",
    candidate = one(t),
    expect = { rules = { ["sales-experience"] = "fail", leadership = "fail" } },
  }
end

-- Sales jobs
for _, t in ipairs({ "Salesman", "Salesperson", "Senior AE", "Enterprise AE", "Business Developer",
    "Presales Consultant", "Pre-Sales Consultant", "Chief Revenue Officer (CRO)", "CRO", "Head of Revenue",
    "Commercial Director" }) do
  case {
    name = "titles: '" .. t .. "' is a sales role",
    candidate = one(t),
    expect = { rules = { ["sales-experience"] = "pass" } },
  }
end

-- Leadership: a leadership word outside the individual-contributor phrases counts
case {
  name = "titles: 'Regional Sales Director & Key Account Manager' is a leadership role",
  candidate = one("Regional Sales Director & Key Account Manager"),
  expect = { rules = { leadership = "pass", ["sales-experience"] = "pass" } },
}

case {
  name = "titles: 'Key Account Manager' is not a leadership role",
  candidate = one("Key Account Manager"),
  expect = { rules = { leadership = "fail", ["sales-experience"] = "pass" } },
}

case {
  name = "titles: 'Territory Manager' and 'Customer Success Manager' are not leadership roles",
  candidate = { id = "t", work = {
    { position = "Territory Manager", startDate = "2010", endDate = "2014" },
    { position = "Customer Success Manager", startDate = "2015", endDate = "2019" } } },
  expect = { rules = { leadership = "fail" } },
}

case {
  name = "titles: 'Account Director, Head of EMEA' is a leadership role (head)",
  candidate = one("Account Director, Head of EMEA"),
  expect = { rules = { leadership = "pass" } },
}

case {
  name = "titles: override: sales_role_exclusions can be emptied ('Sales Intern' counts again)",
  params = { sales_role_exclusions = {} },
  candidate = one("Sales Intern"),
  expect = { rules = { ["sales-experience"] = "pass" } },
}
