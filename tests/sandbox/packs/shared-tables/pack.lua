-- Attack rules: params, load-time tables and libraries are read-only.
pack { name = "shared-tables", params = { min_years = 10, sectors = { "saas" } } }
