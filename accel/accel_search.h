/*
 * accel_search.h — searches over the accelerator of accel.h for one network,
 * and the NAAS-style joint search of network and accelerator (accel/search.c).
 *
 * Owns: the accelerator design point (PE split between the conv / shift /
 * adder chunks + one dataflow per chunk), the three accelerator searches
 * (exhaustive, coarse-to-fine, FLASH-style), the NAAS wrapper (PE-array shape,
 * spatial loop dimensions, DRAM loop order) and the joint evolutionary loop.
 * Does not own: the cost model (accel.h), spaces and proxies (nas/), the
 * command line (tools/cmd_accel_search.c, tools/cmd_cosearch.c).
 *
 * THE SPACE. An accelerator is a PE split pes[k] over the chunks that have
 * layers, within the area-equivalent budget of the base config,
 *     pes_conv + (pes_shift + pes_adder) / cheap_pe_factor <= pe_budget,
 * and a dataflow per chunk (rs / is / ws / os; a chip has one per chunk, so
 * `auto` is not a choice). On the grid of `pe_step` PEs every active chunk but
 * the last takes a multiple of pe_step and the last active chunk takes the
 * largest whole number of PEs the remaining area buys (splits that leave area
 * unused are never better: the PE count only bounds the mapper). The GB stays
 * shared and co-scheduled as in the cost model (no partition is searched).
 *
 * Evaluations: every method reports `evaluations`, the sum of the
 * `evaluations` (tilings costed) of every nash_accel_evaluate call it made,
 * and `model_calls`, the number of those calls.
 *
 *   exhaustive    every split of the grid x every dataflow combination, each
 *                 with the full model (nash_accel_evaluate).
 *   coarse-fine   NASH §6.3 reading: coarse = rank the splits by a model-free
 *                 workload estimate (per chunk, sum over layers of ops /
 *                 min(PEs, parallelism of the layer); network = slowest chunk)
 *                 and keep the top_k; fine = per chunk and dataflow, the full
 *                 model on that chunk's layers alone (cached by chunk, PEs,
 *                 dataflow; after the first split a chunk's dataflows more
 *                 than df_keep x worse than its best in both latency and
 *                 energy are no longer costed), the
 *                 dataflow combination chosen from those chunk costs, a hill-climb over neighbouring grid splits with the
 *                 same tables, then the full model on the best `verify`
 *                 predicted designs and on every one-chunk dataflow change of
 *                 the best one (the tables ignore the shared GB, which can
 *                 reorder close dataflows); if the full model then differs
 *                 from the tables' prediction by > 1 % on the best design, a
 *                 full-model hill-climb over one-chunk dataflow changes and
 *                 neighbouring splits (<= 8 moves);
 *                 the best full-model design is the answer.
 *   flash         FLASH-style (Li et al. 2021) hierarchical optimiser: outer
 *                 = the continuous PE split (area fractions, stick-breaking) ->
 *                 the FLOPs-proportional split of chip_predictor.py plus a
 *                 Halton set (SHGO-like sampling), then Nelder-Mead from the best few starts,
 *                 rounded to `flash_step` PEs; inner = the discrete dataflow
 *                 per chunk solved exactly from the per-chunk tables; a
 *                 hill-climb on the rounding grid polishes the best point,
 *                 and the final designs get the full model as in coarse-fine.
 */
#ifndef NASH_ACCEL_SEARCH_H
#define NASH_ACCEL_SEARCH_H

#include <stdint.h>

#include "accel.h"

/* One accelerator design: PEs and dataflow per chunk (a chunk without layers has 0 PEs). */
typedef struct nash_accel_design {
    int pes[NASH_ACCEL_CHUNK_COUNT];
    nash_accel_dataflow dataflow[NASH_ACCEL_CHUNK_COUNT];
} nash_accel_design;

/* A design with its full-model figures. */
typedef struct nash_accel_point {
    nash_accel_design d;
    int valid;           /* 0: no design found (every point had a layer without a mapping) */
    double edp, latency_ms, energy_mj, fps, gops, area_mm2;
} nash_accel_point;

typedef enum nash_accel_search_method {
    NASH_ACCEL_SEARCH_EXHAUSTIVE = 0,
    NASH_ACCEL_SEARCH_COARSE_FINE,
    NASH_ACCEL_SEARCH_FLASH,
    NASH_ACCEL_SEARCH_METHOD_COUNT
} nash_accel_search_method;
extern const char *const nash_accel_search_method_names[NASH_ACCEL_SEARCH_METHOD_COUNT];
/* exhaustive coarse-fine flash */

typedef struct nash_accel_search_opts {
    nash_accel_objective objective; /* network objective (also the per-layer mapping objective) */
    int pe_step;                    /* grid of the exhaustive and coarse-fine searches (4) */
    int top_k;                      /* coarse-fine: splits kept by the coarse stage (16; at most
                                     * 1/8 of the grid, at least 1). On a full NASA network
                                     * (CIFAR-100, nasa-f) 4 and 8 kept 0.93 of the exhaustive
                                     * optimum and 16 found it (135 model calls of 101,632) */
    int verify;                     /* coarse-fine / flash: predicted designs given the full model (3) */
    double df_keep;                 /* coarse-fine: after the first split, a chunk's dataflows worse
                                     * than df_keep x its best in both latency and energy are no
                                     * longer costed (1.5; 0: never pruned) */
    int flash_step;                 /* flash: PE rounding of the split and its polishing grid (8) */
    int flash_samples;              /* flash: prior + Halton points (16) */
    int flash_starts;               /* flash: Nelder-Mead starts (3) */
    int flash_iters;                /* flash: Nelder-Mead iterations per start (30) */
} nash_accel_search_opts;

nash_accel_search_opts nash_accel_search_opts_default(void);

typedef struct nash_accel_search_result {
    nash_accel_point best;
    int64_t evaluations; /* sum of nash_accel_evaluate's `evaluations` over every call */
    int64_t model_calls; /* nash_accel_evaluate calls */
    int64_t designs;     /* designs (split x dataflows) ranked, by the model or the tables */
    double seconds;      /* wall time */
    double cpu_seconds;  /* the calling thread's CPU time (the machine may be shared) */
} nash_accel_search_result;

/* The config of a design: base with chunk_pes and dataflows set. */
void nash_accel_design_config(const nash_accel_config *base, const nash_accel_design *d,
                              nash_accel_config *out);
/* "conv 96 rs, shift 64 ws, adder 48 rs" */
void nash_accel_design_describe(const nash_accel_design *d, char *buf, size_t size);
/* Area-equivalent PEs of a design: conv + (shift + adder) / factor. */
double nash_accel_design_area_pes(const nash_accel_config *base, const nash_accel_design *d);

/* Runs one method on a network's layers. base supplies everything but the
 * split and the dataflows (pe_budget, cheap_pe_factor, memories, energies).
 * 0 with *res filled (res->best.valid = 0 when no design maps), -1 on a bad
 * config or layer list. */
int nash_accel_search(const nash_accel_config *base, const nash_accel_layer *layers, int n,
                      nash_accel_search_method method, const nash_accel_search_opts *o,
                      nash_accel_search_result *res);

/* The grid splits of the exhaustive search (for tests and reports): fills up
 * to max splits into out (may be NULL) and returns how many there are. */
int nash_accel_grid_splits(const nash_accel_config *base, const nash_accel_layer *layers, int n,
                           int pe_step, int (*out)[NASH_ACCEL_CHUNK_COUNT], int max);

/* ------------------------------------------------------------------------- */
/* NAAS-style accelerator genome (Lin et al., DAC 2021) and the joint search.  */
/*
 * The cost model's mapper chooses level-1 (spatial) factors freely under a PE
 * count. NAAS also searches the array shape, which loop dimensions are
 * spread over its rows and columns (PE connectivity) and the loop order.
 * This wrapper expresses them on top of the model, per layer:
 *   1. the model's best tiling for rows * cols PEs (nash_accel_map_layer;
 *      if its projection (2.) breaks a limit, the best tilings for half, a
 *      quarter, ... of the PEs are projected in turn; the first that fits);
 *      a layer whose dataflow window (R rows for rs, R*S for ws) is taller
 *      than the array has no mapping on this genome;
 *   2. projection onto the array: the level-1 factor of the row dimension
 *      must divide into rows / (R for rs, R*S for ws: the window the
 *      dataflow itself spreads over the rows), that of the column dimension
 *      into cols, and every other dimension gets level-1 factor 1; a factor
 *      that does not fit is reduced to its largest divisor that fits and the
 *      rest moves to a temporal level the dataflow allows (GB, DRAM or
 *      RF; every combination over the cut dimensions is costed and the
 *      valid one with the least EDP kept), and the tiling is re-costed with
 *      nash_accel_cost_tiling (RF / GB limits checked; if the projected tiling
 *      is invalid the layer has no mapping on this genome);
 *   3. the loop order of the two outer (DRAM-level) loops M3 and E3 decides
 *      which operand the GB keeps across the inner one. The model charges
 *      both refetches (ifmap x M3 and weights x E3: `none`); `m-outer` keeps
 *      the weights of one M3 slice (weights read once; needs their words in
 *      the free GB, else counted as `none`); `e-outer` keeps the ifmap rows of
 *      one E3 slice (ifmap read once; its tile is already in the GB
 *      footprint). The DRAM energy is corrected by the words saved.
 * Network totals: chunk latency = sum of its layers, network = slowest chunk,
 * energy = sum; every layer sees the whole GB (no co-scheduling here).
 */
enum { NASH_NAAS_DIM_M = 0, NASH_NAAS_DIM_C, NASH_NAAS_DIM_E, NASH_NAAS_DIM_F, NASH_NAAS_DIM_G,
       NASH_NAAS_DIM_COUNT };
extern const char *const nash_naas_dim_names[NASH_NAAS_DIM_COUNT]; /* m c e f g */
typedef enum nash_naas_order {
    NASH_NAAS_ORDER_NONE = 0, /* the model's counts (no reuse across the DRAM loops) */
    NASH_NAAS_ORDER_M_OUTER,
    NASH_NAAS_ORDER_E_OUTER,
    NASH_NAAS_ORDER_COUNT
} nash_naas_order;
extern const char *const nash_naas_order_names[NASH_NAAS_ORDER_COUNT]; /* none m-outer e-outer */

typedef struct nash_naas_chunk {
    int rows, cols;                 /* rows * cols <= the chunk's PEs; random genomes and
                                     * mutations take cols = PEs / rows (rows is the gene) */
    int row_dim, col_dim;           /* NASH_NAAS_DIM_*, different */
    nash_accel_dataflow dataflow;
    nash_naas_order order;
} nash_naas_chunk;

typedef struct nash_naas_genome {
    int pes[NASH_ACCEL_CHUNK_COUNT];
    nash_naas_chunk chunk[NASH_ACCEL_CHUNK_COUNT];
} nash_naas_genome;

typedef struct nash_naas_cost {
    int valid;                 /* every layer has a mapping on the genome */
    int failed_layers;         /* layers without one (the totals are then 0) */
    double latency_ms, energy_mj, edp, fps, gops;
    int64_t evaluations;
} nash_naas_cost;

/* One layer on a genome (steps 1-3 above): 1 with *m (the projected tiling,
 * its cycles and the model's energy) and *dram_saved_pj (what the loop order
 * saves; subtract it from m->energy_total_pj), 0 when the layer has no mapping
 * under the genome, -1 on a bad layer. *evaluations (may be NULL) counts
 * the tilings costed. */
int nash_naas_map_layer(const nash_accel_config *base, const nash_accel_layer *L,
                        const nash_naas_genome *g, nash_accel_mapping *m, double *dram_saved_pj,
                        int64_t *evaluations);
/* Costs the network on a genome. 0 (cost->valid = 0 when a layer has no
 * mapping under the genome's constraints), -1 on bad arguments. */
int nash_naas_evaluate(const nash_accel_config *base, const nash_accel_layer *layers, int n,
                       const nash_naas_genome *g, nash_naas_cost *cost);
/* Checks the shape constraints of a genome against the budget: 0 or -1 with a message. */
int nash_naas_check(const nash_accel_config *base, const nash_naas_genome *g);
/* A random valid genome for the active chunks of these layers. Random and
 * mutated genomes are repaired so that rows >= the dataflow's window (R for
 * rs, R*S for ws) when the PEs allow, and a loop dimension the dataflow
 * keeps at RF/PE level only (ws: E, F; is: M; os: C) is a spatial one:
 * 100 random NASA networks' genomes map 16 times instead of 3. */
void nash_naas_random(const nash_accel_config *base, const nash_accel_layer *layers, int n,
                      nash_rng *rng, nash_naas_genome *g);
/* Mutates one or more genes; the result is valid (shape within the PEs). */
void nash_naas_mutate(const nash_accel_config *base, const nash_accel_layer *layers, int n,
                      nash_rng *rng, nash_naas_genome *g);
void nash_naas_describe(const nash_naas_genome *g, char *buf, size_t size);

/* The joint evolutionary loop (aging evolution, Real et al. 2019) over
 * (architecture of a space, NAAS genome). fitness = proxy score when the
 * network's latency on its accelerator is <= max_latency_ms (0: no limit),
 * else -1e9 - latency, and -2e9 (1 + share of layers without a mapping)
 * when the genome cannot map the network, -1e10 when the proxy is NaN
 * (infeasible individuals rank by how close they are). */
typedef struct nash_naas_joint_opts {
    const nash_space *space;
    int c, h, w, classes;              /* network input */
    int proxy;                         /* NASH_PROXY_* */
    const nash_proxy_config *pc;
    const nash_proxy_data *pd;         /* may hold no images for data-free proxies */
    double max_latency_ms;
    int budget, population, tournament;
    uint64_t seed;
} nash_naas_joint_opts;

typedef struct nash_naas_joint_result {
    char arch[NASH_SPACE_ARCH_MAX];
    nash_naas_genome genome;
    nash_naas_cost cost;
    double proxy, fitness;
    int evaluated;                     /* individuals scored */
} nash_naas_joint_result;

int nash_naas_joint_search(const nash_accel_config *base, const nash_naas_joint_opts *o,
                           nash_naas_joint_result *res);

/* ------------------------------------------------------------------------- */
/* This CPU as a second target (FLASH measured a Raspberry Pi the same way). */
/*
 * The latency of a network on this CPU = the sum over its modelled layers
 * (nash_accel_extract) of each layer's forward time at batch 1 with nash's own
 * kernels: conv, linear and shift layers with nash_conv_pick (DeepShift runs
 * as a float conv of power-of-two weights on a CPU), adder layers with
 * nash_adder_pick, pooling layers timed as the depthwise conv of their window
 * (an upper bound of a pool's arithmetic). Each distinct shape is timed once
 * (one warm-up, then the minimum of repeats totalling >= 2 ms, at least 3)
 * and kept in the table for every later network. BN, activations and
 * additions are left out as in the accelerator model, and added by
 * nash_cpu_node_latency (nash_cpu_network_latency does both). Threads: whatever
 * OpenMP is given (run with OMP_NUM_THREADS=1 for a stable table). There is
 * no accelerator to search here: energy and EDP are not measured.
 */
/* A node the accelerator model leaves out, by what its time depends on. */
typedef struct nash_cpu_node_shape {
    nash_node_kind kind; /* BN, ACT, ADD, SCALE, DROPOUT or SHORTCUT_A */
    nash_act act;        /* ACT nodes */
    int c, h, w;         /* input */
    int oc, oh, ow;      /* output */
} nash_cpu_node_shape;

typedef struct nash_cpu_table {
    nash_accel_layer *shape; /* distinct shapes timed so far */
    double *ms;
    int n, cap;
    nash_cpu_node_shape *node; /* distinct unmodelled nodes timed so far */
    double *node_ms;
    int n_node, cap_node;
} nash_cpu_table;

/* Latency of the layers on this CPU (ms); *timed (may be NULL) gets how many
 * shapes had to be measured now. 0 or -1 with a message. */
int nash_cpu_latency(nash_cpu_table *t, const nash_accel_layer *layers, int n, double *latency_ms,
                     int *timed);
/* The rest of an inference forward pass on this CPU: the nodes the layer list
 * leaves out (BN in eval mode, activations, residual additions, NB201's
 * scale-by-0 `none`, dropout, option-A shortcuts), each distinct one timed once
 * as the only node of a batch-1 network (nash's own node code, minimum of
 * repeats totalling >= 1 ms, at least 5) and summed over the network's nodes.
 * The network's whole-pass CPU latency is nash_cpu_latency + this. Without it
 * the table ranks NB201-like cells poorly: these passes are ~30 % of their
 * batch-1 time. 0 or -1 with a message. */
int nash_cpu_node_latency(nash_cpu_table *t, const nash_net *net, double *latency_ms, int *timed);
/* nash_accel_extract + nash_cpu_latency + nash_cpu_node_latency: the whole
 * batch-1 forward pass of a built network on this CPU (ms). */
int nash_cpu_network_latency(nash_cpu_table *t, const nash_net *net, double *latency_ms,
                             int *timed);
void nash_cpu_table_free(nash_cpu_table *t);

#endif /* NASH_ACCEL_SEARCH_H */
