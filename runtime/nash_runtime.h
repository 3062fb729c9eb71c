/*
 * nash_runtime.h — the one public header of runtime/: tensors, memory, RNG,
 * layers with forward/backward, the network graph, optimisers, LR schedules.
 *
 * Owns: everything needed to build a network, run it forwards and backwards
 * and update its parameters, with no allocation in the training step.
 * Does not own: the compute (kernels/, included here), data loading
 * (datasets/), architecture strings and search spaces (nas/).
 *
 * Worked example — a tiny hybrid net trained one step:
 *
 *     nash_net *net = nash_net_create(3, 32, 32);               // input C,H,W
 *     int x = nash_net_input_node(net);
 *     x = nash_net_conv(net, x, NASH_OP_CONV, 16, 3, 1, 1, 1, 0, NULL);
 *     x = nash_net_bn(net, x, 1);
 *     x = nash_net_act(net, x, NASH_ACT_RELU);
 *     x = nash_net_conv(net, x, NASH_OP_ADDER, 16, 3, 1, 1, 1, 0, NULL);
 *     x = nash_net_bn(net, x, 1);
 *     x = nash_net_gap(net, x);
 *     x = nash_net_linear(net, x, 10, 1);
 *     if (nash_net_compile(net, 64) != 0) die(nash_last_error());  // plans the arena once
 *     nash_rng rng; nash_rng_seed(&rng, 42);
 *     nash_net_init_params(net, &rng);
 *     nash_optim *opt = nash_optim_create(net, &(nash_optim_config){ .kind = NASH_OPTIM_SGD,
 *                                          .lr = 0.1f, .momentum = 0.9f, .weight_decay = 5e-4f });
 *     nash_nchw_to_blocked(64, 3, 32, 32, images, nash_net_input(net));
 *     nash_net_forward(net, 64, 1);                              // training mode
 *     nash_net_loss_backward(net, 64, labels, 0.0f, &loss, &correct);
 *     nash_optim_step(opt, 0.1f);
 *
 * Graph model: a network is a list of nodes in topological order (each node
 * reads 1 or 2 earlier nodes). Node 0 is the input. The last node created is
 * the output (plain logits [N][K]). Activations of 4-D nodes are nChw16c (see
 * nash_kernels.h), of 2-D nodes plain [N][C].
 *
 * Memory: nash_net_compile() sizes and maps, once per (network, batch), one
 * arena holding every activation, gradient, saved statistic and the shared
 * kernel scratch (MADV_HUGEPAGE, pre-faulted). Parameters, their gradients and
 * the non-trained state (BN running statistics) are three further blocks;
 * optimiser state is one block owned by the optimiser. Nothing is allocated by
 * forward, backward or step.
 */
#ifndef NASH_RUNTIME_H
#define NASH_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include "nash_io.h"
#include "nash_kernels.h"

/* ------------------------------------------------------------------------- */
/* Threads.                                                                   */

/* Sets the OpenMP thread count used by every kernel (<= 0: all cores). */
void nash_set_threads(int threads);
int nash_get_threads(void);

/* ------------------------------------------------------------------------- */
/* Deterministic RNG: xoshiro256** seeded through splitmix64. The state is    */
/* plain data so checkpoints can store and restore it.                        */

typedef struct nash_rng {
    uint64_t s[4];
} nash_rng;

void nash_rng_seed(nash_rng *r, uint64_t seed);
uint64_t nash_rng_next(nash_rng *r);
/* uniform in [0, 1) with 24 random bits (exactly representable as float) */
float nash_rng_uniform(nash_rng *r);
/* uniform integer in [0, n) without modulo bias */
uint32_t nash_rng_below(nash_rng *r, uint32_t n);
/* standard normal (Box–Muller, no cached second value so the state is the whole story) */
float nash_rng_normal(nash_rng *r);
/* A child generator for an independent stream (e.g. per worker). */
nash_rng nash_rng_split(nash_rng *r);

/* ------------------------------------------------------------------------- */
/* Arena: one mapping, bump allocation, 64-byte alignment.                    */

typedef struct nash_arena {
    char *base;
    size_t size, used;
    int mapped;   /* 1: mmap'ed (munmap on free), 0: none */
    int counting; /* 1: a sizing pass — alloc only counts bytes and returns a dummy pointer */
} nash_arena;

/* Maps size bytes (MADV_HUGEPAGE when >= 2 MiB) and touches every page now so the
 * hot path never page-faults. 0 or -1 with the byte count in the message. */
int nash_arena_init(nash_arena *a, size_t size);
/* Next 64-byte-aligned block of bytes; NULL and a message naming needed vs available on overflow. */
void *nash_arena_alloc(nash_arena *a, size_t bytes);
void nash_arena_reset(nash_arena *a);
/* A sizing arena: same allocation calls, no memory; read .used afterwards. */
void nash_arena_init_counting(nash_arena *a);
void nash_arena_free(nash_arena *a);
/* Bytes an allocation of `bytes` occupies in an arena (for sizing passes). */
static inline size_t nash_arena_footprint(size_t bytes) { return (bytes + 63) / 64 * 64; }

/* ------------------------------------------------------------------------- */
/* Tensors: a typed view of memory owned elsewhere (arena or parameter block). */

typedef enum nash_dtype {
    NASH_F32 = 0,
    NASH_I8,
    NASH_U8,
    NASH_I32,
    NASH_DTYPE_COUNT
} nash_dtype;
extern const char *const nash_dtype_names[NASH_DTYPE_COUNT];
size_t nash_dtype_size(nash_dtype t);

typedef enum nash_layout {
    NASH_LAYOUT_PLAIN = 0, /* row-major over shape[] (strides as given) */
    NASH_LAYOUT_NCHW16C,   /* 4-D (N,C,H,W) channel-blocked, see nash_kernels.h */
    NASH_LAYOUT_COUNT
} nash_layout;

#define NASH_MAX_DIMS 5
typedef struct nash_tensor {
    void *data;
    nash_dtype dtype;
    nash_layout layout;
    int ndim;
    int64_t shape[NASH_MAX_DIMS];
    int64_t strides[NASH_MAX_DIMS]; /* in elements; meaningful for PLAIN */
} nash_tensor;

/* A plain contiguous view. */
nash_tensor nash_tensor_plain(void *data, nash_dtype t, int ndim, const int64_t *shape);
/* A blocked (N,C,H,W) fp32 view. */
nash_tensor nash_tensor_blocked(float *data, int64_t n, int64_t c, int64_t h, int64_t w);
/* Logical element count (pad lanes excluded). */
int64_t nash_tensor_numel(const nash_tensor *t);
/* Elements the storage spans (pad lanes included). */
int64_t nash_tensor_storage(const nash_tensor *t);
/* "[64, 16, 32, 32] f32 nChw16c" */
void nash_tensor_describe(const nash_tensor *t, char *buf, size_t size);

/* ------------------------------------------------------------------------- */
/* Layers and the network graph.                                             */

typedef enum nash_op {
    NASH_OP_CONV = 0, /* ordinary convolution */
    NASH_OP_SHIFT_Q,  /* DeepShift-Q: float master weights rounded to ±2^p, STE */
    NASH_OP_SHIFT_PS, /* DeepShift-PS: parameters P (shift) and S (sign) */
    NASH_OP_ADDER,    /* AdderNet: -sum |x - w|, HardTanh input grad, adaptive weight grad */
    NASH_OP_COUNT
} nash_op;
extern const char *const nash_op_names[NASH_OP_COUNT]; /* "conv", "shift", "shiftps", "adder" */

typedef enum nash_node_kind {
    NASH_NODE_INPUT = 0,
    NASH_NODE_CONV, /* conv / shift / adder, by nash_op */
    NASH_NODE_BN,
    NASH_NODE_ACT,
    NASH_NODE_MAXPOOL,
    NASH_NODE_AVGPOOL,
    NASH_NODE_GAP,
    NASH_NODE_LINEAR,
    NASH_NODE_DROPOUT,
    NASH_NODE_ADD,
    NASH_NODE_SHORTCUT_A,
    NASH_NODE_SCALE,  /* y = alpha * x (alpha = 0: NB201's `none` edge, x * 0) */
    NASH_NODE_KIND_COUNT
} nash_node_kind;
extern const char *const nash_node_kind_names[NASH_NODE_KIND_COUNT];

/* Options of a conv-shaped layer that are not its shape. NULL means defaults. */
typedef struct nash_conv_options {
    int shift_bits;     /* DeepShift weight bits (default 5; NASA uses 6) */
    int act_int_bits;   /* shift layers: fixed-point input I.F; 0 = float inputs (default) */
    int act_frac_bits;
    float adder_eta;    /* AdderNet adaptive-gradient eta (default 0.2); < 0 disables scaling */
} nash_conv_options;

/* Parameter flags. */
enum {
    NASH_PARAM_NO_DECAY = 1u << 0, /* BN affine and biases: excluded from weight decay when asked */
    NASH_PARAM_ADDER = 1u << 1,    /* adder weight (its gradient is adaptively scaled in backward) */
};

typedef struct nash_param {
    char name[48];  /* "n3.weight": node id and role; stable across runs */
    int node;
    int ndim;
    int64_t shape[4];
    int64_t numel;
    unsigned flags;
    float *data;    /* in the parameter block */
    float *grad;    /* in the gradient block */
} nash_param;

/* Non-trained persistent state (BN running mean/var). */
typedef struct nash_state {
    char name[48];
    int node;
    int64_t numel;
    float *data;
} nash_state;

typedef struct nash_net nash_net;

/* Per-sample shape of a node's output: 4-D blocked (c, h, w), or 2-D plain (c, h = w = 1, flat). */
typedef struct nash_shape {
    int c, h, w;
    int flat; /* 1: plain [N][c] */
} nash_shape;

nash_net *nash_net_create(int c, int h, int w);
void nash_net_free(nash_net *net);

/* Builders: each returns the new node id, or -1 with a message (bad shapes,
 * wrong input kind). Node ids are indexes in creation order. */
int nash_net_input_node(const nash_net *net);
int nash_net_conv(nash_net *net, int in, nash_op op, int oc, int k, int stride, int pad,
                  int groups, int bias, const nash_conv_options *opt);
int nash_net_bn(nash_net *net, int in, int affine);
int nash_net_act(nash_net *net, int in, nash_act act);
int nash_net_maxpool(nash_net *net, int in, int k, int stride, int pad);
int nash_net_avgpool(nash_net *net, int in, int k, int stride, int pad, int count_include_pad);
int nash_net_gap(nash_net *net, int in);
int nash_net_linear(nash_net *net, int in, int out, int bias);
int nash_net_dropout(nash_net *net, int in, float p);
int nash_net_add(nash_net *net, int a, int b);
int nash_net_shortcut_a(nash_net *net, int in, int oc, int stride);
/* y = alpha * x, dx = alpha * dy. With alpha = 0 it is PyTorch's x.mul(0.): NaN stays NaN. */
int nash_net_scale(nash_net *net, int in, float alpha);

int nash_net_node_count(const nash_net *net);
nash_shape nash_net_node_shape(const nash_net *net, int node);
nash_node_kind nash_net_node_kind(const nash_net *net, int node);
/* The op of a conv-shaped node (NASH_OP_CONV for others). */
nash_op nash_net_node_op(const nash_net *net, int node);
/* MACs of one sample's forward through a node (0 for non-conv/linear nodes). */
int64_t nash_net_node_macs(const nash_net *net, int node);
/* The activation of an act node (NASH_ACT_NONE for other kinds). */
nash_act nash_net_node_act(const nash_net *net, int node);
/* Input node ids of a node (n_in is 0, 1 or 2); returns n_in. */
int nash_net_node_inputs(const nash_net *net, int node, int in[2]);
/* The sliding window of a conv-shaped or pooling node. */
typedef struct nash_node_window {
    int k, stride, pad; /* square kernel, stride and zero padding */
    int groups;         /* conv: groups (depthwise: groups == input channels); pool: 1 */
    int has_bias;       /* conv: 1 when the node has a bias */
} nash_node_window;
/* Fills w for NASH_NODE_CONV / _MAXPOOL / _AVGPOOL nodes and returns 0; -1 (message set) else. */
int nash_net_node_window(const nash_net *net, int node, nash_node_window *w);

/* Data-parallel training (`nash train --distributed` under mpirun): every rank
 * holds the same network and a slice of each global batch; `sum` adds a float
 * array over the ranks in place (MPI_Allreduce; runtime/ stays MPI-free).
 * With it set:
 *   - nash_net_loss_backward scales the logits' gradient by n_local/n_global
 *     (the loss is the mean over the GLOBAL batch), returns the global loss and
 *     correct count, and sums every parameter gradient over the ranks, so each
 *     rank steps with the gradient one process would compute on the whole batch;
 *   - sync_bn = 1: training-mode BN uses the statistics of the global batch
 *     (mean and variance summed over ranks, two passes) and its backward the
 *     global sums of dy and dy*xhat — the loss then equals one process's to
 *     float rounding. sync_bn = 0: per-rank statistics (PyTorch DDP's default),
 *     and rank 0's running statistics are broadcast before each evaluation
 *     (DDP's broadcast_buffers);
 *   - nash_eval_epoch evaluates each rank's slice and sums loss, top-1/top-5
 *     counts and the confusion matrix over the ranks.
 * Call after compile; NULL turns it off. */
typedef int (*nash_allreduce_fn)(float *values, int64_t count, void *user);
typedef struct nash_data_parallel {
    nash_allreduce_fn sum;
    void *user;
    int rank, ranks;
    int sync_bn;
} nash_data_parallel;
int nash_net_set_data_parallel(nash_net *net, const nash_data_parallel *dp);
/* Images of the last training step over all ranks (n when not data-parallel). */
int nash_net_global_batch(const nash_net *net, int n);

/* Plans and maps memory for batches of up to max_batch; after this the
 * graph is frozen. Creates parameter, gradient and state blocks. */
int nash_net_compile(nash_net *net, int max_batch);
int nash_net_max_batch(const nash_net *net);
/* Bytes of the activation arena, and of parameters (for reports). */
size_t nash_net_arena_bytes(const nash_net *net);

/* PyTorch default inits: conv/linear weights and biases U(-1/sqrt(fan_in), +);
 * adder N(0,1); shift-PS P ~ U(-10,-1), S ~ U(-1,1); BN gamma 1, beta 0,
 * running mean 0, var 1. */
void nash_net_init_params(nash_net *net, nash_rng *rng);

int nash_net_param_count(const nash_net *net);
nash_param *nash_net_param(nash_net *net, int i);
int64_t nash_net_param_numel(const nash_net *net); /* trainable floats */
int nash_net_state_count(const nash_net *net);
nash_state *nash_net_state(nash_net *net, int i);

/* The input buffer: blocked (max_batch, C, H, W); write a batch here before forward. */
float *nash_net_input(nash_net *net);
/* A node's output / gradient buffer (valid after compile). */
float *nash_net_output(nash_net *net, int node);
float *nash_net_grad(nash_net *net, int node);

/* Forward over n <= max_batch samples; training = 1 uses batch statistics in
 * BN (and updates running stats), applies dropout, saves what backward needs. */
void nash_net_forward(nash_net *net, int n, int training);
/* Softmax cross-entropy on the output node against labels, then the full
 * backward pass: fills every parameter gradient (overwriting). Returns 0, or
 * -1 when the loss or a gradient is not finite (the message names the node). */
int nash_net_loss_backward(nash_net *net, int n, const int32_t *labels, float smoothing,
                           double *loss, int *correct);
/* Backward from a gradient already written into the output node's grad buffer. */
void nash_net_backward(nash_net *net, int n);
/* Loss and accuracy only (no backward). */
double nash_net_loss(nash_net *net, int n, const int32_t *labels, float smoothing, int *correct);

/* Per-node hook, called after a node's forward (backward = 0) and after its
 * backward (backward = 1) — for proxies and debugging. NULL to clear. */
typedef void (*nash_node_hook)(nash_net *net, int node, int backward, void *user);
void nash_net_set_hook(nash_net *net, nash_node_hook hook, void *user);

/* Activation fusion (off by default; set before compile): a ReLU or ReLU6 node
 * whose input is a BN or residual-add node read by nothing else is folded
 * into that node. The producer writes act(y) into one buffer the two nodes
 * share (so nash_net_output of the producer is then post-activation), the act
 * node's own forward and backward do nothing, and the producer's backward
 * applies the activation's mask itself. Saves a read and a write of the map
 * in each direction, and memory. The values are bit-identical to the unfused
 * network. Training, evaluation and the benchmarks turn it on; proxies, whose
 * hooks read every node's own output, leave it off. */
int nash_net_set_fusion(nash_net *net, int on);
/* 1 when `node` is an act node folded into its input by fusion. */
int nash_net_node_fused(const nash_net *net, int node);

/* Modes for zero-shot proxies (nas/proxies.c), off by default:
 * input_grad: backward also fills nash_net_grad(net, 0), the gradient with
 *   respect to the input batch (jacob_cov). Set before compile (it sizes memory).
 * bn_bypass: every BN node passes its input through unchanged, forward and
 *   backward, and leaves its parameter gradients zero (SynFlow removes BN). */
int nash_net_set_input_grad(nash_net *net, int on);
void nash_net_set_bn_bypass(nash_net *net, int on);
/* raw_adder_grad: adder weight gradients are left as X - W sums, without
 * AdderNet's adaptive eta sqrt(k) / ||g|| scaling (the proxy `hybrid` wants
 * the gradient before that per-batch normalisation). */
void nash_net_set_raw_adder_grad(nash_net *net, int on);

/* Skip plan (runtime/net_plan.c has the rules): after compile, marks the
 * nodes whose values are exactly zero (ops fed only by NB201's `none`) or
 * that no output and no observed node depends on. Training-mode forwards
 * then write zeros for the first kind (where something reads them) and skip
 * both; backward skips them and gives their parameters a zero gradient. An
 * add with exactly one zero-valued input passes the other through: its
 * output is that input's buffer, no pass over memory (backward still hands
 * its gradient on). A BN whose only reader is an add computes its
 * statistics and leaves its output unwritten (DEFER): the add applies the
 * transform as it reads the BN's input. observed[node] = 1 keeps a node
 * running and its output written (a hook reads it; hooks are called for
 * running nodes only, and may read the inputs of observed nodes). Assumes finite activations
 * (x * 0 of an Inf is NaN in the full graph). Returns the number of nodes
 * left out or passed through, or -1. NULL clears the plan.
 * Evaluation-mode forwards ignore it. */
int nash_net_plan_skips(nash_net *net, const unsigned char *observed);
enum { NASH_PLAN_MODE_RUN = 0, NASH_PLAN_MODE_ZERO = 1, NASH_PLAN_MODE_SKIP = 2,
       NASH_PLAN_MODE_PASS = 3, NASH_PLAN_MODE_DEFER = 4 };
/* A node's mode under the current plan (RUN when there is none). */
int nash_net_plan_mode(const nash_net *net, int node);

/* BN re-calibration (NASA-F re-calibrates the BN statistics of sub-networks
 * before evaluating them; it also repairs the running statistics of adder
 * nets, whose BN inputs drift fast while the learning rate is high): _begin
 * resets every BN's running mean/var and makes the following training-mode
 * forwards accumulate a plain cumulative average of their batch statistics
 * (PyTorch's momentum=None); _end restores the usual momentum 0.1. */
void nash_net_bn_recalibrate_begin(nash_net *net);
void nash_net_bn_recalibrate_end(nash_net *net);

/* Dropout draws from this generator (seeded by nash_net_init_params' rng split). */
nash_rng *nash_net_rng(nash_net *net);

/* ------------------------------------------------------------------------- */
/* Optimisers.                                                                */

typedef enum nash_optim_kind {
    NASH_OPTIM_SGD = 0,
    NASH_OPTIM_ADAM,
    NASH_OPTIM_RADAM,
    NASH_OPTIM_COUNT
} nash_optim_kind;
extern const char *const nash_optim_names[NASH_OPTIM_COUNT];

typedef struct nash_optim_config {
    nash_optim_kind kind;
    float lr;               /* base learning rate (the schedule scales it) */
    float momentum;         /* SGD */
    int nesterov;           /* SGD */
    float weight_decay;     /* L2 added to the gradient (SGD, Adam, RAdam — PyTorch semantics) */
    int decay_all;          /* 1: also decay BN/bias (NASH_PARAM_NO_DECAY ignored) */
    float beta1, beta2, eps; /* Adam/RAdam (defaults 0.9, 0.999, 1e-8 when 0) */
    float clip_norm;        /* > 0: clip the global gradient L2 norm to this before the step */
} nash_optim_config;

typedef struct nash_optim nash_optim;

nash_optim *nash_optim_create(nash_net *net, const nash_optim_config *cfg);
void nash_optim_free(nash_optim *o);
/* One update with learning rate lr. Returns the global gradient norm before clipping. */
double nash_optim_step(nash_optim *o, float lr);
int64_t nash_optim_steps(const nash_optim *o);
/* Optimiser state for checkpoints: `count` named float arrays (e.g. "n3.weight.momentum"). */
int nash_optim_state_count(const nash_optim *o);
float *nash_optim_state(nash_optim *o, int i, const char **name, int64_t *numel);
void nash_optim_set_steps(nash_optim *o, int64_t steps);

/* ------------------------------------------------------------------------- */
/* Learning-rate schedules: lr(step) for step in [0, total_steps).            */

typedef enum nash_schedule_kind {
    NASH_SCHED_CONSTANT = 0,
    NASH_SCHED_COSINE, /* base * (1 + cos(pi * t / T)) / 2, down to final_lr */
    NASH_SCHED_STEP,   /* base * gamma^(number of milestones passed) */
    NASH_SCHED_COUNT
} nash_schedule_kind;
extern const char *const nash_schedule_names[NASH_SCHED_COUNT];

#define NASH_MAX_MILESTONES 8
typedef struct nash_schedule {
    nash_schedule_kind kind;
    float base_lr;
    float final_lr;       /* cosine floor (default 0) */
    int64_t total_steps;
    int64_t warmup_steps; /* linear warm-up from 0 to base_lr, then the schedule over the rest */
    float gamma;          /* step decay factor (default 0.1) */
    int n_milestones;
    int64_t milestones[NASH_MAX_MILESTONES]; /* in steps */
} nash_schedule;

float nash_schedule_lr(const nash_schedule *s, int64_t step);

/* ------------------------------------------------------------------------- */
/* Checkpoints (safetensors): parameters, BN statistics, optimiser state, the  */
/* dropout RNG, the epoch, the arch string, the normalisation and free-form    */
/* run metadata — all in the safetensors header/tensors so Python's            */
/* `safetensors` reads them. Tensor names: parameters and states by their      */
/* nash names ("n3.weight", "n4.running_mean"), optimiser state               */
/* "<param>.<slot>" ("n3.weight.momentum_buffer"), "optim.steps" (I64),       */
/* "rng.dropout" (U64[4]).                                                     */

typedef struct nash_ckpt_info {
    char arch[512];       /* the architecture string the network was built from */
    char dataset[32];
    int epoch;            /* completed epochs */
    int64_t step;         /* global optimiser step */
    float mean[3], std[3];/* input normalisation */
    double best_acc;      /* best test top-1 so far (%), and its epoch */
    int best_epoch;
    char optimizer[16];   /* "sgd", ... ("" when no optimiser state is stored) */
    char metrics_csv[16384]; /* the run's metrics.csv so far, so a resume restores it exactly */
    char config_json[4096];  /* the run's configuration */
} nash_ckpt_info;

/* Writes atomically. opt may be NULL (weights-only checkpoint). */
int nash_checkpoint_save(const char *path, nash_net *net, nash_optim *opt,
                         const nash_ckpt_info *info);
/* Reads only the metadata (to rebuild the network before loading). */
int nash_checkpoint_read_info(const char *path, nash_ckpt_info *info);
/* Loads into a network built from info->arch (and an optimiser of the same kind, or
 * NULL). On entry info->arch and info->optimizer (either may be "") say what the
 * caller expects; on success *info is the checkpoint's. Refuses: a truncated or
 * corrupt file, a foreign format or version, another arch or optimiser, a missing
 * tensor, a wrong dtype or shape. */
int nash_checkpoint_load(const char *path, nash_net *net, nash_optim *opt, nash_ckpt_info *info);

/* ------------------------------------------------------------------------- */
/* Train / evaluate loops over a batch source, with progress display.         */

/* Writes the next batch (blocked images, labels) and returns its size; 0 at the end of
 * the epoch; -1 on error (message set). */
typedef int (*nash_batch_source)(void *user, float *images, int32_t *labels);

typedef struct nash_epoch_result {
    double loss;          /* mean over images */
    double acc;           /* top-1 % */
    double top5;          /* top-5 % (eval only) */
    int64_t images;
    double seconds;
    double img_s;
    float lr;             /* learning rate of the last step (train) */
} nash_epoch_result;

typedef struct nash_progress {
    const char *label;    /* "train", "eval" */
    int epoch, epochs;    /* 1-based epoch shown */
    int batches;          /* expected batches (for ETA), 0 if unknown */
    int quiet;            /* no progress output at all */
} nash_progress;

/* One epoch of training: forward, loss (+ label smoothing), backward, step with the
 * scheduled lr. Returns 0, or -1 when the loss or a gradient is not finite (message
 * names the node) or the source fails. */
int nash_train_epoch(nash_net *net, nash_optim *opt, const nash_schedule *sched, int64_t *step,
                     float smoothing, nash_batch_source src, void *user,
                     const nash_progress *progress, nash_epoch_result *res);
/* Evaluation (BN running statistics, no dropout). confusion (nullable) is classes x
 * classes, [true][predicted], accumulated. */
int nash_eval_epoch(nash_net *net, nash_batch_source src, void *user, int64_t *confusion,
                    const nash_progress *progress, nash_epoch_result *res);

/* BN re-calibration over a batch source: resets the running statistics, averages
 * the batch statistics of up to `batches` training-mode forwards (no backward, no
 * update of parameters), restores the usual momentum. Returns the batches used
 * (>= 1), or -1 (the source failed, or gave nothing). */
int nash_bn_recalibrate(nash_net *net, nash_batch_source src, void *user, int batches);
/* The batches nash train / nash study re-calibrate with by default: 20 when the
 * network has adder layers (whose BN inputs drift), else 0. */
int nash_bn_recal_default(const nash_net *net);

/* Seconds since an arbitrary start (monotonic). */
double nash_now(void);

#endif /* NASH_RUNTIME_H */
