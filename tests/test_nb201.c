/*
 * test_nb201.c — the NAS-Bench-201 spaces (nas/nb201.c) and the space table
 * (nas/space.c).
 *
 * Checks: official index <-> string on rows copied from NAS-Bench-201
 * (nb201_accuracy.csv: index 0, 3, 1000, 6111 = best CIFAR-10 cell, 11472 =
 * ResNet cell, 15624) and the bijection over all 15,625 indices; the built
 * TinyNetwork's #params and FLOPs equal the benchmark's for CIFAR-10, CIFAR-100
 * and ImageNet16-120 exactly; parse errors that name the column; hb201's base-9
 * indices and round trips of 200 sampled strings; uniform sampling; mutation
 * (at least one edge changes, p = 1 changes all) and uniform crossover; a
 * forward + backward pass of hybrid and plain cells at batch 2 on 8x8 inputs;
 * an all-`none` cell makes the output independent of the image yet still
 * propagates NaN (x * 0, not a constant zero); the table's lookups and the
 * wrappers' errors for missing operations.
 */
#include <math.h>

#include "nash_nas.h"
#include "nb201.h"
#include "space.h"
#include "test_util.h"

/* Rows of nb201_accuracy.csv (official API values; params and FLOPs are in
 * units, the file's millions times 1e6). */
typedef struct known_cell {
    int64_t index;
    const char *arch;
    int64_t params_c10, params_c100, params_in16;
    int64_t flops_c10, flops_c100, flops_in16;
} known_cell;

static const known_cell known[] = {
    {0, "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|",
     129306, 135156, 136456, 15647370, 15653220, 3919480},
    {3, "|avg_pool_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|skip_connect~2|",
     73306, 79156, 80456, 7783050, 7788900, 1953400},
    {1000, "|skip_connect~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|none~0|skip_connect~1|nor_conv_3x3~2|",
     587386, 593236, 594536, 82494090, 82499940, 20631160},
    {6111, "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|",
     1073466, 1079316, 1080616, 153272970, 153278820, 38325880},
    {11472, "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|",
     559386, 565236, 566536, 78561930, 78567780, 19648120},
    {15624, "|nor_conv_1x1~0|+|none~0|nor_conv_1x1~1|+|none~0|nor_conv_1x1~1|nor_conv_1x1~2|",
     185306, 191156, 192456, 23511690, 23517540, 5885560},
};
#define N_KNOWN ((int)(sizeof known / sizeof known[0]))

static const nash_space *space(const char *name)
{
    const nash_space *s = nash_space_find(name);
    cr_assert(s, "%s", nash_last_error());
    return s;
}

Test(nb201, official_index_and_string_on_known_rows)
{
    const nash_space *nb = space("nb201");
    for (int i = 0; i < N_KNOWN; i++) {
        char arch[NASH_SPACE_ARCH_MAX], canon[NASH_SPACE_ARCH_MAX];
        int64_t index = -1;
        cr_assert_eq(nash_space_from_index(nb, known[i].index, arch, sizeof arch), 0, "%s",
                     nash_last_error());
        cr_expect_str_eq(arch, known[i].arch, "index %lld", (long long)known[i].index);
        cr_assert_eq(nash_space_to_index(nb, known[i].arch, &index), 0, "%s", nash_last_error());
        cr_expect_eq(index, known[i].index, "%s -> %lld", known[i].arch, (long long)index);
        cr_assert_eq(nash_space_canonical(nb, known[i].arch, canon, sizeof canon), 0);
        cr_expect_str_eq(canon, known[i].arch);
    }
    /* op codes in the official numbering (the `ops` column) */
    int ops[NASH_NB201_EDGES];
    cr_assert_eq(nash_nb201_ops(known[0].arch, ops), 0);
    const int expected[NASH_NB201_EDGES] = {4, 2, 1, 2, 1, 1}; /* "421211" */
    for (int e = 0; e < NASH_NB201_EDGES; e++)
        cr_expect_eq(ops[e], expected[e], "edge %d", e);
    char arch[NASH_SPACE_ARCH_MAX];
    cr_expect_neq(nash_space_from_index(nb, 15625, arch, sizeof arch), 0);
    cr_expect(strstr(nash_last_error(), "index 15625 is out of range 0..15624"), "%s",
              nash_last_error());
    cr_expect_neq(nash_space_from_index(nb, -1, arch, sizeof arch), 0);
    cr_expect_neq(nash_space_from_index(nb, 0, arch, 20), 0, "a 20-byte buffer was accepted");
}

Test(nb201, every_official_index_round_trips)
{
    const nash_space *nb = space("nb201");
    cr_assert_eq(nash_space_size(nb), 15625);
    static unsigned char seen[15625];
    memset(seen, 0, sizeof seen);
    for (int64_t i = 0; i < 15625; i++) {
        char arch[NASH_SPACE_ARCH_MAX];
        int64_t back = -1;
        cr_assert_eq(nash_space_from_index(nb, i, arch, sizeof arch), 0, "%s", nash_last_error());
        cr_assert_eq(nash_space_to_index(nb, arch, &back), 0, "%s", nash_last_error());
        cr_assert_eq(back, i, "%s: index %lld -> %lld", arch, (long long)i, (long long)back);
        int ops[NASH_NB201_EDGES], code = 0;
        cr_assert_eq(nash_nb201_ops(arch, ops), 0);
        for (int e = 0; e < NASH_NB201_EDGES; e++)
            code = code * 5 + ops[e];
        cr_assert_eq(seen[code], 0, "cell %s listed twice", arch);
        seen[code] = 1;
    }
}

static void expect_net(const nash_space *s, const char *arch, int hw, int classes, int64_t params,
                       int64_t flops)
{
    nash_net *net = nash_space_build(s, arch, 3, hw, hw, classes);
    cr_assert(net, "%s", nash_last_error());
    cr_expect_eq(nash_net_param_numel(net), params, "%s %dx%d/%d: %lld params, expected %lld",
                 arch, hw, hw, classes, (long long)nash_net_param_numel(net), (long long)params);
    cr_expect_eq(nash_nb201_flops(net), flops, "%s %dx%d/%d: %lld FLOPs, expected %lld", arch, hw,
                 hw, classes, (long long)nash_nb201_flops(net), (long long)flops);
    nash_net_free(net);
}

Test(nb201, built_params_and_flops_equal_the_benchmark)
{
    const nash_space *nb = space("nb201"), *hb = space("hb201");
    for (int i = 0; i < N_KNOWN; i++) {
        expect_net(nb, known[i].arch, 32, 10, known[i].params_c10, known[i].flops_c10);
        expect_net(nb, known[i].arch, 32, 100, known[i].params_c100, known[i].flops_c100);
        expect_net(nb, known[i].arch, 16, 120, known[i].params_in16, known[i].flops_in16);
    }
    /* shift and adder weights have the shape of the conv they replace */
    expect_net(hb, "|adder_conv_3x3~0|+|shift_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|"
                   "nor_conv_3x3~1|shift_conv_1x1~2|",
               32, 10, known[3].params_c10, known[3].flops_c10);
}

Test(nb201, hybrid_edges_use_the_named_op)
{
    nash_net *net = nash_space_build(space("hb201"),
                                     "|shift_conv_3x3~0|+|adder_conv_1x1~0|none~1|+|avg_pool_3x3~0|"
                                     "nor_conv_1x1~1|skip_connect~2|",
                                     3, 16, 16, 10);
    cr_assert(net, "%s", nash_last_error());
    int by_op[NASH_OP_COUNT] = {0};
    for (int i = 0; i < nash_net_node_count(net); i++)
        if (nash_net_node_kind(net, i) == NASH_NODE_CONV)
            by_op[nash_net_node_op(net, i)]++;
    /* 15 cells x one edge each; stem + 2 x 3 block convs stay conv */
    cr_expect_eq(by_op[NASH_OP_SHIFT_Q], 15);
    cr_expect_eq(by_op[NASH_OP_ADDER], 15);
    cr_expect_eq(by_op[NASH_OP_CONV], 15 + 7);
    cr_expect_eq(by_op[NASH_OP_SHIFT_PS], 0);
    nash_net_free(net);
}

static void expect_error(const char *space_name, const char *arch, const char *message)
{
    char out[NASH_SPACE_ARCH_MAX];
    cr_expect_neq(nash_space_canonical(space(space_name), arch, out, sizeof out), 0,
                  "'%s' was accepted", arch);
    cr_expect(strstr(nash_last_error(), message) != NULL, "'%s': message \"%s\", expected \"%s\"",
              arch, nash_last_error(), message);
}

Test(nb201, parse_errors_name_the_column)
{
    expect_error("nb201", "|nor_conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|",
                 "nb201 arch \"|nor_conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|\": "
                 "unknown op 'nor_conv_5x5' at column 2 (nb201 ops: none, skip_connect, "
                 "nor_conv_1x1, nor_conv_3x3, avg_pool_3x3)");
    expect_error("nb201", "|none~0|+|none~0|none~2|+|none~0|none~1|none~2|",
                 "expected '~1' (edge 1->2) at column 22, found '~2'");
    expect_error("nb201", "|none~0|+|none~0|+|none~0|none~1|none~2|",
                 "node 2 has 1 input edge, expected 2 (one from each of nodes 0..1) at column 18, "
                 "found '+'");
    expect_error("nb201", "|none~0|none~1|+|none~0|none~1|+|none~0|none~1|none~2|",
                 "node 1 has more than 1 input edge at column 9, found 'none'");
    expect_error("nb201", "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|none~3|",
                 "node 3 has more than 3 input edges at column 48");
    expect_error("nb201", "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|;",
                 "expected the end after node 3 at column 48, found ';'");
    expect_error("nb201", "|none~0|+|none~0|none~1|", "expected '+' (before node 3) at column 25, "
                                                       "found the end");
    expect_error("nb201", "none~0|", "expected '|' (start of node 1) at column 1, found 'none'");
    expect_error("nb201", "|none~0|+|~0|none~1|+|none~0|none~1|none~2|",
                 "expected an op at column 11, found '~'");
    expect_error("nb201", "", "expected '|' (start of node 1) at column 1, found the end");
    /* hybrid ops are hb201's only */
    expect_error("nb201", "|shift_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|",
                 "unknown op 'shift_conv_3x3' at column 2");
    expect_error("hb201", "|shift_conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|",
                 "hb201 arch \"|shift_conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|\": "
                 "unknown op 'shift_conv_5x5' at column 2");
}

Test(nb201, hb201_indices_and_round_trips)
{
    const nash_space *hb = space("hb201");
    cr_assert_eq(nash_space_size(hb), 531441);
    char arch[NASH_SPACE_ARCH_MAX], again[NASH_SPACE_ARCH_MAX];
    /* base 9 in edge order, first edge most significant */
    cr_assert_eq(nash_space_from_index(hb, 0, arch, sizeof arch), 0);
    cr_expect_str_eq(arch, "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
    cr_assert_eq(nash_space_from_index(hb, 7 * 66430, arch, sizeof arch), 0);
    cr_expect_str_eq(arch, "|adder_conv_3x3~0|+|adder_conv_3x3~0|adder_conv_3x3~1|+|"
                           "adder_conv_3x3~0|adder_conv_3x3~1|adder_conv_3x3~2|");
    cr_assert_eq(nash_space_from_index(hb, 4 * 59049 + 8, arch, sizeof arch), 0);
    cr_expect_str_eq(arch, "|shift_conv_1x1~0|+|none~0|none~1|+|none~0|none~1|avg_pool_3x3~2|");
    cr_expect_neq(nash_space_from_index(hb, 531441, arch, sizeof arch), 0);

    /* every nb201 string is an hb201 string with the same cell */
    int ops[NASH_NB201_EDGES];
    cr_assert_eq(nash_hb201_ops(known[0].arch, ops), 0, "%s", nash_last_error());
    const int expected[NASH_NB201_EDGES] = {8, 2, 1, 2, 1, 1};
    for (int e = 0; e < NASH_NB201_EDGES; e++)
        cr_expect_eq(ops[e], expected[e], "edge %d", e);

    nash_rng rng;
    nash_rng_seed(&rng, 7);
    int distinct_ops = 0, op_seen[NASH_HB201_OPS] = {0};
    for (int i = 0; i < 200; i++) {
        int64_t index = -1;
        cr_assert_eq(nash_space_sample(hb, &rng, arch, sizeof arch), 0, "%s", nash_last_error());
        cr_assert_eq(nash_space_canonical(hb, arch, again, sizeof again), 0, "%s",
                     nash_last_error());
        cr_expect_str_eq(again, arch);
        cr_assert_eq(nash_space_to_index(hb, arch, &index), 0);
        cr_assert(index >= 0 && index < 531441);
        cr_assert_eq(nash_space_from_index(hb, index, again, sizeof again), 0);
        cr_expect_str_eq(again, arch, "index %lld", (long long)index);
        cr_assert_eq(nash_hb201_ops(arch, ops), 0);
        for (int e = 0; e < NASH_NB201_EDGES; e++)
            op_seen[ops[e]] = 1;
    }
    for (int k = 0; k < NASH_HB201_OPS; k++)
        distinct_ops += op_seen[k];
    cr_expect_eq(distinct_ops, NASH_HB201_OPS, "200 samples used only %d of 9 ops", distinct_ops);
}

Test(nb201, sampling_is_uniform_per_edge)
{
    const nash_space *nb = space("nb201");
    nash_rng rng;
    nash_rng_seed(&rng, 3);
    int counts[NASH_NB201_EDGES][NASH_NB201_OPS] = {{0}};
    const int n = 2000; /* expected 400 per (edge, op), sd 17.9 */
    for (int i = 0; i < n; i++) {
        char arch[NASH_SPACE_ARCH_MAX];
        int ops[NASH_NB201_EDGES];
        cr_assert_eq(nash_space_sample(nb, &rng, arch, sizeof arch), 0);
        cr_assert_eq(nash_nb201_ops(arch, ops), 0, "%s", nash_last_error());
        for (int e = 0; e < NASH_NB201_EDGES; e++)
            counts[e][ops[e]]++;
    }
    for (int e = 0; e < NASH_NB201_EDGES; e++)
        for (int k = 0; k < NASH_NB201_OPS; k++)
            cr_expect(counts[e][k] > 310 && counts[e][k] < 490, "edge %d op %s drawn %d / %d", e,
                      nash_nb201_op_names[k], counts[e][k], n);
}

static int edges_differing(const int a[NASH_NB201_EDGES], const int b[NASH_NB201_EDGES])
{
    int d = 0;
    for (int e = 0; e < NASH_NB201_EDGES; e++)
        d += a[e] != b[e];
    return d;
}

Test(nb201, mutation_changes_at_least_one_edge)
{
    const nash_space *hb = space("hb201");
    nash_rng rng;
    nash_rng_seed(&rng, 11);
    const char *parent = "|nor_conv_3x3~0|+|none~0|adder_conv_3x3~1|+|skip_connect~0|"
                         "shift_conv_1x1~1|avg_pool_3x3~2|";
    int pops[NASH_NB201_EDGES];
    cr_assert_eq(nash_hb201_ops(parent, pops), 0);
    double total_changed = 0.0;
    for (int i = 0; i < 200; i++) {
        char child[NASH_SPACE_ARCH_MAX];
        int cops[NASH_NB201_EDGES];
        cr_assert_eq(nash_space_mutate(hb, parent, 0.0, &rng, child, sizeof child), 0, "%s",
                     nash_last_error());
        cr_assert_eq(nash_hb201_ops(child, cops), 0, "%s", nash_last_error());
        cr_expect_eq(edges_differing(pops, cops), 1, "p = 0 must still change one edge: %s", child);
        cr_assert_eq(nash_space_mutate(hb, parent, 1.0, &rng, child, sizeof child), 0);
        cr_assert_eq(nash_hb201_ops(child, cops), 0);
        cr_expect_eq(edges_differing(pops, cops), 6, "p = 1 must change every edge: %s", child);
        cr_assert_eq(nash_space_mutate(hb, parent, 0.3, &rng, child, sizeof child), 0);
        cr_assert_eq(nash_hb201_ops(child, cops), 0);
        int d = edges_differing(pops, cops);
        cr_expect(d >= 1, "p = 0.3 left %s unchanged", child);
        total_changed += d;
    }
    /* E[changed] = 6 * 0.3 + 0.7^6 = 1.918 (the forced change when none was drawn); sd of
     * the mean over 200 draws ~ 0.08 */
    double mean = total_changed / 200.0;
    cr_expect(mean > 1.6 && mean < 2.25, "mean changed edges %.3f, expected ~1.92", mean);
    char child[NASH_SPACE_ARCH_MAX];
    cr_expect_neq(nash_space_mutate(hb, parent, 1.5, &rng, child, sizeof child), 0);
    cr_expect(strstr(nash_last_error(), "mutation probability 1.5 is not in [0, 1]"), "%s",
              nash_last_error());
    cr_expect_neq(nash_space_mutate(hb, "|bad~0|", 0.5, &rng, child, sizeof child), 0);
}

Test(nb201, crossover_takes_each_edge_from_a_parent)
{
    const nash_space *nb = space("nb201");
    nash_rng rng;
    nash_rng_seed(&rng, 5);
    /* a and b differ on every edge */
    const char *a = known[4].arch; /* 3 0 3 1 0 1 */
    const char *b = "|none~0|+|skip_connect~0|nor_conv_1x1~1|+|none~0|avg_pool_3x3~1|none~2|";
    int aops[NASH_NB201_EDGES], bops[NASH_NB201_EDGES];
    cr_assert_eq(nash_nb201_ops(a, aops), 0);
    cr_assert_eq(nash_nb201_ops(b, bops), 0, "%s", nash_last_error());
    cr_assert_eq(edges_differing(aops, bops), 6);
    int from_a = 0, trials = 200;
    for (int i = 0; i < trials; i++) {
        char child[NASH_SPACE_ARCH_MAX];
        int cops[NASH_NB201_EDGES];
        cr_assert_eq(nash_space_crossover(nb, a, b, &rng, child, sizeof child), 0, "%s",
                     nash_last_error());
        cr_assert_eq(nash_nb201_ops(child, cops), 0);
        for (int e = 0; e < NASH_NB201_EDGES; e++) {
            cr_expect(cops[e] == aops[e] || cops[e] == bops[e], "edge %d of %s from neither", e,
                      child);
            from_a += cops[e] == aops[e];
        }
        cr_assert_eq(nash_space_crossover(nb, a, a, &rng, child, sizeof child), 0);
        cr_expect_str_eq(child, a);
    }
    double share = from_a / (6.0 * trials); /* 1200 coin flips: sd 0.014 */
    cr_expect(share > 0.44 && share < 0.56, "%.3f of the edges came from a", share);
}

/* Random N(0,1) images into the net's blocked input. */
static void fill_input(nash_net *net, int n, int hw, uint64_t seed, float poison)
{
    int64_t count = (int64_t)n * 3 * hw * hw;
    float *plain = tu_alloc(count);
    nash_rng rng;
    nash_rng_seed(&rng, seed);
    for (int64_t i = 0; i < count; i++)
        plain[i] = nash_rng_normal(&rng);
    plain[0] = poison == 0.0f ? plain[0] : poison;
    nash_nchw_to_blocked(n, 3, hw, hw, plain, nash_net_input(net));
    free(plain);
}

static void forward_backward(const char *space_name, const char *arch)
{
    const int n = 2, hw = 8, classes = 10;
    nash_net *net = nash_space_build(space(space_name), arch, 3, hw, hw, classes);
    cr_assert(net, "%s", nash_last_error());
    cr_assert_eq(nash_net_compile(net, n), 0, "%s", nash_last_error());
    nash_rng rng;
    nash_rng_seed(&rng, 1);
    nash_net_init_params(net, &rng);
    fill_input(net, n, hw, 2, 0.0f);
    int32_t labels[2] = {3, 7};
    nash_net_forward(net, n, 1);
    const float *logits = nash_net_output(net, nash_net_node_count(net) - 1);
    for (int i = 0; i < n * classes; i++)
        cr_assert(isfinite(logits[i]), "%s: logit %d = %g", arch, i, logits[i]);
    cr_expect(logits[0] != logits[1], "%s: constant logits", arch);
    double loss = 0.0;
    int correct = 0;
    cr_assert_eq(nash_net_loss_backward(net, n, labels, 0.0f, &loss, &correct), 0, "%s",
                 nash_last_error());
    cr_expect(isfinite(loss) && loss > 0.0, "%s: loss %g", arch, loss);
    /* every conv-shaped weight received a finite gradient, and not all of them are zero */
    double grad_sq = 0.0;
    for (int p = 0; p < nash_net_param_count(net); p++) {
        nash_param *param = nash_net_param(net, p);
        for (int64_t i = 0; i < param->numel; i++) {
            cr_assert(isfinite(param->grad[i]), "%s: %s grad[%lld] = %g", arch, param->name,
                      (long long)i, param->grad[i]);
            grad_sq += (double)param->grad[i] * param->grad[i];
        }
    }
    cr_expect(grad_sq > 0.0, "%s: all gradients are zero", arch);
    nash_net_free(net);
}

Test(nb201, forward_backward_at_batch_2_on_8x8)
{
    forward_backward("hb201", "|nor_conv_3x3~0|+|shift_conv_3x3~0|adder_conv_1x1~1|+|"
                              "avg_pool_3x3~0|skip_connect~1|none~2|");
    forward_backward("nb201", known[2].arch);
}

Test(nb201, none_cell_output_ignores_its_input)
{
    const int n = 2, hw = 8, classes = 10;
    nash_net *net = nash_space_build(space("nb201"),
                                     "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", 3, hw, hw,
                                     classes);
    cr_assert(net, "%s", nash_last_error());
    cr_assert_eq(nash_net_compile(net, n), 0, "%s", nash_last_error());
    nash_rng rng;
    nash_rng_seed(&rng, 4);
    nash_net_init_params(net, &rng);
    const float *logits = nash_net_output(net, nash_net_node_count(net) - 1);
    float first[2 * 10];
    fill_input(net, n, hw, 10, 0.0f);
    nash_net_forward(net, n, 1);
    memcpy(first, logits, sizeof first);
    fill_input(net, n, hw, 11, 0.0f);
    nash_net_forward(net, n, 1);
    for (int i = 0; i < n * classes; i++) {
        cr_assert(isfinite(first[i]), "logit %d = %g", i, first[i]);
        cr_expect_eq(logits[i], first[i], "logit %d changed with the image: %g vs %g", i,
                     logits[i], first[i]);
    }
    /* x * 0, not a constant: NaN in the image stays NaN (PyTorch's x.mul(0.)) */
    fill_input(net, n, hw, 11, NAN);
    nash_net_forward(net, n, 1);
    cr_expect(isnan(logits[0]), "a NaN image gave a finite logit %g", logits[0]);
    nash_net_free(net);
}

Test(nb201, build_rejects_bad_inputs)
{
    const nash_space *nb = space("nb201");
    cr_expect_null(nash_space_build(nb, known[0].arch, 3, 32, 32, 0));
    cr_expect(strstr(nash_last_error(), "all must be positive"), "%s", nash_last_error());
    cr_expect_null(nash_space_build(nb, "|none~0|", 3, 32, 32, 10));
    cr_expect(strstr(nash_last_error(), "column 9"), "%s", nash_last_error());
}

Test(nb201, space_table_and_missing_operations)
{
    const nash_space *const *all = nash_space_all();
    int count = 0;
    while (all[count])
        count++;
    cr_expect_geq(count, 3);
    cr_expect_str_eq(nash_space_name(all[0]), "nb201");
    cr_expect_str_eq(nash_space_name(all[1]), "hb201");
    cr_expect_str_eq(nash_space_name(all[2]), "nasa");
    cr_expect_null(nash_space_find("nb301"));
    cr_expect(strstr(nash_last_error(), "unknown space 'nb301' (nb201, hb201, nasa)"), "%s",
              nash_last_error());
    /* a space without enumeration (as nasa) */
    const nash_space toy = {.name = "toy", .description = "no operations", .size = -1};
    char out[64];
    int64_t index;
    nash_rng rng;
    nash_rng_seed(&rng, 1);
    cr_expect_neq(nash_space_from_index(&toy, 0, out, sizeof out), 0);
    cr_expect(strstr(nash_last_error(), "space toy is not enumerable"), "%s", nash_last_error());
    cr_expect_neq(nash_space_to_index(&toy, "x", &index), 0);
    cr_expect(strstr(nash_last_error(), "space toy is not enumerable"), "%s", nash_last_error());
    cr_expect_neq(nash_space_sample(&toy, &rng, out, sizeof out), 0);
    cr_expect_null(nash_space_build(&toy, "x", 3, 8, 8, 10));
    cr_expect(strstr(nash_last_error(), "space toy cannot build"), "%s", nash_last_error());
}
