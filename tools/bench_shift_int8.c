/*
 * bench_shift_int8.c — `nash bench shift-int8` (options and reports in
 * bench_shift_int8.h).
 *
 * Owns: the ResNet-20 shape list of this bench, the correctness check before
 * timing, the timing loop, and the accuracy check of a trained shift network
 * whose shift layers are swapped for the int8 path through a node hook.
 * Does not own: the kernels (kernels/), networks and checkpoints (runtime/,
 * nas/), data loading (datasets/).
 *
 * Inputs of the timed shapes: post-ReLU activations U[0, 1) with a third of
 * them exactly zero (u8, zero point 0), the stem's image input N(0,1)-like
 * U[-2, 2) (signed: zero point 128); weights: DeepShift-Q of U(±1/sqrt(fan_in))
 * with 5 bits, the runtime's default.
 */
#include "bench_shift_int8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "nash_datasets.h"
#include "nash_nas.h"
#include "nash_runtime.h"
#include "report_files.h"
#include "shift_int8.h"

#define SHIFT_BITS 5 /* DeepShift-Q weight bits of the timed shapes (runtime default) */
#define MAX_REPS 1000

/* ------------------------------------------------------------------------- */
/* Shapes                                                                     */

typedef struct int8_shape {
    const char *name;
    int ic, oc, hw, stride;
    int signed_input; /* 1: the image input of the stem (negative values) */
    const char *what;
} int8_shape;

/* ResNet-20 for CIFAR (He et al. 2016, §4.2), all 3x3 pad 1 */
static const int8_shape shapes[] = {
    {"r20_stem", 3, 16, 32, 1, 1, "stem 3->16 (signed input; conv in resnet20-shift)"},
    {"r20_s1", 16, 16, 32, 1, 0, "stage 1 convs"},
    {"r20_s2_down", 16, 32, 32, 2, 0, "first conv of stage 2 (stride 2)"},
    {"r20_s2", 32, 32, 16, 1, 0, "stage 2 convs"},
    {"r20_s3_down", 32, 64, 16, 2, 0, "first conv of stage 3 (stride 2)"},
    {"r20_s3", 64, 64, 8, 1, 0, "stage 3 convs"},
};
#define N_SHAPES ((int)(sizeof shapes / sizeof shapes[0]))

static uint64_t mix(uint64_t seed, uint64_t i)
{
    uint64_t z = seed * 0x9E3779B97F4A7C15ull + i + 0x632BE59BD9B4E019ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static float unit(uint64_t seed, uint64_t i) { return (float)((mix(seed, i) >> 40) * 0x1p-24); }

/* ------------------------------------------------------------------------- */
/* Timing                                                                     */

typedef struct timing {
    double wall_ms, cpu_ms; /* medians over the timed calls; cpu: all threads' CPU time */
    double wall_min, wall_max;
} timing;

typedef struct shape_run {
    nash_conv_desc d;
    const nash_conv_impl *conv;
    const nash_shift_int8_impl *int8;
    float *x, *wq, *y;
    uint8_t *xq;
    void *scratch;
    nash_act_quant q;
    nash_shift_int8_weights pw;
} shape_run;

typedef enum job { JOB_FP32_CONV = 0, JOB_INT8_TOTAL, JOB_INT8_CONV, JOB_COUNT } job;
static const char *const job_names[JOB_COUNT] = {"fp32_conv", "int8_total", "int8_conv"};

static void run_job(shape_run *s, job j)
{
    const nash_conv_desc *d = &s->d;
    switch (j) {
    case JOB_FP32_CONV:
        s->conv->forward(d, s->x, s->wq, NULL, s->y, s->scratch);
        break;
    case JOB_INT8_TOTAL:
        nash_act_quantize(&s->q, d->n, d->ic, d->ih, d->iw, d->ph, d->pw, s->x, s->xq);
        s->int8->forward(d, s->xq, &s->q, &s->pw, NULL, s->y, NULL);
        break;
    case JOB_INT8_CONV:
        s->int8->forward(d, s->xq, &s->q, &s->pw, NULL, s->y, NULL);
        break;
    default:
        break;
    }
}

/* CPU time of the whole process (every OpenMP thread; with OMP_WAIT_POLICY=passive
 * idle threads do not count): the work a call took, without the waits for a core
 * that the wall clock includes on a shared machine. */
static double process_cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return 1e3 * (double)t.tv_sec + 1e-6 * (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Two warm-up calls, then reps timed calls: medians of wall and process CPU ms. */
static void time_job(shape_run *s, job j, int reps, timing *t)
{
    double wall[MAX_REPS], cpu[MAX_REPS];
    run_job(s, j);
    run_job(s, j);
    for (int r = 0; r < reps; r++) {
        const double c0 = process_cpu_ms(), w0 = nash_now();
        run_job(s, j);
        wall[r] = 1e3 * (nash_now() - w0);
        cpu[r] = process_cpu_ms() - c0;
    }
    qsort(wall, (size_t)reps, sizeof(double), cmp_double);
    qsort(cpu, (size_t)reps, sizeof(double), cmp_double);
    t->wall_ms = reps % 2 ? wall[reps / 2] : 0.5 * (wall[reps / 2 - 1] + wall[reps / 2]);
    t->cpu_ms = reps % 2 ? cpu[reps / 2] : 0.5 * (cpu[reps / 2 - 1] + cpu[reps / 2]);
    t->wall_min = wall[0];
    t->wall_max = wall[reps - 1];
}

static void free_run(shape_run *s)
{
    free(s->x);
    free(s->wq);
    free(s->y);
    free(s->xq);
    free(s->scratch);
    nash_shift_int8_weights_free(&s->pw);
}

/* Inputs, weights and buffers of shape sh at batch n; 0 or -1 (message set). */
static int setup_run(shape_run *s, const int8_shape *sh, int n, int exponents)
{
    memset(s, 0, sizeof *s);
    if (nash_conv_desc_init(&s->d, n, sh->ic, sh->hw, sh->hw, sh->oc, 3, 3, sh->stride, 1, 1) != 0)
        return -1;
    const nash_conv_desc *d = &s->d;
    const int64_t xn = nash_blocked_size(n, d->ic, d->ih, d->iw);
    const int64_t yn = nash_blocked_size(n, d->oc, d->oh, d->ow);
    const int64_t wn = (int64_t)d->oc * d->ic * d->kh * d->kw;
    s->conv = nash_conv_pick(d);
    s->int8 = nash_shift_int8_pick(d);
    s->x = aligned_alloc(64, (size_t)(xn * 4 + 63) / 64 * 64);
    s->xq = aligned_alloc(64, (size_t)(nash_shift_int8_input_bytes(d) + 63) / 64 * 64);
    s->y = aligned_alloc(64, (size_t)(yn * 4 + 63) / 64 * 64);
    s->wq = malloc((size_t)wn * sizeof(float));
    s->scratch = aligned_alloc(64, (s->conv->scratch_bytes(d) + 127) / 64 * 64);
    float *w = malloc((size_t)wn * sizeof(float));
    if (!s->x || !s->xq || !s->y || !s->wq || !s->scratch || !w) {
        free(w);
        free_run(s);
        return nash_fail("bench shift-int8: out of memory for shape %s batch %d", sh->name, n);
    }
    const float bound = 1.0f / sqrtf((float)(d->ic * d->kh * d->kw));
    for (int64_t i = 0; i < wn; i++)
        w[i] = (2.0f * unit(11, (uint64_t)i) - 1.0f) * bound;
    nash_shift_pick()->q_weights(wn, w, s->wq, SHIFT_BITS);
    free(w);
    const int64_t cb = nash_cblocks(d->ic), pixels = (int64_t)d->ih * d->iw;
    for (int64_t i = 0; i < xn; i++) {
        const int lane = (int)(i % NASH_BLOCK);
        const int64_t c = (i / (pixels * NASH_BLOCK)) % cb * NASH_BLOCK + lane;
        float v = sh->signed_input ? 4.0f * unit(12, (uint64_t)i) - 2.0f : unit(12, (uint64_t)i);
        if (!sh->signed_input && mix(13, (uint64_t)i) % 3 == 0)
            v = 0.0f;
        s->x[i] = c < d->ic ? v : 0.0f;
    }
    float lo, hi;
    nash_blocked_range(n, d->ic, d->ih, d->iw, s->x, &lo, &hi);
    if (nash_act_quant_init(&s->q, lo, hi) != 0 ||
        nash_shift_int8_pack_window(&s->pw, d, s->wq, exponents) != 0) {
        free_run(s);
        return nash_fail_context("bench shift-int8: shape %s", sh->name);
    }
    nash_act_quantize(&s->q, n, d->ic, d->ih, d->iw, d->ph, d->pw, s->x, s->xq);
    return 0;
}

/* The picked variant against ref on two images (bit for bit) and the int8
 * result against the fp32 conv on the full batch: max |diff| / max |fp32|. */
static int check_run(shape_run *s, const char *name, double *rel_err)
{
    nash_conv_desc d2 = s->d;
    d2.n = s->d.n < 2 ? s->d.n : 2;
    const int64_t yn2 = nash_blocked_size(d2.n, d2.oc, d2.oh, d2.ow);
    int32_t *a_ref = malloc((size_t)yn2 * sizeof *a_ref), *a_got = malloc((size_t)yn2 * sizeof *a_got);
    if (!a_ref || !a_got) {
        free(a_ref);
        free(a_got);
        return nash_fail("bench shift-int8: out of memory");
    }
    nash_shift_int8_ref.forward(&d2, s->xq, &s->q, &s->pw, NULL, NULL, a_ref);
    s->int8->forward(&d2, s->xq, &s->q, &s->pw, NULL, NULL, a_got);
    int64_t bad = -1;
    for (int64_t i = 0; i < yn2 && bad < 0; i++)
        if (a_ref[i] != a_got[i])
            bad = i;
    const int32_t got = bad >= 0 ? a_got[bad] : 0, want = bad >= 0 ? a_ref[bad] : 0;
    free(a_ref);
    free(a_got);
    if (bad >= 0)
        return nash_fail("bench shift-int8: %s: variant %s differs from ref at element %lld "
                         "(%d vs %d)",
                         name, s->int8->name, (long long)bad, got, want);
    const nash_conv_desc *d = &s->d;
    const int64_t yn = nash_blocked_size(d->n, d->oc, d->oh, d->ow);
    float *y32 = malloc((size_t)yn * sizeof *y32);
    if (!y32)
        return nash_fail("bench shift-int8: out of memory");
    run_job(s, JOB_FP32_CONV);
    memcpy(y32, s->y, (size_t)yn * sizeof *y32);
    run_job(s, JOB_INT8_TOTAL);
    double ymax = 0.0, dmax = 0.0;
    for (int64_t i = 0; i < yn; i++) {
        ymax = fmax(ymax, fabs((double)y32[i]));
        dmax = fmax(dmax, fabs((double)s->y[i] - (double)y32[i]));
    }
    free(y32);
    *rel_err = ymax > 0.0 ? dmax / ymax : 0.0;
    return 0;
}

/* ------------------------------------------------------------------------- */
/* Accuracy of a trained network with int8 shift layers                       */

typedef struct int8_layer {
    int node, in_node, oc, k, stride, pad;
    nash_shape in;
    const float *bias; /* nullable */
    nash_shift_int8_weights pw;
    float lo, hi; /* calibration range of the input */
    nash_act_quant q;
    uint8_t *xq; /* (max batch, IC, IH + 2 pad, IW + 2 pad) u8 blocked */
} int8_layer;

enum { MODE_FP32 = 0, MODE_CALIBRATE, MODE_INT8 };

typedef struct net_int8 {
    int mode, n, count, failed;
    int8_layer *layers;
    int *layer_of_node; /* node id -> index in layers, or -1 */
    int64_t weights, flushed;
    float flushed_max;
    int p_min, p_max;
} net_int8;

/* After each node's forward: calibrate (record the input range) or replace the
 * shift layer's fp32 output by the int8 path's. */
static void int8_hook(nash_net *net, int node, int backward, void *user)
{
    net_int8 *ni = user;
    if (backward || ni->mode == MODE_FP32 || ni->layer_of_node[node] < 0)
        return;
    int8_layer *L = &ni->layers[ni->layer_of_node[node]];
    const float *x = nash_net_output(net, L->in_node);
    if (ni->mode == MODE_CALIBRATE) {
        float lo, hi;
        nash_blocked_range(ni->n, L->in.c, L->in.h, L->in.w, x, &lo, &hi);
        L->lo = fminf(L->lo, lo);
        L->hi = fmaxf(L->hi, hi);
        return;
    }
    nash_conv_desc d;
    if (nash_conv_desc_init(&d, ni->n, L->in.c, L->in.h, L->in.w, L->oc, L->k, L->k, L->stride,
                            L->pad, 1) != 0) {
        ni->failed = 1;
        return;
    }
    nash_act_quantize(&L->q, ni->n, L->in.c, L->in.h, L->in.w, L->pad, L->pad, x, L->xq);
    nash_shift_int8_pick(&d)->forward(&d, L->xq, &L->q, &L->pw, L->bias, nash_net_output(net, node),
                                      NULL);
}

static void net_int8_free(net_int8 *ni)
{
    for (int i = 0; i < ni->count; i++) {
        nash_shift_int8_weights_free(&ni->layers[i].pw);
        free(ni->layers[i].xq);
    }
    free(ni->layers);
    free(ni->layer_of_node);
    memset(ni, 0, sizeof *ni);
}

/* The named parameter ("weight", "shift", "sign", "bias") of a node, or NULL. */
static nash_param *node_param(nash_net *net, int node, const char *role)
{
    for (int i = 0; i < nash_net_param_count(net); i++) {
        nash_param *p = nash_net_param(net, i);
        const char *dot = strchr(p->name, '.');
        if (p->node == node && dot && strcmp(dot + 1, role) == 0)
            return p;
    }
    return NULL;
}

/* Finds the shift layers and packs their power-of-two weights. */
static int net_int8_setup(net_int8 *ni, nash_net *net, int bits, int max_batch, int exponents)
{
    memset(ni, 0, sizeof *ni);
    const int nodes = nash_net_node_count(net);
    ni->layer_of_node = malloc((size_t)nodes * sizeof(int));
    ni->layers = calloc((size_t)nodes, sizeof *ni->layers);
    if (!ni->layer_of_node || !ni->layers)
        return nash_fail("bench shift-int8: out of memory");
    for (int node = 0; node < nodes; node++) {
        ni->layer_of_node[node] = -1;
        const nash_op op = nash_net_node_op(net, node);
        if (nash_net_node_kind(net, node) != NASH_NODE_CONV ||
            (op != NASH_OP_SHIFT_Q && op != NASH_OP_SHIFT_PS))
            continue;
        int8_layer *L = &ni->layers[ni->count];
        nash_node_window win;
        int in[2];
        if (nash_net_node_window(net, node, &win) != 0 || nash_net_node_inputs(net, node, in) != 1)
            return nash_fail("bench shift-int8: node %d: not a one-input conv", node);
        if (win.groups != 1)
            return nash_fail("bench shift-int8: node %d: groups = %d; the int8 path takes groups 1",
                             node, win.groups);
        L->node = node;
        L->in_node = in[0];
        L->in = nash_net_node_shape(net, in[0]);
        L->oc = nash_net_node_shape(net, node).c;
        L->k = win.k;
        L->stride = win.stride;
        L->pad = win.pad;
        L->lo = INFINITY;
        L->hi = -INFINITY;
        nash_param *b = win.has_bias ? node_param(net, node, "bias") : NULL;
        L->bias = b ? b->data : NULL;
        nash_param *w = node_param(net, node, op == NASH_OP_SHIFT_Q ? "weight" : "shift");
        nash_param *sg = op == NASH_OP_SHIFT_PS ? node_param(net, node, "sign") : NULL;
        if (!w || (op == NASH_OP_SHIFT_PS && !sg))
            return nash_fail("bench shift-int8: node %d: shift parameters not found", node);
        float *wq = malloc((size_t)w->numel * sizeof *wq);
        if (!wq)
            return nash_fail("bench shift-int8: out of memory");
        /* the same power-of-two weights the fp32 forward uses (runtime/layer_conv.c) */
        if (op == NASH_OP_SHIFT_Q)
            nash_shift_pick()->q_weights(w->numel, w->data, wq, bits);
        else
            nash_shift_pick()->ps_weights(w->numel, w->data, sg->data, wq, bits);
        nash_conv_desc d;
        int rc = nash_conv_desc_init(&d, 1, L->in.c, L->in.h, L->in.w, L->oc, L->k, L->k,
                                     L->stride, L->pad, 1);
        if (rc == 0)
            rc = nash_shift_int8_pack_window(&L->pw, &d, wq, exponents);
        free(wq);
        if (rc != 0)
            return nash_fail_context("bench shift-int8: node %d", node);
        L->xq = malloc((size_t)nash_blocked_size(max_batch, L->in.c, L->in.h + 2 * L->pad,
                                                 L->in.w + 2 * L->pad));
        if (!L->xq)
            return nash_fail("bench shift-int8: out of memory");
        ni->weights += w->numel;
        ni->flushed += L->pw.flushed;
        ni->flushed_max = fmaxf(ni->flushed_max, L->pw.flushed_max);
        ni->p_min = ni->count == 0 || L->pw.p_min < ni->p_min ? L->pw.p_min : ni->p_min;
        ni->p_max = ni->count == 0 || L->pw.p_max > ni->p_max ? L->pw.p_max : ni->p_max;
        ni->layer_of_node[node] = ni->count++;
    }
    if (ni->count == 0)
        return nash_fail("bench shift-int8: the network has no shift layers");
    return 0;
}

typedef struct accuracy {
    const char *arch;
    int layers;
    int64_t images, calib_images, correct_fp32, correct_int8, agree;
    int64_t weights, flushed;
    float flushed_max;
    int p_min, p_max;
    int signed_layers;
    double seconds;
} accuracy;

static int argmax(const float *v, int k)
{
    int best = 0;
    for (int i = 1; i < k; i++)
        if (v[i] > v[best])
            best = i;
    return best;
}

static int run_accuracy(const char *ckpt, const char *data, int batch, int limit, int calib,
                        int exponents, accuracy *acc)
{
    memset(acc, 0, sizeof *acc);
    const double t0 = nash_now();
    static nash_ckpt_info info; /* large (metrics, config) */
    if (nash_checkpoint_read_info(ckpt, &info) != 0)
        return -1;
    nash_arch arch;
    if (nash_arch_parse(info.arch, &arch) != 0)
        return -1;
    int kind = nash_data_kind_parse(info.dataset);
    if (kind < 0)
        return -1;
    nash_data_kind dk = (nash_data_kind)kind;
    char dir[4096];
    const char *how;
    if (nash_data_dir_resolve(data, info.dataset, dir, sizeof dir, &how, &dk) != 0)
        return -1;
    nash_dataset test, train;
    memset(&test, 0, sizeof test);
    memset(&train, 0, sizeof train);
    nash_net *net = NULL;
    nash_loader *ld = NULL;
    net_int8 ni;
    memset(&ni, 0, sizeof ni);
    float *logits = NULL;
    int32_t *labels = NULL;
    int rc = -1;
    if (nash_dataset_load(&test, dk, dir, "test", 0) != 0)
        goto out;
    net = nash_arch_build(&arch, 3, test.h, test.w, test.classes);
    if (!net || nash_net_compile(net, batch) != 0 || nash_checkpoint_load(ckpt, net, NULL, &info) != 0)
        goto out;
    if (net_int8_setup(&ni, net, arch.shift_bits, batch, exponents) != 0)
        goto out;
    nash_net_set_hook(net, int8_hook, &ni);
    const int out_node = nash_net_node_count(net) - 1, k = nash_net_node_shape(net, out_node).c;
    logits = malloc((size_t)batch * k * sizeof *logits);
    labels = malloc((size_t)batch * sizeof *labels);
    if (!logits || !labels) {
        nash_fail("bench shift-int8: out of memory");
        goto out;
    }
    nash_loader_config lc = {.batch = batch, .prefetch = -1};
    memcpy(lc.mean, info.mean, sizeof lc.mean);
    memcpy(lc.std, info.std, sizeof lc.std);

    /* calibration: input ranges of every shift layer on shuffled training images */
    if (nash_dataset_load(&train, dk, dir, "train", 0) != 0)
        goto out;
    nash_loader_config cc = lc;
    cc.shuffle = 1;
    cc.seed = 1;
    if (!(ld = nash_loader_create(&train, &cc)))
        goto out;
    nash_loader_start_epoch(ld, 0);
    ni.mode = MODE_CALIBRATE;
    while (acc->calib_images < calib) {
        int n = nash_loader_next(ld, nash_net_input(net), labels);
        if (n < 0)
            goto out;
        if (n == 0)
            break;
        ni.n = n;
        nash_net_forward(net, n, 0);
        acc->calib_images += n;
    }
    nash_loader_free(ld);
    ld = NULL;
    nash_dataset_free(&train);
    for (int i = 0; i < ni.count; i++) {
        int8_layer *L = &ni.layers[i];
        if (nash_act_quant_init(&L->q, L->lo, L->hi) != 0) {
            nash_fail_context("bench shift-int8: calibration of node %d", L->node);
            goto out;
        }
        acc->signed_layers += L->q.zero_point != 0;
    }

    /* evaluation: each batch through the fp32 net, then with int8 shift layers */
    if (!(ld = nash_loader_create(&test, &lc)))
        goto out;
    nash_loader_start_epoch(ld, 0);
    for (;;) {
        int n = nash_loader_next(ld, nash_net_input(net), labels);
        if (n < 0)
            goto out;
        if (n == 0 || (limit > 0 && acc->images >= limit))
            break;
        if (limit > 0 && acc->images + n > limit)
            n = (int)(limit - acc->images);
        ni.mode = MODE_FP32;
        nash_net_forward(net, n, 0);
        memcpy(logits, nash_net_output(net, out_node), (size_t)n * k * sizeof *logits);
        ni.mode = MODE_INT8;
        ni.n = n;
        nash_net_forward(net, n, 0);
        if (ni.failed) {
            nash_fail_context("bench shift-int8: int8 forward");
            goto out;
        }
        const float *logits8 = nash_net_output(net, out_node);
        for (int i = 0; i < n; i++) {
            const int p32 = argmax(logits + (int64_t)i * k, k), p8 = argmax(logits8 + (int64_t)i * k, k);
            acc->correct_fp32 += p32 == labels[i];
            acc->correct_int8 += p8 == labels[i];
            acc->agree += p32 == p8;
        }
        acc->images += n;
    }
    acc->layers = ni.count;
    acc->weights = ni.weights;
    acc->flushed = ni.flushed;
    acc->flushed_max = ni.flushed_max;
    acc->p_min = ni.p_min;
    acc->p_max = ni.p_max;
    acc->seconds = nash_now() - t0;
    rc = acc->images > 0 ? 0 : nash_fail("bench shift-int8: no test images evaluated");
out:
    if (rc != 0)
        nash_fail_context("checkpoint %s", ckpt);
    static char arch_copy[NASH_ARCH_TEXT];
    snprintf(arch_copy, sizeof arch_copy, "%s", info.arch);
    acc->arch = arch_copy;
    free(logits);
    free(labels);
    nash_loader_free(ld);
    net_int8_free(&ni);
    nash_net_free(net);
    nash_dataset_free(&train);
    nash_dataset_free(&test);
    return rc;
}

/* ------------------------------------------------------------------------- */
/* The subcommand                                                             */

typedef struct shape_result {
    char desc[160];
    const char *conv_variant, *int8_variant;
    timing t[JOB_COUNT];
    double rel_err;
    int64_t flushed;
} shape_result;

int bench_shift_int8_main(int argc, char **argv)
{
    int help = 0, json = 0, threads = 0, batch = 64, reps = 10, limit = 0, calib = 512;
    int exponents = NASH_INT8_EXPONENTS;
    const char *ckpt = NULL, *data = NULL;
    cli_option opts[] = {
        {"--threads", CLI_INT, &threads, "OpenMP threads (0: all cores)"},
        {"--batch", CLI_INT, &batch, "batch size of the timed layers and of the accuracy check"},
        {"--reps", CLI_INT, &reps, "timed calls per measurement (median)"},
        {"--checkpoint", CLI_STRING, &ckpt, "a shift-network checkpoint: accuracy fp32 vs int8"},
        {"--data", CLI_STRING, &data, "data directory for --checkpoint (same rules as eval)"},
        {"--limit", CLI_INT, &limit, "evaluate only the first N test images (0: all)"},
        {"--calib", CLI_INT, &calib, "training images that calibrate the input scales"},
        {"--exponents", CLI_INT, &exponents,
         "weight exponents kept per output channel, 1..7 (<= 5: s16 sums, faster)"},
        {"--json", CLI_FLAG, &json, "one JSON object on stdout"},
        {"--help", CLI_FLAG, &help, "this text"},
        {0}};
    if (cli_parse(argc, argv, 2, opts, NULL, 0, NULL) != 0)
        return cli_error(nash_last_error());
    if (help) {
        printf("usage: nash bench shift-int8 [--threads T] [--batch N] [--reps R] [--exponents E]\n"
               "                             [--json] [--checkpoint F [--data DIR] [--limit N] "
               "[--calib N]]\n");
        cli_print_options(stdout, opts);
        return 0;
    }
    if (batch < 1 || reps < 1 || reps > MAX_REPS || limit < 0 || calib < 1 || threads < 0 ||
        exponents < 1 || exponents > NASH_INT8_EXPONENTS) {
        char msg[240];
        snprintf(msg, sizeof msg,
                 "--batch %d, --reps %d, --limit %d, --calib %d, --threads %d, --exponents %d: "
                 "expected batch >= 1, 1 <= reps <= %d, limit >= 0, calib >= 1, threads >= 0, "
                 "1 <= exponents <= %d",
                 batch, reps, limit, calib, threads, exponents, MAX_REPS, NASH_INT8_EXPONENTS);
        return cli_error(msg);
    }
    nash_set_threads(threads);

    shape_result res[N_SHAPES];
    for (int i = 0; i < N_SHAPES; i++) {
        shape_run s;
        if (setup_run(&s, &shapes[i], batch, exponents) != 0)
            return cli_error(nash_last_error());
        shape_result *r = &res[i];
        nash_conv_desc_str(&s.d, r->desc, sizeof r->desc);
        r->conv_variant = s.conv->name;
        r->int8_variant = s.int8->name;
        r->flushed = s.pw.flushed;
        if (check_run(&s, shapes[i].name, &r->rel_err) != 0) {
            free_run(&s);
            return cli_error(nash_last_error());
        }
        for (int j = 0; j < JOB_COUNT; j++)
            time_job(&s, (job)j, reps, &r->t[j]);
        free_run(&s);
        if (!json)
            fprintf(stderr, "nash: %s done\n", shapes[i].name);
    }

    accuracy acc;
    int have_acc = 0;
    if (ckpt) {
        if (run_accuracy(ckpt, data, batch, limit, calib, exponents, &acc) != 0)
            return cli_error(nash_last_error());
        have_acc = 1;
    }

    const int t_used = nash_get_threads();
    if (json) {
        printf("{\"threads\":%d,\"batch\":%d,\"reps\":%d,\"exponents\":%d,\"cpu_clock\":\"%s\","
               "\"shapes\":[",
               t_used, batch, reps, exponents,
               "process (all threads)");
        for (int i = 0; i < N_SHAPES; i++) {
            const shape_result *r = &res[i];
            printf("%s{\"shape\":\"%s\",\"desc\":\"%s\",\"conv_variant\":\"%s\","
                   "\"int8_variant\":\"%s\"",
                   i ? "," : "", shapes[i].name, r->desc, r->conv_variant, r->int8_variant);
            for (int j = 0; j < JOB_COUNT; j++)
                printf(",\"%s_ms\":%.4f,\"%s_cpu_ms\":%.4f", job_names[j], r->t[j].wall_ms,
                       job_names[j], r->t[j].cpu_ms);
            printf(",\"speedup_total\":%.3f,\"speedup_conv\":%.3f,\"speedup_total_cpu\":%.3f,"
                   "\"speedup_conv_cpu\":%.3f,\"rel_err_vs_fp32\":%.3e,\"flushed_weights\":%lld}",
                   r->t[0].wall_ms / r->t[1].wall_ms, r->t[0].wall_ms / r->t[2].wall_ms,
                   r->t[0].cpu_ms / r->t[1].cpu_ms, r->t[0].cpu_ms / r->t[2].cpu_ms, r->rel_err,
                   (long long)r->flushed);
        }
        printf("],\"accuracy\":");
        if (have_acc)
            printf("{\"checkpoint\":\"%s\",\"arch\":\"%s\",\"shift_layers\":%d,\"signed_layers\":%d,"
                   "\"calib_images\":%lld,\"images\":%lld,\"top1_fp32\":%.4f,\"top1_int8\":%.4f,"
                   "\"agreement\":%.4f,\"weights\":%lld,\"flushed_weights\":%lld,"
                   "\"flushed_max\":%g,\"exponent_min\":%d,\"exponent_max\":%d,\"seconds\":%.1f}",
                   ckpt, acc.arch, acc.layers, acc.signed_layers, (long long)acc.calib_images,
                   (long long)acc.images, 100.0 * acc.correct_fp32 / acc.images,
                   100.0 * acc.correct_int8 / acc.images, 100.0 * acc.agree / acc.images,
                   (long long)acc.weights, (long long)acc.flushed, (double)acc.flushed_max,
                   acc.p_min, acc.p_max, acc.seconds);
        else
            printf("null");
        printf("}\n");
        return 0;
    }
    printf("shift int8 inference vs fp32 conv forward: %d thread(s), batch %d, median of %d calls, "
           "%d weight exponents per channel\n"
           "(ms wall clock; x cpu: the speed-up by CPU time of all threads, the work ratio, "
           "the figure to use on a shared machine)\n\n",
           t_used, batch, reps, exponents);
    printf("%-12s %-7s %-5s %9s %9s %9s %8s %8s %8s %9s\n", "shape", "fp32", "int8", "fp32 ms",
           "int8 ms", "conv ms", "x total", "x conv", "x cpu", "rel err");
    for (int i = 0; i < N_SHAPES; i++) {
        const shape_result *r = &res[i];
        printf("%-12s %-7s %-5s %9.3f %9.3f %9.3f %8.2f %8.2f %8.2f %9.2e\n", shapes[i].name,
               r->conv_variant, r->int8_variant, r->t[0].wall_ms, r->t[1].wall_ms, r->t[2].wall_ms,
               r->t[0].wall_ms / r->t[1].wall_ms, r->t[0].wall_ms / r->t[2].wall_ms,
               r->t[0].cpu_ms / r->t[1].cpu_ms, r->rel_err);
    }
    printf("\nx total: fp32 conv / (quantise + int8 conv + dequantise); x conv: fp32 conv / int8 "
           "conv; x cpu: x total by CPU time\n");
    if (have_acc) {
        printf("\naccuracy: %s (%s), %d shift layers (%d with signed input), scales from %lld "
               "training images\n",
               ckpt, acc.arch, acc.layers, acc.signed_layers, (long long)acc.calib_images);
        printf("  test images   %lld\n  top-1 fp32    %.2f %%\n  top-1 int8    %.2f %%\n"
               "  agreement     %.2f %%\n  flushed       %lld of %lld weights (largest %g), "
               "exponents [%d, %d]\n",
               (long long)acc.images, 100.0 * acc.correct_fp32 / acc.images,
               100.0 * acc.correct_int8 / acc.images, 100.0 * acc.agree / acc.images,
               (long long)acc.flushed, (long long)acc.weights, (double)acc.flushed_max, acc.p_min,
               acc.p_max);
    }
    return 0;
}
