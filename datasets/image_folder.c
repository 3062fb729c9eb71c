/*
 * image_folder.c — datasets stored as image files: ImageFolder trees, the
 * CIFAR-10 JPEG tree and the Tiny-ImageNet layout, and the parallel decoder
 * every image-file reader (sample_pack.c too) goes through.
 *
 * Owns: the one copy of stb_image in nash (STB_IMAGE_IMPLEMENTATION is defined
 * here and nowhere else; other files may include <stb/stb_image.h> without it
 * and link against this one); listing class folders and files (sorted by name
 * with strcmp, so the order never depends on the file system); decoding with
 * OpenMP over files into slots fixed in advance, so the result order is the
 * listing order whatever the thread count; grayscale and RGBA become RGB;
 * undecodable files are skipped and counted (one warning line) or, with
 * strict, an error naming the file; a size other than the first image's is
 * always an error naming the file and both sizes.
 *   ImageFolder (NASH_DATA_FOLDER): root/<class>/<image>, classes = the
 *     sub-folders sorted by name; files with an image extension only.
 *   CIFAR-10 JPEG tree: dir/train/<class>/NNNN.jpg or dir/cifar-10-jpeg/...,
 *     classes the 10 official names in label order.
 *   Tiny-ImageNet: wnids.txt order gives the labels; train from
 *     train/<wnid>/images/<file>.JPEG; val (= test) from val/images listed in
 *     val/val_annotations.txt (file<TAB>wnid<TAB>box), in the file's order.
 * Does not own: the dispatch by kind and split (dataset.c), CIFAR binaries
 * (cifar.c), the sample pack's container (sample_pack.c).
 */
#include "nash_datasets.h"

#include "nash_kernels.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wmisleading-indentation"
#pragma GCC diagnostic ignored "-Wtype-limits"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wdouble-promotion"
#pragma GCC diagnostic ignored "-Wcast-qual"
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#define STB_IMAGE_IMPLEMENTATION
#include <stb/stb_image.h>
#pragma GCC diagnostic pop

/* ------------------------------------------------------------------------- */
/* Parallel decoding                                                          */

enum { DECODED_OK = 0, DECODED_FAILED = 1, DECODED_WRONG_SIZE = 2 };

/* Largest image decoded: 16 Mpixels (4096 x 4096, 48 MB as RGB). Every image of a split
 * has the same size and all stay in memory, so a dataset of larger images would not fit
 * anyway. (fuzzing fixes) stb_image allocates what the header claims, up to 2 GB, before it
 * finds out the pixel data is missing: a 26-byte PPM "P6 26000 26000 255" made each
 * decoding thread allocate and fill 2 GB. The header is read first (stbi_info) and
 * such an image is refused as undecodable, before any allocation. The limit also bounds
 * decompression bombs: a 30-byte RLE TGA claiming 1028 x 32772 pixels decoded (stb reads
 * zeros past the end) for seconds. */
#define NASH_IMAGE_MAX_PIXELS ((int64_t)1 << 24)
/* Largest image file read (its bytes are held in memory while it is decoded). */
#define NASH_IMAGE_MAX_FILE ((size_t)1 << 30)

/*
 * (fuzzing fix) stb_image 2.27 — the version in Debian's libstb-dev
 * 0.0~git20220908, which nash uses — writes past its Huffman tables
 * (stbi__jpeg_huffman.size[257], values[256]) when a DHT segment declares more
 * than 256 codes; 2.28 added the missing check. Until the system copy has it,
 * nash refuses such a JPEG before stb parses it. The walk follows stb's reading
 * order: stb takes a file starting with 0xFF for a JPEG (no other format it
 * tries starts so); a marker is 0xFF, fill 0xFF bytes, then the code; DHT
 * tables are read while the segment length lasts (stb reads a table's values
 * even past the segment end, so the walk does too). Between segments and in
 * entropy-coded data every 0xFF xx is treated as a possible marker, which sees
 * at least every DHT stb can reach (it may also look at bytes stb never does:
 * such a corrupt file is then refused rather than decoded). 1 when safe.
 */
static int jpeg_huffman_tables_fit(const uint8_t *b, size_t n)
{
    if (n == 0 || b[0] != 0xFF)
        return 1;
    size_t i = 0;
    while (i + 1 < n) {
        if (b[i] != 0xFF) {
            i++;
            continue;
        }
        size_t at = i + 1;
        while (at < n && b[at] == 0xFF) /* fill bytes */
            at++;
        if (at >= n)
            break;
        uint8_t marker = b[at];
        i = at + 1;
        /* no length: stuffed 0x00, TEM, RSTn, SOI, EOI */
        if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD9))
            continue;
        if (i + 2 > n)
            break;
        long length = ((long)b[i] << 8 | b[i + 1]) - 2;
        size_t pos = i + 2;
        if (marker != 0xC4) {
            i = pos + (size_t)(length > 0 ? length : 0);
            continue;
        }
        while (length > 0) {
            pos++; /* table class and id */
            long codes = 0;
            for (int k = 0; k < 16; k++, pos++)
                codes += pos < n ? b[pos] : 0;
            if (codes > 256)
                return 0;
            pos += (size_t)codes;
            length -= 17 + codes;
        }
        i = pos;
    }
    return 1;
}

/*
 * (fuzzing fix) stb_image 2.27's PNM header reader (stbi__pnm_getinteger) adds
 * digits to an int without a bound: "P6 99999999999 ..." is a signed overflow
 * (undefined behaviour; 2.28 added the check). For a file starting "P5"/"P6"
 * the three header numbers are read here first, the way stb reads them
 * (whitespace and '#' comments skipped), and one above INT_MAX refuses the
 * file. 1 when safe.
 */
static int pnm_header_numbers_fit(const uint8_t *b, size_t n)
{
    if (n < 2 || b[0] != 'P' || (b[1] != '5' && b[1] != '6'))
        return 1;
    size_t i = 2;
    for (int number = 0; number < 3; number++) {
        for (;;) { /* whitespace, then a comment to the end of its line */
            while (i < n && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r')))
                i++;
            if (i >= n || b[i] != '#')
                break;
            while (i < n && b[i] != '\n' && b[i] != '\r')
                i++;
        }
        int64_t value = 0;
        for (; i < n && b[i] >= '0' && b[i] <= '9'; i++) {
            value = value * 10 + (b[i] - '0');
            if (value > INT_MAX)
                return 0;
        }
    }
    return 1;
}

/* *reason says why an image is refused; *by_stb = 1 when stb_image's decoder
 * gave it (else it is one of nash's own checks), so messages name the source. */
static uint8_t *decode_one(const nash_image_ref *ref, int *w, int *h, const char **reason,
                           uint8_t *by_stb)
{
    int channels_in_file;
    const uint8_t *bytes = ref->bytes;
    size_t size = ref->size;
    uint8_t *file = NULL;
    if (!bytes) {
        /* the file's bytes, so the checks below see exactly what stb decodes */
        struct stat st;
        if (stat(ref->path, &st) != 0 || !S_ISREG(st.st_mode)) {
            *reason = "not a readable regular file";
            return NULL;
        }
        if ((size_t)st.st_size > NASH_IMAGE_MAX_FILE) {
            *reason = "image file larger than 1 GB";
            return NULL;
        }
        if (nash_read_file(ref->path, &file, &size) != 0) {
            *reason = "cannot read the file";
            return NULL;
        }
        bytes = file;
    }
    uint8_t *px = NULL;
    if (size > INT_MAX) {
        *reason = "larger than 2 GB";
    } else if (!jpeg_huffman_tables_fit(bytes, size)) { /* first: stbi_info parses DHT too */
        *reason = "corrupt JPEG: a Huffman table with more than 256 codes";
    } else if (!pnm_header_numbers_fit(bytes, size)) {
        *reason = "corrupt PNM: a header number larger than 2^31 - 1";
    } else if (stbi_is_16_bit_from_memory(bytes, (int)size)) {
        /* (fuzzing fix) stb_image 2.27's 16-to-8-bit conversion overflows its
         * buffer on a crafted 16-bit file (heap-buffer-overflow in
         * stbi__convert_16_to_8): such images are refused before decoding */
        *reason = "16 bits per channel (nash reads 8-bit images)";
    } else if (stbi_info_from_memory(bytes, (int)size, w, h, &channels_in_file) &&
               (int64_t)*w * *h > NASH_IMAGE_MAX_PIXELS) {
        *reason = "header claims more than 16 Mpixels (nash's limit per image)";
    } else {
        px = stbi_load_from_memory(bytes, (int)size, w, h, &channels_in_file, 3);
        if (!px) {
            /* stb's failure reason is thread-local in this version (STBI_THREAD_LOCAL). */
            const char *why = stbi_failure_reason();
            *reason = why ? why : "unknown reason";
            *by_stb = 1;
        }
    }
    free(file);
    if (px && (*w <= 0 || *h <= 0)) {
        /* (fuzzing fix) stb_image's PNM reader returns an image for "P6 255" with a
         * missing height: 255x0 pixels. An image without pixels is undecodable. */
        stbi_image_free(px);
        *reason = "image has no pixels (a width or height of 0)";
        return NULL;
    }
    return px;
}

int nash_images_decode(nash_dataset *ds, const nash_image_ref *refs, int n, const char *where,
                       int need_h, int need_w, int strict)
{
    if (n <= 0)
        return nash_fail("%s: no images found", where);
    int8_t *status = calloc((size_t)n, sizeof *status);
    const char **reason = calloc((size_t)n, sizeof *reason);
    uint8_t *by_stb = calloc((size_t)n, 1);
    int *found_w = calloc((size_t)n, sizeof *found_w), *found_h = calloc((size_t)n, sizeof *found_h);
    int rc = -1;
    if (!status || !reason || !by_stb || !found_w || !found_h) {
        nash_fail("%s: out of memory for %d images", where, n);
        goto done;
    }

    /* The first decodable image fixes the size (unless need_h/need_w do). */
    int first = -1, h = 0, w = 0;
    uint8_t *first_px = NULL;
    for (int i = 0; i < n && first < 0; i++) {
        first_px = decode_one(&refs[i], &w, &h, &reason[i], &by_stb[i]);
        if (first_px) {
            first = i;
        } else {
            status[i] = DECODED_FAILED;
            if (strict) {
                nash_fail("file %s: cannot decode image (%s%s)", refs[i].path,
                          by_stb[i] ? "stb_image: " : "", reason[i]);
                goto done;
            }
        }
    }
    if (first < 0) {
        nash_fail("%s: none of the %d images decodes (first: %s: %s%s)", where, n, refs[0].path,
                  by_stb[0] ? "stb_image: " : "", reason[0]);
        goto done;
    }
    if ((need_h > 0 && h != need_h) || (need_w > 0 && w != need_w)) {
        stbi_image_free(first_px);
        nash_fail("file %s: image is %dx%dx3, expected %dx%dx3", refs[first].path, w, h, need_w,
                  need_h);
        goto done;
    }
    const size_t image_bytes = (size_t)h * (size_t)w * 3;
    /* (resource limit) the whole split is kept in memory: refuse it before allocating
     * when it cannot fit in the machine's physical memory, instead of being OOM-killed. */
    const double need = (double)n * (double)image_bytes;
    const double have = nash_physical_memory_bytes();
    if (have > 0 && need > have) {
        stbi_image_free(first_px);
        nash_fail("%s: %d images of %dx%dx3 need %.1f GB, more than this machine's %.1f GB of "
                  "memory", where, n, w, h, need / 1e9, have / 1e9);
        goto done;
    }
    ds->h = h;
    ds->w = w;
    ds->c = 3;
    ds->pixels = malloc((size_t)n * image_bytes);
    ds->labels = malloc((size_t)n * sizeof *ds->labels);
    if (!ds->pixels || !ds->labels) {
        stbi_image_free(first_px);
        nash_fail("%s: out of memory for %d images of %dx%dx3", where, n, w, h);
        goto done;
    }
    memcpy(ds->pixels + (size_t)first * image_bytes, first_px, image_bytes);
    stbi_image_free(first_px);

    /* The rest in parallel, each into its own slot. */
#pragma omp parallel for schedule(dynamic, 64)
    for (int i = first + 1; i < n; i++) {
        int iw = 0, ih = 0;
        uint8_t *px = decode_one(&refs[i], &iw, &ih, &reason[i], &by_stb[i]);
        if (!px) {
            status[i] = DECODED_FAILED;
            continue;
        }
        if (iw != w || ih != h) {
            status[i] = DECODED_WRONG_SIZE;
            found_w[i] = iw;
            found_h[i] = ih;
        } else {
            memcpy(ds->pixels + (size_t)i * image_bytes, px, image_bytes);
        }
        stbi_image_free(px);
    }

    /* In order: the first error, else compact the decoded images. */
    int kept = 0, skipped = 0, first_skipped = -1;
    for (int i = 0; i < n; i++) {
        if (status[i] == DECODED_WRONG_SIZE) {
            nash_fail("file %s: image is %dx%dx3, but the first image (%s) is %dx%dx3",
                      refs[i].path, found_w[i], found_h[i], refs[first].path, w, h);
            goto done;
        }
        if (status[i] == DECODED_FAILED) {
            if (strict) {
                nash_fail("file %s: cannot decode image (%s%s)", refs[i].path,
                          by_stb[i] ? "stb_image: " : "", reason[i]);
                goto done;
            }
            if (first_skipped < 0)
                first_skipped = i;
            skipped++;
            continue;
        }
        if (kept != i)
            memmove(ds->pixels + (size_t)kept * image_bytes, ds->pixels + (size_t)i * image_bytes,
                    image_bytes);
        ds->labels[kept++] = refs[i].label;
    }
    ds->n = kept;
    ds->skipped = skipped;
    if (skipped) {
        fprintf(stderr, "nash: warning: skipped %d undecodable images in %s (first: %s)\n",
                skipped, where, refs[first_skipped].path);
        uint8_t *shrunk = realloc(ds->pixels, (size_t)kept * image_bytes);
        if (shrunk)
            ds->pixels = shrunk;
    }
    rc = 0;
done:
    free(status);
    free(reason);
    free(by_stb);
    free(found_w);
    free(found_h);
    return rc;
}

/* ------------------------------------------------------------------------- */
/* Lists of files to decode                                                   */

typedef struct ref_list {
    nash_image_ref *refs;
    int n, cap;
} ref_list;

static int ref_list_add(ref_list *list, const char *dir, const char *name, int32_t label)
{
    if (list->n == list->cap) {
        int cap = list->cap ? list->cap * 2 : 1024;
        nash_image_ref *grown = realloc(list->refs, (size_t)cap * sizeof *grown);
        if (!grown)
            return nash_fail("out of memory listing %d images", list->n);
        list->refs = grown;
        list->cap = cap;
    }
    size_t len = strlen(dir) + 1 + strlen(name) + 1;
    char *path = malloc(len);
    if (!path)
        return nash_fail("out of memory listing %d images", list->n);
    snprintf(path, len, "%s/%s", dir, name);
    list->refs[list->n++] = (nash_image_ref){.path = path, .label = label};
    return 0;
}

static void ref_list_free(ref_list *list)
{
    for (int i = 0; i < list->n; i++)
        free((char *)list->refs[i].path);
    free(list->refs);
    memset(list, 0, sizeof *list);
}

static int has_image_extension(const char *name)
{
    static const char *const extensions[] = {".jpg", ".jpeg", ".png", ".bmp", ".gif",
                                             ".tga", ".ppm", ".pgm", ".pnm", NULL};
    const char *dot = strrchr(name, '.');
    if (!dot)
        return 0;
    for (int i = 0; extensions[i]; i++)
        if (strcasecmp(dot, extensions[i]) == 0)
            return 1;
    return 0;
}

/* Every image file of dir (sorted by name), labelled `label`. */
static int add_folder(ref_list *list, const char *dir, int32_t label)
{
    int count;
    char **names = nash_list_dir(dir, 0, &count);
    if (!names)
        return -1;
    int status = 0;
    for (int i = 0; i < count && status == 0; i++)
        if (has_image_extension(names[i]))
            status = ref_list_add(list, dir, names[i], label);
    nash_free_names(names, count);
    return status;
}

/* ------------------------------------------------------------------------- */
/* ImageFolder and the CIFAR-10 JPEG tree                                     */

int nash_cifar_jpeg_find(const char *dir, char *out, size_t size)
{
    const char *const bases[] = {"", "/cifar-10-jpeg"};
    for (int b = 0; b < 2; b++) {
        char probe[4096];
        int len = snprintf(probe, sizeof probe, "%s%s/train/%s", dir, bases[b],
                           nash_cifar10_class_names[0]);
        if (len < 0 || (size_t)len >= sizeof probe || !nash_is_dir(probe))
            continue;
        len = snprintf(out, size, "%s%s", dir, bases[b]);
        return len >= 0 && (size_t)len < size;
    }
    return 0;
}

int nash_image_folder_load(nash_dataset *ds, const char *root, const char *const *class_names,
                           int classes, int strict)
{
    char **listed = NULL;
    int listed_count = 0;
    if (!class_names) {
        listed = nash_list_dir(root, 1, &listed_count);
        if (!listed)
            return -1;
        if (listed_count == 0) {
            nash_free_names(listed, listed_count);
            return nash_fail("directory %s: no class folders (expected %s/<class>/<image>)", root,
                             root);
        }
        class_names = (const char *const *)listed;
        classes = listed_count;
    }
    ref_list list = {0};
    int rc = -1;
    for (int k = 0; k < classes; k++) {
        char dir[4096];
        if (nash_path_join(dir, sizeof dir, root, class_names[k]) != 0)
            goto done;
        if (!nash_is_dir(dir)) {
            nash_fail("directory %s: missing (class %d of %d)", dir, k, classes);
            goto done;
        }
        if (add_folder(&list, dir, k) != 0)
            goto done;
    }
    if (nash_images_decode(ds, list.refs, list.n, root, 0, 0, strict) != 0 ||
        nash_set_class_names(ds, class_names, classes) != 0)
        goto done;
    nash_source_append(ds, "image folder %s: %d classes, %d files, %d decoded, %d skipped", root,
                       classes, list.n, ds->n, ds->skipped);
    rc = 0;
done:
    ref_list_free(&list);
    nash_free_names(listed, listed_count);
    return rc;
}

/* ------------------------------------------------------------------------- */
/* Tiny-ImageNet                                                              */

static int find_wnid(char *const *wnids, int classes, const char *wnid)
{
    for (int k = 0; k < classes; k++)
        if (strcmp(wnids[k], wnid) == 0)
            return k;
    return -1;
}

/* val/val_annotations.txt: "file<TAB>wnid<TAB>x0<TAB>y0<TAB>x1<TAB>y1" per line. */
static int add_tiny_val(ref_list *list, const char *base, char *const *wnids, int classes)
{
    char path[4096], images[4096];
    if (nash_path_join(path, sizeof path, base, "val/val_annotations.txt") != 0 ||
        nash_path_join(images, sizeof images, base, "val/images") != 0)
        return -1;
    int count;
    char **lines = nash_read_lines(path, &count);
    if (!lines)
        return -1;
    int status = 0;
    for (int i = 0; i < count && status == 0; i++) {
        char *tab = strchr(lines[i], '\t');
        if (!tab) {
            status = nash_fail("file %s: line %d: expected file<TAB>wnid<TAB>box, found '%s'",
                               path, i + 1, lines[i]);
            break;
        }
        *tab = '\0';
        char *wnid = tab + 1, *end = strchr(wnid, '\t');
        if (end)
            *end = '\0';
        int label = find_wnid(wnids, classes, wnid);
        if (label < 0)
            status = nash_fail("file %s: line %d: wnid '%s' is not in wnids.txt", path, i + 1,
                               wnid);
        else
            status = ref_list_add(list, images, lines[i], label);
    }
    nash_free_names(lines, count);
    return status;
}

int nash_tinyimagenet_load(nash_dataset *ds, const char *dir, int test_split, int strict)
{
    char base[4096], path[4096];
    if (nash_path_join(path, sizeof path, dir, "wnids.txt") == 0 && nash_is_file(path)) {
        snprintf(base, sizeof base, "%s", dir);
    } else if (nash_path_join(base, sizeof base, dir, "tiny-imagenet-200") == 0 &&
               nash_path_join(path, sizeof path, base, "wnids.txt") == 0 && nash_is_file(path)) {
        /* base = dir/tiny-imagenet-200 */
    } else {
        return nash_fail("directory %s: no Tiny-ImageNet layout (wnids.txt, "
                         "tiny-imagenet-200/wnids.txt)", dir);
    }
    int classes;
    char **wnids = nash_read_lines(path, &classes);
    if (!wnids)
        return -1;
    ref_list list = {0};
    int rc = -1;
    if (classes == 0) {
        nash_fail("file %s: no wnids", path);
        goto done;
    }
    for (int k = 0; k < classes; k++)
        if (find_wnid(wnids, k, wnids[k]) >= 0) {
            nash_fail("file %s: wnid '%s' listed twice", path, wnids[k]);
            goto done;
        }
    char where[4096 + 16];
    if (test_split) {
        if (add_tiny_val(&list, base, wnids, classes) != 0)
            goto done;
        snprintf(where, sizeof where, "%s/val/images", base);
    } else {
        for (int k = 0; k < classes; k++) {
            char images[4096];
            int len = snprintf(images, sizeof images, "%s/train/%s/images", base, wnids[k]);
            if (len < 0 || (size_t)len >= sizeof images) {
                nash_fail("path %s/train/%s/images: too long", base, wnids[k]);
                goto done;
            }
            if (add_folder(&list, images, k) != 0)
                goto done;
        }
        snprintf(where, sizeof where, "%s/train", base);
    }
    if (nash_images_decode(ds, list.refs, list.n, where, 0, 0, strict) != 0 ||
        nash_set_class_names(ds, (const char *const *)wnids, classes) != 0)
        goto done;
    nash_source_append(ds, "Tiny-ImageNet %s: %d classes (wnids.txt), %d files, %d decoded, "
                       "%d skipped", where, classes, list.n, ds->n, ds->skipped);
    rc = 0;
done:
    ref_list_free(&list);
    nash_free_names(wnids, classes);
    return rc;
}
