/*
 * cmd_accel_search.c — `nash accel search`: the accelerator search of
 * accel/search.c for one network (reached through cmd_accel.c's weak
 * cmd_accel_search slot; argv[0] = "search").
 *
 *   nash accel search --arch A [--space S] [--dataset D] [--accel PRESET|FILE]
 *                     [--method coarse-fine|exhaustive|flash|all] [--objective edp|latency]
 *                     [--pe-step N] [--top-k K] [--target accel|cpu] [--json]
 *
 * Owns: the flags, the report of the best design per method and, for
 * `--method all`, the comparison against the exhaustive optimum (EDP ratio
 * optimum / found, evaluation ratio exhaustive / method, wall time);
 * `--target cpu` reports the network's latency on this CPU instead. Does not
 * own: the searches (accel/search.c), the model (accel/).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accel_search.h"
#include "cli.h"
#include "report_files.h"

int cmd_accel_search(int argc, char **argv);

/* Builds --arch (a nash arch, or a space's string or index) for the dataset. */
static nash_net *build_network(const char *space_name, const char *arch, const char *dataset,
                               char *canon, size_t size)
{
    int hw, classes;
    if (cli_space_dataset_geometry(dataset, &hw, &classes) != 0)
        return NULL;
    if (!space_name) {
        nash_arch a;
        if (nash_arch_parse(arch, &a) != 0)
            return NULL;
        nash_arch_canonical(&a, canon, size);
        return nash_arch_build(&a, 3, hw, hw, classes);
    }
    const nash_space *s = nash_space_find(space_name);
    if (!s)
        return NULL;
    size_t digits = strspn(arch, "0123456789");
    if (digits > 0 && arch[digits] == '\0' && nash_space_size(s) >= 0) {
        if (nash_space_from_index(s, strtoll(arch, NULL, 10), canon, size) != 0)
            return NULL;
    } else if (nash_space_canonical(s, arch, canon, size) != 0) {
        return NULL;
    }
    return nash_space_build(s, canon, 3, hw, hw, classes);
}

static void json_design(text_buf *b, const nash_accel_design *d)
{
    tb_printf(b, "{");
    int first = 1;
    for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++) {
        if (d->pes[k] == 0)
            continue;
        tb_printf(b, "%s\"%s\":{\"pes\":%d,\"dataflow\":\"%s\"}", first ? "" : ",",
                  nash_accel_chunk_names[k], d->pes[k], nash_accel_dataflow_names[d->dataflow[k]]);
        first = 0;
    }
    tb_printf(b, "}");
}

/* --target cpu: the network's latency on this CPU (accel_search.h). */
static int report_cpu(const char *space, const char *canon, const char *dataset,
                      const nash_accel_layer *layers, int n, const nash_net *net, int json)
{
    nash_cpu_table t = {0};
    double layer_ms, node_ms;
    int timed, timed_nodes;
    if (nash_cpu_latency(&t, layers, n, &layer_ms, &timed) != 0 ||
        nash_cpu_node_latency(&t, net, &node_ms, &timed_nodes) != 0) {
        nash_cpu_table_free(&t);
        return cli_error(nash_last_error());
    }
    nash_cpu_table_free(&t);
    double ms = layer_ms + node_ms;
    int64_t ops = 0;
    for (int i = 0; i < n; i++)
        ops += nash_accel_layer_ops(&layers[i]);
    double fps = 1000.0 / ms, gops = (double)ops / (ms * 1e-3) / 1e9;
    if (json) {
        text_buf b = {0};
        tb_printf(&b, "{\"space\":");
        tb_json_string(&b, space ? space : "arch");
        tb_printf(&b, ",\"arch\":");
        tb_json_string(&b, canon);
        tb_printf(&b, ",\"dataset\":");
        tb_json_string(&b, dataset);
        tb_printf(&b, ",\"target\":\"cpu\",\"layers\":%d,\"shapes_timed\":%d,\"latency_ms\":%.9g,"
                      "\"layer_ms\":%.9g,\"other_nodes_ms\":%.9g,"
                      "\"fps\":%.9g,\"gops\":%.9g,\"ops\":%" PRId64 "}\n",
                  n, timed + timed_nodes, ms, layer_ms, node_ms, fps, gops, ops);
        if (b.oom) {
            tb_free(&b);
            return cli_error("out of memory while formatting JSON");
        }
        fwrite(b.data, 1, b.len, stdout);
        tb_free(&b);
        return 0;
    }
    printf("arch %s\ndataset %s, target: this CPU (nash kernels, batch 1, %d layers, %d distinct "
           "shapes timed)\nlatency %.4f ms = %.4f ms layers + %.4f ms BN, activations, additions "
           "(unfused)\nFPS %.1f  %.2f GOPS (%.2f M ops/frame); no energy\n",
           canon, dataset, n, timed + timed_nodes, ms, layer_ms, node_ms, fps, gops, ops / 1e6);
    return 0;
}

int cmd_accel_search(int argc, char **argv)
{
    nash_accel_search_opts defaults = nash_accel_search_opts_default();
    int help = 0, json = 0, pe_step = defaults.pe_step, top_k = defaults.top_k;
    const char *space = NULL, *arch = NULL, *dataset = "cifar10", *accel = "nasa-f";
    const char *method = "coarse-fine", *objective = "edp", *target = "accel";
    cli_option opts[] = {
        {"--arch", CLI_STRING, &arch, "architecture (string, or index of an enumerable space)"},
        {"--space", CLI_STRING, &space, "search space of --arch (nb201, hb201, nasa); none: a nash arch"},
        {"--dataset", CLI_STRING, &dataset, "input size and classes (cifar10, cifar100, imagenet16, tinyimagenet)"},
        {"--accel", CLI_STRING, &accel, "base accelerator: preset (eyeriss, nasa-f, default) or config file; its pe_budget, cheap_pe_factor, memories and energies are kept"},
        {"--method", CLI_STRING, &method, "coarse-fine, exhaustive, flash, or all (compares the three)"},
        {"--objective", CLI_STRING, &objective, "edp or latency (network objective and per-layer mapping objective)"},
        {"--target", CLI_STRING, &target, "accel (search the accelerator) or cpu (this CPU: per-layer latency measured with nash's kernels, nothing to search)"},
        {"--pe-step", CLI_INT, &pe_step, "PE grid of the exhaustive and coarse-fine splits"},
        {"--top-k", CLI_INT, &top_k, "coarse-fine: splits kept by the coarse stage"},
        {"--json", CLI_FLAG, &json, "one JSON object on stdout"},
        {"--help", CLI_FLAG, &help, "this text"},
        {0}};
    const char *pos[1];
    int n_pos = 0;
    if (cli_parse(argc, argv, 1, opts, pos, 0, &n_pos) != 0)
        return cli_error(nash_last_error());
    if (help) {
        printf("usage: nash accel search --arch A [--space S] [options]\n\n"
               "Searches the PE split between the conv / shift / adder chunks and the dataflow\n"
               "of each chunk for one network (accel/accel_search.h documents the methods).\n\n"
               "options:\n");
        cli_print_options(stdout, opts);
        return 0;
    }
    if (!arch)
        return cli_error("accel search: --arch is required (e.g. --space nasa --arch \"nasa:...\")");
    int methods[NASH_ACCEL_SEARCH_METHOD_COUNT], n_methods = 0;
    if (strcmp(method, "all") == 0) {
        for (int m = 0; m < NASH_ACCEL_SEARCH_METHOD_COUNT; m++)
            methods[n_methods++] = m;
    } else {
        for (int m = 0; m < NASH_ACCEL_SEARCH_METHOD_COUNT; m++)
            if (strcmp(method, nash_accel_search_method_names[m]) == 0)
                methods[n_methods++] = m;
        if (n_methods == 0) {
            nash_fail("--method: unknown method '%s' (coarse-fine, exhaustive, flash, all)", method);
            return cli_error(nash_last_error());
        }
    }
    nash_accel_search_opts so = nash_accel_search_opts_default();
    if (strcmp(objective, "edp") == 0)
        so.objective = NASH_ACCEL_OBJ_EDP;
    else if (strcmp(objective, "latency") == 0)
        so.objective = NASH_ACCEL_OBJ_LATENCY;
    else {
        nash_fail("--objective: unknown objective '%s' (edp, latency)", objective);
        return cli_error(nash_last_error());
    }
    if (pe_step < 1 || top_k < 1) {
        nash_fail("--pe-step %d and --top-k %d must be >= 1", pe_step, top_k);
        return cli_error(nash_last_error());
    }
    so.pe_step = pe_step, so.top_k = top_k;
    nash_accel_config base;
    if (nash_accel_config_resolve(accel, &base) != 0)
        return cli_error(nash_last_error());
    char canon[NASH_SPACE_ARCH_MAX];
    nash_net *net = build_network(space, arch, dataset, canon, sizeof canon);
    if (!net)
        return cli_error(nash_last_error());
    nash_accel_layer *layers = NULL;
    int n = 0;
    if (nash_accel_extract(net, &layers, &n) != 0) {
        nash_net_free(net);
        return cli_error(nash_last_error());
    }
    if (strcmp(target, "cpu") == 0) {
        int rc = report_cpu(space, canon, dataset, layers, n, net, json);
        free(layers);
        nash_net_free(net);
        return rc;
    }
    nash_net_free(net);
    if (strcmp(target, "accel") != 0) {
        free(layers);
        nash_fail("--target: unknown target '%s' (accel, cpu)", target);
        return cli_error(nash_last_error());
    }

    nash_accel_search_result res[NASH_ACCEL_SEARCH_METHOD_COUNT];
    for (int i = 0; i < n_methods; i++)
        if (nash_accel_search(&base, layers, n, methods[i], &so, &res[i]) != 0) {
            free(layers);
            return cli_error(nash_last_error());
        }
    int splits = nash_accel_grid_splits(&base, layers, n, pe_step, NULL, 0);
    free(layers);
    /* with --method all, methods[0] is the exhaustive search: the reference */
    int compare = n_methods == NASH_ACCEL_SEARCH_METHOD_COUNT && res[0].best.valid;
    if (json) {
        text_buf b = {0};
        tb_printf(&b, "{\"space\":");
        tb_json_string(&b, space ? space : "arch");
        tb_printf(&b, ",\"arch\":");
        tb_json_string(&b, canon);
        tb_printf(&b, ",\"dataset\":");
        tb_json_string(&b, dataset);
        tb_printf(&b, ",\"accel\":");
        tb_json_string(&b, base.name);
        tb_printf(&b, ",\"pe_budget\":%d,\"cheap_pe_factor\":%.6g,\"objective\":\"%s\","
                      "\"pe_step\":%d,\"grid_splits\":%d,\"results\":[",
                  base.pe_budget, base.cheap_pe_factor, objective, pe_step, splits);
        for (int i = 0; i < n_methods; i++) {
            const nash_accel_search_result *r = &res[i];
            tb_printf(&b, "%s{\"method\":\"%s\",\"found\":%s,\"design\":", i ? "," : "",
                      nash_accel_search_method_names[methods[i]], r->best.valid ? "true" : "false");
            json_design(&b, &r->best.d);
            tb_printf(&b, ",\"edp\":%.9g,\"latency_ms\":%.9g,\"energy_mj\":%.9g,\"fps\":%.9g,"
                          "\"gops\":%.9g,\"area_mm2\":%.6g,\"evaluations\":%" PRId64
                          ",\"model_calls\":%" PRId64 ",\"designs\":%" PRId64 ",\"wall_ms\":%.3f,"
                          "\"cpu_ms\":%.3f",
                      r->best.edp, r->best.latency_ms, r->best.energy_mj, r->best.fps,
                      r->best.gops, r->best.area_mm2, r->evaluations, r->model_calls, r->designs,
                      r->seconds * 1e3, r->cpu_seconds * 1e3);
            if (compare && r->best.valid)
                tb_printf(&b, ",\"edp_ratio_opt_over_found\":%.9g,\"evaluations_ratio\":%.6g",
                          res[0].best.edp / r->best.edp,
                          (double)res[0].evaluations / (double)(r->evaluations ? r->evaluations : 1));
            tb_printf(&b, "}");
        }
        tb_printf(&b, "]}\n");
        if (b.oom) {
            tb_free(&b);
            return cli_error("out of memory while formatting JSON");
        }
        fwrite(b.data, 1, b.len, stdout);
        tb_free(&b);
        return 0;
    }
    printf("arch %s\ndataset %s, base accelerator '%s': %d area-equivalent PEs (shift/adder PE = "
           "1/%.3g), objective %s, grid %d PEs (%d splits)\n",
           canon, dataset, base.name, base.pe_budget, base.cheap_pe_factor, objective, pe_step,
           splits);
    for (int i = 0; i < n_methods; i++) {
        const nash_accel_search_result *r = &res[i];
        printf("\n%s:\n", nash_accel_search_method_names[methods[i]]);
        if (!r->best.valid) {
            printf("  no design maps every layer\n");
            continue;
        }
        char d[160];
        nash_accel_design_describe(&r->best.d, d, sizeof d);
        printf("  design %s\n  EDP %.6g mJ*ms  latency %.4f ms  energy %.5f mJ  FPS %.1f  %.2f GOPS"
               "  area %.2f mm^2\n  %" PRId64 " tilings costed in %" PRId64
               " model calls, %" PRId64 " designs ranked, %.1f ms wall (%.1f ms CPU)\n",
               d, r->best.edp, r->best.latency_ms, r->best.energy_mj, r->best.fps, r->best.gops,
               r->best.area_mm2, r->evaluations, r->model_calls, r->designs, r->seconds * 1e3,
               r->cpu_seconds * 1e3);
    }
    if (compare) {
        printf("\n%-12s %12s %14s %12s %10s %10s\n", "method", "EDP", "opt/found EDP",
               "evals ratio", "wall ms", "CPU ms");
        for (int i = 0; i < n_methods; i++) {
            const nash_accel_search_result *r = &res[i];
            if (!r->best.valid)
                continue;
            printf("%-12s %12.6g %14.4f %12.1f %10.1f %10.1f\n",
                   nash_accel_search_method_names[methods[i]], r->best.edp,
                   res[0].best.edp / r->best.edp,
                   (double)res[0].evaluations / (double)(r->evaluations ? r->evaluations : 1),
                   r->seconds * 1e3, r->cpu_seconds * 1e3);
        }
        printf("(opt/found >= 0.99 means within 1%% of the exhaustive optimum on the %d-PE grid; "
               "flash rounds to its own step and may beat the grid)\n",
               pe_step);
    }
    return 0;
}
