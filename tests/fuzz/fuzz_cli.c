/*
 * fuzz_cli.c — libFuzzer harness for the command-line option parser
 * (tools/cli.c, cli_parse) and the search-constraint parser
 * (nas/search.c, nash_search_constraints_parse).
 *
 * Owns: byte 0 chooses the target.
 *   even: the rest is an argv, split at NUL bytes (up to 64 arguments,
 *         argv[0] = "fuzz"), parsed from argument 1 against a table with every
 *         option kind (flag, int, float, string; two of each) and up to 3
 *         positionals. Checks: a refusal sets a message; on success
 *         n_positional <= 3 and every positional is one of the arguments.
 *   odd:  the rest is a constraint string. Checks: a refusal sets a message;
 *         an accepted one formats (nash_search_constraints_format) to a string
 *         that parses back to the same bounds.
 * fuzz_cli_one() is also called by tests/test_fuzz_regressions.c.
 */
#include "fuzz_util.h"

#include "cli.h"
#include "nash_kernels.h"
#include "search.h"

static void fuzz_cli_argv(const uint8_t *data, size_t size)
{
    const uint8_t *start[64];
    size_t len[64];
    int parts = fuzz_split(data, size, 63, start, len);
    char *argv[65];
    argv[0] = fuzz_strndup((const uint8_t *)"fuzz", 4);
    for (int i = 0; i < parts; i++)
        argv[i + 1] = fuzz_strndup(start[i], len[i]);
    argv[parts + 1] = NULL;
    int argc = parts + 1;

    int verbose = 0, json = 0, threads = 4, epochs = 1;
    double lr = 0.1, ratio = 0.5;
    const char *out = "runs/x", *arch = "resnet20";
    cli_option opts[] = {
        {"--verbose", CLI_FLAG, &verbose, "flag", 0},
        {"--json", CLI_FLAG, &json, "flag", 0},
        {"--threads", CLI_INT, &threads, "int", 0},
        {"--epochs", CLI_INT, &epochs, "int", 0},
        {"--lr", CLI_FLOAT, &lr, "float", 0},
        {"--ratio", CLI_FLOAT, &ratio, "float", 0},
        {"--out", CLI_STRING, &out, "string", 0},
        {"--arch", CLI_STRING, &arch, "string", 0},
        {NULL, CLI_FLAG, NULL, NULL, 0},
    };
    const char *positional[3] = {NULL, NULL, NULL};
    int n_positional = -1;
    int ok = 1;
    for (int i = 0; i < argc; i++)
        ok &= argv[i] != NULL;
    if (ok) {
        if (cli_parse(argc, argv, 1, opts, positional, 3, &n_positional) == 0) {
            if (n_positional < 0 || n_positional > 3) {
                fprintf(stderr, "fuzz_cli: %d positionals\n", n_positional);
                abort();
            }
            for (int p = 0; p < n_positional; p++) {
                int found = 0;
                for (int i = 1; i < argc; i++)
                    found |= positional[p] == argv[i];
                if (!found) {
                    fprintf(stderr, "fuzz_cli: positional %d is not an argument\n", p);
                    abort();
                }
            }
            /* the string options point into argv or at their defaults */
            if (!out || !arch)
                abort();
            (void)cli_seen(opts, "--json");
        } else if (!nash_last_error()[0]) {
            fprintf(stderr, "fuzz_cli: refused without a message\n");
            abort();
        }
    }
    for (int i = 0; i < argc; i++)
        free(argv[i]);
}

static void fuzz_cli_constraints(const uint8_t *data, size_t size)
{
    char *text = fuzz_strndup(data, size);
    if (!text)
        return;
    nash_search_constraints c, back;
    memset(&c, 0, sizeof c);
    if (nash_search_constraints_parse(text, &c) == 0) {
        char buf[2048];
        nash_search_constraints_format(&c, buf, sizeof buf);
        memset(&back, 0, sizeof back);
        if (nash_search_constraints_parse(buf, &back) != 0 || back.n != c.n) {
            fprintf(stderr, "fuzz_cli: formatted constraints \"%s\" do not parse back: %s\n", buf,
                    nash_last_error());
            abort();
        }
        for (int i = 0; i < c.n; i++)
            if (back.bound[i].metric != c.bound[i].metric ||
                back.bound[i].at_least != c.bound[i].at_least ||
                !(back.bound[i].value == c.bound[i].value ||
                  (back.bound[i].value != back.bound[i].value &&
                   c.bound[i].value != c.bound[i].value))) {
                fprintf(stderr, "fuzz_cli: bound %d of \"%s\" changed through \"%s\"\n", i, text,
                        buf);
                abort();
            }
    } else if (!nash_last_error()[0]) {
        fprintf(stderr, "fuzz_cli: constraints refused without a message\n");
        abort();
    }
    free(text);
}

int fuzz_cli_one(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    if (data[0] & 1)
        fuzz_cli_constraints(data + 1, size - 1);
    else
        fuzz_cli_argv(data + 1, size - 1);
    nash_clear_error();
    return 0;
}

#ifndef NASH_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_cli_one(data, size);
}
#endif
