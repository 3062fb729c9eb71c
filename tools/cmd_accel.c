/*
 * cmd_accel.c — `nash accel eval | validate`: the accelerator cost model of
 * accel/ from the command line.
 *
 *   nash accel eval --arch A [--space S] [--dataset cifar10|cifar100|imagenet16|tinyimagenet]
 *                   [--accel CONFIG|eyeriss|nasa-f|default] [--objective edp|latency]
 *                   [--energy per-op|nasaf-mult] [--pool-as-conv] [--json]
 *   nash accel validate --bench DIR/hwnasbench_nb201_analytic_reconstructed.csv
 *                   [--subset DIR/hwnasbench_nb201_latency_subset.csv] [--dataset cifar10]
 *                   [--accel eyeriss] [--limit N] [--json]
 *   nash accel search ...   (not here: the lead's accelerator search plugs in
 *                            through cmd_accel_search, a weak symbol)
 *
 * Owns: the per-layer table and the JSON report of one network; the
 * validation of the model against HW-NAS-Bench on NB201 (Kendall tau-b of
 * our latency vs its Eyeriss and FPGA estimates on every cell it lists, with
 * pools charged as pools and as 3x3 convs, and vs the measured edge devices on
 * the rows of the subset file), and the mapping time per network. Does not own:
 * the model (accel/), the spaces (nas/), rank statistics (nas/stats.c).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accel.h"
#include "cli.h"
#include "csv_table.h"
#include "report_files.h"
#include "stats.h"

/* The accelerator search lives in another file; until it is linked in, the
 * slot answers with an error. */
int cmd_accel_search(int argc, char **argv) __attribute__((weak));
int cmd_accel_validate_cpu(int argc, char **argv);

typedef struct accel_dataset {
    const char *name;
    int hw, classes;
} accel_dataset;

static const accel_dataset datasets[] = {
    {"cifar10", 32, 10}, {"cifar100", 32, 100}, {"imagenet16", 16, 120}, {"tinyimagenet", 64, 200}};
#define N_DATASETS ((int)(sizeof datasets / sizeof datasets[0]))

static const accel_dataset *find_dataset(const char *name)
{
    for (int i = 0; i < N_DATASETS; i++)
        if (strcmp(datasets[i].name, name) == 0)
            return &datasets[i];
    nash_fail("unknown dataset '%s' (cifar10, cifar100, imagenet16, tinyimagenet)", name);
    return NULL;
}

static void print_json(text_buf *b)
{
    if (b->oom) {
        tb_free(b);
        cli_error("out of memory while formatting JSON");
        return;
    }
    fwrite(b->data, 1, b->len, stdout);
    tb_free(b);
}

static const char *energy_note(const nash_accel_config *c)
{
    return c->energy_mode == NASH_ACCEL_ENERGY_PER_OP
               ? "per-op unit energies: multiplier for conv/fc, shifter for shift, adder for "
                 "adder and pooling layers"
               : "nasaf-mult: multiplier energy for every layer, as NASA-F's chip_predictor.py "
                 "charges it";
}

/* Applies the command-line overrides to a resolved config. */
static int apply_overrides(nash_accel_config *c, const char *objective, const char *energy,
                           int pool_as_conv)
{
    if (objective) {
        if (strcmp(objective, "edp") == 0)
            c->objective = NASH_ACCEL_OBJ_EDP;
        else if (strcmp(objective, "latency") == 0)
            c->objective = NASH_ACCEL_OBJ_LATENCY;
        else
            return nash_fail("--objective: unknown objective '%s' (edp, latency)", objective);
    }
    if (energy) {
        if (strcmp(energy, "per-op") == 0)
            c->energy_mode = NASH_ACCEL_ENERGY_PER_OP;
        else if (strcmp(energy, "nasaf-mult") == 0)
            c->energy_mode = NASH_ACCEL_ENERGY_NASAF_MULT;
        else
            return nash_fail("--energy: unknown energy mode '%s' (per-op, nasaf-mult)", energy);
    }
    if (pool_as_conv)
        c->pool_as_conv = 1;
    return 0;
}

/* ------------------------------------------------------------------------- */
/* eval                                                                       */

static nash_net *build_arch(const char *space_name, const char *arch, const accel_dataset *ds,
                            char *canon, size_t size)
{
    if (!space_name) {
        nash_arch a;
        if (nash_arch_parse(arch, &a) != 0)
            return NULL;
        nash_arch_canonical(&a, canon, size);
        return nash_arch_build(&a, 3, ds->hw, ds->hw, ds->classes);
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
    return nash_space_build(s, canon, 3, ds->hw, ds->hw, ds->classes);
}

static const char *layer_type(const nash_accel_layer *L)
{
    return L->depthwise ? "dw" : nash_accel_kind_names[L->kind];
}

static void print_table(const nash_accel_config *c, const nash_accel_layer *layers,
                        const nash_accel_report *r)
{
    printf("%-12s %-5s %-5s %4s %4s %5s %2s %2s %5s %4s %4s %2s %5s  %-4s %-40s %4s %10s %9s"
           " %9s %8s %8s %8s %8s %9s\n",
           "layer", "type", "chunk", "H", "W", "C", "R", "S", "M", "E", "F", "st", "G", "df",
           "tiling (RF*PE*GB*DRAM)", "PEs", "cycles", "lat_ms", "E_comp_uJ", "E_rf", "E_noc",
           "E_gb", "E_dram", "EDP_uJms");
    for (int i = 0; i < r->n_layers; i++) {
        const nash_accel_layer *L = &layers[i];
        const nash_accel_mapping *m = &r->maps[i];
        char tiling[128];
        nash_accel_tiling_describe(m->dataflow, &m->t, tiling, sizeof tiling);
        printf("%-12s %-5s %-5s %4d %4d %5d %2d %2d %5d %4d %4d %2d %5d  %-4s %-40s %4d %10" PRId64
               " %9.5f %9.4f %8.4f %8.4f %8.4f %8.4f %9.4g\n",
               L->name, layer_type(L), nash_accel_chunk_names[r->chunk_of[i]], L->H, L->W, L->C,
               L->R, L->S, L->M, L->E, L->F, L->stride, L->groups,
               nash_accel_dataflow_names[m->dataflow], tiling, m->pes_used, m->cycles,
               m->latency_ms, m->energy_pj[NASH_ACCEL_E_COMPUTE] * 1e-6,
               m->energy_pj[NASH_ACCEL_E_RF] * 1e-6, m->energy_pj[NASH_ACCEL_E_NOC] * 1e-6,
               m->energy_pj[NASH_ACCEL_E_GB] * 1e-6, m->energy_pj[NASH_ACCEL_E_DRAM] * 1e-6,
               m->energy_total_pj * 1e-6 * m->latency_ms);
    }
    printf("\nchunks:");
    for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++)
        if (r->chunk_layers[k] > 0)
            printf("  %s %d PEs, %d layers, %.4f ms, %.5f mJ;", nash_accel_chunk_names[k],
                   r->chunk_pes[k], r->chunk_layers[k], r->chunk_latency_ms[k],
                   r->chunk_energy_mj[k]);
    printf("\nlatency %.4f ms (slowest chunk)  energy %.5f mJ (compute %.5f, rf %.5f, noc %.5f, "
           "gb %.5f, dram %.5f)\n",
           r->latency_ms, r->energy_mj, r->energy_split_mj[NASH_ACCEL_E_COMPUTE],
           r->energy_split_mj[NASH_ACCEL_E_RF], r->energy_split_mj[NASH_ACCEL_E_NOC],
           r->energy_split_mj[NASH_ACCEL_E_GB], r->energy_split_mj[NASH_ACCEL_E_DRAM]);
    printf("EDP %.6g mJ*ms  FPS %.1f  throughput %.2f GOPS (%.2f M ops/frame, each mult, shift or "
           "add = 1 op)\n",
           r->edp, r->fps, r->gops, r->ops / 1e6);
    printf("area %.2f mm^2 (estimate, see accel/config.c)  mapping %.1f ms (%.1f ms CPU), %" PRId64
           " tilings costed\n",
           r->area_mm2, r->map_seconds * 1e3, r->map_cpu_seconds * 1e3, r->evaluations);
    printf("energy mode: %s (%s)\n", nash_accel_energy_mode_names[c->energy_mode],
           energy_note(c));
    printf("not modelled: BN, activations, residual additions, NB201 'none' scaling, dropout, "
           "option-A shortcuts\n");
}

static void json_report(text_buf *b, const nash_accel_config *c, const nash_accel_layer *layers,
                        const nash_accel_report *r)
{
    tb_printf(b, "\"accel\":");
    tb_json_string(b, c->name);
    tb_printf(b, ",\"energy_mode\":\"%s\",\"energy_note\":",
              nash_accel_energy_mode_names[c->energy_mode]);
    tb_json_string(b, energy_note(c));
    tb_printf(b, ",\"objective\":\"%s\",\"pool_as_conv\":%d,\"single_array\":%d",
              nash_accel_objective_names[c->objective], c->pool_as_conv, c->single_array);
    tb_printf(b, ",\"latency_ms\":%.9g,\"energy_mj\":%.9g,\"edp\":%.9g,\"fps\":%.9g,"
                 "\"gops\":%.9g,\"ops\":%" PRId64 ",\"area_mm2\":%.6g,\"evaluations\":%" PRId64
                 ",\"map_ms\":%.4f,\"map_cpu_ms\":%.4f,\"energy_split_mj\":{",
              r->latency_ms, r->energy_mj, r->edp, r->fps, r->gops, r->ops, r->area_mm2,
              r->evaluations, r->map_seconds * 1e3, r->map_cpu_seconds * 1e3);
    for (int p = 0; p < NASH_ACCEL_E_COUNT; p++)
        tb_printf(b, "%s\"%s\":%.9g", p ? "," : "", nash_accel_energy_part_names[p],
                  r->energy_split_mj[p]);
    tb_printf(b, "},\"chunks\":[");
    int first = 1;
    for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++) {
        if (r->chunk_layers[k] == 0 && r->chunk_pes[k] == 0)
            continue;
        tb_printf(b, "%s{\"chunk\":\"%s\",\"pes\":%d,\"layers\":%d,\"latency_ms\":%.9g,"
                     "\"energy_mj\":%.9g}",
                  first ? "" : ",", nash_accel_chunk_names[k], r->chunk_pes[k], r->chunk_layers[k],
                  r->chunk_latency_ms[k], r->chunk_energy_mj[k]);
        first = 0;
    }
    tb_printf(b, "],\"layers\":[");
    for (int i = 0; i < r->n_layers; i++) {
        const nash_accel_layer *L = &layers[i];
        const nash_accel_mapping *m = &r->maps[i];
        char tiling[128];
        nash_accel_tiling_describe(m->dataflow, &m->t, tiling, sizeof tiling);
        tb_printf(b, "%s{\"name\":", i ? "," : "");
        tb_json_string(b, L->name);
        tb_printf(b, ",\"node\":%d,\"type\":\"%s\",\"chunk\":\"%s\",\"H\":%d,\"W\":%d,\"C\":%d,"
                     "\"R\":%d,\"S\":%d,\"M\":%d,\"E\":%d,\"F\":%d,\"stride\":%d,\"groups\":%d,"
                     "\"dataflow\":\"%s\",\"tiling\":",
                  L->node, layer_type(L), nash_accel_chunk_names[r->chunk_of[i]], L->H, L->W,
                  L->C, L->R, L->S, L->M, L->E, L->F, L->stride, L->groups,
                  nash_accel_dataflow_names[m->dataflow]);
        tb_json_string(b, tiling);
        tb_printf(b, ",\"pes_used\":%d,\"gb_words\":%" PRId64 ",\"cycles\":%" PRId64
                     ",\"start_ms\":%.9g,\"latency_ms\":%.9g,\"ops\":%" PRId64
                     ",\"energy_pj\":{",
                  m->pes_used, m->gb_footprint, m->cycles, r->start_ms[i], m->latency_ms, m->ops);
        for (int p = 0; p < NASH_ACCEL_E_COUNT; p++)
            tb_printf(b, "%s\"%s\":%.9g", p ? "," : "", nash_accel_energy_part_names[p],
                      m->energy_pj[p]);
        tb_printf(b, "},\"energy_mj\":%.9g,\"edp\":%.9g}", m->energy_total_pj * 1e-9,
                  m->energy_total_pj * 1e-9 * m->latency_ms);
    }
    tb_printf(b, "]");
}

static int accel_eval(int argc, char **argv)
{
    int help = 0, json = 0, pool_as_conv = 0;
    const char *space = NULL, *arch = NULL, *dataset = "cifar10", *accel = "default";
    const char *objective = NULL, *energy = NULL;
    cli_option opts[] = {
        {"--arch", CLI_STRING, &arch, "architecture (string, or index of an enumerable space)"},
        {"--space", CLI_STRING, &space, "search space of --arch (nb201, hb201, nasa); none: a nash arch"},
        {"--dataset", CLI_STRING, &dataset, "input size and classes (cifar10, cifar100, imagenet16, tinyimagenet)"},
        {"--accel", CLI_STRING, &accel, "preset (eyeriss, nasa-f, default) or config file"},
        {"--objective", CLI_STRING, &objective, "per-layer mapping objective: edp or latency (default: config's)"},
        {"--energy", CLI_STRING, &energy, "per-op or nasaf-mult (default: config's, per-op)"},
        {"--pool-as-conv", CLI_FLAG, &pool_as_conv, "charge pooling like a dense kxk conv (HW-NAS-Bench)"},
        {"--json", CLI_FLAG, &json, "one JSON object on stdout"},
        {"--help", CLI_FLAG, &help, "this text"},
        {0}};
    const char *pos[1];
    int n_pos = 0;
    if (cli_parse(argc, argv, 2, opts, pos, 0, &n_pos) != 0)
        return cli_error(nash_last_error());
    if (help) {
        printf("usage: nash accel eval --arch A [--space S] [options]\n\n"
               "Maps every layer of the network onto the accelerator and prints the per-layer\n"
               "table and totals.\n\noptions:\n");
        cli_print_options(stdout, opts);
        return 0;
    }
    if (!arch)
        return cli_error("accel eval: --arch is required (e.g. --space nasa --arch \"nasa:...\")");
    const accel_dataset *ds = find_dataset(dataset);
    nash_accel_config c;
    if (!ds || nash_accel_config_resolve(accel, &c) != 0 ||
        apply_overrides(&c, objective, energy, pool_as_conv) != 0)
        return cli_error(nash_last_error());
    char canon[NASH_SPACE_ARCH_MAX];
    nash_net *net = build_arch(space, arch, ds, canon, sizeof canon);
    if (!net)
        return cli_error(nash_last_error());
    nash_accel_layer *layers = NULL;
    int n = 0;
    nash_accel_report r;
    if (nash_accel_extract(net, &layers, &n) != 0 || nash_accel_evaluate(&c, layers, n, &r) != 0) {
        nash_net_free(net);
        free(layers);
        return cli_error(nash_last_error());
    }
    if (json) {
        text_buf b = {0};
        tb_printf(&b, "{\"space\":");
        tb_json_string(&b, space ? space : "arch");
        tb_printf(&b, ",\"arch\":");
        tb_json_string(&b, canon);
        tb_printf(&b, ",\"dataset\":\"%s\",", ds->name);
        json_report(&b, &c, layers, &r);
        tb_printf(&b, "}\n");
        print_json(&b);
    } else {
        printf("arch %s\ndataset %s (%dx%d), accelerator '%s'%s, objective %s%s\n", canon,
               ds->name, ds->hw, ds->hw, c.name, c.single_array ? " (one array)" : " (chunks)",
               nash_accel_objective_names[c.objective],
               c.pool_as_conv ? ", pools charged as dense convs" : "");
        print_table(&c, layers, &r);
    }
    nash_accel_report_free(&r);
    free(layers);
    nash_net_free(net);
    return 0;
}

/* ------------------------------------------------------------------------- */
/* validate                                                                   */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* tau-b and rho over the finite pairs of (x, y); NaN when fewer than 2. */
static void rank_corr(const double *x, const double *y, int64_t n, double *tau, double *rho,
                      int64_t *kept)
{
    double *xs = malloc(sizeof *xs * (size_t)(n > 0 ? n : 1));
    double *ys = malloc(sizeof *ys * (size_t)(n > 0 ? n : 1));
    *tau = *rho = NAN;
    *kept = 0;
    if (xs && ys) {
        int64_t k = nash_stats_drop_nonfinite(x, y, n, xs, ys);
        *kept = k;
        if (k >= 2) {
            if (nash_stats_kendall_tau_b(xs, ys, k, tau) != 0)
                *tau = NAN;
            if (nash_stats_spearman(xs, ys, k, rho) != 0)
                *rho = NAN;
        }
    }
    free(xs);
    free(ys);
}

typedef struct corr_row {
    char target[48];
    char variant[16];
    double tau, rho;
    int64_t n;
} corr_row;

static const char *const edge_devices[] = {"edgegpu", "edgetpu", "pixel3", "raspi4", "eyeriss",
                                           "fpga"};
#define N_DEVICES ((int)(sizeof edge_devices / sizeof edge_devices[0]))

static int accel_validate(int argc, char **argv)
{
    int help = 0, json = 0, limit = 0;
    const char *bench = NULL, *subset = NULL, *dataset = "cifar10", *accel = "eyeriss";
    cli_option opts[] = {
        {"--bench", CLI_STRING, &bench, "hwnasbench_nb201_analytic_reconstructed.csv"},
        {"--subset", CLI_STRING, &subset, "hwnasbench_nb201_latency_subset.csv (measured devices)"},
        {"--dataset", CLI_STRING, &dataset, "cifar10, cifar100 or imagenet16"},
        {"--accel", CLI_STRING, &accel, "accelerator (preset or config file)"},
        {"--limit", CLI_INT, &limit, "evaluate only the first N rows (0 = all)"},
        {"--json", CLI_FLAG, &json, "one JSON object on stdout"},
        {"--help", CLI_FLAG, &help, "this text"},
        {0}};
    const char *pos[1];
    int n_pos = 0;
    if (cli_parse(argc, argv, 2, opts, pos, 0, &n_pos) != 0)
        return cli_error(nash_last_error());
    if (help) {
        printf("usage: nash accel validate --bench FILE [options]\n\n"
               "Evaluates NB201 cells on the accelerator (pools charged as pools, then as 3x3\n"
               "convs) and reports Kendall tau-b / Spearman rho against HW-NAS-Bench's\n"
               "Eyeriss and FPGA latencies, and against measured devices on the subset rows.\n\n"
               "options:\n");
        cli_print_options(stdout, opts);
        return 0;
    }
    if (!bench)
        return cli_error("accel validate: --bench FILE is required "
                         "(hwnasbench_nb201_analytic_reconstructed.csv)");
    if (limit < 0)
        return cli_error("--limit must be >= 0");
    const accel_dataset *ds = find_dataset(dataset);
    if (!ds)
        return cli_error(nash_last_error());
    if (ds->hw == 64)
        return cli_error("--dataset tinyimagenet has no NB201 / HW-NAS-Bench data "
                         "(cifar10, cifar100, imagenet16)");
    nash_accel_config base;
    if (nash_accel_config_resolve(accel, &base) != 0)
        return cli_error(nash_last_error());
    const nash_space *space = nash_space_find("nb201");
    if (!space)
        return cli_error(nash_last_error());

    csv_table t;
    if (csv_read(&t, bench) != 0)
        return cli_error(nash_last_error());
    char col_name[64];
    int col_index = csv_require_column(&t, "index");
    snprintf(col_name, sizeof col_name, "%s_eyeriss_latency_ms", ds->name);
    int col_eyeriss = csv_require_column(&t, col_name);
    snprintf(col_name, sizeof col_name, "%s_fpga_latency_ms", ds->name);
    int col_fpga = csv_column(&t, col_name); /* absent for imagenet16 */
    if (col_index < 0 || col_eyeriss < 0) {
        csv_free(&t);
        return cli_error(nash_last_error());
    }
    int64_t rows = t.n_rows;
    if (limit > 0 && limit < rows)
        rows = limit;
    int64_t space_size = nash_space_size(space);
    double *truth_eyeriss = malloc(sizeof(double) * (size_t)rows);
    double *truth_fpga = malloc(sizeof(double) * (size_t)rows);
    double *ours[2] = {malloc(sizeof(double) * (size_t)rows), malloc(sizeof(double) * (size_t)rows)};
    /* Our latency by NB201 index (for joining the subset file), NaN if not evaluated. */
    double *by_index[2] = {malloc(sizeof(double) * (size_t)space_size),
                           malloc(sizeof(double) * (size_t)space_size)};
    int rc = 1;
    double map_total = 0, map_max = 0;
    int64_t evals_total = 0, evaluated = 0;
    if (!truth_eyeriss || !truth_fpga || !ours[0] || !ours[1] || !by_index[0] || !by_index[1]) {
        cli_error("accel validate: out of memory");
        goto done;
    }
    for (int64_t i = 0; i < space_size; i++)
        by_index[0][i] = by_index[1][i] = NAN;
    double t_start = now_seconds();
    for (int64_t row = 0; row < rows; row++) {
        double idx_value;
        if (csv_number(&t, row, col_index, &idx_value) != 0 || !(idx_value >= 0) ||
            idx_value >= (double)space_size || idx_value != floor(idx_value)) {
            fprintf(stderr, "nash: error: %s:%" PRId64 ": bad index '%s' (0..%" PRId64 ")\n",
                    bench, t.row_line[row], csv_cell(&t, row, col_index), space_size - 1);
            goto done;
        }
        int64_t index = (int64_t)idx_value;
        if (csv_number(&t, row, col_eyeriss, &truth_eyeriss[row]) != 0)
            truth_eyeriss[row] = NAN;
        if (col_fpga < 0 || csv_number(&t, row, col_fpga, &truth_fpga[row]) != 0)
            truth_fpga[row] = NAN;
        char arch[NASH_SPACE_ARCH_MAX];
        nash_net *net = NULL;
        nash_accel_layer *layers = NULL;
        int n = 0;
        if (nash_space_from_index(space, index, arch, sizeof arch) != 0 ||
            !(net = nash_space_build(space, arch, 3, ds->hw, ds->hw, ds->classes)) ||
            nash_accel_extract(net, &layers, &n) != 0) {
            fprintf(stderr, "nash: error: NB201 index %" PRId64 ": %s\n", index, nash_last_error());
            nash_net_free(net);
            goto done;
        }
        nash_net_free(net);
        for (int variant = 0; variant < 2; variant++) {
            nash_accel_config c = base;
            c.pool_as_conv = variant;
            nash_accel_report r;
            if (nash_accel_evaluate(&c, layers, n, &r) != 0) {
                fprintf(stderr, "nash: error: NB201 index %" PRId64 ": %s\n", index,
                        nash_last_error());
                free(layers);
                goto done;
            }
            ours[variant][row] = r.latency_ms;
            by_index[variant][index] = r.latency_ms;
            if (variant == 0) {
                map_total += r.map_seconds;
                if (r.map_seconds > map_max)
                    map_max = r.map_seconds;
                evals_total += r.evaluations;
            }
            nash_accel_report_free(&r);
        }
        free(layers);
        evaluated++;
        if (!json && (row + 1) % 2000 == 0)
            fprintf(stderr, "accel validate: %" PRId64 " / %" PRId64 " cells, %.0f s\n", row + 1,
                    rows, now_seconds() - t_start);
    }

    corr_row results[64];
    int n_results = 0;
    static const char *const variants[2] = {"pool", "pool-as-conv"};
    for (int v = 0; v < 2; v++) {
        corr_row *cr = &results[n_results++];
        snprintf(cr->target, sizeof cr->target, "hwnasbench eyeriss (all rows)");
        snprintf(cr->variant, sizeof cr->variant, "%s", variants[v]);
        rank_corr(ours[v], truth_eyeriss, rows, &cr->tau, &cr->rho, &cr->n);
        if (col_fpga >= 0) {
            cr = &results[n_results++];
            snprintf(cr->target, sizeof cr->target, "hwnasbench fpga (all rows)");
            snprintf(cr->variant, sizeof cr->variant, "%s", variants[v]);
            rank_corr(ours[v], truth_fpga, rows, &cr->tau, &cr->rho, &cr->n);
        }
    }
    if (subset) {
        csv_table s;
        if (csv_read(&s, subset) != 0) {
            cli_error(nash_last_error());
            goto done;
        }
        int s_index = csv_require_column(&s, "index");
        if (s_index < 0) {
            cli_error(nash_last_error());
            csv_free(&s);
            goto done;
        }
        double *x = malloc(sizeof(double) * (size_t)(s.n_rows + 1));
        double *y = malloc(sizeof(double) * (size_t)(s.n_rows + 1));
        for (int d = 0; x && y && d < N_DEVICES; d++) {
            snprintf(col_name, sizeof col_name, "%s_%s_latency_ms", ds->name, edge_devices[d]);
            int col = csv_column(&s, col_name);
            if (col < 0)
                continue;
            for (int v = 0; v < 2; v++) {
                int64_t m = 0;
                for (int64_t row = 0; row < s.n_rows; row++) {
                    double idx_value;
                    if (csv_number(&s, row, s_index, &idx_value) != 0 || !(idx_value >= 0) ||
                        idx_value >= (double)space_size)
                        continue;
                    x[m] = by_index[v][(int64_t)idx_value];
                    if (csv_number(&s, row, col, &y[m]) != 0)
                        y[m] = NAN;
                    m++;
                }
                corr_row *cr = &results[n_results++];
                snprintf(cr->target, sizeof cr->target, "subset %s", edge_devices[d]);
                snprintf(cr->variant, sizeof cr->variant, "%s", variants[v]);
                rank_corr(x, y, m, &cr->tau, &cr->rho, &cr->n);
            }
        }
        free(x);
        free(y);
        csv_free(&s);
    }

    double mean_ms = evaluated ? map_total / (double)evaluated * 1e3 : 0;
    if (json) {
        text_buf b = {0};
        tb_printf(&b, "{\"bench\":");
        tb_json_string(&b, bench);
        tb_printf(&b, ",\"dataset\":\"%s\",\"accel\":", ds->name);
        tb_json_string(&b, base.name);
        tb_printf(&b, ",\"cells\":%" PRId64 ",\"map_ms_mean\":%.4f,\"map_ms_max\":%.4f,"
                      "\"evaluations_mean\":%.1f,\"correlations\":[",
                  evaluated, mean_ms, map_max * 1e3,
                  evaluated ? (double)evals_total / (double)evaluated : 0.0);
        for (int i = 0; i < n_results; i++) {
            tb_printf(&b, "%s{\"target\":", i ? "," : "");
            tb_json_string(&b, results[i].target);
            tb_printf(&b, ",\"pools\":\"%s\",\"n\":%" PRId64, results[i].variant, results[i].n);
            if (isfinite(results[i].tau))
                tb_printf(&b, ",\"kendall_tau\":%.6f", results[i].tau);
            else
                tb_printf(&b, ",\"kendall_tau\":null");
            if (isfinite(results[i].rho))
                tb_printf(&b, ",\"spearman_rho\":%.6f}", results[i].rho);
            else
                tb_printf(&b, ",\"spearman_rho\":null}");
        }
        tb_printf(&b, "]}\n");
        print_json(&b);
    } else {
        printf("NB201 on '%s', dataset %s: %" PRId64 " cells; mapping %.2f ms per network "
               "(max %.2f), %.0f tilings costed per network\n",
               base.name, ds->name, evaluated, mean_ms, map_max * 1e3,
               evaluated ? (double)evals_total / (double)evaluated : 0.0);
        printf("%-34s %-13s %6s %8s %8s\n", "our latency vs", "pools", "n", "tau-b", "rho");
        for (int i = 0; i < n_results; i++)
            printf("%-34s %-13s %6" PRId64 " %8.4f %8.4f\n", results[i].target,
                   results[i].variant, results[i].n, results[i].tau, results[i].rho);
    }
    rc = 0;
done:
    free(truth_eyeriss);
    free(truth_fpga);
    free(ours[0]);
    free(ours[1]);
    free(by_index[0]);
    free(by_index[1]);
    csv_free(&t);
    return rc;
}

/* ------------------------------------------------------------------------- */

int cmd_accel(int argc, char **argv)
{
    const char *sub = argc >= 2 ? argv[1] : NULL;
    if (!sub || strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
        FILE *f = sub ? stdout : stderr;
        fprintf(f, "usage: nash accel eval|validate|validate-cpu|search [OPTIONS]\n"
                   "  eval      per-layer mapping and totals of one network on an accelerator\n"
                   "  validate  rank correlation with HW-NAS-Bench on NB201 cells\n"
                   "  validate-cpu  the CPU latency table vs measured network latency\n"
                   "  search    accelerator search (when built in)\n"
                   "`nash accel SUB --help` describes a subcommand's options.\n");
        return sub ? 0 : 2;
    }
    if (strcmp(sub, "eval") == 0)
        return accel_eval(argc, argv);
    if (strcmp(sub, "validate") == 0)
        return accel_validate(argc, argv);
    if (strcmp(sub, "validate-cpu") == 0)
        return cmd_accel_validate_cpu(argc - 1, argv + 1);
    if (strcmp(sub, "search") == 0) {
        if (cmd_accel_search)
            return cmd_accel_search(argc - 1, argv + 1);
        return cli_error("accel search is not part of this build yet");
    }
    fprintf(stderr, "nash: error: unknown accel subcommand '%s' (eval, validate, validate-cpu, search)\n", sub);
    return 2;
}
