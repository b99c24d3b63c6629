/*
 * cli.c - argv parsing, subcommand dispatch, and the exit-status policy.
 * Options may come before or after inputs; "--opt=value" and "--opt value"
 * both work.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "engine.h"
#include "plugins.h"
#include "pool.h"
#include "watch.h"

static const char usage[] =
    "usage: shortlist <command> [options] [INPUT...]\n"
    "\n"
    "commands:\n"
    "  run     [-r PACK]... [options] [INPUT...]   screen candidates, print results\n"
    "  watch   [-r PACK]... [options] INPUT...     re-run on every change of rules or input\n"
    "  check   [-r PACK]... [PACK...]              compile and lint packs, evaluate nothing\n"
    "  test    [PACK...]                           run the packs' own test cases\n"
    "  explain [-r PACK]... --id ID [INPUT...]     one candidate in full: rules, facts, params\n"
    "  plugins                                     list what this build provides\n"
    "\n"
    "options:\n"
    "  -r, --rules PACK        rule-pack folder (repeatable; default: the installed 'cso')\n"
    "  -f, --format NAME       output: text (default on a terminal), jsonl (default otherwise),\n"
    "                          csv, html, or a reporter plugin's (see shortlist plugins)\n"
    "  -o, --output FILE       write results to FILE instead of standard output\n"
    "      --input-format NAME read every input as NAME, whatever its extension (jsonl, json, csv)\n"
    "      --plugin-path DIRS  extra plugin folders, ':'-separated (also SHORTLIST_PLUGIN_PATH)\n"
    "  -j, --jobs N            worker threads (default: number of CPUs)\n"
    "      --set KEY=VALUE     override a pack parameter; VALUE is JSON if it parses, else a string\n"
    "      --as-of YYYY-MM-DD  the date 'now' means for open-ended roles (default: today)\n"
    "      --fail-on LEVEL     exit 1 when a candidate reaches fail|flag (default: never)\n"
    "      --on-error LEVEL    a rule error counts as flag (default) or fail\n"
    "      --max-instructions N  Lua instructions per rule call (default 20000000)\n"
    "      --max-memory MB     memory per rule call (default 64)\n"
    "      --id ID             the candidate to explain\n"
    "      --clear             watch: clear the screen before each re-run\n"
    "  -v, --verbose           watch: show every change and the reload/evaluate times\n"
    "  -h, --help              this help\n"
    "      --version           print the version\n"
    "\n"
    "INPUT is a file or - for standard input (the default); several are read in order.\n"
    "Exit status: 0 ran; 1 --fail-on reached; 2 usage error or a pack that does not\n"
    "compile; 3 some input records could not be read.\n";

/* Writes s a line at a time, each made safe for a terminal as text output
 * is (sl_buf_text) and ended with a newline: messages carry text of rule
 * files and candidates (error("..."), ids, names). */
static void put_lines(FILE *out, const char *s) {
  sl_buf b = SL_BUF_INIT;
  for (;;) {
    size_t len = strcspn(s, "\n");
    if (sl_buf_text(&b, s, len) || sl_buf_putc(&b, '\n')) break;
    if (!s[len] || !s[len + 1]) break;
    s += len + 1;
  }
  fwrite(b.data, 1, b.len, out);
  sl_buf_free(&b);
}

void sl_cli_error(const char *fmt, ...) {
  va_list ap, again;
  va_start(ap, fmt);
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  char *msg = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (msg) vsnprintf(msg, (size_t)n + 1, fmt, again);
  va_end(again);
  va_end(ap);
  fputs("shortlist: ", stderr);
  put_lines(stderr, msg ? msg : fmt);
  free(msg);
}

static int push(const char ***list, size_t *n, const char *v) {
  const char **grown = realloc(*list, (*n + 1) * sizeof *grown);
  if (!grown) return -1;
  grown[(*n)++] = v;
  *list = grown;
  return 0;
}

static int parse_long(const char *opt, const char *v, long long min, long long max, long long *out) {
  char *end;
  errno = 0;
  long long x = strtoll(v, &end, 10);
  if (errno || end == v || *end || x < min || x > max) {
    sl_cli_error("%s %s: expected a whole number from %lld to %lld", opt, v, min, max);
    return -1;
  }
  *out = x;
  return 0;
}

/* Options that take a value. */
static const struct {
  const char *lng;
  char shrt;
} valued[] = {{"rules", 'r'}, {"format", 'f'}, {"output", 'o'}, {"input-format", 0},
              {"jobs", 'j'},  {"set", 0},      {"as-of", 0},    {"fail-on", 0},
              {"on-error", 0}, {"max-instructions", 0}, {"max-memory", 0}, {"id", 0},
              {"plugin-path", 0}};

static int apply_option(sl_cli *cli, const char *name, const char *v) {
  long long n;
  if (!strcmp(name, "rules")) return push(&cli->packs, &cli->npacks, v);
  if (!strcmp(name, "format")) { cli->format = v; return 0; }
  if (!strcmp(name, "output")) { /* -o - is standard output, as an input of - is standard input */
    cli->output = strcmp(v, "-") ? v : NULL;
    return 0;
  }
  if (!strcmp(name, "input-format")) { cli->input_format = v; return 0; }
  if (!strcmp(name, "id")) { cli->id = v; return 0; }
  if (!strcmp(name, "plugin-path")) { cli->plugin_path = v; return 0; }
  if (!strcmp(name, "as-of")) { cli->opts.as_of = v; return 0; }
  if (!strcmp(name, "set")) {
    if (!strchr(v, '=') || v[0] == '=') {
      sl_cli_error("--set %s: expected KEY=VALUE (for example --set min_sales_years=12)", v);
      return -1;
    }
    return push(&cli->sets, &cli->nsets, v);
  }
  if (!strcmp(name, "jobs")) {
    if (parse_long("--jobs", v, 1, 256, &n)) return -1;
    cli->opts.jobs = (int)n;
    return 0;
  }
  if (!strcmp(name, "max-instructions")) {
    if (parse_long("--max-instructions", v, 1000, (long long)1 << 50, &n)) return -1;
    cli->opts.max_instructions = n;
    return 0;
  }
  if (!strcmp(name, "max-memory")) {
    if (parse_long("--max-memory", v, 1, 1 << 20, &n)) return -1;
    cli->opts.max_memory = (size_t)n << 20;
    return 0;
  }
  if (!strcmp(name, "fail-on")) {
    if (!strcmp(v, "fail")) cli->fail_on = SL_FAIL_ON_FAIL;
    else if (!strcmp(v, "flag")) cli->fail_on = SL_FAIL_ON_FLAG;
    else if (!strcmp(v, "never")) cli->fail_on = SL_FAIL_ON_NEVER;
    else {
      sl_cli_error("--fail-on %s: expected fail, flag or never", v);
      return -1;
    }
    return 0;
  }
  if (!strcmp(name, "on-error")) {
    if (!strcmp(v, "flag")) cli->opts.on_error = SL_ON_ERROR_FLAG;
    else if (!strcmp(v, "fail")) cli->opts.on_error = SL_ON_ERROR_FAIL;
    else {
      sl_cli_error("--on-error %s: expected flag or fail", v);
      return -1;
    }
    return 0;
  }
  sl_cli_error("unknown option --%s (see shortlist --help)", name);
  return -1;
}

/* The options each command reads. One given to a command that would ignore
 * it is a usage error: `test --set ...` or `watch --fail-on flag` doing
 * nothing without a word would mislead. */
static const struct {
  const char *command, *options; /* options: long names, each between spaces */
} accepted[] = {
    {"run", " rules format output input-format jobs set as-of fail-on on-error "
            "max-instructions max-memory plugin-path "},
    {"watch", " rules format output input-format jobs set as-of on-error max-instructions "
              "max-memory plugin-path clear verbose "},
    {"check", " rules set as-of max-instructions max-memory plugin-path "},
    {"test", " rules max-instructions max-memory plugin-path "},
    {"explain", " rules format output input-format jobs set as-of on-error max-instructions "
                "max-memory id plugin-path "},
    {"plugins", " plugin-path "},
};

static void note_given(sl_cli *cli, const char *name) {
  for (size_t i = 0; i < cli->ngiven; i++) {
    if (cli->given[i] == name) return; /* -r given many times is one name */
  }
  if (cli->ngiven < sizeof cli->given / sizeof cli->given[0]) cli->given[cli->ngiven++] = name;
}

/* 0 when the command reads every option given (or is unknown: said later). */
static int accepts_options(const sl_cli *cli) {
  for (size_t k = 0; k < sizeof accepted / sizeof accepted[0]; k++) {
    if (strcmp(accepted[k].command, cli->command) != 0) continue;
    for (size_t i = 0; i < cli->ngiven; i++) {
      char key[80];
      snprintf(key, sizeof key, " %s ", cli->given[i]);
      if (!strstr(accepted[k].options, key)) {
        sl_cli_error("--%s does not apply to %s (see shortlist --help)", cli->given[i],
                     cli->command);
        return SL_EXIT_USAGE;
      }
    }
  }
  return 0;
}

/* Returns 0, an exit status, or -1 for "print help/version and exit 0". */
static int parse(sl_cli *cli, int argc, char **argv) {
  int only_inputs = 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (only_inputs || a[0] != '-' || !strcmp(a, "-")) {
      if (push(&cli->inputs, &cli->ninputs, a)) return SL_EXIT_USAGE;
      continue;
    }
    if (!strcmp(a, "--")) { only_inputs = 1; continue; }
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) return -1;
    if (!strcmp(a, "--version")) return -2;
    if (!strcmp(a, "--clear")) {
      cli->clear = 1;
      note_given(cli, "clear");
      continue;
    }
    if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
      cli->verbose = 1;
      note_given(cli, "verbose");
      continue;
    }
    const char *name = NULL, *value = NULL;
    char longname[64];
    if (a[1] == '-') {
      const char *eq = strchr(a + 2, '=');
      size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
      if (len >= sizeof longname) len = sizeof longname - 1;
      memcpy(longname, a + 2, len);
      longname[len] = '\0';
      name = longname;
      if (eq) value = eq + 1;
    } else {
      for (size_t k = 0; k < sizeof valued / sizeof valued[0]; k++) {
        if (valued[k].shrt && valued[k].shrt == a[1]) name = valued[k].lng;
      }
      if (!name) {
        sl_cli_error("unknown option %s (see shortlist --help)", a);
        return SL_EXIT_USAGE;
      }
      if (a[2]) value = a + 2; /* -j2 */
    }
    int takes_value = 0;
    for (size_t k = 0; k < sizeof valued / sizeof valued[0]; k++) {
      if (!strcmp(valued[k].lng, name)) {
        takes_value = 1;
        note_given(cli, valued[k].lng); /* a static name: longname is reused */
      }
    }
    if (!takes_value) {
      sl_cli_error("unknown option %s (see shortlist --help)", a);
      return SL_EXIT_USAGE;
    }
    if (!value) {
      if (i + 1 >= argc) {
        sl_cli_error("option %s needs a value (see shortlist --help)", a);
        return SL_EXIT_USAGE;
      }
      value = argv[++i];
    }
    if (apply_option(cli, name, value)) return SL_EXIT_USAGE;
  }
  return 0;
}

int sl_cli_engine(const sl_cli *cli, sl_engine **out) {
  sl_error err;
  sl_engine *e;
  if (sl_engine_new(&cli->opts, &e, &err)) {
    sl_cli_error("%s", err.msg);
    return SL_EXIT_USAGE;
  }
  const char *default_pack[] = {NULL}; /* sl_pack_locate: the installed default */
  const char *const *packs = cli->npacks ? cli->packs : default_pack;
  size_t npacks = cli->npacks ? cli->npacks : 1;
  for (size_t i = 0; i < npacks; i++) {
    char dir[4096];
    if (sl_pack_locate(packs[i], dir, sizeof dir, &err) || sl_engine_add_pack(e, dir, &err)) {
      sl_cli_error("%s", err.msg);
      sl_engine_free(e);
      return SL_EXIT_USAGE;
    }
  }
  for (size_t i = 0; i < cli->nsets; i++) {
    char key[256];
    const char *eq = strchr(cli->sets[i], '=');
    snprintf(key, sizeof key, "%.*s", (int)(eq - cli->sets[i]), cli->sets[i]);
    if (sl_engine_set_param(e, key, eq + 1, &err)) {
      sl_cli_error("%s", err.msg);
      sl_engine_free(e);
      return SL_EXIT_USAGE;
    }
  }
  char *problems = NULL;
  int rc = sl_engine_compile(e, &problems, &err);
  if (rc == SL_ELINT && problems) {
    put_lines(stderr, problems);
    sl_cli_error("the rule packs have problems (listed above); nothing was evaluated");
  } else if (rc == SL_EINVAL) { /* a --set value: the command line's fault, not a file's */
    sl_cli_error("%s; nothing was evaluated", err.msg);
  } else if (rc) {
    put_lines(stderr, err.msg);
    sl_cli_error("%s; nothing was evaluated", rc == SL_ECOMPILE ? "the rule pack does not compile"
                                                                : "cannot load the rule packs");
  }
  free(problems);
  if (rc) {
    sl_engine_free(e);
    return SL_EXIT_USAGE;
  }
  *out = e;
  return 0;
}

/* The reader of each input: --input-format (for every input, whatever its
 * extension: a `.json` file may well hold JSON Lines), else the file's
 * extension; standard input and files without an extension are JSON Lines. Inputs
 * must exist before anything runs: a typo is a usage error (2), not a
 * partially read run (3). */
int sl_cli_readers(const sl_cli *cli, const char *const *inputs, size_t n,
                   const sl_reader ***out) {
  const sl_plugins *pl = cli->opts.plugins;
  const sl_reader *forced = NULL;
  if (cli->input_format && !(forced = sl_plugins_reader(pl, cli->input_format))) {
    sl_cli_error("--input-format %s: no such reader (see shortlist plugins)", cli->input_format);
    return SL_EXIT_USAGE;
  }
  const sl_reader **readers = calloc(n + 1, sizeof *readers);
  if (!readers) return SL_EXIT_USAGE;
  for (size_t i = 0; i < n; i++) {
    const char *in = inputs[i];
    if (strcmp(in, "-") != 0 && access(in, R_OK) != 0) {
      sl_cli_error("cannot read %s: %s", in, strerror(errno));
      free(readers);
      return SL_EXIT_USAGE;
    }
    struct stat st;
    if (strcmp(in, "-") != 0 && stat(in, &st) == 0 && S_ISDIR(st.st_mode)) {
      sl_cli_error("cannot read %s: it is a folder (name the files in it, e.g. %s/*.jsonl)", in, in);
      free(readers);
      return SL_EXIT_USAGE;
    }
    const char *slash = strrchr(in, '/');
    int has_ext = strchr(slash ? slash : in, '.') != NULL;
    readers[i] = forced ? forced : sl_plugins_reader_for(pl, in);
    if (!readers[i] && (!strcmp(in, "-") || !has_ext)) readers[i] = sl_plugins_reader(pl, "jsonl");
    if (!readers[i]) {
      sl_cli_error("%s: no reader for this kind of file; name one with --input-format "
                   "(readers: see shortlist plugins)", in);
      free(readers);
      return SL_EXIT_USAGE;
    }
  }
  *out = readers;
  return 0;
}

/* 1 when -o names a file this run also reads (an input, or standard input
 * redirected from it): opening it for writing would empty it first. */
static int output_is_an_input(const sl_cli *cli) {
  struct stat o;
  if (stat(cli->output, &o) != 0 || !S_ISREG(o.st_mode)) return 0;
  size_t n = cli->ninputs ? cli->ninputs : 1;
  for (size_t i = 0; i < n; i++) {
    const char *in = cli->ninputs ? cli->inputs[i] : "-";
    struct stat s;
    int known = strcmp(in, "-") ? stat(in, &s) == 0 : fstat(STDIN_FILENO, &s) == 0;
    if (known && s.st_dev == o.st_dev && s.st_ino == o.st_ino) return 1;
  }
  return 0;
}

FILE *sl_cli_open_output(const sl_cli *cli) {
  if (!cli->output) return stdout;
  if (output_is_an_input(cli)) {
    sl_cli_error("-o %s: that file is also an input, and writing the results there would "
                 "destroy it before it is read; write them to another file", cli->output);
    return NULL;
  }
  FILE *out = fopen(cli->output, "w");
  if (!out) sl_cli_error("cannot write %s: %s", cli->output, strerror(errno));
  return out;
}

int sl_cli_close_output(const sl_cli *cli, FILE *out, int erc, sl_error *err) {
  if (out != stdout && fclose(out) != 0 && !erc) {
    erc = sl_error_set(err, SL_EIO, "cannot write %s", cli->output);
  }
  return erc;
}

int sl_cli_no_color(void) {
  const char *v = getenv("NO_COLOR"); /* no-color.org: set and not empty */
  return v && *v;
}

/* The reporter for --format NAME, or NULL with the error said. */
static const sl_reporter *reporter_named(const sl_cli *cli, const char *fmt) {
  const sl_reporter *rep = sl_plugins_reporter(cli->opts.plugins, fmt);
  if (!rep) sl_cli_error("--format %s: no such reporter (see shortlist plugins)", fmt);
  return rep;
}

int sl_cmd_run(sl_cli *cli) {
  const char *std_in[] = {"-"};
  const char *const *inputs = cli->ninputs ? cli->inputs : std_in;
  size_t ninputs = cli->ninputs ? cli->ninputs : 1;
  const sl_reader **readers;
  int rc = sl_cli_readers(cli, inputs, ninputs, &readers);
  if (rc) return rc;
  if (cli->format && !reporter_named(cli, cli->format)) { /* before -o opens its file */
    free(readers);
    return SL_EXIT_USAGE;
  }
  /* A progress line when a person watches standard error but the results
   * go elsewhere (a terminal showing them has its own progress). */
  if (isatty(STDERR_FILENO) && (cli->output || !isatty(STDOUT_FILENO))) cli->opts.progress = stderr;
  /* The packs compile before -o opens its file: a run that evaluates
   * nothing (exit 2) leaves the previous results in place. */
  sl_engine *e;
  if ((rc = sl_cli_engine(cli, &e))) {
    free(readers);
    return rc;
  }
  FILE *out = sl_cli_open_output(cli);
  if (!out) {
    sl_engine_free(e);
    free(readers);
    return SL_EXIT_USAGE;
  }
  int tty = isatty(fileno(out));
  const char *fmt = cli->format ? cli->format : tty ? "text" : "jsonl";
  const sl_reporter *rep = reporter_named(cli, fmt);
  if (!rep) {
    if (out != stdout) fclose(out);
    sl_engine_free(e);
    free(readers);
    return SL_EXIT_USAGE;
  }
  /* `shortlist run` typed with no file would otherwise wait without a word. */
  if (!cli->ninputs && isatty(STDIN_FILENO) && isatty(STDERR_FILENO)) {
    fputs("shortlist: reading candidates (JSON Lines) from the terminal; Ctrl-D ends them. "
          "Give a file to read it instead: shortlist run candidates.jsonl\n", stderr);
  }
  static char outbuf[1 << 16];
  setvbuf(out, outbuf, _IOFBF, sizeof outbuf);
  int color = tty && !sl_cli_no_color() && strcmp(fmt, "text") == 0;
  sl_summary sum;
  sl_error err;
  int erc = sl_engine_run(e, inputs, readers, ninputs, rep, out, color, &sum, &err);
  free(readers);
  erc = sl_cli_close_output(cli, out, erc, &err);
  if (erc) {
    sl_cli_error("%s", err.msg);
    rc = SL_EXIT_USAGE;
  } else if (sum.input_errors || sum.verdicts[SL_ERROR]) {
    rc = SL_EXIT_INPUT;
  } else if ((cli->fail_on == SL_FAIL_ON_FAIL && sum.verdicts[SL_FAIL]) ||
             (cli->fail_on == SL_FAIL_ON_FLAG && (sum.verdicts[SL_FAIL] || sum.verdicts[SL_FLAG]))) {
    rc = SL_EXIT_FAIL_ON;
  }
  sl_summary_free(&sum);
  sl_engine_free(e);
  return rc;
}

int sl_cmd_check(sl_cli *cli) {
  /* Folders named without -r are packs too (as for `test`): `check
   * rules/mine` checks that pack, never the default one in its place. */
  for (size_t i = 0; i < cli->ninputs; i++) {
    if (push(&cli->packs, &cli->npacks, cli->inputs[i])) {
      sl_cli_error("out of memory");
      return SL_EXIT_USAGE;
    }
  }
  sl_engine *e;
  int rc = sl_cli_engine(cli, &e);
  if (rc) return rc;
  size_t n;
  const sl_rule_info *rules = sl_engine_rules(e, &n);
  for (size_t i = 0; i < e->npacks; i++) {
    size_t count = 0;
    for (size_t k = 0; k < n; k++) count += strcmp(rules[k].pack, sl_engine_pack_name(e, i)) == 0;
    printf("%s: pack '%s', %zu rule%s, ok\n", e->packs[i]->dir, sl_engine_pack_name(e, i), count,
           count == 1 ? "" : "s");
  }
  sl_engine_free(e);
  return 0;
}

static int cmd_plugins(sl_cli *cli) {
  if (cli->ninputs) {
    sl_cli_error("plugins takes no arguments (got '%s')", cli->inputs[0]);
    return SL_EXIT_USAGE;
  }
  sl_plugins_describe(cli->opts.plugins, stdout);
  return 0;
}

int sl_cli_main(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage, stderr);
    return SL_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
    fputs(usage, stdout);
    return 0;
  }
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
    printf("shortlist %s\n", SL_VERSION_STRING);
    return 0;
  }
  sl_cli cli;
  memset(&cli, 0, sizeof cli);
  cli.command = cmd;
  int rc = parse(&cli, argc, argv);
  if (rc == -1) {
    fputs(usage, stdout);
    rc = 0;
    goto out;
  }
  if (rc == -2) {
    printf("shortlist %s\n", SL_VERSION_STRING);
    rc = 0;
    goto out;
  }
  if (rc || (rc = accepts_options(&cli))) goto out;
  if (cli.opts.jobs == 0) {
    sl_options o = cli.opts;
    sl_engine *probe;
    sl_error err;
    if (sl_engine_new(&o, &probe, &err) == 0) {
      cli.opts.jobs = probe->opts.jobs;
      sl_engine_free(probe);
    }
  }
  /* Workers are the pool's own threads (pool.c); libuv's thread pool only
   * opens and reads files, one input at a time. */
  setenv("UV_THREADPOOL_SIZE", "1", 1);

  sl_plugins *plugins = NULL;
  sl_error perr;
  if (sl_plugins_load(cli.plugin_path, &plugins, &perr)) {
    sl_cli_error("%s", perr.msg);
    rc = SL_EXIT_USAGE;
    goto out;
  }
  cli.opts.plugins = plugins;

  if (!strcmp(cmd, "run")) rc = sl_cmd_run(&cli);
  else if (!strcmp(cmd, "watch")) rc = sl_cmd_watch(&cli);
  else if (!strcmp(cmd, "check")) rc = sl_cmd_check(&cli);
  else if (!strcmp(cmd, "test")) rc = sl_cmd_test(&cli);
  else if (!strcmp(cmd, "explain")) rc = sl_cmd_explain(&cli);
  else if (!strcmp(cmd, "plugins")) rc = cmd_plugins(&cli);
  else {
    sl_cli_error("unknown command '%s' (run, watch, check, test, explain, plugins; see shortlist --help)", cmd);
    rc = SL_EXIT_USAGE;
  }
  sl_plugins_free(plugins);
out:
  free(cli.packs);
  free(cli.inputs);
  free(cli.sets);
  return rc;
}
