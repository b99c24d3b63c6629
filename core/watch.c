/*
 * watch.c - `shortlist watch`: fs events, debounce, rebuild beside, swap, diff.
 *
 * The main thread runs this file's own loop: a uv_fs_event handle per
 * watched folder (every pack folder and its subfolders but tests/, and the
 * folder of every input file, filtered by name, so saves by rename and by
 * delete-and-recreate are seen), a debounce timer, SIGINT/SIGTERM, and all
 * printing. After a burst of events settles, a rebuild runs on a uv_thread:
 * it re-reads the packs from disk into a NEW engine, compiles it (fresh Lua
 * states) and runs every candidate on that engine's private loop, collecting
 * each candidate's verdict, score and per-rule verdict + reason into a
 * snapshot it owns. While the new candidates line up with the old ones, a
 * moved verdict is formatted at once and handed over (uv_async_send), so the
 * first changes show before the run ends. At the end the whole job goes back
 * the same way; the loop thread prints the rest of the diff against the
 * previous snapshot and keeps the new one.
 * A rebuild that fails (a pack that does not compile, an input that is gone)
 * prints why and the previous snapshot stands. One rebuild at a time: a
 * change that settles during a rebuild stops it and asks for one more.
 *
 * Ownership: the loop thread owns the watch, its handles and the current
 * snapshot; a job (and its snapshot) belongs to its thread until the thread
 * has set job->finished, then to the loop thread, which joins the thread.
 */
#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "buf.h"
#include "engine.h"
#include "pack.h"
#include "plugins.h"
#include "pool.h"

#define DEBOUNCE_MS 50  /* quiet time after the last event before a rebuild */
#define RETRY_MS 500    /* how often a vanished folder is looked for */
#define MAX_LINES 100   /* lines per kind of change, unless -v */
#define MAX_DEPTH 8     /* pack subfolders watched this deep */
#define MAX_FOLDERS 512

/* ---- a run's results, kept between rebuilds ---- */

typedef struct snap_rule {
  size_t reason, reason_len; /* in the arena */
  uint8_t verdict;
  uint8_t has_reason;
} snap_rule;

typedef struct snap_cand {
  size_t id, id_len; /* in the arena */
  size_t error;      /* NUL-terminated in the arena; SIZE_MAX: none */
  sl_verdict verdict;
  double score;
} snap_cand;

typedef struct snapshot {
  char **rules; /* rule ids, owned */
  size_t nrules;
  snap_cand *cands;
  size_t ncands, cap;
  snap_rule *outs; /* ncands * nrules, candidate-major */
  sl_buf arena;    /* ids, reasons, errors */
  long verdicts[SL_VERDICT_COUNT];
} snapshot;

static void snap_free(snapshot *s) {
  if (!s) return;
  for (size_t i = 0; i < s->nrules; i++) free(s->rules[i]);
  free(s->rules);
  free(s->cands);
  free(s->outs);
  sl_buf_free(&s->arena);
  free(s);
}

/* ---- the watch ---- */

typedef struct names {
  char **v;
  size_t n;
} names;

struct watch;

typedef struct folder {
  struct watch *w;
  uv_fs_event_t ev;
  char *path; /* as given (pack dir, input's dir) or built from it */
  char *real; /* realpath when first watched: one handle per folder */
  int pack;   /* rule files here count */
  int sub;    /* a pack's subfolder: dropped when it goes away */
  int active; /* the handle is started */
  int warned; /* "cannot watch" said once */
  dev_t dev;
  ino_t ino;
} folder;

typedef struct input {
  const char *path; /* as given */
  char *dir_real;   /* realpath of its folder */
  const char *base; /* file name */
} input;

/* A file reached through a symbolic link (an input, a rule file): saving
 * the target changes the folder the target is in, which is watched too. */
typedef struct linked_file {
  char *dir_real; /* realpath of the target's folder */
  char *base;     /* the target's file name */
  char *shown;    /* the path the packs or the command line name it by */
} linked_file;

/* How far the printed diff got. Moves of the candidates before `from` were
 * printed while the rebuild ran: up to there the new results have the same
 * ids in the same places as those that stood, so they pair the same way. */
typedef struct diffstate {
  size_t from;
  size_t shown, more; /* move lines printed; moves past the limit */
  size_t lines;       /* candidate lines so far, printed or counted */
  long moves[SL_VERDICT_COUNT][SL_VERDICT_COUNT]; /* the moves past the limit */
} diffstate;

typedef struct job {
  struct watch *w;
  uv_thread_t thread;
  atomic_int finished;
  atomic_int cancel; /* stop: Ctrl-C, or a newer change to start over with */
  snapshot *snap;
  int rc;          /* 0, or why nothing new stands */
  sl_buf message;  /* what to print when rc != 0 */
  names changed;   /* what triggered it; empty for the first run */
  uint64_t t_event, t_start, t_compiled, t_done, t_first;
  /* written by the rebuild thread until `finished`, then the loop thread's */
  long *old_rule;  /* per new rule: its index among the old rules, or -1 */
  int streaming;   /* still in the prefix paired by position */
  int header_done; /* the header is out (or on its way) */
  diffstate ds;
  uv_mutex_t lock; /* guards out */
  sl_buf out;      /* text for the loop thread to print, in order */
} job;

typedef struct watch {
  uv_loop_t loop;
  const sl_cli *cli;
  char **packs; /* located pack folders */
  size_t npacks;
  const sl_reader **readers;
  input *inputs;
  linked_file *links;
  size_t nlinks;
  folder **folders;
  size_t nfolders;
  uv_timer_t debounce, retry;
  uv_signal_t sigint, sigterm;
  uv_async_t done;
  job *running;
  int again;        /* events came during the running rebuild */
  names changed;    /* since the last rebuild started */
  uint64_t t_event; /* first event of the pending burst; 0 = none */
  snapshot *prev;   /* the results that stand */
  int color, clear, verbose;
  int announced;
  int inited;       /* the handles above that were initialised: 1 << i */
  int stopping;
  int exit_code;
} watch;

static void schedule(watch *w);

static void names_add(names *l, const char *s) {
  for (size_t i = 0; i < l->n; i++) {
    if (!strcmp(l->v[i], s)) return;
  }
  char **grown = realloc(l->v, (l->n + 1) * sizeof *grown);
  if (!grown) return; /* the header just shows less */
  l->v = grown;
  if ((l->v[l->n] = strdup(s))) l->n++;
}

static void names_free(names *l) {
  for (size_t i = 0; i < l->n; i++) free(l->v[i]);
  free(l->v);
  l->v = NULL;
  l->n = 0;
}

static void job_free(job *j) {
  if (!j) return;
  snap_free(j->snap);
  sl_buf_free(&j->message);
  names_free(&j->changed);
  free(j->old_rule);
  uv_mutex_destroy(&j->lock);
  sl_buf_free(&j->out);
  free(j);
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* A rule file or module of a pack: *.lua or a rule loader's extension. */
static int pack_file_name(const watch *w, const char *name) {
  return name[0] != '.' &&
         (ends_with(name, ".lua") || sl_plugins_loader_for(w->cli->opts.plugins, name));
}

static void join_path(char *out, size_t n, const char *dir, const char *name) {
  snprintf(out, n, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", name);
}

/* ---- printing (text is built on either thread, written by the loop thread) ---- */

static const char *colour_of(sl_verdict v) {
  switch (v) {
  case SL_PASS: return "\x1b[32m";
  case SL_FLAG: return "\x1b[33m";
  case SL_FAIL: return "\x1b[31m";
  case SL_ERROR: return "\x1b[35m";
  default: return "\x1b[2m";
  }
}

static void put_verdict(const watch *w, sl_buf *b, sl_verdict v, int width) {
  if (w->color) sl_buf_printf(b, "%s%-*s\x1b[0m", colour_of(v), width, sl_verdict_name(v));
  else sl_buf_printf(b, "%-*s", width, sl_verdict_name(v));
}

/* s in a style (when colours are on), then a newline. */
static void put_line(const watch *w, sl_buf *b, const char *style, const char *s) {
  if (w->color) sl_buf_printf(b, "%s%s\x1b[0m\n", style, s);
  else sl_buf_printf(b, "%s\n", s);
}

/* Text of several lines, each made safe for a terminal. */
static void put_lines(sl_buf *b, const char *s, size_t n) {
  while (n) {
    const char *nl = memchr(s, '\n', n);
    size_t len = nl ? (size_t)(nl - s) : n;
    sl_buf_text(b, s, len);
    sl_buf_putc(b, '\n');
    if (!nl) break;
    n -= len + 1;
    s = nl + 1;
  }
}

static void put_id(sl_buf *b, const snapshot *s, size_t c) {
  sl_buf_text(b, s->arena.data + s->cands[c].id, s->cands[c].id_len);
}

static void put_summary_line(const watch *w, sl_buf *b, const snapshot *s) {
  static const sl_verdict order[] = {SL_PASS, SL_FLAG, SL_FAIL, SL_ERROR};
  sl_buf_printf(b, "%zu candidate%s: ", s->ncands, s->ncands == 1 ? "" : "s");
  for (size_t i = 0; i < 4; i++) {
    sl_buf_printf(b, "%s%ld ", i ? ", " : "", s->verdicts[order[i]]);
    put_verdict(w, b, order[i], 0);
  }
  sl_buf_putc(b, '\n');
}

/* The verdict counts and, per rule, the candidates it failed, flagged and
 * errored on: the text reporter's summary. */
static void put_full_summary(const watch *w, sl_buf *b, const snapshot *s) {
  put_summary_line(w, b, s);
  if (!s->nrules) return;
  int width = 8;
  for (size_t k = 0; k < s->nrules; k++) {
    if ((int)strlen(s->rules[k]) > width) width = (int)strlen(s->rules[k]);
  }
  sl_buf_printf(b, "%-*s  %6s  %6s  %6s\n", width, "rule", "fail", "flag", "error");
  for (size_t k = 0; k < s->nrules; k++) {
    long n[SL_VERDICT_COUNT] = {0};
    for (size_t c = 0; c < s->ncands; c++) n[s->outs[c * s->nrules + k].verdict]++;
    sl_buf_printf(b, "%-*s  %6ld  %6ld  %6ld\n", width, s->rules[k], n[SL_FAIL], n[SL_FLAG],
                  n[SL_ERROR]);
  }
}

/* How bad a candidate verdict is; SL_ERROR is an unreadable record. */
static int cand_rank(sl_verdict v) {
  switch (v) {
  case SL_FLAG: return 1;
  case SL_FAIL: return 2;
  case SL_ERROR: return 3;
  default: return 0;
  }
}

/* How bad a rule verdict is for its candidate: an error counts as
 * --on-error says. */
static int rule_rank(const watch *w, sl_verdict v) {
  switch (v) {
  case SL_FLAG: return 1;
  case SL_FAIL: return 2;
  case SL_ERROR: return w->cli->opts.on_error == SL_ON_ERROR_FAIL ? 2 : 1;
  default: return 0;
  }
}

/* "  (rule-id: reason)" for rule k of candidate c. */
static void put_cause(sl_buf *b, const snapshot *s, size_t c, size_t k) {
  const snap_rule *o = &s->outs[c * s->nrules + k];
  sl_buf_printf(b, "  (%s", s->rules[k]);
  if (o->has_reason && o->reason_len) {
    sl_buf_puts(b, ": ");
    sl_buf_text(b, s->arena.data + o->reason, o->reason_len);
  }
  sl_buf_putc(b, ')');
}

/* Why candidate c has its verdict, on its own: the unreadable record's
 * error, else the first rule that gave the candidate its verdict. */
static void put_own_cause(const watch *w, sl_buf *b, const snapshot *s, size_t c) {
  const snap_cand *sc = &s->cands[c];
  if (sc->verdict == SL_ERROR) {
    sl_buf_puts(b, "  (");
    if (sc->error != SIZE_MAX) sl_buf_text(b, s->arena.data + sc->error, strlen(s->arena.data + sc->error));
    sl_buf_putc(b, ')');
    return;
  }
  int want = cand_rank(sc->verdict);
  for (size_t k = 0; want && k < s->nrules; k++) {
    if (rule_rank(w, s->outs[c * s->nrules + k].verdict) == want) {
      put_cause(b, s, c, k);
      return;
    }
  }
}

typedef struct id_key {
  const char *id;
  size_t len, idx;
} id_key;

static int key_cmp(const void *pa, const void *pb) {
  const id_key *a = pa, *b = pb;
  size_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->id, b->id, n);
  if (c) return c;
  if (a->len != b->len) return a->len < b->len ? -1 : 1;
  return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static id_key *sorted_keys(const snapshot *s) {
  id_key *k = malloc((s->ncands + 1) * sizeof *k);
  if (!k) return NULL;
  for (size_t i = 0; i < s->ncands; i++) {
    k[i].id = s->arena.data + s->cands[i].id;
    k[i].len = s->cands[i].id_len;
    k[i].idx = i;
  }
  qsort(k, s->ncands, sizeof *k, key_cmp);
  return k;
}

/* Pairs candidates by id (the n-th "c-1" of the old run with the n-th of
 * the new): old_of[new] = old index or SIZE_MAX; matched[old] = 1. */
static int match(const snapshot *o, const snapshot *n, size_t *old_of, char *matched) {
  id_key *ko = sorted_keys(o), *kn = sorted_keys(n);
  if (!ko || !kn) {
    free(ko);
    free(kn);
    return SL_ENOMEM;
  }
  for (size_t i = 0; i < n->ncands; i++) old_of[i] = SIZE_MAX;
  size_t i = 0, j = 0;
  while (i < o->ncands && j < n->ncands) {
    id_key a = ko[i], b = kn[j];
    a.idx = b.idx = 0;
    int c = key_cmp(&a, &b);
    if (c == 0) {
      old_of[kn[j].idx] = ko[i].idx;
      matched[ko[i].idx] = 1;
      i++;
      j++;
    } else if (c < 0) {
      i++;
    } else {
      j++;
    }
  }
  free(ko);
  free(kn);
  return 0;
}

static long rule_index(const snapshot *s, const char *id) {
  for (size_t k = 0; k < s->nrules; k++) {
    if (!strcmp(s->rules[k], id)) return (long)k;
  }
  return -1;
}

/* The rank rule k of the new results had for candidate oc of the old ones:
 * a rule that is new counts as having passed. */
static int old_rank(const watch *w, const snapshot *o, size_t oc, const long *old_rule, size_t k) {
  return old_rule[k] < 0 ? 0 : rule_rank(w, o->outs[oc * o->nrules + (size_t)old_rule[k]].verdict);
}

/* "  (rule: reason)" for the rule that moved candidate nc from its old
 * verdict to its new one. When several rules moved, the one that decided it
 * comes first: for a worse verdict, a rule that now gives the new verdict
 * and did not before (not one that went pass -> flag while another went
 * flag -> fail); for a better one, a rule that gave the old verdict and no
 * longer does, or a rule that gave it and is gone. Only when none does (it
 * cannot happen while the verdict is the worst rule's), any rule that moved
 * the same way. */
static void put_move_cause(const watch *w, sl_buf *b, const snapshot *o, size_t oc,
                           const snapshot *n, size_t nc, const long *old_rule) {
  int from = cand_rank(o->cands[oc].verdict), to = cand_rank(n->cands[nc].verdict);
  int worse = to > from;
  for (int strict = 1; strict >= 0; strict--) {
    for (size_t k = 0; k < n->nrules; k++) {
      int rn = rule_rank(w, n->outs[nc * n->nrules + k].verdict);
      int ro = old_rank(w, o, oc, old_rule, k);
      if ((worse ? rn > ro : rn < ro) && (!strict || (worse ? rn == to : ro == from))) {
        put_cause(b, n, nc, k);
        return;
      }
    }
    for (size_t k = 0; !worse && k < o->nrules; k++) { /* a rule that held it back is gone */
      int ro = rule_rank(w, o->outs[oc * o->nrules + k].verdict);
      if (rule_index(n, o->rules[k]) < 0 && ro > 0 && (!strict || ro == from)) {
        sl_buf_printf(b, "  (%s: rule removed)", o->rules[k]);
        return;
      }
    }
  }
}

/* "c-17  flag -> pass  (leadership: 3.2 years leading teams)". */
static void put_move(const watch *w, sl_buf *b, const snapshot *o, size_t oc, const snapshot *n,
                     size_t nc, const long *old_rule) {
  sl_verdict ov = o->cands[oc].verdict, nv = n->cands[nc].verdict;
  put_id(b, n, nc);
  sl_buf_puts(b, "  ");
  put_verdict(w, b, ov, 0);
  sl_buf_puts(b, " -> ");
  put_verdict(w, b, nv, 0);
  if (nv == SL_ERROR || ov == SL_ERROR) put_own_cause(w, b, n, nc);
  else put_move_cause(w, b, o, oc, n, nc, old_rule);
  sl_buf_putc(b, '\n');
}

static void put_more(sl_buf *b, size_t more, const char *what) {
  if (more) sl_buf_printf(b, "... and %zu more %s (-v shows all)\n", more, what);
}

static size_t line_limit(const watch *w) { return w->verbose ? SIZE_MAX : MAX_LINES; }

/* One candidate whose verdict moved: a line while under the limit, else
 * counted by kind of move. */
static void count_move(const watch *w, sl_buf *b, diffstate *ds, const snapshot *o, size_t oc,
                       const snapshot *n, size_t nc, const long *old_rule) {
  ds->lines++;
  if (ds->shown < line_limit(w)) {
    put_move(w, b, o, oc, n, nc, old_rule);
    ds->shown++;
  } else {
    ds->more++;
    ds->moves[o->cands[oc].verdict][n->cands[nc].verdict]++;
  }
}

/* Clears the screen (--clear), then "HH:MM:SS  pack/leadership.lua changed". */
static void put_header(const watch *w, sl_buf *b, job *j) {
  j->header_done = 1;
  if (w->clear) sl_buf_puts(b, "\x1b[2J\x1b[H");
  if (!j->changed.n) return;
  char when[16];
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  strftime(when, sizeof when, "%H:%M:%S", &tm);
  if (!w->clear) sl_buf_putc(b, '\n');
  sl_buf_printf(b, "%s%s  ", w->color ? "\x1b[1m" : "", when);
  for (size_t i = 0; i < j->changed.n && i < 3; i++) {
    sl_buf_puts(b, i ? ", " : "");
    sl_buf_text(b, j->changed.v[i], strlen(j->changed.v[i]));
  }
  if (j->changed.n > 3) sl_buf_printf(b, " and %zu more", j->changed.n - 3);
  sl_buf_printf(b, " changed%s\n", w->color ? "\x1b[0m" : "");
}

/* The rest of the differences between the results that stood (o) and the
 * new ones (n), after what ds says was printed already: moved verdicts,
 * candidates added and removed, rules added and removed. Returns the
 * number of candidate lines in all (printed or counted). */
static size_t put_diff(const watch *w, sl_buf *b, const snapshot *o, const snapshot *n,
                       diffstate *ds, const long *old_rule) {
  size_t *old_of = malloc((n->ncands + 1) * sizeof *old_of);
  char *matched = calloc(o->ncands + 1, 1);
  if (!old_of || !matched || !old_rule || match(o, n, old_of, matched)) {
    free(old_of);
    free(matched);
    sl_buf_puts(b, "shortlist: out of memory comparing the results\n");
    return 0;
  }
  size_t limit = line_limit(w);

  /* verdicts that moved, in input order; past the limit, counted by move */
  for (size_t c = ds->from; c < n->ncands; c++) {
    size_t oc = old_of[c];
    if (oc != SIZE_MAX && o->cands[oc].verdict != n->cands[c].verdict) {
      count_move(w, b, ds, o, oc, n, c, old_rule);
    }
  }
  if (ds->more) {
    sl_buf_printf(b, "... and %zu more moved:", ds->more);
    const char *sep = " ";
    for (int a = 0; a < SL_VERDICT_COUNT; a++) {
      for (int z = 0; z < SL_VERDICT_COUNT; z++) {
        if (!ds->moves[a][z]) continue;
        sl_buf_printf(b, "%s%ld %s -> %s", sep, ds->moves[a][z], sl_verdict_name((sl_verdict)a),
                      sl_verdict_name((sl_verdict)z));
        sep = ", ";
      }
    }
    sl_buf_puts(b, " (-v shows all)\n");
  }

  /* candidates new to the input, then those gone from it */
  size_t shown = 0, more = 0;
  for (size_t c = 0; c < n->ncands; c++) {
    if (old_of[c] != SIZE_MAX) continue;
    ds->lines++;
    if (shown++ >= limit) {
      more++;
      continue;
    }
    sl_buf_puts(b, "+ ");
    put_id(b, n, c);
    sl_buf_puts(b, "  ");
    put_verdict(w, b, n->cands[c].verdict, 0);
    put_own_cause(w, b, n, c);
    sl_buf_putc(b, '\n');
  }
  put_more(b, more, "added");
  shown = more = 0;
  for (size_t c = 0; c < o->ncands; c++) {
    if (matched[c]) continue;
    ds->lines++;
    if (shown++ >= limit) {
      more++;
      continue;
    }
    sl_buf_puts(b, "- ");
    put_id(b, o, c);
    sl_buf_puts(b, "  was ");
    put_verdict(w, b, o->cands[c].verdict, 0);
    sl_buf_putc(b, '\n');
  }
  put_more(b, more, "removed");

  /* rules */
  for (size_t k = 0; k < n->nrules; k++) {
    if (old_rule[k] < 0) sl_buf_printf(b, "+ rule %s\n", n->rules[k]);
  }
  for (size_t k = 0; k < o->nrules; k++) {
    if (rule_index(n, o->rules[k]) < 0) sl_buf_printf(b, "- rule %s\n", o->rules[k]);
  }
  free(old_of);
  free(matched);
  return ds->lines;
}

static size_t count_watched_files(const watch *w) {
  size_t n = 0;
  for (size_t i = 0; i < w->nfolders; i++) {
    const folder *f = w->folders[i];
    if (!f->pack) continue;
    DIR *d = opendir(f->path);
    if (!d) continue;
    struct dirent *e;
    while ((e = readdir(d))) {
      n += pack_file_name(w, e->d_name);
    }
    closedir(d);
  }
  return n + w->cli->ninputs;
}

static void put_watching(const watch *w, sl_buf *b) {
  size_t files = count_watched_files(w);
  sl_buf_printf(b, "watching %zu file%s in %zu folder%s; Ctrl-C to stop\n", files,
                files == 1 ? "" : "s", w->nfolders, w->nfolders == 1 ? "" : "s");
}

static double ms(uint64_t a, uint64_t b) { return b > a ? (double)(b - a) / 1e6 : 0; }

/* [loop thread] Prints the rest of one rebuild's outcome, then keeps its
 * results if it has some. */
static void report(watch *w, job *j) {
  sl_buf b = SL_BUF_INIT;
  if (!j->header_done) put_header(w, &b, j);
  if (j->rc) {
    put_lines(&b, j->message.data ? j->message.data : "", j->message.len);
    int compile = j->rc == SL_ECOMPILE || j->rc == SL_ELINT;
    const char *what = compile ? "the rule pack does not compile" : "nothing was evaluated";
    char line[256];
    snprintf(line, sizeof line, "%s; %s", what,
             w->prev ? (compile ? "the previous results stand (fix and save again)"
                                : "the previous results stand")
                     : "fix and save to see results");
    put_line(w, &b, "\x1b[31m", line);
  } else if (!w->prev) {
    put_full_summary(w, &b, j->snap);
  } else {
    if (put_diff(w, &b, w->prev, j->snap, &j->ds, j->old_rule) == 0) {
      put_line(w, &b, "\x1b[2m", "no verdict changed");
    }
    put_full_summary(w, &b, j->snap);
  }
  if (w->verbose) {
    char line[256], first[64] = "";
    if (j->t_first) snprintf(first, sizeof first, "first change %.0f ms, ", ms(j->t_event, j->t_first));
    snprintf(line, sizeof line,
             "reload %.0f ms, evaluate %.0f ms; from the first event: %sall %.0f ms (%.0f ms settling)",
             ms(j->t_start, j->t_compiled), ms(j->t_compiled, j->t_done), first,
             ms(j->t_event, uv_hrtime()), ms(j->t_event, j->t_start));
    put_line(w, &b, "\x1b[2m", line);
  }
  if (!w->announced || w->clear) {
    put_watching(w, &b);
    w->announced = 1;
  }
  fwrite(b.data ? b.data : "", 1, b.len, stdout);
  fflush(stdout);
  sl_buf_free(&b);
  if (!j->rc) {
    snap_free(w->prev);
    w->prev = j->snap;
    j->snap = NULL;
  }
}

/* ---- the collecting reporter (rebuild thread) ---- */

/* The reporter API has no user pointer: begin() finds the job of the
 * rebuild running on this thread here. */
static _Thread_local job *collecting;

static int col_begin(void **self, const sl_run_info *info) {
  job *j = collecting;
  snapshot *s = j->snap;
  if (!(s->rules = calloc(info->nrules + 1, sizeof *s->rules))) return SL_ENOMEM;
  for (size_t i = 0; i < info->nrules; i++) {
    if (!(s->rules[i] = strdup(info->rules[i].id))) return SL_ENOMEM;
    s->nrules++;
  }
  const snapshot *o = j->w->prev; /* read-only while a rebuild runs */
  if (o) {
    if (!(j->old_rule = malloc((s->nrules + 1) * sizeof *j->old_rule))) return SL_ENOMEM;
    for (size_t k = 0; k < s->nrules; k++) j->old_rule[k] = rule_index(o, s->rules[k]);
    j->streaming = 1;
  }
  *self = j;
  return 0;
}

/* Candidate c was just collected: while the ids still line up with the
 * results that stood, a moved verdict is printed right away (through the
 * loop thread), so the first changes show before the whole run is done. */
static void stream(job *j, size_t c) {
  const watch *w = j->w; /* read-only here, but for the async handle */
  const snapshot *o = w->prev, *n = j->snap;
  if (c >= o->ncands || o->cands[c].id_len != n->cands[c].id_len ||
      memcmp(o->arena.data + o->cands[c].id, n->arena.data + n->cands[c].id, n->cands[c].id_len)) {
    j->streaming = 0;
    return;
  }
  j->ds.from = c + 1;
  if (o->cands[c].verdict == n->cands[c].verdict) return;
  sl_buf b = SL_BUF_INIT;
  if (!j->header_done) put_header(w, &b, j);
  count_move(w, &b, &j->ds, o, c, n, c, j->old_rule);
  if (b.len) {
    if (!j->t_first) j->t_first = uv_hrtime();
    uv_mutex_lock(&j->lock);
    sl_buf_put(&j->out, b.data, b.len);
    uv_mutex_unlock(&j->lock);
    uv_async_send(&j->w->done);
  }
  sl_buf_free(&b);
}

static int col_candidate(void *self, const sl_result *r) {
  job *j = self;
  snapshot *s = j->snap;
  if (atomic_load(&j->cancel)) return SL_EINVAL; /* stops the run */
  size_t nr = s->nrules;
  if (s->ncands == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 1024;
    snap_cand *c = realloc(s->cands, cap * sizeof *c);
    if (!c) return SL_ENOMEM;
    s->cands = c;
    snap_rule *o = realloc(s->outs, cap * (nr ? nr : 1) * sizeof *o);
    if (!o) return SL_ENOMEM;
    s->outs = o;
    s->cap = cap;
  }
  snap_cand *c = &s->cands[s->ncands];
  c->id = s->arena.len;
  c->id_len = r->id_len;
  c->verdict = r->verdict;
  c->score = r->score;
  c->error = SIZE_MAX;
  if (sl_buf_put(&s->arena, r->id, r->id_len)) return SL_ENOMEM;
  if (r->error) {
    c->error = s->arena.len;
    if (sl_buf_put(&s->arena, r->error, strlen(r->error) + 1)) return SL_ENOMEM;
  }
  snap_rule *o = &s->outs[s->ncands * nr];
  for (size_t k = 0; k < nr; k++) {
    memset(&o[k], 0, sizeof o[k]);
    o[k].verdict = SL_SKIP;
    if (!r->rules || k >= r->nrules) continue;
    o[k].verdict = (uint8_t)r->rules[k].verdict;
    if (r->rules[k].reason) {
      o[k].has_reason = 1;
      o[k].reason = s->arena.len;
      o[k].reason_len = r->rules[k].reason_len;
      if (sl_buf_put(&s->arena, r->rules[k].reason, r->rules[k].reason_len)) return SL_ENOMEM;
    }
  }
  s->verdicts[r->verdict]++;
  s->ncands++;
  if (j->streaming) stream(j, s->ncands - 1);
  return 0;
}

static int col_end(void *self, const sl_summary *sum) { return 0; }

static const sl_reporter collector = {"watch", "", col_begin, col_candidate, col_end, NULL};

/* ---- folders ---- */

static void on_fs_event(uv_fs_event_t *h, const char *filename, int events, int status);

static folder *folder_find(watch *w, const char *real) {
  for (size_t i = 0; i < w->nfolders; i++) {
    if (!strcmp(w->folders[i]->real, real)) return w->folders[i];
  }
  return NULL;
}

static void folder_closed(uv_handle_t *h) {
  folder *f = h->data;
  free(f->path);
  free(f->real);
  free(f);
}

static void folder_stop(folder *f) {
  if (f->active) uv_fs_event_stop(&f->ev);
  f->active = 0;
}

/* Starts (or restarts) watching; 0 when the folder is watched. */
static int folder_start(folder *f) {
  struct stat st;
  folder_stop(f);
  if (stat(f->path, &st) != 0 || !S_ISDIR(st.st_mode)) return -1;
  int r = uv_fs_event_start(&f->ev, on_fs_event, f->path, 0);
  if (r) {
    if (!f->warned) {
      fprintf(stdout, "shortlist: cannot watch %s: %s%s\n", f->path, uv_strerror(r),
              r == UV_ENOSPC ? " (raise fs.inotify.max_user_watches)" : "");
      fflush(stdout);
    }
    f->warned = 1;
    return r;
  }
  f->active = 1;
  f->warned = 0;
  f->dev = st.st_dev;
  f->ino = st.st_ino;
  return 0;
}

/* Watches a folder (once, however many packs and inputs share it). */
static int folder_add(watch *w, const char *path, int pack, int sub) {
  char real[PATH_MAX];
  if (!realpath(path, real)) return -1;
  folder *f = folder_find(w, real);
  if (f) {
    f->pack |= pack;
    return 0;
  }
  if (w->nfolders >= MAX_FOLDERS) return -1;
  folder **grown = realloc(w->folders, (w->nfolders + 1) * sizeof *grown);
  if (!grown) return SL_ENOMEM;
  w->folders = grown;
  if (!(f = calloc(1, sizeof *f))) return SL_ENOMEM;
  f->w = w;
  f->pack = pack;
  f->sub = sub;
  f->path = strdup(path);
  f->real = strdup(real);
  if (!f->path || !f->real || uv_fs_event_init(&w->loop, &f->ev)) {
    free(f->path);
    free(f->real);
    free(f);
    return SL_ENOMEM;
  }
  f->ev.data = f;
  w->folders[w->nfolders++] = f;
  return folder_start(f);
}

static char *dir_of(const char *path);

static void link_free(linked_file *l) {
  free(l->dir_real);
  free(l->base);
  free(l->shown);
}

/* When `path` is a symbolic link to a file elsewhere, watches the target's
 * folder too, and notes that a change of the target is a change of
 * `path`. Nothing when its target is missing. Called again on every
 * refresh, so a link pointed elsewhere (ln -sfn) follows its new target and
 * a link replaced by a plain file is forgotten: saving the old target then
 * changes nothing that is read. */
static void link_add(watch *w, const char *path) {
  struct stat st;
  char real[PATH_MAX];
  linked_file *l = NULL;
  for (size_t i = 0; i < w->nlinks && !l; i++) {
    if (!strcmp(w->links[i].shown, path)) l = &w->links[i];
  }
  if (lstat(path, &st) != 0) return; /* gone for now: keep what it was */
  if (!S_ISLNK(st.st_mode)) {
    if (l) {
      link_free(l);
      *l = w->links[--w->nlinks];
    }
    return;
  }
  if (!realpath(path, real)) return;
  const char *slash = strrchr(real, '/');
  char *dir = dir_of(real), *base = strdup(slash ? slash + 1 : real);
  if (!dir || !base || (l && !strcmp(l->dir_real, dir) && !strcmp(l->base, base))) {
    free(dir);
    free(base);
    return;
  }
  if (!l) {
    linked_file *grown = realloc(w->links, (w->nlinks + 1) * sizeof *grown);
    char *shown = grown ? strdup(path) : NULL;
    if (grown) w->links = grown;
    if (!shown) {
      free(dir);
      free(base);
      return;
    }
    l = &w->links[w->nlinks++];
    l->shown = shown;
  } else {
    free(l->dir_real);
    free(l->base);
  }
  l->dir_real = dir;
  l->base = base;
  folder_add(w, dir, 0, 0);
}

/* Watches every subfolder of a pack folder but hidden ones and tests/
 * (test cases do not change results), and the folders of rule files that
 * are symbolic links to files elsewhere. */
static void scan_pack_tree(watch *w, const char *dir, int depth) {
  if (depth >= MAX_DEPTH) return;
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.' || (depth == 0 && !strcmp(e->d_name, "tests"))) continue;
    char path[PATH_MAX];
    struct stat st;
    join_path(path, sizeof path, dir, e->d_name);
    if (stat(path, &st) != 0) continue;
    if (S_ISREG(st.st_mode) && pack_file_name(w, e->d_name)) link_add(w, path);
    if (!S_ISDIR(st.st_mode)) continue;
    folder_add(w, path, 1, 1);
    scan_pack_tree(w, path, depth + 1);
  }
  closedir(d);
}

static void on_retry(uv_timer_t *t);

/* Brings the watches up to date with the disk: new pack subfolders are
 * watched, vanished ones dropped, a replaced folder (new inode) re-watched.
 * A pack or input folder that is gone is looked for every RETRY_MS. */
static void refresh(watch *w, int from_retry) {
  for (size_t i = 0; i < w->npacks; i++) scan_pack_tree(w, w->packs[i], 0);
  for (size_t i = 0; i < w->cli->ninputs; i++) link_add(w, w->inputs[i].path);
  int missing = 0;
  for (size_t i = 0; i < w->nfolders;) {
    folder *f = w->folders[i];
    struct stat st;
    int here = stat(f->path, &st) == 0 && S_ISDIR(st.st_mode);
    if (!here && f->sub) {
      folder_stop(f);
      uv_close((uv_handle_t *)&f->ev, folder_closed);
      memmove(&w->folders[i], &w->folders[i + 1], (w->nfolders - i - 1) * sizeof *w->folders);
      w->nfolders--;
      continue;
    }
    if (!here) {
      folder_stop(f);
    } else if (!f->active || st.st_dev != f->dev || st.st_ino != f->ino) {
      int was_active = f->active;
      if (folder_start(f) == 0 && !was_active) {
        names_add(&w->changed, f->path);
        if (from_retry) schedule(w);
      }
    }
    missing |= !f->active;
    i++;
  }
  if (missing && !uv_is_active((uv_handle_t *)&w->retry)) {
    uv_timer_start(&w->retry, on_retry, RETRY_MS, RETRY_MS);
  } else if (!missing) {
    uv_timer_stop(&w->retry);
  }
}

static void on_retry(uv_timer_t *t) {
  watch *w = t->data;
  if (!w->stopping) refresh(w, 1);
}

/* Does a change of `name` in pack folder f matter? Rule files and modules
 * (*.lua, rule-loader extensions) and subfolders do; editor droppings
 * (.x.swp, x~, #x#, 4913, sedXXXXXX) do not. */
static int pack_name_matters(watch *w, const folder *f, const char *name) {
  if (name[0] == '.') return 0;
  if (pack_file_name(w, name)) return 1;
  if (!f->sub && !strcmp(name, "tests")) return 0;
  char path[PATH_MAX];
  struct stat st;
  join_path(path, sizeof path, f->path, name);
  if (stat(path, &st) == 0) return S_ISDIR(st.st_mode);
  for (size_t i = 0; i < w->nfolders; i++) { /* a subfolder that went away */
    if (!strcmp(w->folders[i]->path, path)) return 1;
  }
  return 0;
}

static void on_fs_event(uv_fs_event_t *h, const char *filename, int events, int status) {
  folder *f = h->data;
  watch *w = f->w;
  if (w->stopping) return;
  int hit = 0;
  struct stat st;
  /* The folder itself deleted, moved or replaced: refresh() re-watches. */
  if (status < 0 || !filename || stat(f->path, &st) != 0 || st.st_ino != f->ino ||
      st.st_dev != f->dev) {
    names_add(&w->changed, f->path);
    hit = 1;
  } else {
    char path[PATH_MAX];
    if (f->pack && pack_name_matters(w, f, filename)) {
      join_path(path, sizeof path, f->path, filename);
      names_add(&w->changed, path);
      hit = 1;
    }
    for (size_t i = 0; i < w->cli->ninputs; i++) {
      if (!strcmp(w->inputs[i].base, filename) && !strcmp(w->inputs[i].dir_real, f->real)) {
        names_add(&w->changed, w->inputs[i].path);
        hit = 1;
      }
    }
    for (size_t i = 0; i < w->nlinks; i++) {
      if (!strcmp(w->links[i].base, filename) && !strcmp(w->links[i].dir_real, f->real)) {
        names_add(&w->changed, w->links[i].shown);
        hit = 1;
      }
    }
  }
  if (hit) schedule(w);
}

/* ---- rebuilding (on the rebuild thread) ---- */

static int job_fail(job *j, int rc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int job_fail(job *j, int rc, const char *fmt, ...) {
  char msg[SL_ERROR_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  sl_buf_puts(&j->message, msg);
  if (!ends_with(msg, "\n")) sl_buf_putc(&j->message, '\n');
  return rc;
}

/* A NEW engine from the packs as they are on disk now (same --set,
 * --as-of and options as at start), then every candidate. */
static int rebuild(job *j) {
  watch *w = j->w;
  const sl_cli *cli = w->cli;
  sl_error err;
  sl_error_clear(&err);
  for (size_t i = 0; i < cli->ninputs; i++) {
    struct stat st;
    if (access(cli->inputs[i], R_OK) != 0) {
      return job_fail(j, SL_EIO, "cannot read %s: %s; waiting for it", cli->inputs[i],
                      strerror(errno));
    }
    /* As at start: a named pipe put in its place would block the rebuild
     * (and Ctrl-C, which waits for it) until something writes there. */
    if (stat(cli->inputs[i], &st) == 0 && !S_ISREG(st.st_mode)) {
      return job_fail(j, SL_EIO, "%s is not a file; waiting for it", cli->inputs[i]);
    }
  }
  sl_engine *e = NULL;
  int rc = sl_engine_new(&cli->opts, &e, &err);
  if (!rc) e->cancel = &j->cancel; /* stops the run between candidates */
  for (size_t i = 0; i < w->npacks && !rc; i++) rc = sl_engine_add_pack(e, w->packs[i], &err);
  for (size_t i = 0; i < cli->nsets && !rc; i++) {
    char key[256];
    const char *eq = strchr(cli->sets[i], '=');
    snprintf(key, sizeof key, "%.*s", (int)(eq - cli->sets[i]), cli->sets[i]);
    rc = sl_engine_set_param(e, key, eq + 1, &err);
  }
  if (rc) {
    job_fail(j, rc, "%s", err.msg);
    goto out;
  }
  char *problems = NULL;
  rc = sl_engine_compile(e, &problems, &err);
  if (rc == SL_ELINT && problems) sl_buf_puts(&j->message, problems); /* one per line */
  else if (rc) job_fail(j, rc, "%s", err.msg);
  free(problems);
  j->t_compiled = uv_hrtime();
  if (rc) goto out;
  sl_summary sum;
  memset(&sum, 0, sizeof sum);
  rc = sl_engine_run(e, cli->inputs, w->readers, cli->ninputs, &collector, NULL, 0, &sum, &err);
  if (atomic_load(&j->cancel)) rc = job_fail(j, SL_EINVAL, "stopped");
  else if (rc) job_fail(j, rc, "%s", err.msg);
  else if (sum.input_errors) rc = job_fail(j, SL_EIO, "some input could not be read");
  sl_summary_free(&sum);
out:
  sl_engine_free(e);
  return rc;
}

static void rebuild_main(void *arg) {
  job *j = arg;
  collecting = j;
  j->rc = rebuild(j);
  collecting = NULL;
  j->t_done = uv_hrtime();
  atomic_store(&j->finished, 1);
  uv_async_send(&j->w->done); /* the loop thread owns j from here */
}

static void start_rebuild(watch *w) {
  job *j = calloc(1, sizeof *j);
  if (j && !(j->snap = calloc(1, sizeof *j->snap))) {
    free(j);
    j = NULL;
  }
  if (!j) {
    fputs("shortlist: out of memory; the previous results stand\n", stdout);
    fflush(stdout);
    return;
  }
  if (uv_mutex_init(&j->lock)) {
    snap_free(j->snap);
    free(j);
    fputs("shortlist: cannot start a rebuild; the previous results stand\n", stdout);
    fflush(stdout);
    return;
  }
  j->w = w;
  atomic_init(&j->finished, 0);
  atomic_init(&j->cancel, 0);
  j->changed = w->changed;
  memset(&w->changed, 0, sizeof w->changed);
  j->t_start = uv_hrtime();
  j->t_event = w->t_event ? w->t_event : j->t_start;
  w->t_event = 0;
  int r = uv_thread_create(&j->thread, rebuild_main, j);
  if (r) {
    fprintf(stdout, "shortlist: cannot start a rebuild: %s\n", uv_strerror(r));
    fflush(stdout);
    job_free(j);
    return;
  }
  w->running = j;
}

/* ---- loop callbacks ---- */

static void on_debounce(uv_timer_t *t) {
  watch *w = t->data;
  if (w->stopping) return;
  refresh(w, 0);
  if (w->running) {
    /* What it evaluates is out of date: stop it, and start over once it has
     * (a rule looping to its budget makes a rebuild last minutes, and the
     * fix would wait behind it). */
    w->again = 1;
    atomic_store(&w->running->cancel, 1);
  } else {
    start_rebuild(w);
  }
}

/* A relevant event: rebuild once things have been quiet for DEBOUNCE_MS. */
static void schedule(watch *w) {
  if (!w->t_event) w->t_event = uv_hrtime();
  uv_timer_start(&w->debounce, on_debounce, DEBOUNCE_MS, 0);
}

/* Writes what the running rebuild has streamed so far. */
static void drain(job *j) {
  uv_mutex_lock(&j->lock);
  sl_buf out = j->out;
  memset(&j->out, 0, sizeof j->out);
  uv_mutex_unlock(&j->lock);
  if (out.len) {
    fwrite(out.data, 1, out.len, stdout);
    fflush(stdout);
  }
  sl_buf_free(&out);
}

/* [loop thread] A rebuild stopped for a newer change: the next one names
 * its files too (it compares with the same results that stand), and what it
 * streamed, if anything, is closed with a line that says why it ends there. */
static void superseded(watch *w, job *j) {
  for (size_t i = 0; i < w->changed.n; i++) names_add(&j->changed, w->changed.v[i]);
  names_free(&w->changed);
  w->changed = j->changed;
  memset(&j->changed, 0, sizeof j->changed);
  if (!j->header_done) return;
  sl_buf b = SL_BUF_INIT;
  put_line(w, &b, "\x1b[2m", "stopped for a newer change");
  fwrite(b.data ? b.data : "", 1, b.len, stdout);
  fflush(stdout);
  sl_buf_free(&b);
}

static void on_done(uv_async_t *h) {
  watch *w = h->data;
  job *j = w->running;
  if (!j) return;
  int finished = atomic_load(&j->finished); /* before draining: all its text is in */
  drain(j);
  if (!finished) return;
  uv_thread_join(&j->thread);
  w->running = NULL;
  if (w->stopping) {
    /* nothing more is printed */
  } else if (j->rc && atomic_load(&j->cancel)) {
    superseded(w, j);
  } else {
    report(w, j);
  }
  job_free(j);
  if (w->again && !w->stopping) {
    w->again = 0;
    start_rebuild(w);
  }
}

static uv_handle_t *own_handle(watch *w, int i);

static void stop(watch *w) {
  w->stopping = 1;
  if (w->running) {
    atomic_store(&w->running->cancel, 1); /* the run stops at its next candidate */
    uv_thread_join(&w->running->thread);
    job_free(w->running);
    w->running = NULL;
  }
  for (size_t i = 0; i < w->nfolders; i++) {
    folder_stop(w->folders[i]);
    uv_close((uv_handle_t *)&w->folders[i]->ev, folder_closed);
  }
  w->nfolders = 0;
  for (int i = 0; i < 5; i++) {
    if (w->inited & (1 << i)) uv_close(own_handle(w, i), NULL);
  }
  w->inited = 0;
}

static void on_signal(uv_signal_t *h, int signum) {
  watch *w = h->data;
  if (w->stopping) return;
  w->exit_code = 128 + signum;
  stop(w);
}

/* ---- start and end ---- */

static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return strdup(".");
  if (slash == path) return strdup("/");
  size_t n = (size_t)(slash - path);
  char *d = malloc(n + 1);
  if (d) {
    memcpy(d, path, n);
    d[n] = '\0';
  }
  return d;
}

/* Checks the command line and finds the packs and inputs: what cannot work
 * at all is a usage error now, not a message on every save. */
static int setup(watch *w, sl_cli *cli) {
  if (!cli->ninputs) {
    sl_cli_error("watch needs input files: shortlist watch [-r PACK]... INPUT...");
    return SL_EXIT_USAGE;
  }
  if (cli->output || (cli->format && strcmp(cli->format, "text") != 0)) {
    sl_cli_error("watch prints its own text to the terminal; -f and -o are for run");
    return SL_EXIT_USAGE;
  }
  for (size_t i = 0; i < cli->ninputs; i++) {
    struct stat st;
    if (!strcmp(cli->inputs[i], "-")) {
      sl_cli_error("watch reads files, not standard input (-): name the input files");
      return SL_EXIT_USAGE;
    }
    if (stat(cli->inputs[i], &st) == 0 && !S_ISREG(st.st_mode)) {
      sl_cli_error("%s is not a file: watch needs input files", cli->inputs[i]);
      return SL_EXIT_USAGE;
    }
  }
  int rc = sl_cli_readers(cli, cli->inputs, cli->ninputs, &w->readers);
  if (rc) return rc;
  sl_error err;
  sl_engine *probe;
  if (sl_engine_new(&cli->opts, &probe, &err)) { /* --as-of */
    sl_cli_error("%s", err.msg);
    return SL_EXIT_USAGE;
  }
  sl_engine_free(probe);
  const char *default_pack[] = {NULL}; /* sl_pack_locate: the installed default */
  const char *const *packs = cli->npacks ? cli->packs : default_pack;
  w->npacks = cli->npacks ? cli->npacks : 1;
  if (!(w->packs = calloc(w->npacks, sizeof *w->packs))) return SL_EXIT_USAGE;
  for (size_t i = 0; i < w->npacks; i++) {
    char dir[PATH_MAX], pack_lua[PATH_MAX + 16];
    if (sl_pack_locate(packs[i], dir, sizeof dir, &err)) {
      sl_cli_error("%s", err.msg);
      return SL_EXIT_USAGE;
    }
    join_path(pack_lua, sizeof pack_lua, dir, "pack.lua");
    if (access(pack_lua, F_OK) != 0) {
      sl_cli_error("%s is not a rule pack: it has no pack.lua (see docs/rules.md)", dir);
      return SL_EXIT_USAGE;
    }
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/') dir[--len] = '\0';
    if (!(w->packs[i] = strdup(dir))) return SL_EXIT_USAGE;
  }
  if (!(w->inputs = calloc(cli->ninputs, sizeof *w->inputs))) return SL_EXIT_USAGE;
  for (size_t i = 0; i < cli->ninputs; i++) {
    input *in = &w->inputs[i];
    char *dir = dir_of(cli->inputs[i]);
    char real[PATH_MAX];
    in->path = cli->inputs[i];
    const char *slash = strrchr(in->path, '/');
    in->base = slash ? slash + 1 : in->path;
    if (!dir || !realpath(dir, real) || !(in->dir_real = strdup(real))) {
      sl_cli_error("cannot watch the folder of %s: %s", in->path, strerror(errno));
      free(dir);
      return SL_EXIT_USAGE;
    }
    free(dir);
  }
  return 0;
}

static uv_handle_t *own_handle(watch *w, int i) {
  uv_handle_t *h[] = {(uv_handle_t *)&w->debounce, (uv_handle_t *)&w->retry,
                      (uv_handle_t *)&w->sigint, (uv_handle_t *)&w->sigterm,
                      (uv_handle_t *)&w->done};
  return i < 5 ? h[i] : NULL;
}

static int start(watch *w) {
  int r[5];
  r[0] = uv_timer_init(&w->loop, &w->debounce);
  r[1] = uv_timer_init(&w->loop, &w->retry);
  r[2] = uv_signal_init(&w->loop, &w->sigint);
  r[3] = uv_signal_init(&w->loop, &w->sigterm);
  r[4] = uv_async_init(&w->loop, &w->done, on_done);
  int failed = 0;
  for (int i = 0; i < 5; i++) {
    if (r[i] == 0) {
      w->inited |= 1 << i;
      own_handle(w, i)->data = w;
    }
    failed |= r[i];
  }
  if (failed || uv_signal_start(&w->sigint, on_signal, SIGINT) ||
      uv_signal_start(&w->sigterm, on_signal, SIGTERM)) {
    sl_cli_error("cannot start the event loop");
    return -1;
  }
  for (size_t i = 0; i < w->npacks; i++) {
    if (folder_add(w, w->packs[i], 1, 0)) {
      sl_cli_error("cannot watch %s", w->packs[i]);
      return -1;
    }
    scan_pack_tree(w, w->packs[i], 0);
  }
  for (size_t i = 0; i < w->cli->ninputs; i++) {
    char *dir = dir_of(w->inputs[i].path);
    int rc = dir ? folder_add(w, dir, 0, 0) : -1;
    if (rc) sl_cli_error("cannot watch the folder of %s", w->inputs[i].path);
    free(dir);
    if (rc) return -1;
    link_add(w, w->inputs[i].path);
  }
  return 0;
}

int sl_cmd_watch(sl_cli *cli) {
  watch *w = calloc(1, sizeof *w);
  if (!w) return SL_EXIT_USAGE;
  w->cli = cli;
  int rc = setup(w, cli);
  if (!rc && uv_loop_init(&w->loop)) {
    sl_cli_error("cannot start the event loop");
    rc = SL_EXIT_USAGE;
  }
  if (rc) goto out;
  int tty = isatty(fileno(stdout));
  w->color = tty && !sl_cli_no_color();
  w->clear = cli->clear;
  w->verbose = cli->verbose;
  if (start(w) == 0) {
    start_rebuild(w);
    uv_run(&w->loop, UV_RUN_DEFAULT);
  } else {
    w->exit_code = SL_EXIT_USAGE;
    if (!w->stopping) stop(w);
    uv_run(&w->loop, UV_RUN_DEFAULT);
  }
  rc = w->exit_code ? w->exit_code : SL_EXIT_USAGE;
  if (uv_loop_close(&w->loop) != 0) fputs("shortlist: event loop did not close cleanly\n", stderr);
  if (rc != SL_EXIT_USAGE) fputc('\n', stdout);
  fflush(stdout);
out:
  snap_free(w->prev);
  names_free(&w->changed);
  for (size_t i = 0; w->packs && i < w->npacks; i++) free(w->packs[i]);
  free(w->packs);
  for (size_t i = 0; w->inputs && i < cli->ninputs; i++) free(w->inputs[i].dir_real);
  for (size_t i = 0; i < w->nlinks; i++) link_free(&w->links[i]);
  free(w->links);
  free(w->inputs);
  free(w->readers);
  free(w->folders);
  free(w);
  return rc;
}
