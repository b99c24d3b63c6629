/*
 * bytecode.h - what can a Lua function's code do with its upvalues?
 *
 * The sandbox puts back, after every candidate, each upvalue that rule code
 * could have reassigned. Reading the function's bytecode (lua_dump) tells
 * which ones can be: an upvalue is assigned only by OP_SETUPVAL, in the
 * function's own code or in a function nested in it that captured it.
 *
 * The same reading tells whether a chunk's environment (its upvalue _ENV)
 * is only ever read by name once loading is over: then the sandbox lets
 * the chunk's functions read the environment's entries directly instead of
 * through the read-only proxy (sl_sandbox_unwrap_envs), one table lookup
 * per global instead of three.
 */
#ifndef SL_BYTECODE_H
#define SL_BYTECODE_H

#include <lua.h>
#include <stddef.h>
#include <stdint.h>

/* One bit per upvalue; Lua allows at most 255 upvalues per function. */
typedef struct sl_uvmask {
  uint64_t bits[4];
} sl_uvmask;

/* Is upvalue n (1-based, as lua_getupvalue counts) in the mask? */
static inline int sl_uvmask_has(const sl_uvmask *m, int n) {
  if (n < 1 || n > 256) return 0;
  unsigned i = (unsigned)(n - 1);
  return (int)((m->bits[i / 64] >> (i % 64)) & 1u);
}

/* How a function's code, or the code of the functions nested in it (at any
 * depth, through captured upvalues), uses its upvalues. */
typedef struct sl_uvuse {
  sl_uvmask assigned;     /* reassigned (SETUPVAL) */
  sl_uvmask exposed;      /* value taken into a register (GETUPVAL) other than
                             to be indexed by the very next instruction */
  sl_uvmask written;      /* written through (SETTABUP) by a nested function */
  sl_uvmask written_here; /* written through by the function's own code */
} sl_uvuse;

/* [-0, +0] Fills *out for the function at idx. Returns 1 when read from the
 * bytecode; 0 when it could not be (a C function, an unexpected dump, no
 * memory), in which case every bit of every mask is set. */
int sl_bytecode_upvalue_use(lua_State *L, int idx, sl_uvuse *out);

/* The same from a binary chunk already in memory. */
int sl_bytecode_scan_use(const void *chunk, size_t len, sl_uvuse *out);

/* [-0, +0] For a main chunk at idx (its upvalue 1 is _ENV): 1 when no code
 * of the chunk reassigns _ENV or takes it as a value, and only the main
 * function itself - which runs once, at load - assigns globals. Then
 * nothing that runs after loading can write the environment. */
int sl_bytecode_env_read_only(lua_State *L, int idx);

/* A chunk's functions as a tree, for the question below. */
typedef struct sl_chunk_tree sl_chunk_tree;

/* [-0, +0, m] The tree of the main chunk at idx; NULL when it cannot be
 * read. Free with sl_bytecode_chunk_tree_free. */
sl_chunk_tree *sl_bytecode_chunk_tree(lua_State *L, int idx);
void sl_bytecode_chunk_tree_free(sl_chunk_tree *t);

/* [-0, +0, m] For the function at idx, made by code of t's chunk: sets in
 * *out (1-based, as lua_getupvalue counts) each upvalue that every function
 * able to reach it - all that capture the same local - only ever reads by
 * key: GETTABUP, or GETUPVAL indexed by the very next instruction. No code
 * can then write through it, reassign it, or hand its value on, so the
 * sandbox may put the table behind a frozen proxy there. Returns 1 when
 * the function was found in the tree; 0 (nothing set) otherwise. */
int sl_bytecode_key_read_upvalues(const sl_chunk_tree *t, lua_State *L, int idx, sl_uvmask *out);

/* [-0, +0] Sets in *out the upvalues of the function at idx that its code,
 * or the code of any function nested in it (at any depth), may assign.
 * Returns 1 when that was read from the bytecode; 0 when it could not be
 * (a C function, an unexpected dump, no memory), in which case every bit is
 * set: a caller that restores the marked upvalues then restores them all. */
int sl_bytecode_assigned_upvalues(lua_State *L, int idx, sl_uvmask *out);

/* The same from a binary chunk already in memory (what lua_dump wrote for
 * one function): 1 and the mask, or 0 and every bit set. Reads nothing
 * outside chunk[0, len). */
int sl_bytecode_scan(const void *chunk, size_t len, sl_uvmask *out);

#endif
