/*
 * test_shift_int8.c — tests of kernels/shift_int8.c, the int8 inference path
 * of shift conv layers.
 *
 * Owns: the weight code round trip (every representable exponent window, both
 * signs, flushing below the window, refusal of non-powers of two), the u8
 * quantiser on hand cases, every non-ref variant against the reference bit
 * for bit (int32 sums and dequantised floats) on 120 random shapes, and the
 * int8 path against the fp32 shift conv within a derived bound.
 */
#include "test_util.h"

#include "shift_int8.h"

/* ------------------------------------------------------------------------- */
/* Weight code                                                                */

Test(shift_int8, pack_round_trips_every_representable_weight)
{
    /* one output channel per window top p_hi; its weights: every exponent of the
     * window [p_hi - 6, p_hi], both signs, and zeros */
    const int tops[] = {0, -1, -5, -8, -14};
    const int n_tops = (int)(sizeof tops / sizeof tops[0]);
    const int per_oc = 2 * NASH_INT8_EXPONENTS + 2;
    nash_conv_desc d;
    cr_assert(nash_conv_desc_init2(&d, 1, per_oc, 1, 1, n_tops, 1, 1, 1, 1, 0, 0, 1) == 0);
    float w[5 * 16];
    for (int o = 0; o < n_tops; o++) {
        for (int e = 0; e < NASH_INT8_EXPONENTS; e++) {
            w[o * per_oc + 2 * e] = ldexpf(1.0f, tops[o] - e);
            w[o * per_oc + 2 * e + 1] = -ldexpf(1.0f, tops[o] - e);
        }
        w[o * per_oc + per_oc - 2] = 0.0f;
        w[o * per_oc + per_oc - 1] = -0.0f;
    }
    nash_shift_int8_weights pw;
    cr_assert(nash_shift_int8_pack(&pw, &d, w) == 0, "%s", nash_last_error());
    cr_expect(pw.flushed == 0, "%lld weights flushed, expected none", (long long)pw.flushed);
    cr_expect(pw.p_max == 0 && pw.p_min == -14 - 6, "exponent range [%d, %d], expected [-20, 0]",
              pw.p_min, pw.p_max);
    for (int64_t i = 0; i < (int64_t)n_tops * per_oc; i++) {
        const int m = pw.code[i];
        cr_expect(m == 0 || (abs(m) <= 64 && (abs(m) & (abs(m) - 1)) == 0),
                  "code %lld = %d is not 0 or +-2^e with e <= 6", (long long)i, m);
        cr_expect(nash_shift_int8_weight(&pw, i) == w[i], "weight %lld: %a decodes to %a",
                  (long long)i, (double)w[i], (double)nash_shift_int8_weight(&pw, i));
    }
    for (int o = 0; o < n_tops; o++)
        cr_expect(pw.code_sum[o] == 0, "out %d: code sum %d, expected 0 (+- pairs)", o,
                  pw.code_sum[o]);
    nash_shift_int8_weights_free(&pw);
}

Test(shift_int8, pack_flushes_below_the_window_and_refuses_non_powers)
{
    nash_conv_desc d;
    cr_assert(nash_conv_desc_init2(&d, 1, 4, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1) == 0);
    /* window of the channel: [2^-8, 2^-2]; 2^-9 and -2^-15 are below it */
    float w[4] = {0.25f, 0x1p-8f, 0x1p-9f, -0x1p-15f};
    nash_shift_int8_weights pw;
    cr_assert(nash_shift_int8_pack(&pw, &d, w) == 0, "%s", nash_last_error());
    cr_expect(pw.flushed == 2, "flushed %lld, expected 2", (long long)pw.flushed);
    cr_expect(pw.flushed_max == 0x1p-9f, "flushed max %a, expected 0x1p-9", (double)pw.flushed_max);
    cr_expect(pw.code[0] == 64 && pw.code[1] == 1 && pw.code[2] == 0 && pw.code[3] == 0,
              "codes %d %d %d %d, expected 64 1 0 0", pw.code[0], pw.code[1], pw.code[2],
              pw.code[3]);
    cr_expect(pw.scale[0] == 0x1p-8f, "scale %a, expected 0x1p-8", (double)pw.scale[0]);
    nash_shift_int8_weights_free(&pw);

    const float bad[] = {0.3f, NAN, INFINITY, 3.0f * 0x1p-4f};
    for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
        float wb[4] = {0.5f, 0.25f, bad[b], 1.0f};
        cr_expect(nash_shift_int8_pack(&pw, &d, wb) != 0, "weight %g was accepted", (double)bad[b]);
        cr_expect(strstr(nash_last_error(), "weight 2") != NULL, "message '%s' does not name weight 2",
                  nash_last_error());
    }
    nash_conv_desc dg;
    cr_assert(nash_conv_desc_init2(&dg, 1, 4, 3, 3, 4, 1, 1, 1, 1, 0, 0, 2) == 0);
    float wg[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    cr_expect(nash_shift_int8_pack(&pw, &dg, wg) != 0, "groups = 2 was accepted");
    cr_expect(nash_shift_int8_ref.unsupported(&dg) != NULL, "ref accepts groups = 2");
}

/* ------------------------------------------------------------------------- */
/* Activation quantisation                                                    */

Test(shift_int8, quantize_hand_cases)
{
    nash_act_quant q;
    cr_assert(nash_act_quant_init(&q, 0.0f, 2.55f) == 0);
    cr_expect(q.zero_point == 0 && fabsf(q.scale - 0.01f) < 1e-8f, "scale %g zp %d", (double)q.scale,
              q.zero_point);
    /* one pixel, 3 channels: pad lanes get the zero point */
    float x[16] = {0.0f, 2.55f, 0.0149f, 0.0151f, 1.0f, -1.0f, 9.0f};
    uint8_t xq[16];
    memset(xq, 77, sizeof xq);
    nash_act_quantize(&q, 1, 7, 1, 1, 0, 0, x, xq);
    const uint8_t want[7] = {0, 255, 1, 2, 100, 0, 255};
    for (int i = 0; i < 7; i++)
        cr_expect(xq[i] == want[i], "x %g -> %d, expected %d", (double)x[i], xq[i], want[i]);
    for (int i = 7; i < 16; i++)
        cr_expect(xq[i] == 0, "pad lane %d = %d, expected the zero point 0", i, xq[i]);

    cr_assert(nash_act_quant_init(&q, -2.0f, 1.27f) == 0);
    cr_expect(q.zero_point == 128 && fabsf(q.scale - 2.0f / 127.0f) < 1e-7f, "signed: scale %g zp %d",
              (double)q.scale, q.zero_point);
    float xs[16] = {0.0f, -2.0f, 2.0f, -5.0f, 1.0f};
    nash_act_quantize(&q, 1, 5, 1, 1, 0, 0, xs, xq);
    const uint8_t want_s[5] = {128, 1, 255, 0, 128 + 64}; /* 1 / (2/127) = 63.5 rounds up */
    for (int i = 0; i < 5; i++)
        cr_expect(xq[i] == want_s[i], "signed x %g -> %d, expected %d", (double)xs[i], xq[i],
                  want_s[i]);
    cr_expect(xq[5] == 128, "signed pad lane = %d, expected 128", xq[5]);
    cr_expect(nash_act_quant_init(&q, 0.0f, NAN) != 0, "a NaN range was accepted");
}

Test(shift_int8, quantize_equals_the_scalar_formula_everywhere)
{
    /* every lane of a buffer with 21 channels (a partial block), both zero points,
     * a border of 2 rows and 1 column: the (possibly vectorised) quantiser against
     * round-half-up of fma(x, 1/s, zp); border and pad lanes hold the zero point */
    const int n = 2, c = 21, h = 5, w = 7, ph = 2, pw = 1, hp = h + 2 * ph, wp = w + 2 * pw;
    const int64_t xn = nash_blocked_size(n, c, h, w), qn = nash_blocked_size(n, c, hp, wp);
    float *x = tu_alloc(xn);
    uint8_t *xq = malloc((size_t)qn);
    cr_assert(xq);
    for (int sgn = 0; sgn < 2; sgn++) {
        tu_fill_uniform(x, xn, 90 + (uint64_t)sgn, sgn ? -3.0f : -0.2f, 3.0f);
        x[5] = NAN;
        x[6] = INFINITY;
        x[7] = -INFINITY;
        nash_act_quant q;
        cr_assert(nash_act_quant_init(&q, sgn ? -2.5f : 0.0f, 2.5f) == 0);
        memset(xq, 77, (size_t)qn);
        nash_act_quantize(&q, n, c, h, w, ph, pw, x, xq);
        for (int img = 0; img < n; img++)
            for (int ch = 0; ch < (int)nash_cblocks(c) * NASH_BLOCK; ch++)
                for (int i = 0; i < hp; i++)
                    for (int j = 0; j < wp; j++) {
                        const int64_t at = nash_blocked_index(c, hp, wp, img, ch, i, j);
                        int want = q.zero_point;
                        if (ch < c && i >= ph && i < ph + h && j >= pw && j < pw + w) {
                            const float xv = x[nash_blocked_index(c, h, w, img, ch, i - ph, j - pw)];
                            const float v = fminf(
                                fmaxf(fmaf(xv, q.inv_scale, (float)q.zero_point), 0.0f), 255.0f);
                            want = (int)(v + 0.5f);
                        }
                        cr_assert(xq[at] == want, "zp %d: image %d channel %d (%d, %d) -> %d, "
                                  "expected %d", q.zero_point, img, ch, i, j, xq[at], want);
                    }
    }
    free(x);
    free(xq);
}

/* ------------------------------------------------------------------------- */
/* Random cases                                                               */

typedef struct int8_case {
    nash_conv_desc d;
    float *wq;        /* [OC][IC][KH][KW] powers of two (DeepShift-Q, 5 bits) */
    float *x;         /* blocked input */
    uint8_t *xq;
    nash_act_quant q;
    nash_shift_int8_weights pw;
    float *bias;
} int8_case;

/* A random shape (odd sizes, channels not a multiple of 16, stride 2, padding). */
static void random_case(int8_case *c, tu_rng *r, uint64_t seed, int is_signed, int exponents)
{
    int kh = tu_int(r, 1, 5), kw = tu_int(r, 1, 5);
    if (tu_int(r, 0, 2) == 0)
        kw = kh; /* square kernels often, as the nets use */
    const int ph = tu_int(r, 0, kh - 1 < 2 ? kh - 1 : 2), pw = tu_int(r, 0, kw - 1 < 2 ? kw - 1 : 2);
    const int ih = tu_int(r, kh > 2 * ph ? kh - 2 * ph : 1, 11);
    const int iw = tu_int(r, kw > 2 * pw ? kw - 2 * pw : 1, 13);
    cr_assert(nash_conv_desc_init2(&c->d, tu_int(r, 1, 2), tu_int(r, 1, 37), ih, iw,
                                   tu_int(r, 1, 35), kh, kw, tu_int(r, 1, 2), tu_int(r, 1, 2), ph,
                                   pw, 1) == 0,
              "%s", nash_last_error());
    const nash_conv_desc *d = &c->d;
    const int64_t wn = (int64_t)d->oc * d->ic * d->kh * d->kw;
    float *w = tu_alloc(wn);
    c->wq = tu_alloc(wn);
    tu_fill_uniform(w, wn, seed, -0.6f, 0.6f);
    for (int64_t i = 0; i < wn; i += 7)
        w[i] = 0.0f; /* pruned weights */
    nash_shift_pick()->q_weights(wn, w, c->wq, 5);
    free(w);
    const int64_t xn = nash_blocked_size(d->n, d->ic, d->ih, d->iw);
    c->x = tu_alloc(xn);
    c->xq = aligned_alloc(64, (size_t)(nash_shift_int8_input_bytes(d) + 63) / 64 * 64);
    cr_assert(c->xq);
    tu_fill_uniform(c->x, xn, seed + 1, is_signed ? -1.5f : 0.0f, 3.0f);
    if (!is_signed) /* post-ReLU: a third of the inputs exactly zero */
        for (int64_t i = 0; i < xn; i += 3)
            c->x[i] = 0.0f;
    tu_zero_pad_lanes(c->x, d->n, d->ic, d->ih, d->iw);
    float lo, hi;
    nash_blocked_range(d->n, d->ic, d->ih, d->iw, c->x, &lo, &hi);
    cr_assert(nash_act_quant_init(&c->q, lo, hi) == 0, "%s", nash_last_error());
    nash_act_quantize(&c->q, d->n, d->ic, d->ih, d->iw, d->ph, d->pw, c->x, c->xq);
    cr_assert(nash_shift_int8_pack_window(&c->pw, d, c->wq, exponents) == 0, "%s",
              nash_last_error());
    const int want_depth = exponents >= 7 ? 1 : exponents == 6 ? 2 : 4;
    cr_assert(c->pw.max_code <= 1 << (exponents - 1) &&
                  (c->pw.max_code < 1 << (exponents - 1) || c->pw.s16_depth == want_depth),
              "window %d: max code %d, s16 depth %d (expected %d)", exponents, c->pw.max_code,
              c->pw.s16_depth, want_depth);
    c->bias = NULL;
    if (tu_int(r, 0, 1)) {
        c->bias = tu_alloc(d->oc);
        tu_fill_uniform(c->bias, d->oc, seed + 2, -1.0f, 1.0f);
    }
}

static void free_case(int8_case *c)
{
    free(c->wq);
    free(c->x);
    free(c->xq);
    free(c->bias);
    nash_shift_int8_weights_free(&c->pw);
}

Test(shift_int8, variants_equal_reference_bit_for_bit)
{
    int ran = 0;
    for (int k = 0; nash_shift_int8_impls[k]; k++) {
        const nash_shift_int8_impl *impl = nash_shift_int8_impls[k];
        if (strcmp(impl->name, "ref") == 0 || !nash_isa_has(impl->isa))
            continue;
        tu_rng r = {.seed = 41, .i = 0};
        const int cases = 120;
        int64_t total_nonzero = 0, total_real = 0;
        for (int t = 0; t < cases; t++) {
            int8_case c;
            /* every window size: the s16 depths 1 (E = 7), 2 (E = 6) and 4 (E <= 5) */
            random_case(&c, &r, 1000 + (uint64_t)t, t % 3 == 2, 7 - t % 7);
            const nash_conv_desc *d = &c.d;
            char desc[160];
            nash_conv_desc_str(d, desc, sizeof desc);
            cr_assert(impl->unsupported(d) == NULL, "%s declines %s", impl->name, desc);
            const int64_t yn = nash_blocked_size(d->n, d->oc, d->oh, d->ow);
            int32_t *acc_ref = calloc((size_t)yn, sizeof *acc_ref);
            int32_t *acc_got = calloc((size_t)yn, sizeof *acc_got);
            float *y_ref = tu_alloc(yn), *y_got = tu_alloc(yn);
            cr_assert(acc_ref && acc_got);
            for (int64_t i = 0; i < yn; i++)
                acc_got[i] = INT32_MIN; /* a skipped element shows */
            tu_fill_nan(y_got, yn);
            nash_shift_int8_ref.forward(d, c.xq, &c.q, &c.pw, c.bias, y_ref, acc_ref);
            impl->forward(d, c.xq, &c.q, &c.pw, c.bias, y_got, acc_got);
            int64_t bad = -1, nonzero = 0;
            for (int64_t i = 0; i < yn; i++) {
                nonzero += acc_ref[i] != 0;
                if (bad < 0 && (acc_ref[i] != acc_got[i] ||
                                memcmp(&y_ref[i], &y_got[i], sizeof(float)) != 0))
                    bad = i;
            }
            cr_expect(bad < 0, "%s %s (zp %d, E %d): element %lld acc %d vs ref %d, y %a vs ref %a",
                      impl->name, desc, c.q.zero_point, c.pw.exponents, (long long)bad,
                      bad >= 0 ? acc_got[bad] : 0, bad >= 0 ? acc_ref[bad] : 0,
                      bad >= 0 ? (double)y_got[bad] : 0.0, bad >= 0 ? (double)y_ref[bad] : 0.0);
            total_nonzero += nonzero;
            total_real += (int64_t)d->n * d->oc * d->oh * d->ow;
            cr_expect(tu_pad_lanes_zero(y_got, d->n, d->oc, d->oh, d->ow), "%s: pad lanes of y not 0",
                      desc);
            free(acc_ref);
            free(acc_got);
            free(y_ref);
            free(y_got);
            free_case(&c);
        }
        cr_expect(total_nonzero > total_real / 2, "%s: only %lld of %lld sums non-zero (mistrusted)",
                  impl->name, (long long)total_nonzero, (long long)total_real);
        tu_report_maxerr("shift-int8", "fwd", impl->name, 0.0, cases);
        ran++;
    }
    if (!ran)
        cr_skip_test("no int8 variant besides ref runs on this CPU");
}

Test(shift_int8, extreme_inputs_and_codes_do_not_saturate)
{
    /* every input 255 and every code +-max_code: each vpmaddubsw lane and each s16
     * group sum is at its bound; the exact sum is known in closed form */
    for (int e = 1; e <= NASH_INT8_EXPONENTS; e++)
        for (int sign = -1; sign <= 1; sign += 2) {
            nash_conv_desc d;
            cr_assert(nash_conv_desc_init2(&d, 1, 37, 5, 6, 19, 3, 3, 1, 1, 1, 1, 1) == 0);
            const int64_t wn = (int64_t)d.oc * d.ic * 9, xn = nash_shift_int8_input_bytes(&d);
            float *wq = tu_alloc(wn);
            for (int64_t i = 0; i < wn; i++)
                wq[i] = (float)sign * 0.5f; /* every weight at the top of its window */
            nash_shift_int8_weights pw;
            cr_assert(nash_shift_int8_pack_window(&pw, &d, wq, e) == 0, "%s", nash_last_error());
            cr_assert(pw.max_code == 1 << (e - 1));
            uint8_t *xq = malloc((size_t)xn);
            cr_assert(xq);
            memset(xq, 255, (size_t)xn);
            nash_act_quant q = {.scale = 1.0f, .inv_scale = 1.0f, .zero_point = 0};
            const int64_t yn = nash_blocked_size(1, d.oc, d.oh, d.ow);
            int32_t *acc = calloc((size_t)yn, sizeof *acc);
            cr_assert(acc);
            nash_shift_int8_pick(&d)->forward(&d, xq, &q, &pw, NULL, NULL, acc);
            /* the centre pixel (2, 2) sees all 9 taps */
            const int64_t want = (int64_t)sign * 255 * pw.max_code * d.ic * 9;
            const int64_t at = nash_blocked_index(d.oc, d.oh, d.ow, 0, 7, 2, 2);
            cr_expect(acc[at] == want, "E %d sign %d: sum %d, expected %lld (s16 depth %d)", e, sign,
                      acc[at], (long long)want, pw.s16_depth);
            free(acc);
            free(xq);
            free(wq);
            nash_shift_int8_weights_free(&pw);
        }
}

/*
 * The int8 path against the fp32 shift conv (nash_conv_pick on the same
 * power-of-two weights). Write x = s (q - zp) + e. For x inside the
 * calibration range, |e| <= s/2 (1 + 2^-12) (rounding of x/s is below 2^-16 s).
 * For output o the int8 sum is sum_kept w (x - e) over in-bounds taps, with
 * the weights outside the channel's 7-exponent window ("flushed") missing, so
 *   |y_int8 - y_exact| <= s/2 (1 + 2^-12) sum_kept |w_o| + max|x| sum_flushed |w_o|
 *                         + 2^-23 |y_int8|          (float dequantisation),
 * and the fp32 conv's own rounding is at most K 2^-24 sum |w_o| max|x|
 * (K = IC KH KW terms, any summation order; Higham's gamma_K bound).
 * Summing all in-bounds / flushed terms over ALL taps only loosens the bound.
 */
static void check_against_fp32(int is_signed)
{
    tu_rng r = {.seed = is_signed ? 77 : 78, .i = 0};
    const int cases = 40;
    double worst_ratio = 0.0, worst_rel = 0.0;
    for (int t = 0; t < cases; t++) {
        int8_case c;
        random_case(&c, &r, 5000 + (uint64_t)t, is_signed, t % 2 ? 7 : 5);
        const nash_conv_desc *d = &c.d;
        char desc[160];
        nash_conv_desc_str(d, desc, sizeof desc);
        const int64_t yn = nash_blocked_size(d->n, d->oc, d->oh, d->ow);
        float *y32 = tu_alloc(yn), *y8 = tu_alloc(yn);
        const nash_conv_impl *conv = nash_conv_pick(d);
        void *scratch = aligned_alloc(64, (conv->scratch_bytes(d) + 127) / 64 * 64);
        cr_assert(scratch);
        conv->forward(d, c.x, c.wq, c.bias, y32, scratch);
        nash_shift_int8_pick(d)->forward(d, c.xq, &c.q, &c.pw, c.bias, y8, NULL);
        float lo, hi;
        nash_blocked_range(d->n, d->ic, d->ih, d->iw, c.x, &lo, &hi);
        const double xmax = fmax(fabs(lo), fabs(hi));
        const int64_t per_oc = (int64_t)d->ic * d->kh * d->kw;
        double ymax = 0.0, dmax = 0.0;
        int64_t bad = -1;
        double bad_diff = 0, bad_tol = 0;
        for (int o = 0; o < d->oc; o++) {
            double kept = 0.0, flushed = 0.0;
            for (int64_t i = 0; i < per_oc; i++) {
                const double a = fabs((double)c.wq[o * per_oc + i]);
                if (c.pw.code[o * per_oc + i] != 0)
                    kept += a;
                else
                    flushed += a;
            }
            const double tol_base = c.q.scale * 0.5 * (1.0 + 0x1p-12) * kept + xmax * flushed +
                                    (double)per_oc * 0x1p-24 * (kept + flushed) * xmax;
            for (int n = 0; n < d->n; n++)
                for (int p = 0; p < d->oh; p++)
                    for (int q = 0; q < d->ow; q++) {
                        const int64_t at = nash_blocked_index(d->oc, d->oh, d->ow, n, o, p, q);
                        const double diff = fabs((double)y8[at] - (double)y32[at]);
                        const double tol = tol_base + 0x1p-23 * fabs((double)y8[at]);
                        ymax = fmax(ymax, fabs((double)y32[at]));
                        dmax = fmax(dmax, diff);
                        if (tol > 0)
                            worst_ratio = fmax(worst_ratio, diff / tol);
                        if (!(diff <= tol) && bad < 0) {
                            bad = at;
                            bad_diff = diff;
                            bad_tol = tol;
                        }
                    }
        }
        cr_expect(bad < 0, "%s (zp %d): element %lld differs by %g, bound %g", desc,
                  c.q.zero_point, (long long)bad, bad_diff, bad_tol);
        cr_expect(ymax > 0.0, "%s: fp32 output all zero (mistrusted)", desc);
        worst_rel = fmax(worst_rel, ymax > 0 ? dmax / ymax : 0.0);
        free(scratch);
        free(y32);
        free(y8);
        free_case(&c);
    }
    /* the bound is not vacuous: the int8 result is close in relative terms too */
    cr_expect(worst_rel < 0.05, "largest |int8 - fp32| / max|fp32| = %g, expected < 5%%", worst_rel);
    fprintf(stderr, "nash-maxerr %-10s %-16s %-8s %.3e over %d cases (worst diff/bound %.3f)\n",
            "shift-int8", is_signed ? "vs-fp32-signed" : "vs-fp32-u8", "pick", worst_rel, cases,
            worst_ratio);
}

Test(shift_int8, int8_matches_fp32_shift_conv_within_quantisation_bound_u8)
{
    check_against_fp32(0);
}

Test(shift_int8, int8_matches_fp32_shift_conv_within_quantisation_bound_signed)
{
    check_against_fp32(1);
}

Test(shift_int8, table_and_forcing)
{
    int n = 0;
    while (nash_shift_int8_impls[n])
        n++;
    cr_assert(n >= 1 && strcmp(nash_shift_int8_impls[n - 1]->name, "ref") == 0,
              "the table must end with ref");
    nash_conv_desc d;
    cr_assert(nash_conv_desc_init(&d, 1, 16, 8, 8, 16, 3, 3, 1, 1, 1) == 0);
    nash_kernel_force("ref");
    const nash_shift_int8_impl *forced = nash_shift_int8_pick(&d);
    nash_kernel_force(NULL);
    cr_expect(forced == &nash_shift_int8_ref, "NASH_KERNEL=ref picked %s", forced->name);
    const nash_shift_int8_impl *best = nash_shift_int8_pick(&d);
    cr_expect(best == (nash_isa_has(NASH_ISA_AVX2) ? &nash_shift_int8_avx2 : &nash_shift_int8_ref),
              "picked %s", best->name);
}
