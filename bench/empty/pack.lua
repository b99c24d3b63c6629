-- The pass-through lower bound of the benchmark: a pack with no rules. Running it
-- measures everything but rule evaluation: reading, framing, JSON decoding into Lua
-- tables, the worker pool, ordering and writing one output line per candidate.
pack {
  name = "empty",
  title = "Benchmark: no rules (pass-through)",
  version = "1.0.0",
}
