/*
 * pack.h - rule-pack folders: finding them, reading their files, and the
 * functions rule files call while loading (pack{}, rule{}, fact()).
 */
#ifndef SL_PACK_H
#define SL_PACK_H

#include <stddef.h>

#include "shortlist/error.h"

struct sl_plugins;

typedef struct sl_source {
  char *path; /* as shown to users: "rules/cso/leadership.lua" */
  char *text;
  size_t len;
} sl_source;

typedef struct sl_pack {
  char *dir;   /* as shown to users */
  sl_source *files; /* pack.lua first, then *.lua in name order */
  size_t nfiles;
} sl_pack;

/* The pack used when no -r is given. */
#define SL_DEFAULT_PACK "cso"

/* Finds a pack: an existing folder is used as it is; a bare name ("cso")
 * is looked up among the installed packs (SHORTLIST_RULES_PATH first) and
 * those of the build tree. NULL: the default pack, among the installed
 * ones only. Writes the folder into out. */
int sl_pack_locate(const char *name_or_dir, char *out, size_t outsz, sl_error *err);

/* Reads the pack folder's rule files into memory. Caller frees with
 * sl_pack_free(). */
int sl_pack_read(const char *dir, const struct sl_plugins *plugins, sl_pack **out, sl_error *err);
void sl_pack_free(sl_pack *p);

/* Reads a whole file. Caller frees *text with free(). */
int sl_read_file(const char *path, char **text, size_t *len, sl_error *err);

/* Lists "*.lua" files of a folder in name order (excluding `skip` if not
 * NULL). Caller frees each name and the array with free(). */
int sl_list_lua_files(const char *dir, const char *skip, char ***names, size_t *n,
                      sl_error *err);

/* Lists the rule files of a pack folder: "*.lua" and the extensions of
 * plugin rule loaders, in name order, without pack.lua. */
int sl_list_rule_files(const char *dir, const struct sl_plugins *plugins, char ***names,
                       size_t *n, sl_error *err);

#endif
