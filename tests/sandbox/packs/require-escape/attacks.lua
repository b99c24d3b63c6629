rule { id = "dot-dot-slash", check = function(c) return require("../secret") ~= nil end }
rule { id = "absolute", check = function(c) return require("/etc/passwd") ~= nil end }
rule { id = "dot-dot", check = function(c) return require("..secret") ~= nil end }
rule { id = "dots-up", check = function(c) return require("lib...secret") ~= nil end }
rule { id = "hidden", check = function(c) return require(".hidden") ~= nil end }
rule { id = "missing", check = function(c) return require("lib.missing") ~= nil end }
rule { id = "own-module", check = function(c) return pass(require("lib.helper").greet(c.id)) end }
rule { id = "still-works", check = function(c) return pass("rules still run for %s", c.id) end }
