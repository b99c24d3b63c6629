/*
 * convert.c - JSON records <-> Lua values.
 *
 * Records are decoded straight into the worker's lua_State with yajl's
 * callback parser: no intermediate tree, so a record costs one pass over its
 * bytes plus the Lua tables it becomes (docs/decisions.md has the figures).
 */
#include "convert.h"

#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdio.h>
#include <yajl_parse.h>

/* The host's builder: values go straight onto the worker's Lua stack. */
struct sl_json_decoder {
  sl_builder b; /* first: a decoder is usable as an sl_builder */
  lua_State *L;
  int depth;
  int base;
  char is_array[SL_JSON_MAX_DEPTH + 1];
  lua_Integer next_index[SL_JSON_MAX_DEPTH + 1];
  const char *refusal; /* why the builder stopped the parse */
  int top_is_object;   /* the last value built was an object */
  int record_fields;   /* fields of the last record: the next one is sized so */
  int top_keys;        /* keys of the record being built */
};

#define DEC(bp) ((sl_json_decoder *)(bp))

/* [-1, +0] Stores the value on top into the open container, if any. */
static int place(sl_json_decoder *d) {
  if (d->depth == 0) return 0; /* the top-level value stays on the stack */
  if (d->is_array[d->depth]) {
    lua_rawseti(d->L, -2, ++d->next_index[d->depth]); /* stack: array, value */
  } else {
    lua_rawset(d->L, -3); /* stack: object, key, value */
  }
  return 0;
}

static int b_null(sl_builder *b) {
  sl_json_decoder *d = DEC(b);
  if (d->depth == 0) {
    lua_pushnil(d->L);
  } else if (d->is_array[d->depth]) {
    d->next_index[d->depth]++; /* a hole, so later indices keep their place */
  } else {
    lua_pop(d->L, 1); /* the key: null means absent */
  }
  return 0;
}

static int b_boolean(sl_builder *b, int v) {
  lua_pushboolean(DEC(b)->L, v);
  return place(DEC(b));
}

static int b_integer(sl_builder *b, long long v) {
  lua_pushinteger(DEC(b)->L, (lua_Integer)v);
  return place(DEC(b));
}

static int b_number(sl_builder *b, double v) {
  lua_pushnumber(DEC(b)->L, v);
  return place(DEC(b));
}

static int b_string(sl_builder *b, const char *s, size_t n) {
  lua_pushlstring(DEC(b)->L, s, n);
  return place(DEC(b));
}

static int b_key(sl_builder *b, const char *s, size_t n) {
  sl_json_decoder *d = DEC(b);
  if (d->depth == 0 || d->is_array[d->depth]) {
    d->refusal = "a key outside an object";
    return SL_EINVAL;
  }
  if (d->depth == 1) d->top_keys++;
  lua_pushlstring(d->L, s, n);
  return 0;
}

static int open_container(sl_json_decoder *d, int is_array) {
  if (d->depth >= SL_JSON_MAX_DEPTH) {
    d->refusal = "nested deeper than 64 levels";
    return SL_EINVAL;
  }
  if (!lua_checkstack(d->L, 4)) {
    d->refusal = "out of Lua stack space";
    return SL_ENOMEM;
  }
  d->depth++;
  if (d->depth == 1) d->top_is_object = !is_array;
  d->is_array[d->depth] = (char)is_array;
  d->next_index[d->depth] = 0;
  /* Records of one input look alike: size the top-level table as the last
   * one was, so it is not rehashed while it fills. */
  int hash = is_array ? 0 : d->depth == 1 && d->record_fields ? d->record_fields : 4;
  lua_createtable(d->L, is_array ? 4 : 0, hash);
  return 0;
}

static int b_begin_object(sl_builder *b) { return open_container(DEC(b), 0); }
static int b_begin_array(sl_builder *b) { return open_container(DEC(b), 1); }

static int b_end(sl_builder *b) {
  sl_json_decoder *d = DEC(b);
  if (d->depth == 0) {
    d->refusal = "unbalanced end of object or array";
    return SL_EINVAL;
  }
  if (d->depth == 1 && !d->is_array[1]) d->record_fields = d->top_keys < 64 ? d->top_keys : 64;
  d->depth--;
  return place(d);
}

sl_json_decoder *sl_json_decoder_new(lua_State *L) {
  sl_json_decoder *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  d->L = L;
  d->b.ctx = d;
  d->b.begin_object = b_begin_object;
  d->b.end_object = b_end;
  d->b.begin_array = b_begin_array;
  d->b.end_array = b_end;
  d->b.key = b_key;
  d->b.string = b_string;
  d->b.integer = b_integer;
  d->b.number = b_number;
  d->b.boolean = b_boolean;
  d->b.null = b_null;
  return d;
}

void sl_json_decoder_free(sl_json_decoder *d) { free(d); }

sl_builder *sl_json_decoder_builder(sl_json_decoder *d) {
  d->depth = 0;
  d->refusal = NULL;
  d->top_is_object = 0;
  d->top_keys = 0;
  d->base = lua_gettop(d->L);
  return &d->b;
}

int sl_json_decoder_finish(sl_json_decoder *d, int rc, char *err, size_t errsz) {
  lua_State *L = d->L;
  if (rc == 0 && (d->depth != 0 || lua_gettop(L) != d->base + 1)) {
    rc = SL_EPARSE;
    snprintf(err, errsz, "the reader built an incomplete value");
  }
  if (rc) {
    if (d->refusal) snprintf(err, errsz, "record refused: %s", d->refusal);
    lua_settop(L, d->base);
  }
  return rc;
}

/* ---- yajl -> any sl_builder ---- */

typedef struct yajl_ctx {
  sl_builder *b;
  int rc;
} yajl_ctx;

#define Y(ctx) ((yajl_ctx *)(ctx))
#define CALL(ctx, expr) ((Y(ctx)->rc = (expr)) == 0)

static int y_null(void *c) { return CALL(c, Y(c)->b->null(Y(c)->b)); }
static int y_boolean(void *c, int v) { return CALL(c, Y(c)->b->boolean(Y(c)->b, v)); }
static int y_string(void *c, const unsigned char *s, size_t n) {
  return CALL(c, Y(c)->b->string(Y(c)->b, (const char *)s, n));
}
static int y_key(void *c, const unsigned char *s, size_t n) {
  return CALL(c, Y(c)->b->key(Y(c)->b, (const char *)s, n));
}
static int y_start_map(void *c) { return CALL(c, Y(c)->b->begin_object(Y(c)->b)); }
static int y_end_map(void *c) { return CALL(c, Y(c)->b->end_object(Y(c)->b)); }
static int y_start_array(void *c) { return CALL(c, Y(c)->b->begin_array(Y(c)->b)); }
static int y_end_array(void *c) { return CALL(c, Y(c)->b->end_array(Y(c)->b)); }

/* Powers of ten that a double holds exactly. */
static const double exact_pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/* The numbers records are mostly made of, read without strtoll/strtod
 * (which were a tenth of decoding a flat record): an integer of at most 18
 * digits, or a decimal without exponent of at most 15 digits. The decimal
 * is its digits over a power of ten, both exact in a double, so the one
 * division rounds correctly, as strtod does. yajl has checked the syntax.
 * Returns 1 (an integer in *iv), 2 (a double in *dv), or 0: not simple. */
static int read_simple_number(const char *s, size_t n, long long *iv, double *dv) {
  size_t i = 0;
  int negative = n > 0 && s[0] == '-';
  i += (size_t)negative;
  unsigned long long digits = 0;
  int count = 0, decimals = 0;
  for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, count++) {
    if (count == 18) return 0;
    digits = digits * 10 + (unsigned)(s[i] - '0');
  }
  if (i == n) {
    *iv = negative ? -(long long)digits : (long long)digits;
    return 1;
  }
  if (s[i++] != '.') return 0; /* an exponent */
  for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, count++, decimals++) {
    if (count >= 15) return 0;
    digits = digits * 10 + (unsigned)(s[i] - '0');
  }
  if (i != n) return 0; /* an exponent after the fraction */
  double v = (double)digits / exact_pow10[decimals];
  *dv = negative ? -v : v;
  return 2;
}

/* Integers stay integers (60, not 60.0, in reasons); others are doubles. */
static int y_number(void *c, const char *s, size_t n) {
  long long iv;
  double dv;
  switch (read_simple_number(s, n, &iv, &dv)) {
  case 1: return CALL(c, Y(c)->b->integer(Y(c)->b, iv));
  case 2: return CALL(c, Y(c)->b->number(Y(c)->b, dv));
  default: break;
  }
  /* The rest by libc, on a NUL-terminated copy (JSON allows any length). */
  char small[64], *tmp = n < sizeof small ? small : malloc(n + 1);
  if (!tmp) {
    Y(c)->rc = SL_ENOMEM;
    return 0;
  }
  memcpy(tmp, s, n);
  tmp[n] = '\0';
  int is_integer = strcspn(tmp, ".eE") == n, ok;
  errno = 0;
  long long v = is_integer ? strtoll(tmp, NULL, 10) : 0;
  if (is_integer && errno == 0) ok = CALL(c, Y(c)->b->integer(Y(c)->b, v));
  else ok = CALL(c, Y(c)->b->number(Y(c)->b, strtod(tmp, NULL)));
  if (tmp != small) free(tmp);
  return ok;
}

static const yajl_callbacks callbacks = {
    y_null,      y_boolean, NULL,      NULL,          y_number, y_string,
    y_start_map, y_key,     y_end_map, y_start_array, y_end_array,
};

/* yajl's grammar messages, said the short way ("expected ':'"). */
static const char *const short_messages[][2] = {
    {"object key and value must be separated by a colon (':')", "expected ':'"},
    {"after key and value, inside map, I expect ',' or '}'", "expected ',' or '}'"},
    {"after array element, I expect ',' or ']'", "expected ',' or ']'"},
    {"invalid object key (must be a string)", "expected a key in double quotes"},
    {"unallowed token at this point in JSON text", "unexpected token"},
    {"premature EOF", "unexpected end of input"},
    {"trailing garbage", "unexpected text after the value"},
    {"invalid char in json text", "unexpected character"},
    {"invalid string in json text", "invalid value (strings need double quotes; true, false, null)"},
    {"inside a string, '\\' occurs before a character which it may not", "invalid escape in a string"},
    {"invalid (non-hex) character occurs after '\\u' inside string", "invalid \\u escape in a string"},
    {"invalid character inside string", "control character inside a string (escape it)"},
    {"probable comment found in input text, comments are not enabled", "comments are not JSON"},
};

/* yajl's messages read "parse error: object key and value must be separated
 * by a colon (':')\n"; keep the part after the category, on one line, in
 * short words where we have them. */
static void describe_yajl_error(yajl_handle h, char *out, size_t outsz) {
  unsigned char *msg = yajl_get_error(h, 0, NULL, 0);
  const char *m = msg ? (const char *)msg : "malformed JSON";
  const char *colon = strstr(m, "error: ");
  if (colon) m = colon + 7;
  size_t len = strcspn(m, "\n");
  while (len && (m[len - 1] == '.' || m[len - 1] == ' ')) len--;
  for (size_t i = 0; i < sizeof short_messages / sizeof short_messages[0]; i++) {
    if (strlen(short_messages[i][0]) == len && !memcmp(m, short_messages[i][0], len)) {
      m = short_messages[i][1];
      len = strlen(m);
      break;
    }
  }
  if (len >= outsz) len = outsz - 1;
  memcpy(out, m, len);
  out[len] = '\0';
  if (msg) yajl_free_error(h, msg);
}

/* yajl allocates its handle, lexer and buffers for every record: ~5 mallocs
 * and frees each time. They come from a per-thread scratch area instead,
 * given back whole when the parse ends; what does not fit goes to malloc. Each block has
 * a 16-byte header with its size, for realloc. */
#define SCRATCH_BYTES 16384
typedef struct scratch {
  size_t used;
  _Alignas(16) unsigned char bytes[SCRATCH_BYTES];
} scratch;
static _Thread_local scratch yajl_scratch;

typedef struct block_header {
  size_t size;
  size_t pad; /* keeps blocks 16-byte aligned */
} block_header;

static int in_scratch(const scratch *a, const void *p) {
  return (const unsigned char *)p >= a->bytes && (const unsigned char *)p < a->bytes + SCRATCH_BYTES;
}

static void *scratch_malloc(void *ctx, size_t n) {
  scratch *a = ctx;
  size_t need = sizeof(block_header) + ((n + 15) & ~(size_t)15);
  block_header *h;
  if (need <= SCRATCH_BYTES - a->used) {
    h = (block_header *)(a->bytes + a->used);
    a->used += need;
  } else if (!(h = malloc(sizeof *h + n))) {
    return NULL;
  }
  h->size = n;
  return h + 1;
}

static void scratch_free(void *ctx, void *p) {
  if (p && !in_scratch(ctx, p)) free((block_header *)p - 1);
}

static void *scratch_realloc(void *ctx, void *p, size_t n) {
  if (!p) return scratch_malloc(ctx, n);
  block_header *h = (block_header *)p - 1;
  if (!in_scratch(ctx, p)) {
    block_header *grown = realloc(h, sizeof *h + n);
    if (!grown) return NULL;
    grown->size = n;
    return grown + 1;
  }
  void *q = scratch_malloc(ctx, n);
  if (!q) return NULL;
  memcpy(q, p, h->size < n ? h->size : n);
  return q;
}

int sl_json_decode_into(const char *s, size_t n, sl_builder *b, char *err, size_t errsz) {
  yajl_ctx ctx = {b, 0};
  scratch *a = &yajl_scratch;
  size_t mark = a->used; /* above 0 only for a decode inside a decode */
  yajl_alloc_funcs funcs = {scratch_malloc, scratch_realloc, scratch_free, a};
  yajl_handle h = yajl_alloc(&callbacks, &funcs, &ctx);
  if (!h) {
    a->used = mark;
    snprintf(err, errsz, "out of memory decoding a record");
    return SL_ENOMEM;
  }
  yajl_config(h, yajl_dont_validate_strings, 1); /* output escaping repairs UTF-8 */
  yajl_status st = yajl_parse(h, (const unsigned char *)s, n);
  /* yajl counts the offending byte as consumed; at the end of the input
   * the column is the one after the last byte. */
  size_t column = yajl_get_bytes_consumed(h);
  if (column == 0) column = 1;
  if (st == yajl_status_ok) {
    st = yajl_complete_parse(h);
    if (st != yajl_status_ok) column = n + 1;
  }
  int rc = 0;
  if (st != yajl_status_ok) {
    char what[256];
    if (st == yajl_status_client_canceled) {
      snprintf(what, sizeof what, "%s", ctx.rc == SL_ENOMEM ? "out of memory" : "value refused");
    } else {
      describe_yajl_error(h, what, sizeof what);
    }
    snprintf(err, errsz, "invalid JSON at column %zu: %s", column, what);
    rc = ctx.rc ? ctx.rc : SL_EPARSE;
  }
  yajl_free(h);
  a->used = mark; /* everything this parse took from the scratch area is free */
  return rc;
}

int sl_json_decode(sl_json_decoder *d, const char *s, size_t n, sl_error *err) {
  char msg[SL_ERROR_MAX];
  sl_builder *b = sl_json_decoder_builder(d);
  int rc = sl_json_decode_into(s, n, b, msg, sizeof msg);
  rc = sl_json_decoder_finish(d, rc, msg, sizeof msg);
  if (rc) sl_error_set(err, rc == SL_ENOMEM ? SL_ENOMEM : SL_EPARSE, "%s", msg);
  return rc;
}

int sl_json_decoded_object(const sl_json_decoder *d) { return d->top_is_object; }

/* ---- Lua -> JSON (explain output, test fixtures) ---- */

/* One sl_lua_to_json. A fact may return any table a rule can build: one
 * that holds itself, or a chain of tables each holding the next twice (2^64
 * paths down 64 levels). So the tables on the path from the root to the
 * value being written are kept in a set, and a table met again on its own
 * path is written as "<cycle>"; and every value written (and every key that
 * cannot be written) spends one of `left`, so the work is linear in the
 * budget whatever the shape. When the budget runs out, the value due is
 * written as "<...>" and every open table closes without another entry. */
typedef struct encoder {
  lua_State *L;
  sl_buf *b;
  int path;   /* stack index of the set of tables being written */
  size_t left;
  int cut;    /* "<...>" is written: write nothing more */
} encoder;

static int put_marker(encoder *E, const char *m) { return sl_buf_json_str(E->b, m, strlen(m)); }

static int is_sequence(lua_State *L, int idx, size_t *len) {
  size_t n = lua_rawlen(L, idx);
  size_t count = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    if (!lua_isinteger(L, -1)) {
      lua_pop(L, 1);
      return 0;
    }
    lua_Integer k = lua_tointeger(L, -1);
    if (k < 1 || (size_t)k > n) {
      lua_pop(L, 1);
      return 0;
    }
    count++;
  }
  *len = n;
  return count == n;
}

/* An object's key, as text, and where its value is kept while encoding. */
typedef struct object_key {
  const char *text;
  lua_Integer value_at;
} object_key;

static int key_cmp(const void *a, const void *b) {
  return strcmp(((const object_key *)a)->text, ((const object_key *)b)->text);
}

static int encode(encoder *E, int idx, int depth);

/* Objects: keys as text, sorted, so the same table prints the same way.
 * Keys and values are read raw (lua_next), never through a metamethod that
 * could run code; what is allocated is Lua's, so an error cannot leak it.
 * Keys that are not text (tables, booleans) are left out but paid for: a
 * table of a million such keys, shared a thousand times, would otherwise
 * cost a billion steps for "{}"s. When they overdraw the budget the whole
 * object is "<...>" (whether they do does not depend on the order lua_next
 * gives them in). */
static int encode_object(encoder *E, int idx, int depth) {
  lua_State *L = E->L;
  lua_newtable(L); /* anchor: key text and value, pairwise */
  int anchor = lua_gettop(L);
  lua_Integer count = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pushvalue(L, -2);
    if (!lua_tostring(L, -1)) { /* a copy: tostring must not touch the key */
      lua_pop(L, 2);
      if (E->left == 0) {
        lua_settop(L, anchor - 1);
        E->cut = 1;
        return put_marker(E, "<...>");
      }
      E->left--;
      continue;
    }
    lua_rawseti(L, anchor, 2 * count + 1);
    lua_rawseti(L, anchor, 2 * count + 2);
    count++;
  }
  object_key *keys = lua_newuserdatauv(L, (size_t)count * sizeof *keys + 1, 0);
  for (lua_Integer i = 0; i < count; i++) {
    lua_rawgeti(L, anchor, 2 * i + 1);
    keys[i].text = lua_tostring(L, -1); /* anchored in the anchor table */
    keys[i].value_at = 2 * i + 2;
    lua_pop(L, 1);
  }
  qsort(keys, (size_t)count, sizeof *keys, key_cmp);
  sl_buf *b = E->b;
  int rc = sl_buf_putc(b, '{');
  for (lua_Integer i = 0; i < count && !rc && !E->cut; i++) {
    if (i) rc = sl_buf_putc(b, ',');
    if (!rc) rc = sl_buf_json_str(b, keys[i].text, strlen(keys[i].text));
    if (!rc) rc = sl_buf_putc(b, ':');
    lua_rawgeti(L, anchor, keys[i].value_at);
    if (!rc) rc = encode(E, lua_gettop(L), depth + 1);
    lua_pop(L, 1);
  }
  lua_settop(L, anchor - 1);
  return rc ? rc : sl_buf_putc(b, '}');
}

static int encode_entries(encoder *E, int idx, int depth) {
  lua_State *L = E->L;
  size_t n;
  if (is_sequence(L, idx, &n) && n > 0) {
    int rc = sl_buf_putc(E->b, '[');
    for (size_t i = 1; i <= n && !rc && !E->cut; i++) {
      if (i > 1) rc = sl_buf_putc(E->b, ',');
      lua_rawgeti(L, idx, (lua_Integer)i);
      if (!rc) rc = encode(E, lua_gettop(L), depth + 1);
      lua_pop(L, 1);
    }
    return rc ? rc : sl_buf_putc(E->b, ']');
  }
  return encode_object(E, idx, depth);
}

/* The table at idx (a frozen table's shadow: the one whose entries are
 * walked), unless it is already on the path. */
static int encode_table(encoder *E, int idx, int depth) {
  lua_State *L = E->L;
  lua_pushvalue(L, idx);
  int seen = lua_rawget(L, E->path) != LUA_TNIL;
  lua_pop(L, 1);
  if (seen) return put_marker(E, "<cycle>");
  lua_pushvalue(L, idx);
  lua_pushboolean(L, 1);
  lua_rawset(L, E->path);
  int rc = encode_entries(E, idx, depth);
  lua_pushvalue(L, idx);
  lua_pushnil(L);
  lua_rawset(L, E->path); /* off the path: a table met twice side by side is written twice */
  return rc;
}

static int encode(encoder *E, int idx, int depth) {
  lua_State *L = E->L;
  sl_buf *b = E->b;
  if (E->cut) return 0;
  if (E->left == 0) {
    E->cut = 1;
    return put_marker(E, "<...>");
  }
  E->left--;
  if (!lua_checkstack(L, 8)) return SL_ENOMEM;
  switch (lua_type(L, idx)) {
  case LUA_TNIL: return sl_buf_put(b, "null", 4);
  case LUA_TBOOLEAN: return lua_toboolean(L, idx) ? sl_buf_put(b, "true", 4) : sl_buf_put(b, "false", 5);
  case LUA_TNUMBER:
    if (lua_isinteger(L, idx)) return sl_buf_printf(b, "%lld", (long long)lua_tointeger(L, idx));
    return sl_buf_json_num(b, lua_tonumber(L, idx));
  case LUA_TSTRING: {
    size_t n;
    const char *s = lua_tolstring(L, idx, &n);
    return sl_buf_json_str(b, s, n);
  }
  case LUA_TTABLE:
    if (depth >= SL_JSON_MAX_DEPTH) return sl_buf_puts(b, "\"<nested too deep>\"");
    if (lua_getmetatable(L, idx)) { /* a frozen table: its entries are in the shadow */
      lua_pushliteral(L, "__sl_frozen"); /* raw reads: no code of the rules runs here */
      if (lua_rawget(L, -2) == LUA_TBOOLEAN) {
        lua_pushliteral(L, "__index");
        lua_rawget(L, -3);
        int rc = encode_table(E, lua_gettop(L), depth);
        lua_pop(L, 3);
        return rc;
      }
      lua_pop(L, 2);
    }
    return encode_table(E, idx, depth);
  case LUA_TLIGHTUSERDATA: /* a verdict (pass("...")): shown as the call that made it */
    if (luaL_getmetafield(L, idx, "__tostring") != LUA_TNIL) {
      lua_pop(L, 1);
      size_t n;
      const char *s = luaL_tolstring(L, idx, &n);
      int rc = sl_buf_json_str(b, s, n);
      lua_pop(L, 1);
      return rc;
    }
    /* fall through */
  default: {
    char what[64];
    snprintf(what, sizeof what, "<%s>", luaL_typename(L, idx));
    return sl_buf_json_str(b, what, strlen(what));
  }
  }
}

int sl_lua_to_json(lua_State *L, int idx, size_t max_values, sl_buf *b) {
  idx = lua_absindex(L, idx);
  lua_newtable(L);
  encoder E = {L, b, lua_gettop(L), max_values, 0};
  int rc = encode(&E, idx, 0);
  lua_pop(L, 1);
  return rc;
}
