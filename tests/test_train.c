/*
 * test_train.c — checkpoints and the `nash train` / `nash eval` commands end
 * to end, on tiny CIFAR-10 binaries written at test time.
 *
 * Checks: a checkpoint round-trips every parameter, BN statistic, optimiser
 * state, the dropout RNG and the metadata; truncated, corrupt, foreign and
 * mis-shaped checkpoints are refused with a message; a run killed (SIGKILL)
 * after an epoch and resumed produces the same metrics as an uninterrupted
 * run; a non-finite loss stops training, names the node and leaves the last
 * good checkpoint in place; `nash eval` reads what `nash train` wrote.
 * The commands run as the real binary (build/nash next to this test binary).
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nash_nas.h"
#include "test_util.h"

/* ------------------------------------------------------------------------- */
/* Fixtures                                                                   */

static char tmpdir[256];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/nash-test-train-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    cr_expect_eq(system(cmd), 0);
}

/* CIFAR-10 binary records: the label decides the mean colour, so the task is learnable. */
static void write_cifar(const char *name, int records, uint64_t seed)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    for (int r = 0; r < records; r++) {
        unsigned char rec[3073];
        int label = (int)(tu_hash(seed, (uint64_t)r * 7919) % 10);
        rec[0] = (unsigned char)label;
        for (int i = 0; i < 3072; i++) {
            int plane = i / 1024;
            int base = (label * 25 + plane * 60) % 256;
            rec[1 + i] = (unsigned char)((base + (int)(tu_hash(seed + 1, (uint64_t)r * 3072 + i) % 64)) % 256);
        }
        cr_assert_eq(fwrite(rec, 1, sizeof rec, f), sizeof rec);
    }
    fclose(f);
}

static void nash_binary(char *out, size_t size)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    cr_assert_gt(n, 0);
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    *slash = '\0';
    int len = snprintf(out, size, "%s/nash", self);
    cr_assert(len > 0 && (size_t)len < size, "path too long");
    cr_assert_eq(access(out, X_OK), 0, "%s is not built (make builds it before the tests)", out);
}

/* Runs `build/nash ARGS` with stdout/stderr to files in tmpdir; returns the exit status. */
static int run_nash(const char *args, const char *log_name)
{
    char bin[PATH_MAX], cmd[3 * PATH_MAX];
    nash_binary(bin, sizeof bin);
    int len = snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s > '%s.out' 2> '%s.err'", tmpdir, bin,
                       args, log_name, log_name);
    cr_assert(len > 0 && (size_t)len < sizeof cmd, "command too long");
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *read_text(const char *rel)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    char *copy = malloc(n + 1);
    memcpy(copy, buf, n + 1);
    return copy;
}

/* metrics.csv without the timing columns (img_s, seconds), which legitimately differ. */
static char *metrics_without_timing(const char *run)
{
    char rel[256];
    snprintf(rel, sizeof rel, "%s/metrics.csv", run);
    char *text = read_text(rel);
    cr_assert_not_null(text, "%s/%s missing", tmpdir, rel);
    char *out = calloc(strlen(text) + 1, 1);
    char *line = strtok(text, "\n");
    while (line) {
        int commas = 0;
        for (char *p = line; *p; p++) {
            if (*p == ',' && ++commas == 6)
                break;
            strncat(out, p, 1);
        }
        strcat(out, "\n");
        line = strtok(NULL, "\n");
    }
    free(text);
    return out;
}

/* ------------------------------------------------------------------------- */
/* Checkpoint round trip and refusals                                         */

static nash_net *small_net(const char *arch_text, int batch, uint64_t seed)
{
    nash_arch a;
    cr_assert_eq(nash_arch_parse(arch_text, &a), 0, "%s", nash_last_error());
    nash_net *net = nash_arch_build(&a, 3, 8, 8, 10);
    cr_assert(net, "%s", nash_last_error());
    cr_assert_eq(nash_net_compile(net, batch), 0, "%s", nash_last_error());
    nash_rng rng;
    nash_rng_seed(&rng, seed);
    nash_net_init_params(net, &rng);
    return net;
}

static void train_steps(nash_net *net, nash_optim *opt, int steps)
{
    int32_t labels[4] = {1, 3, 5, 7};
    for (int s = 0; s < steps; s++) {
        tu_fill_uniform(nash_net_input(net), nash_blocked_size(4, 3, 8, 8), 50 + s, -1, 1);
        tu_zero_pad_lanes(nash_net_input(net), 4, 3, 8, 8);
        nash_net_forward(net, 4, 1);
        double loss;
        cr_assert_eq(nash_net_loss_backward(net, 4, labels, 0.0f, &loss, NULL), 0, "%s",
                     nash_last_error());
        nash_optim_step(opt, 0.05f);
    }
}

static nash_ckpt_info sample_info(const char *arch)
{
    nash_ckpt_info info;
    memset(&info, 0, sizeof info);
    snprintf(info.arch, sizeof info.arch, "%s", arch);
    snprintf(info.dataset, sizeof info.dataset, "cifar10");
    snprintf(info.optimizer, sizeof info.optimizer, "sgd");
    info.epoch = 3;
    info.step = 12;
    info.mean[0] = 0.5f, info.mean[1] = 0.25f, info.mean[2] = 0.125f;
    info.std[0] = info.std[1] = info.std[2] = 0.2f;
    info.best_acc = 42.5;
    info.best_epoch = 2;
    snprintf(info.metrics_csv, sizeof info.metrics_csv, "epoch,train_loss\n1,2.0\n");
    snprintf(info.config_json, sizeof info.config_json, "{\"quote\": \"a\\\"b\"}");
    return info;
}

Test(checkpoint, round_trip_restores_everything)
{
    make_tmpdir();
    const char *arch = "resnet20-hybrid:13=shiftps";
    nash_net *a = small_net(arch, 4, 1);
    nash_optim_config oc = {.kind = NASH_OPTIM_SGD, .lr = 0.05f, .momentum = 0.9f, .weight_decay = 5e-4f};
    nash_optim *oa = nash_optim_create(a, &oc);
    train_steps(a, oa, 2);
    char path[512];
    snprintf(path, sizeof path, "%s/ckpt.safetensors", tmpdir);
    nash_ckpt_info info = sample_info(arch);
    cr_assert_eq(nash_checkpoint_save(path, a, oa, &info), 0, "%s", nash_last_error());

    nash_net *b = small_net(arch, 4, 99); /* different init: everything must be overwritten */
    nash_optim *ob = nash_optim_create(b, &oc);
    nash_ckpt_info got;
    memset(&got, 0, sizeof got);
    snprintf(got.arch, sizeof got.arch, "%s", arch);
    cr_assert_eq(nash_checkpoint_load(path, b, ob, &got), 0, "%s", nash_last_error());
    for (int i = 0; i < nash_net_param_count(a); i++)
        cr_expect_eq(memcmp(nash_net_param(a, i)->data, nash_net_param(b, i)->data,
                            sizeof(float) * nash_net_param(a, i)->numel), 0, "param %s differs",
                     nash_net_param(a, i)->name);
    for (int i = 0; i < nash_net_state_count(a); i++)
        cr_expect_eq(memcmp(nash_net_state(a, i)->data, nash_net_state(b, i)->data,
                            sizeof(float) * nash_net_state(a, i)->numel), 0, "state %s differs",
                     nash_net_state(a, i)->name);
    for (int i = 0; i < nash_optim_state_count(oa); i++) {
        int64_t n;
        const char *name;
        float *sa = nash_optim_state(oa, i, &name, &n), *sb = nash_optim_state(ob, i, NULL, NULL);
        cr_expect_eq(memcmp(sa, sb, sizeof(float) * n), 0, "optimiser state %s differs", name);
    }
    cr_expect_eq(nash_optim_steps(ob), 2);
    cr_expect_eq(memcmp(nash_net_rng(a), nash_net_rng(b), sizeof(nash_rng)), 0);
    cr_expect_eq(got.epoch, 3);
    cr_expect_eq(got.step, 12);
    cr_expect_float_eq(got.mean[2], 0.125f, 0);
    cr_expect_eq(got.best_epoch, 2);
    cr_expect_str_eq(got.metrics_csv, info.metrics_csv);
    cr_expect_str_eq(got.config_json, info.config_json);
    /* the two networks now train identically */
    train_steps(a, oa, 1);
    train_steps(b, ob, 1);
    for (int i = 0; i < nash_net_param_count(a); i++)
        cr_expect_eq(memcmp(nash_net_param(a, i)->data, nash_net_param(b, i)->data,
                            sizeof(float) * nash_net_param(a, i)->numel), 0,
                     "param %s diverged after resuming", nash_net_param(a, i)->name);
    nash_optim_free(oa), nash_optim_free(ob);
    nash_net_free(a), nash_net_free(b);
    remove_tmpdir();
}

Test(checkpoint, bad_files_are_refused_with_a_message)
{
    make_tmpdir();
    const char *arch = "resnet20-conv";
    nash_net *net = small_net(arch, 4, 1);
    char path[512], bad[512];
    snprintf(path, sizeof path, "%s/good.safetensors", tmpdir);
    snprintf(bad, sizeof bad, "%s/bad.safetensors", tmpdir);
    nash_ckpt_info info = sample_info(arch);
    cr_assert_eq(nash_checkpoint_save(path, net, NULL, &info), 0, "%s", nash_last_error());
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *bytes = malloc((size_t)size);
    cr_assert_eq(fread(bytes, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    nash_ckpt_info want = {0};
    snprintf(want.arch, sizeof want.arch, "%s", arch);

    /* truncated at several places: header, middle of the data, one byte short */
    long cuts[] = {0, 4, 8, 100, size / 2, size - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        cr_assert_eq(nash_write_file_atomic(bad, bytes, (size_t)cuts[i]), 0);
        cr_expect_neq(nash_checkpoint_load(bad, net, NULL, &want), 0, "truncated at %ld accepted",
                      cuts[i]);
        cr_expect(strstr(nash_last_error(), "bad.safetensors") != NULL, "message: %s",
                  nash_last_error());
    }
    /* a corrupt header byte */
    bytes[12] = '#';
    cr_assert_eq(nash_write_file_atomic(bad, bytes, (size_t)size), 0);
    cr_expect_neq(nash_checkpoint_load(bad, net, NULL, &want), 0);
    free(bytes);
    /* another arch */
    nash_ckpt_info other = {0};
    snprintf(other.arch, sizeof other.arch, "resnet20-adder");
    cr_expect_neq(nash_checkpoint_load(path, net, NULL, &other), 0);
    cr_expect(strstr(nash_last_error(), "is for arch \"resnet20-conv\", not \"resnet20-adder\""),
              "message: %s", nash_last_error());
    /* weights only, but optimiser state asked for */
    nash_optim *opt = nash_optim_create(net, &(nash_optim_config){.kind = NASH_OPTIM_SGD,
                                                                  .momentum = 0.9f});
    cr_expect_neq(nash_checkpoint_load(path, net, opt, &want), 0);
    cr_expect(strstr(nash_last_error(), "no optimiser state"), "message: %s", nash_last_error());
    /* a safetensors file that is not a nash checkpoint, and one with a wrong shape */
    nash_st_writer w;
    nash_st_writer_init(&w);
    float junk[4] = {0};
    int64_t shape[1] = {4};
    nash_st_add(&w, "n1.weight", NASH_ST_F32, 1, shape, junk);
    cr_assert_eq(nash_st_write(&w, bad), 0);
    cr_expect_neq(nash_checkpoint_load(bad, net, NULL, &want), 0);
    cr_expect(strstr(nash_last_error(), "not a nash checkpoint"), "message: %s", nash_last_error());
    nash_st_add_meta(&w, "format", "nash-checkpoint");
    nash_st_add_meta(&w, "version", "1");
    const char *keys[] = {"arch", "dataset", "epoch", "step", "mean", "std", "best_acc",
                          "best_epoch", "optimizer", "metrics_csv", "config"};
    const char *vals[] = {arch, "cifar10", "1", "1", "0,0,0", "1,1,1", "0", "0", "", "", ""};
    for (int i = 0; i < 11; i++)
        nash_st_add_meta(&w, keys[i], vals[i]);
    cr_assert_eq(nash_st_write(&w, bad), 0);
    cr_expect_neq(nash_checkpoint_load(bad, net, NULL, &want), 0);
    cr_expect(strstr(nash_last_error(), "n1.weight") && strstr(nash_last_error(), "shape [4]"),
              "message: %s", nash_last_error());
    nash_st_writer_free(&w);
    nash_optim_free(opt);
    nash_net_free(net);
    remove_tmpdir();
}

/* ------------------------------------------------------------------------- */
/* The commands                                                               */

#define TRAIN_ARGS "train --arch resnet20-hybrid --dataset cifar10 --data . --epochs 3 " \
                   "--batch 32 --seed 5 --threads 2 --quiet"

/* Small on purpose: the suite also runs under AddressSanitizer, ~10x slower. */
static void write_fixture_data(void)
{
#ifdef __SANITIZE_ADDRESS__
    /* the sanitizer build trains ~50x slower: 64 training images (2 steps of
     * 32, so an exploding step is followed by one that sees it) instead of 96 */
    write_cifar("data_batch_1.bin", 64, 1);
#else
    write_cifar("data_batch_1.bin", 96, 1);
#endif
    write_cifar("test_batch.bin", 32, 2);
}

Test(train_cli, killed_and_resumed_run_matches_uninterrupted_run, .timeout = 1200)
{
    make_tmpdir();
    write_fixture_data();
    cr_assert_eq(run_nash(TRAIN_ARGS " --out full", "full"), 0, "%s", read_text("full.err"));

    /* run B: killed with SIGKILL once its first epoch's checkpoint exists */
    char bin[PATH_MAX];
    nash_binary(bin, sizeof bin);
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        if (chdir(tmpdir) != 0)
            _exit(127);
        int fd = open("killed.err", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 2);
        execl(bin, bin, "train", "--arch", "resnet20-hybrid", "--dataset", "cifar10", "--data",
              ".", "--epochs", "3", "--batch", "32", "--seed", "5", "--threads", "2", "--quiet",
              "--out", "killed", (char *)NULL);
        _exit(127);
    }
    char ckpt[512];
    snprintf(ckpt, sizeof ckpt, "%s/killed/last.safetensors", tmpdir);
    /* poll for up to 400 s (a sanitizer build on a busy machine is slow) */
    for (int i = 0; i < 40000 && access(ckpt, F_OK) != 0 && waitpid(pid, NULL, WNOHANG) == 0; i++)
        usleep(10000);
    kill(pid, SIGKILL);
    int st;
    waitpid(pid, &st, 0);
    cr_assert(access(ckpt, F_OK) == 0, "no checkpoint appeared before the kill");
    nash_ckpt_info killed_at;
    cr_assert_eq(nash_checkpoint_read_info(ckpt, &killed_at), 0, "the surviving checkpoint does "
                 "not load: %s", nash_last_error());
    cr_assert_lt(killed_at.epoch, 3, "the run finished before the kill: nothing was resumed");

    /* without --resume the run directory is protected */
    cr_expect_neq(run_nash(TRAIN_ARGS " --out killed", "again"), 0);
    char *err = read_text("again.err");
    cr_expect(err && strstr(err, "nash: error:") && strstr(err, "--resume"), "stderr: %s", err);
    free(err);

    cr_assert_eq(run_nash(TRAIN_ARGS " --out killed --resume", "resumed"), 0, "%s",
                 read_text("resumed.err"));
    char *a = metrics_without_timing("full"), *b = metrics_without_timing("killed");
    cr_expect_str_eq(b, a, "resumed metrics differ from the uninterrupted run");
    int lines = 0;
    for (char *p = a; *p; p++)
        lines += *p == '\n';
    cr_expect_eq(lines, 4, "header + 3 epochs expected:\n%s", a);
    free(a), free(b);

    /* eval reads the checkpoint and writes its CSVs */
    cr_assert_eq(run_nash("eval --checkpoint full/best.safetensors --data . --out ev --json", "eval"),
                 0, "%s", read_text("eval.err"));
    char *json = read_text("eval.out");
    cr_expect(json && strstr(json, "\"top1\":") && strstr(json, "\"top5\":"), "eval json: %s", json);
    free(json);
    char *cm = read_text("ev/confusion.csv");
    cr_expect(cm && strncmp(cm, "true\\predicted,0,1,", 19) == 0, "confusion.csv: %.60s", cm);
    free(cm);
    char *svg = read_text("full/curves.svg");
    cr_expect(svg && strstr(svg, "<svg") && strstr(svg, "polyline"), "curves.svg missing content");
    free(svg);
    remove_tmpdir();
}

Test(train_cli, non_finite_loss_stops_and_keeps_the_last_good_checkpoint, .timeout = 900)
{
    make_tmpdir();
    write_fixture_data();
    const char *base = "train --arch resnet20-conv --dataset cifar10 --data . --batch 32 --seed 5 "
                       "--threads 2 --quiet --out run --schedule constant";
    char args[1024];
    snprintf(args, sizeof args, "%s --epochs 1", base);
    cr_assert_eq(run_nash(args, "first"), 0, "%s", read_text("first.err"));
    /* a second epoch with an absurd learning rate diverges */
    snprintf(args, sizeof args, "%s --epochs 2 --resume --lr 1e30 --momentum 0", base);
    cr_expect_neq(run_nash(args, "diverge"), 0);
    char *err = read_text("diverge.err");
    cr_expect(err && strstr(err, "nash: error:") &&
                  (strstr(err, "non-finite") || strstr(err, "loss is")) && strstr(err, "node"),
              "stderr: %s", err);
    free(err);
    char path[512];
    snprintf(path, sizeof path, "%s/run/last.safetensors", tmpdir);
    nash_ckpt_info info;
    cr_assert_eq(nash_checkpoint_read_info(path, &info), 0, "%s", nash_last_error());
    cr_expect_eq(info.epoch, 1, "the last good checkpoint (epoch 1) must stay");
    remove_tmpdir();
}

Test(train_cli, bad_input_is_one_error_line)
{
    make_tmpdir();
    write_cifar("data_batch_1.bin", 10, 1);
    /* truncate test_batch.bin mid-record */
    write_cifar("test_batch.bin", 3, 2);
    char path[512];
    snprintf(path, sizeof path, "%s/test_batch.bin", tmpdir);
    cr_assert_eq(truncate(path, 3073 * 2 + 100), 0);
    cr_expect_neq(run_nash("train --data . --epochs 1 --batch 4 --out r --quiet", "trunc"), 0);
    char *err = read_text("trunc.err");
    cr_expect(err && strncmp(err, "nash: error:", 12) == 0 && strstr(err, "test_batch.bin") &&
                  strstr(err, "3073"),
              "stderr: %s", err);
    free(err);
    cr_expect_neq(run_nash("train --arch 'resnet20:adder,x' --data . --out r2", "arch"), 0);
    err = read_text("arch.err");
    cr_expect(err && strstr(err, "nash: error: arch \"resnet20:adder,x\": unknown op 'x' at column 16"),
              "stderr: %s", err);
    free(err);
    cr_expect_neq(run_nash("train --bogus 1", "flag"), 0);
    err = read_text("flag.err");
    cr_expect(err && strstr(err, "unknown option '--bogus'"), "stderr: %s", err);
    free(err);
    remove_tmpdir();
}

/* `mpirun -np 2 nash train --distributed` (issue 7): 2 ranks x batch 8 against
 * one process x batch 16 on the same data, both with --sync-bn semantics.
 * The step-by-step check at 1e-5 is the runtime test (test_data_parallel.c,
 * the same code path with an in-process sum). Here, through MPI and the CLI,
 * ResNet-20's BN channels with near-zero variance amplify rounding: measured
 * on this fixture, one process with the omp instead of the avx2 conv kernel
 * moves the loss by 3e-6 after 2 steps and 1.5e-3 after 3. So the check is
 * 1e-2 relative on the first epoch's train and test loss, with the first
 * step's loss (one process: 2.87038071, 2 ranks: 2.87038064) far tighter.
 * Per-rank BN (DDP's default) runs and writes a checkpoint that loads. */
static double metric(const char *run, int epoch, int column)
{
    char rel[256];
    snprintf(rel, sizeof rel, "%s/metrics.csv", run);
    char *text = read_text(rel);
    cr_assert_not_null(text, "%s missing", rel);
    char *line = text;
    for (int i = 0; i < epoch && line; i++) {
        line = strchr(line, '\n');
        line = line ? line + 1 : NULL;
    }
    cr_assert_not_null(line, "%s has no epoch %d", rel, epoch);
    for (int c = 0; c < column; c++)
        line = strchr(line, ',') + 1;
    double v = strtod(line, NULL);
    free(text);
    return v;
}

Test(train_cli, distributed_two_ranks_match_one_process, .timeout = 900)
{
    tu_need_mpi();
    make_tmpdir();
    write_fixture_data();
#define DP_ARGS "train --arch resnet20-conv --dataset cifar10 --data . --epochs 2 --batch 16 " \
                "--lr 0.01 --seed 5 --threads 1 --quiet --no-augment"
    cr_assert_eq(run_nash(DP_ARGS " --out one", "one"), 0, "%s", read_text("one.err"));
    char bin[PATH_MAX], cmd[3 * PATH_MAX];
    nash_binary(bin, sizeof bin);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && mpirun -np 2 --oversubscribe '%s' " DP_ARGS
             " --distributed --sync-bn --out two > two.out 2> two.err && "
             "mpirun -np 2 --oversubscribe '%s' " DP_ARGS
             " --distributed --out ddp > ddp.out 2> ddp.err",
             tmpdir, bin, bin);
    fflush(stdout);
    int st = system(cmd);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "mpirun train failed: %s %s",
              read_text("two.err"), read_text("ddp.err"));
    for (int col = 1; col <= 3; col += 2) { /* train_loss, test_loss of epoch 1 */
        double a = metric("one", 1, col), b = metric("two", 1, col);
        cr_expect_leq(fabs(a - b), 1e-2 * fabs(a), "column %d: one process %.9g, 2 ranks %.9g",
                      col, a, b);
    }
    /* the same images were seen: equal train accuracy counts */
    cr_expect_float_eq(metric("one", 1, 2), metric("two", 1, 2), 0.75 * 100.0 / 96);
    cr_assert(metric("two", 2, 1) < metric("two", 1, 1) * 1.5, "training diverged");
    /* per-rank BN: a different but sane run whose checkpoint loads */
    nash_ckpt_info info;
    char ckpt[PATH_MAX];
    snprintf(ckpt, sizeof ckpt, "%s/ddp/last.safetensors", tmpdir);
    cr_assert_eq(nash_checkpoint_read_info(ckpt, &info), 0, "%s", nash_last_error());
    cr_expect_eq(info.epoch, 2);
    remove_tmpdir();
}

/* Issue 8: SIGKILL at 20 random moments — some inside a checkpoint write —
 * then --resume to the end: every checkpoint that survives a kill loads, and
 * the final metrics equal an uninterrupted run's. Epochs are tiny (2 steps)
 * so checkpoint writing is a large share of the run and kills land in it; a
 * kill inside an atomic write is recognised by the temp file it leaves. */
static int count_temps(const char *run)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", tmpdir, run);
    DIR *d = opendir(path);
    if (!d)
        return 0;
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strstr(e->d_name, ".tmp.") != NULL;
    closedir(d);
    return n;
}

Test(train_cli, twenty_random_kills_then_resume_match_the_uninterrupted_run, .timeout = 1800)
{
    make_tmpdir();
    write_fixture_data();
#ifdef __SANITIZE_ADDRESS__
#define KILL_EPOCHS "6" /* a sanitizer build trains ~50x slower: a shorter run, fewer kills */
#else
#define KILL_EPOCHS "16"
#endif
#define KILL_ARGS "train --arch resnet20-conv --dataset cifar10 --data . --epochs " KILL_EPOCHS \
                  " --batch 16 --train-limit 32 --test-limit 16 --seed 5 --threads 1 --quiet " \
                  "--no-augment"
    double t0 = nash_now();
    cr_assert_eq(run_nash(KILL_ARGS " --out full", "full"), 0, "%s", read_text("full.err"));
    double full_s = nash_now() - t0;

    char bin[PATH_MAX], ckpt[PATH_MAX], best[PATH_MAX];
    nash_binary(bin, sizeof bin);
    snprintf(ckpt, sizeof ckpt, "%s/killed/last.safetensors", tmpdir);
    snprintf(best, sizeof best, "%s/killed/best.safetensors", tmpdir);
    uint64_t rng = 12345;
    int kills = 0, finished = 0, in_write = 0, loaded = 0;
#ifdef __SANITIZE_ADDRESS__
    const int max_kills = 3; /* the sanitizer build runs 6 epochs, not 16; the plain build
                                (make test) does all 20 kills */
#else
    const int max_kills = 20;
#endif
    for (int k = 0; k < max_kills && !finished; k++) {
        pid_t pid = fork();
        cr_assert_neq(pid, -1);
        if (pid == 0) {
            if (chdir(tmpdir) != 0)
                _exit(127);
            int fd = open("killed.err", O_WRONLY | O_CREAT | O_APPEND, 0644);
            dup2(fd, 2);
            execl(bin, bin, "train", "--arch", "resnet20-conv", "--dataset", "cifar10", "--data",
                  ".", "--epochs", KILL_EPOCHS, "--batch", "16", "--train-limit", "32", "--test-limit",
                  "16", "--seed", "5", "--threads", "1", "--quiet", "--no-augment", "--out",
                  "killed", "--resume", (char *)NULL);
            _exit(127);
        }
        /* a random moment between 2 % and 12 % of a whole run's time: a restart
         * then gains about one epoch, so 20 kills fit in the 16 epochs */
        rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
        double wait_s = full_s * (0.02 + 0.10 * (double)(rng >> 11) / 9007199254740992.0);
        usleep((useconds_t)(wait_s * 1e6));
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid) {
            cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a run exited with an error: %s",
                      read_text("killed.err"));
            finished = 1;
            break;
        }
        kill(pid, SIGKILL);
        waitpid(pid, &st, 0);
        kills++;
        in_write += count_temps("killed") > 0;
        /* whatever survived must load */
        nash_ckpt_info info;
        if (access(ckpt, F_OK) == 0) {
            cr_assert_eq(nash_checkpoint_read_info(ckpt, &info), 0,
                         "kill %d: last.safetensors does not load: %s", k, nash_last_error());
            loaded++;
        }
        if (access(best, F_OK) == 0)
            cr_assert_eq(nash_checkpoint_read_info(best, &info), 0,
                         "kill %d: best.safetensors does not load: %s", k, nash_last_error());
    }
    cr_assert_eq(run_nash(KILL_ARGS " --out killed --resume", "resumed"), 0, "%s",
                 read_text("resumed.err"));
    cr_expect_eq(count_temps("killed"), 0, "stale temp files were not cleaned on resume");
    char *a = metrics_without_timing("full"), *b = metrics_without_timing("killed");
    cr_expect_str_eq(b, a, "metrics after %d kills differ from the uninterrupted run", kills);
    free(a), free(b);
    cr_log_info("nash-kill-test: %d kills (%d inside a file write, %d with a checkpoint to "
                "load), %s; run of %.2f s", kills, in_write, loaded,
                finished ? "the run finished before kill 20" : "then resumed to the end", full_s);
    fprintf(stderr, "nash-kill-test: %d kills (%d inside a file write, %d with a checkpoint to "
                    "load), %s; uninterrupted run %.2f s\n",
            kills, in_write, loaded, finished ? "finished before kill 20" : "resumed to the end",
            full_s);
    remove_tmpdir();
}
