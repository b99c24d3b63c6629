/*
 * strcase.h - string.lower and string.upper for the sandbox.
 *
 * The same answers as the string library's (byte by byte through the C
 * library's tolower/toupper), built for how rules use them: lowering a
 * field to compare it case-insensitively, where the text is usually
 * already lower case. A string the mapping leaves as it is comes back
 * itself, with no new string made and interned, and a short one is mapped
 * on the C stack instead of in a luaL_Buffer.
 */
#ifndef SL_STRCASE_H
#define SL_STRCASE_H

#include <lua.h>

int sl_str_lower(lua_State *L); /* string.lower(s) */
int sl_str_upper(lua_State *L); /* string.upper(s) */

#endif
