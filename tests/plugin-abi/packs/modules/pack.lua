-- A pack that requires the Lua modules of the sectors and example plugins.
-- adjacent_sectors is left unset: the sectors taxonomy supplies the default.
pack {
  name = "modules",
  params = { target_sector = "financial services", core_sectors = { "financial services" } },
}
