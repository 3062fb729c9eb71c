/*
 * stats.c — rank correlations, their bootstrap intervals and top-k metrics.
 *
 * Owns: the implementations behind stats.h. Kendall's tau-b and the bootstrap
 * share one "weighted" core: the pairs are sorted once by (x, y) and given
 * dense integer ranks; a bootstrap resample is then only a multiplicity per
 * pair (how often it was drawn), and tau-b / rho of the resample are computed
 * from those multiplicities in O(n log n) without sorting doubles again. The
 * plain tau-b is the same core with every multiplicity 1. Spearman's rho of
 * the original sample is computed independently (average ranks + Pearson), so
 * the tests can check the core against it.
 * Does not own: files, tables, printing (tools/cmd_correlate.c).
 */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nash_runtime.h"

static void *stats_alloc(const char *who, size_t count, size_t size)
{
    void *p = count ? calloc(count, size) : malloc(1);
    if (!p)
        nash_fail("%s: out of memory for %zu bytes", who, count * size);
    return p;
}

static int check_n(const char *who, int64_t n)
{
    if (n < 0 || n > INT32_MAX)
        return nash_fail("%s: n = %lld pairs is out of range 0..%d", who, (long long)n, INT32_MAX);
    return 0;
}

int64_t nash_stats_drop_nonfinite(const double *x, const double *y, int64_t n, double *x_out,
                                  double *y_out)
{
    int64_t kept = 0;
    for (int64_t i = 0; i < n; i++) {
        double xi = x[i], yi = y[i]; /* read first: the outputs may alias the inputs */
        if (isfinite(xi) && isfinite(yi)) {
            x_out[kept] = xi;
            y_out[kept] = yi;
            kept++;
        }
    }
    return kept;
}

/* ------------------------------------------------------------------------- */
/* Average ranks, Pearson, Spearman                                            */

typedef struct value_index {
    double v;
    int64_t i;
} value_index;

/* Ascending value, then ascending index: a total order, so qsort's result is deterministic. */
static int cmp_value_index(const void *a, const void *b)
{
    const value_index *p = a, *q = b;
    if (p->v != q->v)
        return p->v < q->v ? -1 : 1;
    return (p->i > q->i) - (p->i < q->i);
}

int nash_stats_average_ranks(const double *x, int64_t n, double *ranks)
{
    if (check_n("nash_stats_average_ranks", n) != 0)
        return -1;
    value_index *s = stats_alloc("nash_stats_average_ranks", (size_t)n, sizeof *s);
    if (!s)
        return -1;
    for (int64_t i = 0; i < n; i++)
        s[i] = (value_index){x[i], i};
    qsort(s, (size_t)n, sizeof *s, cmp_value_index);
    for (int64_t start = 0; start < n;) {
        int64_t end = start + 1;
        while (end < n && s[end].v == s[start].v)
            end++;
        /* positions start+1 .. end (1-based) share their mean */
        double mean_position = 0.5 * (double)(start + 1 + end);
        for (int64_t j = start; j < end; j++)
            ranks[s[j].i] = mean_position;
        start = end;
    }
    free(s);
    return 0;
}

double nash_stats_pearson(const double *x, const double *y, int64_t n)
{
    if (n < 2)
        return NAN;
    double mx = 0, my = 0;
    for (int64_t i = 0; i < n; i++)
        mx += x[i], my += y[i];
    mx /= (double)n, my /= (double)n;
    double sxy = 0, sxx = 0, syy = 0; /* centred sums: no cancellation of large means */
    for (int64_t i = 0; i < n; i++) {
        double dx = x[i] - mx, dy = y[i] - my;
        sxy += dx * dy, sxx += dx * dx, syy += dy * dy;
    }
    if (sxx <= 0 || syy <= 0)
        return NAN;
    double r = sxy / sqrt(sxx * syy);
    return r > 1 ? 1 : r < -1 ? -1 : r;
}

int nash_stats_spearman(const double *x, const double *y, int64_t n, double *rho)
{
    *rho = NAN;
    if (check_n("nash_stats_spearman", n) != 0)
        return -1;
    if (n < 2)
        return 0;
    double *rx = stats_alloc("nash_stats_spearman", (size_t)n, sizeof *rx);
    double *ry = stats_alloc("nash_stats_spearman", (size_t)n, sizeof *ry);
    int rc = -1;
    if (rx && ry && nash_stats_average_ranks(x, n, rx) == 0 &&
        nash_stats_average_ranks(y, n, ry) == 0) {
        *rho = nash_stats_pearson(rx, ry, n);
        rc = 0;
    }
    free(rx);
    free(ry);
    return rc;
}

/* ------------------------------------------------------------------------- */
/* The weighted core: pairs pre-sorted by (x, y) with dense ranks              */

typedef struct xy_index {
    double x, y;
    int32_t i;
} xy_index;

static int cmp_xy_index(const void *a, const void *b)
{
    const xy_index *p = a, *q = b;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    if (p->y != q->y)
        return p->y < q->y ? -1 : 1;
    return (p->i > q->i) - (p->i < q->i);
}

/* One element of the merge sort: dense y rank and multiplicity. */
typedef struct y_weight {
    int32_t y, w;
} y_weight;

/* Pair k means the k-th pair in (x, y) order. */
typedef struct rank_core {
    int64_t n;
    int32_t *pos;     /* pos[i]: k of original pair i */
    int32_t *xg, *yg; /* dense 0-based ranks of x and y of pair k */
    int32_t *by_y;    /* the k's listed in ascending y */
    /* per-evaluation scratch */
    double *rx, *ry;  /* average ranks of pair k in the weighted sample */
    y_weight *merge_a, *merge_b;
} rank_core;

static void core_free(rank_core *c)
{
    free(c->pos), free(c->xg), free(c->yg), free(c->by_y);
    free(c->rx), free(c->ry), free(c->merge_a), free(c->merge_b);
    memset(c, 0, sizeof *c);
}

static int core_init(rank_core *c, const double *x, const double *y, int64_t n, const char *who)
{
    memset(c, 0, sizeof *c);
    c->n = n;
    size_t un = (size_t)n;
    xy_index *s = stats_alloc(who, un, sizeof *s);
    value_index *t = stats_alloc(who, un, sizeof *t);
    c->pos = stats_alloc(who, un, sizeof *c->pos);
    c->xg = stats_alloc(who, un, sizeof *c->xg);
    c->yg = stats_alloc(who, un, sizeof *c->yg);
    c->by_y = stats_alloc(who, un, sizeof *c->by_y);
    c->rx = stats_alloc(who, un, sizeof *c->rx);
    c->ry = stats_alloc(who, un, sizeof *c->ry);
    c->merge_a = stats_alloc(who, un, sizeof *c->merge_a);
    c->merge_b = stats_alloc(who, un, sizeof *c->merge_b);
    if (!s || !t || !c->pos || !c->xg || !c->yg || !c->by_y || !c->rx || !c->ry || !c->merge_a ||
        !c->merge_b) {
        free(s), free(t), core_free(c);
        return -1;
    }
    for (int64_t i = 0; i < n; i++)
        s[i] = (xy_index){x[i], y[i], (int32_t)i};
    qsort(s, un, sizeof *s, cmp_xy_index);
    int32_t g = -1;
    for (int64_t k = 0; k < n; k++) {
        if (k == 0 || s[k].x != s[k - 1].x)
            g++;
        c->xg[k] = g;
        c->pos[s[k].i] = (int32_t)k;
        t[k] = (value_index){s[k].y, k};
    }
    qsort(t, un, sizeof *t, cmp_value_index);
    g = -1;
    for (int64_t j = 0; j < n; j++) {
        if (j == 0 || t[j].v != t[j - 1].v)
            g++;
        c->by_y[j] = (int32_t)t[j].i;
        c->yg[t[j].i] = g;
    }
    free(s), free(t);
    return 0;
}

/* Weighted count of inversions of a[0..m) by y (pairs j < l with a[j].y > a[l].y,
 * each counting a[j].w * a[l].w): bottom-up merge sort; equal y are not inversions. */
static int64_t weighted_inversions(y_weight *a, y_weight *tmp, int64_t m)
{
    int64_t inversions = 0;
    for (int64_t width = 1; width < m; width *= 2) {
        for (int64_t lo = 0; lo < m; lo += 2 * width) {
            int64_t mid = lo + width < m ? lo + width : m;
            int64_t hi = lo + 2 * width < m ? lo + 2 * width : m;
            int64_t left_weight = 0; /* weight still waiting in the left run */
            for (int64_t i = lo; i < mid; i++)
                left_weight += a[i].w;
            int64_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi) {
                if (a[j].y < a[i].y) { /* a[j] jumps over everything left in the left run */
                    inversions += (int64_t)a[j].w * left_weight;
                    tmp[o++] = a[j++];
                } else {
                    left_weight -= a[i].w;
                    tmp[o++] = a[i++];
                }
            }
            while (i < mid)
                tmp[o++] = a[i++];
            while (j < hi)
                tmp[o++] = a[j++];
        }
        y_weight *swap = a;
        a = tmp, tmp = swap;
    }
    return inversions;
}

/* tau-b and rho of the sample in which pair k occurs w[k] times (w >= 0).
 * Either output may be NULL. */
static void core_evaluate(rank_core *c, const int32_t *w, double *tau, double *rho)
{
    const int64_t n = c->n;
    int64_t total = 0;
    for (int64_t k = 0; k < n; k++)
        total += w[k];
    /* Average ranks of x over the weighted sample, x tie groups (n1) and joint
     * (x, y) tie groups (n3): pairs are in (x, y) order, so both are runs. */
    int64_t n1 = 0, n2 = 0, n3 = 0, before = 0;
    for (int64_t start = 0; start < n;) {
        int64_t end = start, t = 0;
        while (end < n && c->xg[end] == c->xg[start]) {
            int64_t joint = 0, e2 = end;
            while (e2 < n && c->xg[e2] == c->xg[start] && c->yg[e2] == c->yg[end])
                joint += w[e2++];
            n3 += joint * (joint - 1) / 2;
            t += joint;
            end = e2;
        }
        double r = (double)before + 0.5 * (double)(t + 1);
        for (int64_t k = start; k < end; k++)
            c->rx[k] = r;
        n1 += t * (t - 1) / 2;
        before += t;
        start = end;
    }
    before = 0;
    for (int64_t start = 0; start < n;) {
        int64_t end = start, t = 0;
        int32_t g = c->yg[c->by_y[start]];
        while (end < n && c->yg[c->by_y[end]] == g)
            t += w[c->by_y[end++]];
        double r = (double)before + 0.5 * (double)(t + 1);
        for (int64_t j = start; j < end; j++)
            c->ry[c->by_y[j]] = r;
        n2 += t * (t - 1) / 2;
        before += t;
        start = end;
    }
    if (rho) {
        double mean = 0.5 * (double)(total + 1), sxy = 0, sxx = 0, syy = 0;
        for (int64_t k = 0; k < n; k++)
            if (w[k]) {
                double dx = c->rx[k] - mean, dy = c->ry[k] - mean;
                sxy += w[k] * dx * dy, sxx += w[k] * dx * dx, syy += w[k] * dy * dy;
            }
        *rho = total >= 2 && sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : NAN;
        if (*rho > 1)
            *rho = 1;
        if (*rho < -1)
            *rho = -1;
    }
    if (tau) {
        int64_t m = 0;
        for (int64_t k = 0; k < n; k++)
            if (w[k])
                c->merge_a[m++] = (y_weight){c->yg[k], w[k]};
        /* Within an x tie group y ascends, so every inversion is a pair with
         * x_j < x_l and y_j > y_l: a discordant pair. */
        int64_t discordant = weighted_inversions(c->merge_a, c->merge_b, m);
        int64_t n0 = total * (total - 1) / 2;
        double denominator = (double)(n0 - n1) * (double)(n0 - n2);
        *tau = total >= 2 && denominator > 0
                   ? (double)(n0 - n1 - n2 + n3 - 2 * discordant) / sqrt(denominator)
                   : NAN;
        if (*tau > 1)
            *tau = 1;
        if (*tau < -1)
            *tau = -1;
    }
}

int nash_stats_kendall_tau_b(const double *x, const double *y, int64_t n, double *tau)
{
    *tau = NAN;
    if (check_n("nash_stats_kendall_tau_b", n) != 0)
        return -1;
    if (n < 2)
        return 0;
    rank_core c;
    if (core_init(&c, x, y, n, "nash_stats_kendall_tau_b") != 0)
        return -1;
    int32_t *ones = stats_alloc("nash_stats_kendall_tau_b", (size_t)n, sizeof *ones);
    if (!ones) {
        core_free(&c);
        return -1;
    }
    for (int64_t k = 0; k < n; k++)
        ones[k] = 1;
    core_evaluate(&c, ones, tau, NULL);
    free(ones);
    core_free(&c);
    return 0;
}

double nash_stats_kendall_tau_b_naive(const double *x, const double *y, int64_t n)
{
    int64_t concordant = 0, discordant = 0, tied_x_only = 0, tied_y_only = 0;
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = i + 1; j < n; j++) {
            double dx = x[i] - x[j], dy = y[i] - y[j];
            if (dx == 0 && dy == 0)
                continue; /* tied in both: in neither denominator factor */
            if (dx == 0)
                tied_x_only++;
            else if (dy == 0)
                tied_y_only++;
            else if ((dx > 0) == (dy > 0))
                concordant++;
            else
                discordant++;
        }
    /* tau-b = (C - D) / sqrt((C + D + Ty) (C + D + Tx)), Tx / Ty = pairs tied in x / y only */
    double d = (double)(concordant + discordant + tied_y_only) *
               (double)(concordant + discordant + tied_x_only);
    return d > 0 ? (double)(concordant - discordant) / sqrt(d) : NAN;
}

/* ------------------------------------------------------------------------- */
/* Top of the ranking                                                          */

/* Descending value, then ascending index. */
static int cmp_value_index_desc(const void *a, const void *b)
{
    const value_index *p = a, *q = b;
    if (p->v != q->v)
        return p->v > q->v ? -1 : 1;
    return (p->i > q->i) - (p->i < q->i);
}

int nash_stats_spearman_top(const double *proxy, const double *truth, int64_t n, double frac,
                            double *rho, int64_t *n_top)
{
    *rho = NAN;
    *n_top = 0;
    if (check_n("nash_stats_spearman_top", n) != 0)
        return -1;
    if (!(frac > 0 && frac <= 1))
        return nash_fail("nash_stats_spearman_top: fraction %g is not in (0, 1]", frac);
    /* ceil, with a little slack so 0.1 * 7250 = 725.0000000001 stays 725 */
    int64_t m = (int64_t)ceil(frac * (double)n - 1e-9);
    if (m > n)
        m = n;
    *n_top = m;
    if (m < 2)
        return 0;
    value_index *s = stats_alloc("nash_stats_spearman_top", (size_t)n, sizeof *s);
    double *px = stats_alloc("nash_stats_spearman_top", (size_t)m, sizeof *px);
    double *py = stats_alloc("nash_stats_spearman_top", (size_t)m, sizeof *py);
    int rc = -1;
    if (s && px && py) {
        for (int64_t i = 0; i < n; i++)
            s[i] = (value_index){truth[i], i};
        qsort(s, (size_t)n, sizeof *s, cmp_value_index_desc);
        for (int64_t j = 0; j < m; j++)
            px[j] = proxy[s[j].i], py[j] = truth[s[j].i];
        rc = nash_stats_spearman(px, py, m, rho);
    }
    free(s), free(px), free(py);
    return rc;
}

/* member[i] = chance that item i is in the top k when ties are broken at random. */
static int top_membership(const double *v, int64_t n, int64_t k, double *member)
{
    value_index *s = stats_alloc("nash_stats_topk_hit", (size_t)n, sizeof *s);
    if (!s)
        return -1;
    for (int64_t i = 0; i < n; i++)
        s[i] = (value_index){v[i], i};
    qsort(s, (size_t)n, sizeof *s, cmp_value_index_desc);
    for (int64_t start = 0; start < n;) {
        int64_t end = start + 1;
        while (end < n && s[end].v == s[start].v)
            end++;
        double share = end <= k     ? 1.0
                       : start >= k ? 0.0
                                    : (double)(k - start) / (double)(end - start);
        for (int64_t j = start; j < end; j++)
            member[s[j].i] = share;
        start = end;
    }
    free(s);
    return 0;
}

int nash_stats_topk_hit(const double *proxy, const double *truth, int64_t n, int64_t k,
                        double *hit)
{
    *hit = NAN;
    if (check_n("nash_stats_topk_hit", n) != 0)
        return -1;
    if (k < 1 || k > n)
        return nash_fail("nash_stats_topk_hit: k = %lld is out of range 1..%lld", (long long)k,
                         (long long)n);
    double *mp = stats_alloc("nash_stats_topk_hit", (size_t)n, sizeof *mp);
    double *mt = stats_alloc("nash_stats_topk_hit", (size_t)n, sizeof *mt);
    int rc = -1;
    if (mp && mt && top_membership(proxy, n, k, mp) == 0 && top_membership(truth, n, k, mt) == 0) {
        double overlap = 0;
        for (int64_t i = 0; i < n; i++)
            overlap += mp[i] * mt[i];
        *hit = overlap / (double)k;
        rc = 0;
    }
    free(mp), free(mt);
    return rc;
}

/* ------------------------------------------------------------------------- */
/* Bootstrap                                                                   */

int nash_stats_bootstrap(const double *x, const double *y, int64_t n, int resamples,
                         uint64_t seed, double *tau_rep, double *rho_rep)
{
    if (check_n("nash_stats_bootstrap", n) != 0)
        return -1;
    if (resamples < 0)
        return nash_fail("nash_stats_bootstrap: %d resamples", resamples);
    if (n < 2 || resamples == 0) {
        for (int b = 0; b < resamples; b++) {
            if (tau_rep)
                tau_rep[b] = NAN;
            if (rho_rep)
                rho_rep[b] = NAN;
        }
        return 0;
    }
    rank_core c;
    if (core_init(&c, x, y, n, "nash_stats_bootstrap") != 0)
        return -1;
    int32_t *count = stats_alloc("nash_stats_bootstrap", (size_t)n, sizeof *count);
    if (!count) {
        core_free(&c);
        return -1;
    }
    nash_rng master;
    nash_rng_seed(&master, seed);
    for (int b = 0; b < resamples; b++) {
        nash_rng r = nash_rng_split(&master);
        memset(count, 0, (size_t)n * sizeof *count);
        for (int64_t j = 0; j < n; j++)
            count[c.pos[nash_rng_below(&r, (uint32_t)n)]]++;
        core_evaluate(&c, count, tau_rep ? &tau_rep[b] : NULL, rho_rep ? &rho_rep[b] : NULL);
    }
    free(count);
    core_free(&c);
    return 0;
}

static int cmp_double_nan_last(const void *a, const void *b)
{
    double p = *(const double *)a, q = *(const double *)b;
    int pn = isnan(p), qn = isnan(q);
    if (pn || qn)
        return pn - qn;
    return (p > q) - (p < q);
}

int64_t nash_stats_percentile_interval(double *v, int64_t n, double level, double *lo, double *hi)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double_nan_last);
    int64_t m = 0;
    while (m < n && !isnan(v[m]))
        m++;
    *lo = *hi = NAN;
    if (m == 0)
        return 0;
    double q[2] = {0.5 * (1 - level), 0.5 * (1 + level)};
    double *out[2] = {lo, hi};
    for (int s = 0; s < 2; s++) {
        double h = (double)(m - 1) * q[s];
        int64_t below = (int64_t)floor(h);
        if (below >= m - 1)
            *out[s] = v[m - 1];
        else
            *out[s] = v[below] + (h - (double)below) * (v[below + 1] - v[below]);
    }
    return m;
}

/* ------------------------------------------------------------------------- */
/* Everything for one proxy                                                    */

nash_corr_options nash_corr_defaults(void)
{
    return (nash_corr_options){.bootstrap = 1000, .seed = 0, .ci_level = 0.95, .top_frac = 0.1,
                               .topk = 0};
}

int nash_corr_compute(const double *proxy, const double *truth, int64_t n,
                      const nash_corr_options *opt, nash_corr_result *out)
{
    *out = (nash_corr_result){.tau = NAN, .tau_lo = NAN, .tau_hi = NAN, .rho = NAN,
                              .rho_lo = NAN, .rho_hi = NAN, .rho_top = NAN, .topk_hit = NAN};
    if (check_n("nash_corr_compute", n) != 0)
        return -1;
    if (opt->bootstrap < 0 || !(opt->ci_level > 0 && opt->ci_level < 1) ||
        !(opt->top_frac > 0 && opt->top_frac <= 1) || opt->topk < 0)
        return nash_fail("nash_corr_compute: bad options (bootstrap %d, level %g, top fraction "
                         "%g, k %lld)", opt->bootstrap, opt->ci_level, opt->top_frac,
                         (long long)opt->topk);
    double *x = stats_alloc("nash_corr_compute", (size_t)n, sizeof *x);
    double *y = stats_alloc("nash_corr_compute", (size_t)n, sizeof *y);
    size_t reps = (size_t)(opt->bootstrap > 0 ? opt->bootstrap : 1);
    double *tau_rep = stats_alloc("nash_corr_compute", reps, sizeof *tau_rep);
    double *rho_rep = stats_alloc("nash_corr_compute", reps, sizeof *rho_rep);
    int rc = -1;
    if (!x || !y || !tau_rep || !rho_rep)
        goto done;
    int64_t m = nash_stats_drop_nonfinite(proxy, truth, n, x, y);
    out->n = m;
    out->dropped = n - m;
    if (nash_stats_kendall_tau_b(x, y, m, &out->tau) != 0 ||
        nash_stats_spearman(x, y, m, &out->rho) != 0)
        goto done;
    if (opt->bootstrap > 0 && m >= 2) {
        if (nash_stats_bootstrap(x, y, m, opt->bootstrap, opt->seed, tau_rep, rho_rep) != 0)
            goto done;
        int64_t valid = 0;
        for (int b = 0; b < opt->bootstrap; b++)
            valid += !isnan(tau_rep[b]) && !isnan(rho_rep[b]);
        out->boot_valid = valid;
        nash_stats_percentile_interval(tau_rep, opt->bootstrap, opt->ci_level, &out->tau_lo,
                                       &out->tau_hi);
        nash_stats_percentile_interval(rho_rep, opt->bootstrap, opt->ci_level, &out->rho_lo,
                                       &out->rho_hi);
    }
    if (m >= 1) {
        if (nash_stats_spearman_top(x, y, m, opt->top_frac, &out->rho_top, &out->n_top) != 0)
            goto done;
        out->k = opt->topk > 0 ? opt->topk : (int64_t)ceil(opt->top_frac * (double)m - 1e-9);
        if (out->k > m)
            out->k = m;
        if (out->k < 1)
            out->k = 1;
        if (nash_stats_topk_hit(x, y, m, out->k, &out->topk_hit) != 0)
            goto done;
    }
    rc = 0;
done:
    free(x), free(y), free(tau_rep), free(rho_rep);
    return rc;
}
