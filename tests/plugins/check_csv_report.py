#!/usr/bin/env python3
"""check_csv_report.py REPORT INPUT EXPECTED.jsonl [INPUT EXPECTED.jsonl]...

Reads REPORT, the csv reporter's output, with Python's csv module, and checks it
against the jsonl results of the same inputs (each INPUT as named on the command line,
with its EXPECTED results, in input order): RFC 4180 framing with CRLF line ends and
valid UTF-8, the header (id, verdict, score, then each rule's verdict and reason, then
source, line and error), one row per record with the same id, verdict, score, rule
verdicts and reasons, the input it came from, the error text of unreadable records, and
formula-like cells defused with a leading apostrophe."""
import csv
import io
import json
import sys

problems = []


def check(cond, what):
    if not cond:
        problems.append(what)


def as_cell(text):
    """What the reporter writes for a text: line breaks blanked, formulas defused."""
    text = "".join(" " if (ord(ch) < 32 and ch != "\t") or ord(ch) == 127 else ch for ch in text)
    if text and text[0] in "=+-@\t" and text != "-":
        signed_number = False
        if text[0] in "+-" and len(text) > 1 and text[1] != "-":
            try:
                signed_number = isinstance(json.loads(text[1:]), (int, float))
            except ValueError:
                pass
        if not signed_number:
            text = "'" + text
    return text


raw = open(sys.argv[1], "rb").read()
try:
    text = raw.decode("utf-8")
except UnicodeDecodeError as e:
    sys.exit(f"not valid UTF-8: {e}")
check(raw.endswith(b"\r\n"), "the output does not end with CRLF")
check(b"\n" not in raw.replace(b"\r\n", b""), "a bare LF outside CRLF")
check(not text.startswith("\ufeff"), "the output starts with a BOM")

rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
pairs = sys.argv[2:]
expected, sources = [], []
for source, f in zip(pairs[0::2], pairs[1::2]):
    for line in open(f, encoding="utf-8"):
        expected.append(json.loads(line))
        sources.append(source)
rules = next(r["rules"] for r in expected if "rules" in r)
rule_ids = [r["id"] for r in rules]

header = rows[0]
want = ["id", "verdict", "score"]
for rid in rule_ids:
    want += [rid, rid + " reason"]
want += ["source", "line", "error"]
check(header == want, f"header {header} != {want}")
check(len(rows) - 1 == len(expected), f"{len(rows) - 1} rows for {len(expected)} records")
for n, row in enumerate(rows):
    check(len(row) == len(want), f"row {n}: {len(row)} columns, expected {len(want)}")

for pos, (row, exp, source) in enumerate(zip(rows[1:], expected, sources), 1):
    cell = dict(zip(header, row))
    # Records without an id are "#N", N their position in the whole run.
    who = f"#{pos}" if exp["id"].startswith("#") else exp["id"]
    check(cell["id"] == as_cell(who), f"{who}: id cell {cell['id']!r}")
    check(cell["verdict"] == exp["verdict"], f"{who}: verdict {cell['verdict']!r}")
    check(cell["line"].isdigit(), f"{who}: line {cell['line']!r}")
    check(cell["source"] == as_cell(source), f"{who}: source {cell['source']!r} != {source!r}")
    if exp["verdict"] == "error":
        check(cell["score"] == "", f"{who}: an error row has a score")
        check(cell["line"] == str(exp["line"]), f"{who}: line {cell['line']} != {exp['line']}")
        check(cell["error"] == as_cell(exp["error"]), f"{who}: error {cell['error']!r}")
        for rid in rule_ids:
            check(cell[rid] == "" and cell[rid + " reason"] == "", f"{who}: rule cells in an error row")
        continue
    check(abs(float(cell["score"]) - exp["score"]) < 1e-4, f"{who}: score {cell['score']}")
    check(cell["error"] == "", f"{who}: error cell {cell['error']!r}")
    for r in exp["rules"]:
        check(cell[r["id"]] == r["verdict"], f"{who}: {r['id']} verdict {cell[r['id']]!r}")
        reason = as_cell(r.get("reason", ""))
        check(cell[r["id"] + " reason"] == reason,
              f"{who}: {r['id']} reason {cell[r['id'] + ' reason']!r} != {reason!r}")

# A few cells spelled out, as a spreadsheet shows them.
by_id = {r[0]: dict(zip(header, r)) for r in rows[1:]}
spot = [
    ("c-1", "crm reason", "2 tools, Salesforce among them"),
    ("c-1", "notes reason", 'Strong, "hunter" profile'),
    ("c-2", "notes reason", "line one line two"),
    ("c-3", "sector reason", 'sector retail, "big box" is not a target'),
    ("007", "notes reason", "'=SUM(A1:A2)"),
    ("c-6", "quota reason", "'-0.50 of quota"),
    ("c-1", "line", "2"),
    ("c-2", "line", "3"),
    ("#4", "line", "7"),
    ("c-6", "line", "9"),
    ("#8", "error", "row has 3 fields, the header has 4"),
    ("#8", "line", "4"),
]
for rid, col, value in spot:
    got = by_id.get(rid, {}).get(col)
    check(got == value, f"{rid} {col}: {got!r} != {value!r}")
# Quoting is RFC 4180's: the raw text of a quoted cell.
check('"Strong, ""hunter"" profile"' in text, "the quoted cell is not written as RFC 4180 says")

for p in problems:
    print("csv report:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
