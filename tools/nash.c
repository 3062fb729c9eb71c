/*
 * nash.c — the `nash` program: one binary, subcommands from argv[1] through a
 * table (darknet's pattern), each implemented in its own cmd_*.c file.
 *
 * Owns: dispatch, top-level usage, exit statuses (0 ok, 1 error, 2 usage).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "mpi_group.h"
#include "nash_kernels.h"

typedef struct command {
    const char *name;
    cli_command_fn fn;
    const char *summary;
} command;

static const command commands[] = {
    {"run", cmd_run, "the main job: train the default hybrid ResNet-20 briefly and report"},
    {"train", cmd_train, "train an architecture end to end (`nash train --help`)"},
    {"eval", cmd_eval, "evaluate a checkpoint: top-1, top-5, per-class accuracy, confusion"},
    {"arch", cmd_arch, "show an architecture's layer table (`nash arch show resnet20-adder`)"},
    {"bench", cmd_bench, "training / inference speed of an architecture (`nash bench train`)"},
    {"space", cmd_space, "search spaces: list, show, sample, check nb201 against the benchmark"},
    {"proxies", cmd_proxies, "score architectures with zero-shot proxies into a CSV"},
    {"correlate", cmd_correlate, "Kendall tau / Spearman rho of proxies vs accuracy, with CIs and plots"},
    {"search", cmd_search, "zero-shot evolutionary search under FLOPs/params constraints"},
    {"study", cmd_study, "train sampled archs on a budget and correlate every proxy with their accuracy"},
    {"accel", cmd_accel, "accelerator cost model: eval an arch on a chunked hybrid accelerator, validate"},
    {"cosearch", cmd_cosearch, "network x accelerator co-search: proxy score vs FPS/EDP Pareto front, conv-only baseline"},
    {"kernels", cmd_kernels, "list kernel variants, CPU features and which variant each op picks"},
    {"version", cmd_version, "print version and build information"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: nash COMMAND [OPTIONS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n`nash COMMAND --help` describes a command's options.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return argc < 2 ? 2 : 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            /* under mpirun: every rank runs the command on its share (mpi_group.h) */
            if (group_init(&argc, &argv) != 0) {
                fprintf(stderr, "nash: error: %s\n", nash_last_error());
                return 1;
            }
            int rc = commands[i].fn(argc - 1, argv + 1);
            if (rc != 0 && group_size() > 1)
                group_abort(rc); /* never leave the other ranks waiting */
            group_finalize();
            return rc;
        }
    fprintf(stderr, "nash: error: unknown command '%s'; `nash help` lists the commands\n", argv[1]);
    return 2;
}
