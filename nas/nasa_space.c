/*
 * nasa_space.c — the NASA (Shi et al., ICCAD'22) hybrid search space as a
 * nash search space: an FBNet-style backbone of 22 inverted-residual cells,
 * each of which is a conv, shift or adder block or a skip.
 *
 * Owns: the arch-string grammar below with its column-precise errors, the
 * per-cell choice rules, uniform sampling, mutation, crossover and the network
 * builder. Does not own: the layers (runtime/), the space table and the
 * nash_space_* wrappers (space.c). Sources: research/nash-nasa-hybrid-ops.md
 * §3.2 and GATECH-EIC/NASA@06824f9 (operations.py, genotypes.py,
 * model_search_ws_mix_fix_conv.py, config_*.py), which this file follows.
 *
 * ARCH STRINGS
 *
 *     arch  := 'nasa:' cell ',' cell ',' ... ',' cell     exactly 22 cells, in forward order
 *     cell  := type '_k' K '_e' E  |  'skip'
 *     type  := conv | shift | adder
 *     K     := 3 | 5          depthwise kernel size
 *     E     := 1 | 3 | 6      expansion ratio of the inverted residual
 *
 * e.g. "nasa:conv_k3_e1,conv_k3_e6,skip,shift_k5_e3,adder_k3_e6,...". For
 * pasting NASA's own genotype names, input also accepts `add` for `adder`
 * and a missing type for conv (`k3_e6` = conv_k3_e6, `add_k5_e1` =
 * adder_k5_e1); the canonical string always spells the type out. Nothing
 * else is accepted: no spaces, no upper case.
 *
 * Choices per cell (NASA's "AddAll" space): cells 1-3 and 20-22 are
 * conv-only, 6 conv blocks + skip = 7 choices, so the first and last layers
 * keep multiplications (as AdderNet does); cells 4-19 take any of 6 conv +
 * 6 shift + 6 adder blocks + skip = 19 choices. 7^6 * 19^16 ~ 3.4e25
 * candidates, so `size` is -1 and there is no index form. Two deliberate
 * differences from NASA's code, both recorded here so they are not mistaken
 * for bugs:
 *   - shiftadd blocks (ShiftAddNet's shift-then-adder) are commented out of
 *     NASA's AddAll list (genotypes.py) and are rejected here with a message
 *     saying so. A `shiftadd_k3_e6` string is an error, not a silent conv.
 *   - NASA's supernet gives the end cells PRIMITIVES_AddAll_allconv, which
 *     also holds the 6 shift blocks (13 choices). Here, as in the research
 *     note (§3.2), end cells are conv or skip only (7 choices).
 * NASA's e3 -> e6 ratio bug (research note §3.2) does not arise: every
 * candidate here is a stand-alone network whose expansion is exactly E.
 *
 * THE NETWORK (CIFAR configuration of config_search.py / config_train.py)
 *
 *   stem   3x3 conv 16, stride 1, pad 1, BN, ReLU
 *   cells  7 stages, layers [1,4,4,4,4,4,1], out-channels
 *          [16,24,32,64,112,184,352], first-cell strides [1,1,2,2,1,2,1]
 *          (later cells of a stage: stride 1)
 *   head   1x1 conv 1504, BN, ReLU, global average pool, linear to classes
 *
 * A block (operations.py ConvBlock / ShiftBlock / AddBlock) with C_in, C_out,
 * stride s, kernel k, expansion e, M = C_in * e:
 *   1x1 (C_in -> M), BN, ReLU
 *   kxk depthwise (M -> M, groups M), stride s, pad k/2, BN, ReLU
 *   1x1 (M -> C_out), BN
 *   + identity when C_in == C_out and s == 1 (no ReLU after the sum)
 * All three layers are of the block's type: conv, DeepShift-Q with 6-bit
 * weights (NASA's Shiftlayer weight_bits=6), or adder (depthwise adder
 * through groups). For e = 1 the 1x1 expansion (C_in -> C_in) is still
 * there: ConvBlock creates conv1 unconditionally (only NASA-F's accelerator
 * model drops it). No biases: BN follows every layer.
 * skip (operations.py Skip): the identity when s == 1 and C_in == C_out,
 * otherwise 1x1 conv (always a multiplication conv, as in NASA) stride s,
 * BN, ReLU.
 * Left out on purpose: NASA's 16.16 fixed-point inputs of shift layers (a
 * change below 2^-16 per input that would cost one extra activation buffer
 * per shift layer) and its commented-out 8-bit conv quantiser.
 * The net accepts any input size; at 8x8 the maps are 8,8,4,2,2,1,1 per
 * stage, at 32x32 32,32,16,8,8,4,4.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "space.h"

/* ------------------------------------------------------------------------- */
/* The backbone                                                               */

#define NASA_CELLS 22
#define NASA_STAGES 7
#define NASA_STEM_CHANNELS 16
#define NASA_HEAD_CHANNELS 1504
#define NASA_SHIFT_BITS 6
#define NASA_END_CELLS 3 /* conv-only cells at each end */

static const int stage_layers[NASA_STAGES] = {1, 4, 4, 4, 4, 4, 1};
static const int stage_channels[NASA_STAGES] = {16, 24, 32, 64, 112, 184, 352};
static const int stage_strides[NASA_STAGES] = {1, 1, 2, 2, 1, 2, 1};

typedef struct cell_geometry {
    int c_in, c_out, stride;
} cell_geometry;

/* Channels and stride of cell `cell` (0-based). */
static cell_geometry geometry(int cell)
{
    int c_in = NASA_STEM_CHANNELS, index = 0;
    for (int s = 0; s < NASA_STAGES; s++)
        for (int i = 0; i < stage_layers[s]; i++, index++) {
            if (index == cell)
                return (cell_geometry){c_in, stage_channels[s], i == 0 ? stage_strides[s] : 1};
            c_in = stage_channels[s];
        }
    return (cell_geometry){0, 0, 0}; /* not reached for 0 <= cell < 22 */
}

/* Cells are 0-based in code and 1-based in messages: cells 1-3 and 20-22 are conv-only. */
static int conv_only_cell(int cell)
{
    return cell < NASA_END_CELLS || cell >= NASA_CELLS - NASA_END_CELLS;
}

/* ------------------------------------------------------------------------- */
/* Choices: one index per cell, in NASA's AddAll order                        */
/* (type-major, then k3/k5, then e1/e3/e6; skip last).                        */

typedef enum block_type { BLOCK_CONV = 0, BLOCK_SHIFT, BLOCK_ADDER, BLOCK_TYPE_COUNT } block_type;
static const char *const block_type_names[] = {"conv", "shift", "adder"};
_Static_assert(sizeof block_type_names / sizeof block_type_names[0] == BLOCK_TYPE_COUNT,
               "block type names");
static const int kernel_sizes[2] = {3, 5};
static const int expansions[3] = {1, 3, 6};

#define CHOICES_PER_TYPE 6
#define CHOICE_SKIP (BLOCK_TYPE_COUNT * CHOICES_PER_TYPE) /* 18 */
#define CHOICE_COUNT (CHOICE_SKIP + 1)                     /* 19 */

static int choice_of(block_type type, int k_index, int e_index)
{
    return (int)type * CHOICES_PER_TYPE + k_index * 3 + e_index;
}
static block_type choice_type(int choice) { return (block_type)(choice / CHOICES_PER_TYPE); }
static int choice_kernel(int choice) { return kernel_sizes[choice % CHOICES_PER_TYPE / 3]; }
static int choice_expansion(int choice) { return expansions[choice % 3]; }

/* The choices allowed in `cell`, ascending; returns their count (7 or 19). */
static int allowed_choices(int cell, int *list)
{
    int n = 0;
    for (int c = 0; c < CHOICE_COUNT; c++)
        if (!conv_only_cell(cell) || c == CHOICE_SKIP || choice_type(c) == BLOCK_CONV)
            list[n++] = c;
    return n;
}

typedef struct nasa_arch {
    int choice[NASA_CELLS];
} nasa_arch;

/* ------------------------------------------------------------------------- */
/* Parsing                                                                    */

typedef struct parser {
    const char *text;
    size_t pos;
} parser;

/* `nasa arch "<text>": <message> at column <at + 1>`; returns -1. */
__attribute__((format(printf, 3, 4))) static int fail_at(const parser *p, size_t at,
                                                           const char *fmt, ...)
{
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return nash_fail("nasa arch \"%s\": %s at column %zu", p->text, message, at + 1);
}

/* Length of the token at s: up to '_', ',' or the end. */
static size_t token_len(const char *s)
{
    size_t n = 0;
    while (s[n] && s[n] != '_' && s[n] != ',')
        n++;
    return n;
}

static int token_is(const char *s, size_t len, const char *word)
{
    return strlen(word) == len && strncmp(s, word, len) == 0;
}

/* A token `<letter><digits>` whose number is one of values[0..count-1]; the
 * index of the value, or -1. */
static int parse_letter_number(const char *s, size_t len, char letter, const int *values, int count)
{
    if (len < 2 || s[0] != letter)
        return -1;
    int v = 0;
    for (size_t i = 1; i < len; i++) {
        if (s[i] < '0' || s[i] > '9' || v > 1000)
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    for (int i = 0; i < count; i++)
        if (values[i] == v)
            return i;
    return -1;
}

/* One cell starting at p->pos; leaves p->pos at the ',' or the end after it. */
static int parse_cell(parser *p, int cell, int *choice)
{
    const char *text = p->text;
    size_t start = p->pos, item_len = 0;
    while (text[start + item_len] && text[start + item_len] != ',')
        item_len++;
    if (item_len == 0)
        return fail_at(p, start, "cell %d is empty (expected <type>_k<K>_e<E> or skip)", cell + 1);

    const char *s = text + start;
    size_t len = token_len(s);
    if (token_is(s, item_len, "skip")) {
        *choice = CHOICE_SKIP;
        p->pos = start + item_len;
        return 0;
    }
    /* the type, or NASA's bare `k3_e6` for conv */
    block_type type;
    size_t at = start;
    if (token_is(s, len, "conv"))
        type = BLOCK_CONV;
    else if (token_is(s, len, "shift"))
        type = BLOCK_SHIFT;
    else if (token_is(s, len, "adder") || token_is(s, len, "add"))
        type = BLOCK_ADDER;
    else if (token_is(s, len, "shiftadd"))
        return fail_at(p, at,
                       "cell %d: shiftadd blocks are not in NASA's AddAll space (conv, shift, "
                       "adder or skip): '%.*s'",
                       cell + 1, (int)item_len, s);
    else if (len >= 2 && s[0] == 'k' && s[1] >= '0' && s[1] <= '9') {
        type = BLOCK_CONV; /* NASA's spelling: no type token, s is the kernel already */
        len = 0;
    } else
        return fail_at(p, at, "cell %d: unknown block type '%.*s' (conv, shift, adder or skip)",
                       cell + 1, (int)len, s);
    if (len > 0) { /* step over the type and its '_' */
        at += len;
        if (text[at] != '_')
            return fail_at(p, at, "cell %d: expected '_k3' or '_k5' after the block type '%.*s'",
                           cell + 1, (int)len, s);
        at++;
    }

    const char *ks = text + at;
    size_t klen = token_len(ks);
    int k_index = parse_letter_number(ks, klen, 'k', kernel_sizes, 2);
    if (k_index < 0)
        return fail_at(p, at, "cell %d: kernel size '%.*s' is not k3 or k5", cell + 1, (int)klen,
                       ks);
    at += klen;
    if (text[at] != '_')
        return fail_at(p, at, "cell %d: expected '_e1', '_e3' or '_e6' after the kernel size",
                       cell + 1);
    at++;

    const char *es = text + at;
    size_t elen = token_len(es);
    int e_index = parse_letter_number(es, elen, 'e', expansions, 3);
    if (e_index < 0)
        return fail_at(p, at, "cell %d: expansion '%.*s' is not e1, e3 or e6", cell + 1,
                       (int)elen, es);
    at += elen;
    if (text[at] == '_') {
        const char *extra = text + at + 1;
        return fail_at(p, at + 1,
                       "cell %d: unexpected '%.*s' after the expansion (NASA's grouped e1_g2 "
                       "blocks are not in the AddAll space)",
                       cell + 1, (int)token_len(extra), extra);
    }

    int c = choice_of(type, k_index, e_index);
    if (conv_only_cell(cell) && type != BLOCK_CONV)
        return fail_at(p, start,
                       "cell %d must be conv-only (conv_k<K>_e<E> or skip: cells 1-%d and %d-%d "
                       "keep multiplications), found '%.*s'",
                       cell + 1, NASA_END_CELLS, NASA_CELLS - NASA_END_CELLS + 1, NASA_CELLS,
                       (int)item_len, s);
    *choice = c;
    p->pos = at;
    return 0;
}

static int parse_arch(const char *text, nasa_arch *arch)
{
    if (!text)
        return nash_fail("nasa arch: no architecture given");
    parser p = {.text = text, .pos = 0};
    static const char prefix[] = "nasa:";
    if (strncmp(text, prefix, sizeof prefix - 1) != 0)
        return fail_at(&p, 0, "expected the space name 'nasa:' first, found '%.*s'",
                       (int)token_len(text), text);
    p.pos = sizeof prefix - 1;
    for (int cell = 0; cell < NASA_CELLS; cell++) {
        if (parse_cell(&p, cell, &arch->choice[cell]) != 0)
            return -1;
        if (cell + 1 < NASA_CELLS) {
            if (text[p.pos] != ',')
                return fail_at(&p, p.pos, "%d cells, expected %d", cell + 1, NASA_CELLS);
            p.pos++;
        }
    }
    if (text[p.pos] == ',') {
        const char *extra = text + p.pos + 1;
        size_t len = 0;
        while (extra[len] && extra[len] != ',')
            len++;
        return fail_at(&p, p.pos + 1, "more than %d cells: extra '%.*s'", NASA_CELLS, (int)len,
                       extra);
    }
    return 0; /* parse_cell stops only at ',' or the end */
}

/* The canonical string of a parsed arch. */
static int format_arch(const nasa_arch *arch, char *out, size_t size)
{
    char buf[NASH_SPACE_ARCH_MAX];
    size_t used = (size_t)snprintf(buf, sizeof buf, "nasa:");
    for (int cell = 0; cell < NASA_CELLS; cell++) {
        int c = arch->choice[cell];
        const char *sep = cell ? "," : "";
        if (c == CHOICE_SKIP)
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%sskip", sep);
        else
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s_k%d_e%d", sep,
                                     block_type_names[choice_type(c)], choice_kernel(c),
                                     choice_expansion(c));
    }
    if (!out || used + 1 > size)
        return nash_fail("nasa arch: the canonical string needs %zu bytes, the buffer has %zu",
                         used + 1, out ? size : 0);
    memcpy(out, buf, used + 1);
    return 0;
}

/* ------------------------------------------------------------------------- */
/* The space operations                                                       */

static int nasa_canonical(const char *text, char *out, size_t size)
{
    nasa_arch arch;
    if (parse_arch(text, &arch) != 0)
        return -1;
    return format_arch(&arch, out, size);
}

static int nasa_sample(nash_rng *rng, char *out, size_t size)
{
    nasa_arch arch;
    int list[CHOICE_COUNT];
    for (int cell = 0; cell < NASA_CELLS; cell++) {
        int n = allowed_choices(cell, list);
        arch.choice[cell] = list[nash_rng_below(rng, (uint32_t)n)];
    }
    return format_arch(&arch, out, size);
}

/* Replaces the choice of `cell` by one of its other allowed choices, uniformly. */
static void redraw_cell(nasa_arch *arch, int cell, nash_rng *rng)
{
    int list[CHOICE_COUNT];
    int n = allowed_choices(cell, list), current = 0;
    while (list[current] != arch->choice[cell])
        current++;
    int pick = (int)nash_rng_below(rng, (uint32_t)(n - 1));
    arch->choice[cell] = list[pick >= current ? pick + 1 : pick]; /* skip over the current one */
}

static int nasa_mutate(const char *text, double p, nash_rng *rng, char *out, size_t size)
{
    if (!(p >= 0.0 && p <= 1.0))
        return nash_fail("nasa mutate: probability %g; expected 0 <= p <= 1", p);
    nasa_arch arch;
    if (parse_arch(text, &arch) != 0)
        return -1;
    int changed = 0;
    for (int cell = 0; cell < NASA_CELLS; cell++)
        if (nash_rng_uniform(rng) < p) {
            redraw_cell(&arch, cell, rng);
            changed++;
        }
    if (changed == 0) /* at least one choice changes: then one cell, chosen uniformly */
        redraw_cell(&arch, (int)nash_rng_below(rng, NASA_CELLS), rng);
    return format_arch(&arch, out, size);
}

static int nasa_crossover(const char *a, const char *b, nash_rng *rng, char *out, size_t size)
{
    nasa_arch pa, pb, child;
    if (parse_arch(a, &pa) != 0 || parse_arch(b, &pb) != 0)
        return -1;
    for (int cell = 0; cell < NASA_CELLS; cell++)
        child.choice[cell] = nash_rng_below(rng, 2) ? pb.choice[cell] : pa.choice[cell];
    return format_arch(&child, out, size);
}

/* ------------------------------------------------------------------------- */
/* Building                                                                   */

/* One conv-shaped layer of a block's type; BN always follows, so no bias. */
static int block_layer(nash_net *net, int in, block_type type, int oc, int k, int stride,
                       int groups)
{
    static const nash_op ops[BLOCK_TYPE_COUNT] = {
        [BLOCK_CONV] = NASH_OP_CONV, [BLOCK_SHIFT] = NASH_OP_SHIFT_Q, [BLOCK_ADDER] = NASH_OP_ADDER};
    nash_conv_options opt = {.shift_bits = NASA_SHIFT_BITS};
    return nash_net_conv(net, in, ops[type], oc, k, stride, k / 2, groups, 0, &opt);
}

/* layer -> BN (-> ReLU) */
static int layer_bn(nash_net *net, int in, block_type type, int oc, int k, int stride, int groups,
                    int relu)
{
    int x = block_layer(net, in, type, oc, k, stride, groups);
    if (x >= 0)
        x = nash_net_bn(net, x, 1);
    if (x >= 0 && relu)
        x = nash_net_act(net, x, NASH_ACT_RELU);
    return x;
}

static int build_cell(nash_net *net, int in, int choice, cell_geometry g)
{
    if (choice == CHOICE_SKIP) {
        if (g.stride == 1 && g.c_in == g.c_out)
            return in;
        return layer_bn(net, in, BLOCK_CONV, g.c_out, 1, g.stride, 1, 1);
    }
    block_type type = choice_type(choice);
    int k = choice_kernel(choice), mid = g.c_in * choice_expansion(choice);
    int x = layer_bn(net, in, type, mid, 1, 1, 1, 1);          /* 1x1 expansion */
    if (x >= 0)
        x = layer_bn(net, x, type, mid, k, g.stride, mid, 1);  /* kxk depthwise */
    if (x >= 0)
        x = layer_bn(net, x, type, g.c_out, 1, 1, 1, 0);       /* 1x1 projection */
    if (x >= 0 && g.stride == 1 && g.c_in == g.c_out)
        x = nash_net_add(net, x, in);
    return x;
}

static nash_net *nasa_build(const char *text, int c, int h, int w, int classes)
{
    nasa_arch arch;
    if (parse_arch(text, &arch) != 0)
        return NULL;
    if (classes <= 0) {
        nash_fail("nasa arch: %d classes; must be positive", classes);
        return NULL;
    }
    nash_net *net = nash_net_create(c, h, w);
    if (!net)
        return NULL;
    const char *part = "the stem";
    int x = layer_bn(net, nash_net_input_node(net), BLOCK_CONV, NASA_STEM_CHANNELS, 3, 1, 1, 1);
    char cell_name[24];
    for (int cell = 0; cell < NASA_CELLS && x >= 0; cell++) {
        snprintf(cell_name, sizeof cell_name, "cell %d", cell + 1);
        part = cell_name;
        x = build_cell(net, x, arch.choice[cell], geometry(cell));
    }
    if (x >= 0) {
        part = "the head";
        x = layer_bn(net, x, BLOCK_CONV, NASA_HEAD_CHANNELS, 1, 1, 1, 1);
    }
    if (x >= 0)
        x = nash_net_gap(net, x);
    if (x >= 0)
        x = nash_net_linear(net, x, classes, 1);
    if (x < 0) {
        nash_fail_context("nasa arch \"%s\": building %s", text, part);
        nash_net_free(net);
        return NULL;
    }
    return net;
}

const nash_space nash_space_nasa = {
    .name = "nasa",
    .description = "NASA (ICCAD'22) FBNet-style 22-cell backbone, AddAll choices: "
                   "conv/shift/adder x k3,k5 x e1,e3,e6 + skip; cells 1-3 and 20-22 conv-only",
    .size = -1,
    .canonical = nasa_canonical,
    .from_index = NULL,
    .to_index = NULL,
    .sample = nasa_sample,
    .mutate = nasa_mutate,
    .crossover = nasa_crossover,
    .build = nasa_build,
};
