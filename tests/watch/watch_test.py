#!/usr/bin/env python3
"""End-to-end tests of `shortlist watch`, driven the way a rule author uses it.

    watch_test.py SHORTLIST TEST

The real binary runs in a pseudo-terminal (python's pty module) on a scratch copy of
tests/watch/fixtures; the test saves files as editors do and reads what watch prints,
with bounded waits (a deadline, never a sleep that assumes a fast machine). Whatever
watch prints about verdicts is checked against two fresh `shortlist run -f jsonl` of
the same files: the one before the save and the one after. Each TEST is one behaviour;
the list is TESTS at the end, registered in CMakeLists.txt.

Standard library only.
"""

import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")
AS_OF = "2026-01-01"
WAIT = 20.0  # seconds: a deadline for each expected output, not a sleep

SUMMARY = re.compile(r"^(\d+) candidates?: (\d+) pass, (\d+) flag, (\d+) fail, (\d+) error$", re.M)
STANDS = re.compile(r"^.*(previous results stand|fix and save to see results).*$", re.M)
HEADER = re.compile(r"^\d\d:\d\d:\d\d  (.*) changed$", re.M)
MOVE = re.compile(r"^(\S+)  (pass|flag|fail|error) -> (pass|flag|fail|error)(?:  \((.*)\))?$")
ADDED = re.compile(r"^\+ (\S+)  (pass|flag|fail|error)(?:  \((.*)\))?$")
REMOVED = re.compile(r"^- (\S+)  was (pass|flag|fail|error)$")
RULE = re.compile(r"^([+-]) rule (\S+)$")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class Failure(Exception):
    pass


def check(cond, what, context=""):
    if not cond:
        raise Failure(what + ("\n--- output ---\n" + context if context else ""))


class Watch:
    """shortlist watch in a pseudo-terminal; output read with deadlines."""

    def __init__(self, exe, cwd, args, env_extra=None):
        env = dict(os.environ, NO_COLOR="1")
        env.update(env_extra or {})
        for k, v in list(env.items()):
            if v is None:
                del env[k]
        argv = [exe, "watch"] + args
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.chdir(cwd)
                os.execve(exe, argv, env)
            finally:
                os._exit(127)
        self.raw = b""
        self.status = None

    @property
    def text(self):
        """The output as a person reads it: escape codes (colours, --clear) removed."""
        return ANSI.sub("", self.raw.decode("utf-8", "replace").replace("\r\n", "\n"))

    def _read(self, timeout):
        """Reads what is there within timeout: "data", "timeout" or "" (the end)."""
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return "timeout"
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:  # EIO: the child closed the terminal
            data = b""
        if not data:
            return ""
        self.raw += data
        return "data"

    def wait_for(self, pattern, start=0, what=None):
        """Returns the first match of pattern in the (plain) output at or after start."""
        deadline = time.monotonic() + WAIT
        while True:
            m = pattern.search(self.text, start)
            if m:
                return m
            left = deadline - time.monotonic()
            check(left > 0, "timed out after %.0f s waiting for %s" % (WAIT, what or pattern.pattern),
                  self.text[start:])
            check(self._read(min(left, 0.25)), "watch exited while waiting for %s"
                  % (what or pattern.pattern), self.text[start:])

    def block(self, start):
        """The first whole re-run report after offset start: header .. summary or error."""
        h = self.wait_for(HEADER, start, "a re-run header")
        end = None
        deadline = time.monotonic() + WAIT
        while end is None:
            t = self.text
            s, e = SUMMARY.search(t, h.end()), STANDS.search(t, h.end())
            ends = [m.end() for m in (s, e) if m]
            if ends:
                end = min(ends)
                break
            left = deadline - time.monotonic()
            check(left > 0, "timed out waiting for the end of a re-run report", t[start:])
            check(self._read(min(left, 0.25)), "watch exited in a re-run report", t[start:])
        return self.text[h.start():end], end

    def ready(self):
        return self.wait_for(re.compile(r"^watching \d+ files? in \d+ folders?; Ctrl-C to stop$", re.M),
                             0, "the 'watching' line").end()

    def interrupt(self, how="ctrl-c"):
        if how == "ctrl-c":
            os.write(self.fd, b"\x03")  # through the terminal, as a person does
        else:
            os.kill(self.pid, signal.SIGTERM)
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                while self._read(0.2) == "data":  # the rest of its output
                    pass
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
            self._read(0.05)
        self.kill()
        raise Failure("watch did not stop within %.0f s of %s" % (WAIT, how))

    def kill(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.status = -9
        try:
            os.close(self.fd)
        except OSError:
            pass


# ---- the expected changes, from two runs of the real binary ----

def run_jsonl(exe, cwd):
    out = subprocess.run([exe, "run", "-r", "pack", "--as-of", AS_OF, "-f", "jsonl",
                          "candidates.jsonl"], cwd=cwd, capture_output=True, check=False)
    check(out.returncode in (0, 3), "shortlist run failed: " + out.stderr.decode())
    return [json.loads(line) for line in out.stdout.decode().splitlines() if line.strip()]


RANK = {"pass": 0, "skip": 0, "flag": 1, "fail": 2, "error": 1}  # rule error: --on-error flag
CAND_RANK = {"pass": 0, "flag": 1, "fail": 2, "error": 3}


def expected_cause(old, new):
    """The rule that decided the move, as printed: for a worse verdict the first rule that
    now gives the new verdict and did not before, for a better one the first that gave the
    old verdict and no longer does (or is gone); else the first that moved the same way."""
    frm, to = CAND_RANK[old["verdict"]], CAND_RANK[new["verdict"]]
    worse = to > frm
    before = {r["id"]: r["verdict"] for r in old.get("rules", [])}
    now = {r["id"] for r in new.get("rules", [])}
    for strict in (True, False):
        for r in new.get("rules", []):
            ro, rn = RANK[before.get(r["id"], "pass")], RANK[r["verdict"]]
            if ((rn > ro) if worse else (rn < ro)) and \
                    (not strict or (rn == to if worse else ro == frm)):
                return r["id"] + (": " + r["reason"] if r.get("reason") else "")
        for r in old.get("rules", []):
            ro = RANK[r["verdict"]]
            if not worse and r["id"] not in now and ro > 0 and (not strict or ro == frm):
                return r["id"] + ": rule removed"
    return None


def own_cause(rec):
    want = CAND_RANK[rec["verdict"]]
    for r in rec.get("rules", []):
        if want and RANK[r["verdict"]] == want:
            return r["id"] + (": " + r["reason"] if r.get("reason") else "")
    return None


def expected_report(before, after):
    old = {r["id"]: r for r in before}
    new = {r["id"]: r for r in after}
    moves = [(r["id"], old[r["id"]]["verdict"], r["verdict"], expected_cause(old[r["id"]], r))
             for r in after if r["id"] in old and old[r["id"]]["verdict"] != r["verdict"]]
    added = [(r["id"], r["verdict"], own_cause(r)) for r in after if r["id"] not in old]
    removed = [(r["id"], r["verdict"]) for r in before if r["id"] not in new]
    rules_before = [x["id"] for x in (before[0].get("rules", []) if before else [])]
    rules_after = [x["id"] for x in (after[0].get("rules", []) if after else [])]
    rules = [("+", k) for k in rules_after if k not in rules_before] + \
            [("-", k) for k in rules_before if k not in rules_after]
    counts = [len(after)] + [sum(1 for r in after if r["verdict"] == v)
                             for v in ("pass", "flag", "fail", "error")]
    return {"moves": moves, "added": added, "removed": removed, "rules": rules, "counts": counts}


def parse_report(block):
    got = {"moves": [], "added": [], "removed": [], "rules": [], "counts": None, "none": False,
           "other": []}
    for line in block.splitlines()[1:]:
        m = MOVE.match(line)
        if m:
            got["moves"].append((m.group(1), m.group(2), m.group(3), m.group(4)))
            continue
        m = ADDED.match(line)
        if m:
            got["added"].append((m.group(1), m.group(2), m.group(3)))
            continue
        m = REMOVED.match(line)
        if m:
            got["removed"].append((m.group(1), m.group(2)))
            continue
        m = RULE.match(line)
        if m:
            got["rules"].append((m.group(1), m.group(2)))
            continue
        m = SUMMARY.match(line)
        if m:
            got["counts"] = [int(x) for x in m.groups()]
            continue
        if line == "no verdict changed":
            got["none"] = True
            continue
        got["other"].append(line)
    return got


def check_report(block, before, after, changed):
    exp = expected_report(before, after)
    got = parse_report(block)
    header = HEADER.match(block)
    check(header and changed in header.group(1),
          "the header should name %s" % changed, block)
    for k in ("moves", "added", "removed", "rules", "counts"):
        check(got[k] == exp[k], "%s: printed %r, a fresh shortlist run says %r" % (k, got[k], exp[k]),
              block)
    nothing = not (exp["moves"] or exp["added"] or exp["removed"])
    check(got["none"] == nothing, "'no verdict changed' is printed exactly when none did", block)
    check(not got["other"], "unexpected lines: %r" % got["other"], block)
    return exp


# ---- saving files, as editors do ----

def save_in_place(path, text):
    """One write into the existing file (same inode), no truncation in between."""
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, text.encode())
        os.ftruncate(fd, len(text.encode()))
    finally:
        os.close(fd)


def save_by_rename(path, text):
    """vim / VS Code / sed -i: write a new file beside, rename it over the old one."""
    tmp = os.path.join(os.path.dirname(path), ".%s.swp-new" % os.path.basename(path))
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, path)


def read(path):
    with open(path) as f:
        return f.read()


def stricter_leadership(text):
    """Leadership passes from min_leadership_years + 1: moves c-5 from pass to flag."""
    a = "if years >= p.min_leadership_years then"
    check(a in text, "fixture 02_leadership.lua should say %r" % a)
    return text.replace(a, "if years >= p.min_leadership_years + 1 then")


def set_threshold(text, old, new):
    """min_sales_years = 10 -> 8, padded so the file keeps its length."""
    a = "min_sales_years = %d," % old
    b = ("min_sales_years = %d," % new).ljust(len(a))
    check(a in text, "fixture pack.lua should say %r" % a)
    return text.replace(a, b)


# ---- the tests ----

class Env:
    def __init__(self, exe):
        self.exe = exe
        self.dir = tempfile.mkdtemp(prefix="sl-watch-test-")
        shutil.copytree(os.path.join(FIXTURES, "pack"), os.path.join(self.dir, "pack"))
        shutil.copy(os.path.join(FIXTURES, "candidates.jsonl"), self.dir)
        self.w = None

    def path(self, *p):
        return os.path.join(self.dir, *p)

    def start(self, extra_args=(), env=None):
        self.w = Watch(self.exe, self.dir,
                       ["-r", "pack", "--as-of", AS_OF] + list(extra_args) + ["candidates.jsonl"], env)
        return self.w.ready()

    def run(self):
        return run_jsonl(self.exe, self.dir)

    def close(self):
        if self.w:
            self.w.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def test_first_run_prints_the_summary_and_what_is_watched(e):
    end = e.start()
    text = e.w.text[:end]
    runs = e.run()
    m = SUMMARY.search(text)
    check(m, "the first run prints the summary line", text)
    want = [len(runs)] + [sum(1 for r in runs if r["verdict"] == v)
                          for v in ("pass", "flag", "fail", "error")]
    check([int(x) for x in m.groups()] == want, "first summary %s != run %s" % (m.groups(), want), text)
    for rule in ("sales-experience", "leadership", "team-scale"):
        check(re.search(r"^%s +\d+ +\d+ +\d+$" % rule, text, re.M), "rule table has " + rule, text)
    # pack.lua + 3 rule files + the input; the pack folder and the input's folder
    check("watching 5 files in 2 folders; Ctrl-C to stop" in text, "the watching line", text)


def test_threshold_edited_in_place_prints_the_moves(e):
    end = e.start()
    before = e.run()
    pack_lua = e.path("pack", "pack.lua")
    ino = os.stat(pack_lua).st_ino
    save_in_place(pack_lua, set_threshold(read(pack_lua), 10, 8))
    check(os.stat(pack_lua).st_ino == ino, "the edit kept the file (in place)")
    block, end = e.w.block(end)
    after = e.run()
    exp = check_report(block, before, after, "pack/pack.lua")
    check(exp["moves"], "the fixture edit should move some verdicts")
    # the summary goes on with each rule's counts, as after the first run (SPEC 6)
    fails = sum(1 for r in after for x in r["rules"] if x["id"] == "sales-experience" and x["verdict"] == "fail")
    row = e.w.wait_for(re.compile(r"^sales-experience +(\d+) +\d+ +\d+$", re.M), end, "the rule table")
    check(row.start() - end < 200 and int(row.group(1)) == fails,
          "the re-run's rule table follows its summary, with the new counts", e.w.text[end:])
    # and back again
    before = e.run()
    save_in_place(pack_lua, set_threshold(read(pack_lua), 8, 10))
    block, end = e.w.block(end)
    check_report(block, before, e.run(), "pack/pack.lua")


def test_threshold_saved_by_rename_prints_the_moves(e):
    end = e.start()
    before = e.run()
    rule = e.path("pack", "02_leadership.lua")
    save_by_rename(rule, stricter_leadership(read(rule)))
    block, end = e.w.block(end)
    exp = check_report(block, before, e.run(), "pack/02_leadership.lua")
    check(exp["moves"], "the fixture edit should move some verdicts")
    # a second rename save works too (the folder is watched, not the replaced file)
    before = e.run()
    pack_lua = e.path("pack", "pack.lua")
    save_by_rename(pack_lua, set_threshold(read(pack_lua), 10, 12))
    block, end = e.w.block(end)
    check_report(block, before, e.run(), "pack/pack.lua")


def test_syntax_error_keeps_the_previous_results_until_fixed(e):
    end = e.start()
    good = e.run()
    rule = e.path("pack", "02_leadership.lua")
    original = read(rule)
    broken = original.replace("if years >= p.min_leadership_years then", "if years >= then", 1)
    save_by_rename(rule, broken)
    block, end = e.w.block(end)
    line = next(i + 1 for i, l in enumerate(broken.splitlines()) if "if years >= then" in l)
    check(re.search(r"^pack/02_leadership\.lua:%d: .*unexpected symbol" % line, block, re.M),
          "the compile error with file:line (line %d)" % line, block)
    check("the previous results stand" in block, "says the previous results stand", block)
    check(not SUMMARY.search(block), "no summary for a pack that does not compile", block)
    # the fix (with a threshold change): compared with the last good results
    save_in_place(rule, stricter_leadership(original))
    block, end = e.w.block(end)
    exp = check_report(block, good, e.run(), "pack/02_leadership.lua")
    check(exp["moves"], "the fix should move some verdicts")


def test_the_cause_is_the_rule_that_decided_the_move(e):
    # c-3 flags on leadership (2.5 years) and team-scale. Both thresholds up at once:
    # sales-experience goes pass -> flag and leadership flag -> fail, so c-3 goes
    # flag -> fail because of leadership, not because of the rule that only flags now.
    end = e.start()
    before = e.run()
    pack_lua = e.path("pack", "pack.lua")
    text = read(pack_lua)
    stricter = set_threshold(text, 10, 12).replace("min_leadership_years = 3,", "min_leadership_years = 4,")
    save_in_place(pack_lua, stricter)
    block, end = e.w.block(end)
    check_report(block, before, e.run(), "pack/pack.lua")
    check(re.search(r"^c-3  flag -> fail  \(leadership: 2\.5 years leading teams; 4\+ required\)$",
                    block, re.M), "c-3's fail comes from leadership", block)
    # and back: c-3 leaves fail because leadership no longer fails it
    before = e.run()
    save_in_place(pack_lua, text)
    block, end = e.w.block(end)
    check_report(block, before, e.run(), "pack/pack.lua")
    check(re.search(r"^c-3  fail -> flag  \(leadership: 2\.5 years leading teams; 3\+ expected\)$",
                    block, re.M), "c-3 leaves fail because leadership no longer fails it", block)


def test_a_removed_rule_that_decided_the_move_is_named(e):
    # c-9 fails on sales-experience (6 years) and flags on leadership (2.5 years). One
    # save deletes 01_sales.lua and lowers min_leadership_years to 2: c-9 goes fail -> pass
    # because the rule that failed it is gone, not because leadership now passes.
    with open(e.path("candidates.jsonl"), "a") as f:
        f.write('{"id":"c-9","sales_years":6,"leadership_years":2.5,"team_size":40}\n')
    end = e.start()
    before = e.run()
    pack_lua = e.path("pack", "pack.lua")
    text = read(pack_lua).replace("min_leadership_years = 3,", "min_leadership_years = 2,")
    os.unlink(e.path("pack", "01_sales.lua"))
    save_in_place(pack_lua, text)
    block, end = e.w.block(end)
    check_report(block, before, e.run(), "pack/pack.lua")
    check(re.search(r"^c-9  fail -> pass  \(sales-experience: rule removed\)$", block, re.M),
          "c-9's fail went with the rule", block)


def test_rule_file_added_then_deleted_prints_the_rule_and_its_moves(e):
    end = e.start()
    before = e.run()
    extra = e.path("pack", "04_extra.lua")
    src = ('rule {\n  id = "big-team",\n  severity = "required",\n'
           '  check = function(c, f, p)\n'
           '    if (c.team_size or 0) >= 50 then return pass("team of %d", c.team_size) end\n'
           '    return flag("team of %d; 50+ wanted", c.team_size or 0)\n  end,\n}\n')
    fd = os.open(extra, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    os.write(fd, src.encode())
    os.close(fd)
    block, end = e.w.block(end)
    exp = check_report(block, before, e.run(), "pack/04_extra.lua")
    check(("+", "big-team") in exp["rules"] and exp["moves"], "the new rule is added and moves some")
    before = e.run()
    os.unlink(extra)
    block, end = e.w.block(end)
    exp = check_report(block, before, e.run(), "pack/04_extra.lua")
    check(("-", "big-team") in exp["rules"], "the rule is removed")


def test_input_appended_prints_the_new_candidates(e):
    end = e.start()
    before = e.run()
    fd = os.open(e.path("candidates.jsonl"), os.O_WRONLY | os.O_APPEND)
    os.write(fd, b'{"id":"c-9","sales_years":20,"leadership_years":9,"team_size":100}\n'
                 b'{"id":"c-10","sales_years":2,"leadership_years":0,"team_size":3}\n'
                 b'{"id":"c-11","sales_years":9.5,"leadership_years":3,"team_size":40}\n')
    os.close(fd)
    block, end = e.w.block(end)
    exp = check_report(block, before, e.run(), "candidates.jsonl")
    check(len(exp["added"]) == 3, "three candidates added", block)


def test_input_deleted_and_recreated_is_read_again(e):
    end = e.start()
    before = e.run()
    path = e.path("candidates.jsonl")
    lines = read(path).splitlines(True)
    os.unlink(path)
    with open(path, "w") as f:  # c-3 gone, the rest as before
        f.write("".join(l for l in lines if '"c-3"' not in l))
    block, end = e.w.block(end)
    check_report(block, before, e.run(), "candidates.jsonl")
    check("- c-3  was flag" in block, "c-3 removed", block)


def test_an_input_that_is_no_longer_a_file_waits_for_it(e):
    # Replaced by a named pipe (or a folder): reading it would block the rebuild, and
    # Ctrl-C with it, until something writes there. As at start, watch reads files only:
    # the previous results stand until it is a file again.
    end = e.start()
    path = e.path("candidates.jsonl")
    saved = read(path)
    os.unlink(path)
    os.mkfifo(path)
    block, end = e.w.block(end)
    check(re.search(r"candidates\.jsonl is not a file", block), "says why", block)
    check("the previous results stand" in block, "the previous results stand", block)
    os.unlink(path)
    with open(path, "w") as f:
        f.write(saved)
    block, end = e.w.block(end)
    check("no verdict changed" in block, "read again once it is a file", block)


def test_files_reached_through_symbolic_links_are_watched(e):
    # The input and a rule file are links to files in folders watch is not told about;
    # saving the targets must re-run, with the links' names in the header.
    for folder, name, link in (("data", "candidates.jsonl", "candidates.jsonl"),
                               ("shared", "02_leadership.lua", os.path.join("pack", "02_leadership.lua"))):
        os.mkdir(e.path(folder))
        os.rename(e.path(link), e.path(folder, name))
        os.symlink(os.path.relpath(e.path(folder, name), os.path.dirname(e.path(link))), e.path(link))
    end = e.start()
    before = e.run()
    save_in_place(e.path("shared", "02_leadership.lua"), stricter_leadership(read(e.path("shared", "02_leadership.lua"))))
    block, end = e.w.block(end)
    exp = check_report(block, before, e.run(), "pack/02_leadership.lua")
    check(exp["moves"], "the stricter rule should move some verdicts", block)
    before = e.run()
    with open(e.path("data", "candidates.jsonl"), "a") as f:
        f.write('{"id":"c-9","sales_years":20,"leadership_years":9,"team_size":100}\n')
    block, end = e.w.block(end)
    exp = check_report(block, before, e.run(), "candidates.jsonl")
    check(len(exp["added"]) == 1, "one candidate added", block)


def test_a_symbolic_link_pointed_elsewhere_follows_its_new_target(e):
    # The input is a link into data1/; `ln -sfn` points it at a file in data2/ (a folder
    # watch was not told about). Saving the new target must re-run; saving the old one,
    # no longer read, must not.
    for folder in ("data1", "data2"):
        os.mkdir(e.path(folder))
    lines = read(e.path("candidates.jsonl")).splitlines(True)
    with open(e.path("data1", "c.jsonl"), "w") as f:
        f.write("".join(lines[:4]))
    with open(e.path("data2", "c.jsonl"), "w") as f:
        f.write("".join(lines[4:]))
    os.unlink(e.path("candidates.jsonl"))
    os.symlink(os.path.join("data1", "c.jsonl"), e.path("candidates.jsonl"))
    end = e.start()
    before = e.run()
    tmp = e.path(".candidates.jsonl.new")
    os.symlink(os.path.join("data2", "c.jsonl"), tmp)
    os.rename(tmp, e.path("candidates.jsonl"))
    block, end = e.w.block(end)
    check_report(block, before, e.run(), "candidates.jsonl")
    with open(e.path("data1", "c.jsonl"), "a") as f:  # the old target: not read any more
        f.write('{"id":"old-1","sales_years":20,"leadership_years":9,"team_size":100}\n')
    time.sleep(0.5)  # ten debounces: a re-run it caused would have started
    while e.w._read(0.1) == "data":
        pass
    check(not HEADER.search(e.w.text, end), "saving the old target re-ran", e.w.text[end:])
    before = e.run()
    with open(e.path("data2", "c.jsonl"), "a") as f:
        f.write('{"id":"new-1","sales_years":20,"leadership_years":9,"team_size":100}\n')
    block, end = e.w.block(end)
    exp = check_report(block, before, e.run(), "candidates.jsonl")
    check(exp["added"] == [("new-1", "pass", None)], "the new target's candidate added", block)
    check(not re.search(r"old-1", e.w.text), "the old target is not read", e.w.text)


def test_editor_droppings_do_not_trigger_a_rerun(e):
    end = e.start()
    before = e.run()
    for name in (".02_leadership.lua.swp", "02_leadership.lua~", "4913", "#pack.lua#"):
        with open(e.path("pack", name), "w") as f:
            f.write("junk")
    with open(e.path(".candidates.jsonl.swp"), "w") as f:
        f.write("junk")
    pack_lua = e.path("pack", "pack.lua")
    save_in_place(pack_lua, set_threshold(read(pack_lua), 10, 8))
    block, end = e.w.block(end)
    check_report(block, before, e.run(), "pack/pack.lua")
    header = HEADER.match(block).group(1)
    check(header == "pack/pack.lua", "only pack.lua is named, got %r" % header, block)


def test_clear_clears_the_screen_before_each_rerun(e):
    end = e.start(["--clear"])
    check(e.w.raw.startswith(b"\x1b[2J\x1b[H"), "the screen is cleared first", e.w.text)
    n = e.w.raw.count(b"\x1b[2J\x1b[H")
    pack_lua = e.path("pack", "pack.lua")
    save_in_place(pack_lua, set_threshold(read(pack_lua), 10, 8))
    block, end = e.w.block(end)
    check(e.w.raw.count(b"\x1b[2J\x1b[H") == n + 1, "cleared again for the re-run", e.w.text)


def test_colours_on_a_terminal_and_none_with_NO_COLOR(e):
    e.w = Watch(e.exe, e.dir, ["-r", "pack", "--as-of", AS_OF, "candidates.jsonl"],
                {"NO_COLOR": None})
    e.w.ready()
    check(b"\x1b[32mpass\x1b[0m" in e.w.raw, "verdicts in colour on a terminal", e.w.text)
    e.w.interrupt()
    # no-color.org: NO_COLOR counts when it is set and not empty
    e.w = Watch(e.exe, e.dir, ["-r", "pack", "--as-of", AS_OF, "candidates.jsonl"],
                {"NO_COLOR": ""})
    e.w.ready()
    check(b"\x1b[32mpass\x1b[0m" in e.w.raw, "colour with NO_COLOR set but empty", e.w.text)
    e.w.interrupt()
    e.w = None
    e.start()
    check(b"\x1b" not in e.w.raw, "no escape codes with NO_COLOR", e.w.text)


def test_ctrl_c_stops_cleanly_with_status_130(e):
    e.start()
    code = e.w.interrupt("ctrl-c")
    check(code == 130, "exit status %s after Ctrl-C, expected 130" % code, e.w.text)
    check(e.w.text.endswith("\n"), "a final newline", e.w.text)
    check("Sanitizer" not in e.w.text and "did not close" not in e.w.text, "a clean exit", e.w.text)


def test_ctrl_c_during_a_rebuild_stops_cleanly(e):
    # a bigger input so a rebuild takes a while, then Ctrl-C right after a save
    with open(e.path("candidates.jsonl"), "a") as f:
        for i in range(20000):
            f.write('{"id":"x-%d","sales_years":%d,"leadership_years":%d,"team_size":%d}\n'
                    % (i, i % 15, i % 6, i % 90))
    e.start()
    pack_lua = e.path("pack", "pack.lua")
    start = len(e.w.text)
    save_in_place(pack_lua, set_threshold(read(pack_lua), 10, 8))
    e.w.wait_for(HEADER, start, "the re-run to start")
    code = e.w.interrupt("ctrl-c")
    check(code == 130, "exit status %s after Ctrl-C, expected 130" % code, e.w.text)
    check("Sanitizer" not in e.w.text, "a clean exit", e.w.text)


def test_ctrl_c_during_a_slow_rebuild_stops_at_once(e):
    # A rule saved with an endless loop: every candidate runs to the instruction budget
    # (tens of ms each), so one batch of 512 takes half a minute. Ctrl-C must not wait
    # for the batches in the workers' hands: the run stops before its next candidate.
    with open(e.path("candidates.jsonl"), "a") as f:
        for i in range(1024):
            f.write('{"id":"x-%d","sales_years":%d}\n' % (i, i % 15))
    e.start(["-j", "1"])
    with open(e.path("pack", "04_slow.lua"), "w") as f:
        f.write('rule { id = "slow", check = function(c) while true do end end }\n')
    time.sleep(0.5)  # the debounce and the compile: the rebuild is evaluating now
    t0 = time.monotonic()
    code = e.w.interrupt("ctrl-c")
    took = time.monotonic() - t0
    check(code == 130, "exit status %s after Ctrl-C, expected 130" % code, e.w.text)
    check(took < 5, "watch took %.1f s to stop after Ctrl-C" % took, e.w.text)


def test_a_save_during_a_slow_rebuild_starts_over_at_once(e):
    # The endless loop of the test above, then fixed (the file deleted) half a second
    # later: the fix must not wait behind the slow rebuild's minute of candidates. The
    # slow one stops, and the next report, naming both saves, compares the fixed pack
    # with the results that stood.
    with open(e.path("candidates.jsonl"), "a") as f:
        for i in range(1024):
            f.write('{"id":"x-%d","sales_years":%d}\n' % (i, i % 15))
    end = e.start(["-j", "1"])
    before = e.run()
    pack_lua = e.path("pack", "pack.lua")
    with open(e.path("pack", "04_slow.lua"), "w") as f:
        f.write('rule { id = "slow", check = function(c) while true do end end }\n')
    time.sleep(0.5)  # the debounce and the compile: the rebuild is evaluating now
    os.unlink(e.path("pack", "04_slow.lua"))
    save_in_place(pack_lua, set_threshold(read(pack_lua), 10, 8))
    t0 = time.monotonic()
    block, end = e.w.block(end)
    took = time.monotonic() - t0
    check(took < 5, "the fix was reported %.1f s after its save" % took, block)
    check_report(block, before, e.run(), "pack/pack.lua")
    check("pack/04_slow.lua" in HEADER.match(block).group(1), "the header names both saves", block)


def test_sigterm_stops_cleanly_with_status_143(e):
    e.start()
    code = e.w.interrupt("sigterm")
    check(code == 143, "exit status %s after SIGTERM, expected 143 (128 + 15)" % code, e.w.text)
    check("Sanitizer" not in e.w.text, "a clean exit", e.w.text)


def test_standard_input_is_a_usage_error(e):
    out = subprocess.run([e.exe, "watch", "-r", "pack", "-"], cwd=e.dir, capture_output=True,
                         stdin=subprocess.DEVNULL, timeout=WAIT)
    check(out.returncode == 2, "exit 2, got %d" % out.returncode)
    check(b"standard input" in out.stderr, "says why: " + out.stderr.decode())
    out = subprocess.run([e.exe, "watch", "-r", "pack"], cwd=e.dir, capture_output=True,
                         stdin=subprocess.DEVNULL, timeout=WAIT)
    check(out.returncode == 2, "no input: exit 2, got %d" % out.returncode)


TESTS = {name[len("test_"):]: fn for name, fn in globals().items() if name.startswith("test_")}


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in TESTS:
        sys.exit("usage: watch_test.py SHORTLIST TEST\ntests: " + " ".join(sorted(TESTS)))
    exe, name = os.path.abspath(sys.argv[1]), sys.argv[2]
    e = Env(exe)
    try:
        TESTS[name](e)
        if e.w and e.w.status is None:
            code = e.w.interrupt("ctrl-c")
            check(code == 130, "exit status %s after Ctrl-C, expected 130" % code, e.w.text)
            check("Sanitizer" not in e.w.text, "a clean exit", e.w.text)
    except Failure as f:
        print("FAIL %s: %s" % (name, f))
        return 1
    finally:
        e.close()
    print("ok %s" % name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
