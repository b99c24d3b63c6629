-- Attack rules: loading precompiled bytecode.
pack { name = "bytecode" }
