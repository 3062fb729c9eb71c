/*
 * test_shift.c — tests of kernels/shift.c: DeepShift-Q and -PS weights, the PS
 * backward rule, fixed-point activations and AdderNet's adaptive gradient scaling.
 *
 * Owns: hand-worked cases for every function (run on every variant in the
 * table), the log-domain rounding threshold 2^(p+0.5) checked on the floats
 * either side of it for every shift, every non-ref variant against ref on
 * random arrays of many lengths (bit-exact for the elementwise functions,
 * within one float ulp for the scaling, whose norm is a parallel reduction),
 * and the variant table.
 */
#include "test_util.h"

static const nash_shift_impl *find_impl(const char *name)
{
    for (int i = 0; nash_shift_impls[i]; i++)
        if (strcmp(nash_shift_impls[i]->name, name) == 0)
            return nash_shift_impls[i];
    return NULL;
}

static float q_one(const nash_shift_impl *impl, float w, int bits)
{
    float out = 12345.0f;
    impl->q_weights(1, &w, &out, bits);
    return out;
}

/* ------------------------------------------------------------------------- */
/* DeepShift-Q                                                                */

Test(shift, q_weights_hand_cases)
{
    for (int k = 0; nash_shift_impls[k]; k++) {
        const nash_shift_impl *impl = nash_shift_impls[k];
        const struct { float w; int bits; float want; const char *why; } cases[] = {
            { 0.0f, 5, 0.0f, "exact zero stays zero" },
            { -0.0f, 5, 0.0f, "negative zero stays zero" },
            { 0.75f, 5, 1.0f, "log2 .75 = -0.415 rounds to 0" },
            { 0.7f, 5, 0.5f, "log2 .7 = -0.515 rounds to -1" },
            { 0.72f, 5, 1.0f, "above 2^-0.5 = .7071: 1 (the arithmetic midpoint .75 would give .5)" },
            { -0.3f, 5, -0.25f, "log2 .3 = -1.737 rounds to -2, sign kept" },
            { 1e-9f, 5, 0x1p-15f, "below the floor 2^-15 (bits 5): raised to it" },
            /* 1e-9 is ABOVE 2^-31 = 4.7e-10: log2 1e-9 = -29.9 rounds to -30 */
            { 1e-9f, 6, 0x1p-30f, "inside the bits-6 range: 2^-30" },
            { 1e-10f, 6, 0x1p-31f, "below the floor 2^-31 (bits 6): raised to it" },
            { -1e-9f, 5, -0x1p-15f, "raised to the floor, sign kept" },
            { 3.0f, 5, 1.0f, "above 1: clamped to 2^0" },
            { -3.0f, 6, -1.0f, "below -1: clamped to -2^0" },
            { 1.0f, 5, 1.0f, "powers of two are fixed points" },
            { 0x1p-15f, 5, 0x1p-15f, "the floor itself" },
            { 0.25f, 5, 0.25f, "power of two" },
            { 0x1p-16f, 5, 0x1p-15f, "2^-16 is below the bits-5 floor" },
            { 0x1p-16f, 6, 0x1p-16f, "but inside the bits-6 range" },
        };
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            float got = q_one(impl, cases[c].w, cases[c].bits);
            cr_expect(got == cases[c].want, "%s q_weights(%g, bits %d) = %a, expected %a (%s)",
                      impl->name, cases[c].w, cases[c].bits, got, cases[c].want, cases[c].why);
        }
        float zero = q_one(impl, 0.0f, 5);
        cr_expect(!signbit(zero));
    }
}

Test(shift, q_weights_log_domain_threshold)
{
    /* For every shift p in range, the floats just below and just above the geometric midpoint
     * 2^(p+0.5) must give 2^p and 2^(p+1). */
    for (int k = 0; nash_shift_impls[k]; k++) {
        const nash_shift_impl *impl = nash_shift_impls[k];
        for (int bits = 5; bits <= 6; bits++) {
            int pmin = -((1 << (bits - 1)) - 1);
            for (int p = pmin; p < 0; p++) {
                double mid = ldexp(sqrt(2.0), p);
                float f = (float)mid, below, above;
                if ((double)f < mid) {
                    below = f;
                    above = nextafterf(f, INFINITY);
                } else {
                    above = f;
                    below = nextafterf(f, 0.0f);
                }
                cr_assert((double)below < mid && (double)above > mid);
                float want_below = ldexpf(1.0f, p), want_above = ldexpf(1.0f, p + 1);
                cr_expect(q_one(impl, below, bits) == want_below, "%s bits %d p %d: %a -> %a, want %a",
                          impl->name, bits, p, below, q_one(impl, below, bits), want_below);
                cr_expect(q_one(impl, above, bits) == want_above, "%s bits %d p %d: %a -> %a, want %a",
                          impl->name, bits, p, above, q_one(impl, above, bits), want_above);
                cr_expect(q_one(impl, -above, bits) == -want_above);
                /* the arithmetic midpoint 1.5 * 2^p is above the threshold: it rounds up */
                cr_expect(q_one(impl, 1.5f * ldexpf(1.0f, p), bits) == want_above);
            }
        }
    }
}

/* ------------------------------------------------------------------------- */
/* DeepShift-PS                                                               */

Test(shift, ps_weights_hand_cases)
{
    for (int k = 0; nash_shift_impls[k]; k++) {
        const nash_shift_impl *impl = nash_shift_impls[k];
        /* bits 5: P clamped to [-14, 0]; bits 6: [-30, 0] */
        const struct { float p, s; int bits; float want; const char *why; } cases[] = {
            { -2.3f, 0.8f, 5, 0.25f, "round(-2.3) = -2, sign(round .8) = +1" },
            { -2.7f, -0.9f, 5, -0.125f, "round(-2.7) = -3, sign(round -.9) = -1" },
            { 0.7f, 1.2f, 5, 1.0f, "P above 0 clamped to 0" },
            { -20.0f, 2.0f, 5, 0x1p-14f, "P below -14 clamped (bits 5)" },
            { -40.0f, -1.0f, 6, -0x1p-30f, "P below -30 clamped (bits 6)" },
            { -20.0f, 2.0f, 6, 0x1p-20f, "-20 inside the bits-6 range" },
            { -3.0f, 0.3f, 5, 0.0f, "round(.3) = 0: sign 0, weight pruned" },
            { -3.0f, -0.4f, 5, 0.0f, "round(-.4) = -0: sign 0" },
            { -3.0f, 0.5f, 5, 0.0f, "round half to even: round(.5) = 0" },
            { -3.0f, 1.5f, 5, 0.125f, "round(1.5) = 2: sign +1" },
            { -2.5f, 1.0f, 5, 0.25f, "round half to even: round(-2.5) = -2" },
            { -1.5f, 1.0f, 5, 0.25f, "round half to even: round(-1.5) = -2" },
        };
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            float got = 12345.0f;
            impl->ps_weights(1, &cases[c].p, &cases[c].s, &got, cases[c].bits);
            cr_expect(got == cases[c].want, "%s ps_weights(p %g, s %g, bits %d) = %a, expected %a (%s)",
                      impl->name, cases[c].p, cases[c].s, cases[c].bits, got, cases[c].want,
                      cases[c].why);
        }
    }
}

Test(shift, ps_backward_hand_cases)
{
    const float ln2 = 0.69314718055994530942f;
    const float wq[4] = { 0.25f, -0.125f, 0.0f, 1.0f };
    const float dwq[4] = { 2.0f, -4.0f, 3.0f, -0.5f };
    /* dp = dwq * wq * ln2: .5 ln2, .5 ln2, 0 (pruned weight: no shift gradient), -.5 ln2;
     * ds = dwq unchanged (STE through round and sign) */
    const float want_dp[4] = { 0.5f * ln2, 0.5f * ln2, 0.0f, -0.5f * ln2 };
    for (int k = 0; nash_shift_impls[k]; k++) {
        const nash_shift_impl *impl = nash_shift_impls[k];
        float dp[4], ds[4];
        impl->ps_backward(4, wq, dwq, dp, ds);
        for (int i = 0; i < 4; i++) {
            cr_expect(fabsf(dp[i] - want_dp[i]) <= 1e-7f, "%s dp[%d] = %g, expected %g", impl->name,
                      i, dp[i], want_dp[i]);
            cr_expect(ds[i] == dwq[i], "%s ds[%d] = %g, expected %g", impl->name, i, ds[i], dwq[i]);
        }
    }
}

/* ------------------------------------------------------------------------- */
/* Fixed point                                                                */

Test(shift, fixed_point_hand_cases)
{
    for (int k = 0; nash_shift_impls[k]; k++) {
        const nash_shift_impl *impl = nash_shift_impls[k];
        /* 3.2: grid .25, range [-4, 2^(3-1) - 1 = 3] as DeepShift's round_to_fixed */
        const struct { float x; int ib, fb; float want; const char *why; } cases[] = {
            { 1.3f, 3, 2, 1.25f, "floor(5.2) = 5" },
            { 1.49f, 3, 2, 1.25f, "floor, not round: floor(5.96) = 5 (round would give 1.5)" },
            { -1.3f, 3, 2, -1.5f, "negatives floor away from 0: floor(-5.2) = -6" },
            { -0.1f, 3, 2, -0.25f, "floor(-.4) = -1" },
            { 2.75f, 3, 2, 2.75f, "on the grid: unchanged" },
            { 2.9f, 3, 2, 2.75f, "floor(11.6) = 11" },
            { 3.9f, 3, 2, 3.0f, "floor(15.6) = 15 -> clamped to the top, 3" },
            { 5.0f, 3, 2, 3.0f, "clamped to 2^(I-1) - 1" },
            { -4.0f, 3, 2, -4.0f, "the bottom itself" },
            { -7.0f, 3, 2, -4.0f, "clamped to -2^(I-1)" },
            { 0.1f, 16, 16, 6553.0f / 65536.0f, "16.16: floor(6553.6) / 2^16" },
            { -40000.0f, 16, 16, -32768.0f, "16.16 bottom" },
            { 40000.0f, 16, 16, 32767.0f, "16.16 top: 2^15 - 1" },
            { 0.8f, 2, 4, 0.75f, "2.4: range [-2, 1], floor(12.8)/16 = .75" },
            { 2.0f, 2, 4, 1.0f, "2.4 top" },
        };
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            float got = 12345.0f;
            impl->fixed_point(1, &cases[c].x, &got, cases[c].ib, cases[c].fb);
            cr_expect(got == cases[c].want, "%s fixed_point(%g, %d.%d) = %.9g, expected %.9g (%s)",
                      impl->name, cases[c].x, cases[c].ib, cases[c].fb, got, cases[c].want,
                      cases[c].why);
        }
    }
}

/* ------------------------------------------------------------------------- */
/* Adaptive scaling                                                           */

Test(shift, adaptive_scale_norm_and_zero)
{
    for (int k = 0; nash_shift_impls[k]; k++) {
        const nash_shift_impl *impl = nash_shift_impls[k];
        const float eta = 0.2f;
        /* after scaling ||g|| = eta * sqrt(n), whatever the scale of g was */
        const int lengths[] = { 1, 7, 1000, 9000 };
        for (size_t li = 0; li < sizeof lengths / sizeof lengths[0]; li++) {
            int n = lengths[li];
            float *g = tu_alloc(n);
            tu_fill_uniform(g, n, 77 + li, -3e-3f, 3e-3f);
            impl->adder_adaptive_scale(n, g, eta);
            double sum_sq = 0.0;
            for (int i = 0; i < n; i++)
                sum_sq += (double)g[i] * g[i];
            double want = 0.2 * sqrt((double)n);
            cr_expect(fabs(sqrt(sum_sq) - want) <= 1e-5 * want, "%s n %d: norm %.9g, expected %.9g",
                      impl->name, n, sqrt(sum_sq), want);
            free(g);
        }
        /* one element: g = -3 -> -eta */
        float one = -3.0f;
        impl->adder_adaptive_scale(1, &one, eta);
        cr_expect(fabsf(one + 0.2f) <= 1e-7f, "%s: %g", impl->name, one);

        /* zero gradient: the norm is clamped at 1e-12, the result stays 0, no NaN */
        float zeros[100] = { 0 };
        impl->adder_adaptive_scale(100, zeros, eta);
        for (int i = 0; i < 100; i++)
            cr_expect(zeros[i] == 0.0f, "%s zero gradient: g[%d] = %g", impl->name, i, zeros[i]);

        /* tiny gradient, norm 1e-20 * 10 < 1e-12: scaled by eta * 10 / 1e-12, not normalised */
        float tiny[100];
        for (int i = 0; i < 100; i++)
            tiny[i] = 1e-20f;
        impl->adder_adaptive_scale(100, tiny, eta);
        double want_tiny = (double)1e-20f * 0.2 * 10.0 / 1e-12;
        cr_expect(fabs(tiny[0] - want_tiny) <= 1e-6 * want_tiny, "%s tiny: %g, expected %g",
                  impl->name, tiny[0], want_tiny);

        impl->adder_adaptive_scale(0, NULL, eta); /* n = 0 is a no-op */
    }
}

/* ------------------------------------------------------------------------- */
/* Every non-ref variant against ref on random arrays.                        */

/* Lengths 1..64 one by one, then random ones up to 5000, then two large (parallel) ones. */
static int64_t test_length(int k, tu_rng *r)
{
    if (k < 64)
        return k + 1;
    if (k < 112)
        return tu_int(r, 65, 5000);
    return k == 112 ? 20000 : 100003;
}
#define LENGTH_CASES 114

/* Weights spread over magnitudes 2^-40 .. 2^3, with exact zeros and threshold neighbours. */
static void fill_weights(float *w, int64_t n, uint64_t seed)
{
    for (int64_t i = 0; i < n; i++) {
        double u = tu_unit(seed, (uint64_t)i), v = tu_unit(seed + 1, (uint64_t)i);
        float mag = (float)ldexp(1.0 + v, (int)(-40 + 44 * u));
        if (tu_hash(seed + 2, (uint64_t)i) % 17 == 0)
            mag = 0.0f;
        else if (tu_hash(seed + 2, (uint64_t)i) % 17 == 1) /* just around 2^(p+0.5) */
            mag = nextafterf((float)ldexp(sqrt(2.0), -(int)(u * 20)), v < 0.5 ? 0.0f : 1.0f);
        w[i] = tu_hash(seed + 3, (uint64_t)i) & 1 ? -mag : mag;
    }
}

static int count_mismatches(const float *a, const float *b, int64_t n, int64_t *first)
{
    int bad = 0;
    *first = -1;
    for (int64_t i = 0; i < n; i++)
        if (!(a[i] == b[i])) {
            if (*first < 0)
                *first = i;
            bad++;
        }
    return bad;
}

Test(shift, elementwise_match_ref_exactly)
{
    const nash_shift_impl *ref = find_impl("ref");
    cr_assert(ref != NULL);
    for (int v = 0; nash_shift_impls[v]; v++) {
        const nash_shift_impl *impl = nash_shift_impls[v];
        if (impl == ref)
            continue;
        tu_rng rng = { 0x5f1f7, 0 };
        int cases = 0;
        double worst = 0.0; /* expected 0: these are bit-exact */
        for (int k = 0; k < LENGTH_CASES; k++) {
            int64_t n = test_length(k, &rng), at;
            float *in1 = tu_alloc(n), *in2 = tu_alloc(n), *want = tu_alloc(n), *got = tu_alloc(n);
            float *want2 = tu_alloc(n), *got2 = tu_alloc(n);
            const int bit_choices[] = { 5, 6, 2, 7, 8, 9 };
            for (int b = 0; b < 6; b++) {
                int bits = bit_choices[b];
                if (b >= 2 && k % 8 != 0) /* other widths (and the subnormal path): fewer lengths */
                    continue;
                fill_weights(in1, n, 100u * (uint64_t)k + (uint64_t)b);
                ref->q_weights(n, in1, want, bits);
                impl->q_weights(n, in1, got, bits);
                int bad = count_mismatches(want, got, n, &at);
                worst = fmax(worst, tu_rel_err(want, got, n, 1e-30, NULL));
                cr_expect(bad == 0, "%s q_weights n %lld bits %d: %d mismatches, first %a -> %a, ref %a",
                          impl->name, (long long)n, bits, bad, in1[at >= 0 ? at : 0],
                          got[at >= 0 ? at : 0], want[at >= 0 ? at : 0]);

                tu_fill_uniform(in1, n, 200u * (uint64_t)k + (uint64_t)b, -20.0f, 2.0f);
                tu_fill_uniform(in2, n, 300u * (uint64_t)k + (uint64_t)b, -2.0f, 2.0f);
                ref->ps_weights(n, in1, in2, want, bits);
                impl->ps_weights(n, in1, in2, got, bits);
                bad = count_mismatches(want, got, n, &at);
                worst = fmax(worst, tu_rel_err(want, got, n, 1e-30, NULL));
                cr_expect(bad == 0, "%s ps_weights n %lld bits %d: %d mismatches", impl->name,
                          (long long)n, bits, bad);
                cr_expect(tu_zero_fraction(want, n) < 0.5 || n < 64, "ps_weights mostly zero");
            }

            tu_fill_uniform(in1, n, 400u + (uint64_t)k, -1.0f, 1.0f);
            tu_fill_uniform(in2, n, 500u + (uint64_t)k, -1.0f, 1.0f);
            ref->ps_backward(n, in1, in2, want, want2);
            impl->ps_backward(n, in1, in2, got, got2);
            cr_expect(count_mismatches(want, got, n, &at) == 0 &&
                          count_mismatches(want2, got2, n, &at) == 0,
                      "%s ps_backward n %lld differs", impl->name, (long long)n);

            const int formats[][2] = { { 3, 2 }, { 16, 16 }, { 8, 8 }, { 4, 12 }, { 1, 4 } };
            for (int f = 0; f < 5; f++) {
                tu_fill_uniform(in1, n, 600u * (uint64_t)k + (uint64_t)f, -300.0f, 300.0f);
                for (int64_t i = 0; i < n; i += 3) /* a third small, near the grid */
                    in1[i] *= 1e-2f;
                ref->fixed_point(n, in1, want, formats[f][0], formats[f][1]);
                impl->fixed_point(n, in1, got, formats[f][0], formats[f][1]);
                worst = fmax(worst, tu_rel_err(want, got, n, 1e-30, NULL));
                cr_expect(count_mismatches(want, got, n, &at) == 0,
                          "%s fixed_point %d.%d n %lld: x %.9g -> %.9g, ref %.9g", impl->name,
                          formats[f][0], formats[f][1], (long long)n, in1[at >= 0 ? at : 0],
                          got[at >= 0 ? at : 0], want[at >= 0 ? at : 0]);
            }
            cases++;
            free(in1);
            free(in2);
            free(want);
            free(got);
            free(want2);
            free(got2);
        }
        tu_report_maxerr("shift", "elementwise", impl->name, worst, cases);
    }
}

Test(shift, adaptive_scale_matches_ref)
{
    /* The norm is a parallel reduction in double: a different summation order can move the
     * double factor by an ulp, which can (very rarely) move a float result by one ulp. */
    const nash_shift_impl *ref = find_impl("ref");
    cr_assert(ref != NULL);
    for (int v = 0; nash_shift_impls[v]; v++) {
        const nash_shift_impl *impl = nash_shift_impls[v];
        if (impl == ref)
            continue;
        tu_rng rng = { 0xada, 0 };
        double worst = 0.0;
        int cases = 0;
        for (int k = 0; k < LENGTH_CASES; k++) {
            int64_t n = test_length(k, &rng);
            float *want = tu_alloc(n), *got = tu_alloc(n);
            tu_fill_uniform(want, n, 900u + (uint64_t)k, -0.05f, 0.05f);
            memcpy(got, want, sizeof(float) * (size_t)n);
            ref->adder_adaptive_scale(n, want, 0.2f);
            impl->adder_adaptive_scale(n, got, 0.2f);
            for (int64_t i = 0; i < n; i++) {
                double ulp = nextafterf(fabsf(want[i]), INFINITY) - fabsf(want[i]);
                cr_expect(fabs((double)got[i] - want[i]) <= ulp, "%s n %lld [%lld]: %.9g vs ref %.9g",
                          impl->name, (long long)n, (long long)i, got[i], want[i]);
            }
            double err = tu_rel_err(want, got, n, 1e-6, NULL);
            if (err > worst)
                worst = err;
            cases++;
            free(want);
            free(got);
        }
        tu_report_maxerr("shift", "adaptive_scale", impl->name, worst, cases);
    }
}

/* ------------------------------------------------------------------------- */

Test(shift, table_and_pick)
{
    int count = 0;
    while (count < 64 && nash_shift_impls[count])
        count++;
    cr_assert(count >= 2 && count < 64);
    cr_expect_str_eq(nash_shift_impls[count - 1]->name, "ref");
    for (int i = 0; i < count; i++) {
        const nash_shift_impl *impl = nash_shift_impls[i];
        cr_expect(impl->name && impl->q_weights && impl->ps_weights && impl->ps_backward &&
                      impl->fixed_point && impl->adder_adaptive_scale,
                  "entry %d has a NULL field", i);
    }
    nash_kernel_force(NULL);
    const nash_shift_impl *impl = nash_shift_pick();
    cr_assert(impl != NULL);
    cr_expect(nash_isa_has(impl->isa));
    nash_kernel_force("ref");
    cr_expect_str_eq(nash_shift_pick()->name, "ref");
    nash_kernel_force("omp");
    cr_expect_str_eq(nash_shift_pick()->name, "omp");
    nash_kernel_force("no-such-variant");
    cr_expect(nash_shift_pick() == nash_shift_impls[0] || !nash_isa_has(nash_shift_impls[0]->isa));
    nash_kernel_force(NULL);
}
