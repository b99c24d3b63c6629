/* engine.h - the engine's insides, shared by the CLI's subcommands. */
#ifndef SL_ENGINE_H
#define SL_ENGINE_H

#include <stdatomic.h>

#include "pack.h"
#include "state.h"
#include "shortlist/shortlist.h"

struct sl_engine {
  sl_options opts;
  sl_ymd as_of;
  sl_pack **packs;
  size_t npacks;
  sl_override *overrides;
  size_t noverrides;
  sl_state_spec spec; /* what every state of this engine is built from */
  sl_state *main;     /* compiled by sl_engine_compile; worker 0 in runs */
  const atomic_int *cancel; /* watch: once set, a run stops before each
                               worker's next candidate; NULL: never */
};

void sl_engine_fill_spec(sl_engine *e, sl_state_spec *spec);
const char *sl_engine_pack_name(const sl_engine *e, size_t i);
/* A --set value as JSON text: as given when it parses, else quoted. Caller
 * frees *json. */
int sl_value_to_json(const char *value, char **json);

#endif
