/*
 * csv.c - the CSV plugin: a reader (a header row names the fields, each row
 * below it is one record) and a reporter (one row per candidate, for
 * spreadsheets). Parsing is libcsv's: a streaming parser whose callbacks
 * carry fields and rows across arbitrary chunk boundaries. docs/plugins-
 * bundled.md describes both formats; this file keeps to plugin.h and csv.h.
 *
 * Reader. Framing (loop thread) runs libcsv over the input one line at a
 * time, so that it knows on which line each row starts. A finished row is
 * checked against the header and framed as the record's bytes: for each
 * non-empty cell under a named column, the name and the text, each as a
 * 32-bit length and the bytes. Decode (worker threads) needs nothing else:
 * it types each text (number, boolean, JSON array or object, string) and
 * builds the object. Rows with the wrong number of fields, and every row
 * under a header that names a column twice, go to sink->unreadable.
 */
#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shortlist/plugin.h"

static const sl_host_api *host;

typedef sl_pbuf buf; /* plugin.h's buffer */

static int reserve(buf *b, size_t extra) { return sl_pbuf_reserve(b, extra); }

static int put(buf *b, const char *s, size_t n) { return sl_pbuf_put(b, s, n); }

/* A length and the bytes: the unit of a framed record. */
static int put_chunk(buf *b, const char *s, size_t n) {
  uint32_t len = (uint32_t)n;
  if (reserve(b, sizeof len + n)) return SL_PLUGIN_ENOMEM;
  memcpy(b->data + b->len, &len, sizeof len);
  b->len += sizeof len;
  return put(b, s, n);
}

static char *dup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  return d ? memcpy(d, s, n) : NULL;
}

/* ---- reader: framing, on the loop thread ---- */

/* A row (or a single field, in libcsv's buffer) longer than this is not
 * kept: the row becomes an error record. Matches the host's record limit. */
#define MAX_ROW (16u << 20)

typedef struct column {
  size_t off, len; /* the name, in csvin.names */
} column;

typedef struct csvin {
  struct csv_parser parser;
  const sl_frame_sink *sink; /* during feed and finish */
  int rc;                    /* the first error of a sink call */
  int bom;                   /* bytes of a UTF-8 BOM matched so far; -1: past the start */
  long line;                 /* the line the next byte is on (1-based) */
  int last_cr;               /* the last byte fed was CR: an LF next ends no line */
  int in_row;                /* libcsv has begun a row */
  long row_line;             /* where that row starts */
  int ended;                 /* a row ended during the last csv_parse call */
  int gave_up;               /* a quoted field too long: the rest of the input is skipped */
  int skip_line;             /* an unquoted field too long: the rest of its line is skipped */
  size_t field_room;         /* libcsv's field buffer, as last seen */
  /* the header */
  int have_header;
  buf names;
  column *cols;
  size_t ncols;
  char *header_error;        /* why no row can be read (a duplicate name), or NULL */
  /* the row being read */
  buf row;                   /* the framed record */
  size_t nfields;            /* fields seen in the row */
  int nonempty;              /* the row has a non-empty cell */
  int too_long;              /* the row passed MAX_ROW: not kept */
} csvin;

static void *reader_open(const char *source) {
  (void)source;
  csvin *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  /* Not CSV_STRICT: like spreadsheets, a stray quote inside a field is
   * kept as text rather than making the rest of the input unreadable. */
  if (csv_init(&c->parser, 0) != 0) {
    free(c);
    return NULL;
  }
  c->line = 1;
  return c;
}

/* libcsv grows its field buffer by a fixed block (128 bytes unless told),
 * which costs time in the square of a long field's length wherever realloc
 * must move it. After each growth the block becomes the buffer's size (up
 * to a bound): the buffer doubles. */
#define MAX_BLOCK (4u << 20)

static void grow_by_doubling(csvin *c, size_t size) {
  csv_set_blk_size(&c->parser, size < 128 ? 128 : size > MAX_BLOCK ? MAX_BLOCK : size);
}

static void reader_close(void *st) {
  csvin *c = st;
  csv_free(&c->parser);
  free(c->names.data);
  free(c->cols);
  free(c->header_error);
  free(c->row.data);
  free(c);
}

static void fail(csvin *c, int rc) {
  if (!c->rc) c->rc = rc;
}

static void unreadable(csvin *c, long line, const char *why) {
  if (c->rc) return;
  int rc = c->sink->unreadable(c->sink->ctx, line, why);
  if (rc) fail(c, rc);
}

/* libcsv: a field of the current row ended. */
static void on_field(void *s, size_t n, void *ctx) {
  csvin *c = ctx;
  size_t i = c->nfields++;
  if (n) c->nonempty = 1;
  if (c->rc || c->too_long) return;
  if (!c->have_header) {
    /* The header's names, kept as the row's cells: checked at its end. */
    if (c->row.len + sizeof(uint32_t) + n > MAX_ROW) {
      c->too_long = 1;
      c->row.len = 0;
    } else if (put_chunk(&c->row, s, n)) {
      fail(c, SL_PLUGIN_ENOMEM);
    }
    return;
  }
  if (i >= c->ncols || !n || !c->cols[i].len) return; /* absent, or ragged: told at the end */
  if (c->row.len + 2 * sizeof(uint32_t) + c->cols[i].len + n > MAX_ROW) {
    c->too_long = 1;
    c->row.len = 0;
    return;
  }
  if (put_chunk(&c->row, c->names.data + c->cols[i].off, c->cols[i].len) ||
      put_chunk(&c->row, s, n)) {
    fail(c, SL_PLUGIN_ENOMEM);
    return;
  }
  /* A line break inside a quoted field is "\n", whatever the file's line
   * ends: the same cell reads the same from a CRLF file. */
  char *v = c->row.data + c->row.len - n, *w = v;
  if (!memchr(v, '\r', n)) return;
  for (size_t k = 0; k < n; k++) {
    if (v[k] == '\r' && k + 1 < n && v[k + 1] == '\n') continue;
    *w++ = v[k];
  }
  uint32_t len = (uint32_t)(w - v);
  memcpy(v - sizeof len, &len, sizeof len);
  c->row.len = (size_t)(w - c->row.data);
}

/* The header row: names, refused when one repeats. Empty names leave their
 * columns out of the records. */
static void take_header(csvin *c) {
  c->have_header = 1;
  c->ncols = c->nfields;
  if (!(c->cols = calloc(c->ncols ? c->ncols : 1, sizeof *c->cols))) {
    fail(c, SL_PLUGIN_ENOMEM);
    return;
  }
  if (put(&c->names, c->row.data, c->row.len)) {
    fail(c, SL_PLUGIN_ENOMEM);
    return;
  }
  size_t off = 0;
  for (size_t i = 0; i < c->ncols; i++) {
    uint32_t len;
    memcpy(&len, c->names.data + off, sizeof len);
    c->cols[i].off = off + sizeof len;
    c->cols[i].len = len;
    off += sizeof len + len;
  }
  for (size_t i = 0; i < c->ncols && !c->header_error; i++) {
    if (!c->cols[i].len) continue;
    for (size_t j = 0; j < i; j++) {
      if (c->cols[j].len == c->cols[i].len &&
          memcmp(c->names.data + c->cols[j].off, c->names.data + c->cols[i].off,
                 c->cols[i].len) == 0) {
        char why[512];
        snprintf(why, sizeof why,
                 "the header (line %ld) names two columns \"%.*s\" (columns %zu and %zu):"
                 " no row can be read until the names are unique",
                 c->row_line, (int)(c->cols[i].len < 200 ? c->cols[i].len : 200),
                 c->names.data + c->cols[i].off, j + 1, i + 1);
        if (!(c->header_error = dup(why))) fail(c, SL_PLUGIN_ENOMEM);
        break;
      }
    }
  }
}

/* libcsv: the current row ended. */
static void on_row(int term, void *ctx) {
  (void)term;
  csvin *c = ctx;
  c->ended = 1;
  c->in_row = 0;
  if (!c->rc) {
    if (!c->have_header) {
      if (c->too_long) {
        unreadable(c, c->row_line, "header row longer than 16 MiB: no row can be read");
        c->have_header = 1;
        if (!(c->header_error = dup("the header row could not be read: it is longer than 16 MiB"))) {
          fail(c, SL_PLUGIN_ENOMEM);
        }
      } else if (c->nonempty) {
        take_header(c);
      }
    } else if (!c->nonempty) {
      /* a row of empty cells (",,,", as spreadsheets export blank rows): skipped */
    } else if (c->header_error) {
      unreadable(c, c->row_line, c->header_error);
    } else if (c->too_long) { /* its fields may not all have been seen */
      unreadable(c, c->row_line, "row longer than 16 MiB: not read");
    } else if (c->nfields != c->ncols) {
      char why[128];
      snprintf(why, sizeof why, "row has %zu field%s, the header has %zu", c->nfields,
               c->nfields == 1 ? "" : "s", c->ncols);
      unreadable(c, c->row_line, why);
    } else {
      int rc = c->sink->record(c->sink->ctx, c->row.data ? c->row.data : "", c->row.len,
                               c->row_line);
      if (rc) fail(c, rc);
    }
  }
  c->row.len = 0;
  c->nfields = 0;
  c->nonempty = 0;
  c->too_long = 0;
}

/* Runs libcsv over one line's bytes (or its part in this chunk). */
static void parse_segment(csvin *c, const char *s, size_t n) {
  if (!c->in_row) {
    /* A row begins at the first byte libcsv does not skip: blank lines and
     * the spaces before a row belong to no row. */
    for (size_t i = 0; i < n; i++) {
      if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') {
        c->in_row = 1;
        c->row_line = c->line;
        break;
      }
    }
  }
  c->ended = 0;
  if (csv_parse(&c->parser, s, n, on_field, on_row, c) != n) {
    fail(c, csv_error(&c->parser) == CSV_ENOMEM ? SL_PLUGIN_ENOMEM : SL_PLUGIN_EIO);
    return;
  }
  size_t size = csv_get_buffer_size(&c->parser);
  if (size <= c->field_room) return;
  c->field_room = size;
  grow_by_doubling(c, size);
  /* The field being read (entry_pos: csv.h's parser state) is past what a
   * row may hold. */
  if (!c->in_row || c->parser.entry_pos <= MAX_ROW) return;
  if (!c->parser.quoted) {
    /* Unquoted, it ends with its line: skip the rest of the line (feed),
     * with a parser of its own, rather than keep megabytes. */
    csv_free(&c->parser);
    if (csv_init(&c->parser, 0) != 0) {
      fail(c, SL_PLUGIN_ENOMEM);
      return;
    }
    c->field_room = 0;
    c->skip_line = 1;
    return;
  }
  /* Quoted and megabytes long: most likely a quote that is never closed.
   * No way to tell where the next row starts: stop here, and say so. */
  unreadable(c, c->row_line,
             "a field longer than 16 MiB (a quote that is never closed?): the rest of the "
             "input is not read");
  c->gave_up = 1;
}

/* The end of a row skipped for an unquoted field too long: it is reported
 * as any row too long. */
static void end_skipped_row(csvin *c) {
  c->skip_line = 0;
  c->too_long = 1;
  c->nonempty = 1;
  on_row(0, c);
}

static int reader_feed(void *st, const char *data, size_t n, const sl_frame_sink *sink) {
  csvin *c = st;
  c->sink = sink;
  static const char bom[] = "\xef\xbb\xbf";
  while (c->bom >= 0 && n) {
    if ((unsigned char)*data != (unsigned char)bom[c->bom]) {
      /* Not a BOM: what matched so far is text. */
      int matched = c->bom;
      c->bom = -1;
      if (matched) parse_segment(c, bom, (size_t)matched);
      break;
    }
    data++;
    n--;
    if (++c->bom == 3) c->bom = -1;
  }
  const char *p = data, *end = data + n;
  while (p < end && !c->rc && !c->gave_up) {
    /* One line at a time: CRLF, LF and a lone CR each end a line. */
    const char *q = p;
    while (q < end && *q != '\n' && *q != '\r') q++;
    if (c->skip_line) { /* up to the line end, which libcsv does not see */
      if (q == end) break;
      if (*q == '\r' && q + 1 < end && q[1] == '\n') q++;
      c->last_cr = *q == '\r';
      end_skipped_row(c);
      c->line++;
      p = q + 1;
      continue;
    }
    if (q == end) { /* the line goes on in the next feed */
      parse_segment(c, p, (size_t)(q - p));
      c->last_cr = 0;
      break;
    }
    if (*q == '\n' && q == p && c->last_cr) { /* the LF of a CRLF split across feeds */
      c->last_cr = 0;
      parse_segment(c, p, 1);
      p++;
      continue;
    }
    if (*q == '\r' && q + 1 < end && q[1] == '\n') q++;
    c->last_cr = *q == '\r';
    q++;
    parse_segment(c, p, (size_t)(q - p));
    c->line++;
    p = q;
  }
  c->sink = NULL;
  return c->rc;
}

static int reader_finish(void *st, const sl_frame_sink *sink) {
  csvin *c = st;
  c->sink = sink;
  if (c->bom > 0) parse_segment(c, "\xef\xbb\xbf", (size_t)c->bom); /* an input of 1-2 bytes */
  c->bom = -1;
  if (c->skip_line && !c->rc) end_skipped_row(c); /* the last line, without a line end */
  if (c->in_row && !c->gave_up && !c->rc) {
    /* The last row has no line end. Give it one: if that does not end the
     * row, the input ended inside a quoted field. */
    c->ended = 0;
    if (csv_parse(&c->parser, "\n", 1, on_field, on_row, c) != 1) {
      fail(c, SL_PLUGIN_ENOMEM);
    } else if (!c->ended) {
      unreadable(c, c->row_line,
                 "the input ends inside a quoted field: a quote (\") is never closed");
      c->in_row = 0;
    }
  }
  c->sink = NULL;
  return c->rc;
}

/* ---- reader: decoding, on worker threads ---- */

/* A number as JSON writes one: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
 * Others ("007", "1,000", "+5", ".5") stay strings. */
static int json_number(const char *s, size_t n, int *is_integer) {
  size_t i = 0;
  *is_integer = 1;
  if (i < n && s[i] == '-') i++;
  if (i >= n) return 0;
  if (s[i] == '0') {
    i++;
  } else if (s[i] >= '1' && s[i] <= '9') {
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
  } else {
    return 0;
  }
  if (i < n && s[i] == '.') {
    *is_integer = 0;
    size_t start = ++i;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    if (i == start) return 0;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    *is_integer = 0;
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    size_t start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    if (i == start) return 0;
  }
  return i == n;
}

static int same_word(const char *s, size_t n, const char *word) {
  if (strlen(word) != n) return 0;
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
    if (ch != word[i]) return 0;
  }
  return 1;
}

/* A builder that builds nothing: checks that a cell is valid JSON before it
 * is decoded into the record, so that a cell that only looks like JSON
 * ("[see notes]") stays a string instead of leaving half a value behind. */
static int null_0(sl_builder *b) { (void)b; return 0; }
static int null_s(sl_builder *b, const char *s, size_t n) { (void)b; (void)s; (void)n; return 0; }
static int null_i(sl_builder *b, long long v) { (void)b; (void)v; return 0; }
static int null_d(sl_builder *b, double v) { (void)b; (void)v; return 0; }
static int null_b(sl_builder *b, int v) { (void)b; (void)v; return 0; }

static int put_value(sl_builder *b, const char *s, size_t n, int is_id, char *err,
                     size_t errsz) {
  if (is_id) return b->string(b, s, n); /* ids are names, even "0042" */
  int is_integer;
  if (n < 64 && json_number(s, n, &is_integer)) {
    char tmp[64];
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    if (is_integer) {
      errno = 0;
      long long v = strtoll(tmp, NULL, 10);
      if (errno == 0) return b->integer(b, v);
    }
    double d = strtod(tmp, NULL);
    if (isfinite(d)) return b->number(b, d);
    return b->string(b, s, n);
  }
  if (same_word(s, n, "true")) return b->boolean(b, 1);
  if (same_word(s, n, "false")) return b->boolean(b, 0);
  if (s[0] == '[' || s[0] == '{') {
    sl_builder check = {NULL,   null_0, null_0, null_0, null_0, null_s,
                        null_s, null_i, null_d, null_b, null_0};
    char ignored[256];
    if (host->decode_json(s, n, &check, ignored, sizeof ignored) == 0) {
      return host->decode_json(s, n, b, err, errsz);
    }
  }
  return b->string(b, s, n);
}

static int get_chunk(const char **p, const char *end, const char **s, size_t *n) {
  uint32_t len;
  if ((size_t)(end - *p) < sizeof len) return -1;
  memcpy(&len, *p, sizeof len);
  *p += sizeof len;
  if ((size_t)(end - *p) < len) return -1;
  *s = *p;
  *n = len;
  *p += len;
  return 0;
}

static int reader_decode(const char *bytes, size_t n, sl_builder *b, char *err, size_t errsz) {
  const char *p = bytes, *end = bytes + n;
  int rc = b->begin_object(b);
  while (!rc && p < end) {
    const char *k, *v;
    size_t kn, vn;
    if (get_chunk(&p, end, &k, &kn) || get_chunk(&p, end, &v, &vn) || !vn) {
      snprintf(err, errsz, "the csv reader framed a malformed record");
      return SL_PLUGIN_EPARSE;
    }
    rc = b->key(b, k, kn);
    if (!rc) rc = put_value(b, v, vn, kn == 2 && k[0] == 'i' && k[1] == 'd', err, errsz);
  }
  return rc ? rc : b->end_object(b);
}

static const sl_reader csv_reader = {
    "csv", ".csv",
    "CSV with a header row: one record per row; numbers, true/false and JSON cells typed",
    reader_open, reader_feed, reader_finish, reader_close, reader_decode};

/* ---- reporter ---- */

/* RFC 4180: a header row, then one row per input record, CRLF line ends,
 * fields quoted when they hold a comma or a quote. Text is valid UTF-8 with
 * control characters blanked (host->text_escape), and a cell that starts
 * like a spreadsheet formula (= + - @ or a tab, unless it is a signed number)
 * gets a leading apostrophe: candidate data must not run as a formula where a
 * recruiter opens it. */

static char *put_bytes(char *o, const char *s, size_t n) {
  memcpy(o, s, n);
  return o + n;
}

/* Worst case for a text of n bytes: 3n escaped, doubled quotes, 3 more. */
static size_t cell_room(size_t n) { return 6 * n + 4; }

static char *put_cell(char *o, const char *s, size_t n, char *scratch) {
  size_t len = host->text_escape(scratch, s, n);
  int quote = 0, is_integer, formula = len && scratch[0] && strchr("=+-@\t", scratch[0]) != NULL;
  if (len == 1 && scratch[0] == '-') formula = 0; /* "-", standard input's name: no formula */
  if (formula && (scratch[0] == '-' || scratch[0] == '+') && len > 1 && scratch[1] != '-' &&
      json_number(scratch + 1, len - 1, &is_integer)) {
    formula = 0; /* a signed number: no formula */
  }
  for (size_t i = 0; i < len && !quote; i++) quote = scratch[i] == ',' || scratch[i] == '"';
  if (quote) *o++ = '"';
  if (formula) *o++ = '\'';
  for (size_t i = 0; i < len; i++) {
    if (scratch[i] == '"') *o++ = '"';
    *o++ = scratch[i];
  }
  if (quote) *o++ = '"';
  return o;
}

static const char *const verdicts[] = {"pass", "flag", "fail", "skip", "error"};

static int report_encode(const sl_run_info *info, const sl_result *res, sl_text *t) {
  size_t source_len = strlen(res->source);
  size_t longest = res->id_len > source_len ? res->id_len : source_len;
  size_t need = 64 + cell_room(res->id_len) + cell_room(source_len);
  size_t err_len = res->verdict == SL_ERROR && res->error ? strlen(res->error) : 0;
  need += cell_room(err_len);
  if (err_len > longest) longest = err_len;
  for (size_t i = 0; i < info->nrules; i++) {
    need += 10;
    if (i < res->nrules && res->rules[i].reason) {
      need += cell_room(res->rules[i].reason_len);
      if (res->rules[i].reason_len > longest) longest = res->rules[i].reason_len;
    }
  }
  char *out = malloc(need), *scratch = malloc(3 * longest + 1);
  if (!out || !scratch) {
    free(out);
    free(scratch);
    return SL_PLUGIN_ENOMEM;
  }
  char *o = put_cell(out, res->id, res->id_len, scratch);
  *o++ = ',';
  const char *v = verdicts[res->verdict];
  o = put_bytes(o, v, strlen(v));
  *o++ = ',';
  if (res->verdict != SL_ERROR) o += host->score_text(o, res->score);
  for (size_t i = 0; i < info->nrules; i++) {
    *o++ = ',';
    if (i < res->nrules && res->rules) {
      const sl_rule_result *rr = &res->rules[i];
      v = verdicts[rr->verdict];
      o = put_bytes(o, v, strlen(v));
      *o++ = ',';
      if (rr->reason) o = put_cell(o, rr->reason, rr->reason_len, scratch);
    } else {
      *o++ = ',';
    }
  }
  *o++ = ',';
  o = put_cell(o, res->source, source_len, scratch);
  o += sprintf(o, ",%ld,", res->line);
  if (err_len) o = put_cell(o, res->error, err_len, scratch);
  *o++ = '\r';
  *o++ = '\n';
  int rc = t->append(t, out, (size_t)(o - out));
  free(out);
  free(scratch);
  return rc;
}

static int report_begin(void **self, const sl_run_info *info) {
  FILE *out = info->out;
  *self = out;
  /* Rule ids are [a-z0-9-]: no quoting needed. */
  fputs("id,verdict,score", out);
  for (size_t i = 0; i < info->nrules; i++) {
    fprintf(out, ",%s,%s reason", info->rules[i].id, info->rules[i].id);
  }
  fputs(",source,line,error\r\n", out);
  return ferror(out) ? SL_PLUGIN_EIO : 0;
}

static int report_candidate(void *self, const sl_result *res) {
  FILE *out = self;
  return fwrite(res->encoded, 1, res->encoded_len, out) == res->encoded_len ? 0 : SL_PLUGIN_EIO;
}

static int report_end(void *self, const sl_summary *s) {
  (void)s;
  FILE *out = self;
  return fflush(out) || ferror(out) ? SL_PLUGIN_EIO : 0;
}

static const sl_reporter csv_reporter = {
    "csv",
    "for spreadsheets: a row per candidate with id, verdict, score, each rule's verdict and "
    "reason",
    report_begin, report_candidate, report_end, report_encode};

static int register_csv(sl_registry *reg) {
  host = reg->api;
  int rc = reg->add_reader(reg, &csv_reader);
  return rc ? rc : reg->add_reporter(reg, &csv_reporter);
}

SL_PLUGIN_ENTRY(register_csv)
