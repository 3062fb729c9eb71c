/*
 * shift.c — DeepShift weight transforms, fixed-point activations and the
 * AdderNet adaptive gradient scaling: elementwise ops on plain float arrays.
 *
 * Owns: nash_shift_ref (readable loops, no OpenMP), nash_shift_omp (OpenMP
 * `parallel for simd`), the table nash_shift_impls and nash_shift_pick().
 * Does not own: the shift conv itself (a float conv on the transformed
 * weights, conv.c), the STE wiring and the parameters (runtime/).
 *
 * Rules (research/nash-nasa-hybrid-ops.md §7.1, §7.2; DeepShift @7c012fb):
 *  - DeepShift-Q: |w| clamped into [2^pmin, 1], pmin = -(2^(bits-1) - 1), so
 *    magnitudes below 2^pmin are RAISED to it; exact zeros stay zero; then
 *    wq = sign(w) * 2^round(log2 |w|). Rounding is in the log domain, so the
 *    threshold between 2^p and 2^(p+1) is the geometric midpoint 2^(p+0.5).
 *    No float equals 2^(p+0.5) (irrational), so there are no ties.
 *  - DeepShift-PS: P clamped to [-(2^(bits-1) - 2), 0]; wq = 2^round(P) *
 *    sign(round(S)), sign(0) = 0 so wq = 0 for |S| <= 0.5. "round" is
 *    round-half-to-even (rintf), as torch.round in the original code.
 *    Backward: dP = dwq * wq * ln 2, dS = dwq (the "unsymmetric" STE rule).
 *  - Fixed point I.F: floor (not round) to the 2^-F grid, then clamp to
 *    [-2^(I-1), 2^(I-1) - 2^-F] as nash_kernels.h states. When that upper bound is
 *    not a float (I + F > 25, e.g. 16.16) the largest float below it is used,
 *    which is still on the grid.
 *  - Adaptive scaling: g *= eta * sqrt(n) / max(||g||_2, 1e-12), the norm
 *    summed in double; the factor is applied in double and rounded once.
 */
#include "nash_kernels.h"

#include <math.h>

/* Smallest shift of DeepShift-Q: 2^pmin is the floor of |w|. */
static int q_min_shift(int bits) { return -((1 << (bits - 1)) - 1); }
/* Smallest shift of DeepShift-PS (one code point is kept for the zero sign). */
static int ps_min_shift(int bits) { return -((1 << (bits - 1)) - 2); }

/* The top of the fixed-point range: 2^(I-1) - 1, as DeepShift's round_to_fixed
 * clamps (max_val = bound - 1; research note §7.2), exact in float for I <= 25. */
static float fixed_point_max(int int_bits, int frac_bits)
{
    (void)frac_bits;
    return ldexpf(1.0f, int_bits - 1) - 1.0f;
}

/* ------------------------------------------------------------------------- */
/* Reference                                                                  */

static float q_weight_one(float v, int bits)
{
    if (v == 0.0f)
        return 0.0f; /* exact zeros stay zero (pruned weights) */
    if (isnan(v))
        return v;
    double floor_mag = ldexp(1.0, q_min_shift(bits));
    double a = fabs((double)v);
    if (a < floor_mag)
        a = floor_mag;
    if (a > 1.0)
        a = 1.0;
    /* log2 in double: the float nearest 2^(p+0.5) is still ~2^-25 away in the log, far
     * more than double's rounding, so this decides exactly as the geometric midpoint */
    int p = (int)nearbyint(log2(a));
    return (float)copysign(ldexp(1.0, p), (double)v);
}

static void shift_ref_q_weights(int64_t n, const float *w, float *wq, int bits)
{
    for (int64_t i = 0; i < n; i++)
        wq[i] = q_weight_one(w[i], bits);
}

static float ps_weight_one(float p, float s, int bits)
{
    const float pmin = (float)ps_min_shift(bits);
    /* written so that a NaN shift lands on pmin, the same as fmaxf/fminf would */
    float clamped = p > 0.0f ? 0.0f : p >= pmin ? p : pmin;
    float shift = rintf(clamped);
    float s_rounded = rintf(s);
    float sign = s_rounded > 0.0f ? 1.0f : s_rounded < 0.0f ? -1.0f : 0.0f;
    return sign * ldexpf(1.0f, (int)shift);
}

static void shift_ref_ps_weights(int64_t n, const float *p, const float *s, float *wq, int bits)
{
    for (int64_t i = 0; i < n; i++)
        wq[i] = ps_weight_one(p[i], s[i], bits);
}

static void shift_ref_ps_backward(int64_t n, const float *wq, const float *dwq, float *dp,
                                  float *ds)
{
    const float ln2 = 0.69314718055994530942f;
    for (int64_t i = 0; i < n; i++) {
        dp[i] = dwq[i] * wq[i] * ln2;
        ds[i] = dwq[i];
    }
}

static void shift_ref_fixed_point(int64_t n, const float *x, float *y, int int_bits, int frac_bits)
{
    const float scale = ldexpf(1.0f, frac_bits), step = ldexpf(1.0f, -frac_bits);
    const float lo = -ldexpf(1.0f, int_bits - 1), hi = fixed_point_max(int_bits, frac_bits);
    for (int64_t i = 0; i < n; i++) {
        float v = floorf(x[i] * scale) * step; /* both products exact: powers of two */
        y[i] = v < lo ? lo : v > hi ? hi : v;
    }
}

static void shift_ref_adder_adaptive_scale(int64_t n, float *g, float eta)
{
    double sum_sq = 0.0;
    for (int64_t i = 0; i < n; i++)
        sum_sq += (double)g[i] * (double)g[i];
    double norm = sqrt(sum_sq);
    double factor = (double)eta * sqrt((double)n) / (norm > 1e-12 ? norm : 1e-12);
    for (int64_t i = 0; i < n; i++)
        g[i] = (float)((double)g[i] * factor);
}

const nash_shift_impl nash_shift_ref = {
    .name = "ref",
    .isa = 0,
    .q_weights = shift_ref_q_weights,
    .ps_weights = shift_ref_ps_weights,
    .ps_backward = shift_ref_ps_backward,
    .fixed_point = shift_ref_fixed_point,
    .adder_adaptive_scale = shift_ref_adder_adaptive_scale,
};

/* ------------------------------------------------------------------------- */
/* OpenMP: `parallel for simd`, exponent arithmetic on the float bits where   */
/* log2/ldexp would stop the loop vectorising.                                */

/* Below this many elements a parallel region costs more than the loop. */
#define SHIFT_PARALLEL_MIN 4096

static inline uint32_t float_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}
static inline float bits_float(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

#define FLOAT_SIGN 0x80000000u
#define FLOAT_ONE 0x3f800000u  /* 1.0f */
#define FLOAT_NAN_MIN 0x7f800001u
/* Mantissa of the smallest float >= sqrt(2) (1.41421365...; 0x3504f3 is 1.41421354 < sqrt 2):
 * |w| = 1.m * 2^e rounds up to 2^(e+1) exactly when m >= this. */
#define SQRT2_MANTISSA_CEIL 0x3504f4u

static void shift_omp_q_weights(int64_t n, const float *w, float *wq, int bits)
{
    const int pmin = q_min_shift(bits);
    if (pmin < -126) { /* 2^pmin is subnormal: the exponent-field rule below needs normals */
        #pragma omp parallel for schedule(static) if (n >= SHIFT_PARALLEL_MIN)
        for (int64_t i = 0; i < n; i++)
            wq[i] = q_weight_one(w[i], bits);
        return;
    }
    const uint32_t floor_bits = (uint32_t)(pmin + 127) << 23; /* 2^pmin */
    #pragma omp parallel for simd schedule(static) if (n >= SHIFT_PARALLEL_MIN)
    for (int64_t i = 0; i < n; i++) {
        uint32_t u = float_bits(w[i]);
        uint32_t sign = u & FLOAT_SIGN, mag = u & ~FLOAT_SIGN;
        /* positive floats order like their bit patterns, so clamp on the integers */
        uint32_t clamped = mag < floor_bits ? floor_bits : mag > FLOAT_ONE ? FLOAT_ONE : mag;
        uint32_t exponent = clamped >> 23;
        exponent += (clamped & 0x7fffffu) >= SQRT2_MANTISSA_CEIL;
        uint32_t out = sign | exponent << 23;
        out = mag == 0 ? 0u : out;
        out = mag >= FLOAT_NAN_MIN ? u : out; /* NaN passes through, as in the reference */
        wq[i] = bits_float(out);
    }
}

static void shift_omp_ps_weights(int64_t n, const float *p, const float *s, float *wq, int bits)
{
    const int pmin_int = ps_min_shift(bits);
    if (pmin_int < -126) { /* 2^pmin subnormal: no exponent field to write */
        #pragma omp parallel for schedule(static) if (n >= SHIFT_PARALLEL_MIN)
        for (int64_t i = 0; i < n; i++)
            wq[i] = ps_weight_one(p[i], s[i], bits);
        return;
    }
    const float pmin = (float)pmin_int;
    #pragma omp parallel for simd schedule(static) if (n >= SHIFT_PARALLEL_MIN)
    for (int64_t i = 0; i < n; i++) {
        float clamped = p[i] > 0.0f ? 0.0f : p[i] >= pmin ? p[i] : pmin;
        int32_t shift = (int32_t)rintf(clamped);
        float magnitude = bits_float((uint32_t)(shift + 127) << 23); /* 2^shift */
        float s_rounded = rintf(s[i]);
        wq[i] = s_rounded > 0.0f ? magnitude : s_rounded < 0.0f ? -magnitude : 0.0f;
    }
}

static void shift_omp_ps_backward(int64_t n, const float *wq, const float *dwq, float *dp,
                                  float *ds)
{
    const float ln2 = 0.69314718055994530942f;
    #pragma omp parallel for simd schedule(static) if (n >= SHIFT_PARALLEL_MIN)
    for (int64_t i = 0; i < n; i++) {
        dp[i] = dwq[i] * wq[i] * ln2;
        ds[i] = dwq[i];
    }
}

static void shift_omp_fixed_point(int64_t n, const float *x, float *y, int int_bits, int frac_bits)
{
    const float scale = ldexpf(1.0f, frac_bits), step = ldexpf(1.0f, -frac_bits);
    const float lo = -ldexpf(1.0f, int_bits - 1), hi = fixed_point_max(int_bits, frac_bits);
    #pragma omp parallel for simd schedule(static) if (n >= SHIFT_PARALLEL_MIN)
    for (int64_t i = 0; i < n; i++) {
        float v = floorf(x[i] * scale) * step;
        y[i] = v < lo ? lo : v > hi ? hi : v;
    }
}

static void shift_omp_adder_adaptive_scale(int64_t n, float *g, float eta)
{
    /* The norm is summed over a fixed number of chunks, each in index order, and the
     * chunk sums are added in chunk order: the result does not depend on the thread
     * count or on which thread finishes first (an OpenMP reduction clause would). */
    enum { CHUNKS = 64 };
    double partial[CHUNKS];
    #pragma omp parallel for schedule(static) if (n >= SHIFT_PARALLEL_MIN)
    for (int c = 0; c < CHUNKS; c++) {
        int64_t begin = n * c / CHUNKS, end = n * (c + 1) / CHUNKS;
        double s = 0.0;
        for (int64_t i = begin; i < end; i++)
            s += (double)g[i] * (double)g[i];
        partial[c] = s;
    }
    double sum_sq = 0.0;
    for (int c = 0; c < CHUNKS; c++)
        sum_sq += partial[c];
    double norm = sqrt(sum_sq);
    double factor = (double)eta * sqrt((double)n) / (norm > 1e-12 ? norm : 1e-12);
    #pragma omp parallel for simd schedule(static) if (n >= SHIFT_PARALLEL_MIN)
    for (int64_t i = 0; i < n; i++)
        g[i] = (float)((double)g[i] * factor);
}

const nash_shift_impl nash_shift_omp = {
    .name = "omp",
    .isa = 0,
    .q_weights = shift_omp_q_weights,
    .ps_weights = shift_omp_ps_weights,
    .ps_backward = shift_omp_ps_backward,
    .fixed_point = shift_omp_fixed_point,
    .adder_adaptive_scale = shift_omp_adder_adaptive_scale,
};

const nash_shift_impl *const nash_shift_impls[] = { &nash_shift_omp, &nash_shift_ref, NULL };

const nash_shift_impl *nash_shift_pick(void)
{
    NASH_PICK(nash_shift_impl, nash_shift_impls, 1);
}
