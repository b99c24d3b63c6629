/*
 * failreader.c - a reader for ".lines" files, one id per line, whose
 * framing fails on purpose: a line "FAIL" makes feed return SL_PLUGIN_EIO,
 * and a last line "FAIL-AT-END" without a line end makes finish fail.
 * What was framed before must still be reported, one error record must
 * say where reading stopped, and the next input must still be read.
 */
#include <stdlib.h>
#include <string.h>

#include "shortlist/plugin.h"

typedef struct lines {
  char buf[256];
  size_t n;
  long line;
} lines;

static void *lines_open(const char *source) {
  (void)source;
  lines *t = calloc(1, sizeof *t);
  if (t) t->line = 1;
  return t;
}

static int emit(lines *t, const sl_frame_sink *sink, int at_end) {
  int rc = 0;
  if (t->n == 4 && !memcmp(t->buf, "FAIL", 4)) rc = SL_PLUGIN_EIO;
  else if (at_end && t->n == 11 && !memcmp(t->buf, "FAIL-AT-END", 11)) rc = SL_PLUGIN_EIO;
  else if (t->n) rc = sink->record(sink->ctx, t->buf, t->n, t->line);
  t->n = 0;
  t->line++;
  return rc;
}

static int lines_feed(void *st, const char *data, size_t n, const sl_frame_sink *sink) {
  lines *t = st;
  for (size_t i = 0; i < n; i++) {
    if (data[i] == '\n') {
      int rc = emit(t, sink, 0);
      if (rc) return rc;
    } else if (t->n < sizeof t->buf) {
      t->buf[t->n++] = data[i];
    }
  }
  return 0;
}

static int lines_finish(void *st, const sl_frame_sink *sink) { return emit(st, sink, 1); }

static void lines_close(void *st) { free(st); }

static int lines_decode(const char *bytes, size_t n, sl_builder *b, char *err, size_t errsz) {
  (void)err;
  (void)errsz;
  int rc = b->begin_object(b);
  if (!rc) rc = b->key(b, "id", 2);
  if (!rc) rc = b->string(b, bytes, n);
  if (!rc) rc = b->end_object(b);
  return rc;
}

static const sl_reader lines_reader = {"lines", ".lines", "one id per line; FAIL fails",
                                       lines_open, lines_feed, lines_finish, lines_close,
                                       lines_decode};

static int register_lines(sl_registry *reg) { return reg->add_reader(reg, &lines_reader); }

SL_PLUGIN_ENTRY(register_lines)
