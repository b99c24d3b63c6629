return "secret"
