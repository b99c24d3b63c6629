/* json-c DOM parse, then conversion to a Lua table. A separate translation unit because
 * json-c's and jansson's headers both define json_object. */
#include <json-c/json.h>
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "methods.h"

static void *jsonc_setup(lua_State *L)
{
    (void)L;
    /* json-c's default depth is 32 (JSON_TOKENER_DEFAULT_DEPTH); raise it to ours. */
    return json_tokener_new_ex(JC_MAX_DEPTH);
}

static void jsonc_teardown(void *ctx) { json_tokener_free(ctx); }

static void to_lua(lua_State *L, struct json_object *v)
{
    luaL_checkstack(L, 3, "json too deep");
    switch (json_object_get_type(v)) {
    case json_type_null:
        lua_pushnil(L);
        break;
    case json_type_boolean:
        lua_pushboolean(L, json_object_get_boolean(v));
        break;
    case json_type_int:
        lua_pushinteger(L, (lua_Integer)json_object_get_int64(v));
        break;
    case json_type_double:
        lua_pushnumber(L, json_object_get_double(v));
        break;
    case json_type_string:
        lua_pushlstring(L, json_object_get_string(v), (size_t)json_object_get_string_len(v));
        break;
    case json_type_array: {
        size_t n = json_object_array_length(v);
        lua_createtable(L, (int)n, 0);
        for (size_t i = 0; i < n; i++) {
            to_lua(L, json_object_array_get_idx(v, i));
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        break;
    }
    case json_type_object: {
        lua_createtable(L, 0, json_object_object_length(v));
        json_object_object_foreach(v, key, val)
        {
            lua_pushstring(L, key);
            to_lua(L, val);
            lua_rawset(L, -3);
        }
        break;
    }
    }
}

static int jsonc_build(void *ctx, lua_State *L, const char *s, size_t n, char *err, size_t errlen)
{
    struct json_tokener *tok = ctx;
    json_tokener_reset(tok);
    struct json_object *v = json_tokener_parse_ex(tok, s, (int)n);
    enum json_tokener_error e = json_tokener_get_error(tok);
    int fed_nul = 0;
    if (e == json_tokener_continue) {
        fed_nul = 1;
        /* a top-level scalar ("42") is only complete at the end of input: s[n] is a NUL
         * (decode.c keeps every line NUL-terminated); feed it to say so */
        v = json_tokener_parse_ex(tok, s + n, 1);
        e = json_tokener_get_error(tok);
    }
    if (e == json_tokener_success && !fed_nul && json_tokener_get_parse_end(tok) < n) {
        snprintf(err, errlen, "trailing data at offset %zu", json_tokener_get_parse_end(tok));
        json_object_put(v);
        return 0;
    }
    if (e != json_tokener_success) {
        if (e == json_tokener_continue)
            snprintf(err, errlen, "unexpected end of input (offset %zu)", n);
        else
            snprintf(err, errlen, "%s at offset %zu", json_tokener_error_desc(e),
                     fed_nul ? n : json_tokener_get_parse_end(tok));
        json_object_put(v);
        return 0;
    }
    if (L) {
        if (v == NULL)
            lua_pushnil(L); /* the document "null" */
        else
            to_lua(L, v);
    }
    json_object_put(v);
    return 1;
}

const method jc_method_jsonc = {"json-c DOM -> Lua", jsonc_setup, jsonc_build, jsonc_teardown, 1};
