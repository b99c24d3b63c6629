/*
 * ordered.c - next() in the same order on every run (see ordered.h).
 *
 * Lua's own next() walks a table in hash order, and Lua 5.4 seeds its
 * string hashes from the clock and from addresses: the same table is walked
 * in a different order on every run, and even by two worker threads of one
 * run. A rule that builds a reason with pairs() would then make different
 * output from the same input, against the promise that same inputs give
 * byte-identical output.
 *
 * The order here: numbers (ascending), then strings (byte-wise), then false
 * and true, then keys of other types (tables, functions: nothing to order
 * them by) in the order the table holds them.
 *
 * A traversal starts with next(t, nil): the smallest key, found by one scan.
 * The second call sorts the keys once and keeps them (with each key's
 * position) for the rest of the traversal, so a whole pairs() loop costs one
 * sort. The kept order lives in a weak table and is dropped when the next
 * traversal of the same table starts. The key given last is noted too: a
 * loop may clear it before asking for the next (Lua allows that), and the
 * walk then goes on after where it sorted.
 */
#include "ordered.h"

#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"

#define KEPT "sl.ordered" /* weak keys: table -> { keys = {...}, at = {key = i} } */
#define LAST "sl.ordered.last" /* weak keys: table -> the key next() gave last */

typedef struct key_info {
  int rank; /* 0 numbers, 1 strings, 2 booleans, 3 others */
  int is_int;
  lua_Integer i;
  lua_Number n;
  const char *s; /* strings: anchored by the keys table while sorting */
  size_t len;
  int b;
  int found; /* position in the table's own order: ties of rank 3 */
} key_info;

static void describe(lua_State *L, int idx, int found, key_info *k) {
  memset(k, 0, sizeof *k);
  k->found = found;
  switch (lua_type(L, idx)) {
  case LUA_TNUMBER:
    k->is_int = lua_isinteger(L, idx);
    if (k->is_int) k->i = lua_tointeger(L, idx);
    k->n = lua_tonumber(L, idx);
    break;
  case LUA_TSTRING:
    k->rank = 1;
    k->s = lua_tolstring(L, idx, &k->len);
    break;
  case LUA_TBOOLEAN:
    k->rank = 2;
    k->b = lua_toboolean(L, idx);
    break;
  default:
    k->rank = 3;
  }
}

/* <0, 0, >0 as a sorts before, with, after b. */
static int compare(const key_info *a, const key_info *b) {
  if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
  switch (a->rank) {
  case 0:
    if (a->is_int && b->is_int) {
      if (a->i != b->i) return a->i < b->i ? -1 : 1;
    } else if (a->n != b->n) {
      return a->n < b->n ? -1 : 1;
    } else if (a->is_int != b->is_int) { /* a huge integer next to a float */
      return a->is_int ? -1 : 1;
    }
    break;
  case 1: {
    int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
    if (c) return c;
    if (a->len != b->len) return a->len < b->len ? -1 : 1;
    break;
  }
  case 2:
    if (a->b != b->b) return a->b ? 1 : -1;
    break;
  }
  return (a->found > b->found) - (a->found < b->found);
}

static int compare_keys(const void *a, const void *b) { return compare(a, b); }

/* [-0, +1, m] The kept order of the table at t: sorts its keys and keeps
 * them. Pushes the { keys, at } record. Adds the work done to *work. */
static void keep_order(lua_State *L, int t, size_t *work) {
  lua_Integer n = 0;
  lua_newtable(L); /* keys, in the table's own order first */
  int keys = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_rawseti(L, keys, ++n);
  }
  /* Memory Lua owns: a memory cap tripping below cannot leak it. */
  key_info *info = lua_newuserdatauv(L, (size_t)n * sizeof *info + 1, 0);
  int info_at = lua_gettop(L);
  size_t log2n = 1;
  while (((size_t)1 << log2n) < (size_t)n) log2n++;
  *work += (size_t)n * (log2n + 1);
  for (lua_Integer i = 0; i < n; i++) {
    lua_rawgeti(L, keys, i + 1);
    describe(L, -1, (int)i, &info[i]);
    lua_pop(L, 1); /* the string stays anchored in keys */
  }
  qsort(info, (size_t)n, sizeof *info, compare_keys);
  lua_createtable(L, 0, 2);
  int record = lua_gettop(L);
  lua_createtable(L, (int)n, 0);
  lua_createtable(L, 0, (int)n);
  for (lua_Integer i = 0; i < n; i++) {
    lua_rawgeti(L, keys, info[i].found + 1);
    lua_pushvalue(L, -1);
    lua_rawseti(L, record + 1, i + 1);
    lua_pushinteger(L, i + 1);
    lua_rawset(L, record + 2);
  }
  lua_setfield(L, record, "at");
  lua_setfield(L, record, "keys");
  lua_remove(L, info_at);
  lua_remove(L, keys);
}

/* How many of the sorted keys come before k (at index k), a key the table
 * no longer holds (the loop cleared it): the walk goes on after them. Keys
 * of other types have no place to search for: -1. */
static lua_Integer count_before(lua_State *L, int keys, int k) {
  key_info want, have;
  describe(L, k, -1, &want);
  if (want.rank == 3) return -1;
  lua_Integer lo = 0, hi = (lua_Integer)lua_rawlen(L, keys);
  while (lo < hi) {
    lua_Integer mid = lo + (hi - lo) / 2;
    lua_rawgeti(L, keys, mid + 1);
    describe(L, -1, (int)mid, &have);
    int before = compare(&have, &want) < 0;
    lua_pop(L, 1);
    if (before) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* [-0, +0, m] Notes the key at idx as the one next() gave last for t. */
static void note_last(lua_State *L, int t, int idx) {
  idx = lua_absindex(L, idx);
  sl_registry_table(L, LAST, 1);
  lua_pushvalue(L, t);
  lua_pushvalue(L, idx);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

/* 1 when the key at k is the one next() gave last for t. */
static int was_last(lua_State *L, int t, int k) {
  sl_registry_table(L, LAST, 1);
  lua_pushvalue(L, t);
  lua_rawget(L, -2);
  int same = lua_rawequal(L, -1, k);
  lua_pop(L, 2);
  return same;
}

/* [-0, +(1|2)] The smallest key of t and its value, or nil. */
static int first(lua_State *L, int t, size_t *work) {
  int found = 0, best = 0;
  key_info min, k;
  lua_pushnil(L); /* best key so far, at best */
  best = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    describe(L, -1, found, &k);
    if (!found++ || compare(&k, &min) < 0) {
      lua_pushvalue(L, -1);
      lua_replace(L, best);
      describe(L, best, k.found, &min); /* the copy at best anchors its string */
    }
  }
  *work += (size_t)found;
  if (!found) return 1; /* the nil at best */
  note_last(L, t, best);
  lua_pushvalue(L, best);
  lua_rawget(L, t);
  return 2;
}

int sl_ordered_next(lua_State *L, int t, int k, size_t *work) {
  t = lua_absindex(L, t);
  k = lua_absindex(L, k);
  sl_registry_table(L, KEPT, 1);
  int kept = lua_gettop(L);
  if (lua_isnil(L, k)) { /* a new traversal: whatever was kept is stale */
    lua_pushvalue(L, t);
    lua_pushnil(L);
    lua_rawset(L, kept);
    return first(L, t, work);
  }
  lua_pushvalue(L, t);
  int fresh = lua_rawget(L, kept) != LUA_TTABLE;
  lua_Integer i; /* the keys up to i (in order) have been walked */
  for (;;) {
    if (fresh) { /* sort now (the first step after next(t, nil)), or again */
      lua_settop(L, kept);
      keep_order(L, t, work);
      lua_pushvalue(L, t);
      lua_pushvalue(L, -2);
      lua_rawset(L, kept);
    }
    lua_getfield(L, kept + 1, "at");
    lua_pushvalue(L, k);
    if (lua_rawget(L, -2) == LUA_TNUMBER) {
      i = lua_tointeger(L, -1);
      break;
    }
    if (fresh) {
      /* k is not a key of t. The one next() gave last may have been cleared
       * by the loop since (allowed): go on after where it was. Any other
       * key is not part of this walk. */
      lua_getfield(L, kept + 1, "keys");
      i = was_last(L, t, k) ? count_before(L, lua_gettop(L), k) : -1;
      if (i < 0) return luaL_error(L, "invalid key to 'next'");
      break;
    }
    fresh = 1; /* not among the kept keys: the table changed since the sort */
  }
  lua_getfield(L, kept + 1, "keys");
  int keys = lua_gettop(L);
  lua_Integer n = (lua_Integer)lua_rawlen(L, keys);
  for (i++; i <= n; i++) { /* skipping fields cleared since the sort */
    lua_rawgeti(L, keys, i);
    lua_pushvalue(L, -1);
    if (lua_rawget(L, t) != LUA_TNIL) {
      note_last(L, t, -2);
      return 2;
    }
    lua_pop(L, 2);
  }
  lua_pushnil(L);
  return 1;
}
