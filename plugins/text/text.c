/*
 * text.c - the text reporter, for people: a line per candidate with the
 * reasons of what did not pass, then the counts of pass / flag / fail /
 * error and, for each rule, how many candidates it failed, flagged and
 * errored on.
 */
#include <stdlib.h>
#include <string.h>

#include "shortlist/plugin.h"

static const sl_host_api *host;

typedef struct text {
  FILE *out;
  const sl_rule_info *rules;
  size_t nrules;
  int color;
  int id_width;
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

static void put_verdict(text *t, sl_verdict v, int width) {
  if (t->color) {
    fprintf(t->out, "%s%-*s\x1b[0m", colour_of(v), width, host->verdict_name(v));
  } else {
    fprintf(t->out, "%-*s", width, host->verdict_name(v));
  }
}

static int text_begin(void **self, const sl_run_info *info) {
  text *t = calloc(1, sizeof *t);
  if (!t) return SL_PLUGIN_ENOMEM;
  t->out = info->out;
  t->rules = info->rules;
  t->nrules = info->nrules;
  t->color = info->color;
  t->id_width = 8;
  for (size_t i = 0; i < info->nrules; i++) {
    int n = (int)strlen(info->rules[i].id);
    if (n > t->id_width) t->id_width = n;
  }
  *self = t;
  return 0;
}

static int text_candidate(void *self, const sl_result *r) {
  text *t = self;
  host->write_text(t->out, r->id, r->id_len);
  fputs("  ", t->out);
  put_verdict(t, r->verdict, 5);
  if (r->verdict == SL_ERROR) {
    fprintf(t->out, "  %s:%ld: ", r->source, r->line);
    host->write_text(t->out, r->error, strlen(r->error));
    fputc('\n', t->out);
  } else {
    fprintf(t->out, "  score %.2f\n", r->score);
    for (size_t i = 0; i < r->nrules; i++) {
      const sl_rule_result *rr = &r->rules[i];
      if (rr->verdict == SL_PASS || rr->verdict == SL_SKIP) continue;
      fprintf(t->out, "    %-*s  ", t->id_width, t->rules[i].id);
      put_verdict(t, rr->verdict, rr->reason ? 5 : 0);
      if (rr->reason) {
        fputs("  ", t->out);
        host->write_text(t->out, rr->reason, rr->reason_len);
      }
      fputc('\n', t->out);
    }
  }
  return ferror(t->out) ? SL_PLUGIN_EIO : 0;
}

static int text_end(void *self, const sl_summary *s) {
  text *t = self;
  fprintf(t->out, "\n%ld candidate%s: ", s->candidates, s->candidates == 1 ? "" : "s");
  static const sl_verdict order[] = {SL_PASS, SL_FLAG, SL_FAIL, SL_ERROR};
  for (size_t i = 0; i < 4; i++) {
    fprintf(t->out, "%s%ld ", i ? ", " : "", s->verdicts[order[i]]);
    put_verdict(t, order[i], 0);
  }
  fputc('\n', t->out);
  if (t->nrules && s->rule_fail) {
    fprintf(t->out, "%-*s  %6s  %6s  %6s\n", t->id_width, "rule", "fail", "flag", "error");
    for (size_t i = 0; i < t->nrules; i++) {
      fprintf(t->out, "%-*s  %6ld  %6ld  %6ld\n", t->id_width, t->rules[i].id, s->rule_fail[i],
              s->rule_flag[i], s->rule_error[i]);
    }
  }
  int rc = fflush(t->out) || ferror(t->out) ? SL_PLUGIN_EIO : 0;
  free(t);
  return rc;
}

static const sl_reporter text_reporter = {
    "text", "for people: a line per candidate, reasons for what did not pass, a summary",
    text_begin, text_candidate, text_end};

static int register_text(sl_registry *reg) {
  host = reg->api;
  return reg->add_reporter(reg, &text_reporter);
}

SL_PLUGIN_ENTRY(register_text)
