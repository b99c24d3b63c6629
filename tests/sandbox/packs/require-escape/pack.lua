-- Attack rules: require stays inside the pack folder.
pack { name = "require-escape" }
