/*
 * fuzz_cifar.c — libFuzzer harness for the CIFAR-10/100 binary reader
 * (datasets/cifar.c, through nash_dataset_load's dispatch in dataset.c).
 *
 * Owns: turning one fuzz input into a CIFAR directory and checking what the
 * reader returns. Input layout: byte 0 chooses the format and split
 *   bits 0-1: 0 CIFAR-10 train (data_batch_1.bin), 1 CIFAR-10 test
 *             (test_batch.bin), 2 CIFAR-100 train (train.bin), 3 CIFAR-100 test
 *   bit 2:    the bytes up to the first NUL are the class-names file
 *             (batches.meta.txt / fine_label_names.txt), the rest the binary
 *   bit 3:    CIFAR-10 train only: the binary is split in two halves,
 *             data_batch_1.bin and data_batch_2.bin
 * and the rest is the file. Invariants checked on success: n > 0, 32x32x3,
 * every label (and coarse label) in range, class names all set.
 * fuzz_cifar_one() is also called by tests/test_fuzz_regressions.c (built with
 * NASH_FUZZ_NO_MAIN). Does not own: the reader.
 */
#include "fuzz_util.h"

#include "nash_datasets.h"
#include "nash_kernels.h"

static char fuzz_cifar_dir[512];

static void fuzz_cifar_cleanup(void)
{
    fuzz_scratch_remove(fuzz_cifar_dir);
}

int fuzz_cifar_one(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (!fuzz_cifar_dir[0])
        atexit(fuzz_cifar_cleanup);
    const char *dir = fuzz_scratch_dir("cifar", fuzz_cifar_dir, sizeof fuzz_cifar_dir);
    const int mode = data[0] & 3, with_names = data[0] & 4, two_files = data[0] & 8;
    const nash_data_kind kind = mode < 2 ? NASH_DATA_CIFAR10 : NASH_DATA_CIFAR100;
    const int test_split = mode & 1;
    data++, size--;

    const uint8_t *part[2];
    size_t len[2];
    const uint8_t *bin = data;
    size_t bin_size = size;
    if (with_names && fuzz_split(data, size, 2, part, len) == 2) {
        const char *names = kind == NASH_DATA_CIFAR10 ? "batches.meta.txt" : "fine_label_names.txt";
        fuzz_write_file(dir, names, part[0], len[0]);
        bin = part[1];
        bin_size = len[1];
    }
    const char *file = kind == NASH_DATA_CIFAR10
                           ? (test_split ? "test_batch.bin" : "data_batch_1.bin")
                           : (test_split ? "test.bin" : "train.bin");
    if (two_files && kind == NASH_DATA_CIFAR10 && !test_split) {
        fuzz_write_file(dir, "data_batch_1.bin", bin, bin_size / 2);
        fuzz_write_file(dir, "data_batch_2.bin", bin + bin_size / 2, bin_size - bin_size / 2);
    } else {
        fuzz_write_file(dir, file, bin, bin_size);
    }

    nash_dataset ds;
    memset(&ds, 0, sizeof ds);
    if (nash_dataset_load(&ds, kind, dir, test_split ? "test" : "train", 0) == 0) {
        const int classes = kind == NASH_DATA_CIFAR10 ? 10 : 100;
        if (ds.n <= 0 || ds.h != 32 || ds.w != 32 || ds.c != 3 || ds.classes != classes ||
            !ds.pixels || !ds.labels || !ds.class_names) {
            fprintf(stderr, "fuzz_cifar: bad dataset n=%d %dx%dx%d classes=%d\n", ds.n, ds.h, ds.w,
                    ds.c, ds.classes);
            abort();
        }
        for (int i = 0; i < ds.n; i++) {
            if (ds.labels[i] < 0 || ds.labels[i] >= classes ||
                (ds.coarse && (ds.coarse[i] < 0 || ds.coarse[i] >= 20))) {
                fprintf(stderr, "fuzz_cifar: image %d: label %d out of range\n", i, ds.labels[i]);
                abort();
            }
        }
        for (int k = 0; k < ds.classes; k++)
            if (!ds.class_names[k]) {
                fprintf(stderr, "fuzz_cifar: class %d has no name\n", k);
                abort();
            }
        float mean[3], std[3];
        nash_dataset_mean_std(&ds, mean, std);
    } else if (!nash_last_error()[0]) {
        fprintf(stderr, "fuzz_cifar: load failed without a message\n");
        abort();
    }
    nash_dataset_free(&ds);
    nash_clear_error();
    fuzz_check_rss("fuzz_cifar");
    return 0;
}

#ifndef NASH_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_cifar_one(data, size);
}
#endif
