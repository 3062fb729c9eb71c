/*
 * resources.c — what this machine has, for the readers' resource limits.
 *
 * Owns: the physical-memory figure that every reader compares a file's or a
 * header's memory need with before allocating (issue 8: a clear refusal
 * instead of an OOM kill). One place, so every refusal uses the same figure.
 */
#include <unistd.h>

#include "nash_runtime.h"

double nash_physical_memory_bytes(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    return pages > 0 && page > 0 ? (double)pages * (double)page : 0;
}
