/*
 * test_watchdog.c - core/watchdog.c: a call that runs for a tick gets its
 * hook installed (and so can be stopped); calls that leave in time are
 * never touched; start and stop nest.
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
#include <uv.h>

#include "watchdog.h"

static volatile int armed_count;

static void stop_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  luaL_error(L, "stopped by the watchdog");
}

/* What sandbox.c does, reduced: install a hook that ends the call. */
static void arm(lua_State *L) {
  armed_count++;
  lua_sethook(L, stop_hook, LUA_MASKCOUNT, 1000);
}

/* Runs an endless loop as a watched rule call; it returns only if the
 * watchdog arms the hook. Leaves the error message on the stack. */
static int run_endless_call(lua_State *L) {
  assert_int_equal(luaL_loadstring(L, "while true do end"), LUA_OK);
  sl_watch_slot *w = sl_watchdog_slot();
  assert_non_null(w);
  sl_watch_slot_enter(w, L);
  int st = lua_pcall(L, 0, 0, 0);
  sl_watch_slot_leave(w);
  return st;
}

static void test_a_call_that_runs_long_is_armed_and_stopped(void **state) {
  (void)state;
  lua_State *L = luaL_newstate();
  luaL_openlibs(L);
  armed_count = 0;
  assert_int_equal(sl_watchdog_start(arm), 0);
  int st = run_endless_call(L);
  sl_watchdog_stop();
  assert_int_equal(st, LUA_ERRRUN);
  assert_non_null(strstr(lua_tostring(L, -1), "stopped by the watchdog"));
  assert_int_equal(armed_count, 1);
  lua_close(L);
}

static void test_calls_that_leave_in_time_are_not_armed(void **state) {
  (void)state;
  lua_State *L = luaL_newstate();
  luaL_openlibs(L);
  armed_count = 0;
  assert_int_equal(sl_watchdog_start(arm), 0);
  /* Short calls with pauses of several ticks between them: outside a call
   * the watchdog leaves the thread alone, however long. */
  for (int i = 0; i < 5; i++) {
    assert_int_equal(luaL_loadstring(L, "local x = 0 for i = 1, 1000 do x = x + i end"), LUA_OK);
    sl_watch_slot *w = sl_watchdog_slot();
    assert_non_null(w);
    sl_watch_slot_enter(w, L);
    assert_int_equal(lua_pcall(L, 0, 0, 0), LUA_OK);
    sl_watch_slot_leave(w);
    uv_sleep(3 * SL_WATCHDOG_TICK_MS);
  }
  sl_watchdog_stop();
  assert_int_equal(armed_count, 0);
  lua_close(L);
}

static void test_start_and_stop_nest(void **state) {
  (void)state;
  lua_State *L = luaL_newstate();
  luaL_openlibs(L);
  armed_count = 0;
  assert_int_equal(sl_watchdog_start(arm), 0);
  assert_int_equal(sl_watchdog_start(arm), 0);
  sl_watchdog_stop(); /* one user left: still watching */
  int st = run_endless_call(L);
  sl_watchdog_stop();
  assert_int_equal(st, LUA_ERRRUN);
  assert_int_equal(armed_count, 1);
  lua_close(L);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_a_call_that_runs_long_is_armed_and_stopped),
      cmocka_unit_test(test_calls_that_leave_in_time_are_not_armed),
      cmocka_unit_test(test_start_and_stop_nest),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
