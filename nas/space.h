/*
 * space.h — how a search space plugs into nas/ (private to nas/; users call
 * the nash_space_* functions of nash_nas.h).
 *
 * Owns: the per-space operations table. A space is one file (nb201.c,
 * nasa_space.c, ...) that defines a `const nash_space` and is listed in
 * space.c's table. Every candidate is identified by its canonical string;
 * strings round-trip (parse(canonical(x)) == x).
 */
#ifndef NASH_SPACE_INTERNAL_H
#define NASH_SPACE_INTERNAL_H

#include "nash_nas.h"

struct nash_space {
    const char *name;        /* "nb201", "hb201", "nasa" */
    const char *description; /* one line for `nash space list` */
    /* Number of candidates, or -1 when too many for int64 enumeration. */
    int64_t size;
    /* Checks `arch` and writes its canonical form. 0, or -1 with a message
     * naming the column: `nb201 arch "...": unknown op 'x' at column 7`. */
    int (*canonical)(const char *arch, char *out, size_t size);
    /* index <-> string for enumerable spaces (NULL when size == -1). */
    int (*from_index)(int64_t index, char *out, size_t size);
    int (*to_index)(const char *arch, int64_t *index);
    /* Uniform sample over the space. */
    int (*sample)(nash_rng *rng, char *out, size_t size);
    /* Each choice re-drawn (uniformly among the other choices) with probability p;
     * at least one choice changes. */
    int (*mutate)(const char *arch, double p, nash_rng *rng, char *out, size_t size);
    /* Uniform crossover: each choice taken from a or b with probability 1/2. */
    int (*crossover)(const char *a, const char *b, nash_rng *rng, char *out, size_t size);
    /* Builds the network for inputs (c, h, w) with `classes` outputs. NULL + message. */
    nash_net *(*build)(const char *arch, int c, int h, int w, int classes);
};

extern const nash_space nash_space_nb201;
extern const nash_space nash_space_hb201;
extern const nash_space nash_space_nasa;

#endif
