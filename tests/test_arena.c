/*
 * test_arena.c — arena reuse: a freed mapping is handed to the next network
 * that fits, already touched, so building many networks in a row (a proxy
 * study) does not pay the first-touch cost again; reused memory is not zeroed
 * and results must not depend on it.
 */
#include <criterion/criterion.h>
#include <string.h>
#include <sys/resource.h>

#include "nash_runtime.h"
#include "test_util.h"

static long minor_faults(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_minflt;
}

static nash_net *small_net(void)
{
    nash_net *net = nash_net_create(3, 16, 16);
    int x = nash_net_conv(net, nash_net_input_node(net), NASH_OP_CONV, 32, 3, 1, 1, 1, 0, NULL);
    x = nash_net_act(net, nash_net_bn(net, x, 1), NASH_ACT_RELU);
    x = nash_net_linear(net, nash_net_gap(net, x), 10, 1);
    cr_assert(x > 0, "%s", nash_last_error());
    return net;
}

static void run_batch(int batch, float *logits, long *faults)
{
    nash_net *net = small_net();
    long before = minor_faults();
    cr_assert_eq(nash_net_compile(net, batch), 0, "%s", nash_last_error());
    *faults = minor_faults() - before;
    nash_rng rng;
    nash_rng_seed(&rng, 9);
    nash_net_init_params(net, &rng);
    static float img[64 * 3 * 16 * 16];
    tu_fill_uniform(img, 64 * 3 * 16 * 16, 3, -1.0f, 1.0f);
    nash_nchw_to_blocked(batch, 3, 16, 16, img, nash_net_input(net));
    nash_net_forward(net, batch, 1);
    memcpy(logits, nash_net_output(net, nash_net_node_count(net) - 1),
           (size_t)batch * 10 * sizeof(float));
    nash_net_free(net);
}

static void run_once(float *logits, long *faults) { run_batch(64, logits, faults); }

Test(arena, a_second_network_reuses_the_touched_mapping_with_identical_results)
{
    static float a[640], b[640];
    long fa, fb;
    run_once(a, &fa);
    run_once(b, &fb);
    cr_assert(memcmp(a, b, sizeof a) == 0, "outputs differ when the arena memory is reused");
    /* the first compile touches the whole arena (>= 3 MB here); the second reuses it */
    cr_assert(fb * 4 < fa || fb < 64, "second compile faulted %ld pages, first %ld", fb, fa);
}

/* A network needing a larger arena than the kept mapping grows it (mremap,
 * only the new tail is touched); the grown mapping is then kept and reused
 * with identical results. */
Test(arena, a_larger_network_grows_the_kept_mapping_and_touches_only_the_tail)
{
    static float small[640], a[640], b[640];
    long f_small, f_grow, f_again;
    run_batch(8, small, &f_small);   /* arena for 8 images */
    run_batch(64, a, &f_grow);       /* grows it to 64 images */
    run_batch(64, b, &f_again);      /* fits: no growth */
    cr_assert(memcmp(a, b, sizeof a) == 0, "outputs differ between grown and reused memory");
    cr_assert(f_again * 4 < f_grow || f_again < 64, "reuse faulted %ld, growth %ld", f_again,
              f_grow);
}
