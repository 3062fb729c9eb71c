/*
 * arena.c — the activation arena: one mapping per (network, batch).
 *
 * Owns: mapping, pre-faulting and bump allocation. Why pre-fault: on this VM a
 * first touch costs ~10 µs per 4 KiB page (research/cpu-perf-anchors.md §0),
 * so every page is touched once here, with MADV_HUGEPAGE on large mappings
 * (0.34 µs per 4 KiB), and the training step never faults.
 */
#include "nash_runtime.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_THRESHOLD ((size_t)2 << 20)

int nash_arena_init(nash_arena *a, size_t size)
{
    memset(a, 0, sizeof *a);
    if (size == 0)
        return 0;
    size = (size + HUGE_THRESHOLD - 1) / HUGE_THRESHOLD * HUGE_THRESHOLD;
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return nash_fail("arena: cannot map %zu bytes: %s", size, strerror(errno));
    if (size >= HUGE_THRESHOLD)
        (void)madvise(p, size, MADV_HUGEPAGE); /* advice only: fine if THP is off */
    for (size_t off = 0; off < size; off += 4096)
        ((volatile char *)p)[off] = 0;
    a->base = p;
    a->size = size;
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
    if (a->mapped && a->base)
        munmap(a->base, a->size);
    memset(a, 0, sizeof *a);
}
