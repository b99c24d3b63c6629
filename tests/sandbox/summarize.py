#!/usr/bin/env python3
"""summarize.py [--any-reason RULE]... < results.jsonl

Condenses a sandbox run (jsonl) for the golden files: for each rule, its
verdict and reason when every candidate got the same (the candidate's own id
inside a reason is shown as <id>), else one line per candidate. So a case's
expected output is short, and shows that no candidate could influence
another: a difference between candidates is a line per candidate.

--any-reason RULE shows only the verdict of RULE: for attacks whose exact
message the contract does not fix (only that they end as `error`).
Every line must be a JSON object of valid UTF-8.
"""
import json
import sys

any_reason = set()
args = sys.argv[1:]
while args:
    if args[0] == "--any-reason" and len(args) > 1:
        any_reason.add(args[1])
        args = args[2:]
    else:
        sys.exit("usage: summarize.py [--any-reason RULE]... < results.jsonl")

records = [json.loads(line.decode("utf-8")) for line in sys.stdin.buffer]
if not records:
    print("no output")
    sys.exit(0)
ids = [r["id"] for r in records]
print("%d candidates: %s" % (len(records), " ".join(ids)))


def same_for_all(values):
    return all(v == values[0] for v in values)


verdicts = [r["verdict"] for r in records]
if same_for_all(verdicts):
    print("candidate verdict: %s" % verdicts[0])
else:
    for i, v in zip(ids, verdicts):
        print("candidate verdict: %s: %s" % (i, v))

order = [rule["id"] for rule in records[0].get("rules", [])]
for k, rule_id in enumerate(order):
    shown = []
    for r in records:
        rule = r["rules"][k]
        text = rule["verdict"]
        if rule_id not in any_reason and "reason" in rule:
            text += "  " + rule["reason"].replace(r["id"], "<id>")
        shown.append(text)
    if same_for_all(shown):
        print("%s: %s" % (rule_id, shown[0]))
    else:
        for i, text in zip(ids, shown):
            print("%s [%s]: %s" % (rule_id, i, text))
