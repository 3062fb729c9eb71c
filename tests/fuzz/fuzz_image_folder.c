/*
 * fuzz_image_folder.c — libFuzzer harness for the image-file readers
 * (datasets/image_folder.c): the stb_image decoding path and the file lists
 * of Tiny-ImageNet and ImageFolder trees.
 *
 * Owns: turning one fuzz input into image bytes or a small directory tree and
 * checking the result. Byte 0 chooses the mode (bit 2: strict), the rest is
 * split at NUL bytes into parts (fuzz_split):
 *   mode 0  nash_images_decode on bytes in memory: byte 1 says where to cut
 *           the rest into two images (0: one image) — JPEG/PNG/PPM/BMP/GIF/...
 *   mode 1  Tiny-ImageNet val: part 0 = wnids.txt, part 1 =
 *           val/val_annotations.txt, part 2 = the bytes of val/images/a.JPEG
 *           and val/images/b.png (names in the annotations with '/' are
 *           dropped so the reader stays inside the scratch directory)
 *   mode 2  Tiny-ImageNet train: part 0 = wnids.txt; each of the first 4 wnids
 *           that is a plain file name gets train/<wnid>/images/0.JPEG = part 2
 *   mode 3  ImageFolder: part 0 lines name up to 4 class folders, each holding
 *           part 1 as x.ppm and part 2 as y.jpg
 * Invariants on success: n > 0, h, w > 0, c == 3, labels in [0, classes),
 * every class named, n + skipped == files found.
 * fuzz_image_folder_one() is also called by tests/test_fuzz_regressions.c.
 */
#include "fuzz_util.h"

#include "nash_datasets.h"
#include "nash_kernels.h"

static char fuzz_image_dir[512];

static void fuzz_image_cleanup(void)
{
    fuzz_scratch_remove(fuzz_image_dir);
}

/* The lines of text that are usable single path components (no '/', not "." or ".."). */
static int fuzz_image_names(const uint8_t *text, size_t size, char names[4][64])
{
    int n = 0;
    size_t begin = 0;
    for (size_t i = 0; i <= size && n < 4; i++) {
        if (i < size && text[i] != '\n')
            continue;
        size_t len = i - begin;
        const char *line = (const char *)text + begin;
        begin = i + 1;
        while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
            len--;
        while (len && (*line == ' ' || *line == '\t'))
            line++, len--;
        if (len == 0 || len >= 64 || memchr(line, '/', len) || memchr(line, '\0', len) ||
            (len == 1 && line[0] == '.') || (len == 2 && line[0] == '.' && line[1] == '.'))
            continue;
        memcpy(names[n], line, len);
        names[n++][len] = '\0';
    }
    return n;
}

static void fuzz_image_check(const nash_dataset *ds, int classes)
{
    if (ds->n <= 0 || ds->h <= 0 || ds->w <= 0 || ds->c != 3 || !ds->pixels || !ds->labels ||
        ds->skipped < 0) {
        fprintf(stderr, "fuzz_image_folder: bad dataset n=%d %dx%dx%d\n", ds->n, ds->h, ds->w,
                ds->c);
        abort();
    }
    for (int i = 0; i < ds->n; i++)
        if (ds->labels[i] < 0 || (classes > 0 && ds->labels[i] >= classes)) {
            fprintf(stderr, "fuzz_image_folder: image %d: label %d of %d classes\n", i,
                    ds->labels[i], classes);
            abort();
        }
    /* touch every pixel: a short buffer shows up under ASan */
    unsigned sum = 0;
    for (size_t i = 0; i < (size_t)ds->n * (size_t)ds->h * (size_t)ds->w * 3; i++)
        sum += ds->pixels[i];
    (void)sum;
}

int fuzz_image_folder_one(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    if (!fuzz_image_dir[0])
        atexit(fuzz_image_cleanup);
    const int mode = data[0] & 3, strict = (data[0] >> 2) & 1;
    nash_dataset ds;
    memset(&ds, 0, sizeof ds);

    if (mode == 0) {
        const uint8_t *images = data + 2;
        size_t bytes = size - 2, cut = bytes * data[1] / 256;
        nash_image_ref refs[2] = {
            {.path = "mem0", .bytes = images, .size = cut ? cut : bytes, .label = 0},
            {.path = "mem1", .bytes = images + cut, .size = bytes - cut, .label = 1},
        };
        int n = cut ? 2 : 1;
        if (nash_images_decode(&ds, refs, n, "fuzz", 0, 0, strict) == 0) {
            fuzz_image_check(&ds, 2);
            if (ds.n + ds.skipped != n)
                abort();
        }
        nash_dataset_free(&ds);
        nash_clear_error();
        fuzz_check_rss("fuzz_image_folder");
        return 0;
    }

    const char *dir = fuzz_scratch_dir("image", fuzz_image_dir, sizeof fuzz_image_dir);
    const uint8_t *part[3] = {NULL, NULL, NULL};
    size_t len[3] = {0, 0, 0};
    int parts = fuzz_split(data + 1, size - 1, 3, part, len);
    for (int i = parts; i < 3; i++)
        part[i] = data + size, len[i] = 0;
    char names[4][64];
    int rc, classes = 0;
    if (mode == 1 || mode == 2) {
        fuzz_write_file(dir, "wnids.txt", part[0], len[0]);
        if (mode == 1) {
            /* annotations naming files outside val/images would read the host's files */
            for (size_t i = 0; i < len[1]; i++)
                if (part[1][i] == '/')
                    return 0;
            fuzz_mkdirs(dir, "val/images");
            fuzz_write_file(dir, "val/val_annotations.txt", part[1], len[1]);
            fuzz_write_file(dir, "val/images/a.JPEG", part[2], len[2]);
            fuzz_write_file(dir, "val/images/b.png", part[2], len[2]);
        } else {
            int n = fuzz_image_names(part[0], len[0], names);
            for (int k = 0; k < n; k++) {
                char rel[320];
                snprintf(rel, sizeof rel, "train/%s/images", names[k]);
                if (fuzz_mkdirs(dir, rel) == 0) {
                    strcat(rel, "/0.JPEG");
                    fuzz_write_file(dir, rel, part[2], len[2]);
                }
            }
        }
        rc = nash_tinyimagenet_load(&ds, dir, mode == 1, strict);
        classes = ds.classes;
    } else {
        int n = fuzz_image_names(part[0], len[0], names);
        for (int k = 0; k < n; k++) {
            char rel[320];
            if (fuzz_mkdirs(dir, names[k]) != 0)
                continue;
            snprintf(rel, sizeof rel, "%s/x.ppm", names[k]);
            fuzz_write_file(dir, rel, part[1], len[1]);
            snprintf(rel, sizeof rel, "%s/y.jpg", names[k]);
            fuzz_write_file(dir, rel, part[2], len[2]);
        }
        rc = nash_image_folder_load(&ds, dir, NULL, 0, strict);
        classes = ds.classes;
    }
    if (rc == 0) {
        fuzz_image_check(&ds, classes);
        for (int k = 0; k < classes; k++)
            if (!ds.class_names || !ds.class_names[k])
                abort();
    } else if (!nash_last_error()[0]) {
        fprintf(stderr, "fuzz_image_folder: load failed without a message\n");
        abort();
    }
    nash_dataset_free(&ds);
    nash_clear_error();
    fuzz_check_rss("fuzz_image_folder");
    return 0;
}

#ifndef NASH_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_image_folder_one(data, size);
}
#endif
