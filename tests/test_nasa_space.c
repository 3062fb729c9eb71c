/*
 * test_nasa_space.c — the NASA hybrid search space (nas/nasa_space.c).
 *
 * Checks: parse errors name the cell, the rule and the column (columns
 * counted by hand on strings of 22 `skip`s, where cell n starts at column
 * 6 + 5 (n - 1)); NASA's own spellings are accepted and canonicalised;
 * 100 samples round-trip and keep cells 1-3 and 20-22 conv-only while every
 * choice of every cell shows up; mutation changes >= 1 cell (exactly 1 at
 * p = 0, all 22 at p = 1) and respects the conv-only cells; crossover children
 * hold only their parents' choices; parameter and MAC counts equal a count
 * derived here from the block formula (and, for all-conv_k3_e6, the literal
 * worked out separately); three sampled networks and one covering every block
 * type compile at batch 2 and give finite logits on 8x8 inputs.
 */
#include "space.h"
#include "test_util.h"

#define CELLS 22

static const nash_space *nasa(void) { return &nash_space_nasa; }

/* "nasa:" + cells joined by ','. */
static void join(char *out, size_t size, const char *const *cells)
{
    size_t used = (size_t)snprintf(out, size, "nasa:");
    for (int i = 0; i < CELLS; i++)
        used += (size_t)snprintf(out + used, size - used, "%s%s", i ? "," : "", cells[i]);
    cr_assert(used < size);
}

/* 22 skips with cell `cell` (1-based) replaced by `item`. */
static void skips_with(char *out, size_t size, int cell, const char *item)
{
    const char *cells[CELLS];
    for (int i = 0; i < CELLS; i++)
        cells[i] = i + 1 == cell ? item : "skip";
    join(out, size, cells);
}

/* Splits a canonical string into its 22 cells (test-side, independent of the parser). */
static void split(const char *arch, char cells[CELLS][32])
{
    cr_assert(strncmp(arch, "nasa:", 5) == 0, "'%s'", arch);
    const char *s = arch + 5;
    for (int i = 0; i < CELLS; i++) {
        size_t n = strcspn(s, ",");
        cr_assert(n < 32 && n > 0, "cell %d of '%s'", i + 1, arch);
        memcpy(cells[i], s, n);
        cells[i][n] = '\0';
        s += n;
        cr_assert(i + 1 < CELLS ? *s == ',' : *s == '\0', "'%s' has not 22 cells", arch);
        s += *s == ',';
    }
}

static int conv_only(int cell0) { return cell0 < 3 || cell0 >= 19; }
static int is_conv_or_skip(const char *cell)
{
    return strcmp(cell, "skip") == 0 || strncmp(cell, "conv_", 5) == 0;
}

static void expect_error(const char *text, const char *message)
{
    char out[NASH_SPACE_ARCH_MAX];
    cr_expect_neq(nash_space_canonical(nasa(), text, out, sizeof out), 0, "'%s' was accepted", text);
    cr_expect(strstr(nash_last_error(), message) != NULL, "'%s':\n  message \"%s\"\n  expected \"%s\"",
              text, nash_last_error(), message);
}

Test(nasa_space, errors_name_cell_rule_and_column)
{
    char s[NASH_SPACE_ARCH_MAX];
    skips_with(s, sizeof s, 2, "adder_k3_e6");
    expect_error(s, "cell 2 must be conv-only (conv_k<K>_e<E> or skip: cells 1-3 and 20-22 keep "
                    "multiplications), found 'adder_k3_e6' at column 11");
    skips_with(s, sizeof s, 21, "shift_k3_e1");
    expect_error(s, "cell 21 must be conv-only");
    expect_error(s, "at column 106");
    skips_with(s, sizeof s, 5, "conv_k7_e6"); /* cell 5 at 26, 'k7' 5 further */
    expect_error(s, "cell 5: kernel size 'k7' is not k3 or k5 at column 31");
    skips_with(s, sizeof s, 5, "adder_k3_e4");
    expect_error(s, "cell 5: expansion 'e4' is not e1, e3 or e6 at column 35");
    skips_with(s, sizeof s, 6, "shiftadd_k3_e6");
    expect_error(s, "cell 6: shiftadd blocks are not in NASA's AddAll space (conv, shift, adder or "
                    "skip): 'shiftadd_k3_e6' at column 31");
    skips_with(s, sizeof s, 7, "foo_k3_e6");
    expect_error(s, "cell 7: unknown block type 'foo' (conv, shift, adder or skip) at column 36");
    skips_with(s, sizeof s, 8, "conv_k3_e1_g2");
    expect_error(s, "cell 8: unexpected 'g2' after the expansion (NASA's grouped e1_g2 blocks are "
                    "not in the AddAll space) at column 52");
    skips_with(s, sizeof s, 9, "");
    expect_error(s, "cell 9 is empty (expected <type>_k<K>_e<E> or skip) at column 46");
    skips_with(s, sizeof s, 4, "conv");
    expect_error(s, "cell 4: expected '_k3' or '_k5' after the block type 'conv' at column 25");
    skips_with(s, sizeof s, 4, "conv_k3");
    expect_error(s, "cell 4: expected '_e1', '_e3' or '_e6' after the kernel size at column 28");
    skips_with(s, sizeof s, 22, "skip "); /* a trailing space */
    expect_error(s, "cell 22: unknown block type 'skip ' (conv, shift, adder or skip) at column 111");

    skips_with(s, sizeof s, 0, "");
    char shorter[NASH_SPACE_ARCH_MAX], longer[NASH_SPACE_ARCH_MAX + 16];
    snprintf(shorter, sizeof shorter, "%.*s", (int)strlen(s) - 5, s); /* 21 cells, 109 chars */
    expect_error(shorter, "21 cells, expected 22 at column 110");
    snprintf(longer, sizeof longer, "%s,skip", s); /* 22 cells end at 114, extra from 116 */
    expect_error(longer, "more than 22 cells: extra 'skip' at column 116");
    expect_error(s + 1, "expected the space name 'nasa:' first, found 'asa:skip' at column 1");
    expect_error("", "expected the space name 'nasa:' first");
    cr_expect_neq(nash_space_canonical(nasa(), NULL, s, sizeof s), 0);
    /* the message quotes the string */
    skips_with(s, sizeof s, 2, "adder_k3_e6");
    char quoted[NASH_SPACE_ARCH_MAX + 32];
    snprintf(quoted, sizeof quoted, "nasa arch \"%s\": cell 2", s);
    expect_error(s, quoted);
}

Test(nasa_space, nasa_spellings_are_accepted_and_canonicalised)
{
    const char *cells[CELLS];
    for (int i = 0; i < CELLS; i++)
        cells[i] = "k3_e6";                  /* NASA's name for conv_k3_e6 */
    cells[4] = "add_k5_e1";                  /* NASA's name for adder_k5_e1 */
    cells[5] = "shift_k5_e3";
    cells[6] = "skip";
    char in[NASH_SPACE_ARCH_MAX], out[NASH_SPACE_ARCH_MAX], again[NASH_SPACE_ARCH_MAX];
    join(in, sizeof in, cells);
    cr_assert_eq(nash_space_canonical(nasa(), in, out, sizeof out), 0, "%s", nash_last_error());
    char got[CELLS][32];
    split(out, got);
    cr_expect_str_eq(got[0], "conv_k3_e6");
    cr_expect_str_eq(got[4], "adder_k5_e1");
    cr_expect_str_eq(got[5], "shift_k5_e3");
    cr_expect_str_eq(got[6], "skip");
    cr_expect_str_eq(got[21], "conv_k3_e6");
    cr_assert_eq(nash_space_canonical(nasa(), out, again, sizeof again), 0);
    cr_expect_str_eq(again, out);
    /* a too-small output buffer is an error, not a truncation */
    cr_expect_neq(nash_space_canonical(nasa(), in, out, 40), 0);
    cr_expect(strstr(nash_last_error(), "the buffer has 40") != NULL, "%s", nash_last_error());
    cr_expect_eq(nash_space_size(nasa()), -1);
    cr_expect_neq(nash_space_from_index(nasa(), 0, out, sizeof out), 0);
}

Test(nasa_space, samples_round_trip_and_cover_every_choice)
{
    nash_rng rng;
    nash_rng_seed(&rng, 7);
    char s[NASH_SPACE_ARCH_MAX], canon[NASH_SPACE_ARCH_MAX];
    /* distinct cell names seen in the middle and end cells */
    char seen_middle[32][32], seen_end[32][32];
    int n_middle = 0, n_end = 0, skips_middle = 0;
    for (int t = 0; t < 100; t++) {
        cr_assert_eq(nash_space_sample(nasa(), &rng, s, sizeof s), 0, "%s", nash_last_error());
        cr_assert_eq(nash_space_canonical(nasa(), s, canon, sizeof canon), 0, "sample '%s': %s", s,
                     nash_last_error());
        cr_expect_str_eq(canon, s, "sample %d does not round-trip", t);
        char cells[CELLS][32];
        split(s, cells);
        for (int i = 0; i < CELLS; i++) {
            if (conv_only(i))
                cr_expect(is_conv_or_skip(cells[i]), "sample %d cell %d is '%s'", t, i + 1, cells[i]);
            char(*seen)[32] = conv_only(i) ? seen_end : seen_middle;
            int *n = conv_only(i) ? &n_end : &n_middle;
            int known = 0;
            for (int j = 0; j < *n; j++)
                known |= strcmp(seen[j], cells[i]) == 0;
            if (!known && *n < 32)
                strcpy(seen[(*n)++], cells[i]);
            skips_middle += !conv_only(i) && strcmp(cells[i], "skip") == 0;
        }
    }
    /* 600 end draws over 7 choices and 1,600 middle draws over 19: all appear */
    cr_expect_eq(n_end, 7, "end cells took %d distinct choices", n_end);
    cr_expect_eq(n_middle, 19, "middle cells took %d distinct choices", n_middle);
    /* skip is 1/19 of the middle draws: ~84 of 1,600 (sd ~9) */
    cr_expect(skips_middle > 40 && skips_middle < 130, "%d skips in the middle", skips_middle);
    /* the same seed gives the same sample */
    char a[NASH_SPACE_ARCH_MAX], b[NASH_SPACE_ARCH_MAX];
    nash_rng_seed(&rng, 99);
    nash_space_sample(nasa(), &rng, a, sizeof a);
    nash_rng_seed(&rng, 99);
    nash_space_sample(nasa(), &rng, b, sizeof b);
    cr_expect_str_eq(a, b);
}

static int cells_changed(const char *a, const char *b)
{
    char ca[CELLS][32], cb[CELLS][32];
    split(a, ca);
    split(b, cb);
    int n = 0;
    for (int i = 0; i < CELLS; i++)
        n += strcmp(ca[i], cb[i]) != 0;
    return n;
}

Test(nasa_space, mutation_changes_cells_and_keeps_the_rules)
{
    nash_rng rng;
    nash_rng_seed(&rng, 3);
    char parent[NASH_SPACE_ARCH_MAX], child[NASH_SPACE_ARCH_MAX];
    const double ps[3] = {0.0, 0.2, 1.0};
    for (int t = 0; t < 60; t++) {
        double p = ps[t % 3];
        cr_assert_eq(nash_space_sample(nasa(), &rng, parent, sizeof parent), 0);
        cr_assert_eq(nash_space_mutate(nasa(), parent, p, &rng, child, sizeof child), 0, "%s",
                     nash_last_error());
        char canon[NASH_SPACE_ARCH_MAX];
        cr_assert_eq(nash_space_canonical(nasa(), child, canon, sizeof canon), 0, "child '%s': %s",
                     child, nash_last_error());
        int changed = cells_changed(parent, child);
        cr_expect(changed >= 1, "p=%g changed nothing", p);
        if (p == 0.0)
            cr_expect_eq(changed, 1, "p=0 changed %d cells", changed);
        if (p == 1.0)
            cr_expect_eq(changed, CELLS, "p=1 changed %d cells", changed);
        char cells[CELLS][32];
        split(child, cells);
        for (int i = 0; i < CELLS; i++)
            if (conv_only(i))
                cr_expect(is_conv_or_skip(cells[i]), "mutated cell %d is '%s'", i + 1, cells[i]);
    }
    cr_expect_neq(nash_space_mutate(nasa(), parent, 1.5, &rng, child, sizeof child), 0);
    cr_expect(strstr(nash_last_error(), "probability 1.5") != NULL, "%s", nash_last_error());
    cr_expect_neq(nash_space_mutate(nasa(), "nasa:skip", 0.5, &rng, child, sizeof child), 0);
}

Test(nasa_space, crossover_children_hold_only_parent_choices)
{
    nash_rng rng;
    nash_rng_seed(&rng, 5);
    /* parents that differ in every cell, so each child cell names its parent */
    const char *ca[CELLS], *cb[CELLS];
    for (int i = 0; i < CELLS; i++) {
        ca[i] = conv_only(i) ? "conv_k3_e1" : "adder_k5_e6";
        cb[i] = conv_only(i) ? "skip" : "shift_k3_e3";
    }
    char a[NASH_SPACE_ARCH_MAX], b[NASH_SPACE_ARCH_MAX], child[NASH_SPACE_ARCH_MAX];
    join(a, sizeof a, ca);
    join(b, sizeof b, cb);
    int from_a = 0, from_b = 0;
    for (int t = 0; t < 20; t++) {
        cr_assert_eq(nash_space_crossover(nasa(), a, b, &rng, child, sizeof child), 0, "%s",
                     nash_last_error());
        char cells[CELLS][32];
        split(child, cells);
        for (int i = 0; i < CELLS; i++) {
            int is_a = strcmp(cells[i], ca[i]) == 0, is_b = strcmp(cells[i], cb[i]) == 0;
            cr_expect(is_a || is_b, "child cell %d is '%s', in neither parent", i + 1, cells[i]);
            from_a += is_a;
            from_b += is_b;
        }
    }
    /* 440 cells, each from a with probability 1/2 */
    cr_expect(from_a > 170 && from_b > 170, "%d cells from a, %d from b", from_a, from_b);
    /* sampled parents too */
    for (int t = 0; t < 20; t++) {
        nash_space_sample(nasa(), &rng, a, sizeof a);
        nash_space_sample(nasa(), &rng, b, sizeof b);
        cr_assert_eq(nash_space_crossover(nasa(), a, b, &rng, child, sizeof child), 0);
        char x[CELLS][32], y[CELLS][32], c[CELLS][32];
        split(a, x);
        split(b, y);
        split(child, c);
        for (int i = 0; i < CELLS; i++)
            cr_expect(strcmp(c[i], x[i]) == 0 || strcmp(c[i], y[i]) == 0, "cell %d", i + 1);
    }
    cr_expect_neq(nash_space_crossover(nasa(), a, "nasa:x", &rng, child, sizeof child), 0);
}

/* ------------------------------------------------------------------------- */
/* Sizes: the NASA CIFAR backbone restated (config_train.py), and the block   */
/* formula. Every conv-shaped layer has no bias and is followed by BN (gamma, */
/* beta: 2 parameters per channel). A block with C_in, C_out, kernel k,       */
/* expansion e, stride s, M = C_in e, input h x h, output h' = (h - 1)/s + 1: */
/*   params = C_in M + 2M  +  M k^2 + 2M  +  M C_out + 2 C_out                */
/*   MACs   = C_in M h^2   +  M k^2 h'^2  +  M C_out h'^2                     */
/* skip with a stride or width change: C_in C_out + 2 C_out params,           */
/* C_in C_out h'^2 MACs; the identity skip: nothing.                          */
/* stem 3*16*9 + 2*16, MACs 3*16*9 h^2; head 352*1504 + 2*1504, MACs          */
/* 352*1504 h_last^2; linear 1504 K + K, MACs 1504 K.                         */

static const int layers[7] = {1, 4, 4, 4, 4, 4, 1};
static const int widths[7] = {16, 24, 32, 64, 112, 184, 352};
static const int strides[7] = {1, 1, 2, 2, 1, 2, 1};

/* 1 when cell `cell0` (0-based) keeps its width at stride 1: a block there has a residual. */
static int identity_cell(int cell0)
{
    int c_in = 16, cell = 0;
    for (int st = 0; st < 7; st++)
        for (int i = 0; i < layers[st]; i++, cell++) {
            if (cell == cell0)
                return (i == 0 ? strides[st] : 1) == 1 && c_in == widths[st];
            c_in = widths[st];
        }
    return 0;
}

static void expected_size(char cells[CELLS][32], int h, int classes, int64_t *params,
                          int64_t *macs)
{
    int64_t p = 3 * 16 * 9 + 2 * 16, m = (int64_t)3 * 16 * 9 * h * h;
    int64_t c_in = 16, cell = 0;
    for (int st = 0; st < 7; st++)
        for (int i = 0; i < layers[st]; i++, cell++) {
            int64_t s = i == 0 ? strides[st] : 1, c_out = widths[st], ho = (h - 1) / s + 1;
            int k = 0, e = 0;
            if (strcmp(cells[cell], "skip") == 0) {
                if (s != 1 || c_in != c_out) {
                    p += c_in * c_out + 2 * c_out;
                    m += c_in * c_out * ho * ho;
                }
            } else {
                cr_assert_eq(sscanf(strchr(cells[cell], '_'), "_k%d_e%d", &k, &e), 2, "%s",
                             cells[cell]);
                int64_t mid = c_in * e;
                p += c_in * mid + 2 * mid + mid * k * k + 2 * mid + mid * c_out + 2 * c_out;
                m += c_in * mid * h * h + mid * k * k * ho * ho + mid * c_out * ho * ho;
            }
            c_in = c_out;
            h = (int)ho;
        }
    p += 352 * 1504 + 2 * 1504 + 1504 * classes + classes;
    m += (int64_t)352 * 1504 * h * h + 1504 * classes;
    *params = p;
    *macs = m;
}

static void built_size(const char *arch, int h, int classes, int64_t *params, int64_t *macs)
{
    nash_net *net = nash_space_build(nasa(), arch, 3, h, h, classes);
    cr_assert(net, "%s", nash_last_error());
    *params = nash_net_param_numel(net);
    *macs = 0;
    for (int i = 0; i < nash_net_node_count(net); i++)
        *macs += nash_net_node_macs(net, i);
    nash_net_free(net);
}

Test(nasa_space, parameter_and_mac_counts_follow_the_block_formula)
{
    const char *all[CELLS];
    for (int i = 0; i < CELLS; i++)
        all[i] = "conv_k3_e6";
    char arch[NASH_SPACE_ARCH_MAX], cells[CELLS][32];
    join(arch, sizeof arch, all);
    split(arch, cells);
    int64_t want_p, want_m, got_p, got_m;
    expected_size(cells, 32, 100, &want_p, &want_m);
    /* the same formula evaluated by hand (a separate script): 3,586,836 parameters,
     * 142,616,960 MACs per 32x32 image with 100 classes */
    cr_expect_eq(want_p, 3586836);
    cr_expect_eq(want_m, 142616960);
    built_size(arch, 32, 100, &got_p, &got_m);
    fprintf(stderr, "nash-nasa all-conv_k3_e6 32x32 CIFAR-100: %lld params, %lld MACs\n",
            (long long)got_p, (long long)got_m);
    cr_expect_eq(got_p, want_p, "%lld parameters, formula %lld", (long long)got_p, (long long)want_p);
    cr_expect_eq(got_m, want_m, "%lld MACs, formula %lld", (long long)got_m, (long long)want_m);
    /* sampled archs (skips, e1, k5, shift and adder blocks: same shapes as conv) */
    nash_rng rng;
    nash_rng_seed(&rng, 11);
    for (int t = 0; t < 5; t++) {
        nash_space_sample(nasa(), &rng, arch, sizeof arch);
        split(arch, cells);
        expected_size(cells, 32, 10, &want_p, &want_m);
        built_size(arch, 32, 10, &got_p, &got_m);
        cr_expect_eq(got_p, want_p, "'%s': %lld parameters, formula %lld", arch, (long long)got_p,
                     (long long)want_p);
        cr_expect_eq(got_m, want_m, "'%s': %lld MACs, formula %lld", arch, (long long)got_m,
                     (long long)want_m);
    }
}

/* Builds, compiles at batch 2, runs a training-mode forward on 8x8 inputs;
 * checks finite logits and that every block layer has its block's op. */
static void build_and_forward(const char *arch, int *ops_seen)
{
    enum { batch = 2, h = 8, classes = 10 };
    nash_net *net = nash_space_build(nasa(), arch, 3, h, h, classes);
    cr_assert(net, "'%s': %s", arch, nash_last_error());
    cr_assert_eq(nash_net_compile(net, batch), 0, "'%s': %s", arch, nash_last_error());
    nash_rng rng;
    nash_rng_seed(&rng, 17);
    nash_net_init_params(net, &rng);
    tu_fill_uniform(nash_net_input(net), nash_blocked_size(batch, 3, h, h), 2, -1, 1);
    tu_zero_pad_lanes(nash_net_input(net), batch, 3, h, h);
    nash_net_forward(net, batch, 1);
    int out = nash_net_node_count(net) - 1;
    const float *logits = nash_net_output(net, out);
    cr_expect_eq(nash_net_node_shape(net, out).c, classes);
    int distinct = 0;
    for (int i = 0; i < batch * classes; i++) {
        cr_expect(isfinite(logits[i]), "'%s': logit %d is %g", arch, i, logits[i]);
        distinct += logits[i] != logits[0];
    }
    cr_expect(distinct > 0, "'%s': all logits equal %g", arch, logits[0]);
    /* conv nodes by op; the stem, head and shortcut skips are the only conv ops outside blocks */
    int count[NASH_OP_COUNT] = {0}, adds = 0;
    for (int i = 0; i < nash_net_node_count(net); i++) {
        if (nash_net_node_kind(net, i) == NASH_NODE_CONV)
            count[nash_net_node_op(net, i)]++;
        adds += nash_net_node_kind(net, i) == NASH_NODE_ADD;
    }
    char cells[CELLS][32];
    split(arch, cells);
    static const char *const prefixes[4] = {"conv_", "shift_", "adder_", "skip"};
    int cells_of[4] = {0};
    for (int i = 0; i < CELLS; i++)
        for (int t = 0; t < 4; t++)
            if (strncmp(cells[i], prefixes[t], strlen(prefixes[t])) == 0) {
                cells_of[t]++;
                ops_seen[t]++;
            }
    int shift_cells = cells_of[1], adder_cells = cells_of[2], residuals = 0;
    for (int i = 0; i < CELLS; i++) /* identity skips add no node; blocks there add a sum */
        residuals += identity_cell(i) && strcmp(cells[i], "skip") != 0;
    cr_expect_eq(adds, residuals, "'%s': %d residual sums, expected %d", arch, adds, residuals);
    cr_expect_eq(count[NASH_OP_SHIFT_Q], 3 * shift_cells, "'%s': %d shift layers", arch,
                 count[NASH_OP_SHIFT_Q]);
    cr_expect_eq(count[NASH_OP_ADDER], 3 * adder_cells, "'%s': %d adder layers", arch,
                 count[NASH_OP_ADDER]);
    cr_expect_eq(count[NASH_OP_SHIFT_PS], 0);
    nash_net_free(net);
}

Test(nasa_space, sampled_networks_compile_and_give_finite_logits)
{
    nash_rng rng;
    nash_rng_seed(&rng, 23);
    char arch[NASH_SPACE_ARCH_MAX];
    int ops_seen[4] = {0}; /* conv, shift, adder, skip cells */
    for (int t = 0; t < 3; t++) {
        cr_assert_eq(nash_space_sample(nasa(), &rng, arch, sizeof arch), 0);
        build_and_forward(arch, ops_seen);
    }
    for (int i = 0; i < 4; i++)
        cr_expect(ops_seen[i] > 0, "the samples had no %s cell", (const char *[]){"conv", "shift",
                                                                               "adder", "skip"}[i]);
    /* block types at every kind of position: stride-2 cells (6, 10, 18), width
     * changes (2, 6, 10, 14, 18, 22) and identity cells; skips at an identity (3, 8,
     * 12, 20), a width change (14) and a stride 2 with a width change (10) */
    const char *cells[CELLS] = {"conv_k3_e1", "conv_k5_e3", "skip", "shift_k3_e6", "shift_k5_e1",
                                "adder_k3_e3", "adder_k5_e6", "skip", "shift_k5_e6", "skip",
                                "shift_k3_e3", "skip", "adder_k5_e3", "skip", "conv_k5_e6",
                                "adder_k3_e6", "shift_k3_e1", "adder_k5_e1", "shift_k5_e3",
                                "skip", "conv_k5_e1", "conv_k3_e6"};
    join(arch, sizeof arch, cells);
    build_and_forward(arch, ops_seen);
    /* errors */
    cr_expect_null(nash_space_build(nasa(), arch, 3, 8, 8, 0));
    cr_expect(strstr(nash_last_error(), "0 classes") != NULL, "%s", nash_last_error());
    cr_expect_null(nash_space_build(nasa(), "nasa:conv", 3, 8, 8, 10));
}
