/*
 * derive.c - sl.derive(fn): a value computed from a pack's params once per
 * run instead of once per candidate.
 *
 * Rules and modules often turn params into something handier (a list
 * normalised, a set built from a list) and would do it again for every
 * candidate, since nothing a rule computes may carry over to the next one.
 * `local d = sl.derive(fn)` at load time returns a function: d(p) is fn(p),
 * worked out when loading ends for the params of every loaded pack, before
 * any candidate exists, and frozen. So it cannot hold anything of a
 * candidate, and nothing can change it afterwards.
 *
 * d(p) with a table that is not a pack's params (or a derive made while
 * evaluating, or one whose fn raised at load) calls fn(p) each time: the
 * same answer, or the same error, only not saved.
 *
 * fn is frozen with the rules (its upvalues read-only, or put back after
 * every candidate) even when nothing else reaches it, since d calls it.
 */
#include <lauxlib.h>

#include "state.h"

#define DERIVES "sl.derives" /* registry: { fn, memo, fn, memo, ... } until loading ends */

/* d(p): the saved value for p, else fn(p). The memo is reachable only from
 * d's upvalue, where no rule can read or write it; a value saved as nil is
 * the memo itself. */
static int derived(lua_State *L) {
  lua_settop(L, 1);
  if (lua_istable(L, 1)) {
    lua_pushvalue(L, 1);
    if (lua_rawget(L, lua_upvalueindex(2)) != LUA_TNIL) {
      if (lua_rawequal(L, -1, lua_upvalueindex(2))) lua_pushnil(L);
      return 1;
    }
    lua_pop(L, 1);
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, 1);
  lua_call(L, 1, 1);
  return 1;
}

static int l_derive(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_settop(L, 1);
  lua_newtable(L); /* the memo */
  sl_state *S = sl_state_of(L);
  if (!S->frozen) { /* loading: worked out when it ends (sl_derive_settle) */
    if (lua_getfield(L, LUA_REGISTRYINDEX, DERIVES) != LUA_TTABLE) {
      lua_pop(L, 1);
      lua_newtable(L);
      lua_pushvalue(L, -1);
      lua_setfield(L, LUA_REGISTRYINDEX, DERIVES);
    }
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    lua_pushvalue(L, 1);
    lua_rawseti(L, -2, n + 1);
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, n + 2);
    lua_pop(L, 1);
  }
  lua_pushcclosure(L, derived, 2);
  return 1;
}

void sl_derive_register(lua_State *L, int sl_table) {
  sl_table = lua_absindex(L, sl_table);
  lua_pushcfunction(L, l_derive);
  lua_setfield(L, sl_table, "derive");
}

void sl_derive_freeze(sl_state *S) {
  lua_State *L = S->L;
  if (lua_getfield(L, LUA_REGISTRYINDEX, DERIVES) == LUA_TTABLE) {
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    for (lua_Integer i = 1; i <= n; i += 2) {
      lua_rawgeti(L, -1, i);
      sl_sandbox_freeze(L, -1);
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
}

/* [-0, +0] fn(p) for one pack's params into the memo; an error (or a limit)
 * leaves p out, so d(p) raises it again where a rule calls it. */
static void work_out(sl_state *S, int fn, int memo, int params) {
  lua_State *L = S->L;
  lua_pushvalue(L, fn);
  lua_pushvalue(L, params);
  sl_sandbox_arm(S);
  int st = sl_sandbox_call(L, 1, 1);
  sl_sandbox_disarm(S);
  if (st != LUA_OK || S->mem_tripped) { /* a tripped cap counts even when caught */
    lua_pop(L, 1);
    if (S->mem_tripped) lua_gc(L, LUA_GCCOLLECT);
    return;
  }
  sl_sandbox_freeze(L, -1);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushvalue(L, memo);
  }
  lua_pushvalue(L, params);
  lua_insert(L, -2);
  lua_rawset(L, memo);
}

void sl_derive_settle(sl_state *S) {
  lua_State *L = S->L;
  int top = lua_gettop(L);
  if (lua_getfield(L, LUA_REGISTRYINDEX, DERIVES) == LUA_TTABLE) {
    int derives = lua_gettop(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_params);
    int all = lua_gettop(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, derives);
    for (lua_Integer i = 1; i <= n; i += 2) {
      lua_rawgeti(L, derives, i);
      lua_rawgeti(L, derives, i + 1);
      for (size_t k = 0; k < S->spec->npacks; k++) {
        if (lua_rawgeti(L, all, (lua_Integer)k + 1) == LUA_TTABLE) {
          work_out(S, top + 3, top + 4, lua_gettop(L));
        }
        lua_pop(L, 1);
      }
      lua_pop(L, 2);
    }
  }
  lua_settop(L, top);
  lua_pushnil(L); /* loading is over: later derives are not worked out */
  lua_setfield(L, LUA_REGISTRYINDEX, DERIVES);
  /* An fn that assigned an upvalue: back to its value when frozen, as after
   * every candidate, so the first candidate starts where the others do. */
  sl_sandbox_restore_upvalues(S);
}
