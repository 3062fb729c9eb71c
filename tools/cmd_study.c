/*
 * cmd_study.c — `nash study`: do the zero-shot proxies rank hybrid networks
 * the way real training does? Samples architectures of a search space,
 * trains each on a short budget, scores each with the proxies, correlates.
 *
 * Owns: the study protocol (which archs, the shortened NB201 recipe, the
 * proxy protocol of `nash proxies`), the default budget (the arithmetic is at
 * STUDY_DEFAULT_EPOCHS), the per-arch progress line, and the study directory:
 *   study.json           the protocol, written atomically before the first
 *                        arch; --resume refuses a directory started with other
 *                        settings (only --samples may grow, --threads and
 *                        --bootstrap may change)
 *   study.csv            one row per arch: index, arch, test_acc, train_loss,
 *                        train_seconds, one column per proxy; each row is
 *                        appended whole and fsynced when its arch is finished,
 *                        a torn last line is cut on --resume, and a finished
 *                        arch is never redone
 *   correlations.csv     Kendall tau-b and Spearman rho of every proxy vs
 *   scatter_<proxy>.svg  test_acc with 95 % bootstrap intervals, in the layout
 *                        of `nash correlate`; also printed (or --json)
 * Does not own: training (runtime/train.c), the proxies (nas/proxies.c), the
 * statistics (nas/stats.c), CSV parsing (csv_table.c), atomic files and SVG
 * (report_files.c).
 *
 * Equivalences, checked by tests/test_study.c: a row's test_acc and
 * train_loss are what `nash train --arch <space>:<arch> --epochs E
 * --train-limit L --test-limit T --batch B --lr LR --seed S` reports (same
 * thread count), and its proxy cells are what `nash proxies --space <space>
 * --archs N --seed S --batch PB` writes for that arch: the same N archs, the
 * same minibatch, the same initialisation. So any row can be re-checked alone.
 * The subset rule, the proxy minibatch and the architecture sample are the
 * shared ones of proxy_inputs.c, so both equivalences hold by construction.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "mpi_group.h"
#include "csv_table.h"
#include "nash_datasets.h"
#include "nash_nas.h"
#include "proxy_inputs.h"
#include "report_files.h"
#include "stats.h"

/* ------------------------------------------------------------------------- */
/* The default budget                                                          */
/*
 * The whole default study (hb201, 30 archs, every proxy) must finish within
 * 2 hours on this machine (2 cores, Zen 3, AVX2, 23 GB). Measured with a
 * timing loop under `nice -n 19`, OMP_NUM_THREADS=1, counting the process's
 * CPU time so the two other jobs on the machine do not inflate it; batch 128
 * at 32x32, forward + backward + SGD step, two steps after a warm-up step:
 *   10 seeded random hb201 archs: 55 .. 138 img/s, 75.9 img/s overall (total
 *   images / total seconds, the average that adds up to study time);
 *   evaluation about 3x faster than training; the slowest cell (all six
 *   edges adder_conv_3x3, 220 M MACs) 28 img/s; every proxy at batch 64:
 *   9 .. 26 s per arch (42 s for the all-adder cell); build + compile of a
 *   net at batch 128 (a 2.7 .. 3.0 GB arena, pre-faulted): 0 .. 10.8 s,
 *   single-threaded; loading the 50,000 CIFAR-10 training JPEGs: 6.7 s.
 * Two threads are taken as 1.8x one thread (not measured: both cores were
 * busy). Planning speed, conservatively the slow third of the sample rather
 * than the mean: 1.8 x 60 = 108 img/s. Per arch:
 *   training, 3 epochs x 5,000 images = 15,000 img / 108 img/s   = 139 s
 *   evaluation of 2,000 test images at ~3x that speed             =   7 s
 *   every proxy, 26 s / 1.8 rounded up                            =  20 s
 *   two builds + compiles (training net, proxy net), 2 x 11 s     =  22 s
 *                                                                 ~ 188 s
 * 30 archs x 188 s = 5,640 s = 94 min, + data loading ~1 min: ~1.6 h, 25 min
 * inside the limit (~70 min at the measured mean speed; ~110 min if two
 * threads gave only 1.5x). Peak memory ~5 GB. 117 SGD steps of batch 128 is
 * short, but it separates good cells from bad ones; more epochs on fewer
 * images would cost the same time.
 */
#define STUDY_DEFAULT_SAMPLES 30
#define STUDY_DEFAULT_EPOCHS 3
#define STUDY_DEFAULT_TRAIN_LIMIT 5000
#define STUDY_DEFAULT_TEST_LIMIT 2000

/* The shortened NB201 recipe (Dong & Yang 2020, Table 2: SGD Nesterov momentum
 * 0.9, weight decay 5e-4, cosine from 0.1 to 0, batch 256 for 200 epochs). */
#define STUDY_MOMENTUM 0.9
#define STUDY_WEIGHT_DECAY 5e-4

typedef struct study_opts {
    const char *space, *dataset, *data, *proxy, *out;
    int samples, epochs, train_limit, test_limit, batch, seed, threads;
    int proxy_batch, zen_repeats, bootstrap, resume, json, quiet;
    double lr;
} study_opts;

/* ------------------------------------------------------------------------- */
/* Small helpers                                                               */

/* fsync of a directory, so a file just created in it survives a crash. */
static void json_number(text_buf *b, double v)
{
    if (isfinite(v))
        tb_printf(b, "%.8g", v);
    else
        tb_printf(b, "null");
}

/* ------------------------------------------------------------------------- */
/* Which architectures: the draw of `nash proxies --archs N --seed S`          */

/* ------------------------------------------------------------------------- */
/* Data: the training and test subsets, and the proxy minibatch                */

typedef struct study_data {
    nash_dataset train, test;    /* the subsets (take_subset) */
    int train_split_n, test_split_n;
    float train_mean[3], train_std[3]; /* of the training subset: the training normalisation */
    float split_mean[3], split_std[3]; /* of the whole training split: the proxies' */
    char dir[4096], how[64], source[1024];
    nash_data_kind kind;
    nash_proxy_config pc;
    nash_proxy_data pd;
    proxy_images proxy;          /* the proxies' minibatch, drawn as nash proxies draws it */
} study_data;

static void study_data_free(study_data *d)
{
    nash_dataset_free(&d->train);
    nash_dataset_free(&d->test);
    proxy_images_free(&d->proxy);
}

static int study_data_load(const study_opts *o, int need, study_data *d)
{
    int kind = nash_data_kind_parse(o->dataset);
    if (kind < 0)
        return -1;
    d->kind = (nash_data_kind)kind;
    const char *how;
    if (nash_data_dir_resolve(o->data, o->dataset, d->dir, sizeof d->dir, &how, &d->kind) != 0)
        return -1;
    snprintf(d->how, sizeof d->how, "%s", how);
    if (nash_dataset_load(&d->train, d->kind, d->dir, "train", 0) != 0 ||
        nash_dataset_load(&d->test, d->kind, d->dir, "test", 0) != 0)
        return -1;
    snprintf(d->source, sizeof d->source, "%s", d->train.source);
    d->train_split_n = d->train.n;
    d->test_split_n = d->test.n;
    nash_dataset_mean_std(&d->train, d->split_mean, d->split_std);
    if (need > 0 && proxy_images_draw(&d->train, o->seed, need, 0, d->split_mean, d->split_std,
                                      &d->proxy) != 0)
        return nash_fail_context("proxy minibatch from %s", d->dir);
    if (dataset_take_subset(&d->train, o->train_limit, (uint64_t)o->seed) != 0 ||
        dataset_take_subset(&d->test, o->test_limit, (uint64_t)o->seed + 1) != 0)
        return -1;
    if (d->train.n / o->batch < 1)
        return nash_fail("%s: %d training images give no full batch of %d (--train-limit, --batch)",
                         d->dir, d->train.n, o->batch);
    if (d->test.n < 1)
        return nash_fail("%s: no test images", d->dir);
    nash_dataset_mean_std(&d->train, d->train_mean, d->train_std);
    d->pd = (nash_proxy_data){.n = need, .c = 3, .h = d->train.h, .w = d->train.w,
                              .classes = d->train.classes, .images = d->proxy.images,
                              .labels = d->proxy.labels};
    return 0;
}

/* ------------------------------------------------------------------------- */
/* One architecture: train, evaluate, score                                    */

/* A loader as a batch source that remembers whether it (not the network) failed. */
typedef struct study_source {
    nash_loader *ld;
    int failed;
} study_source;

static int study_source_next(void *user, float *images, int32_t *labels)
{
    study_source *s = user;
    int n = nash_loader_next(s->ld, images, labels);
    if (n < 0)
        s->failed = 1;
    return n;
}

typedef struct arch_result {
    double test_acc, train_loss; /* NaN when training diverged */
    double train_seconds, total_seconds;
    int diverged;
    char why[512];               /* the divergence message (names the node) */
    double scores[NASH_PROXY_COUNT];
} arch_result;

/* Trains `arch` with the study recipe (the steps of cmd_train.c's train_run,
 * minus its files) and evaluates it once after the last epoch. Returns 0 with
 * res->diverged set when the loss or a gradient became non-finite, -1 when the
 * network cannot be built or the data fails. */
static int train_and_evaluate(const study_opts *o, const nash_space *sp, const study_data *d,
                              const char *arch, arch_result *res)
{
    double t0 = nash_now();
    int rc = -1;
    nash_optim *opt = NULL;
    study_source train_src = {0}, test_src = {0};
    nash_net *net = nash_space_build(sp, arch, 3, d->train.h, d->train.w, d->train.classes);
    if (!net || nash_net_set_fusion(net, 1) != 0 || nash_net_compile(net, o->batch) != 0)
        goto out;
    nash_rng init_rng;
    nash_rng_seed(&init_rng, (uint64_t)o->seed);
    nash_net_init_params(net, &init_rng);
    nash_optim_config oc = {.kind = NASH_OPTIM_SGD, .lr = (float)o->lr,
                            .momentum = (float)STUDY_MOMENTUM, .nesterov = 1,
                            .weight_decay = (float)STUDY_WEIGHT_DECAY, .decay_all = 0};
    if (!(opt = nash_optim_create(net, &oc)))
        goto out;
    nash_loader_config tl = {.batch = o->batch, .shuffle = 1, .augment = 1, .drop_last = 1,
                             .seed = (uint64_t)o->seed};
    nash_loader_config el = {.batch = o->batch, .seed = (uint64_t)o->seed};
    memcpy(tl.mean, d->train_mean, sizeof tl.mean), memcpy(tl.std, d->train_std, sizeof tl.std);
    memcpy(el.mean, d->train_mean, sizeof el.mean), memcpy(el.std, d->train_std, sizeof el.std);
    train_src.ld = nash_loader_create(&d->train, &tl);
    test_src.ld = nash_loader_create(&d->test, &el);
    if (!train_src.ld || !test_src.ld)
        goto out;
    int per_epoch = nash_loader_batches(train_src.ld);
    nash_schedule sched = {.kind = NASH_SCHED_COSINE, .base_lr = (float)o->lr,
                           .total_steps = (int64_t)per_epoch * o->epochs};
    int64_t step = 0;
    nash_epoch_result tr = {0}, te = {0};
    for (int e = 0; e < o->epochs; e++) {
        nash_loader_start_epoch(train_src.ld, e);
        nash_progress pg = {.label = "train", .epoch = e + 1, .epochs = o->epochs,
                            .batches = per_epoch, .quiet = 1};
        if (nash_train_epoch(net, opt, &sched, &step, 0.0f, study_source_next, &train_src, &pg,
                             &tr) != 0) {
            if (train_src.failed)
                goto out;
            res->diverged = 1;
            snprintf(res->why, sizeof res->why, "%s", nash_last_error());
            res->test_acc = res->train_loss = NAN;
            res->train_seconds = nash_now() - t0;
            rc = 0;
            goto out;
        }
    }
    res->train_seconds = nash_now() - t0;
    /* the BN re-calibration nash train does before its last test (same batches:
     * the training loader at epoch 1000000 + last epoch), so rows stay equal */
    int recal = nash_bn_recal_default(net);
    if (recal > 0) {
        nash_loader_start_epoch(train_src.ld, 1000000 + o->epochs - 1);
        if (nash_bn_recalibrate(net, study_source_next, &train_src, recal) < 0)
            goto out;
    }
    nash_loader_start_epoch(test_src.ld, 0);
    nash_progress pe = {.label = "test", .epoch = o->epochs, .epochs = o->epochs,
                        .batches = nash_loader_batches(test_src.ld), .quiet = 1};
    if (nash_eval_epoch(net, study_source_next, &test_src, NULL, &pe, &te) != 0)
        goto out;
    res->test_acc = te.acc;
    res->train_loss = tr.loss;
    rc = 0;
out:
    nash_loader_free(train_src.ld);
    nash_loader_free(test_src.ld);
    nash_optim_free(opt);
    nash_net_free(net);
    return rc;
}

/* ------------------------------------------------------------------------- */
/* study.json: the protocol                                                    */

/* Keys whose value may differ on --resume: they change how much is done or how
 * it is analysed, never what one row means. */
static const char *const resume_may_change[] = {"samples", "threads", "bootstrap", NULL};

static void json_floats3(text_buf *b, const float v[3])
{
    tb_printf(b, "[%.9g, %.9g, %.9g]", v[0], v[1], v[2]);
}

/* One key per line, so --resume can compare the protocols line by line. */
static void protocol_json(text_buf *b, const study_opts *o, const nash_space *sp,
                          const study_data *d, const int *proxies, int n_proxies)
{
    int enumerable = nash_space_size(sp) >= 0;
    tb_printf(b, "{\n  \"format\": \"nash study 1\",\n  \"space\": \"%s\",\n  \"samples\": %d,\n"
                 "  \"seed\": %d,\n  \"arch_sampling\": ",
              nash_space_name(sp), o->samples, o->seed);
    tb_json_string(b, enumerable
                          ? "N distinct indices, uniform without replacement (partial Fisher-Yates "
                            "seeded with seed), the same N archs as `nash proxies --archs N --seed "
                            "S`; index = the space's index"
                          : "N successive seeded uniform samples, repeats drawn again; index = "
                            "the sample's position");
    tb_printf(b, ",\n  \"dataset\": \"%s\",\n  \"data\": ", nash_data_kind_names[d->kind]);
    tb_json_string(b, d->dir);
    tb_printf(b, ",\n  \"data_rule\": ");
    tb_json_string(b, d->how);
    tb_printf(b, ",\n  \"data_source\": ");
    tb_json_string(b, d->source);
    tb_printf(b, ",\n  \"input\": [3, %d, %d],\n  \"classes\": %d,\n"
                 "  \"train_split_images\": %d,\n  \"test_split_images\": %d,\n"
                 "  \"train_limit\": %d,\n  \"test_limit\": %d,\n"
                 "  \"train_images\": %d,\n  \"test_images\": %d,\n",
              d->train.h, d->train.w, d->train.classes, d->train_split_n, d->test_split_n,
              o->train_limit, o->test_limit, d->train.n, d->test.n);
    tb_printf(b, "  \"subsets\": \"the first L (T) of a permutation seeded with seed ^ 0x5eedf00d "
                 "(seed + 1 for test), kept in file order: nash train's --train-limit / "
                 "--test-limit\",\n");
    tb_printf(b, "  \"recipe\": \"NB201 recipe shortened: SGD, Nesterov momentum %g, weight decay "
                 "%g on conv/linear weights (not BN, not biases), cosine per step from lr to 0 "
                 "over all epochs, no warm-up, no label smoothing, last partial batch dropped, "
                 "random crop (zero pad 4) + horizontal flip, per-channel normalisation with the "
                 "training subset's mean/std; PyTorch default init seeded with seed; every arch "
                 "sees the same batches\",\n",
              STUDY_MOMENTUM, STUDY_WEIGHT_DECAY);
    tb_printf(b, "  \"epochs\": %d,\n  \"batch\": %d,\n  \"lr\": %.9g,\n  \"momentum\": %g,\n"
                 "  \"nesterov\": true,\n  \"weight_decay\": %g,\n  \"train_mean\": ",
              o->epochs, o->batch, o->lr, STUDY_MOMENTUM, STUDY_WEIGHT_DECAY);
    json_floats3(b, d->train_mean);
    tb_printf(b, ",\n  \"train_std\": ");
    json_floats3(b, d->train_std);
    tb_printf(b, ",\n  \"evaluation\": \"top-1 %% on the test subset after the last epoch, BN "
                 "running statistics\",\n  \"train_equivalent\": ");
    text_buf cmd = {0};
    tb_printf(&cmd, "nash train --arch %s:<arch> --dataset %s --data %s --epochs %d --batch %d "
                    "--lr %.9g --seed %d --train-limit %d --test-limit %d",
              nash_space_name(sp), nash_data_kind_names[d->kind], d->dir, o->epochs, o->batch,
              o->lr, o->seed, o->train_limit, o->test_limit);
    tb_json_string(b, cmd.data ? cmd.data : "");
    tb_free(&cmd);
    tb_printf(b, ",\n  \"proxies\": [");
    for (int i = 0; i < n_proxies; i++)
        tb_printf(b, "%s\"%s\"", i ? ", " : "", nash_proxy_names[proxies[i]]);
    tb_printf(b, "],\n  \"proxy_protocol\": \"nash proxies': each arch built afresh and "
                 "initialised once from seed (PyTorch defaults, adder N(0,1)), the same state for "
                 "every proxy; one minibatch of distinct training images drawn from the whole "
                 "training split with seed, normalised with the split's mean/std, no "
                 "augmentation, the same for every arch; BN in training mode; every score "
                 "oriented higher = better\",\n");
    tb_printf(b, "  \"proxy_batch\": %d,\n  \"nwot_batch\": %d,\n  \"zen_batch\": %d,\n"
                 "  \"zen_repeats\": %d,\n  \"proxy_mean\": ",
              d->pc.batch, d->pc.nwot_batch, d->pc.zen_batch, d->pc.zen_repeats);
    json_floats3(b, d->split_mean);
    tb_printf(b, ",\n  \"proxy_std\": ");
    json_floats3(b, d->split_std);
    tb_printf(b, ",\n  \"columns\": \"index, arch, test_acc (top-1 %%), train_loss (mean "
                 "cross-entropy of the last epoch), train_seconds (build + compile + training, "
                 "wall), then one column per proxy\",\n"
                 "  \"missing\": \"an empty proxy cell: the proxy was NaN/Inf for that arch; "
                 "empty test_acc and train_loss: training diverged (non-finite loss or "
                 "gradient); such pairs are dropped from the correlations and counted\",\n"
                 "  \"correlation\": \"Kendall tau-b and Spearman rho of each proxy vs test_acc, "
                 "95%% percentile bootstrap intervals over resamples of pairs (seed 0)\",\n"
                 "  \"bootstrap\": %d,\n  \"threads\": %d\n}\n",
              o->bootstrap, nash_get_threads());
}

/* The key of a protocol line `  "key": value`, or "" for other lines. */
static void line_key(const char *line, size_t len, char *key, size_t size)
{
    key[0] = '\0';
    size_t i = 0;
    while (i < len && line[i] == ' ')
        i++;
    if (i >= len || line[i] != '"')
        return;
    size_t start = ++i;
    while (i < len && line[i] != '"')
        i++;
    if (i - start < size) {
        memcpy(key, line + start, i - start);
        key[i - start] = '\0';
    }
}

static int may_change(const char *key)
{
    for (int i = 0; resume_may_change[i]; i++)
        if (strcmp(key, resume_may_change[i]) == 0)
            return 1;
    return 0;
}

/* --resume: the protocol in path must be `now`, line for line, apart from the
 * keys of resume_may_change. */
static int protocol_check(const char *path, const char *now)
{
    uint8_t *data;
    size_t size;
    if (nash_read_file(path, &data, &size) != 0)
        return nash_fail_context("the study's protocol");
    const char *a = (const char *)data, *a_end = a + size, *b = now, *b_end = now + strlen(now);
    int line = 1, rc = 0;
    while (rc == 0 && (a < a_end || b < b_end)) {
        const char *an = memchr(a, '\n', (size_t)(a_end - a)), *bn = memchr(b, '\n', (size_t)(b_end - b));
        size_t al = an ? (size_t)(an - a) : (size_t)(a_end - a);
        size_t bl = bn ? (size_t)(bn - b) : (size_t)(b_end - b);
        char ka[64], kb[64];
        line_key(a, al, ka, sizeof ka);
        line_key(b, bl, kb, sizeof kb);
        int same = al == bl && memcmp(a, b, al) == 0;
        if (!same && !(ka[0] && strcmp(ka, kb) == 0 && may_change(ka)))
            rc = nash_fail("%s line %d: the study was started with `%.*s`, this invocation has "
                           "`%.*s`; resume with the original settings or choose another --out",
                           path, line, (int)(al > 160 ? 160 : al), a, (int)(bl > 160 ? 160 : bl),
                           b);
        a = an ? an + 1 : a_end;
        b = bn ? bn + 1 : b_end;
        line++;
    }
    free(data);
    return rc;
}

/* ------------------------------------------------------------------------- */
/* study.csv                                                                   */

static void csv_header(text_buf *b, const int *proxies, int n_proxies)
{
    tb_printf(b, "index,arch,test_acc,train_loss,train_seconds");
    for (int i = 0; i < n_proxies; i++)
        tb_printf(b, ",%s", nash_proxy_names[proxies[i]]);
    tb_printf(b, "\n");
}

static void csv_row(text_buf *b, int64_t index, const char *arch, const arch_result *r,
                    int n_proxies)
{
    /* arch strings of some spaces contain commas (never quotes): always quoted */
    tb_printf(b, "%lld,\"%s\",", (long long)index, arch);
    if (!r->diverged)
        tb_printf(b, "%.4f,%.6f", r->test_acc, r->train_loss);
    else
        tb_printf(b, ",");
    tb_printf(b, ",%.2f", r->train_seconds);
    for (int k = 0; k < n_proxies; k++) {
        if (isfinite(r->scores[k]))
            tb_printf(b, ",%.10g", r->scores[k]);
        else
            tb_printf(b, ",");
    }
    tb_printf(b, "\n");
}

/* Makes path hold the header and only whole rows: creates it, completes a
 * header torn by a crash, or cuts a torn last row. -1 when the file has
 * another header. */
typedef struct arch_pos {
    const char *arch;
    int pos; /* in the arch list */
} arch_pos;

static int cmp_arch_pos(const void *a, const void *b)
{
    return strcmp(((const arch_pos *)a)->arch, ((const arch_pos *)b)->arch);
}

/* Marks done[i] for every arch of `l` that has a row in the study CSV. A row
 * whose arch is not in the list, whose index is not the arch's, or that
 * repeats an arch is an error naming its line. */
static int csv_mark_done(const char *path, const arch_list *l, unsigned char *done, int *n_done)
{
    csv_table t;
    if (csv_read(&t, path) != 0)
        return -1;
    arch_pos *sorted = malloc((size_t)l->n * sizeof *sorted);
    int64_t *line_of = calloc((size_t)l->n, sizeof(int64_t));
    int rc = sorted && line_of ? 0 : nash_fail("out of memory");
    for (int i = 0; rc == 0 && i < l->n; i++)
        sorted[i] = (arch_pos){l->arch[i], i};
    if (rc == 0)
        qsort(sorted, (size_t)l->n, sizeof *sorted, cmp_arch_pos);
    *n_done = 0;
    for (int64_t r = 0; rc == 0 && r < t.n_rows; r++) {
        const char *arch = csv_cell(&t, r, 1);
        arch_pos key = {arch, -1};
        const arch_pos *hit = bsearch(&key, sorted, (size_t)l->n, sizeof *sorted, cmp_arch_pos);
        int at = hit ? hit->pos : -1;
        double index;
        if (at < 0) {
            rc = nash_fail("%s:%lld: arch \"%.200s\" is not one of the %d archs of this study "
                           "(--samples may grow on --resume, never shrink)",
                           path, (long long)t.row_line[r], arch, l->n);
        } else if (done[at]) {
            rc = nash_fail("%s:%lld: arch \"%.200s\" again (first at line %lld)", path,
                           (long long)t.row_line[r], arch, (long long)line_of[at]);
        } else if (csv_number(&t, r, 0, &index) != 0 || index != (double)l->index[at]) {
            rc = nash_fail("%s:%lld: index '%s' of arch \"%.200s\", expected %lld", path,
                           (long long)t.row_line[r], csv_cell(&t, r, 0), arch,
                           (long long)l->index[at]);
        } else {
            done[at] = 1;
            line_of[at] = t.row_line[r];
            (*n_done)++;
        }
    }
    free(sorted);
    free(line_of);
    csv_free(&t);
    return rc;
}

/* ------------------------------------------------------------------------- */
/* Correlations                                                                */

typedef struct study_corr {
    int n_proxies;
    const char *name[NASH_PROXY_COUNT];
    nash_corr_result r[NASH_PROXY_COUNT];
    int64_t rows;
} study_corr;

/* Reads every row of the study CSV back and correlates each proxy column with
 * test_acc; writes correlations.csv and scatter_<proxy>.svg into dir. */
static int correlate_study(const char *csv_path, const char *dir, const int *proxies,
                           int n_proxies, int bootstrap, study_corr *out)
{
    csv_table t;
    if (csv_read(&t, csv_path) != 0)
        return -1;
    int rc = -1;
    int64_t n = t.n_rows;
    double *truth = malloc((size_t)(n ? n : 1) * sizeof(double));
    double *x = malloc((size_t)(n ? n : 1) * sizeof(double));
    int acc_col = csv_require_column(&t, "test_acc");
    text_buf csv = {0};
    if (!truth || !x) {
        nash_fail("out of memory for %lld rows", (long long)n);
        goto done;
    }
    if (acc_col < 0)
        goto done;
    for (int64_t r = 0; r < n; r++)
        if (csv_number(&t, r, acc_col, &truth[r]) != 0)
            goto done;
    nash_corr_options opt = nash_corr_defaults();
    opt.bootstrap = bootstrap;
    out->n_proxies = n_proxies;
    out->rows = n;
    tb_printf(&csv, "proxy,n,dropped,kendall_tau,tau_lo,tau_hi,spearman_rho,rho_lo,rho_hi,"
                    "rho_top,topk_hit\n");
    for (int p = 0; p < n_proxies; p++) {
        const char *name = out->name[p] = nash_proxy_names[proxies[p]];
        int col = csv_require_column(&t, name);
        if (col < 0)
            goto done;
        for (int64_t r = 0; r < n; r++)
            if (csv_number(&t, r, col, &x[r]) != 0)
                goto done;
        nash_corr_result *c = &out->r[p];
        if (nash_corr_compute(x, truth, n, &opt, c) != 0) {
            nash_fail_context("proxy '%s'", name);
            goto done;
        }
        tb_printf(&csv, "%s,%lld,%lld", name, (long long)c->n, (long long)c->dropped);
        double v[8] = {c->tau, c->tau_lo, c->tau_hi, c->rho, c->rho_lo, c->rho_hi, c->rho_top,
                       c->topk_hit};
        for (int i = 0; i < 8; i++)
            tb_printf(&csv, isfinite(v[i]) ? ",%.6f" : ",", v[i]);
        tb_printf(&csv, "\n");

        char path[4400];
        snprintf(path, sizeof path, "%s/scatter_%s.svg", dir, name);
        if (write_corr_scatter(path, name, "test_acc (%)", c->tau, c->rho, (long long)c->n,
                               (long long)n, x,
                               truth) != 0)
            goto done;
    }
    char path[4400];
    snprintf(path, sizeof path, "%s/correlations.csv", dir);
    rc = tb_write_atomic(&csv, path);
done:
    tb_free(&csv);
    free(truth);
    free(x);
    csv_free(&t);
    return rc;
}

static void print_table(const study_corr *c, const char *dir, int bootstrap)
{
    printf("\nproxy vs test_acc over %lld archs", (long long)c->rows);
    if (bootstrap > 0)
        printf(" (95%% intervals: percentile bootstrap, %d resamples of pairs)\n", bootstrap);
    else
        printf(" (no intervals: --bootstrap 0)\n");
    printf("%-10s %6s %7s  %-26s  %-26s\n", "proxy", "n", "dropped", "Kendall tau [95% CI]",
           "Spearman rho [95% CI]");
    for (int p = 0; p < c->n_proxies; p++) {
        const nash_corr_result *r = &c->r[p];
        char tau[64], rho[64];
        format_ci(tau, sizeof tau, r->tau, r->tau_lo, r->tau_hi);
        format_ci(rho, sizeof rho, r->rho, r->rho_lo, r->rho_hi);
        printf("%-10s %6lld %7lld  %-26s  %-26s\n", c->name[p], (long long)r->n,
               (long long)r->dropped, tau, rho);
    }
    printf("\nresults: %s/ (study.csv, study.json, correlations.csv, scatter_<proxy>.svg)\n", dir);
}

static void print_json(const study_corr *c, const study_opts *o, const nash_space *sp,
                       int trained, int already, int diverged, double wall)
{
    text_buf b = {0};
    tb_printf(&b, "{\"out\":");
    tb_json_string(&b, o->out);
    tb_printf(&b, ",\"space\":\"%s\",\"samples\":%d,\"trained\":%d,\"already_done\":%d,"
                  "\"diverged\":%d,\"wall_seconds\":%.3f,\"bootstrap\":%d,\"results\":[",
              nash_space_name(sp), o->samples, trained, already, diverged, wall, o->bootstrap);
    for (int p = 0; p < c->n_proxies; p++) {
        const nash_corr_result *r = &c->r[p];
        tb_printf(&b, "%s{\"proxy\":\"%s\",\"n\":%lld,\"dropped\":%lld,\"kendall_tau\":",
                  p ? "," : "", c->name[p], (long long)r->n, (long long)r->dropped);
        json_number(&b, r->tau);
        tb_printf(&b, ",\"tau_ci\":[");
        json_number(&b, r->tau_lo);
        tb_printf(&b, ",");
        json_number(&b, r->tau_hi);
        tb_printf(&b, "],\"spearman_rho\":");
        json_number(&b, r->rho);
        tb_printf(&b, ",\"rho_ci\":[");
        json_number(&b, r->rho_lo);
        tb_printf(&b, ",");
        json_number(&b, r->rho_hi);
        tb_printf(&b, "]}");
    }
    tb_printf(&b, "]}\n");
    if (b.data)
        fwrite(b.data, 1, b.len, stdout);
    tb_free(&b);
}

/* ------------------------------------------------------------------------- */
/* The command                                                                 */

/* Flag checks that need no data; -1 with a message naming the flag. */
static int check_opts(const study_opts *o, int *proxies, int *n_proxies)
{
    if (o->samples < 1 || o->samples > 1000000)
        return nash_fail("--samples %d: expected 1..1000000", o->samples);
    if (o->epochs < 1 || o->epochs > 10000)
        return nash_fail("--epochs %d: expected 1..10000", o->epochs);
    if (o->train_limit < 0 || o->test_limit < 0)
        return nash_fail("--train-limit %d --test-limit %d: expected 0 (all) or more",
                         o->train_limit, o->test_limit);
    if (o->batch < 1 || o->batch > 4096)
        return nash_fail("--batch %d: expected 1..4096", o->batch);
    if (!(o->lr > 0) || !isfinite(o->lr))
        return nash_fail("--lr %g: expected a positive number", o->lr);
    if (o->proxy_batch < 2 || o->proxy_batch > 1024)
        return nash_fail("--proxy-batch %d: expected 2..1024", o->proxy_batch);
    if (o->zen_repeats < 1 || o->zen_repeats > 10000)
        return nash_fail("--zen-repeats %d: expected 1..10000", o->zen_repeats);
    if (o->bootstrap < 0 || o->bootstrap > 1000000)
        return nash_fail("--bootstrap %d: expected 0 (no intervals) .. 1000000", o->bootstrap);
    if (o->seed < 0)
        return nash_fail("--seed %d: expected 0 or more", o->seed);
    if (o->threads < 0)
        return nash_fail("--threads %d: expected 0 (all cores) or more", o->threads);
    if (strcmp(o->dataset, "imagenet16") == 0)
        return nash_fail("--dataset imagenet16: not offered by nash study (its Tiny-ImageNet "
                         "stand-in lives in nash proxies); use cifar10, cifar100, tinyimagenet "
                         "or folder");
    if (nash_data_kind_parse(o->dataset) < 0)
        return nash_fail_context("--dataset");
    *n_proxies = 0;
    if (strcmp(o->proxy, "all") == 0) {
        for (int i = 0; i < NASH_PROXY_COUNT; i++)
            proxies[(*n_proxies)++] = i;
        return 0;
    }
    char list[512];
    if (snprintf(list, sizeof list, "%s", o->proxy) >= (int)sizeof list)
        return nash_fail("--proxy: list longer than %zu characters", sizeof list - 1);
    for (char *save, *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        int p = nash_proxy_from_name(tok);
        if (p < 0)
            return nash_fail_context("--proxy");
        for (int j = 0; j < *n_proxies; j++)
            if (proxies[j] == p)
                return nash_fail("--proxy: '%s' given twice", tok);
        proxies[(*n_proxies)++] = p;
    }
    if (*n_proxies == 0)
        return nash_fail("--proxy: empty list");
    return 0;
}

/* One architecture: train, score, format its row (shard_run's work). Each
 * rank prints progress for the archs it trains. */
typedef struct study_job {
    const study_opts *o;
    const nash_space *sp;
    const study_data *d;
    const arch_list *archs;
    const int *proxies;
    int n_proxies, todo, finished, diverged;
    double t_loop;
} study_job;


static int study_one(int i, text_buf *line, void *user)
{
    study_job *job = user;
    const study_opts *o = job->o;
    const char *arch = job->archs->arch[i];
    double t0 = nash_now();
    arch_result res;
    memset(&res, 0, sizeof res);
    if (train_and_evaluate(o, job->sp, job->d, arch, &res) != 0)
        return nash_fail_context("arch \"%s\"", arch);
    if (res.diverged) {
        job->diverged++;
        if (!o->quiet)
            fprintf(stderr, "nash: study: arch %lld diverged (recorded without accuracy): %s\n",
                    (long long)job->archs->index[i], res.why);
    }
    nash_net *net = nash_space_build(job->sp, arch, 3, job->d->train.h, job->d->train.w,
                                     job->d->train.classes);
    if (!net || nash_proxies_score(net, &job->d->pc, &job->d->pd, job->proxies, job->n_proxies,
                                   res.scores) != 0) {
        nash_net_free(net);
        return nash_fail_context("arch \"%s\": proxies", arch);
    }
    nash_net_free(net);
    csv_row(line, job->archs->index[i], arch, &res, job->n_proxies);
    job->finished++;
    res.total_seconds = nash_now() - t0;
    if (!o->quiet) {
        /* this rank's share: ceil((todo - rank) / ranks); one process counts the
         * archs finished before a --resume too */
        int share = (job->todo - group_rank() + group_size() - 1) / group_size();
        int before = group_size() > 1 ? 0 : job->archs->n - job->todo;
        char eta[32], acc[32], who[32] = "";
        format_hms((nash_now() - job->t_loop) / job->finished * (share - job->finished), eta,
                   sizeof eta);
        if (res.diverged)
            snprintf(acc, sizeof acc, "diverged");
        else
            snprintf(acc, sizeof acc, "acc %6.2f %%", res.test_acc);
        if (group_size() > 1)
            snprintf(who, sizeof who, "[rank %d] ", group_rank());
        fprintf(stderr, "%sstudy %d/%d  %s #%lld  %s  train %.1f s  total %.1f s  ETA %s  %s\n",
                who, before + job->finished, before + share, nash_space_name(job->sp),
                (long long)job->archs->index[i], acc, res.train_seconds, res.total_seconds, eta,
                arch);
    }
    return 0;
}

static int study_main(study_opts *o, const nash_space *sp, const int *proxies, int n_proxies)
{
    double t_start = nash_now();
    char csv_path[4200], json_path[4200];
    snprintf(csv_path, sizeof csv_path, "%s/study.csv", o->out);
    snprintf(json_path, sizeof json_path, "%s/study.json", o->out);
    int exists = path_exists(csv_path) || path_exists(json_path);
    if (exists && !o->resume)
        return nash_fail("%s already holds a study; pass --resume to continue it or choose "
                         "another --out", o->out);
    if (exists && !path_exists(json_path))
        return nash_fail("%s exists but %s does not: cannot check the protocol; choose another "
                         "--out", csv_path, json_path);

    arch_list archs;
    study_data d;
    memset(&d, 0, sizeof d);
    unsigned char *done = NULL;
    text_buf proto = {0}, header = {0};
    int rc = -1, fd = -1;
    if (arch_list_sample(sp, o->samples, (uint64_t)o->seed, &archs) != 0)
        goto out;
    d.pc = nash_proxy_config_default();
    d.pc.batch = o->proxy_batch;
    d.pc.nwot_batch = 2 * o->proxy_batch; /* as nash proxies --batch */
    d.pc.zen_repeats = o->zen_repeats;
    d.pc.seed = (uint64_t)o->seed;
    if (study_data_load(o, nash_proxy_data_needed(&d.pc, proxies, n_proxies), &d) != 0)
        goto out;

    int rank = group_rank(), ranks = group_size(), n_done = 0, todo = 0;
    int *todo_idx = NULL;
    if (rank != 0)
        goto shard; /* rank 0 owns the directory and decides what is left to do */
    if (make_dirs(o->out) != 0)
        goto out;
    protocol_json(&proto, o, sp, &d, proxies, n_proxies);
    if (proto.oom) {
        nash_fail("out of memory writing the protocol");
        goto out;
    }
    if (exists && protocol_check(json_path, proto.data) != 0)
        goto out;
    if (tb_write_atomic(&proto, json_path) != 0) /* frees proto */
        goto out;
    csv_header(&header, proxies, n_proxies);
    if (header.oom || csv_append_prepare(csv_path, header.data, o->quiet) != 0)
        goto out;
    if (!(done = calloc((size_t)archs.n, 1)) ||
        !(todo_idx = malloc(sizeof(int) * (size_t)(archs.n ? archs.n : 1)))) {
        nash_fail("out of memory");
        goto out;
    }
    if (csv_mark_done(csv_path, &archs, done, &n_done) != 0)
        goto out;
    if ((fd = open(csv_path, O_WRONLY | O_APPEND)) < 0) {
        nash_fail("%s: cannot open for appending: %s", csv_path, strerror(errno));
        goto out;
    }
    for (int i = 0; i < archs.n; i++)
        if (!done[i])
            todo_idx[todo++] = i;
shard:
    if (shard_share_todo(&todo_idx, &todo) != 0)
        goto out;
    if (!o->quiet && rank == 0)
        fprintf(stderr, "nash: study: %d archs of %s (%d already in %s); epochs: %d; training "
                        "images: %d of %d; test images: %d; input %dx%d, %d classes; data: %s "
                        "(%s); proxies: %s; threads: %d%s\n",
                archs.n, nash_space_name(sp), archs.n - todo, csv_path, o->epochs, d.train.n,
                d.train_split_n, d.test.n, d.train.h, d.train.w, d.train.classes, d.dir, d.how,
                o->proxy, nash_get_threads(), ranks > 1 ? " per MPI rank" : "");
    study_job job = {.o = o, .sp = sp, .d = &d, .archs = &archs, .proxies = proxies,
                     .n_proxies = n_proxies, .todo = todo, .t_loop = nash_now()};
    int trained = 0;
    if (shard_run(todo_idx, todo, fd, csv_path, study_one, NULL, &job, &trained) != 0)
        goto out;
    double counts[2] = {trained, job.diverged};
    if (group_allreduce_sum(counts, 2) != 0)
        goto out;
    trained = (int)counts[0];
    int diverged = (int)counts[1];
    if (rank != 0) {
        rc = 0;
        goto out;
    }
    close(fd);
    fd = -1;
    /* rows of several ranks arrive in completion order: back to candidate order */
    if (ranks > 1 && results_sort_by_arch(csv_path, &archs) != 0)
        goto out;

    study_corr corr;
    memset(&corr, 0, sizeof corr);
    if (correlate_study(csv_path, o->out, proxies, n_proxies, o->bootstrap, &corr) != 0)
        goto out;
    if (o->json)
        print_json(&corr, o, sp, trained, archs.n - todo, diverged, nash_now() - t_start);
    else
        print_table(&corr, o->out, o->bootstrap);
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    free(done);
    free(todo_idx);
    tb_free(&proto);
    tb_free(&header);
    arch_list_free(&archs);
    study_data_free(&d);
    return rc;
}

int cmd_study(int argc, char **argv)
{
    study_opts o = {.space = "hb201", .dataset = "cifar10", .proxy = "all", .out = "runs/study",
                    .samples = STUDY_DEFAULT_SAMPLES, .epochs = STUDY_DEFAULT_EPOCHS,
                    .train_limit = STUDY_DEFAULT_TRAIN_LIMIT,
                    .test_limit = STUDY_DEFAULT_TEST_LIMIT, .batch = 128, .lr = 0.1, .seed = 1,
                    .proxy_batch = 64, .zen_repeats = 32, .bootstrap = 1000};
    int help = 0;
    cli_option opts[] = {
        {"--space", CLI_STRING, &o.space, "search space: hb201, nb201, nasa"},
        {"--samples", CLI_INT, &o.samples, "architectures (seeded uniform sample, distinct)"},
        {"--epochs", CLI_INT, &o.epochs, "training epochs per architecture"},
        {"--train-limit", CLI_INT, &o.train_limit, "seeded subset of N training images (0: all)"},
        {"--test-limit", CLI_INT, &o.test_limit, "seeded subset of N test images (0: all)"},
        {"--dataset", CLI_STRING, &o.dataset, "cifar10, cifar100, tinyimagenet or folder"},
        {"--data", CLI_STRING, &o.data, "data directory (else $NASH_DATA, ./data, ../shared/datasets, sample)"},
        {"--batch", CLI_INT, &o.batch, "training batch"},
        {"--lr", CLI_FLOAT, &o.lr, "base learning rate (cosine to 0)"},
        {"--proxy", CLI_STRING, &o.proxy, "comma-separated proxies, or all"},
        {"--proxy-batch", CLI_INT, &o.proxy_batch, "minibatch of the data-driven proxies (NASWOT 2x), as nash proxies --batch"},
        {"--zen-repeats", CLI_INT, &o.zen_repeats, "Zen-score repeats averaged"},
        {"--bootstrap", CLI_INT, &o.bootstrap, "resamples for the 95% intervals (0: none)"},
        {"--seed", CLI_INT, &o.seed, "seed: arch sample, data subsets and order, init, proxy minibatch"},
        {"--threads", CLI_INT, &o.threads, "OpenMP threads (0: all cores)"},
        {"--out", CLI_STRING, &o.out, "study directory"},
        {"--resume", CLI_FLAG, &o.resume, "continue the study in --out (finished archs are kept)"},
        {"--quiet", CLI_FLAG, &o.quiet, "no progress output"},
        {"--json", CLI_FLAG, &o.json, "one JSON object on stdout"},
        {"--help", CLI_FLAG, &help, "this text"},
        {0}};
    if (cli_parse(argc, argv, 1, opts, NULL, 0, NULL) != 0)
        return cli_error(nash_last_error());
    if (help) {
        printf("usage: nash study --space hb201|nb201|nasa --samples N --epochs E --train-limit L "
               "--test-limit T [--dataset cifar10] [--data DIR] [--batch 128] [--lr 0.1] "
               "[--proxy LIST|all] [--seed S] [--threads T] --out DIR [--resume] [--json]\n\n"
               "Trains N sampled architectures for a short budget, scores each with zero-shot "
               "proxies\n(the protocol of nash proxies) and reports Kendall tau / Spearman rho "
               "of every proxy\nagainst test accuracy. The defaults finish within 2 hours on 2 "
               "cores.\n\n");
        cli_print_options(stdout, opts);
        return 0;
    }
    int proxies[NASH_PROXY_COUNT], n_proxies = 0;
    if (check_opts(&o, proxies, &n_proxies) != 0)
        return cli_error(nash_last_error());
    const nash_space *sp = nash_space_find(o.space);
    if (!sp)
        return cli_error(nash_last_error());
    nash_set_threads(o.threads);
    if (study_main(&o, sp, proxies, n_proxies) != 0)
        return cli_error(nash_last_error());
    return 0;
}
