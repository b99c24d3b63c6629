#!/usr/bin/env bash
# tests/e2e/flat-memory.sh SHORTLIST PACK - memory stays flat however long the
# input: the peak RSS of a run over SL_FLAT_COUNT records (default 1,000,000)
# read from a pipe is within 32 MiB of the peak RSS over 10,000 records.
#
# Records are generated on the fly (nothing large on disk) and the output is
# counted, so the run is also checked to report every record.
set -u
SL=$1
PACK=$2
COUNT=${SL_FLAT_COUNT:-1000000}
SMALL=10000
SLACK_KIB=$((32 * 1024))
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sl-flat.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
# Under AddressSanitizer freed memory waits in a quarantine (256 MiB by
# default) before reuse: cap it so RSS measures shortlist, not the quarantine.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8"

if [ ! -x /usr/bin/time ]; then
  echo "FAIL: /usr/bin/time is missing (Debian package 'time'; scripts/install-deps installs it)"
  exit 1
fi

generate() {
  awk -v n="$1" 'BEGIN {
    split("saas fintech retail", sectors, " ")
    for (i = 1; i <= n; i++)
      printf "{\"id\":\"c-%d\",\"years\":%d,\"sector\":\"%s\",\"reports\":%d}\n", i, i % 15, sectors[i % 3 + 1], i % 9
  }'
}

# measure N: prints the peak RSS (KiB) of one run over N records.
measure() {
  local n=$1 lines status
  generate "$n" |
    /usr/bin/time -f %M -o "$TMP/rss-$n" "$SL" run -r "$PACK" --as-of 2026-01-01 -f jsonl 2>"$TMP/err-$n" |
    wc -l >"$TMP/lines-$n"
  status=${PIPESTATUS[1]}
  lines=$(cat "$TMP/lines-$n")
  if [ "$status" != 0 ]; then
    echo "FAIL: the run over $n records exited with status $status" >&2
    head -20 "$TMP/err-$n" >&2
    return 1
  fi
  if [ "$lines" != "$n" ]; then
    echo "FAIL: $n records in, $lines results out" >&2
    return 1
  fi
  tail -1 "$TMP/rss-$n"
}

small=$(measure "$SMALL") || exit 1
large=$(measure "$COUNT") || exit 1
echo "peak RSS: $small KiB over $SMALL records, $large KiB over $COUNT records (limit $((small + SLACK_KIB)) KiB)"
if [ "$large" -ge $((small + SLACK_KIB)) ]; then
  echo "FAIL: memory grows with the input: $((large - small)) KiB more over $COUNT records than over $SMALL"
  exit 1
fi
echo "ok: memory stays flat"
