/*
 * helpers.h - the `sl` table rules see: sl.date, sl.years, sl.matches and
 * sl.as_of (SPEC section 3), bound over dates.c and match.c. Also the
 * as-of date the CLI parses with --as-of and hands to every worker state.
 */
#ifndef SL_HELPERS_H
#define SL_HELPERS_H

#include <lua.h>

/* A calendar date; month 1-12, day 1-31. */
typedef struct sl_ymd {
  int year, month, day;
} sl_ymd;

/* Parses a strict YYYY-MM-DD (the --as-of option; YYYY and YYYY-MM are
 * refused here). Returns 0 and fills *out, or SL_EINVAL (s NULL included). */
int sl_ymd_parse(const char *s, sl_ymd *out);

/* Today's date in local time. */
sl_ymd sl_ymd_today(void);

/* [-0, +1, m] Pushes a new table `sl` holding date, years, matches and
 * as_of. as_of must be a valid date (from sl_ymd_parse or sl_ymd_today):
 * it is "now" for open-ended work periods, so the same inputs give the same
 * output whatever the day. The table holds no state of its own; one per
 * lua_State. */
void sl_helpers_push(lua_State *L, sl_ymd as_of);

#endif
