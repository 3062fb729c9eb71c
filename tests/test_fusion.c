/*
 * test_fusion.c — BN + ReLU and residual add + ReLU fused into one pass
 * (nash_net_set_fusion) give exactly the values of the separate nodes.
 *
 * Checks, bit for bit: every BN variant with a fused ReLU / ReLU6 against the
 * same variant followed by the separate activation (forward_train,
 * forward_eval, backward incl. dgamma / dbeta); add_act against add + act;
 * whole networks (ResNet-20 conv and adder, a NASA hybrid, a hand-built net
 * with ReLU6 and BN read twice) trained for three SGD steps with fusion on and
 * off: the same loss, logits and parameters, and the fused nodes counted.
 */
#include <math.h>
#include <string.h>

#include "nash_nas.h"
#include "proxies.h"
#include "nash_runtime.h"
#include "test_util.h"

static int bits_equal(const float *a, const float *b, int64_t n, int64_t *where)
{
    for (int64_t i = 0; i < n; i++)
        if (memcmp(&a[i], &b[i], sizeof(float)) != 0) {
            *where = i;
            return 0;
        }
    return 1;
}

Test(fusion, bn_with_fused_act_equals_bn_then_act)
{
    const nash_eltwise_impl *elt = nash_eltwise_pick();
    nash_act acts[2] = {NASH_ACT_RELU, NASH_ACT_RELU6};
    for (int impl = 0; nash_bn_impls[impl]; impl++)
        for (int a = 0; a < 2; a++)
            for (int t = 0; t < 6; t++) {
                const nash_bn_impl *bn = nash_bn_impls[impl];
                nash_bn_desc d = {.n = 1 + t % 3, .c = 5 + 13 * t, .h = 3 + t, .w = 2 + t % 4,
                                  .eps = 1e-5f};
                int64_t size = nash_blocked_size(d.n, d.c, d.h, d.w);
                float *x = tu_alloc(size), *dy = tu_alloc(size), *y0 = tu_alloc(size),
                      *y1 = tu_alloc(size), *g = tu_alloc(size), *dx0 = tu_alloc(size),
                      *dx1 = tu_alloc(size);
                float *gamma = tu_alloc(d.c), *beta = tu_alloc(d.c);
                float *st[10];
                for (int i = 0; i < 10; i++)
                    st[i] = tu_alloc(d.c);
                tu_fill_uniform(x, size, 10 + t, -3, 3);
                tu_fill_uniform(dy, size, 20 + t, -1, 1);
                tu_fill_uniform(gamma, d.c, 30 + t, 0.5f, 3.0f); /* ReLU6 clips some */
                tu_fill_uniform(beta, d.c, 40 + t, -1, 4);
                tu_zero_pad_lanes(x, d.n, d.c, d.h, d.w);
                tu_zero_pad_lanes(dy, d.n, d.c, d.h, d.w);
                char what[96];
                snprintf(what, sizeof what, "%s %s n%d c%d h%d w%d", bn->name,
                         nash_act_names[acts[a]], d.n, d.c, d.h, d.w);

                /* unfused: BN, then the activation node's forward and backward */
                bn->forward_train(&d, x, gamma, beta, y0, st[0], st[1], st[2]);
                int64_t zeros = 0, clipped = 0;
                for (int64_t i = 0; i < size; i++) {
                    zeros += y0[i] < 0.0f;
                    clipped += y0[i] > 6.0f;
                }
                cr_assert(zeros > 0, "%s: no negative BN output to mask", what);
                elt->act_backward(acts[a], size, y0, dy, g);
                elt->act_forward(acts[a], size, y0, y0);
                bn->backward(&d, x, g, gamma, beta, st[0], st[2], dx0, st[3], st[4]);

                nash_bn_desc f = d;
                f.act = acts[a];
                bn->forward_train(&f, x, gamma, beta, y1, st[5], st[6], st[7]);
                bn->backward(&f, x, dy, gamma, beta, st[5], st[7], dx1, st[8], st[9]);
                int64_t at = -1;
                cr_assert(bits_equal(y0, y1, size, &at), "%s: y differs at %lld (%g vs %g)", what,
                          (long long)at, y0[at], y1[at]);
                for (int s = 0; s < 3; s++)
                    cr_assert(bits_equal(st[s], st[5 + s], d.c, &at), "%s: statistic %d", what, s);
                cr_assert(bits_equal(dx0, dx1, size, &at), "%s: dx differs at %lld (%g vs %g)",
                          what, (long long)at, dx0[at], dx1[at]);
                cr_assert(bits_equal(st[3], st[8], d.c, &at), "%s: dgamma", what);
                cr_assert(bits_equal(st[4], st[9], d.c, &at), "%s: dbeta", what);
                if (acts[a] == NASH_ACT_RELU6 && t > 0)
                    cr_assert(clipped > 0, "%s: nothing above 6 to clip", what);

                /* eval with the batch statistics as running statistics */
                bn->forward_eval(&d, x, gamma, beta, st[0], st[1], y0);
                elt->act_forward(acts[a], size, y0, y0);
                bn->forward_eval(&f, x, gamma, beta, st[0], st[1], y1);
                cr_assert(bits_equal(y0, y1, size, &at), "%s: eval y differs at %lld", what,
                          (long long)at);
                free(x), free(dy), free(y0), free(y1), free(g), free(dx0), free(dx1);
                free(gamma), free(beta);
                for (int i = 0; i < 10; i++)
                    free(st[i]);
            }
}

Test(fusion, add_act_equals_add_then_act)
{
    const int64_t n = 70001; /* above the OpenMP threshold, odd */
    float *a = tu_alloc(n), *b = tu_alloc(n), *dy = tu_alloc(n), *y0 = tu_alloc(n),
          *y1 = tu_alloc(n), *g0 = tu_alloc(n), *g1 = tu_alloc(n), *h1 = tu_alloc(n);
    tu_fill_uniform(a, n, 1, -5, 6);
    tu_fill_uniform(b, n, 2, -2, 4);
    tu_fill_uniform(dy, n, 3, -1, 1);
    nash_act acts[2] = {NASH_ACT_RELU, NASH_ACT_RELU6};
    for (int impl = 0; nash_eltwise_impls[impl]; impl++)
        for (int k = 0; k < 2; k++) {
            const nash_eltwise_impl *elt = nash_eltwise_impls[impl];
            int64_t at = -1;
            elt->add(n, a, b, y0);
            elt->act_backward(acts[k], n, y0, dy, g0);
            elt->act_forward(acts[k], n, y0, y0);
            elt->add_act(acts[k], n, a, b, y1);
            cr_assert(bits_equal(y0, y1, n, &at), "%s %s: y at %lld", elt->name,
                      nash_act_names[acts[k]], (long long)at);
            elt->add_act_backward(acts[k], n, y1, dy, g1, h1);
            cr_assert(bits_equal(g0, g1, n, &at) && bits_equal(g0, h1, n, &at),
                      "%s %s: gradient at %lld", elt->name, nash_act_names[acts[k]],
                      (long long)at);
            tu_fill_nan(h1, n);
            elt->add_act_backward(acts[k], n, y1, dy, NULL, h1);
            cr_assert(bits_equal(g0, h1, n, &at), "%s: one output only", elt->name);
        }
    free(a), free(b), free(dy), free(y0), free(y1), free(g0), free(g1), free(h1);
}

/* Trains `net` for 3 SGD steps on a fixed batch; returns the losses' sum. */
static double three_steps(nash_net *net, int n, int c, int hw, int classes, float *logits)
{
    nash_rng rng;
    nash_rng_seed(&rng, 5);
    nash_net_init_params(net, &rng);
    int64_t floats = (int64_t)n * c * hw * hw;
    float *plain = tu_alloc(floats);
    int32_t labels[8];
    for (int64_t i = 0; i < floats; i++)
        plain[i] = nash_rng_normal(&rng);
    for (int i = 0; i < n; i++)
        labels[i] = (int32_t)nash_rng_below(&rng, (uint32_t)classes);
    nash_optim *opt = nash_optim_create(net, &(nash_optim_config){
        .kind = NASH_OPTIM_SGD, .lr = 0.1f, .momentum = 0.9f, .weight_decay = 5e-4f});
    cr_assert(opt, "%s", nash_last_error());
    double total = 0.0;
    for (int step = 0; step < 3; step++) {
        nash_nchw_to_blocked(n, c, hw, hw, plain, nash_net_input(net));
        nash_net_forward(net, n, 1);
        double loss;
        cr_assert_eq(nash_net_loss_backward(net, n, labels, 0.1f, &loss, NULL), 0, "%s",
                     nash_last_error());
        total += loss;
        nash_optim_step(opt, 0.1f);
    }
    nash_nchw_to_blocked(n, c, hw, hw, plain, nash_net_input(net));
    nash_net_forward(net, n, 0);
    memcpy(logits, nash_net_output(net, nash_net_node_count(net) - 1),
           sizeof(float) * (size_t)n * classes);
    nash_optim_free(opt);
    free(plain);
    return total;
}

static int count_fused(const nash_net *net)
{
    int k = 0;
    for (int i = 0; i < nash_net_node_count(net); i++)
        k += nash_net_node_fused(net, i);
    return k;
}

static void compare_fused_unfused(nash_net *plain, nash_net *fused, const char *what, int n,
                                  int c, int hw, int classes, int expect_fused)
{
    cr_assert_eq(nash_net_set_fusion(fused, 1), 0);
    cr_assert_eq(nash_net_compile(plain, n), 0, "%s", nash_last_error());
    cr_assert_eq(nash_net_compile(fused, n), 0, "%s", nash_last_error());
    cr_assert_eq(count_fused(plain), 0);
    cr_assert_eq(count_fused(fused), expect_fused, "%s: %d act nodes fused", what,
                 count_fused(fused));
    /* (the arena is rounded to whole huge pages, so a tiny net may not show the saving) */
    cr_assert_leq(nash_net_arena_bytes(fused), nash_net_arena_bytes(plain), "%s: more memory",
                  what);
    float l0[8 * 10], l1[8 * 10];
    double a = three_steps(plain, n, c, hw, classes, l0);
    double b = three_steps(fused, n, c, hw, classes, l1);
    cr_assert(a == b, "%s: loss %.17g unfused, %.17g fused", what, a, b);
    int64_t at = -1;
    cr_assert(bits_equal(l0, l1, (int64_t)n * classes, &at), "%s: eval logits at %lld", what,
              (long long)at);
    for (int i = 0; i < nash_net_param_count(plain); i++) {
        nash_param *p = nash_net_param(plain, i), *q = nash_net_param(fused, i);
        cr_assert(bits_equal(p->data, q->data, p->numel, &at), "%s: %s differs at %lld", what,
                  p->name, (long long)at);
    }
    nash_net_free(plain);
    nash_net_free(fused);
}

static void compare_arch(const char *text, int expect_fused)
{
    nash_arch arch;
    cr_assert_eq(nash_arch_parse(text, &arch), 0, "%s", nash_last_error());
    nash_net *plain = nash_arch_build(&arch, 3, 8, 8, 10);
    nash_net *fused = nash_arch_build(&arch, 3, 8, 8, 10);
    cr_assert(plain && fused, "%s", nash_last_error());
    compare_fused_unfused(plain, fused, text, 4, 3, 8, 10, expect_fused);
}

Test(fusion, resnet20_conv_trains_identically_fused)
{
    /* stem BN+ReLU, 9 blocks x (BN+ReLU, add+ReLU) */
    compare_arch("resnet20", 19);
}

Test(fusion, resnet20_adder_trains_identically_fused)
{
    compare_arch("resnet20-adder", 19);
}

Test(fusion, nasa_hybrid_trains_identically_fused)
{
    /* the count is whatever the space builds; the values must not change */
    nash_arch arch;
    const char *text = "nasa:conv_k5_e3,conv_k5_e6,conv_k3_e1,shift_k3_e3,adder_k3_e3,skip,"
                       "shift_k3_e6,shift_k5_e3,adder_k5_e3,adder_k5_e6,conv_k3_e6,conv_k3_e3,"
                       "conv_k3_e6,adder_k3_e1,shift_k5_e1,conv_k5_e6,adder_k3_e3,conv_k5_e1,"
                       "shift_k5_e3,conv_k3_e1,conv_k3_e6,conv_k5_e1";
    cr_assert_eq(nash_arch_parse(text, &arch), 0, "%s", nash_last_error());
    nash_net *probe = nash_arch_build(&arch, 3, 8, 8, 10);
    cr_assert(probe);
    cr_assert_eq(nash_net_set_fusion(probe, 1), 0);
    cr_assert_eq(nash_net_compile(probe, 1), 0);
    int fused = count_fused(probe);
    nash_net_free(probe);
    cr_assert_gt(fused, 10, "only %d act nodes fused in a NASA net", fused);
    compare_arch(text, fused);
}

/* ReLU6 after BN; a BN read by two nodes (not fused); an add + ReLU6. */
static nash_net *relu6_net(void)
{
    nash_net *net = nash_net_create(3, 6, 6);
    int x = nash_net_conv(net, 0, NASH_OP_CONV, 20, 3, 1, 1, 1, 0, NULL);
    x = nash_net_bn(net, x, 1);
    x = nash_net_act(net, x, NASH_ACT_RELU6);                          /* fused */
    int y = nash_net_conv(net, x, NASH_OP_SHIFT_Q, 20, 3, 1, 1, 1, 0, NULL);
    int bn = nash_net_bn(net, y, 1);
    int r = nash_net_act(net, bn, NASH_ACT_RELU);                       /* BN read twice: not */
    int s = nash_net_add(net, r, bn);
    s = nash_net_act(net, s, NASH_ACT_RELU6);                           /* fused */
    s = nash_net_add(net, s, x);
    s = nash_net_act(net, s, NASH_ACT_SWISH);                           /* swish: not */
    s = nash_net_gap(net, s);
    s = nash_net_linear(net, s, 10, 1);
    cr_assert(s > 0, "%s", nash_last_error());
    return net;
}

Test(fusion, relu6_and_shared_bn_train_identically_fused)
{
    compare_fused_unfused(relu6_net(), relu6_net(), "relu6 net", 8, 3, 6, 10, 2);
}

/* Proxies read every node's own output: a fused network is refused, not scored wrong. */
Test(fusion, proxies_refuse_a_fused_network)
{
    nash_net *net = relu6_net();
    cr_assert_eq(nash_net_set_fusion(net, 1), 0);
    cr_assert_eq(nash_net_compile(net, 2), 0); /* refused before any parameter is read */
    nash_proxy_config cfg = nash_proxy_config_default();
    cfg.keep_params = 1;
    int proxy = NASH_PROXY_SYNFLOW;
    double value;
    cr_assert_lt(nash_proxies_score(net, &cfg, NULL, &proxy, 1, &value), 0);
    cr_assert(strstr(nash_last_error(), "fused"), "%s", nash_last_error());
    nash_net_free(net);
}

Test(fusion, set_after_compile_is_refused)
{
    nash_net *net = relu6_net();
    cr_assert_eq(nash_net_compile(net, 2), 0);
    cr_assert_lt(nash_net_set_fusion(net, 1), 0);
    cr_assert(strstr(nash_last_error(), "already compiled"), "%s", nash_last_error());
    nash_net_free(net);
}
