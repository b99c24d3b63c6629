/*
 * plugins.h - finding, loading and checking plugins, and the registry of
 * what they provide (readers, reporters, Lua modules, rule loaders).
 */
#ifndef SL_PLUGINS_H
#define SL_PLUGINS_H

#include "shortlist/plugin.h"
#include "shortlist/shortlist.h"

typedef struct sl_lua_module {
  char *name;
  char *source;
  size_t len;
  const char *plugin; /* file name of the plugin that gave it */
} sl_lua_module;

/* Loads every plugin found on the path: `cli_path` (--plugin-path, folders
 * separated by ':'), then $SHORTLIST_PLUGIN_PATH, then the build tree's and
 * the installed plugin folders (found from the executable's own path). A
 * file name found in an earlier folder hides later ones. Any plugin that
 * cannot be loaded, has no entry point, was built for another ABI or
 * registers a name already taken is an error (SL_EABI / SL_EEXISTS /
 * SL_ENOTFOUND) with one line in err. */
int sl_plugins_load(const char *cli_path, sl_plugins **out, sl_error *err);
void sl_plugins_free(sl_plugins *p);

const sl_reader *sl_plugins_reader(const sl_plugins *p, const char *name);
/* The reader for a file name's extension, or NULL. */
const sl_reader *sl_plugins_reader_for(const sl_plugins *p, const char *path);
const sl_reporter *sl_plugins_reporter(const sl_plugins *p, const char *name);
/* The rule loader for a file name's extension, or NULL. */
const sl_rule_loader *sl_plugins_loader_for(const sl_plugins *p, const char *path);
const sl_lua_module *sl_plugins_modules(const sl_plugins *p, size_t *n);
/* Writes what was found and what each provides. */
void sl_plugins_describe(const sl_plugins *p, FILE *out);

/* The host services plugins receive (also used by the core itself). */
extern const sl_host_api sl_host;

#endif
