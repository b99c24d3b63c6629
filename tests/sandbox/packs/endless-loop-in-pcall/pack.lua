-- Attack rules: an endless loop inside pcall cannot swallow the budget.
pack { name = "endless-loop-in-pcall" }
