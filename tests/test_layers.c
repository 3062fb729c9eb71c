/*
 * test_layers.c — every runtime layer whose backward is the true derivative is
 * checked against finite differences; the layers whose backward is a defined
 * rule (adder, shift) are checked against that rule exactly.
 *
 * Method (finite differences): the layer under test sits in a probe network
 *     input -> identity act (node p) -> LAYER -> [gap] -> linear(K=3)
 * and the scalar L = sum(r * logits) with a fixed random r is differentiated
 * in double precision along random directions v (central differences):
 *     (L(theta + h v) - L(theta - h v)) / 2h  ~=  <dL/dtheta, v>
 * for the input (dL/dx is the gradient of node p) and for every parameter.
 * Dropout's mask is held fixed by restoring the network RNG before each pass.
 */
#include <math.h>

#include "nash_runtime.h"
#include "test_util.h"

#define PROBE_K 3

typedef struct probe {
    nash_net *net;
    int p;          /* identity node whose gradient is dL/dinput */
    int layer;      /* the node under test */
    int n, c, h, w; /* input */
    float *r;       /* output weights of L */
    nash_rng rng0;  /* network RNG at the start of each pass */
} probe;

typedef int (*layer_builder)(nash_net *net, int in);

static probe make_probe(int n, int c, int h, int w, layer_builder build, uint64_t seed)
{
    probe pr = {.n = n, .c = c, .h = h, .w = w};
    pr.net = nash_net_create(c, h, w);
    cr_assert(pr.net, "%s", nash_last_error());
    pr.p = nash_net_act(pr.net, 0, NASH_ACT_NONE);
    pr.layer = build(pr.net, pr.p);
    cr_assert(pr.layer > 0, "building the layer failed: %s", nash_last_error());
    int x = pr.layer;
    if (!nash_net_node_shape(pr.net, x).flat)
        x = nash_net_gap(pr.net, x);
    x = nash_net_linear(pr.net, x, PROBE_K, 1);
    cr_assert(x > 0, "%s", nash_last_error());
    cr_assert_eq(nash_net_compile(pr.net, n), 0, "%s", nash_last_error());
    nash_rng rng;
    nash_rng_seed(&rng, seed);
    nash_net_init_params(pr.net, &rng);
    pr.rng0 = *nash_net_rng(pr.net);
    /* input: uniform [-1, 1) in the real channels, pad lanes zero */
    float *in = nash_net_input(pr.net);
    tu_fill_uniform(in, nash_blocked_size(n, c, h, w), seed + 1, -1.0f, 1.0f);
    tu_zero_pad_lanes(in, n, c, h, w);
    pr.r = tu_alloc(n * PROBE_K);
    tu_fill_uniform(pr.r, n * PROBE_K, seed + 2, -1.0f, 1.0f);
    return pr;
}

static double probe_loss(probe *pr)
{
    *nash_net_rng(pr->net) = pr->rng0;
    nash_net_forward(pr->net, pr->n, 1);
    const float *y = nash_net_output(pr->net, nash_net_node_count(pr->net) - 1);
    double l = 0.0;
    for (int i = 0; i < pr->n * PROBE_K; i++)
        l += (double)pr->r[i] * y[i];
    return l;
}

static void probe_backward(probe *pr)
{
    probe_loss(pr);
    int out = nash_net_node_count(pr->net) - 1;
    memcpy(nash_net_grad(pr->net, out), pr->r, sizeof(float) * pr->n * PROBE_K);
    nash_net_backward(pr->net, pr->n);
}

/* Directional derivative of L along v at data (in place), by central differences. */
static double fd_along(probe *pr, float *data, const float *v, int64_t count, double h)
{
    float *saved = tu_alloc(count);
    memcpy(saved, data, sizeof(float) * count);
    for (int64_t i = 0; i < count; i++)
        data[i] = saved[i] + (float)(h * v[i]);
    double lp = probe_loss(pr);
    for (int64_t i = 0; i < count; i++)
        data[i] = saved[i] - (float)(h * v[i]);
    double lm = probe_loss(pr);
    memcpy(data, saved, sizeof(float) * count);
    free(saved);
    return (lp - lm) / (2.0 * h);
}

/* l1 = sum |g_i v_i|: the size of the terms of the directional derivative, so that
 * cancellation in the sum does not make the tolerance meaninglessly tight. */
static void check_close(const char *what, double analytic, double numeric, double l1, double rtol)
{
    double scale = fmax(fmax(fmax(fabs(analytic), fabs(numeric)), l1), 1e-6);
    cr_expect(fabs(analytic - numeric) <= rtol * scale,
              "%s: analytic %.6g vs finite difference %.6g (rel err %.3g > %.3g)", what, analytic,
              numeric, fabs(analytic - numeric) / scale, rtol);
}

/* Checks dL/dinput and dL/dparam along 3 random directions each. */
static void fd_check_probe(probe *pr, const char *name, double h, double rtol)
{
    probe_backward(pr);
    int64_t in_count = nash_blocked_size(pr->n, pr->c, pr->h, pr->w);
    float *dx = tu_alloc(in_count);
    memcpy(dx, nash_net_grad(pr->net, pr->p), sizeof(float) * in_count);
    int np = nash_net_param_count(pr->net);
    float **dparam = calloc((size_t)np, sizeof *dparam);
    for (int i = 0; i < np; i++) {
        nash_param *p = nash_net_param(pr->net, i);
        dparam[i] = tu_alloc(p->numel);
        memcpy(dparam[i], p->grad, sizeof(float) * p->numel);
    }
    for (int dir = 0; dir < 3; dir++) {
        float *v = tu_alloc(in_count);
        tu_fill_uniform(v, in_count, 100 + dir, -1.0f, 1.0f);
        tu_zero_pad_lanes(v, pr->n, pr->c, pr->h, pr->w);
        double an = 0.0, l1 = 0.0;
        for (int64_t i = 0; i < in_count; i++) {
            an += (double)dx[i] * v[i];
            l1 += fabs((double)dx[i] * v[i]);
        }
        double num = fd_along(pr, nash_net_input(pr->net), v, in_count, h);
        char what[96];
        snprintf(what, sizeof what, "%s dL/dx direction %d", name, dir);
        check_close(what, an, num, l1, rtol);
        free(v);
        for (int i = 0; i < np; i++) {
            nash_param *p = nash_net_param(pr->net, i);
            float *pv = tu_alloc(p->numel);
            tu_fill_uniform(pv, p->numel, 200 + dir * 31 + i, -1.0f, 1.0f);
            double pan = 0.0, pl1 = 0.0;
            for (int64_t j = 0; j < p->numel; j++) {
                pan += (double)dparam[i][j] * pv[j];
                pl1 += fabs((double)dparam[i][j] * pv[j]);
            }
            double pnum = fd_along(pr, p->data, pv, p->numel, h);
            snprintf(what, sizeof what, "%s dL/d%s direction %d", name, p->name, dir);
            check_close(what, pan, pnum, pl1, rtol);
            free(pv);
        }
    }
    for (int i = 0; i < np; i++)
        free(dparam[i]);
    free(dparam);
    free(dx);
}

static void free_probe(probe *pr)
{
    nash_net_free(pr->net);
    free(pr->r);
}

/* ------------------------------------------------------------------------- */
/* conv2d: several kernel sizes, strides, padding, groups, depthwise, bias     */

static int cv_k, cv_s, cv_p, cv_g, cv_oc, cv_bias;
static int build_conv(nash_net *net, int in)
{
    return nash_net_conv(net, in, NASH_OP_CONV, cv_oc, cv_k, cv_s, cv_p, cv_g, cv_bias, NULL);
}

Test(layers, conv2d_finite_differences)
{
    const struct { int c, hw, oc, k, s, p, g, bias; } cases[] = {
        {3, 7, 5, 3, 1, 1, 1, 1},   {4, 8, 6, 1, 1, 0, 1, 0},  {3, 9, 4, 5, 2, 2, 1, 1},
        {2, 9, 3, 7, 1, 3, 1, 0},   {4, 6, 4, 3, 2, 1, 2, 1},  {17, 5, 17, 3, 1, 1, 17, 0},
        {18, 6, 18, 5, 2, 2, 18, 1}, {20, 5, 33, 3, 1, 0, 1, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cv_k = cases[i].k, cv_s = cases[i].s, cv_p = cases[i].p, cv_g = cases[i].g;
        cv_oc = cases[i].oc, cv_bias = cases[i].bias;
        probe pr = make_probe(2, cases[i].c, cases[i].hw, cases[i].hw, build_conv, 10 + i);
        char name[64];
        snprintf(name, sizeof name, "conv c%d k%d s%d p%d g%d", cases[i].c, cv_k, cv_s, cv_p, cv_g);
        fd_check_probe(&pr, name, 1e-2, 2e-3);
        free_probe(&pr);
    }
}

/* ------------------------------------------------------------------------- */
/* batch norm (train mode), affine on and off                                 */

static int bn_affine;
static int build_bn(nash_net *net, int in) { return nash_net_bn(net, in, bn_affine); }

Test(layers, batchnorm_finite_differences)
{
    for (bn_affine = 0; bn_affine <= 1; bn_affine++) {
        probe pr = make_probe(3, 19, 4, 3, build_bn, 40 + bn_affine);
        fd_check_probe(&pr, bn_affine ? "bn affine" : "bn plain", 1e-2, 5e-3);
        free_probe(&pr);
    }
}

/* ------------------------------------------------------------------------- */
/* activations                                                                */

static nash_act act_kind;
static int build_act(nash_net *net, int in) { return nash_net_act(net, in, act_kind); }

Test(layers, activation_finite_differences)
{
    for (act_kind = NASH_ACT_NONE; act_kind < NASH_ACT_COUNT; act_kind++) {
        probe pr = make_probe(2, 18, 5, 5, build_act, 50 + act_kind);
        if (act_kind == NASH_ACT_RELU6) { /* spread inputs over [-8, 8) to cross both kinks */
            float *in = nash_net_input(pr.net);
            for (int64_t i = 0; i < nash_blocked_size(2, 18, 5, 5); i++)
                in[i] *= 8.0f;
        }
        char name[32];
        snprintf(name, sizeof name, "act %s", nash_act_names[act_kind]);
        fd_check_probe(&pr, name, 1e-3, 5e-3);
        free_probe(&pr);
    }
}

/* ------------------------------------------------------------------------- */
/* pooling                                                                    */

static int pool_kind, pool_k, pool_s, pool_p, pool_cip;
static int build_pool(nash_net *net, int in)
{
    if (pool_kind == 0)
        return nash_net_maxpool(net, in, pool_k, pool_s, pool_p);
    return nash_net_avgpool(net, in, pool_k, pool_s, pool_p, pool_cip);
}

Test(layers, pooling_finite_differences)
{
    const struct { int kind, k, s, p, cip; } cases[] = {
        {0, 2, 2, 0, 1}, {0, 3, 2, 1, 1}, {0, 3, 1, 1, 1},
        {1, 3, 1, 1, 0}, {1, 3, 1, 1, 1}, {1, 2, 2, 0, 1}, {1, 3, 2, 1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pool_kind = cases[i].kind, pool_k = cases[i].k, pool_s = cases[i].s;
        pool_p = cases[i].p, pool_cip = cases[i].cip;
        probe pr = make_probe(2, 17, 7, 6, build_pool, 60 + i);
        char name[64];
        snprintf(name, sizeof name, "%s k%d s%d p%d cip%d", pool_kind ? "avgpool" : "maxpool",
                 pool_k, pool_s, pool_p, pool_cip);
        fd_check_probe(&pr, name, 1e-3, 5e-3);
        free_probe(&pr);
    }
}

/* ------------------------------------------------------------------------- */
/* linear after global average pooling, dropout, residual add, shortcut       */

static int build_gap_linear(nash_net *net, int in)
{
    int g = nash_net_gap(net, in);
    return g < 0 ? g : nash_net_linear(net, g, 7, 1);
}

static int build_dropout(nash_net *net, int in) { return nash_net_dropout(net, in, 0.3f); }

static int build_residual(nash_net *net, int in)
{
    /* two branches that meet again, and one node read twice */
    int a = nash_net_conv(net, in, NASH_OP_CONV, 5, 3, 1, 1, 1, 0, NULL);
    int b = nash_net_act(net, in, NASH_ACT_SWISH);
    if (a < 0 || b < 0)
        return -1;
    int s = nash_net_conv(net, b, NASH_OP_CONV, 5, 1, 1, 0, 1, 1, NULL);
    int sum = nash_net_add(net, a, s);
    return sum < 0 ? sum : nash_net_add(net, sum, sum);
}

static int build_shortcut(nash_net *net, int in) { return nash_net_shortcut_a(net, in, 12, 2); }

Test(layers, linear_dropout_add_shortcut_finite_differences)
{
    probe pr = make_probe(3, 10, 3, 3, build_gap_linear, 70);
    fd_check_probe(&pr, "gap+linear", 1e-2, 2e-3);
    free_probe(&pr);
    pr = make_probe(2, 17, 4, 4, build_dropout, 71);
    fd_check_probe(&pr, "dropout", 1e-2, 2e-3);
    free_probe(&pr);
    pr = make_probe(2, 3, 6, 6, build_residual, 72);
    fd_check_probe(&pr, "residual", 1e-2, 3e-3);
    free_probe(&pr);
    pr = make_probe(2, 6, 7, 7, build_shortcut, 73);
    fd_check_probe(&pr, "shortcut_a", 1e-2, 2e-3);
    free_probe(&pr);
}

/* ------------------------------------------------------------------------- */
/* softmax cross-entropy with label smoothing: nash_net_loss_backward vs FD   */

Test(layers, softmax_cross_entropy_finite_differences)
{
    probe pr = make_probe(4, 6, 3, 3, build_gap_linear, 80);
    int32_t labels[4] = {0, 2, 1, 2}; /* the probe ends in PROBE_K = 3 classes */
    for (int smooth = 0; smooth <= 1; smooth++) {
        float s = smooth ? 0.1f : 0.0f;
        nash_net_forward(pr.net, 4, 1);
        double loss;
        int correct;
        cr_assert_eq(nash_net_loss_backward(pr.net, 4, labels, s, &loss, &correct), 0, "%s",
                     nash_last_error());
        int64_t count = nash_blocked_size(4, 6, 3, 3);
        float *dx = tu_alloc(count), *v = tu_alloc(count);
        memcpy(dx, nash_net_grad(pr.net, pr.p), sizeof(float) * count);
        tu_fill_uniform(v, count, 81, -1.0f, 1.0f);
        tu_zero_pad_lanes(v, 4, 6, 3, 3);
        double an = 0.0, l1 = 0.0;
        for (int64_t i = 0; i < count; i++) {
            an += (double)dx[i] * v[i];
            l1 += fabs((double)dx[i] * v[i]);
        }
        float *x = nash_net_input(pr.net);
        float *saved = tu_alloc(count);
        memcpy(saved, x, sizeof(float) * count);
        double h = 1e-2, l[2];
        for (int sgn = 0; sgn < 2; sgn++) {
            for (int64_t i = 0; i < count; i++)
                x[i] = saved[i] + (float)((sgn ? -h : h) * v[i]);
            nash_net_forward(pr.net, 4, 1);
            l[sgn] = nash_net_loss(pr.net, 4, labels, s, NULL);
        }
        memcpy(x, saved, sizeof(float) * count);
        check_close(smooth ? "xent smoothing 0.1" : "xent", an, (l[0] - l[1]) / (2 * h), l1, 2e-3);
        free(dx), free(v), free(saved);
    }
    free_probe(&pr);
}

/* ------------------------------------------------------------------------- */
/* adder and shift: backward equals the defined rule                          */

static nash_op rule_op;
static nash_conv_options rule_opt;
static int build_rule(nash_net *net, int in)
{
    return nash_net_conv(net, in, rule_op, 6, 3, 1, 1, 1, 0, &rule_opt);
}

/* The layer's input, output gradient and weights after one backward of a probe. */
typedef struct rule_run {
    probe pr;
    nash_conv_desc d;
    const float *x, *dy, *dx;
    nash_param *w;
} rule_run;

static rule_run run_rule(nash_op op, const nash_conv_options *opt, uint64_t seed)
{
    rule_run rr;
    rule_op = op;
    rule_opt = opt ? *opt : (nash_conv_options){0};
    rr.pr = make_probe(2, 5, 6, 6, build_rule, seed);
    probe_backward(&rr.pr);
    cr_assert_eq(nash_conv_desc_init(&rr.d, 2, 5, 6, 6, 6, 3, 3, 1, 1, 1), 0);
    rr.x = nash_net_output(rr.pr.net, rr.pr.p);
    rr.dy = nash_net_grad(rr.pr.net, rr.pr.layer);
    rr.dx = nash_net_grad(rr.pr.net, rr.pr.p);
    rr.w = nash_net_param(rr.pr.net, 0);
    return rr;
}

static const nash_conv_impl *ref_of(const nash_conv_impl *const *table)
{
    const nash_conv_impl *last = NULL;
    for (int i = 0; table[i]; i++)
        last = table[i];
    cr_assert(last && strcmp(last->name, "ref") == 0, "table must end with ref");
    return last;
}

Test(layers, adder_backward_follows_addernet_rule)
{
    rule_run rr = run_rule(NASH_OP_ADDER, NULL, 90);
    const nash_conv_impl *ref = ref_of(nash_adder_impls);
    int64_t xn = nash_blocked_size(2, 5, 6, 6), wn = rr.w->numel;
    float *y = tu_alloc(nash_blocked_size(2, 6, 6, 6));
    float *dx = tu_alloc(xn), *dw = tu_alloc(wn);
    /* forward: -sum |x - w| */
    ref->forward(&rr.d, rr.x, rr.w->data, NULL, y, NULL);
    cr_expect_lt(tu_rel_err(y, nash_net_output(rr.pr.net, rr.pr.layer), nash_blocked_size(2, 6, 6, 6),
                            1e-6, NULL), 1e-5, "adder forward differs from the reference kernel");
    /* grad_X = HardTanh(w - x) * dy, padded taps dropped */
    ref->backward_data(&rr.d, rr.x, rr.w->data, rr.dy, dx, NULL);
    cr_expect_lt(tu_rel_err(dx, rr.dx, xn, 1e-6, NULL), 1e-5, "adder grad_X is not HardTanh rule");
    /* grad_W = eta * sqrt(k) * (x - w) dy / ||(x - w) dy||, eta = 0.2 */
    ref->backward_weights(&rr.d, rr.x, rr.w->data, rr.dy, dw, NULL, NULL);
    double norm = 0.0, got_norm = 0.0;
    for (int64_t i = 0; i < wn; i++)
        norm += (double)dw[i] * dw[i];
    norm = sqrt(norm);
    for (int64_t i = 0; i < wn; i++) {
        dw[i] = (float)(0.2 * sqrt((double)wn) * dw[i] / norm);
        got_norm += (double)rr.w->grad[i] * rr.w->grad[i];
    }
    cr_expect_lt(tu_rel_err(dw, rr.w->grad, wn, 1e-6, NULL), 1e-5,
                 "adder grad_W is not the adaptively scaled full-precision rule");
    cr_expect(fabs(sqrt(got_norm) - 0.2 * sqrt((double)wn)) < 1e-3 * sqrt((double)wn),
              "scaled gradient norm %g, expected eta*sqrt(k) = %g", sqrt(got_norm),
              0.2 * sqrt((double)wn));
    free(y), free(dx), free(dw);
    free_probe(&rr.pr);

    /* eta < 0 disables the scaling: the raw (x - w) dy comes through */
    nash_conv_options raw = {.adder_eta = -1.0f};
    rr = run_rule(NASH_OP_ADDER, &raw, 91);
    dw = tu_alloc(rr.w->numel);
    ref->backward_weights(&rr.d, rr.x, rr.w->data, rr.dy, dw, NULL, NULL);
    cr_expect_lt(tu_rel_err(dw, rr.w->grad, rr.w->numel, 1e-6, NULL), 1e-5,
                 "unscaled adder grad_W differs from (x - w) dy");
    free(dw);
    free_probe(&rr.pr);
}

/* conv on the power-of-two weights, straight-through to the float weights */
Test(layers, shift_q_uses_rounded_weights_and_straight_through)
{
    for (int bits = 5; bits <= 6; bits++) {
        nash_conv_options opt = {.shift_bits = bits};
        rule_run rr = run_rule(NASH_OP_SHIFT_Q, &opt, 92 + bits);
        const nash_conv_impl *ref = ref_of(nash_conv_impls);
        int64_t wn = rr.w->numel, xn = nash_blocked_size(2, 5, 6, 6), yn = nash_blocked_size(2, 6, 6, 6);
        float *wq = tu_alloc(wn), *y = tu_alloc(yn), *dx = tu_alloc(xn), *dw = tu_alloc(wn);
        nash_shift_impls[0]->q_weights(wn, rr.w->data, wq, bits);
        for (int64_t i = 0; i < wn; i++) { /* every weight is ±2^p, p in [-(2^(b-1)-1), 0] */
            int e;
            float m = frexpf(fabsf(wq[i]), &e);
            cr_assert(wq[i] == 0.0f || (m == 0.5f && e - 1 <= 0 && e - 1 >= -((1 << (bits - 1)) - 1)),
                      "wq[%lld] = %g is not a power of two in range", (long long)i, wq[i]);
        }
        ref->forward(&rr.d, rr.x, wq, NULL, y, NULL);
        cr_expect_lt(tu_rel_err(y, nash_net_output(rr.pr.net, rr.pr.layer), yn, 1e-6, NULL), 1e-5,
                     "shift forward is not conv with the rounded weights");
        ref->backward_data(&rr.d, NULL, wq, rr.dy, dx, NULL);
        cr_expect_lt(tu_rel_err(dx, rr.dx, xn, 1e-6, NULL), 1e-5, "shift dx must use rounded weights");
        ref->backward_weights(&rr.d, rr.x, NULL, rr.dy, dw, NULL, NULL);
        cr_expect_lt(tu_rel_err(dw, rr.w->grad, wn, 1e-6, NULL), 1e-5,
                     "shift dW must be the straight-through conv weight gradient");
        free(wq), free(y), free(dx), free(dw);
        free_probe(&rr.pr);
    }
}

Test(layers, shift_ps_gradients_follow_deepshift_rule)
{
    rule_run rr = run_rule(NASH_OP_SHIFT_PS, NULL, 95);
    const nash_conv_impl *ref = ref_of(nash_conv_impls);
    nash_param *P = nash_net_param(rr.pr.net, 0), *S = nash_net_param(rr.pr.net, 1);
    cr_assert(strstr(P->name, "shift") && strstr(S->name, "sign"), "PS parameters %s, %s", P->name,
              S->name);
    int64_t wn = P->numel;
    float *wq = tu_alloc(wn), *dwq = tu_alloc(wn);
    for (int64_t i = 0; i < wn; i++) { /* W = 2^round(P) * sign(round(S)), P clamped to [-14, 0] */
        float p = fminf(fmaxf(P->data[i], -14.0f), 0.0f);
        float s = roundf(S->data[i]);
        wq[i] = ldexpf(1.0f, (int)lrintf(p)) * (float)((s > 0) - (s < 0));
    }
    ref->backward_weights(&rr.d, rr.x, NULL, rr.dy, dwq, NULL, NULL);
    for (int64_t i = 0; i < wn; i++) {
        float dp = dwq[i] * wq[i] * (float)M_LN2, ds = dwq[i];
        cr_expect(fabsf(P->grad[i] - dp) <= 1e-5f * (1 + fabsf(dp)), "dP[%lld] %g, rule %g",
                  (long long)i, P->grad[i], dp);
        cr_expect(fabsf(S->grad[i] - ds) <= 1e-5f * (1 + fabsf(ds)), "dS[%lld] %g, rule %g",
                  (long long)i, S->grad[i], ds);
    }
    free(wq), free(dwq);
    free_probe(&rr.pr);
}

Test(layers, shift_fixed_point_inputs_floor_and_straight_through)
{
    nash_conv_options opt = {.act_int_bits = 3, .act_frac_bits = 2};
    rule_run rr = run_rule(NASH_OP_SHIFT_Q, &opt, 97);
    const nash_conv_impl *ref = ref_of(nash_conv_impls);
    int64_t xn = nash_blocked_size(2, 5, 6, 6), yn = nash_blocked_size(2, 6, 6, 6), wn = rr.w->numel;
    float *xq = tu_alloc(xn), *wq = tu_alloc(wn), *y = tu_alloc(yn), *dx = tu_alloc(xn);
    for (int64_t i = 0; i < xn; i++) /* floor to a 1/4 grid, clamp to [-4, 2^2 - 1] */
        xq[i] = fminf(fmaxf(floorf(rr.x[i] * 4.0f) / 4.0f, -4.0f), 3.0f);
    nash_shift_impls[0]->q_weights(wn, rr.w->data, wq, 5);
    ref->forward(&rr.d, xq, wq, NULL, y, NULL);
    cr_expect_lt(tu_rel_err(y, nash_net_output(rr.pr.net, rr.pr.layer), yn, 1e-6, NULL), 1e-5,
                 "fixed-point forward differs");
    ref->backward_data(&rr.d, NULL, wq, rr.dy, dx, NULL);
    cr_expect_lt(tu_rel_err(dx, rr.dx, xn, 1e-6, NULL), 1e-5,
                 "fixed-point input gradient must be straight-through");
    free(xq), free(wq), free(y), free(dx);
    free_probe(&rr.pr);
}
