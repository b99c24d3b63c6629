/*
 * wrongabi.c - a plugin built for another plugin ABI than the host's.
 *
 * Its entry point is SL_PLUGIN_ENTRY with the version changed: it reports
 * WRONG_ABI (default SL_PLUGIN_ABI + 1) and refuses a host of any other
 * ABI, as a plugin built against a newer plugin.h would. Built with
 * -DWRONG_ABI=0 -DWRONG_ABI_NO_CHECK it plays an old plugin that does not
 * check the host and returns success: the host must refuse both, with one
 * line naming both versions, and exit 2.
 */
#include "shortlist/plugin.h"

#ifndef WRONG_ABI
#define WRONG_ABI (SL_PLUGIN_ABI + 1)
#endif

SL_PLUGIN_EXPORT int shortlist_plugin_init(int host_abi, sl_registry *reg, int *plugin_abi) {
  *plugin_abi = WRONG_ABI;
#ifndef WRONG_ABI_NO_CHECK
  if (host_abi != WRONG_ABI) return SL_PLUGIN_EINVAL;
#endif
  (void)reg;
  return 0;
}
