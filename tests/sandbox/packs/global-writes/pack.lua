-- Attack rules: globals are read-only once the pack has loaded.
pack { name = "global-writes", params = { min_years = 10 } }
