-- Attack rules: memory bombs end as errors (memory cap).
pack { name = "memory-bomb" }
