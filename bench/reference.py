#!/usr/bin/env python3
"""Independent reference implementation of the ten checks of ../shared/bench-ruleset.md.

    bench/reference.py [FILE|-]...     (default: standard input)

Prints, per input record, one line
    {"id":...,"verdict":"pass|flag|fail","failed":[check ids],"flagged":[check ids]}
with ids in the order of the checks. Standard library only; written from the rule set
text alone, sharing no code with the shortlist pack (bench/cso-flat) or bench/plain-lua.lua.
"""

import json
import sys

FS = "financial services"
CORE = {"enterprise saas", "b2b"}
ADJACENT = {"fintech", "insurance", "banking software", "consulting", "wealth management"}
DEGREES = {"bachelor", "master", "doctorate"}
ADVANCED = {"master", "doctorate"}
CRM = {"salesforce", "hubspot", "dynamics"}

PASS, FLAG, FAIL = "pass", "flag", "fail"


def sales_experience(c):
    y = c["sales_years"]
    return PASS if y >= 10 else FLAG if y >= 8 else FAIL


def leadership(c):
    y = c["leadership_years"]
    return PASS if y >= 3 else FLAG if y >= 2 else FAIL


def fs_compliance(c):
    if c["target_sector"] != FS:
        return PASS
    if c["sector"] == FS and c["fs_compliance"] is True:
        return PASS
    if c["fs_compliance"] is not True:
        return FLAG
    return FAIL


def sector_fit(c):
    s = c["sector"]
    if s == c["target_sector"] or s in CORE:
        return PASS
    return FLAG if s in ADJACENT else FAIL


def degree(c):
    return PASS if c["degree"] in DEGREES else FAIL


def advanced_degree(c):
    return PASS if c["mba"] is True or c["degree"] in ADVANCED else FLAG


def quota(c):
    q = c["quota_attainment"]
    return PASS if q >= 1.0 else FLAG if q >= 0.9 else FAIL


def team_size(c):
    t = c["team_size"]
    return PASS if t >= 50 else FLAG if t >= 20 else FAIL


def crm(c):
    for tool in c["crm_tools"]:
        if isinstance(tool, str) and tool.lower() in CRM:
            return PASS
    return FLAG


def salary_band(c):
    s = c["salary_expectation"]
    return PASS if s <= 300000 else FLAG if s <= 400000 else FAIL


CHECKS = [
    ("sales-experience", sales_experience),
    ("leadership", leadership),
    ("fs-compliance", fs_compliance),
    ("sector-fit", sector_fit),
    ("degree", degree),
    ("advanced-degree", advanced_degree),
    ("quota", quota),
    ("team-size", team_size),
    ("crm", crm),
    ("salary-band", salary_band),
]
CHECK_IDS = [cid for cid, _ in CHECKS]


def evaluate(c):
    """The reference result for one decoded candidate (a dict)."""
    failed, flagged = [], []
    for cid, fn in CHECKS:
        v = fn(c)
        if v == FAIL:
            failed.append(cid)
        elif v == FLAG:
            flagged.append(cid)
    verdict = FAIL if failed else FLAG if flagged else PASS
    return {"id": c.get("id"), "verdict": verdict, "failed": failed, "flagged": flagged}


def records(paths):
    for path in paths or ["-"]:
        f = sys.stdin if path == "-" else open(path, encoding="utf-8")
        for line in f:
            if line.strip():
                yield json.loads(line)
        if f is not sys.stdin:
            f.close()


def main():
    out = sys.stdout
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for c in records(sys.argv[1:]):
        out.write(dumps(evaluate(c)))
        out.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
