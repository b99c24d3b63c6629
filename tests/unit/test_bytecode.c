/*
 * test_bytecode.c - core/bytecode.c: which upvalues of a Lua function its
 * code (or code nested in it) can assign. Each snippet returns a closure;
 * the answer is compared, by upvalue name, with what the source says. The
 * sandbox restores only the upvalues reported here, so reporting too few
 * would let candidates share state: every case pins the exact set.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <lauxlib.h>
#include <lualib.h>

#include "buf.h"
#include "bytecode.h"

/* ---- helpers ---- */

static int setup(void **state) {
  lua_State *L = luaL_newstate();
  if (!L) return -1;
  luaL_openlibs(L);
  *state = L;
  return 0;
}

static int teardown(void **state) {
  lua_close(*state);
  return 0;
}

/* [-0, +1] Runs the chunk src, which returns the function under test. */
static void push_function(lua_State *L, const char *src) {
  if (luaL_loadstring(L, src) != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
    fail_msg("snippet failed: %s", lua_tostring(L, -1));
  }
  assert_int_equal(lua_type(L, -1), LUA_TFUNCTION);
}

/* The names of the upvalues of the function on top that m marks, in
 * upvalue order, comma-separated, into out. */
static void marked_names(lua_State *L, const sl_uvmask *m, char *out, size_t n) {
  out[0] = '\0';
  const char *name;
  for (int i = 1; (name = lua_getupvalue(L, -1, i)) != NULL; i++) {
    lua_pop(L, 1);
    if (!sl_uvmask_has(m, i)) continue;
    if (out[0]) strncat(out, ",", n - strlen(out) - 1);
    strncat(out, name[0] ? name : "?", n - strlen(out) - 1);
  }
}

/* The upvalues of src's function reported assigned are exactly `want`
 * (names, in upvalue order), and the answer came from the bytecode. */
static void assert_assigned(lua_State *L, const char *src, const char *want) {
  push_function(L, src);
  sl_uvmask m;
  int exact = sl_bytecode_assigned_upvalues(L, -1, &m);
  char got[256];
  marked_names(L, &m, got, sizeof got);
  if (!exact) fail_msg("could not read the bytecode of: %s", src);
  if (strcmp(got, want) != 0) {
    fail_msg("assigned upvalues [%s], expected [%s], for: %s", got, want, src);
  }
  lua_pop(L, 1);
}

static int all_marked(const sl_uvmask *m) {
  for (int i = 1; i <= 256; i++) {
    if (!sl_uvmask_has(m, i)) return 0;
  }
  return 1;
}

static int dump_writer(lua_State *L, const void *p, size_t n, void *ud) {
  (void)L;
  return sl_buf_put(ud, p, n) != 0;
}

/* [-0, +0] The stripped dump of the function on top, as lua_dump writes it. */
static sl_buf dump_top(lua_State *L) {
  sl_buf b = SL_BUF_INIT;
  assert_int_equal(lua_dump(L, dump_writer, &b, 1), 0);
  assert_non_null(b.data);
  return b;
}

static int contains(const sl_buf *b, const void *needle, size_t n) {
  for (size_t i = 0; i + n <= b->len; i++) {
    if (memcmp(b->data + i, needle, n) == 0) return 1;
  }
  return 0;
}

/* ---- cases ---- */

static void reading_an_upvalue_is_not_assigning_it(void **state) {
  assert_assigned(*state, "local x, t = 1, {} return function() return x + #t end", "");
}

static void an_assignment_marks_that_upvalue_only(void **state) {
  assert_assigned(*state,
                  "local before, x, after = 1, 0, 2\n"
                  "return function() local y = before + after x = x + 1 return x + y end",
                  "x");
}

/* If SETUPVAL were any other opcode (GETUPVAL is 9), b, which is only
 * read, would be reported instead of a. */
static void setupval_is_opcode_10(void **state) {
  assert_assigned(*state, "local a, b = 1, 2 return function() a = b end", "a");
  assert_assigned(*state, "local a, b = 1, 2 return function() return a, b end", "");
}

/* inc() is created at run time, on every call: its code is a nested
 * function of the closure, which must answer for it. */
static void assigned_by_a_function_created_at_run_time(void **state) {
  assert_assigned(*state,
                  "local m, n = 10, 0\n"
                  "return function()\n"
                  "  local function inc() n = n + 1 end\n"
                  "  inc()\n"
                  "  return m + n\n"
                  "end",
                  "n");
}

/* b goes inner -> mid -> the closure, captured from an upvalue at each
 * level; t is a local of mid's call (fresh every call), not an upvalue of
 * the closure, so inner assigning it marks nothing. */
static void assigned_two_levels_down(void **state) {
  assert_assigned(*state,
                  "local a, b, c = 1, 0, 3\n"
                  "return function()\n"
                  "  local function mid()\n"
                  "    local t = 0\n"
                  "    local function inner() b = b + 1 t = t + 1 end\n"
                  "    inner()\n"
                  "    return a + t\n"
                  "  end\n"
                  "  return mid() + c\n"
                  "end",
                  "b");
}

/* A local of the closure's own call, assigned by a nested function, is not
 * one of its upvalues either. */
static void locals_of_the_call_are_not_upvalues(void **state) {
  assert_assigned(*state,
                  "local k = 1\n"
                  "return function() local n = 0 local function inc() n = n + k end inc() return n end",
                  "");
}

#define LONG_STRING "a constant of well over forty bytes, so that Lua dumps it as a long string"

/* Constants of every kind and nested functions come before what the parser
 * looks for next (descriptors, nested functions); a wrong skip anywhere
 * would misread them. The dump is checked to hold floats, integers and a
 * long string, so the snippet really exercises those paths. */
static void walks_constants_and_nested_functions(void **state) {
  lua_State *L = *state;
  const char *src =
      "local hit, deep, ro = 0, 0, 5\n"
      "return function(p)\n"
      "  local f = 1.5 + p * -2.25e300 + 0.1\n"
      "  local i = 42 + p * 9007199254740993 + (p // 3) + math.maxinteger\n"
      "  local s = \"" LONG_STRING "\" .. \"short\"\n"
      "  local t = { a = true, b = false, c = nil, [1.25] = 'x' }\n"
      "  if p == nil or p == true or p == false then return end\n"
      "  local g1 = function(q) return q * 2.5, 'nested-' .. q, { z = 3.75 } end\n"
      "  local g2 = function() return function() local u = 1e10 return u, ro end end\n"
      "  local g3 = function() return function() deep = deep + 0.5 end end\n"
      "  hit = hit + 1\n"
      "  g3()()\n"
      "  return f, i, s, t, g1, g2, ro\n"
      "end";
  assert_assigned(L, src, "deep,hit"); /* upvalue order: first use */

  push_function(L, src);
  sl_buf b = dump_top(L);
  unsigned char flt[1 + sizeof(lua_Number)] = {19}, num[1 + sizeof(lua_Integer)] = {3};
  lua_Number f = -2.25e300; /* folded with its minus sign */
  lua_Integer i = 9007199254740993;
  memcpy(flt + 1, &f, sizeof f);
  memcpy(num + 1, &i, sizeof i);
  assert_true(contains(&b, flt, sizeof flt));
  assert_true(contains(&b, num, sizeof num));
  unsigned char lng[2] = {20, 0x80 | (sizeof LONG_STRING)}; /* tag, size + 1 */
  assert_true(sizeof LONG_STRING < 0x80);
  assert_true(contains(&b, lng, sizeof lng));
  assert_true(contains(&b, LONG_STRING, sizeof LONG_STRING - 1));
  sl_buf_free(&b);
  lua_pop(L, 1);
}

/* Globals go through _ENV with GETTABUP/SETTABUP: they change the table,
 * never the _ENV upvalue itself. */
static void env_is_not_assigned_by_globals(void **state) {
  assert_assigned(*state, "return function() return print, string.format, missing end", "");
  assert_assigned(*state, "return function() counter = (counter or 0) + 1 end", "");
  assert_assigned(*state, "local n = 0 return function() n = n + 1 total = n end", "n");
}

/* ---- _ENV read only after loading ---- */

/* src, loaded as a main chunk and not run, is (want 1) or is not (want 0)
 * reported as never writing its environment after loading. */
static void assert_env_read_only(lua_State *L, const char *src, int want) {
  if (luaL_loadstring(L, src) != LUA_OK) fail_msg("snippet failed: %s", lua_tostring(L, -1));
  int got = sl_bytecode_env_read_only(L, -1);
  if (got != want) fail_msg("env read-only %d, expected %d, for: %s", got, want, src);
  lua_pop(L, 1);
}

/* The main function runs once, at load: its global assignments are fine;
 * reads by name (GETTABUP), or by a computed key indexed at once, too. */
static void reading_globals_keeps_env_read_only(void **state) {
  lua_State *L = *state;
  assert_env_read_only(L, "x = 1 function helper() return x end return 0", 1);
  assert_env_read_only(L, "return function(c) return pass, string.format(c), missing end", 1);
  assert_env_read_only(L, "return function(k) return _ENV[k], _ENV[k][k], _ENV.x end", 1);
  assert_env_read_only(L, "local t = {} return function(k) t.n = k return t[k] end", 1);
}

/* Any nested function that writes a global, reassigns _ENV or takes it as
 * a value (which could then be written through) spoils it. If GETUPVAL or
 * SETTABUP had other numbers (9 and 15), these would pass as read-only. */
static void writing_or_taking_env_spoils_it(void **state) {
  lua_State *L = *state;
  assert_env_read_only(L, "return function() y = 1 end", 0);
  assert_env_read_only(L, "local function f() return function() z = 2 end end return f", 0);
  assert_env_read_only(L, "local e = _ENV return function() e.x = 1 end", 0);
  assert_env_read_only(L, "return function() local e = _ENV e.x = 1 end", 0);
  assert_env_read_only(L, "return function(k) return rawget(_ENV, k) end", 0);
  assert_env_read_only(L, "return function() _ENV = {} end", 0);
  assert_env_read_only(L, "return function(k) return _ENV[_ENV] end", 0);
  assert_env_read_only(L, "return function() return _ENV:method() end", 0);
  assert_env_read_only(L, "return function(k) local t = _ENV[k] return _ENV end", 0);
}

/* A local named _ENV is a register, not the chunk's upvalue: writing
 * through it leaves the chunk's environment alone. */
static void a_local_env_is_not_the_chunks(void **state) {
  assert_env_read_only(*state, "return function() local _ENV = {} x = 1 return x end", 1);
}

/* ---- upvalues only ever read by key ---- */

/* src is a chunk returning a function (or, with `call`, a function whose
 * result is the function under test). Its upvalues that the chunk's code
 * only ever reads by key are exactly `want`. */
static void assert_key_read(lua_State *L, const char *src, int call, const char *want) {
  if (luaL_loadstring(L, src) != LUA_OK) fail_msg("snippet failed: %s", lua_tostring(L, -1));
  sl_chunk_tree *tree = sl_bytecode_chunk_tree(L, -1);
  assert_non_null(tree);
  if (lua_pcall(L, 0, 1, 0) != LUA_OK) fail_msg("snippet failed: %s", lua_tostring(L, -1));
  if (call && lua_pcall(L, 0, 1, 0) != LUA_OK) fail_msg("snippet failed: %s", lua_tostring(L, -1));
  assert_int_equal(lua_type(L, -1), LUA_TFUNCTION);
  sl_uvmask m;
  int found = sl_bytecode_key_read_upvalues(tree, L, -1, &m);
  if (!found) fail_msg("function not found in its chunk: %s", src);
  char got[256];
  marked_names(L, &m, got, sizeof got);
  if (strcmp(got, want) != 0) fail_msg("key-read upvalues [%s], expected [%s], for: %s", got, want, src);
  sl_bytecode_chunk_tree_free(tree);
  lua_pop(L, 1);
}

static void tables_read_by_key_are_found(void **state) {
  lua_State *L = *state;
  assert_key_read(L, "local CORE, N = {}, 0 return function(c) return CORE[c], CORE.x, CORE[1], N end", 0,
                  "CORE");
  assert_key_read(L, "local T = {} return function(k) return T[k][k] end", 0, "T");
  /* a local of a factory's call, captured by the closure it returns */
  assert_key_read(L, "local function mk(t) return function(k) return t[k] end end return mk({})", 0, "t");
  /* two levels down */
  assert_key_read(L, "local T = {} return function() return function() return T.a end end", 1, "T");
  /* identical functions on one line: both found, both agree */
  assert_key_read(L, "local A = {} local f, g = function() return A.x end, function() return A.x end return f",
                  0, "A");
}

/* Any function able to reach the same local that does anything else with it
 * - writes through it, takes its length, hands it on, reassigns it - keeps
 * it out, however the function under test uses it. */
static void any_other_use_keeps_a_table_out(void **state) {
  lua_State *L = *state;
  assert_key_read(L, "local T = {} local function w() T.y = 1 end return function() return T.x end", 0, "");
  assert_key_read(L, "local T = {} return function() return #T end", 0, "");
  assert_key_read(L, "local T = {} local g = function() return rawlen(T) end return function() return T.a end",
                  0, "");
  assert_key_read(L, "local T = {} return function() local function i() T.x = 1 end return T.a end", 0, "");
  assert_key_read(L, "local T = {} return function() T = {} return T.a end", 0, "");
  assert_key_read(L, "local T = {} return function(k) local u = T return u[k] end", 0, "");
  assert_key_read(L, "local T = {} return function() return T:method() end", 0, "");
  assert_key_read(L,
                  "local function mk(t) local g = function() t.x = 1 end return function(k) return t[k] end end "
                  "return mk({})",
                  0, "");
  /* _ENV is the chunk's, not a local: never reported here */
  assert_key_read(L, "return function() return print end", 0, "");
}

static void a_c_function_is_answered_conservatively(void **state) {
  lua_State *L = *state;
  sl_uvmask m;
  lua_getglobal(L, "print");
  assert_int_equal(sl_bytecode_assigned_upvalues(L, -1, &m), 0);
  assert_true(all_marked(&m));
  lua_pop(L, 1);
  lua_pushinteger(L, 7);
  assert_int_equal(sl_bytecode_assigned_upvalues(L, -1, &m), 0);
  assert_true(all_marked(&m));
  lua_pop(L, 1);
}

/* Every prefix of a real dump is refused, never read past (each copy is
 * exactly its length, for AddressSanitizer), and answered conservatively;
 * the whole dump, and only it, is read. */
static void truncated_dumps_are_refused(void **state) {
  lua_State *L = *state;
  push_function(L, "local a, b = 0, 0\n"
                   "return function(x) local s = '" LONG_STRING "' a = a + x + 1.5\n"
                   "  return function() b = b + 1 return s end end");
  sl_buf b = dump_top(L);
  sl_uvmask m;
  for (size_t n = 0; n < b.len; n++) {
    unsigned char *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    memcpy(copy, b.data, n);
    if (sl_bytecode_scan(copy, n, &m) != 0) fail_msg("a dump cut at %zu of %zu was accepted", n, b.len);
    assert_true(all_marked(&m));
    free(copy);
  }
  assert_int_equal(sl_bytecode_scan(b.data, b.len, &m), 1);
  assert_true(sl_uvmask_has(&m, 1) && sl_uvmask_has(&m, 2) && !sl_uvmask_has(&m, 3));
  assert_int_equal(sl_bytecode_scan(NULL, 0, &m), 0);
  sl_buf_free(&b);
  lua_pop(L, 1);
}

/* A damaged dump may or may not parse, but must never be read outside its
 * bytes (AddressSanitizer checks that); a change to the header (the first
 * 31 bytes) or to the main function's upvalue count after it is always
 * refused. */
static void damaged_dumps_stay_in_bounds(void **state) {
  lua_State *L = *state;
  push_function(L, "local a = 0 return function() local function f() a = a + 2.5 end f() return 'k' end");
  sl_buf b = dump_top(L);
  unsigned char *copy = malloc(b.len);
  assert_non_null(copy);
  sl_uvmask m;
  for (size_t at = 0; at < b.len; at++) {
    static const unsigned char values[] = {0x00, 0x7F, 0x80, 0xFF, 0x0A, 0x14};
    for (size_t v = 0; v < sizeof values; v++) {
      memcpy(copy, b.data, b.len);
      copy[at] = values[v];
      int ok = sl_bytecode_scan(copy, b.len, &m);
      if (!ok) assert_true(all_marked(&m));
      if (at < 32 && copy[at] != (unsigned char)b.data[at]) assert_int_equal(ok, 0);
    }
  }
  free(copy);
  sl_buf_free(&b);
  lua_pop(L, 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(reading_an_upvalue_is_not_assigning_it, setup, teardown),
      cmocka_unit_test_setup_teardown(an_assignment_marks_that_upvalue_only, setup, teardown),
      cmocka_unit_test_setup_teardown(setupval_is_opcode_10, setup, teardown),
      cmocka_unit_test_setup_teardown(assigned_by_a_function_created_at_run_time, setup, teardown),
      cmocka_unit_test_setup_teardown(assigned_two_levels_down, setup, teardown),
      cmocka_unit_test_setup_teardown(locals_of_the_call_are_not_upvalues, setup, teardown),
      cmocka_unit_test_setup_teardown(walks_constants_and_nested_functions, setup, teardown),
      cmocka_unit_test_setup_teardown(env_is_not_assigned_by_globals, setup, teardown),
      cmocka_unit_test_setup_teardown(reading_globals_keeps_env_read_only, setup, teardown),
      cmocka_unit_test_setup_teardown(writing_or_taking_env_spoils_it, setup, teardown),
      cmocka_unit_test_setup_teardown(a_local_env_is_not_the_chunks, setup, teardown),
      cmocka_unit_test_setup_teardown(tables_read_by_key_are_found, setup, teardown),
      cmocka_unit_test_setup_teardown(any_other_use_keeps_a_table_out, setup, teardown),
      cmocka_unit_test_setup_teardown(a_c_function_is_answered_conservatively, setup, teardown),
      cmocka_unit_test_setup_teardown(truncated_dumps_are_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(damaged_dumps_stay_in_bounds, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
