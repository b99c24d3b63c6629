local sectors = require "sectors"
local ex = require "example"

rule {
  id = "sector",
  check = function(c, f, p)
    if sectors.is_core(c.sector, p) then return pass("core: %s", sectors.normalise(c.sector)) end
    local ok, name = sectors.is_adjacent(c.sector, p)
    if ok then return flag("adjacent: %s", name) end
    return fail("neither: %s", tostring(sectors.normalise(c.sector)))
  end,
}

rule {
  id = "band",
  check = function(c)
    if ex.between(c.salary, 150000, 300000) then return pass("in band") end
    return fail("clamped to %s", tostring(ex.clamp(c.salary, 150000, 300000)))
  end,
}

rule {
  id = "api",
  check = function(c)
    local checks = {
      sectors.normalise("SaaS (B2B)") == "enterprise saas",
      sectors.normalise("B2B SaaS") == "enterprise saas",
      sectors.normalise("Enterprise SaaS") == "enterprise saas",
      sectors.normalise("Banking") == "financial services",
      sectors.normalise("FinServ") == "financial services",
      sectors.normalise("Financial Services") == "financial services",
      sectors.normalise("Wealth Management") == "wealth management",
      sectors.normalise("InsurTech") == "insurance",
      sectors.normalise("IT Consulting") == "it consulting",
      sectors.normalise("  ") == nil,
      sectors.normalise(42) == nil,
      sectors.canonical("Payments") == "fintech",
      sectors.canonical("IT Consulting") == nil,
      sectors.adjacent("FinTech", "Banking"),
      sectors.adjacent("IT Consulting", "enterprise saas"),
      not sectors.adjacent("Retail", "Banking"),
      not sectors.adjacent("Banking", "Finance"),
      sectors.is("Insurance & Financial Services", "FinServ"),
      #sectors.kinds("Insurance & Financial Services") == 2,
      #sectors.names() >= 8,
      #sectors.neighbours("financial services") == 5,
      ex.between("12", 10, 12) and not ex.between(nil, 0, 1),
    }
    for i, ok in ipairs(checks) do
      if not ok then return fail("check %d", i) end
    end
    return pass("%d checks", #checks)
  end,
}
