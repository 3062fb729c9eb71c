/*
 * test_fuzz_regressions.c — every input the libFuzzer harnesses ever crashed
 * on, replayed through the same entry points in the normal Criterion suite.
 *
 * Owns: walking tests/fuzz/regressions/<harness>/ (crashing inputs, kept after
 * the fix) and tests/fuzz/corpus/<harness>/ (the committed seeds) and feeding
 * each file to fuzz_<harness>_one(). The harness sources are included here
 * with NASH_FUZZ_NO_MAIN, so they are compiled without
 * LLVMFuzzerTestOneInput and without libFuzzer; a harness that finds a broken
 * invariant calls abort(), which Criterion reports as a crashed test, and an
 * out-of-bounds access shows up under `make test SANITIZE=1`. The repository
 * is found from the working directory or from the test binary
 * (<repo>/build.../nash_tests). Does not own: the harnesses (tests/fuzz/).
 */
#define NASH_FUZZ_NO_MAIN 1
#include "fuzz/fuzz_accel_config.c"
#include "fuzz/fuzz_arch.c"
#include "fuzz/fuzz_cifar.c"
#include "fuzz/fuzz_cli.c"
#include "fuzz/fuzz_image_folder.c"
#include "fuzz/fuzz_safetensors.c"

#include "test_util.h"

#include <dirent.h>
#include <limits.h>

/* <repo>/tests/fuzz, from the working directory or the test binary's folder's parent. */
static void fuzz_root(char *out, size_t size)
{
    if (access("tests/fuzz/corpus", F_OK) == 0) {
        snprintf(out, size, "tests/fuzz");
        return;
    }
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    cr_assert_gt(n, 0, "cannot find the test binary");
    self[n] = '\0';
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(self, '/');
        cr_assert(slash, "cannot find the repository from %s", self);
        *slash = '\0';
    }
    int len = snprintf(out, size, "%s/tests/fuzz", self);
    cr_assert(len > 0 && (size_t)len < size);
    cr_assert_eq(access(out, F_OK), 0, "%s: missing (run the tests from the repository)", out);
}

/* Feeds every file of <root>/<kind>/<harness>/ to one(); returns how many. */
static int replay_dir(const char *kind, const char *harness, int (*one)(const uint8_t *, size_t))
{
    char root[PATH_MAX], dir[PATH_MAX + 64];
    fuzz_root(root, sizeof root);
    snprintf(dir, sizeof dir, "%s/%s/%s", root, kind, harness);
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[2 * PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        cr_assert(f, "%s: cannot open", path);
        uint8_t *data = NULL;
        size_t size = 0, cap = 0, got;
        do {
            if (size == cap) {
                cap = cap ? 2 * cap : 65536;
                data = realloc(data, cap);
                cr_assert(data);
            }
            got = fread(data + size, 1, cap - size, f);
            size += got;
        } while (got > 0);
        fclose(f);
        cr_log_info("fuzz replay: %s (%zu bytes)", path, size);
        one(data, size);
        free(data);
        nash_clear_error();
        count++;
    }
    closedir(d);
    return count;
}

/* The seeds must all be there (a missing corpus would make the replay vacuous),
 * the regressions are whatever was found. */
static void replay(const char *harness, int (*one)(const uint8_t *, size_t), int min_seeds)
{
    int seeds = replay_dir("corpus", harness, one);
    cr_expect_geq(seeds, min_seeds, "tests/fuzz/corpus/%s: %d seed files, expected >= %d", harness,
                  seeds, min_seeds);
    replay_dir("regressions", harness, one);
}

Test(fuzz_regressions, cifar, .timeout = 120)
{
    replay("cifar", fuzz_cifar_one, 5);
}

Test(fuzz_regressions, image_folder, .timeout = 120)
{
    replay("image_folder", fuzz_image_folder_one, 5);
}

Test(fuzz_regressions, safetensors, .timeout = 120)
{
    replay("safetensors", fuzz_safetensors_one, 3);
}

Test(fuzz_regressions, arch, .timeout = 120)
{
    replay("arch", fuzz_arch_one, 5);
}

Test(fuzz_regressions, accel_config, .timeout = 120)
{
    replay("accel_config", fuzz_accel_config_one, 3);
}

Test(fuzz_regressions, cli, .timeout = 120)
{
    replay("cli", fuzz_cli_one, 5);
}

