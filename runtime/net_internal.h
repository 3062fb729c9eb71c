/*
 * net_internal.h — what runtime/ files share about nodes and networks
 * (private to runtime/; the public API is nash_runtime.h).
 *
 * Owns: the node and network structs and the layer-ops table each node kind
 * fills. A node kind lives in its own file (layer_conv.c, layer_bn.c,
 * layer_basic.c) with forward and backward side by side; net.c owns the graph,
 * memory planning and the forward/backward loops.
 */
#ifndef NASH_NET_INTERNAL_H
#define NASH_NET_INTERNAL_H

#include "nash_runtime.h"

typedef struct nash_node nash_node;

typedef struct nash_layer_ops {
    /* Carve this node's saved buffers (sized for net->max_batch) from the arena;
     * called twice by compile, first with a counting arena. Returns 0 or -1. */
    int (*bind)(nash_net *net, nash_node *nd, nash_arena *arena);
    /* Kernel scratch bytes this node may need at max_batch (0 if none). */
    size_t (*scratch_bytes)(const nash_net *net, const nash_node *nd);
    /* Parameter and state initialisation. NULL if the node has none. */
    void (*init)(nash_net *net, nash_node *nd, nash_rng *rng);
    /* y = f(inputs) for n samples. */
    void (*forward)(nash_net *net, nash_node *nd, int n, int training);
    /* Given nd->dy: write the input gradients into dx[0..n_in) (overwrite; an
     * entry is NULL when that input needs no gradient) and the parameter
     * gradients (overwrite). */
    void (*backward)(nash_net *net, nash_node *nd, int n, float *const dx[2]);
    void (*destroy)(nash_node *nd); /* frees nd->impl's own allocations (NULL: just free impl) */
} nash_layer_ops;

struct nash_node {
    nash_node_kind kind;
    const nash_layer_ops *ops;
    int in[2];
    int n_in;
    nash_shape shape;  /* per-sample output shape */
    int64_t macs;      /* per-sample forward MACs */
    float *y, *dy;     /* output and its gradient (arena), sized for max_batch */
    int grad_ready;    /* backward bookkeeping: dy holds a value this pass */
    nash_act fused_act; /* BN / add: activation folded in by fusion (NONE if none) */
    int fused;          /* act node folded into its input: y, dy shared, ops do nothing */
    int bn_deferred;    /* BN under a skip plan whose only reader is an add: forward
                         * computes the statistics only, the add applies them
                         * (nash_bn_normalise_add); y is not written */
    void *impl;        /* the kind's own struct */
};

struct nash_net {
    nash_node *nodes;
    int n_nodes, cap_nodes;
    nash_param *params;
    int n_params, cap_params;
    nash_state *states;
    int n_states, cap_states;
    int max_batch;
    int compiled;
    float *param_block, *grad_block, *state_block; /* one block each, 64-byte aligned */
    nash_arena arena;
    void *scratch;        /* shared kernel scratch, the largest need of any node */
    size_t scratch_bytes;
    float *grad_tmp[2];   /* for inputs whose gradient is accumulated from several consumers */
    int32_t *label_buf;   /* max_batch labels, for the train/eval loops */
    nash_rng rng;         /* dropout */
    nash_node_hook hook;
    int input_grad;       /* nash_net_set_input_grad */
    int bn_bypass;        /* nash_net_set_bn_bypass */
    int fusion;           /* nash_net_set_fusion */
    int raw_adder_grad;   /* nash_net_set_raw_adder_grad */
    int bn_cumulative;    /* nash_net_bn_recalibrate_begin/_end */
    void *hook_user;
    int data_parallel;    /* nash_net_set_data_parallel */
    nash_data_parallel dp;
    int dp_global_n;      /* images of the last step over all ranks */
    int64_t grad_floats;  /* floats of grad_block (params 64-byte aligned) */
    unsigned char *plan;  /* nash_net_plan_skips: NASH_PLAN_* per node, NULL: run all */
    float **plan_own_y;   /* with a plan: each node's own output buffer (a PASS
                           * node's y points at its live input's meanwhile) */
    int *plan_pass_in;    /* with a plan: a PASS node's live input, else -1 */
    float **plan_own_dy;  /* with a plan: each node's own gradient buffer */
    int *plan_dy_of;      /* with a plan: the add whose dy this node's dy is, else -1 */
    int plan_aliased;     /* nash_net_plan_apply is on */
};

/* Skip-plan modes (net_plan.c decides, net.c's loops honour); the public
 * NASH_PLAN_MODE_* of nash_runtime.h have the same values. */
enum { NASH_PLAN_RUN = 0, NASH_PLAN_ZERO = 1, NASH_PLAN_SKIP = 2, NASH_PLAN_PASS = 3,
       NASH_PLAN_DEFER = 4 };

/* The modes whose nodes run backward: RUN, PASS (backward as RUN: a PASS
 * add hands dy to its live input) and DEFER. */
static inline int nash_plan_runs_backward(unsigned char mode)
{
    return mode == NASH_PLAN_RUN || mode == NASH_PLAN_PASS || mode == NASH_PLAN_DEFER;
}
/* Frees the plan and its arrays (pointers must be restored first: net_plan.c). */
void nash_net_plan_free(nash_net *net);

/* on = 1: points the y of every PASS node at the buffer of the node it
 * equals and marks DEFER BNs deferred; on = 0 undoes both (net.c's forward
 * calls it, on for training-mode passes under a plan; net_plan.c). */
void nash_net_plan_apply(nash_net *net, int on);
/* The forward of an add one of whose inputs is a deferred BN (layer_bn.c). */
void nash_bn_normalise_add(nash_net *net, nash_node *add, int n);

/* Data parallel: AdderNet's adaptive scaling of every adder weight gradient,
 * applied after the sum over ranks (layer_conv.c). */
void nash_conv_adder_rescale(nash_net *net);
/* Data parallel: rank 0's running statistics to every rank (net.c). */
int nash_net_broadcast_states(nash_net *net);

/* The factor of a scale node (layer_basic.c). */
float nash_scale_alpha(const nash_node *nd);

/* nash_net_node_window for one kind (layer_conv.c, layer_basic.c). */
int nash_conv_node_window(const nash_node *nd, nash_node_window *w);
int nash_pool_node_window(const nash_node *nd, nash_node_window *w);

/* Floats of a node's output for n samples (pad lanes included for blocked). */
static inline int64_t nash_shape_floats(nash_shape s, int64_t n)
{
    return s.flat ? n * s.c : nash_blocked_size(n, s.c, s.h, s.w);
}
static inline nash_node *nash_input_of(nash_net *net, nash_node *nd, int i)
{
    return &net->nodes[nd->in[i]];
}

/* Registers a trainable parameter of node `node`; returns its index (data pointers are
 * assigned by compile). */
int nash_net_add_param(nash_net *net, int node, const char *role, int ndim, const int64_t *shape,
                       unsigned flags);
int nash_net_add_state(nash_net *net, int node, const char *role, int64_t numel);
/* Appends a node (inputs already validated); returns its id or -1. */
int nash_net_add_node(nash_net *net, nash_node_kind kind, const nash_layer_ops *ops, int n_in,
                      const int *in, nash_shape shape, void *impl);

/* Layer constructors' ops tables. */
extern const nash_layer_ops nash_conv_layer_ops;
extern const nash_layer_ops nash_bn_layer_ops;
extern const nash_layer_ops nash_act_layer_ops;
extern const nash_layer_ops nash_maxpool_layer_ops;
extern const nash_layer_ops nash_avgpool_layer_ops;
extern const nash_layer_ops nash_gap_layer_ops;
extern const nash_layer_ops nash_linear_layer_ops;
extern const nash_layer_ops nash_dropout_layer_ops;
extern const nash_layer_ops nash_add_layer_ops;
extern const nash_layer_ops nash_shortcut_a_layer_ops;
extern const nash_layer_ops nash_scale_layer_ops;

#endif
