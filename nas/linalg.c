/*
 * linalg.c — symmetric eigenvalues, slogdet and corrcoef in double for the
 * zero-shot proxies (interface and conventions in linalg.h).
 *
 * Owns: the numerics only. Proxies decide what matrix to build and what to do
 * with NaN results. Not tuned: the sizes here are a proxy batch (<= ~256), so
 * every routine is a readable O(n^3) (or O(rows^2 * cols)) loop nest.
 */
#include "linalg.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nash_kernels.h"

/* The first non-finite entry of a rows x cols block read through `lower_only`
 * (1: only j <= i). 0, or -1 with a message naming the entry. */
static int check_finite(const char *who, const double *a, int rows, int cols, int lower_only)
{
    for (int i = 0; i < rows; i++) {
        int last = lower_only ? i + 1 : cols;
        for (int j = 0; j < last; j++)
            if (!isfinite(a[(size_t)i * cols + j]))
                return nash_fail("%s: entry (%d, %d) is %g; expected a finite number", who, i, j,
                                 a[(size_t)i * cols + j]);
    }
    return 0;
}

static double *alloc_doubles(const char *who, size_t count)
{
    double *p = malloc((count ? count : 1) * sizeof(double));
    if (!p)
        nash_fail("%s: out of memory for %zu doubles", who, count);
    return p;
}

/* ------------------------------------------------------------------------- */
/* Symmetric eigenvalues                                                      */

/* Householder reduction of the symmetric matrix A (n x n, full storage,
 * overwritten) to tridiagonal T = Q^T A Q with the same eigenvalues:
 * diagonal d[0..n-1], off-diagonal e[0..n-2] (e[i] couples i and i+1).
 * Golub & Van Loan Algorithm 8.3.1: at step k the reflector
 * H = I - beta v v^T maps column k below the diagonal onto alpha * e_1, and
 * A22 <- H A22 H is applied as the rank-2 update A22 -= v w^T + w v^T with
 * p = beta A22 v, w = p - (beta v^T p / 2) v. The column is scaled by its
 * largest entry first so that squaring cannot overflow or underflow. */
static void householder_tridiagonal(double *A, int n, double *d, double *e, double *v, double *w)
{
    for (int k = 0; k + 2 < n; k++) {
        int m = n - k - 1; /* length of the column below the diagonal */
        const double *col = &A[(size_t)(k + 1) * n + k];
        double scale = 0.0;
        for (int i = 0; i < m; i++)
            scale = fmax(scale, fabs(col[(size_t)i * n]));
        if (scale == 0.0) { /* already tridiagonal in this column */
            e[k] = 0.0;
            continue;
        }
        double norm2 = 0.0;
        for (int i = 0; i < m; i++) {
            v[i] = col[(size_t)i * n] / scale;
            norm2 += v[i] * v[i];
        }
        /* alpha takes the sign opposite to x0 so x0 - alpha does not cancel; then
         * |v|^2 = |x|^2 - 2 alpha x0 + alpha^2 = 2 (|x|^2 - alpha x0) > 0 */
        double x0 = v[0];
        double alpha = x0 >= 0.0 ? -sqrt(norm2) : sqrt(norm2);
        v[0] = x0 - alpha;
        double beta = 2.0 / (2.0 * (norm2 - alpha * x0));
        e[k] = alpha * scale;
        /* p = beta * A22 v (A22 = rows/cols k+1..n-1), then K = beta v^T p / 2 */
        double vtp = 0.0;
        for (int i = 0; i < m; i++) {
            const double *row = &A[(size_t)(k + 1 + i) * n + k + 1];
            double sum = 0.0;
            for (int j = 0; j < m; j++)
                sum += row[j] * v[j];
            w[i] = beta * sum;
            vtp += v[i] * w[i];
        }
        double half_k = 0.5 * beta * vtp;
        for (int i = 0; i < m; i++)
            w[i] -= half_k * v[i];
        for (int i = 0; i < m; i++) {
            double *row = &A[(size_t)(k + 1 + i) * n + k + 1];
            for (int j = 0; j < m; j++)
                row[j] -= v[i] * w[j] + w[i] * v[j];
        }
    }
    for (int i = 0; i < n; i++)
        d[i] = A[(size_t)i * n + i];
    if (n >= 2)
        e[n - 2] = A[(size_t)(n - 1) * n + n - 2];
}

/* Implicit QL with shifts on the symmetric tridiagonal (d, e): on return d
 * holds the eigenvalues (unsorted) and e is destroyed. The classic EISPACK
 * tql1 scheme (Bowdler, Martin, Reinsch & Wilkinson 1968): for each l, find
 * the first negligible e[m] (see tst1 below), then chase a
 * bulge from m up to l with Givens rotations, shifted by the eigenvalue of the
 * leading 2x2 block nearest d[l]. */
static int tridiagonal_ql(double *d, double *e, int n)
{
    if (n > 0)
        e[n - 1] = 0.0;
    /* EISPACK tql2's test: e[m] is negligible against the largest |d| + |e| seen
     * so far, not only against its two neighbours — with the neighbours alone a
     * block of exact zeros (a correlation matrix with zeroed NaN rows, as MeCo
     * builds) never deflates */
    double tst1 = 0.0;
    for (int l = 0; l < n; l++) {
        double here = fabs(d[l]) + fabs(e[l]);
        if (here > tst1)
            tst1 = here;
        for (int iter = 0;; iter++) {
            int m = l;
            while (m < n - 1 && fabs(e[m]) > DBL_EPSILON * (fabs(d[m]) + fabs(d[m + 1])) &&
                   fabs(e[m]) > DBL_EPSILON * tst1)
                m++;
            if (m == l)
                break;
            if (iter == 60)
                return nash_fail("symmetric eigenvalues: QL did not converge for eigenvalue %d "
                                 "in 60 sweeps",
                                 l);
            double g = (d[l + 1] - d[l]) / (2.0 * e[l]);
            double r = hypot(g, 1.0);
            g = d[m] - d[l] + e[l] / (g + copysign(r, g)); /* d[m] - shift */
            double s = 1.0, c = 1.0, p = 0.0;
            int deflated = 0;
            for (int i = m - 1; i >= l; i--) {
                double f = s * e[i], b = c * e[i];
                r = hypot(f, g);
                e[i + 1] = r;
                if (r == 0.0) { /* underflow: the matrix splits here, start again */
                    d[i + 1] -= p;
                    e[m] = 0.0;
                    deflated = 1;
                    break;
                }
                s = f / r;
                c = g / r;
                g = d[i + 1] - p;
                r = (d[i] - g) * s + 2.0 * c * b;
                p = s * r;
                d[i + 1] = g + p;
                g = c * r - b;
            }
            if (deflated)
                continue;
            d[l] -= p;
            e[l] = g;
            e[m] = 0.0;
        }
    }
    return 0;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int nash_linalg_sym_eigenvalues(const double *a, int n, double *eigenvalues)
{
    const char *who = "symmetric eigenvalues";
    if (n < 0)
        return nash_fail("%s: matrix size %d; expected >= 0", who, n);
    if (n == 0)
        return 0;
    if (check_finite(who, a, n, n, 1) != 0)
        return -1;
    size_t nn = (size_t)n * n;
    double *work = alloc_doubles(who, nn + 3 * (size_t)n);
    if (!work)
        return -1;
    double *A = work, *e = work + nn, *v = e + n, *w = v + n;
    /* full symmetric copy from the lower triangle */
    for (int i = 0; i < n; i++)
        for (int j = 0; j <= i; j++)
            A[(size_t)i * n + j] = A[(size_t)j * n + i] = a[(size_t)i * n + j];
    householder_tridiagonal(A, n, eigenvalues, e, v, w);
    int rc = tridiagonal_ql(eigenvalues, e, n);
    free(work);
    if (rc != 0)
        return -1;
    qsort(eigenvalues, (size_t)n, sizeof(double), compare_doubles);
    return 0;
}

/* ------------------------------------------------------------------------- */
/* slogdet                                                                    */

int nash_linalg_slogdet(const double *a, int n, double *logabsdet, int *sign)
{
    const char *who = "slogdet";
    if (n < 0)
        return nash_fail("%s: matrix size %d; expected >= 0", who, n);
    *sign = 1;
    *logabsdet = 0.0;
    if (n == 0)
        return 0;
    if (check_finite(who, a, n, n, 0) != 0)
        return -1;
    double *lu = alloc_doubles(who, (size_t)n * n);
    if (!lu)
        return -1;
    memcpy(lu, a, (size_t)n * n * sizeof(double));
    for (int k = 0; k < n; k++) {
        int pivot = k;
        for (int i = k + 1; i < n; i++)
            if (fabs(lu[(size_t)i * n + k]) > fabs(lu[(size_t)pivot * n + k]))
                pivot = i;
        double *rk = &lu[(size_t)k * n];
        if (lu[(size_t)pivot * n + k] == 0.0) { /* singular: numpy's (0, -inf) */
            *sign = 0;
            *logabsdet = -INFINITY;
            break;
        }
        if (pivot != k) { /* a row swap flips the sign of the determinant */
            double *rp = &lu[(size_t)pivot * n];
            for (int j = k; j < n; j++) {
                double t = rk[j];
                rk[j] = rp[j];
                rp[j] = t;
            }
            *sign = -*sign;
        }
        double u = rk[k];
        if (u < 0.0)
            *sign = -*sign;
        *logabsdet += log(fabs(u));
        for (int i = k + 1; i < n; i++) {
            double *ri = &lu[(size_t)i * n];
            double f = ri[k] / u;
            if (f == 0.0)
                continue;
            for (int j = k + 1; j < n; j++)
                ri[j] -= f * rk[j];
        }
    }
    free(lu);
    return 0;
}

/* ------------------------------------------------------------------------- */
/* corrcoef                                                                   */

/* sum_k a[k] b[k] with four running sums, so the compiler can keep them in
 * SIMD lanes without reassociating (the order is fixed by the code, so the
 * result does not depend on the build or the thread count). */
static double dot(const double *a, const double *b, int n)
{
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    int k = 0;
    for (; k + 4 <= n; k += 4) {
        s0 += a[k] * b[k];
        s1 += a[k + 1] * b[k + 1];
        s2 += a[k + 2] * b[k + 2];
        s3 += a[k + 3] * b[k + 3];
    }
    for (; k < n; k++)
        s0 += a[k] * b[k];
    return (s0 + s1) + (s2 + s3);
}

int nash_linalg_corrcoef(const double *x, int rows, int cols, double *out)
{
    const char *who = "corrcoef";
    if (rows < 0 || cols < 1)
        return nash_fail("%s: %d x %d matrix; expected rows >= 0 and cols >= 1", who, rows, cols);
    if (rows == 0)
        return 0;
    if (check_finite(who, x, rows, cols, 0) != 0)
        return -1;
    /* centred rows (two-pass mean: no cancellation from a large common offset),
     * then each row's root sum of squares; NaN marks a constant row */
    double *centred = alloc_doubles(who, (size_t)rows * cols + rows);
    if (!centred)
        return -1;
    double *root_ss = centred + (size_t)rows * cols;
    for (int i = 0; i < rows; i++) {
        const double *xi = &x[(size_t)i * cols];
        double *ci = &centred[(size_t)i * cols];
        double sum = 0.0;
        int constant = 1;
        for (int k = 0; k < cols; k++) {
            sum += xi[k];
            constant &= xi[k] == xi[0];
        }
        double mean = sum / cols;
        for (int k = 0; k < cols; k++)
            ci[k] = xi[k] - mean;
        root_ss[i] = constant ? NAN : sqrt(dot(ci, ci, cols));
    }
    /* the lower triangle, mirrored afterwards */
#pragma omp parallel for schedule(dynamic, 1) if (rows * (double)rows * cols > 1e6)
    for (int i = 0; i < rows; i++)
        for (int j = 0; j <= i; j++) {
            double r = NAN;
            if (!isnan(root_ss[i]) && !isnan(root_ss[j])) {
                r = dot(&centred[(size_t)i * cols], &centred[(size_t)j * cols], cols) /
                    root_ss[i] / root_ss[j];
                r = fmin(1.0, fmax(-1.0, r)); /* numpy clips rounding overshoot too */
            }
            out[(size_t)i * rows + j] = r;
        }
    for (int i = 0; i < rows; i++)
        for (int j = i + 1; j < rows; j++)
            out[(size_t)i * rows + j] = out[(size_t)j * rows + i];
    free(centred);
    return 0;
}
