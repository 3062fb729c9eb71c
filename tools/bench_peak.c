/*
 * bench_peak.c — machine limits for `nash bench kernels` (see bench_peak.h).
 *
 * Owns: the register-resident AVX2 loops (FMA, adder mixes), the copy
 * bandwidth loop and their timing on every OpenMP thread.
 *
 * Why inline assembly: each loop must issue exactly the instructions named
 * (compilers hoist a loop-invariant x - w, or merge chains), and must keep
 * every accumulator in a register. Each loop body is written out once; the
 * only other instructions are the loop counter and its branch. The register
 * assignment (AT&T order: sources first, destination last):
 *   FMA:   ymm0..ymm11 accumulators (12 chains cover 4-cycle latency x
 *          2 FMA pipes on Zen 3 with margin), ymm14, ymm15 multiplicands.
 *   adder: ymm0..ymm9 accumulators (10 chains), ymm10/ymm11 temporaries
 *          (renamed, so reuse adds no dependence), ymm12 = x, ymm13 = w,
 *          ymm14 = abs mask 0x7fffffff, ymm15 = 1.0f.
 * The adder limit (research/cpu-perf-anchors.md §1): acc += |x - w| needs
 * three FP µops per vector. Zen 3 has 4 FP pipes, 2 FMA (FP0/1) and 2 FADD
 * (FP2/3); vsubps and vaddps both go to the FADD pipes, so the naive mix is
 * bound at 1 vector per cycle. Moving one of the two to an FMA pipe —
 * acc += t * 1.0 (vfmadd231ps) or t = -(x * 1.0) + w (vfnmadd213ps, |w - x|
 * = |x - w|) — spreads the 3 µops over all 4 pipes: up to 4/3 vector per
 * cycle. The best measured mix is reported as the limit, with every mix's rate.
 * Measured on the 2-core Zen 3 VM (2026-11-24, 1 thread, CPU-time rates): FMA
 * 100 GFLOP/s (32 FLOP/cycle at ~3.1 GHz), naive adder 23 GMAC/s (1 vector
 * per cycle), the FMA-pipe mixes 29-32 GMAC/s (~1.25 vector per cycle).
 */
#include "bench_peak.h"

#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "nash_kernels.h"
#include "nash_runtime.h"

#define TRIALS 7

/* Constants read by the loops (through memory operands, so the loops need no
 * intrinsics): FMA multiplicands keep acc growing slowly, never denormal. */
static const float k_fma_a = 0.999f, k_fma_b = 1e-3f;
static const float k_x = 1.5f, k_w = -0.25f, k_one = 1.0f;
static const uint32_t k_abs_mask = 0x7fffffffu;
/* x for the "x from memory" mix: one cache line, read again and again (L1). */
static const float x_line[16] __attribute__((aligned(64))) = {1.5f, 1.5f, 1.5f, 1.5f, 1.5f, 1.5f,
                                                        1.5f, 1.5f, 1.5f, 1.5f, 1.5f, 1.5f,
                                                        1.5f, 1.5f, 1.5f, 1.5f};

#define CLOBBER_YMM                                                                       \
    "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",         \
        "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "cc", "memory"

/* ------------------------------------------------------------------------- */
/* Register loops (each iteration: the body once)                             */

/* 12 independent FMA chains: 12 * 8 lanes * 2 FLOP = 192 FLOP per iteration. */
#define FMA_FLOP_PER_ITER 192.0
__attribute__((target("avx2,fma"))) static void loop_fma(long iters)
{
    __asm__ volatile(
        "vxorps %%ymm0, %%ymm0, %%ymm0\n\t"
        "vmovaps %%ymm0, %%ymm1\n\t vmovaps %%ymm0, %%ymm2\n\t vmovaps %%ymm0, %%ymm3\n\t"
        "vmovaps %%ymm0, %%ymm4\n\t vmovaps %%ymm0, %%ymm5\n\t vmovaps %%ymm0, %%ymm6\n\t"
        "vmovaps %%ymm0, %%ymm7\n\t vmovaps %%ymm0, %%ymm8\n\t vmovaps %%ymm0, %%ymm9\n\t"
        "vmovaps %%ymm0, %%ymm10\n\t vmovaps %%ymm0, %%ymm11\n\t"
        "vbroadcastss %[a], %%ymm14\n\t"
        "vbroadcastss %[b], %%ymm15\n\t"
        "1:\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm0\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm1\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm2\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm3\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm4\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm5\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm6\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm7\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm8\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm9\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm10\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm11\n\t"
        "dec %[n]\n\t"
        "jnz 1b\n\t"
        "vzeroupper\n\t"
        : [n] "+r"(iters)
        : [a] "m"(k_fma_a), [b] "m"(k_fma_b)
        : CLOBBER_YMM);
}

/* Set-up shared by the adder loops: zero accumulators, x, w, mask, 1.0. */
#define ADDER_SETUP                                                                \
    "vxorps %%ymm0, %%ymm0, %%ymm0\n\t"                                            \
    "vmovaps %%ymm0, %%ymm1\n\t vmovaps %%ymm0, %%ymm2\n\t vmovaps %%ymm0, %%ymm3\n\t" \
    "vmovaps %%ymm0, %%ymm4\n\t vmovaps %%ymm0, %%ymm5\n\t vmovaps %%ymm0, %%ymm6\n\t" \
    "vmovaps %%ymm0, %%ymm7\n\t vmovaps %%ymm0, %%ymm8\n\t vmovaps %%ymm0, %%ymm9\n\t" \
    "vbroadcastss %[x], %%ymm12\n\t"                                               \
    "vbroadcastss %[w], %%ymm13\n\t"                                               \
    "vbroadcastss %[mask], %%ymm14\n\t"                                            \
    "vbroadcastss %[one], %%ymm15\n\t"
#define ADDER_INPUTS \
    [x] "m"(k_x), [w] "m"(k_w), [mask] "m"(k_abs_mask), [one] "m"(k_one), [xm] "m"(x_line)
#define ADDER_MACS_PER_ITER 80.0 /* 10 chains * 8 lanes */

/* Naive: t = x - w (FADD), t &= mask (any pipe), acc += t (FADD). */
#define NAIVE(acc, t)                               \
    "vsubps %%ymm13, %%ymm12, %%" t "\n\t"          \
    "vandps %%ymm14, %%" t ", %%" t "\n\t"          \
    "vaddps %%" t ", %%" acc ", %%" acc "\n\t"
/* Accumulate on the FMA pipe: acc += t * 1.0. */
#define FMA_ACC(acc, t)                             \
    "vsubps %%ymm13, %%ymm12, %%" t "\n\t"          \
    "vandps %%ymm14, %%" t ", %%" t "\n\t"          \
    "vfmadd231ps %%ymm15, %%" t ", %%" acc "\n\t"
/* Subtract on the FMA pipe: t = x; t = -(1.0 * t) + w = w - x; acc += |t| (FADD). */
#define FMA_SUB(acc, t)                             \
    "vmovaps %%ymm12, %%" t "\n\t"                  \
    "vfnmadd213ps %%ymm13, %%ymm15, %%" t "\n\t"    \
    "vandps %%ymm14, %%" t ", %%" t "\n\t"          \
    "vaddps %%" t ", %%" acc ", %%" acc "\n\t"
/* The same two with x read from memory, as a kernel reads its input. */
#define FMA_ACC_MEM(acc, t)                         \
    "vsubps %[xm], %%ymm13, %%" t "\n\t"            \
    "vandps %%ymm14, %%" t ", %%" t "\n\t"          \
    "vfmadd231ps %%ymm15, %%" t ", %%" acc "\n\t"
#define FMA_SUB_MEM(acc, t)                         \
    "vmovaps %[xm], %%" t "\n\t"                    \
    "vfnmadd213ps %%ymm13, %%ymm15, %%" t "\n\t"    \
    "vandps %%ymm14, %%" t ", %%" t "\n\t"          \
    "vaddps %%" t ", %%" acc ", %%" acc "\n\t"

/* Ten chains: A on the even accumulators, B on the odd ones. */
#define TEN_CHAINS(A, B)                                                                  \
    A("ymm0", "ymm10") B("ymm1", "ymm11") A("ymm2", "ymm10") B("ymm3", "ymm11")           \
    A("ymm4", "ymm10") B("ymm5", "ymm11") A("ymm6", "ymm10") B("ymm7", "ymm11")           \
    A("ymm8", "ymm10") B("ymm9", "ymm11")

#define ADDER_LOOP(fname, A, B)                                                \
    __attribute__((target("avx2,fma"))) static void fname(long iters)          \
    {                                                                          \
        __asm__ volatile(ADDER_SETUP "1:\n\t" TEN_CHAINS(A, B) "dec %[n]\n\t" \
                                     "jnz 1b\n\t"                              \
                                     "vzeroupper\n\t"                          \
                         : [n] "+r"(iters)                                     \
                         : ADDER_INPUTS                                        \
                         : CLOBBER_YMM);                                       \
    }

ADDER_LOOP(loop_adder_naive, NAIVE, NAIVE)
ADDER_LOOP(loop_adder_fma_acc, FMA_ACC, FMA_ACC)
ADDER_LOOP(loop_adder_fma_sub, FMA_SUB, FMA_SUB)
ADDER_LOOP(loop_adder_alternate, FMA_ACC, FMA_SUB)
ADDER_LOOP(loop_adder_alternate_mem, FMA_ACC_MEM, FMA_SUB_MEM)

typedef void (*loop_fn)(long iters);

static const struct {
    const char *name, *description;
    loop_fn fn;
} adder_mixes[BENCH_ADDER_MIXES] = {
    {"sub+and+add", "vsubps, vandps, vaddps: both adds on the FADD pipes", loop_adder_naive},
    {"sub+and+fma", "vsubps, vandps, vfmadd231ps(t*1.0): accumulate on the FMA pipes",
     loop_adder_fma_acc},
    {"fnmadd+and+add", "vfnmadd213ps(w-x*1.0), vandps, vaddps: subtract on the FMA pipes",
     loop_adder_fma_sub},
    {"alternate", "chains alternate sub+and+fma and fnmadd+and+add (both pipe pairs)",
     loop_adder_alternate},
    {"alternate-mem", "the alternate mix with x read from memory (L1), as a kernel does",
     loop_adder_alternate_mem},
};

/* ------------------------------------------------------------------------- */
/* Timing on every thread                                                     */

static double thread_cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Seconds for every thread to run fn(iters), timed between barriers (wall
 * clock); *cpu_rate_sum (nullable) = sum over threads of 1 / (that thread's
 * CPU seconds), so that work * cpu_rate_sum is the rate while running — what
 * the cores can do even when other processes take turns on them. */
static double run_on_threads(loop_fn fn, long iters, int threads, double *cpu_rate_sum)
{
    double t0 = 0.0, t1 = 0.0, inv_cpu = 0.0;
    #pragma omp parallel num_threads(threads) reduction(+ : inv_cpu)
    {
        #pragma omp barrier
        #pragma omp single
        t0 = nash_now();
        double c0 = thread_cpu_seconds();
        fn(iters);
        double c1 = thread_cpu_seconds();
        inv_cpu += c1 > c0 ? 1.0 / (c1 - c0) : 0.0;
        #pragma omp barrier
        #pragma omp single
        t1 = nash_now();
    }
    if (cpu_rate_sum)
        *cpu_rate_sum = inv_cpu;
    return t1 - t0;
}

/* Iterations of fn that take about ms_per_trial ms on `threads` threads. */
static long calibrate(loop_fn fn, int threads, double ms_per_trial)
{
    long iters = 1000;
    double s = run_on_threads(fn, iters, threads, NULL); /* also warms the clock up */
    while (s < 2e-3 && iters < (1L << 40)) {
        iters *= 4;
        s = run_on_threads(fn, iters, threads, NULL);
    }
    long trial_iters = (long)((double)iters * (ms_per_trial * 1e-3) / (s > 0 ? s : 1e-9));
    return trial_iters < 1 ? 1 : trial_iters;
}

/* Best rate (units per second) of every loop over TRIALS rounds; each round
 * runs every loop once, so a burst of load from other processes hits all
 * loops alike instead of one loop's whole series. */
static void best_rates(int n, const loop_fn *fns, const double *units_per_iter, int threads,
                       double ms_per_trial, double *best, double *best_wall)
{
    long iters[8];
    for (int i = 0; i < n; i++) {
        iters[i] = calibrate(fns[i], threads, ms_per_trial);
        best[i] = best_wall[i] = 0.0;
    }
    for (int t = 0; t < TRIALS; t++)
        for (int i = 0; i < n; i++) {
            double cpu_rate_sum;
            double secs = run_on_threads(fns[i], iters[i], threads, &cpu_rate_sum);
            double work = units_per_iter[i] * (double)iters[i];
            if (work * threads / secs > best_wall[i])
                best_wall[i] = work * threads / secs;
            if (work * cpu_rate_sum > best[i])
                best[i] = work * cpu_rate_sum;
        }
}

/* Copy bandwidth: each thread copies its share of src into dst; STREAM counts
 * the bytes read plus the bytes written. Best of TRIALS. */
static int measure_copy(bench_peak *p, int threads, size_t bytes)
{
    char *src = aligned_alloc(1 << 21, (bytes + (1 << 21) - 1) / (1 << 21) * (1 << 21));
    char *dst = aligned_alloc(1 << 21, (bytes + (1 << 21) - 1) / (1 << 21) * (1 << 21));
    if (!src || !dst) {
        free(src);
        free(dst);
        return nash_fail("bench peak: cannot allocate 2 x %zu bytes for the copy test", bytes);
    }
    /* huge pages: first touches of 4 KiB pages cost ~10 us each on this VM */
    madvise(src, bytes, MADV_HUGEPAGE);
    madvise(dst, bytes, MADV_HUGEPAGE);
    memset(src, 1, bytes);
    memset(dst, 0, bytes);
    double best = 0.0;
    for (int t = 0; t < TRIALS + 1; t++) { /* the first run is a warm-up */
        double t0 = nash_now();
        #pragma omp parallel num_threads(threads)
        {
            int id = omp_get_thread_num(), nt = omp_get_num_threads();
            size_t chunk = (bytes / (size_t)nt + 63) / 64 * 64;
            size_t begin = chunk * (size_t)id;
            if (begin < bytes) {
                size_t len = begin + chunk > bytes ? bytes - begin : chunk;
                memcpy(dst + begin, src + begin, len);
            }
        }
        double secs = nash_now() - t0;
        double rate = 2.0 * (double)bytes / secs / 1e9;
        if (t > 0 && rate > best)
            best = rate;
    }
    p->copy_gbs = best;
    p->copy_bytes = bytes;
    free(src);
    free(dst);
    return 0;
}

int bench_peak_measure(bench_peak *p, int threads, double ms_per_trial, size_t copy_bytes)
{
    memset(p, 0, sizeof *p);
    if (threads <= 0)
        threads = omp_get_max_threads();
    if (ms_per_trial <= 0)
        return nash_fail("bench peak: time per trial must be positive, got %g ms", ms_per_trial);
    if (copy_bytes < 4096)
        return nash_fail("bench peak: copy buffer of %zu bytes is too small (>= 4096)", copy_bytes);
    p->threads = threads;
    p->have_avx2 = nash_isa_has(NASH_ISA_AVX2);
    p->fma_gflops = p->adder_gmacs = p->adder_naive_gmacs = NAN;
    p->fma_gflops_wall = p->adder_gmacs_wall = NAN;
    p->adder_best_mix = "n/a";
    for (int i = 0; i < BENCH_ADDER_MIXES; i++) {
        p->mixes[i].name = adder_mixes[i].name;
        p->mixes[i].description = adder_mixes[i].description;
        p->mixes[i].gmacs = p->mixes[i].gmacs_wall = NAN;
    }
    if (p->have_avx2) {
        loop_fn fns[1 + BENCH_ADDER_MIXES] = {loop_fma};
        double units[1 + BENCH_ADDER_MIXES] = {FMA_FLOP_PER_ITER}, best[1 + BENCH_ADDER_MIXES],
               wall[1 + BENCH_ADDER_MIXES];
        for (int i = 0; i < BENCH_ADDER_MIXES; i++) {
            fns[1 + i] = adder_mixes[i].fn;
            units[1 + i] = ADDER_MACS_PER_ITER;
        }
        best_rates(1 + BENCH_ADDER_MIXES, fns, units, threads, ms_per_trial, best, wall);
        p->fma_gflops = best[0] / 1e9;
        p->fma_gflops_wall = wall[0] / 1e9;
        p->adder_gmacs = 0.0;
        for (int i = 0; i < BENCH_ADDER_MIXES; i++) {
            p->mixes[i].gmacs = best[1 + i] / 1e9;
            p->mixes[i].gmacs_wall = wall[1 + i] / 1e9;
            if (p->mixes[i].gmacs > p->adder_gmacs) {
                p->adder_gmacs = p->mixes[i].gmacs;
                p->adder_best_mix = adder_mixes[i].name;
            }
        }
        p->adder_naive_gmacs = p->mixes[0].gmacs;
        for (int i = 0; i < BENCH_ADDER_MIXES; i++)
            if (strcmp(p->mixes[i].name, p->adder_best_mix) == 0)
                p->adder_gmacs_wall = p->mixes[i].gmacs_wall;
    }
    return measure_copy(p, threads, copy_bytes);
}
