/*
 * pool.h - one run: the loop thread reads inputs without blocking, frames
 * records into batches and puts them on a ready queue; one worker thread
 * per lua_State evaluates them; the loop thread reports finished batches in
 * input order.
 */
#ifndef SL_POOL_H
#define SL_POOL_H

#include <stdio.h>

#include "batch.h"
#include "shortlist/shortlist.h"

#define SL_BATCH_RECORDS 512
#define SL_BATCH_BYTES (512 * 1024)

/* What a run that could not write its results says (pool.c, engine.c). */
#define SL_CANNOT_WRITE "cannot write the results (is the output closed or the disk full?)"
#define SL_MAX_RECORD_BYTES (16u << 20)
#define SL_READ_CHUNK (256 * 1024)
/* Records from a pipe or terminal wait at most this long for their batch to
 * fill before it is evaluated anyway. */
#define SL_STREAM_WAIT_MS 10

typedef struct sl_pool_config {
  sl_state **states;     /* one per worker; leased to one batch at a time */
  size_t nstates;
  const sl_rule_info *rules;
  size_t nrules;
  const char *const *inputs;
  const sl_reader *const *readers; /* one per input */
  size_t ninputs;
  const sl_reporter *rep;
  void *rep_self;
  FILE *out; /* the reporters' output: flushed after each report, so results
                of a streamed input reach the reader as batches finish */
  sl_worker_config worker;
  FILE *progress; /* a terminal: "N candidates, R/s" rewritten while the run lasts */
} sl_pool_config;

/* Runs the whole stream on a private loop. Fills the summary (rule arrays
 * are allocated here; free with sl_summary_free). Returns 0, or the first
 * reporter / memory error. */
int sl_pool_run(const sl_pool_config *cfg, sl_summary *sum, sl_error *err);
void sl_summary_free(sl_summary *sum);

#endif
