#!/bin/sh
# tests/plugins/check.sh CASE - one test of the csv and json plugins, run by CTest (see
# CMakeLists.txt), end to end through the real binary.
#
# Environment (set by CMakeLists.txt):
#   SHORTLIST  the shortlist binary (its plugins/ folder holds the bundled plugins)
#   SRC        the source tree
#   BIN        a scratch folder for this test's files
#
# Golden files: expected/NAME.jsonl is the exact `-f jsonl` output for a fixture, with
# error records' "source" written as "INPUT" (see expect_same). After a deliberate change
# of output, regenerate one with
#   shortlist run -r fixtures/pack -f jsonl --as-of 2026-01-01 fixtures/NAME.EXT |
#     sed 's/"source":"[^"]*"/"source":"INPUT"/' > expected/NAME.jsonl
# and review the diff.
set -u
CASE=$1
HERE=$SRC/tests/plugins
FIX=$HERE/fixtures
EXP=$HERE/expected
PACK=$FIX/pack
TYPES=$FIX/types-pack
unset SHORTLIST_PLUGIN_PATH NO_COLOR
mkdir -p "$BIN/tmp"
T=$(mktemp -d "$BIN/tmp/$CASE.XXXXXX")
trap 'rm -rf "$T"' EXIT

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# run NAME ARGS...: shortlist ARGS, stdout in $T/NAME.out, stderr in $T/NAME.err, status in $rc.
run() {
  name=$1
  shift
  "$SHORTLIST" "$@" >"$T/$name.out" 2>"$T/$name.err"
  rc=$?
}

# screen NAME PACK FILE [ARGS...]: `run` with the usual options, jsonl output.
screen() {
  name=$1 pack=$2 file=$3
  shift 3
  run "$name" run -r "$pack" -f jsonl --as-of 2026-01-01 "$@" "$file"
}

# trickle NAME PACK FILE FORMAT SIZES: the file through a pipe, a few bytes per write.
trickle() {
  python3 "$HERE/trickle.py" "$3" "$5" |
    "$SHORTLIST" run -r "$2" -f jsonl --as-of 2026-01-01 --input-format "$4" - >"$T/$1.out" 2>"$T/$1.err"
  rc=$?
}

expect_rc() { # expect_rc NAME WANT
  if [ "$rc" != "$2" ]; then
    fail "$1: exit status $rc, expected $2"
    sed 's/^/  stderr: /' "$T/$1.err" >&2
  fi
}

# expect_same NAME EXPECTED-FILE: stdout is exactly the file, except that an error record's
# "source" (the input's path here, "-" through a pipe) reads "INPUT" in the golden files, so
# that a fixture read from a file and through a pipe has one golden output.
expect_same() {
  sed 's/"source":"[^"]*"/"source":"INPUT"/' "$T/$1.out" >"$T/$1.same"
  if ! cmp -s "$2" "$T/$1.same"; then
    fail "$1: output differs from $2"
    diff "$2" "$T/$1.same" | head -40 >&2
  fi
}

expect_empty_err() { # expect_empty_err NAME: nothing on stderr
  if [ -s "$T/$1.err" ]; then
    fail "$1: unexpected stderr"
    sed 's/^/  stderr: /' "$T/$1.err" >&2
  fi
}

# golden NAME PACK FILE WANT-RC: the file's output is expected/NAME.jsonl, exit status WANT-RC.
golden() {
  screen "$1" "$2" "$3"
  expect_rc "$1" "$4"
  expect_same "$1" "$EXP/$1.jsonl"
}

# Variants of a fixture made here, not stored: CRLF line ends and a BOM would not survive
# every checkout unchanged.
crlf() { sed 's/$/\r/' "$1"; }
bom() { printf '\357\273\277'; cat "$1"; }

case $CASE in

same-results)
  # The same six candidates as JSON Lines, CSV and a JSON array: byte-identical results,
  # and those are the golden ones. They cover integers, decimals, an exponent, booleans
  # (true, FALSE, True...), strings, arrays and an object in JSON cells, absent fields,
  # a missing id, and quoted cells holding commas, quotes and a line break.
  for f in candidates.jsonl candidates.csv candidates.json; do
    screen "$f" "$PACK" "$FIX/$f"
    expect_rc "$f" 0
    expect_empty_err "$f"
    expect_same "$f" "$EXP/candidates.jsonl"
  done
  # --input-format overrides the extension; standard input works too.
  cp "$FIX/candidates.csv" "$T/candidates.txt"
  screen as-csv "$PACK" "$T/candidates.txt" --input-format csv
  expect_rc as-csv 0
  expect_same as-csv "$EXP/candidates.jsonl"
  "$SHORTLIST" run -r "$PACK" -f jsonl --as-of 2026-01-01 --input-format json - \
    <"$FIX/candidates.json" >"$T/stdin.out" 2>"$T/stdin.err"
  rc=$?
  expect_rc stdin 0
  expect_same stdin "$EXP/candidates.jsonl"
  ;;

chunked)
  # Through a pipe a few bytes at a time: rows, quoted fields, CRLF pairs, a BOM, strings,
  # escapes and brackets all cut at arbitrary places. Still the same results.
  crlf "$FIX/candidates.csv" >"$T/crlf.csv"
  bom "$T/crlf.csv" >"$T/bom-crlf.csv"
  bom "$FIX/candidates.json" >"$T/bom.json"
  for sizes in 1 2,3,5,7 13,1,64; do
    trickle "csv-$sizes" "$PACK" "$FIX/candidates.csv" csv "$sizes"
    expect_rc "csv-$sizes" 0
    expect_same "csv-$sizes" "$EXP/candidates.jsonl"
    trickle "bom-crlf-$sizes" "$PACK" "$T/bom-crlf.csv" csv "$sizes"
    expect_rc "bom-crlf-$sizes" 0
    expect_same "bom-crlf-$sizes" "$EXP/candidates.jsonl"
    trickle "json-$sizes" "$PACK" "$FIX/candidates.json" json "$sizes"
    expect_rc "json-$sizes" 0
    expect_same "json-$sizes" "$EXP/candidates.jsonl"
    trickle "bom-json-$sizes" "$PACK" "$T/bom.json" json "$sizes"
    expect_rc "bom-json-$sizes" 0
    expect_same "bom-json-$sizes" "$EXP/candidates.jsonl"
  done
  trickle ragged-1 "$PACK" "$FIX/ragged.csv" csv 1
  expect_rc ragged-1 3
  expect_same ragged-1 "$EXP/ragged.jsonl"
  trickle elements-1 "$PACK" "$FIX/elements.json" json 1
  expect_rc elements-1 3
  expect_same elements-1 "$EXP/elements.jsonl"
  ;;

csv-crlf)
  # CRLF line ends (as Excel writes them), line breaks inside quoted cells included.
  crlf "$FIX/candidates.csv" >"$T/crlf.csv"
  screen crlf "$PACK" "$T/crlf.csv"
  expect_rc crlf 0
  expect_same crlf "$EXP/candidates.jsonl"
  crlf "$FIX/ragged.csv" >"$T/ragged.csv"
  screen ragged "$PACK" "$T/ragged.csv"
  expect_rc ragged 3
  expect_same ragged "$EXP/ragged.jsonl"
  ;;

csv-bom)
  # A UTF-8 byte order mark before the header is not part of the first name ("id").
  bom "$FIX/candidates.csv" >"$T/bom.csv"
  screen bom "$PACK" "$T/bom.csv"
  expect_rc bom 0
  expect_same bom "$EXP/candidates.jsonl"
  bom "$FIX/candidates.json" >"$T/bom.json"
  screen bom-json "$PACK" "$T/bom.json"
  expect_rc bom-json 0
  expect_same bom-json "$EXP/candidates.jsonl"
  ;;

csv-types)
  # How cells are typed: the types pack reports every field as name=type:value.
  golden types "$TYPES" "$FIX/types.csv" 0
  ;;

csv-ragged)
  # Rows with too few or too many fields are error records at the line where the row
  # starts (rows before them span lines); the rows around them are read.
  golden ragged "$PACK" "$FIX/ragged.csv" 3
  ;;

csv-header)
  # A header naming a column twice: every row is an error record, saying why.
  golden header-dup "$PACK" "$FIX/header-dup.csv" 3
  # Columns with an empty name are left out; rows of empty cells are skipped.
  golden header-empty "$PACK" "$FIX/header-empty.csv" 0
  # A quote never closed: the row is an error record at the line where it starts.
  golden unclosed "$PACK" "$FIX/unclosed.csv" 3
  # A cell of more than 16 MiB without quotes ends with its line: that row is an error
  # record and the rows after it are read (LF and CRLF, also as the last line); with a
  # quote, where the field ends cannot be known and the rest of the input is not read.
  python3 -c '
import sys
big = "x" * (16 * 1024 * 1024 + 1)
for name, nl in (("lf", "\n"), ("crlf", "\r\n")):
    with open(sys.argv[1] + "/huge-" + name + ".csv", "w") as f:
        f.write(nl.join(["id,years", "a,12", "b," + big, "c,3", "d," + big]))
with open(sys.argv[1] + "/huge-quoted.csv", "w") as f:
    f.write("id,years\na,12\nb,\"" + big * 2 + "\"\nc,3\n")
' "$T"
  for f in huge-lf huge-crlf; do
    screen "$f" "$PACK" "$T/$f.csv"
    expect_rc "$f" 3
    sed 's/^{"id":"\([^"]*\)",\("source":"[^"]*",\)\{0,1\}\("line":[0-9]*\)\{0,1\}.*"error":\("[^"]*"\).*/\1,\3 \4/; s/^{"id":"\([^"]*\)".*/\1/' \
      "$T/$f.out" | tr '\n' ' ' >"$T/$f.ids"
    want='a #2,"line":3 "row longer than 16 MiB: not read" c #4,"line":5 "row longer than 16 MiB: not read" '
    [ "$(cat "$T/$f.ids")" = "$want" ] || fail "$f: got $(cat "$T/$f.ids")"
  done
  screen huge-quoted "$PACK" "$T/huge-quoted.csv"
  expect_rc huge-quoted 3
  expect_in huge-quoted out '"line":3,"verdict":"error","error":"a field longer than 16 MiB (a quote that is never closed?): the rest of the input is not read"}'
  [ "$(wc -l <"$T/huge-quoted.out")" = 2 ] || fail "huge-quoted: the rest of the input was read"
  # Only a header, or nothing at all: no records, no error.
  head -1 "$FIX/candidates.csv" >"$T/header-only.csv"
  : >"$T/empty.csv"
  for f in header-only empty; do
    screen "$f" "$PACK" "$T/$f.csv"
    expect_rc "$f" 0
    [ -s "$T/$f.out" ] && fail "$f: records from a file without rows"
  done
  ;;

json-single)
  # A file holding one object (a JSON Resume document) is one record.
  golden resume "$TYPES" "$FIX/resume.json" 0
  printf '\n  {"id":"solo","sales_years":12}  \n\n' >"$T/one.json"
  screen one "$PACK" "$T/one.json"
  expect_rc one 0
  [ "$(wc -l <"$T/one.out")" -eq 1 ] && grep -q '^{"id":"solo","verdict":"[a-z]*","score"' "$T/one.out" ||
    fail "one: the single object was not one record"
  # White space only, or an empty array: nothing, and no error.
  printf ' \n\t\n' >"$T/blank.json"
  printf '[ \n ]\n' >"$T/none.json"
  for f in blank none; do
    screen "$f" "$PACK" "$T/$f.json"
    expect_rc "$f" 0
    [ -s "$T/$f.out" ] && fail "$f: records from a file without any"
  done
  ;;

json-truncated)
  # The file ends inside an element: the complete elements are read, the cut one is an
  # error record at its line. A missing final ']' is an error record too.
  golden truncated "$PACK" "$FIX/truncated.json" 3
  golden unclosed-array "$PACK" "$FIX/unclosed-array.json" 3
  ;;

json-trailing)
  # Text after the top-level value: one error record at the line where it starts.
  golden trailing "$PACK" "$FIX/trailing.json" 3
  printf '{"id":"a"}\n{"id":"b"}\n' >"$T/lines.json"
  screen lines "$PACK" "$T/lines.json"
  expect_rc lines 3
  grep -q '"line":2,"verdict":"error","error":"unexpected text after the JSON value that starts on line 1 (one object per line is JSON Lines' "$T/lines.out" ||
    fail "lines: no hint towards JSON Lines"
  ;;

json-elements)
  # Elements that are not objects, a malformed element (its error says where in the
  # file), an empty element, and elements sharing a line.
  golden elements "$PACK" "$FIX/elements.json" 3
  ;;

csv-reporter)
  # The csv reporter's output, read back with Python's csv module as a spreadsheet
  # would read it: the header, one row per input record, each rule's verdict and reason.
  run report run -r "$PACK" -f csv --as-of 2026-01-01 "$FIX/candidates.csv" "$FIX/ragged.csv"
  expect_rc report 3
  python3 "$HERE/check_csv_report.py" "$T/report.out" \
    "$FIX/candidates.csv" "$EXP/candidates.jsonl" "$FIX/ragged.csv" "$EXP/ragged.jsonl" ||
    fail "report: see above"
  # Output written with -o is the same.
  run to-file run -r "$PACK" -f csv --as-of 2026-01-01 -o "$T/report.csv" "$FIX/candidates.csv" "$FIX/ragged.csv"
  expect_rc to-file 3
  cmp -s "$T/report.csv" "$T/report.out" || fail "to-file: -o output differs from stdout"
  # Standard input's source is "-", a lone minus that no spreadsheet runs: no apostrophe.
  printf '{bad\n' | "$SHORTLIST" run -r "$PACK" -f csv --as-of 2026-01-01 >"$T/stdin.out" 2>/dev/null
  grep -q ',-,1,invalid JSON' "$T/stdin.out" || fail "stdin: source cell: $(tail -1 "$T/stdin.out")"
  ;;

*)
  echo "unknown case $CASE" >&2
  exit 2
  ;;
esac

[ "$failures" -eq 0 ] || exit 1
exit 0
