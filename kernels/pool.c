/*
 * pool.c — max, average and global average pooling on the nChw16c layout.
 *
 * Owns: nash_pool_desc_init (validation), the pooling variants (plain
 * reference, OpenMP over (image, channel block) planes), their table
 * nash_pool_impls and nash_pool_pick(). Does not own: the argmax buffer's
 * lifetime (the runtime keeps it from forward to backward).
 *
 * Semantics (PyTorch's MaxPool2d / AvgPool2d with ceil_mode=False):
 *  - windows start at o*stride - pad; taps outside the input are skipped (max:
 *    padding is -inf; avg: padding adds 0). Since pad <= K/2, every window
 *    holds at least one real tap, and never reaches past the padded input, so
 *    count_include_pad=1 always divides by KH*KW;
 *  - max: the first largest tap in (kh, kw) order wins; a NaN tap wins over
 *    anything (as in PyTorch), so NaN propagates to y and its gradient path;
 *  - the backward passes scatter dy into dx in output order, except the omp
 *    variant's separable 3x3 stride-1 path (NB201's avg_pool_3x3), which sums
 *    in another order and multiplies by the divisor's reciprocal: within a few
 *    ulp of the reference, the tolerance the tests hold every variant to.
 * Both variants touch only the (n, channel block) plane they work on, which is
 * why the OpenMP versions parallelise over those planes with no races (the
 * argmax of an output always lies in the same plane and lane of x).
 */
#include "nash_kernels.h"

#include <math.h>

int nash_pool_desc_init(nash_pool_desc *d, int n, int c, int ih, int iw, int k, int stride, int pad,
                        int count_include_pad)
{
    if (n < 1 || c < 1 || ih < 1 || iw < 1)
        return nash_fail("pool: input n%d c%d ih%d iw%d: every size must be >= 1", n, c, ih, iw);
    if (k < 1 || stride < 1 || pad < 0)
        return nash_fail("pool: kernel %d, stride %d, padding %d: need kernel >= 1, stride >= 1, "
                         "padding >= 0", k, stride, pad);
    if (pad > k / 2)
        return nash_fail("pool: padding %d exceeds half the kernel (%d / 2 = %d)", pad, k, k / 2);
    if (ih + 2 * pad < k || iw + 2 * pad < k)
        return nash_fail("pool: kernel %d larger than the padded input %dx%d (padding %d)", k, ih,
                         iw, pad);
    if (count_include_pad != 0 && count_include_pad != 1)
        return nash_fail("pool: count_include_pad is %d, expected 0 or 1", count_include_pad);
    /* max pooling stores winners as int32 blocked indices into x */
    int64_t x_size = nash_blocked_size(n, c, ih, iw);
    if (x_size > INT32_MAX)
        return nash_fail("pool: input n%d c%d ih%d iw%d has %lld elements, more than the int32 "
                         "argmax can index (%d)", n, c, ih, iw, (long long)x_size, INT32_MAX);
    *d = (nash_pool_desc){
        .n = n, .c = c, .ih = ih, .iw = iw,
        .oh = (ih + 2 * pad - k) / stride + 1, .ow = (iw + 2 * pad - k) / stride + 1,
        .kh = k, .kw = k, .sh = stride, .sw = stride, .ph = pad, .pw = pad,
        .count_include_pad = count_include_pad,
    };
    return 0;
}

/* The in-bounds part [*lo, *hi) of the window of output o along one axis. */
static inline void window_range(int o, int stride, int pad, int k, int size, int *lo, int *hi)
{
    int start = o * stride - pad;
    *lo = start < 0 ? 0 : start;
    *hi = start + k > size ? size : start + k;
}

/* Divisor of the average over a window with `taps` in-bounds taps. */
static inline float avg_divisor(const nash_pool_desc *d, int taps)
{
    return (float)(d->count_include_pad ? d->kh * d->kw : taps);
}

/* ------------------------------------------------------------------------- */
/* Reference: one channel at a time, explicit bounds checks.                  */

static void pool_ref_max_forward(const nash_pool_desc *d, const float *x, float *y,
                                 int32_t *argmax)
{
    int64_t y_size = nash_blocked_size(d->n, d->c, d->oh, d->ow);
    memset(y, 0, sizeof(float) * (size_t)y_size);
    memset(argmax, 0, sizeof(int32_t) * (size_t)y_size);
    for (int n = 0; n < d->n; n++)
        for (int c = 0; c < d->c; c++)
            for (int oh = 0; oh < d->oh; oh++)
                for (int ow = 0; ow < d->ow; ow++) {
                    float best = -INFINITY;
                    int64_t best_at = -1;
                    for (int kh = 0; kh < d->kh; kh++)
                        for (int kw = 0; kw < d->kw; kw++) {
                            int ih = oh * d->sh - d->ph + kh, iw = ow * d->sw - d->pw + kw;
                            if (ih < 0 || ih >= d->ih || iw < 0 || iw >= d->iw)
                                continue;
                            int64_t at = nash_blocked_index(d->c, d->ih, d->iw, n, c, ih, iw);
                            if (best_at < 0 || x[at] > best || isnan(x[at])) {
                                best = x[at];
                                best_at = at;
                            }
                        }
                    int64_t o = nash_blocked_index(d->c, d->oh, d->ow, n, c, oh, ow);
                    y[o] = best;
                    argmax[o] = (int32_t)best_at;
                }
}

static void pool_ref_max_backward(const nash_pool_desc *d, const float *dy, const int32_t *argmax,
                                  float *dx)
{
    int64_t x_size = nash_blocked_size(d->n, d->c, d->ih, d->iw);
    memset(dx, 0, sizeof(float) * (size_t)x_size);
    for (int n = 0; n < d->n; n++)
        for (int c = 0; c < d->c; c++)
            for (int oh = 0; oh < d->oh; oh++)
                for (int ow = 0; ow < d->ow; ow++) {
                    int64_t o = nash_blocked_index(d->c, d->oh, d->ow, n, c, oh, ow);
                    if (argmax[o] >= 0 && argmax[o] < x_size)
                        dx[argmax[o]] += dy[o];
                }
}

static void pool_ref_avg_forward(const nash_pool_desc *d, const float *x, float *y)
{
    memset(y, 0, sizeof(float) * (size_t)nash_blocked_size(d->n, d->c, d->oh, d->ow));
    for (int n = 0; n < d->n; n++)
        for (int c = 0; c < d->c; c++)
            for (int oh = 0; oh < d->oh; oh++)
                for (int ow = 0; ow < d->ow; ow++) {
                    float sum = 0.0f;
                    int taps = 0;
                    for (int kh = 0; kh < d->kh; kh++)
                        for (int kw = 0; kw < d->kw; kw++) {
                            int ih = oh * d->sh - d->ph + kh, iw = ow * d->sw - d->pw + kw;
                            if (ih < 0 || ih >= d->ih || iw < 0 || iw >= d->iw)
                                continue;
                            sum += x[nash_blocked_index(d->c, d->ih, d->iw, n, c, ih, iw)];
                            taps++;
                        }
                    y[nash_blocked_index(d->c, d->oh, d->ow, n, c, oh, ow)] =
                        sum / avg_divisor(d, taps);
                }
}

static void pool_ref_avg_backward(const nash_pool_desc *d, const float *dy, float *dx)
{
    memset(dx, 0, sizeof(float) * (size_t)nash_blocked_size(d->n, d->c, d->ih, d->iw));
    for (int n = 0; n < d->n; n++)
        for (int c = 0; c < d->c; c++)
            for (int oh = 0; oh < d->oh; oh++)
                for (int ow = 0; ow < d->ow; ow++) {
                    int h0, h1, w0, w1;
                    window_range(oh, d->sh, d->ph, d->kh, d->ih, &h0, &h1);
                    window_range(ow, d->sw, d->pw, d->kw, d->iw, &w0, &w1);
                    float share = dy[nash_blocked_index(d->c, d->oh, d->ow, n, c, oh, ow)] /
                                  avg_divisor(d, (h1 - h0) * (w1 - w0));
                    for (int ih = h0; ih < h1; ih++)
                        for (int iw = w0; iw < w1; iw++)
                            dx[nash_blocked_index(d->c, d->ih, d->iw, n, c, ih, iw)] += share;
                }
}

static void pool_ref_gap_forward(int n, int c, int h, int w, const float *x, float *y)
{
    for (int in = 0; in < n; in++)
        for (int ic = 0; ic < c; ic++) {
            float sum = 0.0f;
            for (int ih = 0; ih < h; ih++)
                for (int iw = 0; iw < w; iw++)
                    sum += x[nash_blocked_index(c, h, w, in, ic, ih, iw)];
            y[(int64_t)in * c + ic] = sum / (float)(h * w);
        }
}

static void pool_ref_gap_backward(int n, int c, int h, int w, const float *dy, float *dx)
{
    memset(dx, 0, sizeof(float) * (size_t)nash_blocked_size(n, c, h, w));
    for (int in = 0; in < n; in++)
        for (int ic = 0; ic < c; ic++) {
            float share = dy[(int64_t)in * c + ic] / (float)(h * w);
            for (int ih = 0; ih < h; ih++)
                for (int iw = 0; iw < w; iw++)
                    dx[nash_blocked_index(c, h, w, in, ic, ih, iw)] = share;
        }
}

/* ------------------------------------------------------------------------- */
/* OpenMP: one (image, channel block) plane per iteration, 16 lanes inside.   */

/* Real channels in block cb; lanes past it are padding. */
static inline int pool_lanes(int c, int cb)
{
    int left = c - cb * NASH_BLOCK;
    return left < NASH_BLOCK ? left : NASH_BLOCK;
}

static void pool_omp_max_forward(const nash_pool_desc *d, const float *x, float *y,
                                 int32_t *argmax)
{
    const int cbs = (int)nash_cblocks(d->c);
    #pragma omp parallel for collapse(2) schedule(static)
    for (int n = 0; n < d->n; n++)
        for (int cb = 0; cb < cbs; cb++) {
            const int lanes = pool_lanes(d->c, cb);
            const int64_t x_plane = ((int64_t)n * cbs + cb) * d->ih * d->iw * NASH_BLOCK;
            const int64_t y_plane = ((int64_t)n * cbs + cb) * d->oh * d->ow * NASH_BLOCK;
            for (int oh = 0; oh < d->oh; oh++)
                for (int ow = 0; ow < d->ow; ow++) {
                    int h0, h1, w0, w1;
                    window_range(oh, d->sh, d->ph, d->kh, d->ih, &h0, &h1);
                    window_range(ow, d->sw, d->pw, d->kw, d->iw, &w0, &w1);
                    /* the first in-bounds tap starts the race, as in the reference */
                    float best[NASH_BLOCK];
                    int32_t best_at[NASH_BLOCK];
                    int64_t first = x_plane + ((int64_t)h0 * d->iw + w0) * NASH_BLOCK;
                    #pragma omp simd
                    for (int l = 0; l < NASH_BLOCK; l++) {
                        best[l] = x[first + l];
                        best_at[l] = (int32_t)(first + l);
                    }
                    for (int ih = h0; ih < h1; ih++)
                        for (int iw = w0; iw < w1; iw++) {
                            int64_t at = x_plane + ((int64_t)ih * d->iw + iw) * NASH_BLOCK;
                            #pragma omp simd
                            for (int l = 0; l < NASH_BLOCK; l++) {
                                float v = x[at + l];
                                int wins = v > best[l] || isnan(v);
                                best[l] = wins ? v : best[l];
                                best_at[l] = wins ? (int32_t)(at + l) : best_at[l];
                            }
                        }
                    int64_t o = y_plane + ((int64_t)oh * d->ow + ow) * NASH_BLOCK;
                    #pragma omp simd
                    for (int l = 0; l < NASH_BLOCK; l++) {
                        y[o + l] = l < lanes ? best[l] : 0.0f;
                        argmax[o + l] = l < lanes ? best_at[l] : 0;
                    }
                }
        }
}

static void pool_omp_max_backward(const nash_pool_desc *d, const float *dy, const int32_t *argmax,
                                  float *dx)
{
    const int cbs = (int)nash_cblocks(d->c);
    const int64_t x_hw = (int64_t)d->ih * d->iw, y_hw = (int64_t)d->oh * d->ow;
    #pragma omp parallel for collapse(2) schedule(static)
    for (int n = 0; n < d->n; n++)
        for (int cb = 0; cb < cbs; cb++) {
            const int lanes = pool_lanes(d->c, cb);
            const int64_t plane = (int64_t)n * cbs + cb;
            memset(dx + plane * x_hw * NASH_BLOCK, 0, sizeof(float) * (size_t)(x_hw * NASH_BLOCK));
            const float *dyp = dy + plane * y_hw * NASH_BLOCK;
            const int32_t *amp = argmax + plane * y_hw * NASH_BLOCK;
            for (int64_t s = 0; s < y_hw; s++, dyp += NASH_BLOCK, amp += NASH_BLOCK) {
                /* lane l scatters into lane l of x: distinct targets within one pixel */
                #pragma omp simd
                for (int l = 0; l < lanes; l++)
                    dx[amp[l]] += dyp[l];
            }
        }
}

/* 3x3, stride 1, padding 1 average pooling — NB201's avg_pool_3x3, which a
 * proxy run over NB201 cells executes thousands of times (8.8 % of `nash
 * proxies` time with the generic loop below, which finds each output's window
 * and divides per lane). Here the box sum is separable: a vertical sum of up
 * to 3 rows per column, then 3 adjacent column sums, with a zero column on
 * each side; the divisor's reciprocal replaces the division (within 1 ulp of
 * the reference's quotient). Output size = input size for this shape. */
#define AVG3_MAX_W 256

static int avg3_fast(const nash_pool_desc *d)
{
    return d->kh == 3 && d->kw == 3 && d->sh == 1 && d->sw == 1 && d->ph == 1 && d->pw == 1 &&
           d->iw <= AVG3_MAX_W;
}

/* In-bounds taps of a 3-wide, padding-1 window centred on o along an axis of `size`. */
static inline int avg3_taps(int o, int size)
{
    return 1 + (o > 0) + (o + 1 < size);
}

/* inv[rows][cols] = 1 / divisor of a window with rows x cols in-bounds taps. */
static void avg3_inverses(const nash_pool_desc *d, float inv[4][4])
{
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++)
            inv[r][c] = 1.0f / (float)(d->count_include_pad ? 9 : (r * c > 0 ? r * c : 1));
}

static void avg3_clear_border_columns(float *col, int w)
{
    memset(col, 0, sizeof(float) * NASH_BLOCK);
    memset(col + (size_t)(w + 1) * NASH_BLOCK, 0, sizeof(float) * NASH_BLOCK);
}

/* out[j] = (col[j] + col[j+1] + col[j+2]) * scale[taps of column j] (scale
 * NULL: 1), for the w columns of a row; lanes >= `lanes` are 0. */
static void avg3_emit_row(const float *col, int w, int lanes, const float *scale, float *out)
{
    for (int j = 0; j < w; j++) {
        const float s = scale ? scale[avg3_taps(j, w)] : 1.0f;
        const float *c = col + (size_t)j * NASH_BLOCK;
        float *o = out + (int64_t)j * NASH_BLOCK;
        if (lanes == NASH_BLOCK) { /* gcc does not vectorise the select below */
            #pragma omp simd
            for (int l = 0; l < NASH_BLOCK; l++)
                o[l] = (c[l] + c[l + NASH_BLOCK] + c[l + 2 * NASH_BLOCK]) * s;
        } else {
            for (int l = 0; l < NASH_BLOCK; l++)
                o[l] = l < lanes ? (c[l] + c[l + NASH_BLOCK] + c[l + 2 * NASH_BLOCK]) * s : 0.0f;
        }
    }
}

static void avg3_forward_plane(const nash_pool_desc *d, int lanes, const float *xp, float *yp)
{
    const int h = d->ih, w = d->iw;
    float inv[4][4];
    avg3_inverses(d, inv);
    float col[(AVG3_MAX_W + 2) * NASH_BLOCK];
    avg3_clear_border_columns(col, w);
    for (int oh = 0; oh < h; oh++) {
        const int r0 = oh > 0 ? oh - 1 : 0, r1 = oh + 1 < h ? oh + 1 : h - 1;
        for (int iw = 0; iw < w; iw++) {
            float *c = col + (size_t)(iw + 1) * NASH_BLOCK;
            const float *t = xp + ((int64_t)r0 * w + iw) * NASH_BLOCK;
            #pragma omp simd
            for (int l = 0; l < NASH_BLOCK; l++)
                c[l] = t[l];
            for (int r = r0 + 1; r <= r1; r++) {
                t += (int64_t)w * NASH_BLOCK;
                #pragma omp simd
                for (int l = 0; l < NASH_BLOCK; l++)
                    c[l] += t[l];
            }
        }
        avg3_emit_row(col, w, lanes, inv[r1 - r0 + 1], yp + (int64_t)oh * w * NASH_BLOCK);
    }
}

/* dx = the 3x3 box sum of s = dy / divisor (the outputs whose window holds a
 * tap are exactly the in-bounds outputs of the 3x3 window centred on it). */
static void avg3_backward_plane(const nash_pool_desc *d, int lanes, const float *dyp, float *dxp)
{
    const int h = d->ih, w = d->iw;
    float inv[4][4];
    avg3_inverses(d, inv);
    float col[(AVG3_MAX_W + 2) * NASH_BLOCK];
    avg3_clear_border_columns(col, w);
    for (int ih = 0; ih < h; ih++) {
        const int r0 = ih > 0 ? ih - 1 : 0, r1 = ih + 1 < h ? ih + 1 : h - 1;
        for (int ow = 0; ow < w; ow++) {
            const int cols = avg3_taps(ow, w);
            float *c = col + (size_t)(ow + 1) * NASH_BLOCK;
            #pragma omp simd
            for (int l = 0; l < NASH_BLOCK; l++)
                c[l] = 0.0f;
            for (int r = r0; r <= r1; r++) {
                const float scale = inv[avg3_taps(r, h)][cols];
                const float *t = dyp + ((int64_t)r * w + ow) * NASH_BLOCK;
                #pragma omp simd
                for (int l = 0; l < NASH_BLOCK; l++)
                    c[l] += t[l] * scale;
            }
        }
        avg3_emit_row(col, w, lanes, NULL, dxp + (int64_t)ih * w * NASH_BLOCK);
    }
}

static void pool_omp_avg_forward(const nash_pool_desc *d, const float *x, float *y)
{
    const int cbs = (int)nash_cblocks(d->c);
    if (avg3_fast(d)) {
        const int64_t plane = (int64_t)d->ih * d->iw * NASH_BLOCK;
        #pragma omp parallel for collapse(2) schedule(static)
        for (int n = 0; n < d->n; n++)
            for (int cb = 0; cb < cbs; cb++)
                avg3_forward_plane(d, pool_lanes(d->c, cb), x + ((int64_t)n * cbs + cb) * plane,
                                   y + ((int64_t)n * cbs + cb) * plane);
        return;
    }
    #pragma omp parallel for collapse(2) schedule(static)
    for (int n = 0; n < d->n; n++)
        for (int cb = 0; cb < cbs; cb++) {
            const int lanes = pool_lanes(d->c, cb);
            const float *xp = x + ((int64_t)n * cbs + cb) * d->ih * d->iw * NASH_BLOCK;
            float *yp = y + ((int64_t)n * cbs + cb) * d->oh * d->ow * NASH_BLOCK;
            for (int oh = 0; oh < d->oh; oh++)
                for (int ow = 0; ow < d->ow; ow++, yp += NASH_BLOCK) {
                    int h0, h1, w0, w1;
                    window_range(oh, d->sh, d->ph, d->kh, d->ih, &h0, &h1);
                    window_range(ow, d->sw, d->pw, d->kw, d->iw, &w0, &w1);
                    float sum[NASH_BLOCK] = {0};
                    for (int ih = h0; ih < h1; ih++)
                        for (int iw = w0; iw < w1; iw++) {
                            const float *tap = xp + ((int64_t)ih * d->iw + iw) * NASH_BLOCK;
                            #pragma omp simd
                            for (int l = 0; l < NASH_BLOCK; l++)
                                sum[l] += tap[l];
                        }
                    float divisor = avg_divisor(d, (h1 - h0) * (w1 - w0));
                    #pragma omp simd
                    for (int l = 0; l < NASH_BLOCK; l++)
                        yp[l] = l < lanes ? sum[l] / divisor : 0.0f;
                }
        }
}

static void pool_omp_avg_backward(const nash_pool_desc *d, const float *dy, float *dx)
{
    const int cbs = (int)nash_cblocks(d->c);
    if (avg3_fast(d)) {
        const int64_t plane = (int64_t)d->ih * d->iw * NASH_BLOCK;
        #pragma omp parallel for collapse(2) schedule(static)
        for (int n = 0; n < d->n; n++)
            for (int cb = 0; cb < cbs; cb++)
                avg3_backward_plane(d, pool_lanes(d->c, cb), dy + ((int64_t)n * cbs + cb) * plane,
                                    dx + ((int64_t)n * cbs + cb) * plane);
        return;
    }
    const int64_t x_hw = (int64_t)d->ih * d->iw;
    #pragma omp parallel for collapse(2) schedule(static)
    for (int n = 0; n < d->n; n++)
        for (int cb = 0; cb < cbs; cb++) {
            const int lanes = pool_lanes(d->c, cb);
            float *dxp = dx + ((int64_t)n * cbs + cb) * x_hw * NASH_BLOCK;
            const float *dyp = dy + ((int64_t)n * cbs + cb) * d->oh * d->ow * NASH_BLOCK;
            memset(dxp, 0, sizeof(float) * (size_t)(x_hw * NASH_BLOCK));
            for (int oh = 0; oh < d->oh; oh++)
                for (int ow = 0; ow < d->ow; ow++, dyp += NASH_BLOCK) {
                    int h0, h1, w0, w1;
                    window_range(oh, d->sh, d->ph, d->kh, d->ih, &h0, &h1);
                    window_range(ow, d->sw, d->pw, d->kw, d->iw, &w0, &w1);
                    float divisor = avg_divisor(d, (h1 - h0) * (w1 - w0));
                    float share[NASH_BLOCK];
                    #pragma omp simd
                    for (int l = 0; l < NASH_BLOCK; l++)
                        share[l] = l < lanes ? dyp[l] / divisor : 0.0f;
                    for (int ih = h0; ih < h1; ih++)
                        for (int iw = w0; iw < w1; iw++) {
                            float *tap = dxp + ((int64_t)ih * d->iw + iw) * NASH_BLOCK;
                            #pragma omp simd
                            for (int l = 0; l < NASH_BLOCK; l++)
                                tap[l] += share[l];
                        }
                }
        }
}

static void pool_omp_gap_forward(int n, int c, int h, int w, const float *x, float *y)
{
    const int cbs = (int)nash_cblocks(c);
    const int64_t hw = (int64_t)h * w;
    #pragma omp parallel for collapse(2) schedule(static)
    for (int in = 0; in < n; in++)
        for (int cb = 0; cb < cbs; cb++) {
            const float *xp = x + ((int64_t)in * cbs + cb) * hw * NASH_BLOCK;
            float sum[NASH_BLOCK] = {0};
            for (int64_t s = 0; s < hw; s++, xp += NASH_BLOCK) {
                #pragma omp simd
                for (int l = 0; l < NASH_BLOCK; l++)
                    sum[l] += xp[l];
            }
            const int lanes = pool_lanes(c, cb);
            for (int l = 0; l < lanes; l++)
                y[(int64_t)in * c + cb * NASH_BLOCK + l] = sum[l] / (float)(h * w);
        }
}

static void pool_omp_gap_backward(int n, int c, int h, int w, const float *dy, float *dx)
{
    const int cbs = (int)nash_cblocks(c);
    const int64_t hw = (int64_t)h * w;
    #pragma omp parallel for collapse(2) schedule(static)
    for (int in = 0; in < n; in++)
        for (int cb = 0; cb < cbs; cb++) {
            const int lanes = pool_lanes(c, cb);
            float share[NASH_BLOCK];
            for (int l = 0; l < NASH_BLOCK; l++)
                share[l] = l < lanes ? dy[(int64_t)in * c + cb * NASH_BLOCK + l] / (float)(h * w)
                                     : 0.0f;
            float *dxp = dx + ((int64_t)in * cbs + cb) * hw * NASH_BLOCK;
            for (int64_t s = 0; s < hw; s++, dxp += NASH_BLOCK) {
                #pragma omp simd
                for (int l = 0; l < NASH_BLOCK; l++)
                    dxp[l] = share[l];
            }
        }
}

/* ------------------------------------------------------------------------- */
/* Variant table.                                                             */

static const nash_pool_impl nash_pool_omp = {
    .name = "omp",
    .isa = 0,
    .max_forward = pool_omp_max_forward,
    .max_backward = pool_omp_max_backward,
    .avg_forward = pool_omp_avg_forward,
    .avg_backward = pool_omp_avg_backward,
    .gap_forward = pool_omp_gap_forward,
    .gap_backward = pool_omp_gap_backward,
};
static const nash_pool_impl nash_pool_ref = {
    .name = "ref",
    .isa = 0,
    .max_forward = pool_ref_max_forward,
    .max_backward = pool_ref_max_backward,
    .avg_forward = pool_ref_avg_forward,
    .avg_backward = pool_ref_avg_backward,
    .gap_forward = pool_ref_gap_forward,
    .gap_backward = pool_ref_gap_backward,
};

const nash_pool_impl *const nash_pool_impls[] = {&nash_pool_omp, &nash_pool_ref, NULL};

const nash_pool_impl *nash_pool_pick(void)
{
    NASH_PICK(nash_pool_impl, nash_pool_impls, 1);
}
