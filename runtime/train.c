/*
 * train.c — the training and evaluation loops, and progress display.
 *
 * Owns: one epoch of training (forward, loss, backward, scheduled step) and
 * of evaluation (loss, top-1, top-5, confusion) over any batch source; the
 * live progress line on a terminal (epoch, step, loss, acc, img/s, ETA) and
 * plain log lines when stderr is not a terminal. Does not own: data
 * (datasets/), files (tools/, checkpoint.c).
 */
#include "net_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double nash_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct progress_state {
    const nash_progress *cfg;
    int tty;
    double start, last_print;
    int next_log_step;
} progress_state;

static void progress_begin(progress_state *ps, const nash_progress *cfg)
{
    memset(ps, 0, sizeof *ps);
    ps->cfg = cfg;
    ps->tty = cfg && !cfg->quiet && isatty(STDERR_FILENO);
    ps->start = ps->last_print = nash_now();
}

static void format_eta(char *buf, size_t size, double seconds)
{
    if (!(seconds >= 0) || seconds > 1e7) {
        snprintf(buf, size, "?");
        return;
    }
    long s = (long)(seconds + 0.5);
    if (s >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
}

/* Called after each batch: a redrawn line on a terminal (at most 5 per second),
 * otherwise a log line at every tenth of the epoch. */
static void progress_step(progress_state *ps, int batch, double loss, double acc, int64_t images)
{
    const nash_progress *c = ps->cfg;
    if (!c || c->quiet)
        return;
    double now = nash_now(), elapsed = now - ps->start;
    int total = c->batches;
    if (ps->tty) {
        if (now - ps->last_print < 0.2 && batch != total)
            return;
        ps->last_print = now;
    } else {
        if (total <= 0 || batch < ps->next_log_step)
            return;
        ps->next_log_step = batch + (total + 9) / 10;
    }
    char eta[32];
    format_eta(eta, sizeof eta, total > 0 ? elapsed / batch * (total - batch) : -1);
    fprintf(stderr, "%s%s epoch %d/%d step %d/%d loss %.4f acc %.2f%% %.0f img/s ETA %s%s",
            ps->tty ? "\r" : "", c->label, c->epoch, c->epochs, batch, total, loss, acc,
            elapsed > 0 ? images / elapsed : 0.0, eta, ps->tty ? "\033[K" : "\n");
    fflush(stderr);
}

static void progress_end(progress_state *ps)
{
    if (ps->tty) {
        fprintf(stderr, "\n");
        fflush(stderr);
    }
}

/* Running sums of an epoch, shared by the train and eval loops. */
typedef struct epoch_tally {
    double loss_sum;
    int64_t images, correct;
} epoch_tally;

static void tally_add(epoch_tally *t, progress_state *ps, int batch, double loss, int correct, int n)
{
    t->loss_sum += loss * n;
    t->correct += correct;
    t->images += n;
    progress_step(ps, batch, t->loss_sum / t->images, 100.0 * t->correct / t->images, t->images);
}

static void tally_finish(const epoch_tally *t, progress_state *ps, nash_epoch_result *res)
{
    progress_end(ps);
    res->images = t->images;
    res->loss = t->images ? t->loss_sum / t->images : 0.0;
    res->acc = t->images ? 100.0 * t->correct / t->images : 0.0;
    res->seconds = nash_now() - ps->start;
    res->img_s = res->seconds > 0 ? t->images / res->seconds : 0.0;
}

int nash_train_epoch(nash_net *net, nash_optim *opt, const nash_schedule *sched, int64_t *step,
                     float smoothing, nash_batch_source src, void *user,
                     const nash_progress *progress, nash_epoch_result *res)
{
    int32_t *labels = net->label_buf;
    epoch_tally tally = {0};
    float lr = 0.0f;
    progress_state ps;
    progress_begin(&ps, progress);
    memset(res, 0, sizeof *res);
    for (int batch = 1;; batch++) {
        int n = src(user, nash_net_input(net), labels);
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        double loss;
        int correct;
        nash_net_forward(net, n, 1);
        if (nash_net_loss_backward(net, n, labels, smoothing, &loss, &correct) != 0) {
            progress_end(&ps);
            return nash_fail_context("training step %lld (epoch %d, batch %d)",
                                     (long long)*step, progress ? progress->epoch : 0, batch);
        }
        lr = nash_schedule_lr(sched, *step);
        nash_optim_step(opt, lr);
        (*step)++;
        tally_add(&tally, &ps, batch, loss, correct, nash_net_global_batch(net, n));
    }
    tally_finish(&tally, &ps, res);
    res->lr = lr;
    return 0;
}

int nash_eval_epoch(nash_net *net, nash_batch_source src, void *user, int64_t *confusion,
                    const nash_progress *progress, nash_epoch_result *res)
{
    int32_t *labels = net->label_buf;
    nash_node *out = &net->nodes[net->n_nodes - 1];
    int k = out->shape.c;
    epoch_tally tally = {0};
    int64_t top5_sum = 0;
    progress_state ps;
    progress_begin(&ps, progress);
    memset(res, 0, sizeof *res);
    /* data parallel without synchronised BN: evaluate with rank 0's statistics */
    if (net->data_parallel && !net->dp.sync_bn && nash_net_broadcast_states(net) != 0)
        return nash_fail_context("eval: broadcasting BN statistics");
    for (int batch = 1;; batch++) {
        int n = src(user, nash_net_input(net), labels);
        if (n < 0)
            return -1;
        int64_t top5_before = top5_sum;
        if (n > 0)
            nash_net_forward(net, n, 0);
        int correct = 0;
        double loss = n > 0 ? nash_net_loss(net, n, labels, 0.0f, &correct) : 0.0;
        for (int i = 0; i < n; i++) {
            const float *row = out->y + (int64_t)i * k;
            int32_t t = labels[i];
            if (t < 0 || t >= k)
                return nash_fail("eval: label %d of sample %d outside [0, %d)", t, i, k);
            /* rank of the true class: how many logits beat it (ties go to the lower index) */
            int above = 0, arg = 0;
            for (int j = 0; j < k; j++) {
                above += row[j] > row[t] || (row[j] == row[t] && j < t);
                if (row[j] > row[arg])
                    arg = j;
            }
            top5_sum += above < 5;
            if (confusion)
                confusion[(int64_t)t * k + arg]++;
        }
        if (net->data_parallel) {
            /* every rank's slice of this batch (a rank may have none: n = 0) */
            float tot[4] = {(float)n, (float)(loss * n), (float)correct,
                            (float)(top5_sum - top5_before)};
            if (net->dp.sum(tot, 4, net->dp.user) != 0)
                return nash_fail_context("data-parallel eval");
            top5_sum = top5_before + (int64_t)tot[3];
            n = (int)tot[0];
            loss = tot[0] > 0 ? (double)tot[1] / tot[0] : 0.0;
            correct = (int)tot[2];
        }
        if (n == 0)
            break;
        tally_add(&tally, &ps, batch, loss, correct, n);
    }
    if (net->data_parallel && confusion) {
        /* counts summed over ranks; float is exact below 2^24 per cell */
        int64_t cells = (int64_t)k * k;
        float *f = malloc((size_t)cells * sizeof(float));
        if (!f)
            return nash_fail("eval: out of memory for a %dx%d confusion matrix", k, k);
        for (int64_t i = 0; i < cells; i++)
            f[i] = (float)confusion[i];
        int bad = net->dp.sum(f, cells, net->dp.user);
        for (int64_t i = 0; i < cells; i++)
            confusion[i] = (int64_t)f[i];
        free(f);
        if (bad)
            return nash_fail_context("data-parallel confusion matrix");
    }
    tally_finish(&tally, &ps, res);
    res->top5 = tally.images ? 100.0 * top5_sum / tally.images : 0.0;
    return 0;
}

int nash_bn_recalibrate(nash_net *net, nash_batch_source src, void *user, int batches)
{
    int done = 0, n = 0;
    nash_net_bn_recalibrate_begin(net);
    while (done < batches && (n = src(user, nash_net_input(net), net->label_buf)) > 0) {
        nash_net_forward(net, n, 1);
        done++;
    }
    nash_net_bn_recalibrate_end(net);
    if (n < 0)
        return nash_fail_context("BN re-calibration after %d batches", done);
    return done > 0 ? done : nash_fail("BN re-calibration: the source gave no batch");
}

int nash_bn_recal_default(const nash_net *net)
{
    for (int i = 0; i < net->n_nodes; i++)
        if (net->nodes[i].kind == NASH_NODE_CONV && nash_net_node_op(net, i) == NASH_OP_ADDER)
            return 20;
    return 0;
}
