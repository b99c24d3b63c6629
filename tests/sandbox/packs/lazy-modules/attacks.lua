rule { id = "module-table", check = function(c) local m = require("lib.counter") return pass("call %d", m.bump()) end }
rule { id = "module-global", check = function(c) local next_number = require("lib.numbers") return pass("call %d", next_number()) end }
rule { id = "still-works", check = function(c) return pass("rules still run for %s", c.id) end }
