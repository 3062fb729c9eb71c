/*
 * conv_onednn.c — conv2d "onednn": conv2d computed by oneDNN 2.6 (C API).
 *
 * Owns: the variant nash_conv_onednn, one global oneDNN CPU engine + stream,
 * and a cache of created primitives keyed by the descriptor (64 entries,
 * the least recently used evicted).
 * Does not own: threads (oneDNN runs on the same OpenMP runtime as nash).
 *
 * Boundary: nash activations ARE oneDNN's aBcd16b (nChw16c) memory with the
 * true channel count as logical dim, so they are passed without a reorder;
 * a case where oneDNN would want another activation format is declared
 * unsupported instead. nash's OIHW weights (goihw with dims {G, OC/G, IC/G,
 * KH, KW} for groups > 1, the same bytes) are reordered into the format the
 * primitive chose (format_tag_any) in the caller's scratch on every call —
 * weights change every training step. oneDNN's own scratchpad also lives in
 * the caller's scratch (scratchpad mode "user"), so oneDNN never allocates
 * during a call. Only direct convolution: Winograd / auto is a later choice.
 *
 * Note: oneDNN zero-fills the pad lanes of every padded memory whose handle
 * is set, inputs included. Those lanes are zero already (layout invariant),
 * so this rewrites zeros with zeros.
 *
 * Cases where oneDNN has only its reference implementation ("ref:any": every
 * nChw16c conv on a CPU without AVX-512, perhaps some grouped convs) are declined so
 * the omp variant runs them faster — unless NASH_KERNEL=onednn (or
 * nash_kernel_force("onednn")) asks for oneDNN by name; tests use that.
 *
 * unsupported() creates every primitive descriptor this variant could need
 * for d (forward with and without bias, backward data, backward weights with
 * and without bias), so a kernel call cannot meet a case oneDNN refuses; a
 * oneDNN call failing inside a kernel anyway prints one line and aborts.
 */
#include "nash_kernels.h"

#include <dnnl.h>
#include <dnnl_debug.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SIZE 64

typedef enum {
    DIR_FORWARD,
    DIR_FORWARD_BIAS,
    DIR_BACKWARD_DATA,
    DIR_BACKWARD_WEIGHTS,
    DIR_BACKWARD_WEIGHTS_BIAS,
    DIR_COUNT
} direction;

/* Everything one direction of one descriptor needs to run. Memory objects
 * are created without buffers; each call binds the user's pointers. */
typedef struct prepared {
    dnnl_primitive_desc_t pd;
    dnnl_primitive_t prim;            /* created at the first call (JIT is the slow part) */
    dnnl_primitive_desc_t reorder_pd; /* weights user <-> primitive format; NULL if equal */
    dnnl_primitive_t reorder;
    dnnl_memory_t x_side, y_side;     /* (diff_)src and (diff_)dst: nash's activations */
    dnnl_memory_t w_user, w_prim;     /* w_prim only with a reorder */
    dnnl_memory_t bias;               /* bias or diff_bias, or NULL */
    dnnl_memory_t scratchpad, reorder_scratchpad; /* NULL when not needed */
    size_t w_prim_bytes;              /* scratch used by reordered weights (64-aligned) */
    size_t scratchpad_bytes;          /* max of the conv and reorder scratchpads */
} prepared;

typedef struct cache_entry {
    int used;
    nash_conv_desc d;
    const char *reason; /* NULL: supported, every dir prepared */
    int only_reference; /* some direction would run oneDNN's reference code */
    prepared dir[DIR_COUNT];
    unsigned long last_use;
} cache_entry;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static dnnl_engine_t engine;
static dnnl_stream_t stream;
static int engine_state; /* 0 untried, 1 ready, -1 failed */
static cache_entry cache[CACHE_SIZE];
static unsigned long use_clock;

/* For calls inside kernels, which cannot return an error. */
static void die(const char *call, dnnl_status_t status)
{
    fprintf(stderr, "nash: error: oneDNN %s failed: %s\n", call, dnnl_status2str(status));
    abort();
}
#define DNNL_OR_DIE(fn, args)                    \
    do {                                         \
        dnnl_status_t status_ = fn args;         \
        if (status_ != dnnl_success)             \
            die(#fn, status_);                   \
    } while (0)

static size_t align64(size_t bytes) { return (bytes + 63) / 64 * 64; }

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
    return engine_state == 1;
}

/* ------------------------------------------------------------------------- */
/* Building one entry                                                         */

typedef struct mds {
    dnnl_memory_desc_t src, dst, w_any, w_user, bias;
    dnnl_dims_t strides, pad_l, pad_r;
} mds;

static int init_mds(const nash_conv_desc *d, mds *m)
{
    const dnnl_dims_t src = {d->n, d->ic, d->ih, d->iw}, dst = {d->n, d->oc, d->oh, d->ow};
    const dnnl_dims_t bias = {d->oc};
    int ok = dnnl_memory_desc_init_by_tag(&m->src, 4, src, dnnl_f32, dnnl_aBcd16b) == dnnl_success &&
             dnnl_memory_desc_init_by_tag(&m->dst, 4, dst, dnnl_f32, dnnl_aBcd16b) == dnnl_success &&
             dnnl_memory_desc_init_by_tag(&m->bias, 1, bias, dnnl_f32, dnnl_x) == dnnl_success;
    if (d->groups == 1) {
        const dnnl_dims_t w = {d->oc, d->ic, d->kh, d->kw};
        ok = ok &&
             dnnl_memory_desc_init_by_tag(&m->w_any, 4, w, dnnl_f32, dnnl_format_tag_any) == dnnl_success &&
             dnnl_memory_desc_init_by_tag(&m->w_user, 4, w, dnnl_f32, dnnl_oihw) == dnnl_success;
    } else {
        const dnnl_dims_t w = {d->groups, d->oc / d->groups, d->ic / d->groups, d->kh, d->kw};
        ok = ok &&
             dnnl_memory_desc_init_by_tag(&m->w_any, 5, w, dnnl_f32, dnnl_format_tag_any) == dnnl_success &&
             dnnl_memory_desc_init_by_tag(&m->w_user, 5, w, dnnl_f32, dnnl_goihw) == dnnl_success;
    }
    m->strides[0] = d->sh;
    m->strides[1] = d->sw;
    m->pad_l[0] = m->pad_r[0] = d->ph;
    m->pad_l[1] = m->pad_r[1] = d->pw;
    return ok;
}

static void release(prepared *p)
{
    dnnl_memory_t *mems[] = {&p->x_side, &p->y_side, &p->w_user, &p->w_prim,
                             &p->bias, &p->scratchpad, &p->reorder_scratchpad};
    for (size_t i = 0; i < sizeof mems / sizeof mems[0]; i++)
        if (*mems[i])
            dnnl_memory_destroy(*mems[i]);
    if (p->prim)
        dnnl_primitive_destroy(p->prim);
    if (p->reorder)
        dnnl_primitive_destroy(p->reorder);
    if (p->pd)
        dnnl_primitive_desc_destroy(p->pd);
    if (p->reorder_pd)
        dnnl_primitive_desc_destroy(p->reorder_pd);
    memset(p, 0, sizeof *p);
}

static void release_entry(cache_entry *e)
{
    for (int i = 0; i < DIR_COUNT; i++)
        release(&e->dir[i]);
    memset(e, 0, sizeof *e);
}

static int memory_none(dnnl_memory_t *mem, const dnnl_memory_desc_t *md)
{
    return dnnl_memory_create(mem, md, engine, DNNL_MEMORY_NONE) == dnnl_success;
}

/* Creates the primitive descriptor of one direction and every memory object it
 * needs. Returns NULL or the reason this direction is not supported; sets
 * *is_reference when oneDNN chose its reference implementation ("ref:any"). */
static const char *prepare(const mds *m, direction dir,
                           const_dnnl_primitive_desc_t hint, prepared *p, int *is_reference)
{
    const int with_bias = dir == DIR_FORWARD_BIAS || dir == DIR_BACKWARD_WEIGHTS_BIAS;
    dnnl_convolution_desc_t cd;
    dnnl_status_t st;
    if (dir == DIR_FORWARD || dir == DIR_FORWARD_BIAS) /* x, w, [bias] -> y */
        st = dnnl_convolution_forward_desc_init(&cd, dnnl_forward_training, dnnl_convolution_direct,
                                                &m->src, &m->w_any, with_bias ? &m->bias : NULL,
                                                &m->dst, m->strides, m->pad_l, m->pad_r);
    else if (dir == DIR_BACKWARD_DATA) /* dy, w -> dx */
        st = dnnl_convolution_backward_data_desc_init(&cd, dnnl_convolution_direct, &m->src, &m->w_any,
                                                      &m->dst, m->strides, m->pad_l, m->pad_r);
    else /* x, dy -> dw, [dbias] */
        st = dnnl_convolution_backward_weights_desc_init(&cd, dnnl_convolution_direct, &m->src,
                                                         &m->w_any, with_bias ? &m->bias : NULL,
                                                         &m->dst, m->strides, m->pad_l, m->pad_r);
    if (st != dnnl_success)
        return "oneDNN rejects the convolution descriptor";

    dnnl_primitive_attr_t attr;
    if (dnnl_primitive_attr_create(&attr) != dnnl_success)
        return "oneDNN cannot create primitive attributes";
    dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user);
    st = dnnl_primitive_desc_create(&p->pd, &cd, attr, engine, hint);
    if (st != dnnl_success) {
        dnnl_primitive_attr_destroy(attr);
        p->pd = NULL;
        if (dir == DIR_BACKWARD_DATA)
            return "oneDNN has no backward-data convolution for this case";
        if (dir >= DIR_BACKWARD_WEIGHTS)
            return "oneDNN has no backward-weights convolution for this case";
        return "oneDNN has no forward convolution for this case";
    }

    /* Activations must be exactly nash's buffers: no activation reorders. */
    const int forward = dir == DIR_FORWARD || dir == DIR_FORWARD_BIAS;
    const dnnl_memory_desc_t *x_md = dnnl_primitive_desc_query_md(
        p->pd, dir == DIR_BACKWARD_DATA ? dnnl_query_diff_src_md : dnnl_query_src_md, 0);
    const dnnl_memory_desc_t *y_md =
        dnnl_primitive_desc_query_md(p->pd, forward ? dnnl_query_dst_md : dnnl_query_diff_dst_md, 0);
    if (!x_md || !y_md || !dnnl_memory_desc_equal(x_md, &m->src) ||
        !dnnl_memory_desc_equal(y_md, &m->dst)) {
        dnnl_primitive_attr_destroy(attr);
        return "oneDNN wants an activation format other than nChw16c";
    }

    const char *impl = NULL;
    if (dnnl_primitive_desc_query(p->pd, dnnl_query_impl_info_str, 0, &impl) == dnnl_success && impl)
        *is_reference = strncmp(impl, "ref", 3) == 0;

    const dnnl_memory_desc_t *w_md = dnnl_primitive_desc_query_md(
        p->pd, dir >= DIR_BACKWARD_WEIGHTS ? dnnl_query_diff_weights_md : dnnl_query_weights_md, 0);
    const dnnl_memory_desc_t *sp_md = dnnl_primitive_desc_query_md(p->pd, dnnl_query_scratchpad_md, 0);
    int ok = w_md && sp_md && memory_none(&p->x_side, x_md) && memory_none(&p->y_side, y_md) &&
             memory_none(&p->w_user, &m->w_user);
    if (ok && with_bias)
        ok = memory_none(&p->bias, &m->bias);
    size_t sp_bytes = ok ? dnnl_memory_desc_get_size(sp_md) : 0;
    if (ok && sp_bytes)
        ok = memory_none(&p->scratchpad, sp_md);
    if (ok && !dnnl_memory_desc_equal(w_md, &m->w_user)) {
        p->w_prim_bytes = align64(dnnl_memory_desc_get_size(w_md));
        ok = memory_none(&p->w_prim, w_md);
        if (ok) {
            const dnnl_memory_desc_t *from = dir >= DIR_BACKWARD_WEIGHTS ? w_md : &m->w_user;
            const dnnl_memory_desc_t *to = dir >= DIR_BACKWARD_WEIGHTS ? &m->w_user : w_md;
            ok = dnnl_reorder_primitive_desc_create(&p->reorder_pd, from, engine, to, engine, attr) ==
                 dnnl_success;
            if (!ok)
                p->reorder_pd = NULL;
        }
        if (ok) {
            const dnnl_memory_desc_t *rsp =
                dnnl_primitive_desc_query_md(p->reorder_pd, dnnl_query_scratchpad_md, 0);
            size_t rsp_bytes = rsp ? dnnl_memory_desc_get_size(rsp) : 0;
            if (rsp_bytes)
                ok = memory_none(&p->reorder_scratchpad, rsp);
            if (rsp_bytes > sp_bytes)
                sp_bytes = rsp_bytes;
        }
    }
    p->scratchpad_bytes = align64(sp_bytes);
    dnnl_primitive_attr_destroy(attr);
    return ok ? NULL : "oneDNN cannot create the memory objects or weight reorder for this case";
}

/* The cache entry for d, built if absent (evicting the least recently used).
 * Called with the lock held. Never NULL once the engine exists. */
static cache_entry *lookup(const nash_conv_desc *d)
{
    cache_entry *victim = &cache[0];
    for (int i = 0; i < CACHE_SIZE; i++) {
        cache_entry *e = &cache[i];
        if (e->used && memcmp(&e->d, d, sizeof *d) == 0) {
            e->last_use = ++use_clock;
            return e;
        }
        if (!e->used || (victim->used && e->last_use < victim->last_use))
            victim = e;
    }
    release_entry(victim);
    victim->used = 1;
    victim->d = *d;
    victim->last_use = ++use_clock;
    mds m;
    if (!init_mds(d, &m)) {
        victim->reason = "oneDNN rejects the memory descriptors";
        return victim;
    }
    /* The forward-with-bias descriptor is the hint every backward one needs. */
    static const direction order[DIR_COUNT] = {DIR_FORWARD_BIAS, DIR_FORWARD, DIR_BACKWARD_DATA,
                                               DIR_BACKWARD_WEIGHTS_BIAS, DIR_BACKWARD_WEIGHTS};
    for (int i = 0; i < DIR_COUNT && !victim->reason; i++) {
        const direction dir = order[i];
        const_dnnl_primitive_desc_t hint =
            dir >= DIR_BACKWARD_DATA ? victim->dir[DIR_FORWARD_BIAS].pd : NULL;
        int is_reference = 0;
        victim->reason = prepare(&m, dir, hint, &victim->dir[dir], &is_reference);
        victim->only_reference |= is_reference;
    }
    if (victim->reason)
        for (int i = 0; i < DIR_COUNT; i++)
            release(&victim->dir[i]); /* keep only the verdict */
    return victim;
}

/* ------------------------------------------------------------------------- */
/* The variant                                                                */

/* oneDNN's reference kernels (all it has for nChw16c on a CPU without
 * AVX-512) are much slower than the omp variant, so such cases are declined —
 * unless oneDNN is forced by name (NASH_KERNEL=onednn), which is how the
 * wrapper is tested on such CPUs. */
static int reference_allowed(void)
{
    const char *forced = nash_kernel_forced();
    return forced && strcmp(forced, "onednn") == 0;
}

static const char *onednn_unsupported(const nash_conv_desc *d)
{
    pthread_mutex_lock(&lock);
    const char *reason = "oneDNN CPU engine unavailable";
    if (ensure_engine()) {
        const cache_entry *e = lookup(d);
        reason = e->reason;
        if (!reason && e->only_reference && !reference_allowed())
            reason = "oneDNN has only its reference implementation for this case "
                     "(NASH_KERNEL=onednn uses it anyway)";
    }
    pthread_mutex_unlock(&lock);
    return reason;
}

static size_t onednn_scratch_bytes(const nash_conv_desc *d)
{
    size_t most = 0;
    pthread_mutex_lock(&lock);
    if (ensure_engine()) {
        const cache_entry *e = lookup(d);
        if (!e->reason)
            for (int i = 0; i < DIR_COUNT; i++) {
                size_t bytes = e->dir[i].w_prim_bytes + e->dir[i].scratchpad_bytes;
                if (bytes > most)
                    most = bytes;
            }
    }
    pthread_mutex_unlock(&lock);
    return most;
}

/* Takes the lock and returns the prepared direction, its primitives created. */
static prepared *begin_call(const nash_conv_desc *d, direction dir)
{
    pthread_mutex_lock(&lock);
    if (!ensure_engine())
        die("dnnl_engine_create", dnnl_runtime_error);
    cache_entry *e = lookup(d);
    if (e->reason) {
        fprintf(stderr, "nash: error: oneDNN conv called on an unsupported case: %s\n", e->reason);
        abort();
    }
    prepared *p = &e->dir[dir];
    if (!p->prim)
        DNNL_OR_DIE(dnnl_primitive_create, (&p->prim, p->pd));
    if (p->reorder_pd && !p->reorder)
        DNNL_OR_DIE(dnnl_primitive_create, (&p->reorder, p->reorder_pd));
    return p;
}

static void set_handle(dnnl_memory_t mem, const void *ptr)
{
    DNNL_OR_DIE(dnnl_memory_set_data_handle, (mem, (void *)ptr));
}

static void execute(dnnl_primitive_t prim, int nargs, const dnnl_exec_arg_t *args)
{
    DNNL_OR_DIE(dnnl_primitive_execute, (prim, stream, nargs, args));
}

/* Scratch layout: [reordered weights][scratchpad shared by the conv and the reorder]. */
static void bind_scratchpads(prepared *p, void *scratch)
{
    char *sp = (char *)scratch + p->w_prim_bytes;
    if (p->scratchpad)
        set_handle(p->scratchpad, sp);
    if (p->reorder_scratchpad)
        set_handle(p->reorder_scratchpad, sp);
    if (p->w_prim)
        set_handle(p->w_prim, scratch);
}

/* Runs the weights reorder (user -> primitive format, or back); reorder inputs first. */
static void run_reorder(prepared *p, int to_user)
{
    dnnl_exec_arg_t args[3] = {
        {DNNL_ARG_FROM, to_user ? p->w_prim : p->w_user},
        {DNNL_ARG_TO, to_user ? p->w_user : p->w_prim},
        {DNNL_ARG_SCRATCHPAD, p->reorder_scratchpad},
    };
    execute(p->reorder, p->reorder_scratchpad ? 3 : 2, args);
}

static void onednn_forward(const nash_conv_desc *d, const float *x, const float *w,
                           const float *bias, float *y, void *scratch)
{
    prepared *p = begin_call(d, bias ? DIR_FORWARD_BIAS : DIR_FORWARD);
    bind_scratchpads(p, scratch);
    set_handle(p->w_user, w);
    if (p->reorder)
        run_reorder(p, 0);
    set_handle(p->x_side, x);
    set_handle(p->y_side, y);
    dnnl_exec_arg_t args[5];
    int nargs = 0;
    args[nargs++] = (dnnl_exec_arg_t){DNNL_ARG_SRC, p->x_side};
    args[nargs++] = (dnnl_exec_arg_t){DNNL_ARG_WEIGHTS, p->w_prim ? p->w_prim : p->w_user};
    args[nargs++] = (dnnl_exec_arg_t){DNNL_ARG_DST, p->y_side};
    if (bias) {
        set_handle(p->bias, bias);
        args[nargs++] = (dnnl_exec_arg_t){DNNL_ARG_BIAS, p->bias};
    }
    if (p->scratchpad)
        args[nargs++] = (dnnl_exec_arg_t){DNNL_ARG_SCRATCHPAD, p->scratchpad};
    execute(p->prim, nargs, args);
    DNNL_OR_DIE(dnnl_stream_wait, (stream));
    pthread_mutex_unlock(&lock);
}

static void onednn_backward_data(const nash_conv_desc *d, const float *x, const float *w,
                                 const float *dy, float *dx, void *scratch)
{
    (void)x;
    prepared *p = begin_call(d, DIR_BACKWARD_DATA);
    bind_scratchpads(p, scratch);
    set_handle(p->w_user, w);
    if (p->reorder)
        run_reorder(p, 0);
    set_handle(p->y_side, dy);
    set_handle(p->x_side, dx);
    dnnl_exec_arg_t args[4];
    int nargs = 0;
    args[nargs++] = (dnnl_exec_arg_t){DNNL_ARG_DIFF_DST, p->y_side};
    args[nargs++] = (dnnl_exec_arg_t){DNNL_ARG_WEIGHTS, p->w_prim ? p->w_prim : p->w_user};
    args[nargs++] = (dnnl_exec_arg_t){DNNL_ARG_DIFF_SRC, p->x_side};
    if (p->scratchpad)
        args[nargs++] = (dnnl_exec_arg_t){DNNL_ARG_SCRATCHPAD, p->scratchpad};
    execute(p->prim, nargs, args);
    DNNL_OR_DIE(dnnl_stream_wait, (stream));
    pthread_mutex_unlock(&lock);
}

static void onednn_backward_weights(const nash_conv_desc *d, const float *x, const float *w,
                                    const float *dy, float *dw, float *dbias, void *scratch)
{
    (void)w;
    prepared *p = begin_call(d, dbias ? DIR_BACKWARD_WEIGHTS_BIAS : DIR_BACKWARD_WEIGHTS);
    bind_scratchpads(p, scratch);
    set_handle(p->w_user, dw);
    set_handle(p->x_side, x);
    set_handle(p->y_side, dy);
    dnnl_exec_arg_t args[5];
    int nargs = 0;
    args[nargs++] = (dnnl_exec_arg_t){DNNL_ARG_SRC, p->x_side};
    args[nargs++] = (dnnl_exec_arg_t){DNNL_ARG_DIFF_DST, p->y_side};
    args[nargs++] = (dnnl_exec_arg_t){DNNL_ARG_DIFF_WEIGHTS, p->w_prim ? p->w_prim : p->w_user};
    if (dbias) {
        set_handle(p->bias, dbias);
        args[nargs++] = (dnnl_exec_arg_t){DNNL_ARG_DIFF_BIAS, p->bias};
    }
    if (p->scratchpad)
        args[nargs++] = (dnnl_exec_arg_t){DNNL_ARG_SCRATCHPAD, p->scratchpad};
    execute(p->prim, nargs, args);
    if (p->reorder)
        run_reorder(p, 1);
    DNNL_OR_DIE(dnnl_stream_wait, (stream));
    pthread_mutex_unlock(&lock);
}

const nash_conv_impl nash_conv_onednn = {
    .name = "onednn",
    .isa = 0,
    .unsupported = onednn_unsupported,
    .scratch_bytes = onednn_scratch_bytes,
    .forward = onednn_forward,
    .backward_data = onednn_backward_data,
    .backward_weights = onednn_backward_weights,
};
