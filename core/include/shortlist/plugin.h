/*
 * plugin.h - the one header a shortlist plugin includes, and all the API it
 * may use.
 *
 * A plugin is a shared object exporting one function:
 *
 *     int shortlist_plugin_init(int host_abi, sl_registry *reg, int *plugin_abi);
 *
 * Write it with SL_PLUGIN_ENTRY(fn), which stores the plugin's ABI, refuses a
 * host of another ABI before touching the registry, and then calls
 * `int fn(sl_registry *reg)` to register what the plugin provides:
 *
 *   - input readers: frame records out of raw input on the loop thread,
 *     decode one record into a value in a worker thread;
 *   - reporters: turn results into output on the loop thread, in input order;
 *   - Lua modules: Lua source that rules reach with require "name";
 *   - rule loaders: turn a file of another extension into Lua rule source.
 *
 * Threads: "loop thread" is the thread running the event loop (the main
 * thread); "worker thread" is any of the threads that evaluate (one per
 * -j), several at once. Functions documented for worker threads must be reentrant.
 *
 * Memory: everything a plugin registers (the sl_reader, sl_reporter and
 * sl_rule_loader structs and the strings they point to) is borrowed by the
 * host until the process exits: make them static. Pointers the host passes to
 * a callback are borrowed for that call only, unless said otherwise.
 *
 * Errors: callbacks return 0 on success, or a negative SL_PLUGIN_E* code;
 * where a message helps the user, they write one line into the `err` buffer
 * they receive (NUL-terminated, at most errsz bytes, no trailing newline).
 */
#ifndef SHORTLIST_PLUGIN_H
#define SHORTLIST_PLUGIN_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever anything in this header changes incompatibly.
 * 2: sl_host_api gained score_text, sl_registry gained fail. */
#define SL_PLUGIN_ABI 3

/* Error codes a plugin returns (the same values as the host's SL_E*). */
#define SL_PLUGIN_ENOMEM (-99)
#define SL_PLUGIN_EINVAL (-98)
#define SL_PLUGIN_EIO (-97)
#define SL_PLUGIN_EPARSE (-96)

/* ---- results: what reporters receive ---- */

typedef enum sl_verdict {
  SL_PASS = 0,
  SL_FLAG,
  SL_FAIL,
  SL_SKIP,
  SL_ERROR,
  SL_VERDICT_COUNT
} sl_verdict;

typedef enum sl_severity { SL_REQUIRED = 0, SL_PREFERRED, SL_BONUS } sl_severity;

/* One rule, as compiled. Borrowed for the whole run. */
typedef struct sl_rule_info {
  const char *id;
  const char *title;     /* "" when the rule has none */
  const char *pack;      /* the pack's name */
  const char *file;      /* "rules/cso/leadership.lua" */
  int line;              /* where rule{} was called */
  sl_severity severity;
  double weight;
} sl_rule_info;

/* One rule's outcome for one candidate. */
typedef struct sl_rule_result {
  sl_verdict verdict;    /* as reported: severity applied */
  sl_verdict checked;    /* what the check returned, before severity */
  const char *reason;    /* NOT NUL-terminated; NULL when the rule gave none */
  size_t reason_len;
} sl_rule_result;

/* One candidate's outcome. Borrowed for the duration of the reporter call. */
typedef struct sl_result {
  const char *id;        /* NOT NUL-terminated: use id_len */
  size_t id_len;
  const char *source;    /* input name ("-" for standard input) */
  long line;             /* line (or row) of the record in its input */
  long ordinal;          /* 1-based position in the whole input stream */
  sl_verdict verdict;    /* SL_ERROR: the record could not be read */
  double score;          /* 0..1 */
  const char *error;     /* NUL-terminated; why the record could not be read, else NULL */
  const sl_rule_result *rules; /* one per rule, in rule order; NULL when unreadable */
  size_t nrules;
  const char *log;       /* print() output of the rules for this candidate, or NULL */
  size_t log_len;
  const char *detail;    /* explain only: {"facts":{...},"params":{...}} JSON */
  size_t detail_len;
  const char *encoded;   /* what the reporter's encode produced for it, or NULL */
  size_t encoded_len;
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

typedef struct sl_run_info {
  const sl_rule_info *rules;
  size_t nrules;
  int color;             /* 1: ANSI colours are welcome (a terminal, no NO_COLOR) */
  FILE *out;             /* borrowed for the whole run; the host closes it */
  const char *as_of;     /* "YYYY-MM-DD" */
} sl_run_info;

/* ---- reporters ---- */

/* A growable text the host owns; append copies. */
typedef struct sl_text {
  void *ctx;
  int (*append)(struct sl_text *t, const char *s, size_t n);
} sl_text;


typedef struct sl_reporter {
  const char *name;         /* the --format NAME */
  const char *description;  /* one line, for `shortlist plugins` */
  /* Loop thread, once: allocate state into *self and write any header. */
  int (*begin)(void **self, const sl_run_info *info);
  /* Loop thread, once per input record, in input order. May be NULL when
   * encode is set: the host then writes the encoded results to info->out
   * itself, as they are, a batch at a time. */
  int (*candidate)(void *self, const sl_result *r);
  /* Loop thread, once after a successful begin, also when the run stopped
   * early: write the summary, flush, free self. */
  int (*end)(void *self, const sl_summary *s);
  /* Optional. Worker thread, reentrant, no reporter state: format one
   * result, appending to out. When set, the host calls it in the pool (so
   * formatting scales with -j) and candidate() receives the text as
   * r->encoded; candidate() then usually just writes it. */
  int (*encode)(const sl_run_info *info, const sl_result *r, sl_text *out);
} sl_reporter;

/* ---- input readers ---- */

/* Where a reader's framing puts what it found. Host-owned; loop thread. */
typedef struct sl_frame_sink {
  void *ctx;
  /* A record: its bytes (any encoding the reader's decode understands) are
   * copied by the host; `line` is where it starts in the input (1-based). */
  int (*record)(void *ctx, const char *bytes, size_t len, long line);
  /* A record that cannot be read at all; `why` is copied. It still yields
   * one output record (an error record), so nothing is lost silently. */
  int (*unreadable)(void *ctx, long line, const char *why);
} sl_frame_sink;

/* Builds one record as a value in a worker's Lua state. Host-owned; worker
 * thread; every call returns 0 or SL_PLUGIN_E*. A record is one object:
 * begin_object, then key + value pairs (values may nest), end_object. */
typedef struct sl_builder sl_builder;
struct sl_builder {
  void *ctx;
  int (*begin_object)(sl_builder *b);
  int (*end_object)(sl_builder *b);
  int (*begin_array)(sl_builder *b);
  int (*end_array)(sl_builder *b);
  int (*key)(sl_builder *b, const char *s, size_t n);
  int (*string)(sl_builder *b, const char *s, size_t n);
  int (*integer)(sl_builder *b, long long v);
  int (*number)(sl_builder *b, double v);
  int (*boolean)(sl_builder *b, int v);
  int (*null)(sl_builder *b);
};

typedef struct sl_reader {
  const char *name;        /* the --input-format NAME */
  const char *extensions;  /* file extensions it reads, space-separated: ".csv .tsv" */
  const char *description; /* one line, for `shortlist plugins` */
  /* Loop thread, once per input: allocate framing state. NULL = no memory. */
  void *(*open)(const char *source);
  /* Loop thread: the next bytes of the input (borrowed for the call). An
   * error return ends this input: what was framed before stands, the host
   * adds one error record saying the rest is not read (exit 3), and goes on
   * with the next input without calling finish. */
  int (*feed)(void *st, const char *data, size_t n, const sl_frame_sink *sink);
  /* Loop thread: end of input; emit what is left. An error return: as for
   * feed. */
  int (*finish)(void *st, const sl_frame_sink *sink);
  /* Loop thread: free the framing state. */
  void (*close)(void *st);
  /* Worker thread, reentrant: decode the bytes of one record (as given to
   * sink->record) into b. On malformed input return SL_PLUGIN_EPARSE with a
   * one-line reason in err ("invalid JSON at column 18: ..."). The host
   * discards whatever was half built. */
  int (*decode)(const char *bytes, size_t n, sl_builder *b, char *err, size_t errsz);
} sl_reader;

/* ---- rule loaders ---- */

typedef struct sl_rule_loader {
  const char *name;
  const char *extension;   /* files of a pack with this extension: ".rules" */
  const char *description;
  /* Loop thread, when a pack is read: turn the file's text into Lua source
   * using the rule API (rule{}, fact(), pass/flag/fail...), appended to
   * lua. Errors: one line in err, starting "path:line: ". */
  int (*translate)(const char *path, const char *text, size_t len, sl_text *lua, char *err,
                   size_t errsz);
} sl_rule_loader;

/* ---- what the host offers plugins ---- */

typedef struct sl_host_api {
  /* Decodes one JSON value into b (any thread). Returns 0, or
   * SL_PLUGIN_EPARSE with "invalid JSON at column N: what" in err. */
  int (*decode_json)(const char *s, size_t n, sl_builder *b, char *err, size_t errsz);
  /* Writes s as a quoted JSON string into dst, which must have room for
   * 6 * n + 2 bytes; invalid UTF-8 becomes U+FFFD. Returns the length. */
  size_t (*json_escape)(char *dst, const char *s, size_t n);
  /* Writes s into dst (room for 3 * n bytes) with invalid UTF-8 replaced,
   * and what a terminal would act on rather than show (control characters
   * but tab, C1 controls, line separators, bidirectional marks) as spaces.
   * Returns the length. */
  size_t (*text_escape)(char *dst, const char *s, size_t n);
  /* Writes s as a quoted JSON string, repairing invalid UTF-8. */
  int (*write_json_string)(FILE *out, const char *s, size_t n);
  /* Writes s with invalid UTF-8 replaced and control characters blanked. */
  int (*write_text)(FILE *out, const char *s, size_t n);
  /* "pass", "flag", "fail", "skip", "error". */
  const char *(*verdict_name)(sl_verdict v);
  /* "required", "preferred", "bonus". */
  const char *(*severity_name)(sl_severity s);
  /* Writes v as printf's "%.4g" would (how scores are shown) into dst,
   * which must have room for 32 bytes; returns the length. Faster than
   * printf for scores. */
  size_t (*score_text)(char *dst, double v);
} sl_host_api;

typedef struct sl_registry sl_registry;
struct sl_registry {
  const sl_host_api *api;  /* valid until the process exits: keep it */
  const char *plugin_path; /* the plugin's own file; its folder holds its data */
  void *host;              /* the host's; do not touch */
  /* Each returns 0, or SL_PLUGIN_EINVAL when the name is taken or a field is
   * missing (the host prints why). The structs are borrowed forever. */
  int (*add_reader)(sl_registry *reg, const sl_reader *r);
  int (*add_reporter)(sl_registry *reg, const sl_reporter *r);
  int (*add_rule_loader)(sl_registry *reg, const sl_rule_loader *l);
  /* A Lua module, reachable from rules with require(name). `source` is Lua
   * text, copied; it runs in the rules' sandbox, once per worker state, and
   * its return value is what require returns. */
  int (*add_lua_module)(sl_registry *reg, const char *name, const char *source, size_t len);
  /* Says why registering fails, in the plugin's words (printf format), and
   * returns `code`: `return reg->fail(reg, SL_PLUGIN_EINVAL, "%s:%ld: ...", ...)`.
   * The host prints "plugin NAME: <why>" and stops with exit status 2. */
  int (*fail)(sl_registry *reg, int code, const char *fmt, ...)
#if defined(__GNUC__)
      __attribute__((format(printf, 3, 4)))
#endif
      ;
};

/* ---- a growable buffer for plugins (header-only: nothing to link) ---- */

typedef struct sl_pbuf {
  char *data; /* owned; free with sl_pbuf_free */
  size_t len, cap;
} sl_pbuf;

/* Room for `extra` more bytes. Returns 0 or SL_PLUGIN_ENOMEM (buffer unchanged). */
static inline int sl_pbuf_reserve(sl_pbuf *b, size_t extra) {
  if (b->cap - b->len >= extra) return 0;
  size_t cap = b->cap ? b->cap : 1024;
  while (cap - b->len < extra) {
    if (cap > ((size_t)-1) / 2) return SL_PLUGIN_ENOMEM;
    cap *= 2;
  }
  char *p = (char *)realloc(b->data, cap);
  if (!p) return SL_PLUGIN_ENOMEM;
  b->data = p;
  b->cap = cap;
  return 0;
}

static inline int sl_pbuf_put(sl_pbuf *b, const void *s, size_t n) {
  if (sl_pbuf_reserve(b, n)) return SL_PLUGIN_ENOMEM;
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  return 0;
}

static inline void sl_pbuf_free(sl_pbuf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

#if defined(_WIN32)
#define SL_PLUGIN_EXPORT __declspec(dllexport)
#else
#define SL_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

#define SL_PLUGIN_ENTRY_NAME "shortlist_plugin_init"

/* Defines the entry point: checks the ABI, then calls register_fn(reg). */
#define SL_PLUGIN_ENTRY(register_fn)                                                   \
  SL_PLUGIN_EXPORT int shortlist_plugin_init(int host_abi, sl_registry *reg,           \
                                             int *plugin_abi) {                        \
    *plugin_abi = SL_PLUGIN_ABI;                                                       \
    if (host_abi != SL_PLUGIN_ABI) return SL_PLUGIN_EINVAL;                            \
    return register_fn(reg);                                                           \
  }

#ifdef __cplusplus
}
#endif

#endif
