/*
 * accel.h — the one public header of accel/: an analytical cost model of a
 * chunked conv / shift / adder accelerator (NASA-F's chip_predictor family,
 * research/nash-nasa-hybrid-ops.md §6.1), for nash networks.
 *
 * Owns: the accelerator configuration (config.c: defaults, the `eyeriss` and
 * `nasa-f` presets, the `key = value` text format), the layer list of a built
 * network (layers.c), the per-layer mapping search and the chunk co-scheduler
 * (cost_model.c). Does not own: networks (runtime/, nas/), the command line
 * (tools/cmd_accel.c), searches over accelerators (the lead's files).
 *
 * Worked example — the cost of one network on the default accelerator:
 *
 *     nash_accel_config c;
 *     nash_accel_config_preset("nasa-f", &c);
 *     nash_accel_layer *layers; int n;
 *     nash_accel_report r;
 *     if (nash_accel_extract(net, &layers, &n) != 0 ||
 *         nash_accel_evaluate(&c, layers, n, &r) != 0)
 *         fprintf(stderr, "nash: error: %s\n", nash_last_error());
 *     printf("%.3f ms, %.4f mJ, %lld tilings costed\n", r.latency_ms, r.energy_mj,
 *            (long long)r.evaluations);
 *     nash_accel_report_free(&r); free(layers);
 *
 * THE MODEL (Eyeriss notation, Chen et al. ISCA 2016; NASA-F chip_predictor.py)
 *
 * A layer is (H, W, C, R, S, M, E, F, stride, G): input H x W x C, G groups,
 * each group a conv of C/G -> M/G channels with an R x S window giving an
 * E x F output. Every loop dimension X in {M, C, E, F, G} is split into up to
 * four levels X = X0 * X1 * X2 * X3: level 0 is the PE's register file (RF),
 * level 1 is spatial (across PEs), level 2 the global buffer (GB), level 3
 * DRAM. Which levels a dataflow uses (the others are 1; the last one listed
 * takes what is left; C3 = 1 as in NASA-F — no DRAM-level split of C):
 *
 *   dataflow  M          C        E        F        G     PEs used (level 1)
 *   RS        0,1,2,3    0,1,2    1,3      (all 0)  1,3   M1*C1*E1*R*G1
 *   IS        0,1        0,1,2    0,1,3    0,1,3    1,3   M1*C1*E1*F1*G1
 *   WS        0,1,2,3    0,1,2    0,1      0,1      1,3   M1*C1*E1*F1*R*S*G1
 *   OS        0,1,2,3    0,1      0,1,3    0,1,3    1,3   M1*C1*E1*F1*G1
 *
 * Register files (words): ifmap, weight and psum capacities bound the level-0
 * tile; the GB (words) bounds the ifmap + psum tile of the GB level minus the
 * words the other chunks' current tiles hold. Cycles and access counts are in
 * cost_model.c's header, with every formula. Energy = ops * e_op(bits) + the
 * DRAM / GB / NoC / RF word counts * their unit energies * bits / 16.
 *
 * Groups: a depthwise (or pooling) layer is ONE layer with G = C groups of
 * C/G = M/G = 1 channel; G is split into G1 groups side by side on the array
 * and G3 groups one after another. With G1 = 1 this is NASA-F's model (one
 * single-channel layer per depthwise channel, run one after another); G1 > 1
 * lets the mapper fill the PEs a 1-channel layer leaves idle.
 *
 * Totals (nash_accel_evaluate): the chunks run different layers at once
 * (NASA-F's co-scheduling), so a chunk's latency is the sum of its layers'
 * and the network latency is the slowest chunk's — the period of a
 * layer-pipelined accelerator in steady state, as chip_predictor.py reports
 * it (it is not the wall time of one isolated frame, which would also wait
 * on data dependencies between chunks). FPS = 1000 / latency_ms; GOPS =
 * ops per frame / latency, each multiply-, shift- or add-accumulate one op;
 * energy = sum over layers, DRAM included; EDP = energy_mj * latency_ms.
 *
 * Conventions: 0 / -1 returns with nash_last_error() (kernels/nash_kernels.h);
 * energies in pJ inside mappings, mJ in reports; latency in ms; EDP in mJ*ms.
 */
#ifndef NASH_ACCEL_H
#define NASH_ACCEL_H

#include <stdint.h>
#include <stdio.h>

#include "nash_nas.h"

/* ------------------------------------------------------------------------- */
/* Enumerations (each name table is sized by _COUNT).                         */

/* The chunks of the accelerator: sub-arrays that run different layers at once. */
typedef enum nash_accel_chunk {
    NASH_ACCEL_CHUNK_CONV = 0, /* multiplier PEs: conv, linear, pooling layers */
    NASH_ACCEL_CHUNK_SHIFT,    /* shift PEs (DeepShift-Q and -PS layers) */
    NASH_ACCEL_CHUNK_ADDER,    /* adder PEs (AdderNet layers) */
    NASH_ACCEL_CHUNK_COUNT
} nash_accel_chunk;
extern const char *const nash_accel_chunk_names[NASH_ACCEL_CHUNK_COUNT]; /* conv shift adder */

typedef enum nash_accel_dataflow {
    NASH_ACCEL_RS = 0, /* row stationary (Eyeriss) */
    NASH_ACCEL_IS,     /* input stationary */
    NASH_ACCEL_WS,     /* weight stationary */
    NASH_ACCEL_OS,     /* output stationary */
    NASH_ACCEL_DATAFLOW_COUNT,
    NASH_ACCEL_AUTO = NASH_ACCEL_DATAFLOW_COUNT /* config only: the best of the four per layer */
} nash_accel_dataflow;
extern const char *const nash_accel_dataflow_names[NASH_ACCEL_DATAFLOW_COUNT + 1]; /* rs..os, auto */

/* What a layer computes (decides its chunk and its unit energy). */
typedef enum nash_accel_kind {
    NASH_ACCEL_KIND_CONV = 0, /* multiply-accumulate conv (also grouped / depthwise) */
    NASH_ACCEL_KIND_SHIFT,    /* shift-accumulate (DeepShift-Q and -PS alike) */
    NASH_ACCEL_KIND_ADDER,    /* |x - w| accumulate (AdderNet) */
    NASH_ACCEL_KIND_POOL,     /* average / max / global pooling: one add (compare) per window element */
    NASH_ACCEL_KIND_LINEAR,   /* classifier: a 1x1 conv on a 1x1 map */
    NASH_ACCEL_KIND_COUNT
} nash_accel_kind;
extern const char *const nash_accel_kind_names[NASH_ACCEL_KIND_COUNT]; /* conv shift adder pool fc */

/* The energy split of a mapping / report. */
typedef enum nash_accel_energy_part {
    NASH_ACCEL_E_COMPUTE = 0,
    NASH_ACCEL_E_RF,
    NASH_ACCEL_E_NOC,
    NASH_ACCEL_E_GB,
    NASH_ACCEL_E_DRAM,
    NASH_ACCEL_E_COUNT
} nash_accel_energy_part;
extern const char *const nash_accel_energy_part_names[NASH_ACCEL_E_COUNT];

/* The memory levels whose word accesses are counted, and the three data types. */
enum { NASH_ACCEL_MEM_DRAM = 0, NASH_ACCEL_MEM_GB, NASH_ACCEL_MEM_NOC, NASH_ACCEL_MEM_RF,
       NASH_ACCEL_MEM_COUNT };
enum { NASH_ACCEL_DATA_IFMAP = 0, NASH_ACCEL_DATA_WEIGHT, NASH_ACCEL_DATA_OFMAP,
       NASH_ACCEL_DATA_COUNT };

typedef enum nash_accel_objective {
    NASH_ACCEL_OBJ_EDP = 0, /* per layer: minimum energy x latency (NASA-F) */
    NASH_ACCEL_OBJ_LATENCY, /* per layer: minimum cycles, then minimum energy */
    NASH_ACCEL_OBJ_COUNT
} nash_accel_objective;
extern const char *const nash_accel_objective_names[NASH_ACCEL_OBJ_COUNT]; /* edp latency */

typedef enum nash_accel_energy_mode {
    NASH_ACCEL_ENERGY_PER_OP = 0, /* mult for conv, shift for shift, add for adder/pool (default) */
    NASH_ACCEL_ENERGY_NASAF_MULT, /* NASA-F's code: multiplier energy for every chunk */
    NASH_ACCEL_ENERGY_MODE_COUNT
} nash_accel_energy_mode;
extern const char *const nash_accel_energy_mode_names[NASH_ACCEL_ENERGY_MODE_COUNT];

/* Bit-widths with a row in the unit-energy table. */
#define NASH_ACCEL_N_BITS 4
extern const int nash_accel_bit_rows[NASH_ACCEL_N_BITS]; /* 32, 16, 8, 6 */
/* Columns of the unit-energy table. */
enum { NASH_ACCEL_OP_MULT = 0, NASH_ACCEL_OP_ADD, NASH_ACCEL_OP_SHIFT, NASH_ACCEL_OP_COUNT };

/* ------------------------------------------------------------------------- */
/* Configuration (config.c).                                                  */

typedef struct nash_accel_config {
    char name[32];                 /* preset or file it came from (for reports) */
    int pe_budget;                 /* area-equivalent PEs (multiplier PE = 1) */
    double cheap_pe_factor;        /* a shift or adder PE costs 1/factor of a multiplier PE */
    int chunk_pes[NASH_ACCEL_CHUNK_COUNT]; /* all 0: FLOPs-proportional split of pe_budget */
    int single_array;              /* 1: one array runs every layer (Eyeriss); no chunks */
    int rf_ifmap_words, rf_weight_words, rf_psum_words; /* per-PE scratch pads */
    int64_t gb_words;              /* global buffer, shared by the chunks */
    double freq_mhz;
    int bits[NASH_ACCEL_CHUNK_COUNT];                   /* 6, 8, 16 or 32 */
    nash_accel_dataflow dataflow[NASH_ACCEL_CHUNK_COUNT]; /* or NASH_ACCEL_AUTO */
    nash_accel_objective objective;
    nash_accel_energy_mode energy_mode;
    int pool_as_conv;              /* 1: charge a pooling layer as a dense k x k conv C -> C */
    double e_op[NASH_ACCEL_N_BITS][NASH_ACCEL_OP_COUNT]; /* pJ per op, rows nash_accel_bit_rows */
    double e_dram, e_gb, e_noc, e_rf; /* pJ per 16-bit word (scaled by bits / 16) */
    double area_pe_mm2;            /* one multiplier PE with its register files */
    double area_gb_mm2_per_kword;  /* global buffer area per 1024 words */
} nash_accel_config;

/* The defaults: the `nasa-f` constants with dataflow `auto` in every chunk. */
void nash_accel_config_default(nash_accel_config *c);
/* "eyeriss", "nasa-f" or "default"; -1 with a message listing the names. */
int nash_accel_config_preset(const char *name, nash_accel_config *c);
/* Parses `key = value` lines ('#' starts a comment) over what *c holds;
 * `preset = NAME` (first) starts from a preset. `name` is used in messages:
 * "my.cfg:7: unknown key 'pe' (keys: preset, pe_budget, ...)". */
int nash_accel_config_parse(const char *text, const char *name, nash_accel_config *c);
/* Reads a file: the defaults, then the file's lines. */
int nash_accel_config_load(const char *path, nash_accel_config *c);
/* A preset name or a file path. */
int nash_accel_config_resolve(const char *preset_or_path, nash_accel_config *c);
/* Range checks of a filled config (the parser calls it). */
int nash_accel_config_check(const nash_accel_config *c);
/* Writes the config in the text format (round-trips through parse). */
void nash_accel_config_write(const nash_accel_config *c, FILE *f);
/* Index of `bits` in nash_accel_bit_rows, -1 if it has no row. */
int nash_accel_bit_row(int bits);

/* ------------------------------------------------------------------------- */
/* Layers (layers.c).                                                          */

typedef struct nash_accel_layer {
    char name[24];          /* "n12.conv", "n30.dw", ... (node id and type) */
    int node;               /* runtime node id (-1 for hand-made layers) */
    nash_accel_kind kind;
    int depthwise;          /* groups == C > 1 */
    int H, W, C;            /* input (unpadded) */
    int R, S;               /* window */
    int M, E, F;            /* output channels and size */
    int stride, pad;
    int groups;             /* G: C and M are totals, each group C/G -> M/G */
} nash_accel_layer;

/* The chunk a layer runs on (conv for pooling and linear layers). */
nash_accel_chunk nash_accel_layer_chunk(const nash_accel_layer *L);
/* Operations of one frame: G * (M/G) * (C/G) * R * S * E * F. */
int64_t nash_accel_layer_ops(const nash_accel_layer *L);
/* Checks the shape fields (positive, C and M divisible by G, E/F consistent). */
int nash_accel_layer_check(const nash_accel_layer *L);

/* The modelled layers of a built network, in node order: conv / shift /
 * adder convolutions (depthwise and grouped ones as one layer with G groups),
 * average / max / global pooling, and the linear classifier (a 1x1 layer).
 * BN, activations, additions, scaling (NB201 `none`), dropout and option-A
 * shortcuts are not modelled (they move data but have no MACs; the NB201 and
 * HW-NAS-Bench estimators ignore them too). *layers is malloc'ed; free() it. */
int nash_accel_extract(const nash_net *net, nash_accel_layer **layers, int *n);

/* ------------------------------------------------------------------------- */
/* Mapping and evaluation (cost_model.c).                                     */

/* Loop factors per level: x[0] RF, x[1] spatial, x[2] GB, x[3] DRAM. */
typedef struct nash_accel_tiling {
    int m[4], c[4], e[4], f[4], g[4];
} nash_accel_tiling;

typedef struct nash_accel_mapping {
    nash_accel_dataflow dataflow;
    nash_accel_tiling t;
    int pes_used;
    int64_t gb_footprint;     /* GB words held by the tile (what other chunks lose) */
    int64_t cycles;
    double latency_ms;
    double access[NASH_ACCEL_MEM_COUNT][NASH_ACCEL_DATA_COUNT]; /* words moved */
    double energy_pj[NASH_ACCEL_E_COUNT];
    double energy_total_pj;
    double edp;               /* energy_total_pj * latency_ms (the search's objective) */
    int64_t ops;
} nash_accel_mapping;

/* Costs one complete tiling with one dataflow on a chunk of `chunk_pes` PEs
 * whose GB budget is gb_words_free. Returns 1 and fills *m when the tiling is
 * valid (products equal the dimensions, unused levels are 1, the RF / PE / GB
 * limits hold), 0 when it is not (no message), -1 on a bad layer/config. */
int nash_accel_cost_tiling(const nash_accel_config *c, const nash_accel_layer *L, int chunk_pes,
                           int64_t gb_words_free, nash_accel_dataflow df,
                           const nash_accel_tiling *t, nash_accel_mapping *m);

/* The best mapping of one layer (objective of c; dataflow of its chunk, or all
 * four for `auto`) among every valid tiling. *evaluations (may be NULL) is
 * incremented by the number of tilings costed. -1 with a message naming the
 * layer, the PEs and the budget when no tiling fits. */
int nash_accel_map_layer(const nash_accel_config *c, const nash_accel_layer *L, int chunk_pes,
                         int64_t gb_words_free, nash_accel_mapping *best, int64_t *evaluations);

/* The PEs of each chunk for these layers: c->chunk_pes if any is set, else
 * the FLOPs-proportional split of chip_predictor.py: s = budget / (F_conv +
 * (F_shift + F_adder) / factor), conv floor(s F_conv), shift/adder ceil(s F)
 * (pooling and fc ops count as conv; a chunk with work gets at least 1 PE).
 * single_array: everything on the conv chunk with pe_budget PEs. */
int nash_accel_chunk_pes(const nash_accel_config *c, const nash_accel_layer *layers, int n,
                         int pes[NASH_ACCEL_CHUNK_COUNT]);

typedef struct nash_accel_report {
    int n_layers;
    nash_accel_mapping *maps;       /* per layer (malloc'ed) */
    int *chunk_of;                  /* per layer: its chunk */
    double *start_ms;               /* per layer: when its chunk started it */
    int chunk_pes[NASH_ACCEL_CHUNK_COUNT];
    int chunk_layers[NASH_ACCEL_CHUNK_COUNT];
    double chunk_latency_ms[NASH_ACCEL_CHUNK_COUNT];
    double chunk_energy_mj[NASH_ACCEL_CHUNK_COUNT];
    double latency_ms;              /* max over chunks (layer-pipelined chunks) */
    double energy_mj;               /* sum over layers, DRAM included */
    double energy_split_mj[NASH_ACCEL_E_COUNT];
    double edp;                     /* energy_mj * latency_ms */
    double fps;                     /* 1000 / latency_ms: one frame per slowest chunk period */
    double gops;                    /* ops / latency: each mult, shift or add counts 1 */
    int64_t ops;
    double area_mm2;                /* documented estimate (config.c) */
    int64_t evaluations;            /* tilings costed by the mapping searches */
    double map_seconds;             /* wall time of the evaluation */
    double map_cpu_seconds;         /* its CPU time (the calling thread's) */
} nash_accel_report;

/* Maps every layer and co-schedules the chunks: repeatedly the chunk with
 * the least accumulated latency maps its next layer, with the GB budget
 * reduced by the other chunks' current tiles. */
int nash_accel_evaluate(const nash_accel_config *c, const nash_accel_layer *layers, int n,
                        nash_accel_report *r);
void nash_accel_report_free(nash_accel_report *r);

/* Estimated area: chunk PEs (cheap PEs / factor) * area_pe + GB. */
double nash_accel_area_mm2(const nash_accel_config *c, const int pes[NASH_ACCEL_CHUNK_COUNT]);

/* "M2*4*3*1 C4*4*1*1 E1*8*1*4 ..." — each dimension of size > 1 as RF*PE*GB*DRAM. */
void nash_accel_tiling_describe(nash_accel_dataflow df, const nash_accel_tiling *t, char *buf,
                                size_t size);

#endif /* NASH_ACCEL_H */
