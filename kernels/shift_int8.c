/*
 * shift_int8.c — int8 inference of shift conv layers: weight packing, u8
 * activation quantisation, and the conv forward in a reference and an AVX2
 * variant (the rules and the exactness argument are in shift_int8.h).
 *
 * Owns: nash_shift_int8_pack/_free, nash_blocked_range, nash_act_quant_init,
 * nash_act_quantize, the variants "avx2" and "ref", their table and pick.
 * Does not own: the fp32 shift path (conv.c, shift.c), layers (runtime/).
 *
 * "ref" is the definition: plain loops, sum (q - zp) * m in int32 over the
 * in-bounds taps. "avx2" must give the same int32 sums bit for bit (and so
 * the same floats: both dequantise with one fmaf / vfmadd per element).
 * It tiles R <= R_MAX consecutive output pixels of one row x 16 output
 * channels into 2R ymm of int32; for every tap, input block and quad of 4
 * input lanes it broadcasts the pixel's 4 input bytes to all 8 int32 lanes and
 * multiplies them with 32 code bytes laid out [8 out][4 in] (vpmaddubsw:
 * u8*s8 pairs -> s16, never saturating since |m| <= 64; vpmaddwd with ones:
 * s16 pairs -> s32). With a narrower code window (pack_window, |m| <= 16)
 * up to 4 vpmaddubsw results are added in s16 before the one vpmaddwd, which
 * halves the multiply-port work: on Zen 3 both multiplies share the same two
 * pipes, so with E = 7 the int8 path does 32 MACs per 2 multiply uops, the
 * same rate as fp32 FMA (8 MACs per uop), and E <= 5 halves that work. The
 * input comes padded from nash_act_quantize (a border of zero-point bytes), so
 * no tap needs a bounds check; the zero point is removed at the end as
 * zp * sum(m) per output channel.
 * Tasks are (image, output block, output row), dynamically scheduled; each
 * writes only its own outputs, so results do not depend on the thread count.
 * An AVX-512 VNNI variant (vpdpbusd: the same [out][4 in] layout, 16 int32
 * lanes, no saturation concern) would slot in before "avx2"; it is not written
 * because this machine (Zen 3) cannot run it.
 *
 * Measured (Zen 3, 1 thread, batch 64, CPU-time medians of 5 runs on a machine
 * with load ~7 on 2 cores; `nash bench shift-int8`), quantise + int8 conv vs
 * the fp32 avx2 conv forward on the five ResNet-20 shift-layer shapes: E = 7
 * 1.50-1.65x (int8 conv alone 1.56-2.0x), E = 5 1.66-2.0x (conv alone
 * 1.86-2.45x); the 3-channel stem (one partial quad per tap) is slower.
 */
#include "shift_int8.h"

#include <immintrin.h>
#include <math.h>
#include <stdlib.h>

#define B NASH_BLOCK
#define TARGET __attribute__((target("avx2,fma")))
#define INLINE static inline __attribute__((always_inline, target("avx2,fma")))
#define R_MAX 6           /* output pixels per AVX2 register tile (12 int32 accumulators) */
#define PACK_BLOCK (B * B) /* code bytes per (out block, tap, in block) in the packed layout */

/* ------------------------------------------------------------------------- */
/* Weight packing                                                             */

void nash_shift_int8_weights_free(nash_shift_int8_weights *pw)
{
    free(pw->code);
    free(pw->packed);
    free(pw->scale);
    free(pw->code_sum);
    memset(pw, 0, sizeof *pw);
}

/* Exponent p of w = ±2^p; 0 and sets *ok = 0 when w is not a signed power of two. */
static int power_of_two_exponent(float w, int *ok)
{
    int e;
    float mant = frexpf(fabsf(w), &e); /* |w| = mant * 2^e, mant in [0.5, 1) */
    *ok = isfinite(w) && mant == 0.5f;
    return e - 1;
}

int nash_shift_int8_pack(nash_shift_int8_weights *pw, const nash_conv_desc *d, const float *wq)
{
    return nash_shift_int8_pack_window(pw, d, wq, NASH_INT8_EXPONENTS);
}

int nash_shift_int8_pack_window(nash_shift_int8_weights *pw, const nash_conv_desc *d,
                                const float *wq, int exponents)
{
    memset(pw, 0, sizeof *pw);
    if (exponents < 1 || exponents > NASH_INT8_EXPONENTS)
        return nash_fail("shift int8 pack: a window of %d exponents; expected 1..%d", exponents,
                         NASH_INT8_EXPONENTS);
    if (d->groups != 1)
        return nash_fail("shift int8 pack: groups = %d; only groups = 1 is supported",
                         d->groups);
    const int64_t per_oc = (int64_t)d->ic * d->kh * d->kw;
    const int64_t ocb = nash_cblocks(d->oc), icb = nash_cblocks(d->ic);
    pw->oc = d->oc;
    pw->ic = d->ic;
    pw->kh = d->kh;
    pw->kw = d->kw;
    pw->code = calloc((size_t)(d->oc * per_oc), 1);
    pw->packed = aligned_alloc(64, (size_t)(ocb * d->kh * d->kw * icb * PACK_BLOCK));
    pw->scale = calloc((size_t)ocb * B, sizeof *pw->scale);
    pw->code_sum = calloc((size_t)ocb * B, sizeof *pw->code_sum);
    if (!pw->code || !pw->packed || !pw->scale || !pw->code_sum) {
        nash_shift_int8_weights_free(pw);
        return nash_fail("shift int8 pack: out of memory for %lld weights",
                         (long long)(d->oc * per_oc));
    }
    int any = 0;
    for (int o = 0; o < d->oc; o++) {
        const float *wo = wq + o * per_oc;
        int p_hi = INT32_MIN;
        for (int64_t i = 0; i < per_oc; i++) {
            if (wo[i] == 0.0f)
                continue;
            int ok;
            const int p = power_of_two_exponent(wo[i], &ok);
            if (!ok) {
                nash_shift_int8_weights_free(pw);
                return nash_fail("shift int8 pack: weight %lld (out %d) is %g (%a); expected 0 "
                                 "or +-2^p",
                                 (long long)(o * per_oc + i), o, (double)wo[i], (double)wo[i]);
            }
            p_hi = p > p_hi ? p : p_hi;
            pw->p_min = !any || p < pw->p_min ? p : pw->p_min;
            pw->p_max = !any || p > pw->p_max ? p : pw->p_max;
            any = 1;
        }
        /* the channel's window of 7 exponents ends at its largest weight */
        const int p_lo = p_hi == INT32_MIN ? 0 : p_hi - (exponents - 1);
        pw->scale[o] = ldexpf(1.0f, p_lo);
        int32_t sum = 0;
        for (int64_t i = 0; i < per_oc; i++) {
            int8_t m = 0;
            if (wo[i] != 0.0f) {
                int ok;
                const int p = power_of_two_exponent(wo[i], &ok);
                if (p >= p_lo) {
                    m = (int8_t)(1 << (p - p_lo));
                    m = wo[i] < 0.0f ? (int8_t)-m : m;
                } else {
                    pw->flushed++;
                    pw->flushed_max = fmaxf(pw->flushed_max, fabsf(wo[i]));
                }
            }
            pw->code[o * per_oc + i] = m;
            pw->max_code = abs(m) > pw->max_code ? abs(m) : pw->max_code;
            sum += m;
        }
        pw->code_sum[o] = sum;
    }
    pw->exponents = exponents;
    /* a vpmaddubsw lane is x_a m_a + x_b m_b, |.| <= 2 * 255 * max_code: depth of them fit in s16 */
    const int fit = 32767 / (2 * 255 * (pw->max_code > 0 ? pw->max_code : 1));
    pw->s16_depth = fit >= 4 ? 4 : fit >= 2 ? 2 : 1;
    /* [ob][kh][kw][ib][quad][half][8 out][4 in], zero beyond OC / IC */
    for (int64_t ob = 0; ob < ocb; ob++)
        for (int kh = 0; kh < d->kh; kh++)
            for (int kw = 0; kw < d->kw; kw++)
                for (int64_t ib = 0; ib < icb; ib++) {
                    int8_t *dst = pw->packed + (((ob * d->kh + kh) * d->kw + kw) * icb + ib) * PACK_BLOCK;
                    for (int quad = 0; quad < 4; quad++)
                        for (int half = 0; half < 2; half++)
                            for (int lo = 0; lo < 8; lo++)
                                for (int li = 0; li < 4; li++) {
                                    const int64_t o = ob * B + half * 8 + lo;
                                    const int64_t i = ib * B + quad * 4 + li;
                                    *dst++ = o < d->oc && i < d->ic
                                                 ? pw->code[((o * d->ic + i) * d->kh + kh) * d->kw + kw]
                                                 : 0;
                                }
                }
    return 0;
}

/* ------------------------------------------------------------------------- */
/* Activation quantisation                                                    */

void nash_blocked_range(int n, int c, int h, int w, const float *x, float *lo, float *hi)
{
    float mn = INFINITY, mx = -INFINITY;
    const int64_t cb = nash_cblocks(c), pixels = (int64_t)h * w;
    for (int64_t img = 0; img < n; img++)
        for (int64_t b = 0; b < cb; b++) {
            const int lanes = (int)(c - b * B < B ? c - b * B : B);
            const float *p = x + (img * cb + b) * pixels * B;
            for (int64_t s = 0; s < pixels; s++)
                for (int l = 0; l < lanes; l++) {
                    mn = fminf(mn, p[s * B + l]);
                    mx = fmaxf(mx, p[s * B + l]);
                }
        }
    *lo = mn;
    *hi = mx;
}

int nash_act_quant_init(nash_act_quant *q, float lo, float hi)
{
    if (!isfinite(lo) || !isfinite(hi) || lo > hi)
        return nash_fail("activation quantisation: range [%g, %g] is not a finite interval",
                         (double)lo, (double)hi);
    if (lo >= 0.0f) {
        q->zero_point = 0;
        q->scale = hi > 0.0f ? hi / 255.0f : 1.0f;
    } else {
        const float m = fmaxf(-lo, hi);
        q->zero_point = 128;
        q->scale = m / 127.0f;
    }
    q->inv_scale = 1.0f / q->scale;
    return 0;
}

/* One value: round half up of x/scale + zp, clamped to [0, 255]; NaN -> 0. The
 * explicit fmaf matches the AVX2 path's vfmadd bit for bit. */
static inline uint8_t quantize_one(float x, float inv, float zp)
{
    const float v = fminf(fmaxf(fmaf(x, inv, zp), 0.0f), 255.0f);
    return (uint8_t)(int)(v + 0.5f);
}

/* The 16 lanes of `pixels` consecutive pixels; the same arithmetic as
 * quantize_one, 8 lanes at a time (maxps(v, 0) returns 0 for NaN, as fmaxf
 * does; cvtt truncates like (int)). */
TARGET static void quantize_pixels_avx2(const float *x, uint8_t *xq, int64_t pixels, float inv_f,
                                        float zp_f)
{
    const __m256 zero = _mm256_setzero_ps(), top = _mm256_set1_ps(255.0f), half = _mm256_set1_ps(0.5f);
    const __m256 inv = _mm256_set1_ps(inv_f), zp = _mm256_set1_ps(zp_f);
    for (int64_t s = 0; s < pixels; s++, x += B, xq += B) {
        __m256 v0 = _mm256_fmadd_ps(_mm256_loadu_ps(x), inv, zp);
        __m256 v1 = _mm256_fmadd_ps(_mm256_loadu_ps(x + 8), inv, zp);
        v0 = _mm256_min_ps(_mm256_max_ps(v0, zero), top);
        v1 = _mm256_min_ps(_mm256_max_ps(v1, zero), top);
        const __m256i i0 = _mm256_cvttps_epi32(_mm256_add_ps(v0, half));
        const __m256i i1 = _mm256_cvttps_epi32(_mm256_add_ps(v1, half));
        /* 0..255 int32 -> u16 -> u8; packs work within 128-bit halves, so reorder */
        const __m256i w16 = _mm256_permute4x64_epi64(_mm256_packus_epi32(i0, i1), 0xD8);
        const __m128i b8 =
            _mm_packus_epi16(_mm256_castsi256_si128(w16), _mm256_extracti128_si256(w16, 1));
        _mm_storeu_si128((__m128i *)xq, b8);
    }
}

void nash_act_quantize(const nash_act_quant *q, int n, int c, int h, int w, int ph, int pw,
                       const float *x, uint8_t *xq)
{
    const int64_t cb = nash_cblocks(c), hp = h + 2 * ph, wp = w + 2 * pw;
    const float inv = q->inv_scale, zp = (float)q->zero_point;
    const int avx2 = nash_isa_has(NASH_ISA_AVX2);
    #pragma omp parallel for collapse(2) schedule(static)
    for (int64_t img = 0; img < n; img++)
        for (int64_t b = 0; b < cb; b++) {
            const int lanes = (int)(c - b * B < B ? c - b * B : B);
            const float *src = x + (img * cb + b) * h * w * B;
            uint8_t *dst = xq + (img * cb + b) * hp * wp * B;
            /* border rows, and the left / right border of each row: the value 0 */
            memset(dst, q->zero_point, (size_t)(ph * wp * B));
            memset(dst + (ph + h) * wp * B, q->zero_point, (size_t)(ph * wp * B));
            for (int64_t row = 0; row < h; row++) {
                uint8_t *line = dst + ((row + ph) * wp) * B;
                memset(line, q->zero_point, (size_t)(pw * B));
                memset(line + (pw + w) * B, q->zero_point, (size_t)(pw * B));
                const float *in = src + row * w * B;
                uint8_t *out = line + pw * B;
                if (avx2)
                    quantize_pixels_avx2(in, out, w, inv, zp);
                else
                    for (int64_t i = 0; i < w * B; i++)
                        out[i] = quantize_one(in[i], inv, zp);
                if (lanes < B) /* pad lanes hold the value 0 */
                    for (int64_t s = 0; s < w; s++)
                        memset(out + s * B + lanes, q->zero_point, (size_t)(B - lanes));
            }
        }
}

/* ------------------------------------------------------------------------- */
/* Reference                                                                  */

static const char *int8_unsupported(const nash_conv_desc *d)
{
    if (d->groups != 1)
        return "groups > 1 not supported by the int8 shift path";
    return NULL;
}

/* Per output element: the exact sum over in-bounds taps, then acc and / or y. */
static void ref_forward(const nash_conv_desc *d, const uint8_t *x, const nash_act_quant *q,
                        const nash_shift_int8_weights *w, const float *bias, float *y,
                        int32_t *acc)
{
    const int64_t ocb = nash_cblocks(d->oc);
    const int zp = q->zero_point;
    #pragma omp parallel for collapse(2) schedule(dynamic)
    for (int n = 0; n < d->n; n++)
        for (int o = 0; o < (int)(ocb * B); o++)
            for (int p = 0; p < d->oh; p++)
                for (int qq = 0; qq < d->ow; qq++) {
                    int32_t sum = 0;
                    for (int c = 0; o < d->oc && c < d->ic; c++)
                        for (int i = 0; i < d->kh; i++) {
                            const int ih = p * d->sh + i - d->ph;
                            if (ih < 0 || ih >= d->ih)
                                continue;
                            for (int j = 0; j < d->kw; j++) {
                                const int iw = qq * d->sw + j - d->pw;
                                if (iw < 0 || iw >= d->iw)
                                    continue;
                                const int32_t xv = x[nash_blocked_index(
                                    d->ic, d->ih + 2 * d->ph, d->iw + 2 * d->pw, n, c,
                                    ih + d->ph, iw + d->pw)];
                                const int32_t m =
                                    w->code[(((int64_t)o * d->ic + c) * d->kh + i) * d->kw + j];
                                sum += (xv - zp) * m;
                            }
                        }
                    const int64_t at = (((n * ocb + o / B) * d->oh + p) * d->ow + qq) * B + o % B;
                    if (acc)
                        acc[at] = sum;
                    if (y) {
                        const float s = o < d->oc ? q->scale * w->scale[o] : 0.0f;
                        const float b = bias && o < d->oc ? bias[o] : 0.0f;
                        y[at] = fmaf((float)sum, s, b);
                    }
                }
}

const nash_shift_int8_impl nash_shift_int8_ref = {
    .name = "ref",
    .isa = 0,
    .unsupported = int8_unsupported,
    .forward = ref_forward,
};

/* ------------------------------------------------------------------------- */
/* AVX2                                                                       */

/* acc[r] += sum over `quads` quads of 4 input lanes of px[r * pstep + lane] *
 * code[lane][out]. D vpmaddubsw results are added in s16 (exact: pack chose D
 * so that they fit) before one vpmaddwd with ones widens them to s32. */
INLINE void madd_quads(__m256i acc[R_MAX][2], const int R, const uint8_t *px, const int64_t pstep,
                       const int8_t *wt, const int quads, const __m256i ones, const int D)
{
    for (int g = 0; g < quads; g += D) {
        const int in_group = quads - g < D ? quads - g : D;
        #pragma GCC unroll 6
        for (int r = 0; r < R; r++) {
            __m256i s0 = _mm256_setzero_si256(), s1 = _mm256_setzero_si256();
            #pragma GCC unroll 4
            for (int k = 0; k < D; k++) {
                if (k >= in_group)
                    break;
                int32_t four;
                memcpy(&four, px + r * pstep + (g + k) * 4, sizeof four);
                const __m256i xb = _mm256_set1_epi32(four);
                const int8_t *wk = wt + (g + k) * 64;
                /* u8 x s8 pairs -> s16, |pair| <= 2 * 255 * max_code */
                s0 = _mm256_add_epi16(
                    s0, _mm256_maddubs_epi16(xb, _mm256_load_si256((const __m256i *)wk)));
                s1 = _mm256_add_epi16(
                    s1, _mm256_maddubs_epi16(xb, _mm256_load_si256((const __m256i *)(wk + 32))));
            }
            acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(s0, ones));
            acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(s1, ones));
        }
    }
}

/* Output pixels (n, row oh, columns ow0 .. ow0+R-1) of output block ob; the
 * input is padded, so every tap of every pixel reads inside it. */
INLINE void avx2_tile(const nash_conv_desc *d, const uint8_t *x, const nash_act_quant *q,
                      const nash_shift_int8_weights *w, const float *bias, float *y,
                      int32_t *acc_out, int n, int ob, int oh, int ow0, const int R, const int D)
{
    const int icb = (int)nash_cblocks(d->ic), ocb = (int)nash_cblocks(d->oc);
    const int full_blocks = d->ic / B, tail_quads = (d->ic % B + 3) / 4;
    const int64_t wp = d->iw + 2 * d->pw, plane = (int64_t)(d->ih + 2 * d->ph) * wp * B;
    const int64_t pstep = (int64_t)d->sw * B;
    const uint8_t *x_tile =
        x + (int64_t)n * icb * plane + ((int64_t)oh * d->sh * wp + (int64_t)ow0 * d->sw) * B;
    const __m256i ones = _mm256_set1_epi16(1);
    __m256i acc[R_MAX][2];
    #pragma GCC unroll 6
    for (int r = 0; r < R; r++)
        acc[r][0] = acc[r][1] = _mm256_setzero_si256();

    const int8_t *wt = w->packed + (int64_t)ob * d->kh * d->kw * icb * PACK_BLOCK;
    for (int kh = 0; kh < d->kh; kh++)
        for (int kw = 0; kw < d->kw; kw++) {
            const uint8_t *px = x_tile + ((int64_t)kh * wp + kw) * B;
            for (int ib = 0; ib < full_blocks; ib++) {
                madd_quads(acc, R, px, pstep, wt, 4, ones, D);
                wt += PACK_BLOCK;
                px += plane;
            }
            if (tail_quads) {
                madd_quads(acc, R, px, pstep, wt, tail_quads, ones, D);
                wt += PACK_BLOCK;
            }
        }

    /* remove the zero point: every tap (border included) read q = zp + value */
    const __m256i zp = _mm256_set1_epi32(q->zero_point);
    const __m256i zsum0 =
        _mm256_mullo_epi32(zp, _mm256_loadu_si256((const __m256i *)(w->code_sum + ob * B)));
    const __m256i zsum1 =
        _mm256_mullo_epi32(zp, _mm256_loadu_si256((const __m256i *)(w->code_sum + ob * B + 8)));
    float s_lanes[B], b_lanes[B];
    for (int o = 0; o < B; o++) {
        const int oc = ob * B + o;
        s_lanes[o] = oc < d->oc ? q->scale * w->scale[oc] : 0.0f;
        b_lanes[o] = bias && oc < d->oc ? bias[oc] : 0.0f;
    }
    const __m256 s0 = _mm256_loadu_ps(s_lanes), s1 = _mm256_loadu_ps(s_lanes + 8);
    const __m256 b0 = _mm256_loadu_ps(b_lanes), b1 = _mm256_loadu_ps(b_lanes + 8);
    const int64_t out_at = ((((int64_t)n * ocb + ob) * d->oh + oh) * d->ow + ow0) * B;
    #pragma GCC unroll 6
    for (int r = 0; r < R; r++) {
        const __m256i a0 = _mm256_sub_epi32(acc[r][0], zsum0);
        const __m256i a1 = _mm256_sub_epi32(acc[r][1], zsum1);
        if (acc_out) {
            _mm256_storeu_si256((__m256i *)(acc_out + out_at + r * B), a0);
            _mm256_storeu_si256((__m256i *)(acc_out + out_at + r * B + 8), a1);
        }
        if (y) {
            _mm256_storeu_ps(y + out_at + r * B, _mm256_fmadd_ps(_mm256_cvtepi32_ps(a0), s0, b0));
            _mm256_storeu_ps(y + out_at + r * B + 8,
                             _mm256_fmadd_ps(_mm256_cvtepi32_ps(a1), s1, b1));
        }
    }
}

/* One output row of one block, cut into ceil(OW / R_MAX) tiles of near-equal
 * width (OW = 32: 6 6 5 5 5 5, not 6 6 6 6 6 2; OW = 8: 4 4). */
INLINE void avx2_row(const nash_conv_desc *d, const uint8_t *x, const nash_act_quant *q,
                     const nash_shift_int8_weights *w, const float *bias, float *y, int32_t *acc,
                     int n, int ob, int oh, const int D)
{
    const int tiles = (d->ow + R_MAX - 1) / R_MAX, base = d->ow / tiles, wider = d->ow % tiles;
    for (int t = 0, ow0 = 0; t < tiles; t++) {
        const int width = base + (t < wider);
        switch (width) { /* R_MAX == 6 */
        case 6: avx2_tile(d, x, q, w, bias, y, acc, n, ob, oh, ow0, 6, D); break;
        case 5: avx2_tile(d, x, q, w, bias, y, acc, n, ob, oh, ow0, 5, D); break;
        case 4: avx2_tile(d, x, q, w, bias, y, acc, n, ob, oh, ow0, 4, D); break;
        case 3: avx2_tile(d, x, q, w, bias, y, acc, n, ob, oh, ow0, 3, D); break;
        case 2: avx2_tile(d, x, q, w, bias, y, acc, n, ob, oh, ow0, 2, D); break;
        default: avx2_tile(d, x, q, w, bias, y, acc, n, ob, oh, ow0, 1, D); break;
        }
        ow0 += width;
    }
}

TARGET static void avx2_forward(const nash_conv_desc *d, const uint8_t *x,
                                const nash_act_quant *q, const nash_shift_int8_weights *w,
                                const float *bias, float *y, int32_t *acc)
{
    const int ocb = (int)nash_cblocks(d->oc);
    _Static_assert(R_MAX == 6, "avx2_row's tail switch assumes R_MAX == 6");
    #pragma omp parallel for collapse(3) schedule(dynamic)
    for (int n = 0; n < d->n; n++)
        for (int ob = 0; ob < ocb; ob++)
            for (int oh = 0; oh < d->oh; oh++) {
                if (w->s16_depth >= 4)
                    avx2_row(d, x, q, w, bias, y, acc, n, ob, oh, 4);
                else if (w->s16_depth == 2)
                    avx2_row(d, x, q, w, bias, y, acc, n, ob, oh, 2);
                else
                    avx2_row(d, x, q, w, bias, y, acc, n, ob, oh, 1);
            }
}

const nash_shift_int8_impl nash_shift_int8_avx2 = {
    .name = "avx2",
    .isa = NASH_ISA_AVX2,
    .unsupported = int8_unsupported,
    .forward = avx2_forward,
};

/* ------------------------------------------------------------------------- */
/* Table                                                                      */

const nash_shift_int8_impl *const nash_shift_int8_impls[] = {
    &nash_shift_int8_avx2,
    &nash_shift_int8_ref,
    NULL,
};

const nash_shift_int8_impl *nash_shift_int8_pick(const nash_conv_desc *d)
{
    NASH_PICK(nash_shift_int8_impl, nash_shift_int8_impls, impl->unsupported(d) == NULL);
}
