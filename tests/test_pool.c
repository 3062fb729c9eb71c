/*
 * test_pool.c — pooling variants and nash_pool_desc_init.
 *
 * Owns: the checks of kernels/pool.c: the variant table and forcing; the
 * descriptor's validation messages; a 2x2 max pool worked by hand (values,
 * argmax, backward scatter); average pooling at a padded corner with
 * count_include_pad 0 and 1; every variant against the reference on random
 * shapes (kernel 1..4, stride 1..3, padding, C not a multiple of 16) for max,
 * avg and global average pooling, forward and backward, with integer-valued
 * inputs (many ties: argmax tie-breaking must agree) and float inputs.
 */
#include "test_util.h"

static const nash_pool_impl *pool_by_name(const char *name)
{
    for (int i = 0; nash_pool_impls[i]; i++)
        if (strcmp(nash_pool_impls[i]->name, name) == 0)
            return nash_pool_impls[i];
    cr_assert_fail("no pool variant named %s", name);
    return NULL;
}

Test(pool, table_and_pick)
{
    int count = 0;
    for (; nash_pool_impls[count]; count++) {
        const nash_pool_impl *p = nash_pool_impls[count];
        cr_assert(p->name && p->max_forward && p->max_backward && p->avg_forward &&
                  p->avg_backward && p->gap_forward && p->gap_backward);
        for (int j = 0; j < count; j++)
            cr_assert_str_neq(nash_pool_impls[j]->name, p->name);
    }
    cr_assert_geq(count, 2);
    cr_assert_str_eq(nash_pool_impls[count - 1]->name, "ref", "ref must be last");
    nash_kernel_force(NULL);
    cr_assert(nash_pool_pick() != NULL);
    if (!getenv("NASH_KERNEL"))
        cr_assert_eq(nash_pool_pick(), nash_pool_impls[0]);
    nash_kernel_force("ref");
    cr_assert_str_eq(nash_pool_pick()->name, "ref");
    nash_kernel_force("omp");
    cr_assert_str_eq(nash_pool_pick()->name, "omp");
    nash_kernel_force(NULL);
}

Test(pool, desc_init_validates)
{
    nash_pool_desc d;
    cr_assert_eq(nash_pool_desc_init(&d, 2, 20, 7, 9, 3, 2, 1, 0), 0, "%s", nash_last_error());
    cr_expect_eq(d.oh, 4);
    cr_expect_eq(d.ow, 5);
    cr_expect(d.kh == 3 && d.kw == 3 && d.sh == 2 && d.sw == 2 && d.ph == 1 && d.pw == 1);
    cr_expect_eq(d.count_include_pad, 0);

    struct {
        int n, c, ih, iw, k, s, p, cip;
        const char *says;
    } bad[] = {
        {0, 3, 8, 8, 2, 2, 0, 0, "must be >= 1"},
        {1, 3, 8, 8, 0, 1, 0, 0, "kernel 0"},
        {1, 3, 8, 8, 2, 0, 0, 0, "stride 0"},
        {1, 3, 8, 8, 3, 1, 2, 0, "padding 2 exceeds"},
        {1, 3, 2, 8, 5, 1, 1, 0, "larger than the padded input"},
        {1, 3, 8, 8, 2, 2, 0, 2, "count_include_pad is 2"},
        {40000, 64, 64, 64, 2, 2, 0, 0, "int32"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        nash_clear_error();
        int rc = nash_pool_desc_init(&d, bad[i].n, bad[i].c, bad[i].ih, bad[i].iw, bad[i].k,
                                     bad[i].s, bad[i].p, bad[i].cip);
        cr_expect_eq(rc, -1, "case %zu accepted", i);
        cr_expect(strstr(nash_last_error(), bad[i].says) != NULL, "case %zu: message '%s'", i,
                  nash_last_error());
    }
}

/*
 * One channel, 4x4, kernel 2 stride 2:
 *     x = 1 5 | 2 0      y = 5 2     argmax (h, w) = (0,1) (0,2)
 *         3 4 | 0 2          9 7                     (3,0) (2,3)
 *         ----+----
 *         8 6 | 1 7      (the 2 at (0,2) and (1,3) tie: the first, in row order, wins)
 *         9 9 | 7 3      (the 9s tie at (3,0) and (3,1): (3,0) wins)
 * backward of dy = 10 20 / 30 40 puts them at the argmax positions, zero elsewhere.
 */
Test(pool, max_two_by_two_by_hand)
{
    const float xs[16] = {1, 5, 2, 0, 3, 4, 0, 2, 8, 6, 1, 7, 9, 9, 7, 3};
    const float y_expect[4] = {5, 2, 9, 7};
    const int win_h[4] = {0, 0, 3, 2}, win_w[4] = {1, 2, 0, 3};
    const float dys[4] = {10, 20, 30, 40};
    nash_pool_desc d;
    cr_assert_eq(nash_pool_desc_init(&d, 1, 1, 4, 4, 2, 2, 0, 0), 0);
    float *x = tu_alloc(16 * 16), *y = tu_alloc(4 * 16), *dy = tu_alloc(4 * 16),
          *dx = tu_alloc(16 * 16);
    int32_t argmax[4 * 16];
    nash_nchw_to_blocked(1, 1, 4, 4, xs, x);
    nash_nchw_to_blocked(1, 1, 2, 2, dys, dy);
    for (int impl = 0; nash_pool_impls[impl]; impl++) {
        const nash_pool_impl *p = nash_pool_impls[impl];
        tu_fill_nan(y, 4 * 16);
        memset(argmax, 0x7f, sizeof argmax);
        p->max_forward(&d, x, y, argmax);
        for (int o = 0; o < 4; o++) {
            cr_expect_eq(y[o * 16], y_expect[o], "%s y[%d] = %g", p->name, o, y[o * 16]);
            cr_expect_eq(argmax[o * 16], (win_h[o] * 4 + win_w[o]) * 16, "%s argmax[%d] = %d",
                         p->name, o, argmax[o * 16]);
            for (int l = 1; l < 16; l++)
                cr_expect(y[o * 16 + l] == 0.0f && argmax[o * 16 + l] == 0, "%s pad lane",
                          p->name);
        }
        tu_fill_nan(dx, 16 * 16);
        p->max_backward(&d, dy, argmax, dx);
        float plain[16];
        nash_blocked_to_nchw(1, 1, 4, 4, dx, plain);
        for (int i = 0; i < 16; i++) {
            float want = 0.0f;
            for (int o = 0; o < 4; o++)
                if (i == win_h[o] * 4 + win_w[o])
                    want = dys[o];
            cr_expect_eq(plain[i], want, "%s dx[%d] = %g", p->name, i, plain[i]);
        }
        cr_expect(tu_pad_lanes_zero(dx, 1, 1, 4, 4), "%s dx pad lanes", p->name);
    }
    free(x), free(y), free(dy), free(dx);
}

/*
 * One channel, 3x3 input x = 1..9, kernel 3, stride 1, padding 1. The corner
 * output (0,0) covers x[0..1][0..1] = 1 2 4 5, sum 12, and 5 padded taps:
 * count_include_pad=1 gives 12/9, 0 gives 12/4 = 3. The centre covers all
 * nine: 45/9 = 5 either way. Backward of dy = 1 at (0,0) only spreads 1/9
 * (or 1/4) over those four inputs.
 */
Test(pool, avg_corner_count_include_pad)
{
    const float xs[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    float *x = tu_alloc(9 * 16), *y = tu_alloc(9 * 16), *dy = tu_alloc(9 * 16),
          *dx = tu_alloc(9 * 16);
    nash_nchw_to_blocked(1, 1, 3, 3, xs, x);
    dy[0] = 1.0f; /* output (0,0), channel 0 */
    for (int cip = 0; cip <= 1; cip++) {
        nash_pool_desc d;
        cr_assert_eq(nash_pool_desc_init(&d, 1, 1, 3, 3, 3, 1, 1, cip), 0);
        float corner = cip ? 12.0f / 9.0f : 3.0f, share = cip ? 1.0f / 9.0f : 0.25f;
        for (int impl = 0; nash_pool_impls[impl]; impl++) {
            const nash_pool_impl *p = nash_pool_impls[impl];
            tu_fill_nan(y, 9 * 16);
            p->avg_forward(&d, x, y);
            cr_expect_float_eq(y[0], corner, 1e-6, "%s cip%d corner %g", p->name, cip, y[0]);
            cr_expect_float_eq(y[4 * 16], 5.0f, 1e-6, "%s cip%d centre %g", p->name, cip,
                               y[4 * 16]);
            /* edge (0,1): x 1 2 3 4 5 6 = 21 over 6 taps, or over 9 */
            cr_expect_float_eq(y[1 * 16], cip ? 21.0f / 9.0f : 3.5f, 1e-6, "%s cip%d edge",
                               p->name, cip);
            cr_expect(tu_pad_lanes_zero(y, 1, 1, 3, 3), "%s pad lanes", p->name);
            tu_fill_nan(dx, 9 * 16);
            p->avg_backward(&d, dy, dx);
            for (int i = 0; i < 9; i++) {
                float want = (i == 0 || i == 1 || i == 3 || i == 4) ? share : 0.0f;
                cr_expect_float_eq(dx[i * 16], want, 1e-7, "%s cip%d dx[%d] = %g", p->name, cip,
                                   i, dx[i * 16]);
            }
            cr_expect(tu_pad_lanes_zero(dx, 1, 1, 3, 3), "%s dx pad lanes", p->name);
        }
    }
    free(x), free(y), free(dy), free(dx);
}

/* ------------------------------------------------------------------------- */
/* Random shapes: every non-ref variant against ref.                          */

typedef struct {
    double max_fwd, max_bwd, avg_fwd, avg_bwd, gap_fwd, gap_bwd;
} pool_errors;

static void keep_worst(double *worst, double err)
{
    if (err > *worst)
        *worst = err;
}

static void fill(float *p, int64_t n, uint64_t seed, int integer)
{
    if (integer)
        tu_fill_int(p, n, seed, -4, 4);
    else
        tu_fill_uniform(p, n, seed, -1, 1);
}

/* avg3_only: every case is 3x3, stride 1, padding 1 (the omp variant's
 * separable path, NB201's avg_pool_3x3), widths 1..40. */
static void pool_random_cases(int integer, uint64_t seed, int avg3_only, pool_errors *worst,
                              int *cases)
{
    const nash_pool_impl *ref = pool_by_name("ref");
    tu_rng rng = {.seed = seed};
    const double tol = integer ? 0.0 : 1e-6;
    for (int t = 0; t < 60; t++) {
        int n = tu_int(&rng, 1, 3), c = tu_int(&rng, 1, 40);
        int k = tu_int(&rng, 1, 4), stride = tu_int(&rng, 1, 3), pad = tu_int(&rng, 0, k / 2);
        int ih = tu_int(&rng, 1, 13), iw = tu_int(&rng, 1, 13), cip = tu_int(&rng, 0, 1);
        if (avg3_only) {
            k = 3, stride = 1, pad = 1;
            iw = tu_int(&rng, 1, 40);
        }
        if (ih + 2 * pad < k)
            ih = k;
        if (iw + 2 * pad < k)
            iw = k;
        nash_pool_desc d;
        cr_assert_eq(nash_pool_desc_init(&d, n, c, ih, iw, k, stride, pad, cip), 0, "%s",
                     nash_last_error());
        char what[96];
        snprintf(what, sizeof what, "%s n%d c%d ih%d iw%d k%d s%d p%d cip%d",
                 integer ? "int" : "float", n, c, ih, iw, k, stride, pad, cip);
        int64_t xs = nash_blocked_size(n, c, ih, iw), ys = nash_blocked_size(n, c, d.oh, d.ow);
        float *x = tu_alloc(xs), *dy = tu_alloc(ys), *y_ref = tu_alloc(ys), *y = tu_alloc(ys);
        float *dx_ref = tu_alloc(xs), *dx = tu_alloc(xs);
        int32_t *am_ref = calloc((size_t)ys, sizeof(int32_t));
        int32_t *am = calloc((size_t)ys, sizeof(int32_t));
        float *g_ref = tu_alloc((int64_t)n * c), *g = tu_alloc((int64_t)n * c);
        fill(x, xs, seed + 17 * (uint64_t)t, integer);
        fill(dy, ys, seed + 17 * (uint64_t)t + 1, integer);
        tu_zero_pad_lanes(x, n, c, ih, iw);
        tu_zero_pad_lanes(dy, n, c, d.oh, d.ow);

        ref->max_forward(&d, x, y_ref, am_ref);
        ref->max_backward(&d, dy, am_ref, dx_ref);
        if (!integer)
            cr_assert_lt(tu_blocked_zero_fraction(y_ref, n, c, d.oh, d.ow), 0.5, "ref max y mostly 0 %s",
                         what);
        for (int impl = 0; nash_pool_impls[impl + 1]; impl++) {
            const nash_pool_impl *p = nash_pool_impls[impl];
            tu_fill_nan(y, ys);
            memset(am, 0x55, sizeof(int32_t) * (size_t)ys);
            p->max_forward(&d, x, y, am);
            cr_assert(tu_pad_lanes_zero(y, n, c, d.oh, d.ow), "%s max y pad lanes %s", p->name,
                      what);
            for (int64_t i = 0; i < ys; i++) {
                cr_assert_eq(am[i], am_ref[i], "%s argmax[%lld] %d vs ref %d, %s", p->name,
                             (long long)i, am[i], am_ref[i], what);
                int64_t block = i / NASH_BLOCK / ((int64_t)d.oh * d.ow) % nash_cblocks(c);
                if (block * NASH_BLOCK + i % NASH_BLOCK < c) /* a real channel */
                    cr_assert_eq(y[i], x[am[i]], "%s y != x[argmax] %s", p->name, what);
            }
            double e = tu_rel_err(y_ref, y, ys, 1e-6, NULL);
            cr_assert_leq(e, tol, "%s max fwd err %g %s", p->name, e, what);
            keep_worst(&worst[impl].max_fwd, e);
            tu_fill_nan(dx, xs);
            p->max_backward(&d, dy, am_ref, dx);
            cr_assert(tu_pad_lanes_zero(dx, n, c, ih, iw), "%s max dx pad lanes %s", p->name, what);
            e = tu_rel_err(dx_ref, dx, xs, 1e-6, NULL);
            cr_assert_leq(e, tol, "%s max bwd err %g %s", p->name, e, what);
            keep_worst(&worst[impl].max_bwd, e);
        }

        ref->avg_forward(&d, x, y_ref);
        ref->avg_backward(&d, dy, dx_ref);
        if (!integer)
            cr_assert_lt(tu_blocked_zero_fraction(y_ref, n, c, d.oh, d.ow), 0.5, "ref avg y mostly 0 %s",
                         what);
        for (int impl = 0; nash_pool_impls[impl + 1]; impl++) {
            const nash_pool_impl *p = nash_pool_impls[impl];
            tu_fill_nan(y, ys);
            p->avg_forward(&d, x, y);
            cr_assert(tu_pad_lanes_zero(y, n, c, d.oh, d.ow), "%s avg y pad lanes %s", p->name,
                      what);
            double e = tu_rel_err(y_ref, y, ys, 1e-6, NULL);
            cr_assert_leq(e, integer ? 1e-6 : 1e-5, "%s avg fwd err %g %s", p->name, e, what);
            keep_worst(&worst[impl].avg_fwd, e);
            tu_fill_nan(dx, xs);
            p->avg_backward(&d, dy, dx);
            cr_assert(tu_pad_lanes_zero(dx, n, c, ih, iw), "%s avg dx pad lanes %s", p->name, what);
            e = tu_rel_err(dx_ref, dx, xs, 1e-6, NULL);
            cr_assert_leq(e, integer ? 1e-6 : 1e-5, "%s avg bwd err %g %s", p->name, e, what);
            keep_worst(&worst[impl].avg_bwd, e);
        }

        /* global average pooling: blocked -> plain [N][C] and back */
        float *g_dy = tu_alloc((int64_t)n * c);
        fill(g_dy, (int64_t)n * c, seed + 17 * (uint64_t)t + 2, integer);
        ref->gap_forward(n, c, ih, iw, x, g_ref);
        ref->gap_backward(n, c, ih, iw, g_dy, dx_ref);
        for (int impl = 0; nash_pool_impls[impl + 1]; impl++) {
            const nash_pool_impl *p = nash_pool_impls[impl];
            tu_fill_nan(g, (int64_t)n * c);
            p->gap_forward(n, c, ih, iw, x, g);
            double e = tu_rel_err(g_ref, g, (int64_t)n * c, 1e-6, NULL);
            cr_assert_leq(e, integer ? 1e-6 : 1e-5, "%s gap fwd err %g %s", p->name, e, what);
            keep_worst(&worst[impl].gap_fwd, e);
            tu_fill_nan(dx, xs);
            p->gap_backward(n, c, ih, iw, g_dy, dx);
            cr_assert(tu_pad_lanes_zero(dx, n, c, ih, iw), "%s gap dx pad lanes %s", p->name, what);
            e = tu_rel_err(dx_ref, dx, xs, 1e-6, NULL);
            cr_assert_leq(e, integer ? 1e-6 : 1e-5, "%s gap bwd err %g %s", p->name, e, what);
            keep_worst(&worst[impl].gap_bwd, e);
        }
        (*cases)++;
        free(x), free(dy), free(y_ref), free(y), free(dx_ref), free(dx), free(am_ref), free(am);
        free(g_ref), free(g), free(g_dy);
    }
}

Test(pool, random_shapes_integer)
{
    pool_errors worst[16] = {{0}};
    int cases = 0;
    pool_random_cases(1, 300, 0, worst, &cases);
}

Test(pool, random_shapes_float)
{
    pool_errors worst[16] = {{0}};
    int cases = 0;
    pool_random_cases(0, 700, 0, worst, &cases);
    for (int impl = 0; nash_pool_impls[impl + 1]; impl++) {
        const char *name = nash_pool_impls[impl]->name;
        tu_report_maxerr("pool", "max_fwd", name, worst[impl].max_fwd, cases);
        tu_report_maxerr("pool", "max_bwd", name, worst[impl].max_bwd, cases);
        tu_report_maxerr("pool", "avg_fwd", name, worst[impl].avg_fwd, cases);
        tu_report_maxerr("pool", "avg_bwd", name, worst[impl].avg_bwd, cases);
        tu_report_maxerr("pool", "gap_fwd", name, worst[impl].gap_fwd, cases);
        tu_report_maxerr("pool", "gap_bwd", name, worst[impl].gap_bwd, cases);
    }
}

/* The separable 3x3 stride-1 path against the reference (the random shapes
 * above reach it in only ~1 case in 24). */
Test(pool, avg_3x3_stride1_separable_path)
{
    pool_errors worst[16] = {{0}};
    int cases = 0;
    pool_random_cases(0, 900, 1, worst, &cases);
    pool_random_cases(1, 901, 1, worst, &cases);
    cr_assert_eq(cases, 120);
}
