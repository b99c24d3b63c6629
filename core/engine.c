/*
 * engine.c - packs + params + options -> compiled states -> a run.
 *
 * Compiling builds one state to learn the rules and report every problem;
 * a run then builds one state per worker from the same sources, so each
 * worker thread evaluates with its own lua_State.
 */
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "engine.h"
#include "plugins.h"
#include "pool.h"

int sl_engine_new(const sl_options *opts, sl_engine **out, sl_error *err) {
  sl_engine *e = calloc(1, sizeof *e);
  if (!e) return sl_error_set(err, SL_ENOMEM, "out of memory");
  e->opts = *opts;
  if (e->opts.jobs <= 0) {
    uv_cpu_info_t *cpus;
    int n = 0;
    if (uv_cpu_info(&cpus, &n) == 0) uv_free_cpu_info(cpus, n);
    e->opts.jobs = n > 0 ? n : 1;
  }
  if (e->opts.max_instructions <= 0) e->opts.max_instructions = SL_DEFAULT_MAX_INSTRUCTIONS;
  if (e->opts.max_memory == 0) e->opts.max_memory = SL_DEFAULT_MAX_MEMORY;
  if (opts->as_of) {
    if (sl_ymd_parse(opts->as_of, &e->as_of)) {
      free(e);
      return sl_error_set(err, SL_EINVAL, "--as-of %s: expected a date as YYYY-MM-DD", opts->as_of);
    }
  } else {
    e->as_of = sl_ymd_today();
  }
  *out = e;
  return 0;
}

void sl_engine_free(sl_engine *e) {
  if (!e) return;
  sl_state_free(e->main);
  for (size_t i = 0; i < e->npacks; i++) sl_pack_free(e->packs[i]);
  free(e->packs);
  for (size_t i = 0; i < e->noverrides; i++) {
    free(e->overrides[i].key);
    free(e->overrides[i].json);
  }
  free(e->overrides);
  free(e);
}

int sl_engine_add_pack(sl_engine *e, const char *dir, sl_error *err) {
  sl_pack *p;
  int rc = sl_pack_read(dir, e->opts.plugins, &p, err);
  if (rc) return rc;
  sl_pack **grown = realloc(e->packs, (e->npacks + 1) * sizeof *grown);
  if (!grown) {
    sl_pack_free(p);
    return sl_error_set(err, SL_ENOMEM, "out of memory");
  }
  e->packs = grown;
  e->packs[e->npacks++] = p;
  return 0;
}

/* --set values: JSON when they parse as JSON, else a string. */
int sl_value_to_json(const char *value, char **json) {
  lua_State *L = luaL_newstate();
  if (!L) return SL_ENOMEM;
  sl_json_decoder *d = sl_json_decoder_new(L);
  sl_error err;
  int is_json = d && sl_json_decode(d, value, strlen(value), &err) == 0;
  sl_json_decoder_free(d);
  lua_close(L);
  if (is_json) {
    *json = strdup(value);
  } else {
    sl_buf b = SL_BUF_INIT;
    sl_buf_json_str(&b, value, strlen(value));
    *json = sl_buf_cstr(&b);
  }
  return *json ? 0 : SL_ENOMEM;
}

int sl_engine_set_param(sl_engine *e, const char *key, const char *value, sl_error *err) {
  if (!*key) return sl_error_set(err, SL_EINVAL, "--set needs KEY=VALUE");
  sl_override *grown = realloc(e->overrides, (e->noverrides + 1) * sizeof *grown);
  if (!grown) return sl_error_set(err, SL_ENOMEM, "out of memory");
  e->overrides = grown;
  sl_override *o = &e->overrides[e->noverrides];
  o->key = strdup(key);
  if (!o->key || sl_value_to_json(value, &o->json)) {
    free(o->key);
    return sl_error_set(err, SL_ENOMEM, "out of memory");
  }
  e->noverrides++;
  return 0;
}

void sl_engine_fill_spec(sl_engine *e, sl_state_spec *spec) {
  memset(spec, 0, sizeof *spec);
  spec->packs = e->packs;
  spec->npacks = e->npacks;
  spec->overrides = e->overrides;
  spec->noverrides = e->noverrides;
  spec->as_of = e->as_of;
  spec->max_instructions = e->opts.max_instructions;
  spec->max_memory = e->opts.max_memory;
  spec->on_error = e->opts.on_error;
  spec->modules = sl_plugins_modules(e->opts.plugins, &spec->nmodules);
}

int sl_engine_compile(sl_engine *e, char **problems, sl_error *err) {
  sl_engine_fill_spec(e, &e->spec);
  e->spec.print_at_load = 1;
  e->spec.collect_problems = problems != NULL;
  sl_state *S = NULL;
  int rc = sl_state_new(&e->spec, &S, err);
  if (rc == SL_ELINT && problems) {
    *problems = strdup(S && S->problems.data ? sl_buf_cstr(&S->problems) : err->msg);
  }
  if (rc) {
    sl_state_free(S);
    return rc;
  }
  e->spec.print_at_load = 0;
  e->main = S;
  return 0;
}

const sl_rule_info *sl_engine_rules(const sl_engine *e, size_t *nrules) {
  *nrules = e->main ? e->main->nrules : 0;
  return e->main ? e->main->rules : NULL;
}

const char *sl_engine_pack_name(const sl_engine *e, size_t i) {
  return e->main && i < e->npacks && e->main->pack_names[i] ? e->main->pack_names[i] : "";
}

int sl_engine_run(sl_engine *e, const char *const *inputs, const sl_reader *const *readers,
                  size_t ninputs, const sl_reporter *rep, FILE *out, int color,
                  sl_summary *summary, sl_error *err) {
  if (!e->main) return sl_error_set(err, SL_EINVAL, "sl_engine_run before sl_engine_compile");
  size_t n = (size_t)e->opts.jobs;
  sl_state **states = calloc(n, sizeof *states);
  if (!states) return sl_error_set(err, SL_ENOMEM, "out of memory");
  int rc = 0;
  states[0] = e->main;
  for (size_t i = 1; i < n && !rc; i++) rc = sl_state_new(&e->spec, &states[i], err);
  for (size_t i = 1; i < n && !rc; i++) {
    if (states[i]->nrules != e->main->nrules) {
      rc = sl_error_set(err, SL_ECOMPILE,
                        "the packs defined different rules in different states "
                        "(does a rule file depend on something that changes?)");
    }
  }
  void *self = NULL;
  char as_of[16];
  snprintf(as_of, sizeof as_of, "%04d-%02d-%02d", e->as_of.year, e->as_of.month, e->as_of.day);
  sl_run_info info = {e->main->rules, e->main->nrules, color, out, as_of};
  if (!rc) {
    rc = rep->begin(&self, &info);
    if (rc) sl_error_set(err, rc, "the %s reporter could not start", rep->name);
  }
  if (!rc) {
    sl_pool_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.states = states;
    cfg.nstates = n;
    cfg.rules = e->main->rules;
    cfg.nrules = e->main->nrules;
    cfg.inputs = inputs;
    cfg.readers = readers;
    cfg.ninputs = ninputs;
    cfg.rep = rep;
    cfg.rep_self = self;
    cfg.out = out;
    cfg.progress = e->opts.progress;
    cfg.worker.nrules = e->main->nrules;
    cfg.worker.rep = rep;
    cfg.worker.info = &info;
    cfg.worker.filter_id = e->opts.filter_id;
    cfg.worker.explain = e->opts.filter_id != NULL;
    cfg.worker.cancel = e->cancel;
    rc = sl_pool_run(&cfg, summary, err);
    int erc = rep->end(self, summary);
    if (!rc && erc) rc = sl_error_set(err, erc, "%s", SL_CANNOT_WRITE);
  }
  for (size_t i = 1; i < n; i++) sl_state_free(states[i]);
  free(states);
  return rc;
}
