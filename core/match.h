/*
 * match.h - case-insensitive whole-word / whole-phrase matching, the C
 * side of sl.matches. Plain C, no Lua; matching runs per candidate per
 * rule, so it never allocates (only compiling a word list does, once).
 */
#ifndef SL_MATCH_H
#define SL_MATCH_H

#include <stdbool.h>
#include <stddef.h>

/* True when word (word_len bytes) occurs in text (text_len bytes) as a
 * whole word or phrase: letters compare case-insensitively (ASCII, and the
 * Latin-1 letters À to Þ with à to þ: "GESCHÄFTSFÜHRER" matches
 * "geschäftsführer"; other scripts as they are), and the
 * bytes just before and after the occurrence (if any) are not word
 * characters. Word characters are ASCII letters, digits and every byte
 * >= 0x80, so a UTF-8 letter next to the word is never split off ("ésales"
 * does not match "sales"); everything else, '-' and '_' included, is a
 * boundary ("Sales-Director" matches "sales").
 * Whitespace inside word matches any run of ASCII whitespace in text, so
 * "account executive" matches "account  executive" and "account\nexecutive".
 * Whitespace around word is ignored; a word that is empty or all
 * whitespace never matches. Neither string needs a NUL terminator. */
bool sl_match_word(const char *text, size_t text_len, const char *word,
                   size_t word_len);

/* The work matching does, for a caller that counts it (the sandbox charges
 * it to the rule's instruction budget: sl.matches with thousands of words
 * over a long text does billions of comparisons in one call). A unit is a
 * position of the text looked at, a word tried there, or a byte compared.
 * The matching functions add their work to `work` and, each time it reaches
 * `every`, hand it to report(ctx, units) and start again from 0; report may
 * not return (longjmp, a Lua error): matching holds nothing to free. Work
 * below `every` stays in `work` for the caller to report at the end. */
typedef struct sl_match_meter {
  size_t work;
  size_t every;
  void (*report)(void *ctx, size_t units);
  void *ctx;
} sl_match_meter;

/* sl_match_word, adding its work to m (NULL: not counted). */
bool sl_match_word_metered(const char *text, size_t text_len, const char *word,
                           size_t word_len, sl_match_meter *m);

/* Bytes of one word handed to sl_wordset_new; not NUL-terminated. */
typedef struct sl_span {
  const char *ptr;
  size_t len;
} sl_span;

/* A word list compiled for sl.matches: the words trimmed and folded once,
 * grouped by first byte, so one pass over a text tries at each word start
 * only the words that can begin there. Immutable once built; it owns a copy
 * of the bytes, so the spans it was built from may go away. */
typedef struct sl_wordset sl_wordset;

/* Compiles n words, in list order (n may be 0). NULL pointers are taken as
 * empty words. Returns NULL when out of memory (or when words is NULL
 * and n is not 0). Building allocates; using the set never does. */
sl_wordset *sl_wordset_new(const sl_span *words, size_t n);

/* Frees a set from sl_wordset_new; NULL is a no-op. */
void sl_wordset_free(sl_wordset *ws);

/* How many words the set was built from, empty ones included. */
size_t sl_wordset_count(const sl_wordset *ws);

/* The list index of the first word (list order) that sl_match_word would
 * match in text, provided it is below limit; otherwise limit. Chaining the
 * result as the next call's limit over several texts gives the first word
 * that matches any of them:
 *   size_t best = sl_wordset_count(ws);
 *   for (each text) best = sl_wordset_first(ws, text, len, best);
 * and best == count means no word matched. */
size_t sl_wordset_first(const sl_wordset *ws, const char *text,
                        size_t text_len, size_t limit);

/* sl_wordset_first, adding its work to m (NULL: not counted). */
size_t sl_wordset_first_metered(const sl_wordset *ws, const char *text,
                                size_t text_len, size_t limit,
                                sl_match_meter *m);

#endif
