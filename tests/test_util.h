/*
 * test_util.h — shared helpers for the Criterion suite (header-only).
 *
 * Owns: seeded fills (integer-valued, so float sums are exact, or uniform
 * floats), blocked-buffer fills that keep the pad lanes zero, comparison with
 * a relative error that reports the worst element, a check that a result is
 * not mostly zeros, and the "nash-maxerr" report line that records the largest
 * reference-vs-fast error per op (grep the test log for it).
 * Fills depend only on (seed, index), never on the thread count.
 */
#ifndef NASH_TEST_UTIL_H
#define NASH_TEST_UTIL_H

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nash_kernels.h"

static inline uint64_t tu_hash(uint64_t seed, uint64_t i)
{
    uint64_t z = seed * 0x9E3779B97F4A7C15ull + i + 0x632BE59BD9B4E019ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
/* uniform in [0, 1) */
static inline double tu_unit(uint64_t seed, uint64_t i)
{
    return (double)(tu_hash(seed, i) >> 11) * (1.0 / 9007199254740992.0);
}
/* A small deterministic generator for choosing shapes. */
typedef struct { uint64_t seed, i; } tu_rng;
static inline int tu_int(tu_rng *r, int lo, int hi) /* inclusive */
{
    return lo + (int)(tu_hash(r->seed, r->i++) % (uint64_t)(hi - lo + 1));
}

/* Integer values in [lo, hi]: products and sums stay exact in fp32 for small shapes. */
static inline void tu_fill_int(float *p, int64_t n, uint64_t seed, int lo, int hi)
{
    for (int64_t i = 0; i < n; i++)
        p[i] = (float)(lo + (int)(tu_hash(seed, (uint64_t)i) % (uint64_t)(hi - lo + 1)));
}
/* Uniform floats in [lo, hi). */
static inline void tu_fill_uniform(float *p, int64_t n, uint64_t seed, float lo, float hi)
{
    for (int64_t i = 0; i < n; i++)
        p[i] = lo + (hi - lo) * (float)tu_unit(seed, (uint64_t)i);
}
/* Zero the pad lanes (c >= C) of a blocked (N, C, H, W) buffer. */
static inline void tu_zero_pad_lanes(float *p, int n, int c, int h, int w)
{
    int64_t cb = nash_cblocks(c);
    for (int64_t in = 0; in < n; in++)
        for (int64_t lane = c % NASH_BLOCK ? c % NASH_BLOCK : NASH_BLOCK; lane < NASH_BLOCK; lane++)
            for (int64_t s = 0; s < (int64_t)h * w; s++)
                p[((in * cb + cb - 1) * h * w + s) * NASH_BLOCK + lane] = 0.0f;
}
/* 1 when every pad lane of a blocked buffer is exactly zero. */
static inline int tu_pad_lanes_zero(const float *p, int n, int c, int h, int w)
{
    int64_t cb = nash_cblocks(c);
    for (int64_t in = 0; in < n; in++)
        for (int64_t lane = c % NASH_BLOCK ? c % NASH_BLOCK : NASH_BLOCK; lane < NASH_BLOCK; lane++)
            for (int64_t s = 0; s < (int64_t)h * w; s++)
                if (p[((in * cb + cb - 1) * h * w + s) * NASH_BLOCK + lane] != 0.0f)
                    return 0;
    return 1;
}

static inline float *tu_alloc(int64_t n)
{
    float *p = aligned_alloc(64, (size_t)((n * 4 + 63) / 64 * 64 + 64));
    cr_assert(p != NULL, "out of memory for %lld floats", (long long)n);
    memset(p, 0, (size_t)n * 4);
    return p;
}

/* max |a-b| / max(max|ref|, floor): a scale-aware relative error; *where = worst index. */
static inline double tu_rel_err(const float *ref, const float *got, int64_t n, double floor_,
                                int64_t *where)
{
    double maxref = floor_, maxdiff = 0.0;
    int64_t at = -1;
    for (int64_t i = 0; i < n; i++) {
        double r = fabs((double)ref[i]);
        if (r > maxref)
            maxref = r;
        double dlt = fabs((double)ref[i] - (double)got[i]);
        if (!(dlt <= maxdiff)) { /* also catches NaN */
            maxdiff = isnan(dlt) ? INFINITY : dlt;
            at = i;
        }
    }
    if (where)
        *where = at;
    return maxdiff / maxref;
}
/* Fraction of exactly-zero elements (a result that is mostly zeros is not trusted). */
static inline double tu_zero_fraction(const float *p, int64_t n)
{
    int64_t z = 0;
    for (int64_t i = 0; i < n; i++)
        z += p[i] == 0.0f;
    return n ? (double)z / (double)n : 1.0;
}
/* Fraction of zeros among the real channels of a blocked buffer (pad lanes left out). */
static inline double tu_blocked_zero_fraction(const float *p, int n, int c, int h, int w)
{
    int64_t count = (int64_t)n * c * h * w;
    float *plain = tu_alloc(count);
    nash_blocked_to_nchw(n, c, h, w, p, plain);
    double z = tu_zero_fraction(plain, count);
    free(plain);
    return z;
}
/* NaN everywhere, so a kernel that skips an output element is caught. */
static inline void tu_fill_nan(float *p, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        p[i] = NAN;
}
/* The report line: largest reference-vs-variant error of one op/direction. */
static inline void tu_report_maxerr(const char *op, const char *dir, const char *impl, double err,
                                    int cases)
{
    fprintf(stderr, "nash-maxerr %-10s %-16s %-8s %.3e over %d cases\n", op, dir, impl, err, cases);
}


/* A fresh directory /tmp/<prefix>-XXXXXX in buf (size >= strlen(prefix) + 13). */
static inline void tu_make_tmpdir(char *buf, size_t size, const char *prefix)
{
    snprintf(buf, size, "/tmp/%s-XXXXXX", prefix);
    cr_assert(mkdtemp(buf), "mkdtemp %s failed", buf);
}

/* rm -rf of a directory made by tu_make_tmpdir. */
static inline void tu_remove_tmpdir(const char *dir)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

/* ------------------------------------------------------------------------- */
/* Tests that run the CLI under mpirun (test_mpi.c, test_study.c)            */

int group_mpi_built(void); /* tools/mpi_group.h */

/* Skips the test when nash was built without MPI or mpirun is missing, unless
 * NASH_REQUIRE_MPI=1 (CI), which makes that a failure. Sets the environment
 * mpirun needs here: root allowed, one OpenMP thread per rank, no spinning,
 * and no leak check of Open MPI's own allocations in sanitizer builds. */
static inline void tu_need_mpi(void)
{
    setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
    setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
    setenv("OMP_NUM_THREADS", "1", 1);
    setenv("OMP_WAIT_POLICY", "passive", 1);
    setenv("ASAN_OPTIONS", "detect_leaks=0", 1);
    if (group_mpi_built() && system("command -v mpirun >/dev/null 2>&1") == 0)
        return;
    const char *req = getenv("NASH_REQUIRE_MPI");
    cr_assert(!(req && strcmp(req, "1") == 0),
              "NASH_REQUIRE_MPI=1 but nash was built without MPI or mpirun is missing");
    cr_skip_test("built without MPI or no mpirun: MPI tests skipped");
}

#ifndef NASH_BIN /* set by the Makefile: the CLI binary of this build */
#define NASH_BIN "build/nash"
#endif

#endif
