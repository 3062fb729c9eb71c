/*
 * cmd_accel_cpu.c — `nash accel validate-cpu`: does the per-layer CPU
 * latency table (accel_search.h, "this CPU as a second target") rank whole
 * networks the way their measured latency does?
 *
 *   nash accel validate-cpu [--space hb201|nb201|nasa] [--dataset cifar10] [--archs N]
 *                           [--seed S] [--repeats R] [--csv F] [--json]
 *
 * For N networks sampled from the space (seeded): predicted = the table's sum
 * over the modelled layers (nash_cpu_latency, each distinct layer shape timed
 * once, batch 1) plus the other nodes (nash_cpu_node_latency: BN, activations,
 * additions, each distinct one timed once); the layers-only sum is reported
 * beside it; measured = nash's whole inference forward pass at batch 1
 * (BN, activations, additions, head included), the minimum over R rounds that
 * each time every network once, after one warm-up. Reports Kendall tau-b and Spearman rho between the two,
 * the median ratio measured / predicted (what the table leaves out) and the
 * table's time; FLASH validated its latency model on a Raspberry Pi the same
 * way. Run with OMP_NUM_THREADS=1 (or --threads) on a quiet machine: both
 * columns are wall-clock times.
 *
 * Owns: the flags, the timing of whole networks, the report and the CSV
 * (index,arch,predicted_ms,measured_ms,layers_ms). Does not own: the table (accel/search.c).
 */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accel_search.h"
#include "cli.h"
#include "report_files.h"
#include "stats.h"

int cmd_accel_validate_cpu(int argc, char **argv);

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Compiles a network at batch 1 and loads one seeded random image. */
static int prepare_network(nash_net *net, int hw, uint64_t seed)
{
    if (nash_net_compile(net, 1) != 0)
        return -1;
    nash_rng rng;
    nash_rng_seed(&rng, seed);
    nash_net_init_params(net, &rng);
    float img[3 * 64 * 64];
    if (hw > 64)
        return nash_fail("validate-cpu: inputs up to 64x64 (got %d)", hw);
    for (int i = 0; i < 3 * hw * hw; i++)
        img[i] = (float)(nash_rng_uniform(&rng) * 2.0 - 1.0);
    nash_nchw_to_blocked(1, 3, hw, hw, img, nash_net_input(net));
    nash_net_forward(net, 1, 0); /* warm-up: caches, oneDNN primitives */
    return 0;
}

/* ms[i] = minimum over `rounds` of one batch-1 inference forward pass of
 * nets[i]. Each round visits every network once, so a slow spell of this
 * shared machine (seconds long, measured: 8 networks in a row came out 1.5x
 * slow when each was timed in one block) costs every network one round
 * instead of costing a few networks all of theirs. */
static void measure_networks(nash_net **nets, int n, int rounds, double *ms)
{
    for (int i = 0; i < n; i++)
        ms[i] = INFINITY;
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < n; i++) {
            double t0 = now_seconds();
            nash_net_forward(nets[i], 1, 0);
            double t = (now_seconds() - t0) * 1e3;
            ms[i] = t < ms[i] ? t : ms[i];
        }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int cmd_accel_validate_cpu(int argc, char **argv)
{
    int help = 0, json = 0, archs = 30, seed = 1, repeats = 20, threads = 1;
    const char *space_name = "hb201", *dataset = "cifar10", *csv = NULL;
    cli_option opts[] = {
        {"--space", CLI_STRING, &space_name, "hb201, nb201 or nasa"},
        {"--dataset", CLI_STRING, &dataset, "input size and classes: cifar10, cifar100, imagenet16"},
        {"--archs", CLI_INT, &archs, "networks sampled from the space"},
        {"--seed", CLI_INT, &seed, "sampling and weight seed"},
        {"--repeats", CLI_INT, &repeats, "rounds over all networks, one timed forward pass each (the minimum is kept)"},
        {"--threads", CLI_INT, &threads, "OpenMP threads for both the table and the networks"},
        {"--csv", CLI_STRING, &csv, "write index,arch,predicted_ms,measured_ms,layers_ms here"},
        {"--json", CLI_FLAG, &json, "one JSON object on stdout"},
        {"--help", CLI_FLAG, &help, "this text"},
        {0}};
    const char *pos[1];
    int n_pos = 0;
    if (cli_parse(argc, argv, 1, opts, pos, 0, &n_pos) != 0)
        return cli_error(nash_last_error());
    if (help) {
        printf("usage: nash accel validate-cpu [options]\n\n"
               "Rank correlation between the per-layer CPU latency table (the cost of\n"
               "--target cpu) and measured whole-network latency, batch 1.\n\noptions:\n");
        cli_print_options(stdout, opts);
        return 0;
    }
    if (archs < 2 || repeats < 1 || threads < 1)
        return cli_error("accel validate-cpu: --archs >= 2, --repeats >= 1, --threads >= 1");
    const nash_space *sp = nash_space_find(space_name);
    if (!sp)
        return cli_error(nash_last_error());
    int hw, classes;
    if (cli_space_dataset_geometry(dataset, &hw, &classes) != 0)
        return cli_error(nash_last_error());
    omp_set_num_threads(threads);

    double *pred = calloc((size_t)archs, sizeof *pred), *meas = calloc((size_t)archs, sizeof *meas);
    double *pred_layers = calloc((size_t)archs, sizeof *pred_layers);
    char (*names)[NASH_SPACE_ARCH_MAX] = calloc((size_t)archs, sizeof *names);
    nash_net **nets = calloc((size_t)archs, sizeof *nets);
    if (!pred || !meas || !names || !pred_layers || !nets) {
        free(pred), free(meas), free(names), free(pred_layers), free(nets);
        return cli_error("accel validate-cpu: out of memory");
    }
    nash_cpu_table table = {0};
    nash_rng rng;
    nash_rng_seed(&rng, (uint64_t)seed);
    double table_seconds = 0, measure_seconds = 0;
    int rc = 0, shapes_timed = 0;
    for (int i = 0; i < archs && rc == 0; i++) {
        if ((rc = nash_space_sample(sp, &rng, names[i], sizeof names[i])) != 0)
            break;
        nash_net *net = nash_space_build(sp, names[i], 3, hw, hw, classes);
        if (!net) {
            rc = -1;
            break;
        }
        nash_accel_layer *layers = NULL;
        int n = 0, timed = 0, timed_nodes = 0;
        double t0 = now_seconds(), node_ms = 0;
        rc = nash_accel_extract(net, &layers, &n);
        if (rc == 0)
            rc = nash_cpu_latency(&table, layers, n, &pred_layers[i], &timed);
        if (rc == 0)
            rc = nash_cpu_node_latency(&table, net, &node_ms, &timed_nodes);
        pred[i] = pred_layers[i] + node_ms;
        timed += timed_nodes;
        free(layers);
        double t1 = now_seconds();
        table_seconds += t1 - t0;
        shapes_timed += timed;
        if (rc == 0)
            rc = prepare_network(net, hw, (uint64_t)seed + (uint64_t)i);
        measure_seconds += now_seconds() - t1;
        nets[i] = net;
        if (rc != 0)
            nash_fail_context("validate-cpu: network %d %s", i, names[i]);
        else if (!json)
            fprintf(stderr, "validate-cpu %d/%d  predicted %.3f ms\n", i + 1, archs, pred[i]);
    }
    nash_cpu_table_free(&table);
    if (rc == 0) {
        double t1 = now_seconds();
        measure_networks(nets, archs, repeats, meas);
        measure_seconds += now_seconds() - t1;
    }
    for (int i = 0; i < archs; i++)
        nash_net_free(nets[i]);
    free(nets);
    double tau = NAN, rho = NAN, ratio[4096], med = NAN, tau_layers = NAN, rho_layers = NAN;
    if (rc == 0) {
        if (nash_stats_kendall_tau_b(pred, meas, archs, &tau) != 0 ||
            nash_stats_spearman(pred, meas, archs, &rho) != 0 ||
            nash_stats_kendall_tau_b(pred_layers, meas, archs, &tau_layers) != 0 ||
            nash_stats_spearman(pred_layers, meas, archs, &rho_layers) != 0)
            rc = -1;
        int m = archs < 4096 ? archs : 4096;
        for (int i = 0; i < m; i++)
            ratio[i] = meas[i] / pred[i];
        qsort(ratio, (size_t)m, sizeof ratio[0], cmp_double);
        med = m % 2 ? ratio[m / 2] : 0.5 * (ratio[m / 2 - 1] + ratio[m / 2]);
    }
    if (rc == 0 && csv) {
        text_buf b = {0};
        tb_printf(&b, "index,arch,predicted_ms,measured_ms,layers_ms\n");
        for (int i = 0; i < archs; i++)
            tb_printf(&b, "%d,\"%s\",%.6f,%.6f,%.6f\n", i, names[i], pred[i], meas[i],
                      pred_layers[i]);
        rc = tb_write_atomic(&b, csv);
    }
    if (rc != 0) {
        free(pred), free(meas), free(names), free(pred_layers);
        return cli_error(nash_last_error());
    }
    if (json) {
        printf("{\"space\":\"%s\",\"dataset\":\"%s\",\"archs\":%d,\"seed\":%d,\"threads\":%d,"
               "\"repeats\":%d,\"kendall_tau\":%.6f,\"spearman_rho\":%.6f,"
               "\"layers_only_kendall_tau\":%.6f,\"layers_only_spearman_rho\":%.6f,"
               "\"median_measured_over_predicted\":%.6f,\"shapes_timed\":%d,"
               "\"table_seconds\":%.3f,\"measure_seconds\":%.3f}\n",
               space_name, dataset, archs, seed, threads, repeats, tau, rho, tau_layers,
               rho_layers, med, shapes_timed, table_seconds, measure_seconds);
    } else {
        printf("CPU latency table vs measured network latency: %s, %s, %d networks, batch 1, "
               "%d thread(s)\n", space_name, dataset, archs, threads);
        printf("  Kendall tau-b %.3f, Spearman rho %.3f (layers + BN, activations, additions)\n",
               tau, rho);
        printf("  layers only:  Kendall tau-b %.3f, Spearman rho %.3f\n", tau_layers, rho_layers);
        printf("  median measured / predicted %.3f\n", med);
        printf("  table: %d layer shapes timed, %.1f s; networks measured in %.1f s\n",
               shapes_timed, table_seconds, measure_seconds);
        if (csv)
            printf("wrote %s\n", csv);
    }
    free(pred), free(meas), free(names), free(pred_layers);
    return 0;
}
