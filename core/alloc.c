/*
 * alloc.c - small blocks from a per-state region, the rest from malloc
 * (see alloc.h for why).
 *
 * Whether a block came from the region is a range check on its address, so
 * a block keeps its origin whatever its size later says: a small block the
 * region could not hold lives and dies in malloc.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE */
#endif

#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define STEP 16 /* also the alignment of every block: malloc's on x86-64 */
#define NCLASSES (SL_ALLOC_SMALL_MAX / STEP)

struct sl_alloc {
  char *base, *next, *end; /* the region; next: first byte never handed out */
  size_t region_bytes;
  void *free_list[NCLASSES]; /* freed blocks of class c: (c + 1) * STEP bytes */
};

static size_t class_of(size_t n) { return (n - 1) / STEP; }

static int in_region(const sl_alloc *A, const void *p) {
  return (const char *)p >= A->base && (const char *)p < A->end;
}

sl_alloc *sl_alloc_new(size_t region_bytes) {
  sl_alloc *A = calloc(1, sizeof *A);
  if (!A) return NULL;
  long page = sysconf(_SC_PAGESIZE);
  if (page <= 0) page = 4096;
  region_bytes = (region_bytes + (size_t)page - 1) / (size_t)page * (size_t)page;
  if (region_bytes) {
    void *r = mmap(NULL, region_bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r != MAP_FAILED) {
      A->base = A->next = r;
      A->end = A->base + region_bytes;
      A->region_bytes = region_bytes;
    }
  }
  return A;
}

void sl_alloc_delete(sl_alloc *A) {
  if (!A) return;
  if (A->base) munmap(A->base, A->region_bytes);
  free(A);
}

/* A small block of class c: recycled, else carved; NULL when the region
 * has no room (the caller falls back to malloc). */
static void *small_get(sl_alloc *A, size_t c) {
  void *p = A->free_list[c];
  if (p) {
    A->free_list[c] = *(void **)p;
    return p;
  }
  size_t size = (c + 1) * STEP;
  if ((size_t)(A->end - A->next) < size) return NULL;
  p = A->next;
  A->next += size;
  return p;
}

static void small_put(sl_alloc *A, void *p, size_t osize) {
  size_t c = class_of(osize);
  *(void **)p = A->free_list[c];
  A->free_list[c] = p;
}

static void *get(sl_alloc *A, size_t n) {
  if (n <= SL_ALLOC_SMALL_MAX) {
    void *p = small_get(A, class_of(n));
    if (p) return p;
  }
  return malloc(n);
}

static void put(sl_alloc *A, void *p, size_t osize) {
  if (in_region(A, p)) small_put(A, p, osize);
  else free(p);
}

void *sl_alloc_realloc(sl_alloc *A, void *ptr, size_t osize, size_t nsize) {
  if (nsize == 0) {
    if (ptr) put(A, ptr, osize);
    return NULL;
  }
  if (!ptr) return get(A, nsize);
  if (in_region(A, ptr)) {
    /* Same class: the block already has room (or too much, harmlessly). */
    if (nsize <= SL_ALLOC_SMALL_MAX && class_of(nsize) == class_of(osize)) return ptr;
  } else if (nsize > SL_ALLOC_SMALL_MAX) {
    return realloc(ptr, nsize);
  }
  void *p = get(A, nsize);
  if (!p) return nsize <= osize ? ptr : NULL; /* Lua counts on shrinking never failing */
  memcpy(p, ptr, osize < nsize ? osize : nsize);
  put(A, ptr, osize);
  return p;
}
