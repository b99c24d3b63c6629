/*
 * tally.c - an out-of-tree plugin, written only from docs/plugins.md and
 * plugin.h: the reporter "tally" prints "ID VERDICT SCORE" per candidate
 * (the reason of the first rule that did not pass, if any) and a total.
 *
 * tests/plugin-abi copies this folder to a temporary directory and builds it
 * twice: with the CMake project beside it (cmake/ShortlistPlugin.cmake) and
 * with plain `cc -shared -fPIC -I core/include`.
 */
#include <stdlib.h>

#include "shortlist/plugin.h"

static const sl_host_api *host;

typedef struct tally {
  FILE *out;
  const sl_rule_info *rules;
  long seen;
} tally;

static int tally_begin(void **self, const sl_run_info *info) {
  tally *t = calloc(1, sizeof *t);
  if (!t) return SL_PLUGIN_ENOMEM;
  t->out = info->out;
  t->rules = info->rules;
  *self = t;
  return 0;
}

static int tally_candidate(void *self, const sl_result *r) {
  tally *t = self;
  t->seen++;
  host->write_text(t->out, r->id, r->id_len);
  fprintf(t->out, " %s %.2f", host->verdict_name(r->verdict), r->verdict == SL_ERROR ? 0.0 : r->score);
  for (size_t i = 0; i < r->nrules; i++) {
    const sl_rule_result *rr = &r->rules[i];
    if (rr->verdict == SL_PASS || rr->verdict == SL_SKIP) continue;
    fprintf(t->out, " [%s", t->rules[i].id);
    if (rr->reason) {
      fputs(": ", t->out);
      host->write_text(t->out, rr->reason, rr->reason_len);
    }
    fputc(']', t->out);
    break;
  }
  fputc('\n', t->out);
  return ferror(t->out) ? SL_PLUGIN_EIO : 0;
}

static int tally_end(void *self, const sl_summary *s) {
  tally *t = self;
  fprintf(t->out, "tally: %ld candidates (%ld seen), %ld pass\n", s->candidates, t->seen,
          s->verdicts[SL_PASS]);
  int rc = fflush(t->out) ? SL_PLUGIN_EIO : 0;
  free(t);
  return rc;
}

static const sl_reporter tally_reporter = {
    .name = "tally",
    .description = "ID VERDICT SCORE per candidate, then a total (out-of-tree test plugin)",
    .begin = tally_begin,
    .candidate = tally_candidate,
    .end = tally_end,
};

static int register_tally(sl_registry *reg) {
  host = reg->api;
  return reg->add_reporter(reg, &tally_reporter);
}

SL_PLUGIN_ENTRY(register_tally)
