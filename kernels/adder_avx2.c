/*
 * adder_avx2.c — AdderNet layer (adder2d), variant "avx2": AVX2 + FMA intrinsics on nChw16c.
 *
 * Owns: nash_adder_avx2, same semantics as the reference in adder.c (read its
 * header comment for the rules), for groups == 1 and depthwise (groups == IC
 * == OC); other groupings are declined (the table falls back to "omp"). Every
 * function that uses AVX2 is compiled with target("avx2,fma"), so the file
 * builds with the portable -march=x86-64-v2 and the variant is only picked on a
 * CPU that has AVX2 + FMA (isa = NASH_ISA_AVX2). Does not own: the descriptor
 * (conv.c), the adaptive gradient scaling (shift.c), AVX-512 kernels.
 *
 * Why not the obvious sequences (Zen 3, ymm; measured with microbenchmarks):
 * vaddps/vsubps/vmaxps/vminps share the two FADD pipes, vfmadd has the two FMA
 * pipes, vandps runs anywhere, vpmaxsd/vpminsd are slower still. So
 *  - forward: sum |x - w| = 2 sum max(x, w) - sum x - sum w. The inner loop is
 *    one vmaxps (FADD pipe) + one vfmadd(m, 1, acc) (FMA pipe) per lane-vector,
 *    against sub + and + add for the naive form (~1.8x faster). sum x over a
 *    window is one scalar per output pixel (a plane of channel sums, summed
 *    over the window by rows then columns before the main loop), sum w one
 *    vector per oc block. A padded tap reads a zero vector and so gives
 *    |0 - w| with no special case. Register tile: 5 output pixels (consecutive
 *    in the OH*OW plane, so tiles run across rows) x 16 oc = 10 ymm; 6 pixels
 *    spill one accumulator and run ~30% slower.
 *  - backward_data: HardTanh(w - x) = clamp(w, x-1, x+1) - x, so
 *    dx = sum clamp(w, x-1, x+1) * dy - x * sum dy: vmaxps + vminps + vfmadd per
 *    lane-vector (the sub leaves the loop; the two FADD-pipe ops bound it at one
 *    lane-vector per cycle, half the FMA rate). sum dy over the taps reading a
 *    pixel comes from a plane like the forward's. Pixels are taken by stride
 *    class (h mod sh, w mod sw), whose pixels all see the same taps; register
 *    tile: 2 pixels x 16 ic (x-1, x+1, acc: 12 ymm), or 4 pixels x 8 ic when a
 *    block has at most 8 real channels.
 *  - backward_weights: dw = sum_{valid taps} x * dy - w * sum_{all n,p,q} dy
 *    (a padded tap reads x = 0 and so gives -w * dy, i.e. the -w*dy term runs
 *    over every output position): an FMA-only GEMM plus a rank-1 correction.
 *    Work items (ocb, icb, tap, chunk of <= 6 ic lanes) keep 6 ic x 16 oc
 *    accumulators in registers; each thread owns a fixed range of items and
 *    sweeps the data in chunks of output rows, so a chunk of x and dy stays in
 *    L1 while all of the thread's items read it. Partial sums per chunk are
 *    added into scratch.
 * Every output element is summed in an order that does not depend on the
 * thread count (checked bitwise for 1 vs 3 threads). Intrinsics sit only in
 * TGT functions called from the parallel regions, never in a region's own
 * body, so the outlined OpenMP functions need no target attribute (clang).
 * The blocked loops rely on the contract's zero pad lanes in x and dy; pad
 * lanes of y and dx are written as exact zeros with a mask.
 */
#include "nash_kernels.h"
#include "weight_tiles.h"

#include <immintrin.h>
#include <omp.h>

#define B NASH_BLOCK
#define TGT __attribute__((target("avx2,fma")))
#define INLINE static inline __attribute__((always_inline)) TGT

#define FWD_PIXELS 5 /* forward register tile: pixels x 16 oc = 10 ymm (6 spills with AVX2) */
#define BWD_PIXELS 4 /* backward_data tile: pixel-halves (8 ic) x {x-1, x+1, acc}: 12 ymm */
#define BWW_LANES 6  /* backward_weights tile: ic lanes x 16 oc = 12 ymm */
#define DW_PIXELS 4  /* depthwise forward tile: pixels x 16 lanes = 8 ymm */
#define BWW_CHUNKS ((B + BWW_LANES - 1) / BWW_LANES)
#define MAX_KERNEL 64 /* KH, KW: sizes the per-class tap lists of backward_data */

/* What a tap in the zero padding reads: 16 zero lanes. */
static const float zeros16[B] __attribute__((aligned(64)));

static int min_int(int a, int b) { return a < b ? a : b; }
static int64_t round16(int64_t n) { return (n + 15) / 16 * 16; }

typedef enum { PATH_DENSE, PATH_DEPTHWISE, PATH_OTHER } adder_path;

static adder_path path_of(const nash_conv_desc *d)
{
    if (d->groups == 1)
        return PATH_DENSE;
    if (d->groups == d->ic && d->groups == d->oc)
        return PATH_DEPTHWISE;
    return PATH_OTHER;
}

static const char *adder_avx2_unsupported(const nash_conv_desc *d)
{
    if (path_of(d) == PATH_OTHER)
        return "grouped adder (1 < groups < IC, not depthwise) not supported";
    if (d->kh > MAX_KERNEL || d->kw > MAX_KERNEL)
        return "kernel larger than 64 not supported";
    return NULL;
}

/* Scratch, in floats, each part rounded to 64 bytes:
 * DENSE:     tiles [OCB][ICB][KH][KW][16][16] (weights, or dw partial sums),
 *            one vector per oc (sum w, or sum dy), planes [N][IH][IW], [N][OH][OW] and
 *            max([N][IH][OW], [N][OH][IW]) (channel sums of x, their window sums and
 *            the row pass in between; or the same for dy);
 * DEPTHWISE: w as [CB][KH][KW][16], dw partial sums likewise, sum dy [CB][16]. */
static int64_t dense_tiles_floats(const nash_conv_desc *d)
{
    return nash_cblocks(d->oc) * nash_cblocks(d->ic) * d->kh * d->kw * B * B;
}
static int64_t dense_plane_floats(const nash_conv_desc *d)
{
    const int64_t mid_fwd = (int64_t)d->n * d->ih * d->ow, mid_bwd = (int64_t)d->n * d->oh * d->iw;
    return round16((int64_t)d->n * d->ih * d->iw) + round16((int64_t)d->n * d->oh * d->ow) +
           round16(mid_fwd > mid_bwd ? mid_fwd : mid_bwd);
}
static int64_t dw_taps_floats(const nash_conv_desc *d)
{
    return nash_cblocks(d->ic) * d->kh * d->kw * B;
}

static size_t adder_avx2_scratch_bytes(const nash_conv_desc *d)
{
    switch (path_of(d)) {
    case PATH_DENSE:
        return sizeof(float) * (size_t)(dense_tiles_floats(d) + nash_cblocks(d->oc) * B +
                                        dense_plane_floats(d));
    case PATH_DEPTHWISE:
        return sizeof(float) * (size_t)(2 * dw_taps_floats(d) + nash_cblocks(d->ic) * B);
    default:
        return 0;
    }
}

/* Lanes [0, valid) all ones, the rest zero; half 0 = lanes 0-7, half 1 = lanes 8-15. */
INLINE __m256 lane_mask(int valid, int half)
{
    const __m256i iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32(valid - 8 * half), iota));
}

/* ------------------------------------------------------------------------- */
/* groups == 1                                                               */

/* Lane k of the result = sum of the 8 lanes of v[k]. */
INLINE __m256 hsum8x8(const __m256 v[8])
{
    const __m256 t0 = _mm256_hadd_ps(v[0], v[1]), t1 = _mm256_hadd_ps(v[2], v[3]);
    const __m256 t2 = _mm256_hadd_ps(v[4], v[5]), t3 = _mm256_hadd_ps(v[6], v[7]);
    const __m256 u0 = _mm256_hadd_ps(t0, t1), u1 = _mm256_hadd_ps(t2, t3);
    return _mm256_add_ps(_mm256_permute2f128_ps(u0, u1, 0x20),
                         _mm256_permute2f128_ps(u0, u1, 0x31));
}

/* out[k] = sum over all channels (pad lanes are zero) of pixels k0 .. k0+count-1 of image n
 * of a blocked (N, C, H, W) buffer (hw = H*W), 8 pixels at a time. */
TGT static void channel_sums(const float *a, int c, int64_t hw, int n, int64_t k0, int64_t count,
                             float *out)
{
    const int cbs = (int)nash_cblocks(c);
    for (int64_t g = 0; g < count; g += 8) {
        const int m = count - g < 8 ? (int)(count - g) : 8;
        __m256 v[8];
        for (int k = 0; k < 8; k++)
            v[k] = _mm256_setzero_ps();
        for (int cb = 0; cb < cbs; cb++) {
            const float *p = a + (((int64_t)n * cbs + cb) * hw + k0 + g) * B;
            for (int k = 0; k < m; k++)
                v[k] = _mm256_add_ps(v[k], _mm256_add_ps(_mm256_loadu_ps(p + k * B),
                                                         _mm256_loadu_ps(p + k * B + 8)));
        }
        const __m256 sums = hsum8x8(v);
        if (m == 8) {
            _mm256_storeu_ps(out + g, sums);
        } else {
            float tmp[8];
            _mm256_storeu_ps(tmp, sums);
            for (int k = 0; k < m; k++)
                out[g + k] = tmp[k];
        }
    }
}

/* Forward of R output pixels k0 .. k0+R-1 of image n (k = p*OW + q, starting at (p0, q0);
 * a tile may span rows) x 16 oc: y = sum x + sum w - 2 sum max(x, w) over (c, i, j); a
 * padded tap reads zeros16. xwin[n][k] = sum of x over pixel k's window. */
INLINE void forward_tile(const nash_conv_desc *d, const float *x, const float *tiles,
                         const float *wsum, const float *xwin, float *y, int n, int ocb, int k0,
                         int p0, int q0, const int R)
{
    const int icbs = (int)nash_cblocks(d->ic), ocbs = (int)nash_cblocks(d->oc);
    const __m256 one = _mm256_set1_ps(1.0f);
    int hb[FWD_PIXELS], wb[FWD_PIXELS]; /* top-left input position of each pixel's window */
    #pragma GCC unroll 5
    for (int r = 0; r < R; r++) {
        hb[r] = p0 * d->sh - d->ph;
        wb[r] = q0 * d->sw - d->pw;
        if (++q0 == d->ow) {
            q0 = 0;
            p0++;
        }
    }
    __m256 acc[FWD_PIXELS][2];
    #pragma GCC unroll 5
    for (int r = 0; r < R; r++)
        acc[r][0] = acc[r][1] = _mm256_setzero_ps();
    for (int icb = 0; icb < icbs; icb++) {
        const float *xplane = x + ((int64_t)n * icbs + icb) * d->ih * d->iw * B;
        const float *wt = tiles + nash_tile_oi(d, ocb, icb, 0, 0);
        const int cn = min_int(B, d->ic - icb * B); /* pad lanes would add max(0, 0) = 0 */
        for (int i = 0; i < d->kh; i++)
            for (int j = 0; j < d->kw; j++, wt += B * B) {
                const float *xp[FWD_PIXELS];
                #pragma GCC unroll 5
                for (int r = 0; r < R; r++) {
                    const int h = hb[r] + i, wc = wb[r] + j;
                    xp[r] = (unsigned)h < (unsigned)d->ih && (unsigned)wc < (unsigned)d->iw
                                ? xplane + ((int64_t)h * d->iw + wc) * B
                                : zeros16;
                }
                #pragma GCC unroll 2
                for (int c = 0; c < cn; c++) {
                    const __m256 w0 = _mm256_load_ps(wt + c * B);
                    const __m256 w1 = _mm256_load_ps(wt + c * B + 8);
                    #pragma GCC unroll 5
                    for (int r = 0; r < R; r++) {
                        const __m256 xb = _mm256_broadcast_ss(xp[r] + c);
                        acc[r][0] = _mm256_fmadd_ps(_mm256_max_ps(xb, w0), one, acc[r][0]);
                        acc[r][1] = _mm256_fmadd_ps(_mm256_max_ps(xb, w1), one, acc[r][1]);
                    }
                }
            }
    }
    const int oc_valid = min_int(B, d->oc - ocb * B);
    const __m256 m0 = lane_mask(oc_valid, 0), m1 = lane_mask(oc_valid, 1);
    const __m256 ws0 = _mm256_load_ps(wsum + ocb * B), ws1 = _mm256_load_ps(wsum + ocb * B + 8);
    const __m256 minus2 = _mm256_set1_ps(-2.0f);
    float *yp = y + (((int64_t)n * ocbs + ocb) * d->oh * d->ow + k0) * B;
    const float *xw = xwin + (int64_t)n * d->oh * d->ow + k0;
    #pragma GCC unroll 5
    for (int r = 0; r < R; r++) {
        const __m256 xb = _mm256_broadcast_ss(xw + r);
        const __m256 y0 = _mm256_fmadd_ps(acc[r][0], minus2, _mm256_add_ps(ws0, xb));
        const __m256 y1 = _mm256_fmadd_ps(acc[r][1], minus2, _mm256_add_ps(ws1, xb));
        _mm256_storeu_ps(yp + r * B, _mm256_and_ps(y0, m0));
        _mm256_storeu_ps(yp + r * B + 8, _mm256_and_ps(y1, m1));
    }
}

/* All OH*OW pixels of (n, ocb), in tiles of at most FWD_PIXELS (sizes differ by <= 1). */
TGT static void forward_plane(const nash_conv_desc *d, const float *x, const float *tiles,
                              const float *wsum, const float *xwin, float *y, int n, int ocb)
{
    const int pixels = d->oh * d->ow;
    const int blocks = (pixels + FWD_PIXELS - 1) / FWD_PIXELS;
    int p = 0, q = 0;
    for (int b = 0; b < blocks; b++) {
        const int k0 = (int)((int64_t)pixels * b / blocks);
        const int k1 = (int)((int64_t)pixels * (b + 1) / blocks);
        switch (k1 - k0) {
        case 5: forward_tile(d, x, tiles, wsum, xwin, y, n, ocb, k0, p, q, 5); break;
        case 4: forward_tile(d, x, tiles, wsum, xwin, y, n, ocb, k0, p, q, 4); break;
        case 3: forward_tile(d, x, tiles, wsum, xwin, y, n, ocb, k0, p, q, 3); break;
        case 2: forward_tile(d, x, tiles, wsum, xwin, y, n, ocb, k0, p, q, 2); break;
        default: forward_tile(d, x, tiles, wsum, xwin, y, n, ocb, k0, p, q, 1); break;
        }
        for (q += k1 - k0; q >= d->ow; q -= d->ow)
            p++;
    }
}

/* Row h of image n: xsum[n][h][:] = channel sums of x, xrow[n][h][q] = their sum over
 * the window columns of output column q. */
static void forward_window_row(const nash_conv_desc *d, const float *x, float *xsum, float *xrow,
                               int n, int h)
{
    float *src = xsum + ((int64_t)n * d->ih + h) * d->iw;
    float *dst = xrow + ((int64_t)n * d->ih + h) * d->ow;
    channel_sums(x, d->ic, (int64_t)d->ih * d->iw, n, (int64_t)h * d->iw, d->iw, src);
    for (int q = 0; q < d->ow; q++) {
        const int w0 = q * d->sw - d->pw;
        const int j0 = w0 < 0 ? -w0 : 0, j1 = min_int(d->kw, d->iw - w0);
        float s = 0.0f;
        for (int j = j0; j < j1; j++)
            s += src[w0 + j];
        dst[q] = s;
    }
}

/* Output row p of image n: xwin[n][p][q] = sum of x over the window of (p, q), all
 * channels (padded taps read 0), from the rows of xrow the window covers. */
static void forward_window_col(const nash_conv_desc *d, const float *xrow, float *xwin, int n,
                               int p)
{
    float *dst = xwin + ((int64_t)n * d->oh + p) * d->ow;
    for (int q = 0; q < d->ow; q++)
        dst[q] = 0.0f;
    const int h0 = p * d->sh - d->ph;
    const int i0 = h0 < 0 ? -h0 : 0, i1 = min_int(d->kh, d->ih - h0);
    for (int i = i0; i < i1; i++) {
        const float *src = xrow + ((int64_t)n * d->ih + h0 + i) * d->ow;
        for (int q = 0; q < d->ow; q++)
            dst[q] += src[q];
    }
}

static void forward_dense(const nash_conv_desc *d, const float *x, const float *w, float *y,
                          float *scratch)
{
    const int ocbs = (int)nash_cblocks(d->oc);
    const int taps = d->kh * d->kw;
    float *tiles = scratch;
    float *wsum = tiles + dense_tiles_floats(d);
    float *xsum = wsum + ocbs * B;                               /* [N][IH][IW] */
    float *xwin = xsum + round16((int64_t)d->n * d->ih * d->iw); /* [N][OH][OW] */
    float *xrow = xwin + round16((int64_t)d->n * d->oh * d->ow); /* [N][IH][OW] */
    #pragma omp parallel
    {
        #pragma omp for schedule(static) nowait
        for (int o = 0; o < ocbs * B; o++) {
            double s = 0.0;
            if (o < d->oc)
                for (int k = 0; k < d->ic * taps; k++)
                    s += w[(int64_t)o * d->ic * taps + k];
            wsum[o] = (float)s;
        }
        nash_reorder_weight_tiles(d, w, tiles, 0); /* ends with the barrier the weights need */
        if (d->n >= 2 * omp_get_num_threads()) {
            /* one image per iteration: its sums, then all its output blocks, with no
             * barrier between (the usual training case) */
            #pragma omp for schedule(static)
            for (int n = 0; n < d->n; n++) {
                for (int h = 0; h < d->ih; h++)
                    forward_window_row(d, x, xsum, xrow, n, h);
                for (int p = 0; p < d->oh; p++)
                    forward_window_col(d, xrow, xwin, n, p);
                for (int ocb = 0; ocb < ocbs; ocb++)
                    forward_plane(d, x, tiles, wsum, xwin, y, n, ocb);
            }
        } else { /* few images: parallel over rows, then over output blocks */
            #pragma omp for collapse(2) schedule(static)
            for (int n = 0; n < d->n; n++)
                for (int h = 0; h < d->ih; h++)
                    forward_window_row(d, x, xsum, xrow, n, h);
            #pragma omp for collapse(2) schedule(static)
            for (int n = 0; n < d->n; n++)
                for (int p = 0; p < d->oh; p++)
                    forward_window_col(d, xrow, xwin, n, p);
            #pragma omp for collapse(2) schedule(static)
            for (int n = 0; n < d->n; n++)
                for (int ocb = 0; ocb < ocbs; ocb++)
                    forward_plane(d, x, tiles, wsum, xwin, y, n, ocb);
        }
    }
}

/* The taps that read the pixels of one stride class (rh, rw) (pixels h = rh + a*sh,
 * wc = rw + b*sw): rows i = i0 + s*sh from output row a + pi[s], columns j = j0 + t*sw
 * from output column b + qj[t]. */
typedef struct {
    int rh, rw, mw;           /* class and its pixels per row */
    int i0, j0, ni, nj;       /* first tap and tap counts */
    const int *pi, *qj;       /* ni and nj output offsets */
} class_taps;

/* Data gradient of R input pixels of class c of image n starting at class position
 * (a, b), H halves (8 lanes each) of channel block icb from half0 on, R * H <= 4:
 * dx = sum clamp(w, x-1, x+1) * dy - x * sum dy (dywin: sum dy over the pixel's taps);
 * an output outside the plane reads zeros16. */
INLINE void backward_data_tile(const nash_conv_desc *d, const float *x, const float *dy,
                               const float *tiles, const float *dywin, float *dx, int n, int icb,
                               const class_taps *c, int a, int b, int half0, const int R,
                               const int H)
{
    const int icbs = (int)nash_cblocks(d->ic), ocbs = (int)nash_cblocks(d->oc);
    const int ic_valid = min_int(B, d->ic - icb * B);
    const int64_t plane_in = ((int64_t)n * icbs + icb) * d->ih * d->iw * B + half0 * 8;
    int ar[BWD_PIXELS], br[BWD_PIXELS];
    int64_t at[BWD_PIXELS]; /* pixel index h * IW + wc in its plane */
    #pragma GCC unroll 4
    for (int r = 0; r < R; r++) {
        ar[r] = a;
        br[r] = b;
        at[r] = (int64_t)(c->rh + a * d->sh) * d->iw + c->rw + b * d->sw;
        if (++b == c->mw) {
            b = 0;
            a++;
        }
    }
    const __m256 one = _mm256_set1_ps(1.0f);
    __m256 lo[BWD_PIXELS], hi[BWD_PIXELS], acc[BWD_PIXELS]; /* [r * H + half] */
    #pragma GCC unroll 4
    for (int r = 0; r < R; r++)
        #pragma GCC unroll 2
        for (int hf = 0; hf < H; hf++) {
            const __m256 xv = _mm256_loadu_ps(x + plane_in + at[r] * B + hf * 8);
            lo[r * H + hf] = _mm256_sub_ps(xv, one);
            hi[r * H + hf] = _mm256_add_ps(xv, one);
            acc[r * H + hf] = _mm256_setzero_ps();
        }
    for (int ocb = 0; ocb < ocbs; ocb++) {
        const int on = min_int(B, d->oc - ocb * B); /* pad oc: dy = 0 there */
        const float *dyplane = dy + ((int64_t)n * ocbs + ocb) * d->oh * d->ow * B;
        const float *wtile = tiles + nash_tile_io(d, icb, ocb, 0, 0) + half0 * 8;
        for (int s = 0; s < c->ni; s++) {
            const int i = c->i0 + s * d->sh;
            for (int t = 0; t < c->nj; t++) {
                const int j = c->j0 + t * d->sw;
                const float *dyp[BWD_PIXELS];
                int any = 0;
                #pragma GCC unroll 4
                for (int r = 0; r < R; r++) {
                    const int p = ar[r] + c->pi[s], q = br[r] + c->qj[t];
                    const int in = (unsigned)p < (unsigned)d->oh && (unsigned)q < (unsigned)d->ow;
                    dyp[r] = in ? dyplane + ((int64_t)p * d->ow + q) * B : zeros16;
                    any |= in;
                }
                if (!any)
                    continue;
                const float *wt = wtile + (i * d->kw + j) * B * B;
                #pragma GCC unroll 4
                for (int ol = 0; ol < on; ol++) {
                    __m256 wv[2];
                    #pragma GCC unroll 2
                    for (int hf = 0; hf < H; hf++)
                        wv[hf] = _mm256_load_ps(wt + ol * B + hf * 8);
                    #pragma GCC unroll 4
                    for (int r = 0; r < R; r++) {
                        const __m256 g = _mm256_broadcast_ss(dyp[r] + ol);
                        #pragma GCC unroll 2
                        for (int hf = 0; hf < H; hf++) {
                            const int k = r * H + hf;
                            const __m256 tv = _mm256_min_ps(_mm256_max_ps(wv[hf], lo[k]), hi[k]);
                            acc[k] = _mm256_fmadd_ps(tv, g, acc[k]);
                        }
                    }
                }
            }
        }
    }
    const float *dyw = dywin + (int64_t)n * d->ih * d->iw;
    #pragma GCC unroll 4
    for (int r = 0; r < R; r++)
        #pragma GCC unroll 2
        for (int hf = 0; hf < H; hf++) {
            const __m256 mask = lane_mask(ic_valid, half0 + hf);
            float *out = dx + plane_in + at[r] * B + hf * 8;
            const __m256 xv = _mm256_loadu_ps(x + plane_in + at[r] * B + hf * 8);
            const __m256 g =
                _mm256_fnmadd_ps(xv, _mm256_broadcast_ss(dyw + at[r]), acc[r * H + hf]);
            _mm256_storeu_ps(out, _mm256_and_ps(g, mask));
        }
}

/* dx = 0 for lanes 8-15 of R pixels (a block with at most 8 real channels). */
INLINE void backward_data_zero_half(const nash_conv_desc *d, float *dx, int n, int icb,
                                    const class_taps *c, int a, int b, const int R)
{
    const int icbs = (int)nash_cblocks(d->ic);
    float *plane = dx + ((int64_t)n * icbs + icb) * d->ih * d->iw * B + 8;
    for (int r = 0; r < R; r++) {
        _mm256_storeu_ps(plane + ((int64_t)(c->rh + a * d->sh) * d->iw + c->rw + b * d->sw) * B,
                         _mm256_setzero_ps());
        if (++b == c->mw) {
            b = 0;
            a++;
        }
    }
}

/* All IH*IW pixels of (n, icb), by stride class, in tiles of at most BWD_PIXELS. */
TGT static void backward_data_plane(const nash_conv_desc *d, const float *x, const float *dy,
                                    const float *tiles, const float *dywin, float *dx, int n,
                                    int icb)
{
    for (int rh = 0; rh < min_int(d->sh, d->ih); rh++)
        for (int rw = 0; rw < min_int(d->sw, d->iw); rw++) {
            /* output row p reads row h through tap i when p*sh + i - ph == h */
            int pi[MAX_KERNEL], qj[MAX_KERNEL];
            class_taps c = { .rh = rh, .rw = rw, .pi = pi, .qj = qj };
            c.mw = (d->iw - rw + d->sw - 1) / d->sw;
            const int mh = (d->ih - rh + d->sh - 1) / d->sh;
            c.i0 = (rh + d->ph) % d->sh;
            c.j0 = (rw + d->pw) % d->sw;
            c.ni = c.i0 < d->kh ? (d->kh - c.i0 + d->sh - 1) / d->sh : 0;
            c.nj = c.j0 < d->kw ? (d->kw - c.j0 + d->sw - 1) / d->sw : 0;
            for (int s = 0; s < c.ni; s++)
                pi[s] = (rh + d->ph - c.i0) / d->sh - s; /* exact division */
            for (int t = 0; t < c.nj; t++)
                qj[t] = (rw + d->pw - c.j0) / d->sw - t;
            /* the class's mh x mw pixels in tiles of 2 pixels x 16 lanes, or of 4 pixels x
             * 8 lanes when the block has at most 8 real channels */
            const int pixels = mh * c.mw;
            const int two_halves = d->ic - icb * B > 8;
            const int per_tile = two_halves ? BWD_PIXELS / 2 : BWD_PIXELS;
            const int blocks = (pixels + per_tile - 1) / per_tile;
            int a = 0, b = 0;
            for (int k = 0; k < blocks; k++) {
                const int k0 = (int)((int64_t)pixels * k / blocks);
                const int k1 = (int)((int64_t)pixels * (k + 1) / blocks);
#define BWD_TILE(R, H) backward_data_tile(d, x, dy, tiles, dywin, dx, n, icb, &c, a, b, 0, R, H)
                if (two_halves) {
                    if (k1 - k0 == 2)
                        BWD_TILE(2, 2);
                    else
                        BWD_TILE(1, 2);
                } else {
                    switch (k1 - k0) {
                    case 4: BWD_TILE(4, 1); break;
                    case 3: BWD_TILE(3, 1); break;
                    case 2: BWD_TILE(2, 1); break;
                    default: BWD_TILE(1, 1); break;
                    }
                    backward_data_zero_half(d, dx, n, icb, &c, a, b, k1 - k0);
                }
#undef BWD_TILE
                for (b += k1 - k0; b >= c.mw; b -= c.mw)
                    a++;
            }
        }
}

/* Output row p of image n: dysum[n][p][:] = channel sums of dy, spread along the input
 * columns their taps read: dyrow[n][p][w] = sum of dysum[n][p][q] over the q reading w. */
static void backward_window_row(const nash_conv_desc *d, const float *dy, float *dysum,
                                float *dyrow, int n, int p)
{
    float *src = dysum + ((int64_t)n * d->oh + p) * d->ow;
    float *dst = dyrow + ((int64_t)n * d->oh + p) * d->iw;
    channel_sums(dy, d->oc, (int64_t)d->oh * d->ow, n, (int64_t)p * d->ow, d->ow, src);
    for (int wc = 0; wc < d->iw; wc++)
        dst[wc] = 0.0f;
    for (int q = 0; q < d->ow; q++) {
        const int w0 = q * d->sw - d->pw;
        const int j0 = w0 < 0 ? -w0 : 0, j1 = min_int(d->kw, d->iw - w0);
        for (int j = j0; j < j1; j++)
            dst[w0 + j] += src[q];
    }
}

/* Input row h of image n: dywin[n][h][w] = sum of dy over every (o, output, tap) that
 * reads (h, w), from the rows of dyrow whose taps reach row h. */
static void backward_window_col(const nash_conv_desc *d, const float *dyrow, float *dywin, int n,
                                int h)
{
    float *dst = dywin + ((int64_t)n * d->ih + h) * d->iw;
    for (int wc = 0; wc < d->iw; wc++)
        dst[wc] = 0.0f;
    /* output rows p with h = p*sh + i - ph for some tap row i */
    for (int i = (h + d->ph) % d->sh, p = (h + d->ph) / d->sh; i < d->kh && p >= 0;
         i += d->sh, p--) {
        if (p >= d->oh)
            continue;
        const float *src = dyrow + ((int64_t)n * d->oh + p) * d->iw;
        for (int wc = 0; wc < d->iw; wc++)
            dst[wc] += src[wc];
    }
}

static void backward_data_dense(const nash_conv_desc *d, const float *x, const float *w,
                                const float *dy, float *dx, float *scratch)
{
    const int icbs = (int)nash_cblocks(d->ic);
    float *tiles = scratch;
    float *dysum = tiles + dense_tiles_floats(d) + nash_cblocks(d->oc) * B; /* [N][OH][OW] */
    float *dywin = dysum + round16((int64_t)d->n * d->oh * d->ow);         /* [N][IH][IW] */
    float *dyrow = dywin + round16((int64_t)d->n * d->ih * d->iw);         /* [N][OH][IW] */
    #pragma omp parallel
    {
        nash_reorder_weight_tiles(d, w, tiles, 1); /* ends with the barrier the weights need */
        if (d->n >= 2 * omp_get_num_threads()) {
            /* one image per iteration, no barrier between its sums and its blocks */
            #pragma omp for schedule(static)
            for (int n = 0; n < d->n; n++) {
                for (int p = 0; p < d->oh; p++)
                    backward_window_row(d, dy, dysum, dyrow, n, p);
                for (int h = 0; h < d->ih; h++)
                    backward_window_col(d, dyrow, dywin, n, h);
                for (int icb = 0; icb < icbs; icb++)
                    backward_data_plane(d, x, dy, tiles, dywin, dx, n, icb);
            }
        } else { /* few images: parallel over rows, then over input blocks */
            #pragma omp for collapse(2) schedule(static)
            for (int n = 0; n < d->n; n++)
                for (int p = 0; p < d->oh; p++)
                    backward_window_row(d, dy, dysum, dyrow, n, p);
            #pragma omp for collapse(2) schedule(static)
            for (int n = 0; n < d->n; n++)
                for (int h = 0; h < d->ih; h++)
                    backward_window_col(d, dyrow, dywin, n, h);
            #pragma omp for collapse(2) schedule(static)
            for (int n = 0; n < d->n; n++)
                for (int icb = 0; icb < icbs; icb++)
                    backward_data_plane(d, x, dy, tiles, dywin, dx, n, icb);
        }
    }
}

/* Weight gradient, sum x * dy part, of one work item: tile (ocb, icb, i, j), ic lanes
 * [c0, c0 + CN), over output rows [p0, p1) and columns [q_lo, q_hi) (those whose input
 * column is inside the input) of image n; adds the chunk's partial sums into the tile in
 * scratch. Padded taps add nothing here (x = 0). */
INLINE void backward_weights_tile(const nash_conv_desc *d, const float *x, const float *dy,
                                  float *tile, int n, int ocb, int icb, int i, int j, int c0,
                                  int p0, int p1, int q_lo, int q_hi, const int CN)
{
    const int icbs = (int)nash_cblocks(d->ic), ocbs = (int)nash_cblocks(d->oc);
    __m256 acc[BWW_LANES][2];
    #pragma GCC unroll 6
    for (int c = 0; c < CN; c++)
        acc[c][0] = acc[c][1] = _mm256_setzero_ps();
    const int64_t xstep = (int64_t)d->sw * B;
    for (int p = p0; p < p1; p++) {
        const int h = p * d->sh + i - d->ph;
        if ((unsigned)h >= (unsigned)d->ih)
            continue;
        const float *dyp = dy + ((((int64_t)n * ocbs + ocb) * d->oh + p) * d->ow + q_lo) * B;
        const float *xp = x + ((((int64_t)n * icbs + icb) * d->ih + h) * d->iw +
                               (q_lo * d->sw + j - d->pw)) * B + c0;
        for (int q = q_lo; q < q_hi; q++, dyp += B, xp += xstep) {
            const __m256 g0 = _mm256_loadu_ps(dyp), g1 = _mm256_loadu_ps(dyp + 8);
            #pragma GCC unroll 6
            for (int c = 0; c < CN; c++) {
                const __m256 xb = _mm256_broadcast_ss(xp + c);
                acc[c][0] = _mm256_fmadd_ps(xb, g0, acc[c][0]);
                acc[c][1] = _mm256_fmadd_ps(xb, g1, acc[c][1]);
            }
        }
    }
    #pragma GCC unroll 6
    for (int c = 0; c < CN; c++) {
        float *t = tile + (c0 + c) * B;
        _mm256_store_ps(t, _mm256_add_ps(_mm256_load_ps(t), acc[c][0]));
        _mm256_store_ps(t + 8, _mm256_add_ps(_mm256_load_ps(t + 8), acc[c][1]));
    }
}

/* A work item of the weight gradient: (ocb, icb, tap (i, j), chunk ch of <= BWW_LANES ic
 * lanes), ordered with ch fastest, then j, i, icb, ocb. */
typedef struct {
    int ocb, icb, i, j, ch;
} bww_item;

static bww_item bww_decode(const nash_conv_desc *d, int it)
{
    const int rest = it / BWW_CHUNKS, taps = d->kh * d->kw, icbs = (int)nash_cblocks(d->ic);
    const bww_item item = { .ocb = rest / taps / icbs, .icb = rest / taps % icbs,
                            .i = rest % taps / d->kw, .j = rest % d->kw, .ch = it % BWW_CHUNKS };
    return item;
}

static void bww_next(const nash_conv_desc *d, bww_item *t)
{
    if (++t->ch < BWW_CHUNKS)
        return;
    t->ch = 0;
    if (++t->j < d->kw)
        return;
    t->j = 0;
    if (++t->i < d->kh)
        return;
    t->i = 0;
    if (++t->icb < nash_cblocks(d->ic))
        return;
    t->icb = 0;
    t->ocb++;
}

/* Lanes [c0, c1) of chunk ch of a channel block with `valid` real lanes (empty when the
 * block has too few lanes for ch). */
static void bww_chunk(int valid, int ch, int *c0, int *c1)
{
    const int chunks = (valid + BWW_LANES - 1) / BWW_LANES;
    *c0 = ch < chunks ? valid * ch / chunks : valid;
    *c1 = ch < chunks ? valid * (ch + 1) / chunks : valid;
}

/* Items [it0, it1) of the weight gradient over every (n, chunk of `rows` output rows):
 * zeroes their sums, then adds each chunk in; the owner of item (ocb, icb 0, tap 0,
 * chunk 0) also sums dy of that ocb into dysum. */
TGT static void backward_weights_items(const nash_conv_desc *d, const float *x, const float *dy,
                                       float *acc_tiles, float *dysum, int it0, int it1, int rows,
                                       int lanes[2][BWW_CHUNKS][2], const int *q_lo,
                                       const int *q_hi)
{
    const int ocbs = (int)nash_cblocks(d->oc), icbs = (int)nash_cblocks(d->ic);
    const bww_item first = bww_decode(d, it0);
    bww_item t = first;
    for (int it = it0; it < it1; it++, bww_next(d, &t)) {
        const int *c = lanes[t.icb == icbs - 1][t.ch];
        float *tile = acc_tiles + nash_tile_oi(d, t.ocb, t.icb, t.i, t.j);
        for (int k = c[0] * B; k < c[1] * B; k++)
            tile[k] = 0.0f;
        /* the owner of item (ocb, icb 0, tap 0, chunk 0) also sums dy of that ocb */
        if (t.icb == 0 && t.i == 0 && t.j == 0 && t.ch == 0)
            for (int l = 0; l < B; l++)
                dysum[t.ocb * B + l] = 0.0f;
    }
    for (int n = 0; n < d->n; n++)
        for (int p0 = 0; p0 < d->oh; p0 += rows) {
            const int p1 = min_int(d->oh, p0 + rows);
            t = first;
            for (int it = it0; it < it1; it++, bww_next(d, &t)) {
                if (t.icb == 0 && t.i == 0 && t.j == 0 && t.ch == 0) {
                    const float *g =
                        dy + (((int64_t)n * ocbs + t.ocb) * d->oh + p0) * d->ow * B;
                    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
                    __m256 s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
                    const int64_t count = (int64_t)(p1 - p0) * d->ow;
                    int64_t k = 0;
                    for (; k + 1 < count; k += 2) {
                        s0 = _mm256_add_ps(s0, _mm256_loadu_ps(g + k * B));
                        s1 = _mm256_add_ps(s1, _mm256_loadu_ps(g + k * B + 8));
                        s2 = _mm256_add_ps(s2, _mm256_loadu_ps(g + k * B + 16));
                        s3 = _mm256_add_ps(s3, _mm256_loadu_ps(g + k * B + 24));
                    }
                    if (k < count) {
                        s0 = _mm256_add_ps(s0, _mm256_loadu_ps(g + k * B));
                        s1 = _mm256_add_ps(s1, _mm256_loadu_ps(g + k * B + 8));
                    }
                    float *s = dysum + t.ocb * B;
                    _mm256_store_ps(s, _mm256_add_ps(_mm256_load_ps(s), _mm256_add_ps(s0, s2)));
                    _mm256_store_ps(s + 8,
                                    _mm256_add_ps(_mm256_load_ps(s + 8), _mm256_add_ps(s1, s3)));
                }
                const int *c = lanes[t.icb == icbs - 1][t.ch];
                const int ql = q_lo[t.j], qh = q_hi[t.j];
                if (ql >= qh)
                    continue;
                float *tile = acc_tiles + nash_tile_oi(d, t.ocb, t.icb, t.i, t.j);
#define BWW_TILE(CN)                                                                            \
backward_weights_tile(d, x, dy, tile, n, t.ocb, t.icb, t.i, t.j, c[0], p0, p1, ql, qh, CN)
                switch (c[1] - c[0]) {
                case 6: BWW_TILE(6); break;
                case 5: BWW_TILE(5); break;
                case 4: BWW_TILE(4); break;
                case 3: BWW_TILE(3); break;
                case 2: BWW_TILE(2); break;
                case 1: BWW_TILE(1); break;
                default: break; /* empty chunk (few real lanes) */
                }
#undef BWW_TILE
            }
        }
}

static void backward_weights_dense(const nash_conv_desc *d, const float *x, const float *w,
                                   const float *dy, float *dw, float *scratch)
{
    const int ocbs = (int)nash_cblocks(d->oc), icbs = (int)nash_cblocks(d->ic);
    const int taps = d->kh * d->kw;
    float *acc_tiles = scratch;                       /* sum x * dy, tile_oi layout */
    float *dysum = acc_tiles + dense_tiles_floats(d); /* sum dy per oc, over every (n, p, q) */
    /* work items: (ocb, icb, tap, chunk), the chunk index fastest */
    const int items = ocbs * icbs * taps * BWW_CHUNKS;
    /* output rows per sweep step: about 128 pixels, so a step's x and dy stay in L1 */
    const int rows = d->ow >= 128 ? 1 : min_int(d->oh, 128 / d->ow);
    /* lanes of each chunk: [0] full blocks, [1] the last block */
    int lanes[2][BWW_CHUNKS][2];
    for (int ch = 0; ch < BWW_CHUNKS; ch++) {
        bww_chunk(B, ch, &lanes[0][ch][0], &lanes[0][ch][1]);
        bww_chunk(d->ic - (icbs - 1) * B, ch, &lanes[1][ch][0], &lanes[1][ch][1]);
    }
    /* columns q whose input column q*sw + j - pw is inside the input, per tap column j */
    int q_lo[MAX_KERNEL], q_hi[MAX_KERNEL];
    for (int j = 0; j < d->kw; j++) {
        q_lo[j] = d->pw - j > 0 ? (d->pw - j + d->sw - 1) / d->sw : 0;
        const int num = d->iw - 1 + d->pw - j;
        q_hi[j] = num < 0 ? 0 : min_int(d->ow, num / d->sw + 1);
    }
    #pragma omp parallel
    {
        /* a fixed range of items per thread: every item's sums run in the same order
         * whatever the thread count */
        const int nth = omp_get_num_threads(), tid = omp_get_thread_num();
        const int it0 = (int)((int64_t)items * tid / nth);
        const int it1 = (int)((int64_t)items * (tid + 1) / nth);
        backward_weights_items(d, x, dy, acc_tiles, dysum, it0, it1, rows, lanes, q_lo, q_hi);
        #pragma omp barrier
        /* dw = sum x * dy - w * sum dy */
        #pragma omp for collapse(2) schedule(static)
        for (int o = 0; o < d->oc; o++)
            for (int c = 0; c < d->ic; c++)
                for (int i = 0; i < d->kh; i++)
                    for (int j = 0; j < d->kw; j++) {
                        const int64_t widx = (((int64_t)o * d->ic + c) * d->kh + i) * d->kw + j;
                        const float sxg =
                            acc_tiles[nash_tile_oi(d, o / B, c / B, i, j) + (c % B) * B + o % B];
                        dw[widx] = sxg - w[widx] * dysum[o];
                    }
    }
}

/* ------------------------------------------------------------------------- */
/* Depthwise: groups == IC == OC, w[c][0][i][j] -> scratch [CB][KH][KW][16].  */

/* y = -sum |x - w| for R output pixels (n, cb, p, q0 + r): sub + and, then half the
 * chains accumulate on the FMA pipes (fma(t, 1, acc)) and half on the FADD pipes. */
INLINE void dw_forward_tile(const nash_conv_desc *d, const float *x, const float *wd, float *y,
                            int n, int cb, int p, int q0, const int R)
{
    const int cbs = (int)nash_cblocks(d->ic);
    const float *xplane = x + ((int64_t)n * cbs + cb) * d->ih * d->iw * B;
    const __m256 one = _mm256_set1_ps(1.0f);
    const __m256 absmask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    __m256 acc[DW_PIXELS][2];
    #pragma GCC unroll 4
    for (int r = 0; r < R; r++)
        acc[r][0] = acc[r][1] = _mm256_setzero_ps();
    for (int i = 0; i < d->kh; i++) {
        const int h = p * d->sh + i - d->ph;
        const int row_in = h >= 0 && h < d->ih;
        for (int j = 0; j < d->kw; j++) {
            const float *wt = wd + nash_dw_tap(d, cb, i, j);
            const __m256 w0 = _mm256_load_ps(wt), w1 = _mm256_load_ps(wt + 8);
            #pragma GCC unroll 4
            for (int r = 0; r < R; r++) {
                const int wc = (q0 + r) * d->sw + j - d->pw;
                const float *xp = row_in && wc >= 0 && wc < d->iw
                                      ? xplane + ((int64_t)h * d->iw + wc) * B
                                      : zeros16; /* padded tap: |0 - w| */
                const __m256 t0 = _mm256_and_ps(_mm256_sub_ps(_mm256_loadu_ps(xp), w0), absmask);
                const __m256 t1 =
                    _mm256_and_ps(_mm256_sub_ps(_mm256_loadu_ps(xp + 8), w1), absmask);
                acc[r][0] = _mm256_fmadd_ps(t0, one, acc[r][0]);
                acc[r][1] = _mm256_add_ps(acc[r][1], t1);
            }
        }
    }
    const int valid = min_int(B, d->ic - cb * B);
    const __m256 m0 = lane_mask(valid, 0), m1 = lane_mask(valid, 1);
    float *yrow = y + (((int64_t)n * cbs + cb) * d->oh + p) * d->ow * B;
    #pragma GCC unroll 4
    for (int r = 0; r < R; r++) {
        float *yp = yrow + (int64_t)(q0 + r) * B;
        _mm256_storeu_ps(yp, _mm256_and_ps(_mm256_sub_ps(_mm256_setzero_ps(), acc[r][0]), m0));
        _mm256_storeu_ps(yp + 8,
                         _mm256_and_ps(_mm256_sub_ps(_mm256_setzero_ps(), acc[r][1]), m1));
    }
}

/* One output row (n, cb, p) in tiles of at most DW_PIXELS columns. */
TGT static void dw_forward_row(const nash_conv_desc *d, const float *x, const float *wd, float *y,
                               int n, int cb, int p)
{
    const int blocks = (d->ow + DW_PIXELS - 1) / DW_PIXELS;
    for (int b = 0, q0 = 0; b < blocks; b++) {
        const int q1 = (int)((int64_t)d->ow * (b + 1) / blocks);
        switch (q1 - q0) {
        case 4: dw_forward_tile(d, x, wd, y, n, cb, p, q0, 4); break;
        case 3: dw_forward_tile(d, x, wd, y, n, cb, p, q0, 3); break;
        case 2: dw_forward_tile(d, x, wd, y, n, cb, p, q0, 2); break;
        default: dw_forward_tile(d, x, wd, y, n, cb, p, q0, 1); break;
        }
        q0 = q1;
    }
}

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
                for (int p = 0; p < d->oh; p++)
                    dw_forward_row(d, x, wd, y, n, cb, p);
    }
}

/* dx of one input row (n, cb, h): sum over the taps reading each pixel of
 * clamp(w - x, -1, 1) * dy; two pixels at a time for independent chains. */
TGT static void dw_backward_data_row(const nash_conv_desc *d, const float *x, const float *dy,
                                     const float *wd, float *dx, int n, int cb, int h)
{
    const int cbs = (int)nash_cblocks(d->ic);
    const int64_t row = (((int64_t)n * cbs + cb) * d->ih + h) * d->iw * B;
    const int64_t plane_out = ((int64_t)n * cbs + cb) * d->oh * d->ow * B;
    const int valid = min_int(B, d->ic - cb * B);
    const __m256 m0 = lane_mask(valid, 0), m1 = lane_mask(valid, 1);
    const __m256 one = _mm256_set1_ps(1.0f), minus1 = _mm256_set1_ps(-1.0f);
    const int i0 = (h + d->ph) % d->sh, p0 = (h + d->ph) / d->sh;
    for (int wc = 0; wc < d->iw; wc++) {
        const __m256 x0 = _mm256_loadu_ps(x + row + (int64_t)wc * B);
        const __m256 x1 = _mm256_loadu_ps(x + row + (int64_t)wc * B + 8);
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
        const int j0 = (wc + d->pw) % d->sw, q0 = (wc + d->pw) / d->sw;
        /* output (p, q) reads (h, wc) through tap (i, j) when p*sh + i - ph == h, ... */
        for (int i = i0, p = p0; i < d->kh && p >= 0; i += d->sh, p--) {
            if (p >= d->oh)
                continue;
            for (int j = j0, q = q0; j < d->kw && q >= 0; j += d->sw, q--) {
                if (q >= d->ow)
                    continue;
                const float *wt = wd + nash_dw_tap(d, cb, i, j);
                const float *g = dy + plane_out + ((int64_t)p * d->ow + q) * B;
                __m256 t0 = _mm256_sub_ps(_mm256_load_ps(wt), x0);
                __m256 t1 = _mm256_sub_ps(_mm256_load_ps(wt + 8), x1);
                t0 = _mm256_min_ps(_mm256_max_ps(t0, minus1), one);
                t1 = _mm256_min_ps(_mm256_max_ps(t1, minus1), one);
                a0 = _mm256_fmadd_ps(t0, _mm256_loadu_ps(g), a0);
                a1 = _mm256_fmadd_ps(t1, _mm256_loadu_ps(g + 8), a1);
            }
        }
        _mm256_storeu_ps(dx + row + (int64_t)wc * B, _mm256_and_ps(a0, m0));
        _mm256_storeu_ps(dx + row + (int64_t)wc * B + 8, _mm256_and_ps(a1, m1));
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
                for (int h = 0; h < d->ih; h++)
                    dw_backward_data_row(d, x, dy, wd, dx, n, cb, h);
    }
}

/* sum over every (n, p, q) of dy of channel block cb -> dysum[cb][16]. */
TGT static void dw_sum_dy(const nash_conv_desc *d, const float *dy, float *dysum, int cb)
{
    const int cbs = (int)nash_cblocks(d->ic);
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
    __m256 b0 = _mm256_setzero_ps(), b1 = _mm256_setzero_ps();
    const int64_t count = (int64_t)d->oh * d->ow;
    for (int n = 0; n < d->n; n++) {
        const float *g = dy + ((int64_t)n * cbs + cb) * count * B;
        int64_t k = 0;
        for (; k + 1 < count; k += 2) {
            a0 = _mm256_add_ps(a0, _mm256_loadu_ps(g + k * B));
            a1 = _mm256_add_ps(a1, _mm256_loadu_ps(g + k * B + 8));
            b0 = _mm256_add_ps(b0, _mm256_loadu_ps(g + k * B + 16));
            b1 = _mm256_add_ps(b1, _mm256_loadu_ps(g + k * B + 24));
        }
        if (k < count) {
            a0 = _mm256_add_ps(a0, _mm256_loadu_ps(g + k * B));
            a1 = _mm256_add_ps(a1, _mm256_loadu_ps(g + k * B + 8));
        }
    }
    _mm256_store_ps(dysum + cb * B, _mm256_add_ps(a0, b0));
    _mm256_store_ps(dysum + cb * B + 8, _mm256_add_ps(a1, b1));
}

/* sum over the valid (n, p, q) of x * dy for channel block cb and tap (i, j) -> sxg. */
TGT static void dw_sum_xdy(const nash_conv_desc *d, const float *x, const float *dy, float *sxg,
                           int cb, int i, int j)
{
    const int cbs = (int)nash_cblocks(d->ic);
    const int q_lo = d->pw - j > 0 ? (d->pw - j + d->sw - 1) / d->sw : 0;
    const int q_hi_num = d->iw - 1 + d->pw - j;
    const int q_hi = q_hi_num < 0 ? 0 : min_int(d->ow, q_hi_num / d->sw + 1);
    const int64_t xstep = (int64_t)d->sw * B;
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
    __m256 b0 = _mm256_setzero_ps(), b1 = _mm256_setzero_ps();
    for (int n = 0; n < d->n && q_lo < q_hi; n++)
        for (int p = 0; p < d->oh; p++) {
            const int h = p * d->sh + i - d->ph;
            if ((unsigned)h >= (unsigned)d->ih)
                continue;
            const float *g = dy + ((((int64_t)n * cbs + cb) * d->oh + p) * d->ow + q_lo) * B;
            const float *xp = x + ((((int64_t)n * cbs + cb) * d->ih + h) * d->iw +
                                   (q_lo * d->sw + j - d->pw)) * B;
            int q = q_lo;
            for (; q + 1 < q_hi; q += 2, g += 2 * B, xp += 2 * xstep) {
                a0 = _mm256_fmadd_ps(_mm256_loadu_ps(xp), _mm256_loadu_ps(g), a0);
                a1 = _mm256_fmadd_ps(_mm256_loadu_ps(xp + 8), _mm256_loadu_ps(g + 8), a1);
                b0 = _mm256_fmadd_ps(_mm256_loadu_ps(xp + xstep), _mm256_loadu_ps(g + B), b0);
                b1 = _mm256_fmadd_ps(_mm256_loadu_ps(xp + xstep + 8), _mm256_loadu_ps(g + B + 8),
                                     b1);
            }
            if (q < q_hi) {
                a0 = _mm256_fmadd_ps(_mm256_loadu_ps(xp), _mm256_loadu_ps(g), a0);
                a1 = _mm256_fmadd_ps(_mm256_loadu_ps(xp + 8), _mm256_loadu_ps(g + 8), a1);
            }
        }
    _mm256_store_ps(sxg + nash_dw_tap(d, cb, i, j), _mm256_add_ps(a0, b0));
    _mm256_store_ps(sxg + nash_dw_tap(d, cb, i, j) + 8, _mm256_add_ps(a1, b1));
}

/* dw[c, i, j] = sum_{valid taps} x * dy - w * sum_{all n, p, q} dy. Items: one per
 * (cb, tap) for the first sum, one per cb for sum dy; then the combination. */
static void backward_weights_depthwise(const nash_conv_desc *d, const float *x, const float *w,
                                       const float *dy, float *dw, float *scratch)
{
    const int cbs = (int)nash_cblocks(d->ic), taps = d->kh * d->kw;
    float *sxg = scratch + dw_taps_floats(d); /* [CB][KH][KW][16] */
    float *dysum = sxg + dw_taps_floats(d);   /* [CB][16] */
    #pragma omp parallel
    {
        #pragma omp for schedule(dynamic, 1)
        for (int it = 0; it < cbs * taps + cbs; it++) {
            if (it >= cbs * taps)
                dw_sum_dy(d, dy, dysum, it - cbs * taps);
            else
                dw_sum_xdy(d, x, dy, sxg, it / taps, it % taps / d->kw, it % d->kw);
        }
        #pragma omp for schedule(static)
        for (int c = 0; c < d->ic; c++)
            for (int i = 0; i < d->kh; i++)
                for (int j = 0; j < d->kw; j++) {
                    const int64_t widx = ((int64_t)c * d->kh + i) * d->kw + j;
                    dw[widx] = sxg[nash_dw_tap(d, c / B, i, j) + c % B] - w[widx] * dysum[c];
                }
    }
}

/* ------------------------------------------------------------------------- */

static void adder_avx2_forward(const nash_conv_desc *d, const float *x, const float *w,
                               const float *bias, float *y, void *scratch)
{
    (void)bias; /* adder layers have no bias */
    if (path_of(d) == PATH_DENSE)
        forward_dense(d, x, w, y, scratch);
    else
        forward_depthwise(d, x, w, y, scratch);
}

static void adder_avx2_backward_data(const nash_conv_desc *d, const float *x, const float *w,
                                     const float *dy, float *dx, void *scratch)
{
    if (path_of(d) == PATH_DENSE)
        backward_data_dense(d, x, w, dy, dx, scratch);
    else
        backward_data_depthwise(d, x, w, dy, dx, scratch);
}

static void adder_avx2_backward_weights(const nash_conv_desc *d, const float *x, const float *w,
                                        const float *dy, float *dw, float *dbias, void *scratch)
{
    (void)dbias;
    if (path_of(d) == PATH_DENSE)
        backward_weights_dense(d, x, w, dy, dw, scratch);
    else
        backward_weights_depthwise(d, x, w, dy, dw, scratch);
}

const nash_conv_impl nash_adder_avx2 = {
    .name = "avx2",
    .isa = NASH_ISA_AVX2,
    .unsupported = adder_avx2_unsupported,
    .scratch_bytes = adder_avx2_scratch_bytes,
    .forward = adder_avx2_forward,
    .backward_data = adder_avx2_backward_data,
    .backward_weights = adder_avx2_backward_weights,
};
