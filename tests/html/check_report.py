#!/usr/bin/env python3
"""End-to-end test of the html reporter.

Runs the real shortlist binary with `-f html -o report.html` on the fixtures
(hostile ids and reasons included), opens the report in headless Chromium and
checks what was rendered: a row per candidate with the right verdict label
and score, the counts, one chart group per rule with the right tallies, every
rule's verdict and reason once expanded, the sort orders produced by clicking
the column headers (#selftest), and that no hostile string became markup.
The same candidates through `-f jsonl` are the expected values.

Screenshots are kept next to the report as test artifacts: report.png (as
opened) and report-expanded.png (every candidate expanded).

Chromium is required: without it the test fails, it does not skip.
"""
import argparse
import html.parser
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile

AS_OF = "2024-06-30"
CHROMIUM_TIMEOUT = 15  # seconds, per run; a run takes about 1 s
LABEL = {"pass": "Pass", "flag": "Flag", "fail": "Fail", "skip": "Skip", "error": "Error"}
RANK = {"pass": 0, "flag": 1, "fail": 2, "skip": 3, "error": 4}
# Every element the page itself creates; anything else came from the input.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "div", "p", "h1", "h2", "time",
    "strong", "main", "noscript", "footer", "script", "section", "span", "ul", "li", "table",
    "caption", "thead", "tbody", "tr", "th", "td", "button", "b",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
    return cond


def fatal(msg):
    for f in failures:
        print("FAIL: " + f, file=sys.stderr)
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


# ---- a small DOM out of Chromium's serialisation ----

class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def find_all(self, tag=None, cls=None, **attrs):
        out = []
        for n in self.iter():
            if tag and n.tag != tag:
                continue
            if cls and cls not in n.classes():
                continue
            if any(n.attrs.get(k.replace("_", "-")) != v for k, v in attrs.items()):
                continue
            out.append(n)
        return out

    def find(self, tag=None, cls=None, **attrs):
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None


class Builder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(text):
    b = Builder()
    b.feed(text)
    b.close()
    return b.root


# ---- running things ----

def chromium_cmd(chromium, profile, *extra):
    return [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1",
            "--user-data-dir=" + profile, *extra]


def run_chromium(chromium, *args):
    """Chromium's stdout. It runs in a process group of its own, killed whole
    if it outlives CHROMIUM_TIMEOUT (an alert() left by injected markup, for
    one, blocks a headless page for ever)."""
    with tempfile.TemporaryDirectory(prefix="sl-chromium-") as profile:
        p = subprocess.Popen(chromium_cmd(chromium, profile, *args), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, start_new_session=True)
        try:
            stdout, stderr = p.communicate(timeout=CHROMIUM_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
            fatal("chromium did not finish within %d s on %s: is the page blocked by a dialog "
                  "(alert) from injected markup?" % (CHROMIUM_TIMEOUT, args[-1]))
    if p.returncode != 0:
        fatal("chromium exited with %d: %s" % (p.returncode, stderr.decode(errors="replace")[-2000:]))
    return stdout.decode("utf-8")


def dump_dom(chromium, url):
    return parse(run_chromium(chromium, "--virtual-time-budget=3000", "--dump-dom", url))


def data_block(raw, block_id):
    m = re.search(r'<script type="application/json" id="%s">(.*?)</script>' % block_id, raw, re.S)
    if not check(m is not None, "report.html has no data block #" + block_id):
        return None
    try:
        return json.loads(m.group(1))
    except ValueError as e:
        check(False, "the data block #%s is not valid JSON: %s" % (block_id, e))
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shortlist", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--chromium", default=os.environ.get("CHROMIUM"))
    a = ap.parse_args()

    chromium = a.chromium or shutil.which("chromium") or "/usr/bin/chromium"
    if not (os.path.isfile(chromium) and os.access(chromium, os.X_OK)):
        fatal("chromium not found (%s): this test opens the report in headless Chromium. Install the "
              "Debian package (apt-get install chromium, as scripts/install-deps does) or set "
              "CHROMIUM to its path." % chromium)

    out = pathlib.Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    fixtures = pathlib.Path(a.fixtures)
    pack, cands = str(fixtures / "pack"), str(fixtures / "candidates.jsonl")
    report, report1 = out / "report.html", out / "report-j1.html"
    for f in (report, report1, out / "report.png", out / "report-expanded.png"):
        if f.exists():
            f.unlink()

    base = [a.shortlist, "run", "-r", pack, "--as-of", AS_OF]
    p = subprocess.run(base + ["-j", "4", "-f", "html", "-o", str(report), cands],
                       stderr=subprocess.PIPE, timeout=60)
    # 3: a record of the fixtures is not valid JSON; everything else is reported
    if p.returncode != 3:
        fatal("shortlist -f html exited with %d (3 expected): %s" % (p.returncode, p.stderr.decode(errors="replace")))
    subprocess.run(base + ["-j", "1", "-f", "html", "-o", str(report1), cands],
                   stderr=subprocess.DEVNULL, timeout=60)
    j = subprocess.run(base + ["-f", "jsonl", cands], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                       timeout=60)
    expected = [json.loads(line) for line in j.stdout.decode("utf-8").split("\n") if line]  # not splitlines: U+2028
    check(len(expected) == 11, "the fixtures give 11 records through jsonl, got %d" % len(expected))

    raw_bytes = report.read_bytes()
    raw = raw_bytes.decode("utf-8")  # valid UTF-8 whatever the input held
    check(raw_bytes == report1.read_bytes(), "-j 1 and -j 4 give different reports")

    # ---- the file itself: self-contained, data blocks intact ----
    low = raw.lower()
    check(low.count("<script") == 4 and low.count("</script") == 4,
          "the file holds 4 script elements (3 data, 1 code): found %d openings, %d closings"
          % (low.count("<script"), low.count("</script")))
    blocks = re.findall(r'<script type="application/json" id="[a-z-]+">(.*?)</script>', raw, re.S)
    check(len(blocks) == 3 and not any(c in b for b in blocks for c in "<>&"),
          "the data blocks hold no '<', '>' or '&' (escaped as \\u003c...)")
    skeleton = re.sub(r'<script type="application/json" id="[a-z-]+">.*?</script>', "", low, flags=re.S)
    for bad in ("<link", " src=", " href=", "@import", "url(", "http://", "https://"):
        check(bad not in skeleton, "the file refers to something outside itself: %r" % bad)
    run_info = data_block(raw, "sl-run")
    data = data_block(raw, "sl-candidates")
    summary = data_block(raw, "sl-summary")
    rule_ids = ["experience", "sector-fit", "french", "relocation", "fragile"]  # the fixture pack's
    if run_info and data and summary:
        check([r["id"] for r in run_info["rules"]] == rule_ids, "rules in #sl-run: %r" % run_info["rules"])
        check(run_info["rules"][1]["title"] == 'Sector <em>fit</em> & "SaaS" background',
              "a rule title round-trips through the data block")
        check([c["id"] for c in data] == [e["id"] for e in expected], "ids in the data block differ from jsonl")
        for c, e in zip(data, expected):
            check(c["v"] == e["verdict"], "data verdict of %r" % e["id"])
            if e["verdict"] != "error":
                check([r[0] for r in c["r"]] == [r["verdict"] for r in e["rules"]], "data rule verdicts of %r" % e["id"])
                check([r[1] if len(r) > 1 else None for r in c["r"]] == [r.get("reason") for r in e["rules"]],
                      "data reasons of %r" % e["id"])

    # ---- the page as opened ----
    url = report.resolve().as_uri()
    dom = dump_dom(chromium, url)
    root = dom.find("html")
    check(root is not None and root.attrs.get("data-rendered") == "yes",
          "the page did not render (data-rendered=%r)" % (root.attrs.get("data-rendered") if root else None))
    title = dom.find("title")
    check(title is not None and title.text() == "Screening report, as of " + AS_OF,
          "the title changed: %r" % (title.text() if title else None))
    for n in dom.iter():
        check(n.tag in ALLOWED_TAGS, "an element the page does not make: <%s %r>" % (n.tag, n.attrs))
        for k in n.attrs:
            check(not k.startswith("on"), "an event handler attribute %s on <%s>" % (k, n.tag))
    scripts = dom.find_all("script")
    check(len(scripts) == 4, "%d script elements in the page, 4 expected" % len(scripts))
    check(all(s.attrs.get("type") == "application/json" for s in scripts[:3]) and "type" not in scripts[3].attrs,
          "script elements: three JSON blocks then the page's code")

    counts = {v: sum(1 for e in expected if e["verdict"] == v) for v in LABEL}
    cards = {c.attrs.get("data-verdict"): c for c in dom.find_all("div", cls="card") if c.attrs.get("data-verdict")}
    for v in ("pass", "flag", "fail", "error"):
        card = cards.get(v)
        if check(card is not None, "no %s card" % v):
            check(card.find("span", cls="value").text() == str(counts[v]),
                  "%s card shows %r, %d expected" % (v, card.find("span", cls="value").text(), counts[v]))
            check(LABEL[v] in card.find("span", cls="label").text(), "%s card has no text label" % v)
    total = dom.find("div", cls="total")
    check(total is not None and total.find("span", cls="value").text() == str(len(expected)), "candidates card")

    table = dom.find("table", id="sl-table")
    if not check(table is not None, "no candidates table"):
        return finish(out)
    rows = table.find_all("tr", cls="row")
    check(len(rows) == len(expected), "%d rows, %d candidates" % (len(rows), len(expected)))
    check([r.attrs.get("data-n") for r in rows] == [str(i + 1) for i in range(len(expected))],
          "rows are not in input order by default")
    for r, e in zip(rows, expected):
        shown_id = r.find("span", cls="id").text()
        check(shown_id == e["id"], "row id %r, expected %r" % (shown_id, e["id"]))
        word = r.find("td", cls="col-verdict").find("span", cls="word")
        check(word is not None and word.text() == LABEL[e["verdict"]],
              "verdict label of %r: %r" % (e["id"], word.text() if word else None))
        score = r.find("td", cls="col-score").find("span", cls="val")
        if e["verdict"] == "error":
            check(score is None and "no score" in r.find("td", cls="col-score").text(), "an error row has no score")
        else:
            check(score is not None and score.text() == "%.2f" % e["score"],
                  "score of %r: %r, %.2f expected" % (e["id"], score.text() if score else None, e["score"]))
            chips = sorted(c.attrs.get("data-rule") for c in r.find_all("span", cls="chip"))
            want = sorted(x["id"] for x in e["rules"] if x["verdict"] in ("fail", "flag", "error"))
            check(chips == want, "'did not pass' of %r: %r, expected %r" % (e["id"], chips, want))
    check(table.find("tr", cls="detail") is None, "details are built on demand, none before a click")
    for key, sort in (("n", "ascending"), ("id", "none"), ("verdict", "none"), ("score", "none")):
        th = [t for t in table.find_all("th") if t.find("button", data_sort=key)]
        check(len(th) == 1 and th[0].attrs.get("aria-sort") == sort, "aria-sort of the %s header" % key)

    # the chart: one group per rule, tallies as in the jsonl output
    chart = dom.find("div", id="sl-chart")
    groups = chart.find_all("div", cls="bar-row") if chart else []
    check([g.attrs.get("data-rule") for g in groups] == rule_ids,
          "chart groups %r, rules %r" % ([g.attrs.get("data-rule") for g in groups], rule_ids))
    for i, g in enumerate(groups):
        for v in ("pass", "flag", "fail", "error", "skip"):
            n = sum(1 for e in expected if e["verdict"] != "error" and e["rules"][i]["verdict"] == v)
            shown = g.find("div", cls="bar-counts").find("span", data_verdict=v)
            check(shown is not None and shown.find("b").text() == str(n) and shown.text().endswith(v),
                  "chart %s: %s shows %r, %d expected" % (rule_ids[i], v, shown.text() if shown else None, n))
            seg = g.find("span", cls="seg", data_verdict=v)
            check((seg is not None) == (n > 0), "chart %s: a %s segment iff count > 0" % (rule_ids[i], v))
        check(g.attrs.get("role") == "listitem" and g.attrs.get("aria-label", "").startswith(rule_ids[i] + ":"),
              "chart group %s is labelled for screen readers" % rule_ids[i])

    # ---- #selftest: the header buttons sort; every candidate expanded ----
    dom = dump_dom(chromium, url + "#selftest")
    root = dom.find("html")
    table = dom.find("table", id="sl-table")
    if not check(root is not None and root.attrs.get("data-selftest") == "done" and table is not None,
                 "the #selftest did not finish"):
        return finish(out)
    n_all = list(range(1, len(expected) + 1))
    ok = [i for i in n_all if expected[i - 1]["verdict"] != "error"]
    bad = [i for i in n_all if expected[i - 1]["verdict"] == "error"]

    def sc(i):
        return expected[i - 1]["score"]

    def rk(i):
        return RANK[expected[i - 1]["verdict"]]

    want = {
        "score-1": sorted(ok, key=lambda i: (-sc(i), i)) + bad,  # first click: highest first
        "score-2": sorted(ok, key=lambda i: (sc(i), i)) + bad,
        "verdict-1": sorted(n_all, key=lambda i: (rk(i), i)),     # pass, flag, fail, error
        "verdict-2": sorted(n_all, key=lambda i: (-rk(i), i)),
        "n-1": n_all,
    }
    for k, order in want.items():
        got = table.attrs.get("data-selftest-" + k)
        check(got == ",".join(map(str, order)), "sort %s: %r, expected %r" % (k, got, ",".join(map(str, order))))
    got = table.attrs.get("data-selftest-id-1", "")
    check(sorted(got.split(","), key=int) == [str(i) for i in n_all], "sort by candidate: %r" % got)
    rows = table.find_all("tr", cls="row")
    check([r.attrs.get("data-n") for r in rows] == [str(i) for i in n_all], "back in input order after '#'")

    details = table.find_all("tr", cls="detail")
    check(len(details) == len(expected), "%d details expanded, %d expected" % (len(details), len(expected)))
    for d, e, r in zip(details, expected, rows):
        check("hidden" not in d.attrs, "detail of %r is hidden after Expand all" % e["id"])
        check(r.find("button", cls="who").attrs.get("aria-expanded") == "true", "aria-expanded of %r" % e["id"])
        if e["verdict"] == "error":
            msg = d.find("div", cls="msg")
            check(msg is not None and msg.text() == e["error"], "error message of %r" % e["id"])
            check(d.find("div", cls="where").text().endswith("line %d" % e["line"]), "error line of %r" % e["id"])
            continue
        lines = d.find("tbody").find_all("tr")
        check([x.attrs.get("data-rule") for x in lines] == rule_ids, "detail rules of %r" % e["id"])
        for x, er in zip(lines, e["rules"]):
            word = x.find("span", cls="word")
            check(word is not None and word.text() == LABEL[er["verdict"]],
                  "detail verdict %s of %r: %r" % (er["id"], e["id"], word.text() if word else None))
            reason = x.find("span", cls="reason")
            if "reason" in er:
                check(reason is not None and reason.text() == er["reason"],
                      "reason %s of %r: %r, expected %r" % (er["id"], e["id"], reason.text() if reason else None,
                                                            er["reason"]))
            else:
                check(reason is None, "no reason for %s of %r" % (er["id"], e["id"]))
    # the hostile strings are on the page, as text
    text = dom.find("body").text()
    for s in ("<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>",
              "sector </script><script>document.title='pwned'</script> is not SaaS", "<svg onload=alert(1)>",
              "boom <b>bold</b> </script>", "&lt;escaped&gt; &amp; &#60;", 'bob & "quotes" \'single\''):
        check(s in text, "%r is not shown as text" % s)
    for n in dom.iter():
        check(n.tag in ALLOWED_TAGS, "an element the page does not make, once expanded: <%s>" % n.tag)
        for k in n.attrs:
            check(not k.startswith("on"), "an event handler attribute %s on <%s>, once expanded" % (k, n.tag))
    check(dom.find("title").text() == "Screening report, as of " + AS_OF, "the title changed once expanded")

    # ---- screenshots, kept as test artifacts ----
    for name, frag in (("report.png", ""), ("report-expanded.png", "#expand-all")):
        shot = out / name
        run_chromium(chromium, "--virtual-time-budget=3000", "--screenshot=" + str(shot), "--window-size=1280,1600",
                     url + frag)
        check(shot.exists() and shot.stat().st_size > 20000, "screenshot %s missing or blank" % shot)
    return finish(out)


def finish(out):
    if failures:
        for f in failures:
            print("FAIL: " + f, file=sys.stderr)
        print("%d check(s) failed; report in %s" % (len(failures), out), file=sys.stderr)
        return 1
    print("ok: report, rendered DOM, sorting and screenshots (%s)" % out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
