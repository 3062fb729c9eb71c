/*
 * layer_conv.c — the conv-shaped layers: conv2d, shift2d (DeepShift-Q and -PS)
 * and adder2d (AdderNet), forward and backward side by side.
 *
 * Owns: the rules that turn parameters into kernel weights and kernel weight
 * gradients back into parameter gradients (research/nash-nasa-hybrid-ops.md §7):
 *   conv     y = conv(x, W)
 *   shift-Q  y = conv(x_q, Wq), Wq = sign(W)·2^round(log2|W|) (clamped, b bits);
 *            straight-through: dW := dWq, dx := conv_bwd_data(dy, Wq)
 *   shift-PS y = conv(x_q, Wq), Wq = 2^round(P)·sign(round(S));
 *            dP = dWq·Wq·ln2, dS = dWq
 *   adder    y = −Σ|x − W| (kernels' adder family), dW = (x − W)·dy then
 *            dW ← η·√k·dW/‖dW‖₂ (per layer, before the optimiser)
 * x_q is the optional fixed-point input of shift layers (floor to I.F bits,
 * straight-through). Does not own the kernels themselves (kernels/).
 */
#include "net_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct conv_layer {
    nash_op op;
    int oc, k, stride, pad, groups, has_bias;
    nash_conv_options opt;
    int w_param;        /* conv/shift-Q/adder: W; shift-PS: P */
    int s_param;        /* shift-PS: S (-1 otherwise) */
    int b_param;        /* bias or -1 */
    float *wq;          /* shift: the power-of-two weights of this forward (arena) */
    float *dwq;         /* shift-PS: gradient w.r.t. wq (arena) */
    float *xq;          /* shift with fixed-point inputs: quantised input (arena) */
    int picked_n;       /* kernel choice cache: batch size it was made for (0 = none) */
    const nash_conv_impl *impl;
    nash_conv_desc desc;
} conv_layer;

static int64_t weight_numel(const conv_layer *L, int ic)
{
    return (int64_t)L->oc * (ic / L->groups) * L->k * L->k;
}

static void conv_prepare(nash_net *net, nash_node *nd, int n)
{
    conv_layer *L = nd->impl;
    if (L->picked_n == n)
        return;
    nash_shape in = nash_input_of(net, nd, 0)->shape;
    /* the shape was validated at build time, so this cannot fail */
    (void)nash_conv_desc_init(&L->desc, n, in.c, in.h, in.w, L->oc, L->k, L->k, L->stride, L->pad,
                              L->groups);
    L->impl = L->op == NASH_OP_ADDER ? nash_adder_pick(&L->desc) : nash_conv_pick(&L->desc);
    L->picked_n = n;
}

int nash_net_conv(nash_net *net, int in, nash_op op, int oc, int k, int stride, int pad,
                  int groups, int bias, const nash_conv_options *opt)
{
    if (in < 0 || in >= net->n_nodes)
        return nash_fail("conv: input node %d does not exist", in);
    if ((unsigned)op >= NASH_OP_COUNT)
        return nash_fail("conv: unknown op %d", (int)op);
    nash_shape s = net->nodes[in].shape;
    if (s.flat)
        return nash_fail("conv: input node %d is a flat [N][%d] tensor, a conv needs (C,H,W)", in,
                         s.c);
    if (op == NASH_OP_ADDER && bias)
        return nash_fail("adder layer: bias is not part of AdderNet (follow it with BN)");
    nash_conv_desc d;
    if (nash_conv_desc_init(&d, 1, s.c, s.h, s.w, oc, k, k, stride, pad, groups) != 0)
        return nash_fail_context("%s layer on node %d", nash_op_names[op], in);
    nash_conv_options o = {.shift_bits = 5, .adder_eta = 0.2f};
    if (opt) {
        if (opt->shift_bits)
            o.shift_bits = opt->shift_bits;
        o.act_int_bits = opt->act_int_bits;
        o.act_frac_bits = opt->act_frac_bits;
        if (opt->adder_eta != 0.0f)
            o.adder_eta = opt->adder_eta;
    }
    if (o.shift_bits < 2 || o.shift_bits > 8)
        return nash_fail("shift layer: %d weight bits; expected 2..8", o.shift_bits);
    if ((o.act_int_bits || o.act_frac_bits) &&
        (o.act_int_bits < 2 || o.act_int_bits > 24 || o.act_frac_bits < 0 ||
         o.act_int_bits + o.act_frac_bits > 32))
        return nash_fail("shift layer: fixed-point inputs %d.%d; expected 2 <= I <= 24, "
                         "F >= 0, I + F <= 32",
                         o.act_int_bits, o.act_frac_bits);
    conv_layer *L = calloc(1, sizeof *L);
    if (!L)
        return nash_fail("out of memory");
    L->op = op;
    L->oc = oc;
    L->k = k;
    L->stride = stride;
    L->pad = pad;
    L->groups = groups;
    L->has_bias = bias;
    L->opt = o;
    nash_shape out = {.c = oc, .h = d.oh, .w = d.ow};
    int id = nash_net_add_node(net, NASH_NODE_CONV, &nash_conv_layer_ops, 1, &in, out, L);
    if (id < 0)
        return -1;
    int64_t wshape[4] = {oc, s.c / groups, k, k};
    unsigned wflags = op == NASH_OP_ADDER ? NASH_PARAM_ADDER : 0;
    L->s_param = L->b_param = -1;
    if (op == NASH_OP_SHIFT_PS) {
        L->w_param = nash_net_add_param(net, id, "shift", 4, wshape, 0);
        L->s_param = nash_net_add_param(net, id, "sign", 4, wshape, 0);
    } else {
        L->w_param = nash_net_add_param(net, id, "weight", 4, wshape, wflags);
    }
    if (bias) {
        int64_t bshape[1] = {oc};
        L->b_param = nash_net_add_param(net, id, "bias", 1, bshape, NASH_PARAM_NO_DECAY);
    }
    if (L->w_param < 0 || (op == NASH_OP_SHIFT_PS && L->s_param < 0) || (bias && L->b_param < 0))
        return -1;
    net->nodes[id].macs = nash_conv_macs(&d);
    return id;
}

nash_op nash_net_node_op(const nash_net *net, int node)
{
    const nash_node *nd = &net->nodes[node];
    return nd->kind == NASH_NODE_CONV ? ((const conv_layer *)nd->impl)->op : NASH_OP_CONV;
}

int nash_conv_node_window(const nash_node *nd, nash_node_window *w)
{
    const conv_layer *L = nd->impl;
    w->k = L->k;
    w->stride = L->stride;
    w->pad = L->pad;
    w->groups = L->groups;
    w->has_bias = L->has_bias;
    return 0;
}

static int uses_fixed_point(const conv_layer *L)
{
    return (L->op == NASH_OP_SHIFT_Q || L->op == NASH_OP_SHIFT_PS) &&
           (L->opt.act_int_bits > 0 || L->opt.act_frac_bits > 0);
}

static int conv_bind(nash_net *net, nash_node *nd, nash_arena *a)
{
    conv_layer *L = nd->impl;
    int64_t wn = weight_numel(L, nash_input_of(net, nd, 0)->shape.c);
    L->picked_n = 0;
    if (L->op == NASH_OP_SHIFT_Q || L->op == NASH_OP_SHIFT_PS)
        if (!(L->wq = nash_arena_alloc(a, (size_t)wn * sizeof(float))))
            return -1;
    if (L->op == NASH_OP_SHIFT_PS)
        if (!(L->dwq = nash_arena_alloc(a, (size_t)wn * sizeof(float))))
            return -1;
    if (uses_fixed_point(L)) {
        int64_t floats = nash_shape_floats(nash_input_of(net, nd, 0)->shape, net->max_batch);
        if (!(L->xq = nash_arena_alloc(a, (size_t)floats * sizeof(float))))
            return -1;
    }
    return 0;
}

static size_t conv_scratch_bytes(const nash_net *net, const nash_node *nd)
{
    const conv_layer *L = nd->impl;
    nash_shape in = net->nodes[nd->in[0]].shape;
    nash_conv_desc d;
    if (nash_conv_desc_init(&d, net->max_batch, in.c, in.h, in.w, L->oc, L->k, L->k, L->stride,
                            L->pad, L->groups) != 0)
        return 0;
    /* every variant's need, so a forced variant always fits; assumes scratch grows with N */
    return nash_conv_table_scratch_max(L->op == NASH_OP_ADDER ? nash_adder_impls : nash_conv_impls,
                                       &d);
}

static void conv_init(nash_net *net, nash_node *nd, nash_rng *rng)
{
    conv_layer *L = nd->impl;
    nash_param *w = &net->params[L->w_param];
    /* fan_in = (IC/groups)·k·k; PyTorch's default kaiming_uniform(a=√5) is U(±1/√fan_in) */
    float bound = 1.0f / sqrtf((float)(w->shape[1] * w->shape[2] * w->shape[3]));
    switch (L->op) {
    case NASH_OP_CONV:
    case NASH_OP_SHIFT_Q: /* DeepShift-Q converts a conv initialised the usual way */
        for (int64_t i = 0; i < w->numel; i++)
            w->data[i] = (2.0f * nash_rng_uniform(rng) - 1.0f) * bound;
        break;
    case NASH_OP_ADDER: /* AdderNet: weights ~ N(0, 1) */
        for (int64_t i = 0; i < w->numel; i++)
            w->data[i] = nash_rng_normal(rng);
        break;
    case NASH_OP_SHIFT_PS: { /* DeepShift-PS: P ~ U(-10, -1), S ~ U(-1, 1) */
        nash_param *s = &net->params[L->s_param];
        for (int64_t i = 0; i < w->numel; i++)
            w->data[i] = -10.0f + 9.0f * nash_rng_uniform(rng);
        for (int64_t i = 0; i < s->numel; i++)
            s->data[i] = 2.0f * nash_rng_uniform(rng) - 1.0f;
        break;
    }
    default:
        break;
    }
    if (L->b_param >= 0) {
        nash_param *b = &net->params[L->b_param];
        for (int64_t i = 0; i < b->numel; i++)
            b->data[i] = (2.0f * nash_rng_uniform(rng) - 1.0f) * bound;
    }
}

/* x (N,IC,IH,IW) blocked -> y (N,OC,OH,OW) blocked */
static void conv_forward(nash_net *net, nash_node *nd, int n, int training)
{
    conv_layer *L = nd->impl;
    nash_node *src = nash_input_of(net, nd, 0);
    conv_prepare(net, nd, n);
    const float *x = src->y;
    const float *w = net->params[L->w_param].data;
    const float *bias = L->b_param >= 0 ? net->params[L->b_param].data : NULL;
    const nash_shift_impl *sh = nash_shift_pick();
    int64_t wn = net->params[L->w_param].numel;
    if (L->op == NASH_OP_SHIFT_Q) {
        sh->q_weights(wn, w, L->wq, L->opt.shift_bits);
        w = L->wq;
    } else if (L->op == NASH_OP_SHIFT_PS) {
        sh->ps_weights(wn, w, net->params[L->s_param].data, L->wq, L->opt.shift_bits);
        w = L->wq;
    }
    if (uses_fixed_point(L)) {
        sh->fixed_point(nash_shape_floats(src->shape, n), x, L->xq, L->opt.act_int_bits,
                        L->opt.act_frac_bits);
        x = L->xq;
    }
    L->impl->forward(&L->desc, x, w, bias, nd->y, net->scratch);
}

/* dy (N,OC,OH,OW) -> dx (N,IC,IH,IW), dW, db */
static void conv_backward(nash_net *net, nash_node *nd, int n, float *const dx[2])
{
    conv_layer *L = nd->impl;
    nash_node *src = nash_input_of(net, nd, 0);
    conv_prepare(net, nd, n);
    nash_param *wp = &net->params[L->w_param];
    const float *x = uses_fixed_point(L) ? L->xq : src->y;
    /* the weights the forward used: shift layers run on their power-of-two weights */
    const float *w = L->op == NASH_OP_SHIFT_Q || L->op == NASH_OP_SHIFT_PS ? L->wq : wp->data;
    float *dbias = L->b_param >= 0 ? net->params[L->b_param].grad : NULL;

    if (dx[0]) /* straight-through the fixed-point quantiser: dx_q is dx */
        L->impl->backward_data(&L->desc, x, w, nd->dy, dx[0], net->scratch);

    switch (L->op) {
    case NASH_OP_CONV:
    case NASH_OP_SHIFT_Q: /* STE: the gradient w.r.t. Wq is the gradient w.r.t. W */
        L->impl->backward_weights(&L->desc, x, w, nd->dy, wp->grad, dbias, net->scratch);
        break;
    case NASH_OP_SHIFT_PS: {
        nash_param *sp = &net->params[L->s_param];
        L->impl->backward_weights(&L->desc, x, w, nd->dy, L->dwq, dbias, net->scratch);
        nash_shift_pick()->ps_backward(wp->numel, L->wq, L->dwq, wp->grad, sp->grad);
        break;
    }
    case NASH_OP_ADDER:
        L->impl->backward_weights(&L->desc, x, w, nd->dy, wp->grad, NULL, net->scratch);
        /* data parallel: the norm is of the summed gradient, applied after the sum
         * (nash_conv_adder_rescale), so K ranks step as one process does */
        if (L->opt.adder_eta > 0.0f && !net->raw_adder_grad && !net->data_parallel)
            nash_shift_pick()->adder_adaptive_scale(wp->numel, wp->grad, L->opt.adder_eta);
        break;
    default:
        break;
    }
}

void nash_conv_adder_rescale(nash_net *net)
{
    for (int i = 0; i < net->n_nodes; i++) {
        nash_node *nd = &net->nodes[i];
        if (nd->kind != NASH_NODE_CONV)
            continue;
        conv_layer *L = nd->impl;
        if (L->op != NASH_OP_ADDER || !(L->opt.adder_eta > 0.0f) || net->raw_adder_grad)
            continue;
        nash_param *wp = &net->params[L->w_param];
        nash_shift_pick()->adder_adaptive_scale(wp->numel, wp->grad, L->opt.adder_eta);
    }
}

const nash_layer_ops nash_conv_layer_ops = {
    .bind = conv_bind,
    .scratch_bytes = conv_scratch_bytes,
    .init = conv_init,
    .forward = conv_forward,
    .backward = conv_backward,
};
