/*
 * test_proxies.c — zero-shot proxies checked against values derived by hand
 * on tiny networks (SynFlow of a linear chain, the NASWOT kernel of three
 * samples, SWAP's pattern count), exact counts (params, NB201 FLOPs), the
 * float32 range trick of SynFlow on a chain whose product overflows float32,
 * NaN = missing for a degenerate network, and determinism; the skip plan and
 * NASWOT on snip's forward pass change no score (bitwise); hybrid_degree
 * against nn_degree of the cell with its adder edges removed.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "nash_nas.h"
#include "test_util.h"

/* input (c,1,1) -> gap -> linear c->c x (layers-1) -> linear c->1, biases on */
static nash_net *linear_chain(int c, int layers)
{
    nash_net *net = nash_net_create(c, 1, 1);
    int x = nash_net_gap(net, nash_net_input_node(net));
    for (int l = 0; l < layers; l++)
        x = nash_net_linear(net, x, l == layers - 1 ? 1 : c, 1);
    cr_assert(x > 0, "%s", nash_last_error());
    return net;
}

static double score_one(nash_net *net, nash_proxy_config *cfg, const nash_proxy_data *d, int proxy)
{
    double s;
    cr_assert_eq(nash_proxies_score(net, cfg, d, &proxy, 1, &s), 0, "%s", nash_last_error());
    return s;
}

Test(proxies, synflow_of_a_two_layer_linear_net_is_ln_2R)
{
    /* R = sum_i |W2_i| sum_j |W1_ij| (ones input, biases zeroed); each layer's
     * sum |theta * dR/dtheta| equals R, so S = 2R. */
    nash_net *net = linear_chain(2, 2);
    cr_assert_eq(nash_net_compile(net, 1), 0);
    nash_rng rng;
    nash_rng_seed(&rng, 3);
    nash_net_init_params(net, &rng);
    nash_proxy_config cfg = nash_proxy_config_default();
    cfg.keep_params = 1;
    double s = score_one(net, &cfg, NULL, NASH_PROXY_SYNFLOW);
    const float *w1 = NULL, *w2 = NULL;
    for (int i = 0; i < nash_net_param_count(net); i++) {
        nash_param *p = nash_net_param(net, i);
        if (strstr(p->name, ".weight"))
            (w1 ? (w2 = p->data) : (w1 = p->data));
    }
    double r = 0;
    for (int i = 0; i < 2; i++)
        r += fabs(w2[i]) * (fabs(w1[2 * i]) + fabs(w1[2 * i + 1]));
    cr_assert_float_eq(s, log(2 * r), 1e-5, "synflow %.9g, expected ln(2R) = %.9g", s, log(2 * r));
    /* the parameters are restored afterwards: signs survive the |theta| step */
    int negative = 0;
    for (int i = 0; i < 4; i++)
        negative += w1[i] < 0;
    cr_assert(negative > 0 && negative < 4, "weights were not restored");
    nash_net_free(net);
}

Test(proxies, synflow_stays_exact_where_float32_overflows)
{
    /* 40 layers of 32 -> 32 with every weight 2: R = 64^40 = 1.6e72 > FLT_MAX;
     * every layer contributes R, so ln S = ln 40 + 40 ln 64. */
    int layers = 40;
    nash_net *net = linear_chain(32, layers);
    cr_assert_eq(nash_net_compile(net, 1), 0);
    for (int i = 0; i < nash_net_param_count(net); i++) {
        nash_param *p = nash_net_param(net, i);
        for (int64_t j = 0; j < p->numel; j++)
            p->data[j] = strstr(p->name, ".weight") ? 2.0f : 0.5f;
    }
    nash_proxy_config cfg = nash_proxy_config_default();
    cfg.keep_params = 1;
    double s = score_one(net, &cfg, NULL, NASH_PROXY_SYNFLOW);
    double expect = log((double)layers) + layers * log(64.0);
    cr_assert_float_eq(s, expect, 1e-4, "synflow %.9g, expected %.9g", s, expect);
    nash_net_free(net);
}

/* NASWOT of 3 samples of a 4-unit input read by `relus` ReLUs (summed, then
 * GAP and a linear layer); codes 1[x > 0] per sample. */
static double nwot_of_three_samples(int relus)
{
    nash_net *net = nash_net_create(4, 1, 1);
    int x = nash_net_act(net, nash_net_input_node(net), NASH_ACT_RELU);
    for (int k = 1; k < relus; k++)
        x = nash_net_add(net, x, nash_net_act(net, nash_net_input_node(net), NASH_ACT_RELU));
    x = nash_net_gap(net, x);
    x = nash_net_linear(net, x, 2, 1);
    cr_assert(x > 0);
    cr_assert_eq(nash_net_compile(net, 3), 0);
    nash_rng rng;
    nash_rng_seed(&rng, 1);
    nash_net_init_params(net, &rng);
    float images[12] = {1, 1, -1, -1, /* codes 1100 */
                        1, -1, 1, -1, /* 1010 */
                        -1, -1, -1, 1 /* 0001 */};
    int32_t labels[3] = {0, 1, 0};
    nash_proxy_data d = {.n = 3, .c = 4, .h = 1, .w = 1, .classes = 2, .images = images,
                         .labels = labels};
    nash_proxy_config cfg = nash_proxy_config_default();
    cfg.keep_params = 1;
    cfg.nwot_batch = 3;
    double s = score_one(net, &cfg, &d, NASH_PROXY_NWOT);
    nash_net_free(net);
    return s;
}

Test(proxies, nwot_kernel_of_three_samples)
{
    /* K[i][j] = units where the codes agree: (0,1) 2, (0,2) 1, (1,2) 1;
     * K = [[4,2,1],[2,4,1],[1,1,4]], det = 60 - 14 - 2 = 44 */
    double s = nwot_of_three_samples(1);
    cr_assert_float_eq(s, log(44.0), 1e-9, "nwot %.12g, expected ln 44", s);
}

Test(proxies, nwot_counts_each_relu_reading_a_shared_node)
{
    /* Two ReLUs read the input (as 2-3 conv edges read one NB201 node): the
     * hook counts the codes once and adds them twice, so K is twice the
     * one-ReLU kernel: det = 2^3 * 44. */
    double s = nwot_of_three_samples(2);
    cr_assert_float_eq(s, log(352.0), 1e-9, "nwot %.12g, expected ln 352", s);
}

Test(proxies, swap_counts_distinct_neuron_patterns)
{
    nash_net *net = nash_net_create(4, 1, 1);
    int x = nash_net_act(net, nash_net_input_node(net), NASH_ACT_RELU);
    x = nash_net_gap(net, x);
    x = nash_net_linear(net, x, 2, 1);
    cr_assert_eq(nash_net_compile(net, 3), 0);
    nash_rng rng;
    nash_rng_seed(&rng, 1);
    nash_net_init_params(net, &rng);
    /* neuron patterns over the 3 samples: u0 110, u1 100, u2 010, u3 001 -> 4 distinct;
     * make u3 equal u1 to get 3 */
    float images[12] = {1, 1, -1, 1, 1, -1, 1, -1, -1, -1, -1, -1};
    int32_t labels[3] = {0, 1, 0};
    nash_proxy_data d = {.n = 3, .c = 4, .h = 1, .w = 1, .classes = 2, .images = images,
                         .labels = labels};
    nash_proxy_config cfg = nash_proxy_config_default();
    cfg.keep_params = 1;
    cfg.batch = 3;
    double swap = score_one(net, &cfg, &d, NASH_PROXY_SWAP);
    cr_assert_float_eq(swap, 3.0, 0, "swap %g", swap);
    nash_net_free(net);
}

Test(proxies, nn_degree_of_a_chain_and_a_residual_block)
{
    nash_net *net = linear_chain(4, 2);
    nash_proxy_config cfg = nash_proxy_config_default();
    double chain = score_one(net, &cfg, NULL, NASH_PROXY_NN_DEGREE); /* the macro evaluates twice */
    cr_assert_float_eq(chain, 1.0, 1e-12, "chain %g", chain);
    nash_net_free(net);
    /* x -> conv -> bn -> relu -> add(x) -> gap -> linear: vertices x, add, out; edges 3 */
    net = nash_net_create(3, 4, 4);
    int in = nash_net_input_node(net);
    int y = nash_net_conv(net, in, NASH_OP_CONV, 3, 3, 1, 1, 1, 0, NULL);
    y = nash_net_act(net, nash_net_bn(net, y, 1), NASH_ACT_RELU);
    y = nash_net_add(net, y, in);
    y = nash_net_linear(net, nash_net_gap(net, y), 2, 1);
    cr_assert(y > 0);
    double residual = score_one(net, &cfg, NULL, NASH_PROXY_NN_DEGREE);
    cr_assert_float_eq(residual, 2.0, 1e-12, "residual %g", residual);
    nash_net_free(net);
}

static const nash_space *space(const char *name)
{
    const nash_space *s = nash_space_find(name);
    cr_assert(s, "%s", nash_last_error());
    return s;
}

Test(proxies, params_and_flops_of_the_nb201_resnet_cell_are_exact)
{
    /* benchmarks/README.md: params = 72656 + 65 K + 243040 n3 + 28000 n1,
     * FLOPs = 7782400 + 65 K + 35389440 n3 + 3932160 n1 (32x32) */
    const char *resnet = "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|";
    nash_proxy_config cfg = nash_proxy_config_default();
    int ids[2] = {NASH_PROXY_PARAMS, NASH_PROXY_FLOPS};
    double s[2];
    nash_net *net = nash_space_build(space("nb201"), resnet, 3, 32, 32, 10);
    cr_assert(net, "%s", nash_last_error());
    cr_assert_eq(nash_proxies_score(net, &cfg, NULL, ids, 2, s), 0, "%s", nash_last_error());
    cr_assert_float_eq(s[0], (72656 + 650 + 2 * 243040) / 1e6, 1e-12, "params %.9g", s[0]);
    cr_assert_float_eq(s[1], (7782400 + 650 + 2 * 35389440.0) / 1e6, 1e-9, "flops %.9g", s[1]);
    nash_net_free(net);
}

/* random "images" for the data-driven proxies on 8x8 inputs */
static void fake_data(nash_proxy_data *d, float *img, int32_t *lab, int n)
{
    tu_fill_uniform(img, (int64_t)n * 3 * 8 * 8, 7, -2.0f, 2.0f);
    for (int i = 0; i < n; i++)
        lab[i] = i % 10;
    *d = (nash_proxy_data){.n = n, .c = 3, .h = 8, .w = 8, .classes = 10, .images = img,
                           .labels = lab};
}

Test(proxies, every_proxy_is_finite_and_deterministic_on_a_hybrid_cell)
{
    const char *arch = "|adder_conv_3x3~0|+|shift_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|avg_pool_3x3~1|nor_conv_1x1~2|";
    static float img[16 * 3 * 8 * 8];
    static int32_t lab[16];
    nash_proxy_data d;
    fake_data(&d, img, lab, 16);
    nash_proxy_config cfg = nash_proxy_config_default();
    cfg.batch = 8;
    cfg.nwot_batch = 16;
    cfg.zen_batch = 4;
    cfg.zen_repeats = 2;
    int ids[NASH_PROXY_COUNT];
    for (int i = 0; i < NASH_PROXY_COUNT; i++)
        ids[i] = i;
    double a[NASH_PROXY_COUNT], b[NASH_PROXY_COUNT];
    for (int run = 0; run < 2; run++) {
        nash_net *net = nash_space_build(space("hb201"), arch, 3, 8, 8, 10);
        cr_assert(net, "%s", nash_last_error());
        cr_assert_eq(nash_proxies_score(net, &cfg, &d, ids, NASH_PROXY_COUNT, run ? b : a), 0,
                     "%s", nash_last_error());
        nash_net_free(net);
    }
    for (int i = 0; i < NASH_PROXY_COUNT; i++) {
        /* SynFlow through an adder: -sum|x - |w|| < 0 on the all-ones input, the
         * ReLUs after it block every path, S = 0 and ln S is missing — a real
         * property of SynFlow on adder nets, which is why it is allowed here */
        if (i == NASH_PROXY_SYNFLOW && isnan(a[i])) {
            cr_assert(isnan(b[i]));
            continue;
        }
        cr_assert(isfinite(a[i]), "%s is %g", nash_proxy_names[i], a[i]);
        cr_assert_eq(a[i], b[i], "%s differs between two identical runs: %.17g vs %.17g",
                     nash_proxy_names[i], a[i], b[i]);
    }
}

Test(proxies, a_cell_whose_output_ignores_its_input_gives_missing_jacob_cov)
{
    const char *dead = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
    static float img[8 * 3 * 8 * 8];
    static int32_t lab[8];
    nash_proxy_data d;
    fake_data(&d, img, lab, 8);
    nash_proxy_config cfg = nash_proxy_config_default();
    cfg.batch = 8;
    int ids[2] = {NASH_PROXY_JACOB_COV, NASH_PROXY_SNIP};
    double s[2];
    nash_net *net = nash_space_build(space("nb201"), dead, 3, 8, 8, 10);
    cr_assert(net, "%s", nash_last_error());
    cr_assert_eq(nash_proxies_score(net, &cfg, &d, ids, 2, s), 0, "%s", nash_last_error());
    cr_assert(isnan(s[0]), "jacob_cov of a dead cell should be missing, got %g", s[0]);
    cr_assert(isfinite(s[1]), "snip should still be finite, got %g", s[1]);
    nash_net_free(net);
}

Test(proxies, unknown_names_and_short_data_are_errors)
{
    cr_assert_eq(nash_proxy_from_name("synflw"), -1);
    cr_assert(strstr(nash_last_error(), "synflw") && strstr(nash_last_error(), "synflow"),
              "%s", nash_last_error());
    static float img[4 * 3 * 8 * 8];
    static int32_t lab[4];
    nash_proxy_data d;
    fake_data(&d, img, lab, 4);
    nash_proxy_config cfg = nash_proxy_config_default();
    int id = NASH_PROXY_SNIP;
    double s;
    nash_net *net = nash_space_build(space("nb201"), "|skip_connect~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|", 3, 8, 8, 10);
    cr_assert_eq(nash_proxies_score(net, &cfg, &d, &id, 1, &s), -1);
    cr_assert(strstr(nash_last_error(), "need 64 images"), "%s", nash_last_error());
    nash_net_free(net);
}

Test(proxies, hybrid_is_nwot_plus_zico_on_a_conv_only_cell_and_differs_with_adders)
{
    static float img[16 * 3 * 8 * 8];
    static int32_t lab[16];
    nash_proxy_data d;
    fake_data(&d, img, lab, 16);
    nash_proxy_config cfg = nash_proxy_config_default();
    cfg.batch = 8;
    cfg.nwot_batch = 16;
    int ids[3] = {NASH_PROXY_NWOT, NASH_PROXY_ZICO, NASH_PROXY_HYBRID};
    double s[3];
    const char *conv = "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|skip_connect~0|none~1|nor_conv_3x3~2|";
    nash_net *net = nash_space_build(space("hb201"), conv, 3, 8, 8, 10);
    cr_assert_eq(nash_proxies_score(net, &cfg, &d, ids, 3, s), 0, "%s", nash_last_error());
    nash_net_free(net);
    cr_assert_float_eq(s[2], s[0] + s[1], 1e-9 * fabs(s[2]), "hybrid %.12g vs nwot + zico %.12g",
                       s[2], s[0] + s[1]);
    /* with adder edges the raw (unscaled) adder gradient changes the ZiCo term */
    const char *adder = "|adder_conv_3x3~0|+|skip_connect~0|adder_conv_1x1~1|+|skip_connect~0|none~1|adder_conv_3x3~2|";
    net = nash_space_build(space("hb201"), adder, 3, 8, 8, 10);
    cr_assert_eq(nash_proxies_score(net, &cfg, &d, ids, 3, s), 0, "%s", nash_last_error());
    nash_net_free(net);
    cr_assert(isfinite(s[2]), "hybrid %g", s[2]);
    cr_assert(fabs(s[2] - (s[0] + s[1])) > 1e-6 * fabs(s[2]),
              "adder nets: hybrid should use the raw adder gradient (got exactly nwot + zico)");
}

/* The skip plan (runtime/net_plan.c: ZERO, SKIP, PASS adds and ReLUs, DEFER
 * BNs) on cells whose `none` edges make nodes
 * exactly zero (node 1 below) or unread (node 2 when edge 2->3 is none): the
 * logits and every parameter gradient are bitwise those of the full graph, and
 * the plan does leave nodes out. The second cell puts an adder conv on the zero
 * node: adder(0) = -sum|w| != 0, so the plan must run it (a plan that treated it
 * as zero would change the logits). */
Test(proxies, skip_plan_leaves_out_zero_and_unread_nodes_and_changes_nothing)
{
    const char *cells[] = {
        "|none~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|none~1|none~2|",
        "|none~0|+|nor_conv_3x3~0|adder_conv_3x3~1|+|skip_connect~0|none~1|nor_conv_1x1~2|",
        "|nor_conv_1x1~0|+|none~0|avg_pool_3x3~1|+|nor_conv_3x3~0|none~1|none~2|"};
    static float img[8 * 3 * 8 * 8];
    static int32_t lab[8];
    nash_proxy_data d;
    fake_data(&d, img, lab, 8);
    for (int c = 0; c < 3; c++) {
        nash_net *net = nash_space_build(space("hb201"), cells[c], 3, 8, 8, 10);
        cr_assert(net, "%s", nash_last_error());
        cr_assert_eq(nash_net_compile(net, 8), 0, "%s", nash_last_error());
        nash_rng rng;
        nash_rng_seed(&rng, 3);
        nash_net_init_params(net, &rng);
        const int nodes = nash_net_node_count(net), params = nash_net_param_count(net);
        const int classes = 10;
        float logits[2][8 * 10];
        int64_t total = 0;
        for (int i = 0; i < params; i++)
            total += nash_net_param(net, i)->numel;
        float *grads[2] = {malloc((size_t)total * sizeof(float)),
                           malloc((size_t)total * sizeof(float))};
        unsigned char *observed = calloc((size_t)nodes, 1);
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) {
                int skipped = nash_net_plan_skips(net, observed);
                cr_assert(skipped > 0, "cell %d: the plan left nothing out (%d)", c, skipped);
                int passes = 0, act_passes = 0, deferred = 0;
                for (int i = 1; i < nodes; i++) {
                    if (nash_net_plan_mode(net, i) == NASH_PLAN_MODE_PASS) {
                        passes++;
                        act_passes += nash_net_node_kind(net, i) == NASH_NODE_ACT;
                    }
                    deferred += nash_net_plan_mode(net, i) == NASH_PLAN_MODE_DEFER;
                }
                /* cell 1's node 2 adds two conv edges: both BNs left to the add */
                if (c == 1)
                    cr_assert_geq(deferred, 2, "cell 1: %d BNs deferred to their add", deferred);
                /* each cell has an add with exactly one input fed by none edges;
                 * cell 2's node 0 feeds two conv edges, each with its own ReLU */
                cr_assert_gt(passes, act_passes, "cell %d: no add passes its live input through", c);
                if (c == 2)
                    cr_assert_gt(act_passes, 0, "cell 2: the second ReLU of node 0 still runs");
            }
            nash_nchw_to_blocked(8, 3, 8, 8, d.images, nash_net_input(net));
            nash_net_forward(net, 8, 1);
            memcpy(logits[pass], nash_net_output(net, nodes - 1), sizeof logits[pass]);
            double loss;
            int correct;
            cr_assert_eq(nash_net_loss_backward(net, 8, d.labels, 0.0f, &loss, &correct), 0,
                         "%s", nash_last_error());
            int64_t off = 0;
            for (int i = 0; i < params; i++) {
                nash_param *p = nash_net_param(net, i);
                memcpy(grads[pass] + off, p->grad, (size_t)p->numel * sizeof(float));
                off += p->numel;
            }
        }
        for (int i = 0; i < 8 * classes; i++)
            cr_assert_eq(logits[0][i], logits[1][i], "cell %d logit %d: %.9g vs %.9g", c, i,
                         logits[0][i], logits[1][i]);
        /* eval mode ignores a plan: with the plan (and its PASS adds) still
         * set, every node runs into its own buffer, as with no plan */
        float eval_logits[2][8 * 10];
        for (int k = 0; k < 2; k++) {
            if (k == 1)
                cr_assert_eq(nash_net_plan_skips(net, NULL), 0);
            nash_nchw_to_blocked(8, 3, 8, 8, d.images, nash_net_input(net));
            nash_net_forward(net, 8, 0);
            memcpy(eval_logits[k], nash_net_output(net, nodes - 1), sizeof eval_logits[k]);
        }
        for (int i = 0; i < 8 * classes; i++)
            cr_assert_eq(eval_logits[0][i], eval_logits[1][i], "cell %d eval logit %d", c, i);
        /* BN biases of zero-valued nodes are the documented exception (sum dy in
         * the full graph, 0 under a plan): compare weights, as the proxies read */
        int64_t off = 0;
        for (int i = 0; i < params; i++) {
            nash_param *p = nash_net_param(net, i);
            int bn = nash_net_node_kind(net, p->node) == NASH_NODE_BN;
            for (int64_t j = 0; j < p->numel && !bn; j++)
                cr_assert_eq(grads[0][off + j], grads[1][off + j], "cell %d %s[%lld]: %.9g vs %.9g",
                             c, p->name, (long long)j, grads[0][off + j], grads[1][off + j]);
            off += p->numel;
        }
        /* every node observed: nothing may be left out */
        memset(observed, 1, (size_t)nodes);
        cr_assert_eq(nash_net_plan_skips(net, observed), 0);
        cr_assert_eq(nash_net_plan_skips(net, NULL), 0);
        free(observed);
        free(grads[0]);
        free(grads[1]);
        nash_net_free(net);
    }
}

/* NASWOT on snip's forward pass (--nwot-batch equal to --batch) and the skip
 * plan (snip, grad_norm, Fisher, NASWOT, GraSP, ZiCo run under it) give
 * bitwise the scores of separate full passes. */
Test(proxies, nwot_sharing_snips_forward_and_the_skip_plan_give_the_same_scores)
{
    const char *cells[] = {
        "|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|+|skip_connect~0|none~1|none~2|",
        "|none~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|",
        "|shift_conv_3x3~0|+|none~0|adder_conv_1x1~1|+|nor_conv_3x3~0|none~1|skip_connect~2|"};
    static float img[16 * 3 * 8 * 8]; /* hybrid's ZiCo term reads two batches */
    static int32_t lab[16];
    nash_proxy_data d;
    fake_data(&d, img, lab, 16);
    enum { NP = 8 };
    int ids[NP] = {NASH_PROXY_NWOT,   NASH_PROXY_SNIP,  NASH_PROXY_GRAD_NORM, NASH_PROXY_FISHER,
                   NASH_PROXY_HYBRID, NASH_PROXY_GRASP, NASH_PROXY_ZICO,      NASH_PROXY_SYNFLOW};
    for (int c = 0; c < 3; c++) {
        double s[3][NP];
        for (int mode = 0; mode < 3; mode++) {
            nash_proxy_config cfg = nash_proxy_config_default();
            cfg.batch = 8;
            cfg.nwot_batch = 8;
            cfg.no_skip_plan = mode != 2;
            nash_net *net = nash_space_build(space("hb201"), cells[c], 3, 8, 8, 10);
            cr_assert(net, "%s", nash_last_error());
            if (mode == 0) { /* one proxy per call: NASWOT has its own forward */
                for (int p = 0; p < NP; p++) {
                    nash_net *one = p ? nash_space_build(space("hb201"), cells[c], 3, 8, 8, 10) : net;
                    s[mode][p] = score_one(one, &cfg, &d, ids[p]);
                    if (p)
                        nash_net_free(one);
                }
            } else {
                cr_assert_eq(nash_proxies_score(net, &cfg, &d, ids, NP, s[mode]), 0, "%s",
                             nash_last_error());
            }
            nash_net_free(net);
        }
        for (int p = 0; p < NP; p++) {
            if (ids[p] == NASH_PROXY_SYNFLOW && isnan(s[0][p]))
                continue; /* synflow through an adder: see every_proxy_is_finite... */
            cr_assert(isfinite(s[0][p]), "cell %d %s: %g", c, nash_proxy_names[ids[p]], s[0][p]);
            for (int mode = 1; mode < 3; mode++)
                cr_assert_eq(s[0][p], s[mode][p], "cell %d %s, mode %d: %.17g vs %.17g", c,
                             nash_proxy_names[ids[p]], mode, s[0][p], s[mode][p]);
        }
    }
}

/* hybrid_degree = (NND(G) + NND(G without adder edges)) / 2: on a hybrid cell
 * it is the mean of nn_degree of the cell and of the same cell with `none` in
 * place of every adder edge; on a conv-only cell it is nn_degree; a network
 * whose every path crosses an adder keeps half its degree. */
Test(proxies, hybrid_degree_averages_nn_degree_with_and_without_adder_edges)
{
    const char *hybrid = "|nor_conv_3x3~0|+|skip_connect~0|adder_conv_1x1~1|+|adder_conv_3x3~0|none~1|shift_conv_1x1~2|";
    const char *no_adder = "|nor_conv_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|shift_conv_1x1~2|";
    const char *conv = "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_3x3~0|none~1|shift_conv_1x1~2|";
    const char *all_adder = "|adder_conv_3x3~0|+|none~0|adder_conv_1x1~1|+|none~0|none~1|adder_conv_3x3~2|";
    nash_proxy_config cfg = nash_proxy_config_default();
    double v[4][2];
    const char *cells[4] = {hybrid, no_adder, conv, all_adder};
    for (int c = 0; c < 4; c++)
        for (int k = 0; k < 2; k++) {
            nash_net *net = nash_space_build(space("hb201"), cells[c], 3, 8, 8, 10);
            cr_assert(net, "%s", nash_last_error());
            v[c][k] = score_one(net, &cfg, NULL, k ? NASH_PROXY_HYBRID_DEGREE : NASH_PROXY_NN_DEGREE);
            nash_net_free(net);
        }
    cr_assert(v[0][0] != v[1][0], "the adder edges should change nn_degree (%g)", v[0][0]);
    cr_assert_float_eq(v[0][1], 0.5 * (v[0][0] + v[1][0]), 1e-12, "%.12g vs (%.12g + %.12g) / 2",
                       v[0][1], v[0][0], v[1][0]);
    cr_assert_eq(v[1][1], v[1][0]);
    cr_assert_eq(v[2][1], v[2][0]);
    cr_assert_float_eq(v[3][1], 0.5 * v[3][0], 1e-12, "%.12g vs %.12g / 2", v[3][1], v[3][0]);
}
