/*
 * weight_tiles.h — internal to kernels/: the 16x16 weight tiles that the
 * blocked adder kernels (adder_omp.c, adder_avx2.c) reorder OIHW weights into.
 *
 * Owns: the two tile orders and the reorder, written once.
 *   forward / weight gradient: [OCB][ICB][KH][KW][16 ic][16 oc]
 *   data gradient:             [ICB][OCB][KH][KW][16 oc][16 ic]
 *   depthwise:                 [CB][KH][KW][16]
 * Tiles are zero where o >= OC or c >= IC, so kernels may run over whole blocks.
 */
#ifndef NASH_WEIGHT_TILES_H
#define NASH_WEIGHT_TILES_H

#include "nash_kernels.h"

/* Offset (floats) of tile (ocb, icb, i, j) in the forward order. */
static inline int64_t nash_tile_oi(const nash_conv_desc *d, int ocb, int icb, int i, int j)
{
    return (((int64_t)(ocb * nash_cblocks(d->ic) + icb) * d->kh + i) * d->kw + j) * NASH_BLOCK *
           NASH_BLOCK;
}
/* Offset (floats) of tile (icb, ocb, i, j) in the data-gradient order. */
static inline int64_t nash_tile_io(const nash_conv_desc *d, int icb, int ocb, int i, int j)
{
    return (((int64_t)(icb * nash_cblocks(d->oc) + ocb) * d->kh + i) * d->kw + j) * NASH_BLOCK *
           NASH_BLOCK;
}

/* Fills the tiles from OIHW weights; transposed = 0: forward order, 1: data-gradient order.
 * Called inside a parallel region (an orphaned `omp for` shares the work). */
void nash_reorder_weight_tiles(const nash_conv_desc *d, const float *w, float *tiles,
                               int transposed);

/* Offset (floats) of depthwise tap (cb, i, j) in [CB][KH][KW][16]. */
static inline int64_t nash_dw_tap(const nash_conv_desc *d, int cb, int i, int j)
{
    return (((int64_t)cb * d->kh + i) * d->kw + j) * NASH_BLOCK;
}

/* Depthwise weights w[c][0][i][j] -> [CB][KH][KW][16], zero past IC.
 * Called inside a parallel region (an orphaned `omp for`, with its barrier). */
void nash_reorder_depthwise_taps(const nash_conv_desc *d, const float *w, float *wd);

#endif
