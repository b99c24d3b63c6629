-- The benchmark pack: the ten checks of shared/bench-ruleset.md on flat records.
-- Every rule is "required", so each rule's reported verdict is exactly the check's
-- verdict (the checks that the rule set calls preferred simply never return fail).
-- Kept tight on purpose, it is the throughput benchmark: thresholds are file-level
-- constants, no facts, no reason strings, and the verdicts are made once per file
-- (`local PASS = pass()`: without a reason they are constants, docs/rules.md).
pack {
  name = "cso-flat",
  title = "Benchmark: ten CSO checks on flat records",
  version = "1.0.0",
}
