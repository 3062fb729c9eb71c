/*
 * weight_tiles.c — the OIHW -> 16x16-tile weight reorder shared by the blocked
 * adder kernels, dense and depthwise (see weight_tiles.h).
 */
#include "weight_tiles.h"

void nash_reorder_weight_tiles(const nash_conv_desc *d, const float *w, float *tiles,
                               int transposed)
{
    const int B = NASH_BLOCK;
    const int ocbs = (int)nash_cblocks(d->oc), icbs = (int)nash_cblocks(d->ic);
    #pragma omp for collapse(2) schedule(static)
    for (int ocb = 0; ocb < ocbs; ocb++)
        for (int icb = 0; icb < icbs; icb++)
            for (int i = 0; i < d->kh; i++)
                for (int j = 0; j < d->kw; j++) {
                    float *t = tiles + (transposed ? nash_tile_io(d, icb, ocb, i, j)
                                                   : nash_tile_oi(d, ocb, icb, i, j));
                    for (int icl = 0; icl < B; icl++)
                        for (int ocl = 0; ocl < B; ocl++) {
                            int o = ocb * B + ocl, c = icb * B + icl;
                            float v = o < d->oc && c < d->ic
                                          ? w[(((int64_t)o * d->ic + c) * d->kh + i) * d->kw + j]
                                          : 0.0f;
                            t[transposed ? ocl * B + icl : icl * B + ocl] = v;
                        }
                }
}

void nash_reorder_depthwise_taps(const nash_conv_desc *d, const float *w, float *wd)
{
    const int B = NASH_BLOCK;
    const int cbs = (int)nash_cblocks(d->ic);
    #pragma omp for schedule(static)
    for (int cb = 0; cb < cbs; cb++)
        for (int i = 0; i < d->kh; i++)
            for (int j = 0; j < d->kw; j++)
                for (int l = 0; l < B; l++) {
                    int ch = cb * B + l;
                    wd[nash_dw_tap(d, cb, i, j) + l] =
                        ch < d->ic ? w[((int64_t)ch * d->kh + i) * d->kw + j] : 0.0f;
                }
}
