-- Attack rules: load() of text runs in a fresh sandbox environment.
pack { name = "load-text" }
