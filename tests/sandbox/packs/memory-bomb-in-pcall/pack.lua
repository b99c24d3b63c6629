-- Attack rules: a memory bomb inside pcall cannot swallow the cap.
pack { name = "memory-bomb-in-pcall" }
