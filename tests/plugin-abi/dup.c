/*
 * dup.c - built twice, as dupa.so and dupb.so: both register the reporter
 * "dup". Loading both must fail with one line naming both plugins.
 */
#include "shortlist/plugin.h"

static int dup_begin(void **self, const sl_run_info *info) { return 0; }
static int dup_candidate(void *self, const sl_result *r) { return 0; }
static int dup_end(void *self, const sl_summary *s) { return 0; }

static const sl_reporter dup_reporter = {.name = "dup",
                                         .description = "registered by two plugins",
                                         .begin = dup_begin,
                                         .candidate = dup_candidate,
                                         .end = dup_end};

static int register_dup(sl_registry *reg) { return reg->add_reporter(reg, &dup_reporter); }

SL_PLUGIN_ENTRY(register_dup)
