-- Attack rules: one candidate tries to leave state for the next.
pack { name = "isolation" }
