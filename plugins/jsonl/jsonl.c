/*
 * jsonl.c - the JSON Lines plugin: a reader (one record per line, blank
 * lines skipped, CRLF and a leading UTF-8 BOM accepted) and a reporter (one JSON object per input
 * record, the format of README "Output").
 */
#include <pthread.h>
#include <stdatomic.h>
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
  /* A UTF-8 byte order mark (Windows tools write one) is not part of the
   * first record, as the csv and json readers also drop it. */
  if (l->line == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
    s += 3;
    n -= 3;
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

static char *put_bytes(char *o, const char *s, size_t n) {
  memcpy(o, s, n);
  return o + n;
}

#define PUT_LIT(o, s) put_bytes((o), (s), sizeof(s) - 1)

/* `{"id":"<id>","verdict":"<v>"`: how a rule's result starts. */
static char *put_rule_head(char *o, const char *id, size_t verdict) {
  o = PUT_LIT(o, "{\"id\":\"");
  o = put_bytes(o, id, strlen(id));
  return put_bytes(o, verdict_parts[verdict].text, verdict_parts[verdict].len);
}

/* ---- rule fragments, per thread ----
 *
 * A rule's result is `,{"id":"<rule id>","verdict":"<v>"}` plus, before the
 * brace, any reason: made once for every rule and verdict, it is one copy
 * per rule per record. Each fragment sits in a slot of the same size, and a
 * record copies whole slots (a fixed-size copy the compiler inlines), then
 * moves on by the fragment's own length. encode has no reporter state (it
 * runs on the pool's threads, for any run), so each thread keeps its own
 * set, made again when a run begins (report_begin bumps run_serial) or info
 * is another run's. Ids are [a-z0-9-]: nothing to escape. */

#define NVERDICTS 5
#define SLOT 64 /* the usual slot; longer rule ids make wider ones */

typedef struct fragments {
  const sl_run_info *info;
  unsigned serial;
  size_t nrules;
  size_t slot;         /* bytes per fragment slot: SLOT, or more */
  char *text;          /* fragment k = rule * NVERDICTS + verdict at text + k * slot */
  unsigned char *len;  /* its length (at most slot) */
} fragments;

static atomic_uint run_serial;
static pthread_once_t fragments_once = PTHREAD_ONCE_INIT;
static pthread_key_t fragments_key; /* frees a thread's set when it exits */
static int fragments_key_ok;
static _Thread_local fragments *thread_fragments;

static void free_fragments(void *p) {
  fragments *f = p;
  if (!f) return;
  free(f->text);
  free(f->len);
  free(f);
}

static void make_key(void) { fragments_key_ok = pthread_key_create(&fragments_key, free_fragments) == 0; }

/* `,{"id":"<id>","verdict":"<v>"}`: a rule's result, reason not included. */
static char *put_rule(char *o, const char *id, size_t verdict) {
  *o++ = ',';
  o = put_rule_head(o, id, verdict);
  *o++ = '}';
  return o;
}

static fragments *build_fragments(const sl_run_info *info, unsigned serial) {
  fragments *f = calloc(1, sizeof *f);
  size_t n = info->nrules * NVERDICTS, longest = 0;
  for (size_t i = 0; i < info->nrules; i++) {
    size_t id = strlen(info->rules[i].id);
    if (id > longest) longest = id;
  }
  size_t widest = sizeof ",{\"id\":\"\"}" - 1 + longest + verdict_parts[4].len;
  if (!f || widest > 255) goto fail; /* lengths are bytes; such ids take the slow path */
  f->slot = widest <= SLOT ? SLOT : (widest + 15) / 16 * 16;
  if (!(f->len = malloc(n + 1)) || !(f->text = calloc(n + 1, f->slot))) goto fail;
  for (size_t k = 0; k < n; k++) {
    char *at = f->text + k * f->slot;
    f->len[k] = (unsigned char)(put_rule(at, info->rules[k / NVERDICTS].id, k % NVERDICTS) - at);
  }
  f->info = info;
  f->serial = serial;
  f->nrules = info->nrules;
  return f;
fail:
  free_fragments(f);
  return NULL;
}

/* This thread's fragments for info; NULL when they cannot be made (no
 * memory): the caller then writes the rules itself. */
static const fragments *fragments_for(const sl_run_info *info) {
  unsigned serial = atomic_load_explicit(&run_serial, memory_order_acquire);
  fragments *f = thread_fragments;
  if (f && f->info == info && f->serial == serial && f->nrules == info->nrules) return f;
  pthread_once(&fragments_once, make_key);
  if (!fragments_key_ok) return NULL;
  fragments *made = build_fragments(info, serial);
  if (!made || pthread_setspecific(fragments_key, made) != 0) {
    free_fragments(made);
    return NULL;
  }
  free_fragments(f);
  thread_fragments = made;
  return made;
}

/* Rule i's result: its fragment (a whole slot copied: the buffer has room
 * for it), or written out when there are no fragments; the reason goes in
 * before the closing brace. */
static char *put_rule_result(char *o, const fragments *f, const sl_run_info *info, size_t i,
                             const sl_rule_result *rr) {
  size_t k = i * NVERDICTS + (size_t)rr->verdict;
  if (f && f->slot == SLOT) {
    memcpy(o, f->text + k * SLOT, SLOT); /* a constant size: inlined */
    o += f->len[k];
  } else if (f) {
    o = put_bytes(o, f->text + k * f->slot, f->len[k]);
  } else {
    o = put_rule(o, info->rules[i].id, (size_t)rr->verdict);
  }
  if (rr->reason) {
    o = PUT_LIT(o - 1, ",\"reason\":");
    o += host->json_escape(o, rr->reason, rr->reason_len);
    *o++ = '}';
  }
  return o;
}

static int report_encode(const sl_run_info *info, const sl_result *res, sl_text *t) {
  const fragments *f = res->nrules ? fragments_for(info) : NULL;
  size_t need = 96 + res->id_len * 6;
  if (res->verdict == SL_ERROR) need += (strlen(res->error) + strlen(res->source)) * 6;
  for (size_t i = 0; i < res->nrules; i++) {
    need += res->rules[i].reason_len * 6 + 16;
    need += f ? f->slot : 48 + strlen(info->rules[i].id);
  }
  char small[8192];
  char *out = need <= sizeof small ? small : malloc(need);
  if (!out) return SL_PLUGIN_ENOMEM;
  char *o = PUT_LIT(out, "{\"id\":");
  o += host->json_escape(o, res->id, res->id_len);
  if (res->verdict == SL_ERROR) {
    /* Where the record is: with several inputs the line alone does not say. */
    o = PUT_LIT(o, ",\"source\":");
    o += host->json_escape(o, res->source, strlen(res->source));
    o += sprintf(o, ",\"line\":%ld,\"verdict\":\"error\",\"error\":", res->line);
    o += host->json_escape(o, res->error, strlen(res->error));
    o = PUT_LIT(o, "}\n");
  } else {
    o = PUT_LIT(o, ",\"verdict\":\"");
    o = put_bytes(o, verdicts[res->verdict], strlen(verdicts[res->verdict]));
    o = PUT_LIT(o, "\",\"score\":");
    o += host->score_text(o, res->score);
    o = PUT_LIT(o, ",\"rules\":");
    char *open = o;
    for (size_t i = 0; i < res->nrules; i++) o = put_rule_result(o, f, info, i, &res->rules[i]);
    *open = '['; /* each result starts with a comma: the first one's becomes the '[' */
    if (o == open) o++;
    o = PUT_LIT(o, "]}\n");
  }
  int rc = t->append(t, out, (size_t)(o - out));
  if (out != small) free(out);
  return rc;
}

static int report_begin(void **self, const sl_run_info *info) {
  atomic_fetch_add_explicit(&run_serial, 1, memory_order_release); /* new fragments */
  *self = info->out;
  return 0;
}

static int report_end(void *self, const sl_summary *s) {
  FILE *out = self;
  return fflush(out) || ferror(out) ? SL_PLUGIN_EIO : 0;
}

static const sl_reporter jsonl_reporter = {
    "jsonl", "one JSON object per input record: id, verdict, score, rules with reasons",
    report_begin, NULL, report_end, report_encode}; /* no candidate(): the host writes */

static int register_jsonl(sl_registry *reg) {
  host = reg->api;
  int rc = reg->add_reader(reg, &jsonl_reader);
  return rc ? rc : reg->add_reporter(reg, &jsonl_reporter);
}

SL_PLUGIN_ENTRY(register_jsonl)
