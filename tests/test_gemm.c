/*
 * test_gemm.c — GEMM variants and the linear layer.
 *
 * Owns: the checks of kernels/gemm.c: the variant table and forcing; a 2x3 by
 * 3x2 product worked by hand for each transposition; beta == 0 not reading C;
 * every variant against the reference on random shapes (all transpositions,
 * leading dimensions with padding that must be neither read nor written,
 * alpha/beta) with integer-valued and float inputs; the linear layer forward
 * and backward, under every GEMM variant, against a naive double computation;
 * that variants flagged batch-invariant give bitwise the same rows for any M,
 * and that the linear layer's per-sample outputs are bitwise batch-independent.
 */
#include "test_util.h"

static const nash_gemm_impl *gemm_by_name(const char *name)
{
    for (int i = 0; nash_gemm_impls[i]; i++)
        if (strcmp(nash_gemm_impls[i]->name, name) == 0)
            return nash_gemm_impls[i];
    cr_assert_fail("no gemm variant named %s", name);
    return NULL;
}

Test(gemm, table_and_pick)
{
    int count = 0;
    for (; nash_gemm_impls[count]; count++) {
        cr_assert(nash_gemm_impls[count]->name && nash_gemm_impls[count]->sgemm);
        for (int j = 0; j < count; j++)
            cr_assert_str_neq(nash_gemm_impls[j]->name, nash_gemm_impls[count]->name);
    }
    cr_assert_geq(count, 2, "the table should hold a fast variant and ref");
    cr_assert_str_eq(nash_gemm_impls[count - 1]->name, "ref", "ref must be last");

    nash_kernel_force(NULL);
    const nash_gemm_impl *picked = nash_gemm_pick();
    cr_assert(picked != NULL);
    if (!getenv("NASH_KERNEL"))
        cr_assert_eq(picked, nash_gemm_impls[0], "with nothing forced, the first usable entry");
    nash_kernel_force("ref");
    cr_assert_str_eq(nash_gemm_pick()->name, "ref");
    nash_kernel_force("omp");
    cr_assert_str_eq(nash_gemm_pick()->name, "omp");
    nash_kernel_force("no-such-variant");
    cr_assert_eq(nash_gemm_pick(), nash_gemm_impls[0], "an unknown name leaves the choice alone");
    nash_kernel_force(NULL);
}

/*
 * A = [1 2 3; 4 5 6] (2x3), B = [7 8; 9 10; 11 12] (3x2):
 * A*B = [58 64; 139 154]; with alpha = 2, beta = 0.5, C0 = [1 2; 3 4]:
 * C = [116.5 129; 279.5 310]. Each operand is stored as given or transposed,
 * with a leading dimension one larger than needed and NaN in the gap, so a
 * variant that reads outside the matrix fails.
 */
Test(gemm, two_by_three_by_hand)
{
    const float a[2][3] = {{1, 2, 3}, {4, 5, 6}};
    const float b[3][2] = {{7, 8}, {9, 10}, {11, 12}};
    const float expect[2][2] = {{116.5f, 129}, {279.5f, 310}};
    for (int impl = 0; nash_gemm_impls[impl]; impl++)
        for (int ta = 0; ta < 2; ta++)
            for (int tb = 0; tb < 2; tb++) {
                /* stored A: 2x3 (lda 4) or its transpose 3x2 (lda 3) */
                float as[12], bs[12], c[2][3];
                int lda = ta ? 3 : 4, ldb = tb ? 4 : 3, ldc = 3;
                for (int i = 0; i < 12; i++)
                    as[i] = bs[i] = NAN;
                for (int i = 0; i < 2; i++)
                    for (int p = 0; p < 3; p++)
                        as[ta ? p * lda + i : i * lda + p] = a[i][p];
                for (int p = 0; p < 3; p++)
                    for (int j = 0; j < 2; j++)
                        bs[tb ? j * ldb + p : p * ldb + j] = b[p][j];
                const float c0[2][3] = {{1, 2, -7}, {3, 4, -7}}; /* column 2: outside C */
                memcpy(c, c0, sizeof c);
                const nash_gemm_impl *g = nash_gemm_impls[impl];
                g->sgemm(ta, tb, 2, 2, 3, 2.0f, as, lda, bs, ldb, 0.5f, &c[0][0], ldc);
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++)
                        cr_expect_float_eq(c[i][j], expect[i][j], 1e-6,
                                           "%s ta%d tb%d C[%d][%d] = %g", g->name, ta, tb, i, j,
                                           c[i][j]);
                    cr_expect_eq(c[i][2], -7.0f, "%s wrote outside C", g->name);
                }
            }
}

Test(gemm, beta_zero_does_not_read_c)
{
    const float a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {1, 0, 0, 1, 1, 1};
    for (int impl = 0; nash_gemm_impls[impl]; impl++) {
        float c[4] = {NAN, INFINITY, NAN, -INFINITY};
        nash_gemm_impls[impl]->sgemm(0, 0, 2, 2, 3, 1.0f, a, 3, b, 2, 0.0f, c, 2);
        const float expect[4] = {4, 5, 10, 11};
        for (int i = 0; i < 4; i++)
            cr_expect_eq(c[i], expect[i], "%s: C[%d] = %g", nash_gemm_impls[impl]->name, i, c[i]);
        /* k == 0 and alpha == 0: C = beta * C, and still no NaN from C when beta == 0 */
        float z[4] = {NAN, NAN, NAN, NAN}, s[4] = {1, 2, 3, 4};
        nash_gemm_impls[impl]->sgemm(0, 0, 2, 2, 0, 1.0f, a, 1, b, 2, 0.0f, z, 2);
        nash_gemm_impls[impl]->sgemm(0, 0, 2, 2, 3, 0.0f, a, 3, b, 2, 2.0f, s, 2);
        for (int i = 0; i < 4; i++) {
            cr_expect_eq(z[i], 0.0f, "%s k=0 beta=0", nash_gemm_impls[impl]->name);
            cr_expect_eq(s[i], 2.0f * (float)(i + 1), "%s alpha=0", nash_gemm_impls[impl]->name);
        }
    }
}

/* One random case: every non-ref variant against ref; worst[impl] keeps each one's worst error. */
static void gemm_case(tu_rng *rng, int integer, uint64_t seed, double *worst)
{
    static const float alphas[] = {1.0f, -1.0f, 2.0f, 0.5f, 0.0f};
    static const float betas[] = {0.0f, 1.0f, -0.5f, 2.0f};
    int ta = tu_int(rng, 0, 1), tb = tu_int(rng, 0, 1);
    int m = tu_int(rng, 1, 70), n = tu_int(rng, 1, 150), k = tu_int(rng, 1, 300);
    if (tu_int(rng, 0, 3) == 0) /* now and then a thin case */
        m = tu_int(rng, 1, 3);
    float alpha = alphas[tu_int(rng, 0, 4)], beta = betas[tu_int(rng, 0, 3)];
    if (tu_int(rng, 0, 4) != 0) /* alpha = 0 only now and then */
        alpha = alphas[tu_int(rng, 0, 3)];
    int a_rows = ta ? k : m, a_cols = ta ? m : k, b_rows = tb ? n : k, b_cols = tb ? k : n;
    int lda = a_cols + tu_int(rng, 0, 3), ldb = b_cols + tu_int(rng, 0, 3);
    int ldc = n + tu_int(rng, 0, 3);

    float *a = tu_alloc((int64_t)a_rows * lda), *b = tu_alloc((int64_t)b_rows * ldb);
    float *c0 = tu_alloc((int64_t)m * ldc), *want = tu_alloc((int64_t)m * ldc);
    float *got = tu_alloc((int64_t)m * ldc);
    if (integer) {
        tu_fill_int(a, (int64_t)a_rows * lda, seed, -3, 3);
        tu_fill_int(b, (int64_t)b_rows * ldb, seed + 1, -3, 3);
        tu_fill_int(c0, (int64_t)m * ldc, seed + 2, -5, 5);
    } else {
        tu_fill_uniform(a, (int64_t)a_rows * lda, seed, -1, 1);
        tu_fill_uniform(b, (int64_t)b_rows * ldb, seed + 1, -1, 1);
        tu_fill_uniform(c0, (int64_t)m * ldc, seed + 2, -1, 1);
    }
    /* the gaps between rows must not be read (NaN) nor written (sentinel) */
    for (int i = 0; i < a_rows; i++)
        for (int j = a_cols; j < lda; j++)
            a[(int64_t)i * lda + j] = NAN;
    for (int i = 0; i < b_rows; i++)
        for (int j = b_cols; j < ldb; j++)
            b[(int64_t)i * ldb + j] = NAN;
    for (int i = 0; i < m; i++)
        for (int j = 0; j < ldc; j++)
            if (j >= n)
                c0[(int64_t)i * ldc + j] = 12345.0f;
            else if (beta == 0.0f) /* beta == 0: C must not be read */
                c0[(int64_t)i * ldc + j] = NAN;

    memcpy(want, c0, sizeof(float) * (size_t)m * ldc);
    gemm_by_name("ref")->sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, want, ldc);
    if (!integer && (alpha != 0.0f || beta != 0.0f))
        cr_assert_lt(tu_zero_fraction(want, (int64_t)m * ldc), 0.5, "reference mostly zero");

    char what[128];
    snprintf(what, sizeof what, "ta%d tb%d m%d n%d k%d lda%d ldb%d ldc%d alpha%g beta%g", ta, tb,
             m, n, k, lda, ldb, ldc, alpha, beta);
    for (int impl = 0; nash_gemm_impls[impl + 1]; impl++) {
        memcpy(got, c0, sizeof(float) * (size_t)m * ldc);
        nash_gemm_impls[impl]->sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, got, ldc);
        for (int i = 0; i < m; i++)
            for (int j = n; j < ldc; j++)
                cr_assert_eq(got[(int64_t)i * ldc + j], 12345.0f, "%s wrote outside C: %s",
                             nash_gemm_impls[impl]->name, what);
        int64_t at;
        double err = tu_rel_err(want, got, (int64_t)m * ldc, 1e-6, &at);
        cr_assert_leq(err, integer ? 0.0 : 1e-5, "%s %s: rel err %g at %lld (ref %g, got %g)",
                      nash_gemm_impls[impl]->name, integer ? "int" : "float", err, (long long)at,
                      at >= 0 ? want[at] : 0.0, at >= 0 ? got[at] : 0.0);
        if (err > worst[impl])
            worst[impl] = err;
    }
    free(a);
    free(b);
    free(c0);
    free(want);
    free(got);
}

Test(gemm, random_shapes_integer)
{
    tu_rng rng = {.seed = 101};
    double worst[16] = {0};
    for (int t = 0; t < 60; t++)
        gemm_case(&rng, 1, 1000 + 10 * (uint64_t)t, worst);
}

Test(gemm, random_shapes_float)
{
    tu_rng rng = {.seed = 202};
    double worst[16] = {0};
    const int cases = 60;
    for (int t = 0; t < cases; t++)
        gemm_case(&rng, 0, 5000 + 10 * (uint64_t)t, worst);
    for (int impl = 0; nash_gemm_impls[impl + 1]; impl++)
        tu_report_maxerr("gemm", "sgemm", nash_gemm_impls[impl]->name, worst[impl], cases);
}

/* A variant flagged batch_invariant must give row i of C bitwise the same for
 * every M >= i + 1, whatever the transposition of B; the pick for the linear
 * layer must be such a variant. (oneDNN's sgemm is not on AVX-512.) */
Test(gemm, batch_invariant_variants_give_the_same_rows_for_any_m)
{
    enum { M = 37, N = 23, K = 75 };
    float *a = tu_alloc(M * K), *b = tu_alloc(N * K), *full = tu_alloc(M * N), *part = tu_alloc(M * N);
    tu_fill_uniform(a, M * K, 7, -1, 1);
    tu_fill_uniform(b, N * K, 8, -1, 1);
    nash_kernel_force(NULL);
    cr_assert(nash_gemm_pick_batch_invariant()->batch_invariant);
    int flagged = 0;
    for (int impl = 0; nash_gemm_impls[impl]; impl++) {
        const nash_gemm_impl *g = nash_gemm_impls[impl];
        if (!g->batch_invariant)
            continue;
        flagged++;
        for (int tb = 0; tb < 2; tb++) {
            int ldb = tb ? K : N;
            g->sgemm(0, tb, M, N, K, 1.0f, a, K, b, ldb, 0.0f, full, N);
            for (int m = 1; m < M; m += 5) {
                g->sgemm(0, tb, m, N, K, 1.0f, a, K, b, ldb, 0.0f, part, N);
                for (int i = 0; i < m * N; i++)
                    cr_assert_eq(full[i], part[i], "%s tb%d m=%d element %d: %.9g vs %.9g", g->name,
                                 tb, m, i, full[i], part[i]);
            }
        }
    }
    cr_assert_geq(flagged, 2, "omp and ref are batch-invariant");
    free(a);
    free(b);
    free(full);
    free(part);
}

/* ------------------------------------------------------------------------- */
/* Linear layer: y = x w^T + b, and its gradients, under each GEMM variant.    */

Test(linear, forward_backward_against_naive)
{
    tu_rng rng = {.seed = 303};
    double worst = 0.0;
    int cases = 0;
    for (int t = 0; t < 24; t++) {
        int n = tu_int(&rng, 1, 9), in = tu_int(&rng, 1, 70), out = tu_int(&rng, 1, 40);
        int with_bias = tu_int(&rng, 0, 1), with_dx = tu_int(&rng, 0, 3) != 0;
        float *x = tu_alloc((int64_t)n * in), *w = tu_alloc((int64_t)out * in);
        float *bias = tu_alloc(out), *dy = tu_alloc((int64_t)n * out);
        float *y = tu_alloc((int64_t)n * out), *dx = tu_alloc((int64_t)n * in);
        float *dw = tu_alloc((int64_t)out * in), *dbias = tu_alloc(out);
        float *y_want = tu_alloc((int64_t)n * out), *dx_want = tu_alloc((int64_t)n * in);
        float *dw_want = tu_alloc((int64_t)out * in), *dbias_want = tu_alloc(out);
        tu_fill_uniform(x, (int64_t)n * in, 10 + t, -1, 1);
        tu_fill_uniform(w, (int64_t)out * in, 20 + t, -1, 1);
        tu_fill_uniform(bias, out, 30 + t, -1, 1);
        tu_fill_uniform(dy, (int64_t)n * out, 40 + t, -1, 1);

        for (int i = 0; i < n; i++)
            for (int o = 0; o < out; o++) {
                double s = with_bias ? bias[o] : 0.0;
                for (int j = 0; j < in; j++)
                    s += (double)x[i * in + j] * w[o * in + j];
                y_want[i * out + o] = (float)s;
            }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < in; j++) {
                double s = 0.0;
                for (int o = 0; o < out; o++)
                    s += (double)dy[i * out + o] * w[o * in + j];
                dx_want[i * in + j] = (float)s;
            }
        for (int o = 0; o < out; o++) {
            double sb = 0.0;
            for (int i = 0; i < n; i++)
                sb += dy[i * out + o];
            dbias_want[o] = (float)sb;
            for (int j = 0; j < in; j++) {
                double s = 0.0;
                for (int i = 0; i < n; i++)
                    s += (double)dy[i * out + o] * x[i * in + j];
                dw_want[o * in + j] = (float)s;
            }
        }

        for (int impl = 0; nash_gemm_impls[impl]; impl++) {
            nash_kernel_force(nash_gemm_impls[impl]->name);
            for (int64_t i = 0; i < (int64_t)n * out; i++)
                y[i] = NAN; /* outputs are overwritten, never read */
            for (int64_t i = 0; i < (int64_t)out * in; i++)
                dw[i] = NAN;
            for (int64_t i = 0; i < (int64_t)n * in; i++)
                dx[i] = NAN;
            for (int o = 0; o < out; o++)
                dbias[o] = NAN;
            nash_linear_forward(n, in, out, x, w, with_bias ? bias : NULL, y);
            nash_linear_backward(n, in, out, x, w, dy, with_dx ? dx : NULL, dw,
                                 with_bias ? dbias : NULL);
            const char *name = nash_gemm_impls[impl]->name;
            double e_y = tu_rel_err(y_want, y, (int64_t)n * out, 1e-6, NULL);
            double e_dw = tu_rel_err(dw_want, dw, (int64_t)out * in, 1e-6, NULL);
            cr_assert_leq(e_y, 1e-5, "%s linear fwd n%d in%d out%d: %g", name, n, in, out, e_y);
            cr_assert_leq(e_dw, 1e-5, "%s linear dw n%d in%d out%d: %g", name, n, in, out, e_dw);
            double e_dx = 0.0, e_db = 0.0;
            if (with_dx) {
                e_dx = tu_rel_err(dx_want, dx, (int64_t)n * in, 1e-6, NULL);
                cr_assert_leq(e_dx, 1e-5, "%s linear dx n%d in%d out%d: %g", name, n, in, out,
                              e_dx);
            } else {
                cr_assert(isnan(dx[0]), "dx == NULL must not be written");
            }
            if (with_bias) {
                e_db = tu_rel_err(dbias_want, dbias, out, 1e-6, NULL);
                cr_assert_leq(e_db, 1e-5, "%s linear dbias: %g", name, e_db);
            }
            double e = fmax(fmax(e_y, e_dw), fmax(e_dx, e_db));
            if (e > worst)
                worst = e;
        }
        cases++;
        free(x), free(w), free(bias), free(dy), free(y), free(dx), free(dw), free(dbias);
        free(y_want), free(dx_want), free(dw_want), free(dbias_want);
    }
    nash_kernel_force(NULL);
    tu_report_maxerr("linear", "fwd+bwd", "all", worst, cases);
}
