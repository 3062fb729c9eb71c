/*
 * cli.c — option parsing and error printing for every `nash` subcommand.
 *
 * Owns: strict flag parsing ("--name value" or "--name=value"; unknown flags,
 * missing values and malformed numbers are errors naming the flag) and the
 * one-line "nash: error:" convention.
 */
#include "cli.h"
#include "mpi_group.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nash_kernels.h"

int cli_error(const char *message)
{
    if (group_size() > 1) /* under mpirun: say which rank failed */
        fprintf(stderr, "nash: error: rank %d of %d: %s\n", group_rank(), group_size(), message);
    else
        fprintf(stderr, "nash: error: %s\n", message);
    return 1;
}

static int parse_value(cli_option *o, const char *text)
{
    char *end = NULL;
    errno = 0;
    switch (o->kind) {
    case CLI_INT: {
        long v = strtol(text, &end, 10);
        if (errno || end == text || *end || v < -2147483647L || v > 2147483647L)
            return nash_fail("option %s: '%s' is not an integer", o->name, text);
        *(int *)o->value = (int)v;
        return 0;
    }
    case CLI_FLOAT: {
        double v = strtod(text, &end);
        if (errno || end == text || *end)
            return nash_fail("option %s: '%s' is not a number", o->name, text);
        *(double *)o->value = v;
        return 0;
    }
    case CLI_STRING:
        *(const char **)o->value = text;
        return 0;
    case CLI_FLAG:
    default:
        return nash_fail("option %s takes no value", o->name);
    }
}

int cli_parse(int argc, char **argv, int first, cli_option *opts, const char **positional,
              int max_positional, int *n_positional)
{
    int np = 0;
    for (int i = first; i < argc; i++) {
        const char *arg = argv[i];
        if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
            if (np >= max_positional)
                return nash_fail("unexpected argument '%s' (argument %d)", arg, i);
            positional[np++] = arg;
            continue;
        }
        const char *eq = strchr(arg, '=');
        size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
        cli_option *o = NULL;
        for (cli_option *c = opts; c->name; c++)
            if (strlen(c->name) == len && strncmp(c->name, arg, len) == 0)
                o = c;
        if (!o)
            return nash_fail("unknown option '%.*s' (argument %d); see --help", (int)len, arg, i);
        o->seen = 1;
        if (o->kind == CLI_FLAG) {
            if (eq)
                return nash_fail("option %s takes no value", o->name);
            *(int *)o->value = 1;
            continue;
        }
        const char *text = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
        if (!text)
            return nash_fail("option %s needs a value", o->name);
        if (parse_value(o, text) != 0)
            return -1;
    }
    if (n_positional)
        *n_positional = np;
    return 0;
}

int cli_seen(const cli_option *opts, const char *name)
{
    for (const cli_option *o = opts; o->name; o++)
        if (strcmp(o->name, name) == 0)
            return o->seen;
    return 0;
}

void cli_print_options(FILE *f, const cli_option *opts)
{
    for (const cli_option *o = opts; o->name; o++) {
        char def[64] = "";
        switch (o->kind) {
        case CLI_INT: snprintf(def, sizeof def, " (default %d)", *(int *)o->value); break;
        case CLI_FLOAT: snprintf(def, sizeof def, " (default %g)", *(double *)o->value); break;
        case CLI_STRING:
            if (*(const char **)o->value)
                snprintf(def, sizeof def, " (default %s)", *(const char **)o->value);
            break;
        default: break;
        }
        fprintf(f, "  %-18s %s%s\n", o->name, o->help, def);
    }
}
