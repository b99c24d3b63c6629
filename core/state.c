/*
 * state.c - build and close one worker lua_State.
 *
 * Building is done inside a C function run by lua_pcall, so an allocation
 * failure or error during setup is reported, not fatal. Order: counting
 * allocator, sandbox, sl helpers, pack API, then every pack's files in
 * order, param overrides, lint, and finally freezing everything rules can
 * reach.
 */
#include <lauxlib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "plugins.h"
#include "state.h"

/* Strings of at least this many bytes cost a rule call one instruction
 * for every SL_STRING_BYTES_PER_STEP of them when made (see
 * counting_alloc). */
#define SL_CHARGED_STRING_BYTES 1024
#define SL_STRING_BYTES_PER_STEP 16

/* A new long string made in a rule call is charged (see counting_alloc).
 * Out of the allocator's way: it runs for every block of every record. */
#if defined(__GNUC__)
__attribute__((cold, noinline))
#endif
static void charge_long_string(sl_state *S, void *ptr, size_t osize, size_t nsize) {
  if (!ptr && osize == LUA_TSTRING) sl_sandbox_charge_later(S, nsize / SL_STRING_BYTES_PER_STEP);
}

/* Counting allocator: the memory cap applies only while armed (during a
 * rule call); once tripped it keeps failing until disarmed.
 *
 * A new long string (for a new block Lua passes the object's type as
 * osize) is charged to the instruction budget by its size: concatenation,
 * rep, sub, lower, format, table.concat... copy bytes in C, where the count
 * hook sees one instruction, so a loop of them over long text could run
 * for hours within its budget. Long strings are never shared (Lua interns
 * only short ones), so the charge is the same on every run, whatever the
 * state made before. */
static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  sl_state *S = ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    sl_alloc_realloc(S->alloc, ptr, old, 0);
    S->mem_used -= old;
    return NULL;
  }
  if (S->mem_armed) { /* in a rule call; decoding a record is not */
    if (nsize > old && (S->mem_tripped || S->mem_used + (nsize - old) > S->mem_limit)) {
      S->mem_tripped = 1;
      return NULL;
    }
    if (nsize >= SL_CHARGED_STRING_BYTES) charge_long_string(S, ptr, osize, nsize);
  }
  void *p = sl_alloc_realloc(S->alloc, ptr, old, nsize);
  if (p) S->mem_used = S->mem_used - old + nsize;
  return p;
}

void sl_state_push_chunk_env(sl_state *S, int pack) {
  lua_State *L = S->L;
  sl_sandbox_new_env(L);
  lua_getfield(L, LUA_REGISTRYINDEX, "sl.require");
  lua_rawgeti(L, -1, pack + 1);
  lua_setfield(L, -3, "require");
  lua_pop(L, 1);
}

static int new_ref_table(lua_State *L) {
  lua_newtable(L);
  return luaL_ref(L, LUA_REGISTRYINDEX);
}

int sl_has_location(const char *m) {
  const char *colon = strchr(m, ':');
  if (!colon || colon == m || memchr(m, '\n', (size_t)(colon - m))) return 0;
  const char *d = colon + 1;
  if (*d < '0' || *d > '9') return 0;
  while (*d >= '0' && *d <= '9') d++;
  return *d == ':';
}

/* [-0, +0] Runs one source file of pack k in its own environment. */
static int run_file(sl_state *S, int k, const sl_source *src, sl_error *err) {
  lua_State *L = S->L;
  S->cur_file = src->path;
  lua_pushfstring(L, "@%s", src->path);
  int st = luaL_loadbufferx(L, src->text, src->len, lua_tostring(L, -1), "t");
  lua_remove(L, -2);
  if (st != LUA_OK) {
    sl_error_set(err, SL_ECOMPILE, "%s", lua_tostring(L, -1));
    lua_pop(L, 1);
    return SL_ECOMPILE;
  }
  sl_state_push_chunk_env(S, k);
  lua_setupvalue(L, -2, 1);
  sl_sandbox_note_chunk(L, -1);
  sl_sandbox_arm(S);
  st = sl_sandbox_call(L, 0, 0);
  sl_sandbox_disarm(S);
  if (st == LUA_OK && S->mem_tripped) { /* a pcall caught the cap: it still counts */
    lua_pushnil(L);
    st = LUA_ERRMEM;
  }
  if (st != LUA_OK) {
    char limit[160];
    const char *msg = lua_tostring(L, -1);
    if (sl_sandbox_limit_message(S, limit, sizeof limit)) {
      sl_error_set(err, SL_ECOMPILE, "%s: %s", src->path, limit);
    } else if (!msg || !sl_has_location(msg)) {
      /* error({}), error("x", 0): at least the file */
      sl_error_set(err, SL_ECOMPILE, "%s: %s", src->path, msg ? msg : "error without a message");
    } else {
      sl_error_set(err, SL_ECOMPILE, "%s", msg);
    }
    lua_pop(L, 1);
    return SL_ECOMPILE;
  }
  return 0;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* What a table parameter holds: 0 nothing, 1 a list (keys 1..n), 2 an
 * object (other keys). A JSON array and a JSON object decode to tables
 * alike; --set keeps a list a list. */
static int table_shape(lua_State *L, int t) {
  lua_Unsigned n = lua_rawlen(L, t), keys = 0;
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    keys++;
  }
  return keys == 0 ? 0 : keys == n ? 1 : 2;
}

/* The first element of list `now` whose type differs from the elements of
 * list `was` (when those all have one type), or 0: a list of words stays a
 * list of words. */
static lua_Integer odd_element(lua_State *L, int was, int now) {
  lua_Integer n = (lua_Integer)lua_rawlen(L, was), m = (lua_Integer)lua_rawlen(L, now), bad = 0;
  int type = lua_rawgeti(L, was, 1);
  lua_pop(L, 1);
  for (lua_Integer i = 2; i <= n; i++) {
    int t = lua_rawgeti(L, was, i);
    lua_pop(L, 1);
    if (t != type) return 0;
  }
  for (lua_Integer i = 1; i <= m && !bad; i++) {
    if (lua_rawgeti(L, now, i) != type) bad = i;
    lua_pop(L, 1);
  }
  return bad;
}

/* [-0, +0] Applies --set overrides to the packs' params, checking that each
 * key exists and keeps its type (a finite number for a number, a list for a
 * list, an object for an object). */
static int apply_overrides(sl_state *S, sl_error *err) {
  lua_State *L = S->L;
  const sl_state_spec *spec = S->spec;
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_params);
  int params = lua_gettop(L);
  /* What the messages call an override: a test case's are its params. */
  const char *set = spec->case_params ? "params." : "--set ";
  for (size_t i = 0; i < spec->noverrides; i++) {
    const sl_override *o = &spec->overrides[i];
    int found = 0;
    for (size_t k = 0; k < spec->npacks; k++) {
      lua_rawgeti(L, params, (lua_Integer)k + 1);
      int pt = lua_gettop(L);
      int t = lua_getfield(L, pt, o->key);
      if (t != LUA_TNIL) {
        found = 1;
        if (sl_json_decode(S->decoder, o->json, strlen(o->json), err)) {
          lua_settop(L, params - 1);
          return sl_error_set(err, SL_EINVAL, "%s%s: %s", set, o->key, err->msg);
        }
        int nt = lua_type(L, -1);
        if (nt != t) {
          const char *want = lua_typename(L, t), *got = lua_typename(L, nt);
          lua_settop(L, params - 1);
          if (t == LUA_TSTRING && spec->case_params) {
            return sl_error_set(err, SL_EINVAL,
                                "params.%s: the parameter is a string, got a %s (%s); for the "
                                "text, quote it: \"%s\"",
                                o->key, got, o->json, o->json);
          }
          if (t == LUA_TSTRING) { /* 12 or true read as JSON: say how to give it as text */
            return sl_error_set(err, SL_EINVAL,
                                "--set %s: the parameter is a string, got a %s (%s); for the "
                                "text, quote it: --set '%s=\"%s\"'",
                                o->key, got, o->json, o->key, o->json);
          }
          return sl_error_set(err, SL_EINVAL,
                              "%s%s: the parameter is a %s, got a %s (%s)", set, o->key, want,
                              got, o->json);
        }
        if (nt == LUA_TNUMBER && !isfinite(lua_tonumber(L, -1))) {
          lua_settop(L, params - 1);
          return sl_error_set(err, SL_EINVAL, "%s%s: %s is not a finite number", set, o->key,
                              o->json);
        }
        int was = nt == LUA_TTABLE ? table_shape(L, pt + 1) : 0;
        int now = nt == LUA_TTABLE ? table_shape(L, lua_gettop(L)) : 0;
        if (was && now && was != now) {
          lua_settop(L, params - 1);
          return sl_error_set(err, SL_EINVAL, "%s%s: the parameter is %s, got %s (%s)",
                              set, o->key, was == 1 ? "a list" : "an object",
                              now == 1 ? "a list" : "an object", o->json);
        }
        lua_Integer bad = was == 1 && now == 1 ? odd_element(L, pt + 1, lua_gettop(L)) : 0;
        if (bad) {
          lua_rawgeti(L, pt + 1, 1);
          const char *want = luaL_typename(L, -1);
          lua_rawgeti(L, -2, bad);
          const char *got = luaL_typename(L, -1);
          sl_error_set(err, SL_EINVAL, "%s%s: the list holds %ss, element %lld is a %s (%s)",
                       set, o->key, want, (long long)bad, got, o->json);
          lua_settop(L, params - 1);
          return SL_EINVAL;
        }
        lua_setfield(L, pt, o->key);
      }
      lua_settop(L, pt - 1);
    }
    if (!found) {
      /* Known names, sorted: table order varies from run to run. */
      const char *names[256];
      size_t nnames = 0;
      for (size_t k = 0; k < spec->npacks; k++) {
        lua_rawgeti(L, params, (lua_Integer)k + 1);
        lua_pushnil(L);
        while (lua_next(L, -2)) {
          lua_pop(L, 1);
          if (lua_type(L, -1) == LUA_TSTRING && nnames < 256) names[nnames++] = lua_tostring(L, -1);
        }
        lua_pop(L, 1);
      }
      qsort(names, nnames, sizeof *names, cmp_names);
      sl_buf known = SL_BUF_INIT;
      for (size_t k = 0; k < nnames; k++) {
        sl_buf_puts(&known, k ? ", " : "");
        sl_buf_puts(&known, names[k]);
      }
      sl_error_set(err, SL_EINVAL, "%s%s: no loaded pack has a parameter '%s' (known: %s)",
                   set, o->key, o->key, known.len ? sl_buf_cstr(&known) : "none");
      sl_buf_free(&known);
      lua_settop(L, params - 1);
      return SL_EINVAL;
    }
  }
  lua_settop(L, params - 1);
  return 0;
}

static void check_duplicate_pack_names(sl_state *S) {
  /* Pack names too: results, --set and explain name packs by them. */
  for (size_t k = 0; k < S->spec->npacks; k++) {
    for (size_t m = 0; m < k && S->pack_names[k]; m++) {
      if (S->pack_names[m] && strcmp(S->pack_names[k], S->pack_names[m]) == 0) {
        sl_buf_printf(&S->problems, "%s:1: pack name '%s' is already the name of %s\n",
                      S->spec->packs[k]->files[0].path, S->pack_names[k],
                      S->spec->packs[m]->files[0].path);
        break;
      }
    }
  }
  /* Rule ids: pack.c, as each rule is defined. */
}

/* [-0, +0] Freezes all that rules can reach: the base environment, params,
 * every rule and fact function (and through their upvalues, the chunk
 * environments and tables defined at load time). */
static void freeze_all(sl_state *S) {
  lua_State *L = S->L;
  /* The base table itself is reachable only through the environments'
   * lookup, which reads it: its values need freezing, not the table. */
  lua_getfield(L, LUA_REGISTRYINDEX, "sl.base");
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    sl_sandbox_freeze(L, -1);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  int refs[] = {S->ref_params, S->ref_rulefns, S->ref_factfns};
  for (size_t r = 0; r < sizeof refs / sizeof refs[0]; r++) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, refs[r]);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      sl_sandbox_freeze(L, -1);
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
}

/* require(name) of a plugin's Lua module: its source, run in a sandbox
 * environment of its own. */
static int open_plugin_module(lua_State *L) {
  sl_state *S = sl_state_of(L);
  const sl_lua_module *m = &S->spec->modules[lua_tointeger(L, lua_upvalueindex(1))];
  lua_pushfstring(L, "@plugin:%s", m->name);
  if (luaL_loadbufferx(L, m->source, m->len, lua_tostring(L, -1), "t") != LUA_OK) {
    return lua_error(L);
  }
  sl_sandbox_new_env(L);
  sl_pack_push_plugin_require(L);
  lua_setfield(L, -2, "require");
  lua_setupvalue(L, -2, 1);
  sl_sandbox_note_chunk(L, -1);
  lua_pushstring(L, m->name);
  lua_call(L, 1, 1);
  return 1;
}

typedef struct build_args {
  sl_state *S;
  sl_error *err;
  int rc;
} build_args;

static int facts_index(lua_State *L);
static int facts_newindex(lua_State *L);

/* Runs under lua_pcall: any Lua error during setup is caught. */
static int build(lua_State *L) {
  build_args *a = lua_touserdata(L, 1);
  sl_state *S = a->S;
  const sl_state_spec *spec = S->spec;
  lua_settop(L, 0);

  sl_sandbox_open(S);
  S->ref_rulefns = new_ref_table(L);
  S->ref_params = new_ref_table(L);
  S->ref_facts = new_ref_table(L);
  S->ref_factfns = new_ref_table(L);
  S->ref_factnames = new_ref_table(L);
  S->ref_fact_clash = new_ref_table(L);
  S->fact_reader = -1;
  lua_pushboolean(L, 0);
  S->ref_cand = luaL_ref(L, LUA_REGISTRYINDEX);

  lua_getfield(L, LUA_REGISTRYINDEX, "sl.base");
  int base = lua_gettop(L);
  sl_helpers_push(L, spec->as_of);
  sl_derive_register(L, -1);
  lua_setfield(L, base, "sl");
  sl_pack_api_open(S, base);
  lua_pop(L, 1);

  lua_newtable(L); /* one require per pack */
  for (size_t k = 0; k < spec->npacks; k++) {
    sl_pack_push_require(L, (int)k);
    lua_rawseti(L, -2, (lua_Integer)k + 1);
  }
  lua_setfield(L, LUA_REGISTRYINDEX, "sl.require");

  lua_createtable(L, 0, (int)spec->nmodules); /* plugin modules by name */
  for (size_t i = 0; i < spec->nmodules; i++) {
    lua_pushinteger(L, (lua_Integer)i);
    lua_pushcclosure(L, open_plugin_module, 1);
    lua_setfield(L, -2, spec->modules[i].name);
  }
  lua_setfield(L, LUA_REGISTRYINDEX, "sl.modules");

  /* Facts. Each candidate gets a fresh table of fact values, whose __index
   * computes a fact on first use and stores it there. Rules and facts never
   * see that table: they get f, an empty proxy whose metatable reads
   * through to the values (__index, a table: no C call once a fact is
   * computed) and refuses every write, so that no rule can replace a value
   * that other rules read. eval.c points the proxy at each candidate's
   * values. */
  lua_createtable(L, 0, 3); /* the metatable of every candidate's values */
  lua_newtable(L); /* the error of each fact that raised, for this candidate */
  lua_newtable(L); /* the values of facts whose name several packs declare */
  lua_pushcclosure(L, facts_index, 2);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, facts_newindex);
  lua_setfield(L, -2, "__newindex");
  lua_pushliteral(L, "facts");
  lua_setfield(L, -2, "__metatable");
  S->ref_facts_mt = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_createtable(L, 0, 3); /* f's metatable */
  lua_newtable(L); /* until a candidate's values are there: no fact computed */
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_facts_mt);
  lua_setmetatable(L, -2);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, facts_newindex);
  lua_setfield(L, -2, "__newindex");
  lua_pushliteral(L, "facts");
  lua_setfield(L, -2, "__metatable");
  lua_newtable(L); /* f */
  lua_pushvalue(L, -2);
  lua_setmetatable(L, -2);
  S->ref_f = luaL_ref(L, LUA_REGISTRYINDEX);
  S->ref_f_mt = luaL_ref(L, LUA_REGISTRYINDEX);

  for (size_t k = 0; k < spec->npacks; k++) {
    const sl_pack *p = spec->packs[k];
    S->cur_pack = (int)k;
    S->pack_called = 0;
    for (size_t j = 0; j < p->nfiles; j++) {
      S->cur_rule = j == 0 ? -2 : -1; /* -2: pack.lua, where pack{} belongs */
      a->rc = run_file(S, (int)k, &p->files[j], a->err);
      S->cur_rule = -1;
      if (a->rc) return 0;
      if (j == 0 && !S->pack_called) {
        sl_buf_printf(&S->problems, "%s:1: pack.lua must call pack { name = \"...\" }\n",
                      p->files[0].path);
        lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_params);
        lua_newtable(L);
        lua_rawseti(L, -2, (lua_Integer)k + 1);
        lua_pop(L, 1);
      }
    }
  }
  S->cur_file = NULL;
  check_duplicate_pack_names(S);
  if (S->problems.len) {
    a->rc = sl_error_set(a->err, SL_ELINT, "%.*s", (int)S->problems.len - 1, S->problems.data);
    return 0;
  }
  a->rc = apply_overrides(S, a->err);
  if (a->rc) return 0;
  freeze_all(S);
  sl_derive_freeze(S);
  sl_sandbox_unwrap(L);
  S->frozen = 1;
  sl_derive_settle(S);
  S->fact_epoch = calloc(S->nfacts + 1, sizeof *S->fact_epoch);
  S->fact_status = calloc(S->nfacts + 1, 1);
  S->fact_order = calloc(S->nfacts + 1, sizeof *S->fact_order);
  S->fact_call = calloc(S->nfacts + 1, sizeof *S->fact_call);
  if (!S->fact_epoch || !S->fact_status || !S->fact_order || !S->fact_call) {
    return luaL_error(L, "out of memory");
  }
  /* facts_index keeps a failed fact's error and a clashing fact's value by
   * index: sized now, so that keeping one never allocates (a memory cap
   * tripped in the rule call would make that fail, and lose it). */
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_facts_mt);
  lua_getfield(L, -1, "__index");
  for (int u = 1; u <= 2; u++) {
    lua_getupvalue(L, -1, u);
    for (size_t i = 1; i <= S->nfacts; i++) {
      lua_pushboolean(L, 0);
      lua_rawseti(L, -2, (lua_Integer)i);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 2);
  lua_gc(L, LUA_GCCOLLECT);
  lua_gc(L, LUA_GCGEN, 0, 0); /* most garbage is one candidate's tables */
  return 0;
}

int sl_state_new(const sl_state_spec *spec, sl_state **out, sl_error *err) {
  sl_state *S = calloc(1, sizeof *S);
  if (!S) return sl_error_set(err, SL_ENOMEM, "out of memory creating a Lua state");
  S->spec = spec;
  S->cur_rule = -1;
  S->instr_budget = spec->max_instructions;
  S->pack_names = calloc(spec->npacks + 1, sizeof *S->pack_names);
  S->alloc = S->pack_names ? sl_alloc_new(SL_ALLOC_REGION_BYTES) : NULL;
  S->L = S->alloc ? lua_newstate(counting_alloc, S) : NULL;
  if (!S->L) {
    sl_alloc_delete(S->alloc);
    free(S->pack_names);
    free(S);
    return sl_error_set(err, SL_ENOMEM, "out of memory creating a Lua state");
  }
  *(sl_state **)lua_getextraspace(S->L) = S;
  S->decoder = sl_json_decoder_new(S->L);
  sl_sandbox_reset_limits(S);
  S->instr_tripped = 1; /* installs the hook */
  sl_sandbox_reset_limits(S);

  build_args a = {S, err, 0};
  lua_pushcfunction(S->L, build);
  lua_pushlightuserdata(S->L, &a);
  int st = S->decoder ? lua_pcall(S->L, 1, 0, 0) : LUA_ERRMEM;
  if (st != LUA_OK) {
    a.rc = sl_error_set(err, st == LUA_ERRMEM ? SL_ENOMEM : SL_ECOMPILE, "%s",
                        st == LUA_ERRMEM ? "out of memory building a Lua state"
                                         : lua_tostring(S->L, -1));
  }
  if (a.rc && !(a.rc == SL_ELINT && spec->collect_problems)) {
    sl_state_free(S);
    return a.rc;
  }
  lua_settop(S->L, 0);
  *out = S;
  return a.rc;
}

void sl_state_free(sl_state *S) {
  if (!S) return;
  if (S->L) lua_close(S->L);
  sl_alloc_delete(S->alloc); /* after lua_close: it frees through it */
  sl_json_decoder_free(S->decoder);
  for (size_t i = 0; i < S->nrules; i++) {
    free((char *)S->rules[i].id);
    free((char *)S->rules[i].title);
    free((char *)S->rules[i].file);
  }
  free(S->rules);
  free(S->rule_pack);
  free(S->rule_has_when);
  free(S->rule_args);
  free(S->fact_pack);
  free(S->fact_epoch);
  free(S->reasons);
  for (uint32_t i = 0; i < S->nload_reasons; i++) free(S->load_reasons[i].text);
  free(S->load_reasons);
  free(S->fact_status);
  free(S->fact_call);
  free(S->fact_order);
  free(S->uv_index);
  if (S->pack_names) {
    for (size_t k = 0; k < S->spec->npacks; k++) free(S->pack_names[k]);
    free(S->pack_names);
  }
  sl_buf_free(&S->log);
  sl_buf_free(&S->problems);
  free(S);
}

void sl_registry_table(lua_State *L, const char *name, int weak_keys) {
  if (lua_getfield(L, LUA_REGISTRYINDEX, name) == LUA_TTABLE) return;
  lua_pop(L, 1);
  lua_newtable(L);
  if (weak_keys) {
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
  }
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, name);
}

/* ---- facts: computed on first use, once per candidate ---- */

/* Where a fact stands for the current candidate (S->fact_status[i], valid
 * while S->fact_epoch[i] is the candidate's epoch). */
enum { FACT_RUNNING = 1, FACT_DONE, FACT_FAILED };

/* Kept, as a light userdata, for a fact that failed on the memory cap. */
static const char fact_out_of_memory;

/* __index of a candidate's fact values (arg 1; rules read them through
 * the proxy f): f.name computes fact `name` with (c, f, p) and stores it
 * in the values.
 * A fact that raises is not run again for the candidate: every later read
 * raises the same error (upvalue 1 keeps it), so a fact runs at most once
 * per candidate, even one that loops until the instruction budget.
 * A name that several packs declare is each pack's own: the reader (a rule,
 * or a fact being computed) gets its pack's fact, or the first pack's when
 * its own pack has none; such values stay out of f (upvalue 2 keeps them by
 * index), so that every read comes here. */
static int facts_index(lua_State *L) {
  sl_state *S = sl_state_of(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_facts);
  lua_pushvalue(L, 2);
  if (lua_rawget(L, -2) != LUA_TNUMBER) {
    const char *name = lua_tostring(L, 2);
    return luaL_error(L, "unknown fact '%s' (declare it with fact(\"%s\", function(c, f, p) ... end))",
                      name ? name : "?", name ? name : "?");
  }
  lua_Integer i = lua_tointeger(L, -1);
  int shared = 1;
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_fact_clash);
  lua_pushvalue(L, 2);
  if (lua_rawget(L, -2) == LUA_TTABLE) {
    shared = 0;
    int reader = S->fact_reader >= 0 ? S->fact_reader
                 : S->cur_rule >= 0  ? S->rule_pack[S->cur_rule]
                                     : -1;
    if (reader >= 0 && lua_rawgeti(L, -1, reader + 1) == LUA_TNUMBER) i = lua_tointeger(L, -1);
  }
  lua_settop(L, 2);
  if (S->fact_epoch[i] == S->epoch) {
    if (S->fact_status[i] == FACT_RUNNING) {
      return luaL_error(L, "fact '%s' depends on itself", lua_tostring(L, 2));
    }
    if (S->fact_status[i] == FACT_FAILED) {
      lua_rawgeti(L, lua_upvalueindex(1), i);
      if (lua_touserdata(L, -1) == &fact_out_of_memory) {
        return luaL_error(L, "fact '%s' ran out of memory (its memory cap of %d MiB, "
                             "use --max-memory to raise it)",
                          lua_tostring(L, 2), (int)(S->spec->max_memory >> 20));
      }
      return lua_error(L);
    }
    if (!shared) lua_rawgeti(L, lua_upvalueindex(2), i);
    else lua_pushnil(L); /* computed, and it was nil (non-nil values are in f) */
    return 1;
  }
  S->fact_epoch[i] = S->epoch;
  S->fact_status[i] = FACT_RUNNING;
  S->fact_call[i] = S->call_serial;
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_factfns);
  lua_rawgeti(L, -1, i);
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_cand);
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_f); /* the proxy, never the values */
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_params);
  lua_rawgeti(L, -1, S->fact_pack[i - 1] + 1);
  lua_remove(L, -2); /* stack: f, name, fns, fn, c, f, p */
  int reader = S->fact_reader;
  S->fact_reader = S->fact_pack[i - 1];
  int status = lua_pcall(L, 3, 1, 0);
  S->fact_reader = reader;
  if (status != LUA_OK) {
    S->fact_status[i] = FACT_FAILED;
    /* The memory cap's error value is Lua's bare "not enough memory": keep
     * a mark for it (no allocation: the cap still holds in this call), and
     * say what happened when a later rule reads the fact. */
    if (S->mem_tripped || status == LUA_ERRMEM) lua_pushlightuserdata(L, (void *)&fact_out_of_memory);
    else lua_pushvalue(L, -1);
    lua_rawseti(L, lua_upvalueindex(1), i);
    return lua_error(L);
  }
  S->fact_status[i] = FACT_DONE;
  if (S->nfact_order < S->nfacts) S->fact_order[S->nfact_order++] = (int)i - 1;
  lua_pushvalue(L, -1);
  if (shared) {
    lua_pushvalue(L, 2);
    lua_insert(L, -2);
    lua_rawset(L, 1);
  } else {
    lua_rawseti(L, lua_upvalueindex(2), i);
  }
  return 1;
}

static int facts_newindex(lua_State *L) {
  const char *name = lua_tostring(L, 2);
  return luaL_error(L, "cannot set f.%s: facts are computed by their fact() declarations",
                    name ? name : "?");
}
