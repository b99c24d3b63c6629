pack { name = "rules-bad" }
