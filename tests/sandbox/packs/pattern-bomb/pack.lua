-- Attack rules: exponential backtracking inside string.find (C code, no Lua instructions).
pack { name = "pattern-bomb" }
