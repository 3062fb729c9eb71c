/*
 * nash_nas.h — the one public header of nas/: architecture descriptions
 * (strings that name a network and the op of every layer), the builders that
 * turn them into runtime networks, and (later) search spaces, proxies and
 * search.
 *
 * Owns: the architecture-string grammar and its error messages, the built-in
 * hybrid ResNets, layer tables. Does not own: layers (runtime/), data.
 *
 * ARCHITECTURE STRINGS
 *
 *     arch  := base [ ':' item { ',' item } ]
 *     base  := family [ '-' op ]          resnet20, resnet20-adder, resnet18-shift, ...
 *     item  := op                         the next body layer (1, 2, 3, ... in order)
 *            | N '=' op                   body layer N
 *            | N '-' M '=' op             body layers N..M
 *            | '*' '=' op                 every body layer
 *            | 'stem' '=' op              the first convolution (conv by default)
 *            | 'bits' '=' B               DeepShift weight bits, 2..8 (default 5)
 *            | 'classes' '=' K            classifier outputs (default: the dataset's)
 *     op    := conv | shift | shiftps | adder | shiftadd
 *
 * Families: resnet20, resnet32, resnet56 (CIFAR ResNets of He et al. 2016:
 * 3x3 conv 16 -> 3 stages x n basic blocks of 16/32/64 channels, option-A
 * shortcuts, BN, ReLU, global average pool, linear), resnet18 (Tiny-ImageNet
 * 64x64 variant: 3x3 stem, no max-pool, 4 stages x 2 blocks of 64..512,
 * 1x1 conv+BN downsample shortcuts that use the op of their block's first
 * conv). The "body layers" are the 3x3 convs of the residual blocks, numbered
 * from 1 in forward order (18 in resnet20, 30 in resnet32, 54 in resnet56,
 * 16 in resnet18). The stem and the classifier stay multiplication-based by
 * default, as in AdderNet. `shiftadd` is ShiftAddNet's layer: a k x k shift
 * (stride s) followed by a k x k adder (stride 1), then BN.
 * Built-in names: <family>-conv|shift|shiftps|adder|shiftadd, and
 * <family>-hybrid = the documented mix used by `make run`:
 * first third of body layers conv, second third shift, last third adder.
 *
 * Errors name the position: `arch "resnet20:adder,x": unknown op 'x' at column 16`.
 *
 * Search-space architectures are architectures too: `nb201:<NB201 string>`,
 * `hb201:<hybrid NB201 string>` and NASA strings (`nasa:<22 cells>`) are
 * accepted wherever an architecture is (nash train, eval, arch show, bench);
 * they build through the space (see the spaces section below).
 */
#ifndef NASH_NAS_H
#define NASH_NAS_H

#include <stdio.h>

#include "nash_runtime.h"
#include "proxies.h"

typedef enum nash_layer_op {
    NASH_LAYER_CONV = 0,
    NASH_LAYER_SHIFT,    /* DeepShift-Q */
    NASH_LAYER_SHIFTPS,  /* DeepShift-PS */
    NASH_LAYER_ADDER,
    NASH_LAYER_SHIFTADD, /* shift then adder (ShiftAddNet) */
    NASH_LAYER_OP_COUNT
} nash_layer_op;
extern const char *const nash_layer_op_names[NASH_LAYER_OP_COUNT];

typedef enum nash_family {
    NASH_FAMILY_RESNET20 = 0,
    NASH_FAMILY_RESNET32,
    NASH_FAMILY_RESNET56,
    NASH_FAMILY_RESNET18,
    NASH_FAMILY_COUNT
} nash_family;
extern const char *const nash_family_names[NASH_FAMILY_COUNT];

#define NASH_ARCH_MAX_LAYERS 64
#define NASH_ARCH_TEXT 512

typedef struct nash_arch {
    char text[NASH_ARCH_TEXT];   /* the string as given */
    nash_family family;
    int body_layers;             /* number of body layers */
    nash_layer_op stem;
    nash_layer_op ops[NASH_ARCH_MAX_LAYERS]; /* body layer i (0-based) */
    int shift_bits;
    int classes;                 /* 0: take the dataset's */
    const struct nash_space *space; /* non-NULL: a search-space architecture */
    char space_arch[NASH_ARCH_TEXT]; /* its canonical string in that space */
} nash_arch;

/* Parses an architecture string. 0, or -1 with a message naming the column. */
int nash_arch_parse(const char *text, nash_arch *arch);
/* The canonical string: base + explicit per-layer list (round-trips through parse). */
void nash_arch_canonical(const nash_arch *arch, char *buf, size_t size);
/* Builds the network for inputs (c, h, w) and `classes` outputs (arch->classes wins if set). */
nash_net *nash_arch_build(const nash_arch *arch, int c, int h, int w, int classes);
/* The layer table of a built network: node, kind, op, output shape, params, MACs;
 * then totals and MACs by op type. */
void nash_arch_print_table(const nash_arch *arch, nash_net *net, FILE *f);
/* The same table for any network (no "arch" title line). */
void nash_net_print_table(nash_net *net, FILE *f);
/* Lists the built-in names, one per line. */
void nash_arch_list(FILE *f);


/* ------------------------------------------------------------------------- */
/* Search spaces (space.c, nb201.c, nasa_space.c). A candidate is named by its */
/* canonical string; see each space's file header for its grammar.            */
/*   nb201  NAS-Bench-201 cells (15,625), official strings and indices         */
/*   hb201  hybrid NB201: every conv edge may also be shift or adder           */
/*   nasa   NASA's FBNet-style 22-cell hybrid inverted-residual backbone       */

typedef struct nash_space nash_space;

/* The space called `name`; NULL with a message listing the known names. */
const nash_space *nash_space_find(const char *name);
/* All spaces, NULL-terminated (for `nash space list`). */
const nash_space *const *nash_space_all(void);
const char *nash_space_name(const nash_space *s);
const char *nash_space_description(const nash_space *s);
/* Candidates in the space, -1 if not enumerable as int64. */
int64_t nash_space_size(const nash_space *s);
int nash_space_canonical(const nash_space *s, const char *arch, char *out, size_t size);
int nash_space_from_index(const nash_space *s, int64_t index, char *out, size_t size);
int nash_space_to_index(const nash_space *s, const char *arch, int64_t *index);
int nash_space_sample(const nash_space *s, nash_rng *rng, char *out, size_t size);
int nash_space_mutate(const nash_space *s, const char *arch, double p, nash_rng *rng, char *out,
                      size_t size);
int nash_space_crossover(const nash_space *s, const char *a, const char *b, nash_rng *rng,
                         char *out, size_t size);
nash_net *nash_space_build(const nash_space *s, const char *arch, int c, int h, int w,
                           int classes);

#define NASH_SPACE_ARCH_MAX 1024 /* longest canonical string of any space, NUL included */

#include "search.h" /* evolutionary search over a space (uses the declarations above) */

#endif /* NASH_NAS_H */
