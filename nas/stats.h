/*
 * stats.h — rank statistics for proxy-vs-accuracy validation (nas/).
 *
 * Owns: average ranks with ties, Pearson r, Spearman rho, Kendall tau-b in
 * O(n log n) (Knight 1966) with an O(n^2) reference, percentile-bootstrap
 * confidence intervals, rho restricted to the best architectures, the top-k
 * hit rate, and the dropping of non-finite pairs; nash_corr_compute() does all
 * of them for one proxy column. Does not own: reading CSV files, joining
 * tables or printing (tools/cmd_correlate.c, tools/csv_table.c).
 *
 * Worked example — one proxy against test accuracy:
 *
 *     nash_corr_options o = nash_corr_defaults();   // B = 1000, seed 0, top 10 %
 *     nash_corr_result r;
 *     if (nash_corr_compute(proxy, accuracy, n, &o, &r) != 0)
 *         fprintf(stderr, "nash: error: %s\n", nash_last_error());
 *     printf("tau %.3f [%.3f, %.3f], rho %.3f, %lld pairs, %lld dropped\n",
 *            r.tau, r.tau_lo, r.tau_hi, r.rho, (long long)r.n, (long long)r.dropped);
 *
 * Conventions. Double precision throughout; counts are int64_t but n is
 * limited to INT32_MAX pairs (the bootstrap draws indices with
 * nash_rng_below). A statistic that is undefined — fewer than two pairs, or a
 * column that is constant — is NaN, not an error. Functions returning int give
 * 0, or -1 when memory runs out (nash_last_error() names the function and the
 * bytes) or an argument is out of range. Apart from nash_stats_drop_nonfinite
 * and the nash_corr_compute wrapper, inputs must be finite.
 *
 * Definitions (the ones scipy.stats uses, so numbers are comparable with the
 * literature; see shared/research/zero-shot-proxies.md §1, §3):
 *   average ranks   tied values share the mean of the 1-based positions they occupy;
 *   Spearman rho    Pearson r of the two average-rank vectors;
 *   Kendall tau-b   (n0 - n1 - n2 + n3 - 2 D) / sqrt((n0 - n1)(n0 - n2)), where
 *                   n0 = n(n-1)/2, n1 / n2 = pairs tied in x / in y, n3 = pairs
 *                   tied in both and D = discordant pairs (Knight 1966, "A computer
 *                   method for calculating Kendall's tau with ungrouped data", JASA 61).
 */
#ifndef NASH_STATS_H
#define NASH_STATS_H

#include <stdint.h>

/* Copies the pairs where both x[i] and y[i] are finite (not NaN, not +-Inf) to
 * x_out / y_out, keeping their order; returns how many were kept (dropped =
 * n - kept). The outputs may be the inputs themselves (compaction in place). */
int64_t nash_stats_drop_nonfinite(const double *x, const double *y, int64_t n, double *x_out,
                                  double *y_out);

/* ranks[i] = 1-based average rank of x[i] among x[0..n) (ties share their mean position). */
int nash_stats_average_ranks(const double *x, int64_t n, double *ranks);

/* Pearson correlation; NaN when n < 2 or either column is constant. */
double nash_stats_pearson(const double *x, const double *y, int64_t n);

/* Spearman rho = Pearson r of the average ranks. */
int nash_stats_spearman(const double *x, const double *y, int64_t n, double *rho);

/* Kendall tau-b with ties, O(n log n): sort by (x, y), then count discordant
 * pairs as the inversions of y seen by a merge sort (Knight's algorithm). */
int nash_stats_kendall_tau_b(const double *x, const double *y, int64_t n, double *tau);

/* The same tau-b by comparing every pair, O(n^2): the reference for tests. */
double nash_stats_kendall_tau_b_naive(const double *x, const double *y, int64_t n);

/* Spearman rho over the n_top = ceil(frac * n) pairs with the highest truth
 * (ties at the cut are taken in row order). NaN when n_top < 2. frac in (0, 1]. */
int nash_stats_spearman_top(const double *proxy, const double *truth, int64_t n, double frac,
                            double *rho, int64_t *n_top);

/* |top-k by proxy  intersect  top-k by truth| / k (higher = better for both).
 * Ties at the k-th place are counted as a random tie-break would on average: a
 * tie group of size g that has s places left inside the top k gives each of its
 * members membership s / g, and the overlap is sum_i member_proxy(i) *
 * member_truth(i). Without ties this is exactly the set overlap. 1 <= k <= n. */
int nash_stats_topk_hit(const double *proxy, const double *truth, int64_t n, int64_t k,
                        double *hit);

/* B bootstrap replicates of tau-b and rho (either output may be NULL). Pairs
 * are resampled with replacement; replicate b uses the generator
 *     nash_rng master; nash_rng_seed(&master, seed);
 *     rng_b = the (b+1)-th nash_rng_split(&master)
 * and draws its n indices as nash_rng_below(&rng_b, n), in order — so a test
 * can rebuild any resample. A replicate whose resample is constant in x or y is
 * NaN. Cost: one O(n log n) sort up front, then O(n log n) per replicate with
 * no sorting of doubles (resamples are handled as multiplicities over the
 * pairs pre-sorted once). */
int nash_stats_bootstrap(const double *x, const double *y, int64_t n, int resamples,
                         uint64_t seed, double *tau_rep, double *rho_rep);

/* Percentile interval of the finite values of v[0..n) (v is sorted in place,
 * NaNs moved to the end): lo / hi = the (1-level)/2 and (1+level)/2 quantiles,
 * linearly interpolated between order statistics (type 7, as numpy.percentile).
 * Returns the number of finite values used (lo = hi = NaN when 0). */
int64_t nash_stats_percentile_interval(double *v, int64_t n, double level, double *lo, double *hi);

typedef struct nash_corr_options {
    int bootstrap;     /* resamples B; 0 = no intervals (lo/hi NaN) */
    uint64_t seed;     /* bootstrap seed: the same seed gives every proxy the same resamples */
    double ci_level;   /* 0.95 */
    double top_frac;   /* fraction of best architectures (by truth) for rho_top; 0.1 */
    int64_t topk;      /* k of the hit rate; 0 = ceil(top_frac * n) */
} nash_corr_options;

typedef struct nash_corr_result {
    int64_t n;            /* pairs used */
    int64_t dropped;      /* pairs dropped because proxy or truth was NaN / Inf */
    double tau, tau_lo, tau_hi;
    double rho, rho_lo, rho_hi;
    int64_t boot_valid;   /* replicates where both tau and rho were defined */
    double rho_top;       /* rho on the best top_frac by truth */
    int64_t n_top;
    double topk_hit;
    int64_t k;            /* k actually used (capped at n) */
} nash_corr_result;

nash_corr_options nash_corr_defaults(void);

/* Everything above for one proxy column: drops non-finite pairs, then tau, rho,
 * bootstrap intervals, rho_top and the top-k hit rate. Undefined values are NaN. */
int nash_corr_compute(const double *proxy, const double *truth, int64_t n,
                      const nash_corr_options *opt, nash_corr_result *out);

#endif
