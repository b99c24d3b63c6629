/*
 * explain.c - `shortlist explain --id ID`: one candidate in full. Every rule
 * with its verdict and reason, every fact that was computed with its value,
 * and the params in force. Text for people, or one JSON object (-f jsonl).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yajl_tree.h>

#include "buf.h"
#include "cli.h"
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

/* Prints "name = value" for each entry of a JSON object, indented. */
static void print_object(FILE *out, yajl_val obj, const char *indent) {
  if (!YAJL_IS_OBJECT(obj) || obj->u.object.len == 0) {
    fprintf(out, "%s(none)\n", indent);
    return;
  }
  for (size_t i = 0; i < obj->u.object.len; i++) {
    yajl_val v = obj->u.object.values[i];
    sl_buf b = SL_BUF_INIT;
    if (YAJL_IS_STRING(v)) sl_buf_json_str(&b, v->u.string, strlen(v->u.string));
    else if (YAJL_IS_NUMBER(v)) sl_buf_puts(&b, v->u.number.r);
    else if (YAJL_IS_TRUE(v)) sl_buf_puts(&b, "true");
    else if (YAJL_IS_FALSE(v)) sl_buf_puts(&b, "false");
    else if (YAJL_IS_NULL(v)) sl_buf_puts(&b, "nil");
    else if (YAJL_IS_ARRAY(v)) {
      sl_buf_putc(&b, '[');
      for (size_t k = 0; k < v->u.array.len; k++) {
        yajl_val e = v->u.array.values[k];
        if (k) sl_buf_puts(&b, ", ");
        if (YAJL_IS_STRING(e)) sl_buf_json_str(&b, e->u.string, strlen(e->u.string));
        else if (YAJL_IS_NUMBER(e)) sl_buf_puts(&b, e->u.number.r);
        else sl_buf_puts(&b, "{...}");
      }
      sl_buf_putc(&b, ']');
    } else {
      sl_buf_puts(&b, "{...}");
    }
    fprintf(out, "%s%s = %s\n", indent, obj->u.object.keys[i], sl_buf_cstr(&b) ? b.data : "");
    sl_buf_free(&b);
  }
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
    fprintf(out, "%.*s  error  %s:%ld: %s\n", (int)r->id_len, r->id, r->source, r->line, r->error);
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
  fprintf(out, "%.*s  %s  score %.2f  (%s line %ld)\n\nrules:\n", (int)r->id_len, r->id,
          sl_verdict_name(r->verdict), r->score, r->source, r->line);
  for (size_t i = 0; i < r->nrules; i++) {
    const sl_rule_info *ri = &x->rules[i];
    const sl_rule_result *rr = &r->rules[i];
    char sev[64] = "";
    if (rr->checked != rr->verdict) {
      snprintf(sev, sizeof sev, " (checked %s, %s)", sl_verdict_name(rr->checked),
               sl_severity_name(ri->severity));
    }
    if (rr->reason_len) {
      fprintf(out, "  %-20s %-5s%s  %.*s\n", ri->id, sl_verdict_name(rr->verdict), sev,
              (int)rr->reason_len, rr->reason);
    } else { /* no trailing blanks */
      fprintf(out, "  %-20s %s%s\n", ri->id, sl_verdict_name(rr->verdict), sev);
    }
    fprintf(out, "  %-20s       %s, weight %g, %s:%d\n", "", sl_severity_name(ri->severity),
            ri->weight, ri->file, ri->line);
  }
  char *detail = malloc(r->detail_len + 1);
  if (!detail) return SL_ENOMEM;
  memcpy(detail, r->detail, r->detail_len);
  detail[r->detail_len] = '\0';
  yajl_val tree = yajl_tree_parse(detail, NULL, 0);
  free(detail);
  const char *facts_path[] = {"facts", NULL}, *params_path[] = {"params", NULL};
  fprintf(out, "\nfacts computed:\n");
  print_object(out, tree ? yajl_tree_get(tree, facts_path, yajl_t_object) : NULL, "  ");
  yajl_val params = tree ? yajl_tree_get(tree, params_path, yajl_t_object) : NULL;
  for (size_t k = 0; params && k < params->u.object.len; k++) {
    fprintf(out, "\nparams in force (pack %s):\n", params->u.object.keys[k]);
    print_object(out, params->u.object.values[k], "  ");
  }
  fputc('\n', out);
  yajl_tree_free(tree);
  return 0;
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
