/*
 * pool.c - the loop thread and the workers: read, frame, batch, evaluate,
 * reorder, report.
 *
 * The loop thread reads and frames input into batches and puts each on the
 * ready queue; one worker thread per lua_State takes batches from that
 * queue, evaluates them and wakes the loop thread (an async handle) to
 * report finished batches in input order. Workers never wait for the loop
 * thread while a batch is ready: with two busy workers on two cores, the
 * loop thread only gets a core now and then, and batches framed ahead keep
 * the workers fed in the meantime.
 *
 * Flow control: at most `max_alive` batches exist at all (ready, being
 * evaluated, or finished but waiting for an earlier one). When that bound is
 * reached reading pauses, so memory stays flat however long the input.
 */
#include "pool.h"
#include "state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum input_kind { INPUT_FILE, INPUT_STREAM };

typedef struct sl_pool {
  uv_loop_t loop;
  const sl_pool_config *cfg;
  sl_summary *sum;
  sl_error *err;
  int rc;        /* first fatal error: stops reading and reporting */

  /* the workers: one thread per state */
  uv_thread_t *threads;
  struct worker *workers;
  size_t nthreads;  /* started */
  uv_async_t done_async; /* a worker finished a batch */
  uv_timer_t stream_wait; /* submits a partly filled batch of a slow stream */
  uv_timer_t progress;    /* rewrites the progress line (cfg->progress) */
  uint64_t t0;
  int progress_shown;

  /* under lock: the ready queue, what the workers report back */
  uv_mutex_t lock;
  uv_cond_t ready_cond;
  sl_batch *ready_head, *ready_tail; /* linked through ready_next */
  int closing;      /* workers exit once the queue is empty */
  int stop_early;   /* a fatal error: workers skip what is still queued */

  /* loop thread only: batches, oldest first (ready, in a worker, or done but
   * not yet reported), and how many exist */
  sl_batch *head, *tail;
  size_t alive, max_alive;
  sl_batch *filling; /* batch being framed into, not in the list */

  /* reading */
  size_t input;      /* index of the input being read */
  enum input_kind kind;
  const char *name;
  uv_fs_t fs_req;
  uv_file fd;
  int own_fd;
  union {
    uv_pipe_t pipe;
    uv_tty_t tty;
    uv_stream_t stream;
  } h;
  int reading;       /* a read is outstanding (file) or started (stream) */
  int paused;
  int eof_all;
  int finished; /* the async handle is closed: the loop may run dry */
  char *chunk;
  long last_line;  /* where the current input's last record starts */
  int skip_input;  /* its reader failed: the rest of it is not read */
  long ordinal;
  const sl_reader *reader; /* of the current input */
  void *rst;               /* its framing state */
  sl_frame_sink sink;

  sl_rule_result *rule_results; /* reused for every reporter call */
} sl_pool;

static void start_input(sl_pool *P);
static void read_more(sl_pool *P);

/* ---- batches ---- */

static sl_batch *batch_new(sl_pool *P) {
  sl_batch *b = calloc(1, sizeof *b);
  if (!b) return NULL;
  b->pool = (struct sl_pool *)P;
  b->cap = SL_BATCH_RECORDS;
  b->recs = malloc(b->cap * sizeof *b->recs);
  if (!b->recs || sl_buf_reserve(&b->text, SL_BATCH_BYTES + 4096)) {
    free(b->recs);
    sl_buf_free(&b->text);
    free(b);
    return NULL;
  }
  return b;
}

static void batch_free(sl_batch *b) {
  sl_buf_free(&b->text);
  sl_buf_free(&b->arena);
  sl_buf_free(&b->encoded);
  free(b->recs);
  free(b->outs);
  free(b->outcomes);
  free(b->tally);
  free(b);
}

/* ---- workers ---- */

typedef struct worker {
  sl_pool *P;
  sl_state *S;
} worker;

/* Takes the next ready batch; NULL when the run is closing and nothing is
 * left. A batch taken after a fatal error is only marked failed. */
static void worker_main(void *arg) {
  worker *w = arg;
  sl_pool *P = w->P;
  for (;;) {
    uv_mutex_lock(&P->lock);
    while (!P->ready_head && !P->closing) uv_cond_wait(&P->ready_cond, &P->lock);
    sl_batch *b = P->ready_head;
    if (!b) {
      uv_mutex_unlock(&P->lock);
      return;
    }
    P->ready_head = b->ready_next;
    if (!P->ready_head) P->ready_tail = NULL;
    int skip = P->stop_early;
    uv_mutex_unlock(&P->lock);

    int status = skip ? SL_EIO : sl_worker_eval_batch(w->S, b, &P->cfg->worker);

    /* Sent under the lock: once the loop thread sees the batch done, no
     * send is still on its way to a handle it may close. */
    uv_mutex_lock(&P->lock);
    b->status = status;
    b->done = status ? -1 : 1;
    uv_async_send(&P->done_async);
    uv_mutex_unlock(&P->lock);
  }
}

static int start_workers(sl_pool *P) {
  const sl_pool_config *cfg = P->cfg;
  P->threads = calloc(cfg->nstates, sizeof *P->threads);
  P->workers = calloc(cfg->nstates, sizeof *P->workers);
  if (!P->threads || !P->workers) return SL_ENOMEM;
  for (size_t i = 0; i < cfg->nstates; i++) {
    P->workers[i] = (worker){P, cfg->states[i]};
    if (uv_thread_create(&P->threads[i], worker_main, &P->workers[i])) return SL_EIO;
    P->nthreads++;
  }
  return 0;
}

/* Lets the workers finish what they hold (skipping the rest after a fatal
 * error) and waits for them. */
static void stop_workers(sl_pool *P) {
  uv_mutex_lock(&P->lock);
  P->closing = 1;
  if (P->rc) P->stop_early = 1;
  uv_cond_broadcast(&P->ready_cond);
  uv_mutex_unlock(&P->lock);
  for (size_t i = 0; i < P->nthreads; i++) uv_thread_join(&P->threads[i]);
  P->nthreads = 0;
}

static void fail(sl_pool *P, int rc, const char *msg) {
  if (!P->rc) {
    P->rc = rc;
    sl_error_set(P->err, rc, "%s", msg);
    uv_mutex_lock(&P->lock);
    P->stop_early = 1;
    uv_mutex_unlock(&P->lock);
  }
}

static void finish_if_done(sl_pool *P);

static void submit(sl_pool *P) {
  sl_batch *b = P->filling;
  P->filling = NULL;
  if (!b) return;
  if (b->nrecs == 0) {
    batch_free(b);
    return;
  }
  if (P->tail) P->tail->next = b; else P->head = b;
  P->tail = b;
  P->alive++;
  uv_mutex_lock(&P->lock);
  if (P->ready_tail) P->ready_tail->ready_next = b; else P->ready_head = b;
  P->ready_tail = b;
  uv_cond_signal(&P->ready_cond);
  uv_mutex_unlock(&P->lock);
}

/* ---- reporting ---- */


/* ---- the progress line: only on a terminal, never in the results ---- */

#define PROGRESS_FIRST_MS 1000 /* short runs show none */
#define PROGRESS_EVERY_MS 250

static void clear_progress(sl_pool *P) {
  fputs("\r\033[K", P->cfg->progress);
  fflush(P->cfg->progress);
  P->progress_shown = 0;
}

static void on_progress(uv_timer_t *t) {
  sl_pool *P = t->data;
  double s = (double)(uv_hrtime() - P->t0) / 1e9;
  fprintf(P->cfg->progress, "\r\033[Kshortlist: %ld candidates screened, %.0f/s",
          P->sum->candidates, s > 0 ? (double)P->sum->candidates / s : 0.0);
  fflush(P->cfg->progress);
  P->progress_shown = 1;
}

/* Adds per-rule counts (SL_TALLY) to the summary. */
static void add_tally(sl_summary *sum, const long *tally, size_t nrules) {
  for (size_t k = 0; k < nrules; k++) {
    ((long *)sum->rule_fail)[k] += tally[SL_TALLY(k, SL_FAIL)];
    ((long *)sum->rule_flag)[k] += tally[SL_TALLY(k, SL_FLAG)];
    ((long *)sum->rule_error)[k] += tally[SL_TALLY(k, SL_ERROR)];
    sum->rule_errors += tally[SL_TALLY(k, SL_ERROR)];
  }
}

/* The same for the first n records of b, counted here: when the run stops
 * part way through a batch, or its worker could not count. */
static void add_tally_of(sl_summary *sum, const sl_batch *b, size_t n, size_t nrules) {
  long *tally = calloc(SL_TALLY(nrules, 0) + 1, sizeof *tally);
  if (!tally) return;
  sl_batch_tally(b, 0, n, nrules, tally);
  add_tally(sum, tally, nrules);
  free(tally);
}

/* What every reported record adds to the summary, and its print() output. */
static void note_record(sl_pool *P, sl_verdict verdict, const char *log, size_t log_len) {
  if (log_len) {
    if (P->progress_shown) clear_progress(P); /* print() output on a line of its own */
    fwrite(log, 1, log_len, stderr);
  }
  P->sum->candidates++;
  P->sum->verdicts[verdict]++;
}

/* A reporter without candidate(): the batch's encoded results are written
 * as they are, in one piece (they lie in input order in b->encoded). */
static void report_encoded(sl_pool *P, sl_batch *b) {
  const sl_pool_config *cfg = P->cfg;
  sl_summary *sum = P->sum;
  for (size_t i = 0; i < b->nrecs; i++) {
    const sl_record_out *o = &b->outs[i];
    if (!o->filtered) note_record(P, (sl_verdict)o->verdict, b->arena.data + o->log.off, o->log.len);
  }
  if (b->encoded.len && fwrite(b->encoded.data, 1, b->encoded.len, cfg->out) != b->encoded.len) {
    fail(P, SL_EIO, SL_CANNOT_WRITE);
  }
  if (b->tally) add_tally(sum, b->tally, cfg->nrules);
  else add_tally_of(sum, b, b->nrecs, cfg->nrules);
}

static void report_batch(sl_pool *P, sl_batch *b) {
  const sl_pool_config *cfg = P->cfg;
  sl_summary *sum = P->sum;
  if (!cfg->rep->candidate) {
    report_encoded(P, b);
    return;
  }
  for (size_t i = 0; i < b->nrecs; i++) {
    if (b->outs[i].filtered) continue;
    sl_result r;
    sl_batch_result(b, i, cfg->nrules, P->rule_results, &r);
    note_record(P, r.verdict, r.log, r.log_len);
    int rc = cfg->rep->candidate(cfg->rep_self, &r);
    if (rc) { /* the run stops here: count the rules of what was reported */
      fail(P, rc, SL_CANNOT_WRITE);
      add_tally_of(sum, b, i + 1, cfg->nrules);
      return;
    }
  }
  if (b->tally) add_tally(sum, b->tally, cfg->nrules); /* the worker counted */
  else add_tally_of(sum, b, b->nrecs, cfg->nrules);
}

/* Reports finished batches in order, then lets reading go on. */
static void flush(sl_pool *P) {
  int reported = 0;
  for (;;) {
    uv_mutex_lock(&P->lock); /* done is written by the workers */
    sl_batch *b = P->head && P->head->done ? P->head : NULL;
    uv_mutex_unlock(&P->lock);
    if (!b) break;
    P->head = b->next;
    if (!P->head) P->tail = NULL;
    if (b->done < 0) fail(P, SL_ENOMEM, "out of memory evaluating a batch");
    if (!P->rc) report_batch(P, b);
    batch_free(b);
    P->alive--;
    reported = 1;
  }
  if (reported && P->cfg->out && fflush(P->cfg->out) != 0) {
    fail(P, SL_EIO, SL_CANNOT_WRITE);
  }
  if (P->paused && P->alive < P->max_alive && !P->rc) {
    P->paused = 0;
    read_more(P);
  }
  finish_if_done(P);
}

static void on_batch_done(uv_async_t *h) { flush(h->data); }

/* The run is over once no more input will come (all read, or a fatal
 * error) and no batch is left: closing the async handle lets the loop run
 * dry. */
static void finish_if_done(sl_pool *P) {
  if (P->finished || !(P->eof_all || P->rc) || P->reading || P->alive) return;
  P->finished = 1;
  uv_timer_stop(&P->stream_wait);
  uv_close((uv_handle_t *)&P->done_async, NULL);
}

/* ---- records from the reader's framing ---- */

static int add_record(sl_pool *P, const char *bytes, size_t n, long line, int unreadable) {
  static const char too_long[] = "record longer than 16 MiB: not read";
  if (P->rc) return P->rc;
  if (!unreadable && n > SL_MAX_RECORD_BYTES) {
    bytes = too_long;
    n = sizeof too_long - 1;
    unreadable = 1;
  }
  if (!P->filling && !(P->filling = batch_new(P))) {
    fail(P, SL_ENOMEM, "out of memory reading input");
    return SL_ENOMEM;
  }
  sl_batch *b = P->filling;
  sl_record *r = &b->recs[b->nrecs];
  r->off = (uint32_t)b->text.len;
  r->len = (uint32_t)n;
  r->unreadable = unreadable;
  r->line = line;
  P->last_line = line;
  r->ordinal = ++P->ordinal;
  r->source = P->name;
  r->reader = P->reader;
  if (sl_buf_put(&b->text, bytes, n)) {
    fail(P, SL_ENOMEM, "out of memory reading input");
    return SL_ENOMEM;
  }
  b->nrecs++;
  if (b->nrecs == b->cap || b->text.len >= SL_BATCH_BYTES) submit(P);
  return 0;
}

static int sink_record(void *ctx, const char *bytes, size_t n, long line) {
  return add_record(ctx, bytes, n, line, 0);
}

static int sink_unreadable(void *ctx, long line, const char *why) {
  return add_record(ctx, why, strlen(why), line, 1);
}

/* A reader's feed or finish failed (a failure of the host's sink has set
 * P->rc instead): the rest of this input cannot be framed. The records
 * framed so far stand; one error record says where reading stopped; the
 * run goes on with the next input (exit 3, as for any unreadable record). */
static void reader_failed(sl_pool *P, int rc) {
  char why[SL_ERROR_MAX];
  snprintf(why, sizeof why, "the %s reader failed (%s): the rest of %s is not read",
           P->reader->name, sl_strerror(rc), strcmp(P->name, "-") ? P->name : "standard input");
  add_record(P, why, strlen(why), P->last_line + 1, 1);
  P->skip_input = 1;
}

static void frame(sl_pool *P, const char *data, size_t n) {
  int rc = P->reader->feed(P->rst, data, n, &P->sink);
  if (rc && !P->rc) reader_failed(P, rc);
}

static void close_reader(sl_pool *P) {
  if (P->rst) P->reader->close(P->rst);
  P->rst = NULL;
}

/* End of one input: what the reader still holds, then the next input. */
static void input_done(sl_pool *P) {
  if (P->rst) {
    int rc = P->reader->finish(P->rst, &P->sink);
    if (rc && !P->rc) reader_failed(P, rc);
  }
  P->skip_input = 0;
  close_reader(P);
  P->input++;
  start_input(P);
}

static void input_failed(sl_pool *P, const char *what, int r) {
  if (P->progress_shown) clear_progress(P);
  fprintf(stderr, "shortlist: cannot %s %s: %s\n", what, P->name, uv_strerror(r));
  P->sum->input_errors++;
  close_reader(P);
}

/* ---- files (and stdin redirected from a file) ---- */

/* Closing a file descriptor does not block; done inline. */
static void close_file(sl_pool *P) {
  if (!P->own_fd) return;
  uv_fs_t req;
  uv_fs_close(&P->loop, &req, P->fd, NULL);
  uv_fs_req_cleanup(&req);
  P->own_fd = 0;
}

static void on_file_read(uv_fs_t *req) {
  sl_pool *P = req->data;
  ssize_t n = req->result;
  uv_fs_req_cleanup(req);
  P->reading = 0;
  if (n < 0) {
    input_failed(P, "read", (int)n);
    close_file(P);
    P->input++;
    start_input(P);
    return;
  }
  if (n == 0) {
    close_file(P);
    input_done(P);
    return;
  }
  frame(P, P->chunk, (size_t)n);
  if (P->skip_input) { /* on to the next input, without the reader's finish */
    close_reader(P);
    close_file(P);
    input_done(P);
    return;
  }
  read_more(P);
}

static void read_file(sl_pool *P) {
  uv_buf_t buf = uv_buf_init(P->chunk, SL_READ_CHUNK);
  P->fs_req.data = P;
  P->reading = 1;
  int r = uv_fs_read(&P->loop, &P->fs_req, P->fd, &buf, 1, -1, on_file_read);
  if (r) {
    P->reading = 0;
    input_failed(P, "read", r);
    close_file(P);
    P->input++;
    start_input(P);
  }
}

static void on_open(uv_fs_t *req) {
  sl_pool *P = req->data;
  ssize_t fd = req->result;
  uv_fs_req_cleanup(req);
  if (fd < 0) {
    input_failed(P, "open", (int)fd);
    P->input++;
    start_input(P);
    return;
  }
  P->fd = (uv_file)fd;
  P->own_fd = 1;
  P->kind = INPUT_FILE;
  read_more(P);
}

/* ---- pipes and terminals ---- */

static void on_stream_wait(uv_timer_t *t) { submit(t->data); }

static void alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  sl_pool *P = h->data;
  *buf = uv_buf_init(P->chunk, SL_READ_CHUNK);
}

static void on_stream_closed(uv_handle_t *h) {
  sl_pool *P = h->data;
  input_done(P);
}

static void on_stream_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf) {
  sl_pool *P = s->data;
  if (n == 0) return;
  if (n < 0) {
    if (n != UV_EOF) input_failed(P, "read", (int)n);
    uv_read_stop(s);
    P->reading = 0;
    uv_close((uv_handle_t *)s, on_stream_closed);
    return;
  }
  frame(P, buf->base, (size_t)n);
  /* A stream may pause for as long as it likes: records that arrived are
   * evaluated at most SL_STREAM_WAIT_MS later, full batch or not. */
  if (P->filling && !uv_is_active((uv_handle_t *)&P->stream_wait))
    uv_timer_start(&P->stream_wait, on_stream_wait, SL_STREAM_WAIT_MS, 0);
  if (P->rc) {
    uv_read_stop(s);
    P->reading = 0;
    uv_close((uv_handle_t *)s, NULL);
    finish_if_done(P); /* no batch may be left to wake the loop */
    return;
  }
  if (P->skip_input) { /* closing goes on to the next input, without the reader's finish */
    uv_read_stop(s);
    P->reading = 0;
    close_reader(P);
    uv_close((uv_handle_t *)s, on_stream_closed);
    return;
  }
  if (P->alive >= P->max_alive) {
    uv_read_stop(s);
    P->reading = 0;
    P->paused = 1;
  }
}

/* ---- driving the inputs ---- */

static void read_more(sl_pool *P) {
  if (P->reading) return;
  if (P->rc) {
    finish_if_done(P);
    return;
  }
  if (P->alive >= P->max_alive) {
    P->paused = 1;
    return;
  }
  if (P->kind == INPUT_FILE) {
    read_file(P);
  } else {
    P->reading = 1;
    int r = uv_read_start(&P->h.stream, alloc_cb, on_stream_read);
    if (r) {
      P->reading = 0;
      input_failed(P, "read", r);
      uv_close((uv_handle_t *)&P->h.stream, on_stream_closed);
    }
  }
}

static void start_input(sl_pool *P) {
  if (P->rc) {
    finish_if_done(P);
    return;
  }
  if (P->input >= P->cfg->ninputs) {
    P->eof_all = 1;
    submit(P);
    finish_if_done(P);
    return;
  }
  P->name = P->cfg->inputs[P->input];
  P->reader = P->cfg->readers[P->input];
  P->last_line = 0;
  P->own_fd = 0;
  if (!(P->rst = P->reader->open(P->name))) {
    fail(P, SL_ENOMEM, "out of memory opening an input");
    return;
  }
  if (strcmp(P->name, "-") == 0) {
    uv_handle_type t = uv_guess_handle(0);
    int r = 0;
    if (t == UV_FILE) {
      P->kind = INPUT_FILE;
      P->fd = 0;
      read_more(P);
      return;
    }
    if (t == UV_TTY) {
      r = uv_tty_init(&P->loop, &P->h.tty, 0, 1);
    } else {
      r = uv_pipe_init(&P->loop, &P->h.pipe, 0);
      if (!r) r = uv_pipe_open(&P->h.pipe, 0);
    }
    if (r) {
      input_failed(P, "read", r);
      P->input++;
      start_input(P);
      return;
    }
    P->h.stream.data = P;
    P->kind = INPUT_STREAM;
    read_more(P);
    return;
  }
  P->fs_req.data = P;
  int r = uv_fs_open(&P->loop, &P->fs_req, P->name, UV_FS_O_RDONLY, 0, on_open);
  if (r) {
    input_failed(P, "open", r);
    P->input++;
    start_input(P);
  }
}

void sl_summary_free(sl_summary *sum) {
  free((long *)sum->rule_fail);
  free((long *)sum->rule_flag);
  free((long *)sum->rule_error);
  sum->rule_fail = sum->rule_flag = sum->rule_error = NULL;
}

static void walk_close(uv_handle_t *h, void *arg) {
  if (!uv_is_closing(h)) uv_close(h, NULL);
}

int sl_pool_run(const sl_pool_config *cfg, sl_summary *sum, sl_error *err) {
  sl_pool *P = calloc(1, sizeof *P);
  if (!P) return sl_error_set(err, SL_ENOMEM, "out of memory");
  memset(sum, 0, sizeof *sum);
  sum->rule_fail = calloc(cfg->nrules + 1, sizeof(long));
  sum->rule_flag = calloc(cfg->nrules + 1, sizeof(long));
  sum->rule_error = calloc(cfg->nrules + 1, sizeof(long));
  P->cfg = cfg;
  P->sum = sum;
  P->err = err;
  P->max_alive = cfg->nstates * 3 + 2;
  P->chunk = malloc(SL_READ_CHUNK);
  P->sink.ctx = P;
  P->sink.record = sink_record;
  P->sink.unreadable = sink_unreadable;
  P->rule_results = calloc(cfg->nrules + 1, sizeof *P->rule_results);
  int rc = 0;
  if (!sum->rule_fail || !sum->rule_flag || !sum->rule_error || !P->chunk ||
      !P->rule_results) {
    rc = sl_error_set(err, SL_ENOMEM, "out of memory");
    goto out;
  }
  if (uv_mutex_init(&P->lock)) {
    rc = sl_error_set(err, SL_EIO, "cannot start the event loop");
    goto out;
  }
  if (uv_cond_init(&P->ready_cond) || uv_loop_init(&P->loop) ||
      uv_async_init(&P->loop, &P->done_async, on_batch_done)) {
    rc = sl_error_set(err, SL_EIO, "cannot start the event loop");
    uv_mutex_destroy(&P->lock);
    goto out;
  }
  P->done_async.data = P;
  uv_timer_init(&P->loop, &P->stream_wait); /* cannot fail */
  P->stream_wait.data = P;
  /* Rule calls run without a count hook unless they run long. */
  for (size_t i = 0; i < cfg->nstates; i++) sl_sandbox_watch(cfg->states[i]);
  uint64_t t0 = P->t0 = uv_hrtime();
  uv_timer_init(&P->loop, &P->progress); /* cannot fail */
  P->progress.data = P;
  if (cfg->progress) {
    uv_timer_start(&P->progress, on_progress, PROGRESS_FIRST_MS, PROGRESS_EVERY_MS);
    uv_unref((uv_handle_t *)&P->progress); /* the run ends when the work does */
  }
  int wrc = start_workers(P);
  if (wrc) fail(P, wrc, "cannot start the worker threads");
  start_input(P);
  uv_run(&P->loop, UV_RUN_DEFAULT);
  if (!P->rc) flush(P);
  stop_workers(P);
  sum->seconds = (double)(uv_hrtime() - t0) / 1e9;
  uv_timer_stop(&P->progress);
  if (P->progress_shown) clear_progress(P);
  /* Everything finished: the loop ran dry. Batches left over only when a
   * fatal error stopped the run. */
  while (P->head) {
    sl_batch *b = P->head;
    P->head = b->next;
    batch_free(b);
  }
  if (P->filling) batch_free(P->filling);
  uv_walk(&P->loop, walk_close, NULL);
  uv_run(&P->loop, UV_RUN_DEFAULT);
  if (uv_loop_close(&P->loop) != 0) fprintf(stderr, "shortlist: event loop did not close cleanly\n");
  for (size_t i = 0; i < cfg->nstates; i++) sl_sandbox_unwatch(cfg->states[i]);
  uv_cond_destroy(&P->ready_cond);
  uv_mutex_destroy(&P->lock);
  rc = P->rc;
out:
  close_reader(P);
  free(P->chunk);
  free(P->threads);
  free(P->workers);
  free(P->rule_results);
  free(P);
  return rc;
}
