/*
 * search.c — accelerator searches for one network (exhaustive, coarse-to-fine,
 * FLASH-style) and the NAAS-style genome with the joint network x accelerator
 * evolutionary loop. accel_search.h documents the space and every method.
 *
 * Owns: split enumeration on the PE grid, the model-free workload estimate,
 * the per-chunk cost tables, the Halton / Nelder-Mead optimiser, the NAAS
 * projection of tilings onto an array shape and loop order, aging evolution
 * over (arch, genome). Does not own: the cost model (cost_model.c), spaces
 * and proxies (nas/).
 *
 * Why per-chunk tables (coarse-fine, flash): with the GB's co-scheduling set
 * aside, a chunk's latency and energy depend only on (its PEs, its dataflow)
 * — the network EDP is (sum_k E_k) * max_k L_k over the chunks. A chunk's
 * layers costed alone (the whole GB free) are therefore a faithful, cached
 * stand-in, and the dataflow combination is solved exactly over those tables
 * (4^chunks products). The designs these tables rank best then get the full
 * model, GB co-scheduling included, and the full model decides the answer.
 */
#include "accel_search.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nash_kernels.h"

const char *const nash_accel_search_method_names[NASH_ACCEL_SEARCH_METHOD_COUNT] = {
    "exhaustive", "coarse-fine", "flash"};
const char *const nash_naas_dim_names[NASH_NAAS_DIM_COUNT] = {"m", "c", "e", "f", "g"};
const char *const nash_naas_order_names[NASH_NAAS_ORDER_COUNT] = {"none", "m-outer", "e-outer"};

#define N_CHUNKS NASH_ACCEL_CHUNK_COUNT
#define N_DF NASH_ACCEL_DATAFLOW_COUNT

nash_accel_search_opts nash_accel_search_opts_default(void)
{
    return (nash_accel_search_opts){.objective = NASH_ACCEL_OBJ_EDP,
                                    .pe_step = 4,
                                    .top_k = 16,
                                    .verify = 3,
                                    .df_keep = 1.5,
                                    .flash_step = 8,
                                    .flash_samples = 16,
                                    .flash_starts = 3,
                                    .flash_iters = 30};
}

static double clock_seconds(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void nash_accel_design_config(const nash_accel_config *base, const nash_accel_design *d,
                              nash_accel_config *out)
{
    *out = *base;
    out->single_array = 0;
    for (int k = 0; k < N_CHUNKS; k++) {
        out->chunk_pes[k] = d->pes[k];
        out->dataflow[k] = d->dataflow[k];
    }
}

void nash_accel_design_describe(const nash_accel_design *d, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 0; k < N_CHUNKS && used < size; k++) {
        if (d->pes[k] == 0)
            continue;
        int w = snprintf(buf + used, size - used, "%s%s %d %s", used ? ", " : "",
                         nash_accel_chunk_names[k], d->pes[k],
                         nash_accel_dataflow_names[d->dataflow[k]]);
        if (w < 0)
            return;
        used += (size_t)w;
    }
}

double nash_accel_design_area_pes(const nash_accel_config *base, const nash_accel_design *d)
{
    return d->pes[NASH_ACCEL_CHUNK_CONV] +
           (d->pes[NASH_ACCEL_CHUNK_SHIFT] + d->pes[NASH_ACCEL_CHUNK_ADDER]) /
               base->cheap_pe_factor;
}

/* Area of one PE of chunk k, in multiplier PEs. */
static double pe_area(const nash_accel_config *c, int k)
{
    return k == NASH_ACCEL_CHUNK_CONV ? 1.0 : 1.0 / c->cheap_pe_factor;
}

/* Which chunks have layers; returns how many, their ids in act[]. */
static int active_chunks(const nash_accel_layer *layers, int n, int act[N_CHUNKS])
{
    int has[N_CHUNKS] = {0}, na = 0;
    for (int i = 0; i < n; i++)
        has[nash_accel_layer_chunk(&layers[i])] = 1;
    for (int k = 0; k < N_CHUNKS; k++)
        if (has[k])
            act[na++] = k;
    return na;
}

/* The PEs the remaining area buys for chunk k (a small epsilon keeps exact
 * fits like 168 - 100 = 68 areas from rounding down). */
static int pes_for_area(const nash_accel_config *c, int k, double area)
{
    return area <= 0 ? 0 : (int)floor(area / pe_area(c, k) + 1e-9);
}

/* Recursive grid enumeration: chunks act[0..na-2] on multiples of step, the
 * last active chunk takes the rest. */
static void grid_rec(const nash_accel_config *c, const int *act, int na, int step, int idx,
                     double area_left, int cur[N_CHUNKS], int (*out)[N_CHUNKS], int max, int *count)
{
    if (idx < 0 || idx >= na || idx >= N_CHUNKS) /* never: na <= N_CHUNKS (and gcc can see it) */
        return;
    int k = act[idx];
    if (idx == na - 1) {
        int p = pes_for_area(c, k, area_left);
        if (p < 1)
            return;
        cur[k] = p;
        if (out && *count < max)
            memcpy(out[*count], cur, sizeof(int) * N_CHUNKS);
        (*count)++;
        return;
    }
    for (int p = step; p * pe_area(c, k) < area_left - 1e-9; p += step) {
        cur[k] = p;
        grid_rec(c, act, na, step, idx + 1, area_left - p * pe_area(c, k), cur, out, max, count);
    }
    cur[k] = 0;
}

int nash_accel_grid_splits(const nash_accel_config *base, const nash_accel_layer *layers, int n,
                           int pe_step, int (*out)[NASH_ACCEL_CHUNK_COUNT], int max)
{
    int act[N_CHUNKS];
    int na = active_chunks(layers, n, act);
    if (na == 0 || pe_step < 1)
        return 0;
    int cur[N_CHUNKS] = {0}, count = 0;
    grid_rec(base, act, na, pe_step, 0, base->pe_budget, cur, out, max, &count);
    return count;
}

/* ------------------------------------------------------------------------- */
/* The shared search state                                                    */

typedef struct table_entry {
    int chunk, pes;
    nash_accel_dataflow df;
    int ok;
    double latency_ms, energy_mj;
} table_entry;

typedef struct search_ctx {
    const nash_accel_config *base;
    const nash_accel_layer *layers;
    int n;
    nash_accel_objective objective;
    int act[N_CHUNKS], na;
    nash_accel_layer *chunk_layers[N_CHUNKS]; /* each chunk's layers, network order */
    int chunk_n[N_CHUNKS];
    table_entry *table;
    int n_table, cap_table;
    unsigned df_mask[N_CHUNKS]; /* dataflows the tables still cost, per chunk (bit df) */
    nash_accel_search_result *res;
} search_ctx;

static double objective_of(nash_accel_objective obj, double energy_mj, double latency_ms)
{
    /* latency: ties broken by energy, with a weight far below a latency step */
    return obj == NASH_ACCEL_OBJ_LATENCY ? latency_ms * (1.0 + 1e-9 * energy_mj)
                                         : energy_mj * latency_ms;
}

static int ctx_init(search_ctx *s, const nash_accel_config *base, const nash_accel_layer *layers,
                    int n, nash_accel_objective obj, nash_accel_search_result *res)
{
    memset(s, 0, sizeof *s);
    s->base = base, s->layers = layers, s->n = n, s->objective = obj, s->res = res;
    s->na = active_chunks(layers, n, s->act);
    for (int k = 0; k < N_CHUNKS; k++)
        s->df_mask[k] = (1u << N_DF) - 1;
    for (int k = 0; k < N_CHUNKS; k++) {
        s->chunk_layers[k] = malloc(sizeof(nash_accel_layer) * (size_t)(n > 0 ? n : 1));
        if (!s->chunk_layers[k])
            return nash_fail("accel search: out of memory for %d layers", n);
    }
    for (int i = 0; i < n; i++) {
        int k = nash_accel_layer_chunk(&layers[i]);
        s->chunk_layers[k][s->chunk_n[k]++] = layers[i];
    }
    return 0;
}

static void ctx_free(search_ctx *s)
{
    for (int k = 0; k < N_CHUNKS; k++)
        free(s->chunk_layers[k]);
    free(s->table);
}

/* The full model on one design: 1 with *p filled, 0 when a layer has no
 * mapping (the design is infeasible), -1 on an internal error (no memory). */
static int full_eval(search_ctx *s, const nash_accel_design *d, nash_accel_point *p)
{
    nash_accel_config c;
    nash_accel_design_config(s->base, d, &c);
    c.objective = s->objective;
    nash_accel_report r;
    s->res->model_calls++;
    s->res->designs++;
    if (nash_accel_evaluate(&c, s->layers, s->n, &r) != 0)
        return 0; /* "no valid mapping": this design cannot run the network */
    s->res->evaluations += r.evaluations;
    p->d = *d;
    p->valid = 1;
    p->edp = r.edp, p->latency_ms = r.latency_ms, p->energy_mj = r.energy_mj;
    p->fps = r.fps, p->gops = r.gops, p->area_mm2 = r.area_mm2;
    nash_accel_report_free(&r);
    return 1;
}

static double point_score(const search_ctx *s, const nash_accel_point *p)
{
    return p->valid ? objective_of(s->objective, p->energy_mj, p->latency_ms) : INFINITY;
}

static void keep_best(const search_ctx *s, nash_accel_point *best, const nash_accel_point *p)
{
    if (p->valid && (!best->valid || point_score(s, p) < point_score(s, best)))
        *best = *p;
}

/* A chunk's layers alone on (pes, df), cached: the entry's index (entries
 * move when the table grows), -1 on out of memory. */
static int chunk_cost(search_ctx *s, int k, int pes, nash_accel_dataflow df)
{
    for (int i = 0; i < s->n_table; i++) {
        const table_entry *e = &s->table[i];
        if (e->chunk == k && e->pes == pes && e->df == df)
            return i;
    }
    if (s->n_table == s->cap_table) {
        int cap = s->cap_table ? 2 * s->cap_table : 64;
        table_entry *t = realloc(s->table, sizeof *t * (size_t)cap);
        if (!t)
            return -1;
        s->table = t, s->cap_table = cap;
    }
    table_entry *e = &s->table[s->n_table++];
    *e = (table_entry){.chunk = k, .pes = pes, .df = df};
    nash_accel_config c = *s->base;
    c.single_array = 0;
    c.objective = s->objective;
    for (int j = 0; j < N_CHUNKS; j++)
        c.chunk_pes[j] = j == k ? pes : 0, c.dataflow[j] = df;
    nash_accel_report r;
    s->res->model_calls++;
    if (nash_accel_evaluate(&c, s->chunk_layers[k], s->chunk_n[k], &r) == 0) {
        s->res->evaluations += r.evaluations;
        e->ok = 1;
        e->latency_ms = r.latency_ms;
        e->energy_mj = r.energy_mj;
        nash_accel_report_free(&r);
    }
    return s->n_table - 1;
}

/* The best dataflow combination of a split from the chunk tables: fills
 * d->dataflow and returns the predicted objective (INFINITY when no
 * combination maps, NAN on out of memory). */
static double predict_split(search_ctx *s, const int pes[N_CHUNKS], nash_accel_design *d)
{
    int e[N_CHUNKS][N_DF];
    for (int a = 0; a < s->na; a++)
        for (int df = 0; df < N_DF; df++) {
            e[a][df] = -1;
            if (!(s->df_mask[s->act[a]] & (1u << df)))
                continue; /* pruned: no call, never chosen */
            if ((e[a][df] = chunk_cost(s, s->act[a], pes[s->act[a]], (nash_accel_dataflow)df)) < 0)
                return NAN;
        }
    memset(d, 0, sizeof *d);
    memcpy(d->pes, pes, sizeof d->pes);
    int combos = 1;
    for (int a = 0; a < s->na; a++)
        combos *= N_DF;
    double best = INFINITY;
    for (int code = 0; code < combos; code++) {
        double energy = 0, latency = 0;
        int ok = 1, rest = code;
        for (int a = 0; a < s->na && ok; a++, rest /= N_DF) {
            if (e[a][rest % N_DF] < 0) {
                ok = 0;
                break;
            }
            const table_entry *t = &s->table[e[a][rest % N_DF]];
            ok = t->ok;
            energy += t->energy_mj;
            latency = fmax(latency, t->latency_ms);
        }
        s->res->designs++;
        double v = ok ? objective_of(s->objective, energy, latency) : INFINITY;
        if (v < best) {
            best = v;
            rest = code;
            for (int a = 0; a < s->na; a++, rest /= N_DF)
                d->dataflow[s->act[a]] = (nash_accel_dataflow)(rest % N_DF);
        }
    }
    return best;
}

/* After the first split: per chunk, stop costing the dataflows that are
 * more than `keep` (opts df_keep) times worse than that chunk's best in both latency and
 * energy there (a dataflow that wins either may win the network objective:
 * latency counts only on the slowest chunk). Dataflow rankings of a chunk
 * change little between neighbouring PE counts, and the final one-chunk
 * dataflow changes of verify_candidates re-open all four with the full model. */
static void prune_dataflows(search_ctx *s, const int pes[N_CHUNKS], double keep)
{
    if (keep <= 0)
        return; /* pruning off */
    for (int a = 0; a < s->na; a++) {
        int k = s->act[a];
        double lat[N_DF], en[N_DF], best_lat = INFINITY, best_en = INFINITY;
        for (int df = 0; df < N_DF; df++) {
            lat[df] = en[df] = INFINITY;
            for (int i = 0; i < s->n_table; i++) {
                const table_entry *e = &s->table[i];
                if (e->chunk == k && e->pes == pes[k] && (int)e->df == df && e->ok)
                    lat[df] = e->latency_ms, en[df] = e->energy_mj;
            }
            best_lat = fmin(best_lat, lat[df]);
            best_en = fmin(best_en, en[df]);
        }
        if (!isfinite(best_lat))
            continue; /* nothing maps here: keep every dataflow */
        s->df_mask[k] = 0;
        for (int df = 0; df < N_DF; df++)
            if (lat[df] <= keep * best_lat || en[df] <= keep * best_en)
                s->df_mask[k] |= 1u << df;
    }
}

/* Candidate designs predicted by the tables, best first, without repeats. */
typedef struct candidate {
    nash_accel_design d;
    double predicted;
} candidate;

static void candidates_push(candidate *list, int *n, int max, const nash_accel_design *d,
                            double predicted)
{
    if (!isfinite(predicted))
        return;
    for (int i = 0; i < *n; i++)
        if (memcmp(&list[i].d, d, sizeof *d) == 0)
            return;
    int pos = *n < max ? (*n)++ : max;
    if (pos == max) {
        if (predicted >= list[max - 1].predicted)
            return;
        pos = max - 1;
    }
    while (pos > 0 && list[pos - 1].predicted > predicted) {
        list[pos] = list[pos - 1];
        pos--;
    }
    list[pos] = (candidate){*d, predicted};
}

/* The full model on the candidates, and on every one-chunk dataflow change
 * of the best prediction (list[0]): the tables leave out the GB the chunks
 * share, which can reorder dataflows whose chunk costs are close. When the
 * full model then disagrees with the tables by more than 1 % on the best
 * design (the shared GB matters for this network), a hill-climb with the
 * full model over one-chunk dataflow changes and the neighbouring splits
 * (same moves as hill_climb; at most 8 moves) repairs what the tables could
 * not see. The best
 * full-model design is the answer. */
static int verify_candidates(search_ctx *s, const candidate *list, int n, int step,
                             nash_accel_point *best)
{
    double predicted = INFINITY;
    for (int i = 0; i < n; i++) {
        nash_accel_point p = {0};
        if (full_eval(s, &list[i].d, &p) > 0) {
            if (!best->valid || point_score(s, &p) < point_score(s, best))
                predicted = list[i].predicted;
            keep_best(s, best, &p);
        }
    }
    for (int a = 0; n > 0 && a < s->na; a++)
        for (int df = 0; df < N_DF; df++) {
            nash_accel_design d = list[0].d;
            if (d.dataflow[s->act[a]] == (nash_accel_dataflow)df)
                continue;
            d.dataflow[s->act[a]] = (nash_accel_dataflow)df;
            int listed = 0;
            for (int i = 0; i < n; i++)
                listed |= memcmp(&list[i].d, &d, sizeof d) == 0;
            nash_accel_point p = {0};
            if (!listed && full_eval(s, &d, &p) > 0 &&
                (!best->valid || point_score(s, &p) < point_score(s, best))) {
                predicted = INFINITY; /* not a table prediction: always polish */
                keep_best(s, best, &p);
            }
        }
    if (!best->valid || fabs(point_score(s, best) - predicted) <= 0.01 * point_score(s, best))
        return 0;
    int free_chunks = s->na - 1, n_moves = 1;
    for (int a = 0; a < free_chunks; a++)
        n_moves *= 3;
    for (int moves = 0, moved = 1; moved && moves < 8; moves++) {
        moved = 0;
        nash_accel_point from = *best;
        /* one-chunk dataflow changes first, then the split moves */
        for (int a = 0; a < s->na; a++)
            for (int df = 0; df < N_DF; df++) {
                nash_accel_design d = from.d;
                if (d.dataflow[s->act[a]] == (nash_accel_dataflow)df)
                    continue;
                d.dataflow[s->act[a]] = (nash_accel_dataflow)df;
                nash_accel_point p = {0};
                if (full_eval(s, &d, &p) > 0 && point_score(s, &p) < point_score(s, best)) {
                    keep_best(s, best, &p);
                    moved = 1;
                }
            }
        for (int code = 0; code < n_moves; code++) {
            nash_accel_design d = from.d;
            int zero = 1, ok = 1;
            for (int a = 0, rest = code; a < free_chunks; a++, rest /= 3) {
                int delta = (rest % 3 - 1) * step;
                zero &= delta == 0;
                d.pes[s->act[a]] += delta;
                ok &= d.pes[s->act[a]] >= 1;
            }
            if (zero || !ok)
                continue;
            double area = s->base->pe_budget;
            for (int b = 0; b < free_chunks; b++)
                area -= d.pes[s->act[b]] * pe_area(s->base, s->act[b]);
            int last = s->act[s->na - 1];
            if ((d.pes[last] = pes_for_area(s->base, last, area)) < 1)
                continue;
            nash_accel_point p = {0};
            if (full_eval(s, &d, &p) > 0 && point_score(s, &p) < point_score(s, best)) {
                keep_best(s, best, &p);
                moved = 1;
            }
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------- */
/* Exhaustive                                                                 */

static int search_exhaustive(search_ctx *s, const nash_accel_search_opts *o)
{
    int n_splits = nash_accel_grid_splits(s->base, s->layers, s->n, o->pe_step, NULL, 0);
    int (*splits)[N_CHUNKS] = malloc(sizeof *splits * (size_t)(n_splits > 0 ? n_splits : 1));
    if (!splits)
        return nash_fail("accel search: out of memory for %d splits", n_splits);
    nash_accel_grid_splits(s->base, s->layers, s->n, o->pe_step, splits, n_splits);
    int combos = 1;
    for (int a = 0; a < s->na; a++)
        combos *= N_DF;
    for (int i = 0; i < n_splits; i++)
        for (int code = 0; code < combos; code++) {
            nash_accel_design d = {0};
            memcpy(d.pes, splits[i], sizeof d.pes);
            for (int a = 0, rest = code; a < s->na; a++, rest /= N_DF)
                d.dataflow[s->act[a]] = (nash_accel_dataflow)(rest % N_DF);
            nash_accel_point p = {0};
            if (full_eval(s, &d, &p) > 0)
                keep_best(s, &s->res->best, &p);
        }
    free(splits);
    return 0;
}

/* ------------------------------------------------------------------------- */
/* Coarse-to-fine                                                             */

/* Model-free latency estimate of a split (ms): per chunk the sum over its
 * layers of ops / min(PEs, parallelism) cycles, where parallelism is how many
 * independent MACs a layer offers per cycle at most (G * M/G * C/G * E * F —
 * the dimensions a dataflow may spread over PEs); the network waits for the
 * slowest chunk. Energy is left out: op counts do not depend on the split. */
static double coarse_estimate(const search_ctx *s, const int pes[N_CHUNKS])
{
    double worst = 0;
    for (int a = 0; a < s->na; a++) {
        int k = s->act[a];
        double cycles = 0;
        for (int i = 0; i < s->chunk_n[k]; i++) {
            const nash_accel_layer *L = &s->chunk_layers[k][i];
            double par = (double)L->M * (L->C / L->groups) * L->E * L->F;
            cycles += (double)nash_accel_layer_ops(L) / fmin((double)pes[k], par);
        }
        worst = fmax(worst, cycles / (s->base->freq_mhz * 1e3));
    }
    return worst;
}

/* Hill-climb over neighbouring splits from *best_d: every non-last active
 * chunk moves by -step, 0 or +step (all 3^(chunks-1) - 1 combinations, so
 * area can also pass between two chunks directly), the last chunk absorbing
 * the area left; dataflows from the tables. Every split visited is offered
 * to the candidate list. */
static int hill_climb(search_ctx *s, nash_accel_design *best_d, double *best_v, int step,
                      candidate *cand, int *n_in, int n_cand)
{
    int free_chunks = s->na - 1, n_moves = 1;
    for (int a = 0; a < free_chunks; a++)
        n_moves *= 3;
    for (int moved = isfinite(*best_v); moved;) {
        moved = 0;
        nash_accel_design from = *best_d;
        for (int code = 0; code < n_moves; code++) {
            int pes[N_CHUNKS], zero = 1, ok = 1;
            memcpy(pes, from.pes, sizeof pes);
            for (int a = 0, rest = code; a < free_chunks; a++, rest /= 3) {
                int delta = (rest % 3 - 1) * step;
                zero &= delta == 0;
                pes[s->act[a]] += delta;
                ok &= pes[s->act[a]] >= 1;
            }
            if (zero || !ok)
                continue;
            double area = s->base->pe_budget;
            for (int b = 0; b < free_chunks; b++)
                area -= pes[s->act[b]] * pe_area(s->base, s->act[b]);
            int last = s->act[s->na - 1];
            if ((pes[last] = pes_for_area(s->base, last, area)) < 1)
                continue;
            nash_accel_design d;
            double v = predict_split(s, pes, &d);
            if (isnan(v))
                return nash_fail("accel search: out of memory for the chunk tables");
            candidates_push(cand, n_in, n_cand, &d, v);
            if (v < *best_v)
                *best_v = v, *best_d = d, moved = 1;
        }
    }
    return 0;
}

static int search_coarse_fine(search_ctx *s, const nash_accel_search_opts *o)
{
    int n_splits = nash_accel_grid_splits(s->base, s->layers, s->n, o->pe_step, NULL, 0);
    int (*splits)[N_CHUNKS] = malloc(sizeof *splits * (size_t)(n_splits > 0 ? n_splits : 1));
    double *est = malloc(sizeof *est * (size_t)(n_splits > 0 ? n_splits : 1));
    /* keep at most 1/8 of the grid (a small 1-D grid is left to the hill-climb) */
    int top_k = o->top_k < n_splits / 8 ? o->top_k : n_splits / 8;
    if (top_k < 1)
        top_k = 1;
    int *top = malloc(sizeof *top * (size_t)(top_k > 0 ? top_k : 1));
    int n_cand = o->verify > 0 ? o->verify : 1;
    candidate *cand = calloc((size_t)n_cand, sizeof *cand);
    int n_in = 0, rc = 0;
    if (!splits || !est || !top || !cand) {
        rc = nash_fail("accel search: out of memory for %d splits", n_splits);
        goto out;
    }
    nash_accel_grid_splits(s->base, s->layers, s->n, o->pe_step, splits, n_splits);
    /* coarse: the top_k splits by the estimate (selection by repeated minimum) */
    for (int i = 0; i < n_splits; i++)
        est[i] = coarse_estimate(s, splits[i]);
    int kept = 0;
    for (int t = 0; t < top_k; t++) {
        int b = -1;
        for (int i = 0; i < n_splits; i++)
            if (isfinite(est[i]) && (b < 0 || est[i] < est[b]))
                b = i;
        if (b < 0)
            break;
        top[kept++] = b;
        est[b] = INFINITY;
    }
    top_k = kept;
    /* fine: dataflows from the chunk tables on each kept split, then
     * hill_climb over neighbouring grid splits from the best of them */
    nash_accel_design best_d = {0};
    double best_v = INFINITY;
    for (int t = 0; t < top_k; t++) {
        nash_accel_design d;
        double v = predict_split(s, splits[top[t]], &d);
        if (isnan(v)) {
            rc = nash_fail("accel search: out of memory for the chunk tables");
            goto out;
        }
        candidates_push(cand, &n_in, n_cand, &d, v);
        if (v < best_v)
            best_v = v, best_d = d;
        if (t == 0)
            prune_dataflows(s, splits[top[0]], o->df_keep);
    }
    if (hill_climb(s, &best_d, &best_v, o->pe_step, cand, &n_in, n_cand) != 0) {
        rc = -1;
        goto out;
    }
    rc = verify_candidates(s, cand, n_in, o->pe_step, &s->res->best);
out:
    free(splits);
    free(est);
    free(top);
    free(cand);
    return rc;
}

/* ------------------------------------------------------------------------- */
/* FLASH-style: Halton samples + Nelder-Mead over the continuous split        */

/* Radical inverse of i in `base` (Halton sequence, one coordinate). */
static double halton(int i, int base)
{
    double f = 1, r = 0;
    for (int k = i; k > 0; k /= base) {
        f /= base;
        r += f * (k % base);
    }
    return r;
}

/* Continuous point x in [0,1]^(na-1) -> split: stick-breaking of the area
 * (chunk act[a] gets x[a] of what is left; the last takes the rest), rounded
 * to multiples of `step` (the last chunk to whole PEs). 0 if a chunk gets none. */
static int split_of(const search_ctx *s, const double *x, int step, int pes[N_CHUNKS])
{
    double area = s->base->pe_budget;
    memset(pes, 0, sizeof(int) * N_CHUNKS);
    for (int a = 0; a + 1 < s->na; a++) {
        int k = s->act[a];
        double xa = fmin(fmax(x[a], 0.0), 1.0);
        int p = (int)lround(xa * area / pe_area(s->base, k) / step) * step;
        if (p < step)
            p = step;
        pes[k] = p;
        area -= p * pe_area(s->base, k);
    }
    int last = s->act[s->na - 1];
    return (pes[last] = pes_for_area(s->base, last, area)) >= 1;
}

typedef struct flash_eval {
    search_ctx *s;
    int step;
    nash_accel_design best_d; /* best prediction so far */
    double best_v;
    candidate *cand;
    int *n_cand, max_cand;
    int oom;
} flash_eval;

static double flash_f(flash_eval *fe, const double *x)
{
    int pes[N_CHUNKS];
    if (!split_of(fe->s, x, fe->step, pes))
        return 1e30;
    nash_accel_design d;
    double v = predict_split(fe->s, pes, &d);
    if (isnan(v)) {
        fe->oom = 1;
        return 1e30;
    }
    candidates_push(fe->cand, fe->n_cand, fe->max_cand, &d, v);
    if (v < fe->best_v)
        fe->best_v = v, fe->best_d = d;
    return isfinite(v) ? v : 1e30;
}

/* Nelder-Mead (Nelder & Mead 1965; standard coefficients 1, 2, 0.5, 0.5) in
 * dim <= 2 dimensions from x0 with an initial simplex of edge `edge`. */
static void nelder_mead(flash_eval *fe, int dim, const double *x0, double edge, int iters)
{
    double x[3][2], f[3];
    for (int v = 0; v <= dim; v++) {
        for (int j = 0; j < dim; j++)
            x[v][j] = x0[j] + (v == j + 1 ? (x0[j] > 0.5 ? -edge : edge) : 0);
        f[v] = flash_f(fe, x[v]);
    }
    for (int it = 0; it < iters && !fe->oom; it++) {
        /* order: best first */
        for (int a = 0; a <= dim; a++)
            for (int b = a + 1; b <= dim; b++)
                if (f[b] < f[a]) {
                    double tf = f[a];
                    f[a] = f[b], f[b] = tf;
                    for (int j = 0; j < dim; j++) {
                        double t = x[a][j];
                        x[a][j] = x[b][j], x[b][j] = t;
                    }
                }
        double cen[2] = {0, 0}, xr[2] = {0, 0}, xe[2] = {0, 0}, xc[2] = {0, 0};
        for (int v = 0; v < dim; v++)
            for (int j = 0; j < dim; j++)
                cen[j] += x[v][j] / dim;
        for (int j = 0; j < dim; j++)
            xr[j] = cen[j] + (cen[j] - x[dim][j]);
        double fr = flash_f(fe, xr);
        if (fr < f[0]) {
            for (int j = 0; j < dim; j++)
                xe[j] = cen[j] + 2 * (cen[j] - x[dim][j]);
            double fe2 = flash_f(fe, xe);
            if (fe2 < fr)
                memcpy(x[dim], xe, sizeof xe), f[dim] = fe2;
            else
                memcpy(x[dim], xr, sizeof xr), f[dim] = fr;
        } else if (fr < f[dim - 1]) {
            memcpy(x[dim], xr, sizeof xr), f[dim] = fr;
        } else {
            for (int j = 0; j < dim; j++)
                xc[j] = cen[j] + 0.5 * (x[dim][j] - cen[j]);
            double fc = flash_f(fe, xc);
            if (fc < f[dim]) {
                memcpy(x[dim], xc, sizeof xc), f[dim] = fc;
            } else { /* shrink towards the best */
                for (int v = 1; v <= dim; v++) {
                    for (int j = 0; j < dim; j++)
                        x[v][j] = x[0][j] + 0.5 * (x[v][j] - x[0][j]);
                    f[v] = flash_f(fe, x[v]);
                }
            }
        }
        /* converged: the simplex is below one rounding step */
        double spread = 0;
        for (int v = 1; v <= dim; v++)
            for (int j = 0; j < dim; j++)
                spread = fmax(spread, fabs(x[v][j] - x[0][j]));
        if (spread * fe->s->base->pe_budget < 0.5 * fe->step)
            break;
    }
}

static int search_flash(search_ctx *s, const nash_accel_search_opts *o)
{
    int dim = s->na - 1, n_cand = o->verify > 0 ? o->verify : 1;
    candidate *cand = calloc((size_t)n_cand, sizeof *cand);
    int n_in = 0;
    if (!cand)
        return nash_fail("accel search: out of memory");
    flash_eval fe = {.s = s, .step = o->flash_step > 0 ? o->flash_step : 1, .best_v = INFINITY,
                     .cand = cand, .n_cand = &n_in, .max_cand = n_cand};
    if (dim == 0) { /* one chunk: the split is fixed, only the dataflow is searched */
        double none[1] = {0};
        flash_f(&fe, none);
    } else {
        /* global stage: a Halton set (bases 2, 3) over [0,1]^dim, SHGO-like
         * sampling; keep the best flash_starts points as local starts */
        int ns = o->flash_samples > 0 ? o->flash_samples : 1;
        int n_st = o->flash_starts > 0 ? o->flash_starts : 1;
        double (*xs)[2] = malloc(sizeof *xs * (size_t)ns);
        double *fs = malloc(sizeof *fs * (size_t)ns);
        if (!xs || !fs) {
            free(xs), free(fs), free(cand);
            return nash_fail("accel search: out of memory");
        }
        static const int bases[2] = {2, 3};
        /* point 0: the FLOPs-proportional split of chip_predictor.py (area
         * share of a chunk = its ops x PE area / the sum), in stick-breaking
         * coordinates: the workload-balanced prior; then Halton points */
        double share[N_CHUNKS] = {0}, total = 0;
        for (int a = 0; a < s->na; a++) {
            int k = s->act[a];
            for (int i = 0; i < s->chunk_n[k]; i++)
                share[a] += (double)nash_accel_layer_ops(&s->chunk_layers[k][i]) * pe_area(s->base, k);
            total += share[a];
        }
        double left = 1.0;
        for (int j = 0; j < dim; j++) {
            xs[0][j] = left > 0 ? share[j] / total / left : 0.5;
            left -= share[j] / total;
        }
        fs[0] = flash_f(&fe, xs[0]);
        for (int i = 1; i < ns && !fe.oom; i++) {
            for (int j = 0; j < dim; j++)
                xs[i][j] = halton(i, bases[j]);
            fs[i] = flash_f(&fe, xs[i]);
        }
        /* local stage: Nelder-Mead from the best distinct starts */
        for (int st = 0; st < n_st && st < ns && !fe.oom; st++) {
            int b = 0;
            for (int i = 1; i < ns; i++)
                if (fs[i] < fs[b])
                    b = i;
            if (!(fs[b] < 1e30))
                break;
            fs[b] = INFINITY;
            nelder_mead(&fe, dim, xs[b], 0.1, o->flash_iters);
        }
        free(xs), free(fs);
    }
    if (fe.oom) {
        free(cand);
        return nash_fail("accel search: out of memory for the chunk tables");
    }
    /* polish: the rounding grid's neighbours of the best prediction (the
     * simplex stops once it is below one rounding step) */
    if (hill_climb(s, &fe.best_d, &fe.best_v, fe.step, cand, &n_in, n_cand) != 0) {
        free(cand);
        return -1;
    }
    verify_candidates(s, cand, n_in, fe.step, &s->res->best);
    free(cand);
    return 0;
}

int nash_accel_search(const nash_accel_config *base, const nash_accel_layer *layers, int n,
                      nash_accel_search_method method, const nash_accel_search_opts *o,
                      nash_accel_search_result *res)
{
    double t0 = clock_seconds(CLOCK_MONOTONIC), cpu0 = clock_seconds(CLOCK_THREAD_CPUTIME_ID);
    memset(res, 0, sizeof *res);
    if (nash_accel_config_check(base) != 0)
        return -1;
    if (n < 1)
        return nash_fail("accel search: no layers");
    for (int i = 0; i < n; i++)
        if (nash_accel_layer_check(&layers[i]) != 0)
            return nash_fail_context("accel search: layer %d", i);
    if (o->pe_step < 1 || o->top_k < 1)
        return nash_fail("accel search: pe_step %d and top_k %d must be >= 1", o->pe_step,
                         o->top_k);
    if (method < 0 || method >= NASH_ACCEL_SEARCH_METHOD_COUNT)
        return nash_fail("accel search: unknown method %d", (int)method);
    search_ctx s;
    int rc = ctx_init(&s, base, layers, n, o->objective, res);
    if (rc == 0) {
        if (method == NASH_ACCEL_SEARCH_EXHAUSTIVE)
            rc = search_exhaustive(&s, o);
        else if (method == NASH_ACCEL_SEARCH_COARSE_FINE)
            rc = search_coarse_fine(&s, o);
        else
            rc = search_flash(&s, o);
    }
    ctx_free(&s);
    res->seconds = clock_seconds(CLOCK_MONOTONIC) - t0;
    res->cpu_seconds = clock_seconds(CLOCK_THREAD_CPUTIME_ID) - cpu0;
    return rc;
}

/* ------------------------------------------------------------------------- */
/* NAAS wrapper                                                               */

/* Allowed levels per (dataflow, dimension) as in accel.h's table; bit l = level l. */
static const unsigned naas_levels[N_DF][NASH_NAAS_DIM_COUNT] = {
    /*        M     C     E     F     G   */
    /* RS */ {0xF, 0x7, 0xA, 0x1, 0xA},
    /* IS */ {0x3, 0x7, 0xB, 0xB, 0xA},
    /* WS */ {0xF, 0x7, 0x3, 0x3, 0xA},
    /* OS */ {0xF, 0x3, 0xB, 0xB, 0xA},
};

static int *tiling_dim(nash_accel_tiling *t, int dim)
{
    switch (dim) {
    case NASH_NAAS_DIM_M: return t->m;
    case NASH_NAAS_DIM_C: return t->c;
    case NASH_NAAS_DIM_E: return t->e;
    case NASH_NAAS_DIM_F: return t->f;
    default: return t->g;
    }
}

static int largest_divisor_at_most(int v, int limit)
{
    for (int d = limit < v ? limit : v; d > 1; d--)
        if (v % d == 0)
            return d;
    return 1;
}

int nash_naas_check(const nash_accel_config *base, const nash_naas_genome *g)
{
    nash_accel_design d = {0};
    for (int k = 0; k < N_CHUNKS; k++) {
        const nash_naas_chunk *ch = &g->chunk[k];
        d.pes[k] = g->pes[k];
        if (g->pes[k] == 0)
            continue;
        if (ch->rows < 1 || ch->cols < 1 || ch->rows * ch->cols > g->pes[k])
            return nash_fail("naas: chunk %s array %dx%d does not fit its %d PEs",
                             nash_accel_chunk_names[k], ch->rows, ch->cols, g->pes[k]);
        if (ch->row_dim == ch->col_dim || ch->row_dim < 0 || ch->row_dim >= NASH_NAAS_DIM_COUNT ||
            ch->col_dim < 0 || ch->col_dim >= NASH_NAAS_DIM_COUNT)
            return nash_fail("naas: chunk %s spatial dims %d, %d must be two different of m c e f g",
                             nash_accel_chunk_names[k], ch->row_dim, ch->col_dim);
        if ((int)ch->dataflow < 0 || ch->dataflow >= N_DF || (int)ch->order < 0 ||
            ch->order >= NASH_NAAS_ORDER_COUNT)
            return nash_fail("naas: chunk %s: bad dataflow or loop order", nash_accel_chunk_names[k]);
    }
    double area = nash_accel_design_area_pes(base, &d);
    if (area > base->pe_budget + 1e-9)
        return nash_fail("naas: PE split uses %.2f area-equivalent PEs, budget %d", area,
                         base->pe_budget);
    return 0;
}

/* Projects a tiling onto the array of chunk `ch` (accel_search.h, step 2):
 * each level-1 factor that does not fit the array is cut to its largest
 * divisor that fits and the rest moves to a temporal level the dataflow
 * allows (GB, DRAM or RF). Every combination of destinations is costed and
 * the valid one with the least EDP kept: a fixed choice (always the GB)
 * overflowed the GB or RF for most layers of random genomes. 1 with *m,
 * 0 when no combination is valid, -1 on a bad layer. */
static int naas_project(const nash_accel_config *c, const nash_naas_chunk *ch,
                        const nash_accel_layer *L, const nash_accel_tiling *t0,
                        nash_accel_mapping *m, int64_t *evaluations)
{
    int df = ch->dataflow;
    int fixed_row = df == NASH_ACCEL_RS ? L->R : df == NASH_ACCEL_WS ? L->R * L->S : 1;
    nash_accel_tiling cut = *t0;
    int moved_dim[NASH_NAAS_DIM_COUNT], moved[NASH_NAAS_DIM_COUNT], n_moved = 0;
    int dest[NASH_NAAS_DIM_COUNT][3], n_dest[NASH_NAAS_DIM_COUNT];
    for (int dim = 0; dim < NASH_NAAS_DIM_COUNT; dim++) {
        int *x = tiling_dim(&cut, dim);
        int limit = dim == ch->row_dim   ? ch->rows / fixed_row
                    : dim == ch->col_dim ? ch->cols
                                         : 1;
        int keep = largest_divisor_at_most(x[1], limit < 1 ? 1 : limit);
        if (x[1] / keep == 1)
            continue;
        static const int to[3] = {2, 3, 0}; /* GB, DRAM, RF */
        int nd = 0;
        for (int i = 0; i < 3; i++)
            if (naas_levels[df][dim] & (1u << to[i]))
                dest[n_moved][nd++] = to[i];
        if (nd == 0)
            return 0; /* nowhere to put it (no dataflow leaves a dim without a level) */
        moved_dim[n_moved] = dim, moved[n_moved] = x[1] / keep, n_dest[n_moved] = nd;
        x[1] = keep;
        n_moved++;
    }
    int combos = 1;
    for (int i = 0; i < n_moved; i++)
        combos *= n_dest[i];
    int found = 0;
    for (int k = 0; k < combos; k++) {
        nash_accel_tiling t = cut;
        for (int i = 0, r = k; i < n_moved; i++, r /= n_dest[i - 1])
            tiling_dim(&t, moved_dim[i])[dest[i][r % n_dest[i]]] *= moved[i];
        nash_accel_mapping cand;
        int ok = nash_accel_cost_tiling(c, L, ch->rows * ch->cols, c->gb_words, ch->dataflow, &t,
                                        &cand);
        if (evaluations)
            (*evaluations)++;
        if (ok < 0)
            return -1;
        if (ok == 1 && (!found || cand.edp < m->edp)) {
            *m = cand;
            found = 1;
        }
    }
    return found;
}

/* DRAM words the loop order saves (accel_search.h, step 3). */
static double naas_order_saving(const nash_naas_chunk *ch, const nash_accel_mapping *m,
                                int64_t gb_free, const nash_accel_layer *L)
{
    const nash_accel_tiling *t = &m->t;
    if (ch->order == NASH_NAAS_ORDER_E_OUTER && t->m[3] > 1)
        return m->access[NASH_ACCEL_MEM_DRAM][NASH_ACCEL_DATA_IFMAP] * (1.0 - 1.0 / t->m[3]);
    if (ch->order == NASH_NAAS_ORDER_M_OUTER && t->e[3] * t->f[3] > 1) {
        double slice = (double)L->R * L->S * (L->C / L->groups) * L->M / t->m[3];
        if (slice <= (double)(gb_free - m->gb_footprint))
            return m->access[NASH_ACCEL_MEM_DRAM][NASH_ACCEL_DATA_WEIGHT] *
                   (1.0 - 1.0 / (t->e[3] * t->f[3]));
    }
    return 0;
}

int nash_naas_map_layer(const nash_accel_config *base, const nash_accel_layer *L,
                        const nash_naas_genome *g, nash_accel_mapping *m, double *dram_saved_pj,
                        int64_t *evaluations)
{
    int k = nash_accel_layer_chunk(L);
    const nash_naas_chunk *ch = &g->chunk[k];
    *dram_saved_pj = 0;
    if (g->pes[k] < 1)
        return 0; /* a chunk with work but no PEs */
    nash_accel_config c = *base;
    c.single_array = 0;
    for (int j = 0; j < N_CHUNKS; j++)
        c.chunk_pes[j] = g->pes[j], c.dataflow[j] = g->chunk[j].dataflow;
    int array = ch->rows * ch->cols;
    int fixed_row = ch->dataflow == NASH_ACCEL_RS   ? L->R
                    : ch->dataflow == NASH_ACCEL_WS ? L->R * L->S
                                                    : 1;
    if (fixed_row > ch->rows)
        return 0; /* the window the dataflow lays over the rows does not fit */
    /* the model's best tiling for the array's PEs, projected; when the
     * projection breaks a limit, the best tilings for half, a quarter, ...
     * of the PEs (smaller spatial factors, less to move) are tried too */
    nash_accel_mapping best;
    int found = 0;
    for (int limit = array; limit >= 1; limit /= 2) {
        nash_accel_mapping cand;
        if (nash_accel_map_layer(&c, L, limit, c.gb_words, &cand, evaluations) != 0)
            continue; /* no tiling at all for this many PEs */
        int ok = naas_project(&c, ch, L, &cand.t, &best, evaluations);
        if (ok < 0)
            return -1;
        if (ok == 1) {
            found = 1;
            break; /* the largest PE count that projects is kept */
        }
    }
    if (!found)
        return 0;
    *m = best;
    *dram_saved_pj = naas_order_saving(ch, m, c.gb_words, L) * c.e_dram * c.bits[k] / 16.0;
    return 1;
}

int nash_naas_evaluate(const nash_accel_config *base, const nash_accel_layer *layers, int n,
                       const nash_naas_genome *g, nash_naas_cost *cost)
{
    memset(cost, 0, sizeof *cost);
    if (nash_naas_check(base, g) != 0)
        return -1;
    double chunk_ms[N_CHUNKS] = {0}, energy_pj = 0;
    int64_t ops = 0;
    for (int i = 0; i < n; i++) {
        nash_accel_mapping m;
        double saved_pj;
        int ok = nash_naas_map_layer(base, &layers[i], g, &m, &saved_pj, &cost->evaluations);
        if (ok < 0)
            return -1;
        if (ok == 0) {
            cost->failed_layers++; /* keep counting: the joint search ranks by it */
            continue;
        }
        energy_pj += m.energy_total_pj - saved_pj;
        chunk_ms[nash_accel_layer_chunk(&layers[i])] += m.latency_ms;
        ops += m.ops;
    }
    if (cost->failed_layers > 0)
        return 0;
    cost->valid = 1;
    for (int k = 0; k < N_CHUNKS; k++)
        cost->latency_ms = fmax(cost->latency_ms, chunk_ms[k]);
    cost->energy_mj = energy_pj * 1e-9;
    cost->edp = cost->energy_mj * cost->latency_ms;
    cost->fps = cost->latency_ms > 0 ? 1000.0 / cost->latency_ms : 0;
    cost->gops = cost->latency_ms > 0 ? (double)ops / (cost->latency_ms * 1e-3) / 1e9 : 0;
    return 0;
}

/* The rows chunk k's layers need under dataflow df: the tallest window the
 * dataflow lays over the rows (R for rs, R*S for ws, 1 otherwise). */
static int naas_min_rows(const nash_accel_layer *layers, int n, int k, nash_accel_dataflow df)
{
    int need = 1;
    for (int i = 0; i < n; i++) {
        const nash_accel_layer *L = &layers[i];
        int w = df == NASH_ACCEL_RS ? L->R : df == NASH_ACCEL_WS ? L->R * L->S : 1;
        if ((int)nash_accel_layer_chunk(L) == k && w > need)
            need = w;
    }
    return need;
}

/* A random array shape within `pes`: rows uniform in [lo, max(lo, min(pes,
 * 32))] with lo = min_rows (capped by pes), the widest column count that fits. */
static void naas_random_shape(nash_rng *rng, int pes, int min_rows, nash_naas_chunk *ch)
{
    int lo = min_rows < pes ? min_rows : pes, hi = pes < 32 ? pes : 32;
    if (hi < lo)
        hi = lo;
    ch->rows = lo + (int)nash_rng_below(rng, (uint32_t)(hi - lo + 1));
    ch->cols = pes / ch->rows;
}

/* Keeps a chunk's genes out of combinations no layer can map (measured: 3 of
 * 100 random genomes of NASA networks mapped without it):
 *  - rows >= the dataflow's window (naas_min_rows), when the PEs allow;
 *  - a loop dimension the dataflow keeps at the RF and PE levels only (ws: E
 *    and F; is: M; os: C — see naas_levels) is one of the two spatial
 *    dimensions: otherwise its whole extent has to fit the RF. */
static void naas_repair(const nash_accel_layer *layers, int n, int k, int pes,
                        nash_naas_chunk *ch)
{
    int need = naas_min_rows(layers, n, k, ch->dataflow);
    if (ch->rows < need && need <= pes) {
        ch->rows = need;
        ch->cols = pes / need;
    }
    int locked[NASH_NAAS_DIM_COUNT], nl = 0;
    for (int dim = 0; dim < NASH_NAAS_DIM_COUNT; dim++)
        if ((naas_levels[ch->dataflow][dim] & ~0x3u) == 0 && (naas_levels[ch->dataflow][dim] & 0x2u))
            locked[nl++] = dim;
    if (nl >= 2) {
        ch->row_dim = locked[0], ch->col_dim = locked[1];
    } else if (nl == 1 && ch->row_dim != locked[0] && ch->col_dim != locked[0]) {
        ch->col_dim = locked[0];
    }
}

static void naas_random_chunk(const nash_accel_layer *layers, int n, int k, nash_rng *rng,
                              int pes, nash_naas_chunk *ch)
{
    ch->dataflow = (nash_accel_dataflow)nash_rng_below(rng, N_DF);
    naas_random_shape(rng, pes, naas_min_rows(layers, n, k, ch->dataflow), ch);
    ch->row_dim = (int)nash_rng_below(rng, NASH_NAAS_DIM_COUNT);
    ch->col_dim = (ch->row_dim + 1 + (int)nash_rng_below(rng, NASH_NAAS_DIM_COUNT - 1)) %
                  NASH_NAAS_DIM_COUNT;
    ch->order = (nash_naas_order)nash_rng_below(rng, NASH_NAAS_ORDER_COUNT);
}

/* A random split of the budget over the active chunks (stick-breaking with
 * uniform fractions in [0.15, 0.85] so no chunk starves). */
static void naas_random_split(const nash_accel_config *base, const int *act, int na,
                              nash_rng *rng, int pes[N_CHUNKS])
{
    double area = base->pe_budget;
    memset(pes, 0, sizeof(int) * N_CHUNKS);
    for (int a = 0; a + 1 < na; a++) {
        double share = 0.15 + 0.7 * nash_rng_uniform(rng);
        int p = (int)floor(share * area / pe_area(base, act[a]));
        pes[act[a]] = p < 1 ? 1 : p;
        area -= pes[act[a]] * pe_area(base, act[a]);
    }
    if (na > 0) {
        int p = pes_for_area(base, act[na - 1], area);
        pes[act[na - 1]] = p < 1 ? 1 : p;
    }
}

void nash_naas_random(const nash_accel_config *base, const nash_accel_layer *layers, int n,
                      nash_rng *rng, nash_naas_genome *g)
{
    int act[N_CHUNKS];
    int na = active_chunks(layers, n, act);
    memset(g, 0, sizeof *g);
    naas_random_split(base, act, na, rng, g->pes);
    for (int k = 0; k < N_CHUNKS; k++)
        if (g->pes[k] > 0)
            naas_random_chunk(layers, n, k, rng, g->pes[k], &g->chunk[k]);
    for (int k = 0; k < N_CHUNKS; k++)
        if (g->pes[k] > 0)
            naas_repair(layers, n, k, g->pes[k], &g->chunk[k]);
}

/* After a split change: the row count is the shape gene, the array takes
 * the widest column count its chunk's PEs allow (rows <= PEs). */
static void naas_fit_shapes(const nash_accel_layer *layers, int n, nash_naas_genome *g)
{
    for (int k = 0; k < N_CHUNKS; k++) {
        nash_naas_chunk *ch = &g->chunk[k];
        if (g->pes[k] < 1)
            continue;
        if (ch->rows > g->pes[k])
            ch->rows = g->pes[k];
        if (ch->rows < 1)
            ch->rows = 1;
        ch->cols = g->pes[k] / ch->rows;
        naas_repair(layers, n, k, g->pes[k], ch);
    }
}

void nash_naas_mutate(const nash_accel_config *base, const nash_accel_layer *layers, int n,
                      nash_rng *rng, nash_naas_genome *g)
{
    int act[N_CHUNKS];
    int na = active_chunks(layers, n, act);
    /* a network whose active chunks changed gets a fresh split, keeping the
     * per-chunk genes of chunks that stay */
    int same = 1;
    for (int k = 0, a = 0; k < N_CHUNKS; k++) {
        int is_active = a < na && act[a] == k;
        a += is_active;
        same &= is_active == (g->pes[k] > 0);
    }
    if (!same) {
        nash_naas_genome fresh;
        nash_naas_random(base, layers, n, rng, &fresh);
        for (int k = 0; k < N_CHUNKS; k++)
            if (fresh.pes[k] > 0 && g->pes[k] > 0)
                fresh.chunk[k] = g->chunk[k];
        *g = fresh;
        naas_fit_shapes(layers, n, g);
        return;
    }
    int a = (int)nash_rng_below(rng, (uint32_t)na);
    nash_naas_chunk *ch = &g->chunk[act[a]];
    switch (nash_rng_below(rng, na > 1 ? 5 : 4)) {
    case 0:
        naas_random_shape(rng, g->pes[act[a]], naas_min_rows(layers, n, act[a], ch->dataflow), ch);
        break;
    case 1:
        ch->row_dim = (int)nash_rng_below(rng, NASH_NAAS_DIM_COUNT);
        ch->col_dim = (ch->row_dim + 1 + (int)nash_rng_below(rng, NASH_NAAS_DIM_COUNT - 1)) %
                      NASH_NAAS_DIM_COUNT;
        break;
    case 2: ch->dataflow = (nash_accel_dataflow)nash_rng_below(rng, N_DF); break;
    case 3: ch->order = (nash_naas_order)nash_rng_below(rng, NASH_NAAS_ORDER_COUNT); break;
    default: { /* move area between this chunk and another active one */
        int b = (a + 1 + (int)nash_rng_below(rng, (uint32_t)(na - 1))) % na;
        int ka = act[a], kb = act[b];
        double delta = (0.05 + 0.2 * nash_rng_uniform(rng)) * g->pes[ka] * pe_area(base, ka);
        int take = (int)floor(delta / pe_area(base, ka));
        if (take < 1 || g->pes[ka] - take < 1)
            break;
        g->pes[ka] -= take;
        g->pes[kb] += pes_for_area(base, kb, take * pe_area(base, ka));
        break;
    }
    }
    naas_fit_shapes(layers, n, g);
}

void nash_naas_describe(const nash_naas_genome *g, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 0; k < N_CHUNKS && used < size; k++) {
        const nash_naas_chunk *ch = &g->chunk[k];
        if (g->pes[k] == 0)
            continue;
        int w = snprintf(buf + used, size - used, "%s%s %d PEs %dx%d %s|%s %s %s", used ? "; " : "",
                         nash_accel_chunk_names[k], g->pes[k], ch->rows, ch->cols,
                         nash_naas_dim_names[ch->row_dim], nash_naas_dim_names[ch->col_dim],
                         nash_accel_dataflow_names[ch->dataflow], nash_naas_order_names[ch->order]);
        if (w < 0)
            return;
        used += (size_t)w;
    }
}

/* ------------------------------------------------------------------------- */
/* Joint evolutionary loop                                                    */

typedef struct joint_ind {
    char arch[NASH_SPACE_ARCH_MAX];
    nash_naas_genome g;
    nash_naas_cost cost;
    double proxy, fitness;
} joint_ind;

/* Builds, extracts and scores an individual; its genome is repaired (or made)
 * for the network's chunks. 0, or -1 on an internal error. */
static int joint_score(const nash_accel_config *base, const nash_naas_joint_opts *o,
                       nash_rng *rng, joint_ind *ind, int fresh_genome)
{
    nash_net *net = nash_space_build(o->space, ind->arch, o->c, o->h, o->w, o->classes);
    if (!net)
        return nash_fail_context("naas joint: arch %s", ind->arch);
    nash_accel_layer *layers = NULL;
    int n = 0;
    if (nash_accel_extract(net, &layers, &n) != 0) {
        nash_net_free(net);
        return -1;
    }
    if (fresh_genome)
        nash_naas_random(base, layers, n, rng, &ind->g);
    else
        nash_naas_mutate(base, layers, n, rng, &ind->g);
    int rc = nash_naas_evaluate(base, layers, n, &ind->g, &ind->cost);
    if (rc == 0)
        rc = nash_proxies_score(net, o->pc, o->pd, &o->proxy, 1, &ind->proxy);
    free(layers);
    nash_net_free(net);
    if (rc != 0)
        return -1;
    int feasible = ind->cost.valid && isfinite(ind->proxy) &&
                   (o->max_latency_ms <= 0 || ind->cost.latency_ms <= o->max_latency_ms);
    /* infeasible pairs rank by how close they are: over the latency limit by
     * their latency, unmappable ones by the share of layers without a mapping */
    ind->fitness = feasible                ? ind->proxy
                   : !isfinite(ind->proxy) ? -1e10 /* the proxy cannot rank it at all */
                   : ind->cost.valid       ? -1e9 - ind->cost.latency_ms
                                           : -2e9 * (1.0 + (double)ind->cost.failed_layers / n);
    return 0;
}

int nash_naas_joint_search(const nash_accel_config *base, const nash_naas_joint_opts *o,
                           nash_naas_joint_result *res)
{
    memset(res, 0, sizeof *res);
    if (!o->space || o->population < 2 || o->tournament < 1 || o->budget < o->population)
        return nash_fail("naas joint: need a space, population >= 2, tournament >= 1 and "
                         "budget >= population (got %d, %d, %d)",
                         o->population, o->tournament, o->budget);
    joint_ind *pop = calloc((size_t)o->population, sizeof *pop);
    if (!pop)
        return nash_fail("naas joint: out of memory");
    nash_rng rng;
    nash_rng_seed(&rng, o->seed);
    joint_ind best = {0};
    best.fitness = -INFINITY;
    int oldest = 0, rc = 0;
    for (int step = 0; step < o->budget; step++) {
        joint_ind child;
        int slot;
        if (step < o->population) { /* initial population: random pairs */
            memset(&child, 0, sizeof child);
            if (nash_space_sample(o->space, &rng, child.arch, sizeof child.arch) != 0 ||
                joint_score(base, o, &rng, &child, 1) != 0) {
                rc = -1;
                break;
            }
            slot = step;
        } else { /* tournament, then mutate the network or the accelerator */
            int p = (int)nash_rng_below(&rng, (uint32_t)o->population);
            for (int t = 1; t < o->tournament; t++) {
                int q = (int)nash_rng_below(&rng, (uint32_t)o->population);
                if (pop[q].fitness > pop[p].fitness)
                    p = q;
            }
            child = pop[p];
            if (nash_rng_uniform(&rng) < 0.5 &&
                nash_space_mutate(o->space, pop[p].arch, 0.1, &rng, child.arch,
                                  sizeof child.arch) != 0) {
                rc = -1;
                break;
            }
            /* the genome is mutated in both cases (repaired to the network's chunks) */
            if (joint_score(base, o, &rng, &child, 0) != 0) {
                rc = -1;
                break;
            }
            slot = oldest; /* aging: the oldest dies */
            oldest = (oldest + 1) % o->population;
        }
        pop[slot] = child;
        res->evaluated++;
        if (child.fitness > best.fitness)
            best = child;
    }
    if (res->evaluated > 0) {
        memcpy(res->arch, best.arch, sizeof res->arch);
        res->genome = best.g;
        res->cost = best.cost;
        res->proxy = best.proxy;
        res->fitness = best.fitness;
    }
    free(pop);
    return rc;
}

/* ------------------------------------------------------------------------- */
/* CPU target                                                                 */

static int same_layer_shape(const nash_accel_layer *a, const nash_accel_layer *b)
{
    return a->kind == b->kind && a->H == b->H && a->W == b->W && a->C == b->C && a->R == b->R &&
           a->S == b->S && a->M == b->M && a->E == b->E && a->F == b->F &&
           a->stride == b->stride && a->pad == b->pad && a->groups == b->groups;
}

/* Forward time (ms) of one layer at batch 1 with the kernel nash would pick. */
static int time_layer(const nash_accel_layer *L, double *ms)
{
    int pool = L->kind == NASH_ACCEL_KIND_POOL;
    int groups = pool ? L->C : L->groups, oc = pool ? L->C : L->M;
    nash_conv_desc d;
    if (nash_conv_desc_init2(&d, 1, L->C, L->H, L->W, oc, L->R, L->S, L->stride, L->stride,
                             L->pad, L->pad, groups) != 0)
        return nash_fail_context("cpu target: layer %s", L->name);
    const nash_conv_impl *impl =
        L->kind == NASH_ACCEL_KIND_ADDER ? nash_adder_pick(&d) : nash_conv_pick(&d);
    if (!impl)
        return nash_fail("cpu target: no kernel for layer %s", L->name);
    size_t x_n = (size_t)nash_cblocks(d.ic) * NASH_BLOCK * (size_t)d.ih * (size_t)d.iw;
    size_t y_n = (size_t)nash_cblocks(d.oc) * NASH_BLOCK * (size_t)d.oh * (size_t)d.ow;
    size_t w_n = (size_t)d.oc * (size_t)(d.ic / d.groups) * (size_t)d.kh * (size_t)d.kw;
    size_t scratch_n = impl->scratch_bytes ? impl->scratch_bytes(&d) : 0;
    float *x = aligned_alloc(64, (x_n * sizeof(float) + 63) / 64 * 64);
    float *y = aligned_alloc(64, (y_n * sizeof(float) + 63) / 64 * 64);
    float *w = aligned_alloc(64, (w_n * sizeof(float) + 63) / 64 * 64);
    void *scratch = scratch_n ? aligned_alloc(64, (scratch_n + 63) / 64 * 64) : NULL;
    if (!x || !y || !w || (scratch_n && !scratch)) {
        free(x), free(y), free(w), free(scratch);
        return nash_fail("cpu target: out of memory for layer %s", L->name);
    }
    for (size_t i = 0; i < x_n; i++)
        x[i] = (float)((i * 7) % 13) * 0.1f - 0.6f;
    for (size_t i = 0; i < w_n; i++)
        w[i] = (float)((i * 5) % 11) * 0.05f - 0.25f;
    impl->forward(&d, x, w, NULL, y, scratch); /* warm-up: caches, page faults, JIT */
    double best = INFINITY, spent = 0;
    for (int rep = 0; rep < 3 || (spent < 2e-3 && rep < 1000); rep++) {
        double t0 = clock_seconds(CLOCK_MONOTONIC);
        impl->forward(&d, x, w, NULL, y, scratch);
        double dt = clock_seconds(CLOCK_MONOTONIC) - t0;
        spent += dt;
        best = fmin(best, dt);
    }
    free(x), free(y), free(w), free(scratch);
    *ms = best * 1e3;
    return 0;
}

/* Doubles the capacity of a pair of parallel arrays (keys of key_size bytes, ms). */
static int table_grow(void **keys, size_t key_size, double **ms, int *cap)
{
    int ncap = *cap ? 2 * *cap : 64;
    void *k = realloc(*keys, key_size * (size_t)ncap);
    if (k)
        *keys = k;
    double *m = realloc(*ms, sizeof *m * (size_t)ncap);
    if (m)
        *ms = m;
    if (!k || !m)
        return nash_fail("cpu target: out of memory for a table of %d shapes", ncap);
    *cap = ncap;
    return 0;
}

int nash_cpu_latency(nash_cpu_table *t, const nash_accel_layer *layers, int n, double *latency_ms,
                     int *timed)
{
    *latency_ms = 0;
    if (timed)
        *timed = 0;
    for (int i = 0; i < n; i++) {
        int hit = -1;
        for (int j = 0; j < t->n && hit < 0; j++)
            if (same_layer_shape(&t->shape[j], &layers[i]))
                hit = j;
        if (hit < 0) {
            if (t->n == t->cap && table_grow((void **)&t->shape, sizeof *t->shape, &t->ms,
                                              &t->cap) != 0)
                return -1;
            if (time_layer(&layers[i], &t->ms[t->n]) != 0)
                return -1;
            t->shape[t->n] = layers[i];
            hit = t->n++;
            if (timed)
                (*timed)++;
        }
        *latency_ms += t->ms[hit];
    }
    return 0;
}

/* The unmodelled node `i` of `net` as a table key; 0 if the node is modelled
 * (conv, pooling, linear) or the input. */
static int node_shape_of(const nash_net *net, int i, nash_cpu_node_shape *k)
{
    nash_node_kind kind = nash_net_node_kind(net, i);
    if (kind != NASH_NODE_BN && kind != NASH_NODE_ACT && kind != NASH_NODE_ADD &&
        kind != NASH_NODE_SCALE && kind != NASH_NODE_DROPOUT && kind != NASH_NODE_SHORTCUT_A)
        return 0;
    int in[2];
    if (nash_net_node_inputs(net, i, in) < 1)
        return 0;
    nash_shape si = nash_net_node_shape(net, in[0]), so = nash_net_node_shape(net, i);
    if (si.flat || so.flat)
        return 0; /* after global pooling: a few floats, nothing to time */
    memset(k, 0, sizeof *k);
    k->kind = kind;
    k->act = kind == NASH_NODE_ACT ? nash_net_node_act(net, i) : NASH_ACT_NONE;
    k->c = si.c, k->h = si.h, k->w = si.w;
    k->oc = so.c, k->oh = so.h, k->ow = so.w;
    return 1;
}

typedef struct {
    double end; /* when node 1's forward returned */
} node_clock;

static void node_clock_hook(nash_net *net, int node, int backward, void *user)
{
    if (node == 1 && !backward)
        ((node_clock *)user)->end = clock_seconds(CLOCK_MONOTONIC);
}

/* Inference time (ms) of one node as the only layer of a batch-1 network. */
static int time_node(const nash_cpu_node_shape *k, double *ms)
{
    nash_net *net = nash_net_create(k->c, k->h, k->w);
    if (!net)
        return -1;
    int x = -1;
    switch (k->kind) {
    case NASH_NODE_BN: x = nash_net_bn(net, 0, 1); break;
    case NASH_NODE_ACT: x = nash_net_act(net, 0, k->act); break;
    case NASH_NODE_ADD: x = nash_net_add(net, 0, 0); break;
    case NASH_NODE_SCALE: x = nash_net_scale(net, 0, 0.0f); break;
    case NASH_NODE_DROPOUT: x = nash_net_dropout(net, 0, 0.1f); break;
    case NASH_NODE_SHORTCUT_A: x = nash_net_shortcut_a(net, 0, k->oc, k->h / k->oh); break;
    default: break;
    }
    if (x > 0)
        x = nash_net_gap(net, x);
    if (x > 0)
        x = nash_net_linear(net, x, 1, 0);
    if (x < 0 || nash_net_compile(net, 1) != 0) {
        nash_net_free(net);
        return nash_fail_context("cpu target: timing a %s node of %dx%dx%d",
                                 nash_node_kind_names[k->kind], k->c, k->h, k->w);
    }
    nash_rng rng;
    nash_rng_seed(&rng, 1);
    nash_net_init_params(net, &rng);
    float *in = nash_net_input(net);
    int64_t floats = nash_blocked_size(1, k->c, k->h, k->w);
    for (int64_t i = 0; i < floats; i++) /* both signs: ReLU takes each branch */
        in[i] = (float)((i * 7) % 13) * 0.1f - 0.6f;
    node_clock clk = {0};
    nash_net_set_hook(net, node_clock_hook, &clk);
    nash_net_forward(net, 1, 0); /* warm-up */
    double best = INFINITY, spent = 0;
    for (int rep = 0; rep < 5 || (spent < 1e-3 && rep < 2000); rep++) {
        double t0 = clock_seconds(CLOCK_MONOTONIC);
        nash_net_forward(net, 1, 0);
        double dt = clk.end - t0;
        spent += dt;
        best = fmin(best, dt);
    }
    nash_net_free(net);
    *ms = best * 1e3;
    return 0;
}

int nash_cpu_node_latency(nash_cpu_table *t, const nash_net *net, double *latency_ms, int *timed)
{
    *latency_ms = 0;
    if (timed)
        *timed = 0;
    for (int i = 1; i < nash_net_node_count(net); i++) {
        nash_cpu_node_shape k;
        if (!node_shape_of(net, i, &k))
            continue;
        int hit = -1;
        for (int j = 0; j < t->n_node && hit < 0; j++)
            if (memcmp(&t->node[j], &k, sizeof k) == 0)
                hit = j;
        if (hit < 0) {
            if (t->n_node == t->cap_node && table_grow((void **)&t->node, sizeof *t->node,
                                                        &t->node_ms, &t->cap_node) != 0)
                return -1;
            if (time_node(&k, &t->node_ms[t->n_node]) != 0)
                return -1;
            t->node[t->n_node] = k;
            hit = t->n_node++;
            if (timed)
                (*timed)++;
        }
        *latency_ms += t->node_ms[hit];
    }
    return 0;
}

int nash_cpu_network_latency(nash_cpu_table *t, const nash_net *net, double *latency_ms,
                             int *timed)
{
    nash_accel_layer *layers = NULL;
    int n = 0, timed_layers = 0, timed_nodes = 0;
    double layer_ms = 0, node_ms = 0;
    int rc = nash_accel_extract(net, &layers, &n);
    if (rc == 0)
        rc = nash_cpu_latency(t, layers, n, &layer_ms, &timed_layers);
    if (rc == 0)
        rc = nash_cpu_node_latency(t, net, &node_ms, &timed_nodes);
    free(layers);
    *latency_ms = layer_ms + node_ms;
    if (timed)
        *timed = timed_layers + timed_nodes;
    return rc;
}

void nash_cpu_table_free(nash_cpu_table *t)
{
    free(t->node);
    free(t->node_ms);
    free(t->shape);
    free(t->ms);
    memset(t, 0, sizeof *t);
}
