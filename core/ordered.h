/*
 * ordered.h - next() over a table in one fixed order: numbers ascending,
 * then strings byte-wise, then false and true, then keys of other types.
 * The sandbox's next and pairs use it, so that a rule walking a table with
 * pairs() makes the same output on every run and on every thread (Lua's
 * own order follows string hashes seeded per process).
 */
#ifndef SL_ORDERED_H
#define SL_ORDERED_H

#include <lua.h>

/* [-0, +(1|2), e] The key after the key at k (nil: the first) of the table
 * at t, and its value; or nil when k was the last. Raises "invalid key to
 * 'next'" when k is neither a key of t nor the key last given for t (which
 * the walk may have cleared). Returns the number of values pushed, the last
 * ones on the stack (a lua_CFunction can return it as is). Adds the work
 * done, in steps of about a key compared, to *work: it is C work, which the
 * instruction budget would not see. */
int sl_ordered_next(lua_State *L, int t, int k, size_t *work);

#endif
