/*
 * bytecode.c - what can a Lua function's code do with its upvalues?
 *
 * The function is dumped (lua_dump, stripped) and the Lua 5.4 binary chunk
 * is walked: header, then the function, whose layout is
 *   source, linedefined, lastlinedefined, numparams, is_vararg, maxstacksize,
 *   code, constants, upvalue descriptors, nested functions, debug info.
 * What matters here: the four upvalue instructions of every function
 * (GETUPVAL, SETUPVAL, SETTABUP; GETTABUP only reads by name), and for
 * nested functions which of their upvalues were captured from the
 * enclosing function's upvalues. Everything else is skipped, but read with
 * the same care, since a wrong skip would misread what follows.
 *
 * Anything unexpected makes the answer "every upvalue may be assigned,
 * exposed and written": being wrong in that direction only costs time.
 */
#include "bytecode.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* The format below is Lua 5.4's (ldump.c); 5.3 and 5.5 differ. */
#if LUA_VERSION_NUM != 504
#error "bytecode.c reads Lua 5.4 binary chunks"
#endif

/* lopcodes.h is not installed. Lua 5.4 numbers its opcodes in the order of
 * enum OpCode: MOVE, LOADI, LOADF, LOADK, LOADKX, LOADFALSE, LFALSESKIP,
 * LOADTRUE, LOADNIL, GETUPVAL, SETUPVAL, GETTABUP, GETTABLE, GETI,
 * GETFIELD, SETTABUP - so GETUPVAL is 9 and SETTABUP 15. An iABC
 * instruction is op:7 A:8 k:1 B:8 C:8 from the low bit. The upvalue
 * instructions: GETUPVAL A B does R[A] := UpValue[B]; SETUPVAL A B does
 * UpValue[B] := R[A]; GETTABUP A B C reads UpValue[B][K[C]] and SETTABUP
 * A B C writes UpValue[A][K[B]]. tests/unit/test_bytecode.c checks these
 * numbers against real dumps. */
#define OP_MASK 0x7Fu
#define OP_GETUPVAL 9u
#define OP_SETUPVAL 10u
#define OP_GETTABLE 12u
#define OP_GETI 13u
#define OP_GETFIELD 14u
#define OP_SETTABUP 15u
#define ARG_A(i) (((i) >> 7) & 0xFFu)
#define ARG_B(i) (((i) >> 16) & 0xFFu)
#define ARG_C(i) (((i) >> 24) & 0xFFu)

/* Constant type tags (lobject.h: variant bits << 4 | basic type). */
enum {
  TAG_NIL = 0,
  TAG_FALSE = 1,
  TAG_TRUE = 17,
  TAG_INT = 3,
  TAG_FLOAT = 19,
  TAG_SHORT_STR = 4,
  TAG_LONG_STR = 20
};

#define MAX_UPVALUES 255 /* Lua's MAXUPVAL */
/* Lua's parser cannot nest functions this deep (its C-stack limit is 200
 * levels); a deeper dump is unexpected, and bounds our own recursion. */
#define MAX_DEPTH 200

/* ---- reading the dump, never past its end ---- */

typedef struct reader {
  const unsigned char *p, *end;
} reader;

static size_t left(const reader *r) { return (size_t)(r->end - r->p); }

static int skip(reader *r, size_t n) {
  if (n > left(r)) return 0;
  r->p += n;
  return 1;
}

static int read_byte(reader *r, unsigned *out) {
  if (!left(r)) return 0;
  *out = *r->p++;
  return 1;
}

/* dumpSize: 7-bit groups, most significant first; the last byte has 0x80. */
static int read_size(reader *r, size_t *out) {
  size_t x = 0;
  for (;;) {
    unsigned b;
    if (!read_byte(r, &b)) return 0;
    if (x > (SIZE_MAX >> 7)) return 0; /* would overflow */
    x = (x << 7) | (b & 0x7Fu);
    if (b & 0x80u) break;
  }
  *out = x;
  return 1;
}

/* A count of items that take at least `min_bytes` each: larger than what is
 * left means a corrupt dump, and checking first keeps loops bounded. */
static int read_count(reader *r, size_t min_bytes, size_t *out) {
  if (!read_size(r, out)) return 0;
  return *out <= left(r) / min_bytes;
}

/* dumpString: size 0 is NULL, otherwise size - 1 bytes follow. */
static int skip_string(reader *r) {
  size_t n;
  if (!read_size(r, &n)) return 0;
  return n == 0 || skip(r, n - 1);
}

static int expect(reader *r, const void *bytes, size_t n) {
  if (n > left(r) || memcmp(r->p, bytes, n) != 0) return 0;
  r->p += n;
  return 1;
}

/* The header, checked against this build's sizes and byte order (the test
 * integer and float must read back as written), since instructions are
 * decoded natively. Sets *nups to the main function's upvalue count. */
static int read_header(reader *r, unsigned *nups) {
  static const unsigned char head[] = {0x1b, 'L', 'u', 'a', 0x54, 0,
                                       0x19, 0x93, '\r', '\n', 0x1a, '\n'};
  const unsigned char sizes[] = {sizeof(uint32_t), sizeof(lua_Integer), sizeof(lua_Number)};
  if (!expect(r, head, sizeof head) || !expect(r, sizes, sizeof sizes)) return 0;
  lua_Integer i;
  lua_Number n;
  if (left(r) < sizeof i + sizeof n) return 0;
  memcpy(&i, r->p, sizeof i);
  memcpy(&n, r->p + sizeof i, sizeof n);
  r->p += sizeof i + sizeof n;
  if (i != 0x5678 || n != (lua_Number)370.5) return 0; /* LUAC_INT, LUAC_NUM */
  return read_byte(r, nups);
}

/* ---- one function ---- */

typedef struct summary {
  sl_uvuse use;                /* of its own upvalues, by it or its nested functions */
  const unsigned char *updesc; /* nups descriptors (instack, idx, kind), in the dump */
  size_t nups;
  size_t linedefined, lastlinedefined;
  const unsigned char *code; /* ncode instructions, in the dump */
  size_t ncode;
} summary;

/* One function of a chunk: what summary says, where it sits in the tree,
 * and which of its registers a nested function captures and uses other
 * than by reading it by key. */
typedef struct proto_node {
  summary s;
  long parent; /* index of the enclosing function; -1 for the main one */
  sl_uvmask unsafe_regs;
} proto_node;

struct sl_chunk_tree {
  sl_buf dump;
  proto_node *nodes;
  size_t n, cap;
};

static void mark(sl_uvmask *m, unsigned i) { m->bits[i / 64] |= (uint64_t)1 << (i % 64); }

static int marked(const sl_uvmask *m, unsigned i) { return (int)((m->bits[i / 64] >> (i % 64)) & 1u); }

/* Is ins an index read of register a into a itself (GETTABLE a a x with x
 * not a, GETI a a n, GETFIELD a a k)? After it the register no longer holds
 * the table, so a GETUPVAL into a just before it only indexed the upvalue:
 * what the compiler emits for `t[k]` and `t.name` on an upvalue t. */
static int indexes_into_itself(uint32_t ins, unsigned a) {
  unsigned op = ins & OP_MASK;
  if (op != OP_GETTABLE && op != OP_GETI && op != OP_GETFIELD) return 0;
  if (ARG_A(ins) != a || ARG_B(ins) != a) return 0;
  return op != OP_GETTABLE || ARG_C(ins) != a;
}

static int read_code(reader *r, summary *s) {
  size_t n;
  if (!read_count(r, sizeof(uint32_t), &n)) return 0;
  const unsigned char *code = r->p;
  s->code = code;
  s->ncode = n;
  r->p += n * sizeof(uint32_t);
  for (size_t k = 0; k < n; k++) {
    uint32_t ins;
    memcpy(&ins, code + k * sizeof ins, sizeof ins);
    switch (ins & OP_MASK) {
    case OP_SETUPVAL: mark(&s->use.assigned, ARG_B(ins)); break;
    case OP_SETTABUP: mark(&s->use.written_here, ARG_A(ins)); break;
    case OP_GETUPVAL: {
      uint32_t next = 0;
      if (k + 1 < n) memcpy(&next, code + (k + 1) * sizeof next, sizeof next);
      if (k + 1 >= n || !indexes_into_itself(next, ARG_A(ins))) mark(&s->use.exposed, ARG_B(ins));
      break;
    }
    default: break;
    }
  }
  return 1;
}

static int skip_constants(reader *r) {
  size_t n;
  if (!read_count(r, 1, &n)) return 0;
  for (size_t k = 0; k < n; k++) {
    unsigned tag;
    if (!read_byte(r, &tag)) return 0;
    switch (tag) {
    case TAG_NIL: case TAG_FALSE: case TAG_TRUE: break;
    case TAG_INT: if (!skip(r, sizeof(lua_Integer))) return 0; break;
    case TAG_FLOAT: if (!skip(r, sizeof(lua_Number))) return 0; break;
    case TAG_SHORT_STR: case TAG_LONG_STR: if (!skip_string(r)) return 0; break;
    default: return 0;
    }
  }
  return 1;
}

/* Reads the descriptors, and checks that every SETUPVAL seen in the code
 * names one of them. */
static int read_upvalues(reader *r, summary *s) {
  size_t n;
  if (!read_size(r, &n) || n > MAX_UPVALUES) return 0;
  s->updesc = r->p;
  s->nups = n;
  if (!skip(r, 3 * n)) return 0;
  for (unsigned i = (unsigned)n; i < 256; i++) {
    if (marked(&s->use.assigned, i) || marked(&s->use.exposed, i) ||
        marked(&s->use.written_here, i)) {
      return 0;
    }
  }
  return 1;
}

/* What a nested function does with an upvalue it captured from the
 * enclosing function's upvalue j (instack 0) it does with j; one captured
 * from a local (instack 1) lives in the enclosing call's frame and is not
 * ours. */
static int take_from_child(summary *s, const summary *child) {
  for (unsigned u = 0; u < child->nups; u++) {
    int assigned = marked(&child->use.assigned, u), exposed = marked(&child->use.exposed, u);
    int written = marked(&child->use.written, u) || marked(&child->use.written_here, u);
    if (!assigned && !exposed && !written) continue;
    unsigned instack = child->updesc[3 * u], idx = child->updesc[3 * u + 1];
    if (instack) continue;
    if (idx >= s->nups) return 0;
    if (assigned) mark(&s->use.assigned, idx);
    if (exposed) mark(&s->use.exposed, idx);
    if (written) mark(&s->use.written, idx);
  }
  return 1;
}

static int skip_debug(reader *r) {
  size_t n, x;
  if (!read_size(r, &n) || !skip(r, n)) return 0; /* lineinfo: one byte each */
  if (!read_count(r, 2, &n)) return 0;            /* abslineinfo: pc, line */
  for (size_t k = 0; k < n; k++) {
    if (!read_size(r, &x) || !read_size(r, &x)) return 0;
  }
  if (!read_count(r, 3, &n)) return 0; /* locvars: name, startpc, endpc */
  for (size_t k = 0; k < n; k++) {
    if (!skip_string(r) || !read_size(r, &x) || !read_size(r, &x)) return 0;
  }
  if (!read_count(r, 1, &n)) return 0; /* upvalue names */
  for (size_t k = 0; k < n; k++) {
    if (!skip_string(r)) return 0;
  }
  return 1;
}

/* Does the child use its upvalue u other than by reading it by key? */
static int used_unsafely(const summary *child, unsigned u) {
  return marked(&child->use.assigned, u) || marked(&child->use.exposed, u) ||
         marked(&child->use.written, u) || marked(&child->use.written_here, u);
}

/* Reads one function and its nested ones into *s; with a tree, also
 * appends a node for each, this one before its nested ones. */
static int read_function(reader *r, int depth, summary *s, sl_chunk_tree *tree, long parent) {
  size_t nprotos;
  memset(s, 0, sizeof *s);
  if (depth > MAX_DEPTH) return 0;
  if (!skip_string(r) || !read_size(r, &s->linedefined) || !read_size(r, &s->lastlinedefined)) {
    return 0; /* source, lines */
  }
  if (!skip(r, 3)) return 0; /* numparams, is_vararg, maxstacksize */
  if (!read_code(r, s) || !skip_constants(r) || !read_upvalues(r, s)) return 0;
  if (!read_count(r, 1, &nprotos)) return 0;
  long at = -1;
  if (tree) {
    if (tree->n == tree->cap) {
      size_t cap = tree->cap ? 2 * tree->cap : 16;
      proto_node *grown = realloc(tree->nodes, cap * sizeof *grown);
      if (!grown) return 0;
      tree->nodes = grown;
      tree->cap = cap;
    }
    at = (long)tree->n++;
    memset(&tree->nodes[at], 0, sizeof tree->nodes[at]);
    tree->nodes[at].parent = parent;
  }
  for (size_t k = 0; k < nprotos; k++) {
    summary child;
    if (!read_function(r, depth + 1, &child, tree, at) || !take_from_child(s, &child)) return 0;
    for (unsigned u = 0; tree && u < child.nups; u++) {
      unsigned instack = child.updesc[3 * u], idx = child.updesc[3 * u + 1];
      if (instack && used_unsafely(&child, u)) mark(&tree->nodes[at].unsafe_regs, idx);
    }
  }
  if (tree) tree->nodes[at].s = *s;
  return skip_debug(r);
}

/* ---- the dump ---- */

static int write_to_buf(lua_State *L, const void *p, size_t n, void *ud) {
  (void)L;
  return sl_buf_put(ud, p, n) != 0; /* nonzero stops lua_dump */
}

static void all_unknown(sl_uvuse *out) {
  memset(out, 0xFF, sizeof *out); /* until proven otherwise */
}

int sl_bytecode_scan_use(const void *chunk, size_t len, sl_uvuse *out) {
  all_unknown(out);
  if (!chunk) return 0;
  reader r = {chunk, (const unsigned char *)chunk + len};
  unsigned nups;
  summary main;
  if (!read_header(&r, &nups) || !read_function(&r, 0, &main, NULL, -1)) return 0;
  if (main.nups != nups || left(&r) != 0) return 0; /* trailing bytes: not one chunk */
  *out = main.use;
  return 1;
}

int sl_bytecode_scan(const void *chunk, size_t len, sl_uvmask *out) {
  sl_uvuse use;
  int ok = sl_bytecode_scan_use(chunk, len, &use);
  *out = use.assigned;
  return ok;
}

/* [-0, +0] The stripped dump of the Lua function at idx into *dump; 0 when
 * it is not one or cannot be dumped. */
static int dump_function(lua_State *L, int idx, sl_buf *dump) {
  if (lua_type(L, idx) != LUA_TFUNCTION || lua_iscfunction(L, idx)) return 0;
  if (!lua_checkstack(L, 1)) return 0;
  lua_pushvalue(L, idx);
  int status = lua_dump(L, write_to_buf, dump, 1 /* strip: no debug info needed */);
  lua_pop(L, 1);
  return status == 0;
}

int sl_bytecode_upvalue_use(lua_State *L, int idx, sl_uvuse *out) {
  all_unknown(out);
  sl_buf dump = SL_BUF_INIT;
  int ok = dump_function(L, idx, &dump) && sl_bytecode_scan_use(dump.data, dump.len, out);
  sl_buf_free(&dump);
  return ok;
}

int sl_bytecode_assigned_upvalues(lua_State *L, int idx, sl_uvmask *out) {
  sl_uvuse use;
  int ok = sl_bytecode_upvalue_use(L, idx, &use);
  *out = use.assigned;
  return ok;
}

int sl_bytecode_env_read_only(lua_State *L, int idx) {
  sl_uvuse use;
  if (!sl_bytecode_upvalue_use(L, idx, &use)) return 0;
  return !sl_uvmask_has(&use.assigned, 1) && !sl_uvmask_has(&use.exposed, 1) &&
         !sl_uvmask_has(&use.written, 1);
}

/* ---- upvalues only ever read by key ---- */

sl_chunk_tree *sl_bytecode_chunk_tree(lua_State *L, int idx) {
  sl_chunk_tree *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  reader r;
  unsigned nups;
  summary main;
  if (!dump_function(L, idx, &t->dump)) goto fail;
  r = (reader){(const unsigned char *)t->dump.data, (const unsigned char *)t->dump.data + t->dump.len};
  if (!read_header(&r, &nups) || !read_function(&r, 0, &main, t, -1)) goto fail;
  if (main.nups != nups || left(&r) != 0) goto fail;
  return t;
fail:
  sl_bytecode_chunk_tree_free(t);
  return NULL;
}

void sl_bytecode_chunk_tree_free(sl_chunk_tree *t) {
  if (!t) return;
  sl_buf_free(&t->dump);
  free(t->nodes);
  free(t);
}

/* Is upvalue u of node k, followed up to the local it captured, a local
 * that every function capturing it only reads by key? An upvalue of the
 * main function (_ENV) is not a local: no. */
static int read_by_key_only(const sl_chunk_tree *t, size_t k, unsigned u) {
  for (int depth = 0; depth <= MAX_DEPTH; depth++) {
    const proto_node *p = &t->nodes[k];
    if (u >= p->s.nups || p->parent < 0) return 0;
    unsigned instack = p->s.updesc[3 * u], idx = p->s.updesc[3 * u + 1];
    const proto_node *up = &t->nodes[p->parent];
    if (instack) return !marked(&up->unsafe_regs, idx);
    k = (size_t)p->parent;
    u = idx;
  }
  return 0;
}

static int same_function(const summary *a, const summary *b) {
  return a->linedefined == b->linedefined && a->lastlinedefined == b->lastlinedefined &&
         a->ncode == b->ncode && a->nups == b->nups &&
         memcmp(a->code, b->code, a->ncode * sizeof(uint32_t)) == 0 &&
         memcmp(a->updesc, b->updesc, 3 * a->nups) == 0;
}

int sl_bytecode_key_read_upvalues(const sl_chunk_tree *t, lua_State *L, int idx, sl_uvmask *out) {
  memset(out, 0, sizeof *out);
  sl_buf dump = SL_BUF_INIT;
  reader r;
  unsigned nups;
  summary f;
  int found = 0;
  if (!t || !dump_function(L, idx, &dump)) goto done;
  r = (reader){(const unsigned char *)dump.data, (const unsigned char *)dump.data + dump.len};
  if (!read_header(&r, &nups) || !read_function(&r, 0, &f, NULL, -1)) goto done;
  /* Every function of the chunk with this very code: usually one; when
   * several (identical functions on the same lines), each must agree. */
  sl_uvmask all;
  memset(&all, 0xFF, sizeof all);
  for (size_t k = 0; k < t->n; k++) {
    if (!same_function(&f, &t->nodes[k].s)) continue;
    found = 1;
    for (unsigned u = 0; u < f.nups; u++) {
      if (!read_by_key_only(t, k, u)) all.bits[u / 64] &= ~((uint64_t)1 << (u % 64));
    }
  }
  if (found) {
    for (unsigned u = 0; u < f.nups; u++) {
      if (marked(&all, u)) mark(out, u);
    }
  }
done:
  sl_buf_free(&dump);
  return found;
}
