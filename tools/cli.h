/*
 * cli.h — shared pieces of the `nash` command-line program (tools/ only).
 *
 * Owns: the option parser every subcommand uses (rejects unknown flags and
 * missing values, reports which defaults were used) and the subcommand
 * signature. Each subcommand lives in its own cmd_*.c file.
 */
#ifndef NASH_CLI_H
#define NASH_CLI_H

#include <stdio.h>

typedef enum cli_kind { CLI_FLAG, CLI_INT, CLI_FLOAT, CLI_STRING } cli_kind;

typedef struct cli_option {
    const char *name;  /* "--threads" */
    cli_kind kind;
    void *value;       /* int*, double*, const char** — holds the default on entry */
    const char *help;
    int seen;          /* set by the parser */
} cli_option;

/* Parses argv[first..argc) against opts (terminated by a {NULL} entry).
 * Positional arguments are stored in positional[] (up to max_positional).
 * Returns 0, or -1 with a message naming the flag. */
int cli_parse(int argc, char **argv, int first, cli_option *opts, const char **positional,
              int max_positional, int *n_positional);
/* 1 when the option named `name` was given on the command line. */
int cli_seen(const cli_option *opts, const char *name);
/* Prints "  --name  help (default: X)" lines. */
void cli_print_options(FILE *f, const cli_option *opts);

typedef int (*cli_command_fn)(int argc, char **argv);

/* Subcommands (cmd_*.c). argv[0] is the subcommand name. */
int cmd_kernels(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_arch(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_space(int argc, char **argv);
int cmd_proxies(int argc, char **argv);
int cmd_correlate(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_study(int argc, char **argv);
int cmd_accel(int argc, char **argv);
int cmd_cosearch(int argc, char **argv);

/* Input geometry and classes of a dataset name; 0 or -1 with a message. */
int cli_dataset_geometry(const char *dataset, int *c, int *h, int *w, int *classes);
/* The same plus imagenet16 (NB201's 16x16, 120 classes); square inputs. */
int cli_space_dataset_geometry(const char *dataset, int *hw, int *classes);

/* Prints "nash: error: <message>" on one line; returns 1 (the exit status). */
int cli_error(const char *message);

#endif
