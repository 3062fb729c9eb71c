/*
 * bench_peak.h — the machine limits `nash bench kernels` measures in the same
 * run as the kernels, so every "ratio to peak" is against this machine as it
 * runs now (clock, contention), not against a datasheet.
 *
 * Owns: (1) the fp32 FMA peak (register-resident loop of independent
 * vfmadd231ps ymm chains on every thread), (2) the adder limit (the inner
 * step acc += |x - w| as independent chains, in several instruction mixes;
 * the best one is the limit), (3) copy bandwidth on a large buffer.
 * Does not own: the kernels being compared (kernels/), the report (bench_kernels.c).
 *
 * Without AVX2+FMA (CPU or NASH_ISA=none) the register loops are not run and
 * their figures are NaN ("n/a" in reports); copy bandwidth is always measured.
 */
#ifndef NASH_BENCH_PEAK_H
#define NASH_BENCH_PEAK_H

#include <stddef.h>

/* One adder instruction mix: name and best rate over the trials. */
typedef struct bench_adder_mix {
    const char *name;        /* e.g. "sub+and+add" */
    const char *description; /* which pipes it means to use */
    double gmacs;            /* G lane-MAC/s (one MAC = sub + abs + add), NaN if not run */
    double gmacs_wall;       /* the same by wall clock (lower when other processes ran) */
} bench_adder_mix;

#define BENCH_ADDER_MIXES 5

typedef struct bench_peak {
    int threads;
    int have_avx2;              /* the register loops ran */
    double fma_gflops;          /* FMA peak, GFLOP/s (2 per lane-FMA); NaN: n/a */
    double fma_gflops_wall;     /* the same by wall clock */
    double adder_gmacs;         /* adder limit = best mix, G-MAC/s; NaN: n/a */
    double adder_gmacs_wall;    /* that mix by wall clock */
    const char *adder_best_mix; /* name of that mix ("n/a" without AVX2) */
    double adder_naive_gmacs;   /* the plain vsubps + vandps + vaddps mix */
    bench_adder_mix mixes[BENCH_ADDER_MIXES];
    double copy_gbs;            /* GB/s, STREAM counting (bytes read + bytes written) */
    size_t copy_bytes;          /* size of one copy buffer */
} bench_peak;

/* Rates of the register loops: each thread's work over its own CPU time
 * (CLOCK_THREAD_CPUTIME_ID), summed over threads — the cores' limit even when
 * other processes share them (this machine runs other jobs); the wall-clock
 * rate (work of all threads / time between barriers) is kept beside it. Copy
 * bandwidth is by wall clock only (memory is shared with the other jobs anyway).
 *
 * Measures everything on `threads` OpenMP threads (<= 0: the current OpenMP
 * count). Each register loop is calibrated to run about ms_per_trial ms and
 * is run 7 times, the loops interleaved; the best trial is the limit. Copy uses two buffers of
 * copy_bytes each (touched before timing). 0, or -1 with a message. */
int bench_peak_measure(bench_peak *p, int threads, double ms_per_trial, size_t copy_bytes);

#endif
