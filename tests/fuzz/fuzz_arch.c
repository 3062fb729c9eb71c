/*
 * fuzz_arch.c — libFuzzer harness for the architecture-string parsers: every
 * search space's canonicaliser (nas/nb201.c for nb201 and hb201,
 * nas/nasa_space.c for nasa, dispatched by nas/space.c) and nash_arch_parse
 * (nas/arch.c).
 *
 * Owns: byte 0 chooses the parser (bits 0-1: nb201, hb201, nasa, arch string;
 * bit 2: also build the network at 3x8x8 with 10 classes — cheap at that
 * size), the rest (up to 2 KB, NUL-terminated) is the string. Checks:
 *   - canonical(canonical(x)) == canonical(x) (idempotent), and for an
 *     enumerable space from_index(to_index(canonical(x))) == canonical(x);
 *   - for nash_arch_parse: parse(canonical(parse(x))) succeeds with the same
 *     canonical string;
 *   - every refusal sets a message.
 * fuzz_arch_one() is also called by tests/test_fuzz_regressions.c.
 */
#include "fuzz_util.h"

#include "nash_kernels.h"
#include "nash_nas.h"

static void fuzz_arch_fail(const char *what, const char *input, const char *a, const char *b)
{
    fprintf(stderr, "fuzz_arch: %s\n  input: \"%s\"\n  first:  \"%s\"\n  second: \"%s\"\n"
            "  error: %s\n", what, input, a, b, nash_last_error());
    abort();
}

static void fuzz_arch_space(const nash_space *space, const char *text, int build)
{
    char canon[NASH_SPACE_ARCH_MAX], again[NASH_SPACE_ARCH_MAX];
    if (nash_space_canonical(space, text, canon, sizeof canon) != 0) {
        if (!nash_last_error()[0])
            fuzz_arch_fail("refused without a message", text, "", "");
        return;
    }
    if (nash_space_canonical(space, canon, again, sizeof again) != 0)
        fuzz_arch_fail("canonical string refused", text, canon, nash_last_error());
    if (strcmp(canon, again) != 0)
        fuzz_arch_fail("canonical form not idempotent", text, canon, again);
    int64_t index;
    if (nash_space_size(space) > 0 && nash_space_to_index(space, canon, &index) == 0) {
        if (index < 0 || index >= nash_space_size(space))
            fuzz_arch_fail("index out of range", text, canon, "");
        if (nash_space_from_index(space, index, again, sizeof again) != 0 || strcmp(canon, again))
            fuzz_arch_fail("index does not round-trip", text, canon, again);
    }
    nash_clear_error();
    if (build) {
        nash_net *net = nash_space_build(space, canon, 3, 8, 8, 10);
        if (net)
            nash_net_free(net);
    }
}

static void fuzz_arch_string(const char *text, int build)
{
    static nash_arch arch, again;
    if (nash_arch_parse(text, &arch) != 0) {
        if (!nash_last_error()[0])
            fuzz_arch_fail("refused without a message", text, "", "");
        return;
    }
    char canon[4096], canon2[4096];
    nash_arch_canonical(&arch, canon, sizeof canon);
    if (nash_arch_parse(canon, &again) != 0)
        fuzz_arch_fail("canonical string refused", text, canon, nash_last_error());
    nash_arch_canonical(&again, canon2, sizeof canon2);
    if (strcmp(canon, canon2) != 0)
        fuzz_arch_fail("canonical form not stable", text, canon, canon2);
    if (build) {
        nash_net *net = nash_arch_build(&arch, 3, 8, 8, 10);
        if (net)
            nash_net_free(net);
    }
    nash_clear_error();
}

int fuzz_arch_one(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 2049)
        return 0;
    static const char *const spaces[3] = {"nb201", "hb201", "nasa"};
    const int which = data[0] & 3, build = (data[0] >> 2) & 1;
    char *text = fuzz_strndup(data + 1, size - 1);
    if (!text)
        return 0;
    if (which < 3) {
        const nash_space *space = nash_space_find(spaces[which]);
        if (!space)
            fuzz_arch_fail("space missing", spaces[which], "", "");
        fuzz_arch_space(space, text, build);
    } else {
        fuzz_arch_string(text, build);
    }
    nash_clear_error();
    free(text);
    return 0;
}

#ifndef NASH_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_arch_one(data, size);
}
#endif
