-- A module of the pack: rules may require it, plugin modules may not.
return { secret = 42 }
