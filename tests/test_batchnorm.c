/*
 * test_batchnorm.c — batch normalisation variants.
 *
 * Owns: the checks of kernels/batchnorm.c: the variant table and forcing; a
 * 1-channel, 4-element case worked by hand (statistics, y, dx, dgamma, dbeta);
 * a finite-difference check of the reference backward; every variant against
 * the reference on random shapes (C not a multiple of 16, more than one group
 * of channel blocks, tiny N*H*W, gamma/beta/dgamma/dbeta NULL or not) with
 * integer-valued and float inputs, outputs pre-filled with NaN so that every
 * element (pad lanes included) must be written; statistics-only forwards and
 * normalise_add (a deferred BN applied by the add reading it) bitwise against
 * forward_train then a plain add.
 */
#include "test_util.h"

static const nash_bn_impl *bn_by_name(const char *name)
{
    for (int i = 0; nash_bn_impls[i]; i++)
        if (strcmp(nash_bn_impls[i]->name, name) == 0)
            return nash_bn_impls[i];
    cr_assert_fail("no batchnorm variant named %s", name);
    return NULL;
}

Test(batchnorm, table_and_pick)
{
    int count = 0;
    for (; nash_bn_impls[count]; count++) {
        const nash_bn_impl *impl = nash_bn_impls[count];
        cr_assert(impl->name && impl->forward_train && impl->forward_eval && impl->backward);
        for (int j = 0; j < count; j++)
            cr_assert_str_neq(nash_bn_impls[j]->name, impl->name);
    }
    cr_assert_geq(count, 2);
    cr_assert_str_eq(nash_bn_impls[count - 1]->name, "ref", "ref must be last");
    nash_kernel_force(NULL);
    cr_assert(nash_bn_pick() != NULL);
    if (!getenv("NASH_KERNEL"))
        cr_assert_eq(nash_bn_pick(), nash_bn_impls[0]);
    nash_kernel_force("ref");
    cr_assert_str_eq(nash_bn_pick()->name, "ref");
    nash_kernel_force("omp");
    cr_assert_str_eq(nash_bn_pick()->name, "omp");
    nash_kernel_force(NULL);
}

/*
 * x = 1, 2, 3, 4 (N=1, C=1, H=W=2), eps = 0, gamma = 2, beta = 1:
 * mean 2.5, var 1.25, invstd 1/sqrt(1.25) = 0.894427191,
 * xhat = -1.341640786, -0.447213595, 0.447213595, 1.341640786,
 * y = 2 xhat + 1 = -1.683281573, 0.105572809, 1.894427191, 3.683281573.
 * dy = 1, 0, 0, 0: dbeta = 1, dgamma = xhat0 = -1.341640786,
 * dx = 2 * invstd / 4 * (4 dy - 1 - xhat * dgamma)
 *    = 0.447213595 * (3 - 1.8, -1 - 0.6, -1 + 0.6, -1 + 1.8)
 *    = 0.536656315, -0.715541753, -0.178885438, 0.357770876.
 */
Test(batchnorm, four_elements_by_hand)
{
    const float xs[4] = {1, 2, 3, 4}, dys[4] = {1, 0, 0, 0};
    const float y_expect[4] = {-1.683281573f, 0.105572809f, 1.894427191f, 3.683281573f};
    const float dx_expect[4] = {0.536656315f, -0.715541753f, -0.178885438f, 0.357770876f};
    nash_bn_desc d = {.n = 1, .c = 1, .h = 2, .w = 2, .eps = 0.0f};
    float gamma = 2.0f, beta = 1.0f;
    float *x = tu_alloc(4 * 16), *dy = tu_alloc(4 * 16), *y = tu_alloc(4 * 16),
          *dx = tu_alloc(4 * 16);
    nash_nchw_to_blocked(1, 1, 2, 2, xs, x);
    nash_nchw_to_blocked(1, 1, 2, 2, dys, dy);
    for (int impl = 0; nash_bn_impls[impl]; impl++) {
        const nash_bn_impl *bn = nash_bn_impls[impl];
        float mean, var, invstd, dgamma, dbeta, plain[4];
        tu_fill_nan(y, 4 * 16);
        bn->forward_train(&d, x, &gamma, &beta, y, &mean, &var, &invstd);
        cr_expect_float_eq(mean, 2.5f, 1e-6, "%s mean %g", bn->name, mean);
        cr_expect_float_eq(var, 1.25f, 1e-6, "%s var %g", bn->name, var);
        cr_expect_float_eq(invstd, 0.894427191f, 1e-6, "%s invstd %g", bn->name, invstd);
        cr_expect(tu_pad_lanes_zero(y, 1, 1, 2, 2), "%s y pad lanes", bn->name);
        nash_blocked_to_nchw(1, 1, 2, 2, y, plain);
        for (int i = 0; i < 4; i++)
            cr_expect_float_eq(plain[i], y_expect[i], 1e-5, "%s y[%d] = %g", bn->name, i, plain[i]);

        tu_fill_nan(y, 4 * 16);
        bn->forward_eval(&d, x, &gamma, &beta, &mean, &var, y);
        nash_blocked_to_nchw(1, 1, 2, 2, y, plain);
        for (int i = 0; i < 4; i++)
            cr_expect_float_eq(plain[i], y_expect[i], 1e-5, "%s eval y[%d]", bn->name, i);

        tu_fill_nan(dx, 4 * 16);
        bn->backward(&d, x, dy, &gamma, &beta, &mean, &invstd, dx, &dgamma, &dbeta);
        cr_expect_float_eq(dbeta, 1.0f, 1e-6, "%s dbeta %g", bn->name, dbeta);
        cr_expect_float_eq(dgamma, -1.341640786f, 1e-5, "%s dgamma %g", bn->name, dgamma);
        cr_expect(tu_pad_lanes_zero(dx, 1, 1, 2, 2), "%s dx pad lanes", bn->name);
        nash_blocked_to_nchw(1, 1, 2, 2, dx, plain);
        for (int i = 0; i < 4; i++)
            cr_expect_float_eq(plain[i], dx_expect[i], 1e-5, "%s dx[%d] = %g", bn->name, i,
                               plain[i]);
    }
    free(x), free(dy), free(y), free(dx);
}

/* L = sum(y * r) in double, y from the reference forward_train. */
static double bn_probe_loss(const nash_bn_desc *d, const float *x, const float *gamma,
                            const float *beta, const float *r, float *y)
{
    float mean[NASH_BLOCK], var[NASH_BLOCK], invstd[NASH_BLOCK];
    bn_by_name("ref")->forward_train(d, x, gamma, beta, y, mean, var, invstd);
    double loss = 0.0;
    for (int64_t i = 0; i < nash_blocked_size(d->n, d->c, d->h, d->w); i++)
        loss += (double)y[i] * r[i];
    return loss;
}

/* Central difference of bn_probe_loss in one float *p. */
static double bn_probe_slope(const nash_bn_desc *d, float *x, float *gamma, float *beta,
                             const float *r, float *y, float *p)
{
    const float h = 1e-2f;
    float keep = *p;
    *p = keep + h;
    double up = bn_probe_loss(d, x, gamma, beta, r, y);
    *p = keep - h;
    double down = bn_probe_loss(d, x, gamma, beta, r, y);
    *p = keep;
    return (up - down) / (2.0 * h);
}

/* Finite differences of L = sum(y * r) through the reference forward_train,
 * against its backward with dy = r (dx, dgamma, dbeta): an independent check
 * of the formula the faster variants are then compared with. */
Test(batchnorm, reference_backward_matches_finite_differences)
{
    const nash_bn_impl *ref = bn_by_name("ref");
    nash_bn_desc d = {.n = 2, .c = 3, .h = 2, .w = 3, .eps = 1e-3f};
    int64_t size = nash_blocked_size(d.n, d.c, d.h, d.w);
    float *x = tu_alloc(size), *r = tu_alloc(size), *y = tu_alloc(size), *dx = tu_alloc(size);
    float gamma[3] = {0.5f, 1.5f, -1.0f}, beta[3] = {0.1f, -0.2f, 0.3f};
    float mean[3], var[3], invstd[3], dgamma[3], dbeta[3];
    tu_fill_uniform(x, size, 7, -2, 2);
    tu_fill_uniform(r, size, 8, -1, 1);
    tu_zero_pad_lanes(x, d.n, d.c, d.h, d.w);
    tu_zero_pad_lanes(r, d.n, d.c, d.h, d.w);

    ref->forward_train(&d, x, gamma, beta, y, mean, var, invstd);
    ref->backward(&d, x, r, gamma, beta, mean, invstd, dx, dgamma, dbeta);
    for (int c = 0; c < d.c; c++) {
        for (int s = 0; s < 3; s++) {
            int64_t i = nash_blocked_index(d.c, d.h, d.w, s % 2, c, s % 2, s);
            double fd = bn_probe_slope(&d, x, gamma, beta, r, y, &x[i]);
            cr_expect(fabs(fd - dx[i]) <= 2e-3 + 1e-2 * fabs(fd), "dx c%d: fd %g, backward %g", c,
                      fd, dx[i]);
        }
        double fd = bn_probe_slope(&d, x, gamma, beta, r, y, &gamma[c]);
        cr_expect(fabs(fd - dgamma[c]) <= 2e-3 + 1e-2 * fabs(fd), "dgamma c%d: fd %g, bwd %g", c,
                  fd, dgamma[c]);
        fd = bn_probe_slope(&d, x, gamma, beta, r, y, &beta[c]);
        cr_expect(fabs(fd - dbeta[c]) <= 2e-3 + 1e-2 * fabs(fd), "dbeta c%d: fd %g, bwd %g", c, fd,
                  dbeta[c]);
    }
    free(x), free(r), free(y), free(dx);
}

/* Worst errors of one variant over the random cases, per output. */
typedef struct {
    double y, stats, eval, dx, dparams;
} bn_errors;

static void keep_worst(double *worst, double err)
{
    if (err > *worst)
        *worst = err;
}

static void bn_random_cases(int integer, uint64_t seed, bn_errors *worst, int *cases)
{
    const nash_bn_impl *ref = bn_by_name("ref");
    tu_rng rng = {.seed = seed};
    const double tol = integer ? 1e-6 : 1e-5;
    for (int t = 0; t < 60; t++) {
        nash_bn_desc d = {.n = tu_int(&rng, 1, 4), .c = tu_int(&rng, 1, 40),
                          .h = tu_int(&rng, 1, 9), .w = tu_int(&rng, 1, 9), .eps = 1e-5f};
        switch (t % 6) {
        case 0: /* more than one group of 8 channel blocks, small planes */
            d.c = tu_int(&rng, 129, 150), d.h = tu_int(&rng, 1, 3), d.w = tu_int(&rng, 1, 3);
            break;
        case 1: /* fewer pixels than reduction chunks */
            d.n = 1, d.h = tu_int(&rng, 1, 3), d.w = tu_int(&rng, 1, 3);
            break;
        case 2: /* one block, the rest of the batch */
            d.c = tu_int(&rng, 1, 16);
            break;
        }
        /* a fused activation in a third of the cases (t / 6 spreads it over the shapes) */
        d.act = (t / 6) % 3 == 1 ? NASH_ACT_RELU : (t / 6) % 3 == 2 ? NASH_ACT_RELU6 : NASH_ACT_NONE;
        int64_t size = nash_blocked_size(d.n, d.c, d.h, d.w);
        int64_t pixels = (int64_t)d.n * d.h * d.w;
        int with_gamma = tu_int(&rng, 0, 3) != 0, with_beta = tu_int(&rng, 0, 3) != 0;
        int with_dgamma = tu_int(&rng, 0, 3) != 0, with_dbeta = tu_int(&rng, 0, 3) != 0;
        float *x = tu_alloc(size), *dy = tu_alloc(size);
        float *gamma = tu_alloc(d.c), *beta = tu_alloc(d.c);
        float *y_ref = tu_alloc(size), *y = tu_alloc(size), *dx_ref = tu_alloc(size),
              *dx = tu_alloc(size);
        /* st[0..4]: mean, var, invstd, dgamma, dbeta of ref; st[5..9]: the same of the variant */
        float *st[10];
        for (int i = 0; i < 10; i++)
            st[i] = tu_alloc(d.c);
        if (integer) {
            tu_fill_int(x, size, seed + t, -4, 4);
            tu_fill_int(dy, size, seed + t + 100, -3, 3);
            tu_fill_int(gamma, d.c, seed + t + 200, 1, 3);
            tu_fill_int(beta, d.c, seed + t + 300, -2, 2);
        } else {
            /* an offset mean, so that the variance is a difference of large terms */
            tu_fill_uniform(x, size, seed + t, 2.0f, 5.0f);
            tu_fill_uniform(dy, size, seed + t + 100, -1, 1);
            tu_fill_uniform(gamma, d.c, seed + t + 200, 0.5f, 2.0f);
            tu_fill_uniform(beta, d.c, seed + t + 300, -1, 1);
        }
        tu_zero_pad_lanes(x, d.n, d.c, d.h, d.w);
        tu_zero_pad_lanes(dy, d.n, d.c, d.h, d.w);
        const float *g = with_gamma ? gamma : NULL, *b = with_beta ? beta : NULL;

        ref->forward_train(&d, x, g, b, y_ref, st[0], st[1], st[2]);
        ref->backward(&d, x, dy, g, b, st[0], st[2], dx_ref, st[3], st[4]);
        if (pixels >= 8 && d.act == NASH_ACT_NONE) {
            cr_assert_lt(tu_blocked_zero_fraction(y_ref, d.n, d.c, d.h, d.w), 0.5, "ref y mostly 0");
            cr_assert_lt(tu_blocked_zero_fraction(dx_ref, d.n, d.c, d.h, d.w), 0.5, "ref dx mostly 0");
        }

        for (int impl = 0; nash_bn_impls[impl + 1]; impl++) {
            const nash_bn_impl *bn = nash_bn_impls[impl];
            char what[96];
            snprintf(what, sizeof what, "%s %s n%d c%d h%d w%d g%d b%d act %s", bn->name,
                     integer ? "int" : "float", d.n, d.c, d.h, d.w, with_gamma, with_beta,
                     nash_act_names[d.act]);
            tu_fill_nan(y, size);
            for (int i = 5; i < 10; i++)
                tu_fill_nan(st[i], d.c);
            bn->forward_train(&d, x, g, b, y, st[5], st[6], st[7]);
            cr_assert(tu_pad_lanes_zero(y, d.n, d.c, d.h, d.w), "%s: y pad lanes", what);
            double e = tu_rel_err(y_ref, y, size, 1e-6, NULL);
            cr_assert_leq(e, tol, "%s: forward_train y err %g", what, e);
            keep_worst(&worst[impl].y, e);
            for (int s = 0; s < 3; s++) {
                e = tu_rel_err(st[s], st[5 + s], d.c, 1e-6, NULL);
                cr_assert_leq(e, tol, "%s: statistic %d err %g", what, s, e);
                keep_worst(&worst[impl].stats, e);
            }

            /* eval with the reference's statistics (as running stats) */
            tu_fill_nan(y, size);
            bn->forward_eval(&d, x, g, b, st[0], st[1], y);
            cr_assert(tu_pad_lanes_zero(y, d.n, d.c, d.h, d.w), "%s: eval y pad lanes", what);
            float *y_eval_ref = dx; /* borrow: dx is refilled below */
            ref->forward_eval(&d, x, g, b, st[0], st[1], y_eval_ref);
            e = tu_rel_err(y_eval_ref, y, size, 1e-6, NULL);
            cr_assert_leq(e, tol, "%s: forward_eval err %g", what, e);
            keep_worst(&worst[impl].eval, e);

            tu_fill_nan(dx, size);
            bn->backward(&d, x, dy, g, b, st[0], st[2], dx, with_dgamma ? st[8] : NULL,
                         with_dbeta ? st[9] : NULL);
            cr_assert(tu_pad_lanes_zero(dx, d.n, d.c, d.h, d.w), "%s: dx pad lanes", what);
            e = tu_rel_err(dx_ref, dx, size, 1e-6, NULL);
            cr_assert_leq(e, tol, "%s: backward dx err %g", what, e);
            keep_worst(&worst[impl].dx, e);
            if (with_dgamma) {
                e = tu_rel_err(st[3], st[8], d.c, 1e-6, NULL);
                cr_assert_leq(e, tol, "%s: dgamma err %g", what, e);
                keep_worst(&worst[impl].dparams, e);
            } else {
                cr_assert(isnan(st[8][0]), "%s: dgamma NULL but written", what);
            }
            if (with_dbeta) {
                e = tu_rel_err(st[4], st[9], d.c, 1e-6, NULL);
                cr_assert_leq(e, tol, "%s: dbeta err %g", what, e);
                keep_worst(&worst[impl].dparams, e);
            }
        }
        (*cases)++;
        free(x), free(dy), free(gamma), free(beta), free(y_ref), free(y), free(dx_ref), free(dx);
        for (int i = 0; i < 10; i++)
            free(st[i]);
    }
}

Test(batchnorm, random_shapes_integer)
{
    bn_errors worst[16] = {{0}};
    int cases = 0;
    bn_random_cases(1, 4100, worst, &cases);
}

Test(batchnorm, random_shapes_float)
{
    bn_errors worst[16] = {{0}};
    int cases = 0;
    bn_random_cases(0, 8200, worst, &cases);
    for (int impl = 0; nash_bn_impls[impl + 1]; impl++) {
        const char *name = nash_bn_impls[impl]->name;
        tu_report_maxerr("batchnorm", "fwd_train", name, fmax(worst[impl].y, worst[impl].stats),
                         cases);
        tu_report_maxerr("batchnorm", "fwd_eval", name, worst[impl].eval, cases);
        tu_report_maxerr("batchnorm", "bwd", name, fmax(worst[impl].dx, worst[impl].dparams),
                         cases);
    }
}

/* forward_train with y NULL gives the same statistics; normalise_add of every
 * variant is bitwise BN(a) (or a) + BN(b) (or b) as forward_train's y and a
 * plain add compute it, pad lanes zero (output pre-filled with NaN). */
Test(batchnorm, statistics_only_and_normalise_add_match_forward_then_add)
{
    tu_rng rng = {.seed = 77};
    for (int t = 0; t < 24; t++) {
        nash_bn_desc d = {.n = tu_int(&rng, 1, 5), .c = tu_int(&rng, 1, 40),
                          .h = tu_int(&rng, 1, 9), .w = tu_int(&rng, 1, 9), .eps = 1e-5f};
        int64_t size = nash_blocked_size(d.n, d.c, d.h, d.w);
        float *a = tu_alloc(size), *b = tu_alloc(size), *ya = tu_alloc(size), *yb = tu_alloc(size);
        float *want = tu_alloc(size), *got = tu_alloc(size);
        float *gamma = tu_alloc(d.c), *beta = tu_alloc(d.c), *st[9];
        for (int i = 0; i < 9; i++)
            st[i] = tu_alloc(d.c);
        tu_fill_uniform(a, size, 500 + t, 1.0f, 4.0f);
        tu_fill_uniform(b, size, 600 + t, -2.0f, 2.0f);
        tu_fill_uniform(gamma, d.c, 700 + t, 0.5f, 2.0f);
        tu_fill_uniform(beta, d.c, 800 + t, -1.0f, 1.0f);
        tu_zero_pad_lanes(a, d.n, d.c, d.h, d.w);
        tu_zero_pad_lanes(b, d.n, d.c, d.h, d.w);
        const int mode = t % 3; /* 0: BN(a) + b, 1: a + BN(b), 2: BN(a) + BN(b) */
        const float *g = t % 2 ? gamma : NULL, *be = t % 4 < 2 ? beta : NULL;
        for (int impl = 0; nash_bn_impls[impl]; impl++) {
            const nash_bn_impl *bn = nash_bn_impls[impl];
            bn->forward_train(&d, a, g, be, ya, st[0], st[1], st[2]);
            bn->forward_train(&d, b, g, be, yb, st[3], st[4], st[5]);
            bn->forward_train(&d, a, g, be, NULL, st[6], st[7], st[8]);
            for (int c = 0; c < d.c; c++)
                for (int s = 0; s < 3; s++)
                    cr_assert_eq(st[s][c], st[6 + s][c], "%s: statistic %d of channel %d",
                                 bn->name, s, c);
            nash_bn_affine fa = {st[0], st[2], g, be}, fb = {st[3], st[5], g, be};
            for (int64_t i = 0; i < size; i++)
                want[i] = (mode == 1 ? a[i] : ya[i]) + (mode == 0 ? b[i] : yb[i]);
            tu_fill_nan(got, size);
            bn->normalise_add(&d, a, mode == 1 ? NULL : &fa, b, mode == 0 ? NULL : &fb, got);
            for (int64_t i = 0; i < size; i++)
                cr_assert_eq(want[i], got[i], "%s mode %d n%d c%d h%d w%d element %lld: %.9g vs %.9g",
                             bn->name, mode, d.n, d.c, d.h, d.w, (long long)i, want[i], got[i]);
        }
        for (int i = 0; i < 9; i++)
            free(st[i]);
        free(a), free(b), free(ya), free(yb), free(want), free(got), free(gamma), free(beta);
    }
}
