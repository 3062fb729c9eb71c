/*
 * bench_shift_int8.h — `nash bench shift-int8`: the int8 inference path of
 * shift layers (kernels/shift_int8.h) against nash's fp32 conv forward on the
 * ResNet-20 layer shapes, and its accuracy on a trained shift network.
 *
 * Owns: the subcommand's options, timing and reports. Does not own: the
 * kernels (kernels/shift_int8.c, conv*.c), the network (runtime/, nas/).
 *
 *   nash bench shift-int8 [--threads T] [--batch N] [--reps R] [--exponents E] [--json]
 *                         [--checkpoint F [--data DIR] [--limit N] [--calib N]]
 *
 * --exponents E (1..7, default 7): weight exponents kept per output channel
 * (kernels/shift_int8.h); E <= 5 lets the AVX2 kernel sum in s16, faster, with
 * more weights flushed to 0.
 *
 * Per shape: ms of the fp32 conv forward (nash_conv_pick), of the int8 shift
 * forward (quantise the input to u8, writing the conv's zero border too, + int8
 * conv with the dequantisation fused)
 * and of the int8 conv alone, median of R calls after a warm-up, by wall clock
 * and by CPU time of the whole process (all threads: the work, without the
 * waits for a core on a shared machine; run with OMP_WAIT_POLICY=passive);
 * the speed-ups by both clocks. Before timing, each shape is checked: the picked int8 variant equals
 * "ref" bit for bit on two images, and the error against the fp32 shift conv
 * is reported (max |int8 - fp32| / max |fp32|).
 *
 * --checkpoint: a network built from the checkpoint's arch (e.g. resnet20-shift)
 * is run over the test split twice per batch: as trained (fp32), and with the
 * output of every shift layer replaced by the int8 path (per-tensor u8 input
 * scales calibrated on --calib shuffled training images, weights packed once)
 * through a runtime node hook, so no runtime code changes. Reported: both
 * top-1 accuracies, the agreement of their predictions, flushed weights.
 * With --json exactly one JSON object goes to stdout.
 */
#ifndef NASH_BENCH_SHIFT_INT8_H
#define NASH_BENCH_SHIFT_INT8_H

/* argv as `nash` got it after the program name: argv[0] "bench", argv[1] "shift-int8"
 * (as bench_kernels_main); returns the exit status. */
int bench_shift_int8_main(int argc, char **argv);

#endif
