/*
 * dataset.c — the entry points of datasets/ that are not one format.
 *
 * Owns: the dataset kind names and their parsing; nash_dataset_load, which
 * checks the split and dispatches to the format readers (cifar.c,
 * image_folder.c, sample_pack.c); nash_dataset_free; where the data directory
 * comes from (nash_data_dir_resolve); the per-channel mean/std of a split; and
 * the small file helpers the readers share (read a file, list a directory,
 * read text lines, join paths). Does not own: any file format (the readers
 * do), decoding (image_folder.c), batching (loader.c).
 */
#include "nash_datasets.h"

#include "nash_kernels.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const nash_data_kind_names[NASH_DATA_KIND_COUNT] = {
    [NASH_DATA_CIFAR10] = "cifar10",
    [NASH_DATA_CIFAR100] = "cifar100",
    [NASH_DATA_TINYIMAGENET] = "tinyimagenet",
    [NASH_DATA_FOLDER] = "folder",
    [NASH_DATA_SAMPLE] = "sample",
};
static_assert(sizeof nash_data_kind_names / sizeof nash_data_kind_names[0] == NASH_DATA_KIND_COUNT,
              "one name per dataset kind");

const char *const nash_cifar10_class_names[10] = {
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
};

int nash_data_kind_parse(const char *name)
{
    for (int k = 0; k < NASH_DATA_KIND_COUNT; k++)
        if (name && strcmp(name, nash_data_kind_names[k]) == 0)
            return k;
    char known[256] = "";
    size_t used = 0;
    for (int k = 0; k < NASH_DATA_KIND_COUNT; k++)
        used += (size_t)snprintf(known + used, sizeof known - used, "%s%s", k ? ", " : "",
                                 nash_data_kind_names[k]);
    return nash_fail("unknown dataset '%s' (known: %s)", name ? name : "(null)", known);
}

/* ------------------------------------------------------------------------- */
/* Shared file helpers                                                        */

int nash_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int nash_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int nash_path_join(char *out, size_t size, const char *a, const char *b)
{
    int len = snprintf(out, size, "%s/%s", a, b);
    if (len < 0 || (size_t)len >= size)
        return nash_fail("path %s/%s: longer than %zu bytes", a, b, size - 1);
    return 0;
}

/* fopen(path, "rb") of a regular file (not a directory, FIFO or device);
 * NULL with a message naming the path. */
static FILE *open_regular(const char *path, struct stat *st)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        nash_fail("file %s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    if (fstat(fileno(f), st) != 0 || !S_ISREG(st->st_mode)) {
        fclose(f);
        nash_fail("file %s: not a regular file", path);
        return NULL;
    }
    return f;
}

int nash_read_file(const char *path, uint8_t **data, size_t *size)
{
    *data = NULL;
    *size = 0;
    struct stat st;
    FILE *f = open_regular(path, &st);
    if (!f)
        return -1;
    size_t want = (size_t)st.st_size;
    uint8_t *buf = malloc(want + 1); /* + a NUL so text files can be used as strings */
    if (!buf) {
        fclose(f);
        return nash_fail("file %s: cannot allocate %zu bytes", path, want);
    }
    size_t got = fread(buf, 1, want, f);
    int read_error = ferror(f);
    fclose(f);
    if (got != want) {
        free(buf);
        return nash_fail("file %s: read %zu of %zu bytes%s", path, got, want,
                         read_error ? " (read error)" : " (file shrank while reading)");
    }
    buf[want] = 0;
    *data = buf;
    *size = want;
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void nash_free_names(char **names, int count)
{
    if (!names)
        return;
    for (int i = 0; i < count; i++)
        free(names[i]);
    free(names);
}

char **nash_list_dir(const char *dir, int dirs, int *count)
{
    *count = 0;
    DIR *d = opendir(dir);
    if (!d) {
        nash_fail("directory %s: cannot open: %s", dir, strerror(errno));
        return NULL;
    }
    int n = 0, cap = 64;
    char **names = malloc((size_t)cap * sizeof *names);
    if (!names) {
        closedir(d);
        nash_fail("directory %s: out of memory", dir);
        return NULL;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        int is_dir = e->d_type == DT_DIR, is_reg = e->d_type == DT_REG;
        if (e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) {
            char full[4096];
            if (nash_path_join(full, sizeof full, dir, e->d_name) != 0)
                continue;
            is_dir = nash_is_dir(full);
            is_reg = nash_is_file(full);
        }
        if (dirs ? !is_dir : !is_reg)
            continue;
        if (n == cap) {
            char **grown = realloc(names, (size_t)cap * 2 * sizeof *names);
            if (!grown)
                goto oom;
            names = grown;
            cap *= 2;
        }
        if (!(names[n] = strdup(e->d_name)))
            goto oom;
        n++;
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, compare_names);
    *count = n;
    return names;
oom:
    closedir(d);
    nash_free_names(names, n);
    nash_fail("directory %s: out of memory after %d entries", dir, n);
    return NULL;
}

int nash_for_each_line(const char *path, nash_line_fn fn, void *user)
{
    struct stat st;
    FILE *f = open_regular(path, &st);
    if (!f)
        return -1;
    /* (resource limit) streamed through one fixed buffer: a huge file is read
     * line by line and a file with no line breaks (a binary file given where a
     * list belongs) is refused after NASH_LINE_MAX bytes, never read whole */
    char *line = malloc(NASH_LINE_MAX + 1);
    if (!line) {
        fclose(f);
        return nash_fail("file %s: out of memory for a line buffer", path);
    }
    int rc = 0;
    long long lineno = 0, offset = 0; /* offset: of the current line's first byte */
    size_t len = 0;
    for (int c = 0; rc == 0 && c != EOF;) {
        c = getc_unlocked(f);
        if (c == EOF && len == 0)
            break;
        if (c != EOF && c != '\n') {
            if (c == '\0') {
                rc = nash_fail("file %s: line %lld at byte offset %lld: NUL byte (expected text)",
                               path, lineno + 1, offset + (long long)len);
            } else if (len == NASH_LINE_MAX) {
                rc = nash_fail("file %s: line %lld at byte offset %lld: longer than %d bytes "
                               "(expected a text list, one entry per line)",
                               path, lineno + 1, offset, NASH_LINE_MAX);
            } else {
                line[len++] = (char)c;
            }
            continue;
        }
        lineno++;
        size_t a = 0, b = len;
        offset += (long long)len + (c == '\n');
        len = 0;
        while (b > a && (line[b - 1] == ' ' || line[b - 1] == '\t' || line[b - 1] == '\r'))
            b--;
        while (a < b && (line[a] == ' ' || line[a] == '\t' || line[a] == '\r'))
            a++;
        if (b == a)
            continue;
        line[b] = '\0';
        if (lineno > INT_MAX)
            rc = nash_fail("file %s: more than %d lines", path, INT_MAX);
        else
            rc = fn(line + a, (int)lineno, user);
    }
    if (rc == 0 && ferror(f))
        rc = nash_fail("file %s: read error after %lld bytes", path, offset);
    free(line);
    fclose(f);
    return rc;
}

typedef struct lines_acc {
    const char *path;
    char **lines;
    int n, cap;
    double bytes; /* kept so far, pointers included */
} lines_acc;

static int keep_line(char *line, int lineno, void *user)
{
    (void)lineno;
    lines_acc *acc = user;
    size_t len = strlen(line);
    acc->bytes += (double)len + 1 + 2 * sizeof(char *);
    const double have = nash_physical_memory_bytes();
    if (have > 0 && acc->bytes > have / 2)
        return nash_fail("file %s: %d lines so far need %.1f GB, more than half of this "
                         "machine's %.1f GB of memory", acc->path, acc->n, acc->bytes / 1e9,
                         have / 1e9);
    if (acc->n == acc->cap) {
        int cap = acc->cap ? acc->cap * 2 : 16;
        char **grown = realloc(acc->lines, (size_t)cap * sizeof *grown);
        if (!grown)
            return nash_fail("file %s: out of memory after %d lines", acc->path, acc->n);
        acc->lines = grown;
        acc->cap = cap;
    }
    if (!(acc->lines[acc->n] = malloc(len + 1)))
        return nash_fail("file %s: out of memory after %d lines", acc->path, acc->n);
    memcpy(acc->lines[acc->n++], line, len + 1);
    return 0;
}

char **nash_read_lines(const char *path, int *count)
{
    *count = 0;
    lines_acc acc = {.path = path};
    if (nash_for_each_line(path, keep_line, &acc) != 0) {
        nash_free_names(acc.lines, acc.n);
        return NULL;
    }
    if (!acc.lines && !(acc.lines = malloc(sizeof *acc.lines))) { /* an empty file: 0 lines */
        nash_fail("file %s: out of memory", path);
        return NULL;
    }
    *count = acc.n;
    return acc.lines;
}

void nash_source_append(nash_dataset *ds, const char *fmt, ...)
{
    size_t used = strlen(ds->source), size = sizeof ds->source;
    if (used + 4 >= size)
        return;
    if (used)
        used += (size_t)snprintf(ds->source + used, size - used, "; ");
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(ds->source + used, size - used, fmt, ap);
    va_end(ap);
    if (len < 0 || used + (size_t)len >= size)
        memcpy(ds->source + size - 4, "...", 4);
}

int nash_set_class_names(nash_dataset *ds, const char *const *names, int classes)
{
    ds->class_names = calloc((size_t)classes, sizeof *ds->class_names);
    if (!ds->class_names)
        return nash_fail("out of memory for %d class names", classes);
    ds->classes = classes;
    for (int k = 0; k < classes; k++) {
        char number[16];
        snprintf(number, sizeof number, "%d", k);
        if (!(ds->class_names[k] = strdup(names ? names[k] : number)))
            return nash_fail("out of memory for class names");
    }
    return 0;
}

/* ------------------------------------------------------------------------- */
/* Loading                                                                    */

static int load_cifar10_any(nash_dataset *ds, const char *dir, int test_split, int strict)
{
    char found[4096];
    if (nash_cifar_find(NASH_DATA_CIFAR10, dir, found, sizeof found))
        return nash_cifar_load(ds, NASH_DATA_CIFAR10, found, test_split);
    if (nash_cifar_jpeg_find(dir, found, sizeof found)) {
        char root[4096];
        if (nash_path_join(root, sizeof root, found, test_split ? "test" : "train") != 0)
            return -1;
        return nash_image_folder_load(ds, root, nash_cifar10_class_names, 10, strict);
    }
    /* nash's shipped sample is CIFAR-10 too: `--data datasets/sample` works as it reads */
    char pack[4096];
    if (nash_path_join(pack, sizeof pack, dir, NASH_SAMPLE_PACK_NAME) == 0 &&
        access(pack, F_OK) == 0)
        return nash_sample_pack_load(ds, dir, test_split, strict);
    return nash_fail("directory %s: no CIFAR-10 binaries (data_batch_1.bin, test_batch.bin, "
                     "cifar-10-batches-bin*/), no JPEG tree (train/airplane/, "
                     "cifar-10-jpeg/train/airplane/) and no %s", dir, NASH_SAMPLE_PACK_NAME);
}

static int load_folder(nash_dataset *ds, const char *dir, const char *split, int strict)
{
    /* ImageFolder: dir/<split>/<class>/; "test" falls back to "val" and back. */
    char root[4096];
    if (nash_path_join(root, sizeof root, dir, split) != 0)
        return -1;
    if (!nash_is_dir(root)) {
        const char *other = strcmp(split, "test") == 0 ? "val" : strcmp(split, "val") == 0 ? "test" : NULL;
        char alt[4096];
        if (other && nash_path_join(alt, sizeof alt, dir, other) == 0 && nash_is_dir(alt))
            memcpy(root, alt, sizeof root);
        else
            return nash_fail("directory %s: no such directory (ImageFolder expects %s/<class>/<image>)",
                             root, root);
    }
    return nash_image_folder_load(ds, root, NULL, 0, strict);
}

int nash_dataset_load(nash_dataset *ds, nash_data_kind kind, const char *dir, const char *split,
                      int strict)
{
    memset(ds, 0, sizeof *ds);
    ds->kind = kind;
    ds->c = 3;
    if ((int)kind < 0 || kind >= NASH_DATA_KIND_COUNT)
        return nash_fail("nash_dataset_load: kind %d out of range 0..%d", (int)kind,
                         NASH_DATA_KIND_COUNT - 1);
    if (!dir || !split)
        return nash_fail("nash_dataset_load: dir and split must be given");
    int test_split;
    if (strcmp(split, "train") == 0)
        test_split = 0;
    else if (strcmp(split, "test") == 0 || strcmp(split, "val") == 0)
        test_split = 1;
    else
        return nash_fail("nash_dataset_load: split '%s': expected train, test or val", split);
    if (access(dir, F_OK) != 0)
        return nash_fail("data directory %s: %s", dir, strerror(errno));

    int status;
    switch (kind) {
    case NASH_DATA_CIFAR10:
        status = load_cifar10_any(ds, dir, test_split, strict);
        break;
    case NASH_DATA_CIFAR100: {
        char found[4096];
        if (nash_cifar_find(NASH_DATA_CIFAR100, dir, found, sizeof found))
            status = nash_cifar_load(ds, kind, found, test_split);
        else
            status = nash_fail("directory %s: no CIFAR-100 binaries (train.bin, test.bin, "
                               "cifar-100-binary*/)", dir);
        break;
    }
    case NASH_DATA_TINYIMAGENET:
        status = nash_tinyimagenet_load(ds, dir, test_split, strict);
        break;
    case NASH_DATA_FOLDER:
        status = load_folder(ds, dir, split, strict);
        break;
    case NASH_DATA_SAMPLE:
        status = nash_sample_pack_load(ds, dir, test_split, strict);
        break;
    default:
        status = -1;
    }
    if (status != 0) {
        nash_dataset_free(ds);
        ds->kind = kind;
        return nash_fail_context("loading %s %s from %s", nash_data_kind_names[kind], split, dir);
    }
    ds->kind = kind;
    return 0;
}

void nash_dataset_free(nash_dataset *ds)
{
    if (!ds)
        return;
    free(ds->pixels);
    free(ds->labels);
    free(ds->coarse);
    if (ds->class_names)
        nash_free_names(ds->class_names, ds->classes);
    memset(ds, 0, sizeof *ds);
}

void nash_dataset_mean_std(const nash_dataset *ds, float mean[3], float std[3])
{
    /* Exact integer sums (so the result does not depend on the thread count):
     * sum v and sum v^2 per channel stay far below 2^64 for any real split. */
    uint64_t sum[3] = {0, 0, 0}, sq[3] = {0, 0, 0};
    int64_t pixels = (int64_t)ds->n * ds->h * ds->w;
    const uint8_t *p = ds->pixels;
    if (pixels <= 0 || !p || ds->c != 3) {
        for (int c = 0; c < 3; c++) {
            mean[c] = 0.0f;
            std[c] = 1.0f;
        }
        return;
    }
#pragma omp parallel for reduction(+ : sum[:3], sq[:3]) schedule(static)
    for (int64_t i = 0; i < pixels; i++)
        for (int c = 0; c < 3; c++) {
            uint64_t v = p[i * 3 + c];
            sum[c] += v;
            sq[c] += v * v;
        }
    for (int c = 0; c < 3; c++) {
        double m = (double)sum[c] / (double)pixels;
        double var = (double)sq[c] / (double)pixels - m * m;
        mean[c] = (float)(m / 255.0);
        std[c] = (float)(sqrt(var > 0 ? var : 0) / 255.0);
    }
}

/* ------------------------------------------------------------------------- */
/* Where the data is                                                          */

/* The usual sub-folders of a dataset inside a collection directory, most
 * preferred first; a trailing '*' matches any suffix (first match by name). */
static const char *const *subfolders_of(const char *kind_name)
{
    static const char *const cifar10[] = {"cifar-10-batches-bin", "cifar-10-jpeg",
                                          "cifar-10-batches-bin*", NULL};
    static const char *const cifar100[] = {"cifar-100-binary", "cifar-100-binary*", NULL};
    static const char *const tiny[] = {"tiny-imagenet-200", "tiny-imagenet*", NULL};
    static const char *const none[] = {NULL};
    if (!kind_name)
        return none;
    if (strcmp(kind_name, "cifar10") == 0)
        return cifar10;
    if (strcmp(kind_name, "cifar100") == 0)
        return cifar100;
    if (strcmp(kind_name, "tinyimagenet") == 0)
        return tiny;
    return none;
}

/* out = base, or base/<the dataset's usual sub-folder> when base holds one. */
static int descend(const char *base, const char *kind_name, char *out, size_t size)
{
    for (const char *const *pattern = subfolders_of(kind_name); *pattern; pattern++) {
        size_t len = strlen(*pattern);
        if ((*pattern)[len - 1] != '*') {
            char path[4096];
            if (nash_path_join(path, sizeof path, base, *pattern) == 0 && nash_is_dir(path))
                return nash_path_join(out, size, base, *pattern);
            continue;
        }
        int count;
        char **names = nash_list_dir(base, 1, &count);
        if (!names) { /* base is a file (a sample pack): nothing to descend into */
            nash_clear_error();
            continue;
        }
        int hit = -1;
        for (int i = 0; i < count && hit < 0; i++)
            if (strncmp(names[i], *pattern, len - 1) == 0)
                hit = i;
        int status = hit >= 0 ? nash_path_join(out, size, base, names[hit]) : 1;
        nash_free_names(names, count);
        if (status <= 0)
            return status;
    }
    size_t len = strlen(base);
    if (len >= size)
        return nash_fail("data directory %s: longer than %zu bytes", base, size - 1);
    memcpy(out, base, len + 1);
    return 0;
}

int nash_data_dir_resolve(const char *flag, const char *kind_name, char *out, size_t size,
                          const char **how, nash_data_kind *kind_out)
{
    const char *unused_how;
    if (!how)
        how = &unused_how;
    if (kind_out && kind_name) {
        int k = nash_data_kind_parse(kind_name);
        if (k >= 0)
            *kind_out = (nash_data_kind)k;
        nash_clear_error();
    }
    if (flag && flag[0]) {
        if (access(flag, F_OK) != 0)
            return nash_fail("--data %s: %s", flag, strerror(errno));
        *how = "--data";
        return descend(flag, kind_name, out, size);
    }
    const char *env = getenv("NASH_DATA");
    if (env && env[0]) {
        if (access(env, F_OK) != 0)
            return nash_fail("$NASH_DATA=%s: %s", env, strerror(errno));
        *how = "$NASH_DATA";
        return descend(env, kind_name, out, size);
    }
    if (nash_is_dir("./data")) {
        *how = "./data";
        return descend("./data", kind_name, out, size);
    }
    if (nash_is_dir("../shared/datasets")) {
        *how = "../shared/datasets";
        return descend("../shared/datasets", kind_name, out, size);
    }
    /* The shipped sample: <repo>/datasets/sample next to <repo>/build/<exe>, or ./datasets/sample. */
    char exe[4096], candidate[4096 + 64];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(candidate, sizeof candidate, "%s/../datasets/sample/%s", exe,
                     NASH_SAMPLE_PACK_NAME);
            if (nash_is_file(candidate)) {
                snprintf(candidate, sizeof candidate, "%s/../datasets/sample", exe);
                goto sample;
            }
        }
    }
    snprintf(candidate, sizeof candidate, "./datasets/sample/%s", NASH_SAMPLE_PACK_NAME);
    if (nash_is_file(candidate)) {
        snprintf(candidate, sizeof candidate, "./datasets/sample");
        goto sample;
    }
    return nash_fail("no data directory: no --data, $NASH_DATA unset, no ./data, no "
                     "../shared/datasets, and no shipped sample (<exe dir>/../datasets/sample/%s "
                     "or ./datasets/sample/%s)", NASH_SAMPLE_PACK_NAME, NASH_SAMPLE_PACK_NAME);
sample:
    if (strlen(candidate) >= size)
        return nash_fail("sample directory %s: longer than %zu bytes", candidate, size - 1);
    memcpy(out, candidate, strlen(candidate) + 1);
    *how = "shipped sample";
    if (kind_out)
        *kind_out = NASH_DATA_SAMPLE;
    return 0;
}
