/*
 * conv_avx2.c — conv2d "avx2": hand-written AVX2 + FMA direct convolution on nChw16c.
 *
 * Owns: the variant nash_conv_avx2 (forward, backward data, backward weights
 * + bias) for dense convs (groups == 1) of any kernel size, stride and
 * padding. Grouped and depthwise convs are declined (conv_omp.c runs them).
 * Every function carries __attribute__((target("avx2,fma"))), so the file
 * compiles in the portable (x86-64-v2) build too; the table entry needs
 * NASH_ISA_AVX2, so it only runs on a CPU that has it. AVX-512 kernels belong
 * in conv_avx512.c. One ymm holds 8 lanes: a 16-lane channel block takes two.
 *
 * FORWARD and BACKWARD DATA share one engine (run_engine): an output tile of
 * R <= 6 pixels x 16 output lanes lives in 2R ymm accumulators; for each tap
 * and each input block, every input lane is broadcast once per pixel and
 * multiplied by the two ymm of weights for that lane (2 loads + R broadcasts
 * per 2R FMAs). Tiles are R consecutive pixels of a rectangle ("region") of
 * the output walked row by row or column by column, so they may span rows
 * (an 8x8 plane is not cut into 6 + 2). The regions of a plane are its inner
 * columns (every tap column inside the input), row by row, and its left and
 * right border columns, column by column; so per tap a tile usually has all
 * of its pixels inside the input (one shared offset, no checks) or none
 * (the tap is skipped); only the few mixed cases give each pixel its own
 * pointer, a tap in the padding pointing at a zero vector. No padded copy of
 * the input is made. Partial last input blocks run only their real lanes
 * (the 3-channel image input does 3 of 16).
 *  - forward: output pixel (i, j) reads input (i*sh + kh - ph, j*sw + kw - pw);
 *  - backward data: dx is split into sh*sw phases (h mod sh, w mod sw); in a
 *    phase every dx pixel receives the same taps, and dx pixel (a + i*sh,
 *    b + j*sw) reads dy (i + (a+ph-kh)/sh, j + (b+pw-kw)/sw) for the taps with
 *    (a+ph-kh) % sh == 0 (and likewise for kw). Stride 1 is one phase: a
 *    transposed conv. No scatter, so no two threads write one element.
 * Weights are reordered in scratch to [out block][KH][KW][in block][16 in][16 out]
 * (for backward data "in" is OC and "out" is IC).
 *
 * SMALL-IC FORWARD (IC <= 4, the RGB stem): the engine would run 3 of 16
 * lanes per tap; instead each task zero-pads a band of input rows (4 floats
 * a pixel) and the same register tile runs over the KH*KW*IC (tap, channel)
 * steps at fixed offsets (see small_ic_band). SMALL-IC BACKWARD DATA: a
 * dcol GEMM (dy x W over OC) per pixel, then col2im into a zero-padded image
 * (small_ic_backward_image).
 * Tasks: (image, output block, phase, chunk of tiles), each writing its own outputs.
 *
 * BACKWARD WEIGHTS: a register tile of C <= 6 input lanes x 16 output lanes
 * (2C ymm; 16 lanes = 6 + 5 + 5) summed over the valid output rectangle of one
 * tap, broadcasting x and loading dy's 16 lanes. To stay in L1 each task walks
 * its images a few output rows at a time and, for each such row chunk, runs
 * every (tap, lane group) over it, adding into the task's partial dw in
 * scratch. A task is (output block, input block, image chunk); the number of
 * image chunks depends only on the shape (never on the thread count), and the
 * partials are summed in chunk order, so results are bitwise the same for any
 * number of threads and any timing (tests/test_conv.c checks 1, 2, 3 threads).
 * dbias is summed by the input-block-0 tasks in the same pass, reduced the same way.
 *
 * Scheduling is dynamic everywhere: a task's result does not depend on which
 * thread runs it, and a thread descheduled on a shared machine holds up less.
 *
 * Measured (Zen 3, 1 thread, CPU time, ResNet-20 3x3 layers, batch 32):
 * ~80-90 GFLOP/s in all three directions on the 16/32/64-channel stride-1
 * layers (FMA peak ~100), ~50-70 stride 2, ~45 for the 3-channel stem;
 * the omp variant does 45-55 (forward, data) and 20-30 (weights) there.
 */
#include "nash_kernels.h"

#include <immintrin.h>
#include <omp.h>
#include <string.h>

#define B NASH_BLOCK
#define TARGET __attribute__((target("avx2,fma")))
#define INLINE static inline __attribute__((always_inline, target("avx2,fma")))
#define R_MAX 6   /* pixels per forward / backward-data register tile (12 acc) */
#define C_MAX 6   /* input lanes per backward-weights register tile (12 acc) */
#define BW_TARGET_TASKS 32 /* backward weights: image chunks until about this many tasks */
#define BW_TILE_PIXELS 128 /* backward weights: output pixels per L1 row chunk */

static size_t round_up_64_bytes(size_t floats) { return (floats + 15) / 16 * 16; }
static int min_int(int a, int b) { return a < b ? a : b; }
static int max_int(int a, int b) { return a > b ? a : b; }

/* Read by taps that fall into the padding. */
static const float zero_lanes[B] __attribute__((aligned(64)));

/* ------------------------------------------------------------------------- */
/* Scratch                                                                    */

static size_t weight_floats(const nash_conv_desc *d)
{
    return round_up_64_bytes((size_t)nash_cblocks(d->oc) * nash_cblocks(d->ic) * d->kh * d->kw * B * B);
}

/* Backward weights: image chunks (shape-only, see the header). */
static int bw_chunks(const nash_conv_desc *d)
{
    const int64_t blocks = nash_cblocks(d->oc) * nash_cblocks(d->ic);
    int64_t chunks = (BW_TARGET_TASKS + blocks - 1) / blocks;
    if (chunks > d->n)
        chunks = d->n;
    return chunks < 1 ? 1 : (int)chunks;
}
/* Partial dw [chunk][ob][ib][KH][KW][16 in][16 out], then partial dbias [chunk][ob][16]. */
static size_t bw_partial_floats(const nash_conv_desc *d)
{
    return round_up_64_bytes((size_t)bw_chunks(d) * nash_cblocks(d->oc) * nash_cblocks(d->ic) *
                             d->kh * d->kw * B * B);
}
static size_t bw_bias_floats(const nash_conv_desc *d)
{
    return round_up_64_bytes((size_t)bw_chunks(d) * nash_cblocks(d->oc) * B);
}

static const char *avx2_unsupported(const nash_conv_desc *d)
{
    if (d->groups != 1)
        return "groups > 1 not supported (omp runs grouped and depthwise convs)";
    return NULL;
}

static size_t avx2_scratch_bytes(const nash_conv_desc *d)
{
    const size_t fwd = weight_floats(d); /* backward data: the same count, transposed */
    const size_t bwd_w = bw_partial_floats(d) + bw_bias_floats(d);
    return (fwd > bwd_w ? fwd : bwd_w) * sizeof(float);
}

/* ------------------------------------------------------------------------- */
/* Weight reorders                                                            */

/* Forward: wf[ob][kh][kw][ib][i lane][o lane] = w[o][i][kh][kw] (0 beyond OC / IC). */
static void reorder_forward(const nash_conv_desc *d, const float *w, float *wf)
{
    const int ocb = (int)nash_cblocks(d->oc), icb = (int)nash_cblocks(d->ic);
    #pragma omp parallel for collapse(2) schedule(static)
    for (int ob = 0; ob < ocb; ob++)
        for (int kh = 0; kh < d->kh; kh++)
            for (int kw = 0; kw < d->kw; kw++)
                for (int ib = 0; ib < icb; ib++) {
                    float *dst = wf + ((((int64_t)ob * d->kh + kh) * d->kw + kw) * icb + ib) * B * B;
                    for (int li = 0; li < B; li++)
                        for (int lo = 0; lo < B; lo++) {
                            const int o = ob * B + lo, i = ib * B + li;
                            dst[li * B + lo] =
                                o < d->oc && i < d->ic
                                    ? w[(((int64_t)o * d->ic + i) * d->kh + kh) * d->kw + kw]
                                    : 0.0f;
                        }
                }
}

/* Backward data: wb[ib][kh][kw][ob][o lane][i lane] = w[o][i][kh][kw] (0 beyond OC / IC). */
static void reorder_backward(const nash_conv_desc *d, const float *w, float *wb)
{
    const int ocb = (int)nash_cblocks(d->oc), icb = (int)nash_cblocks(d->ic);
    #pragma omp parallel for collapse(2) schedule(static)
    for (int ib = 0; ib < icb; ib++)
        for (int kh = 0; kh < d->kh; kh++)
            for (int kw = 0; kw < d->kw; kw++)
                for (int ob = 0; ob < ocb; ob++) {
                    float *dst = wb + ((((int64_t)ib * d->kh + kh) * d->kw + kw) * ocb + ob) * B * B;
                    for (int lo = 0; lo < B; lo++)
                        for (int li = 0; li < B; li++) {
                            const int o = ob * B + lo, i = ib * B + li;
                            dst[lo * B + li] =
                                o < d->oc && i < d->ic
                                    ? w[(((int64_t)o * d->ic + i) * d->kh + kh) * d->kw + kw]
                                    : 0.0f;
                        }
                }
}

/* ------------------------------------------------------------------------- */
/* Forward / backward-data engine                                             */

/* out (N, out_cb, out_h, out_w, 16) from in (N, in_cb, in_h, in_w, 16) with
 * weights wt [out_cb][KH][KW][in_cb][16 in][16 out]; see the file header for
 * the two geometries. */
typedef struct engine {
    int n;
    const float *in;
    int in_cb, in_h, in_w, in_c; /* in_c: real input channels */
    float *out;
    int out_cb, out_h, out_w, out_c;
    const float *wt;
    const float *bias; /* nullable, out_c entries */
    int kh, kw, sh, sw, ph, pw;
    int transposed; /* 0: forward geometry, 1: backward-data geometry */
} engine;

/* One phase of the output: pixels (a + i*step_h, b + j*step_w), i < ni, j < nj,
 * and the range of input row / column offsets its taps read (row = i*row_step
 * + roff, roff in [roff_lo, roff_hi]; no taps at all: roff_lo > roff_hi).
 * Columns [jlo, jhi) are those whose every tap column is inside the input. */
typedef struct phase {
    int a, b, ni, nj;
    int roff_lo, roff_hi, coff_lo, coff_hi;
    int jlo, jhi;
} phase;

/* A rectangle of a phase, [i0, i0+ni) x [j0, j0+nj), walked row by row or
 * column by column; tiles are R_MAX consecutive pixels of that walk. */
typedef struct region {
    int i0, j0, ni, nj;
    int by_column;
} region;

/* The 16 bias lanes of output block ob in two ymm (0 beyond out_c; all 0 without a bias). */
INLINE void bias_lanes(const float *bias, int out_c, int ob, __m256 *b0, __m256 *b1)
{
    float lanes[B] = {0};
    if (bias)
        for (int o = 0; o < B && ob * B + o < out_c; o++)
            lanes[o] = bias[ob * B + o];
    *b0 = _mm256_loadu_ps(lanes);
    *b1 = _mm256_loadu_ps(lanes + 8);
}

/* acc[r] += sum_{l < lanes} p[r][l] * w[l][0..15]. */
INLINE void fma_lanes(__m256 acc[R_MAX][2], const int R, const float *const p[R_MAX],
                      const float *w, const int lanes)
{
    #pragma GCC unroll 16
    for (int l = 0; l < lanes; l++) {
        const __m256 w0 = _mm256_load_ps(w + l * B), w1 = _mm256_load_ps(w + l * B + 8);
        #pragma GCC unroll 6
        for (int r = 0; r < R; r++) {
            const __m256 xv = _mm256_broadcast_ss(p[r] + l);
            acc[r][0] = _mm256_fmadd_ps(xv, w0, acc[r][0]);
            acc[r][1] = _mm256_fmadd_ps(xv, w1, acc[r][1]);
        }
    }
}

/* The same with one offset shared by all pixels (every pixel's tap inside: base + off + l). */
INLINE void fma_lanes_off(__m256 acc[R_MAX][2], const int R, const float *const base[R_MAX],
                          int64_t off, const float *w, const int lanes)
{
    #pragma GCC unroll 16
    for (int l = 0; l < lanes; l++) {
        const __m256 w0 = _mm256_load_ps(w + l * B), w1 = _mm256_load_ps(w + l * B + 8);
        #pragma GCC unroll 6
        for (int r = 0; r < R; r++) {
            const __m256 xv = _mm256_broadcast_ss(base[r] + off + l);
            acc[r][0] = _mm256_fmadd_ps(xv, w0, acc[r][0]);
            acc[r][1] = _mm256_fmadd_ps(xv, w1, acc[r][1]);
        }
    }
}

/* Input row (or column) offset read by tap k in a phase starting at output row
 * (or column) phase_start; *ok = 0 when the tap does not reach that phase. */
static inline int tap_offset(int transposed, int phase_start, int pad, int stride, int k, int *ok)
{
    if (!transposed) {
        *ok = 1;
        return k - pad;
    }
    const int t = phase_start + pad - k;
    *ok = t % stride == 0;
    return t / stride;
}

/* One tile: the R pixels of region rg from its k0-th on, image in_img, output
 * block ob of plane out_plane. Per tap: skipped when no pixel reads inside the
 * input, one shared offset when all do, else per-pixel pointers with the
 * zero vector for pixels in the padding. */
INLINE void engine_tile(const engine *e, const phase *ph, const region *rg, const float *in_img,
                        float *out_plane, int ob, int k0, const int R)
{
    const int64_t in_plane = (int64_t)e->in_h * e->in_w * B;
    const int full_blocks = e->in_c / B, tail_lanes = e->in_c % B;
    const int row_step = e->transposed ? 1 : e->sh, col_step = e->transposed ? 1 : e->sw;
    const int out_step_h = e->transposed ? e->sh : 1, out_step_w = e->transposed ? e->sw : 1;
    int pi[R_MAX], pj[R_MAX];
    __m256 acc[R_MAX][2];
    int imin = ph->ni, imax = 0, jmin = ph->nj, jmax = 0;
    {
        __m256 b0, b1;
        bias_lanes(e->bias, e->out_c, ob, &b0, &b1);
        const int inner = rg->by_column ? rg->ni : rg->nj;
        int outer_at = k0 / inner, inner_at = k0 % inner;
        #pragma GCC unroll 6
        for (int r = 0; r < R; r++) {
            acc[r][0] = b0;
            acc[r][1] = b1;
            pi[r] = rg->i0 + (rg->by_column ? inner_at : outer_at);
            pj[r] = rg->j0 + (rg->by_column ? outer_at : inner_at);
            imin = min_int(imin, pi[r]);
            imax = max_int(imax, pi[r]);
            jmin = min_int(jmin, pj[r]);
            jmax = max_int(jmax, pj[r]);
            if (++inner_at == inner) {
                inner_at = 0;
                outer_at++;
            }
        }
    }
    const float *base[R_MAX];
    #pragma GCC unroll 6
    for (int r = 0; r < R; r++)
        base[r] = in_img + ((int64_t)pi[r] * row_step * e->in_w + (int64_t)pj[r] * col_step) * B;
    const float *wob = e->wt + (int64_t)ob * e->kh * e->kw * e->in_cb * B * B;
    for (int kh = 0; kh < e->kh; kh++) {
        int rok;
        const int roff = tap_offset(e->transposed, ph->a, e->ph, e->sh, kh, &rok);
        const int rlo = imin * row_step + roff, rhi = imax * row_step + roff;
        if (!rok || rhi < 0 || rlo >= e->in_h)
            continue; /* no pixel of the tile reads inside */
        const int rows_inside = rlo >= 0 && rhi < e->in_h;
        for (int kw = 0; kw < e->kw; kw++) {
            int cok;
            const int coff = tap_offset(e->transposed, ph->b, e->pw, e->sw, kw, &cok);
            const int clo = jmin * col_step + coff, chi = jmax * col_step + coff;
            if (!cok || chi < 0 || clo >= e->in_w)
                continue;
            const float *w = wob + ((int64_t)kh * e->kw + kw) * e->in_cb * B * B;
            if (rows_inside && clo >= 0 && chi < e->in_w) {
                int64_t off = ((int64_t)roff * e->in_w + coff) * B;
                for (int ib = 0; ib < full_blocks; ib++) {
                    fma_lanes_off(acc, R, base, off, w, B);
                    off += in_plane;
                    w += B * B;
                }
                if (tail_lanes)
                    fma_lanes_off(acc, R, base, off, w, tail_lanes);
                continue;
            }
            const float *p[R_MAX];
            int64_t step[R_MAX];
            int any = 0;
            #pragma GCC unroll 6
            for (int r = 0; r < R; r++) {
                const int row = pi[r] * row_step + roff, col = pj[r] * col_step + coff;
                const int ok = (unsigned)row < (unsigned)e->in_h && (unsigned)col < (unsigned)e->in_w;
                p[r] = ok ? in_img + ((int64_t)row * e->in_w + col) * B : zero_lanes;
                step[r] = ok ? in_plane : 0;
                any |= ok;
            }
            if (!any)
                continue;
            for (int ib = 0; ib < full_blocks; ib++) {
                fma_lanes(acc, R, p, w, B);
                #pragma GCC unroll 6
                for (int r = 0; r < R; r++)
                    p[r] += step[r];
                w += B * B;
            }
            if (tail_lanes)
                fma_lanes(acc, R, p, w, tail_lanes);
        }
    }
    #pragma GCC unroll 6
    for (int r = 0; r < R; r++) {
        float *o = out_plane +
                   ((int64_t)(ph->a + pi[r] * out_step_h) * e->out_w + ph->b + pj[r] * out_step_w) * B;
        _mm256_storeu_ps(o, acc[r][0]);
        _mm256_storeu_ps(o + 8, acc[r][1]);
    }
}

/* The regions of a phase: the columns whose taps all stay inside the input
 * row by row (their tiles read no padding but in the first and last rows,
 * and skip the taps there whole), then the left and right border columns
 * column by column (their tiles skip the kw taps that leave the input).
 * Without such inner columns, the whole phase row by row. Returns the count. */
static int phase_regions(const phase *ph, region rg[3])
{
    if (ph->jlo >= ph->jhi || (ph->jlo == 0 && ph->jhi == ph->nj)) {
        rg[0] = (region){0, 0, ph->ni, ph->nj, 0};
        return 1;
    }
    int count = 0;
    rg[count++] = (region){0, ph->jlo, ph->ni, ph->jhi - ph->jlo, 0};
    if (ph->jlo > 0)
        rg[count++] = (region){0, 0, ph->ni, ph->jlo, 1};
    if (ph->jhi < ph->nj)
        rg[count++] = (region){0, ph->jhi, ph->ni, ph->nj - ph->jhi, 1};
    return count;
}

static int region_tiles(const region *rg) { return (rg->ni * rg->nj + R_MAX - 1) / R_MAX; }

static int phase_tiles(const phase *ph)
{
    region rg[3];
    const int count = phase_regions(ph, rg);
    int tiles = 0;
    for (int k = 0; k < count; k++)
        tiles += region_tiles(&rg[k]);
    return tiles;
}

/* Tiles [t0, t1) of a phase, numbered through its regions in order. */
static TARGET void engine_tiles(const engine *e, const phase *ph, int n, int ob, int t0, int t1)
{
    const float *in_img = e->in + (int64_t)n * e->in_cb * e->in_h * e->in_w * B;
    float *out_plane = e->out + ((int64_t)n * e->out_cb + ob) * e->out_h * e->out_w * B;
    region rg[3];
    const int count = phase_regions(ph, rg);
    int first = 0; /* number of the region's first tile */
    for (int k = 0; k < count && first < t1; k++) {
        const int tiles = region_tiles(&rg[k]), npix = rg[k].ni * rg[k].nj;
        for (int t = max_int(t0, first); t < min_int(t1, first + tiles); t++) {
            const int k0 = (t - first) * R_MAX, r = min_int(R_MAX, npix - k0);
            switch (r) {
            case 6: engine_tile(e, ph, &rg[k], in_img, out_plane, ob, k0, 6); break;
            case 5: engine_tile(e, ph, &rg[k], in_img, out_plane, ob, k0, 5); break;
            case 4: engine_tile(e, ph, &rg[k], in_img, out_plane, ob, k0, 4); break;
            case 3: engine_tile(e, ph, &rg[k], in_img, out_plane, ob, k0, 3); break;
            case 2: engine_tile(e, ph, &rg[k], in_img, out_plane, ob, k0, 2); break;
            default: engine_tile(e, ph, &rg[k], in_img, out_plane, ob, k0, 1); break;
            }
        }
        first += tiles;
    }
}

static void phase_of(const engine *e, int index, phase *ph)
{
    if (!e->transposed) {
        ph->a = ph->b = 0;
        ph->ni = e->out_h;
        ph->nj = e->out_w;
    } else {
        ph->a = index / e->sw;
        ph->b = index % e->sw;
        ph->ni = ph->a < e->out_h ? (e->out_h - ph->a + e->sh - 1) / e->sh : 0;
        ph->nj = ph->b < e->out_w ? (e->out_w - ph->b + e->sw - 1) / e->sw : 0;
    }
    ph->roff_lo = ph->coff_lo = 1 << 30;
    ph->roff_hi = ph->coff_hi = -(1 << 30);
    for (int k = 0; k < e->kh; k++) {
        int ok;
        const int off = tap_offset(e->transposed, ph->a, e->ph, e->sh, k, &ok);
        if (ok) {
            ph->roff_lo = min_int(ph->roff_lo, off);
            ph->roff_hi = max_int(ph->roff_hi, off);
        }
    }
    for (int k = 0; k < e->kw; k++) {
        int ok;
        const int off = tap_offset(e->transposed, ph->b, e->pw, e->sw, k, &ok);
        if (ok) {
            ph->coff_lo = min_int(ph->coff_lo, off);
            ph->coff_hi = max_int(ph->coff_hi, off);
        }
    }
    /* inner columns: j*cs + coff_lo >= 0 and j*cs + coff_hi <= in_w - 1 */
    const int cs = e->transposed ? 1 : e->sw;
    ph->jlo = 0;
    ph->jhi = ph->nj;
    if (ph->coff_lo <= ph->coff_hi) {
        ph->jlo = ph->coff_lo >= 0 ? 0 : (-ph->coff_lo + cs - 1) / cs;
        const int room = e->in_w - 1 - ph->coff_hi;
        ph->jhi = room < 0 ? 0 : min_int(ph->nj, room / cs + 1);
        ph->jlo = min_int(ph->jlo, ph->nj);
    }
}

static void run_engine(const engine *e)
{
    const int phases = e->transposed ? e->sh * e->sw : 1;
    /* Tiles of the largest phase, split into enough chunks for every thread. */
    phase first;
    phase_of(e, 0, &first);
    const int tiles = phase_tiles(&first);
    const int64_t outer = (int64_t)e->n * e->out_cb * phases;
    const int want = 8 * omp_get_max_threads();
    const int chunks = outer >= want ? 1 : max_int(1, min_int(tiles, (int)((want + outer - 1) / outer)));
    #pragma omp parallel for collapse(4) schedule(dynamic)
    for (int n = 0; n < e->n; n++)
        for (int ob = 0; ob < e->out_cb; ob++)
            for (int f = 0; f < phases; f++)
                for (int c = 0; c < chunks; c++) {
                    phase ph;
                    phase_of(e, f, &ph);
                    const int nt = phase_tiles(&ph);
                    const int t0 = (int)((int64_t)nt * c / chunks), t1 = (int)((int64_t)nt * (c + 1) / chunks);
                    engine_tiles(e, &ph, n, ob, t0, t1);
                }
}

/* ------------------------------------------------------------------------- */
/* Forward with a few input channels (the RGB stem)                           */

/* With IC <= 4 the engine above runs only IC of a block's 16 lanes per tap,
 * and its per-tap bookkeeping costs about as much as those few FMAs
 * (r20_stem forward: 0.53-0.69x oneDNN). Here a task copies a band of input
 * rows into a zero-padded buffer of 4 floats per pixel (the block's first 4
 * lanes; lanes >= IC are zero by the layout), so that every tap of every
 * output pixel is at a fixed offset from the pixel's corner, padding
 * included; then the 6-pixel x 16-oc register tile runs the K = KH*KW*IC
 * (tap, channel) steps with one offset from a table per step and no checks. */
#define SMALL_IC_MAX 4
#define SMALL_IC_K_MAX 100      /* 5x5 x 4 channels */
#define SMALL_IC_BAND_FLOATS 8192 /* padded input band on the stack: 32 KiB */
#define SMALL_IC_BAND_PIXELS 192  /* output pixels per task, about */

/* The padded band of output rows [oh0, oh1): input rows from oh0*sh - ph, columns from -pw. */
static int small_ic_padded_w(const nash_conv_desc *d) { return (d->ow - 1) * d->sw + d->kw; }
static int small_ic_band_rows(const nash_conv_desc *d, int out_rows)
{
    return (out_rows - 1) * d->sh + d->kh;
}

/* Output rows per task: about SMALL_IC_BAND_PIXELS pixels, within the stack buffer;
 * 0 when even one row does not fit (the engine runs the conv). */
static int small_ic_rows_per_task(const nash_conv_desc *d)
{
    int rows = SMALL_IC_BAND_PIXELS / d->ow;
    if (rows < 1)
        rows = 1;
    if (rows > d->oh)
        rows = d->oh;
    while (rows > 0 && small_ic_band_rows(d, rows) * small_ic_padded_w(d) * 4 > SMALL_IC_BAND_FLOATS)
        rows--;
    return rows;
}

static int small_ic_path(const nash_conv_desc *d)
{
    return d->ic <= SMALL_IC_MAX && d->kh * d->kw * d->ic <= SMALL_IC_K_MAX &&
           small_ic_rows_per_task(d) > 0;
}

/* ws[ob][r][16 out], r = (kh*KW + kw)*IC + i: w[o][i][kh][kw] (0 beyond OC). */
static void reorder_small_ic(const nash_conv_desc *d, const float *w, float *ws)
{
    const int ocb = (int)nash_cblocks(d->oc), k = d->kh * d->kw * d->ic;
    for (int ob = 0; ob < ocb; ob++)
        for (int kh = 0; kh < d->kh; kh++)
            for (int kw = 0; kw < d->kw; kw++)
                for (int i = 0; i < d->ic; i++) {
                    const int r = (kh * d->kw + kw) * d->ic + i;
                    float *dst = ws + ((int64_t)ob * k + r) * B;
                    for (int lo = 0; lo < B; lo++) {
                        const int o = ob * B + lo;
                        dst[lo] = o < d->oc ? w[(((int64_t)o * d->ic + i) * d->kh + kh) * d->kw + kw]
                                            : 0.0f;
                    }
                }
}

/* out[p][0..15] = bias + sum_r corner[p][off[r]] * ws[r][0..15] for R pixels. */
INLINE void small_ic_tile(const float *const corner[R_MAX], const int *off, int k, const float *ws,
                          __m256 b0, __m256 b1, float *out, const int R)
{
    __m256 acc[R_MAX][2];
    #pragma GCC unroll 6
    for (int p = 0; p < R; p++) {
        acc[p][0] = b0;
        acc[p][1] = b1;
    }
    for (int r = 0; r < k; r++) {
        const __m256 w0 = _mm256_load_ps(ws + r * B), w1 = _mm256_load_ps(ws + r * B + 8);
        const int o = off[r];
        #pragma GCC unroll 6
        for (int p = 0; p < R; p++) {
            const __m256 xv = _mm256_broadcast_ss(corner[p] + o);
            acc[p][0] = _mm256_fmadd_ps(xv, w0, acc[p][0]);
            acc[p][1] = _mm256_fmadd_ps(xv, w1, acc[p][1]);
        }
    }
    #pragma GCC unroll 6
    for (int p = 0; p < R; p++) {
        _mm256_storeu_ps(out + p * B, acc[p][0]);
        _mm256_storeu_ps(out + p * B + 8, acc[p][1]);
    }
}

/* Output rows [oh0, oh1) of image n, every output block. */
static TARGET void small_ic_band(const nash_conv_desc *d, const float *x, const float *ws,
                                 const float *bias, float *y, int n, int oh0, int oh1)
{
    float band[SMALL_IC_BAND_FLOATS] __attribute__((aligned(32)));
    int off[SMALL_IC_K_MAX];
    const int k = d->kh * d->kw * d->ic, ocb = (int)nash_cblocks(d->oc);
    const int pw_n = small_ic_padded_w(d), rows = small_ic_band_rows(d, oh1 - oh0);
    const int ih0 = oh0 * d->sh - d->ph;
    const float *xi = x + (int64_t)n * d->ih * d->iw * B; /* IC <= 4: one input block */
    for (int r = 0; r < rows; r++) {
        const int ih = ih0 + r;
        float *dst = band + (int64_t)r * pw_n * 4;
        for (int c = 0; c < pw_n; c++) {
            const int iw = c - d->pw;
            const int inside = (unsigned)ih < (unsigned)d->ih && (unsigned)iw < (unsigned)d->iw;
            _mm_store_ps(dst + c * 4, inside ? _mm_loadu_ps(xi + ((int64_t)ih * d->iw + iw) * B)
                                             : _mm_setzero_ps());
        }
    }
    for (int kh = 0; kh < d->kh; kh++)
        for (int kw = 0; kw < d->kw; kw++)
            for (int i = 0; i < d->ic; i++)
                off[(kh * d->kw + kw) * d->ic + i] = (kh * pw_n + kw) * 4 + i;
    const int q_end = (oh1 - oh0) * d->ow;
    for (int ob = 0; ob < ocb; ob++) {
        __m256 b0, b1;
        bias_lanes(bias, d->oc, ob, &b0, &b1);
        const float *wob = ws + (int64_t)ob * k * B;
        float *yo = y + (((int64_t)n * ocb + ob) * d->oh + oh0) * d->ow * B;
        int qh = 0, qw = 0; /* (row in the band, column) of pixel q */
        for (int q = 0; q < q_end; q += R_MAX) {
            const int R = min_int(R_MAX, q_end - q);
            const float *corner[R_MAX];
            for (int p = 0; p < R_MAX; p++) {
                corner[p] = band + ((int64_t)qh * d->sh * pw_n + qw * d->sw) * 4;
                if (p < R && ++qw == d->ow) {
                    qw = 0;
                    qh++;
                }
            }
            float *out = yo + (int64_t)q * B;
            switch (R) {
            case 6: small_ic_tile(corner, off, k, wob, b0, b1, out, 6); break;
            case 5: small_ic_tile(corner, off, k, wob, b0, b1, out, 5); break;
            case 4: small_ic_tile(corner, off, k, wob, b0, b1, out, 4); break;
            case 3: small_ic_tile(corner, off, k, wob, b0, b1, out, 3); break;
            case 2: small_ic_tile(corner, off, k, wob, b0, b1, out, 2); break;
            default: small_ic_tile(corner, off, k, wob, b0, b1, out, 1); break;
            }
        }
    }
}

static void small_ic_forward(const nash_conv_desc *d, const float *x, const float *w,
                             const float *bias, float *y, void *scratch)
{
    float *ws = scratch; /* ocb x K x 16 floats <= the engine's ocb x KH x KW x 16 x 16 */
    reorder_small_ic(d, w, ws);
    const int rows = small_ic_rows_per_task(d), bands = (d->oh + rows - 1) / rows;
    #pragma omp parallel for collapse(2) schedule(dynamic)
    for (int n = 0; n < d->n; n++)
        for (int b = 0; b < bands; b++)
            small_ic_band(d, x, ws, bias, y, n, b * rows, min_int(d->oh, (b + 1) * rows));
}

static TARGET void avx2_forward(const nash_conv_desc *d, const float *x, const float *w,
                                const float *bias, float *y, void *scratch)
{
    if (small_ic_path(d)) {
        small_ic_forward(d, x, w, bias, y, scratch);
        return;
    }
    float *wf = scratch;
    reorder_forward(d, w, wf);
    const engine e = {
        .n = d->n,
        .in = x, .in_cb = (int)nash_cblocks(d->ic), .in_h = d->ih, .in_w = d->iw, .in_c = d->ic,
        .out = y, .out_cb = (int)nash_cblocks(d->oc), .out_h = d->oh, .out_w = d->ow, .out_c = d->oc,
        .wt = wf, .bias = bias,
        .kh = d->kh, .kw = d->kw, .sh = d->sh, .sw = d->sw, .ph = d->ph, .pw = d->pw,
        .transposed = 0,
    };
    run_engine(&e);
}

/* Backward data with IC <= 4: the engine would compute 16 dx lanes of which
 * IC are real. Instead, per image: dcol[q][r] = sum_oc dy[q][oc] * w[oc][r]
 * (r = (kh*KW + kw)*IC + i; a 3-pixel x 32-column register tile over the
 * OC steps), then col2im: each pixel's KH*KW taps added into a zero-padded
 * image of 4 floats per pixel (4-lane adds: lanes >= IC collect garbage
 * that is never copied out), then the real lanes copied into dx. Pixels are
 * summed in output order, so the result does not depend on the threads. */
#define SMALL_IC_BWD_R 3

static int small_ic_bwd_kp(int k) { return (k + 3 + 31) / 32 * 32; } /* 4-lane loads past K */

static int small_ic_bwd_path(const nash_conv_desc *d)
{
    return d->ic <= SMALL_IC_MAX && d->kh * d->kw * d->ic <= SMALL_IC_K_MAX &&
           small_ic_band_rows(d, d->oh) * small_ic_padded_w(d) * 4 <= SMALL_IC_BAND_FLOATS;
}

/* wt[o][r] (row length kp) = w[o][i][kh][kw], zero beyond OC and K. */
static void reorder_small_ic_backward(const nash_conv_desc *d, const float *w, float *wt)
{
    const int ocb = (int)nash_cblocks(d->oc), k = d->kh * d->kw * d->ic, kp = small_ic_bwd_kp(k);
    for (int o = 0; o < ocb * B; o++)
        for (int r = 0; r < kp; r++) {
            float v = 0.0f;
            if (o < d->oc && r < k) {
                const int t = r / d->ic, i = r % d->ic, kh = t / d->kw, kw = t % d->kw;
                v = w[(((int64_t)o * d->ic + i) * d->kh + kh) * d->kw + kw];
            }
            wt[(int64_t)o * kp + r] = v;
        }
}

/* dcol[p][c*32 .. c*32+31] for R pixels whose dy (block 0) starts at dyp[p]. */
INLINE void small_ic_dcol_tile(const float *const dyp[SMALL_IC_BWD_R], int64_t block_stride,
                               int ocb, const float *wt, int kp, int c, float *dcol, const int R)
{
    __m256 acc[SMALL_IC_BWD_R][4];
    #pragma GCC unroll 3
    for (int p = 0; p < R; p++)
        for (int j = 0; j < 4; j++)
            acc[p][j] = _mm256_setzero_ps();
    for (int ob = 0; ob < ocb; ob++)
        for (int lo = 0; lo < B; lo++) {
            const float *wr = wt + (int64_t)(ob * B + lo) * kp + c * 32;
            const __m256 w0 = _mm256_loadu_ps(wr), w1 = _mm256_loadu_ps(wr + 8);
            const __m256 w2 = _mm256_loadu_ps(wr + 16), w3 = _mm256_loadu_ps(wr + 24);
            #pragma GCC unroll 3
            for (int p = 0; p < R; p++) {
                const __m256 g = _mm256_broadcast_ss(dyp[p] + ob * block_stride + lo);
                acc[p][0] = _mm256_fmadd_ps(g, w0, acc[p][0]);
                acc[p][1] = _mm256_fmadd_ps(g, w1, acc[p][1]);
                acc[p][2] = _mm256_fmadd_ps(g, w2, acc[p][2]);
                acc[p][3] = _mm256_fmadd_ps(g, w3, acc[p][3]);
            }
        }
    #pragma GCC unroll 3
    for (int p = 0; p < R; p++)
        for (int j = 0; j < 4; j++)
            _mm256_storeu_ps(dcol + (int64_t)p * kp + c * 32 + j * 8, acc[p][j]);
}

static TARGET void small_ic_backward_image(const nash_conv_desc *d, const float *wt,
                                           const float *dy, float *dx, int n)
{
    float pad[SMALL_IC_BAND_FLOATS] __attribute__((aligned(32)));
    float dcol[SMALL_IC_BWD_R * ((SMALL_IC_K_MAX + 3 + 31) / 32 * 32)] __attribute__((aligned(32)));
    const int k = d->kh * d->kw * d->ic, kp = small_ic_bwd_kp(k), ocb = (int)nash_cblocks(d->oc);
    const int pw_n = small_ic_padded_w(d), rows = small_ic_band_rows(d, d->oh);
    const int64_t block_stride = (int64_t)d->oh * d->ow * B;
    memset(pad, 0, sizeof(float) * (size_t)rows * pw_n * 4);
    const float *dyn = dy + (int64_t)n * ocb * block_stride;
    const int pixels = d->oh * d->ow;
    for (int q = 0; q < pixels; q += SMALL_IC_BWD_R) {
        const int R = min_int(SMALL_IC_BWD_R, pixels - q);
        const float *dyp[SMALL_IC_BWD_R];
        for (int p = 0; p < SMALL_IC_BWD_R; p++)
            dyp[p] = dyn + (int64_t)(q + (p < R ? p : 0)) * B;
        for (int c = 0; c < kp / 32; c++) {
            switch (R) {
            case 3: small_ic_dcol_tile(dyp, block_stride, ocb, wt, kp, c, dcol, 3); break;
            case 2: small_ic_dcol_tile(dyp, block_stride, ocb, wt, kp, c, dcol, 2); break;
            default: small_ic_dcol_tile(dyp, block_stride, ocb, wt, kp, c, dcol, 1); break;
            }
        }
        for (int p = 0; p < R; p++) { /* col2im, taps in (kh, kw) order */
            const int oh = (q + p) / d->ow, ow = (q + p) % d->ow;
            float *corner = pad + ((int64_t)oh * d->sh * pw_n + ow * d->sw) * 4;
            const float *col = dcol + (int64_t)p * kp;
            for (int kh = 0; kh < d->kh; kh++)
                for (int kw = 0; kw < d->kw; kw++) {
                    float *t = corner + (kh * pw_n + kw) * 4;
                    _mm_store_ps(t, _mm_add_ps(_mm_load_ps(t),
                                               _mm_loadu_ps(col + (kh * d->kw + kw) * d->ic)));
                }
        }
    }
    /* dx pixel (ih, iw) is padded pixel (ih + ph, iw + pw); rows / columns no tap reached are 0 */
    const __m128 keep = _mm_castsi128_ps(_mm_set_epi32(d->ic > 3 ? -1 : 0, d->ic > 2 ? -1 : 0,
                                                       d->ic > 1 ? -1 : 0, -1));
    float *dxn = dx + (int64_t)n * d->ih * d->iw * B;
    for (int ih = 0; ih < d->ih; ih++)
        for (int iw = 0; iw < d->iw; iw++) {
            const int r = ih + d->ph, c = iw + d->pw;
            float *o = dxn + ((int64_t)ih * d->iw + iw) * B;
            const __m128 v = r < rows && c < pw_n ? _mm_and_ps(_mm_load_ps(pad + ((int64_t)r * pw_n + c) * 4), keep)
                                                  : _mm_setzero_ps();
            _mm_storeu_ps(o, v);
            _mm_storeu_ps(o + 4, _mm_setzero_ps());
            _mm256_storeu_ps(o + 8, _mm256_setzero_ps());
        }
}

static void small_ic_backward_data(const nash_conv_desc *d, const float *w, const float *dy,
                                   float *dx, void *scratch)
{
    float *wt = scratch; /* 16 ocb x kp floats <= the engine's ocb x KH x KW x 16 x 16 */
    reorder_small_ic_backward(d, w, wt);
    #pragma omp parallel for schedule(dynamic)
    for (int n = 0; n < d->n; n++)
        small_ic_backward_image(d, wt, dy, dx, n);
}

static TARGET void avx2_backward_data(const nash_conv_desc *d, const float *x, const float *w,
                                      const float *dy, float *dx, void *scratch)
{
    (void)x;
    if (small_ic_bwd_path(d)) {
        small_ic_backward_data(d, w, dy, dx, scratch);
        return;
    }
    float *wb = scratch;
    reorder_backward(d, w, wb);
    const engine e = {
        .n = d->n,
        .in = dy, .in_cb = (int)nash_cblocks(d->oc), .in_h = d->oh, .in_w = d->ow, .in_c = d->oc,
        .out = dx, .out_cb = (int)nash_cblocks(d->ic), .out_h = d->ih, .out_w = d->iw, .out_c = d->ic,
        .wt = wb, .bias = NULL,
        .kh = d->kh, .kw = d->kw, .sh = d->sh, .sw = d->sw, .ph = d->ph, .pw = d->pw,
        .transposed = 1,
    };
    run_engine(&e);
}

/* ------------------------------------------------------------------------- */
/* Backward weights                                                           */

/* Range [*lo, *hi) of output positions q (< out_n) whose tap k reads an input
 * position q*s + k - pad inside [0, in_n). */
static void valid_range(int k, int s, int pad, int in_n, int out_n, int *lo, int *hi)
{
    const int first = pad - k, last = in_n - 1 + pad - k;
    *lo = first <= 0 ? 0 : (first + s - 1) / s;
    *hi = last < 0 ? 0 : min_int(last / s + 1, out_n);
    if (*lo > *hi)
        *lo = *hi;
}

/* part[l][0..15] += sum over rows [p0, p1), columns [q0, q1) of x[lane l] * dy[0..15]
 * for the C lanes starting at xr's lane; xr, dyr point at (p0, q0). */
INLINE void bw_tile(float *part, const int C, const float *xr, int64_t x_row, int64_t x_col,
                    const float *dyr, int64_t dy_row, int rows, int cols)
{
    __m256 acc[C_MAX][2];
    #pragma GCC unroll 6
    for (int c = 0; c < C; c++) {
        acc[c][0] = _mm256_load_ps(part + c * B);
        acc[c][1] = _mm256_load_ps(part + c * B + 8);
    }
    for (int p = 0; p < rows; p++) {
        const float *xv = xr + p * x_row, *gv = dyr + p * dy_row;
        for (int q = 0; q < cols; q++) {
            const __m256 g0 = _mm256_loadu_ps(gv), g1 = _mm256_loadu_ps(gv + 8);
            #pragma GCC unroll 6
            for (int c = 0; c < C; c++) {
                const __m256 xb = _mm256_broadcast_ss(xv + c);
                acc[c][0] = _mm256_fmadd_ps(xb, g0, acc[c][0]);
                acc[c][1] = _mm256_fmadd_ps(xb, g1, acc[c][1]);
            }
            xv += x_col;
            gv += B;
        }
    }
    #pragma GCC unroll 6
    for (int c = 0; c < C; c++) {
        _mm256_store_ps(part + c * B, acc[c][0]);
        _mm256_store_ps(part + c * B + 8, acc[c][1]);
    }
}

/* One task: partial dw of (ob, ib) over images [n0, n1), into part
 * [KH][KW][16 in][16 out] (and, when bpart is not NULL, dbias lanes of ob). */
static TARGET void bw_task(const nash_conv_desc *d, const float *x, const float *dy, int ob, int ib,
                           int n0, int n1, float *part, float *bpart)
{
    const int icb = (int)nash_cblocks(d->ic), ocb = (int)nash_cblocks(d->oc);
    const int lanes = min_int(B, d->ic - ib * B);
    const int groups = (lanes + C_MAX - 1) / C_MAX;
    const int64_t x_row = (int64_t)d->sh * d->iw * B, x_col = (int64_t)d->sw * B;
    const int64_t dy_row = (int64_t)d->ow * B;
    const int rows_per_chunk = max_int(1, BW_TILE_PIXELS / d->ow);
    memset(part, 0, sizeof(float) * (size_t)d->kh * d->kw * B * B);
    __m256 bias0 = _mm256_setzero_ps(), bias1 = _mm256_setzero_ps();
    for (int n = n0; n < n1; n++) {
        const float *xp = x + ((int64_t)n * icb + ib) * d->ih * d->iw * B;
        const float *dyp = dy + ((int64_t)n * ocb + ob) * d->oh * d->ow * B;
        for (int pa = 0; pa < d->oh; pa += rows_per_chunk) {
            const int pb = min_int(d->oh, pa + rows_per_chunk);
            for (int kh = 0; kh < d->kh; kh++) {
                int p0, p1;
                valid_range(kh, d->sh, d->ph, d->ih, d->oh, &p0, &p1);
                p0 = max_int(p0, pa);
                p1 = min_int(p1, pb);
                if (p0 >= p1)
                    continue;
                for (int kw = 0; kw < d->kw; kw++) {
                    int q0, q1;
                    valid_range(kw, d->sw, d->pw, d->iw, d->ow, &q0, &q1);
                    if (q0 >= q1)
                        continue;
                    float *pt = part + ((int64_t)kh * d->kw + kw) * B * B;
                    const float *xr =
                        xp + ((int64_t)(p0 * d->sh + kh - d->ph) * d->iw + q0 * d->sw + kw - d->pw) * B;
                    const float *dyr = dyp + ((int64_t)p0 * d->ow + q0) * B;
                    for (int g = 0; g < groups; g++) {
                        /* split the lanes evenly: 16 = 6 + 5 + 5 */
                        const int l0 = lanes * g / groups, l1 = lanes * (g + 1) / groups;
                        const int rows = p1 - p0, cols = q1 - q0;
                        switch (l1 - l0) {
                        case 6: bw_tile(pt + l0 * B, 6, xr + l0, x_row, x_col, dyr, dy_row, rows, cols); break;
                        case 5: bw_tile(pt + l0 * B, 5, xr + l0, x_row, x_col, dyr, dy_row, rows, cols); break;
                        case 4: bw_tile(pt + l0 * B, 4, xr + l0, x_row, x_col, dyr, dy_row, rows, cols); break;
                        case 3: bw_tile(pt + l0 * B, 3, xr + l0, x_row, x_col, dyr, dy_row, rows, cols); break;
                        case 2: bw_tile(pt + l0 * B, 2, xr + l0, x_row, x_col, dyr, dy_row, rows, cols); break;
                        default: bw_tile(pt + l0 * B, 1, xr + l0, x_row, x_col, dyr, dy_row, rows, cols); break;
                        }
                    }
                }
            }
            if (bpart) { /* dy of this row chunk is in L1 now */
                const float *g = dyp + (int64_t)pa * d->ow * B;
                const int64_t count = (int64_t)(pb - pa) * d->ow;
                for (int64_t s = 0; s < count; s++) {
                    bias0 = _mm256_add_ps(bias0, _mm256_loadu_ps(g + s * B));
                    bias1 = _mm256_add_ps(bias1, _mm256_loadu_ps(g + s * B + 8));
                }
            }
        }
    }
    if (bpart) {
        _mm256_store_ps(bpart, bias0);
        _mm256_store_ps(bpart + 8, bias1);
    }
}

static TARGET void avx2_backward_weights(const nash_conv_desc *d, const float *x, const float *w,
                                         const float *dy, float *dw, float *dbias, void *scratch)
{
    (void)w;
    const int icb = (int)nash_cblocks(d->ic), ocb = (int)nash_cblocks(d->oc);
    const int chunks = bw_chunks(d), taps = d->kh * d->kw;
    const int64_t block_floats = (int64_t)taps * B * B;
    float *part = scratch;                      /* [chunk][ob][ib][tap][16 in][16 out] */
    float *bpart = part + bw_partial_floats(d); /* [chunk][ob][16] */
    #pragma omp parallel for collapse(3) schedule(dynamic)
    for (int c = 0; c < chunks; c++)
        for (int ob = 0; ob < ocb; ob++)
            for (int ib = 0; ib < icb; ib++) {
                const int n0 = (int)((int64_t)d->n * c / chunks), n1 = (int)((int64_t)d->n * (c + 1) / chunks);
                float *pt = part + (((int64_t)c * ocb + ob) * icb + ib) * block_floats;
                float *bp = dbias && ib == 0 ? bpart + ((int64_t)c * ocb + ob) * B : NULL;
                bw_task(d, x, dy, ob, ib, n0, n1, pt, bp);
            }
    /* Reduce the chunks in order 0, 1, ... and transpose into OIHW. */
    const int64_t chunk_floats = (int64_t)ocb * icb * block_floats;
    #pragma omp parallel for schedule(static)
    for (int o = 0; o < d->oc; o++) {
        const int ob = o / B, lo = o % B;
        for (int i = 0; i < d->ic; i++) {
            const int ib = i / B, li = i % B;
            const float *src = part + ((int64_t)ob * icb + ib) * block_floats + li * B + lo;
            float *dst = dw + ((int64_t)o * d->ic + i) * taps;
            for (int t = 0; t < taps; t++) {
                float sum = src[(int64_t)t * B * B];
                for (int c = 1; c < chunks; c++)
                    sum += src[c * chunk_floats + (int64_t)t * B * B];
                dst[t] = sum;
            }
        }
    }
    if (dbias)
        for (int o = 0; o < d->oc; o++) {
            float sum = 0.0f;
            for (int c = 0; c < chunks; c++)
                sum += bpart[((int64_t)c * ocb + o / B) * B + o % B];
            dbias[o] = sum;
        }
}

const nash_conv_impl nash_conv_avx2 = {
    .name = "avx2",
    .isa = NASH_ISA_AVX2,
    .unsupported = avx2_unsupported,
    .scratch_bytes = avx2_scratch_bytes,
    .forward = avx2_forward,
    .backward_data = avx2_backward_data,
    .backward_weights = avx2_backward_weights,
};
