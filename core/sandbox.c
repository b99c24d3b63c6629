/*
 * sandbox.c - what rules can reach, and the limits they run under.
 *
 * Rules see an allowlist: safe base functions, string (no dump), table, math
 * (no random), utf8, sl, print, require (pack folder and plugin modules) and
 * a text-only load. Each chunk gets its own environment; reading an unknown
 * global raises with its name; after loading, everything reachable from the
 * rules is frozen (deep, read-only proxies), so candidates cannot talk to
 * each other through shared state.
 *
 * Limits: an instruction budget (count hook; during runs, installed only on
 * calls that run for a watchdog tick, see watchdog.h) and a memory cap
 * (counting allocator in state.c), both reset before every rule call. Once tripped a
 * limit keeps failing until the call returns, so a pcall inside the rule
 * cannot swallow it; which one tripped is read from flags, not messages.
 */
#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytecode.h"
#include "ordered.h"
#include "pattern.h"
#include "strcase.h"
#include "watchdog.h"
#include "state.h"

#define HOOK_STEP 1000

static const char *const blocked_globals[] = {
    "io", "os", "debug", "package", "dofile", "loadfile", "loadstring",
    "collectgarbage", "rawset", "coroutine", "module", "setfenv", "getfenv",
    "warn", NULL};

static const char *const allowed_base[] = {
    "assert", "error", "ipairs", "next", "pairs", "pcall", "select",
    "tonumber", "tostring", "type", "getmetatable", "setmetatable",
    "rawequal", "rawlen", "rawget", "_VERSION", NULL};

/* ---- message handler and protected calls ---- */

/* [-1, +1] Turns any error value into text; keeps "file:line:" prefixes. */
static int message_handler(lua_State *L) {
  if (lua_type(L, 1) == LUA_TSTRING) return 1;
  if (lua_type(L, 1) == LUA_TNUMBER) { /* error(404): "404", as lua(1) says it */
    lua_tostring(L, 1);
    return 1;
  }
  if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
  lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  return 1;
}

void sl_sandbox_push_handler(lua_State *L) { lua_pushcfunction(L, message_handler); }

int sl_sandbox_call(lua_State *L, int nargs, int nresults) {
  int fn = lua_gettop(L) - nargs;
  lua_pushcfunction(L, message_handler);
  lua_insert(L, fn);
  int st = lua_pcall(L, nargs, nresults, fn);
  lua_remove(L, fn);
  return st;
}

/* ---- limits ---- */

static void count_hook(lua_State *L, lua_Debug *ar);

/* [-0, +1, v] A watched call the watchdog caught, not yet counted from its
 * start: it is abandoned, to run again counted (state.h, restart). Every
 * instruction raises until it has unwound, so that a pcall in the rule
 * cannot carry on. */
static int restart_call(lua_State *L, sl_state *S) {
  if (!S->restart) {
    S->restart = 1;
    lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
  }
  return luaL_error(L, "the call runs again, counted from its start");
}

static void count_hook(lua_State *L, lua_Debug *ar) {
  sl_state *S = sl_state_of(L);
  if (S->watched && !S->instr_exact) {
    restart_call(L, S);
    return;
  }
  S->instr_used += HOOK_STEP;
  if (!S->instr_tripped && S->instr_used <= S->instr_budget) return;
  if (!S->instr_tripped) {
    S->instr_tripped = 1;
    lua_sethook(L, count_hook, LUA_MASKCOUNT, 1); /* fire on every instruction now */
  }
  if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0) {
    luaL_error(L, "%s:%d: instruction budget of %I exceeded (endless loop?)", ar->short_src,
               ar->currentline, (lua_Integer)S->instr_budget);
  }
  luaL_error(L, "instruction budget of %I exceeded (endless loop?)",
             (lua_Integer)S->instr_budget);
}

/* Adds steps to the call's count; over the budget, the count hook fires at
 * the next instruction, and raises there. */
static void add_steps(lua_State *L, sl_state *S, size_t steps) {
  if (S->watched && !S->instr_exact) {
    /* Counted by the watchdog from a tick on: the call runs again counted
     * from its start, as the hook decides at its next instruction. */
    if (S->instr_counting) lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
    return;
  }
  S->instr_used += (long long)steps;
  if (!S->instr_tripped && S->instr_used > S->instr_budget) {
    S->instr_tripped = 1; /* the next arm puts the hook back */
    lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
  }
}

void sl_sandbox_charge_later(sl_state *S, size_t steps) { add_steps(S->L, S, steps); }

void sl_sandbox_charge(lua_State *L, size_t steps) {
  sl_state *S = sl_state_of(L);
  if (!S) return; /* a bare lua_State (unit tests): nothing to count against */
  if (S->watched && !S->instr_exact) { /* only a call that runs long gets counted */
    if (S->instr_counting) restart_call(L, S);
    return;
  }
  add_steps(L, S, steps);
  if (S->instr_tripped) {
    luaL_error(L, "instruction budget of %I exceeded (endless loop?)",
               (lua_Integer)S->instr_budget);
  }
}

/* Installs the count hook on a watched call that has run for a tick; called
 * from the watchdog's signal handler on the thread running the call. */
static void start_counting(lua_State *L) {
  sl_state *S = sl_state_of(L);
  S->instr_counting = 1;
  lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_STEP);
}

int sl_sandbox_watch(sl_state *S) {
  if (S->watched) return 0;
  if (S->instr_budget < SL_WATCHDOG_MIN_BUDGET) return -1;
  if (sl_watchdog_start(start_counting) != 0) return -1;
  S->watched = 1;
  S->instr_counting = 0;
  lua_sethook(S->L, NULL, 0, 0);
  return 0;
}

void sl_sandbox_unwatch(sl_state *S) {
  if (!S->watched) return;
  S->watched = 0;
  sl_watchdog_stop();
  lua_sethook(S->L, count_hook, LUA_MASKCOUNT, HOOK_STEP);
}

/* The rare paths of sl_sandbox_arm / disarm (state.h). */
void sl_sandbox_untrip(sl_state *S) {
  S->instr_tripped = 0;
  if (!S->watched) lua_sethook(S->L, count_hook, LUA_MASKCOUNT, HOOK_STEP);
}

void sl_sandbox_enter_unprepared(sl_state *S) {
  sl_watch_slot *w = sl_watchdog_slot();
  if (w) sl_watch_slot_enter(w, S->L);
  else start_counting(S->L); /* cannot be watched: count it from the start */
}

void sl_sandbox_leave_unprepared(sl_state *S) {
  (void)S;
  sl_watch_slot *w = sl_watchdog_slot();
  if (w) sl_watch_slot_leave(w);
}

/* The hook from the first instruction of a call run again (restart). */
void sl_sandbox_count_exactly(sl_state *S) {
  S->instr_counting = 1;
  lua_sethook(S->L, count_hook, LUA_MASKCOUNT, HOOK_STEP);
}

void sl_sandbox_stop_counting(sl_state *S) {
  S->instr_exact = 0;
  S->instr_counting = 0;
  lua_sethook(S->L, NULL, 0, 0);
}

int sl_sandbox_limit_message(sl_state *S, char *buf, size_t n) {
  if (S->mem_tripped) {
    snprintf(buf, n, "memory cap of %zu MiB exceeded (use --max-memory to raise it)",
             S->spec->max_memory >> 20);
    return 1;
  }
  return 0;
}

/* ---- globals ---- */

/* __index of every chunk environment: the base library, else an error that
 * names the global (a typo should not read as nil). */
static int global_lookup(lua_State *L) {
  lua_pushvalue(L, 2);
  if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1; /* base */
  lua_pop(L, 1);
  const char *name = lua_tostring(L, 2);
  if (!name) return luaL_error(L, "attempt to read a non-string global");
  for (const char *const *b = blocked_globals; *b; b++) {
    if (strcmp(*b, name) == 0) {
      return luaL_error(L, "'%s' is not available to rules (the sandbox allows string, "
                           "table, math, utf8, sl and the safe base functions)", name);
    }
  }
  return luaL_error(L, "unknown global '%s'", name);
}

static int blocked_function(lua_State *L) {
  return luaL_error(L, "%s is not available to rules (sandbox)",
                    lua_tostring(L, lua_upvalueindex(1)));
}

/* [-0, +0] Replaces t[name] (t on top) with a stub naming `full`. */
static void stub_field(lua_State *L, const char *name, const char *full) {
  lua_pushstring(L, full);
  lua_pushcclosure(L, blocked_function, 1);
  lua_setfield(L, -2, name);
}

/* [-0, +1] Shallow copy of the library table at idx. */
static void copy_table(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  lua_newtable(L);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, -4);
  }
}

/* print(...): tab-separated like Lua's, tagged with rule and candidate, kept
 * with the candidate's result so the loop thread writes it to stderr. The
 * tag (the id is the candidate's) and the text are made safe for a terminal
 * as text output is (sl_buf_text): an ESC in a record must not reach it. */
static int sandbox_print(lua_State *L) {
  sl_state *S = sl_state_of(L);
  int n = lua_gettop(L);
  sl_buf line = SL_BUF_INIT;
  for (int i = 1; i <= n; i++) {
    size_t len;
    const char *s = luaL_tolstring(L, i, &len);
    if (i > 1) sl_buf_putc(&line, '\t');
    sl_buf_put(&line, s, len);
    lua_pop(L, 1);
  }
  if (S->cur_rule >= 0) {
    sl_buf_printf(&S->log, "[%s ", S->rules[S->cur_rule].id);
    sl_buf_text(&S->log, S->cur_id ? S->cur_id : "", S->cur_id ? S->cur_id_len : 0);
    sl_buf_puts(&S->log, "] ");
    sl_buf_text(&S->log, line.data ? line.data : "", line.len);
    sl_buf_putc(&S->log, '\n');
  } else if (S->spec->print_at_load) {
    const char *file = S->cur_file ? S->cur_file : "shortlist";
    sl_buf tagged = SL_BUF_INIT;
    sl_buf_putc(&tagged, '[');
    sl_buf_text(&tagged, file, strlen(file));
    sl_buf_puts(&tagged, "] ");
    sl_buf_text(&tagged, line.data ? line.data : "", line.len);
    sl_buf_putc(&tagged, '\n');
    if (tagged.data) fwrite(tagged.data, 1, tagged.len, stderr);
    sl_buf_free(&tagged);
  }
  sl_buf_free(&line);
  return 0;
}

/* load(chunk [, name [, mode [, env]]]): text only; the default environment
 * is a fresh sandbox environment, never the real globals. */
static int sandbox_load(lua_State *L) {
  luaL_checkany(L, 1);
  const char *mode = luaL_optstring(L, 3, "t");
  if (strchr(mode, 'b')) return luaL_error(L, "load: binary chunks are not allowed in rules");
  int has_env = lua_gettop(L) >= 4;
  lua_settop(L, 4);
  lua_pushvalue(L, lua_upvalueindex(1)); /* the real load */
  lua_pushvalue(L, 1);
  /* Sources starting with '@' name the files the engine loaded, and
   * unwrap.c trusts what it proved about a file's functions for any
   * function of that source: a chunk made here never gets one. "=name"
   * reads the same in messages. */
  const char *name = lua_tostring(L, 2);
  if (name && name[0] == '@') lua_pushfstring(L, "=%s", name + 1); else lua_pushvalue(L, 2);
  lua_pushliteral(L, "t");
  if (has_env) lua_pushvalue(L, 4); else sl_sandbox_new_env(L);
  lua_call(L, 4, 2);
  return 2;
}

/* xpcall(f, handler, ...): the handler runs after the error has unwound,
 * as ordinary code, so the instruction budget still applies to it (Lua's
 * own xpcall runs handlers with hooks off). */
static int sandbox_xpcall(lua_State *L) {
  int n = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 1);
  for (int i = 3; i <= n; i++) lua_pushvalue(L, i);
  int base = n;
  if (lua_pcall(L, n - 2 < 0 ? 0 : n - 2, LUA_MULTRET, 0) == LUA_OK) {
    lua_pushboolean(L, 1);
    lua_insert(L, base + 1);
    return lua_gettop(L) - base;
  }
  lua_pushvalue(L, 2);
  lua_insert(L, -2);
  lua_call(L, 1, 1);
  lua_pushboolean(L, 0);
  lua_insert(L, -2);
  return 2;
}

/* Lua patterns backtrack in C, where the instruction budget cannot reach:
 * a pattern with many repetitions can run for hours, and even one without
 * any is tried at every position, so a long one over a long text is
 * quadratic. Rules get at most SL_MAX_PATTERN_REPEATS quantifiers (*, +, -,
 * ?) per pattern, and a search that could take long on its subject is
 * first run counted (pattern.h): a search over its budget raises an error
 * instead of running, and one within it is charged to the rule's
 * instruction budget (sl_sandbox_charge) for the steps it takes, so calling
 * it in a loop is counted too. Plain finds are searched here, in linear
 * time, and charged for the bytes they scan. */
#define SL_MAX_PATTERN_REPEATS 6
/* Steps of a counted search per instruction charged. A search within its
 * own budget is linear on its text, and two of them over a megabyte are
 * ordinary rule code even under a budget of a million instructions (the
 * pattern-bomb sandbox case): what the charge must catch is a loop of them. */
#define SL_PATTERN_STEPS_PER_STEP 16
/* Patterns are quoted in messages up to this many bytes. */
#define SL_PATTERN_QUOTE 100
/* Bytes a plain find scans per instruction charged: memmem is that much
 * faster than the VM, except on contrived needles (pattern.h). */
#define SL_FIND_BYTES_PER_STEP 16
/* Plain finds whose text length times needle length is at most this are
 * left to the string library (see plain_find). */
#define SL_FIND_SMALL 65536

enum { GUARD_FIND, GUARD_MATCH, GUARD_GMATCH, GUARD_GSUB };

/* What makes a pattern costly: its quantifiers (*, +, -, ?), and its spans,
 * the items that can match more than one character per try (the
 * quantifiers again, %b and back-references %1-%9). */
typedef struct pattern_shape {
  int repeats, spans;
} pattern_shape;

static pattern_shape shape_of(const char *p, size_t n) {
  pattern_shape sh = {0, 0};
  for (size_t i = 0; i < n; i++) {
    if (p[i] == '%') {
      i++;
      if (i < n && p[i] == 'b') {
        sh.spans++;
        i += 2; /* its two characters are not quantifiers */
      } else if (i < n && p[i] >= '0' && p[i] <= '9') {
        sh.spans++;
      }
    } else if (p[i] == '[') { /* a set: skip to its closing ] */
      i++;
      if (i < n && p[i] == '^') i++;
      if (i < n && p[i] == ']') i++;
      while (i < n && p[i] != ']') i += p[i] == '%' ? 2 : 1;
    } else if (p[i] == '*' || p[i] == '+' || p[i] == '-' || p[i] == '?') {
      sh.repeats++;
      sh.spans++;
    }
  }
  return sh;
}

/* The 0-based start of a 1-based, possibly negative, init (as string.find
 * reads it); more than len when past the end. */
static size_t start_index(lua_Integer pos, size_t len) {
  if (pos > 0) return (size_t)pos - 1;
  if (pos == 0 || pos < -(lua_Integer)len) return 0;
  return len - (size_t)(-pos);
}

/* [-0, +0] The search the call would make, as pattern.h describes it; 0
 * when the arguments are not what the string library accepts (it will say
 * so itself) or not worth counting. */
static int planned_search(lua_State *L, int kind, const char *pat, size_t np, int spans,
                          sl_pattern_search *q) {
  if (lua_type(L, 1) != LUA_TSTRING) return 0; /* numbers are short */
  memset(q, 0, sizeof *q);
  q->s = lua_tolstring(L, 1, &q->ns);
  if (!sl_pattern_worth_checking(q->ns, np, spans)) return 0;
  q->p = pat;
  q->np = np;
  int isnum = 1;
  if (kind == GUARD_GSUB) {
    q->scan = SL_SCAN_ALL;
    q->max_matches = lua_isnoneornil(L, 4) ? (long long)q->ns + 1 : lua_tointegerx(L, 4, &isnum);
  } else {
    q->scan = kind == GUARD_GMATCH ? SL_SCAN_ITER : SL_SCAN_FIRST;
    lua_Integer init = lua_isnoneornil(L, 3) ? 1 : lua_tointegerx(L, 3, &isnum);
    q->init = start_index(init, q->ns);
  }
  return isnum;
}

/* string.find(s, needle, init, plain) when it searches plain text (plain
 * true, or a pattern without special characters): the string library's own
 * search is quadratic on a needle that nearly matches everywhere. Returns
 * its results' count, -1 when the call searches a pattern, -2 when it is a
 * small plain search for the library's own function. Arguments are
 * read as string.find reads them, in this same frame, so errors read the
 * same. */
static int plain_find(lua_State *L) {
  size_t ls, lp;
  const char *s = luaL_checklstring(L, 1, &ls);
  const char *p = luaL_checklstring(L, 2, &lp);
  size_t init = start_index(luaL_optinteger(L, 3, 1), ls);
  if (init > ls) { /* starts past the end: nothing to find, plain or not */
    luaL_pushfail(L);
    return 1;
  }
  if (!lua_toboolean(L, 4) && !sl_pattern_is_plain(p, lp)) return -1;
  /* A small search, whose worst case is small too: the library's own
   * (memchr, then memcmp) is quicker than memmem's set-up. */
  if (lp <= SL_FIND_SMALL / (ls - init + 1)) return -2;
  const char *at = sl_plain_find(s + init, ls - init, p, lp);
  size_t scanned = at ? (size_t)(at - (s + init)) + lp : ls - init;
  if (scanned >= 4096) sl_sandbox_charge(L, scanned / SL_FIND_BYTES_PER_STEP);
  if (!at) {
    luaL_pushfail(L);
    return 1;
  }
  lua_pushinteger(L, (lua_Integer)(at - s) + 1);
  lua_pushinteger(L, (lua_Integer)(at - s) + (lua_Integer)lp);
  return 2;
}

/* [-0, +1] The pattern as messages quote it: cut after SL_PATTERN_QUOTE bytes. */
static const char *quoted_pattern(lua_State *L, const char *pat, size_t n) {
  if (n <= SL_PATTERN_QUOTE) return lua_pushlstring(L, pat, n);
  lua_pushlstring(L, pat, SL_PATTERN_QUOTE);
  lua_pushfstring(L, "%s... (%I bytes)", lua_tostring(L, -1), (lua_Integer)n);
  lua_remove(L, -2);
  return lua_tostring(L, -1);
}

static int guarded_pattern_fn(lua_State *L) {
  size_t n;
  int kind = (int)lua_tointeger(L, lua_upvalueindex(2));
  if (kind == GUARD_FIND) {
    int r = plain_find(L);
    if (r >= 0) return r;
    if (r == -2) return lua_tocfunction(L, lua_upvalueindex(1))(L);
  }
  const char *pat = lua_type(L, 2) == LUA_TSTRING ? lua_tolstring(L, 2, &n) : NULL;
  if (pat) {
    pattern_shape sh = shape_of(pat, n);
    if (sh.repeats > SL_MAX_PATTERN_REPEATS) {
      return luaL_error(L, "pattern '%s' has more than %d repetitions (*, +, - or ?): rules may "
                           "not use patterns that can backtrack for ever",
                        quoted_pattern(L, pat, n), SL_MAX_PATTERN_REPEATS);
    }
    sl_pattern_search q;
    if (planned_search(L, kind, pat, n, sh.spans, &q)) {
      long long steps = sl_pattern_steps(&q, sl_pattern_budget(q.ns));
      if (steps < 0 && sh.repeats > 0) {
        return luaL_error(L, "pattern '%s' backtracks too much on this text (%I bytes): it would "
                             "run for a very long time; use fewer repetitions, or anchor it",
                          quoted_pattern(L, pat, n), (lua_Integer)q.ns);
      }
      if (steps < 0) {
        return luaL_error(L, "pattern '%s' takes too long on this text (%I bytes): it is tried "
                             "at every position, and goes far at each; use a shorter pattern, "
                             "or anchor it", quoted_pattern(L, pat, n), (lua_Integer)q.ns);
      }
      /* the search below takes as many steps */
      sl_sandbox_charge(L, (size_t)steps / SL_PATTERN_STEPS_PER_STEP);
    }
  }
  /* The string library's function runs in this frame, on these arguments:
   * no second call, and its errors read as the stock ones do. */
  lua_CFunction real = lua_tocfunction(L, lua_upvalueindex(1));
  return real(L);
}

/* [-0, +0] Wraps t[name] (t on top) with the pattern guard. */
static void guard_field(lua_State *L, const char *name, int kind) {
  lua_getfield(L, -1, name);
  lua_pushinteger(L, kind);
  lua_pushcclosure(L, guarded_pattern_fn, 2);
  lua_setfield(L, -2, name);
}

/* utf8.len and utf8.offset read their text in C without making anything
 * (so the allocator's charge for long strings does not see them): charged
 * here for the bytes they may scan, then run in this frame. */
static int scanning_utf8_fn(lua_State *L) {
  size_t n = 0;
  if (lua_type(L, 1) == LUA_TSTRING) lua_tolstring(L, 1, &n);
  if (n >= 4096) sl_sandbox_charge(L, n / SL_FIND_BYTES_PER_STEP);
  return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

/* [-0, +0] Wraps t[name] (t on top) with the scan charge. */
static void charge_scan_field(lua_State *L, const char *name) {
  lua_getfield(L, -1, name);
  lua_pushcclosure(L, scanning_utf8_fn, 1);
  lua_setfield(L, -2, name);
}

/* ---- freezing ---- */

static int frozen_newindex(lua_State *L) {
  const char *key = lua_tostring(L, 2);
  lua_getmetatable(L, 1);
  lua_getfield(L, -1, "__index"); /* shadow */
  int is_env = 0;
  if (lua_getmetatable(L, -1)) {
    luaL_getmetatable(L, "sl.envmt");
    is_env = lua_rawequal(L, -1, -2);
  }
  if (is_env) {
    return luaL_error(L, "cannot set global '%s': globals are read-only while candidates "
                         "are evaluated (use a local)", key ? key : "?");
  }
  return luaL_error(L, "cannot set field '%s': tables shared between candidates are read-only "
                       "(copy it into a local table first)", key ? key : "?");
}

static int frozen_len(lua_State *L) {
  lua_getmetatable(L, 1);
  lua_getfield(L, -1, "__index");
  lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
  return 1;
}

/* [-0, +0] When the table at 1 is frozen, puts its entries (the shadow) in
 * its place: for functions that read a table's raw contents and return
 * values or keys from it, never the shadow itself. */
static void use_entries_if_frozen(lua_State *L) {
  if (sl_sandbox_frozen_items(L, 1)) lua_replace(L, 1);
}

/* next, rawget and rawlen as rules see them: on a frozen table they read
 * its entries, where the stock ones would see the empty proxy (next(t) nil,
 * rawlen(t) 0). next walks keys in one fixed order (ordered.h), the same on
 * every run; it is also what pairs() iterates with. */
static int sandbox_next(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  use_entries_if_frozen(L);
  size_t work = 0;
  int n = sl_ordered_next(L, 1, 2, &work);
  if (work > 64) sl_sandbox_charge(L, work); /* sorting a big table is C work */
  return n;
}

/* pairs(t): t's __pairs when it has one (frozen tables do), else next. */
static int sandbox_pairs(lua_State *L) {
  luaL_checkany(L, 1);
  if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {
    lua_pushvalue(L, 1);
    lua_call(L, 1, 3);
    return 3;
  }
  lua_pushcfunction(L, sandbox_next);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

static int sandbox_rawget(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checkany(L, 2);
  lua_settop(L, 2);
  use_entries_if_frozen(L);
  lua_rawget(L, 1);
  return 1;
}

static int sandbox_rawlen(lua_State *L) {
  int t = lua_type(L, 1);
  luaL_argexpected(L, t == LUA_TTABLE || t == LUA_TSTRING, 1, "table or string");
  lua_settop(L, 1);
  if (t == LUA_TTABLE) use_entries_if_frozen(L);
  lua_pushinteger(L, (lua_Integer)lua_rawlen(L, 1));
  return 1;
}

/* setmetatable, refusing finalizers: a __gc function runs whenever the
 * collector gets to its object - after the rule call, outside its
 * instruction budget and memory cap, or as the state closes at exit, where
 * an endless one would hang shortlist. (Lua marks an object for
 * finalization only when its metatable has __gc as it is set: adding the
 * field later does nothing.) Upvalue 1: the library's setmetatable. */
static int sandbox_setmetatable(lua_State *L) {
  if (lua_type(L, 2) == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    if (lua_rawget(L, 2) != LUA_TNIL) {
      return luaL_error(L, "setmetatable: a metatable with __gc cannot be set in rules "
                           "(a finalizer would run outside the rule's limits)");
    }
    lua_pop(L, 1);
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

static int frozen_pairs(lua_State *L) {
  lua_pushcfunction(L, sandbox_next);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

static void freeze_value(lua_State *L, int idx, int seen);

/* [-0, +0, m] Upvalues can be reassigned (`count = count + 1` on a local of
 * the file), which freezing tables cannot prevent. Each one reachable from
 * the rules that some code can assign (freeze_function asks bytecode.c) is
 * remembered with its value (the value is on the stack top), once per
 * upvalue, and put back after every candidate (sl_sandbox_restore_upvalues),
 * so nothing carries over. */
static void remember_upvalue(lua_State *L, int f, int i) {
  sl_state *S = sl_state_of(L);
  if (lua_getfield(L, LUA_REGISTRYINDEX, "sl.uvseen") != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, "sl.uvseen");
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, "sl.uvsnap");
  }
  lua_pushlightuserdata(L, lua_upvalueid(L, f, i));
  if (lua_rawget(L, -2) != LUA_TNIL) {
    lua_pop(L, 2);
    return;
  }
  lua_pop(L, 1);
  lua_pushlightuserdata(L, lua_upvalueid(L, f, i));
  lua_pushboolean(L, 1);
  lua_rawset(L, -3);
  lua_pop(L, 1);
  int *grown = realloc(S->uv_index, (S->nuv + 1) * sizeof *grown);
  if (!grown) luaL_error(L, "out of memory");
  S->uv_index = grown;
  S->uv_index[S->nuv] = i;
  lua_getfield(L, LUA_REGISTRYINDEX, "sl.uvsnap");
  lua_pushvalue(L, f);
  lua_rawseti(L, -2, (lua_Integer)(2 * S->nuv + 1));
  lua_pushvalue(L, -2); /* the value */
  lua_rawseti(L, -2, (lua_Integer)(2 * S->nuv + 2));
  lua_pop(L, 1);
  S->nuv++;
}

void sl_sandbox_restore_upvalues(sl_state *S) {
  if (!S->nuv) return;
  lua_State *L = S->L;
  lua_getfield(L, LUA_REGISTRYINDEX, "sl.uvsnap");
  int snap = lua_gettop(L);
  for (size_t k = 0; k < S->nuv; k++) {
    lua_rawgeti(L, snap, (lua_Integer)(2 * k + 1)); /* stack: f */
    lua_getupvalue(L, -1, S->uv_index[k]);
    lua_rawgeti(L, snap, (lua_Integer)(2 * k + 2)); /* stack: f, now, then */
    if (!lua_rawequal(L, -1, -2)) lua_setupvalue(L, -3, S->uv_index[k]);
    lua_settop(L, snap);
  }
  lua_pop(L, 1);
}

static void freeze_table(lua_State *L, int t, int seen) {
  lua_pushvalue(L, t);
  if (lua_rawget(L, seen) != LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  lua_pop(L, 1);
  lua_pushvalue(L, t);
  lua_pushboolean(L, 1);
  lua_rawset(L, seen);
  luaL_checkstack(L, 8, "freezing tables");
  if (sl_sandbox_is_unwrapped(L, t)) return; /* the entries of a frozen table */

  int orig_mt = 0;
  if (lua_getmetatable(L, t)) {
    if (lua_getfield(L, -1, "__sl_frozen") != LUA_TNIL) {
      lua_pop(L, 2);
      return;
    }
    lua_pop(L, 1);
    orig_mt = lua_gettop(L);
  }
  lua_newtable(L); /* stack: [orig_mt], shadow */
  int shadow = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, t)) { /* move every entry into the shadow */
    freeze_value(L, lua_gettop(L), seen);
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, shadow);
  }
  lua_pushnil(L);
  while (lua_next(L, shadow)) { /* then empty the original */
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_pushnil(L);
    lua_rawset(L, t);
  }
  if (orig_mt) {
    lua_pushvalue(L, orig_mt);
    lua_setmetatable(L, shadow);
  }
  lua_createtable(L, 0, 6);
  lua_pushvalue(L, shadow);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, frozen_newindex);
  lua_setfield(L, -2, "__newindex");
  lua_pushcfunction(L, frozen_len);
  lua_setfield(L, -2, "__len");
  lua_pushcfunction(L, frozen_pairs);
  lua_setfield(L, -2, "__pairs");
  lua_pushboolean(L, 1);
  lua_setfield(L, -2, "__sl_frozen");
  lua_pushliteral(L, "read-only");
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, t);
  lua_settop(L, orig_mt ? orig_mt - 1 : shadow - 1);
}

static void freeze_function(lua_State *L, int f, int seen) {
  if (lua_iscfunction(L, f)) return;
  lua_pushvalue(L, f);
  if (lua_rawget(L, seen) != LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  lua_pop(L, 1);
  lua_pushvalue(L, f);
  lua_pushboolean(L, 1);
  lua_rawset(L, seen);
  /* Every upvalue's value is frozen, but only those this function's code
   * (or code nested in it) can assign need putting back after each
   * candidate: most upvalues are never assigned after loading, and
   * restoring one costs a few API calls per candidate. An upvalue shared
   * with another closure that does assign it is remembered when that
   * closure is visited (remember_upvalue is keyed by the upvalue's id).
   * When the bytecode cannot be read, the mask says "all of them". */
  sl_uvmask assigned;
  sl_bytecode_assigned_upvalues(L, f, &assigned);
  for (int i = 1; lua_getupvalue(L, f, i); i++) {
    freeze_value(L, lua_gettop(L), seen);
    if (sl_uvmask_has(&assigned, i)) remember_upvalue(L, f, i);
    else if (lua_istable(L, -1)) sl_sandbox_note_upvalue(L, f, i); /* unwrap.c */
    lua_pop(L, 1);
  }
}

static void freeze_value(lua_State *L, int idx, int seen) {
  switch (lua_type(L, idx)) {
  case LUA_TTABLE: freeze_table(L, idx, seen); break;
  case LUA_TFUNCTION: freeze_function(L, idx, seen); break;
  default: break;
  }
}

void sl_sandbox_freeze(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  lua_newtable(L);
  freeze_value(L, idx, lua_gettop(L));
  lua_pop(L, 1);
}

int sl_sandbox_frozen_items(lua_State *L, int idx) {
  int top = lua_gettop(L);
  idx = lua_absindex(L, idx);
  if (!lua_getmetatable(L, idx)) return 0;
  /* __sl_frozen alone could be forged (setmetatable is open to rules);
   * frozen_newindex cannot: no rule ever sees a frozen table's metatable. */
  if (lua_getfield(L, -1, "__sl_frozen") != LUA_TBOOLEAN || !lua_toboolean(L, -1) ||
      lua_getfield(L, -2, "__newindex") != LUA_TFUNCTION ||
      lua_tocfunction(L, -1) != frozen_newindex ||
      lua_getfield(L, -3, "__index") != LUA_TTABLE) {
    lua_settop(L, top);
    return 0;
  }
  lua_replace(L, top + 1); /* the shadow, in the metatable's place */
  lua_settop(L, top + 1);
  return 1;
}

/* type(v) answering with names interned once, as upvalues. The stock type()
 * interns its answer on every call (a lookup of the C string), and packs call
 * type() on nearly every field they read from a candidate. */
static int fast_type(lua_State *L) {
  int t = lua_type(L, 1);
  luaL_argcheck(L, t != LUA_TNONE, 1, "value expected");
  lua_pushvalue(L, lua_upvalueindex(t + 1));
  return 1;
}

static void push_fast_type(lua_State *L) {
  for (int t = LUA_TNIL; t < LUA_NUMTYPES; t++) lua_pushstring(L, lua_typename(L, t));
  lua_pushcclosure(L, fast_type, LUA_NUMTYPES);
}

/* ---- environments ---- */

/* Environments start with a copy of the base entries, so reading a global
 * (pass, sl, string...) is one table lookup, not a metamethod call. */
void sl_sandbox_new_env(lua_State *L) {
  lua_getfield(L, LUA_REGISTRYINDEX, "sl.base");
  copy_table(L, -1);
  lua_remove(L, -2);
  luaL_setmetatable(L, "sl.envmt");
}

void sl_sandbox_open(sl_state *S) {
  lua_State *L = S->L;
  luaL_requiref(L, LUA_GNAME, luaopen_base, 0);
  luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 0);
  luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 0);
  luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 0);
  luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 0);
  int utf8lib = lua_gettop(L), mathlib = utf8lib - 1, tablib = utf8lib - 2,
      strlib = utf8lib - 3, G = utf8lib - 4;

  lua_newtable(L); /* the base environment */
  int base = lua_gettop(L);
  for (const char *const *n = allowed_base; *n; n++) {
    lua_getfield(L, G, *n);
    lua_setfield(L, base, *n);
  }
  push_fast_type(L);
  lua_setfield(L, base, "type");
  static const luaL_Reg replaced[] = {{"next", sandbox_next},   {"pairs", sandbox_pairs},
                                      {"rawget", sandbox_rawget},
                                      {"rawlen", sandbox_rawlen}, {"print", sandbox_print},
                                      {"xpcall", sandbox_xpcall}, {NULL, NULL}};
  lua_pushvalue(L, base);
  luaL_setfuncs(L, replaced, 0);
  lua_pop(L, 1);
  lua_getfield(L, G, "load");
  lua_pushcclosure(L, sandbox_load, 1);
  lua_setfield(L, base, "load");
  lua_getfield(L, G, "setmetatable");
  lua_pushcclosure(L, sandbox_setmetatable, 1);
  lua_setfield(L, base, "setmetatable");

  /* In the library table itself too, so that argument errors name them
   * "string.lower" as they did (luaL_argerror looks functions up there). */
  static const luaL_Reg casemap[] = {{"lower", sl_str_lower}, {"upper", sl_str_upper}, {NULL, NULL}};
  lua_pushvalue(L, strlib);
  luaL_setfuncs(L, casemap, 0);
  lua_pop(L, 1);
  copy_table(L, strlib);
  stub_field(L, "dump", "string.dump");
  guard_field(L, "find", GUARD_FIND);
  guard_field(L, "match", GUARD_MATCH);
  guard_field(L, "gmatch", GUARD_GMATCH);
  guard_field(L, "gsub", GUARD_GSUB);
  /* Method calls on strings ("x"):upper() must see the same restricted
   * table, and the string metatable must not be reachable. */
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_pushvalue(L, -3);
  lua_setfield(L, -2, "__index");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2);
  lua_setfield(L, base, "string");

  copy_table(L, mathlib);
  stub_field(L, "random", "math.random");
  stub_field(L, "randomseed", "math.randomseed");
  lua_setfield(L, base, "math");
  copy_table(L, tablib);
  lua_setfield(L, base, "table");
  copy_table(L, utf8lib);
  charge_scan_field(L, "len");
  charge_scan_field(L, "offset");
  lua_setfield(L, base, "utf8");

  luaL_newmetatable(L, "sl.envmt");
  lua_pushvalue(L, base);
  lua_pushcclosure(L, global_lookup, 1);
  lua_setfield(L, -2, "__index");
  lua_pushboolean(L, 0); /* getmetatable(_ENV) must not reach the lookup */
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);

  lua_pushvalue(L, base);
  lua_setfield(L, LUA_REGISTRYINDEX, "sl.base");
  lua_settop(L, G - 1);
  /* The real globals table stays behind, unreachable from rules. */
}
