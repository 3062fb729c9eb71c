/*
 * proxy_inputs.c — the proxy minibatch, the seeded architecture sample and
 * the --train-limit subset rule, shared by cmd_proxies.c, cmd_search.c,
 * cmd_study.c and cmd_train.c (see proxy_inputs.h).
 */
#include "proxy_inputs.h"

#include <stdlib.h>
#include <string.h>

#include "csv_table.h"
#include "report_files.h"

int proxy_images_draw(const nash_dataset *ds, int seed, int need, int imagenet16,
                      const float mean[3], const float std[3], proxy_images *pi)
{
    int factor = imagenet16 ? ds->h / 16 : 1;
    if (imagenet16 && (factor < 1 || ds->h % 16 || ds->w % 16))
        return nash_fail("imagenet16 stand-in: images are %dx%d, not a multiple of 16", ds->h,
                         ds->w);
    int32_t *pool = malloc((size_t)(ds->n ? ds->n : 1) * sizeof(int32_t));
    if (!pool)
        return nash_fail("out of memory for %d image indices", ds->n);
    int pool_n = 0;
    for (int i = 0; i < ds->n; i++)
        if (!imagenet16 || ds->labels[i] < 120)
            pool[pool_n++] = i;
    if (pool_n < need) {
        free(pool);
        return nash_fail("%d usable training images, the proxies need %d", pool_n, need);
    }
    pi->c = 3;
    pi->h = ds->h / factor;
    pi->w = ds->w / factor;
    pi->classes = imagenet16 ? 120 : ds->classes;
    pi->n = need;
    memcpy(pi->mean, mean, sizeof pi->mean);
    memcpy(pi->std, std, sizeof pi->std);
    pi->images = malloc((size_t)need * 3 * pi->h * pi->w * sizeof(float));
    pi->labels = malloc((size_t)need * sizeof(int32_t));
    if (!pi->images || !pi->labels) {
        free(pool);
        proxy_images_free(pi);
        return nash_fail("out of memory for %d images", need);
    }
    nash_rng rng;
    nash_rng_seed(&rng, (uint64_t)seed * 0x9e3779b97f4a7c15ULL + 17);
    for (int i = 0; i < need; i++) { /* partial Fisher-Yates: need distinct images */
        int j = i + (int)nash_rng_below(&rng, (uint32_t)(pool_n - i));
        int32_t t = pool[i];
        pool[i] = pool[j];
        pool[j] = t;
        int src = pool[i];
        pi->labels[i] = ds->labels[src];
        const uint8_t *px = ds->pixels + (size_t)src * ds->h * ds->w * 3;
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < pi->h; y++)
                for (int x = 0; x < pi->w; x++) {
                    double s = 0;
                    for (int dy = 0; dy < factor; dy++)
                        for (int dx = 0; dx < factor; dx++)
                            s += px[((size_t)(y * factor + dy) * ds->w + x * factor + dx) * 3 + c];
                    s /= 255.0 * factor * factor;
                    pi->images[(((size_t)i * 3 + c) * pi->h + y) * pi->w + x] =
                        (float)((s - mean[c]) / std[c]);
                }
    }
    free(pool);
    return 0;
}

int proxy_images_load(const char *dataset, const char *data, int seed, int need,
                      proxy_images *pi)
{
    memset(pi, 0, sizeof *pi);
    int imagenet16 = strcmp(dataset, "imagenet16") == 0;
    const char *kind_name = imagenet16 ? "tinyimagenet" : dataset;
    int kind = nash_data_kind_parse(kind_name);
    if (kind < 0)
        return -1;
    char dir[4096];
    const char *how;
    nash_data_kind k = (nash_data_kind)kind;
    if (nash_data_dir_resolve(data, kind_name, dir, sizeof dir, &how, &k) != 0)
        return -1;
    nash_dataset ds;
    if (nash_dataset_load(&ds, k, dir, "train", 0) != 0)
        return nash_fail_context("proxy minibatch");
    float mean[3], std[3];
    nash_dataset_mean_std(&ds, mean, std);
    int rc = proxy_images_draw(&ds, seed, need, imagenet16, mean, std, pi);
    nash_dataset_free(&ds);
    if (rc != 0)
        return nash_fail_context("%s", dir);
    snprintf(pi->source, sizeof pi->source, "%s (%s)%s", dir, how,
             imagenet16 ? "; Tiny-ImageNet classes 0-119 box-filtered to 16x16 stand in for "
                          "ImageNet16-120"
                        : "");
    return 0;
}

void proxy_images_free(proxy_images *pi)
{
    free(pi->images);
    free(pi->labels);
    pi->images = NULL;
    pi->labels = NULL;
}

int arch_list_push(arch_list *l, const char *arch, int64_t index)
{
    char **a = realloc(l->arch, (size_t)(l->n + 1) * sizeof *a);
    if (a)
        l->arch = a;
    int64_t *ix = realloc(l->index, (size_t)(l->n + 1) * sizeof *ix);
    if (ix)
        l->index = ix;
    char *copy = a && ix ? strdup(arch) : NULL;
    if (!copy)
        return nash_fail("out of memory for %d architectures", l->n + 1);
    l->arch[l->n] = copy;
    l->index[l->n] = index;
    l->n++;
    return 0;
}

void arch_list_free(arch_list *l)
{
    for (int i = 0; l->arch && i < l->n; i++)
        free(l->arch[i]);
    free(l->arch);
    free(l->index);
    memset(l, 0, sizeof *l);
}

int arch_list_sample(const nash_space *sp, int64_t count, uint64_t seed, arch_list *l)
{
    int64_t size = nash_space_size(sp);
    char buf[NASH_SPACE_ARCH_MAX];
    memset(l, 0, sizeof *l);
    if (size >= 0 && count > size)
        return nash_fail("space %s has only %lld architectures, %lld asked", nash_space_name(sp),
                         (long long)size, (long long)count);
    nash_rng rng;
    nash_rng_seed(&rng, seed);
    if (size >= 0) {
        int64_t *perm = malloc((size_t)(size ? size : 1) * sizeof(int64_t));
        if (!perm)
            return nash_fail("out of memory for a permutation of %lld indices", (long long)size);
        for (int64_t i = 0; i < size; i++)
            perm[i] = i;
        for (int64_t i = 0; i < count; i++) {
            int64_t j = i + (int64_t)(nash_rng_next(&rng) % (uint64_t)(size - i));
            int64_t t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
            if (nash_space_from_index(sp, perm[i], buf, sizeof buf) != 0 ||
                arch_list_push(l, buf, perm[i]) != 0) {
                free(perm);
                return nash_fail_context("architecture %lld of %lld", (long long)i + 1,
                                         (long long)count);
            }
        }
        free(perm);
        return 0;
    }
    for (int64_t i = 0; i < count; i++) {
        int fresh = 0;
        for (int attempt = 0; attempt < 1000 && !fresh; attempt++) {
            if (nash_space_sample(sp, &rng, buf, sizeof buf) != 0)
                return -1;
            fresh = 1;
            for (int k = 0; k < l->n && fresh; k++)
                fresh = strcmp(l->arch[k], buf) != 0;
        }
        if (!fresh)
            return nash_fail("space %s: 1000 draws in a row repeated earlier architectures",
                             nash_space_name(sp));
        if (arch_list_push(l, buf, -1) != 0)
            return -1;
    }
    return 0;
}

int dataset_take_subset(nash_dataset *ds, int limit, uint64_t seed)
{
    if (limit <= 0 || limit >= ds->n)
        return 0;
    int *perm = malloc(sizeof(int) * (size_t)ds->n);
    char *keep = calloc((size_t)ds->n, 1);
    if (!perm || !keep) {
        free(perm);
        free(keep);
        return nash_fail("out of memory choosing %d of %d images", limit, ds->n);
    }
    for (int i = 0; i < ds->n; i++)
        perm[i] = i;
    nash_rng rng;
    nash_rng_seed(&rng, seed ^ 0x5eedf00dULL);
    for (int i = ds->n - 1; i > 0; i--) {
        int j = (int)nash_rng_below(&rng, (uint32_t)i + 1), t = perm[i];
        perm[i] = perm[j], perm[j] = t;
    }
    for (int i = 0; i < limit; i++)
        keep[perm[i]] = 1;
    size_t img = (size_t)ds->h * ds->w * ds->c;
    int k = 0;
    for (int i = 0; i < ds->n; i++)
        if (keep[i]) {
            memmove(ds->pixels + k * img, ds->pixels + i * img, img);
            ds->labels[k] = ds->labels[i];
            if (ds->coarse)
                ds->coarse[k] = ds->coarse[i];
            k++;
        }
    ds->n = k;
    free(perm);
    free(keep);
    return 0;
}

/* ------------------------------------------------------------------------- */
/* Candidate order of a results file                                          */

typedef struct arch_pos {
    const char *arch;
    int64_t pos;
} arch_pos;

static int cmp_arch_pos(const void *a, const void *b)
{
    return strcmp(((const arch_pos *)a)->arch, ((const arch_pos *)b)->arch);
}

static int cmp_pos(const void *a, const void *b)
{
    const arch_pos *x = a, *y = b;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

int results_sort_by_arch(const char *path, const arch_list *l)
{
    csv_table t;
    if (csv_read(&t, path) != 0)
        return -1;
    int col = csv_require_column(&t, "arch");
    size_t len = 0;
    char *raw = NULL;
    if (col >= 0 && nash_read_file(path, (uint8_t **)&raw, &len) != 0)
        col = -1, raw = NULL;
    arch_pos *lookup = malloc(sizeof(arch_pos) * (size_t)(l->n + 1));
    arch_pos *rows = malloc(sizeof(arch_pos) * (size_t)(t.n_rows + 1));
    const char **line = malloc(sizeof(char *) * (size_t)(t.n_rows + 2));
    int rc = -1;
    if (col < 0 || !raw || !lookup || !rows || !line) {
        if (col >= 0)
            nash_fail("%s: out of memory sorting %lld rows", path, (long long)t.n_rows);
        goto done;
    }
    for (int i = 0; i < l->n; i++)
        lookup[i] = (arch_pos){l->arch[i], i};
    qsort(lookup, (size_t)l->n, sizeof *lookup, cmp_arch_pos);
    /* start of every physical line (rows are one line each: arch strings have no newline) */
    int64_t n_lines = 0, cap = t.n_rows + 2;
    for (char *p = raw; p < raw + len && n_lines < cap; n_lines++) {
        line[n_lines] = p;
        char *nl = memchr(p, '\n', (size_t)(raw + len - p));
        if (!nl) {
            nash_fail("%s: last line has no newline (a torn append?)", path);
            goto done;
        }
        *nl = '\0';
        p = nl + 1;
    }
    for (int64_t r = 0; r < t.n_rows; r++) {
        int64_t ln = t.row_line[r] - 1;
        if (ln < 1 || ln >= n_lines) {
            nash_fail("%s:%lld: a row spans lines; cannot reorder", path, (long long)ln + 1);
            goto done;
        }
        arch_pos key = {csv_cell(&t, r, col), 0};
        arch_pos *hit = bsearch(&key, lookup, (size_t)l->n, sizeof *lookup, cmp_arch_pos);
        rows[r] = (arch_pos){line[ln], hit ? hit->pos : (int64_t)l->n + r};
    }
    qsort(rows, (size_t)t.n_rows, sizeof *rows, cmp_pos);
    text_buf out = {0};
    tb_printf(&out, "%s\n", line[0]);
    for (int64_t r = 0; r < t.n_rows; r++)
        tb_printf(&out, "%s\n", rows[r].arch);
    rc = tb_write_atomic(&out, path);
done:
    free(raw);
    free(lookup);
    free(rows);
    free(line);
    csv_free(&t);
    return rc;
}
