/*
 * nb201.h — helpers of the NAS-Bench-201 spaces (nb201.c) for code that needs
 * more than a canonical string: the op codes of a cell's six edges, the op
 * names, and NB201's own FLOPs count of a built network.
 *
 * Owns: the op-code numbering of `nb201` (the official one) and `hb201` (ours).
 * Does not own: the grammar and the builder (nb201.c), the space interface
 * (space.h / nash_nas.h).
 */
#ifndef NASH_NB201_H
#define NASH_NB201_H

#include <stdint.h>

#include "nash_nas.h"

/* Edges in string order: 0->1, 0->2, 1->2, 0->3, 1->3, 2->3. */
#define NASH_NB201_EDGES 6
/* 5 official ops (5^6 = 15,625 cells) and 9 hybrid ops (9^6 = 531,441 cells). */
#define NASH_NB201_OPS 5
#define NASH_HB201_OPS 9

/* Official order (the `ops` column of nb201_accuracy.csv): none=0, skip_connect=1,
 * nor_conv_1x1=2, nor_conv_3x3=3, avg_pool_3x3=4. */
extern const char *const nash_nb201_op_names[NASH_NB201_OPS];
/* none=0, skip_connect=1, nor_conv_1x1=2, nor_conv_3x3=3, shift_conv_1x1=4,
 * shift_conv_3x3=5, adder_conv_1x1=6, adder_conv_3x3=7, avg_pool_3x3=8. */
extern const char *const nash_hb201_op_names[NASH_HB201_OPS];

/* Parses an nb201 (resp. hb201) string into the op code of each edge.
 * 0, or -1 with a message naming the column. */
int nash_nb201_ops(const char *arch, int ops[NASH_NB201_EDGES]);
int nash_hb201_ops(const char *arch, int ops[NASH_NB201_EDGES]);

/* NB201's "FLOPs" of one image through a built network: multiply-accumulates of
 * every convolution and linear layer plus one per linear bias (pooling, BN,
 * ReLU, adds and x*0 count nothing) — the `flops_*` columns of
 * nb201_accuracy.csv, in units of 1 (the file is in millions). */
int64_t nash_nb201_flops(nash_net *net);

#endif /* NASH_NB201_H */
