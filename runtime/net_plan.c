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
 *  - PASS: a node whose value is exactly that of another node: its y points
 *    at that node's buffer during training-mode forwards (no pass over
 *    memory) and backward runs as for RUN (it reads its inputs' y, not its
 *    own). Two cases, both needed and unobserved:
 *    - an add with exactly one zero-valued input is that other input (and
 *      the zero input is not needed for it, so its memset goes too). NB201
 *      builds 3 adds per cell; 37 % of them (expected over uniform cells)
 *      have exactly one zero input. The one difference from the full graph:
 *      a -0 input stays -0 where -0 + 0 is +0.
 *    - an activation with the same function and input as an earlier one is
 *      that one: NB201 gives every conv edge its own ReLU, and a node feeding
 *      two or three conv edges had its ReLU computed that many times (24 %
 *      of cell ReLUs over uniform cells). Bitwise the same values.
 *  - Shared gradient (any mode that runs backward): a node read only by one
 *    add, once, takes that add's dy buffer as its own while the plan is
 *    applied; the add's backward, which copied dy into it, skips it.
 *  - DEFER: a running, unobserved BN whose only running reader is a running
 *    add computes its statistics only; the add applies the transform while
 *    it reads the BN's input (one write and one read of the map fewer; the
 *    same float expression, so bitwise the same sum). NB201's conv edges into
 *    nodes 2 and 3 end in such a BN.
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

/* The first act node before node i with i's function and input, or -1. */
static int first_equal_act(const nash_net *net, int i)
{
    const nash_node *nd = &net->nodes[i];
    nash_act act = nash_net_node_act(net, i);
    for (int j = nd->in[0] + 1; j < i; j++) {
        const nash_node *o = &net->nodes[j];
        if (o->kind == NASH_NODE_ACT && o->in[0] == nd->in[0] && nash_net_node_act(net, j) == act)
            return j;
    }
    return -1;
}

void nash_net_plan_free(nash_net *net)
{
    free(net->plan);
    free(net->plan_own_y);
    free(net->plan_pass_in);
    free(net->plan_own_dy);
    free(net->plan_dy_of);
    net->plan = NULL;
    net->plan_own_y = NULL;
    net->plan_pass_in = NULL;
    net->plan_own_dy = NULL;
    net->plan_dy_of = NULL;
}

int nash_net_plan_skips(nash_net *net, const unsigned char *observed)
{
    if (!net->compiled)
        return nash_fail("plan_skips: compile the network first");
    nash_net_plan_apply(net, 0);
    nash_net_plan_free(net);
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
    int *pass_in = malloc((size_t)n * sizeof *pass_in);
    float **own = malloc((size_t)n * sizeof *own);
    int *dy_of = malloc((size_t)n * sizeof *dy_of), *readers = calloc((size_t)n, sizeof *readers);
    int *reader = malloc((size_t)n * sizeof *reader);
    float **own_dy = malloc((size_t)n * sizeof *own_dy);
    if (!pass_in || !own || !dy_of || !readers || !reader || !own_dy) {
        free(zero);
        free(needed);
        free(plan);
        free(pass_in);
        free(own);
        free(dy_of);
        free(readers);
        free(reader);
        free(own_dy);
        return nash_fail("plan_skips: out of memory for %d nodes", n);
    }
    for (int i = n - 1; i >= 1; i--) {
        const nash_node *nd = &net->nodes[i];
        needed[i] |= observed[i];
        pass_in[i] = -1;
        own[i] = nd->y;
        int same = -1; /* an earlier node this one equals */
        if (!observed[i] && needed[i] && !zero[i]) {
            if (nd->kind == NASH_NODE_ADD && nd->n_in == 2 && zero[nd->in[0]] != zero[nd->in[1]])
                same = nd->in[zero[nd->in[0]] ? 1 : 0];
            else if (nd->kind == NASH_NODE_ACT)
                same = first_equal_act(net, i);
        }
        if (same >= 0) {
            plan[i] = NASH_PLAN_PASS;
            pass_in[i] = same;
            needed[same] = 1;
            skipped++;
        } else if (observed[i] || (needed[i] && !zero[i])) {
            plan[i] = NASH_PLAN_RUN;
            for (int k = 0; k < nd->n_in; k++)
                needed[nd->in[k]] = 1;
        } else {
            plan[i] = needed[i] ? NASH_PLAN_ZERO : NASH_PLAN_SKIP;
            skipped++;
        }
    }
    /* How many times running nodes read each node, and the last of them.
     * DEFER (below) does not change which nodes run backward. */
    for (int j = 1; j < n; j++) {
        const nash_node *r = &net->nodes[j];
        dy_of[j] = -1;
        own_dy[j] = r->dy;
        if (nash_plan_runs_backward(plan[j]))
            for (int k = 0; k < r->n_in; k++) {
                readers[r->in[k]]++;
                reader[r->in[k]] = j;
            }
    }
    /* DEFER: a running, unobserved BN (batch statistics of this process)
     * read by one running node, an add that also runs; only the add reads its
     * y (add backward reads no y, and a second reader, even a PASS node
     * sharing its buffer, would keep it) */
    for (int i = 1; i < n && !net->bn_bypass && !net->data_parallel; i++) {
        if (net->nodes[i].kind != NASH_NODE_BN || plan[i] != NASH_PLAN_RUN || observed[i] ||
            readers[i] != 1)
            continue;
        const nash_node *r = &net->nodes[reader[i]];
        if (r->kind == NASH_NODE_ADD && plan[reader[i]] == NASH_PLAN_RUN &&
            r->fused_act == NASH_ACT_NONE)
            plan[i] = NASH_PLAN_DEFER;
    }
    /* Shared gradients: an add hands its dy unchanged to each input, so an
     * input read by that add alone (once) can use the add's dy buffer as its
     * own, and the copy goes. Bitwise the same values. */
    for (int x = 1; x < n; x++) {
        const nash_node *r = readers[x] == 1 ? &net->nodes[reader[x]] : NULL;
        if (r && r->kind == NASH_NODE_ADD && r->fused_act == NASH_ACT_NONE &&
            (plan[reader[x]] == NASH_PLAN_RUN || plan[reader[x]] == NASH_PLAN_PASS) &&
            nash_plan_runs_backward(plan[x]))
            dy_of[x] = reader[x];
    }
    free(readers);
    free(reader);
    free(zero);
    free(needed);
    net->plan = plan;
    net->plan_own_y = own;
    net->plan_pass_in = pass_in;
    net->plan_own_dy = own_dy;
    net->plan_dy_of = dy_of;
    net->plan_aliased = 0;
    return skipped;
}

void nash_net_plan_apply(nash_net *net, int on)
{
    if (!net->plan || net->plan_aliased == on)
        return;
    /* in graph order, so a PASS node reading another resolves to the buffer
     * that holds the value */
    for (int i = 1; i < net->n_nodes; i++) {
        if (net->plan[i] == NASH_PLAN_PASS)
            net->nodes[i].y = on ? net->nodes[net->plan_pass_in[i]].y : net->plan_own_y[i];
        net->nodes[i].bn_deferred = on && net->plan[i] == NASH_PLAN_DEFER;
    }
    /* from the output back, so an add whose own dy is shared resolves first */
    for (int i = net->n_nodes - 1; i >= 1; i--)
        if (net->plan_dy_of[i] >= 0)
            net->nodes[i].dy = on ? net->nodes[net->plan_dy_of[i]].dy : net->plan_own_dy[i];
    net->plan_aliased = on;
}

int nash_net_plan_mode(const nash_net *net, int node)
{
    return net->plan && node > 0 && node < net->n_nodes ? net->plan[node] : NASH_PLAN_RUN;
}
