/*
 * cmd_train.c — `nash train`: train a chosen architecture end to end, and
 * `nash run`, the main job behind `make run`.
 *
 * Owns: turning flags into a run (defaults per op type from the papers,
 * research note §8), the run directory (config.json, metrics.csv,
 * last/best.safetensors, report.json, curves.svg — every file written
 * atomically), --resume (continues exactly: data order and augmentation are a
 * function of (seed, epoch), and the checkpoint holds weights, BN statistics,
 * optimiser state, the dropout RNG, the step and the metrics so far), and the
 * final table. A non-finite loss stops the run with the node named; the last
 * good checkpoint stays.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "mpi_group.h"
#include "nash_datasets.h"
#include "nash_nas.h"
#include "proxy_inputs.h"
#include "report_files.h"

/* Everything a run is made of; config.json is written from it. */
typedef struct train_config {
    const char *arch, *dataset, *data, *optimizer, *schedule, *out;
    int epochs, batch, seed, threads, resume, strict, augment, json, quiet;
    int distributed, sync_bn; /* data parallel over the MPI ranks (mpirun) */
    int train_limit, test_limit, warmup_epochs, nesterov;
    int bn_recal; /* batches of BN re-calibration before each test; -1: auto */
    double lr, wd, momentum, smoothing, clip;
} train_config;

/* One metrics.csv row. */
typedef struct epoch_row {
    int epoch;
    double train_loss, train_acc, test_loss, test_acc, lr, img_s, seconds;
} epoch_row;

#define METRICS_HEADER "epoch,train_loss,train_acc,test_loss,test_acc,lr,img_s,seconds\n"


/* ------------------------------------------------------------------------- */
/* Defaults per op type (research note §8)                                    */

/* SGD lr 0.1 momentum 0.9 cosine for conv, DeepShift-Q and AdderNet; weight decay 5e-4
 * (the accuracy-anchor recipe, AdderNet), 1e-4 when every body layer is a shift
 * (DeepShift); DeepShift-PS needs RAdam at lr 0.01 (DeepShift issue #8). Returns a
 * sentence describing the choice. */
static const char *apply_op_defaults(const nash_arch *arch, train_config *c, int lr_set,
                                     int wd_set, int opt_set)
{
    if (arch->space) {
        if (!wd_set)
            c->wd = 5e-4;
        return "search-space architecture: the NB201 recipe, SGD lr 0.1, momentum 0.9 Nesterov, "
               "weight decay 5e-4 on weights only, cosine per step";
    }
    int any_ps = arch->stem == NASH_LAYER_SHIFTPS, all_shift = 1;
    for (int i = 0; i < arch->body_layers; i++) {
        any_ps |= arch->ops[i] == NASH_LAYER_SHIFTPS;
        all_shift &= arch->ops[i] == NASH_LAYER_SHIFT || arch->ops[i] == NASH_LAYER_SHIFTPS;
    }
    if (any_ps) {
        if (!opt_set)
            c->optimizer = "radam";
        if (!lr_set)
            c->lr = 0.01;
        if (!wd_set)
            c->wd = 0.0;
        return "DeepShift-PS layers: RAdam, lr 0.01, no weight decay (DeepShift README)";
    }
    if (!wd_set)
        c->wd = all_shift ? 1e-4 : 5e-4;
    return all_shift ? "DeepShift-Q: SGD lr 0.1, momentum 0.9, weight decay 1e-4 (DeepShift cifar10.py)"
                     : "SGD lr 0.1, momentum 0.9 Nesterov, weight decay 5e-4 on weights only, "
                       "cosine per step (accuracy-anchor recipe; AdderNet main.py)";
}

/* ------------------------------------------------------------------------- */
/* Files of the run directory                                                 */

static void config_json(text_buf *b, const train_config *c, const char *data_dir,
                        const char *data_how, const char *defaults_note, const float mean[3],
                        const float std[3])
{
    tb_printf(b, "{\n  \"arch\": ");
    tb_json_string(b, c->arch);
    tb_printf(b, ",\n  \"dataset\": ");
    tb_json_string(b, c->dataset);
    tb_printf(b, ",\n  \"data\": ");
    tb_json_string(b, data_dir);
    tb_printf(b, ",\n  \"data_source\": ");
    tb_json_string(b, data_how);
    tb_printf(b, ",\n  \"epochs\": %d,\n  \"batch\": %d,\n  \"optimizer\": \"%s\",\n"
                 "  \"lr\": %.9g,\n  \"momentum\": %.9g,\n  \"nesterov\": %s,\n"
                 "  \"weight_decay\": %.9g,\n  \"schedule\": \"%s\",\n  \"warmup_epochs\": %d,\n"
                 "  \"label_smoothing\": %.9g,\n  \"clip_norm\": %.9g,\n  \"seed\": %d,\n"
                 "  \"threads\": %d,\n  \"augment\": %s,\n  \"train_limit\": %d,\n"
                 "  \"test_limit\": %d,\n  \"mean\": [%.9g, %.9g, %.9g],\n"
                 "  \"std\": [%.9g, %.9g, %.9g],\n  \"bn_recal_batches\": %d,\n"
                 "  \"defaults\": ",
              c->epochs, c->batch, c->optimizer, c->lr, c->momentum,
              c->nesterov ? "true" : "false", c->wd, c->schedule, c->warmup_epochs, c->smoothing,
              c->clip, c->seed, c->threads, c->augment ? "true" : "false", c->train_limit,
              c->test_limit, mean[0], mean[1], mean[2], std[0], std[1], std[2], c->bn_recal);
    tb_json_string(b, defaults_note);
    tb_printf(b, "\n}\n");
}

static void metrics_csv(text_buf *b, const epoch_row *rows, int n)
{
    tb_printf(b, METRICS_HEADER);
    for (int i = 0; i < n; i++)
        tb_printf(b, "%d,%.6f,%.4f,%.6f,%.4f,%.9g,%.1f,%.2f\n", rows[i].epoch, rows[i].train_loss,
                  rows[i].train_acc, rows[i].test_loss, rows[i].test_acc, rows[i].lr,
                  rows[i].img_s, rows[i].seconds);
}

/* Restores rows from the metrics CSV kept in a checkpoint. */
static int parse_metrics(const char *csv, epoch_row *rows, int max, int *n)
{
    *n = 0;
    if (strncmp(csv, METRICS_HEADER, strlen(METRICS_HEADER)) != 0)
        return nash_fail("checkpoint metrics: unexpected header");
    const char *p = csv + strlen(METRICS_HEADER);
    while (*p && *n < max) {
        epoch_row *r = &rows[*n];
        int used = 0;
        if (sscanf(p, "%d,%lf,%lf,%lf,%lf,%lf,%lf,%lf%n", &r->epoch, &r->train_loss, &r->train_acc,
                   &r->test_loss, &r->test_acc, &r->lr, &r->img_s, &r->seconds, &used) != 8)
            return nash_fail("checkpoint metrics: row %d is malformed", *n + 1);
        p += used;
        while (*p == '\n' || *p == '\r')
            p++;
        (*n)++;
    }
    return 0;
}

static void curves_svg(text_buf *b, const char *title, const epoch_row *rows, int n)
{
    double *x = calloc((size_t)n + 1, sizeof *x), *tl = calloc((size_t)n + 1, sizeof *tl);
    double *vl = calloc((size_t)n + 1, sizeof *vl), *ta = calloc((size_t)n + 1, sizeof *ta);
    double *va = calloc((size_t)n + 1, sizeof *va);
    for (int i = 0; x && tl && vl && ta && va && i < n; i++) {
        x[i] = rows[i].epoch, tl[i] = rows[i].train_loss, vl[i] = rows[i].test_loss;
        ta[i] = rows[i].train_acc, va[i] = rows[i].test_acc;
    }
    if (x && tl && vl && ta && va) {
        svg_begin(b, 960, 380);
        svg_series loss[2] = {{"train loss", n, x, tl, "#1f77b4"}, {"test loss", n, x, vl, "#d62728"}};
        svg_series acc[2] = {{"train top-1 %", n, x, ta, "#1f77b4"}, {"test top-1 %", n, x, va, "#d62728"}};
        char t1[600], t2[600];
        snprintf(t1, sizeof t1, "%s: loss", title);
        snprintf(t2, sizeof t2, "%s: accuracy", title);
        svg_line_chart(b, 0, 0, 480, 380, t1, "epoch", "loss", 2, loss);
        svg_line_chart(b, 480, 0, 480, 380, t2, "epoch", "top-1 %", 2, acc);
        svg_end(b);
    } else {
        b->oom = 1;
    }
    free(x), free(tl), free(vl), free(ta), free(va);
}

/* ------------------------------------------------------------------------- */
/* The run                                                                    */

static int loader_source(void *user, float *images, int32_t *labels)
{
    return nash_loader_next(user, images, labels);
}

/* --distributed: every rank runs the same loader (order and augmentation are a
 * function of (seed, epoch)), reads the global batch into `staging` and keeps
 * its slice [r*n/K, (r+1)*n/K). Samples are contiguous in the blocked layout,
 * so a slice is one copy. Every rank decodes the whole batch: simple, and the
 * price is data-loading time, not correctness. */
typedef struct slice_source {
    nash_loader *ld;
    float *staging;
    int32_t *labels;
    int64_t sample_floats;
} slice_source;

static int slice_next(void *user, float *images, int32_t *labels)
{
    slice_source *s = user;
    int n = nash_loader_next(s->ld, s->staging, s->labels);
    if (n <= 0)
        return n;
    int r = group_rank(), k = group_size();
    int first = (int)((int64_t)r * n / k), last = (int)((int64_t)(r + 1) * n / k);
    memcpy(images, s->staging + first * s->sample_floats,
           sizeof(float) * (size_t)((last - first) * s->sample_floats));
    memcpy(labels, s->labels + first, sizeof(int32_t) * (size_t)(last - first));
    return last - first;
}

/* Removes "<name>.tmp.<pid>" files in dir whose process is gone; returns how many. */
static int remove_stale_temps(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int removed = 0;
    for (struct dirent *e; (e = readdir(d));) {
        const char *t = strstr(e->d_name, ".tmp.");
        if (!t)
            continue;
        char *end;
        long pid = strtol(t + 5, &end, 10);
        if (*end || pid <= 0 || (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
            continue; /* not ours, or the writer may still be alive */
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        removed += unlink(path) == 0;
    }
    closedir(d);
    return removed;
}

/* Files are written by rank 0 only (one process's run directory); 0 or -1. */
static int write_by(int rank, text_buf *b, const char *path)
{
    if (rank == 0)
        return tb_write_atomic(b, path); /* frees b */
    tb_free(b);
    return 0;
}

static int mpi_sum(float *values, int64_t count, void *user)
{
    (void)user;
    return group_allreduce_sum_float(values, (long)count);
}

typedef struct run_summary {
    double final_acc, best_acc, train_img_s, wall;
    int best_epoch, epochs_done;
    char run_dir[4096], data_how[64], data_dir[4096];
    int64_t params, macs;
} run_summary;

static int train_run(train_config *c, int lr_set, int wd_set, int opt_set, run_summary *sum)
{
    memset(sum, 0, sizeof *sum);
    double t_start = nash_now();
    int ranks = c->distributed ? group_size() : 1, rank = c->distributed ? group_rank() : 0;
    if (!c->distributed && group_size() > 1)
        return nash_fail("launched as %d MPI ranks without --distributed: every rank would train "
                         "the same run; add --distributed (data parallel) or run one process",
                         group_size());
    if (c->sync_bn && !c->distributed)
        return nash_fail("--sync-bn needs --distributed");
    if (rank != 0)
        c->quiet = 1; /* rank 0 reports */
    nash_set_threads(c->threads);
    nash_arch arch;
    if (nash_arch_parse(c->arch, &arch) != 0)
        return -1;
    const char *defaults_note = apply_op_defaults(&arch, c, lr_set, wd_set, opt_set);
    int kind = nash_data_kind_parse(c->dataset);
    if (kind < 0)
        return -1;
    if (c->epochs <= 0 || c->batch <= 0)
        return nash_fail("--epochs %d --batch %d: both must be positive", c->epochs, c->batch);
    nash_optim_config oc = {.lr = (float)c->lr, .momentum = (float)c->momentum,
                            .nesterov = c->nesterov, .weight_decay = (float)c->wd,
                            .clip_norm = (float)c->clip};
    int ok_opt = 0;
    for (int i = 0; i < NASH_OPTIM_COUNT; i++)
        if (strcmp(c->optimizer, nash_optim_names[i]) == 0)
            oc.kind = (nash_optim_kind)i, ok_opt = 1;
    if (!ok_opt)
        return nash_fail("--optimizer %s: expected sgd, adam or radam", c->optimizer);
    nash_schedule_kind sk;
    if (strcmp(c->schedule, "cosine") == 0)
        sk = NASH_SCHED_COSINE;
    else if (strcmp(c->schedule, "step") == 0)
        sk = NASH_SCHED_STEP;
    else if (strcmp(c->schedule, "constant") == 0)
        sk = NASH_SCHED_CONSTANT;
    else
        return nash_fail("--schedule %s: expected cosine, step or constant", c->schedule);

    /* data */
    nash_data_kind data_kind = (nash_data_kind)kind;
    const char *how;
    if (nash_data_dir_resolve(c->data, c->dataset, sum->data_dir, sizeof sum->data_dir, &how,
                              &data_kind) != 0)
        return -1;
    snprintf(sum->data_how, sizeof sum->data_how, "%s", how);
    if (!c->quiet)
        fprintf(stderr, "nash: data: %s (%s)\n", sum->data_dir, how);
    nash_dataset train, test;
    memset(&train, 0, sizeof train);
    memset(&test, 0, sizeof test);
    int rc = -1;
    nash_net *net = NULL;
    nash_optim *opt = NULL;
    nash_loader *train_ld = NULL, *test_ld = NULL;
    epoch_row *rows = NULL;
    float *staging = NULL;
    int32_t *staging_labels = NULL;
    if (nash_dataset_load(&train, data_kind, sum->data_dir, "train", c->strict) != 0 ||
        nash_dataset_load(&test, data_kind, sum->data_dir, "test", c->strict) != 0)
        goto out;
    if (dataset_take_subset(&train, c->train_limit, (uint64_t)c->seed) != 0 ||
        dataset_take_subset(&test, c->test_limit, (uint64_t)c->seed + 1) != 0)
        goto out;
    if (!c->quiet)
        fprintf(stderr, "nash: %s: %d train, %d test images, %d classes, %dx%d\n",
                nash_data_kind_names[data_kind], train.n, test.n, train.classes, train.h, train.w);

    /* run directory and resume */
    char path[4200], last_path[4200], best_path[4200];
    snprintf(sum->run_dir, sizeof sum->run_dir, "%s", c->out);
    if (rank == 0 && make_dirs(c->out) != 0) /* rank 0 writes every file */
        goto out;
    snprintf(last_path, sizeof last_path, "%s/last.safetensors", c->out);
    snprintf(best_path, sizeof best_path, "%s/best.safetensors", c->out);
    nash_ckpt_info info;
    memset(&info, 0, sizeof info);
    int resuming = 0;
    if (path_exists(last_path)) {
        if (!c->resume) {
            nash_fail("%s already holds a run (last.safetensors); pass --resume to continue it "
                      "or choose another --out", c->out);
            goto out;
        }
        resuming = 1;
    }
    /* a run killed inside an atomic write leaves "<file>.tmp.<pid>" behind
     * (runtime/atomic_file.c); the committed files are intact, the temp is junk */
    if (rank == 0) {
        int stale = remove_stale_temps(c->out);
        if (stale > 0 && !c->quiet)
            fprintf(stderr, "nash: removed %d temp file%s left by an interrupted write in %s\n",
                    stale, stale == 1 ? "" : "s", c->out);
    }

    float mean[3], std[3];
    if (resuming) {
        if (nash_checkpoint_read_info(last_path, &info) != 0)
            goto out;
        memcpy(mean, info.mean, sizeof mean);
        memcpy(std, info.std, sizeof std);
    } else {
        nash_dataset_mean_std(&train, mean, std);
    }

    if (c->batch % ranks != 0) {
        nash_fail("--distributed: --batch %d is not a multiple of the %d ranks", c->batch, ranks);
        goto out;
    }
    net = nash_arch_build(&arch, 3, train.h, train.w, train.classes);
    if (!net || nash_net_set_fusion(net, 1) != 0 || nash_net_compile(net, c->batch / ranks) != 0)
        goto out;
    if (c->bn_recal < 0) /* auto: on for nets with adder layers */
        c->bn_recal = nash_bn_recal_default(net);
    sum->params = nash_net_param_numel(net);
    for (int i = 0; i < nash_net_node_count(net); i++)
        sum->macs += nash_net_node_macs(net, i);
    nash_rng init_rng;
    nash_rng_seed(&init_rng, (uint64_t)c->seed);
    nash_net_init_params(net, &init_rng); /* same seed: the same weights on every rank */
    if (c->distributed) {
        nash_data_parallel dp = {.sum = mpi_sum, .rank = rank, .ranks = ranks,
                                 .sync_bn = c->sync_bn};
        if (nash_net_set_data_parallel(net, &dp) != 0)
            goto out;
    }
    oc.decay_all = 0;
    opt = nash_optim_create(net, &oc);
    if (!opt)
        goto out;

    nash_loader_config tl = {.batch = c->batch, .shuffle = 1, .augment = c->augment,
                             .drop_last = 1, .seed = (uint64_t)c->seed};
    nash_loader_config el = {.batch = c->batch, .seed = (uint64_t)c->seed};
    memcpy(tl.mean, mean, sizeof mean), memcpy(tl.std, std, sizeof std);
    memcpy(el.mean, mean, sizeof mean), memcpy(el.std, std, sizeof std);
    train_ld = nash_loader_create(&train, &tl);
    test_ld = nash_loader_create(&test, &el);
    if (!train_ld || !test_ld)
        goto out;
    slice_source train_slice = {.ld = train_ld}, test_slice = {.ld = test_ld};
    nash_batch_source train_src = loader_source, test_src = loader_source;
    void *train_user = train_ld, *test_user = test_ld;
    if (c->distributed) {
        int64_t sf = nash_blocked_size(1, 3, train.h, train.w);
        train_slice.sample_floats = test_slice.sample_floats = sf;
        train_slice.staging = staging = malloc(sizeof(float) * (size_t)(sf * c->batch));
        test_slice.staging = staging;
        train_slice.labels = test_slice.labels = staging_labels =
            malloc(sizeof(int32_t) * (size_t)c->batch);
        if (!staging || !staging_labels) {
            nash_fail("out of memory for a %d-image staging batch", c->batch);
            goto out;
        }
        train_src = test_src = slice_next;
        train_user = &train_slice;
        test_user = &test_slice;
    }
    int per_epoch = nash_loader_batches(train_ld);
    if (per_epoch <= 0) {
        nash_fail("%d training images give no full batch of %d", train.n, c->batch);
        goto out;
    }
    nash_schedule sched = {.kind = sk, .base_lr = (float)c->lr,
                           .total_steps = (int64_t)per_epoch * c->epochs,
                           .warmup_steps = (int64_t)per_epoch * c->warmup_epochs, .gamma = 0.1f,
                           .n_milestones = 2,
                           .milestones = {(int64_t)per_epoch * c->epochs / 2,
                                          (int64_t)per_epoch * c->epochs * 3 / 4}};

    rows = calloc((size_t)c->epochs + 1, sizeof *rows);
    if (!rows) {
        nash_fail("out of memory");
        goto out;
    }
    int n_rows = 0, start_epoch = 0;
    int64_t step = 0;
    double best_acc = -1.0;
    int best_epoch = 0;
    if (resuming) {
        snprintf(info.arch, sizeof info.arch, "%s", c->arch);
        snprintf(info.optimizer, sizeof info.optimizer, "%s", c->optimizer);
        if (nash_checkpoint_load(last_path, net, opt, &info) != 0)
            goto out;
        if (info.epoch > c->epochs) {
            nash_fail("%s holds %d epochs, more than --epochs %d", last_path, info.epoch,
                      c->epochs);
            goto out;
        }
        if (parse_metrics(info.metrics_csv, rows, c->epochs, &n_rows) != 0)
            goto out;
        start_epoch = info.epoch;
        step = info.step;
        best_acc = info.best_acc;
        best_epoch = info.best_epoch;
        if (!c->quiet)
            fprintf(stderr, "nash: resuming %s at epoch %d (step %lld)\n", c->out, start_epoch + 1,
                    (long long)step);
    }
    text_buf b = {0};
    config_json(&b, c, sum->data_dir, how, defaults_note, mean, std);
    snprintf(path, sizeof path, "%s/config.json", c->out);
    if (write_by(rank, &b, path) != 0)
        goto out;

    double train_img_s_sum = 0.0;
    int train_img_s_n = 0;
    for (int e = start_epoch; e < c->epochs; e++) {
        nash_loader_start_epoch(train_ld, e);
        nash_progress pg = {.label = "train", .epoch = e + 1, .epochs = c->epochs,
                            .batches = per_epoch, .quiet = c->quiet};
        nash_epoch_result tr, te;
        if (nash_train_epoch(net, opt, &sched, &step, (float)c->smoothing, train_src, train_user,
                             &pg, &tr) != 0) {
            nash_fail_context("stopped; %s keeps the last good state (epoch %d)", last_path, e);
            goto out;
        }
        /* Adder nets: BN inputs drift fast while the learning rate is high, and the
         * running statistics (momentum 0.1) lag behind; re-estimating them from a
         * few training batches before testing closes most of the train/test gap
         * (measured: resnet20-adder after 4 of 10 epochs, 31.1 % -> 60.8 %). The
         * batches come from the training loader at a distinct epoch number, so
         * the training order and a resumed run are unchanged. */
        if (c->bn_recal > 0) {
            nash_loader_start_epoch(train_ld, 1000000 + e);
            if (nash_bn_recalibrate(net, train_src, train_user, c->bn_recal) < 0)
                goto out;
        }
        nash_loader_start_epoch(test_ld, 0);
        nash_progress pe = {.label = "test", .epoch = e + 1, .epochs = c->epochs,
                            .batches = nash_loader_batches(test_ld), .quiet = 1};
        if (nash_eval_epoch(net, test_src, test_user, NULL, &pe, &te) != 0)
            goto out;
        epoch_row *r = &rows[n_rows++];
        *r = (epoch_row){.epoch = e + 1, .train_loss = tr.loss, .train_acc = tr.acc,
                         .test_loss = te.loss, .test_acc = te.acc, .lr = tr.lr,
                         .img_s = tr.img_s, .seconds = tr.seconds + te.seconds};
        train_img_s_sum += tr.img_s;
        train_img_s_n++;
        if (!c->quiet)
            fprintf(stderr, "epoch %d/%d: train loss %.4f acc %.2f%% | test loss %.4f acc %.2f%% "
                            "| lr %.4g | %.0f img/s | %.1f s\n",
                    e + 1, c->epochs, tr.loss, tr.acc, te.loss, te.acc, tr.lr, tr.img_s,
                    r->seconds);
        int is_best = te.acc > best_acc;
        if (is_best)
            best_acc = te.acc, best_epoch = e + 1;

        /* checkpoint first, then the human-readable files */
        memset(&info, 0, sizeof info);
        snprintf(info.arch, sizeof info.arch, "%s", c->arch);
        snprintf(info.dataset, sizeof info.dataset, "%s", c->dataset);
        snprintf(info.optimizer, sizeof info.optimizer, "%s", c->optimizer);
        info.epoch = e + 1;
        info.step = step;
        memcpy(info.mean, mean, sizeof mean), memcpy(info.std, std, sizeof std);
        info.best_acc = best_acc;
        info.best_epoch = best_epoch;
        text_buf m = {0};
        metrics_csv(&m, rows, n_rows);
        if (m.oom || m.len >= sizeof info.metrics_csv) {
            tb_free(&m);
            nash_fail("metrics of %d epochs do not fit in the checkpoint", n_rows);
            goto out;
        }
        memcpy(info.metrics_csv, m.data, m.len);
        text_buf cj = {0};
        config_json(&cj, c, sum->data_dir, how, defaults_note, mean, std);
        snprintf(info.config_json, sizeof info.config_json, "%s", cj.data ? cj.data : "");
        tb_free(&cj);
        if (rank == 0 && (nash_checkpoint_save(last_path, net, opt, &info) != 0 ||
                          (is_best && nash_checkpoint_save(best_path, net, NULL, &info) != 0))) {
            tb_free(&m);
            goto out;
        }
        snprintf(path, sizeof path, "%s/metrics.csv", c->out);
        if (write_by(rank, &m, path) != 0)
            goto out;
        text_buf sv = {0};
        curves_svg(&sv, c->arch, rows, n_rows);
        snprintf(path, sizeof path, "%s/curves.svg", c->out);
        if (write_by(rank, &sv, path) != 0)
            goto out;
    }
    sum->epochs_done = n_rows;
    sum->final_acc = n_rows ? rows[n_rows - 1].test_acc : 0.0;
    sum->best_acc = best_acc;
    sum->best_epoch = best_epoch;
    sum->train_img_s = train_img_s_n ? train_img_s_sum / train_img_s_n : 0.0;
    sum->wall = nash_now() - t_start;

    text_buf rj = {0};
    tb_printf(&rj, "{\n  \"arch\": ");
    tb_json_string(&rj, c->arch);
    tb_printf(&rj, ",\n  \"dataset\": \"%s\",\n  \"data\": ", c->dataset);
    tb_json_string(&rj, sum->data_dir);
    tb_printf(&rj, ",\n  \"train_images\": %d,\n  \"test_images\": %d,\n  \"epochs\": %d,\n"
                   "  \"final_test_acc\": %.4f,\n  \"best_test_acc\": %.4f,\n  \"best_epoch\": %d,\n"
                   "  \"final_train_loss\": %.6f,\n  \"mean_train_img_s\": %.1f,\n"
                   "  \"params\": %lld,\n  \"macs_per_image\": %lld,\n  \"threads\": %d,\n"
                   "  \"wall_seconds_this_invocation\": %.1f\n}\n",
              train.n, test.n, n_rows, sum->final_acc, best_acc, best_epoch,
              n_rows ? rows[n_rows - 1].train_loss : 0.0, sum->train_img_s,
              (long long)sum->params, (long long)sum->macs, nash_get_threads(), sum->wall);
    snprintf(path, sizeof path, "%s/report.json", c->out);
    if (write_by(rank, &rj, path) != 0)
        goto out;
    rc = 0;
out:
    free(rows);
    free(staging);
    free(staging_labels);
    nash_loader_free(train_ld);
    nash_loader_free(test_ld);
    nash_optim_free(opt);
    nash_net_free(net);
    nash_dataset_free(&train);
    nash_dataset_free(&test);
    return rc;
}

static void print_summary(const train_config *c, const run_summary *s)
{
    if (c->json) {
        printf("{\"arch\":\"%s\",\"dataset\":\"%s\",\"epochs\":%d,\"final_test_acc\":%.4f,"
               "\"best_test_acc\":%.4f,\"best_epoch\":%d,\"train_img_s\":%.1f,"
               "\"wall_seconds\":%.1f,\"params\":%lld,\"run_dir\":\"%s\"}\n",
               c->arch, c->dataset, s->epochs_done, s->final_acc, s->best_acc, s->best_epoch,
               s->train_img_s, s->wall, (long long)s->params, s->run_dir);
        return;
    }
    printf("\n%-22s %s\n", "arch", c->arch);
    printf("%-22s %s (%s: %s)\n", "data", c->dataset, s->data_how, s->data_dir);
    printf("%-22s %d\n", "epochs", s->epochs_done);
    printf("%-22s %.2f %%\n", "final test top-1", s->final_acc);
    printf("%-22s %.2f %% (epoch %d)\n", "best test top-1", s->best_acc, s->best_epoch);
    printf("%-22s %.0f img/s (%d thread%s)\n", "training speed", s->train_img_s, nash_get_threads(),
           nash_get_threads() == 1 ? "" : "s");
    printf("%-22s %.1f s\n", "wall time", s->wall);
    printf("%-22s %s/ (metrics.csv, curves.svg, report.json, last/best.safetensors)\n",
           "run directory", s->run_dir);
}

static int train_main(int argc, char **argv, train_config c, const char *usage_line)
{
    int help = 0, no_augment = 0;
    const char *kernel = NULL;
    cli_option opts[] = {
        {"--arch", CLI_STRING, &c.arch, "architecture string (see `nash arch list`)"},
        {"--dataset", CLI_STRING, &c.dataset, "cifar10, cifar100, tinyimagenet or folder"},
        {"--data", CLI_STRING, &c.data, "data directory (else $NASH_DATA, ./data, ../shared/datasets, shipped sample)"},
        {"--epochs", CLI_INT, &c.epochs, "epochs"},
        {"--batch", CLI_INT, &c.batch, "batch size"},
        {"--lr", CLI_FLOAT, &c.lr, "base learning rate"},
        {"--wd", CLI_FLOAT, &c.wd, "weight decay (not on BN/bias)"},
        {"--momentum", CLI_FLOAT, &c.momentum, "SGD momentum"},
        {"--nesterov", CLI_INT, &c.nesterov, "SGD Nesterov momentum (1/0)"},
        {"--optimizer", CLI_STRING, &c.optimizer, "sgd, adam or radam"},
        {"--schedule", CLI_STRING, &c.schedule, "cosine (per step), step (x0.1 at 50% and 75%) or constant"},
        {"--warmup", CLI_INT, &c.warmup_epochs, "linear warm-up epochs"},
        {"--label-smoothing", CLI_FLOAT, &c.smoothing, "label smoothing"},
        {"--clip", CLI_FLOAT, &c.clip, "clip the global gradient norm (0: off)"},
        {"--bn-recal", CLI_INT, &c.bn_recal, "BN re-calibration batches before each test (-1: 20 for nets with adder layers, else 0)"},
        {"--seed", CLI_INT, &c.seed, "seed for weights, data order, augmentation"},
        {"--threads", CLI_INT, &c.threads, "OpenMP threads (0: all cores)"},
        {"--kernel", CLI_STRING, &kernel, "force a kernel variant: ref, omp, onednn, avx2 (default: fastest per op)"},
        {"--out", CLI_STRING, &c.out, "run directory"},
        {"--resume", CLI_FLAG, &c.resume, "continue the run in --out"},
        {"--distributed", CLI_FLAG, &c.distributed, "data parallel over the MPI ranks (mpirun -np K): each takes --batch/K of every batch, gradients summed"},
        {"--sync-bn", CLI_FLAG, &c.sync_bn, "with --distributed: BN statistics of the global batch (else per rank, as PyTorch DDP)"},
        {"--train-limit", CLI_INT, &c.train_limit, "use a seeded subset of N training images (0: all)"},
        {"--test-limit", CLI_INT, &c.test_limit, "use a seeded subset of N test images (0: all)"},
        {"--no-augment", CLI_FLAG, &no_augment, "no random crop / flip"},
        {"--strict", CLI_FLAG, &c.strict, "undecodable images are an error, not skipped"},
        {"--quiet", CLI_FLAG, &c.quiet, "no progress output"},
        {"--json", CLI_FLAG, &c.json, "one JSON object on stdout"},
        {"--help", CLI_FLAG, &help, "this text"},
        {0}};
    if (cli_parse(argc, argv, 1, opts, NULL, 0, NULL) != 0)
        return cli_error(nash_last_error());
    if (help) {
        printf("%s\n", usage_line);
        cli_print_options(stdout, opts);
        return 0;
    }
    if (no_augment)
        c.augment = 0;
    if (kernel)
        nash_kernel_force(kernel);
    int lr_set = cli_seen(opts, "--lr"), wd_set = cli_seen(opts, "--wd");
    int opt_set = cli_seen(opts, "--optimizer");
    run_summary s;
    if (train_run(&c, lr_set, wd_set, opt_set, &s) != 0)
        return cli_error(nash_last_error());
    if (group_rank() == 0)
        print_summary(&c, &s);
    return 0;
}

static train_config default_config(void)
{
    return (train_config){.arch = "resnet20-conv", .dataset = "cifar10", .data = NULL,
                          .optimizer = "sgd", .schedule = "cosine", .out = "runs/train",
                          .epochs = 40, .batch = 128, .seed = 1, .threads = 0, .augment = 1,
                          .nesterov = 1, .lr = 0.1, .wd = 5e-4, .momentum = 0.9,
                          .bn_recal = -1};
}

int cmd_train(int argc, char **argv)
{
    return train_main(argc, argv, default_config(),
                      "usage: nash train --arch A --dataset D [--data DIR] --epochs E --batch B "
                      "--lr LR --wd WD --optimizer sgd|adam|radam --schedule cosine|step --seed S "
                      "--threads T --out RUN_DIR [--resume]");
}

/* The main job: the documented hybrid ResNet-20 (body layers 1-6 conv, 7-12 DeepShift-Q
 * shift, 13-18 adder) for a short budget on the data found by the usual rules. */
int cmd_run(int argc, char **argv)
{
    train_config c = default_config();
    c.arch = "resnet20-hybrid";
    c.epochs = 3;
    c.train_limit = 6000;
    c.test_limit = 2000;
    /* a fresh run directory each time: runs/run-YYYYmmdd-HHMMSS */
    static char out[64];
    time_t now = time(NULL);
    strftime(out, sizeof out, "runs/run-%Y%m%d-%H%M%S", localtime(&now));
    c.out = out;
    return train_main(argc, argv, c,
                      "usage: nash run [train options]: trains resnet20-hybrid for 3 epochs on a "
                      "6,000-image subset and reports");
}
