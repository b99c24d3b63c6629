/*
 * batch.h - the unit of work between the loop thread and the workers: a run of
 * framed records going out, their outcomes coming back. Only bytes, numbers
 * and offsets into the batch's own buffers cross threads.
 */
#ifndef SL_BATCH_H
#define SL_BATCH_H

#include <stdatomic.h>
#include <stdint.h>
#include <uv.h>

#include "buf.h"
#include "shortlist/plugin.h"
#include "state.h"

typedef struct sl_record {
  uint32_t off, len;       /* the record's bytes in batch->text (or, when
                              unreadable, why) */
  int unreadable;          /* framing already failed */
  long line;               /* line in its input */
  long ordinal;            /* 1-based position in the whole stream */
  const char *source;      /* input name; borrowed from the run */
  const sl_reader *reader; /* decodes the bytes; borrowed from the plugins */
} sl_record;

typedef struct sl_record_out {
  uint8_t verdict;  /* candidate verdict; SL_ERROR = unreadable */
  uint8_t filtered; /* 1: not the id asked for; not reported */
  double score;
  sl_text_ref id, error, log, detail; /* in batch->arena; error is NUL-terminated */
  sl_text_ref encoded;                /* in batch->encoded */
} sl_record_out;

typedef struct sl_batch {
  struct sl_pool *pool;
  struct sl_batch *next;       /* in input order (loop thread) */
  struct sl_batch *ready_next; /* in the ready queue (under the pool's lock) */
  int done;     /* 0, then 1 or -1 (failed): set by the worker under the lock */
  int status;   /* set by the worker: 0 or an SL_E* code */
  sl_buf text;             /* record bytes, back to back */
  sl_record *recs;
  size_t nrecs, cap;
  sl_record_out *outs;     /* nrecs, filled by the worker */
  sl_rule_outcome *outcomes; /* nrecs * nrules, filled by the worker */
  sl_buf arena;            /* ids, reasons, errors, logs */
  sl_buf encoded;          /* the reporter's encode output, when it has one */
  long *tally; /* per rule, a count for each verdict (SL_TALLY) of the
                  evaluated records (worker), added to the run's summary as a
                  whole when the batch is reported, so the loop thread need not count */
} sl_batch;

/* What a worker needs besides the batch. Read-only during the run. */
typedef struct sl_worker_config {
  size_t nrules;
  const sl_reporter *rep;   /* its encode runs in the worker, when set */
  const sl_run_info *info;
  const char *filter_id; /* only this id is evaluated; NULL for all */
  int explain;           /* 1: write facts and params for evaluated records */
  const atomic_int *cancel; /* when set (watch: Ctrl-C), the batch stops before
                               its next record; NULL: never */
} sl_worker_config;

/* Evaluates every record of b in state S (any worker thread), and counts
 * b->tally. Returns 0 or SL_ENOMEM. */
int sl_worker_eval_batch(sl_state *S, sl_batch *b, const sl_worker_config *cfg);

/* Adds the rule verdicts of records [from, to) to tally: rule k's count of
 * verdict v is tally[SL_TALLY(k, v)], so counting needs no branch on the
 * verdict (which the data decides). Unreadable and filtered records have none. */
#define SL_TALLY(k, v) ((k) * SL_VERDICT_COUNT + (v))
void sl_batch_tally(const sl_batch *b, size_t from, size_t to, size_t nrules, long *tally);

/* The result of record i of a finished batch, as reporters see it; rules
 * point into `scratch` (nrules entries). Borrowed from the batch. */
void sl_batch_result(const sl_batch *b, size_t i, size_t nrules, sl_rule_result *scratch,
                     sl_result *r);

#endif
