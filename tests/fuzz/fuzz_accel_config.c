/*
 * fuzz_accel_config.c — libFuzzer harness for the accelerator-config parser
 * (accel/config.c, nash_accel_config_parse).
 *
 * Owns: the input (up to 8 KB) is the text of a config file. Checks: a refusal
 * sets a message; an accepted config passes nash_accel_config_check, and its
 * written form (nash_accel_config_write) parses back to a config that is
 * written identically (the round trip the writer promises).
 * fuzz_accel_config_one() is also called by tests/test_fuzz_regressions.c.
 */
#include "fuzz_util.h"

#include "accel.h"
#include "nash_kernels.h"

/* The config written as text (malloc'd; NULL on failure). */
static char *fuzz_accel_written(const nash_accel_config *c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    nash_accel_config_write(c, f);
    fclose(f);
    return buf;
}

int fuzz_accel_config_one(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    char *text = fuzz_strndup(data, size);
    if (!text)
        return 0;
    nash_accel_config c, back;
    nash_accel_config_default(&c);
    if (nash_accel_config_parse(text, "fuzz.cfg", &c) == 0) {
        if (nash_accel_config_check(&c) != 0) {
            fprintf(stderr, "fuzz_accel_config: accepted config fails the check: %s\n",
                    nash_last_error());
            abort();
        }
        char *first = fuzz_accel_written(&c);
        nash_accel_config_default(&back);
        if (first && nash_accel_config_parse(first, "fuzz.cfg", &back) != 0) {
            fprintf(stderr, "fuzz_accel_config: written config refused: %s\n---\n%s---\n",
                    nash_last_error(), first);
            abort();
        }
        char *second = first ? fuzz_accel_written(&back) : NULL;
        if (first && second && strcmp(first, second) != 0) {
            fprintf(stderr, "fuzz_accel_config: round trip differs\n---\n%s---\n%s---\n", first,
                    second);
            abort();
        }
        free(first);
        free(second);
    } else if (!nash_last_error()[0]) {
        fprintf(stderr, "fuzz_accel_config: refused without a message\n");
        abort();
    }
    nash_clear_error();
    free(text);
    return 0;
}

#ifndef NASH_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_accel_config_one(data, size);
}
#endif
