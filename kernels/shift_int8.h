/*
 * shift_int8.h — the int8 inference path of shift (DeepShift) conv layers:
 * power-of-two weights stored as int8 sign-and-exponent codes, activations
 * quantised to u8, integer convolution with exact int32 sums, output
 * dequantised to float (issue 4, "shift" bullet).
 *
 * Owns: the weight code and its packing, per-tensor u8 activation
 * quantisation, the int8 conv forward (reference and AVX2) and its variant
 * table. Does not own: the fp32 shift conv used in training (conv.c on the
 * weights of shift.c), the layers (runtime/), the benchmark
 * (tools/bench_shift_int8.c).
 *
 * Worked example — one shift layer's inference on blocked data:
 *
 *     nash_shift_int8_weights pw;                   // wq: the layer's ±2^p weights
 *     if (nash_shift_int8_pack(&pw, &d, wq) != 0) die(nash_last_error());
 *     float lo, hi;                                  // calibration range of the input
 *     nash_blocked_range(d.n, d.ic, d.ih, d.iw, x_calib, &lo, &hi);
 *     nash_act_quant q;
 *     nash_act_quant_init(&q, lo, hi);               // u8, zero point 0 when lo >= 0
 *     nash_act_quantize(&q, d.n, d.ic, d.ih, d.iw, d.ph, d.pw, x, xq); // -> u8, padded
 *     nash_shift_int8_pick(&d)->forward(&d, xq, &q, &pw, NULL, y, NULL); // -> float blocked
 *     nash_shift_int8_weights_free(&pw);
 *
 * WEIGHT CODE. A shift weight is w = s * 2^p, s = ±1, p an integer (DeepShift
 * -Q and -PS with b bits give p in [-(2^(b-1)-1), 0]; research note §7.2), or
 * exactly 0. Per output channel o, let p_hi(o) be the largest exponent among
 * its non-zero weights and p_lo(o) = p_hi(o) - 6. The code is
 *     m = s * 2^(p - p_lo(o))   (|m| in {1, 2, 4, ..., 64}),   or 0,
 * and w = m * 2^p_lo(o) EXACTLY: 7 exponents per channel fit in an int8 whose
 * magnitude never exceeds 64. A weight with p < p_lo(o) does not fit; it is
 * stored as 0 ("flushed") and counted, its magnitude being at most 2^-7 of
 * the channel's largest weight. 0 is the nearest code for every such weight
 * (for p = p_lo - 1 it ties with 2^p_lo; 0 is taken), so flushing is
 * rounding; clamping up to 2^p_lo would be the larger error. 5-bit
 * DeepShift-Q spans 16 exponents, so trained layers do have flushed weights:
 *
 * ACCURACY CHECK (`nash bench shift-int8 --checkpoint`, resnet20-shift trained
 * 10 epochs, CIFAR-10 JPEG copy, all 10,000 test images, input scales from 600
 * training images): fp32 79.84 % top-1; int8 with E = 7 exponents 79.80 %,
 * predictions agreeing on 99.64 % of images, 8,497 of 267,264 weights (3.2 %)
 * flushed; with E = 5 (faster, below) 79.84 %, agreement 97.13 %, 12.6 %
 * flushed. All 18 shift layers have post-ReLU (u8, zero point 0) inputs.
 * A weight that is neither 0 nor ±2^p is refused.
 *
 * WHY |m| <= 64 (and the AVX2 instruction choice). AVX2 has no u8 x s8 dot
 * product into int32 (that is AVX-512 / AVX-VNNI `vpdpbusd`). The fast route is
 * `vpmaddubsw` (u8 x s8, adjacent pairs summed into SATURATED s16) then
 * `vpmaddwd` with ones (s16 pairs into s32): 4 MACs per int32 lane in 2
 * multiply instructions plus one `vpaddd`, i.e. 32 MACs for 3 instructions
 * against 8 for one fp32 FMA. Its one hazard is the s16 saturation; with
 * x <= 255 and |m| <= 64 a pair sum is at most 2 * 255 * 64 = 32640 < 32767,
 * so it never saturates and the sums are exact. (The other route, widening
 * to s16 with `vpmovzxbw`/`vpmovsxbw` and `vpmaddwd`, is exact for any code
 * but does half the MACs per instruction.)
 *
 * ACTIVATIONS. Per-tensor scale from a calibration range [lo, hi]:
 *   unsigned (lo >= 0, e.g. post-ReLU inputs): scale = hi / 255, zero point 0,
 *       q = clamp(round(x / scale), 0, 255);
 *   signed (lo < 0): scale = max(|lo|, |hi|) / 127, zero point 128,
 *       q = clamp(round(x / scale) + 128, 0, 255), i.e. the value q - 128.
 * The quantiser writes the conv's zero padding too: its u8 output is
 * (N, C, H + 2PH, W + 2PW) blocked with a border of q = zp (the value 0), so
 * the int8 conv reads every tap without bounds checks. The conv computes
 * sum (q - zp) * m; the AVX2 kernel sums q * m over every tap, border
 * included, and subtracts zp * sum(m) of the output channel once.
 * For x inside the range, |x - scale * (q - zp)| <= scale / 2 (plus float
 * rounding of x / scale, below 2^-16 scale).
 *
 * OUTPUT. acc[n,o,p,q] = sum_{c,i,j} (q_x - zp) * m[o,c,i,j] (int32, exact:
 * |acc| <= IC*KH*KW * 255 * 64 < 2^31 for IC*KH*KW < 131000) and
 * y = (float)acc * (x_scale * w_scale[o]) (+ bias[o]), the product of the two
 * scales rounded to float once per channel; the pad lanes of y are 0.
 */
#ifndef NASH_SHIFT_INT8_H
#define NASH_SHIFT_INT8_H

#include "nash_kernels.h"

#define NASH_INT8_EXPONENTS 7 /* codes ±2^0 .. ±2^6 per output channel (the most that fit) */

typedef struct nash_shift_int8_weights {
    int oc, ic, kh, kw;   /* groups == 1 */
    int8_t *code;         /* [OC][IC][KH][KW]: 0 or ±2^e, e in [0, 6] */
    int8_t *packed;       /* AVX2 layout [OC/16][KH][KW][IC/16][4 lane quads][2 halves][8 out][4 in] */
    float *scale;         /* [OC] w_scale = 2^p_lo(o) (1 for an all-zero channel) */
    int32_t *code_sum;    /* [OC] sum of the channel's codes (the zero-point correction) */
    int64_t flushed;      /* non-zero weights below their channel's window, stored as 0 */
    float flushed_max;    /* the largest |w| among them (0 when none) */
    int p_min, p_max;     /* smallest and largest exponent of the non-zero weights (0, 0 if none) */
    int exponents;        /* window size E the codes were packed with (1..7) */
    int max_code;         /* largest |code| of the layer (<= 2^(E-1)) */
    int s16_depth;        /* AVX2: vpmaddubsw results summed in s16 before widening (1, 2, 4) */
} nash_shift_int8_weights;

/* Packs wq [OC][IC][KH][KW] (each 0 or ±2^p) for descriptor d (groups must be 1).
 * Allocates (a set-up step, not a kernel); 0, or -1 with a message naming the
 * first weight that is not a power of two, or groups != 1. */
int nash_shift_int8_pack(nash_shift_int8_weights *pw, const nash_conv_desc *d, const float *wq);
/* The same with a narrower window of E exponents per channel (1 <= E <= 7; E = 7 is
 * nash_shift_int8_pack): |code| <= 2^(E-1), so the AVX2 kernel can add
 * s16_depth = floor(32767 / (2 * 255 * max_code)) (capped to 1, 2 or 4)
 * vpmaddubsw results in s16 before one vpmaddwd, still exactly (E = 5: 4, one
 * widening per 16 input lanes instead of 4), at the price of flushing weights
 * below 2^-(E-1) of their channel's largest. */
int nash_shift_int8_pack_window(nash_shift_int8_weights *pw, const nash_conv_desc *d,
                                const float *wq, int exponents);
void nash_shift_int8_weights_free(nash_shift_int8_weights *pw);
/* The weight an entry's code stands for: code * 2^p_lo(o). */
static inline float nash_shift_int8_weight(const nash_shift_int8_weights *pw, int64_t i)
{
    const int64_t per_oc = (int64_t)pw->ic * pw->kh * pw->kw;
    return (float)pw->code[i] * pw->scale[i / per_oc];
}

typedef struct nash_act_quant {
    float scale;    /* value of one step */
    float inv_scale;
    int zero_point; /* 0 (unsigned) or 128 (signed) */
} nash_act_quant;

/* Smallest and largest value over the real lanes of a blocked (N, C, H, W) buffer. */
void nash_blocked_range(int n, int c, int h, int w, const float *x, float *lo, float *hi);
/* Scale and zero point from a calibration range (see the header); 0, or -1 for a
 * non-finite range. An all-zero range gives scale 1. */
int nash_act_quant_init(nash_act_quant *q, float lo, float hi);
/* x blocked float (N, C, H, W) -> xq blocked u8 (N, C, H + 2 ph, W + 2 pw) with x at
 * (h + ph, w + pw); the border and the pad lanes hold the zero point. */
void nash_act_quantize(const nash_act_quant *q, int n, int c, int h, int w, int ph, int pw,
                       const float *x, uint8_t *xq);
/* Bytes of the quantised input of a conv: nash_blocked_size(N, IC, IH + 2PH, IW + 2PW). */
static inline int64_t nash_shift_int8_input_bytes(const nash_conv_desc *d)
{
    return nash_blocked_size(d->n, d->ic, d->ih + 2 * d->ph, d->iw + 2 * d->pw);
}

/*
 * One implementation of the int8 shift conv forward.
 *   x    (N, IC, IH + 2PH, IW + 2PW) u8 blocked from nash_act_quantize with the
 *        conv's padding (border = zero point; pad lanes: any value)
 *   w    packed weights for d
 *   bias (OC) nullable, added after dequantisation
 * Writes y (N, OC, OH, OW) float blocked when y != NULL, and the exact int32
 * sums acc (N, OC, OH, OW) blocked (pad lanes 0) when acc != NULL.
 */
typedef struct nash_shift_int8_impl {
    const char *name; /* "avx2", "ref" */
    unsigned isa;
    const char *(*unsupported)(const nash_conv_desc *d);
    void (*forward)(const nash_conv_desc *d, const uint8_t *x, const nash_act_quant *q,
                    const nash_shift_int8_weights *w, const float *bias, float *y, int32_t *acc);
} nash_shift_int8_impl;

extern const nash_shift_int8_impl nash_shift_int8_ref;
extern const nash_shift_int8_impl nash_shift_int8_avx2;
extern const nash_shift_int8_impl *const nash_shift_int8_impls[]; /* NULL-terminated, ref last */
/* The first usable entry (NASH_PICK rules: NASH_KERNEL=ref forces the reference). */
const nash_shift_int8_impl *nash_shift_int8_pick(const nash_conv_desc *d);

#endif /* NASH_SHIFT_INT8_H */
