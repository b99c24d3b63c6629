#!/usr/bin/env python3
"""trickle.py FILE [SIZES]: writes FILE to standard output a few bytes at a time,
flushing and pausing after each write, so that a reader on the other end of a pipe
receives it in many small chunks and every framing state meets a chunk boundary.
SIZES, comma-separated, are the write sizes, used in turn (default 1,2,3,5,7)."""
import os
import sys
import time

data = open(sys.argv[1], "rb").read()
sizes = [int(s) for s in (sys.argv[2] if len(sys.argv) > 2 else "1,2,3,5,7").split(",")]
out = sys.stdout.fileno()
pos = i = 0
while pos < len(data):
    n = sizes[i % len(sizes)]
    os.write(out, data[pos:pos + n])
    pos += n
    i += 1
    time.sleep(0.0005)
