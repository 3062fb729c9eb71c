/*
 * test_conv.c — conv2d: descriptor validation, a hand-computed case, the
 * variant table and choice, and every non-reference variant against the
 * reference (forward, backward data, backward weights + bias).
 *
 * The comparison runs a fixed list of named shapes (the image input, a
 * channel count that is not a multiple of 16, stride 2, groups that cut a
 * channel block, groups aligned to blocks, depthwise, the ResNet-20 layers)
 * and then random ones until each variant has accepted MIN_CASES
 * (kernel 1/3/5/7, stride 1/2, pad 0..k/2, groups 1/2/4/depthwise, C in
 * 1..40, odd H/W), twice: integer-valued inputs (sums are exact, so the
 * results must agree exactly) and uniform floats (relative error <= 1e-5,
 * reported through tu_report_maxerr). Outputs are pre-filled with NaN so a
 * variant that skips an element, or a pad lane, is caught.
 */
#include "test_util.h"

#include <omp.h>

#define FLOAT_TOL 1e-5
#define INT_TOL 1e-7   /* integer sums are exact: any difference is a bug */
#define MIN_CASES 60     /* accepted cases per variant and direction */
#define MAX_ATTEMPTS 2000 /* shapes offered before giving up on reaching MIN_CASES */
#define MAX_MACS 400000 /* keeps the reference fast under ASan */

typedef enum { DIR_FORWARD, DIR_BACKWARD_DATA, DIR_BACKWARD_WEIGHTS, DIR_COUNT } test_dir;
static const char *const dir_names[DIR_COUNT] = {"forward", "backward_data", "backward_weights"};

static const nash_conv_impl *find_impl(const char *name)
{
    for (int i = 0; nash_conv_impls[i]; i++)
        if (strcmp(nash_conv_impls[i]->name, name) == 0)
            return nash_conv_impls[i];
    return NULL;
}

/* ------------------------------------------------------------------------- */
/* Shapes                                                                     */

typedef struct shape {
    int n, ic, ih, iw, oc, kh, kw, sh, sw, ph, pw, groups;
} shape;

/* Named cases every variant must get right (one per code path and layout corner). */
static const shape fixed_shapes[] = {
    /* n ic ih iw  oc kh kw sh sw ph pw groups */
    {2, 16, 13, 13, 16, 3, 3, 1, 1, 1, 1, 1},  /* dense, exactly one block */
    {2, 3, 11, 12, 16, 3, 3, 1, 1, 1, 1, 1},   /* image input: 3 of 16 lanes */
    {1, 17, 11, 9, 24, 3, 3, 2, 2, 1, 1, 1},   /* C not a multiple of 16, stride 2 */
    {2, 24, 9, 9, 24, 3, 3, 1, 1, 1, 1, 2},    /* groups cut a block (12 + 12) */
    {1, 32, 9, 7, 32, 3, 3, 1, 1, 1, 1, 2},    /* groups aligned to blocks */
    {2, 32, 9, 9, 32, 3, 3, 2, 2, 1, 1, 2},    /* aligned groups, stride 2 */
    {2, 32, 9, 9, 32, 3, 3, 2, 2, 1, 1, 32},   /* depthwise, stride 2 */
    {1, 17, 8, 11, 17, 5, 5, 1, 1, 2, 2, 17},  /* depthwise, odd C, 5x5 */
    {2, 40, 7, 7, 40, 1, 1, 1, 1, 0, 0, 4},    /* groups 4, 1x1 */
    {2, 16, 9, 9, 32, 1, 1, 2, 2, 0, 0, 1},    /* 1x1 stride 2 (shortcut) */
    {1, 3, 13, 13, 16, 7, 7, 2, 2, 3, 3, 1},   /* 7x7 stem, stride 2, pad 3 */
    {1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 1},      /* one channel, no padding */
    {2, 17, 6, 7, 33, 3, 5, 2, 1, 1, 2, 1},    /* rectangular kernel and stride */
    {1, 20, 5, 21, 16, 3, 3, 2, 2, 1, 1, 1},   /* stride 2, OW = 11: full and partial tiles */
    /* ResNet-20 (CIFAR) layers: stem, the three stages, the two transitions */
    {2, 3, 32, 32, 16, 3, 3, 1, 1, 1, 1, 1},
    {1, 16, 32, 32, 16, 3, 3, 1, 1, 1, 1, 1},
    {1, 16, 32, 32, 32, 3, 3, 2, 2, 1, 1, 1},
    {1, 32, 16, 16, 32, 3, 3, 1, 1, 1, 1, 1},
    {1, 32, 16, 16, 64, 3, 3, 2, 2, 1, 1, 1},
    {2, 64, 8, 8, 64, 3, 3, 1, 1, 1, 1, 1},
    {3, 40, 7, 9, 72, 5, 3, 2, 1, 2, 1, 1},    /* 3 blocks, partial last ones, mixed 5x3 kernel */
    /* avx2's small-IC forward (IC <= 4, KH*KW*IC <= 100): 48- and 96-pixel panels, bias */
    {2, 4, 9, 11, 20, 5, 5, 2, 2, 2, 2, 1},
    {1, 2, 7, 13, 33, 3, 5, 1, 2, 1, 2, 1},
    {1, 1, 17, 17, 16, 3, 3, 1, 1, 0, 0, 1},
};
#define N_FIXED ((int)(sizeof fixed_shapes / sizeof fixed_shapes[0]))

static int pick_channels(tu_rng *r)
{
    static const int special[] = {1, 3, 16, 17, 24, 32, 40};
    if (tu_int(r, 0, 1))
        return special[tu_int(r, 0, (int)(sizeof special / sizeof special[0]) - 1)];
    return tu_int(r, 1, 40);
}

static void random_shape(tu_rng *r, shape *s)
{
    static const int kernels[] = {1, 3, 5, 7};
    s->kh = kernels[tu_int(r, 0, 3)];
    s->kw = tu_int(r, 0, 3) ? s->kh : kernels[tu_int(r, 0, 3)];
    s->sh = tu_int(r, 1, 2);
    s->sw = tu_int(r, 0, 3) ? s->sh : tu_int(r, 1, 2);
    s->ph = tu_int(r, 0, s->kh / 2);
    s->pw = tu_int(r, 0, s->kw / 2);
    s->n = tu_int(r, 1, 3);
    int min_h = s->kh - 2 * s->ph, min_w = s->kw - 2 * s->pw;
    s->ih = tu_int(r, min_h > 1 ? min_h : 1, 13);
    s->iw = tu_int(r, min_w > 1 ? min_w : 1, 13);
    switch (tu_int(r, 0, 3)) {
    case 0: /* dense */
        s->groups = 1;
        s->ic = pick_channels(r);
        s->oc = pick_channels(r);
        break;
    case 1: /* two groups: 24 cuts a block, 32 aligns with blocks */
        s->groups = 2;
        s->ic = tu_int(r, 0, 1) ? (tu_int(r, 0, 1) ? 24 : 32) : 2 * tu_int(r, 1, 20);
        s->oc = tu_int(r, 0, 1) ? s->ic : 2 * tu_int(r, 1, 20);
        break;
    case 2:
        s->groups = 4;
        s->ic = 4 * tu_int(r, 1, 10);
        s->oc = 4 * tu_int(r, 1, 10);
        break;
    default: /* depthwise */
        s->ic = s->oc = s->groups = pick_channels(r);
        break;
    }
}

static int make_desc(const shape *s, nash_conv_desc *d)
{
    return nash_conv_desc_init2(d, s->n, s->ic, s->ih, s->iw, s->oc, s->kh, s->kw, s->sh, s->sw,
                                s->ph, s->pw, s->groups);
}

/* Case i: the fixed list first, then random shapes small enough for the reference. */
static void case_desc(int i, tu_rng *r, nash_conv_desc *d)
{
    if (i < N_FIXED) {
        cr_assert_eq(make_desc(&fixed_shapes[i], d), 0, "fixed shape %d: %s", i, nash_last_error());
        return;
    }
    for (;;) {
        shape s;
        random_shape(r, &s);
        if (make_desc(&s, d) == 0 && nash_conv_macs(d) <= MAX_MACS)
            return;
    }
}

/* ------------------------------------------------------------------------- */
/* Buffers and comparison                                                     */

typedef struct buffers {
    float *x, *w, *bias, *dy;    /* inputs */
    float *ref, *got;            /* y, dx or dw of the reference and the variant */
    float *dbias_ref, *dbias_got;
    float *plain_ref, *plain_got; /* NCHW copies for comparisons */
    void *scratch;
} buffers;

static int64_t x_size(const nash_conv_desc *d) { return nash_blocked_size(d->n, d->ic, d->ih, d->iw); }
static int64_t y_size(const nash_conv_desc *d) { return nash_blocked_size(d->n, d->oc, d->oh, d->ow); }
static int64_t w_size(const nash_conv_desc *d)
{
    return (int64_t)d->oc * (d->ic / d->groups) * d->kh * d->kw;
}

static void alloc_buffers(const nash_conv_desc *d, size_t scratch_bytes, buffers *b)
{
    int64_t xs = x_size(d), ys = y_size(d), ws = w_size(d);
    int64_t biggest = xs > ys ? xs : ys;
    if (ws > biggest)
        biggest = ws;
    b->x = tu_alloc(xs);
    b->dy = tu_alloc(ys);
    b->w = tu_alloc(ws);
    b->bias = tu_alloc(d->oc);
    b->ref = tu_alloc(biggest);
    b->got = tu_alloc(biggest);
    b->dbias_ref = tu_alloc(d->oc);
    b->dbias_got = tu_alloc(d->oc);
    b->plain_ref = tu_alloc(biggest);
    b->plain_got = tu_alloc(biggest);
    b->scratch = aligned_alloc(64, (scratch_bytes + 63) / 64 * 64 + 64);
    cr_assert(b->scratch != NULL);
}

static void free_buffers(buffers *b)
{
    void *all[] = {b->x, b->w, b->bias, b->dy, b->ref, b->got, b->dbias_ref, b->dbias_got,
                   b->plain_ref, b->plain_got, b->scratch};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        free(all[i]);
}

static void fill_inputs(const nash_conv_desc *d, buffers *b, int integer, uint64_t seed)
{
    if (integer) {
        tu_fill_int(b->x, x_size(d), seed + 1, -3, 3);
        tu_fill_int(b->w, w_size(d), seed + 2, -2, 2);
        tu_fill_int(b->bias, d->oc, seed + 3, -4, 4);
        tu_fill_int(b->dy, y_size(d), seed + 4, -3, 3);
    } else {
        tu_fill_uniform(b->x, x_size(d), seed + 1, -1.0f, 1.0f);
        tu_fill_uniform(b->w, w_size(d), seed + 2, -1.0f, 1.0f);
        tu_fill_uniform(b->bias, d->oc, seed + 3, -1.0f, 1.0f);
        tu_fill_uniform(b->dy, y_size(d), seed + 4, -1.0f, 1.0f);
    }
    tu_zero_pad_lanes(b->x, d->n, d->ic, d->ih, d->iw);
    tu_zero_pad_lanes(b->dy, d->n, d->oc, d->oh, d->ow);
}

/* Runs one direction on ref and impl; returns the relative error of impl, sets
 * *worst_at to the worst element (NCHW or OIHW index; -1-i for dbias[i]) and
 * *zeros to the fraction of exactly-zero real elements in the reference result. */
static double run_and_compare(const nash_conv_impl *ref, const nash_conv_impl *impl,
                              const nash_conv_desc *d, test_dir dir, int with_bias, buffers *b,
                              double *zeros, int64_t *worst_at, const char *what)
{
    int64_t where = -1;
    double err;
    if (dir == DIR_FORWARD || dir == DIR_BACKWARD_DATA) {
        const int c = dir == DIR_FORWARD ? d->oc : d->ic;
        const int h = dir == DIR_FORWARD ? d->oh : d->ih, w = dir == DIR_FORWARD ? d->ow : d->iw;
        const int64_t size = nash_blocked_size(d->n, c, h, w);
        tu_fill_nan(b->ref, size);
        tu_fill_nan(b->got, size);
        if (dir == DIR_FORWARD) {
            ref->forward(d, b->x, b->w, with_bias ? b->bias : NULL, b->ref, NULL);
            impl->forward(d, b->x, b->w, with_bias ? b->bias : NULL, b->got, b->scratch);
        } else { /* x is unused by conv backward data: pass NULL to prove it */
            ref->backward_data(d, NULL, b->w, b->dy, b->ref, NULL);
            impl->backward_data(d, NULL, b->w, b->dy, b->got, b->scratch);
        }
        cr_assert(tu_pad_lanes_zero(b->ref, d->n, c, h, w), "%s: ref left pad lanes non-zero", what);
        cr_assert(tu_pad_lanes_zero(b->got, d->n, c, h, w), "%s: %s left pad lanes non-zero", what,
                  impl->name);
        nash_blocked_to_nchw(d->n, c, h, w, b->ref, b->plain_ref);
        nash_blocked_to_nchw(d->n, c, h, w, b->got, b->plain_got);
        const int64_t real = (int64_t)d->n * c * h * w;
        err = tu_rel_err(b->plain_ref, b->plain_got, real, 1e-6, &where);
        *zeros = tu_zero_fraction(b->plain_ref, real);
    } else {
        const int64_t size = w_size(d);
        tu_fill_nan(b->ref, size);
        tu_fill_nan(b->got, size);
        tu_fill_nan(b->dbias_ref, d->oc);
        tu_fill_nan(b->dbias_got, d->oc);
        ref->backward_weights(d, b->x, b->w, b->dy, b->ref, b->dbias_ref, NULL);
        impl->backward_weights(d, b->x, b->w, b->dy, b->got, with_bias ? b->dbias_got : NULL,
                               b->scratch);
        err = tu_rel_err(b->ref, b->got, size, 1e-6, &where);
        *zeros = tu_zero_fraction(b->ref, size);
        if (with_bias) {
            int64_t bias_where;
            double bias_err = tu_rel_err(b->dbias_ref, b->dbias_got, d->oc, 1e-6, &bias_where);
            if (bias_err > err) {
                err = bias_err;
                where = -1 - bias_where; /* negative: an index into dbias */
            }
        }
    }
    *worst_at = where;
    return err;
}

/* Every non-reference variant against the reference for one direction. */
static void compare_direction(test_dir dir)
{
    const nash_conv_impl *ref = find_impl("ref");
    cr_assert(ref != NULL);
    for (int k = 0; nash_conv_impls[k]; k++) {
        const nash_conv_impl *impl = nash_conv_impls[k];
        if (impl == ref || !nash_isa_has(impl->isa))
            continue;
        /* Forced by name, a variant takes every case it can run at all (the oneDNN
         * wrapper then runs even where oneDNN has only its reference code). */
        nash_kernel_force(impl->name);
        tu_rng rng = {.seed = 1000 + (uint64_t)dir, .i = 0};
        double worst = 0.0, zero_sum = 0.0;
        int cases = 0, skipped = 0;
        /* MIN_CASES accepted cases per variant: a variant that declines some shapes
         * (avx2 runs only groups == 1) meets more random ones until it has as many. */
        for (int i = 0; cases < MIN_CASES && i < MAX_ATTEMPTS; i++) {
            nash_conv_desc d;
            case_desc(i, &rng, &d);
            char name[128];
            nash_conv_desc_str(&d, name, sizeof name);
            const char *reason = impl->unsupported(&d);
            if (reason) {
                skipped++;
                continue;
            }
            buffers b;
            alloc_buffers(&d, impl->scratch_bytes(&d), &b);
            const int with_bias = i % 3 != 2; /* the NULL-bias form too */
            for (int integer = 1; integer >= 0; integer--) {
                fill_inputs(&d, &b, integer, (uint64_t)i * 16);
                double zeros;
                int64_t at;
                double err = run_and_compare(ref, impl, &d, dir, with_bias, &b, &zeros, &at, name);
                if (integer) {
                    cr_assert(err <= INT_TOL,
                              "%s %s %s integer inputs: relative error %.3e at element %lld",
                              impl->name, dir_names[dir], name, err, (long long)at);
                } else {
                    cr_assert(err <= FLOAT_TOL,
                              "%s %s %s float inputs: relative error %.3e > %.0e at element %lld",
                              impl->name, dir_names[dir], name, err, FLOAT_TOL, (long long)at);
                    /* Float inputs are never exactly zero: a zero output means no tap
                     * reached it. Legitimate for some random shapes (stride 2 with a 1-wide
                     * kernel leaves 3/4 of dx at zero; on a 1-row input a 7x7 kernel's
                     * dw is 6/7 zeros), so only the named shapes are held to it per case,
                     * the others on average below. */
                    if (i < N_FIXED)
                        cr_assert(zeros < 0.75,
                                  "%s %s %s: reference result %.0f%% zeros — not trusted",
                                  impl->name, dir_names[dir], name, zeros * 100);
                    zero_sum += zeros;
                    if (err > worst)
                        worst = err;
                }
            }
            free_buffers(&b);
            cases++;
        }
        cr_assert(zero_sum / (cases ? cases : 1) < 0.25, "%s %s: results mostly zeros",
                  impl->name, dir_names[dir]);
        /* omp handles everything; a variant may decline some shapes, but must accept
         * enough of them to be tested (one declining everything would pass vacuously). */
        cr_assert(cases >= MIN_CASES, "%s %s: only %d of %d cases supported", impl->name,
                  dir_names[dir], cases, cases + skipped);
        tu_report_maxerr("conv", dir_names[dir], impl->name, worst, cases);
        nash_kernel_force(NULL);
    }
}

Test(conv, forward_matches_ref) { compare_direction(DIR_FORWARD); }
Test(conv, backward_data_matches_ref) { compare_direction(DIR_BACKWARD_DATA); }
Test(conv, backward_weights_matches_ref) { compare_direction(DIR_BACKWARD_WEIGHTS); }

/* ------------------------------------------------------------------------- */
/* Descriptor                                                                 */

static void expect_rejected(int status, const char *needle)
{
    cr_assert_eq(status, -1, "expected a rejection mentioning \"%s\"", needle);
    cr_assert(strstr(nash_last_error(), needle) != NULL, "message \"%s\" lacks \"%s\"",
              nash_last_error(), needle);
}

Test(conv, desc_init_rejects_bad_shapes)
{
    nash_conv_desc d;
    expect_rejected(nash_conv_desc_init(&d, 1, 24, 8, 8, 10, 3, 3, 1, 1, 5),
                    "IC=24 not divisible by groups=5");
    expect_rejected(nash_conv_desc_init(&d, 1, 8, 8, 8, 10, 3, 3, 1, 1, 4),
                    "OC=10 not divisible by groups=4");
    expect_rejected(nash_conv_desc_init(&d, 0, 8, 8, 8, 8, 3, 3, 1, 1, 1), "N=0");
    expect_rejected(nash_conv_desc_init(&d, 1, 0, 8, 8, 8, 3, 3, 1, 1, 1), "IC=0");
    expect_rejected(nash_conv_desc_init(&d, 1, 8, 8, 8, 8, 3, 3, 0, 1, 1), "stride SH=0");
    expect_rejected(nash_conv_desc_init(&d, 1, 8, 8, 8, 8, 3, 3, 1, 1, 0), "groups=0");
    expect_rejected(nash_conv_desc_init(&d, 1, 8, 8, 8, 8, 3, 3, 1, -1, 1), "negative");
    expect_rejected(nash_conv_desc_init(&d, 1, 8, 8, 8, 8, 3, 3, 1, 3, 1), "PH=3");
    expect_rejected(nash_conv_desc_init(&d, 1, 8, 3, 3, 8, 5, 5, 1, 0, 1), "KH=5");
    expect_rejected(nash_conv_desc_init2(&d, 1, 8, 9, 2, 8, 3, 3, 1, 1, 0, 0, 1), "IW=2");

    cr_assert_eq(nash_conv_desc_init(&d, 1, 8, 13, 12, 8, 3, 3, 2, 1, 1), 0, "%s", nash_last_error());
    cr_assert_eq(d.oh, 7);
    cr_assert_eq(d.ow, 6);
    cr_assert_eq(nash_conv_desc_init(&d, 1, 8, 3, 3, 8, 5, 5, 1, 1, 1), 0, "%s", nash_last_error());
    cr_assert_eq(d.oh, 1);
}

Test(conv, desc_str_and_macs)
{
    nash_conv_desc d;
    cr_assert_eq(nash_conv_desc_init(&d, 8, 16, 32, 32, 32, 3, 3, 1, 1, 1), 0);
    char s[128];
    nash_conv_desc_str(&d, s, sizeof s);
    cr_assert_str_eq(s, "n8ic16ih32iw32_oc32oh32ow32_kh3kw3_sh1sw1_ph1pw1_g1");
    cr_assert_eq(nash_conv_macs(&d), (int64_t)8 * 32 * 32 * 32 * 16 * 9);
    cr_assert_eq(nash_conv_desc_init(&d, 2, 32, 9, 9, 32, 3, 3, 2, 1, 32), 0);
    cr_assert_eq(nash_conv_macs(&d), (int64_t)2 * 32 * 5 * 5 * 1 * 9);
}

/* ------------------------------------------------------------------------- */
/* Hand-computed: 1 channel, 3x3 input, 2x2 kernel, pad 1, stride 1 -> 4x4.   */
/*   x = 1 2 3     w = 1 2                                                    */
/*       4 5 6         3 4                                                    */
/*       7 8 9                                                                */
/* y[p][q] = sum_ij x[p+i-1][q+j-1] w[i][j], e.g. y[1][1] = 1+4+12+20 = 37.   */
/* With dy = 1 everywhere every input is read by all 4 taps: dx = 1+2+3+4 =   */
/* 10; every tap reads all 9 inputs once: dw = 45; dbias = 16 outputs.        */

Test(conv, tiny_hand_computed)
{
    static const float x_plain[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    static const float w[4] = {1, 2, 3, 4};
    static const float y_expected[16] = {4,  11, 18, 9,  18, 37, 47, 21,
                                         36, 67, 77, 33, 14, 23, 26, 9};
    const float bias = 0.5f;
    nash_conv_desc d;
    cr_assert_eq(nash_conv_desc_init(&d, 1, 1, 3, 3, 1, 2, 2, 1, 1, 1), 0, "%s", nash_last_error());
    cr_assert_eq(d.oh, 4);
    cr_assert_eq(d.ow, 4);

    for (int k = 0; nash_conv_impls[k]; k++) {
        const nash_conv_impl *impl = nash_conv_impls[k];
        if (!nash_isa_has(impl->isa) || impl->unsupported(&d))
            continue;
        float *x = tu_alloc(x_size(&d)), *y = tu_alloc(y_size(&d)), *dy = tu_alloc(y_size(&d));
        float *dx = tu_alloc(x_size(&d)), *plain = tu_alloc(16), dw[4], dbias;
        void *scratch = aligned_alloc(64, impl->scratch_bytes(&d) / 64 * 64 + 64);
        nash_nchw_to_blocked(1, 1, 3, 3, x_plain, x);

        impl->forward(&d, x, w, &bias, y, scratch);
        nash_blocked_to_nchw(1, 1, 4, 4, y, plain);
        for (int i = 0; i < 16; i++)
            cr_assert_float_eq(plain[i], y_expected[i] + bias, 0.0, "%s: y[%d][%d] = %g, expected %g",
                               impl->name, i / 4, i % 4, plain[i], y_expected[i] + bias);
        cr_assert(tu_pad_lanes_zero(y, 1, 1, 4, 4), "%s: pad lanes of y", impl->name);

        for (int i = 0; i < 16; i++)
            plain[i] = 1.0f;
        nash_nchw_to_blocked(1, 1, 4, 4, plain, dy);
        impl->backward_data(&d, NULL, w, dy, dx, scratch);
        nash_blocked_to_nchw(1, 1, 3, 3, dx, plain);
        for (int i = 0; i < 9; i++)
            cr_assert_float_eq(plain[i], 10.0f, 0.0, "%s: dx[%d] = %g, expected 10", impl->name, i,
                               plain[i]);
        cr_assert(tu_pad_lanes_zero(dx, 1, 1, 3, 3), "%s: pad lanes of dx", impl->name);

        impl->backward_weights(&d, x, w, dy, dw, &dbias, scratch);
        for (int i = 0; i < 4; i++)
            cr_assert_float_eq(dw[i], 45.0f, 0.0, "%s: dw[%d] = %g, expected 45", impl->name, i, dw[i]);
        cr_assert_float_eq(dbias, 16.0f, 0.0, "%s: dbias = %g, expected 16", impl->name, dbias);
        free(x), free(y), free(dy), free(dx), free(plain), free(scratch);
    }
}

/* ------------------------------------------------------------------------- */
/* Variant table and choice                                                   */

Test(conv, table_is_well_formed)
{
    int count = 0;
    while (nash_conv_impls[count]) {
        const nash_conv_impl *impl = nash_conv_impls[count];
        cr_assert(impl->name && impl->unsupported && impl->scratch_bytes && impl->forward &&
                      impl->backward_data && impl->backward_weights,
                  "entry %d has a NULL field", count);
        for (int j = 0; j < count; j++)
            cr_assert_str_neq(nash_conv_impls[j]->name, impl->name, "duplicate name %s", impl->name);
        count++;
        cr_assert(count < 32, "table not NULL-terminated");
    }
    cr_assert(count >= 3, "expected onednn, omp and ref, found %d entries", count);
    cr_assert_str_eq(nash_conv_impls[count - 1]->name, "ref", "ref must be last");
    cr_assert_eq(nash_conv_impls[count - 1]->isa, 0u);
    cr_assert(find_impl("omp") != NULL);
    cr_assert(find_impl("onednn") != NULL);
}

Test(conv, pick_and_force)
{
    nash_conv_desc d;
    cr_assert_eq(nash_conv_desc_init(&d, 2, 16, 9, 9, 16, 3, 3, 1, 1, 1), 0);
    nash_kernel_force(NULL);
    unsetenv("NASH_KERNEL");
    const nash_conv_impl *picked = nash_conv_pick(&d);
    cr_assert(picked != NULL);
    cr_assert_null(picked->unsupported(&d), "pick returned %s, which declines the case", picked->name);
    cr_assert(nash_isa_has(picked->isa));
    for (int k = 0; nash_conv_impls[k] != picked; k++) /* nothing earlier accepts d */
        cr_assert(!nash_isa_has(nash_conv_impls[k]->isa) || nash_conv_impls[k]->unsupported(&d),
                  "%s accepts the case but %s was picked", nash_conv_impls[k]->name, picked->name);

    nash_kernel_force("ref");
    cr_assert_str_eq(nash_conv_pick(&d)->name, "ref");
    nash_kernel_force("omp");
    cr_assert_str_eq(nash_conv_pick(&d)->name, "omp");
    nash_kernel_force("onednn"); /* oneDNN runs every plain conv when forced */
    cr_assert_str_eq(nash_conv_pick(&d)->name, "onednn");
    nash_kernel_force("no-such-variant");
    cr_assert_eq(nash_conv_pick(&d), picked, "an unknown name falls back to the usual choice");
    nash_kernel_force(NULL);
    setenv("NASH_KERNEL", "ref", 1);
    cr_assert_str_eq(nash_conv_pick(&d)->name, "ref", "NASH_KERNEL=ref must force the reference");
    unsetenv("NASH_KERNEL");

    /* Scratch for the arena covers every variant that can be picked. */
    size_t most = nash_conv_table_scratch_max(nash_conv_impls, &d);
    for (int k = 0; nash_conv_impls[k]; k++)
        if (!nash_conv_impls[k]->unsupported(&d))
            cr_assert_geq(most, nash_conv_impls[k]->scratch_bytes(&d));
}

Test(conv, omp_accepts_everything_onednn_may_decline)
{
    /* groups cutting a 16-channel block: whatever oneDNN says, pick returns a
     * variant that accepts the case, with a reason string if oneDNN declines. */
    nash_conv_desc d;
    cr_assert_eq(nash_conv_desc_init(&d, 1, 24, 9, 9, 24, 3, 3, 1, 1, 2), 0);
    const nash_conv_impl *onednn = find_impl("onednn");
    const char *reason = onednn->unsupported(&d);
    if (reason)
        cr_assert(strlen(reason) > 0);
    cr_assert_null(find_impl("omp")->unsupported(&d));
    cr_assert_null(nash_conv_pick(&d)->unsupported(&d));
}

Test(conv, avx2_results_do_not_depend_on_thread_count)
{
    /* avx2 splits the batch of backward weights into chunks fixed by the shape
     * alone and sums them in order: 1, 2 and 3 threads must agree bit for bit. */
    const nash_conv_impl *avx2 = find_impl("avx2");
    cr_assert(avx2 != NULL);
    if (!nash_isa_has(avx2->isa))
        return;
    static const shape cases[] = {
        {5, 16, 12, 12, 16, 3, 3, 1, 1, 1, 1, 1}, /* 1 x 1 blocks: 5 image chunks */
        {4, 40, 9, 7, 24, 3, 3, 2, 2, 1, 1, 1},
        {3, 3, 10, 10, 16, 7, 7, 2, 2, 3, 3, 1},
    };
    const int saved = omp_get_max_threads();
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        nash_conv_desc d;
        cr_assert_eq(make_desc(&cases[k], &d), 0, "%s", nash_last_error());
        buffers b;
        alloc_buffers(&d, avx2->scratch_bytes(&d), &b);
        fill_inputs(&d, &b, 0, 77 + k);
        const int64_t ws = w_size(&d), ys = y_size(&d), xs = x_size(&d);
        float *first = tu_alloc(ws + d.oc + ys + xs);
        for (int threads = 1; threads <= 3; threads++) {
            omp_set_num_threads(threads);
            avx2->backward_weights(&d, b.x, b.w, b.dy, b.got, b.dbias_got, b.scratch);
            avx2->forward(&d, b.x, b.w, b.bias, b.ref, b.scratch);
            avx2->backward_data(&d, NULL, b.w, b.dy, b.plain_got, b.scratch);
            const float *now[4] = {b.got, b.dbias_got, b.ref, b.plain_got};
            const int64_t size[4] = {ws, d.oc, ys, xs};
            float *at = first;
            for (int part = 0; part < 4; part++) {
                if (threads == 1)
                    memcpy(at, now[part], sizeof(float) * (size_t)size[part]);
                else
                    cr_assert(memcmp(at, now[part], sizeof(float) * (size_t)size[part]) == 0,
                              "case %zu, %d threads: result %d differs from 1 thread", k, threads, part);
                at += size[part];
            }
        }
        free(first);
        free_buffers(&b);
    }
    omp_set_num_threads(saved);
}

Test(conv, onednn_cache_survives_eviction)
{
    /* More distinct shapes than the wrapper caches (64), then the first again:
     * evicted primitives must be rebuilt, not reused. */
    const nash_conv_impl *ref = find_impl("ref"), *onednn = find_impl("onednn");
    nash_kernel_force("onednn");
    for (int round = 0; round < 2; round++)
        for (int width = 1; width <= 70; width += round ? 23 : 1) {
            nash_conv_desc d;
            cr_assert_eq(nash_conv_desc_init(&d, 1, 5, 3, width, 7, 1, 1, 1, 0, 1), 0);
            cr_assert_null(onednn->unsupported(&d), "width %d: %s", width, onednn->unsupported(&d));
            buffers b;
            alloc_buffers(&d, onednn->scratch_bytes(&d), &b);
            fill_inputs(&d, &b, 1, (uint64_t)width);
            double zeros;
            int64_t at;
            double err = run_and_compare(ref, onednn, &d, DIR_FORWARD, 1, &b, &zeros, &at, "cache");
            cr_assert(err <= INT_TOL, "width %d round %d: error %.3e", width, round, err);
            free_buffers(&b);
        }
    nash_kernel_force(NULL);
}
