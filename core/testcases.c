/*
 * testcases.c - `shortlist test [PACK...]`: the cases in a pack's tests folder.
 *
 * Each case is evaluated in a fresh state built with its own params and
 * as-of date (default 2026-01-01, so current roles give the same years every
 * day), its candidate going through the same JSON decoder as real input.
 */
#include <lauxlib.h>
#include <lualib.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "engine.h"

#define TEST_AS_OF "2026-01-01"

typedef struct counts {
  long passed, failed;
} counts;

/* [-0, +0, e] Takes the metatable off the table at idx and every table it
 * reaches (visited: a set): reading a case afterwards, outside any
 * protected call, runs no code of the test file's. */
static void strip_metatables(lua_State *L, int idx, int visited) {
  lua_pushvalue(L, idx);
  if (lua_rawget(L, visited) != LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  lua_pop(L, 1);
  lua_pushvalue(L, idx);
  lua_pushboolean(L, 1);
  lua_rawset(L, visited);
  luaL_checkstack(L, 6, "reading a case");
  lua_pushnil(L);
  lua_setmetatable(L, idx);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    for (int k = -2; k <= -1; k++) {
      if (lua_type(L, k) == LUA_TTABLE) strip_metatables(L, lua_absindex(L, k), visited);
    }
    lua_pop(L, 1);
  }
}

/* case { ... } in a test file: remember it with where it was written. */
static int collect_case(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  lua_newtable(L);
  strip_metatables(L, 1, 2);
  lua_settop(L, 1);
  lua_Debug ar;
  int line = 0;
  if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar)) line = ar.currentline;
  lua_pushinteger(L, line);
  lua_setfield(L, 1, "_line");
  lua_getfield(L, LUA_REGISTRYINDEX, "cases");
  lua_pushvalue(L, 1);
  lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
  return 0;
}

static void report_failure(int *first, const char *file, int line, const char *name,
                           const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Prints s cleaned for a terminal, as text output is (buf.h): case names
 * and reasons are the test file's and the rules' text. */
static void print_clean(const char *s) {
  sl_buf b = SL_BUF_INIT;
  if (sl_buf_text(&b, s, strlen(s)) == 0 && b.len) fwrite(b.data, 1, b.len, stdout);
  sl_buf_free(&b);
}

static void report_failure(int *first, const char *file, int line, const char *name,
                           const char *fmt, ...) {
  if (*first) {
    printf("FAIL %s:%d: ", file, line);
    print_clean(name);
    putchar('\n');
    *first = 0;
  }
  char msg[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  printf("    ");
  print_clean(msg);
  putchar('\n');
}

/* expect's tables by rule id: kind 0 verdicts, kind 1 reason substrings. */
static const char *const kinds[] = {"rules", "reasons"};

/* Writes into out (size n) a field of the table at idx that is not one of
 * known (NULL-terminated) and returns 1, or returns 0: a misspelt field
 * (`param`, `rule`) would otherwise be ignored and the case pass without
 * testing what it says. A value without a name (`case { ..., 5 }`) is said
 * by its index, `[1]`. */
static int unknown_field(lua_State *T, int idx, const char *const *known, char *out, size_t n) {
  lua_pushnil(T);
  while (lua_next(T, idx)) {
    lua_pop(T, 1);
    const char *k = lua_type(T, -1) == LUA_TSTRING ? lua_tostring(T, -1) : NULL;
    int ok = 0;
    for (const char *const *f = known; k && *f && !ok; f++) ok = strcmp(k, *f) == 0;
    if (!ok && !(k && strcmp(k, "_line") == 0)) {
      if (k) {
        snprintf(out, n, "'%s'", k);
      } else {
        snprintf(out, n, "[%s]", luaL_tolstring(T, -1, NULL));
        lua_pop(T, 1);
      }
      lua_pop(T, 1);
      return 1;
    }
  }
  return 0;
}

/* The Lua type of a field, said as a case's author wrote it. */
static const char *type_said(int type) {
  switch (type) {
  case LUA_TSTRING: return "text";
  case LUA_TNUMBER: return "a number";
  case LUA_TBOOLEAN: return "a boolean";
  case LUA_TTABLE: return "a table";
  case LUA_TFUNCTION: return "a function";
  default: return "a value of another kind";
  }
}

/* 1 when field f of the table at idx is there but not of type want (said
 * as want_said), after reporting it as where.f; 0 when absent or right. */
static int wrong_type(lua_State *T, int idx, const char *where, const char *f, int want,
                      const char *want_said, int *first, const char *file, int line,
                      const char *name) {
  int t = lua_getfield(T, idx, f);
  lua_pop(T, 1);
  if (t == LUA_TNIL || t == want) return 0;
  report_failure(first, file, line, name, "%s%s is %s, not %s", where, f, type_said(t),
                 want_said);
  return 1;
}

/* 1 when the field f of the table at idx is a table with something in it. */
static int has_entries(lua_State *T, int idx, const char *f) {
  int yes = 0;
  if (lua_getfield(T, idx, f) == LUA_TTABLE) {
    lua_pushnil(T);
    if (lua_next(T, -2)) {
      yes = 1;
      lua_pop(T, 2);
    }
  }
  lua_pop(T, 1);
  return yes;
}

/* 1 when v names a verdict a case may expect (candidate verdicts have no
 * skip). */
static int is_verdict_name(const char *v, int rule) {
  for (int k = 0; k < SL_VERDICT_COUNT; k++) {
    if (strcmp(v, sl_verdict_name((sl_verdict)k)) == 0) return rule || k != SL_SKIP;
  }
  return 0;
}

/* What is wrong with how the case is written (each said as its failure);
 * 0 when nothing. A field of the wrong type would otherwise be ignored as
 * a misspelt one is: `params = "n=5"`, `expect = { rules = "pass" }`. */
static int check_case_shape(lua_State *T, int kase, int *first, const char *file, int line,
                            const char *name) {
  static const char *const case_fields[] = {"name", "candidate", "params", "as_of", "expect",
                                            NULL};
  static const char *const expect_fields[] = {"verdict", "score", "rules", "reasons", NULL};
  char bad[160];
  int wrong = 0;
  if (unknown_field(T, kase, case_fields, bad, sizeof bad)) {
    report_failure(first, file, line, name,
                   "unknown field %s (a case has name, candidate, params, as_of, expect)", bad);
    wrong = 1;
  }
  wrong |= wrong_type(T, kase, "", "name", LUA_TSTRING, "text", first, file, line, name);
  wrong |= wrong_type(T, kase, "", "candidate", LUA_TTABLE, "a table", first, file, line, name);
  wrong |= wrong_type(T, kase, "", "params", LUA_TTABLE, "a table", first, file, line, name);
  wrong |= wrong_type(T, kase, "", "as_of", LUA_TSTRING, "a \"YYYY-MM-DD\" date", first, file,
                      line, name);
  wrong |= wrong_type(T, kase, "", "expect", LUA_TTABLE, "a table", first, file, line, name);
  if (lua_getfield(T, kase, "expect") != LUA_TTABLE) {
    lua_pop(T, 1);
    return wrong; /* no expect: said when the case runs */
  }
  int expect = lua_gettop(T);
  if (unknown_field(T, expect, expect_fields, bad, sizeof bad)) {
    report_failure(first, file, line, name,
                   "expect: unknown field %s (expect has verdict, score, rules, reasons)", bad);
    wrong = 1;
  }
  wrong |= wrong_type(T, expect, "expect.", "score", LUA_TNUMBER, "a number", first, file, line,
                      name);
  wrong |= wrong_type(T, expect, "expect.", "rules", LUA_TTABLE,
                      "a table (rules = { [\"rule-id\"] = \"pass\" })", first, file, line, name);
  wrong |= wrong_type(T, expect, "expect.", "reasons", LUA_TTABLE,
                      "a table (reasons = { [\"rule-id\"] = \"words of the reason\" })", first,
                      file, line, name);
  if (lua_getfield(T, expect, "verdict") != LUA_TNIL &&
      (lua_type(T, -1) != LUA_TSTRING || !is_verdict_name(lua_tostring(T, -1), 0))) {
    report_failure(first, file, line, name,
                   "expect.verdict: '%s' is not a candidate verdict (pass, flag, fail, error)",
                   luaL_tolstring(T, -1, NULL));
    lua_pop(T, 1);
    wrong = 1;
  }
  lua_pop(T, 1);
  for (int kind = 0; kind < 2; kind++) {
    if (lua_getfield(T, expect, kinds[kind]) == LUA_TTABLE) {
      lua_pushnil(T);
      while (lua_next(T, -2)) {
        int ok = lua_type(T, -1) == LUA_TSTRING &&
                 (kind == 1 || is_verdict_name(lua_tostring(T, -1), 1));
        if (!ok) {
          const char *v = luaL_tolstring(T, -1, NULL);
          lua_pushvalue(T, -3);
          const char *k = luaL_tolstring(T, -1, NULL);
          if (kind == 0) {
            report_failure(first, file, line, name,
                           "expect.rules['%s']: '%s' is not a verdict (pass, flag, fail, skip, "
                           "error)",
                           k, v);
          } else {
            report_failure(first, file, line, name,
                           "expect.reasons['%s']: %s is %s, not text to look for in the reason",
                           k, v, type_said(lua_type(T, -4)));
          }
          lua_pop(T, 3);
          wrong = 1;
        }
        lua_pop(T, 1);
      }
    }
    lua_pop(T, 1);
  }
  /* An expect that checks nothing cannot fail: a test that tests nothing. */
  int says = 0;
  lua_getfield(T, expect, "verdict");
  lua_getfield(T, expect, "score");
  says = !lua_isnil(T, -1) || !lua_isnil(T, -2);
  lua_pop(T, 2);
  says |= has_entries(T, expect, "rules") || has_entries(T, expect, "reasons");
  if (!wrong && !says) {
    report_failure(first, file, line, name,
                   "expect says nothing to check (give verdict, score, rules or reasons)");
    wrong = 1;
  }
  lua_settop(T, expect - 1);
  return wrong;
}

/* Runs the case on top of T (the test-file state). */
static void run_case(sl_engine *e, lua_State *T, const char *file, counts *c) {
  int kase = lua_gettop(T);
  lua_getfield(T, kase, "name");
  const char *name = lua_tostring(T, -1) ? lua_tostring(T, -1) : "(unnamed case)";
  lua_getfield(T, kase, "_line");
  int line = (int)lua_tointeger(T, -1);
  lua_pop(T, 1);
  int first = 1;
  sl_error err;
  if (check_case_shape(T, kase, &first, file, line, name)) {
    c->failed++;
    lua_settop(T, kase);
    return;
  }

  /* params and as_of */
  sl_state_spec spec;
  sl_engine_fill_spec(e, &spec);
  sl_override *ov = NULL;
  size_t nov = 0;
  sl_buf b = SL_BUF_INIT;
  if (lua_getfield(T, kase, "params") == LUA_TTABLE) {
    lua_pushnil(T);
    while (lua_next(T, -2)) {
      /* What JSON cannot hold would reach the pack as another value
       * (a function as text, math.huge as null): say so instead. */
      int vt = lua_type(T, -1);
      if (first && vt != LUA_TSTRING && vt != LUA_TBOOLEAN && vt != LUA_TTABLE &&
          !(vt == LUA_TNUMBER && isfinite(lua_tonumber(T, -1)))) {
        lua_pushvalue(T, -2);
        const char *k = luaL_tolstring(T, -1, NULL);
        const char *v = vt == LUA_TNUMBER ? luaL_tolstring(T, -3, NULL) : type_said(vt);
        report_failure(&first, file, line, name,
                       "params.%s: %s is no parameter value (give text, a finite number, a "
                       "boolean or a table)",
                       k, v);
        lua_pop(T, vt == LUA_TNUMBER ? 3 : 2);
      }
      sl_override *g = realloc(ov, (nov + 1) * sizeof *g);
      if (!g) break;
      ov = g;
      sl_buf_reset(&b);
      sl_lua_to_json(T, -1, SIZE_MAX, &b);
      ov[nov].json = strdup(sl_buf_cstr(&b));
      lua_pop(T, 1);
      lua_pushvalue(T, -1);
      ov[nov].key = strdup(lua_tostring(T, -1) ? lua_tostring(T, -1) : "?");
      lua_pop(T, 1);
      nov++;
    }
  }
  lua_pop(T, 1);
  spec.overrides = ov;
  spec.noverrides = nov;
  spec.case_params = 1;
  lua_getfield(T, kase, "as_of");
  const char *as_of = lua_tostring(T, -1) ? lua_tostring(T, -1) : TEST_AS_OF;
  if (sl_ymd_parse(as_of, &spec.as_of)) {
    report_failure(&first, file, line, name, "as_of '%s' is not a YYYY-MM-DD date", as_of);
  }
  lua_pop(T, 1);

  sl_state *S = NULL;
  if (first && sl_state_new(&spec, &S, &err)) {
    report_failure(&first, file, line, name, "%s", err.msg);
    S = NULL;
  }
  if (S) {
    sl_buf_reset(&b);
    lua_getfield(T, kase, "candidate");
    if (!lua_istable(T, -1)) {
      report_failure(&first, file, line, name, "the case has no candidate = { ... }");
    } else {
      sl_lua_to_json(T, -1, SIZE_MAX, &b);
    }
    lua_pop(T, 1);
    sl_rule_outcome *oc = calloc(S->nrules + 1, sizeof *oc);
    sl_buf arena = SL_BUF_INIT;
    sl_verdict verdict = SL_ERROR;
    double score = 0;
    if (first && oc && sl_json_decode(S->decoder, b.data, b.len, &err) == 0) {
      S->out = &arena;
      char id[128] = "";
      if (lua_getfield(S->L, -1, "id") == LUA_TSTRING || lua_type(S->L, -1) == LUA_TNUMBER) {
        snprintf(id, sizeof id, "%s", lua_tostring(S->L, -1));
      }
      lua_pop(S->L, 1);
      S->cur_id = id; /* for print() tags */
      S->cur_id_len = strlen(id);
      sl_state_eval(S, -1, oc, &verdict, &score, NULL);
      S->cur_id = NULL;
      S->out = NULL;
      lua_pop(S->L, 1);
      if (S->log.len) fwrite(S->log.data, 1, S->log.len, stderr);
    }
    /* expectations */
    lua_getfield(T, kase, "expect");
    int expect = lua_gettop(T);
    if (first && !lua_istable(T, expect)) {
      report_failure(&first, file, line, name, "the case has no expect = { ... }");
    } else if (first) {
      if (lua_getfield(T, expect, "verdict") == LUA_TSTRING &&
          strcmp(lua_tostring(T, -1), sl_verdict_name(verdict)) != 0) {
        report_failure(&first, file, line, name, "verdict: expected %s, got %s",
                       lua_tostring(T, -1), sl_verdict_name(verdict));
      }
      lua_pop(T, 1);
      if (lua_getfield(T, expect, "score") == LUA_TNUMBER &&
          fabs(lua_tonumber(T, -1) - score) > 0.005) {
        report_failure(&first, file, line, name, "score: expected %.3f, got %.3f",
                       lua_tonumber(T, -1), score);
      }
      lua_pop(T, 1);
      for (int kind = 0; kind < 2; kind++) {
        if (lua_getfield(T, expect, kinds[kind]) == LUA_TTABLE) {
          lua_pushnil(T);
          while (lua_next(T, -2)) {
            const char *want = lua_tostring(T, -1);
            lua_pushvalue(T, -2);
            const char *id = lua_tostring(T, -1);
            size_t r = 0;
            while (id && r < S->nrules && strcmp(S->rules[r].id, id) != 0) r++;
            if (!id || !want || r == S->nrules) {
              report_failure(&first, file, line, name, "expect.%s: no rule '%s' in the pack",
                             kinds[kind], id ? id : "?");
            } else {
              const char *got = sl_verdict_name((sl_verdict)oc[r].verdict);
              char reason[1024];
              snprintf(reason, sizeof reason, "%.*s", (int)oc[r].reason.len,
                       oc[r].reason.len ? arena.data + oc[r].reason.off : "");
              if (kind == 0 && strcmp(want, got) != 0) {
                report_failure(&first, file, line, name, "%s: expected %s, got %s%s%s%s", id,
                               want, got, *reason ? " (" : "", reason, *reason ? ")" : "");
              } else if (kind == 1 && !strstr(reason, want)) {
                report_failure(&first, file, line, name,
                               "%s: expected the reason to contain \"%s\", got \"%s\"", id, want,
                               reason);
              }
            }
            lua_pop(T, 2);
          }
        }
        lua_pop(T, 1);
      }
    }
    lua_settop(T, kase);
    free(oc);
    sl_buf_free(&arena);
    sl_state_free(S);
  }
  if (first) c->passed++; else c->failed++;
  for (size_t i = 0; i < nov; i++) {
    free(ov[i].key);
    free(ov[i].json);
  }
  free(ov);
  sl_buf_free(&b);
  lua_settop(T, kase);
}

/* ---- the state test files run in ----
 *
 * Test files only describe cases, but they are code, and a pack may come
 * from someone else: they get what describing cases needs (the base
 * functions but those that reach files, string, table, math, utf8) and the
 * limits a rule call has, an instruction budget and a memory cap, so that
 * `shortlist test` on a strange pack can neither touch the machine nor
 * hang. */

typedef struct test_limits {
  size_t used, cap;
  long long steps, budget;
} test_limits;

#define TEST_HOOK_STEP 1000

static void *test_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  test_limits *t = ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    free(ptr);
    t->used -= old;
    return NULL;
  }
  if (nsize > old && t->used - old + nsize > t->cap) return NULL;
  void *p = realloc(ptr, nsize);
  if (p) t->used = t->used - old + nsize;
  return p;
}

static void test_count(lua_State *L, lua_Debug *ar) {
  (void)ar;
  test_limits *t;
  lua_getallocf(L, (void **)&t);
  if ((t->steps += TEST_HOOK_STEP) > t->budget) {
    luaL_where(L, 0); /* in a hook, level 0 is the code that ran */
    lua_pushfstring(L, "instruction budget of %I exceeded (endless loop?)", (lua_Integer)t->budget);
    lua_concat(L, 2);
    lua_error(L);
  }
}

static lua_State *test_state(test_limits *limits) {
  lua_State *T = lua_newstate(test_alloc, limits);
  if (!T) return NULL;
  static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},       {LUA_STRLIBNAME, luaopen_string},
                                  {LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
                                  {LUA_UTF8LIBNAME, luaopen_utf8}, {NULL, NULL}};
  for (const luaL_Reg *l = libs; l->func; l++) {
    luaL_requiref(T, l->name, l->func, 1);
    lua_pop(T, 1);
  }
  static const char *const unsafe[] = {"dofile", "loadfile", "collectgarbage", "require", NULL};
  for (const char *const *n = unsafe; *n; n++) {
    lua_pushnil(T);
    lua_setglobal(T, *n);
  }
  lua_getglobal(T, "string");
  lua_pushnil(T);
  lua_setfield(T, -2, "dump");
  lua_pop(T, 1);
  lua_sethook(T, test_count, LUA_MASKCOUNT, TEST_HOOK_STEP);
  return T;
}

/* Runs every case of one pack; returns 0 or an exit status for errors
 * that stop the pack (it does not compile, a test file is broken), which
 * are also counted as failed. */
static int test_pack(sl_cli *cli, const char *pack, counts *c) {
  sl_cli sub = *cli;
  const char *packs[] = {pack};
  sub.packs = packs;
  sub.npacks = pack ? 1 : 0; /* NULL: the default pack */
  sub.opts.as_of = TEST_AS_OF;
  sl_engine *e;
  int rc = sl_cli_engine(&sub, &e);
  if (rc) {
    /* Its error is said; counted as a failure, so that the cases of the
     * other packs passing cannot make the summary read as success. */
    printf("FAIL %s: the pack could not be loaded (its error is on standard error)\n",
           pack ? pack : "the default pack");
    c->failed++;
    return rc;
  }
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/tests", e->packs[0]->dir);
  char **names = NULL;
  size_t n = 0;
  sl_error err;
  if (sl_list_lua_files(dir, NULL, &names, &n, &err) || n == 0) {
    printf("%s: no test cases (add tests/*.lua with case { ... })\n", e->packs[0]->dir);
    sl_engine_free(e);
    return 0;
  }
  test_limits limits = {0, SIZE_MAX, 0, e->opts.max_instructions};
  lua_State *T = test_state(&limits);
  if (!T) {
    sl_cli_error("out of memory");
    sl_engine_free(e);
    return SL_EXIT_USAGE;
  }
  lua_newtable(T);
  lua_setfield(T, LUA_REGISTRYINDEX, "cases");
  lua_register(T, "case", collect_case);
  for (size_t i = 0; i < n; i++) {
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    lua_newtable(T);
    lua_setfield(T, LUA_REGISTRYINDEX, "cases");
    limits.steps = 0; /* each file its own budget and memory cap */
    limits.cap = limits.used + e->opts.max_memory;
    int st = luaL_loadfilex(T, path, "t");
    if (st == LUA_OK) st = lua_pcall(T, 0, 0, 0);
    /* The cases are read outside protected calls: no cap that could fail
     * an allocation there (their metatables are gone: no code runs). */
    limits.cap = SIZE_MAX;
    /* A file that does not load counts as a failure (its cases did not
     * run) and makes the exit status 2; the other files still run. */
    if (st == LUA_ERRMEM) {
      sl_cli_error("%s: the memory cap of %zu MiB was reached (--max-memory raises it)", path,
                   e->opts.max_memory >> 20);
    } else if (st != LUA_OK) {
      const char *msg = lua_tostring(T, -1);
      sl_cli_error("%s", msg ? msg : "error without a message");
    }
    if (st != LUA_OK) {
      printf("FAIL %s: the test file does not load (its error is on standard error)\n", path);
      c->failed++;
      rc = SL_EXIT_USAGE;
      lua_settop(T, 0);
      continue;
    }
    lua_getfield(T, LUA_REGISTRYINDEX, "cases");
    lua_Integer count = (lua_Integer)lua_rawlen(T, -1);
    for (lua_Integer k = 1; k <= count; k++) {
      lua_rawgeti(T, -1, k);
      run_case(e, T, path, c);
      lua_pop(T, 1);
    }
    lua_pop(T, 1);
  }
  lua_close(T);
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  sl_engine_free(e);
  return rc;
}

int sl_cmd_test(sl_cli *cli) {
  counts c = {0, 0};
  const char *default_pack[] = {NULL}; /* test_pack: the installed default */
  const char **packs = cli->ninputs ? cli->inputs : cli->npacks ? cli->packs : default_pack;
  size_t n = cli->ninputs ? cli->ninputs : cli->npacks ? cli->npacks : 1;
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    int prc = test_pack(cli, packs[i], &c);
    if (prc) rc = prc;
  }
  /* A pack or test file that could not be loaded is among the failed. */
  printf("%ld passed, %ld failed\n", c.passed, c.failed);
  if (rc) return rc;
  return c.failed ? 1 : 0;
}
