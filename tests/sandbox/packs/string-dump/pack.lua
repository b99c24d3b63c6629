-- Attack rules: string.dump, by every path to it.
pack { name = "string-dump" }
