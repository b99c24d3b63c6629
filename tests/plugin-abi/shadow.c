/*
 * shadow.c - built as text.so in a folder of its own: a plugin of the same
 * file name as the build tree's text.so. The earlier folder on the plugin
 * path wins, so its "text" reporter replaces the real one.
 */
#include "shortlist/plugin.h"

#ifndef SHADOW_TAG
#define SHADOW_TAG "shadow"
#endif

static int sh_begin(void **self, const sl_run_info *info) {
  *self = info->out;
  return 0;
}
static int sh_candidate(void *self, const sl_result *r) { return 0; }
static int sh_end(void *self, const sl_summary *s) {
  fprintf(self, "%s text reporter: %ld candidates\n", SHADOW_TAG, s->candidates);
  return fflush(self) ? SL_PLUGIN_EIO : 0;
}

static const sl_reporter shadow_text = {.name = "text",
                                        .description = "a stand-in for text.so",
                                        .begin = sh_begin,
                                        .candidate = sh_candidate,
                                        .end = sh_end};

static int register_shadow(sl_registry *reg) { return reg->add_reporter(reg, &shadow_text); }

SL_PLUGIN_ENTRY(register_shadow)
