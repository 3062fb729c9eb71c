/*
 * cost_model.c — the per-layer mapping search and the chunk co-scheduler of
 * the accelerator model (accel.h has the template, the loop levels per
 * dataflow and the PE formulas).
 *
 * Owns: validity of a tiling, its cycles and access counts, the energy split,
 * the pruned exhaustive search for the best tiling, the PE split between
 * chunks, and the co-scheduling of chunks into network totals. Does not own:
 * configs (config.c), layer extraction (layers.c).
 *
 * Sources: NASA-F chip_predictor.py (valid_tiling, get_latency, get_energy,
 * predictor; shihuihong214/NASA-F@37653ba), which follows the Eyeriss
 * analytical model (Chen et al., ISCA 2016 §V). Formulas below are per group
 * (C, M = the group's channels; n_if = H W C, n_w = R S C M, n_of = E F M),
 * and every count is multiplied by G. Levels: X0 RF, X1 spatial, X2 GB, X3
 * DRAM (C3 = 1). max1(x) = max(x, 1).
 *
 *  RS  cycles M3 M2 M0 C3 C2 C0 E3 F S G3
 *      DRAM  if M3 n_if         w E3 n_w           of max1(2 C3 - 1) n_of
 *      GB    if M3 M2 n_if      (weights bypass)   of max1(2 C3 (C2 - 1)) n_of
 *      NoC   if M3 M2 M1 R (E/H) n_if     w E3 E1 n_w      of max1(C3 C2 (C1 R - 1)) n_of
 *      RF    if M3 M2 M1 M0 R S (E/H)(F/W) n_if   w E3 E1 F n_w   of max1(2 C3 C2 C1 R (C0 S - 1)) n_of
 *      RF limits  C0 S <= rf_ifmap, M0 C0 S <= rf_weight, M0 <= rf_psum
 *      GB tile    C1 C0 ((E1-1)s+R)((F-1)s+S) + M2 M1 M0 E1 F
 *  IS  cycles M0 C3 C2 C0 E3 E0 F3 F0 R S G3
 *      DRAM  if n_if            w E3 F3 n_w        of max1(2 C3 - 1) n_of
 *      GB    if n_if                                of max1(2 C3 (C2 - 1)) n_of
 *      NoC   if M1 E3 ((E0E1-1)s+R) F3 ((F0F1-1)s+S) C   w E3 F3 E1 F1 n_w   of max1(C3 C2 (C1-1)) n_of
 *      RF    if M1 M0 n_if      w E F n_w          of max1(2 C3 C2 C1 (C0 R S - 1)) n_of
 *      RF limits  C0 ((E0-1)s+R)((F0-1)s+S) <= rf_ifmap, M0 C0 R S <= rf_weight, M0 <= rf_psum
 *      GB tile    C1 C0 ((E1E0-1)s+R)((F1F0-1)s+S) + M1 M0 E1 E0 F1 F0
 *  WS  cycles M3 M2 M0 C3 C2 C0 E0 F0 G3
 *      DRAM  if M3 n_if         w n_w              of max1(2 C3 - 1) n_of
 *      GB    if M3 M2 n_if                         of max1(2 C3 (C2 - 1)) n_of
 *      NoC   if M3 M2 M1 R S (E/H)(F/W) n_if   w E1 F1 n_w   of max1(C3 C2 (C1 R S - 1)) n_of
 *      RF    if M3 M2 M1 M0 R S (E/H)(F/W) n_if   w E F n_w   of max1(2 C3 C2 C1 R S (C0 - 1)) n_of
 *      RF limits  C0 <= rf_ifmap, M0 C0 <= rf_weight, M0 <= rf_psum
 *      GB tile    C1 C0 ((E-1)s+R)((F-1)s+S) + M2 M1 M0 E F
 *  OS  cycles M3 M2 M0 C0 E3 E0 F3 F0 R S G3
 *      DRAM  if M3 n_if         w E3 F3 n_w        of n_of
 *      GB    if M3 M2 n_if                         of n_of
 *      NoC   if M3 M2 M1 E3 ((E0E1-1)s+R) F3 ((F0F1-1)s+S) C   w E3 F3 E1 F1 n_w   of max1(C1-1) n_of
 *      RF    if M3 M2 M1 M0 R S (E/H)(F/W) n_if   w E F n_w   of max1(2 C1 (C0 R S - 1)) n_of
 *      RF limits  C0 ((E0-1)s+R)((F0-1)s+S) <= rf_ifmap, M0 R S C0 <= rf_weight, M0 E0 F0 <= rf_psum
 *      GB tile    C1 C0 ((E1E0-1)s+R)((F1F0-1)s+S) + M2 M1 M0 E1 E0 F1 F0
 *  Every GB tile is multiplied by G1 (groups side by side).
 *
 * Differences from NASA-F's code, on purpose: limits are <= (its RF sizes are
 * one less in the nasa-f preset); NASA-F forbids E1 = 1 (E0 = 1, F0 = 1) for
 * non-FC layers, we let the search decide; the IS / OS ifmap RF limit is the
 * full 2-D input tile (the code checks one 1-D strip); OS's psum tile M0 E0 F0
 * must fit the psum RF (the code only bounds M0); groups (G1, G3) are ours.
 * Energy: ops * e_op + DRAM, GB, NoC, RF words * e_mem * bits / 16 (the code's
 * DRAM<->GB term has unit energy 0 and is left out).
 *
 * Search (exact: it returns the minimum over every valid tiling, which
 * tests/test_accel.c checks against brute force): a depth-first enumeration
 * of the factor of every (dimension, level) slot — spatial slots first
 * (largest factors first), then RF, GB, DRAM; the last level of a dimension
 * takes the remaining factor. Three cuts, none of which can drop the optimum:
 *   - RF and PE limits are monotone in every factor, so RF factors are visited
 *     in increasing order and the first that breaks a limit ends its loop;
 *   - once the spatial factors are set the cycles are known, and a subtree
 *     whose cycles x energy floor (energy_floor_spatial) exceeds the best
 *     objective so far (also across dataflows under `auto`) is skipped;
 *   - M2 against M3 (same product): only DRAM ifmap traffic changes, so the
 *     largest M2 whose GB tile fits is the only one costed.
 * `evaluations` counts the tilings actually costed (leaves). Divisors are
 * computed once per layer; no allocation during the search.
 * nash_accel_evaluate keeps, per layer shape and PE count, the best tiling
 * under the whole GB; when its tile fits the current budget it is also the
 * best under that budget, otherwise the layer is searched again.
 */
#include "accel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nash_kernels.h"

const char *const nash_accel_energy_part_names[NASH_ACCEL_E_COUNT] = {"compute", "rf", "noc",
                                                                      "gb", "dram"};

enum { DIM_M = 0, DIM_C, DIM_E, DIM_F, DIM_G, N_DIMS };

/* Allowed levels per (dataflow, dimension), bit l = level l; see accel.h. */
static const unsigned level_mask[NASH_ACCEL_DATAFLOW_COUNT][N_DIMS] = {
    /*        M     C     E     F     G   */
    /* RS */ {0xF, 0x7, 0xA, 0x1, 0xA},
    /* IS */ {0x3, 0x7, 0xB, 0xB, 0xA},
    /* WS */ {0xF, 0x7, 0x3, 0x3, 0xA},
    /* OS */ {0xF, 0x3, 0xB, 0xB, 0xA},
};

#define MAX_DIVISORS 256

/* One layer as the model sees it (per group), with its unit energies. */
typedef struct geom {
    const nash_accel_layer *L;
    int H, W, C, M, R, S, E, F, s, G;
    int total[N_DIMS];
    double n_if, n_w, n_of;  /* per group */
    double e_op, mem_scale;  /* pJ per op; bits / 16 */
    int64_t ops;
    int rf_if, rf_w, rf_ps;
    int pes;
    int64_t gb_free;
    const nash_accel_config *cfg;
} geom;

static inline double max1(double x) { return x > 1.0 ? x : 1.0; }

/* The chunk a layer runs on under this config. */
static nash_accel_chunk chunk_of(const nash_accel_config *c, const nash_accel_layer *L)
{
    return c->single_array ? NASH_ACCEL_CHUNK_CONV : nash_accel_layer_chunk(L);
}

static int geom_init(geom *g, const nash_accel_config *c, const nash_accel_layer *L, int pes,
                     int64_t gb_free)
{
    if (nash_accel_layer_check(L) != 0)
        return -1;
    memset(g, 0, sizeof *g);
    g->L = L;
    g->cfg = c;
    int groups = L->groups;
    int C = L->C, M = L->M;
    int pool_dense = L->kind == NASH_ACCEL_KIND_POOL && c->pool_as_conv;
    if (pool_dense) /* HW-NAS-Bench's estimator charges a pool like a k x k conv C -> C */
        groups = 1;
    g->G = groups;
    g->C = C / groups, g->M = M / groups;
    g->H = L->H, g->W = L->W, g->R = L->R, g->S = L->S, g->E = L->E, g->F = L->F, g->s = L->stride;
    g->total[DIM_M] = g->M, g->total[DIM_C] = g->C, g->total[DIM_E] = g->E;
    g->total[DIM_F] = g->F, g->total[DIM_G] = g->G;
    g->n_if = (double)g->H * g->W * g->C;
    g->n_w = (double)g->R * g->S * g->C * g->M;
    g->n_of = (double)g->E * g->F * g->M;
    g->ops = (int64_t)g->G * g->M * g->C * g->R * g->S * g->E * g->F;
    nash_accel_chunk k = chunk_of(c, L);
    int row = nash_accel_bit_row(c->bits[k]);
    if (row < 0)
        return nash_fail("bits_%s %d has no unit-energy row", nash_accel_chunk_names[k],
                         c->bits[k]);
    int col = NASH_ACCEL_OP_MULT;
    if (c->energy_mode == NASH_ACCEL_ENERGY_PER_OP) {
        if (L->kind == NASH_ACCEL_KIND_SHIFT)
            col = NASH_ACCEL_OP_SHIFT;
        else if (L->kind == NASH_ACCEL_KIND_ADDER ||
                 (L->kind == NASH_ACCEL_KIND_POOL && !pool_dense))
            col = NASH_ACCEL_OP_ADD;
    }
    g->e_op = c->e_op[row][col];
    g->mem_scale = c->bits[k] / 16.0;
    g->rf_if = c->rf_ifmap_words, g->rf_w = c->rf_weight_words, g->rf_ps = c->rf_psum_words;
    g->pes = pes;
    g->gb_free = gb_free;
    return 0;
}

/* ------------------------------------------------------------------------- */
/* The model of one tiling                                                    */

/* Factors of a tiling as v[dim][level]. */
typedef int factors[N_DIMS][4];

static void to_factors(const nash_accel_tiling *t, factors v)
{
    for (int l = 0; l < 4; l++) {
        v[DIM_M][l] = t->m[l], v[DIM_C][l] = t->c[l], v[DIM_E][l] = t->e[l];
        v[DIM_F][l] = t->f[l], v[DIM_G][l] = t->g[l];
    }
}

static void from_factors(const factors v, nash_accel_tiling *t)
{
    for (int l = 0; l < 4; l++) {
        t->m[l] = v[DIM_M][l], t->c[l] = v[DIM_C][l], t->e[l] = v[DIM_E][l];
        t->f[l] = v[DIM_F][l], t->g[l] = v[DIM_G][l];
    }
}

/* Register-file limits (unassigned factors are 1, so this is a lower bound). */
static int rf_fits(const geom *g, int df, const factors v)
{
    int64_t M0 = v[DIM_M][0], C0 = v[DIM_C][0], E0 = v[DIM_E][0], F0 = v[DIM_F][0];
    int64_t R = g->R, S = g->S, s = g->s;
    int64_t tile_if = C0 * ((E0 - 1) * s + R) * ((F0 - 1) * s + S);
    switch (df) {
    case NASH_ACCEL_RS:
        return C0 * S <= g->rf_if && M0 * C0 * S <= g->rf_w && M0 <= g->rf_ps;
    case NASH_ACCEL_IS:
        return tile_if <= g->rf_if && M0 * C0 * R * S <= g->rf_w && M0 <= g->rf_ps;
    case NASH_ACCEL_WS:
        return C0 <= g->rf_if && M0 * C0 <= g->rf_w && M0 <= g->rf_ps;
    default: /* OS */
        return tile_if <= g->rf_if && M0 * R * S * C0 <= g->rf_w && M0 * E0 * F0 <= g->rf_ps;
    }
}

static int64_t pes_used(const geom *g, int df, const factors v)
{
    int64_t p = (int64_t)v[DIM_M][1] * v[DIM_C][1] * v[DIM_E][1] * v[DIM_F][1] * v[DIM_G][1];
    if (df == NASH_ACCEL_RS)
        p *= g->R;
    else if (df == NASH_ACCEL_WS)
        p *= (int64_t)g->R * g->S;
    return p;
}

static int64_t gb_footprint(const geom *g, int df, const factors v)
{
    int64_t M0 = v[DIM_M][0], M1 = v[DIM_M][1], M2 = v[DIM_M][2];
    int64_t C0 = v[DIM_C][0], C1 = v[DIM_C][1];
    int64_t E0 = v[DIM_E][0], E1 = v[DIM_E][1], F0 = v[DIM_F][0], F1 = v[DIM_F][1];
    int64_t R = g->R, S = g->S, s = g->s, E = g->E, F = g->F, G1 = v[DIM_G][1];
    int64_t words;
    switch (df) {
    case NASH_ACCEL_RS:
        words = C1 * C0 * ((E1 - 1) * s + R) * ((F - 1) * s + S) + M2 * M1 * M0 * E1 * F;
        break;
    case NASH_ACCEL_IS:
        words = C1 * C0 * ((E1 * E0 - 1) * s + R) * ((F1 * F0 - 1) * s + S) +
                M1 * M0 * E1 * E0 * F1 * F0;
        break;
    case NASH_ACCEL_WS:
        words = C1 * C0 * ((E - 1) * s + R) * ((F - 1) * s + S) + M2 * M1 * M0 * E * F;
        break;
    default:
        words = C1 * C0 * ((E1 * E0 - 1) * s + R) * ((F1 * F0 - 1) * s + S) +
                M2 * M1 * M0 * E1 * E0 * F1 * F0;
        break;
    }
    return words * G1;
}

static int64_t cycles_of(const geom *g, int df, const factors v)
{
    int64_t M0 = v[DIM_M][0], M2 = v[DIM_M][2], M3 = v[DIM_M][3];
    int64_t C0 = v[DIM_C][0], C2 = v[DIM_C][2], C3 = v[DIM_C][3];
    int64_t E0 = v[DIM_E][0], E3 = v[DIM_E][3], F0 = v[DIM_F][0], F3 = v[DIM_F][3];
    int64_t G3 = v[DIM_G][3], R = g->R, S = g->S;
    switch (df) {
    case NASH_ACCEL_RS:
        return M3 * M2 * M0 * C3 * C2 * C0 * E3 * g->F * S * G3;
    case NASH_ACCEL_IS:
        return M0 * C3 * C2 * C0 * E3 * E0 * F3 * F0 * R * S * G3;
    case NASH_ACCEL_WS:
        return M3 * M2 * M0 * C3 * C2 * C0 * E0 * F0 * G3;
    default:
        return M3 * M2 * M0 * C0 * E3 * E0 * F3 * F0 * R * S * G3;
    }
}

/* Word accesses of the whole layer: acc[level][data] (see the header table). */
static void accesses(const geom *g, int df, const factors v,
                     double acc[NASH_ACCEL_MEM_COUNT][NASH_ACCEL_DATA_COUNT])
{
    double M0 = v[DIM_M][0], M1 = v[DIM_M][1], M2 = v[DIM_M][2], M3 = v[DIM_M][3];
    double C0 = v[DIM_C][0], C1 = v[DIM_C][1], C2 = v[DIM_C][2], C3 = v[DIM_C][3];
    double E0 = v[DIM_E][0], E1 = v[DIM_E][1], E3 = v[DIM_E][3];
    double F0 = v[DIM_F][0], F1 = v[DIM_F][1], F3 = v[DIM_F][3];
    double R = g->R, S = g->S, s = g->s, E = g->E, F = g->F, H = g->H, W = g->W, C = g->C;
    double nif = g->n_if, nw = g->n_w, nof = g->n_of;
    double eh = E / H, fw = F / W;
    double (*a)[NASH_ACCEL_DATA_COUNT] = acc;
    enum { D = NASH_ACCEL_MEM_DRAM, B = NASH_ACCEL_MEM_GB, N = NASH_ACCEL_MEM_NOC,
           RF = NASH_ACCEL_MEM_RF, I = NASH_ACCEL_DATA_IFMAP, Wt = NASH_ACCEL_DATA_WEIGHT,
           O = NASH_ACCEL_DATA_OFMAP };
    switch (df) {
    case NASH_ACCEL_RS:
        a[D][I] = M3 * nif, a[D][Wt] = E3 * nw, a[D][O] = max1(2 * C3 - 1) * nof;
        a[B][I] = M3 * M2 * nif, a[B][Wt] = 0, a[B][O] = max1(2 * C3 * (C2 - 1)) * nof;
        a[N][I] = M3 * M2 * M1 * R * eh * nif, a[N][Wt] = E3 * E1 * nw;
        a[N][O] = max1(C3 * C2 * (C1 * R - 1)) * nof;
        a[RF][I] = M3 * M2 * M1 * M0 * R * S * eh * fw * nif, a[RF][Wt] = E3 * E1 * F * nw;
        a[RF][O] = max1(2 * C3 * C2 * C1 * R * (C0 * S - 1)) * nof;
        break;
    case NASH_ACCEL_IS:
        a[D][I] = nif, a[D][Wt] = E3 * F3 * nw, a[D][O] = max1(2 * C3 - 1) * nof;
        a[B][I] = nif, a[B][Wt] = 0, a[B][O] = max1(2 * C3 * (C2 - 1)) * nof;
        a[N][I] = M1 * E3 * ((E0 * E1 - 1) * s + R) * F3 * ((F0 * F1 - 1) * s + S) * C;
        a[N][Wt] = E3 * F3 * E1 * F1 * nw, a[N][O] = max1(C3 * C2 * (C1 - 1)) * nof;
        a[RF][I] = M1 * M0 * nif, a[RF][Wt] = E * F * nw;
        a[RF][O] = max1(2 * C3 * C2 * C1 * (C0 * R * S - 1)) * nof;
        break;
    case NASH_ACCEL_WS:
        a[D][I] = M3 * nif, a[D][Wt] = nw, a[D][O] = max1(2 * C3 - 1) * nof;
        a[B][I] = M3 * M2 * nif, a[B][Wt] = 0, a[B][O] = max1(2 * C3 * (C2 - 1)) * nof;
        a[N][I] = M3 * M2 * M1 * R * S * eh * fw * nif, a[N][Wt] = E1 * F1 * nw;
        a[N][O] = max1(C3 * C2 * (C1 * R * S - 1)) * nof;
        a[RF][I] = M3 * M2 * M1 * M0 * R * S * eh * fw * nif, a[RF][Wt] = E * F * nw;
        a[RF][O] = max1(2 * C3 * C2 * C1 * R * S * (C0 - 1)) * nof;
        break;
    default: /* OS */
        a[D][I] = M3 * nif, a[D][Wt] = E3 * F3 * nw, a[D][O] = nof;
        a[B][I] = M3 * M2 * nif, a[B][Wt] = 0, a[B][O] = nof;
        a[N][I] = M3 * M2 * M1 * E3 * ((E0 * E1 - 1) * s + R) * F3 * ((F0 * F1 - 1) * s + S) * C;
        a[N][Wt] = E3 * F3 * E1 * F1 * nw, a[N][O] = max1(C1 - 1) * nof;
        a[RF][I] = M3 * M2 * M1 * M0 * R * S * eh * fw * nif, a[RF][Wt] = E * F * nw;
        a[RF][O] = max1(2 * C1 * (C0 * R * S - 1)) * nof;
        break;
    }
    for (int l = 0; l < NASH_ACCEL_MEM_COUNT; l++)
        for (int d = 0; d < NASH_ACCEL_DATA_COUNT; d++)
            a[l][d] *= g->G;
}

/* Energy (pJ) of the access counts and the ops; parts[] may be NULL. */
static double energy_of(const geom *g, double acc[NASH_ACCEL_MEM_COUNT][NASH_ACCEL_DATA_COUNT],
                        double *parts)
{
    const nash_accel_config *c = g->cfg;
    double unit[NASH_ACCEL_MEM_COUNT] = {c->e_dram, c->e_gb, c->e_noc, c->e_rf};
    static const int part_of_level[NASH_ACCEL_MEM_COUNT] = {NASH_ACCEL_E_DRAM, NASH_ACCEL_E_GB,
                                                            NASH_ACCEL_E_NOC, NASH_ACCEL_E_RF};
    double p[NASH_ACCEL_E_COUNT] = {0};
    p[NASH_ACCEL_E_COMPUTE] = (double)g->ops * g->e_op;
    for (int l = 0; l < NASH_ACCEL_MEM_COUNT; l++)
        p[part_of_level[l]] =
            (acc[l][0] + acc[l][1] + acc[l][2]) * unit[l] * g->mem_scale;
    double total = 0;
    for (int i = 0; i < NASH_ACCEL_E_COUNT; i++) {
        total += p[i];
        if (parts)
            parts[i] = p[i];
    }
    return total;
}

static void fill_mapping(const geom *g, int df, const factors v, nash_accel_mapping *m)
{
    memset(m, 0, sizeof *m);
    m->dataflow = (nash_accel_dataflow)df;
    from_factors(v, &m->t);
    m->pes_used = (int)pes_used(g, df, v);
    m->gb_footprint = gb_footprint(g, df, v);
    m->cycles = cycles_of(g, df, v);
    m->latency_ms = (double)m->cycles / (g->cfg->freq_mhz * 1e3);
    accesses(g, df, v, m->access);
    m->energy_total_pj = energy_of(g, m->access, m->energy_pj);
    m->edp = m->energy_total_pj * m->latency_ms;
    m->ops = g->ops;
}

/* ------------------------------------------------------------------------- */
/* Validity of a complete tiling (the public entry and the exhaustive test).  */

static int tiling_valid(const geom *g, int df, const factors v)
{
    for (int d = 0; d < N_DIMS; d++) {
        int64_t prod = 1;
        for (int l = 0; l < 4; l++) {
            if (v[d][l] < 1)
                return 0;
            if (v[d][l] != 1 && !(level_mask[df][d] >> l & 1u))
                return 0;
            prod *= v[d][l];
        }
        if (prod != g->total[d])
            return 0;
    }
    return rf_fits(g, df, v) && pes_used(g, df, v) <= g->pes && gb_footprint(g, df, v) <= g->gb_free;
}

int nash_accel_cost_tiling(const nash_accel_config *c, const nash_accel_layer *L, int chunk_pes,
                           int64_t gb_words_free, nash_accel_dataflow df,
                           const nash_accel_tiling *t, nash_accel_mapping *m)
{
    geom g;
    if ((int)df < 0 || df >= NASH_ACCEL_DATAFLOW_COUNT)
        return nash_fail("nash_accel_cost_tiling: dataflow %d is not rs, is, ws or os", (int)df);
    if (geom_init(&g, c, L, chunk_pes, gb_words_free) != 0)
        return -1;
    factors v;
    to_factors(t, v);
    if (!tiling_valid(&g, df, v))
        return 0;
    fill_mapping(&g, df, v, m);
    return 1;
}

/* ------------------------------------------------------------------------- */
/* The search                                                                  */

typedef struct slot {
    int dim, level, forced; /* forced: the dimension's last level takes the rest */
} slot;

typedef struct search_state {
    const geom *g;
    int df;
    slot slots[N_DIMS * 4];
    int n_slots;
    const int *div[N_DIMS]; /* ascending divisors of each total */
    int n_div[N_DIMS];
    factors v;
    int rem[N_DIMS];
    int first_outer;        /* index of the first slot after the spatial ones */
    /* best so far */
    int found;
    double best_obj, best_tie;
    factors best;
    int64_t evaluations;
    int leaf_fit;           /* the last leaf passed the GB limit */
    double bound;           /* best objective of earlier dataflows (when have_bound) */
    int have_bound;
    nash_accel_objective objective;
} search_state;

static void leaf(search_state *st)
{
    const geom *g = st->g;
    if (gb_footprint(g, st->df, st->v) > g->gb_free)
        return;
    st->leaf_fit = 1;
    double acc[NASH_ACCEL_MEM_COUNT][NASH_ACCEL_DATA_COUNT];
    accesses(g, st->df, st->v, acc);
    double energy = energy_of(g, acc, NULL);
    double cycles = (double)cycles_of(g, st->df, st->v);
    st->evaluations++;
    double obj, tie;
    if (st->objective == NASH_ACCEL_OBJ_LATENCY)
        obj = cycles, tie = energy;
    else
        obj = energy * cycles, tie = cycles;
    if (!st->found || obj < st->best_obj || (obj == st->best_obj && tie < st->best_tie)) {
        st->found = 1;
        st->best_obj = obj, st->best_tie = tie;
        memcpy(st->best, st->v, sizeof st->best);
    }
}

/* Limits that the slot's level can break (monotone in its factor). */
static int slot_fits(const search_state *st, int level)
{
    if (level == 0)
        return rf_fits(st->g, st->df, st->v);
    if (level == 1)
        return pes_used(st->g, st->df, st->v) <= st->g->pes;
    return 1;
}

/* A lower bound on the energy of every tiling with these spatial factors
 * (levels 0, 2, 3 still free), term by term from the table above: a free
 * factor is at least 1, and C0 is bounded through C / C0 <= C. */
static double energy_floor_spatial(const geom *g, int df, const factors v)
{
    double M1 = v[DIM_M][1], C1 = v[DIM_C][1], E1 = v[DIM_E][1], F1 = v[DIM_F][1];
    double R = g->R, S = g->S, s = g->s, C = g->C, M = g->M, E = g->E, F = g->F;
    double nif = g->n_if, nw = g->n_w, nof = g->n_of;
    double eh = E / g->H, fw = F / g->W;
    double ops_g = (double)g->ops / g->G; /* per group */
    double dram = nif + nof, gb = nif + nof, noc = 0, rf = ops_g; /* RF weight reads = ops */
    double ifmap_window = ((E1 - 1) * s + R) * ((F1 - 1) * s + S) * C;
    switch (df) {
    case NASH_ACCEL_RS:
        dram += (E / E1) * nw;
        noc = M1 * R * eh * nif + E * nw + max1(C1 * R - 1) * nof;
        rf += ops_g + max1(2 * R * C * (S - 1)) * nof;
        break;
    case NASH_ACCEL_IS:
        dram += nw;
        noc = M1 * ifmap_window + E1 * F1 * nw + max1(C1 - 1) * nof;
        rf += M * nif + max1(2 * C * (R * S - 1)) * nof;
        break;
    case NASH_ACCEL_WS:
        dram += nw;
        noc = M1 * R * S * eh * fw * nif + E1 * F1 * nw + max1(C1 * R * S - 1) * nof;
        rf += ops_g + nof;
        break;
    default: /* OS: C = C0 C1, so the psum term is known */
        dram += nw;
        noc = M1 * ifmap_window + E1 * F1 * nw + max1(C1 - 1) * nof;
        rf += ops_g + max1(2 * (C * R * S - C1)) * nof;
        break;
    }
    const nash_accel_config *c = g->cfg;
    return (double)g->ops * g->e_op +
           g->G * g->mem_scale * (dram * c->e_dram + gb * c->e_gb + noc * c->e_noc + rf * c->e_rf);
}

static void search_slot(search_state *st, int k)
{
    if (k == st->n_slots) {
        leaf(st);
        return;
    }
    if (k == st->first_outer && (st->found || st->have_bound)) {
        /* The spatial factors are set, so the cycles are known: every
         * dataflow's cycles are prod_X (X / X1) times S (RS), R S (IS, OS)
         * or 1 (WS) — see the table above. Branch and bound against the best
         * tiling so far with the energy floor. */
        const geom *g = st->g;
        double cycles = st->df == NASH_ACCEL_RS ? g->S
                        : st->df == NASH_ACCEL_WS ? 1.0 : (double)g->R * g->S;
        for (int d = 0; d < N_DIMS; d++)
            cycles *= (double)(g->total[d] / st->v[d][1]);
        double bound = st->objective == NASH_ACCEL_OBJ_LATENCY
                           ? cycles
                           : cycles * energy_floor_spatial(g, st->df, st->v);
        double best = st->found ? st->best_obj : st->bound;
        if (st->found && st->have_bound && st->bound < best)
            best = st->bound;
        if (bound > best * (1.0 + 1e-12))
            return;
    }
    const slot *sl = &st->slots[k];
    int d = sl->dim, l = sl->level, rem = st->rem[d];
    if (sl->forced) {
        st->v[d][l] = rem;
        if (slot_fits(st, l)) {
            st->rem[d] = 1;
            search_slot(st, k + 1);
            st->rem[d] = rem;
        }
        st->v[d][l] = 1;
        return;
    }
    if (d == DIM_M && l == 2) {
        /* M2 against M3 (same product P = M2 M3): GB ifmap reads (M3 M2 n_if)
         * and every other count but DRAM ifmap (M3 n_if) stay the same, and
         * the cycles do not move, so the largest M2 whose GB tile fits wins.
         * Largest first; stop at the first that fits. */
        for (int i = st->n_div[d] - 1; i >= 0; i--) {
            int q = st->div[d][i];
            if (q > rem || rem % q)
                continue;
            st->v[d][l] = q;
            st->rem[d] = rem / q;
            st->leaf_fit = 0;
            search_slot(st, k + 1);
            st->rem[d] = rem;
            if (st->leaf_fit)
                break;
        }
        st->v[d][l] = 1;
        return;
    }
    if (l == 1) {
        /* Spatial factors largest first: the fastest mappings come first and
         * give the bound a good incumbent early. */
        for (int i = st->n_div[d] - 1; i >= 0; i--) {
            int q = st->div[d][i];
            if (q > rem || rem % q)
                continue;
            st->v[d][l] = q;
            if (!slot_fits(st, l))
                continue;
            st->rem[d] = rem / q;
            search_slot(st, k + 1);
            st->rem[d] = rem;
        }
        st->v[d][l] = 1;
        return;
    }
    for (int i = 0; i < st->n_div[d]; i++) {
        int q = st->div[d][i];
        if (q > rem)
            break;
        if (rem % q)
            continue;
        st->v[d][l] = q;
        if (!slot_fits(st, l))
            break; /* monotone: larger factors break the limit too */
        st->rem[d] = rem / q;
        search_slot(st, k + 1);
        st->rem[d] = rem;
    }
    st->v[d][l] = 1;
}

static int divisors(int n, int *out)
{
    int count = 0;
    for (int q = 1; q <= n && count < MAX_DIVISORS; q++)
        if (n % q == 0)
            out[count++] = q;
    return count;
}

/* Best tiling of one dataflow; 1 found, 0 none. */
static int search_dataflow(const geom *g, int df, nash_accel_objective objective,
                           int div_store[N_DIMS][MAX_DIVISORS], const int n_div[N_DIMS],
                           int have_bound, double bound, factors best, double *best_obj,
                           double *best_tie, int64_t *evaluations)
{
    search_state st;
    memset(&st, 0, sizeof st);
    st.g = g;
    st.df = df;
    st.objective = objective;
    st.have_bound = have_bound;
    st.bound = bound;
    for (int d = 0; d < N_DIMS; d++) {
        st.div[d] = div_store[d];
        st.n_div[d] = n_div[d];
        st.rem[d] = g->total[d];
        for (int l = 0; l < 4; l++)
            st.v[d][l] = 1;
    }
    /* Spatial factors first: they fix the cycles, so the bound can cut the
     * whole RF / GB / DRAM subtree below them. */
    static const int visit[4] = {1, 0, 2, 3};
    st.first_outer = -1;
    for (int i = 0; i < 4; i++) {
        int l = visit[i];
        if (l != 1 && st.first_outer < 0)
            st.first_outer = st.n_slots;
        for (int d = 0; d < N_DIMS; d++) {
            unsigned mask = level_mask[df][d];
            if (!(mask >> l & 1u))
                continue;
            int last = -1; /* the dimension's last allowed level in visiting order */
            for (int j = 0; j < 4; j++)
                if (mask >> visit[j] & 1u)
                    last = visit[j];
            st.slots[st.n_slots++] = (slot){d, l, l == last};
        }
    }
    if (st.first_outer < 0)
        st.first_outer = st.n_slots;
    search_slot(&st, 0);
    *evaluations += st.evaluations;
    if (!st.found)
        return 0;
    memcpy(best, st.best, sizeof st.best);
    *best_obj = st.best_obj;
    *best_tie = st.best_tie;
    return 1;
}

int nash_accel_map_layer(const nash_accel_config *c, const nash_accel_layer *L, int chunk_pes,
                         int64_t gb_words_free, nash_accel_mapping *best, int64_t *evaluations)
{
    geom g;
    if (geom_init(&g, c, L, chunk_pes, gb_words_free) != 0)
        return -1;
    int div_store[N_DIMS][MAX_DIVISORS], n_div[N_DIMS];
    for (int d = 0; d < N_DIMS; d++) {
        n_div[d] = divisors(g.total[d], div_store[d]);
        if (n_div[d] == MAX_DIVISORS && div_store[d][MAX_DIVISORS - 1] != g.total[d])
            return nash_fail("layer %s: a dimension of size %d has more than %d divisors",
                             L->name, g.total[d], MAX_DIVISORS);
    }
    nash_accel_chunk k = chunk_of(c, L);
    int df_first = c->dataflow[k], df_last = c->dataflow[k];
    if (c->dataflow[k] == NASH_ACCEL_AUTO)
        df_first = 0, df_last = NASH_ACCEL_DATAFLOW_COUNT - 1;
    int found = 0, best_df = 0;
    double best_obj = 0, best_tie = 0;
    factors best_v;
    int64_t evals = 0;
    for (int df = df_first; df <= df_last; df++) {
        factors v;
        double obj, tie;
        if (!search_dataflow(&g, df, c->objective, div_store, n_div, found, best_obj, v, &obj,
                             &tie, &evals))
            continue;
        if (!found || obj < best_obj || (obj == best_obj && tie < best_tie)) {
            found = 1;
            best_df = df;
            best_obj = obj, best_tie = tie;
            memcpy(best_v, v, sizeof best_v);
        }
    }
    if (evaluations)
        *evaluations += evals;
    if (!found)
        return nash_fail("layer %s (%s, C %d M %d %dx%d -> %dx%d, k %d, groups %d): no valid "
                         "%s mapping on %d PEs with %lld GB words free",
                         L->name, nash_accel_kind_names[L->kind], L->C, L->M, L->H, L->W, L->E,
                         L->F, L->R, L->groups, nash_accel_dataflow_names[c->dataflow[k]],
                         chunk_pes, (long long)gb_words_free);
    fill_mapping(&g, best_df, best_v, best);
    return 0;
}

/* ------------------------------------------------------------------------- */
/* PE split and co-scheduling                                                 */

int nash_accel_chunk_pes(const nash_accel_config *c, const nash_accel_layer *layers, int n,
                         int pes[NASH_ACCEL_CHUNK_COUNT])
{
    for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++)
        pes[k] = 0;
    if (c->single_array) {
        pes[NASH_ACCEL_CHUNK_CONV] = c->pe_budget;
        return 0;
    }
    int any_set = 0;
    for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++)
        any_set |= c->chunk_pes[k] > 0;
    if (any_set) {
        for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++)
            pes[k] = c->chunk_pes[k];
        return 0;
    }
    double flops[NASH_ACCEL_CHUNK_COUNT] = {0};
    for (int i = 0; i < n; i++)
        flops[nash_accel_layer_chunk(&layers[i])] += (double)nash_accel_layer_ops(&layers[i]);
    double weighted = flops[NASH_ACCEL_CHUNK_CONV] +
                      (flops[NASH_ACCEL_CHUNK_SHIFT] + flops[NASH_ACCEL_CHUNK_ADDER]) /
                          c->cheap_pe_factor;
    if (weighted <= 0)
        return 0;
    double per_flop = c->pe_budget / weighted;
    pes[NASH_ACCEL_CHUNK_CONV] = (int)floor(per_flop * flops[NASH_ACCEL_CHUNK_CONV]);
    pes[NASH_ACCEL_CHUNK_SHIFT] = (int)ceil(per_flop * flops[NASH_ACCEL_CHUNK_SHIFT]);
    pes[NASH_ACCEL_CHUNK_ADDER] = (int)ceil(per_flop * flops[NASH_ACCEL_CHUNK_ADDER]);
    /* A chunk with work never gets 0 PEs (floor of a tiny conv share). */
    for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++)
        if (flops[k] > 0 && pes[k] < 1)
            pes[k] = 1;
    return 0;
}

/* The best unconstrained mapping of a layer shape, kept during one evaluation:
 * if its GB tile fits the current budget it is also the best under that budget
 * (the budget only removes tilings). */
typedef struct cache_entry {
    const nash_accel_layer *L;
    int pes;
    nash_accel_mapping map;
} cache_entry;

static int same_shape(const nash_accel_layer *a, const nash_accel_layer *b)
{
    return a->kind == b->kind && a->H == b->H && a->W == b->W && a->C == b->C && a->R == b->R &&
           a->S == b->S && a->M == b->M && a->E == b->E && a->F == b->F &&
           a->stride == b->stride && a->groups == b->groups;
}

static int map_cached(const nash_accel_config *c, const nash_accel_layer *L, int pes,
                      int64_t gb_free, cache_entry *cache, int *n_cache, nash_accel_mapping *out,
                      int64_t *evaluations)
{
    cache_entry *hit = NULL;
    for (int i = 0; i < *n_cache; i++)
        if (cache[i].pes == pes && same_shape(cache[i].L, L)) {
            hit = &cache[i];
            break;
        }
    if (!hit) {
        hit = &cache[(*n_cache)++];
        hit->L = L;
        hit->pes = pes;
        if (nash_accel_map_layer(c, L, pes, c->gb_words, &hit->map, evaluations) != 0)
            return -1;
    }
    if (hit->map.gb_footprint <= gb_free) {
        *out = hit->map;
        return 0;
    }
    return nash_accel_map_layer(c, L, pes, gb_free, out, evaluations);
}

void nash_accel_report_free(nash_accel_report *r)
{
    free(r->maps);
    free(r->chunk_of);
    free(r->start_ms);
    memset(r, 0, sizeof *r);
}

static double clock_seconds(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int nash_accel_evaluate(const nash_accel_config *c, const nash_accel_layer *layers, int n,
                        nash_accel_report *r)
{
    /* Wall time, and this thread's CPU time (the machine may be shared). */
    double t0 = clock_seconds(CLOCK_MONOTONIC), cpu0 = clock_seconds(CLOCK_THREAD_CPUTIME_ID);
    memset(r, 0, sizeof *r);
    if (nash_accel_config_check(c) != 0)
        return -1;
    if (n < 1)
        return nash_fail("nash_accel_evaluate: no layers to map");
    r->n_layers = n;
    r->maps = calloc((size_t)n, sizeof *r->maps);
    r->chunk_of = calloc((size_t)n, sizeof *r->chunk_of);
    r->start_ms = calloc((size_t)n, sizeof *r->start_ms);
    int *order = malloc(sizeof *order * (size_t)n);
    cache_entry *cache = malloc(sizeof *cache * (size_t)n);
    if (!r->maps || !r->chunk_of || !r->start_ms || !order || !cache) {
        free(order);
        free(cache);
        nash_accel_report_free(r);
        return nash_fail("nash_accel_evaluate: out of memory for %d layers", n);
    }
    if (nash_accel_chunk_pes(c, layers, n, r->chunk_pes) != 0)
        goto fail;

    /* Per chunk, its layers in network order: order[first[k] .. first[k] + count[k]). */
    int first[NASH_ACCEL_CHUNK_COUNT], next[NASH_ACCEL_CHUNK_COUNT];
    int pos = 0;
    for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++) {
        first[k] = pos;
        for (int i = 0; i < n; i++)
            if ((int)chunk_of(c, &layers[i]) == k)
                order[pos++] = i;
        r->chunk_layers[k] = pos - first[k];
        next[k] = first[k];
        if (r->chunk_layers[k] > 0 && r->chunk_pes[k] < 1) {
            nash_fail("chunk %s has %d layers but 0 PEs (pes_%s)", nash_accel_chunk_names[k],
                      r->chunk_layers[k], nash_accel_chunk_names[k]);
            goto fail;
        }
    }

    /* Co-scheduling: the chunk with the least accumulated latency maps its
     * next layer; the GB it may use is what the other chunks' current tiles
     * leave (a finished chunk holds nothing). Ties go to the lower chunk. */
    int64_t held[NASH_ACCEL_CHUNK_COUNT] = {0};
    double acc_ms[NASH_ACCEL_CHUNK_COUNT] = {0};
    int n_cache = 0;
    for (int step = 0; step < n; step++) {
        int k = -1;
        for (int j = 0; j < NASH_ACCEL_CHUNK_COUNT; j++)
            if (next[j] < first[j] + r->chunk_layers[j] && (k < 0 || acc_ms[j] < acc_ms[k]))
                k = j;
        int i = order[next[k]++];
        int64_t gb_free = c->gb_words;
        for (int j = 0; j < NASH_ACCEL_CHUNK_COUNT; j++)
            if (j != k)
                gb_free -= held[j];
        if (gb_free < 1) {
            nash_fail("layer %s: the other chunks hold all %lld GB words", layers[i].name,
                      (long long)c->gb_words);
            goto fail;
        }
        nash_accel_mapping *m = &r->maps[i];
        if (map_cached(c, &layers[i], r->chunk_pes[k], gb_free, cache, &n_cache, m,
                       &r->evaluations) != 0)
            goto fail;
        r->chunk_of[i] = k;
        r->start_ms[i] = acc_ms[k];
        acc_ms[k] += m->latency_ms;
        held[k] = next[k] < first[k] + r->chunk_layers[k] ? m->gb_footprint : 0;
    }

    for (int i = 0; i < n; i++) {
        const nash_accel_mapping *m = &r->maps[i];
        for (int p = 0; p < NASH_ACCEL_E_COUNT; p++)
            r->energy_split_mj[p] += m->energy_pj[p] * 1e-9;
        r->chunk_energy_mj[r->chunk_of[i]] += m->energy_total_pj * 1e-9;
        r->energy_mj += m->energy_total_pj * 1e-9;
        r->ops += m->ops;
    }
    for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++) {
        r->chunk_latency_ms[k] = acc_ms[k];
        if (acc_ms[k] > r->latency_ms)
            r->latency_ms = acc_ms[k];
    }
    r->edp = r->energy_mj * r->latency_ms;
    r->fps = r->latency_ms > 0 ? 1000.0 / r->latency_ms : 0;
    r->gops = r->latency_ms > 0 ? (double)r->ops / (r->latency_ms * 1e-3) / 1e9 : 0;
    r->area_mm2 = nash_accel_area_mm2(c, r->chunk_pes);
    free(order);
    free(cache);
    r->map_seconds = clock_seconds(CLOCK_MONOTONIC) - t0;
    r->map_cpu_seconds = clock_seconds(CLOCK_THREAD_CPUTIME_ID) - cpu0;
    return 0;
fail:
    free(order);
    free(cache);
    nash_accel_report_free(r);
    return -1;
}

/* ------------------------------------------------------------------------- */

void nash_accel_tiling_describe(nash_accel_dataflow df, const nash_accel_tiling *t, char *buf,
                                size_t size)
{
    static const char dim_names[N_DIMS] = {'M', 'C', 'E', 'F', 'G'};
    factors v;
    to_factors(t, v);
    size_t len = 0;
    buf[0] = '\0';
    if ((int)df < 0 || df >= NASH_ACCEL_DATAFLOW_COUNT)
        return;
    for (int d = 0; d < N_DIMS && len < size; d++) {
        if (v[d][0] * v[d][1] * v[d][2] * v[d][3] == 1)
            continue; /* a dimension of size 1 says nothing */
        len += (size_t)snprintf(buf + len, size - len, "%s%c", len ? " " : "", dim_names[d]);
        for (int l = 0; l < 4 && len < size; l++)
            len += (size_t)snprintf(buf + len, size - len, "%s%d", l ? "*" : "", v[d][l]);
    }
}
