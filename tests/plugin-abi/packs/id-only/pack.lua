-- One rule that passes every record with an id: for readers under test.
pack { name = "id-only", title = "Records have an id", version = "1.0.0" }
rule {
  id = "has-id",
  title = "The record has an id",
  severity = "required",
  check = function(c) return c.id ~= nil end,
}
