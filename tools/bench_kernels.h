/*
 * bench_kernels.h — `nash bench kernels`: every kernel variant on the layer
 * shapes nash's networks use, against oneDNN's best and the machine limits,
 * all measured in the same run.
 *
 * Owns: the shape list (ResNet-20, NB201, MBConv), the option parser, the
 * timing of every (shape, op, direction, variant) and the table / CSV / JSON
 * reports. Does not own: the kernels (kernels/), oneDNN's side
 * (bench_onednn.c), the machine limits (bench_peak.c).
 *
 * CSV (--csv F, written atomically), one row per timed (shape, op, direction,
 * variant), with this header:
 *   op           conv | adder | shift
 *   shape        shape name (table below) or "custom" for a descriptor
 *   desc         nash_conv_desc_str of the case (re-runnable: --shapes <desc>)
 *   direction    fwd | bwd_data | bwd_weights (shift: fwd only)
 *   variant      a nash variant name (avx2, omp, ref, ...) or "dnnl-best":
 *                oneDNN's faster of convolution_direct and convolution_auto
 *   impl         dnnl-best only: oneDNN's implementation and algorithm
 *   ms_median, ms_min, ms_max   wall clock over the timed repetitions (after warm-up)
 *   cpu_ms       median CPU ms of the busiest OpenMP thread per call: with other
 *                jobs on the machine, the time the work took without the waits
 *                for a core (run with OMP_WAIT_POLICY=passive, else spinning
 *                threads count)
 *   rate, rate_unit   from ms_median (--clock cpu: from cpu_ms); conv and shift:
 *                GFLOP/s (2 per MAC); adder: GMAC/s
 *                (one MAC = subtract, abs, accumulate)
 *   vs_onednn    conv and shift: dnnl-best ms / this ms (> 1: faster than oneDNN)
 *   vs_peak      conv and shift: rate / FMA peak; adder: rate / adder limit (the
 *                limit by the same clock, bench_peak.h)
 *   vs_onednn and vs_conv use the same clock as rate.
 *   rel_err      max |result - yardstick| / max |yardstick| of the timed call's
 *                result: conv variants against dnnl-best's result, adder
 *                variants against the first adder variant's; empty for the
 *                yardsticks and shift. Above 1e-4 the row is marked WRONG and the
 *                command exits non-zero after writing its reports.
 *   vs_conv      shift only: the same variant's conv forward ms / this ms
 * Empty fields are "not applicable" (or "n/a": no AVX2 for the peak loops).
 */
#ifndef NASH_BENCH_KERNELS_H
#define NASH_BENCH_KERNELS_H

#include "nash_kernels.h"

#define BENCH_KERNELS_CSV_HEADER                                                              \
    "op,shape,desc,direction,variant,impl,ms_median,ms_min,ms_max,cpu_ms,rate,rate_unit,vs_onednn," \
    "vs_peak,vs_conv,rel_err"

typedef enum bench_op { BENCH_OP_CONV = 0, BENCH_OP_ADDER, BENCH_OP_SHIFT, BENCH_OP_COUNT } bench_op;
extern const char *const bench_op_names[BENCH_OP_COUNT];

/* One named layer shape: square input, pad = k / 2. */
typedef struct bench_shape {
    const char *name;  /* "r20_s1" */
    const char *set;   /* "resnet20", "nb201" or "mbconv" */
    int ic, oc, hw, k, stride, groups;
    const char *what;  /* where the layer sits */
} bench_shape;

extern const bench_shape bench_shapes[];
extern const int bench_shape_count;

/* The descriptor of a shape at batch n. 0 or -1 with a message. */
int bench_shape_desc(const bench_shape *s, int n, nash_conv_desc *d);

#define BENCH_MAX_CASES 64

typedef struct bench_kernels_opts {
    int threads, batch, reps, warmup, json;
    int cpu_clock;                /* --clock cpu: rates and ratios from cpu_ms */
    int ops[BENCH_OP_COUNT];      /* 1: op selected */
    double ref_max_mmac;          /* ref is timed only up to this many M MAC per case */
    double peak_ms;               /* ms per trial of each machine-limit loop */
    double copy_mib;              /* MiB per buffer of the copy test */
    const char *csv;              /* NULL: no CSV */
    int n_cases;
    nash_conv_desc cases[BENCH_MAX_CASES];
    const char *case_names[BENCH_MAX_CASES]; /* shape name, or "custom" */
    char case_also[BENCH_MAX_CASES][96];     /* other names of the same layer ("" if none) */
} bench_kernels_opts;

/* Parses argv as passed to `nash bench kernels ...` (argv[0] "bench",
 * argv[1] "kernels") and resolves --shapes into cases (duplicates of a
 * descriptor kept once). 0, 1 when --help was printed, -1 with a message. */
int bench_kernels_parse(int argc, char **argv, bench_kernels_opts *o);

/* `nash bench kernels [--threads T] [--batch N] [--reps R] [--op conv,adder,shift]
 *  [--shapes resnet20,nb201,mbconv|all|NAME|DESC] [--clock wall|cpu] [--csv F] [--json]`;
 *  exit status. */
int bench_kernels_main(int argc, char **argv);

#endif
