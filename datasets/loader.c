/*
 * loader.c — shuffled, augmented, normalised batches with a prefetch thread.
 *
 * Owns: turning a decoded split (uint8 HWC) into batches of blocked nChw16c
 * floats (C = 3 -> one 16-lane block, lanes 3..15 zero), normalised as
 * (pixel / 255 - mean[c]) / std[c] (computed in float exactly so, through a
 * 256-entry table per channel); the epoch order; augmentation; the prefetch
 * thread. Does not own: decoding (image_folder.c, cifar.c), training.
 *
 * Augmentation is torchvision's RandomCrop(H, padding=p) then
 * RandomHorizontalFlip(0.5): the image is zero-padded by p in *pixel* space,
 * so padded pixels normalise to (0 - mean) / std, a crop offset (oy, ox) is
 * drawn uniformly from [0, 2p]^2 and then the crop is mirrored with
 * probability 0.5. crop_pad 0 means 4 when augmenting; crop_pad < 0 means flip
 * only.
 *
 * Determinism: the permutation of epoch e comes from a generator seeded by
 * (seed, e); the crop/flip of the sample at position i of epoch e from one
 * seeded by (seed, e, i). Nothing depends on which thread builds a batch or
 * when, so prefetch on and off give identical batches.
 *
 * Prefetch: one pthread builds batch k into slot k % 2 of an internal double
 * buffer (allocated once, at create) while the caller trains on batch k - 1;
 * nash_loader_next waits for its slot, copies it out and frees the slot. With
 * prefetch off, nash_loader_next builds the batch straight into the caller's
 * buffer. No allocation per batch or per epoch.
 */
#include "nash_datasets.h"

#include "nash_kernels.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define LOADER_SLOTS 2

struct nash_loader {
    const nash_dataset *ds;
    nash_loader_config cfg;
    int batches;
    int64_t sample_floats; /* one blocked (1, C, H, W) image, pad lanes included */
    float table[3][256];   /* normalised value of each pixel value per channel */
    int32_t *order;        /* the epoch's permutation of 0..n-1 */
    int epoch, started, next_batch;

    /* prefetch */
    int prefetch;
    pthread_t thread;
    pthread_mutex_t mutex;
    pthread_cond_t changed;
    float *slot_images[LOADER_SLOTS];
    int32_t *slot_labels[LOADER_SLOTS];
    int slot_batch[LOADER_SLOTS]; /* batch index held, -1 = free */
    int slot_n[LOADER_SLOTS];
    int produce_next;   /* the next batch the thread builds */
    unsigned generation; /* bumped by start_epoch; a batch built for an old one is dropped */
    int busy, quit;
};

static uint64_t mix64(uint64_t z)
{
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* A generator for stream `what` of (seed, epoch, position). */
static void stream_seed(nash_rng *rng, uint64_t seed, int epoch, int64_t position, uint64_t what)
{
    nash_rng_seed(rng, mix64(mix64(mix64(seed ^ what) + (uint64_t)(uint32_t)epoch) +
                             (uint64_t)position));
}
enum { STREAM_ORDER = 0x6f72646572ull, STREAM_AUGMENT = 0x6175676dull };

/* ------------------------------------------------------------------------- */
/* Building one batch                                                         */

/* Sample `index` of the dataset at epoch position `position` -> blocked (1, 3, H, W). */
static void write_sample(const nash_loader *ld, int index, int64_t position, float *out)
{
    const nash_dataset *ds = ld->ds;
    const int H = ds->h, W = ds->w;
    const uint8_t *src = ds->pixels + (size_t)index * H * W * 3;
    int pad = 0, oy = 0, ox = 0, flip = 0;
    if (ld->cfg.augment) {
        nash_rng rng;
        stream_seed(&rng, ld->cfg.seed, ld->epoch, position, STREAM_AUGMENT);
        pad = ld->cfg.crop_pad > 0 ? ld->cfg.crop_pad : 0;
        oy = (int)nash_rng_below(&rng, (uint32_t)(2 * pad + 1));
        ox = (int)nash_rng_below(&rng, (uint32_t)(2 * pad + 1));
        flip = (int)(nash_rng_next(&rng) >> 63);
    }
    const float zero[3] = {ld->table[0][0], ld->table[1][0], ld->table[2][0]};
    for (int y = 0; y < H; y++) {
        const int sy = y + oy - pad;
        for (int x = 0; x < W; x++) {
            const int sx = (flip ? W - 1 - x : x) + ox - pad;
            float *px = out + ((int64_t)y * W + x) * NASH_BLOCK;
            if (sy >= 0 && sy < H && sx >= 0 && sx < W) {
                const uint8_t *s = src + ((size_t)sy * W + sx) * 3;
                px[0] = ld->table[0][s[0]];
                px[1] = ld->table[1][s[1]];
                px[2] = ld->table[2][s[2]];
            } else {
                px[0] = zero[0];
                px[1] = zero[1];
                px[2] = zero[2];
            }
            for (int lane = 3; lane < NASH_BLOCK; lane++)
                px[lane] = 0.0f;
        }
    }
}

/* Batch `b` of the current epoch into images/labels; returns its size. */
static int build_batch(const nash_loader *ld, int b, float *images, int32_t *labels)
{
    const int64_t start = (int64_t)b * ld->cfg.batch;
    int n = ld->ds->n - (int)start < ld->cfg.batch ? ld->ds->n - (int)start : ld->cfg.batch;
    for (int i = 0; i < n; i++) {
        int index = ld->order[start + i];
        labels[i] = ld->ds->labels[index];
        write_sample(ld, index, start + i, images + (int64_t)i * ld->sample_floats);
    }
    return n;
}

static void make_order(nash_loader *ld)
{
    const int n = ld->ds->n;
    for (int i = 0; i < n; i++)
        ld->order[i] = i;
    if (!ld->cfg.shuffle)
        return;
    nash_rng rng;
    stream_seed(&rng, ld->cfg.seed, ld->epoch, 0, STREAM_ORDER);
    for (int i = n - 1; i > 0; i--) { /* Fisher-Yates */
        int j = (int)nash_rng_below(&rng, (uint32_t)i + 1);
        int32_t t = ld->order[i];
        ld->order[i] = ld->order[j];
        ld->order[j] = t;
    }
}

/* ------------------------------------------------------------------------- */
/* The prefetch thread                                                        */

static void *prefetch_main(void *arg)
{
    nash_loader *ld = arg;
    pthread_mutex_lock(&ld->mutex);
    for (;;) {
        while (!ld->quit && !(ld->started && ld->produce_next < ld->batches &&
                              ld->slot_batch[ld->produce_next % LOADER_SLOTS] < 0))
            pthread_cond_wait(&ld->changed, &ld->mutex);
        if (ld->quit)
            break;
        const int b = ld->produce_next, slot = b % LOADER_SLOTS;
        const unsigned generation = ld->generation;
        ld->busy = 1;
        pthread_mutex_unlock(&ld->mutex);
        /* order/epoch cannot change while busy: start_epoch waits for busy == 0 */
        int n = build_batch(ld, b, ld->slot_images[slot], ld->slot_labels[slot]);
        pthread_mutex_lock(&ld->mutex);
        ld->busy = 0;
        if (generation == ld->generation) {
            ld->slot_batch[slot] = b;
            ld->slot_n[slot] = n;
            ld->produce_next = b + 1;
        }
        pthread_cond_broadcast(&ld->changed);
    }
    pthread_mutex_unlock(&ld->mutex);
    return NULL;
}

/* ------------------------------------------------------------------------- */
/* Public                                                                     */

nash_loader *nash_loader_create(const nash_dataset *ds, const nash_loader_config *cfg)
{
    if (!ds || !cfg) {
        nash_fail("nash_loader_create: dataset and config must be given");
        return NULL;
    }
    if (ds->c != 3 || ds->h <= 0 || ds->w <= 0 || ds->n < 0 || (ds->n > 0 && (!ds->pixels || !ds->labels))) {
        nash_fail("nash_loader_create: dataset %dx%dx%d with %d images: expected 3 channels, "
                  "a positive size and pixels/labels", ds->h, ds->w, ds->c, ds->n);
        return NULL;
    }
    if (cfg->batch <= 0) {
        nash_fail("nash_loader_create: batch %d: expected >= 1", cfg->batch);
        return NULL;
    }
    for (int c = 0; c < 3; c++)
        if (!(cfg->std[c] > 0.0f)) {
            nash_fail("nash_loader_create: std[%d] = %g: expected > 0 (set mean/std, e.g. from "
                      "nash_dataset_mean_std)", c, (double)cfg->std[c]);
            return NULL;
        }
    nash_loader *ld = calloc(1, sizeof *ld);
    if (!ld) {
        nash_fail("nash_loader_create: out of memory");
        return NULL;
    }
    ld->ds = ds;
    ld->cfg = *cfg;
    if (ld->cfg.augment && ld->cfg.crop_pad == 0)
        ld->cfg.crop_pad = 4;
    ld->batches = cfg->drop_last ? ds->n / cfg->batch : (ds->n + cfg->batch - 1) / cfg->batch;
    ld->sample_floats = nash_blocked_size(1, ds->c, ds->h, ds->w);
    for (int c = 0; c < 3; c++)
        for (int v = 0; v < 256; v++)
            ld->table[c][v] = ((float)v / 255.0f - cfg->mean[c]) / cfg->std[c];
    ld->order = malloc((size_t)(ds->n > 0 ? ds->n : 1) * sizeof *ld->order);
    if (!ld->order)
        goto oom;
    ld->prefetch = cfg->prefetch >= 0;
    if (ld->prefetch) {
        for (int s = 0; s < LOADER_SLOTS; s++) {
            ld->slot_images[s] = malloc((size_t)(ld->sample_floats * cfg->batch) * sizeof(float));
            ld->slot_labels[s] = malloc((size_t)cfg->batch * sizeof(int32_t));
            ld->slot_batch[s] = -1;
            if (!ld->slot_images[s] || !ld->slot_labels[s])
                goto oom;
        }
        pthread_mutex_init(&ld->mutex, NULL);
        pthread_cond_init(&ld->changed, NULL);
        if (pthread_create(&ld->thread, NULL, prefetch_main, ld) != 0) {
            pthread_mutex_destroy(&ld->mutex);
            pthread_cond_destroy(&ld->changed);
            ld->prefetch = 0;
            nash_fail("nash_loader_create: cannot start the prefetch thread");
            nash_loader_free(ld);
            return NULL;
        }
    }
    return ld;
oom:
    ld->prefetch = 0; /* no thread yet */
    nash_loader_free(ld);
    nash_fail("nash_loader_create: out of memory for batches of %d", cfg->batch);
    return NULL;
}

void nash_loader_free(nash_loader *ld)
{
    if (!ld)
        return;
    if (ld->prefetch) {
        pthread_mutex_lock(&ld->mutex);
        ld->quit = 1;
        pthread_cond_broadcast(&ld->changed);
        pthread_mutex_unlock(&ld->mutex);
        pthread_join(ld->thread, NULL);
        pthread_mutex_destroy(&ld->mutex);
        pthread_cond_destroy(&ld->changed);
    }
    for (int s = 0; s < LOADER_SLOTS; s++) {
        free(ld->slot_images[s]);
        free(ld->slot_labels[s]);
    }
    free(ld->order);
    free(ld);
}

int nash_loader_batches(const nash_loader *ld)
{
    return ld->batches;
}

void nash_loader_start_epoch(nash_loader *ld, int epoch)
{
    if (ld->prefetch) {
        pthread_mutex_lock(&ld->mutex);
        ld->generation++;
        while (ld->busy)
            pthread_cond_wait(&ld->changed, &ld->mutex);
    }
    ld->epoch = epoch;
    make_order(ld);
    ld->next_batch = 0;
    ld->started = 1;
    if (ld->prefetch) {
        for (int s = 0; s < LOADER_SLOTS; s++)
            ld->slot_batch[s] = -1;
        ld->produce_next = 0;
        pthread_cond_broadcast(&ld->changed);
        pthread_mutex_unlock(&ld->mutex);
    }
}

int nash_loader_next(nash_loader *ld, float *images, int32_t *labels)
{
    if (!ld->started)
        nash_loader_start_epoch(ld, 0);
    const int b = ld->next_batch;
    if (b >= ld->batches)
        return 0;
    if (!ld->prefetch) {
        ld->next_batch++;
        return build_batch(ld, b, images, labels);
    }
    const int slot = b % LOADER_SLOTS;
    pthread_mutex_lock(&ld->mutex);
    while (ld->slot_batch[slot] != b)
        pthread_cond_wait(&ld->changed, &ld->mutex);
    const int n = ld->slot_n[slot];
    pthread_mutex_unlock(&ld->mutex);
    /* the thread leaves a filled slot alone until it is marked free below */
    memcpy(images, ld->slot_images[slot], (size_t)(ld->sample_floats * n) * sizeof(float));
    memcpy(labels, ld->slot_labels[slot], (size_t)n * sizeof(int32_t));
    pthread_mutex_lock(&ld->mutex);
    ld->slot_batch[slot] = -1;
    ld->next_batch = b + 1;
    pthread_cond_broadcast(&ld->changed);
    pthread_mutex_unlock(&ld->mutex);
    return n;
}
