/*
 * layered.c - two Lua modules, one built on the other and on a bundled
 * plugin's module: a plugin module may require plugin modules (its own
 * plugin's or another's), never a pack's files.
 */
#include "shortlist/plugin.h"

static const char words_lua[] =
    "return { title = function(s) return (s:gsub('^%l', string.upper)) end }\n";

static const char greeting_lua[] =
    "local words = require 'layered_words'\n"
    "local ex = require 'example'\n"
    "local M = {}\n"
    "function M.greet(name, years)\n"
    "  return 'Hello ' .. words.title(name) .. (ex.between(years, 10, 99) and ', senior' or '')\n"
    "end\n"
    "return M\n";

static const char reaching_lua[] = "return require 'packmodule'\n";

static int register_layered(sl_registry *reg) {
  int rc = reg->add_lua_module(reg, "layered_words", words_lua, sizeof words_lua - 1);
  if (!rc) rc = reg->add_lua_module(reg, "layered", greeting_lua, sizeof greeting_lua - 1);
  if (!rc) rc = reg->add_lua_module(reg, "layered_reaching", reaching_lua, sizeof reaching_lua - 1);
  return rc;
}

SL_PLUGIN_ENTRY(register_layered)
