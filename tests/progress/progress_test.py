#!/usr/bin/env python3
"""The progress line of `shortlist run`: shown on standard error while a run
lasts (here, a slow stream of candidates on standard input), erased at the
end, and never in the results; absent when standard error is not a terminal
or when the results themselves go to the terminal.

usage: progress_test.py SHORTLIST TEST_NAME
"""
import os
import pty
import subprocess
import sys
import tempfile
import threading
import time

SL = sys.argv[1]
PACK = os.path.join(os.environ["SL_TEST_DATA"], "fixtures", "packs", "verdicts")
RECORDS = 40


def feed(pipe):
    """Writes RECORDS candidates over ~2 s, so the run outlasts the first
    second after which progress shows."""
    for i in range(RECORDS):
        pipe.write(('{"id":"c-%d","years":%d,"email":"x@y"}\n' % (i, i % 15)).encode())
        pipe.flush()
        time.sleep(2.0 / RECORDS)
    pipe.close()


def read_all(fd):
    out = b""
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:  # the other end closed
            break
        if not data:
            break
        out += data
    return out


def run(stderr_tty, stdout_tty):
    """Runs shortlist on the slow stream; returns (status, stdout, stderr)."""
    args = [SL, "run", "-r", PACK, "--as-of", "2026-01-01", "-f", "jsonl", "-j", "2", "-"]
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    out_file = tempfile.TemporaryFile()
    err_file = tempfile.TemporaryFile()
    master = slave = None
    if stderr_tty or stdout_tty:
        master, slave = pty.openpty()
    p = subprocess.Popen(args, stdin=subprocess.PIPE,
                         stdout=slave if stdout_tty else out_file,
                         stderr=slave if stderr_tty else err_file, env=env)
    if slave is not None:
        os.close(slave)
    writer = threading.Thread(target=feed, args=(p.stdin,))
    writer.start()
    tty_bytes = read_all(master) if master is not None else b""
    writer.join()
    status = p.wait(timeout=30)
    out_file.seek(0)
    err_file.seek(0)
    out = tty_bytes if stdout_tty else out_file.read()
    err = tty_bytes if stderr_tty and not stdout_tty else err_file.read()
    return status, out, err


def check(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)


def results_are_clean(out):
    lines = out.decode().splitlines()
    check(len(lines) == RECORDS, "one result per candidate (got %d lines)" % len(lines))
    check("\x1b" not in out.decode() and "screened" not in out.decode(),
          "no progress in the results")


def shown_on_a_terminal_and_erased_at_the_end():
    status, out, err = run(stderr_tty=True, stdout_tty=False)
    check(status == 0, "exit 0 (got %d)" % status)
    results_are_clean(out)
    text = err.decode()
    check("candidates screened" in text, "a progress line on the terminal: %r" % text[:200])
    check(text.endswith("\r\x1b[K"), "the line erased at the end: %r" % text[-40:])


def none_when_stderr_is_not_a_terminal():
    status, out, err = run(stderr_tty=False, stdout_tty=False)
    check(status == 0, "exit 0 (got %d)" % status)
    results_are_clean(out)
    check(err == b"", "nothing on standard error: %r" % err[:200])


def none_when_the_results_go_to_the_terminal():
    status, out, _ = run(stderr_tty=True, stdout_tty=True)
    check(status == 0, "exit 0 (got %d)" % status)
    check(b"screened" not in out, "no progress among the results on the terminal")
    check(out.count(b'{"id":"c-') == RECORDS, "every result on the terminal")


def a_terminal_as_input_is_announced():
    """`shortlist run` with no input file, typed at a terminal: it says it reads the
    terminal until Ctrl-D, rather than waiting without a word."""
    master, slave = pty.openpty()
    out_file = tempfile.TemporaryFile()
    p = subprocess.Popen([SL, "run", "-r", PACK, "--as-of", "2026-01-01", "-f", "jsonl"],
                         stdin=slave, stdout=out_file, stderr=slave)
    os.close(slave)
    time.sleep(0.5)
    os.write(master, b'{"id":"typed","years":12}\n')
    time.sleep(0.3)
    os.write(master, b"\x04")  # Ctrl-D at the start of a line: the end of input
    text = read_all(master).decode(errors="replace")
    status = p.wait(timeout=30)
    out_file.seek(0)
    out = out_file.read().decode()
    check(status == 0, "exit 0 (got %d)" % status)
    check("reading candidates (JSON Lines) from the terminal; Ctrl-D ends them" in text,
          "the terminal is told: %r" % text[:300])
    check(out.count('{"id":"typed"') == 1, "the typed candidate's result: %r" % out[:200])


globals()[sys.argv[2]]()
print("ok")
