/*
 * pattern.c - Lua's pattern search, counted (see pattern.h).
 *
 * Written from the Lua 5.4 manual's definition of patterns (§6.4.1) and the
 * string library's documented search order; tests/unit/test_pattern.c
 * compares where it finds the first match with string.find on thousands of
 * random patterns and subjects. It produces no captures: only whether and
 * where a match is, and how many steps finding out took.
 */
#define _GNU_SOURCE /* memmem */
#include "pattern.h"

#include <ctype.h>
#include <string.h>

#define ESC '%'
#define MAX_CAPTURES 32 /* LUA_MAXCAPTURES */
#define MAX_DEPTH 200   /* the string library's recursion limit (MAXCCALLS) */
#define CAP_OPEN (-1)   /* a capture not closed yet */
#define CAP_POSITION (-2)

typedef struct search {
  const char *s, *s_end, *p_end;
  long long steps, budget;
  int depth;
  int stop; /* 1: out of budget (over = 1) or a malformed pattern */
  int over;
  int level; /* captures open or closed so far */
  struct {
    const char *at;
    ptrdiff_t len;
  } cap[MAX_CAPTURES];
} search;

static const char *match(search *m, const char *s, const char *p);

/* One more step; 0 when the budget is gone (and everything unwinds). */
static int step(search *m) {
  if (++m->steps <= m->budget) return 1;
  m->over = m->stop = 1;
  return 0;
}

/* n steps at once, for work done in one go (a back-reference compared). */
static int step_n(search *m, size_t n) {
  if (m->steps <= m->budget && n <= (unsigned long long)(m->budget - m->steps)) {
    m->steps += (long long)n;
    return 1;
  }
  m->over = m->stop = 1;
  return 0;
}

static const char *malformed(search *m) {
  m->stop = 1;
  return NULL;
}

/* Past the single-character class at p: ".", "%x", "[set]" or a character. */
static const char *class_end(search *m, const char *p) {
  char c = *p++;
  if (c == ESC) {
    if (p >= m->p_end) return malformed(m); /* ends with '%' */
    return p + 1;
  }
  if (c == '[') {
    if (*p == '^') p++;
    do { /* the first character is in the set even when it is ']' */
      if (p >= m->p_end) return malformed(m); /* missing ']' */
      c = *p++;
      if (c == ESC && p < m->p_end) p++;
    } while (*p != ']');
    return p + 1;
  }
  return p;
}

/* Does c belong to class %cl (lower case: the class; upper case: its
 * complement; anything else: itself)? */
static int in_class(int c, int cl) {
  int yes;
  switch (tolower(cl)) {
  case 'a': yes = isalpha(c); break;
  case 'c': yes = iscntrl(c); break;
  case 'd': yes = isdigit(c); break;
  case 'g': yes = isgraph(c); break;
  case 'l': yes = islower(c); break;
  case 'p': yes = ispunct(c); break;
  case 's': yes = isspace(c); break;
  case 'u': yes = isupper(c); break;
  case 'w': yes = isalnum(c); break;
  case 'x': yes = isxdigit(c); break;
  default: return cl == c;
  }
  if (isupper(cl)) yes = !yes;
  return yes != 0;
}

/* Is c in the set [..] from p ('[') to end (its ']')? */
static int in_set(int c, const char *p, const char *end) {
  int yes = 1;
  if (p[1] == '^') {
    yes = 0;
    p++;
  }
  while (++p < end) {
    if (*p == ESC) {
      p++;
      if (in_class(c, (unsigned char)*p)) return yes;
    } else if (p[1] == '-' && p + 2 < end) {
      p += 2;
      if ((unsigned char)p[-2] <= c && c <= (unsigned char)*p) return yes;
    } else if ((unsigned char)*p == c) {
      return yes;
    }
  }
  return !yes;
}

/* Does the character at s match the class from p to ep? */
static int single(search *m, const char *s, const char *p, const char *ep) {
  if (s >= m->s_end) return 0;
  int c = (unsigned char)*s;
  switch (*p) {
  case '.': return 1;
  case ESC: return in_class(c, (unsigned char)p[1]);
  case '[': return in_set(c, p, ep - 1);
  default: return (unsigned char)*p == c;
  }
}

/* %bxy at s: x, then text with x and y balanced, then y. */
static const char *balanced(search *m, const char *s, const char *p) {
  if (p >= m->p_end - 1) return malformed(m); /* missing arguments to %b */
  if (*s != *p) return NULL;
  int open = *p, close = p[1], depth = 1;
  while (++s < m->s_end) {
    if (!step(m)) return NULL;
    if (*s == close) {
      if (--depth == 0) return s + 1;
    } else if (*s == open) {
      depth++;
    }
  }
  return NULL;
}

/* Greedy: as many as match, then give back one at a time. */
static const char *longest(search *m, const char *s, const char *p, const char *ep) {
  ptrdiff_t n = 0;
  while (single(m, s + n, p, ep)) {
    if (!step(m)) return NULL;
    n++;
  }
  for (; n >= 0 && !m->stop; n--) {
    const char *r = match(m, s + n, ep + 1);
    if (r) return r;
  }
  return NULL;
}

/* Lazy: the rest of the pattern first, one more character at a time. */
static const char *shortest(search *m, const char *s, const char *p, const char *ep) {
  for (;;) {
    const char *r = match(m, s, ep + 1);
    if (r || m->stop) return r;
    if (!single(m, s, p, ep) || !step(m)) return NULL;
    s++;
  }
}

static const char *open_capture(search *m, const char *s, const char *p, ptrdiff_t what) {
  if (m->level >= MAX_CAPTURES) return malformed(m); /* too many captures */
  m->cap[m->level].at = s;
  m->cap[m->level].len = what;
  m->level++;
  const char *r = match(m, s, p);
  if (!r) m->level--;
  return r;
}

static const char *close_capture(search *m, const char *s, const char *p) {
  int l = m->level - 1;
  while (l >= 0 && m->cap[l].len != CAP_OPEN) l--;
  if (l < 0) return malformed(m); /* invalid pattern capture */
  m->cap[l].len = s - m->cap[l].at;
  const char *r = match(m, s, p);
  if (!r) m->cap[l].len = CAP_OPEN;
  return r;
}

/* %1..%9: the text of that (closed) capture again. */
static const char *same_as_capture(search *m, const char *s, int digit) {
  int l = digit - '1';
  if (l < 0 || l >= m->level || m->cap[l].len == CAP_OPEN) return malformed(m);
  size_t len = (size_t)m->cap[l].len; /* a position capture: huge, never fits */
  if ((size_t)(m->s_end - s) < len) return NULL;
  /* Comparing is a step per byte: a long capture compared again at every
   * position is as slow as a long pattern. */
  if (!step_n(m, len)) return NULL;
  return memcmp(m->cap[l].at, s, len) == 0 ? s + len : NULL;
}

/* The end of a match of pattern p at s, or NULL. */
static const char *match(search *m, const char *s, const char *p) {
  if (m->stop || !step(m)) return NULL;
  if (m->depth++ >= MAX_DEPTH) { /* pattern too complex */
    m->depth--;
    return malformed(m);
  }
  while (s && p != m->p_end && !m->stop) {
    /* A step per item tried, too: a pattern without quantifiers is still
     * tried at every position, and a long one that matches far into the
     * subject each time (("a"):rep(50000) .. "b" over a run of a's) is as
     * slow as backtracking. */
    if (!step(m)) break;
    if (*p == '(') {
      s = p[1] == ')' ? open_capture(m, s, p + 2, CAP_POSITION) : open_capture(m, s, p + 1, CAP_OPEN);
      break;
    }
    if (*p == ')') {
      s = close_capture(m, s, p + 1);
      break;
    }
    if (*p == '$' && p + 1 == m->p_end) {
      if (s != m->s_end) s = NULL;
      break;
    }
    if (*p == ESC && p[1] == 'b') {
      s = balanced(m, s, p + 2);
      if (s) p += 4;
      continue;
    }
    if (*p == ESC && p[1] == 'f') { /* frontier: not in the set before, in it here */
      p += 2;
      if (*p != '[') {
        s = malformed(m);
        break;
      }
      const char *ep = class_end(m, p);
      if (!ep) {
        s = NULL;
        break;
      }
      int before = s == m->s ? '\0' : (unsigned char)s[-1];
      if (!in_set(before, p, ep - 1) && in_set((unsigned char)*s, p, ep - 1)) {
        p = ep;
        continue;
      }
      s = NULL;
      break;
    }
    if (*p == ESC && isdigit((unsigned char)p[1])) {
      s = same_as_capture(m, s, (unsigned char)p[1]);
      if (s) p += 2;
      continue;
    }
    /* a single-character class, maybe with a quantifier after it */
    const char *ep = class_end(m, p);
    if (!ep) {
      s = NULL;
      break;
    }
    if (!single(m, s, p, ep)) {
      if (*ep == '*' || *ep == '?' || *ep == '-') { /* zero of them is fine */
        p = ep + 1;
        continue;
      }
      s = NULL;
      break;
    }
    if (*ep == '?') {
      const char *r = match(m, s + 1, ep + 1);
      if (r || m->stop) {
        s = r;
        break;
      }
      p = ep + 1;
      continue;
    }
    if (*ep == '+') {
      s = longest(m, s + 1, p, ep);
      break;
    }
    if (*ep == '*') {
      s = longest(m, s, p, ep);
      break;
    }
    if (*ep == '-') {
      s = shortest(m, s, p, ep);
      break;
    }
    s++;
    p = ep;
  }
  m->depth--;
  return m->stop ? NULL : s;
}

/* The search of q within budget: its steps, and whether it ran out. */
static long long run_search(const sl_pattern_search *q, long long budget, int *over,
                            int *found, size_t *start, size_t *end) {
  search m;
  memset(&m, 0, sizeof m);
  m.s = q->s;
  m.s_end = q->s + q->ns;
  m.budget = budget;
  const char *p = q->p;
  m.p_end = q->p + q->np;
  int anchor = q->scan != SL_SCAN_ITER && q->np > 0 && *p == '^';
  if (anchor) p++;
  if (found) *found = 0;
  *over = 0;
  if (q->init > q->ns) return 0; /* no match possible: nothing is tried */
  const char *at = q->s + q->init, *last = NULL;
  long long matches = 0;
  for (;;) {
    if (q->scan == SL_SCAN_ALL && matches >= q->max_matches) break;
    m.level = 0;
    const char *e = match(&m, at, p);
    if (m.stop) break;
    if (q->scan == SL_SCAN_FIRST) {
      if (e) {
        if (found) {
          *found = 1;
          *start = (size_t)(at - q->s);
          *end = (size_t)(e - q->s);
        }
        break;
      }
      if (anchor || at >= m.s_end) break;
      at++;
      continue;
    }
    /* gsub and gmatch: after a match, on from its end; an empty match at
     * the end of the previous one does not count */
    if (e && e != last) {
      matches++;
      at = last = e;
    } else if (at < m.s_end) {
      at++;
    } else {
      break;
    }
    if (anchor) break;
  }
  *over = m.over;
  return m.steps;
}

int sl_pattern_over_budget(const sl_pattern_search *q, long long budget, int *found,
                           size_t *start, size_t *end) {
  int over;
  run_search(q, budget, &over, found, start, end);
  return over;
}

long long sl_pattern_steps(const sl_pattern_search *q, long long budget) {
  int over;
  long long n = run_search(q, budget, &over, NULL, NULL, NULL);
  return over ? -1 : n;
}

long long sl_pattern_budget(size_t n) { return 10000000LL + 64LL * (long long)n; }

int sl_pattern_worth_checking(size_t n, size_t np, int spans) {
  double work = (double)n + 1; /* start positions */
  /* Without spans, a try takes at most a step per item of the pattern and
   * one for the try: when that fits the budget, the search does too. */
  if (spans <= 0) return work * ((double)np + 1) > (double)sl_pattern_budget(n);
  for (int i = 0; i < spans && work < 1e6; i++) work *= (double)n + 1;
  return work >= 1e6;
}

int sl_pattern_is_plain(const char *p, size_t np) {
  static const char specials[] = "^$*+?.([%-";
  for (size_t i = 0; i < np; i++)
    if (p[i] != '\0' && strchr(specials, p[i])) return 0;
  return 1;
}

const char *sl_plain_find(const char *s, size_t ns, const char *needle, size_t nn) {
  /* glibc's memmem: two-way (linear) for needles over 256 bytes, for
   * shorter ones a shift table whose rescans are bounded by the needle;
   * measured on runs of one letter, at worst some 15 ns a byte. */
  return memmem(s, ns, needle, nn);
}
