/*
 * watchdog.c - arms the count hook only on rule calls that run long (see
 * watchdog.h for why).
 *
 * Each thread that evaluates has a slot: a generation counter that is odd
 * while the thread is inside a rule call, and the lua_State of that call.
 * The watchdog thread looks at every slot once per tick; a slot with the
 * same odd generation as at the previous look has been in one call for at
 * least a tick, and its thread gets SIGURG. The handler, on that thread,
 * hands the call's lua_State to the arm function (sandbox.c), which
 * installs the count hook. SIGURG is ignored by default, so a stray one
 * does no harm once the handler is gone.
 */
#define _POSIX_C_SOURCE 200809L

#include "watchdog.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>

#include <uv.h>

#define WATCHDOG_SIGNAL SIGURG

typedef struct slot {
  sl_watch_slot pub;        /* gen, mine, L: what the thread itself writes */
  pthread_t thread;         /* set once, under lock */
  unsigned seen, signalled; /* the watchdog thread's own notes, under lock */
  struct slot *next;
} slot;

static uv_once_t once = UV_ONCE_INIT;
static uv_mutex_t lock;
static uv_cond_t wake;
static pthread_key_t slot_key; /* its destructor takes a slot off the list */
static int init_failed;

/* under lock */
static slot *slots;
static int users;
static int stopping;
static uv_thread_t watcher;
static struct sigaction previous;

/* Read by the signal handler: set before the handler is installed. */
static _Atomic(sl_watchdog_arm_fn) arm_fn;

static _Thread_local slot *my_slot;

static void forget_slot(void *p) {
  slot *s = p;
  uv_mutex_lock(&lock);
  for (slot **at = &slots; *at; at = &(*at)->next) {
    if (*at == s) {
      *at = s->next;
      break;
    }
  }
  uv_mutex_unlock(&lock);
  free(s);
}

static void init(void) {
  if (uv_mutex_init(&lock) || uv_cond_init(&wake) || pthread_key_create(&slot_key, forget_slot))
    init_failed = 1;
}

/* Runs on the thread the signal was sent to, between any two of its
 * instructions: only reads its own slot and calls the arm function. */
static void on_signal(int sig) {
  (void)sig;
  slot *s = my_slot;
  if (!s || !(atomic_load_explicit(&s->pub.gen, memory_order_relaxed) & 1u)) return;
  lua_State *L = atomic_load_explicit(&s->pub.L, memory_order_relaxed);
  sl_watchdog_arm_fn arm = atomic_load_explicit(&arm_fn, memory_order_relaxed);
  if (L && arm) arm(L);
}

static void watch_main(void *arg) {
  (void)arg;
  uv_mutex_lock(&lock);
  while (!stopping) {
    uv_cond_timedwait(&wake, &lock, (uint64_t)SL_WATCHDOG_TICK_MS * 1000000u);
    if (stopping) break;
    for (slot *s = slots; s; s = s->next) {
      unsigned g = atomic_load_explicit(&s->pub.gen, memory_order_acquire);
      if ((g & 1u) && g == s->seen && g != s->signalled) {
        s->signalled = g; /* once per call */
        pthread_kill(s->thread, WATCHDOG_SIGNAL);
      }
      s->seen = g;
    }
  }
  uv_mutex_unlock(&lock);
}

int sl_watchdog_start(sl_watchdog_arm_fn arm) {
  uv_once(&once, init);
  if (init_failed) return -1;
  int rc = 0;
  uv_mutex_lock(&lock);
  if (users == 0) {
    struct sigaction sa;
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART; /* a read or write the signal lands in goes on */
    sigemptyset(&sa.sa_mask);
    atomic_store(&arm_fn, arm);
    stopping = 0;
    if (sigaction(WATCHDOG_SIGNAL, &sa, &previous) != 0) {
      rc = -1;
    } else if (uv_thread_create(&watcher, watch_main, NULL) != 0) {
      sigaction(WATCHDOG_SIGNAL, &previous, NULL);
      rc = -1;
    }
  }
  if (rc == 0) users++;
  uv_mutex_unlock(&lock);
  return rc;
}

void sl_watchdog_stop(void) {
  uv_mutex_lock(&lock);
  if (users == 0 || --users > 0) {
    uv_mutex_unlock(&lock);
    return;
  }
  stopping = 1;
  uv_cond_signal(&wake);
  uv_mutex_unlock(&lock);
  uv_thread_join(&watcher);
  sigaction(WATCHDOG_SIGNAL, &previous, NULL);
}

/* The calling thread's slot, made on its first call; NULL when out of
 * memory. */
static slot *own_slot(void) {
  if (my_slot) return my_slot;
  uv_once(&once, init);
  if (init_failed) return NULL;
  slot *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->thread = pthread_self();
  atomic_init(&s->pub.gen, 0);
  atomic_init(&s->pub.L, NULL);
  if (pthread_setspecific(slot_key, s) != 0) {
    free(s);
    return NULL;
  }
  uv_mutex_lock(&lock);
  s->next = slots;
  slots = s;
  uv_mutex_unlock(&lock);
  my_slot = s;
  return s;
}

sl_watch_slot *sl_watchdog_slot(void) {
  slot *s = own_slot();
  return s ? &s->pub : NULL;
}
