/*
 * test_accel_util.h — a layer descriptor built by hand, shared by the accel
 * tests (test_accel.c, test_accel_search.c).
 */
#ifndef NASH_TEST_ACCEL_UTIL_H
#define NASH_TEST_ACCEL_UTIL_H

#include <stdio.h>
#include <string.h>

#include "accel.h"

/* A square layer: H x H x C in, R x R window, M out, E = F from stride/pad. */
static inline nash_accel_layer make_layer(nash_accel_kind kind, int H, int C, int R, int M,
                                          int stride, int pad, int groups)
{
    nash_accel_layer L;
    memset(&L, 0, sizeof L);
    snprintf(L.name, sizeof L.name, "t.%s", nash_accel_kind_names[kind]);
    L.node = -1;
    L.kind = kind;
    L.H = L.W = H;
    L.C = C, L.M = M;
    L.R = L.S = R;
    L.stride = stride, L.pad = pad, L.groups = groups;
    L.depthwise = groups > 1 && groups == C;
    L.E = L.F = (H + 2 * pad - R) / stride + 1;
    return L;
}

#endif
