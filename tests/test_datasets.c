/*
 * test_datasets.c — datasets/: readers, data-directory rules, mean/std, loader.
 *
 * Owns: the checks of datasets/. Every fixture is written at test time into
 * a fresh mkdtemp directory (removed afterwards); nothing under /work/shared is
 * read. Covered: CIFAR-10/100 binaries with known pixels (HWC order, labels,
 * coarse labels, class names, the one-level-up directory), a truncated file
 * (the size arithmetic in the message), a bad label (its byte offset), a
 * missing file; an ImageFolder tree (PNGs written with stb_image_write,
 * flat-colour JPEGs with the small encoder below) (sorted
 * classes, a grayscale PNG that becomes 3 equal channels, a corrupt .jpg
 * skipped and counted, or refused with strict, a size mismatch refused); the
 * CIFAR-10 JPEG tree with the official class order; a Tiny-ImageNet layout
 * (wnids.txt order, val_annotations.txt labels); the sample pack (a good pack,
 * truncated/bad magic/bad version/bad label/trailing bytes/wrong image size
 * refused, and the shipped pack when present); data-directory resolution order
 * (--data, $NASH_DATA, ./data, ../shared/datasets with the preferred
 * sub-folder, the shipped sample); mean/std on known pixels; the loader
 * (exact normalised values without augmentation, pad lanes written as zero,
 * drop_last counts, prefetch on/off identical, epochs differ, resuming at an
 * epoch gives its batches, shuffle is a permutation, crops are shifts of at
 * most crop_pad with the pixel-space zero padding, flips happen).
 */
#define _GNU_SOURCE /* nftw, mkdtemp */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nash_datasets.h"
#include "nash_io.h"
#include "nash_kernels.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#define STB_IMAGE_WRITE_STATIC /* private copy: no clash with any other user */
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop

/* ------------------------------------------------------------------------- */
/* Fixture helpers                                                            */

static char tmp[512]; /* absolute, fresh per test */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void setup(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/nash-datasets-XXXXXX");
    cr_assert(mkdtemp(tmp) != NULL, "mkdtemp: %s", strerror(errno));
    unsetenv("NASH_DATA");
}

static void teardown(void)
{
    if (chdir("/") != 0) { /* leave the tree before removing it */
    }
    nftw(tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(datasets, .init = setup, .fini = teardown);

/* path = tmp/rel (rel may contain '/'), parent folders created. */
static const char *at(const char *rel)
{
    static char path[8][1024];
    static int next;
    char *p = path[next++ % 8];
    int len = snprintf(p, sizeof path[0], "%s/%s", tmp, rel);
    cr_assert(len > 0 && (size_t)len < sizeof path[0], "path too long: %s/%s", tmp, rel);
    for (char *s = p + strlen(tmp) + 1; *s; s++)
        if (*s == '/') {
            *s = '\0';
            mkdir(p, 0755);
            *s = '/';
        }
    return p;
}

static void make_dir(const char *rel)
{
    char path[512];
    int len = snprintf(path, sizeof path, "%s/x", rel);
    cr_assert(len > 0 && (size_t)len < sizeof path);
    at(path); /* creates rel itself, as the parent of x */
}

static void write_bytes(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    cr_assert(f, "cannot write %s", path);
    cr_assert_eq(fwrite(data, 1, size, f), size);
    fclose(f);
}

static void write_text(const char *rel, const char *text)
{
    write_bytes(at(rel), text, strlen(text));
}

/* CIFAR pixel (record r of file seed s, channel c, row y, column x). */
static uint8_t cifar_value(int s, int r, int c, int y, int x)
{
    return (uint8_t)(s * 101 + r * 37 + c * 59 + y * 7 + x * 3);
}

/* A CIFAR binary: `count` records with the given labels (coarse NULL for CIFAR-10). */
static void write_cifar(const char *rel, int s, int count, const uint8_t *coarse, const uint8_t *fine)
{
    int label_bytes = coarse ? 2 : 1;
    size_t record = (size_t)label_bytes + 3072;
    uint8_t *data = malloc(record * (size_t)count);
    for (int r = 0; r < count; r++) {
        uint8_t *rec = data + record * (size_t)r;
        if (coarse)
            rec[0] = coarse[r];
        rec[label_bytes - 1] = fine[r];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 32; y++)
                for (int x = 0; x < 32; x++)
                    rec[label_bytes + c * 1024 + y * 32 + x] = cifar_value(s, r, c, y, x);
    }
    write_bytes(at(rel), data, record * (size_t)count);
    free(data);
}

static void check_cifar_image(const nash_dataset *ds, int image, int s, int r)
{
    for (int y = 0; y < 32; y++)
        for (int x = 0; x < 32; x++)
            for (int c = 0; c < 3; c++)
                cr_assert_eq(ds->pixels[(((size_t)image * 32 + y) * 32 + x) * 3 + c],
                             cifar_value(s, r, c, y, x), "image %d pixel (%d,%d,%d)", image, y, x, c);
}

/* An RGB w x h image whose pixels encode (tag, y, x). */
static void pattern(uint8_t *px, int w, int h, int tag)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            for (int c = 0; c < 3; c++)
                px[(y * w + x) * 3 + c] = (uint8_t)(tag * 40 + y * 9 + x * 5 + c * 70);
}

static void write_png(const char *rel, int w, int h, int tag)
{
    uint8_t px[64 * 64 * 3];
    pattern(px, w, h, tag);
    cr_assert(stbi_write_png(at(rel), w, h, 3, px, w * 3));
}

static void check_pattern(const nash_dataset *ds, int image, int tag)
{
    uint8_t px[64 * 64 * 3];
    pattern(px, ds->w, ds->h, tag);
    size_t bytes = (size_t)ds->w * ds->h * 3;
    cr_assert(memcmp(ds->pixels + bytes * (size_t)image, px, bytes) == 0, "image %d != pattern %d",
              image, tag);
}

typedef struct buffer {
    uint8_t *data;
    size_t size, cap;
} buffer;

static void put(buffer *b, const void *data, size_t size)
{
    if (b->size + size > b->cap) {
        b->cap = (b->size + size) * 2;
        b->data = realloc(b->data, b->cap);
    }
    memcpy(b->data + b->size, data, size);
    b->size += size;
}
static void put_u8(buffer *b, uint32_t v) { uint8_t x = (uint8_t)v; put(b, &x, 1); }
static void put_u32(buffer *b, uint32_t v)
{
    uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    put(b, x, 4);
}

static void put_u16be(buffer *b, uint32_t v) { put_u8(b, v >> 8); put_u8(b, v & 255); }

/*
 * A baseline JPEG of a flat colour (w, h multiples of 8), written here rather
 * than with stbi_write_jpg: stb_image_write's JPEG bit writer shifts a signed
 * int into the sign bit (stbiw__jpg_writeBits, `bitBuf <<= 8`), which the
 * SANITIZE=1 build (-fno-sanitize-recover=undefined) turns into an abort.
 * Flat blocks need only DC coefficients: quantisation table all 1, the
 * standard luminance DC Huffman table, an AC table holding only EOB.
 */
typedef struct bit_writer {
    buffer *out;
    uint32_t acc;
    int bits;
} bit_writer;

static void put_bits(bit_writer *w, uint32_t code, int length)
{
    for (int i = length - 1; i >= 0; i--) {
        w->acc = (w->acc << 1) | ((code >> i) & 1u);
        if (++w->bits == 8) {
            put_u8(w->out, w->acc);
            if ((w->acc & 255) == 255)
                put_u8(w->out, 0); /* byte stuffing */
            w->acc = 0;
            w->bits = 0;
        }
    }
}

static void flat_jpeg(buffer *b, int w, int h, const uint8_t rgb[3])
{
    static const uint8_t dc_bits[16] = {0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
    static const uint16_t dc_code[12] = {0x0, 0x2, 0x3, 0x4, 0x5, 0x6, 0xe, 0x1e, 0x3e, 0x7e, 0xfe, 0x1fe};
    static const uint8_t dc_length[12] = {2, 3, 3, 3, 3, 3, 4, 5, 6, 7, 8, 9};
    const double r = rgb[0], g = rgb[1], bl = rgb[2];
    const double ycc[3] = {0.299 * r + 0.587 * g + 0.114 * bl,
                           128.0 - 0.168736 * r - 0.331264 * g + 0.5 * bl,
                           128.0 + 0.5 * r - 0.418688 * g - 0.081312 * bl};
    put_u16be(b, 0xFFD8); /* SOI */
    put_u16be(b, 0xFFDB); /* DQT: table 0, all ones */
    put_u16be(b, 67);
    put_u8(b, 0);
    for (int i = 0; i < 64; i++)
        put_u8(b, 1);
    put_u16be(b, 0xFFC0); /* SOF0: 8-bit, 3 components 1x1 */
    put_u16be(b, 17);
    put_u8(b, 8);
    put_u16be(b, (uint32_t)h);
    put_u16be(b, (uint32_t)w);
    put_u8(b, 3);
    for (int c = 0; c < 3; c++) {
        put_u8(b, (uint32_t)c + 1);
        put_u8(b, 0x11);
        put_u8(b, 0);
    }
    put_u16be(b, 0xFFC4); /* DHT: DC table 0 and AC table 0 (EOB only, code '0') */
    put_u16be(b, 2 + 1 + 16 + 12 + 1 + 16 + 1);
    put_u8(b, 0x00);
    put(b, dc_bits, 16);
    for (int v = 0; v < 12; v++)
        put_u8(b, (uint32_t)v);
    put_u8(b, 0x10);
    put_u8(b, 1);
    for (int i = 1; i < 16; i++)
        put_u8(b, 0);
    put_u8(b, 0x00);
    put_u16be(b, 0xFFDA); /* SOS */
    put_u16be(b, 12);
    put_u8(b, 3);
    for (int c = 0; c < 3; c++) {
        put_u8(b, (uint32_t)c + 1);
        put_u8(b, 0x00);
    }
    put_u8(b, 0);
    put_u8(b, 63);
    put_u8(b, 0);
    bit_writer bw = {.out = b};
    int previous[3] = {0, 0, 0};
    for (int block = 0; block < (w / 8) * (h / 8); block++)
        for (int c = 0; c < 3; c++) {
            int level = (int)lround(ycc[c]);
            level = level < 0 ? 0 : level > 255 ? 255 : level;
            int dc = 8 * (level - 128), diff = dc - previous[c];
            previous[c] = dc;
            int magnitude = abs(diff), category = 0;
            while (magnitude >> category)
                category++;
            put_bits(&bw, dc_code[category], dc_length[category]);
            if (category)
                put_bits(&bw, (uint32_t)(diff < 0 ? diff - 1 : diff) & ((1u << category) - 1), category);
            put_bits(&bw, 0, 1); /* EOB */
        }
    while (bw.bits)
        put_bits(&bw, 1, 1); /* pad with ones */
    put_u16be(b, 0xFFD9); /* EOI */
}

static void write_flat_jpg(const char *path, int w, int h, const uint8_t rgb[3])
{
    buffer jpeg = {0};
    flat_jpeg(&jpeg, w, h, rgb);
    write_bytes(path, jpeg.data, jpeg.size);
    free(jpeg.data);
}

static int contains(const char *text, const char *part)
{
    return strstr(text, part) != NULL;
}
#define assert_error_has(part)                                                                  \
    cr_assert(contains(nash_last_error(), part), "error '%s' lacks '%s'", nash_last_error(), part)

/* ------------------------------------------------------------------------- */
/* Kind names                                                                 */

Test(datasets, kind_names_round_trip)
{
    for (int k = 0; k < NASH_DATA_KIND_COUNT; k++)
        cr_assert_eq(nash_data_kind_parse(nash_data_kind_names[k]), k);
    cr_assert_eq(nash_data_kind_parse("imagenet"), -1);
    assert_error_has("cifar10, cifar100, tinyimagenet, folder, sample");
}

/* ------------------------------------------------------------------------- */
/* CIFAR binaries                                                             */

Test(datasets, cifar10_binary_pixels_labels_names)
{
    const uint8_t l1[3] = {6, 9, 1}, l3[2] = {0, 4}, lt[2] = {3, 8};
    write_cifar("data_batch_1.bin", 1, 3, NULL, l1);
    write_cifar("data_batch_3.bin", 3, 2, NULL, l3); /* 2, 4, 5 absent: fine */
    write_cifar("test_batch.bin", 9, 2, NULL, lt);
    write_text("batches.meta.txt",
               "airplane  \nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n");
    nash_dataset ds;
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_CIFAR10, tmp, "train", 0), 0, "%s",
                 nash_last_error());
    cr_assert_eq(ds.n, 5);
    cr_assert_eq(ds.c, 3);
    cr_assert_eq(ds.h, 32);
    cr_assert_eq(ds.w, 32);
    cr_assert_eq(ds.classes, 10);
    cr_assert_null(ds.coarse);
    const int32_t labels[5] = {6, 9, 1, 0, 4};
    for (int i = 0; i < 5; i++)
        cr_assert_eq(ds.labels[i], labels[i]);
    for (int r = 0; r < 3; r++)
        check_cifar_image(&ds, r, 1, r);
    for (int r = 0; r < 2; r++)
        check_cifar_image(&ds, 3 + r, 3, r);
    cr_assert_str_eq(ds.class_names[0], "airplane");
    cr_assert_str_eq(ds.class_names[9], "truck");
    cr_assert(contains(ds.source, "data_batch_1.bin") && contains(ds.source, "data_batch_3.bin"),
              "%s", ds.source);
    cr_assert(!contains(ds.source, "data_batch_2.bin"), "%s", ds.source);
    nash_dataset_free(&ds);
    cr_assert_null(ds.pixels);

    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_CIFAR10, tmp, "val", 0), 0, "%s", nash_last_error());
    cr_assert_eq(ds.n, 2);
    cr_assert_eq(ds.labels[1], 8);
    check_cifar_image(&ds, 1, 9, 1);
    cr_assert(contains(ds.source, "test_batch.bin"));
    nash_dataset_free(&ds);
}

Test(datasets, cifar10_binary_one_level_up)
{
    const uint8_t l[2] = {2, 7};
    write_cifar("cifar-10-batches-bin-PARTIAL/data_batch_1.bin", 4, 2, NULL, l);
    nash_dataset ds;
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_CIFAR10, tmp, "train", 0), 0, "%s",
                 nash_last_error());
    cr_assert_eq(ds.n, 2);
    cr_assert_eq(ds.labels[1], 7);
    check_cifar_image(&ds, 1, 4, 1);
    cr_assert(contains(ds.source, "cifar-10-batches-bin-PARTIAL"), "%s", ds.source);
    cr_assert_str_eq(ds.class_names[3], "cat"); /* official names when batches.meta.txt is absent */
    nash_dataset_free(&ds);
}

Test(datasets, cifar100_binary_coarse_and_fine)
{
    const uint8_t coarse[3] = {4, 19, 0}, fine[3] = {30, 99, 7};
    write_cifar("cifar-100-binary/train.bin", 5, 3, coarse, fine);
    char names[1024] = "";
    for (int k = 0; k < 100; k++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "fine%d\n", k);
    write_text("cifar-100-binary/fine_label_names.txt", names);
    nash_dataset ds;
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_CIFAR100, tmp, "train", 0), 0, "%s",
                 nash_last_error());
    cr_assert_eq(ds.n, 3);
    cr_assert_eq(ds.classes, 100);
    cr_assert_not_null(ds.coarse);
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(ds.coarse[i], coarse[i]);
        cr_assert_eq(ds.labels[i], fine[i]);
        check_cifar_image(&ds, i, 5, i);
    }
    cr_assert_str_eq(ds.class_names[99], "fine99");
    nash_dataset_free(&ds);
    /* test.bin missing */
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_CIFAR100, tmp, "test", 0), -1);
    assert_error_has("test.bin");
    assert_error_has("missing");
}

Test(datasets, cifar_truncated_file_names_size_arithmetic)
{
    const uint8_t l[3] = {1, 2, 3};
    write_cifar("data_batch_1.bin", 1, 3, NULL, l);
    cr_assert_eq(truncate(at("data_batch_1.bin"), 2 * 3073 + 100), 0);
    nash_dataset ds;
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_CIFAR10, tmp, "train", 0), -1);
    assert_error_has("data_batch_1.bin");
    assert_error_has("size 6246 is not a whole number of 3073-byte records (2 records + 100 bytes)");
    cr_assert_null(ds.pixels);
    cr_assert_eq(ds.n, 0);
}

Test(datasets, cifar_bad_label_names_byte_offset)
{
    const uint8_t l[3] = {1, 2, 10};
    write_cifar("data_batch_1.bin", 1, 3, NULL, l);
    nash_dataset ds;
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_CIFAR10, tmp, "train", 0), -1);
    assert_error_has("data_batch_1.bin");
    assert_error_has("record 2 at byte offset 6146");
    assert_error_has("label 10 out of range 0..9");

    const uint8_t coarse[2] = {1, 2}, fine[2] = {5, 100};
    write_cifar("train.bin", 2, 2, coarse, fine);
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_CIFAR100, tmp, "train", 0), -1);
    assert_error_has("record 1 at byte offset 3074: fine label 100 out of range 0..99");
    const uint8_t bad_coarse[2] = {20, 2};
    write_cifar("train.bin", 2, 2, bad_coarse, fine);
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_CIFAR100, tmp, "train", 0), -1);
    assert_error_has("record 0 at byte offset 0: coarse label 20 out of range 0..19");
}

Test(datasets, cifar_missing_file)
{
    const uint8_t l[1] = {1};
    nash_dataset ds;
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_CIFAR10, tmp, "train", 0), -1);
    assert_error_has("no CIFAR-10 binaries");
    write_cifar("test_batch.bin", 1, 1, NULL, l);
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_CIFAR10, tmp, "train", 0), -1);
    assert_error_has("data_batch_1.bin: missing");
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_CIFAR10, tmp, "test", 0), 0, "%s", nash_last_error());
    nash_dataset_free(&ds);
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_CIFAR10, tmp, "validation", 0), -1);
    assert_error_has("expected train, test or val");
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_CIFAR10, at("absent"), "train", 0), -1);
    assert_error_has("absent: No such file or directory");
}

/* ------------------------------------------------------------------------- */
/* Image folders                                                              */

/* train/{cat,dog,emu}: PNGs with known pixels, a JPEG, a grayscale PNG, a corrupt .jpg, a .txt. */
static void write_tree(void)
{
    write_png("f/train/cat/a.png", 8, 8, 1);
    uint8_t rgb[3] = {200, 100, 50};
    write_flat_jpg(at("f/train/cat/b.jpg"), 8, 8, rgb);
    write_text("f/train/cat/notes.txt", "not an image");
    write_png("f/train/dog/c.png", 8, 8, 2);
    uint8_t gray[64];
    for (int i = 0; i < 64; i++)
        gray[i] = (uint8_t)(i * 3);
    cr_assert(stbi_write_png(at("f/train/dog/gray.png"), 8, 8, 1, gray, 8));
    write_text("f/train/emu/bad.jpg", "\xff\xd8\xff\xe0 this is not really a JPEG");
    write_png("f/train/emu/d.png", 8, 8, 3);
}

Test(datasets, image_folder_sorted_gray_and_corrupt)
{
    cr_redirect_stderr();
    write_tree();
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/f", tmp);
    nash_dataset ds;
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_FOLDER, dir, "train", 0), 0, "%s",
                 nash_last_error());
    cr_assert_eq(ds.n, 5);
    cr_assert_eq(ds.skipped, 1);
    cr_assert_eq(ds.classes, 3);
    cr_assert_str_eq(ds.class_names[0], "cat");
    cr_assert_str_eq(ds.class_names[2], "emu");
    cr_assert_eq(ds.h, 8);
    cr_assert_eq(ds.w, 8);
    const int32_t labels[5] = {0, 0, 1, 1, 2}; /* a b | c gray | (bad skipped) d */
    for (int i = 0; i < 5; i++)
        cr_assert_eq(ds.labels[i], labels[i], "image %d", i);
    check_pattern(&ds, 0, 1);
    check_pattern(&ds, 2, 2);
    check_pattern(&ds, 4, 3);
    for (int c = 0; c < 3; c++) /* the flat JPEG: close to its colour */
        cr_assert(abs(ds.pixels[64 * 3 + 27 * 3 + c] - (int)(uint8_t[]){200, 100, 50}[c]) <= 3);
    for (int i = 0; i < 64; i++) /* grayscale -> 3 equal channels */
        for (int c = 0; c < 3; c++)
            cr_assert_eq(ds.pixels[(3 * 64 + i) * 3 + c], i * 3);
    nash_dataset_free(&ds);

    /* strict: the corrupt file is an error naming it */
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_FOLDER, dir, "train", 1), -1);
    assert_error_has("emu/bad.jpg");
    assert_error_has("cannot decode");
    /* no test/ or val/ */
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_FOLDER, dir, "test", 0), -1);
    assert_error_has("no such directory");
}

Test(datasets, image_folder_warning_line)
{
    cr_redirect_stderr();
    write_tree();
    char dir[1024], expected[4096];
    snprintf(dir, sizeof dir, "%s/f", tmp);
    nash_dataset ds;
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_FOLDER, dir, "train", 0), 0, "%s",
                 nash_last_error());
    nash_dataset_free(&ds);
    fflush(stderr);
    snprintf(expected, sizeof expected,
             "nash: warning: skipped 1 undecodable images in %s/train (first: %s/train/emu/bad.jpg)\n",
             dir, dir);
    cr_assert_stderr_eq_str(expected);
}

Test(datasets, image_folder_size_mismatch_is_error)
{
    write_png("f/train/a/0.png", 8, 8, 1);
    write_png("f/train/b/1.png", 4, 6, 2);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/f", tmp);
    nash_dataset ds;
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_FOLDER, dir, "train", 0), -1);
    assert_error_has("b/1.png: image is 4x6x3");
    assert_error_has("a/0.png) is 8x8x3");
    /* "test" falls back to val/ */
    write_png("f/val/a/0.png", 8, 8, 1);
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_FOLDER, dir, "test", 0), 0, "%s", nash_last_error());
    cr_assert_eq(ds.n, 1);
    nash_dataset_free(&ds);
}

Test(datasets, cifar10_jpeg_tree_official_order)
{
    static const char *const official[10] = {"airplane", "automobile", "bird", "cat", "deer",
                                              "dog", "frog", "horse", "ship", "truck"};
    char rel[256];
    for (int k = 9; k >= 0; k--) { /* creation order must not matter */
        snprintf(rel, sizeof rel, "cifar-10-jpeg/train/%s/0001.png", official[k]);
        write_png(rel, 8, 8, k);
        snprintf(rel, sizeof rel, "cifar-10-jpeg/train/%s/0000.png", official[k]);
        write_png(rel, 8, 8, k + 1);
    }
    write_png("cifar-10-jpeg/test/ship/0000.png", 8, 8, 5);
    nash_dataset ds;
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_CIFAR10, tmp, "train", 0), 0, "%s",
                 nash_last_error());
    cr_assert_eq(ds.n, 20);
    cr_assert_eq(ds.classes, 10);
    for (int i = 0; i < 20; i++) {
        cr_assert_eq(ds.labels[i], i / 2);
        check_pattern(&ds, i, i / 2 + (i % 2 == 0)); /* 0000 then 0001 */
    }
    for (int k = 0; k < 10; k++)
        cr_assert_str_eq(ds.class_names[k], official[k]);
    cr_assert(contains(ds.source, "cifar-10-jpeg/train"), "%s", ds.source);
    nash_dataset_free(&ds);
    /* test split: a missing class folder is an error naming it */
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_CIFAR10, tmp, "test", 0), -1);
    assert_error_has("cifar-10-jpeg/test/airplane: missing");
}

Test(datasets, tinyimagenet_layout)
{
    write_text("tiny-imagenet-200/wnids.txt", "n02\nn01\nn03\n");
    const uint8_t colours[3][3] = {{250, 0, 0}, {0, 250, 0}, {0, 0, 250}};
    const char *wnids[3] = {"n02", "n01", "n03"};
    char rel[256];
    for (int k = 0; k < 3; k++)
        for (int i = 1; i >= 0; i--) {
            snprintf(rel, sizeof rel, "tiny-imagenet-200/train/%s/images/%s_%d.JPEG", wnids[k],
                     wnids[k], i);
            write_flat_jpg(at(rel), 8, 8, colours[k]);
        }
    write_text("tiny-imagenet-200/train/n01/n01_boxes.txt", "n01_0.JPEG\t0\t0\t7\t7\n");
    const int val_class[3] = {2, 0, 1};
    for (int i = 0; i < 3; i++) {
        snprintf(rel, sizeof rel, "tiny-imagenet-200/val/images/val_%d.JPEG", i);
        write_flat_jpg(at(rel), 8, 8, colours[val_class[i]]);
    }
    write_text("tiny-imagenet-200/val/val_annotations.txt",
               "val_0.JPEG\tn03\t0\t0\t7\t7\nval_1.JPEG\tn02\t1\t1\t6\t6\nval_2.JPEG\tn01\t0\t0\t5\t5\n");
    nash_dataset ds;
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_TINYIMAGENET, tmp, "train", 1), 0, "%s",
                 nash_last_error());
    cr_assert_eq(ds.n, 6);
    cr_assert_eq(ds.classes, 3);
    cr_assert_str_eq(ds.class_names[0], "n02"); /* wnids.txt order, not sorted */
    for (int i = 0; i < 6; i++) {
        cr_assert_eq(ds.labels[i], i / 2);
        cr_assert(abs(ds.pixels[(size_t)i * 192 + (i / 2)] - 250) <= 4, "image %d", i);
    }
    nash_dataset_free(&ds);
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_TINYIMAGENET, tmp, "val", 1), 0, "%s",
                 nash_last_error());
    cr_assert_eq(ds.n, 3);
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(ds.labels[i], val_class[i]);
        cr_assert(abs(ds.pixels[(size_t)i * 192 + val_class[i]] - 250) <= 4);
    }
    nash_dataset_free(&ds);
    write_text("tiny-imagenet-200/val/val_annotations.txt", "val_0.JPEG\tn03\t0\t0\t7\t7\nval_1.JPEG\tn99\t0\n");
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_TINYIMAGENET, tmp, "test", 0), -1);
    assert_error_has("line 2: wnid 'n99' is not in wnids.txt");
}

/* ------------------------------------------------------------------------- */
/* Sample pack                                                                */

static const uint8_t pack_colours[3][3] = {{220, 30, 30}, {30, 220, 30}, {30, 30, 220}};

/* 3 classes, n_train + n_test records; record i has label i % 3 and that flat colour.
 * side: the image size written (32 is valid). */
static buffer make_pack(uint32_t version, int n_train, int n_test, int side)
{
    buffer b = {0};
    put(&b, "NASHPACK", 8);
    put_u32(&b, version);
    put_u32(&b, 3);
    const char *names[3] = {"red", "green", "blue"};
    for (int k = 0; k < 3; k++) {
        put_u8(&b, (uint32_t)strlen(names[k]));
        put(&b, names[k], strlen(names[k]));
    }
    put_u32(&b, (uint32_t)n_train);
    put_u32(&b, (uint32_t)n_test);
    for (int i = 0; i < n_train + n_test; i++) {
        int label = i % 3;
        buffer jpeg = {0};
        flat_jpeg(&jpeg, side, side, pack_colours[label]);
        put_u8(&b, (uint32_t)label);
        put_u32(&b, (uint32_t)jpeg.size);
        put(&b, jpeg.data, jpeg.size);
        free(jpeg.data);
    }
    return b;
}

static size_t pack_header_bytes(void) { return 8 + 4 + 4 + (1 + 3) + (1 + 5) + (1 + 4) + 4 + 4; }

Test(datasets, sample_pack_reads_and_refuses_bad_packs)
{
    buffer pack = make_pack(1, 4, 2, 32);
    write_bytes(at("sample/cifar10-sample.pack"), pack.data, pack.size);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/sample", tmp);
    nash_dataset ds;
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_SAMPLE, dir, "train", 1), 0, "%s",
                 nash_last_error());
    cr_assert_eq(ds.n, 4);
    cr_assert_eq(ds.kind, NASH_DATA_SAMPLE);
    cr_assert_eq(ds.h, 32);
    cr_assert_eq(ds.classes, 3);
    cr_assert_str_eq(ds.class_names[2], "blue");
    for (int i = 0; i < 4; i++) {
        cr_assert_eq(ds.labels[i], i % 3);
        for (int c = 0; c < 3; c++)
            cr_assert(abs(ds.pixels[(size_t)i * 3072 + 33 * 3 + c] - pack_colours[i % 3][c]) <= 4);
    }
    nash_dataset_free(&ds);
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_SAMPLE, at("sample/cifar10-sample.pack"), "test",
                                   1), 0, "%s", nash_last_error());
    cr_assert_eq(ds.n, 2);
    cr_assert_eq(ds.labels[0], 4 % 3); /* test records follow the train ones */
    cr_assert_eq(ds.labels[1], 5 % 3);
    nash_dataset_free(&ds);

    const char *bad = at("bad.pack");
    /* truncated inside the last record's JPEG */
    write_bytes(bad, pack.data, pack.size - 10);
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_SAMPLE, bad, "train", 0), -1);
    assert_error_has("bad.pack");
    assert_error_has("expected JPEG bytes of a record");
    assert_error_has("found end of file");
    /* truncated inside the header */
    write_bytes(bad, pack.data, 14);
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_SAMPLE, bad, "train", 0), -1);
    assert_error_has("byte offset 12: expected u32 class count (4 bytes), found end of file");
    /* trailing bytes */
    buffer longer = {0};
    put(&longer, pack.data, pack.size);
    put_u8(&longer, 0);
    write_bytes(bad, longer.data, longer.size);
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_SAMPLE, bad, "train", 0), -1);
    assert_error_has("expected end of file after 6 records, found 1 more bytes");
    free(longer.data);
    /* bad magic */
    pack.data[3] = 'X';
    write_bytes(bad, pack.data, pack.size);
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_SAMPLE, bad, "train", 0), -1);
    assert_error_has("byte offset 0: expected magic \"NASHPACK\", found \"NASXPACK\"");
    pack.data[3] = 'H';
    /* bad label in the first record */
    pack.data[pack_header_bytes()] = 3;
    write_bytes(bad, pack.data, pack.size);
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_SAMPLE, bad, "train", 0), -1);
    char expect[128];
    snprintf(expect, sizeof expect, "byte offset %zu: record 0 (train): expected a label in 0..2, found 3",
             pack_header_bytes());
    assert_error_has(expect);
    /* record counts larger than the file */
    pack.data[pack_header_bytes()] = 0;
    pack.data[pack_header_bytes() - 8] = 0xff;
    pack.data[pack_header_bytes() - 7] = 0xff;
    write_bytes(bad, pack.data, pack.size);
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_SAMPLE, bad, "train", 0), -1);
    assert_error_has("found n_train 65535 + n_test 2");
    free(pack.data);

    buffer v2 = make_pack(2, 1, 1, 32);
    write_bytes(bad, v2.data, v2.size);
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_SAMPLE, bad, "train", 0), -1);
    assert_error_has("byte offset 8: expected version 1, found 2");
    free(v2.data);

    buffer small = make_pack(1, 2, 1, 16);
    write_bytes(bad, small.data, small.size);
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_SAMPLE, bad, "train", 0), -1);
    assert_error_has("image is 16x16x3, expected 32x32x3");
    free(small.data);
}

/* The pack shipped in the repo, when the tests run from the repo root. */
Test(datasets, shipped_sample_pack)
{
    const char *path = "datasets/sample/cifar10-sample.pack";
    if (access(path, R_OK) != 0)
        cr_skip_test("%s not found from %s", path, getcwd((char[1024]){0}, 1024));
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_leq(st.st_size, 4 * 1024 * 1024);
    nash_dataset train, test;
    cr_assert_eq(nash_dataset_load(&train, NASH_DATA_SAMPLE, path, "train", 1), 0, "%s",
                 nash_last_error());
    cr_assert_eq(nash_dataset_load(&test, NASH_DATA_SAMPLE, path, "test", 1), 0, "%s",
                 nash_last_error());
    cr_assert_eq(train.n, 2000);
    cr_assert_eq(test.n, 1000);
    cr_assert_eq(train.classes, 10);
    cr_assert_str_eq(train.class_names[1], "automobile");
    int per_class[10] = {0};
    for (int i = 0; i < train.n; i++)
        per_class[train.labels[i]]++;
    for (int k = 0; k < 10; k++)
        cr_assert_eq(per_class[k], 200);
    nash_dataset_free(&train);
    nash_dataset_free(&test);
}

/* ------------------------------------------------------------------------- */
/* Data directory                                                             */

static void resolve_ok(const char *flag, const char *kind, const char *want_dir,
                       const char *want_how, int want_kind)
{
    char out[4096];
    const char *how = NULL;
    nash_data_kind k = (nash_data_kind)-1;
    cr_assert_eq(nash_data_dir_resolve(flag, kind, out, sizeof out, &how, &k), 0, "%s",
                 nash_last_error());
    cr_assert_str_eq(out, want_dir);
    cr_assert_str_eq(how, want_how);
    cr_assert_eq((int)k, want_kind);
}

Test(datasets, data_dir_resolution_order)
{
    char flag[1024], env[1024], want[1200];
    snprintf(flag, sizeof flag, "%s/mine", tmp);
    snprintf(env, sizeof env, "%s/env", tmp);
    make_dir("mine/cifar-10-jpeg");
    make_dir("env");
    make_dir("a/b");
    make_dir("a/shared/datasets/cifar-10-batches-bin-PARTIAL");
    make_dir("a/shared/datasets/cifar-10-jpeg");
    make_dir("a/shared/datasets/cifar-100-binary-PARTIAL");
    make_dir("a/shared/datasets/tiny-imagenet-200");
    cr_assert_eq(chdir(at("a/b")), 0);

    /* ../shared/datasets: cifar-10-jpeg preferred over the PARTIAL binaries */
    resolve_ok(NULL, "cifar10", "../shared/datasets/cifar-10-jpeg", "../shared/datasets",
               NASH_DATA_CIFAR10);
    resolve_ok("", "cifar100", "../shared/datasets/cifar-100-binary-PARTIAL", "../shared/datasets",
               NASH_DATA_CIFAR100);
    resolve_ok(NULL, "tinyimagenet", "../shared/datasets/tiny-imagenet-200", "../shared/datasets",
               NASH_DATA_TINYIMAGENET);
    /* an official complete binary folder wins over the JPEG copy */
    make_dir("a/shared/datasets/cifar-10-batches-bin");
    resolve_ok(NULL, "cifar10", "../shared/datasets/cifar-10-batches-bin", "../shared/datasets",
               NASH_DATA_CIFAR10);
    /* ./data beats ../shared/datasets */
    make_dir("a/b/data");
    resolve_ok(NULL, "cifar10", "./data", "./data", NASH_DATA_CIFAR10);
    /* $NASH_DATA beats ./data */
    setenv("NASH_DATA", env, 1);
    resolve_ok(NULL, "cifar10", env, "$NASH_DATA", NASH_DATA_CIFAR10);
    /* --data beats everything, and descends into the dataset's sub-folder */
    snprintf(want, sizeof want, "%s/cifar-10-jpeg", flag);
    resolve_ok(flag, "cifar10", want, "--data", NASH_DATA_CIFAR10);
    resolve_ok(flag, "folder", flag, "--data", NASH_DATA_FOLDER);
    /* a --data that does not exist is an error */
    char out[4096];
    const char *how;
    cr_assert_eq(nash_data_dir_resolve(at("nope"), "cifar10", out, sizeof out, &how, NULL), -1);
    assert_error_has("nope");
}

Test(datasets, data_dir_shipped_sample_last)
{
    make_dir("x/y/datasets/sample");
    write_text("x/y/datasets/sample/" NASH_SAMPLE_PACK_NAME, "placeholder");
    cr_assert_eq(chdir(at("x/y")), 0);
    char out[4096];
    const char *how = NULL;
    nash_data_kind kind = NASH_DATA_CIFAR10;
    cr_assert_eq(nash_data_dir_resolve(NULL, "cifar10", out, sizeof out, &how, &kind), 0, "%s",
                 nash_last_error());
    cr_assert_str_eq(how, "shipped sample");
    cr_assert_eq(kind, NASH_DATA_SAMPLE);
    size_t len = strlen(out);
    cr_assert(len >= 15 && strcmp(out + len - 15, "datasets/sample") == 0, "%s", out);
}

/* ------------------------------------------------------------------------- */
/* Mean / std                                                                 */

Test(datasets, mean_std_known_pixels)
{
    /* 2 images of 1x2: R 0 255 0 255, G all 51, B 0 0 0 255 */
    uint8_t px[12] = {0, 51, 0, 255, 51, 0, 0, 51, 0, 255, 51, 255};
    int32_t labels[2] = {0, 1};
    nash_dataset ds = {.n = 2, .c = 3, .h = 1, .w = 2, .classes = 2, .pixels = px, .labels = labels};
    float mean[3], std[3];
    nash_dataset_mean_std(&ds, mean, std);
    cr_assert_float_eq(mean[0], 0.5f, 1e-6);
    cr_assert_float_eq(std[0], 0.5f, 1e-6);
    cr_assert_float_eq(mean[1], 0.2f, 1e-6);
    cr_assert_float_eq(std[1], 0.0f, 1e-6);
    cr_assert_float_eq(mean[2], 0.25f, 1e-6);
    cr_assert_float_eq(std[2], 0.4330127f, 1e-6);
}

/* ------------------------------------------------------------------------- */
/* Loader                                                                     */

enum { LN = 10, LH = 6, LW = 5 }; /* H != W catches a transposition */
static uint8_t loader_pixels[LN * LH * LW * 3];
static int32_t loader_labels[LN];

static nash_dataset loader_dataset(void)
{
    for (int i = 0; i < LN * LH * LW * 3; i++)
        loader_pixels[i] = (uint8_t)((i * 2654435761u) >> 24 | 1); /* varied, never 0 */
    for (int i = 0; i < LN; i++)
        loader_labels[i] = i; /* label = image index */
    return (nash_dataset){.n = LN, .c = 3, .h = LH, .w = LW, .classes = LN,
                          .pixels = loader_pixels, .labels = loader_labels};
}

static nash_loader_config loader_config(int batch, int shuffle, int augment, int prefetch)
{
    return (nash_loader_config){.batch = batch, .shuffle = shuffle, .augment = augment,
                                .crop_pad = 2, .seed = 7, .prefetch = prefetch,
                                .mean = {0.4f, 0.5f, 0.6f}, .std = {0.2f, 0.25f, 0.3f}};
}

static const int64_t sample_floats = (int64_t)NASH_BLOCK * LH * LW;

/* What the loader must write for image `index` cropped at (oy, ox) with padding pad, maybe flipped. */
static float expected(const nash_loader_config *cfg, int index, int c, int y, int x, int oy, int ox,
                      int pad, int flip)
{
    int sy = y + oy - pad, sx = (flip ? LW - 1 - x : x) + ox - pad;
    int v = sy >= 0 && sy < LH && sx >= 0 && sx < LW
                ? loader_pixels[(((size_t)index * LH + sy) * LW + sx) * 3 + c]
                : 0;
    return ((float)v / 255.0f - cfg->mean[c]) / cfg->std[c];
}

static int sample_matches(const nash_loader_config *cfg, const float *img, int index, int oy, int ox,
                          int pad, int flip)
{
    for (int y = 0; y < LH; y++)
        for (int x = 0; x < LW; x++)
            for (int c = 0; c < NASH_BLOCK; c++) {
                float want = c < 3 ? expected(cfg, index, c, y, x, oy, ox, pad, flip) : 0.0f;
                if (memcmp(&img[nash_blocked_index(3, LH, LW, 0, c, y, x)], &want, sizeof want))
                    return 0;
            }
    return 1;
}

/* All batches of one epoch, concatenated; returns the number of samples. */
static int read_epoch(nash_loader *ld, int epoch, float *images, int32_t *labels)
{
    nash_loader_start_epoch(ld, epoch);
    int total = 0, n;
    while ((n = nash_loader_next(ld, images + total * sample_floats, labels + total)) > 0)
        total += n;
    return total;
}

Test(datasets, loader_plain_batches_exact)
{
    nash_dataset ds = loader_dataset();
    nash_loader_config cfg = loader_config(4, 0, 0, 0);
    for (int prefetch = -1; prefetch <= 1; prefetch += 2) {
        cfg.prefetch = prefetch;
        nash_loader *ld = nash_loader_create(&ds, &cfg);
        cr_assert_not_null(ld, "%s", nash_last_error());
        cr_assert_eq(nash_loader_batches(ld), 3);
        float *images = malloc(sizeof(float) * 4 * sample_floats);
        int32_t labels[4];
        const int sizes[3] = {4, 4, 2};
        nash_loader_start_epoch(ld, 0);
        for (int b = 0; b < 3; b++) {
            for (int64_t i = 0; i < 4 * sample_floats; i++)
                images[i] = NAN; /* every lane must be written */
            cr_assert_eq(nash_loader_next(ld, images, labels), sizes[b]);
            for (int i = 0; i < sizes[b]; i++) {
                cr_assert_eq(labels[i], b * 4 + i);
                cr_assert(sample_matches(&cfg, images + i * sample_floats, b * 4 + i, 0, 0, 0, 0),
                          "batch %d sample %d is not the normalised image (pad lanes zero)", b, i);
            }
        }
        cr_assert_eq(nash_loader_next(ld, images, labels), 0);
        cr_assert_eq(nash_loader_next(ld, images, labels), 0);
        free(images);
        nash_loader_free(ld);
    }
}

Test(datasets, loader_drop_last_counts)
{
    nash_dataset ds = loader_dataset();
    for (int prefetch = -1; prefetch <= 0; prefetch++) {
        nash_loader_config cfg = loader_config(4, 1, 1, prefetch);
        cfg.drop_last = 1;
        nash_loader *ld = nash_loader_create(&ds, &cfg);
        cr_assert_eq(nash_loader_batches(ld), 2);
        float *images = malloc(sizeof(float) * LN * sample_floats);
        int32_t labels[LN];
        cr_assert_eq(read_epoch(ld, 3, images, labels), 8);
        free(images);
        nash_loader_free(ld);
    }
    nash_loader_config cfg = loader_config(10, 0, 0, -1);
    cfg.drop_last = 1;
    nash_loader *ld = nash_loader_create(&ds, &cfg);
    cr_assert_eq(nash_loader_batches(ld), 1);
    nash_loader_free(ld);
    cfg.batch = 11;
    ld = nash_loader_create(&ds, &cfg);
    cr_assert_eq(nash_loader_batches(ld), 0);
    nash_loader_free(ld);
}

Test(datasets, loader_prefetch_does_not_change_batches)
{
    nash_dataset ds = loader_dataset();
    nash_loader_config on = loader_config(3, 1, 1, 0), off = loader_config(3, 1, 1, -1);
    nash_loader *a = nash_loader_create(&ds, &on), *b = nash_loader_create(&ds, &off);
    nash_loader *resumed = nash_loader_create(&ds, &on);
    size_t bytes = sizeof(float) * LN * sample_floats;
    float *ia = malloc(bytes), *ib = malloc(bytes), *ic = malloc(bytes), *first = malloc(bytes);
    int32_t la[LN], lb[LN], lc[LN], lfirst[LN];
    for (int epoch = 0; epoch < 4; epoch++) {
        cr_assert_eq(read_epoch(a, epoch, ia, la), LN);
        cr_assert_eq(read_epoch(b, epoch, ib, lb), LN);
        cr_assert(memcmp(ia, ib, bytes) == 0, "epoch %d: prefetch on and off differ", epoch);
        cr_assert(memcmp(la, lb, sizeof la) == 0);
        int seen[LN] = {0};
        for (int i = 0; i < LN; i++)
            seen[la[i]]++;
        for (int i = 0; i < LN; i++)
            cr_assert_eq(seen[i], 1, "epoch %d is not a permutation", epoch);
        if (epoch == 0) {
            memcpy(first, ia, bytes);
            memcpy(lfirst, la, sizeof la);
        } else {
            cr_assert(memcmp(first, ia, bytes) != 0 || memcmp(lfirst, la, sizeof la) != 0,
                      "epoch %d equals epoch 0", epoch);
        }
    }
    /* a run resumed at epoch 2 (and one interrupted mid-epoch) sees epoch 2's batches */
    float *scratch = malloc(bytes);
    int32_t lscratch[LN];
    nash_loader_start_epoch(resumed, 1);
    cr_assert_eq(nash_loader_next(resumed, scratch, lscratch), 3);
    cr_assert_eq(read_epoch(resumed, 2, ic, lc), LN);
    read_epoch(a, 2, ia, la);
    cr_assert(memcmp(ia, ic, bytes) == 0 && memcmp(la, lc, sizeof la) == 0);
    free(scratch);
    /* shuffle alone (no augmentation): the order itself changes with the epoch */
    nash_loader_config shuffle_only = loader_config(LN, 1, 0, 0);
    nash_loader *s = nash_loader_create(&ds, &shuffle_only);
    read_epoch(s, 0, ia, la);
    read_epoch(s, 1, ib, lb);
    cr_assert(memcmp(la, lb, sizeof la) != 0, "epochs 0 and 1 have the same order");
    nash_loader_free(s);
    free(ia), free(ib), free(ic), free(first);
    nash_loader_free(a);
    nash_loader_free(b);
    nash_loader_free(resumed);
}

Test(datasets, loader_augment_crops_and_flips)
{
    nash_dataset ds = loader_dataset();
    nash_loader_config cfg = loader_config(4, 1, 1, 0);
    const int pad = cfg.crop_pad;
    nash_loader *ld = nash_loader_create(&ds, &cfg);
    size_t bytes = sizeof(float) * LN * sample_floats;
    float *images = malloc(bytes);
    int32_t labels[LN];
    int flips = 0, shifts = 0, plain = 0, samples = 0;
    for (int epoch = 0; epoch < 6; epoch++) {
        cr_assert_eq(read_epoch(ld, epoch, images, labels), LN);
        for (int i = 0; i < LN; i++, samples++) {
            const float *img = images + i * sample_floats;
            int found = 0;
            for (int oy = 0; oy <= 2 * pad && !found; oy++)
                for (int ox = 0; ox <= 2 * pad && !found; ox++)
                    for (int flip = 0; flip < 2 && !found; flip++)
                        if (sample_matches(&cfg, img, labels[i], oy, ox, pad, flip)) {
                            found = 1;
                            flips += flip;
                            shifts += oy != pad || ox != pad;
                            plain += oy == pad && ox == pad && !flip;
                        }
            cr_assert(found, "epoch %d sample %d (image %d) is not a crop within %d pixels "
                      "(with pixel-space zero padding) of its image, flipped or not",
                      epoch, i, labels[i], pad);
        }
    }
    cr_assert_gt(flips, 0, "no sample was flipped");
    cr_assert_gt(shifts, 0, "no sample was shifted");
    cr_assert_lt(plain, samples, "augmentation changed nothing");
    cr_assert_gt(flips, samples / 5);
    cr_assert_lt(flips, samples * 4 / 5);
    free(images);
    nash_loader_free(ld);

    /* crop_pad < 0: flip only */
    cfg.crop_pad = -1;
    ld = nash_loader_create(&ds, &cfg);
    images = malloc(bytes);
    cr_assert_eq(read_epoch(ld, 0, images, labels), LN);
    for (int i = 0; i < LN; i++)
        cr_assert(sample_matches(&cfg, images + i * sample_floats, labels[i], 0, 0, 0, 0) ||
                  sample_matches(&cfg, images + i * sample_floats, labels[i], 0, 0, 0, 1));
    free(images);
    nash_loader_free(ld);
}

Test(datasets, loader_rejects_bad_config)
{
    nash_dataset ds = loader_dataset();
    nash_loader_config cfg = loader_config(4, 0, 0, -1);
    cfg.std[1] = 0.0f;
    cr_assert_null(nash_loader_create(&ds, &cfg));
    assert_error_has("std[1]");
    cfg = loader_config(0, 0, 0, -1);
    cr_assert_null(nash_loader_create(&ds, &cfg));
    assert_error_has("batch 0");
}

/* ------------------------------------------------------------------------- */
/* Text lists and huge files (issue 8: never read a file whole to find out   */
/* it is wrong)                                                               */

typedef struct seen_lines {
    int n, lineno[8];
    char text[8][32];
} seen_lines;

static int note_line(char *line, int lineno, void *user)
{
    seen_lines *s = user;
    cr_assert_lt(s->n, 8);
    s->lineno[s->n] = lineno;
    snprintf(s->text[s->n++], sizeof s->text[0], "%s", line);
    return 0;
}

Test(datasets, text_lists_are_streamed_trimmed_and_refuse_binary_input)
{
    FILE *f = fopen(at("l.txt"), "wb");
    fputs("alpha\r\n\n  beta gamma \t\r\n\r\n\tdelta", f); /* CRLF, blanks, no final newline */
    fclose(f);
    seen_lines s = {0};
    cr_assert_eq(nash_for_each_line(at("l.txt"), note_line, &s), 0, "%s", nash_last_error());
    cr_assert_eq(s.n, 3);
    cr_assert_str_eq(s.text[0], "alpha");
    cr_assert_str_eq(s.text[1], "beta gamma");
    cr_assert_str_eq(s.text[2], "delta");
    cr_assert_eq(s.lineno[0], 1); /* physical line numbers, blank lines counted */
    cr_assert_eq(s.lineno[1], 3);
    cr_assert_eq(s.lineno[2], 5);
    int n;
    char **lines = nash_read_lines(at("l.txt"), &n);
    cr_assert(lines && n == 3 && strcmp(lines[1], "beta gamma") == 0);
    nash_free_names(lines, n);
    f = fopen(at("e.txt"), "wb"); /* empty: zero lines, not an error */
    fclose(f);
    lines = nash_read_lines(at("e.txt"), &n);
    cr_assert(lines && n == 0);
    nash_free_names(lines, n);

    f = fopen(at("long.txt"), "wb"); /* line 2 is 70,000 bytes */
    fputs("ok\n", f);
    for (int i = 0; i < 70000; i++)
        fputc('x', f);
    fclose(f);
    cr_assert_eq(nash_for_each_line(at("long.txt"), note_line, &(seen_lines){0}), -1);
    assert_error_has("long.txt: line 2 at byte offset 3: longer than 65536 bytes");
    f = fopen(at("nul.txt"), "wb");
    fwrite("ab\ncd\0e\n", 1, 9, f);
    fclose(f);
    cr_assert_null(nash_read_lines(at("nul.txt"), &n));
    assert_error_has("nul.txt: line 2 at byte offset 5: NUL byte");
}

/* A 4 GiB file (sparse: no disk, reads as zeros) given to every reader: each
 * refuses it from its first bytes or its size, and the process never holds it
 * (peak RSS stays far below 4 GiB). */
Test(datasets, a_4_gib_file_is_refused_without_being_read)
{
    const off_t big = (off_t)4 << 30;
    const char *names[] = {"list.txt", "data_batch_1.bin", "ckpt.safetensors", "f/train/cat/a.png"};
    for (int i = 0; i < 4; i++) {
        FILE *f = fopen(at(names[i]), "wb");
        cr_assert(f);
        cr_assert_eq(ftruncate(fileno(f), big), 0, "ftruncate: %s", strerror(errno));
        fclose(f);
    }
    int n;
    cr_assert_null(nash_read_lines(at("list.txt"), &n));
    assert_error_has("line 1 at byte offset 0: NUL byte");

    nash_dataset ds;
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_CIFAR10, tmp, "train", 0), -1);
    assert_error_has("is not a whole number of 3073-byte records");

    nash_st_file st;
    cr_assert_eq(nash_st_open(&st, at("ckpt.safetensors")), -1);
    nash_st_close(&st);

    char dir[1024];
    snprintf(dir, sizeof dir, "%s/f", tmp);
    cr_assert_eq(nash_dataset_load(&ds, NASH_DATA_FOLDER, dir, "train", 1), -1);
    assert_error_has("image file larger than 1 GB");

    struct rusage ru;
    cr_assert_eq(getrusage(RUSAGE_SELF, &ru), 0);
    cr_assert_lt(ru.ru_maxrss, 512L * 1024, "peak RSS %ld KiB: a reader held the file", ru.ru_maxrss);
}
