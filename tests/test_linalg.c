/*
 * test_linalg.c — nas/linalg.c against values worked out by hand.
 *
 * Checks: eigenvalues of 2x2 and 3x3 matrices with closed forms, of diagonal
 * and repeated-eigenvalue matrices, and of random symmetric A = Q diag Q^T
 * built here from a product of Householder reflectors (so the answer is known
 * exactly); that only the lower triangle is read; slogdet of permutations,
 * negative and overflowing determinants and exactly singular matrices;
 * corrcoef of three rows computed by hand, and the NaN rows of constant rows.
 */
#include "linalg.h"
#include "test_util.h"

/* Eigenvalues of the lower triangle of `a` against `want` (ascending), to tol * max|want|. */
static void expect_eigenvalues(const double *a, int n, const double *want, double tol,
                               const char *what)
{
    double got[8];
    cr_assert(n <= 8);
    cr_assert_eq(nash_linalg_sym_eigenvalues(a, n, got), 0, "%s: %s", what, nash_last_error());
    double scale = 1e-300;
    for (int i = 0; i < n; i++)
        scale = fmax(scale, fabs(want[i]));
    for (int i = 0; i < n; i++)
        cr_expect(fabs(got[i] - want[i]) <= tol * scale, "%s: eigenvalue %d is %.17g, expected %.17g",
                  what, i, got[i], want[i]);
}

Test(linalg, eigenvalues_of_small_known_matrices)
{
    /* [[4,-2],[-2,1]]: trace 5, det 0 -> 0 and 5 */
    const double a2[4] = {4, -2, -2, 1};
    expect_eigenvalues(a2, 2, (double[]){0, 5}, 1e-14, "2x2");
    /* general 2x2 [[a,b],[b,c]]: (a+c)/2 -+ sqrt(((a-c)/2)^2 + b^2) */
    const double a = 1.5, b = 0.25, c = -3.0;
    double r = sqrt((a - c) * (a - c) / 4 + b * b);
    expect_eigenvalues((double[]){a, b, b, c}, 2, (double[]){(a + c) / 2 - r, (a + c) / 2 + r},
                       1e-14, "2x2 general");
    /* the 1-D Laplacian tridiag(-1, 2, -1) of size 3: 2 - 2cos(k pi / 4) = 2 - sqrt2, 2, 2 + sqrt2 */
    const double lap[9] = {2, -1, 0, -1, 2, -1, 0, -1, 2};
    expect_eigenvalues(lap, 3, (double[]){2 - sqrt(2.0), 2, 2 + sqrt(2.0)}, 1e-14, "3x3 Laplacian");
    /* a dense 3x3: [[2,1,1],[1,2,1],[1,1,2]] = I + J -> 1, 1, 4 */
    const double ij[9] = {2, 1, 1, 1, 2, 1, 1, 1, 2};
    expect_eigenvalues(ij, 3, (double[]){1, 1, 4}, 1e-14, "3x3 I + J");
    /* diagonal, unsorted on input: sorting is the whole job */
    const double diag[16] = {3, 0, 0, 0, 0, -1, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0};
    expect_eigenvalues(diag, 4, (double[]){-1, 0, 3, 7}, 0, "diagonal");
    /* repeated: the all-ones 5x5 matrix has eigenvalues 0 (four times) and 5 */
    double ones[25];
    for (int i = 0; i < 25; i++)
        ones[i] = 1.0;
    expect_eigenvalues(ones, 5, (double[]){0, 0, 0, 0, 5}, 1e-14, "ones 5x5");
    /* 1x1 and 0x0 */
    expect_eigenvalues((double[]){-2.5}, 1, (double[]){-2.5}, 0, "1x1");
    cr_expect_eq(nash_linalg_sym_eigenvalues(NULL, 0, NULL), 0);
}

Test(linalg, eigenvalues_read_only_the_lower_triangle)
{
    /* the Laplacian again, with garbage above the diagonal */
    const double lap[9] = {2, 1e300, NAN, -1, 2, INFINITY, 0, -1, 2};
    expect_eigenvalues(lap, 3, (double[]){2 - sqrt(2.0), 2, 2 + sqrt(2.0)}, 1e-14, "lower only");
    const double bad[4] = {1, 0, NAN, 1};
    double ev[2];
    cr_expect_neq(nash_linalg_sym_eigenvalues(bad, 2, ev), 0);
    cr_expect(strstr(nash_last_error(), "entry (1, 0) is nan") != NULL, "%s", nash_last_error());
}

/* Q = H_1 H_2 ... H_n (n random Householder reflectors, so Q is a general
 * orthogonal matrix), then A = Q diag(lambda) Q^T. */
/* noinline: GCC 12 at -O3, once this is inlined into check_random(7, ...), warns
 * "iteration 18 invokes undefined behavior" for the 7-iteration loop (a false
 * positive; UBSan finds nothing). */
__attribute__((noinline)) static void random_symmetric(int n, const double *lambda, uint64_t seed,
                                                       double *A)
{
    double *Q = calloc((size_t)n * n, sizeof(double));
    double *u = calloc((size_t)n, sizeof(double)), *qu = calloc((size_t)n, sizeof(double));
    cr_assert(Q && u && qu);
    for (int i = 0; i < n; i++)
        Q[(size_t)i * n + i] = 1.0;
    for (int r = 0; r < n; r++) {
        double uu = 0.0;
        for (int i = 0; i < n; i++) {
            u[i] = tu_unit(seed + (uint64_t)r, (uint64_t)i) - 0.5;
            uu += u[i] * u[i];
        }
        for (int i = 0; i < n; i++) { /* Q <- Q (I - 2 u u^T / u^T u) */
            double s = 0.0;
            for (int k = 0; k < n; k++)
                s += Q[(size_t)i * n + k] * u[k];
            qu[i] = 2.0 * s / uu;
        }
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++)
                Q[(size_t)i * n + k] -= qu[i] * u[k];
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double s = 0.0;
            for (int k = 0; k < n; k++)
                s += Q[(size_t)i * n + k] * lambda[k] * Q[(size_t)j * n + k];
            A[(size_t)i * n + j] = s;
        }
    free(Q);
    free(u);
    free(qu);
}

static void check_random(int n, int repeated, uint64_t seed)
{
    double *lambda = malloc((size_t)n * sizeof(double)), *A = malloc((size_t)n * n * sizeof(double));
    double *got = malloc((size_t)n * sizeof(double));
    cr_assert(lambda && A && got);
    /* ascending, spread over [-n/3, 2n/3], or in runs of 4 equal values */
    for (int i = 0; i < n; i++)
        lambda[i] = repeated ? (double)(i / 4) - n / 12.0 : (double)i - n / 3.0 + 0.5 * tu_unit(seed, i);
    random_symmetric(n, lambda, seed, A);
    cr_assert_eq(nash_linalg_sym_eigenvalues(A, n, got), 0, "%s", nash_last_error());
    double scale = 0.0, worst = 0.0;
    int at = 0;
    for (int i = 0; i < n; i++)
        scale = fmax(scale, fabs(lambda[i]));
    for (int i = 0; i < n; i++)
        if (fabs(got[i] - lambda[i]) > worst) {
            worst = fabs(got[i] - lambda[i]);
            at = i;
        }
    fprintf(stderr, "nash-linalg eigenvalues n=%d%s: max rel error %.2e (eigenvalue %d)\n", n,
            repeated ? " repeated" : "", worst / scale, at);
    cr_expect(worst <= 1e-12 * scale, "n=%d: eigenvalue %d is %.17g, expected %.17g (rel %.2e)", n,
              at, got[at], lambda[at], worst / scale);
    free(lambda);
    free(A);
    free(got);
}

Test(linalg, eigenvalues_of_random_symmetric_matrices_with_known_spectrum)
{
    check_random(7, 0, 11);
    check_random(64, 0, 12);
    check_random(64, 1, 13);
    check_random(160, 0, 14);
}

static void expect_slogdet(const double *a, int n, int sign, double logabsdet, const char *what)
{
    double l;
    int s;
    cr_assert_eq(nash_linalg_slogdet(a, n, &l, &s), 0, "%s: %s", what, nash_last_error());
    cr_expect_eq(s, sign, "%s: sign %d, expected %d", what, s, sign);
    if (isinf(logabsdet))
        cr_expect(isinf(l) && l < 0, "%s: log|det| %g, expected -inf", what, l);
    else
        cr_expect(fabs(l - logabsdet) <= 1e-13 * fmax(1.0, fabs(logabsdet)),
                  "%s: log|det| %.17g, expected %.17g", what, l, logabsdet);
}

Test(linalg, slogdet_signs_and_singular_matrices)
{
    /* permutations: one swap (odd, det -1), a 3-cycle (even, det +1), a 4-cycle (odd) */
    expect_slogdet((double[]){0, 1, 1, 0}, 2, -1, 0.0, "swap");
    expect_slogdet((double[]){0, 1, 0, 0, 0, 1, 1, 0, 0}, 3, 1, 0.0, "3-cycle");
    expect_slogdet((double[]){0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0}, 4, -1, 0.0, "4-cycle");
    /* [[1,2],[3,4]]: det = 4 - 6 = -2 */
    expect_slogdet((double[]){1, 2, 3, 4}, 2, -1, log(2.0), "2x2");
    /* [[0,2,1],[3,0,0],[1,1,4]]: det = -2 (12 - 0) + 1 (3 - 0) = -21 (needs a pivot: a00 = 0) */
    expect_slogdet((double[]){0, 2, 1, 3, 0, 0, 1, 1, 4}, 3, -1, log(21.0), "3x3");
    /* det = -(1e200)^3 overflows a double; its logarithm does not */
    expect_slogdet((double[]){1e200, 0, 0, 0, -1e200, 0, 0, 0, 1e200}, 3, -1, 600 * log(10.0),
                   "huge");
    /* exactly singular: [[1,2],[2,4]], and a repeated row */
    expect_slogdet((double[]){1, 2, 2, 4}, 2, 0, -INFINITY, "rank 1");
    expect_slogdet((double[]){1, 2, 3, 4, 5, 6, 1, 2, 3}, 3, 0, -INFINITY, "repeated row");
    expect_slogdet((double[]){0, 0, 0, 0}, 2, 0, -INFINITY, "zero");
    expect_slogdet(NULL, 0, 1, 0.0, "0x0");
    double l;
    int s;
    cr_expect_neq(nash_linalg_slogdet((double[]){1, INFINITY, 0, 1}, 2, &l, &s), 0);
    cr_expect(strstr(nash_last_error(), "slogdet: entry (0, 1) is inf") != NULL, "%s",
              nash_last_error());
}

Test(linalg, slogdet_of_a_random_matrix_matches_its_eigenvalues)
{
    /* A = Q diag(lambda) Q^T with three negative eigenvalues: det = prod lambda */
    enum { n = 40 };
    double lambda[n], A[n * n], want = 0.0;
    for (int i = 0; i < n; i++) {
        lambda[i] = (i < 3 ? -1.0 : 1.0) * (0.5 + 2.0 * tu_unit(21, i));
        want += log(fabs(lambda[i]));
    }
    random_symmetric(n, lambda, 22, A);
    expect_slogdet(A, n, -1, want, "Q diag Q^T");
}

Test(linalg, corrcoef_by_hand)
{
    /* x = 1 2 3 4, w = 1 3 2 4, z = 4 3 2 1. Centred: x' = (-1.5 -.5 .5 1.5),
     * w' = (-1.5 .5 -.5 1.5), z' = -x'. S = 5 for each; x'.w' = 2.25 - .25 - .25 + 2.25 = 4,
     * so r(x,w) = 4/5 = 0.8, r(x,z) = -1, r(w,z) = -0.8. */
    const double x[12] = {1, 2, 3, 4, 1, 3, 2, 4, 4, 3, 2, 1};
    const double want[9] = {1, 0.8, -1, 0.8, 1, -0.8, -1, -0.8, 1};
    double got[9];
    cr_assert_eq(nash_linalg_corrcoef(x, 3, 4, got), 0, "%s", nash_last_error());
    for (int i = 0; i < 9; i++)
        cr_expect(fabs(got[i] - want[i]) <= 1e-15, "r[%d][%d] = %.17g, expected %g", i / 3, i % 3,
                  got[i], want[i]);
}

Test(linalg, corrcoef_constant_rows_are_nan)
{
    /* rows 1 (all 5) and 3 (all 0.1, whose rounded mean is not exactly 0.1) are constant */
    const double x[16] = {1, 2, 3, 4, 5, 5, 5, 5, 1, 3, 2, 4, 0.1, 0.1, 0.1, 0.1};
    double got[16];
    cr_assert_eq(nash_linalg_corrcoef(x, 4, 4, got), 0, "%s", nash_last_error());
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            int degenerate = i == 1 || i == 3 || j == 1 || j == 3;
            double v = got[i * 4 + j];
            if (degenerate)
                cr_expect(isnan(v), "r[%d][%d] = %g, expected NaN", i, j, v);
            else
                cr_expect(fabs(v - (i == j ? 1.0 : 0.8)) <= 1e-15, "r[%d][%d] = %.17g", i, j, v);
        }
    /* one column: every row is constant */
    double one[4];
    cr_assert_eq(nash_linalg_corrcoef((double[]){1, 2}, 2, 1, one), 0);
    for (int i = 0; i < 4; i++)
        cr_expect(isnan(one[i]));
    cr_expect_neq(nash_linalg_corrcoef(x, 4, 0, got), 0);
    cr_expect(strstr(nash_last_error(), "corrcoef: 4 x 0 matrix") != NULL, "%s", nash_last_error());
}

Test(linalg, corrcoef_of_many_rows_is_symmetric_and_bounded)
{
    /* 100 rows of 300: rows 2i+1 = 3 * row 2i + 1 (r = 1 exactly in exact arithmetic) */
    enum { rows = 100, cols = 300 };
    double *x = malloc(sizeof(double) * rows * cols), *r = malloc(sizeof(double) * rows * rows);
    cr_assert(x && r);
    for (int i = 0; i < rows; i += 2)
        for (int k = 0; k < cols; k++) {
            x[i * cols + k] = tu_unit(31, (uint64_t)(i * cols + k)) - 0.5;
            x[(i + 1) * cols + k] = 3.0 * x[i * cols + k] + 1.0;
        }
    cr_assert_eq(nash_linalg_corrcoef(x, rows, cols, r), 0, "%s", nash_last_error());
    for (int i = 0; i < rows; i++) {
        cr_expect(fabs(r[i * rows + i] - 1.0) <= 1e-14, "diagonal %d: %.17g", i, r[i * rows + i]);
        for (int j = 0; j < rows; j++) {
            cr_expect_eq(r[i * rows + j], r[j * rows + i]);
            cr_expect(r[i * rows + j] >= -1.0 && r[i * rows + j] <= 1.0);
        }
        if (i % 2 == 0)
            cr_expect(fabs(r[i * rows + i + 1] - 1.0) <= 1e-14, "pair %d: %.17g", i,
                      r[i * rows + i + 1]);
        else if (i + 1 < rows) /* independent uniform rows: |r| ~ 1/sqrt(300) */
            cr_expect(fabs(r[i * rows + i + 1]) < 0.3, "rows %d, %d: %g", i, i + 1, r[i * rows + i + 1]);
    }
    free(x);
    free(r);
}
