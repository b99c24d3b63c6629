/*
 * test_match.c - whole-word, case-insensitive matching behind sl.matches
 * (core/match.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "match.h"

static bool m(const char *text, const char *word) {
  return sl_match_word(text, strlen(text), word, strlen(word));
}

static void test_word_matches_inside_a_phrase(void **state) {
  assert_true(m("VP of Sales", "vp"));
  assert_true(m("VP of Sales", "of"));
  assert_true(m("VP of Sales", "sales"));
}

static void test_phrase_matches_as_a_whole(void **state) {
  assert_true(m("VP of Sales", "vp of sales"));
  assert_true(m("Senior Account Executive, EMEA", "account executive"));
}

static void test_word_at_the_end_of_a_longer_word_does_not_match(void **state) {
  assert_false(m("MVP", "vp"));
  assert_false(m("presales", "sales"));
}

static void test_word_at_the_start_of_a_longer_word_does_not_match(void **state) {
  assert_false(m("salesforce admin", "sales"));
}

static void test_word_inside_a_longer_word_does_not_match(void **state) {
  assert_false(m("wholesalers", "sales"));
}

static void test_hyphen_is_a_word_boundary(void **state) {
  assert_true(m("Sales-Director", "sales"));
  assert_true(m("Sales-Director", "director"));
}

static void test_underscore_is_a_word_boundary(void **state) {
  assert_true(m("head_of_sales", "sales"));
}

static void test_punctuation_is_a_word_boundary(void **state) {
  assert_true(m("(sales)", "sales"));
  assert_true(m("marketing, sales.", "sales"));
  assert_true(m("sales/marketing", "sales"));
  assert_true(m("\"sales\"", "sales"));
}

static void test_word_matches_at_the_start_of_the_text(void **state) {
  assert_true(m("sales director", "sales"));
}

static void test_word_matches_at_the_end_of_the_text(void **state) {
  assert_true(m("director of sales", "sales"));
}

static void test_word_matches_the_whole_text(void **state) {
  assert_true(m("sales", "sales"));
}

static void test_case_is_ignored_on_both_sides(void **state) {
  assert_true(m("SALES DIRECTOR", "sales"));
  assert_true(m("sales director", "SaLeS"));
  assert_true(m("Account EXECUTIVE", "account Executive"));
}

static void test_digits_are_word_characters(void **state) {
  assert_false(m("sales2", "sales"));
  assert_false(m("b2b", "b2"));
  assert_true(m("b2b sales", "b2b"));
  assert_true(m("10 years", "10"));
}

static void test_utf8_letter_before_the_word_blocks_the_match(void **state) {
  assert_false(m("\xc3\xa9sales", "sales")); /* ésales */
}

static void test_utf8_letter_after_the_word_blocks_the_match(void **state) {
  assert_false(m("sales\xc3\xa9", "sales")); /* salesé */
}

static void test_utf8_word_next_to_a_space_still_matches(void **state) {
  assert_true(m("caf\xc3\xa9 sales", "sales"));         /* café sales */
  assert_true(m("sales caf\xc3\xa9", "caf\xc3\xa9"));   /* UTF-8 word */
  assert_true(m("Vertriebsleiter M\xc3\xbcnchen", "m\xc3\xbcnchen"));
}

static void test_non_ascii_letters_are_not_case_folded(void **state) {
  /* Folding is ASCII only: É (C3 89) and é (C3 A9) differ. */
  assert_false(m("\xc3\x89quipe", "\xc3\xa9quipe"));
}

static void test_empty_word_never_matches(void **state) {
  assert_false(m("sales", ""));
  assert_false(m("", ""));
}

static void test_whitespace_only_word_never_matches(void **state) {
  assert_false(m("vp of sales", " "));
  assert_false(m("vp of sales", " \t "));
}

static void test_empty_text_never_matches(void **state) {
  assert_false(m("", "sales"));
}

static void test_whitespace_around_the_word_is_ignored(void **state) {
  assert_true(m("vp of sales", " sales "));
  assert_false(m("presales", " sales"));
}

static void test_whitespace_run_in_text_matches_one_space_in_word(void **state) {
  assert_true(m("account  executive", "account executive"));
  assert_true(m("account   \t executive", "account executive"));
}

static void test_tab_and_newline_in_text_match_a_space_in_word(void **state) {
  assert_true(m("account\texecutive", "account executive"));
  assert_true(m("account\r\nexecutive", "account executive"));
}

static void test_whitespace_run_in_word_matches_one_space_in_text(void **state) {
  assert_true(m("account executive", "account  executive"));
  assert_true(m("vp of sales", "vp   of\tsales"));
}

static void test_phrase_needs_whitespace_where_the_word_has_it(void **state) {
  assert_false(m("accountexecutive", "account executive"));
  assert_false(m("account-executive", "account executive"));
}

static void test_phrase_cut_inside_a_word_does_not_match(void **state) {
  assert_false(m("account executive", "account exec"));
  assert_false(m("key account executive", "y account executive"));
}

static void test_later_occurrence_matches_after_an_earlier_miss(void **state) {
  assert_true(m("salesforce and sales", "sales"));
  assert_true(m("presales, sales", "sales"));
  assert_true(m("account manager, account executive", "account executive"));
}

static void test_word_with_punctuation_matches_literally(void **state) {
  assert_true(m("C++ developer", "c++"));
  assert_true(m("Co-Founder & CEO", "co-founder"));
  assert_false(m("cofounder", "co-founder"));
}

static void test_word_longer_than_the_text_does_not_match(void **state) {
  assert_false(m("vp", "vp of sales"));
}

static void test_text_length_is_respected_without_a_terminator(void **state) {
  /* Only "sales" of "salesperson" is given, so its end is a boundary. */
  assert_true(sl_match_word("salesperson", 5, "sales", 5));
  assert_false(sl_match_word("sales", 4, "sales", 5));
}

static void test_nul_byte_in_text_is_a_boundary(void **state) {
  assert_true(sl_match_word("x\0sales\0y", 9, "sales", 5));
}

static void test_null_pointers_never_match(void **state) {
  assert_false(sl_match_word(NULL, 0, "sales", 5));
  assert_false(sl_match_word("sales", 5, NULL, 0));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_word_matches_inside_a_phrase),
      cmocka_unit_test(test_phrase_matches_as_a_whole),
      cmocka_unit_test(test_word_at_the_end_of_a_longer_word_does_not_match),
      cmocka_unit_test(test_word_at_the_start_of_a_longer_word_does_not_match),
      cmocka_unit_test(test_word_inside_a_longer_word_does_not_match),
      cmocka_unit_test(test_hyphen_is_a_word_boundary),
      cmocka_unit_test(test_underscore_is_a_word_boundary),
      cmocka_unit_test(test_punctuation_is_a_word_boundary),
      cmocka_unit_test(test_word_matches_at_the_start_of_the_text),
      cmocka_unit_test(test_word_matches_at_the_end_of_the_text),
      cmocka_unit_test(test_word_matches_the_whole_text),
      cmocka_unit_test(test_case_is_ignored_on_both_sides),
      cmocka_unit_test(test_digits_are_word_characters),
      cmocka_unit_test(test_utf8_letter_before_the_word_blocks_the_match),
      cmocka_unit_test(test_utf8_letter_after_the_word_blocks_the_match),
      cmocka_unit_test(test_utf8_word_next_to_a_space_still_matches),
      cmocka_unit_test(test_non_ascii_letters_are_not_case_folded),
      cmocka_unit_test(test_empty_word_never_matches),
      cmocka_unit_test(test_whitespace_only_word_never_matches),
      cmocka_unit_test(test_empty_text_never_matches),
      cmocka_unit_test(test_whitespace_around_the_word_is_ignored),
      cmocka_unit_test(test_whitespace_run_in_text_matches_one_space_in_word),
      cmocka_unit_test(test_tab_and_newline_in_text_match_a_space_in_word),
      cmocka_unit_test(test_whitespace_run_in_word_matches_one_space_in_text),
      cmocka_unit_test(test_phrase_needs_whitespace_where_the_word_has_it),
      cmocka_unit_test(test_phrase_cut_inside_a_word_does_not_match),
      cmocka_unit_test(test_later_occurrence_matches_after_an_earlier_miss),
      cmocka_unit_test(test_word_with_punctuation_matches_literally),
      cmocka_unit_test(test_word_longer_than_the_text_does_not_match),
      cmocka_unit_test(test_text_length_is_respected_without_a_terminator),
      cmocka_unit_test(test_nul_byte_in_text_is_a_boundary),
      cmocka_unit_test(test_null_pointers_never_match),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
