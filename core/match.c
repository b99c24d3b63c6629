/*
 * match.c - whole-word, case-insensitive matching for sl.matches. See
 * match.h for what counts as a word. No allocation while matching (only
 * sl_wordset_new allocates), no locale: the rules must give the same
 * answer on every machine, so folding is by fixed tables: ASCII letters,
 * and the Latin-1 letters À to Þ (UTF-8 C3 80..9E, × aside), whose lower
 * case is the same lead byte and the next byte plus 0x20.
 */
#include "match.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

/* c folded, prev being the byte before it: an upper-case Latin-1 letter's
 * second byte (after 0xC3) becomes its lower-case one's. A first byte of a
 * word or text position never follows 0xC3 in valid UTF-8 (0xC3 starts a
 * two-byte letter, a word byte), so fold() is enough there. */
static unsigned char fold_after(unsigned char prev, unsigned char c) {
  if (prev == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97) return (unsigned char)(c + 0x20);
  return fold(c);
}

/* Length of the occurrence of w (wn bytes, trimmed) at t[0..tn), or 0 when
 * it does not occur there. Adds the bytes it compared to *work. */
static size_t match_at(const unsigned char *t, size_t tn,
                       const unsigned char *w, size_t wn, size_t *work) {
  size_t ti = 0, wi = 0;
  while (wi < wn) {
    if (is_space_byte(w[wi])) {
      /* One or more spaces on either side stand for one another. */
      if (ti >= tn || !is_space_byte(t[ti])) break;
      while (ti < tn && is_space_byte(t[ti])) ti++;
      while (wi < wn && is_space_byte(w[wi])) wi++;
      continue;
    }
    if (ti >= tn) break;
    if (t[ti] != w[wi]) {
      /* The bytes before these compared equal folded, and 0xC3 folds to
       * itself: the word's previous byte says for both whether one is. */
      unsigned char prev = wi ? w[wi - 1] : 0;
      if (fold_after(prev, t[ti]) != fold_after(prev, w[wi])) break;
    }
    ti++;
    wi++;
  }
  *work += ti + wi + 1;
  return wi < wn ? 0 : ti;
}

/* Adds work to the meter (when there is one), reporting it once enough has
 * gathered. The report may not return (match.h). */
static void meter_add(sl_match_meter *m, size_t work) {
  if (m == NULL) return;
  m->work += work;
  if (m->work < m->every) return;
  work = m->work;
  m->work = 0;
  m->report(m->ctx, work);
}

/* Work is reported to the meter in batches of at least this much from
 * inside a search, so a long one is charged as it goes. */
#define LOCAL_WORK_BATCH 4096

/* Drops the whitespace around *w, as a word's surroundings never count.
 * Returns the length left. */
static size_t trim(const unsigned char **w, size_t len) {
  while (len > 0 && is_space_byte((*w)[0])) {
    (*w)++;
    len--;
  }
  while (len > 0 && is_space_byte((*w)[len - 1])) len--;
  return len;
}

/* The shortest text the (trimmed) word can match has each whitespace run of
 * the word as one byte; no occurrence can start later than that allows. */
static size_t min_text_len(const unsigned char *w, size_t len) {
  size_t need = 0;
  for (size_t i = 0; i < len; i++)
    if (!(is_space_byte(w[i]) && i > 0 && is_space_byte(w[i - 1]))) need++;
  return need;
}

/* True when the occurrence of n bytes at t[i] ends at a boundary. The
 * start is checked by the callers, before the costlier match_at. */
static bool ends_at_boundary(const unsigned char *t, size_t tn, size_t i,
                             size_t n) {
  return i + n >= tn || !is_word_byte(t[i + n]);
}

bool sl_match_word(const char *text, size_t text_len, const char *word,
                   size_t word_len) {
  return sl_match_word_metered(text, text_len, word, word_len, NULL);
}

bool sl_match_word_metered(const char *text, size_t text_len, const char *word,
                           size_t word_len, sl_match_meter *m) {
  const unsigned char *t = (const unsigned char *)text;
  const unsigned char *w = (const unsigned char *)word;
  size_t need, i, work = 0;
  unsigned char head;

  if (text == NULL || word == NULL) return false;
  word_len = trim(&w, word_len);
  if (word_len == 0) return false;
  need = min_text_len(w, word_len);
  if (need > text_len) return false;

  head = fold(w[0]);
  /* Work: a unit per position looked at (counted at the end) and per byte
   * compared by match_at (counted as it goes: a long word that nearly
   * matches at every word start makes this quadratic). */
  for (i = 0; i + need <= text_len; i++) {
    size_t n;
    /* Cheap tests first: most positions fail on the first byte. */
    if (fold(t[i]) != head) continue;
    if (i > 0 && is_word_byte(t[i - 1])) continue;
    n = match_at(t + i, text_len - i, w, word_len, &work);
    if (work >= LOCAL_WORK_BATCH) {
      meter_add(m, work);
      work = 0;
    }
    if (n == 0) continue;
    if (!ends_at_boundary(t, text_len, i, n)) continue;
    break;
  }
  meter_add(m, work + i);
  return i + need <= text_len;
}

/* ---- compiled word lists ---- */

/* One word of a set that can match (empty words are left out). */
typedef struct ws_word {
  size_t index; /* its position in the list given, what a match reports */
  size_t off;   /* its trimmed, folded bytes: ws->bytes[off .. off + len) */
  size_t len;
  size_t need; /* min_text_len: shorter rests of the text cannot hold it */
} ws_word;

struct sl_wordset {
  size_t count; /* list entries given, empty words included */
  /* Words whose folded first byte is b are words[start[b] .. start[b+1]),
   * in list order, so the first one that matches at a position is the
   * best that position can give. */
  size_t start[257];
  ws_word *words;       /* points into the same allocation */
  unsigned char *bytes; /* likewise */
};

/* The trimmed bytes of word s into *w; their length (0 for a NULL word). */
static size_t trimmed(const sl_span *s, const unsigned char **w) {
  *w = (const unsigned char *)s->ptr;
  return *w ? trim(w, s->len) : 0;
}

/* Fills ws->start, ws->words and ws->bytes from the n words; ws->words and
 * ws->bytes have room for every non-empty word. */
static void place_words(sl_wordset *ws, const sl_span *words, size_t n) {
  size_t fill[256], off = 0;
  const unsigned char *w;

  /* Counting sort by first byte; stable, so each bucket keeps list order. */
  memset(ws->start, 0, sizeof ws->start);
  for (size_t i = 0; i < n; i++)
    if (trimmed(&words[i], &w) > 0) ws->start[fold(w[0]) + 1]++;
  for (size_t b = 0; b < 256; b++) {
    ws->start[b + 1] += ws->start[b];
    fill[b] = ws->start[b];
  }
  for (size_t i = 0; i < n; i++) {
    size_t len = trimmed(&words[i], &w);
    ws_word *slot;
    if (len == 0) continue;
    slot = &ws->words[fill[fold(w[0])]++];
    slot->index = i;
    slot->off = off;
    slot->len = len;
    slot->need = min_text_len(w, len);
    /* Folded once here; match_at folds again, which changes nothing. */
    for (size_t k = 0; k < len; k++) ws->bytes[off + k] = fold_after(k ? w[k - 1] : 0, w[k]);
    off += len;
  }
}

sl_wordset *sl_wordset_new(const sl_span *words, size_t n) {
  size_t nwords = 0, nbytes = 0, size;
  const unsigned char *w;
  sl_wordset *ws;

  if (n > 0 && words == NULL) return NULL;
  /* Sizes first, so the set is one allocation and one free. */
  for (size_t i = 0; i < n; i++) {
    size_t len = trimmed(&words[i], &w);
    if (len == 0) continue;
    if (len > SIZE_MAX - nbytes) return NULL;
    nbytes += len;
    nwords++;
  }
  if (nwords > (SIZE_MAX - sizeof *ws) / sizeof(ws_word)) return NULL;
  size = sizeof *ws + nwords * sizeof(ws_word);
  if (nbytes > SIZE_MAX - size) return NULL;
  ws = malloc(size + nbytes);
  if (ws == NULL) return NULL;
  ws->count = n;
  ws->words = (ws_word *)(ws + 1);
  ws->bytes = (unsigned char *)(ws->words + nwords);
  place_words(ws, words, n);
  return ws;
}

void sl_wordset_free(sl_wordset *ws) { free(ws); }

size_t sl_wordset_count(const sl_wordset *ws) { return ws ? ws->count : 0; }

size_t sl_wordset_first(const sl_wordset *ws, const char *text,
                        size_t text_len, size_t limit) {
  return sl_wordset_first_metered(ws, text, text_len, limit, NULL);
}

size_t sl_wordset_first_metered(const sl_wordset *ws, const char *text,
                                size_t text_len, size_t limit,
                                sl_match_meter *m) {
  const unsigned char *t = (const unsigned char *)text;
  size_t i, work = 0;

  if (ws == NULL || text == NULL) return limit;
  /* Every word is tried at every word start, as sl_match_word would, but
   * only among those of its bucket and only while it could still beat the
   * best found so far. Work: a unit per position and per word tried, and
   * per byte compared; thousands of words sharing a first letter make a
   * long text cost their number times its length. */
  for (i = 0; i < text_len && limit > 0; i++) {
    const ws_word *w, *end;
    if (i > 0 && is_word_byte(t[i - 1])) continue;
    w = ws->words + ws->start[fold(t[i])];
    end = ws->words + ws->start[fold(t[i]) + 1];
    for (; w < end && w->index < limit; w++) {
      size_t n;
      if (w->need > text_len - i) {
        work++;
        continue;
      }
      n = match_at(t + i, text_len - i, ws->bytes + w->off, w->len, &work);
      if (n == 0 || !ends_at_boundary(t, text_len, i, n)) continue;
      limit = w->index; /* later words of the bucket are later in the list */
      break;
    }
    if (work >= LOCAL_WORK_BATCH) {
      meter_add(m, work);
      work = 0;
    }
  }
  meter_add(m, work + i);
  return limit;
}
