/*
 * test_adder.c — tests of the AdderNet layer (kernels/adder.c, adder_omp.c, adder_avx2.c).
 *
 * Owns: (1) a 3x3 single-channel case whose forward, data gradient and weight
 * gradient were worked out by hand (term by term in the comments), run on every
 * variant in the table; (2) every non-ref variant against the reference on the
 * ResNet-20 shapes and on random shapes (dense, depthwise, grouped; odd sizes,
 * C not a multiple of 16, non-square kernels, stride 2, padding; a variant
 * skips the shapes it declines), once with integer-valued data (sums
 * exact: the match must be exact) and once with uniform floats (relative error
 * <= 1e-5); (3) the variant table and its choice rule.
 */
#include "test_util.h"

enum direction { DIR_FORWARD, DIR_BACKWARD_DATA, DIR_BACKWARD_WEIGHTS };
static const char *const direction_names[] = { "forward", "backward_data", "backward_weights" };

static const nash_conv_impl *find_impl(const char *name)
{
    for (int i = 0; nash_adder_impls[i]; i++)
        if (strcmp(nash_adder_impls[i]->name, name) == 0)
            return nash_adder_impls[i];
    return NULL;
}

/* Runs one direction of impl. The output is poisoned first (overwrite convention, pad lanes
 * must be written) and so is the scratch (a kernel may not expect it zeroed). */
static void run_direction(const nash_conv_impl *impl, enum direction dir, const nash_conv_desc *d,
                          const float *x, const float *w, const float *dy, float *out,
                          int64_t out_size)
{
    for (int64_t i = 0; i < out_size; i++)
        out[i] = 777.0f;
    size_t bytes = impl->scratch_bytes(d);
    void *scratch = NULL;
    if (bytes) {
        scratch = aligned_alloc(64, (bytes + 63) / 64 * 64);
        cr_assert(scratch != NULL);
        memset(scratch, 0xff, bytes); /* NaN pattern */
    }
    switch (dir) {
    case DIR_FORWARD: impl->forward(d, x, w, NULL, out, scratch); break;
    case DIR_BACKWARD_DATA: impl->backward_data(d, x, w, dy, out, scratch); break;
    case DIR_BACKWARD_WEIGHTS: impl->backward_weights(d, x, w, dy, out, NULL, scratch); break;
    }
    free(scratch);
}

/* ------------------------------------------------------------------------- */
/* Hand-computed case: IC = OC = 1, 3x3 input, 3x3 kernel, stride 1, pad 1.   */
/* Values are multiples of 0.5, so every sum is exact in fp32.               */

static const float hand_x[9] = { /* x[h][w] */
    1.0f, -0.5f, 2.0f,
    0.5f, 1.5f, -1.0f,
    0.0f, 2.5f, 1.0f,
};
static const float hand_w[9] = { /* w[i][j] */
    0.5f, 1.0f, -0.5f,
    1.5f, 0.0f, 2.0f,
    -1.0f, 0.5f, 1.0f,
};

/* Runs dir of impl on the hand case (1 channel blocked into 16 lanes) and returns the 9
 * results in plain order, after checking the 15 pad lanes are zero. */
static void run_hand_case(const nash_conv_impl *impl, enum direction dir, const float *dy_plain,
                          float result[9])
{
    nash_conv_desc d;
    cr_assert_eq(nash_conv_desc_init(&d, 1, 1, 3, 3, 1, 3, 3, 1, 1, 1), 0, "%s", nash_last_error());
    cr_assert_eq(d.oh, 3);
    float *x = tu_alloc(16 * 9), *dy = tu_alloc(16 * 9), *out = tu_alloc(16 * 9);
    nash_nchw_to_blocked(1, 1, 3, 3, hand_x, x);
    if (dy_plain)
        nash_nchw_to_blocked(1, 1, 3, 3, dy_plain, dy);
    run_direction(impl, dir, &d, x, hand_w, dy, out, dir == DIR_BACKWARD_WEIGHTS ? 9 : 16 * 9);
    if (dir == DIR_BACKWARD_WEIGHTS) {
        memcpy(result, out, sizeof(float) * 9);
    } else {
        cr_expect(tu_pad_lanes_zero(out, 1, 1, 3, 3), "%s %s: pad lanes not zero", impl->name,
                  direction_names[dir]);
        nash_blocked_to_nchw(1, 1, 3, 3, out, result);
    }
    free(x);
    free(dy);
    free(out);
}

static void expect_hand(const nash_conv_impl *impl, enum direction dir, const float *got,
                        const float *want)
{
    for (int k = 0; k < 9; k++)
        cr_expect_eq(got[k], want[k], "%s %s: element (%d,%d) = %g, expected %g", impl->name,
                     direction_names[dir], k / 3, k % 3, got[k], want[k]);
}

Test(adder, hand_forward_3x3_pad1)
{
    /* y[p][q] = -sum_{i,j} |x[p+i-1][q+j-1] - w[i][j]|; a tap outside the input reads 0 and
     * costs |w[i][j]| (marked "pad").
     * (0,0): pad |w00|+|w01|+|w02| = .5+1+.5; pad |w10| = 1.5; |1-0| = 1; |-.5-2| = 2.5;
     *        pad |w20| = 1; |.5-.5| = 0; |1.5-1| = .5                     -> -8.5
     * (0,1): pad .5+1+.5; |1-1.5| = .5; |-.5-0| = .5; |2-2| = 0; |.5+1| = 1.5; |1.5-.5| = 1;
     *        |-1-1| = 2                                                   -> -7.5
     * (0,2): pad .5+1+.5; |-.5-1.5| = 2; |2-0| = 2; pad |w12| = 2; |1.5+1| = 2.5;
     *        |-1-.5| = 1.5; pad |w22| = 1                                 -> -13
     * (1,0): pad |w00| = .5; |1-1| = 0; |-.5+.5| = 0; pad |w10| = 1.5; |.5-0| = .5;
     *        |1.5-2| = .5; pad |w20| = 1; |0-.5| = .5; |2.5-1| = 1.5      -> -6
     * (1,1): no padding: .5 + 1.5 + 2.5 + 1 + 1.5 + 3 + 1 + 2 + 0         -> -13
     * (1,2): |-.5-.5| = 1; |2-1| = 1; pad .5; |1.5-1.5| = 0; |-1-0| = 1; pad 2;
     *        |2.5+1| = 3.5; |1-.5| = .5; pad 1                            -> -10.5
     * (2,0): pad .5; |.5-1| = .5; |1.5+.5| = 2; pad 1.5; |0-0| = 0; |2.5-2| = .5;
     *        pad |w20|+|w21|+|w22| = 1+.5+1                               -> -7.5
     * (2,1): |.5-.5| = 0; |1.5-1| = .5; |-1+.5| = .5; |0-1.5| = 1.5; |2.5-0| = 2.5;
     *        |1-2| = 1; pad 1+.5+1                                        -> -8.5
     * (2,2): |1.5-.5| = 1; |-1-1| = 2; pad .5; |2.5-1.5| = 1; |1-0| = 1; pad 2;
     *        pad 1+.5+1                                                   -> -10 */
    static const float want[9] = { -8.5f, -7.5f, -13.0f, -6.0f, -13.0f, -10.5f, -7.5f, -8.5f, -10.0f };
    for (int k = 0; nash_adder_impls[k]; k++) {
        float got[9];
        run_hand_case(nash_adder_impls[k], DIR_FORWARD, NULL, got);
        expect_hand(nash_adder_impls[k], DIR_FORWARD, got, want);
    }
}

Test(adder, hand_backward_data_hardtanh_clip)
{
    /* dy = 1 everywhere: dx[h][w] = sum over taps (i,j) whose output p = h+1-i, q = w+1-j is
     * inside 0..2 of HT(w[i][j] - x[h][w]), HT = clamp to [-1, 1]. Taps of padded positions
     * are dropped (corners have 4 taps, edges 6, the centre 9). "!" marks a clip.
     * (0,0) x=1:    HT(-.5) + HT(0) + HT(.5) + HT(-2 !) = -.5+0+.5-1      -> -1
     * (0,1) x=-.5:  HT(1) + HT(1.5 !) + HT(0) + HT(2 !) + HT(.5) + HT(2.5 !)
     *               = 1+1+0+1+.5+1                                        -> 4.5
     * (0,2) x=2:    HT(-1) + HT(-2.5 !) + HT(-2 !) + HT(0) = -1-1-1+0     -> -3
     * (1,0) x=.5:   HT(0) + HT(.5) + HT(1) + HT(-.5) + HT(-1.5 !) + HT(0) -> 0
     * (1,1) x=1.5:  HT(-1) + HT(-.5) + HT(-2 !) + HT(0) + HT(-1.5 !) + HT(.5)
     *               + HT(-2.5 !) + HT(-1) + HT(-.5)                       -> -5.5
     * (1,2) x=-1:   HT(2 !) + HT(.5) + HT(1) + HT(3 !) + HT(1.5 !) + HT(2 !) -> 5.5
     * (2,0) x=0:    HT(1.5 !) + HT(0) + HT(-1) + HT(.5)                   -> .5
     * (2,1) x=2.5:  HT(-1) + HT(-2.5 !) + HT(-.5) + HT(-3.5 !) + HT(-2 !) + HT(-1.5 !) -> -5.5
     * (2,2) x=1:    HT(-1) + HT(1) + HT(-.5) + HT(0)                      -> -.5
     * Without the clip (1,1) would be -10.5 and (2,1) -11. */
    static const float ones[9] = { 1, 1, 1, 1, 1, 1, 1, 1, 1 };
    static const float want[9] = { -1.0f, 4.5f, -3.0f, 0.0f, -5.5f, 5.5f, 0.5f, -5.5f, -0.5f };
    for (int k = 0; nash_adder_impls[k]; k++) {
        float got[9];
        run_hand_case(nash_adder_impls[k], DIR_BACKWARD_DATA, ones, got);
        expect_hand(nash_adder_impls[k], DIR_BACKWARD_DATA, got, want);
    }
}

Test(adder, hand_backward_weights_full_precision)
{
    /* dw[i][j] = sum_{p,q} (x[p+i-1][q+j-1] - w[i][j]) * dy[p][q], the full-precision
     * gradient (not sign); a padded tap reads x = 0 and gives -w[i][j] * dy[p][q].
     * dy = [1 2 -1; .5 1 0; -2 1 1]. Terms in (p,q) order:
     * (0,0) w=.5:  pad -.5*1, -.5*2, -.5*-1, -.5*.5; (1-.5)*1; (-.5-.5)*0; pad -.5*-2;
     *              (.5-.5)*1; (1.5-.5)*1 = -.5-1+.5-.25+.5+0+1+0+1          -> 1.25
     * (0,1) w=1:   pad -1, -2, +1; (1-1)*.5; (-.5-1)*1; (2-1)*0; (.5-1)*-2; (1.5-1)*1;
     *              (-1-1)*1 = -1-2+1+0-1.5+0+1+.5-2                         -> -4
     * (0,2) w=-.5: pad .5, 1, -.5; (-.5+.5)*.5; (2+.5)*1; pad .5*0; (1.5+.5)*-2;
     *              (-1+.5)*1; pad .5*1 = .5+1-.5+0+2.5+0-4-.5+.5            -> -.5
     * (1,0) w=1.5: pad -1.5*1; (1-1.5)*2; (-.5-1.5)*-1; pad -1.5*.5; (.5-1.5)*1;
     *              (1.5-1.5)*0; pad -1.5*-2; (0-1.5)*1; (2.5-1.5)*1
     *              = -1.5-1+2-.75-1+0+3-1.5+1                               -> .25
     * (1,1) w=0:   sum x*dy = 1-1-2+.25+1.5+0+0+2.5+1                       -> 3.25
     * (1,2) w=2:   (-.5-2)*1; (2-2)*2; pad -2*-1; (1.5-2)*.5; (-1-2)*1; pad -2*0;
     *              (2.5-2)*-2; (1-2)*1; pad -2*1 = -2.5+0+2-.25-3+0-1-1-2   -> -7.75
     * (2,0) w=-1:  pad 1*1; (.5+1)*2; (1.5+1)*-1; pad 1*.5; (0+1)*1; (2.5+1)*0; pad 1*-2;
     *              pad 1*1; pad 1*1 = 1+3-2.5+.5+1+0-2+1+1                  -> 3
     * (2,1) w=.5:  (.5-.5)*1; (1.5-.5)*2; (-1-.5)*-1; (0-.5)*.5; (2.5-.5)*1; (1-.5)*0;
     *              pad -.5*-2; pad -.5*1; pad -.5*1 = 0+2+1.5-.25+2+0+1-.5-.5 -> 5.25
     * (2,2) w=1:   (1.5-1)*1; (-1-1)*2; pad -1*-1; (2.5-1)*.5; (1-1)*1; pad -1*0;
     *              pad -1*-2; pad -1*1; pad -1*1 = .5-4+1+.75+0+0+2-1-1       -> -1.75
     * A sign-gradient (AdderNet's rejected variant) would give e.g. (1,1) = 1-1-1+.5+1+0+0+1+1
     * = 2.5, not 3.25. */
    static const float dy[9] = { 1.0f, 2.0f, -1.0f, 0.5f, 1.0f, 0.0f, -2.0f, 1.0f, 1.0f };
    static const float want[9] = { 1.25f, -4.0f, -0.5f, 0.25f, 3.25f, -7.75f, 3.0f, 5.25f, -1.75f };
    for (int k = 0; nash_adder_impls[k]; k++) {
        float got[9];
        run_hand_case(nash_adder_impls[k], DIR_BACKWARD_WEIGHTS, dy, got);
        expect_hand(nash_adder_impls[k], DIR_BACKWARD_WEIGHTS, got, want);
    }
}

/* ------------------------------------------------------------------------- */
/* Random shapes: every non-ref variant against ref.                          */

enum shape_kind { KIND_DENSE, KIND_DEPTHWISE, KIND_GROUPED, KIND_COUNT };

/* A random valid descriptor of the given kind, small enough for ASan runs. */
static void random_desc(tu_rng *r, enum shape_kind kind, nash_conv_desc *d)
{
    for (;;) {
        int n = tu_int(r, 1, 3), ic, oc, groups;
        switch (kind) {
        case KIND_DENSE:
            ic = tu_int(r, 1, 40);
            oc = tu_int(r, 1, 40);
            groups = 1;
            break;
        case KIND_DEPTHWISE:
            ic = oc = groups = tu_int(r, 1, 40);
            break;
        default:
            groups = tu_int(r, 2, 4);
            ic = groups * tu_int(r, 1, 10);
            oc = groups * tu_int(r, 1, 10);
            break;
        }
        int kh = tu_int(r, 1, 5), kw = tu_int(r, 1, 5);
        int sh = tu_int(r, 1, 2), sw = tu_int(r, 1, 2);
        int ph = tu_int(r, 0, kh - 1), pw = tu_int(r, 0, kw - 1);
        int ih = tu_int(r, 1, 13), iw = tu_int(r, 1, 13);
        if (ih + 2 * ph < kh || iw + 2 * pw < kw)
            continue;
        if (nash_conv_desc_init2(d, n, ic, ih, iw, oc, kh, kw, sh, sw, ph, pw, groups) != 0)
            continue;
        if (nash_conv_macs(d) > 1500000) /* keep the reference fast under ASan */
            continue;
        return;
    }
}

/* Fraction of input pixels that no in-bounds tap reads (their dx is 0 by construction). */
static double unread_fraction(const nash_conv_desc *d)
{
    int rows = 0, cols = 0;
    for (int h = 0; h < d->ih; h++) {
        int read = 0;
        for (int p = 0; p < d->oh && !read; p++)
            read = h - (p * d->sh - d->ph) >= 0 && h - (p * d->sh - d->ph) < d->kh;
        rows += read;
    }
    for (int w = 0; w < d->iw; w++) {
        int read = 0;
        for (int q = 0; q < d->ow && !read; q++)
            read = w - (q * d->sw - d->pw) >= 0 && w - (q * d->sw - d->pw) < d->kw;
        cols += read;
    }
    return 1.0 - (double)rows * cols / ((double)d->ih * d->iw);
}

/* Cases per direction; the random ones cycle dense, depthwise, grouped, so a variant that
 * declines grouped shapes (avx2) still runs more than 100 of them. */
#define RANDOM_CASES 180

/* Shapes a network really has (full blocks), run before the random ones:
 * n, ic, ih, iw, oc, kh, kw, sh, sw, ph, pw, groups. */
static const int fixed_shapes[][12] = {
    { 2, 16, 8, 8, 32, 3, 3, 2, 2, 1, 1, 1 },    /* ResNet-20 downsampling 3x3 */
    { 2, 32, 7, 7, 32, 3, 3, 1, 1, 1, 1, 32 },   /* depthwise 3x3 */
    { 1, 16, 6, 6, 16, 1, 1, 1, 1, 0, 0, 1 },    /* 1x1 shortcut */
    { 2, 32, 5, 5, 16, 3, 3, 1, 1, 1, 1, 2 },    /* grouped, 16 channels per group */
    { 1, 16, 32, 32, 16, 3, 3, 1, 1, 1, 1, 1 },  /* ResNet-20 stage 1 */
    { 1, 32, 16, 16, 32, 3, 3, 1, 1, 1, 1, 1 },  /* ResNet-20 stage 2 */
    { 3, 64, 8, 8, 64, 3, 3, 1, 1, 1, 1, 1 },    /* ResNet-20 stage 3 */
    { 1, 16, 32, 32, 32, 3, 3, 2, 2, 1, 1, 1 },  /* ResNet-20 stage 1 -> 2 */
    { 1, 32, 16, 16, 64, 3, 3, 2, 2, 1, 1, 1 },  /* ResNet-20 stage 2 -> 3 */
    { 2, 3, 32, 32, 16, 3, 3, 1, 1, 1, 1, 1 },   /* CIFAR image input, 3 channels */
};
#define FIXED_SHAPES ((int)(sizeof fixed_shapes / sizeof fixed_shapes[0]))

static void compare_with_ref(enum direction dir)
{
    const nash_conv_impl *ref = find_impl("ref");
    cr_assert(ref != NULL, "no ref in nash_adder_impls");
    int compared_variants = 0;
    for (int v = 0; nash_adder_impls[v]; v++) {
        const nash_conv_impl *impl = nash_adder_impls[v];
        if (impl == ref)
            continue;
        if (!nash_isa_has(impl->isa)) { /* e.g. avx2 under NASH_ISA=none */
            fprintf(stderr, "adder %s: variant %s skipped, CPU lacks its ISA\n",
                    direction_names[dir], impl->name);
            continue;
        }
        tu_rng rng = { 0xadde5 + (uint64_t)dir, 0 };
        double worst = 0.0;
        int cases = 0;
        for (int k = 0; k < RANDOM_CASES; k++) {
            nash_conv_desc d;
            if (k < FIXED_SHAPES) {
                const int *f = fixed_shapes[k];
                cr_assert_eq(nash_conv_desc_init2(&d, f[0], f[1], f[2], f[3], f[4], f[5], f[6],
                                                  f[7], f[8], f[9], f[10], f[11]),
                             0, "%s", nash_last_error());
            } else {
                random_desc(&rng, (enum shape_kind)(k % KIND_COUNT), &d);
            }
            char name[160];
            nash_conv_desc_str(&d, name, sizeof name);
            if (impl->unsupported(&d) || !nash_isa_has(impl->isa))
                continue;
            const int64_t x_size = nash_blocked_size(d.n, d.ic, d.ih, d.iw);
            const int64_t y_size = nash_blocked_size(d.n, d.oc, d.oh, d.ow);
            const int64_t w_size = (int64_t)d.oc * (d.ic / d.groups) * d.kh * d.kw;
            const int64_t out_size =
                dir == DIR_FORWARD ? y_size : dir == DIR_BACKWARD_DATA ? x_size : w_size;
            float *x = tu_alloc(x_size), *w = tu_alloc(w_size), *dy = tu_alloc(y_size);
            float *want = tu_alloc(out_size), *got = tu_alloc(out_size);
            for (int integer_pass = 1; integer_pass >= 0; integer_pass--) {
                uint64_t seed = 1000u * (uint64_t)k + 10u * (uint64_t)dir + (uint64_t)integer_pass;
                if (integer_pass) {
                    tu_fill_int(x, x_size, seed + 1, -3, 3);
                    tu_fill_int(w, w_size, seed + 2, -3, 3);
                    tu_fill_int(dy, y_size, seed + 3, -3, 3);
                } else {
                    /* |w - x| exceeds 1 often, so the HardTanh clip is exercised */
                    tu_fill_uniform(x, x_size, seed + 1, -2.0f, 2.0f);
                    tu_fill_uniform(w, w_size, seed + 2, -1.0f, 1.0f);
                    tu_fill_uniform(dy, y_size, seed + 3, -1.0f, 1.0f);
                }
                tu_zero_pad_lanes(x, d.n, d.ic, d.ih, d.iw);
                tu_zero_pad_lanes(dy, d.n, d.oc, d.oh, d.ow);
                run_direction(ref, dir, &d, x, w, dy, want, out_size);
                run_direction(impl, dir, &d, x, w, dy, got, out_size);
                int64_t at;
                double err = tu_rel_err(want, got, out_size, 1e-6, &at);
                if (integer_pass) {
                    cr_expect(err == 0.0,
                              "%s %s %s integer data: at %lld got %g, ref %g (rel err %.3e)",
                              impl->name, direction_names[dir], name, (long long)at,
                              at >= 0 ? got[at] : 0.0, at >= 0 ? want[at] : 0.0, err);
                } else {
                    cr_expect(err <= 1e-5, "%s %s %s float data: at %lld got %g, ref %g (rel err %.3e)",
                              impl->name, direction_names[dir], name, (long long)at,
                              at >= 0 ? got[at] : 0.0, at >= 0 ? want[at] : 0.0, err);
                    if (err > worst)
                        worst = err;
                    cases++;
                }
                if (dir == DIR_FORWARD) {
                    cr_expect(tu_pad_lanes_zero(got, d.n, d.oc, d.oh, d.ow),
                              "%s forward %s: pad lanes of y not zero", impl->name, name);
                } else if (dir == DIR_BACKWARD_DATA) {
                    cr_expect(tu_pad_lanes_zero(got, d.n, d.ic, d.ih, d.iw),
                              "%s backward_data %s: pad lanes of dx not zero", impl->name, name);
                }
                if (!integer_pass) { /* distrust results that are mostly zeros */
                    double z = dir == DIR_FORWARD
                                   ? tu_blocked_zero_fraction(want, d.n, d.oc, d.oh, d.ow)
                               : dir == DIR_BACKWARD_DATA
                                   ? tu_blocked_zero_fraction(want, d.n, d.ic, d.ih, d.iw) -
                                         unread_fraction(&d)
                                   : tu_zero_fraction(want, w_size);
                    cr_expect(z < 0.05, "%s %s: ref output has %.0f%% unexplained zeros",
                              direction_names[dir], name, 100.0 * z);
                }
            }
            free(x);
            free(w);
            free(dy);
            free(want);
            free(got);
        }
        cr_expect(cases >= 100, "%s %s: only %d cases ran", impl->name, direction_names[dir],
                  cases);
        tu_report_maxerr("adder", direction_names[dir], impl->name, worst, cases);
        compared_variants++;
    }
    cr_expect(compared_variants >= 1, "no non-ref adder variant to compare");
}

Test(adder, forward_matches_ref) { compare_with_ref(DIR_FORWARD); }
Test(adder, backward_data_matches_ref) { compare_with_ref(DIR_BACKWARD_DATA); }
Test(adder, backward_weights_matches_ref) { compare_with_ref(DIR_BACKWARD_WEIGHTS); }

/* ------------------------------------------------------------------------- */
/* The variant table and the choice rule.                                     */

Test(adder, table_null_terminated_ref_last)
{
    int count = 0;
    while (count < 64 && nash_adder_impls[count])
        count++;
    cr_assert(count >= 2 && count < 64, "table has %d entries (expected omp and ref at least)",
              count);
    cr_expect_str_eq(nash_adder_impls[count - 1]->name, "ref");
    for (int i = 0; i < count; i++) {
        const nash_conv_impl *impl = nash_adder_impls[i];
        cr_expect(impl->name && impl->unsupported && impl->scratch_bytes && impl->forward &&
                      impl->backward_data && impl->backward_weights,
                  "entry %d has a NULL field", i);
        for (int j = 0; j < i; j++)
            cr_expect_str_neq(impl->name, nash_adder_impls[j]->name, "duplicate name");
    }
    cr_expect(find_impl("omp") != NULL);
}

Test(adder, avx2_declines_only_grouped)
{
    const nash_conv_impl *avx2 = find_impl("avx2");
    cr_assert(avx2 != NULL, "no avx2 in nash_adder_impls");
    cr_expect_eq(avx2->isa, (unsigned)NASH_ISA_AVX2);
    nash_conv_desc dense, depthwise, grouped;
    cr_assert_eq(nash_conv_desc_init(&dense, 2, 16, 8, 8, 32, 3, 3, 1, 1, 1), 0);
    cr_assert_eq(nash_conv_desc_init(&depthwise, 1, 24, 7, 7, 24, 3, 3, 2, 1, 24), 0);
    cr_assert_eq(nash_conv_desc_init(&grouped, 1, 12, 5, 5, 8, 1, 1, 1, 0, 4), 0);
    cr_expect(avx2->unsupported(&dense) == NULL);
    cr_expect(avx2->unsupported(&depthwise) == NULL);
    const char *why = avx2->unsupported(&grouped);
    cr_expect(why != NULL && *why, "avx2 must give a reason for declining groups=4");
    nash_kernel_force(NULL);
    if (nash_isa_has(NASH_ISA_AVX2)) {
        cr_expect_str_eq(nash_adder_pick(&dense)->name, "avx2");
        cr_expect_str_eq(nash_adder_pick(&depthwise)->name, "avx2");
    }
    cr_expect_str_neq(nash_adder_pick(&grouped)->name, "avx2");
}

Test(adder, pick_usable_and_forcing)
{
    nash_conv_desc shapes[3];
    cr_assert_eq(nash_conv_desc_init(&shapes[0], 2, 16, 8, 8, 32, 3, 3, 1, 1, 1), 0);
    cr_assert_eq(nash_conv_desc_init(&shapes[1], 1, 24, 7, 7, 24, 3, 3, 2, 1, 24), 0);
    cr_assert_eq(nash_conv_desc_init(&shapes[2], 1, 12, 5, 5, 8, 1, 1, 1, 0, 4), 0);
    for (int s = 0; s < 3; s++) {
        const nash_conv_desc *d = &shapes[s];
        nash_kernel_force(NULL);
        const nash_conv_impl *impl = nash_adder_pick(d);
        cr_assert(impl != NULL);
        cr_expect(impl->unsupported(d) == NULL && nash_isa_has(impl->isa));

        nash_kernel_force("ref");
        impl = nash_adder_pick(d);
        cr_assert(impl != NULL);
        cr_expect_str_eq(impl->name, "ref");

        nash_kernel_force("omp");
        impl = nash_adder_pick(d);
        cr_assert(impl != NULL);
        cr_expect_str_eq(impl->name, "omp");

        /* a name no family has: the usual choice, the first usable entry */
        nash_kernel_force("no-such-variant");
        impl = nash_adder_pick(d);
        cr_assert(impl != NULL);
        cr_expect(impl->unsupported(d) == NULL && nash_isa_has(impl->isa));
        for (int i = 0; nash_adder_impls[i] && nash_adder_impls[i] != impl; i++)
            cr_expect(nash_adder_impls[i]->unsupported(d) != NULL ||
                          !nash_isa_has(nash_adder_impls[i]->isa),
                      "pick skipped usable entry %s", nash_adder_impls[i]->name);
    }
    nash_kernel_force(NULL);
}
