/*
 * values.h - sl.text and sl.number, the readers of untrusted candidate
 * fields (see values.c).
 */
#ifndef SL_VALUES_H
#define SL_VALUES_H

#include <lua.h>

/* [-0, +0, m] Sets sl.text and sl.number in the table at sl_table. */
void sl_values_register(lua_State *L, int sl_table);

#endif
