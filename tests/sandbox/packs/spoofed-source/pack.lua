-- Attack: code made by load() at load time, named after a real pack file
-- and identical to one of its functions, must not be trusted with what the
-- bytecode proves about that file (its tables read without the proxy).
pack { name = "spoofed-source" }
