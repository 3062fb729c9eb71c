/*
 * test_arch.c — architecture strings and the built-in ResNets.
 *
 * Checks: the grammar (positional ops, ranges, '*', stem/bits/classes),
 * errors that name the column, canonical strings that round-trip, and the
 * built networks against independent numbers: ResNet-20 has 269,722
 * parameters and 40.55 M MACs per 32x32 image (He et al.; PyTorch reference
 * implementations report the same), ResNet-32 464,154 and ResNet-56 853,018.
 */
#include "nash_nas.h"
#include "test_util.h"

static void expect_error(const char *text, const char *message)
{
    nash_arch a;
    cr_expect_neq(nash_arch_parse(text, &a), 0, "'%s' was accepted", text);
    cr_expect(strstr(nash_last_error(), message) != NULL, "'%s': message \"%s\", expected \"%s\"",
              text, nash_last_error(), message);
}

Test(arch, errors_name_the_column)
{
    expect_error("resnet20:adder,x", "arch \"resnet20:adder,x\": unknown op 'x' at column 16");
    expect_error("resnet21", "unknown family (resnet20, resnet32, resnet56, resnet18): 'resnet21' at column 1");
    expect_error("resnet20-add", "unknown op 'add' at column 10");
    expect_error("resnet20:19=adder", "body layer out of range 1..18: '19' at column 10");
    expect_error("resnet20:5-3=adder", "range end out of range 5..18: '3' at column 12");
    expect_error("resnet20:3adder", "expected '=' after a layer number at column 11");
    expect_error("resnet20:adder,", "expected an op (conv, shift, shiftps, adder, shiftadd) at column 16");
    expect_error("resnet20;adder", "expected ':' or the end, found ';' at column 9");
    expect_error("resnet20:stem=shiftadd", "the stem cannot be 'shiftadd' at column 10");
    expect_error("resnet20:bits=9", "shift bits out of range 2..8: '9' at column 15");
    expect_error("resnet20:width=2", "unknown setting (stem, bits, classes): 'width' at column 10");
    expect_error("", "expected a family");
    char many[512] = "resnet20:";
    for (int i = 0; i < 19; i++)
        strcat(many, i ? ",conv" : "conv");
    expect_error(many, "more ops than body layers");
}

Test(arch, grammar_and_canonical_round_trip)
{
    nash_arch a, b;
    cr_assert_eq(nash_arch_parse("resnet20-conv:adder,shift,5-7=shiftadd,stem=adder,bits=6,classes=7", &a), 0,
                 "%s", nash_last_error());
    cr_expect_eq(a.body_layers, 18);
    cr_expect_eq(a.ops[0], NASH_LAYER_ADDER);
    cr_expect_eq(a.ops[1], NASH_LAYER_SHIFT);
    cr_expect_eq(a.ops[2], NASH_LAYER_CONV);
    cr_expect_eq(a.ops[4], NASH_LAYER_SHIFTADD);
    cr_expect_eq(a.ops[6], NASH_LAYER_SHIFTADD);
    cr_expect_eq(a.ops[7], NASH_LAYER_CONV);
    cr_expect_eq(a.stem, NASH_LAYER_ADDER);
    cr_expect_eq(a.shift_bits, 6);
    cr_expect_eq(a.classes, 7);
    char canon[1024];
    nash_arch_canonical(&a, canon, sizeof canon);
    cr_assert_eq(nash_arch_parse(canon, &b), 0, "canonical '%s' does not parse: %s", canon,
                 nash_last_error());
    cr_expect_eq(memcmp(a.ops, b.ops, sizeof a.ops), 0, "'%s' does not round-trip", canon);
    cr_expect_eq(a.stem, b.stem);
    cr_expect_eq(a.shift_bits, b.shift_bits);
    cr_expect_eq(a.classes, b.classes);

    cr_assert_eq(nash_arch_parse("resnet56-hybrid", &a), 0);
    cr_expect_eq(a.ops[0], NASH_LAYER_CONV);
    cr_expect_eq(a.ops[17], NASH_LAYER_CONV);
    cr_expect_eq(a.ops[18], NASH_LAYER_SHIFT);
    cr_expect_eq(a.ops[53], NASH_LAYER_ADDER);
    cr_assert_eq(nash_arch_parse("resnet18:*=adder", &a), 0);
    for (int i = 0; i < 16; i++)
        cr_expect_eq(a.ops[i], NASH_LAYER_ADDER);
}

static void expect_size(const char *text, int h, int classes, int64_t params, int64_t macs)
{
    nash_arch a;
    cr_assert_eq(nash_arch_parse(text, &a), 0, "%s", nash_last_error());
    nash_net *net = nash_arch_build(&a, 3, h, h, classes);
    cr_assert(net, "%s", nash_last_error());
    int64_t total_macs = 0;
    for (int i = 0; i < nash_net_node_count(net); i++)
        total_macs += nash_net_node_macs(net, i);
    cr_expect_eq(nash_net_param_numel(net), params, "%s: %lld parameters, expected %lld", text,
                 (long long)nash_net_param_numel(net), (long long)params);
    if (macs)
        cr_expect_eq(total_macs, macs, "%s: %lld MACs, expected %lld", text, (long long)total_macs,
                     (long long)macs);
    nash_net_free(net);
}

Test(arch, resnet_sizes_match_the_literature)
{
    expect_size("resnet20-conv", 32, 10, 269722, 40551040);
    expect_size("resnet20-adder", 32, 10, 269722, 40551040); /* same shapes, no bias anywhere */
    expect_size("resnet32-conv", 32, 10, 464154, 0);
    expect_size("resnet56-conv", 32, 10, 853018, 0);
    /* DeepShift-PS has two parameters (P and S) per weight: the 267,264 body weights double */
    expect_size("resnet20-shiftps", 32, 10, 269722 + 267264, 0);
    /* ShiftAddNet: each body layer adds an OC x OC x 3 x 3 adder after its shift:
     * 6 x 16*16*9 + 6 x 32*32*9 + 6 x 64*64*9 = 290,304 more */
    expect_size("resnet20-shiftadd", 32, 10, 269722 + 290304, 0);
}

Test(arch, built_resnet_trains_a_step_without_error)
{
    nash_arch a;
    cr_assert_eq(nash_arch_parse("resnet20-hybrid", &a), 0);
    nash_net *net = nash_arch_build(&a, 3, 16, 16, 10);
    cr_assert(net);
    cr_assert_eq(nash_net_compile(net, 4), 0, "%s", nash_last_error());
    nash_rng rng;
    nash_rng_seed(&rng, 1);
    nash_net_init_params(net, &rng);
    tu_fill_uniform(nash_net_input(net), nash_blocked_size(4, 3, 16, 16), 2, -1, 1);
    tu_zero_pad_lanes(nash_net_input(net), 4, 3, 16, 16);
    int32_t labels[4] = {1, 2, 3, 4};
    double loss;
    nash_net_forward(net, 4, 1);
    cr_expect_eq(nash_net_loss_backward(net, 4, labels, 0.0f, &loss, NULL), 0, "%s",
                 nash_last_error());
    cr_expect(loss > 0.5 && loss < 20, "initial loss %g", loss);
    nash_net_free(net);
}
