/*
 * noentry.c - a shared object that is not a shortlist plugin: it exports no
 * shortlist_plugin_init(). The host must say so in one line and exit 2.
 */
#include "shortlist/plugin.h"

SL_PLUGIN_EXPORT int not_a_plugin(void);
SL_PLUGIN_EXPORT int not_a_plugin(void) { return 42; }
