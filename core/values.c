/*
 * values.c - sl.text and sl.number: reading untrusted candidate fields.
 *
 * Any field of a candidate may be missing, null, a number where text was
 * expected or "$280,000" where a number was. Packs read nearly every field
 * through these two, so they are in C: in Lua each was a function call plus
 * three or four library calls and a chain of gsubs per field.
 *
 * Neither raises on candidate data: what cannot be used is nil.
 */
#include "values.h"

#include <math.h>
#include <string.h>

#include <lauxlib.h>

/* Lua's %s class in the C locale (string patterns use isspace). */
static int is_space(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

/* [-0, +1, m] sl.text(v) -> v trimmed, or nil for anything but a string with
 * something in it besides whitespace. The string itself comes back when
 * there is nothing to trim, so no new string is made. */
static int l_text(lua_State *L) {
  size_t n;
  if (lua_type(L, 1) != LUA_TSTRING) {
    lua_pushnil(L);
    return 1;
  }
  const char *s = lua_tolstring(L, 1, &n);
  size_t a = 0, b = n;
  while (a < b && is_space((unsigned char)s[a])) a++;
  while (b > a && is_space((unsigned char)s[b - 1])) b--;
  if (a == b) lua_pushnil(L);
  else if (a == 0 && b == n) lua_settop(L, 1);
  else lua_pushlstring(L, s + a, b - a);
  return 1;
}

/* Longest numeric text worth reading; longer strings are not numbers a
 * recruiter wrote (and would only cost a copy). */
#define NUMBER_TEXT_MAX 64

static int has_prefix(const char *s, size_t n, const char *p) {
  size_t k = strlen(p);
  return n >= k && memcmp(s, p, k) == 0;
}

/* [-0, +1, -] Pushes the number in s[0..n) as Lua's tonumber reads it, or
 * nil. Returns 1 when a number was pushed. */
static int push_tonumber(lua_State *L, const char *s, size_t n) {
  char buf[NUMBER_TEXT_MAX + 1];
  memcpy(buf, s, n);
  buf[n] = '\0';
  if (n == 0 || lua_stringtonumber(L, buf) != n + 1) {
    lua_pushnil(L);
    return 0;
  }
  return 1;
}

/* [-0, +1, -] x * k for a number on the stack top, as Lua arithmetic
 * does it: integers stay integers (wrapping, as Lua's do), floats stay
 * floats. */
static void scale_top(lua_State *L, lua_Integer k) {
  if (lua_isinteger(L, -1)) {
    lua_Unsigned x = (lua_Unsigned)lua_tointeger(L, -1);
    lua_pop(L, 1);
    lua_pushinteger(L, (lua_Integer)(x * (lua_Unsigned)k));
  } else {
    lua_Number x = lua_tonumber(L, -1);
    lua_pop(L, 1);
    lua_pushnumber(L, x * (lua_Number)k);
  }
}

/* [-0, +1, m] sl.number(v) -> a finite number, or nil. Numbers as they
 * are; strings as people write amounts: case and whitespace, commas and
 * underscores ignored ("1,250", "1 250"), a leading "$" or "usd" and a
 * trailing "usd" dropped, "280k" is 280000, "110%" is 1.1. */
static int l_number(lua_State *L) {
  int t = lua_type(L, 1);
  if (t == LUA_TNUMBER) {
    if (!lua_isinteger(L, 1) && !isfinite(lua_tonumber(L, 1))) lua_pushnil(L);
    else lua_settop(L, 1);
    return 1;
  }
  if (t != LUA_TSTRING) {
    lua_pushnil(L);
    return 1;
  }
  size_t len;
  const char *s = lua_tolstring(L, 1, &len);
  char buf[NUMBER_TEXT_MAX];
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (is_space(c) || c == ',' || c == '_') continue;
    if (n == sizeof buf) { /* too long to be an amount */
      lua_pushnil(L);
      return 1;
    }
    buf[n++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
  }
  const char *p = buf;
  if (n && *p == '$') p++, n--;
  if (has_prefix(p, n, "usd")) p += 3, n -= 3;
  if (n >= 3 && memcmp(p + n - 3, "usd", 3) == 0) n -= 3;
  if (n && p[n - 1] == '%') {
    if (push_tonumber(L, p, n - 1)) {
      lua_Number x = lua_tonumber(L, -1);
      lua_pop(L, 1);
      lua_pushnumber(L, x / 100);
    }
  } else if (n && p[n - 1] == 'k') {
    if (push_tonumber(L, p, n - 1)) scale_top(L, 1000);
  } else {
    push_tonumber(L, p, n);
  }
  if (lua_type(L, -1) == LUA_TNUMBER && !lua_isinteger(L, -1) &&
      !isfinite(lua_tonumber(L, -1))) {
    lua_pop(L, 1);
    lua_pushnil(L); /* "1e999" is not an amount anyone has */
  }
  return 1;
}

void sl_values_register(lua_State *L, int sl_table) {
  sl_table = lua_absindex(L, sl_table);
  lua_pushcfunction(L, l_text);
  lua_setfield(L, sl_table, "text");
  lua_pushcfunction(L, l_number);
  lua_setfield(L, sl_table, "number");
}
