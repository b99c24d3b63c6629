/* buf.c - growable byte buffer; JSON and terminal-safe string output. */
#include "buf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shortlist/error.h"

int sl_buf_reserve(sl_buf *b, size_t extra) {
  if (b->cap - b->len > extra) return 0; /* keep room for a NUL */
  size_t cap = b->cap ? b->cap : 256;
  while (cap - b->len <= extra) {
    if (cap > ((size_t)-1) / 2) return SL_ENOMEM;
    cap *= 2;
  }
  char *p = realloc(b->data, cap);
  if (!p) return SL_ENOMEM;
  b->data = p;
  b->cap = cap;
  return 0;
}

int sl_buf_put(sl_buf *b, const void *p, size_t n) {
  if (sl_buf_reserve(b, n)) return SL_ENOMEM;
  if (n) memcpy(b->data + b->len, p, n);
  b->len += n;
  return 0;
}

int sl_buf_puts(sl_buf *b, const char *s) { return sl_buf_put(b, s, strlen(s)); }

int sl_buf_putc(sl_buf *b, char c) {
  if (sl_buf_reserve(b, 1)) return SL_ENOMEM;
  b->data[b->len++] = c;
  return 0;
}

int sl_buf_printf(sl_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return SL_EINVAL;
  if ((size_t)n < sizeof small) return sl_buf_put(b, small, (size_t)n);
  if (sl_buf_reserve(b, (size_t)n)) return SL_ENOMEM;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return 0;
}

size_t sl_utf8_seq(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  if (c < 0x80) return 1;
  size_t len;
  unsigned min;
  if (c >= 0xC2 && c <= 0xDF) { len = 2; min = 0x80; }
  else if (c >= 0xE0 && c <= 0xEF) { len = 3; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { len = 4; min = 0x10000; }
  else return 0;
  if (n < len) return 0;
  unsigned cp = c & (0x3F >> (len - 1));
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Copies the UTF-8 sequence at *p, or U+FFFD for a byte that starts none. */
static void copy_utf8(char **o, const unsigned char **p, const unsigned char *end) {
  size_t len = sl_utf8_seq(*p, (size_t)(end - *p));
  if (len == 0) {
    memcpy(*o, replacement, 3);
    *o += 3;
    *p += 1;
  } else {
    memcpy(*o, *p, len);
    *o += len;
    *p += len;
  }
}

size_t sl_json_escape(char *dst, const char *s, size_t n) {
  char *o = dst;
  const unsigned char *p = (const unsigned char *)s, *end = p + n;
  *o++ = '"';
  while (p < end) {
    unsigned c = *p;
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      *o++ = (char)c;
      p++;
      continue;
    }
    if (c >= 0x80) {
      /* Line ends other than \n, written as escapes: U+2028 and U+2029
       * end lines for JavaScript before ES2019 and for Python's
       * splitlines(), which also splits at C1 controls such as NEL. A JSON
       * Lines consumer splitting lines any of these ways sees one record a
       * line. */
      size_t len = sl_utf8_seq(p, (size_t)(end - p));
      if ((len == 2 && p[0] == 0xC2 && p[1] < 0xA0) ||
          (len == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))) {
        unsigned cp = len == 2 ? p[1] : 0x2000u | (p[2] & 0x3Fu);
        o += sprintf(o, "\\u%04x", cp);
        p += len;
        continue;
      }
      copy_utf8(&o, &p, end);
      continue;
    }
    *o++ = '\\';
    switch (c) {
    case '"': *o++ = '"'; break;
    case '\\': *o++ = '\\'; break;
    case '\n': *o++ = 'n'; break;
    case '\r': *o++ = 'r'; break;
    case '\t': *o++ = 't'; break;
    case '\b': *o++ = 'b'; break;
    case '\f': *o++ = 'f'; break;
    default: {
      static const char hex[] = "0123456789abcdef";
      *o++ = 'u';
      *o++ = '0';
      *o++ = '0';
      *o++ = hex[c >> 4];
      *o++ = hex[c & 15];
    }
    }
    p++;
  }
  *o++ = '"';
  return (size_t)(o - dst);
}

int sl_buf_json_str(sl_buf *b, const char *s, size_t n) {
  if (sl_buf_reserve(b, n * 6 + 2)) return SL_ENOMEM;
  b->len += sl_json_escape(b->data + b->len, s, n);
  return 0;
}

/* 1 for the len-byte UTF-8 sequence at p when a terminal would act on it
 * rather than show it: the C1 controls (U+0080-U+009F: CSI and friends),
 * the line and paragraph separators, and the marks and overrides that
 * reorder text (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069). */
static int acts_on_terminal(const unsigned char *p, size_t len) {
  if (len == 2) return p[0] == 0xC2 ? p[1] < 0xA0 : p[0] == 0xD8 && p[1] == 0x9C;
  if (len != 3 || p[0] != 0xE2) return 0;
  unsigned cp = 0x2000u | (unsigned)(p[1] & 0x3F) << 6 | (unsigned)(p[2] & 0x3F);
  return cp == 0x200E || cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

size_t sl_text_escape(char *dst, const char *s, size_t n) {
  char *o = dst;
  const unsigned char *p = (const unsigned char *)s, *end = p + n;
  while (p < end) {
    unsigned c = *p;
    if (c < 0x80) {
      *o++ = (c < 0x20 && c != '\t') || c == 0x7F ? ' ' : (char)c;
      p++;
      continue;
    }
    size_t len = sl_utf8_seq(p, (size_t)(end - p));
    if (len && acts_on_terminal(p, len)) {
      *o++ = ' ';
      p += len;
      continue;
    }
    copy_utf8(&o, &p, end);
  }
  return (size_t)(o - dst);
}

int sl_buf_text(sl_buf *b, const char *s, size_t n) {
  if (sl_buf_reserve(b, n * 3)) return SL_ENOMEM;
  b->len += sl_text_escape(b->data + b->len, s, n);
  return 0;
}

int sl_buf_json_num(sl_buf *b, double v) {
  if (!isfinite(v)) return sl_buf_put(b, "null", 4);
  if (v == floor(v) && fabs(v) < 1e15) return sl_buf_printf(b, "%.0f", v);
  return sl_buf_printf(b, "%.14g", v);
}

size_t sl_score_text(char *dst, double v) {
  if (v == 1.0 || (v == 0.0 && !signbit(v))) {
    dst[0] = v == 1.0 ? '1' : '0';
    dst[1] = '\0';
    return 1;
  }
  if (v >= 0.1 && v < 1.0) {
    /* Four significant digits are four decimals here. v * 1e4 is within
     * 2e-12 of the exact product, so unless the fraction is close to one
     * half (where printf's exact round-half-even decides), rounding the
     * computed product rounds the exact one the same way. */
    double t = v * 1e4, whole = floor(t), frac = t - whole;
    if (fabs(frac - 0.5) > 1e-6) {
      int n = (int)whole + (frac > 0.5);
      if (n >= 10000) return sl_score_text(dst, 1.0); /* 0.99995.. shows as 1 */
      /* n is 1000..9999: its digits by constant divisors (multiplications),
       * trailing zeros dropped as %g does. */
      char *o = dst;
      *o++ = '0';
      *o++ = '.';
      o[0] = (char)('0' + n / 1000);
      o[1] = (char)('0' + n / 100 % 10);
      o[2] = (char)('0' + n / 10 % 10);
      o[3] = (char)('0' + n % 10);
      /* without a loop: how many zeros end a score is the data's to decide */
      size_t len = 4 - (size_t)(n % 10 == 0) - (size_t)(n % 100 == 0) - (size_t)(n % 1000 == 0);
      o[len] = '\0';
      return 2 + len;
    }
  }
  return (size_t)snprintf(dst, SL_SCORE_TEXT_MAX, "%.4g", v);
}

char *sl_buf_cstr(sl_buf *b) {
  if (sl_buf_reserve(b, 1)) return NULL;
  b->data[b->len] = '\0';
  return b->data;
}

void sl_buf_reset(sl_buf *b) { b->len = 0; }

void sl_buf_free(sl_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}
