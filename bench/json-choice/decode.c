/* bench/json-choice/decode.c -- which JSON library should a shortlist worker use?
 *
 *   make -C bench/json-choice O=/tmp/jc      (O=: where the objects and binary go)
 *   /tmp/jc/decode FILE.jsonl [--reps 3] [--batch 256] [--sample N] [--gen]
 *                                       [--only NAME] [--probes-only]
 * (--gen: Lua's generational collector; --only: one method, by its short name below, e.g.
 * to profile it with perf; --sample: records compared in the equivalence check)
 *
 * Reads a JSONL file of candidate records (bench/gen.py) into memory and, for every line,
 * builds the equivalent Lua table in a lua_State, the way a worker does before it runs the
 * rules, by each method:
 *   yajl          yajl 2 callback parser pushing straight onto the Lua stack (no DOM);
 *                 integer/double callbacks
 *   yajl-number   the same with yajl's number callback + lua_stringtonumber (Lua's own
 *                 integer/float rule; no "integer overflow" errors)
 *   yajl-hints    integer/double callbacks, each table pre-sized (lua_createtable) like
 *                 the last table closed at the same depth
 *   lua-cjson     push the line as a Lua string and call cjson.decode (lua_pcall)
 *   jansson       jansson DOM parse (json_loadb), then conversion to Lua
 *   cJSON         cJSON DOM parse (cJSON_ParseWithLengthOpts), then conversion to Lua
 *   json-c        json-c DOM parse (json_tokener_parse_ex), then conversion (if built)
 * Each table is popped after it is built (lua_settop) and the collector gets a step every
 * --batch records, as a worker does between batches. Reports MB/s and records/s, best of
 * --reps (all methods in the same run, interleaved), then the parse-only cost of the DOM
 * parsers, then whether each method's tables equal yajl's, then edge-case probes: null,
 * integers vs floats, big numbers, errors and their positions, depth limits, invalid UTF-8.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include <cJSON.h>
#include <jansson.h>
#include <lua-cjson.h>
#include <yajl_parse.h>

#include "methods.h"

/* ------------------------------------------------------------------ yajl -> Lua stack */

typedef struct {
    lua_State *L;
    int depth;                           /* containers open */
    unsigned char is_map[JC_MAX_DEPTH + 1];
    lua_Integer idx[JC_MAX_DEPTH + 1];   /* next array index - 1 */
    int error;                           /* why a callback stopped the parse */
    int hints;                           /* pre-size tables from the last one at this depth */
    int count[JC_MAX_DEPTH + 1];         /* entries stored so far, per open container */
    int last[JC_MAX_DEPTH + 1];          /* entries of the last container closed at a depth */
    yajl_callbacks *cb;
} yctx;

enum { YERR_NONE, YERR_DEPTH, YERR_STACK };

/* A value is on top of the stack: store it into the open container (if any). */
static inline int y_done(yctx *c)
{
    if (c->depth > 0) {
        c->count[c->depth]++;
        if (c->is_map[c->depth])
            lua_rawset(c->L, -3); /* container, key, value */
        else
            lua_rawseti(c->L, -2, ++c->idx[c->depth]);
    }
    return 1;
}

static int y_null(void *ctx)
{
    yctx *c = ctx;
    lua_pushnil(c->L); /* in a map: the key is absent; in an array: a hole, index kept */
    return y_done(c);
}
static int y_boolean(void *ctx, int b)
{
    yctx *c = ctx;
    lua_pushboolean(c->L, b);
    return y_done(c);
}
static int y_integer(void *ctx, long long i)
{
    yctx *c = ctx;
    lua_pushinteger(c->L, (lua_Integer)i);
    return y_done(c);
}
static int y_double(void *ctx, double d)
{
    yctx *c = ctx;
    lua_pushnumber(c->L, d);
    return y_done(c);
}
static int y_number(void *ctx, const char *s, size_t n)
{
    yctx *c = ctx;
    char buf[64];
    if (n < sizeof buf) {
        memcpy(buf, s, n);
        buf[n] = 0;
        if (lua_stringtonumber(c->L, buf) == n + 1)
            return y_done(c);
    }
    /* very long numbers: strtod (yajl validated the syntax) */
    char *tmp = malloc(n + 1);
    if (!tmp)
        return 0;
    memcpy(tmp, s, n);
    tmp[n] = 0;
    lua_pushnumber(c->L, strtod(tmp, NULL));
    free(tmp);
    return y_done(c);
}
static int y_string(void *ctx, const unsigned char *s, size_t n)
{
    yctx *c = ctx;
    lua_pushlstring(c->L, (const char *)s, n);
    return y_done(c);
}
static int y_open(yctx *c, int is_map)
{
    if (c->depth >= JC_MAX_DEPTH) {
        c->error = YERR_DEPTH;
        return 0;
    }
    if (!lua_checkstack(c->L, 4)) {
        c->error = YERR_STACK;
        return 0;
    }
    c->depth++;
    if (c->hints) {
        int h = c->last[c->depth];
        lua_createtable(c->L, is_map ? 0 : h, is_map ? h : 0);
        c->count[c->depth] = 0;
    } else {
        lua_createtable(c->L, 0, 0);
    }
    c->is_map[c->depth] = (unsigned char)is_map;
    c->idx[c->depth] = 0;
    return 1;
}
static int y_start_map(void *ctx) { return y_open(ctx, 1); }
static int y_start_array(void *ctx) { return y_open(ctx, 0); }
static int y_map_key(void *ctx, const unsigned char *k, size_t n)
{
    yctx *c = ctx;
    lua_pushlstring(c->L, (const char *)k, n);
    return 1;
}
static int y_end(void *ctx)
{
    yctx *c = ctx;
    if (c->hints)
        c->last[c->depth] = c->count[c->depth];
    c->depth--;
    return y_done(c);
}

static yajl_callbacks y_cb_intdouble = {y_null, y_boolean, y_integer, y_double, NULL,
                                        y_string, y_start_map, y_map_key, y_end,
                                        y_start_array, y_end};
static yajl_callbacks y_cb_number = {y_null, y_boolean, NULL, NULL, y_number,
                                     y_string, y_start_map, y_map_key, y_end,
                                     y_start_array, y_end};
static yajl_callbacks y_cb_none = {0}; /* parse only: validate and tokenize, build nothing */

static void *yajl_setup_int(lua_State *L)
{
    yctx *c = calloc(1, sizeof *c);
    c->L = L;
    c->cb = L ? &y_cb_intdouble : &y_cb_none;
    return c;
}
static void *yajl_setup_num(lua_State *L)
{
    yctx *c = yajl_setup_int(L);
    c->cb = L ? &y_cb_number : &y_cb_none;
    return c;
}
static void *yajl_setup_hints(lua_State *L)
{
    yctx *c = yajl_setup_int(L);
    c->hints = 1;
    return c;
}
static void yajl_teardown(void *ctx) { free(ctx); }

static int yajl_build(void *ctx, lua_State *L, const char *s, size_t n, char *err, size_t errlen)
{
    yctx *c = ctx;
    int top = L ? lua_gettop(L) : 0;
    c->L = L;
    c->depth = 0;
    c->error = YERR_NONE;
    /* One handle per record: after an error a yajl handle cannot be reused, and every
     * line must be decoded on its own. */
    yajl_handle h = yajl_alloc(c->cb, NULL, c);
    yajl_status st = yajl_parse(h, (const unsigned char *)s, n);
    int at_end = 0;
    if (st == yajl_status_ok) {
        st = yajl_complete_parse(h);
        at_end = 1; /* an error here (premature EOF) is at the end of the input */
    }
    if (st != yajl_status_ok) {
        size_t at = at_end ? n : yajl_get_bytes_consumed(h);
        if (c->error == YERR_DEPTH)
            snprintf(err, errlen, "nesting deeper than %d at offset %zu", JC_MAX_DEPTH, at);
        else if (c->error == YERR_STACK)
            snprintf(err, errlen, "Lua stack exhausted at offset %zu", at);
        else {
            unsigned char *m = yajl_get_error(h, 0, (const unsigned char *)s, n);
            size_t ml = strlen((char *)m);
            while (ml > 0 && (m[ml - 1] == '\n' || m[ml - 1] == ' '))
                m[--ml] = 0;
            snprintf(err, errlen, "%s at offset %zu", (char *)m, at);
            yajl_free_error(h, m);
        }
        yajl_free(h);
        if (L)
            lua_settop(L, top);
        return 0;
    }
    yajl_free(h);
    return 1;
}

/* ------------------------------------------------------------------ lua-cjson */

typedef struct {
    lua_State *L;
    int decode_idx; /* stack slot holding cjson.decode */
} cjctx;

static void *cjson_setup(lua_State *L)
{
    cjctx *c = calloc(1, sizeof *c);
    c->L = L;
    luaL_requiref(L, "cjson", luaopen_cjson, 0);
    lua_getfield(L, -1, "decode");
    lua_remove(L, -2);
    c->decode_idx = lua_gettop(L);
    return c;
}
static void cjson_teardown(void *ctx) { free(ctx); }

static int cjson_build(void *ctx, lua_State *L, const char *s, size_t n, char *err, size_t errlen)
{
    cjctx *c = ctx;
    lua_pushvalue(L, c->decode_idx);
    lua_pushlstring(L, s, n);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
        snprintf(err, errlen, "%s", lua_tostring(L, -1));
        lua_pop(L, 1);
        return 0;
    }
    return 1;
}

/* ------------------------------------------------------------------ jansson */

static void *nothing_setup(lua_State *L)
{
    (void)L;
    return NULL;
}
static void nothing_teardown(void *ctx) { (void)ctx; }

static void jansson_to_lua(lua_State *L, json_t *v)
{
    luaL_checkstack(L, 3, "json too deep");
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *k;
        size_t klen;
        json_t *x;
        lua_createtable(L, 0, (int)json_object_size(v));
        json_object_keylen_foreach(v, k, klen, x)
        {
            lua_pushlstring(L, k, klen);
            jansson_to_lua(L, x);
            lua_rawset(L, -3);
        }
        break;
    }
    case JSON_ARRAY: {
        size_t i;
        json_t *x;
        lua_createtable(L, (int)json_array_size(v), 0);
        json_array_foreach(v, i, x)
        {
            jansson_to_lua(L, x);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        break;
    }
    case JSON_STRING:
        lua_pushlstring(L, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        lua_pushinteger(L, (lua_Integer)json_integer_value(v));
        break;
    case JSON_REAL:
        lua_pushnumber(L, json_real_value(v));
        break;
    case JSON_TRUE:
        lua_pushboolean(L, 1);
        break;
    case JSON_FALSE:
        lua_pushboolean(L, 0);
        break;
    case JSON_NULL:
        lua_pushnil(L);
        break;
    }
}

static int jansson_build(void *ctx, lua_State *L, const char *s, size_t n, char *err, size_t errlen)
{
    (void)ctx;
    json_error_t e;
    json_t *v = json_loadb(s, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
    if (!v) {
        snprintf(err, errlen, "%s at line %d column %d (offset %d)", e.text, e.line, e.column,
                 e.position);
        return 0;
    }
    if (L)
        jansson_to_lua(L, v);
    json_decref(v);
    return 1;
}

/* ------------------------------------------------------------------ cJSON */

static void cjson_dom_to_lua(lua_State *L, const cJSON *v)
{
    luaL_checkstack(L, 3, "json too deep");
    if (cJSON_IsObject(v)) {
        lua_createtable(L, 0, 0); /* cJSON keeps no child count; counting is another walk */
        for (const cJSON *x = v->child; x; x = x->next) {
            lua_pushstring(L, x->string);
            cjson_dom_to_lua(L, x);
            lua_rawset(L, -3);
        }
    } else if (cJSON_IsArray(v)) {
        lua_Integer i = 0;
        lua_createtable(L, 0, 0);
        for (const cJSON *x = v->child; x; x = x->next) {
            cjson_dom_to_lua(L, x);
            lua_rawseti(L, -2, ++i);
        }
    } else if (cJSON_IsString(v)) {
        lua_pushstring(L, v->valuestring); /* NUL-terminated: "\u0000" truncates */
    } else if (cJSON_IsNumber(v)) {
        /* cJSON keeps only a double: whether the text was "60" or "60.0" is lost, so the
         * best a converter can do is call integral values integers. */
        double d = v->valuedouble;
        if (d == floor(d) && d >= -9007199254740992.0 && d <= 9007199254740992.0)
            lua_pushinteger(L, (lua_Integer)d);
        else
            lua_pushnumber(L, d);
    } else if (cJSON_IsBool(v)) {
        lua_pushboolean(L, cJSON_IsTrue(v));
    } else {
        lua_pushnil(L);
    }
}

static int cjsondom_build(void *ctx, lua_State *L, const char *s, size_t n, char *err, size_t errlen)
{
    (void)ctx;
    const char *end = NULL;
    cJSON *v = cJSON_ParseWithLengthOpts(s, n, &end, 0);
    if (!v) {
        /* cJSON has no error message, only a position (cJSON_GetErrorPtr is a global,
         * not thread-safe; the return_parse_end pointer is) */
        snprintf(err, errlen, "parse error at offset %td", end ? end - s : (ptrdiff_t)-1);
        return 0;
    }
    if (end && (size_t)(end - s) < n) {
        /* trailing bytes: cJSON accepts them unless asked to require the end */
        size_t k = (size_t)(end - s);
        while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
            k++;
        if (k < n) {
            snprintf(err, errlen, "trailing data at offset %zu", k);
            cJSON_Delete(v);
            return 0;
        }
    }
    if (L)
        cjson_dom_to_lua(L, v);
    cJSON_Delete(v);
    return 1;
}

/* ------------------------------------------------------------------ the methods */

static const method methods[] = {
    {"yajl callbacks -> Lua stack", yajl_setup_int, yajl_build, yajl_teardown, 1},
    {"yajl number cb -> Lua stack", yajl_setup_num, yajl_build, yajl_teardown, 0},
    {"yajl + table size hints", yajl_setup_hints, yajl_build, yajl_teardown, 0},
    {"lua-cjson cjson.decode", cjson_setup, cjson_build, cjson_teardown, 0},
    {"jansson DOM -> Lua", nothing_setup, jansson_build, nothing_teardown, 1},
    {"cJSON DOM -> Lua", nothing_setup, cjsondom_build, nothing_teardown, 1},
#ifdef HAVE_JSONC
    {0}, /* filled from jsonc.c at start-up */
#endif
};
static method all[sizeof methods / sizeof methods[0]];
static const size_t nmethods = sizeof methods / sizeof methods[0];
static const char *short_names[] = {"yajl", "yajl-number", "yajl-hints", "lua-cjson", "jansson", "cJSON", "json-c"};

/* ------------------------------------------------------------------ input */

typedef struct {
    const char *p;
    size_t n;
} line_t;

static char *file_buf;
static line_t *lines;
static size_t nlines, nbytes;

static void load(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "decode: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    file_buf = malloc((size_t)sz + 1);
    if (fread(file_buf, 1, (size_t)sz, f) != (size_t)sz) {
        fprintf(stderr, "decode: %s: short read\n", path);
        exit(2);
    }
    fclose(f);
    file_buf[sz] = 0;
    size_t cap = 1024;
    lines = malloc(cap * sizeof *lines);
    for (char *p = file_buf, *end = file_buf + sz; p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            nl = end;
        *nl = 0; /* every line NUL-terminated (json-c's top-level scalars need it) */
        if (nl > p) {
            if (nlines == cap)
                lines = realloc(lines, (cap *= 2) * sizeof *lines);
            lines[nlines].p = p;
            lines[nlines].n = (size_t)(nl - p);
            nbytes += (size_t)(nl - p) + 1;
            nlines++;
        }
        p = nl + 1;
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static lua_State *new_state(int generational)
{
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    if (generational)
        lua_gc(L, LUA_GCGEN, 0, 0);
    return L;
}

/* One timed pass over all lines. Returns seconds; counts errors. */
static double run_pass(const method *m, int build_lua, int batch, int generational, size_t *errors)
{
    lua_State *L = new_state(generational);
    void *ctx = m->setup(build_lua ? L : NULL);
    int base = lua_gettop(L);
    char err[256];
    size_t errs = 0;
    double t0 = now();
    for (size_t i = 0; i < nlines; i++) {
        if (m->build(ctx, build_lua ? L : NULL, lines[i].p, lines[i].n, err, sizeof err)) {
            if (build_lua)
                lua_settop(L, base); /* the worker would run the rules here */
        } else {
            errs++;
        }
        if (batch > 0 && (i + 1) % (size_t)batch == 0)
            lua_gc(L, LUA_GCSTEP, 0);
    }
    double t = now() - t0;
    m->teardown(ctx);
    lua_close(L);
    *errors = errs;
    return t;
}

/* ------------------------------------------------------------------ equivalence */

/* Compare a (at ia) with b (at ib): 0 equal, else a bit set of differences. */
enum { D_NUMTYPE = 1, D_VALUE = 2, D_KEYS = 4, D_TYPE = 8 };

static int deep_diff(lua_State *L, int ia, int ib)
{
    ia = lua_absindex(L, ia);
    ib = lua_absindex(L, ib);
    int ta = lua_type(L, ia), tb = lua_type(L, ib);
    if (ta != tb)
        return (ta == LUA_TNIL || tb == LUA_TNIL) ? D_KEYS : D_TYPE;
    switch (ta) {
    case LUA_TNUMBER: {
        int d = 0;
        if (lua_isinteger(L, ia) != lua_isinteger(L, ib))
            d |= D_NUMTYPE;
        if (lua_tonumber(L, ia) != lua_tonumber(L, ib))
            d |= D_VALUE;
        return d;
    }
    case LUA_TSTRING:
    case LUA_TBOOLEAN:
    case LUA_TLIGHTUSERDATA:
        return lua_rawequal(L, ia, ib) ? 0 : D_VALUE;
    case LUA_TTABLE: {
        int d = 0;
        luaL_checkstack(L, 6, "deep_diff");
        lua_pushnil(L);
        while (lua_next(L, ia)) { /* every key of a: in b, equal */
            lua_pushvalue(L, -2);
            lua_rawget(L, ib);
            d |= deep_diff(L, -2, -1);
            lua_pop(L, 2);
        }
        lua_pushnil(L);
        while (lua_next(L, ib)) { /* every key of b: in a */
            lua_pushvalue(L, -2);
            lua_rawget(L, ia);
            if (lua_isnil(L, -1))
                d |= D_KEYS;
            lua_pop(L, 2);
        }
        return d;
    }
    default:
        return ta == LUA_TNIL ? 0 : D_TYPE;
    }
}

static void equivalence(size_t sample)
{
    if (sample > nlines)
        sample = nlines;
    printf("\nSame Lua tables as yajl (integer/double callbacks)? First %zu records:\n", sample);
    for (size_t mi = 1; mi < nmethods; mi++) {
        lua_State *L = new_state(0);
        void *cref = all[0].setup(L);
        void *cm = all[mi].setup(L);
        size_t same = 0, numtype = 0, other = 0, errors = 0;
        char err[256];
        for (size_t i = 0; i < sample; i++) {
            int top = lua_gettop(L);
            int ok1 = all[0].build(cref, L, lines[i].p, lines[i].n, err, sizeof err);
            int ok2 = ok1 && all[mi].build(cm, L, lines[i].p, lines[i].n, err, sizeof err);
            if (!ok1 || !ok2) {
                errors++;
            } else {
                int d = deep_diff(L, -2, -1);
                if (d == 0)
                    same++;
                else if (d == D_NUMTYPE)
                    numtype++;
                else
                    other++;
            }
            lua_settop(L, top);
        }
        printf("  %-30s identical %zu, differ only in integer/float subtype %zu, other "
               "differences %zu, errors %zu\n",
               all[mi].name, same, numtype, other, errors);
        all[mi].teardown(cm);
        all[0].teardown(cref);
        lua_close(L);
    }
}

/* ------------------------------------------------------------------ probes */

typedef struct {
    char *p;
    size_t n, cap;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}
static void sb_str(sbuf *b, const char *s) { sb_add(b, s, strlen(s)); }

/* tostring of a copy: never convert a lua_next key in place */
static void sb_tostring(sbuf *b, lua_State *L, int idx)
{
    lua_pushvalue(L, idx);
    size_t l;
    const char *s = luaL_tolstring(L, -1, &l);
    sb_add(b, s, l);
    lua_pop(L, 2);
}

static void render(lua_State *L, int idx, sbuf *b, int depth)
{
    idx = lua_absindex(L, idx);
    luaL_checkstack(L, 6, "render");
    switch (lua_type(L, idx)) {
    case LUA_TTABLE: {
        if (depth > 3) {
            sb_str(b, "{...}");
            return;
        }
        lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
        int first = 1;
        sb_str(b, "{");
        for (lua_Integer i = 1; i <= n; i++) { /* the array part, in order */
            if (!first)
                sb_str(b, ",");
            first = 0;
            lua_rawgeti(L, idx, i);
            render(L, -1, b, depth + 1);
            lua_pop(L, 1);
        }
        lua_pushnil(L);
        while (lua_next(L, idx)) { /* then the other keys */
            if (lua_isinteger(L, -2) && lua_tointeger(L, -2) >= 1 && lua_tointeger(L, -2) <= n) {
                lua_pop(L, 1);
                continue;
            }
            if (!first)
                sb_str(b, ",");
            first = 0;
            sb_tostring(b, L, -2);
            sb_str(b, "=");
            render(L, -1, b, depth + 1);
            lua_pop(L, 1);
        }
        sb_str(b, "}");
        if (n > 0) {
            char tmp[32];
            snprintf(tmp, sizeof tmp, "#%lld", (long long)n);
            sb_str(b, tmp);
        }
        return;
    }
    case LUA_TSTRING: {
        size_t l;
        const char *s = lua_tolstring(L, idx, &l);
        char tmp[24];
        sb_str(b, "\"");
        for (size_t i = 0; i < l && i < 40; i++) {
            unsigned char ch = (unsigned char)s[i];
            if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\') {
                snprintf(tmp, sizeof tmp, "\\x%02X", ch);
                sb_str(b, tmp);
            } else
                sb_add(b, (const char *)&ch, 1);
        }
        snprintf(tmp, sizeof tmp, "\"/%zu", l);
        sb_str(b, tmp);
        return;
    }
    case LUA_TLIGHTUSERDATA:
        sb_str(b, "lightuserdata(cjson.null)");
        return;
    case LUA_TNUMBER:
        sb_tostring(b, L, idx); /* what a reason string shows: 60 vs 60.0 */
        sb_str(b, lua_isinteger(L, idx) ? "i" : "f");
        return;
    default:
        sb_tostring(b, L, idx);
        return;
    }
}

typedef struct {
    const char *what;
    const char *json;
    size_t len; /* 0: strlen */
} probe;

static char *nest(int depth)
{
    char *s = malloc((size_t)depth * 2 + 1);
    memset(s, '[', (size_t)depth);
    memset(s + depth, ']', (size_t)depth);
    s[depth * 2] = 0;
    return s;
}

static void probes(void)
{
    char *d33 = nest(33), *d1000 = nest(1000), *d1001 = nest(1001), *d100k = nest(100000);
    const probe ps[] = {
        {"integers vs floats", "{\"n\":60,\"x\":60.0,\"q\":1.07,\"e\":1e2}", 0},
        {"null in object and array", "{\"a\":null,\"b\":[1,null,3]}", 0},
        {"integer beyond 64 bits", "{\"big\":12345678901234567890}", 0},
        {"2^63-1, -2^63", "[9223372036854775807,-9223372036854775808]", 0},
        {"float overflow", "{\"e\":1e400}", 0},
        {"escapes + surrogate pair", "{\"s\":\"caf\\u00e9 \\ud83d\\ude00\"}", 0},
        {"\\u0000 inside a string", "{\"s\":\"a\\u0000b\"}", 0},
        {"raw invalid UTF-8 bytes", "{\"s\":\"\xff\xfe\"}", 0},
        {"overlong UTF-8 (C0 AF)", "{\"s\":\"\xc0\xaf\"}", 0},
        {"lone surrogate \\ud800", "{\"s\":\"\\ud800\"}", 0},
        {"duplicate key", "{\"a\":1,\"a\":2}", 0},
        {"NaN / Infinity / hex", "[NaN,Infinity,0x10]", 0},
        {"leading zero", "[012]", 0},
        {"trailing comma", "{\"a\":1,}", 0},
        {"missing comma", "{\"id\":\"c-1\",\"sales_years\":12 \"x\":1}", 0},
        {"truncated", "{\"id\":\"c-1\",\"name\":\"Ada", 0},
        {"trailing garbage", "{\"a\":1} x", 0},
        {"two documents", "{\"a\":1}{\"b\":2}", 0},
        {"top-level scalar", "42", 0},
        {"depth 33", d33, 0},
        {"depth 1000", d1000, 0},
        {"depth 1001", d1001, 0},
        {"depth 100000", d100k, 0},
    };
    printf("\nProbes (value as Lua sees it: i = integer, f = float, \"..\"/N = string of N bytes;\n"
           "#N = length of the array part; or the error message):\n");
    for (size_t pi = 0; pi < sizeof ps / sizeof ps[0]; pi++) {
        const probe *p = &ps[pi];
        size_t len = p->len ? p->len : strlen(p->json);
        char shown[48];
        snprintf(shown, sizeof shown, "%.40s%s", p->json, len > 40 ? "..." : "");
        printf("\n  %s: %s\n", p->what, shown);
        for (size_t mi = 0; mi < nmethods; mi++) {
            lua_State *L = new_state(0);
            void *ctx = all[mi].setup(L);
            char err[512];
            char *copy = malloc(len + 1); /* NUL-terminated like the lines of a file */
            memcpy(copy, p->json, len);
            copy[len] = 0;
            int top = lua_gettop(L);
            int ok = all[mi].build(ctx, L, copy, len, err, sizeof err);
            if (ok) {
                sbuf b = {0};
                render(L, top + 1, &b, 0);
                printf("    %-12s ok    %s\n", short_names[mi], b.p);
                free(b.p);
            } else {
                for (char *q = err; *q; q++)
                    if (*q == '\n')
                        *q = ' ';
                printf("    %-12s ERROR %s\n", short_names[mi], err);
            }
            free(copy);
            all[mi].teardown(ctx);
            lua_close(L);
        }
    }
    free(d33), free(d1000), free(d1001), free(d100k);
}

/* ------------------------------------------------------------------ main */

int main(int argc, char **argv)
{
    const char *path = NULL;
    int reps = 3, batch = 256, generational = 0, probes_only = 0;
    const char *only = NULL;
    size_t sample = 20000;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--batch") && i + 1 < argc)
            batch = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--sample") && i + 1 < argc)
            sample = (size_t)atol(argv[++i]);
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else if (!strcmp(argv[i], "--gen"))
            generational = 1;
        else if (!strcmp(argv[i], "--probes-only"))
            probes_only = 1;
        else if (argv[i][0] != '-' || !strcmp(argv[i], "-"))
            path = argv[i];
        else {
            fprintf(stderr, "usage: decode FILE.jsonl [--reps 3] [--batch 256] [--sample N] "
                            "[--gen] [--only NAME] [--probes-only]\n");
            return 2;
        }
    }
    memcpy(all, methods, sizeof methods);
#ifdef HAVE_JSONC
    all[nmethods - 1] = jc_method_jsonc;
#endif
    if (probes_only) {
        probes();
        return 0;
    }
    if (!path) {
        fprintf(stderr, "usage: decode FILE.jsonl [--reps 3] [--batch 256] [--gen] [--probes-only]\n");
        return 2;
    }
    load(path);
    printf("%zu records, %.1f MB (%.0f bytes/record); best of %d; GC step every %d records; "
           "%s GC\n\n",
           nlines, nbytes / 1e6, (double)nbytes / nlines, reps, batch,
           generational ? "generational" : "incremental");

    double best[16], best_parse[16];
    size_t errs[16], perrs[16];
    for (size_t m = 0; m < nmethods; m++)
        best[m] = best_parse[m] = 1e300;
    int selected[16];
    for (size_t m = 0; m < nmethods; m++)
        selected[m] = !only || !strcmp(only, short_names[m]);
    for (int r = 0; r < reps; r++) {
        for (size_t k = 0; k < nmethods; k++) {
            size_t m = (k + (size_t)r) % nmethods; /* rotate the order every repetition */
            if (!selected[m])
                continue;
            double t = run_pass(&all[m], 1, batch, generational, &errs[m]);
            if (t < best[m])
                best[m] = t;
            if (all[m].parse_only_ok) {
                t = run_pass(&all[m], 0, 0, generational, &perrs[m]);
                if (t < best_parse[m])
                    best_parse[m] = t;
            }
        }
    }
    printf("%-32s %10s %12s %9s %8s\n", "method (builds the Lua table)", "MB/s", "records/s",
           "ns/rec", "errors");
    for (size_t m = 0; m < nmethods; m++)
        if (selected[m])
            printf("%-32s %10.1f %12.0f %9.0f %8zu\n", all[m].name, nbytes / best[m] / 1e6,
               nlines / best[m], best[m] / nlines * 1e9, errs[m]);
    printf("\n%-32s %10s %12s %9s\n", "parse only (no Lua table)", "MB/s", "records/s", "ns/rec");
    for (size_t m = 0; m < nmethods; m++)
        if (all[m].parse_only_ok && selected[m])
            printf("%-32s %10.1f %12.0f %9.0f\n", all[m].name, nbytes / best_parse[m] / 1e6,
                   nlines / best_parse[m], best_parse[m] / nlines * 1e9);

    if (only)
        return 0;
    equivalence(sample);
    probes();
    return 0;
}
