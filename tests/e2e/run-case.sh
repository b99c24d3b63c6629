#!/usr/bin/env bash
# tests/e2e/run-case.sh CASE_DIR SHORTLIST [WORKDIR] - one end-to-end case, run
# by CTest (the sandbox tests use it too).
#
# A case is a folder:
#   cmd      bash run from WORKDIR (default tests/fixtures), so the paths in
#            messages are stable and relative, with
#              SL   the shortlist binary under test
#              FIX  tests/fixtures (absolute)
#              TMP  an empty scratch folder, removed afterwards
#            Its standard output and exit status are the case's result.
#   stdout   the expected standard output, byte for byte
#   status   the expected exit status
#   stderr   optional: the expected standard error, byte for byte
#
# SL_UPDATE_GOLDEN=1 rewrites stdout, status (and stderr when present) from
# the run instead of comparing: review every change with git diff.
set -u
case_dir=$(cd "$1" && pwd) || exit 2
SL=$(cd "$(dirname "$2")" && pwd)/$(basename "$2") || exit 2
FIX=$(cd "$(dirname "$0")/../fixtures" && pwd)
WORKDIR=$(cd "${3:-$FIX}" && pwd) || exit 2
name=$(basename "$case_dir")
mkdir -p "${TMPDIR:-/tmp}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sl-e2e-$name.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
export SL FIX TMP
# Nothing of the caller's environment may change what shortlist does.
unset NO_COLOR SHORTLIST_PLUGIN_PATH SHORTLIST_RULES_PATH SHORTLIST_SECTORS
export LC_ALL=C  # system messages (strerror) in one language

out=$TMP/.stdout
err=$TMP/.stderr
(cd "$WORKDIR" && bash -o pipefail "$case_dir/cmd") >"$out" 2>"$err" </dev/null
status=$?

if [ "${SL_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$out" "$case_dir/stdout"
  echo "$status" >"$case_dir/status"
  [ -f "$case_dir/stderr" ] && cp "$err" "$case_dir/stderr"
  echo "updated $name"
  exit 0
fi

failed=0
if ! cmp -s "$case_dir/stdout" "$out"; then
  echo "FAIL $name: standard output differs from the expected (--- expected, +++ actual):"
  diff -u "$case_dir/stdout" "$out" | head -60
  failed=1
fi
want=$(cat "$case_dir/status")
if [ "$status" != "$want" ]; then
  echo "FAIL $name: exit status $status, expected $want"
  failed=1
fi
if [ -f "$case_dir/stderr" ] && ! cmp -s "$case_dir/stderr" "$err"; then
  echo "FAIL $name: standard error differs from the expected (--- expected, +++ actual):"
  diff -u "$case_dir/stderr" "$err" | head -60
  failed=1
fi
if [ "$failed" = 1 ]; then
  echo "--- standard error of the run:"
  head -40 "$err"
  exit 1
fi
echo "ok $name"
