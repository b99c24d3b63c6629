/*
 * explain.c - `shortlist explain --id ID`: one candidate in full. Every rule
 * with its verdict and reason, every fact that was computed with its value,
 * and the params in force. Text for people, or one JSON object (-f jsonl).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "convert.h"
#include "engine.h"
#include "pool.h"

typedef struct explain {
  FILE *out;
  const sl_rule_info *rules;
  int json;
  long found;
} explain;

static int ex_begin(void **self, const sl_run_info *info) {
  explain *x = calloc(1, sizeof *x);
  if (!x) return SL_ENOMEM;
  x->out = info->out;
  x->rules = info->rules;
  *self = x;
  return 0;
}

static int ex_begin_json(void **self, const sl_run_info *info) {
  int rc = ex_begin(self, info);
  if (!rc) ((explain *)*self)->json = 1;
  return rc;
}

/* ---- text ----
 *
 * Text is read on a terminal, so what came from the candidate or the rules
 * (ids, reasons, titles, messages, fact names) goes through sl_buf_text, as
 * in `run -f text`: control characters, C1 controls, line separators and
 * the marks that reorder text as spaces, invalid UTF-8 as U+FFFD. Strings
 * among the facts and params keep their JSON form (quoted, "\n", "\u0000":
 * "12" is not 12), cleaned the same way afterwards, since JSON escaping
 * leaves the bidi marks as they are. */

static void put_text(FILE *out, const char *s, size_t n) {
  sl_buf b = SL_BUF_INIT;
  if (sl_buf_text(&b, s, n) == 0) fwrite(b.data, 1, b.len, out);
  sl_buf_free(&b);
}

static int put_json_str_text(sl_buf *line, const char *s, size_t n) {
  sl_buf q = SL_BUF_INIT;
  int rc = sl_buf_json_str(&q, s, n);
  if (!rc) rc = sl_buf_text(line, q.data, q.len);
  sl_buf_free(&q);
  return rc;
}

/* Prints the facts and params of a candidate's detail JSON as the decoder
 * reads it: sl_json_decode_into gives every string with its length, so a
 * NUL in a fact's text is shown, not taken for its end. Each entry of the
 * facts, and of each pack's params, is a line "name = value"; a list shows
 * its scalars, and a table (as the value or in a list) shows as {...}. */
typedef struct detail_printer {
  sl_builder b; /* first: the printer is usable as an sl_builder */
  FILE *out;
  sl_buf line;     /* the entry being written */
  int depth;       /* containers open; in the root object it is 1 */
  int in_params;   /* below the root's "params" */
  int entry_depth; /* depth of the object whose entries are lines; 0: none */
  int skip;        /* containers open in one shown as {...} */
  size_t entries;  /* lines of the object at entry_depth */
  size_t listed;   /* values in the list being written */
  int facts_shown;
} detail_printer;

#define DP(bp) ((detail_printer *)(bp))

static int dp_flush(detail_printer *P) {
  int rc = sl_buf_putc(&P->line, '\n');
  if (!rc) fwrite(P->line.data, 1, P->line.len, P->out);
  sl_buf_reset(&P->line);
  return rc;
}

/* 1 for a value that is an entry's, 2 for one in an entry's list, 0 for
 * one not shown. */
static int dp_place(detail_printer *P) {
  if (P->skip || !P->entry_depth) return 0;
  if (P->depth == P->entry_depth) return 1;
  return P->depth == P->entry_depth + 1 ? 2 : 0;
}

/* A scalar's text (a string's bytes when quoted) where the decoder is: an
 * entry's value ends its line, a list's value joins it. */
static int dp_value(detail_printer *P, const char *text, size_t n, int quoted) {
  int at = dp_place(P);
  if (!at) return 0;
  int rc = at == 2 && P->listed++ ? sl_buf_puts(&P->line, ", ") : 0;
  if (!rc) rc = quoted ? put_json_str_text(&P->line, text, n) : sl_buf_put(&P->line, text, n);
  return rc ? rc : at == 1 ? dp_flush(P) : 0;
}

static int dp_string(sl_builder *b, const char *s, size_t n) { return dp_value(DP(b), s, n, 1); }
static int dp_boolean(sl_builder *b, int v) { return dp_value(DP(b), v ? "true" : "false", 4 + !v, 0); }
static int dp_null(sl_builder *b) { return dp_value(DP(b), "nil", 3, 0); }

static int dp_integer(sl_builder *b, long long v) {
  char text[32];
  return dp_value(DP(b), text, (size_t)snprintf(text, sizeof text, "%lld", v), 0);
}

static int dp_number(sl_builder *b, double v) {
  sl_buf t = SL_BUF_INIT;
  int rc = sl_buf_json_num(&t, v);
  if (!rc) rc = dp_value(DP(b), t.data, t.len, 0);
  sl_buf_free(&t);
  return rc;
}

/* A table where a scalar could be: {...}, and its contents skipped. */
static int dp_hidden(detail_printer *P) {
  int rc = dp_value(P, "{...}", 5, 0);
  P->skip = 1;
  return rc;
}

static int dp_begin_object(sl_builder *b) {
  detail_printer *P = DP(b);
  if (P->skip) {
    P->skip++;
    return 0;
  }
  if (P->entry_depth) return dp_hidden(P);
  if (P->depth == 1 && !P->in_params) { /* the facts */
    P->entry_depth = 2;
    P->facts_shown = 1;
  } else if (P->depth == 2 && P->in_params) { /* a pack's params */
    P->entry_depth = 3;
  }
  P->depth++;
  P->entries = 0;
  return 0;
}

static int dp_end_object(sl_builder *b) {
  detail_printer *P = DP(b);
  if (P->skip) {
    P->skip--;
    return 0;
  }
  if (P->depth == P->entry_depth) {
    if (P->entries == 0) fputs("  (none)\n", P->out);
    P->entry_depth = 0;
  }
  P->depth--;
  return 0;
}

static int dp_begin_array(sl_builder *b) {
  detail_printer *P = DP(b);
  if (P->skip) {
    P->skip++;
    return 0;
  }
  if (dp_place(P) != 1) {
    if (P->in_params && P->depth == 2) fputs("  (none)\n", P->out); /* params not a table */
    return dp_hidden(P);
  }
  P->depth++;
  P->listed = 0;
  return sl_buf_putc(&P->line, '[');
}

static int dp_end_array(sl_builder *b) {
  detail_printer *P = DP(b);
  if (P->skip) {
    P->skip--;
    return 0;
  }
  P->depth--;
  int rc = sl_buf_putc(&P->line, ']');
  return rc ? rc : dp_flush(P);
}

static int dp_key(sl_builder *b, const char *s, size_t n) {
  detail_printer *P = DP(b);
  if (P->skip) return 0;
  if (P->depth == 1) {
    P->in_params = n == 6 && memcmp(s, "params", 6) == 0;
  } else if (P->depth == 2 && P->in_params) {
    fputs("\nparams in force (pack ", P->out);
    put_text(P->out, s, n);
    fputs("):\n", P->out);
  } else if (P->depth == P->entry_depth) {
    P->entries++;
    sl_buf_reset(&P->line);
    int rc = sl_buf_puts(&P->line, "  ");
    if (!rc) rc = sl_buf_text(&P->line, s, n);
    return rc ? rc : sl_buf_puts(&P->line, " = ");
  }
  return 0;
}

static int print_detail(FILE *out, const char *detail, size_t n) {
  detail_printer P = {{NULL, dp_begin_object, dp_end_object, dp_begin_array, dp_end_array, dp_key,
                       dp_string, dp_integer, dp_number, dp_boolean, dp_null},
                      out, SL_BUF_INIT, 0, 0, 0, 0, 0, 0, 0};
  char err[128];
  fputs("\nfacts computed:\n", out);
  int rc = sl_json_decode_into(detail, n, &P.b, err, sizeof err);
  if (!P.facts_shown) fputs("  (none)\n", out); /* no detail (it could not be written) */
  sl_buf_free(&P.line);
  return rc == SL_ENOMEM ? rc : 0;
}

static int ex_candidate(void *self, const sl_result *r) {
  explain *x = self;
  x->found++;
  FILE *out = x->out;
  if (r->verdict == SL_ERROR && x->json) {
    sl_buf b = SL_BUF_INIT;
    sl_buf_puts(&b, "{\"id\":");
    sl_buf_json_str(&b, r->id, r->id_len);
    sl_buf_puts(&b, ",\"verdict\":\"error\",\"source\":");
    sl_buf_json_str(&b, r->source, strlen(r->source));
    sl_buf_printf(&b, ",\"line\":%ld,\"error\":", r->line);
    sl_buf_json_str(&b, r->error, strlen(r->error));
    sl_buf_puts(&b, "}\n");
    fwrite(b.data, 1, b.len, out);
    sl_buf_free(&b);
    return 0;
  }
  if (r->verdict == SL_ERROR) {
    put_text(out, r->id, r->id_len);
    fprintf(out, "  error  %s:%ld: ", r->source, r->line);
    put_text(out, r->error, strlen(r->error));
    fputc('\n', out);
    return 0;
  }
  if (x->json) {
    sl_buf b = SL_BUF_INIT;
    sl_buf_puts(&b, "{\"id\":");
    sl_buf_json_str(&b, r->id, r->id_len);
    sl_buf_printf(&b, ",\"verdict\":\"%s\",\"score\":%.4g,\"source\":", sl_verdict_name(r->verdict),
                  r->score);
    sl_buf_json_str(&b, r->source, strlen(r->source));
    sl_buf_printf(&b, ",\"line\":%ld,\"rules\":[", r->line);
    for (size_t i = 0; i < r->nrules; i++) {
      const sl_rule_info *ri = &x->rules[i];
      const sl_rule_result *rr = &r->rules[i];
      if (i) sl_buf_putc(&b, ',');
      sl_buf_puts(&b, "{\"id\":");
      sl_buf_json_str(&b, ri->id, strlen(ri->id));
      sl_buf_puts(&b, ",\"title\":");
      sl_buf_json_str(&b, ri->title, strlen(ri->title));
      sl_buf_printf(&b, ",\"severity\":\"%s\",\"weight\":", sl_severity_name(ri->severity));
      sl_buf_json_num(&b, ri->weight);
      sl_buf_printf(&b, ",\"verdict\":\"%s\",\"checked\":\"%s\"", sl_verdict_name(rr->verdict),
                    sl_verdict_name(rr->checked));
      if (rr->reason) {
        sl_buf_puts(&b, ",\"reason\":");
        sl_buf_json_str(&b, rr->reason, rr->reason_len);
      }
      sl_buf_putc(&b, '}');
    }
    sl_buf_puts(&b, "],");
    if (r->detail_len > 2) sl_buf_put(&b, r->detail + 1, r->detail_len - 1); /* facts, params */
    else sl_buf_puts(&b, "}");
    sl_buf_putc(&b, '\n');
    fwrite(b.data, 1, b.len, out);
    sl_buf_free(&b);
    return 0;
  }
  put_text(out, r->id, r->id_len);
  fprintf(out, "  %s  score %.2f  (%s line %ld)\n\nrules:\n", sl_verdict_name(r->verdict), r->score,
          r->source, r->line);
  for (size_t i = 0; i < r->nrules; i++) {
    const sl_rule_info *ri = &x->rules[i];
    const sl_rule_result *rr = &r->rules[i];
    char sev[64] = "";
    if (rr->checked != rr->verdict) {
      snprintf(sev, sizeof sev, " (checked %s, %s)", sl_verdict_name(rr->checked),
               sl_severity_name(ri->severity));
    }
    if (rr->reason_len) {
      fprintf(out, "  %-20s %-5s%s  ", ri->id, sl_verdict_name(rr->verdict), sev);
      put_text(out, rr->reason, rr->reason_len);
      fputc('\n', out);
    } else { /* no trailing blanks */
      fprintf(out, "  %-20s %s%s\n", ri->id, sl_verdict_name(rr->verdict), sev);
    }
    if (*ri->title) {
      fprintf(out, "  %-20s       ", "");
      put_text(out, ri->title, strlen(ri->title));
      fputc('\n', out);
    }
    fprintf(out, "  %-20s       %s, weight %g, %s:%d\n", "", sl_severity_name(ri->severity),
            ri->weight, ri->file, ri->line);
  }
  int rc = print_detail(out, r->detail, r->detail_len);
  fputc('\n', out);
  return rc;
}

static int ex_end(void *self, const sl_summary *s) {
  explain *x = self;
  fflush(x->out);
  free(x);
  return 0;
}

int sl_cmd_explain(sl_cli *cli) {
  if (!cli->id) {
    sl_cli_error("explain needs --id ID (the candidate to explain)");
    return SL_EXIT_USAGE;
  }
  if (cli->format && strcmp(cli->format, "text") != 0 && strcmp(cli->format, "jsonl") != 0) {
    sl_cli_error("--format %s: explain writes text or jsonl", cli->format);
    return SL_EXIT_USAGE;
  }
  cli->opts.filter_id = cli->id;
  sl_engine *e;
  int rc = sl_cli_engine(cli, &e);
  if (rc) return rc;
  int json = cli->format && strcmp(cli->format, "jsonl") == 0;
  sl_reporter rep = {"explain", "", json ? ex_begin_json : ex_begin, ex_candidate, ex_end};
  long found = 0;
  sl_summary sum;
  sl_error err;
  const char *std_in[] = {"-"};
  const char *const *inputs = cli->ninputs ? cli->inputs : std_in;
  size_t ninputs = cli->ninputs ? cli->ninputs : 1;
  const sl_reader **readers;
  if ((rc = sl_cli_readers(cli, inputs, ninputs, &readers))) {
    sl_engine_free(e);
    return rc;
  }
  FILE *out = sl_cli_open_output(cli);
  if (!out) {
    free(readers);
    sl_engine_free(e);
    return SL_EXIT_USAGE;
  }
  int erc = sl_engine_run(e, inputs, readers, ninputs, &rep, out, 0, &sum, &err);
  free(readers);
  erc = sl_cli_close_output(cli, out, erc, &err);
  found = sum.candidates;
  if (erc) {
    sl_cli_error("%s", err.msg);
    rc = SL_EXIT_USAGE;
  } else if (found == 0) {
    sl_cli_error("no candidate with id '%s' in the input", cli->id);
    rc = SL_EXIT_USAGE;
  }
  sl_summary_free(&sum);
  sl_engine_free(e);
  return rc;
}
