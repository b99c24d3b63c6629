-- A pack whose rules are written in the example plugin's .rules language
-- (plugins/example), next to one ordinary Lua rule.
pack { name = "rules-ok", title = "rules written in .rules files" }
