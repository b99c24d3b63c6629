pack { name = "layered", title = "Plugin modules that require plugin modules", version = "1.0.0" }
