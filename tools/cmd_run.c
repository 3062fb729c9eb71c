/*
 * cmd_run.c — `nash run`, the main job behind `make run`.
 *
 * Owns: the default end-to-end job. Until training lands (issue 3) it prints
 * what the build contains and how to use it, and exits 0.
 */
#include <stdio.h>

#include "cli.h"
#include "nash_runtime.h"

int cmd_run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("nash: the runtime, layers and kernels are built (see `nash kernels`).\n"
           "Training from the command line (`nash train`, and this `nash run` job) arrives\n"
           "with the training issue; `make test` runs the kernel and layer test suite.\n");
    return 0;
}
