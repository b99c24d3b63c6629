/*
 * watch.h - `shortlist watch`: evaluate once, then re-evaluate on every save
 * of a rule pack or an input file and print only what changed (SPEC §6,
 * docs/watch.md).
 */
#ifndef SL_WATCH_H
#define SL_WATCH_H

#include "cli.h"

/* Runs until SIGINT or SIGTERM. Returns SL_EXIT_USAGE (2) when it cannot
 * start (no input, standard input, a pack that cannot be found, an
 * unwatchable folder...), else 128 + the signal number (130 for Ctrl-C). */
int sl_cmd_watch(sl_cli *cli);

#endif
