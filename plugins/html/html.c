/*
 * html.c - the html reporter: one self-contained HTML file a recruiter opens
 * in a browser (no network: the style and the script are inlined).
 *
 * The page is drawn by report.js from JSON data embedded in three
 * <script type="application/json"> elements, written as the run goes:
 *
 *   begin      the head, the style, #sl-run: as-of date and the rules
 *   candidate  one object per candidate into the #sl-candidates array
 *              (formatted by encode, on the pool threads)
 *   end        #sl-summary: counts and per-rule tallies, then the script
 *
 * Nothing but per-rule counters is kept between calls.
 *
 * Safety: every string from the input or the packs goes through
 * host->json_escape and then has '<', '>' and '&' written as \u003c, \u003e,
 * \u0026, so no "</script>" or "<!--" can appear inside the data blocks; the
 * script puts strings on the page with textContent only. The few strings in
 * the HTML itself (the title, the as-of date) are HTML-escaped.
 *
 * Candidate objects (documented in docs/html-report.md):
 *   {"n":1,"id":"c-1","v":"flag","s":0.82,"r":[["pass","reason"],["flag","reason","fail"],["skip"]]}
 *   {"n":7,"id":"#7","v":"error","src":"in.jsonl","line":7,"err":"invalid JSON ..."}
 * r holds one entry per rule, in rule order: [verdict, reason or null,
 * verdict the check returned when severity changed it].
 */
#include <stdlib.h>
#include <string.h>

#include "shortlist/plugin.h"
#include "report_css.h" /* static const char report_css[] (no NUL) */
#include "report_js.h"  /* static const char report_js[] (no NUL) */

static const sl_host_api *host;

static const char *const verdicts[] = {"pass", "flag", "fail", "skip", "error"};

static const char *verdict_name(sl_verdict v) {
  return (unsigned)v < SL_VERDICT_COUNT ? verdicts[v] : "error";
}

/* ---- a growable buffer (the plugin keeps to plugin.h only) ---- */

typedef sl_pbuf buf; /* plugin.h's buffer */

static int reserve(buf *b, size_t extra) { return sl_pbuf_reserve(b, extra); }

static int put(buf *b, const char *s, size_t n) { return sl_pbuf_put(b, s, n); }

static int put_str(buf *b, const char *s) { return put(b, s, strlen(s)); }

/* s: a string literal (not an expression: sizeof would be a pointer's) */
#define PUT_LIT(b, s) put((b), "" s, sizeof(s) - 1)

static int put_long(buf *b, long v) {
  char tmp[32];
  int n = snprintf(tmp, sizeof tmp, "%ld", v);
  return put(b, tmp, (size_t)n);
}

/* A JSON number that JSON.parse accepts whatever v is (NaN, infinities: 0). */
static int put_number(buf *b, double v) {
  char tmp[40];
  if (!(v == v) || v > 1e300 || v < -1e300) v = 0;
  return put(b, tmp, host->score_text(tmp, v));
}

/* s as a quoted JSON string that is also safe inside a <script> element:
 * host->json_escape (valid UTF-8, quotes, controls), then '<', '>' and '&'
 * as \u003c, \u003e, \u0026. */
static int put_json(buf *b, const char *s, size_t n) {
  if (n > ((size_t)-1 - 2) / 36) return SL_PLUGIN_ENOMEM;
  if (reserve(b, 6 * n + 2)) return SL_PLUGIN_ENOMEM;
  char *start = b->data + b->len;
  size_t len = host->json_escape(start, s, n), specials = 0;
  for (size_t i = 0; i < len; i++) {
    if (start[i] == '<' || start[i] == '>' || start[i] == '&') specials++;
  }
  if (specials) {
    /* realloc keeps the escaped bytes past b->len; widen them in place, from the end */
    if (reserve(b, len + 5 * specials)) return SL_PLUGIN_ENOMEM;
    char *src = b->data + b->len + len, *dst = src + 5 * specials;
    while (src > b->data + b->len) {
      char c = *--src;
      if (c == '<' || c == '>' || c == '&') {
        dst -= 6;
        memcpy(dst, c == '<' ? "\\u003c" : c == '>' ? "\\u003e" : "\\u0026", 6);
      } else {
        *--dst = c;
      }
    }
    len += 5 * specials;
  }
  b->len += len;
  return 0;
}

static int put_json_str(buf *b, const char *s) { return put_json(b, s ? s : "", s ? strlen(s) : 0); }

/* s as HTML text or attribute value: valid UTF-8, no controls, no markup. */
static int put_html(buf *b, const char *s) {
  size_t n = strlen(s);
  char small[256];
  char *t = 3 * n <= sizeof small ? small : malloc(3 * n);
  if (!t) return SL_PLUGIN_ENOMEM;
  size_t len = host->text_escape(t, s, n);
  int rc = 0;
  for (size_t i = 0; i < len && !rc; i++) {
    switch (t[i]) {
    case '&': rc = PUT_LIT(b, "&amp;"); break;
    case '<': rc = PUT_LIT(b, "&lt;"); break;
    case '>': rc = PUT_LIT(b, "&gt;"); break;
    case '"': rc = PUT_LIT(b, "&quot;"); break;
    case '\'': rc = PUT_LIT(b, "&#39;"); break;
    default: rc = put(b, &t[i], 1);
    }
  }
  if (t != small) free(t);
  return rc;
}

static int write_buf(FILE *out, const buf *b) {
  return fwrite(b->data, 1, b->len, out) == b->len ? 0 : SL_PLUGIN_EIO;
}

/* ---- one candidate (worker thread, reentrant) ---- */

static int format_candidate(const sl_run_info *info, const sl_result *r, buf *b) {
  int rc = PUT_LIT(b, "{\"n\":");
  rc = rc ? rc : put_long(b, r->ordinal);
  rc = rc ? rc : PUT_LIT(b, ",\"id\":");
  rc = rc ? rc : put_json(b, r->id, r->id_len);
  if (r->verdict == SL_ERROR || !r->rules) {
    rc = rc ? rc : PUT_LIT(b, ",\"v\":\"error\",\"src\":");
    rc = rc ? rc : put_json_str(b, r->source);
    rc = rc ? rc : PUT_LIT(b, ",\"line\":");
    rc = rc ? rc : put_long(b, r->line);
    rc = rc ? rc : PUT_LIT(b, ",\"err\":");
    rc = rc ? rc : put_json_str(b, r->error ? r->error : "the record could not be read");
    return rc ? rc : PUT_LIT(b, "}");
  }
  rc = rc ? rc : PUT_LIT(b, ",\"v\":\"");
  rc = rc ? rc : put_str(b, verdict_name(r->verdict));
  rc = rc ? rc : PUT_LIT(b, "\",\"s\":");
  rc = rc ? rc : put_number(b, r->score);
  rc = rc ? rc : PUT_LIT(b, ",\"r\":[");
  for (size_t i = 0; i < r->nrules && i < info->nrules && !rc; i++) {
    const sl_rule_result *rr = &r->rules[i];
    rc = PUT_LIT(b, "[\"");
    rc = rc ? rc : put_str(b, verdict_name(rr->verdict));
    rc = rc ? rc : PUT_LIT(b, "\"");
    int changed = rr->checked != rr->verdict && rr->checked != SL_SKIP;
    if (rr->reason || changed) {
      rc = rc ? rc : PUT_LIT(b, ",");
      rc = rc ? rc : rr->reason ? put_json(b, rr->reason, rr->reason_len) : PUT_LIT(b, "null");
    }
    if (changed) {
      rc = rc ? rc : PUT_LIT(b, ",\"");
      rc = rc ? rc : put_str(b, verdict_name(rr->checked));
      rc = rc ? rc : PUT_LIT(b, "\"");
    }
    rc = rc ? rc : put_str(b, i + 1 < r->nrules && i + 1 < info->nrules ? "]," : "]");
  }
  return rc ? rc : PUT_LIT(b, "]}");
}

static int html_encode(const sl_run_info *info, const sl_result *r, sl_text *out) {
  buf b = {0};
  int rc = format_candidate(info, r, &b);
  if (!rc) rc = out->append(out, b.data, b.len);
  free(b.data);
  return rc;
}

/* ---- the report (loop thread) ---- */

typedef struct html {
  FILE *out;
  size_t nrules;
  long rows;
  long verdicts[SL_VERDICT_COUNT];
  long (*tally)[SL_VERDICT_COUNT]; /* per rule: candidates per reported verdict */
} html;

static int html_begin(void **self, const sl_run_info *info) {
  html *h = calloc(1, sizeof *h);
  if (!h) return SL_PLUGIN_ENOMEM;
  h->out = info->out;
  h->nrules = info->nrules;
  if (info->nrules && !(h->tally = calloc(info->nrules, sizeof *h->tally))) {
    free(h);
    return SL_PLUGIN_ENOMEM;
  }
  const char *as_of = info->as_of ? info->as_of : "";
  buf b = {0};
  int rc = PUT_LIT(&b,
                   "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"generator\" content=\"shortlist html reporter\">\n"
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                   "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
                   "<title>Screening report, as of ");
  rc = rc ? rc : put_html(&b, as_of);
  rc = rc ? rc : PUT_LIT(&b, "</title>\n<style>\n");
  rc = rc ? rc : put(&b, report_css, sizeof report_css);
  rc = rc ? rc : PUT_LIT(&b, "</style>\n</head>\n<body>\n<header class=\"top\"><div class=\"wrap\">\n"
                             "<p class=\"eyebrow\">shortlist &middot; candidate screening</p>\n"
                             "<h1>Screening report</h1>\n<p class=\"meta\" id=\"sl-meta\">As of <time datetime=\"");
  rc = rc ? rc : put_html(&b, as_of);
  rc = rc ? rc : PUT_LIT(&b, "\"><strong>");
  rc = rc ? rc : put_html(&b, as_of);
  rc = rc ? rc : PUT_LIT(&b, "</strong></time></p>\n</div></header>\n<main class=\"wrap\" id=\"sl-app\">\n"
                             "<noscript><div class=\"notice\">This report is drawn by JavaScript, which is "
                             "turned off in this browser: turn it on for this file to see the candidates. The "
                             "page makes no network requests.</div></noscript>\n</main>\n"
                             "<footer class=\"wrap\">Made by shortlist. This file is self-contained: it loads "
                             "nothing from the network and can be shared or archived as it is.</footer>\n"
                             "<script type=\"application/json\" id=\"sl-run\">{\"as_of\":");
  rc = rc ? rc : put_json_str(&b, as_of);
  rc = rc ? rc : PUT_LIT(&b, ",\"rules\":[");
  for (size_t i = 0; i < info->nrules && !rc; i++) {
    const sl_rule_info *ri = &info->rules[i];
    rc = put_str(&b, i ? ",\n{\"id\":" : "\n{\"id\":");
    rc = rc ? rc : put_json_str(&b, ri->id);
    rc = rc ? rc : PUT_LIT(&b, ",\"title\":");
    rc = rc ? rc : put_json_str(&b, ri->title);
    rc = rc ? rc : PUT_LIT(&b, ",\"pack\":");
    rc = rc ? rc : put_json_str(&b, ri->pack);
    rc = rc ? rc : PUT_LIT(&b, ",\"severity\":");
    rc = rc ? rc : put_json_str(&b, host->severity_name(ri->severity));
    rc = rc ? rc : PUT_LIT(&b, ",\"weight\":");
    rc = rc ? rc : put_number(&b, ri->weight);
    rc = rc ? rc : PUT_LIT(&b, "}");
  }
  rc = rc ? rc : PUT_LIT(&b, "]}</script>\n<script type=\"application/json\" id=\"sl-candidates\">[");
  rc = rc ? rc : write_buf(h->out, &b);
  free(b.data);
  if (rc) {
    free(h->tally);
    free(h);
    return rc;
  }
  *self = h;
  return 0;
}

static int html_candidate(void *self, const sl_result *r) {
  html *h = self;
  h->verdicts[(unsigned)r->verdict < SL_VERDICT_COUNT ? r->verdict : SL_ERROR]++;
  if (r->verdict != SL_ERROR && r->rules) {
    for (size_t i = 0; i < r->nrules && i < h->nrules; i++) {
      sl_verdict v = r->rules[i].verdict;
      h->tally[i][(unsigned)v < SL_VERDICT_COUNT ? v : SL_ERROR]++;
    }
  }
  if (fputs(h->rows++ ? ",\n" : "\n", h->out) == EOF) return SL_PLUGIN_EIO;
  if (r->encoded) {
    return fwrite(r->encoded, 1, r->encoded_len, h->out) == r->encoded_len ? 0 : SL_PLUGIN_EIO;
  }
  /* not encoded in the pool (a host that does not call encode): format here */
  buf b = {0};
  const sl_run_info info = {.nrules = h->nrules};
  int rc = format_candidate(&info, r, &b);
  if (!rc) rc = write_buf(h->out, &b);
  free(b.data);
  return rc;
}

static int html_end(void *self, const sl_summary *s) {
  html *h = self;
  buf b = {0};
  int rc = PUT_LIT(&b, "\n]</script>\n<script type=\"application/json\" id=\"sl-summary\">{\"candidates\":");
  rc = rc ? rc : put_long(&b, s->candidates);
  rc = rc ? rc : PUT_LIT(&b, ",\"reported\":");
  rc = rc ? rc : put_long(&b, h->rows);
  rc = rc ? rc : PUT_LIT(&b, ",\"verdicts\":{");
  for (int v = 0; v < SL_VERDICT_COUNT && !rc; v++) {
    rc = PUT_LIT(&b, "\"");
    rc = rc ? rc : put_str(&b, verdicts[v]);
    rc = rc ? rc : PUT_LIT(&b, "\":");
    rc = rc ? rc : put_long(&b, h->verdicts[v]);
    rc = rc ? rc : put_str(&b, v + 1 < SL_VERDICT_COUNT ? "," : "}");
  }
  rc = rc ? rc : PUT_LIT(&b, ",\"rule_errors\":");
  rc = rc ? rc : put_long(&b, s->rule_errors);
  rc = rc ? rc : PUT_LIT(&b, ",\"input_errors\":");
  rc = rc ? rc : put_long(&b, s->input_errors);
  rc = rc ? rc : PUT_LIT(&b, ",\"rules\":[");
  for (size_t i = 0; i < h->nrules && !rc; i++) {
    rc = put_str(&b, i ? ",[" : "[");
    for (int v = 0; v < SL_VERDICT_COUNT && !rc; v++) {
      if (v) rc = PUT_LIT(&b, ",");
      rc = rc ? rc : put_long(&b, h->tally[i][v]);
    }
    rc = rc ? rc : PUT_LIT(&b, "]");
  }
  rc = rc ? rc : PUT_LIT(&b, "]}</script>\n<script>\n");
  rc = rc ? rc : put(&b, report_js, sizeof report_js);
  rc = rc ? rc : PUT_LIT(&b, "</script>\n</body>\n</html>\n");
  rc = rc ? rc : write_buf(h->out, &b);
  free(b.data);
  if (!rc && (fflush(h->out) || ferror(h->out))) rc = SL_PLUGIN_EIO;
  free(h->tally);
  free(h);
  return rc;
}

static const sl_reporter html_reporter = {
    "html", "a self-contained HTML page: counts, a chart per rule, a sortable candidate list",
    html_begin, html_candidate, html_end, html_encode};

static int register_html(sl_registry *reg) {
  host = reg->api;
  return reg->add_reporter(reg, &html_reporter);
}

SL_PLUGIN_ENTRY(register_html)
