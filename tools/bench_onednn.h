/*
 * bench_onednn.h — oneDNN's own best convolution for one shape and direction,
 * driven directly through its C API, as the yardstick of `nash bench kernels`.
 *
 * Owns: creating the primitive with format_tag_any for src, weights and dst
 * (oneDNN picks its favourite layouts: on AVX2 nChw8c + jit:avx2, on AVX-512
 * nChw16c), either convolution_direct or convolution_auto (oneDNN may choose
 * Winograd), its memories and its scratchpad (allocated once, before any
 * timing); loading inputs from plain NCHW / OIHW arrays and reading the
 * result back (reorders, never timed); running it once (execute + wait).
 * Does not own: nash's own oneDNN variant (kernels/conv_onednn.c, which is
 * tied to nash's nChw16c layout), timing loops and reports (bench_kernels.c).
 */
#ifndef NASH_BENCH_ONEDNN_H
#define NASH_BENCH_ONEDNN_H

#include "nash_kernels.h"

typedef enum bench_dir {
    BENCH_FWD = 0,      /* x, w -> y */
    BENCH_BWD_DATA,     /* dy, w -> dx */
    BENCH_BWD_WEIGHTS,  /* x, dy -> dw */
    BENCH_DIR_COUNT
} bench_dir;
extern const char *const bench_dir_names[BENCH_DIR_COUNT]; /* "fwd", "bwd_data", "bwd_weights" */

typedef struct bench_onednn bench_onednn;

/* oneDNN's convolution (no bias) for d and dir; use_auto: convolution_auto
 * instead of convolution_direct. NULL with a message when oneDNN has no
 * implementation or cannot allocate. */
bench_onednn *bench_onednn_create(const nash_conv_desc *d, bench_dir dir, int use_auto);
void bench_onednn_free(bench_onednn *b);

/* The implementation oneDNN chose (impl_info_str, e.g. "jit:avx2"). */
const char *bench_onednn_impl(const bench_onednn *b);
/* The algorithm it runs: "direct" or "winograd". */
const char *bench_onednn_algorithm(const bench_onednn *b);

/* Loads the inputs of the direction from plain arrays: x (N,IC,IH,IW) NCHW,
 * w (OC,IC/g,KH,KW), dy (N,OC,OH,OW) NCHW; the ones the direction does not
 * read may be NULL (fwd: x, w; bwd_data: w, dy; bwd_weights: x, dy). 0 or -1. */
int bench_onednn_load(bench_onednn *b, const float *x, const float *w, const float *dy);
/* Runs the primitive once and waits for it. 0 or -1. */
int bench_onednn_run(bench_onednn *b);
/* Copies the result out in plain layout: y or dx as NCHW, dw as (OC,IC/g,KH,KW). 0 or -1. */
int bench_onednn_result(bench_onednn *b, float *out);

#endif
