/*
 * eltwise.c — elementwise ops, softmax cross-entropy and the option-A shortcut.
 *
 * Owns: the activation names (nash_act_names), the eltwise variants (plain
 * reference, OpenMP), their table nash_eltwise_impls and nash_eltwise_pick().
 * Does not own: dropout masks and their RNG (runtime/ draws them; mask_scale
 * only applies them), nor the choice of loss (runtime/).
 *
 * The per-element and per-row formulas are written once, as static inline
 * functions, and both variants call them, so they differ only in how the
 * work is spread over threads (and, for the loss, in the order of the final
 * sum over rows).
 */
#include "nash_kernels.h"

#include <math.h>

/* The list is spelled once, so that its length can be checked against the enum. */
#define NASH_ACT_NAME_LIST "none", "relu", "relu6", "swish"
const char *const nash_act_names[NASH_ACT_COUNT] = {NASH_ACT_NAME_LIST};
_Static_assert(sizeof((const char *const[]){NASH_ACT_NAME_LIST}) / sizeof(const char *) ==
                   NASH_ACT_COUNT,
               "nash_act_names must have one entry per nash_act");

/* ------------------------------------------------------------------------- */
/* Per-element formulas shared by both variants.                              */

/* Beyond this |x| swish is x or 0 and its slope 1 or 0 to float precision
 * (exp(-128) ~ 2.6e-56), so those branches are exact, and they keep +-inf
 * from making inf * 0 = NaN. */
#define SWISH_SATURATION 128.0f

/* sigmoid(x) and 1 - sigmoid(x), both from e = exp(-|x|) <= 1: no overflow,
 * and 1 - sigmoid is never formed by a cancelling subtraction. */
static inline void sigmoid_pair(float x, float *s, float *one_minus_s)
{
    float e = expf(-fabsf(x));
    float big = 1.0f / (1.0f + e), small = e * big; /* sigmoid(|x|), sigmoid(-|x|) */
    *s = x >= 0.0f ? big : small;
    *one_minus_s = x >= 0.0f ? small : big;
}

static inline float act_value(nash_act act, float x)
{
    switch (act) {
    case NASH_ACT_RELU:
        return x < 0.0f ? 0.0f : x; /* NaN passes through */
    case NASH_ACT_RELU6:
        return x < 0.0f ? 0.0f : x > 6.0f ? 6.0f : x;
    case NASH_ACT_SWISH: {
        if (x < -SWISH_SATURATION)
            return 0.0f;
        float s, one_minus_s;
        sigmoid_pair(x, &s, &one_minus_s);
        return x * s;
    }
    case NASH_ACT_NONE:
    case NASH_ACT_COUNT:
        break;
    }
    return x;
}

/* act'(x) * dy, the derivative taken at the forward input x. */
static inline float act_grad(nash_act act, float x, float dy)
{
    switch (act) {
    case NASH_ACT_RELU:
        return x > 0.0f ? dy : 0.0f; /* ReLU'(0) = 0 */
    case NASH_ACT_RELU6:
        return x > 0.0f && x < 6.0f ? dy : 0.0f; /* 0 at both kinks */
    case NASH_ACT_SWISH: {
        /* swish' = s + x * s * (1 - s) */
        if (x > SWISH_SATURATION)
            return dy;
        if (x < -SWISH_SATURATION)
            return 0.0f;
        float s, one_minus_s;
        sigmoid_pair(x, &s, &one_minus_s);
        return (s + x * s * one_minus_s) * dy;
    }
    case NASH_ACT_NONE:
    case NASH_ACT_COUNT:
        break;
    }
    return dy;
}

/*
 * One row of softmax cross-entropy: logits z[k], label -> the row's loss;
 * writes dz (nullable) = (softmax - target) * grad_scale and *right = argmax == label.
 * target = (1 - smoothing) * onehot(label) + smoothing / k (PyTorch's label_smoothing).
 * Stable: log-sum-exp around the row maximum, in double. A label outside
 * [0, k) (loaders validate labels, so this is a bug elsewhere) is never read
 * through: it gets no one-hot term and never counts as right.
 */
static double xent_row(int k, const float *z, int32_t label, float smoothing, double grad_scale,
                       float *dz, int *right)
{
    int best = 0;
    for (int j = 1; j < k; j++)
        if (z[j] > z[best])
            best = j;
    double zmax = z[best];
    double sum_exp = 0.0;
    for (int j = 0; j < k; j++)
        sum_exp += exp((double)z[j] - zmax);
    double lse = zmax + log(sum_exp);

    double spread = (double)smoothing / k, hot = 1.0 - (double)smoothing;
    double loss = 0.0;
    for (int j = 0; j < k; j++) {
        double target = spread + (j == label ? hot : 0.0);
        loss += target * (lse - z[j]); /* -target * log softmax */
        if (dz)
            dz[j] = (float)((exp((double)z[j] - lse) - target) * grad_scale);
    }
    *right = best == label;
    return loss;
}

/* ------------------------------------------------------------------------- */
/* Reference.                                                                 */

static void elt_ref_act_forward(nash_act act, int64_t n, const float *x, float *y)
{
    for (int64_t i = 0; i < n; i++)
        y[i] = act_value(act, x[i]);
}

static void elt_ref_act_backward(nash_act act, int64_t n, const float *x, const float *dy,
                                 float *dx)
{
    for (int64_t i = 0; i < n; i++)
        dx[i] = act_grad(act, x[i], dy[i]);
}

static void elt_ref_add(int64_t n, const float *a, const float *b, float *y)
{
    for (int64_t i = 0; i < n; i++)
        y[i] = a[i] + b[i];
}

static void elt_ref_add_act(nash_act act, int64_t n, const float *a, const float *b, float *y)
{
    for (int64_t i = 0; i < n; i++)
        y[i] = act_value(act, a[i] + b[i]);
}

static void elt_ref_add_act_backward(nash_act act, int64_t n, const float *y, const float *dy,
                                     float *dx0, float *dx1)
{
    for (int64_t i = 0; i < n; i++) {
        float g = act_grad(act, y[i], dy[i]);
        if (dx0)
            dx0[i] = g;
        if (dx1)
            dx1[i] = g;
    }
}

static void elt_ref_accumulate(int64_t n, const float *x, float *y)
{
    for (int64_t i = 0; i < n; i++)
        y[i] += x[i];
}

static void elt_ref_mask_scale(int64_t n, const float *x, const uint8_t *mask, float scale,
                               float *y)
{
    for (int64_t i = 0; i < n; i++)
        y[i] = x[i] * (float)mask[i] * scale;
}

static double elt_ref_softmax_xent(int n, int k, const float *logits, const int32_t *labels,
                                   float smoothing, float *dlogits, int *correct)
{
    double total = 0.0;
    int right_count = 0;
    for (int i = 0; i < n; i++) {
        int right;
        total += xent_row(k, logits + (int64_t)i * k, labels[i], smoothing, 1.0 / n,
                          dlogits ? dlogits + (int64_t)i * k : NULL, &right);
        right_count += right;
    }
    if (correct)
        *correct = right_count;
    return n > 0 ? total / n : 0.0;
}

/* Option-A output size: a stride-s subsample keeps rows 0, s, 2s, ... (x[:, :, ::s, ::s]). */
static inline int subsampled(int size, int stride)
{
    return (size - 1) / stride + 1;
}

static void elt_ref_shortcut_a_forward(int n, int ic, int ih, int iw, int oc, int stride,
                                       const float *x, float *y)
{
    const int oh = subsampled(ih, stride), ow = subsampled(iw, stride);
    const int front = (oc - ic) / 2; /* zero channels before the copied ones */
    memset(y, 0, sizeof(float) * (size_t)nash_blocked_size(n, oc, oh, ow));
    for (int in = 0; in < n; in++)
        for (int c = 0; c < ic; c++)
            for (int h = 0; h < oh; h++)
                for (int w = 0; w < ow; w++) {
                    if (c + front < 0 || c + front >= oc || h * stride >= ih || w * stride >= iw)
                        continue;
                    y[nash_blocked_index(oc, oh, ow, in, c + front, h, w)] =
                        x[nash_blocked_index(ic, ih, iw, in, c, h * stride, w * stride)];
                }
}

static void elt_ref_shortcut_a_backward(int n, int ic, int ih, int iw, int oc, int stride,
                                        const float *dy, float *dx)
{
    const int oh = subsampled(ih, stride), ow = subsampled(iw, stride);
    const int front = (oc - ic) / 2;
    memset(dx, 0, sizeof(float) * (size_t)nash_blocked_size(n, ic, ih, iw));
    for (int in = 0; in < n; in++)
        for (int c = 0; c < ic; c++)
            for (int h = 0; h < oh; h++)
                for (int w = 0; w < ow; w++) {
                    if (c + front < 0 || c + front >= oc || h * stride >= ih || w * stride >= iw)
                        continue;
                    dx[nash_blocked_index(ic, ih, iw, in, c, h * stride, w * stride)] =
                        dy[nash_blocked_index(oc, oh, ow, in, c + front, h, w)];
                }
}

/* ------------------------------------------------------------------------- */
/* OpenMP. Flat loops split statically over threads, and only when there is
 * enough work to pay for waking them. */

#define ELT_PARALLEL_MIN 32768

static void elt_omp_act_forward(nash_act act, int64_t n, const float *x, float *y)
{
    switch (act) { /* one loop per activation, so each is a simple vectorisable body */
    case NASH_ACT_RELU:
        #pragma omp parallel for simd schedule(static) if (n >= ELT_PARALLEL_MIN)
        for (int64_t i = 0; i < n; i++)
            y[i] = act_value(NASH_ACT_RELU, x[i]);
        break;
    case NASH_ACT_RELU6:
        #pragma omp parallel for simd schedule(static) if (n >= ELT_PARALLEL_MIN)
        for (int64_t i = 0; i < n; i++)
            y[i] = act_value(NASH_ACT_RELU6, x[i]);
        break;
    case NASH_ACT_SWISH:
        #pragma omp parallel for simd schedule(static) if (n >= ELT_PARALLEL_MIN)
        for (int64_t i = 0; i < n; i++)
            y[i] = act_value(NASH_ACT_SWISH, x[i]);
        break;
    case NASH_ACT_NONE:
    case NASH_ACT_COUNT:
        if (y != x)
            memmove(y, x, sizeof(float) * (size_t)n);
        break;
    }
}

static void elt_omp_act_backward(nash_act act, int64_t n, const float *x, const float *dy,
                                 float *dx)
{
    switch (act) {
    case NASH_ACT_RELU:
        #pragma omp parallel for simd schedule(static) if (n >= ELT_PARALLEL_MIN)
        for (int64_t i = 0; i < n; i++)
            dx[i] = act_grad(NASH_ACT_RELU, x[i], dy[i]);
        break;
    case NASH_ACT_RELU6:
        #pragma omp parallel for simd schedule(static) if (n >= ELT_PARALLEL_MIN)
        for (int64_t i = 0; i < n; i++)
            dx[i] = act_grad(NASH_ACT_RELU6, x[i], dy[i]);
        break;
    case NASH_ACT_SWISH:
        #pragma omp parallel for simd schedule(static) if (n >= ELT_PARALLEL_MIN)
        for (int64_t i = 0; i < n; i++)
            dx[i] = act_grad(NASH_ACT_SWISH, x[i], dy[i]);
        break;
    case NASH_ACT_NONE:
    case NASH_ACT_COUNT:
        if (dx != dy)
            memmove(dx, dy, sizeof(float) * (size_t)n);
        break;
    }
}

static void elt_omp_add(int64_t n, const float *a, const float *b, float *y)
{
    #pragma omp parallel for simd schedule(static) if (n >= ELT_PARALLEL_MIN)
    for (int64_t i = 0; i < n; i++)
        y[i] = a[i] + b[i];
}

/* One loop per (activation, outputs) case so that each body vectorises. */
static void elt_omp_add_act(nash_act act, int64_t n, const float *a, const float *b, float *y)
{
    if (act == NASH_ACT_RELU6) {
        #pragma omp parallel for simd schedule(static) if (n >= ELT_PARALLEL_MIN)
        for (int64_t i = 0; i < n; i++)
            y[i] = act_value(NASH_ACT_RELU6, a[i] + b[i]);
    } else {
        #pragma omp parallel for simd schedule(static) if (n >= ELT_PARALLEL_MIN)
        for (int64_t i = 0; i < n; i++)
            y[i] = act_value(NASH_ACT_RELU, a[i] + b[i]);
    }
}

static void elt_omp_add_act_backward(nash_act act, int64_t n, const float *y, const float *dy,
                                     float *dx0, float *dx1)
{
    if (!dx0 || !dx1) {
        float *dx = dx0 ? dx0 : dx1;
        if (dx)
            elt_omp_act_backward(act, n, y, dy, dx);
        return;
    }
    if (act == NASH_ACT_RELU6) {
        #pragma omp parallel for simd schedule(static) if (n >= ELT_PARALLEL_MIN)
        for (int64_t i = 0; i < n; i++)
            dx0[i] = dx1[i] = act_grad(NASH_ACT_RELU6, y[i], dy[i]);
    } else {
        #pragma omp parallel for simd schedule(static) if (n >= ELT_PARALLEL_MIN)
        for (int64_t i = 0; i < n; i++)
            dx0[i] = dx1[i] = act_grad(NASH_ACT_RELU, y[i], dy[i]);
    }
}

static void elt_omp_accumulate(int64_t n, const float *x, float *y)
{
    #pragma omp parallel for simd schedule(static) if (n >= ELT_PARALLEL_MIN)
    for (int64_t i = 0; i < n; i++)
        y[i] += x[i];
}

static void elt_omp_mask_scale(int64_t n, const float *x, const uint8_t *mask, float scale,
                               float *y)
{
    #pragma omp parallel for simd schedule(static) if (n >= ELT_PARALLEL_MIN)
    for (int64_t i = 0; i < n; i++)
        y[i] = x[i] * (float)mask[i] * scale;
}

/* Rows are cut into at most XENT_CHUNKS fixed ranges; the chunk sums are added
 * in chunk order, so the loss does not depend on the thread count (an OpenMP
 * reduction clause would add the partial sums in whatever order threads finish). */
enum { XENT_CHUNKS = 64 };

static double elt_omp_softmax_xent(int n, int k, const float *logits, const int32_t *labels,
                                   float smoothing, float *dlogits, int *correct)
{
    if (n <= 0) {
        if (correct)
            *correct = 0;
        return 0.0;
    }
    const int chunks = n < XENT_CHUNKS ? n : XENT_CHUNKS;
    double chunk_loss[XENT_CHUNKS];
    int chunk_right[XENT_CHUNKS];
    #pragma omp parallel for schedule(static) if ((int64_t)n * k >= ELT_PARALLEL_MIN / 8)
    for (int part = 0; part < chunks; part++) {
        int row0 = (int)((int64_t)n * part / chunks);
        int row1 = (int)((int64_t)n * (part + 1) / chunks);
        double loss = 0.0;
        int right_count = 0;
        for (int i = row0; i < row1; i++) {
            int right;
            loss += xent_row(k, logits + (int64_t)i * k, labels[i], smoothing, 1.0 / n,
                             dlogits ? dlogits + (int64_t)i * k : NULL, &right);
            right_count += right;
        }
        chunk_loss[part] = loss;
        chunk_right[part] = right_count;
    }
    double total = 0.0;
    int right_total = 0;
    for (int part = 0; part < chunks; part++) {
        total += chunk_loss[part];
        right_total += chunk_right[part];
    }
    if (correct)
        *correct = right_total;
    return total / n;
}

/* Shortcut, forward: each output block gathers its 16 lanes from wherever the
 * input channel c = oc_lane - front lives (any block, any lane), -1 = zero lane. */
static void elt_omp_shortcut_a_forward(int n, int ic, int ih, int iw, int oc, int stride,
                                       const float *x, float *y)
{
    const int oh = subsampled(ih, stride), ow = subsampled(iw, stride);
    const int front = (oc - ic) / 2;
    const int icbs = (int)nash_cblocks(ic), ocbs = (int)nash_cblocks(oc);
    const int64_t x_plane = (int64_t)ih * iw * NASH_BLOCK, y_plane = (int64_t)oh * ow * NASH_BLOCK;
    #pragma omp parallel for collapse(2) schedule(static)
    for (int in = 0; in < n; in++)
        for (int ob = 0; ob < ocbs; ob++) {
            int64_t source[NASH_BLOCK]; /* offset in x of channel (in, c) at pixel (0, 0) */
            for (int l = 0; l < NASH_BLOCK; l++) {
                int o = ob * NASH_BLOCK + l, c = o - front;
                source[l] = o < oc && c >= 0 && c < ic
                                ? ((int64_t)in * icbs + c / NASH_BLOCK) * x_plane + c % NASH_BLOCK
                                : -1;
            }
            float *yp = y + ((int64_t)in * ocbs + ob) * y_plane;
            for (int h = 0; h < oh; h++)
                for (int w = 0; w < ow; w++, yp += NASH_BLOCK) {
                    int64_t pixel = ((int64_t)h * stride * iw + (int64_t)w * stride) * NASH_BLOCK;
                    #pragma omp simd
                    for (int l = 0; l < NASH_BLOCK; l++)
                        yp[l] = source[l] >= 0 ? x[source[l] + pixel] : 0.0f;
                }
        }
}

/* Shortcut, backward: each input block gathers from dy at the subsampled
 * pixels and is zero elsewhere. */
static void elt_omp_shortcut_a_backward(int n, int ic, int ih, int iw, int oc, int stride,
                                        const float *dy, float *dx)
{
    const int oh = subsampled(ih, stride), ow = subsampled(iw, stride);
    const int front = (oc - ic) / 2;
    const int icbs = (int)nash_cblocks(ic), ocbs = (int)nash_cblocks(oc);
    const int64_t x_plane = (int64_t)ih * iw * NASH_BLOCK, y_plane = (int64_t)oh * ow * NASH_BLOCK;
    #pragma omp parallel for collapse(2) schedule(static)
    for (int in = 0; in < n; in++)
        for (int ib = 0; ib < icbs; ib++) {
            int64_t source[NASH_BLOCK]; /* offset in dy of channel (in, c + front) at (0, 0) */
            for (int l = 0; l < NASH_BLOCK; l++) {
                int c = ib * NASH_BLOCK + l, o = c + front;
                source[l] = c < ic && o >= 0 && o < oc
                                ? ((int64_t)in * ocbs + o / NASH_BLOCK) * y_plane + o % NASH_BLOCK
                                : -1;
            }
            float *dxp = dx + ((int64_t)in * icbs + ib) * x_plane;
            for (int h = 0; h < ih; h++)
                for (int w = 0; w < iw; w++, dxp += NASH_BLOCK) {
                    int kept = h % stride == 0 && w % stride == 0;
                    int64_t pixel = ((int64_t)(h / stride) * ow + w / stride) * NASH_BLOCK;
                    #pragma omp simd
                    for (int l = 0; l < NASH_BLOCK; l++)
                        dxp[l] = kept && source[l] >= 0 ? dy[source[l] + pixel] : 0.0f;
                }
        }
}

/* ------------------------------------------------------------------------- */
/* Variant table.                                                             */

static const nash_eltwise_impl nash_eltwise_omp = {
    .name = "omp",
    .isa = 0,
    .act_forward = elt_omp_act_forward,
    .act_backward = elt_omp_act_backward,
    .add = elt_omp_add,
    .add_act = elt_omp_add_act,
    .add_act_backward = elt_omp_add_act_backward,
    .accumulate = elt_omp_accumulate,
    .mask_scale = elt_omp_mask_scale,
    .softmax_xent = elt_omp_softmax_xent,
    .shortcut_a_forward = elt_omp_shortcut_a_forward,
    .shortcut_a_backward = elt_omp_shortcut_a_backward,
};
static const nash_eltwise_impl nash_eltwise_ref = {
    .name = "ref",
    .isa = 0,
    .act_forward = elt_ref_act_forward,
    .act_backward = elt_ref_act_backward,
    .add = elt_ref_add,
    .add_act = elt_ref_add_act,
    .add_act_backward = elt_ref_add_act_backward,
    .accumulate = elt_ref_accumulate,
    .mask_scale = elt_ref_mask_scale,
    .softmax_xent = elt_ref_softmax_xent,
    .shortcut_a_forward = elt_ref_shortcut_a_forward,
    .shortcut_a_backward = elt_ref_shortcut_a_backward,
};

const nash_eltwise_impl *const nash_eltwise_impls[] = {&nash_eltwise_omp, &nash_eltwise_ref, NULL};

const nash_eltwise_impl *nash_eltwise_pick(void)
{
    NASH_PICK(nash_eltwise_impl, nash_eltwise_impls, 1);
}
