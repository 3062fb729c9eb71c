/*
 * cifar.c — the official CIFAR-10 and CIFAR-100 binary formats.
 *
 * Owns: finding the binaries (the directory itself, or dir/cifar-10-batches-bin*\/
 * and dir/cifar-100-binary*\/ one level down) and reading them:
 *   CIFAR-10  data_batch_1..5.bin (train; data_batch_1.bin must exist, the
 *             others are read when present) and test_batch.bin; records of
 *             3073 bytes: label (0-9), then 1024 R, 1024 G, 1024 B bytes, each
 *             plane 32x32 row by row; class names from batches.meta.txt.
 *   CIFAR-100 train.bin / test.bin; records of 3074 bytes: coarse label
 *             (0-19), fine label (0-99), then the planes as above; class names
 *             from fine_label_names.txt.
 * The record count comes from the file size (the copies on this machine are
 * truncated), so a size that is not a whole number of records is an error, as
 * is a label out of range (naming the record's byte offset). Pixels are stored
 * HWC (RGB interleaved) in the dataset. Does not own: the JPEG copy of CIFAR-10
 * (image_folder.c) or the dispatch between the two (dataset.c).
 */
#include "nash_datasets.h"

#include "nash_kernels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CIFAR_SIDE 32
#define CIFAR_PLANE (CIFAR_SIDE * CIFAR_SIDE)
#define CIFAR_PIXELS (3 * CIFAR_PLANE)

typedef struct cifar_format {
    const char *name;          /* "CIFAR-10" */
    int label_bytes;           /* 1, or 2 (coarse, fine) */
    int classes, coarse_classes;
    const char *train[5];      /* train files, the first required */
    const char *test;
    const char *names_file;    /* class names, one per line */
    const char *subdir_prefix; /* "cifar-10-batches-bin" */
} cifar_format;

static const cifar_format cifar10_format = {
    .name = "CIFAR-10",
    .label_bytes = 1,
    .classes = 10,
    .train = {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
              "data_batch_5.bin"},
    .test = "test_batch.bin",
    .names_file = "batches.meta.txt",
    .subdir_prefix = "cifar-10-batches-bin",
};

static const cifar_format cifar100_format = {
    .name = "CIFAR-100",
    .label_bytes = 2,
    .classes = 100,
    .coarse_classes = 20,
    .train = {"train.bin"},
    .test = "test.bin",
    .names_file = "fine_label_names.txt",
    .subdir_prefix = "cifar-100-binary",
};

static const cifar_format *format_of(nash_data_kind kind)
{
    return kind == NASH_DATA_CIFAR100 ? &cifar100_format : &cifar10_format;
}

/* dir holds the format's first train file or its test file. */
static int holds_binaries(const cifar_format *f, const char *dir)
{
    char path[4096];
    return (nash_path_join(path, sizeof path, dir, f->train[0]) == 0 && nash_is_file(path)) ||
           (nash_path_join(path, sizeof path, dir, f->test) == 0 && nash_is_file(path));
}

int nash_cifar_find(nash_data_kind kind, const char *dir, char *out, size_t size)
{
    const cifar_format *f = format_of(kind);
    if (holds_binaries(f, dir)) {
        size_t len = strlen(dir);
        if (len >= size)
            return 0;
        memcpy(out, dir, len + 1);
        return 1;
    }
    int count;
    char **names = nash_list_dir(dir, 1, &count);
    if (!names) {
        nash_clear_error();
        return 0;
    }
    int found = 0;
    size_t prefix = strlen(f->subdir_prefix);
    for (int i = 0; i < count && !found; i++) {
        char sub[4096];
        if (strncmp(names[i], f->subdir_prefix, prefix) == 0 &&
            nash_path_join(sub, sizeof sub, dir, names[i]) == 0 && holds_binaries(f, sub))
            found = nash_path_join(out, size, dir, names[i]) == 0;
    }
    nash_free_names(names, count);
    return found;
}

/* Class names from the names file when it has exactly `classes` non-empty lines. */
static int load_class_names(nash_dataset *ds, const cifar_format *f, const char *dir)
{
    char path[4096];
    int count = 0;
    char **lines = NULL;
    if (nash_path_join(path, sizeof path, dir, f->names_file) == 0 && nash_is_file(path))
        lines = nash_read_lines(path, &count);
    nash_clear_error();
    int status;
    if (lines && count == f->classes) {
        status = nash_set_class_names(ds, (const char *const *)lines, f->classes);
        nash_source_append(ds, "names from %s", f->names_file);
    } else {
        if (lines)
            nash_source_append(ds, "%s ignored (%d names, expected %d)", f->names_file, count,
                               f->classes);
        status = nash_set_class_names(ds, f->classes == 10 ? nash_cifar10_class_names : NULL,
                                      f->classes);
    }
    nash_free_names(lines, count);
    return status;
}

/* Checks the file size; *records = size / record bytes. 1 if missing (and optional). */
static int measure(const char *path, int required, size_t record, int64_t *records)
{
    struct stat st;
    *records = 0;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return required ? nash_fail("file %s: missing (required)", path) : 1;
    int64_t bytes = (int64_t)st.st_size;
    if (bytes == 0)
        return nash_fail("file %s: empty (expected whole %zu-byte records)", path, record);
    if (bytes % (int64_t)record != 0)
        return nash_fail("file %s: size %lld is not a whole number of %zu-byte records "
                         "(%lld records + %lld bytes)",
                         path, (long long)bytes, record, (long long)(bytes / (int64_t)record),
                         (long long)(bytes % (int64_t)record));
    *records = bytes / (int64_t)record;
    return 0;
}

int nash_cifar_load(nash_dataset *ds, nash_data_kind kind, const char *bin_dir, int test_split)
{
    const cifar_format *f = format_of(kind);
    const size_t record = (size_t)f->label_bytes + CIFAR_PIXELS;
    const char *files[5];
    int n_files = 0;
    if (test_split)
        files[n_files++] = f->test;
    else
        for (int i = 0; i < 5 && f->train[i]; i++)
            files[n_files++] = f->train[i];

    /* Pass 1: sizes (a missing optional file is dropped from the list). */
    int64_t counts[5], total = 0;
    int present = 0;
    char path[4096];
    for (int i = 0; i < n_files; i++) {
        if (nash_path_join(path, sizeof path, bin_dir, files[i]) != 0)
            return -1;
        int status = measure(path, i == 0, record, &counts[present]);
        if (status < 0)
            return -1;
        if (status == 0) {
            files[present] = files[i];
            total += counts[present++];
        }
    }
    if (total > (int64_t)1 << 30)
        return nash_fail("directory %s: %lld records is more than nash handles", bin_dir,
                         (long long)total);

    /* (resource limit) the pixels of every record stay in memory, plus one file while it
     * is read: refuse before allocating when that exceeds the machine's physical memory
     * (a clear message instead of an OOM kill). */
    int64_t largest = 0;
    for (int i = 0; i < present; i++)
        largest = counts[i] > largest ? counts[i] : largest;
    const double need = (double)total * CIFAR_PIXELS + (double)largest * (double)record;
    const double have = nash_physical_memory_bytes();
    if (have > 0 && need > have)
        return nash_fail("directory %s: %lld records need %.1f GB, more than this machine's "
                         "%.1f GB of memory", bin_dir, (long long)total, need / 1e9, have / 1e9);

    ds->n = (int)total;
    ds->c = 3;
    ds->h = ds->w = CIFAR_SIDE;
    ds->pixels = malloc((size_t)total * CIFAR_PIXELS);
    ds->labels = malloc((size_t)total * sizeof *ds->labels);
    if (f->coarse_classes)
        ds->coarse = malloc((size_t)total * sizeof *ds->coarse);
    if (!ds->pixels || !ds->labels || (f->coarse_classes && !ds->coarse))
        return nash_fail("%s: out of memory for %lld images", f->name, (long long)total);
    nash_source_append(ds, "%s binary in %s", f->name, bin_dir);

    /* Pass 2: records -> HWC pixels and labels. */
    int64_t image = 0;
    for (int i = 0; i < present; i++) {
        if (nash_path_join(path, sizeof path, bin_dir, files[i]) != 0)
            return -1;
        uint8_t *data;
        size_t size;
        if (nash_read_file(path, &data, &size) != 0)
            return -1;
        if (size != (size_t)counts[i] * record) {
            free(data);
            return nash_fail("file %s: size changed while reading (%zu bytes, expected %lld)",
                             path, size, (long long)(counts[i] * (int64_t)record));
        }
        for (int64_t r = 0; r < counts[i]; r++, image++) {
            const uint8_t *rec = data + (size_t)r * record;
            long long offset = (long long)((size_t)r * record);
            if (f->coarse_classes) {
                if (rec[0] >= f->coarse_classes) {
                    nash_fail("file %s: record %lld at byte offset %lld: coarse label %d out of "
                              "range 0..%d", path, (long long)r, offset, rec[0],
                              f->coarse_classes - 1);
                    free(data);
                    return -1;
                }
                ds->coarse[image] = rec[0];
            }
            int label = rec[f->label_bytes - 1];
            if (label >= f->classes) {
                nash_fail("file %s: record %lld at byte offset %lld: %slabel %d out of range "
                          "0..%d", path, (long long)r, offset, f->coarse_classes ? "fine " : "",
                          label, f->classes - 1);
                free(data);
                return -1;
            }
            ds->labels[image] = label;
            const uint8_t *planes = rec + f->label_bytes;
            uint8_t *hwc = ds->pixels + (size_t)image * CIFAR_PIXELS;
            for (int p = 0; p < CIFAR_PLANE; p++) {
                hwc[3 * p + 0] = planes[p];
                hwc[3 * p + 1] = planes[CIFAR_PLANE + p];
                hwc[3 * p + 2] = planes[2 * CIFAR_PLANE + p];
            }
        }
        free(data);
        nash_source_append(ds, "%s (%lld records)", files[i], (long long)counts[i]);
    }
    return load_class_names(ds, f, bin_dir);
}
