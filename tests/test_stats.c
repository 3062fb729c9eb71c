/*
 * test_stats.c — rank statistics (nas/stats.c) and `nash correlate`
 * (tools/cmd_correlate.c, csv_table.c, svg_scatter in report_files.c).
 *
 * Suite `stats` checks: tau-b and rho against values worked by hand and
 * scipy's documented examples (kendalltau([12,2,1,12,2],[1,4,7,1,0]) =
 * -0.47140452079103173; spearmanr of the same pair worked by hand = -5/sqrt(85.5);
 * spearmanr([1,2,3,4,5],[5,6,7,8,7]) = 0.8207826816681233); average ranks
 * with ties; Knight's O(n log n) tau-b against the O(n^2) pair count on random
 * data from continuous to heavily tied; perfect and reversed orders; NaN/Inf
 * dropping; rho on the top fraction; the top-k hit rate with and without
 * ties; bootstrap replicates equal to tau/rho of the resamples rebuilt by hand
 * (the documented draw order), determinism per seed, percentile intervals;
 * coverage of the population Spearman rho (6/pi) asin(r/2) = 0.6829 and
 * Kendall tau (2/pi) asin(r) = 0.4936 of a bivariate normal with r = 0.7 over
 * 20 seeds, and intervals that narrow as n grows.
 *
 * Suite `correlate` checks: the CSV reader (quotes, CRLF, blank lines, line
 * numbers; errors that name file, line and column), the scatter plot (size,
 * constant columns, outliers) and the command itself run in-process on tiny
 * fixtures in a mkdtemp directory: the join on index, subsets, the protocol
 * copy, dropped counts, the written files and the error messages.
 *
 * The test binary links build/libnashcli.a (tools/ without main), so the
 * command runs in-process.
 */
#define _GNU_SOURCE /* nftw, mkdtemp, setenv */
#include <criterion/criterion.h>

#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nash_runtime.h"
#include "stats.h"
#include "test_util.h"

#include "cli.h"
#include "csv_table.h"
#include "report_files.h"

static void expect_close(double got, double want, double tol, const char *what)
{
    cr_expect(fabs(got - want) <= tol, "%s: got %.17g, expected %.17g (tolerance %g)", what, got,
              want, tol);
}

static double tau_of(const double *x, const double *y, int64_t n)
{
    double t;
    cr_assert_eq(nash_stats_kendall_tau_b(x, y, n, &t), 0, "%s", nash_last_error());
    return t;
}

static double rho_of(const double *x, const double *y, int64_t n)
{
    double r;
    cr_assert_eq(nash_stats_spearman(x, y, n, &r), 0, "%s", nash_last_error());
    return r;
}

/* ------------------------------------------------------------------------- */
/* stats: exact values                                                         */

Test(stats, scipy_documented_examples)
{
    const double x[] = {12, 2, 1, 12, 2}, y[] = {1, 4, 7, 1, 0};
    expect_close(tau_of(x, y, 5), -0.47140452079103173, 1e-14, "tau-b (scipy kendalltau doc)");
    /* ranks x: 4.5 2.5 1 4.5 2.5, y: 2.5 4 5 2.5 1 -> r = -5 / sqrt(9 * 9.5). (The brief
     * quoted -0.6324555 for this pair; that does not follow from these ranks.) */
    expect_close(rho_of(x, y, 5), -5 / sqrt(85.5), 1e-14, "rho worked by hand");
    expect_close(nash_stats_kendall_tau_b_naive(x, y, 5), -0.47140452079103173, 1e-14,
                 "reference tau-b");
    const double a[] = {1, 2, 3, 4, 5}, b[] = {5, 6, 7, 8, 7};
    /* ranks of b: 1, 2, 3.5, 5, 3.5 -> r = 8 / sqrt(10 * 9.5) */
    expect_close(rho_of(a, b, 5), 0.8207826816681233, 1e-14, "rho (scipy spearmanr doc)");
    /* 8 concordant, 1 discordant (8 > 7), 1 pair tied in b only: 7 / sqrt(10 * 9) */
    expect_close(tau_of(a, b, 5), 7 / sqrt(90.0), 1e-14, "tau-b worked by hand");
}

Test(stats, average_ranks_share_tied_positions)
{
    const double x[] = {10, 20, 10, 30, 20, 20, -5};
    const double want[] = {2.5, 5, 2.5, 7, 5, 5, 1};
    double r[7];
    cr_assert_eq(nash_stats_average_ranks(x, 7, r), 0);
    for (int i = 0; i < 7; i++)
        expect_close(r[i], want[i], 0, "average rank");
}

Test(stats, perfect_reversed_and_undefined)
{
    enum { N = 200 };
    double x[N], up[N], down[N], curved[N], flat[N];
    for (int i = 0; i < N; i++) {
        x[i] = i * 0.37 - 5;
        up[i] = 2 * x[i] + 1;
        down[i] = -x[i];
        curved[i] = exp(x[i] / 10); /* monotone but not linear: rank statistics are 1 */
        flat[i] = 3;
    }
    expect_close(tau_of(x, up, N), 1, 1e-15, "tau up");
    expect_close(rho_of(x, up, N), 1, 1e-15, "rho up");
    expect_close(tau_of(x, down, N), -1, 1e-15, "tau down");
    expect_close(rho_of(x, down, N), -1, 1e-15, "rho down");
    expect_close(tau_of(x, curved, N), 1, 1e-15, "tau curved");
    expect_close(rho_of(x, curved, N), 1, 1e-15, "rho curved");
    cr_expect(nash_stats_pearson(x, curved, N) < 0.99, "Pearson is not rank-based");
    cr_expect(isnan(tau_of(x, flat, N)), "tau with a constant column is undefined");
    cr_expect(isnan(rho_of(x, flat, N)), "rho with a constant column is undefined");
    cr_expect(isnan(tau_of(x, up, 1)) && isnan(rho_of(x, up, 1)), "n = 1 is undefined");
    cr_expect(isnan(tau_of(x, up, 0)) && isnan(rho_of(x, up, 0)), "n = 0 is undefined");
    cr_expect(isnan(nash_stats_pearson(x, flat, N)));
}

/* Knight's algorithm against the pair count: continuous values, a few levels
 * (heavy ties), binary columns, one column constant, sizes from 2 up. */
Test(stats, knight_matches_the_pair_count)
{
    const int sizes[] = {2, 3, 5, 8, 17, 64, 257, 1000};
    const int levels[] = {0, 50, 5, 2}; /* 0 = continuous */
    int cases = 0;
    double worst = 0;
    for (unsigned si = 0; si < sizeof sizes / sizeof *sizes; si++)
        for (unsigned lx = 0; lx < 4; lx++)
            for (unsigned ly = 0; ly < 4; ly++) {
                int n = sizes[si];
                double *x = malloc((size_t)n * sizeof *x), *y = malloc((size_t)n * sizeof *y);
                uint64_t seed = 1000 * si + 10 * lx + ly;
                for (int i = 0; i < n; i++) {
                    double u = tu_unit(seed, 2 * (uint64_t)i), v = tu_unit(seed, 2 * (uint64_t)i + 1);
                    x[i] = levels[lx] ? floor(u * levels[lx]) : u;
                    /* y partly follows x so both signs and strengths occur */
                    double mix = 0.5 * x[i] / (levels[lx] ? levels[lx] : 1) + 0.5 * v;
                    y[i] = levels[ly] ? floor(mix * levels[ly]) : mix - 0.3 * (double)(seed % 3) * x[i];
                }
                double fast = tau_of(x, y, n), slow = nash_stats_kendall_tau_b_naive(x, y, n);
                if (isnan(slow))
                    cr_expect(isnan(fast), "n %d levels %d/%d: reference NaN, fast %g", n,
                              levels[lx], levels[ly], fast);
                else {
                    cr_expect(fabs(fast - slow) <= 1e-12, "n %d levels %d/%d: Knight %.17g, pairs %.17g",
                              n, levels[lx], levels[ly], fast, slow);
                    worst = fmax(worst, fabs(fast - slow));
                }
                cases++;
                free(x), free(y);
            }
    /* one column constant: every pair tied in x */
    double x[40], y[40];
    for (int i = 0; i < 40; i++)
        x[i] = 1, y[i] = i % 7;
    cr_expect(isnan(tau_of(x, y, 40)) && isnan(nash_stats_kendall_tau_b_naive(x, y, 40)));
    fprintf(stderr, "nash-maxerr %-10s %-16s %-8s %.3e over %d cases\n", "kendall", "knight-vs-pairs",
            "stats", worst, cases);
}

Test(stats, nonfinite_pairs_are_dropped_and_counted)
{
    const double x[] = {1, NAN, 3, 4, INFINITY, 6, 7, 8};
    const double y[] = {2, 1, -INFINITY, 3, 5, NAN, 9, 8};
    double xo[8], yo[8];
    int64_t kept = nash_stats_drop_nonfinite(x, y, 8, xo, yo);
    cr_assert_eq(kept, 4, "kept %lld of 8", (long long)kept);
    const double wx[] = {1, 4, 7, 8}, wy[] = {2, 3, 9, 8};
    for (int i = 0; i < 4; i++)
        cr_expect(xo[i] == wx[i] && yo[i] == wy[i], "pair %d: (%g, %g)", i, xo[i], yo[i]);
    /* in place */
    double xi[8], yi[8];
    memcpy(xi, x, sizeof xi), memcpy(yi, y, sizeof yi);
    cr_expect_eq(nash_stats_drop_nonfinite(xi, yi, 8, xi, yi), 4);
    cr_expect(xi[3] == 8 && yi[2] == 9);

    nash_corr_options o = nash_corr_defaults();
    o.bootstrap = 50;
    nash_corr_result r;
    cr_assert_eq(nash_corr_compute(x, y, 8, &o, &r), 0, "%s", nash_last_error());
    cr_expect_eq(r.n, 4);
    cr_expect_eq(r.dropped, 4);
    expect_close(r.tau, tau_of(wx, wy, 4), 1e-15, "tau after dropping");
    expect_close(r.rho, rho_of(wx, wy, 4), 1e-15, "rho after dropping");
    double none[3] = {NAN, NAN, NAN};
    cr_assert_eq(nash_corr_compute(none, x, 3, &o, &r), 0, "%s", nash_last_error());
    cr_expect(r.n == 0 && r.dropped == 3 && isnan(r.tau) && isnan(r.rho) && isnan(r.tau_lo) &&
              isnan(r.topk_hit), "all-NaN column: n %lld, tau %g", (long long)r.n, r.tau);
}

Test(stats, rho_on_the_top_fraction)
{
    enum { N = 100 };
    double truth[N], proxy[N];
    for (int i = 0; i < N; i++) {
        truth[i] = i;
        proxy[i] = i < 90 ? i : 1000 - i; /* right overall, backwards among the best 10 */
    }
    double rho;
    int64_t top;
    cr_assert_eq(nash_stats_spearman_top(proxy, truth, N, 0.1, &rho, &top), 0);
    cr_expect_eq(top, 10);
    expect_close(rho, -1, 1e-15, "rho on the top 10 %");
    cr_expect(rho_of(proxy, truth, N) > 0.9, "overall rho stays high");
    cr_assert_eq(nash_stats_spearman_top(proxy, truth, 10, 0.25, &rho, &top), 0);
    cr_expect_eq(top, 3, "ceil(0.25 * 10) = 3, got %lld", (long long)top);
    cr_expect_eq(nash_stats_spearman_top(proxy, truth, N, 0, &rho, &top), -1);
    cr_expect(strstr(nash_last_error(), "fraction 0 is not in (0, 1]") != NULL, "%s",
              nash_last_error());
    cr_assert_eq(nash_stats_spearman_top(proxy, truth, N, 0.01, &rho, &top), 0);
    cr_expect(top == 1 && isnan(rho), "one pair: undefined");
}

Test(stats, topk_hit_rate)
{
    const double proxy[] = {5, 4, 3, 2, 1}, truth[] = {1, 5, 4, 3, 2};
    double hit;
    cr_assert_eq(nash_stats_topk_hit(proxy, truth, 5, 2, &hit), 0);
    expect_close(hit, 0.5, 0, "top-2 {0,1} vs {1,2}");
    cr_assert_eq(nash_stats_topk_hit(proxy, truth, 5, 5, &hit), 0);
    expect_close(hit, 1, 0, "k = n");
    cr_assert_eq(nash_stats_topk_hit(truth, truth, 5, 3, &hit), 0);
    expect_close(hit, 1, 0, "truth vs itself");
    /* a constant proxy: every item is in its top 3 with chance 3/10 */
    double flat[10], t10[10];
    for (int i = 0; i < 10; i++)
        flat[i] = 7, t10[i] = i;
    cr_assert_eq(nash_stats_topk_hit(flat, t10, 10, 3, &hit), 0);
    expect_close(hit, 0.3, 1e-15, "constant proxy = chance level");
    /* a tie straddling the cut: proxy top = {9}, then {8, 7} tied for the 2nd place */
    double p3[10];
    for (int i = 0; i < 10; i++)
        p3[i] = i;
    p3[7] = 8;
    cr_assert_eq(nash_stats_topk_hit(p3, t10, 10, 2, &hit), 0);
    expect_close(hit, (1 + 0.5) / 2, 1e-15, "tie at the cut counts half");
    cr_expect_eq(nash_stats_topk_hit(proxy, truth, 5, 0, &hit), -1);
    cr_expect(strstr(nash_last_error(), "k = 0 is out of range 1..5") != NULL, "%s", nash_last_error());
    cr_expect_eq(nash_stats_topk_hit(proxy, truth, 5, 6, &hit), -1);
}

Test(stats, percentile_interval)
{
    double v[] = {NAN, 4, 1, 3, 2, 5};
    double lo, hi;
    cr_expect_eq(nash_stats_percentile_interval(v, 6, 0.5, &lo, &hi), 5);
    expect_close(lo, 2, 0, "25th percentile of 1..5");
    expect_close(hi, 4, 0, "75th percentile of 1..5");
    double w[] = {0, 10};
    nash_stats_percentile_interval(w, 2, 0.9, &lo, &hi);
    expect_close(lo, 0.5, 1e-12, "interpolated 5th percentile");
    expect_close(hi, 9.5, 1e-12, "interpolated 95th percentile");
    double z[] = {NAN, NAN};
    cr_expect_eq(nash_stats_percentile_interval(z, 2, 0.95, &lo, &hi), 0);
    cr_expect(isnan(lo) && isnan(hi));
}

/* ------------------------------------------------------------------------- */
/* stats: bootstrap                                                            */

/* Each replicate of the fast path equals tau / rho of the resample rebuilt by
 * drawing the same indices (the order documented in stats.h). */
Test(stats, bootstrap_replicates_match_rebuilt_resamples)
{
    enum { N = 37, B = 12 };
    double x[N], y[N];
    for (int i = 0; i < N; i++) {
        x[i] = floor(tu_unit(5, (uint64_t)i) * 6);            /* heavy ties */
        y[i] = x[i] + floor(tu_unit(6, (uint64_t)i) * 4);
    }
    double tau[B], rho[B];
    cr_assert_eq(nash_stats_bootstrap(x, y, N, B, 99, tau, rho), 0, "%s", nash_last_error());
    nash_rng master;
    nash_rng_seed(&master, 99);
    for (int b = 0; b < B; b++) {
        nash_rng r = nash_rng_split(&master);
        double rx[N], ry[N];
        for (int j = 0; j < N; j++) {
            uint32_t i = nash_rng_below(&r, N);
            rx[j] = x[i], ry[j] = y[i];
        }
        expect_close(tau[b], tau_of(rx, ry, N), 1e-12, "replicate tau");
        expect_close(tau[b], nash_stats_kendall_tau_b_naive(rx, ry, N), 1e-12, "replicate tau (pairs)");
        expect_close(rho[b], rho_of(rx, ry, N), 1e-12, "replicate rho");
    }
    double again[B], other[B];
    cr_assert_eq(nash_stats_bootstrap(x, y, N, B, 99, again, NULL), 0);
    cr_expect_eq(memcmp(tau, again, sizeof tau), 0, "same seed, same replicates");
    cr_assert_eq(nash_stats_bootstrap(x, y, N, B, 100, other, NULL), 0);
    cr_expect_neq(memcmp(tau, other, sizeof tau), 0, "another seed, other replicates");
}

/* Bivariate normal with correlation r: (z1, r z1 + sqrt(1 - r^2) z2). */
static void bivariate_normal(double *x, double *y, int n, double r, uint64_t seed)
{
    nash_rng g;
    nash_rng_seed(&g, seed);
    for (int i = 0; i < n; i++) {
        double z1 = nash_rng_normal(&g), z2 = nash_rng_normal(&g);
        x[i] = z1;
        y[i] = r * z1 + sqrt(1 - r * r) * z2;
    }
}

Test(stats, bootstrap_interval_covers_the_population_value)
{
    const double r = 0.7;
    const double rho_true = 6 / M_PI * asin(r / 2), tau_true = 2 / M_PI * asin(r);
    nash_corr_options o = nash_corr_defaults();
    o.bootstrap = 400;
    int rho_covered = 0, tau_covered = 0;
    double x[200], y[200];
    for (int s = 0; s < 20; s++) {
        bivariate_normal(x, y, 200, r, 1000 + (uint64_t)s);
        o.seed = (uint64_t)s;
        nash_corr_result res;
        cr_assert_eq(nash_corr_compute(x, y, 200, &o, &res), 0, "%s", nash_last_error());
        cr_expect(res.tau_lo <= res.tau && res.tau <= res.tau_hi, "seed %d: tau %g outside [%g, %g]",
                  s, res.tau, res.tau_lo, res.tau_hi);
        cr_expect(res.rho_lo <= res.rho && res.rho <= res.rho_hi);
        cr_expect_eq(res.boot_valid, 400);
        rho_covered += res.rho_lo <= rho_true && rho_true <= res.rho_hi;
        tau_covered += res.tau_lo <= tau_true && tau_true <= res.tau_hi;
    }
    cr_expect(rho_covered >= 16, "rho %.4f covered by %d of 20 intervals", rho_true, rho_covered);
    cr_expect(tau_covered >= 16, "tau %.4f covered by %d of 20 intervals", tau_true, tau_covered);
    /* the interval narrows like 1 / sqrt(n): 16 times the pairs, about a quarter of the width */
    double width[2] = {0, 0};
    const int sizes[2] = {50, 800};
    double *bx = malloc(800 * sizeof *bx), *by = malloc(800 * sizeof *by);
    for (int k = 0; k < 2; k++)
        for (int s = 0; s < 4; s++) {
            bivariate_normal(bx, by, sizes[k], r, 5000 + (uint64_t)s);
            nash_corr_result res;
            cr_assert_eq(nash_corr_compute(bx, by, sizes[k], &o, &res), 0);
            width[k] += (res.rho_hi - res.rho_lo) / 4;
        }
    cr_expect(width[1] < 0.5 * width[0] && width[1] > 0.1 * width[0],
              "mean rho interval width %.4f at n = 50, %.4f at n = 800", width[0], width[1]);
    free(bx), free(by);
}

/* ------------------------------------------------------------------------- */
/* correlate: the CSV reader                                                   */

static void expect_csv_error(const char *text, const char *message)
{
    csv_table t;
    cr_expect_eq(csv_parse(&t, "t.csv", text, strlen(text)), -1, "accepted: %s", text);
    cr_expect(strstr(nash_last_error(), message) != NULL, "message \"%s\", expected \"%s\"",
              nash_last_error(), message);
}

Test(correlate, csv_reader_quotes_line_ends_and_lines)
{
    const char *text = "\xEF\xBB\xBFindex,arch,\"score, log\"\r\n"
                       "0,\"|a~0|+\"\"b\"\"\",1.5\r\n"
                       "\r\n"
                       "1,\"two\nlines\",\n"
                       "2,#not a comment,  -3e2 \n";
    csv_table t;
    cr_assert_eq(csv_parse(&t, "t.csv", text, strlen(text)), 0, "%s", nash_last_error());
    cr_expect_eq(t.n_cols, 3);
    cr_expect_eq(t.n_rows, 3);
    cr_expect_str_eq(t.names[0], "index");
    cr_expect_str_eq(t.names[2], "score, log");
    cr_expect_str_eq(csv_cell(&t, 0, 1), "|a~0|+\"b\"");
    cr_expect_str_eq(csv_cell(&t, 1, 1), "two\nlines");
    cr_expect_str_eq(csv_cell(&t, 2, 1), "#not a comment");
    cr_expect_eq(t.row_line[0], 2);
    cr_expect_eq(t.row_line[1], 4);
    cr_expect_eq(t.row_line[2], 6, "a quoted line break counts as a line: %lld", (long long)t.row_line[2]);
    int col = csv_require_column(&t, "score, log");
    cr_assert_eq(col, 2);
    double v;
    cr_expect_eq(csv_number(&t, 0, col, &v), 0);
    cr_expect_eq(v, 1.5);
    cr_expect_eq(csv_number(&t, 1, col, &v), 0);
    cr_expect(isnan(v), "empty cell = missing = NaN");
    cr_expect_eq(csv_number(&t, 2, col, &v), 0);
    cr_expect_eq(v, -300);
    cr_expect(csv_column_is_numeric(&t, 0) && csv_column_is_numeric(&t, 2));
    cr_expect(!csv_column_is_numeric(&t, 1));
    cr_expect_eq(csv_number(&t, 2, 1, &v), -1);
    cr_expect(strstr(nash_last_error(), "t.csv:6: column 'arch': '#not a comment' is not a number"),
              "%s", nash_last_error());
    cr_expect_eq(csv_require_column(&t, "acc"), -1);
    cr_expect(strstr(nash_last_error(), "t.csv: no column 'acc' (columns: index, arch, score, log)"),
              "%s", nash_last_error());
    csv_free(&t);
}

Test(correlate, csv_reader_errors_name_line_and_column)
{
    expect_csv_error("a,b\n1,2\n3,4,5\n", "t.csv:3: 3 fields, the header has 2");
    expect_csv_error("a,b\n1,2\n3\n", "t.csv:3: 1 fields, the header has 2");
    expect_csv_error("a,b\n1,\"open\n2,3\n", "t.csv:2:3: unterminated quoted field");
    expect_csv_error("a,b\n1,\"x\"y\n", "t.csv:2:6: 'y' after the closing quote");
    expect_csv_error("a,b\n1,x\"y\n", "t.csv:2:4: '\"' inside an unquoted field");
    expect_csv_error("a,,c\n1,2,3\n", "t.csv:1: header column 2 has no name");
    expect_csv_error("a,b,a\n1,2,3\n", "column name 'a' appears twice (columns 1 and 3)");
    expect_csv_error("\n\n", "t.csv: empty file, expected a header row");
    csv_table t;
    cr_expect_eq(csv_read(&t, "/nonexistent/dir/x.csv"), -1);
    cr_expect(strstr(nash_last_error(), "/nonexistent/dir/x.csv: cannot open") != NULL, "%s",
              nash_last_error());
}

/* ------------------------------------------------------------------------- */
/* correlate: scatter plots                                                    */

Test(correlate, scatter_plot_size_constant_columns_and_outliers)
{
    enum { N = 5000 };
    double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y), *c = malloc(N * sizeof *c);
    for (int i = 0; i < N; i++) {
        x[i] = tu_unit(1, (uint64_t)i);
        y[i] = 50 + 40 * tu_unit(2, (uint64_t)i);
        c[i] = 0.25;
    }
    x[7] = 1e9;   /* one outlier must not squash the rest */
    y[8] = NAN;   /* left out and counted */
    text_buf b = {0};
    svg_begin(&b, 640, 480);
    svg_scatter(&b, 0, 0, 640, 480, "p <&> q", "p", "acc", N, x, y, "#1f77b4");
    svg_end(&b);
    cr_assert(!b.oom);
    cr_expect(b.len < 300000, "5000 points took %zu bytes", b.len);
    cr_expect(strstr(b.data, "p &lt;&amp;&gt; q") != NULL, "title is XML-escaped");
    cr_expect(strstr(b.data, "4999 points, 1 left out") != NULL, "note of left-out points");
    cr_expect(strstr(b.data, "beyond the central 99 % of x") != NULL, "outliers are reported");
    cr_expect(strstr(b.data, ">1e+09<") == NULL, "the axis is not stretched to the outlier");
    tb_free(&b);
    svg_scatter(&b, 0, 0, 640, 480, "flat", "c", "c", N, c, c, "#000");
    cr_assert(!b.oom && b.data);
    cr_expect(strstr(b.data, "nan") == NULL && strstr(b.data, "inf") == NULL,
              "constant columns give finite coordinates");
    cr_expect(strstr(b.data, "<circle") != NULL);
    tb_free(&b);
    free(x), free(y), free(c);
}

/* ------------------------------------------------------------------------- */
/* correlate: the command, in-process                                          */

static char tmpdir[512];

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void correlate_setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/nash-correlate-XXXXXX");
    cr_assert(mkdtemp(tmpdir) != NULL, "mkdtemp: %s", strerror(errno));
    unsetenv("NASH_BENCHMARKS");
}

static void correlate_teardown(void)
{
    nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *in_tmp(const char *name)
{
    static char path[4][1024];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
    return p;
}

static void write_text(const char *name, const char *text)
{
    FILE *f = fopen(in_tmp(name), "w");
    cr_assert(f != NULL, "%s: %s", in_tmp(name), strerror(errno));
    fputs(text, f);
    fclose(f);
}

static char *read_text(const char *name)
{
    FILE *f = fopen(in_tmp(name), "rb");
    cr_assert(f != NULL, "%s was not written", in_tmp(name));
    static char bufs[4][1 << 16]; /* a few results may be compared with each other */
    static int next;
    char *buf = bufs[next++ % 4];
    size_t n = fread(buf, 1, sizeof bufs[0] - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Runs `nash correlate` with up to 12 arguments; returns its exit status. */
static int run_correlate(const char *const *args)
{
    char *argv[16] = {"correlate"};
    int argc = 1;
    while (args[argc - 1])
        argv[argc] = (char *)args[argc - 1], argc++;
    fflush(stdout);
    FILE *keep = stdout; /* the table goes to a file so the test log stays short */
    stdout = fopen(in_tmp("stdout.txt"), "w");
    int rc = cmd_correlate(argc, argv);
    fclose(stdout);
    stdout = keep;
    return rc;
}

/* Truth: 10 architectures; index 9 is disconnected, 8 duplicates 7 (iso_rep 7). */
static void write_truth(void)
{
    char text[2048] = "index,arch,cifar10_test,connected,iso_rep\n";
    for (int i = 0; i < 10; i++) {
        char row[128];
        snprintf(row, sizeof row, "%d,a%d,%.1f,%d,%d\n", i, i, i == 9 ? 10.0 : 80.0 + i,
                 i == 9 ? 0 : 1, i == 8 ? 7 : i);
        strcat(text, row);
    }
    write_text("truth.csv", text);
}

TestSuite(correlate, .init = correlate_setup, .fini = correlate_teardown);

Test(correlate, command_joins_subsets_and_writes_files)
{
    write_truth();
    /* rows out of order; "good" = accuracy order, "bad" reversed, "holes" has a NaN and an empty */
    write_text("p.csv", "index,arch,good,bad,holes,note\n"
                        "3,a3,3,-3,3,x\n0,a0,0,0,0,y\n9,a9,-1,1,,z\n1,a1,1,-1,nan,w\n"
                        "2,a2,2,-2,2,v\n7,a7,7,-7,7,u\n8,a8,8,-8,8,t\n");
    write_text("p.csv.json", "  {\"batch\": 64, \"seed\": 1, \"bn\": \"train\", \"data\": [1, 2.5e-3]}\n");
    const char *args[] = {in_tmp("p.csv"), "--truth", in_tmp("truth.csv"), "--bootstrap", "200",
                          "--out", in_tmp("out"), "--json", NULL};
    cr_assert_eq(run_correlate(args), 0, "%s", nash_last_error());
    char *json = read_text("out/correlate.json");
    cr_expect(strstr(json, "{\"protocol\":{\"batch\": 64, \"seed\": 1, \"bn\": \"train\", \"data\": "
                           "[1, 2.5e-3]},\"settings\":") == json, "protocol copied verbatim: %.200s", json);
    cr_expect(strstr(json, "\"target\":\"cifar10_test\"") && strstr(json, "\"subset\":\"all\"") &&
              strstr(json, "\"bootstrap\":200") && strstr(json, "\"ignored_columns\":[\"note\"]"),
              "settings: %s", json);
    cr_expect(strstr(json, "{\"proxy\":\"good\",\"n\":7,\"dropped\":0,\"ranked_last\":0,\"kendall_tau\":1,") != NULL,
              "%s", json);
    cr_expect(strstr(json, "{\"proxy\":\"bad\",\"n\":7,\"dropped\":0,\"ranked_last\":0,\"kendall_tau\":-1,") != NULL,
              "%s", json);
    cr_expect(strstr(json, "{\"proxy\":\"holes\",\"n\":5,\"dropped\":2,\"ranked_last\":0,\"kendall_tau\":1,") != NULL,
              "%s", json);
    cr_expect(strcmp(read_text("stdout.txt"), json) == 0, "--json prints exactly correlate.json");
    char *csv = read_text("out/correlations.csv");
    cr_expect(strstr(csv, "proxy,n,dropped,kendall_tau,tau_lo,tau_hi,spearman_rho,rho_lo,rho_hi,"
                          "rho_top,topk_hit\ngood,7,0,1.000000,1.000000,1.000000,1.000000,") == csv,
              "%s", csv);
    cr_expect(strstr(read_text("out/scatter_holes.svg"), "5 points, 2 left out") != NULL);

    /* --missing last (NASLib's -1e8): the NaN and the empty score become the two
     * lowest values instead of being dropped; index 9 (accuracy 10) then ranks
     * right and index 1 (81) wrong: one discordant pair, one tie */
    const char *last[] = {in_tmp("p.csv"), "--truth", in_tmp("truth.csv"), "--missing", "last",
                          "--bootstrap", "0", "--out", in_tmp("l"), "--json", NULL};
    cr_assert_eq(run_correlate(last), 0, "%s", nash_last_error());
    json = read_text("l/correlate.json");
    cr_expect(strstr(json, "\"missing\":\"last\"") != NULL, "%s", json);
    cr_expect(strstr(json, "{\"proxy\":\"holes\",\"n\":7,\"dropped\":0,\"ranked_last\":2,"
                           "\"kendall_tau\":0.8783") != NULL, "%s", json); /* (19-1)/sqrt(20*21) */
    const char *badm[] = {in_tmp("p.csv"), "--truth", in_tmp("truth.csv"), "--missing", "first",
                          NULL};
    cr_expect_neq(run_correlate(badm), 0);
    cr_expect(strstr(nash_last_error(), "--missing 'first': expected drop or last") != NULL, "%s",
              nash_last_error());

    /* connected drops index 9, unique drops 8 (a copy of 7) */
    const char *conn[] = {in_tmp("p.csv"), "--truth", in_tmp("truth.csv"), "--subset", "connected",
                          "--bootstrap", "0", "--out", in_tmp("c"), NULL};
    cr_assert_eq(run_correlate(conn), 0, "%s", nash_last_error());
    cr_expect(strstr(read_text("c/correlate.json"), "\"rows_used\":6") != NULL);
    cr_expect(strstr(read_text("stdout.txt"), "subset connected: 6 of 7 rows") != NULL, "%s",
              read_text("stdout.txt"));
    const char *uniq[] = {in_tmp("p.csv"), "--truth", in_tmp("truth.csv"), "--subset", "unique",
                          "--bootstrap", "0", "--out", in_tmp("u"), NULL};
    cr_assert_eq(run_correlate(uniq), 0, "%s", nash_last_error());
    cr_expect(strstr(read_text("u/correlate.json"), "\"rows_used\":6") != NULL);
}

Test(correlate, target_in_the_input_and_default_out_dir)
{
    write_text("study.csv", "arch,test_acc,synflow\nx,90,5\ny,80,4\nz,85,6\n");
    const char *args[] = {in_tmp("study.csv"), "--target", "test_acc", "--bootstrap", "50", NULL};
    cr_assert_eq(run_correlate(args), 0, "%s", nash_last_error());
    char *json = read_text("study-correlate/correlate.json");
    cr_expect(strstr(json, "\"protocol\":null") && strstr(json, "\"truth_file\":null") &&
              strstr(json, "\"target_source\":\"input\""), "%s", json);
    /* synflow 5, 4, 6 vs 90, 80, 85: one discordant pair of three */
    cr_expect(strstr(json, "\"proxy\":\"synflow\",\"n\":3,\"dropped\":0,\"ranked_last\":0,\"kendall_tau\":0.33333333") != NULL,
              "%s", json);
}

static void expect_command_error(const char *const *args, const char *message)
{
    cr_expect_neq(run_correlate(args), 0, "accepted");
    cr_expect(strstr(nash_last_error(), message) != NULL, "message \"%s\", expected \"%s\"",
              nash_last_error(), message);
}

Test(correlate, command_errors_name_the_row_and_column)
{
    write_truth();
    write_text("missing.csv", "index,arch,s\n0,a0,1\n42,a42,2\n");
    const char *a1[] = {in_tmp("missing.csv"), "--truth", in_tmp("truth.csv"), NULL};
    expect_command_error(a1, "missing.csv:3: index 42 is not in the truth table");
    write_text("badnum.csv", "index,arch,s\n0,a0,1\n1,a1,2\n");
    write_text("badtruth.csv", "index,cifar10_test\n0,91\n1,oops\n");
    const char *a2[] = {in_tmp("badnum.csv"), "--truth", in_tmp("badtruth.csv"), NULL};
    expect_command_error(a2, "badtruth.csv:3: column 'cifar10_test': 'oops' is not a number");
    const char *a3[] = {in_tmp("badnum.csv"), "--truth", in_tmp("badtruth.csv"), "--subset",
                        "connected", NULL};
    expect_command_error(a3, "--subset connected needs the truth table's 'connected' column");
    const char *a4[] = {in_tmp("badnum.csv"), "--truth", in_tmp("truth.csv"), "--dataset",
                        "cifar100", NULL};
    expect_command_error(a4, "no column 'cifar100_test'");
    write_text("dup.csv", "index,s\n0,1\n2,5\n0,3\n");
    const char *a5[] = {in_tmp("dup.csv"), "--truth", in_tmp("truth.csv"), NULL};
    expect_command_error(a5, "dup.csv:4: index 0 appears again (first at line 2)");
    write_text("badjson.csv", "index,s\n0,1\n1,2\n");
    write_text("badjson.csv.json", "{\"batch\": 64,}\n");
    const char *a6[] = {in_tmp("badjson.csv"), "--truth", in_tmp("truth.csv"), NULL};
    expect_command_error(a6, "badjson.csv.json:1:14: expected a string, found '}'");
    write_text("notarget.csv", "index,s\n0,1\n");
    const char *a7[] = {in_tmp("notarget.csv"), NULL};
    /* a folder of the fixture's own, so ../shared/benchmarks is not found
     * (the fixture's parent, /tmp, may well hold a shared/ of a CI clone) */
    char inner[600];
    snprintf(inner, sizeof inner, "%s/cwd", tmpdir);
    cr_assert_eq(mkdir(inner, 0700), 0, "mkdir %s: %s", inner, strerror(errno));
    if (chdir(inner) == 0)
        expect_command_error(a7, "has no column 'cifar10_test' and no truth table was found");
    cr_assert_eq(chdir("/"), 0); /* leave the tree before the teardown removes it */
    const char *a8[] = {in_tmp("notarget.csv"), "--subset", "some", NULL};
    expect_command_error(a8, "--subset 'some': expected all, connected or unique");
    const char *a9[] = {in_tmp("notarget.csv"), "--dataset", "mnist", NULL};
    expect_command_error(a9, "--dataset 'mnist': expected cifar10, cifar100 or imagenet16");
    write_text("noproxy.csv", "index,arch\n0,a\n1,b\n");
    const char *a10[] = {in_tmp("noproxy.csv"), "--truth", in_tmp("truth.csv"), NULL};
    expect_command_error(a10, "no numeric proxy columns");
}
