/*
 * test_ordered.c - core/ordered.c: next() in one fixed order. Each case
 * builds a table in Lua, walks it with sl_ordered_next (exposed to the
 * snippet as `onext`) and compares the keys seen, in order, with what the
 * order promises: numbers ascending, strings byte-wise, false, true, then
 * other keys as the table holds them.
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

#include "ordered.h"

static int onext(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  size_t work = 0;
  return sl_ordered_next(L, 1, 2, &work);
}

static int setup(void **state) {
  lua_State *L = luaL_newstate();
  if (!L) return -1;
  luaL_openlibs(L);
  lua_register(L, "onext", onext);
  /* walk(t): the keys onext gives, as text joined by spaces */
  if (luaL_dostring(L, "function walk(t) local seen, k = {}, onext(t) "
                       "while k ~= nil do seen[#seen + 1] = tostring(k); k = onext(t, k) end "
                       "return table.concat(seen, ' ') end") != LUA_OK) {
    return -1;
  }
  *state = L;
  return 0;
}

static int teardown(void **state) {
  lua_close(*state);
  return 0;
}

/* Runs src (which returns a string) and compares its result with want. */
static void expect(lua_State *L, const char *src, const char *want) {
  if (luaL_dostring(L, src) != LUA_OK) fail_msg("snippet failed: %s", lua_tostring(L, -1));
  assert_string_equal(lua_tostring(L, -1), want);
  lua_pop(L, 1);
}

static void numbers_then_strings_then_booleans(void **state) {
  expect(*state, "return walk({ zeta = 1, alpha = 2, [3] = 'c', [1] = 'a', [2.5] = 'x', "
                 "[true] = 1, [false] = 0, Mid = 3, [-7] = 0, [1e300] = 0 })",
         "-7 1 2.5 3 1e+300 Mid alpha zeta false true");
}

static void strings_compare_byte_by_byte_and_by_length(void **state) {
  expect(*state, "return (walk({ ['b'] = 1, ['a\\0z'] = 1, ['a'] = 1, ['ab'] = 1, ['B'] = 1, "
                 "['\\xc3\\xa9'] = 1, ['z'] = 1 }):gsub('%z', '0'))",
         "B a a0z ab b z \xc3\xa9");
}

static void integers_and_floats_mix_by_value(void **state) {
  expect(*state, "return walk({ [2] = 1, [1.5] = 1, [-0.5] = 1, [0] = 1, [math.maxinteger] = 1, "
                 "[2^63] = 1, [math.mininteger] = 1 })",
         "-9223372036854775808 -0.5 0 1.5 2 9223372036854775807 9.2233720368548e+18");
}

static void an_array_part_walks_in_index_order(void **state) {
  expect(*state, "local t = {} for i = 1, 12 do t[i] = i end t.n = 12 return walk(t)",
         "1 2 3 4 5 6 7 8 9 10 11 12 n");
}

static void the_order_does_not_depend_on_insertion(void **state) {
  expect(*state, "local a, b = {}, {} local keys = {'k3', 'k1', 'k10', 'k2', 'x', 'a'} "
                 "for i = 1, #keys do a[keys[i]] = i end "
                 "for i = #keys, 1, -1 do b[keys[i]] = i end "
                 "return walk(a) == walk(b) and walk(a) or 'differs'",
         "a k1 k10 k2 k3 x");
}

static void an_empty_table_has_no_first_key(void **state) {
  expect(*state, "return tostring(onext({}))", "nil");
}

static void fields_cleared_while_walking_are_skipped(void **state) {
  expect(*state, "local t, seen = { a = 1, b = 2, c = 3, d = 4 }, {} "
                 "local k = onext(t) while k ~= nil do seen[#seen + 1] = k; t.c = nil; k = onext(t, k) end "
                 "return table.concat(seen, ' ')",
         "a b d");
}

static void the_key_given_last_may_be_cleared(void **state) {
  expect(*state, "local t, seen = { a = 1, b = 2, c = 3, [1] = 0, [2] = 0 }, {} "
                 "local k = onext(t) while k ~= nil do seen[#seen + 1] = tostring(k); t[k] = nil; "
                 "k = onext(t, k) end return table.concat(seen, ' ') .. ' / ' .. tostring(onext(t))",
         "1 2 a b c / nil");
}

static void a_key_added_between_walks_is_seen_by_the_next(void **state) {
  expect(*state, "local t = { b = 1 } local first = walk(t) t.a = 1 t.c = 1 "
                 "return first .. ' / ' .. walk(t)",
         "b / a b c");
}

static void keys_of_other_types_come_last(void **state) {
  expect(*state, "local f = function() end local t = { z = 1, [f] = 2, [1] = 3 } "
                 "local seen = {} local k = onext(t) "
                 "while k ~= nil do seen[#seen + 1] = type(k); k = onext(t, k) end "
                 "return table.concat(seen, ' ')",
         "number string function");
}

static void a_key_not_in_the_table_raises(void **state) {
  lua_State *L = *state;
  assert_int_not_equal(luaL_dostring(L, "return onext({ a = 1 }, 'zz')"), LUA_OK);
  assert_non_null(strstr(lua_tostring(L, -1), "invalid key to 'next'"));
  lua_pop(L, 1);
}

static void a_long_walk_visits_every_key_once(void **state) {
  expect(*state, "local t = {} for i = 1, 2000 do t['k' .. i] = i; t[i * 0.5] = i end "
                 "local n, last, sorted = 0, nil, true local k = onext(t) "
                 "while k ~= nil do n = n + 1 "
                 "  if type(last) == type(k) and not (last < k) then sorted = false end "
                 "  last = k; k = onext(t, k) end "
                 "return n .. ' ' .. tostring(sorted)",
         "4000 true");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(numbers_then_strings_then_booleans, setup, teardown),
      cmocka_unit_test_setup_teardown(strings_compare_byte_by_byte_and_by_length, setup, teardown),
      cmocka_unit_test_setup_teardown(integers_and_floats_mix_by_value, setup, teardown),
      cmocka_unit_test_setup_teardown(an_array_part_walks_in_index_order, setup, teardown),
      cmocka_unit_test_setup_teardown(the_order_does_not_depend_on_insertion, setup, teardown),
      cmocka_unit_test_setup_teardown(an_empty_table_has_no_first_key, setup, teardown),
      cmocka_unit_test_setup_teardown(fields_cleared_while_walking_are_skipped, setup, teardown),
      cmocka_unit_test_setup_teardown(the_key_given_last_may_be_cleared, setup, teardown),
      cmocka_unit_test_setup_teardown(a_key_added_between_walks_is_seen_by_the_next, setup, teardown),
      cmocka_unit_test_setup_teardown(keys_of_other_types_come_last, setup, teardown),
      cmocka_unit_test_setup_teardown(a_key_not_in_the_table_raises, setup, teardown),
      cmocka_unit_test_setup_teardown(a_long_walk_visits_every_key_once, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
