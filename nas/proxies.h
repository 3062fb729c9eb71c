/*
 * proxies.h — zero-shot (training-free) proxies of nas/, part of the nas/
 * public interface (included by nash_nas.h).
 *
 * Owns: the proxy list, their exact definitions (proxies.c cites the
 * reference code of each; ../shared/research/zero-shot-proxies.md §2 is the
 * summary), the protocol knobs, and scoring one network with any subset of
 * them. Gradient proxies run the network's own backward, so adder layers use
 * AdderNet's rules (HardTanh input gradient, full-precision and adaptively
 * scaled weight gradient) and shift layers DeepShift's STE, exactly as in
 * training.
 *
 * Orientation: every score is stored so that HIGHER = BETTER predicted
 * accuracy (the sign is fixed here, before any study, and written into the
 * protocol). A proxy that cannot be computed for a network (NaN/Inf on the
 * way, a degenerate correlation matrix) scores NaN, which callers record as
 * missing — never as 0.
 */
#ifndef NASH_PROXIES_H
#define NASH_PROXIES_H

#include <stdint.h>
#include <stdio.h>

#include "nash_runtime.h"

typedef enum nash_proxy {
    NASH_PROXY_PARAMS = 0, /* trainable parameters, millions (conv/linear/BN affine) */
    NASH_PROXY_FLOPS,      /* NB201 "FLOPs": MACs of convs + classifier (+ its bias), millions */
    NASH_PROXY_HFLOPS,     /* hybrid-equivalent FLOPs, NASA: adder MACs / 5, shift MACs / 8 */
    NASH_PROXY_HFLOPS_F,   /* hybrid-equivalent FLOPs, NASA-F: adder and shift MACs / 1.88 */
    NASH_PROXY_SYNFLOW,    /* ln of sum |theta * dR/dtheta|, BN bypassed, |theta|, ones input */
    NASH_PROXY_SNIP,       /* sum |theta * dL/dtheta| */
    NASH_PROXY_GRAD_NORM,  /* sum over layers of ||dL/dW_l||_2 */
    NASH_PROXY_GRASP,      /* sum -theta * (H g), H g by central differences of gradients */
    NASH_PROXY_FISHER,     /* sum over conv/linear outputs of 1/2 mean_n (sum_hw z dz)^2 */
    NASH_PROXY_JACOB_COV,  /* -sum log(l+k) + 1/(l+k) over eigenvalues of corr(input Jacobian) */
    NASH_PROXY_NWOT,       /* ln|det K_H|, K_H = sum over ReLUs of matching binary codes */
    NASH_PROXY_ZEN,        /* Zen-score: ln E|f(x) - f(x + a e)| + sum ln sqrt(mean BN var) */
    NASH_PROXY_ZICO,       /* sum over layers of ln sum mean|g| / std(g) over 2 batches */
    NASH_PROXY_MECO,       /* sum over feature maps of lambda_min(channel correlation), 1 sample */
    NASH_PROXY_SWAP,       /* distinct per-neuron sign patterns of post-ReLU activations */
    NASH_PROXY_NN_DEGREE,  /* FLASH-style topology metric (definition in proxies.c) */
    NASH_PROXY_HYBRID,     /* ours: NASWOT + ZiCo on raw gradients, both per-layer scale-free */
    NASH_PROXY_HYBRID_DEGREE, /* ours: mean of NN-Degree with and without the adder edges */
    NASH_PROXY_COUNT
} nash_proxy;
extern const char *const nash_proxy_names[NASH_PROXY_COUNT];

/* "params, flops, ..." (no newline). */
void nash_proxy_print_names(FILE *f);

/* NASH_PROXY_* of `name`, or -1 with a message listing the names. */
int nash_proxy_from_name(const char *name);

/* A batch of real data for the data-driven proxies: normalised images in
 * plain NCHW float and their labels. Gradient proxies use images
 * [0, batch); ZiCo also [batch, 2 batch); NASWOT [0, nwot_batch). */
typedef struct nash_proxy_data {
    int n, c, h, w, classes;
    const float *images;
    const int32_t *labels;
} nash_proxy_data;

typedef struct nash_proxy_config {
    int batch;        /* minibatch of the gradient proxies (64, Abdelfattah et al.) */
    int nwot_batch;   /* NASWOT minibatch (128, Mellor et al.) */
    int zen_batch;    /* Zen-score Gaussian batch (16) */
    int zen_repeats;  /* Zen-score repeats averaged (32 in ZenNAS) */
    uint64_t seed;    /* weight initialisation and the proxies' own noise */
    int keep_params;  /* 1: the network is already compiled and holds the parameters to
                       * score (a trained net, a test fixture); no init, no compile */
    int no_skip_plan; /* 1: run every node, even those NB201's `none` edges make zero or
                       * unread (the skip plan of runtime/net_plan.c; for checking it) */
} nash_proxy_config;

/* Defaults: batch 64, nwot_batch 128, zen_batch 16, zen_repeats 32, seed 1. */
nash_proxy_config nash_proxy_config_default(void);

/* Images a data set must hold for `cfg` and the proxies asked for. */
int nash_proxy_data_needed(const nash_proxy_config *cfg, const int *proxies, int n_proxies);

/* NB201-definition FLOPs in millions (conv and linear MACs + linear bias), adder
 * MACs divided by adder_div and shift MACs by shift_div (1,1: flops; 5,8:
 * hflops; 1.88,1.88: hflops_f). Works on a built network before compile — the
 * cheap constraint check of `nash search`. */
double nash_proxy_flops(nash_net *net, double adder_div, double shift_div);

/* Scores one network with n_proxies proxies. Unless cfg->keep_params, `net`
 * must be built and not yet compiled: this compiles it (at the largest batch needed, with the input
 * gradient when jacob_cov is asked), initialises it once from cfg->seed
 * (PyTorch default init, as the references) and restores that initial state
 * before every proxy, so all proxies see the same network. scores[i] gets
 * proxy proxies[i] (NaN when it cannot be computed). Returns 0, or -1 with a
 * message when the network cannot be prepared (memory, bad data shape). */
int nash_proxies_score(nash_net *net, const nash_proxy_config *cfg, const nash_proxy_data *data,
                       const int *proxies, int n_proxies, double *scores);

#endif /* NASH_PROXIES_H */
