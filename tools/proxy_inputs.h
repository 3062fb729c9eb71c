/*
 * proxy_inputs.h — what `nash proxies`, `nash search` and `nash study` share
 * about their inputs (tools/ only): the one proxy minibatch, the seeded
 * choice of architectures, and the seeded subset rule of --train-limit /
 * --test-limit. One copy, so that the three commands see exactly the same
 * images and architectures for the same seed.
 */
#ifndef NASH_PROXY_INPUTS_H
#define NASH_PROXY_INPUTS_H

#include <stdint.h>

#include "nash_datasets.h"
#include "nash_nas.h"

typedef struct proxy_images {
    float *images; /* need x 3 x h x w, normalised, plain NCHW */
    int32_t *labels;
    int n, c, h, w, classes;
    char source[4400]; /* where the images came from, for the protocol */
    float mean[3], std[3];
} proxy_images;

/* Draws `need` distinct images of ds with a partial Fisher-Yates seeded with
 * seed * 0x9e3779b97f4a7c15 + 17, normalised with mean/std, no augmentation.
 * imagenet16: only labels < 120, box-filtered down to 16x16 (the stand-in for
 * NB201's ImageNet16-120). 0 or -1 with a message. */
int proxy_images_draw(const nash_dataset *ds, int seed, int need, int imagenet16,
                      const float mean[3], const float std[3], proxy_images *pi);
/* Resolves the data directory of `dataset` (cifar10, cifar100, imagenet16 =
 * Tiny-ImageNet stand-in, ...), loads its training split, and draws as above
 * with the split's own mean/std. */
int proxy_images_load(const char *dataset, const char *data, int seed, int need,
                      proxy_images *pi);
void proxy_images_free(proxy_images *pi);

typedef struct arch_list {
    char **arch;
    int64_t *index; /* -1 when the space is not enumerable */
    int n;
} arch_list;

/* `count` distinct architectures, uniform without replacement: for
 * enumerable spaces a partial Fisher-Yates over the indices (the first N of a
 * longer draw are the same N, so a study can grow), else successive samples
 * with repeats drawn again. */
int arch_list_sample(const nash_space *sp, int64_t count, uint64_t seed, arch_list *l);
/* Appends one architecture (copied). */
int arch_list_push(arch_list *l, const char *arch, int64_t index);
void arch_list_free(arch_list *l);
/* Rewrites the results CSV at path (header line, then one line per row, with
 * an `arch` column) atomically with its rows in the order of l (rows whose
 * arch is not in l keep their order, at the end). Used after an MPI run, whose
 * rows were appended in completion order. 0 or -1 with a message. */
int results_sort_by_arch(const char *path, const arch_list *l);

/* Keeps the first `limit` images of a seeded permutation, in their original
 * order (all when limit <= 0 or >= n): the --train-limit / --test-limit rule. */
int dataset_take_subset(nash_dataset *ds, int limit, uint64_t seed);

#endif
