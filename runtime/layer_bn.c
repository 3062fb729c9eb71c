/*
 * layer_bn.c — batch normalisation, forward and backward side by side.
 *
 * Owns: the train/eval switch, running statistics (PyTorch semantics:
 * momentum 0.1, running_var updated with the unbiased batch variance, eps
 * 1e-5), affine on/off. Adder outputs have a much larger variance than conv
 * outputs (research note §7.1), which is why every adder is followed by BN.
 * With fusion (nash_net_set_fusion) the ReLU / ReLU6 after a BN is applied by
 * the BN kernels (nash_bn_desc.act), including the bypass and synchronised
 * (data-parallel) paths here.
 */
#include "net_internal.h"

#include <math.h>

#include <stdlib.h>
#include <string.h>

typedef struct bn_layer {
    int affine;
    int gamma_param, beta_param; /* -1 when affine is off */
    int mean_state, var_state;   /* running statistics */
    float momentum, eps;
    int64_t tracked;             /* batches averaged since nash_net_bn_recalibrate_begin */
    float *mean, *var, *invstd;  /* this batch's statistics (arena), [C] */
} bn_layer;

int nash_net_bn(nash_net *net, int in, int affine)
{
    if (in < 0 || in >= net->n_nodes)
        return nash_fail("bn: input node %d does not exist", in);
    nash_shape s = net->nodes[in].shape;
    if (s.flat)
        return nash_fail("bn: input node %d is flat [N][%d]; bn normalises (C,H,W) maps", in, s.c);
    bn_layer *L = calloc(1, sizeof *L);
    if (!L)
        return nash_fail("out of memory");
    L->affine = affine;
    L->momentum = 0.1f;
    L->eps = 1e-5f;
    int id = nash_net_add_node(net, NASH_NODE_BN, &nash_bn_layer_ops, 1, &in, s, L);
    if (id < 0)
        return -1;
    int64_t shape[1] = {s.c};
    L->gamma_param = L->beta_param = -1;
    if (affine) {
        L->gamma_param = nash_net_add_param(net, id, "weight", 1, shape, NASH_PARAM_NO_DECAY);
        L->beta_param = nash_net_add_param(net, id, "bias", 1, shape, NASH_PARAM_NO_DECAY);
    }
    L->mean_state = nash_net_add_state(net, id, "running_mean", s.c);
    L->var_state = nash_net_add_state(net, id, "running_var", s.c);
    if ((affine && (L->gamma_param < 0 || L->beta_param < 0)) || L->mean_state < 0 ||
        L->var_state < 0)
        return -1;
    return id;
}

static int bn_bind(nash_net *net, nash_node *nd, nash_arena *a)
{
    bn_layer *L = nd->impl;
    size_t bytes = (size_t)nd->shape.c * sizeof(float);
    L->mean = nash_arena_alloc(a, bytes);
    L->var = nash_arena_alloc(a, bytes);
    L->invstd = nash_arena_alloc(a, bytes);
    return L->mean && L->var && L->invstd ? 0 : -1;
}

static void bn_init(nash_net *net, nash_node *nd, nash_rng *rng)
{
    bn_layer *L = nd->impl;
    int c = nd->shape.c;
    for (int i = 0; i < c; i++) {
        if (L->affine) {
            net->params[L->gamma_param].data[i] = 1.0f;
            net->params[L->beta_param].data[i] = 0.0f;
        }
        net->states[L->mean_state].data[i] = 0.0f;
        net->states[L->var_state].data[i] = 1.0f;
    }
}

static nash_bn_desc bn_desc(const nash_node *nd, const bn_layer *L, int n)
{
    return (nash_bn_desc){.n = n, .c = nd->shape.c, .h = nd->shape.h, .w = nd->shape.w,
                          .eps = L->eps, .act = nd->fused_act};
}

/* ------------------------------------------------------------------------- */
/* Synchronised BN (data parallel, nash_net_set_data_parallel with sync_bn):   */
/* the statistics of the global batch, summed over the ranks. Two passes (sum, */
/* then sum of squared deviations) so the variance does not cancel.           */

/* Per channel sums over a blocked (n, C, H, W) buffer: out[c] = sum f(x). */
static void channel_sums(const nash_bn_desc *d, const float *x, const float *mean, double *out)
{
    int64_t hw = (int64_t)d->h * d->w, cb = nash_cblocks(d->c);
    for (int c = 0; c < d->c; c++)
        out[c] = 0.0;
    for (int i = 0; i < d->n; i++)
        for (int64_t b = 0; b < cb; b++) {
            const float *p = x + ((int64_t)i * cb + b) * hw * NASH_BLOCK;
            for (int lane = 0; lane < NASH_BLOCK && b * NASH_BLOCK + lane < d->c; lane++) {
                int c = (int)(b * NASH_BLOCK + lane);
                double acc = 0.0, mu = mean ? mean[c] : 0.0;
                for (int64_t q = 0; q < hw; q++) {
                    double v = p[q * NASH_BLOCK + lane] - mu;
                    acc += mean ? v * v : v;
                }
                out[c] += acc;
            }
        }
}

static int bn_sync_statistics(nash_net *net, const nash_bn_desc *d, const float *x, bn_layer *L,
                              double *m)
{
    int c = d->c;
    double *acc = malloc(sizeof(double) * (size_t)c);
    float *red = malloc(sizeof(float) * (size_t)(c + 1));
    int rc = -1;
    if (!acc || !red)
        goto out;
    channel_sums(d, x, NULL, acc);
    for (int i = 0; i < c; i++)
        red[i] = (float)acc[i];
    red[c] = (float)((double)d->n * d->h * d->w);
    if (net->dp.sum(red, c + 1, net->dp.user) != 0)
        goto out;
    *m = red[c];
    for (int i = 0; i < c; i++)
        L->mean[i] = (float)(red[i] / *m);
    channel_sums(d, x, L->mean, acc);
    for (int i = 0; i < c; i++)
        red[i] = (float)acc[i];
    if (net->dp.sum(red, c, net->dp.user) != 0)
        goto out;
    for (int i = 0; i < c; i++) {
        L->var[i] = (float)(red[i] / *m);
        /* as forward_eval computes it, so the fused mask of bn_sync_dy sees the same y */
        L->invstd[i] = (float)(1.0 / sqrt((double)L->var[i] + (double)d->eps));
    }
    rc = 0;
out:
    free(acc);
    free(red);
    return rc;
}

/* The gradient reaching BN itself: dy masked by a fused activation's derivative,
 * y recomputed exactly as the forward wrote it (fmaf, as in kernels/batchnorm.c). */
static inline double bn_sync_dy(const nash_bn_desc *d, const float *gamma, const float *beta,
                                const bn_layer *L, int c, float x, float dy)
{
    if (d->act == NASH_ACT_NONE)
        return dy;
    float y = fmaf((x - L->mean[c]) * L->invstd[c], gamma ? gamma[c] : 1.0f,
                   beta ? beta[c] : 0.0f);
    int keep = y > 0.0f && (d->act != NASH_ACT_RELU6 || y < 6.0f);
    return keep ? dy : 0.0;
}

/* dx = gamma * invstd * (dy - mean(dy) - xhat * mean(dy * xhat)), the means over
 * the global batch; dgamma / dbeta are this rank's share (the gradient sum over
 * ranks adds them up). */
static void bn_sync_backward(nash_net *net, const nash_bn_desc *d, const float *x,
                             const float *dy, const float *gamma, const float *beta,
                             const bn_layer *L, float *dx, float *dgamma, float *dbeta)
{
    int C = d->c;
    int64_t hw = (int64_t)d->h * d->w, cb = nash_cblocks(C);
    float *red = calloc((size_t)(2 * C + 1), sizeof(float));
    double *sdy = calloc((size_t)C, sizeof(double)), *sdyx = calloc((size_t)C, sizeof(double));
    if (!red || !sdy || !sdyx) {
        free(red), free(sdy), free(sdyx);
        int64_t count = nash_blocked_size(d->n, C, d->h, d->w);
        for (int64_t i = 0; i < count; i++) /* surfaces as a non-finite gradient */
            dx[i] = NAN;
        return;
    }
    for (int i = 0; i < d->n; i++)
        for (int64_t b = 0; b < cb; b++) {
            int64_t base = ((int64_t)i * cb + b) * hw * NASH_BLOCK;
            for (int lane = 0; lane < NASH_BLOCK && b * NASH_BLOCK + lane < C; lane++) {
                int c = (int)(b * NASH_BLOCK + lane);
                for (int64_t q = 0; q < hw; q++) {
                    int64_t k = base + q * NASH_BLOCK + lane;
                    double g = bn_sync_dy(d, gamma, beta, L, c, x[k], dy[k]);
                    sdy[c] += g;
                    sdyx[c] += g * (x[k] - L->mean[c]) * L->invstd[c];
                }
            }
        }
    for (int c = 0; c < C; c++) {
        red[c] = (float)sdy[c];
        red[C + c] = (float)sdyx[c];
        if (dgamma) {
            dgamma[c] = (float)sdyx[c];
            dbeta[c] = (float)sdy[c];
        }
    }
    red[2 * C] = (float)((double)d->n * d->h * d->w);
    int bad = net->dp.sum(red, 2 * C + 1, net->dp.user);
    double m = red[2 * C];
    for (int i = 0; i < d->n; i++)
        for (int64_t b = 0; b < cb; b++) {
            int64_t base = ((int64_t)i * cb + b) * hw * NASH_BLOCK;
            for (int lane = 0; lane < NASH_BLOCK; lane++) {
                int c = (int)(b * NASH_BLOCK + lane);
                for (int64_t q = 0; q < hw; q++) {
                    int64_t k = base + q * NASH_BLOCK + lane;
                    if (c >= C) { /* pad lanes stay zero */
                        dx[k] = 0.0f;
                        continue;
                    }
                    double xhat = (x[k] - L->mean[c]) * L->invstd[c];
                    double g = gamma ? gamma[c] : 1.0;
                    double gy = bn_sync_dy(d, gamma, beta, L, c, x[k], dy[k]);
                    dx[k] = bad ? NAN
                                : (float)(g * L->invstd[c] *
                                          (gy - red[c] / m - xhat * red[C + c] / m));
                }
            }
        }
    free(red), free(sdy), free(sdyx);
}

/* x (N,C,H,W) blocked -> y; training: batch statistics, running statistics updated */
static void bn_forward(nash_net *net, nash_node *nd, int n, int training)
{
    bn_layer *L = nd->impl;
    nash_bn_desc d = bn_desc(nd, L, n);
    const float *gamma = L->affine ? net->params[L->gamma_param].data : NULL;
    const float *beta = L->affine ? net->params[L->beta_param].data : NULL;
    float *rmean = net->states[L->mean_state].data, *rvar = net->states[L->var_state].data;
    const float *x = nash_input_of(net, nd, 0)->y;
    if (net->bn_bypass) {
        nash_eltwise_pick()->act_forward(d.act, nash_shape_floats(nd->shape, n), x, nd->y);
        return;
    }
    if (!training) {
        nash_bn_pick()->forward_eval(&d, x, gamma, beta, rmean, rvar, nd->y);
        return;
    }
    double m = (double)n * d.h * d.w;
    if (net->data_parallel && net->dp.sync_bn) {
        if (bn_sync_statistics(net, &d, x, L, &m) != 0) {
            /* forward cannot fail: poison the output so the loss reports it */
            for (int64_t i = 0; i < nash_shape_floats(nd->shape, n); i++)
                nd->y[i] = NAN;
            return;
        }
        nash_bn_pick()->forward_eval(&d, x, gamma, beta, L->mean, L->var, nd->y);
    } else {
        /* deferred (skip plan): statistics only, the reading add normalises */
        nash_bn_pick()->forward_train(&d, x, gamma, beta, nd->bn_deferred ? NULL : nd->y, L->mean,
                                      L->var, L->invstd);
    }
    float unbias = m > 1 ? (float)(m / (m - 1)) : 1.0f;
    float mom = net->bn_cumulative ? 1.0f / (float)(++L->tracked) : L->momentum;
    for (int c = 0; c < d.c; c++) {
        rmean[c] = (1 - mom) * rmean[c] + mom * L->mean[c];
        rvar[c] = (1 - mom) * rvar[c] + mom * L->var[c] * unbias;
    }
}

/* dy -> dx, dgamma, dbeta (through the batch statistics of the last training forward) */
static void bn_backward(nash_net *net, nash_node *nd, int n, float *const dx[2])
{
    bn_layer *L = nd->impl;
    nash_bn_desc d = bn_desc(nd, L, n);
    const float *gamma = L->affine ? net->params[L->gamma_param].data : NULL;
    const float *beta = L->affine ? net->params[L->beta_param].data : NULL;
    float *dgamma = L->affine ? net->params[L->gamma_param].grad : NULL;
    float *dbeta = L->affine ? net->params[L->beta_param].grad : NULL;
    const float *x = nash_input_of(net, nd, 0)->y;
    if (net->bn_bypass) {
        if (dx[0]) /* the fused activation's derivative, read from its output (ReLU/ReLU6) */
            nash_eltwise_pick()->act_backward(d.act, nash_shape_floats(nd->shape, n), nd->y,
                                              nd->dy, dx[0]);
        if (dgamma) {
            memset(dgamma, 0, (size_t)d.c * sizeof(float));
            memset(dbeta, 0, (size_t)d.c * sizeof(float));
        }
        return;
    }
    if (!dx[0] && !dgamma)
        return;
    /* the kernel always produces dx; without a consumer it goes to scratch-free grad_tmp */
    float *dxp = dx[0] ? dx[0] : net->grad_tmp[1];
    if (net->data_parallel && net->dp.sync_bn) {
        bn_sync_backward(net, &d, x, nd->dy, gamma, beta, L, dxp, dgamma, dbeta);
        return;
    }
    nash_bn_pick()->backward(&d, x, nd->dy, gamma, beta, L->mean, L->invstd, dxp, dgamma, dbeta);
}

/* An add whose input(s) are deferred BNs: y = BN(x) of each such input (its
 * batch statistics of this pass) + the other input, in one pass. */
void nash_bn_normalise_add(nash_net *net, nash_node *add, int n)
{
    nash_bn_affine f[2];
    const float *src[2];
    int bn[2];
    for (int k = 0; k < 2; k++) {
        nash_node *in = nash_input_of(net, add, k);
        bn[k] = in->bn_deferred;
        src[k] = bn[k] ? nash_input_of(net, in, 0)->y : in->y;
        if (bn[k]) {
            const bn_layer *L = in->impl;
            f[k] = (nash_bn_affine){
                .mean = L->mean, .invstd = L->invstd,
                .gamma = L->affine ? net->params[L->gamma_param].data : NULL,
                .beta = L->affine ? net->params[L->beta_param].data : NULL};
        }
    }
    nash_bn_desc d = {.n = n, .c = add->shape.c, .h = add->shape.h, .w = add->shape.w};
    nash_bn_pick()->normalise_add(&d, src[0], bn[0] ? &f[0] : NULL, src[1], bn[1] ? &f[1] : NULL,
                                  add->y);
}

const nash_layer_ops nash_bn_layer_ops = {
    .bind = bn_bind,
    .init = bn_init,
    .forward = bn_forward,
    .backward = bn_backward,
};

void nash_net_bn_recalibrate_begin(nash_net *net)
{
    for (int i = 0; i < net->n_nodes; i++) {
        nash_node *nd = &net->nodes[i];
        if (nd->kind != NASH_NODE_BN)
            continue;
        bn_layer *L = nd->impl;
        L->tracked = 0;
        for (int c = 0; c < nd->shape.c; c++) {
            net->states[L->mean_state].data[c] = 0.0f;
            net->states[L->var_state].data[c] = 1.0f;
        }
    }
    net->bn_cumulative = 1;
}

void nash_net_bn_recalibrate_end(nash_net *net) { net->bn_cumulative = 0; }
