/*
 * cmd_bench.c — `nash bench train --arch A --batch B --threads T [--json]`
 * (and the dispatch of `nash bench kernels` to bench_kernels.c and of
 * `nash bench shift-int8` to bench_shift_int8.c).
 *
 * Owns: measuring whole training steps and inference passes of an
 * architecture on synthetic data: img/s (median of the timed steps with
 * min-max), ms per step split by node kind and op (timed through the per-node
 * hook), and page faults per step after warm-up (getrusage). Speed is
 * measured here, never asserted in tests. BN/add + ReLU fusion is on, as in
 * `nash train`, so a fused act node's time is charged to its bn / add
 * producer; --no-fusion measures the separate nodes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench_kernels.h"
#include "bench_shift_int8.h"
#include "cli.h"
#include "nash_nas.h"

/* Buckets: one per conv op, then one per other node kind. */
#define BUCKETS (NASH_OP_COUNT + NASH_NODE_KIND_COUNT)

typedef struct timing {
    double last;
    double fwd[BUCKETS], bwd[BUCKETS];
} timing;

static int bucket_of(nash_net *net, int node)
{
    nash_node_kind k = nash_net_node_kind(net, node);
    return k == NASH_NODE_CONV ? (int)nash_net_node_op(net, node) : NASH_OP_COUNT + (int)k;
}

static const char *bucket_name(int b)
{
    return b < NASH_OP_COUNT ? nash_op_names[b] : nash_node_kind_names[b - NASH_OP_COUNT];
}

/* Called after every node's forward / backward: charge the time since the last call. */
static void time_hook(nash_net *net, int node, int backward, void *user)
{
    timing *t = user;
    double now = nash_now();
    (backward ? t->bwd : t->fwd)[bucket_of(net, node)] += now - t->last;
    t->last = now;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static long faults_now(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_minflt + ru.ru_majflt;
}

int cmd_bench(int argc, char **argv)
{
    int help = 0, json = 0, batch = 128, threads = 0, steps = 20, warmup = 3, no_fusion = 0;
    const char *arch_text = "resnet20-conv", *dataset = "cifar10", *kernel = NULL;
    cli_option opts[] = {
        {"--arch", CLI_STRING, &arch_text, "architecture string"},
        {"--dataset", CLI_STRING, &dataset, "input size and classes from this dataset"},
        {"--batch", CLI_INT, &batch, "batch size"},
        {"--threads", CLI_INT, &threads, "OpenMP threads (0: all cores)"},
        {"--kernel", CLI_STRING, &kernel, "force a kernel variant: ref, omp, onednn, avx2 (default: fastest per op)"},
        {"--steps", CLI_INT, &steps, "timed steps"},
        {"--warmup", CLI_INT, &warmup, "untimed warm-up steps"},
        {"--no-fusion", CLI_FLAG, &no_fusion, "keep BN/add and ReLU as separate passes"},
        {"--json", CLI_FLAG, &json, "one JSON object on stdout"},
        {"--help", CLI_FLAG, &help, "this text"},
        {0}};
    const char *pos[1];
    int np = 0;
    /* `nash bench kernels` has its own options (bench_kernels.c) */
    if (argc >= 2 && strcmp(argv[1], "kernels") == 0)
        return bench_kernels_main(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "shift-int8") == 0)
        return bench_shift_int8_main(argc, argv);
    if (cli_parse(argc, argv, 1, opts, pos, 1, &np) != 0)
        return cli_error(nash_last_error());
    if (help || np != 1 || strcmp(pos[0], "train") != 0) {
        printf("usage: nash bench train --arch A --batch B --threads T [--json]\n"
               "       nash bench kernels [--threads T] [--csv F] [--json]   (`nash bench kernels --help`)\n"
               "       nash bench shift-int8 [--threads T] [--checkpoint F] [--json]   (int8 shift path)\n");
        cli_print_options(stdout, opts);
        return help ? 0 : 2;
    }
    if (steps < 1 || warmup < 0 || batch < 1)
        return cli_error("--steps >= 1, --warmup >= 0 and --batch >= 1 are required");
    nash_set_threads(threads);
    if (kernel)
        nash_kernel_force(kernel);
    nash_arch arch;
    int c, h, w, classes;
    if (nash_arch_parse(arch_text, &arch) != 0 ||
        cli_dataset_geometry(dataset, &c, &h, &w, &classes) != 0)
        return cli_error(nash_last_error());
    nash_net *net = nash_arch_build(&arch, c, h, w, classes);
    if (!net || nash_net_set_fusion(net, !no_fusion) != 0 || nash_net_compile(net, batch) != 0)
        return cli_error(nash_last_error());
    int fused = 0;
    for (int i = 0; i < nash_net_node_count(net); i++)
        fused += nash_net_node_fused(net, i);
    nash_rng rng;
    nash_rng_seed(&rng, 1);
    nash_net_init_params(net, &rng);
    /* synthetic N(0,1) images and uniform labels: speed does not depend on content */
    float *plain = malloc(sizeof(float) * (size_t)batch * c * h * w);
    int32_t *labels = malloc(sizeof(int32_t) * (size_t)batch);
    if (!plain || !labels)
        return cli_error("out of memory");
    for (int64_t i = 0; i < (int64_t)batch * c * h * w; i++)
        plain[i] = nash_rng_normal(&rng);
    for (int i = 0; i < batch; i++)
        labels[i] = (int32_t)nash_rng_below(&rng, (uint32_t)classes);
    nash_nchw_to_blocked(batch, c, h, w, plain, nash_net_input(net));
    free(plain);
    nash_optim *opt = nash_optim_create(net, &(nash_optim_config){
        .kind = NASH_OPTIM_SGD, .lr = 0.01f, .momentum = 0.9f, .nesterov = 1, .weight_decay = 5e-4f});
    if (!opt)
        return cli_error(nash_last_error());

    double *train_ms = calloc((size_t)steps, sizeof(double));
    double *infer_ms = calloc((size_t)steps, sizeof(double));
    timing t;
    memset(&t, 0, sizeof t);
    double loss;
    long faults = 0;
    double optim_s = 0.0, loss_s = 0.0;
    for (int s = 0; s < warmup + steps; s++) {
        int timed = s >= warmup;
        if (s == warmup)
            faults = faults_now();
        nash_net_set_hook(net, timed ? time_hook : NULL, &t);
        double t0 = nash_now();
        t.last = t0;
        nash_net_forward(net, batch, 1);
        double t1 = nash_now();
        if (nash_net_loss_backward(net, batch, labels, 0.0f, &loss, NULL) != 0)
            return cli_error(nash_last_error());
        double t2 = nash_now();
        nash_optim_step(opt, 0.01f);
        double t3 = nash_now();
        if (timed) {
            train_ms[s - warmup] = 1e3 * (t3 - t0);
            optim_s += t3 - t2;
            (void)t1;
        }
    }
    faults = faults_now() - faults;
    nash_net_set_hook(net, NULL, NULL);
    for (int s = 0; s < warmup + steps; s++) {
        double t0 = nash_now();
        nash_net_forward(net, batch, 0);
        if (s >= warmup)
            infer_ms[s - warmup] = 1e3 * (nash_now() - t0);
    }
    (void)loss_s;
    qsort(train_ms, (size_t)steps, sizeof(double), cmp_double);
    qsort(infer_ms, (size_t)steps, sizeof(double), cmp_double);
    double train_med = train_ms[steps / 2], infer_med = infer_ms[steps / 2];
    double train_img_s = batch / (train_med / 1e3), infer_img_s = batch / (infer_med / 1e3);
    if (json) {
        printf("{\"arch\":\"%s\",\"batch\":%d,\"threads\":%d,\"steps\":%d,\"train_img_s\":%.1f,"
               "\"infer_img_s\":%.1f,\"fused_act_nodes\":%d,\"train_step_ms\":%.3f,\"train_step_ms_min\":%.3f,"
               "\"train_step_ms_max\":%.3f,\"infer_ms\":%.3f,\"page_faults_per_step\":%.2f,"
               "\"ms_per_step\":{",
               arch_text, batch, nash_get_threads(), steps, train_img_s, infer_img_s, fused, train_med,
               train_ms[0], train_ms[steps - 1], infer_med, (double)faults / steps);
        int first = 1;
        for (int b = 0; b < BUCKETS; b++)
            if (t.fwd[b] + t.bwd[b] > 0) {
                printf("%s\"%s\":{\"fwd\":%.3f,\"bwd\":%.3f}", first ? "" : ",", bucket_name(b),
                       1e3 * t.fwd[b] / steps, 1e3 * t.bwd[b] / steps);
                first = 0;
            }
        printf("%s\"optimizer\":{\"fwd\":0,\"bwd\":%.3f}}}\n", first ? "" : ",",
               1e3 * optim_s / steps);
    } else {
        printf("arch %s, batch %d, %d threads, %d timed steps after %d warm-up\n", arch_text,
               batch, nash_get_threads(), steps, warmup);
        printf("training : %8.1f img/s  (step %.1f ms, min %.1f, max %.1f)\n", train_img_s,
               train_med, train_ms[0], train_ms[steps - 1]);
        printf("inference: %8.1f img/s  (batch %.1f ms, min %.1f, max %.1f)\n", infer_img_s,
               infer_med, infer_ms[0], infer_ms[steps - 1]);
        printf("page faults per training step after warm-up: %.2f\n", (double)faults / steps);
        printf("act nodes fused into their bn / add producer: %d%s\n\n", fused,
               no_fusion ? " (--no-fusion)" : "");
        printf("%-12s %10s %10s   (mean ms per training step)\n", "part", "forward", "backward");
        for (int b = 0; b < BUCKETS; b++)
            if (t.fwd[b] + t.bwd[b] > 0)
                printf("%-12s %10.2f %10.2f\n", bucket_name(b), 1e3 * t.fwd[b] / steps,
                       1e3 * t.bwd[b] / steps);
        printf("%-12s %10s %10.2f\n", "optimizer", "", 1e3 * optim_s / steps);
    }
    free(train_ms);
    free(infer_ms);
    free(labels);
    nash_optim_free(opt);
    nash_net_free(net);
    return 0;
}
