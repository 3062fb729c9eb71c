/*
 * bench_kernels.c — `nash bench kernels` (see bench_kernels.h for the CSV).
 *
 * Owns: the shape list, option parsing, buffers (allocated once for the
 * largest case, huge-page advised and touched before any timing: first
 * touches cost ~10 us per 4 KiB page on this VM), the timing loop (warm-up,
 * then R timed calls; median, min, max) and the table / CSV / JSON reports.
 *
 * What is timed, per case (one nash_conv_desc):
 *   conv   every variant of nash_conv_impls that accepts the case (ISA present,
 *          unsupported() == NULL), fwd / bwd_data / bwd_weights, no bias; plus
 *          "dnnl-best": oneDNN's faster of direct and auto (bench_onednn.c);
 *   adder  every variant of nash_adder_impls that accepts the case, 3 directions;
 *   shift  the forward as a DeepShift-Q layer runs it in a net
 *          (runtime/layer_conv.c): quantise the weights (nash_shift_pick,
 *          5 bits, the runtime's default) + the conv variant's forward; its
 *          ratio to that variant's conv forward.
 * The plain-C reference is timed only up to --ref-max-mmac (it takes seconds
 * on full-size layers); skipped cases are listed.
 * Inputs are N(0,1) (fixed seed); pad lanes of blocked buffers are zero.
 */
#include "bench_kernels.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "bench_onednn.h"
#include "bench_peak.h"
#include "cli.h"
#include "nash_runtime.h"
#include "report_files.h"

const char *const bench_op_names[BENCH_OP_COUNT] = {"conv", "adder", "shift"};

#define SHIFT_BITS 5 /* runtime default for DeepShift-Q (nash_conv_options.shift_bits) */

/* ------------------------------------------------------------------------- */
/* Shapes                                                                     */

const bench_shape bench_shapes[] = {
    /* ResNet-20 for CIFAR (He et al. 2016, §4.2): stem + 3 stages of 16/32/64 channels */
    {"r20_stem", "resnet20", 3, 16, 32, 3, 1, 1, "stem conv 3->16"},
    {"r20_s1", "resnet20", 16, 16, 32, 3, 1, 1, "stage 1 convs"},
    {"r20_s2_down", "resnet20", 16, 32, 32, 3, 2, 1, "first conv of stage 2 (stride 2)"},
    {"r20_s2", "resnet20", 32, 32, 16, 3, 1, 1, "stage 2 convs"},
    {"r20_s3_down", "resnet20", 32, 64, 16, 3, 2, 1, "first conv of stage 3 (stride 2)"},
    {"r20_s3", "resnet20", 64, 64, 8, 3, 1, 1, "stage 3 convs"},
    /* NAS-Bench-201 TinyNetwork (nas/nb201.c): cell convs at 16/32/64 channels and
     * the reduction blocks (3x3 stride 2, then 3x3, shortcut avgpool + 1x1) */
    {"nb201_c16_1x1", "nb201", 16, 16, 32, 1, 1, 1, "cell nor_conv_1x1 @16"},
    {"nb201_c16_3x3", "nb201", 16, 16, 32, 3, 1, 1, "cell nor_conv_3x3 @16"},
    {"nb201_c32_1x1", "nb201", 32, 32, 16, 1, 1, 1, "cell nor_conv_1x1 @32"},
    {"nb201_c32_3x3", "nb201", 32, 32, 16, 3, 1, 1, "cell nor_conv_3x3 @32, reduction b"},
    {"nb201_c64_1x1", "nb201", 64, 64, 8, 1, 1, 1, "cell nor_conv_1x1 @64"},
    {"nb201_c64_3x3", "nb201", 64, 64, 8, 3, 1, 1, "cell nor_conv_3x3 @64, reduction b"},
    {"nb201_red1_a", "nb201", 16, 32, 32, 3, 2, 1, "reduction 16->32: conv a (stride 2)"},
    {"nb201_red1_short", "nb201", 16, 32, 16, 1, 1, 1, "reduction 16->32: shortcut 1x1"},
    {"nb201_red2_a", "nb201", 32, 64, 16, 3, 2, 1, "reduction 32->64: conv a (stride 2)"},
    {"nb201_red2_short", "nb201", 32, 64, 8, 1, 1, 1, "reduction 32->64: shortcut 1x1"},
    /* MBConv (MobileNetV2 inverted residual, expansion 6 on 16 channels) */
    {"mb_expand", "mbconv", 16, 96, 32, 1, 1, 1, "1x1 expansion 16->96"},
    {"mb_dw3_s1", "mbconv", 96, 96, 32, 3, 1, 96, "depthwise 3x3"},
    {"mb_dw3_s2", "mbconv", 96, 96, 32, 3, 2, 96, "depthwise 3x3 stride 2"},
    {"mb_dw5_s1", "mbconv", 96, 96, 32, 5, 1, 96, "depthwise 5x5"},
    {"mb_dw5_s2", "mbconv", 96, 96, 32, 5, 2, 96, "depthwise 5x5 stride 2"},
    {"mb_project", "mbconv", 96, 16, 32, 1, 1, 1, "1x1 projection 96->16"},
    {"mb_project_s2", "mbconv", 96, 24, 16, 1, 1, 1, "1x1 projection 96->24 after stride 2"},
};
const int bench_shape_count = (int)(sizeof bench_shapes / sizeof bench_shapes[0]);

int bench_shape_desc(const bench_shape *s, int n, nash_conv_desc *d)
{
    return nash_conv_desc_init(d, n, s->ic, s->hw, s->hw, s->oc, s->k, s->k, s->stride, s->k / 2,
                               s->groups);
}

/* A descriptor string as nash_conv_desc_str writes it; 0 or -1 with a message. */
static int parse_desc_string(const char *text, nash_conv_desc *d)
{
    nash_conv_desc p;
    int used = 0;
    if (sscanf(text, "n%dic%dih%diw%d_oc%doh%dow%d_kh%dkw%d_sh%dsw%d_ph%dpw%d_g%d%n", &p.n, &p.ic,
               &p.ih, &p.iw, &p.oc, &p.oh, &p.ow, &p.kh, &p.kw, &p.sh, &p.sw, &p.ph, &p.pw,
               &p.groups, &used) != 14 ||
        text[used] != '\0')
        return nash_fail("--shapes: '%s' is not a descriptor (expected the form "
                         "n8ic16ih32iw32_oc16oh32ow32_kh3kw3_sh1sw1_ph1pw1_g1)",
                         text);
    if (nash_conv_desc_init2(d, p.n, p.ic, p.ih, p.iw, p.oc, p.kh, p.kw, p.sh, p.sw, p.ph, p.pw,
                             p.groups) != 0)
        return nash_fail_context("--shapes: descriptor '%s'", text);
    if (d->oh != p.oh || d->ow != p.ow)
        return nash_fail("--shapes: descriptor '%s': output %dx%d does not follow from the input, "
                         "kernel, stride and padding (expected %dx%d)",
                         text, p.oh, p.ow, d->oh, d->ow);
    return 0;
}

static int add_case(bench_kernels_opts *o, const nash_conv_desc *d, const char *name)
{
    for (int i = 0; i < o->n_cases; i++)
        if (memcmp(&o->cases[i], d, sizeof *d) == 0) {
            /* the same layer under another name: timed once, first name kept */
            size_t used = strlen(o->case_also[i]);
            if (strcmp(name, o->case_names[i]) != 0 && !strstr(o->case_also[i], name))
                snprintf(o->case_also[i] + used, sizeof o->case_also[i] - used, "%s%s",
                         used ? ", " : "", name);
            return 0;
        }
    if (o->n_cases == BENCH_MAX_CASES)
        return nash_fail("--shapes: more than %d cases", BENCH_MAX_CASES);
    o->cases[o->n_cases] = *d;
    o->case_also[o->n_cases][0] = '\0';
    o->case_names[o->n_cases++] = name;
    return 0;
}

static int add_set(bench_kernels_opts *o, const char *set)
{
    for (int i = 0; i < bench_shape_count; i++)
        if (!set || strcmp(bench_shapes[i].set, set) == 0) {
            nash_conv_desc d;
            if (bench_shape_desc(&bench_shapes[i], o->batch, &d) != 0 ||
                add_case(o, &d, bench_shapes[i].name) != 0)
                return nash_fail_context("shape %s", bench_shapes[i].name);
        }
    return 0;
}

/* "resnet20,nb201,mbconv|all|NAME|DESC" (comma-separated) -> o->cases. */
static int resolve_shapes(bench_kernels_opts *o, const char *text)
{
    char buf[1024];
    if (strlen(text) >= sizeof buf)
        return nash_fail("--shapes: list longer than %zu characters", sizeof buf - 1);
    strcpy(buf, text);
    int item = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        item++;
        int rc = 0, found = 1;
        if (strcmp(tok, "all") == 0)
            rc = add_set(o, NULL);
        else if (strcmp(tok, "resnet20") == 0 || strcmp(tok, "nb201") == 0 ||
                 strcmp(tok, "mbconv") == 0)
            rc = add_set(o, tok);
        else if (tok[0] == 'n' && tok[1] >= '0' && tok[1] <= '9') {
            nash_conv_desc d;
            rc = parse_desc_string(tok, &d);
            if (rc == 0)
                rc = add_case(o, &d, "custom");
        } else {
            found = 0;
            for (int i = 0; i < bench_shape_count && !found; i++)
                if (strcmp(tok, bench_shapes[i].name) == 0) {
                    found = 1;
                    nash_conv_desc d;
                    rc = bench_shape_desc(&bench_shapes[i], o->batch, &d);
                    if (rc == 0)
                        rc = add_case(o, &d, bench_shapes[i].name);
                }
        }
        if (!found)
            return nash_fail("--shapes: unknown shape or set '%s' (item %d); sets: resnet20, "
                             "nb201, mbconv, all; shape names: see --help; or a descriptor "
                             "such as n8ic16ih32iw32_oc16oh32ow32_kh3kw3_sh1sw1_ph1pw1_g1",
                             tok, item);
        if (rc != 0)
            return -1;
    }
    if (o->n_cases == 0)
        return nash_fail("--shapes: no shape given");
    return 0;
}

static int resolve_ops(bench_kernels_opts *o, const char *text)
{
    char buf[256];
    if (strlen(text) >= sizeof buf)
        return nash_fail("--op: list too long");
    strcpy(buf, text);
    memset(o->ops, 0, sizeof o->ops);
    int any = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        int op = -1;
        for (int i = 0; i < BENCH_OP_COUNT; i++)
            if (strcmp(tok, bench_op_names[i]) == 0)
                op = i;
        if (op < 0)
            return nash_fail("--op: unknown op '%s' (conv, adder, shift)", tok);
        o->ops[op] = any = 1;
    }
    return any ? 0 : nash_fail("--op: no op given (conv, adder, shift)");
}

static void print_usage(const cli_option *opts)
{
    printf("usage: nash bench kernels [--threads T] [--batch N] [--reps R] [--op conv,adder,shift]\n"
           "                          [--shapes resnet20,nb201,mbconv|all|NAME|DESC] [--clock wall|cpu]\n"
           "                          [--csv F] [--json]\n\n");
    cli_print_options(stdout, opts);
    printf("\nshapes (pad = k/2; a DESC such as n8ic16ih32iw32_oc16oh32ow32_kh3kw3_sh1sw1_ph1pw1_g1\n"
           "brings its own batch):\n");
    for (int i = 0; i < bench_shape_count; i++) {
        const bench_shape *s = &bench_shapes[i];
        printf("  %-17s %-8s %3d->%-3d %dx%d s%d %2dx%-2d%s  %s\n", s->name, s->set, s->ic, s->oc,
               s->k, s->k, s->stride, s->hw, s->hw, s->groups > 1 ? " dw" : "   ", s->what);
    }
}

int bench_kernels_parse(int argc, char **argv, bench_kernels_opts *o)
{
    memset(o, 0, sizeof *o);
    int help = 0;
    const char *ops = "conv,adder,shift", *shapes = "all", *clock = "wall";
    o->batch = 64;
    o->reps = 10;
    o->warmup = 2;
    o->ref_max_mmac = 20.0;
    o->peak_ms = 200.0;
    o->copy_mib = 256.0;
    cli_option opts[] = {
        {"--threads", CLI_INT, &o->threads, "OpenMP threads (0: all cores)"},
        {"--batch", CLI_INT, &o->batch, "batch size of the named shapes"},
        {"--reps", CLI_INT, &o->reps, "timed repetitions per row (median, min, max)"},
        {"--warmup", CLI_INT, &o->warmup, "untimed calls before the timed ones"},
        {"--op", CLI_STRING, &ops, "ops to time: conv, adder, shift (comma-separated)"},
        {"--shapes", CLI_STRING, &shapes, "sets (resnet20, nb201, mbconv, all), shape names or descriptors"},
        {"--ref-max-mmac", CLI_FLOAT, &o->ref_max_mmac, "time the plain-C reference only up to this many M MAC"},
        {"--peak-ms", CLI_FLOAT, &o->peak_ms, "ms per trial of each machine-limit loop"},
        {"--copy-mib", CLI_FLOAT, &o->copy_mib, "MiB per buffer of the copy-bandwidth test"},
        {"--clock", CLI_STRING, &clock, "time behind rates and ratios: wall, or cpu (busiest thread's CPU time; for a shared machine)"},
        {"--csv", CLI_STRING, &o->csv, "write the rows to this CSV file (atomically)"},
        {"--json", CLI_FLAG, &o->json, "one JSON object on stdout (limits and rows)"},
        {"--help", CLI_FLAG, &help, "this text"},
        {0}};
    const char *pos[2];
    int np = 0;
    if (argc < 2 || strcmp(argv[1], "kernels") != 0)
        return nash_fail("bench kernels: expected argv[1] to be 'kernels'");
    if (cli_parse(argc, argv, 2, opts, pos, 2, &np) != 0)
        return -1;
    if (help) {
        print_usage(opts);
        return 1;
    }
    if (np > 0)
        return nash_fail("bench kernels: unexpected argument '%s'", pos[0]);
    if (o->threads < 0)
        return nash_fail("--threads: must be >= 0 (0: all cores), got %d", o->threads);
    if (o->batch < 1)
        return nash_fail("--batch: must be >= 1, got %d", o->batch);
    if (o->reps < 1)
        return nash_fail("--reps: must be >= 1, got %d", o->reps);
    if (o->warmup < 0)
        return nash_fail("--warmup: must be >= 0, got %d", o->warmup);
    if (!(o->ref_max_mmac >= 0))
        return nash_fail("--ref-max-mmac: must be >= 0, got %g", o->ref_max_mmac);
    if (!(o->peak_ms > 0) || o->peak_ms > 10000)
        return nash_fail("--peak-ms: must be in (0, 10000], got %g", o->peak_ms);
    if (!(o->copy_mib >= 0.0625) || o->copy_mib > 8192)
        return nash_fail("--copy-mib: must be in [0.0625, 8192], got %g", o->copy_mib);
    if (strcmp(clock, "wall") == 0 || strcmp(clock, "cpu") == 0)
        o->cpu_clock = strcmp(clock, "cpu") == 0;
    else
        return nash_fail("--clock: expected wall or cpu, got '%s'", clock);
    if (o->csv && !*o->csv)
        return nash_fail("--csv: empty file name");
    if (resolve_ops(o, ops) != 0 || resolve_shapes(o, shapes) != 0)
        return -1;
    return 0;
}

/* ------------------------------------------------------------------------- */
/* Buffers: allocated once for the largest case                               */

typedef struct buffers {
    float *x, *w, *wq, *y, *dx, *dw, *dy; /* blocked activations, plain weights */
    float *plain_x, *plain_dy;            /* NCHW copies for oneDNN */
    /* the check: the yardstick's result per direction in plain layout (y, dx
     * NCHW; dw as is), and a variant's result converted for the comparison */
    float *check_ref[BENCH_DIR_COUNT], *check_got;
    int have_ref[BENCH_DIR_COUNT];
    void *scratch;
    size_t scratch_bytes;
} buffers;

/* 64-byte aligned (2 MiB for big blocks, advised to use huge pages) and touched. */
static void *alloc_touched(size_t bytes)
{
    const size_t huge = (size_t)2 << 20;
    size_t align = bytes >= huge ? huge : 64;
    size_t size = (bytes + align - 1) / align * align;
    if (size == 0)
        size = align;
    void *p = aligned_alloc(align, size);
    if (!p)
        return NULL;
    if (align == huge)
        madvise(p, size, MADV_HUGEPAGE);
    memset(p, 0, size);
    return p;
}

static void free_buffers(buffers *b)
{
    float *all[] = {b->x,       b->w,        b->wq,       b->y,
                    b->dx,      b->dw,       b->dy,       b->plain_x,
                    b->plain_dy, b->check_ref[0], b->check_ref[1], b->check_ref[2],
                    b->check_got};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        free(all[i]);
    free(b->scratch);
    memset(b, 0, sizeof *b);
}

static int64_t x_floats(const nash_conv_desc *d) { return nash_blocked_size(d->n, d->ic, d->ih, d->iw); }
static int64_t y_floats(const nash_conv_desc *d) { return nash_blocked_size(d->n, d->oc, d->oh, d->ow); }
static int64_t w_floats(const nash_conv_desc *d)
{
    return (int64_t)d->oc * (d->ic / d->groups) * d->kh * d->kw;
}

static int alloc_buffers(const bench_kernels_opts *o, buffers *b)
{
    int64_t xn = 1, yn = 1, wn = 1;
    size_t scratch = 64;
    for (int i = 0; i < o->n_cases; i++) {
        const nash_conv_desc *d = &o->cases[i];
        xn = x_floats(d) > xn ? x_floats(d) : xn;
        yn = y_floats(d) > yn ? y_floats(d) : yn;
        wn = w_floats(d) > wn ? w_floats(d) : wn;
        size_t s = nash_conv_table_scratch_max(nash_conv_impls, d);
        size_t a = nash_conv_table_scratch_max(nash_adder_impls, d);
        scratch = s > scratch ? s : scratch;
        scratch = a > scratch ? a : scratch;
    }
    memset(b, 0, sizeof *b);
    b->x = alloc_touched(4 * (size_t)xn);
    b->dx = alloc_touched(4 * (size_t)xn);
    b->plain_x = alloc_touched(4 * (size_t)xn);
    b->y = alloc_touched(4 * (size_t)yn);
    b->dy = alloc_touched(4 * (size_t)yn);
    b->plain_dy = alloc_touched(4 * (size_t)yn);
    b->w = alloc_touched(4 * (size_t)wn);
    b->wq = alloc_touched(4 * (size_t)wn);
    b->dw = alloc_touched(4 * (size_t)wn);
    b->scratch = alloc_touched(scratch);
    b->check_ref[BENCH_FWD] = alloc_touched(4 * (size_t)yn);
    b->check_ref[BENCH_BWD_DATA] = alloc_touched(4 * (size_t)xn);
    b->check_ref[BENCH_BWD_WEIGHTS] = alloc_touched(4 * (size_t)wn);
    int64_t most = xn > yn ? xn : yn;
    b->check_got = alloc_touched(4 * (size_t)(most > wn ? most : wn));
    b->scratch_bytes = scratch;
    if (!b->x || !b->dx || !b->plain_x || !b->y || !b->dy || !b->plain_dy || !b->w || !b->wq ||
        !b->dw || !b->scratch || !b->check_ref[0] || !b->check_ref[1] || !b->check_ref[2] ||
        !b->check_got) {
        free_buffers(b);
        return nash_fail("bench kernels: out of memory for the buffers (%lld + %lld floats)",
                         (long long)xn, (long long)yn);
    }
    return 0;
}

/* N(0,1) inputs for case d: plain x, dy and w, and the blocked x, dy (pad lanes 0). */
static void fill_inputs(const nash_conv_desc *d, buffers *b, nash_rng *rng)
{
    int64_t xn = (int64_t)d->n * d->ic * d->ih * d->iw, yn = (int64_t)d->n * d->oc * d->oh * d->ow;
    for (int64_t i = 0; i < xn; i++)
        b->plain_x[i] = nash_rng_normal(rng);
    for (int64_t i = 0; i < yn; i++)
        b->plain_dy[i] = nash_rng_normal(rng);
    for (int64_t i = 0; i < w_floats(d); i++)
        b->w[i] = nash_rng_normal(rng);
    nash_nchw_to_blocked(d->n, d->ic, d->ih, d->iw, b->plain_x, b->x);
    nash_nchw_to_blocked(d->n, d->oc, d->oh, d->ow, b->plain_dy, b->dy);
    memset(b->have_ref, 0, sizeof b->have_ref);
}

/* ------------------------------------------------------------------------- */
/* The check: each variant's result against a yardstick (benchdnn's habit:  */
/* what is timed must compute the right thing)                              */

#define CHECK_TOLERANCE 1e-4 /* rel. error; fp32 sums in another order give ~1e-6 */

static int64_t result_floats(const nash_conv_desc *d, bench_dir dir)
{
    if (dir == BENCH_FWD)
        return (int64_t)d->n * d->oc * d->oh * d->ow;
    if (dir == BENCH_BWD_DATA)
        return (int64_t)d->n * d->ic * d->ih * d->iw;
    return w_floats(d);
}

/* The result a nash variant left for dir, in plain layout. */
static void result_plain(const nash_conv_desc *d, bench_dir dir, const buffers *b, float *out)
{
    if (dir == BENCH_FWD)
        nash_blocked_to_nchw(d->n, d->oc, d->oh, d->ow, b->y, out);
    else if (dir == BENCH_BWD_DATA)
        nash_blocked_to_nchw(d->n, d->ic, d->ih, d->iw, b->dx, out);
    else
        memcpy(out, b->dw, sizeof(float) * (size_t)w_floats(d));
}

/* max |got - ref| / max |ref|; infinite when got has a NaN. */
static double rel_error(const float *ref, const float *got, int64_t n)
{
    double maxref = 1e-30, maxdiff = 0.0;
    for (int64_t i = 0; i < n; i++) {
        double r = fabs((double)ref[i]), diff = fabs((double)got[i] - (double)ref[i]);
        if (r > maxref)
            maxref = r;
        if (!(diff <= maxdiff))
            maxdiff = isnan(diff) ? INFINITY : diff;
    }
    return maxdiff / maxref;
}

/* After a nash variant ran dir: its error against the yardstick's result, or,
 * when there is none yet (adder: the first variant is the yardstick), keep its
 * result as the yardstick and return NaN. */
static double check_result(const nash_conv_desc *d, bench_dir dir, buffers *b)
{
    int64_t n = result_floats(d, dir);
    if (!b->have_ref[dir]) {
        result_plain(d, dir, b, b->check_ref[dir]);
        b->have_ref[dir] = 1;
        return NAN;
    }
    result_plain(d, dir, b, b->check_got);
    return rel_error(b->check_ref[dir], b->check_got, n);
}

/* ------------------------------------------------------------------------- */
/* Timing                                                                     */

typedef enum job_kind { JOB_NASH, JOB_SHIFT, JOB_ONEDNN } job_kind;

typedef struct job {
    job_kind kind;
    const nash_conv_impl *impl; /* JOB_NASH, JOB_SHIFT */
    bench_onednn *dnnl;         /* JOB_ONEDNN */
    bench_dir dir;
    const nash_conv_desc *d;
    buffers *b;
} job;

static int run_job(const job *j)
{
    const nash_conv_desc *d = j->d;
    buffers *b = j->b;
    switch (j->kind) {
    case JOB_ONEDNN:
        return bench_onednn_run(j->dnnl);
    case JOB_SHIFT:
        nash_shift_pick()->q_weights(w_floats(d), b->w, b->wq, SHIFT_BITS);
        j->impl->forward(d, b->x, b->wq, NULL, b->y, b->scratch);
        return 0;
    case JOB_NASH:
    default:
        if (j->dir == BENCH_FWD)
            j->impl->forward(d, b->x, b->w, NULL, b->y, b->scratch);
        else if (j->dir == BENCH_BWD_DATA)
            j->impl->backward_data(d, b->x, b->w, b->dy, b->dx, b->scratch);
        else
            j->impl->backward_weights(d, b->x, b->w, b->dy, b->dw, NULL, b->scratch);
        return 0;
    }
}

typedef struct timing {
    double median, min, max; /* wall-clock ms */
    double cpu_median;       /* median CPU ms of the busiest thread per call (see time_job) */
} timing;

/* The ms that rates and ratios use: wall clock, or with --clock cpu the busiest thread's CPU ms. */
static double used_ms(const bench_kernels_opts *o, const timing *t)
{
    return o->cpu_clock ? t->cpu_median : t->median;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double thread_cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#define MAX_THREADS 256

/* CPU seconds so far of each thread of the OpenMP team the kernels use
 * (libgomp reuses the same pool threads, thread i for team member i). */
static int team_cpu_seconds(double *out)
{
    int team = 1;
    #pragma omp parallel
    {
        int id = omp_get_thread_num();
        if (id < MAX_THREADS)
            out[id] = thread_cpu_seconds();
        #pragma omp single
        team = omp_get_num_threads();
    }
    return team < MAX_THREADS ? team : MAX_THREADS;
}

static double median_sorted(const double *v, int n)
{
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* The busiest thread's CPU ms between two team_cpu_seconds() calls with nothing
 * in between (their own parallel regions), median of 15: subtracted from every
 * cpu_ms so small calls are not inflated by the measuring. */
static double cpu_probe_overhead_ms(void)
{
    static double overhead = -1.0;
    if (overhead < 0.0) {
        double v[15], before[MAX_THREADS], after[MAX_THREADS];
        for (int i = 0; i < 15; i++) {
            int team = team_cpu_seconds(before);
            team_cpu_seconds(after);
            v[i] = 0.0;
            for (int k = 0; k < team; k++)
                if (1e3 * (after[k] - before[k]) > v[i])
                    v[i] = 1e3 * (after[k] - before[k]);
        }
        qsort(v, 15, sizeof(double), cmp_double);
        overhead = v[7];
    }
    return overhead;
}

/* Wall-clock ms of each call (median, min, max) and, beside it, the CPU ms of
 * the busiest thread of the team: on a machine shared with other jobs the wall
 * clock includes the time our threads waited for a core, the CPU time does not;
 * on an idle machine the two should agree. Needs OMP_WAIT_POLICY=passive
 * (else threads waiting at a barrier spin and count). samples: 2 * reps doubles. */
static int time_job(const job *j, int warmup, int reps, double *samples, timing *t)
{
    for (int i = 0; i < warmup; i++)
        if (run_job(j) != 0)
            return -1;
    double *cpu = samples + reps;
    double before[MAX_THREADS], after[MAX_THREADS];
    const double overhead = cpu_probe_overhead_ms();
    for (int i = 0; i < reps; i++) {
        int team = team_cpu_seconds(before);
        double t0 = nash_now();
        if (run_job(j) != 0)
            return -1;
        samples[i] = 1e3 * (nash_now() - t0);
        team_cpu_seconds(after);
        cpu[i] = 0.0;
        for (int k = 0; k < team; k++)
            if (1e3 * (after[k] - before[k]) > cpu[i])
                cpu[i] = 1e3 * (after[k] - before[k]);
    }
    for (int i = 0; i < reps; i++)
        cpu[i] = cpu[i] > overhead ? cpu[i] - overhead : 0.0;
    qsort(samples, (size_t)reps, sizeof(double), cmp_double);
    qsort(cpu, (size_t)reps, sizeof(double), cmp_double);
    t->min = samples[0];
    t->max = samples[reps - 1];
    t->median = median_sorted(samples, reps);
    t->cpu_median = median_sorted(cpu, reps);
    return 0;
}

/* ------------------------------------------------------------------------- */
/* Rows and reports                                                           */

typedef struct row {
    bench_op op;
    const char *shape;
    char desc[128];
    bench_dir dir;
    char variant[32];
    char impl[160];
    timing t;
    double rate;               /* GFLOP/s or GMAC/s */
    double vs_onednn, vs_peak, vs_conv; /* NaN: not applicable */
    double check_err;          /* rel. error against the yardstick; NaN: not checked */
} row;

typedef struct run_state {
    const bench_kernels_opts *o;
    bench_peak peak;
    row *rows;
    int n_rows, cap_rows;
    int skipped_ref;
    int wrong; /* rows whose result differs from the yardstick beyond CHECK_TOLERANCE */
} run_state;

static row *new_row(run_state *s)
{
    if (s->n_rows == s->cap_rows) {
        int cap = s->cap_rows ? 2 * s->cap_rows : 64;
        row *r = realloc(s->rows, sizeof(row) * (size_t)cap);
        if (!r)
            return NULL;
        s->rows = r;
        s->cap_rows = cap;
    }
    row *r = &s->rows[s->n_rows++];
    memset(r, 0, sizeof *r);
    r->vs_onednn = r->vs_peak = r->vs_conv = r->check_err = NAN;
    return r;
}

static const char *rate_unit(bench_op op) { return op == BENCH_OP_ADDER ? "GMAC/s" : "GFLOP/s"; }

static void format_ratio(char *buf, size_t size, double v)
{
    if (isfinite(v))
        snprintf(buf, size, "%.2f", v);
    else
        snprintf(buf, size, "-");
}

static void print_row(const row *r)
{
    char a[16], b[16], c[16], e[32];
    format_ratio(a, sizeof a, r->vs_onednn);
    format_ratio(b, sizeof b, r->vs_peak);
    format_ratio(c, sizeof c, r->vs_conv);
    if (isnan(r->check_err))
        snprintf(e, sizeof e, "-");
    else
        snprintf(e, sizeof e, "%.1e%s", r->check_err,
                 r->check_err <= CHECK_TOLERANCE ? "" : " WRONG");
    printf("  %-5s %-11s %-9s %9.3f [%8.3f %8.3f] %8.3f %8.1f %-7s %6s %6s %6s %8s  %s\n",
           bench_op_names[r->op], bench_dir_names[r->dir], r->variant, r->t.median, r->t.min,
           r->t.max, r->t.cpu_median, r->rate, rate_unit(r->op), a, b, c, e, r->impl);
    fflush(stdout);
}

/* Fills the rate and peak ratio of a timed row and prints it (table mode). */
static void finish_row(run_state *s, row *r, int64_t macs)
{
    double per_ms = r->op == BENCH_OP_ADDER ? (double)macs : 2.0 * (double)macs;
    const double ms = used_ms(s->o, &r->t);
    r->rate = ms > 0 ? per_ms / ms / 1e6 : NAN; /* cpu_ms can be 0 for calls of a few us */
    /* the limit by the same clock as the row */
    double limit = r->op == BENCH_OP_ADDER
                       ? (s->o->cpu_clock ? s->peak.adder_gmacs : s->peak.adder_gmacs_wall)
                       : (s->o->cpu_clock ? s->peak.fma_gflops : s->peak.fma_gflops_wall);
    r->vs_peak = isfinite(limit) && limit > 0 ? r->rate / limit : NAN;
    if (!s->o->json)
        print_row(r);
}

/* ",<v to 6 significant digits>", or "," alone when v is not applicable (NaN). */
static void csv_number(text_buf *tb, double v)
{
    tb_printf(tb, ",");
    if (isfinite(v))
        tb_printf(tb, "%.6g", v);
}

static int write_csv(const run_state *s, const char *path)
{
    text_buf tb = {0};
    tb_printf(&tb, "%s\n", BENCH_KERNELS_CSV_HEADER);
    for (int i = 0; i < s->n_rows; i++) {
        const row *r = &s->rows[i];
        char impl[sizeof r->impl];
        snprintf(impl, sizeof impl, "%s", r->impl);
        for (char *c = impl; *c; c++)
            if (*c == ',' || *c == '\n' || *c == '"')
                *c = ';'; /* keep the CSV one plain field per column */
        tb_printf(&tb, "%s,%s,%s,%s,%s,%s", bench_op_names[r->op], r->shape, r->desc,
                  bench_dir_names[r->dir], r->variant, impl);
        csv_number(&tb, r->t.median);
        csv_number(&tb, r->t.min);
        csv_number(&tb, r->t.max);
        csv_number(&tb, r->t.cpu_median);
        csv_number(&tb, r->rate);
        tb_printf(&tb, ",%s", rate_unit(r->op));
        csv_number(&tb, r->vs_onednn);
        csv_number(&tb, r->vs_peak);
        csv_number(&tb, r->vs_conv);
        csv_number(&tb, r->check_err);
        tb_printf(&tb, "\n");
    }
    if (tb_write_atomic(&tb, path) != 0)
        return nash_fail_context("bench kernels: writing the CSV %s", path);
    return 0;
}

static void json_number(double v)
{
    if (isfinite(v))
        printf("%.6g", v);
    else
        printf("null");
}

static void print_json(const run_state *s)
{
    const bench_kernels_opts *o = s->o;
    const bench_peak *p = &s->peak;
    printf("{\"threads\":%d,\"batch\":%d,\"reps\":%d,\"warmup\":%d,\"clock\":\"%s\","
           "\"peak\":{\"fma_gflops\":",
           nash_get_threads(), o->batch, o->reps, o->warmup, o->cpu_clock ? "cpu" : "wall");
    json_number(p->fma_gflops);
    printf(",\"fma_gflops_wall\":");
    json_number(p->fma_gflops_wall);
    printf(",\"adder_gmacs\":");
    json_number(p->adder_gmacs);
    printf(",\"adder_gmacs_wall\":");
    json_number(p->adder_gmacs_wall);
    printf(",\"adder_best_mix\":\"%s\",\"adder_naive_gmacs\":", p->adder_best_mix);
    json_number(p->adder_naive_gmacs);
    printf(",\"adder_mixes\":{");
    for (int i = 0; i < BENCH_ADDER_MIXES; i++) {
        printf("%s\"%s\":", i ? "," : "", p->mixes[i].name);
        json_number(p->mixes[i].gmacs);
    }
    printf("},\"copy_gbs\":");
    json_number(p->copy_gbs);
    printf("},\"ref_skipped\":%d,\"wrong_results\":%d,\"rows\":[", s->skipped_ref, s->wrong);
    for (int i = 0; i < s->n_rows; i++) {
        const row *r = &s->rows[i];
        text_buf tb = {0};
        tb_json_string(&tb, r->impl);
        printf("%s{\"op\":\"%s\",\"shape\":\"%s\",\"desc\":\"%s\",\"direction\":\"%s\","
               "\"variant\":\"%s\",\"impl\":%s,\"ms_median\":%.6g,\"ms_min\":%.6g,"
               "\"ms_max\":%.6g,\"cpu_ms\":%.6g,\"rate_unit\":\"%s\",\"rate\":",
               i ? "," : "", bench_op_names[r->op], r->shape, r->desc, bench_dir_names[r->dir],
               r->variant, tb.data ? tb.data : "\"\"", r->t.median, r->t.min, r->t.max,
               r->t.cpu_median, rate_unit(r->op));
        tb_free(&tb);
        json_number(r->rate);
        printf(",\"vs_onednn\":");
        json_number(r->vs_onednn);
        printf(",\"vs_peak\":");
        json_number(r->vs_peak);
        printf(",\"vs_conv\":");
        json_number(r->vs_conv);
        printf(",\"rel_err\":");
        json_number(r->check_err);
        printf("}");
    }
    printf("]}\n");
}

static void print_peak(const bench_peak *p)
{
    printf("machine limits (%d thread%s, best of 7 interleaved trials; register loops, see tools/bench_peak.c)\n",
           p->threads, p->threads == 1 ? "" : "s");
    if (!p->have_avx2) {
        printf("  FMA peak: n/a (no AVX2+FMA)\n  adder limit: n/a (no AVX2+FMA)\n");
    } else {
        printf("  rates by thread CPU time (the cores' limit); wall clock in brackets\n");
        printf("  FMA peak (vfmadd231ps ymm, 12 chains): %8.1f GFLOP/s [%.1f]\n", p->fma_gflops,
               p->fma_gflops_wall);
        printf("  adder limit (best mix: %s): %8.1f GMAC/s [%.1f]\n", p->adder_best_mix,
               p->adder_gmacs, p->adder_gmacs_wall);
        for (int i = 0; i < BENCH_ADDER_MIXES; i++)
            printf("    %-15s %8.1f GMAC/s [%5.1f]  %s\n", p->mixes[i].name, p->mixes[i].gmacs,
                   p->mixes[i].gmacs_wall, p->mixes[i].description);
    }
    printf("  copy bandwidth (2 x %.0f MiB, read + write bytes): %.1f GB/s\n\n",
           (double)p->copy_bytes / (1 << 20), p->copy_gbs);
}

/* ------------------------------------------------------------------------- */
/* One case                                                                   */

static int accepts(const nash_conv_impl *impl, const nash_conv_desc *d)
{
    return nash_isa_has(impl->isa) && impl->unsupported(d) == NULL;
}

static int is_ref(const nash_conv_impl *impl) { return strcmp(impl->name, "ref") == 0; }

/* oneDNN's best (direct vs auto) for one direction: a "dnnl-best" row (when conv
 * is selected) and its median ms in *best_ms (NaN when oneDNN has none). */
static int time_onednn(run_state *s, const nash_conv_desc *d, const char *name, const char *desc,
                       bench_dir dir, buffers *b, double *samples, double *best_ms)
{
    const bench_kernels_opts *o = s->o;
    *best_ms = NAN;
    bench_onednn *direct = bench_onednn_create(d, dir, 0);
    bench_onednn *autoc = bench_onednn_create(d, dir, 1);
    if (!direct && !autoc) {
        if (!o->json)
            printf("  conv  %-11s dnnl-best skipped: %s\n", bench_dir_names[dir], nash_last_error());
        return 0;
    }
    /* auto that chose the same implementation and algorithm is the same primitive */
    int same = direct && autoc && strcmp(bench_onednn_impl(direct), bench_onednn_impl(autoc)) == 0 &&
               strcmp(bench_onednn_algorithm(direct), bench_onednn_algorithm(autoc)) == 0;
    bench_onednn *cands[2] = {direct, same ? NULL : autoc};
    timing t[2];
    int rc = 0;
    for (int i = 0; i < 2 && rc == 0; i++) {
        if (!cands[i])
            continue;
        rc = bench_onednn_load(cands[i], b->plain_x, b->w, b->plain_dy);
        job j = {.kind = JOB_ONEDNN, .dnnl = cands[i], .dir = dir, .d = d, .b = b};
        if (rc == 0)
            rc = time_job(&j, o->warmup + 1, o->reps, samples, &t[i]); /* +1: JIT and first touch */
    }
    if (rc == 0) {
        int best = !cands[0] || (cands[1] && used_ms(o, &t[1]) < used_ms(o, &t[0])) ? 1 : 0;
        int other = 1 - best;
        *best_ms = used_ms(o, &t[best]);
        /* oneDNN's result is the yardstick of nash's conv variants */
        rc = bench_onednn_result(cands[best], b->check_ref[dir]);
        b->have_ref[dir] = rc == 0;
        if (o->ops[BENCH_OP_CONV]) {
            row *r = new_row(s);
            if (!r) {
                rc = nash_fail("bench kernels: out of memory for rows");
            } else {
                r->op = BENCH_OP_CONV;
                r->shape = name;
                snprintf(r->desc, sizeof r->desc, "%s", desc);
                r->dir = dir;
                snprintf(r->variant, sizeof r->variant, "dnnl-best");
                if (same)
                    snprintf(r->impl, sizeof r->impl, "%s %s (auto chose the same)",
                             bench_onednn_impl(cands[0]), bench_onednn_algorithm(cands[0]));
                else if (cands[other])
                    snprintf(r->impl, sizeof r->impl, "%s %s (%s; other: %s %s %.3f ms)",
                             bench_onednn_impl(cands[best]), bench_onednn_algorithm(cands[best]),
                             best ? "auto" : "direct", bench_onednn_impl(cands[other]),
                             bench_onednn_algorithm(cands[other]), used_ms(o, &t[other]));
                else
                    snprintf(r->impl, sizeof r->impl, "%s %s (%s only)",
                             bench_onednn_impl(cands[best]), bench_onednn_algorithm(cands[best]),
                             best ? "auto" : "direct");
                r->t = t[best];
                r->vs_onednn = 1.0;
                finish_row(s, r, nash_conv_macs(d));
            }
        }
    }
    bench_onednn_free(direct);
    bench_onednn_free(autoc);
    return rc;
}

static row *timed_row(run_state *s, bench_op op, const char *name, const char *desc,
                      bench_dir dir, const nash_conv_impl *impl, const timing *t)
{
    row *r = new_row(s);
    if (!r) {
        nash_fail("bench kernels: out of memory for rows");
        return NULL;
    }
    r->op = op;
    r->shape = name;
    snprintf(r->desc, sizeof r->desc, "%s", desc);
    r->dir = dir;
    snprintf(r->variant, sizeof r->variant, "%s", impl->name);
    r->t = *t;
    return r;
}

static int bench_case(run_state *s, int ci, buffers *b, double *samples, nash_rng *rng)
{
    const bench_kernels_opts *o = s->o;
    const nash_conv_desc *d = &o->cases[ci];
    const char *name = o->case_names[ci];
    char desc[128];
    nash_conv_desc_str(d, desc, sizeof desc);
    const int64_t macs = nash_conv_macs(d);
    const int ref_ok = (double)macs <= o->ref_max_mmac * 1e6;
    fill_inputs(d, b, rng);
    if (!o->json)
        printf("%s  %s  (%.1f M MAC)%s%s\n", name, desc, (double)macs / 1e6,
               o->case_also[ci][0] ? "  also: " : "", o->case_also[ci]);

    /* oneDNN first: every conv and shift row is compared with it */
    double dnnl_ms[BENCH_DIR_COUNT] = {NAN, NAN, NAN};
    for (int dir = 0; dir < BENCH_DIR_COUNT; dir++) {
        if (!o->ops[BENCH_OP_CONV] && !(o->ops[BENCH_OP_SHIFT] && dir == BENCH_FWD))
            continue;
        if (time_onednn(s, d, name, desc, (bench_dir)dir, b, samples, &dnnl_ms[dir]) != 0)
            return nash_fail_context("%s (%s) %s, oneDNN", name, desc, bench_dir_names[dir]);
    }

    /* nash conv variants; the forward times are kept for the shift ratio */
    double conv_fwd_ms[32];
    for (int i = 0; i < 32; i++)
        conv_fwd_ms[i] = NAN;
    for (int i = 0; i < 32 && nash_conv_impls[i]; i++) {
        const nash_conv_impl *impl = nash_conv_impls[i];
        if (!accepts(impl, d))
            continue;
        if (is_ref(impl) && !ref_ok) {
            s->skipped_ref += o->ops[BENCH_OP_CONV] * 3 + o->ops[BENCH_OP_SHIFT];
            if (!o->json && (o->ops[BENCH_OP_CONV] || o->ops[BENCH_OP_SHIFT]))
                printf("  conv/shift ref skipped: %.1f M MAC > --ref-max-mmac %g\n",
                       (double)macs / 1e6, o->ref_max_mmac);
            continue;
        }
        for (int dir = 0; dir < BENCH_DIR_COUNT; dir++) {
            const int need_fwd = dir == BENCH_FWD && o->ops[BENCH_OP_SHIFT];
            if (!o->ops[BENCH_OP_CONV] && !need_fwd)
                continue;
            job j = {.kind = JOB_NASH, .impl = impl, .dir = (bench_dir)dir, .d = d, .b = b};
            timing t;
            time_job(&j, o->warmup, o->reps, samples, &t);
            if (dir == BENCH_FWD)
                conv_fwd_ms[i] = used_ms(o, &t);
            if (!o->ops[BENCH_OP_CONV])
                continue;
            row *r = timed_row(s, BENCH_OP_CONV, name, desc, (bench_dir)dir, impl, &t);
            if (!r)
                return -1;
            r->vs_onednn = dnnl_ms[dir] / used_ms(o, &t);
            if (b->have_ref[dir]) /* never make a nash variant the conv yardstick */
                r->check_err = check_result(d, (bench_dir)dir, b);
            s->wrong += r->check_err > CHECK_TOLERANCE;
            finish_row(s, r, macs);
        }
        if (o->ops[BENCH_OP_SHIFT]) {
            job j = {.kind = JOB_SHIFT, .impl = impl, .dir = BENCH_FWD, .d = d, .b = b};
            timing t;
            time_job(&j, o->warmup, o->reps, samples, &t);
            row *r = timed_row(s, BENCH_OP_SHIFT, name, desc, BENCH_FWD, impl, &t);
            if (!r)
                return -1;
            r->vs_onednn = dnnl_ms[BENCH_FWD] / used_ms(o, &t);
            r->vs_conv = conv_fwd_ms[i] / used_ms(o, &t);
            finish_row(s, r, macs);
        }
    }

    /* adder: no oneDNN; the first (fastest) variant is the others' yardstick */
    memset(b->have_ref, 0, sizeof b->have_ref);
    if (o->ops[BENCH_OP_ADDER])
        for (int i = 0; nash_adder_impls[i]; i++) {
            const nash_conv_impl *impl = nash_adder_impls[i];
            if (!accepts(impl, d))
                continue;
            if (is_ref(impl) && !ref_ok) {
                s->skipped_ref += 3;
                if (!o->json)
                    printf("  adder ref skipped: %.1f M MAC > --ref-max-mmac %g\n",
                           (double)macs / 1e6, o->ref_max_mmac);
                continue;
            }
            for (int dir = 0; dir < BENCH_DIR_COUNT; dir++) {
                job j = {.kind = JOB_NASH, .impl = impl, .dir = (bench_dir)dir, .d = d, .b = b};
                timing t;
                time_job(&j, o->warmup, o->reps, samples, &t);
                row *r = timed_row(s, BENCH_OP_ADDER, name, desc, (bench_dir)dir, impl, &t);
                if (!r)
                    return -1;
                r->check_err = check_result(d, (bench_dir)dir, b);
                s->wrong += r->check_err > CHECK_TOLERANCE;
                finish_row(s, r, macs);
            }
        }
    return 0;
}

/* ------------------------------------------------------------------------- */

int bench_kernels_main(int argc, char **argv)
{
    bench_kernels_opts o;
    int rc = bench_kernels_parse(argc, argv, &o);
    if (rc != 0)
        return rc > 0 ? 0 : cli_error(nash_last_error());
    nash_set_threads(o.threads);
    run_state s;
    memset(&s, 0, sizeof s);
    s.o = &o;
    if (bench_peak_measure(&s.peak, nash_get_threads(), o.peak_ms,
                           (size_t)(o.copy_mib * 1048576.0)) != 0)
        return cli_error(nash_last_error());
    if (!o.json) {
        printf("nash bench kernels: %d case%s, batch %d (named shapes), %d timed reps after %d "
               "warm-up, %d thread%s; rates and ratios by %s\n\n",
               o.n_cases, o.n_cases == 1 ? "" : "s", o.batch, o.reps, o.warmup,
               nash_get_threads(), nash_get_threads() == 1 ? "" : "s",
               o.cpu_clock ? "CPU time of the busiest thread (--clock cpu)" : "wall clock");
        print_peak(&s.peak);
        printf("  %-5s %-11s %-9s %9s [%8s %8s] %8s %8s %-7s %6s %6s %6s %8s  %s\n", "op",
               "direction", "variant", "ms med", "min", "max", "cpu ms", "rate", "unit", "/dnnl",
               "/peak", "/conv", "rel err", "oneDNN implementation");
    }
    buffers b;
    double *samples = malloc(sizeof(double) * 2 * (size_t)o.reps);
    if (!samples || alloc_buffers(&o, &b) != 0) {
        free(samples);
        return cli_error(nash_last_error());
    }
    nash_rng rng;
    nash_rng_seed(&rng, 20261124);
    for (int ci = 0; ci < o.n_cases && rc == 0; ci++)
        rc = bench_case(&s, ci, &b, samples, &rng);
    if (rc == 0 && o.csv)
        rc = write_csv(&s, o.csv);
    if (rc == 0) {
        if (o.json)
            print_json(&s);
        else if (s.skipped_ref)
            printf("\n%d reference row%s skipped (above --ref-max-mmac %g M MAC)\n", s.skipped_ref,
                   s.skipped_ref == 1 ? "" : "s", o.ref_max_mmac);
    }
    if (rc == 0 && s.wrong)
        rc = nash_fail("%d row%s computed a result that differs from the yardstick by more than "
                       "%g (rel_err column)",
                       s.wrong, s.wrong == 1 ? "" : "s", CHECK_TOLERANCE);
    free_buffers(&b);
    free(samples);
    free(s.rows);
    return rc == 0 ? 0 : cli_error(nash_last_error());
}
