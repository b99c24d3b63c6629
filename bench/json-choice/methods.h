/* bench/json-choice: one "method" = one way to turn a line of JSON into a Lua table. */
#ifndef JSON_CHOICE_METHODS_H
#define JSON_CHOICE_METHODS_H

#include <stddef.h>
#include <lua.h>

#define JC_MAX_DEPTH 1000 /* the nesting we allow when we control it (as lua-cjson does) */

typedef struct method {
    const char *name;
    /* Prepare L (e.g. load cjson) and return a context; NULL ctx is fine. */
    void *(*setup)(lua_State *L);
    /* Decode s[0..n) and push exactly one value on L: returns 1. On a parse error push
     * nothing, write a message to err and return 0. With L == NULL: parse only, build no
     * Lua value (the DOM libraries' parse cost alone). */
    int (*build)(void *ctx, lua_State *L, const char *s, size_t n, char *err, size_t errlen);
    void (*teardown)(void *ctx);
    int parse_only_ok; /* build() accepts L == NULL */
} method;

#ifdef HAVE_JSONC
extern const method jc_method_jsonc;
#endif

#endif
