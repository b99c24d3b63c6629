/*
 * helpers.c - the `sl` table of rule helpers: sl.date, sl.years,
 * sl.matches, sl.as_of. Thin Lua bindings; the logic lives in dates.c and
 * match.c so it can be tested and fuzzed without a lua_State.
 *
 * Convention (STYLE: luv): misuse by the rule author (wrong argument types)
 * raises with luaL_argerror; bad candidate data returns nil, reason or is
 * counted, so one odd record never looks like a broken rule.
 */
#define _POSIX_C_SOURCE 200809L /* localtime_r */

#include "helpers.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>

#include "dates.h"
#include "match.h"
#include "values.h"
#include "shortlist/error.h"
#include "state.h" /* sl_sandbox_frozen_items, sl_sandbox_charge */

/* Periods sl.years keeps on the C stack; more spill to a userdata. Work
 * histories are short, so the heap is rarely touched. */
#define PERIODS_ON_STACK 32

/* Frozen word lists compiled per state (see list_cache); lists beyond
 * these are matched uncompiled. Packs pass a handful of keyword params. */
#define LIST_CACHE_MAX 64
/* Hash slots for them: a power of two, kept at most half full so probes
 * stay short and always reach an empty slot. */
#define LIST_CACHE_SLOTS 128

/* Bytes of a bad date quoted back in a reason; hostile records may hold
 * megabytes where a date should be. */
#define QUOTE_MAX 40

int sl_ymd_parse(const char *s, sl_ymd *out) {
  sl_date d;
  if (s == NULL) return SL_EINVAL;
  if (sl_date_parse(s, strlen(s), &d, NULL) != 0 || d.day == 0)
    return SL_EINVAL;
  out->year = d.year;
  out->month = d.month;
  out->day = d.day;
  return 0;
}

sl_ymd sl_ymd_today(void) {
  sl_ymd today = {1970, 1, 1};
  time_t now = time(NULL);
  struct tm tm;
  /* localtime_r, not localtime: workers may be running on other threads. */
  if (now != (time_t)-1 && localtime_r(&now, &tm) != NULL) {
    today.year = tm.tm_year + 1900;
    today.month = tm.tm_mon + 1;
    today.day = tm.tm_mday;
  }
  return today;
}

/* [-0, +2, m] Pushes nil and "invalid date '<s>': <why>", s cut short at a
 * UTF-8 character boundary when long. */
static int push_bad_date(lua_State *L, const char *s, size_t len,
                         const char *why) {
  luaL_Buffer b;
  size_t shown = len;
  if (shown > QUOTE_MAX) {
    shown = QUOTE_MAX;
    while (shown > 0 && ((unsigned char)s[shown] & 0xC0) == 0x80) shown--;
  }
  lua_pushnil(L);
  luaL_buffinit(L, &b);
  luaL_addstring(&b, "invalid date '");
  luaL_addlstring(&b, s, shown);
  if (shown < len) luaL_addstring(&b, "...");
  luaL_addstring(&b, "': ");
  luaL_addstring(&b, why);
  luaL_pushresult(&b);
  return 2;
}

/* [-0, +(1|2), m] sl.date(s) -> {year=, month=, day=} | nil, reason */
static int l_date(lua_State *L) {
  size_t len;
  const char *s, *why = NULL;
  sl_date d;

  if (lua_type(L, 1) != LUA_TSTRING) {
    lua_pushnil(L);
    lua_pushfstring(L, "invalid date: expected a string, got %s",
                    luaL_typename(L, 1));
    return 2;
  }
  s = lua_tolstring(L, 1, &len);
  if (sl_date_parse(s, len, &d, &why) != 0)
    return push_bad_date(L, s, len, why);

  lua_createtable(L, 0, 3);
  lua_pushinteger(L, d.year);
  lua_setfield(L, -2, "year");
  /* Omitted parts stay nil, so a rule can tell "2015" from "2015-01". */
  if (d.month) {
    lua_pushinteger(L, d.month);
    lua_setfield(L, -2, "month");
  }
  if (d.day) {
    lua_pushinteger(L, d.day);
    lua_setfield(L, -2, "day");
  }
  return 1;
}

/* A date field of an entry as bytes: *s NULL when absent (nil), 0 when
 * present, -1 when it holds something other than a string. Numbers are not
 * coerced: the formats are strings, and 2015 is as likely a typo as a year. */
static int date_field(lua_State *L, int idx, const char **s, size_t *len) {
  int t = lua_type(L, idx);
  *s = NULL;
  *len = 0;
  if (t == LUA_TNIL) return 0;
  if (t != LUA_TSTRING) return -1;
  *s = lua_tolstring(L, idx, len);
  return 0;
}

/* [-0, +0, e] Reads the period of the table at idx; 0 or SL_EINVAL. */
static int read_entry_period(lua_State *L, int idx, int as_of_month,
                             sl_period *out) {
  const char *start, *end;
  size_t start_len, end_len;
  int rc = SL_EINVAL;

  lua_getfield(L, idx, "startDate"); /* may run __index: entries can be proxies */
  lua_getfield(L, idx, "endDate");   // stack: ..., startDate, endDate
  if (date_field(L, -2, &start, &start_len) == 0 &&
      date_field(L, -1, &end, &end_len) == 0)
    /* Both strings are on the stack, so they outlive the call. */
    rc = sl_period_read(start, start_len, end, end_len, as_of_month, out);
  lua_pop(L, 2);
  return rc;
}

/* [-0, +2, e] sl.years(list [, pred]) -> years, left_out
 * Upvalue 1: the as-of month (absolute). pred may raise; the error goes
 * through untouched, and the spill buffer, being a userdata, is collected
 * rather than leaked. */
static int l_years(lua_State *L) {
  const int as_of_month = (int)lua_tointeger(L, lua_upvalueindex(1));
  sl_period on_stack[PERIODS_ON_STACK];
  sl_period *periods = on_stack;
  size_t n = 0, cap = PERIODS_ON_STACK;
  lua_Integer left_out = 0, len;
  int has_pred;

  /* pred is checked first so that misuse raises even for a candidate
   * with no work history. */
  has_pred = !lua_isnoneornil(L, 2);
  if (has_pred) luaL_checktype(L, 2, LUA_TFUNCTION);
  if (lua_isnoneornil(L, 1)) {
    /* No work history is missing data, not misuse. */
    lua_pushnumber(L, 0.0);
    lua_pushinteger(L, 0);
    return 2;
  }
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  lua_pushnil(L); /* slot 3: the spill buffer, once there is one */
  len = luaL_len(L, 1);

  for (lua_Integer i = 1; i <= len; i++) {
    sl_period p;
    lua_geti(L, 1, i); // stack: list, pred, spill, entry
    if (!lua_istable(L, 4)) {
      /* Not an entry at all: nothing to ask pred about, and its months
       * cannot be read. */
      left_out++;
      lua_settop(L, 3);
      continue;
    }
    if (has_pred) {
      int keep;
      lua_pushvalue(L, 2);
      lua_pushvalue(L, 4);
      lua_call(L, 1, 1); // stack: list, pred, spill, entry, keep
      keep = lua_toboolean(L, 5);
      lua_settop(L, 4);
      if (!keep) {
        lua_settop(L, 3);
        continue;
      }
    }
    if (read_entry_period(L, 4, as_of_month, &p) != 0) {
      left_out++;
    } else if (p.first <= p.last) {
      if (n == cap) {
        sl_period *bigger;
        if (cap > ((size_t)-1 / 2) / sizeof *periods)
          return luaL_error(L, "too many work periods");
        cap *= 2;
        bigger = lua_newuserdatauv(L, cap * sizeof *bigger, 0);
        memcpy(bigger, periods, n * sizeof *periods);
        lua_replace(L, 3); /* anchors the new buffer; the old one is garbage */
        periods = bigger;
      }
      periods[n++] = p;
    }
    lua_settop(L, 3);
  }

  lua_pushnumber(L, (lua_Number)sl_periods_months(periods, n) / 12.0);
  lua_pushinteger(L, left_out);
  return 2;
}

/* [-0, +0, v] Raises unless the value at arg is a string or (when
 * allow_nil) nil, or an array whose elements are all strings. what names
 * the accepted types for the message. */
static void check_strings(lua_State *L, int arg, int allow_nil,
                          const char *what) {
  int t = lua_type(L, arg);
  if (t == LUA_TSTRING || (allow_nil && t == LUA_TNIL)) return;
  if (t != LUA_TTABLE) {
    luaL_typeerror(L, arg, what);
    return;
  }
  lua_Integer len = luaL_len(L, arg);
  for (lua_Integer i = 1; i <= len; i++) {
    int et = lua_geti(L, arg, i);
    if (et != LUA_TSTRING) {
      luaL_argerror(L, arg,
                    lua_pushfstring(L, "element %I is %s, string expected",
                                    i, luaL_typename(L, -1)));
      return;
    }
    lua_pop(L, 1);
  }
}

/* ---- what matching costs ----
 *
 * Matching runs in C, where the count hook sees nothing: thousands of words
 * over a megabyte of text is billions of comparisons in one call of a rule
 * that has run a few instructions. The work (match.h) is charged to the
 * rule's instruction budget as it is done, a unit of it (a byte looked at
 * or compared, a word tried) for a fraction of an instruction: a unit is
 * that much cheaper than an instruction of the VM. */
#define MATCH_UNITS_PER_STEP 4
#define MATCH_REPORT_EVERY 65536

static void charge_matching(void *L, size_t units) {
  sl_sandbox_charge(L, units / MATCH_UNITS_PER_STEP);
}

static sl_match_meter match_meter(lua_State *L) {
  sl_match_meter m = {0, MATCH_REPORT_EVERY, charge_matching, L};
  return m;
}

/* [-0, +0, e] What is left of the meter's work, charged at the end of a call. */
static void charge_rest(sl_match_meter *m) {
  if (m->work >= MATCH_UNITS_PER_STEP) charge_matching(m->ctx, m->work);
  m->work = 0;
}

/* [-0, +0, e] True when the word matches the text argument (slot 1): the
 * string, or any string of the array. */
static int text_matches(lua_State *L, const char *w, size_t wlen, sl_match_meter *m) {
  size_t tlen;
  const char *t;

  if (lua_type(L, 1) == LUA_TSTRING) {
    t = lua_tolstring(L, 1, &tlen);
    return sl_match_word_metered(t, tlen, w, wlen, m);
  }
  lua_Integer len = luaL_len(L, 1);
  for (lua_Integer i = 1; i <= len; i++) {
    int hit = 0;
    /* Checked again: an __index proxy need not return what it did before. */
    if (lua_geti(L, 1, i) == LUA_TSTRING) {
      t = lua_tolstring(L, -1, &tlen);
      hit = sl_match_word_metered(t, tlen, w, wlen, m);
    }
    lua_pop(L, 1);
    if (hit) return 1;
  }
  return 0;
}

/* ---- sl.matches on compiled word lists ----
 *
 * Packs pass the same keyword params (frozen, so immutable) on every
 * call. Each such list is compiled once per state into an sl_wordset and
 * found again by the table's address. The cache pins the table (a user
 * value of the cache userdata), so the address cannot be reused by another
 * table while cached; it never evicts, so pinning is bounded by
 * LIST_CACHE_MAX. Lists built at run time are not frozen and take the
 * uncompiled path, as do frozen lists holding anything but strings (so
 * that misuse raises exactly as before).
 * Compiled sets live in C memory, outside the rule memory cap: they are
 * built from data loaded before any candidate, once, and charging them to
 * whichever rule call happens to come first would make the cap depend on
 * input order. */

typedef struct list_cache {
  int nlists; /* also the user value of the last pinned table */
  const void *key[LIST_CACHE_SLOTS]; /* lua_topointer of the list; NULL: free */
  sl_wordset *set[LIST_CACHE_SLOTS];
} list_cache;

static size_t cache_slot(const void *key) {
  /* Fibonacci hashing: table addresses share their low bits. */
  uint64_t h = (uint64_t)(uintptr_t)key * UINT64_C(0x9E3779B97F4A7C15);
  return (size_t)(h >> 57) & (LIST_CACHE_SLOTS - 1);
}

/* The set compiled for key, or NULL. */
static sl_wordset *cache_find(const list_cache *c, const void *key) {
  for (size_t i = cache_slot(key);; i = (i + 1) & (LIST_CACHE_SLOTS - 1)) {
    if (c->key[i] == key) return c->set[i];
    if (c->key[i] == NULL) return NULL;
  }
}

static void cache_insert(list_cache *c, const void *key, sl_wordset *ws) {
  size_t i = cache_slot(key);
  while (c->key[i] != NULL) i = (i + 1) & (LIST_CACHE_SLOTS - 1);
  c->key[i] = key;
  c->set[i] = ws;
}

static int list_cache_gc(lua_State *L) {
  list_cache *c = lua_touserdata(L, 1);
  for (size_t i = 0; i < LIST_CACHE_SLOTS; i++) {
    sl_wordset_free(c->set[i]);
    c->set[i] = NULL;
    c->key[i] = NULL;
  }
  c->nlists = 0;
  return 0;
}

/* [-0, +1, m] A new, empty cache, for an upvalue of l_matches. */
static void push_list_cache(lua_State *L) {
  list_cache *c = lua_newuserdatauv(L, sizeof *c, LIST_CACHE_MAX);
  /* Zeroed before it has a __gc, so the collector never sees garbage. */
  memset(c, 0, sizeof *c);
  if (luaL_newmetatable(L, "sl.listcache")) {
    lua_pushcfunction(L, list_cache_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
}

/* [-0, +0, -] Compiles the array at items (the entries of a frozen list)
 * when it holds only strings; NULL when it does not, or out of memory:
 * either way the caller matches uncompiled. The string bytes are read in
 * place; the table keeps them alive while sl_wordset_new copies them. */
static sl_wordset *compile_items(lua_State *L, int items) {
  lua_Unsigned n = lua_rawlen(L, items); /* what __len of a frozen table gives */
  sl_span *spans;
  sl_wordset *ws;

  if (n > SIZE_MAX / sizeof *spans) return NULL;
  spans = malloc(n > 0 ? (size_t)n * sizeof *spans : 1);
  if (spans == NULL) return NULL;
  for (lua_Unsigned i = 0; i < n; i++) {
    if (lua_rawgeti(L, items, (lua_Integer)i + 1) != LUA_TSTRING) {
      lua_pop(L, 1);
      free(spans);
      return NULL;
    }
    spans[i].ptr = lua_tolstring(L, -1, &spans[i].len);
    lua_pop(L, 1);
  }
  ws = sl_wordset_new(spans, (size_t)n);
  free(spans);
  return ws;
}

/* [-0, +0, m] The compiled form of the word list at slot 2 (a table), or
 * NULL to match it uncompiled. Compiles and pins a frozen list seen for
 * the first time while the cache has room. */
static const sl_wordset *compiled_list(lua_State *L) {
  const int cache = lua_upvalueindex(1);
  list_cache *c = lua_touserdata(L, cache);
  const void *key = lua_topointer(L, 2);
  sl_wordset *ws = cache_find(c, key);
  int top = lua_gettop(L);

  if (ws != NULL || c->nlists >= LIST_CACHE_MAX) return ws;
  /* A miss: only now is it worth asking whether the list is frozen. */
  if (!sl_sandbox_frozen_items(L, 2)) return NULL;
  ws = compile_items(L, top + 1);
  lua_settop(L, top);
  if (ws == NULL) return NULL;
  lua_pushvalue(L, 2);
  lua_setiuservalue(L, cache, ++c->nlists); /* pins it; allocates nothing */
  cache_insert(c, key, ws);
  return ws;
}

/* [-0, +0, e] The list index of the first word of ws that matches the text
 * argument (slot 1: a string or an array), or limit when none below it
 * does. */
static size_t first_match(lua_State *L, const sl_wordset *ws, size_t limit,
                          sl_match_meter *m) {
  size_t tlen;
  const char *t;

  if (lua_type(L, 1) == LUA_TSTRING) {
    t = lua_tolstring(L, 1, &tlen);
    return sl_wordset_first_metered(ws, t, tlen, limit, m);
  }
  lua_Integer len = luaL_len(L, 1);
  /* Each text can only improve on the best so far; none beats word 0. */
  for (lua_Integer i = 1; i <= len && limit > 0; i++) {
    if (lua_geti(L, 1, i) == LUA_TSTRING) {
      t = lua_tolstring(L, -1, &tlen);
      limit = sl_wordset_first_metered(ws, t, tlen, limit, m);
    }
    lua_pop(L, 1);
  }
  return limit;
}

/* [-0, +(1|2), e] sl.matches with a compiled list at slot 2: as the
 * uncompiled path, the word returned is the list's own entry. */
static int matches_compiled(lua_State *L, const sl_wordset *ws) {
  size_t n = sl_wordset_count(ws);
  sl_match_meter m = match_meter(L);
  /* An empty list never looks at the text, as in the uncompiled path. */
  size_t best = n > 0 ? first_match(L, ws, n, &m) : n;

  charge_rest(&m);
  if (best == n) {
    lua_pushboolean(L, 0);
    return 1;
  }
  lua_pushboolean(L, 1);
  lua_geti(L, 2, (lua_Integer)best + 1);
  return 2;
}

/* [-0, +(1|2), e] sl.matches(text, words) -> true, word | false
 * The word list is checked in full before anything matches, so misuse
 * raises on every candidate, not only on those whose data reaches it.
 * Upvalue 1: the list_cache. */
static int l_matches(lua_State *L) {
  const sl_wordset *ws = NULL;
  size_t wlen;
  const char *w;

  /* A compiled list held only strings and cannot have changed since, so
   * it needs no check. */
  if (lua_type(L, 2) == LUA_TTABLE) ws = compiled_list(L);
  if (ws == NULL) check_strings(L, 2, 0, "string or array of strings");
  lua_settop(L, 2);
  /* The text is candidate data: anything but a string or a list of them
   * (a number, a JSON Resume skills object) simply does not match. */
  if (lua_type(L, 1) != LUA_TSTRING && lua_type(L, 1) != LUA_TTABLE) {
    lua_pushboolean(L, 0);
    return 1;
  }
  if (ws != NULL) return matches_compiled(L, ws);
  sl_match_meter m = match_meter(L);
  if (lua_type(L, 2) == LUA_TSTRING) {
    w = lua_tolstring(L, 2, &wlen);
    if (text_matches(L, w, wlen, &m)) {
      charge_rest(&m);
      lua_pushboolean(L, 1);
      lua_pushvalue(L, 2);
      return 2;
    }
  } else {
    lua_Integer len = luaL_len(L, 2);
    /* Words outside, texts inside: the word reported is the first of the
     * list that matches, which is what a rule's reason should quote. */
    for (lua_Integer i = 1; i <= len; i++) {
      if (lua_geti(L, 2, i) == LUA_TSTRING) { // stack: text, words, word
        w = lua_tolstring(L, 3, &wlen);
        if (text_matches(L, w, wlen, &m)) {
          charge_rest(&m);
          lua_pushboolean(L, 1);
          lua_insert(L, 3);
          return 2;
        }
      }
      lua_settop(L, 2);
    }
  }
  charge_rest(&m);
  lua_pushboolean(L, 0);
  return 1;
}

/* [-0, +1, m] */
void sl_helpers_push(lua_State *L, sl_ymd as_of) {
  char buf[48];
#ifndef NDEBUG
  int top = lua_gettop(L);
#endif
  assert(as_of.month >= 1 && as_of.month <= 12);
  assert(as_of.day >= 1 && as_of.day <= 31);

  lua_createtable(L, 0, 4);
  lua_pushcfunction(L, l_date);
  lua_setfield(L, -2, "date");
  lua_pushinteger(L, sl_month_abs(as_of.year, as_of.month));
  lua_pushcclosure(L, l_years, 1);
  lua_setfield(L, -2, "years");
  push_list_cache(L);
  lua_pushcclosure(L, l_matches, 1);
  lua_setfield(L, -2, "matches");
  sl_values_register(L, -1);
  snprintf(buf, sizeof buf, "%04d-%02d-%02d", as_of.year, as_of.month,
           as_of.day);
  lua_pushstring(L, buf);
  lua_setfield(L, -2, "as_of");
  assert(lua_gettop(L) == top + 1);
}
