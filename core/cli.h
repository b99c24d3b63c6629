/* cli.h - the `shortlist` command line: argv -> subcommand -> exit status. */
#ifndef SL_CLI_H
#define SL_CLI_H

#include <stddef.h>

#include "shortlist/shortlist.h"

/* Exit statuses (README "Exit status"). */
enum {
  SL_EXIT_OK = 0,
  SL_EXIT_FAIL_ON = 1,  /* --fail-on level reached */
  SL_EXIT_USAGE = 2,    /* usage error, or packs that do not compile */
  SL_EXIT_INPUT = 3,    /* some records could not be read */
  SL_EXIT_INTERRUPTED = 130
};

typedef enum sl_fail_on { SL_FAIL_ON_NEVER = 0, SL_FAIL_ON_FAIL, SL_FAIL_ON_FLAG } sl_fail_on;

/* Everything the command line can say, parsed once for every subcommand. */
typedef struct sl_cli {
  const char *command;
  const char **packs;
  size_t npacks;
  const char **inputs;
  size_t ninputs;
  const char **sets; /* "KEY=VALUE" */
  size_t nsets;
  const char *format;
  const char *output;
  const char *input_format;
  const char *id;
  const char *plugin_path;
  sl_options opts;
  sl_fail_on fail_on;
  int clear;
  int verbose;
  const char *given[32]; /* long names of the options given, each once (accepts_options) */
  size_t ngiven;
} sl_cli;

int sl_cli_main(int argc, char **argv);

/* Shared by subcommands: prints "shortlist: msg" to stderr, with what a
 * terminal would act on blanked as in text output (sl_buf_text). */
void sl_cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Builds and compiles an engine from the parsed command line (packs,
 * --set, options). Prints problems and returns an exit status on failure. */
int sl_cli_engine(const sl_cli *cli, sl_engine **out);

/* -o FILE opened for writing (standard output without -o); NULL, with the
 * error said, when it cannot be. */
FILE *sl_cli_open_output(const sl_cli *cli);
/* Closes what sl_cli_open_output gave; a failed close is a write error in
 * err when the run had none (erc), which it returns. */
int sl_cli_close_output(const sl_cli *cli, FILE *out, int erc, sl_error *err);

/* 1 when NO_COLOR asks for no colours (set and not empty, as no-color.org
 * says). */
int sl_cli_no_color(void);

/* The reader of each input (caller frees *out), or an exit status. */
int sl_cli_readers(const sl_cli *cli, const char *const *inputs, size_t n,
                   const struct sl_reader ***out);

int sl_cmd_run(sl_cli *cli);
int sl_cmd_check(sl_cli *cli);
int sl_cmd_test(sl_cli *cli);
int sl_cmd_explain(sl_cli *cli);

#endif
