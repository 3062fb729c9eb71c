/*
 * cmd_proxies.c — `nash proxies`: score architectures of a search space with
 * zero-shot proxies into a CSV that `nash correlate` reads.
 *
 * Owns: choosing the architectures (all, N seeded samples, or a file), the
 * one minibatch every architecture sees (drawn once from the training split
 * with the seed, normalised with the split's mean/std, no augmentation), the
 * resumable CSV (one complete line appended and fsynced per architecture; a
 * torn last line is cut off on --resume), the protocol file F.csv.json, and
 * progress with ETA.
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
#include "csv_table.h"
#include "mpi_group.h"
#include "nash_datasets.h"
#include "nash_nas.h"
#include "proxy_inputs.h"
#include "report_files.h"

typedef struct proxies_opts {
    const char *space, *dataset, *data, *proxy, *archs, *out;
    int batch, nwot_batch, threads, resume, json, quiet, zen_repeats, no_skip_plan;
    int seed;
} proxies_opts;

/* ------------------------------------------------------------------------- */
/* Which architectures                                                        */

static int parse_count(const char *s, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || end == s || v < 0)
        return -1;
    *out = v;
    return 0;
}

typedef struct arch_file_ctx {
    const nash_space *sp;
    const char *spec;
    int64_t size;
    arch_list *l;
} arch_file_ctx;

static int arch_file_line(char *line, int lineno, void *user)
{
    arch_file_ctx *x = user;
    char buf[NASH_SPACE_ARCH_MAX];
    if (line[0] == '#')
        return 0;
    int64_t idx = -1;
    int rc;
    if (parse_count(line, &idx) == 0) {
        rc = nash_space_from_index(x->sp, idx, buf, sizeof buf);
    } else {
        rc = nash_space_canonical(x->sp, line, buf, sizeof buf);
        if (rc == 0 && x->size >= 0)
            rc = nash_space_to_index(x->sp, buf, &idx);
    }
    if (rc != 0)
        return nash_fail_context("%s line %d", x->spec, lineno);
    return arch_list_push(x->l, buf, idx);
}

/* --archs all | N (a seeded uniform sample, shared with nash study) | FILE */
static int choose_archs(const nash_space *sp, const char *spec, uint64_t seed, arch_list *l)
{
    int64_t size = nash_space_size(sp), count;
    char buf[NASH_SPACE_ARCH_MAX];
    memset(l, 0, sizeof *l);
    if (strcmp(spec, "all") == 0) {
        if (size < 0 || size > 10000000)
            return nash_fail("--archs all: space %s has %s candidates; give a number to sample",
                             nash_space_name(sp), size < 0 ? "too many" : "over 10 million");
        for (int64_t i = 0; i < size; i++)
            if (nash_space_from_index(sp, i, buf, sizeof buf) != 0 ||
                arch_list_push(l, buf, i) != 0)
                return -1;
        return 0;
    }
    if (parse_count(spec, &count) == 0) {
        if (count == 0)
            return nash_fail("--archs 0: nothing to score");
        return arch_list_sample(sp, count, seed, l) != 0 ? nash_fail_context("--archs %s", spec)
                                                         : 0;
    }
    /* a file: one architecture string or index per line, '#' comments; streamed,
     * so a wrong or huge file stops at its first bad line */
    arch_file_ctx ctx = {.sp = sp, .spec = spec, .size = size, .l = l};
    if (nash_for_each_line(spec, arch_file_line, &ctx) != 0)
        return nash_fail_context("--archs %s (all, a count, or a file)", spec);
    if (l->n == 0)
        return nash_fail("%s: no architectures in the file", spec);
    return 0;
}

/* ------------------------------------------------------------------------- */
/* The resumable CSV                                                          */

/* The architectures already in an output being resumed (csv_append_prepare
 * has checked its header and cut a torn last line). */
static int resume_scan(const char *path, char ***done, int *n_done)
{
    *done = NULL;
    *n_done = 0;
    csv_table t;
    if (csv_read(&t, path) != 0)
        return -1;
    int col = csv_require_column(&t, "arch");
    *done = calloc((size_t)t.n_rows + 1, sizeof(char *));
    if (col < 0 || !*done) {
        csv_free(&t);
        return col < 0 ? -1 : nash_fail("out of memory");
    }
    for (int64_t r = 0; r < t.n_rows; r++)
        if (!((*done)[(*n_done)++] = strdup(csv_cell(&t, r, col)))) {
            csv_free(&t);
            return nash_fail("out of memory");
        }
    csv_free(&t);
    return *n_done;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One architecture's row: build, score, format (shard_run's work). */
typedef struct score_job {
    const nash_space *sp;
    const arch_list *archs;
    const nash_proxy_config *pc;
    const nash_proxy_data *pd;
    const int *proxies;
    int n_proxies, h, classes, is_tty, quiet;
    double t0, last_print;
    double missing[NASH_PROXY_COUNT];
} score_job;

static int score_one(int i, text_buf *line, void *user)
{
    score_job *job = user;
    double scores[NASH_PROXY_COUNT];
    const char *arch = job->archs->arch[i];
    nash_net *net = nash_space_build(job->sp, arch, 3, job->h, job->h, job->classes);
    if (!net || nash_proxies_score(net, job->pc, job->pd, job->proxies, job->n_proxies,
                                   scores) != 0) {
        nash_net_free(net);
        return nash_fail_context("arch %s", arch);
    }
    nash_net_free(net);
    int64_t index = job->archs->index[i];
    /* arch strings of some spaces contain commas: always quote the field */
    tb_printf(line, "%lld,\"%s\"", (long long)(index >= 0 ? index : i), arch);
    for (int k = 0; k < job->n_proxies; k++) {
        if (isnan(scores[k])) {
            tb_printf(line, ",");
            job->missing[k]++;
        } else {
            tb_printf(line, ",%.10g", scores[k]);
        }
    }
    tb_printf(line, "\n");
    return 0;
}

static void progress(int appended, int todo, void *user)
{
    score_job *job = user;
    double now = nash_now(), el = now - job->t0;
    if (job->quiet || (job->is_tty ? now - job->last_print <= 0.2 : now - job->last_print <= 30))
        return;
    char eta[32];
    format_hms(el / appended * (todo - appended), eta, sizeof eta);
    fprintf(stderr, job->is_tty ? "\rproxies %d/%d  %.3f s/arch  ETA %s   "
                                : "proxies %d/%d  %.3f s/arch  ETA %s\n",
            appended, todo, el / appended * group_size(), eta);
    job->last_print = now;
}

int cmd_proxies(int argc, char **argv)
{
    proxies_opts o = {.space = "nb201", .dataset = "cifar10", .proxy = "synflow,nwot,snip",
                      .archs = "100", .out = "proxies.csv", .batch = 64, .seed = 1,
                      .zen_repeats = 32};
    int help = 0;
    cli_option opts[] = {
        {"--space", CLI_STRING, &o.space, "search space: nb201, hb201, nasa"},
        {"--dataset", CLI_STRING, &o.dataset, "cifar10, cifar100 or imagenet16 (classes, input size, data)"},
        {"--data", CLI_STRING, &o.data, "data directory (else $NASH_DATA, ./data, ../shared/datasets, sample)"},
        {"--proxy", CLI_STRING, &o.proxy, "comma-separated proxies, or all"},
        {"--archs", CLI_STRING, &o.archs, "all, N (seeded uniform sample) or a file of archs/indices"},
        {"--batch", CLI_INT, &o.batch, "minibatch of the data-driven proxies"},
        {"--nwot-batch", CLI_INT, &o.nwot_batch,
         "NASWOT's minibatch (0: 2x --batch, Mellor et al.'s 128; equal to --batch: NASWOT "
         "shares snip's forward pass)"},
        {"--no-skip-plan", CLI_FLAG, &o.no_skip_plan,
         "compute the ops NB201's none edges make zero or unread (same scores, slower; "
         "keeps PyTorch's Inf*0=NaN)"},
        {"--zen-repeats", CLI_INT, &o.zen_repeats, "Zen-score repeats averaged"},
        {"--seed", CLI_INT, &o.seed, "seed: architecture sample, minibatch, weight init"},
        {"--threads", CLI_INT, &o.threads, "OpenMP threads (0: all cores)"},
        {"--out", CLI_STRING, &o.out, "output CSV (the protocol goes to OUT.json)"},
        {"--resume", CLI_FLAG, &o.resume, "continue an interrupted run into --out"},
        {"--quiet", CLI_FLAG, &o.quiet, "no progress output"},
        {"--json", CLI_FLAG, &o.json, "one JSON summary object on stdout"},
        {"--help", CLI_FLAG, &help, "this text"},
        {0}};
    if (cli_parse(argc, argv, 1, opts, NULL, 0, NULL) != 0)
        return cli_error(nash_last_error());
    if (help) {
        printf("usage: nash proxies --space nb201|hb201|nasa --dataset cifar10|cifar100|imagenet16 "
               "[--data DIR] --proxy LIST|all --archs all|N|FILE --batch 64 --seed S --out F.csv "
               "[--resume]\n\nproxies (higher = better): ");
        nash_proxy_print_names(stdout);
        printf("\n\n");
        cli_print_options(stdout, opts);
        return 0;
    }
    nash_set_threads(o.threads);
    const nash_space *sp = nash_space_find(o.space);
    if (!sp)
        return cli_error(nash_last_error());
    int classes, h;
    if (strcmp(o.dataset, "cifar10") == 0)
        classes = 10, h = 32;
    else if (strcmp(o.dataset, "cifar100") == 0)
        classes = 100, h = 32;
    else if (strcmp(o.dataset, "imagenet16") == 0)
        classes = 120, h = 16;
    else
        return cli_error("--dataset: expected cifar10, cifar100 or imagenet16");
    if (o.batch < 2 || o.batch > 1024)
        return cli_error("--batch: expected 2..1024");
    if (o.nwot_batch != 0 && (o.nwot_batch < 2 || o.nwot_batch > 2048))
        return cli_error("--nwot-batch: expected 0 (2x --batch) or 2..2048");

    /* proxy list */
    int proxies[NASH_PROXY_COUNT], n_proxies = 0;
    if (strcmp(o.proxy, "all") == 0) {
        for (int i = 0; i < NASH_PROXY_COUNT; i++)
            proxies[n_proxies++] = i;
    } else {
        char list[512];
        snprintf(list, sizeof list, "%s", o.proxy);
        for (char *save, *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            int p = nash_proxy_from_name(tok);
            if (p < 0)
                return cli_error(nash_last_error());
            for (int j = 0; j < n_proxies; j++)
                if (proxies[j] == p) {
                    char msg[128];
                    snprintf(msg, sizeof msg, "--proxy: '%s' given twice", tok);
                    return cli_error(msg);
                }
            proxies[n_proxies++] = p;
        }
    }
    if (n_proxies == 0)
        return cli_error("--proxy: empty list");

    nash_proxy_config pc = nash_proxy_config_default();
    pc.batch = o.batch;
    pc.nwot_batch = o.nwot_batch ? o.nwot_batch : 2 * o.batch;
    pc.zen_repeats = o.zen_repeats;
    pc.no_skip_plan = o.no_skip_plan;
    pc.seed = (uint64_t)o.seed;

    arch_list archs;
    if (choose_archs(sp, o.archs, (uint64_t)o.seed, &archs) != 0)
        return cli_error(nash_last_error());

    /* the one minibatch */
    proxy_images pi = {0};
    int need = nash_proxy_data_needed(&pc, proxies, n_proxies);
    if (need > 0) {
        if (proxy_images_load(o.dataset, o.data, o.seed, need, &pi) != 0) {
            arch_list_free(&archs);
            return cli_error(nash_last_error());
        }
        if (pi.h != h || pi.classes != classes) {
            arch_list_free(&archs);
            nash_fail("data %s: %dx%d images with %d classes, but --dataset %s needs %dx%d and %d",
                      pi.source, pi.h, pi.w, pi.classes, o.dataset, h, h, classes);
            proxy_images_free(&pi);
            return cli_error(nash_last_error());
        }
    } else {
        snprintf(pi.source, sizeof pi.source, "none (data-free proxies only)");
    }
    nash_proxy_data pd = {.n = pi.n, .c = 3, .h = h, .w = h, .classes = classes,
                          .images = pi.images, .labels = pi.labels};

    /* header, resume, protocol */
    text_buf header = {0};
    tb_printf(&header, "index,arch");
    for (int i = 0; i < n_proxies; i++)
        tb_printf(&header, ",%s", nash_proxy_names[proxies[i]]);
    tb_printf(&header, "\n");
    char **done = NULL;
    int n_done = 0, rc = 1, fd = -1;
    int *todo_idx = NULL;
    int rank = group_rank(), ranks = group_size();
    struct stat stt;
    int exists = stat(o.out, &stt) == 0;
    if (rank != 0)
        goto shard; /* rank 0 owns the files and decides what is left to do */
    if (exists && !o.resume) {
        fprintf(stderr, "nash: error: %s exists; pass --resume to continue it or choose another "
                        "--out\n", o.out);
        goto out;
    }
    if (csv_append_prepare(o.out, header.data, o.quiet) != 0 ||
        (exists && resume_scan(o.out, &done, &n_done) < 0)) {
        cli_error(nash_last_error());
        goto out;
    }
    if (n_done > 0) /* done is NULL on a fresh run: qsort/bsearch must not see it */
        qsort(done, (size_t)n_done, sizeof(char *), cmp_str);
    {
        text_buf proto = {0};
        tb_printf(&proto, "{\n  \"space\": \"%s\",\n  \"dataset\": \"%s\",\n  \"data\": ",
                  nash_space_name(sp), o.dataset);
        tb_json_string(&proto, pi.source);
        tb_printf(&proto, ",\n  \"archs\": ");
        tb_json_string(&proto, o.archs);
        tb_printf(&proto,
                  ",\n  \"n_archs\": %d,\n  \"seed\": %d,\n  \"batch\": %d,\n  \"nwot_batch\": %d,\n"
                  "  \"nwot_minibatch\": \"%s\",\n"
                  "  \"skip_plan\": %s,\n"
                  "  \"zen_batch\": %d,\n  \"zen_repeats\": %d,\n  \"threads\": %d,\n"
                  "  \"minibatch\": \"one seeded draw of distinct training images, normalised with "
                  "the split's mean/std, no augmentation; the same for every architecture\",\n"
                  "  \"bn_mode\": \"train (batch statistics), as the reference implementations; "
                  "synflow bypasses BN\",\n"
                  "  \"init\": \"PyTorch defaults (conv/linear U(-1/sqrt(fan_in), +)), adder "
                  "N(0,1), BN gamma 1 beta 0; one init per architecture shared by all proxies\",\n"
                  "  \"sign\": \"every column is oriented higher = better\",\n"
                  "  \"units\": {\"params\": \"millions\", \"flops\": \"millions of MACs (NB201 "
                  "definition)\", \"synflow\": \"natural log\", \"nwot\": \"ln|det K|\"},\n"
                  "  \"missing\": \"an empty cell: the proxy was NaN/Inf for that architecture\",\n"
                  "  \"proxies\": [",
                  (int)archs.n, o.seed, pc.batch, pc.nwot_batch,
                  pc.nwot_batch == pc.batch
                      ? "the saliency minibatch; with snip/grad_norm/fisher, one shared forward pass"
                      : "the first nwot_batch images of the draw, its own forward pass",
                  pc.no_skip_plan ? "false" : "true",
                  pc.zen_batch, pc.zen_repeats,
                  nash_get_threads());
        for (int i = 0; i < n_proxies; i++)
            tb_printf(&proto, "%s\"%s\"", i ? ", " : "", nash_proxy_names[proxies[i]]);
        tb_printf(&proto, "]\n}\n");
        char ppath[4200];
        snprintf(ppath, sizeof ppath, "%s.json", o.out);
        if (tb_write_atomic(&proto, ppath) != 0) {
            cli_error(nash_last_error());
            goto out;
        }
    }
    fd = open(o.out, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd < 0) {
        fprintf(stderr, "nash: error: %s: cannot open for appending: %s\n", o.out,
                strerror(errno));
        goto out;
    }

shard:;
    /* The candidates still to do, in candidate order, decided by rank 0 and
     * shared; rank r scores entries j with j % ranks == r (mpi_group.h). */
    int todo = 0;
    if (rank == 0) {
        todo_idx = malloc(sizeof(int) * (size_t)(archs.n ? archs.n : 1));
        if (!todo_idx) {
            cli_error("out of memory");
            goto out;
        }
        for (int i = 0; i < archs.n; i++) {
            const char *key = archs.arch[i];
            if (!n_done || !bsearch(&key, done, (size_t)n_done, sizeof(char *), cmp_str))
                todo_idx[todo++] = i;
        }
    }
    if (shard_share_todo(&todo_idx, &todo) != 0) {
        cli_error(nash_last_error());
        goto out;
    }
    if (!o.quiet && rank == 0)
        fprintf(stderr, "nash: proxies: %d archs of %s (%d already in %s), proxies %s, data %s\n",
                archs.n, nash_space_name(sp), archs.n - todo, o.out, o.proxy, pi.source);
    if (!o.quiet && rank == 0 && ranks > 1)
        fprintf(stderr, "nash: proxies: sharded over %d MPI ranks, %d thread(s) each\n", ranks,
                nash_get_threads());
    score_job job = {.sp = sp, .archs = &archs, .pc = &pc, .pd = &pd, .proxies = proxies,
                     .n_proxies = n_proxies, .h = h, .classes = classes,
                     .is_tty = isatty(STDERR_FILENO), .quiet = o.quiet, .t0 = nash_now()};
    int scored = 0;
    if (shard_run(todo_idx, todo, fd, o.out, score_one, progress, &job, &scored) != 0) {
        cli_error(nash_last_error());
        goto out;
    }
    int is_tty = job.is_tty;
    double t0 = job.t0, counts[NASH_PROXY_COUNT + 1];
    memcpy(counts, job.missing, sizeof(double) * NASH_PROXY_COUNT);
    counts[NASH_PROXY_COUNT] = scored;
    if (group_allreduce_sum(counts, NASH_PROXY_COUNT + 1) != 0) {
        cli_error(nash_last_error());
        goto out;
    }
    scored = (int)counts[NASH_PROXY_COUNT];
    if (rank != 0) {
        rc = 0;
        goto out;
    }
    close(fd);
    fd = -1;
    /* Rows of several ranks arrive in completion order: put them back in
     * candidate order so the file equals a single-process run's. */
    if (ranks > 1 && results_sort_by_arch(o.out, &archs) != 0) {
        cli_error(nash_last_error());
        goto out;
    }
    double wall = nash_now() - t0;
    if (!o.quiet)
        fprintf(stderr, "%sproxies: %d archs scored in %.1f s (%.3f s/arch%s) -> %s\n",
                is_tty ? "\r" : "", scored, wall, scored ? wall / scored : 0.0,
                ranks > 1 ? " of wall time" : "", o.out);
    if (o.json) {
        printf("{\"out\":");
        text_buf j = {0};
        tb_json_string(&j, o.out);
        printf("%s,\"space\":\"%s\",\"archs\":%d,\"scored\":%d,\"resumed\":%d,"
               "\"wall_seconds\":%.3f,\"seconds_per_arch\":%.6f,\"missing\":{",
               j.data, nash_space_name(sp), archs.n, scored, archs.n - todo, wall,
               scored ? wall / scored : 0.0);
        tb_free(&j);
        for (int k = 0; k < n_proxies; k++)
            printf("%s\"%s\":%d", k ? "," : "", nash_proxy_names[proxies[k]], (int)counts[k]);
        printf("}}\n");
    }
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    free(todo_idx);
    for (int i = 0; i < n_done; i++)
        free(done[i]);
    free(done);
    tb_free(&header);
    arch_list_free(&archs);
    proxy_images_free(&pi);
    return rc;
}
