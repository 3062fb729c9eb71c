/*
 * batchnorm.c — batch normalisation over (N, H, W) per channel, nChw16c layout.
 *
 * Owns: the BN variants (plain reference, OpenMP over channel blocks and batch
 * chunks), their table nash_bn_impls and nash_bn_pick(). Does not own: the
 * running statistics and momentum (runtime/ keeps them and calls
 * forward_eval with them), nor the layer's parameters.
 *
 * Numerics shared by both variants: the per-channel sums (mean, biased
 * variance, and the two gradient sums) are accumulated in double (the OpenMP
 * variant: float partial sums of 32 pixels added into double), the variance
 * always around a mean, never as E[x^2] - E[x]^2 (cancellation): the
 * reference takes a second pass around the batch mean; the OpenMP variant
 * reads x once, taking each run of <= 64 pixels (4 KiB, in L1) twice, for its
 * own mean and its squared deviations from it, and merging the runs' (count,
 * mean, M2) in double by Chan et al.'s pairwise update (one pass over memory
 * instead of two: BN's statistics were 2 of its 3 passes over a map that
 * lives in L3). Stored statistics and everything elementwise are float:
 *     xhat = (x - mean) * invstd,   y = xhat * gamma + beta,
 *     dx   = gamma * invstd * (dy - sum(dy)/M - xhat * sum(dy*xhat)/M),   M = N*H*W,
 * which is the usual dx = gamma*invstd/M * (M*dy - sum dy - xhat * sum dy*xhat)
 * written so that M*dy is never formed. gamma == NULL means 1, beta == NULL 0.
 *
 * Fused activation (d->act = RELU or RELU6): forward writes act(y) and backward
 * first masks dy with act'(y), y recomputed from x by the same float
 * expression (bn_affine) in both directions, so the mask is exactly the one
 * an unfused activation would apply to the stored y.
 */
#include "nash_kernels.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* 1 / sqrt(var + eps), computed in double: the same expression in every variant. */
static inline float bn_invstd(double var, float eps)
{
    return (float)(1.0 / sqrt(var + (double)eps));
}

/* y = xhat * gamma + beta, always one rounding (fmaf): forward and the mask
 * recomputation of backward must agree bit for bit. */
static inline float bn_affine(float xhat, float gamma, float beta)
{
    return fmaf(xhat, gamma, beta);
}

/* The fused activation and its mask as in eltwise.c (act_value / act_grad):
 * kind 0 none, 1 ReLU, 2 ReLU6. The OpenMP loops below are instantiated once
 * per kind (always_inline helpers called with a constant), so each loop body
 * is a plain select and vectorises. */
#define BN_INLINE static inline __attribute__((always_inline))

static inline int bn_act_kind(nash_act act)
{
    return act == NASH_ACT_RELU ? 1 : act == NASH_ACT_RELU6 ? 2 : 0;
}

BN_INLINE float bn_act(int kind, float v)
{
    if (kind == 0)
        return v;
    v = v < 0.0f ? 0.0f : v; /* NaN passes through */
    return kind == 2 && v > 6.0f ? 6.0f : v;
}

/* dy where keep is 1, +0.0f where it is 0 (eltwise.c's `keep ? dy : 0.0f`), as
 * a bit mask: gcc does not if-convert that select in the reduction loops. */
BN_INLINE float bn_keep_if(int keep, float dy)
{
    uint32_t u;
    memcpy(&u, &dy, sizeof u);
    u &= 0u - (uint32_t)keep;
    memcpy(&dy, &u, sizeof u);
    return dy;
}

BN_INLINE float bn_act_grad(int kind, float v, float dy)
{
    if (kind == 0)
        return dy;
    int keep = kind == 1 ? v > 0.0f : (v > 0.0f) & (v < 6.0f); /* 0 at the kinks */
    return bn_keep_if(keep, dy);
}

/* ------------------------------------------------------------------------- */
/* Reference: one channel at a time, plain loops over (n, h, w).              */

static void bn_ref_forward_train(const nash_bn_desc *d, const float *x, const float *gamma,
                                 const float *beta, float *y, float *mean, float *var,
                                 float *invstd)
{
    const int act = bn_act_kind(d->act);
    const int64_t count = (int64_t)d->n * d->h * d->w;
    /* The pad lanes of y are zero: clear everything, then write the real channels. */
    if (y)
        memset(y, 0, sizeof(float) * (size_t)nash_blocked_size(d->n, d->c, d->h, d->w));
    for (int c = 0; c < d->c; c++) {
        double sum = 0.0;
        for (int n = 0; n < d->n; n++)
            for (int h = 0; h < d->h; h++)
                for (int w = 0; w < d->w; w++)
                    sum += x[nash_blocked_index(d->c, d->h, d->w, n, c, h, w)];
        double mean_c = sum / (double)count;

        double sq_dev = 0.0;
        for (int n = 0; n < d->n; n++)
            for (int h = 0; h < d->h; h++)
                for (int w = 0; w < d->w; w++) {
                    double dev = x[nash_blocked_index(d->c, d->h, d->w, n, c, h, w)] - mean_c;
                    sq_dev += dev * dev;
                }
        double var_c = sq_dev / (double)count;

        mean[c] = (float)mean_c;
        var[c] = (float)var_c;
        invstd[c] = bn_invstd(var_c, d->eps);
        float g = gamma ? gamma[c] : 1.0f, b = beta ? beta[c] : 0.0f;
        for (int n = 0; y && n < d->n; n++)
            for (int h = 0; h < d->h; h++)
                for (int w = 0; w < d->w; w++) {
                    int64_t i = nash_blocked_index(d->c, d->h, d->w, n, c, h, w);
                    float xhat = (x[i] - mean[c]) * invstd[c];
                    float v = bn_affine(xhat, g, b);
                    y[i] = bn_act(act, v);
                }
    }
}

/* One operand of normalise_add: BN'd (bn != NULL) or as it is. */
static inline float bn_ref_operand(const float *x, const nash_bn_affine *bn, int64_t i, int c)
{
    if (!bn)
        return x[i];
    return bn_affine((x[i] - bn->mean[c]) * bn->invstd[c], bn->gamma ? bn->gamma[c] : 1.0f,
                     bn->beta ? bn->beta[c] : 0.0f);
}

static void bn_ref_normalise_add(const nash_bn_desc *d, const float *a, const nash_bn_affine *fa,
                                 const float *b, const nash_bn_affine *fb, float *y)
{
    memset(y, 0, sizeof(float) * (size_t)nash_blocked_size(d->n, d->c, d->h, d->w));
    for (int n = 0; n < d->n; n++)
        for (int c = 0; c < d->c; c++)
            for (int h = 0; h < d->h; h++)
                for (int w = 0; w < d->w; w++) {
                    int64_t i = nash_blocked_index(d->c, d->h, d->w, n, c, h, w);
                    y[i] = bn_ref_operand(a, fa, i, c) + bn_ref_operand(b, fb, i, c);
                }
}

static void bn_ref_forward_eval(const nash_bn_desc *d, const float *x, const float *gamma,
                                const float *beta, const float *mean, const float *var, float *y)
{
    const int act = bn_act_kind(d->act);
    memset(y, 0, sizeof(float) * (size_t)nash_blocked_size(d->n, d->c, d->h, d->w));
    for (int c = 0; c < d->c; c++) {
        float inv = bn_invstd(var[c], d->eps);
        float g = gamma ? gamma[c] : 1.0f, b = beta ? beta[c] : 0.0f;
        for (int n = 0; n < d->n; n++)
            for (int h = 0; h < d->h; h++)
                for (int w = 0; w < d->w; w++) {
                    int64_t i = nash_blocked_index(d->c, d->h, d->w, n, c, h, w);
                    float xhat = (x[i] - mean[c]) * inv;
                    float v = bn_affine(xhat, g, b);
                    y[i] = bn_act(act, v);
                }
    }
}

static void bn_ref_backward(const nash_bn_desc *d, const float *x, const float *dy,
                            const float *gamma, const float *beta, const float *mean,
                            const float *invstd, float *dx, float *dgamma, float *dbeta)
{
    const int act = bn_act_kind(d->act);
    const int64_t count = (int64_t)d->n * d->h * d->w;
    memset(dx, 0, sizeof(float) * (size_t)nash_blocked_size(d->n, d->c, d->h, d->w));
    for (int c = 0; c < d->c; c++) {
        float g = gamma ? gamma[c] : 1.0f, b = beta ? beta[c] : 0.0f;
        double sum_dy = 0.0, sum_dy_xhat = 0.0;
        for (int n = 0; n < d->n; n++)
            for (int h = 0; h < d->h; h++)
                for (int w = 0; w < d->w; w++) {
                    int64_t i = nash_blocked_index(d->c, d->h, d->w, n, c, h, w);
                    float xhat = (x[i] - mean[c]) * invstd[c];
                    float gy = bn_act_grad(act, bn_affine(xhat, g, b), dy[i]);
                    sum_dy += gy;
                    sum_dy_xhat += (double)gy * xhat;
                }
        if (dgamma)
            dgamma[c] = (float)sum_dy_xhat;
        if (dbeta)
            dbeta[c] = (float)sum_dy;

        float mean_dy = (float)(sum_dy / (double)count);
        float mean_dy_xhat = (float)(sum_dy_xhat / (double)count);
        float scale = g * invstd[c];
        for (int n = 0; n < d->n; n++)
            for (int h = 0; h < d->h; h++)
                for (int w = 0; w < d->w; w++) {
                    int64_t i = nash_blocked_index(d->c, d->h, d->w, n, c, h, w);
                    float xhat = (x[i] - mean[c]) * invstd[c];
                    float gy = bn_act_grad(act, bn_affine(xhat, g, b), dy[i]);
                    dx[i] = scale * (gy - mean_dy - xhat * mean_dy_xhat);
                }
    }
}

/* ------------------------------------------------------------------------- */
/* OpenMP.
 *
 * Work is split into channel blocks and, within a block, into BN_CHUNKS fixed
 * ranges of the N*H*W pixels, so that there is parallelism both when there are
 * many channel blocks and when there are few (one block of 16 channels and a
 * large batch is common). Blocks are taken BN_GROUP at a time; the per-chunk
 * partial sums of a group live in a stack array and are added in chunk order,
 * so the statistics do not depend on the number of threads. Every inner loop
 * runs over the 16 lanes of a pixel. Per-channel parameters are copied into
 * 16-lane arrays whose pad lanes are zero (gamma, invstd), which makes the pad
 * lanes of y and dx come out zero with no special case. */

enum { BN_GROUP = 8, BN_CHUNKS = 16 };

typedef enum { BN_SUM_MOMENTS, BN_SUM_GRAD } bn_sum_kind;

/* What a reduction pass sums, per lane, over a range of pixels of one block. */
typedef struct {
    bn_sum_kind kind;
    const nash_bn_desc *d;
    const float *x, *dy;
    const float (*mean)[NASH_BLOCK];    /* BN_SUM_GRAD */
    const float (*invstd)[NASH_BLOCK];  /* BN_SUM_GRAD */
    const float (*gamma)[NASH_BLOCK];   /* BN_SUM_GRAD with a fused activation */
    const float (*beta)[NASH_BLOCK];
} bn_sum_pass;

/* Sums over `run` pixels of one block: float partial sums over BN_RUN pixels at
 * a time, each added into the double totals a (and b). A float-only loop is
 * half the instructions of converting every element to double, and a float
 * sum of 32 terms loses nothing that matters (relative 2e-6 of their absolute
 * sum at worst) before the long sum continues in double. act: the activation
 * kind (0..2), a constant at each call. */
enum { BN_RUN = 32 };

/* Chan et al.'s update: the (count, mean, M2) of a set merged with those of
 * another of nb elements, per lane, in double. */
static inline void bn_merge_moments(double na, double mean[NASH_BLOCK], double m2[NASH_BLOCK],
                                    double nb, const double mean_b[NASH_BLOCK],
                                    const double m2_b[NASH_BLOCK])
{
    const double n = na + nb, wb = nb / n, wab = na * nb / n;
    for (int l = 0; l < NASH_BLOCK; l++) {
        double delta = mean_b[l] - mean[l];
        mean[l] += delta * wb;
        m2[l] += m2_b[l] + delta * delta * wab;
    }
}

/* Moments of `run` pixels of one block merged into (done, mean, m2): each run
 * of <= BN_MOMENT_RUN pixels is read twice while it is in L1 (its float mean,
 * then its float sum of squared deviations from that mean) and merged in
 * double. Four pixels at a time into four accumulators: one chain of
 * dependent adds would bound the loop by the add latency, not by the loads. */
enum { BN_MOMENT_RUN = 64 };

static void bn_moments_run(int64_t done, int64_t run, const float *x, double mean[NASH_BLOCK],
                           double m2[NASH_BLOCK])
{
    for (int64_t r0 = 0; r0 < run; r0 += BN_MOMENT_RUN) {
        int64_t r1 = run - r0 < BN_MOMENT_RUN ? run : r0 + BN_MOMENT_RUN;
        const float inv = 1.0f / (float)(r1 - r0);
        float fs[4][NASH_BLOCK] = {{0}}, fq[4][NASH_BLOCK] = {{0}};
        int64_t r = r0;
        for (; r + 4 <= r1; r += 4) {
            const float *xp = x + r * NASH_BLOCK;
            for (int k = 0; k < 4; k++) {
                #pragma omp simd
                for (int l = 0; l < NASH_BLOCK; l++)
                    fs[k][l] += xp[k * NASH_BLOCK + l];
            }
        }
        for (; r < r1; r++) {
            #pragma omp simd
            for (int l = 0; l < NASH_BLOCK; l++)
                fs[0][l] += x[r * NASH_BLOCK + l];
        }
        float m[NASH_BLOCK];
        #pragma omp simd
        for (int l = 0; l < NASH_BLOCK; l++)
            m[l] = ((fs[0][l] + fs[1][l]) + (fs[2][l] + fs[3][l])) * inv;
        for (r = r0; r + 4 <= r1; r += 4) {
            const float *xp = x + r * NASH_BLOCK;
            for (int k = 0; k < 4; k++) {
                #pragma omp simd
                for (int l = 0; l < NASH_BLOCK; l++) {
                    float dev = xp[k * NASH_BLOCK + l] - m[l];
                    fq[k][l] = fmaf(dev, dev, fq[k][l]);
                }
            }
        }
        for (; r < r1; r++) {
            #pragma omp simd
            for (int l = 0; l < NASH_BLOCK; l++) {
                float dev = x[r * NASH_BLOCK + l] - m[l];
                fq[0][l] = fmaf(dev, dev, fq[0][l]);
            }
        }
        double mb[NASH_BLOCK], qb[NASH_BLOCK];
        for (int l = 0; l < NASH_BLOCK; l++) {
            mb[l] = m[l];
            qb[l] = (fq[0][l] + fq[1][l]) + (fq[2][l] + fq[3][l]);
        }
        if (done + r0 == 0) {
            memcpy(mean, mb, sizeof mb);
            memcpy(m2, qb, sizeof qb);
        } else {
            bn_merge_moments((double)(done + r0), mean, m2, (double)(r1 - r0), mb, qb);
        }
    }
}

BN_INLINE void bn_partial_run(const bn_sum_pass *ps, int g, int64_t run, const float *x,
                              const float *dy, double a[NASH_BLOCK], double b[NASH_BLOCK],
                              int act)
{
    float mean[NASH_BLOCK], invstd[NASH_BLOCK], gamma[NASH_BLOCK], beta[NASH_BLOCK];
    for (int l = 0; l < NASH_BLOCK; l++) {
        mean[l] = ps->mean[g][l];
        invstd[l] = ps->invstd[g][l];
        gamma[l] = act ? ps->gamma[g][l] : 0.0f;
        beta[l] = act ? ps->beta[g][l] : 0.0f;
    }
    for (int64_t r0 = 0; r0 < run; r0 += BN_RUN) {
        int64_t r1 = run - r0 < BN_RUN ? run : r0 + BN_RUN;
        float fa[NASH_BLOCK] = {0}, fb[NASH_BLOCK] = {0};
        for (int64_t r = r0; r < r1; r++) {
            const float *xp = x + r * NASH_BLOCK, *dyp = dy + r * NASH_BLOCK;
            #pragma omp simd
            for (int l = 0; l < NASH_BLOCK; l++) {
                float xhat = (xp[l] - mean[l]) * invstd[l];
                float gy = bn_act_grad(act, bn_affine(xhat, gamma[l], beta[l]), dyp[l]);
                fa[l] += gy;
                fb[l] = fmaf(gy, xhat, fb[l]);
            }
        }
        for (int l = 0; l < NASH_BLOCK; l++) {
            a[l] += fa[l];
            b[l] += fb[l];
        }
    }
}

/* Over the flat pixel range [p0, p1) (pixel = n*H*W + h*W + w) of channel
 * block cb: BN_SUM_MOMENTS, the mean into a[16] and M2 (the sum of squared
 * deviations from it) into b[16]; BN_SUM_GRAD, the two gradient sums. g = cb's
 * index in the group. */
static void bn_partial(const bn_sum_pass *ps, int cb, int g, int64_t p0, int64_t p1,
                       double a[NASH_BLOCK], double b[NASH_BLOCK])
{
    const nash_bn_desc *d = ps->d;
    const int64_t hw = (int64_t)d->h * d->w, cbs = nash_cblocks(d->c);
    for (int l = 0; l < NASH_BLOCK; l++)
        a[l] = b[l] = 0.0;
    for (int64_t p = p0; p < p1;) {
        int64_t n = p / hw, s = p % hw;
        int64_t run = p1 - p < hw - s ? p1 - p : hw - s; /* pixels left in this image */
        int64_t base = ((n * cbs + cb) * hw + s) * NASH_BLOCK;
        const float *x = ps->x + base, *dy = ps->dy ? ps->dy + base : NULL;
        if (ps->kind == BN_SUM_MOMENTS) {
            bn_moments_run(p - p0, run, x, a, b);
        } else {
            switch (bn_act_kind(d->act)) {
            case 0: bn_partial_run(ps, g, run, x, dy, a, b, 0); break;
            case 1: bn_partial_run(ps, g, run, x, dy, a, b, 1); break;
            default: bn_partial_run(ps, g, run, x, dy, a, b, 2); break;
            }
        }
        p += run;
    }
}

/* Runs one reduction pass over the blocks [cb0, cb0 + groups) and leaves the
 * totals in a[g][16], b[g][16] (BN_SUM_MOMENTS: the mean and M2 of the whole
 * batch, the chunks merged in chunk order). */
static void bn_reduce(const bn_sum_pass *ps, int cb0, int groups, double a[BN_GROUP][NASH_BLOCK],
                      double b[BN_GROUP][NASH_BLOCK])
{
    const nash_bn_desc *d = ps->d;
    const int64_t pixels = (int64_t)d->n * d->h * d->w;
    const int chunks = pixels < BN_CHUNKS ? (int)pixels : BN_CHUNKS;
    double part_a[BN_GROUP][BN_CHUNKS][NASH_BLOCK];
    double part_b[BN_GROUP][BN_CHUNKS][NASH_BLOCK];

    #pragma omp parallel for collapse(2) schedule(static)
    for (int g = 0; g < groups; g++)
        for (int k = 0; k < chunks; k++)
            bn_partial(ps, cb0 + g, g, pixels * k / chunks, pixels * (k + 1) / chunks,
                       part_a[g][k], part_b[g][k]);

    if (ps->kind == BN_SUM_MOMENTS) {
        for (int g = 0; g < groups; g++) {
            memcpy(a[g], part_a[g][0], sizeof a[g]);
            memcpy(b[g], part_b[g][0], sizeof b[g]);
            for (int k = 1; k < chunks; k++)
                bn_merge_moments((double)(pixels * k / chunks), a[g], b[g],
                                 (double)(pixels * (k + 1) / chunks - pixels * k / chunks),
                                 part_a[g][k], part_b[g][k]);
        }
        return;
    }
    for (int g = 0; g < groups; g++)
        for (int l = 0; l < NASH_BLOCK; l++) {
            a[g][l] = b[g][l] = 0.0;
            for (int k = 0; k < chunks; k++) {
                a[g][l] += part_a[g][k][l];
                b[g][l] += part_b[g][k][l];
            }
        }
}

/* Channels of block cb that are real (the rest of its 16 lanes are padding). */
static inline int bn_lanes(int c, int cb)
{
    int left = c - cb * NASH_BLOCK;
    return left < NASH_BLOCK ? left : NASH_BLOCK;
}

/* Fills a 16-lane array from the per-channel array src (dflt when src is NULL); pad lanes 0. */
static inline void bn_load_lanes(float out[NASH_BLOCK], const float *src, float dflt, int c, int cb)
{
    int lanes = bn_lanes(c, cb);
    for (int l = 0; l < NASH_BLOCK; l++)
        out[l] = l < lanes ? (src ? src[cb * NASH_BLOCK + l] : dflt) : 0.0f;
}

/* y = act((x - mean) * invstd * gamma + beta) over the hw pixels of one plane. */
BN_INLINE void bn_normalise_plane(int64_t hw, const float *xp, const float *mean,
                                  const float *invstd, const float *gamma, const float *beta,
                                  float *yp, int kind)
{
    for (int64_t s = 0; s < hw; s++, xp += NASH_BLOCK, yp += NASH_BLOCK) {
        #pragma omp simd
        for (int l = 0; l < NASH_BLOCK; l++) {
            float xhat = (xp[l] - mean[l]) * invstd[l];
            yp[l] = bn_act(kind, bn_affine(xhat, gamma[l], beta[l]));
        }
    }
}

/* y = (x - mean) * invstd * gamma + beta over the blocks [cb0, cb0 + groups),
 * all lanes given per block (pad lanes: invstd = gamma = beta = 0). */
static void bn_normalise(const nash_bn_desc *d, int cb0, int groups, const float *x,
                         const float mean[][NASH_BLOCK], const float invstd[][NASH_BLOCK],
                         const float gamma[][NASH_BLOCK], const float beta[][NASH_BLOCK],
                         float *y)
{
    const int act = bn_act_kind(d->act);
    const int64_t hw = (int64_t)d->h * d->w, cbs = nash_cblocks(d->c);
    #pragma omp parallel for collapse(2) schedule(static)
    for (int g = 0; g < groups; g++)
        for (int n = 0; n < d->n; n++) {
            int64_t base = ((int64_t)n * cbs + cb0 + g) * hw * NASH_BLOCK;
            const float *xp = x + base;
            float *yp = y + base;
            switch (act) {
            case 0: bn_normalise_plane(hw, xp, mean[g], invstd[g], gamma[g], beta[g], yp, 0); break;
            case 1: bn_normalise_plane(hw, xp, mean[g], invstd[g], gamma[g], beta[g], yp, 1); break;
            default: bn_normalise_plane(hw, xp, mean[g], invstd[g], gamma[g], beta[g], yp, 2); break;
            }
        }
}

static void bn_omp_forward_train(const nash_bn_desc *d, const float *x, const float *gamma,
                                 const float *beta, float *y, float *mean, float *var,
                                 float *invstd)
{
    const int cbs = (int)nash_cblocks(d->c);
    const double count = (double)d->n * d->h * d->w;
    for (int cb0 = 0; cb0 < cbs; cb0 += BN_GROUP) {
        int groups = cbs - cb0 < BN_GROUP ? cbs - cb0 : BN_GROUP;
        double mean_d[BN_GROUP][NASH_BLOCK], m2[BN_GROUP][NASH_BLOCK];
        float mean_f[BN_GROUP][NASH_BLOCK], invstd_f[BN_GROUP][NASH_BLOCK];
        float gamma_f[BN_GROUP][NASH_BLOCK], beta_f[BN_GROUP][NASH_BLOCK];

        bn_sum_pass pass = {.kind = BN_SUM_MOMENTS, .d = d, .x = x};
        bn_reduce(&pass, cb0, groups, mean_d, m2);

        for (int g = 0; g < groups; g++) {
            int cb = cb0 + g, lanes = bn_lanes(d->c, cb);
            for (int l = 0; l < NASH_BLOCK; l++) {
                double var_d = m2[g][l] / count;
                mean_f[g][l] = l < lanes ? (float)mean_d[g][l] : 0.0f;
                invstd_f[g][l] = l < lanes ? bn_invstd(var_d, d->eps) : 0.0f;
                if (l < lanes) {
                    mean[cb * NASH_BLOCK + l] = mean_f[g][l];
                    var[cb * NASH_BLOCK + l] = (float)var_d;
                    invstd[cb * NASH_BLOCK + l] = invstd_f[g][l];
                }
            }
            bn_load_lanes(gamma_f[g], gamma, 1.0f, d->c, cb);
            bn_load_lanes(beta_f[g], beta, 0.0f, d->c, cb);
        }
        if (y)
            bn_normalise(d, cb0, groups, x, mean_f, invstd_f, gamma_f, beta_f, y);
    }
}

/* y = f(a) + f(b) over one plane, f = BN'd (ka = 1) or as is (ka = 0): the
 * operand values are those forward_train's y would hold, then one add.
 * la / lb: mean, invstd, gamma, beta as 16 lanes each. */
BN_INLINE void bn_normalise_add_plane(int64_t hw, const float *ap, const float *bp, float *yp,
                                      const float la[4][NASH_BLOCK],
                                      const float lb[4][NASH_BLOCK], int ka, int kb)
{
    for (int64_t s = 0; s < hw; s++, ap += NASH_BLOCK, bp += NASH_BLOCK, yp += NASH_BLOCK) {
        #pragma omp simd
        for (int l = 0; l < NASH_BLOCK; l++) {
            float va = ka ? bn_affine((ap[l] - la[0][l]) * la[1][l], la[2][l], la[3][l]) : ap[l];
            float vb = kb ? bn_affine((bp[l] - lb[0][l]) * lb[1][l], lb[2][l], lb[3][l]) : bp[l];
            yp[l] = va + vb;
        }
    }
}

/* mean, invstd, gamma, beta of block cb as 16 lanes (pad lanes 0, so a BN'd
 * pad lane is 0 as forward_train writes it). */
static void bn_affine_lanes(const nash_bn_affine *f, int c, int cb, float out[4][NASH_BLOCK])
{
    bn_load_lanes(out[0], f->mean, 0.0f, c, cb);
    bn_load_lanes(out[1], f->invstd, 0.0f, c, cb);
    bn_load_lanes(out[2], f->gamma, 1.0f, c, cb);
    bn_load_lanes(out[3], f->beta, 0.0f, c, cb);
}

static void bn_omp_normalise_add(const nash_bn_desc *d, const float *a, const nash_bn_affine *fa,
                                 const float *b, const nash_bn_affine *fb, float *y)
{
    const int64_t hw = (int64_t)d->h * d->w;
    const int cbs = (int)nash_cblocks(d->c);
    #pragma omp parallel for collapse(2) schedule(static)
    for (int n = 0; n < d->n; n++)
        for (int cb = 0; cb < cbs; cb++) {
            float la[4][NASH_BLOCK] = {{0}}, lb[4][NASH_BLOCK] = {{0}};
            if (fa)
                bn_affine_lanes(fa, d->c, cb, la);
            if (fb)
                bn_affine_lanes(fb, d->c, cb, lb);
            int64_t base = ((int64_t)n * cbs + cb) * hw * NASH_BLOCK;
            const float *ap = a + base, *bp = b + base;
            if (fa && fb)
                bn_normalise_add_plane(hw, ap, bp, y + base, la, lb, 1, 1);
            else if (fa)
                bn_normalise_add_plane(hw, ap, bp, y + base, la, lb, 1, 0);
            else if (fb)
                bn_normalise_add_plane(hw, ap, bp, y + base, la, lb, 0, 1);
            else
                bn_normalise_add_plane(hw, ap, bp, y + base, la, lb, 0, 0);
        }
}

static void bn_omp_forward_eval(const nash_bn_desc *d, const float *x, const float *gamma,
                                const float *beta, const float *mean, const float *var, float *y)
{
    const int cbs = (int)nash_cblocks(d->c);
    for (int cb0 = 0; cb0 < cbs; cb0 += BN_GROUP) {
        int groups = cbs - cb0 < BN_GROUP ? cbs - cb0 : BN_GROUP;
        float mean_f[BN_GROUP][NASH_BLOCK], invstd_f[BN_GROUP][NASH_BLOCK];
        float gamma_f[BN_GROUP][NASH_BLOCK], beta_f[BN_GROUP][NASH_BLOCK];
        for (int g = 0; g < groups; g++) {
            int cb = cb0 + g, lanes = bn_lanes(d->c, cb);
            for (int l = 0; l < NASH_BLOCK; l++) {
                mean_f[g][l] = l < lanes ? mean[cb * NASH_BLOCK + l] : 0.0f;
                invstd_f[g][l] = l < lanes ? bn_invstd(var[cb * NASH_BLOCK + l], d->eps) : 0.0f;
            }
            bn_load_lanes(gamma_f[g], gamma, 1.0f, d->c, cb);
            bn_load_lanes(beta_f[g], beta, 0.0f, d->c, cb);
        }
        bn_normalise(d, cb0, groups, x, mean_f, invstd_f, gamma_f, beta_f, y);
    }
}

/* Per-lane constants of the dx pass of one channel block. */
typedef struct {
    const float *mean, *invstd, *gamma, *beta, *scale, *mean_dy, *mean_dy_xhat;
} bn_dx_lanes;

/* dx = scale * (act'(y) dy - mean_dy - xhat * mean_dy_xhat) over one plane. */
BN_INLINE void bn_dx_plane(int64_t hw, const bn_dx_lanes *q, const float *xp, const float *dyp,
                           float *dxp, int kind)
{
    for (int64_t s = 0; s < hw; s++, xp += NASH_BLOCK, dyp += NASH_BLOCK, dxp += NASH_BLOCK) {
        #pragma omp simd
        for (int l = 0; l < NASH_BLOCK; l++) {
            float xhat = (xp[l] - q->mean[l]) * q->invstd[l];
            float gy = bn_act_grad(kind, bn_affine(xhat, q->gamma[l], q->beta[l]), dyp[l]);
            dxp[l] = q->scale[l] * (gy - q->mean_dy[l] - xhat * q->mean_dy_xhat[l]);
        }
    }
}

static void bn_omp_backward(const nash_bn_desc *d, const float *x, const float *dy,
                            const float *gamma, const float *beta, const float *mean,
                            const float *invstd, float *dx, float *dgamma, float *dbeta)
{
    const int act = bn_act_kind(d->act);
    const int cbs = (int)nash_cblocks(d->c);
    const int64_t hw = (int64_t)d->h * d->w;
    const double count = (double)d->n * d->h * d->w;
    for (int cb0 = 0; cb0 < cbs; cb0 += BN_GROUP) {
        int groups = cbs - cb0 < BN_GROUP ? cbs - cb0 : BN_GROUP;
        float mean_f[BN_GROUP][NASH_BLOCK], invstd_f[BN_GROUP][NASH_BLOCK];
        float gamma_f[BN_GROUP][NASH_BLOCK], beta_f[BN_GROUP][NASH_BLOCK];
        float scale[BN_GROUP][NASH_BLOCK], mean_dy[BN_GROUP][NASH_BLOCK];
        float mean_dy_xhat[BN_GROUP][NASH_BLOCK];
        double sum_dy[BN_GROUP][NASH_BLOCK], sum_dy_xhat[BN_GROUP][NASH_BLOCK];

        for (int g = 0; g < groups; g++) {
            bn_load_lanes(mean_f[g], mean, 0.0f, d->c, cb0 + g);
            bn_load_lanes(invstd_f[g], invstd, 0.0f, d->c, cb0 + g);
            bn_load_lanes(gamma_f[g], gamma, 1.0f, d->c, cb0 + g);
            bn_load_lanes(beta_f[g], beta, 0.0f, d->c, cb0 + g);
        }
        bn_sum_pass pass = {.kind = BN_SUM_GRAD, .d = d, .x = x, .dy = dy,
                            .mean = (const float (*)[NASH_BLOCK])mean_f,
                            .invstd = (const float (*)[NASH_BLOCK])invstd_f,
                            .gamma = (const float (*)[NASH_BLOCK])gamma_f,
                            .beta = (const float (*)[NASH_BLOCK])beta_f};
        bn_reduce(&pass, cb0, groups, sum_dy, sum_dy_xhat);

        for (int g = 0; g < groups; g++) {
            int cb = cb0 + g, lanes = bn_lanes(d->c, cb);
            for (int l = 0; l < NASH_BLOCK; l++) {
                scale[g][l] = gamma_f[g][l] * invstd_f[g][l]; /* pad lanes: 0 */
                mean_dy[g][l] = (float)(sum_dy[g][l] / count);
                mean_dy_xhat[g][l] = (float)(sum_dy_xhat[g][l] / count);
                if (l < lanes && dgamma)
                    dgamma[cb * NASH_BLOCK + l] = (float)sum_dy_xhat[g][l];
                if (l < lanes && dbeta)
                    dbeta[cb * NASH_BLOCK + l] = (float)sum_dy[g][l];
            }
        }

        #pragma omp parallel for collapse(2) schedule(static)
        for (int g = 0; g < groups; g++)
            for (int n = 0; n < d->n; n++) {
                int64_t base = ((int64_t)n * cbs + cb0 + g) * hw * NASH_BLOCK;
                const float *xp = x + base, *dyp = dy + base;
                float *dxp = dx + base;
                const bn_dx_lanes q = {mean_f[g], invstd_f[g], gamma_f[g], beta_f[g], scale[g],
                                       mean_dy[g], mean_dy_xhat[g]};
                switch (act) {
                case 0: bn_dx_plane(hw, &q, xp, dyp, dxp, 0); break;
                case 1: bn_dx_plane(hw, &q, xp, dyp, dxp, 1); break;
                default: bn_dx_plane(hw, &q, xp, dyp, dxp, 2); break;
                }
            }
    }
}

/* ------------------------------------------------------------------------- */
/* Variant table.                                                             */

static const nash_bn_impl nash_bn_omp = {
    .name = "omp",
    .isa = 0,
    .forward_train = bn_omp_forward_train,
    .normalise_add = bn_omp_normalise_add,
    .forward_eval = bn_omp_forward_eval,
    .backward = bn_omp_backward,
};
static const nash_bn_impl nash_bn_ref = {
    .name = "ref",
    .isa = 0,
    .forward_train = bn_ref_forward_train,
    .normalise_add = bn_ref_normalise_add,
    .forward_eval = bn_ref_forward_eval,
    .backward = bn_ref_backward,
};

const nash_bn_impl *const nash_bn_impls[] = {&nash_bn_omp, &nash_bn_ref, NULL};

const nash_bn_impl *nash_bn_pick(void)
{
    NASH_PICK(nash_bn_impl, nash_bn_impls, 1);
}
