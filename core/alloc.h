/*
 * alloc.h - the block allocator behind each lua_State.
 *
 * A Lua state allocates and frees small blocks all the time (strings, table
 * nodes, closures of every candidate); malloc/free were ~10% of a run.
 * Blocks of up to SL_ALLOC_SMALL_MAX bytes come from a region reserved per
 * state, carved in 16-byte size classes and recycled through one free list
 * per class; larger blocks, and small ones once the region is used up, come
 * from malloc. One state is used by one thread at a time, so no locking.
 */
#ifndef SL_ALLOC_H
#define SL_ALLOC_H

#include <stddef.h>

#define SL_ALLOC_SMALL_MAX 256

/* Reserved address space per state. Pages are only backed once used, so
 * the resident cost is the state's own peak of small blocks. Under
 * AddressSanitizer every block comes from malloc, so it can see each one
 * (tests/unit/test_alloc.c covers the region itself). */
#if defined(__SANITIZE_ADDRESS__)
#define SL_ALLOC_REGION_BYTES ((size_t)0)
#else
#define SL_ALLOC_REGION_BYTES ((size_t)8 << 20)
#endif

typedef struct sl_alloc sl_alloc;

/* A new allocator with a region of region_bytes (rounded to pages); NULL
 * when out of memory. A region that cannot be reserved leaves everything to
 * malloc. */
sl_alloc *sl_alloc_new(size_t region_bytes);

/* Frees the allocator and its region; blocks from malloc must have been
 * freed already (lua_close does). */
void sl_alloc_delete(sl_alloc *A);

/* lua_Alloc semantics: ptr NULL allocates nsize bytes; nsize 0 frees ptr
 * (of osize bytes) and returns NULL; otherwise resizes ptr from osize to
 * nsize. Returns NULL when out of memory (ptr is then left as it was). */
void *sl_alloc_realloc(sl_alloc *A, void *ptr, size_t osize, size_t nsize);

#endif
