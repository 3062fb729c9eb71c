/*
 * nash_datasets.h — the one public header of datasets/: loaders for the
 * official dataset formats, the in-memory uint8 cache, normalisation,
 * seeded augmentation and shuffled batching with a prefetch thread.
 *
 * Owns: reading CIFAR-10/100 binaries, ImageFolder trees (JPEG/PNG via
 * stb_image), the Tiny-ImageNet layout and nash's packed sample file; where
 * the data directory comes from; turning images into normalised blocked
 * (nChw16c) batches. Does not own: networks or training (runtime/, tools/).
 *
 * Worked example:
 *
 *     char dir[4096]; const char *how;
 *     nash_data_dir_resolve(flag_data, "cifar10", dir, sizeof dir, &how);
 *     nash_dataset train, test;
 *     if (nash_dataset_load(&train, NASH_DATA_CIFAR10, dir, "train", 0) != 0) die();
 *     nash_loader *ld = nash_loader_create(&train, &(nash_loader_config){
 *         .batch = 128, .shuffle = 1, .augment = 1, .drop_last = 1, .seed = 1,
 *         .mean = {..}, .std = {..}});
 *     nash_loader_start_epoch(ld, epoch);
 *     int n; while ((n = nash_loader_next(ld, blocked, labels)) > 0) train_step(n);
 *
 * Determinism: the order and the augmentation of epoch e depend only on
 * (seed, e) — never on thread timing — so a run resumed at epoch e sees
 * exactly the batches the uninterrupted run saw.
 */
#ifndef NASH_DATASETS_H
#define NASH_DATASETS_H

#include <stddef.h>
#include <stdint.h>

#include "nash_runtime.h"

typedef enum nash_data_kind {
    NASH_DATA_CIFAR10 = 0, /* official binary batches (data_batch_*.bin, test_batch.bin) or a JPEG tree */
    NASH_DATA_CIFAR100,    /* official binary (train.bin, test.bin), fine + coarse labels */
    NASH_DATA_TINYIMAGENET, /* official layout: wnids.txt, train/<wnid>/images, val/val_annotations.txt */
    NASH_DATA_FOLDER,      /* ImageFolder: <dir>/<split>/<class>/<image> */
    NASH_DATA_SAMPLE,      /* nash's packed sample (datasets/sample/), shipped in the repo */
    NASH_DATA_KIND_COUNT
} nash_data_kind;
extern const char *const nash_data_kind_names[NASH_DATA_KIND_COUNT];
/* "cifar10" -> NASH_DATA_CIFAR10 etc.; -1 with a message listing the names if unknown. */
int nash_data_kind_parse(const char *name);

/* A decoded split, kept compact in memory. */
typedef struct nash_dataset {
    nash_data_kind kind;
    int n;              /* images */
    int c, h, w;        /* channels (always 3), height, width */
    int classes;
    uint8_t *pixels;    /* n * h * w * c bytes, each image HWC (RGB interleaved) */
    int32_t *labels;    /* n; fine labels for CIFAR-100 */
    int32_t *coarse;    /* CIFAR-100 coarse labels (20 classes), else NULL */
    char **class_names; /* classes entries (may be generated "0", "1", ... when unknown) */
    int skipped;        /* undecodable images skipped (0 with strict) */
    char source[1024];  /* human-readable: which files/dirs were read */
} nash_dataset;

/*
 * Loads split "train" or "test" (Tiny-ImageNet: "val" == "test") of `kind` from dir.
 *  - CIFAR-10 binary: dir holds data_batch_1..5.bin / test_batch.bin, or
 *    cifar-10-batches-bin*\/ inside dir; if no binary is found but dir (or
 *    dir/cifar-10-jpeg) has train/<class>/ folders, the JPEG tree is read
 *    instead (the complete CIFAR-10 copy we have is such a tree).
 *  - The record count comes from the file size; a size that is not a whole
 *    number of records, a label out of range or a missing file is an error
 *    naming the file and byte offset.
 *  - Corrupt/undecodable images: skipped and counted (ds->skipped, and one
 *    warning line on stderr with the count), or an error naming the file when
 *    strict != 0. Grayscale images become 3 channels; images whose size
 *    differs from the first one are an error naming the file and both sizes.
 * Returns 0, or -1 with a message.
 */
int nash_dataset_load(nash_dataset *ds, nash_data_kind kind, const char *dir, const char *split,
                      int strict);
void nash_dataset_free(nash_dataset *ds);

/*
 * The data directory: `flag` (--data) if given, else $NASH_DATA, else ./data,
 * else ../shared/datasets (when it exists), else the sample shipped in the
 * repo (<repo>/datasets/sample, found relative to the executable's path
 * /proc/self/exe -> ../datasets/sample, or ./datasets/sample).
 * `kind_name` lets the resolver descend into the dataset's usual sub-folder
 * when the directory is a collection (e.g. ../shared/datasets/cifar-10-jpeg).
 * *how says which rule chose it ("--data", "$NASH_DATA", "./data",
 * "../shared/datasets", "shipped sample"). The sample is used only when no
 * other rule found a directory; then *kind_out (if non-NULL) becomes
 * NASH_DATA_SAMPLE. Returns 0 or -1.
 */
int nash_data_dir_resolve(const char *flag, const char *kind_name, char *out, size_t size,
                          const char **how, nash_data_kind *kind_out);

/* Per-channel mean and std of the pixels scaled to [0, 1] (over the whole split). */
void nash_dataset_mean_std(const nash_dataset *ds, float mean[3], float std[3]);

/* ------------------------------------------------------------------------- */
/* Batching                                                                   */

typedef struct nash_loader_config {
    int batch;
    int shuffle;      /* new permutation each epoch from (seed, epoch) */
    int augment;      /* random crop from a zero-padded image + horizontal flip p = 0.5 */
    int crop_pad;     /* padding for the random crop (default 4 when 0 and augment) */
    int drop_last;    /* drop the final partial batch */
    uint64_t seed;
    float mean[3], std[3]; /* normalisation: (pixel/255 - mean) / std */
    int prefetch;     /* 1: a background thread prepares the next batch (default on: set -1 to disable) */
} nash_loader_config;

typedef struct nash_loader nash_loader;

nash_loader *nash_loader_create(const nash_dataset *ds, const nash_loader_config *cfg);
void nash_loader_free(nash_loader *ld);
/* Batches per epoch under this config. */
int nash_loader_batches(const nash_loader *ld);
/* Starts epoch `epoch` (0-based): order and augmentation from (seed, epoch). */
void nash_loader_start_epoch(nash_loader *ld, int epoch);
/* Writes the next batch as blocked (n, 3, H, W) floats into `images` (pad lanes zero)
 * and its labels; returns n (0 when the epoch is over). */
int nash_loader_next(nash_loader *ld, float *images, int32_t *labels);

/* ------------------------------------------------------------------------- */
/* Internal to datasets/: what the format readers share. Not for callers.     */
/* (cifar.c, image_folder.c, sample_pack.c; helpers in dataset.c)             */

/* One image to decode: a file (path) or bytes already in memory (bytes, size). */
typedef struct nash_image_ref {
    const char *path;     /* file to read, or the name used in messages when bytes != NULL */
    const uint8_t *bytes; /* NULL: read path */
    size_t size;
    int32_t label;
} nash_image_ref;

/* Decodes refs in parallel (OpenMP over images, result order = refs order) into
 * ds->pixels/labels/n/h/w/c; need_h/need_w > 0 force that size, else the first
 * decodable image sets it. Undecodable: skipped + counted + one warning naming
 * `where`, or an error when strict. A size mismatch is always an error. */
int nash_images_decode(nash_dataset *ds, const nash_image_ref *refs, int n, const char *where,
                       int need_h, int need_w, int strict);
/* Whole file into a malloc'd buffer (*data freed by the caller), followed by a NUL
 * byte not counted in *size, so text can be used as a string. 0 or -1 (message). */
int nash_read_file(const char *path, uint8_t **data, size_t *size);
/* Sorted (strcmp) names in dir, without "." entries; dirs != 0: subdirectories only,
 * else regular files only. Returns a malloc'd array (free with nash_free_names) or NULL + message. */
char **nash_list_dir(const char *dir, int dirs, int *count);
void nash_free_names(char **names, int count);
/* Streams a text file: fn gets every trimmed, non-empty line (NUL-terminated,
 * writable until fn returns) and its 1-based line number; a non-zero return
 * stops the read and is returned. Lines longer than NASH_LINE_MAX bytes or
 * containing a NUL byte are refused with the line number and byte offset, so
 * a binary or multi-GB file is never read whole. 0 or -1 (message). */
#define NASH_LINE_MAX 65536
typedef int (*nash_line_fn)(char *line, int lineno, void *user);
int nash_for_each_line(const char *path, nash_line_fn fn, void *user);
/* The text lines of a file, trimmed, empty lines dropped (NULL + message on
 * error), read through nash_for_each_line; refused when the kept lines would
 * need more than half of physical memory. */
char **nash_read_lines(const char *path, int *count);
int nash_is_dir(const char *path);
int nash_is_file(const char *path);
/* snprintf(out, size, "%s/%s", a, b); -1 with a message when it does not fit. */
int nash_path_join(char *out, size_t size, const char *a, const char *b);
/* Appends to ds->source ("; "-separated, truncated with "..." when full). */
void nash_source_append(nash_dataset *ds, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* ds->class_names from a list (NULL: "0", "1", ...). 0 or -1. */
int nash_set_class_names(nash_dataset *ds, const char *const *names, int classes);

extern const char *const nash_cifar10_class_names[10];

/* cifar.c: the directory holding the binaries for kind (dir itself or dir/cifar-10-batches-bin*,
 * dir/cifar-100-binary*) -> 1 and out; 0 when there is none. */
int nash_cifar_find(nash_data_kind kind, const char *dir, char *out, size_t size);
int nash_cifar_load(nash_dataset *ds, nash_data_kind kind, const char *bin_dir, int test_split);
/* image_folder.c */
/* The CIFAR-10 JPEG tree base (dir or dir/cifar-10-jpeg, holding train/airplane/) -> 1; else 0. */
int nash_cifar_jpeg_find(const char *dir, char *out, size_t size);
/* root/<class>/<image>; class_names NULL: every subfolder, sorted by name. */
int nash_image_folder_load(nash_dataset *ds, const char *root, const char *const *class_names,
                           int classes, int strict);
int nash_tinyimagenet_load(nash_dataset *ds, const char *dir, int test_split, int strict);
/* sample_pack.c: path is the .pack file or a directory holding cifar10-sample.pack. */
int nash_sample_pack_load(nash_dataset *ds, const char *path, int test_split, int strict);
#define NASH_SAMPLE_PACK_NAME "cifar10-sample.pack"

#endif /* NASH_DATASETS_H */
