/*
 * test_dates.c - date parsing, month arithmetic and the period union
 * behind sl.years (core/dates.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dates.h"
#include "shortlist/error.h"

/* The as-of month most tests use: June 2024. */
#define AS_OF sl_month_abs(2024, 6)

static int parse(const char *s, sl_date *d) {
  return sl_date_parse(s, strlen(s), d, NULL);
}

static void assert_invalid(const char *s) {
  sl_date d;
  const char *why = NULL;
  assert_int_equal(sl_date_parse(s, strlen(s), &d, &why), SL_EINVAL);
  assert_non_null(why);
}

static const char *reason_for(const char *s) {
  sl_date d;
  const char *why = NULL;
  assert_int_equal(sl_date_parse(s, strlen(s), &d, &why), SL_EINVAL);
  return why;
}

/* Reads a period from NUL-terminated strings (NULL stays NULL). */
static int period(const char *start, const char *end, int as_of,
                  sl_period *p) {
  return sl_period_read(start, start ? strlen(start) : 0, end,
                        end ? strlen(end) : 0, as_of, p);
}

/* Months of one readable period, as of AS_OF. */
static long months_of(const char *start, const char *end) {
  sl_period p;
  assert_int_equal(period(start, end, AS_OF, &p), 0);
  return sl_periods_months(&p, 1);
}

/* Months of the union of n readable periods given as start, end pairs. */
static long union_of(const char *const spans[][2], size_t n) {
  sl_period p[16];
  assert_true(n <= 16);
  for (size_t i = 0; i < n; i++)
    assert_int_equal(period(spans[i][0], spans[i][1], AS_OF, &p[i]), 0);
  return sl_periods_months(p, n);
}

/* --- parsing ------------------------------------------------------------ */

static void test_year_only_parses_with_no_month_or_day(void **state) {
  sl_date d;
  assert_int_equal(parse("2019", &d), 0);
  assert_int_equal(d.year, 2019);
  assert_int_equal(d.month, 0);
  assert_int_equal(d.day, 0);
}

static void test_year_and_month_parse_with_no_day(void **state) {
  sl_date d;
  assert_int_equal(parse("2015-03", &d), 0);
  assert_int_equal(d.year, 2015);
  assert_int_equal(d.month, 3);
  assert_int_equal(d.day, 0);
}

static void test_full_date_parses_all_three_fields(void **state) {
  sl_date d;
  assert_int_equal(parse("2018-12-31", &d), 0);
  assert_int_equal(d.year, 2018);
  assert_int_equal(d.month, 12);
  assert_int_equal(d.day, 31);
}

static void test_leap_day_2020_02_29_is_valid(void **state) {
  sl_date d;
  assert_int_equal(parse("2020-02-29", &d), 0);
  assert_int_equal(d.day, 29);
}

static void test_leap_day_2019_02_29_is_invalid(void **state) {
  assert_string_equal(reason_for("2019-02-29"),
                      "February has 28 days that year");
}

static void test_leap_day_in_2000_is_valid_as_a_400th_year(void **state) {
  sl_date d;
  assert_int_equal(parse("2000-02-29", &d), 0);
}

static void test_leap_day_in_1900_is_invalid_as_a_century(void **state) {
  assert_invalid("1900-02-29");
}

static void test_february_30_is_invalid_even_in_a_leap_year(void **state) {
  assert_string_equal(reason_for("2020-02-30"),
                      "February has 29 days that year");
}

static void test_month_00_is_invalid(void **state) {
  assert_string_equal(reason_for("2015-00"), "month must be 01-12");
}

static void test_month_13_is_invalid(void **state) {
  assert_string_equal(reason_for("2015-13"), "month must be 01-12");
}

static void test_month_13_is_invalid_in_a_full_date(void **state) {
  assert_string_equal(reason_for("2015-13-01"), "month must be 01-12");
}

static void test_day_00_is_invalid(void **state) {
  assert_string_equal(reason_for("2015-03-00"), "day must be 01-31");
}

static void test_day_32_is_invalid(void **state) {
  assert_string_equal(reason_for("2015-03-32"), "day must be 01-31");
}

static void test_day_31_of_a_30_day_month_is_invalid(void **state) {
  assert_string_equal(reason_for("2015-04-31"), "April has 30 days");
  assert_string_equal(reason_for("2015-06-31"), "June has 30 days");
  assert_string_equal(reason_for("2015-09-31"), "September has 30 days");
  assert_string_equal(reason_for("2015-11-31"), "November has 30 days");
}

static void test_day_31_of_a_31_day_month_is_valid(void **state) {
  static const char *const days[] = {"2015-01-31", "2015-03-31", "2015-05-31",
                                     "2015-07-31", "2015-08-31", "2015-10-31",
                                     "2015-12-31"};
  sl_date d;
  for (size_t i = 0; i < sizeof days / sizeof *days; i++)
    assert_int_equal(parse(days[i], &d), 0);
}

static void test_two_digit_year_is_invalid(void **state) {
  assert_string_equal(reason_for("15-03"),
                      "expected YYYY, YYYY-MM or YYYY-MM-DD");
}

static void test_five_digit_year_is_invalid(void **state) {
  assert_invalid("20150");
}

static void test_single_digit_month_or_day_is_invalid(void **state) {
  assert_invalid("2015-3");
  assert_invalid("2015-3-01");
  assert_invalid("2015-03-1");
}

static void test_surrounding_spaces_are_invalid(void **state) {
  assert_invalid(" 2015");
  assert_invalid("2015 ");
  assert_invalid("2015-03 ");
  assert_invalid("\t2015-03-01");
}

static void test_other_separators_are_invalid(void **state) {
  assert_invalid("2015/03");
  assert_invalid("2015.03.01");
  assert_invalid("2015-03/01");
  assert_invalid("201503");
  assert_invalid("20150301");
}

static void test_trailing_text_is_invalid(void **state) {
  assert_invalid("2015-");
  assert_invalid("2015-03-");
  assert_invalid("2015-03-01T00:00:00Z");
  assert_invalid("2015-03-01 ");
}

static void test_signs_and_letters_are_invalid(void **state) {
  assert_invalid("+015");
  assert_invalid("-015");
  assert_invalid("2015-+3");
  assert_invalid("2015-0a");
  assert_invalid("Mar 2015");
  assert_invalid("present");
}

static void test_empty_string_is_invalid(void **state) {
  assert_invalid("");
}

static void test_embedded_nul_is_invalid(void **state) {
  sl_date d;
  assert_int_equal(sl_date_parse("2015\0", 5, &d, NULL), SL_EINVAL);
  assert_int_equal(sl_date_parse("2015-03\0x", 9, &d, NULL), SL_EINVAL);
}

static void test_length_is_respected_without_a_terminator(void **state) {
  sl_date d;
  assert_int_equal(sl_date_parse("2015-03-01", 7, &d, NULL), 0);
  assert_int_equal(d.month, 3);
  assert_int_equal(d.day, 0);
}

static void test_null_string_is_invalid(void **state) {
  sl_date d;
  const char *why = NULL;
  assert_int_equal(sl_date_parse(NULL, 4, &d, &why), SL_EINVAL);
  assert_non_null(why);
}

static void test_failed_parse_leaves_out_untouched(void **state) {
  sl_date d = {1, 2, 3};
  assert_int_equal(parse("2015-13", &d), SL_EINVAL);
  assert_int_equal(d.year, 1);
  assert_int_equal(d.month, 2);
  assert_int_equal(d.day, 3);
}

static void test_days_in_month_follow_the_gregorian_calendar(void **state) {
  assert_int_equal(sl_days_in_month(2019, 2), 28);
  assert_int_equal(sl_days_in_month(2020, 2), 29);
  assert_int_equal(sl_days_in_month(2100, 2), 28);
  assert_int_equal(sl_days_in_month(2000, 2), 29);
  assert_int_equal(sl_days_in_month(2019, 4), 30);
  assert_int_equal(sl_days_in_month(2019, 12), 31);
}

/* --- month arithmetic --------------------------------------------------- */

static void test_absolute_month_is_year_times_12_plus_month_less_1(void **state) {
  assert_int_equal(sl_month_abs(2015, 3), 2015 * 12 + 2);
  assert_int_equal(sl_month_abs(2015, 12) + 1, sl_month_abs(2016, 1));
}

static void test_year_only_start_means_january(void **state) {
  sl_date d;
  assert_int_equal(parse("2019", &d), 0);
  assert_int_equal(sl_date_first_month(&d), sl_month_abs(2019, 1));
}

static void test_year_only_end_means_december(void **state) {
  sl_date d;
  assert_int_equal(parse("2019", &d), 0);
  assert_int_equal(sl_date_last_month(&d), sl_month_abs(2019, 12));
}

static void test_month_of_a_full_date_is_its_month_either_way(void **state) {
  sl_date d;
  assert_int_equal(parse("2019-07-15", &d), 0);
  assert_int_equal(sl_date_first_month(&d), sl_month_abs(2019, 7));
  assert_int_equal(sl_date_last_month(&d), sl_month_abs(2019, 7));
}

/* --- one period --------------------------------------------------------- */

static void test_march_2015_to_february_2018_is_36_months(void **state) {
  assert_int_equal(months_of("2015-03", "2018-02"), 36);
}

static void test_year_only_start_and_end_2019_is_12_months(void **state) {
  assert_int_equal(months_of("2019", "2019"), 12);
}

static void test_year_only_span_covers_both_whole_years(void **state) {
  assert_int_equal(months_of("2016", "2017"), 24);
}

static void test_same_month_start_and_end_is_one_month(void **state) {
  assert_int_equal(months_of("2019-05", "2019-05"), 1);
}

static void test_day_of_a_full_date_is_ignored(void **state) {
  assert_int_equal(months_of("2015-03-31", "2015-04-01"), 2);
  assert_int_equal(months_of("2015-03-01", "2018-02-28"), 36);
}

static void test_month_start_with_year_only_end_runs_to_december(void **state) {
  assert_int_equal(months_of("2019-05", "2019"), 8);
}

static void test_year_only_start_with_month_end_runs_from_january(void **state) {
  assert_int_equal(months_of("2019", "2019-03"), 3);
}

static void test_open_end_runs_through_the_as_of_month(void **state) {
  /* January to June 2024 inclusive. */
  assert_int_equal(months_of("2024-01", NULL), 6);
}

static void test_empty_end_runs_through_the_as_of_month(void **state) {
  assert_int_equal(months_of("2024-01", ""), 6);
}

static void test_start_in_the_as_of_month_with_open_end_is_one_month(void **state) {
  assert_int_equal(months_of("2024-06-30", NULL), 1);
}

static void test_end_after_as_of_is_clamped_to_as_of(void **state) {
  sl_period p;
  assert_int_equal(period("2024-01", "2026-12", AS_OF, &p), 0);
  assert_int_equal(p.last, AS_OF);
  assert_int_equal(sl_periods_months(&p, 1), 6);
}

static void test_year_only_end_in_the_as_of_year_is_clamped(void **state) {
  /* "2024" as an end means December 2024, which is after June 2024. */
  assert_int_equal(months_of("2024", "2024"), 6);
}

static void test_start_after_as_of_is_empty_but_readable(void **state) {
  sl_period p;
  assert_int_equal(period("2025-01", "2026-01", AS_OF, &p), 0);
  assert_true(p.first > p.last);
  assert_int_equal(sl_periods_months(&p, 1), 0);
}

static void test_start_after_as_of_with_open_end_is_empty(void **state) {
  sl_period p;
  assert_int_equal(period("2024-07", NULL, AS_OF, &p), 0);
  assert_int_equal(sl_periods_months(&p, 1), 0);
}

static void test_missing_start_is_unreadable(void **state) {
  sl_period p;
  assert_int_equal(period(NULL, "2018-02", AS_OF, &p), SL_EINVAL);
}

static void test_empty_start_is_unreadable(void **state) {
  sl_period p;
  assert_int_equal(period("", "2018-02", AS_OF, &p), SL_EINVAL);
}

static void test_unparsable_start_is_unreadable(void **state) {
  sl_period p;
  assert_int_equal(period("March 2015", "2018-02", AS_OF, &p), SL_EINVAL);
}

static void test_unparsable_end_is_unreadable(void **state) {
  sl_period p;
  assert_int_equal(period("2015-03", "present", AS_OF, &p), SL_EINVAL);
}

static void test_invalid_end_day_is_unreadable(void **state) {
  sl_period p;
  assert_int_equal(period("2015-03", "2019-02-29", AS_OF, &p), SL_EINVAL);
}

static void test_end_before_start_is_unreadable(void **state) {
  sl_period p;
  assert_int_equal(period("2019-05", "2019-04", AS_OF, &p), SL_EINVAL);
  assert_int_equal(period("2019", "2018", AS_OF, &p), SL_EINVAL);
}

static void test_end_before_start_is_unreadable_even_in_the_future(void **state) {
  sl_period p;
  assert_int_equal(period("2031", "2030", AS_OF, &p), SL_EINVAL);
}

static void test_end_day_before_start_day_in_one_month_is_one_month(void **state) {
  /* Days are ignored, so the written end is not before the start. */
  assert_int_equal(months_of("2019-05-20", "2019-05-10"), 1);
}

static void test_unreadable_period_leaves_out_untouched(void **state) {
  sl_period p = {7, 8};
  assert_int_equal(period("2019-05", "2019-04", AS_OF, &p), SL_EINVAL);
  assert_int_equal(p.first, 7);
  assert_int_equal(p.last, 8);
}

/* --- the union of periods ----------------------------------------------- */

static void test_no_periods_cover_no_months(void **state) {
  assert_int_equal(sl_periods_months(NULL, 0), 0);
}

static void test_overlapping_periods_count_once(void **state) {
  static const char *const spans[][2] = {{"2015-01", "2015-12"},
                                         {"2015-07", "2016-06"}};
  assert_int_equal(union_of(spans, 2), 18);
}

static void test_nested_period_counts_once(void **state) {
  static const char *const spans[][2] = {{"2010", "2019"},
                                         {"2012-03", "2013-02"}};
  assert_int_equal(union_of(spans, 2), 120);
}

static void test_identical_periods_count_once(void **state) {
  static const char *const spans[][2] = {{"2015-03", "2018-02"},
                                         {"2015-03", "2018-02"},
                                         {"2015-03", "2018-02"}};
  assert_int_equal(union_of(spans, 3), 36);
}

static void test_periods_sharing_one_month_count_it_once(void **state) {
  static const char *const spans[][2] = {{"2015-01", "2015-06"},
                                         {"2015-06", "2015-12"}};
  assert_int_equal(union_of(spans, 2), 12);
}

static void test_adjacent_periods_add_up(void **state) {
  static const char *const spans[][2] = {{"2015-01", "2015-06"},
                                         {"2015-07", "2015-12"}};
  assert_int_equal(union_of(spans, 2), 12);
}

static void test_periods_with_a_gap_add_up_without_it(void **state) {
  static const char *const spans[][2] = {{"2010-01", "2010-12"},
                                         {"2012-01", "2012-06"}};
  assert_int_equal(union_of(spans, 2), 18);
}

static void test_periods_in_any_order_give_the_same_union(void **state) {
  static const char *const spans[][2] = {{"2020-01", "2020-12"},
                                         {"2010-01", "2010-12"},
                                         {"2015", "2015"},
                                         {"2010-06", "2011-01"}};
  assert_int_equal(union_of(spans, 4), 12 + 1 + 12 + 12);
}

static void test_short_period_after_a_long_one_does_not_shrink_it(void **state) {
  /* The second period starts inside the first and ends before it ends. */
  static const char *const spans[][2] = {{"2010-01", "2012-12"},
                                         {"2011-01", "2011-02"},
                                         {"2012-06", "2013-01"}};
  assert_int_equal(union_of(spans, 3), 37);
}

static void test_open_period_overlapping_a_closed_one_counts_once(void **state) {
  static const char *const spans[][2] = {{"2023-01", NULL},
                                         {"2022-07", "2023-06"}};
  /* July 2022 through June 2024. */
  assert_int_equal(union_of(spans, 2), 24);
}

static void test_empty_periods_in_the_list_add_nothing(void **state) {
  sl_period p[3] = {{10, 20}, {30, 5}, {21, 21}};
  assert_int_equal(sl_periods_months(p, 3), 12);
}

static void test_many_periods_merge_into_one_run(void **state) {
  /* 300 overlapping two-month periods, in reverse order: months 0-300. */
  sl_period p[300];
  for (int i = 0; i < 300; i++) p[i] = (sl_period){299 - i, 300 - i};
  assert_int_equal(sl_periods_months(p, 300), 301);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_year_only_parses_with_no_month_or_day),
      cmocka_unit_test(test_year_and_month_parse_with_no_day),
      cmocka_unit_test(test_full_date_parses_all_three_fields),
      cmocka_unit_test(test_leap_day_2020_02_29_is_valid),
      cmocka_unit_test(test_leap_day_2019_02_29_is_invalid),
      cmocka_unit_test(test_leap_day_in_2000_is_valid_as_a_400th_year),
      cmocka_unit_test(test_leap_day_in_1900_is_invalid_as_a_century),
      cmocka_unit_test(test_february_30_is_invalid_even_in_a_leap_year),
      cmocka_unit_test(test_month_00_is_invalid),
      cmocka_unit_test(test_month_13_is_invalid),
      cmocka_unit_test(test_month_13_is_invalid_in_a_full_date),
      cmocka_unit_test(test_day_00_is_invalid),
      cmocka_unit_test(test_day_32_is_invalid),
      cmocka_unit_test(test_day_31_of_a_30_day_month_is_invalid),
      cmocka_unit_test(test_day_31_of_a_31_day_month_is_valid),
      cmocka_unit_test(test_two_digit_year_is_invalid),
      cmocka_unit_test(test_five_digit_year_is_invalid),
      cmocka_unit_test(test_single_digit_month_or_day_is_invalid),
      cmocka_unit_test(test_surrounding_spaces_are_invalid),
      cmocka_unit_test(test_other_separators_are_invalid),
      cmocka_unit_test(test_trailing_text_is_invalid),
      cmocka_unit_test(test_signs_and_letters_are_invalid),
      cmocka_unit_test(test_empty_string_is_invalid),
      cmocka_unit_test(test_embedded_nul_is_invalid),
      cmocka_unit_test(test_length_is_respected_without_a_terminator),
      cmocka_unit_test(test_null_string_is_invalid),
      cmocka_unit_test(test_failed_parse_leaves_out_untouched),
      cmocka_unit_test(test_days_in_month_follow_the_gregorian_calendar),
      cmocka_unit_test(test_absolute_month_is_year_times_12_plus_month_less_1),
      cmocka_unit_test(test_year_only_start_means_january),
      cmocka_unit_test(test_year_only_end_means_december),
      cmocka_unit_test(test_month_of_a_full_date_is_its_month_either_way),
      cmocka_unit_test(test_march_2015_to_february_2018_is_36_months),
      cmocka_unit_test(test_year_only_start_and_end_2019_is_12_months),
      cmocka_unit_test(test_year_only_span_covers_both_whole_years),
      cmocka_unit_test(test_same_month_start_and_end_is_one_month),
      cmocka_unit_test(test_day_of_a_full_date_is_ignored),
      cmocka_unit_test(test_month_start_with_year_only_end_runs_to_december),
      cmocka_unit_test(test_year_only_start_with_month_end_runs_from_january),
      cmocka_unit_test(test_open_end_runs_through_the_as_of_month),
      cmocka_unit_test(test_empty_end_runs_through_the_as_of_month),
      cmocka_unit_test(test_start_in_the_as_of_month_with_open_end_is_one_month),
      cmocka_unit_test(test_end_after_as_of_is_clamped_to_as_of),
      cmocka_unit_test(test_year_only_end_in_the_as_of_year_is_clamped),
      cmocka_unit_test(test_start_after_as_of_is_empty_but_readable),
      cmocka_unit_test(test_start_after_as_of_with_open_end_is_empty),
      cmocka_unit_test(test_missing_start_is_unreadable),
      cmocka_unit_test(test_empty_start_is_unreadable),
      cmocka_unit_test(test_unparsable_start_is_unreadable),
      cmocka_unit_test(test_unparsable_end_is_unreadable),
      cmocka_unit_test(test_invalid_end_day_is_unreadable),
      cmocka_unit_test(test_end_before_start_is_unreadable),
      cmocka_unit_test(test_end_before_start_is_unreadable_even_in_the_future),
      cmocka_unit_test(test_end_day_before_start_day_in_one_month_is_one_month),
      cmocka_unit_test(test_unreadable_period_leaves_out_untouched),
      cmocka_unit_test(test_no_periods_cover_no_months),
      cmocka_unit_test(test_overlapping_periods_count_once),
      cmocka_unit_test(test_nested_period_counts_once),
      cmocka_unit_test(test_identical_periods_count_once),
      cmocka_unit_test(test_periods_sharing_one_month_count_it_once),
      cmocka_unit_test(test_adjacent_periods_add_up),
      cmocka_unit_test(test_periods_with_a_gap_add_up_without_it),
      cmocka_unit_test(test_periods_in_any_order_give_the_same_union),
      cmocka_unit_test(test_short_period_after_a_long_one_does_not_shrink_it),
      cmocka_unit_test(test_open_period_overlapping_a_closed_one_counts_once),
      cmocka_unit_test(test_empty_periods_in_the_list_add_nothing),
      cmocka_unit_test(test_many_periods_merge_into_one_run),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
