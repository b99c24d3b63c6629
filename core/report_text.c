/*
 * report_text.c - for people: a line per candidate with what did not pass,
 * then a summary of verdicts and of each rule's fails and flags.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "shortlist/shortlist.h"

typedef struct text {
  FILE *out;
  const sl_rule_info *rules;
  size_t nrules;
  int color;
  size_t id_width;
  sl_buf b;
} text;

static const char *colour_of(sl_verdict v) {
  switch (v) {
  case SL_PASS: return "\x1b[32m";
  case SL_FLAG: return "\x1b[33m";
  case SL_FAIL: return "\x1b[31m";
  case SL_ERROR: return "\x1b[35m";
  default: return "\x1b[2m";
  }
}

static int put_verdict(text *t, sl_verdict v) {
  const char *name = sl_verdict_name(v);
  if (!t->color) return sl_buf_printf(&t->b, "%-5s", name);
  return sl_buf_printf(&t->b, "%s%-5s\x1b[0m", colour_of(v), name);
}

static int text_begin(void **self, const sl_run_info *info) {
  text *t = calloc(1, sizeof *t);
  if (!t) return SL_ENOMEM;
  t->out = info->out;
  t->rules = info->rules;
  t->nrules = info->nrules;
  t->color = info->color;
  t->id_width = 8;
  for (size_t i = 0; i < info->nrules; i++) {
    size_t n = strlen(info->rules[i].id);
    if (n > t->id_width) t->id_width = n;
  }
  *self = t;
  return 0;
}

static int text_candidate(void *self, const sl_result *r) {
  text *t = self;
  sl_buf *b = &t->b;
  sl_buf_reset(b);
  int rc = sl_buf_text(b, r->id, r->id_len);
  rc |= sl_buf_puts(b, "  ");
  rc |= put_verdict(t, r->verdict);
  if (r->verdict == SL_ERROR) {
    rc |= sl_buf_printf(b, "  %s:%ld: ", r->source, r->line);
    rc |= sl_buf_text(b, r->error, strlen(r->error));
    rc |= sl_buf_putc(b, '\n');
  } else {
    rc |= sl_buf_printf(b, "  score %.2f\n", r->score);
    for (size_t i = 0; i < r->nrules; i++) {
      const sl_rule_result *rr = &r->rules[i];
      if (rr->verdict == SL_PASS || rr->verdict == SL_SKIP) continue;
      rc |= sl_buf_printf(b, "    %-*s  ", (int)t->id_width, t->rules[i].id);
      rc |= put_verdict(t, rr->verdict);
      if (rr->reason) {
        rc |= sl_buf_puts(b, "  ");
        rc |= sl_buf_text(b, rr->reason, rr->reason_len);
      }
      rc |= sl_buf_putc(b, '\n');
    }
  }
  if (rc) return SL_ENOMEM;
  return fwrite(b->data, 1, b->len, t->out) == b->len ? 0 : SL_EIO;
}

static int text_end(void *self, const sl_summary *s) {
  text *t = self;
  sl_buf *b = &t->b;
  sl_buf_reset(b);
  int rc = sl_buf_printf(b, "\n%ld candidate%s: ", s->candidates, s->candidates == 1 ? "" : "s");
  static const sl_verdict order[] = {SL_PASS, SL_FLAG, SL_FAIL, SL_ERROR};
  for (size_t i = 0; i < 4; i++) {
    if (i) rc |= sl_buf_puts(b, ", ");
    rc |= sl_buf_printf(b, "%ld ", s->verdicts[order[i]]);
    rc |= put_verdict(t, order[i]);
    while (b->len && b->data[b->len - 1] == ' ') b->len--;
  }
  rc |= sl_buf_putc(b, '\n');
  if (t->nrules && s->rule_fail) {
    rc |= sl_buf_printf(b, "%-*s  %6s  %6s  %6s\n", (int)t->id_width, "rule", "fail", "flag", "error");
    for (size_t i = 0; i < t->nrules; i++) {
      rc |= sl_buf_printf(b, "%-*s  %6ld  %6ld  %6ld\n", (int)t->id_width, t->rules[i].id,
                          s->rule_fail[i], s->rule_flag[i], s->rule_error[i]);
    }
  }
  if (!rc && fwrite(b->data, 1, b->len, t->out) != b->len) rc = SL_EIO;
  if (fflush(t->out)) rc = SL_EIO;
  sl_buf_free(b);
  free(t);
  return rc ? SL_EIO : 0;
}

const sl_reporter sl_reporter_text = {
    "text", "for people: a line per candidate, reasons for what did not pass, a summary",
    text_begin, text_candidate, text_end};
