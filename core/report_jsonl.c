/* report_jsonl.c - one JSON object per input record, in input order. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "shortlist/shortlist.h"

typedef struct jsonl {
  FILE *out;
  const sl_rule_info *rules;
  sl_buf line;
} jsonl;

static int jsonl_begin(void **self, const sl_run_info *info) {
  jsonl *j = calloc(1, sizeof *j);
  if (!j) return SL_ENOMEM;
  j->out = info->out;
  j->rules = info->rules;
  *self = j;
  return 0;
}

static int jsonl_candidate(void *self, const sl_result *r) {
  jsonl *j = self;
  sl_buf *b = &j->line;
  sl_buf_reset(b);
  int rc = sl_buf_put(b, "{\"id\":", 6);
  rc |= sl_buf_json_str(b, r->id, r->id_len);
  if (r->verdict == SL_ERROR) {
    rc |= sl_buf_printf(b, ",\"line\":%ld,\"verdict\":\"error\",\"error\":", r->line);
    rc |= sl_buf_json_str(b, r->error, strlen(r->error));
    rc |= sl_buf_put(b, "}\n", 2);
  } else {
    rc |= sl_buf_printf(b, ",\"verdict\":\"%s\",\"score\":", sl_verdict_name(r->verdict));
    rc |= sl_buf_printf(b, "%.4g", r->score);
    rc |= sl_buf_put(b, ",\"rules\":[", 10);
    for (size_t i = 0; i < r->nrules; i++) {
      const sl_rule_result *rr = &r->rules[i];
      if (i) rc |= sl_buf_putc(b, ',');
      rc |= sl_buf_put(b, "{\"id\":", 6);
      rc |= sl_buf_json_str(b, j->rules[i].id, strlen(j->rules[i].id));
      rc |= sl_buf_printf(b, ",\"verdict\":\"%s\"", sl_verdict_name(rr->verdict));
      if (rr->reason) {
        rc |= sl_buf_put(b, ",\"reason\":", 10);
        rc |= sl_buf_json_str(b, rr->reason, rr->reason_len);
      }
      rc |= sl_buf_putc(b, '}');
    }
    rc |= sl_buf_put(b, "]}\n", 3);
  }
  if (rc) return SL_ENOMEM;
  if (fwrite(b->data, 1, b->len, j->out) != b->len) return SL_EIO;
  return 0;
}

static int jsonl_end(void *self, const sl_summary *s) {
  jsonl *j = self;
  int rc = fflush(j->out) ? SL_EIO : 0;
  sl_buf_free(&j->line);
  free(j);
  return rc;
}

const sl_reporter sl_reporter_jsonl = {
    "jsonl", "one JSON object per candidate (SPEC: id, verdict, score, rules)",
    jsonl_begin, jsonl_candidate, jsonl_end};
