/*
 * watchdog.h - instruction budgets without a hook on every instruction.
 *
 * A Lua count hook makes the VM call out on every instruction (the hook
 * counts down in C), which costs 5-10% of a run. During `run` and `watch`
 * the pool's threads are watched instead: a thread that has been inside
 * the same rule call for a whole tick gets a signal, whose handler installs
 * the count hook on that call's lua_State (lua_sethook is documented as
 * safe to call from a signal handler). From then on the budget is counted
 * as before. Calls that end within a tick - all of them, in sane packs - run
 * without a hook.
 *
 * Elsewhere (loading packs, `shortlist test`, embedders that do not start
 * it) the hook stays on from the first instruction, as sandbox.c sets it.
 */
#ifndef SL_WATCHDOG_H
#define SL_WATCHDOG_H

#include <lua.h>
#include <stdatomic.h>

/* How often the watchdog looks, in milliseconds: a call is caught after one
 * to two ticks without a change. Overridable at build time so that a
 * profiler that slows everything down (callgrind: -DSL_WATCHDOG_TICK_MS=60000)
 * does not make every call look long. */
#ifndef SL_WATCHDOG_TICK_MS
#define SL_WATCHDOG_TICK_MS 2
#endif

/* Budgets below this stay exact (hook from the first instruction). A call
 * the watchdog catches runs again counted (sandbox.c, restart); one that
 * ends before it is caught, within two ticks, was never counted, and must
 * therefore be far under any budget watched: two ticks are a few million
 * instructions on a fast machine. */
#define SL_WATCHDOG_MIN_BUDGET 16000000LL

typedef void (*sl_watchdog_arm_fn)(lua_State *L);

/* Starts the watchdog thread and its signal handler; `arm` is what the
 * handler calls with the lua_State of a call that ran for a tick. Calls
 * nest (each start needs a stop). Returns 0, or -1 when the watchdog could
 * not start (then callers keep the hook on: nothing is lost but speed). */
int sl_watchdog_start(sl_watchdog_arm_fn arm);
void sl_watchdog_stop(void);

/* What the watchdog reads of a thread: a generation that is odd while the
 * thread is inside a rule call, and the call's state. Only the owning
 * thread writes it. */
typedef struct sl_watch_slot {
  atomic_uint gen;
  unsigned mine; /* gen as its thread last set it */
  _Atomic(lua_State *) L;
} sl_watch_slot;

/* The calling thread's slot, made on first use; NULL when out of memory
 * (then the caller must count instructions itself). Callers on a hot path
 * look it up once and use the inline enter / leave below. */
sl_watch_slot *sl_watchdog_slot(void);

/* The thread owning s enters / leaves a rule call on L: two stores. A
 * release store, not a locked increment, since only this thread writes. */
static inline void sl_watch_slot_enter(sl_watch_slot *s, lua_State *L) {
  atomic_store_explicit(&s->L, L, memory_order_relaxed);
  atomic_store_explicit(&s->gen, ++s->mine, memory_order_release);
}

static inline void sl_watch_slot_leave(sl_watch_slot *s) {
  if (s->mine & 1u) atomic_store_explicit(&s->gen, ++s->mine, memory_order_release);
}

#endif
