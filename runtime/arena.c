/*
 * arena.c — the activation arena: one mapping per (network, batch).
 *
 * Owns: mapping, pre-faulting and bump allocation. Why pre-fault: on this VM a
 * first touch costs ~10 µs per 4 KiB page (research/cpu-perf-anchors.md §0),
 * so every page is touched once here, with MADV_HUGEPAGE on large mappings
 * (0.34 µs per 4 KiB), and the training step never faults.
 *
 * Reuse: a process that builds many networks one after another (a proxy
 * study compiles thousands) would pay the first-touch cost for every one —
 * 6 s for the 1.6 GB arena of a large NB201 cell at batch 64. So a freed
 * mapping is kept (the largest one) and handed to the next arena that fits,
 * already touched; one that does not fit grows it with mremap, so only the
 * new tail is touched. Reused memory is not zeroed: nothing may rely on fresh
 * arena memory being zero (every kernel writes its whole output, pad lanes
 * included). NASH_ARENA_POISON=1 fills every arena with NaN bytes at init so
 * the test suite can prove that.
 */
#define _GNU_SOURCE /* mremap */
#include "nash_runtime.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_THRESHOLD ((size_t)2 << 20)

/* The one kept mapping (see the header comment). */
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static void *cache_base;
static size_t cache_size;

static int poison_wanted(void)
{
    const char *e = getenv("NASH_ARENA_POISON");
    return e && *e && strcmp(e, "0") != 0;
}

int nash_arena_init(nash_arena *a, size_t size)
{
    memset(a, 0, sizeof *a);
    if (size == 0)
        return 0;
    size = (size + HUGE_THRESHOLD - 1) / HUGE_THRESHOLD * HUGE_THRESHOLD;
    void *p = NULL;
    size_t got = 0;
    void *small = NULL;
    size_t small_size = 0;
    pthread_mutex_lock(&cache_lock);
    if (cache_base && cache_size >= size) {
        p = cache_base;
        got = cache_size;
    } else if (cache_base) {
        small = cache_base;
        small_size = cache_size;
    }
    cache_base = NULL;
    cache_size = 0;
    pthread_mutex_unlock(&cache_lock);
    if (small) {
        /* grow the kept mapping in place (or moved, its pages with it): only
         * the new tail is faulted. Measured on 30 NB201 cells at batch 128:
         * five growths had faulted 11 GB, 43 % of the run's time. */
        void *q = mremap(small, small_size, size, MREMAP_MAYMOVE);
        if (q == MAP_FAILED) {
            munmap(small, small_size);
        } else {
            p = q;
            got = size;
            (void)madvise(p, size, MADV_HUGEPAGE);
            for (size_t off = small_size; off < size; off += 4096)
                ((volatile char *)p)[off] = 0;
        }
    }
    if (!p) {
        p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return nash_fail("arena: cannot map %zu bytes: %s", size, strerror(errno));
        if (size >= HUGE_THRESHOLD)
            (void)madvise(p, size, MADV_HUGEPAGE); /* advice only: fine if THP is off */
        for (size_t off = 0; off < size; off += 4096)
            ((volatile char *)p)[off] = 0;
        got = size;
    }
    if (poison_wanted())
        memset(p, 0xff, got); /* 0xffffffff is a NaN */
    a->base = p;
    a->size = got;
    a->mapped = 1;
    return 0;
}

void *nash_arena_alloc(nash_arena *a, size_t bytes)
{
    size_t need = nash_arena_footprint(bytes);
    if (a->counting) {
        a->used += need;
        return (void *)(uintptr_t)64; /* never dereferenced: the sizing pass only stores it */
    }
    if (need > a->size - a->used) {
        nash_fail("arena: needed %zu more bytes, available %zu of %zu", need, a->size - a->used,
                  a->size);
        return NULL;
    }
    void *p = a->base + a->used;
    a->used += need;
    return p;
}

void nash_arena_reset(nash_arena *a) { a->used = 0; }

void nash_arena_init_counting(nash_arena *a)
{
    memset(a, 0, sizeof *a);
    a->counting = 1;
}

void nash_arena_free(nash_arena *a)
{
    if (a->mapped && a->base) {
        void *drop = a->base;
        size_t drop_size = a->size;
        pthread_mutex_lock(&cache_lock);
        if (a->size > cache_size) { /* keep the larger of the two */
            drop = cache_base;
            drop_size = cache_size;
            cache_base = a->base;
            cache_size = a->size;
        }
        pthread_mutex_unlock(&cache_lock);
        if (drop)
            munmap(drop, drop_size);
    }
    memset(a, 0, sizeof *a);
}
