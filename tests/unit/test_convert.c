/*
 * test_convert.c - the one converter between records and Lua values
 * (core/convert.c). JSON -> Lua: every JSON type, integers kept as
 * integers, null as absent, nesting and its limit of 64 levels, malformed
 * input refused with a column, the top-level shape. Lua -> JSON: sorted
 * keys, arrays, frozen (read-only) tables, cycles, the budget of values.
 * Each test gets a fresh plain lua_State (luaL_newstate) and decoder; the
 * collector runs at its most aggressive, so a value left unanchored is
 * caught.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "convert.h"
#include "state.h"

typedef struct fixture {
  lua_State *L;
  sl_json_decoder *d;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  if (!f || !(f->L = luaL_newstate())) return -1;
  luaL_openlibs(f->L);
  lua_gc(f->L, LUA_GCINC, 1, 400, 0);
  if (!(f->d = sl_json_decoder_new(f->L))) return -1;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  sl_json_decoder_free(f->d);
  lua_close(f->L);
  free(f);
  return 0;
}

/* Decodes text, which must succeed, leaving the value on top. */
static void decode_ok(fixture *f, const char *text) {
  sl_error err;
  int top = lua_gettop(f->L);
  int rc = sl_json_decode(f->d, text, strlen(text), &err);
  if (rc) fail_msg("%s\nrefused: %s", text, err.msg);
  assert_int_equal(lua_gettop(f->L), top + 1);
}

/* Decodes text, which must be refused, leaving the stack as it was;
 * returns the message (static until the next call). */
static const char *decode_error(fixture *f, const char *text, size_t n) {
  static sl_error err;
  int top = lua_gettop(f->L);
  int rc = sl_json_decode(f->d, text, n, &err);
  if (rc == 0) fail_msg("%.200s\nwas accepted", text);
  assert_int_equal(err.code, SL_EPARSE);
  assert_int_equal(lua_gettop(f->L), top);
  return err.msg;
}

static void assert_contains(const char *s, const char *part) {
  if (!strstr(s, part)) fail_msg("\"%s\" does not contain \"%s\"", s, part);
}

/* Runs a Lua expression with the value on top bound to `v`; returns its
 * result as a string (static until the next call). */
static const char *lua_eval(lua_State *L, const char *expr) {
  static char out[512];
  char code[600];
  snprintf(code, sizeof code, "local v = ... return tostring(%s)", expr);
  if (luaL_loadstring(L, code) != LUA_OK) fail_msg("%s", lua_tostring(L, -1));
  lua_pushvalue(L, -2);
  if (lua_pcall(L, 1, 1, 0) != LUA_OK) fail_msg("%s: %s", expr, lua_tostring(L, -1));
  snprintf(out, sizeof out, "%s", lua_tostring(L, -1));
  lua_pop(L, 1);
  return out;
}

#define ASSERT_LUA(f, expr, want) assert_string_equal(lua_eval((f)->L, (expr)), (want))

/* The value on top as JSON, at most max values of it (static until the
 * next call). */
static const char *to_json_max(lua_State *L, size_t max) {
  static char out[4096];
  sl_buf b = SL_BUF_INIT;
  int top = lua_gettop(L);
  assert_int_equal(sl_lua_to_json(L, -1, max, &b), 0);
  assert_int_equal(lua_gettop(L), top);
  snprintf(out, sizeof out, "%s", sl_buf_cstr(&b));
  sl_buf_free(&b);
  return out;
}

static const char *to_json(lua_State *L) { return to_json_max(L, SIZE_MAX); }

/* Runs Lua code returning one value and leaves it on top. */
static void push_lua(lua_State *L, const char *code) {
  if (luaL_dostring(L, code) != LUA_OK) fail_msg("%s: %s", code, lua_tostring(L, -1));
}

/* A JSON document nested `depth` levels: an object holding arrays. */
static char *nested(int depth) {
  char *s = malloc((size_t)depth * 2 + 32);
  size_t n = 0;
  n += (size_t)sprintf(s, "{\"x\":");
  for (int i = 1; i < depth; i++) s[n++] = '[';
  for (int i = 1; i < depth; i++) s[n++] = ']';
  s[n++] = '}';
  s[n] = '\0';
  return s;
}

/* ---- JSON -> Lua ---- */

static void decodes_every_json_type(void **state) {
  fixture *f = *state;
  decode_ok(f, "{\"s\":\"text\",\"i\":42,\"x\":1.5,\"t\":true,\"no\":false,"
               "\"a\":[1,\"two\",3],\"o\":{\"k\":\"v\"},\"e\":\"\",\"ea\":[],\"eo\":{}}");
  ASSERT_LUA(f, "type(v)", "table");
  ASSERT_LUA(f, "v.s", "text");
  ASSERT_LUA(f, "math.type(v.i)", "integer");
  ASSERT_LUA(f, "v.i", "42");
  ASSERT_LUA(f, "math.type(v.x)", "float");
  ASSERT_LUA(f, "v.x", "1.5");
  ASSERT_LUA(f, "v.t", "true");
  ASSERT_LUA(f, "v.no", "false");
  ASSERT_LUA(f, "#v.a .. ' ' .. v.a[1] .. ' ' .. v.a[2] .. ' ' .. v.a[3]", "3 1 two 3");
  ASSERT_LUA(f, "v.o.k", "v");
  ASSERT_LUA(f, "v.e == ''", "true");
  ASSERT_LUA(f, "type(v.ea) .. #v.ea .. tostring(next(v.ea))", "table0nil");
  ASSERT_LUA(f, "type(v.eo) .. tostring(next(v.eo))", "tablenil");
}

static void integers_stay_integers_and_others_are_floats(void **state) {
  fixture *f = *state;
  decode_ok(f, "{\"a\":60,\"b\":60.0,\"c\":1e2,\"d\":-3,\"e\":0,\"f\":9007199254740993,"
               "\"g\":-9223372036854775808,\"h\":99999999999999999999,\"k\":2.5E-3}");
  ASSERT_LUA(f, "math.type(v.a) .. ' ' .. v.a", "integer 60");
  ASSERT_LUA(f, "math.type(v.b) .. ' ' .. v.b", "float 60.0");
  ASSERT_LUA(f, "math.type(v.c) .. ' ' .. v.c", "float 100.0");
  ASSERT_LUA(f, "math.type(v.d) .. ' ' .. v.d", "integer -3");
  ASSERT_LUA(f, "math.type(v.e) .. ' ' .. v.e", "integer 0");
  ASSERT_LUA(f, "math.type(v.f) .. ' ' .. v.f", "integer 9007199254740993"); /* exact, past 2^53 */
  ASSERT_LUA(f, "math.type(v.g) .. ' ' .. v.g", "integer -9223372036854775808");
  ASSERT_LUA(f, "math.type(v.h)", "float"); /* too big for an integer: not wrapped */
  ASSERT_LUA(f, "v.h > 9.9e19 and v.h < 1.1e20", "true");
  ASSERT_LUA(f, "math.type(v.k) .. ' ' .. v.k", "float 0.0025");
}

/* Decodes the number text t and checks it against strtoll (integers that
 * fit) or strtod (the rest), bit for bit. */
static void expect_number_as_libc(fixture *f, const char *t) {
  char json[160];
  snprintf(json, sizeof json, "[%s]", t);
  decode_ok(f, json);
  lua_rawgeti(f->L, -1, 1);
  int is_integer = strcspn(t, ".eE") == strlen(t);
  errno = 0;
  long long iv = is_integer ? strtoll(t, NULL, 10) : 0;
  if (is_integer && errno == 0) {
    if (!lua_isinteger(f->L, -1) || lua_tointeger(f->L, -1) != iv) fail_msg("%s: not the integer %lld", t, iv);
  } else {
    double want = strtod(t, NULL), got = lua_tonumber(f->L, -1);
    if (lua_isinteger(f->L, -1) || memcmp(&want, &got, sizeof want) != 0) {
      fail_msg("%s: got %.17g, strtod reads %.17g", t, got, want);
    }
  }
  lua_pop(f->L, 2);
}

static unsigned long long next_random(unsigned long long *x) {
  *x = *x * 6364136223846793005ull + 1442695040888963407ull;
  return *x >> 33;
}

/* Numbers are read without libc when they are short (core/convert.c): the
 * values must be exactly libc's. */
static void numbers_read_as_strtod_and_strtoll_read_them(void **state) {
  fixture *f = *state;
  const char *fixed[] = {"0", "-0", "-0.0", "0.1", "0.3", "1.45", "5.1", "2.8", "0.07", "-12.5",
                         "123456789012345678", "-123456789012345678", "1234567890123456789",
                         "9223372036854775807", "9223372036854775808", "999999999999999.9",
                         "0.000000000000001", "0.0000000000000001", "12345.678901234",
                         "123456.7890123456", "1e5", "1.5e-3", "-2E+2", "4.35", "0.1000000000000001",
                         "9007199254740993", "9007199254740993.0", "1.7976931348623157", "0.5"};
  for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) expect_number_as_libc(f, fixed[i]);
  /* any length JSON allows: 100 digits, as an integer and as a fraction */
  char many[120] = "1", fraction[120] = "0.";
  for (int d = 0; d < 99; d++) strcat(many, "7");
  for (int d = 0; d < 99; d++) strcat(fraction, d == 98 ? "3" : "0");
  expect_number_as_libc(f, many);
  expect_number_as_libc(f, fraction);
  unsigned long long x = 42;
  for (int k = 0; k < 100000; k++) { /* random decimals of 1 to 18 digits */
    char t[48], *o = t;
    int whole = (int)(next_random(&x) % 10), frac = (int)(next_random(&x) % 18);
    if (next_random(&x) & 1) *o++ = '-';
    *o++ = whole ? (char)('1' + next_random(&x) % 9) : '0';
    for (int d = 1; d < whole; d++) *o++ = (char)('0' + next_random(&x) % 10);
    if (frac) {
      *o++ = '.';
      for (int d = 0; d < frac; d++) *o++ = (char)('0' + next_random(&x) % 10);
    }
    *o = '\0';
    expect_number_as_libc(f, t);
  }
}

static void null_is_absent(void **state) {
  fixture *f = *state;
  decode_ok(f, "{\"id\":\"x\",\"gone\":null,\"o\":{\"n\":null}}");
  ASSERT_LUA(f, "v.gone", "nil");
  ASSERT_LUA(f, "(function() local n = 0 for _ in pairs(v) do n = n + 1 end return n end)()", "2");
  ASSERT_LUA(f, "next(v.o)", "nil");
}

static void null_in_an_array_keeps_later_positions(void **state) {
  fixture *f = *state;
  decode_ok(f, "{\"a\":[1,null,3]}");
  ASSERT_LUA(f, "v.a[1] .. ',' .. tostring(v.a[2]) .. ',' .. v.a[3]", "1,nil,3");
}

static void decodes_nested_values(void **state) {
  fixture *f = *state;
  decode_ok(f, "{\"work\":[{\"name\":\"Acme\",\"startDate\":\"2015-03\",\"tags\":[\"a\",[\"b\"]]},"
               "{\"name\":\"\\u00dcber \\\"Q\\\"\",\"endDate\":null}],\"basics\":{\"loc\":{\"city\":\"Oslo\"}}}");
  ASSERT_LUA(f, "#v.work", "2");
  ASSERT_LUA(f, "v.work[1].name .. ' ' .. v.work[1].startDate", "Acme 2015-03");
  ASSERT_LUA(f, "v.work[1].tags[2][1]", "b");
  ASSERT_LUA(f, "v.work[2].name", "\xc3\x9c" "ber \"Q\"");
  ASSERT_LUA(f, "v.work[2].endDate", "nil");
  ASSERT_LUA(f, "v.basics.loc.city", "Oslo");
}

static void strings_keep_their_bytes(void **state) {
  fixture *f = *state;
  decode_ok(f, "{\"nul\":\"a\\u0000b\",\"esc\":\"\\n\\t\\\\\\/\",\"raw\":\"\xff\xfe\"}");
  ASSERT_LUA(f, "#v.nul .. ' ' .. v.nul:byte(2)", "3 0");
  ASSERT_LUA(f, "v.esc == '\\n\\t\\\\/'", "true");
  ASSERT_LUA(f, "#v.raw", "2"); /* invalid UTF-8 is kept; output escaping repairs it */
}

static void nesting_of_64_levels_is_accepted(void **state) {
  fixture *f = *state;
  char *doc = nested(64);
  decode_ok(f, doc);
  free(doc);
  ASSERT_LUA(f, "type(v.x)", "table");
  lua_pop(f->L, 1);
  /* a top-level array of 64 levels: arrays count as levels too */
  char arrays[129];
  memset(arrays, '[', 64);
  memset(arrays + 64, ']', 64);
  arrays[128] = '\0';
  decode_ok(f, arrays);
  assert_false(sl_json_decoded_object(f->d));
  lua_pop(f->L, 1);
  memset(arrays, '[', 65); /* 65 levels: refused before the brackets close */
  memset(arrays + 65, ']', 63);
  arrays[128] = '\0';
  assert_true(strstr(decode_error(f, arrays, 128), "nested deeper than 64 levels") != NULL);
}

static void nesting_deeper_than_64_is_refused_with_a_message(void **state) {
  fixture *f = *state;
  char *doc = nested(65);
  const char *msg = decode_error(f, doc, strlen(doc));
  free(doc);
  assert_contains(msg, "nested deeper than 64 levels");
  /* much deeper: refused the same way, no stack overflow */
  doc = nested(200000);
  msg = decode_error(f, doc, strlen(doc));
  free(doc);
  assert_contains(msg, "nested deeper than 64 levels");
  /* the decoder is still usable */
  decode_ok(f, "{\"after\":1}");
  ASSERT_LUA(f, "v.after", "1");
}

static void malformed_json_is_refused_with_a_column(void **state) {
  fixture *f = *state;
  const char *msg = decode_error(f, "{\"a\":1", 6);
  assert_string_equal(msg, "invalid JSON at column 7: unexpected end of input");
  msg = decode_error(f, "", 0);
  assert_contains(msg, "invalid JSON at column 1");
  msg = decode_error(f, "{\"a\":1}}", 8);
  assert_contains(msg, "invalid JSON at column ");
  assert_contains(msg, "unexpected text after the value");
  msg = decode_error(f, "{\"a\" 1}", 7);
  assert_contains(msg, "expected ':'");
  /* one line, no trailing period or newline */
  assert_null(strchr(msg, '\n'));
  assert_true(msg[strlen(msg) - 1] != '.');
}

/* The column is 1-based and points at the byte where the JSON goes wrong. */
static void malformed_json_column_points_at_the_offending_byte(void **state) {
  fixture *f = *state;
  static const struct {
    const char *text;
    const char *column;
  } cases[] = {
      {"{\"a\" 1}", "column 6:"},   /* the 1 where ':' belongs */
      {"{\"a\":}", "column 6:"},    /* the } where a value belongs */
      {"{\"a\":1,}", "column 8:"},  /* the } where a key belongs */
      {"{\"a\":1}}", "column 8:"},  /* the second } */
      {"{\"a\":x}", "column 6:"},   /* the x */
      {"{\"a\":1", "column 7:"},    /* the end */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *msg = decode_error(f, cases[i].text, strlen(cases[i].text));
    if (!strstr(msg, cases[i].column)) {
      fail_msg("%s: \"%s\", expected %s", cases[i].text, msg, cases[i].column);
    }
  }
}

static void decoded_object_tells_objects_from_other_values(void **state) {
  fixture *f = *state;
  static const struct {
    const char *text;
    int object;
    int type;
  } cases[] = {
      {"{}", 1, LUA_TTABLE},          {"{\"id\":1}", 1, LUA_TTABLE}, {"[]", 0, LUA_TTABLE},
      {"[{\"id\":1}]", 0, LUA_TTABLE}, {"\"s\"", 0, LUA_TSTRING},    {"42", 0, LUA_TNUMBER},
      {"true", 0, LUA_TBOOLEAN},      {"null", 0, LUA_TNIL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    decode_ok(f, cases[i].text);
    if (sl_json_decoded_object(f->d) != cases[i].object) fail_msg("%s: wrong shape", cases[i].text);
    assert_int_equal(lua_type(f->L, -1), cases[i].type);
    lua_pop(f->L, 1);
  }
}

static void a_failed_decode_leaves_the_stack_and_decoder_clean(void **state) {
  fixture *f = *state;
  lua_pushliteral(f->L, "sentinel");
  decode_error(f, "{\"a\":[1,2,{\"b\":", 15);
  decode_error(f, "[[[[[[", 6);
  assert_int_equal(lua_gettop(f->L), 1);
  assert_string_equal(lua_tostring(f->L, 1), "sentinel");
  decode_ok(f, "{\"ok\":[1]}");
  assert_true(sl_json_decoded_object(f->d));
  ASSERT_LUA(f, "v.ok[1]", "1");
}

static void decode_into_any_builder_reports_the_same_errors(void **state) {
  fixture *f = *state;
  char err[256] = "";
  sl_builder *b = sl_json_decoder_builder(f->d);
  int rc = sl_json_decode_into("{\"a\":1", 6, b, err, sizeof err);
  assert_int_equal(sl_json_decoder_finish(f->d, rc, err, sizeof err), SL_EPARSE);
  assert_string_equal(err, "invalid JSON at column 7: unexpected end of input");
  assert_int_equal(lua_gettop(f->L), 0);
  b = sl_json_decoder_builder(f->d);
  rc = sl_json_decode_into("{\"a\":2}", 7, b, err, sizeof err);
  assert_int_equal(sl_json_decoder_finish(f->d, rc, err, sizeof err), 0);
  assert_int_equal(lua_gettop(f->L), 1);
  ASSERT_LUA(f, "v.a", "2");
}

/* ---- Lua -> JSON ---- */

static void encodes_objects_with_sorted_keys(void **state) {
  fixture *f = *state;
  push_lua(f->L, "return { zeta = 1, alpha = 'a', mid = true, Beta = false }");
  assert_string_equal(to_json(f->L), "{\"Beta\":false,\"alpha\":\"a\",\"mid\":true,\"zeta\":1}");
}

static void encodes_sequences_as_arrays(void **state) {
  fixture *f = *state;
  push_lua(f->L, "return { 3, 'two', { 1 }, {} }");
  assert_string_equal(to_json(f->L), "[3,\"two\",[1],{}]");
}

static void encodes_numbers_strings_and_booleans(void **state) {
  fixture *f = *state;
  push_lua(f->L, "return { i = 2, x = 2.5, whole = 3.0, neg = -1, big = 1e300, "
                 "s = 'say \"hi\"\\n\\1\\255', t = true, fn = print }");
  assert_string_equal(to_json(f->L),
                      "{\"big\":1e+300,\"fn\":\"<function>\",\"i\":2,\"neg\":-1,"
                      "\"s\":\"say \\\"hi\\\"\\n\\u0001\xef\xbf\xbd\",\"t\":true,\"whole\":3,\"x\":2.5}");
}

static void encodes_nested_tables_and_mixed_keys(void **state) {
  fixture *f = *state;
  push_lua(f->L, "return { list = { { b = 2, a = 1 } }, [1] = 'one', [2] = 'two' }");
  assert_string_equal(to_json(f->L), "{\"1\":\"one\",\"2\":\"two\",\"list\":[{\"a\":1,\"b\":2}]}");
}

static void round_trips_a_record(void **state) {
  fixture *f = *state;
  const char *text = "{\"basics\":{\"name\":\"Ann\"},\"id\":\"c-1\",\"score\":0.5,"
                     "\"work\":[{\"endDate\":\"2020\",\"startDate\":\"2015-03\"}],\"years\":12}";
  decode_ok(f, text);
  assert_string_equal(to_json(f->L), text);
}

static void encodes_frozen_tables_by_their_entries(void **state) {
  fixture *f = *state;
  lua_State *L = f->L;
  push_lua(L, "return { min_years = 10, sectors = { 'saas', 'fintech' }, nested = { deep = { x = 1 } } }");
  sl_sandbox_freeze(L, -1);
  /* the table itself is now an empty proxy */
  ASSERT_LUA(f, "next(v)", "nil");
  ASSERT_LUA(f, "getmetatable(v)", "read-only");
  ASSERT_LUA(f, "v.min_years .. ' ' .. #v.sectors", "10 2");
  assert_string_equal(to_json(L), "{\"min_years\":10,\"nested\":{\"deep\":{\"x\":1}},"
                                  "\"sectors\":[\"saas\",\"fintech\"]}");
  /* and it is read-only, deep */
  push_lua(L, "return function(v) v.nested.deep.x = 2 end");
  lua_pushvalue(L, -2);
  assert_int_equal(lua_pcall(L, 1, 0, 0), LUA_ERRRUN);
  assert_contains(lua_tostring(L, -1), "cannot set field 'x'");
  lua_pop(L, 1);
}

static void cycles_end_with_a_marker(void **state) {
  fixture *f = *state;
  push_lua(f->L, "local t = { name = 'loop' } t.self = t return t");
  assert_string_equal(to_json(f->L), "{\"name\":\"loop\",\"self\":\"<cycle>\"}");
  /* two ways back at every level: each one is a marker, not a walk */
  push_lua(f->L, "local t = {} t.self = t t[1] = t return { t }");
  assert_string_equal(to_json(f->L), "[{\"1\":\"<cycle>\",\"self\":\"<cycle>\"}]");
  /* a frozen table is walked through its shadow, and still seen again */
  push_lua(f->L, "local t = { name = 'loop' } t.self = { up = t } return t");
  sl_sandbox_freeze(f->L, -1);
  assert_string_equal(to_json(f->L), "{\"name\":\"loop\",\"self\":{\"up\":\"<cycle>\"}}");
}

static void a_table_held_twice_side_by_side_is_written_twice(void **state) {
  fixture *f = *state;
  push_lua(f->L, "local a = { 1 } return { a, { x = a } }");
  assert_string_equal(to_json(f->L), "[[1],{\"x\":[1]}]");
}

static void values_past_the_budget_are_one_ellipsis(void **state) {
  fixture *f = *state;
  push_lua(f->L, "return { 1, 2, 3, 4, 5 }");
  assert_string_equal(to_json_max(f->L, 3), "[1,2,\"<...>\"]");
  assert_string_equal(to_json_max(f->L, 6), "[1,2,3,4,5]");
  /* every open table closes, with nothing after the marker */
  push_lua(f->L, "return { a = { 1, 2 }, b = 3 }");
  assert_string_equal(to_json_max(f->L, 3), "{\"a\":[1,\"<...>\"]}");
}

static void keys_left_out_are_paid_for(void **state) {
  fixture *f = *state;
  push_lua(f->L, "local t = {} for i = 1, 10 do t[{}] = i end return { x = t, y = 1 }");
  assert_string_equal(to_json_max(f->L, 100), "{\"x\":{},\"y\":1}");
  assert_string_equal(to_json_max(f->L, 5), "{\"x\":\"<...>\"}");
}

static void shared_tables_cost_the_budget_not_every_path(void **state) {
  fixture *f = *state;
  /* 2^64 paths from the root: written up to the budget, then cut */
  push_lua(f->L, "local t = { 'leaf' } for i = 1, 64 do t = { t, t } end return t");
  sl_buf b = SL_BUF_INIT;
  assert_int_equal(sl_lua_to_json(f->L, -1, 10000, &b), 0);
  const char *out = sl_buf_cstr(&b);
  assert_true(b.len < 10000 * 32); /* "<nested too deep>" at the bottom */
  assert_true(b.len > 10000);
  const char *cut = strstr(out, "\"<...>\"");
  assert_non_null(cut);
  assert_null(strstr(cut + 1, "\"<...>\"")); /* once */
  sl_buf_free(&b);
  lua_pop(f->L, 1);
}

static void encodes_nil_and_an_empty_table(void **state) {
  fixture *f = *state;
  lua_pushnil(f->L);
  assert_string_equal(to_json(f->L), "null");
  lua_newtable(f->L);
  assert_string_equal(to_json(f->L), "{}");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
      T(decodes_every_json_type),
      T(integers_stay_integers_and_others_are_floats),
      T(numbers_read_as_strtod_and_strtoll_read_them),
      T(null_is_absent),
      T(null_in_an_array_keeps_later_positions),
      T(decodes_nested_values),
      T(strings_keep_their_bytes),
      T(nesting_of_64_levels_is_accepted),
      T(nesting_deeper_than_64_is_refused_with_a_message),
      T(malformed_json_is_refused_with_a_column),
      T(malformed_json_column_points_at_the_offending_byte),
      T(decoded_object_tells_objects_from_other_values),
      T(a_failed_decode_leaves_the_stack_and_decoder_clean),
      T(decode_into_any_builder_reports_the_same_errors),
      T(encodes_objects_with_sorted_keys),
      T(encodes_sequences_as_arrays),
      T(encodes_numbers_strings_and_booleans),
      T(encodes_nested_tables_and_mixed_keys),
      T(round_trips_a_record),
      T(encodes_frozen_tables_by_their_entries),
      T(cycles_end_with_a_marker),
      T(a_table_held_twice_side_by_side_is_written_twice),
      T(values_past_the_budget_are_one_ellipsis),
      T(keys_left_out_are_paid_for),
      T(shared_tables_cost_the_budget_not_every_path),
      T(encodes_nil_and_an_empty_table),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
