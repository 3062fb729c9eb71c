/*
 * adder.c — AdderNet layer (adder2d): the plain-C reference and the variant table.
 *
 * Owns: nash_adder_ref (readable loops, explicit bounds checks, no OpenMP),
 * the table nash_adder_impls (fastest first, ref last) and nash_adder_pick().
 * Does not own: the descriptor (nash_conv_desc_init, conv.c), the faster
 * variants (adder_omp.c, ...), the adaptive gradient scaling (shift.c,
 * nash_shift_impl.adder_adaptive_scale) and BN after the layer (runtime/).
 *
 * The rules (research/nash-nasa-hybrid-ops.md §7.1, AdderNet CVPR'20):
 *   forward           y = -sum |x - w|; a tap in the zero padding reads x = 0
 *                     and so contributes -|w| (taps are NOT skipped);
 *   backward_data     dx = sum HardTanh(w - x) * dy over the in-bounds taps that
 *                     read the pixel (padded taps have no input to send to);
 *   backward_weights  dw = sum (x - w) * dy, the full-precision gradient (not
 *                     sign), so a padded tap gives -w * dy.
 * Weights are w[OC][IC/groups][KH][KW]; activations are nChw16c. The layer has
 * no bias: bias/dbias are ignored.
 *
 * The reference accumulates in double so that comparisons against it measure
 * the rounding of the fast variant, not of the reference.
 */
#include "nash_kernels.h"

#include <math.h>

extern const nash_conv_impl nash_adder_avx2; /* adder_avx2.c */
extern const nash_conv_impl nash_adder_omp;  /* adder_omp.c */

static float hardtanh(float z) { return z < -1.0f ? -1.0f : z > 1.0f ? 1.0f : z; }

/* x[n, c, h, w] of a blocked (N, C, H, W) buffer, or 0 when (h, w) is in the padding. */
static float read_padded(const float *x, int c_total, int h_total, int w_total, int n, int c, int h,
                         int w)
{
    if (h < 0 || h >= h_total || w < 0 || w >= w_total)
        return 0.0f;
    return x[nash_blocked_index(c_total, h_total, w_total, n, c, h, w)];
}

static const char *adder_ref_unsupported(const nash_conv_desc *d)
{
    (void)d;
    return NULL; /* the reference catches every valid descriptor */
}

static size_t adder_ref_scratch_bytes(const nash_conv_desc *d)
{
    (void)d;
    return 0;
}

/* x (N,IC,IH,IW) blocked, w (OC,IC/g,KH,KW) -> y (N,OC,OH,OW) blocked; bias ignored. */
static void adder_ref_forward(const nash_conv_desc *d, const float *x, const float *w,
                              const float *bias, float *y, void *scratch)
{
    (void)bias;
    (void)scratch;
    const int ic_per_group = d->ic / d->groups, oc_per_group = d->oc / d->groups;
    const int oc_padded = (int)nash_cblocks(d->oc) * NASH_BLOCK;
    for (int n = 0; n < d->n; n++)
        for (int o = 0; o < oc_padded; o++)
            for (int p = 0; p < d->oh; p++)
                for (int q = 0; q < d->ow; q++) {
                    double sum = 0.0; /* accumulated negative: pad lanes get +0, not -0 */
                    if (o < d->oc) {
                        int g = o / oc_per_group;
                        for (int c = 0; c < ic_per_group; c++)
                            for (int i = 0; i < d->kh; i++)
                                for (int j = 0; j < d->kw; j++) {
                                    float xv = read_padded(x, d->ic, d->ih, d->iw, n,
                                                           g * ic_per_group + c,
                                                           p * d->sh + i - d->ph,
                                                           q * d->sw + j - d->pw);
                                    float wv = w[((o * ic_per_group + c) * d->kh + i) * d->kw + j];
                                    sum -= fabs((double)xv - (double)wv);
                                }
                    }
                    y[nash_blocked_index(d->oc, d->oh, d->ow, n, o, p, q)] = (float)sum;
                }
}

/* x, w, dy (N,OC,OH,OW) blocked -> dx (N,IC,IH,IW) blocked. Written as a gather over
 * the taps that read each input pixel, so every dx element is one independent sum. */
static void adder_ref_backward_data(const nash_conv_desc *d, const float *x, const float *w,
                                    const float *dy, float *dx, void *scratch)
{
    (void)scratch;
    const int ic_per_group = d->ic / d->groups, oc_per_group = d->oc / d->groups;
    const int ic_padded = (int)nash_cblocks(d->ic) * NASH_BLOCK;
    for (int n = 0; n < d->n; n++)
        for (int c = 0; c < ic_padded; c++)
            for (int h = 0; h < d->ih; h++)
                for (int wi = 0; wi < d->iw; wi++) {
                    double sum = 0.0;
                    if (c < d->ic) {
                        int g = c / ic_per_group, c_in_group = c % ic_per_group;
                        float xv = x[nash_blocked_index(d->ic, d->ih, d->iw, n, c, h, wi)];
                        for (int og = 0; og < oc_per_group; og++) {
                            int o = g * oc_per_group + og;
                            for (int i = 0; i < d->kh; i++) {
                                /* output row p reads row h through tap i when p*sh + i - ph == h */
                                int pt = h + d->ph - i;
                                if (pt < 0 || pt % d->sh != 0 || pt / d->sh >= d->oh)
                                    continue;
                                int p = pt / d->sh;
                                for (int j = 0; j < d->kw; j++) {
                                    int qt = wi + d->pw - j;
                                    if (qt < 0 || qt % d->sw != 0 || qt / d->sw >= d->ow)
                                        continue;
                                    int q = qt / d->sw;
                                    float wv = w[((o * ic_per_group + c_in_group) * d->kh + i) *
                                                     d->kw + j];
                                    float g_out = dy[nash_blocked_index(d->oc, d->oh, d->ow, n, o,
                                                                        p, q)];
                                    sum += (double)hardtanh(wv - xv) * (double)g_out;
                                }
                            }
                        }
                    }
                    dx[nash_blocked_index(d->ic, d->ih, d->iw, n, c, h, wi)] = (float)sum;
                }
}

/* x, w, dy -> dw (OC,IC/g,KH,KW); dbias ignored (the layer has no bias). */
static void adder_ref_backward_weights(const nash_conv_desc *d, const float *x, const float *w,
                                       const float *dy, float *dw, float *dbias, void *scratch)
{
    (void)dbias;
    (void)scratch;
    const int ic_per_group = d->ic / d->groups, oc_per_group = d->oc / d->groups;
    for (int o = 0; o < d->oc; o++) {
        int g = o / oc_per_group;
        for (int c = 0; c < ic_per_group; c++)
            for (int i = 0; i < d->kh; i++)
                for (int j = 0; j < d->kw; j++) {
                    int widx = ((o * ic_per_group + c) * d->kh + i) * d->kw + j;
                    double wv = w[widx], sum = 0.0;
                    for (int n = 0; n < d->n; n++)
                        for (int p = 0; p < d->oh; p++)
                            for (int q = 0; q < d->ow; q++) {
                                /* a padded tap reads x = 0 and so gives -w * dy */
                                float xv = read_padded(x, d->ic, d->ih, d->iw, n,
                                                       g * ic_per_group + c, p * d->sh + i - d->ph,
                                                       q * d->sw + j - d->pw);
                                float g_out = dy[nash_blocked_index(d->oc, d->oh, d->ow, n, o, p, q)];
                                sum += ((double)xv - wv) * (double)g_out;
                            }
                    dw[widx] = (float)sum;
                }
    }
}

const nash_conv_impl nash_adder_ref = {
    .name = "ref",
    .isa = 0,
    .unsupported = adder_ref_unsupported,
    .scratch_bytes = adder_ref_scratch_bytes,
    .forward = adder_ref_forward,
    .backward_data = adder_ref_backward_data,
    .backward_weights = adder_ref_backward_weights,
};

const nash_conv_impl *const nash_adder_impls[] = { &nash_adder_avx2, &nash_adder_omp, &nash_adder_ref,
                                                    NULL };

const nash_conv_impl *nash_adder_pick(const nash_conv_desc *d)
{
    NASH_PICK(nash_conv_impl, nash_adder_impls, impl->unsupported(d) == NULL);
}
