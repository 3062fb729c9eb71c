/*
 * net.c — the network graph: nodes in topological order, memory planning, and
 * the forward / backward loops.
 *
 * Owns: node, parameter and state registries; nash_net_compile (one arena per
 * (network, batch), parameter / gradient / state blocks, the activation
 * fusion plan: which act nodes share their producer's buffers); forward; backward
 * with gradient accumulation for inputs read by several nodes; the loss entry
 * point and its non-finite guard; per-node hooks.
 * Does not own: what each node kind computes (layer_*.c), the kernels.
 */
#include "net_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const nash_op_names[NASH_OP_COUNT] = {"conv", "shift", "shiftps", "adder"};
_Static_assert(sizeof nash_op_names / sizeof nash_op_names[0] == NASH_OP_COUNT, "op names");

const char *const nash_node_kind_names[NASH_NODE_KIND_COUNT] = {
    "input", "conv", "bn", "act", "maxpool", "avgpool", "gap", "linear", "dropout", "add", "shortcut_a", "scale"};
_Static_assert(sizeof nash_node_kind_names / sizeof nash_node_kind_names[0] == NASH_NODE_KIND_COUNT,
               "node kind names");

/* ------------------------------------------------------------------------- */
/* Building                                                                   */

nash_net *nash_net_create(int c, int h, int w)
{
    if (c <= 0 || h <= 0 || w <= 0) {
        nash_fail("network input %dx%dx%d: every dimension must be positive", c, h, w);
        return NULL;
    }
    nash_net *net = calloc(1, sizeof *net);
    if (!net) {
        nash_fail("out of memory creating a network");
        return NULL;
    }
    nash_shape s = {.c = c, .h = h, .w = w};
    if (nash_net_add_node(net, NASH_NODE_INPUT, NULL, 0, NULL, s, NULL) < 0) {
        free(net);
        return NULL;
    }
    nash_rng_seed(&net->rng, 0);
    return net;
}

void nash_net_free(nash_net *net)
{
    if (!net)
        return;
    for (int i = 0; i < net->n_nodes; i++) {
        nash_node *nd = &net->nodes[i];
        if (nd->ops && nd->ops->destroy)
            nd->ops->destroy(nd);
        free(nd->impl);
    }
    free(net->nodes);
    free(net->params);
    free(net->states);
    free(net->param_block);
    free(net->grad_block);
    free(net->state_block);
    nash_net_plan_free(net);
    nash_arena_free(&net->arena);
    free(net);
}

static int grow(void **array, int *cap, int need, size_t elem)
{
    if (need <= *cap)
        return 0;
    int ncap = *cap ? *cap * 2 : 16;
    while (ncap < need)
        ncap *= 2;
    void *p = realloc(*array, (size_t)ncap * elem);
    if (!p)
        return nash_fail("out of memory growing a table to %d entries", ncap);
    *array = p;
    *cap = ncap;
    return 0;
}

int nash_net_add_node(nash_net *net, nash_node_kind kind, const nash_layer_ops *ops, int n_in,
                      const int *in, nash_shape shape, void *impl)
{
    if (net->compiled) {
        free(impl);
        return nash_fail("network already compiled: no node can be added");
    }
    if (grow((void **)&net->nodes, &net->cap_nodes, net->n_nodes + 1, sizeof(nash_node)) != 0) {
        free(impl);
        return -1;
    }
    nash_node *nd = &net->nodes[net->n_nodes];
    memset(nd, 0, sizeof *nd);
    nd->kind = kind;
    nd->ops = ops;
    nd->n_in = n_in;
    for (int i = 0; i < n_in; i++)
        nd->in[i] = in[i];
    nd->shape = shape;
    nd->impl = impl;
    return net->n_nodes++;
}

int nash_net_add_param(nash_net *net, int node, const char *role, int ndim, const int64_t *shape,
                       unsigned flags)
{
    if (grow((void **)&net->params, &net->cap_params, net->n_params + 1, sizeof(nash_param)) != 0)
        return -1;
    nash_param *p = &net->params[net->n_params];
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "n%d.%s", node, role);
    p->node = node;
    p->ndim = ndim;
    p->numel = 1;
    for (int i = 0; i < ndim; i++) {
        p->shape[i] = shape[i];
        p->numel *= shape[i];
    }
    p->flags = flags;
    return net->n_params++;
}

int nash_net_add_state(nash_net *net, int node, const char *role, int64_t numel)
{
    if (grow((void **)&net->states, &net->cap_states, net->n_states + 1, sizeof(nash_state)) != 0)
        return -1;
    nash_state *s = &net->states[net->n_states];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "n%d.%s", node, role);
    s->node = node;
    s->numel = numel;
    return net->n_states++;
}

int nash_net_input_node(const nash_net *net) { (void)net; return 0; }
int nash_net_node_count(const nash_net *net) { return net->n_nodes; }
nash_shape nash_net_node_shape(const nash_net *net, int node) { return net->nodes[node].shape; }
nash_node_kind nash_net_node_kind(const nash_net *net, int node) { return net->nodes[node].kind; }
int64_t nash_net_node_macs(const nash_net *net, int node) { return net->nodes[node].macs; }
int nash_net_max_batch(const nash_net *net) { return net->max_batch; }
size_t nash_net_arena_bytes(const nash_net *net) { return net->arena.size; }
int nash_net_param_count(const nash_net *net) { return net->n_params; }
nash_param *nash_net_param(nash_net *net, int i) { return &net->params[i]; }
int nash_net_state_count(const nash_net *net) { return net->n_states; }
nash_state *nash_net_state(nash_net *net, int i) { return &net->states[i]; }
float *nash_net_input(nash_net *net) { return net->nodes[0].y; }
int nash_net_node_inputs(const nash_net *net, int node, int in[2])
{
    if (node < 0 || node >= net->n_nodes)
        return 0;
    const nash_node *nd = &net->nodes[node];
    for (int k = 0; k < nd->n_in; k++)
        in[k] = nd->in[k];
    return nd->n_in;
}

int nash_net_set_data_parallel(nash_net *net, const nash_data_parallel *dp)
{
    if (!net->compiled)
        return nash_fail("nash_net_set_data_parallel: compile the network first");
    if (!dp) {
        net->data_parallel = 0;
        return 0;
    }
    if (!dp->sum || dp->ranks < 1 || dp->rank < 0 || dp->rank >= dp->ranks)
        return nash_fail("nash_net_set_data_parallel: rank %d of %d, sum %s", dp->rank,
                         dp->ranks, dp->sum ? "set" : "missing");
    net->dp = *dp;
    net->data_parallel = 1;
    return 0;
}

int nash_net_global_batch(const nash_net *net, int n)
{
    return net->data_parallel ? net->dp_global_n : n;
}

/* Rank 0's BN running statistics (every state block) to every rank. */
int nash_net_broadcast_states(nash_net *net)
{
    if (!net->data_parallel || net->dp.ranks == 1)
        return 0;
    int64_t floats = 0;
    for (int i = 0; i < net->n_states; i++)
        floats += (net->states[i].numel + 15) / 16 * 16;
    if (net->dp.rank != 0)
        memset(net->state_block, 0, (size_t)floats * sizeof(float));
    return net->dp.sum(net->state_block, floats, net->dp.user);
}

int nash_net_node_window(const nash_net *net, int node, nash_node_window *w)
{
    if (node < 0 || node >= net->n_nodes)
        return nash_fail("nash_net_node_window: node %d out of range [0, %d)", node, net->n_nodes);
    const nash_node *nd = &net->nodes[node];
    switch (nd->kind) {
    case NASH_NODE_CONV:
        return nash_conv_node_window(nd, w);
    case NASH_NODE_MAXPOOL:
    case NASH_NODE_AVGPOOL:
        return nash_pool_node_window(nd, w);
    default:
        return nash_fail("nash_net_node_window: node %d is a %s node, not conv or pool", node,
                         nash_node_kind_names[nd->kind]);
    }
}

float *nash_net_output(nash_net *net, int node) { return net->nodes[node].y; }
float *nash_net_grad(nash_net *net, int node) { return net->nodes[node].dy; }
nash_rng *nash_net_rng(nash_net *net) { return &net->rng; }

int nash_net_set_input_grad(nash_net *net, int on)
{
    if (net->compiled)
        return nash_fail("nash_net_set_input_grad: the network is already compiled");
    net->input_grad = on != 0;
    return 0;
}

void nash_net_set_bn_bypass(nash_net *net, int on) { net->bn_bypass = on != 0; }

int nash_net_set_fusion(nash_net *net, int on)
{
    if (net->compiled)
        return nash_fail("nash_net_set_fusion: the network is already compiled");
    net->fusion = on != 0;
    return 0;
}

int nash_net_node_fused(const nash_net *net, int node)
{
    return node >= 0 && node < net->n_nodes && net->nodes[node].fused;
}

/* Marks which act nodes fold into their producer (see nash_net_set_fusion):
 * ReLU / ReLU6 after a BN or residual add that has no other consumer. */
static void plan_fusion(nash_net *net)
{
    int *consumers = calloc((size_t)net->n_nodes, sizeof *consumers);
    if (!consumers)
        return; /* fusion is an optimisation: without it the network is the same */
    for (int i = 1; i < net->n_nodes; i++)
        for (int k = 0; k < net->nodes[i].n_in; k++)
            consumers[net->nodes[i].in[k]]++;
    for (int i = 1; i < net->n_nodes; i++) {
        nash_node *nd = &net->nodes[i];
        nash_act act = nash_net_node_act(net, i);
        if (nd->kind != NASH_NODE_ACT || (act != NASH_ACT_RELU && act != NASH_ACT_RELU6))
            continue;
        nash_node *src = &net->nodes[nd->in[0]];
        if ((src->kind != NASH_NODE_BN && src->kind != NASH_NODE_ADD) || consumers[nd->in[0]] != 1)
            continue;
        src->fused_act = act;
        nd->fused = 1;
    }
    free(consumers);
}

void nash_net_set_raw_adder_grad(nash_net *net, int on) { net->raw_adder_grad = on != 0; }

void nash_net_set_hook(nash_net *net, nash_node_hook hook, void *user)
{
    net->hook = hook;
    net->hook_user = user;
}

int64_t nash_net_param_numel(const nash_net *net)
{
    int64_t n = 0;
    for (int i = 0; i < net->n_params; i++)
        n += net->params[i].numel;
    return n;
}

/* ------------------------------------------------------------------------- */
/* Memory planning                                                            */

static float *alloc_block(int64_t floats)
{
    size_t bytes = nash_arena_footprint((size_t)(floats > 0 ? floats : 1) * sizeof(float));
    float *p = aligned_alloc(64, bytes);
    if (p)
        memset(p, 0, bytes);
    return p;
}

/* Carves every buffer of the network from `a` (a counting arena in the sizing pass). */
static int bind_all(nash_net *net, nash_arena *a)
{
    int64_t largest = 0;
    for (int i = 0; i < net->n_nodes; i++) {
        nash_node *nd = &net->nodes[i];
        int64_t floats = nash_shape_floats(nd->shape, net->max_batch);
        if (floats > largest)
            largest = floats;
        if (nd->fused) { /* shares its producer's buffers (plan_fusion) */
            nd->y = nash_input_of(net, nd, 0)->y;
            nd->dy = nash_input_of(net, nd, 0)->dy;
            continue;
        }
        nd->y = nash_arena_alloc(a, (size_t)floats * sizeof(float));
        /* the input node needs no gradient (nothing upstream learns) unless a proxy asks */
        int wants_dy = i > 0 || net->input_grad;
        nd->dy = wants_dy ? nash_arena_alloc(a, (size_t)floats * sizeof(float)) : NULL;
        if (!nd->y || (wants_dy && !nd->dy))
            return nash_fail_context("node %d (%s)", i, nash_node_kind_names[nd->kind]);
        if (nd->ops && nd->ops->bind && nd->ops->bind(net, nd, a) != 0)
            return nash_fail_context("node %d (%s)", i, nash_node_kind_names[nd->kind]);
    }
    for (int k = 0; k < 2; k++)
        if (!(net->grad_tmp[k] = nash_arena_alloc(a, (size_t)largest * sizeof(float))))
            return -1;
    if (net->scratch_bytes && !(net->scratch = nash_arena_alloc(a, net->scratch_bytes)))
        return -1;
    if (!(net->label_buf = nash_arena_alloc(a, (size_t)net->max_batch * sizeof(int32_t))))
        return -1;
    return 0;
}

int nash_net_compile(nash_net *net, int max_batch)
{
    if (net->compiled)
        return nash_fail("network already compiled");
    if (max_batch <= 0)
        return nash_fail("batch size %d: must be positive", max_batch);
    if (net->n_nodes < 2)
        return nash_fail("network has no layers");
    nash_node *out = &net->nodes[net->n_nodes - 1];
    if (!out->shape.flat)
        return nash_fail("the last node (%d, %s) must produce plain logits [N][K] "
                         "(end the network with gap + linear)",
                         net->n_nodes - 1, nash_node_kind_names[out->kind]);
    net->max_batch = max_batch;
    if (net->fusion)
        plan_fusion(net);

    net->scratch_bytes = 0;
    for (int i = 1; i < net->n_nodes; i++) {
        nash_node *nd = &net->nodes[i];
        size_t s = nd->ops && nd->ops->scratch_bytes ? nd->ops->scratch_bytes(net, nd) : 0;
        if (s > net->scratch_bytes)
            net->scratch_bytes = s;
    }

    nash_arena counting;
    nash_arena_init_counting(&counting);
    if (bind_all(net, &counting) != 0)
        return -1;
    if (nash_arena_init(&net->arena, counting.used) != 0)
        return nash_fail_context("network of %d nodes at batch %d", net->n_nodes, max_batch);
    if (bind_all(net, &net->arena) != 0)
        return -1;

    int64_t pfloats = 0, sfloats = 0;
    for (int i = 0; i < net->n_params; i++)
        pfloats += (net->params[i].numel + 15) / 16 * 16; /* keep each 64-byte aligned */
    for (int i = 0; i < net->n_states; i++)
        sfloats += (net->states[i].numel + 15) / 16 * 16;
    net->param_block = alloc_block(pfloats);
    net->grad_block = alloc_block(pfloats);
    net->grad_floats = pfloats;
    net->state_block = alloc_block(sfloats);
    if (!net->param_block || !net->grad_block || !net->state_block)
        return nash_fail("out of memory for %lld parameters", (long long)pfloats);
    int64_t off = 0;
    for (int i = 0; i < net->n_params; i++) {
        net->params[i].data = net->param_block + off;
        net->params[i].grad = net->grad_block + off;
        off += (net->params[i].numel + 15) / 16 * 16;
    }
    off = 0;
    for (int i = 0; i < net->n_states; i++) {
        net->states[i].data = net->state_block + off;
        off += (net->states[i].numel + 15) / 16 * 16;
    }
    net->compiled = 1;
    return 0;
}

void nash_net_init_params(nash_net *net, nash_rng *rng)
{
    for (int i = 0; i < net->n_nodes; i++) {
        nash_node *nd = &net->nodes[i];
        if (nd->ops && nd->ops->init)
            nd->ops->init(net, nd, rng);
    }
    net->rng = nash_rng_split(rng);
}

/* ------------------------------------------------------------------------- */
/* Forward and backward                                                       */

void nash_net_forward(nash_net *net, int n, int training)
{
    const unsigned char *plan = training ? net->plan : NULL;
    nash_net_plan_apply(net, plan != NULL); /* PASS buffers shared, DEFER BNs deferred */
    for (int i = 1; i < net->n_nodes; i++) {
        nash_node *nd = &net->nodes[i];
        if (plan && plan[i] != NASH_PLAN_RUN && plan[i] != NASH_PLAN_DEFER) {
            if (plan[i] == NASH_PLAN_ZERO)
                memset(nd->y, 0, (size_t)nash_shape_floats(nd->shape, n) * sizeof(float));
            continue;
        }
        nd->ops->forward(net, nd, n, training);
        if (net->hook)
            net->hook(net, i, 0, net->hook_user);
    }
}

void nash_net_backward(nash_net *net, int n)
{
    const nash_eltwise_impl *elt = nash_eltwise_pick();
    for (int i = 0; i < net->n_nodes - 1; i++)
        net->nodes[i].grad_ready = 0;
    net->nodes[net->n_nodes - 1].grad_ready = 1;

    for (int i = net->n_nodes - 1; i >= 1; i--) {
        nash_node *nd = &net->nodes[i];
        if (!nd->grad_ready || (net->plan && !nash_plan_runs_backward(net->plan[i]))) {
            /* no consumer (the output does not depend on this node), or a
             * planned skip: its parameters' gradients are zero */
            nd->grad_ready = 0;
            continue;
        }
        float *dx[2] = {NULL, NULL};
        int accumulate[2] = {0, 0};
        int shared[2] = {0, 0};
        for (int k = 0; k < nd->n_in; k++) {
            nash_node *src = nash_input_of(net, nd, k);
            if (nd->in[k] == 0 && !net->input_grad)
                continue;
            if (net->plan && !nash_plan_runs_backward(net->plan[nd->in[k]]))
                continue; /* a zero-valued input: its gradient goes nowhere */
            if (net->plan_aliased && net->plan_dy_of[nd->in[k]] == i) {
                shared[k] = 1; /* the input's dy is this add's: nothing to write */
                continue;
            }
            int claimed = k == 1 && nd->in[0] == nd->in[1];
            if (src->grad_ready || claimed) {
                dx[k] = net->grad_tmp[k];
                accumulate[k] = 1;
            } else {
                dx[k] = src->dy;
            }
        }
        nd->ops->backward(net, nd, n, dx);
        for (int k = 0; k < nd->n_in; k++) {
            if (shared[k])
                nash_input_of(net, nd, k)->grad_ready = 1;
            if (!dx[k])
                continue;
            nash_node *src = nash_input_of(net, nd, k);
            if (accumulate[k])
                elt->accumulate(nash_shape_floats(src->shape, n), dx[k], src->dy);
            src->grad_ready = 1;
        }
        if (net->hook)
            net->hook(net, i, 1, net->hook_user);
    }
    /* the parameters of nodes that did not run backward: gradient 0 (the
     * overwrite contract of nash_net_loss_backward, not a stale value) */
    for (int i = 0; i < net->n_params; i++) {
        nash_param *p = &net->params[i];
        if (p->node > 0 && !net->nodes[p->node].grad_ready)
            memset(p->grad, 0, (size_t)p->numel * sizeof(float));
    }
}

double nash_net_loss(nash_net *net, int n, const int32_t *labels, float smoothing, int *correct)
{
    nash_node *out = &net->nodes[net->n_nodes - 1];
    return nash_eltwise_pick()->softmax_xent(n, out->shape.c, out->y, labels, smoothing, NULL,
                                             correct);
}

static int64_t first_non_finite(const float *p, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        if (!isfinite(p[i]))
            return i;
    return -1;
}

int nash_net_loss_backward(nash_net *net, int n, const int32_t *labels, float smoothing,
                           double *loss, int *correct)
{
    nash_node *out = &net->nodes[net->n_nodes - 1];
    for (int i = 0; i < n; i++)
        if (labels[i] < 0 || labels[i] >= out->shape.c)
            return nash_fail("label %d of sample %d is outside [0, %d)", labels[i], i,
                             out->shape.c);
    int ok_correct;
    double l = nash_eltwise_pick()->softmax_xent(n, out->shape.c, out->y, labels, smoothing,
                                                 out->dy, &ok_correct);
    if (net->data_parallel) {
        /* the loss of the global batch: mean over every rank's images */
        float tot[3] = {(float)n, (float)(l * n), (float)ok_correct};
        if (net->dp.sum(tot, 3, net->dp.user) != 0)
            return nash_fail_context("data-parallel loss");
        net->dp_global_n = (int)tot[0];
        float scale = (float)n / tot[0];
        int64_t count = (int64_t)n * out->shape.c;
        for (int64_t i = 0; i < count; i++)
            out->dy[i] *= scale;
        if (isfinite(l)) /* a rank's NaN must stay visible to that rank */
            l = (double)tot[1] / tot[0];
        ok_correct = (int)tot[2];
    } else {
        net->dp_global_n = n;
    }
    if (correct)
        *correct = ok_correct;
    if (loss)
        *loss = l;
    if (!isfinite(l)) {
        for (int i = 1; i < net->n_nodes; i++) {
            nash_node *nd = &net->nodes[i];
            int64_t bad = first_non_finite(nd->y, nash_shape_floats(nd->shape, n));
            if (bad >= 0)
                return nash_fail("loss is %g: first non-finite activation at node %d (%s), "
                                 "element %lld",
                                 l, i, nash_node_kind_names[nd->kind], (long long)bad);
        }
        return nash_fail("loss is %g", l);
    }
    nash_net_backward(net, n);
    /* every rank's gradient is of the global mean loss: their sum is the whole batch's */
    if (net->data_parallel) {
        if (net->dp.sum(net->grad_block, net->grad_floats, net->dp.user) != 0)
            return nash_fail_context("data-parallel gradient sum (%lld floats)",
                                     (long long)net->grad_floats);
        nash_conv_adder_rescale(net);
    }
    for (int i = 0; i < net->n_params; i++) {
        nash_param *p = &net->params[i];
        int64_t bad = first_non_finite(p->grad, p->numel);
        if (bad >= 0)
            return nash_fail("non-finite gradient in %s (node %d, %s), element %lld", p->name,
                             p->node, nash_node_kind_names[net->nodes[p->node].kind],
                             (long long)bad);
    }
    return 0;
}
