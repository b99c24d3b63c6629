/*
 * test_helpers.c - the `sl` table as rules see it (core/helpers.c): each
 * test runs Lua against a fresh state holding `sl` as of 2024-06-15 and
 * checks the values returned, from C. The collector runs at its most
 * aggressive so a value the bindings forget to anchor is caught.
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
#include "shortlist/error.h"
#include "state.h" /* sl_sandbox_freeze */

/* freeze(t) -> t, read-only as the sandbox leaves params and tables defined
 * at load time: the lists sl.matches compiles. */
static int l_freeze(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  sl_sandbox_freeze(L, 1);
  return 1;
}

static int setup(void **state) {
  lua_State *L = luaL_newstate();
  if (L == NULL) return -1;
  luaL_openlibs(L);
  /* Pause 1%: a new collection cycle starts as soon as one ends. */
  lua_gc(L, LUA_GCINC, 1, 400, 0);
  sl_helpers_push(L, (sl_ymd){2024, 6, 15});
  lua_setglobal(L, "sl");
  /* No sl_state: the C work sl.matches charges is counted against nothing
   * (one test gives it a budget). */
  *(sl_state **)lua_getextraspace(L) = NULL;
  lua_pushcfunction(L, l_freeze);
  lua_setglobal(L, "freeze");
  *state = L;
  return 0;
}

static int teardown(void **state) {
  lua_close(*state);
  return 0;
}

/* Runs code, which must not raise; returns how many values it returned,
 * left on the stack from index 1. */
static int run(lua_State *L, const char *code) {
  lua_settop(L, 0);
  if (luaL_dostring(L, code) != LUA_OK)
    fail_msg("%s\nraised: %s", code, lua_tostring(L, -1));
  return lua_gettop(L);
}

/* Runs code, which must raise; returns the message (on the stack). */
static const char *run_error(lua_State *L, const char *code) {
  lua_settop(L, 0);
  if (luaL_dostring(L, code) == LUA_OK) fail_msg("%s\ndid not raise", code);
  assert_int_equal(lua_type(L, -1), LUA_TSTRING);
  return lua_tostring(L, -1);
}

static void assert_contains(const char *s, const char *part) {
  if (strstr(s, part) == NULL) fail_msg("\"%s\" does not contain \"%s\"", s, part);
}

/* Asserts that code returns years (a float) and a left-out count. */
static void assert_years(lua_State *L, const char *code, double years,
                         lua_Integer left_out) {
  assert_int_equal(run(L, code), 2);
  assert_true(lua_isnumber(L, 1) && !lua_isinteger(L, 1));
  if (lua_tonumber(L, 1) != years)
    fail_msg("%s\nreturned %.17g years, expected %.17g", code,
             (double)lua_tonumber(L, 1), years);
  assert_true(lua_isinteger(L, 2));
  assert_int_equal(lua_tointeger(L, 2), left_out);
}

/* --- sl_ymd and the table itself ---------------------------------------- */

static void test_ymd_parse_reads_a_full_date(void **state) {
  sl_ymd d;
  assert_int_equal(sl_ymd_parse("2024-02-29", &d), 0);
  assert_int_equal(d.year, 2024);
  assert_int_equal(d.month, 2);
  assert_int_equal(d.day, 29);
}

static void test_ymd_parse_refuses_a_year_or_a_month_alone(void **state) {
  sl_ymd d;
  assert_int_equal(sl_ymd_parse("2024", &d), SL_EINVAL);
  assert_int_equal(sl_ymd_parse("2024-06", &d), SL_EINVAL);
}

static void test_ymd_parse_refuses_an_impossible_day(void **state) {
  sl_ymd d;
  assert_int_equal(sl_ymd_parse("2023-02-29", &d), SL_EINVAL);
  assert_int_equal(sl_ymd_parse("2023-13-01", &d), SL_EINVAL);
}

static void test_ymd_parse_refuses_spaces_and_null(void **state) {
  sl_ymd d;
  assert_int_equal(sl_ymd_parse(" 2024-06-15", &d), SL_EINVAL);
  assert_int_equal(sl_ymd_parse("2024-06-15\n", &d), SL_EINVAL);
  assert_int_equal(sl_ymd_parse(NULL, &d), SL_EINVAL);
}

static void test_ymd_today_is_a_valid_date(void **state) {
  sl_ymd t = sl_ymd_today();
  assert_true(t.year >= 2024 && t.year <= 9999);
  assert_in_range(t.month, 1, 12);
  assert_in_range(t.day, 1, 31);
}

static void test_push_leaves_exactly_one_table(void **state) {
  lua_State *L = *state;
  lua_settop(L, 0);
  sl_helpers_push(L, (sl_ymd){2024, 6, 15});
  assert_int_equal(lua_gettop(L), 1);
  assert_int_equal(lua_type(L, 1), LUA_TTABLE);
}

static void test_as_of_is_the_date_given(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "return sl.as_of"), 1);
  assert_string_equal(lua_tostring(L, 1), "2024-06-15");
}

static void test_as_of_pads_month_day_and_year(void **state) {
  lua_State *L = *state;
  sl_helpers_push(L, (sl_ymd){987, 1, 2});
  lua_setglobal(L, "sl");
  assert_int_equal(run(L, "return sl.as_of"), 1);
  assert_string_equal(lua_tostring(L, 1), "0987-01-02");
}

/* --- sl.date ------------------------------------------------------------ */

static void test_date_returns_year_month_and_day(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "local d = sl.date('2020-02-29')\n"
                          "return d.year, d.month, d.day"),
                   3);
  assert_true(lua_isinteger(L, 1));
  assert_int_equal(lua_tointeger(L, 1), 2020);
  assert_int_equal(lua_tointeger(L, 2), 2);
  assert_int_equal(lua_tointeger(L, 3), 29);
}

static void test_date_of_a_year_leaves_month_and_day_nil(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "local d = sl.date('2019')\n"
                          "return d.year, d.month == nil, d.day == nil"),
                   3);
  assert_int_equal(lua_tointeger(L, 1), 2019);
  assert_true(lua_toboolean(L, 2));
  assert_true(lua_toboolean(L, 3));
}

static void test_date_of_a_month_leaves_day_nil(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "local d = sl.date('2015-03')\n"
                          "return d.month, d.day == nil"),
                   2);
  assert_int_equal(lua_tointeger(L, 1), 3);
  assert_true(lua_toboolean(L, 2));
}

static void test_date_with_month_13_returns_nil_and_the_reason(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "return sl.date('2015-13')"), 2);
  assert_true(lua_isnil(L, 1));
  assert_string_equal(lua_tostring(L, 2),
                      "invalid date '2015-13': month must be 01-12");
}

static void test_date_with_a_bad_leap_day_returns_the_reason(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "return sl.date('2019-02-29')"), 2);
  assert_true(lua_isnil(L, 1));
  assert_string_equal(lua_tostring(L, 2), "invalid date '2019-02-29': "
                                          "February has 28 days that year");
}

static void test_date_in_another_form_returns_the_forms_expected(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "return sl.date('03/2015')"), 2);
  assert_true(lua_isnil(L, 1));
  assert_string_equal(
      lua_tostring(L, 2),
      "invalid date '03/2015': expected YYYY, YYYY-MM or YYYY-MM-DD");
}

static void test_date_of_a_non_string_returns_nil_and_the_reason(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "return sl.date(2015)"), 2);
  assert_true(lua_isnil(L, 1));
  assert_string_equal(lua_tostring(L, 2),
                      "invalid date: expected a string, got number");
  assert_int_equal(run(L, "return sl.date(nil)"), 2);
  assert_string_equal(lua_tostring(L, 2),
                      "invalid date: expected a string, got nil");
}

static void test_date_quotes_only_the_start_of_a_long_string(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "return sl.date(string.rep('x', 100000))"), 2);
  assert_true(lua_isnil(L, 1));
  assert_true(lua_rawlen(L, 2) < 200);
  assert_contains(lua_tostring(L, 2), "xxx...': expected");
}

static void test_date_never_cuts_a_utf8_character_in_half(void **state) {
  lua_State *L = *state;
  /* 39 ASCII bytes, then 2-byte characters straddling the 40-byte cut. */
  assert_int_equal(run(L, "return select(2, sl.date(string.rep('a', 39) .. "
                          "string.rep('\\u{e9}', 10)))"),
                   1);
  assert_contains(lua_tostring(L, 1), "'" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                      "...'");
}

/* --- sl.years ----------------------------------------------------------- */

static void test_years_of_march_2015_to_february_2018_is_3(void **state) {
  assert_years(*state,
               "return sl.years({{startDate='2015-03', endDate='2018-02'}})",
               3.0, 0);
}

static void test_years_of_2019_to_2019_is_1(void **state) {
  assert_years(*state, "return sl.years({{startDate='2019', endDate='2019'}})",
               1.0, 0);
}

static void test_years_returns_a_float_even_for_whole_years(void **state) {
  lua_State *L = *state;
  assert_int_equal(
      run(L, "return math.type(sl.years({{startDate='2019', endDate='2019'}}))"),
      1);
  assert_string_equal(lua_tostring(L, 1), "float");
}

static void test_years_are_months_over_12(void **state) {
  assert_years(*state,
               "return sl.years({{startDate='2015-03', endDate='2015-08'}})",
               0.5, 0);
}

static void test_years_open_end_runs_through_the_as_of_month(void **state) {
  /* January to June 2024: as of 2024-06-15. */
  assert_years(*state, "return sl.years({{startDate='2024-01'}})", 0.5, 0);
}

static void test_years_empty_end_runs_through_the_as_of_month(void **state) {
  assert_years(*state, "return sl.years({{startDate='2024-01', endDate=''}})",
               0.5, 0);
}

static void test_years_end_in_the_future_is_clamped(void **state) {
  assert_years(*state,
               "return sl.years({{startDate='2023-07', endDate='2030-01'}})",
               1.0, 0);
}

static void test_years_future_start_adds_nothing_and_is_not_left_out(void **state) {
  assert_years(*state,
               "return sl.years({{startDate='2025-01', endDate='2026-01'},\n"
               "                 {startDate='2024-09'}})",
               0.0, 0);
}

static void test_years_count_overlapping_entries_once(void **state) {
  assert_years(*state,
               "return sl.years({{startDate='2015-01', endDate='2015-12'},\n"
               "                 {startDate='2015-07', endDate='2016-06'}})",
               1.5, 0);
}

static void test_years_count_a_nested_entry_once(void **state) {
  assert_years(*state,
               "return sl.years({{startDate='2010', endDate='2019'},\n"
               "                 {startDate='2012-03-04', endDate='2013-02'}})",
               10.0, 0);
}

static void test_years_add_adjacent_entries(void **state) {
  assert_years(*state,
               "return sl.years({{startDate='2015-01', endDate='2015-06'},\n"
               "                 {startDate='2015-07', endDate='2015-12'}})",
               1.0, 0);
}

static void test_years_ignore_the_day(void **state) {
  assert_years(*state,
               "return sl.years({{startDate='2015-03-31', endDate='2018-02-01'}})",
               3.0, 0);
}

static void test_years_without_pred_include_every_entry(void **state) {
  assert_years(*state,
               "return sl.years({{startDate='2010', endDate='2010'},\n"
               "                 {startDate='2012', endDate='2012'}}, nil)",
               2.0, 0);
}

static void test_years_pred_selects_the_entries(void **state) {
  assert_years(*state,
               "local work = {\n"
               "  {position='Account Executive', startDate='2010', endDate='2011'},\n"
               "  {position='Engineer', startDate='2012', endDate='2015'},\n"
               "  {position='VP of Sales', startDate='2016-01', endDate='2016-06'}}\n"
               "return sl.years(work, function(job)\n"
               "  return sl.matches(job.position, {'sales', 'account executive'})\n"
               "end)",
               2.5, 0);
}

static void test_years_pred_is_called_once_per_table_entry(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "local n = 0\n"
                          "sl.years({{}, 'x', {}, {}}, function(e)\n"
                          "  assert(type(e) == 'table'); n = n + 1 end)\n"
                          "return n"),
                   1);
  assert_int_equal(lua_tointeger(L, 1), 3);
}

static void test_years_pred_truthy_values_include(void **state) {
  assert_years(*state,
               "return sl.years({{startDate='2010', endDate='2010'}},\n"
               "                function() return 0 end)",
               1.0, 0);
}

static void test_years_count_unreadable_entries_as_left_out(void **state) {
  assert_years(*state,
               "return sl.years({\n"
               "  {startDate='2015-03', endDate='2018-02'},\n"
               "  {endDate='2018-02'},\n"                       /* no start */
               "  {startDate='March 2015'},\n"                  /* bad start */
               "  {startDate='2015', endDate='present'},\n"     /* bad end */
               "  {startDate='2019', endDate='2018'},\n"        /* end first */
               "  {startDate='2019-02-29', endDate='2020'}})",  /* no such day */
               3.0, 5);
}

static void test_years_leave_out_non_string_dates(void **state) {
  assert_years(*state,
               "return sl.years({{startDate=2015, endDate='2016'},\n"
               "                 {startDate='2015', endDate=false}})",
               0.0, 2);
}

static void test_years_do_not_count_unreadable_entries_pred_excludes(void **state) {
  assert_years(*state,
               "return sl.years({{startDate='bad', keep=false},\n"
               "                 {startDate='2010', endDate='2010', keep=true}},\n"
               "                function(e) return e.keep end)",
               1.0, 0);
}

static void test_years_leave_out_entries_that_are_not_tables(void **state) {
  assert_years(*state,
               "return sl.years({'2015-2018', 42,\n"
               "                 {startDate='2010', endDate='2010'}, true})",
               1.0, 3);
}

static void test_years_of_nil_is_zero_with_none_left_out(void **state) {
  assert_years(*state, "return sl.years(nil)", 0.0, 0);
}

static void test_years_of_no_argument_is_zero_with_none_left_out(void **state) {
  assert_years(*state, "return sl.years()", 0.0, 0);
}

static void test_years_of_an_empty_list_is_zero(void **state) {
  assert_years(*state, "return sl.years({})", 0.0, 0);
}

static void test_years_of_a_non_table_list_raises(void **state) {
  const char *msg = run_error(*state, "return sl.years('2015-2018')");
  assert_contains(msg, "bad argument #1");
  assert_contains(msg, "table expected, got string");
}

static void test_years_with_a_non_function_pred_raises(void **state) {
  const char *msg = run_error(*state, "return sl.years({}, 'sales')");
  assert_contains(msg, "bad argument #2");
  assert_contains(msg, "function expected, got string");
}

static void test_years_with_a_non_function_pred_raises_even_for_nil_list(void **state) {
  const char *msg = run_error(*state, "return sl.years(nil, 42)");
  assert_contains(msg, "bad argument #2");
}

static void test_years_let_an_error_in_pred_through(void **state) {
  const char *msg =
      run_error(*state, "return sl.years({{startDate='2010'}},\n"
                        "  function(job) error('pred broke') end)");
  assert_contains(msg, "pred broke");
}

static void test_years_keep_many_periods_across_collections(void **state) {
  /* 100 disjoint one-year entries spill past the on-stack buffer while
   * pred forces full collections between them. */
  assert_years(*state,
               "local work = {}\n"
               "for y = 1900, 1999 do\n"
               "  work[#work + 1] = {startDate=tostring(y), endDate=tostring(y)}\n"
               "end\n"
               "return sl.years(work, function() collectgarbage(); return true end)",
               100.0, 0);
}

static void test_years_read_entries_through_metamethods(void **state) {
  /* Candidate records may reach rules as read-only proxies. */
  assert_years(*state,
               "local function proxy(t)\n"
               "  return setmetatable({}, {\n"
               "    __index = function(_, k)\n"
               "      local v = t[k]\n"
               "      if type(v) == 'table' then return proxy(v) end\n"
               "      return v\n"
               "    end,\n"
               "    __len = function() return #t end})\n"
               "end\n"
               "return sl.years(proxy({{startDate='2015-03', endDate='2018-02'}}))",
               3.0, 0);
}

/* --- sl.matches --------------------------------------------------------- */

static void test_matches_returns_true_and_the_word_matched(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "return sl.matches('VP of Sales', {'director', 'vp'})"),
                   2);
  assert_true(lua_isboolean(L, 1) && lua_toboolean(L, 1));
  assert_string_equal(lua_tostring(L, 2), "vp");
}

static void test_matches_returns_false_alone_when_nothing_matches(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "return sl.matches('MVP', {'vp', 'sales'})"), 1);
  assert_true(lua_isboolean(L, 1));
  assert_false(lua_toboolean(L, 1));
}

static void test_matches_accepts_one_word_as_a_string(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "return sl.matches('Sales-Director', 'sales')"), 2);
  assert_true(lua_toboolean(L, 1));
  assert_string_equal(lua_tostring(L, 2), "sales");
}

static void test_matches_a_phrase_across_a_whitespace_run(void **state) {
  lua_State *L = *state;
  assert_int_equal(
      run(L, "return sl.matches('Senior Account  Executive', {'account executive'})"),
      2);
  assert_true(lua_toboolean(L, 1));
}

static void test_matches_reports_the_first_matching_word_of_the_list(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "return sl.matches('VP of Sales', {'x', 'sales', 'vp'})"),
                   2);
  assert_string_equal(lua_tostring(L, 2), "sales");
}

static void test_matches_any_string_of_an_array_of_texts(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "return sl.matches({'Engineering', 'Enterprise SaaS'},\n"
                          "                  {'saas'})"),
                   2);
  assert_true(lua_toboolean(L, 1));
  assert_string_equal(lua_tostring(L, 2), "saas");
}

static void test_matches_nil_text_is_false(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "return sl.matches(nil, {'sales'})"), 1);
  assert_false(lua_toboolean(L, 1));
}

static void test_matches_empty_array_of_texts_is_false(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "return sl.matches({}, 'sales')"), 1);
  assert_false(lua_toboolean(L, 1));
}

static void test_matches_empty_word_list_is_false(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "return sl.matches('sales', {})"), 1);
  assert_false(lua_toboolean(L, 1));
}

static void test_matches_skips_empty_words(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "return sl.matches('sales', {'', 'sales'})"), 2);
  assert_string_equal(lua_tostring(L, 2), "sales");
}

/* Matching runs in C, unseen by the count hook: its work is charged to the
 * rule's instruction budget as it goes. 3,000 words that all start like every
 * word of 300 KB of text took seconds in one call (71 s for 10,000 words on
 * 3 MB); charged, the call raises after a few of them. A word in a megabyte
 * still fits a budget of a million several times over. */
static void test_matches_charges_its_work_to_the_budget(void **state) {
  lua_State *L = *state;
  static sl_state S; /* only the instruction budget's fields are read */
  memset(&S, 0, sizeof S);
  S.instr_budget = 1000000;
  *(sl_state **)lua_getextraspace(L) = &S;
  assert_int_equal(run(L, "return sl.matches(('x'):rep(1000000) .. ' Sales', 'sales')"), 2);
  assert_true(S.instr_used > 0 && S.instr_used < S.instr_budget / 2);
  static const char *const bombs[] = {
      "local words = {} for i = 1, 3000 do words[i] = 'ab' .. i end\n"
      "return sl.matches(('ab '):rep(100000), words)", /* word by word */
      "local words = {} for i = 1, 3000 do words[i] = 'ab' .. i end\n"
      "return sl.matches(('ab '):rep(100000), freeze(words))", /* compiled */
      "return sl.matches(('a '):rep(100000), ('a '):rep(50000) .. 'b')", /* one long word */
  };
  for (size_t i = 0; i < sizeof bombs / sizeof *bombs; i++) {
    S.instr_used = 0;
    S.instr_tripped = 0;
    lua_sethook(L, NULL, 0, 0); /* what tripping installed */
    assert_contains(run_error(L, bombs[i]), "instruction budget of 1000000 exceeded");
  }
  lua_sethook(L, NULL, 0, 0);
  *(sl_state **)lua_getextraspace(L) = NULL;
}

/* The text is candidate data: odd data is not misuse, it just does not match. */
static void test_matches_with_non_string_text_is_false(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "return sl.matches(42, 'sales')"), 1);
  assert_false(lua_toboolean(L, 1));
}

static void test_matches_skips_non_strings_among_the_texts(void **state) {
  lua_State *L = *state;
  assert_int_equal(run(L, "return sl.matches({{name = 'sales'}, 'VP Sales'}, 'sales')"), 2);
  assert_true(lua_toboolean(L, 1));
  assert_int_equal(run(L, "return sl.matches({{name = 'sales'}}, 'sales')"), 1);
  assert_false(lua_toboolean(L, 1));
}

static void test_matches_with_missing_words_raises(void **state) {
  const char *msg = run_error(*state, "return sl.matches('sales')");
  assert_contains(msg, "bad argument #2");
  assert_contains(msg, "string or array of strings expected, got no value");
}

static void test_matches_with_a_non_string_word_raises_even_for_nil_text(void **state) {
  const char *msg = run_error(*state, "return sl.matches(nil, {'sales', 7})");
  assert_contains(msg, "bad argument #2");
  assert_contains(msg, "element 2 is number, string expected");
}

/* --- sl.matches on frozen (compiled) word lists ------------------------- */

static void test_matches_frozen_and_plain_lists_agree(void **state) {
  lua_State *L = *state;
  assert_int_equal(
      run(L,
          "local texts = {'VP of Sales', 'Senior Account  Executive', 'MVP',\n"
          "  'presales', 'Sales-Director', 'C++ developer', 'caf\\xc3\\xa9 sales',\n"
          "  '', 'vp', 'account\\nexecutive', 'sales engineer, b2b',\n"
          "  {'Engineering', 'Enterprise SaaS'}, {}, {'x', 7, 'sales'},\n"
          "  {'director', 'VP'}, freeze({'Head of Sales'}), 42, true}\n"
          "local lists = {{'director', 'vp'}, {'x', 'sales', 'vp'},\n"
          "  {'account executive'}, {'', ' ', 'sales'}, {' Sales ', 'vp'},\n"
          "  {'c++', 'c'}, {'saas', 'engineering'}, {}, {'sales', 'SALES'},\n"
          "  {'vp of sales', 'vp'}, {'caf\\xc3\\xa9', 'b2b', 'engineer'},\n"
          "  {'head of', 'of'}, {'  ', ''}}\n"
          "local diffs, hits = {}, 0\n"
          "for li, words in ipairs(lists) do\n"
          "  local plain = table.move(words, 1, #words, 1, {})\n"
          "  local frozen = freeze(words)\n"
          "  for round = 1, 2 do -- compiled, then from the cache\n"
          "    for ti = 1, #texts do\n"
          "      local a1, a2 = sl.matches(texts[ti], plain)\n"
          "      local b1, b2 = sl.matches(texts[ti], frozen)\n"
          "      if a1 ~= b1 or a2 ~= b2 then\n"
          "        diffs[#diffs + 1] = string.format('list %d text %d: %s %s / %s %s',\n"
          "          li, ti, tostring(a1), tostring(a2), tostring(b1), tostring(b2))\n"
          "      end\n"
          "      if a1 then hits = hits + 1 end\n"
          "    end\n"
          "  end\n"
          "end\n"
          "return #diffs, hits, diffs[1] or ''"),
      3);
  if (lua_tointeger(L, 1) != 0) fail_msg("%s", lua_tostring(L, 3));
  assert_true(lua_tointeger(L, 2) > 40);
}

static void test_matches_frozen_list_returns_the_word_as_written(void **state) {
  lua_State *L = *state;
  for (int round = 0; round < 2; round++) {
    assert_int_equal(run(L, "W = W or freeze({'x', '  Sales\\t'})\n"
                            "return sl.matches('vp of sales', W)"),
                     2);
    assert_true(lua_toboolean(L, 1));
    assert_string_equal(lua_tostring(L, 2), "  Sales\t");
  }
}

static void test_matches_frozen_list_with_a_non_string_raises_every_time(void **state) {
  lua_State *L = *state;
  run(L, "W = freeze({'sales', 7})");
  for (int round = 0; round < 3; round++) {
    const char *msg = run_error(L, "return sl.matches(nil, W)");
    assert_contains(msg, "element 2 is number, string expected");
    /* Even when the first word would match. */
    msg = run_error(L, "return sl.matches('sales', W)");
    assert_contains(msg, "element 2 is number, string expected");
  }
}

static void test_matches_many_frozen_lists_stay_correct(void **state) {
  lua_State *L = *state;
  /* More lists than the cache holds: some compiled, the rest not. */
  assert_int_equal(
      run(L,
          "local lists = {}\n"
          "for i = 1, 200 do lists[i] = freeze({'w' .. i, 'shared ' .. i}) end\n"
          "for round = 1, 3 do\n"
          "  for k = 1, 200 do\n"
          "    local i = round == 2 and 201 - k or k\n"
          "    local ok, w = sl.matches('x W' .. i .. ' y', lists[i])\n"
          "    if w ~= 'w' .. i then return 'w' .. i .. ' gave ' .. tostring(w) end\n"
          "    if sl.matches('w' .. (i + 1), lists[i]) then return 'w' .. (i + 1) end\n"
          "    ok, w = sl.matches({'nothing', 'Shared  ' .. i}, lists[i])\n"
          "    if w ~= 'shared ' .. i then return 'shared ' .. i end\n"
          "  end\n"
          "  collectgarbage()\n"
          "end\n"
          "return 'ok'"),
      1);
  assert_string_equal(lua_tostring(L, 1), "ok");
}

static void test_matches_a_collected_list_is_not_mistaken_for_a_new_one(void **state) {
  lua_State *L = *state;
  /* A new table may take the address of a collected one: a cached list
   * must be kept alive so that its address is never reused. */
  assert_int_equal(run(L, "for i = 1, 300 do\n"
                          "  local ok, w = sl.matches('w' .. i, freeze({'w' .. i}))\n"
                          "  if w ~= 'w' .. i then return i end\n"
                          "  collectgarbage()\n"
                          "end\n"
                          "return 0"),
                   1);
  assert_int_equal(lua_tointeger(L, 1), 0);
}

static void test_matches_frozen_list_reads_each_text_once(void **state) {
  lua_State *L = *state;
  /* A compiled list looks at all texts in one pass; a plain list reads the
   * texts again for each of its words. */
  assert_int_equal(run(L, "local reads = 0\n"
                          "local texts = setmetatable({}, {\n"
                          "  __index = function(_, i)\n"
                          "    reads = reads + 1\n"
                          "    return ({'a', 'b', 'c'})[i]\n"
                          "  end,\n"
                          "  __len = function() return 3 end})\n"
                          "local words = {'x', 'y', 'z', 'w'}\n"
                          "sl.matches(texts, words)\n"
                          "local plain = reads\n"
                          "reads = 0\n"
                          "sl.matches(texts, freeze(words))\n"
                          "return plain, reads"),
                   2);
  assert_int_equal(lua_tointeger(L, 1), 12);
  assert_int_equal(lua_tointeger(L, 2), 3);
}

static void test_matches_does_not_trust_a_forged_frozen_mark(void **state) {
  lua_State *L = *state;
  /* setmetatable is open to rules: a table claiming to be frozen may
   * still change, so it must not be compiled. */
  assert_int_equal(run(L, "local t = {'sales'}\n"
                          "local f = setmetatable({}, {__index = t, __sl_frozen = true,\n"
                          "  __len = function() return #t end,\n"
                          "  __newindex = function() error('read-only') end})\n"
                          "local _, before = sl.matches('sales', f)\n"
                          "t[1] = 'vp'\n"
                          "local ok, after = sl.matches('vp', f)\n"
                          "return before, after"),
                   2);
  assert_string_equal(lua_tostring(L, 1), "sales");
  assert_string_equal(lua_tostring(L, 2), "vp");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
      T(test_ymd_parse_reads_a_full_date),
      T(test_ymd_parse_refuses_a_year_or_a_month_alone),
      T(test_ymd_parse_refuses_an_impossible_day),
      T(test_ymd_parse_refuses_spaces_and_null),
      T(test_ymd_today_is_a_valid_date),
      T(test_push_leaves_exactly_one_table),
      T(test_as_of_is_the_date_given),
      T(test_as_of_pads_month_day_and_year),
      T(test_date_returns_year_month_and_day),
      T(test_date_of_a_year_leaves_month_and_day_nil),
      T(test_date_of_a_month_leaves_day_nil),
      T(test_date_with_month_13_returns_nil_and_the_reason),
      T(test_date_with_a_bad_leap_day_returns_the_reason),
      T(test_date_in_another_form_returns_the_forms_expected),
      T(test_date_of_a_non_string_returns_nil_and_the_reason),
      T(test_date_quotes_only_the_start_of_a_long_string),
      T(test_date_never_cuts_a_utf8_character_in_half),
      T(test_years_of_march_2015_to_february_2018_is_3),
      T(test_years_of_2019_to_2019_is_1),
      T(test_years_returns_a_float_even_for_whole_years),
      T(test_years_are_months_over_12),
      T(test_years_open_end_runs_through_the_as_of_month),
      T(test_years_empty_end_runs_through_the_as_of_month),
      T(test_years_end_in_the_future_is_clamped),
      T(test_years_future_start_adds_nothing_and_is_not_left_out),
      T(test_years_count_overlapping_entries_once),
      T(test_years_count_a_nested_entry_once),
      T(test_years_add_adjacent_entries),
      T(test_years_ignore_the_day),
      T(test_years_without_pred_include_every_entry),
      T(test_years_pred_selects_the_entries),
      T(test_years_pred_is_called_once_per_table_entry),
      T(test_years_pred_truthy_values_include),
      T(test_years_count_unreadable_entries_as_left_out),
      T(test_years_leave_out_non_string_dates),
      T(test_years_do_not_count_unreadable_entries_pred_excludes),
      T(test_years_leave_out_entries_that_are_not_tables),
      T(test_years_of_nil_is_zero_with_none_left_out),
      T(test_years_of_no_argument_is_zero_with_none_left_out),
      T(test_years_of_an_empty_list_is_zero),
      T(test_years_of_a_non_table_list_raises),
      T(test_years_with_a_non_function_pred_raises),
      T(test_years_with_a_non_function_pred_raises_even_for_nil_list),
      T(test_years_let_an_error_in_pred_through),
      T(test_years_keep_many_periods_across_collections),
      T(test_years_read_entries_through_metamethods),
      T(test_matches_returns_true_and_the_word_matched),
      T(test_matches_returns_false_alone_when_nothing_matches),
      T(test_matches_accepts_one_word_as_a_string),
      T(test_matches_a_phrase_across_a_whitespace_run),
      T(test_matches_reports_the_first_matching_word_of_the_list),
      T(test_matches_any_string_of_an_array_of_texts),
      T(test_matches_nil_text_is_false),
      T(test_matches_empty_array_of_texts_is_false),
      T(test_matches_empty_word_list_is_false),
      T(test_matches_skips_empty_words),
      T(test_matches_with_non_string_text_is_false),
      T(test_matches_charges_its_work_to_the_budget),
      T(test_matches_skips_non_strings_among_the_texts),
      T(test_matches_with_missing_words_raises),
      T(test_matches_with_a_non_string_word_raises_even_for_nil_text),
      T(test_matches_frozen_and_plain_lists_agree),
      T(test_matches_frozen_list_returns_the_word_as_written),
      T(test_matches_frozen_list_with_a_non_string_raises_every_time),
      T(test_matches_many_frozen_lists_stay_correct),
      T(test_matches_a_collected_list_is_not_mistaken_for_a_new_one),
      T(test_matches_frozen_list_reads_each_text_once),
      T(test_matches_does_not_trust_a_forged_frozen_mark),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
