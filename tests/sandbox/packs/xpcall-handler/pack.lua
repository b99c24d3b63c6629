-- Attack rules: an xpcall message handler that loops forever.
pack { name = "xpcall-handler" }
