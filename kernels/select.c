/*
 * select.c — CPU feature detection and the run-time choice of kernel variants.
 *
 * Owns: which ISA this CPU has (capped by NASH_ISA=none|avx2|avx512), which
 * variant name is forced (NASH_KERNEL or nash_kernel_force()), and the rule
 * every op family's *_pick() applies (the NASH_PICK macro in nash_kernels.h). The tables themselves live beside each op's
 * reference implementation (conv.c, adder.c, ...).
 */
#include "nash_kernels.h"

#include <stdlib.h>
#include <string.h>

static unsigned detect_isa(void)
{
    unsigned isa = 0;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        isa |= NASH_ISA_AVX2;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl"))
        isa |= NASH_ISA_AVX512;
    if ((isa & NASH_ISA_AVX512) && __builtin_cpu_supports("avx512vnni"))
        isa |= NASH_ISA_AVX512_VNNI;
#endif
    return isa;
}

unsigned nash_cpu_isa(void)
{
    unsigned isa = detect_isa();
    const char *cap = getenv("NASH_ISA");
    if (cap && *cap) {
        if (strcmp(cap, "none") == 0 || strcmp(cap, "scalar") == 0)
            isa = 0;
        else if (strcmp(cap, "avx2") == 0)
            isa &= NASH_ISA_AVX2;
        /* "avx512" or anything else: keep what the CPU has */
    }
    return isa;
}

static const char *forced_name;
static int forced_set;

void nash_kernel_force(const char *name)
{
    forced_name = name;
    forced_set = name != NULL;
}

const char *nash_kernel_forced(void)
{
    if (forced_set)
        return forced_name;
    const char *env = getenv("NASH_KERNEL");
    return env && *env ? env : NULL;
}

int nash_isa_has(unsigned isa_needed)
{
    return (nash_cpu_isa() & isa_needed) == isa_needed;
}
