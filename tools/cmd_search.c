/*
 * cmd_search.c — `nash search`: zero-shot evolutionary architecture search
 * (nas/search.h) over a search space, scored by one proxy, under cost
 * constraints; prints the best architectures with the `nash train` line for
 * each.
 *
 * Owns: the flags, the one proxy minibatch (the same seeded draw as
 * `nash proxies`, so both commands score an architecture identically), the
 * resumable CSV (one complete row appended and fdatasync'ed per evaluation;
 * --resume cuts a torn last row, checks the settings recorded in F.csv.json,
 * and replays the rows — the search is a function of its history, see
 * search.h — so an interrupted run ends exactly as an uninterrupted one, and
 * a larger --budget extends a finished run), progress with ETA, the top-K
 * report and the --json summary. Does not own: the algorithm (nas/search.c),
 * the proxies (nas/proxies.c).
 *
 * CSV columns: step, index (-1 when the space is not enumerable), arch
 * (always quoted: nasa strings contain commas), the proxy's column, then the
 * cost columns params, flops, hflops, hflops_f (the one that is the proxy is
 * not repeated), parent, parent2 (steps; -1 = none). Numbers are written with
 * %.17g so a resumed run reads back bit-identical scores; an empty score
 * cell is a proxy that could not be computed (NaN).
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
#include "search.h"

typedef struct search_opts {
    const char *space, *proxy, *constraint, *dataset, *data, *out;
    int budget, population, tournament, max_draws, batch, seed, top, threads, children;
    int resume, json, quiet, help;
    double mutation_p, crossover;
} search_opts;

/* ------------------------------------------------------------------------- */
/* Scoring and writing one evaluation                                         */

typedef struct search_ctx {
    const search_opts *o;
    const nash_space *space;
    int proxy;
    nash_proxy_config pc;
    nash_proxy_data pd;
    int fd;
    /* progress */
    int quiet, is_tty, todo, done;
    double t0, last_print;
    double best;
    int best_step;
} search_ctx;

static int objective(void *user, const char *arch, nash_net *net, const nash_search_cost *cost,
                     double *score)
{
    const search_ctx *ctx = user;
    if (ctx->proxy < NASH_SEARCH_COSTS) { /* a cost proxy: already counted, no compile */
        *score = cost->value[ctx->proxy];
        return 0;
    }
    return nash_proxies_score(net, &ctx->pc, &ctx->pd, &ctx->proxy, 1, score);
}

/* Under mpirun: the children of one batch (nash_search_config.batch) are
 * scored by the ranks in turn (child i by rank i mod K), then every rank gets
 * every score (a sum where only the owner contributes; NaN travels as a flag),
 * so all ranks continue the same search. */
static int objective_sharded(void *user, int n, const char *const *archs, nash_net *const *nets,
                             const nash_search_cost *costs, double *scores)
{
    int rank = group_rank(), ranks = group_size();
    double *sum = calloc((size_t)(2 * n), sizeof *sum);
    if (!sum)
        return nash_fail("out of memory for %d scores", n);
    for (int i = rank; i < n; i += ranks) {
        double v;
        if (objective(user, archs[i], nets[i], &costs[i], &v) != 0) {
            free(sum);
            return nash_fail_context("rank %d: %s", rank, archs[i]);
        }
        if (isnan(v))
            sum[n + i] = 1.0;
        else
            sum[i] = v;
    }
    int rc = group_allreduce_sum(sum, 2 * n);
    for (int i = 0; rc == 0 && i < n; i++)
        scores[i] = sum[n + i] > 0 ? NAN : sum[i];
    free(sum);
    return rc;
}

static void csv_header(text_buf *b, int proxy)
{
    tb_printf(b, "step,index,arch,%s", nash_proxy_names[proxy]);
    for (int m = 0; m < NASH_SEARCH_COSTS; m++)
        if (m != proxy)
            tb_printf(b, ",%s", nash_proxy_names[m]);
    tb_printf(b, ",parent,parent2\n");
}

static void csv_row(text_buf *b, int proxy, const nash_search_eval *e)
{
    tb_printf(b, "%d,%lld,\"%s\",", e->step, (long long)e->index, e->arch);
    if (!isnan(e->score)) /* empty = missing */
        tb_printf(b, "%.17g", e->score);
    for (int m = 0; m < NASH_SEARCH_COSTS; m++)
        if (m != proxy)
            tb_printf(b, ",%.17g", e->cost.value[m]);
    tb_printf(b, ",%d,%d\n", e->parent, e->parent2);
}

static int observe(void *user, const nash_search_eval *e)
{
    search_ctx *ctx = user;
    if (group_rank() != 0) /* rank 0 writes the file and reports */
        return 0;
    text_buf line = {0};
    csv_row(&line, ctx->proxy, e);
    if (line.oom || write_all_fd(ctx->fd, line.data, line.len) != 0 || fdatasync(ctx->fd) != 0) {
        int err = errno;
        tb_free(&line);
        return nash_fail("%s: appending step %d failed: %s", ctx->o->out, e->step,
                         line.oom ? "out of memory" : strerror(err));
    }
    tb_free(&line);
    ctx->done++;
    if (!isnan(e->score) && (ctx->best_step < 0 || e->score > ctx->best)) {
        ctx->best = e->score;
        ctx->best_step = e->step;
    }
    double now = nash_now(), elapsed = now - ctx->t0;
    if (!ctx->quiet && (ctx->is_tty ? now - ctx->last_print > 0.2 : now - ctx->last_print > 30)) {
        char eta[32];
        format_hms(elapsed / ctx->done * (ctx->todo - ctx->done), eta, sizeof eta);
        fprintf(stderr,
                ctx->is_tty ? "\rsearch %d/%d  best %.6g (step %d)  %.3f s/eval  ETA %s   "
                            : "search %d/%d  best %.6g (step %d)  %.3f s/eval  ETA %s\n",
                ctx->done, ctx->todo, ctx->best, ctx->best_step, elapsed / ctx->done, eta);
        ctx->last_print = now;
    }
    return 0;
}

/* ------------------------------------------------------------------------- */
/* Resuming                                                                   */

/* Cuts a torn last line (a kill during an append), then reads the rows back
 * as the search history. Returns the number of rows, -1 on error. */
static int read_history(const char *path, const char *header, int proxy, nash_search_eval **out)
{
    *out = NULL;
    if (csv_append_prepare(path, header, 0) != 0)
        return -1;
    csv_table t;
    if (csv_read(&t, path) != 0)
        return -1;
    int col_step = csv_require_column(&t, "step"), col_index = csv_require_column(&t, "index");
    int col_arch = csv_require_column(&t, "arch");
    int col_score = csv_require_column(&t, nash_proxy_names[proxy]);
    int col_parent = csv_require_column(&t, "parent");
    int col_parent2 = csv_require_column(&t, "parent2");
    int col_cost[NASH_SEARCH_COSTS];
    for (int m = 0; m < NASH_SEARCH_COSTS; m++)
        col_cost[m] = csv_require_column(&t, nash_proxy_names[m]);
    nash_search_eval *h = calloc((size_t)t.n_rows + 1, sizeof *h);
    int rc = h ? 0 : nash_fail("out of memory for %lld rows", (long long)t.n_rows);
    for (int64_t r = 0; rc == 0 && r < t.n_rows; r++) {
        const int ints[4] = {col_step, col_index, col_parent, col_parent2};
        long long v[4];
        for (int k = 0; rc == 0 && k < 4; k++) {
            const char *cell = csv_cell(&t, r, ints[k]);
            char *end;
            errno = 0;
            v[k] = strtoll(cell, &end, 10);
            if (errno || end == cell || *end || v[k] < -1 || v[k] > 2147483647)
                rc = nash_fail("%s:%lld: column '%s': '%s' is not an integer >= -1", path,
                               (long long)t.row_line[r], t.names[ints[k]], cell);
        }
        if (rc != 0)
            break;
        h[r] = (nash_search_eval){.step = (int)v[0], .index = v[1], .parent = (int)v[2],
                                  .parent2 = (int)v[3], .arch = (char *)csv_cell(&t, r, col_arch)};
        if (csv_number(&t, r, col_score, &h[r].score) != 0)
            rc = -1;
        for (int m = 0; rc == 0 && m < NASH_SEARCH_COSTS; m++)
            if (csv_number(&t, r, col_cost[m], &h[r].cost.value[m]) != 0)
                rc = -1;
    }
    /* the arch pointers point into t; keep copies past csv_free */
    int n = (int)t.n_rows, copied = 0;
    for (; rc == 0 && copied < n; copied++)
        if (!(h[copied].arch = strdup(h[copied].arch)))
            rc = nash_fail("out of memory");
    csv_free(&t);
    if (rc != 0) {
        for (int r = 0; r < copied; r++) /* copies made so far (the failed one is NULL) */
            free(h[r].arch);
        free(h);
        return -1;
    }
    *out = h;
    return n;
}

/* ------------------------------------------------------------------------- */
/* Reporting                                                                  */

/* The argument of `nash train --arch`: "<space>:<arch>" (nasa strings carry
 * their own "nasa:"), checked through the architecture parser. */
static void train_arch(const nash_space *sp, const char *arch, char *buf, size_t size)
{
    const char *name = nash_space_name(sp);
    if (strncmp(arch, name, strlen(name)) == 0 && arch[strlen(name)] == ':')
        snprintf(buf, size, "%s", arch);
    else
        snprintf(buf, size, "%s:%s", name, arch);
}

static void train_command(const search_opts *o, const nash_space *sp, const char *arch, char *buf,
                          size_t size)
{
    char a[NASH_SPACE_ARCH_MAX + 16];
    train_arch(sp, arch, a, sizeof a);
    /* single quotes: NB201 strings hold '|' and '~'; no arch string holds a quote */
    snprintf(buf, size, "nash train --arch '%s' --dataset %s", a, o->dataset);
}

/* ------------------------------------------------------------------------- */

int cmd_search(int argc, char **argv)
{
    search_opts o = {.space = "nb201", .constraint = "none", .dataset = "cifar10",
                     .out = "search.csv", .budget = 1000, .population = 20, .tournament = 5, .children = 1,
                     .max_draws = 1000, .batch = 64, .seed = 1, .top = 5, .mutation_p = 0.2,
                     .crossover = 0.5};
    cli_option opts[] = {
        {"--space", CLI_STRING, &o.space, "search space: nb201, hb201, nasa"},
        {"--proxy", CLI_STRING, &o.proxy, "the objective: one proxy (higher = better); required"},
        {"--constraint", CLI_STRING, &o.constraint, "e.g. flops<=100,params<=1.5 (millions; params, flops, hflops, hflops_f; <= or >=)"},
        {"--budget", CLI_INT, &o.budget, "proxy evaluations in total (a resumed run counts its rows)"},
        {"--population", CLI_INT, &o.population, "population P of the aging evolution"},
        {"--children", CLI_INT, &o.children, "children drawn per generation from one population snapshot (1: sequential aging evolution; G > 1: batched, G scored in parallel under mpirun)"},
        {"--tournament", CLI_INT, &o.tournament, "tournament size S (1..P)"},
        {"--mutation-p", CLI_FLOAT, &o.mutation_p, "per-choice mutation probability (NASA-F: 0.2)"},
        {"--crossover", CLI_FLOAT, &o.crossover, "probability that a child is a crossover"},
        {"--max-draws", CLI_INT, &o.max_draws, "redraws of one step before giving up"},
        {"--dataset", CLI_STRING, &o.dataset, "cifar10, cifar100 or imagenet16 (input size, classes, data)"},
        {"--data", CLI_STRING, &o.data, "data directory for data-driven proxies (else $NASH_DATA, ./data, ../shared/datasets, sample)"},
        {"--batch", CLI_INT, &o.batch, "minibatch of the data-driven proxies (NASWOT uses 2x)"},
        {"--seed", CLI_INT, &o.seed, "seed: the search, the minibatch, weight init"},
        {"--top", CLI_INT, &o.top, "how many of the best to print"},
        {"--threads", CLI_INT, &o.threads, "OpenMP threads (0: all cores)"},
        {"--out", CLI_STRING, &o.out, "CSV of every evaluation (settings go to OUT.json)"},
        {"--resume", CLI_FLAG, &o.resume, "continue (or extend) the run in --out"},
        {"--quiet", CLI_FLAG, &o.quiet, "no progress output"},
        {"--json", CLI_FLAG, &o.json, "one JSON summary object on stdout"},
        {"--help", CLI_FLAG, &o.help, "this text"},
        {0}};
    if (cli_parse(argc, argv, 1, opts, NULL, 0, NULL) != 0)
        return cli_error(nash_last_error());
    if (o.help) {
        printf("usage: nash search --space nb201|hb201|nasa --proxy P --constraint C --budget N "
               "[--population P] [--tournament S] [--dataset cifar10|cifar100|imagenet16] "
               "[--data DIR] [--batch 64] [--seed S] [--top K] [--out F.csv] [--resume] "
               "[--json]\n\nRegularised evolution (Real et al. 2019) scored by one zero-shot "
               "proxy; see nas/search.h.\nproxies: ");
        nash_proxy_print_names(stdout);
        printf("\n\n");
        cli_print_options(stdout, opts);
        return 0;
    }
    nash_set_threads(o.threads);

    /* settings */
    search_ctx ctx = {.o = &o, .fd = -1, .quiet = o.quiet, .best = NAN, .best_step = -1};
    nash_search_config cfg = nash_search_defaults();
    if (!o.proxy) {
        nash_fail("--proxy: required (one of the proxies, e.g. synflow; see --help)");
        return cli_error(nash_last_error());
    }
    if (strchr(o.proxy, ',')) {
        nash_fail("--proxy %s: the search optimises one proxy", o.proxy);
        return cli_error(nash_last_error());
    }
    if ((ctx.proxy = nash_proxy_from_name(o.proxy)) < 0 || !(ctx.space = nash_space_find(o.space)))
        return cli_error(nash_last_error());
    if (strcmp(o.dataset, "cifar10") == 0)
        cfg.classes = 10, cfg.h = cfg.w = 32;
    else if (strcmp(o.dataset, "cifar100") == 0)
        cfg.classes = 100, cfg.h = cfg.w = 32;
    else if (strcmp(o.dataset, "imagenet16") == 0)
        cfg.classes = 120, cfg.h = cfg.w = 16;
    else {
        nash_fail("--dataset %s: expected cifar10, cifar100 or imagenet16", o.dataset);
        return cli_error(nash_last_error());
    }
    if (o.batch < 2 || o.batch > 1024 || o.top < 1 || o.seed < 0) {
        nash_fail("--batch %d (2..1024), --top %d (>= 1), --seed %d (>= 0): out of range",
                  o.batch, o.top, o.seed);
        return cli_error(nash_last_error());
    }
    if (nash_search_constraints_parse(o.constraint, &cfg.constraints) != 0)
        return cli_error(nash_last_error());
    cfg.space = ctx.space;
    cfg.budget = o.budget;
    cfg.population = o.population;
    cfg.batch = o.children;
    if (group_size() > 1)
        cfg.objective_batch = objective_sharded;
    cfg.tournament = o.tournament;
    cfg.mutation_p = o.mutation_p;
    cfg.crossover_rate = o.crossover;
    cfg.max_draws = o.max_draws;
    cfg.seed = (uint64_t)o.seed;
    cfg.objective = objective;
    cfg.objective_user = &ctx;
    cfg.observer = observe;
    cfg.observer_user = &ctx;
    if (nash_search_config_check(&cfg) != 0)
        return cli_error(nash_last_error());
    ctx.pc = nash_proxy_config_default();
    ctx.pc.batch = o.batch;
    ctx.pc.nwot_batch = 2 * o.batch;
    ctx.pc.seed = (uint64_t)o.seed;

    char cons[512], settings[1024];
    nash_search_constraints_format(&cfg.constraints, cons, sizeof cons);
    /* everything the evaluations depend on, except the budget (a larger one extends a run) */
    snprintf(settings, sizeof settings,
             "space=%s proxy=%s constraint=%s population=%d tournament=%d mutation_p=%.10g "
             "crossover=%.10g max_draws=%d seed=%d dataset=%s batch=%d",
             nash_space_name(ctx.space), o.proxy, cons, o.population, o.tournament,
             o.mutation_p, o.crossover, o.max_draws, o.seed, o.dataset, o.batch);
    if (o.children != 1) /* results depend on it; runs of 1 keep their old settings line */
        snprintf(settings + strlen(settings), sizeof settings - strlen(settings), " children=%d",
                 o.children);

    int rc = 1, n_history = 0;
    nash_search_eval *history = NULL;
    nash_search_result res = {0};
    proxy_images pi = {0};
    text_buf header = {0};
    csv_header(&header, ctx.proxy);
    char ppath[4200];
    snprintf(ppath, sizeof ppath, "%s.json", o.out);

    /* the output: new, or resumed after checking it was made with these settings */
    struct stat st;
    int exists = stat(o.out, &st) == 0;
    if (exists && !o.resume) {
        nash_fail("%s exists; pass --resume to continue it or choose another --out", o.out);
        cli_error(nash_last_error());
        goto out;
    }
    /* Under mpirun rank 0 reads the history first (it may cut a torn last
     * line), then the others read the same rows; only rank 0 writes. */
    int rank = group_rank();
    if (rank != 0)
        group_barrier();
    if (rank != 0)
        ctx.quiet = o.quiet = 1;
    if (exists) {
        uint8_t *proto;
        size_t proto_size;
        char want[1100];
        snprintf(want, sizeof want, "\"settings\": \"%s\"", settings);
        if (nash_read_file(ppath, &proto, &proto_size) != 0) {
            nash_fail_context("--resume needs the settings of the run in %s", o.out);
            cli_error(nash_last_error());
            goto out;
        }
        int same = strstr((const char *)proto, want) != NULL; /* proto is NUL-terminated */
        free(proto);
        if (!same) {
            nash_fail("%s was written with other settings (see %s); this run has %s", o.out,
                      ppath, settings);
            cli_error(nash_last_error());
            goto out;
        }
        if ((n_history = read_history(o.out, header.data, ctx.proxy, &history)) < 0) {
            cli_error(nash_last_error());
            goto out;
        }
    }

    if (rank == 0)
        group_barrier();

    /* the minibatch, when the proxy needs images */
    int need = nash_proxy_data_needed(&ctx.pc, &ctx.proxy, 1);
    if (need > 0) {
        if (proxy_images_load(o.dataset, o.data, o.seed, need, &pi) != 0) {
            cli_error(nash_last_error());
            goto out;
        }
        if (pi.h != cfg.h || pi.classes != cfg.classes) {
            nash_fail("data %s: %dx%d images with %d classes, but --dataset %s needs %dx%d and %d",
                      pi.source, pi.h, pi.w, pi.classes, o.dataset, cfg.h, cfg.w, cfg.classes);
            cli_error(nash_last_error());
            goto out;
        }
    } else {
        snprintf(pi.source, sizeof pi.source, "none (data-free proxy)");
    }
    ctx.pd = (nash_proxy_data){.n = pi.n, .c = 3, .h = cfg.h, .w = cfg.w, .classes = cfg.classes,
                               .images = pi.images, .labels = pi.labels};

    if (!exists && rank == 0) {
        text_buf proto = {0};
        tb_printf(&proto, "{\n  \"settings\": \"%s\",\n  \"space\": \"%s\",\n  \"proxy\": \"%s\",\n"
                          "  \"constraint\": ",
                  settings, nash_space_name(ctx.space), o.proxy);
        tb_json_string(&proto, cons);
        tb_printf(&proto, ",\n  \"dataset\": \"%s\",\n  \"input\": [%d, %d, %d],\n  \"classes\": %d,"
                          "\n  \"data\": ",
                  o.dataset, cfg.c, cfg.h, cfg.w, cfg.classes);
        tb_json_string(&proto, pi.source);
        tb_printf(&proto,
                  ",\n  \"algorithm\": \"regularised (aging) evolution, Real et al. 2019: P "
                  "feasible uniform samples, then tournament of S (with replacement) -> parent; "
                  "child = crossover with a second tournament winner (probability crossover) or "
                  "mutation (per-choice probability mutation_p); infeasible or repeated children "
                  "redrawn; the oldest member leaves\",\n"
                  "  \"seeding\": \"step s draws from a generator seeded with (seed, s); the "
                  "proxy minibatch and weight init are those of nash proxies with the same seed "
                  "and batch\",\n"
                  "  \"units\": \"params, flops, hflops, hflops_f in millions (proxies.h)\",\n"
                  "  \"sign\": \"higher score = better\",\n"
                  "  \"columns\": \"step, index (-1: not enumerable), arch, score of the proxy, "
                  "the other cost columns, parent and parent2 steps (-1: none)\"\n}\n");
        if (tb_write_atomic(&proto, ppath) != 0) {
            cli_error(nash_last_error());
            goto out;
        }
    }
    ctx.fd = rank != 0 ? -2 : open(o.out, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (ctx.fd == -1) {
        nash_fail("%s: cannot open for appending: %s", o.out, strerror(errno));
        cli_error(nash_last_error());
        goto out;
    }
    if (!exists && rank == 0 &&
        (write_all_fd(ctx.fd, header.data, header.len) != 0 || fsync(ctx.fd) != 0)) {
        nash_fail("%s: writing the header failed: %s", o.out, strerror(errno));
        cli_error(nash_last_error());
        goto out;
    }

    ctx.todo = o.budget - n_history;
    ctx.is_tty = isatty(STDERR_FILENO);
    if (!o.quiet)
        fprintf(stderr, "nash: search: %s, proxy %s, constraint %s, budget %d (%d in %s), "
                        "population %d, tournament %d, data %s\n",
                nash_space_name(ctx.space), o.proxy, cons, o.budget, n_history, o.out,
                o.population, o.tournament, pi.source);
    ctx.t0 = nash_now();
    int run_rc = nash_search_run(&cfg, history, n_history, &res);
    double wall = nash_now() - ctx.t0;
    if (!o.quiet && ctx.is_tty && ctx.done > 0)
        fprintf(stderr, "\n");
    if (run_rc != 0) {
        cli_error(nash_last_error());
        goto out;
    }
    int new_evals = res.n_evals - res.resumed;
    if (!o.quiet) {
        fprintf(stderr, "nash: search: %d evaluations (%d resumed) in %.1f s, %lld draws "
                        "(%lld infeasible, %lld repeats) -> %s\n",
                res.n_evals, res.resumed, wall, (long long)res.draws, (long long)res.infeasible,
                (long long)res.duplicates, o.out);
        if (res.stopped_early)
            fprintf(stderr, "nash: search: stopped before the budget: no new feasible "
                            "architecture in %d draws (the feasible set is probably used up)\n",
                    2 * o.max_draws);
    }

    if (rank != 0) { /* rank 0 reports */
        rc = 0;
        goto out;
    }
    int *top = malloc((size_t)o.top * sizeof(int));
    int n_top = top ? nash_search_top(&res, o.top, top) : nash_fail("out of memory");
    if (n_top < 0) {
        free(top);
        cli_error(nash_last_error());
        goto out;
    }
    char cmd[NASH_SPACE_ARCH_MAX + 128];
    if (o.json) {
        text_buf j = {0};
        tb_printf(&j, "{\"out\":");
        tb_json_string(&j, o.out);
        tb_printf(&j, ",\"space\":\"%s\",\"proxy\":\"%s\",\"constraint\":", nash_space_name(ctx.space),
                  o.proxy);
        tb_json_string(&j, cons);
        tb_printf(&j, ",\"dataset\":\"%s\",\"seed\":%d,\"budget\":%d,\"evaluations\":%d,"
                      "\"resumed\":%d,\"new\":%d,\"stopped_early\":%s,\"draws\":%lld,"
                      "\"infeasible\":%lld,\"duplicates\":%lld,\"wall_seconds\":%.3f,\"best\":[",
                  o.dataset, o.seed, o.budget, res.n_evals, res.resumed, new_evals,
                  res.stopped_early ? "true" : "false", (long long)res.draws,
                  (long long)res.infeasible, (long long)res.duplicates, wall);
        for (int r = 0; r < n_top; r++) {
            const nash_search_eval *e = &res.evals[top[r]];
            char a[NASH_SPACE_ARCH_MAX + 16];
            train_arch(ctx.space, e->arch, a, sizeof a);
            train_command(&o, ctx.space, e->arch, cmd, sizeof cmd);
            tb_printf(&j, "%s{\"rank\":%d,\"step\":%d,\"index\":%lld,\"arch\":", r ? "," : "",
                      r + 1, e->step, (long long)e->index);
            tb_json_string(&j, a);
            tb_printf(&j, ",\"score\":%.10g", e->score);
            for (int m = 0; m < NASH_SEARCH_COSTS; m++)
                tb_printf(&j, ",\"%s\":%.10g", nash_proxy_names[m], e->cost.value[m]);
            tb_printf(&j, ",\"parent\":%d,\"parent2\":%d,\"train\":", e->parent, e->parent2);
            tb_json_string(&j, cmd);
            tb_printf(&j, "}");
        }
        tb_printf(&j, "]}\n");
        if (!j.oom)
            fputs(j.data, stdout);
        tb_free(&j);
    } else {
        printf("best %d of %d by %s (higher = better; params/flops/hflops in millions):\n", n_top,
               res.n_evals, o.proxy);
        for (int r = 0; r < n_top; r++) {
            const nash_search_eval *e = &res.evals[top[r]];
            train_command(&o, ctx.space, e->arch, cmd, sizeof cmd);
            printf("%3d. %s %.6g   params %.4f  flops %.3f  hflops %.3f   step %d\n     %s\n",
                   r + 1, o.proxy, e->score, e->cost.value[NASH_PROXY_PARAMS],
                   e->cost.value[NASH_PROXY_FLOPS], e->cost.value[NASH_PROXY_HFLOPS], e->step,
                   cmd);
        }
    }
    fflush(stdout);
    free(top);
    rc = 0;
out:
    if (ctx.fd >= 0)
        close(ctx.fd);
    for (int i = 0; i < n_history; i++)
        free(history[i].arch);
    free(history);
    nash_search_result_free(&res);
    tb_free(&header);
    proxy_images_free(&pi);
    return rc;
}
