/*
 * test_eltwise.c — activations, add/accumulate/mask_scale, softmax
 * cross-entropy and the option-A shortcut.
 *
 * Owns: the checks of kernels/eltwise.c: the variant table, forcing and the
 * activation names; derivative values of ReLU/ReLU6/swish at chosen points
 * (kinks, large |x|, infinities); a 2-class softmax cross-entropy worked by
 * hand with and without label smoothing; the shortcut on a 2-channel 4x4
 * input to 4 channels, stride 2, element by element; every variant against
 * the reference on random sizes with integer-valued and float inputs (loss
 * and correct count included), in place where the contract allows it.
 */
#include "test_util.h"

static const nash_eltwise_impl *elt_by_name(const char *name)
{
    for (int i = 0; nash_eltwise_impls[i]; i++)
        if (strcmp(nash_eltwise_impls[i]->name, name) == 0)
            return nash_eltwise_impls[i];
    cr_assert_fail("no eltwise variant named %s", name);
    return NULL;
}

static void keep_worst(double *worst, double err)
{
    if (err > *worst)
        *worst = err;
}

Test(eltwise, table_pick_and_names)
{
    int count = 0;
    for (; nash_eltwise_impls[count]; count++) {
        const nash_eltwise_impl *e = nash_eltwise_impls[count];
        cr_assert(e->name && e->act_forward && e->act_backward && e->add && e->accumulate &&
                  e->mask_scale && e->softmax_xent && e->shortcut_a_forward &&
                  e->shortcut_a_backward);
        for (int j = 0; j < count; j++)
            cr_assert_str_neq(nash_eltwise_impls[j]->name, e->name);
    }
    cr_assert_geq(count, 2);
    cr_assert_str_eq(nash_eltwise_impls[count - 1]->name, "ref", "ref must be last");
    nash_kernel_force(NULL);
    cr_assert(nash_eltwise_pick() != NULL);
    if (!getenv("NASH_KERNEL"))
        cr_assert_eq(nash_eltwise_pick(), nash_eltwise_impls[0]);
    nash_kernel_force("ref");
    cr_assert_str_eq(nash_eltwise_pick()->name, "ref");
    nash_kernel_force("omp");
    cr_assert_str_eq(nash_eltwise_pick()->name, "omp");
    nash_kernel_force(NULL);

    cr_assert_str_eq(nash_act_names[NASH_ACT_NONE], "none");
    cr_assert_str_eq(nash_act_names[NASH_ACT_RELU], "relu");
    cr_assert_str_eq(nash_act_names[NASH_ACT_RELU6], "relu6");
    cr_assert_str_eq(nash_act_names[NASH_ACT_SWISH], "swish");
    for (int a = 0; a < NASH_ACT_COUNT; a++)
        cr_assert(nash_act_names[a] != NULL && nash_act_names[a][0] != '\0');
}

/* Relative closeness for values that span 1e-8 .. 1e2 (and infinities). */
static int near(float got, float want)
{
    if (isinf(want))
        return got == want;
    return fabsf(got - want) <= 1e-5f * fabsf(want) + 1e-30f;
}

/*
 * Values by hand (s = sigmoid(x), swish' = s + x s (1 - s)):
 *   x = 0:   swish 0,                   swish' 0.5
 *   x = 1:   s = 0.7310586, swish 0.7310586, swish' 0.7310586 + 0.1966119 = 0.9276705
 *   x = -1:  s = 0.2689414, swish -0.2689414, swish' 0.2689414 - 0.1966119 = 0.0723295
 *   x = 20:  swish 20 (to float),       swish' 1 + 20 e^-20 = 1 (to float)
 *   x = -20: swish -20 e^-20 = -4.122307e-8, swish' e^-20 (1 - 20) = -3.916192e-8
 *   x = 6:   swish 5.985164,            swish' 1.0123264;  x = 3: 2.857722, 1.0881041
 *   x = +-100, +-inf: swish' 1 or 0, never NaN; swish(-inf) = 0, swish(inf) = inf.
 * ReLU6' is 1 strictly inside (0, 6) and 0 at both kinks; ReLU'(0) = 0.
 */
Test(eltwise, activation_values_by_hand)
{
    enum { POINTS = 11 };
    const float x[POINTS] = {0, 1, -1, 20, -20, 100, -100, INFINITY, -INFINITY, 6, 3};
    const float swish[POINTS] = {0, 0.7310586f, -0.2689414f, 20, -4.122307e-8f, 100, 0,
                                 INFINITY, 0, 5.985164f, 2.857722f};
    const float swish_d[POINTS] = {0.5f, 0.9276705f, 0.0723295f, 1, -3.916192e-8f, 1, 0,
                                   1, 0, 1.0123264f, 1.0881041f};
    const float relu6[POINTS] = {0, 1, 0, 6, 0, 6, 0, 6, 0, 6, 3};
    const float relu6_d[POINTS] = {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    const float relu_d[POINTS] = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1};
    float ones[POINTS], y[POINTS], dx[POINTS];
    for (int i = 0; i < POINTS; i++)
        ones[i] = 1.0f;
    for (int impl = 0; nash_eltwise_impls[impl]; impl++) {
        const nash_eltwise_impl *e = nash_eltwise_impls[impl];
        e->act_forward(NASH_ACT_SWISH, POINTS, x, y);
        e->act_backward(NASH_ACT_SWISH, POINTS, x, ones, dx);
        for (int i = 0; i < POINTS; i++) {
            cr_expect(near(y[i], swish[i]), "%s swish(%g) = %.9g, want %.9g", e->name, x[i], y[i],
                      swish[i]);
            cr_expect(near(dx[i], swish_d[i]), "%s swish'(%g) = %.9g, want %.9g", e->name, x[i],
                      dx[i], swish_d[i]);
        }
        e->act_forward(NASH_ACT_RELU6, POINTS, x, y);
        e->act_backward(NASH_ACT_RELU6, POINTS, x, ones, dx);
        for (int i = 0; i < POINTS; i++) {
            cr_expect_eq(y[i], relu6[i], "%s relu6(%g) = %g", e->name, x[i], y[i]);
            cr_expect_eq(dx[i], relu6_d[i], "%s relu6'(%g) = %g", e->name, x[i], dx[i]);
        }
        e->act_backward(NASH_ACT_RELU, POINTS, x, ones, dx);
        for (int i = 0; i < POINTS; i++)
            cr_expect_eq(dx[i], relu_d[i], "%s relu'(%g) = %g", e->name, x[i], dx[i]);
        /* NaN is not hidden by any activation */
        const float bad = NAN;
        for (int a = 0; a < NASH_ACT_COUNT; a++) {
            e->act_forward((nash_act)a, 1, &bad, y);
            cr_expect(isnan(y[0]), "%s %s(NaN) = %g", e->name, nash_act_names[a], y[0]);
        }
    }
}

/* Swish' against a central difference of swish in double, over [-12, 12]. */
Test(eltwise, swish_derivative_matches_finite_differences)
{
    const nash_eltwise_impl *ref = elt_by_name("ref");
    for (int i = 0; i <= 96; i++) {
        double xd = -12.0 + 0.25 * i;
        double up = xd + 1e-4, down = xd - 1e-4;
        double slope = (up / (1.0 + exp(-up)) - down / (1.0 + exp(-down))) / 2e-4;
        float x = (float)xd, one = 1.0f, d;
        ref->act_backward(NASH_ACT_SWISH, 1, &x, &one, &d);
        cr_expect(fabs(d - slope) <= 1e-5, "swish'(%g) = %.8g, difference quotient %.8g", xd, d,
                  slope);
    }
}

/* ------------------------------------------------------------------------- */
/* Random sizes: activations and the flat binary ops.                         */

static void fill(float *p, int64_t n, uint64_t seed, int integer)
{
    if (integer)
        tu_fill_int(p, n, seed, -8, 8); /* hits 0 and 6 exactly */
    else
        tu_fill_uniform(p, n, seed, -3, 8); /* all pieces of relu6 well populated */
}

static int64_t random_length(tu_rng *rng, int t)
{
    /* mostly small odd sizes; every fifth case large enough to go parallel */
    return t % 5 == 4 ? tu_int(rng, 40000, 70000) : tu_int(rng, 1, 3000);
}

static void act_random_cases(int integer, uint64_t seed, double worst[][NASH_ACT_COUNT][2],
                             int *cases)
{
    const nash_eltwise_impl *ref = elt_by_name("ref");
    tu_rng rng = {.seed = seed};
    const double tol = integer ? 0.0 : 1e-6;
    for (int t = 0; t < 60; t++) {
        int64_t n = random_length(&rng, t);
        float *x = tu_alloc(n), *dy = tu_alloc(n), *want = tu_alloc(n), *got = tu_alloc(n);
        fill(x, n, seed + 3 * (uint64_t)t, integer);
        fill(dy, n, seed + 3 * (uint64_t)t + 1, integer);
        for (int a = 0; a < NASH_ACT_COUNT; a++) {
            for (int dir = 0; dir < 2; dir++) {
                if (dir == 0)
                    ref->act_forward((nash_act)a, n, x, want);
                else
                    ref->act_backward((nash_act)a, n, x, dy, want);
                if (!integer)
                    cr_assert_lt(tu_zero_fraction(want, n), 0.6, "ref %s mostly zero",
                                 nash_act_names[a]);
                for (int impl = 0; nash_eltwise_impls[impl + 1]; impl++) {
                    const nash_eltwise_impl *e = nash_eltwise_impls[impl];
                    int in_place = t % 2;
                    if (in_place) /* y == x (forward), dx == dy (backward) */
                        memcpy(got, dir == 0 ? x : dy, sizeof(float) * (size_t)n);
                    else
                        tu_fill_nan(got, n);
                    if (dir == 0)
                        e->act_forward((nash_act)a, n, in_place ? got : x, got);
                    else
                        e->act_backward((nash_act)a, n, x, in_place ? got : dy, got);
                    int64_t at;
                    double err = tu_rel_err(want, got, n, 1e-6, &at);
                    cr_assert_leq(err, tol, "%s %s %s n%lld in_place%d: err %g at %lld", e->name,
                                  nash_act_names[a], dir ? "bwd" : "fwd", (long long)n, in_place,
                                  err, (long long)at);
                    keep_worst(&worst[impl][a][dir], err);
                }
            }
        }
        (*cases)++;
        free(x), free(dy), free(want), free(got);
    }
}

Test(eltwise, activations_random_integer)
{
    double worst[16][NASH_ACT_COUNT][2] = {{{0}}};
    int cases = 0;
    act_random_cases(1, 900, worst, &cases);
}

Test(eltwise, activations_random_float)
{
    double worst[16][NASH_ACT_COUNT][2] = {{{0}}};
    int cases = 0;
    act_random_cases(0, 1900, worst, &cases);
    for (int impl = 0; nash_eltwise_impls[impl + 1]; impl++)
        for (int a = 0; a < NASH_ACT_COUNT; a++)
            for (int dir = 0; dir < 2; dir++) {
                char op[32];
                snprintf(op, sizeof op, "act_%s", nash_act_names[a]);
                tu_report_maxerr(op, dir ? "bwd" : "fwd", nash_eltwise_impls[impl]->name,
                                 worst[impl][a][dir], cases);
            }
}

/* add, accumulate and mask_scale against their one-line definitions (exact). */
Test(eltwise, add_accumulate_mask_scale_random)
{
    tu_rng rng = {.seed = 77};
    int cases = 0;
    for (int t = 0; t < 60; t++) {
        int64_t n = random_length(&rng, t);
        int integer = t % 2;
        float *a = tu_alloc(n), *b = tu_alloc(n), *y = tu_alloc(n);
        uint8_t *mask = malloc((size_t)n);
        fill(a, n, 500 + (uint64_t)t, integer);
        fill(b, n, 600 + (uint64_t)t, integer);
        for (int64_t i = 0; i < n; i++)
            mask[i] = (uint8_t)(tu_hash(700 + (uint64_t)t, (uint64_t)i) % 2);
        const float scale = 1.0f / 0.8f;
        for (int impl = 0; nash_eltwise_impls[impl]; impl++) {
            const nash_eltwise_impl *e = nash_eltwise_impls[impl];
            tu_fill_nan(y, n);
            e->add(n, a, b, y);
            for (int64_t i = 0; i < n; i++)
                cr_assert_eq(y[i], a[i] + b[i], "%s add n%lld at %lld", e->name, (long long)n,
                             (long long)i);
            memcpy(y, b, sizeof(float) * (size_t)n);
            e->add(n, a, y, y); /* y aliasing b */
            for (int64_t i = 0; i < n; i++)
                cr_assert_eq(y[i], a[i] + b[i], "%s add in place", e->name);
            memcpy(y, b, sizeof(float) * (size_t)n);
            e->accumulate(n, a, y);
            for (int64_t i = 0; i < n; i++)
                cr_assert_eq(y[i], b[i] + a[i], "%s accumulate at %lld", e->name, (long long)i);
            tu_fill_nan(y, n);
            e->mask_scale(n, a, mask, scale, y);
            for (int64_t i = 0; i < n; i++)
                cr_assert_eq(y[i], mask[i] ? a[i] * scale : 0.0f, "%s mask_scale at %lld", e->name,
                             (long long)i);
        }
        cases++;
        free(a), free(b), free(y), free(mask);
    }
    tu_report_maxerr("binary_ops", "fwd", "all", 0.0, cases);
}

/* ------------------------------------------------------------------------- */
/* Softmax cross-entropy.                                                     */

/*
 * Two rows, K = 2, smoothing 0.1 (targets 0.95 for the label, 0.05 for the other):
 *   row 0: logits (1, 3), label 0: lse = 3 + log(1 + e^-2) = 3.126928011,
 *          p = (0.119202922, 0.880797078), loss = lse - 0.95*1 - 0.05*3 = 2.026928011,
 *          argmax 1: wrong;
 *   row 1: logits (2, 0), label 0: lse = 2.126928011, p = (0.880797078, 0.119202922),
 *          loss = lse - 0.95*2 = 0.226928011, argmax 0: right.
 *   mean loss = 1.126928011, correct = 1,
 *   dlogits = (p - target) / 2 = (-0.415398539, 0.415398539), (-0.034601461, 0.034601461).
 * Without smoothing: losses 2.126928011 and 0.126928011, mean 1.126928011 as well
 * (the two smoothing terms cancel here), dlogits (-0.440398539, 0.440398539),
 * (-0.059601461, 0.059601461).
 */
Test(eltwise, softmax_xent_two_classes_by_hand)
{
    const float logits[4] = {1, 3, 2, 0};
    const int32_t labels[2] = {0, 0};
    const float d_smooth[4] = {-0.415398539f, 0.415398539f, -0.034601461f, 0.034601461f};
    const float d_plain[4] = {-0.440398539f, 0.440398539f, -0.059601461f, 0.059601461f};
    for (int impl = 0; nash_eltwise_impls[impl]; impl++) {
        const nash_eltwise_impl *e = nash_eltwise_impls[impl];
        for (int smooth = 0; smooth <= 1; smooth++) {
            float dl[4];
            int correct = -1;
            double loss = e->softmax_xent(2, 2, logits, labels, smooth ? 0.1f : 0.0f, dl, &correct);
            cr_expect(fabs(loss - 1.126928011) < 1e-8, "%s smoothing %d: loss %.10f", e->name,
                      smooth, loss);
            cr_expect_eq(correct, 1, "%s correct %d", e->name, correct);
            const float *want = smooth ? d_smooth : d_plain;
            for (int i = 0; i < 4; i++)
                cr_expect_float_eq(dl[i], want[i], 1e-7, "%s smoothing %d dlogits[%d] = %.9f",
                                   e->name, smooth, i, dl[i]);
        }
        /* row losses separately: each row alone is its own mean */
        double l0 = e->softmax_xent(1, 2, logits, labels, 0.1f, NULL, NULL);
        double l1 = e->softmax_xent(1, 2, logits + 2, labels + 1, 0.1f, NULL, NULL);
        cr_expect(fabs(l0 - 2.026928011) < 1e-8, "%s row 0 loss %.10f", e->name, l0);
        cr_expect(fabs(l1 - 0.226928011) < 1e-8, "%s row 1 loss %.10f", e->name, l1);
    }
}

Test(eltwise, softmax_xent_random_matches_ref)
{
    const nash_eltwise_impl *ref = elt_by_name("ref");
    tu_rng rng = {.seed = 4242};
    double worst[16] = {0};
    int cases = 0;
    for (int t = 0; t < 60; t++) {
        int n = t % 5 == 4 ? tu_int(&rng, 65, 300) : tu_int(&rng, 1, 64);
        int k = tu_int(&rng, 2, 120);
        int integer = t % 2;
        float smoothing = t % 3 == 0 ? 0.0f : t % 3 == 1 ? 0.1f : 0.2f;
        /* scales up to 1e4 and offsets up to 1e3: a naive exp would overflow */
        static const float scales[] = {1.0f, 5.0f, 30.0f, 1e4f};
        float scale = scales[tu_int(&rng, 0, 3)], offset = t % 4 == 3 ? 1000.0f : 0.0f;
        float *logits = tu_alloc((int64_t)n * k), *want = tu_alloc((int64_t)n * k),
              *got = tu_alloc((int64_t)n * k);
        int32_t *labels = malloc(sizeof(int32_t) * (size_t)n);
        if (integer)
            tu_fill_int(logits, (int64_t)n * k, 90 + (uint64_t)t, -4, 4);
        else
            tu_fill_uniform(logits, (int64_t)n * k, 90 + (uint64_t)t, -1, 1);
        for (int64_t i = 0; i < (int64_t)n * k; i++)
            logits[i] = logits[i] * scale + offset;
        for (int i = 0; i < n; i++)
            labels[i] = (int32_t)(tu_hash(190 + (uint64_t)t, (uint64_t)i) % (uint64_t)k);

        int correct_ref;
        double loss_ref = ref->softmax_xent(n, k, logits, labels, smoothing, want, &correct_ref);
        cr_assert(isfinite(loss_ref) && loss_ref >= 0.0, "ref loss %g", loss_ref);
        for (int impl = 0; nash_eltwise_impls[impl + 1]; impl++) {
            const nash_eltwise_impl *e = nash_eltwise_impls[impl];
            int correct = -1;
            tu_fill_nan(got, (int64_t)n * k);
            double loss = e->softmax_xent(n, k, logits, labels, smoothing, got, &correct);
            cr_assert_eq(correct, correct_ref, "%s correct %d vs ref %d (n%d k%d)", e->name,
                         correct, correct_ref, n, k);
            cr_assert(fabs(loss - loss_ref) <= 1e-12 * fmax(1.0, fabs(loss_ref)),
                      "%s loss %.17g vs ref %.17g (n%d k%d)", e->name, loss, loss_ref, n, k);
            double err = tu_rel_err(want, got, (int64_t)n * k, 1e-9, NULL);
            cr_assert_leq(err, 1e-6, "%s dlogits err %g (n%d k%d)", e->name, err, n, k);
            keep_worst(&worst[impl], fmax(err, fabs(loss - loss_ref) / fmax(1.0, loss_ref)));
            /* nullable outputs */
            double bare = e->softmax_xent(n, k, logits, labels, smoothing, NULL, NULL);
            cr_assert(fabs(bare - loss_ref) <= 1e-12 * fmax(1.0, fabs(loss_ref)));
        }
        /* the gradient of each row sums to 0 (softmax and target both sum to 1) */
        for (int i = 0; i < n; i++) {
            double s = 0.0;
            for (int j = 0; j < k; j++)
                s += want[(int64_t)i * k + j];
            cr_assert(fabs(s) < 1e-6, "dlogits row %d sums to %g", i, s);
        }
        cases++;
        free(logits), free(want), free(got), free(labels);
    }
    for (int impl = 0; nash_eltwise_impls[impl + 1]; impl++)
        tu_report_maxerr("softmax_xent", "fwd+bwd", nash_eltwise_impls[impl]->name, worst[impl],
                         cases);
}

/* ------------------------------------------------------------------------- */
/* Option-A shortcut.                                                         */

/*
 * x: 2 channels of 4x4, x[c][h][w] = 100 c + 10 h + w + 1. To 4 channels,
 * stride 2: OH = OW = 2, (4 - 2) / 2 = 1 zero channel in front, 1 behind:
 *   y[0] = 0,  y[1] = x[0] at rows/cols 0 and 2 = (1 3; 21 23),
 *   y[2] = x[1] there = (101 103; 121 123),  y[3] = 0.
 * Backward: dx[c] holds dy[c + 1] at the even (h, w) and 0 elsewhere.
 */
Test(eltwise, shortcut_a_two_to_four_channels_by_hand)
{
    float xs[2 * 16], dys[4 * 4];
    for (int c = 0; c < 2; c++)
        for (int h = 0; h < 4; h++)
            for (int w = 0; w < 4; w++)
                xs[c * 16 + h * 4 + w] = (float)(100 * c + 10 * h + w + 1);
    for (int i = 0; i < 16; i++)
        dys[i] = (float)(i + 1);
    const float y_expect[16] = {0, 0, 0, 0, 1, 3, 21, 23, 101, 103, 121, 123, 0, 0, 0, 0};
    float *x = tu_alloc(16 * 16), *y = tu_alloc(4 * 16), *dy = tu_alloc(4 * 16),
          *dx = tu_alloc(16 * 16);
    nash_nchw_to_blocked(1, 2, 4, 4, xs, x);
    nash_nchw_to_blocked(1, 4, 2, 2, dys, dy);
    for (int impl = 0; nash_eltwise_impls[impl]; impl++) {
        const nash_eltwise_impl *e = nash_eltwise_impls[impl];
        float plain[32];
        tu_fill_nan(y, 4 * 16);
        e->shortcut_a_forward(1, 2, 4, 4, 4, 2, x, y);
        cr_expect(tu_pad_lanes_zero(y, 1, 4, 2, 2), "%s y pad lanes", e->name);
        nash_blocked_to_nchw(1, 4, 2, 2, y, plain);
        for (int i = 0; i < 16; i++)
            cr_expect_eq(plain[i], y_expect[i], "%s y[c%d][%d] = %g", e->name, i / 4, i % 4,
                         plain[i]);
        tu_fill_nan(dx, 16 * 16);
        e->shortcut_a_backward(1, 2, 4, 4, 4, 2, dy, dx);
        cr_expect(tu_pad_lanes_zero(dx, 1, 2, 4, 4), "%s dx pad lanes", e->name);
        nash_blocked_to_nchw(1, 2, 4, 4, dx, plain);
        for (int c = 0; c < 2; c++)
            for (int h = 0; h < 4; h++)
                for (int w = 0; w < 4; w++) {
                    float want = h % 2 == 0 && w % 2 == 0 ? dys[(c + 1) * 4 + h / 2 * 2 + w / 2]
                                                          : 0.0f;
                    cr_expect_eq(plain[c * 16 + h * 4 + w], want, "%s dx[c%d][%d][%d] = %g",
                                 e->name, c, h, w, plain[c * 16 + h * 4 + w]);
                }
    }
    free(x), free(y), free(dy), free(dx);
}

static void shortcut_random_cases(int integer, uint64_t seed, double worst[][2], int *cases)
{
    const nash_eltwise_impl *ref = elt_by_name("ref");
    tu_rng rng = {.seed = seed};
    for (int t = 0; t < 60; t++) {
        int n = tu_int(&rng, 1, 3), ic = tu_int(&rng, 1, 40), oc = ic + tu_int(&rng, 0, 40);
        int stride = tu_int(&rng, 1, 2), ih = tu_int(&rng, 1, 13), iw = tu_int(&rng, 1, 13);
        int oh = (ih - 1) / stride + 1, ow = (iw - 1) / stride + 1;
        int64_t xs = nash_blocked_size(n, ic, ih, iw), ys = nash_blocked_size(n, oc, oh, ow);
        float *x = tu_alloc(xs), *dy = tu_alloc(ys), *y_ref = tu_alloc(ys), *y = tu_alloc(ys);
        float *dx_ref = tu_alloc(xs), *dx = tu_alloc(xs);
        fill(x, xs, seed + 5 * (uint64_t)t, integer);
        fill(dy, ys, seed + 5 * (uint64_t)t + 1, integer);
        tu_zero_pad_lanes(x, n, ic, ih, iw);
        tu_zero_pad_lanes(dy, n, oc, oh, ow);
        ref->shortcut_a_forward(n, ic, ih, iw, oc, stride, x, y_ref);
        ref->shortcut_a_backward(n, ic, ih, iw, oc, stride, dy, dx_ref);
        /* the reference itself: a copied channel is where the formula says */
        int front = (oc - ic) / 2, c = ic - 1, h = oh - 1, w = ow - 1;
        cr_assert_eq(y_ref[nash_blocked_index(oc, oh, ow, n - 1, c + front, h, w)],
                     x[nash_blocked_index(ic, ih, iw, n - 1, c, h * stride, w * stride)]);
        char what[96];
        snprintf(what, sizeof what, "n%d ic%d ih%d iw%d oc%d s%d", n, ic, ih, iw, oc, stride);
        for (int impl = 0; nash_eltwise_impls[impl + 1]; impl++) {
            const nash_eltwise_impl *e = nash_eltwise_impls[impl];
            tu_fill_nan(y, ys);
            e->shortcut_a_forward(n, ic, ih, iw, oc, stride, x, y);
            cr_assert(tu_pad_lanes_zero(y, n, oc, oh, ow), "%s y pad lanes %s", e->name, what);
            double err = tu_rel_err(y_ref, y, ys, 1e-6, NULL);
            cr_assert_leq(err, 0.0, "%s shortcut fwd err %g %s", e->name, err, what);
            keep_worst(&worst[impl][0], err);
            tu_fill_nan(dx, xs);
            e->shortcut_a_backward(n, ic, ih, iw, oc, stride, dy, dx);
            cr_assert(tu_pad_lanes_zero(dx, n, ic, ih, iw), "%s dx pad lanes %s", e->name, what);
            err = tu_rel_err(dx_ref, dx, xs, 1e-6, NULL);
            cr_assert_leq(err, 0.0, "%s shortcut bwd err %g %s", e->name, err, what);
            keep_worst(&worst[impl][1], err);
        }
        (*cases)++;
        free(x), free(dy), free(y_ref), free(y), free(dx_ref), free(dx);
    }
}

Test(eltwise, shortcut_a_random_integer)
{
    double worst[16][2] = {{0}};
    int cases = 0;
    shortcut_random_cases(1, 31, worst, &cases);
}

Test(eltwise, shortcut_a_random_float)
{
    double worst[16][2] = {{0}};
    int cases = 0;
    shortcut_random_cases(0, 62, worst, &cases);
    for (int impl = 0; nash_eltwise_impls[impl + 1]; impl++) {
        tu_report_maxerr("shortcut_a", "fwd", nash_eltwise_impls[impl]->name, worst[impl][0],
                         cases);
        tu_report_maxerr("shortcut_a", "bwd", nash_eltwise_impls[impl]->name, worst[impl][1],
                         cases);
    }
}
