-- Attack rules: pairs() on a frozen table must not hand out a writable table behind it.
pack { name = "pairs-shadow", params = { min_years = 10 } }
