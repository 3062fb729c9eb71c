/*
 * cmd_arch.c — `nash arch show A [--dataset D] [--json]` and `nash arch list`.
 *
 * Owns: printing an architecture's layer table (shapes, parameters, MACs by op
 * type) for the input size and classes of a dataset.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "nash_nas.h"

/* Input geometry and classes of a dataset name (tinyimagenet is 64x64, 200 classes). */
int cli_dataset_geometry(const char *dataset, int *c, int *h, int *w, int *classes)
{
    *c = 3;
    if (strcmp(dataset, "cifar10") == 0 || strcmp(dataset, "folder") == 0 ||
        strcmp(dataset, "sample") == 0)
        *h = *w = 32, *classes = 10;
    else if (strcmp(dataset, "cifar100") == 0)
        *h = *w = 32, *classes = 100;
    else if (strcmp(dataset, "tinyimagenet") == 0)
        *h = *w = 64, *classes = 200;
    else
        return nash_fail("unknown dataset '%s' (cifar10, cifar100, tinyimagenet, folder)",
                         dataset);
    return 0;
}

/* The same plus NB201's ImageNet16-120 (16x16, 120 classes), for the
 * commands that build search-space networks; square inputs. */
int cli_space_dataset_geometry(const char *dataset, int *hw, int *classes)
{
    int c, w;
    if (strcmp(dataset, "imagenet16") == 0) {
        *hw = 16, *classes = 120;
        return 0;
    }
    return cli_dataset_geometry(dataset, &c, hw, &w, classes);
}

int cmd_arch(int argc, char **argv)
{
    int help = 0, json = 0;
    const char *dataset = "cifar10";
    cli_option opts[] = {
        {"--dataset", CLI_STRING, &dataset, "input size and classes from this dataset"},
        {"--json", CLI_FLAG, &json, "one JSON object on stdout"},
        {"--help", CLI_FLAG, &help, "this text"},
        {0}};
    const char *pos[2];
    int np = 0;
    if (cli_parse(argc, argv, 1, opts, pos, 2, &np) != 0)
        return cli_error(nash_last_error());
    if (help || np == 0) {
        printf("usage: nash arch show ARCH [--dataset D] [--json]\n"
               "       nash arch list\n\nARCH grammar: see nas/nash_nas.h or README.\n");
        cli_print_options(stdout, opts);
        return help ? 0 : 2;
    }
    if (strcmp(pos[0], "list") == 0) {
        nash_arch_list(stdout);
        return 0;
    }
    if (strcmp(pos[0], "show") != 0 || np != 2)
        return cli_error("usage: nash arch show ARCH | nash arch list");
    nash_arch arch;
    int c, h, w, classes;
    if (nash_arch_parse(pos[1], &arch) != 0 ||
        cli_dataset_geometry(dataset, &c, &h, &w, &classes) != 0)
        return cli_error(nash_last_error());
    nash_net *net = nash_arch_build(&arch, c, h, w, classes);
    if (!net || nash_net_compile(net, 1) != 0)
        return cli_error(nash_last_error());
    if (json) {
        int64_t macs[NASH_OP_COUNT] = {0}, total = 0;
        for (int i = 0; i < nash_net_node_count(net); i++) {
            total += nash_net_node_macs(net, i);
            if (nash_net_node_kind(net, i) == NASH_NODE_CONV)
                macs[nash_net_node_op(net, i)] += nash_net_node_macs(net, i);
        }
        char canon[1024];
        nash_arch_canonical(&arch, canon, sizeof canon);
        printf("{\"arch\":\"%s\",\"canonical\":\"%s\",\"params\":%lld,\"macs\":%lld,"
               "\"macs_by_op\":{",
               arch.text, canon, (long long)nash_net_param_numel(net), (long long)total);
        for (int op = 0; op < NASH_OP_COUNT; op++)
            printf("%s\"%s\":%lld", op ? "," : "", nash_op_names[op], (long long)macs[op]);
        printf("},\"nodes\":%d}\n", nash_net_node_count(net));
    } else {
        nash_arch_print_table(&arch, net, stdout);
    }
    nash_net_free(net);
    return 0;
}
