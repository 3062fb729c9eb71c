/*
 * conv_omp.c — conv2d "omp": portable OpenMP direct convolution on nChw16c.
 *
 * Owns: the variant nash_conv_omp (forward, backward data, backward weights)
 * for every valid descriptor. No intrinsics: inner loops run over the 16
 * lanes of a channel block with `#pragma omp simd`, so gcc turns them into
 * one AVX-512 FMA per lane-vector (or two AVX2 ones). Hand-written AVX-512
 * kernels belong in conv_avx512.c, not here.
 *
 * Three paths, chosen from the descriptor (choose_path):
 *  - BLOCKED: groups == 1, or every group spans whole 16-channel blocks
 *    (IC/g and OC/g multiples of 16). Weights are reordered in scratch to
 *    [OCB][ICB/g][KH][KW][16 ic][16 oc]; the input is copied with its zero
 *    border into scratch so the inner loops need no bounds checks; each
 *    (n, ocb, oh) row is computed in tiles of OW_BLOCK outputs whose
 *    OW_BLOCK x 16 accumulators stay in registers.
 *    Backward data with stride 1 is the same forward kernel run on dy
 *    (padded by K-1-pad, possible because pad < kernel) with transposed,
 *    flipped weights; with stride > 1 each task owns one dx row and adds in
 *    every (dy row, tap) that reaches it, OW_BLOCK dy columns at a time
 *    through the same register tile, so no two threads write one element.
 *    Backward weights: one task per (ocb, icb, kh, kw), a 16x16 register
 *    block of dw summed over (n, oh, ow) (16 zmm with AVX-512; it spills
 *    with AVX2, hence about half the forward speed there).
 *  - DEPTHWISE: groups == IC == OC: every lane is its own channel, vectorise
 *    over the 16 lanes directly, OW_BLOCK outputs at a time.
 *  - SCALAR: other groupings (e.g. groups=2 on 24 channels, whose groups cut
 *    a channel block in two): the reference loops, parallelised over
 *    independent outputs.
 *
 * Measured (AVX2 build, 2 cores, n8 16->16 3x3 32x32): forward and backward
 * data ~105 GFLOP/s, backward weights ~55 GFLOP/s.
 */
#include "nash_kernels.h"

#include <string.h>

#define B NASH_BLOCK
#define OW_BLOCK 8 /* outputs per register tile: 8 accumulators of 16 lanes */

typedef enum { PATH_BLOCKED, PATH_DEPTHWISE, PATH_SCALAR } conv_path;

static conv_path choose_path(const nash_conv_desc *d)
{
    if (d->groups == 1)
        return PATH_BLOCKED;
    if (d->groups == d->ic && d->groups == d->oc)
        return PATH_DEPTHWISE;
    if ((d->ic / d->groups) % B == 0 && (d->oc / d->groups) % B == 0)
        return PATH_BLOCKED;
    return PATH_SCALAR;
}

/* Channel blocks per group on the BLOCKED path (groups == 1: all of them). */
static int icb_per_group(const nash_conv_desc *d)
{
    return d->groups == 1 ? (int)nash_cblocks(d->ic) : d->ic / d->groups / B;
}
static int ocb_per_group(const nash_conv_desc *d)
{
    return d->groups == 1 ? (int)nash_cblocks(d->oc) : d->oc / d->groups / B;
}

static size_t round_up_64_bytes(size_t floats) { return (floats + 15) / 16 * 16; }

static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

/* ------------------------------------------------------------------------- */
/* Scratch: sizes and layout. Everything is counted in floats, each region    */
/* starting on a 64-byte boundary.                                            */

/* Reordered weights of the BLOCKED path: [OCB][ICB/g][KH][KW][16][16]. */
static size_t blocked_weight_floats(const nash_conv_desc *d)
{
    return round_up_64_bytes((size_t)nash_cblocks(d->oc) * icb_per_group(d) * d->kh * d->kw * B * B);
}
/* Reordered depthwise weights: [CB][KH][KW][16]. */
static size_t depthwise_weight_floats(const nash_conv_desc *d)
{
    return round_up_64_bytes((size_t)nash_cblocks(d->ic) * d->kh * d->kw * B);
}
/* x with its zero border (none needed when there is no padding). */
static size_t padded_x_floats(const nash_conv_desc *d)
{
    if (d->ph == 0 && d->pw == 0)
        return 0;
    return round_up_64_bytes(
        (size_t)nash_blocked_size(d->n, d->ic, d->ih + 2 * d->ph, d->iw + 2 * d->pw));
}
/* Backward data with stride 1 runs a forward conv over dy padded by K-1-pad. */
static int bwd_data_is_transposed_conv(const nash_conv_desc *d)
{
    return d->sh == 1 && d->sw == 1;
}
static size_t padded_dy_floats(const nash_conv_desc *d)
{
    const int th = d->kh - 1 - d->ph, tw = d->kw - 1 - d->pw;
    if (th == 0 && tw == 0)
        return 0;
    return round_up_64_bytes(
        (size_t)nash_blocked_size(d->n, d->oc, d->oh + 2 * th, d->ow + 2 * tw));
}

static size_t omp_scratch_floats(const nash_conv_desc *d)
{
    size_t fwd = 0, bwd_data = 0, bwd_weights = 0;
    switch (choose_path(d)) {
    case PATH_BLOCKED:
        fwd = blocked_weight_floats(d) + padded_x_floats(d);
        bwd_data = blocked_weight_floats(d) /* same count, transposed */ +
                   (bwd_data_is_transposed_conv(d) ? padded_dy_floats(d) : 0);
        bwd_weights = padded_x_floats(d);
        break;
    case PATH_DEPTHWISE:
        fwd = depthwise_weight_floats(d) + padded_x_floats(d);
        bwd_data = depthwise_weight_floats(d);
        bwd_weights = padded_x_floats(d);
        break;
    case PATH_SCALAR:
        break;
    }
    size_t most = fwd > bwd_data ? fwd : bwd_data;
    return most > bwd_weights ? most : bwd_weights;
}

static const char *omp_unsupported(const nash_conv_desc *d)
{
    (void)d;
    return NULL;
}

static size_t omp_scratch_bytes(const nash_conv_desc *d)
{
    return omp_scratch_floats(d) * sizeof(float);
}

/* ------------------------------------------------------------------------- */
/* Shared helpers                                                             */

/* dst (N, CB, H+2*ph, W+2*pw, 16) = src (N, CB, H, W, 16) inside a zero border. */
static void pad_blocked(int n, int cb, int h, int w, int ph, int pw, const float *src, float *dst)
{
    const int hp = h + 2 * ph, wp = w + 2 * pw;
    #pragma omp parallel for collapse(3) schedule(static)
    for (int in = 0; in < n; in++)
        for (int b = 0; b < cb; b++)
            for (int r = 0; r < hp; r++) {
                float *drow = dst + (((int64_t)in * cb + b) * hp + r) * wp * B;
                const int sr = r - ph;
                if (sr < 0 || sr >= h) {
                    memset(drow, 0, sizeof(float) * (size_t)wp * B);
                    continue;
                }
                const float *srow = src + (((int64_t)in * cb + b) * h + sr) * w * B;
                memset(drow, 0, sizeof(float) * (size_t)pw * B);
                memcpy(drow + (int64_t)pw * B, srow, sizeof(float) * (size_t)w * B);
                memset(drow + (int64_t)(pw + w) * B, 0, sizeof(float) * (size_t)pw * B);
            }
}

/* Range [*lo, *hi) of output columns q whose tap j reads an input column
 * v = q*s + j - pad inside [0, in_w). */
static void valid_taps(int j, int s, int pad, int in_w, int out_w, int *lo, int *hi)
{
    const int first = pad - j; /* q*s >= pad - j */
    const int last = in_w - 1 + pad - j; /* q*s <= in_w - 1 + pad - j */
    *lo = first <= 0 ? 0 : (first + s - 1) / s;
    *hi = last < 0 ? 0 : last / s + 1;
    if (*hi > out_w)
        *hi = out_w;
    if (*lo > *hi)
        *lo = *hi;
}

/* ------------------------------------------------------------------------- */
/* BLOCKED path                                                               */

/* The blocked direct convolution every BLOCKED direction reduces to:
 * out (N, OCB, OH, OW, 16) from in (N, ICB, HP, WP, 16), whose border is
 * already padding (so no bounds checks), with weights
 * wb [OCB][ICBG][KH][KW][16 in lanes][16 out lanes]. Output block ob reads
 * input blocks [g*ICBG, (g+1)*ICBG) with g = ob / OCBG. */
typedef struct blocked_conv {
    int n;
    int in_cb, in_h, in_w;    /* padded input */
    int in_c;                 /* true input channels (lanes beyond it are zero) */
    int out_cb, out_h, out_w; /* output */
    int out_c;                /* true output channels (bias lanes beyond it are zero) */
    int kh, kw, sh, sw;
    int in_cb_per_group, out_cb_per_group;
} blocked_conv;

/* acc[r][0..15] += sum over the input lanes l < lanes of in[r][l] * w[l][0..15]:
 * one tile of `count` outputs along a row, their inputs `in_step` floats
 * apart. With a constant count (OW_BLOCK) gcc unrolls r and keeps acc in
 * registers. `lanes` < 16 skips the pad lanes of a last, partial block
 * (the 3-channel image input uses 3 of 16). */
static inline __attribute__((always_inline)) void tile_fma(float acc[OW_BLOCK][B], int count,
                                                           const float *in, int64_t in_step,
                                                           const float *w, int lanes)
{
    for (int l = 0; l < lanes; l++) {
        const float *wl = w + l * B;
        #pragma GCC unroll 8
        for (int r = 0; r < count; r++) {
            const float xv = in[r * in_step + l];
            #pragma omp simd
            for (int o = 0; o < B; o++)
                acc[r][o] += xv * wl[o];
        }
    }
}

static void blocked_conv_run(const blocked_conv *bc, const float *in, const float *wb,
                             const float *bias /* nullable, out_c */, float *out)
{
    const int64_t kernel_floats = (int64_t)bc->kh * bc->kw * B * B;
    #pragma omp parallel for collapse(3) schedule(static)
    for (int n = 0; n < bc->n; n++)
        for (int ob = 0; ob < bc->out_cb; ob++)
            for (int oh = 0; oh < bc->out_h; oh++) {
                const int g = ob / bc->out_cb_per_group;
                float lane_bias[B];
                for (int o = 0; o < B; o++) {
                    const int c = ob * B + o;
                    lane_bias[o] = bias && c < bc->out_c ? bias[c] : 0.0f;
                }
                float *orow = out + (((int64_t)n * bc->out_cb + ob) * bc->out_h + oh) * bc->out_w * B;
                for (int ow0 = 0; ow0 < bc->out_w; ow0 += OW_BLOCK) {
                    const int count = (int)min64(OW_BLOCK, bc->out_w - ow0);
                    float acc[OW_BLOCK][B];
                    for (int r = 0; r < OW_BLOCK; r++)
                        for (int o = 0; o < B; o++)
                            acc[r][o] = lane_bias[o];
                    for (int il = 0; il < bc->in_cb_per_group; il++) {
                        const int ib = g * bc->in_cb_per_group + il;
                        const int lanes = (int)min64(B, bc->in_c - (int64_t)ib * B);
                        const float *wblk =
                            wb + ((int64_t)ob * bc->in_cb_per_group + il) * kernel_floats;
                        for (int kh = 0; kh < bc->kh; kh++) {
                            const float *irow =
                                in + ((((int64_t)n * bc->in_cb + ib) * bc->in_h + oh * bc->sh + kh) *
                                          bc->in_w + (int64_t)ow0 * bc->sw) * B;
                            const float *wrow = wblk + (int64_t)kh * bc->kw * B * B;
                            for (int kw = 0; kw < bc->kw; kw++) {
                                if (count == OW_BLOCK)
                                    tile_fma(acc, OW_BLOCK, irow + kw * B, (int64_t)bc->sw * B,
                                             wrow + kw * B * B, lanes);
                                else
                                    tile_fma(acc, count, irow + kw * B, (int64_t)bc->sw * B,
                                             wrow + kw * B * B, lanes);
                            }
                        }
                    }
                    memcpy(orow + (int64_t)ow0 * B, acc, sizeof(float) * (size_t)count * B);
                }
            }
}

/* Forward weights: wb[ob][il][kh][kw][i lane][o lane] = w[o][i][kh][kw] (0 on pad lanes). */
static void reorder_weights_forward(const nash_conv_desc *d, const float *w, float *wb)
{
    const int icg = d->ic / d->groups, icbg = icb_per_group(d);
    const int ocb = (int)nash_cblocks(d->oc);
    #pragma omp parallel for collapse(2) schedule(static)
    for (int ob = 0; ob < ocb; ob++)
        for (int il = 0; il < icbg; il++)
            for (int kh = 0; kh < d->kh; kh++)
                for (int kw = 0; kw < d->kw; kw++) {
                    float *dst = wb + ((((int64_t)ob * icbg + il) * d->kh + kh) * d->kw + kw) * B * B;
                    for (int li = 0; li < B; li++)
                        for (int lo = 0; lo < B; lo++) {
                            const int o = ob * B + lo, i = il * B + li; /* i: within the group */
                            dst[li * B + lo] =
                                o < d->oc && i < icg
                                    ? w[(((int64_t)o * icg + i) * d->kh + kh) * d->kw + kw]
                                    : 0.0f;
                        }
                }
}

/* Backward-data weights: wt[ib][ol][kh][kw][o lane][i lane] = w[o][i][kh'][kw'] where
 * (kh', kw') = (KH-1-kh, KW-1-kw) when flip (transposed conv), else (kh, kw). */
static void reorder_weights_backward(const nash_conv_desc *d, const float *w, float *wt, int flip)
{
    const int icg = d->ic / d->groups, ocg = d->oc / d->groups;
    const int icbg = icb_per_group(d), ocbg = ocb_per_group(d);
    const int icb = (int)nash_cblocks(d->ic);
    #pragma omp parallel for collapse(2) schedule(static)
    for (int ib = 0; ib < icb; ib++)
        for (int ol = 0; ol < ocbg; ol++)
            for (int kh = 0; kh < d->kh; kh++)
                for (int kw = 0; kw < d->kw; kw++) {
                    const int g = ib / icbg;
                    const int src_kh = flip ? d->kh - 1 - kh : kh, src_kw = flip ? d->kw - 1 - kw : kw;
                    float *dst = wt + ((((int64_t)ib * ocbg + ol) * d->kh + kh) * d->kw + kw) * B * B;
                    for (int lo = 0; lo < B; lo++)
                        for (int li = 0; li < B; li++) {
                            const int o_in_group = ol * B + lo;
                            const int o = g * ocg + o_in_group, i = ib * B + li; /* global */
                            const int64_t at =
                                (((int64_t)o * icg + (i - g * icg)) * d->kh + src_kh) * d->kw + src_kw;
                            dst[lo * B + li] = o_in_group < ocg && o < d->oc && i < d->ic ? w[at] : 0.0f;
                        }
                }
}

static void blocked_forward(const nash_conv_desc *d, const float *x, const float *w,
                            const float *bias, float *y, float *scratch)
{
    float *wb = scratch;
    const float *xp = x;
    if (padded_x_floats(d)) {
        float *pad = scratch + blocked_weight_floats(d);
        pad_blocked(d->n, (int)nash_cblocks(d->ic), d->ih, d->iw, d->ph, d->pw, x, pad);
        xp = pad;
    }
    reorder_weights_forward(d, w, wb);
    const blocked_conv bc = {
        .n = d->n,
        .in_cb = (int)nash_cblocks(d->ic), .in_h = d->ih + 2 * d->ph, .in_w = d->iw + 2 * d->pw,
        .in_c = d->ic,
        .out_cb = (int)nash_cblocks(d->oc), .out_h = d->oh, .out_w = d->ow, .out_c = d->oc,
        .kh = d->kh, .kw = d->kw, .sh = d->sh, .sw = d->sw,
        .in_cb_per_group = icb_per_group(d), .out_cb_per_group = ocb_per_group(d),
    };
    blocked_conv_run(&bc, xp, wb, bias, y);
}

/* Stride 1: dx = dy (padded by K-1-pad) convolved with the flipped, transposed weights. */
static void blocked_backward_data_transposed(const nash_conv_desc *d, const float *w,
                                             const float *dy, float *dx, float *scratch)
{
    const int th = d->kh - 1 - d->ph, tw = d->kw - 1 - d->pw; /* >= 0: pad < kernel */
    float *wt = scratch;
    const float *dyp = dy;
    if (padded_dy_floats(d)) {
        float *pad = scratch + blocked_weight_floats(d);
        pad_blocked(d->n, (int)nash_cblocks(d->oc), d->oh, d->ow, th, tw, dy, pad);
        dyp = pad;
    }
    reorder_weights_backward(d, w, wt, 1);
    const blocked_conv bc = {
        .n = d->n,
        .in_cb = (int)nash_cblocks(d->oc), .in_h = d->oh + 2 * th, .in_w = d->ow + 2 * tw,
        .in_c = d->oc,
        .out_cb = (int)nash_cblocks(d->ic), .out_h = d->ih, .out_w = d->iw, .out_c = d->ic,
        .kh = d->kh, .kw = d->kw, .sh = 1, .sw = 1,
        .in_cb_per_group = ocb_per_group(d), .out_cb_per_group = icb_per_group(d),
    };
    blocked_conv_run(&bc, dyp, wt, NULL, dx);
}

/* Stride > 1: each task owns one dx row and adds in every (dy row, tap) that
 * reaches it. For a fixed tap (kh, kw), consecutive dy columns q land on dx
 * columns q*sw + kw - pw, so a tile of OW_BLOCK of them is the forward
 * kernel's tile with the roles of the channels swapped. */
static void blocked_backward_data_scatter(const nash_conv_desc *d, const float *w,
                                          const float *dy, float *dx, float *scratch)
{
    float *wt = scratch;
    reorder_weights_backward(d, w, wt, 0);
    const int icb = (int)nash_cblocks(d->ic), ocb = (int)nash_cblocks(d->oc);
    const int icbg = icb_per_group(d), ocbg = ocb_per_group(d);
    const int64_t dx_step = (int64_t)d->sw * B; /* between the dx columns of a tile */
    #pragma omp parallel for collapse(3) schedule(static)
    for (int n = 0; n < d->n; n++)
        for (int ib = 0; ib < icb; ib++)
            for (int h = 0; h < d->ih; h++) {
                const int g = ib / icbg;
                float *row = dx + (((int64_t)n * icb + ib) * d->ih + h) * d->iw * B;
                memset(row, 0, sizeof(float) * (size_t)d->iw * B);
                for (int kh = 0; kh < d->kh; kh++) {
                    const int t = h + d->ph - kh; /* = p * sh */
                    if (t < 0 || t % d->sh != 0 || t / d->sh >= d->oh)
                        continue;
                    const int p = t / d->sh;
                    for (int kw = 0; kw < d->kw; kw++) {
                        int q0, q1;
                        valid_taps(kw, d->sw, d->pw, d->iw, d->ow, &q0, &q1);
                        for (int qt = q0; qt < q1; qt += OW_BLOCK) {
                            const int count = (int)min64(OW_BLOCK, q1 - qt);
                            float *dst = row + ((int64_t)qt * d->sw + kw - d->pw) * B;
                            float acc[OW_BLOCK][B];
                            for (int r = 0; r < count; r++)
                                memcpy(acc[r], dst + r * dx_step, sizeof acc[r]);
                            for (int ol = 0; ol < ocbg; ol++) {
                                const int ob = g * ocbg + ol;
                                const int lanes = (int)min64(B, d->oc - (int64_t)ob * B);
                                const float *dyt =
                                    dy + ((((int64_t)n * ocb + ob) * d->oh + p) * d->ow + qt) * B;
                                const float *wk =
                                    wt + ((((int64_t)ib * ocbg + ol) * d->kh + kh) * d->kw + kw) * B * B;
                                if (count == OW_BLOCK)
                                    tile_fma(acc, OW_BLOCK, dyt, B, wk, lanes);
                                else
                                    tile_fma(acc, count, dyt, B, wk, lanes);
                            }
                            for (int r = 0; r < count; r++)
                                memcpy(dst + r * dx_step, acc[r], sizeof acc[r]);
                        }
                    }
                }
            }
}

/* dbias[o] = sum over (n, oh, ow) of dy, 16 lanes at a time. */
static void bias_gradient(const nash_conv_desc *d, const float *dy, float *dbias)
{
    const int ocb = (int)nash_cblocks(d->oc);
    const int64_t plane = (int64_t)d->oh * d->ow;
    #pragma omp parallel for schedule(static)
    for (int ob = 0; ob < ocb; ob++) {
        float acc[B] = {0};
        for (int n = 0; n < d->n; n++) {
            const float *src = dy + ((int64_t)n * ocb + ob) * plane * B;
            for (int64_t s = 0; s < plane; s++) {
                #pragma omp simd
                for (int o = 0; o < B; o++)
                    acc[o] += src[s * B + o];
            }
        }
        for (int o = 0; o < B && ob * B + o < d->oc; o++)
            dbias[ob * B + o] = acc[o];
    }
}

/* One task per (ob, il, kh, kw): a 16x16 block of dw summed over (n, p, q). */
static void blocked_backward_weights(const nash_conv_desc *d, const float *x, const float *dy,
                                     float *dw, float *dbias, float *scratch)
{
    const float *xp = x;
    if (padded_x_floats(d)) {
        pad_blocked(d->n, (int)nash_cblocks(d->ic), d->ih, d->iw, d->ph, d->pw, x, scratch);
        xp = scratch;
    }
    const int icb = (int)nash_cblocks(d->ic), ocb = (int)nash_cblocks(d->oc);
    const int icbg = icb_per_group(d), ocbg = ocb_per_group(d), icg = d->ic / d->groups;
    const int hp = d->ih + 2 * d->ph, wp = d->iw + 2 * d->pw;
    #pragma omp parallel for collapse(4) schedule(static)
    for (int ob = 0; ob < ocb; ob++)
        for (int il = 0; il < icbg; il++)
            for (int kh = 0; kh < d->kh; kh++)
                for (int kw = 0; kw < d->kw; kw++) {
                    const int g = ob / ocbg, ib = g * icbg + il;
                    float acc[B][B]; /* [input lane][output lane] */
                    memset(acc, 0, sizeof acc);
                    for (int n = 0; n < d->n; n++)
                        for (int p = 0; p < d->oh; p++) {
                            const float *xrow =
                                xp + ((((int64_t)n * icb + ib) * hp + p * d->sh + kh) * wp + kw) * B;
                            const float *dyrow = dy + (((int64_t)n * ocb + ob) * d->oh + p) * d->ow * B;
                            for (int q = 0; q < d->ow; q++) {
                                const float *xv = xrow + (int64_t)q * d->sw * B;
                                const float *gv = dyrow + (int64_t)q * B;
                                for (int li = 0; li < B; li++) {
                                    const float xs = xv[li];
                                    #pragma omp simd
                                    for (int lo = 0; lo < B; lo++)
                                        acc[li][lo] += xs * gv[lo];
                                }
                            }
                        }
                    for (int lo = 0; lo < B; lo++)
                        for (int li = 0; li < B; li++) {
                            const int o = ob * B + lo, i = il * B + li; /* i: within the group */
                            if (o < d->oc && i < icg && ib * B + li < d->ic)
                                dw[(((int64_t)o * icg + i) * d->kh + kh) * d->kw + kw] = acc[li][lo];
                        }
                }
    if (dbias)
        bias_gradient(d, dy, dbias);
}

/* ------------------------------------------------------------------------- */
/* DEPTHWISE path: channel c of the output reads only channel c of the input. */

/* wd[cb][kh][kw][lane] = w[c][0][kh][kw] (0 on pad lanes). */
static void reorder_weights_depthwise(const nash_conv_desc *d, const float *w, float *wd)
{
    const int cb = (int)nash_cblocks(d->ic);
    for (int b = 0; b < cb; b++)
        for (int kh = 0; kh < d->kh; kh++)
            for (int kw = 0; kw < d->kw; kw++)
                for (int l = 0; l < B; l++) {
                    const int c = b * B + l;
                    wd[(((int64_t)b * d->kh + kh) * d->kw + kw) * B + l] =
                        c < d->ic ? w[((int64_t)c * d->kh + kh) * d->kw + kw] : 0.0f;
                }
}

static void depthwise_forward(const nash_conv_desc *d, const float *x, const float *w,
                              const float *bias, float *y, float *scratch)
{
    float *wd = scratch;
    const float *xp = x;
    if (padded_x_floats(d)) {
        float *pad = scratch + depthwise_weight_floats(d);
        pad_blocked(d->n, (int)nash_cblocks(d->ic), d->ih, d->iw, d->ph, d->pw, x, pad);
        xp = pad;
    }
    reorder_weights_depthwise(d, w, wd);
    const int cb = (int)nash_cblocks(d->ic), hp = d->ih + 2 * d->ph, wp = d->iw + 2 * d->pw;
    #pragma omp parallel for collapse(3) schedule(static)
    for (int n = 0; n < d->n; n++)
        for (int b = 0; b < cb; b++)
            for (int oh = 0; oh < d->oh; oh++) {
                float lane_bias[B];
                for (int l = 0; l < B; l++)
                    lane_bias[l] = bias && b * B + l < d->oc ? bias[b * B + l] : 0.0f;
                float *orow = y + (((int64_t)n * cb + b) * d->oh + oh) * d->ow * B;
                /* OW_BLOCK outputs at once: independent FMA chains instead of one. */
                for (int ow0 = 0; ow0 < d->ow; ow0 += OW_BLOCK) {
                    const int count = (int)min64(OW_BLOCK, d->ow - ow0);
                    float acc[OW_BLOCK][B];
                    for (int r = 0; r < OW_BLOCK; r++)
                        for (int l = 0; l < B; l++)
                            acc[r][l] = lane_bias[l];
                    for (int kh = 0; kh < d->kh; kh++) {
                        const float *irow = xp + ((((int64_t)n * cb + b) * hp + oh * d->sh + kh) * wp +
                                                  (int64_t)ow0 * d->sw) * B;
                        const float *wk = wd + ((int64_t)b * d->kh + kh) * d->kw * B;
                        for (int kw = 0; kw < d->kw; kw++) {
                            #pragma GCC unroll 8
                            for (int r = 0; r < count; r++) {
                                const float *in = irow + ((int64_t)r * d->sw + kw) * B;
                                #pragma omp simd
                                for (int l = 0; l < B; l++)
                                    acc[r][l] += in[l] * wk[kw * B + l];
                            }
                        }
                    }
                    memcpy(orow + (int64_t)ow0 * B, acc, sizeof(float) * (size_t)count * B);
                }
            }
}

/* One task per dx row, as in blocked_backward_data_scatter. */
static void depthwise_backward_data(const nash_conv_desc *d, const float *w, const float *dy,
                                    float *dx, float *scratch)
{
    float *wd = scratch;
    reorder_weights_depthwise(d, w, wd);
    const int cb = (int)nash_cblocks(d->ic);
    #pragma omp parallel for collapse(3) schedule(static)
    for (int n = 0; n < d->n; n++)
        for (int b = 0; b < cb; b++)
            for (int h = 0; h < d->ih; h++) {
                float *row = dx + (((int64_t)n * cb + b) * d->ih + h) * d->iw * B;
                memset(row, 0, sizeof(float) * (size_t)d->iw * B);
                for (int kh = 0; kh < d->kh; kh++) {
                    const int t = h + d->ph - kh;
                    if (t < 0 || t % d->sh != 0 || t / d->sh >= d->oh)
                        continue;
                    const float *dyrow = dy + (((int64_t)n * cb + b) * d->oh + t / d->sh) * d->ow * B;
                    for (int kw = 0; kw < d->kw; kw++) {
                        const float *wk = wd + (((int64_t)b * d->kh + kh) * d->kw + kw) * B;
                        int q0, q1;
                        valid_taps(kw, d->sw, d->pw, d->iw, d->ow, &q0, &q1);
                        for (int q = q0; q < q1; q++) {
                            float *dst = row + ((int64_t)q * d->sw + kw - d->pw) * B;
                            #pragma omp simd
                            for (int l = 0; l < B; l++)
                                dst[l] += dyrow[(int64_t)q * B + l] * wk[l];
                        }
                    }
                }
            }
}

static void depthwise_backward_weights(const nash_conv_desc *d, const float *x, const float *dy,
                                       float *dw, float *dbias, float *scratch)
{
    const float *xp = x;
    if (padded_x_floats(d)) {
        pad_blocked(d->n, (int)nash_cblocks(d->ic), d->ih, d->iw, d->ph, d->pw, x, scratch);
        xp = scratch;
    }
    const int cb = (int)nash_cblocks(d->ic), hp = d->ih + 2 * d->ph, wp = d->iw + 2 * d->pw;
    #pragma omp parallel for collapse(3) schedule(static)
    for (int b = 0; b < cb; b++)
        for (int kh = 0; kh < d->kh; kh++)
            for (int kw = 0; kw < d->kw; kw++) {
                float acc[B] = {0};
                for (int n = 0; n < d->n; n++)
                    for (int p = 0; p < d->oh; p++) {
                        const float *xrow =
                            xp + ((((int64_t)n * cb + b) * hp + p * d->sh + kh) * wp + kw) * B;
                        const float *dyrow = dy + (((int64_t)n * cb + b) * d->oh + p) * d->ow * B;
                        for (int q = 0; q < d->ow; q++) {
                            #pragma omp simd
                            for (int l = 0; l < B; l++)
                                acc[l] += xrow[(int64_t)q * d->sw * B + l] * dyrow[(int64_t)q * B + l];
                        }
                    }
                for (int l = 0; l < B && b * B + l < d->ic; l++)
                    dw[((int64_t)(b * B + l) * d->kh + kh) * d->kw + kw] = acc[l];
            }
    if (dbias)
        bias_gradient(d, dy, dbias);
}

/* ------------------------------------------------------------------------- */
/* SCALAR path: groups that split channel blocks; each task owns its outputs. */

static void scalar_forward(const nash_conv_desc *d, const float *x, const float *w,
                           const float *bias, float *y)
{
    const int icg = d->ic / d->groups, ocg = d->oc / d->groups, ocb = (int)nash_cblocks(d->oc);
    #pragma omp parallel for collapse(3) schedule(static)
    for (int n = 0; n < d->n; n++)
        for (int ob = 0; ob < ocb; ob++)
            for (int p = 0; p < d->oh; p++)
                for (int q = 0; q < d->ow; q++)
                    for (int lo = 0; lo < B; lo++) {
                        const int o = ob * B + lo;
                        float sum = 0.0f; /* pad lanes stay 0 */
                        if (o < d->oc) {
                            const int g = o / ocg;
                            sum = bias ? bias[o] : 0.0f;
                            for (int c = 0; c < icg; c++)
                                for (int i = 0; i < d->kh; i++) {
                                    const int h = p * d->sh + i - d->ph;
                                    if (h < 0 || h >= d->ih)
                                        continue;
                                    for (int j = 0; j < d->kw; j++) {
                                        const int v = q * d->sw + j - d->pw;
                                        if (v < 0 || v >= d->iw)
                                            continue;
                                        const int64_t xi =
                                            nash_blocked_index(d->ic, d->ih, d->iw, n, g * icg + c, h, v);
                                        sum += x[xi] * w[(((int64_t)o * icg + c) * d->kh + i) * d->kw + j];
                                    }
                                }
                        }
                        y[nash_blocked_index(d->oc, d->oh, d->ow, n, ob * B, p, q) + lo] = sum;
                    }
}

static void scalar_backward_data(const nash_conv_desc *d, const float *w, const float *dy,
                                 float *dx)
{
    const int icg = d->ic / d->groups, ocg = d->oc / d->groups, icb = (int)nash_cblocks(d->ic);
    #pragma omp parallel for collapse(3) schedule(static)
    for (int n = 0; n < d->n; n++)
        for (int ib = 0; ib < icb; ib++)
            for (int h = 0; h < d->ih; h++)
                for (int v = 0; v < d->iw; v++)
                    for (int li = 0; li < B; li++) {
                        const int c = ib * B + li;
                        float sum = 0.0f;
                        if (c < d->ic) {
                            const int g = c / icg, cl = c - g * icg;
                            for (int ol = 0; ol < ocg; ol++)
                                for (int i = 0; i < d->kh; i++) {
                                    const int hp = h + d->ph - i;
                                    if (hp < 0 || hp % d->sh != 0 || hp / d->sh >= d->oh)
                                        continue;
                                    for (int j = 0; j < d->kw; j++) {
                                        const int vq = v + d->pw - j;
                                        if (vq < 0 || vq % d->sw != 0 || vq / d->sw >= d->ow)
                                            continue;
                                        const int o = g * ocg + ol;
                                        const int64_t dyi = nash_blocked_index(d->oc, d->oh, d->ow, n, o,
                                                                               hp / d->sh, vq / d->sw);
                                        sum += dy[dyi] * w[(((int64_t)o * icg + cl) * d->kh + i) * d->kw + j];
                                    }
                                }
                        }
                        dx[nash_blocked_index(d->ic, d->ih, d->iw, n, ib * B, h, v) + li] = sum;
                    }
}

static void scalar_backward_weights(const nash_conv_desc *d, const float *x, const float *dy,
                                    float *dw, float *dbias)
{
    const int icg = d->ic / d->groups, ocg = d->oc / d->groups;
    #pragma omp parallel for collapse(2) schedule(static)
    for (int o = 0; o < d->oc; o++)
        for (int c = 0; c < icg; c++)
            for (int i = 0; i < d->kh; i++)
                for (int j = 0; j < d->kw; j++) {
                    const int g = o / ocg;
                    float sum = 0.0f;
                    for (int n = 0; n < d->n; n++)
                        for (int p = 0; p < d->oh; p++) {
                            const int h = p * d->sh + i - d->ph;
                            if (h < 0 || h >= d->ih)
                                continue;
                            for (int q = 0; q < d->ow; q++) {
                                const int v = q * d->sw + j - d->pw;
                                if (v < 0 || v >= d->iw)
                                    continue;
                                const int64_t xi =
                                    nash_blocked_index(d->ic, d->ih, d->iw, n, g * icg + c, h, v);
                                sum += x[xi] * dy[nash_blocked_index(d->oc, d->oh, d->ow, n, o, p, q)];
                            }
                        }
                    dw[(((int64_t)o * icg + c) * d->kh + i) * d->kw + j] = sum;
                }
    if (dbias)
        bias_gradient(d, dy, dbias);
}

/* ------------------------------------------------------------------------- */
/* The variant                                                                */

static void omp_forward(const nash_conv_desc *d, const float *x, const float *w, const float *bias,
                        float *y, void *scratch)
{
    switch (choose_path(d)) {
    case PATH_BLOCKED: blocked_forward(d, x, w, bias, y, scratch); break;
    case PATH_DEPTHWISE: depthwise_forward(d, x, w, bias, y, scratch); break;
    case PATH_SCALAR: scalar_forward(d, x, w, bias, y); break;
    }
}

static void omp_backward_data(const nash_conv_desc *d, const float *x, const float *w,
                              const float *dy, float *dx, void *scratch)
{
    (void)x;
    switch (choose_path(d)) {
    case PATH_BLOCKED:
        if (bwd_data_is_transposed_conv(d))
            blocked_backward_data_transposed(d, w, dy, dx, scratch);
        else
            blocked_backward_data_scatter(d, w, dy, dx, scratch);
        break;
    case PATH_DEPTHWISE: depthwise_backward_data(d, w, dy, dx, scratch); break;
    case PATH_SCALAR: scalar_backward_data(d, w, dy, dx); break;
    }
}

static void omp_backward_weights(const nash_conv_desc *d, const float *x, const float *w,
                                 const float *dy, float *dw, float *dbias, void *scratch)
{
    (void)w;
    switch (choose_path(d)) {
    case PATH_BLOCKED: blocked_backward_weights(d, x, dy, dw, dbias, scratch); break;
    case PATH_DEPTHWISE: depthwise_backward_weights(d, x, dy, dw, dbias, scratch); break;
    case PATH_SCALAR: scalar_backward_weights(d, x, dy, dw, dbias); break;
    }
}

const nash_conv_impl nash_conv_omp = {
    .name = "omp",
    .isa = 0,
    .unsupported = omp_unsupported,
    .scratch_bytes = omp_scratch_bytes,
    .forward = omp_forward,
    .backward_data = omp_backward_data,
    .backward_weights = omp_backward_weights,
};
