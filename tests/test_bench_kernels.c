/*
 * test_bench_kernels.c — `nash bench kernels` (tools/bench_kernels.c,
 * bench_onednn.c, bench_peak.c). Nothing here is timed or asserts a speed.
 *
 * Checks: the option parser rejects bad input with messages naming the flag
 * and the value; the shape sets contain every conv layer of ResNet-20 and of
 * an NB201 network (built by nas/, not copied from the list) and nothing
 * else; a tiny `--reps 1` run writes the documented CSV header and exactly
 * one row per (shape, op, direction, variant) that the variant tables say
 * accept the case (ref left out with --ref-max-mmac 0), each nash conv variant's
 * result within 1e-4 of oneDNN's (rel_err column); and the oneDNN harness
 * computes the same function as nash's reference conv (integer-valued inputs,
 * so the sums are exact) in every direction, direct and auto.
 */
#include "bench_kernels.h"
#include "bench_onednn.h"
#include "nash_nas.h"
#include "test_util.h"

#include <criterion/redirect.h>
#include <unistd.h>

static int count_args(char **argv)
{
    int n = 0;
    while (argv[n])
        n++;
    return n;
}

static void expect_rejected(char **argv, const char *message)
{
    bench_kernels_opts o;
    cr_expect_eq(bench_kernels_parse(count_args(argv), argv, &o), -1, "accepted: %s %s", argv[2],
                 argv[3] ? argv[3] : "");
    cr_expect(strstr(nash_last_error(), message) != NULL, "message \"%s\", expected \"%s\"",
              nash_last_error(), message);
}

Test(bench_kernels, parser_rejects_bad_input)
{
    expect_rejected((char *[]){"bench", "kernels", "--reps", "0", NULL}, "--reps: must be >= 1, got 0");
    expect_rejected((char *[]){"bench", "kernels", "--batch", "x", NULL},
                    "option --batch: 'x' is not an integer");
    expect_rejected((char *[]){"bench", "kernels", "--threads", "-2", NULL}, "--threads: must be >= 0");
    expect_rejected((char *[]){"bench", "kernels", "--op", "conv,mul", NULL},
                    "--op: unknown op 'mul' (conv, adder, shift)");
    expect_rejected((char *[]){"bench", "kernels", "--op", ",", NULL}, "--op: no op given");
    expect_rejected((char *[]){"bench", "kernels", "--shapes", "resnet20,resnet21", NULL},
                    "unknown shape or set 'resnet21' (item 2)");
    expect_rejected((char *[]){"bench", "kernels", "--shapes",
                               "n8ic16ih32iw32_oc16oh31ow32_kh3kw3_sh1sw1_ph1pw1_g1", NULL},
                    "output 31x32 does not follow from the input, kernel, stride and padding "
                    "(expected 32x32)");
    expect_rejected((char *[]){"bench", "kernels", "--shapes",
                               "n8ic16ih32iw32_oc16oh32ow32_kh3kw3_sh1sw1_ph1pw1", NULL},
                    "is not a descriptor");
    expect_rejected((char *[]){"bench", "kernels", "--shapes",
                               "n8ic16ih32iw32_oc16oh32ow32_kh3kw3_sh1sw1_ph1pw1_g3", NULL},
                    "--shapes: descriptor 'n8ic16ih32iw32_oc16oh32ow32_kh3kw3_sh1sw1_ph1pw1_g3'");
    expect_rejected((char *[]){"bench", "kernels", "--frobnicate", NULL},
                    "unknown option '--frobnicate'");
    expect_rejected((char *[]){"bench", "kernels", "extra", NULL}, "unexpected argument 'extra'");
    expect_rejected((char *[]){"bench", "kernels", "--peak-ms", "0", NULL}, "--peak-ms: must be in");
    expect_rejected((char *[]){"bench", "kernels", "--csv", "", NULL}, "--csv: empty file name");
    expect_rejected((char *[]){"bench", "kernels", "--clock", "gpu", NULL},
                    "--clock: expected wall or cpu, got 'gpu'");
    /* the command itself exits non-zero */
    char *bad[] = {"bench", "kernels", "--reps", "-1", NULL};
    cr_expect_neq(bench_kernels_main(4, bad), 0);

    /* defaults, and a duplicate descriptor timed once under its first name */
    bench_kernels_opts o;
    char *dup[] = {"bench", "kernels", "--shapes", "resnet20,nb201_c16_3x3", "--batch", "4", NULL};
    cr_assert_eq(bench_kernels_parse(6, dup, &o), 0, "%s", nash_last_error());
    cr_expect_eq(o.n_cases, 6, "resnet20 has 6 distinct conv shapes, got %d cases", o.n_cases);
    cr_expect_eq(o.reps, 10);
    cr_expect(o.ops[BENCH_OP_CONV] && o.ops[BENCH_OP_ADDER] && o.ops[BENCH_OP_SHIFT]);
    for (int i = 0; i < o.n_cases; i++)
        cr_expect_eq(o.cases[i].n, 4);
}

/* The descriptors (batch n) of every conv node of a network. */
static int net_convs(nash_net *net, int n, nash_conv_desc *out, int max)
{
    int count = 0;
    for (int i = 0; i < nash_net_node_count(net); i++) {
        if (nash_net_node_kind(net, i) != NASH_NODE_CONV)
            continue;
        int in[2];
        cr_assert_eq(nash_net_node_inputs(net, i, in), 1);
        nash_shape xs = nash_net_node_shape(net, in[0]), ys = nash_net_node_shape(net, i);
        nash_node_window w;
        cr_assert_eq(nash_net_node_window(net, i, &w), 0, "%s", nash_last_error());
        cr_assert_lt(count, max);
        cr_assert_eq(nash_conv_desc_init(&out[count], n, xs.c, xs.h, xs.w, ys.c, w.k, w.k, w.stride,
                                         w.pad, w.groups), 0, "%s", nash_last_error());
        count++;
    }
    return count;
}

/* Every conv of the net is a case of `set`, and every case of `set` is in the net. */
static void expect_set_matches(nash_net *net, const char *set)
{
    nash_conv_desc convs[256];
    int n = net_convs(net, 64, convs, 256);
    cr_assert_gt(n, 0);
    bench_kernels_opts o;
    char *argv[] = {"bench", "kernels", "--shapes", (char *)set, NULL};
    cr_assert_eq(bench_kernels_parse(4, argv, &o), 0, "%s", nash_last_error());
    for (int i = 0; i < n; i++) {
        int found = 0;
        for (int c = 0; c < o.n_cases; c++)
            found |= memcmp(&o.cases[c], &convs[i], sizeof convs[i]) == 0;
        char text[128];
        nash_conv_desc_str(&convs[i], text, sizeof text);
        cr_expect(found, "%s layer %s is not in the '%s' shapes", set, text, set);
    }
    for (int c = 0; c < o.n_cases; c++) {
        int found = 0;
        for (int i = 0; i < n; i++)
            found |= memcmp(&o.cases[c], &convs[i], sizeof convs[i]) == 0;
        cr_expect(found, "'%s' shape %s is not a layer of the network", set, o.case_names[c]);
    }
}

Test(bench_kernels, shape_sets_cover_resnet20_and_nb201)
{
    nash_arch a;
    cr_assert_eq(nash_arch_parse("resnet20", &a), 0, "%s", nash_last_error());
    nash_net *net = nash_arch_build(&a, 3, 32, 32, 10);
    cr_assert(net != NULL, "%s", nash_last_error());
    expect_set_matches(net, "resnet20");
    nash_net_free(net);

    const nash_space *nb = nash_space_find("nb201");
    cr_assert(nb != NULL, "%s", nash_last_error());
    net = nash_space_build(nb,
                           "|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|"
                           "nor_conv_1x1~1|nor_conv_3x3~2|",
                           3, 32, 32, 10);
    cr_assert(net != NULL, "%s", nash_last_error());
    /* the NB201 set has no stem (it is ResNet-20's r20_stem): add it for the comparison */
    expect_set_matches(net, "nb201,r20_stem");
    nash_net_free(net);

    /* MBConv: the depthwise shapes really are depthwise */
    bench_kernels_opts o;
    char *argv[] = {"bench", "kernels", "--shapes", "mbconv", NULL};
    cr_assert_eq(bench_kernels_parse(4, argv, &o), 0, "%s", nash_last_error());
    int depthwise = 0;
    for (int c = 0; c < o.n_cases; c++)
        depthwise += o.cases[c].groups == 96 && o.cases[c].ic == 96 && o.cases[c].oc == 96;
    cr_expect_eq(depthwise, 4, "3x3 and 5x5 depthwise at stride 1 and 2");
}

/* ------------------------------------------------------------------------- */

static int split_csv(char *line, char **fields, int max)
{
    int n = 0;
    fields[n++] = line;
    for (char *c = line; *c && n < max; c++)
        if (*c == ',') {
            *c = '\0';
            fields[n++] = c + 1;
        }
    return n;
}

typedef struct expected_row {
    const char *op, *dir, *variant;
    int seen;
} expected_row;

static int accepts(const nash_conv_impl *impl, const nash_conv_desc *d)
{
    return nash_isa_has(impl->isa) && impl->unsupported(d) == NULL;
}

/* Rows the variant tables promise for d (ref left out when skip_ref). */
static int expected_rows(const nash_conv_desc *d, int skip_ref, expected_row *e)
{
    int n = 0;
    for (int dir = 0; dir < BENCH_DIR_COUNT; dir++)
        e[n++] = (expected_row){"conv", bench_dir_names[dir], "dnnl-best", 0};
    for (int i = 0; nash_conv_impls[i]; i++) {
        const nash_conv_impl *impl = nash_conv_impls[i];
        if (!accepts(impl, d) || (skip_ref && strcmp(impl->name, "ref") == 0))
            continue;
        for (int dir = 0; dir < BENCH_DIR_COUNT; dir++)
            e[n++] = (expected_row){"conv", bench_dir_names[dir], impl->name, 0};
        e[n++] = (expected_row){"shift", "fwd", impl->name, 0};
    }
    for (int i = 0; nash_adder_impls[i]; i++) {
        const nash_conv_impl *impl = nash_adder_impls[i];
        if (!accepts(impl, d) || (skip_ref && strcmp(impl->name, "ref") == 0))
            continue;
        for (int dir = 0; dir < BENCH_DIR_COUNT; dir++)
            e[n++] = (expected_row){"adder", bench_dir_names[dir], impl->name, 0};
    }
    return n;
}

static const char *first_adder(const nash_conv_desc *d)
{
    for (int i = 0; nash_adder_impls[i]; i++)
        if (accepts(nash_adder_impls[i], d))
            return nash_adder_impls[i]->name;
    return "";
}

static void check_tiny_run(const char *shapes, int skip_ref, const char *clock)
{
    char path[] = "/tmp/nash_test_bench_kernels_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    char *argv[] = {"bench",      "kernels",   "--threads", "1",  "--reps",    "1",
                    "--warmup",   "0",         "--peak-ms", "2",  "--copy-mib", "1",
                    "--shapes",   (char *)shapes, "--csv",  path, "--json",
                    "--ref-max-mmac", skip_ref ? "0" : "1000", "--clock", (char *)clock, NULL};
    cr_assert_eq(bench_kernels_main(count_args(argv), argv), 0, "%s", nash_last_error());

    bench_kernels_opts o;
    char *parse_argv[] = {"bench", "kernels", "--shapes", (char *)shapes, NULL};
    cr_assert_eq(bench_kernels_parse(4, parse_argv, &o), 0);
    expected_row expect[2][64];
    int n_expect[2] = {0, 0};
    cr_assert_leq(o.n_cases, 2);
    char descs[2][128];
    for (int c = 0; c < o.n_cases; c++) {
        n_expect[c] = expected_rows(&o.cases[c], skip_ref, expect[c]);
        nash_conv_desc_str(&o.cases[c], descs[c], sizeof descs[c]);
    }

    FILE *f = fopen(path, "r");
    cr_assert(f != NULL, "no CSV at %s", path);
    char line[1024];
    cr_assert(fgets(line, sizeof line, f) != NULL, "empty CSV");
    line[strcspn(line, "\n")] = '\0';
    cr_expect_str_eq(line, BENCH_KERNELS_CSV_HEADER);
    int rows = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *fl[17];
        cr_assert_eq(split_csv(line, fl, 17), 16, "row %d has not 16 fields", rows + 1);
        rows++;
        /* 0 op, 1 shape, 2 desc, 3 direction, 4 variant, 5 impl, 6 ms_median, 7 ms_min,
         * 8 ms_max, 9 cpu_ms, 10 rate, 11 rate_unit, 12 vs_onednn, 13 vs_peak, 14 vs_conv,
         * 15 rel_err */
        int c = strcmp(fl[2], descs[0]) == 0 ? 0 : o.n_cases > 1 && strcmp(fl[2], descs[1]) == 0 ? 1 : -1;
        cr_assert_geq(c, 0, "row %d: unknown descriptor %s", rows, fl[2]);
        cr_expect_str_eq(fl[1], "custom");
        int matched = 0;
        for (int i = 0; i < n_expect[c]; i++)
            if (strcmp(expect[c][i].op, fl[0]) == 0 && strcmp(expect[c][i].dir, fl[3]) == 0 &&
                strcmp(expect[c][i].variant, fl[4]) == 0) {
                cr_expect_eq(expect[c][i].seen, 0, "row %s %s %s twice", fl[0], fl[3], fl[4]);
                expect[c][i].seen = matched = 1;
            }
        cr_expect(matched, "unexpected row %s %s %s for %s", fl[0], fl[3], fl[4], fl[2]);
        double med = atof(fl[6]), lo = atof(fl[7]), hi = atof(fl[8]);
        cr_expect(lo > 0 && lo <= med && med <= hi, "ms %s %s %s not ordered", fl[6], fl[7], fl[8]);
        cr_expect_geq(atof(fl[9]), 0.0, "cpu_ms %s", fl[9]);
        cr_expect(fl[9][0] != '\0', "cpu_ms missing");
        cr_expect_gt(atof(fl[10]), 0.0, "rate %s", fl[10]);
        int adder = strcmp(fl[0], "adder") == 0, shift = strcmp(fl[0], "shift") == 0;
        cr_expect_str_eq(fl[11], adder ? "GMAC/s" : "GFLOP/s");
        cr_expect_eq(fl[12][0] != '\0', !adder, "vs_onednn '%s' for %s", fl[12], fl[0]);
        cr_expect_eq(fl[14][0] != '\0', shift, "vs_conv '%s' for %s", fl[14], fl[0]);
        cr_expect_eq(fl[5][0] != '\0', strcmp(fl[4], "dnnl-best") == 0, "impl '%s'", fl[5]);
        if (nash_isa_has(NASH_ISA_AVX2))
            cr_expect(fl[13][0] != '\0', "vs_peak missing");
        /* checked: nash conv variants (against oneDNN) and every adder variant but
         * the first (the adder yardstick) */
        int checked = (strcmp(fl[0], "conv") == 0 && strcmp(fl[4], "dnnl-best") != 0) ||
                      (adder && strcmp(fl[4], first_adder(&o.cases[c])) != 0);
        cr_expect_eq(fl[15][0] != '\0', checked, "rel_err '%s' for %s %s", fl[15], fl[0], fl[4]);
        if (checked)
            cr_expect_leq(atof(fl[15]), 1e-4, "%s %s %s: rel_err %s", fl[0], fl[3], fl[4], fl[15]);
    }
    fclose(f);
    unlink(path);
    for (int c = 0; c < o.n_cases; c++)
        for (int i = 0; i < n_expect[c]; i++)
            cr_expect(expect[c][i].seen, "missing row %s %s %s for %s", expect[c][i].op,
                      expect[c][i].dir, expect[c][i].variant, descs[c]);
    cr_expect_eq(rows, n_expect[0] + n_expect[1]);
}

Test(bench_kernels, tiny_run_writes_one_csv_row_per_case, .init = cr_redirect_stdout)
{
    check_tiny_run("n2ic5ih7iw6_oc7oh4ow3_kh3kw3_sh2sw2_ph1pw1_g1,"
                   "n1ic16ih5iw5_oc16oh5ow5_kh3kw3_sh1sw1_ph1pw1_g16",
                   0, "wall");
    /* big enough that the busiest thread's CPU time is well above zero */
    check_tiny_run("n4ic16ih16iw16_oc16oh16ow16_kh3kw3_sh1sw1_ph1pw1_g1", 1, "cpu");
}

/* ------------------------------------------------------------------------- */

static const nash_conv_impl *conv_ref(void)
{
    for (int i = 0; nash_conv_impls[i]; i++)
        if (strcmp(nash_conv_impls[i]->name, "ref") == 0)
            return nash_conv_impls[i];
    return NULL;
}

Test(bench_kernels, onednn_harness_computes_nash_reference_conv)
{
    const nash_conv_impl *ref = conv_ref();
    cr_assert(ref != NULL);
    static const int shapes[][9] = {
        /* n, ic, ih, iw, oc, k, stride, pad, groups */
        {2, 5, 7, 6, 7, 3, 2, 1, 1},
        {3, 16, 5, 5, 24, 1, 1, 0, 1},
        {2, 12, 6, 7, 12, 3, 1, 1, 12},
        {1, 8, 9, 9, 8, 5, 2, 2, 8},
        {2, 8, 6, 6, 12, 3, 1, 1, 4},
    };
    int cases = 0;
    double worst = 0.0;
    for (size_t si = 0; si < sizeof shapes / sizeof shapes[0]; si++) {
        const int *s = shapes[si];
        nash_conv_desc d;
        cr_assert_eq(nash_conv_desc_init(&d, s[0], s[1], s[2], s[3], s[4], s[5], s[5], s[6], s[7],
                                         s[8]), 0, "%s", nash_last_error());
        int64_t xn = (int64_t)d.n * d.ic * d.ih * d.iw, yn = (int64_t)d.n * d.oc * d.oh * d.ow;
        int64_t wn = (int64_t)d.oc * (d.ic / d.groups) * d.kh * d.kw;
        float *px = tu_alloc(xn), *pdy = tu_alloc(yn), *w = tu_alloc(wn);
        tu_fill_int(px, xn, 11 + si, -3, 3);
        tu_fill_int(pdy, yn, 23 + si, -3, 3);
        tu_fill_int(w, wn, 37 + si, -2, 2);
        float *bx = tu_alloc(nash_blocked_size(d.n, d.ic, d.ih, d.iw));
        float *bdy = tu_alloc(nash_blocked_size(d.n, d.oc, d.oh, d.ow));
        float *by = tu_alloc(nash_blocked_size(d.n, d.oc, d.oh, d.ow));
        float *bdx = tu_alloc(nash_blocked_size(d.n, d.ic, d.ih, d.iw));
        float *want = tu_alloc(xn > yn ? (xn > wn ? xn : wn) : (yn > wn ? yn : wn));
        float *got = tu_alloc(xn > yn ? (xn > wn ? xn : wn) : (yn > wn ? yn : wn));
        nash_nchw_to_blocked(d.n, d.ic, d.ih, d.iw, px, bx);
        nash_nchw_to_blocked(d.n, d.oc, d.oh, d.ow, pdy, bdy);
        size_t sb = ref->scratch_bytes(&d);
        void *scratch = sb ? aligned_alloc(64, (sb + 63) / 64 * 64) : NULL;
        for (int dir = 0; dir < BENCH_DIR_COUNT; dir++) {
            int64_t count;
            if (dir == BENCH_FWD) {
                ref->forward(&d, bx, w, NULL, by, scratch);
                nash_blocked_to_nchw(d.n, d.oc, d.oh, d.ow, by, want);
                count = yn;
            } else if (dir == BENCH_BWD_DATA) {
                ref->backward_data(&d, NULL, w, bdy, bdx, scratch);
                nash_blocked_to_nchw(d.n, d.ic, d.ih, d.iw, bdx, want);
                count = xn;
            } else {
                ref->backward_weights(&d, bx, w, bdy, want, NULL, scratch);
                count = wn;
            }
            cr_expect_lt(tu_zero_fraction(want, count), 0.5, "reference result mostly zeros");
            for (int use_auto = 0; use_auto < 2; use_auto++) {
                char text[128];
                nash_conv_desc_str(&d, text, sizeof text);
                bench_onednn *b = bench_onednn_create(&d, (bench_dir)dir, use_auto);
                cr_assert(b != NULL, "%s %s: %s", text, bench_dir_names[dir], nash_last_error());
                tu_fill_nan(got, count);
                cr_assert_eq(bench_onednn_load(b, px, w, pdy), 0, "%s", nash_last_error());
                cr_assert_eq(bench_onednn_run(b), 0, "%s", nash_last_error());
                cr_assert_eq(bench_onednn_run(b), 0, "%s", nash_last_error()); /* rerun: same */
                cr_assert_eq(bench_onednn_result(b, got), 0, "%s", nash_last_error());
                int64_t at;
                double err = tu_rel_err(want, got, count, 1.0, &at);
                /* integer inputs: exact unless oneDNN chose Winograd (transform rounding) */
                double tol = strcmp(bench_onednn_algorithm(b), "winograd") == 0 ? 1e-5 : 0.0;
                cr_expect_leq(err, tol, "%s %s %s (%s): rel err %g at %lld (want %g, got %g)",
                              text, bench_dir_names[dir], use_auto ? "auto" : "direct",
                              bench_onednn_impl(b), err, (long long)at, want[at], got[at]);
                worst = err > worst ? err : worst;
                cases++;
                bench_onednn_free(b);
            }
        }
        free(scratch);
        free(px), free(pdy), free(w), free(bx), free(bdy), free(by), free(bdx), free(want), free(got);
    }
    tu_report_maxerr("bench_onednn", "all", "dnnl", worst, cases);
}
