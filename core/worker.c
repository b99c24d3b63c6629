/*
 * worker.c - worker thread side: decode each record of a batch straight into
 * this thread's lua_State, evaluate it, and leave outcomes and copied text
 * in the batch. Nothing here touches libuv handles or prints.
 */
#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"

/* A number id as text that reads back as the same number, so two different
 * ids never print the same: the shortest of 15 to 17 significant digits
 * that does; a whole number (one too large for an integer) in digits. */
static int number_id(char *out, size_t n, double v) {
  if (v == floor(v) && fabs(v) < 1e21) return snprintf(out, n, "%.0f", v);
  int len = 0;
  for (int digits = 15; digits <= 17; digits++) {
    len = snprintf(out, n, "%.*g", digits, v);
    if (strtod(out, NULL) == v) break;
  }
  return len;
}

/* [-0, +0] The record's id as text: a string as it is, a number printed,
 * otherwise "#N" from its position. */
static sl_text_ref record_id(lua_State *L, int cand, const sl_record *rec, sl_buf *arena) {
  char tmp[64];
  int n = 0;
  sl_text_ref r;
  switch (lua_getfield(L, cand, "id")) {
  case LUA_TSTRING: {
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    r = sl_text_keep(arena, s, len);
    lua_pop(L, 1);
    if (len) return r;
    break;
  }
  case LUA_TNUMBER:
    if (lua_isinteger(L, -1)) n = snprintf(tmp, sizeof tmp, "%lld", (long long)lua_tointeger(L, -1));
    else if (isfinite(lua_tonumber(L, -1))) n = number_id(tmp, sizeof tmp, lua_tonumber(L, -1));
    else { /* 1e400 reads as inf: no number to name it by */
      lua_pop(L, 1);
      break;
    }
    lua_pop(L, 1);
    return sl_text_keep(arena, tmp, (size_t)n);
  default:
    lua_pop(L, 1);
  }
  n = snprintf(tmp, sizeof tmp, "#%ld", rec->ordinal);
  return sl_text_keep(arena, tmp, (size_t)n);
}

static void unreadable(sl_buf *arena, sl_record_out *o, const sl_record *rec, const char *why,
                       const char *filter_id) {
  char tmp[32];
  int n = snprintf(tmp, sizeof tmp, "#%ld", rec->ordinal);
  if (filter_id && strcmp(filter_id, tmp) != 0) o->filtered = 1;
  o->id = sl_text_keep(arena, tmp, (size_t)n);
  o->error = sl_text_keep(arena, why, strlen(why));
  sl_buf_putc(arena, '\0');
  o->verdict = SL_ERROR;
}

void sl_batch_result(const sl_batch *b, size_t i, size_t nrules, sl_rule_result *scratch,
                     sl_result *r) {
  const sl_record_out *o = &b->outs[i];
  const char *arena = b->arena.data;
  memset(r, 0, sizeof *r);
  r->id = arena + o->id.off;
  r->id_len = o->id.len;
  r->source = b->recs[i].source;
  r->line = b->recs[i].line;
  r->ordinal = b->recs[i].ordinal;
  r->verdict = (sl_verdict)o->verdict;
  r->score = o->score;
  if (o->log.len) {
    r->log = arena + o->log.off;
    r->log_len = o->log.len;
  }
  if (o->detail.len) {
    r->detail = arena + o->detail.off;
    r->detail_len = o->detail.len;
  }
  if (o->encoded.len) {
    r->encoded = b->encoded.data + o->encoded.off;
    r->encoded_len = o->encoded.len;
  }
  if (r->verdict == SL_ERROR) {
    r->error = arena + o->error.off;
    return;
  }
  const sl_rule_outcome *oc = b->outcomes + i * nrules;
  for (size_t k = 0; k < nrules; k++) {
    scratch[k].verdict = (sl_verdict)oc[k].verdict;
    scratch[k].checked = (sl_verdict)oc[k].checked;
    scratch[k].reason = oc[k].reason.len ? arena + oc[k].reason.off : NULL;
    scratch[k].reason_len = oc[k].reason.len;
  }
  r->rules = scratch;
  r->nrules = nrules;
}

static int text_append(sl_text *t, const char *s, size_t n) { return sl_buf_put(t->ctx, s, n); }

/* Runs the reporter's encode for every reported record, in this thread. */
static int encode_batch(sl_batch *b, const sl_worker_config *cfg) {
  sl_rule_result *scratch = calloc(cfg->nrules + 1, sizeof *scratch);
  if (!scratch || sl_buf_reserve(&b->encoded, b->nrecs * 256)) {
    free(scratch);
    return SL_ENOMEM;
  }
  sl_text out = {&b->encoded, text_append};
  int rc = 0;
  for (size_t i = 0; i < b->nrecs && !rc; i++) {
    if (b->outs[i].filtered) continue;
    sl_result r;
    sl_batch_result(b, i, cfg->nrules, scratch, &r);
    size_t start = b->encoded.len;
    rc = cfg->rep->encode(cfg->info, &r, &out);
    b->outs[i].encoded = (sl_text_ref){(uint32_t)start, (uint32_t)(b->encoded.len - start)};
  }
  free(scratch);
  return rc;
}

int sl_worker_eval_batch(sl_state *S, sl_batch *b, const sl_worker_config *cfg) {
  lua_State *L = S->L;
  size_t nrules = cfg->nrules;
  if (!(b->outs = calloc(b->nrecs ? b->nrecs : 1, sizeof *b->outs))) return SL_ENOMEM;
  if (!(b->outcomes = calloc(b->nrecs * nrules + 1, sizeof *b->outcomes))) return SL_ENOMEM;
  if (sl_buf_reserve(&b->arena, b->text.len / 2 + 4096)) return SL_ENOMEM;
  sl_buf detail = SL_BUF_INIT;
  if (sl_state_prepare(S)) return SL_ENOMEM;
  S->out = &b->arena; /* until this batch is evaluated; never left behind */
  int top = lua_gettop(L), rc = 0;
  for (size_t i = 0; i < b->nrecs && !rc; i++) {
    const sl_record *rec = &b->recs[i];
    sl_record_out *o = &b->outs[i];
    /* A batch of slow candidates (a rule looping to its budget) lasts
     * minutes: a cancelled run must not wait for it. */
    if (cfg->cancel && atomic_load(cfg->cancel)) {
      rc = SL_EINVAL;
      break;
    }
    if (rec->unreadable) {
      char why[SL_ERROR_MAX];
      snprintf(why, sizeof why, "%.*s", (int)rec->len, b->text.data + rec->off);
      unreadable(&b->arena, o, rec, why, cfg->filter_id);
      continue;
    }
    char why[SL_ERROR_MAX];
    why[0] = '\0';
    sl_builder *builder = sl_json_decoder_builder(S->decoder);
    int drc = rec->reader->decode(b->text.data + rec->off, rec->len, builder, why, sizeof why);
    if (sl_json_decoder_finish(S->decoder, drc, why, sizeof why)) {
      if (!why[0]) snprintf(why, sizeof why, "the %s reader could not decode this record", rec->reader->name);
      unreadable(&b->arena, o, rec, why, cfg->filter_id);
      continue;
    }
    if (!sl_json_decoded_object(S->decoder)) {
      snprintf(why, sizeof why, "a record must be a JSON object, not %s",
               lua_isnil(L, -1) ? "null" : lua_istable(L, -1) ? "an array" : luaL_typename(L, -1));
      unreadable(&b->arena, o, rec, why, cfg->filter_id);
      lua_settop(L, top);
      continue;
    }
    int cand = lua_gettop(L);
    o->id = record_id(L, cand, rec, &b->arena);
    if (cfg->filter_id && (strlen(cfg->filter_id) != o->id.len ||
                           memcmp(cfg->filter_id, b->arena.data + o->id.off, o->id.len) != 0)) {
      o->filtered = 1;
      lua_settop(L, top);
      continue;
    }
    S->cur_id = b->arena.data + o->id.off; /* for print() tags; arena may move: */
    S->cur_id_len = o->id.len;
    char idcopy[128];
    size_t idlen = o->id.len < sizeof idcopy - 1 ? o->id.len : sizeof idcopy - 1;
    memcpy(idcopy, S->cur_id, idlen);
    idcopy[idlen] = '\0';
    S->cur_id = idcopy;
    S->cur_id_len = strnlen(idcopy, idlen); /* an id with a NUL byte is shown up to it */
    sl_verdict v;
    sl_buf_reset(&detail);
    rc = sl_state_eval(S, cand, b->outcomes + i * nrules, &v, &o->score,
                       cfg->explain ? &detail : NULL);
    S->cur_id = NULL;
    lua_settop(L, top);
    if (rc) break;
    o->verdict = (uint8_t)v;
    if (S->log.len) {
      o->log = sl_text_keep(&b->arena, S->log.data, S->log.len);
      sl_buf_reset(&S->log);
    }
    if (cfg->explain) o->detail = sl_text_keep(&b->arena, detail.data, detail.len);
  }
  S->out = NULL;
  sl_buf_free(&detail);
  sl_state_unprepare(S);
  if (rc) return rc;
  if (!(b->tally = calloc(SL_TALLY(nrules, 0) + 1, sizeof *b->tally))) return SL_ENOMEM;
  sl_batch_tally(b, 0, b->nrecs, nrules, b->tally);
  return cfg->rep && cfg->rep->encode ? encode_batch(b, cfg) : 0;
}

void sl_batch_tally(const sl_batch *b, size_t from, size_t to, size_t nrules, long *tally) {
  for (size_t i = from; i < to; i++) {
    if (b->outs[i].filtered || b->outs[i].verdict == SL_ERROR) continue; /* no rules ran */
    const sl_rule_outcome *oc = b->outcomes + i * nrules;
    for (size_t k = 0; k < nrules; k++) tally[SL_TALLY(k, oc[k].verdict)]++;
  }
}
