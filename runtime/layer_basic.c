/*
 * layer_basic.c — the parameter-light layers, forward and backward side by
 * side: activation (ReLU, ReLU6, swish), max / average pooling, global
 * average pooling, linear, dropout, residual add, the option-A shortcut and scale-by-constant
 * (stride-2 subsample + zero channel padding, He et al. 2016 CIFAR ResNets).
 *
 * Owns: shape rules and saved state of these layers. The compute is in
 * kernels/ (eltwise, pool, gemm). With fusion (nash_net_set_fusion) a ReLU /
 * ReLU6 node folded into a residual add does nothing itself: the add writes
 * act(a + b) and masks the gradient it passes back (add_act / add_act_backward).
 */
#include "net_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int check_input(const nash_net *net, int in, const char *what)
{
    if (in < 0 || in >= net->n_nodes)
        return nash_fail("%s: input node %d does not exist", what, in);
    return 0;
}

static int64_t floats_of(const nash_node *nd, int n) { return nash_shape_floats(nd->shape, n); }

/* ------------------------------------------------------------------------- */
/* Activation                                                                 */

typedef struct act_layer {
    nash_act act;
} act_layer;

int nash_net_act(nash_net *net, int in, nash_act act)
{
    if (check_input(net, in, "act") != 0)
        return -1;
    if ((unsigned)act >= NASH_ACT_COUNT)
        return nash_fail("act: unknown activation %d", (int)act);
    act_layer *L = calloc(1, sizeof *L);
    if (!L)
        return nash_fail("out of memory");
    L->act = act;
    return nash_net_add_node(net, NASH_NODE_ACT, &nash_act_layer_ops, 1, &in,
                             net->nodes[in].shape, L);
}

/* y = act(x), any shape */
static void act_forward(nash_net *net, nash_node *nd, int n, int training)
{
    act_layer *L = nd->impl;
    if (nd->fused) /* its producer wrote act(y) into the buffer they share */
        return;
    nash_eltwise_pick()->act_forward(L->act, floats_of(nd, n), nash_input_of(net, nd, 0)->y, nd->y);
}

/* dx = act'(x) * dy */
static void act_backward(nash_net *net, nash_node *nd, int n, float *const dx[2])
{
    act_layer *L = nd->impl;
    if (nd->fused) /* dy is shared with the producer, whose backward applies the mask */
        return;
    if (dx[0])
        nash_eltwise_pick()->act_backward(L->act, floats_of(nd, n), nash_input_of(net, nd, 0)->y,
                                          nd->dy, dx[0]);
}

const nash_layer_ops nash_act_layer_ops = {.forward = act_forward, .backward = act_backward};

nash_act nash_net_node_act(const nash_net *net, int node)
{
    if (node < 0 || node >= net->n_nodes || net->nodes[node].kind != NASH_NODE_ACT)
        return NASH_ACT_NONE;
    return ((const act_layer *)net->nodes[node].impl)->act;
}

/* ------------------------------------------------------------------------- */
/* Max and average pooling                                                    */

typedef struct pool_layer {
    int k, stride, pad, count_include_pad;
    int32_t *argmax; /* max pool: winner per output element (arena) */
} pool_layer;

static int add_pool(nash_net *net, int in, int k, int stride, int pad, int count_include_pad,
                    nash_node_kind kind, const nash_layer_ops *ops)
{
    const char *what = nash_node_kind_names[kind];
    if (check_input(net, in, what) != 0)
        return -1;
    nash_shape s = net->nodes[in].shape;
    if (s.flat)
        return nash_fail("%s: input node %d is flat [N][%d]", what, in, s.c);
    nash_pool_desc d;
    if (nash_pool_desc_init(&d, 1, s.c, s.h, s.w, k, stride, pad, count_include_pad) != 0)
        return nash_fail_context("%s on node %d", what, in);
    pool_layer *L = calloc(1, sizeof *L);
    if (!L)
        return nash_fail("out of memory");
    *L = (pool_layer){.k = k, .stride = stride, .pad = pad, .count_include_pad = count_include_pad};
    nash_shape out = {.c = s.c, .h = d.oh, .w = d.ow};
    return nash_net_add_node(net, kind, ops, 1, &in, out, L);
}

int nash_net_maxpool(nash_net *net, int in, int k, int stride, int pad)
{
    return add_pool(net, in, k, stride, pad, 1, NASH_NODE_MAXPOOL, &nash_maxpool_layer_ops);
}

int nash_net_avgpool(nash_net *net, int in, int k, int stride, int pad, int count_include_pad)
{
    return add_pool(net, in, k, stride, pad, count_include_pad, NASH_NODE_AVGPOOL,
                    &nash_avgpool_layer_ops);
}

int nash_pool_node_window(const nash_node *nd, nash_node_window *w)
{
    const pool_layer *P = nd->impl;
    w->k = P->k;
    w->stride = P->stride;
    w->pad = P->pad;
    w->groups = 1;
    w->has_bias = 0;
    return 0;
}

static nash_pool_desc pool_desc(nash_net *net, nash_node *nd, int n)
{
    pool_layer *L = nd->impl;
    nash_shape s = nash_input_of(net, nd, 0)->shape;
    nash_pool_desc d;
    (void)nash_pool_desc_init(&d, n, s.c, s.h, s.w, L->k, L->stride, L->pad, L->count_include_pad);
    return d;
}

static int maxpool_bind(nash_net *net, nash_node *nd, nash_arena *a)
{
    pool_layer *L = nd->impl;
    L->argmax = nash_arena_alloc(a, (size_t)floats_of(nd, net->max_batch) * sizeof(int32_t));
    return L->argmax ? 0 : -1;
}

static void maxpool_forward(nash_net *net, nash_node *nd, int n, int training)
{
    pool_layer *L = nd->impl;
    nash_pool_desc d = pool_desc(net, nd, n);
    nash_pool_pick()->max_forward(&d, nash_input_of(net, nd, 0)->y, nd->y, L->argmax);
}

static void maxpool_backward(nash_net *net, nash_node *nd, int n, float *const dx[2])
{
    pool_layer *L = nd->impl;
    nash_pool_desc d = pool_desc(net, nd, n);
    if (dx[0])
        nash_pool_pick()->max_backward(&d, nd->dy, L->argmax, dx[0]);
}

static void avgpool_forward(nash_net *net, nash_node *nd, int n, int training)
{
    nash_pool_desc d = pool_desc(net, nd, n);
    nash_pool_pick()->avg_forward(&d, nash_input_of(net, nd, 0)->y, nd->y);
}

static void avgpool_backward(nash_net *net, nash_node *nd, int n, float *const dx[2])
{
    nash_pool_desc d = pool_desc(net, nd, n);
    if (dx[0])
        nash_pool_pick()->avg_backward(&d, nd->dy, dx[0]);
}

const nash_layer_ops nash_maxpool_layer_ops = {
    .bind = maxpool_bind, .forward = maxpool_forward, .backward = maxpool_backward};
const nash_layer_ops nash_avgpool_layer_ops = {.forward = avgpool_forward,
                                               .backward = avgpool_backward};

/* ------------------------------------------------------------------------- */
/* Global average pooling: blocked (N,C,H,W) -> plain [N][C]                  */

int nash_net_gap(nash_net *net, int in)
{
    if (check_input(net, in, "gap") != 0)
        return -1;
    nash_shape s = net->nodes[in].shape;
    if (s.flat)
        return nash_fail("gap: input node %d is already flat", in);
    nash_shape out = {.c = s.c, .h = 1, .w = 1, .flat = 1};
    return nash_net_add_node(net, NASH_NODE_GAP, &nash_gap_layer_ops, 1, &in, out, NULL);
}

static void gap_forward(nash_net *net, nash_node *nd, int n, int training)
{
    nash_shape s = nash_input_of(net, nd, 0)->shape;
    nash_pool_pick()->gap_forward(n, s.c, s.h, s.w, nash_input_of(net, nd, 0)->y, nd->y);
}

static void gap_backward(nash_net *net, nash_node *nd, int n, float *const dx[2])
{
    nash_shape s = nash_input_of(net, nd, 0)->shape;
    if (dx[0])
        nash_pool_pick()->gap_backward(n, s.c, s.h, s.w, nd->dy, dx[0]);
}

const nash_layer_ops nash_gap_layer_ops = {.forward = gap_forward, .backward = gap_backward};

/* ------------------------------------------------------------------------- */
/* Linear: plain [N][IN] -> [N][OUT], W [OUT][IN]                             */

typedef struct linear_layer {
    int in_features, out_features;
    int w_param, b_param;
} linear_layer;

int nash_net_linear(nash_net *net, int in, int out, int bias)
{
    if (check_input(net, in, "linear") != 0)
        return -1;
    nash_shape s = net->nodes[in].shape;
    if (!s.flat)
        return nash_fail("linear: input node %d is a (%d,%d,%d) map; add gap first", in, s.c, s.h,
                         s.w);
    if (out <= 0)
        return nash_fail("linear: %d output features; must be positive", out);
    linear_layer *L = calloc(1, sizeof *L);
    if (!L)
        return nash_fail("out of memory");
    L->in_features = s.c;
    L->out_features = out;
    nash_shape os = {.c = out, .h = 1, .w = 1, .flat = 1};
    int id = nash_net_add_node(net, NASH_NODE_LINEAR, &nash_linear_layer_ops, 1, &in, os, L);
    if (id < 0)
        return -1;
    int64_t wshape[2] = {out, s.c}, bshape[1] = {out};
    L->w_param = nash_net_add_param(net, id, "weight", 2, wshape, 0);
    L->b_param = bias ? nash_net_add_param(net, id, "bias", 1, bshape, NASH_PARAM_NO_DECAY) : -1;
    if (L->w_param < 0 || (bias && L->b_param < 0))
        return -1;
    net->nodes[id].macs = (int64_t)out * s.c;
    return id;
}

static void linear_init(nash_net *net, nash_node *nd, nash_rng *rng)
{
    linear_layer *L = nd->impl;
    float bound = 1.0f / sqrtf((float)L->in_features);
    nash_param *w = &net->params[L->w_param];
    for (int64_t i = 0; i < w->numel; i++)
        w->data[i] = (2.0f * nash_rng_uniform(rng) - 1.0f) * bound;
    if (L->b_param >= 0) {
        nash_param *b = &net->params[L->b_param];
        for (int64_t i = 0; i < b->numel; i++)
            b->data[i] = (2.0f * nash_rng_uniform(rng) - 1.0f) * bound;
    }
}

static void linear_forward(nash_net *net, nash_node *nd, int n, int training)
{
    linear_layer *L = nd->impl;
    nash_linear_forward(n, L->in_features, L->out_features, nash_input_of(net, nd, 0)->y,
                        net->params[L->w_param].data,
                        L->b_param >= 0 ? net->params[L->b_param].data : NULL, nd->y);
}

static void linear_backward(nash_net *net, nash_node *nd, int n, float *const dx[2])
{
    linear_layer *L = nd->impl;
    nash_linear_backward(n, L->in_features, L->out_features, nash_input_of(net, nd, 0)->y,
                         net->params[L->w_param].data, nd->dy, dx[0], net->params[L->w_param].grad,
                         L->b_param >= 0 ? net->params[L->b_param].grad : NULL);
}

const nash_layer_ops nash_linear_layer_ops = {
    .init = linear_init, .forward = linear_forward, .backward = linear_backward};

/* ------------------------------------------------------------------------- */
/* Dropout: inverted dropout, mask drawn from the network's RNG               */

typedef struct dropout_layer {
    float p;
    uint8_t *mask; /* arena, one byte per output float */
} dropout_layer;

int nash_net_dropout(nash_net *net, int in, float p)
{
    if (check_input(net, in, "dropout") != 0)
        return -1;
    if (!(p >= 0.0f && p < 1.0f))
        return nash_fail("dropout: probability %g; expected 0 <= p < 1", p);
    dropout_layer *L = calloc(1, sizeof *L);
    if (!L)
        return nash_fail("out of memory");
    L->p = p;
    return nash_net_add_node(net, NASH_NODE_DROPOUT, &nash_dropout_layer_ops, 1, &in,
                             net->nodes[in].shape, L);
}

static int dropout_bind(nash_net *net, nash_node *nd, nash_arena *a)
{
    dropout_layer *L = nd->impl;
    L->mask = nash_arena_alloc(a, (size_t)floats_of(nd, net->max_batch));
    return L->mask ? 0 : -1;
}

static void dropout_forward(nash_net *net, nash_node *nd, int n, int training)
{
    dropout_layer *L = nd->impl;
    int64_t count = floats_of(nd, n);
    const float *x = nash_input_of(net, nd, 0)->y;
    if (!training || L->p == 0.0f) {
        memcpy(nd->y, x, (size_t)count * sizeof(float));
        memset(L->mask, 1, (size_t)count);
        return;
    }
    /* drawn sequentially so the mask depends only on the seed, not on threads */
    uint32_t threshold = (uint32_t)((double)L->p * 16777216.0);
    for (int64_t i = 0; i < count; i++)
        L->mask[i] = (uint32_t)(nash_rng_next(&net->rng) >> 40) >= threshold;
    nash_eltwise_pick()->mask_scale(count, x, L->mask, 1.0f / (1.0f - L->p), nd->y);
}

static void dropout_backward(nash_net *net, nash_node *nd, int n, float *const dx[2])
{
    dropout_layer *L = nd->impl;
    if (dx[0])
        nash_eltwise_pick()->mask_scale(floats_of(nd, n), nd->dy, L->mask, 1.0f / (1.0f - L->p),
                                        dx[0]);
}

const nash_layer_ops nash_dropout_layer_ops = {
    .bind = dropout_bind, .forward = dropout_forward, .backward = dropout_backward};

/* ------------------------------------------------------------------------- */
/* Residual add                                                               */

int nash_net_add(nash_net *net, int a, int b)
{
    if (check_input(net, a, "add") != 0 || check_input(net, b, "add") != 0)
        return -1;
    nash_shape sa = net->nodes[a].shape, sb = net->nodes[b].shape;
    if (sa.c != sb.c || sa.h != sb.h || sa.w != sb.w || sa.flat != sb.flat)
        return nash_fail("add: node %d is (%d,%d,%d) but node %d is (%d,%d,%d)", a, sa.c, sa.h,
                         sa.w, b, sb.c, sb.h, sb.w);
    int in[2] = {a, b};
    return nash_net_add_node(net, NASH_NODE_ADD, &nash_add_layer_ops, 2, in, sa, NULL);
}

static void add_forward(nash_net *net, nash_node *nd, int n, int training)
{
    if (nash_input_of(net, nd, 0)->bn_deferred || nash_input_of(net, nd, 1)->bn_deferred) {
        nash_bn_normalise_add(net, nd, n); /* skip plan: a BN input left its y to us */
        return;
    }
    const float *a = nash_input_of(net, nd, 0)->y, *b = nash_input_of(net, nd, 1)->y;
    if (nd->fused_act != NASH_ACT_NONE)
        nash_eltwise_pick()->add_act(nd->fused_act, floats_of(nd, n), a, b, nd->y);
    else
        nash_eltwise_pick()->add(floats_of(nd, n), a, b, nd->y);
}

static void add_backward(nash_net *net, nash_node *nd, int n, float *const dx[2])
{
    if (nd->fused_act != NASH_ACT_NONE) { /* dy is the gradient of act(a + b) = y */
        nash_eltwise_pick()->add_act_backward(nd->fused_act, floats_of(nd, n), nd->y, nd->dy,
                                              dx[0], dx[1]);
        return;
    }
    size_t bytes = (size_t)floats_of(nd, n) * sizeof(float);
    for (int k = 0; k < 2; k++)
        if (dx[k])
            memcpy(dx[k], nd->dy, bytes);
}

const nash_layer_ops nash_add_layer_ops = {.forward = add_forward, .backward = add_backward};

/* ------------------------------------------------------------------------- */
/* Option-A shortcut                                                          */

typedef struct shortcut_layer {
    int oc, stride;
} shortcut_layer;

int nash_net_shortcut_a(nash_net *net, int in, int oc, int stride)
{
    if (check_input(net, in, "shortcut_a") != 0)
        return -1;
    nash_shape s = net->nodes[in].shape;
    if (s.flat)
        return nash_fail("shortcut_a: input node %d is flat", in);
    if (oc < s.c || stride < 1)
        return nash_fail("shortcut_a: %d -> %d channels, stride %d; expected oc >= ic, stride >= 1",
                         s.c, oc, stride);
    shortcut_layer *L = calloc(1, sizeof *L);
    if (!L)
        return nash_fail("out of memory");
    L->oc = oc;
    L->stride = stride;
    nash_shape out = {.c = oc, .h = (s.h + stride - 1) / stride, .w = (s.w + stride - 1) / stride};
    return nash_net_add_node(net, NASH_NODE_SHORTCUT_A, &nash_shortcut_a_layer_ops, 1, &in, out, L);
}

static void shortcut_forward(nash_net *net, nash_node *nd, int n, int training)
{
    shortcut_layer *L = nd->impl;
    nash_shape s = nash_input_of(net, nd, 0)->shape;
    nash_eltwise_pick()->shortcut_a_forward(n, s.c, s.h, s.w, L->oc, L->stride,
                                            nash_input_of(net, nd, 0)->y, nd->y);
}

static void shortcut_backward(nash_net *net, nash_node *nd, int n, float *const dx[2])
{
    shortcut_layer *L = nd->impl;
    nash_shape s = nash_input_of(net, nd, 0)->shape;
    if (dx[0])
        nash_eltwise_pick()->shortcut_a_backward(n, s.c, s.h, s.w, L->oc, L->stride, nd->dy,
                                                 dx[0]);
}

const nash_layer_ops nash_shortcut_a_layer_ops = {.forward = shortcut_forward,
                                                  .backward = shortcut_backward};

/* ------------------------------------------------------------------------- */
/* Scale by a constant (NB201's `none` edge is x * 0)                         */

typedef struct scale_layer {
    float alpha;
} scale_layer;

int nash_net_scale(nash_net *net, int in, float alpha)
{
    if (check_input(net, in, "scale") != 0)
        return -1;
    scale_layer *L = calloc(1, sizeof *L);
    if (!L)
        return nash_fail("out of memory");
    L->alpha = alpha;
    return nash_net_add_node(net, NASH_NODE_SCALE, &nash_scale_layer_ops, 1, &in,
                             net->nodes[in].shape, L);
}

static void scale_run(int64_t count, float alpha, const float *x, float *y)
{
#pragma omp parallel for simd schedule(static) if (count > 65536)
    for (int64_t i = 0; i < count; i++)
        y[i] = alpha * x[i];
}

static void scale_forward(nash_net *net, nash_node *nd, int n, int training)
{
    scale_layer *L = nd->impl;
    scale_run(floats_of(nd, n), L->alpha, nash_input_of(net, nd, 0)->y, nd->y);
}

static void scale_backward(nash_net *net, nash_node *nd, int n, float *const dx[2])
{
    scale_layer *L = nd->impl;
    if (dx[0])
        scale_run(floats_of(nd, n), L->alpha, nd->dy, dx[0]);
}

float nash_scale_alpha(const nash_node *nd) { return ((const scale_layer *)nd->impl)->alpha; }

const nash_layer_ops nash_scale_layer_ops = {.forward = scale_forward,
                                             .backward = scale_backward};
