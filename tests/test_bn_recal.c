/*
 * test_bn_recal.c — BN re-calibration: after nash_bn_recalibrate over K
 * batches, every running mean is the plain average of the K batch means
 * (PyTorch momentum=None), the running variance the average of the unbiased
 * batch variances, parameters are untouched, and the usual momentum update
 * is back afterwards.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "nash_runtime.h"
#include "test_util.h"

typedef struct batches {
    float *img;
    int k, done, n;
} batches;

static int next_batch(void *user, float *images, int32_t *labels)
{
    batches *b = user;
    if (b->done == b->k)
        return 0;
    nash_nchw_to_blocked(b->n, 3, 4, 4, b->img + (size_t)b->done * b->n * 48, images);
    for (int i = 0; i < b->n; i++)
        labels[i] = 0;
    b->done++;
    return b->n;
}

Test(bn_recal, running_statistics_are_the_average_of_the_batch_statistics)
{
    nash_net *net = nash_net_create(3, 4, 4);
    int bn = nash_net_bn(net, nash_net_input_node(net), 1);
    int x = nash_net_linear(net, nash_net_gap(net, bn), 2, 1);
    cr_assert(x > 0);
    cr_assert_eq(nash_net_compile(net, 8), 0);
    nash_rng rng;
    nash_rng_seed(&rng, 1);
    nash_net_init_params(net, &rng);
    static float img[3 * 8 * 48];
    for (int i = 0; i < 3 * 8 * 48; i++) /* a different offset per batch */
        img[i] = (float)(i / (8 * 48)) * 10.0f + (float)tu_unit(5, (uint64_t)i);
    batches b = {.img = img, .k = 3, .n = 8};
    cr_assert_eq(nash_bn_recalibrate(net, next_batch, &b, 3), 3);
    /* expected: per channel, the mean of the three batch means / unbiased variances */
    const float *rmean = NULL, *rvar = NULL;
    for (int i = 0; i < nash_net_state_count(net); i++) {
        nash_state *s = nash_net_state(net, i);
        if (strstr(s->name, "running_mean"))
            rmean = s->data;
        if (strstr(s->name, "running_var"))
            rvar = s->data;
    }
    for (int c = 0; c < 3; c++) {
        double mean_avg = 0, var_avg = 0;
        for (int k = 0; k < 3; k++) {
            double s = 0, ss = 0;
            for (int i = 0; i < 8; i++)
                for (int p = 0; p < 16; p++) {
                    double v = img[(((size_t)k * 8 + i) * 3 + c) * 16 + p];
                    s += v;
                    ss += v * v;
                }
            double m = s / 128, var = (ss / 128 - m * m) * 128 / 127;
            mean_avg += m / 3;
            var_avg += var / 3;
        }
        cr_assert_float_eq(rmean[c], mean_avg, 1e-4 * fabs(mean_avg) + 1e-5, "channel %d mean %g vs %g", c, rmean[c], mean_avg);
        cr_assert_float_eq(rvar[c], var_avg, 1e-3 * var_avg, "channel %d var %g vs %g", c, rvar[c], var_avg);
    }
    /* afterwards a training forward moves the statistics by momentum 0.1 again */
    float before = rmean[0];
    b.done = 2; /* batch 2 (mean ~ 20.5) once more */
    b.k = 3;
    nash_nchw_to_blocked(8, 3, 4, 4, img + 2 * 8 * 48, nash_net_input(net));
    nash_net_forward(net, 8, 1);
    double m2 = 0;
    for (int i = 0; i < 8; i++)
        for (int p = 0; p < 16; p++)
            m2 += img[(((size_t)2 * 8 + i) * 3 + 0) * 16 + p];
    m2 /= 128;
    cr_assert_float_eq(rmean[0], 0.9 * before + 0.1 * m2, 1e-4 * fabs(m2), "momentum not restored");
    nash_net_free(net);
}
