-- Attack rules: a module first required while evaluating is shared state too.
pack { name = "lazy-modules" }
