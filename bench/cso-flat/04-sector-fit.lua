local PASS, FLAG, FAIL = pass(), flag(), fail()
local CORE = { ["enterprise saas"] = true, ["b2b"] = true }
local ADJACENT = { ["fintech"] = true, ["insurance"] = true, ["banking software"] = true,
                   ["consulting"] = true, ["wealth management"] = true }

rule {
  id = "sector-fit",
  title = "Target or core sector (adjacent flagged)",
  severity = "required",
  check = function(c)
    local s = c.sector
    if s == c.target_sector or CORE[s] then return PASS end
    if ADJACENT[s] then return FLAG end
    return FAIL
  end,
}
