/*
 * jsonl.c - the JSON Lines plugin: a reader (one record per line, blank
 * lines skipped, CRLF accepted) and a reporter (one JSON object per input
 * record, the format of README "Output").
 */
#include <stdlib.h>
#include <string.h>

#include "shortlist/plugin.h"

static const sl_host_api *host;

typedef sl_pbuf buf; /* plugin.h's buffer */


static int put(buf *b, const char *s, size_t n) { return sl_pbuf_put(b, s, n); }

#define PUT_LITERAL(b, s) put((b), (s), sizeof(s) - 1)

/* ---- reader ---- */

/* A line longer than this is not buffered: it becomes an error record. */
#define MAX_LINE (16u << 20)

typedef struct lines {
  buf partial;  /* a line split across feeds */
  long line;    /* lines completed so far */
  int too_long; /* the partial line passed MAX_LINE: drop until newline */
} lines;

static void *reader_open(const char *source) { return calloc(1, sizeof(lines)); }

static void reader_close(void *st) {
  lines *l = st;
  free(l->partial.data);
  free(l);
}

static int is_blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f' && s[i] != '\v') return 0;
  }
  return 1;
}

static int emit(lines *l, const char *s, size_t n, const sl_frame_sink *sink) {
  l->line++;
  if (l->too_long) {
    l->too_long = 0;
    return sink->unreadable(sink->ctx, l->line, "line longer than 16 MiB: not read");
  }
  if (n && s[n - 1] == '\r') n--;
  if (is_blank(s, n)) return 0;
  return sink->record(sink->ctx, s, n, l->line);
}

static int reader_feed(void *st, const char *data, size_t n, const sl_frame_sink *sink) {
  lines *l = st;
  const char *p = data, *end = data + n;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t len = (size_t)((nl ? nl : end) - p);
    if (l->too_long || l->partial.len + len > MAX_LINE) {
      l->too_long = 1;
      l->partial.len = 0;
    } else if ((l->partial.len || !nl) && put(&l->partial, p, len)) {
      return SL_PLUGIN_ENOMEM;
    }
    if (!nl) return 0; /* the rest of this line comes with the next feed */
    int rc;
    if (l->partial.len) {
      rc = emit(l, l->partial.data, l->partial.len, sink);
      l->partial.len = 0;
    } else {
      rc = emit(l, p, l->too_long ? 0 : len, sink);
    }
    if (rc) return rc;
    p = nl + 1;
  }
  return 0;
}

static int reader_finish(void *st, const sl_frame_sink *sink) {
  lines *l = st;
  if (!l->partial.len && !l->too_long) return 0;
  int rc = emit(l, l->partial.data, l->partial.len, sink);
  l->partial.len = 0;
  return rc;
}

static int reader_decode(const char *bytes, size_t n, sl_builder *b, char *err, size_t errsz) {
  return host->decode_json(bytes, n, b, err, errsz);
}

static const sl_reader jsonl_reader = {
    "jsonl", ".jsonl .ndjson .jsonlines",
    "JSON Lines: one JSON object per line; blank lines skipped",
    reader_open, reader_feed, reader_finish, reader_close, reader_decode};

/* ---- reporter ---- */

/* Formatting happens in encode, on the pool threads; the loop thread only
 * writes the bytes, in order. A record is formatted into one buffer sized
 * for the worst case and appended once. */
static const char *const verdicts[] = {"pass", "flag", "fail", "skip", "error"};
/* `","verdict":"<v>"` for each verdict, so a rule's result is three copies. */
#define VERDICT_PART(v) {"\",\"verdict\":\"" v "\"", sizeof("\",\"verdict\":\"" v "\"") - 1}
static const struct {
  const char *text;
  size_t len;
} verdict_parts[] = {VERDICT_PART("pass"), VERDICT_PART("flag"), VERDICT_PART("fail"),
                     VERDICT_PART("skip"), VERDICT_PART("error")};

/* Rule ids measured once per record, not twice: most records have a few
 * dozen rules at most, longer lists measure again. */
#define IDS_MEASURED 256

static char *put_bytes(char *o, const char *s, size_t n) {
  memcpy(o, s, n);
  return o + n;
}

#define PUT_LIT(o, s) put_bytes((o), (s), sizeof(s) - 1)

static int report_encode(const sl_run_info *info, const sl_result *res, sl_text *t) {
  size_t need = 96 + res->id_len * 6;
  size_t id_len[IDS_MEASURED];
  if (res->verdict == SL_ERROR) need += strlen(res->error) * 6;
  for (size_t i = 0; i < res->nrules; i++) {
    size_t n = strlen(info->rules[i].id);
    if (i < IDS_MEASURED) id_len[i] = n;
    need += 48 + n + res->rules[i].reason_len * 6;
  }
  char small[8192];
  char *out = need <= sizeof small ? small : malloc(need);
  if (!out) return SL_PLUGIN_ENOMEM;
  char *o = PUT_LIT(out, "{\"id\":");
  o += host->json_escape(o, res->id, res->id_len);
  if (res->verdict == SL_ERROR) {
    o += sprintf(o, ",\"line\":%ld,\"verdict\":\"error\",\"error\":", res->line);
    o += host->json_escape(o, res->error, strlen(res->error));
    o = PUT_LIT(o, "}\n");
  } else {
    o += sprintf(o, ",\"verdict\":\"%s\",\"score\":%.4g,\"rules\":[",
                 verdicts[res->verdict], res->score);
    for (size_t i = 0; i < res->nrules; i++) {
      const sl_rule_result *rr = &res->rules[i];
      if (i) *o++ = ',';
      o = PUT_LIT(o, "{\"id\":\"");
      const char *id = info->rules[i].id; /* ids are [a-z0-9-]: nothing to escape */
      o = put_bytes(o, id, i < IDS_MEASURED ? id_len[i] : strlen(id));
      o = put_bytes(o, verdict_parts[rr->verdict].text, verdict_parts[rr->verdict].len);
      if (rr->reason) {
        o = PUT_LIT(o, ",\"reason\":");
        o += host->json_escape(o, rr->reason, rr->reason_len);
      }
      *o++ = '}';
    }
    o = PUT_LIT(o, "]}\n");
  }
  int rc = t->append(t, out, (size_t)(o - out));
  if (out != small) free(out);
  return rc;
}

static int report_begin(void **self, const sl_run_info *info) {
  *self = info->out;
  return 0;
}

static int report_candidate(void *self, const sl_result *res) {
  FILE *out = self;
  return fwrite(res->encoded, 1, res->encoded_len, out) == res->encoded_len ? 0 : SL_PLUGIN_EIO;
}

static int report_end(void *self, const sl_summary *s) {
  FILE *out = self;
  return fflush(out) || ferror(out) ? SL_PLUGIN_EIO : 0;
}

static const sl_reporter jsonl_reporter = {
    "jsonl", "one JSON object per input record: id, verdict, score, rules with reasons",
    report_begin, report_candidate, report_end, report_encode};

static int register_jsonl(sl_registry *reg) {
  host = reg->api;
  int rc = reg->add_reader(reg, &jsonl_reader);
  return rc ? rc : reg->add_reporter(reg, &jsonl_reporter);
}

SL_PLUGIN_ENTRY(register_jsonl)
