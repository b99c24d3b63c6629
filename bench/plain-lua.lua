-- The "plain Lua 5.4 + lua-cjson script" alternative of the benchmark (one core): what a
-- user would write by hand for the ten checks of shared/bench-ruleset.md.
--   lua5.4 bench/plain-lua.lua FILE.jsonl > results.jsonl   (or - / nothing for stdin)
-- Output per candidate, in input order:
--   {"id":...,"verdict":"pass|flag|fail","failed":[...],"flagged":[...]}
local cjson = require "cjson"
local decode, encode = cjson.decode, cjson.encode
local lower, concat = string.lower, table.concat

local FS = "financial services"
local CORE = { ["enterprise saas"] = true, ["b2b"] = true }
local ADJACENT = { ["fintech"] = true, ["insurance"] = true, ["banking software"] = true,
                   ["consulting"] = true, ["wealth management"] = true }
local DEGREE = { bachelor = true, master = true, doctorate = true }
local ADVANCED = { master = true, doctorate = true }
local CRM = { salesforce = true, hubspot = true, dynamics = true }

local PASS, FLAG, FAIL = 0, 1, 2

local function tri(v, pass_at, flag_at)
  if v >= pass_at then return PASS elseif v >= flag_at then return FLAG end
  return FAIL
end

local checks = {
  { "sales-experience", function(c) return tri(c.sales_years, 10, 8) end },
  { "leadership", function(c) return tri(c.leadership_years, 3, 2) end },
  { "fs-compliance", function(c)
      if c.target_sector ~= FS then return PASS end
      if c.fs_compliance ~= true then return FLAG end
      if c.sector == FS then return PASS end
      return FAIL
    end },
  { "sector-fit", function(c)
      local s = c.sector
      if s == c.target_sector or CORE[s] then return PASS end
      if ADJACENT[s] then return FLAG end
      return FAIL
    end },
  { "degree", function(c) return DEGREE[c.degree] and PASS or FAIL end },
  { "advanced-degree", function(c)
      return (c.mba == true or ADVANCED[c.degree]) and PASS or FLAG
    end },
  { "quota", function(c) return tri(c.quota_attainment, 1.0, 0.9) end },
  { "team-size", function(c) return tri(c.team_size, 50, 20) end },
  { "crm", function(c)
      local tools = c.crm_tools
      for i = 1, #tools do
        local t = tools[i]
        if type(t) == "string" and CRM[lower(t)] then return PASS end
      end
      return FLAG
    end },
  { "salary-band", function(c)
      local s = c.salary_expectation
      if s <= 300000 then return PASS elseif s <= 400000 then return FLAG end
      return FAIL
    end },
}
local nchecks = #checks
local quoted = {}
for i = 1, nchecks do quoted[i] = '"' .. checks[i][1] .. '"' end

local path = arg[1]
local f = (path == nil or path == "-") and io.stdin or assert(io.open(path, "rb"))
local out = io.stdout
out:setvbuf("full", 1 << 16)
local failed, flagged = {}, {}
for line in f:lines() do
  if line ~= "" then
    local c = decode(line)
    local nf, ng = 0, 0
    for i = 1, nchecks do
      local v = checks[i][2](c)
      if v == FAIL then nf = nf + 1; failed[nf] = quoted[i]
      elseif v == FLAG then ng = ng + 1; flagged[ng] = quoted[i] end
    end
    local verdict = nf > 0 and "fail" or ng > 0 and "flag" or "pass"
    out:write('{"id":', encode(c.id), ',"verdict":"', verdict, '","failed":[',
              concat(failed, ",", 1, nf), '],"flagged":[', concat(flagged, ",", 1, ng), ']}\n')
  end
end
