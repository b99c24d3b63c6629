/* buf.h - growable byte buffer, and JSON string escaping into one. */
#ifndef SL_BUF_H
#define SL_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct sl_buf {
  char *data;  /* owned; NUL-terminated when len > 0 is not guaranteed */
  size_t len;
  size_t cap;
} sl_buf;

#define SL_BUF_INIT {NULL, 0, 0}

/* Every append returns 0 or SL_ENOMEM; on SL_ENOMEM the buffer is unchanged. */
int sl_buf_reserve(sl_buf *b, size_t extra);
int sl_buf_put(sl_buf *b, const void *p, size_t n);
int sl_buf_puts(sl_buf *b, const char *s);
int sl_buf_putc(sl_buf *b, char c);
int sl_buf_printf(sl_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends s as a quoted JSON string: escapes what JSON requires and replaces
 * bytes that are not valid UTF-8 with U+FFFD, so output is always valid. */
int sl_buf_json_str(sl_buf *b, const char *s, size_t n);
/* The same into dst (room for 6n+2, resp. 3n bytes); return the length. */
size_t sl_json_escape(char *dst, const char *s, size_t n);
size_t sl_text_escape(char *dst, const char *s, size_t n);
/* Appends s with invalid UTF-8 replaced by U+FFFD, and control characters
 * (except \t; C1 controls too), line separators and the marks that reorder
 * text shown as spaces: safe for a terminal. */
int sl_buf_text(sl_buf *b, const char *s, size_t n);
/* Appends a number the way JSON and people both read it: integers without a
 * fraction, others with 14 significant digits. */
int sl_buf_json_num(sl_buf *b, double v);
/* Writes v into dst (room for SL_SCORE_TEXT_MAX bytes) exactly as
 * printf("%.4g") would, and returns the length. Scores (0 to 1) take a fast
 * path that skips printf, which is most of the cost of a short output line. */
#define SL_SCORE_TEXT_MAX 32
size_t sl_score_text(char *dst, double v);
/* NUL-terminates (not counted in len) and returns data. */
char *sl_buf_cstr(sl_buf *b);
void sl_buf_reset(sl_buf *b);
void sl_buf_free(sl_buf *b);

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
size_t sl_utf8_seq(const unsigned char *s, size_t n);

#endif
