/* report.c - the reporters the core knows by name. */
#include <string.h>

#include "shortlist/shortlist.h"

extern const sl_reporter sl_reporter_jsonl;
extern const sl_reporter sl_reporter_text;

static const sl_reporter *const builtin[] = {&sl_reporter_jsonl, &sl_reporter_text, NULL};

const sl_reporter *const *sl_reporters(void) { return builtin; }

const sl_reporter *sl_reporter_find(const char *name) {
  for (const sl_reporter *const *r = builtin; *r; r++) {
    if (strcmp((*r)->name, name) == 0) return *r;
  }
  return NULL;
}
