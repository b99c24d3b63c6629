/*
 * shortlist.h - the embedding API: load rule packs, screen a stream of
 * candidate records on a libuv worker pool, hand results to a reporter.
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

#define SL_VERSION_STRING "0.1.0"

typedef enum sl_verdict {
  SL_PASS = 0,
  SL_FLAG,
  SL_FAIL,
  SL_SKIP,
  SL_ERROR,
  SL_VERDICT_COUNT
} sl_verdict;

/* "pass", "flag", "fail", "skip", "error". */
const char *sl_verdict_name(sl_verdict v);

typedef enum sl_severity { SL_REQUIRED = 0, SL_PREFERRED, SL_BONUS } sl_severity;
const char *sl_severity_name(sl_severity s);

typedef enum sl_on_error { SL_ON_ERROR_FLAG = 0, SL_ON_ERROR_FAIL } sl_on_error;

/* What the engine knows of one rule after compiling. Owned by the engine,
 * valid until sl_engine_free(). */
typedef struct sl_rule_info {
  const char *id;
  const char *title;     /* may be "" */
  const char *pack;      /* pack name */
  const char *file;      /* "rules/cso/leadership.lua" */
  int line;              /* where rule{} was called */
  sl_severity severity;
  double weight;
} sl_rule_info;

/* One rule's outcome for one candidate. Strings are borrowed from the
 * batch that carries the result, valid during the reporter call only. */
typedef struct sl_rule_result {
  sl_verdict verdict;    /* as reported: severity applied */
  sl_verdict checked;    /* what check returned, before severity */
  const char *reason;    /* NULL when the rule gave none */
  size_t reason_len;
} sl_rule_result;

/* One candidate's outcome. Borrowed for the duration of a reporter call. */
typedef struct sl_result {
  const char *id;        /* record id, or "#N" */
  size_t id_len;
  const char *source;    /* input name ("-" for stdin) */
  long line;             /* line (or row) of the record in its input */
  long ordinal;          /* 1-based position in the whole input stream */
  sl_verdict verdict;    /* SL_ERROR: the record could not be read */
  double score;          /* 0..1 */
  const char *error;     /* why the record could not be read, else NULL */
  const sl_rule_result *rules; /* one per rule, in rule order; NULL on SL_ERROR */
  size_t nrules;
  const char *log;       /* print() output of the rules for this candidate, or NULL */
  size_t log_len;
  const char *detail;    /* explain mode only: {"facts":{...},"params":{...}} JSON */
  size_t detail_len;
} sl_result;

/* Totals, handed to the reporter at the end. */
typedef struct sl_summary {
  long candidates;
  long verdicts[SL_VERDICT_COUNT];  /* candidate verdicts; SL_ERROR = unreadable */
  long rule_errors;                 /* rule verdicts that were `error` */
  long input_errors;                /* inputs that could not be opened or read */
  const long *rule_fail;            /* per rule: candidates it failed */
  const long *rule_flag;            /* per rule: candidates it flagged */
  const long *rule_error;           /* per rule: candidates where it errored */
  double seconds;                   /* wall time of the run */
} sl_summary;

/* A reporter turns results into output. Every callback runs on the loop
 * thread, in input order. `out` is borrowed for the whole run. Return 0, or a
 * negative SL_E* code to stop the run. */
typedef struct sl_run_info {
  const sl_rule_info *rules;
  size_t nrules;
  int color;             /* 1: ANSI colours allowed */
  FILE *out;
} sl_run_info;

typedef struct sl_reporter {
  const char *name;
  const char *description;
  /* Allocates the reporter's state in *self. */
  int (*begin)(void **self, const sl_run_info *info);
  int (*candidate)(void *self, const sl_result *r);
  /* Writes the summary and frees self. Called once after a successful begin,
   * also when the run stops early. */
  int (*end)(void *self, const sl_summary *s);
} sl_reporter;

const sl_reporter *sl_reporter_find(const char *name);
/* NULL-terminated list of built-in reporters. */
const sl_reporter *const *sl_reporters(void);

typedef struct sl_options {
  int jobs;                     /* worker threads; 0 = number of CPUs */
  const char *as_of;            /* "YYYY-MM-DD"; NULL = today */
  sl_on_error on_error;
  long long max_instructions;   /* per rule call; 0 = default */
  size_t max_memory;            /* bytes per candidate evaluation; 0 = default */
  const char *filter_id;        /* evaluate only this id (explain) */
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

/* Screens the inputs ("-" = stdin) in order and reports every record.
 * Returns 0 when the run completed (some records may be unreadable: see the
 * summary), or a negative SL_E* code. */
int sl_engine_run(sl_engine *e, const char *const *inputs, size_t ninputs,
                  const sl_reporter *rep, FILE *out, int color,
                  sl_summary *summary, sl_error *err);

#endif
