/*
 * unwrap.c - frozen tables read without their proxy, where that is safe.
 *
 * Freezing (sandbox.c) moves a table's entries into a hidden table and
 * turns the table into an empty proxy whose metatable reads through to the
 * entries and refuses writes. Every read then costs three table lookups:
 * the proxy, its metatable's __index, the entries. Rules read frozen tables
 * all the time - their globals (pass, sl, string...) and the file-level
 * tables and modules they close over (`local CORE = {...}`, `local W =
 * require "lib.work"`).
 *
 * Where the bytecode proves that no code can ever write a frozen table it
 * reads (bytecode.h), the place it reads it from can hold the entries
 * instead of the proxy:
 *  - a chunk's environment (its _ENV upvalue), when no function of the
 *    chunk writes a global or takes _ENV as a value; the main function
 *    writes globals while loading, which is over by now;
 *  - an upvalue holding a frozen table, when every function able to reach
 *    it (all that capture the same local) only reads it by key.
 * The entries table is never handed out then: reading by key gives the
 * values (frozen themselves), never the table. Entries with a metatable of
 * their own are left behind their proxy, since a metamethod would receive
 * the table itself (the environment's metatable is the sandbox's own: its
 * __index only reads the key).
 *
 * Loading notes every chunk by its source name (sl_sandbox_note_chunk);
 * freezing notes every upvalue that holds a table and is never assigned
 * (sl_sandbox_note_upvalue); sl_sandbox_unwrap then decides and swaps.
 */
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "bytecode.h"
#include "state.h"

#define CHUNKS "sl.chunks"          /* source name -> main function, or false when two share it */
#define ENV_CHUNKS "sl.envchunks"   /* chunks whose environment can be unwrapped */
#define UPVALUES "sl.uvcandidates"  /* f1, i1, f2, i2, ... noted while freezing */
#define UNWRAPPED "sl.unwrapped"    /* weak set of the entries tables now in use */

/* [-0, +0] Appends the value at idx to the registry list `name`. */
static void append(lua_State *L, const char *name, int idx) {
  idx = lua_absindex(L, idx);
  sl_registry_table(L, name, 0);
  lua_pushvalue(L, idx);
  lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
  lua_pop(L, 1);
}

void sl_sandbox_note_chunk(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  lua_Debug ar;
  lua_pushvalue(L, idx);
  lua_getinfo(L, ">S", &ar);
  sl_registry_table(L, CHUNKS, 0);
  /* The same source twice (a module loaded again) is ambiguous: neither. */
  int seen = lua_getfield(L, -1, ar.source) != LUA_TNIL;
  lua_pop(L, 1);
  if (seen) lua_pushboolean(L, 0); else lua_pushvalue(L, idx);
  lua_setfield(L, -2, ar.source);
  lua_pop(L, 1);
  if (sl_bytecode_env_read_only(L, idx)) append(L, ENV_CHUNKS, idx);
}

void sl_sandbox_note_upvalue(lua_State *L, int f, int i) {
  append(L, UPVALUES, f);
  lua_pushinteger(L, i);
  append(L, UPVALUES, -1);
  lua_pop(L, 1);
}

int sl_sandbox_is_unwrapped(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  if (lua_getfield(L, LUA_REGISTRYINDEX, UNWRAPPED) != LUA_TTABLE) {
    lua_pop(L, 1);
    return 0;
  }
  lua_pushvalue(L, idx);
  int yes = lua_rawget(L, -2) != LUA_TNIL;
  lua_pop(L, 2);
  return yes;
}

/* [-0, +0] Upvalue i of the function at f holds a frozen table: put its
 * entries there instead, when they have no metatable (or, for an
 * environment, the sandbox's). */
static void swap_in_entries(lua_State *L, int f, int i, int is_env) {
  lua_getupvalue(L, f, i);
  if (!sl_sandbox_frozen_items(L, -1)) {
    lua_pop(L, 1);
    return;
  }
  int has_mt = lua_getmetatable(L, -1);
  if (has_mt) lua_pop(L, 1);
  if (has_mt && !is_env) {
    lua_pop(L, 2);
    return;
  }
  sl_registry_table(L, UNWRAPPED, 1);
  lua_pushvalue(L, -2);
  lua_pushboolean(L, 1);
  lua_rawset(L, -3);
  lua_pop(L, 1);
  /* The upvalue is shared by every closure that captured the same local
   * (for _ENV: every function of the chunk), so this switches them all. */
  lua_setupvalue(L, f, i);
  lua_pop(L, 1);
}

static void unwrap_envs(lua_State *L) {
  if (lua_getfield(L, LUA_REGISTRYINDEX, ENV_CHUNKS) != LUA_TTABLE) {
    lua_pop(L, 1);
    return;
  }
  int chunks = lua_gettop(L);
  lua_Integer n = (lua_Integer)lua_rawlen(L, chunks);
  for (lua_Integer k = 1; k <= n; k++) {
    lua_rawgeti(L, chunks, k);
    swap_in_entries(L, lua_gettop(L), 1, 1); /* a chunk whose env was never frozen stays */
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* The chunk trees read so far in one sl_sandbox_unwrap, by main function. */
typedef struct tree_cache {
  const void *main;
  sl_chunk_tree *tree;
  struct tree_cache *next;
} tree_cache;

/* [-0, +0] The tree of the chunk that made the function at f; NULL when
 * that chunk is unknown, ambiguous or unreadable. */
static sl_chunk_tree *tree_of(lua_State *L, int f, tree_cache **cache) {
  int top = lua_gettop(L);
  lua_Debug ar;
  lua_pushvalue(L, f);
  lua_getinfo(L, ">S", &ar);
  if (lua_getfield(L, LUA_REGISTRYINDEX, CHUNKS) != LUA_TTABLE ||
      lua_getfield(L, -1, ar.source) != LUA_TFUNCTION) {
    lua_settop(L, top);
    return NULL;
  }
  const void *main = lua_topointer(L, -1);
  tree_cache *c = *cache;
  while (c && c->main != main) c = c->next;
  if (!c && (c = calloc(1, sizeof *c)) != NULL) {
    c->main = main;
    c->tree = sl_bytecode_chunk_tree(L, -1);
    c->next = *cache;
    *cache = c;
  }
  lua_settop(L, top);
  return c ? c->tree : NULL;
}

static void unwrap_upvalues(lua_State *L) {
  if (lua_getfield(L, LUA_REGISTRYINDEX, UPVALUES) != LUA_TTABLE) {
    lua_pop(L, 1);
    return;
  }
  int list = lua_gettop(L);
  lua_Integer n = (lua_Integer)lua_rawlen(L, list);
  tree_cache *cache = NULL;
  const void *last = NULL; /* a function's upvalues come one after another */
  sl_uvmask readonly;
  memset(&readonly, 0, sizeof readonly);
  for (lua_Integer k = 1; k + 1 <= n; k += 2) {
    lua_rawgeti(L, list, k + 1);
    int i = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    lua_rawgeti(L, list, k);
    int f = lua_gettop(L);
    if (lua_topointer(L, f) != last) {
      last = lua_topointer(L, f);
      sl_chunk_tree *tree = tree_of(L, f, &cache);
      sl_bytecode_key_read_upvalues(tree, L, f, &readonly);
    }
    if (sl_uvmask_has(&readonly, i)) swap_in_entries(L, f, i, 0);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  while (cache) {
    tree_cache *next = cache->next;
    sl_bytecode_chunk_tree_free(cache->tree);
    free(cache);
    cache = next;
  }
}

void sl_sandbox_unwrap(lua_State *L) {
  unwrap_envs(L);
  unwrap_upvalues(L);
  /* Each noted once: the lists start again empty (for modules required
   * later, frozen and unwrapped then). */
  lua_pushnil(L);
  lua_setfield(L, LUA_REGISTRYINDEX, ENV_CHUNKS);
  lua_pushnil(L);
  lua_setfield(L, LUA_REGISTRYINDEX, UPVALUES);
}
