/*
 * linalg.h — small dense linear algebra in double for the zero-shot proxies
 * (private to nas/).
 *
 * Owns: symmetric eigenvalues, log|det| with its sign, and the Pearson
 * correlation matrix of the rows of a matrix — the three reductions that
 * proxies such as NASWOT (log|det K|), Zen-score/Jacob-cov (eigenvalues of a
 * correlation matrix) need. Sizes are those of a proxy batch: up to a few
 * hundred rows. Not a BLAS: plain O(n^3) loops, no blocking.
 *
 * Conventions: matrices are row-major double, a[i * n + j] is row i, column j.
 * Inputs are never modified; each function allocates its own workspace and
 * returns 0, or -1 with a message (nash_last_error()) when the input is
 * invalid (negative size, a non-finite entry) or memory runs out.
 */
#ifndef NASH_LINALG_H
#define NASH_LINALG_H

/* Eigenvalues of the symmetric n x n matrix `a`, sorted ascending, written to
 * eigenvalues[0..n-1]. Only the lower triangle (j <= i) is read, so the upper
 * one may hold anything. Householder reduction to tridiagonal form, then the
 * implicit QL iteration with Wilkinson-style shifts (Golub & Van Loan, Matrix
 * Computations, 4th ed., §8.3); relative accuracy ~1e-13 * max|eigenvalue|.
 * -1 if a non-finite entry is found or QL needs more than 60 sweeps for one
 * eigenvalue (cannot happen for finite input in practice). */
int nash_linalg_sym_eigenvalues(const double *a, int n, double *eigenvalues);

/* log|det a| and the sign of det a for a general n x n matrix, as
 * numpy.linalg.slogdet: LU with partial pivoting, sign in {-1, +1}, and
 * *sign = 0, *logabsdet = -INFINITY when a pivot is exactly zero (singular).
 * A 0 x 0 matrix has determinant 1 (sign 1, log 0). -1 for a non-finite entry. */
int nash_linalg_slogdet(const double *a, int n, double *logabsdet, int *sign);

/* Pearson correlation matrix of the `rows` rows of the rows x cols matrix x,
 * written to out (rows x rows, row-major), as numpy.corrcoef(x):
 *   out[i][j] = sum_k (x_ik - m_i)(x_jk - m_j) / sqrt(S_i S_j),
 *   m_i = mean of row i, S_i = sum_k (x_ik - m_i)^2,
 * clipped to [-1, 1]. A row whose entries are all equal (zero variance,
 * including any row when cols == 1) has no correlation: its whole row and
 * column of `out`, diagonal included, are NaN — numpy gives the same NaNs
 * (0/0). Unlike numpy, a constant row is detected exactly rather than through
 * its rounded variance, so a constant row of 0.1s is NaN here too. Works on
 * a centred copy (rows * cols doubles); pairs run in parallel (OpenMP), each
 * summed in a fixed order, so the result does not depend on the thread count.
 * -1 for a non-finite entry or cols < 1. */
int nash_linalg_corrcoef(const double *x, int rows, int cols, double *out);

#endif /* NASH_LINALG_H */
