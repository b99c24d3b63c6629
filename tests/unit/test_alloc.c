/*
 * test_alloc.c - core/alloc.c: blocks are aligned, distinct and keep their
 * bytes through every kind of resize (within a class, across classes, from
 * the region to malloc and back), a used-up region falls back to malloc,
 * and a real Lua state runs on it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "alloc.h"

static void fill(unsigned char *p, size_t n, unsigned seed) {
  for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(seed * 31u + i * 7u);
}

static int holds(const unsigned char *p, size_t n, unsigned seed) {
  for (size_t i = 0; i < n; i++)
    if (p[i] != (unsigned char)(seed * 31u + i * 7u)) return 0;
  return 1;
}

static void test_small_blocks_are_aligned_and_recycled(void **state) {
  (void)state;
  sl_alloc *A = sl_alloc_new(1 << 20);
  assert_non_null(A);
  void *a = sl_alloc_realloc(A, NULL, 0, 24);
  void *b = sl_alloc_realloc(A, NULL, 0, 24);
  assert_non_null(a);
  assert_non_null(b);
  assert_ptr_not_equal(a, b);
  assert_int_equal((uintptr_t)a % 16, 0);
  assert_int_equal((uintptr_t)b % 16, 0);
  assert_null(sl_alloc_realloc(A, a, 24, 0));
  assert_ptr_equal(sl_alloc_realloc(A, NULL, 0, 20), a); /* same class: reused */
  /* Growing within the class keeps the block. */
  assert_ptr_equal(sl_alloc_realloc(A, a, 20, 32), a);
  sl_alloc_realloc(A, a, 32, 0);
  sl_alloc_realloc(A, b, 24, 0);
  sl_alloc_delete(A);
}

static void test_bytes_survive_every_kind_of_resize(void **state) {
  (void)state;
  static const size_t sizes[] = {1, 15, 16, 17, 100, 255, 256, 257, 1000, 70000};
  sl_alloc *A = sl_alloc_new(1 << 20);
  assert_non_null(A);
  for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
    for (size_t j = 0; j < sizeof sizes / sizeof *sizes; j++) {
      size_t from = sizes[i], to = sizes[j];
      unsigned char *p = sl_alloc_realloc(A, NULL, 0, from);
      assert_non_null(p);
      fill(p, from, (unsigned)(i * 16 + j));
      p = sl_alloc_realloc(A, p, from, to);
      assert_non_null(p);
      assert_true(holds(p, from < to ? from : to, (unsigned)(i * 16 + j)));
      fill(p, to, 7); /* the whole new size is usable */
      sl_alloc_realloc(A, p, to, 0);
    }
  }
  sl_alloc_delete(A);
}

/* Random allocations, resizes and frees against a tiny region (one page),
 * so blocks move between the region and malloc all the time; every live
 * block is checked for its bytes after each step. */
static void test_a_used_up_region_falls_back_to_malloc(void **state) {
  (void)state;
  enum { LIVE = 64, STEPS = 20000 };
  unsigned char *blocks[LIVE] = {0};
  size_t sizes[LIVE] = {0};
  unsigned seeds[LIVE] = {0};
  sl_alloc *A = sl_alloc_new(4096);
  assert_non_null(A);
  srand(1123);
  for (int step = 0; step < STEPS; step++) {
    int k = rand() % LIVE;
    size_t n = (rand() % 4 == 0) ? (size_t)(rand() % 2000 + 1) : (size_t)(rand() % 256 + 1);
    if (!blocks[k]) {
      blocks[k] = sl_alloc_realloc(A, NULL, 0, n);
      assert_non_null(blocks[k]);
      assert_int_equal((uintptr_t)blocks[k] % 16, 0);
    } else if (rand() % 3 == 0) {
      assert_true(holds(blocks[k], sizes[k], seeds[k]));
      sl_alloc_realloc(A, blocks[k], sizes[k], 0);
      blocks[k] = NULL;
      continue;
    } else {
      assert_true(holds(blocks[k], sizes[k], seeds[k]));
      blocks[k] = sl_alloc_realloc(A, blocks[k], sizes[k], n);
      assert_non_null(blocks[k]);
      assert_true(holds(blocks[k], sizes[k] < n ? sizes[k] : n, seeds[k]));
    }
    sizes[k] = n;
    seeds[k] = (unsigned)step;
    fill(blocks[k], n, seeds[k]);
  }
  for (int k = 0; k < LIVE; k++) {
    if (!blocks[k]) continue;
    assert_true(holds(blocks[k], sizes[k], seeds[k]));
    sl_alloc_realloc(A, blocks[k], sizes[k], 0);
  }
  sl_alloc_delete(A);
}

static void *lua_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  return sl_alloc_realloc(ud, ptr, ptr ? osize : 0, nsize);
}

static void test_a_lua_state_runs_on_it(void **state) {
  (void)state;
  sl_alloc *A = sl_alloc_new(SL_ALLOC_REGION_BYTES ? SL_ALLOC_REGION_BYTES : (1 << 20));
  assert_non_null(A);
  lua_State *L = lua_newstate(lua_alloc, A);
  assert_non_null(L);
  luaL_openlibs(L);
  const char *code =
      "local t = {}\n"
      "for i = 1, 200000 do t[i % 1000 + 1] = { tostring(i), i, { i } } end\n"
      "local s = {}\n"
      "for i = 1, 1000 do s[#s + 1] = t[i][1] end\n"
      "return #table.concat(s, ',')\n";
  assert_int_equal(luaL_dostring(L, code), LUA_OK);
  assert_true(lua_tointeger(L, -1) > 1000);
  lua_close(L);
  sl_alloc_delete(A);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_small_blocks_are_aligned_and_recycled),
      cmocka_unit_test(test_bytes_survive_every_kind_of_resize),
      cmocka_unit_test(test_a_used_up_region_falls_back_to_malloc),
      cmocka_unit_test(test_a_lua_state_runs_on_it),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
