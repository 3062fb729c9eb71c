/*
 * space.c — the table of search spaces and the nash_space_* functions of
 * nash_nas.h.
 *
 * Owns: which spaces exist (nb201, hb201: nb201.c; nasa: nasa_space.c), the
 * lookup by name, and the wrappers that turn a missing operation into a clear
 * error ("space nasa is not enumerable"). Does not own: any space's grammar,
 * indices or builder (each space's own file).
 */
#include <string.h>

#include "space.h"

static const nash_space *const all_spaces[] = {&nash_space_nb201, &nash_space_hb201,
                                               &nash_space_nasa, NULL};

const nash_space *const *nash_space_all(void) { return all_spaces; }

const nash_space *nash_space_find(const char *name)
{
    char known[256];
    size_t used = 0;
    known[0] = '\0';
    for (int i = 0; all_spaces[i]; i++) {
        if (name && strcmp(all_spaces[i]->name, name) == 0)
            return all_spaces[i];
        if (used < sizeof known)
            used += (size_t)snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "",
                                     all_spaces[i]->name);
    }
    nash_fail("unknown space '%s' (%s)", name ? name : "(null)", known);
    return NULL;
}

const char *nash_space_name(const nash_space *s) { return s->name; }
const char *nash_space_description(const nash_space *s) { return s->description; }
int64_t nash_space_size(const nash_space *s) { return s->size; }

int nash_space_canonical(const nash_space *s, const char *arch, char *out, size_t size)
{
    if (!s->canonical)
        return nash_fail("space %s cannot check strings", s->name);
    return s->canonical(arch, out, size);
}

int nash_space_from_index(const nash_space *s, int64_t index, char *out, size_t size)
{
    if (!s->from_index)
        return nash_fail("space %s is not enumerable (no index -> string)", s->name);
    return s->from_index(index, out, size);
}

int nash_space_to_index(const nash_space *s, const char *arch, int64_t *index)
{
    if (!s->to_index)
        return nash_fail("space %s is not enumerable (no string -> index)", s->name);
    return s->to_index(arch, index);
}

int nash_space_sample(const nash_space *s, nash_rng *rng, char *out, size_t size)
{
    if (!s->sample)
        return nash_fail("space %s cannot sample", s->name);
    return s->sample(rng, out, size);
}

int nash_space_mutate(const nash_space *s, const char *arch, double p, nash_rng *rng, char *out,
                      size_t size)
{
    if (!s->mutate)
        return nash_fail("space %s has no mutation", s->name);
    return s->mutate(arch, p, rng, out, size);
}

int nash_space_crossover(const nash_space *s, const char *a, const char *b, nash_rng *rng,
                         char *out, size_t size)
{
    if (!s->crossover)
        return nash_fail("space %s has no crossover", s->name);
    return s->crossover(a, b, rng, out, size);
}

nash_net *nash_space_build(const nash_space *s, const char *arch, int c, int h, int w,
                           int classes)
{
    if (!s->build) {
        nash_fail("space %s cannot build networks", s->name);
        return NULL;
    }
    return s->build(arch, c, h, w, classes);
}
