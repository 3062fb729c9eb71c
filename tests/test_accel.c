/*
 * test_accel.c — the accelerator cost model (accel/).
 *
 * Checks: one RS tiling of a tiny layer costed by hand (PEs, GB tile, cycles,
 * every access count, energy split); the limits that reject a tiling; the
 * mapping search against brute force over every 4-level factorization of every
 * dimension (the chosen mapping is the minimum-EDP valid tiling, for each
 * dataflow, `auto`, a squeezed GB, a depthwise layer, the latency objective);
 * the config parser's errors and its round trip; layer extraction of an MBConv
 * block, an NB201 network and ResNet-20; the FLOPs-proportional PE split; the
 * co-scheduler on a hand case with two chunks.
 */
#include <math.h>

#include "accel.h"
#include "test_accel_util.h"
#include "test_util.h"


/* 16-bit words (memory energies unscaled), multiplier 1.0 pJ, 250 MHz. */
static nash_accel_config hand_config(void)
{
    nash_accel_config c;
    nash_accel_config_preset("nasa-f", &c);
    for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++)
        c.bits[k] = 16;
    return c;
}

/* ------------------------------------------------------------------------- */
/* One tiling by hand                                                         */

/*
 * Layer: 4x4 input, C = 2, 3x3 window, M = 2, stride 1, no pad -> E = F = 2.
 * n_if = 4*4*2 = 32, n_w = 3*3*2*2 = 36, n_of = 2*2*2 = 8, ops = 2*2*9*2*2 = 144.
 * RS tiling: M0 = 2 (rest 1); C1 = 2 (rest 1); E1 = 2, E3 = 1; F0 = F = 2.
 *   PEs   = M1 C1 E1 R = 1*2*2*3 = 12
 *   RF    C0 S = 3 <= 47, M0 C0 S = 6 <= 111, M0 = 2 <= 16
 *   GB    C1 C0 ((E1-1)+R)((F-1)+S) + M2 M1 M0 E1 F = 2*4*4 + 2*2*2 = 40
 *   cycles M3 M2 M0 C3 C2 C0 E3 F S = 2*2*3 = 12 -> 12 / 250 MHz = 4.8e-5 ms
 *   DRAM  if M3 n_if = 32, w E3 n_w = 36, of max1(2 C3 - 1) n_of = 8        -> 76 * 200 = 15200
 *   GB    if M3 M2 n_if = 32, of max1(2 C3 (C2 - 1)) n_of = 8               -> 40 * 6 = 240
 *   NoC   if M3 M2 M1 R (E/H) n_if = 3 * 0.5 * 32 = 48, w E3 E1 n_w = 72,
 *         of max1(C3 C2 (C1 R - 1)) n_of = 5 * 8 = 40                      -> 160 * 2 = 320
 *   RF    if M R S (E/H)(F/W) n_if = 2*9*0.25*32 = 144, w E3 E1 F n_w = 144,
 *         of 2 C3 C2 C1 R (C0 S - 1) n_of = 2*2*3*2*8 = 192                 -> 480 * 1 = 480
 *   compute 144 * 1.0 = 144; total 15200 + 240 + 320 + 480 + 144 = 16384 pJ
 */
static nash_accel_tiling hand_tiling(void)
{
    nash_accel_tiling t;
    for (int l = 0; l < 4; l++)
        t.m[l] = t.c[l] = t.e[l] = t.f[l] = t.g[l] = 1;
    t.m[0] = 2;
    t.c[1] = 2;
    t.e[1] = 2;
    t.f[0] = 2;
    return t;
}

Test(accel, hand_computed_rs_tiling)
{
    nash_accel_config c = hand_config();
    nash_accel_layer L = make_layer(NASH_ACCEL_KIND_CONV, 4, 2, 3, 2, 1, 0, 1);
    nash_accel_tiling t = hand_tiling();
    nash_accel_mapping m;
    cr_assert_eq(nash_accel_cost_tiling(&c, &L, 168, c.gb_words, NASH_ACCEL_RS, &t, &m), 1, "%s",
                 nash_last_error());
    cr_expect_eq(m.pes_used, 12);
    cr_expect_eq(m.gb_footprint, 40);
    cr_expect_eq(m.cycles, 12);
    cr_expect_eq(m.ops, 144);
    cr_expect(fabs(m.latency_ms - 4.8e-5) < 1e-15, "latency %g", m.latency_ms);
    const double expect[NASH_ACCEL_MEM_COUNT][NASH_ACCEL_DATA_COUNT] = {
        {32, 36, 8}, {32, 0, 8}, {48, 72, 40}, {144, 144, 192}};
    for (int l = 0; l < NASH_ACCEL_MEM_COUNT; l++)
        for (int d = 0; d < NASH_ACCEL_DATA_COUNT; d++)
            cr_expect(fabs(m.access[l][d] - expect[l][d]) < 1e-9, "access[%d][%d] = %g, expected %g",
                      l, d, m.access[l][d], expect[l][d]);
    cr_expect(fabs(m.energy_pj[NASH_ACCEL_E_COMPUTE] - 144) < 1e-9);
    cr_expect(fabs(m.energy_pj[NASH_ACCEL_E_DRAM] - 15200) < 1e-9);
    cr_expect(fabs(m.energy_pj[NASH_ACCEL_E_GB] - 240) < 1e-9);
    cr_expect(fabs(m.energy_pj[NASH_ACCEL_E_NOC] - 320) < 1e-9);
    cr_expect(fabs(m.energy_pj[NASH_ACCEL_E_RF] - 480) < 1e-9);
    cr_expect(fabs(m.energy_total_pj - 16384) < 1e-9, "total %g", m.energy_total_pj);
    cr_expect(fabs(m.edp - 16384 * 4.8e-5) < 1e-12);

    /* The same layer at 8 bits: memory words cost half, the multiplier 0.2 pJ. */
    c.bits[NASH_ACCEL_CHUNK_CONV] = 8;
    cr_assert_eq(nash_accel_cost_tiling(&c, &L, 168, c.gb_words, NASH_ACCEL_RS, &t, &m), 1);
    cr_expect(fabs(m.energy_total_pj - (144 * 0.2 + (15200 + 240 + 320 + 480) * 0.5)) < 1e-9);
    /* An adder layer charges the adder energy per op, unless nasaf-mult. */
    L.kind = NASH_ACCEL_KIND_ADDER;
    c.bits[NASH_ACCEL_CHUNK_ADDER] = 16;
    cr_assert_eq(nash_accel_cost_tiling(&c, &L, 168, c.gb_words, NASH_ACCEL_RS, &t, &m), 1);
    cr_expect(fabs(m.energy_pj[NASH_ACCEL_E_COMPUTE] - 144 * 0.03) < 1e-12);
    c.energy_mode = NASH_ACCEL_ENERGY_NASAF_MULT;
    cr_assert_eq(nash_accel_cost_tiling(&c, &L, 168, c.gb_words, NASH_ACCEL_RS, &t, &m), 1);
    cr_expect(fabs(m.energy_pj[NASH_ACCEL_E_COMPUTE] - 144 * 1.0) < 1e-12);
}

Test(accel, limits_reject_tilings)
{
    nash_accel_config c = hand_config();
    nash_accel_layer L = make_layer(NASH_ACCEL_KIND_CONV, 4, 2, 3, 2, 1, 0, 1);
    nash_accel_tiling t = hand_tiling();
    nash_accel_mapping m;
    /* PEs: the tiling needs 12. */
    cr_expect_eq(nash_accel_cost_tiling(&c, &L, 11, c.gb_words, NASH_ACCEL_RS, &t, &m), 0);
    cr_expect_eq(nash_accel_cost_tiling(&c, &L, 12, c.gb_words, NASH_ACCEL_RS, &t, &m), 1);
    /* GB: the tile holds 40 words. */
    cr_expect_eq(nash_accel_cost_tiling(&c, &L, 168, 39, NASH_ACCEL_RS, &t, &m), 0);
    cr_expect_eq(nash_accel_cost_tiling(&c, &L, 168, 40, NASH_ACCEL_RS, &t, &m), 1);
    /* RF: C0 S = 3 ifmap words, M0 C0 S = 6 weight words, M0 = 2 psums. */
    c.rf_ifmap_words = 2;
    cr_expect_eq(nash_accel_cost_tiling(&c, &L, 168, c.gb_words, NASH_ACCEL_RS, &t, &m), 0);
    c = hand_config();
    c.rf_weight_words = 5;
    cr_expect_eq(nash_accel_cost_tiling(&c, &L, 168, c.gb_words, NASH_ACCEL_RS, &t, &m), 0);
    c = hand_config();
    c.rf_psum_words = 1;
    cr_expect_eq(nash_accel_cost_tiling(&c, &L, 168, c.gb_words, NASH_ACCEL_RS, &t, &m), 0);
    c = hand_config();
    /* Products must equal the dimensions; RS has no M level the IS way. */
    t.m[0] = 4;
    cr_expect_eq(nash_accel_cost_tiling(&c, &L, 168, c.gb_words, NASH_ACCEL_RS, &t, &m), 0);
    t = hand_tiling();
    t.c[3] = 2, t.c[1] = 1; /* C3 must be 1 */
    cr_expect_eq(nash_accel_cost_tiling(&c, &L, 168, c.gb_words, NASH_ACCEL_RS, &t, &m), 0);
    t = hand_tiling();
    t.m[0] = 1, t.m[2] = 2; /* IS has no M2 */
    cr_expect_eq(nash_accel_cost_tiling(&c, &L, 168, c.gb_words, NASH_ACCEL_IS, &t, &m), 0);
    /* No valid tiling at all: a message naming the layer and the PEs. */
    nash_accel_mapping best;
    cr_expect_neq(nash_accel_map_layer(&c, &L, 2, c.gb_words, &best, NULL), 0);
    cr_expect(strstr(nash_last_error(), "t.conv") && strstr(nash_last_error(), "on 2 PEs"), "%s",
              nash_last_error());
}

/* ------------------------------------------------------------------------- */
/* The search against brute force                                             */

/* Every ordered 4-level factorization of n. */
static int factorizations(int n, int out[][4], int max)
{
    int count = 0;
    for (int a = 1; a <= n; a++)
        for (int b = 1; a * b <= n; b++)
            for (int d = 1; a * b * d <= n; d++)
                if (n % (a * b * d) == 0 && count < max) {
                    out[count][0] = a, out[count][1] = b, out[count][2] = d;
                    out[count][3] = n / (a * b * d);
                    count++;
                }
    return count;
}

/* Minimum objective over every valid tiling of every dataflow the config allows. */
static double brute_force(const nash_accel_config *c, const nash_accel_layer *L, int pes,
                          int64_t gb, int *valid)
{
    static int fm[64][4], fc[64][4], fe[64][4], ff[64][4], fg[64][4];
    int G = L->groups;
    int nm = factorizations(L->M / G, fm, 64), nc = factorizations(L->C / G, fc, 64);
    int ne = factorizations(L->E, fe, 64), nf = factorizations(L->F, ff, 64);
    int ng = factorizations(G, fg, 64);
    nash_accel_chunk k = nash_accel_layer_chunk(L);
    int first = c->dataflow[k] == NASH_ACCEL_AUTO ? 0 : (int)c->dataflow[k];
    int last = c->dataflow[k] == NASH_ACCEL_AUTO ? NASH_ACCEL_DATAFLOW_COUNT - 1 : first;
    double best = INFINITY;
    *valid = 0;
    for (int df = first; df <= last; df++)
        for (int im = 0; im < nm; im++)
            for (int ic = 0; ic < nc; ic++)
                for (int ie = 0; ie < ne; ie++)
                    for (int jf = 0; jf < nf; jf++)
                        for (int ig = 0; ig < ng; ig++) {
                            nash_accel_tiling t;
                            memcpy(t.m, fm[im], sizeof t.m);
                            memcpy(t.c, fc[ic], sizeof t.c);
                            memcpy(t.e, fe[ie], sizeof t.e);
                            memcpy(t.f, ff[jf], sizeof t.f);
                            memcpy(t.g, fg[ig], sizeof t.g);
                            nash_accel_mapping m;
                            if (nash_accel_cost_tiling(c, L, pes, gb, (nash_accel_dataflow)df, &t,
                                                       &m) != 1)
                                continue;
                            (*valid)++;
                            double obj = c->objective == NASH_ACCEL_OBJ_LATENCY
                                             ? (double)m.cycles
                                             : m.energy_total_pj * (double)m.cycles;
                            if (obj < best)
                                best = obj;
                        }
    return best;
}

static void expect_search_is_optimal(const nash_accel_config *c, const nash_accel_layer *L,
                                     int pes, int64_t gb, const char *what)
{
    int valid;
    double brute = brute_force(c, L, pes, gb, &valid);
    nash_accel_mapping m;
    int64_t evals = 0;
    int rc = nash_accel_map_layer(c, L, pes, gb, &m, &evals);
    if (valid == 0) {
        cr_expect_neq(rc, 0, "%s: no valid tiling, yet the search found one", what);
        return;
    }
    cr_assert_eq(rc, 0, "%s: %s", what, nash_last_error());
    double got = c->objective == NASH_ACCEL_OBJ_LATENCY ? (double)m.cycles
                                                         : m.energy_total_pj * (double)m.cycles;
    cr_expect(fabs(got - brute) <= 1e-9 * brute, "%s: search %.10g, brute force %.10g (%d valid)",
              what, got, brute, valid);
    cr_expect(m.gb_footprint <= gb && m.pes_used <= pes, "%s: limits broken", what);
    cr_expect(evals >= 1 && evals <= valid, "%s: %lld evaluations of %d valid tilings", what,
              (long long)evals, valid);
}

Test(accel, search_finds_the_minimum_edp_tiling)
{
    nash_accel_config c = hand_config();
    /* 4x4 output, C 4 -> M 6, 3x3 with pad 1. */
    nash_accel_layer L = make_layer(NASH_ACCEL_KIND_CONV, 4, 4, 3, 6, 1, 1, 1);
    static const char *const names[] = {"rs", "is", "ws", "os", "auto"};
    for (int df = 0; df <= NASH_ACCEL_AUTO; df++) {
        for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++)
            c.dataflow[k] = (nash_accel_dataflow)df;
        char what[64];
        snprintf(what, sizeof what, "%s, 40 PEs", names[df]);
        expect_search_is_optimal(&c, &L, 40, c.gb_words, what);
        snprintf(what, sizeof what, "%s, 168 PEs, GB 60 words", names[df]);
        expect_search_is_optimal(&c, &L, 168, 60, what);
    }
    /* Depthwise: 4 groups of one channel, stride 2; and the latency objective. */
    nash_accel_layer dw = make_layer(NASH_ACCEL_KIND_SHIFT, 8, 4, 3, 4, 2, 1, 4);
    c.dataflow[NASH_ACCEL_CHUNK_SHIFT] = NASH_ACCEL_AUTO;
    expect_search_is_optimal(&c, &dw, 24, c.gb_words, "depthwise, auto");
    c.objective = NASH_ACCEL_OBJ_LATENCY;
    expect_search_is_optimal(&c, &L, 30, c.gb_words, "latency objective");
}

/* ------------------------------------------------------------------------- */
/* Config                                                                      */

static void expect_parse_error(const char *text, const char *message)
{
    nash_accel_config c;
    nash_accel_config_default(&c);
    cr_expect_neq(nash_accel_config_parse(text, "my.cfg", &c), 0, "accepted: %s", text);
    cr_expect(strstr(nash_last_error(), message) != NULL, "message \"%s\", expected \"%s\"",
              nash_last_error(), message);
}

Test(accel, config_errors_name_file_line_and_range)
{
    expect_parse_error("pe = 3\n", "my.cfg:1: unknown key 'pe' (keys: preset, pe_budget,");
    expect_parse_error("# c\n\ngb_words = 12k\n", "my.cfg:3: gb_words: '12k' is not an integer");
    expect_parse_error("bits_conv = 7", "my.cfg:1: bits_conv: 7 is not one of 6, 8, 16, 32");
    expect_parse_error("pe_budget = 0", "my.cfg:1: pe_budget: 0 out of range [1, 1000000]");
    expect_parse_error("freq_mhz = fast", "my.cfg:1: freq_mhz: 'fast' is not a number");
    expect_parse_error("dataflow = xs", "my.cfg:1: dataflow: unknown dataflow 'xs' (rs, is, ws, os, auto)");
    expect_parse_error("objective = area", "my.cfg:1: objective: unknown objective 'area'");
    expect_parse_error("energy_mode = mult", "my.cfg:1: energy_mode: unknown energy mode 'mult'");
    expect_parse_error("pe_budget = 100\npreset = eyeriss", "my.cfg:2: 'preset' must be the first setting");
    expect_parse_error("preset = tpu", "my.cfg:1: unknown accelerator preset 'tpu'");
    expect_parse_error("gb_words 10", "my.cfg:1: expected 'key = value', found 'gb_words 10'");
    expect_parse_error("gb_words =   # nothing", "my.cfg:1: gb_words: missing value after '='");
    expect_parse_error("cheap_pe_factor = 0.5", "my.cfg:1: cheap_pe_factor: 0.5 out of range [1, 100]");
}

Test(accel, config_presets_parse_and_round_trip)
{
    nash_accel_config c, d;
    cr_assert_eq(nash_accel_config_parse("preset = eyeriss  # Chen et al.\n\n  pes_conv = 100 \n"
                                         "dataflow_shift = ws\ne_mult_8=0.213\n",
                                         "x.cfg", &c),
                 0, "%s", nash_last_error());
    cr_expect_eq(c.pe_budget, 168);
    cr_expect_eq(c.single_array, 1);
    cr_expect_eq(c.rf_ifmap_words, 12);
    cr_expect_eq(c.rf_weight_words, 224);
    cr_expect_eq(c.rf_psum_words, 24);
    cr_expect_eq(c.gb_words, 55296); /* 108 KB of 16-bit words */
    cr_expect_eq(c.chunk_pes[NASH_ACCEL_CHUNK_CONV], 100);
    cr_expect_eq(c.dataflow[NASH_ACCEL_CHUNK_SHIFT], NASH_ACCEL_WS);
    cr_expect_eq(c.dataflow[NASH_ACCEL_CHUNK_CONV], NASH_ACCEL_RS);
    cr_expect(c.e_op[nash_accel_bit_row(8)][NASH_ACCEL_OP_MULT] == 0.213);
    cr_assert_eq(nash_accel_config_preset("nasa-f", &d), 0);
    cr_expect_eq(d.gb_words, 131070);
    cr_expect(d.cheap_pe_factor == 1.88 && d.freq_mhz == 250.0);
    cr_expect(d.bits[0] == 8 && d.bits[1] == 6 && d.bits[2] == 6);
    /* write -> parse gives the same config */
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert(f);
    nash_accel_config_write(&c, f);
    fclose(f);
    nash_accel_config_default(&d);
    cr_assert_eq(nash_accel_config_parse(text, "x.cfg", &d), 0, "%s", nash_last_error());
    free(text);
    cr_expect_str_eq(d.name, "x.cfg");
    memset(c.name, 0, sizeof c.name); /* bytes after the NUL differ */
    memset(d.name, 0, sizeof d.name);
    cr_expect_eq(memcmp(&c, &d, sizeof c), 0, "round trip changed the config");
}

/* ------------------------------------------------------------------------- */
/* Extraction                                                                 */

/* Conv / fc layers' ops must equal the runtime's MACs of their nodes. */
static void expect_ops_match_macs(const nash_net *net, const nash_accel_layer *layers, int n)
{
    for (int i = 0; i < n; i++)
        if (layers[i].kind != NASH_ACCEL_KIND_POOL)
            cr_expect_eq(nash_accel_layer_ops(&layers[i]), nash_net_node_macs(net, layers[i].node),
                         "%s: %lld ops, node has %lld MACs", layers[i].name,
                         (long long)nash_accel_layer_ops(&layers[i]),
                         (long long)nash_net_node_macs(net, layers[i].node));
}

Test(accel, extract_mbconv_block)
{
    /* MobileNetV2 block, e = 6: 1x1 16 -> 96, 3x3 depthwise stride 2, 1x1 96 -> 24. */
    nash_net *net = nash_net_create(16, 8, 8);
    int x = nash_net_input_node(net);
    x = nash_net_conv(net, x, NASH_OP_SHIFT_Q, 96, 1, 1, 0, 1, 0, NULL);
    x = nash_net_bn(net, x, 1);
    x = nash_net_act(net, x, NASH_ACT_RELU);
    x = nash_net_conv(net, x, NASH_OP_SHIFT_Q, 96, 3, 2, 1, 96, 0, NULL);
    x = nash_net_bn(net, x, 1);
    x = nash_net_act(net, x, NASH_ACT_RELU);
    x = nash_net_conv(net, x, NASH_OP_SHIFT_Q, 24, 1, 1, 0, 1, 0, NULL);
    x = nash_net_bn(net, x, 1);
    cr_assert_geq(x, 0, "%s", nash_last_error());
    nash_accel_layer *layers;
    int n;
    cr_assert_eq(nash_accel_extract(net, &layers, &n), 0, "%s", nash_last_error());
    cr_assert_eq(n, 3);
    const int want[3][9] = {
        /* H  C   R  M   E  stride groups dw */
        {8, 16, 1, 96, 8, 1, 1, 0},
        {8, 96, 3, 96, 4, 2, 96, 1},
        {4, 96, 1, 24, 4, 1, 1, 0},
    };
    for (int i = 0; i < 3; i++) {
        const nash_accel_layer *L = &layers[i];
        cr_expect(L->H == want[i][0] && L->W == want[i][0] && L->C == want[i][1] &&
                      L->R == want[i][2] && L->S == want[i][2] && L->M == want[i][3] &&
                      L->E == want[i][4] && L->F == want[i][4] && L->stride == want[i][5] &&
                      L->groups == want[i][6] && L->depthwise == want[i][7],
                  "layer %d (%s): H %d C %d R %d M %d E %d stride %d groups %d dw %d", i, L->name,
                  L->H, L->C, L->R, L->M, L->E, L->stride, L->groups, L->depthwise);
        cr_expect_eq(L->kind, NASH_ACCEL_KIND_SHIFT);
        cr_expect_eq(nash_accel_layer_chunk(L), NASH_ACCEL_CHUNK_SHIFT);
    }
    cr_expect_str_eq(layers[1].name, "n4.dw");
    expect_ops_match_macs(net, layers, n);
    free(layers);
    nash_net_free(net);
}

Test(accel, extract_nb201_network)
{
    /* Cell: conv3x3, conv1x1, avgpool, skip, none, conv3x3 (index 2506). The
     * network: stem 3x3 conv; 3 stages of 5 cells (16, 32, 64 ch) with a
     * ResNet reduction block between stages (3x3 s2, 3x3, avgpool 2x2 +
     * 1x1 shortcut); GAP; linear. Expected: convs 3x3 = 1 + 15*2 + 2*2 = 35,
     * convs 1x1 = 15 + 2 = 17, pools = 15 + 2 + GAP = 18, fc 1: 71 layers. */
    const nash_space *s = nash_space_find("nb201");
    cr_assert(s);
    nash_net *net = nash_space_build(
        s, "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|",
        3, 32, 32, 10);
    cr_assert(net, "%s", nash_last_error());
    nash_accel_layer *layers;
    int n;
    cr_assert_eq(nash_accel_extract(net, &layers, &n), 0, "%s", nash_last_error());
    int conv3 = 0, conv1 = 0, pool3 = 0, pool2 = 0, gap = 0, fc = 0;
    for (int i = 0; i < n; i++) {
        const nash_accel_layer *L = &layers[i];
        if (L->kind == NASH_ACCEL_KIND_CONV)
            conv3 += L->R == 3, conv1 += L->R == 1;
        else if (L->kind == NASH_ACCEL_KIND_POOL)
            pool3 += L->R == 3 && L->E > 1, pool2 += L->R == 2,
                gap += L->E == 1 && L->R == L->H;
        else if (L->kind == NASH_ACCEL_KIND_LINEAR)
            fc += L->C == 64 && L->M == 10;
    }
    cr_expect_eq(n, 71);
    cr_expect_eq(conv3, 35);
    cr_expect_eq(conv1, 17);
    cr_expect_eq(pool3, 15);
    cr_expect_eq(pool2, 2);
    cr_expect_eq(gap, 1);
    cr_expect_eq(fc, 1);
    expect_ops_match_macs(net, layers, n);
    /* The cell's avgpool is 16 single-channel 3x3 windows at 32x32. */
    int found = 0;
    for (int i = 0; i < n && !found; i++)
        if (layers[i].kind == NASH_ACCEL_KIND_POOL && layers[i].R == 3) {
            cr_expect(layers[i].groups == 16 && layers[i].C == 16 && layers[i].E == 32);
            found = 1;
        }
    cr_expect(found);
    free(layers);
    nash_net_free(net);
}

Test(accel, extract_resnet20)
{
    nash_arch a;
    cr_assert_eq(nash_arch_parse("resnet20-hybrid", &a), 0, "%s", nash_last_error());
    nash_net *net = nash_arch_build(&a, 3, 32, 32, 10);
    cr_assert(net, "%s", nash_last_error());
    nash_accel_layer *layers;
    int n;
    cr_assert_eq(nash_accel_extract(net, &layers, &n), 0, "%s", nash_last_error());
    /* stem + 18 body convs + GAP + fc; option-A shortcuts are not modelled. */
    cr_assert_eq(n, 21);
    cr_expect_eq(layers[0].kind, NASH_ACCEL_KIND_CONV);
    int per_kind[NASH_ACCEL_KIND_COUNT] = {0};
    int64_t macs = 0;
    for (int i = 0; i < n; i++) {
        per_kind[layers[i].kind]++;
        if (layers[i].kind != NASH_ACCEL_KIND_POOL)
            macs += nash_accel_layer_ops(&layers[i]);
    }
    /* hybrid: body layers 1-6 conv, 7-12 shift, 13-18 adder */
    cr_expect_eq(per_kind[NASH_ACCEL_KIND_CONV], 7);
    cr_expect_eq(per_kind[NASH_ACCEL_KIND_SHIFT], 6);
    cr_expect_eq(per_kind[NASH_ACCEL_KIND_ADDER], 6);
    cr_expect_eq(per_kind[NASH_ACCEL_KIND_POOL], 1);
    cr_expect_eq(per_kind[NASH_ACCEL_KIND_LINEAR], 1);
    /* 40.55 M MACs per image (He et al. 2016) */
    cr_expect(macs > 40.5e6 && macs < 40.6e6, "%lld MACs", (long long)macs);
    expect_ops_match_macs(net, layers, n);
    free(layers);
    nash_net_free(net);
}

/* ------------------------------------------------------------------------- */
/* PE split and co-scheduling                                                 */

Test(accel, flops_proportional_pe_split)
{
    nash_accel_config c;
    nash_accel_config_preset("nasa-f", &c);
    nash_accel_layer layers[2] = {make_layer(NASH_ACCEL_KIND_CONV, 8, 16, 3, 16, 1, 1, 1),
                                  make_layer(NASH_ACCEL_KIND_ADDER, 8, 16, 3, 32, 1, 1, 1)};
    /* F_conv = 147456, F_adder = 294912; s = 168 / (147456 + 294912 / 1.88)
     * = 5.5129e-4; conv floor(81.29) = 81, adder ceil(162.58) = 163. */
    int pes[NASH_ACCEL_CHUNK_COUNT];
    cr_assert_eq(nash_accel_chunk_pes(&c, layers, 2, pes), 0);
    cr_expect_eq(pes[NASH_ACCEL_CHUNK_CONV], 81);
    cr_expect_eq(pes[NASH_ACCEL_CHUNK_SHIFT], 0);
    cr_expect_eq(pes[NASH_ACCEL_CHUNK_ADDER], 163);
    c.chunk_pes[NASH_ACCEL_CHUNK_CONV] = 50;
    cr_assert_eq(nash_accel_chunk_pes(&c, layers, 2, pes), 0);
    cr_expect(pes[0] == 50 && pes[1] == 0 && pes[2] == 0);
    nash_accel_report r;
    cr_expect_neq(nash_accel_evaluate(&c, layers, 2, &r), 0, "adder layers with 0 adder PEs");
    cr_expect(strstr(nash_last_error(), "chunk adder has 1 layers but 0 PEs"), "%s",
              nash_last_error());
}

/*
 * Two chunks: conv runs A1 then A2, shift runs B1. Steps (the chunk with the
 * least accumulated latency goes next; a tie goes to the conv chunk):
 *   1. conv maps A1 with the whole GB (shift holds nothing yet); conv now holds
 *      A1's tile because A2 is still to come;
 *   2. shift (0 ms < lat(A1)) maps B1 with GB - tile(A1) words; shift is done
 *      and holds nothing;
 *   3. conv maps A2 with the whole GB, starting at lat(A1).
 * The GB is sized so B1's unconstrained best tile does not fit in step 2:
 * GB = tile(A1) + tile(B1 unconstrained) - 1.
 * Totals: latency = max(lat A1 + lat A2, lat B1), energy = the sum.
 */
Test(accel, coschedule_two_chunks_by_hand)
{
    nash_accel_config c = hand_config();
    c.chunk_pes[NASH_ACCEL_CHUNK_CONV] = 64;
    c.chunk_pes[NASH_ACCEL_CHUNK_SHIFT] = 32;
    nash_accel_layer layers[3] = {make_layer(NASH_ACCEL_KIND_CONV, 8, 8, 3, 16, 1, 1, 1),
                                  make_layer(NASH_ACCEL_KIND_SHIFT, 8, 8, 3, 8, 1, 1, 1),
                                  make_layer(NASH_ACCEL_KIND_CONV, 8, 16, 1, 16, 1, 0, 1)};
    snprintf(layers[0].name, sizeof layers[0].name, "A1");
    snprintf(layers[1].name, sizeof layers[1].name, "B1");
    snprintf(layers[2].name, sizeof layers[2].name, "A2");
    nash_accel_mapping a1, b1_free, b1, a2;
    cr_assert_eq(nash_accel_map_layer(&c, &layers[0], 64, c.gb_words, &a1, NULL), 0);
    cr_assert_eq(nash_accel_map_layer(&c, &layers[1], 32, c.gb_words, &b1_free, NULL), 0);
    c.gb_words = a1.gb_footprint + b1_free.gb_footprint - 1;
    cr_assert_eq(nash_accel_map_layer(&c, &layers[0], 64, c.gb_words, &a1, NULL), 0);
    cr_assert_eq(nash_accel_map_layer(&c, &layers[1], 32, c.gb_words - a1.gb_footprint, &b1, NULL),
                 0, "%s", nash_last_error());
    cr_assert_eq(nash_accel_map_layer(&c, &layers[2], 64, c.gb_words, &a2, NULL), 0);
    cr_expect_lt(b1.gb_footprint, b1_free.gb_footprint);

    nash_accel_report r;
    cr_assert_eq(nash_accel_evaluate(&c, layers, 3, &r), 0, "%s", nash_last_error());
    cr_expect_eq(r.chunk_of[0], NASH_ACCEL_CHUNK_CONV);
    cr_expect_eq(r.chunk_of[1], NASH_ACCEL_CHUNK_SHIFT);
    cr_expect_eq(r.maps[1].cycles, b1.cycles);
    cr_expect(fabs(r.maps[1].energy_total_pj - b1.energy_total_pj) < 1e-9);
    cr_expect_eq(r.maps[1].gb_footprint, b1.gb_footprint);
    cr_expect_eq(r.maps[2].cycles, a2.cycles);
    cr_expect(r.start_ms[0] == 0 && r.start_ms[1] == 0);
    cr_expect(fabs(r.start_ms[2] - a1.latency_ms) < 1e-15);
    double conv_ms = a1.latency_ms + a2.latency_ms;
    cr_expect(fabs(r.chunk_latency_ms[NASH_ACCEL_CHUNK_CONV] - conv_ms) < 1e-15);
    cr_expect(fabs(r.chunk_latency_ms[NASH_ACCEL_CHUNK_SHIFT] - b1.latency_ms) < 1e-15);
    cr_expect(fabs(r.latency_ms - fmax(conv_ms, b1.latency_ms)) < 1e-15);
    double energy_mj = (a1.energy_total_pj + b1.energy_total_pj + a2.energy_total_pj) * 1e-9;
    cr_expect(fabs(r.energy_mj - energy_mj) < 1e-15);
    cr_expect(fabs(r.edp - energy_mj * r.latency_ms) < 1e-18);
    cr_expect(fabs(r.fps - 1000.0 / r.latency_ms) < 1e-9);
    int64_t ops = a1.ops + b1.ops + a2.ops;
    cr_expect_eq(r.ops, ops);
    cr_expect(fabs(r.gops - ops / (r.latency_ms * 1e-3) / 1e9) < 1e-9);
    double split = 0;
    for (int p = 0; p < NASH_ACCEL_E_COUNT; p++)
        split += r.energy_split_mj[p];
    cr_expect(fabs(split - r.energy_mj) < 1e-15);
    cr_expect_gt(r.evaluations, 0);
    /* area: 64 multiplier PEs + 32 shift PEs at 1/1.88 + the GB */
    cr_expect(fabs(r.area_mm2 - ((64 + 32 / 1.88) * c.area_pe_mm2 +
                                 c.gb_words / 1024.0 * c.area_gb_mm2_per_kword)) < 1e-12);
    nash_accel_report_free(&r);
}

Test(accel, auto_is_no_worse_than_any_dataflow_and_pool_as_conv)
{
    nash_accel_config c = hand_config();
    nash_accel_layer L = make_layer(NASH_ACCEL_KIND_CONV, 16, 16, 3, 32, 1, 1, 1);
    nash_accel_mapping best, fixed;
    for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++)
        c.dataflow[k] = NASH_ACCEL_AUTO;
    cr_assert_eq(nash_accel_map_layer(&c, &L, 168, c.gb_words, &best, NULL), 0, "%s",
                 nash_last_error());
    int any = 0;
    for (int df = 0; df < NASH_ACCEL_DATAFLOW_COUNT; df++) {
        nash_accel_config d = c;
        d.dataflow[NASH_ACCEL_CHUNK_CONV] = (nash_accel_dataflow)df;
        if (nash_accel_map_layer(&d, &L, 168, d.gb_words, &fixed, NULL) != 0)
            continue;
        any = 1;
        cr_expect_leq(best.energy_total_pj * best.cycles,
                      fixed.energy_total_pj * fixed.cycles * (1 + 1e-12), "auto worse than %s",
                      nash_accel_dataflow_names[df]);
        if (fixed.edp == best.edp)
            cr_expect_eq(fixed.cycles, best.cycles);
    }
    cr_expect(any);

    /* A 3x3 average pool over 16 channels charged as a pool: 16 groups of one
     * channel, adder energy. With pool_as_conv it costs exactly what a dense
     * 3x3 conv 16 -> 16 of the same shape costs (HW-NAS-Bench's charge). */
    nash_accel_layer pool = make_layer(NASH_ACCEL_KIND_POOL, 16, 16, 3, 16, 1, 1, 16);
    nash_accel_layer conv = make_layer(NASH_ACCEL_KIND_CONV, 16, 16, 3, 16, 1, 1, 1);
    nash_accel_mapping mp, mc;
    cr_assert_eq(nash_accel_map_layer(&c, &pool, 168, c.gb_words, &mp, NULL), 0);
    cr_expect_eq(mp.ops, 16 * 9 * 16 * 16);
    c.pool_as_conv = 1;
    cr_assert_eq(nash_accel_map_layer(&c, &pool, 168, c.gb_words, &mp, NULL), 0);
    cr_assert_eq(nash_accel_map_layer(&c, &conv, 168, c.gb_words, &mc, NULL), 0);
    cr_expect_eq(mp.ops, 16 * 16 * 9 * 16 * 16);
    cr_expect_eq(mp.cycles, mc.cycles);
    cr_expect(fabs(mp.energy_total_pj - mc.energy_total_pj) < 1e-9 * mc.energy_total_pj);
}
