/*
 * net_plan.c — skip plans: which nodes a training-mode pass may leave out
 * because their values are exactly zero or nobody reads them.
 *
 * Owns: the analysis behind nash_net_plan_skips (the forward and backward
 * loops in net.c honour the plan). Why: NAS-Bench-201 builds every edge of a
 * cell, including those whose input is exactly zero (all of a node's incoming
 * edges are `none`) and those whose output only ever meets `none` (x * 0).
 * Over the 15,625 cells they are 15 % of the cell convs' MACs; a zero-shot
 * proxy run (snip, NASWOT) spends most of its time in exactly those convs.
 *
 * Rules, per node in graph order:
 *  - ZERO-VALUED: a scale by 0 (NB201's `none`), or a node that maps zero
 *    input to zero output and whose inputs are all zero-valued: conv and
 *    shift convs without bias (an adder conv of 0 is -sum|w|, not 0), BN in
 *    training mode with beta == 0 or bypassed (batch mean 0, x_hat 0), ReLU
 *    and ReLU6, pooling, add, option-A shortcut, dropout, GAP, linear without
 *    bias.
 *  - NEEDED, from the output back: the output node; every node the caller
 *    marks observed (a hook reads it, e.g. NASWOT's ReLUs); every input of a
 *    needed node that is not zero-valued (a zero-valued node needs nothing).
 *  - Mode: observed or (needed and not zero-valued): RUN; needed and
 *    zero-valued: ZERO (forward writes zeros, backward does nothing); else
 *    SKIP (nothing at all).
 * Exactness: a zero-valued node really is 0 (0 * w sums to +-0; BN of an
 * all-zero map is beta), adding it changes no other value, and gradients
 * into skipped branches only ever came through a scale by 0. The one
 * assumption is that values are finite: PyTorch's x * 0 turns an Inf into a
 * NaN, a skipped branch cannot. With BN in training mode (every proxy pass
 * that uses a plan) activations are normalised and stay finite. Parameters
 * of nodes that do not run backward get a zero gradient: exact for conv and
 * linear weights (their input or their output gradient is 0), not for the
 * beta of a BN whose input is zero (it would be sum(dy)); plans are for
 * proxies that read weight gradients and hooks only.
 */
#include "net_internal.h"

#include <stdlib.h>
#include <string.h>

static int has_bias_param(const nash_net *net, int node)
{
    for (int i = 0; i < net->n_params; i++) {
        const nash_param *p = &net->params[i];
        size_t len = strlen(p->name);
        if (p->node == node && len >= 5 && strcmp(p->name + len - 5, ".bias") == 0)
            return 1;
    }
    return 0;
}

static int bias_is_zero(const nash_net *net, int node)
{
    for (int i = 0; i < net->n_params; i++) {
        const nash_param *p = &net->params[i];
        size_t len = strlen(p->name);
        if (p->node == node && len >= 5 && strcmp(p->name + len - 5, ".bias") == 0)
            for (int64_t j = 0; j < p->numel; j++)
                if (p->data[j] != 0.0f)
                    return 0;
    }
    return 1;
}

/* 1 when a node whose inputs are all zero writes zero (training mode). */
static int maps_zero_to_zero(const nash_net *net, int i)
{
    const nash_node *nd = &net->nodes[i];
    switch (nd->kind) {
    case NASH_NODE_CONV:
        return nash_net_node_op(net, i) != NASH_OP_ADDER && !has_bias_param(net, i);
    case NASH_NODE_BN:
        return net->bn_bypass || bias_is_zero(net, i);
    case NASH_NODE_ACT: {
        nash_act a = nash_net_node_act(net, i);
        return a == NASH_ACT_RELU || a == NASH_ACT_RELU6;
    }
    case NASH_NODE_LINEAR:
        return !has_bias_param(net, i);
    case NASH_NODE_MAXPOOL:
    case NASH_NODE_AVGPOOL:
    case NASH_NODE_GAP:
    case NASH_NODE_DROPOUT:
    case NASH_NODE_ADD:
    case NASH_NODE_SHORTCUT_A:
    case NASH_NODE_SCALE:
        return 1;
    default:
        return 0;
    }
}

int nash_net_plan_skips(nash_net *net, const unsigned char *observed)
{
    if (!net->compiled)
        return nash_fail("plan_skips: compile the network first");
    free(net->plan);
    net->plan = NULL;
    if (!observed)
        return 0;
    if (net->fusion)
        return nash_fail("plan_skips: not with fusion (a fused node's buffer holds two values)");
    const int n = net->n_nodes;
    unsigned char *zero = calloc((size_t)n, 1), *needed = calloc((size_t)n, 1);
    unsigned char *plan = calloc((size_t)n, 1);
    if (!zero || !needed || !plan) {
        free(zero);
        free(needed);
        free(plan);
        return nash_fail("plan_skips: out of memory for %d nodes", n);
    }
    for (int i = 1; i < n; i++) {
        const nash_node *nd = &net->nodes[i];
        if (nd->kind == NASH_NODE_SCALE && nash_scale_alpha(nd) == 0.0f) {
            zero[i] = 1;
            continue;
        }
        int all = nd->n_in > 0;
        for (int k = 0; k < nd->n_in; k++)
            all &= zero[nd->in[k]];
        zero[i] = all && maps_zero_to_zero(net, i);
    }
    needed[n - 1] = 1;
    int skipped = 0;
    for (int i = n - 1; i >= 1; i--) {
        const nash_node *nd = &net->nodes[i];
        needed[i] |= observed[i];
        if (observed[i] || (needed[i] && !zero[i])) {
            plan[i] = NASH_PLAN_RUN;
            for (int k = 0; k < nd->n_in; k++)
                needed[nd->in[k]] = 1;
        } else {
            plan[i] = needed[i] ? NASH_PLAN_ZERO : NASH_PLAN_SKIP;
            skipped++;
        }
    }
    free(zero);
    free(needed);
    net->plan = plan;
    return skipped;
}
