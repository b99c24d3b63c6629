/*
 * state.h - one worker's lua_State: sandbox, packs compiled into it, limits.
 *
 * A state is used by one thread at a time. Everything a rule can reach was
 * frozen after loading, so evaluating one candidate cannot change what the
 * next one sees.
 */
#ifndef SL_STATE_H
#define SL_STATE_H

#include <signal.h>

#include <lua.h>
#include <stdint.h>

#include "buf.h"
#include "convert.h"
#include "helpers.h"
#include "pack.h"
#include "watchdog.h"
#include "shortlist/shortlist.h"

/* A --set override, or a test case's params entry as JSON text. */
typedef struct sl_override {
  char *key;
  char *json; /* the value as JSON text (strings already quoted) */
} sl_override;

/* What every state of one run is built from. Borrowed by sl_state_new. */
struct sl_lua_module;

/* What pass/flag/fail return: a light userdata whose bits say
 *   [63:60] 0xA, the tag: no user-space address has these bits set, so one
 *           lua_touserdata tells a token from every other value a check returns;
 *   [59:28] the epoch: S->reason_epoch when it was made (new for every
 *           candidate), or 0 when it was made while loading (a file-level
 *           `local P = fail("...")`);
 *   [27:2]  its reason: a 1-based index into that candidate's reasons (or the
 *           load-time ones), 0 for none;
 *   [1:0]   the verdict: SL_PASS, SL_FLAG or SL_FAIL.
 * A token without a reason is a constant; one with a reason finds it for as
 * long as it lives (facts and locals may hand it to later rules). */
#define SL_TOKEN_TAG ((uintptr_t)0xA << 60)
#define SL_TOKEN(epoch, index, verdict) \
  (SL_TOKEN_TAG | (uintptr_t)(epoch) << 28 | (uintptr_t)(index) << 2 | (uintptr_t)(verdict))
#define SL_IS_TOKEN(t) ((uintptr_t)(t) >> 60 == 0xA)
#define SL_TOKEN_INDEX(t) ((uint32_t)((t) >> 2) & 0x3FFFFFFu)
#define SL_TOKEN_EPOCH(t) ((uint32_t)((t) >> 28))
/* Results with a reason one rule call may make (and as many made while
 * loading); more is an error for that call, never a silently wrong reason. */
#define SL_MAX_REASONS 65536
#define SL_TOKEN_MAX_INDEX 0x3FFFFFFu
_Static_assert(sizeof(uintptr_t) >= 8, "verdict tokens need 64-bit light userdata");

typedef struct sl_load_reason { /* a reason given while loading, kept for the run */
  char *text;
  size_t len;
} sl_load_reason;

typedef struct sl_state_spec {
  sl_pack *const *packs;
  size_t npacks;
  const sl_override *overrides;
  size_t noverrides;
  sl_ymd as_of;
  long long max_instructions;
  size_t max_memory;
  sl_on_error on_error;
  const struct sl_lua_module *modules; /* from plugins, for require */
  size_t nmodules;
  int print_at_load; /* 1: print() during loading goes to stderr */
  int collect_problems; /* 1: lint problems are collected, not fatal */
  int case_params; /* 1: the overrides are a test case's params, and their
                      messages say params.KEY, not --set KEY */
} sl_state_spec;

/* Where a rule call's reason text went: an offset into the out arena. */
typedef struct sl_text_ref {
  uint32_t off, len;
} sl_text_ref;

/* Copies s into the arena b and says where it went: {off, 0} (no text) when
 * there is nothing to copy, no memory, or the arena would pass the 4 GiB a
 * reference can address. */
static inline sl_text_ref sl_text_keep(sl_buf *b, const char *s, size_t n) {
  sl_text_ref r = {(uint32_t)b->len, 0};
  if (s && n && b->len <= UINT32_MAX && n <= UINT32_MAX - b->len && sl_buf_put(b, s, n) == 0) {
    r.len = (uint32_t)n;
  }
  return r;
}

/* One rule's outcome, as the worker stores it (strings in the out arena). */
typedef struct sl_rule_outcome {
  uint8_t verdict;  /* reported, severity applied */
  uint8_t checked;  /* what the check returned */
  sl_text_ref reason; /* len 0 = none */
} sl_rule_outcome;

typedef struct sl_state {
  lua_State *L;
  const sl_state_spec *spec;

  /* counting allocator */
  struct sl_alloc *alloc; /* blocks of L (alloc.c) */
  size_t mem_used, mem_limit;
  int mem_armed, mem_tripped;

  /* instruction budget */
  long long instr_used, instr_budget;
  int instr_tripped;
  int watched; /* the hook is left to the watchdog (sl_sandbox_watch) */
  volatile sig_atomic_t instr_counting; /* the watchdog installed the hook */
  /* A watched call the watchdog catches has run uncounted for a tick:
   * counting from there would make its fate depend on timing. It is
   * abandoned (restart) and runs again counted from its first instruction
   * (instr_exact), so a budget decides the same on every run (eval.c). */
  int restart, instr_exact;
  size_t call_log_mark; /* S->log's length as the call began: a restart drops the rest */

  /* rules and facts, in definition order */
  sl_rule_info *rules; /* owned: strings below are owned too */
  int *rule_pack;      /* pack index of each rule */
  int *rule_has_when;
  unsigned char *rule_args; /* per rule: how many of (c, f, p) check, when see */
  size_t nrules;
  size_t nfacts;
  int *fact_pack;    /* pack index of each fact (whose params it sees) */
  char **pack_names; /* from pack{}, one per pack */
  uint32_t *fact_epoch;
  uint8_t *fact_status; /* 1 computing, 2 done */
  uint32_t *fact_call;  /* the rule call (call_serial) that computed it */
  uint32_t call_serial; /* counts rule calls */
  int *fact_order;      /* facts computed for this candidate, in order */
  size_t nfact_order;
  uint32_t epoch;

  /* registry references */
  int ref_rulefns;  /* { check1, when1, check2, when2, ... } */
  int ref_format;   /* string.format, for reasons that need it */
  int ref_params;   /* { [pack index] = frozen params table } */
  int ref_facts;    /* { name = index of the first pack's fact of that name } */
  int ref_factfns;  /* { [index] = fn } */
  int ref_factnames;/* { [index] = name } */
  int ref_fact_clash; /* names that several packs declare: { name = { [pack + 1] = index } } */
  int fact_reader;  /* the pack of the fact being computed, -1 when none */
  int ref_cand;     /* the candidate being evaluated */
  int ref_facts_mt; /* of the candidate's fact values: __index computes a missing one */
  int ref_f;        /* the f rules and facts get: an empty proxy whose metatable */
  int ref_f_mt;     /* reads the candidate's values (__index) and refuses writes */
  int prepared, prep_base; /* see sl_state_prepare */
  sl_watch_slot *wslot;     /* while prepared and watched: this thread's */
  int prep_run;   /* stack slot of the rule loop's closure (eval.c) */
  int run_direct; /* its params and rule functions are upvalues, not a table */
  struct rule_run *run; /* the candidate's pass over the rules, while sl_state_eval runs it */
  int frozen; /* everything reachable was frozen: later modules must be too */
  int *uv_index; /* upvalues to put back after each candidate (sandbox.c) */
  size_t nuv;

  /* the current rule call */
  const char *cur_id;
  size_t cur_id_len;
  int cur_rule; /* -1 outside a rule call */
  sl_buf *out;  /* arena reasons are copied into; set per batch */
  sl_buf log;   /* print() output for the current candidate */
  sl_text_ref *reasons; /* of the pass/flag/fail results made for this candidate */
  uint32_t nreasons, reasons_cap;
  uint32_t reason_epoch; /* see SL_TOKEN; never 0 while evaluating */
  uint32_t call_reasons; /* made by the rule call running, and their bytes */
  size_t call_reason_bytes;
  sl_load_reason *load_reasons; /* of those made while loading */
  uint32_t nload_reasons, load_reasons_cap;

  /* load-time lint problems, one per line */
  sl_buf problems;
  int pack_called;
  int cur_pack;
  const char *cur_file;

  sl_json_decoder *decoder;
} sl_state;

/* Builds a state: sandbox, sl helpers, every pack loaded and frozen.
 * Returns SL_ECOMPILE with "file:line: message" when a chunk does not
 * compile or raises while loading; SL_ELINT when rule definitions have
 * problems (all of them in S->problems when collect_problems is set; the
 * state is then still returned for inspection); SL_EINVAL when an override
 * (--set, a test case's params) does not fit its parameter. */
int sl_state_new(const sl_state_spec *spec, sl_state **out, sl_error *err);
void sl_state_free(sl_state *S);

/* Pushes what every rule call needs onto the stack once (before a batch);
 * sl_state_unprepare pops it. Evaluating without it works, only slower. */
int sl_state_prepare(sl_state *S);
void sl_state_unprepare(sl_state *S);

/* Candidate evaluation (eval.c). [-0, +0] `cand` is the stack index of the
 * candidate table. Writes nrules outcomes; reasons go to S->out.
 * *verdict and *score get the candidate verdict and score. When explain is
 * not NULL, appends {"facts":{...},"params":{...}} JSON to it. */
int sl_state_eval(sl_state *S, int cand, sl_rule_outcome *outcomes,
                  sl_verdict *verdict, double *score, sl_buf *explain);

/* The reason of a token that has one (SL_TOKEN_INDEX nonzero), in S->out:
 * where it already is when made for this candidate, copied there when made
 * while loading; none when it cannot be found (pack.c). */
sl_text_ref sl_token_reason(sl_state *S, uintptr_t tok);

/* Sandbox (sandbox.c) */
void sl_sandbox_open(sl_state *S);            /* [-0, +0, m] base env in registry */
void sl_sandbox_new_env(lua_State *L);        /* [-0, +1, m] fresh chunk env */
void sl_sandbox_freeze(lua_State *L, int idx);/* [-0, +0, m] deep read-only */
/* [-0, +(0|1), m] When the value at idx is a table frozen by
 * sl_sandbox_freeze, pushes the table holding its entries and returns 1;
 * else pushes nothing and returns 0. Nothing can change those entries, and
 * the table is never handed to Lua: read it, do not write it. */
int sl_sandbox_frozen_items(lua_State *L, int idx);
/* unwrap.c - after freezing, code proven never to write a frozen table
 * (bytecode.h) reads the table's entries directly instead of through its
 * read-only proxy: one table lookup per read instead of three.
 *
 * [-0, +0, m] A chunk just loaded (at idx, its environment set, not yet
 * run): remembered, so that its functions can be found and read later. */
void sl_sandbox_note_chunk(lua_State *L, int idx);
/* [-0, +0, m] While freezing: upvalue i of the function at f holds a table
 * (frozen by now) that no code assigns; a candidate for unwrapping. */
void sl_sandbox_note_upvalue(lua_State *L, int f, int i);
/* [-0, +0] Is the table at idx the entries of a frozen table, already put
 * in place of its proxy? Freezing leaves it alone. */
int sl_sandbox_is_unwrapped(lua_State *L, int idx);
/* [-0, +0, m] After freezing: every noted chunk that never writes its
 * environment after loading reads the environment's entries directly, and
 * every noted upvalue that all code able to reach it only reads by key
 * holds its table's entries instead of the proxy. Nothing else changes:
 * the code provably never writes them. */
void sl_sandbox_unwrap(lua_State *L);
/* Puts every upvalue the rules can reach and assign back to its value after
 * loading. */
void sl_sandbox_restore_upvalues(sl_state *S);
/* Counts C work done for the rule call running (steps, about one per
 * element handled) against its instruction budget, when that is counted,
 * and raises the budget error when it is spent: work a library function does
 * in C is invisible to the count hook. */
void sl_sandbox_charge(lua_State *L, size_t steps);
/* The same from where no error may be raised (the allocator): the count
 * hook raises at the call's next instruction when the steps went over. */
void sl_sandbox_charge_later(sl_state *S, size_t steps);
/* Rare paths of the inline functions below. */
void sl_sandbox_untrip(sl_state *S);
void sl_sandbox_enter_unprepared(sl_state *S);
void sl_sandbox_leave_unprepared(sl_state *S);
void sl_sandbox_stop_counting(sl_state *S);
void sl_sandbox_count_exactly(sl_state *S);

/* Instruction count and memory cap back to untouched, for a new call. */
static inline void sl_sandbox_reset_limits(sl_state *S) {
  S->instr_used = 0;
  S->mem_tripped = 0;
  if (S->instr_tripped) sl_sandbox_untrip(S);
}

/* Limits on for one rule call: instruction count, memory cap, and (when
 * watched) the watchdog told the thread is inside a call. Inline: it runs
 * for every rule of every candidate. S->wslot is this thread's watchdog
 * slot while the state is prepared (sl_state_prepare), looked up once. */
static inline void sl_sandbox_arm(sl_state *S) {
  sl_sandbox_reset_limits(S);
  if (S->watched) {
    if (S->wslot) sl_watch_slot_enter(S->wslot, S->L);
    else sl_sandbox_enter_unprepared(S);
    if (S->instr_exact) sl_sandbox_count_exactly(S);
  }
  S->mem_limit = S->mem_used + S->spec->max_memory;
  S->mem_armed = 1;
}

/* Limits off after the call, returned or raised. After leaving, the
 * watchdog's handler does nothing: whatever it installed is seen here. */
static inline void sl_sandbox_disarm(sl_state *S) {
  S->mem_armed = 0;
  if (!S->watched) return;
  if (S->wslot) sl_watch_slot_leave(S->wslot);
  else sl_sandbox_leave_unprepared(S);
  if (S->instr_counting) sl_sandbox_stop_counting(S);
}

/* Leaves the count hook to the watchdog (watchdog.h) while the state runs
 * on the pool; -1 when the budget is too small for that or the watchdog
 * cannot start (the hook then stays on). Unwatch puts the hook back. Both
 * only while no thread is running the state. */
int sl_sandbox_watch(sl_state *S);
void sl_sandbox_unwatch(sl_state *S);
/* Message for a tripped limit into buf; 0 when none tripped. */
int sl_sandbox_limit_message(sl_state *S, char *buf, size_t n);
/* [-0, +0] Pushes nothing; calls the function at stack top-nargs-1 protected
 * with a message handler; returns the lua_pcall status, leaving nresults or
 * the error message on the stack. */
int sl_sandbox_call(lua_State *L, int nargs, int nresults);
/* [-0, +1] Pushes the message handler, for callers that make many calls
 * with lua_pcall(L, n, r, handler_index) themselves (the hot path). */
void sl_sandbox_push_handler(lua_State *L);

/* sl.derive (derive.c): values worked out from params once per run.
 * register adds sl.derive to the sl table at idx; freeze freezes the
 * functions given to it while loading (call with the other freezing);
 * settle, once loading is over and frozen, works them out for every pack's
 * params. */
void sl_derive_register(lua_State *L, int sl_table);
void sl_derive_freeze(sl_state *S);
void sl_derive_settle(sl_state *S);

/* Pack API open into a state (pack.c): pack, rule, fact, pass, flag, fail */
void sl_pack_api_open(sl_state *S, int base_env); /* [-0, +0, m] */
void sl_pack_push_require(lua_State *L, int pack);  /* [-0, +1, m] */
/* [-0, +1, m] The require of plugins' Lua modules: other plugin modules only. */
void sl_pack_push_plugin_require(lua_State *L);
/* [-0, +1, m] A fresh chunk environment for a file of pack `pack`. */
void sl_state_push_chunk_env(sl_state *S, int pack);

/* [-0, +1, m] The registry table `name`, made on first use (with weak keys
 * when weak_keys). */
void sl_registry_table(lua_State *L, const char *name, int weak_keys);

/* 1 when an error message starts "something:123:" (a Lua location). */
int sl_has_location(const char *m);

static inline sl_state *sl_state_of(lua_State *L) {
  return *(sl_state **)lua_getextraspace(L);
}

#endif
