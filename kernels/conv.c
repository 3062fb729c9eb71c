/*
 * conv.c — conv2d: descriptor, reference implementation and variant table.
 *
 * Owns: nash_conv_desc_init / _init2 (shape validation with messages that
 * name the numbers), nash_conv_macs, nash_conv_desc_str, the plain-C
 * reference conv2d (forward, backward data, backward weights + bias) on the
 * blocked nChw16c layout, the table nash_conv_impls (fastest first, ref last),
 * nash_conv_pick and nash_conv_table_scratch_max (shared with adder2d, which
 * uses the same descriptor).
 * Does not own: the faster variants (conv_omp.c, conv_onednn.c, ...), the
 * adder2d op (adder.c), the layout itself (nash_kernels.h).
 *
 * The reference is written for reading, not speed: one output element per
 * iteration, gathered with explicit bounds checks, accumulated in double so
 * that it is the most accurate variant. No OpenMP here.
 */
#include "nash_kernels.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------- */
/* Descriptor                                                                 */

int nash_conv_desc_init2(nash_conv_desc *d, int n, int ic, int ih, int iw, int oc, int kh, int kw,
                         int sh, int sw, int ph, int pw, int groups)
{
    memset(d, 0, sizeof *d);
    const struct { const char *name; int value; } positive[] = {
        {"N", n}, {"IC", ic}, {"IH", ih}, {"IW", iw}, {"OC", oc}, {"KH", kh}, {"KW", kw},
        {"stride SH", sh}, {"stride SW", sw}, {"groups", groups},
    };
    for (size_t i = 0; i < sizeof positive / sizeof positive[0]; i++)
        if (positive[i].value <= 0)
            return nash_fail("conv: %s=%d must be positive", positive[i].name, positive[i].value);
    if (ph < 0 || pw < 0)
        return nash_fail("conv: padding PH=%d PW=%d must not be negative", ph, pw);
    if (ic % groups != 0)
        return nash_fail("conv: IC=%d not divisible by groups=%d", ic, groups);
    if (oc % groups != 0)
        return nash_fail("conv: OC=%d not divisible by groups=%d", oc, groups);
    /* A pad as large as the kernel would create outputs that see only padding. */
    if (ph >= kh || pw >= kw)
        return nash_fail("conv: padding PH=%d PW=%d must be smaller than the kernel KH=%d KW=%d",
                         ph, pw, kh, kw);
    if ((int64_t)ih + 2 * (int64_t)ph < kh || (int64_t)iw + 2 * (int64_t)pw < kw)
        return nash_fail("conv: kernel KH=%d KW=%d larger than the padded input %lldx%lld "
                         "(IH=%d IW=%d PH=%d PW=%d)",
                         kh, kw, (long long)ih + 2 * ph, (long long)iw + 2 * pw, ih, iw, ph, pw);

    d->n = n;
    d->ic = ic;
    d->ih = ih;
    d->iw = iw;
    d->oc = oc;
    d->kh = kh;
    d->kw = kw;
    d->sh = sh;
    d->sw = sw;
    d->ph = ph;
    d->pw = pw;
    d->groups = groups;
    d->oh = (ih + 2 * ph - kh) / sh + 1;
    d->ow = (iw + 2 * pw - kw) / sw + 1;
    return 0;
}

int nash_conv_desc_init(nash_conv_desc *d, int n, int ic, int ih, int iw, int oc, int kh, int kw,
                        int stride, int pad, int groups)
{
    return nash_conv_desc_init2(d, n, ic, ih, iw, oc, kh, kw, stride, stride, pad, pad, groups);
}

int64_t nash_conv_macs(const nash_conv_desc *d)
{
    return (int64_t)d->n * d->oc * d->oh * d->ow * (d->ic / d->groups) * d->kh * d->kw;
}

void nash_conv_desc_str(const nash_conv_desc *d, char *buf, size_t size)
{
    snprintf(buf, size, "n%dic%dih%diw%d_oc%doh%dow%d_kh%dkw%d_sh%dsw%d_ph%dpw%d_g%d", d->n, d->ic,
             d->ih, d->iw, d->oc, d->oh, d->ow, d->kh, d->kw, d->sh, d->sw, d->ph, d->pw,
             d->groups);
}

size_t nash_conv_table_scratch_max(const nash_conv_impl *const *table, const nash_conv_desc *d)
{
    /* Only variants that could be picked for d matter; asking the others for a size
     * would be asking them about a case they do not handle. */
    size_t most = 0;
    for (int i = 0; table[i]; i++) {
        const nash_conv_impl *impl = table[i];
        if (!nash_isa_has(impl->isa) || impl->unsupported(d) != NULL)
            continue;
        size_t bytes = impl->scratch_bytes(d);
        if (bytes > most)
            most = bytes;
    }
    return most;
}

/* ------------------------------------------------------------------------- */
/* Reference conv2d                                                           */

static const char *ref_unsupported(const nash_conv_desc *d)
{
    (void)d;
    return NULL; /* the reference handles every valid descriptor */
}

static size_t ref_scratch_bytes(const nash_conv_desc *d)
{
    (void)d;
    return 0;
}

/* x (N,IC,IH,IW) blocked, w (OC,IC/g,KH,KW), bias (OC) nullable -> y (N,OC,OH,OW) blocked */
static void ref_forward(const nash_conv_desc *d, const float *x, const float *w, const float *bias,
                        float *y, void *scratch)
{
    (void)scratch;
    const int icg = d->ic / d->groups, ocg = d->oc / d->groups;
    /* Zero everything first: the pad lanes of y must be zero. */
    memset(y, 0, sizeof(float) * (size_t)nash_blocked_size(d->n, d->oc, d->oh, d->ow));
    for (int n = 0; n < d->n; n++)
        for (int o = 0; o < d->oc; o++) {
            const int g = o / ocg;
            for (int p = 0; p < d->oh; p++)
                for (int q = 0; q < d->ow; q++) {
                    double sum = bias ? bias[o] : 0.0;
                    for (int c = 0; c < icg; c++)
                        for (int i = 0; i < d->kh; i++)
                            for (int j = 0; j < d->kw; j++) {
                                const int h = p * d->sh + i - d->ph;
                                const int v = q * d->sw + j - d->pw;
                                if (h < 0 || h >= d->ih || v < 0 || v >= d->iw)
                                    continue; /* padding reads zero */
                                const float xv = x[nash_blocked_index(d->ic, d->ih, d->iw, n,
                                                                      g * icg + c, h, v)];
                                const float wv = w[(((int64_t)o * icg + c) * d->kh + i) * d->kw + j];
                                sum += (double)xv * wv;
                            }
                    y[nash_blocked_index(d->oc, d->oh, d->ow, n, o, p, q)] = (float)sum;
                }
        }
}

/* w (OC,IC/g,KH,KW), dy (N,OC,OH,OW) blocked -> dx (N,IC,IH,IW) blocked; x unused */
static void ref_backward_data(const nash_conv_desc *d, const float *x, const float *w,
                              const float *dy, float *dx, void *scratch)
{
    (void)x;
    (void)scratch;
    const int icg = d->ic / d->groups, ocg = d->oc / d->groups;
    memset(dx, 0, sizeof(float) * (size_t)nash_blocked_size(d->n, d->ic, d->ih, d->iw));
    /* dx[n,c,h,v] gathers every output (p,q) whose tap (i,j) read input (h,v):
     * h = p*sh + i - ph, so p = (h + ph - i) / sh when that divides exactly. */
    for (int n = 0; n < d->n; n++)
        for (int c = 0; c < d->ic; c++) {
            const int g = c / icg, cl = c - g * icg;
            for (int h = 0; h < d->ih; h++)
                for (int v = 0; v < d->iw; v++) {
                    double sum = 0.0;
                    for (int ol = 0; ol < ocg; ol++)
                        for (int i = 0; i < d->kh; i++)
                            for (int j = 0; j < d->kw; j++) {
                                const int hp = h + d->ph - i, vq = v + d->pw - j;
                                if (hp < 0 || vq < 0 || hp % d->sh != 0 || vq % d->sw != 0)
                                    continue;
                                const int p = hp / d->sh, q = vq / d->sw;
                                if (p >= d->oh || q >= d->ow)
                                    continue;
                                const int o = g * ocg + ol;
                                const float dyv =
                                    dy[nash_blocked_index(d->oc, d->oh, d->ow, n, o, p, q)];
                                const float wv = w[(((int64_t)o * icg + cl) * d->kh + i) * d->kw + j];
                                sum += (double)dyv * wv;
                            }
                    dx[nash_blocked_index(d->ic, d->ih, d->iw, n, c, h, v)] = (float)sum;
                }
        }
}

/* x (N,IC,IH,IW) blocked, dy (N,OC,OH,OW) blocked -> dw (OC,IC/g,KH,KW), dbias (OC) nullable */
static void ref_backward_weights(const nash_conv_desc *d, const float *x, const float *w,
                                 const float *dy, float *dw, float *dbias, void *scratch)
{
    (void)w;
    (void)scratch;
    const int icg = d->ic / d->groups, ocg = d->oc / d->groups;
    for (int o = 0; o < d->oc; o++) {
        const int g = o / ocg;
        for (int c = 0; c < icg; c++)
            for (int i = 0; i < d->kh; i++)
                for (int j = 0; j < d->kw; j++) {
                    double sum = 0.0;
                    for (int n = 0; n < d->n; n++)
                        for (int p = 0; p < d->oh; p++)
                            for (int q = 0; q < d->ow; q++) {
                                const int h = p * d->sh + i - d->ph;
                                const int v = q * d->sw + j - d->pw;
                                if (h < 0 || h >= d->ih || v < 0 || v >= d->iw)
                                    continue;
                                const float xv = x[nash_blocked_index(d->ic, d->ih, d->iw, n,
                                                                      g * icg + c, h, v)];
                                const float dyv =
                                    dy[nash_blocked_index(d->oc, d->oh, d->ow, n, o, p, q)];
                                sum += (double)xv * dyv;
                            }
                    dw[(((int64_t)o * icg + c) * d->kh + i) * d->kw + j] = (float)sum;
                }
    }
    if (dbias)
        for (int o = 0; o < d->oc; o++) {
            double sum = 0.0;
            for (int n = 0; n < d->n; n++)
                for (int p = 0; p < d->oh; p++)
                    for (int q = 0; q < d->ow; q++)
                        sum += dy[nash_blocked_index(d->oc, d->oh, d->ow, n, o, p, q)];
            dbias[o] = (float)sum;
        }
}

const nash_conv_impl nash_conv_ref = {
    .name = "ref",
    .isa = 0,
    .unsupported = ref_unsupported,
    .scratch_bytes = ref_scratch_bytes,
    .forward = ref_forward,
    .backward_data = ref_backward_data,
    .backward_weights = ref_backward_weights,
};

/* ------------------------------------------------------------------------- */
/* Variant table and choice                                                   */

extern const nash_conv_impl nash_conv_onednn; /* conv_onednn.c */
extern const nash_conv_impl nash_conv_avx2;   /* conv_avx2.c */
extern const nash_conv_impl nash_conv_omp;    /* conv_omp.c */

const nash_conv_impl *const nash_conv_impls[] = {
    &nash_conv_onednn,
    &nash_conv_avx2,
    &nash_conv_omp,
    &nash_conv_ref,
    NULL,
};

const nash_conv_impl *nash_conv_pick(const nash_conv_desc *d)
{
    NASH_PICK(nash_conv_impl, nash_conv_impls, impl->unsupported(d) == NULL);
}
