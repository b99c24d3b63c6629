-- Attack rules: file locals assigned only by functions created while a rule
-- runs (nested in the rule, or made by a helper), or only by one of the
-- functions sharing them.
pack { name = "nested-upvalues" }
