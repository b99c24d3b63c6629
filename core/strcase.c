/* strcase.c - string.lower / string.upper that return an unchanged string
 * itself (see strcase.h). */
#include "strcase.h"

#include <ctype.h>
#include <lauxlib.h>

/* Strings up to this long are mapped in a stack buffer. */
#define ON_STACK 256

/* A flag, not a function pointer: tolower/toupper stay inline table lookups. */
static inline int map(int upper, int c) { return upper ? toupper(c) : tolower(c); }

static int map_case(lua_State *L, int upper) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n); /* a number argument becomes its string */
  size_t same = 0;
  while (same < n && map(upper, (unsigned char)s[same]) == (unsigned char)s[same]) same++;
  if (same == n) {
    lua_settop(L, 1);
    return 1;
  }
  char stack[ON_STACK];
  luaL_Buffer b;
  char *out = n <= sizeof stack ? stack : luaL_buffinitsize(L, &b, n);
  for (size_t i = 0; i < n; i++) out[i] = (char)map(upper, (unsigned char)s[i]);
  if (out == stack) lua_pushlstring(L, out, n);
  else luaL_pushresultsize(&b, n);
  return 1;
}

int sl_str_lower(lua_State *L) { return map_case(L, 0); }
int sl_str_upper(lua_State *L) { return map_case(L, 1); }
