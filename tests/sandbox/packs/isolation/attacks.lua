total = 0
local seen = { count = 0, ids = {} }
rule { id = "count-in-global", check = function(c) total = total + 1 return pass("candidate number %d", total) end }
rule { id = "count-in-shared-table", check = function(c) seen.count = seen.count + 1 return pass("candidate number %d", seen.count) end }
rule { id = "remember-ids", check = function(c) seen.ids[#seen.ids + 1] = c.id return pass("%d seen", #seen.ids) end }
rule { id = "mark-the-candidate", check = function(c) local before = c.marked c.marked = true return pass("marked before: %s", tostring(before)) end }
local counter, last = 0, nil
rule { id = "count-in-local", check = function(c) counter = counter + 1 return pass("candidate number %d", counter) end }
rule { id = "rebind-local", check = function(c) local before = last last = c.id return pass("last before: %s", tostring(before)) end }
rule { id = "still-works", check = function(c) return pass("%s: total %d, count %d, ids %d", c.id, total, seen.count, #seen.ids) end }
