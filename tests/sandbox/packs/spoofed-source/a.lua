local T = { n = 0 }
rule { id = "reader", check = function(c) return pass("%d", T.n) end }
