/*
 * test_study.c — `nash study` end to end, in-process, on tiny data sets
 * written at test time (8x8 ImageFolder PPMs; 32x32 CIFAR-10 binaries).
 *
 * Checks: a 2-arch hb201 study writes study.json, a study.csv with the
 * expected header and one valid row per distinct arch, correlations.csv and a
 * scatter plot per proxy; --resume after deleting the last row redoes only
 * that arch and gives the same row (timing aside); a torn last line is cut and
 * its arch redone; a finished study is not retrained; --samples may grow on
 * --resume but not shrink, and other settings may not change; a diverging arch
 * is recorded without accuracy and the study goes on; a row equals what
 * `nash train` and `nash proxies` report for that arch on their own; bad flags
 * are one-line errors.
 */
#define _GNU_SOURCE /* nftw, mkdtemp */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "csv_table.h"
#include "nash_nas.h"
#include "test_util.h"

#include "cli.h"

/* ------------------------------------------------------------------------- */
/* Fixtures                                                                   */

static char tmp[256];

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void setup(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/nash-test-study-XXXXXX");
    cr_assert_not_null(mkdtemp(tmp));
}

static void teardown(void)
{
    nftw(tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *at(const char *rel)
{
    static char path[8][1024];
    static int next;
    char *p = path[next++ % 8];
    int len = snprintf(p, sizeof path[0], "%s/%s", tmp, rel);
    cr_assert(len > 0 && (size_t)len < sizeof path[0], "path too long: %s", rel);
    return p;
}

static void make_dirs(const char *rel)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", at(rel));
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0777);
            *p = '/';
        }
    cr_assert(mkdir(buf, 0777) == 0 || errno == EEXIST, "mkdir %s", buf);
}

static void write_bytes(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot write %s", path);
    cr_assert_eq(fwrite(data, 1, size, f), size);
    fclose(f);
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

/* A class-coloured pixel with seeded noise: learnable, not trivial. */
static uint8_t pixel(int label, int c, uint64_t seed, uint64_t i)
{
    int base = (label * 70 + c * 50) % 200;
    return (uint8_t)(base + (int)(tu_hash(seed, i) % 56));
}

/* ImageFolder with `classes` classes of side x side PPM (P6) images. */
static void write_folder(const char *rel, int classes, int per_train, int per_test, int side)
{
    const char *splits[2] = {"train", "test"};
    int per[2] = {per_train, per_test};
    for (int s = 0; s < 2; s++)
        for (int k = 0; k < classes; k++) {
            char dir[256];
            snprintf(dir, sizeof dir, "%s/%s/class%d", rel, splits[s], k);
            make_dirs(dir);
            for (int i = 0; i < per[s]; i++) {
                char name[320], head[32];
                snprintf(name, sizeof name, "%s/%03d.ppm", dir, i);
                int hl = snprintf(head, sizeof head, "P6\n%d %d\n255\n", side, side);
                uint8_t buf[32 + 64 * 64 * 3];
                memcpy(buf, head, (size_t)hl);
                for (int p = 0; p < side * side * 3; p++)
                    buf[hl + p] = pixel(k, p % 3, (uint64_t)(s * 1000 + k * 100 + i), (uint64_t)p);
                write_bytes(at(name), buf, (size_t)hl + (size_t)side * side * 3);
            }
        }
}

/* CIFAR-10 binary records (32x32). */
static void write_cifar(const char *rel, int records, uint64_t seed)
{
    FILE *f = fopen(at(rel), "wb");
    cr_assert_not_null(f);
    for (int r = 0; r < records; r++) {
        unsigned char rec[3073];
        int label = (int)(tu_hash(seed, (uint64_t)r * 7919) % 10);
        rec[0] = (unsigned char)label;
        for (int i = 0; i < 3072; i++)
            rec[1 + i] = pixel(label, i / 1024, seed + (uint64_t)r, (uint64_t)i);
        cr_assert_eq(fwrite(rec, 1, sizeof rec, f), sizeof rec);
    }
    fclose(f);
}

/* Runs a subcommand in-process with `args` (space-separated; "{T}" becomes the
 * temporary directory) and stdout/stderr captured. Returns the exit status. */
typedef struct captured {
    int rc;
    char *out, *err;
} captured;

static captured run_cmd(int (*cmd)(int, char **), const char *name, const char *args)
{
    char expanded[4096] = "";
    for (const char *p = args; *p;) {
        if (strncmp(p, "{T}", 3) == 0) {
            strncat(expanded, tmp, sizeof expanded - strlen(expanded) - 1);
            p += 3;
        } else {
            strncat(expanded, p, 1);
            p++;
        }
    }
    char *argv[64];
    int argc = 0;
    argv[argc++] = (char *)name;
    for (char *save, *tok = strtok_r(expanded, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        cr_assert_lt(argc, 63);
        argv[argc++] = tok;
    }
    argv[argc] = NULL;
    fflush(stdout);
    fflush(stderr);
    int saved_out = dup(1), saved_err = dup(2);
    int fo = open(at("cmd.out"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int fe = open(at("cmd.err"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    cr_assert(saved_out >= 0 && saved_err >= 0 && fo >= 0 && fe >= 0);
    dup2(fo, 1);
    dup2(fe, 2);
    captured c;
    c.rc = cmd(argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(fo), close(fe), close(saved_out), close(saved_err);
    c.out = read_text(at("cmd.out"));
    c.err = read_text(at("cmd.err"));
    return c;
}

static captured study(const char *args) { return run_cmd(cmd_study, "study", args); }

static void captured_free(captured *c)
{
    free(c->out);
    free(c->err);
}

static void expect_ok(const captured *c, const char *what)
{
    cr_assert_eq(c->rc, 0, "%s failed (rc %d): %s", what, c->rc, c->err);
}

/* The rows of a study CSV (header checked by the callers). */
static csv_table read_csv(const char *path)
{
    csv_table t;
    cr_assert_eq(csv_read(&t, path), 0, "%s", nash_last_error());
    return t;
}

/* Rows equal apart from train_seconds (column 4), which is a wall time. */
static void expect_same_rows(const csv_table *a, const csv_table *b)
{
    cr_assert_eq(a->n_rows, b->n_rows, "%lld rows vs %lld", (long long)a->n_rows,
                 (long long)b->n_rows);
    cr_assert_eq(a->n_cols, b->n_cols);
    for (int64_t r = 0; r < a->n_rows; r++)
        for (int c = 0; c < a->n_cols; c++)
            if (c != 4)
                cr_expect_str_eq(csv_cell(a, r, c), csv_cell(b, r, c), "row %lld column %s",
                                 (long long)r, a->names[c]);
}

/* The byte length of the header plus the first `rows` rows of a text. */
static size_t prefix_rows(const char *text, int rows)
{
    const char *p = text;
    for (int i = 0; i <= rows; i++) {
        p = strchr(p, '\n');
        cr_assert_not_null(p);
        p++;
    }
    return (size_t)(p - text);
}

#define FOLDER_ARGS                                                                                \
    "--space hb201 --epochs 1 --train-limit 24 --test-limit 9 --dataset folder --data {T}/data "  \
    "--batch 8 --proxy params,synflow,snip,nwot --proxy-batch 4 --seed 3 --threads 1 "           \
    "--bootstrap 50 --out {T}/s"

/* ------------------------------------------------------------------------- */

Test(study, runs_resumes_and_cuts_torn_lines, .init = setup, .fini = teardown)
{
    write_folder("data", 3, 12, 4, 8);
    captured c = study(FOLDER_ARGS " --samples 2 --json --quiet");
    expect_ok(&c, "study");
    cr_expect(strstr(c.out, "\"trained\":2") && strstr(c.out, "\"already_done\":0"), "%s", c.out);
    cr_expect(strstr(c.out, "\"proxy\":\"nwot\""), "%s", c.out);
    cr_expect_eq(strchr(c.out, '\n'), c.out + strlen(c.out) - 1, "one JSON line: %s", c.out);
    captured_free(&c);

    /* study.csv: header, two distinct archs with their hb201 indices, plausible values */
    char *first = read_text(at("s/study.csv"));
    cr_assert_not_null(first);
    const char *header = "index,arch,test_acc,train_loss,train_seconds,params,synflow,snip,nwot\n";
    cr_assert(strncmp(first, header, strlen(header)) == 0, "header: %s", first);
    csv_table t = read_csv(at("s/study.csv"));
    cr_assert_eq(t.n_rows, 2);
    const nash_space *sp = nash_space_find("hb201");
    for (int64_t r = 0; r < 2; r++) {
        double index, acc, loss, secs, params;
        cr_assert_eq(csv_number(&t, r, 0, &index), 0);
        int64_t want;
        cr_assert_eq(nash_space_to_index(sp, csv_cell(&t, r, 1), &want), 0, "%s",
                     nash_last_error());
        cr_expect_eq((int64_t)index, want, "row %lld: index %g, arch has %lld", (long long)r,
                     index, (long long)want);
        cr_assert_eq(csv_number(&t, r, 2, &acc), 0);
        cr_assert_eq(csv_number(&t, r, 3, &loss), 0);
        cr_assert_eq(csv_number(&t, r, 4, &secs), 0);
        cr_assert_eq(csv_number(&t, r, 5, &params), 0);
        cr_expect(acc >= 0 && acc <= 100, "test_acc %g", acc);
        cr_expect(isfinite(loss) && loss > 0, "train_loss %g", loss);
        cr_expect(secs >= 0, "train_seconds %g", secs);
        cr_expect(params > 0, "params %g (millions)", params);
    }
    cr_expect_str_neq(csv_cell(&t, 0, 1), csv_cell(&t, 1, 1), "the two archs must differ");

    /* protocol and correlation files */
    char *proto = read_text(at("s/study.json"));
    cr_assert_not_null(proto);
    cr_expect(proto[0] == '{' && strstr(proto, "\"space\": \"hb201\"") &&
                  strstr(proto, "\"epochs\": 1,") && strstr(proto, "\"train_images\": 24,") &&
                  strstr(proto, "\"test_images\": 9,"),
              "%s", proto);
    free(proto);
    csv_table corr = read_csv(at("s/correlations.csv"));
    cr_assert_eq(corr.n_rows, 4);
    const char *names[4] = {"params", "synflow", "snip", "nwot"};
    for (int p = 0; p < 4; p++) {
        cr_expect_str_eq(csv_cell(&corr, p, 0), names[p]);
        double n, dropped;
        cr_assert_eq(csv_number(&corr, p, 1, &n), 0);
        cr_assert_eq(csv_number(&corr, p, 2, &dropped), 0);
        cr_expect_eq(n + dropped, 2.0, "%s: n %g + dropped %g", names[p], n, dropped);
        char rel[64];
        snprintf(rel, sizeof rel, "s/scatter_%s.svg", names[p]);
        char *svg = read_text(at(rel));
        cr_expect(svg && strncmp(svg, "<?xml", 5) == 0, "%s", rel);
        free(svg);
    }
    csv_free(&corr);

    /* the last row deleted: --resume redoes that arch only, with the same result */
    size_t one_row = prefix_rows(first, 1);
    cr_assert_eq(truncate(at("s/study.csv"), (off_t)one_row), 0);
    c = study(FOLDER_ARGS " --samples 2 --json --quiet --resume");
    expect_ok(&c, "resume");
    cr_expect(strstr(c.out, "\"trained\":1") && strstr(c.out, "\"already_done\":1"), "%s", c.out);
    captured_free(&c);
    csv_table again = read_csv(at("s/study.csv"));
    expect_same_rows(&t, &again);
    csv_free(&again);

    /* a torn last line (a crash inside the append) is cut and its arch redone;
     * the progress line reports each arch */
    char *whole = read_text(at("s/study.csv"));
    cr_assert_eq(truncate(at("s/study.csv"), (off_t)one_row), 0);
    FILE *f = fopen(at("s/study.csv"), "ab");
    cr_assert_not_null(f);
    fwrite(whole + one_row, 1, 17, f);
    fclose(f);
    c = study(FOLDER_ARGS " --samples 2 --json --resume");
    expect_ok(&c, "resume after a torn line");
    cr_expect(strstr(c.err, "cutting a torn last line (17 bytes)"), "%s", c.err);
    cr_expect(strstr(c.err, "study 2/2") && strstr(c.err, "ETA"), "%s", c.err);
    cr_expect(strstr(c.out, "\"trained\":1"), "%s", c.out);
    captured_free(&c);
    again = read_csv(at("s/study.csv"));
    expect_same_rows(&t, &again);
    csv_free(&again);

    /* finished: nothing is retrained, the file is untouched, the table is printed */
    char *before = read_text(at("s/study.csv"));
    c = study(FOLDER_ARGS " --samples 2 --resume --quiet");
    expect_ok(&c, "resume of a finished study");
    cr_expect(strstr(c.out, "Kendall tau") && strstr(c.out, "synflow"), "%s", c.out);
    captured_free(&c);
    char *after = read_text(at("s/study.csv"));
    cr_expect_str_eq(before, after);
    free(before), free(after);

    /* an existing study needs --resume; changed settings are refused */
    c = study(FOLDER_ARGS " --samples 2 --quiet");
    cr_expect_neq(c.rc, 0);
    cr_expect(strstr(c.err, "already holds a study; pass --resume"), "%s", c.err);
    captured_free(&c);
    c = study(FOLDER_ARGS " --samples 2 --quiet --resume --lr 0.05");
    cr_expect_neq(c.rc, 0);
    cr_expect(strstr(c.err, "study.json line") && strstr(c.err, "\"lr\": 0.1"), "%s", c.err);
    captured_free(&c);

    /* --samples grows: the first two archs are kept, one more is trained... */
    c = study(FOLDER_ARGS " --samples 3 --json --quiet --resume");
    expect_ok(&c, "growing the study");
    cr_expect(strstr(c.out, "\"trained\":1") && strstr(c.out, "\"already_done\":2"), "%s", c.out);
    captured_free(&c);
    csv_table grown = read_csv(at("s/study.csv"));
    cr_assert_eq(grown.n_rows, 3);
    for (int64_t r = 0; r < 2; r++)
        cr_expect_str_eq(csv_cell(&grown, r, 1), csv_cell(&t, r, 1));
    csv_free(&grown);
    /* ...but never shrinks */
    c = study(FOLDER_ARGS " --samples 2 --quiet --resume");
    cr_expect_neq(c.rc, 0);
    cr_expect(strstr(c.err, "is not one of the 2 archs"), "%s", c.err);
    captured_free(&c);

    csv_free(&t);
    free(first);
    free(whole);
}

Test(study, rows_match_nash_train_and_nash_proxies, .init = setup, .fini = teardown)
{
    make_dirs("cifar");
    write_cifar("cifar/data_batch_1.bin", 48, 11);
    write_cifar("cifar/test_batch.bin", 16, 12);
    const char *data = "--dataset cifar10 --data {T}/cifar --threads 1 --seed 5";
    char args[2048];
    snprintf(args, sizeof args,
             "--space hb201 --samples 1 --epochs 1 --train-limit 32 --test-limit 16 --batch 16 "
             "--proxy params,synflow,snip,nwot --proxy-batch 8 --bootstrap 0 --quiet --out "
             "{T}/s %s", data);
    captured c = study(args);
    expect_ok(&c, "study");
    captured_free(&c);
    csv_table t = read_csv(at("s/study.csv"));
    cr_assert_eq(t.n_rows, 1);

    /* nash train on the same arch and budget reports the same accuracy and loss */
    snprintf(args, sizeof args,
             "--arch hb201:%s --epochs 1 --train-limit 32 --test-limit 16 --batch 16 --lr 0.1 "
             "--quiet --json --out {T}/train %s", csv_cell(&t, 0, 1), data);
    c = run_cmd(cmd_train, "train", args);
    expect_ok(&c, "nash train");
    captured_free(&c);
    char *report = read_text(at("train/report.json"));
    cr_assert_not_null(report);
    char want[128];
    snprintf(want, sizeof want, "\"final_test_acc\": %s,", csv_cell(&t, 0, 2));
    cr_expect(strstr(report, want), "study has %s; nash train: %s", want, report);
    snprintf(want, sizeof want, "\"final_train_loss\": %s,", csv_cell(&t, 0, 3));
    cr_expect(strstr(report, want), "study has %s; nash train: %s", want, report);
    free(report);

    /* nash proxies draws the same arch and writes the same scores */
    snprintf(args, sizeof args,
             "--space hb201 --archs 1 --batch 8 --proxy params,synflow,snip,nwot --quiet --out "
             "{T}/p.csv %s", data);
    c = run_cmd(cmd_proxies, "proxies", args);
    expect_ok(&c, "nash proxies");
    captured_free(&c);
    csv_table p = read_csv(at("p.csv"));
    cr_assert_eq(p.n_rows, 1);
    cr_expect_str_eq(csv_cell(&p, 0, 0), csv_cell(&t, 0, 0), "index");
    cr_expect_str_eq(csv_cell(&p, 0, 1), csv_cell(&t, 0, 1), "arch");
    for (int k = 0; k < 4; k++)
        cr_expect_str_eq(csv_cell(&p, 0, 2 + k), csv_cell(&t, 0, 5 + k), "proxy %s",
                         p.names[2 + k]);
    csv_free(&p);
    csv_free(&t);
}

Test(study, diverging_arch_is_recorded_without_accuracy, .init = setup, .fini = teardown)
{
    write_folder("data", 3, 12, 4, 8);
    captured c = study("--space hb201 --samples 1 --epochs 2 --train-limit 24 --test-limit 9 "
                       "--dataset folder --data {T}/data --batch 8 --proxy params --seed 3 "
                       "--threads 1 --bootstrap 0 --lr 1e38 --json --out {T}/s");
    expect_ok(&c, "study");
    cr_expect(strstr(c.out, "\"diverged\":1"), "%s", c.out);
    cr_expect(strstr(c.err, "diverged (recorded without accuracy)"), "%s", c.err);
    captured_free(&c);
    csv_table t = read_csv(at("s/study.csv"));
    cr_assert_eq(t.n_rows, 1);
    cr_expect_str_eq(csv_cell(&t, 0, 2), "", "test_acc of a diverged arch");
    cr_expect_str_eq(csv_cell(&t, 0, 3), "", "train_loss of a diverged arch");
    cr_expect_str_neq(csv_cell(&t, 0, 5), "", "its proxies are still scored");
    csv_free(&t);
}

Test(study, bad_flags_are_one_line_errors, .init = setup, .fini = teardown)
{
    write_folder("data", 3, 4, 2, 8);
    static const struct {
        const char *args, *message;
    } cases[] = {
        {"--bogus 1", "unknown option '--bogus'"},
        {"--samples", "option --samples needs a value"},
        {"--samples x", "option --samples: 'x' is not an integer"},
        {"--samples 0", "--samples 0: expected 1..1000000"},
        {"--epochs 0", "--epochs 0: expected"},
        {"--batch 0", "--batch 0: expected"},
        {"--train-limit -1", "--train-limit -1"},
        {"--lr 0", "--lr 0: expected a positive number"},
        {"--proxy synflow,nope", "unknown proxy 'nope'"},
        {"--proxy synflow,synflow", "--proxy: 'synflow' given twice"},
        {"--proxy-batch 1", "--proxy-batch 1: expected 2..1024"},
        {"--space nope", "nope"},
        {"--dataset imagenet16", "--dataset imagenet16: not offered by nash study"},
        {"--dataset nope", "--dataset"},
        {"--space nb201 --samples 15626", "space nb201 has only 15625 architectures"},
        {"extra", "unexpected argument 'extra'"},
        {"--dataset folder --data {T}/data --train-limit 4 --batch 8 --proxy params",
         "4 training images give no full batch of 8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char args[512];
        snprintf(args, sizeof args, "--out {T}/bad%zu --threads 1 --quiet %s", i, cases[i].args);
        captured c = study(args);
        cr_expect_neq(c.rc, 0, "`%s` succeeded", cases[i].args);
        cr_expect(strncmp(c.err, "nash: error: ", 13) == 0 && strstr(c.err, cases[i].message),
                  "`%s`: expected '%s' in: %s", cases[i].args, cases[i].message, c.err);
        cr_expect(strchr(c.err, '\n') == c.err + strlen(c.err) - 1, "`%s`: not one line: %s",
                  cases[i].args, c.err);
        cr_expect_str_eq(c.out, "", "`%s`: stdout must stay empty", cases[i].args);
        captured_free(&c);
    }
}

/* `mpirun -np 2 nash study` (issue 7): the archs are shared between two ranks,
 * each trains its own; the study CSV equals a single process's byte for byte
 * (rows put back in candidate order), as does the protocol file. */
Test(study, mpi_sharded_study_equals_single_process, .init = setup, .fini = teardown,
     .timeout = 900)
{
    tu_need_mpi();
    write_folder("data", 3, 12, 4, 8);
    captured c = study(FOLDER_ARGS " --samples 3 --quiet");
    expect_ok(&c, "single-process study");
    captured_free(&c);
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "mpirun -np 2 --oversubscribe %s study --space hb201 --epochs 1 --train-limit 24 "
             "--test-limit 9 --dataset folder --data %s --batch 8 "
             "--proxy params,synflow,snip,nwot --proxy-batch 4 --seed 3 --threads 1 "
             "--bootstrap 50 --samples 3 --quiet --out %s 2>%s",
             NASH_BIN, at("data"), at("m"), at("mpi.err"));
    fflush(stdout);
    int st = system(cmd);
    char *err = read_text(at("mpi.err"));
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "mpirun study failed: %s", err);
    free(err);
    /* every cell but the wall-clock train_seconds */
    csv_table one = read_csv(at("s/study.csv")), two = read_csv(at("m/study.csv"));
    cr_assert_eq(one.n_rows, 3);
    cr_assert_eq(two.n_rows, one.n_rows);
    cr_assert_eq(two.n_cols, one.n_cols);
    int seconds = csv_column(&one, "train_seconds");
    cr_assert_geq(seconds, 0);
    for (int col = 0; col < one.n_cols; col++)
        cr_assert_str_eq(one.names[col], two.names[col]);
    for (int64_t r = 0; r < one.n_rows; r++)
        for (int col = 0; col < one.n_cols; col++)
            if (col != seconds)
                cr_assert_str_eq(csv_cell(&one, r, col), csv_cell(&two, r, col),
                                 "row %lld column %s differs between 1 process and 2 ranks",
                                 (long long)r, one.names[col]);
    csv_free(&one);
    csv_free(&two);
    char *x = read_text(at("s/study.json")), *y = read_text(at("m/study.json"));
    cr_assert_str_eq(x, y, "study.json differs between 1 process and 2 ranks");
    free(x);
    free(y);
}
