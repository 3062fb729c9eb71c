/*
 * bench_onednn.c — oneDNN's best convolution, timed as oneDNN users run it
 * (see bench_onednn.h).
 *
 * Owns: one engine + stream for the bench (created on first use), and per
 * bench_onednn object: the primitive descriptor (format_tag_any everywhere),
 * the primitive, its three memories allocated by oneDNN in the formats it
 * chose, its scratchpad (scratchpad mode "user", allocated here once and
 * touched, so no timed call allocates or page-faults), and the reorders from
 * and to plain user arrays (used only outside timing).
 * Backward primitives get the forward-training descriptor of the same
 * algorithm as their hint, as oneDNN requires.
 */
#include "bench_onednn.h"

#include <dnnl.h>
#include <dnnl_debug.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const bench_dir_names[BENCH_DIR_COUNT] = {"fwd", "bwd_data", "bwd_weights"};

struct bench_onednn {
    nash_conv_desc d;
    bench_dir dir;
    dnnl_primitive_desc_t pd;
    dnnl_primitive_t prim;
    /* memories in the primitive's formats: (diff_)src, (diff_)weights, (diff_)dst */
    dnnl_memory_t src, wei, dst, scratchpad;
    void *scratch;             /* the scratchpad's buffer (ours) */
    dnnl_memory_desc_t user_src, user_wei, user_dst; /* plain layouts */
    char impl[128];
    int winograd;
};

static dnnl_engine_t engine;
static dnnl_stream_t stream;
static int engine_state; /* 0 untried, 1 ready, -1 failed */

static int ensure_engine(void)
{
    if (engine_state == 0) {
        engine_state = -1;
        if (dnnl_engine_create(&engine, dnnl_cpu, 0) == dnnl_success) {
            if (dnnl_stream_create(&stream, engine, dnnl_stream_default_flags) == dnnl_success)
                engine_state = 1;
            else
                dnnl_engine_destroy(engine);
        }
    }
    return engine_state == 1 ? 0 : nash_fail("oneDNN: cannot create a CPU engine and stream");
}

#define CHECK(call, what)                                                                   \
    do {                                                                                    \
        dnnl_status_t st_ = (call);                                                         \
        if (st_ != dnnl_success)                                                            \
            return nash_fail("oneDNN %s failed (%s) for %s %s", what, dnnl_status2str(st_), \
                             desc_text, bench_dir_names[b->dir]);                           \
    } while (0)

/* Plain user layouts and the "any" descriptors oneDNN chooses from. */
static int init_descs(bench_onednn *b, dnnl_memory_desc_t *src_any, dnnl_memory_desc_t *wei_any,
                      dnnl_memory_desc_t *dst_any, const char *desc_text)
{
    const nash_conv_desc *d = &b->d;
    const dnnl_dims_t src = {d->n, d->ic, d->ih, d->iw}, dst = {d->n, d->oc, d->oh, d->ow};
    CHECK(dnnl_memory_desc_init_by_tag(&b->user_src, 4, src, dnnl_f32, dnnl_nchw), "memory desc");
    CHECK(dnnl_memory_desc_init_by_tag(&b->user_dst, 4, dst, dnnl_f32, dnnl_nchw), "memory desc");
    CHECK(dnnl_memory_desc_init_by_tag(src_any, 4, src, dnnl_f32, dnnl_format_tag_any), "memory desc");
    CHECK(dnnl_memory_desc_init_by_tag(dst_any, 4, dst, dnnl_f32, dnnl_format_tag_any), "memory desc");
    if (d->groups == 1) {
        const dnnl_dims_t w = {d->oc, d->ic, d->kh, d->kw};
        CHECK(dnnl_memory_desc_init_by_tag(&b->user_wei, 4, w, dnnl_f32, dnnl_oihw), "memory desc");
        CHECK(dnnl_memory_desc_init_by_tag(wei_any, 4, w, dnnl_f32, dnnl_format_tag_any), "memory desc");
    } else { /* the same bytes as nash's (OC, IC/g, KH, KW) */
        const dnnl_dims_t w = {d->groups, d->oc / d->groups, d->ic / d->groups, d->kh, d->kw};
        CHECK(dnnl_memory_desc_init_by_tag(&b->user_wei, 5, w, dnnl_f32, dnnl_goihw), "memory desc");
        CHECK(dnnl_memory_desc_init_by_tag(wei_any, 5, w, dnnl_f32, dnnl_format_tag_any), "memory desc");
    }
    return 0;
}

/* Creates b->pd; the forward-training descriptor of the same algorithm is the
 * hint of the backward ones. */
static int create_pd(bench_onednn *b, int use_auto, const char *desc_text)
{
    dnnl_memory_desc_t src, wei, dst;
    if (init_descs(b, &src, &wei, &dst, desc_text) != 0)
        return -1;
    const nash_conv_desc *d = &b->d;
    const dnnl_dims_t strides = {d->sh, d->sw}, pad = {d->ph, d->pw};
    const dnnl_alg_kind_t alg = use_auto ? dnnl_convolution_auto : dnnl_convolution_direct;
    dnnl_primitive_attr_t attr;
    CHECK(dnnl_primitive_attr_create(&attr), "attribute creation");
    dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user);

    dnnl_convolution_desc_t fwd;
    dnnl_primitive_desc_t hint = NULL;
    dnnl_status_t st = dnnl_convolution_forward_desc_init(&fwd, dnnl_forward_training, alg, &src,
                                                          &wei, NULL, &dst, strides, pad, pad);
    if (st == dnnl_success)
        st = dnnl_primitive_desc_create(b->dir == BENCH_FWD ? &b->pd : &hint, &fwd, attr, engine,
                                        NULL);
    if (st == dnnl_success && b->dir != BENCH_FWD) {
        dnnl_convolution_desc_t bwd;
        if (b->dir == BENCH_BWD_DATA)
            st = dnnl_convolution_backward_data_desc_init(&bwd, alg, &src, &wei, &dst, strides,
                                                          pad, pad);
        else
            st = dnnl_convolution_backward_weights_desc_init(&bwd, alg, &src, &wei, NULL, &dst,
                                                             strides, pad, pad);
        if (st == dnnl_success)
            st = dnnl_primitive_desc_create(&b->pd, &bwd, attr, engine, hint);
    }
    if (hint)
        dnnl_primitive_desc_destroy(hint);
    dnnl_primitive_attr_destroy(attr);
    if (st != dnnl_success) {
        b->pd = NULL;
        return nash_fail("oneDNN has no %s %s convolution for %s (%s)",
                         use_auto ? "auto" : "direct", bench_dir_names[b->dir], desc_text,
                         dnnl_status2str(st));
    }
    return 0;
}

bench_onednn *bench_onednn_create(const nash_conv_desc *d, bench_dir dir, int use_auto)
{
    char desc_text[128];
    nash_conv_desc_str(d, desc_text, sizeof desc_text);
    if (ensure_engine() != 0)
        return NULL;
    bench_onednn *b = calloc(1, sizeof *b);
    if (!b) {
        nash_fail("oneDNN bench: out of memory");
        return NULL;
    }
    b->d = *d;
    b->dir = dir;
    if (create_pd(b, use_auto, desc_text) != 0) {
        free(b);
        return NULL;
    }
    const char *impl = NULL;
    if (dnnl_primitive_desc_query(b->pd, dnnl_query_impl_info_str, 0, &impl) != dnnl_success || !impl)
        impl = "unknown";
    snprintf(b->impl, sizeof b->impl, "%s", impl);
    const dnnl_convolution_desc_t *cd = NULL;
    if (dnnl_primitive_desc_query(b->pd, dnnl_query_convolution_d, 0, &cd) == dnnl_success && cd)
        b->winograd = cd->alg_kind == dnnl_convolution_winograd;
    if (strstr(b->impl, "wino"))
        b->winograd = 1;

    /* memories in the chosen formats (oneDNN allocates them) and our scratchpad */
    const int bwd_d = dir == BENCH_BWD_DATA, bwd_w = dir == BENCH_BWD_WEIGHTS;
    const dnnl_memory_desc_t *src_md = dnnl_primitive_desc_query_md(
        b->pd, bwd_d ? dnnl_query_diff_src_md : dnnl_query_src_md, 0);
    const dnnl_memory_desc_t *wei_md = dnnl_primitive_desc_query_md(
        b->pd, bwd_w ? dnnl_query_diff_weights_md : dnnl_query_weights_md, 0);
    const dnnl_memory_desc_t *dst_md = dnnl_primitive_desc_query_md(
        b->pd, dir == BENCH_FWD ? dnnl_query_dst_md : dnnl_query_diff_dst_md, 0);
    const dnnl_memory_desc_t *sp_md = dnnl_primitive_desc_query_md(b->pd, dnnl_query_scratchpad_md, 0);
    size_t sp_bytes = sp_md ? dnnl_memory_desc_get_size(sp_md) : 0;
    int ok = src_md && wei_md && dst_md &&
             dnnl_memory_create(&b->src, src_md, engine, DNNL_MEMORY_ALLOCATE) == dnnl_success &&
             dnnl_memory_create(&b->wei, wei_md, engine, DNNL_MEMORY_ALLOCATE) == dnnl_success &&
             dnnl_memory_create(&b->dst, dst_md, engine, DNNL_MEMORY_ALLOCATE) == dnnl_success;
    if (ok && sp_bytes) {
        b->scratch = aligned_alloc(64, (sp_bytes + 63) / 64 * 64);
        ok = b->scratch != NULL &&
             dnnl_memory_create(&b->scratchpad, sp_md, engine, b->scratch) == dnnl_success;
        if (ok)
            memset(b->scratch, 0, sp_bytes); /* fault its pages in now, not while timed */
    }
    if (ok)
        ok = dnnl_primitive_create(&b->prim, b->pd) == dnnl_success;
    if (!ok) {
        bench_onednn_free(b);
        nash_fail("oneDNN bench: cannot create the memories or the primitive for %s %s",
                  desc_text, bench_dir_names[dir]);
        return NULL;
    }
    return b;
}

void bench_onednn_free(bench_onednn *b)
{
    if (!b)
        return;
    dnnl_memory_t mems[] = {b->src, b->wei, b->dst, b->scratchpad};
    for (size_t i = 0; i < sizeof mems / sizeof mems[0]; i++)
        if (mems[i])
            dnnl_memory_destroy(mems[i]);
    if (b->prim)
        dnnl_primitive_destroy(b->prim);
    if (b->pd)
        dnnl_primitive_desc_destroy(b->pd);
    free(b->scratch);
    free(b);
}

const char *bench_onednn_impl(const bench_onednn *b) { return b->impl; }
const char *bench_onednn_algorithm(const bench_onednn *b) { return b->winograd ? "winograd" : "direct"; }

/* Reorders between a plain user array and one of the primitive's memories. */
static int reorder(const dnnl_memory_desc_t *user_md, void *user, dnnl_memory_t prim_mem,
                   int to_user)
{
    const dnnl_memory_desc_t *prim_md = NULL;
    if (dnnl_memory_get_memory_desc(prim_mem, &prim_md) != dnnl_success)
        return nash_fail("oneDNN bench: cannot query a memory descriptor");
    dnnl_memory_t user_mem = NULL;
    dnnl_primitive_desc_t rpd = NULL;
    dnnl_primitive_t r = NULL;
    const dnnl_memory_desc_t *from = to_user ? prim_md : user_md, *to = to_user ? user_md : prim_md;
    int ok = dnnl_memory_create(&user_mem, user_md, engine, user) == dnnl_success &&
             dnnl_reorder_primitive_desc_create(&rpd, from, engine, to, engine, NULL) == dnnl_success &&
             dnnl_primitive_create(&r, rpd) == dnnl_success;
    if (ok) {
        dnnl_exec_arg_t args[2] = {{DNNL_ARG_FROM, to_user ? prim_mem : user_mem},
                                   {DNNL_ARG_TO, to_user ? user_mem : prim_mem}};
        ok = dnnl_primitive_execute(r, stream, 2, args) == dnnl_success &&
             dnnl_stream_wait(stream) == dnnl_success;
    }
    if (r)
        dnnl_primitive_destroy(r);
    if (rpd)
        dnnl_primitive_desc_destroy(rpd);
    if (user_mem)
        dnnl_memory_destroy(user_mem);
    return ok ? 0 : nash_fail("oneDNN bench: reorder %s the plain layout failed",
                              to_user ? "to" : "from");
}

int bench_onednn_load(bench_onednn *b, const float *x, const float *w, const float *dy)
{
    const float *need[BENCH_DIR_COUNT][2] = {{x, w}, {w, dy}, {x, dy}};
    static const char *const names[BENCH_DIR_COUNT][2] = {{"x", "w"}, {"w", "dy"}, {"x", "dy"}};
    for (int i = 0; i < 2; i++)
        if (!need[b->dir][i])
            return nash_fail("oneDNN bench: %s needs input %s", bench_dir_names[b->dir],
                             names[b->dir][i]);
    int rc = 0;
    if (b->dir != BENCH_BWD_DATA)
        rc |= reorder(&b->user_src, (void *)x, b->src, 0);
    if (b->dir != BENCH_BWD_WEIGHTS)
        rc |= reorder(&b->user_wei, (void *)w, b->wei, 0);
    if (b->dir != BENCH_FWD)
        rc |= reorder(&b->user_dst, (void *)dy, b->dst, 0);
    return rc ? -1 : 0;
}

int bench_onednn_run(bench_onednn *b)
{
    dnnl_exec_arg_t args[4];
    int n = 0;
    switch (b->dir) {
    case BENCH_FWD:
        args[n++] = (dnnl_exec_arg_t){DNNL_ARG_SRC, b->src};
        args[n++] = (dnnl_exec_arg_t){DNNL_ARG_WEIGHTS, b->wei};
        args[n++] = (dnnl_exec_arg_t){DNNL_ARG_DST, b->dst};
        break;
    case BENCH_BWD_DATA:
        args[n++] = (dnnl_exec_arg_t){DNNL_ARG_DIFF_DST, b->dst};
        args[n++] = (dnnl_exec_arg_t){DNNL_ARG_WEIGHTS, b->wei};
        args[n++] = (dnnl_exec_arg_t){DNNL_ARG_DIFF_SRC, b->src};
        break;
    default:
        args[n++] = (dnnl_exec_arg_t){DNNL_ARG_SRC, b->src};
        args[n++] = (dnnl_exec_arg_t){DNNL_ARG_DIFF_DST, b->dst};
        args[n++] = (dnnl_exec_arg_t){DNNL_ARG_DIFF_WEIGHTS, b->wei};
        break;
    }
    if (b->scratchpad)
        args[n++] = (dnnl_exec_arg_t){DNNL_ARG_SCRATCHPAD, b->scratchpad};
    dnnl_status_t st = dnnl_primitive_execute(b->prim, stream, n, args);
    if (st == dnnl_success)
        st = dnnl_stream_wait(stream);
    return st == dnnl_success ? 0 : nash_fail("oneDNN bench: execute %s failed: %s",
                                              bench_dir_names[b->dir], dnnl_status2str(st));
}

int bench_onednn_result(bench_onednn *b, float *out)
{
    switch (b->dir) {
    case BENCH_FWD:
        return reorder(&b->user_dst, out, b->dst, 1);
    case BENCH_BWD_DATA:
        return reorder(&b->user_src, out, b->src, 1);
    default:
        return reorder(&b->user_wei, out, b->wei, 1);
    }
}
