/*
 * gemm.c — single-precision GEMM (row-major) and the linear layer built on it.
 *
 * Owns: the GEMM variants (oneDNN's dnnl_sgemm, a cache-blocked OpenMP
 * version, the plain triple-loop reference), their table nash_gemm_impls and
 * nash_gemm_pick(), and nash_linear_forward / nash_linear_backward, which go
 * through the picked GEMM. Does not own: convolutions (conv.c and friends
 * compute directly on the blocked layout and do not use this file).
 *
 * Semantics shared by every variant (those of BLAS sgemm, row-major):
 *   C = alpha * op(A) * op(B) + beta * C,   op(A) is m x k, op(B) is k x n;
 *   beta == 0 means C is not read (NaN or garbage in C does not leak);
 *   alpha == 0 or k == 0 means A and B are not read (C = beta * C).
 * Sums are plain float, in order of increasing k, as a BLAS would do them.
 */
#include "nash_kernels.h"

#include <dnnl.h>

/* Element (i, p) of op(A) and (p, j) of op(B), for matrices stored row-major. */
static inline float op_a(int trans_a, const float *a, int lda, int i, int p)
{
    return trans_a ? a[(int64_t)p * lda + i] : a[(int64_t)i * lda + p];
}
static inline float op_b(int trans_b, const float *b, int ldb, int p, int j)
{
    return trans_b ? b[(int64_t)j * ldb + p] : b[(int64_t)p * ldb + j];
}

/* C = beta * C, where beta == 0 writes zeros without reading C. Used when
 * there is no product to add (alpha == 0 or k == 0). */
static void scale_c(int m, int n, float beta, float *c, int ldc)
{
    for (int i = 0; i < m; i++) {
        float *row = c + (int64_t)i * ldc;
        for (int j = 0; j < n; j++)
            row[j] = beta == 0.0f ? 0.0f : beta * row[j];
    }
}

/* ------------------------------------------------------------------------- */
/* Reference: the textbook triple loop.                                       */

static void gemm_ref(int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a,
                     int lda, const float *b, int ldb, float beta, float *c, int ldc)
{
    if (m <= 0 || n <= 0)
        return;
    if (k <= 0 || alpha == 0.0f) {
        scale_c(m, n, beta, c, ldc);
        return;
    }
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            float sum = 0.0f;
            for (int p = 0; p < k; p++)
                sum += op_a(trans_a, a, lda, i, p) * op_b(trans_b, b, ldb, p, j);
            float *cij = &c[(int64_t)i * ldc + j];
            *cij = beta == 0.0f ? alpha * sum : alpha * sum + beta * *cij;
        }
}

/* ------------------------------------------------------------------------- */
/* OpenMP: C is cut into MC x NC tiles, one thread per tile, so no two threads
 * write the same element. For each tile the k dimension is walked in KC-deep
 * slabs; the slab of op(A) and op(B) is copied (transposing as needed) into
 * small contiguous buffers on the stack, so the inner loop is a unit-stride
 * axpy over the NC columns of the tile, which gcc vectorises whatever the
 * transposition. Each element is still summed in order of increasing k, as in
 * the reference. Stack use per thread: (MC*NC + MC*KC + KC*NC) * 4 = 56 KiB. */

enum { GEMM_MC = 32, GEMM_NC = 64, GEMM_KC = 128 };

static void gemm_omp_tile(int trans_a, int trans_b, int i0, int m_tile, int j0, int n_tile, int k,
                          float alpha, const float *a, int lda, const float *b, int ldb,
                          float beta, float *c, int ldc)
{
    float acc[GEMM_MC][GEMM_NC];
    float a_slab[GEMM_MC][GEMM_KC];
    float b_slab[GEMM_KC][GEMM_NC];

    for (int i = 0; i < m_tile; i++)
        for (int j = 0; j < n_tile; j++)
            acc[i][j] = 0.0f;

    for (int p0 = 0; p0 < k; p0 += GEMM_KC) {
        int k_slab = k - p0 < GEMM_KC ? k - p0 : GEMM_KC;
        for (int i = 0; i < m_tile; i++)
            for (int p = 0; p < k_slab; p++)
                a_slab[i][p] = op_a(trans_a, a, lda, i0 + i, p0 + p);
        for (int p = 0; p < k_slab; p++)
            for (int j = 0; j < n_tile; j++)
                b_slab[p][j] = op_b(trans_b, b, ldb, p0 + p, j0 + j);

        for (int i = 0; i < m_tile; i++)
            for (int p = 0; p < k_slab; p++) {
                float a_ip = a_slab[i][p];
                #pragma omp simd
                for (int j = 0; j < n_tile; j++)
                    acc[i][j] += a_ip * b_slab[p][j];
            }
    }

    for (int i = 0; i < m_tile; i++) {
        float *row = c + (int64_t)(i0 + i) * ldc + j0;
        if (beta == 0.0f) {
            #pragma omp simd
            for (int j = 0; j < n_tile; j++)
                row[j] = alpha * acc[i][j];
        } else {
            #pragma omp simd
            for (int j = 0; j < n_tile; j++)
                row[j] = alpha * acc[i][j] + beta * row[j];
        }
    }
}

static void gemm_omp(int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a,
                     int lda, const float *b, int ldb, float beta, float *c, int ldc)
{
    if (m <= 0 || n <= 0)
        return;
    if (k <= 0 || alpha == 0.0f) {
        scale_c(m, n, beta, c, ldc);
        return;
    }
    int m_tiles = (m + GEMM_MC - 1) / GEMM_MC;
    int n_tiles = (n + GEMM_NC - 1) / GEMM_NC;
    #pragma omp parallel for collapse(2) schedule(static)
    for (int ti = 0; ti < m_tiles; ti++)
        for (int tj = 0; tj < n_tiles; tj++) {
            int i0 = ti * GEMM_MC, j0 = tj * GEMM_NC;
            int m_tile = m - i0 < GEMM_MC ? m - i0 : GEMM_MC;
            int n_tile = n - j0 < GEMM_NC ? n - j0 : GEMM_NC;
            gemm_omp_tile(trans_a, trans_b, i0, m_tile, j0, n_tile, k, alpha, a, lda, b, ldb, beta,
                          c, ldc);
        }
}

/* ------------------------------------------------------------------------- */
/* oneDNN: dnnl_sgemm is row-major with BLAS-style 'N'/'T' flags. It leaves C
 * untouched when k == 0 (BLAS scales by beta), so that case is done here; and
 * should it ever refuse arguments (it returns a status, our kernels cannot
 * fail), the OpenMP version computes the same product instead. */

static void gemm_onednn(int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a,
                        int lda, const float *b, int ldb, float beta, float *c, int ldc)
{
    if (m <= 0 || n <= 0)
        return;
    if (k <= 0 || alpha == 0.0f) {
        scale_c(m, n, beta, c, ldc);
        return;
    }
    dnnl_status_t status = dnnl_sgemm(trans_a ? 'T' : 'N', trans_b ? 'T' : 'N', m, n, k, alpha, a,
                                      lda, b, ldb, beta, c, ldc);
    if (status != dnnl_success)
        gemm_omp(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

/* ------------------------------------------------------------------------- */
/* Variant table.                                                             */

/* oneDNN's sgemm is not batch-invariant on AVX-512: on a Xeon (avx512_core)
 * rows 0-4 of a 16 x 5 x 32 product differ in the last bit from the same rows
 * computed with M = 5 (its kernels block M). */
static const nash_gemm_impl nash_gemm_onednn = {
    .name = "onednn", .isa = 0, .sgemm = gemm_onednn, .batch_invariant = 0};
static const nash_gemm_impl nash_gemm_omp = {
    .name = "omp", .isa = 0, .sgemm = gemm_omp, .batch_invariant = 1};
static const nash_gemm_impl nash_gemm_ref = {
    .name = "ref", .isa = 0, .sgemm = gemm_ref, .batch_invariant = 1};

const nash_gemm_impl *const nash_gemm_impls[] = {&nash_gemm_onednn, &nash_gemm_omp, &nash_gemm_ref,
                                                 NULL};

const nash_gemm_impl *nash_gemm_pick(void)
{
    NASH_PICK(nash_gemm_impl, nash_gemm_impls, 1);
}

const nash_gemm_impl *nash_gemm_pick_batch_invariant(void)
{
    NASH_PICK(nash_gemm_impl, nash_gemm_impls, impl->batch_invariant);
}

/* ------------------------------------------------------------------------- */
/* Linear layer: x [N][IN], w [OUT][IN] (PyTorch order), y [N][OUT].          */

void nash_linear_forward(int n, int in, int out, const float *x, const float *w,
                         const float *bias, float *y)
{
    /* y = x * w^T (+ bias): with a bias, y starts as the bias rows and the
     * GEMM adds onto it (beta = 1). */
    float beta = 0.0f;
    if (bias) {
        for (int i = 0; i < n; i++)
            memcpy(y + (int64_t)i * out, bias, sizeof(float) * (size_t)out);
        beta = 1.0f;
    }
    /* A sample's outputs must not depend on the batch it is evaluated in
     * (eval at any batch size, data-parallel slices), hence the batch-
     * invariant GEMM; this layer is the classifier, a few MFLOP at most. */
    nash_gemm_pick_batch_invariant()->sgemm(0, 1, n, out, in, 1.0f, x, in, w, in, beta, y, out);
}

void nash_linear_backward(int n, int in, int out, const float *x, const float *w, const float *dy,
                          float *dx, float *dw, float *dbias)
{
    const nash_gemm_impl *gemm = nash_gemm_pick();
    /* dx [N][IN] = dy [N][OUT] * w [OUT][IN], per sample as in the forward */
    if (dx)
        nash_gemm_pick_batch_invariant()->sgemm(0, 0, n, in, out, 1.0f, dy, out, w, in, 0.0f, dx, in);
    /* dw [OUT][IN] = dy^T [OUT][N] * x [N][IN] */
    gemm->sgemm(1, 0, out, in, n, 1.0f, dy, out, x, in, 0.0f, dw, in);
    /* dbias[o] = sum over the batch of dy[:, o] (column sums) */
    if (dbias) {
        for (int o = 0; o < out; o++)
            dbias[o] = 0.0f;
        for (int i = 0; i < n; i++) {
            const float *row = dy + (int64_t)i * out;
            #pragma omp simd
            for (int o = 0; o < out; o++)
                dbias[o] += row[o];
        }
    }
}
