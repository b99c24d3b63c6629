/*
 * json.c - the JSON plugin: a reader for a .json file holding one value,
 * either one record (an object, e.g. a JSON Resume document) or an array
 * whose elements are the records.
 *
 * Framing (loop thread) does not parse: it follows strings (with their
 * escapes) and bracket depth, byte by byte, across chunk boundaries, and cuts
 * each top-level array element (or the single top-level value) out of the
 * input, with the line it starts on. A framed record is the line and column
 * where the element starts, then its bytes. Decoding (worker threads) is the
 * host's JSON decoder, so an element that is not an object is reported by the
 * host ("a record must be a JSON object, not a number"), and a malformed
 * element by the decoder, with the place in the file ("invalid JSON at line
 * 12, column 9: ..."), each as the error record of that element. A file that ends inside a value, and text after the
 * top-level value, are error records too, at the line where they are.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shortlist/plugin.h"

static const sl_host_api *host;

typedef sl_pbuf buf; /* plugin.h's buffer */

static int put(buf *b, const char *s, size_t n) { return sl_pbuf_put(b, s, n); }

/* An element longer than this is not buffered: it becomes an error record
 * (the host refuses records this long anyway). */
#define MAX_VALUE (16u << 20)

enum state {
  J_START,  /* before the top-level value */
  J_WAIT,   /* in the top-level array, before an element (or ']') */
  J_ELEM,   /* in an element */
  J_SINGLE, /* in the top-level value, which is not an array */
  J_TRAIL,  /* after the top-level value: only white space may follow */
  J_DONE    /* after an error that ends the input: the rest is ignored */
};

typedef struct jsonin {
  enum state state;
  int bom;           /* bytes of a UTF-8 BOM matched so far; -1: past the start */
  long line;         /* the line of the next byte */
  long col;          /* its column (bytes, 1-based) */
  long last_line;    /* the line of the last byte that was not white space */
  long array_line;   /* where the top-level array opens */
  int after_comma;   /* J_WAIT: a comma came last */
  /* the value being cut out */
  buf val;           /* the record: a place, then the bytes kept so far */
  long val_line;
  long depth;
  int in_str, esc;
  char kind;         /* J_SINGLE: the value's first byte */
  int too_long;
  int rc;            /* the first error of a sink call */
} jsonin;

static void *reader_open(const char *source) {
  (void)source;
  jsonin *j = calloc(1, sizeof *j);
  if (j) j->line = j->col = 1;
  return j;
}

static void reader_close(void *st) {
  jsonin *j = st;
  free(j->val.data);
  free(j);
}

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static void unreadable(jsonin *j, const sl_frame_sink *sink, long line, const char *why) {
  if (j->rc) return;
  j->rc = sink->unreadable(sink->ctx, line, why);
}

/* A framed record starts with where its text starts in the input. */
typedef struct place {
  int64_t line, col;
} place;

/* Keeps s[0, n) as part of the value being cut out. */
static void keep(jsonin *j, const char *s, size_t n) {
  if (j->too_long || j->rc) return;
  if (j->val.len - sizeof(place) + n > MAX_VALUE) {
    j->too_long = 1;
  } else if (put(&j->val, s, n)) {
    j->rc = SL_PLUGIN_ENOMEM;
  }
}

/* The value is complete: its bytes are what was kept plus s[0, n). */
static void emit(jsonin *j, const sl_frame_sink *sink, const char *s, size_t n) {
  keep(j, s, n);
  if (j->rc) return;
  if (j->too_long) {
    unreadable(j, sink, j->val_line, "JSON value longer than 16 MiB: not read");
  } else {
    n = j->val.len;
    while (n > sizeof(place) && is_ws(j->val.data[n - 1])) n--;
    j->rc = sink->record(sink->ctx, j->val.data, n, j->val_line);
  }
  j->val.len = 0;
  j->too_long = 0;
}

static void begin_value(jsonin *j, enum state st, char first) {
  j->state = st;
  j->val_line = j->line;
  j->val.len = 0;
  j->too_long = 0;
  place at = {j->line, j->col};
  if (put(&j->val, (const char *)&at, sizeof at)) j->rc = SL_PLUGIN_ENOMEM;
  j->depth = 0;
  j->in_str = j->esc = 0;
  j->kind = first;
}

static void trailing(jsonin *j, const sl_frame_sink *sink, char c) {
  char why[256];
  snprintf(why, sizeof why,
           "unexpected text after the JSON value that starts on line %ld%s", j->val_line,
           c == '{' ? " (one object per line is JSON Lines: name the file .jsonl, or use "
                      "--input-format jsonl)"
                    : "");
  unreadable(j, sink, j->line, why);
  j->state = J_DONE;
}

static void scan(jsonin *j, const char *data, size_t n, const sl_frame_sink *sink) {
  size_t i = 0, start = 0; /* start: where this feed's part of the value begins */
  while (i < n && !j->rc) {
    char c = data[i];
    switch (j->state) {
    case J_START:
    case J_WAIT:
    case J_TRAIL:
      if (is_ws(c)) break;
      if (j->state == J_TRAIL) {
        trailing(j, sink, c);
      } else if (j->state == J_START && c == '[') {
        j->state = J_WAIT;
        j->array_line = j->line;
        j->val_line = j->line;
      } else if (j->state == J_START) {
        begin_value(j, J_SINGLE, c);
        start = i;
        continue; /* the byte is the value's first: scanned there */
      } else if (c == ']') {
        if (j->after_comma) unreadable(j, sink, j->line, "a comma before ']' with no array element after it");
        j->state = J_TRAIL;
        j->val_line = j->array_line;
      } else if (c == ',') {
        unreadable(j, sink, j->line, "an empty array element: a comma with nothing before it");
        j->after_comma = 1;
      } else {
        begin_value(j, J_ELEM, c);
        start = i;
        continue;
      }
      break;
    case J_DONE:
      i = n;
      continue;
    case J_ELEM:
    case J_SINGLE:
      if (j->in_str) {
        if (j->esc) {
          j->esc = 0;
        } else if (c == '\\') {
          j->esc = 1;
        } else if (c == '"') {
          j->in_str = 0;
          if (j->state == J_SINGLE && j->depth == 0) { /* a top-level string */
            emit(j, sink, data + start, i + 1 - start);
            j->state = J_TRAIL;
          }
        }
        break;
      }
      if (j->state == J_SINGLE && j->kind != '{' && j->kind != '"' && i != start &&
          (is_ws(c) || strchr(",[]{}\"", c))) {
        /* a top-level scalar (true, 42 ...) ends at white space or a bracket */
        emit(j, sink, data + start, i - start);
        j->state = J_TRAIL;
        continue;
      }
      if (c == '"') {
        j->in_str = 1;
      } else if (c == '{' || c == '[') {
        j->depth++;
      } else if (c == '}' || c == ']') {
        if (j->depth > 0) {
          j->depth--;
          if (j->depth == 0 && j->state == J_SINGLE) {
            emit(j, sink, data + start, i + 1 - start);
            j->state = J_TRAIL;
          }
        } else if (c == ']' && j->state == J_ELEM) { /* the array closes */
          emit(j, sink, data + start, i - start);
          j->state = J_TRAIL;
          j->val_line = j->array_line;
        }
        /* a stray '}' stays in the element: its decoding says what is wrong */
      } else if (c == ',' && j->depth == 0 && j->state == J_ELEM) {
        emit(j, sink, data + start, i - start);
        j->state = J_WAIT;
        j->after_comma = 1;
      }
      break;
    }
    if (c == '\n') {
      j->line++;
      j->col = 1;
    } else {
      j->col++;
      if (!is_ws(c)) j->last_line = j->line;
    }
    if (j->state == J_WAIT && c != ',' && !is_ws(c)) j->after_comma = 0;
    i++;
  }
  if ((j->state == J_ELEM || j->state == J_SINGLE) && !j->rc) keep(j, data + start, n - start);
}

static int reader_feed(void *st, const char *data, size_t n, const sl_frame_sink *sink) {
  jsonin *j = st;
  static const char bom[] = "\xef\xbb\xbf";
  while (j->bom >= 0 && n) {
    if ((unsigned char)*data != (unsigned char)bom[j->bom]) {
      int matched = j->bom; /* not a BOM: what matched so far is text */
      j->bom = -1;
      if (matched) scan(j, bom, (size_t)matched, sink);
      break;
    }
    data++;
    n--;
    if (++j->bom == 3) j->bom = -1;
  }
  scan(j, data, n, sink);
  return j->rc;
}

static int reader_finish(void *st, const sl_frame_sink *sink) {
  jsonin *j = st;
  if (j->bom > 0) scan(j, "\xef\xbb\xbf", (size_t)j->bom, sink);
  j->bom = -1;
  char why[200];
  switch (j->state) {
  case J_SINGLE:
    if (!j->in_str && j->kind != '{' && j->kind != '"') {
      emit(j, sink, "", 0); /* a scalar at the end of the input */
      break;
    }
    unreadable(j, sink, j->val_line,
               "the input ends inside this JSON value: a closing '}', ']' or '\"' is missing "
               "(is the file cut short?)");
    break;
  case J_ELEM:
    if (j->depth == 0 && !j->in_str) {
      emit(j, sink, "", 0); /* complete; only the array's ']' is missing */
    } else {
      unreadable(j, sink, j->val_line,
                 "the input ends inside this array element: a closing '}', ']' or '\"' is "
                 "missing (is the file cut short?)");
      break;
    }
    /* fall through */
  case J_WAIT:
    snprintf(why, sizeof why,
             "the input ends before the array that opens on line %ld is closed with ']' "
             "(is the file cut short?)",
             j->array_line);
    unreadable(j, sink, j->last_line, why);
    break;
  default:
    break;
  }
  j->state = J_DONE;
  return j->rc;
}

/* The decoder says "invalid JSON at column N: what", N counted from the
 * start of the element: say where that is in the file. */
static void locate(char *err, size_t errsz, const char *s, size_t n, place at) {
  static const char prefix[] = "invalid JSON at column ";
  if (strncmp(err, prefix, sizeof prefix - 1) != 0) return;
  char *end;
  unsigned long column = strtoul(err + sizeof prefix - 1, &end, 10);
  if (column == 0 || strncmp(end, ": ", 2) != 0) return;
  size_t off = column - 1 < n ? column - 1 : n;
  long long line = at.line, col = at.col + (long long)off;
  for (size_t i = 0; i < off; i++) {
    if (s[i] == '\n') {
      line++;
      col = (long long)(off - i);
    }
  }
  char what[512];
  snprintf(what, sizeof what, "%s", end + 2);
  snprintf(err, errsz, "invalid JSON at line %lld, column %lld: %s", line, col, what);
}

static int reader_decode(const char *bytes, size_t n, sl_builder *b, char *err, size_t errsz) {
  place at;
  if (n < sizeof at) {
    snprintf(err, errsz, "the json reader framed a malformed record");
    return SL_PLUGIN_EPARSE;
  }
  memcpy(&at, bytes, sizeof at);
  bytes += sizeof at;
  n -= sizeof at;
  int rc = host->decode_json(bytes, n, b, err, errsz);
  if (rc == SL_PLUGIN_EPARSE) locate(err, errsz, bytes, n, at);
  return rc;
}

static const sl_reader json_reader = {
    "json", ".json",
    "JSON: one object (a JSON Resume document ...) or an array of objects, one record each",
    reader_open, reader_feed, reader_finish, reader_close, reader_decode};

static int register_json(sl_registry *reg) {
  host = reg->api;
  return reg->add_reader(reg, &json_reader);
}

SL_PLUGIN_ENTRY(register_json)
