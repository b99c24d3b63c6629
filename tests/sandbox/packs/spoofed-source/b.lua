local SHARED = { n = 0 }
local src = "local T = ...\n" ..
  "rule { id = \"lookalike\", check = function(c) return pass(\"%d\", T.n) end }\n" ..
  "return function() T.n = T.n + 1 end"
local chunk = load(src, "@packs/spoofed-source/a.lua", "t", _ENV)
local bump = chunk(SHARED)
rule { id = "bump", check = function(c) bump() return pass("%d", SHARED.n) end }
