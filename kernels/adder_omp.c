/*
 * adder_omp.c — AdderNet layer (adder2d), OpenMP variant "omp" on nChw16c.
 *
 * Owns: nash_adder_omp, same semantics as the reference in adder.c (read its
 * header comment for the rules). Three paths, chosen from the descriptor:
 *   - groups == 1: weights reordered in scratch into 16x16 tiles so the inner
 *     loop runs over the 16 lanes of a channel block (output lanes for forward
 *     and weight gradients, input lanes for the data gradient);
 *   - depthwise (groups == IC == OC): one weight per lane and tap, the inner
 *     loop over the 16 channel lanes of a block;
 *   - any other grouping: a scalar loop, parallel over independent outputs.
 * Every parallel loop writes disjoint outputs (gathers, no atomics), so the
 * result does not depend on the thread count. The blocked loops run all 16
 * lanes of a block and rely on the contract's zero pad lanes in x and dy (a
 * pad lane then adds exactly 0). Does not own: hand-written AVX-512 (a later
 * variant), the adaptive gradient scaling (shift.c).
 */
#include "nash_kernels.h"
#include "weight_tiles.h"

#include <math.h>

#define B NASH_BLOCK

static float hardtanh(float z) { return z < -1.0f ? -1.0f : z > 1.0f ? 1.0f : z; }
static int min_int(int a, int b) { return a < b ? a : b; }

typedef enum { PATH_BLOCKED, PATH_DEPTHWISE, PATH_GROUPED } adder_path;

static adder_path path_of(const nash_conv_desc *d)
{
    if (d->groups == 1)
        return PATH_BLOCKED;
    if (d->groups == d->ic && d->groups == d->oc)
        return PATH_DEPTHWISE;
    return PATH_GROUPED;
}

static const char *adder_omp_unsupported(const nash_conv_desc *d)
{
    (void)d;
    return NULL;
}

/* PATH_BLOCKED: one 16x16 tile per (ocb, icb, i, j) plus, for forward, sum |w| per
 * (ocb, i, j, oc lane) — what a tap in the padding costs.
 * PATH_DEPTHWISE: w as [CB][KH][KW][16 lanes]. */
static size_t adder_omp_scratch_bytes(const nash_conv_desc *d)
{
    size_t taps = (size_t)d->kh * d->kw;
    size_t icb = (size_t)nash_cblocks(d->ic), ocb = (size_t)nash_cblocks(d->oc);
    switch (path_of(d)) {
    case PATH_BLOCKED:
        return sizeof(float) * (ocb * icb * taps * B * B + ocb * taps * B);
    case PATH_DEPTHWISE:
        return sizeof(float) * ocb * taps * B;
    default:
        return 0;
    }
}

/* ------------------------------------------------------------------------- */
/* groups == 1                                                               */

static void forward_blocked(const nash_conv_desc *d, const float *x, const float *w, float *y,
                            float *scratch)
{
    const int ocbs = (int)nash_cblocks(d->oc), icbs = (int)nash_cblocks(d->ic);
    float *tiles = scratch;
    float *pad_cost = scratch + (int64_t)ocbs * icbs * d->kh * d->kw * B * B;
    #pragma omp parallel
    {
        nash_reorder_weight_tiles(d, w, tiles, 0);
        /* pad_cost[ocb][i][j][oc lane] = sum_c |w[o][c][i][j]|: a padded tap reads x = 0 */
        #pragma omp for collapse(3) schedule(static)
        for (int ocb = 0; ocb < ocbs; ocb++)
            for (int i = 0; i < d->kh; i++)
                for (int j = 0; j < d->kw; j++) {
                    float *pc = pad_cost + (((int64_t)ocb * d->kh + i) * d->kw + j) * B;
                    for (int l = 0; l < B; l++)
                        pc[l] = 0.0f;
                    for (int icb = 0; icb < icbs; icb++) {
                        const float *t = tiles + nash_tile_oi(d, ocb, icb, i, j);
                        for (int icl = 0; icl < B; icl++) {
                            #pragma omp simd
                            for (int l = 0; l < B; l++)
                                pc[l] += fabsf(t[icl * B + l]);
                        }
                    }
                }
        #pragma omp for collapse(3) schedule(static)
        for (int n = 0; n < d->n; n++)
            for (int ocb = 0; ocb < ocbs; ocb++)
                for (int p = 0; p < d->oh; p++) {
                    const int oc_valid = min_int(B, d->oc - ocb * B);
                    float *yrow = y + (((int64_t)n * ocbs + ocb) * d->oh + p) * d->ow * B;
                    for (int q = 0; q < d->ow; q++) {
                        float acc[B] = {0};
                        for (int i = 0; i < d->kh; i++) {
                            int h = p * d->sh + i - d->ph;
                            for (int j = 0; j < d->kw; j++) {
                                int wc = q * d->sw + j - d->pw;
                                if (h < 0 || h >= d->ih || wc < 0 || wc >= d->iw) {
                                    const float *pc =
                                        pad_cost + (((int64_t)ocb * d->kh + i) * d->kw + j) * B;
                                    #pragma omp simd
                                    for (int l = 0; l < B; l++)
                                        acc[l] -= pc[l];
                                    continue;
                                }
                                for (int icb = 0; icb < icbs; icb++) {
                                    const float *xp =
                                        x + ((((int64_t)n * icbs + icb) * d->ih + h) * d->iw + wc) * B;
                                    const float *t = tiles + nash_tile_oi(d, ocb, icb, i, j);
                                    /* lanes outside, the 16 input channels inside with a constant
                                     * trip count: gcc unrolls them and keeps each lane's sum in a
                                     * register. Pad channels add |0 - 0| = 0. */
                                    #pragma omp simd
                                    for (int l = 0; l < B; l++) {
                                        float a = acc[l];
                                        for (int icl = 0; icl < B; icl++)
                                            a -= fabsf(xp[icl] - t[icl * B + l]);
                                        acc[l] = a;
                                    }
                                }
                            }
                        }
                        #pragma omp simd
                        for (int l = 0; l < B; l++)
                            yrow[q * B + l] = l < oc_valid ? acc[l] : 0.0f;
                    }
                }
    }
}

static void backward_data_blocked(const nash_conv_desc *d, const float *x, const float *w,
                                  const float *dy, float *dx, float *scratch)
{
    const int ocbs = (int)nash_cblocks(d->oc), icbs = (int)nash_cblocks(d->ic);
    float *tiles = scratch;
    #pragma omp parallel
    {
        nash_reorder_weight_tiles(d, w, tiles, 1);
        #pragma omp for collapse(3) schedule(static)
        for (int n = 0; n < d->n; n++)
            for (int icb = 0; icb < icbs; icb++)
                for (int h = 0; h < d->ih; h++) {
                    const int ic_valid = min_int(B, d->ic - icb * B);
                    const int64_t row = (((int64_t)n * icbs + icb) * d->ih + h) * d->iw * B;
                    for (int wc = 0; wc < d->iw; wc++) {
                        const float *xv = x + row + (int64_t)wc * B;
                        float acc[B] = {0};
                        /* output row p reads row h through tap i when p*sh + i - ph == h:
                         * i steps by sh from (h + ph) % sh while p counts down */
                        for (int i = (h + d->ph) % d->sh, p = (h + d->ph) / d->sh;
                             i < d->kh && p >= 0; i += d->sh, p--) {
                            if (p >= d->oh)
                                continue;
                            for (int j = (wc + d->pw) % d->sw, q = (wc + d->pw) / d->sw;
                                 j < d->kw && q >= 0; j += d->sw, q--) {
                                if (q >= d->ow)
                                    continue;
                                for (int ocb = 0; ocb < ocbs; ocb++) {
                                    const float *dyp =
                                        dy + ((((int64_t)n * ocbs + ocb) * d->oh + p) * d->ow + q) * B;
                                    const float *t = tiles + nash_tile_io(d, icb, ocb, i, j);
                                    /* clip first, in its own loop: fused with the product gcc
                                     * turns the clamp into branches and gives up vectorising */
                                    float clipped[B * B];
                                    for (int ocl = 0; ocl < B; ocl++) {
                                        #pragma omp simd
                                        for (int l = 0; l < B; l++)
                                            clipped[ocl * B + l] = hardtanh(t[ocl * B + l] - xv[l]);
                                    }
                                    /* pad output channels: dy = 0 there, so they add 0 */
                                    #pragma omp simd
                                    for (int l = 0; l < B; l++) {
                                        float a = acc[l];
                                        for (int ocl = 0; ocl < B; ocl++)
                                            a += clipped[ocl * B + l] * dyp[ocl];
                                        acc[l] = a;
                                    }
                                }
                            }
                        }
                        #pragma omp simd
                        for (int l = 0; l < B; l++)
                            dx[row + (int64_t)wc * B + l] = l < ic_valid ? acc[l] : 0.0f;
                    }
                }
    }
}

static void backward_weights_blocked(const nash_conv_desc *d, const float *x, const float *w,
                                     const float *dy, float *dw, float *scratch)
{
    const int ocbs = (int)nash_cblocks(d->oc), icbs = (int)nash_cblocks(d->ic);
    float *tiles = scratch;
    #pragma omp parallel
    {
        nash_reorder_weight_tiles(d, w, tiles, 0);
        #pragma omp for collapse(4) schedule(static)
        for (int ocb = 0; ocb < ocbs; ocb++)
            for (int icb = 0; icb < icbs; icb++)
                for (int i = 0; i < d->kh; i++)
                    for (int j = 0; j < d->kw; j++) {
                        const int oc_valid = min_int(B, d->oc - ocb * B);
                        const int ic_valid = min_int(B, d->ic - icb * B);
                        const float *t = tiles + nash_tile_oi(d, ocb, icb, i, j);
                        float acc[B][B] = {{0}};
                        /* padded taps give -w * dy: collect their dy and apply -w once */
                        float pad_dy[B] = {0};
                        for (int n = 0; n < d->n; n++)
                            for (int p = 0; p < d->oh; p++) {
                                const int h = p * d->sh + i - d->ph;
                                const int row_in = h >= 0 && h < d->ih;
                                for (int q = 0; q < d->ow; q++) {
                                    const int wc = q * d->sw + j - d->pw;
                                    const float *dyp =
                                        dy + ((((int64_t)n * ocbs + ocb) * d->oh + p) * d->ow + q) * B;
                                    if (!row_in || wc < 0 || wc >= d->iw) {
                                        #pragma omp simd
                                        for (int l = 0; l < B; l++)
                                            pad_dy[l] += dyp[l];
                                        continue;
                                    }
                                    const float *xp =
                                        x + ((((int64_t)n * icbs + icb) * d->ih + h) * d->iw + wc) * B;
                                    for (int icl = 0; icl < ic_valid; icl++) {
                                        const float xv = xp[icl];
                                        #pragma omp simd
                                        for (int l = 0; l < B; l++)
                                            acc[icl][l] += (xv - t[icl * B + l]) * dyp[l];
                                    }
                                }
                            }
                        for (int icl = 0; icl < ic_valid; icl++)
                            for (int ocl = 0; ocl < oc_valid; ocl++) {
                                int o = ocb * B + ocl, c = icb * B + icl;
                                dw[(((int64_t)o * d->ic + c) * d->kh + i) * d->kw + j] =
                                    acc[icl][ocl] - t[icl * B + ocl] * pad_dy[ocl];
                            }
                    }
    }
}

/* ------------------------------------------------------------------------- */
/* Depthwise: groups == IC == OC, w[c][0][i][j] -> scratch [CB][KH][KW][16].  */

static void forward_depthwise(const nash_conv_desc *d, const float *x, const float *w, float *y,
                              float *wd)
{
    const int cbs = (int)nash_cblocks(d->ic);
    #pragma omp parallel
    {
        nash_reorder_depthwise_taps(d, w, wd);
        #pragma omp for collapse(3) schedule(static)
        for (int n = 0; n < d->n; n++)
            for (int cb = 0; cb < cbs; cb++)
                for (int p = 0; p < d->oh; p++) {
                    const int64_t plane_in = ((int64_t)n * cbs + cb) * d->ih * d->iw * B;
                    float *yrow = y + (((int64_t)n * cbs + cb) * d->oh + p) * d->ow * B;
                    for (int q = 0; q < d->ow; q++) {
                        /* pad lanes: x = 0 and w = 0, so acc stays +0 */
                        float acc[B] = {0};
                        for (int i = 0; i < d->kh; i++) {
                            int h = p * d->sh + i - d->ph;
                            for (int j = 0; j < d->kw; j++) {
                                int wc = q * d->sw + j - d->pw;
                                const float *wt = wd + nash_dw_tap(d, cb, i, j);
                                if (h < 0 || h >= d->ih || wc < 0 || wc >= d->iw) {
                                    #pragma omp simd
                                    for (int l = 0; l < B; l++)
                                        acc[l] -= fabsf(wt[l]);
                                    continue;
                                }
                                const float *xp = x + plane_in + ((int64_t)h * d->iw + wc) * B;
                                #pragma omp simd
                                for (int l = 0; l < B; l++)
                                    acc[l] -= fabsf(xp[l] - wt[l]);
                            }
                        }
                        #pragma omp simd
                        for (int l = 0; l < B; l++)
                            yrow[q * B + l] = acc[l];
                    }
                }
    }
}

static void backward_data_depthwise(const nash_conv_desc *d, const float *x, const float *w,
                                    const float *dy, float *dx, float *wd)
{
    const int cbs = (int)nash_cblocks(d->ic);
    #pragma omp parallel
    {
        nash_reorder_depthwise_taps(d, w, wd);
        #pragma omp for collapse(3) schedule(static)
        for (int n = 0; n < d->n; n++)
            for (int cb = 0; cb < cbs; cb++)
                for (int h = 0; h < d->ih; h++) {
                    const int64_t row = (((int64_t)n * cbs + cb) * d->ih + h) * d->iw * B;
                    const int64_t plane_out = ((int64_t)n * cbs + cb) * d->oh * d->ow * B;
                    for (int wc = 0; wc < d->iw; wc++) {
                        const float *xv = x + row + (int64_t)wc * B;
                        /* pad lanes: dy = 0 there, so acc stays 0 */
                        float acc[B] = {0};
                        for (int i = (h + d->ph) % d->sh, p = (h + d->ph) / d->sh;
                             i < d->kh && p >= 0; i += d->sh, p--) {
                            if (p >= d->oh)
                                continue;
                            for (int j = (wc + d->pw) % d->sw, q = (wc + d->pw) / d->sw;
                                 j < d->kw && q >= 0; j += d->sw, q--) {
                                if (q >= d->ow)
                                    continue;
                                const float *wt = wd + nash_dw_tap(d, cb, i, j);
                                const float *dyp = dy + plane_out + ((int64_t)p * d->ow + q) * B;
                                #pragma omp simd
                                for (int l = 0; l < B; l++)
                                    acc[l] += hardtanh(wt[l] - xv[l]) * dyp[l];
                            }
                        }
                        #pragma omp simd
                        for (int l = 0; l < B; l++)
                            dx[row + (int64_t)wc * B + l] = acc[l];
                    }
                }
    }
}

static void backward_weights_depthwise(const nash_conv_desc *d, const float *x, const float *w,
                                       const float *dy, float *dw, float *wd)
{
    const int cbs = (int)nash_cblocks(d->ic);
    #pragma omp parallel
    {
        nash_reorder_depthwise_taps(d, w, wd);
        #pragma omp for collapse(3) schedule(static)
        for (int cb = 0; cb < cbs; cb++)
            for (int i = 0; i < d->kh; i++)
                for (int j = 0; j < d->kw; j++) {
                    const float *wt = wd + nash_dw_tap(d, cb, i, j);
                    float acc[B] = {0}, pad_dy[B] = {0};
                    for (int n = 0; n < d->n; n++) {
                        const int64_t plane_in = ((int64_t)n * cbs + cb) * d->ih * d->iw * B;
                        const int64_t plane_out = ((int64_t)n * cbs + cb) * d->oh * d->ow * B;
                        for (int p = 0; p < d->oh; p++) {
                            const int h = p * d->sh + i - d->ph;
                            const int row_in = h >= 0 && h < d->ih;
                            for (int q = 0; q < d->ow; q++) {
                                const int wc = q * d->sw + j - d->pw;
                                const float *dyp = dy + plane_out + ((int64_t)p * d->ow + q) * B;
                                if (!row_in || wc < 0 || wc >= d->iw) {
                                    #pragma omp simd
                                    for (int l = 0; l < B; l++)
                                        pad_dy[l] += dyp[l];
                                    continue;
                                }
                                const float *xp = x + plane_in + ((int64_t)h * d->iw + wc) * B;
                                #pragma omp simd
                                for (int l = 0; l < B; l++)
                                    acc[l] += (xp[l] - wt[l]) * dyp[l];
                            }
                        }
                    }
                    for (int l = 0; l < B && cb * B + l < d->ic; l++)
                        dw[((int64_t)(cb * B + l) * d->kh + i) * d->kw + j] =
                            acc[l] - wt[l] * pad_dy[l];
                }
    }
}

/* ------------------------------------------------------------------------- */
/* Any other grouping: scalar, parallel over independent outputs.            */

static float read_padded(const nash_conv_desc *d, const float *x, int n, int c, int h, int wc)
{
    if (h < 0 || h >= d->ih || wc < 0 || wc >= d->iw)
        return 0.0f;
    return x[nash_blocked_index(d->ic, d->ih, d->iw, n, c, h, wc)];
}

static void forward_grouped(const nash_conv_desc *d, const float *x, const float *w, float *y)
{
    const int icg = d->ic / d->groups, ocg = d->oc / d->groups;
    const int ocbs = (int)nash_cblocks(d->oc);
    #pragma omp parallel for collapse(3) schedule(static)
    for (int n = 0; n < d->n; n++)
        for (int ocb = 0; ocb < ocbs; ocb++)
            for (int p = 0; p < d->oh; p++)
                for (int q = 0; q < d->ow; q++)
                    for (int l = 0; l < B; l++) {
                        const int o = ocb * B + l;
                        float acc = 0.0f;
                        if (o < d->oc) {
                            const int g = o / ocg;
                            for (int c = 0; c < icg; c++)
                                for (int i = 0; i < d->kh; i++)
                                    for (int j = 0; j < d->kw; j++) {
                                        float xv = read_padded(d, x, n, g * icg + c,
                                                               p * d->sh + i - d->ph,
                                                               q * d->sw + j - d->pw);
                                        acc -= fabsf(xv - w[(((int64_t)o * icg + c) * d->kh + i) *
                                                                d->kw + j]);
                                    }
                        }
                        y[nash_blocked_index(d->oc, d->oh, d->ow, n, o, p, q)] = acc;
                    }
}

static void backward_data_grouped(const nash_conv_desc *d, const float *x, const float *w,
                                  const float *dy, float *dx)
{
    const int icg = d->ic / d->groups, ocg = d->oc / d->groups;
    const int icbs = (int)nash_cblocks(d->ic);
    #pragma omp parallel for collapse(3) schedule(static)
    for (int n = 0; n < d->n; n++)
        for (int icb = 0; icb < icbs; icb++)
            for (int h = 0; h < d->ih; h++)
                for (int wc = 0; wc < d->iw; wc++)
                    for (int l = 0; l < B; l++) {
                        const int c = icb * B + l;
                        const int64_t at = nash_blocked_index(d->ic, d->ih, d->iw, n, c, h, wc);
                        float acc = 0.0f;
                        if (c < d->ic) {
                            const int g = c / icg, cg = c % icg;
                            const float xv = x[at];
                            for (int i = 0; i < d->kh; i++) {
                                int pt = h + d->ph - i;
                                if (pt < 0 || pt % d->sh != 0 || pt / d->sh >= d->oh)
                                    continue;
                                for (int j = 0; j < d->kw; j++) {
                                    int qt = wc + d->pw - j;
                                    if (qt < 0 || qt % d->sw != 0 || qt / d->sw >= d->ow)
                                        continue;
                                    for (int og = 0; og < ocg; og++) {
                                        const int o = g * ocg + og;
                                        float wv = w[(((int64_t)o * icg + cg) * d->kh + i) * d->kw + j];
                                        acc += hardtanh(wv - xv) *
                                               dy[nash_blocked_index(d->oc, d->oh, d->ow, n, o,
                                                                     pt / d->sh, qt / d->sw)];
                                    }
                                }
                            }
                        }
                        dx[at] = acc;
                    }
}

static void backward_weights_grouped(const nash_conv_desc *d, const float *x, const float *w,
                                     const float *dy, float *dw)
{
    const int icg = d->ic / d->groups, ocg = d->oc / d->groups;
    #pragma omp parallel for collapse(2) schedule(static)
    for (int o = 0; o < d->oc; o++)
        for (int c = 0; c < icg; c++)
            for (int i = 0; i < d->kh; i++)
                for (int j = 0; j < d->kw; j++) {
                    const int g = o / ocg;
                    const int64_t widx = (((int64_t)o * icg + c) * d->kh + i) * d->kw + j;
                    const float wv = w[widx];
                    float acc = 0.0f;
                    for (int n = 0; n < d->n; n++)
                        for (int p = 0; p < d->oh; p++)
                            for (int q = 0; q < d->ow; q++) {
                                float xv = read_padded(d, x, n, g * icg + c, p * d->sh + i - d->ph,
                                                       q * d->sw + j - d->pw);
                                acc += (xv - wv) *
                                       dy[nash_blocked_index(d->oc, d->oh, d->ow, n, o, p, q)];
                            }
                    dw[widx] = acc;
                }
}

/* ------------------------------------------------------------------------- */

static void adder_omp_forward(const nash_conv_desc *d, const float *x, const float *w,
                              const float *bias, float *y, void *scratch)
{
    (void)bias; /* adder layers have no bias */
    switch (path_of(d)) {
    case PATH_BLOCKED: forward_blocked(d, x, w, y, scratch); break;
    case PATH_DEPTHWISE: forward_depthwise(d, x, w, y, scratch); break;
    default: forward_grouped(d, x, w, y); break;
    }
}

static void adder_omp_backward_data(const nash_conv_desc *d, const float *x, const float *w,
                                    const float *dy, float *dx, void *scratch)
{
    switch (path_of(d)) {
    case PATH_BLOCKED: backward_data_blocked(d, x, w, dy, dx, scratch); break;
    case PATH_DEPTHWISE: backward_data_depthwise(d, x, w, dy, dx, scratch); break;
    default: backward_data_grouped(d, x, w, dy, dx); break;
    }
}

static void adder_omp_backward_weights(const nash_conv_desc *d, const float *x, const float *w,
                                       const float *dy, float *dw, float *dbias, void *scratch)
{
    (void)dbias;
    switch (path_of(d)) {
    case PATH_BLOCKED: backward_weights_blocked(d, x, w, dy, dw, scratch); break;
    case PATH_DEPTHWISE: backward_weights_depthwise(d, x, w, dy, dw, scratch); break;
    default: backward_weights_grouped(d, x, w, dy, dw); break;
    }
}

const nash_conv_impl nash_adder_omp = {
    .name = "omp",
    .isa = 0,
    .unsupported = adder_omp_unsupported,
    .scratch_bytes = adder_omp_scratch_bytes,
    .forward = adder_omp_forward,
    .backward_data = adder_omp_backward_data,
    .backward_weights = adder_omp_backward_weights,
};
