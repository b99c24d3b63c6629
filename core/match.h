/*
 * match.h - case-insensitive whole-word / whole-phrase matching, the C
 * side of sl.matches. Plain C, no Lua; it runs per candidate per rule, so
 * it never allocates.
 */
#ifndef SL_MATCH_H
#define SL_MATCH_H

#include <stdbool.h>
#include <stddef.h>

/* True when word (word_len bytes) occurs in text (text_len bytes) as a
 * whole word or phrase: ASCII letters compare case-insensitively, and the
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

#endif
