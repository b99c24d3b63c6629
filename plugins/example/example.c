/*
 * example.c - a minimal shortlist plugin that shows every kind of
 * registration. docs/plugins.md walks through it; copy it to start your own.
 *
 *   reporter     count    `shortlist run -f count`: "pass 12 / flag 3 / fail 2 / error 0"
 *   Lua module   example  `local ex = require "example"; ex.between(x, lo, hi)`
 *   rule loader  .rules   a line-based rule language, translated into Lua rule{}
 *
 * (An input reader is the fourth kind; plugins/jsonl/jsonl.c is a complete
 * one, and the end of this file sketches what registering one takes.)
 *
 * A plugin includes <shortlist/plugin.h> and nothing else of shortlist's; it
 * may use the C library freely. Build it with the CMake function
 *
 *     shortlist_add_plugin(example example.c)
 *
 * or by hand:
 *
 *     cc -shared -fPIC -I core/include -o example.so example.c
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shortlist/plugin.h"

/* The host's services (JSON escaping, verdict names...). The registry hands
 * the pointer over at init; it stays valid until the process exits. */
static const sl_host_api *host;

/* ------------------------------------------------------------------------
 * 1. A reporter: --format count
 *
 * begin, candidate and end run on the loop thread (the main thread), one
 * call at a time and in input order, so a reporter needs no locking. Its
 * state lives in what begin stores in *self.
 * ------------------------------------------------------------------------ */

typedef struct count {
  FILE *out;                     /* borrowed from the host for the run */
  long verdicts[SL_VERDICT_COUNT];
} count;

/* Once, before the first candidate: allocate the state. */
static int count_begin(void **self, const sl_run_info *info) {
  count *c = calloc(1, sizeof *c);
  if (!c) return SL_PLUGIN_ENOMEM; /* the run stops; the host says why */
  c->out = info->out;
  *self = c;
  return 0;
}

/* Once per input record. `r` and everything it points to are borrowed for
 * this call only: copy what you want to keep. An unreadable record arrives
 * too, with r->verdict == SL_ERROR and r->error saying why. */
static int count_candidate(void *self, const sl_result *r) {
  count *c = self;
  if ((unsigned)r->verdict < SL_VERDICT_COUNT) c->verdicts[r->verdict]++;
  return 0;
}

/* Once at the end, also when the run stopped early: write, flush, free.
 * `s` holds the host's totals (per verdict, per rule); this reporter prints
 * what it counted itself, to show the candidate callback at work. */
static int count_end(void *self, const sl_summary *s) {
  count *c = self;
  (void)s; /* s->verdicts holds the same numbers, counted by the host */
  static const sl_verdict shown[] = {SL_PASS, SL_FLAG, SL_FAIL, SL_ERROR};
  for (size_t i = 0; i < 4; i++) {
    fprintf(c->out, "%s%s %ld", i ? " / " : "", host->verdict_name(shown[i]), c->verdicts[shown[i]]);
  }
  fputc('\n', c->out);
  int rc = fflush(c->out) || ferror(c->out) ? SL_PLUGIN_EIO : 0;
  free(c);
  return rc;
}

/* Registered structs are borrowed by the host until exit: make them static.
 * `encode` (formatting on the worker threads) is optional and left out. */
static const sl_reporter count_reporter = {
    .name = "count",
    .description = "one line: how many candidates passed, flagged, failed, errored",
    .begin = count_begin,
    .candidate = count_candidate,
    .end = count_end,
};

/* ------------------------------------------------------------------------
 * 2. A Lua module: require "example"
 *
 * The source is copied by the host and run once in each worker's Lua state,
 * inside the rules' sandbox (string, table, math, utf8, sl; no io or os).
 * What it returns is what require returns; tables built at load time are
 * frozen with the rules, so the functions must not write to them later.
 * ------------------------------------------------------------------------ */

static const char example_lua[] =
    "local M = {}\n"
    "\n"
    "-- true when x is a number (or a numeric string) from lo to hi, both included\n"
    "function M.between(x, lo, hi)\n"
    "  x = tonumber(x)\n"
    "  return x ~= nil and x >= lo and x <= hi\n"
    "end\n"
    "\n"
    "-- x limited to [lo, hi]; nil when x is not a number\n"
    "function M.clamp(x, lo, hi)\n"
    "  x = tonumber(x)\n"
    "  if x == nil then return nil end\n"
    "  return math.min(math.max(x, lo), hi)\n"
    "end\n"
    "\n"
    "return M\n";

/* ------------------------------------------------------------------------
 * 3. A rule loader: *.rules files in a pack
 *
 * Each non-blank line that does not start with '#' is one rule:
 *
 *     id | severity | field OP number | reason
 *     senior | required | sales_years >= 10 | ten years in sales
 *
 * OP is one of >= <= > < == !=; field is a name or a dotted path into the
 * candidate (basics.salary_expectation). The rule passes when the
 * comparison holds, fails (with the reason) when it does not, and flags
 * when the field is missing or not a number.
 *
 * translate runs on the loop thread while a pack is read, once per file; the
 * Lua it appends is then loaded in every worker state like a .lua rule file.
 * Every input line becomes exactly one output line, so Lua's line numbers,
 * the rule's file:line and any error message point into the .rules file.
 * ------------------------------------------------------------------------ */

/* Appends a Lua string literal holding s (every quote, backslash and control
 * byte escaped, so no input can break out of the string). */
static int lua_string(sl_text *lua, const char *s, size_t n) {
  int rc = lua->append(lua, "\"", 1);
  for (size_t i = 0; i < n && !rc; i++) {
    unsigned char c = (unsigned char)s[i];
    char esc[8];
    if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
      snprintf(esc, sizeof esc, "\\%03u", c);
      rc = lua->append(lua, esc, 4);
    } else {
      rc = lua->append(lua, (const char *)&c, 1);
    }
  }
  return rc ? rc : lua->append(lua, "\"", 1);
}

static int append(sl_text *lua, const char *s) { return lua->append(lua, s, strlen(s)); }

/* Trims spaces and tabs; [*s, *e) is the field. */
static void trim(const char **s, const char **e) {
  while (*s < *e && (**s == ' ' || **s == '\t')) (*s)++;
  while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r')) (*e)--;
}

typedef struct field {
  const char *s;
  size_t n;
} field;

static int is_id(field f) {
  if (!f.n) return 0;
  for (size_t i = 0; i < f.n; i++) {
    char c = f.s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return 0;
  }
  return 1;
}

/* name(.name)*, each name [A-Za-z_][A-Za-z0-9_]* */
static int is_path(const char *s, size_t n) {
  int start = 1;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '.') {
      if (start) return 0;
      start = 1;
    } else if (isalpha((unsigned char)c) || c == '_' || (!start && isdigit((unsigned char)c))) {
      start = 0;
    } else {
      return 0;
    }
  }
  return n > 0 && !start;
}

#define FAIL(...) (snprintf(err, errsz, __VA_ARGS__), SL_PLUGIN_EPARSE)

/* One rule line (without its newline) into one line of Lua. */
static int translate_line(const char *path, long line, const char *s, size_t n, sl_text *lua,
                          char *err, size_t errsz) {
  field f[4];
  size_t nf = 0;
  const char *p = s, *end = s + n;
  for (;;) {
    const char *bar = memchr(p, '|', (size_t)(end - p));
    const char *fe = nf == 3 ? end : bar ? bar : end; /* the reason may hold '|' */
    const char *fs = p;
    trim(&fs, &fe);
    if (nf < 4) f[nf] = (field){fs, (size_t)(fe - fs)};
    nf++;
    if (nf == 4 || !bar) break;
    p = bar + 1;
  }
  if (nf != 4) {
    return FAIL("%s:%ld: expected 4 fields separated by '|' (id | severity | field OP number | "
                "reason), found %zu", path, line, nf);
  }
  if (!is_id(f[0])) {
    return FAIL("%s:%ld: rule id '%.*s' must be lower-case letters, digits and '-'", path, line,
                (int)f[0].n, f[0].s);
  }
  static const char *const severities[] = {"required", "preferred", "bonus"};
  int sev = -1;
  for (int i = 0; i < 3; i++) {
    if (f[1].n == strlen(severities[i]) && !memcmp(f[1].s, severities[i], f[1].n)) sev = i;
  }
  if (sev < 0) {
    return FAIL("%s:%ld: severity '%.*s' must be required, preferred or bonus", path, line,
                (int)f[1].n, f[1].s);
  }
  /* field OP number */
  const char *c = f[2].s, *ce = f[2].s + f[2].n, *q = c;
  while (q < ce && (isalnum((unsigned char)*q) || *q == '_' || *q == '.')) q++;
  size_t path_len = (size_t)(q - c);
  if (!is_path(c, path_len)) {
    return FAIL("%s:%ld: condition '%.*s' must start with a field name (sales_years, basics.x)",
                path, line, (int)f[2].n, f[2].s);
  }
  while (q < ce && *q == ' ') q++;
  static const char *const ops[] = {">=", "<=", "==", "!=", ">", "<"};
  static const char *const lua_ops[] = {">=", "<=", "==", "~=", ">", "<"};
  int op = -1;
  for (int i = 0; i < 6 && op < 0; i++) {
    size_t len = strlen(ops[i]);
    if ((size_t)(ce - q) >= len && !memcmp(q, ops[i], len)) {
      op = i;
      q += len;
    }
  }
  if (op < 0) {
    return FAIL("%s:%ld: condition '%.*s' needs one of >= <= > < == != after the field", path,
                line, (int)f[2].n, f[2].s);
  }
  while (q < ce && *q == ' ') q++;
  char num[64];
  size_t numlen = (size_t)(ce - q);
  char *numend = NULL;
  double value = 0;
  if (numlen > 0 && numlen < sizeof num) {
    memcpy(num, q, numlen);
    num[numlen] = '\0';
    value = strtod(num, &numend);
  }
  if (!numend || numend == num || *numend || !isfinite(value) ||
      !(isdigit((unsigned char)num[0]) || ((num[0] == '-' || num[0] == '.') && numlen > 1))) {
    return FAIL("%s:%ld: condition '%.*s' must end with a number", path, line, (int)f[2].n, f[2].s);
  }
  if (!f[3].n) return FAIL("%s:%ld: the reason is empty", path, line);

  /* rule { ... } on this one line. The generated check reads the field
   * through the candidate without raising on missing parts. */
  char buf[256];
  int rc = append(lua, "rule { id = ");
  if (!rc) rc = lua_string(lua, f[0].s, f[0].n);
  if (!rc) rc = append(lua, ", severity = ");
  if (!rc) rc = lua_string(lua, severities[sev], strlen(severities[sev]));
  if (!rc) rc = append(lua, ", title = ");
  if (!rc) rc = lua_string(lua, f[3].s, f[3].n);
  if (!rc) rc = append(lua, ", check = function(c, f, p) local v = c");
  for (const char *seg = c; !rc && seg < c + path_len;) { /* c.a.b -> (c.a or {}).b: no raise */
    const char *dot = memchr(seg, '.', (size_t)(c + path_len - seg));
    const char *se = dot ? dot : c + path_len;
    if (seg != c) rc = append(lua, "; if type(v) ~= \"table\" then v = nil else v = v");
    if (!rc) rc = append(lua, "[");
    if (!rc) rc = lua_string(lua, seg, (size_t)(se - seg));
    if (!rc) rc = append(lua, "]");
    if (!rc && seg != c) rc = append(lua, " end");
    seg = dot ? dot + 1 : se;
  }
  if (!rc) rc = append(lua, "; local field, shown = ");
  if (!rc) rc = lua_string(lua, c, path_len);
  snprintf(buf, sizeof buf, "%s %s", ops[op], num); /* "> 10", as written */
  if (!rc) rc = append(lua, ", ");
  if (!rc) rc = lua_string(lua, buf, strlen(buf));
  snprintf(buf, sizeof buf, "; if type(v) ~= \"number\" then return flag(\"no number in %%s\", field) "
           "end; if v %s %.17g then return pass(\"%%s is %%s (%%s)\", field, v, shown) end; "
           "return fail(\"%%s: %%s is %%s\", ", lua_ops[op], value);
  if (!rc) rc = append(lua, buf);
  if (!rc) rc = lua_string(lua, f[3].s, f[3].n);
  if (!rc) rc = append(lua, ", field, v) end }");
  return rc;
}

static int rules_translate(const char *path, const char *text, size_t len, sl_text *lua,
                           char *err, size_t errsz) {
  long line = 0;
  for (const char *p = text, *end = text + len; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *le = nl ? nl : end;
    line++;
    const char *s = p, *e = le;
    trim(&s, &e);
    int rc = 0;
    if (s < e && *s != '#') rc = translate_line(path, line, s, (size_t)(e - s), lua, err, errsz);
    if (!rc && nl) rc = lua->append(lua, "\n", 1); /* one Lua line per input line */
    if (rc) {
      if (rc != SL_PLUGIN_EPARSE) snprintf(err, errsz, "%s:%ld: out of memory", path, line);
      return rc;
    }
    p = nl ? nl + 1 : end;
  }
  return 0;
}

static const sl_rule_loader rules_loader = {
    .name = "rules",
    .extension = ".rules",
    .description = "one rule per line: id | severity | field OP number | reason",
    .translate = rules_translate,
};

/* ------------------------------------------------------------------------
 * 4. Registration
 *
 * The entry point runs once, on the main thread, before anything else.
 * SL_PLUGIN_ENTRY(fn) defines shortlist_plugin_init(): it tells the host
 * which ABI this plugin was built for, refuses a host of another ABI, and
 * then calls fn. Return 0, or an SL_PLUGIN_E* code to stop shortlist (it
 * exits 2). Each add_* returns SL_PLUGIN_EINVAL when the name is taken.
 *
 * An input reader would be one more static struct and one more call:
 *
 *     static const sl_reader my_reader = {"tsv", ".tsv", "tab-separated values",
 *                                         tsv_open, tsv_feed, tsv_finish, tsv_close,
 *                                         tsv_decode};
 *     rc = reg->add_reader(reg, &my_reader);
 * ------------------------------------------------------------------------ */

static int register_example(sl_registry *reg) {
  host = reg->api; /* count_end uses host->verdict_name */
  int rc = reg->add_reporter(reg, &count_reporter);
  if (!rc) rc = reg->add_lua_module(reg, "example", example_lua, sizeof example_lua - 1);
  if (!rc) rc = reg->add_rule_loader(reg, &rules_loader);
  return rc;
}

SL_PLUGIN_ENTRY(register_example)
