/*
 * rng.c — nash's deterministic random numbers.
 *
 * Owns: xoshiro256** (Blackman & Vigna) seeded through splitmix64, and the
 * uniform / integer / normal draws built on it. One seed fixes weights, data
 * order, augmentation and dropout; the state is four words so checkpoints can
 * store it and a resumed run draws exactly what the uninterrupted one would.
 */
#include "nash_runtime.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void nash_rng_seed(nash_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t nash_rng_next(nash_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

float nash_rng_uniform(nash_rng *r)
{
    return (float)(nash_rng_next(r) >> 40) * (1.0f / 16777216.0f);
}

uint32_t nash_rng_below(nash_rng *r, uint32_t n)
{
    /* Lemire's multiply-shift with rejection: unbiased for every n. */
    uint64_t m = (uint64_t)(uint32_t)(nash_rng_next(r) >> 32) * n;
    uint32_t low = (uint32_t)m;
    if (low < n) {
        uint32_t threshold = (uint32_t)(-n) % n;
        while (low < threshold) {
            m = (uint64_t)(uint32_t)(nash_rng_next(r) >> 32) * n;
            low = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

float nash_rng_normal(nash_rng *r)
{
    /* Box–Muller with 53-bit uniforms; u1 in (0, 1] so log() is finite. */
    double u1 = ((double)(nash_rng_next(r) >> 11) + 1.0) * (1.0 / 9007199254740992.0);
    double u2 = (double)(nash_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
    return (float)(sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2));
}

nash_rng nash_rng_split(nash_rng *r)
{
    nash_rng child;
    nash_rng_seed(&child, nash_rng_next(r));
    return child;
}
