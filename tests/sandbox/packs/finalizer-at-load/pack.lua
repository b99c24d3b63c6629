pack { name = "finalizer-at-load" }
local keep = setmetatable({}, { __gc = function() while true do end end })
