-- rules/cso/pack.lua: the Chief Sales Officer screening pack (the default pack).
--
-- Every threshold and keyword list below is a parameter: override it for one run with
-- `--set NAME=VALUE` (VALUE is JSON when it parses as JSON, so lists are JSON arrays:
-- --set 'sales_tools=["salesforce","attio"]'), or in a test case with `params = {...}`.
-- rules/cso/README.md documents each one.
pack {
  name = "cso",
  title = "Chief Sales Officer",
  version = "1.0.0",
  params = {
    -- sales-experience: pass >= min_sales_years, flag >= min_sales_years - margin
    min_sales_years = 10,
    sales_years_flag_margin = 2,

    -- leadership: pass >= min_leadership_years, flag >= min_leadership_years - margin
    min_leadership_years = 3,
    leadership_years_flag_margin = 1,

    -- track-record: pass >= min_quota_attainment, flag >= quota_flag_floor (1.0 = 100%)
    min_quota_attainment = 1.0,
    quota_flag_floor = 0.9,

    -- team-scale: pass >= min_team_size, flag >= team_size_flag_floor
    min_team_size = 50,
    team_size_flag_floor = 20,

    -- sector-fit
    target_sector = "enterprise saas",
    core_sectors = { "enterprise saas", "financial services", "b2b" },
    adjacent_sectors = { "fintech", "insurance", "banking software", "consulting", "wealth management" },
    -- adjacent-sector allowance: an adjacent sector passes when quota attainment >= this
    allowance_quota = 1.1,
    -- words that describe the company rather than its sector, dropped from the parts of a
    -- sector name ("SaaS Startup" reads "SaaS"; see lib/sector_names.lua)
    sector_filler_words = {
      "startup", "start-up", "scaleup", "scale-up", "company", "companies", "industry",
      "sector", "firm", "firms", "vendor", "vendors", "business", "businesses",
    },

    -- fs-compliance runs when target_sector is this sector; working in it is
    -- "financial-services experience"
    compliance_sector = "financial services",

    -- salary-band: pass from salary_min up to salary_max, flag <= salary_max * 4/3; an
    -- expectation below salary_min flags (the JD's band is about $150k-$300k base: far
    -- below it is a figure to check, or a junior candidate); 0 turns that off
    salary_min = 150000,
    salary_max = 300000,

    -- work[] positions that count as sales roles (whole words or phrases, any case)
    sales_role_keywords = {
      "sales", "salesman", "salesmen", "saleswoman", "salesperson", "salespeople", "presales",
      "account executive", "ae", "account manager", "account director", "key account",
      "business development", "business developer", "bdr", "sdr", "revenue",
      "chief revenue officer", "cro", "chief sales officer", "cso", "commercial",
      "go-to-market", "gtm",
    },
    -- ... unless they match one of these: titles that hold a sales word but are not sales
    -- jobs (an exclusion wins over the keywords)
    sales_role_exclusions = {
      "revenue accountant", "revenue accounting", "revenue cycle", "revenue recognition",
      "revenue integrity", "commercial pilot", "commercial counsel", "commercial lawyer",
      "commercial attorney", "commercial litigation", "intern", "interns", "internship",
      "executive assistant", "administrative assistant", "personal assistant", "assistant to",
    },
    -- work[] positions that count as leadership roles ...
    leadership_role_keywords = {
      "chief", "ceo", "cso", "cro", "cco", "coo", "president", "vice president", "vp",
      "svp", "evp", "avp", "head", "director", "managing director", "general manager",
      "manager", "team lead", "team leader", "leader", "founder",
    },
    -- ... unless the leadership word is part of one of these (individual-contributor
    -- titles, assistants; in a title that holds one, what follows " to " is not read)
    leadership_role_exclusions = {
      "account manager", "key account manager", "account director", "territory manager",
      "relationship manager", "customer success manager", "product manager",
      "project manager", "program manager", "individual contributor",
      "executive assistant", "administrative assistant", "personal assistant", "assistant to",
    },

    -- degree levels, matched against studyType / degree after dots and apostrophes are
    -- removed ("B.Sc." reads "bsc", "Master's" reads "masters")
    bachelor_keywords = {
      "bachelor", "bachelors", "baccalaureate", "ba", "bs", "bsc", "bba", "bsba", "bcom",
      "bcomm", "bbus", "beng", "btech", "ab", "undergraduate degree", "licenciatura",
    },
    master_keywords = {
      "master", "masters", "ma", "ms", "msc", "mba", "emba", "mim", "mphil", "meng",
      "mcom", "mfa", "mpa", "mpp", "llm", "postgraduate",
    },
    doctorate_keywords = { "phd", "doctorate", "doctoral", "doctor", "dba", "edd", "dphil" },
    mba_keywords = { "mba", "emba", "master of business administration" },
    -- below a bachelor's (a degree name matching none of the lists above and none of
    -- these is "not recognised" and flags rather than fails)
    below_bachelor_keywords = {
      "associate", "associates", "aa", "aas", "high school", "secondary school",
      "ged", "hnd", "hnc", "foundation degree", "some college", "vocational",
      "trade school", "apprenticeship", "a levels", "a-levels", "gcse",
    },
    -- not a degree whatever level it names ("Mini-MBA Certificate", "Master's Certificate
    -- in Sales", "MBA Essentials (online course)"): below a bachelor's
    non_degree_keywords = {
      "certificate", "certificates", "certification", "certified", "diploma", "course",
      "courses", "coursework", "training", "bootcamp", "workshop", "seminar", "nanodegree",
      "mini mba", "mini-mba", "executive education",
    },
    -- a degree not (yet) completed ("MBA (in progress)", "PhD (ABD)"): below a bachelor's
    -- (so is an education[] entry whose endDate is after the as-of date)
    unfinished_keywords = {
      "in progress", "candidate", "expected", "incomplete", "not completed", "uncompleted",
      "unfinished", "ongoing", "pursuing", "enrolled", "abd", "all but dissertation",
      "dropped out", "withdrew", "withdrawn", "did not graduate", "not graduated",
    },
    -- a degree name saying there is none
    no_degree_keywords = { "none", "no degree", "n/a", "na", "no" },
    -- fields of study related to the role (matched in area/field and in the degree name)
    related_fields = {
      "business", "marketing", "economics", "economic", "finance", "financial",
      "management", "commerce", "communications", "communication", "accounting",
      "accountancy", "mba", "emba", "bba", "bcom", "mcom",
    },

    -- sales-tech: CRM and sales-analytics tools looked for in crm_tools and skills[], as
    -- whole names (a name is the tool or begins with it; a tool of several words may be
    -- anywhere in a name)
    sales_tools = {
      "salesforce", "sfdc", "hubspot", "dynamics", "microsoft dynamics", "ms dynamics", "dynamics 365",
      "gong", "clari", "outreach", "salesloft", "tableau", "power bi", "looker",
      "pipedrive", "zoho crm", "sugarcrm", "siebel", "sap crm", "oracle crm", "crm",
      "sales navigator", "zoominfo", "chorus", "insightsquared", "xactly", "anaplan",
      "freshsales", "domo", "qlik",
    },

    -- fs-compliance evidence: certificate names ...
    compliance_certificates = {
      "finra", "series 7", "series 24", "series 63", "series 65", "series 66", "series 79",
      "series 9", "series 10", "cams", "crcm", "ccep", "compliance", "aml",
      "anti-money laundering", "anti money laundering", "kyc",
    },
    -- ... unless the certificate names another sector's regime
    compliance_exclusions = {
      "hipaa", "hitech", "hitrust", "fda", "gmp", "gxp", "osha", "ferpa", "clinical",
      "healthcare", "health care", "medical", "pharma", "pharmaceutical", "environmental",
      "ehs", "food safety", "aviation", "faa",
    },
    -- ... and words in a financial-services role's summary or highlights (a word written
    -- in capitals must appear in capitals: "SEC", not "30 sec")
    compliance_keywords = {
      "compliance", "compliant", "regulation", "regulations", "regulatory", "regulated",
      "regulator", "regulators", "finra", "SEC", "FCA", "kyc", "aml", "anti-money laundering",
      "anti money laundering", "mifid", "dodd-frank", "SOX", "sarbanes-oxley", "basel",
    },
  },
}
