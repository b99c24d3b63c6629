/*
 * test_values.c - sl.text and sl.number (core/values.c): fixed cases, and
 * a differential check against the Lua the rules/cso pack used before they
 * were in C, over many generated strings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "helpers.h"

static int setup(void **state) {
  lua_State *L = luaL_newstate();
  if (L == NULL) return -1;
  luaL_openlibs(L);
  lua_gc(L, LUA_GCINC, 1, 400, 0); /* collect all the time: unanchored values show */
  sl_helpers_push(L, (sl_ymd){2024, 6, 15});
  lua_setglobal(L, "sl");
  *state = L;
  return 0;
}

static int teardown(void **state) {
  lua_close(*state);
  return 0;
}

/* Runs code, which must return true; otherwise fails with what it returned. */
static void check(lua_State *L, const char *code) {
  lua_settop(L, 0);
  if (luaL_dostring(L, code) != LUA_OK) fail_msg("%s\nraised: %s", code, lua_tostring(L, -1));
  if (!lua_toboolean(L, 1))
    fail_msg("%s\nreturned %s %s", code, luaL_tolstring(L, 1, NULL),
             lua_gettop(L) > 1 ? lua_tostring(L, 2) : "");
}

static void test_text_trims_and_keeps_the_string(void **state) {
  check(*state, "return sl.text('  Head of Sales \\t') == 'Head of Sales'");
  check(*state, "local s = 'VP Sales' return sl.text(s) == s");
  check(*state, "return sl.text('\\1x') == '\\1x'"); /* control bytes are not spaces */
}

static void test_text_of_blank_or_non_strings_is_nil(void **state) {
  check(*state, "return sl.text('') == nil and sl.text(' \\n\\t ') == nil");
  check(*state, "return sl.text(12) == nil and sl.text(nil) == nil and sl.text({}) == nil"
                " and sl.text(true) == nil");
  check(*state, "return select('#', sl.text()) == 1");
}

static void test_number_reads_numbers_as_they_are(void **state) {
  check(*state, "return math.type(sl.number(12)) == 'integer' and sl.number(1.5) == 1.5");
  check(*state, "return sl.number(0/0) == nil and sl.number(math.huge) == nil"
                " and sl.number(-math.huge) == nil");
}

static void test_number_reads_amounts_as_people_write_them(void **state) {
  check(*state, "return sl.number('1,250') == 1250 and sl.number(' 1 250 ') == 1250");
  check(*state, "return sl.number('$280,000') == 280000 and sl.number('USD 5') == 5"
                " and sl.number('5 usd') == 5 and sl.number('$usd100') == 100");
  check(*state, "return sl.number('280k') == 280000 and math.type(sl.number('280K')) == 'integer'");
  check(*state, "return sl.number('1.5k') == 1500.0 and sl.number('110%') == 1.1");
  check(*state, "return sl.number('0x10') == 16 and sl.number('1e3') == 1000.0");
}

static void test_number_of_anything_else_is_nil(void **state) {
  check(*state, "return sl.number('usd$100') == nil and sl.number('ten') == nil"
                " and sl.number('') == nil and sl.number('%') == nil and sl.number('k') == nil");
  check(*state, "return sl.number('1e999') == nil and sl.number('-1e999%') == nil");
  check(*state, "return sl.number(string.rep('1', 70)) == nil"); /* no amount is that long */
  check(*state, "return sl.number(nil) == nil and sl.number({}) == nil and sl.number(true) == nil");
}

/* The Lua rules/cso/lib/fields.lua had; sl.text and sl.number must agree with
 * it everywhere except where it let infinities through. */
static const char differential[] =
    "local function trim(s) return (s:gsub('^%s+', ''):gsub('%s+$', '')) end\n"
    "local function str(v)\n"
    "  if type(v) ~= 'string' or v == '' then return nil end\n"
    "  if v:byte(1) > 32 and v:byte(-1) > 32 then return v end\n"
    "  local s = trim(v)\n"
    "  if s == '' then return nil end\n"
    "  return s\n"
    "end\n"
    "local function finite(n)\n"
    "  if n == nil or n ~= n or n == math.huge or n == -math.huge then return nil end\n"
    "  return n\n"
    "end\n"
    "local function num(v)\n"
    "  if type(v) == 'number' then return finite(v) end\n"
    "  if type(v) ~= 'string' then return nil end\n"
    "  local s = v:lower():gsub('[%s,_]', ''):gsub('^%$', ''):gsub('^usd', ''):gsub('usd$', '')\n"
    "  local pct = s:match('^(.-)%%$')\n"
    "  if pct then local n = tonumber(pct) return finite(n and n / 100) end\n"
    "  local k = s:match('^(.-)k$')\n"
    "  if k then local n = tonumber(k) return finite(n and n * 1000) end\n"
    "  return finite(tonumber(s))\n"
    "end\n"
    "local parts = {'1','2','0','9','.',',','_',' ','\\t','\\n','$','usd','USD','k','K',\n"
    "  '%','e','-','+','x','a','0x1F','inf','nan','\\1','\\0'}\n"
    "math.randomseed(20261123)\n"
    "for i = 1, 100000 do\n"
    "  local t = {}\n"
    "  for j = 1, math.random(0, 8) do t[#t + 1] = parts[math.random(#parts)] end\n"
    "  local v = table.concat(t)\n"
    "  local a, b = num(v), sl.number(v)\n"
    "  if a ~= b or math.type(a) ~= math.type(b) then\n"
    "    return false, string.format('sl.number(%q) = %s, expected %s', v, tostring(b), tostring(a))\n"
    "  end\n"
    "  if str(v) ~= sl.text(v) then\n"
    "    return false, string.format('sl.text(%q) = %s', v, tostring(sl.text(v)))\n"
    "  end\n"
    "end\n"
    "return true\n";

static void test_text_and_number_agree_with_the_lua_they_replace(void **state) {
  check(*state, differential);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
      T(test_text_trims_and_keeps_the_string),
      T(test_text_of_blank_or_non_strings_is_nil),
      T(test_number_reads_numbers_as_they_are),
      T(test_number_reads_amounts_as_people_write_them),
      T(test_number_of_anything_else_is_nil),
      T(test_text_and_number_agree_with_the_lua_they_replace),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
