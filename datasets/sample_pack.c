/*
 * sample_pack.c — reader of nash's packed sample file (datasets/sample/).
 *
 * Owns: the pack format and its validation. The shipped sample
 * (datasets/sample/cifar10-sample.pack, built by datasets/sample/make_sample.py)
 * holds the first 200 train and first 100 test images of each CIFAR-10 class
 * from the JPEG copy, JPEG bytes stored unchanged. Layout, all integers
 * little-endian:
 *
 *     offset  size  field
 *     0       8     magic "NASHPACK"
 *     8       4     u32 version = 1
 *     12      4     u32 classes (1..256)
 *     16      ...   classes x { u8 name_length (1..255), name bytes (no NUL) }
 *     ...     4     u32 n_train
 *     ...     4     u32 n_test
 *     ...     ...   (n_train + n_test) x { u8 label (< classes), u32 jpeg_length (>= 1),
 *                                          jpeg_length bytes of JPEG }
 *                   train records first, then test records; nothing after the last one.
 *
 * Every read is bounds-checked; truncation, a bad field or trailing bytes are
 * an error naming the file, the byte offset, and what was expected vs found.
 * Every decoded image must be 32x32 (3 channels after decoding). Decoding
 * itself is nash_images_decode (image_folder.c). Does not own: writing packs
 * (make_sample.py does; the tests write their own).
 */
#include "nash_datasets.h"

#include "nash_kernels.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PACK_MAGIC "NASHPACK"
#define PACK_VERSION 1u
#define PACK_SIDE 32

typedef struct pack_cursor {
    const char *path;
    const uint8_t *data;
    size_t size, pos;
} pack_cursor;

/* Ensures `bytes` more bytes exist for `what`. */
static int need(const pack_cursor *cur, size_t bytes, const char *what)
{
    if (cur->size - cur->pos >= bytes)
        return 0;
    return nash_fail("file %s: byte offset %zu: expected %s (%zu bytes), found end of file "
                     "(%zu bytes left; file is %zu bytes)",
                     cur->path, cur->pos, what, bytes, cur->size - cur->pos, cur->size);
}

static int read_u8(pack_cursor *cur, const char *what, uint32_t *value)
{
    if (need(cur, 1, what) != 0)
        return -1;
    *value = cur->data[cur->pos++];
    return 0;
}

static int read_u32(pack_cursor *cur, const char *what, uint32_t *value)
{
    if (need(cur, 4, what) != 0)
        return -1;
    const uint8_t *p = cur->data + cur->pos;
    *value = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    cur->pos += 4;
    return 0;
}

int nash_sample_pack_load(nash_dataset *ds, const char *path, int test_split, int strict)
{
    char file[4096];
    if (nash_is_dir(path)) {
        if (nash_path_join(file, sizeof file, path, NASH_SAMPLE_PACK_NAME) != 0)
            return -1;
    } else {
        snprintf(file, sizeof file, "%s", path);
    }
    pack_cursor cur = {.path = file};
    uint8_t *data = NULL;
    if (nash_read_file(file, &data, &cur.size) != 0)
        return -1;
    cur.data = data;

    int rc = -1;
    char **names = NULL, **ref_names = NULL;
    nash_image_ref *refs = NULL;
    uint32_t classes = 0, n_train = 0, n_test = 0, wanted = 0;

    /* Header */
    if (need(&cur, 8, "magic \"" PACK_MAGIC "\"") != 0)
        goto done;
    if (memcmp(cur.data, PACK_MAGIC, 8) != 0) {
        char found[8 * 4 + 1];
        size_t used = 0;
        for (int i = 0; i < 8; i++)
            used += (size_t)snprintf(found + used, sizeof found - used,
                                     isprint(cur.data[i]) ? "%c" : "\\x%02x", cur.data[i]);
        nash_fail("file %s: byte offset 0: expected magic \"%s\", found \"%s\"", file, PACK_MAGIC,
                  found);
        goto done;
    }
    cur.pos = 8;
    uint32_t version;
    if (read_u32(&cur, "u32 version", &version) != 0)
        goto done;
    if (version != PACK_VERSION) {
        nash_fail("file %s: byte offset 8: expected version %u, found %u (unsupported)", file,
                  PACK_VERSION, version);
        goto done;
    }
    if (read_u32(&cur, "u32 class count", &classes) != 0)
        goto done;
    if (classes < 1 || classes > 256) {
        nash_fail("file %s: byte offset 12: expected a class count in 1..256, found %u", file,
                  classes);
        goto done;
    }
    names = calloc(classes, sizeof *names);
    if (!names) {
        nash_fail("file %s: out of memory for %u class names", file, classes);
        goto done;
    }
    for (uint32_t k = 0; k < classes; k++) {
        uint32_t len;
        size_t at = cur.pos;
        if (read_u8(&cur, "u8 class name length", &len) != 0)
            goto done;
        if (len == 0) {
            nash_fail("file %s: byte offset %zu: expected a class name length in 1..255 "
                      "(class %u), found 0", file, at, k);
            goto done;
        }
        if (need(&cur, len, "class name bytes") != 0)
            goto done;
        if (!(names[k] = malloc(len + 1))) {
            nash_fail("file %s: out of memory", file);
            goto done;
        }
        memcpy(names[k], cur.data + cur.pos, len);
        names[k][len] = '\0';
        cur.pos += len;
    }
    size_t counts_at = cur.pos;
    if (read_u32(&cur, "u32 n_train", &n_train) != 0 || read_u32(&cur, "u32 n_test", &n_test) != 0)
        goto done;
    /* Each record takes at least 6 bytes: refuse counts the file cannot hold before allocating. */
    uint64_t records = (uint64_t)n_train + n_test;
    if (records > (cur.size - cur.pos) / 6 || records > (uint64_t)INT32_MAX) {
        nash_fail("file %s: byte offset %zu: expected record counts that fit the remaining %zu "
                  "bytes (at most %zu records), found n_train %u + n_test %u",
                  file, counts_at, cur.size - cur.pos, (cur.size - cur.pos) / 6, n_train, n_test);
        goto done;
    }

    /* Records: all are checked, the wanted split is kept. */
    wanted = test_split ? n_test : n_train;
    refs = calloc(wanted ? wanted : 1, sizeof *refs);
    ref_names = calloc(wanted ? wanted : 1, sizeof *ref_names);
    if (!refs || !ref_names) {
        nash_fail("file %s: out of memory for %u records", file, wanted);
        goto done;
    }
    for (uint64_t r = 0; r < records; r++) {
        int is_test = r >= n_train;
        uint32_t index = (uint32_t)(is_test ? r - n_train : r);
        size_t at = cur.pos;
        uint32_t label, length;
        if (read_u8(&cur, "u8 label", &label) != 0 || read_u32(&cur, "u32 jpeg_length", &length) != 0)
            goto done;
        if (label >= classes) {
            nash_fail("file %s: byte offset %zu: record %u (%s): expected a label in 0..%u, "
                      "found %u", file, at, index, is_test ? "test" : "train", classes - 1, label);
            goto done;
        }
        if (length == 0) {
            nash_fail("file %s: byte offset %zu: record %u (%s): expected a JPEG length >= 1, "
                      "found 0", file, at + 1, index, is_test ? "test" : "train");
            goto done;
        }
        if (need(&cur, length, "JPEG bytes of a record") != 0)
            goto done;
        if (is_test == test_split) {
            char name[4096 + 64];
            snprintf(name, sizeof name, "%s (%s record %u at byte offset %zu)", file,
                     is_test ? "test" : "train", index, at);
            if (!(ref_names[index] = strdup(name))) {
                nash_fail("file %s: out of memory", file);
                goto done;
            }
            refs[index] = (nash_image_ref){.path = ref_names[index],
                                           .bytes = cur.data + cur.pos,
                                           .size = length,
                                           .label = (int32_t)label};
        }
        cur.pos += length;
    }
    if (cur.pos != cur.size) {
        nash_fail("file %s: byte offset %zu: expected end of file after %llu records, found %zu "
                  "more bytes", file, cur.pos, (unsigned long long)records, cur.size - cur.pos);
        goto done;
    }

    char where[4096 + 16];
    snprintf(where, sizeof where, "%s (%s)", file, test_split ? "test" : "train");
    if (nash_images_decode(ds, refs, (int)wanted, where, PACK_SIDE, PACK_SIDE, strict) != 0 ||
        nash_set_class_names(ds, (const char *const *)names, (int)classes) != 0)
        goto done;
    nash_source_append(ds, "sample pack %s (version %u): %s, %u of %u train + %u test records, "
                       "%d skipped", file, version, test_split ? "test" : "train", wanted,
                       n_train, n_test, ds->skipped);
    rc = 0;
done:
    if (names)
        nash_free_names(names, (int)classes);
    if (ref_names)
        nash_free_names(ref_names, (int)wanted);
    free(refs);
    free(data);
    return rc;
}
