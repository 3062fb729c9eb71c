/*
 * layout.c — conversions between plain NCHW and nash's blocked nChw16c layout.
 *
 * Owns: nash_nchw_to_blocked / nash_blocked_to_nchw (used by loaders, tests
 * and the oneDNN boundary). The layout itself is defined in nash_kernels.h.
 */
#include "nash_kernels.h"

#include <string.h>

void nash_nchw_to_blocked(int n, int c, int h, int w, const float *src, float *dst)
{
    int64_t cb = nash_cblocks(c), hw = (int64_t)h * w;
    #pragma omp parallel for collapse(2) schedule(static)
    for (int64_t in = 0; in < n; in++)
        for (int64_t b = 0; b < cb; b++) {
            float *out = dst + (in * cb + b) * hw * NASH_BLOCK;
            memset(out, 0, sizeof(float) * hw * NASH_BLOCK);
            for (int64_t lane = 0; lane < NASH_BLOCK && b * NASH_BLOCK + lane < c; lane++) {
                const float *plane = src + (in * c + b * NASH_BLOCK + lane) * hw;
                for (int64_t i = 0; i < hw; i++)
                    out[i * NASH_BLOCK + lane] = plane[i];
            }
        }
}

void nash_blocked_to_nchw(int n, int c, int h, int w, const float *src, float *dst)
{
    int64_t cb = nash_cblocks(c), hw = (int64_t)h * w;
    #pragma omp parallel for collapse(2) schedule(static)
    for (int64_t in = 0; in < n; in++)
        for (int64_t ch = 0; ch < c; ch++) {
            const float *blk = src + (in * cb + ch / NASH_BLOCK) * hw * NASH_BLOCK + ch % NASH_BLOCK;
            float *plane = dst + (in * c + ch) * hw;
            for (int64_t i = 0; i < hw; i++)
                plane[i] = blk[i * NASH_BLOCK];
        }
}
