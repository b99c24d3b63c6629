rule { id = "io-open", check = function(c) return io.open("/etc/passwd") ~= nil end }
rule { id = "io-popen", check = function(c) return io.popen("id") ~= nil end }
rule { id = "os-execute", check = function(c) return os.execute("touch /tmp/shortlist-pwned") end }
rule { id = "os-getenv", check = function(c) return os.getenv("HOME") ~= nil end }
rule { id = "debug-getregistry", check = function(c) return debug.getregistry() ~= nil end }
rule { id = "debug-sethook", check = function(c) debug.sethook() return true end }
rule { id = "package-loadlib", check = function(c) return package.loadlib("libc.so.6", "system") ~= nil end }
rule { id = "package-loaded", check = function(c) return package.loaded.io ~= nil end }
rule { id = "dofile", check = function(c) return dofile("/etc/passwd") end }
rule { id = "loadfile", check = function(c) return loadfile("/etc/passwd") ~= nil end }
rule { id = "global-table", check = function(c) return _G.io ~= nil end }
rule { id = "env-lookup", check = function(c) return _ENV["os"] ~= nil end }
rule { id = "still-works", check = function(c) return pass("rules still run for %s", c.id) end }
