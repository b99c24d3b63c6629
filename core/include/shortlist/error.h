/*
 * error.h - error codes and the error value every fallible call fills in.
 *
 * Functions return 0 or a negative SL_E* code; the human-readable text
 * travels in an sl_error the caller provides. No code parses that text.
 */
#ifndef SHORTLIST_ERROR_H
#define SHORTLIST_ERROR_H

#include <stddef.h>

/* One table makes the codes and sl_strerror(). */
#define SL_ERRNO_MAP(X)                                                  \
  X(NOMEM, "out of memory")                                              \
  X(INVAL, "invalid argument")                                           \
  X(IO, "input/output error")                                            \
  X(PARSE, "malformed input")                                            \
  X(COMPILE, "rule pack does not compile")                               \
  X(LINT, "rule pack has problems")                                      \
  X(NOTFOUND, "not found")                                               \
  X(EXISTS, "already registered")                                        \
  X(ABI, "plugin built for another ABI version")                         \
  X(LIMIT, "limit exceeded")                                             \
  X(RULE, "rule error")

typedef enum sl_errno {
  SL_OK = 0,
#define SL__ERRNO_ENUM(name, text) SL_E##name,
  SL__ERRNO_FIRST = -100,
  SL_ERRNO_MAP(SL__ERRNO_ENUM)
#undef SL__ERRNO_ENUM
} sl_errno;

/* Message text for an SL_E* code; never NULL. */
const char *sl_strerror(int code);

/* Room for one message: "file:line: what happened; what to do". */
#define SL_ERROR_MAX 1024

typedef struct sl_error {
  int code;                 /* SL_OK or an SL_E* code */
  char msg[SL_ERROR_MAX];   /* NUL-terminated, valid UTF-8 */
} sl_error;

/* Records code and a printf-style message in err (err may be NULL).
 * Returns code, so callers can write `return sl_error_set(err, ...);`. */
int sl_error_set(sl_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Clears err to SL_OK with an empty message. */
void sl_error_clear(sl_error *err);

#endif
