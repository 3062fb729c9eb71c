/*
 * test_accel_search.c — the accelerator searches (accel/search.c) and the
 * co-search command (tools/cmd_cosearch.c).
 *
 * Checks: the PE grid (every split within the area budget, the last chunk
 * using the area left); the exhaustive search against a direct minimum over
 * the same designs; coarse-to-fine against exhaustive on two small hybrid
 * layer lists (EDP within 1 %, >= 10x fewer tilings costed) and on a
 * conv-only list (one chunk gets every PE); flash returns a design inside the
 * budget whose full-model EDP is what it reports; the NAAS wrapper keeps every
 * layer's spatial factors inside the array shape and the chosen dimensions,
 * rejects arrays larger than their chunk, keeps genomes valid under mutation,
 * and its loop order only ever lowers DRAM energy; the joint loop returns a
 * scored pair; the CPU target times each shape once and sums layers;
 * `nash cosearch` on a tiny budget writes a CSV whose pareto
 * column equals a brute-force dominance check.
 */
#define _GNU_SOURCE /* mkdtemp */
#include <math.h>
#include <unistd.h>

#include "accel_search.h"
#include "cli.h"
#include "test_accel_util.h"
#include "test_util.h"
#include <criterion/redirect.h>

int cmd_cosearch(int argc, char **argv);


/* A small hybrid network: conv stem, shift and adder bodies, pool, classifier. */
static int hybrid_layers(nash_accel_layer *L, int variant)
{
    int n = 0;
    L[n++] = make_layer(NASH_ACCEL_KIND_CONV, 16, 3, 3, 16, 1, 1, 1);
    L[n++] = make_layer(NASH_ACCEL_KIND_SHIFT, 16, 16, 3, 16, 1, 1, 1);
    L[n++] = make_layer(NASH_ACCEL_KIND_ADDER, 16, 16, 3, 32, 2, 1, 1);
    if (variant) {
        L[n++] = make_layer(NASH_ACCEL_KIND_SHIFT, 8, 32, 1, 32, 1, 0, 1);
        L[n++] = make_layer(NASH_ACCEL_KIND_CONV, 8, 32, 3, 32, 1, 1, 32);
    }
    L[n++] = make_layer(NASH_ACCEL_KIND_ADDER, 8, 32, 1, 64, 1, 0, 1);
    L[n++] = make_layer(NASH_ACCEL_KIND_POOL, 8, 64, 8, 64, 1, 0, 64);
    L[n++] = make_layer(NASH_ACCEL_KIND_LINEAR, 1, 64, 1, 10, 1, 0, 1);
    return n;
}

static nash_accel_config small_config(int budget)
{
    nash_accel_config c;
    nash_accel_config_preset("nasa-f", &c);
    c.pe_budget = budget;
    return c;
}

static double area_of(const nash_accel_config *c, const int pes[NASH_ACCEL_CHUNK_COUNT])
{
    return pes[0] + (pes[1] + pes[2]) / c->cheap_pe_factor;
}

Test(accel_search, grid_splits_fill_the_budget)
{
    nash_accel_layer L[16];
    int n = hybrid_layers(L, 0);
    nash_accel_config c = small_config(48);
    int count = nash_accel_grid_splits(&c, L, n, 4, NULL, 0);
    cr_assert(count > 20, "only %d splits", count);
    int (*s)[NASH_ACCEL_CHUNK_COUNT] = malloc(sizeof *s * (size_t)count);
    cr_assert_eq(nash_accel_grid_splits(&c, L, n, 4, s, count), count);
    for (int i = 0; i < count; i++) {
        double area = area_of(&c, s[i]);
        cr_expect(area <= c.pe_budget + 1e-9, "split %d %d %d uses %g", s[i][0], s[i][1], s[i][2],
                  area);
        /* one more adder PE would not fit: the last chunk takes the rest */
        cr_expect(area + 1 / c.cheap_pe_factor > c.pe_budget, "split %d %d %d leaves area", s[i][0],
                  s[i][1], s[i][2]);
        cr_expect(s[i][0] % 4 == 0 && s[i][1] % 4 == 0 && s[i][0] > 0 && s[i][1] > 0 && s[i][2] > 0);
    }
    free(s);
}

/* The EDP of one design by the full model (INFINITY when it cannot map). */
static double design_edp(const nash_accel_config *c, const nash_accel_layer *L, int n,
                         const nash_accel_design *d)
{
    nash_accel_config cd;
    nash_accel_design_config(c, d, &cd);
    nash_accel_report r;
    if (nash_accel_evaluate(&cd, L, n, &r) != 0)
        return INFINITY;
    double edp = r.edp;
    nash_accel_report_free(&r);
    return edp;
}

Test(accel_search, exhaustive_is_the_minimum_of_its_grid)
{
    nash_accel_layer L[16];
    int n = hybrid_layers(L, 0);
    nash_accel_config c = small_config(32);
    nash_accel_search_opts o = nash_accel_search_opts_default();
    o.pe_step = 8;
    nash_accel_search_result r;
    cr_assert_eq(nash_accel_search(&c, L, n, NASH_ACCEL_SEARCH_EXHAUSTIVE, &o, &r), 0, "%s",
                 nash_last_error());
    cr_assert(r.best.valid);
    int count = nash_accel_grid_splits(&c, L, n, 8, NULL, 0);
    int (*s)[NASH_ACCEL_CHUNK_COUNT] = malloc(sizeof *s * (size_t)count);
    nash_accel_grid_splits(&c, L, n, 8, s, count);
    double best = INFINITY;
    for (int i = 0; i < count; i++)
        for (int code = 0; code < 64; code++) {
            nash_accel_design d = {{s[i][0], s[i][1], s[i][2]},
                                   {code % 4, code / 4 % 4, code / 16}};
            best = fmin(best, design_edp(&c, L, n, &d));
        }
    free(s);
    cr_expect(fabs(best - r.best.edp) <= 1e-12 * best, "direct %g, search %g", best, r.best.edp);
    cr_expect(fabs(design_edp(&c, L, n, &r.best.d) - r.best.edp) <= 1e-12 * r.best.edp);
    cr_expect_eq(r.model_calls, (int64_t)count * 64);
}

static void coarse_vs_exhaustive(int variant, int budget)
{
    nash_accel_layer L[16];
    int n = hybrid_layers(L, variant);
    nash_accel_config c = small_config(budget);
    nash_accel_search_opts o = nash_accel_search_opts_default();
    o.pe_step = 4;
    nash_accel_search_result ex, cf;
    cr_assert_eq(nash_accel_search(&c, L, n, NASH_ACCEL_SEARCH_EXHAUSTIVE, &o, &ex), 0, "%s",
                 nash_last_error());
    cr_assert_eq(nash_accel_search(&c, L, n, NASH_ACCEL_SEARCH_COARSE_FINE, &o, &cf), 0, "%s",
                 nash_last_error());
    cr_assert(ex.best.valid && cf.best.valid);
    double ratio = ex.best.edp / cf.best.edp, evals = (double)ex.evaluations / cf.evaluations;
    char dex[128], dcf[128];
    nash_accel_design_describe(&ex.best.d, dex, sizeof dex);
    nash_accel_design_describe(&cf.best.d, dcf, sizeof dcf);
    cr_expect(ratio >= 0.99, "variant %d: optimum %g [%s], coarse-fine %g [%s] (ratio %.4f)",
              variant, ex.best.edp, dex, cf.best.edp, dcf, ratio);
    cr_expect(ratio <= 1 + 1e-12, "coarse-fine beat the exhaustive search: %g < %g", cf.best.edp,
              ex.best.edp);
    cr_expect(evals >= 10, "variant %d: %lld vs %lld tilings costed (%.1fx)", variant,
              (long long)ex.evaluations, (long long)cf.evaluations, evals);
    cr_expect(area_of(&c, cf.best.d.pes) <= budget + 1e-9);
}

Test(accel_search, coarse_fine_matches_exhaustive_small)
{
    coarse_vs_exhaustive(0, 48);
}

Test(accel_search, coarse_fine_matches_exhaustive_deeper)
{
    coarse_vs_exhaustive(1, 40);
}

Test(accel_search, conv_only_network_gets_every_pe)
{
    nash_accel_layer L[4];
    L[0] = make_layer(NASH_ACCEL_KIND_CONV, 8, 3, 3, 8, 1, 1, 1);
    L[1] = make_layer(NASH_ACCEL_KIND_CONV, 8, 8, 3, 16, 2, 1, 1);
    L[2] = make_layer(NASH_ACCEL_KIND_LINEAR, 1, 16, 1, 10, 1, 0, 1);
    nash_accel_config c = small_config(30);
    nash_accel_search_opts o = nash_accel_search_opts_default();
    for (int m = 0; m < NASH_ACCEL_SEARCH_METHOD_COUNT; m++) {
        nash_accel_search_result r;
        cr_assert_eq(nash_accel_search(&c, L, 3, m, &o, &r), 0, "%s", nash_last_error());
        cr_assert(r.best.valid);
        cr_expect_eq(r.best.d.pes[0], 30, "%s: %d conv PEs", nash_accel_search_method_names[m],
                     r.best.d.pes[0]);
        cr_expect_eq(r.best.d.pes[1] + r.best.d.pes[2], 0);
    }
}

Test(accel_search, flash_returns_a_valid_design)
{
    nash_accel_layer L[16];
    int n = hybrid_layers(L, 1);
    nash_accel_config c = small_config(64);
    nash_accel_search_opts o = nash_accel_search_opts_default();
    nash_accel_search_result r;
    cr_assert_eq(nash_accel_search(&c, L, n, NASH_ACCEL_SEARCH_FLASH, &o, &r), 0, "%s",
                 nash_last_error());
    cr_assert(r.best.valid);
    cr_expect(area_of(&c, r.best.d.pes) <= c.pe_budget + 1e-9);
    for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++) {
        cr_expect(r.best.d.pes[k] >= 1, "chunk %d has work but %d PEs", k, r.best.d.pes[k]);
        cr_expect(r.best.d.dataflow[k] >= 0 && r.best.d.dataflow[k] < NASH_ACCEL_DATAFLOW_COUNT);
    }
    double edp = design_edp(&c, L, n, &r.best.d);
    cr_expect(fabs(edp - r.best.edp) <= 1e-12 * edp, "reported %g, model %g", r.best.edp, edp);
    cr_expect(r.evaluations > 0 && r.model_calls > 0);
    /* the FLOPs-proportional split of the cost model is a design of the same
     * space; flash must not be worse than it with its best dataflows */
    nash_accel_config fp = c;
    for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++)
        fp.chunk_pes[k] = 0;
    int pes[NASH_ACCEL_CHUNK_COUNT];
    nash_accel_chunk_pes(&fp, L, n, pes);
    if (area_of(&c, pes) <= c.pe_budget + 1e-9) {
        double best_fp = INFINITY;
        for (int code = 0; code < 64; code++) {
            nash_accel_design d = {{pes[0], pes[1], pes[2]}, {code % 4, code / 4 % 4, code / 16}};
            best_fp = fmin(best_fp, design_edp(&c, L, n, &d));
        }
        cr_expect(r.best.edp <= best_fp * 1.01, "flash %g, FLOPs-proportional split %g",
                  r.best.edp, best_fp);
    }
}

/* ------------------------------------------------------------------------- */
/* NAAS wrapper                                                                */

static int *dim_factors(nash_accel_tiling *t, int dim)
{
    int *const all[NASH_NAAS_DIM_COUNT] = {t->m, t->c, t->e, t->f, t->g};
    return all[dim];
}

Test(accel_search, naas_mapping_respects_the_array_shape)
{
    nash_accel_layer L[16];
    int n = hybrid_layers(L, 1);
    nash_accel_config c;
    cr_assert_eq(nash_accel_config_preset("nasa-f", &c), 0);
    nash_rng rng;
    nash_rng_seed(&rng, 5);
    int checked = 0;
    for (int trial = 0; trial < 40; trial++) {
        nash_naas_genome g;
        nash_naas_random(&c, L, n, &rng, &g);
        for (int m = 0; m < trial % 5; m++)
            nash_naas_mutate(&c, L, n, &rng, &g);
        cr_assert_eq(nash_naas_check(&c, &g), 0, "trial %d: %s", trial, nash_last_error());
        for (int i = 0; i < n; i++) {
            nash_accel_mapping m;
            double saved;
            int ok = nash_naas_map_layer(&c, &L[i], &g, &m, &saved, NULL);
            cr_assert(ok >= 0, "%s", nash_last_error());
            if (!ok)
                continue;
            const nash_naas_chunk *ch = &g.chunk[nash_accel_layer_chunk(&L[i])];
            int fixed_row = ch->dataflow == NASH_ACCEL_RS   ? L[i].R
                            : ch->dataflow == NASH_ACCEL_WS ? L[i].R * L[i].S
                                                            : 1;
            for (int dim = 0; dim < NASH_NAAS_DIM_COUNT; dim++) {
                int f1 = dim_factors(&m.t, dim)[1];
                if (dim == ch->row_dim)
                    cr_expect(f1 * fixed_row <= ch->rows, "row dim %s: %d x %d > %d rows",
                              nash_naas_dim_names[dim], f1, fixed_row, ch->rows);
                else if (dim == ch->col_dim)
                    cr_expect(f1 <= ch->cols, "col dim %s: %d > %d cols", nash_naas_dim_names[dim],
                              f1, ch->cols);
                else
                    cr_expect_eq(f1, 1, "dim %s is not spatial but has level-1 factor %d",
                                 nash_naas_dim_names[dim], f1);
            }
            cr_expect(m.pes_used <= ch->rows * ch->cols);
            cr_expect(saved >= 0 && saved <= m.energy_pj[NASH_ACCEL_E_DRAM] + 1e-9,
                      "loop order saves %g of %g pJ DRAM", saved, m.energy_pj[NASH_ACCEL_E_DRAM]);
            if (ch->order == NASH_NAAS_ORDER_NONE)
                cr_expect_eq(saved, 0);
            checked++;
        }
    }
    cr_expect(checked > 50, "only %d layer mappings were feasible", checked);
    /* an array larger than its chunk is rejected */
    nash_naas_genome g;
    nash_naas_random(&c, L, n, &rng, &g);
    g.chunk[0].rows = g.pes[0];
    g.chunk[0].cols = 2;
    cr_expect_neq(nash_naas_check(&c, &g), 0);
    cr_expect(strstr(nash_last_error(), "does not fit") != NULL, "%s", nash_last_error());
}

Test(accel_search, naas_joint_loop_scores_pairs)
{
    const nash_space *sp = nash_space_find("hb201");
    cr_assert(sp, "%s", nash_last_error());
    nash_accel_config c;
    nash_accel_config_preset("nasa-f", &c);
    nash_proxy_config pc = nash_proxy_config_default();
    nash_proxy_data pd = {.n = 0, .c = 3, .h = 8, .w = 8, .classes = 10};
    nash_naas_joint_opts o = {.space = sp, .c = 3, .h = 8, .w = 8, .classes = 10,
                              .proxy = NASH_PROXY_PARAMS, .pc = &pc, .pd = &pd,
                              .max_latency_ms = 0, .budget = 16, .population = 4,
                              .tournament = 2, .seed = 3};
    nash_naas_joint_result r;
    cr_assert_eq(nash_naas_joint_search(&c, &o, &r), 0, "%s", nash_last_error());
    cr_expect_eq(r.evaluated, 16);
    cr_expect(r.cost.valid && isfinite(r.proxy) && r.proxy > 0, "proxy %g valid %d", r.proxy,
              r.cost.valid);
    cr_expect_eq(r.fitness, r.proxy);
    cr_expect_eq(nash_naas_check(&c, &r.genome), 0, "%s", nash_last_error());
}

/* Random genomes keep out of gene combinations no layer can map (rows below
 * the dataflow's window; a dimension the dataflow holds at RF/PE level left
 * off the array): on 100 random hb201 networks at 32x32 at least a fifth map
 * completely (26 measured; 8 before the repair). */
Test(accel_search, naas_random_genomes_mostly_map)
{
    const nash_space *sp = nash_space_find("hb201");
    nash_accel_config c;
    nash_accel_config_preset("nasa-f", &c);
    nash_rng rng;
    nash_rng_seed(&rng, 1);
    int valid = 0;
    for (int t = 0; t < 100; t++) {
        char a[NASH_SPACE_ARCH_MAX];
        cr_assert_eq(nash_space_sample(sp, &rng, a, sizeof a), 0);
        nash_net *net = nash_space_build(sp, a, 3, 32, 32, 100);
        cr_assert(net, "%s", nash_last_error());
        nash_accel_layer *L;
        int n;
        cr_assert_eq(nash_accel_extract(net, &L, &n), 0, "%s", nash_last_error());
        nash_naas_genome g;
        nash_naas_random(&c, L, n, &rng, &g);
        cr_assert_eq(nash_naas_check(&c, &g), 0, "%s", nash_last_error());
        for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++) /* the window fits the rows */
            for (int i = 0; g.pes[k] > 0 && i < n; i++)
                if ((int)nash_accel_layer_chunk(&L[i]) == k && g.chunk[k].dataflow == NASH_ACCEL_WS &&
                    L[i].R * L[i].S <= g.pes[k])
                    cr_expect_geq(g.chunk[k].rows, L[i].R * L[i].S);
        nash_naas_cost cost;
        cr_assert_eq(nash_naas_evaluate(&c, L, n, &g, &cost), 0, "%s", nash_last_error());
        valid += cost.valid;
        free(L);
        nash_net_free(net);
    }
    cr_expect_geq(valid, 20, "only %d of 100 random genomes map", valid);
}

Test(accel_search, cpu_target_times_each_shape_once)
{
    nash_accel_layer L[4];
    L[0] = make_layer(NASH_ACCEL_KIND_CONV, 8, 16, 3, 16, 1, 1, 1);
    L[1] = make_layer(NASH_ACCEL_KIND_ADDER, 8, 16, 3, 16, 1, 1, 1);
    L[2] = L[0]; /* same shape: not timed again */
    L[3] = make_layer(NASH_ACCEL_KIND_POOL, 8, 16, 8, 16, 1, 0, 16);
    nash_cpu_table t = {0};
    double all, one;
    int timed;
    cr_assert_eq(nash_cpu_latency(&t, L, 4, &all, &timed), 0, "%s", nash_last_error());
    cr_expect_eq(timed, 3);
    cr_expect_eq(t.n, 3);
    cr_expect(all > 0 && isfinite(all));
    cr_assert_eq(nash_cpu_latency(&t, &L[2], 1, &one, &timed), 0);
    cr_expect_eq(timed, 0, "a known shape was timed again");
    cr_expect(one == t.ms[0], "cached %g, table %g", one, t.ms[0]);
    cr_expect(fabs(all - (2 * t.ms[0] + t.ms[1] + t.ms[2])) <= 1e-12 * all);
    nash_cpu_table_free(&t);
}

/* The nodes the layer table leaves out: each distinct one timed once, layers
 * and nodes adding up to nash_cpu_network_latency. */
Test(accel_search, cpu_target_times_bn_act_add_nodes)
{
    nash_net *net = nash_net_create(16, 8, 8);
    int x = nash_net_conv(net, 0, NASH_OP_CONV, 16, 3, 1, 1, 1, 0, NULL);
    int a = nash_net_bn(net, x, 1);
    a = nash_net_act(net, a, NASH_ACT_RELU);
    int b = nash_net_bn(net, nash_net_conv(net, a, NASH_OP_CONV, 16, 3, 1, 1, 1, 0, NULL), 1);
    b = nash_net_act(net, b, NASH_ACT_RELU);   /* same (kind, act, shape) as the first */
    int s = nash_net_add(net, a, b);
    s = nash_net_act(net, s, NASH_ACT_RELU6);  /* another activation: its own entry */
    s = nash_net_gap(net, s);
    s = nash_net_linear(net, s, 10, 1);
    cr_assert(s > 0, "%s", nash_last_error());
    nash_cpu_table t = {0};
    double nodes, again, whole;
    int timed;
    cr_assert_eq(nash_cpu_node_latency(&t, net, &nodes, &timed), 0, "%s", nash_last_error());
    cr_expect_eq(timed, 4, "BN, ReLU, add, ReLU6: %d timed", timed); /* 2 BN, 2 ReLU share */
    cr_expect_eq(t.n_node, 4);
    cr_expect(nodes > 0 && isfinite(nodes));
    double sum = 2 * t.node_ms[0] + 2 * t.node_ms[1] + t.node_ms[2] + t.node_ms[3];
    cr_expect(fabs(nodes - sum) <= 1e-12 * sum, "sum %g, table %g", nodes, sum);
    cr_assert_eq(nash_cpu_node_latency(&t, net, &again, &timed), 0);
    cr_expect_eq(timed, 0, "known nodes timed again");
    cr_expect(again == nodes);
    cr_assert_eq(nash_cpu_network_latency(&t, net, &whole, &timed), 0, "%s", nash_last_error());
    cr_expect_eq(timed, 3, "one conv shape, global pool, linear: %d", timed);
    cr_expect(whole > nodes, "whole %g, nodes alone %g", whole, nodes);
    nash_cpu_table_free(&t);
    nash_net_free(net);
}

/* ------------------------------------------------------------------------- */
/* nash cosearch                                                              */

typedef struct csv_row {
    char run[16];
    double proxy, fps, edp, energy;
    int pareto;
} csv_row;

/* Splits one CSV line (the arch field is quoted and holds no quotes). */
static int parse_row(char *line, csv_row *r)
{
    char *field[20];
    int nf = 0;
    for (char *p = line; nf < 20;) {
        if (*p == '"') {
            field[nf++] = ++p;
            p = strchr(p, '"');
            if (!p)
                return -1;
            *p++ = '\0';
        } else {
            field[nf++] = p;
            p += strcspn(p, ",\n");
        }
        if (*p != ',') {
            *p = '\0';
            break;
        }
        *p++ = '\0';
    }
    if (nf != 16)
        return -1;
    snprintf(r->run, sizeof r->run, "%s", field[0]);
    r->proxy = atof(field[3]), r->fps = atof(field[4]), r->edp = atof(field[6]);
    r->energy = atof(field[7]), r->pareto = atoi(field[15]);
    return 0;
}

Test(accel_search, cosearch_csv_pareto_flags)
{
    char dir[] = "/tmp/nash_cosearch_XXXXXX";
    cr_assert(mkdtemp(dir));
    char out[64];
    snprintf(out, sizeof out, "%s/out", dir);
    char *argv[] = {"cosearch", "--space", "hb201", "--dataset", "cifar10", "--proxy", "flops",
                    "--budget", "5", "--pe-step", "16", "--seed", "4", "--out", out, "--json",
                    NULL};
    int argc = (int)(sizeof argv / sizeof argv[0]) - 1;
    cr_redirect_stdout();
    cr_assert_eq(cmd_cosearch(argc, argv), 0, "%s", nash_last_error());
    fflush(stdout);
    char json[8192] = {0};
    FILE *js = cr_get_redirected_stdout();
    cr_assert(js);
    size_t got = fread(json, 1, sizeof json - 1, js);
    cr_assert(got > 0, "no JSON on stdout");
    char path[128];
    snprintf(path, sizeof path, "%s/cosearch.csv", out);
    FILE *f = fopen(path, "r");
    cr_assert(f, "no %s", path);
    char line[4096];
    cr_assert(fgets(line, sizeof line, f));
    const char *head = "run,step,arch,proxy,fps,gops,edp,energy_mj,";
    cr_expect(strncmp(line, head, strlen(head)) == 0, "%s", line);
    csv_row rows[32];
    int n = 0;
    while (n < 32 && fgets(line, sizeof line, f))
        cr_assert_eq(parse_row(line, &rows[n++]), 0, "row %d: %s", n, line);
    fclose(f);
    cr_expect_eq(n, 10, "%d rows (5 per run expected)", n);
    int on_front = 0;
    for (int i = 0; i < n; i++) {
        int dominated = 0;
        for (int j = 0; j < n; j++) {
            if (j == i || strcmp(rows[i].run, rows[j].run) != 0)
                continue;
            const csv_row *a = &rows[j], *b = &rows[i];
            int ge = a->proxy >= b->proxy && a->fps >= b->fps && a->edp <= b->edp &&
                     a->energy <= b->energy;
            int gt = a->proxy > b->proxy || a->fps > b->fps || a->edp < b->edp ||
                     a->energy < b->energy;
            dominated |= ge && gt;
        }
        cr_expect_eq(rows[i].pareto, !dominated, "row %d (%s): flag %d, dominated %d", i,
                     rows[i].run, rows[i].pareto, dominated);
        on_front += rows[i].pareto;
    }
    cr_expect(on_front >= 2, "each run has a front: %d members", on_front);
    /* common_level: the fastest pair of each run with proxy >= the lower of the runs' best */
    double best[2] = {-INFINITY, -INFINITY}, fast[2] = {0, 0};
    for (int i = 0; i < n; i++) {
        int conv = strcmp(rows[i].run, "hybrid") != 0;
        best[conv] = fmax(best[conv], rows[i].proxy);
    }
    double level = fmin(best[0], best[1]);
    for (int i = 0; i < n; i++) {
        int conv = strcmp(rows[i].run, "hybrid") != 0;
        if (rows[i].proxy >= level * (1 - 1e-9))
            fast[conv] = fmax(fast[conv], rows[i].fps);
    }
    const char *cl = strstr(json, "\"common_level\":{");
    cr_assert(cl, "no common_level in %s", json);
    const char *fr = strstr(cl, "\"fps_ratio\":");
    cr_assert(fr);
    double ratio = atof(fr + strlen("\"fps_ratio\":"));
    cr_expect(fabs(ratio - fast[0] / fast[1]) <= 1e-4 * ratio, "common level %g: JSON %g, rows %g",
              level, ratio, fast[0] / fast[1]);
    snprintf(path, sizeof path, "%s/pareto.svg", out);
    cr_expect(access(path, R_OK) == 0, "no %s", path);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
}

/* nash accel validate-cpu: every sampled network gets a finite, positive
 * predicted (table) and measured (whole forward) latency in the CSV. How the
 * two compare is a speed figure: measured in the command's output, never
 * asserted here. */
int cmd_accel_validate_cpu(int argc, char **argv);
Test(accel_search, validate_cpu_writes_predicted_and_measured_latency)
{
    char dir[] = "/tmp/nash_vcpu_XXXXXX";
    cr_assert(mkdtemp(dir));
    char csv[64];
    snprintf(csv, sizeof csv, "%s/v.csv", dir);
    char *argv[] = {"validate-cpu", "--space", "hb201", "--archs", "3", "--repeats", "3",
                    "--csv", csv, "--json"};
    cr_redirect_stdout();
    cr_assert_eq(cmd_accel_validate_cpu(10, argv), 0, "%s", nash_last_error());
    FILE *f = fopen(csv, "r");
    cr_assert(f);
    char line[1024];
    cr_assert(fgets(line, sizeof line, f));
    cr_assert_str_eq(line, "index,arch,predicted_ms,measured_ms,layers_ms\n");
    int rows = 0;
    while (fgets(line, sizeof line, f)) {
        /* the last three fields: predicted (layers + other nodes), measured, layers alone */
        double v[3];
        for (int k = 2; k >= 0; k--) {
            char *comma = strrchr(line, ',');
            cr_assert(comma);
            v[k] = atof(comma + 1);
            *comma = '\0';
        }
        double pred = v[0], meas = v[1], layers = v[2];
        cr_expect(pred > 0 && meas > 0 && isfinite(pred) && isfinite(meas), "%g %g", pred, meas);
        cr_expect(layers > 0 && layers < pred, "layers %g of predicted %g", layers, pred);
        rows++;
    }
    fclose(f);
    cr_expect_eq(rows, 3);
    remove(csv);
    rmdir(dir);
}
