/*
 * eval.c - one candidate through every rule: when, check, severity,
 * candidate verdict and score. This is the per-candidate hot path.
 */
#include <lauxlib.h>
#include <stdint.h>
#include <string.h>

#include "state.h"

/* Copies text into the out arena and returns where it went. */
static sl_text_ref keep_text(sl_state *S, const char *s, size_t n) {
  return S->out ? sl_text_keep(S->out, s, n) : (sl_text_ref){0, 0};
}

/* The message of a failed rule call (on the stack top), or the limit that
 * tripped, prefixed with the rule's location when it has none. */
static sl_text_ref error_text(sl_state *S, size_t rule, int status) {
  lua_State *L = S->L;
  char buf[512];
  const sl_rule_info *ri = &S->rules[rule];
  if (sl_sandbox_limit_message(S, buf, sizeof buf) || status == LUA_ERRMEM) {
    char msg[640];
    int n = snprintf(msg, sizeof msg, "%s:%d: %s", ri->file, ri->line,
                     S->mem_tripped ? buf : "out of memory");
    return keep_text(S, msg, (size_t)n);
  }
  size_t len;
  const char *m = lua_tolstring(L, -1, &len);
  if (!m) {
    m = "error without a message";
    len = strlen(m);
  }
  if (!sl_has_location(m)) { /* error({}), error(), errors raised in C: say which rule */
    char msg[1024];
    int n = snprintf(msg, sizeof msg, "%s:%d: %.*s", ri->file, ri->line, (int)len, m);
    return keep_text(S, msg, (size_t)(n < (int)sizeof msg ? n : (int)sizeof msg - 1));
  }
  return keep_text(S, m, len);
}

/* Values written of one fact (or one pack's params) at most: a screenful
 * many times over, and a bound on the time a fact of shared or looping
 * tables can cost (see sl_lua_to_json). */
#define EXPLAIN_MAX_VALUES 10000

/* Appends {"facts":{name:value,...},"params":{pack:{...}}} for the
 * candidate just evaluated: the facts in the order they were computed. */
static int write_explain(sl_state *S, int facts, int params, sl_buf *b) {
  lua_State *L = S->L;
  int rc = sl_buf_puts(b, "{\"facts\":{");
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_factnames);
  int names = lua_gettop(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_fact_clash);
  int clash = lua_gettop(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_facts_mt); /* facts_index keeps some values */
  lua_getfield(L, -1, "__index");
  lua_getupvalue(L, -1, 2);
  int kept = lua_gettop(L);
  for (size_t i = 0; i < S->nfact_order && !rc; i++) {
    int index = S->fact_order[i] + 1;
    lua_rawgeti(L, names, index);
    lua_pushvalue(L, -1);
    if (lua_rawget(L, clash) == LUA_TTABLE) { /* a name several packs declare */
      const char *pack = S->pack_names[S->fact_pack[index - 1]];
      lua_pushfstring(L, "%s/%s", pack ? pack : "", lua_tostring(L, -2));
      lua_rawgeti(L, kept, index);
    } else {
      lua_pushvalue(L, -2);
      lua_pushvalue(L, -1);
      lua_rawget(L, facts);
    }
    size_t n;
    const char *name = lua_tolstring(L, -2, &n);
    if (i) rc |= sl_buf_putc(b, ',');
    rc |= sl_buf_json_str(b, name, n);
    rc |= sl_buf_putc(b, ':');
    rc |= sl_lua_to_json(L, -1, EXPLAIN_MAX_VALUES, b);
    lua_settop(L, kept);
  }
  lua_settop(L, names);
  lua_pop(L, 1);
  rc |= sl_buf_puts(b, "},\"params\":{");
  for (size_t k = 0; k < S->spec->npacks && !rc; k++) {
    if (k) rc |= sl_buf_putc(b, ',');
    const char *name = S->pack_names[k] ? S->pack_names[k] : "";
    rc |= sl_buf_json_str(b, name, strlen(name));
    rc |= sl_buf_putc(b, ':');
    lua_rawgeti(L, params, (lua_Integer)k + 1);
    rc |= sl_lua_to_json(L, -1, EXPLAIN_MAX_VALUES, b);
    lua_pop(L, 1);
  }
  return rc | sl_buf_puts(b, "}}");
}

/* write_explain inside a protected call: reading values into JSON allocates,
 * and a memory error outside any protected call would end the process. */
typedef struct explain_call {
  sl_state *S;
  sl_buf *b;
  int rc;
} explain_call;

static int explain_protected(lua_State *L) { /* (call, facts, params) */
  explain_call *x = lua_touserdata(L, 1);
  x->rc = write_explain(x->S, 2, 3, x->b);
  return 0;
}

static int write_explain_safely(sl_state *S, int facts, int params, sl_buf *b) {
  lua_State *L = S->L;
  explain_call x = {S, b, 0};
  lua_pushcfunction(L, explain_protected);
  lua_pushlightuserdata(L, &x);
  lua_pushvalue(L, facts);
  lua_pushvalue(L, params);
  if (lua_pcall(L, 3, 0, 0) != LUA_OK) {
    lua_pop(L, 1);
    return SL_ENOMEM;
  }
  return x.rc;
}

/* One candidate's pass over the rules. The rules run inside one protected
 * call (run_rules) rather than one each: a failing rule ends that call, is
 * recorded, and the next call resumes after it. The loop only records what
 * each check returned; severity, verdict and score come after (tally). */
typedef struct rule_run {
  sl_rule_outcome *outcomes;
  size_t next; /* the rule running, or the next to run */
} rule_run;

/* The reported verdict of a checked one, by severity: preferred turns a
 * fail into a flag, bonus into a pass (that scores nothing). */
static const uint8_t shown_of[3][SL_VERDICT_COUNT] = {
    [SL_REQUIRED] = {[SL_PASS] = SL_PASS, [SL_FLAG] = SL_FLAG, [SL_FAIL] = SL_FAIL,
                     [SL_SKIP] = SL_SKIP, [SL_ERROR] = SL_ERROR},
    [SL_PREFERRED] = {[SL_PASS] = SL_PASS, [SL_FLAG] = SL_FLAG, [SL_FAIL] = SL_FLAG,
                      [SL_SKIP] = SL_SKIP, [SL_ERROR] = SL_ERROR},
    [SL_BONUS] = {[SL_PASS] = SL_PASS, [SL_FLAG] = SL_FLAG, [SL_FAIL] = SL_PASS,
                  [SL_SKIP] = SL_SKIP, [SL_ERROR] = SL_ERROR},
};

/* Severity applied to every rule's checked verdict; the candidate's verdict
 * and score from them. A loop of its own, apart from the rule calls (which
 * may end in a longjmp), so its sums stay in registers; and without a
 * branch on a verdict, since the data decides those and a mispredicted
 * branch per rule costs more than the loop. */
static void tally(const sl_state *S, sl_rule_outcome *outcomes, sl_verdict *verdict,
                  double *score) {
  double passed = 0, counted = 0;
  unsigned seen = 0; /* bit v: some rule's reported verdict is v */
  for (size_t i = 0; i < S->nrules; i++) {
    const sl_rule_info *ri = &S->rules[i];
    sl_rule_outcome *o = &outcomes[i];
    unsigned checked = o->checked, shown = shown_of[ri->severity][checked];
    o->verdict = (uint8_t)shown;
    const double weight_if[2] = {0.0, ri->weight}; /* adding 0.0 leaves a sum exact */
    counted += weight_if[shown != SL_SKIP];
    passed += weight_if[(shown == SL_PASS) & (checked == SL_PASS)];
    seen |= 1u << shown;
  }
  unsigned error_bit = 1u << SL_ERROR; /* an error counts as --on-error says */
  int error_fails = S->spec->on_error == SL_ON_ERROR_FAIL;
  unsigned fails = 1u << SL_FAIL | (error_fails ? error_bit : 0);
  unsigned flags = 1u << SL_FLAG | (error_fails ? 0 : error_bit);
  *verdict = seen & fails ? SL_FAIL : seen & flags ? SL_FLAG : SL_PASS;
  *score = counted > 0 ? passed / counted : 1.0;
}

/* What a check returned (stack top) when it is not a pass/flag/fail token
 * (run_rules reads those itself): a boolean, or anything else (said in the
 * reason). */
static sl_verdict read_other_result(sl_state *S, size_t i, sl_rule_outcome *o) {
  lua_State *L = S->L;
  int t = lua_type(L, -1);
  if (t == LUA_TBOOLEAN) return lua_toboolean(L, -1) ? SL_PASS : SL_FAIL;
  const sl_rule_info *ri = &S->rules[i];
  char msg[400];
  int n = snprintf(msg, sizeof msg,
                   "%s:%d: check returned %s; expected pass(...), flag(...), fail(...) or a boolean",
                   ri->file, ri->line, luaL_typename(L, -1));
  o->reason = keep_text(S, msg, (size_t)n);
  return SL_ERROR;
}

/* After a rule call, returned or raised: limits off, and a memory bomb's
 * memory (even one a pcall in the rule caught) given back now. */
static void end_rule_call(sl_state *S) {
  sl_sandbox_disarm(S);
  if (S->mem_tripped) lua_gc(S->L, LUA_GCCOLLECT);
}

/* Ends the rule call as an error when the memory cap tripped during it but
 * the rule returned anyway (a pcall in it caught the allocation failure and
 * nothing after it allocated): the cap is not a rule's to swallow.
 * error_text then reports the cap, whatever the error value. The same for
 * a call that is to run again (state.h, restart). */
static void check_limits(lua_State *L, const sl_state *S) {
  if (S->mem_tripped || S->restart) {
    lua_pushnil(L);
    lua_error(L);
  }
}

/* [-0, +1] Pushes item k (0-based: the params of each pack, then check and
 * when of every rule) of run_rules' closure. */
static void push_item(lua_State *L, const sl_state *S, int k) {
  if (S->run_direct) lua_pushvalue(L, lua_upvalueindex(k + 1));
  else lua_rawgeti(L, lua_upvalueindex(1), k + 1);
}

/* Arguments of run_rules. */
enum { RUN_CAND = 1, RUN_FACTS };

/* How many rule results run_rules leaves on the stack before dropping
 * them. No luaL_checkstack for them: a C function is called with
 * LUA_MINSTACK free slots, and at most RESULTS_KEPT - 1 results, a when's
 * result, a function and its three arguments are ever on top of its own. */
#define RESULTS_KEPT 12
_Static_assert(RESULTS_KEPT - 1 + 1 + 1 + 3 <= LUA_MINSTACK, "run_rules needs a luaL_checkstack");

/* [-0, +n] Pushes the first n of (c, f, p) for a rule of pack `pack`. */
static int push_args(lua_State *L, const sl_state *S, int n, int pack) {
  if (n > 0) lua_pushvalue(L, RUN_CAND);
  if (n > 1) lua_pushvalue(L, RUN_FACTS);
  if (n > 2) push_item(L, S, pack);
  return n;
}

/* [-0, +0, e] Runs rules r->next.. of r = S->run in order; a Lua error in
 * one ends the call with r->next at that rule. Arguments: the candidate, f;
 * params and rule functions are upvalues (see sl_state_prepare). */
static int run_rules(lua_State *L) {
  sl_state *S = sl_state_of(L);
  rule_run *r = S->run;
  int fns = (int)S->spec->npacks;
  int base = RUN_FACTS, kept = 0;
  for (; r->next < S->nrules; r->next++) {
    size_t i = r->next;
    sl_rule_outcome *o = &r->outcomes[i];
    o->reason = (sl_text_ref){0, 0};
    S->cur_rule = (int)i;
    S->call_reasons = 0;
    S->call_reason_bytes = 0;
    S->call_log_mark = S->log.len;
    S->call_serial++;
    sl_sandbox_arm(S);
    int applies = 1;
    if (S->rule_has_when[i]) {
      push_item(L, S, fns + (int)(2 * i + 1));
      int n = push_args(L, S, S->rule_args[2 * i + 1], S->rule_pack[i]);
      lua_call(L, n, 1);
      check_limits(L, S);
      applies = lua_toboolean(L, -1);
      kept++;
    }
    sl_verdict checked = SL_SKIP;
    if (applies) {
      push_item(L, S, fns + (int)(2 * i));
      int n = push_args(L, S, S->rule_args[2 * i], S->rule_pack[i]);
      lua_call(L, n, 1);
      check_limits(L, S);
      /* The usual result, a token from a pass/flag/fail call: its verdict,
       * and its reason when it has one. */
      uintptr_t tok = (uintptr_t)lua_touserdata(L, -1);
      if (SL_IS_TOKEN(tok)) {
        if (SL_TOKEN_INDEX(tok)) o->reason = sl_token_reason(S, tok);
        checked = (sl_verdict)(tok & 3);
      } else {
        checked = read_other_result(S, i, o);
      }
      kept++;
    }
    end_rule_call(S);
    o->checked = (uint8_t)checked;
    /* Results are dropped every few rules, not after each: one API call
     * saved per rule. */
    if (kept >= RESULTS_KEPT) {
      lua_settop(L, base);
      kept = 0;
    }
  }
  return 0;
}

/* A call that runs again (state.h, restart) starts from where it began:
 * the facts it computed, or failed to, are computed again (their cost
 * counts in the run that decides), the lines it printed are dropped.
 * values: the candidate's fact values. */
static void undo_call(sl_state *S, int values) {
  lua_State *L = S->L;
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_factnames);
  for (size_t i = 1; i <= S->nfacts; i++) {
    if (S->fact_epoch[i] != S->epoch || S->fact_call[i] != S->call_serial) continue;
    S->fact_epoch[i] = 0;
    lua_rawgeti(L, -1, (lua_Integer)i);
    lua_pushnil(L);
    lua_rawset(L, values);
  }
  lua_pop(L, 1);
  /* the facts it computed are the last listed */
  while (S->nfact_order && S->fact_call[S->fact_order[S->nfact_order - 1] + 1] == S->call_serial) {
    S->nfact_order--;
  }
  S->log.len = S->call_log_mark;
}

/* Stack layout while prepared, from S->prep_base + 1:
 *   handler, params, f shared by fact-less packs, the facts' proxy f and
 *   its metatable (state.c), the params of each pack,
 *   then check and when of every rule, then run_rules closed over those
 *   (S->prep_run).
 * Done once per batch: no registry lookups on the per-rule path. */
enum { PREP_HANDLER = 1, PREP_PARAMS, PREP_EMPTY_F, PREP_F, PREP_F_MT, PREP_PACKS };

int sl_state_prepare(sl_state *S) {
  lua_State *L = S->L;
  size_t npacks = S->spec->npacks;
  if (!lua_checkstack(L, (int)(2 * (2 * S->nrules + npacks) + 40))) return SL_ENOMEM;
  S->prep_base = lua_gettop(L);
  sl_sandbox_push_handler(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_params);
  lua_newtable(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_facts_mt);
  lua_setmetatable(L, -2);
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_f);
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_f_mt);
  for (size_t k = 0; k < npacks; k++) lua_rawgeti(L, S->prep_base + PREP_PARAMS, (lua_Integer)k + 1);
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_rulefns);
  int fns = lua_gettop(L);
  for (size_t i = 0; i < 2 * S->nrules; i++) lua_rawgeti(L, fns, (lua_Integer)i + 1);
  lua_remove(L, fns);
  /* The rule loop's closure, with the params and rule functions as upvalues
   * (or, past Lua's 255 upvalues, in one table). */
  int n = (int)npacks + 2 * (int)S->nrules;
  S->run_direct = n <= 255;
  if (!S->run_direct) lua_createtable(L, n, 0);
  for (int k = 0; k < n; k++) {
    lua_pushvalue(L, S->prep_base + PREP_PACKS + k);
    if (!S->run_direct) lua_rawseti(L, -2, k + 1);
  }
  lua_pushcclosure(L, run_rules, S->run_direct ? n : 1);
  S->prep_run = lua_gettop(L);
  S->prepared = 1;
  S->wslot = S->watched ? sl_watchdog_slot() : NULL;
  return 0;
}

void sl_state_unprepare(sl_state *S) {
  lua_settop(S->L, S->prep_base);
  S->prepared = 0;
  S->wslot = NULL;
}

int sl_state_eval(sl_state *S, int cand, sl_rule_outcome *outcomes, sl_verdict *verdict,
                  double *score, sl_buf *explain) {
  lua_State *L = S->L;
  cand = lua_absindex(L, cand);
  int local_prep = !S->prepared;
  if (local_prep && sl_state_prepare(S)) return SL_ENOMEM;
  int top = lua_gettop(L);
  if (++S->epoch == 0) { /* after 2^32 candidates: a fact_epoch of 0 means "not computed" */
    S->epoch = 1;
    memset(S->fact_epoch, 0, (S->nfacts + 1) * sizeof *S->fact_epoch);
  }
  /* Verdicts with a reason keep it as long as their candidate (state.h). */
  if (++S->reason_epoch == 0) S->reason_epoch = 1;
  S->nreasons = 0;
  S->nfact_order = 0;
  if (S->nfacts) { /* facts read the candidate from there */
    lua_pushvalue(L, cand);
    lua_rawseti(L, LUA_REGISTRYINDEX, S->ref_cand);
  }
  int params = S->prep_base + PREP_PARAMS;
  int handler = S->prep_base + PREP_HANDLER;
  int facts = S->prep_base + PREP_EMPTY_F, values = facts;
  if (S->nfacts) { /* fresh values, read through f: facts are memoised per candidate */
    lua_createtable(L, 0, (int)(S->nfacts < 16 ? S->nfacts : 16));
    lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_facts_mt);
    lua_setmetatable(L, -2);
    values = lua_gettop(L);
    lua_pushvalue(L, values);
    lua_setfield(L, S->prep_base + PREP_F_MT, "__index");
    facts = S->prep_base + PREP_F;
  }

  rule_run r = {outcomes, 0};
  S->run = &r;
  while (r.next < S->nrules) {
    lua_pushvalue(L, S->prep_run);
    lua_pushvalue(L, cand);
    lua_pushvalue(L, facts);
    int st = lua_pcall(L, 2, 0, handler);
    if (st == LUA_OK) break;
    if (S->restart) { /* the same rule again, counted from its start */
      lua_pop(L, 1);
      end_rule_call(S);
      undo_call(S, values);
      S->restart = 0;
      S->instr_exact = 1;
      continue;
    }
    size_t i = r.next; /* the rule that raised */
    outcomes[i].reason = error_text(S, i, st);
    lua_pop(L, 1);
    end_rule_call(S);
    outcomes[i].checked = SL_ERROR;
    r.next++;
  }
  S->cur_rule = -1;
  S->run = NULL;
  tally(S, outcomes, verdict, score);
  int rc = explain ? write_explain_safely(S, values, params, explain) : 0;
  lua_settop(L, top);
  sl_sandbox_restore_upvalues(S); /* nothing a rule assigned carries over */
  if (local_prep) sl_state_unprepare(S);
  return rc;
}
