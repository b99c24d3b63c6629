/*
 * plugins.c - plugin discovery (uv_dlopen), the ABI check, and the registry.
 *
 * Plugins are loaded once, on the main thread, before anything runs. What
 * they register is borrowed until exit; the libraries stay open until
 * sl_plugins_free.
 */
#include "plugins.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uv.h>

#include "buf.h"
#include "convert.h"

_Static_assert(SL_PLUGIN_ENOMEM == SL_ENOMEM && SL_PLUGIN_EINVAL == SL_EINVAL &&
                   SL_PLUGIN_EIO == SL_EIO && SL_PLUGIN_EPARSE == SL_EPARSE,
               "plugin.h error codes must match error.h");

typedef struct loaded {
  uv_lib_t lib;
  char *path;
  char *name; /* file name */
  int readers, reporters, loaders, modules;
} loaded;

struct sl_plugins {
  loaded *libs;
  size_t nlibs;
  struct {
    const sl_reader *r;
    const char *plugin;
  } readers[32];
  size_t nreaders;
  struct {
    const sl_reporter *r;
    const char *plugin;
  } reporters[32];
  size_t nreporters;
  struct {
    const sl_rule_loader *l;
    const char *plugin;
  } loaders[16];
  size_t nloaders;
  sl_lua_module *modules;
  size_t nmodules;
  /* registration in progress */
  loaded *current;
  sl_error *err;
};

/* ---- host services ---- */

static int write_json_string(FILE *out, const char *s, size_t n) {
  sl_buf b = SL_BUF_INIT;
  int rc = sl_buf_json_str(&b, s, n);
  if (!rc && fwrite(b.data, 1, b.len, out) != b.len) rc = SL_EIO;
  sl_buf_free(&b);
  return rc;
}

static int write_text(FILE *out, const char *s, size_t n) {
  sl_buf b = SL_BUF_INIT;
  int rc = sl_buf_text(&b, s, n);
  if (!rc && b.len && fwrite(b.data, 1, b.len, out) != b.len) rc = SL_EIO;
  sl_buf_free(&b);
  return rc;
}

const sl_host_api sl_host = {sl_json_decode_into, sl_json_escape, sl_text_escape,
                             write_json_string, write_text, sl_verdict_name, sl_severity_name,
                             sl_score_text};

/* ---- registration ---- */

static int taken(sl_plugins *P, const char *kind, const char *name, const char *other) {
  sl_error_set(P->err, SL_EEXISTS, "plugin %s: %s '%s' is already registered by %s",
               P->current->name, kind, name, other);
  return SL_EINVAL;
}

static int add_reader(sl_registry *reg, const sl_reader *r) {
  sl_plugins *P = reg->host;
  if (!r || !r->name || !r->feed || !r->decode || !r->open || !r->close || !r->finish) {
    sl_error_set(P->err, SL_EINVAL, "plugin %s: a reader lacks a name or a callback", P->current->name);
    return SL_EINVAL;
  }
  for (size_t i = 0; i < P->nreaders; i++) {
    if (!strcmp(P->readers[i].r->name, r->name)) return taken(P, "reader", r->name, P->readers[i].plugin);
  }
  if (P->nreaders == sizeof P->readers / sizeof P->readers[0]) return SL_EINVAL;
  P->readers[P->nreaders].r = r;
  P->readers[P->nreaders++].plugin = P->current->name;
  P->current->readers++;
  return 0;
}

static int add_reporter(sl_registry *reg, const sl_reporter *r) {
  sl_plugins *P = reg->host;
  if (!r || !r->name || !r->begin || !r->end || (!r->candidate && !r->encode)) {
    sl_error_set(P->err, SL_EINVAL, "plugin %s: a reporter lacks a name or a callback", P->current->name);
    return SL_EINVAL;
  }
  for (size_t i = 0; i < P->nreporters; i++) {
    if (!strcmp(P->reporters[i].r->name, r->name)) {
      return taken(P, "reporter", r->name, P->reporters[i].plugin);
    }
  }
  if (P->nreporters == sizeof P->reporters / sizeof P->reporters[0]) return SL_EINVAL;
  P->reporters[P->nreporters].r = r;
  P->reporters[P->nreporters++].plugin = P->current->name;
  P->current->reporters++;
  return 0;
}

static int add_rule_loader(sl_registry *reg, const sl_rule_loader *l) {
  sl_plugins *P = reg->host;
  if (!l || !l->name || !l->extension || !l->translate || l->extension[0] != '.' ||
      !strcmp(l->extension, ".lua")) {
    sl_error_set(P->err, SL_EINVAL, "plugin %s: a rule loader needs a name, an extension "
                 "other than .lua, and translate", P->current->name);
    return SL_EINVAL;
  }
  for (size_t i = 0; i < P->nloaders; i++) {
    if (!strcmp(P->loaders[i].l->extension, l->extension)) {
      return taken(P, "rule loader for", l->extension, P->loaders[i].plugin);
    }
  }
  if (P->nloaders == sizeof P->loaders / sizeof P->loaders[0]) return SL_EINVAL;
  P->loaders[P->nloaders].l = l;
  P->loaders[P->nloaders++].plugin = P->current->name;
  P->current->loaders++;
  return 0;
}

/* reg->fail: the plugin's own words for why it cannot register. The first
 * reason given is kept. */
static int registry_fail(sl_registry *reg, int code, const char *fmt, ...) {
  sl_plugins *P = reg->host;
  if (P->err->code == SL_OK) {
    char why[SL_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt ? fmt : "(no reason given)", ap);
    va_end(ap);
    sl_error_set(P->err, code ? code : SL_EINVAL, "plugin %s: %s", P->current->name, why);
  }
  return code;
}

static int add_lua_module(sl_registry *reg, const char *name, const char *source, size_t len) {
  sl_plugins *P = reg->host;
  if (!name || !*name || !source) {
    sl_error_set(P->err, SL_EINVAL, "plugin %s: a Lua module needs a name and source", P->current->name);
    return SL_EINVAL;
  }
  for (size_t i = 0; i < P->nmodules; i++) {
    if (!strcmp(P->modules[i].name, name)) return taken(P, "Lua module", name, P->modules[i].plugin);
  }
  sl_lua_module *grown = realloc(P->modules, (P->nmodules + 1) * sizeof *grown);
  if (!grown) return SL_ENOMEM;
  P->modules = grown;
  sl_lua_module *m = &P->modules[P->nmodules];
  m->name = strdup(name);
  m->source = malloc(len + 1);
  if (!m->name || !m->source) {
    free(m->name);
    free(m->source);
    return SL_ENOMEM;
  }
  memcpy(m->source, source, len);
  m->source[len] = '\0';
  m->len = len;
  m->plugin = P->current->name;
  P->nmodules++;
  P->current->modules++;
  return 0;
}

/* ---- discovery ---- */

typedef int (*entry_fn)(int host_abi, sl_registry *reg, int *plugin_abi);

static int already_loaded(const sl_plugins *P, const char *name) {
  for (size_t i = 0; i < P->nlibs; i++) {
    if (!strcmp(P->libs[i].name, name)) return 1;
  }
  return 0;
}

static int load_one(sl_plugins *P, const char *dir, const char *file, sl_error *err) {
  if (already_loaded(P, file)) return 0; /* an earlier folder's copy wins */
  loaded *grown = realloc(P->libs, (P->nlibs + 1) * sizeof *grown);
  if (!grown) return sl_error_set(err, SL_ENOMEM, "out of memory");
  P->libs = grown;
  loaded *L = &P->libs[P->nlibs];
  memset(L, 0, sizeof *L);
  size_t n = strlen(dir) + strlen(file) + 2;
  L->path = malloc(n);
  L->name = strdup(file);
  if (!L->path || !L->name) {
    free(L->path);
    free(L->name);
    return sl_error_set(err, SL_ENOMEM, "out of memory");
  }
  snprintf(L->path, n, "%s/%s", dir, file);
  if (uv_dlopen(L->path, &L->lib)) {
    sl_error_set(err, SL_ENOTFOUND, "cannot load plugin %s: %s", L->path, uv_dlerror(&L->lib));
    uv_dlclose(&L->lib);
    free(L->path);
    free(L->name);
    return SL_ENOTFOUND;
  }
  P->nlibs++; /* from here on, freed by sl_plugins_free */
  entry_fn entry;
  if (uv_dlsym(&L->lib, SL_PLUGIN_ENTRY_NAME, (void **)&entry)) {
    return sl_error_set(err, SL_ENOTFOUND,
                        "%s is not a shortlist plugin: it exports no %s() (see docs/plugins.md)",
                        L->path, SL_PLUGIN_ENTRY_NAME);
  }
  sl_registry reg = {&sl_host,     L->path,         P,          add_reader, add_reporter,
                     add_rule_loader, add_lua_module, registry_fail};
  int plugin_abi = -1;
  P->current = L;
  P->err = err;
  sl_error_clear(err);
  int rc = entry(SL_PLUGIN_ABI, &reg, &plugin_abi);
  P->current = NULL;
  if (plugin_abi != SL_PLUGIN_ABI) {
    return sl_error_set(err, SL_EABI,
                        "plugin %s was built for plugin ABI %d, but this shortlist has ABI %d: "
                        "rebuild it against this version's plugin.h (or remove it from the plugin path)",
                        L->path, plugin_abi, SL_PLUGIN_ABI);
  }
  if (rc) {
    if (err->code == SL_OK) sl_error_set(err, rc, "plugin %s failed to register (code %d)", L->path, rc);
    return err->code;
  }
  return 0;
}

static int name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(sl_plugins *P, const char *dir, int must_exist, sl_error *err) {
  DIR *d = opendir(dir);
  if (!d) {
    if (must_exist) return sl_error_set(err, SL_ENOTFOUND, "plugin folder %s: cannot open it", dir);
    return 0;
  }
  char *names[256];
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 256) {
    size_t len = strlen(e->d_name);
    if (len > 3 && !strcmp(e->d_name + len - 3, ".so") && e->d_name[0] != '.') {
      names[n] = strdup(e->d_name);
      if (names[n]) n++;
    }
  }
  closedir(d);
  qsort(names, n, sizeof *names, name_cmp); /* the same order on every machine */
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    if (!rc) rc = load_one(P, dir, names[i], err);
    free(names[i]);
  }
  return rc;
}

static int load_path_list(sl_plugins *P, const char *list, int must_exist, sl_error *err) {
  char *copy = strdup(list);
  if (!copy) return sl_error_set(err, SL_ENOMEM, "out of memory");
  int rc = 0;
  for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir && !rc;
       dir = strtok_r(NULL, ":", &save)) {
    if (*dir) rc = load_dir(P, dir, must_exist, err);
  }
  free(copy);
  return rc;
}

int sl_plugins_load(const char *cli_path, sl_plugins **out, sl_error *err) {
  sl_plugins *P = calloc(1, sizeof *P);
  if (!P) return sl_error_set(err, SL_ENOMEM, "out of memory");
  int rc = 0;
  if (cli_path) rc = load_path_list(P, cli_path, 1, err);
  const char *env = getenv("SHORTLIST_PLUGIN_PATH");
  if (!rc && env && *env) rc = load_path_list(P, env, 0, err);
  char exe[PATH_MAX];
  size_t exelen = sizeof exe;
  if (!rc && uv_exepath(exe, &exelen) == 0) {
    char *slash = strrchr(exe, '/');
    if (slash) *slash = '\0';
    char dir[PATH_MAX + 64];
    snprintf(dir, sizeof dir, "%s/plugins", exe); /* the build tree */
    rc = load_dir(P, dir, 0, err);
    snprintf(dir, sizeof dir, "%s/../lib/shortlist/plugins", exe); /* installed */
    if (!rc) rc = load_dir(P, dir, 0, err);
  }
#ifdef SL_INSTALL_PLUGIN_DIR
  if (!rc) rc = load_dir(P, SL_INSTALL_PLUGIN_DIR, 0, err);
#endif
  if (rc) {
    sl_plugins_free(P);
    return rc;
  }
  *out = P;
  return 0;
}

void sl_plugins_free(sl_plugins *P) {
  if (!P) return;
  for (size_t i = 0; i < P->nmodules; i++) {
    free(P->modules[i].name);
    free(P->modules[i].source);
  }
  free(P->modules);
  for (size_t i = 0; i < P->nlibs; i++) {
    uv_dlclose(&P->libs[i].lib);
    free(P->libs[i].path);
    free(P->libs[i].name);
  }
  free(P->libs);
  free(P);
}

/* ---- lookups ---- */

const sl_reader *sl_plugins_reader(const sl_plugins *P, const char *name) {
  for (size_t i = 0; P && i < P->nreaders; i++) {
    if (!strcmp(P->readers[i].r->name, name)) return P->readers[i].r;
  }
  return NULL;
}

/* 1 when `ext` (".csv") is one of the space-separated extensions, in any
 * case: spreadsheets and Windows tools save "candidates.CSV". */
static int has_extension(const char *list, const char *ext) {
  size_t n = strlen(ext);
  for (const char *p = list; p && *p;) {
    while (*p == ' ') p++;
    size_t len = strcspn(p, " ");
    if (len == n && !strncasecmp(p, ext, n)) return 1;
    p += len;
  }
  return 0;
}

static const char *extension_of(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash : path, '.');
  return dot ? dot : "";
}

const sl_reader *sl_plugins_reader_for(const sl_plugins *P, const char *path) {
  const char *ext = extension_of(path);
  for (size_t i = 0; P && *ext && i < P->nreaders; i++) {
    if (P->readers[i].r->extensions && has_extension(P->readers[i].r->extensions, ext)) {
      return P->readers[i].r;
    }
  }
  return NULL;
}

const sl_reporter *sl_plugins_reporter(const sl_plugins *P, const char *name) {
  for (size_t i = 0; P && i < P->nreporters; i++) {
    if (!strcmp(P->reporters[i].r->name, name)) return P->reporters[i].r;
  }
  return NULL;
}

const sl_rule_loader *sl_plugins_loader_for(const sl_plugins *P, const char *path) {
  const char *ext = extension_of(path);
  for (size_t i = 0; P && i < P->nloaders; i++) {
    if (!strcmp(P->loaders[i].l->extension, ext)) return P->loaders[i].l;
  }
  return NULL;
}

const sl_lua_module *sl_plugins_modules(const sl_plugins *P, size_t *n) {
  *n = P ? P->nmodules : 0;
  return P ? P->modules : NULL;
}

void sl_plugins_describe(const sl_plugins *P, FILE *out) {
  if (!P || P->nlibs == 0) {
    fprintf(out, "no plugins found (plugin path: --plugin-path, SHORTLIST_PLUGIN_PATH, "
                 "the build tree's plugins/ and <prefix>/lib/shortlist/plugins)\n");
    return;
  }
  for (size_t i = 0; i < P->nlibs; i++) {
    const loaded *L = &P->libs[i];
    fprintf(out, "%s  (%s)\n", L->name, L->path);
    for (size_t k = 0; k < P->nreaders; k++) {
      if (P->readers[k].plugin != L->name) continue;
      const sl_reader *r = P->readers[k].r;
      fprintf(out, "  reader       %-10s %s%s%s%s\n", r->name, r->description ? r->description : "",
              r->extensions ? " (" : "", r->extensions ? r->extensions : "", r->extensions ? ")" : "");
    }
    for (size_t k = 0; k < P->nreporters; k++) {
      if (P->reporters[k].plugin != L->name) continue;
      const sl_reporter *r = P->reporters[k].r;
      fprintf(out, "  reporter     %-10s %s\n", r->name, r->description ? r->description : "");
    }
    for (size_t k = 0; k < P->nmodules; k++) {
      if (P->modules[k].plugin != L->name) continue;
      fprintf(out, "  lua module   %-10s require \"%s\"\n", P->modules[k].name, P->modules[k].name);
    }
    for (size_t k = 0; k < P->nloaders; k++) {
      if (P->loaders[k].plugin != L->name) continue;
      const sl_rule_loader *l = P->loaders[k].l;
      fprintf(out, "  rule loader  %-10s %s files: %s\n", l->name, l->extension,
              l->description ? l->description : "");
    }
  }
}
