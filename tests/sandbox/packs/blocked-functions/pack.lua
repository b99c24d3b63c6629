-- Attack rules: math.random, collectgarbage and coroutine are not available.
pack { name = "blocked-functions" }
