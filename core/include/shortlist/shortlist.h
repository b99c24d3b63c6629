/*
 * shortlist.h - the embedding API: load rule packs, screen a stream of
 * candidate records on worker threads, hand results to a reporter.
 *
 *   sl_engine_new()        options -> engine (no packs yet)
 *   sl_engine_add_pack()   one pack folder; call once per -r
 *   sl_engine_set_param()  --set KEY=VALUE
 *   sl_engine_compile()    compile + lint every pack once; fills rule info
 *   sl_engine_run()        read inputs, evaluate, report; returns a summary
 *   sl_engine_free()
 */
#ifndef SHORTLIST_H
#define SHORTLIST_H

#include <stddef.h>
#include <stdio.h>

#include "shortlist/error.h"
#include "shortlist/plugin.h"

#define SL_VERSION_STRING "0.1.0"

/* Verdicts, results, summaries and reporters are shared with plugins. */
const char *sl_verdict_name(sl_verdict v);
const char *sl_severity_name(sl_severity s);

typedef enum sl_on_error { SL_ON_ERROR_FLAG = 0, SL_ON_ERROR_FAIL } sl_on_error;

typedef struct sl_plugins sl_plugins;

typedef struct sl_options {
  int jobs;                     /* worker threads; 0 = number of CPUs */
  const char *as_of;            /* "YYYY-MM-DD"; NULL = today */
  sl_on_error on_error;
  long long max_instructions;   /* per rule call; 0 = default */
  size_t max_memory;            /* bytes per candidate evaluation; 0 = default */
  const char *filter_id;        /* evaluate only this id (explain) */
  const sl_plugins *plugins;    /* readers, reporters, modules, rule loaders */
  FILE *progress;               /* a terminal for a progress line while a run lasts, or NULL */
} sl_options;

#define SL_DEFAULT_MAX_INSTRUCTIONS 20000000LL
#define SL_DEFAULT_MAX_MEMORY ((size_t)64 << 20)

typedef struct sl_engine sl_engine;

int sl_engine_new(const sl_options *opts, sl_engine **out, sl_error *err);
void sl_engine_free(sl_engine *e);

/* Adds a pack folder. The folder must hold pack.lua. */
int sl_engine_add_pack(sl_engine *e, const char *dir, sl_error *err);

/* Overrides a pack parameter. `value` is read as JSON when it parses as
 * JSON, else taken as a string. Checked against the packs at compile. */
int sl_engine_set_param(sl_engine *e, const char *key, const char *value, sl_error *err);

/* Compiles and lints every pack. On SL_ELINT, `problems` (if not NULL)
 * receives every problem, one per line; caller frees with free(). */
int sl_engine_compile(sl_engine *e, char **problems, sl_error *err);

const sl_rule_info *sl_engine_rules(const sl_engine *e, size_t *nrules);

/* Screens the inputs ("-" = stdin) in order, each with its reader, and
 * reports every record. Returns 0 when the run completed (some records may
 * be unreadable: see the summary), or a negative SL_E* code.
 * Runs -j worker threads of its own. While it runs, a SIGURG handler is
 * installed (the instruction budget's watchdog, core/watchdog.h) and the
 * previous one is put back afterwards. */
int sl_engine_run(sl_engine *e, const char *const *inputs, const sl_reader *const *readers,
                  size_t ninputs, const sl_reporter *rep, FILE *out, int color,
                  sl_summary *summary, sl_error *err);

#endif
