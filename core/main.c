/* main.c - the shortlist executable. Everything else is in cli.c. */
#include "cli.h"

int main(int argc, char **argv) { return sl_cli_main(argc, argv); }
