/*
 * test_buf.c - the growable buffer and the output escaping of core/buf.c:
 * JSON strings (quotes, backslashes, control characters as \u00XX, invalid
 * UTF-8 as U+FFFD), terminal-safe text, numbers as JSON and people read
 * them. Whatever bytes come in, what comes out must be valid UTF-8 and, for
 * JSON, a valid string literal.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"

/* ---- helpers ---- */

/* sl_buf_json_str(s, n) as a NUL-terminated string; caller frees. */
static char *json(const char *s, size_t n) {
  sl_buf b = SL_BUF_INIT;
  assert_int_equal(sl_buf_json_str(&b, s, n), 0);
  char *out = strdup(sl_buf_cstr(&b));
  sl_buf_free(&b);
  return out;
}

static void assert_json(const char *in, size_t n, const char *want) {
  char *got = json(in, n);
  if (strcmp(got, want) != 0) fail_msg("escaped to \"%s\", expected \"%s\"", got, want);
  free(got);
}

#define ASSERT_JSON(lit, want) assert_json((lit), sizeof(lit) - 1, (want))

static void assert_text(const char *in, size_t n, const char *want) {
  sl_buf b = SL_BUF_INIT;
  assert_int_equal(sl_buf_text(&b, in, n), 0);
  const char *got = sl_buf_cstr(&b);
  if (strcmp(got, want) != 0) fail_msg("text became \"%s\", expected \"%s\"", got, want);
  sl_buf_free(&b);
}

#define ASSERT_TEXT(lit, want) assert_text((lit), sizeof(lit) - 1, (want))

static void assert_num(double v, const char *want) {
  sl_buf b = SL_BUF_INIT;
  assert_int_equal(sl_buf_json_num(&b, v), 0);
  const char *got = sl_buf_cstr(&b);
  if (strcmp(got, want) != 0) fail_msg("%.17g printed as \"%s\", expected \"%s\"", v, got, want);
  sl_buf_free(&b);
}

/* A strict UTF-8 check written independently of sl_utf8_seq. */
static int valid_utf8(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    size_t len;
    unsigned cp;
    if (c < 0x80) { i++; continue; }
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return 0;
    if (i + len > n) return 0;
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return 0;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    i += len;
  }
  return 1;
}

/* A JSON string literal: quoted, no raw control character, every backslash
 * starting a valid escape. */
static int valid_json_string(const char *s, size_t n) {
  if (n < 2 || s[0] != '"' || s[n - 1] != '"') return 0;
  for (size_t i = 1; i + 1 < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == '"') return 0;
    if (c == '\\') {
      char e = s[++i];
      if (e == 'u') {
        for (int k = 1; k <= 4; k++) {
          if (i + k + 1 >= n || !strchr("0123456789abcdefABCDEF", s[i + k])) return 0;
        }
        i += 4;
      } else if (!strchr("\"\\/bfnrt", e)) {
        return 0;
      }
    }
  }
  return 1;
}

/* ---- the buffer ---- */

static void buffer_grows_and_keeps_what_was_put(void **state) {
  sl_buf b = SL_BUF_INIT;
  for (int i = 0; i < 10000; i++) assert_int_equal(sl_buf_putc(&b, (char)('a' + i % 26)), 0);
  assert_int_equal(b.len, 10000);
  assert_true(b.cap > b.len); /* room for a NUL is always kept */
  for (int i = 0; i < 10000; i++) assert_int_equal(b.data[i], 'a' + i % 26);
  assert_int_equal(sl_buf_puts(&b, "xyz"), 0);
  assert_int_equal(sl_buf_put(&b, "\0\1", 2), 0); /* bytes, NUL included */
  assert_int_equal(b.len, 10005);
  assert_memory_equal(b.data + 10000, "xyz\0\1", 5);
  assert_int_equal(sl_buf_put(&b, NULL, 0), 0);
  assert_int_equal(b.len, 10005);
  sl_buf_free(&b);
  assert_null(b.data);
  assert_int_equal(b.len, 0);
  assert_int_equal(b.cap, 0);
}

static void buffer_printf_formats_short_and_long_text(void **state) {
  sl_buf b = SL_BUF_INIT;
  assert_int_equal(sl_buf_printf(&b, "%d-%s", 42, "x"), 0);
  assert_string_equal(sl_buf_cstr(&b), "42-x");
  char big[1000];
  memset(big, 'q', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  assert_int_equal(sl_buf_printf(&b, "[%s]", big), 0); /* past the 256-byte fast path */
  assert_int_equal(b.len, 4 + 2 + 999);
  assert_int_equal(b.data[4], '[');
  assert_int_equal(b.data[5 + 999], ']');
  assert_int_equal(strlen(sl_buf_cstr(&b)), b.len);
  sl_buf_free(&b);
}

static void buffer_reset_keeps_memory_for_reuse(void **state) {
  sl_buf b = SL_BUF_INIT;
  assert_int_equal(sl_buf_puts(&b, "hello"), 0);
  char *data = b.data;
  size_t cap = b.cap;
  sl_buf_reset(&b);
  assert_int_equal(b.len, 0);
  assert_ptr_equal(b.data, data);
  assert_int_equal(b.cap, cap);
  assert_string_equal(sl_buf_cstr(&b), "");
  assert_int_equal(sl_buf_reserve(&b, 1 << 20), 0);
  assert_true(b.cap > (size_t)1 << 20);
  sl_buf_free(&b);
}

static void cstr_terminates_without_counting_the_nul(void **state) {
  sl_buf b = SL_BUF_INIT;
  assert_string_equal(sl_buf_cstr(&b), ""); /* an empty buffer gets memory */
  assert_int_equal(b.len, 0);
  sl_buf_puts(&b, "abc");
  assert_string_equal(sl_buf_cstr(&b), "abc");
  assert_int_equal(b.len, 3);
  sl_buf_free(&b);
}

/* ---- JSON strings ---- */

static void json_plain_ascii_is_only_quoted(void **state) {
  ASSERT_JSON("", "\"\"");
  ASSERT_JSON("hello, world 123 ~!@#$%^&*()_+-=[]{}|;':,./<>?", "\"hello, world 123 ~!@#$%^&*()_+-=[]{}|;':,./<>?\"");
  ASSERT_JSON("/", "\"/\""); /* a slash needs no escape */
  ASSERT_JSON("\x7f", "\"\x7f\""); /* DEL is not a JSON control character */
}

static void json_escapes_quotes_and_backslashes(void **state) {
  ASSERT_JSON("say \"hi\"", "\"say \\\"hi\\\"\"");
  ASSERT_JSON("C:\\dir\\", "\"C:\\\\dir\\\\\"");
  ASSERT_JSON("\\\"", "\"\\\\\\\"\"");
}

static void json_uses_short_escapes_where_json_has_them(void **state) {
  ASSERT_JSON("a\nb\rc\td\be\ff", "\"a\\nb\\rc\\td\\be\\ff\"");
}

static void json_escapes_other_control_characters_as_u00xx(void **state) {
  ASSERT_JSON("\x01", "\"\\u0001\"");
  ASSERT_JSON("\x07\x1b\x1f", "\"\\u0007\\u001b\\u001f\"");
  ASSERT_JSON("\x0b", "\"\\u000b\"");
  ASSERT_JSON("a\0b", "\"a\\u0000b\""); /* NUL inside: the length counts, not strlen */
  /* every control character, one by one */
  for (int c = 0; c < 0x20; c++) {
    char in = (char)c;
    char *got = json(&in, 1);
    assert_true(valid_json_string(got, strlen(got)));
    assert_int_equal(got[1], '\\');
    free(got);
  }
}

static void json_keeps_valid_utf8(void **state) {
  ASSERT_JSON("Zo\xc3\xab", "\"Zo\xc3\xab\"");                     /* U+00EB, 2 bytes */
  ASSERT_JSON("\xe2\x82\xac", "\"\xe2\x82\xac\"");                 /* U+20AC, 3 bytes */
  ASSERT_JSON("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");         /* U+1F600, 4 bytes */
  ASSERT_JSON("\xc2\xa0", "\"\xc2\xa0\"");                         /* U+00A0, after the C1 controls */
  ASSERT_JSON("\xef\xbf\xbf", "\"\xef\xbf\xbf\"");                 /* U+FFFF */
  ASSERT_JSON("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"");         /* U+10FFFF, the last */
  ASSERT_JSON("\xed\x9f\xbf", "\"\xed\x9f\xbf\"");                 /* U+D7FF, before surrogates */
  ASSERT_JSON("\xee\x80\x80", "\"\xee\x80\x80\"");                 /* U+E000, after them */
}

/* What splits lines for someone (JavaScript before ES2019, Python's
 * splitlines()) is escaped: U+2028, U+2029 and the C1 controls. */
static void json_escapes_line_ends_other_than_newline(void **state) {
  ASSERT_JSON("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", "\"a\\u2028b\\u2029c\"");
  ASSERT_JSON("\xc2\x80\xc2\x85\xc2\x9b\xc2\x9f", "\"\\u0080\\u0085\\u009b\\u009f\"");
  ASSERT_JSON("\xe2\x80\xa7\xe2\x80\xaa", "\"\xe2\x80\xa7\xe2\x80\xaa\""); /* U+2027, U+202A: kept */
}

#define FFFD "\xef\xbf\xbd"

static void json_replaces_stray_bytes_with_fffd(void **state) {
  ASSERT_JSON("a\xff" "b", "\"a" FFFD "b\"");
  ASSERT_JSON("\xfe", "\"" FFFD "\"");
  ASSERT_JSON("\x80", "\"" FFFD "\"");           /* a continuation byte alone */
  ASSERT_JSON("\xbf\xbf", "\"" FFFD FFFD "\"");
  ASSERT_JSON("\xf5\x80\x80\x80", "\"" FFFD FFFD FFFD FFFD "\""); /* F5.. start nothing */
}

static void json_replaces_overlong_encodings(void **state) {
  ASSERT_JSON("\xc0\xaf", "\"" FFFD FFFD "\"");                 /* '/' in 2 bytes */
  ASSERT_JSON("\xc1\xbf", "\"" FFFD FFFD "\"");
  ASSERT_JSON("\xe0\x80\xaf", "\"" FFFD FFFD FFFD "\"");        /* '/' in 3 bytes */
  ASSERT_JSON("\xe0\x9f\xbf", "\"" FFFD FFFD FFFD "\"");        /* U+07FF in 3 bytes */
  ASSERT_JSON("\xf0\x80\x80\xaf", "\"" FFFD FFFD FFFD FFFD "\""); /* '/' in 4 bytes */
  ASSERT_JSON("\xf0\x8f\xbf\xbf", "\"" FFFD FFFD FFFD FFFD "\""); /* U+FFFF in 4 bytes */
  ASSERT_JSON("\xc0\x80", "\"" FFFD FFFD "\"");                 /* "modified UTF-8" NUL */
}

static void json_replaces_encoded_surrogates(void **state) {
  ASSERT_JSON("\xed\xa0\x80", "\"" FFFD FFFD FFFD "\"");         /* U+D800 */
  ASSERT_JSON("\xed\xbf\xbf", "\"" FFFD FFFD FFFD "\"");         /* U+DFFF */
  /* a CESU-8 pair for U+1F600 */
  ASSERT_JSON("\xed\xa0\xbd\xed\xb8\x80", "\"" FFFD FFFD FFFD FFFD FFFD FFFD "\"");
}

static void json_replaces_code_points_past_10ffff(void **state) {
  ASSERT_JSON("\xf4\x90\x80\x80", "\"" FFFD FFFD FFFD FFFD "\"");
  ASSERT_JSON("\xf7\xbf\xbf\xbf", "\"" FFFD FFFD FFFD FFFD "\"");
}

static void json_replaces_truncated_sequences(void **state) {
  ASSERT_JSON("\xe2\x82", "\"" FFFD FFFD "\"");                  /* at the end */
  ASSERT_JSON("\xe2\x82" "A", "\"" FFFD FFFD "A\"");             /* cut by ASCII */
  ASSERT_JSON("\xf0\x9f\x98", "\"" FFFD FFFD FFFD "\"");
  ASSERT_JSON("\xc3", "\"" FFFD "\"");
  ASSERT_JSON("\xc3\"", "\"" FFFD "\\\"\"");                    /* the quote is not eaten */
  ASSERT_JSON("\xe2\x82\n", "\"" FFFD FFFD "\\n\"");
}

static void json_escape_writes_what_json_str_appends(void **state) {
  const char in[] = "mixed \"\x01\xff\xe2\x82\xac\n";
  char dst[6 * sizeof in + 2];
  size_t n = sl_json_escape(dst, in, sizeof in - 1);
  char *viabuf = json(in, sizeof in - 1);
  assert_int_equal(n, strlen(viabuf));
  assert_memory_equal(dst, viabuf, n);
  free(viabuf);
}

static void json_worst_case_fits_six_bytes_per_input_byte(void **state) {
  /* All control characters: the longest escape (\u00XX) for every byte. */
  char in[64];
  for (size_t i = 0; i < sizeof in; i++) in[i] = (char)(i % 0x20 == '\n' ? 1 : i % 0x20);
  char *out = malloc(6 * sizeof in + 2 + 16);
  memset(out, 'Z', 6 * sizeof in + 2 + 16);
  size_t n = sl_json_escape(out, in, sizeof in);
  assert_true(n <= 6 * sizeof in + 2);
  for (size_t i = 6 * sizeof in + 2; i < 6 * sizeof in + 2 + 16; i++) assert_int_equal(out[i], 'Z');
  free(out);
}

/* Random bytes, biased towards the interesting ones: the output is always a
 * valid JSON string of valid UTF-8, and valid UTF-8 input is kept as is. */
static void json_output_is_valid_for_any_input(void **state) {
  uint32_t seed = 12345;
  static const unsigned char pool[] = {0x00, 0x01, 0x1f, '"', '\\', 'a', 0x7f, 0x80, 0xbf, 0xc0,
                                       0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, '\n'};
  for (int round = 0; round < 20000; round++) {
    unsigned char in[24];
    size_t n = 0;
    seed = seed * 1103515245u + 12345u;
    size_t len = (seed >> 16) % sizeof in;
    for (; n < len; n++) {
      seed = seed * 1103515245u + 12345u;
      in[n] = (seed >> 16) & 1 ? pool[(seed >> 17) % sizeof pool] : (unsigned char)(seed >> 20);
    }
    char *out = json((const char *)in, n);
    size_t outlen = strlen(out);
    if (!valid_utf8((const unsigned char *)out, outlen) || !valid_json_string(out, outlen)) {
      fail_msg("round %d: invalid output for %zu input bytes", round, n);
    }
    int has_control = 0;
    for (size_t i = 0; i < n; i++) {
      has_control |= in[i] < 0x20 || in[i] == '"' || in[i] == '\\';
      has_control |= in[i] == 0xc2 && i + 1 < n && in[i + 1] < 0xa0; /* a C1 control */
      has_control |= in[i] == 0xe2 && i + 2 < n && in[i + 1] == 0x80 && (in[i + 2] & 0xfe) == 0xa8;
    }
    if (valid_utf8(in, n) && !has_control) {
      assert_int_equal(outlen, n + 2);
      assert_memory_equal(out + 1, in, n);
    }
    free(out);
  }
}

/* ---- terminal text ---- */

static void text_blanks_control_characters_but_tab(void **state) {
  ASSERT_TEXT("a\x01" "b\x1b[31mc\x7f" "d\te\nf\rg", "a b [31mc d\te f g");
  ASSERT_TEXT("nul\0here", "nul here");
}

/* What a terminal acts on rather than shows: C1 controls (CSI), line and
 * paragraph separators, the marks and overrides that reorder text. */
static void text_blanks_what_a_terminal_would_act_on(void **state) {
  ASSERT_TEXT("a\xc2\x9b" "31mb\xc2\x85" "c", "a 31mb c");
  ASSERT_TEXT("x\xe2\x80\xa8y\xe2\x80\xa9z", "x y z");
  ASSERT_TEXT("\xe2\x80\xae" "evil\xe2\x81\xa6i\xe2\x81\xa9\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", " evil i    ");
  ASSERT_TEXT("\xc2\xa0\xe2\x80\x94\xe2\x80\xa7\xe2\x81\xa5", "\xc2\xa0\xe2\x80\x94\xe2\x80\xa7\xe2\x81\xa5");
}

static void text_replaces_invalid_utf8_and_keeps_valid(void **state) {
  ASSERT_TEXT("Zo\xc3\xab \xf0\x9f\x98\x80", "Zo\xc3\xab \xf0\x9f\x98\x80");
  ASSERT_TEXT("a\xff" "b\xc0\xaf" "c\xed\xa0\x80", "a" FFFD "b" FFFD FFFD "c" FFFD FFFD FFFD);
  ASSERT_TEXT("\"quotes\" \\stay\\", "\"quotes\" \\stay\\");
}

/* ---- numbers ---- */

static void numbers_print_integers_without_fraction(void **state) {
  assert_num(0, "0");
  assert_num(1, "1");
  assert_num(-7, "-7");
  assert_num(60, "60");
  assert_num(999999999999999.0, "999999999999999");
  assert_num(-999999999999999.0, "-999999999999999");
}

static void numbers_print_fractions_with_14_digits(void **state) {
  assert_num(12.5, "12.5");
  assert_num(-2.25, "-2.25");
  assert_num(0.1, "0.1");
  assert_num(1.0 / 3.0, "0.33333333333333");
  assert_num(2.0 / 3.0, "0.66666666666667");
  assert_num(1e-7, "1e-07");
  assert_num(1e15, "1e+15");
  assert_num(123456789012345678.0, "1.2345678901235e+17");
}

static void numbers_that_json_cannot_hold_print_null(void **state) {
  assert_num(NAN, "null");
  assert_num(INFINITY, "null");
  assert_num(-INFINITY, "null");
}

/* ---- sl_utf8_seq ---- */

static void utf8_seq_measures_valid_sequences(void **state) {
  assert_int_equal(sl_utf8_seq((const unsigned char *)"A", 1), 1);
  assert_int_equal(sl_utf8_seq((const unsigned char *)"\xc3\xab", 2), 2);
  assert_int_equal(sl_utf8_seq((const unsigned char *)"\xe2\x82\xac", 3), 3);
  assert_int_equal(sl_utf8_seq((const unsigned char *)"\xf0\x9f\x98\x80", 4), 4);
  assert_int_equal(sl_utf8_seq((const unsigned char *)"\xf0\x9f\x98\x80zz", 6), 4);
}

static void utf8_seq_refuses_invalid_sequences(void **state) {
  static const struct {
    const char *s;
    size_t n;
  } bad[] = {
      {"\x80", 1},         {"\xff", 1},         {"\xc0\xaf", 2},     {"\xc1\xbf", 2},
      {"\xe0\x80\xaf", 3}, {"\xed\xa0\x80", 3}, {"\xf4\x90\x80\x80", 4},
      {"\xf8\x88\x80\x80", 4}, {"\xe2\x82", 2},  {"\xe2\x82\xac", 2}, /* cut short by n */
      {"\xc3\x41", 2},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    if (sl_utf8_seq((const unsigned char *)bad[i].s, bad[i].n) != 0) fail_msg("case %zu accepted", i);
  }
}

/* The score's fast path must print exactly what printf("%.4g") prints. */
static void expect_score_as_printf(double v) {
  char want[64], got[SL_SCORE_TEXT_MAX];
  snprintf(want, sizeof want, "%.4g", v);
  size_t n = sl_score_text(got, v);
  if (strcmp(got, want) != 0 || n != strlen(want)) {
    fail_msg("%.17g: got \"%s\" (%zu), printf says \"%s\"", v, got, n, want);
  }
}

static void scores_print_as_printf_g4_does(void **state) {
  (void)state;
  double fixed[] = {0, 1, 0.1, 0.5, 0.7, 0.25, 0.125, 0.3333333333333333, 0.6666666666666666,
                    0.1005, 0.12345, 0.99995, 0.999949999, 0.99996, 0.09999, 0.099995,
                    0.0999949, 0.05, 1e-5, 2.5, -0.0, -0.5, 1e300, 0.10005, 0.45675,
                    0.98765, 0.55555, 0.00012345};
  for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) expect_score_as_printf(fixed[i]);
  for (int d = 1; d <= 400; d++) { /* every weighted score of small packs */
    for (int k = 0; k <= d; k++) expect_score_as_printf((double)k / d);
  }
  for (int k = 0; k <= 200000; k++) { /* halfway cases at the fifth digit */
    expect_score_as_printf((k + 0.5) / 1e5);
    expect_score_as_printf(k / 2e5);
  }
  unsigned long x = 12345;
  for (int i = 0; i < 200000; i++) { /* and random values in [0, 1] */
    x = x * 6364136223846793005ul + 1442695040888963407ul;
    expect_score_as_printf((double)(x >> 11) / 9007199254740992.0);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(buffer_grows_and_keeps_what_was_put),
      cmocka_unit_test(buffer_printf_formats_short_and_long_text),
      cmocka_unit_test(buffer_reset_keeps_memory_for_reuse),
      cmocka_unit_test(cstr_terminates_without_counting_the_nul),
      cmocka_unit_test(json_plain_ascii_is_only_quoted),
      cmocka_unit_test(json_escapes_quotes_and_backslashes),
      cmocka_unit_test(json_uses_short_escapes_where_json_has_them),
      cmocka_unit_test(json_escapes_other_control_characters_as_u00xx),
      cmocka_unit_test(json_keeps_valid_utf8),
      cmocka_unit_test(json_escapes_line_ends_other_than_newline),
      cmocka_unit_test(json_replaces_stray_bytes_with_fffd),
      cmocka_unit_test(json_replaces_overlong_encodings),
      cmocka_unit_test(json_replaces_encoded_surrogates),
      cmocka_unit_test(json_replaces_code_points_past_10ffff),
      cmocka_unit_test(json_replaces_truncated_sequences),
      cmocka_unit_test(json_escape_writes_what_json_str_appends),
      cmocka_unit_test(json_worst_case_fits_six_bytes_per_input_byte),
      cmocka_unit_test(json_output_is_valid_for_any_input),
      cmocka_unit_test(text_blanks_control_characters_but_tab),
      cmocka_unit_test(text_blanks_what_a_terminal_would_act_on),
      cmocka_unit_test(text_replaces_invalid_utf8_and_keeps_valid),
      cmocka_unit_test(numbers_print_integers_without_fraction),
      cmocka_unit_test(numbers_print_fractions_with_14_digits),
      cmocka_unit_test(numbers_that_json_cannot_hold_print_null),
      cmocka_unit_test(scores_print_as_printf_g4_does),
      cmocka_unit_test(utf8_seq_measures_valid_sequences),
      cmocka_unit_test(utf8_seq_refuses_invalid_sequences),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
