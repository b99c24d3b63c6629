-- Attack rules: endless loops end as errors (instruction budget).
pack { name = "endless-loop" }
