/* error.c - error codes, messages, and the names of verdicts and severities. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "shortlist/shortlist.h"

const char *sl_strerror(int code) {
  switch (code) {
  case SL_OK: return "success";
#define SL__ERRNO_CASE(name, text) case SL_E##name: return text;
    SL_ERRNO_MAP(SL__ERRNO_CASE)
#undef SL__ERRNO_CASE
  default: return "unknown error";
  }
}

int sl_error_set(sl_error *err, int code, const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->code = code;
  }
  return code;
}

void sl_error_clear(sl_error *err) {
  if (err) {
    err->code = SL_OK;
    err->msg[0] = '\0';
  }
}

const char *sl_verdict_name(sl_verdict v) {
  static const char *const names[] = {"pass", "flag", "fail", "skip", "error"};
  return (unsigned)v < SL_VERDICT_COUNT ? names[v] : "error";
}

const char *sl_severity_name(sl_severity s) {
  static const char *const names[] = {"required", "preferred", "bonus"};
  return (unsigned)s <= SL_BONUS ? names[s] : "required";
}
