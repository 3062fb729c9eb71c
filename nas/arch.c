/*
 * arch.c — architecture strings: parsing (with column-precise errors),
 * canonical form, the built-in hybrid ResNets and the layer table.
 *
 * Owns: the grammar documented in nash_nas.h and the ResNet builders
 * (He et al. 2016 CIFAR ResNet-20/32/56 with option-A shortcuts; a
 * ResNet-18 for 64x64 Tiny-ImageNet). Does not own: the layers (runtime/).
 */
#include "nash_nas.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const char *const nash_layer_op_names[NASH_LAYER_OP_COUNT] = {"conv", "shift", "shiftps", "adder",
                                                               "shiftadd"};
_Static_assert(sizeof nash_layer_op_names / sizeof nash_layer_op_names[0] == NASH_LAYER_OP_COUNT,
               "layer op names");
const char *const nash_family_names[NASH_FAMILY_COUNT] = {"resnet20", "resnet32", "resnet56",
                                                           "resnet18"};
_Static_assert(sizeof nash_family_names / sizeof nash_family_names[0] == NASH_FAMILY_COUNT,
               "family names");

/* body 3x3 layers per family: 2 per basic block */
static const int family_body_layers[NASH_FAMILY_COUNT] = {18, 30, 54, 16};

/* ------------------------------------------------------------------------- */
/* Parsing                                                                    */

typedef struct parser {
    const char *text;
    size_t pos;
} parser;

static int parse_error(const parser *p, size_t at, const char *what, const char *token, size_t len)
{
    if (token)
        return nash_fail("arch \"%s\": %s '%.*s' at column %zu", p->text, what, (int)len, token,
                         at + 1);
    return nash_fail("arch \"%s\": %s at column %zu", p->text, what, at + 1);
}

/* A run of [a-z0-9] starting at p->pos. */
static size_t word_len(const char *s)
{
    size_t n = 0;
    while (isalnum((unsigned char)s[n]))
        n++;
    return n;
}

static int lookup_op(const char *s, size_t len)
{
    for (int i = 0; i < NASH_LAYER_OP_COUNT; i++)
        if (strlen(nash_layer_op_names[i]) == len && strncmp(nash_layer_op_names[i], s, len) == 0)
            return i;
    return -1;
}

static int parse_op(parser *p, nash_layer_op *op)
{
    const char *s = p->text + p->pos;
    size_t len = word_len(s);
    if (len == 0)
        return parse_error(p, p->pos, "expected an op (conv, shift, shiftps, adder, shiftadd)",
                           NULL, 0);
    int k = lookup_op(s, len);
    if (k < 0)
        return parse_error(p, p->pos, "unknown op", s, len);
    *op = (nash_layer_op)k;
    p->pos += len;
    return 0;
}

/* A positive decimal number; *at receives its column. */
static int parse_number(parser *p, int *value, int lo, int hi, const char *what)
{
    const char *s = p->text + p->pos;
    size_t len = 0;
    long v = 0;
    while (isdigit((unsigned char)s[len]) && len < 9)
        v = v * 10 + (s[len++] - '0');
    if (len == 0)
        return parse_error(p, p->pos, "expected a number", NULL, 0);
    if (isdigit((unsigned char)s[len]) || v < lo || v > hi) {
        char msg[96];
        snprintf(msg, sizeof msg, "%s out of range %d..%d:", what, lo, hi);
        return parse_error(p, p->pos, msg, s, word_len(s));
    }
    *value = (int)v;
    p->pos += len;
    return 0;
}

static void set_defaults(nash_arch *a, nash_family fam, nash_layer_op op)
{
    a->family = fam;
    a->body_layers = family_body_layers[fam];
    a->stem = NASH_LAYER_CONV;
    a->shift_bits = 5;
    a->classes = 0;
    for (int i = 0; i < a->body_layers; i++)
        a->ops[i] = op;
}

static int parse_base(parser *p, nash_arch *a)
{
    const char *s = p->text;
    size_t len = word_len(s);
    int fam = -1;
    for (int i = 0; i < NASH_FAMILY_COUNT; i++)
        if (strlen(nash_family_names[i]) == len && strncmp(nash_family_names[i], s, len) == 0)
            fam = i;
    if (fam < 0) {
        if (len == 0)
            return parse_error(p, 0, "expected a family (resnet20, resnet32, resnet56, resnet18)",
                               NULL, 0);
        return parse_error(p, 0, "unknown family (resnet20, resnet32, resnet56, resnet18):", s,
                           len);
    }
    p->pos = len;
    set_defaults(a, (nash_family)fam, NASH_LAYER_CONV);
    if (s[p->pos] != '-')
        return 0;
    p->pos++;
    const char *w = s + p->pos;
    size_t wl = word_len(w);
    if (wl == 6 && strncmp(w, "hybrid", 6) == 0) {
        /* the documented default mix: conv early (large maps, cheap for oneDNN),
         * shift in the middle, adder last (fewest positions) */
        int third = a->body_layers / 3;
        for (int i = 0; i < a->body_layers; i++)
            a->ops[i] = i < third ? NASH_LAYER_CONV
                        : i < 2 * third ? NASH_LAYER_SHIFT
                                        : NASH_LAYER_ADDER;
        p->pos += wl;
        return 0;
    }
    nash_layer_op op;
    if (parse_op(p, &op) != 0)
        return -1;
    set_defaults(a, (nash_family)fam, op);
    return 0;
}

static int parse_item(parser *p, nash_arch *a, int *next_positional)
{
    const char *s = p->text + p->pos;
    size_t item_start = p->pos;
    size_t len = word_len(s);
    if (s[0] == '*') {
        p->pos++;
        if (p->text[p->pos] != '=')
            return parse_error(p, p->pos, "expected '=' after '*'", NULL, 0);
        p->pos++;
        nash_layer_op op;
        if (parse_op(p, &op) != 0)
            return -1;
        for (int i = 0; i < a->body_layers; i++)
            a->ops[i] = op;
        return 0;
    }
    if (len > 0 && isdigit((unsigned char)s[0])) {
        int lo, hi;
        if (parse_number(p, &lo, 1, a->body_layers, "body layer") != 0)
            return -1;
        hi = lo;
        if (p->text[p->pos] == '-') {
            p->pos++;
            if (parse_number(p, &hi, lo, a->body_layers, "range end") != 0)
                return -1;
        }
        if (p->text[p->pos] != '=')
            return parse_error(p, p->pos, "expected '=' after a layer number", NULL, 0);
        p->pos++;
        nash_layer_op op;
        if (parse_op(p, &op) != 0)
            return -1;
        for (int i = lo; i <= hi; i++)
            a->ops[i - 1] = op;
        return 0;
    }
    if (s[len] == '=') {
        p->pos += len + 1;
        if (len == 4 && strncmp(s, "stem", 4) == 0) {
            nash_layer_op op;
            if (parse_op(p, &op) != 0)
                return -1;
            if (op == NASH_LAYER_SHIFTADD)
                return parse_error(p, item_start, "the stem cannot be", "shiftadd", 8);
            a->stem = op;
            return 0;
        }
        if (len == 4 && strncmp(s, "bits", 4) == 0)
            return parse_number(p, &a->shift_bits, 2, 8, "shift bits");
        if (len == 7 && strncmp(s, "classes", 7) == 0)
            return parse_number(p, &a->classes, 1, 100000, "classes");
        return parse_error(p, item_start, "unknown setting (stem, bits, classes):", s, len);
    }
    /* a positional op */
    if (*next_positional >= a->body_layers)
        return parse_error(p, p->pos, "more ops than body layers: extra", s, len ? len : 1);
    nash_layer_op op;
    if (parse_op(p, &op) != 0)
        return -1;
    a->ops[(*next_positional)++] = op;
    return 0;
}

int nash_arch_parse(const char *text, nash_arch *a)
{
    memset(a, 0, sizeof *a);
    if (!text)
        return nash_fail("arch: no architecture given");
    if (strlen(text) >= sizeof a->text)
        return nash_fail("arch: string of %zu characters; at most %zu", strlen(text),
                         sizeof a->text - 1);
    /* "<space>:<arch>" for the search spaces (nasa strings carry their own "nasa:") */
    const nash_space *const *spaces = nash_space_all();
    for (int i = 0; spaces[i]; i++) {
        const char *name = nash_space_name(spaces[i]);
        size_t len = strlen(name);
        if (strncmp(text, name, len) != 0 || text[len] != ':')
            continue;
        const char *body = strcmp(name, "nasa") == 0 ? text : text + len + 1;
        if (nash_space_canonical(spaces[i], body, a->space_arch, sizeof a->space_arch) != 0)
            return nash_fail_context("arch \"%s\"", text);
        a->space = spaces[i];
        strcpy(a->text, text);
        return 0;
    }
    parser p = {.text = text, .pos = 0};
    if (parse_base(&p, a) != 0)
        return -1;
    strcpy(a->text, text);
    if (text[p.pos] == '\0')
        return 0;
    if (text[p.pos] != ':')
        return parse_error(&p, p.pos, "expected ':' or the end, found", text + p.pos, 1);
    p.pos++;
    int next = 0;
    for (;;) {
        if (parse_item(&p, a, &next) != 0)
            return -1;
        if (text[p.pos] == '\0')
            return 0;
        if (text[p.pos] != ',')
            return parse_error(&p, p.pos, "expected ',' or the end, found", text + p.pos, 1);
        p.pos++;
    }
}

void nash_arch_canonical(const nash_arch *a, char *buf, size_t size)
{
    if (a->space) {
        const char *name = nash_space_name(a->space);
        if (strncmp(a->space_arch, name, strlen(name)) == 0) /* nasa:... */
            snprintf(buf, size, "%s", a->space_arch);
        else
            snprintf(buf, size, "%s:%s", name, a->space_arch);
        return;
    }
    size_t used = (size_t)snprintf(buf, size, "%s:stem=%s,bits=%d", nash_family_names[a->family],
                                   nash_layer_op_names[a->stem], a->shift_bits);
    if (a->classes && used < size)
        used += (size_t)snprintf(buf + used, size - used, ",classes=%d", a->classes);
    for (int i = 0; i < a->body_layers && used < size; i++) {
        int j = i;
        while (j + 1 < a->body_layers && a->ops[j + 1] == a->ops[i])
            j++;
        if (j > i)
            used += (size_t)snprintf(buf + used, size - used, ",%d-%d=%s", i + 1, j + 1,
                                     nash_layer_op_names[a->ops[i]]);
        else
            used += (size_t)snprintf(buf + used, size - used, ",%d=%s", i + 1,
                                     nash_layer_op_names[a->ops[i]]);
        i = j;
    }
}

void nash_arch_list(FILE *f)
{
    for (int fam = 0; fam < NASH_FAMILY_COUNT; fam++) {
        fprintf(f, "%s (%d body layers):", nash_family_names[fam], family_body_layers[fam]);
        for (int op = 0; op < NASH_LAYER_OP_COUNT; op++)
            fprintf(f, " %s-%s", nash_family_names[fam], nash_layer_op_names[op]);
        fprintf(f, " %s-hybrid\n", nash_family_names[fam]);
    }
}

/* ------------------------------------------------------------------------- */
/* Building                                                                   */

typedef struct builder {
    nash_net *net;
    const nash_arch *arch;
    int failed;
} builder;

/* A k x k layer of the given hybrid op: conv / shift / shiftps / adder, or
 * ShiftAddNet's shift (stride s) followed by adder (stride 1). No bias: BN follows. */
static int hybrid_layer(builder *b, int in, nash_layer_op op, int oc, int k, int stride, int pad)
{
    nash_conv_options opt = {.shift_bits = b->arch->shift_bits};
    static const nash_op single[NASH_LAYER_OP_COUNT] = {
        [NASH_LAYER_CONV] = NASH_OP_CONV, [NASH_LAYER_SHIFT] = NASH_OP_SHIFT_Q,
        [NASH_LAYER_SHIFTPS] = NASH_OP_SHIFT_PS, [NASH_LAYER_ADDER] = NASH_OP_ADDER,
        [NASH_LAYER_SHIFTADD] = NASH_OP_SHIFT_Q};
    int x = nash_net_conv(b->net, in, single[op], oc, k, stride, pad, 1, 0, &opt);
    if (x >= 0 && op == NASH_LAYER_SHIFTADD)
        x = nash_net_conv(b->net, x, NASH_OP_ADDER, oc, k, 1, pad, 1, 0, &opt);
    return x;
}

static int conv_bn(builder *b, int in, nash_layer_op op, int oc, int k, int stride, int pad,
                   int relu)
{
    int x = hybrid_layer(b, in, op, oc, k, stride, pad);
    if (x >= 0)
        x = nash_net_bn(b->net, x, 1);
    if (x >= 0 && relu)
        x = nash_net_act(b->net, x, NASH_ACT_RELU);
    return x;
}

static int basic_block(builder *b, int in, int in_c, int planes, int stride, int layer,
                       int option_a)
{
    const nash_arch *a = b->arch;
    int y = conv_bn(b, in, a->ops[layer], planes, 3, stride, 1, 1);
    if (y >= 0)
        y = conv_bn(b, y, a->ops[layer + 1], planes, 3, 1, 1, 0);
    int sc = in;
    if (y >= 0 && (stride != 1 || in_c != planes))
        sc = option_a ? nash_net_shortcut_a(b->net, in, planes, stride)
                      : conv_bn(b, in, a->ops[layer] == NASH_LAYER_SHIFTADD ? NASH_LAYER_SHIFT
                                                                            : a->ops[layer],
                                planes, 1, stride, 0, 0);
    if (y < 0 || sc < 0)
        return -1;
    int s = nash_net_add(b->net, y, sc);
    return s < 0 ? s : nash_net_act(b->net, s, NASH_ACT_RELU);
}

nash_net *nash_arch_build(const nash_arch *a, int c, int h, int w, int classes)
{
    if (a->space)
        return nash_space_build(a->space, a->space_arch, c, h, w, classes);
    if (a->classes)
        classes = a->classes;
    if (classes <= 0) {
        nash_fail("arch \"%s\": number of classes %d; must be positive", a->text, classes);
        return NULL;
    }
    nash_net *net = nash_net_create(c, h, w);
    if (!net)
        return NULL;
    builder b = {.net = net, .arch = a};
    int x, layer = 0;
    if (a->family == NASH_FAMILY_RESNET18) {
        static const int widths[4] = {64, 128, 256, 512};
        x = conv_bn(&b, 0, a->stem, 64, 3, 1, 1, 1);
        int in_c = 64;
        for (int s = 0; s < 4 && x >= 0; s++)
            for (int blk = 0; blk < 2 && x >= 0; blk++, layer += 2) {
                x = basic_block(&b, x, in_c, widths[s], s > 0 && blk == 0 ? 2 : 1, layer, 0);
                in_c = widths[s];
            }
    } else {
        int n = (family_body_layers[a->family]) / 6; /* blocks per stage */
        x = conv_bn(&b, 0, a->stem, 16, 3, 1, 1, 1);
        int in_c = 16;
        for (int s = 0; s < 3 && x >= 0; s++)
            for (int blk = 0; blk < n && x >= 0; blk++, layer += 2) {
                x = basic_block(&b, x, in_c, 16 << s, s > 0 && blk == 0 ? 2 : 1, layer, 1);
                in_c = 16 << s;
            }
    }
    if (x >= 0)
        x = nash_net_gap(net, x);
    if (x >= 0)
        x = nash_net_linear(net, x, classes, 1);
    if (x < 0) {
        nash_fail_context("arch \"%s\"", a->text);
        nash_net_free(net);
        return NULL;
    }
    return net;
}

/* ------------------------------------------------------------------------- */
/* Layer table                                                                */

void nash_arch_print_table(const nash_arch *a, nash_net *net, FILE *f)
{
    fprintf(f, "arch %s\n", a->text);
    nash_net_print_table(net, f);
}

void nash_net_print_table(nash_net *net, FILE *f)
{
    int nodes = nash_net_node_count(net);
    int64_t macs_by_op[NASH_OP_COUNT + 1] = {0}; /* + linear */
    int64_t total_params = 0, total_macs = 0;
    fprintf(f, "%4s  %-10s %-8s %-16s %10s %12s\n", "node", "kind", "op", "output", "params",
            "MACs/image");
    for (int i = 0; i < nodes; i++) {
        nash_shape s = nash_net_node_shape(net, i);
        nash_node_kind kind = nash_net_node_kind(net, i);
        int64_t params = 0;
        for (int p = 0; p < nash_net_param_count(net); p++)
            if (nash_net_param(net, p)->node == i)
                params += nash_net_param(net, p)->numel;
        int64_t macs = nash_net_node_macs(net, i);
        char shape[32];
        if (s.flat)
            snprintf(shape, sizeof shape, "%d", s.c);
        else
            snprintf(shape, sizeof shape, "%dx%dx%d", s.c, s.h, s.w);
        const char *op = kind == NASH_NODE_CONV ? nash_op_names[nash_net_node_op(net, i)]
                         : kind == NASH_NODE_LINEAR ? "mul"
                                                    : "";
        if (kind == NASH_NODE_CONV)
            macs_by_op[nash_net_node_op(net, i)] += macs;
        else if (kind == NASH_NODE_LINEAR)
            macs_by_op[NASH_OP_COUNT] += macs;
        total_params += params;
        total_macs += macs;
        fprintf(f, "%4d  %-10s %-8s %-16s %10lld %12lld\n", i, nash_node_kind_names[kind], op,
                shape, (long long)params, (long long)macs);
    }
    fprintf(f, "total: %lld parameters (%.3f M), %.2f M MACs per image\n", (long long)total_params,
            total_params / 1e6, total_macs / 1e6);
    fprintf(f, "MACs by op:");
    for (int op = 0; op < NASH_OP_COUNT; op++)
        if (macs_by_op[op])
            fprintf(f, " %s %.2f M (%.1f%%)", nash_op_names[op], macs_by_op[op] / 1e6,
                    100.0 * macs_by_op[op] / (double)total_macs);
    fprintf(f, " linear %.3f M\n", macs_by_op[NASH_OP_COUNT] / 1e6);
}
