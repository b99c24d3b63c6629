#!/bin/sh
# tests/plugin-abi/check.sh CASE - one plugin test, run by CTest (see CMakeLists.txt).
#
# Environment (set by CMakeLists.txt):
#   SHORTLIST  the shortlist binary (its plugins/ folder holds the bundled plugins)
#   SRC        the source tree
#   BIN        this folder's build folder: the test plugins, each in a folder of its own
#   CMAKE, CC  for the out-of-tree build
set -u
CASE=$1
HERE=$SRC/tests/plugin-abi
unset SHORTLIST_PLUGIN_PATH SHORTLIST_SECTORS NO_COLOR
mkdir -p "$BIN/tmp"
T=$(mktemp -d "$BIN/tmp/$CASE.XXXXXX")
trap 'rm -rf "$T"' EXIT

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# run NAME ARGS...: runs shortlist, keeps stdout in $T/NAME.out, stderr in $T/NAME.err and
# the exit status in $rc.
run() {
  name=$1
  shift
  "$SHORTLIST" "$@" >"$T/$name.out" 2>"$T/$name.err"
  rc=$?
}

expect_rc() { # expect_rc NAME WANT
  if [ "$rc" != "$2" ]; then
    fail "$1: exit status $rc, expected $2"
    sed 's/^/  stderr: /' "$T/$1.err" >&2
  fi
}

expect_one_line() { # expect_one_line NAME: stderr is exactly one line
  n=$(wc -l <"$T/$1.err")
  if [ "$n" != 1 ]; then
    fail "$1: $n lines on stderr, expected one"
    sed 's/^/  stderr: /' "$T/$1.err" >&2
  fi
}

expect_in() { # expect_in NAME FILE TEXT: TEXT (fixed string) occurs in $T/NAME.FILE
  if ! grep -qF -- "$3" "$T/$1.$2"; then
    fail "$1: '$3' not in $2"
    sed "s/^/  $2: /" "$T/$1.$2" >&2
  fi
}

# expect_same NAME EXPECTED-FILE: stdout is exactly the file, except that an error record's
# "source" (an absolute path here) reads "INPUT" in the expected file.
expect_same() {
  sed 's/"source":"[^"]*"/"source":"INPUT"/' "$T/$1.out" >"$T/$1.same"
  if ! cmp -s "$2" "$T/$1.same"; then
    fail "$1: output differs from $2"
    diff "$2" "$T/$1.same" >&2
  fi
}

host_abi=$(sed -n 's/^#define SL_PLUGIN_ABI \([0-9][0-9]*\).*/\1/p' "$SRC/core/include/shortlist/plugin.h")
[ -n "$host_abi" ] || { echo "cannot read SL_PLUGIN_ABI from plugin.h" >&2; exit 1; }

case $CASE in

wrong-abi)
  # (a) built for a newer ABI (it also refuses the host), and an old plugin that does not
  # check: both refused, exit 2, one line naming both versions.
  run newer plugins --plugin-path "$BIN/wrongabi-newer"
  expect_rc newer 2
  expect_one_line newer
  expect_in newer err "wrongabi.so"
  expect_in newer err "ABI $((host_abi + 1))"
  expect_in newer err "ABI $host_abi"
  run older run --plugin-path "$BIN/wrongabi-older" -r "$HERE/packs/rules-ok" "$HERE/data/candidates.jsonl"
  expect_rc older 2
  expect_one_line older
  expect_in older err "ABI 0"
  expect_in older err "ABI $host_abi"
  [ -s "$T/older.out" ] && fail "older: something was evaluated"
  ;;

no-entry)
  # (b) a .so without the entry point, and a file that is no shared object at all
  run noentry plugins --plugin-path "$BIN/noentry"
  expect_rc noentry 2
  expect_one_line noentry
  expect_in noentry err "noentry.so is not a shortlist plugin"
  expect_in noentry err "shortlist_plugin_init"
  mkdir "$T/junk"
  echo "not a shared object" >"$T/junk/junk.so"
  run junk plugins --plugin-path "$T/junk"
  expect_rc junk 2
  expect_one_line junk
  expect_in junk err "cannot load plugin $T/junk/junk.so"
  ;;

duplicate)
  # (c) two plugins register the reporter "dup"
  run dup plugins --plugin-path "$BIN/dup"
  expect_rc dup 2
  expect_one_line dup
  expect_in dup err "reporter 'dup'"
  expect_in dup err "dupa.so"
  expect_in dup err "dupb.so"
  ;;

list)
  # (d) shortlist plugins lists the bundled plugins and what each provides
  run list plugins
  expect_rc list 0
  for so in jsonl.so text.so sectors.so example.so; do expect_in list out "$so  ("; done
  tr -s ' ' <"$T/list.out" >"$T/squeezed.out"
  for line in "reader jsonl" "reporter jsonl" "reporter text" "lua module sectors require \"sectors\"" \
    "reporter count" "lua module example require \"example\"" "rule loader rules .rules files"; do
    expect_in squeezed out "$line"
  done
  ;;

discovery)
  # Discovery order: --plugin-path, then SHORTLIST_PLUGIN_PATH, then the build tree; the
  # first folder's file of a name wins (shadow/text.so replaces the bundled text.so).
  run cli run --plugin-path "$BIN/shadow-cli" -r "$HERE/packs/rules-ok" -f text "$HERE/data/candidates.jsonl"
  expect_in cli out "cli text reporter: 5 candidates"
  export SHORTLIST_PLUGIN_PATH="$T/none:$BIN/shadow-env" # a missing folder is skipped
  run env run -r "$HERE/packs/rules-ok" -f text "$HERE/data/candidates.jsonl"
  expect_in env out "env text reporter: 5 candidates"
  run both run --plugin-path "$BIN/shadow-cli" -r "$HERE/packs/rules-ok" -f text "$HERE/data/candidates.jsonl"
  expect_in both out "cli text reporter: 5 candidates"
  run listed plugins
  expect_in listed out "text.so  ($BIN/shadow-env/text.so)"
  unset SHORTLIST_PLUGIN_PATH
  run bundled run -r "$HERE/packs/rules-ok" -f text "$HERE/data/candidates.jsonl"
  expect_in bundled out "5 candidates: 1 pass"
  run missing plugins --plugin-path "$T/nowhere"
  expect_rc missing 2
  expect_one_line missing
  expect_in missing err "$T/nowhere"
  ;;

out-of-tree)
  # (e) tests/plugin-abi/outoftree, copied out of the tree, built with the CMake function
  # and with plain cc, loaded with --plugin-path; its reporter's output checked.
  cp -R "$HERE/outoftree" "$T/src"
  if "$CMAKE" -S "$T/src" -B "$T/build" -DSHORTLIST_DIR="$SRC" -DCMAKE_C_COMPILER="$CC" \
    >"$T/cmake.log" 2>&1 && "$CMAKE" --build "$T/build" >>"$T/cmake.log" 2>&1; then
    run cmake run --plugin-path "$T/build/plugins" -r "$HERE/packs/rules-ok" -f tally "$HERE/data/candidates.jsonl"
    expect_rc cmake 3 # one input record is malformed
    expect_same cmake "$HERE/data/expected-tally.txt"
  else
    fail "the CMake build failed"
    cat "$T/cmake.log" >&2
  fi
  mkdir "$T/cc"
  if "$CC" -std=c11 -Wall -Wextra -Werror -shared -fPIC -I "$SRC/core/include" \
    -o "$T/cc/tally.so" "$T/src/tally.c" 2>"$T/cc.log"; then
    run cc run --plugin-path "$T/cc" -r "$HERE/packs/rules-ok" -f tally "$HERE/data/candidates.jsonl"
    expect_rc cc 3
    expect_same cc "$HERE/data/expected-tally.txt"
  else
    fail "cc -shared failed"
    cat "$T/cc.log" >&2
  fi
  ;;

rule-loader)
  # (f) the example plugin's .rules loader: a pack evaluated end to end, its own cases,
  # and a syntax error reported as path:line with exit 2.
  run ok run -r "$HERE/packs/rules-ok" -f jsonl "$HERE/data/candidates.jsonl"
  expect_rc ok 3 # one input record is malformed
  expect_same ok "$HERE/data/expected-rules-ok.jsonl"
  run cases test "$HERE/packs/rules-ok"
  expect_rc cases 0
  expect_in cases out "3 passed, 0 failed"
  run count run -r "$HERE/packs/rules-ok" -f count "$HERE/data/candidates.jsonl"
  expect_in count out "pass 1 / flag 2 / fail 1 / error 1"
  run bad run -r "$HERE/packs/rules-bad" -f jsonl "$HERE/data/candidates.jsonl"
  expect_rc bad 2
  expect_in bad err "$HERE/packs/rules-bad/screen.rules:3: condition 'sales_years at least ten'"
  [ -s "$T/bad.out" ] && fail "bad: something was evaluated"
  run badcheck check -r "$HERE/packs/rules-bad"
  expect_rc badcheck 2
  expect_in badcheck err "screen.rules:3:"
  ;;

modules)
  # (g) require "sectors" and require "example" from rules
  run modules test "$HERE/packs/modules"
  expect_rc modules 0
  expect_in modules out "5 passed, 0 failed"
  printf '%s\n' '{"id":"x","sector":"FinServ","salary":90000}' >"$T/x.jsonl"
  run x run -r "$HERE/packs/modules" -f jsonl "$T/x.jsonl"
  expect_in x out '"reason":"core: financial services"'
  expect_in x out '"reason":"clamped to 150000"'
  expect_in x out '"reason":"22 checks"'
  ;;

layered-modules)
  # A plugin's Lua module requires another plugin's module and one of its own plugin;
  # a pack's own modules stay out of its reach.
  pp="$BIN/layered:$(dirname "$SHORTLIST")/plugins"
  run layered test --plugin-path "$pp" "$HERE/packs/layered"
  expect_rc layered 0
  expect_in layered out "1 passed, 0 failed"
  printf '%s\n' '{"id":"x","name":"grace","sales_years":15}' >"$T/x.jsonl"
  run x run --plugin-path "$pp" -r "$HERE/packs/layered" -f jsonl "$T/x.jsonl"
  expect_rc x 0
  expect_in x out '"reason":"Hello Grace, senior"'
  expect_in x out "\"reason\":\"module 'packmodule' not found: a plugin's Lua module can require the Lua modules of plugins only, and no plugin provides it\""
  ;;

sectors-data)
  # The taxonomy file: a bad line stops shortlist (exit 2) naming file:line; a missing
  # file too; the installed copy sits beside sectors.so.
  plugdir=$(dirname "$SHORTLIST")/plugins
  [ -f "$plugdir/sectors.tsv" ] || fail "no sectors.tsv beside $plugdir/sectors.so"
  printf 'sector\tfinance\t-\t-\n# a comment\nsector\tbanking\tFinance\t-\n' >"$T/dup.tsv"
  export SHORTLIST_SECTORS="$T/dup.tsv"
  run dupalias plugins
  expect_rc dupalias 2
  expect_in dupalias err "$T/dup.tsv:3: alias 'Finance' of 'banking' is the sector 'finance' (line 1)"
  expect_one_line dupalias # the plugin's own words through reg->fail, not a second line
  expect_in dupalias err "shortlist: plugin sectors"

  printf 'sector\tsaas\t-\tnowhere\n' >"$T/adj.tsv"
  export SHORTLIST_SECTORS="$T/adj.tsv"
  run adj test "$SRC/rules/cso"
  expect_rc adj 2
  expect_in adj err "$T/adj.tsv:1: adjacent sector 'nowhere'"
  printf 'sector\tEnterprise SaaS\n' >"$T/case.tsv"
  export SHORTLIST_SECTORS="$T/case.tsv"
  run case plugins
  expect_rc case 2
  expect_in case err "$T/case.tsv:1: sector name 'Enterprise SaaS' must be written normalised"
  printf 'sectors\ta\n' >"$T/kind.tsv"
  export SHORTLIST_SECTORS="$T/kind.tsv"
  run kind plugins
  expect_rc kind 2
  expect_in kind err "$T/kind.tsv:1: expected 'sector' or 'phrase'"
  export SHORTLIST_SECTORS="$T/missing.tsv"
  run missing plugins
  expect_rc missing 2
  expect_in missing err "$T/missing.tsv: cannot open the sector taxonomy"
  expect_one_line missing
  # a taxonomy of one's own: "Bank" now reads "banks", which the pack does not know
  printf 'sector\tbanks\tBanking, Bank\tfintech\nsector\tfintech\t-\t-\nphrase\tfin tech\tfintech\n' >"$T/own.tsv"
  export SHORTLIST_SECTORS="$T/own.tsv"
  run own test "$HERE/packs/modules"
  expect_rc own 1 # the pack's cases assume the bundled taxonomy
  unset SHORTLIST_SECTORS
  ;;

failing-reader)
  # A reader whose feed fails (a line FAIL) or whose finish fails (a last line FAIL-AT-END):
  # the records framed before stand, one error record says where reading stopped, the next
  # input is still read, and the run exits 3 (some records could not be read).
  printf 'a\nFAIL\nnever\n' >"$T/one.lines"
  printf '{"id":"j"}\n' >"$T/two.jsonl"
  printf 'c\nFAIL-AT-END' >"$T/three.lines"
  run failing run --plugin-path "$BIN/failreader" -r "$HERE/packs/id-only" -f jsonl \
    "$T/one.lines" "$T/two.jsonl" "$T/three.lines"
  expect_rc failing 3
  sed 's/"score".*//' "$T/failing.out" >"$T/failing.short"
  cat >"$T/failing.want" <<EOF
{"id":"a","verdict":"pass",
{"id":"#2","source":"$T/one.lines","line":2,"verdict":"error","error":"the lines reader failed (input/output error): the rest of $T/one.lines is not read"}
{"id":"j","verdict":"pass",
{"id":"c","verdict":"pass",
{"id":"#5","source":"$T/three.lines","line":2,"verdict":"error","error":"the lines reader failed (input/output error): the rest of $T/three.lines is not read"}
EOF
  cmp -s "$T/failing.want" "$T/failing.short" || { fail "failing: output differs"; diff "$T/failing.want" "$T/failing.short" >&2; }
  # the same from standard input (a pipe), named with --input-format
  printf 'a\nFAIL\nnever\n' | "$SHORTLIST" run --plugin-path "$BIN/failreader" -r "$HERE/packs/id-only" \
    -f jsonl --input-format lines - >"$T/piped.out" 2>"$T/piped.err"
  rc=$?
  expect_rc piped 3
  expect_in piped out '{"id":"a","verdict":"pass"'
  expect_in piped out '{"id":"#2","source":"-","line":2,"verdict":"error","error":"the lines reader failed (input/output error): the rest of standard input is not read"}'
  [ "$(wc -l <"$T/piped.out")" = 2 ] || fail "piped: $(wc -l <"$T/piped.out") lines, expected 2"
  ;;

*)
  echo "unknown case $CASE" >&2
  exit 2
  ;;
esac

if [ "$failures" != 0 ]; then
  echo "$CASE: $failures check(s) failed" >&2
  exit 1
fi
echo "$CASE: ok"
