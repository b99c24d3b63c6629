-- The decoding lower bound: lua-cjson decoding alone, one core.
--   lua5.4 bench/decode-bound.lua FILE.jsonl     (or - / nothing for standard input)
-- Reads JSONL, decodes every non-blank line into a Lua table and drops it; nothing else.
-- Prints the record count to stderr. A rules engine that builds the same Lua tables
-- cannot go faster than this per core.
local cjson = require "cjson"
local decode = cjson.decode
local path = arg[1]
local f = (path == nil or path == "-") and io.stdin or assert(io.open(path, "rb"))
local n = 0
for line in f:lines() do
  if line ~= "" then
    local c = decode(line)
    n = n + 1
  end
end
io.stderr:write(string.format("decode-bound: %d records\n", n))
