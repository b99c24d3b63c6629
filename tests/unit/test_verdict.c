/*
 * test_verdict.c - one candidate through the rules (core/eval.c): what a
 * check returns, severities, skip, the candidate verdict, the score, and
 * what a rule error counts as (--on-error). Each test builds a real worker
 * state with sl_state_new from fixture packs (tests/fixtures/packs, found
 * through SL_TEST_DATA, the tests folder) and evaluates candidates given as
 * JSON, the way a worker does.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <lua.h>

#include "convert.h"
#include "pack.h"
#include "state.h"

#define MAX_PACKS 4

typedef struct fixture {
  sl_pack *packs[MAX_PACKS];
  size_t npacks;
  sl_override overrides[4];
  sl_state_spec spec;
  sl_state *S;
  sl_buf arena;
  sl_rule_outcome out[64];
  sl_verdict verdict;
  double score;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  if (!f) return -1;
  f->spec.as_of = (sl_ymd){2026, 1, 1};
  f->spec.max_instructions = 1000000;
  f->spec.max_memory = (size_t)16 << 20;
  f->spec.on_error = SL_ON_ERROR_FLAG;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  sl_state_free(f->S);
  for (size_t i = 0; i < f->npacks; i++) sl_pack_free(f->packs[i]);
  sl_buf_free(&f->arena);
  free(f);
  return 0;
}

/* Adds the pack at tests/`path` (a fixture pack is "fixtures/packs/NAME"). */
static void add_pack_at(fixture *f, const char *path) {
  const char *data = getenv("SL_TEST_DATA");
  if (!data) fail_msg("SL_TEST_DATA is not set (the tests folder; CTest sets it)");
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/%s", data, path);
  sl_error err;
  assert_true(f->npacks < MAX_PACKS);
  if (sl_pack_read(dir, NULL, &f->packs[f->npacks], &err)) fail_msg("%s", err.msg);
  f->npacks++;
}

static void add_pack(fixture *f, const char *name) {
  char path[256];
  snprintf(path, sizeof path, "fixtures/packs/%s", name);
  add_pack_at(f, path);
}

/* Builds the state from the packs added so far. */
static void build(fixture *f) {
  sl_error err;
  f->spec.packs = f->packs;
  f->spec.npacks = f->npacks;
  int rc = sl_state_new(&f->spec, &f->S, &err);
  if (rc) fail_msg("sl_state_new: %s", err.msg);
  assert_true(f->S->nrules <= sizeof f->out / sizeof f->out[0]);
}

/* Evaluates the candidate (JSON) into f->out, f->verdict, f->score. */
static void eval(fixture *f, const char *json) {
  sl_state *S = f->S;
  sl_error err;
  int top = lua_gettop(S->L);
  if (sl_json_decode(S->decoder, json, strlen(json), &err)) fail_msg("%s: %s", json, err.msg);
  sl_buf_reset(&f->arena);
  sl_buf_reset(&S->log);
  S->out = &f->arena;
  S->cur_id = "test";
  S->cur_id_len = 4;
  memset(f->out, 0xff, sizeof f->out);
  assert_int_equal(sl_state_eval(S, -1, f->out, &f->verdict, &f->score, NULL), 0);
  S->out = NULL;
  lua_pop(S->L, 1);
  assert_int_equal(lua_gettop(S->L), top);
}

static size_t rule_index(fixture *f, const char *id) {
  for (size_t i = 0; i < f->S->nrules; i++) {
    if (strcmp(f->S->rules[i].id, id) == 0) return i;
  }
  fail_msg("no rule '%s'", id);
  return 0;
}

/* The reason of rule `id` as a string ("" when none); static until next call. */
static const char *reason(fixture *f, const char *id) {
  static char text[1024];
  const sl_rule_outcome *o = &f->out[rule_index(f, id)];
  snprintf(text, sizeof text, "%.*s", (int)o->reason.len, o->reason.len ? f->arena.data + o->reason.off : "");
  return text;
}

static void assert_rule(fixture *f, const char *id, sl_verdict reported, sl_verdict checked,
                        const char *why) {
  const sl_rule_outcome *o = &f->out[rule_index(f, id)];
  if (o->verdict != reported || o->checked != checked) {
    fail_msg("rule %s: reported %s (checked %s), expected %s (checked %s); reason \"%s\"", id,
             sl_verdict_name((sl_verdict)o->verdict), sl_verdict_name((sl_verdict)o->checked),
             sl_verdict_name(reported), sl_verdict_name(checked), reason(f, id));
  }
  if (why && strcmp(reason(f, id), why) != 0) {
    fail_msg("rule %s: reason \"%s\", expected \"%s\"", id, reason(f, id), why);
  }
}

#define ASSERT_SCORE(f, want) assert_true(fabs((f)->score - (want)) < 1e-12)

/* ---- what a check returns ---- */

static void rules_are_compiled_with_their_definitions(void **state) {
  fixture *f = *state;
  add_pack(f, "severity");
  build(f);
  assert_int_equal(f->S->nrules, 4);
  static const struct {
    const char *id;
    sl_severity sev;
    double weight;
    int line;
  } want[] = {{"must", SL_REQUIRED, 1, 1}, {"nice", SL_PREFERRED, 2, 2}, {"extra", SL_BONUS, 3, 3},
              {"managers", SL_REQUIRED, 4, 4}};
  for (size_t i = 0; i < 4; i++) {
    const sl_rule_info *ri = &f->S->rules[i];
    assert_string_equal(ri->id, want[i].id);
    assert_int_equal(ri->severity, want[i].sev);
    assert_true(ri->weight == want[i].weight);
    assert_int_equal(ri->line, want[i].line);
    assert_non_null(strstr(ri->file, "fixtures/packs/severity/rules.lua"));
    assert_string_equal(ri->pack, "severity");
  }
}

static void pass_flag_fail_carry_formatted_reasons(void **state) {
  fixture *f = *state;
  add_pack(f, "verdicts");
  build(f);
  eval(f, "{\"id\":\"a\",\"years\":12,\"email\":\"x\"}");
  assert_rule(f, "years", SL_PASS, SL_PASS, "12.0 years; 10+ needed");
  eval(f, "{\"id\":\"b\",\"years\":8.5}");
  assert_rule(f, "years", SL_FLAG, SL_FLAG, "8.5 years; 10+ expected");
  eval(f, "{\"id\":\"c\",\"years\":3}");
  assert_rule(f, "years", SL_FAIL, SL_FAIL, "3.0 years; 10+ required");
  assert_rule(f, "literal-reason", SL_PASS, SL_PASS, "100% of quota");
}

static void booleans_pass_or_fail_without_a_reason(void **state) {
  fixture *f = *state;
  add_pack(f, "verdicts");
  build(f);
  eval(f, "{\"id\":\"a\",\"years\":12,\"email\":\"x\"}");
  assert_rule(f, "has-email", SL_PASS, SL_PASS, "");
  assert_int_equal(f->out[rule_index(f, "has-email")].reason.len, 0);
  eval(f, "{\"id\":\"b\",\"years\":12}");
  assert_rule(f, "has-email", SL_FAIL, SL_FAIL, "");
  assert_int_equal(f->out[rule_index(f, "has-email")].reason.len, 0);
  /* pass() and flag() without arguments: no reason either */
  assert_rule(f, "no-reason", SL_PASS, SL_PASS, "");
  assert_int_equal(f->out[rule_index(f, "no-reason")].reason.len, 0);
  eval(f, "{\"id\":\"c\",\"years\":25}");
  assert_rule(f, "no-reason", SL_FLAG, SL_FLAG, "");
}

/* ---- severities, skip, verdict, score ---- */

static void required_keeps_a_fail(void **state) {
  fixture *f = *state;
  add_pack(f, "severity");
  build(f);
  eval(f, "{\"must\":false,\"nice\":true,\"extra\":true,\"manager\":true,\"reports\":2}");
  assert_rule(f, "must", SL_FAIL, SL_FAIL, "");
  assert_rule(f, "managers", SL_FLAG, SL_FLAG, "2 reports");
  assert_int_equal(f->verdict, SL_FAIL);
  ASSERT_SCORE(f, 5.0 / 10.0); /* nice 2 + extra 3 of 1 + 2 + 3 + 4 */
}

static void preferred_turns_a_fail_into_a_flag(void **state) {
  fixture *f = *state;
  add_pack(f, "severity");
  build(f);
  eval(f, "{\"must\":true,\"nice\":false,\"extra\":true}");
  assert_rule(f, "nice", SL_FLAG, SL_FAIL, "not nice");
  assert_int_equal(f->verdict, SL_FLAG);
  ASSERT_SCORE(f, 4.0 / 6.0); /* must 1 + extra 3 of 1 + 2 + 3 (managers skipped) */
}

static void bonus_turns_a_fail_into_a_pass_that_scores_nothing(void **state) {
  fixture *f = *state;
  add_pack(f, "severity");
  build(f);
  eval(f, "{\"must\":true,\"nice\":true,\"extra\":false}");
  assert_rule(f, "extra", SL_PASS, SL_FAIL, "no extra");
  assert_int_equal(f->verdict, SL_PASS);
  ASSERT_SCORE(f, 3.0 / 6.0); /* must 1 + nice 2 of 1 + 2 + 3 */
  eval(f, "{\"must\":true,\"nice\":true,\"extra\":true}");
  ASSERT_SCORE(f, 1.0);
}

static void when_false_skips_and_counts_for_nothing(void **state) {
  fixture *f = *state;
  add_pack(f, "severity");
  build(f);
  eval(f, "{\"must\":true,\"nice\":true,\"extra\":true,\"manager\":false,\"reports\":0}");
  assert_rule(f, "managers", SL_SKIP, SL_SKIP, "");
  assert_int_equal(f->verdict, SL_PASS);
  ASSERT_SCORE(f, 1.0);
  eval(f, "{\"must\":true,\"nice\":true,\"extra\":true,\"manager\":true,\"reports\":9}");
  assert_rule(f, "managers", SL_PASS, SL_PASS, "9 reports");
  ASSERT_SCORE(f, 1.0);
}

static void every_rule_skipped_scores_one(void **state) {
  fixture *f = *state;
  add_pack(f, "when");
  build(f);
  eval(f, "{\"level\":\"junior\"}");
  for (size_t i = 0; i < f->S->nrules; i++) assert_int_equal(f->out[i].verdict, SL_SKIP);
  assert_int_equal(f->verdict, SL_PASS);
  ASSERT_SCORE(f, 1.0);
  eval(f, "{\"level\":\"senior\"}");
  assert_rule(f, "senior-only", SL_FAIL, SL_FAIL, "seniors fail here");
  assert_rule(f, "never", SL_SKIP, SL_SKIP, ""); /* its check raises: it never ran */
  assert_int_equal(f->verdict, SL_FAIL);
  ASSERT_SCORE(f, 0.0);
}

static void verdict_is_fail_then_flag_then_pass(void **state) {
  fixture *f = *state;
  add_pack(f, "three");
  build(f);
  eval(f, "{\"years\":12,\"sector\":\"saas\"}");
  assert_int_equal(f->verdict, SL_PASS);
  eval(f, "{\"years\":12,\"sector\":\"retail\"}"); /* preferred fail: flag */
  assert_int_equal(f->verdict, SL_FLAG);
  eval(f, "{\"years\":1,\"sector\":\"retail\"}"); /* a fail beats a flag */
  assert_int_equal(f->verdict, SL_FAIL);
}

/* ---- rule errors ---- */

static void a_rule_error_flags_by_default(void **state) {
  fixture *f = *state;
  add_pack(f, "three");
  build(f);
  eval(f, "{\"sector\":\"saas\"}"); /* no years: the comparison raises */
  size_t k = rule_index(f, "experience");
  assert_int_equal(f->out[k].verdict, SL_ERROR);
  assert_non_null(strstr(reason(f, "experience"), "fixtures/packs/three/rules.lua:6: attempt to compare"));
  assert_rule(f, "sector", SL_PASS, SL_PASS, "");
  assert_int_equal(f->verdict, SL_FLAG);
  ASSERT_SCORE(f, 1.0 / 3.0); /* the error counts in the weights, not as passed */
}

static void on_error_fail_makes_a_rule_error_fail_the_candidate(void **state) {
  fixture *f = *state;
  add_pack(f, "three");
  f->spec.on_error = SL_ON_ERROR_FAIL;
  build(f);
  eval(f, "{\"sector\":\"saas\"}");
  assert_int_equal(f->out[rule_index(f, "experience")].verdict, SL_ERROR);
  assert_int_equal(f->verdict, SL_FAIL);
  eval(f, "{\"years\":12,\"sector\":\"saas\"}");
  assert_int_equal(f->verdict, SL_PASS);
}

static void a_wrong_return_type_is_an_error_with_file_line(void **state) {
  fixture *f = *state;
  add_pack(f, "errors");
  build(f);
  eval(f, "{\"id\":\"e\",\"years\":12}");
  assert_int_equal(f->out[rule_index(f, "returns-number")].verdict, SL_ERROR);
  assert_non_null(strstr(reason(f, "returns-number"),
                         "packs/errors/rules.lua:4: check returned number; expected pass(...)"));
  assert_non_null(strstr(reason(f, "returns-nil"), "rules.lua:6: check returned nil"));
  assert_non_null(strstr(reason(f, "unknown-fact"), "rules.lua:3: unknown fact 'no_such_fact'"));
  assert_rule(f, "ok", SL_PASS, SL_PASS, "still runs");
}

static void a_broken_call_leaves_nothing_behind(void **state) {
  fixture *f = *state;
  add_pack(f, "three");
  build(f);
  /* The same state evaluates a normal candidate before and after a check
   * that broke: nothing of the broken call is left behind. */
  eval(f, "{\"years\":12,\"sector\":\"saas\"}");
  assert_int_equal(f->verdict, SL_PASS);
  eval(f, "{\"years\":\"twelve\",\"sector\":\"saas\"}");
  assert_int_equal(f->out[rule_index(f, "experience")].verdict, SL_ERROR);
  eval(f, "{\"years\":12,\"sector\":\"saas\"}");
  assert_int_equal(f->verdict, SL_PASS);
  assert_rule(f, "experience", SL_PASS, SL_PASS, "12 years");
}

static void the_instruction_budget_ends_a_call_as_an_error(void **state) {
  fixture *f = *state;
  add_pack_at(f, "sandbox/packs/endless-loop");
  build(f); /* budget: 1,000,000 instructions per call */
  for (int round = 0; round < 2; round++) {
    eval(f, "{\"id\":\"x\"}");
    for (size_t i = 0; i + 1 < f->S->nrules; i++) {
      assert_int_equal(f->out[i].verdict, SL_ERROR);
      const char *why = reason(f, f->S->rules[i].id);
      if (!strstr(why, "instruction budget of 1000000 exceeded")) fail_msg("%s: %s", f->S->rules[i].id, why);
    }
    assert_rule(f, "still-works", SL_PASS, SL_PASS, "rules still run for x");
    assert_int_equal(f->verdict, SL_FLAG);
  }
}

static void the_memory_cap_ends_a_call_as_an_error(void **state) {
  fixture *f = *state;
  add_pack_at(f, "sandbox/packs/memory-bomb-in-pcall");
  f->spec.max_instructions = 500000000; /* the cap must trip first */
  build(f); /* cap: 16 MiB per call */
  size_t before = f->S->mem_used;
  for (int round = 0; round < 2; round++) {
    eval(f, "{\"id\":\"x\"}");
    assert_int_equal(f->out[rule_index(f, "pcall")].verdict, SL_ERROR);
    if (!strstr(reason(f, "pcall"), "attacks.lua:1: memory cap of 16 MiB exceeded")) fail_msg("%s", reason(f, "pcall"));
    assert_int_equal(f->out[rule_index(f, "pcall-then-small")].verdict, SL_ERROR);
    assert_rule(f, "still-works", SL_PASS, SL_PASS, "rules still run for x");
  }
  /* the bombs' memory was given back */
  assert_true(f->S->mem_used < before + ((size_t)4 << 20));
}

/* ---- facts and params ---- */

static void facts_are_computed_once_per_candidate(void **state) {
  fixture *f = *state;
  add_pack(f, "facts");
  build(f);
  for (int round = 0; round < 3; round++) {
    eval(f, "{\"years\":7}");
    const char *log = sl_buf_cstr(&f->S->log);
    assert_string_equal(log, "[uses-years test] computing years\n"
                             "[uses-scaled test] computing scaled\n"
                             "[nickname-twice test] computing nickname\n"
                             "[employer test] computing employer\n");
    assert_rule(f, "uses-scaled", SL_PASS, SL_PASS, "scaled 14");
    assert_rule(f, "nickname-twice", SL_PASS, SL_PASS, "nil/nil");
    /* a fact that raised is not run again: the second reader gets its error */
    assert_rule(f, "employer-again", SL_ERROR, SL_ERROR, NULL);
    assert_non_null(strstr(reason(f, "employer-again"),
                           "/01_facts.lua:5: attempt to index a nil value (field 'work')"));
  }
}

static void overrides_replace_params(void **state) {
  fixture *f = *state;
  add_pack(f, "three");
  f->overrides[0] = (sl_override){"min_years", "15"};
  f->spec.overrides = f->overrides;
  f->spec.noverrides = 1;
  build(f);
  eval(f, "{\"years\":12,\"sector\":\"saas\"}");
  assert_rule(f, "experience", SL_FAIL, SL_FAIL, "12 years; 15+ required");
}

static void an_override_of_another_type_is_refused(void **state) {
  fixture *f = *state;
  add_pack(f, "three");
  f->overrides[0] = (sl_override){"min_years", "\"ten\""};
  f->spec.overrides = f->overrides;
  f->spec.noverrides = 1;
  f->spec.packs = f->packs;
  f->spec.npacks = f->npacks;
  sl_error err;
  assert_int_equal(sl_state_new(&f->spec, &f->S, &err), SL_EINVAL);
  assert_null(f->S);
  assert_string_equal(err.msg, "--set min_years: the parameter is a number, got a string (\"ten\")");
}

static void explain_lists_facts_and_params(void **state) {
  fixture *f = *state;
  add_pack(f, "facts");
  build(f);
  sl_state *S = f->S;
  sl_error err;
  const char *json = "{\"years\":3,\"nickname\":\"Al\"}";
  assert_int_equal(sl_json_decode(S->decoder, json, strlen(json), &err), 0);
  sl_buf detail = SL_BUF_INIT;
  S->out = &f->arena;
  assert_int_equal(sl_state_eval(S, -1, f->out, &f->verdict, &f->score, &detail), 0);
  S->out = NULL;
  lua_pop(S->L, 1);
  assert_string_equal(sl_buf_cstr(&detail), "{\"facts\":{\"years\":3,\"scaled\":6,\"nickname\":\"Al\"},"
                                            "\"params\":{\"facts\":{\"factor\":2,\"label\":\"scaled\"}}}");
  sl_buf_free(&detail);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
      T(rules_are_compiled_with_their_definitions),
      T(pass_flag_fail_carry_formatted_reasons),
      T(booleans_pass_or_fail_without_a_reason),
      T(required_keeps_a_fail),
      T(preferred_turns_a_fail_into_a_flag),
      T(bonus_turns_a_fail_into_a_pass_that_scores_nothing),
      T(when_false_skips_and_counts_for_nothing),
      T(every_rule_skipped_scores_one),
      T(verdict_is_fail_then_flag_then_pass),
      T(a_rule_error_flags_by_default),
      T(on_error_fail_makes_a_rule_error_fail_the_candidate),
      T(a_wrong_return_type_is_an_error_with_file_line),
      T(a_broken_call_leaves_nothing_behind),
      T(the_instruction_budget_ends_a_call_as_an_error),
      T(the_memory_cap_ends_a_call_as_an_error),
      T(facts_are_computed_once_per_candidate),
      T(overrides_replace_params),
      T(an_override_of_another_type_is_refused),
      T(explain_lists_facts_and_params),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
