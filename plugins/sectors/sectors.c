/*
 * sectors.c - the `sectors` plugin: a sector taxonomy as the Lua module
 * "sectors" (require "sectors" from any rule).
 *
 * At start-up it reads sectors.tsv from its own folder (or the file named by
 * SHORTLIST_SECTORS), checks every line, and registers a Lua module whose
 * source is module.lua (embedded at build time as sectors_module.h) followed
 * by `return build { ...the taxonomy as a Lua table literal... }`. The data
 * is parsed here, once; each worker state only runs the generated chunk.
 *
 * A mistake in the data file stops start-up: the plugin tells the host
 * "FILE:LINE: what" (reg->fail), which prints it and exits 2.
 */
#define _POSIX_C_SOURCE 200809L /* strdup under -std=c11 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "shortlist/plugin.h"
#include "sectors_module.h" /* static const char sectors_module_lua[] (no NUL) */

#define DATA_FILE "sectors.tsv"
#define MAX_LINE 8192

/* ---- a growable buffer (the plugin keeps to plugin.h and libc) ---- */

typedef struct buf {
  char *data;
  size_t len, cap;
  int oom;
} buf;

static void put(buf *b, const char *s, size_t n) {
  if (b->oom) return;
  if (b->cap - b->len < n + 1) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap - b->len < n + 1) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
      b->oom = 1;
      return;
    }
    b->data = p;
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

/* A Lua string literal: quotes, backslashes and every byte below 0x20 or
 * 0x7f escaped as \ddd (three digits, so a following digit cannot join). */
static void put_lua_string(buf *b, const char *s, size_t n) {
  put(b, "\"", 1);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      char e[2] = {'\\', (char)c};
      put(b, e, 2);
    } else if (c < 0x20 || c == 0x7f) {
      char e[5];
      snprintf(e, sizeof e, "\\%03u", c);
      put(b, e, 4);
    } else {
      put(b, (const char *)&c, 1);
    }
  }
  put(b, "\"", 1);
}

/* ---- the taxonomy as read ---- */

typedef struct name {
  char *text;   /* as written (trimmed) */
  char *key;    /* normalised, for checks */
  long line;
} name;

typedef struct list {
  name *items;
  size_t n, cap;
} list;

typedef struct sector {
  name canonical;
  list aliases, adjacent;
} sector;

typedef struct phrase {
  char *words, *replacement;
  long line;
} phrase;

typedef struct taxonomy {
  sl_registry *reg; /* where failures are told */
  const char *path;
  sector *sectors;
  size_t nsectors, capsectors;
  phrase *phrases;
  size_t nphrases, capphrases;
} taxonomy;

/* "FILE:LINE: what", told to the host (reg->fail), which stops shortlist. */
static int fail_at(const taxonomy *t, long line, const char *fmt, ...) {
  char what[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  return t->reg->fail(t->reg, SL_PLUGIN_EINVAL, "%s:%ld: %s", t->path, line, what);
}

static int grow(void **items, size_t *cap, size_t n, size_t size) {
  if (n < *cap) return 0;
  size_t c = *cap ? *cap * 2 : 16;
  void *p = realloc(*items, c * size);
  if (!p) return SL_PLUGIN_ENOMEM;
  *items = p;
  *cap = c;
  return 0;
}

/* The cleaning module.lua does (ASCII, like Lua's C-locale classes): lower
 * case, '&' and '+' as " and ", any other non-alphanumeric byte a space,
 * runs of spaces as one, trimmed. */
static char *clean(const char *s) {
  size_t n = strlen(s);
  char *out = malloc(n * 5 + 1);
  if (!out) return NULL;
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    const char *piece;
    char one[2] = {0, 0};
    if (c == '&' || c == '+') {
      piece = " and ";
    } else if (c < 0x80 && isalnum(c)) {
      one[0] = (char)tolower(c);
      piece = one;
    } else {
      piece = " ";
    }
    for (; *piece; piece++) {
      if (*piece == ' ' && (o == 0 || out[o - 1] == ' ')) continue;
      out[o++] = *piece;
    }
  }
  while (o && out[o - 1] == ' ') o--;
  out[o] = '\0';
  return out;
}

/* Whole-word replacement of `from` by `to` in a cleaned name, in place of s
 * (returns a new string, frees s). */
static char *replace_words(char *s, const char *from, const char *to) {
  size_t fl = strlen(from), tl = strlen(to), sl = strlen(s);
  size_t cap = sl + 1 + (tl > fl ? (sl / (fl ? fl : 1) + 1) * (tl - fl) : 0);
  char *out = malloc(cap);
  if (!out) {
    free(s);
    return NULL;
  }
  size_t o = 0;
  for (size_t i = 0; i < sl;) {
    int at_word = i == 0 || s[i - 1] == ' ';
    if (at_word && !strncmp(s + i, from, fl) && (s[i + fl] == '\0' || s[i + fl] == ' ')) {
      memcpy(out + o, to, tl);
      o += tl;
      i += fl;
    } else {
      out[o++] = s[i++];
    }
  }
  out[o] = '\0';
  free(s);
  return out;
}

/* The name as module.lua reads it, before alias lookup. */
static char *normalise(const taxonomy *t, const char *s) {
  char *k = clean(s);
  for (size_t i = 0; k && i < t->nphrases; i++) {
    k = replace_words(k, t->phrases[i].words, t->phrases[i].replacement);
  }
  return k;
}

/* Valid UTF-8 and no control character but tab. */
static const char *bad_text(const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t') || c == 0x7f) return "a control character";
      i++;
      continue;
    }
    size_t len = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;
    if (!len || c > 0xf4 || i + len > n) return "invalid UTF-8";
    for (size_t k = 1; k < len; k++) {
      if (((unsigned char)s[i + k] & 0xc0) != 0x80) return "invalid UTF-8";
    }
    i += len;
  }
  return NULL;
}

/* Splits on runs of tabs; returns the number of fields (at most max). */
static size_t split_tabs(char *line, char **fields, size_t max) {
  size_t n = 0;
  char *p = line;
  while (*p) {
    while (*p == '\t') p++;
    if (!*p) break;
    if (n < max) fields[n] = p;
    n++;
    while (*p && *p != '\t') p++;
    if (*p) *p++ = '\0';
  }
  return n;
}

static char *trim(char *s) {
  while (*s == ' ') s++;
  size_t n = strlen(s);
  while (n && s[n - 1] == ' ') s[--n] = '\0';
  return s;
}

/* A normalised name: what clean() leaves unchanged. */
static int is_normal(const char *s) {
  char *c = clean(s);
  int same = c && !strcmp(c, s);
  free(c);
  return same;
}

static int parse_list(taxonomy *t, long line, char *field, const char *what, list *out) {
  field = trim(field);
  if (!strcmp(field, "-")) return 0;
  for (char *item = field, *next; item; item = next) {
    char *comma = strchr(item, ',');
    next = comma ? comma + 1 : NULL;
    if (comma) *comma = '\0';
    item = trim(item);
    if (!*item) return fail_at(t, line, "an empty name in the %s list (',,' or a trailing ',')", what);
    if (grow((void **)&out->items, &out->cap, out->n, sizeof *out->items)) return SL_PLUGIN_ENOMEM;
    name *nm = &out->items[out->n];
    memset(nm, 0, sizeof *nm);
    nm->line = line;
    if (!(nm->text = strdup(item))) return SL_PLUGIN_ENOMEM;
    out->n++;
  }
  return 0;
}

static int parse_line(taxonomy *t, long line, char *text) {
  char *f[5];
  size_t n = split_tabs(text, f, 5);
  if (n == 0) return 0; /* only tabs */
  char *kind = trim(f[0]);
  if (!strcmp(kind, "sector")) {
    if (n < 2 || n > 4) {
      return fail_at(t, line, "a sector line has 2 to 4 TAB-separated fields "
                     "(sector, NAME, ALIASES, ADJACENT), this one has %zu", n);
    }
    char *nm = trim(f[1]);
    if (!*nm) return fail_at(t, line, "the sector has no name");
    if (!is_normal(nm)) {
      char *c = clean(nm);
      int rc = fail_at(t, line, "sector name '%s' must be written normalised: '%s'", nm,
                       c ? c : "");
      free(c);
      return rc;
    }
    if (grow((void **)&t->sectors, &t->capsectors, t->nsectors, sizeof *t->sectors)) {
      return SL_PLUGIN_ENOMEM;
    }
    sector *s = &t->sectors[t->nsectors++];
    memset(s, 0, sizeof *s);
    s->canonical.line = line;
    if (!(s->canonical.text = strdup(nm))) return SL_PLUGIN_ENOMEM;
    int rc = 0;
    if (n > 2) rc = parse_list(t, line, f[2], "aliases", &s->aliases);
    if (!rc && n > 3) rc = parse_list(t, line, f[3], "adjacent", &s->adjacent);
    return rc;
  }
  if (!strcmp(kind, "phrase")) {
    if (n != 3) {
      return fail_at(t, line, "a phrase line has 3 TAB-separated fields "
                     "(phrase, WORDS, REPLACEMENT), this one has %zu", n);
    }
    char *words = trim(f[1]), *repl = trim(f[2]);
    if (!*words || !is_normal(words) || !*repl || !is_normal(repl)) {
      return fail_at(t, line, "a phrase and its replacement must be written normalised "
                     "(lower-case letters and digits, single spaces): '%s' -> '%s'", words, repl);
    }
    if (grow((void **)&t->phrases, &t->capphrases, t->nphrases, sizeof *t->phrases)) {
      return SL_PLUGIN_ENOMEM;
    }
    phrase *p = &t->phrases[t->nphrases++];
    p->line = line;
    p->words = strdup(words);
    p->replacement = strdup(repl);
    if (!p->words || !p->replacement) return SL_PLUGIN_ENOMEM;
    return 0;
  }
  return fail_at(t, line, "expected 'sector' or 'phrase' (fields separated by TABs), got '%.40s'",
                 kind);
}

static const sector *find_sector(const taxonomy *t, const char *key) {
  for (size_t i = 0; i < t->nsectors; i++) {
    if (!strcmp(t->sectors[i].canonical.text, key)) return &t->sectors[i];
  }
  return NULL;
}

/* Checks what needs the whole file: duplicates, aliases claimed twice,
 * adjacency to sectors that do not exist. */
static int check(taxonomy *t) {
  if (t->nsectors == 0) return fail_at(t, 1, "no sector lines: the taxonomy is empty");
  for (size_t i = 0; i < t->nsectors; i++) {
    sector *s = &t->sectors[i];
    for (size_t k = 0; k < i; k++) {
      if (!strcmp(t->sectors[k].canonical.text, s->canonical.text)) {
        return fail_at(t, s->canonical.line, "sector '%s' is already defined on line %ld",
                       s->canonical.text, t->sectors[k].canonical.line);
      }
    }
    if (!(s->canonical.key = normalise(t, s->canonical.text))) return SL_PLUGIN_ENOMEM;
    if (strcmp(s->canonical.key, s->canonical.text)) {
      return fail_at(t, s->canonical.line, "sector name '%s' reads '%s' after the phrases: "
                     "write it that way", s->canonical.text, s->canonical.key);
    }
  }
  for (size_t i = 0; i < t->nsectors; i++) {
    sector *s = &t->sectors[i];
    for (size_t a = 0; a < s->aliases.n; a++) {
      name *al = &s->aliases.items[a];
      if (!(al->key = normalise(t, al->text))) return SL_PLUGIN_ENOMEM;
      if (!*al->key) return fail_at(t, al->line, "alias '%s' has no letters or digits", al->text);
      const sector *other = find_sector(t, al->key);
      if (other && other != s) {
        return fail_at(t, al->line, "alias '%s' of '%s' is the sector '%s' (line %ld)", al->text,
                       s->canonical.text, other->canonical.text, other->canonical.line);
      }
      for (size_t k = 0; k < i; k++) { /* aliases of earlier sectors have keys */
        const sector *o = &t->sectors[k];
        if (o == s) continue;
        for (size_t b = 0; b < o->aliases.n; b++) {
          if (o->aliases.items[b].key && !strcmp(o->aliases.items[b].key, al->key)) {
            return fail_at(t, al->line, "alias '%s' of '%s' is already an alias of '%s' (line %ld)",
                           al->text, s->canonical.text, o->canonical.text, o->aliases.items[b].line);
          }
        }
      }
    }
    for (size_t a = 0; a < s->adjacent.n; a++) {
      name *adj = &s->adjacent.items[a];
      const sector *other = find_sector(t, adj->text);
      if (!other) {
        return fail_at(t, adj->line, "adjacent sector '%s' of '%s' is not a sector of this file "
                       "(adjacent lists name sectors by their canonical name)", adj->text,
                       s->canonical.text);
      }
      if (other == s) {
        return fail_at(t, adj->line, "sector '%s' cannot be adjacent to itself", adj->text);
      }
    }
  }
  return 0;
}

static void free_list(list *l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->items[i].text);
    free(l->items[i].key);
  }
  free(l->items);
}

static void free_taxonomy(taxonomy *t) {
  for (size_t i = 0; i < t->nsectors; i++) {
    free(t->sectors[i].canonical.text);
    free(t->sectors[i].canonical.key);
    free_list(&t->sectors[i].aliases);
    free_list(&t->sectors[i].adjacent);
  }
  free(t->sectors);
  for (size_t i = 0; i < t->nphrases; i++) {
    free(t->phrases[i].words);
    free(t->phrases[i].replacement);
  }
  free(t->phrases);
}

static int read_taxonomy(taxonomy *t) {
  FILE *f = fopen(t->path, "rb");
  if (!f) {
    return t->reg->fail(t->reg, SL_PLUGIN_EIO, "%s: cannot open the sector taxonomy: %s", t->path,
                        strerror(errno));
  }
  char line[MAX_LINE + 2];
  long lineno = 0;
  int rc = 0;
  while (!rc && fgets(line, sizeof line, f)) {
    lineno++;
    size_t n = strlen(line);
    if (n == sizeof line - 1 && line[n - 1] != '\n') {
      rc = fail_at(t, lineno, "line longer than %d bytes", MAX_LINE);
      break;
    }
    if (n && line[n - 1] == '\n') line[--n] = '\0';
    if (n && line[n - 1] == '\r') line[--n] = '\0';
    if (lineno == 1 && n >= 3 && !memcmp(line, "\xef\xbb\xbf", 3)) { /* a BOM */
      memmove(line, line + 3, n - 2);
      n -= 3;
    }
    if (strlen(line) != n) {
      rc = fail_at(t, lineno, "a NUL byte");
      break;
    }
    const char *why = bad_text(line, n);
    if (why) {
      rc = fail_at(t, lineno, "%s", why);
      break;
    }
    const char *p = line;
    while (*p == ' ' || *p == '\t') p++;
    if (*p == '\0' || line[0] == '#') continue;
    rc = parse_line(t, lineno, line);
  }
  if (!rc && ferror(f)) {
    rc = t->reg->fail(t->reg, SL_PLUGIN_EIO, "%s: cannot read the sector taxonomy", t->path);
  }
  fclose(f);
  if (!rc) rc = check(t);
  return rc;
}

/* ---- the module source ---- */

static void put_names(buf *b, const list *l) {
  puts_(b, "{");
  for (size_t i = 0; i < l->n; i++) {
    if (i) puts_(b, ", ");
    put_lua_string(b, l->items[i].text, strlen(l->items[i].text));
  }
  puts_(b, "}");
}

static void generate(const taxonomy *t, buf *b) {
  put(b, sectors_module_lua, sizeof sectors_module_lua);
  puts_(b, "\n-- the taxonomy, from ");
  const char *base = strrchr(t->path, '/');
  base = base ? base + 1 : t->path;
  for (const char *c = base; *c; c++) put(b, *c == '\n' || *c == '\r' ? "?" : c, 1);
  puts_(b, "\nreturn build {\n  sectors = {\n");
  for (size_t i = 0; i < t->nsectors; i++) {
    const sector *s = &t->sectors[i];
    puts_(b, "    { ");
    put_lua_string(b, s->canonical.text, strlen(s->canonical.text));
    puts_(b, ", ");
    put_names(b, &s->aliases);
    puts_(b, ", ");
    put_names(b, &s->adjacent);
    puts_(b, " },\n");
  }
  puts_(b, "  },\n  phrases = {\n");
  for (size_t i = 0; i < t->nphrases; i++) {
    puts_(b, "    { ");
    put_lua_string(b, t->phrases[i].words, strlen(t->phrases[i].words));
    puts_(b, ", ");
    put_lua_string(b, t->phrases[i].replacement, strlen(t->phrases[i].replacement));
    puts_(b, " },\n");
  }
  puts_(b, "  },\n}\n");
}

/* The data file: $SHORTLIST_SECTORS, else sectors.tsv beside the plugin. */
static char *data_path(const char *plugin_path) {
  const char *env = getenv("SHORTLIST_SECTORS");
  if (env && *env) return strdup(env);
  const char *slash = plugin_path ? strrchr(plugin_path, '/') : NULL;
  size_t dir = slash ? (size_t)(slash - plugin_path) + 1 : 0;
  char *p = malloc(dir + sizeof DATA_FILE);
  if (!p) return NULL;
  memcpy(p, plugin_path, dir);
  memcpy(p + dir, DATA_FILE, sizeof DATA_FILE);
  return p;
}

static int register_sectors(sl_registry *reg) {
  char *path = data_path(reg->plugin_path);
  if (!path) return SL_PLUGIN_ENOMEM;
  taxonomy t = {.reg = reg, .path = path};
  int rc = read_taxonomy(&t);
  if (!rc) {
    buf b = {0};
    generate(&t, &b);
    rc = b.oom ? SL_PLUGIN_ENOMEM : reg->add_lua_module(reg, "sectors", b.data, b.len);
    free(b.data);
  }
  free_taxonomy(&t);
  free(path);
  return rc;
}

SL_PLUGIN_ENTRY(register_sectors)
