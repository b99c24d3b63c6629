-- An ordinary Lua rule in the same pack, loaded after screen.rules (name order).
rule { id = "has-id", check = function(c) return type(c.id) == "string" end }
