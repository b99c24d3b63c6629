/*
 * pattern.h - how much work a Lua pattern match would be, before doing it.
 *
 * Lua's string library matches patterns by backtracking, in C, where the
 * instruction budget cannot interrupt it: `("a"):rep(300):find("a*a*a*a*a*a*b")`
 * runs for days. The sandbox's pattern guard (sandbox.c) first runs the
 * same search here, counting its steps against a budget, and raises a Lua
 * error when the budget runs out - so the rule ends as `error` and the run
 * goes on. Only when the search stays within budget does the string
 * library run it for real (and produce the result the rule sees: this file
 * decides nothing else).
 *
 * The search here follows the string library's: the same items, classes,
 * sets, captures, back-references, %b and %f, the same order of trying
 * (greedy * and +, lazy -, ? first with the character), the same scans over
 * start positions for find/match, gsub and gmatch. A malformed pattern
 * stops it early; the string library then reports the error itself, at the
 * same point of the same search.
 */
#ifndef SL_PATTERN_H
#define SL_PATTERN_H

#include <stddef.h>

/* How a string function walks the subject: first match from init (find,
 * match), every match (gsub, up to max_matches), every match with '^'
 * taken literally (gmatch). For find/match/gsub a leading '^' anchors. */
typedef enum { SL_SCAN_FIRST, SL_SCAN_ALL, SL_SCAN_ITER } sl_scan;

typedef struct sl_pattern_search {
  const char *s; /* the subject, NUL-terminated as Lua strings are */
  size_t ns;
  const char *p; /* the pattern, NUL-terminated */
  size_t np;
  size_t init;   /* 0-based start; past ns means no match */
  sl_scan scan;
  long long max_matches; /* gsub's n; ignored otherwise */
} sl_pattern_search;

/* Runs the search, at most `budget` steps (a step: one attempt of the
 * matcher at a position, one pattern item tried there, one character tried
 * by a repetition or %b, one byte of a back-reference compared).
 * Returns 1 when the budget ran out, 0 otherwise. With found non-NULL,
 * SL_SCAN_FIRST also reports where the first match is ([*start, *end),
 * *found = 1) - what tests compare with string.find. */
int sl_pattern_over_budget(const sl_pattern_search *q, long long budget, int *found,
                           size_t *start, size_t *end);

/* The same search, for its cost: the steps it took, or -1 when it ran out
 * of budget. */
long long sl_pattern_steps(const sl_pattern_search *q, long long budget);

/* The budget the sandbox gives one call on a subject of n bytes: enough for
 * any pattern that is linear on the subject, far too little for one that
 * backtracks polynomially on it. */
long long sl_pattern_budget(size_t n);

/* A quick bound: can a pattern of np bytes with `spans` items that may
 * match more than one character per try (quantifiers *, +, -, ?, %b,
 * back-references) take a million steps or more on n bytes, or, without
 * spans, more than its budget? When not, the search above is not worth
 * running first. Without spans a try takes at most a step per pattern byte,
 * (n + 1) * (np + 1) in all: a pattern of up to 63 bytes is never checked,
 * whatever the text, a longer one on a long text is. */
int sl_pattern_worth_checking(size_t n, size_t np, int spans);

/* Does string.find take this pattern as plain text (none of ^$*+?.([%-
 * anywhere in its np bytes)? */
int sl_pattern_is_plain(const char *p, size_t np);

/* string.find's plain search: the first occurrence of needle (nn bytes) in
 * s (ns bytes), or NULL; an empty needle is found at s. In time linear in
 * ns + nn (memmem), where the string library's own search compares the
 * needle again at every position that starts like it: ("a"):rep(1600000)
 * searched for ("a"):rep(800000) .. "b" took 12 s. */
const char *sl_plain_find(const char *s, size_t ns, const char *needle, size_t nn);

#endif
