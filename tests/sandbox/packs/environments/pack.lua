-- Attack rules: the metatable behind every environment is out of reach.
pack { name = "environments" }
