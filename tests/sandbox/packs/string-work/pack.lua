-- Attack rules: string functions made to work for minutes in C, where the count hook
-- sees no instruction. Each must end as error (or finish quickly), and the run go on.
pack { name = "string-work" }
