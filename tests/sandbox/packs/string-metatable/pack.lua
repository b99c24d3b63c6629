-- Attack rules: the string metatable cannot be reached or changed.
pack { name = "string-metatable" }
