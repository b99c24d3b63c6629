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
 * matcher at a position, or one character tried by a repetition).
 * Returns 1 when the budget ran out, 0 otherwise. With found non-NULL,
 * SL_SCAN_FIRST also reports where the first match is ([*start, *end),
 * *found = 1) - what tests compare with string.find. */
int sl_pattern_over_budget(const sl_pattern_search *q, long long budget, int *found,
                           size_t *start, size_t *end);

/* The budget the sandbox gives one call on a subject of n bytes: enough for
 * any pattern that is linear on the subject, far too little for one that
 * backtracks polynomially on it. */
long long sl_pattern_budget(size_t n);

/* A quick bound: can a pattern with `repeats` quantifiers (*, +, -, ?) on
 * n bytes possibly take more than a few hundred thousand steps? When not,
 * the search above is not worth running first. */
int sl_pattern_worth_checking(size_t n, int repeats);

#endif
