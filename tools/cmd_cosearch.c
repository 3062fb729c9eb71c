/*
 * cmd_cosearch.c — `nash cosearch`: zero-shot network x accelerator
 * co-search (NASH's setting), with the conv-only baseline.
 *
 *   nash cosearch --space nasa|hb201|nb201 --proxy P [--dataset cifar100] [--budget N]
 *                 [--seed S] [--children G] [--accel-method coarse-fine|flash] [--accel PRESET|FILE]
 *                 [--target accel|cpu] [--naas-budget N] [--data DIR] [--out DIR] [--resume]
 *                 [--json]
 *
 * Two runs of the same search, each `budget` networks:
 *   hybrid     networks of the space (conv, shift and adder blocks), each on
 *              the best chunked accelerator the accelerator search finds for it;
 *   conv-only  the same search with every network's shift / adder ops turned
 *              into conv (nasa: every cell conv_kK_eE; hb201/nb201: the NB201
 *              conv ops), on a multiplier-only accelerator of the same area
 *              (the searches give every PE to the conv chunk, pe_budget PEs).
 * Search: the first half of the budget samples networks uniformly, the rest
 * mutates a random member of the run's current Pareto front (a simple
 * Pareto-evolutionary loop); duplicates are redrawn. --children G draws G
 * networks at a time from one snapshot of the front (G = 1: one at a time);
 * under mpirun the G networks of a batch are evaluated by ranks j % K and
 * the results broadcast, so the output is the same for every K. Objectives: proxy score
 * (max), FPS (max), EDP (min), energy (min); a pair is on the front when no
 * other pair of its run is at least as good in all four and better in one.
 *
 * --target cpu replaces the accelerator by this CPU (accel_search.h: per-layer
 * latency with nash's kernels; FPS and GOPS only, edp / energy written nan and
 * neutral in the front). --naas-budget N also runs the NAAS joint evolution
 * (accel/search.c) with the same proxy, under the latency of the best
 * conv-only pair.
 *
 * Crash safety: rank 0 appends every evaluated pair to DIR/cosearch.journal
 * (one fsynced write per batch; doubles as hex floats, so exact) and keeps it.
 * --resume replays the journal: the same arguments draw the same networks,
 * a journalled pair is taken instead of evaluated, and the search goes on
 * from where it stopped with any number of ranks; the outputs then equal an
 * uninterrupted run's. Without --resume the journal is started afresh.
 *
 * Outputs: DIR/cosearch.csv (every evaluated pair with its run, design and
 * pareto flag), DIR/pareto.svg (proxy vs FPS, both runs, fronts marked) and
 * the NASH-style ratios: the best conv-only pair is the one with the highest
 * proxy score (ties: higher FPS); the best hybrid pair is the fastest hybrid
 * pair whose proxy score is >= that; ratios = its FPS and GOPS over the
 * conv-only pair's. NASH reports 2.14x throughput / 2.01x FPS on CIFAR-100 —
 * but there with trained accuracy; here the proxy is a zero-shot score at
 * initialisation and no accuracy is measured.
 *
 * Owns: the co-search loop, the Pareto flags, the CSV / SVG / JSON report.
 * Does not own: the accelerator search (accel/search.c), proxies (nas/),
 * the proxy minibatch (tools/proxy_inputs.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accel_search.h"
#include "cli.h"
#include "mpi_group.h"
#include "nash_datasets.h" /* nash_for_each_line */
#include "proxy_inputs.h"
#include "report_files.h"

int cmd_cosearch(int argc, char **argv);

enum { RUN_HYBRID = 0, RUN_CONV, N_RUNS };
static const char *const run_names[N_RUNS] = {"hybrid", "conv-only"};

typedef struct pair {
    char arch[NASH_SPACE_ARCH_MAX];
    int run, step;
    double proxy;
    nash_accel_point p;
    int pareto;
} pair;

typedef struct cosearch_ctx {
    const nash_space *space;
    int hw, classes, proxy;
    nash_accel_config base;
    nash_accel_search_method method;
    nash_accel_search_opts so;
    nash_proxy_config pc;
    nash_proxy_data pd;
    pair *pairs;
    int n_pairs, cap;
    double accel_seconds, proxy_seconds;
    int children;           /* networks drawn per batch from one front snapshot */
    int journal_fd;         /* rank 0: DIR/cosearch.journal, one fsynced row per pair; else -1 */
    const char *journal_path;
    pair *replay;           /* --resume: the journal's pairs (every rank) */
    int n_replay, resumed;
    int cpu;                /* --target cpu: latency from the CPU table, no energy */
    nash_cpu_table cpu_table;
} cosearch_ctx;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Replaces every occurrence of `from` by `to` (to no longer than from). */
static void replace_all(char *s, const char *from, const char *to)
{
    size_t lf = strlen(from), lt = strlen(to);
    for (char *p = strstr(s, from); p; p = strstr(p + lt, from)) {
        memmove(p + lt, p + lf, strlen(p + lf) + 1);
        memcpy(p, to, lt);
    }
}

/* The conv-only version of an architecture of the space (see the header). */
static int conv_only(const nash_space *sp, const char *arch, char *out, size_t size)
{
    char tmp[NASH_SPACE_ARCH_MAX];
    snprintf(tmp, sizeof tmp, "%s", arch);
    if (strcmp(nash_space_name(sp), "nasa") == 0) {
        replace_all(tmp, "shift_k", "conv_k");
        replace_all(tmp, "adder_k", "conv_k");
    } else {
        replace_all(tmp, "shift_conv_", "nor_conv_");
        replace_all(tmp, "adder_conv_", "nor_conv_");
    }
    return nash_space_canonical(sp, tmp, out, size);
}

/* a dominates b: at least as good in every objective, better in one. */
static int dominates(const pair *a, const pair *b)
{
    int ge = a->proxy >= b->proxy && a->p.fps >= b->p.fps && a->p.edp <= b->p.edp &&
             a->p.energy_mj <= b->p.energy_mj;
    int gt = a->proxy > b->proxy || a->p.fps > b->p.fps || a->p.edp < b->p.edp ||
             a->p.energy_mj < b->p.energy_mj;
    return ge && gt;
}

static void update_pareto(cosearch_ctx *x, int run)
{
    for (int i = 0; i < x->n_pairs; i++) {
        pair *a = &x->pairs[i];
        if (a->run != run)
            continue;
        a->pareto = a->p.valid && isfinite(a->proxy);
        for (int j = 0; j < x->n_pairs && a->pareto; j++) {
            const pair *b = &x->pairs[j];
            if (j != i && b->run == run && b->p.valid && isfinite(b->proxy) && dominates(b, a))
                a->pareto = 0;
        }
    }
}

static int seen(const cosearch_ctx *x, int run, const char *arch)
{
    for (int i = 0; i < x->n_pairs; i++)
        if (x->pairs[i].run == run && strcmp(x->pairs[i].arch, arch) == 0)
            return 1;
    return 0;
}

/* Accelerator search and proxy score of one network. 0 or -1. */
static int evaluate_pair(cosearch_ctx *x, pair *pr)
{
    nash_net *net = nash_space_build(x->space, pr->arch, 3, x->hw, x->hw, x->classes);
    if (!net)
        return nash_fail_context("cosearch: arch %s", pr->arch);
    nash_accel_layer *layers = NULL;
    int n = 0;
    nash_accel_search_result r;
    double t0 = now_seconds();
    if (nash_accel_extract(net, &layers, &n) != 0) {
        nash_net_free(net);
        return -1;
    }
    if (x->cpu) { /* this CPU: latency only; energy and EDP stay 0 (neutral in the front) */
        double ms;
        int64_t ops = 0;
        for (int i = 0; i < n; i++)
            ops += nash_accel_layer_ops(&layers[i]);
        double node_ms = 0;
        if (nash_cpu_latency(&x->cpu_table, layers, n, &ms, NULL) != 0 ||
            nash_cpu_node_latency(&x->cpu_table, net, &node_ms, NULL) != 0) {
            free(layers);
            nash_net_free(net);
            return nash_fail_context("cosearch: cpu latency of %s", pr->arch);
        }
        ms += node_ms;
        memset(&pr->p, 0, sizeof pr->p);
        pr->p.valid = 1;
        pr->p.latency_ms = ms;
        pr->p.fps = 1000.0 / ms;
        pr->p.gops = (double)ops / (ms * 1e-3) / 1e9;
    } else if (nash_accel_search(&x->base, layers, n, x->method, &x->so, &r) != 0) {
        free(layers);
        nash_net_free(net);
        return nash_fail_context("cosearch: accelerator search for %s", pr->arch);
    } else {
        pr->p = r.best;
    }
    free(layers);
    double t1 = now_seconds();
    x->accel_seconds += t1 - t0;
    /* the proxy compiles the network: after the layer extraction */
    int rc = nash_proxies_score(net, &x->pc, &x->pd, &x->proxy, 1, &pr->proxy);
    x->proxy_seconds += now_seconds() - t1;
    nash_net_free(net);
    return rc == 0 ? 0 : nash_fail_context("cosearch: proxy of %s", pr->arch);
}

static int pending(const pair *batch, int n, const char *arch)
{
    for (int j = 0; j < n; j++)
        if (strcmp(batch[j].arch, arch) == 0)
            return 1;
    return 0;
}

/* Draws the network of one step: uniform in the first half of the budget,
 * else a mutation of a random member of this run's front as it stood when the
 * batch began. 1 = drawn, 0 = no new network after 50 tries, -1 = error. */
static int draw_network(cosearch_ctx *x, int run, int step, int budget, nash_rng *rng,
                        const pair *batch, int n_batch, pair *pr)
{
    memset(pr, 0, sizeof *pr);
    pr->run = run, pr->step = step;
    for (int attempt = 0; attempt < 50; attempt++) {
        char raw[NASH_SPACE_ARCH_MAX];
        int rc;
        if (step < (budget + 1) / 2) {
            rc = nash_space_sample(x->space, rng, raw, sizeof raw);
        } else {
            int front[4096], n_front = 0;
            for (int i = 0; i < x->n_pairs && n_front < 4096; i++)
                if (x->pairs[i].run == run && x->pairs[i].pareto)
                    front[n_front++] = i;
            if (n_front == 0)
                rc = nash_space_sample(x->space, rng, raw, sizeof raw);
            else
                rc = nash_space_mutate(
                    x->space, x->pairs[front[nash_rng_below(rng, (uint32_t)n_front)]].arch, 0.2,
                    rng, raw, sizeof raw);
        }
        if (rc != 0)
            return -1;
        if (run == RUN_CONV) {
            if (conv_only(x->space, raw, pr->arch, sizeof pr->arch) != 0)
                return -1;
        } else {
            snprintf(pr->arch, sizeof pr->arch, "%s", raw);
        }
        if (!seen(x, run, pr->arch) && !pending(batch, n_batch, pr->arch))
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------------- */
/* The journal: every evaluated pair, exactly (doubles as C99 hex floats), so   */
/* `--resume` replays a killed run's pairs and draws the same networks after   */
/* them; the search then continues where it stopped (any number of ranks).     */

#define JOURNAL_COLUMNS \
    "run,step,arch,proxy,valid,edp,latency_ms,energy_mj,fps,gops,area_mm2,pes_conv,pes_shift," \
    "pes_adder,dataflow_conv,dataflow_shift,dataflow_adder\n"

static void journal_row(text_buf *b, const pair *p)
{
    tb_printf(b, "%d,%d,\"%s\",%a,%d,%a,%a,%a,%a,%a,%a", p->run, p->step, p->arch, p->proxy,
              p->p.valid, p->p.edp, p->p.latency_ms, p->p.energy_mj, p->p.fps, p->p.gops,
              p->p.area_mm2);
    for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++)
        tb_printf(b, ",%d", p->p.d.pes[k]);
    for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++)
        tb_printf(b, ",%d", (int)p->p.d.dataflow[k]);
    tb_printf(b, "\n");
}

typedef struct journal_read {
    cosearch_ctx *x;
    int cap;
} journal_read;

static int journal_line(char *line, int lineno, void *user)
{
    journal_read *jr = user;
    cosearch_ctx *x = jr->x;
    if (line[0] == '#' || strncmp(line, "run,", 4) == 0)
        return 0;
    pair p = {0};
    char *q1 = strchr(line, '"'), *q2 = q1 ? strchr(q1 + 1, '"') : NULL;
    if (!q1 || !q2 || q2 - q1 - 1 >= (long)sizeof p.arch ||
        sscanf(line, "%d,%d,", &p.run, &p.step) != 2)
        return nash_fail("%s line %d: expected run,step,\"arch\",... (" JOURNAL_COLUMNS ")",
                         x->journal_path, lineno);
    memcpy(p.arch, q1 + 1, (size_t)(q2 - q1 - 1));
    char *f = q2 + 1;
    double v[7];
    int ints[2 * NASH_ACCEL_CHUNK_COUNT + 1];
    for (int i = 0; i < 8 + 2 * NASH_ACCEL_CHUNK_COUNT; i++) {
        char *end;
        if (*f != ',')
            return nash_fail("%s line %d: field %d missing", x->journal_path, lineno, i + 4);
        f++;
        if (i == 0 || (i >= 2 && i < 8)) {
            v[i == 0 ? 0 : i - 1] = strtod(f, &end);
        } else {
            long val = strtol(f, &end, 10);
            ints[i == 1 ? 0 : i - 7] = (int)val;
        }
        if (end == f)
            return nash_fail("%s line %d: field %d is not a number", x->journal_path, lineno,
                             i + 4);
        f = end;
    }
    if (*f != '\0' || p.run < 0 || p.run >= N_RUNS || p.step < 0)
        return nash_fail("%s line %d: bad run, step or trailing text", x->journal_path, lineno);
    p.proxy = v[0];
    p.p.valid = ints[0];
    p.p.edp = v[1], p.p.latency_ms = v[2], p.p.energy_mj = v[3], p.p.fps = v[4];
    p.p.gops = v[5], p.p.area_mm2 = v[6];
    for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++) {
        p.p.d.pes[k] = ints[1 + k];
        int df = ints[1 + NASH_ACCEL_CHUNK_COUNT + k];
        if (df < 0 || df > (int)NASH_ACCEL_AUTO)
            return nash_fail("%s line %d: dataflow %d out of range", x->journal_path, lineno, df);
        p.p.d.dataflow[k] = (nash_accel_dataflow)df;
    }
    if (x->n_replay == jr->cap) {
        int cap = jr->cap ? 2 * jr->cap : 64;
        pair *grown = realloc(x->replay, sizeof *grown * (size_t)cap);
        if (!grown)
            return nash_fail("%s: out of memory after %d rows", x->journal_path, x->n_replay);
        x->replay = grown, jr->cap = cap;
    }
    x->replay[x->n_replay++] = p;
    return 0;
}

/* Rank 0 opens (new run: replaces) or checks and reads (--resume) the
 * journal; every rank then holds the replayed pairs. 0 or -1. */
static int journal_open(cosearch_ctx *x, const char *settings, int resume)
{
    x->journal_fd = -1;
    int rc = 0;
    if (group_rank() == 0) {
        char header[1024];
        snprintf(header, sizeof header, "# nash cosearch journal v1: %s\n" JOURNAL_COLUMNS,
                 settings);
        if (!resume && path_exists(x->journal_path) && unlink(x->journal_path) != 0)
            rc = nash_fail("%s: cannot replace: %s", x->journal_path, strerror(errno));
        else if (resume && !path_exists(x->journal_path))
            rc = nash_fail("--resume: no %s to continue (run without --resume first)",
                           x->journal_path);
        if (rc == 0)
            rc = csv_append_prepare(x->journal_path, header, 1);
        journal_read jr = {.x = x};
        if (rc == 0 && resume)
            rc = nash_for_each_line(x->journal_path, journal_line, &jr);
        if (rc == 0 && (x->journal_fd = open(x->journal_path, O_WRONLY | O_APPEND)) < 0)
            rc = nash_fail("%s: cannot open for appending: %s", x->journal_path, strerror(errno));
    }
    /* the others learn the outcome and the pairs */
    int head[2] = {rc, x->n_replay};
    if (group_bcast(head, sizeof head) != 0)
        return -1;
    if (head[0] != 0)
        return group_rank() == 0 ? -1 : nash_fail("rank 0 could not open the journal");
    if (group_rank() != 0 && head[1] > 0) {
        x->n_replay = head[1];
        if (!(x->replay = malloc(sizeof *x->replay * (size_t)head[1])))
            return nash_fail("cosearch: out of memory for %d replayed pairs", head[1]);
    }
    return head[1] > 0 ? group_bcast(x->replay, sizeof *x->replay * (size_t)head[1]) : 0;
}

/* Rank 0 appends the newly evaluated pairs of a batch: one write + fdatasync. */
static int journal_append(cosearch_ctx *x, const pair *batch, const int *replayed, int n)
{
    if (x->journal_fd < 0)
        return 0;
    text_buf b = {0};
    for (int j = 0; j < n; j++)
        if (!replayed[j])
            journal_row(&b, &batch[j]);
    int rc = 0;
    if (b.oom)
        rc = nash_fail("%s: out of memory", x->journal_path);
    else if (b.len && (write_all_fd(x->journal_fd, b.data, b.len) != 0 || fdatasync(x->journal_fd) != 0))
        rc = nash_fail("%s: append failed: %s", x->journal_path, strerror(errno));
    tb_free(&b);
    return rc;
}

/* The replayed pair of (run, step), or NULL. */
static const pair *replayed_pair(const cosearch_ctx *x, int run, int step)
{
    for (int i = 0; i < x->n_replay; i++)
        if (x->replay[i].run == run && x->replay[i].step == step)
            return &x->replay[i];
    return NULL;
}

/* One run of the search, in batches of x->children networks drawn from one
 * snapshot of the front (children = 1: the sequential loop). Under mpirun the
 * networks of a batch are evaluated by ranks j % size and each result is
 * broadcast from its owner, so every rank holds the same pairs and draws the
 * same next batch: the output does not depend on the number of ranks. */
static int run_search(cosearch_ctx *x, int run, int budget, nash_rng *rng)
{
    pair *batch = malloc(sizeof *batch * (size_t)x->children);
    int *replayed = calloc((size_t)x->children, sizeof *replayed);
    if (!batch || !replayed) {
        free(batch);
        free(replayed);
        return nash_fail("cosearch: out of memory for a batch of %d", x->children);
    }
    int rc = 0, exhausted = 0;
    for (int step = 0; step < budget && !exhausted && rc == 0;) {
        int n = 0;
        while (n < x->children && step + n < budget) {
            int got = draw_network(x, run, step + n, budget, rng, batch, n, &batch[n]);
            if (got < 0) {
                rc = -1;
                break;
            }
            if (got == 0) { /* the space (conv-only NB201 is small) has no new network near the front */
                exhausted = 1;
                break;
            }
            const pair *old = replayed_pair(x, run, step + n);
            replayed[n] = old != NULL;
            if (old && strcmp(old->arch, batch[n].arch) != 0) {
                rc = nash_fail("%s: %s step %d holds %s, but these arguments draw %s (the journal "
                               "belongs to another run)", x->journal_path, run_names[run],
                               step + n, old->arch, batch[n].arch);
                break;
            }
            if (old)
                batch[n] = *old, x->resumed++;
            n++;
        }
        for (int j = 0; rc == 0 && j < n; j++)
            if (!replayed[j] && j % group_size() == group_rank())
                rc = evaluate_pair(x, &batch[j]);
        for (int j = 0; rc == 0 && j < n; j++)
            if (!replayed[j])
                rc = group_bcast_from(&batch[j], sizeof batch[j], j % group_size());
        if (rc == 0)
            rc = journal_append(x, batch, replayed, n);
        if (rc != 0)
            break;
        if (x->n_pairs + n > x->cap) {
            int cap = x->cap ? 2 * x->cap : 64;
            while (cap < x->n_pairs + n)
                cap *= 2;
            pair *p = realloc(x->pairs, sizeof *p * (size_t)cap);
            if (!p) {
                rc = nash_fail("cosearch: out of memory for %d pairs", cap);
                break;
            }
            x->pairs = p, x->cap = cap;
        }
        for (int j = 0; j < n; j++) {
            x->pairs[x->n_pairs++] = batch[j];
            update_pareto(x, run);
        }
        step += n;
    }
    free(batch);
    free(replayed);
    return rc;
}

static int write_csv(const cosearch_ctx *x, const char *path)
{
    text_buf b = {0};
    tb_printf(&b, "run,step,arch,proxy,fps,gops,edp,energy_mj,latency_ms,pes_conv,pes_shift,"
                  "pes_adder,dataflow_conv,dataflow_shift,dataflow_adder,pareto\n");
    for (int i = 0; i < x->n_pairs; i++) {
        const pair *p = &x->pairs[i];
        tb_printf(&b, "%s,%d,\"%s\",%.10g,%.10g,%.10g,%.10g,%.10g,%.10g", run_names[p->run],
                  p->step, p->arch, p->proxy, p->p.fps, p->p.gops, x->cpu ? NAN : p->p.edp,
                  x->cpu ? NAN : p->p.energy_mj, p->p.latency_ms);
        for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++)
            tb_printf(&b, ",%d", p->p.d.pes[k]);
        for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++)
            tb_printf(&b, ",%s", p->p.d.pes[k] ? nash_accel_dataflow_names[p->p.d.dataflow[k]] : "-");
        tb_printf(&b, ",%d\n", p->pareto);
    }
    return tb_write_atomic(&b, path);
}

/* proxy (x) vs FPS (y): both runs as dots, each run's 2-D front
 * (proxy, FPS) as a step line, the 4-objective Pareto members ringed. */
static int write_svg(const cosearch_ctx *x, const char *proxy_name, const char *path)
{
    double x0 = INFINITY, x1 = -INFINITY, y0 = 0, y1 = -INFINITY;
    for (int i = 0; i < x->n_pairs; i++) {
        const pair *p = &x->pairs[i];
        if (!p->p.valid || !isfinite(p->proxy))
            continue;
        x0 = fmin(x0, p->proxy), x1 = fmax(x1, p->proxy), y1 = fmax(y1, p->p.fps);
    }
    if (!(x1 >= x0))
        x0 = 0, x1 = 1, y1 = 1;
    if (x1 - x0 < 1e-12)
        x0 -= 0.5, x1 += 0.5;
    y1 *= 1.05;
    const double W = 720, H = 480, ml = 80, mr = 20, mt = 40, mb = 60;
    double pw = W - ml - mr, ph = H - mt - mb;
#define PX(v) (ml + ((v) - x0) / (x1 - x0) * pw)
#define PY(v) (mt + ph - ((v) - y0) / (y1 - y0) * ph)
    text_buf b = {0};
    svg_begin(&b, W, H);
    tb_printf(&b, "<text x=\"%.1f\" y=\"22\" text-anchor=\"middle\" font-size=\"12\">%s vs FPS: "
                  "blue hybrid, red conv-only; rings: Pareto in proxy, FPS, EDP, energy</text>\n", ml + pw / 2, proxy_name);
    tb_printf(&b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                  "stroke=\"#444\"/>\n", ml, mt, pw, ph);
    for (int t = 0; t <= 4; t++) {
        double vx = x0 + (x1 - x0) * t / 4, vy = y0 + (y1 - y0) * t / 4;
        tb_printf(&b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\">%.4g"
                      "</text>\n", PX(vx), mt + ph + 16, vx);
        tb_printf(&b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%.4g"
                      "</text>\n", ml - 6, PY(vy) + 4, vy);
    }
    tb_printf(&b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">proxy score (%s, zero-shot; "
                  "not accuracy)</text>\n", ml + pw / 2, H - 15, proxy_name);
    tb_printf(&b, "<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 18 "
                  "%.1f)\">FPS on the searched accelerator</text>\n", mt + ph / 2, mt + ph / 2);
    static const char *const colors[N_RUNS] = {"#1f77b4", "#d62728"};
    for (int run = 0; run < N_RUNS; run++) {
        /* 2-D front: by decreasing proxy, keep the points faster than all before */
        int *idx = malloc(sizeof *idx * (size_t)(x->n_pairs ? x->n_pairs : 1));
        int m = 0;
        if (!idx) {
            tb_free(&b);
            return nash_fail("cosearch: out of memory for the plot");
        }
        for (int i = 0; i < x->n_pairs; i++)
            if (x->pairs[i].run == run && x->pairs[i].p.valid && isfinite(x->pairs[i].proxy))
                idx[m++] = i;
        for (int a = 1; a < m; a++) /* insertion sort by proxy, descending */
            for (int c = a; c > 0 && x->pairs[idx[c]].proxy > x->pairs[idx[c - 1]].proxy; c--) {
                int t = idx[c];
                idx[c] = idx[c - 1], idx[c - 1] = t;
            }
        tb_printf(&b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"",
                  colors[run]);
        double best_fps = -1;
        for (int a = 0; a < m; a++) {
            const pair *p = &x->pairs[idx[a]];
            if (p->p.fps > best_fps) {
                if (best_fps >= 0)
                    tb_printf(&b, "%.1f,%.1f ", PX(p->proxy), PY(best_fps));
                tb_printf(&b, "%.1f,%.1f ", PX(p->proxy), PY(p->p.fps));
                best_fps = p->p.fps;
            }
        }
        tb_printf(&b, "\"/>\n");
        for (int a = 0; a < m; a++) {
            const pair *p = &x->pairs[idx[a]];
            tb_printf(&b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", PX(p->proxy),
                      PY(p->p.fps), colors[run]);
            if (p->pareto)
                tb_printf(&b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"none\" "
                              "stroke=\"%s\"/>\n", PX(p->proxy), PY(p->p.fps), colors[run]);
        }
        free(idx);
    }
#undef PX
#undef PY
    svg_end(&b);
    return tb_write_atomic(&b, path);
}

/* The NASH-style comparison (file header). *h / *c = -1 when missing. */
static void best_pairs(const cosearch_ctx *x, int *h, int *c)
{
    *h = *c = -1;
    for (int i = 0; i < x->n_pairs; i++) {
        const pair *p = &x->pairs[i];
        if (p->run != RUN_CONV || !p->p.valid || !isfinite(p->proxy))
            continue;
        const pair *q = *c >= 0 ? &x->pairs[*c] : NULL;
        if (!q || p->proxy > q->proxy || (p->proxy == q->proxy && p->p.fps > q->p.fps))
            *c = i;
    }
    if (*c < 0)
        return;
    for (int i = 0; i < x->n_pairs; i++) {
        const pair *p = &x->pairs[i];
        if (p->run == RUN_HYBRID && p->p.valid && p->proxy >= x->pairs[*c].proxy &&
            (*h < 0 || p->p.fps > x->pairs[*h].p.fps))
            *h = i;
    }
}

/* The comparison at the highest proxy level both runs reach, L = min(best
 * hybrid proxy, best conv-only proxy): the fastest pair of each run with
 * proxy >= L. When the hybrid run reaches the conv-only best this is the
 * best_pairs comparison; when it does not (the generic proxies score
 * adder/shift networks lower), it still compares the two fronts at a level
 * both attain. -1s if a run has no valid pair. */
static void common_level_pairs(const cosearch_ctx *x, int *h, int *c, double *level)
{
    double best[2] = {-INFINITY, -INFINITY};
    *h = *c = -1;
    *level = NAN;
    for (int i = 0; i < x->n_pairs; i++) {
        const pair *p = &x->pairs[i];
        if (p->p.valid && isfinite(p->proxy) && p->proxy > best[p->run == RUN_CONV])
            best[p->run == RUN_CONV] = p->proxy;
    }
    if (!isfinite(best[0]) || !isfinite(best[1]))
        return;
    *level = best[0] < best[1] ? best[0] : best[1];
    for (int i = 0; i < x->n_pairs; i++) {
        const pair *p = &x->pairs[i];
        if (!p->p.valid || !isfinite(p->proxy) || p->proxy < *level)
            continue;
        int *k = p->run == RUN_CONV ? c : h;
        if (*k < 0 || p->p.fps > x->pairs[*k].p.fps)
            *k = i;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Same-skeleton ratios: the sampling half of both runs draws the same
 * networks, so a hybrid network and its own conv-only version can be
 * compared directly (proxy aside). Medians of FPS and GOPS ratios over
 * those matches; returns how many matched. */
static int skeleton_ratios(const cosearch_ctx *x, double *fps_median, double *gops_median)
{
    double *fr = malloc(sizeof *fr * (size_t)(x->n_pairs + 1));
    double *gr = malloc(sizeof *gr * (size_t)(x->n_pairs + 1));
    int m = 0;
    *fps_median = *gops_median = NAN;
    for (int i = 0; fr && gr && i < x->n_pairs; i++) {
        const pair *h = &x->pairs[i];
        char conv[NASH_SPACE_ARCH_MAX];
        if (h->run != RUN_HYBRID || !h->p.valid ||
            conv_only(x->space, h->arch, conv, sizeof conv) != 0)
            continue;
        for (int j = 0; j < x->n_pairs; j++) {
            const pair *c = &x->pairs[j];
            if (c->run == RUN_CONV && c->step == h->step && c->p.valid &&
                strcmp(c->arch, conv) == 0) {
                fr[m] = h->p.fps / c->p.fps, gr[m] = h->p.gops / c->p.gops, m++;
                break;
            }
        }
    }
    if (m > 0) {
        qsort(fr, (size_t)m, sizeof *fr, cmp_double);
        qsort(gr, (size_t)m, sizeof *gr, cmp_double);
        *fps_median = m % 2 ? fr[m / 2] : 0.5 * (fr[m / 2 - 1] + fr[m / 2]);
        *gops_median = m % 2 ? gr[m / 2] : 0.5 * (gr[m / 2 - 1] + gr[m / 2]);
    }
    free(fr);
    free(gr);
    return m;
}

int cmd_cosearch(int argc, char **argv)
{
    int help = 0, json = 0, budget = 20, seed = 1, pe_step = 8, naas_budget = 0, children = 1;
    int resume = 0;
    const char *space = "nasa", *dataset = "cifar100", *proxy = NULL, *out = "cosearch_out";
    const char *accel_method = "coarse-fine", *accel = "nasa-f", *data = NULL, *target = "accel";
    cli_option opts[] = {
        {"--space", CLI_STRING, &space, "nasa, hb201 or nb201 (nb201: the hybrid run uses hb201)"},
        {"--dataset", CLI_STRING, &dataset, "cifar10, cifar100 or imagenet16 (input size, classes, proxy data)"},
        {"--proxy", CLI_STRING, &proxy, "zero-shot proxy (nash proxies --list); data-free: params flops synflow nn_degree"},
        {"--budget", CLI_INT, &budget, "networks per run (hybrid and conv-only each)"},
        {"--seed", CLI_INT, &seed, "sampling, mutation and proxy seed"},
        {"--children", CLI_INT, &children, "networks drawn per batch from one snapshot of the front (1: sequential; G > 1: the G are evaluated in parallel under mpirun, same output for any rank count)"},
        {"--accel-method", CLI_STRING, &accel_method, "accelerator search per network: coarse-fine or flash"},
        {"--accel", CLI_STRING, &accel, "base accelerator (area budget, memories, energies): preset or file"},
        {"--pe-step", CLI_INT, &pe_step, "PE grid of the coarse-fine accelerator search"},
        {"--target", CLI_STRING, &target, "accel (searched accelerator per network) or cpu (this CPU, nash kernels; FPS only, no energy)"},
        {"--naas-budget", CLI_INT, &naas_budget, "also run the NAAS joint evolution (arch x array shape, spatial dims, loop order) for N individuals, fitness = proxy under the best conv-only pair's latency; 0: off"},
        {"--data", CLI_STRING, &data, "data directory for data-driven proxies"},
        {"--out", CLI_STRING, &out, "output directory (cosearch.csv, pareto.svg)"},
        {"--resume", CLI_FLAG, &resume, "continue a killed run from DIR/cosearch.journal (same arguments, any number of ranks)"},
        {"--json", CLI_FLAG, &json, "one JSON object on stdout"},
        {"--help", CLI_FLAG, &help, "this text"},
        {0}};
    const char *pos[1];
    int n_pos = 0;
    if (cli_parse(argc, argv, 1, opts, pos, 0, &n_pos) != 0)
        return cli_error(nash_last_error());
    if (help) {
        printf("usage: nash cosearch --space nasa|hb201|nb201 --proxy P [options]\n\n"
               "Zero-shot network x accelerator co-search with a conv-only baseline on a\n"
               "multiplier-only accelerator of the same area; writes DIR/cosearch.csv and\n"
               "DIR/pareto.svg. The proxy is a score at initialisation: accuracy is not measured.\n\n"
               "options:\n");
        cli_print_options(stdout, opts);
        return 0;
    }
    if (!proxy)
        return cli_error("cosearch: --proxy is required (e.g. --proxy synflow)");
    if (budget < 1 || pe_step < 1 || children < 1)
        return cli_error("cosearch: --budget, --pe-step and --children must be >= 1");
    cosearch_ctx x = {0};
    x.children = children;
    if (group_rank() == 0 && group_size() > children)
        fprintf(stderr, "nash: cosearch: %d MPI ranks but --children %d: only %d rank(s) work\n",
                group_size(), children, children);
    const char *space_used = strcmp(space, "nb201") == 0 ? "hb201" : space;
    if (strcmp(space, "nasa") != 0 && strcmp(space, "hb201") != 0 && strcmp(space, "nb201") != 0) {
        nash_fail("cosearch: --space '%s' (nasa, hb201, nb201)", space);
        return cli_error(nash_last_error());
    }
    if (!(x.space = nash_space_find(space_used)) || (x.proxy = nash_proxy_from_name(proxy)) < 0 ||
        nash_accel_config_resolve(accel, &x.base) != 0)
        return cli_error(nash_last_error());
    if (strcmp(target, "cpu") == 0)
        x.cpu = 1;
    else if (strcmp(target, "accel") != 0) {
        nash_fail("--target: unknown target '%s' (accel, cpu)", target);
        return cli_error(nash_last_error());
    }
    if (strcmp(accel_method, "coarse-fine") == 0)
        x.method = NASH_ACCEL_SEARCH_COARSE_FINE;
    else if (strcmp(accel_method, "flash") == 0)
        x.method = NASH_ACCEL_SEARCH_FLASH;
    else {
        nash_fail("--accel-method: unknown method '%s' (coarse-fine, flash)", accel_method);
        return cli_error(nash_last_error());
    }
    if (cli_space_dataset_geometry(dataset, &x.hw, &x.classes) != 0)
        return cli_error(nash_last_error());
    x.so = nash_accel_search_opts_default();
    x.so.pe_step = pe_step;
    x.pc = nash_proxy_config_default();
    x.pc.seed = (uint64_t)seed;
    proxy_images pi = {0};
    int need = nash_proxy_data_needed(&x.pc, &x.proxy, 1);
    if (need > 0) {
        if (proxy_images_load(dataset, data, seed, need, &pi) != 0)
            return cli_error(nash_last_error());
        if (pi.h != x.hw || pi.classes != x.classes) {
            nash_fail("data %s: %dx%d images with %d classes, but --dataset %s needs %dx%d and %d",
                      pi.source, pi.h, pi.w, pi.classes, dataset, x.hw, x.hw, x.classes);
            proxy_images_free(&pi);
            return cli_error(nash_last_error());
        }
    } else {
        snprintf(pi.source, sizeof pi.source, "none (data-free proxy)");
    }
    x.pd = (nash_proxy_data){.n = pi.n, .c = 3, .h = x.hw, .w = x.hw, .classes = x.classes,
                             .images = pi.images, .labels = pi.labels};
    char journal_path[4200], settings[768];
    snprintf(journal_path, sizeof journal_path, "%s/cosearch.journal", out);
    snprintf(settings, sizeof settings,
             "space=%s dataset=%s proxy=%s budget=%d seed=%d children=%d accel=%s "
             "accel_method=%s pe_step=%d target=%s",
             space, dataset, proxy, budget, seed, children, accel, accel_method, pe_step, target);
    x.journal_path = journal_path;
    if (make_dirs(out) != 0 || journal_open(&x, settings, resume) != 0) {
        proxy_images_free(&pi);
        free(x.replay);
        return cli_error(nash_last_error());
    }
    double t0 = now_seconds();
    int rc = 0;
    for (int run = 0; run < N_RUNS && rc == 0; run++) {
        nash_rng rng; /* same seed: both runs draw the same networks before the conversion */
        nash_rng_seed(&rng, (uint64_t)seed);
        rc = run_search(&x, run, budget, &rng);
    }
    if (x.journal_fd >= 0)
        close(x.journal_fd);
    free(x.replay);
    x.replay = NULL;
    /* every rank holds every pair now; the time spent is summed over ranks */
    double spent[2] = {x.accel_seconds, x.proxy_seconds};
    if (rc == 0 && (rc = group_allreduce_sum(spent, 2)) == 0)
        x.accel_seconds = spent[0], x.proxy_seconds = spent[1];
    if (rc == 0 && group_rank() != 0) { /* rank 0 runs NAAS and writes the report */
        nash_cpu_table_free(&x.cpu_table);
        proxy_images_free(&pi);
        free(x.pairs);
        return 0;
    }
    nash_naas_joint_result naas = {0};
    double naas_limit = 0, naas_seconds = 0;
    nash_cpu_table_free(&x.cpu_table);
    if (rc == 0 && naas_budget > 0 && !x.cpu) {
        int hb, cb;
        best_pairs(&x, &hb, &cb);
        naas_limit = cb >= 0 ? x.pairs[cb].p.latency_ms : 0;
        nash_naas_joint_opts no = {.space = x.space, .c = 3, .h = x.hw, .w = x.hw,
                                   .classes = x.classes, .proxy = x.proxy, .pc = &x.pc,
                                   .pd = &x.pd, .max_latency_ms = naas_limit,
                                   .budget = naas_budget,
                                   .population = naas_budget >= 20 ? 10 : (naas_budget + 1) / 2,
                                   .tournament = 3, .seed = (uint64_t)seed};
        if (no.population < 2)
            no.population = 2, no.budget = naas_budget < 2 ? 2 : naas_budget;
        double tn = now_seconds();
        rc = nash_naas_joint_search(&x.base, &no, &naas);
        naas_seconds = now_seconds() - tn;
    }
    char source[sizeof pi.source];
    snprintf(source, sizeof source, "%s", pi.source);
    proxy_images_free(&pi);
    char csv_path[4200], svg_path[4200];
    snprintf(csv_path, sizeof csv_path, "%s/cosearch.csv", out);
    snprintf(svg_path, sizeof svg_path, "%s/pareto.svg", out);
    if (rc != 0 || write_csv(&x, csv_path) != 0 || write_svg(&x, proxy, svg_path) != 0) {
        free(x.pairs);
        return cli_error(nash_last_error());
    }
    double wall = now_seconds() - t0;
    int h, c, lh, lc;
    double level;
    best_pairs(&x, &h, &c);
    common_level_pairs(&x, &lh, &lc, &level);
    double skel_fps, skel_gops;
    int skel_n = skeleton_ratios(&x, &skel_fps, &skel_gops);
    int counts[N_RUNS] = {0}, fronts[N_RUNS] = {0};
    for (int i = 0; i < x.n_pairs; i++)
        counts[x.pairs[i].run]++, fronts[x.pairs[i].run] += x.pairs[i].pareto;
    const char *note = "the proxy is a zero-shot score of the untrained network, not accuracy; "
                       "'equal or better proxy' does not mean equal accuracy";
    if (json) {
        text_buf b = {0};
        tb_printf(&b, "{\"space\":\"%s\",\"space_used\":\"%s\",\"dataset\":\"%s\",\"proxy\":\"%s\","
                      "\"proxy_data\":",
                  space, space_used, dataset, proxy);
        tb_json_string(&b, source);
        tb_printf(&b, ",\"note\":");
        tb_json_string(&b, note);
        tb_printf(&b, ",\"accel\":");
        tb_json_string(&b, x.base.name);
        tb_printf(&b, ",\"target\":\"%s\",\"accel_method\":\"%s\",\"pe_budget\":%d,\"budget\":%d,\"seed\":%d,"
                      "\"children\":%d,\"ranks\":%d,\"resumed\":%d,"
                      "\"pairs\":{\"hybrid\":%d,\"conv_only\":%d},\"pareto\":{\"hybrid\":%d,"
                      "\"conv_only\":%d},\"accel_seconds\":%.3f,\"proxy_seconds\":%.3f,"
                      "\"wall_seconds\":%.3f,\"csv\":",
                  target, accel_method, x.base.pe_budget, budget, seed, children, group_size(), x.resumed, counts[0],
                  counts[1], fronts[0],
                  fronts[1], x.accel_seconds, x.proxy_seconds, wall);
        tb_json_string(&b, csv_path);
        tb_printf(&b, ",\"svg\":");
        tb_json_string(&b, svg_path);
        for (int which = 0; which < 2; which++) {
            int i = which == 0 ? h : c;
            tb_printf(&b, ",\"best_%s\":", which == 0 ? "hybrid" : "conv_only");
            if (i < 0) {
                tb_printf(&b, "null");
                continue;
            }
            const pair *p = &x.pairs[i];
            tb_printf(&b, "{\"arch\":");
            tb_json_string(&b, p->arch);
            tb_printf(&b, ",\"proxy\":%.10g,\"fps\":%.10g,\"gops\":%.10g,\"edp\":%.10g,"
                          "\"energy_mj\":%.10g}",
                      p->proxy, p->p.fps, p->p.gops, p->p.edp, p->p.energy_mj);
        }
        if (h >= 0 && c >= 0)
            tb_printf(&b, ",\"fps_ratio\":%.6g,\"gops_ratio\":%.6g",
                      x.pairs[h].p.fps / x.pairs[c].p.fps, x.pairs[h].p.gops / x.pairs[c].p.gops);
        else
            tb_printf(&b, ",\"fps_ratio\":null,\"gops_ratio\":null");
        if (lh >= 0 && lc >= 0)
            tb_printf(&b, ",\"common_level\":{\"proxy\":%.10g,\"hybrid_fps\":%.10g,"
                          "\"conv_only_fps\":%.10g,\"fps_ratio\":%.6g,\"gops_ratio\":%.6g}",
                      level, x.pairs[lh].p.fps, x.pairs[lc].p.fps,
                      x.pairs[lh].p.fps / x.pairs[lc].p.fps, x.pairs[lh].p.gops / x.pairs[lc].p.gops);
        else
            tb_printf(&b, ",\"common_level\":null");
        if (skel_n > 0)
            tb_printf(&b, ",\"same_skeleton\":{\"pairs\":%d,\"fps_ratio_median\":%.6g,"
                          "\"gops_ratio_median\":%.6g}",
                      skel_n, skel_fps, skel_gops);
        else
            tb_printf(&b, ",\"same_skeleton\":{\"pairs\":0}");
        if (naas.evaluated > 0) {
            char g[512];
            nash_naas_describe(&naas.genome, g, sizeof g);
            tb_printf(&b, ",\"naas\":{\"evaluated\":%d,\"max_latency_ms\":%.9g,\"arch\":",
                      naas.evaluated, naas_limit);
            tb_json_string(&b, naas.arch);
            tb_printf(&b, ",\"genome\":");
            tb_json_string(&b, g);
            tb_printf(&b, ",\"feasible\":%s,\"proxy\":%.10g,\"latency_ms\":%.9g,\"fps\":%.9g,"
                          "\"edp\":%.9g,\"energy_mj\":%.9g,\"seconds\":%.3f}",
                      naas.fitness == naas.proxy ? "true" : "false", naas.proxy,
                      naas.cost.latency_ms, naas.cost.fps, naas.cost.edp, naas.cost.energy_mj,
                      naas_seconds);
        }
        tb_printf(&b, ",\"nash_reported\":{\"gops_ratio\":2.14,\"fps_ratio\":2.01,"
                      "\"dataset\":\"cifar100\"}}\n");
        free(x.pairs);
        if (b.oom) {
            tb_free(&b);
            return cli_error("out of memory while formatting JSON");
        }
        fwrite(b.data, 1, b.len, stdout);
        tb_free(&b);
        return 0;
    }
    printf("co-search: space %s%s, dataset %s, proxy %s (data: %s)\n", space,
           strcmp(space, space_used) ? " (hybrid run in hb201)" : "", dataset, proxy, source);
    if (x.cpu)
        printf("target: this CPU (per-layer forward latency with nash's kernels, batch 1; no "
               "energy, EDP columns nan)\n");
    else
        printf("accelerator: '%s' area of %d multiplier PEs (shift/adder PE = 1/%.3g), search %s\n",
               x.base.name, x.base.pe_budget, x.base.cheap_pe_factor, accel_method);
    printf("pairs: hybrid %d (%d on the Pareto front), conv-only %d (%d); accel search %.1f s, "
           "proxy %.1f s, wall %.1f s\n",
           counts[0], fronts[0], counts[1], fronts[1], x.accel_seconds, x.proxy_seconds, wall);
    if (x.resumed > 0)
        printf("resumed: %d pairs replayed from %s (their times are not in the totals)\n",
               x.resumed, journal_path);
    if (c >= 0) {
        const pair *pc = &x.pairs[c];
        printf("best conv-only pair (highest proxy): proxy %.6g, %.1f FPS, %.2f GOPS, EDP %.5g\n  %s\n",
               pc->proxy, pc->p.fps, pc->p.gops, x.cpu ? NAN : pc->p.edp, pc->arch);
    }
    if (h >= 0) {
        const pair *ph = &x.pairs[h];
        printf("fastest hybrid pair with proxy >= that: proxy %.6g, %.1f FPS, %.2f GOPS, EDP %.5g\n"
               "  %s\nratios hybrid / conv-only: FPS %.2fx, throughput %.2fx (NASH reports 2.01x / "
               "2.14x on CIFAR-100, with trained accuracy)\n",
               ph->proxy, ph->p.fps, ph->p.gops, x.cpu ? NAN : ph->p.edp, ph->arch,
               ph->p.fps / x.pairs[c].p.fps,
               ph->p.gops / x.pairs[c].p.gops);
    } else {
        printf("no hybrid pair reaches the best conv-only proxy score: no ratio at that level\n");
    }
    if (lh >= 0 && lc >= 0)
        printf("at the highest proxy level both runs reach (%.6g): fastest hybrid %.1f FPS, "
               "fastest conv-only %.1f FPS: FPS %.2fx, throughput %.2fx\n",
               level, x.pairs[lh].p.fps, x.pairs[lc].p.fps, x.pairs[lh].p.fps / x.pairs[lc].p.fps,
               x.pairs[lh].p.gops / x.pairs[lc].p.gops);
    if (skel_n > 0)
        printf("same skeleton (a sampled hybrid network vs its own conv-only version, %d pairs): "
               "median FPS ratio %.2fx, median throughput ratio %.2fx\n",
               skel_n, skel_fps, skel_gops);
    if (naas.evaluated > 0) {
        char g[512];
        nash_naas_describe(&naas.genome, g, sizeof g);
        printf("NAAS joint evolution (%d individuals, %.1f s): best %s pair, proxy %.6g, "
               "%.4f ms (limit %.4f ms), %.1f FPS, EDP %.5g\n  %s\n  accelerator: %s\n",
               naas.evaluated, naas_seconds, naas.fitness == naas.proxy ? "feasible" : "INFEASIBLE",
               naas.proxy, naas.cost.latency_ms, naas_limit, naas.cost.fps, naas.cost.edp,
               naas.arch, g);
    }
    printf("note: %s\nwrote %s and %s\n", note, csv_path, svg_path);
    free(x.pairs);
    return 0;
}
