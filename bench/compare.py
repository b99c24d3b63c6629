#!/usr/bin/env python3
"""Check a tool's output for the ten-check benchmark against bench/reference.py.

    bench/compare.py INPUT.jsonl OUTPUT.jsonl [--max N]

OUTPUT is either shortlist's `-f jsonl` output (SPEC §4:
{"id","verdict","score","rules":[{"id","verdict","reason"?}]}) or lines already in the
reference shape ({"id","verdict","failed","flagged"}, e.g. bench/plain-lua.lua); each line
is converted to the reference shape (failed/flagged in the order of the checks) and compared
with the reference result for the same line of INPUT. Any difference -- a verdict, a rule
verdict, a missing or extra record, a rule that is missing, unknown, skipped or in error --
is a failure: the first few are printed and the exit status is 1. `-` reads standard input.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference  # noqa: E402

ORDER = {cid: i for i, cid in enumerate(reference.CHECK_IDS)}


def convert(rec):
    """Shortlist's record -> (reference-shaped dict, list of problems)."""
    if "failed" in rec and "flagged" in rec:          # already reference-shaped
        return {k: rec.get(k) for k in ("id", "verdict", "failed", "flagged")}, []
    problems = []
    if rec.get("verdict") == "error":
        problems.append("record error: %s" % rec.get("error"))
    failed, flagged, seen = [], [], set()
    for r in rec.get("rules") or []:
        rid, v = r.get("id"), r.get("verdict")
        if rid not in ORDER:
            problems.append("unknown rule %r" % rid)
            continue
        if rid in seen:
            problems.append("rule %s reported twice" % rid)
        seen.add(rid)
        if v == "fail":
            failed.append(rid)
        elif v == "flag":
            flagged.append(rid)
        elif v != "pass":
            problems.append("rule %s verdict %r (%s)" % (rid, v, r.get("reason", "")))
    missing = [cid for cid in reference.CHECK_IDS if cid not in seen]
    if missing and rec.get("verdict") != "error":
        problems.append("rules missing: %s" % ", ".join(missing))
    failed.sort(key=ORDER.get)
    flagged.sort(key=ORDER.get)
    return {"id": rec.get("id"), "verdict": rec.get("verdict"), "failed": failed,
            "flagged": flagged}, problems


def open_in(path):
    return sys.stdin if path == "-" else open(path, encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--max", type=int, default=5, help="differences to print (default 5)")
    a = ap.parse_args()
    if a.input == "-" and a.output == "-":
        ap.error("only one of INPUT and OUTPUT can be standard input")
    fin, fout = open_in(a.input), open_in(a.output)
    inputs = (json.loads(line) for line in fin if line.strip())
    outputs = (line for line in fout if line.strip())
    n = diffs = 0
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def report(msg):
        nonlocal diffs
        diffs += 1
        if diffs <= a.max:
            print(msg, file=sys.stderr)

    while True:
        c = next(inputs, None)
        line = next(outputs, None)
        if c is None and line is None:
            break
        n += 1
        if line is None:
            report("record %d (%s): no output line" % (n, c.get("id")))
            continue
        if c is None:
            report("output line %d: extra, no input record" % n)
            continue
        want = reference.evaluate(c)
        try:
            got, problems = convert(json.loads(line))
        except ValueError as e:
            report("record %d (%s): output is not JSON (%s): %s" % (n, want["id"], e, line[:200].rstrip()))
            continue
        if got != want or problems:
            report("record %d (%s):\n  expected %s\n  got      %s%s" % (
                n, want["id"], dumps(want), dumps(got),
                "".join("\n  " + p for p in problems)))
    if diffs:
        if diffs > a.max:
            print("... %d more" % (diffs - a.max), file=sys.stderr)
        print("compare: %d of %d records differ" % (diffs, n), file=sys.stderr)
        return 1
    print("compare: %d records, all identical to the reference" % n, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
