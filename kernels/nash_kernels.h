/*
 * nash_kernels.h — the one public header of kernels/: the compute of nash.
 *
 * Owns: the activation layout (nChw16c), the descriptors of every op, the
 * variant tables (reference + faster versions, fastest first, reference last)
 * and the run-time choice among them, plus the error buffer every module uses.
 * Does not own: tensors, memory planning, layers, optimisers (runtime/).
 *
 * Worked example — a 3x3 conv forward on blocked data:
 *
 *     nash_conv_desc d;
 *     if (nash_conv_desc_init(&d, 8, 16, 32, 32, 32, 3, 3, 1, 1, 1) != 0)
 *         fprintf(stderr, "nash: error: %s\n", nash_last_error());
 *     const nash_conv_impl *impl = nash_conv_pick(&d);        // fastest that accepts d
 *     void *scratch = malloc(impl->scratch_bytes(&d));          // runtime uses its arena
 *     impl->forward(&d, x, w, bias, y, scratch);                // x, y nChw16c; w OIHW
 *
 * ---------------------------------------------------------------------------
 * LAYOUT (why nChw16c): a 4-D activation (N, C, H, W) is stored channel-blocked
 * in blocks of 16 channels, exactly oneDNN's `aBcd16b` / nChw16c:
 *
 *     index(n, c, h, w) = (((n * CB + c / 16) * H + h) * W + w) * 16 + c % 16,
 *     CB = ceil(C / 16).
 *
 * One AVX-512 register holds the 16 channels of one pixel, so direct conv,
 * adder and BN kernels vectorise over channels without gathers; oneDNN's jit
 * primitives read and write the same buffers with no reorder (their fastest
 * format on this CPU, research/cpu-perf-anchors.md §2). The cost is padding: C
 * is rounded up to a multiple of 16 (the 3-channel image input takes 16 lanes).
 * INVARIANT: the pad lanes (c >= C in the last block) are ZERO in every buffer
 * a kernel writes (outputs and gradients), and every kernel may rely on them
 * being zero in its inputs.
 *
 * Weights are plain PyTorch order: conv/adder w[OC][IC/groups][KH][KW],
 * bias[OC]; linear w[OUT][IN]. 2-D activations (after global pooling) are
 * plain row-major [N][C].
 *
 * CONVENTIONS for every kernel in this header:
 *  - outputs are OVERWRITTEN (never accumulated into); the runtime sums
 *    gradients of shared inputs itself;
 *  - pointer arguments marked "nullable" may be NULL; all others must not;
 *  - kernels do not allocate: a variant needing temporary memory states its
 *    size through scratch_bytes() and receives it (64-byte aligned) as scratch;
 *  - kernels are called with validated descriptors and cannot fail.
 *
 * VARIANTS: each op family has a table of implementations, fastest first, the
 * plain-C reference ("ref") last, defined in the op's reference file
 * (conv.c, adder.c, ...). Adding an ISA variant = one new file + one line in
 * that table. nash_*_pick() returns the first usable entry whose
 * unsupported() returns NULL. Forcing (for tests and users):
 *   - environment NASH_KERNEL=<name> (or nash_kernel_force(name)) picks the
 *     variant with that name in every family that has it and where it accepts
 *     the case; other families pick as usual; "ref" forces every op onto its
 *     reference (see NASH_PICK);
 *   - environment NASH_ISA=none|avx2|avx512 caps the CPU features believed.
 */
#ifndef NASH_KERNELS_H
#define NASH_KERNELS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------------------- */
/* Errors: one thread-local message buffer shared by all modules.             */

/* Formats a message into the error buffer and returns -1, so that failing
 * functions can `return nash_fail("file %s: offset %lld: expected %s, found %s", ...)`. */
int nash_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prefixes the current message with more context ("while loading X: ..."); returns -1. */
int nash_fail_context(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *nash_last_error(void);
void nash_clear_error(void);

/* ------------------------------------------------------------------------- */
/* Layout helpers.                                                            */

#define NASH_BLOCK 16

static inline int64_t nash_cblocks(int64_t c) { return (c + NASH_BLOCK - 1) / NASH_BLOCK; }
/* Number of floats of a blocked (N, C, H, W) buffer, pad lanes included. */
static inline int64_t nash_blocked_size(int64_t n, int64_t c, int64_t h, int64_t w)
{
    return n * nash_cblocks(c) * NASH_BLOCK * h * w;
}
static inline int64_t nash_blocked_index(int64_t C, int64_t H, int64_t W,
                                         int64_t n, int64_t c, int64_t h, int64_t w)
{
    return (((n * nash_cblocks(C) + c / NASH_BLOCK) * H + h) * W + w) * NASH_BLOCK + c % NASH_BLOCK;
}

/* Plain NCHW <-> blocked; to_blocked zero-fills the pad lanes. */
void nash_nchw_to_blocked(int n, int c, int h, int w, const float *src, float *dst);
void nash_blocked_to_nchw(int n, int c, int h, int w, const float *src, float *dst);

/* ------------------------------------------------------------------------- */
/* CPU features and variant choice (kernels/select.c).                        */

enum {
    NASH_ISA_AVX2 = 1u << 0,        /* AVX2 + FMA */
    NASH_ISA_AVX512 = 1u << 1,      /* AVX-512 F, BW, DQ, VL */
    NASH_ISA_AVX512_VNNI = 1u << 2, /* AVX-512 VNNI */
};
/* Features of this CPU, capped by NASH_ISA. */
unsigned nash_cpu_isa(void);
/* NULL, or the forced variant name (NASH_KERNEL or nash_kernel_force()). */
const char *nash_kernel_forced(void);
/* Force a variant name for all ops (NULL to clear); overrides NASH_KERNEL. */
void nash_kernel_force(const char *name);
/* 1 when this CPU (as capped by NASH_ISA) has every feature in isa_needed. */
int nash_isa_has(unsigned isa_needed);

/*
 * The choice rule every *_pick() applies, written once: walk a NULL-terminated
 * table (fastest first, ref last), skip entries whose ISA is missing or whose
 * ACCEPTS expression (in terms of `impl`) is false; return the forced name if
 * it is among the usable entries, else the first usable one. Families without
 * the forced name are unaffected by it, except that "ref" forces everything.
 */
#define NASH_PICK(type, table, ACCEPTS)                                            \
    do {                                                                           \
        const char *nash_pick_forced_ = nash_kernel_forced();                     \
        const type *nash_pick_first_ = NULL;                                       \
        for (int nash_pick_i_ = 0; (table)[nash_pick_i_]; nash_pick_i_++) {       \
            const type *impl = (table)[nash_pick_i_];                              \
            if (!nash_isa_has(impl->isa) || !(ACCEPTS))                            \
                continue;                                                          \
            if (nash_pick_forced_ && strcmp(impl->name, nash_pick_forced_) == 0)   \
                return impl;                                                       \
            if (!nash_pick_first_)                                                 \
                nash_pick_first_ = impl;                                           \
        }                                                                          \
        return nash_pick_first_;                                                   \
    } while (0)

/* ------------------------------------------------------------------------- */
/* Convolution-shaped ops: conv2d and adder2d share descriptor and interface. */

typedef struct nash_conv_desc {
    int n, ic, ih, iw; /* input  (N, IC, IH, IW), nChw16c */
    int oc, oh, ow;    /* output (N, OC, OH, OW), nChw16c */
    int kh, kw;        /* kernel size */
    int sh, sw;        /* stride */
    int ph, pw;        /* zero padding, same on both sides */
    int groups;        /* IC % groups == 0 && OC % groups == 0; depthwise: groups == IC == OC */
} nash_conv_desc;

/* Validates and fills d; OH = (IH + 2*pad - KH) / stride + 1. Returns 0 or -1 (message set). */
int nash_conv_desc_init(nash_conv_desc *d, int n, int ic, int ih, int iw, int oc,
                        int kh, int kw, int stride, int pad, int groups);
int nash_conv_desc_init2(nash_conv_desc *d, int n, int ic, int ih, int iw, int oc, int kh, int kw,
                         int sh, int sw, int ph, int pw, int groups);
/* Number of MACs of one forward pass: N*OC*OH*OW*(IC/groups)*KH*KW. */
int64_t nash_conv_macs(const nash_conv_desc *d);
/* One-line re-runnable descriptor, e.g. "n8ic16ih32iw32_oc16oh32ow32_kh3kw3_sh1sw1_ph1pw1_g1". */
void nash_conv_desc_str(const nash_conv_desc *d, char *buf, size_t size);

/*
 * One implementation of a conv-shaped op. Semantics per family:
 *
 * conv2d (table nash_conv_impls):
 *   forward:          y[n,o,p,q] = bias[o] + sum_{c,i,j} x[n, g*ICg+c, p*sh+i-ph, q*sw+j-pw] * w[o,c,i,j]
 *                     (taps outside the input read 0; bias nullable)
 *   backward_data:    dx = d y / d x applied to dy (x unused, may be NULL)
 *   backward_weights: dw = d y / d w applied to dy; dbias[o] = sum dy[n,o,:,:] (dbias nullable)
 *
 * adder2d (table nash_adder_impls; AdderNet, research/nash-nasa-hybrid-ops.md §7.1):
 *   forward:          y[n,o,p,q] = - sum_{c,i,j} | x[...] - w[o,c,i,j] |
 *                     padded taps are zero inputs and so contribute -|w| (bias must be NULL)
 *   backward_data:    dx[n,c,h,w] = sum over taps reading (h,w) of HardTanh(w - x) * dy,
 *                     HardTanh(z) = clamp(z, -1, 1); padded taps are dropped
 *   backward_weights: dw[o,c,i,j] = sum_{n,p,q} (x - w) * dy  (full precision, NOT sign;
 *                     padded taps give -w * dy); the adaptive scaling is NOT applied here
 *                     (nash_adder_adaptive_scale does it); dbias must be NULL
 */
typedef struct nash_conv_impl {
    const char *name;  /* "ref", "omp", "onednn", "avx512", ... */
    unsigned isa;      /* NASH_ISA_* bits this variant needs (0 = none) */
    /* NULL when the variant handles d, else a short reason ("groups > 1 not supported"). */
    const char *(*unsupported)(const nash_conv_desc *d);
    size_t (*scratch_bytes)(const nash_conv_desc *d);
    /* x (N,IC,IH,IW) blocked, w (OC,IC/g,KH,KW), bias (OC) nullable -> y (N,OC,OH,OW) blocked */
    void (*forward)(const nash_conv_desc *d, const float *x, const float *w, const float *bias,
                    float *y, void *scratch);
    /* x (nullable for conv), w, dy (N,OC,OH,OW) -> dx (N,IC,IH,IW) blocked */
    void (*backward_data)(const nash_conv_desc *d, const float *x, const float *w, const float *dy,
                          float *dx, void *scratch);
    /* x, w (unused by conv), dy -> dw (OC,IC/g,KH,KW), dbias (OC) nullable */
    void (*backward_weights)(const nash_conv_desc *d, const float *x, const float *w,
                             const float *dy, float *dw, float *dbias, void *scratch);
} nash_conv_impl;

extern const nash_conv_impl *const nash_conv_impls[];  /* NULL-terminated, ref last */
extern const nash_conv_impl *const nash_adder_impls[]; /* NULL-terminated, ref last */
const nash_conv_impl *nash_conv_pick(const nash_conv_desc *d);
const nash_conv_impl *nash_adder_pick(const nash_conv_desc *d);
/* Largest scratch_bytes over every variant in a table for d (for arena sizing). */
size_t nash_conv_table_scratch_max(const nash_conv_impl *const *table, const nash_conv_desc *d);

/* ------------------------------------------------------------------------- */
/* Shift weights (DeepShift, research note §7.2) and adder gradient scaling.  */
/* Elementwise on plain arrays of n floats; ref and omp versions in a table.  */

typedef struct nash_shift_impl {
    const char *name;
    unsigned isa;
    /* DeepShift-Q: wq = sign(w) * 2^round(log2 |w|) with |w| clamped into
     * [2^-(2^(bits-1)-1), 1] first; exact zeros stay zero; rounding in the log domain. */
    void (*q_weights)(int64_t n, const float *w, float *wq, int bits);
    /* DeepShift-PS: wq = 2^round(clamp(p, -(2^(bits-1)-2), 0)) * sign(round(s)). */
    void (*ps_weights)(int64_t n, const float *p, const float *s, float *wq, int bits);
    /* DeepShift-PS backward: dp = dwq * wq * ln 2, ds = dwq. */
    void (*ps_backward)(int64_t n, const float *wq, const float *dwq, float *dp, float *ds);
    /* Fixed-point activations (DeepShift round_to_fixed, I >= 2):
     * y = clamp(floor(x * 2^F) / 2^F, -2^(I-1), 2^(I-1) - 1). */
    void (*fixed_point)(int64_t n, const float *x, float *y, int int_bits, int frac_bits);
    /* AdderNet adaptive scaling, in place: g *= eta * sqrt(n) / max(||g||_2, 1e-12). */
    void (*adder_adaptive_scale)(int64_t n, float *g, float eta);
} nash_shift_impl;

extern const nash_shift_impl *const nash_shift_impls[]; /* NULL-terminated, ref last */
const nash_shift_impl *nash_shift_pick(void);

/* ------------------------------------------------------------------------- */
/* GEMM (row-major): C = alpha * op(A) * op(B) + beta * C,                    */
/* op(A) is M x K, op(B) is K x N; trans_a/trans_b: 0 = as stored, 1 = transposed. */

typedef struct nash_gemm_impl {
    const char *name;
    unsigned isa;
    void (*sgemm)(int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a,
                  int lda, const float *b, int ldb, float beta, float *c, int ldc);
    /* Row i of C depends on row i of op(A) alone, summed in a fixed order, so
     * it is bitwise the same whatever M is (a sample's logits do not depend
     * on the batch it is in). oneDNN's sgemm lacks it on AVX-512. */
    int batch_invariant;
} nash_gemm_impl;

extern const nash_gemm_impl *const nash_gemm_impls[]; /* NULL-terminated, ref last */
const nash_gemm_impl *nash_gemm_pick(void);
/* The first usable batch-invariant variant (the forced one if it is one). */
const nash_gemm_impl *nash_gemm_pick_batch_invariant(void);

/* Linear layer on plain [N][IN] -> [N][OUT], w [OUT][IN], through the picked GEMM. */
void nash_linear_forward(int n, int in, int out, const float *x, const float *w,
                         const float *bias /* nullable */, float *y);
void nash_linear_backward(int n, int in, int out, const float *x, const float *w, const float *dy,
                          float *dx /* nullable */, float *dw, float *dbias /* nullable */);

/* ------------------------------------------------------------------------- */
/* Batch normalisation over (N, H, W) per channel, blocked layout.            */

typedef enum nash_act {
    NASH_ACT_NONE = 0,
    NASH_ACT_RELU,
    NASH_ACT_RELU6,
    NASH_ACT_SWISH, /* x * sigmoid(x) */
    NASH_ACT_COUNT
} nash_act;
extern const char *const nash_act_names[NASH_ACT_COUNT];

/* act: an activation fused after the normalisation (NASH_ACT_NONE, RELU or
 * RELU6; other values are not accepted). forward_* then write act(y) and
 * backward takes dy as the gradient of act(y): it recomputes y from x (the same
 * float expression as forward, fmaf(xhat, gamma, beta)) for the mask, so the
 * separate activation pass over the map, forward and backward, disappears. */
typedef struct nash_bn_desc {
    int n, c, h, w;
    float eps;
    nash_act act;
} nash_bn_desc;

/* A BN's per-channel transform y = (x - mean) * invstd * gamma + beta (gamma,
 * beta nullable: 1 and 0), as normalise_add applies it to an operand. */
typedef struct nash_bn_affine {
    const float *mean, *invstd, *gamma, *beta;
} nash_bn_affine;

typedef struct nash_bn_impl {
    const char *name;
    unsigned isa;
    /* Batch statistics: mean[c], var[c] (biased, /(N*H*W)), invstd[c] = 1/sqrt(var+eps);
     * y = (x - mean) * invstd * gamma + beta. gamma/beta nullable (affine off: 1 and 0).
     * y nullable: the statistics only (normalise_add applies the transform later). */
    void (*forward_train)(const nash_bn_desc *d, const float *x, const float *gamma,
                          const float *beta, float *y, float *mean, float *var, float *invstd);
    /* y = A(a) + B(b), A / B the transform of fa / fb (NULL: the operand as is), each
     * operand bitwise the value forward_train's y would hold (no fused act: d->act
     * is ignored); pad lanes of y zero. A BN whose only reader is an add skips its
     * own pass over y this way. */
    void (*normalise_add)(const nash_bn_desc *d, const float *a, const nash_bn_affine *fa,
                          const float *b, const nash_bn_affine *fb, float *y);
    /* y = (x - mean[c]) / sqrt(var[c] + eps) * gamma + beta, with the given (running) stats. */
    void (*forward_eval)(const nash_bn_desc *d, const float *x, const float *gamma,
                         const float *beta, const float *mean, const float *var, float *y);
    /* Backward of forward_train (batch statistics): dx always; dgamma, dbeta nullable.
     * beta (nullable) is read only when d->act is set, to recompute the mask. */
    void (*backward)(const nash_bn_desc *d, const float *x, const float *dy, const float *gamma,
                     const float *beta, const float *mean, const float *invstd, float *dx,
                     float *dgamma, float *dbeta);
} nash_bn_impl;

extern const nash_bn_impl *const nash_bn_impls[]; /* NULL-terminated, ref last */
const nash_bn_impl *nash_bn_pick(void);

/* ------------------------------------------------------------------------- */
/* Pooling (blocked layout).                                                  */

typedef struct nash_pool_desc {
    int n, c, ih, iw, oh, ow;
    int kh, kw, sh, sw, ph, pw;
    int count_include_pad; /* avg pool: divide by KH*KW (1) or by the in-bounds taps (0) */
} nash_pool_desc;

/* Validates and fills d; OH = (IH + 2*pad - K) / stride + 1; pad <= K/2. */
int nash_pool_desc_init(nash_pool_desc *d, int n, int c, int ih, int iw, int k, int stride, int pad,
                        int count_include_pad);

typedef struct nash_pool_impl {
    const char *name;
    unsigned isa;
    /* Max over in-bounds taps (padding is -inf); argmax[i] = blocked index into x of the winner
     * for each blocked output element i (pad lanes: 0). */
    void (*max_forward)(const nash_pool_desc *d, const float *x, float *y, int32_t *argmax);
    void (*max_backward)(const nash_pool_desc *d, const float *dy, const int32_t *argmax, float *dx);
    void (*avg_forward)(const nash_pool_desc *d, const float *x, float *y);
    void (*avg_backward)(const nash_pool_desc *d, const float *dy, float *dx);
    /* Global average pool: blocked (N,C,H,W) -> plain y[N][C]; backward plain -> blocked. */
    void (*gap_forward)(int n, int c, int h, int w, const float *x, float *y);
    void (*gap_backward)(int n, int c, int h, int w, const float *dy, float *dx);
} nash_pool_impl;

extern const nash_pool_impl *const nash_pool_impls[]; /* NULL-terminated, ref last */
const nash_pool_impl *nash_pool_pick(void);

/* ------------------------------------------------------------------------- */
/* Elementwise ops, softmax cross-entropy, option-A shortcut.                 */


typedef struct nash_eltwise_impl {
    const char *name;
    unsigned isa;
    /* y = act(x); dx = act'(x) * dy (derivative taken at the forward input x;
     * ReLU'(0) = 0, ReLU6'(0) = ReLU6'(6) = 0). In-place (y == x, dx == dy) allowed. */
    void (*act_forward)(nash_act act, int64_t n, const float *x, float *y);
    void (*act_backward)(nash_act act, int64_t n, const float *x, const float *dy, float *dx);
    /* y = a + b (y may alias a or b). */
    void (*add)(int64_t n, const float *a, const float *b, float *y);
    /* Residual add with a fused activation (RELU or RELU6): y = act(a + b); and its
     * backward from the output y: dx0 = dx1 = act'(y) * dy (nullable each; equal to
     * act'(a + b) * dy for these two, whose derivative is 1 exactly where act(v) = v
     * lies strictly inside the clip range). */
    void (*add_act)(nash_act act, int64_t n, const float *a, const float *b, float *y);
    void (*add_act_backward)(nash_act act, int64_t n, const float *y, const float *dy,
                             float *dx0, float *dx1);
    /* y += x */
    void (*accumulate)(int64_t n, const float *x, float *y);
    /* y = x * mask * scale, mask bytes 0/1 (dropout forward and backward alike). */
    void (*mask_scale)(int64_t n, const float *x, const uint8_t *mask, float scale, float *y);
    /* Softmax cross-entropy on plain logits [N][K] with labels in [0,K):
     * target = (1-smoothing) * onehot + smoothing / K; returns the MEAN loss over N;
     * dlogits (nullable) = (softmax - target) / N; *correct (nullable) = #argmax == label. */
    double (*softmax_xent)(int n, int k, const float *logits, const int32_t *labels,
                           float smoothing, float *dlogits, int *correct);
    /* Option-A shortcut (ResNet CIFAR): x blocked (N,IC,IH,IW) -> y blocked (N,OC,OH,OW),
     * y[n, c + (OC-IC)/2, h, w] = x[n, c, h*s, w*s], other channels 0; s = stride. */
    void (*shortcut_a_forward)(int n, int ic, int ih, int iw, int oc, int stride,
                               const float *x, float *y);
    void (*shortcut_a_backward)(int n, int ic, int ih, int iw, int oc, int stride,
                                const float *dy, float *dx);
} nash_eltwise_impl;

extern const nash_eltwise_impl *const nash_eltwise_impls[]; /* NULL-terminated, ref last */
const nash_eltwise_impl *nash_eltwise_pick(void);

#endif /* NASH_KERNELS_H */
