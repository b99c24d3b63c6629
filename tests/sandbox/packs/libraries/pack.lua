-- Attack rules: the libraries a rule must not reach.
pack { name = "libraries" }
