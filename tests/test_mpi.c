/*
 * test_mpi.c — `mpirun -np K build/nash ...` (issue 7), run as child processes
 * of the test with --oversubscribe on this machine.
 *
 * Checks: sharded `nash proxies` output equals the single-process output byte
 * for byte (CSV and protocol file) for K = 2 and 3; a run whose rank 1 is
 * killed with SIGKILL mid-way leaves only complete rows, and `--resume` with
 * another K completes the set to the same bytes. Data-free proxies keep the
 * fixture small. Skipped when the binary was built without MPI or mpirun is
 * missing, unless NASH_REQUIRE_MPI=1 (CI sets it), which makes that a failure.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test_util.h"


static char dir[64];

static void setup(void) { tu_make_tmpdir(dir, sizeof dir, "nash-mpi"); }
static void teardown(void) { tu_remove_tmpdir(dir); }

TestSuite(mpi, .init = setup, .fini = teardown, .timeout = 900);

#define PROXY_ARGS(n) \
    "proxies --space nb201 --proxy params,flops,synflow,nn_degree --archs " n \
    " --seed 5 --threads 1 --quiet"

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    fflush(stdout);
    fflush(stderr);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    cr_assert(buf);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = 0;
    fclose(f);
    return buf;
}

static int count_lines(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    int n = 0, c;
    while ((c = fgetc(f)) != EOF)
        n += c == '\n';
    fclose(f);
    return n;
}

static void assert_same_file(const char *a, const char *b)
{
    char *x = slurp(a), *y = slurp(b);
    cr_assert_str_eq(x, y, "%s and %s differ", a, b);
    free(x);
    free(y);
}

Test(mpi, sharded_proxies_equal_the_single_process_output_byte_for_byte)
{
    tu_need_mpi();
    cr_assert_eq(sh("%s " PROXY_ARGS("12") " --out %s/one.csv", NASH_BIN, dir), 0);
    for (int k = 2; k <= 3; k++) {
        cr_assert_eq(sh("mpirun -np %d --oversubscribe %s " PROXY_ARGS("12") " --out %s/k%d.csv",
                        k, NASH_BIN, dir, k),
                     0, "mpirun -np %d failed", k);
        char a[128], b[128];
        snprintf(a, sizeof a, "%s/one.csv", dir);
        snprintf(b, sizeof b, "%s/k%d.csv", dir, k);
        cr_assert_eq(count_lines(b), 13);
        assert_same_file(a, b);
        strcat(a, ".json");
        strcat(b, ".json");
        assert_same_file(a, b);
    }
}

/* The pid of the `nash` process that is MPI rank `rank` and writes `out`. */
static pid_t find_rank(const char *out, int rank)
{
    DIR *d = opendir("/proc");
    cr_assert(d);
    pid_t found = 0;
    char want[32];
    snprintf(want, sizeof want, "OMPI_COMM_WORLD_RANK=%d", rank);
    for (struct dirent *e; !found && (e = readdir(d));) {
        pid_t pid = (pid_t)atoi(e->d_name);
        if (pid <= 0)
            continue;
        char path[64], buf[8192];
        snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = 0;
        for (size_t i = 0; i + 1 < n; i++)
            if (!buf[i])
                buf[i] = ' ';
        if (strncmp(buf, NASH_BIN, strlen(NASH_BIN)) != 0 || !strstr(buf, out))
            continue;
        snprintf(path, sizeof path, "/proc/%d/environ", (int)pid);
        f = fopen(path, "rb");
        if (!f)
            continue;
        n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        for (size_t i = 0; i < n; i++)
            if (!strncmp(buf + i, want, strlen(want)) && (i == 0 || !buf[i - 1]) &&
                (buf[i + strlen(want)] == 0))
                found = pid;
    }
    closedir(d);
    return found;
}

Test(mpi, resume_after_killing_one_rank_completes_the_set)
{
    tu_need_mpi();
    char ref[128], out[128];
    snprintf(ref, sizeof ref, "%s/ref.csv", dir);
    snprintf(out, sizeof out, "%s/killed.csv", dir);
    cr_assert_eq(sh("%s " PROXY_ARGS("60") " --out %s", NASH_BIN, ref), 0);

    pid_t job = fork();
    cr_assert(job >= 0);
    if (job == 0) {
        char *argv[64];
        int argc = 0;
        char buf[512];
        snprintf(buf, sizeof buf, "mpirun -np 2 --oversubscribe %s " PROXY_ARGS("60") " --out %s",
                 NASH_BIN, out);
        for (char *save, *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
            argv[argc++] = t;
        argv[argc] = NULL;
        freopen("/dev/null", "w", stderr);
        execvp("mpirun", argv);
        _exit(127);
    }
    /* wait for a few rows, then SIGKILL rank 1 in the middle of the run */
    pid_t victim = 0;
    for (int i = 0; i < 2000 && !victim; i++) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
        if (count_lines(out) >= 5)
            victim = find_rank(out, 1);
    }
    cr_assert(victim > 0, "rank 1 of the job was not found (or the job ended too soon)");
    cr_assert_eq(kill(victim, SIGKILL), 0);
    int st;
    cr_assert_eq(waitpid(job, &st, 0), job);
    cr_assert(!(WIFEXITED(st) && WEXITSTATUS(st) == 0), "the job must fail when a rank dies");
    int rows = count_lines(out) - 1;
    cr_assert(rows >= 4 && rows < 60, "%d rows after the kill", rows);

    /* resume with another K: only the missing candidates are redone */
    cr_assert_eq(sh("mpirun -np 3 --oversubscribe %s " PROXY_ARGS("60") " --out %s --resume",
                    NASH_BIN, out),
                 0);
    assert_same_file(ref, out);
}

/* `nash search --children G` under mpirun: the G children of a generation are
 * scored by the ranks in turn; the search and its CSV equal one process's. */
Test(mpi, sharded_search_equals_the_single_process_search)
{
    tu_need_mpi();
#define SEARCH_ARGS \
    "search --space nb201 --proxy synflow --budget 48 --population 12 --children 6 --seed 3 " \
    "--threads 1 --quiet"
    cr_assert_eq(sh("%s " SEARCH_ARGS " --out %s/one.csv > %s/one.out", NASH_BIN, dir, dir), 0);
    cr_assert_eq(sh("mpirun -np 2 --oversubscribe %s " SEARCH_ARGS " --out %s/two.csv > %s/two.out",
                    NASH_BIN, dir, dir),
                 0);
    char a[128], b[128];
    snprintf(a, sizeof a, "%s/one.csv", dir);
    snprintf(b, sizeof b, "%s/two.csv", dir);
    cr_assert_eq(count_lines(b), 49);
    assert_same_file(a, b);
    snprintf(a, sizeof a, "%s/one.out", dir); /* the best-architectures table, printed once */
    snprintf(b, sizeof b, "%s/two.out", dir);
    assert_same_file(a, b);
}

/* `nash cosearch --children G` under mpirun: the networks of a batch are
 * evaluated by the ranks in turn and broadcast; the CSV and the Pareto SVG
 * equal one process's for K = 2 (uneven shares of 3) and K = 3. */
Test(mpi, sharded_cosearch_equals_the_single_process_cosearch)
{
    tu_need_mpi();
#define COSEARCH_ARGS \
    "cosearch --space hb201 --dataset cifar10 --proxy params --budget 8 --children 3 --seed 2"
    cr_assert_eq(sh("%s " COSEARCH_ARGS " --out %s/c1 > /dev/null", NASH_BIN, dir), 0);
    cr_assert_eq(sh("mpirun -np 2 --oversubscribe %s " COSEARCH_ARGS " --out %s/c2 > /dev/null",
                    NASH_BIN, dir),
                 0);
    cr_assert_eq(sh("mpirun -np 3 --oversubscribe %s " COSEARCH_ARGS " --out %s/c3 > /dev/null",
                    NASH_BIN, dir),
                 0);
    const char *files[] = {"cosearch.csv", "pareto.svg"};
    for (int f = 0; f < 2; f++) {
        char a[160], b[160];
        snprintf(a, sizeof a, "%s/c1/%s", dir, files[f]);
        cr_assert_eq(f == 0 ? count_lines(a) : 17, 17, "8 hybrid + 8 conv-only rows + header");
        for (int k = 2; k <= 3; k++) {
            snprintf(b, sizeof b, "%s/c%d/%s", dir, k, files[f]);
            assert_same_file(a, b);
        }
    }
}

/* `nash cosearch --resume`: a journal cut after 5 pairs with a torn sixth
 * (a kill mid-write) is replayed and the search goes on; the outputs equal the
 * uninterrupted run's, in 1 process and on 2 ranks. Other arguments are refused. */
Test(mpi, cosearch_resume_replays_the_journal_and_equals_the_uninterrupted_run)
{
    tu_need_mpi();
    cr_assert_eq(sh("%s " COSEARCH_ARGS " --out %s/r1 > /dev/null", NASH_BIN, dir), 0);
    for (int ranks = 1; ranks <= 2; ranks++) {
        /* header (2 lines) + 5 rows + half of the 6th */
        cr_assert_eq(sh("mkdir -p %s/k%d && head -7 %s/r1/cosearch.journal > %s/k%d/cosearch.journal"
                        " && sed -n 8p %s/r1/cosearch.journal | head -c 40 >> %s/k%d/cosearch.journal",
                        dir, ranks, dir, dir, ranks, dir, dir, ranks),
                     0);
        cr_assert_eq(sh("%s %s " COSEARCH_ARGS " --out %s/k%d --resume > %s/k%d.out",
                        ranks == 1 ? "" : "mpirun -np 2 --oversubscribe", NASH_BIN, dir, ranks, dir,
                        ranks),
                     0);
        const char *files[] = {"cosearch.csv", "pareto.svg", "cosearch.journal"};
        for (int f = 0; f < 3; f++) {
            char a[160], b[160];
            snprintf(a, sizeof a, "%s/r1/%s", dir, files[f]);
            snprintf(b, sizeof b, "%s/k%d/%s", dir, ranks, files[f]);
            assert_same_file(a, b);
        }
    }
    cr_assert_neq(sh("%s " COSEARCH_ARGS " --budget 9 --out %s/r1 --resume 2> %s/err.txt",
                     NASH_BIN, dir, dir),
                  0, "a journal of other arguments was accepted");
}
