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

static void test_latin1_letters_are_case_folded(void **state) {
  /* À..Þ (C3 80..9E) read as à..þ (C3 A0..BE), either side. */
  assert_true(m("\xc3\x89quipe", "\xc3\xa9quipe"));                 /* Équipe, équipe */
  assert_true(m("GESCH\xc3\x84" "FTSF\xc3\x9c" "HRER", "gesch\xc3\xa4" "ftsf\xc3\xbc" "hrer"));
  assert_true(m("pr\xc3\xa9sident", "PR\xc3\x89SIDENT"));
  /* × (C3 97) and ÷ (C3 B7) are not a letter pair; ß (C3 9F) has no upper case here. */
  assert_false(m("\xc3\x97", "\xc3\xb7"));
  assert_false(m("\xc3\x9f", "\xc3\xbf"));
  /* A byte 0x89 after another lead byte is not É's: Ή (CE 89) is not ή-like é. */
  assert_false(m("\xce\x89", "\xce\xa9"));
}

static void test_other_scripts_are_not_case_folded(void **state) {
  /* Greek and Cyrillic compare as they are: Σ (CE A3) and σ (CF 83) differ. */
  assert_false(m("\xce\xa3", "\xcf\x83"));
  assert_false(m("\xd0\x94", "\xd0\xb4")); /* Д, д */
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

/* --- compiled word lists (sl_wordset) ------------------------------------ */

/* What sl.matches did before word lists were compiled: the first word, in
 * list order, that matches any of the texts; n when none does. */
static size_t naive_first(const char *const *texts, const size_t *tlens,
                          size_t ntexts, const sl_span *words, size_t n) {
  for (size_t w = 0; w < n; w++)
    for (size_t t = 0; t < ntexts; t++)
      if (sl_match_word(texts[t], tlens[t], words[w].ptr, words[w].len))
        return w;
  return n;
}

/* The compiled way, chaining the limit over the texts as helpers.c does. */
static size_t compiled_first(const sl_wordset *ws, const char *const *texts,
                             const size_t *tlens, size_t ntexts) {
  size_t best = sl_wordset_count(ws);
  for (size_t t = 0; t < ntexts && best > 0; t++)
    best = sl_wordset_first(ws, texts[t], tlens[t], best);
  return best;
}

/* Index of the first word of the NULL-terminated list matching text, by
 * the compiled set; the list's length when none. */
static size_t first_of(const char *text, const char *const *list) {
  sl_span spans[32] = {{NULL, 0}};
  size_t n = 0, r;
  sl_wordset *ws;
  while (list[n] != NULL) {
    assert_true(n < 32);
    spans[n].ptr = list[n];
    spans[n].len = strlen(list[n]);
    n++;
  }
  ws = sl_wordset_new(spans, n);
  assert_non_null(ws);
  assert_int_equal(sl_wordset_count(ws), n);
  r = sl_wordset_first(ws, text, strlen(text), n);
  /* Whatever the compiled set says, the plain loop must say too. */
  assert_int_equal(r, naive_first(&text, (size_t[]){strlen(text)}, 1, spans, n));
  sl_wordset_free(ws);
  return r;
}

#define LIST(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_wordset_reports_the_first_word_of_the_list(void **state) {
  /* "vp" occurs first in the text, but "sales" comes first in the list. */
  assert_int_equal(first_of("VP of Sales", LIST("x", "sales", "vp")), 1);
  assert_int_equal(first_of("VP of Sales", LIST("vp of sales", "vp")), 0);
  assert_int_equal(first_of("VP of Sales", LIST("vp", "vp of sales")), 0);
  /* Same first byte, same bucket: list order still decides. */
  assert_int_equal(first_of("sales and services", LIST("services", "sales")), 0);
  assert_int_equal(first_of("sales and services", LIST("sales", "services")), 0);
}

static void test_wordset_with_no_match_returns_the_count(void **state) {
  assert_int_equal(first_of("MVP", LIST("vp", "sales")), 2);
  assert_int_equal(first_of("", LIST("vp")), 1);
  assert_int_equal(first_of("presales wholesalers", LIST("sales")), 1);
}

static void test_wordset_keeps_the_rules_of_sl_match_word(void **state) {
  assert_int_equal(first_of("Sales-Director", LIST("director")), 0);
  assert_int_equal(first_of("SALES", LIST("Sales")), 0);
  assert_int_equal(first_of("account \t executive", LIST("account   executive")), 0);
  assert_int_equal(first_of("account-executive", LIST("account executive")), 1);
  assert_int_equal(first_of("C++ developer", LIST("c#", "c++")), 1);
  assert_int_equal(first_of("C++ developer", LIST("c", "c++")), 0); /* '+' ends "c" */
  assert_int_equal(first_of("\xc3\xa9sales", LIST("sales")), 1);
  assert_int_equal(first_of("caf\xc3\xa9 sales", LIST("caf\xc3\xa9")), 0);
  assert_int_equal(first_of("\xc3\x89quipe", LIST("\xc3\xa9quipe")), 0);
  assert_int_equal(first_of("DIRECTEUR G\xc3\x89N\xc3\x89RAL", LIST("x", "directeur g\xc3\xa9n\xc3\xa9ral")), 1);
  assert_int_equal(first_of("vp", LIST("vp of sales", "v")), 2);
  /* The word's whitespace run is longer than the text's, at its end. */
  assert_int_equal(first_of("vp of sales", LIST("x", "of   \tsales")), 1);
}

static void test_wordset_skips_empty_and_blank_words(void **state) {
  assert_int_equal(first_of("sales", LIST("", " ", "\t\n", "sales")), 3);
  assert_int_equal(first_of("vp of sales", LIST(" ")), 1);
}

static void test_wordset_trims_the_words(void **state) {
  assert_int_equal(first_of("vp of sales", LIST("  sales\t")), 0);
  assert_int_equal(first_of("presales", LIST(" sales")), 1);
}

static void test_wordset_respects_the_limit(void **state) {
  sl_span w[] = {{"vp", 2}, {"sales", 5}};
  sl_wordset *ws = sl_wordset_new(w, 2);
  assert_non_null(ws);
  assert_int_equal(sl_wordset_first(ws, "sales", 5, 2), 1);
  assert_int_equal(sl_wordset_first(ws, "sales", 5, 1), 1);  /* none below 1 */
  assert_int_equal(sl_wordset_first(ws, "vp sales", 8, 1), 0);
  assert_int_equal(sl_wordset_first(ws, "vp sales", 8, 0), 0);
  sl_wordset_free(ws);
}

static void test_wordset_over_several_texts_finds_the_first_word_of_all(void **state) {
  const char *texts[] = {"Senior Engineer", "VP of Sales", "Sales Director"};
  size_t lens[] = {15, 11, 14};
  sl_span w[] = {{"director", 8}, {"vp", 2}, {"engineer", 8}};
  sl_wordset *ws = sl_wordset_new(w, 3);
  assert_non_null(ws);
  /* "engineer" is in the first text, but "director" is first in the list. */
  assert_int_equal(compiled_first(ws, texts, lens, 3), 0);
  assert_int_equal(compiled_first(ws, texts, lens, 2), 1);
  assert_int_equal(compiled_first(ws, texts, lens, 1), 2);
  assert_int_equal(compiled_first(ws, texts, lens, 0), 3);
  sl_wordset_free(ws);
}

static void test_wordset_of_no_words_matches_nothing(void **state) {
  sl_wordset *ws = sl_wordset_new(NULL, 0);
  assert_non_null(ws);
  assert_int_equal(sl_wordset_count(ws), 0);
  assert_int_equal(sl_wordset_first(ws, "sales", 5, 0), 0);
  sl_wordset_free(ws);
  sl_wordset_free(NULL);
}

static void test_wordset_takes_null_words_as_empty(void **state) {
  sl_span w[] = {{NULL, 3}, {"sales", 5}};
  sl_wordset *ws = sl_wordset_new(w, 2);
  assert_non_null(ws);
  assert_int_equal(sl_wordset_first(ws, "sales", 5, 2), 1);
  assert_int_equal(sl_wordset_first(ws, NULL, 0, 2), 2);
  sl_wordset_free(ws);
}

static void test_wordset_copies_the_words(void **state) {
  char word[] = "sales";
  sl_span w[] = {{word, 5}};
  sl_wordset *ws = sl_wordset_new(w, 1);
  assert_non_null(ws);
  memcpy(word, "xxxxx", 5);
  assert_int_equal(sl_wordset_first(ws, "VP Sales", 8, 1), 0);
  sl_wordset_free(ws);
}

/* --- randomized comparison with the plain loop ------------------------------ */

static uint64_t rng_state;

static uint32_t rnd(uint32_t n) {
  /* xorshift64*: deterministic, the same cases on every machine. */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return (uint32_t)((rng_state * UINT64_C(2685821657736338717)) >> 33) % n;
}

/* Pieces texts and words are made of: few letters, so words recur; case
 * variants, whitespace of every kind, boundaries, digits, UTF-8 bytes, a
 * NUL. */
static const char *const pieces[] = {
    "a", "A", "b", "B", "ab", "Ab", "ba", "sales", "SALES", "vp", " ", " ",
    "  ", "\t", "\n", "\r\n", "-", "_", ".", "+", "/", "1", "2", "b2b",
    "\xc3\xa9", "\xc3\x89", "\xe2\x82\xac", "\x80", "\xff", "\0"};
#define NPIECES (sizeof pieces / sizeof pieces[0])

/* Appends random pieces to buf (up to cap bytes); returns the new length. */
static size_t random_bytes(char *buf, size_t len, size_t cap, int npieces) {
  for (int k = 0; k < npieces; k++) {
    size_t i = rnd(NPIECES);
    /* The NUL piece is one byte; the others are C strings. */
    size_t plen = pieces[i][0] == '\0' ? 1 : strlen(pieces[i]);
    if (len + plen > cap) break;
    memcpy(buf + len, pieces[i], plen);
    len += plen;
  }
  return len;
}

/* Flips the case of some ASCII letters. */
static void shuffle_case(char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') && rnd(3) == 0)
      s[i] ^= 0x20;
}

/* Widens or narrows some whitespace runs of s (len bytes, room for cap):
 * a run of the word and one of the text stand for one another. */
static size_t reshape_spaces(char *s, size_t len, size_t cap) {
  static const char ws[] = " \t\n\r\f\v";
  for (size_t i = 0; i < len; i++) {
    if (strchr(ws, s[i]) == NULL || s[i] == '\0') continue;
    if (rnd(2) == 0 && len < cap) { /* one more */
      memmove(s + i + 1, s + i, len - i);
      s[i] = ws[rnd(sizeof ws - 1)];
      len++;
      i++;
    } else if (rnd(2) == 0 && i + 1 < len && strchr(ws, s[i + 1]) &&
               s[i + 1] != '\0') { /* one fewer */
      memmove(s + i, s + i + 1, len - i - 1);
      len--;
    }
  }
  return len;
}

/* A random word into buf: often a piece of one of the texts (so that it
 * matches now and then), else random pieces; padded with whitespace at
 * times, sometimes empty. */
static size_t random_word(char *buf, size_t cap, char texts[][96],
                          const size_t *tlens, size_t ntexts) {
  size_t len = 0;
  if (rnd(4) == 0) len = random_bytes(buf, len, cap, (int)rnd(2));
  if (rnd(3) != 0 && ntexts > 0) {
    size_t t = rnd((uint32_t)ntexts), from, n;
    if (tlens[t] > 0) {
      from = rnd((uint32_t)tlens[t]);
      n = 1 + rnd((uint32_t)(tlens[t] - from));
      if (n > cap - len) n = cap - len;
      memcpy(buf + len, texts[t] + from, n);
      len += n;
    }
  } else {
    len = random_bytes(buf, len, cap, 1 + (int)rnd(4));
  }
  if (rnd(4) == 0) len = random_bytes(buf, len, cap, (int)rnd(2));
  if (rnd(3) == 0) len = reshape_spaces(buf, len, cap);
  shuffle_case(buf, len);
  return len;
}

static void test_wordset_agrees_with_sl_match_word_on_random_cases(void **state) {
  enum { CASES = 20000, MAX_TEXTS = 4, MAX_WORDS = 14 };
  size_t hits = 0, misses = 0;
  rng_state = UINT64_C(0x5EED5EED12345678);

  for (int c = 0; c < CASES; c++) {
    char texts[MAX_TEXTS][96], words[MAX_WORDS][40];
    const char *tptr[MAX_TEXTS];
    size_t tlens[MAX_TEXTS], ntexts = 1 + rnd(MAX_TEXTS), nwords = rnd(MAX_WORDS + 1);
    sl_span spans[MAX_WORDS];
    sl_wordset *ws;
    size_t want, got;

    for (size_t t = 0; t < ntexts; t++) {
      tlens[t] = random_bytes(texts[t], 0, sizeof texts[t], (int)rnd(24));
      tptr[t] = texts[t];
    }
    for (size_t w = 0; w < nwords; w++) {
      spans[w].ptr = words[w];
      spans[w].len = random_word(words[w], sizeof words[w], texts, tlens, ntexts);
    }
    ws = sl_wordset_new(spans, nwords);
    assert_non_null(ws);

    want = naive_first(tptr, tlens, ntexts, spans, nwords);
    got = compiled_first(ws, tptr, tlens, ntexts);
    if (got != want)
      fail_msg("case %d: compiled %zu, plain loop %zu (%zu words, %zu texts)", c,
               got, want, nwords, ntexts);
    /* Each text alone, and under a random limit. */
    for (size_t t = 0; t < ntexts; t++) {
      size_t one = naive_first(&tptr[t], &tlens[t], 1, spans, nwords);
      size_t limit = rnd((uint32_t)nwords + 2);
      /* one == nwords means no match at all: then the limit comes back. */
      size_t capped = one < nwords && one < limit ? one : limit;
      assert_int_equal(sl_wordset_first(ws, tptr[t], tlens[t], nwords), one);
      assert_int_equal(sl_wordset_first(ws, tptr[t], tlens[t], limit), capped);
    }
    if (want < nwords) hits++;
    else misses++;
    sl_wordset_free(ws);
  }
  /* The generator must give both outcomes plenty of times, or the
   * comparison above proves little. */
  print_message("random cases: %zu matched, %zu did not\n", hits, misses);
  assert_true(hits > CASES / 5);
  assert_true(misses > CASES / 5);
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
      cmocka_unit_test(test_latin1_letters_are_case_folded),
      cmocka_unit_test(test_other_scripts_are_not_case_folded),
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
      cmocka_unit_test(test_wordset_reports_the_first_word_of_the_list),
      cmocka_unit_test(test_wordset_with_no_match_returns_the_count),
      cmocka_unit_test(test_wordset_keeps_the_rules_of_sl_match_word),
      cmocka_unit_test(test_wordset_skips_empty_and_blank_words),
      cmocka_unit_test(test_wordset_trims_the_words),
      cmocka_unit_test(test_wordset_respects_the_limit),
      cmocka_unit_test(test_wordset_over_several_texts_finds_the_first_word_of_all),
      cmocka_unit_test(test_wordset_of_no_words_matches_nothing),
      cmocka_unit_test(test_wordset_takes_null_words_as_empty),
      cmocka_unit_test(test_wordset_copies_the_words),
      cmocka_unit_test(test_wordset_agrees_with_sl_match_word_on_random_cases),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
