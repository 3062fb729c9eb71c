/*
 * nb201.c — the NAS-Bench-201 cell space (`nb201`) and its hybrid variant
 * (`hb201`): strings, official indices, sampling/mutation/crossover and the
 * TinyNetwork builder.
 *
 * Owns: the cell grammar below, the official index <-> cell table, the
 * hybrid op set, and the macro skeleton of Dong & Yang, "NAS-Bench-201",
 * ICLR 2020 (AutoDL-Projects xautodl/models/cell_infers/tiny_network.py,
 * cells.py, cell_operations.py; shared/research/zero-shot-proxies.md §5).
 * Does not own: the layers (runtime/), the space table (space.c).
 *
 * GRAMMAR (both spaces; no spaces, no other characters)
 *
 *     cell  := node1 '+' node2 '+' node3
 *     nodeJ := '|' edge(0) '|' edge(1) '|' ... edge(J-1) '|'   (J edges)
 *     edge(i) := op '~' i                 i = the source node, in order 0, 1, ..
 *
 * e.g. the ResNet cell |nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|
 * Node j of the cell is the sum over i < j of op(node i); node 0 is the cell
 * input, node 3 its output. Edges in string order: 0->1, 0->2, 1->2, 0->3,
 * 1->3, 2->3.
 *
 * nb201 ops (official codes 0..4): none, skip_connect, nor_conv_1x1,
 *   nor_conv_3x3, avg_pool_3x3. 5^6 = 15,625 cells. The index is the
 *   official NAS-Bench-201 / NATS-Bench-TSS index, which is NOT a formula of
 *   the ops (the benchmark stores its cells in a shuffled order): the table at
 *   the end of this file lists the op codes of every index.
 * hb201 ops (codes 0..8): none, skip_connect, nor_conv_1x1, nor_conv_3x3,
 *   shift_conv_1x1, shift_conv_3x3, adder_conv_1x1, adder_conv_3x3,
 *   avg_pool_3x3. shift_ = DeepShift-Q conv (NASH_OP_SHIFT_Q, 5 bits),
 *   adder_ = AdderNet conv (NASH_OP_ADDER); both ReLU -> op (no bias) -> BN
 *   like nor_conv. 9^6 = 531,441 cells; index = the six codes read as a
 *   base-9 number in edge order, first edge most significant
 *   (|adder_conv_3x3~0|+... with all edges code c has index c * (9^6-1)/8).
 *   Every nb201 string is an hb201 string (its codes differ only for
 *   avg_pool_3x3: 4 in nb201, 8 in hb201).
 *
 * NETWORK (TinyNetwork, C = 16, N = 5; all cells share the genotype)
 *   stem conv3x3 (3->16, no bias) + BN; 5 cells @16; ResNet basic block
 *   16->32 (a = ReLU-conv3x3 s2-BN, b = ReLU-conv3x3-BN, shortcut = avgpool
 *   2x2 s2 + conv1x1 without bias or BN; out = shortcut + b(a(x)), no ReLU);
 *   5 cells @32; block 32->64; 5 cells @64; BN, ReLU, global average pool,
 *   linear 64 -> classes with bias. In hb201 the stem, the two blocks and the
 *   classifier stay ordinary convolutions (as AdderNet keeps its first and last
 *   layers multiplication-based). Any input size whose two halvings agree with
 *   the stride-2 convs works (32x32 CIFAR, 16x16 ImageNet16-120).
 *   Edge ops: none = x * 0 (a scale node, PyTorch's x.mul(0.): NaN stays NaN);
 *   skip_connect = the input node itself; conv ops = ReLU -> conv k x k, pad
 *   k/2, no bias -> BN (affine); avg_pool_3x3 = 3x3, stride 1, pad 1,
 *   count_include_pad = 0. A node with several inputs is a chain of adds in
 *   source order. Every op is built even when its input is all zeros, so the
 *   parameter count equals the official one (all nn.Parameters).
 */
#include "nb201.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "space.h"

/* ------------------------------------------------------------------------- */
/* Op tables                                                                  */

const char *const nash_nb201_op_names[NASH_NB201_OPS] = {
    "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"};
_Static_assert(sizeof nash_nb201_op_names / sizeof nash_nb201_op_names[0] == NASH_NB201_OPS,
               "nb201 op names");
const char *const nash_hb201_op_names[NASH_HB201_OPS] = {
    "none",           "skip_connect",   "nor_conv_1x1",   "nor_conv_3x3", "shift_conv_1x1",
    "shift_conv_3x3", "adder_conv_1x1", "adder_conv_3x3", "avg_pool_3x3"};
_Static_assert(sizeof nash_hb201_op_names / sizeof nash_hb201_op_names[0] == NASH_HB201_OPS,
               "hb201 op names");

typedef enum edge_kind { EDGE_NONE = 0, EDGE_SKIP, EDGE_CONV, EDGE_POOL } edge_kind;

/* What an edge op builds; indexed by the op code of its space. */
typedef struct edge_impl {
    edge_kind kind;
    nash_op op; /* EDGE_CONV: which convolution */
    int k;      /* EDGE_CONV: kernel size */
} edge_impl;

static const edge_impl nb201_impl[NASH_NB201_OPS] = {
    {EDGE_NONE, NASH_OP_CONV, 0}, {EDGE_SKIP, NASH_OP_CONV, 0}, {EDGE_CONV, NASH_OP_CONV, 1},
    {EDGE_CONV, NASH_OP_CONV, 3}, {EDGE_POOL, NASH_OP_CONV, 0}};
static const edge_impl hb201_impl[NASH_HB201_OPS] = {
    {EDGE_NONE, NASH_OP_CONV, 0},    {EDGE_SKIP, NASH_OP_CONV, 0},
    {EDGE_CONV, NASH_OP_CONV, 1},    {EDGE_CONV, NASH_OP_CONV, 3},
    {EDGE_CONV, NASH_OP_SHIFT_Q, 1}, {EDGE_CONV, NASH_OP_SHIFT_Q, 3},
    {EDGE_CONV, NASH_OP_ADDER, 1},   {EDGE_CONV, NASH_OP_ADDER, 3},
    {EDGE_POOL, NASH_OP_CONV, 0}};

typedef struct cell_space {
    const char *name;
    const char *const *op_names;
    const edge_impl *impl;
    int n_ops;
} cell_space;

static const cell_space nb201 = {"nb201", nash_nb201_op_names, nb201_impl, NASH_NB201_OPS};
static const cell_space hb201 = {"hb201", nash_hb201_op_names, hb201_impl, NASH_HB201_OPS};

/* Source node of each edge in string order. */
static const int edge_source[NASH_NB201_EDGES] = {0, 0, 1, 0, 1, 2};

/* ------------------------------------------------------------------------- */
/* Parsing (errors name the column, 1-based)                                  */

typedef struct cell_parser {
    const cell_space *sp;
    const char *text;
    size_t pos;
} cell_parser;

static size_t op_word_len(const char *s)
{
    size_t n = 0;
    while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
           (s[n] >= '0' && s[n] <= '9') || s[n] == '_')
        n++;
    return n;
}

/* "<space> arch "<text>": <what> at column N[, found 'x' | the end][ (hint)]".
 * found_len 0 = say nothing found, SIZE_MAX = show the word (or the character,
 * or "the end") at the column. */
static int cell_error(const cell_parser *p, size_t at, size_t found_len, const char *hint,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int cell_error(const cell_parser *p, size_t at, size_t found_len, const char *hint,
                      const char *fmt, ...)
{
    char what[256], found[96] = "";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    const char *s = p->text + at;
    if (found_len == SIZE_MAX) {
        size_t word = op_word_len(s);
        found_len = word ? word : 1;
    }
    if (found_len > 0 && *s == '\0')
        snprintf(found, sizeof found, ", found the end");
    else if (found_len > 0)
        snprintf(found, sizeof found, ", found '%.*s'", (int)(found_len < 64 ? found_len : 64), s);
    return nash_fail("%s arch \"%s\": %s at column %zu%s%s%s%s", p->sp->name, p->text, what,
                     at + 1, found, hint ? " (" : "", hint ? hint : "", hint ? ")" : "");
}

static int expect_char(cell_parser *p, char c, const char *why, int node)
{
    if (p->text[p->pos] != c)
        return cell_error(p, p->pos, SIZE_MAX, NULL, "expected '%c' (%s %d)", c, why, node);
    p->pos++;
    return 0;
}

/* "nb201 ops: none, skip_connect, ..." */
static void op_list(const cell_space *sp, char *buf, size_t size)
{
    size_t used = (size_t)snprintf(buf, size, "%s ops: ", sp->name);
    for (int i = 0; i < sp->n_ops && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", sp->op_names[i]);
}

/* One edge `op~src` into *code. */
static int parse_edge(cell_parser *p, int node, int src, int *code)
{
    const char *s = p->text + p->pos;
    size_t len = op_word_len(s);
    if (len == 0) {
        if (src > 0 && (*s == '+' || *s == '\0'))
            return cell_error(p, p->pos, SIZE_MAX, NULL,
                              "node %d has %d input edge%s, expected %d (one from each of nodes "
                              "0..%d)",
                              node, src, src == 1 ? "" : "s", node, node - 1);
        char ops[256];
        op_list(p->sp, ops, sizeof ops);
        return cell_error(p, p->pos, SIZE_MAX, ops, "expected an op");
    }
    int found = -1;
    for (int i = 0; i < p->sp->n_ops; i++)
        if (strlen(p->sp->op_names[i]) == len && strncmp(p->sp->op_names[i], s, len) == 0)
            found = i;
    if (found < 0) {
        char ops[256];
        op_list(p->sp, ops, sizeof ops);
        return cell_error(p, p->pos, 0, ops, "unknown op '%.*s'", (int)len, s);
    }
    p->pos += len;
    s = p->text + p->pos;
    if (s[0] != '~' || s[1] != (char)('0' + src)) {
        size_t shown = s[0] == '\0' ? 1 : s[0] == '~' && s[1] != '\0' ? 2 : SIZE_MAX;
        return cell_error(p, p->pos, shown, NULL, "expected '~%d' (edge %d->%d)", src, src, node);
    }
    p->pos += 2;
    *code = found;
    return 0;
}

static int parse_cell(const cell_space *sp, const char *text, int ops[NASH_NB201_EDGES])
{
    if (!text)
        return nash_fail("%s arch: no string given", sp->name);
    cell_parser p = {sp, text, 0};
    int edge = 0;
    for (int node = 1; node <= 3; node++) {
        if (node > 1 && expect_char(&p, '+', "before node", node) != 0)
            return -1;
        if (expect_char(&p, '|', "start of node", node) != 0)
            return -1;
        for (int src = 0; src < node; src++) {
            if (parse_edge(&p, node, src, &ops[edge++]) != 0)
                return -1;
            if (expect_char(&p, '|', "after an edge of node", node) != 0)
                return -1;
        }
        char next = text[p.pos];
        if (op_word_len(text + p.pos) > 0)
            return cell_error(&p, p.pos, SIZE_MAX, NULL, "node %d has more than %d input edge%s",
                              node, node, node == 1 ? "" : "s");
        if (node == 3 && next != '\0')
            return cell_error(&p, p.pos, SIZE_MAX, NULL, "expected the end after node 3");
    }
    return 0;
}

int nash_nb201_ops(const char *arch, int ops[NASH_NB201_EDGES])
{
    return parse_cell(&nb201, arch, ops);
}

int nash_hb201_ops(const char *arch, int ops[NASH_NB201_EDGES])
{
    return parse_cell(&hb201, arch, ops);
}

/* ------------------------------------------------------------------------- */
/* Canonical strings                                                          */

static int format_cell(const cell_space *sp, const int ops[NASH_NB201_EDGES], char *out,
                       size_t size)
{
    char buf[NASH_SPACE_ARCH_MAX];
    size_t used = 0;
    for (int e = 0; e < NASH_NB201_EDGES; e++) {
        if (ops[e] < 0 || ops[e] >= sp->n_ops)
            return nash_fail("%s: op code %d on edge %d is out of range 0..%d", sp->name, ops[e],
                             e, sp->n_ops - 1);
        int src = edge_source[e];
        /* a new node group starts at every edge from node 0 */
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s|%s~%d",
                                 src == 0 && e > 0 ? "|+" : "", sp->op_names[ops[e]], src);
    }
    used += (size_t)snprintf(buf + used, sizeof buf - used, "|");
    if (used + 1 > size)
        return nash_fail("%s: a %zu-byte buffer cannot hold the %zu-character string %s", sp->name,
                         size, used, buf);
    memcpy(out, buf, used + 1);
    return 0;
}

static int canonical_cell(const cell_space *sp, const char *arch, char *out, size_t size)
{
    int ops[NASH_NB201_EDGES];
    if (parse_cell(sp, arch, ops) != 0)
        return -1;
    return format_cell(sp, ops, out, size);
}

/* ------------------------------------------------------------------------- */
/* Indices                                                                    */

#define NB201_CELLS 15625  /* 5^6 */
#define HB201_CELLS 531441 /* 9^6 */

/* Official index -> the six op codes (table at the end of the file). */
static const char nb201_official_ops[NB201_CELLS][NASH_NB201_EDGES + 1];

/* The six codes read as a base-n number, first edge most significant. */
static int32_t cell_code(const int ops[NASH_NB201_EDGES], int n)
{
    int32_t code = 0;
    for (int e = 0; e < NASH_NB201_EDGES; e++)
        code = code * n + ops[e];
    return code;
}

static void code_to_ops(int32_t code, int n, int ops[NASH_NB201_EDGES])
{
    for (int e = NASH_NB201_EDGES - 1; e >= 0; e--) {
        ops[e] = (int)(code % n);
        code /= n;
    }
}

/* Base-5 code -> official index, built once from the table. */
static int32_t nb201_index_of_code[NB201_CELLS];
static pthread_once_t nb201_inverse_once = PTHREAD_ONCE_INIT;

static void build_nb201_inverse(void)
{
    for (int32_t index = 0; index < NB201_CELLS; index++) {
        int ops[NASH_NB201_EDGES];
        for (int e = 0; e < NASH_NB201_EDGES; e++)
            ops[e] = nb201_official_ops[index][e] - '0';
        nb201_index_of_code[cell_code(ops, NASH_NB201_OPS)] = index;
    }
}

static int nb201_from_index(int64_t index, char *out, size_t size)
{
    if (index < 0 || index >= NB201_CELLS)
        return nash_fail("nb201: index %lld is out of range 0..%d", (long long)index,
                         NB201_CELLS - 1);
    int ops[NASH_NB201_EDGES];
    for (int e = 0; e < NASH_NB201_EDGES; e++)
        ops[e] = nb201_official_ops[index][e] - '0';
    return format_cell(&nb201, ops, out, size);
}

static int nb201_to_index(const char *arch, int64_t *index)
{
    int ops[NASH_NB201_EDGES];
    if (parse_cell(&nb201, arch, ops) != 0)
        return -1;
    pthread_once(&nb201_inverse_once, build_nb201_inverse);
    *index = nb201_index_of_code[cell_code(ops, NASH_NB201_OPS)];
    return 0;
}

static int hb201_from_index(int64_t index, char *out, size_t size)
{
    if (index < 0 || index >= HB201_CELLS)
        return nash_fail("hb201: index %lld is out of range 0..%d", (long long)index,
                         HB201_CELLS - 1);
    int ops[NASH_NB201_EDGES];
    code_to_ops((int32_t)index, NASH_HB201_OPS, ops);
    return format_cell(&hb201, ops, out, size);
}

static int hb201_to_index(const char *arch, int64_t *index)
{
    int ops[NASH_NB201_EDGES];
    if (parse_cell(&hb201, arch, ops) != 0)
        return -1;
    *index = cell_code(ops, NASH_HB201_OPS);
    return 0;
}

/* ------------------------------------------------------------------------- */
/* Sampling, mutation, crossover                                              */

static int sample_cell(const cell_space *sp, nash_rng *rng, char *out, size_t size)
{
    int ops[NASH_NB201_EDGES];
    for (int e = 0; e < NASH_NB201_EDGES; e++)
        ops[e] = (int)nash_rng_below(rng, (uint32_t)sp->n_ops);
    return format_cell(sp, ops, out, size);
}

/* Uniformly one of the n - 1 codes other than `code`. */
static int other_op(int code, int n, nash_rng *rng)
{
    return (code + 1 + (int)nash_rng_below(rng, (uint32_t)(n - 1))) % n;
}

static int mutate_cell(const cell_space *sp, const char *arch, double p, nash_rng *rng, char *out,
                       size_t size)
{
    if (!(p >= 0.0 && p <= 1.0))
        return nash_fail("%s: mutation probability %g is not in [0, 1]", sp->name, p);
    int ops[NASH_NB201_EDGES];
    if (parse_cell(sp, arch, ops) != 0)
        return -1;
    int changed = 0;
    for (int e = 0; e < NASH_NB201_EDGES; e++)
        if (nash_rng_uniform(rng) < p) {
            ops[e] = other_op(ops[e], sp->n_ops, rng);
            changed++;
        }
    if (changed == 0) { /* a mutation must produce a different cell */
        int e = (int)nash_rng_below(rng, NASH_NB201_EDGES);
        ops[e] = other_op(ops[e], sp->n_ops, rng);
    }
    return format_cell(sp, ops, out, size);
}

static int crossover_cell(const cell_space *sp, const char *a, const char *b, nash_rng *rng,
                          char *out, size_t size)
{
    int ops_a[NASH_NB201_EDGES], ops_b[NASH_NB201_EDGES], child[NASH_NB201_EDGES];
    if (parse_cell(sp, a, ops_a) != 0 || parse_cell(sp, b, ops_b) != 0)
        return -1;
    for (int e = 0; e < NASH_NB201_EDGES; e++)
        child[e] = nash_rng_below(rng, 2) ? ops_b[e] : ops_a[e];
    return format_cell(sp, child, out, size);
}

/* ------------------------------------------------------------------------- */
/* TinyNetwork builder                                                        */

#define NB201_C 16 /* channels of the first stage */
#define NB201_N 5  /* cells per stage */

/* ReLU -> conv k x k (stride s, pad k/2, no bias) -> BN (affine): ReLUConvBN. */
static int relu_conv_bn(nash_net *net, int x, nash_op op, int oc, int k, int stride)
{
    x = nash_net_act(net, x, NASH_ACT_RELU);
    if (x >= 0)
        x = nash_net_conv(net, x, op, oc, k, stride, k / 2, 1, 0, NULL);
    if (x >= 0)
        x = nash_net_bn(net, x, 1);
    return x;
}

static int edge_op(nash_net *net, const edge_impl *impl, int x, int channels)
{
    switch (impl->kind) {
    case EDGE_NONE:
        return nash_net_scale(net, x, 0.0f);
    case EDGE_SKIP:
        return x;
    case EDGE_CONV:
        return relu_conv_bn(net, x, impl->op, channels, impl->k, 1);
    case EDGE_POOL:
        return nash_net_avgpool(net, x, 3, 1, 1, 0);
    }
    return nash_fail("nb201: unknown edge kind %d", (int)impl->kind);
}

/* InferCell: node j = sum over i < j of op_{i->j}(node i), in source order. */
static int cell(nash_net *net, const cell_space *sp, const int ops[NASH_NB201_EDGES], int x,
                int channels)
{
    int nodes[4] = {x, -1, -1, -1};
    for (int e = 0; e < NASH_NB201_EDGES; e++) {
        int src = edge_source[e];
        int dst = e == 0 ? 1 : e < 3 ? 2 : 3;
        int y = edge_op(net, &sp->impl[ops[e]], nodes[src], channels);
        if (y < 0)
            return -1;
        nodes[dst] = src == 0 ? y : nash_net_add(net, nodes[dst], y);
        if (nodes[dst] < 0)
            return -1;
    }
    return nodes[3];
}

/* ResNetBasicblock(inplanes, planes, stride 2): shortcut(x) + b(a(x)). */
static int reduction_block(nash_net *net, int x, int planes)
{
    int a = relu_conv_bn(net, x, NASH_OP_CONV, planes, 3, 2);
    int b = a < 0 ? -1 : relu_conv_bn(net, a, NASH_OP_CONV, planes, 3, 1);
    int r = b < 0 ? -1 : nash_net_avgpool(net, x, 2, 2, 0, 1);
    if (r >= 0)
        r = nash_net_conv(net, r, NASH_OP_CONV, planes, 1, 1, 0, 1, 0, NULL);
    return r < 0 ? -1 : nash_net_add(net, r, b);
}

static nash_net *build_cell_net(const cell_space *sp, const char *arch, int c, int h, int w,
                                int classes)
{
    int ops[NASH_NB201_EDGES];
    if (parse_cell(sp, arch, ops) != 0)
        return NULL;
    if (c <= 0 || h <= 0 || w <= 0 || classes <= 0) {
        nash_fail("%s: input %dx%dx%d with %d classes; all must be positive", sp->name, c, h, w,
                  classes);
        return NULL;
    }
    nash_net *net = nash_net_create(c, h, w);
    if (!net)
        return NULL;
    int x = nash_net_conv(net, nash_net_input_node(net), NASH_OP_CONV, NB201_C, 3, 1, 1, 1, 0,
                          NULL);
    if (x >= 0)
        x = nash_net_bn(net, x, 1);
    for (int stage = 0; stage < 3 && x >= 0; stage++) {
        int channels = NB201_C << stage;
        if (stage > 0)
            x = reduction_block(net, x, channels);
        for (int i = 0; i < NB201_N && x >= 0; i++)
            x = cell(net, sp, ops, x, channels);
    }
    if (x >= 0)
        x = nash_net_bn(net, x, 1);
    if (x >= 0)
        x = nash_net_act(net, x, NASH_ACT_RELU);
    if (x >= 0)
        x = nash_net_gap(net, x);
    if (x >= 0)
        x = nash_net_linear(net, x, classes, 1);
    if (x < 0) {
        nash_fail_context("%s: building %s for %dx%dx%d input", sp->name, arch, c, h, w);
        nash_net_free(net);
        return NULL;
    }
    return net;
}

int64_t nash_nb201_flops(nash_net *net)
{
    int64_t flops = 0;
    for (int i = 0; i < nash_net_node_count(net); i++)
        if (nash_net_node_kind(net, i) == NASH_NODE_CONV)
            flops += nash_net_node_macs(net, i);
    /* a linear layer's parameters are exactly its MACs (weight) plus its bias adds */
    for (int p = 0; p < nash_net_param_count(net); p++) {
        const nash_param *param = nash_net_param(net, p);
        if (nash_net_node_kind(net, param->node) == NASH_NODE_LINEAR)
            flops += param->numel;
    }
    return flops;
}

/* ------------------------------------------------------------------------- */
/* The two spaces                                                             */

static int nb201_canonical(const char *arch, char *out, size_t size)
{
    return canonical_cell(&nb201, arch, out, size);
}
static int nb201_sample(nash_rng *rng, char *out, size_t size)
{
    return sample_cell(&nb201, rng, out, size);
}
static int nb201_mutate(const char *arch, double p, nash_rng *rng, char *out, size_t size)
{
    return mutate_cell(&nb201, arch, p, rng, out, size);
}
static int nb201_crossover(const char *a, const char *b, nash_rng *rng, char *out, size_t size)
{
    return crossover_cell(&nb201, a, b, rng, out, size);
}
static nash_net *nb201_build(const char *arch, int c, int h, int w, int classes)
{
    return build_cell_net(&nb201, arch, c, h, w, classes);
}

static int hb201_canonical(const char *arch, char *out, size_t size)
{
    return canonical_cell(&hb201, arch, out, size);
}
static int hb201_sample(nash_rng *rng, char *out, size_t size)
{
    return sample_cell(&hb201, rng, out, size);
}
static int hb201_mutate(const char *arch, double p, nash_rng *rng, char *out, size_t size)
{
    return mutate_cell(&hb201, arch, p, rng, out, size);
}
static int hb201_crossover(const char *a, const char *b, nash_rng *rng, char *out, size_t size)
{
    return crossover_cell(&hb201, a, b, rng, out, size);
}
static nash_net *hb201_build(const char *arch, int c, int h, int w, int classes)
{
    return build_cell_net(&hb201, arch, c, h, w, classes);
}

const nash_space nash_space_nb201 = {
    .name = "nb201",
    .description = "NAS-Bench-201 cells (5 ops on 6 edges), official strings and indices, "
                   "TinyNetwork C=16 N=5",
    .size = NB201_CELLS,
    .canonical = nb201_canonical,
    .from_index = nb201_from_index,
    .to_index = nb201_to_index,
    .sample = nb201_sample,
    .mutate = nb201_mutate,
    .crossover = nb201_crossover,
    .build = nb201_build,
};

const nash_space nash_space_hb201 = {
    .name = "hb201",
    .description = "hybrid NAS-Bench-201: each conv edge conv, shift or adder (9 ops), "
                   "base-9 indices",
    .size = HB201_CELLS,
    .canonical = hb201_canonical,
    .from_index = hb201_from_index,
    .to_index = hb201_to_index,
    .sample = hb201_sample,
    .mutate = hb201_mutate,
    .crossover = hb201_crossover,
    .build = hb201_build,
};

/* ------------------------------------------------------------------------- */
/* Official index -> op codes                                                 */

/* Row i = the op codes (edge order, official op numbering) of NAS-Bench-201 /
 * NATS-Bench-TSS index i: the `ops` column of shared/benchmarks/nb201_accuracy.csv
 * (produced with the official API, see shared/benchmarks/README.md). Regenerate with
 *   awk -F, 'NR > 1 { printf "%s\"%s\",", (NR - 2) % 8 ? " " : "\n    ", $3 }' nb201_accuracy.csv
 * (index comments added for lookup). `nash space check nb201` re-verifies every
 * row against the file. */
static const char nb201_official_ops[NB201_CELLS][NASH_NB201_EDGES + 1] = {
    /*     0 */ "421211", "334131", "433444", "410001", "112112", "212304", "300433", "014133",
    /*     8 */ "241103", "400103", "333000", "334034", "000034", "041322", "302300", "141104",
    /*    16 */ "113103", "412212", "443312", "332440", "044133", "200230", "440342", "143334",
    /*    24 */ "112014", "101001", "222241", "412220", "241141", "340440", "010310", "120434",
    /*    32 */ "121013", "201234", "204301", "140203", "431432", "211041", "341032", "120121",
    /*    40 */ "013024", "230200", "032103", "040343", "412014", "110021", "144433", "014334",
    /*    48 */ "104112", "340211", "232312", "041132", "334142", "441411", "421313", "114010",
    /*    56 */ "344122", "034440", "104411", "124224", "021212", "213044", "234201", "323244",
    /*    64 */ "423332", "334232", "001444", "321332", "311240", "030103", "013300", "140234",
    /*    72 */ "001121", "343044", "300002", "310404", "101124", "341230", "222300", "011123",
    /*    80 */ "020213", "233133", "330033", "112404", "120341", "202431", "120312", "141244",
    /*    88 */ "021221", "102134", "222412", "402202", "241432", "340301", "121412", "414040",
    /*    96 */ "423340", "201010", "141422", "312031", "330341", "113211", "221302", "234031",
    /*   104 */ "042020", "000004", "001442", "243414", "002004", "203243", "304144", "313221",
    /*   112 */ "130301", "112041", "403130", "404301", "020312", "323434", "104014", "023213",
    /*   120 */ "433000", "033422", "244221", "442043", "101321", "411220", "424241", "004232",
    /*   128 */ "320311", "330243", "144312", "023004", "310211", "423103", "421202", "010311",
    /*   136 */ "443333", "134133", "330333", "133142", "141232", "211242", "020233", "034214",
    /*   144 */ "133144", "220144", "344401", "332413", "220310", "102214", "140224", "142141",
    /*   152 */ "200320", "320232", "422342", "412443", "311414", "414414", "302432", "320101",
    /*   160 */ "113044", "401301", "432432", "402111", "313324", "022313", "212010", "124021",
    /*   168 */ "322123", "430424", "402200", "241333", "004041", "200020", "014203", "403113",
    /*   176 */ "040102", "240124", "232214", "021334", "343230", "121202", "040040", "401134",
    /*   184 */ "423003", "200033", "000100", "241002", "142113", "303141", "103244", "314443",
    /*   192 */ "311034", "321040", "121301", "410031", "023100", "200431", "324421", "100140",
    /*   200 */ "420404", "120010", "313234", "330232", "310213", "120311", "311110", "342413",
    /*   208 */ "112414", "221403", "013400", "231423", "334230", "104302", "131312", "444400",
    /*   216 */ "412004", "441313", "240113", "030102", "131434", "034401", "003204", "444040",
    /*   224 */ "332301", "134000", "210111", "341303", "324102", "244001", "023222", "423441",
    /*   232 */ "114004", "001044", "023214", "313230", "001223", "142033", "304432", "114414",
    /*   240 */ "410011", "122334", "321324", "012110", "313122", "432414", "231402", "142044",
    /*   248 */ "302120", "240230", "031103", "444113", "310023", "222001", "140022", "240431",
    /*   256 */ "321142", "334404", "311130", "320401", "114412", "343302", "403404", "003342",
    /*   264 */ "443232", "233143", "442003", "241032", "234334", "004322", "324440", "431404",
    /*   272 */ "141430", "431330", "213323", "133100", "402003", "233301", "010130", "131234",
    /*   280 */ "010124", "023302", "134043", "131122", "111020", "031212", "143341", "042233",
    /*   288 */ "344113", "421433", "102443", "211131", "220443", "233342", "044310", "330130",
    /*   296 */ "142120", "444441", "420112", "133340", "120402", "314323", "421044", "224201",
    /*   304 */ "341040", "414001", "103440", "341343", "210043", "214210", "324022", "241431",
    /*   312 */ "241344", "444010", "011323", "443002", "224324", "123411", "332104", "214411",
    /*   320 */ "233240", "210201", "103213", "204200", "402442", "403103", "232112", "122124",
    /*   328 */ "101032", "012232", "442413", "211104", "134410", "312414", "002414", "240213",
    /*   336 */ "132340", "131112", "202111", "433042", "441123", "440024", "410210", "041402",
    /*   344 */ "331030", "144101", "340200", "023241", "213440", "410314", "203301", "220243",
    /*   352 */ "340132", "124110", "211011", "310120", "413123", "113424", "420330", "210402",
    /*   360 */ "131322", "432323", "232344", "104344", "041121", "140144", "422300", "402313",
    /*   368 */ "412422", "313044", "211023", "010443", "311221", "211312", "233203", "100120",
    /*   376 */ "302003", "014333", "333312", "240442", "121300", "422033", "020343", "334004",
    /*   384 */ "200343", "034203", "403142", "114110", "242310", "230022", "014410", "433331",
    /*   392 */ "031221", "103214", "343140", "023121", "040124", "212301", "321221", "421320",
    /*   400 */ "140303", "142311", "122234", "430201", "001332", "440222", "124003", "044410",
    /*   408 */ "104012", "043202", "034212", "332320", "433231", "230324", "241020", "244434",
    /*   416 */ "041223", "002431", "222013", "030110", "122141", "103104", "201223", "422414",
    /*   424 */ "030240", "113313", "012010", "300204", "213201", "243442", "314320", "301001",
    /*   432 */ "411111", "034404", "431134", "230243", "304411", "313400", "111043", "330222",
    /*   440 */ "333322", "003041", "232400", "331434", "131243", "022432", "221123", "030414",
    /*   448 */ "413003", "241114", "223032", "112034", "444032", "131221", "133230", "232131",
    /*   456 */ "430243", "421143", "223403", "102314", "031201", "144223", "102240", "314413",
    /*   464 */ "123010", "111101", "323021", "434111", "423444", "230442", "220304", "433320",
    /*   472 */ "204311", "402102", "412401", "013111", "243413", "023032", "133314", "102212",
    /*   480 */ "231413", "442211", "302004", "403211", "204304", "221112", "310303", "314322",
    /*   488 */ "120330", "231410", "320332", "203312", "330111", "021214", "404402", "210303",
    /*   496 */ "043243", "213103", "114411", "231434", "004332", "044121", "141024", "134243",
    /*   504 */ "314442", "012122", "310222", "002340", "114130", "330301", "131212", "104334",
    /*   512 */ "212020", "023224", "430422", "320014", "433414", "234101", "113022", "142043",
    /*   520 */ "223241", "440114", "330104", "003213", "230201", "034341", "131443", "133222",
    /*   528 */ "124344", "100122", "010434", "242323", "042211", "214421", "341021", "211320",
    /*   536 */ "301210", "242411", "113311", "343142", "004011", "322131", "324233", "332131",
    /*   544 */ "220220", "131000", "401433", "434222", "232141", "434432", "011012", "323211",
    /*   552 */ "020030", "124434", "234111", "423011", "120114", "123441", "220221", "431024",
    /*   560 */ "044340", "130100", "404222", "330403", "131214", "134301", "421244", "111041",
    /*   568 */ "412324", "011414", "140231", "313332", "312201", "034001", "024440", "132243",
    /*   576 */ "221022", "343120", "434230", "240220", "241110", "213212", "331133", "012424",
    /*   584 */ "441231", "233412", "203342", "321143", "230320", "342111", "300421", "202320",
    /*   592 */ "002433", "303013", "003110", "222410", "001320", "103204", "320032", "134434",
    /*   600 */ "442333", "412141", "133034", "102141", "323441", "434124", "343400", "132222",
    /*   608 */ "300443", "334231", "343011", "034222", "032420", "423001", "131220", "130021",
    /*   616 */ "010332", "302340", "331421", "241240", "010044", "422213", "200231", "323042",
    /*   624 */ "434040", "203021", "201233", "104102", "034411", "033303", "100033", "223444",
    /*   632 */ "004004", "020024", "124413", "000441", "013101", "102204", "240423", "414321",
    /*   640 */ "404400", "033442", "122412", "242202", "030314", "330021", "140134", "231343",
    /*   648 */ "343233", "242222", "034043", "101214", "302324", "110034", "302113", "333103",
    /*   656 */ "344020", "132100", "312102", "000122", "214444", "244241", "313020", "313312",
    /*   664 */ "034144", "411103", "022332", "231214", "030424", "432000", "131420", "212040",
    /*   672 */ "013223", "142443", "002402", "440044", "402023", "030400", "241302", "021310",
    /*   680 */ "221223", "242233", "030333", "441121", "234143", "201224", "203443", "244141",
    /*   688 */ "331331", "222103", "330143", "120042", "113013", "401041", "030411", "332031",
    /*   696 */ "111034", "304033", "321413", "330122", "101130", "300203", "302223", "034403",
    /*   704 */ "041200", "110344", "401204", "330213", "133203", "022131", "412030", "110201",
    /*   712 */ "210002", "312040", "021103", "110221", "010400", "241231", "021204", "402141",
    /*   720 */ "023330", "201133", "233113", "140141", "122012", "314423", "002322", "214420",
    /*   728 */ "302040", "221344", "144430", "123042", "433223", "324120", "201440", "102122",
    /*   736 */ "240142", "122221", "423024", "204140", "010334", "310440", "434333", "402401",
    /*   744 */ "113430", "104041", "422143", "223303", "134131", "232323", "334431", "342240",
    /*   752 */ "012223", "121110", "111340", "434340", "422224", "421142", "010011", "004422",
    /*   760 */ "244320", "430421", "144331", "014420", "003430", "110413", "022132", "414430",
    /*   768 */ "133300", "443434", "132343", "010123", "040144", "033443", "433211", "132240",
    /*   776 */ "134414", "443100", "013303", "412200", "402043", "312010", "203212", "224314",
    /*   784 */ "233040", "301402", "104204", "210243", "413030", "100103", "314324", "203300",
    /*   792 */ "140311", "312211", "241200", "404341", "033311", "311120", "101002", "424014",
    /*   800 */ "402321", "302341", "224410", "223302", "111013", "132431", "041444", "213141",
    /*   808 */ "243342", "422013", "030243", "030320", "143141", "230042", "410330", "430433",
    /*   816 */ "102003", "233114", "303003", "441223", "433341", "132204", "422031", "204102",
    /*   824 */ "343320", "444220", "042443", "413023", "210030", "203422", "441311", "212134",
    /*   832 */ "411114", "201213", "042430", "002222", "003200", "132101", "321224", "220444",
    /*   840 */ "203333", "213412", "111003", "233340", "320131", "440004", "441300", "024013",
    /*   848 */ "104021", "012141", "310104", "414221", "303322", "040442", "030124", "411203",
    /*   856 */ "134320", "223133", "111102", "114212", "214142", "401422", "223233", "300020",
    /*   864 */ "122004", "210420", "143320", "000010", "211130", "233103", "420231", "040312",
    /*   872 */ "240130", "323331", "013402", "012343", "430110", "030114", "112044", "004003",
    /*   880 */ "242304", "034422", "004244", "122343", "024123", "001024", "012202", "421441",
    /*   888 */ "300031", "403213", "211012", "004341", "030443", "404414", "000211", "032332",
    /*   896 */ "101331", "112402", "130102", "043400", "102142", "101410", "204244", "222143",
    /*   904 */ "211431", "114324", "320200", "224433", "114303", "401231", "030343", "141423",
    /*   912 */ "324230", "414421", "420433", "233222", "022203", "240224", "040212", "404232",
    /*   920 */ "404021", "300220", "444224", "113403", "230244", "233144", "443211", "140434",
    /*   928 */ "114031", "402144", "431204", "140411", "201341", "110000", "100440", "401020",
    /*   936 */ "043024", "341133", "234243", "041000", "022240", "031300", "023232", "023034",
    /*   944 */ "334430", "313343", "411231", "020404", "114334", "422024", "104340", "410332",
    /*   952 */ "240042", "024444", "144441", "123402", "144200", "141101", "412302", "413103",
    /*   960 */ "220313", "033242", "234004", "412132", "134404", "330022", "130113", "034024",
    /*   968 */ "010232", "300441", "332100", "141301", "033104", "302401", "101212", "100211",
    /*   976 */ "010033", "321112", "123120", "300034", "342344", "022301", "322342", "313333",
    /*   984 */ "424243", "334043", "120422", "242443", "410421", "421434", "120223", "132342",
    /*   992 */ "030330", "301300", "122001", "022141", "201333", "002231", "300430", "420213",
    /*  1000 */ "132013", "201144", "403330", "421440", "041432", "210200", "221303", "441004",
    /*  1008 */ "022014", "031234", "213330", "032442", "024011", "332202", "434201", "342443",
    /*  1016 */ "224430", "400012", "400304", "213244", "300102", "331324", "020043", "021333",
    /*  1024 */ "333314", "324202", "442021", "130323", "014404", "400432", "031412", "012334",
    /*  1032 */ "211024", "224024", "230032", "021143", "321314", "103003", "444300", "010421",
    /*  1040 */ "302222", "213114", "330023", "122204", "110302", "130143", "300324", "122113",
    /*  1048 */ "232414", "230221", "243142", "032100", "040112", "333241", "424344", "442233",
    /*  1056 */ "444311", "400401", "033313", "302124", "212042", "004110", "334332", "031000",
    /*  1064 */ "200023", "402423", "112303", "131224", "344213", "303230", "410144", "324411",
    /*  1072 */ "010442", "113032", "033124", "212240", "120414", "001313", "032342", "302114",
    /*  1080 */ "334423", "013441", "022434", "404031", "322301", "001413", "204333", "033400",
    /*  1088 */ "143012", "311012", "211102", "021031", "043141", "342033", "443001", "040202",
    /*  1096 */ "013003", "111412", "400204", "343300", "122024", "401324", "412312", "113241",
    /*  1104 */ "301040", "430302", "104124", "100401", "202012", "344040", "312100", "131110",
    /*  1112 */ "310210", "212221", "030113", "404323", "001431", "021232", "301400", "114421",
    /*  1120 */ "333242", "320244", "142323", "240214", "334414", "414411", "203434", "320110",
    /*  1128 */ "430401", "134423", "243203", "100313", "344041", "103420", "403444", "210143",
    /*  1136 */ "214034", "423421", "340212", "312213", "041130", "001201", "324030", "024434",
    /*  1144 */ "201332", "333031", "200010", "110120", "024313", "304233", "443212", "112221",
    /*  1152 */ "144220", "442130", "203330", "411304", "200333", "002331", "043444", "143134",
    /*  1160 */ "323333", "430331", "033132", "223040", "114100", "113223", "100110", "322334",
    /*  1168 */ "321144", "310342", "211342", "120020", "331110", "324432", "400123", "241430",
    /*  1176 */ "302310", "313311", "402123", "414002", "114323", "031411", "141431", "211111",
    /*  1184 */ "444440", "022033", "241334", "021003", "010210", "433302", "413403", "444133",
    /*  1192 */ "241213", "330401", "100010", "223343", "230300", "443033", "414310", "212140",
    /*  1200 */ "123414", "014024", "240411", "301403", "020112", "231101", "110214", "012013",
    /*  1208 */ "430032", "022241", "024310", "121004", "124040", "114103", "413011", "011202",
    /*  1216 */ "042023", "122322", "303041", "102330", "000314", "411401", "443134", "113321",
    /*  1224 */ "210103", "411422", "322402", "130101", "210134", "244143", "404043", "112440",
    /*  1232 */ "312400", "144023", "200001", "144403", "344002", "330224", "132141", "322041",
    /*  1240 */ "241134", "310424", "043011", "122011", "243131", "224320", "310214", "234240",
    /*  1248 */ "220103", "004432", "304312", "221234", "221333", "424432", "324024", "310230",
    /*  1256 */ "223324", "100420", "304042", "134124", "224140", "121323", "100034", "420100",
    /*  1264 */ "244332", "023243", "011134", "322321", "234014", "132142", "202402", "210413",
    /*  1272 */ "141440", "430020", "223004", "423333", "401424", "133303", "321004", "414242",
    /*  1280 */ "311104", "331422", "442243", "110022", "022400", "233121", "330404", "211133",
    /*  1288 */ "013311", "323220", "124123", "100001", "420222", "023204", "440433", "322241",
    /*  1296 */ "111004", "331412", "014023", "343410", "301433", "331023", "104311", "222223",
    /*  1304 */ "210203", "422012", "222420", "400133", "421110", "124401", "000120", "424140",
    /*  1312 */ "141410", "022330", "232014", "242004", "303341", "333102", "410434", "211410",
    /*  1320 */ "332004", "211240", "224131", "224000", "104103", "404001", "444432", "334443",
    /*  1328 */ "022043", "014111", "431334", "401221", "032322", "122042", "142240", "343322",
    /*  1336 */ "201242", "114320", "340024", "342300", "120412", "123311", "201400", "222244",
    /*  1344 */ "102421", "304422", "331233", "240313", "403041", "142310", "224042", "003142",
    /*  1352 */ "021342", "221232", "031240", "421431", "012303", "122102", "000440", "121022",
    /*  1360 */ "310232", "332313", "231230", "212312", "330304", "000202", "410303", "320301",
    /*  1368 */ "122202", "432441", "102222", "223041", "324241", "444331", "120433", "121043",
    /*  1376 */ "032004", "102412", "040213", "422202", "401120", "404444", "210322", "302102",
    /*  1384 */ "002111", "144012", "122313", "220131", "243443", "434423", "010430", "104312",
    /*  1392 */ "011423", "440340", "443112", "422002", "120333", "121144", "213422", "122314",
    /*  1400 */ "223214", "441023", "432022", "044112", "220014", "013224", "031323", "240204",
    /*  1408 */ "110140", "122100", "141304", "143414", "442104", "232130", "334233", "032131",
    /*  1416 */ "124210", "402330", "441014", "330410", "302424", "400424", "214430", "114034",
    /*  1424 */ "311112", "322103", "142201", "222413", "034213", "210013", "221341", "001234",
    /*  1432 */ "010132", "222434", "120230", "021001", "022234", "042303", "341033", "144322",
    /*  1440 */ "302023", "430414", "434010", "031244", "204222", "143103", "033342", "211420",
    /*  1448 */ "040141", "100302", "221132", "314222", "141112", "100320", "310410", "242423",
    /*  1456 */ "443344", "032321", "133443", "323123", "111332", "243311", "333333", "202443",
    /*  1464 */ "124430", "101311", "433111", "133234", "022002", "433013", "024224", "342020",
    /*  1472 */ "433312", "400311", "014224", "114310", "124041", "141414", "142431", "331214",
    /*  1480 */ "014042", "000133", "444013", "042241", "204104", "334211", "340312", "232111",
    /*  1488 */ "340431", "212303", "023132", "303012", "241413", "141223", "431231", "404102",
    /*  1496 */ "100240", "433100", "322322", "244302", "433002", "144011", "123142", "411313",
    /*  1504 */ "120200", "000022", "033423", "130221", "034044", "341000", "313204", "420033",
    /*  1512 */ "434402", "133424", "120133", "411321", "113201", "430002", "422412", "210324",
    /*  1520 */ "013001", "134212", "144140", "344013", "034012", "243314", "440234", "224123",
    /*  1528 */ "014421", "320214", "214331", "410442", "421102", "404214", "042404", "334440",
    /*  1536 */ "142423", "032311", "344234", "040034", "141021", "142133", "101141", "131043",
    /*  1544 */ "143022", "400324", "440041", "213101", "124032", "422100", "113413", "441430",
    /*  1552 */ "411240", "044030", "314444", "331223", "123313", "031023", "144210", "410033",
    /*  1560 */ "004040", "121401", "402000", "242031", "131103", "003123", "034244", "431102",
    /*  1568 */ "010113", "401342", "114014", "331014", "030112", "312320", "003104", "214123",
    /*  1576 */ "302411", "213334", "344222", "304141", "244321", "101234", "141004", "322113",
    /*  1584 */ "122230", "034142", "114111", "430213", "402232", "043013", "042332", "404143",
    /*  1592 */ "414413", "110002", "011234", "312200", "100341", "444232", "444321", "221220",
    /*  1600 */ "414420", "303100", "424001", "432222", "402333", "440203", "220021", "214241",
    /*  1608 */ "430143", "214201", "000124", "431310", "332402", "232402", "301240", "244201",
    /*  1616 */ "011201", "301131", "401140", "131333", "411042", "030233", "344001", "020314",
    /*  1624 */ "023231", "232401", "113212", "414340", "044234", "121400", "102342", "221110",
    /*  1632 */ "123303", "444201", "013204", "413121", "224343", "041120", "324242", "031022",
    /*  1640 */ "433230", "133431", "020421", "400332", "420241", "024102", "331330", "232422",
    /*  1648 */ "032431", "434212", "342024", "000000", "011304", "431133", "331333", "140014",
    /*  1656 */ "034143", "441323", "302203", "233104", "132040", "443203", "101430", "340121",
    /*  1664 */ "204032", "210144", "241324", "142424", "231222", "301123", "131124", "144031",
    /*  1672 */ "423040", "020433", "231014", "021200", "044434", "401444", "014323", "302403",
    /*  1680 */ "000304", "023311", "042330", "022133", "042301", "142244", "314024", "131230",
    /*  1688 */ "410340", "331410", "124100", "204433", "000324", "324214", "114400", "424214",
    /*  1696 */ "124441", "203124", "013133", "403324", "040423", "122432", "401224", "411210",
    /*  1704 */ "414303", "244210", "103230", "402320", "020311", "430240", "222111", "434004",
    /*  1712 */ "311144", "242003", "410243", "241042", "233233", "401014", "340124", "112211",
    /*  1720 */ "441310", "142243", "400020", "044232", "342332", "440331", "344024", "444344",
    /*  1728 */ "010101", "333402", "412214", "323023", "234210", "314301", "233023", "224014",
    /*  1736 */ "314022", "042424", "241034", "222044", "234141", "344134", "323202", "133114",
    /*  1744 */ "034424", "031243", "111404", "020330", "121134", "202330", "214434", "222110",
    /*  1752 */ "224421", "031422", "124410", "013130", "044113", "130411", "112322", "043222",
    /*  1760 */ "401232", "241144", "342231", "321301", "423031", "411141", "422312", "043023",
    /*  1768 */ "011434", "142302", "233004", "414030", "013243", "120344", "043010", "030432",
    /*  1776 */ "002442", "402443", "033320", "022004", "030041", "124120", "044111", "024322",
    /*  1784 */ "203004", "140100", "320043", "013034", "233434", "443230", "442310", "240430",
    /*  1792 */ "203313", "242343", "224001", "223443", "314034", "430303", "302400", "014321",
    /*  1800 */ "111314", "410324", "112111", "303400", "223200", "131001", "102223", "131334",
    /*  1808 */ "142231", "001333", "340322", "433112", "204313", "340012", "021242", "102300",
    /*  1816 */ "224302", "121112", "313112", "300341", "244343", "311242", "140432", "022143",
    /*  1824 */ "422331", "134132", "142042", "033101", "123222", "044421", "103424", "041410",
    /*  1832 */ "220210", "430412", "330430", "111111", "004313", "324401", "244002", "422111",
    /*  1840 */ "321322", "143210", "313201", "323032", "400341", "302201", "434321", "310431",
    /*  1848 */ "334033", "030040", "342431", "242000", "312000", "210314", "214003", "042101",
    /*  1856 */ "334134", "421420", "424233", "400313", "112010", "434031", "121034", "000111",
    /*  1864 */ "034421", "322303", "143004", "221410", "004312", "343332", "134413", "443004",
    /*  1872 */ "000112", "104130", "041033", "401313", "201204", "342433", "224111", "131004",
    /*  1880 */ "021322", "140414", "003243", "344340", "312244", "040444", "034233", "430344",
    /*  1888 */ "230224", "422430", "144214", "222221", "131222", "231221", "111030", "120030",
    /*  1896 */ "232303", "314313", "111132", "411330", "243014", "333420", "303421", "144013",
    /*  1904 */ "012012", "104412", "123013", "100022", "022334", "003330", "231021", "044000",
    /*  1912 */ "314103", "432433", "341204", "201443", "111032", "441220", "234010", "404124",
    /*  1920 */ "020341", "002131", "422040", "102020", "343040", "102434", "420323", "303342",
    /*  1928 */ "104402", "042422", "044144", "004242", "342331", "010203", "311023", "314314",
    /*  1936 */ "323210", "400121", "031322", "223112", "412024", "324122", "012421", "031102",
    /*  1944 */ "244111", "110223", "043021", "313431", "434021", "214044", "123034", "343342",
    /*  1952 */ "210302", "100403", "241224", "403222", "104304", "221014", "242032", "014221",
    /*  1960 */ "404333", "313422", "022100", "342132", "030221", "314132", "010331", "140243",
    /*  1968 */ "324124", "340022", "300320", "100443", "321044", "331300", "430014", "342112",
    /*  1976 */ "101223", "111010", "443143", "320142", "424110", "320211", "202120", "202324",
    /*  1984 */ "022243", "340214", "214113", "240014", "211444", "014244", "414214", "320304",
    /*  1992 */ "111213", "221210", "312101", "011041", "023310", "211304", "044444", "131011",
    /*  2000 */ "333340", "341104", "434200", "434020", "021300", "233304", "301303", "030404",
    /*  2008 */ "343134", "414130", "023341", "322222", "231034", "332142", "040233", "433011",
    /*  2016 */ "302301", "413443", "223123", "044132", "002243", "423240", "043340", "211334",
    /*  2024 */ "411413", "311142", "212341", "113404", "404113", "210031", "333143", "023112",
    /*  2032 */ "040303", "430120", "200232", "101102", "420144", "130331", "102243", "442341",
    /*  2040 */ "002240", "411443", "401033", "121413", "214023", "421432", "242430", "100300",
    /*  2048 */ "121133", "324342", "321000", "313000", "131304", "330123", "403341", "004321",
    /*  2056 */ "400132", "120310", "103102", "133241", "433442", "420104", "424043", "011210",
    /*  2064 */ "144300", "044123", "323134", "410420", "044312", "021332", "111202", "411332",
    /*  2072 */ "013124", "030231", "422332", "214332", "002204", "024233", "240311", "344410",
    /*  2080 */ "141103", "421113", "211303", "330311", "004433", "420023", "024304", "243021",
    /*  2088 */ "423042", "223240", "234100", "340213", "202404", "200240", "042224", "200222",
    /*  2096 */ "124013", "040410", "224242", "102322", "432422", "320400", "331102", "043330",
    /*  2104 */ "411340", "304331", "403032", "424333", "404304", "422241", "141142", "244020",
    /*  2112 */ "202141", "004300", "011330", "411420", "120234", "432024", "403412", "040033",
    /*  2120 */ "121344", "330221", "430230", "203013", "122400", "140104", "332032", "420320",
    /*  2128 */ "212410", "034331", "434003", "442020", "004132", "033024", "001104", "401203",
    /*  2136 */ "300120", "024121", "424114", "221121", "241423", "101220", "323403", "244140",
    /*  2144 */ "244224", "114043", "303014", "224121", "322000", "343242", "424021", "002311",
    /*  2152 */ "004130", "014443", "034032", "434410", "343101", "201404", "201143", "324123",
    /*  2160 */ "320102", "340414", "303142", "213234", "410212", "102301", "342403", "133033",
    /*  2168 */ "023212", "311420", "341220", "101022", "210423", "234321", "024223", "312004",
    /*  2176 */ "000410", "101414", "204302", "414142", "124403", "003441", "041204", "203442",
    /*  2184 */ "034014", "124423", "132110", "133102", "233312", "304140", "104414", "011001",
    /*  2192 */ "123314", "300344", "020230", "144124", "000134", "311230", "101121", "333022",
    /*  2200 */ "133120", "244311", "232032", "214102", "112424", "442041", "403040", "300012",
    /*  2208 */ "012133", "320313", "231233", "003112", "213233", "321203", "140334", "102024",
    /*  2216 */ "102220", "343203", "401304", "043341", "441020", "021224", "331100", "330002",
    /*  2224 */ "422133", "132213", "400043", "032343", "020403", "434323", "414241", "231234",
    /*  2232 */ "011014", "122401", "404003", "330043", "403304", "344440", "324243", "121324",
    /*  2240 */ "122300", "021120", "431243", "442101", "111204", "420123", "132233", "202411",
    /*  2248 */ "334044", "220024", "130024", "404034", "213310", "243220", "034123", "340422",
    /*  2256 */ "132021", "231122", "030220", "202403", "313032", "024033", "103241", "303443",
    /*  2264 */ "230130", "014001", "003440", "434214", "220340", "203314", "432034", "240440",
    /*  2272 */ "313202", "104232", "301031", "120320", "014302", "400222", "412232", "000140",
    /*  2280 */ "234212", "110133", "333011", "113410", "003042", "133204", "141010", "421042",
    /*  2288 */ "041143", "142222", "221420", "431414", "431323", "404101", "221031", "032231",
    /*  2296 */ "002220", "120102", "420032", "110111", "104301", "433423", "313430", "124340",
    /*  2304 */ "320100", "114234", "140431", "301242", "344411", "423111", "010341", "124101",
    /*  2312 */ "404204", "332310", "031313", "434131", "031014", "313441", "413140", "024422",
    /*  2320 */ "134033", "020022", "432134", "014332", "200132", "434341", "331424", "023411",
    /*  2328 */ "011002", "423032", "123443", "300043", "102120", "121243", "330040", "112222",
    /*  2336 */ "220400", "440344", "422231", "402104", "421111", "113040", "133031", "222311",
    /*  2344 */ "221323", "410004", "210213", "410020", "341441", "434441", "112202", "423144",
    /*  2352 */ "323432", "010233", "113343", "214344", "430214", "344441", "423230", "134040",
    /*  2360 */ "312220", "144001", "110040", "140001", "304413", "342400", "424213", "331340",
    /*  2368 */ "101342", "322101", "332412", "102013", "343442", "110142", "421132", "433243",
    /*  2376 */ "413333", "142122", "104241", "024014", "241242", "321310", "244000", "034221",
    /*  2384 */ "100000", "413100", "123423", "133323", "011224", "233041", "102411", "142341",
    /*  2392 */ "002304", "221030", "212432", "434324", "223130", "423241", "000222", "341400",
    /*  2400 */ "210122", "302332", "214412", "432343", "413412", "424302", "334403", "340222",
    /*  2408 */ "114011", "343433", "134044", "412402", "314114", "311421", "440211", "010014",
    /*  2416 */ "230211", "002142", "034240", "323304", "130401", "232441", "141213", "243124",
    /*  2424 */ "133333", "420013", "143140", "030134", "102230", "124332", "141341", "240200",
    /*  2432 */ "331042", "132043", "043424", "032401", "323214", "431443", "304310", "320410",
    /*  2440 */ "112021", "110030", "421020", "014240", "412334", "213144", "134424", "014002",
    /*  2448 */ "400214", "224403", "113200", "011131", "401032", "040001", "011104", "141413",
    /*  2456 */ "213324", "214041", "440121", "420444", "430030", "443300", "313303", "441033",
    /*  2464 */ "010330", "041232", "022022", "113124", "401423", "043332", "101403", "031204",
    /*  2472 */ "310132", "001301", "124311", "132112", "222113", "333444", "220213", "300414",
    /*  2480 */ "242022", "041100", "431403", "044104", "441132", "133010", "441040", "432032",
    /*  2488 */ "433410", "442331", "304000", "021144", "423143", "030100", "133000", "130224",
    /*  2496 */ "031114", "222330", "400314", "234221", "324334", "440430", "100444", "311341",
    /*  2504 */ "412003", "242232", "324103", "330013", "223143", "444401", "130133", "134112",
    /*  2512 */ "112011", "443303", "214033", "333221", "340314", "001423", "011100", "324322",
    /*  2520 */ "100004", "243001", "200341", "240340", "143111", "412032", "132140", "423002",
    /*  2528 */ "313001", "221043", "230304", "413332", "032312", "100124", "010002", "021314",
    /*  2536 */ "142103", "110300", "322143", "104431", "100222", "201232", "113000", "432140",
    /*  2544 */ "133441", "431412", "101304", "304124", "003412", "420132", "204423", "331003",
    /*  2552 */ "310223", "314330", "433233", "220111", "412410", "120022", "432202", "402410",
    /*  2560 */ "212100", "120313", "401034", "100421", "222213", "414000", "033123", "302200",
    /*  2568 */ "121143", "110431", "240333", "143442", "204000", "103431", "143032", "400211",
    /*  2576 */ "303140", "333443", "311021", "203440", "332112", "323133", "014424", "010304",
    /*  2584 */ "021121", "013344", "420103", "031030", "121000", "340140", "304121", "021041",
    /*  2592 */ "223224", "431004", "134313", "044140", "200021", "442102", "244220", "423221",
    /*  2600 */ "014343", "323330", "330020", "343220", "333434", "404023", "124302", "444230",
    /*  2608 */ "001210", "011244", "410403", "214221", "222040", "314430", "032301", "243011",
    /*  2616 */ "032202", "400443", "221003", "041423", "403143", "401201", "410310", "401431",
    /*  2624 */ "340021", "404104", "213220", "101132", "024144", "303303", "343033", "410242",
    /*  2632 */ "303232", "324032", "014324", "200321", "014422", "422022", "424034", "401230",
    /*  2640 */ "122044", "213413", "033001", "023043", "240244", "334030", "020244", "424102",
    /*  2648 */ "322120", "123210", "241130", "114333", "202413", "200440", "342214", "211340",
    /*  2656 */ "441011", "210033", "311033", "242041", "342022", "200411", "234214", "223230",
    /*  2664 */ "020310", "433014", "020232", "210342", "021020", "241024", "124301", "324414",
    /*  2672 */ "132202", "134444", "340342", "102130", "301132", "044014", "210431", "114304",
    /*  2680 */ "144413", "413041", "024134", "013442", "130403", "410402", "303301", "341031",
    /*  2688 */ "002014", "302024", "110441", "033114", "240421", "323230", "013112", "244401",
    /*  2696 */ "402201", "320300", "434113", "334202", "243313", "313243", "131111", "313124",
    /*  2704 */ "341132", "331200", "200432", "021140", "212442", "011320", "140021", "144041",
    /*  2712 */ "103040", "044024", "200322", "241124", "022440", "131442", "441230", "120241",
    /*  2720 */ "213223", "411314", "300202", "411214", "112241", "230313", "440120", "030300",
    /*  2728 */ "222043", "232204", "411400", "114433", "222202", "430130", "031001", "443304",
    /*  2736 */ "340421", "412231", "043234", "021231", "142210", "401040", "241221", "313223",
    /*  2744 */ "444132", "403431", "423440", "200104", "113340", "243022", "423030", "440431",
    /*  2752 */ "324441", "342144", "404331", "423321", "433210", "310041", "243232", "223341",
    /*  2760 */ "222032", "020002", "033014", "002203", "221440", "413423", "120014", "333304",
    /*  2768 */ "102424", "143033", "013414", "340412", "232143", "013140", "000032", "132301",
    /*  2776 */ "320130", "121333", "333113", "221120", "202304", "230144", "404330", "440413",
    /*  2784 */ "031414", "011412", "203323", "213304", "422121", "124300", "311302", "224432",
    /*  2792 */ "003414", "130220", "130442", "243123", "040010", "002034", "010223", "042001",
    /*  2800 */ "343144", "041230", "314340", "004113", "033312", "130130", "120043", "232243",
    /*  2808 */ "244042", "343310", "023144", "340042", "441111", "103032", "412330", "203412",
    /*  2816 */ "220041", "014231", "134121", "203334", "402300", "444243", "023440", "424013",
    /*  2824 */ "230030", "201003", "424443", "134120", "130344", "243401", "310140", "003222",
    /*  2832 */ "141032", "201244", "332230", "201102", "133421", "211311", "130424", "401002",
    /*  2840 */ "010030", "332033", "111320", "423420", "412001", "321230", "022020", "330314",
    /*  2848 */ "242342", "304441", "302441", "030002", "020332", "040334", "434122", "240223",
    /*  2856 */ "303423", "003211", "140200", "001403", "421120", "031311", "012241", "403013",
    /*  2864 */ "000242", "121222", "023242", "141240", "422440", "224422", "332121", "241314",
    /*  2872 */ "013203", "020220", "044222", "340330", "114332", "314102", "120431", "002310",
    /*  2880 */ "022122", "242030", "220033", "440314", "142121", "004424", "120232", "200441",
    /*  2888 */ "000344", "322233", "404404", "023433", "430203", "304444", "200101", "320424",
    /*  2896 */ "211031", "201423", "140342", "344220", "310221", "331041", "341001", "422034",
    /*  2904 */ "344120", "043440", "331231", "144431", "341110", "344423", "441343", "213414",
    /*  2912 */ "230102", "444044", "023434", "202331", "404132", "344242", "221102", "030421",
    /*  2920 */ "301044", "102332", "003424", "444003", "112030", "242231", "120123", "442322",
    /*  2928 */ "332010", "031040", "010323", "302423", "232140", "113231", "233213", "302140",
    /*  2936 */ "331022", "400300", "220232", "023233", "314304", "312043", "004402", "034313",
    /*  2944 */ "033202", "403310", "301144", "301413", "240041", "424202", "212411", "304112",
    /*  2952 */ "300121", "104323", "232333", "320020", "202011", "023143", "121121", "113301",
    /*  2960 */ "211421", "243420", "202132", "211223", "444231", "432221", "032223", "102133",
    /*  2968 */ "404133", "330034", "400422", "123310", "040241", "211224", "311041", "234304",
    /*  2976 */ "243024", "422220", "323423", "433141", "002344", "423312", "332231", "144114",
    /*  2984 */ "230404", "030120", "243330", "041324", "423124", "204042", "024114", "304244",
    /*  2992 */ "100024", "341044", "201331", "431401", "332314", "140230", "124024", "112324",
    /*  3000 */ "211040", "232104", "423314", "241342", "221140", "311312", "110401", "203224",
    /*  3008 */ "244213", "344342", "201300", "322010", "004404", "224312", "033221", "112300",
    /*  3016 */ "110122", "103041", "200401", "242132", "403004", "103443", "231100", "032010",
    /*  3024 */ "100221", "044430", "443231", "012142", "212113", "423120", "304224", "014402",
    /*  3032 */ "242400", "332201", "112321", "234113", "341402", "022442", "330434", "003234",
    /*  3040 */ "044440", "101431", "003444", "000200", "400410", "234112", "312023", "234024",
    /*  3048 */ "014123", "203420", "331313", "042032", "401144", "234013", "041022", "312433",
    /*  3056 */ "141040", "040314", "301321", "233422", "444002", "032424", "233021", "203134",
    /*  3064 */ "214424", "034400", "102144", "022024", "210442", "244013", "102110", "004001",
    /*  3072 */ "102420", "244200", "433314", "323014", "310100", "123433", "320001", "320430",
    /*  3080 */ "102341", "144141", "340332", "223231", "210234", "400042", "340321", "001231",
    /*  3088 */ "343403", "042041", "111040", "404411", "242311", "122320", "233402", "403000",
    /*  3096 */ "102343", "340032", "321422", "241312", "104044", "314431", "024214", "103342",
    /*  3104 */ "003320", "300101", "402132", "443121", "042203", "023042", "422402", "102040",
    /*  3112 */ "432211", "311410", "244444", "401214", "440122", "224240", "433344", "334234",
    /*  3120 */ "204440", "434103", "000203", "434233", "443201", "121220", "242210", "312411",
    /*  3128 */ "212310", "340113", "140043", "242113", "221310", "112140", "233221", "010213",
    /*  3136 */ "443104", "024314", "044244", "040431", "244131", "320234", "424244", "133411",
    /*  3144 */ "402110", "034230", "200112", "220333", "102143", "100423", "033300", "414132",
    /*  3152 */ "200141", "424032", "002341", "140412", "201412", "144100", "104333", "140122",
    /*  3160 */ "321403", "310421", "032122", "044001", "442431", "121234", "133132", "300223",
    /*  3168 */ "230120", "230431", "313242", "202432", "422042", "240342", "232213", "443323",
    /*  3176 */ "410030", "113130", "414230", "343402", "040014", "100321", "412241", "322020",
    /*  3184 */ "443444", "142314", "004210", "002441", "411342", "024202", "004203", "220022",
    /*  3192 */ "232122", "030244", "424342", "001412", "310024", "103221", "223134", "340201",
    /*  3200 */ "432304", "144311", "000323", "420342", "232440", "414032", "144022", "413111",
    /*  3208 */ "410141", "212311", "020410", "143024", "200442", "112000", "032014", "222041",
    /*  3216 */ "300404", "024111", "033211", "043432", "120140", "402040", "000204", "101441",
    /*  3224 */ "100410", "211430", "224341", "430442", "441224", "122210", "341020", "111421",
    /*  3232 */ "043241", "330210", "344313", "001330", "301110", "231212", "124222", "412344",
    /*  3240 */ "123024", "444324", "142413", "440110", "210212", "400140", "442231", "430122",
    /*  3248 */ "444303", "003240", "330343", "444313", "113330", "210404", "302243", "231103",
    /*  3256 */ "300122", "043214", "012004", "231342", "344042", "301121", "141003", "233241",
    /*  3264 */ "112320", "432420", "410023", "240322", "141412", "404131", "143104", "104220",
    /*  3272 */ "331213", "433131", "143300", "330231", "413343", "320013", "110240", "042143",
    /*  3280 */ "110213", "041412", "042311", "143400", "042201", "013131", "120111", "441404",
    /*  3288 */ "101110", "101231", "240004", "012311", "130042", "103143", "434100", "322012",
    /*  3296 */ "332422", "224221", "343321", "202310", "132223", "344403", "023104", "243200",
    /*  3304 */ "312243", "341243", "303030", "000201", "432121", "322421", "343313", "024414",
    /*  3312 */ "222312", "414344", "423110", "223030", "214122", "034021", "133420", "214322",
    /*  3320 */ "242224", "011303", "021004", "001402", "140044", "244402", "030012", "141424",
    /*  3328 */ "421001", "320310", "223201", "321013", "230240", "032121", "230104", "211442",
    /*  3336 */ "421223", "311200", "243400", "043230", "313111", "002022", "234114", "124103",
    /*  3344 */ "220302", "023244", "304021", "004122", "330124", "002424", "243411", "000013",
    /*  3352 */ "121444", "433434", "324002", "440223", "244242", "011231", "224214", "404314",
    /*  3360 */ "022232", "331142", "400021", "244044", "042013", "123432", "203023", "033244",
    /*  3368 */ "114112", "130011", "420343", "424321", "013102", "232301", "023140", "004431",
    /*  3376 */ "304414", "233002", "221443", "334010", "333012", "412023", "444024", "334143",
    /*  3384 */ "110332", "232132", "241140", "013410", "403421", "314302", "300411", "443132",
    /*  3392 */ "104244", "024130", "140142", "214321", "411121", "320420", "100020", "214133",
    /*  3400 */ "124242", "142132", "423244", "442033", "002321", "413330", "123211", "043342",
    /*  3408 */ "101120", "014032", "400423", "224414", "441312", "004401", "312131", "033401",
    /*  3416 */ "113224", "313421", "041104", "330230", "220130", "420111", "042414", "442441",
    /*  3424 */ "321223", "111140", "141144", "223410", "034223", "301020", "313224", "420001",
    /*  3432 */ "024032", "343031", "133343", "112132", "010242", "140111", "013031", "230342",
    /*  3440 */ "121242", "214242", "004114", "000443", "432220", "220242", "414244", "331141",
    /*  3448 */ "444411", "001102", "202242", "241321", "430001", "142021", "040143", "043104",
    /*  3456 */ "303133", "424122", "332221", "432011", "421410", "312032", "302144", "204400",
    /*  3464 */ "341333", "104413", "122131", "300133", "020234", "422132", "330120", "414434",
    /*  3472 */ "010411", "343301", "312301", "312024", "044401", "301331", "404431", "044212",
    /*  3480 */ "222004", "241102", "123410", "310121", "203421", "403314", "103223", "103012",
    /*  3488 */ "420301", "341300", "013302", "031142", "421210", "043324", "020212", "032110",
    /*  3496 */ "144120", "330240", "023122", "402244", "322002", "004104", "243410", "232320",
    /*  3504 */ "340034", "122030", "431303", "103324", "210400", "434401", "201024", "010301",
    /*  3512 */ "123442", "240020", "444242", "042410", "434413", "114423", "224412", "400031",
    /*  3520 */ "104211", "010120", "011443", "443241", "203310", "022321", "223011", "123321",
    /*  3528 */ "020023", "443101", "033232", "042104", "134004", "333042", "114402", "214042",
    /*  3536 */ "301440", "203043", "132023", "313340", "203103", "034114", "004042", "211234",
    /*  3544 */ "344144", "404441", "123044", "040333", "224021", "340011", "422403", "220034",
    /*  3552 */ "230434", "021040", "404234", "114313", "412411", "430134", "132323", "213113",
    /*  3560 */ "030441", "244430", "113122", "020104", "400010", "423341", "002342", "231404",
    /*  3568 */ "243430", "234022", "432340", "240103", "033434", "421240", "211221", "344333",
    /*  3576 */ "140213", "212123", "120323", "201441", "320223", "313042", "342442", "201002",
    /*  3584 */ "012440", "413424", "431043", "234234", "433143", "101232", "403413", "100134",
    /*  3592 */ "233344", "040230", "404032", "041133", "122142", "114133", "131203", "241411",
    /*  3600 */ "232431", "412011", "411030", "132130", "131340", "212403", "113114", "223331",
    /*  3608 */ "004214", "040232", "003133", "321114", "313240", "030200", "134210", "031021",
    /*  3616 */ "100143", "112223", "240323", "403313", "111124", "323223", "034232", "003421",
    /*  3624 */ "213240", "123012", "134042", "302012", "113003", "440022", "421121", "144330",
    /*  3632 */ "201434", "201000", "140421", "244113", "242422", "023334", "310423", "412041",
    /*  3640 */ "021313", "440402", "300221", "411013", "000212", "111333", "300322", "222432",
    /*  3648 */ "410231", "331400", "311220", "043322", "222014", "230303", "400334", "233134",
    /*  3656 */ "113341", "340111", "320241", "401241", "413342", "003432", "241414", "122132",
    /*  3664 */ "342302", "240100", "422411", "302443", "024423", "344312", "100334", "041023",
    /*  3672 */ "432321", "011043", "124031", "212322", "413214", "310224", "313011", "010110",
    /*  3680 */ "400124", "211110", "332043", "214224", "011401", "442004", "200102", "021101",
    /*  3688 */ "210343", "021222", "222341", "010021", "323033", "221040", "423033", "332302",
    /*  3696 */ "344021", "423133", "344414", "202441", "441320", "112043", "222131", "311403",
    /*  3704 */ "240011", "323031", "313142", "141310", "124213", "402403", "032433", "320023",
    /*  3712 */ "210401", "242101", "001410", "334413", "134144", "344240", "440343", "034310",
    /*  3720 */ "300111", "340433", "131034", "002421", "211202", "330024", "113324", "403403",
    /*  3728 */ "344100", "143411", "344311", "323132", "300313", "234422", "104314", "332002",
    /*  3736 */ "100144", "030342", "333212", "432112", "243310", "404201", "224204", "041002",
    /*  3744 */ "334002", "030202", "033140", "121440", "023323", "320441", "443031", "233124",
    /*  3752 */ "221021", "404321", "342343", "314003", "220241", "412423", "021422", "101213",
    /*  3760 */ "441303", "420341", "022311", "011431", "421201", "313442", "431111", "322333",
    /*  3768 */ "101424", "114223", "214020", "343232", "203104", "431441", "114024", "323443",
    /*  3776 */ "213120", "121044", "231001", "422233", "203432", "403003", "222130", "414343",
    /*  3784 */ "131421", "410131", "021324", "123033", "213042", "441420", "341141", "023012",
    /*  3792 */ "311001", "012130", "202233", "403043", "440131", "401130", "041413", "240141",
    /*  3800 */ "041124", "114222", "234310", "230233", "221402", "330334", "404320", "404242",
    /*  3808 */ "000033", "413401", "400414", "332120", "302022", "141221", "144034", "244243",
    /*  3816 */ "433101", "220432", "231322", "231024", "232134", "214043", "442433", "210330",
    /*  3824 */ "120104", "121213", "430314", "222442", "304040", "131320", "223301", "001424",
    /*  3832 */ "302242", "030310", "113221", "134242", "031320", "013434", "220420", "412110",
    /*  3840 */ "422000", "214124", "422112", "433144", "222324", "423214", "443032", "401300",
    /*  3848 */ "442011", "333324", "413210", "230422", "110331", "312204", "001013", "130231",
    /*  3856 */ "434320", "003311", "131123", "211301", "221103", "241304", "343234", "444443",
    /*  3864 */ "312003", "403214", "410124", "400403", "201034", "344012", "043041", "422320",
    /*  3872 */ "141303", "143044", "012200", "210311", "222031", "203433", "031420", "243041",
    /*  3880 */ "114224", "303010", "033322", "243230", "041312", "004121", "321401", "212120",
    /*  3888 */ "233132", "124310", "241021", "312044", "040224", "134341", "110110", "121003",
    /*  3896 */ "410132", "010104", "100032", "130330", "311211", "414311", "123121", "342340",
    /*  3904 */ "012443", "120024", "312444", "033113", "442434", "141022", "130400", "440014",
    /*  3912 */ "224342", "202133", "041443", "132001", "431220", "420223", "131140", "123003",
    /*  3920 */ "432122", "134300", "303431", "014304", "414102", "231020", "212142", "130013",
    /*  3928 */ "330233", "202112", "243210", "233231", "234301", "334224", "231312", "344143",
    /*  3936 */ "311424", "302221", "422214", "210412", "324404", "414220", "342200", "011040",
    /*  3944 */ "104043", "203200", "441210", "342211", "114444", "030222", "124220", "144143",
    /*  3952 */ "204324", "200200", "404112", "023200", "231000", "133240", "402020", "430210",
    /*  3960 */ "020102", "104300", "402241", "414320", "442430", "310103", "404231", "322003",
    /*  3968 */ "244333", "121033", "200434", "321431", "303114", "133110", "043304", "322310",
    /*  3976 */ "423113", "213312", "122304", "441143", "240201", "002313", "203113", "112210",
    /*  3984 */ "021240", "124330", "130313", "040043", "341234", "304003", "323302", "112340",
    /*  3992 */ "021234", "012023", "201203", "410211", "320002", "122312", "221324", "444014",
    /*  4000 */ "202303", "403044", "110313", "201132", "301120", "243002", "210300", "112312",
    /*  4008 */ "120203", "443021", "022110", "301443", "212444", "324223", "423010", "311043",
    /*  4016 */ "024132", "310203", "114440", "132134", "100141", "311101", "004423", "042323",
    /*  4024 */ "123312", "014012", "214404", "434114", "010031", "224402", "033141", "300103",
    /*  4032 */ "021243", "001030", "144122", "010142", "110204", "333341", "141212", "032020",
    /*  4040 */ "101111", "323234", "030003", "442002", "221213", "024211", "301203", "304243",
    /*  4048 */ "120201", "134202", "341332", "344404", "342311", "110422", "113010", "141241",
    /*  4056 */ "333414", "042122", "012402", "424400", "344244", "132341", "323113", "331242",
    /*  4064 */ "120001", "104013", "100340", "013113", "021021", "422303", "122211", "221000",
    /*  4072 */ "421224", "440030", "401321", "411333", "212244", "023220", "112001", "314212",
    /*  4080 */ "233032", "442134", "200304", "232304", "220402", "214324", "411101", "243102",
    /*  4088 */ "314300", "144424", "420313", "023414", "122442", "440432", "002013", "034241",
    /*  4096 */ "412413", "300410", "224010", "032113", "012100", "100412", "333001", "044314",
    /*  4104 */ "042302", "310220", "310422", "202213", "304111", "434241", "440301", "321241",
    /*  4112 */ "242110", "202230", "231313", "403140", "134204", "114013", "042202", "210432",
    /*  4120 */ "244102", "320412", "204431", "312142", "202033", "322332", "000223", "440132",
    /*  4128 */ "404033", "241243", "104202", "231304", "413012", "333224", "302032", "231223",
    /*  4136 */ "304212", "103343", "344114", "304401", "342410", "313331", "001023", "311432",
    /*  4144 */ "413421", "011421", "101413", "242220", "213344", "011132", "313423", "232044",
    /*  4152 */ "300004", "141030", "240132", "101200", "334310", "413431", "141041", "001014",
    /*  4160 */ "242300", "044200", "241203", "034334", "444341", "121024", "013334", "241303",
    /*  4168 */ "442232", "113440", "410104", "212133", "002211", "032404", "102210", "001010",
    /*  4176 */ "400232", "301000", "013141", "202114", "210223", "133212", "110333", "101420",
    /*  4184 */ "332331", "021220", "442013", "323444", "232202", "000400", "101243", "131233",
    /*  4192 */ "232432", "232423", "013320", "330200", "223002", "432322", "214441", "031213",
    /*  4200 */ "414010", "311313", "422123", "434203", "041131", "400442", "041102", "212011",
    /*  4208 */ "322132", "130232", "034210", "031341", "322243", "243421", "230121", "424301",
    /*  4216 */ "214131", "141133", "123342", "134110", "114012", "011122", "002330", "224002",
    /*  4224 */ "442012", "402002", "032003", "201110", "324302", "321023", "114124", "440043",
    /*  4232 */ "322142", "032324", "102334", "032233", "231004", "333122", "414334", "343431",
    /*  4240 */ "122410", "031131", "410140", "040440", "232133", "024433", "433140", "340324",
    /*  4248 */ "142214", "201141", "231044", "014430", "224323", "012441", "311244", "202010",
    /*  4256 */ "440202", "420412", "344303", "344140", "244413", "440042", "032021", "303031",
    /*  4264 */ "303213", "344112", "310433", "420332", "304423", "333234", "141211", "321034",
    /*  4272 */ "022213", "403401", "124030", "321232", "242021", "440422", "304232", "143011",
    /*  4280 */ "304202", "032313", "001242", "122103", "300342", "033441", "002210", "233044",
    /*  4288 */ "043402", "141302", "113432", "102124", "040201", "122040", "123112", "014022",
    /*  4296 */ "204210", "243202", "231042", "213014", "012221", "020443", "202400", "410044",
    /*  4304 */ "033220", "404313", "210240", "420322", "002420", "441222", "343244", "411442",
    /*  4312 */ "342241", "422341", "020100", "433040", "021211", "222222", "140121", "014400",
    /*  4320 */ "122402", "101020", "033411", "323011", "001433", "302322", "003131", "221111",
    /*  4328 */ "142200", "343440", "230301", "102014", "421300", "340003", "412343", "214431",
    /*  4336 */ "210430", "024424", "313004", "243423", "321311", "403012", "100230", "034033",
    /*  4344 */ "411043", "001034", "014433", "003223", "442024", "302402", "103014", "033243",
    /*  4352 */ "031413", "011444", "313211", "244043", "320114", "212320", "342334", "104120",
    /*  4360 */ "410121", "230123", "020021", "342121", "132310", "202143", "212414", "030234",
    /*  4368 */ "333410", "401023", "003321", "400434", "231442", "202044", "441120", "421014",
    /*  4376 */ "112313", "301143", "403104", "421131", "242013", "233031", "432214", "031124",
    /*  4384 */ "001110", "103133", "232234", "004302", "214314", "230330", "113034", "014220",
    /*  4392 */ "342244", "124433", "044031", "431302", "041134", "203241", "423300", "043413",
    /*  4400 */ "112311", "213311", "242002", "334342", "233323", "221042", "111112", "141330",
    /*  4408 */ "334204", "242120", "102441", "041334", "444330", "142011", "040032", "130032",
    /*  4416 */ "334411", "114003", "320133", "422334", "303404", "421112", "321323", "102213",
    /*  4424 */ "224233", "142040", "124044", "044402", "204243", "042431", "411124", "414233",
    /*  4432 */ "420102", "232212", "000413", "341440", "313411", "321141", "304010", "201411",
    /*  4440 */ "214304", "132332", "224113", "434312", "042322", "203140", "224044", "241222",
    /*  4448 */ "134012", "324012", "040400", "221221", "233443", "341323", "343323", "324312",
    /*  4456 */ "220134", "044332", "321442", "242240", "424131", "112401", "304032", "344033",
    /*  4464 */ "131314", "301422", "311444", "402324", "413301", "003420", "133003", "432402",
    /*  4472 */ "214230", "103201", "130223", "220032", "044102", "413221", "000011", "113323",
    /*  4480 */ "413440", "002101", "141420", "440300", "144030", "123032", "032331", "330330",
    /*  4488 */ "444004", "233400", "332304", "102131", "300001", "100400", "424121", "411440",
    /*  4496 */ "321234", "411241", "141210", "002411", "230420", "031403", "244404", "434334",
    /*  4504 */ "041430", "343422", "001132", "303424", "241401", "230400", "332012", "340233",
    /*  4512 */ "210100", "234312", "041422", "302240", "003022", "014411", "110323", "114213",
    /*  4520 */ "012044", "334012", "244232", "324114", "441110", "112004", "131141", "044142",
    /*  4528 */ "011220", "320411", "433310", "404303", "214300", "344330", "102211", "024041",
    /*  4536 */ "324330", "023141", "043221", "201413", "442221", "234443", "304443", "013232",
    /*  4544 */ "434322", "423140", "443120", "040341", "140310", "042434", "330032", "133140",
    /*  4552 */ "242001", "231422", "042100", "010032", "002122", "313233", "021230", "043100",
    /*  4560 */ "432330", "033200", "334122", "400344", "102132", "302000", "304201", "341200",
    /*  4568 */ "130440", "444140", "412301", "321423", "331013", "022003", "200042", "301244",
    /*  4576 */ "143241", "130222", "121210", "322021", "332432", "344034", "344124", "413322",
    /*  4584 */ "202034", "221313", "140024", "311100", "302213", "032302", "221424", "132412",
    /*  4592 */ "142032", "211032", "210104", "204132", "401344", "043113", "143131", "023432",
    /*  4600 */ "041434", "322320", "212122", "010041", "033233", "440313", "024004", "224100",
    /*  4608 */ "033213", "333300", "411144", "220411", "200111", "224203", "114443", "101240",
    /*  4616 */ "134224", "424343", "100100", "014201", "314241", "420423", "442320", "232411",
    /*  4624 */ "231334", "022230", "302033", "321120", "111442", "402312", "242331", "300233",
    /*  4632 */ "004222", "210443", "023134", "121313", "212002", "201023", "302303", "231002",
    /*  4640 */ "344214", "223203", "234204", "041044", "201304", "204142", "100043", "300400",
    /*  4648 */ "403220", "200143", "341210", "121402", "233420", "244340", "143413", "321333",
    /*  4656 */ "404443", "304110", "414432", "031112", "140041", "044413", "304342", "143003",
    /*  4664 */ "431032", "430404", "232230", "012224", "231430", "221442", "111414", "142111",
    /*  4672 */ "233220", "243020", "420233", "333200", "440201", "224443", "031231", "022201",
    /*  4680 */ "110301", "332232", "021312", "043422", "101433", "310414", "024140", "004314",
    /*  4688 */ "224401", "223120", "134024", "333030", "024331", "331343", "431331", "304341",
    /*  4696 */ "233330", "022220", "310323", "434424", "420400", "411123", "014142", "414023",
    /*  4704 */ "203040", "122240", "441443", "342223", "413233", "021340", "120314", "201114",
    /*  4712 */ "141031", "321121", "212204", "403402", "244412", "220324", "040004", "111243",
    /*  4720 */ "120401", "103321", "432410", "310310", "412002", "041344", "222403", "412133",
    /*  4728 */ "112203", "231332", "143220", "222120", "111131", "222020", "144231", "021032",
    /*  4736 */ "242020", "404014", "322300", "004123", "033003", "414401", "013023", "101323",
    /*  4744 */ "220002", "314023", "121341", "230133", "204043", "341341", "331021", "201222",
    /*  4752 */ "003132", "324400", "000104", "023240", "421012", "204402", "143312", "140034",
    /*  4760 */ "214232", "303211", "411012", "304143", "402113", "243111", "303224", "040443",
    /*  4768 */ "204101", "411324", "312242", "010102", "244440", "124331", "402122", "303310",
    /*  4776 */ "442210", "221301", "400320", "340243", "431342", "002432", "331224", "441103",
    /*  4784 */ "431042", "032220", "010303", "222233", "420303", "134432", "213111", "130121",
    /*  4792 */ "011230", "011033", "404403", "231111", "313033", "130303", "224041", "444114",
    /*  4800 */ "432103", "102433", "324443", "131200", "244344", "133104", "020011", "231323",
    /*  4808 */ "423434", "240413", "221141", "133220", "444212", "444233", "141332", "143130",
    /*  4816 */ "140332", "430000", "411031", "122413", "021113", "111123", "014121", "140114",
    /*  4824 */ "333424", "233224", "322410", "341444", "012444", "020111", "201103", "041210",
    /*  4832 */ "402210", "003344", "240131", "113021", "144222", "423213", "232310", "124112",
    /*  4840 */ "231011", "242341", "040321", "132033", "011322", "313404", "203121", "312012",
    /*  4848 */ "210231", "243040", "404324", "001414", "142331", "300323", "414112", "310043",
    /*  4856 */ "220223", "243301", "112342", "200340", "421122", "110032", "342000", "044300",
    /*  4864 */ "212024", "132114", "234412", "212430", "412210", "340203", "314434", "041314",
    /*  4872 */ "334003", "211140", "112230", "200011", "301311", "100310", "142304", "244244",
    /*  4880 */ "220341", "322444", "414312", "111323", "044101", "043123", "310324", "412223",
    /*  4888 */ "220240", "331012", "210141", "003001", "311331", "030313", "002011", "440200",
    /*  4896 */ "320344", "000433", "422210", "430212", "301341", "103234", "323142", "201221",
    /*  4904 */ "110402", "422420", "102241", "303143", "041442", "322112", "433021", "310034",
    /*  4912 */ "033231", "213143", "040044", "312114", "410123", "022431", "224213", "120110",
    /*  4920 */ "103120", "343201", "442040", "240400", "420121", "233210", "223313", "314432",
    /*  4928 */ "021413", "013214", "210112", "410341", "211021", "422134", "040441", "120142",
    /*  4936 */ "020214", "002332", "004403", "202020", "311124", "131423", "430233", "023031",
    /*  4944 */ "440214", "232142", "310130", "220023", "204130", "410411", "234040", "311423",
    /*  4952 */ "312314", "340142", "334133", "100040", "140101", "244313", "130124", "322221",
    /*  4960 */ "143041", "412234", "411113", "210130", "241132", "011212", "442443", "033344",
    /*  4968 */ "244112", "342134", "410203", "122101", "443414", "303212", "314203", "242420",
    /*  4976 */ "420302", "321200", "141122", "434444", "142421", "403434", "142234", "031123",
    /*  4984 */ "224231", "321214", "103233", "040422", "010100", "434202", "004430", "001012",
    /*  4992 */ "202002", "111240", "010240", "214130", "220042", "433433", "020130", "120300",
    /*  5000 */ "330423", "141234", "421123", "131342", "440230", "332424", "402402", "001141",
    /*  5008 */ "223010", "132314", "241210", "130023", "142430", "044220", "224234", "400034",
    /*  5016 */ "210210", "403024", "034431", "323100", "343043", "023124", "001114", "033430",
    /*  5024 */ "311103", "333421", "234414", "044400", "232413", "342243", "001113", "430311",
    /*  5032 */ "401004", "001140", "014100", "143340", "200220", "004412", "121131", "003000",
    /*  5040 */ "043003", "020010", "314224", "014043", "410112", "431140", "442312", "000014",
    /*  5048 */ "433001", "401311", "404141", "042401", "011114", "121002", "022111", "204443",
    /*  5056 */ "444210", "101402", "041244", "334013", "134021", "412224", "143230", "332203",
    /*  5064 */ "100012", "331310", "222234", "031432", "133044", "332321", "031404", "432313",
    /*  5072 */ "341102", "021132", "043012", "202212", "311143", "420214", "002023", "220202",
    /*  5080 */ "322042", "243323", "402342", "234241", "100101", "441112", "002224", "230143",
    /*  5088 */ "401133", "312324", "212333", "031431", "134032", "242014", "344104", "333432",
    /*  5096 */ "320314", "212230", "314001", "142203", "003020", "142343", "430004", "331240",
    /*  5104 */ "443023", "410323", "142224", "213430", "223142", "233244", "114200", "323122",
    /*  5112 */ "011331", "430341", "220344", "332233", "332443", "223220", "040131", "200443",
    /*  5120 */ "433102", "301022", "340241", "101144", "143121", "401412", "402243", "211033",
    /*  5128 */ "242334", "133244", "203014", "101341", "114210", "311314", "431304", "042022",
    /*  5136 */ "002213", "410334", "030340", "323044", "223144", "414043", "232302", "434431",
    /*  5144 */ "342102", "113244", "011232", "301104", "004142", "324110", "240310", "243113",
    /*  5152 */ "404140", "020211", "414021", "343224", "221013", "013022", "423112", "423400",
    /*  5160 */ "222424", "404340", "121014", "001134", "420041", "111342", "342002", "022202",
    /*  5168 */ "002031", "132303", "404040", "440141", "403230", "301013", "014011", "003010",
    /*  5176 */ "333203", "211144", "142312", "220440", "212044", "124320", "320242", "144323",
    /*  5184 */ "113012", "012312", "341222", "123334", "141403", "044044", "013423", "424232",
    /*  5192 */ "100031", "141443", "413040", "341113", "440143", "243222", "302421", "344422",
    /*  5200 */ "414431", "422101", "234130", "012144", "213123", "041003", "322423", "223333",
    /*  5208 */ "120212", "423411", "243331", "141201", "412221", "331004", "334121", "242033",
    /*  5216 */ "203042", "210140", "121434", "014103", "302002", "241400", "204203", "244322",
    /*  5224 */ "023210", "313212", "412433", "201042", "410110", "401332", "133422", "443131",
    /*  5232 */ "322022", "021123", "322443", "033421", "333441", "414304", "210102", "331241",
    /*  5240 */ "342440", "023010", "102111", "114102", "333120", "012102", "211414", "302204",
    /*  5248 */ "031342", "433110", "312011", "330422", "411212", "014112", "123403", "414203",
    /*  5256 */ "324134", "114243", "224200", "424212", "421103", "011241", "313330", "214342",
    /*  5264 */ "110440", "102202", "234322", "431423", "302043", "100323", "111413", "234220",
    /*  5272 */ "200123", "440304", "442014", "104010", "140030", "331403", "113401", "414134",
    /*  5280 */ "312021", "213241", "033343", "124212", "144340", "211424", "203204", "231432",
    /*  5288 */ "100231", "430043", "403120", "122430", "332133", "224110", "101113", "440443",
    /*  5296 */ "321211", "124240", "323414", "242142", "204410", "243133", "424300", "412000",
    /*  5304 */ "334303", "411344", "003221", "210403", "110433", "200043", "040301", "312104",
    /*  5312 */ "300423", "132302", "340134", "324333", "320140", "444022", "420403", "230011",
    /*  5320 */ "001041", "303021", "041242", "213214", "323412", "430304", "030140", "332430",
    /*  5328 */ "303300", "414234", "242204", "420002", "404244", "344300", "304131", "313013",
    /*  5336 */ "310113", "244400", "412303", "012001", "004204", "304410", "033033", "442440",
    /*  5344 */ "014211", "104341", "443123", "424310", "301401", "230310", "310042", "444413",
    /*  5352 */ "213040", "240133", "013230", "110304", "301302", "340002", "114023", "324004",
    /*  5360 */ "043311", "010022", "413420", "004340", "234012", "402133", "111234", "342030",
    /*  5368 */ "014113", "321134", "241433", "044301", "014004", "014021", "323103", "413241",
    /*  5376 */ "101023", "222030", "334020", "123220", "300314", "424113", "210233", "421230",
    /*  5384 */ "431321", "014230", "423101", "211302", "432031", "410312", "020143", "003043",
    /*  5392 */ "324011", "201120", "134022", "230441", "340313", "304142", "200103", "134220",
    /*  5400 */ "013100", "110014", "031303", "301200", "020323", "431431", "121311", "423410",
    /*  5408 */ "101142", "041010", "234043", "123043", "441401", "314211", "401312", "000221",
    /*  5416 */ "404202", "012121", "442141", "001130", "010433", "344022", "141442", "203322",
    /*  5424 */ "213301", "023444", "223140", "310131", "310004", "144033", "130234", "213421",
    /*  5432 */ "410111", "404022", "140240", "424042", "333041", "413122", "221201", "243004",
    /*  5440 */ "231231", "001323", "122242", "421021", "341321", "034441", "231120", "220433",
    /*  5448 */ "303414", "440124", "432404", "411424", "422400", "004344", "234340", "134200",
    /*  5456 */ "142030", "034124", "200310", "343421", "413414", "000421", "320040", "302334",
    /*  5464 */ "141441", "202410", "142233", "030341", "314440", "442402", "010300", "231142",
    /*  5472 */ "041024", "013424", "122301", "024031", "143143", "304300", "243433", "121422",
    /*  5480 */ "410431", "233003", "324434", "313030", "133211", "222210", "304234", "220121",
    /*  5488 */ "242243", "100104", "201112", "031141", "124402", "044213", "110233", "440221",
    /*  5496 */ "443213", "130332", "104002", "021000", "322114", "113140", "003113", "242320",
    /*  5504 */ "440400", "313213", "011221", "011140", "100441", "324013", "114230", "140031",
    /*  5512 */ "322242", "410130", "303444", "012114", "003334", "241301", "222003", "423442",
    /*  5520 */ "023041", "343304", "222144", "443140", "303034", "303332", "323312", "042420",
    /*  5528 */ "200040", "114430", "200131", "012430", "011133", "320431", "004102", "444312",
    /*  5536 */ "303440", "002242", "441400", "033143", "040433", "200414", "400331", "140401",
    /*  5544 */ "331113", "302232", "430410", "031101", "414302", "113431", "004234", "122444",
    /*  5552 */ "033100", "300124", "300303", "133221", "030132", "434303", "344421", "231400",
    /*  5560 */ "220003", "124122", "031443", "332333", "411034", "434002", "311004", "031314",
    /*  5568 */ "123232", "340404", "443223", "431202", "013132", "220211", "403320", "142330",
    /*  5576 */ "302122", "133214", "413220", "112220", "044241", "041220", "214311", "400044",
    /*  5584 */ "320233", "110011", "131002", "122342", "024112", "310430", "433313", "234431",
    /*  5592 */ "404012", "034224", "422021", "131411", "322433", "202144", "000103", "311140",
    /*  5600 */ "011342", "112231", "112323", "211212", "202204", "131143", "110224", "402424",
    /*  5608 */ "410143", "340333", "122041", "021331", "204201", "202030", "410120", "443244",
    /*  5616 */ "324221", "233131", "402221", "214132", "313014", "300304", "411202", "232412",
    /*  5624 */ "131440", "314412", "004413", "010321", "212000", "311204", "432240", "444302",
    /*  5632 */ "213012", "224133", "022423", "132402", "232222", "010112", "041211", "113240",
    /*  5640 */ "444100", "131302", "334210", "043144", "130120", "030122", "032102", "410200",
    /*  5648 */ "411104", "134342", "442032", "011102", "314033", "110321", "403423", "212233",
    /*  5656 */ "243422", "022221", "132214", "013004", "101031", "024340", "433142", "103411",
    /*  5664 */ "433123", "014444", "404030", "314012", "030403", "111313", "400130", "204343",
    /*  5672 */ "434044", "043333", "043300", "311401", "314334", "044331", "003044", "334141",
    /*  5680 */ "103010", "141141", "343434", "043411", "412122", "114442", "002301", "214110",
    /*  5688 */ "014243", "134122", "114104", "022411", "300403", "120003", "132234", "443144",
    /*  5696 */ "231114", "012330", "303333", "211232", "440112", "420234", "311440", "120304",
    /*  5704 */ "020032", "143432", "112020", "133401", "220343", "141433", "423443", "343122",
    /*  5712 */ "203431", "401222", "414113", "430144", "234314", "413113", "102323", "343324",
    /*  5720 */ "420304", "333233", "010244", "231242", "100011", "031122", "023103", "443411",
    /*  5728 */ "330420", "432443", "140033", "301130", "020200", "114431", "313413", "044013",
    /*  5736 */ "322231", "131424", "120131", "142401", "222134", "342201", "143430", "001340",
    /*  5744 */ "442311", "332212", "434442", "241003", "244421", "313231", "032234", "134130",
    /*  5752 */ "034011", "003032", "340143", "342444", "433200", "110340", "240434", "144414",
    /*  5760 */ "044143", "233140", "411040", "043130", "014120", "414223", "142031", "200210",
    /*  5768 */ "121142", "431003", "412130", "211233", "041330", "032444", "044343", "403231",
    /*  5776 */ "323130", "440244", "213243", "340100", "334130", "321441", "413020", "022331",
    /*  5784 */ "140413", "102324", "314234", "300432", "310002", "311201", "221011", "334433",
    /*  5792 */ "143324", "200114", "304011", "404334", "042234", "303241", "204414", "030334",
    /*  5800 */ "100413", "133103", "033010", "000303", "234302", "322343", "100014", "404041",
    /*  5808 */ "420221", "440242", "440321", "203231", "244134", "320402", "120031", "224230",
    /*  5816 */ "214040", "231321", "040012", "001324", "432213", "332403", "322144", "123103",
    /*  5824 */ "123422", "130402", "230312", "210222", "030131", "441032", "003443", "332204",
    /*  5832 */ "034231", "214134", "214243", "122233", "033333", "043103", "340103", "342321",
    /*  5840 */ "331303", "140032", "004133", "424000", "410344", "012413", "400032", "401430",
    /*  5848 */ "321330", "411200", "404332", "024300", "112033", "104423", "204133", "312124",
    /*  5856 */ "030143", "012333", "420232", "104404", "003422", "242302", "424402", "301412",
    /*  5864 */ "402120", "421040", "122321", "113131", "142024", "111400", "344444", "104343",
    /*  5872 */ "243302", "430021", "001211", "440423", "131132", "244441", "123212", "224043",
    /*  5880 */ "332240", "100422", "122224", "313031", "320124", "420442", "331221", "323343",
    /*  5888 */ "033230", "333010", "010214", "224434", "222404", "040031", "004010", "313220",
    /*  5896 */ "214211", "224011", "301231", "034023", "340341", "300440", "304133", "023421",
    /*  5904 */ "413142", "002001", "124201", "023314", "000320", "312442", "223421", "130114",
    /*  5912 */ "140341", "032120", "001344", "023110", "312033", "320103", "214403", "420434",
    /*  5920 */ "434204", "134003", "301324", "114032", "202313", "211441", "304431", "140410",
    /*  5928 */ "431222", "441043", "104430", "222024", "322204", "431141", "440034", "404410",
    /*  5936 */ "144224", "010144", "320203", "101010", "224112", "431343", "444431", "422110",
    /*  5944 */ "131410", "104133", "400201", "311003", "021402", "431344", "113144", "402114",
    /*  5952 */ "012230", "110414", "300222", "114042", "103132", "224101", "010412", "310302",
    /*  5960 */ "123340", "132442", "301330", "111444", "402022", "402422", "413203", "102432",
    /*  5968 */ "213401", "103404", "223413", "043143", "422120", "110013", "432042", "210331",
    /*  5976 */ "032212", "141043", "122333", "233112", "042114", "131300", "344334", "010422",
    /*  5984 */ "134143", "334412", "144432", "404420", "023020", "302104", "413201", "110003",
    /*  5992 */ "223440", "241104", "442131", "032440", "444104", "412412", "413432", "013430",
    /*  6000 */ "003413", "044431", "411211", "144134", "040023", "440341", "323114", "304301",
    /*  6008 */ "213314", "422333", "104442", "341010", "422130", "024332", "043110", "414332",
    /*  6016 */ "033103", "440334", "143101", "330234", "102321", "001430", "312332", "134403",
    /*  6024 */ "424341", "243440", "000313", "034104", "424332", "034430", "334321", "101313",
    /*  6032 */ "413340", "342032", "003333", "211204", "243234", "041420", "433432", "344331",
    /*  6040 */ "444000", "023202", "234211", "042442", "230230", "231330", "121430", "444121",
    /*  6048 */ "442201", "433413", "243030", "312234", "130341", "144313", "043211", "210132",
    /*  6056 */ "304031", "330313", "133433", "311340", "021002", "302211", "231440", "341330",
    /*  6064 */ "212201", "021244", "221431", "314321", "220321", "204401", "100224", "013420",
    /*  6072 */ "414243", "221330", "301223", "431440", "421421", "241202", "113213", "101444",
    /*  6080 */ "403232", "101131", "213341", "000430", "134111", "222243", "201241", "013200",
    /*  6088 */ "023131", "004221", "031430", "444310", "012310", "130422", "002221", "300240",
    /*  6096 */ "322034", "042044", "024443", "222342", "424132", "441424", "434041", "244420",
    /*  6104 */ "214401", "302330", "241142", "202202", "121343", "100312", "234330", "333132",
    /*  6112 */ "043020", "104233", "432044", "302244", "343221", "342222", "333213", "232113",
    /*  6120 */ "213032", "011011", "314214", "444124", "003300", "440040", "312103", "444043",
    /*  6128 */ "421301", "231241", "021444", "434034", "024242", "314312", "304303", "134231",
    /*  6136 */ "232100", "441433", "234404", "213034", "104144", "323411", "311024", "120101",
    /*  6144 */ "424410", "222140", "301312", "044304", "312030", "343432", "103444", "211200",
    /*  6152 */ "422431", "411230", "330331", "014413", "242122", "104110", "143021", "200014",
    /*  6160 */ "200324", "010441", "313300", "100332", "413202", "144332", "211411", "024131",
    /*  6168 */ "431322", "443024", "213033", "303221", "230204", "133020", "321030", "112442",
    /*  6176 */ "020131", "110020", "102413", "302412", "304213", "242441", "211323", "442110",
    /*  6184 */ "323240", "011300", "322104", "304403", "134323", "303223", "211020", "040404",
    /*  6192 */ "334221", "034031", "133410", "434302", "401024", "141243", "002043", "121140",
    /*  6200 */ "123401", "114114", "432143", "442412", "212330", "424414", "241113", "032032",
    /*  6208 */ "214231", "434123", "202142", "032410", "111141", "424022", "112441", "432120",
    /*  6216 */ "033130", "211132", "231211", "342401", "401314", "233034", "142000", "311114",
    /*  6224 */ "241412", "203223", "444111", "233011", "024142", "041424", "343334", "232203",
    /*  6232 */ "111014", "333411", "412012", "032041", "443012", "443433", "403114", "404122",
    /*  6240 */ "121423", "302042", "411134", "224243", "141120", "323022", "424430", "040240",
    /*  6248 */ "201442", "422410", "033102", "321201", "400144", "440011", "113442", "203041",
    /*  6256 */ "331112", "141100", "343430", "002100", "434403", "030201", "233012", "023410",
    /*  6264 */ "013123", "230332", "124341", "334212", "114204", "130302", "133400", "430333",
    /*  6272 */ "020044", "022223", "411002", "010241", "240123", "313440", "121212", "020120",
    /*  6280 */ "012120", "220314", "210312", "034022", "022421", "410321", "344412", "224311",
    /*  6288 */ "113203", "440204", "341143", "302034", "020304", "120023", "224120", "142411",
    /*  6296 */ "043120", "121012", "124334", "322043", "032034", "114302", "141233", "114001",
    /*  6304 */ "132133", "332141", "410234", "442303", "423021", "143043", "440312", "033321",
    /*  6312 */ "102021", "241234", "142112", "321033", "220031", "310442", "443412", "423202",
    /*  6320 */ "141013", "402344", "244144", "412320", "203303", "003433", "124134", "232421",
    /*  6328 */ "210422", "314303", "130123", "401340", "021404", "023423", "214414", "020034",
    /*  6336 */ "100030", "123000", "322232", "040430", "023011", "200331", "403022", "331441",
    /*  6344 */ "134400", "413410", "212234", "420401", "244012", "001221", "142412", "342013",
    /*  6352 */ "411233", "224012", "243444", "423122", "423200", "424031", "030001", "442023",
    /*  6360 */ "304241", "222323", "410224", "002233", "331201", "140102", "003030", "001302",
    /*  6368 */ "421330", "430142", "043134", "111244", "233300", "204211", "140140", "123323",
    /*  6376 */ "140042", "023022", "403042", "101241", "230023", "224300", "323120", "343141",
    /*  6384 */ "243434", "201240", "142322", "303401", "342320", "240410", "413124", "133141",
    /*  6392 */ "203401", "434412", "440323", "140443", "034332", "220301", "223412", "403202",
    /*  6400 */ "310201", "042123", "034342", "441113", "122112", "103224", "431110", "032200",
    /*  6408 */ "331442", "042131", "013103", "144021", "320120", "210232", "004442", "322040",
    /*  6416 */ "343331", "443111", "412013", "022113", "333033", "300301", "431203", "334314",
    /*  6424 */ "132014", "201113", "210020", "334001", "421310", "120400", "433034", "030232",
    /*  6432 */ "140420", "130334", "242102", "420101", "143202", "002201", "124011", "404423",
    /*  6440 */ "043212", "422023", "043034", "004440", "202334", "420312", "322431", "010201",
    /*  6448 */ "023000", "034302", "004044", "434342", "301124", "304100", "414024", "410423",
    /*  6456 */ "101133", "023101", "040311", "123023", "302041", "214340", "322400", "013412",
    /*  6464 */ "314143", "232442", "434104", "043303", "411021", "403400", "132300", "410040",
    /*  6472 */ "321014", "010143", "423423", "204213", "142400", "414444", "041020", "032124",
    /*  6480 */ "110411", "003230", "411010", "303111", "424340", "022211", "414042", "203311",
    /*  6488 */ "311044", "133122", "001120", "113210", "043231", "140110", "334401", "133434",
    /*  6496 */ "131013", "314343", "042244", "312130", "122440", "244324", "442314", "033131",
    /*  6504 */ "040103", "343202", "214330", "422113", "233414", "140133", "442241", "312134",
    /*  6512 */ "344323", "010134", "340311", "103013", "312334", "033013", "432312", "030101",
    /*  6520 */ "033210", "441233", "424011", "104031", "420344", "043323", "443133", "340411",
    /*  6528 */ "444203", "231013", "324132", "212141", "241030", "013341", "223014", "421422",
    /*  6536 */ "123014", "031033", "432023", "341340", "134213", "122330", "143231", "200312",
    /*  6544 */ "234203", "133330", "223023", "132324", "200004", "044021", "131104", "011124",
    /*  6552 */ "412331", "113411", "330211", "344103", "423323", "111411", "411433", "012000",
    /*  6560 */ "123400", "142020", "102402", "333403", "412201", "121041", "020440", "244133",
    /*  6568 */ "011141", "401101", "011213", "433113", "020240", "100333", "210321", "133301",
    /*  6576 */ "030010", "330000", "341023", "023002", "113002", "240234", "320220", "110200",
    /*  6584 */ "313021", "314233", "213410", "420230", "121340", "401302", "203111", "040302",
    /*  6592 */ "341201", "334330", "440330", "244234", "040222", "414342", "223334", "403343",
    /*  6600 */ "103011", "040420", "201214", "330440", "414313", "240040", "103043", "043420",
    /*  6608 */ "420402", "440302", "144204", "031321", "412333", "023111", "404432", "342034",
    /*  6616 */ "334110", "100242", "132434", "423342", "141421", "210133", "232221", "122443",
    /*  6624 */ "014200", "242444", "202312", "031200", "230012", "304344", "044043", "202343",
    /*  6632 */ "222302", "014234", "002103", "132400", "130310", "312430", "420422", "401440",
    /*  6640 */ "320331", "100342", "144221", "211120", "211143", "032241", "013310", "243012",
    /*  6648 */ "021013", "121334", "241023", "231303", "020302", "304320", "223244", "103303",
    /*  6656 */ "413010", "332303", "104214", "202004", "224411", "001230", "040003", "234202",
    /*  6664 */ "404240", "410233", "433221", "141110", "001002", "422242", "320442", "343002",
    /*  6672 */ "144010", "101224", "144310", "414300", "323243", "424404", "332404", "230433",
    /*  6680 */ "112434", "041032", "023120", "112113", "021014", "220201", "004331", "432233",
    /*  6688 */ "144443", "032243", "310144", "031421", "232220", "242133", "230443", "110212",
    /*  6696 */ "142313", "133123", "242123", "041233", "241043", "410413", "323342", "323001",
    /*  6704 */ "003314", "424431", "430220", "101140", "402034", "123134", "311400", "321342",
    /*  6712 */ "144324", "431324", "223404", "413231", "303320", "330203", "414111", "304230",
    /*  6720 */ "021141", "332401", "410333", "420321", "323013", "100130", "341014", "422304",
    /*  6728 */ "413302", "230432", "313100", "400230", "302323", "400433", "012342", "134221",
    /*  6736 */ "144423", "131202", "113043", "342113", "342140", "234104", "102034", "040344",
    /*  6744 */ "002012", "431232", "321412", "130312", "422131", "402331", "201421", "434404",
    /*  6752 */ "021134", "134321", "212232", "233440", "442321", "144212", "323200", "221233",
    /*  6760 */ "403112", "143031", "042231", "121132", "202201", "233403", "123001", "310200",
    /*  6768 */ "413102", "121420", "412142", "303204", "203220", "321340", "401421", "020042",
    /*  6776 */ "444213", "102002", "400142", "132421", "211403", "340131", "003143", "023130",
    /*  6784 */ "214240", "400412", "444222", "203112", "420110", "233401", "024410", "300041",
    /*  6792 */ "441201", "043343", "414011", "234020", "040120", "322313", "022011", "140331",
    /*  6800 */ "002241", "133014", "344223", "034101", "322134", "113320", "043131", "411224",
    /*  6808 */ "101422", "442323", "410441", "202113", "201401", "230403", "424211", "410002",
    /*  6816 */ "210224", "104223", "342423", "040244", "324213", "421133", "110100", "132414",
    /*  6824 */ "430340", "234140", "234000", "313141", "142140", "023331", "034113", "434023",
    /*  6832 */ "104243", "133042", "220030", "313320", "240212", "014044", "004434", "403021",
    /*  6840 */ "312423", "340302", "430244", "013222", "340401", "003323", "411411", "304014",
    /*  6848 */ "110202", "224023", "031214", "133201", "024432", "032023", "221122", "332001",
    /*  6856 */ "312340", "224022", "211003", "031224", "300402", "020134", "420331", "213100",
    /*  6864 */ "344332", "133001", "433114", "024021", "201142", "323140", "203214", "121011",
    /*  6872 */ "323422", "334111", "243344", "214140", "424123", "134034", "412314", "103410",
    /*  6880 */ "301202", "421411", "403410", "031444", "144440", "110421", "212033", "344241",
    /*  6888 */ "420334", "041014", "012214", "433203", "421321", "440111", "044242", "133344",
    /*  6896 */ "204124", "212004", "113141", "200122", "210323", "004140", "413413", "233234",
    /*  6904 */ "330320", "411020", "213022", "014322", "314242", "204314", "003202", "114340",
    /*  6912 */ "122241", "244132", "313432", "404221", "343030", "201231", "432100", "032030",
    /*  6920 */ "431021", "441114", "243240", "324321", "012341", "230122", "202103", "124444",
    /*  6928 */ "131023", "331321", "204010", "303112", "324232", "422321", "400302", "110243",
    /*  6936 */ "224440", "214334", "104420", "324311", "042134", "423132", "401044", "014442",
    /*  6944 */ "402434", "320212", "300011", "443224", "404210", "103441", "211300", "313012",
    /*  6952 */ "343424", "300010", "114311", "410322", "134222", "241120", "334011", "020004",
    /*  6960 */ "000300", "132211", "344202", "242042", "334213", "243224", "240231", "432043",
    /*  6968 */ "444334", "241420", "000040", "343443", "140013", "133430", "443200", "441432",
    /*  6976 */ "233202", "122220", "441041", "302210", "034322", "404413", "303222", "022302",
    /*  6984 */ "444131", "212110", "042310", "203234", "023430", "203343", "224114", "224142",
    /*  6992 */ "323404", "310231", "041340", "332003", "332020", "334032", "442301", "300132",
    /*  7000 */ "111344", "022000", "033403", "220431", "210024", "123341", "402140", "430434",
    /*  7008 */ "440103", "330303", "214204", "431044", "344434", "331211", "201012", "110410",
    /*  7016 */ "430320", "024110", "114241", "440133", "431124", "421213", "434024", "311303",
    /*  7024 */ "210344", "044134", "034412", "102200", "111114", "300431", "312120", "130012",
    /*  7032 */ "221300", "213423", "342021", "204030", "332312", "122231", "434331", "232001",
    /*  7040 */ "410343", "110131", "402013", "100304", "013033", "011112", "021414", "243321",
    /*  7048 */ "302141", "124440", "010010", "124431", "131024", "432424", "333114", "430042",
    /*  7056 */ "020333", "334320", "134030", "332244", "103033", "421444", "414044", "413213",
    /*  7064 */ "331334", "310441", "410414", "342003", "112242", "212321", "122420", "244423",
    /*  7072 */ "432412", "314140", "023102", "143222", "124432", "444332", "003431", "223013",
    /*  7080 */ "044010", "100044", "433421", "114214", "414034", "430112", "211213", "432212",
    /*  7088 */ "211004", "314240", "010401", "202032", "024442", "120342", "113134", "141202",
    /*  7096 */ "101000", "142402", "221143", "040234", "400441", "032221", "320432", "140233",
    /*  7104 */ "440010", "221034", "342010", "203230", "312403", "340202", "040140", "422230",
    /*  7112 */ "021223", "013201", "320143", "222142", "424010", "321213", "040130", "213443",
    /*  7120 */ "141400", "232324", "044002", "344101", "021122", "342312", "440000", "123230",
    /*  7128 */ "223020", "322213", "024042", "424312", "242241", "112304", "311232", "133432",
    /*  7136 */ "342230", "240314", "441002", "230314", "233212", "112314", "320044", "131134",
    /*  7144 */ "311122", "124304", "214013", "112421", "131121", "033223", "141113", "342404",
    /*  7152 */ "243303", "424130", "423141", "412111", "433411", "232023", "322240", "143304",
    /*  7160 */ "230034", "103000", "324403", "434112", "104134", "410101", "324113", "410133",
    /*  7168 */ "043121", "204134", "131301", "020434", "244411", "042411", "343200", "132022",
    /*  7176 */ "332243", "112142", "044223", "304302", "222204", "341301", "431112", "100121",
    /*  7184 */ "113233", "402441", "143443", "400100", "401331", "022103", "234413", "033042",
    /*  7192 */ "300144", "442204", "034300", "320222", "214220", "112102", "440001", "213230",
    /*  7200 */ "121330", "240324", "340122", "312022", "100220", "424104", "220000", "113120",
    /*  7208 */ "004014", "333323", "310300", "323400", "122144", "001111", "441134", "131032",
    /*  7216 */ "210040", "143144", "004323", "212224", "100200", "033444", "414103", "031331",
    /*  7224 */ "142410", "303024", "241112", "124020", "034311", "314424", "003024", "141342",
    /*  7232 */ "400203", "341312", "010012", "200330", "321031", "032213", "322141", "012031",
    /*  7240 */ "034234", "401100", "331020", "343303", "124130", "401141", "230410", "443010",
    /*  7248 */ "322314", "310400", "103001", "143421", "220203", "312441", "213322", "231003",
    /*  7256 */ "343024", "142142", "100042", "044204", "243320", "241013", "140442", "112232",
    /*  7264 */ "312440", "220212", "432020", "033240", "231010", "242223", "310402", "142230",
    /*  7272 */ "142102", "243130", "140344", "310340", "124424", "133223", "103423", "214343",
    /*  7280 */ "244031", "103112", "322244", "120002", "001434", "112431", "224224", "242023",
    /*  7288 */ "034333", "441012", "340013", "102011", "244330", "243132", "332332", "142100",
    /*  7296 */ "423014", "022144", "003242", "123140", "314231", "123041", "012002", "330004",
    /*  7304 */ "233201", "000234", "130034", "312144", "213020", "024030", "030144", "440441",
    /*  7312 */ "410443", "321233", "424234", "130014", "002132", "441232", "230114", "023400",
    /*  7320 */ "444234", "001042", "043001", "014441", "022410", "313412", "133232", "213002",
    /*  7328 */ "240001", "221421", "232000", "002141", "411204", "233000", "044441", "332322",
    /*  7336 */ "013431", "233232", "402222", "430200", "204230", "042110", "121424", "123021",
    /*  7344 */ "221222", "004421", "410043", "024113", "103220", "212231", "141401", "000444",
    /*  7352 */ "204300", "033133", "433201", "043033", "402234", "342220", "112240", "342141",
    /*  7360 */ "113423", "222232", "043404", "333214", "104203", "002010", "402413", "430300",
    /*  7368 */ "111311", "341304", "030401", "001043", "432232", "011113", "201422", "132144",
    /*  7376 */ "103232", "122114", "433440", "022401", "012211", "423131", "413022", "412103",
    /*  7384 */ "323141", "021111", "220404", "213441", "412230", "322013", "001420", "331420",
    /*  7392 */ "002144", "311344", "043442", "134240", "134310", "414114", "003331", "312224",
    /*  7400 */ "234442", "214100", "420010", "311433", "122010", "320031", "211030", "130212",
    /*  7408 */ "223332", "223044", "110430", "023431", "243223", "243244", "044114", "104401",
    /*  7416 */ "113242", "130311", "303410", "430133", "123302", "302410", "021110", "300042",
    /*  7424 */ "300030", "311422", "440424", "101114", "331002", "434244", "213133", "441200",
    /*  7432 */ "443114", "443431", "104210", "340030", "303120", "004201", "200424", "023003",
    /*  7440 */ "412134", "420040", "233322", "113113", "412403", "131041", "300243", "001401",
    /*  7448 */ "413200", "424422", "011302", "121442", "332144", "041202", "103202", "022323",
    /*  7456 */ "103021", "110434", "413204", "042413", "043042", "243042", "131020", "232313",
    /*  7464 */ "101322", "342004", "341424", "434142", "114403", "300022", "032421", "113014",
    /*  7472 */ "441122", "134142", "443044", "040022", "003114", "312111", "212012", "443103",
    /*  7480 */ "442420", "310114", "130132", "200344", "301042", "401010", "132220", "242234",
    /*  7488 */ "003411", "341122", "424111", "021034", "212203", "010431", "324234", "110222",
    /*  7496 */ "300401", "341310", "314411", "222431", "113322", "443000", "221113", "002130",
    /*  7504 */ "304001", "301213", "041141", "131003", "201324", "424142", "300143", "011101",
    /*  7512 */ "204242", "120243", "223212", "404110", "004410", "220010", "124443", "401104",
    /*  7520 */ "130430", "444221", "132011", "310241", "223432", "213333", "040111", "144123",
    /*  7528 */ "034420", "034432", "134343", "034122", "301310", "141002", "332324", "042444",
    /*  7536 */ "121410", "413310", "421013", "023221", "410034", "321430", "003102", "240144",
    /*  7544 */ "303220", "412434", "301043", "323020", "332143", "144132", "030242", "202102",
    /*  7552 */ "222201", "412114", "201013", "304332", "332102", "233343", "111443", "413211",
    /*  7560 */ "031223", "120430", "113444", "341013", "240414", "230213", "130002", "020342",
    /*  7568 */ "442423", "014003", "313133", "040204", "441034", "310344", "031442", "101320",
    /*  7576 */ "331040", "102340", "204221", "022123", "203201", "444444", "442400", "020140",
    /*  7584 */ "004420", "244010", "023044", "101423", "011142", "211433", "034321", "232011",
    /*  7592 */ "034344", "204113", "101100", "210113", "412101", "242312", "444012", "211222",
    /*  7600 */ "123122", "024333", "234123", "234423", "011422", "140202", "114101", "421041",
    /*  7608 */ "234033", "103301", "244310", "203341", "021104", "211230", "031041", "322031",
    /*  7616 */ "040104", "130210", "343212", "333302", "042312", "223104", "042120", "232211",
    /*  7624 */ "222002", "321111", "111441", "212001", "123110", "134304", "432111", "213011",
    /*  7632 */ "333332", "021323", "101442", "324300", "343010", "403301", "402124", "423044",
    /*  7640 */ "130443", "211343", "434221", "411000", "244114", "003232", "442123", "021401",
    /*  7648 */ "414022", "312404", "444034", "413444", "102423", "224301", "204012", "402323",
    /*  7656 */ "422114", "224141", "024321", "024231", "431312", "100331", "011024", "242100",
    /*  7664 */ "303033", "134023", "232121", "344141", "442044", "024201", "330442", "330001",
    /*  7672 */ "200133", "103114", "003401", "044230", "011003", "401112", "012231", "430044",
    /*  7680 */ "020402", "230014", "424100", "030021", "042133", "102012", "214203", "044041",
    /*  7688 */ "144303", "123241", "010001", "422001", "133412", "423422", "121123", "221243",
    /*  7696 */ "420203", "123244", "321444", "104104", "013210", "131433", "100132", "230341",
    /*  7704 */ "020144", "101221", "144232", "240302", "410103", "140402", "224244", "213400",
    /*  7712 */ "130243", "044403", "442313", "304323", "121103", "131130", "110234", "244443",
    /*  7720 */ "331332", "103434", "032111", "000123", "431424", "302132", "334422", "042214",
    /*  7728 */ "014141", "014314", "444041", "130043", "141134", "200403", "044201", "132304",
    /*  7736 */ "100201", "031340", "412323", "410114", "321012", "423211", "311324", "013240",
    /*  7744 */ "140000", "014440", "030442", "141214", "420441", "103302", "224130", "210334",
    /*  7752 */ "421141", "243114", "420202", "211231", "131241", "022124", "341003", "112141",
    /*  7760 */ "323300", "122140", "114141", "043203", "304210", "304211", "421144", "322220",
    /*  7768 */ "033212", "221203", "033402", "124023", "131031", "411343", "114401", "320221",
    /*  7776 */ "224020", "311431", "403244", "314400", "414202", "302100", "403240", "034443",
    /*  7784 */ "304311", "142232", "330241", "413224", "421242", "403031", "002343", "022324",
    /*  7792 */ "244431", "331010", "142342", "314422", "042130", "013020", "431410", "223141",
    /*  7800 */ "231320", "133423", "234331", "400440", "333043", "143113", "240044", "231441",
    /*  7808 */ "420314", "100113", "034000", "221023", "114131", "100343", "224441", "400141",
    /*  7816 */ "434211", "043314", "442334", "433023", "124303", "323402", "433240", "022412",
    /*  7824 */ "023113", "000422", "234232", "332022", "214111", "424444", "120321", "343121",
    /*  7832 */ "331413", "241340", "234144", "100111", "102414", "014210", "014311", "441302",
    /*  7840 */ "230212", "430444", "123330", "432303", "324313", "243033", "142014", "234023",
    /*  7848 */ "424303", "013143", "302321", "220413", "401003", "431214", "142403", "232232",
    /*  7856 */ "201122", "301441", "121240", "140020", "240233", "413120", "322140", "443442",
    /*  7864 */ "030214", "403203", "441342", "122431", "234324", "134134", "213001", "133041",
    /*  7872 */ "012400", "022114", "131033", "410422", "022422", "300231", "002234", "140304",
    /*  7880 */ "413404", "441124", "421114", "201312", "033111", "443221", "434102", "432442",
    /*  7888 */ "003423", "012124", "324222", "221142", "410220", "111110", "321210", "103403",
    /*  7896 */ "132321", "311132", "313131", "100433", "310143", "313222", "024421", "223320",
    /*  7904 */ "000042", "222334", "323143", "121042", "423432", "020313", "104122", "321001",
    /*  7912 */ "032203", "413312", "243431", "403001", "124314", "122404", "311321", "321104",
    /*  7920 */ "030410", "430334", "042034", "304013", "413021", "202244", "233242", "200241",
    /*  7928 */ "204312", "041331", "040132", "424434", "202340", "133004", "242314", "211344",
    /*  7936 */ "143441", "040200", "210230", "033031", "240441", "101314", "122332", "130414",
    /*  7944 */ "433402", "304412", "413402", "202231", "013333", "022433", "124234", "233022",
    /*  7952 */ "043430", "134013", "122022", "123030", "124200", "012240", "414443", "044433",
    /*  7960 */ "032443", "424224", "021022", "334323", "030203", "141402", "331311", "144201",
    /*  7968 */ "303023", "143410", "010224", "124422", "431313", "222240", "102304", "324244",
    /*  7976 */ "231023", "110042", "240221", "113041", "012442", "124243", "143314", "000432",
    /*  7984 */ "202401", "330220", "302414", "241323", "410400", "143132", "311334", "103304",
    /*  7992 */ "102114", "024311", "414141", "004032", "404211", "313144", "020122", "234244",
    /*  8000 */ "310102", "434001", "333142", "110220", "343103", "100214", "402314", "340434",
    /*  8008 */ "301102", "143434", "040210", "232120", "333321", "001222", "423022", "241404",
    /*  8016 */ "034414", "423320", "114120", "102242", "404203", "211330", "123431", "034434",
    /*  8024 */ "143124", "114033", "300014", "314402", "240102", "433130", "320024", "444320",
    /*  8032 */ "042300", "413400", "103341", "403102", "432010", "232334", "111214", "413000",
    /*  8040 */ "144042", "102234", "043321", "013443", "041041", "442230", "104231", "203002",
    /*  8048 */ "300100", "244233", "114322", "434110", "303312", "102310", "324140", "044303",
    /*  8056 */ "431041", "130020", "123233", "423203", "040220", "104024", "031100", "331034",
    /*  8064 */ "311020", "403411", "032411", "042031", "401111", "410412", "032000", "120141",
    /*  8072 */ "244004", "400243", "234342", "210042", "142213", "220143", "422103", "022304",
    /*  8080 */ "103422", "400343", "200134", "123404", "013122", "232231", "302234", "233430",
    /*  8088 */ "010404", "143102", "430011", "120423", "111223", "303343", "243112", "413101",
    /*  8096 */ "132410", "241022", "102311", "104131", "400240", "333013", "333223", "144203",
    /*  8104 */ "314223", "343211", "421424", "313214", "142002", "331044", "330431", "313414",
    /*  8112 */ "044202", "120302", "343123", "012123", "200113", "134322", "431224", "311042",
    /*  8120 */ "310321", "223430", "023030", "134123", "323104", "032013", "000132", "202001",
    /*  8128 */ "442030", "403223", "200203", "120334", "321424", "000002", "133023", "334123",
    /*  8136 */ "224420", "104230", "013444", "100210", "012021", "002334", "430224", "312402",
    /*  8144 */ "442202", "244203", "003134", "420120", "443022", "313444", "423242", "403221",
    /*  8152 */ "000230", "201444", "341344", "223422", "434421", "044313", "120103", "123213",
    /*  8160 */ "122243", "344304", "223132", "340221", "003014", "440404", "312113", "440303",
    /*  8168 */ "230340", "441021", "424204", "013244", "200140", "113314", "212114", "223242",
    /*  8176 */ "220013", "102010", "004101", "024244", "342342", "121120", "340043", "410000",
    /*  8184 */ "114312", "431213", "044023", "430440", "230222", "222211", "432423", "102224",
    /*  8192 */ "340120", "114221", "434132", "102042", "412424", "403300", "402304", "401442",
    /*  8200 */ "020202", "431104", "414003", "430432", "010131", "421212", "143412", "431300",
    /*  8208 */ "032114", "213221", "004324", "302020", "334322", "113434", "014434", "030034",
    /*  8216 */ "312132", "200342", "112400", "231032", "321421", "203413", "023024", "243324",
    /*  8224 */ "143000", "102022", "111201", "210044", "242333", "031134", "133130", "110341",
    /*  8232 */ "001001", "320210", "231224", "124414", "032300", "044040", "110303", "311402",
    /*  8240 */ "431011", "401413", "414133", "424304", "340244", "220322", "134230", "003231",
    /*  8248 */ "304334", "241031", "201432", "303001", "111031", "322130", "231033", "343111",
    /*  8256 */ "340413", "432003", "424314", "403321", "301142", "240021", "402032", "311214",
    /*  8264 */ "110210", "430104", "301024", "014014", "224040", "120132", "020441", "423310",
    /*  8272 */ "422301", "423324", "014010", "020331", "341120", "304313", "014303", "331001",
    /*  8280 */ "132200", "242040", "230421", "312344", "322224", "030123", "233324", "244214",
    /*  8288 */ "034103", "003241", "233102", "432302", "011403", "104201", "212101", "242221",
    /*  8296 */ "030213", "423210", "042403", "430111", "424203", "421233", "242322", "043132",
    /*  8304 */ "132111", "114240", "201313", "344310", "112331", "112423", "441412", "043112",
    /*  8312 */ "113033", "224030", "404044", "404422", "000130", "030020", "442112", "030321",
    /*  8320 */ "104143", "223304", "124124", "021102", "004141", "121113", "112131", "201022",
    /*  8328 */ "030033", "144404", "141033", "234224", "014041", "212241", "433124", "310411",
    /*  8336 */ "110232", "102041", "244040", "200212", "234430", "330214", "144024", "302233",
    /*  8344 */ "032441", "202444", "133101", "043433", "133040", "202140", "040421", "221044",
    /*  8352 */ "303321", "220410", "034010", "220300", "044333", "341002", "301214", "033234",
    /*  8360 */ "231341", "104410", "210202", "331404", "340020", "323003", "222401", "211014",
    /*  8368 */ "010212", "203110", "121010", "340144", "311030", "432430", "213200", "113030",
    /*  8376 */ "302442", "204231", "304023", "033012", "332421", "034030", "022403", "412120",
    /*  8384 */ "310434", "440130", "344443", "333230", "010413", "340240", "412421", "230010",
    /*  8392 */ "011120", "034130", "224143", "410013", "301114", "424323", "111403", "234343",
    /*  8400 */ "134433", "313130", "441024", "100213", "403111", "022340", "314123", "011430",
    /*  8408 */ "020301", "031144", "032134", "413223", "240022", "333130", "422314", "030223",
    /*  8416 */ "144412", "032240", "120041", "040221", "333003", "300000", "303011", "130433",
    /*  8424 */ "443313", "140302", "314130", "021012", "312121", "203030", "411024", "112212",
    /*  8432 */ "201243", "104040", "210023", "314204", "200413", "100023", "341413", "014131",
    /*  8440 */ "421032", "424421", "233404", "212404", "124241", "404011", "200412", "143310",
    /*  8448 */ "142022", "303132", "121332", "331144", "343133", "134442", "042103", "204334",
    /*  8456 */ "014124", "303432", "304314", "043204", "124014", "342114", "001133", "341433",
    /*  8464 */ "220334", "420310", "104213", "440401", "431113", "444102", "131444", "324413",
    /*  8472 */ "343104", "100223", "221202", "101404", "220234", "400413", "220424", "341034",
    /*  8480 */ "023223", "414404", "112012", "203321", "002214", "224333", "231421", "104242",
    /*  8488 */ "031424", "413032", "321032", "030412", "411130", "310013", "322412", "434121",
    /*  8496 */ "300420", "442332", "403333", "443013", "240013", "001404", "423023", "013202",
    /*  8504 */ "444322", "202240", "103331", "101204", "242412", "214104", "233334", "443432",
    /*  8512 */ "341414", "043244", "321313", "303043", "232240", "423000", "423013", "223000",
    /*  8520 */ "010231", "130040", "240033", "033032", "233043", "422200", "440311", "030004",
    /*  8528 */ "322212", "331131", "302311", "421403", "304134", "241310", "102302", "243212",
    /*  8536 */ "102233", "003343", "214323", "443402", "103314", "340101", "144420", "433441",
    /*  8544 */ "440434", "024221", "204403", "033122", "140210", "330322", "012113", "210041",
    /*  8552 */ "000044", "243242", "423224", "430441", "411402", "131332", "113421", "131204",
    /*  8560 */ "343041", "423302", "411201", "041433", "400212", "320341", "113123", "030433",
    /*  8568 */ "223124", "212300", "422044", "442143", "223113", "131210", "440100", "304424",
    /*  8576 */ "402001", "224202", "414121", "410100", "042441", "332034", "042040", "112013",
    /*  8584 */ "131120", "034003", "031232", "431001", "010222", "211210", "321331", "243241",
    /*  8592 */ "321122", "300113", "342402", "022314", "441001", "410424", "221343", "344030",
    /*  8600 */ "102444", "320113", "411132", "020411", "101101", "434344", "332130", "224034",
    /*  8608 */ "244424", "022312", "230113", "320213", "214413", "141014", "104441", "221134",
    /*  8616 */ "324343", "111233", "312013", "301334", "131142", "331123", "022333", "342420",
    /*  8624 */ "233013", "332222", "031013", "332220", "211400", "301041", "202003", "412113",
    /*  8632 */ "424420", "220142", "402203", "443113", "121203", "230440", "221100", "013403",
    /*  8640 */ "120004", "302313", "002430", "042432", "202130", "441131", "010444", "411112",
    /*  8648 */ "002413", "300131", "401322", "211423", "041111", "000024", "313323", "144044",
    /*  8656 */ "434013", "111304", "010333", "304420", "240111", "020031", "222333", "120331",
    /*  8664 */ "431100", "233214", "222141", "122302", "311013", "103203", "321021", "243100",
    /*  8672 */ "200211", "213010", "221433", "310020", "333040", "343114", "012033", "210032",
    /*  8680 */ "333044", "414433", "443403", "031202", "410221", "042102", "144142", "103100",
    /*  8688 */ "301414", "420210", "302440", "211324", "240403", "320034", "021441", "233122",
    /*  8696 */ "321042", "034200", "022034", "040030", "324044", "103124", "430022", "030043",
    /*  8704 */ "012323", "242402", "103400", "441403", "032143", "434231", "102442", "402213",
    /*  8712 */ "144402", "210114", "132401", "222112", "011400", "421401", "323401", "111221",
    /*  8720 */ "111210", "441241", "040401", "212313", "032232", "332311", "413033", "002423",
    /*  8728 */ "030444", "324224", "210320", "444101", "433330", "313301", "014300", "343110",
    /*  8736 */ "332101", "002112", "244121", "123104", "104000", "121100", "413234", "441212",
    /*  8744 */ "240304", "323410", "102113", "414041", "144301", "300312", "133402", "121223",
    /*  8752 */ "030332", "223234", "233331", "140103", "014222", "031230", "402301", "123111",
    /*  8760 */ "400202", "234313", "001040", "132230", "004120", "004022", "141324", "204103",
    /*  8768 */ "222123", "124144", "240023", "434343", "112302", "232430", "230013", "334102",
    /*  8776 */ "020033", "002303", "140211", "032214", "400241", "144020", "430114", "203141",
    /*  8784 */ "224303", "044322", "444123", "040342", "413240", "422142", "434000", "412033",
    /*  8792 */ "020000", "230024", "111430", "241421", "143422", "244024", "421232", "144434",
    /*  8800 */ "142404", "040300", "334240", "104222", "133131", "340410", "022244", "112201",
    /*  8808 */ "200201", "123020", "143214", "144040", "102112", "023340", "022212", "142114",
    /*  8816 */ "121230", "041303", "224210", "233042", "141334", "241331", "433324", "114432",
    /*  8824 */ "030312", "413320", "020210", "223312", "310014", "120440", "433430", "321411",
    /*  8832 */ "202301", "302420", "330421", "113422", "241300", "232420", "301332", "402143",
    /*  8840 */ "133043", "021203", "201230", "203244", "144304", "103123", "443122", "330433",
    /*  8848 */ "302231", "134233", "140433", "302343", "143313", "223122", "034314", "323101",
    /*  8856 */ "002422", "131213", "143242", "124033", "231133", "233211", "334214", "012420",
    /*  8864 */ "121314", "401021", "143142", "212112", "011243", "004303", "241424", "222022",
    /*  8872 */ "024230", "000210", "242403", "301343", "233010", "323124", "143020", "420030",
    /*  8880 */ "212323", "040432", "222224", "433012", "340130", "030431", "301211", "003003",
    /*  8888 */ "242111", "114422", "312310", "342333", "344011", "113142", "220323", "240110",
    /*  8896 */ "342411", "230344", "210101", "144401", "301432", "432223", "344142", "114040",
    /*  8904 */ "224340", "211042", "033000", "333430", "102320", "444241", "422443", "402010",
    /*  8912 */ "241100", "443102", "013440", "134020", "040133", "044221", "034002", "322023",
    /*  8920 */ "413232", "403441", "110343", "104240", "224033", "102044", "342430", "004034",
    /*  8928 */ "404013", "304324", "240211", "123130", "434414", "421003", "223043", "210434",
    /*  8936 */ "101332", "414422", "143343", "341403", "104433", "301033", "210340", "041011",
    /*  8944 */ "140300", "233421", "343143", "030430", "100430", "001341", "201220", "121214",
    /*  8952 */ "122104", "411140", "014110", "101103", "242414", "344014", "001022", "204413",
    /*  8960 */ "300300", "212130", "244011", "433030", "101122", "122120", "220441", "404233",
    /*  8968 */ "132113", "244403", "304402", "044334", "134211", "223131", "043043", "122441",
    /*  8976 */ "234121", "142434", "421214", "202300", "142212", "444414", "033432", "422324",
    /*  8984 */ "430024", "324121", "113112", "010302", "212144", "230214", "202420", "400134",
    /*  8992 */ "413323", "133332", "400113", "301442", "130340", "210421", "041431", "043310",
    /*  9000 */ "344433", "330244", "111322", "433431", "121303", "011404", "044022", "330310",
    /*  9008 */ "201410", "213300", "212041", "001032", "041021", "302013", "434440", "110103",
    /*  9016 */ "103313", "112143", "412242", "100142", "220423", "304222", "123002", "043111",
    /*  9024 */ "000431", "222203", "301204", "341334", "240432", "411143", "031034", "013324",
    /*  9032 */ "210120", "010344", "031433", "234120", "334410", "313110", "142303", "441003",
    /*  9040 */ "021100", "310301", "244142", "142223", "112301", "323043", "342122", "201402",
    /*  9048 */ "241133", "334333", "432314", "014000", "331432", "313024", "110444", "122341",
    /*  9056 */ "412102", "414004", "202110", "220332", "201433", "040101", "412304", "044012",
    /*  9064 */ "204112", "301241", "143331", "043200", "243404", "321402", "313434", "402044",
    /*  9072 */ "031211", "204024", "100330", "201020", "140242", "330300", "242140", "012203",
    /*  9080 */ "312223", "220104", "431114", "314002", "414212", "341401", "433342", "012431",
    /*  9088 */ "000220", "401233", "242440", "403123", "121201", "110211", "301323", "331212",
    /*  9096 */ "413411", "121204", "302312", "302130", "423204", "302430", "010004", "342011",
    /*  9104 */ "421231", "443124", "343222", "221434", "032031", "240300", "212440", "322424",
    /*  9112 */ "230033", "004243", "314344", "441340", "002312", "041231", "010340", "401220",
    /*  9120 */ "033314", "313341", "321020", "042113", "210313", "431020", "114121", "410113",
    /*  9128 */ "430400", "302230", "440212", "100442", "110443", "341302", "200400", "211002",
    /*  9136 */ "141132", "230111", "344232", "413001", "324111", "143333", "421022", "421340",
    /*  9144 */ "312420", "204044", "333014", "314441", "334024", "324133", "014232", "143211",
    /*  9152 */ "400101", "313420", "121030", "024400", "314232", "130144", "012321", "321011",
    /*  9160 */ "422330", "330112", "443210", "044422", "224134", "143201", "041122", "424141",
    /*  9168 */ "332110", "204320", "140223", "331444", "123331", "300210", "221212", "120403",
    /*  9176 */ "343401", "404000", "410012", "103413", "232434", "143402", "413244", "223414",
    /*  9184 */ "310234", "403302", "222422", "210341", "034131", "331443", "203211", "222430",
    /*  9192 */ "133413", "304434", "111410", "422424", "103142", "102104", "044131", "202412",
    /*  9200 */ "022140", "202222", "120343", "400321", "020422", "431433", "303044", "023313",
    /*  9208 */ "222132", "341043", "002140", "433403", "212433", "011333", "404421", "130322",
    /*  9216 */ "311320", "400310", "301222", "010313", "011143", "444323", "204004", "013234",
    /*  9224 */ "310141", "340033", "440021", "323002", "133341", "144342", "421100", "412040",
    /*  9232 */ "223310", "034132", "201201", "302224", "120442", "041112", "313200", "144202",
    /*  9240 */ "022102", "004134", "231141", "100314", "022343", "420022", "110031", "114344",
    /*  9248 */ "442031", "013010", "023403", "402343", "022013", "243141", "230241", "412123",
    /*  9256 */ "240210", "120242", "234344", "400402", "314010", "210011", "420140", "330443",
    /*  9264 */ "214312", "424240", "040304", "014213", "331440", "140340", "122203", "314200",
    /*  9272 */ "124323", "320324", "231232", "002333", "101024", "244101", "302314", "102203",
    /*  9280 */ "401031", "123203", "001144", "331414", "140002", "204321", "202322", "414410",
    /*  9288 */ "123332", "130110", "040243", "034423", "102403", "314004", "241014", "344003",
    /*  9296 */ "241410", "224344", "341211", "022224", "244334", "121241", "344132", "241131",
    /*  9304 */ "104200", "413242", "221334", "414144", "313002", "340444", "343023", "401000",
    /*  9312 */ "040024", "322111", "224124", "133243", "133024", "042140", "300033", "432210",
    /*  9320 */ "322441", "420242", "404342", "211134", "412321", "231134", "441344", "420211",
    /*  9328 */ "024012", "110024", "434422", "442214", "121021", "120432", "422201", "032422",
    /*  9336 */ "334220", "204131", "330044", "104022", "430204", "234001", "422212", "013144",
    /*  9344 */ "414200", "021344", "320004", "432110", "440144", "302404", "331302", "021341",
    /*  9352 */ "324101", "101324", "232331", "022044", "421341", "221101", "213124", "034343",
    /*  9360 */ "240032", "423121", "401013", "413132", "402303", "331140", "130022", "201032",
    /*  9368 */ "302434", "110023", "011332", "120122", "330242", "240002", "320030", "220330",
    /*  9376 */ "441133", "330400", "131344", "110231", "011200", "043302", "414012", "002143",
    /*  9384 */ "104324", "312222", "242200", "223330", "330441", "130423", "202311", "201343",
    /*  9392 */ "012204", "402134", "314100", "240122", "422404", "323421", "334040", "000340",
    /*  9400 */ "431144", "014412", "220004", "043232", "432201", "104400", "020420", "423402",
    /*  9408 */ "034330", "314111", "422423", "432001", "401012", "120011", "111423", "110101",
    /*  9416 */ "042030", "113303", "303040", "040414", "424004", "232002", "414403", "142110",
    /*  9424 */ "432002", "001143", "040331", "121233", "134103", "324112", "012304", "342133",
    /*  9432 */ "012314", "043301", "412240", "213134", "333331", "003031", "020020", "243211",
    /*  9440 */ "421241", "302220", "224313", "300234", "121321", "434220", "014301", "413004",
    /*  9448 */ "211333", "241241", "022443", "331323", "234421", "313344", "401131", "433234",
    /*  9456 */ "102404", "242401", "042242", "024213", "332114", "413314", "433300", "202332",
    /*  9464 */ "031010", "303000", "123141", "420143", "011340", "214423", "112134", "111432",
    /*  9472 */ "423041", "021210", "231213", "132044", "230041", "324433", "344023", "310244",
    /*  9480 */ "300142", "024243", "201134", "011321", "141203", "204344", "004231", "413133",
    /*  9488 */ "204233", "433024", "340234", "410320", "420124", "231113", "233303", "320322",
    /*  9496 */ "243120", "032413", "312424", "241332", "200204", "231124", "324211", "024104",
    /*  9504 */ "434210", "121141", "322124", "041323", "301032", "140130", "031120", "223204",
    /*  9512 */ "320042", "034340", "110423", "224334", "134214", "312443", "440134", "404440",
    /*  9520 */ "000041", "041313", "240030", "441211", "310343", "404223", "143403", "443340",
    /*  9528 */ "233341", "103004", "304404", "000030", "033310", "214012", "342101", "402031",
    /*  9536 */ "442222", "243044", "232101", "344243", "404312", "022300", "324104", "123102",
    /*  9544 */ "002041", "210001", "143440", "024044", "232343", "330204", "344442", "111431",
    /*  9552 */ "200242", "022424", "032001", "434043", "412213", "202210", "222322", "120332",
    /*  9560 */ "411421", "423020", "444031", "234200", "343344", "101021", "411232", "300412",
    /*  9568 */ "301411", "234110", "334000", "203213", "334113", "444340", "310313", "113402",
    /*  9576 */ "131401", "120441", "112114", "213110", "231031", "414314", "330402", "431411",
    /*  9584 */ "414440", "000001", "330133", "300434", "030030", "414442", "202023", "143204",
    /*  9592 */ "102440", "403101", "321140", "234401", "323322", "103333", "204424", "241143",
    /*  9600 */ "103332", "101312", "400014", "030022", "241322", "404213", "043443", "012404",
    /*  9608 */ "223223", "013312", "113420", "014143", "324131", "114242", "001241", "404401",
    /*  9616 */ "341431", "443322", "033332", "441434", "310032", "331032", "213024", "013043",
    /*  9624 */ "331342", "002020", "033021", "401234", "412244", "420440", "032044", "341112",
    /*  9632 */ "123324", "310124", "104221", "343102", "341430", "130241", "000411", "011334",
    /*  9640 */ "231143", "300200", "044320", "212400", "024212", "034040", "404020", "211043",
    /*  9648 */ "331232", "233110", "000102", "432342", "211341", "433003", "231110", "344201",
    /*  9656 */ "303134", "344302", "010324", "103042", "434311", "333204", "214101", "112133",
    /*  9664 */ "302030", "044124", "211141", "442213", "331031", "404220", "434141", "411410",
    /*  9672 */ "123300", "234231", "304421", "312202", "402021", "123202", "324020", "400023",
    /*  9680 */ "010221", "144111", "211101", "032314", "211244", "342313", "222231", "140131",
    /*  9688 */ "203221", "304120", "231131", "232144", "313023", "203044", "241402", "113042",
    /*  9696 */ "440420", "014312", "032101", "443043", "433212", "440414", "221131", "200233",
    /*  9704 */ "121224", "420020", "411022", "421304", "020442", "031423", "330110", "020344",
    /*  9712 */ "140112", "330201", "203034", "034102", "040122", "220114", "312133", "013030",
    /*  9720 */ "033331", "240321", "300130", "414341", "104421", "444404", "020132", "103330",
    /*  9728 */ "331433", "241330", "314011", "344200", "122433", "444120", "430010", "241010",
    /*  9736 */ "110004", "012243", "322211", "114420", "021241", "320403", "424442", "321103",
    /*  9744 */ "310003", "021311", "012042", "223033", "131303", "341322", "022242", "344322",
    /*  9752 */ "003322", "220132", "141042", "134330", "114132", "314131", "314210", "343214",
    /*  9760 */ "012201", "444202", "222101", "040123", "402204", "132432", "044330", "341442",
    /*  9768 */ "020041", "222414", "324422", "400322", "321202", "434314", "200430", "431121",
    /*  9776 */ "322420", "332414", "143123", "132031", "122340", "031304", "334120", "320240",
    /*  9784 */ "230242", "334243", "434240", "242012", "230231", "012234", "041343", "403311",
    /*  9792 */ "232341", "013343", "130031", "420142", "420421", "311141", "000412", "101042",
    /*  9800 */ "020221", "244230", "213320", "432334", "403144", "210110", "113001", "121403",
    /*  9808 */ "102312", "301421", "341242", "412430", "022101", "313401", "343343", "434300",
    /*  9816 */ "014431", "130103", "413331", "303130", "040100", "323340", "423232", "400110",
    /*  9824 */ "100301", "441204", "441013", "310010", "403122", "043312", "241343", "134113",
    /*  9832 */ "002114", "024232", "320204", "333210", "341223", "311111", "012422", "402101",
    /*  9840 */ "014031", "434134", "430113", "040013", "312140", "410311", "032320", "341121",
    /*  9848 */ "001224", "433044", "122000", "311323", "114000", "131311", "301340", "400231",
    /*  9856 */ "411301", "110311", "044323", "032400", "402440", "023312", "440310", "304203",
    /*  9864 */ "321222", "010424", "332030", "334144", "100431", "213321", "131201", "043000",
    /*  9872 */ "041234", "032022", "131021", "443243", "330344", "031031", "400120", "010420",
    /*  9880 */ "340220", "341024", "100112", "034433", "030032", "434120", "300442", "422401",
    /*  9888 */ "420004", "212124", "333244", "042003", "113400", "222010", "000023", "231130",
    /*  9896 */ "230110", "101440", "243032", "124313", "240344", "424020", "223243", "213332",
    /*  9904 */ "140422", "200300", "413002", "314042", "213232", "222023", "343240", "300044",
    /*  9912 */ "433121", "014401", "222402", "022032", "132103", "113023", "131413", "424103",
    /*  9920 */ "223402", "133403", "343100", "323213", "144320", "121331", "410102", "321231",
    /*  9928 */ "413304", "331000", "333133", "432234", "223210", "101011", "411120", "110314",
    /*  9936 */ "211243", "103022", "403020", "442432", "131102", "331103", "330114", "430140",
    /*  9944 */ "134140", "421101", "104321", "000143", "004230", "403131", "301103", "403210",
    /*  9952 */ "444021", "244122", "044341", "021304", "120204", "404212", "443204", "341124",
    /*  9960 */ "140124", "313433", "111024", "140423", "043240", "230220", "221400", "131432",
    /*  9968 */ "333422", "321302", "442403", "334042", "231132", "000321", "401333", "032402",
    /*  9976 */ "400400", "012302", "201200", "242103", "431000", "002440", "320144", "343311",
    /*  9984 */ "340123", "410244", "300224", "023123", "214433", "420244", "112042", "440023",
    /*  9992 */ "331203", "214402", "033214", "424230", "021423", "324130", "141340", "130142",
    /* 10000 */ "233123", "140440", "120213", "230142", "031343", "024344", "410042", "234233",
    /* 10008 */ "001004", "111402", "033424", "330014", "211241", "104034", "011311", "304442",
    /* 10016 */ "300212", "030111", "323344", "342304", "210034", "342110", "210003", "012412",
    /* 10024 */ "304240", "013432", "422311", "032423", "343113", "304104", "000341", "244312",
    /* 10032 */ "131114", "122110", "220412", "221411", "223101", "133404", "012340", "434140",
    /* 10040 */ "331043", "110322", "204110", "424144", "321400", "343210", "342103", "011313",
    /* 10048 */ "112413", "113202", "144243", "111203", "402014", "442343", "333021", "144334",
    /* 10056 */ "000334", "123004", "011411", "303403", "141224", "204204", "030440", "232332",
    /* 10064 */ "223431", "032341", "220123", "031012", "134334", "024302", "320404", "120032",
    /* 10072 */ "213131", "324323", "341404", "110420", "424003", "120424", "203031", "000333",
    /* 10080 */ "431201", "404430", "001310", "212210", "201314", "120322", "304132", "303243",
    /* 10088 */ "423201", "011204", "042421", "420432", "001311", "401414", "012434", "220113",
    /* 10096 */ "023322", "014122", "213030", "013411", "110241", "243023", "121411", "430003",
    /* 10104 */ "333342", "430023", "014104", "113310", "223300", "012331", "412131", "221311",
    /* 10112 */ "422313", "110033", "431122", "224032", "433010", "400233", "122213", "224103",
    /* 10120 */ "400003", "323034", "311413", "310112", "222214", "321024", "101302", "232042",
    /* 10128 */ "130033", "423313", "242244", "330131", "204100", "100244", "011130", "404230",
    /* 10136 */ "410213", "340010", "243312", "033134", "040411", "430431", "003233", "422140",
    /* 10144 */ "311212", "401103", "001101", "141102", "411004", "024431", "214233", "434400",
    /* 10152 */ "300213", "222301", "223103", "322121", "032222", "142131", "024411", "202423",
    /* 10160 */ "443040", "130240", "130134", "403034", "301424", "332123", "231200", "301010",
    /* 10168 */ "340232", "340040", "142321", "023412", "143223", "112024", "440440", "312110",
    /* 10176 */ "013042", "433041", "443202", "310320", "021133", "444200", "144004", "134443",
    /* 10184 */ "222440", "423102", "232330", "203400", "032142", "230132", "410240", "323204",
    /* 10192 */ "302134", "311442", "203423", "414400", "141140", "323324", "201334", "341202",
    /* 10200 */ "031113", "242421", "434304", "223003", "304400", "012244", "203331", "301410",
    /* 10208 */ "244240", "141200", "101330", "004023", "132423", "330342", "024101", "203131",
    /* 10216 */ "141432", "321113", "044233", "004311", "003324", "413134", "223100", "013134",
    /* 10224 */ "411032", "243340", "424030", "314141", "203114", "041203", "312342", "331322",
    /* 10232 */ "143240", "340223", "434310", "340224", "214114", "242431", "422434", "303311",
    /* 10240 */ "400104", "134303", "130003", "123101", "341232", "411302", "341240", "432431",
    /* 10248 */ "133442", "342324", "440232", "314404", "401142", "104422", "141131", "021321",
    /* 10256 */ "230043", "200013", "200303", "201140", "024401", "422014", "000232", "303441",
    /* 10264 */ "431030", "222033", "211000", "321341", "201320", "021142", "001000", "201330",
    /* 10272 */ "234432", "400001", "222433", "020142", "423212", "024312", "202430", "334112",
    /* 10280 */ "014241", "132333", "441214", "114424", "400000", "040113", "301404", "030402",
    /* 10288 */ "042142", "443220", "202314", "123344", "411244", "104100", "400404", "032344",
    /* 10296 */ "421134", "212003", "423012", "002404", "243140", "203000", "033440", "342043",
    /* 10304 */ "243000", "221041", "444112", "444142", "331210", "242114", "033323", "433204",
    /* 10312 */ "111424", "422122", "022341", "312321", "430411", "021420", "102102", "133113",
    /* 10320 */ "410041", "433232", "140444", "003303", "230232", "022023", "340231", "400022",
    /* 10328 */ "123201", "223031", "410014", "240320", "344110", "203410", "010312", "334103",
    /* 10336 */ "400224", "332113", "400411", "022414", "122200", "012101", "343020", "234030",
    /* 10344 */ "120222", "014432", "231340", "404322", "413243", "142211", "344324", "440220",
    /* 10352 */ "410433", "143342", "314044", "431023", "311342", "440101", "221012", "333442",
    /* 10360 */ "313132", "004233", "413311", "120214", "441423", "423234", "414122", "004411",
    /* 10368 */ "144410", "130320", "303131", "010034", "114343", "443311", "020121", "332423",
    /* 10376 */ "044033", "240031", "044003", "223024", "333020", "343314", "240120", "033121",
    /* 10384 */ "204022", "322430", "440033", "443404", "424330", "220303", "310204", "201030",
    /* 10392 */ "033144", "431031", "401334", "320321", "012103", "221422", "211044", "443034",
    /* 10400 */ "333222", "043441", "223424", "000144", "144442", "204202", "243231", "111231",
    /* 10408 */ "241440", "344432", "442122", "303214", "310122", "231401", "134302", "420411",
    /* 10416 */ "131402", "231220", "432242", "142041", "213444", "401043", "222443", "422030",
    /* 10424 */ "033304", "203242", "420324", "341311", "213203", "200421", "200124", "010140",
    /* 10432 */ "042412", "001123", "020201", "043410", "323233", "411110", "124442", "132313",
    /* 10440 */ "221200", "231240", "040310", "012300", "221114", "024122", "320112", "100203",
    /* 10448 */ "001020", "420000", "410134", "040011", "144002", "134421", "342041", "442144",
    /* 10456 */ "020431", "332040", "013422", "310011", "332214", "112124", "103110", "333110",
    /* 10464 */ "401114", "031130", "223042", "432440", "114233", "022444", "411404", "040042",
    /* 10472 */ "413300", "123040", "221340", "102422", "432133", "000414", "444434", "211103",
    /* 10480 */ "304304", "044011", "100243", "404042", "343130", "441234", "312203", "221144",
    /* 10488 */ "043220", "112403", "404424", "003144", "103240", "342012", "240104", "020141",
    /* 10496 */ "341103", "414423", "402130", "231022", "244303", "134002", "102201", "121001",
    /* 10504 */ "010023", "230020", "140220", "213104", "011030", "441331", "331430", "244123",
    /* 10512 */ "214014", "334441", "104310", "212422", "143040", "103024", "104330", "413442",
    /* 10520 */ "002030", "240330", "334400", "433032", "032042", "321204", "132411", "013342",
    /* 10528 */ "414140", "314310", "104011", "443320", "441031", "411033", "230141", "023001",
    /* 10536 */ "014134", "414324", "000241", "123424", "343021", "143322", "000231", "004112",
    /* 10544 */ "424012", "133312", "213013", "140201", "013322", "001240", "341443", "340343",
    /* 10552 */ "431103", "032211", "130230", "041440", "224322", "040322", "104440", "020222",
    /* 10560 */ "321432", "424041", "244300", "223423", "034202", "212342", "404434", "041224",
    /* 10568 */ "200332", "043124", "140424", "111044", "434223", "243322", "214032", "334313",
    /* 10576 */ "040020", "231121", "334331", "003442", "042331", "214200", "403100", "243043",
    /* 10584 */ "430242", "433134", "002410", "413430", "203324", "412104", "003340", "100202",
    /* 10592 */ "134011", "223232", "320022", "142123", "111300", "123234", "342233", "114021",
    /* 10600 */ "041222", "100041", "443400", "203123", "000342", "130321", "100432", "301313",
    /* 10608 */ "030344", "134114", "432411", "312330", "042232", "241212", "200142", "101203",
    /* 10616 */ "213003", "324043", "004220", "111121", "034312", "310341", "401401", "421234",
    /* 10624 */ "213041", "114041", "022040", "420122", "413321", "100212", "110312", "213231",
    /* 10632 */ "333211", "033324", "222212", "212132", "333111", "330332", "004020", "030121",
    /* 10640 */ "221230", "243103", "441442", "004103", "412124", "420420", "042321", "023142",
    /* 10648 */ "302110", "331202", "110132", "413344", "403010", "101244", "213343", "212212",
    /* 10656 */ "202203", "131404", "132012", "003004", "423403", "042343", "042033", "133021",
    /* 10664 */ "340001", "034134", "234021", "040203", "124202", "424024", "224331", "342014",
    /* 10672 */ "010141", "230100", "301012", "224400", "322133", "031020", "130201", "001200",
    /* 10680 */ "221404", "424403", "321440", "041300", "120303", "303042", "321244", "321320",
    /* 10688 */ "310443", "200121", "403212", "310420", "042240", "104004", "022303", "042333",
    /* 10696 */ "001422", "440410", "124143", "303123", "423412", "124131", "300040", "132032",
    /* 10704 */ "203144", "424331", "204123", "103031", "411431", "133231", "411133", "304242",
    /* 10712 */ "101411", "014020", "004131", "331122", "042002", "200402", "304214", "124043",
    /* 10720 */ "202124", "323232", "102344", "220214", "401243", "002314", "141034", "231104",
    /* 10728 */ "432130", "324310", "111321", "121031", "213211", "313203", "030304", "123031",
    /* 10736 */ "104020", "230202", "121111", "323334", "004414", "404121", "430012", "402411",
    /* 10744 */ "023021", "034410", "042222", "103312", "312434", "333243", "341130", "403242",
    /* 10752 */ "323221", "041213", "121342", "141311", "344344", "404200", "202043", "042011",
    /* 10760 */ "102431", "024320", "021030", "314401", "301344", "144121", "141404", "322331",
    /* 10768 */ "212431", "111012", "233243", "343413", "330011", "100123", "140322", "431211",
    /* 10776 */ "412112", "014033", "222321", "303334", "230401", "243213", "041311", "130204",
    /* 10784 */ "244422", "021443", "204342", "341100", "314243", "214024", "300110", "202341",
    /* 10792 */ "220233", "334203", "112123", "020412", "434011", "324100", "200224", "113220",
    /* 10800 */ "033034", "004400", "023422", "322033", "421333", "304221", "313134", "243424",
    /* 10808 */ "314124", "214031", "424411", "430222", "204441", "201420", "134311", "012210",
    /* 10816 */ "033334", "042124", "103211", "440032", "132121", "112121", "004334", "413044",
    /* 10824 */ "210304", "022322", "112422", "132311", "310110", "302202", "111104", "330140",
    /* 10832 */ "424134", "324304", "014414", "313102", "032304", "002302", "310133", "432230",
    /* 10840 */ "031042", "202041", "400122", "012104", "210332", "103310", "013421", "331402",
    /* 10848 */ "440412", "121441", "214144", "222310", "214004", "420014", "004000", "240332",
    /* 10856 */ "120324", "110432", "040242", "320342", "214302", "233332", "433304", "430034",
    /* 10864 */ "433404", "232410", "134331", "140441", "112200", "142414", "334104", "140222",
    /* 10872 */ "430123", "222034", "343042", "412404", "230000", "044211", "431132", "404241",
    /* 10880 */ "420031", "424124", "302444", "241443", "112330", "042320", "034211", "201131",
    /* 10888 */ "040110", "243122", "132413", "402033", "101421", "111022", "413434", "420212",
    /* 10896 */ "333311", "332042", "110043", "112344", "034120", "201321", "233142", "400244",
    /* 10904 */ "240303", "343014", "132334", "004202", "144242", "212412", "120240", "301220",
    /* 10912 */ "032330", "343000", "311243", "114211", "321220", "322440", "231030", "332241",
    /* 10920 */ "303430", "302011", "120244", "121244", "313334", "012433", "244022", "300311",
    /* 10928 */ "430033", "320434", "202424", "024040", "234222", "033241", "344131", "123123",
    /* 10936 */ "100322", "201323", "442424", "010322", "113334", "323110", "343441", "122244",
    /* 10944 */ "303004", "141434", "022233", "130300", "311133", "234410", "040000", "013211",
    /* 10952 */ "412202", "240402", "402112", "243003", "142441", "430232", "023424", "000213",
    /* 10960 */ "331024", "344044", "421344", "411412", "242143", "212131", "111033", "313314",
    /* 10968 */ "014132", "242124", "203203", "024034", "103412", "144131", "032033", "341123",
    /* 10976 */ "402131", "421324", "121231", "021433", "340014", "144422", "430330", "222242",
    /* 10984 */ "204141", "131403", "241233", "420043", "133322", "104234", "023324", "144113",
    /* 10992 */ "234323", "121101", "410440", "033302", "311000", "441202", "332044", "024404",
    /* 11000 */ "320122", "140004", "410430", "242121", "400143", "100233", "221320", "041310",
    /* 11008 */ "113143", "233423", "021114", "403233", "423433", "303314", "404300", "441022",
    /* 11016 */ "234230", "023114", "441141", "234102", "214410", "004240", "330142", "234341",
    /* 11024 */ "003301", "012111", "214223", "303304", "131244", "110141", "041113", "423331",
    /* 11032 */ "101310", "001214", "343411", "324431", "344424", "432131", "012213", "204223",
    /* 11040 */ "334444", "042314", "144112", "412222", "141012", "211013", "344204", "401042",
    /* 11048 */ "133311", "104322", "123231", "411441", "414120", "342424", "341111", "432144",
    /* 11056 */ "020133", "440243", "110130", "442103", "334222", "122414", "300114", "130404",
    /* 11064 */ "333034", "131223", "024000", "102100", "143444", "041004", "230021", "031003",
    /* 11072 */ "404311", "132020", "012401", "204034", "433043", "111001", "142221", "314120",
    /* 11080 */ "030212", "340304", "212344", "301004", "202024", "242242", "021213", "232340",
    /* 11088 */ "321300", "421402", "422340", "043102", "114202", "241004", "102140", "241033",
    /* 11096 */ "123420", "334343", "340041", "123412", "412432", "003332", "244204", "213432",
    /* 11104 */ "342303", "323311", "330041", "012222", "142012", "203101", "241434", "414412",
    /* 11112 */ "101300", "111301", "103034", "203320", "323420", "024204", "131131", "033414",
    /* 11120 */ "242134", "404111", "242442", "234142", "311213", "444442", "431240", "342441",
    /* 11128 */ "420133", "112412", "220430", "203402", "033341", "234041", "233441", "301030",
    /* 11136 */ "243201", "203441", "421414", "202302", "441333", "432444", "102123", "422011",
    /* 11144 */ "043122", "333101", "323121", "311022", "020124", "121124", "443222", "043423",
    /* 11152 */ "402042", "014233", "230040", "231102", "234440", "031143", "131231", "311411",
    /* 11160 */ "443240", "010204", "343231", "132120", "102030", "402311", "401441", "123132",
    /* 11168 */ "033040", "122424", "301101", "024124", "001112", "220231", "344130", "433022",
    /* 11176 */ "101303", "022210", "122214", "033023", "244041", "030331", "112104", "220421",
    /* 11184 */ "041140", "001232", "030230", "220222", "432204", "324003", "424223", "144333",
    /* 11192 */ "021432", "312141", "123131", "312312", "110242", "140244", "310330", "103322",
    /* 11200 */ "400030", "034303", "101334", "113024", "412300", "441314", "130434", "021112",
    /* 11208 */ "211211", "410201", "040134", "420340", "040313", "220244", "002120", "420204",
    /* 11216 */ "044342", "342130", "323111", "313010", "032024", "004330", "321110", "024022",
    /* 11224 */ "144444", "342031", "300134", "141444", "014034", "441324", "030141", "004100",
    /* 11232 */ "310331", "000312", "320010", "423233", "104033", "302433", "211310", "312341",
    /* 11240 */ "342310", "012041", "310304", "401402", "434332", "200034", "042313", "322030",
    /* 11248 */ "101210", "110244", "324203", "340303", "431430", "312241", "423303", "443413",
    /* 11256 */ "012432", "202321", "343340", "132132", "400242", "024100", "400301", "421220",
    /* 11264 */ "133112", "103210", "110143", "311311", "330141", "414110", "031133", "340133",
    /* 11272 */ "224122", "124421", "244433", "201124", "041403", "030044", "341421", "320303",
    /* 11280 */ "114410", "221204", "011310", "201431", "314014", "412020", "344031", "311234",
    /* 11288 */ "321303", "302021", "334124", "113031", "024120", "202414", "430323", "023442",
    /* 11296 */ "323433", "104123", "302133", "311123", "033112", "202122", "412444", "314021",
    /* 11304 */ "422041", "130000", "202000", "232123", "014130", "312041", "424441", "143344",
    /* 11312 */ "112332", "144421", "421314", "114122", "144321", "144144", "311222", "144213",
    /* 11320 */ "312002", "122133", "440113", "021130", "040214", "114044", "114244", "421442",
    /* 11328 */ "210204", "300242", "400004", "230343", "311223", "200024", "341101", "020204",
    /* 11336 */ "320111", "314144", "210142", "240024", "131422", "432224", "141411", "422204",
    /* 11344 */ "203232", "212340", "204014", "010202", "421030", "300021", "312304", "313113",
    /* 11352 */ "011410", "024133", "124214", "440324", "421023", "441321", "110124", "142204",
    /* 11360 */ "212324", "324402", "104132", "022413", "031440", "440233", "433202", "223022",
    /* 11368 */ "230311", "313101", "113344", "400213", "314332", "020110", "122323", "113412",
    /* 11376 */ "103122", "143303", "304101", "310044", "320202", "003034", "142010", "300112",
    /* 11384 */ "232314", "234213", "114134", "242044", "432421", "103231", "000240", "112122",
    /* 11392 */ "231324", "443401", "402412", "321131", "322214", "004124", "130203", "244323",
    /* 11400 */ "332103", "420333", "042221", "031410", "443214", "013323", "404243", "402404",
    /* 11408 */ "232424", "000021", "423330", "440142", "333334", "140400", "213043", "322011",
    /* 11416 */ "402242", "013231", "030322", "303434", "034402", "333400", "310312", "122311",
    /* 11424 */ "000331", "400041", "323040", "231314", "213121", "112430", "000121", "431014",
    /* 11432 */ "201021", "334041", "144240", "031132", "211122", "343032", "023300", "332431",
    /* 11440 */ "130324", "311330", "204340", "303121", "411001", "120034", "224144", "111211",
    /* 11448 */ "402231", "440002", "403243", "422032", "402414", "343003", "201303", "314134",
    /* 11456 */ "311332", "233433", "033043", "224004", "234400", "120134", "331341", "101340",
    /* 11464 */ "032140", "313103", "442442", "212023", "020014", "004443", "341134", "131313",
    /* 11472 */ "303101", "413222", "203444", "143120", "100311", "411041", "034304", "441100",
    /* 11480 */ "300334", "002403", "003124", "224310", "134201", "431033", "201014", "211322",
    /* 11488 */ "204332", "423142", "434042", "041441", "022112", "413334", "331204", "004144",
    /* 11496 */ "200022", "132210", "004013", "202434", "233311", "213000", "024001", "143243",
    /* 11504 */ "321443", "121130", "313403", "410021", "021411", "012032", "314112", "130030",
    /* 11512 */ "323313", "140132", "134332", "404130", "420431", "211422", "230004", "411242",
    /* 11520 */ "014331", "344431", "044210", "214440", "141130", "201104", "312020", "010432",
    /* 11528 */ "333231", "042204", "300123", "321100", "303420", "302101", "011013", "013304",
    /* 11536 */ "411322", "102032", "124111", "420044", "224220", "040211", "401212", "223442",
    /* 11544 */ "142104", "010000", "304114", "131101", "401420", "142034", "014403", "400011",
    /* 11552 */ "113104", "240422", "301301", "311412", "241201", "212331", "211113", "242131",
    /* 11560 */ "020334", "204411", "114020", "412340", "030133", "301230", "203022", "302214",
    /* 11568 */ "440333", "334311", "210301", "123144", "134010", "343241", "040330", "002024",
    /* 11576 */ "421204", "031104", "221314", "413230", "244103", "123200", "241244", "241341",
    /* 11584 */ "313123", "322414", "421443", "301224", "424222", "131412", "432013", "104331",
    /* 11592 */ "200334", "222114", "201040", "442113", "014101", "143030", "341320", "221432",
    /* 11600 */ "012143", "331320", "303244", "244432", "030420", "124000", "111302", "143401",
    /* 11608 */ "411003", "120444", "422421", "402030", "204144", "332000", "323341", "021023",
    /* 11616 */ "024210", "113222", "110134", "130104", "243412", "141314", "342040", "012301",
    /* 11624 */ "433244", "241044", "110412", "102033", "443302", "222100", "432004", "341221",
    /* 11632 */ "421423", "122134", "330340", "244110", "031334", "131232", "334432", "122121",
    /* 11640 */ "044424", "324420", "244003", "420003", "401242", "421011", "423231", "333412",
    /* 11648 */ "032434", "234444", "144241", "344430", "431034", "220112", "204031", "232114",
    /* 11656 */ "002121", "041103", "124141", "221312", "401240", "143122", "141333", "011420",
    /* 11664 */ "221241", "341004", "143431", "223342", "112341", "442111", "212441", "320041",
    /* 11672 */ "313104", "431434", "033022", "010423", "112120", "101044", "421430", "104342",
    /* 11680 */ "101003", "033330", "443430", "442132", "242230", "031203", "301112", "024143",
    /* 11688 */ "431013", "301140", "113121", "301314", "303102", "303104", "243143", "131324",
    /* 11696 */ "421031", "202440", "013142", "022041", "102043", "120211", "042334", "024341",
    /* 11704 */ "124114", "333330", "403234", "001204", "020231", "222344", "122222", "321133",
    /* 11712 */ "033431", "111103", "211404", "203011", "002042", "102303", "122043", "030423",
    /* 11720 */ "000141", "033410", "302143", "111021", "111113", "422240", "021412", "104030",
    /* 11728 */ "100411", "121221", "410230", "242043", "432030", "312311", "222042", "413013",
    /* 11736 */ "110330", "312231", "313244", "032012", "413110", "410313", "210310", "241230",
    /* 11744 */ "023234", "200221", "144211", "111434", "022404", "414123", "001203", "234424",
    /* 11752 */ "143110", "204234", "323303", "230031", "210004", "110230", "221104", "012030",
    /* 11760 */ "401123", "201031", "123113", "041414", "043431", "014214", "141344", "402432",
    /* 11768 */ "020414", "302304", "312412", "232012", "002123", "411122", "043114", "134241",
    /* 11776 */ "203210", "323203", "301233", "013242", "412400", "144110", "123320", "310233",
    /* 11784 */ "233444", "001411", "244023", "320414", "124042", "302014", "442121", "333240",
    /* 11792 */ "232403", "214021", "312401", "432124", "302103", "332122", "310040", "322304",
    /* 11800 */ "124203", "341140", "340443", "223221", "042010", "434232", "013212", "224330",
    /* 11808 */ "040223", "422444", "334300", "100404", "030031", "041030", "112443", "431301",
    /* 11816 */ "101112", "422441", "110442", "430041", "113300", "214141", "100344", "231433",
    /* 11824 */ "433443", "432203", "003100", "041201", "120033", "202134", "320423", "303330",
    /* 11832 */ "001304", "240101", "211314", "003244", "410302", "144133", "410410", "424401",
    /* 11840 */ "400024", "224212", "000402", "124223", "200444", "134441", "433424", "032230",
    /* 11848 */ "231344", "203414", "101033", "134324", "323010", "321212", "420220", "141204",
    /* 11856 */ "223001", "321043", "222444", "112110", "003400", "403134", "011031", "433321",
    /* 11864 */ "401213", "433004", "000302", "321102", "004030", "222441", "344221", "413212",
    /* 11872 */ "201414", "424231", "324444", "414104", "331143", "011020", "020114", "143133",
    /* 11880 */ "403121", "411403", "322223", "124211", "443242", "340300", "033404", "312322",
    /* 11888 */ "442142", "212401", "322404", "424200", "441444", "340430", "230430", "133242",
    /* 11896 */ "122423", "020241", "444223", "233230", "203332", "010342", "210411", "440213",
    /* 11904 */ "334140", "021201", "202344", "243432", "002000", "143002", "432113", "122021",
    /* 11912 */ "340210", "214002", "213411", "343223", "141143", "040114", "303412", "234311",
    /* 11920 */ "023014", "134340", "222021", "442212", "014204", "301023", "223314", "233310",
    /* 11928 */ "433213", "111133", "241000", "420424", "043213", "404024", "413313", "002133",
    /* 11936 */ "001122", "023342", "304430", "431400", "402230", "014030", "400342", "322302",
    /* 11944 */ "141230", "014344", "414100", "411243", "232041", "013241", "444001", "423413",
    /* 11952 */ "233030", "204404", "430423", "234002", "203024", "142013", "321101", "123430",
    /* 11960 */ "432310", "103300", "134014", "132441", "133331", "040041", "003403", "240143",
    /* 11968 */ "131014", "240401", "110334", "041332", "222104", "310021", "240121", "124333",
    /* 11976 */ "024301", "230044", "442421", "010043", "141123", "111343", "401211", "300241",
    /* 11984 */ "431341", "143233", "421303", "403331", "333431", "102023", "341030", "011442",
    /* 11992 */ "244032", "222124", "014140", "300024", "421130", "413324", "120021", "441410",
    /* 12000 */ "004343", "401310", "103212", "140113", "041034", "231333", "141220", "012131",
    /* 12008 */ "001314", "114113", "334241", "231431", "003410", "121312", "313041", "331222",
    /* 12016 */ "123322", "343013", "101301", "430310", "243221", "220124", "120143", "414013",
    /* 12024 */ "133304", "142333", "110320", "130333", "433224", "333104", "021033", "344402",
    /* 12032 */ "240043", "112100", "144032", "021410", "211001", "042440", "221211", "331114",
    /* 12040 */ "010410", "200420", "214234", "231112", "414323", "432333", "104111", "001432",
    /* 12048 */ "114341", "200410", "204013", "214422", "304200", "123223", "024002", "403334",
    /* 12056 */ "104121", "203404", "342202", "402012", "302344", "434443", "111130", "013331",
    /* 12064 */ "114314", "104142", "222423", "040340", "131323", "031024", "213404", "220043",
    /* 12072 */ "402211", "142242", "234402", "033142", "320333", "122403", "231302", "401411",
    /* 12080 */ "230223", "200301", "232311", "223411", "441414", "444130", "044243", "400033",
    /* 12088 */ "242112", "442422", "042012", "132000", "304321", "200031", "003404", "211010",
    /* 12096 */ "443020", "114143", "012322", "224223", "024024", "222343", "344043", "044100",
    /* 12104 */ "302302", "411044", "002320", "330412", "030422", "042341", "002444", "211112",
    /* 12112 */ "040413", "232300", "402121", "122223", "404224", "322323", "343333", "444403",
    /* 12120 */ "143212", "132221", "042230", "312123", "303442", "122033", "111310", "000233",
    /* 12128 */ "432403", "421104", "332021", "431413", "012414", "130004", "223420", "421203",
    /* 12136 */ "213442", "032104", "221124", "214120", "303202", "010114", "103144", "303422",
    /* 12144 */ "020242", "232210", "240012", "422020", "232031", "442223", "022030", "144244",
    /* 12152 */ "241441", "130410", "410222", "302212", "323222", "422244", "330121", "014423",
    /* 12160 */ "432332", "241320", "021403", "042112", "021303", "433242", "130441", "312421",
    /* 12168 */ "412204", "432014", "141312", "002202", "444304", "112233", "140221", "432132",
    /* 12176 */ "431101", "443030", "140313", "432413", "300330", "100002", "443332", "212022",
    /* 12184 */ "301333", "401341", "213142", "221010", "014114", "111230", "001142", "341324",
    /* 12192 */ "234044", "440320", "142320", "140012", "213340", "024303", "302241", "241121",
    /* 12200 */ "102401", "312233", "021431", "411423", "122111", "441330", "304041", "101222",
    /* 12208 */ "100414", "340402", "112144", "112023", "322234", "011223", "012003", "011324",
    /* 12216 */ "321022", "431402", "320433", "014342", "211313", "204444", "323424", "103023",
    /* 12224 */ "044034", "141242", "030014", "411102", "402224", "200313", "044442", "031111",
    /* 12232 */ "312410", "431230", "021301", "410010", "041101", "341144", "243300", "100324",
    /* 12240 */ "430403", "431320", "431333", "044302", "432231", "341012", "420311", "302431",
    /* 12248 */ "102231", "323201", "424201", "432102", "102031", "032043", "314342", "204214",
    /* 12256 */ "222230", "002323", "422043", "440241", "022420", "243104", "432142", "420034",
    /* 12264 */ "023013", "012040", "022010", "420024", "011021", "012132", "314220", "341410",
    /* 12272 */ "130432", "013012", "311333", "444134", "224031", "142420", "314043", "114030",
    /* 12280 */ "120233", "400221", "441334", "414232", "411213", "132344", "000110", "303200",
    /* 12288 */ "143013", "241012", "120124", "414101", "414211", "221231", "430443", "310031",
    /* 12296 */ "330321", "240010", "003214", "442124", "020123", "443233", "111100", "143114",
    /* 12304 */ "204212", "101201", "332442", "144003", "004002", "202421", "232444", "424133",
    /* 12312 */ "120044", "031301", "020012", "044344", "112420", "120221", "230210", "212214",
    /* 12320 */ "132440", "011010", "210410", "402431", "124204", "032204", "434430", "223433",
    /* 12328 */ "012011", "432400", "141044", "421124", "132320", "044414", "222340", "022130",
    /* 12336 */ "021424", "221224", "244211", "130112", "432114", "442240", "344413", "114220",
    /* 12344 */ "420243", "140214", "022021", "300003", "312210", "122303", "322001", "402421",
    /* 12352 */ "121104", "442340", "411331", "212032", "411223", "012403", "140120", "344210",
    /* 12360 */ "014313", "012410", "143232", "400220", "310111", "443141", "332341", "414014",
    /* 12368 */ "341434", "031121", "102000", "443343", "020003", "140320", "304102", "231412",
    /* 12376 */ "220200", "404142", "142444", "221242", "021044", "024023", "202104", "241123",
    /* 12384 */ "333112", "411300", "143321", "010200", "302342", "220012", "414224", "102103",
    /* 12392 */ "441010", "022214", "204033", "414301", "241223", "400333", "440403", "323323",
    /* 12400 */ "431242", "224222", "011121", "432434", "312112", "100424", "320444", "420430",
    /* 12408 */ "444421", "120220", "301430", "334223", "444433", "321433", "333002", "303103",
    /* 12416 */ "430221", "311102", "043331", "013114", "030000", "203143", "342204", "333140",
    /* 12424 */ "221130", "430420", "040142", "231202", "424220", "141313", "022120", "012313",
    /* 12432 */ "233302", "044324", "442401", "212102", "030204", "003140", "111120", "123100",
    /* 12440 */ "111312", "410204", "131430", "442120", "321041", "002104", "024330", "330030",
    /* 12448 */ "131240", "221032", "240134", "304130", "422102", "044130", "200243", "021124",
    /* 12456 */ "314032", "344341", "300140", "033004", "240241", "201043", "124010", "004043",
    /* 12464 */ "133133", "022142", "321132", "022012", "012034", "030303", "403424", "310022",
    /* 12472 */ "422442", "444333", "014144", "113100", "321123", "323301", "113302", "120411",
    /* 12480 */ "322044", "323314", "042121", "313003", "114413", "001443", "043412", "313310",
    /* 12488 */ "141322", "342143", "442324", "333303", "340323", "123421", "331230", "232124",
    /* 12496 */ "220141", "002212", "020444", "134420", "102333", "433303", "142220", "332434",
    /* 12504 */ "010003", "410300", "203202", "420201", "321124", "430402", "441144", "441104",
    /* 12512 */ "411310", "113011", "241442", "324340", "243010", "224404", "230131", "210220",
    /* 12520 */ "310033", "403420", "204220", "000332", "324314", "134223", "111023", "412044",
    /* 12528 */ "331121", "311304", "301320", "431221", "200314", "441102", "104032", "342104",
    /* 12536 */ "232024", "033340", "430321", "442133", "122201", "000404", "132312", "211434",
    /* 12544 */ "000310", "014320", "442042", "231040", "030241", "213031", "000401", "340112",
    /* 12552 */ "233432", "321334", "312014", "301122", "130420", "420042", "320312", "332011",
    /* 12560 */ "322024", "010040", "021131", "412140", "312432", "302031", "323000", "030211",
    /* 12568 */ "133032", "313022", "413341", "310413", "310322", "023040", "320132", "041401",
    /* 12576 */ "332134", "300321", "224102", "303231", "011022", "301232", "011042", "412021",
    /* 12584 */ "000214", "314101", "303032", "332024", "411142", "023443", "012024", "343124",
    /* 12592 */ "143234", "044412", "310311", "202234", "320320", "202031", "233223", "242130",
    /* 12600 */ "222411", "301431", "003201", "242024", "024430", "342224", "332223", "024200",
    /* 12608 */ "333134", "230302", "211123", "403011", "231204", "420414", "420200", "031110",
    /* 12616 */ "334244", "314031", "301342", "020432", "312122", "400040", "013104", "133210",
    /* 12624 */ "022310", "134244", "324033", "102313", "310403", "424424", "342322", "112234",
    /* 12632 */ "111433", "330444", "441322", "342234", "410022", "340104", "341212", "220122",
    /* 12640 */ "402024", "433311", "042423", "421033", "142202", "330103", "324023", "234441",
    /* 12648 */ "203012", "421343", "223213", "304103", "113342", "201101", "431314", "443321",
    /* 12656 */ "004211", "400340", "340023", "234403", "202224", "112224", "440003", "032123",
    /* 12664 */ "042220", "043101", "132124", "003310", "020203", "010121", "000114", "114331",
    /* 12672 */ "333320", "212222", "024234", "322401", "004241", "133233", "002300", "231012",
    /* 12680 */ "342330", "041110", "001322", "234411", "043224", "343420", "010103", "433133",
    /* 12688 */ "331411", "301221", "412233", "401443", "323332", "010414", "011032", "023321",
    /* 12696 */ "312413", "204420", "334324", "443130", "142130", "423301", "431233", "122014",
    /* 12704 */ "432341", "210414", "443014", "122023", "123124", "212013", "223434", "430202",
    /* 12712 */ "102331", "441244", "324204", "102101", "433104", "142134", "344123", "114434",
    /* 12720 */ "003402", "411444", "140241", "400303", "433132", "103421", "333343", "111401",
    /* 12728 */ "120120", "324212", "041212", "001441", "101401", "412022", "221240", "310030",
    /* 12736 */ "203130", "013221", "444144", "303234", "110012", "113304", "031441", "442242",
    /* 12744 */ "440104", "341213", "014040", "231041", "133321", "441101", "440444", "341041",
    /* 12752 */ "404123", "412341", "302111", "412211", "422234", "243134", "103432", "330323",
    /* 12760 */ "144230", "331132", "012020", "340334", "320003", "031220", "443421", "141023",
    /* 12768 */ "441242", "040324", "103140", "142432", "240424", "444314", "122034", "241403",
    /* 12776 */ "311031", "022104", "422203", "344320", "022430", "110121", "403241", "412313",
    /* 12784 */ "441441", "022042", "332140", "242410", "124244", "443330", "244301", "120012",
    /* 12792 */ "242213", "342131", "214333", "042304", "123022", "234034", "400112", "231123",
    /* 12800 */ "400431", "241214", "003224", "411432", "024241", "011034", "032112", "024324",
    /* 12808 */ "333401", "023401", "010220", "341331", "023320", "034013", "404302", "203020",
    /* 12816 */ "112040", "341203", "120000", "322432", "220102", "133143", "121322", "214244",
    /* 12824 */ "314410", "421404", "212104", "240312", "400420", "240420", "110123", "434143",
    /* 12832 */ "343131", "443234", "020401", "012043", "101004", "100133", "312343", "332124",
    /* 12840 */ "043233", "131100", "033204", "430312", "102221", "213433", "342421", "343404",
    /* 12848 */ "230323", "202014", "122002", "422343", "130001", "232034", "314230", "324143",
    /* 12856 */ "103442", "202101", "020340", "404010", "103344", "132242", "230331", "203033",
    /* 12864 */ "324142", "423311", "333024", "024403", "013321", "401244", "041411", "344102",
    /* 12872 */ "242034", "403141", "204241", "204341", "202100", "420141", "001334", "212334",
    /* 12880 */ "304322", "441140", "320343", "142124", "132004", "042243", "414131", "232233",
    /* 12888 */ "343341", "204114", "342042", "101443", "011240", "212420", "403030", "403201",
    /* 12896 */ "003111", "011312", "131042", "202422", "423344", "242301", "144411", "204040",
    /* 12904 */ "412342", "430124", "231140", "002244", "111144", "003023", "334031", "310212",
    /* 12912 */ "421010", "110041", "201302", "233120", "303323", "314433", "430100", "233313",
    /* 12920 */ "443003", "022320", "332242", "213431", "243031", "003012", "402233", "244100",
    /* 12928 */ "344212", "011214", "314420", "134234", "024441", "312313", "334304", "144014",
    /* 12936 */ "033002", "341422", "304440", "143330", "430322", "004441", "042042", "331234",
    /* 12944 */ "123214", "423130", "032333", "131012", "212220", "140321", "304343", "340400",
    /* 12952 */ "110010", "132430", "401330", "130122", "321130", "141231", "000434", "414222",
    /* 12960 */ "121404", "031400", "002434", "001312", "403200", "334340", "304004", "203133",
    /* 12968 */ "201211", "244223", "222102", "403344", "200032", "124321", "042402", "201123",
    /* 12976 */ "343004", "214310", "134431", "004012", "221244", "040231", "230003", "232004",
    /* 12984 */ "443314", "131330", "400234", "040402", "212200", "232021", "314201", "333023",
    /* 12992 */ "422310", "012134", "413441", "114002", "404412", "101233", "310314", "124342",
    /* 13000 */ "142241", "214010", "224003", "103030", "442344", "422221", "110104", "243334",
    /* 13008 */ "324442", "223340", "304034", "420300", "311131", "114441", "324303", "011023",
    /* 13016 */ "313443", "222331", "031222", "324332", "131414", "243110", "341231", "132422",
    /* 13024 */ "020430", "421311", "012324", "341412", "423414", "031402", "242424", "014340",
    /* 13032 */ "303201", "141343", "211401", "443440", "240222", "241211", "402433", "430223",
    /* 13040 */ "210244", "213424", "413131", "032430", "132034", "231331", "130242", "333100",
    /* 13048 */ "102430", "231403", "444110", "042223", "340420", "214143", "234333", "121102",
    /* 13056 */ "331033", "034140", "011301", "232110", "441044", "220001", "024141", "403332",
    /* 13064 */ "301444", "030011", "443331", "423034", "202333", "341131", "100003", "001321",
    /* 13072 */ "112343", "414124", "003212", "414333", "120413", "211201", "032040", "312212",
    /* 13080 */ "101040", "140040", "313043", "424040", "432311", "244314", "420224", "402400",
    /* 13088 */ "113020", "034204", "011222", "122031", "302422", "203010", "233130", "130111",
    /* 13096 */ "210021", "131030", "012140", "234011", "413043", "444143", "044141", "323310",
    /* 13104 */ "222200", "104424", "403342", "431223", "120421", "233413", "224304", "234223",
    /* 13112 */ "132123", "322200", "310334", "143301", "310401", "110203", "140143", "203240",
    /* 13120 */ "100402", "302413", "401102", "433322", "301011", "200244", "020040", "310332",
    /* 13128 */ "233431", "013313", "442114", "202021", "312333", "234300", "202131", "110112",
    /* 13136 */ "210211", "322422", "442244", "101333", "404103", "134041", "003312", "440411",
    /* 13144 */ "130214", "301201", "111242", "230414", "040021", "304012", "240331", "444301",
    /* 13152 */ "001233", "131010", "410142", "442342", "411320", "343204", "214400", "043201",
    /* 13160 */ "132212", "113441", "312323", "121040", "201004", "332200", "034133", "013032",
    /* 13168 */ "044443", "241232", "401001", "223102", "002200", "420011", "132201", "210221",
    /* 13176 */ "113111", "000322", "221033", "002021", "334242", "124002", "143221", "411234",
    /* 13184 */ "013000", "141020", "411221", "104140", "421323", "433420", "442444", "240203",
    /* 13192 */ "101412", "433241", "143203", "003141", "210014", "344420", "303411", "410444",
    /* 13200 */ "001212", "340004", "041042", "000330", "132404", "231244", "011344", "424334",
    /* 13208 */ "324014", "434420", "110114", "114201", "433400", "004342", "032242", "221001",
    /* 13216 */ "030210", "043223", "313140", "444342", "433334", "421334", "013002", "121232",
    /* 13224 */ "212103", "213302", "243013", "214022", "403443", "244202", "244034", "313040",
    /* 13232 */ "422433", "042000", "213313", "023304", "304043", "222313", "011432", "032132",
    /* 13240 */ "041240", "411303", "342314", "043210", "033433", "204021", "242144", "034201",
    /* 13248 */ "114321", "121320", "234332", "012332", "300340", "424324", "310412", "202220",
    /* 13256 */ "034413", "003434", "031140", "314121", "041031", "122232", "242413", "221441",
    /* 13264 */ "020113", "304340", "034042", "133440", "124004", "110144", "412441", "033224",
    /* 13272 */ "102400", "312042", "213140", "002230", "101030", "304223", "024010", "300332",
    /* 13280 */ "404310", "414441", "324412", "021024", "103101", "300032", "002003", "102121",
    /* 13288 */ "340344", "222421", "212014", "322102", "114232", "010314", "140204", "333144",
    /* 13296 */ "212242", "012320", "443334", "300141", "340423", "304330", "143423", "131113",
    /* 13304 */ "131211", "300201", "240341", "421222", "124233", "344314", "032224", "340204",
    /* 13312 */ "103130", "021011", "404002", "320443", "311202", "031242", "333404", "220230",
    /* 13320 */ "042200", "002124", "444430", "222332", "000020", "133213", "123333", "001202",
    /* 13328 */ "130131", "103020", "113132", "233410", "043414", "240443", "444141", "202243",
    /* 13336 */ "222303", "441301", "331401", "240444", "230140", "130421", "100434", "224423",
    /* 13344 */ "242104", "320033", "010230", "240334", "111134", "320011", "113414", "434101",
    /* 13352 */ "301113", "042213", "231243", "401403", "433343", "231420", "103401", "213331",
    /* 13360 */ "111220", "022222", "244222", "302123", "423322", "302010", "421322", "412203",
    /* 13368 */ "340331", "042004", "121122", "323413", "311430", "223012", "311343", "022342",
    /* 13376 */ "133013", "303340", "402004", "214313", "300104", "213130", "332343", "310243",
    /* 13384 */ "031210", "021434", "000142", "000301", "243403", "340110", "332132", "321240",
    /* 13392 */ "121114", "301322", "113101", "030434", "442302", "410003", "134203", "320224",
    /* 13400 */ "121432", "203100", "323131", "333433", "442411", "204331", "412031", "421413",
    /* 13408 */ "343012", "400444", "230321", "103200", "434144", "120130", "301420", "233204",
    /* 13416 */ "211331", "303113", "231411", "422344", "103414", "420410", "340230", "301304",
    /* 13424 */ "140312", "414330", "322032", "210214", "433340", "000031", "204120", "311233",
    /* 13432 */ "244442", "421221", "111200", "324200", "113133", "424221", "004310", "243304",
    /* 13440 */ "324042", "202121", "213222", "111330", "104101", "013213", "444424", "042111",
    /* 13448 */ "031241", "020303", "334312", "344133", "420413", "032002", "043242", "421140",
    /* 13456 */ "430141", "442330", "122143", "310444", "043022", "334334", "441030", "003203",
    /* 13464 */ "240343", "220044", "132131", "341214", "012242", "444412", "203120", "214442",
    /* 13472 */ "210424", "210131", "011233", "224413", "044240", "012014", "103243", "132433",
    /* 13480 */ "321003", "223211", "140123", "004304", "004223", "140301", "101043", "213403",
    /* 13488 */ "300422", "013404", "431131", "000131", "124322", "402340", "000224", "321002",
    /* 13496 */ "330042", "431442", "212143", "113204", "230002", "111122", "142004", "333301",
    /* 13504 */ "241204", "033044", "320421", "333423", "330010", "130431", "114330", "030013",
    /* 13512 */ "432200", "131242", "433220", "231311", "004333", "232244", "401343", "440231",
    /* 13520 */ "343412", "402100", "441304", "412121", "213402", "342242", "030024", "004024",
    /* 13528 */ "313342", "334101", "220204", "231043", "332234", "122411", "200422", "240112",
    /* 13536 */ "120202", "044411", "100131", "334132", "130211", "221024", "101434", "224013",
    /* 13544 */ "300343", "322413", "423431", "234124", "331344", "401011", "112310", "320134",
    /* 13552 */ "232033", "314013", "410032", "143433", "340340", "232040", "342221", "112003",
    /* 13560 */ "332433", "212332", "431022", "140403", "003210", "442234", "104212", "311404",
    /* 13568 */ "020320", "424311", "342422", "240433", "342232", "244033", "203222", "110342",
    /* 13576 */ "433020", "240404", "312302", "432243", "434234", "423343", "224332", "322203",
    /* 13584 */ "443011", "301133", "204003", "104332", "042342", "124231", "431244", "232342",
    /* 13592 */ "212030", "401132", "322311", "224232", "423043", "120013", "403133", "132330",
    /* 13600 */ "142332", "000423", "130141", "230134", "343022", "302112", "440332", "233320",
    /* 13608 */ "400210", "230413", "232433", "001300", "421000", "232404", "324144", "341244",
    /* 13616 */ "240301", "023344", "132010", "042400", "230444", "001243", "303022", "322411",
    /* 13624 */ "011211", "210444", "321434", "430132", "300444", "034041", "442000", "212434",
    /* 13632 */ "110424", "114140", "101041", "444020", "332344", "243204", "242404", "022001",
    /* 13640 */ "322341", "441221", "023420", "420131", "323112", "321312", "013041", "302331",
    /* 13648 */ "424101", "214341", "013121", "402302", "303124", "412322", "031333", "144104",
    /* 13656 */ "001131", "324041", "112002", "004111", "230423", "401200", "314040", "241111",
    /* 13664 */ "033020", "201311", "344032", "410404", "144000", "043344", "444211", "312422",
    /* 13672 */ "032303", "413143", "044103", "312221", "134440", "113443", "224424", "431210",
    /* 13680 */ "423304", "430013", "034444", "144341", "100102", "231443", "332410", "142433",
    /* 13688 */ "123243", "014330", "340432", "140343", "301014", "233111", "141114", "423004",
    /* 13696 */ "110044", "414033", "242433", "111000", "232322", "101211", "340031", "244030",
    /* 13704 */ "131022", "241122", "202013", "334344", "121302", "021442", "204442", "421004",
    /* 13712 */ "314113", "201044", "333123", "134141", "210433", "232223", "133134", "123204",
    /* 13720 */ "111232", "431311", "021202", "200234", "431120", "240242", "030042", "332210",
    /* 13728 */ "034020", "141331", "140430", "311300", "324201", "421342", "001100", "301212",
    /* 13736 */ "220342", "200323", "322004", "011433", "243034", "313143", "323004", "233101",
    /* 13744 */ "301141", "401320", "121200", "004021", "314403", "214103", "320230", "144130",
    /* 13752 */ "044004", "221004", "421200", "103103", "340000", "020321", "422144", "134232",
    /* 13760 */ "400200", "230112", "430413", "003121", "131044", "234242", "341420", "013014",
    /* 13768 */ "020103", "201130", "314110", "121020", "221214", "023441", "310101", "031302",
    /* 13776 */ "443324", "333310", "323102", "410241", "024222", "320422", "341314", "103311",
    /* 13784 */ "210022", "422223", "212314", "344343", "434033", "434313", "424433", "140323",
    /* 13792 */ "410342", "001244", "142003", "344211", "313121", "042132", "241040", "124312",
    /* 13800 */ "123224", "133313", "220020", "330432", "000343", "344230", "120224", "044321",
    /* 13808 */ "443142", "333201", "244231", "330101", "342432", "440031", "303203", "141321",
    /* 13816 */ "432331", "440013", "213023", "114301", "034301", "122123", "341423", "320012",
    /* 13824 */ "021430", "323224", "324320", "101400", "201001", "231300", "233442", "432012",
    /* 13832 */ "233033", "230412", "313304", "200110", "032011", "402420", "311441", "402220",
    /* 13840 */ "204310", "440210", "204432", "213342", "213210", "401124", "244120", "412431",
    /* 13848 */ "430211", "120443", "304113", "401432", "004444", "314414", "112031", "113234",
    /* 13856 */ "003101", "320340", "113214", "300331", "402142", "023413", "444103", "320121",
    /* 13864 */ "334014", "431422", "042212", "133121", "401122", "203122", "042043", "341411",
    /* 13872 */ "020224", "033412", "420012", "210242", "421043", "122421", "220110", "221332",
    /* 13880 */ "010234", "002412", "122434", "100234", "323144", "044224", "112214", "110102",
    /* 13888 */ "314020", "114300", "333032", "334442", "320413", "442220", "123440", "001342",
    /* 13896 */ "003033", "142301", "214213", "031044", "041404", "010440", "034034", "300013",
    /* 13904 */ "342203", "012411", "303002", "422323", "413014", "112022", "201342", "112411",
    /* 13912 */ "424242", "033413", "431012", "412034", "024342", "211432", "320104", "140003",
    /* 13920 */ "123343", "432401", "332041", "342434", "101230", "123133", "304122", "214432",
    /* 13928 */ "203001", "031330", "301021", "334100", "213224", "401303", "202223", "403312",
    /* 13936 */ "103430", "132444", "122344", "222304", "121304", "301423", "412143", "443041",
    /* 13944 */ "413104", "424044", "011413", "241011", "110324", "424120", "343312", "411334",
    /* 13952 */ "432141", "442010", "020101", "310432", "330414", "204224", "344400", "122032",
    /* 13960 */ "420240", "344301", "342044", "243332", "124022", "431332", "031032", "201111",
    /* 13968 */ "034220", "133124", "311210", "044020", "042210", "112410", "100303", "043031",
    /* 13976 */ "112433", "204303", "102244", "134102", "442410", "333131", "402103", "422432",
    /* 13984 */ "114404", "410223", "314213", "132102", "441142", "223401", "013330", "333121",
    /* 13992 */ "030104", "321420", "442404", "333413", "412243", "213303", "021400", "233321",
    /* 14000 */ "041301", "204232", "422322", "402322", "410024", "104444", "144344", "144103",
    /* 14008 */ "043401", "322340", "012112", "144314", "120340", "324040", "424320", "010020",
    /* 14016 */ "223323", "001033", "024020", "243333", "023201", "044214", "432104", "314104",
    /* 14024 */ "124034", "044423", "330202", "303110", "042024", "333232", "404004", "334421",
    /* 14032 */ "002223", "011441", "021440", "044042", "104113", "333004", "144400", "331243",
    /* 14040 */ "023343", "114123", "041342", "220040", "440123", "223034", "303331", "441421",
    /* 14048 */ "412043", "031043", "430301", "021330", "022031", "402223", "123221", "203302",
    /* 14056 */ "220100", "431010", "033201", "301002", "124404", "132443", "243402", "424002",
    /* 14064 */ "331431", "411312", "121023", "122324", "124400", "240232", "402240", "201310",
    /* 14072 */ "111042", "330411", "412414", "211114", "140330", "043133", "221321", "302044",
    /* 14080 */ "010122", "430121", "122130", "311301", "324021", "421331", "234320", "323431",
    /* 14088 */ "223441", "130200", "312300", "133012", "212413", "104434", "210440", "002443",
    /* 14096 */ "020013", "201011", "101013", "430324", "431123", "441341", "211220", "011242",
    /* 14104 */ "241001", "403110", "032403", "211203", "411100", "013120", "140333", "214214",
    /* 14112 */ "222122", "431241", "223114", "324324", "322312", "200100", "330223", "222011",
    /* 14120 */ "042014", "212111", "031401", "410232", "423424", "334302", "212211", "220224",
    /* 14128 */ "041040", "434012", "241444", "404134", "332111", "011110", "313410", "142324",
    /* 14136 */ "043044", "113232", "244410", "313321", "221133", "334023", "424033", "043313",
    /* 14144 */ "000403", "302333", "110001", "022134", "021233", "132322", "132024", "111331",
    /* 14152 */ "333124", "324331", "421034", "400013", "034141", "134401", "403433", "423134",
    /* 14160 */ "413114", "231414", "422243", "000012", "432320", "231424", "214301", "212034",
    /* 14168 */ "313402", "414240", "212421", "033011", "324240", "013314", "330132", "341432",
    /* 14176 */ "422004", "200404", "013332", "244014", "320243", "101242", "032244", "342023",
    /* 14184 */ "131441", "423222", "340102", "411011", "144343", "043434", "312214", "134031",
    /* 14192 */ "003304", "204041", "201033", "044203", "223344", "040424", "441413", "012022",
    /* 14200 */ "311121", "310202", "101343", "032133", "132122", "222000", "011044", "312240",
    /* 14208 */ "132002", "334114", "132003", "033420", "000243", "200423", "410331", "042340",
    /* 14216 */ "013233", "132232", "313241", "011203", "103121", "322202", "242214", "411323",
    /* 14224 */ "323242", "401022", "322442", "131321", "234103", "323024", "302001", "410401",
    /* 14232 */ "124133", "330003", "413433", "212202", "424423", "401113", "244341", "324423",
    /* 14240 */ "204330", "330100", "314202", "202200", "222220", "334424", "043002", "243214",
    /* 14248 */ "143424", "431200", "023211", "323320", "033030", "232102", "212121", "210333",
    /* 14256 */ "014310", "000424", "121032", "104001", "214030", "112243", "300244", "101134",
    /* 14264 */ "133342", "012233", "220101", "231210", "331220", "022200", "234420", "123304",
    /* 14272 */ "303144", "334434", "242203", "023230", "221002", "124343", "434243", "204121",
    /* 14280 */ "441440", "011341", "240034", "420134", "324301", "224442", "312431", "330312",
    /* 14288 */ "244331", "331423", "303210", "220320", "111334", "133111", "320231", "043014",
    /* 14296 */ "312331", "021320", "403442", "300333", "432300", "240140", "240202", "402341",
    /* 14304 */ "430332", "030224", "312001", "300310", "322210", "341042", "031011", "001021",
    /* 14312 */ "322403", "232242", "232022", "120410", "032432", "203411", "040121", "042433",
    /* 14320 */ "042141", "412311", "041123", "034320", "132244", "432033", "340424", "124412",
    /* 14328 */ "133030", "122310", "022344", "434133", "211214", "023333", "034004", "204434",
    /* 14336 */ "311014", "434130", "324031", "332420", "213420", "201121", "244021", "334021",
    /* 14344 */ "442034", "103044", "204111", "111420", "100021", "430313", "332411", "401121",
    /* 14352 */ "303344", "430031", "022231", "041302", "301234", "024003", "440442", "322230",
    /* 14360 */ "422104", "422211", "403422", "101123", "003341", "213204", "400102", "201301",
    /* 14368 */ "223311", "324341", "141300", "403204", "004213", "112213", "311113", "303122",
    /* 14376 */ "131400", "311203", "422222", "024402", "221414", "341313", "324344", "043421",
    /* 14384 */ "104303", "023023", "304333", "013040", "013401", "003130", "022441", "431234",
    /* 14392 */ "120100", "123444", "122422", "003011", "020324", "242324", "123434", "012212",
    /* 14400 */ "204430", "410304", "123114", "414322", "214202", "023402", "430430", "201100",
    /* 14408 */ "204412", "241041", "300230", "023332", "133310", "042344", "134402", "142300",
    /* 14416 */ "301134", "223222", "313313", "311310", "424112", "134001", "041144", "101202",
    /* 14424 */ "421412", "242011", "221401", "134430", "220011", "413303", "401223", "004212",
    /* 14432 */ "314221", "220311", "332330", "040323", "143112", "402011", "140324", "200012",
    /* 14440 */ "000311", "131331", "030301", "320123", "211124", "444030", "424210", "401210",
    /* 14448 */ "021302", "121433", "323012", "020322", "310142", "010042", "341114", "213122",
    /* 14456 */ "330324", "221430", "401323", "404114", "142442", "130041", "330134", "314341",
    /* 14464 */ "433401", "010211", "001331", "412100", "221331", "302131", "431212", "200000",
    /* 14472 */ "002401", "203233", "201202", "231203", "432021", "124132", "322014", "220120",
    /* 14480 */ "343243", "232003", "103131", "140010", "423104", "004031", "403033", "442001",
    /* 14488 */ "141222", "424143", "442300", "342323", "233001", "433332", "013301", "332441",
    /* 14496 */ "024420", "403340", "010111", "211332", "444402", "113433", "442203", "144102",
    /* 14504 */ "031324", "432344", "304204", "433301", "243343", "433214", "143014", "034121",
    /* 14512 */ "411430", "440421", "211321", "130140", "341342", "330413", "032141", "110400",
    /* 14520 */ "441243", "300413", "230203", "430342", "124001", "001220", "111011", "342100",
    /* 14528 */ "004320", "321410", "034110", "311224", "340114", "110403", "334200", "203032",
    /* 14536 */ "444011", "412442", "344233", "133022", "013044", "404433", "043004", "143224",
    /* 14544 */ "442100", "422003", "113102", "343213", "243243", "204002", "322100", "024043",
    /* 14552 */ "114342", "134411", "443410", "402214", "442224", "344004", "202241", "032414",
    /* 14560 */ "341233", "231201", "211402", "432101", "314142", "233200", "142344", "200130",
    /* 14568 */ "410122", "423401", "231144", "141111", "314133", "343330", "212223", "112333",
    /* 14576 */ "443423", "042021", "024334", "301003", "314331", "341224", "012344", "304220",
    /* 14584 */ "013021", "332023", "222012", "424440", "241101", "310001", "100114", "422010",
    /* 14592 */ "331244", "013011", "404344", "001011", "140404", "140011", "324430", "332400",
    /* 14600 */ "144234", "202211", "242332", "313120", "221322", "200044", "242313", "213132",
    /* 14608 */ "032130", "223321", "034442", "043032", "143100", "443424", "443042", "041013",
    /* 14616 */ "302142", "432241", "420130", "422413", "204323", "130444", "322324", "111143",
    /* 14624 */ "333313", "304002", "000003", "014013", "111324", "443443", "244104", "342414",
    /* 14632 */ "314244", "321321", "230402", "121431", "442304", "023404", "430103", "031002",
    /* 14640 */ "321243", "202442", "202040", "211142", "010024", "200002", "121310", "332213",
    /* 14648 */ "031310", "440140", "201403", "322330", "143042", "402444", "330113", "320021",
    /* 14656 */ "434301", "434242", "120113", "441000", "410202", "121211", "311002", "040403",
    /* 14664 */ "010133", "420114", "233411", "010343", "334301", "310333", "112101", "423114",
    /* 14672 */ "003002", "433031", "033110", "111002", "133202", "232200", "423220", "422302",
    /* 14680 */ "424313", "113230", "001213", "122331", "143332", "111341", "230334", "304024",
    /* 14688 */ "431444", "231310", "043140", "000442", "104003", "303313", "143010", "400131",
    /* 14696 */ "441402", "101012", "410301", "011144", "441203", "140314", "110113", "233141",
    /* 14704 */ "414331", "334201", "441332", "011111", "421302", "432123", "140232", "442414",
    /* 14712 */ "314311", "142023", "322122", "400002", "432324", "034324", "014102", "423334",
    /* 14720 */ "333202", "411222", "310134", "212443", "414143", "441130", "344231", "014242",
    /* 14728 */ "214011", "320141", "212213", "204240", "303324", "002113", "144043", "333141",
    /* 14736 */ "300302", "210241", "242434", "432301", "030302", "333440", "113333", "114203",
    /* 14744 */ "434411", "242432", "433422", "133002", "203142", "213213", "210010", "403440",
    /* 14752 */ "240412", "334420", "132143", "440322", "242321", "301434", "204422", "220140",
    /* 14760 */ "143213", "103242", "013433", "314000", "030142", "444023", "423100", "203403",
    /* 14768 */ "001400", "302320", "344000", "123011", "431040", "113312", "242010", "234433",
    /* 14776 */ "201344", "122013", "430040", "242330", "041043", "232010", "204023", "401410",
    /* 14784 */ "141323", "413042", "230101", "220312", "220403", "431420", "103340", "123242",
    /* 14792 */ "430102", "002232", "331304", "323041", "300023", "340044", "421024", "020400",
    /* 14800 */ "213202", "304433", "441042", "332014", "420021", "343132", "303242", "120420",
    /* 14808 */ "133324", "222314", "023203", "244130", "214443", "034242", "120404", "024413",
    /* 14816 */ "344010", "221413", "443341", "212424", "242201", "343414", "422232", "404144",
    /* 14824 */ "020413", "304030", "421312", "444244", "124221", "214121", "214303", "130413",
    /* 14832 */ "143034", "100241", "404120", "434213", "414031", "441422", "104023", "040320",
    /* 14840 */ "312230", "314030", "034323", "024220", "234134", "142340", "232241", "401202",
    /* 14848 */ "001124", "022402", "403323", "103134", "000101", "031434", "224431", "132420",
    /* 14856 */ "300211", "413144", "132042", "230333", "030311", "232103", "214222", "013110",
    /* 14864 */ "234434", "104320", "234132", "010402", "414210", "430343", "120112", "242211",
    /* 14872 */ "313302", "342001", "414204", "142143", "434014", "112032", "234131", "013340",
    /* 14880 */ "433323", "333220", "210012", "331301", "220434", "121421", "403322", "312143",
    /* 14888 */ "024203", "331111", "034243", "340320", "202221", "412010", "211443", "203424",
    /* 14896 */ "324010", "020223", "203344", "021421", "343112", "342124", "243144", "141320",
    /* 14904 */ "241422", "134422", "430234", "323030", "433033", "221444", "333344", "133011",
    /* 14912 */ "041012", "243101", "122122", "024343", "022121", "303433", "242344", "332013",
    /* 14920 */ "103320", "410214", "023133", "220331", "403414", "214320", "334402", "120301",
    /* 14928 */ "433222", "003040", "223400", "020243", "443420", "112444", "421243", "001031",
    /* 14936 */ "041320", "233100", "240243", "220442", "003220", "223110", "043030", "240003",
    /* 14944 */ "124420", "404100", "311434", "141000", "000043", "304044", "411131", "301111",
    /* 14952 */ "403303", "243441", "210121", "014223", "400114", "322201", "321343", "044311",
    /* 14960 */ "232043", "201424", "013013", "033301", "204122", "401030", "003313", "103402",
    /* 14968 */ "424322", "444204", "444422", "133224", "303302", "240240", "001103", "023033",
    /* 14976 */ "024323", "111142", "044231", "041241", "134314", "230424", "044120", "312303",
    /* 14984 */ "332300", "313322", "443441", "310012", "400430", "002134", "213102", "414020",
    /* 14992 */ "104224", "003302", "404442", "113331", "142144", "441431", "411311", "432244",
    /* 15000 */ "010013", "414424", "112103", "320323", "100232", "320440", "043403", "200003",
    /* 15008 */ "124012", "004200", "201430", "412420", "111212", "232443", "034100", "434433",
    /* 15016 */ "011343", "242212", "123413", "311011", "303020", "041001", "434330", "114142",
    /* 15024 */ "344321", "201212", "202232", "300214", "311231", "331120", "212343", "041114",
    /* 15032 */ "212021", "311010", "031312", "302121", "132224", "011004", "130244", "444214",
    /* 15040 */ "113332", "332334", "340141", "443422", "210124", "120210", "343034", "414231",
    /* 15048 */ "103113", "331134", "224104", "002044", "131431", "203003", "344203", "114144",
    /* 15056 */ "041400", "203430", "444240", "002040", "000420", "104443", "340441", "442140",
    /* 15064 */ "200302", "310123", "324001", "341022", "310000", "131341", "232013", "434030",
    /* 15072 */ "230001", "222400", "210441", "100013", "433333", "002033", "133200", "320201",
    /* 15080 */ "311241", "413034", "221304", "342142", "143023", "204020", "413024", "322434",
    /* 15088 */ "041304", "323212", "342301", "041321", "314122", "403002", "403132", "412042",
    /* 15096 */ "233424", "413112", "101143", "120144", "020423", "112334", "324210", "410432",
    /* 15104 */ "111422", "420443", "202042", "321010", "032310", "440102", "423430", "211022",
    /* 15112 */ "324000", "321304", "221342", "002032", "030023", "431142", "012220", "223111",
    /* 15120 */ "103222", "444420", "340242", "320330", "324141", "244212", "414213", "431340",
    /* 15128 */ "223322", "213242", "110310", "320334", "040434", "111440", "402041", "244304",
    /* 15136 */ "312034", "020001", "231301", "024103", "202433", "143323", "223021", "141011",
    /* 15144 */ "303233", "140023", "324231", "134344", "041243", "021010", "441240", "301243",
    /* 15152 */ "014202", "113243", "141124", "114231", "414402", "113110", "224211", "433103",
    /* 15160 */ "003122", "104432", "320000", "313114", "420113", "230124", "103323", "132241",
    /* 15168 */ "400223", "112432", "324034", "104403", "224241", "340310", "041421", "423123",
    /* 15176 */ "142334", "432041", "433412", "400111", "210123", "130202", "233024", "024240",
    /* 15184 */ "031344", "032210", "243233", "200041", "010320", "221020", "313232", "124142",
    /* 15192 */ "020424", "004143", "120231", "102410", "321344", "321242", "332342", "041333",
    /* 15200 */ "240000", "343423", "411341", "313034", "434224", "231444", "301100", "143244",
    /* 15208 */ "212243", "443110", "134412", "002002", "123143", "403014", "403023", "131310",
    /* 15216 */ "241311", "241313", "223202", "304022", "124121", "134312", "143001", "001303",
    /* 15224 */ "132030", "044432", "224321", "422124", "331312", "003013", "143302", "114022",
    /* 15232 */ "240114", "414201", "123240", "322110", "124113", "301034", "401404", "213112",
    /* 15240 */ "003021", "122020", "030130", "211413", "403124", "111222", "200120", "002400",
    /* 15248 */ "202342", "043320", "311134", "332444", "234303", "103111", "330302", "143404",
    /* 15256 */ "021043", "130233", "131133", "303402", "103002", "310240", "220133", "230411",
    /* 15264 */ "411434", "143311", "043142", "023301", "412144", "132403", "424023", "443301",
    /* 15272 */ "124104", "431143", "342210", "411014", "144302", "123301", "111224", "342412",
    /* 15280 */ "412310", "331124", "344121", "130213", "204143", "030324", "104042", "030413",
    /* 15288 */ "211100", "401400", "212402", "323231", "340442", "403432", "342341", "214001",
    /* 15296 */ "204322", "131343", "403224", "230234", "102004", "011402", "131144", "034112",
    /* 15304 */ "402334", "400312", "413130", "013220", "321414", "011440", "201340", "014212",
    /* 15312 */ "032323", "401143", "112244", "234042", "130304", "000244", "442200", "204421",
    /* 15320 */ "403430", "200311", "200144", "421400", "102232", "424413", "124230", "113004",
    /* 15328 */ "203304", "331011", "311040", "242141", "244124", "134101", "104313", "440012",
    /* 15336 */ "014341", "042144", "130044", "024412", "011103", "233333", "334341", "323440",
    /* 15344 */ "133414", "340403", "041221", "124324", "323241", "041142", "402430", "400323",
    /* 15352 */ "101344", "111303", "314041", "222320", "032144", "214112", "132041", "434434",
    /* 15360 */ "102001", "124411", "323321", "203102", "214000", "444033", "341241", "413422",
    /* 15368 */ "022204", "044122", "002102", "031332", "133334", "413141", "443342", "101432",
    /* 15376 */ "210000", "430241", "300424", "401110", "324220", "341142", "233020", "203132",
    /* 15384 */ "132231", "224444", "124232", "330424", "044032", "421002", "143420", "100204",
    /* 15392 */ "130343", "040412", "201322", "303240", "133320", "241220", "411023", "423223",
    /* 15400 */ "202323", "313210", "444410", "201210", "213004", "143200", "142101", "202214",
    /* 15408 */ "430231", "131040", "142440", "440224", "443310", "004301", "320302", "423243",
    /* 15416 */ "324410", "112130", "200223", "331314", "412440", "330212", "300232", "202123",
    /* 15424 */ "342213", "234133", "222121", "043334", "344224", "304123", "434022", "201041",
    /* 15432 */ "330144", "101034", "041341", "132331", "423404", "010243", "000113", "342212",
    /* 15440 */ "120040", "044420", "212302", "440020", "243341", "430131", "234122", "121414",
    /* 15448 */ "331101", "431130", "021343", "121443", "311032", "310242", "323430", "124140",
    /* 15456 */ "223121", "432040", "401434", "342120", "032334", "330031", "323442", "232224",
    /* 15464 */ "341011", "011000", "200202", "313424", "032412", "434032", "221423", "212043",
    /* 15472 */ "002110", "343001", "103433", "321404", "344111", "442022", "101104", "431421",
    /* 15480 */ "243121", "141121", "004033", "033222", "130314", "342123", "011424", "242340",
    /* 15488 */ "020300", "122003", "332340", "402310", "400421", "331104", "213434", "232201",
    /* 15496 */ "111241", "132104", "011314", "004224", "141001", "412332", "204001", "441213",
    /* 15504 */ "104114", "404343", "211412", "124102", "312232", "010403", "222133", "204011",
    /* 15512 */ "133444", "402212", "244414", "343444", "233014", "211121", "330012", "130412",
    /* 15520 */ "140212", "040332", "200433", "304231", "311322", "304020", "132424", "244342",
    /* 15528 */ "142001", "332224", "220422", "422141", "003103", "232030", "142422", "211440",
    /* 15536 */ "103141", "332323", "134104", "122212", "200214", "021042", "232321", "242303",
    /* 15544 */ "023303", "032201", "431002", "002324", "314333", "444423", "334022", "130342",
    /* 15552 */ "424412", "211034", "031233", "033041", "001343", "200030", "034111", "224132",
    /* 15560 */ "013413", "230322", "221412", "200213", "232020", "144233", "332211", "230103",
    /* 15568 */ "411414", "003120", "234032", "402332", "214212", "233314", "314421", "444122",
    /* 15576 */ "110404", "001440", "440240", "043040", "103334", "101014", "430101", "213021",
    /* 15584 */ "112204", "444042", "433122", "040002", "012423", "134100", "422422", "413031",
    /* 15592 */ "220414", "030323", "041214", "130010", "033120", "212031", "322344", "132203",
    /* 15600 */ "203340", "212423", "042324", "303413", "033203", "330102", "031004", "444343",
    /* 15608 */ "104141", "032340", "220401", "324424", "134333", "421332", "001003", "331130",
    /* 15616 */ "400330", "234003", "001421", "311443", "044110", "433120", "133302", "044404",
    /* 15624 */ "202022",
};
