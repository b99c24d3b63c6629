/* convert.h - the one converter between JSON records and Lua values. */
#ifndef SL_CONVERT_H
#define SL_CONVERT_H

#include <lua.h>
#include <stddef.h>

#include "buf.h"
#include "shortlist/error.h"

/* Deepest nesting accepted in a record; deeper input is refused with a
 * message, so a hostile record cannot exhaust the C or Lua stack. */
#define SL_JSON_MAX_DEPTH 64

#include "shortlist/plugin.h"

typedef struct sl_json_decoder sl_json_decoder;

/* One decoder per lua_State (per worker thread); reused for every record. */
sl_json_decoder *sl_json_decoder_new(lua_State *L);
void sl_json_decoder_free(sl_json_decoder *d);

/* [-0, +1, m] on success: decodes one JSON value (n bytes at s) and pushes
 * it. JSON null becomes nil (absent in objects). On malformed input pushes
 * nothing and returns SL_EPARSE with "invalid JSON at column N: what". */
int sl_json_decode(sl_json_decoder *d, const char *s, size_t n, sl_error *err);

/* Decodes one JSON value into any builder (the host service readers use).
 * Returns 0, or an SL_E* code with "invalid JSON at column N: what" in err. */
int sl_json_decode_into(const char *s, size_t n, sl_builder *b, char *err, size_t errsz);

/* The decoder as a builder, for a reader's decode: resets it and remembers
 * the stack height. After decoding, sl_json_decoder_finish() checks that
 * exactly one value was pushed (else pops what was half built and fills err
 * when the builder refused something); it returns rc or SL_EPARSE. */
sl_builder *sl_json_decoder_builder(sl_json_decoder *d);
int sl_json_decoder_finish(sl_json_decoder *d, int rc, char *err, size_t errsz);

/* 1 when the last value sl_json_decode pushed was a JSON object (not an
 * array or a scalar). */
int sl_json_decoded_object(const sl_json_decoder *d);

/* [-0, +0, m] Appends the Lua value at idx as JSON: tables with keys 1..n as
 * arrays, other tables as objects (keys sorted, so output is deterministic),
 * functions and other values as strings describing them. A table inside
 * itself is written as "<cycle>" where it recurs, tables deeper than
 * SL_JSON_MAX_DEPTH as "<nested too deep>", and after max_values values the
 * rest as one "<...>" (keys that are not text, left out, count as values). */
int sl_lua_to_json(lua_State *L, int idx, size_t max_values, sl_buf *b);

#endif
