/*
 * test_pattern.c - core/pattern.c: the counted pattern search the sandbox
 * runs before the string library's. Its budget decision is only as good as
 * its faithfulness to the real search, so random patterns and subjects are
 * checked against string.find (where the first match is, or none), and
 * known catastrophic searches must run out of budget fast while linear ones
 * on long text stay within it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <lauxlib.h>
#include <lualib.h>

#include "pattern.h"

/* A small deterministic generator (xorshift), so failures reproduce. */
static uint32_t rnd_state = 2463534242u;
static uint32_t rnd(uint32_t n) {
  rnd_state ^= rnd_state << 13;
  rnd_state ^= rnd_state >> 17;
  rnd_state ^= rnd_state << 5;
  return rnd_state % n;
}

/* A random pattern over a few characters, classes, sets, quantifiers,
 * anchors, captures, back-references, %b and %f - valid or not. */
static void random_pattern(char *out, size_t cap) {
  static const char *const items[] = {"a", "b", ".", "%a", "%d", "[ab]", "[^a]", "[a-c]", "%%",
                                      "(", ")", "()", "%1", "%b()", "%f[a]", "%f[%s]", "x", " "};
  static const char *const quants[] = {"", "", "", "*", "+", "-", "?"};
  size_t n = 0;
  out[0] = '\0';
  if (rnd(4) == 0) out[n++] = '^';
  int count = 1 + (int)rnd(6);
  for (int i = 0; i < count; i++) {
    const char *it = items[rnd(sizeof items / sizeof items[0])];
    const char *q = quants[rnd(sizeof quants / sizeof quants[0])];
    if (n + strlen(it) + strlen(q) + 2 >= cap) break;
    memcpy(out + n, it, strlen(it));
    n += strlen(it);
    if (it[0] != '(' && it[0] != ')' && strcmp(it, "%1") && strncmp(it, "%b", 2) && strncmp(it, "%f", 2)) {
      memcpy(out + n, q, strlen(q));
      n += strlen(q);
    }
  }
  if (rnd(5) == 0) out[n++] = '$';
  out[n] = '\0';
}

static void random_subject(char *out, size_t len) {
  static const char alphabet[] = "aab(b)x 1";
  for (size_t i = 0; i < len; i++) out[i] = alphabet[rnd(sizeof alphabet - 1)];
  out[len] = '\0';
}

/* string.find(s, p, init): 1 and [start, end) when found, 0 when not, -1
 * when it raised an error (a malformed pattern). */
static int stock_find(lua_State *L, const char *s, const char *p, long init, size_t *start,
                      size_t *end) {
  lua_getglobal(L, "string");
  lua_getfield(L, -1, "find");
  lua_pushstring(L, s);
  lua_pushstring(L, p);
  lua_pushinteger(L, init);
  if (lua_pcall(L, 3, 2, 0) != LUA_OK) {
    lua_pop(L, 2);
    return -1;
  }
  int found = !lua_isnil(L, -2);
  if (found) {
    *start = (size_t)lua_tointeger(L, -2) - 1;
    *end = (size_t)lua_tointeger(L, -1);
  }
  lua_pop(L, 3);
  return found;
}

/* ---- cases ---- */

static void finds_what_string_find_finds(void **state) {
  (void)state;
  lua_State *L = luaL_newstate();
  assert_non_null(L);
  luaL_openlibs(L);
  char p[128], s[32];
  int compared = 0, matched = 0;
  for (int i = 0; i < 20000; i++) {
    random_pattern(p, sizeof p);
    size_t len = rnd(14);
    random_subject(s, len);
    long init = (long)rnd((uint32_t)len + 2) + 1;
    size_t ws = 0, we = 0, gs = 0, ge = 0;
    int want = stock_find(L, s, p, init, &ws, &we);
    sl_pattern_search q = {s, len, p, strlen(p), (size_t)init - 1, SL_SCAN_FIRST, 0};
    int got = 0;
    int over = sl_pattern_over_budget(&q, 1000000, &got, &gs, &ge);
    assert_int_equal(over, 0);
    if (want < 0) continue; /* malformed: the string library reports it */
    /* string.find takes a pattern without any of these as plain text (the
     * guard searches those itself, with sl_plain_find) */
    if (sl_pattern_is_plain(p, strlen(p))) continue;
    compared++;
    if (got != want || (got && (gs != ws || ge != we))) {
      fail_msg("pattern '%s' on '%s' from %ld: string.find %d [%zu,%zu), here %d [%zu,%zu)", p, s,
               init, want, ws, we, got, gs, ge);
    }
    matched += got;
  }
  /* the generator must exercise both outcomes, a lot */
  assert_true(compared > 10000);
  assert_true(matched > 2000 && matched < compared - 2000);
  lua_close(L);
}

static int over(const char *s, const char *p, sl_scan scan) {
  sl_pattern_search q = {s, strlen(s), p, strlen(p), 0, scan, (long long)strlen(s) + 1};
  return sl_pattern_over_budget(&q, sl_pattern_budget(q.ns), NULL, NULL, NULL);
}

static char *repeated(const char *unit, int times) {
  size_t n = strlen(unit);
  char *out = malloc(n * (size_t)times + 1);
  assert_non_null(out);
  for (int i = 0; i < times; i++) memcpy(out + (size_t)i * n, unit, n);
  out[n * (size_t)times] = '\0';
  return out;
}

/* Searches that would take days run out of budget (each in well under a
 * second here). */
static void catastrophic_searches_run_out_of_budget(void **state) {
  (void)state;
  char *a300 = repeated("a", 300), *a26 = repeated("a", 26), *a200k = repeated("a", 200000);
  char *q = repeated("a?", 26);
  char *bomb = malloc(strlen(q) + strlen(a26) + 1);
  assert_non_null(bomb);
  strcpy(bomb, q);
  strcat(bomb, a26);
  assert_true(over(a300, "a*a*a*a*a*a*b", SL_SCAN_FIRST));
  assert_true(over(a26, bomb, SL_SCAN_FIRST));
  assert_true(over(a200k, ".-b", SL_SCAN_FIRST));
  assert_true(over(a200k, "a*b", SL_SCAN_ALL));
  assert_true(over(a300, "a*a*a*a*a*a*b", SL_SCAN_ITER));
  free(a300);
  free(a26);
  free(a200k);
  free(q);
  free(bomb);
}

/* What rules do every day stays within budget, even on long text. */
static void ordinary_searches_stay_within_budget(void **state) {
  (void)state;
  char *text = repeated("Revenue leader, 12 yrs;  EMEA & APAC. ", 20000); /* ~760 KB */
  assert_false(over(text, "%s+", SL_SCAN_ALL));
  assert_false(over(text, "^%s*(.-)%s*$", SL_SCAN_FIRST));
  assert_false(over(text, "(%d+)%s*yrs", SL_SCAN_ITER));
  assert_false(over(text, "[%w_]+", SL_SCAN_ALL));
  assert_false(over("  Enterprise SaaS  ", "^%s*(.-)%s*$", SL_SCAN_FIRST));
  free(text);
}

/* gsub's n caps the matches tried; an anchored gsub tries once. */
static void gsub_limits_are_followed(void **state) {
  (void)state;
  char *a200k = repeated("a", 200000);
  sl_pattern_search q = {a200k, 200000, "a*b", 3, 0, SL_SCAN_ALL, 0};
  assert_int_equal(sl_pattern_over_budget(&q, sl_pattern_budget(q.ns), NULL, NULL, NULL), 0);
  q.p = "^a*b";
  q.np = 4;
  q.max_matches = 200001;
  assert_int_equal(sl_pattern_over_budget(&q, sl_pattern_budget(q.ns), NULL, NULL, NULL), 0);
  free(a200k);
}

/* A pattern without quantifiers is tried at every position too: a long one
 * that matches far into the subject each time is quadratic (8 s for gsub
 * on 100 KB with the stock search), and must run out of budget as fast. */
static void long_patterns_without_quantifiers_run_out_of_budget(void **state) {
  (void)state;
  char *hay = repeated("a", 100000);
  char *needle = repeated("a", 50001), *letters = repeated("%a", 50001);
  needle[50000] = 'b';
  letters[100000] = 'b';
  letters[100001] = '\0';
  assert_true(over(hay, needle, SL_SCAN_ALL));
  assert_true(over(hay, needle, SL_SCAN_FIRST));
  assert_true(over(hay, letters, SL_SCAN_FIRST));
  assert_true(over(hay, letters, SL_SCAN_ITER));
  /* A word, a date or a phrase in the same text is nowhere near it. */
  assert_false(over(hay, "sales", SL_SCAN_ALL));
  assert_false(over(hay, "%d%d%d%d%-%d%d", SL_SCAN_ALL));
  assert_false(over(hay, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", SL_SCAN_ALL));
  free(hay);
  free(needle);
  free(letters);
}

/* What a search costs is what the sandbox charges to the rule's budget:
 * about one step per position for a word, and every item of a pattern
 * that matches far at every position. */
static void steps_count_the_work_done(void **state) {
  (void)state;
  char *hay = repeated("a", 10000);
  sl_pattern_search q = {hay, 10000, "sales", 5, 0, SL_SCAN_ALL, 10001};
  long long word = sl_pattern_steps(&q, 1000000);
  assert_true(word >= 10000 && word < 30000);
  q.p = "aaaaaaaaab"; /* 10 items tried at every position */
  q.np = 10;
  long long far = sl_pattern_steps(&q, 1000000);
  assert_true(far >= 100000 && far < 130000);
  assert_int_equal(sl_pattern_steps(&q, 50000), -1);
  free(hay);
}

static void only_long_or_complex_searches_are_checked(void **state) {
  (void)state;
  assert_false(sl_pattern_worth_checking(30, 5, 0));          /* a word in a name */
  assert_false(sl_pattern_worth_checking(40000000, 5, 0));    /* ... in 40 MB: linear */
  assert_false(sl_pattern_worth_checking(1000000, 63, 0));    /* a sentence in a megabyte */
  assert_true(sl_pattern_worth_checking(1000000, 100, 0));    /* a paragraph in it */
  assert_true(sl_pattern_worth_checking(100000, 50001, 0));   /* a long pattern on 100 KB */
  assert_false(sl_pattern_worth_checking(30, 10, 2));         /* a short name */
  assert_true(sl_pattern_worth_checking(300, 10, 3));         /* a summary, a few quantifiers */
  assert_true(sl_pattern_worth_checking(2000000, 3, 1));      /* a megabyte */
}

/* string.find's plain search: the same answers as the stock one, in linear
 * time where the stock one is quadratic (12 s on these 1.6 MB). */
static void plain_find_is_linear(void **state) {
  (void)state;
  const char *text = "VP of Sales, sales director";
  assert_ptr_equal(sl_plain_find(text, strlen(text), "Sales", 5), text + 6);
  assert_ptr_equal(sl_plain_find(text, strlen(text), "sales", 5), text + 13);
  assert_ptr_equal(sl_plain_find(text, strlen(text), "", 0), text);
  assert_null(sl_plain_find(text, strlen(text), "marketing", 9));
  assert_null(sl_plain_find(text, 3, "VP of", 5));
  const char *nuls = "a\0b\0c"; /* Lua strings may hold NULs */
  assert_ptr_equal(sl_plain_find(nuls, 5, "b\0c", 3), nuls + 2);
  char *hay = repeated("a", 1600000), *needle = repeated("a", 800001);
  needle[800000] = 'b';
  assert_null(sl_plain_find(hay, 1600000, needle, 800001));
  needle[800000] = 'a';
  assert_ptr_equal(sl_plain_find(hay, 1600000, needle, 800001), hay);
  free(hay);
  free(needle);
}

static void which_patterns_are_plain(void **state) {
  (void)state;
  assert_true(sl_pattern_is_plain("account executive", 17));
  assert_true(sl_pattern_is_plain("", 0));
  assert_false(sl_pattern_is_plain("a.b", 3));
  assert_false(sl_pattern_is_plain("x\0%", 3)); /* after a NUL too */
  for (const char *c = "^$*+?.([%-"; *c; c++) assert_false(sl_pattern_is_plain(c, 1));
  assert_true(sl_pattern_is_plain("])}", 3));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(finds_what_string_find_finds),
      cmocka_unit_test(catastrophic_searches_run_out_of_budget),
      cmocka_unit_test(ordinary_searches_stay_within_budget),
      cmocka_unit_test(gsub_limits_are_followed),
      cmocka_unit_test(long_patterns_without_quantifiers_run_out_of_budget),
      cmocka_unit_test(steps_count_the_work_done),
      cmocka_unit_test(only_long_or_complex_searches_are_checked),
      cmocka_unit_test(plain_find_is_linear),
      cmocka_unit_test(which_patterns_are_plain),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
