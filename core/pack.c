/*
 * pack.c - rule packs: locating and reading pack folders, and the functions
 * rule files call while they load: pack{}, rule{}, fact(), pass/flag/fail,
 * and the pack-local require.
 *
 * Definition problems (a bad id, an unknown severity, a missing check...)
 * are collected as "file:line: message" lines rather than raised, so
 * `shortlist check` can list every one of them.
 */
#include "pack.h"

#include <dirent.h>
#include <errno.h>
#include <lauxlib.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <uv.h>

#include "plugins.h"
#include "state.h"

/* The largest weight a rule may have: weights are shares of the score, and
 * sums of them stay exact and finite far below this. */
#define SL_MAX_WEIGHT 1e6

/* ---- files and folders ---- */

int sl_read_file(const char *path, char **text, size_t *len, sl_error *err) {
  FILE *f = fopen(path, "rb");
  if (!f) return sl_error_set(err, SL_EIO, "cannot read %s: %s", path, strerror(errno));
  sl_buf b = SL_BUF_INIT;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (sl_buf_put(&b, chunk, n)) {
      fclose(f);
      sl_buf_free(&b);
      return sl_error_set(err, SL_ENOMEM, "out of memory reading %s", path);
    }
  }
  int failed = ferror(f);
  fclose(f);
  if (failed || !sl_buf_cstr(&b)) {
    sl_buf_free(&b);
    return sl_error_set(err, SL_EIO, "cannot read %s", path);
  }
  *text = b.data;
  *len = b.len;
  return 0;
}

static int name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_lua(const char *name, const sl_plugins *plugins) {
  size_t len = strlen(name);
  return len >= 5 && strcmp(name + len - 4, ".lua") == 0;
}

static int is_rule_file(const char *name, const sl_plugins *plugins) {
  return is_lua(name, plugins) || sl_plugins_loader_for(plugins, name) != NULL;
}

static int list_files(const char *dir, const char *skip, int (*accept)(const char *, const sl_plugins *),
                      const sl_plugins *plugins, char ***names, size_t *n, sl_error *err) {
  DIR *d = opendir(dir);
  if (!d) return sl_error_set(err, SL_EIO, "cannot open folder %s: %s", dir, strerror(errno));
  char **list = NULL;
  size_t count = 0, cap = 0;
  struct dirent *e;
  int rc = 0;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.' || !accept(e->d_name, plugins)) continue;
    if (skip && strcmp(e->d_name, skip) == 0) continue;
    char path[PATH_MAX];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (count == cap) {
      char **grown = realloc(list, (cap = cap ? cap * 2 : 16) * sizeof *list);
      if (!grown) { rc = SL_ENOMEM; break; }
      list = grown;
    }
    if (!(list[count] = strdup(e->d_name))) { rc = SL_ENOMEM; break; }
    count++;
  }
  closedir(d);
  if (rc) {
    for (size_t i = 0; i < count; i++) free(list[i]);
    free(list);
    return sl_error_set(err, rc, "out of memory listing %s", dir);
  }
  if (count) qsort(list, count, sizeof *list, name_cmp);
  *names = list;
  *n = count;
  return 0;
}

int sl_list_lua_files(const char *dir, const char *skip, char ***names, size_t *n,
                      sl_error *err) {
  return list_files(dir, skip, is_lua, NULL, names, n, err);
}

int sl_list_rule_files(const char *dir, const sl_plugins *plugins, char ***names, size_t *n,
                       sl_error *err) {
  return list_files(dir, "pack.lua", is_rule_file, plugins, names, n, err);
}

static int is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int sl_pack_locate(const char *name_or_dir, char *out, size_t outsz, sl_error *err) {
  /* The default is an installed pack only: a folder that happens to be
   * called cso in the current directory must not replace it unasked. */
  int installed_only = name_or_dir == NULL;
  if (installed_only) name_or_dir = SL_DEFAULT_PACK;
  if (!installed_only && is_dir(name_or_dir)) {
    snprintf(out, outsz, "%s", name_or_dir);
    return 0;
  }
  if (strchr(name_or_dir, '/') == NULL) {
    /* A bare name: the installed packs next to the executable first
     * (relocatable installs), then the build tree's, then the configured
     * install prefix. */
    char exe[PATH_MAX];
    size_t exelen = sizeof exe;
    char candidate[PATH_MAX];
    const char *env = getenv("SHORTLIST_RULES_PATH");
    if (env && *env) {
      snprintf(candidate, sizeof candidate, "%s/%s", env, name_or_dir);
      if (is_dir(candidate)) goto found;
    }
    if (uv_exepath(exe, &exelen) == 0) {
      char *slash = strrchr(exe, '/');
      if (slash) *slash = '\0';
      snprintf(candidate, sizeof candidate, "%s/../share/shortlist/rules/%s", exe, name_or_dir);
      if (is_dir(candidate)) goto found;
      snprintf(candidate, sizeof candidate, "%s/../rules/%s", exe, name_or_dir);
      if (is_dir(candidate)) goto found;
    }
#ifdef SL_SOURCE_PACK_DIR
    snprintf(candidate, sizeof candidate, "%s/%s", SL_SOURCE_PACK_DIR, name_or_dir);
    if (is_dir(candidate)) goto found;
#endif
#ifdef SL_INSTALL_PACK_DIR
    snprintf(candidate, sizeof candidate, "%s/%s", SL_INSTALL_PACK_DIR, name_or_dir);
    if (is_dir(candidate)) goto found;
#endif
    return sl_error_set(err, SL_ENOTFOUND,
                        "no rule pack '%s': not a folder, nor an installed pack "
                        "(give the pack's folder with -r DIR)", name_or_dir);
  found:;
    char real[PATH_MAX];
    snprintf(out, outsz, "%s", realpath(candidate, real) ? real : candidate);
    return 0;
  }
  return sl_error_set(err, SL_ENOTFOUND, "no rule pack at %s: not a folder", name_or_dir);
}

void sl_pack_free(sl_pack *p) {
  if (!p) return;
  for (size_t i = 0; i < p->nfiles; i++) {
    free(p->files[i].path);
    free(p->files[i].text);
  }
  free(p->files);
  free(p->dir);
  free(p);
}

static int text_append(sl_text *t, const char *s, size_t n) { return sl_buf_put(t->ctx, s, n); }

/* Reads one rule file; a file of a plugin's rule language is translated to
 * Lua here, once, so every state loads the same source. */
static int add_source(sl_pack *p, const sl_plugins *plugins, const char *dir, const char *name,
                      sl_error *err) {
  sl_source *s = &p->files[p->nfiles];
  size_t plen = strlen(dir) + strlen(name) + 2;
  if (!(s->path = malloc(plen))) return sl_error_set(err, SL_ENOMEM, "out of memory");
  snprintf(s->path, plen, "%s/%s", dir, name);
  int rc = sl_read_file(s->path, &s->text, &s->len, err);
  const sl_rule_loader *loader = rc || is_lua(name, plugins) ? NULL : sl_plugins_loader_for(plugins, name);
  if (loader) {
    sl_buf lua = SL_BUF_INIT;
    sl_text out = {&lua, text_append};
    char msg[SL_ERROR_MAX] = "";
    rc = loader->translate(s->path, s->text, s->len, &out, msg, sizeof msg);
    free(s->text);
    s->text = NULL;
    if (rc) {
      sl_buf_free(&lua);
      rc = sl_error_set(err, SL_ECOMPILE, "%s", msg[0] ? msg : "the rule loader failed");
      if (!msg[0]) snprintf(err->msg, sizeof err->msg, "%s: the %s rule loader failed", s->path, loader->name);
    } else if (!sl_buf_cstr(&lua)) {
      sl_buf_free(&lua);
      rc = sl_error_set(err, SL_ENOMEM, "out of memory");
    } else {
      s->text = lua.data;
      s->len = lua.len;
    }
  }
  if (rc) {
    free(s->path);
    return rc;
  }
  p->nfiles++;
  return 0;
}

int sl_pack_read(const char *dir, const sl_plugins *plugins, sl_pack **out, sl_error *err) {
  char shown[PATH_MAX];
  size_t dlen = strlen(dir);
  while (dlen > 1 && dir[dlen - 1] == '/') dlen--; /* "rules/cso/" -> "rules/cso" */
  snprintf(shown, sizeof shown, "%.*s", (int)dlen, dir);
  char pack_lua[PATH_MAX];
  snprintf(pack_lua, sizeof pack_lua, "%s/pack.lua", shown);
  struct stat st;
  if (!is_dir(shown)) return sl_error_set(err, SL_ENOTFOUND, "no rule pack at %s: not a folder", shown);
  if (stat(pack_lua, &st) != 0) {
    return sl_error_set(err, SL_ENOTFOUND,
                        "%s is not a rule pack: it has no pack.lua (see docs/rules.md)", shown);
  }
  char **names = NULL;
  size_t n = 0;
  int rc = sl_list_rule_files(shown, plugins, &names, &n, err);
  if (rc) return rc;
  sl_pack *p = calloc(1, sizeof *p);
  if (p) p->files = calloc(n + 1, sizeof *p->files);
  if (p) p->dir = strdup(shown);
  if (!p || !p->files || !p->dir) {
    rc = sl_error_set(err, SL_ENOMEM, "out of memory");
  } else {
    rc = add_source(p, plugins, shown, "pack.lua", err);
    for (size_t i = 0; i < n && !rc; i++) rc = add_source(p, plugins, shown, names[i], err);
  }
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  if (rc) {
    sl_pack_free(p);
    return rc;
  }
  *out = p;
  return 0;
}

/* ---- definition problems ---- */

static void problem(sl_state *S, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void problem(sl_state *S, int line, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  sl_buf_printf(&S->problems, "%s:%d: %s\n", S->cur_file ? S->cur_file : "?", line, msg);
}

/* Line of the Lua code calling the current C function. */
static int caller_line(lua_State *L) {
  lua_Debug ar;
  if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar)) return ar.currentline;
  return 0;
}

static int valid_rule_id(const char *s) {
  if (!*s) return 0;
  for (; *s; s++) {
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-')) return 0;
  }
  return 1;
}

/* Rule ids are unique across all loaded packs: results, --set and tests
 * name rules by them. Checked here, before the rest of the rule is, so a
 * second definition is reported even when the first one has problems of
 * its own. Returns 1 when the id is taken. */
static int id_taken(sl_state *S, lua_State *L, const char *id, int line) {
  sl_registry_table(L, "sl.rule_ids", 0); /* id -> "file:line" */
  int taken = lua_getfield(L, -1, id) == LUA_TSTRING;
  if (taken) {
    problem(S, line, "rule id '%s' is already defined at %s", id, lua_tostring(L, -1));
  } else {
    lua_pushfstring(L, "%s:%d", S->cur_file ? S->cur_file : "?", line);
    lua_setfield(L, -3, id);
  }
  lua_pop(L, 2);
  return taken;
}

/* Reports fields of the spec table at idx that are not in `known`. */
static void unknown_fields(sl_state *S, lua_State *L, int idx, int line, const char *what,
                           const char *const *known) {
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    int ok = 0;
    for (const char *const *q = known; k && *q; q++) ok |= strcmp(*q, k) == 0;
    if (!ok) problem(S, line, "%s: unknown field '%s'", what, k ? k : "(non-string key)");
  }
}

static char *dup_field(lua_State *L, int idx, const char *name) {
  lua_getfield(L, idx, name);
  const char *s = lua_tostring(L, -1);
  char *d = strdup(s && lua_type(L, -1) == LUA_TSTRING ? s : "");
  lua_pop(L, 1);
  return d;
}

/* ---- pack { name = ..., params = {...} } ---- */

static int api_pack(lua_State *L) {
  sl_state *S = sl_state_of(L);
  int line = caller_line(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  static const char *const known[] = {"name", "title", "version", "description", "params", NULL};
  if (S->cur_rule != -2) { /* -2 marks "loading pack.lua" */
    problem(S, line, "pack{} belongs in pack.lua");
    return 0;
  }
  if (S->pack_called) {
    problem(S, line, "pack{} called twice");
    return 0;
  }
  S->pack_called = 1;
  unknown_fields(S, L, 1, line, "pack", known);
  lua_getfield(L, 1, "name");
  if (lua_type(L, -1) != LUA_TSTRING || !valid_rule_id(lua_tostring(L, -1))) {
    problem(S, line, "pack needs name = \"...\" made of a-z, 0-9 and '-'");
  }
  lua_pop(L, 1);
  free(S->pack_names[S->cur_pack]);
  S->pack_names[S->cur_pack] = dup_field(L, 1, "name");
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_params);
  int t = lua_getfield(L, 1, "params");
  if (t == LUA_TNIL) {
    lua_pop(L, 1);
    lua_newtable(L);
  } else if (t != LUA_TTABLE) {
    problem(S, line, "pack params must be a table");
    lua_pop(L, 1);
    lua_newtable(L);
  }
  lua_rawseti(L, -2, S->cur_pack + 1);
  return 0;
}

/* ---- rule { id = ..., check = function ... } ---- */

/* How many of (c, f, p) the function at idx can see: its parameters, all
 * three when it is variadic (or a C function). The rule loop passes no
 * more: a check(c) costs two pushes less per candidate. */
static unsigned char visible_args(lua_State *L, int idx) {
  lua_Debug ar;
  lua_pushvalue(L, idx);
  if (!lua_getinfo(L, ">u", &ar) || ar.isvararg || ar.nparams >= 3) return 3;
  return ar.nparams;
}

static int api_rule(lua_State *L) {
  sl_state *S = sl_state_of(L);
  int line = caller_line(L);
  if (lua_type(L, 1) != LUA_TTABLE) {
    problem(S, line, "rule expects a table: rule { id = \"...\", check = function(c, f, p) ... end }");
    return 0;
  }
  static const char *const known[] = {"id", "title", "severity", "weight", "when", "check",
                                      "description", "tags", NULL};
  lua_getfield(L, 1, "id");
  const char *id = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
  char what[160];
  snprintf(what, sizeof what, "rule '%s'", id ? id : "?");
  lua_pop(L, 1);
  int bad = 0;
  if (!id) {
    problem(S, line, "rule without id (id = \"...\", made of a-z, 0-9 and '-')");
    bad = 1;
  } else if (!valid_rule_id(id)) {
    problem(S, line, "rule id '%s' must be made of a-z, 0-9 and '-'", id);
    bad = 1;
  }
  if (!bad) bad = id_taken(S, L, id, line);
  unknown_fields(S, L, 1, line, what, known);

  sl_severity sev = SL_REQUIRED;
  lua_getfield(L, 1, "severity");
  if (!lua_isnil(L, -1)) {
    const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
    if (strcmp(s, "required") == 0) sev = SL_REQUIRED;
    else if (strcmp(s, "preferred") == 0) sev = SL_PREFERRED;
    else if (strcmp(s, "bonus") == 0) sev = SL_BONUS;
    else {
      problem(S, line, "%s: unknown severity '%s' (use required, preferred or bonus)", what,
              lua_type(L, -1) == LUA_TSTRING ? s : luaL_typename(L, -1));
      bad = 1;
    }
  }
  lua_pop(L, 1);

  double weight = 1;
  lua_getfield(L, 1, "weight");
  if (!lua_isnil(L, -1)) {
    /* Bounded, and so never inf or NaN: a score is a ratio of sums of
     * weights, which an inf or NaN (or an overflowing sum) would make
     * -nan in the output, or 1 for a failing candidate. */
    double w = lua_type(L, -1) == LUA_TNUMBER ? lua_tonumber(L, -1) : -1;
    if (!(w >= 0 && w <= SL_MAX_WEIGHT)) {
      problem(S, line, "%s: weight must be a number from 0 to %.0f", what, SL_MAX_WEIGHT);
      bad = 1;
    } else {
      weight = lua_tonumber(L, -1);
    }
  }
  lua_pop(L, 1);

  if (lua_getfield(L, 1, "check") != LUA_TFUNCTION) {
    problem(S, line, "%s: check must be a function(c, f, p)", what);
    bad = 1;
  }
  int wt = lua_getfield(L, 1, "when");
  if (wt != LUA_TNIL && wt != LUA_TFUNCTION) {
    problem(S, line, "%s: when must be a function(c, f, p)", what);
    bad = 1;
  }
  lua_getfield(L, 1, "title");
  if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING) {
    problem(S, line, "%s: title must be a string", what);
  }
  lua_pop(L, 1);
  if (bad) return 0; /* stack: spec, check, when */

  size_t i = S->nrules;
  sl_rule_info *ri = realloc(S->rules, (i + 1) * sizeof *ri);
  if (!ri) return luaL_error(L, "out of memory");
  S->rules = ri;
  int *rp = realloc(S->rule_pack, (i + 1) * sizeof *rp);
  if (!rp) return luaL_error(L, "out of memory");
  S->rule_pack = rp;
  int *rw = realloc(S->rule_has_when, (i + 1) * sizeof *rw);
  if (!rw) return luaL_error(L, "out of memory");
  S->rule_has_when = rw;
  unsigned char *ra = realloc(S->rule_args, 2 * (i + 1));
  if (!ra) return luaL_error(L, "out of memory");
  S->rule_args = ra;
  ri = &S->rules[i];
  memset(ri, 0, sizeof *ri);
  ri->id = strdup(id);
  ri->title = dup_field(L, 1, "title");
  ri->pack = S->pack_names[S->cur_pack] ? S->pack_names[S->cur_pack] : "";
  ri->file = strdup(S->cur_file ? S->cur_file : "?");
  ri->line = line;
  ri->severity = sev;
  ri->weight = weight;
  if (!ri->id || !ri->title || !ri->file) return luaL_error(L, "out of memory");
  S->rule_pack[i] = S->cur_pack;
  S->rule_has_when[i] = wt == LUA_TFUNCTION;
  S->rule_args[2 * i] = visible_args(L, 2);
  S->rule_args[2 * i + 1] = wt == LUA_TFUNCTION ? visible_args(L, 3) : 0;
  S->nrules++;

  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_rulefns); /* stack: spec, check, when, fns */
  lua_pushvalue(L, 2);
  lua_rawseti(L, -2, (lua_Integer)(2 * i + 1));
  lua_pushvalue(L, 3);
  lua_rawseti(L, -2, (lua_Integer)(2 * i + 2));
  return 0;
}

/* ---- fact(name, fn) ---- */

static int api_fact(lua_State *L) {
  sl_state *S = sl_state_of(L);
  int line = caller_line(L);
  if (lua_type(L, 1) != LUA_TSTRING || lua_type(L, 2) != LUA_TFUNCTION) {
    problem(S, line, "fact expects a name and a function: fact(\"name\", function(c, f, p) ... end)");
    return 0;
  }
  size_t i = S->nfacts;
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_facts);
  lua_pushvalue(L, 1);
  if (lua_rawget(L, -2) == LUA_TNUMBER) { /* the name is taken */
    lua_Integer first = lua_tointeger(L, -1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_fact_clash);
    lua_pushvalue(L, 1);
    if (lua_rawget(L, -2) != LUA_TTABLE) { /* by one pack so far: itself? */
      if (S->fact_pack[first - 1] == S->cur_pack) {
        problem(S, line, "fact '%s' declared twice", lua_tostring(L, 1));
        return 0;
      }
      lua_pop(L, 1);
      lua_newtable(L);
      lua_pushinteger(L, first);
      lua_rawseti(L, -2, S->fact_pack[first - 1] + 1);
      lua_pushvalue(L, 1);
      lua_pushvalue(L, -2);
      lua_rawset(L, -4);
    }
    if (lua_rawgeti(L, -1, S->cur_pack + 1) != LUA_TNIL) {
      problem(S, line, "fact '%s' declared twice", lua_tostring(L, 1));
      return 0;
    }
    lua_pop(L, 1);
    /* Each pack reads its own fact of that name (state.c, facts_index). */
    lua_pushinteger(L, (lua_Integer)i + 1);
    lua_rawseti(L, -2, S->cur_pack + 1);
    lua_pop(L, 3);
  } else {
    lua_pop(L, 1);
    lua_pushvalue(L, 1);
    lua_pushinteger(L, (lua_Integer)i + 1);
    lua_rawset(L, -3); /* facts[name] = index */
  }
  int *fp = realloc(S->fact_pack, (i + 1) * sizeof *fp);
  if (!fp) return luaL_error(L, "out of memory");
  S->fact_pack = fp;
  fp[i] = S->cur_pack;
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_factfns);
  lua_pushvalue(L, 2);
  lua_rawseti(L, -2, (lua_Integer)i + 1);
  lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_factnames);
  lua_pushvalue(L, 1);
  lua_rawseti(L, -2, (lua_Integer)i + 1);
  S->nfacts++;
  return 0;
}

/* ---- pass / flag / fail ---- */

/* The reason when the format has no directive but %s and %% and each %s
 * has a string argument - almost every reason - written straight into out:
 * what string.format would give (a bare %s keeps a string whole), without
 * its call and without the interned copy. Returns 1 when done, 0 when the
 * format needs string.format (nothing written then), -1 out of memory. */
static int format_strings(lua_State *L, int nargs, sl_buf *out) {
  size_t flen;
  const char *f = lua_tolstring(L, 1, &flen);
  int arg = 2;
  for (size_t i = 0; i < flen; i++) {
    if (f[i] != '%') continue;
    if (i + 1 >= flen) return 0;
    if (f[i + 1] == '%') {
      i++;
    } else if (f[i + 1] != 's' || arg > nargs || lua_type(L, arg++) != LUA_TSTRING) {
      return 0;
    } else {
      i++;
    }
  }
  size_t start = out->len;
  arg = 2;
  for (size_t i = 0, run = 0; i <= flen; i++) {
    if (i < flen && f[i] != '%') continue;
    if (sl_buf_put(out, f + run, i - run)) goto oom;
    if (i == flen) break;
    if (f[i + 1] == '%') {
      if (sl_buf_putc(out, '%')) goto oom;
    } else {
      size_t n;
      const char *s = lua_tolstring(L, arg++, &n);
      if (sl_buf_put(out, s, n)) goto oom;
    }
    i++;
    run = i + 1;
  }
  return 1;
oom:
  out->len = start;
  return -1;
}

/* [-0, +(0|1), e] A reason given as one argument: what string.format(text)
 * gives when that works - the same text, with each "%%" read as "%" - else
 * the text as it is ("100% of quota" needs no escaping, where string.format
 * would raise). */
static const char *single_reason(lua_State *L, const char *text, size_t *len) {
  const char *pct = memchr(text, '%', *len);
  if (!pct) return text;
  for (const char *p = pct, *end = text + *len; p < end; p++) {
    if (*p != '%') continue;
    if (p + 1 == end || p[1] != '%') return text; /* a conversion: kept as written */
    p++;
  }
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (size_t i = 0; i < *len; i++) {
    luaL_addchar(&b, text[i]);
    if (text[i] == '%') i++;
  }
  luaL_pushresult(&b);
  return lua_tolstring(L, -1, len);
}

/* [-0, +0, e] The index (1-based) under which the reason at out[off, off +
 * len) is kept for this candidate. */
static uint32_t keep_reason(lua_State *L, sl_state *S, size_t off, size_t len) {
  /* The text is in the arena already: a rule call past its limits gives it
   * back and raises (the rules after it are not affected). */
  S->call_reason_bytes += len;
  if (++S->call_reasons > SL_MAX_REASONS || S->call_reason_bytes > S->spec->max_memory ||
      off + len > UINT32_MAX || S->nreasons >= SL_TOKEN_MAX_INDEX) {
    S->out->len = off;
    if (S->call_reasons > SL_MAX_REASONS) {
      return luaL_error(L, "more than %d pass/flag/fail results with a reason in one rule "
                           "call (return a result without a reason, or make fewer)",
                        SL_MAX_REASONS);
    }
    return luaL_error(L, "the reasons made by one rule call exceed the memory cap of %d MiB",
                      (int)(S->spec->max_memory >> 20));
  }
  if (S->nreasons == S->reasons_cap) {
    uint32_t cap = S->reasons_cap ? 2 * S->reasons_cap : 64;
    sl_text_ref *r = realloc(S->reasons, cap * sizeof *r);
    if (!r) return luaL_error(L, "out of memory");
    S->reasons = r;
    S->reasons_cap = cap;
  }
  S->reasons[S->nreasons] = (sl_text_ref){(uint32_t)off, (uint32_t)len};
  return ++S->nreasons;
}

/* [-0, +0, e] The same for a reason given while loading (no candidate, no
 * arena): a copy kept as long as the state, so that a file-level
 * `local NO = fail("...")` keeps its reason. */
static uint32_t keep_load_reason(lua_State *L, sl_state *S, const char *text, size_t len) {
  if (S->nload_reasons == S->load_reasons_cap) {
    if (S->load_reasons_cap >= SL_MAX_REASONS) {
      return luaL_error(L, "more than %d pass/flag/fail results with a reason made while "
                           "loading", SL_MAX_REASONS);
    }
    uint32_t cap = S->load_reasons_cap ? 2 * S->load_reasons_cap : 8;
    sl_load_reason *r = realloc(S->load_reasons, cap * sizeof *r);
    if (!r) return luaL_error(L, "out of memory");
    S->load_reasons = r;
    S->load_reasons_cap = cap;
  }
  char *copy = malloc(len + 1);
  if (!copy) return luaL_error(L, "out of memory");
  memcpy(copy, text, len);
  copy[len] = '\0';
  S->load_reasons[S->nload_reasons] = (sl_load_reason){copy, len};
  return ++S->nload_reasons;
}

/* The text of a token's reason: 1 and *text, *len when it has one that can
 * be found. A token made for another candidate cannot reach a rule (nothing
 * a rule can write outlives its candidate), but is answered safely: none. */
static int token_text(const sl_state *S, uintptr_t tok, const char **text, size_t *len) {
  uint32_t index = SL_TOKEN_INDEX(tok), epoch = SL_TOKEN_EPOCH(tok);
  if (!index) return 0;
  if (epoch == 0 && index <= S->nload_reasons) {
    *text = S->load_reasons[index - 1].text;
    *len = S->load_reasons[index - 1].len;
    return 1;
  }
  if (epoch == S->reason_epoch && index <= S->nreasons && S->out) {
    const sl_text_ref *r = &S->reasons[index - 1];
    *text = S->out->data + r->off;
    *len = r->len;
    return 1;
  }
  return 0;
}

sl_text_ref sl_token_reason(sl_state *S, uintptr_t tok) {
  uint32_t index = SL_TOKEN_INDEX(tok);
  if (index && SL_TOKEN_EPOCH(tok) == S->reason_epoch && index <= S->nreasons) {
    return S->reasons[index - 1];
  }
  const char *text;
  size_t len;
  if (S->out && token_text(S, tok, &text, &len)) return sl_text_keep(S->out, text, len);
  return (sl_text_ref){0, 0};
}

/* [-0, +0, e] A reason is text: a table, function or thread written into
 * one shows its address ("table: 0x55..."), which changes from run to run
 * and would break byte-identical output. Unless it says how to write
 * itself (__tostring), it is refused. */
static void refuse_addresses(lua_State *L, int nargs) {
  for (int i = 1; i <= nargs; i++) {
    int t = lua_type(L, i);
    if (t != LUA_TTABLE && t != LUA_TFUNCTION && t != LUA_TUSERDATA && t != LUA_TTHREAD) continue;
    if (luaL_getmetafield(L, i, "__tostring") != LUA_TNIL) {
      lua_pop(L, 1);
      continue;
    }
    luaL_error(L, "bad argument #%d to a verdict: a %s in a reason would show its address, "
                  "which differs on every run; give a string or a number",
               i, luaL_typename(L, i));
  }
}

/* Returns a token (state.h). The reason is formatted here and copied into
 * the batch's arena right away, so checks allocate no table per result;
 * while loading it is kept aside instead. pass, flag and fail are three
 * light C functions around this one: no upvalue to read on every call. */
static int api_verdict(lua_State *L, uintptr_t verdict) {
  int nargs = lua_gettop(L);
  if (nargs == 0) { /* no reason: most calls in tight packs; a constant */
    lua_pushlightuserdata(L, (void *)SL_TOKEN(0, 0, verdict));
    return 1;
  }
  refuse_addresses(L, nargs);
  sl_state *S = sl_state_of(L);
  uint32_t index = 0, epoch = S->out ? S->reason_epoch : 0;
  if (lua_isnil(L, 1) && nargs > 1) { /* pass(nil) is no reason; a nil format is a bug */
    return luaL_error(L, "bad argument #1 to a verdict: a format string expected, got nil");
  }
  if (!lua_isnil(L, 1)) {
    const char *text;
    size_t len;
    if (nargs == 1) {
      text = luaL_tolstring(L, 1, &len);
      text = single_reason(L, text, &len);
    } else {
      size_t start = S->out ? S->out->len : 0;
      int done = S->out && lua_type(L, 1) == LUA_TSTRING ? format_strings(L, nargs, S->out) : 0;
      if (done < 0) return luaL_error(L, "out of memory");
      if (done) { /* already in the arena */
        index = keep_reason(L, S, start, S->out->len - start);
        lua_pushlightuserdata(L, (void *)SL_TOKEN(epoch, index, verdict));
        return 1;
      }
      lua_rawgeti(L, LUA_REGISTRYINDEX, S->ref_format); /* string.format */
      lua_insert(L, 1);
      if (lua_pcall(L, nargs, 1, 0) != LUA_OK) {
        /* string.format's own errors have no location: the caller's line.
         * An argument's __tostring that raised has one already. */
        luaL_where(L, 1);
        const char *where = lua_tostring(L, -1), *msg = lua_tostring(L, -2);
        if (msg && strncmp(msg, where, strlen(where)) == 0) lua_pop(L, 1);
        else {
          lua_pushstring(L, msg ? msg : "error formatting the reason");
          lua_concat(L, 2);
        }
        return lua_error(L);
      }
      text = lua_tolstring(L, -1, &len);
    }
    if (text && S->out) {
      size_t off = S->out->len;
      if (sl_buf_put(S->out, text, len)) return luaL_error(L, "out of memory");
      index = keep_reason(L, S, off, len);
    } else if (text) {
      index = keep_load_reason(L, S, text, len);
    }
  }
  lua_pushlightuserdata(L, (void *)SL_TOKEN(epoch, index, verdict));
  return 1;
}

static int api_pass(lua_State *L) { return api_verdict(L, SL_PASS); }
static int api_flag(lua_State *L) { return api_verdict(L, SL_FLAG); }
static int api_fail(lua_State *L) { return api_verdict(L, SL_FAIL); }

/* ---- require ---- */

/* [-2, +1, e] Runs a module's main function (with its name) as if the pack
 * were loading, even when a check requires it first: the results it makes
 * with a reason (`local NO = fail("...")`) are load-time ones, which keep
 * their reason for every candidate, as the module is loaded only once. */
static void run_module(lua_State *L, sl_state *S) {
  sl_buf *out = S->out;
  S->out = NULL;
  int st = lua_pcall(L, 1, 1, 0);
  S->out = out;
  if (st != LUA_OK) lua_error(L);
}

/* [-0, +1, e] Runs the plugin module `name` (at index 1) and pushes what it
 * returned, or pushes nothing and returns 0 when no plugin provides it. */
static int run_plugin_module(lua_State *L, sl_state *S) {
  if (lua_getfield(L, LUA_REGISTRYINDEX, "sl.modules") == LUA_TTABLE) {
    lua_pushvalue(L, 1);
    if (lua_rawget(L, -2) == LUA_TFUNCTION) { /* a plugin module's opener */
      lua_remove(L, -2);
      lua_pushvalue(L, 1);
      run_module(L, S);
      return 1;
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return 0;
}

/* [-1, +1] What a module returned (stack top) as require gives it: true for
 * nothing, frozen when it is loaded after the state was (first required by
 * a check), or it could carry state from one candidate to the next; kept in
 * the table of loaded modules at `loaded` under the name at index 1. */
static void keep_module(lua_State *L, sl_state *S, int loaded) {
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushboolean(L, 1);
  }
  if (S->frozen) {
    sl_sandbox_freeze(L, -1);
    sl_sandbox_unwrap(L);
  }
  lua_pushvalue(L, 1);
  lua_pushvalue(L, -2);
  lua_rawset(L, loaded);
}

/* require(name) inside a plugin's Lua module: other plugins' modules only
 * (a module serves every pack, so no pack's folder is its to read). */
static int plugin_module_require(lua_State *L) {
  sl_state *S = sl_state_of(L);
  const char *name = luaL_checkstring(L, 1);
  lua_settop(L, 1);
  lua_pushvalue(L, 1);
  if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1; /* loaded */
  lua_pop(L, 1);
  if (!run_plugin_module(L, S)) {
    return luaL_error(L, "module '%s' not found: a plugin's Lua module can require the Lua "
                         "modules of plugins only, and no plugin provides it", name);
  }
  keep_module(L, S, lua_upvalueindex(1));
  return 1;
}

void sl_pack_push_plugin_require(lua_State *L) {
  sl_registry_table(L, "sl.plugin_modules_loaded", 0);
  lua_pushcclosure(L, plugin_module_require, 1);
}

/* require(name): plugin modules first, then name.lua (dots as folders) in
 * the pack's own folder. Modules load once per state, in their own env. */
static int api_require(lua_State *L) {
  sl_state *S = sl_state_of(L);
  const char *name = luaL_checkstring(L, 1);
  lua_settop(L, 1);
  lua_pushvalue(L, 1);
  if (lua_rawget(L, lua_upvalueindex(2)) != LUA_TNIL) return 1; /* loaded */
  lua_pop(L, 1);
  if (run_plugin_module(L, S)) goto loaded;
  for (const char *c = name; *c; c++) {
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
          *c == '_' || *c == '.' || *c == '-')) {
      return luaL_error(L, "require: bad module name '%s' (letters, digits, '_', '-' and '.')", name);
    }
  }
  if (name[0] == '.' || strstr(name, "..")) return luaL_error(L, "require: bad module name '%s'", name);
  int pack = (int)lua_tointeger(L, lua_upvalueindex(1));
  char path[PATH_MAX];
  int n = snprintf(path, sizeof path, "%s/", S->spec->packs[pack]->dir);
  for (const char *c = name; *c && n < (int)sizeof path - 5; c++) path[n++] = *c == '.' ? '/' : *c;
  snprintf(path + n, sizeof path - (size_t)n, ".lua");
  char *text;
  size_t len;
  sl_error err;
  if (sl_read_file(path, &text, &len, &err)) {
    return luaL_error(L, "module '%s' not found: no %s in the pack, and no plugin provides it",
                      name, path);
  }
  lua_pushfstring(L, "@%s", path);
  int st = luaL_loadbufferx(L, text, len, lua_tostring(L, -1), "t");
  free(text);
  if (st != LUA_OK) return lua_error(L);
  sl_sandbox_new_env(L);
  lua_pushvalue(L, lua_upvalueindex(3)); /* this require, for nested modules */
  lua_setfield(L, -2, "require");
  lua_setupvalue(L, -2, 1);
  sl_sandbox_note_chunk(L, -1);
  lua_pushvalue(L, 1);
  run_module(L, S);
loaded:
  keep_module(L, S, lua_upvalueindex(2));
  return 1;
}

/* [-0, +1, m] A require bound to one pack. */
void sl_pack_push_require(lua_State *L, int pack) {
  lua_pushinteger(L, pack);
  lua_newtable(L); /* loaded modules */
  lua_pushnil(L);  /* placeholder for itself */
  lua_pushcclosure(L, api_require, 3);
  lua_pushvalue(L, -1);
  lua_setupvalue(L, -2, 3);
}

/* tostring of a token, for print() while writing a rule: `pass("reason")`,
 * `flag()`. */
static int token_tostring(lua_State *L) {
  uintptr_t tok = (uintptr_t)lua_touserdata(L, 1);
  if (!SL_IS_TOKEN(tok)) {
    lua_pushfstring(L, "userdata: %p", (void *)tok);
    return 1;
  }
  static const char *const names[] = {"pass", "flag", "fail", "skip"};
  const char *name = names[tok & 3], *text;
  size_t len;
  if (token_text(sl_state_of(L), tok, &text, &len)) {
    lua_pushfstring(L, "%s(\"", name);
    lua_pushlstring(L, text, len);
    lua_pushliteral(L, "\")");
    lua_concat(L, 3);
  } else {
    lua_pushfstring(L, "%s()", name);
  }
  return 1;
}

void sl_pack_api_open(sl_state *S, int base_env) {
  lua_State *L = S->L;
  /* Light userdata share one metatable; only tokens reach rules. Out of
   * their reach itself (__metatable), so no rule can change it. */
  lua_pushlightuserdata(L, NULL);
  lua_createtable(L, 0, 2);
  lua_pushcfunction(L, token_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  lua_pop(L, 1);
  static const luaL_Reg api[] = {{"pack", api_pack}, {"rule", api_rule}, {"fact", api_fact},
                                 {"pass", api_pass}, {"flag", api_flag}, {"fail", api_fail},
                                 {NULL, NULL}};
  lua_pushvalue(L, base_env);
  luaL_setfuncs(L, api, 0);
  lua_pop(L, 1);
  lua_getfield(L, base_env, "string");
  lua_getfield(L, -1, "format");
  S->ref_format = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pop(L, 1);
}
