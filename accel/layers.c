/*
 * layers.c — the accelerator's view of a built network: its list of modelled
 * layers in Eyeriss notation (H, W, C, R, S, M, E, F, stride, groups).
 *
 * Owns: which runtime nodes become layers and how (below), the chunk of a
 * layer, its op count and shape checks. Does not own: the network (runtime/,
 * read only through its public accessors), costs (cost_model.c).
 *
 *   runtime node                  layer
 *   conv / shift / shiftps /      kind conv / shift / shift / adder; groups as
 *   adder convolution             built (depthwise: G = C, one layer, see accel.h)
 *   avgpool, maxpool (k, s)       kind pool, G = C single-channel k x k windows
 *   global average pool           kind pool, R x S = the whole H x W map, E = F = 1
 *   linear                        kind fc: a 1x1 layer on a 1x1 map (C -> M)
 *   BN, act, add, scale (NB201    not modelled: no MACs; NASA-F's and HW-NAS-Bench's
 *   `none`), dropout, option-A    estimators ignore them too
 *   shortcut
 *
 * MBConv blocks need no special case: their 1x1 expansion, depthwise k x k,
 * SE 1x1 layers (when a space builds them) and 1x1 projection are separate
 * conv nodes and come out as separate layers. NASA-F instead drops the
 * expansion when e = 1 and omits stem and head; we model what the network
 * actually computes.
 */
#include "accel.h"

#include <stdlib.h>
#include <string.h>

#include "nash_kernels.h"

const char *const nash_accel_kind_names[NASH_ACCEL_KIND_COUNT] = {"conv", "shift", "adder", "pool",
                                                                  "fc"};
_Static_assert(sizeof nash_accel_kind_names / sizeof *nash_accel_kind_names ==
                   NASH_ACCEL_KIND_COUNT, "kind names");

nash_accel_chunk nash_accel_layer_chunk(const nash_accel_layer *L)
{
    switch (L->kind) {
    case NASH_ACCEL_KIND_SHIFT:
        return NASH_ACCEL_CHUNK_SHIFT;
    case NASH_ACCEL_KIND_ADDER:
        return NASH_ACCEL_CHUNK_ADDER;
    default:
        return NASH_ACCEL_CHUNK_CONV;
    }
}

int64_t nash_accel_layer_ops(const nash_accel_layer *L)
{
    int64_t g = L->groups;
    return g * (L->M / g) * (L->C / g) * (int64_t)L->R * L->S * L->E * L->F;
}

int nash_accel_layer_check(const nash_accel_layer *L)
{
    if (L->H < 1 || L->W < 1 || L->C < 1 || L->R < 1 || L->S < 1 || L->M < 1 || L->E < 1 ||
        L->F < 1 || L->stride < 1 || L->groups < 1 || L->pad < 0)
        return nash_fail("layer %s: every size must be positive (H %d W %d C %d R %d S %d M %d E %d "
                         "F %d stride %d groups %d pad %d)",
                         L->name, L->H, L->W, L->C, L->R, L->S, L->M, L->E, L->F, L->stride,
                         L->groups, L->pad);
    if (L->C % L->groups || L->M % L->groups)
        return nash_fail("layer %s: C %d and M %d must be multiples of groups %d", L->name, L->C,
                         L->M, L->groups);
    if ((int)L->kind < 0 || L->kind >= NASH_ACCEL_KIND_COUNT)
        return nash_fail("layer %s: bad kind %d", L->name, (int)L->kind);
    /* The output size must follow from the window (NB201/NASA pads 'same'). */
    int e = (L->H + 2 * L->pad - L->R) / L->stride + 1;
    int f = (L->W + 2 * L->pad - L->S) / L->stride + 1;
    if (e != L->E || f != L->F)
        return nash_fail("layer %s: output %dx%d does not follow from input %dx%d, window %dx%d, "
                         "stride %d, pad %d (expected %dx%d)",
                         L->name, L->E, L->F, L->H, L->W, L->R, L->S, L->stride, L->pad, e, f);
    return 0;
}

static nash_accel_kind kind_of_op(nash_op op)
{
    switch (op) {
    case NASH_OP_SHIFT_Q:
    case NASH_OP_SHIFT_PS:
        return NASH_ACCEL_KIND_SHIFT;
    case NASH_OP_ADDER:
        return NASH_ACCEL_KIND_ADDER;
    default:
        return NASH_ACCEL_KIND_CONV;
    }
}

/* Fills *L from node i; returns 1 (a layer), 0 (not modelled) or -1. */
static int layer_of_node(const nash_net *net, int i, nash_accel_layer *L)
{
    nash_node_kind kind = nash_net_node_kind(net, i);
    if (kind != NASH_NODE_CONV && kind != NASH_NODE_AVGPOOL && kind != NASH_NODE_MAXPOOL &&
        kind != NASH_NODE_GAP && kind != NASH_NODE_LINEAR)
        return 0;
    int in[2];
    if (nash_net_node_inputs(net, i, in) < 1)
        return nash_fail("node %d (%s) has no input", i, nash_node_kind_names[kind]);
    nash_shape x = nash_net_node_shape(net, in[0]), y = nash_net_node_shape(net, i);
    memset(L, 0, sizeof *L);
    L->node = i;
    L->H = x.h, L->W = x.w, L->C = x.c;
    L->M = y.c, L->E = y.h, L->F = y.w;
    L->stride = 1, L->groups = 1;
    const char *type = "";
    if (kind == NASH_NODE_CONV || kind == NASH_NODE_AVGPOOL || kind == NASH_NODE_MAXPOOL) {
        nash_node_window w;
        if (nash_net_node_window(net, i, &w) != 0)
            return -1;
        L->R = L->S = w.k;
        L->stride = w.stride, L->pad = w.pad;
        if (kind == NASH_NODE_CONV) {
            L->kind = kind_of_op(nash_net_node_op(net, i));
            L->groups = w.groups;
            L->depthwise = w.groups > 1 && w.groups == L->C;
            type = L->depthwise ? "dw" : nash_accel_kind_names[L->kind];
        } else {
            L->kind = NASH_ACCEL_KIND_POOL;
            L->groups = L->C; /* one single-channel window per channel */
            type = kind == NASH_NODE_AVGPOOL ? "avgpool" : "maxpool";
        }
    } else if (kind == NASH_NODE_GAP) {
        L->kind = NASH_ACCEL_KIND_POOL;
        L->R = L->H, L->S = L->W;
        L->groups = L->C;
        type = "gap";
    } else { /* linear: flatten whatever comes in */
        L->kind = NASH_ACCEL_KIND_LINEAR;
        L->C = x.flat ? x.c : x.c * x.h * x.w;
        L->H = L->W = L->E = L->F = L->R = L->S = 1;
        L->M = y.c;
        type = "fc";
    }
    snprintf(L->name, sizeof L->name, "n%d.%s", i, type);
    if (nash_accel_layer_check(L) != 0)
        return -1;
    return 1;
}

int nash_accel_extract(const nash_net *net, nash_accel_layer **layers, int *n)
{
    *layers = NULL;
    *n = 0;
    int nodes = nash_net_node_count(net);
    nash_accel_layer *list = malloc(sizeof *list * (size_t)(nodes > 0 ? nodes : 1));
    if (!list)
        return nash_fail("nash_accel_extract: out of memory for %d layers", nodes);
    int count = 0;
    for (int i = 0; i < nodes; i++) {
        int rc = layer_of_node(net, i, &list[count]);
        if (rc < 0) {
            free(list);
            return -1;
        }
        count += rc;
    }
    *layers = list;
    *n = count;
    return 0;
}
