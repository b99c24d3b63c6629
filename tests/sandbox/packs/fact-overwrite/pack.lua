-- Attack rules: a rule (or a fact) writing over a fact that other rules
-- read. f is a read-only view of the candidate's facts.
pack { name = "fact-overwrite" }
