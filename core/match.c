/*
 * match.c - whole-word, case-insensitive matching for sl.matches. See
 * match.h for what counts as a word. No allocation, no locale: the rules
 * must give the same answer on every machine, so folding is ASCII only.
 */
#include "match.h"

static bool is_word_byte(unsigned char c) {
  return (unsigned)((c | 0x20) - 'a') < 26u || (unsigned)(c - '0') < 10u ||
         c >= 0x80;
}

static bool is_space_byte(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

static unsigned char fold(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? (unsigned char)(c | 0x20) : c;
}

/* Length of the occurrence of w (wn bytes, trimmed) at t[0..tn), or 0 when
 * it does not occur there. */
static size_t match_at(const unsigned char *t, size_t tn,
                       const unsigned char *w, size_t wn) {
  size_t ti = 0, wi = 0;
  while (wi < wn) {
    if (is_space_byte(w[wi])) {
      /* One or more spaces on either side stand for one another. */
      if (ti >= tn || !is_space_byte(t[ti])) return 0;
      while (ti < tn && is_space_byte(t[ti])) ti++;
      while (wi < wn && is_space_byte(w[wi])) wi++;
      continue;
    }
    if (ti >= tn || fold(t[ti]) != fold(w[wi])) return 0;
    ti++;
    wi++;
  }
  return ti;
}

bool sl_match_word(const char *text, size_t text_len, const char *word,
                   size_t word_len) {
  const unsigned char *t = (const unsigned char *)text;
  const unsigned char *w = (const unsigned char *)word;
  size_t need = 0;
  unsigned char head;

  if (text == NULL || word == NULL) return false;
  while (word_len > 0 && is_space_byte(w[0])) {
    w++;
    word_len--;
  }
  while (word_len > 0 && is_space_byte(w[word_len - 1])) word_len--;
  if (word_len == 0) return false;

  /* The shortest text the word can match has each whitespace run of the
   * word as one byte; no occurrence can start later than that allows. */
  for (size_t i = 0; i < word_len; i++)
    if (!(is_space_byte(w[i]) && i > 0 && is_space_byte(w[i - 1]))) need++;
  if (need > text_len) return false;

  head = fold(w[0]);
  for (size_t i = 0; i + need <= text_len; i++) {
    size_t n;
    /* Cheap tests first: most positions fail on the first byte. */
    if (fold(t[i]) != head) continue;
    if (i > 0 && is_word_byte(t[i - 1])) continue;
    n = match_at(t + i, text_len - i, w, word_len);
    if (n == 0) continue;
    if (i + n < text_len && is_word_byte(t[i + n])) continue;
    return true;
  }
  return false;
}
