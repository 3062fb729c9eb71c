/*
 * proxies.c — zero-shot proxies: one network in, one score per proxy out.
 *
 * Owns: the definition of every proxy (each function below cites the
 * reference code it reproduces; ../shared/research/zero-shot-proxies.md §2
 * summarises them), the shared initial state (all proxies see the same
 * freshly initialised network, as zero-cost-nas's find_measures does by
 * copying the net), and the numerical care the references get from float64
 * PyTorch (SynFlow) or LAPACK (NASWOT, jacob_cov, MeCo).
 *
 * "Weights" = the weight tensors of conv-shaped (conv / shift / adder) and
 * linear nodes; biases and BN parameters are excluded, as in the references.
 * Every score is oriented higher = better.
 */
#include "nash_nas.h"
#include "linalg.h"

#include <math.h>
#ifdef __SSE2__
#include <immintrin.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const nash_proxy_names[NASH_PROXY_COUNT] = {
    "params", "flops",   "hflops", "hflops_f", "synflow", "snip", "grad_norm", "grasp",
    "fisher", "jacob_cov", "nwot", "zen",      "zico",    "meco", "swap",      "nn_degree",
    "hybrid", "hybrid_degree"};

void nash_proxy_print_names(FILE *f)
{
    for (int i = 0; i < NASH_PROXY_COUNT; i++)
        fprintf(f, "%s%s", i ? ", " : "", nash_proxy_names[i]);
}

int nash_proxy_from_name(const char *name)
{
    for (int i = 0; i < NASH_PROXY_COUNT; i++)
        if (strcmp(name, nash_proxy_names[i]) == 0)
            return i;
    char list[512];
    size_t used = 0;
    list[0] = 0;
    for (int i = 0; i < NASH_PROXY_COUNT && used < sizeof list; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                                 nash_proxy_names[i]);
    return nash_fail("unknown proxy '%s' (known: %s)", name, list);
}

nash_proxy_config nash_proxy_config_default(void)
{
    return (nash_proxy_config){
        .batch = 64, .nwot_batch = 128, .zen_batch = 16, .zen_repeats = 32, .seed = 1};
}

static int proxy_batch(const nash_proxy_config *cfg, int proxy)
{
    switch (proxy) {
    case NASH_PROXY_PARAMS:
    case NASH_PROXY_FLOPS:
    case NASH_PROXY_HFLOPS:
    case NASH_PROXY_HFLOPS_F:
    case NASH_PROXY_NN_DEGREE:
    case NASH_PROXY_HYBRID_DEGREE:
        return 0;
    case NASH_PROXY_SYNFLOW:
        return 1;
    case NASH_PROXY_NWOT:
    case NASH_PROXY_HYBRID:
        return cfg->nwot_batch;
    case NASH_PROXY_ZEN:
        return cfg->zen_batch;
    default:
        return cfg->batch;
    }
}

int nash_proxy_data_needed(const nash_proxy_config *cfg, const int *proxies, int n_proxies)
{
    int need = 0;
    for (int i = 0; i < n_proxies; i++) {
        int p = proxies[i], b = 0;
        if (p == NASH_PROXY_NWOT)
            b = cfg->nwot_batch;
        else if (p == NASH_PROXY_ZICO)
            b = 2 * cfg->batch;
        else if (p == NASH_PROXY_HYBRID)
            b = cfg->nwot_batch > 2 * cfg->batch ? cfg->nwot_batch : 2 * cfg->batch;
        else if (p != NASH_PROXY_ZEN && p != NASH_PROXY_SYNFLOW && proxy_batch(cfg, p) > 0)
            b = cfg->batch;
        if (b > need)
            need = b;
    }
    return need;
}

/* ------------------------------------------------------------------------- */
/* Shared state of one scoring run                                            */

typedef struct proxy_run {
    nash_net *net;
    const nash_proxy_config *cfg;
    const nash_proxy_data *data;
    float *param_init; /* the initial parameters, restored before every proxy */
    float *state_init;
    int64_t param_floats, state_floats;
    int max_batch;
    int gap_node;      /* the global-average-pool node (Zen-score's f is its input), -1 if none */
} proxy_run;

static int is_weight(nash_net *net, const nash_param *p)
{
    nash_node_kind k = nash_net_node_kind(net, p->node);
    size_t len = strlen(p->name);
    return (k == NASH_NODE_CONV || k == NASH_NODE_LINEAR) && len > 7 &&
           strcmp(p->name + len - 7, ".weight") == 0;
}

/* Floats in all weight tensors (the buffers GraSP and ZiCo keep a gradient copy in). */
static int64_t weight_floats(nash_net *net)
{
    int64_t total = 0;
    for (int i = 0; i < nash_net_param_count(net); i++)
        if (is_weight(net, nash_net_param(net, i)))
            total += nash_net_param(net, i)->numel;
    return total;
}

static void snapshot(proxy_run *r, int restore)
{
    nash_net *net = r->net;
    int64_t off = 0;
    for (int i = 0; i < nash_net_param_count(net); i++) {
        nash_param *p = nash_net_param(net, i);
        size_t bytes = (size_t)p->numel * sizeof(float);
        if (restore)
            memcpy(p->data, r->param_init + off, bytes);
        else
            memcpy(r->param_init + off, p->data, bytes);
        off += p->numel;
    }
    off = 0;
    for (int i = 0; i < nash_net_state_count(net); i++) {
        nash_state *s = nash_net_state(net, i);
        size_t bytes = (size_t)s->numel * sizeof(float);
        if (restore)
            memcpy(s->data, r->state_init + off, bytes);
        else
            memcpy(r->state_init + off, s->data, bytes);
        off += s->numel;
    }
}

/* Images [first, first + n) of the data into the network input. */
static void load_images(proxy_run *r, int first, int n)
{
    const nash_proxy_data *d = r->data;
    nash_nchw_to_blocked(n, d->c, d->h, d->w, d->images + (size_t)first * d->c * d->h * d->w,
                         nash_net_input(r->net));
}

/* A skip plan for one training-mode pass (runtime/net_plan.c): the convs
 * NB201's `none` edges make exactly zero or unread are left out, ~15 % of a
 * cell's conv MACs. observe_relus keeps the first ReLU reading each node
 * running for NASWOT's hook.
 * Scores are unchanged (tests/test_proxies.c compares them with and without a
 * plan). plan_end clears it. */
static void plan_begin(proxy_run *r, int observe_relus)
{
    const int nodes = nash_net_node_count(r->net);
    unsigned char *observed = calloc((size_t)nodes, 1);
    if (!observed)
        return; /* no plan: every node runs, the same scores */
    /* NASWOT's hook adds a node's codes once, at the first ReLU reading it
     * (times the readers): the others need not run, and the plan makes them
     * PASS nodes that share the first one's buffer */
    for (int i = 1; observe_relus && i < nodes; i++) {
        if (nash_net_node_kind(r->net, i) != NASH_NODE_ACT ||
            nash_net_node_act(r->net, i) != NASH_ACT_RELU)
            continue;
        int in[2], first = 1;
        nash_net_node_inputs(r->net, i, in);
        for (int j = in[0] + 1; first && j < i; j++) {
            int jn[2];
            nash_net_node_inputs(r->net, j, jn);
            first = !(nash_net_node_kind(r->net, j) == NASH_NODE_ACT &&
                      nash_net_node_act(r->net, j) == NASH_ACT_RELU && jn[0] == in[0]);
        }
        observed[i] = (unsigned char)first;
    }
    if (!r->cfg->no_skip_plan && nash_net_plan_skips(r->net, observed) < 0)
        nash_net_plan_skips(r->net, NULL);
    free(observed);
}

static void plan_end(proxy_run *r) { nash_net_plan_skips(r->net, NULL); }

/* Forward in training mode (batch statistics, as every reference) and the
 * mean cross-entropy backward: fills every parameter gradient. */
static int loss_backward(proxy_run *r, int first, int n)
{
    load_images(r, first, n);
    nash_net_forward(r->net, n, 1);
    double loss;
    int correct;
    return nash_net_loss_backward(r->net, n, r->data->labels + first, 0.0f, &loss, &correct);
}

/* loss_backward under a skip plan that observes nothing (GraSP, ZiCo: they
 * read weight gradients only, and those are the same with the plan). */
static int planned_loss_backward(proxy_run *r, int first, int n)
{
    plan_begin(r, 0);
    int rc = loss_backward(r, first, n);
    plan_end(r);
    return rc;
}

/* ------------------------------------------------------------------------- */
/* Counting proxies                                                           */

/* NB201's "FLOPs": MACs of every conv and the classifier, plus the classifier
 * bias (65 K for a 64 -> K linear), in millions (benchmarks/README.md). The
 * hybrid variants divide the MACs of cheap ops: NASA counts adder / 5 and
 * shift / 8 (operations.py forward_flops); NASA-F's coarse stage counts both
 * / 1.88, the area ratio of a multiplier PE to a shift/adder PE
 * (chip_predictor.py). Research note nash-nasa-hybrid-ops.md §5. */
double nash_proxy_flops(nash_net *net, double adder_div, double shift_div)
{
    double total = 0;
    for (int i = 1; i < nash_net_node_count(net); i++) {
        nash_node_kind k = nash_net_node_kind(net, i);
        double macs = (double)nash_net_node_macs(net, i);
        if (k == NASH_NODE_CONV) {
            nash_op op = nash_net_node_op(net, i);
            total += op == NASH_OP_ADDER                                 ? macs / adder_div
                     : op == NASH_OP_SHIFT_Q || op == NASH_OP_SHIFT_PS ? macs / shift_div
                                                                        : macs;
        } else if (k == NASH_NODE_LINEAR) {
            total += macs;
        }
    }
    for (int i = 0; i < nash_net_param_count(net); i++) {
        nash_param *p = nash_net_param(net, i);
        size_t len = strlen(p->name);
        if (nash_net_node_kind(net, p->node) == NASH_NODE_LINEAR && len > 5 &&
            strcmp(p->name + len - 5, ".bias") == 0)
            total += (double)p->numel;
    }
    return total / 1e6;
}

/* ------------------------------------------------------------------------- */
/* SynFlow (Tanaka et al. 2020, as adapted in zero-cost-nas synflow.py):      */
/* |theta|, BN bypassed, one all-ones input, R = sum of logits,              */
/* S = sum |theta * dR/dtheta| over weights. Reported as ln S (NASLib stores  */
/* log S; the ranking is the same).                                          */
/*                                                                           */
/* The reference runs in float64 because products of |theta| over 40+ layers */
/* overflow float32 on the larger NB201 cells. We stay in float32 and keep    */
/* the values in range exactly instead: with |theta|, no bias, no BN and an   */
/* all-positive input, every activation is >= 0, so ReLU is the identity and  */
/* the whole network is a linear map of its input. At a "cut" node (one that  */
/* every later path goes through: no later node reads an earlier one) we     */
/* divide the activations by a power of two, which is exact, and remember the */
/* exponent; the gradient is rescaled the same way on the way back. A        */
/* parameter's true gradient is then its computed gradient times 2^(forward  */
/* exponent of its input + backward exponent of its output). Biases are set  */
/* to 0 instead of |b| (they do not enter S, and the NB201 net has only the  */
/* classifier's, whose bias does not change any weight gradient). When a    */
/* network is not positively homogeneous (adder layers, ReLU6, swish) the    */
/* rescaling is switched off and float32 overflow gives NaN = missing.       */

typedef struct synflow_state {
    int *cut;        /* 1: node is a cut */
    int *fexp;       /* stored output = true output * 2^-fexp */
    int *bexp;       /* stored gradient = true gradient * 2^-bexp */
    int rescale;     /* 0: plain float32 */
    int n;           /* samples (1) */
} synflow_state;

static float max_abs(const float *x, int64_t n)
{
    float m = 0;
    for (int64_t i = 0; i < n; i++) {
        float a = fabsf(x[i]);
        if (a > m || a != a)
            m = a;
    }
    return m;
}

static void scale_pow2(float *x, int64_t n, int e)
{
    for (int64_t i = 0; i < n; i++)
        x[i] = ldexpf(x[i], -e);
}

static int64_t node_floats(nash_net *net, int node, int n)
{
    nash_shape s = nash_net_node_shape(net, node);
    return s.flat ? (int64_t)n * s.c : nash_blocked_size(n, s.c, s.h, s.w);
}

static void synflow_hook(nash_net *net, int node, int backward, void *user)
{
    synflow_state *st = user;
    int in[2];
    int n_in = nash_net_node_inputs(net, node, in);
    if (!backward) {
        st->fexp[node] = n_in > 0 ? st->fexp[in[0]] : 0;
        if (st->rescale && st->cut[node]) {
            int64_t count = node_floats(net, node, st->n);
            float m = max_abs(nash_net_output(net, node), count);
            if (m > 0 && isfinite(m)) {
                int e = ilogbf(m);
                scale_pow2(nash_net_output(net, node), count, e);
                st->fexp[node] += e;
            }
        }
        return;
    }
    for (int k = 0; k < n_in; k++)
        st->bexp[in[k]] = st->bexp[node];
    /* node - 1's gradient is complete once every later node has run backward */
    int c = node - 1;
    if (st->rescale && c >= 1 && st->cut[c]) {
        int64_t count = node_floats(net, c, st->n);
        float m = max_abs(nash_net_grad(net, c), count);
        if (m > 0 && isfinite(m)) {
            int e = ilogbf(m);
            scale_pow2(nash_net_grad(net, c), count, e);
            st->bexp[c] += e;
        }
    }
}

static double proxy_synflow(proxy_run *r)
{
    nash_net *net = r->net;
    int nodes = nash_net_node_count(net);
    synflow_state st = {.n = 1, .rescale = 1};
    st.cut = calloc((size_t)nodes, sizeof(int));
    st.fexp = calloc((size_t)nodes, sizeof(int));
    st.bexp = calloc((size_t)nodes, sizeof(int));
    double score = NAN;
    if (!st.cut || !st.fexp || !st.bexp)
        goto done;

    /* cut[i]: no node j > i reads a node k < i (suffix minimum of the inputs) */
    int min_later = nodes;
    for (int j = nodes - 1; j >= 1; j--) {
        st.cut[j] = min_later >= j;
        int in[2], n_in = nash_net_node_inputs(net, j, in);
        for (int k = 0; k < n_in; k++)
            if (in[k] < min_later)
                min_later = in[k];
        nash_node_kind kind = nash_net_node_kind(net, j);
        if ((kind == NASH_NODE_CONV && nash_net_node_op(net, j) == NASH_OP_ADDER) ||
            (kind == NASH_NODE_ACT && nash_net_node_act(net, j) != NASH_ACT_RELU &&
             nash_net_node_act(net, j) != NASH_ACT_NONE) ||
            kind == NASH_NODE_MAXPOOL) /* max is homogeneous too, but keep the proof simple */
            st.rescale = 0;
    }

    for (int i = 0; i < nash_net_param_count(net); i++) {
        nash_param *p = nash_net_param(net, i);
        size_t len = strlen(p->name);
        int bias = len > 5 && strcmp(p->name + len - 5, ".bias") == 0;
        for (int64_t j = 0; j < p->numel; j++)
            p->data[j] = bias ? 0.0f : fabsf(p->data[j]);
    }
    nash_net_set_bn_bypass(net, 1);
    nash_shape in_shape = nash_net_node_shape(net, 0);
    float *x = nash_net_input(net);
    int64_t in_floats = nash_blocked_size(1, in_shape.c, in_shape.h, in_shape.w);
    memset(x, 0, (size_t)in_floats * sizeof(float));
    for (int c = 0; c < in_shape.c; c++)
        for (int h = 0; h < in_shape.h; h++)
            for (int w = 0; w < in_shape.w; w++)
                x[nash_blocked_index(in_shape.c, in_shape.h, in_shape.w, 0, c, h, w)] = 1.0f;

    nash_net_set_hook(net, synflow_hook, &st);
    nash_net_forward(net, 1, 1);
    int out = nodes - 1;
    float *dy = nash_net_grad(net, out);
    for (int k = 0; k < nash_net_node_shape(net, out).c; k++)
        dy[k] = 1.0f;
    st.bexp[out] = 0;
    nash_net_backward(net, 1);
    nash_net_set_hook(net, NULL, NULL);
    nash_net_set_bn_bypass(net, 0);

    /* S = sum_l 2^(e_l) s_l in log space: ln S = m + ln sum s_l 2^(e_l) / e^m */
    double terms[4096];
    int n_terms = 0;
    double max_log = -INFINITY;
    for (int i = 0; i < nash_net_param_count(net) && n_terms < 4096; i++) {
        nash_param *p = nash_net_param(net, i);
        if (!is_weight(net, p))
            continue;
        double s = 0;
        for (int64_t j = 0; j < p->numel; j++)
            s += fabs((double)p->data[j] * (double)p->grad[j]);
        if (!isfinite(s))
            goto done;
        if (s == 0)
            continue;
        int in[2];
        nash_net_node_inputs(net, p->node, in);
        double lg = log(s) + (st.fexp[in[0]] + st.bexp[p->node]) * M_LN2;
        terms[n_terms++] = lg;
        if (lg > max_log)
            max_log = lg;
    }
    if (n_terms == 0) {
        score = -INFINITY; /* S = 0: no path from input to output carries anything */
        goto done;
    }
    double sum = 0;
    for (int i = 0; i < n_terms; i++)
        sum += exp(terms[i] - max_log);
    score = max_log + log(sum);
done:
    free(st.cut);
    free(st.fexp);
    free(st.bexp);
    return score;
}

/* ------------------------------------------------------------------------- */
/* Gradient saliencies on one labelled minibatch (zero-cost-nas measures/):   */
/* snip.py S = sum |theta * g|; grad_norm.py S = sum_l ||g_l||_2;             */
/* fisher.py: for each conv/linear output z, 1/2 mean_n (sum_hw z dz)^2,      */
/* summed over channels and layers (a backward hook on the layer output).     */

typedef struct fisher_state {
    double total;
    int n;
} fisher_state;

static void fisher_hook(nash_net *net, int node, int backward, void *user)
{
    if (!backward)
        return;
    nash_node_kind k = nash_net_node_kind(net, node);
    if (k != NASH_NODE_CONV && k != NASH_NODE_LINEAR)
        return;
    fisher_state *st = user;
    nash_shape s = nash_net_node_shape(net, node);
    const float *z = nash_net_output(net, node), *dz = nash_net_grad(net, node);
    if (s.flat) {
        for (int c = 0; c < s.c; c++) {
            double mean_sq = 0;
            for (int n = 0; n < st->n; n++) {
                double v = (double)z[(int64_t)n * s.c + c] * dz[(int64_t)n * s.c + c];
                mean_sq += v * v;
            }
            st->total += 0.5 * mean_sq / st->n;
        }
        return;
    }
    /* blocked (n, cb, h, w, 16): per (n, c) dot products in memory order */
    int64_t hw = (int64_t)s.h * s.w, cbs = nash_cblocks(s.c);
    double total = 0;
#pragma omp parallel for reduction(+ : total) schedule(static)
    for (int64_t cb = 0; cb < cbs; cb++) {
        double mean_sq[NASH_BLOCK] = {0};
        for (int n = 0; n < st->n; n++) {
            double dot[NASH_BLOCK] = {0};
            const float *zb = z + ((int64_t)n * cbs + cb) * hw * NASH_BLOCK;
            const float *db = dz + ((int64_t)n * cbs + cb) * hw * NASH_BLOCK;
            for (int64_t p = 0; p < hw; p++)
                for (int l = 0; l < NASH_BLOCK; l++)
                    dot[l] += (double)zb[p * NASH_BLOCK + l] * db[p * NASH_BLOCK + l];
            for (int l = 0; l < NASH_BLOCK; l++)
                mean_sq[l] += dot[l] * dot[l];
        }
        for (int l = 0; l < NASH_BLOCK && cb * NASH_BLOCK + l < s.c; l++)
            total += 0.5 * mean_sq[l] / st->n;
    }
    st->total += total;
}

typedef struct saliency {
    double snip, grad_norm, fisher;
    int ok;
} saliency;

/* Two hooks on one pass (Fisher's and NASWOT's on the shared snip forward). */
typedef struct hook_pair {
    nash_node_hook first, second;
    void *first_user, *second_user;
} hook_pair;

static void hook_pair_call(nash_net *net, int node, int backward, void *user)
{
    hook_pair *h = user;
    if (h->first)
        h->first(net, node, backward, h->first_user);
    if (h->second)
        h->second(net, node, backward, h->second_user);
}

/* want_fisher: run Fisher's hook too (a pass over every conv output and its
 * gradient, 1 % of a synflow+nwot+snip run: skipped when Fisher is not asked).
 * also / also_user: one more hook on the same pass (NASWOT's, when it shares
 * this forward: see nash_proxies_score). */
static saliency saliency_pass(proxy_run *r, int want_fisher, nash_node_hook also, void *also_user)
{
    saliency out = {NAN, NAN, NAN, 0};
    fisher_state fs = {.n = r->cfg->batch};
    hook_pair hooks = {want_fisher ? fisher_hook : NULL, also, &fs, also_user};
    if (hooks.first || hooks.second)
        nash_net_set_hook(r->net, hook_pair_call, &hooks);
    plan_begin(r, also != NULL);
    int rc = loss_backward(r, 0, r->cfg->batch);
    plan_end(r);
    nash_net_set_hook(r->net, NULL, NULL);
    if (rc != 0)
        return out;
    double snip = 0, gn = 0;
    for (int i = 0; i < nash_net_param_count(r->net); i++) {
        nash_param *p = nash_net_param(r->net, i);
        if (!is_weight(r->net, p))
            continue;
        double sq = 0;
        for (int64_t j = 0; j < p->numel; j++) {
            snip += fabs((double)p->data[j] * p->grad[j]);
            sq += (double)p->grad[j] * p->grad[j];
        }
        gn += sqrt(sq);
    }
    out = (saliency){snip, gn, want_fisher ? fs.total : NAN, 1};
    return out;
}

/* GraSP (Wang et al. 2020; zero-cost-nas grasp.py with T = 1, one iteration):
 * g = dL/dtheta over the weights, Hg = Hessian-vector product, S = sum -theta * Hg.
 * The reference differentiates twice; we take the central difference of two
 * gradients, Hg ~ [g(theta + eps g) - g(theta - eps g)] / (2 eps), with eps
 * chosen so that the step moves the weights by 1e-3 of their norm (research
 * note §2.16 proposes exactly this when double-backward is unavailable). */
static double proxy_grasp(proxy_run *r)
{
    nash_net *net = r->net;
    int np = nash_net_param_count(net);
    int64_t total = weight_floats(net);
    float *g0 = malloc((size_t)total * sizeof(float));
    float *gp = malloc((size_t)total * sizeof(float));
    double score = NAN;
    if (!g0 || !gp)
        goto done;
    if (planned_loss_backward(r, 0, r->cfg->batch) != 0)
        goto done;
    double gnorm = 0, wnorm = 0;
    int64_t off = 0;
    for (int i = 0; i < np; i++) {
        nash_param *p = nash_net_param(net, i);
        if (!is_weight(net, p))
            continue;
        for (int64_t j = 0; j < p->numel; j++) {
            g0[off + j] = p->grad[j];
            gnorm += (double)p->grad[j] * p->grad[j];
            wnorm += (double)p->data[j] * p->data[j];
        }
        off += p->numel;
    }
    if (gnorm == 0)
        goto done;
    double eps = 1e-3 * sqrt(wnorm) / sqrt(gnorm);
    for (int side = 0; side < 2; side++) {
        double sign = side == 0 ? 1.0 : -1.0;
        snapshot(r, 1);
        off = 0;
        for (int i = 0; i < np; i++) {
            nash_param *p = nash_net_param(net, i);
            if (!is_weight(net, p))
                continue;
            for (int64_t j = 0; j < p->numel; j++)
                p->data[j] += (float)(sign * eps * g0[off + j]);
            off += p->numel;
        }
        if (planned_loss_backward(r, 0, r->cfg->batch) != 0)
            goto done;
        off = 0;
        for (int i = 0; i < np; i++) {
            nash_param *p = nash_net_param(net, i);
            if (!is_weight(net, p))
                continue;
            for (int64_t j = 0; j < p->numel; j++)
                gp[off + j] = side == 0 ? p->grad[j] : (float)((gp[off + j] - p->grad[j]) / (2 * eps));
            off += p->numel;
        }
    }
    snapshot(r, 1);
    double s = 0;
    off = 0;
    for (int i = 0; i < np; i++) {
        nash_param *p = nash_net_param(net, i);
        if (!is_weight(net, p))
            continue;
        for (int64_t j = 0; j < p->numel; j++)
            s -= (double)p->data[j] * gp[off + j];
        off += p->numel;
    }
    score = s;
done:
    free(g0);
    free(gp);
    return score;
}

/* ------------------------------------------------------------------------- */
/* jacob_cov (Mellor et al. NASWOT v1; zero-cost-nas jacob_cov.py): J = d(sum_k f_k(x_n))/dx_n
 * per sample (one backward of all-ones from the logits), C = corrcoef(J rows),
 * S = -sum_i [ln(l_i + k) + 1/(l_i + k)], k = 1e-5. A constant row (e.g. a cell
 * whose output does not depend on its input) makes corrcoef NaN: missing, as
 * the reference's try/except returns nan. */
static double proxy_jacob_cov(proxy_run *r)
{
    nash_net *net = r->net;
    int n = r->cfg->batch;
    const nash_proxy_data *d = r->data;
    int64_t dim = (int64_t)d->c * d->h * d->w;
    float *jf = malloc((size_t)n * dim * sizeof(float));
    double *jd = malloc((size_t)n * dim * sizeof(double));
    double *corr = malloc((size_t)n * n * sizeof(double));
    double *eig = malloc((size_t)n * sizeof(double));
    double score = NAN;
    if (!jf || !jd || !corr || !eig)
        goto done;
    load_images(r, 0, n);
    nash_net_forward(net, n, 1);
    int out = nash_net_node_count(net) - 1;
    float *dy = nash_net_grad(net, out);
    int k = nash_net_node_shape(net, out).c;
    for (int i = 0; i < n * k; i++)
        dy[i] = 1.0f;
    nash_net_backward(net, n);
    nash_blocked_to_nchw(n, d->c, d->h, d->w, nash_net_grad(net, 0), jf);
    for (int64_t i = 0; i < (int64_t)n * dim; i++)
        jd[i] = jf[i];
    if (nash_linalg_corrcoef(jd, n, (int)dim, corr) != 0)
        goto done;
    for (int i = 0; i < n * n; i++)
        if (!isfinite(corr[i]))
            goto done;
    if (nash_linalg_sym_eigenvalues(corr, n, eig) != 0)
        goto done;
    double s = 0;
    for (int i = 0; i < n; i++)
        s -= log(eig[i] + 1e-5) + 1.0 / (eig[i] + 1e-5);
    score = s;
done:
    free(jf);
    free(jd);
    free(corr);
    free(eig);
    return score;
}

/* ------------------------------------------------------------------------- */
/* NASWOT v2 (Mellor et al. ICML 2021, nas-without-training score_networks.py):
 * for every ReLU, binarise its input per sample, c = 1[x > 0]; K[i][j] +=
 * (units where c_i and c_j agree) = N_l - Hamming(c_i, c_j); S = ln|det K|.
 * Bits are packed 64 per word so a pair costs N_l / 64 popcounts. (The
 * reference also skips ReLUs not reached by a preceding backward pass;
 * NASLib's version, like this one, counts every ReLU.) */

typedef struct nwot_state {
    int n;
    int64_t words_cap;
    uint64_t *bits; /* n x words */
    double *k;      /* n x n */
    int *readers;   /* per node: ReLUs reading it not yet counted (0 once counted) */
    int failed;
} nwot_state;

/* Bit l set when lane l of one blocked pixel is positive (lanes <= 16). */
static inline uint64_t pixel_code(const float *x, int lanes)
{
#ifdef __AVX512F__
    if (lanes == NASH_BLOCK) /* one compare into a 16-bit mask */
        return (uint64_t)_mm512_cmp_ps_mask(_mm512_loadu_ps(x), _mm512_setzero_ps(), _CMP_GT_OQ);
#endif
#ifdef __SSE2__
    if (lanes == NASH_BLOCK) {
        const __m128 zero = _mm_setzero_ps();
        uint64_t m = 0;
        for (int q = 0; q < NASH_BLOCK / 4; q++)
            m |= (uint64_t)_mm_movemask_ps(_mm_cmpgt_ps(_mm_loadu_ps(x + 4 * q), zero)) << (4 * q);
        return m;
    }
#endif
    uint64_t m = 0;
    for (int l = 0; l < lanes; l++)
        m |= (uint64_t)(x[l] > 0) << l;
    return m;
}

static void nwot_hook(nash_net *net, int node, int backward, void *user)
{
    if (backward || nash_net_node_kind(net, node) != NASH_NODE_ACT ||
        nash_net_node_act(net, node) != NASH_ACT_RELU)
        return;
    nwot_state *st = user;
    int in[2];
    nash_net_node_inputs(net, node, in);
    /* Several ReLUs reading one node (an NB201 node feeding 2-3 conv edges)
     * see the same codes: the first adds its counts times the number of
     * readers, the others nothing. K holds integers (< 2^53), so the sum is
     * exactly the one of a hook per ReLU. */
    const int copies = st->readers[in[0]];
    if (copies == 0)
        return;
    st->readers[in[0]] = 0;
    nash_shape s = nash_net_node_shape(net, in[0]);
    const float *x = nash_net_output(net, in[0]);
    int64_t units = (int64_t)s.c * (s.flat ? 1 : s.h * s.w);
    int64_t words = (units + 63) / 64;
    if (words > st->words_cap) {
        st->failed = 1;
        return;
    }
    /* pack in memory order (the unit order only has to be the same for every sample) */
    int64_t hw = s.flat ? 1 : (int64_t)s.h * s.w, cbs = nash_cblocks(s.c);
#pragma omp parallel for schedule(static)
    for (int i = 0; i < st->n; i++) {
        uint64_t *b = st->bits + (int64_t)i * words;
        memset(b, 0, (size_t)words * sizeof(uint64_t));
        int64_t u = 0;
        if (s.flat) {
            for (int c = 0; c < s.c; c++, u++)
                if (x[(int64_t)i * s.c + c] > 0)
                    b[u >> 6] |= 1ull << (u & 63);
            continue;
        }
        for (int64_t cb = 0; cb < cbs; cb++) {
            int lanes = s.c - (int)cb * NASH_BLOCK < NASH_BLOCK ? s.c - (int)cb * NASH_BLOCK
                                                                : NASH_BLOCK;
            const float *xb = x + ((int64_t)i * cbs + cb) * hw * NASH_BLOCK;
            for (int64_t p = 0; p < hw; p++, u += lanes) {
                /* the signs are random: a branch per unit mispredicts half the
                 * time, so the pixel's code is built branch-free (a 16-lane
                 * block: 16 bits, never straddling a word when u % 16 == 0) */
                uint64_t code = pixel_code(xb + p * NASH_BLOCK, lanes);
                b[u >> 6] |= code << (u & 63);
                if ((u & 63) + lanes > 64)
                    b[(u >> 6) + 1] |= code >> (64 - (u & 63));
            }
        }
    }
#pragma omp parallel for schedule(dynamic, 4)
    for (int i = 0; i < st->n; i++) {
        const uint64_t *bi = st->bits + (int64_t)i * words;
        for (int j = i; j < st->n; j++) {
            const uint64_t *bj = st->bits + (int64_t)j * words;
            int64_t diff = 0;
            for (int64_t w = 0; w < words; w++)
                diff += __builtin_popcountll(bi[w] ^ bj[w]);
            double agree = (double)(copies * (units - diff));
            st->k[i * st->n + j] += agree;
            if (j != i)
                st->k[j * st->n + i] += agree;
        }
    }
}

static int64_t largest_map_units(nash_net *net)
{
    int64_t m = 0;
    for (int i = 0; i < nash_net_node_count(net); i++) {
        nash_shape s = nash_net_node_shape(net, i);
        int64_t u = (int64_t)s.c * (s.flat ? 1 : s.h * s.w);
        if (u > m)
            m = u;
    }
    return m;
}

/* K's buffers and the reader counts of one NASWOT pass over n images. */
static int nwot_begin(proxy_run *r, int n, nwot_state *st)
{
    *st = (nwot_state){.n = n, .words_cap = (largest_map_units(r->net) + 63) / 64};
    st->bits = malloc((size_t)n * st->words_cap * sizeof(uint64_t));
    st->k = calloc((size_t)n * n, sizeof(double));
    const int nodes = nash_net_node_count(r->net);
    st->readers = calloc((size_t)nodes, sizeof(int));
    if (!st->bits || !st->k || !st->readers)
        return -1;
    for (int i = 0; i < nodes; i++)
        if (nash_net_node_kind(r->net, i) == NASH_NODE_ACT &&
            nash_net_node_act(r->net, i) == NASH_ACT_RELU) {
            int in[2];
            nash_net_node_inputs(r->net, i, in);
            st->readers[in[0]]++;
        }
    return 0;
}

/* ln|det K| once the forward pass has run the hook (NaN if it failed), and the buffers freed. */
static double nwot_finish(nwot_state *st, int ran)
{
    double score = NAN, logdet;
    int sign;
    if (ran && !st->failed && nash_linalg_slogdet(st->k, st->n, &logdet, &sign) == 0 && sign != 0)
        score = logdet;
    free(st->bits);
    free(st->k);
    free(st->readers);
    return score;
}

static double proxy_nwot(proxy_run *r)
{
    nwot_state st;
    int ok = nwot_begin(r, r->cfg->nwot_batch, &st) == 0;
    if (ok) {
        load_images(r, 0, st.n);
        nash_net_set_hook(r->net, nwot_hook, &st);
        plan_begin(r, 1);
        nash_net_forward(r->net, st.n, 1);
        plan_end(r);
        nash_net_set_hook(r->net, NULL, NULL);
    }
    return nwot_finish(&st, ok);
}

/* ------------------------------------------------------------------------- */
/* Zen-score (Lin et al. ICCV 2021, ZenNAS compute_zen_score.py): weights ~
 * N(0,1), biases 0, BN gamma 1 beta 0; x, e ~ N(0,1) (batch 16), a = 0.01;
 * f = the feature map before global average pooling;
 * Zen = ln mean_n sum |f(x) - f(x + a e)| + sum_BN ln sqrt(mean_c running_var),
 * running_var read after the two training-mode forwards exactly as the
 * reference does (PyTorch update: momentum 0.1, unbiased variance, from 1);
 * averaged over `zen_repeats` draws. */
static double proxy_zen(proxy_run *r)
{
    nash_net *net = r->net;
    if (r->gap_node < 0)
        return NAN;
    int in[2];
    nash_net_node_inputs(net, r->gap_node, in);
    int fnode = in[0];
    int n = r->cfg->zen_batch;
    nash_shape is = nash_net_node_shape(net, 0);
    int64_t in_floats = (int64_t)n * is.c * is.h * is.w;
    int64_t f_floats = node_floats(net, fnode, n);
    float *x = malloc((size_t)in_floats * sizeof(float));
    float *xm = malloc((size_t)in_floats * sizeof(float));
    float *f0 = malloc((size_t)f_floats * sizeof(float));
    double total = 0;
    int ok = x && xm && f0;
    nash_rng rng;
    nash_rng_seed(&rng, r->cfg->seed ^ 0x5a454eULL);
    for (int rep = 0; ok && rep < r->cfg->zen_repeats; rep++) {
        snapshot(r, 1);
        for (int i = 0; i < nash_net_param_count(net); i++) {
            nash_param *p = nash_net_param(net, i);
            nash_node_kind k = nash_net_node_kind(net, p->node);
            if (k != NASH_NODE_CONV && k != NASH_NODE_LINEAR)
                continue;
            int w = is_weight(net, p);
            for (int64_t j = 0; j < p->numel; j++)
                p->data[j] = w ? nash_rng_normal(&rng) : 0.0f;
        }
        for (int64_t j = 0; j < in_floats; j++) {
            x[j] = nash_rng_normal(&rng);
            xm[j] = x[j] + 0.01f * nash_rng_normal(&rng);
        }
        nash_nchw_to_blocked(n, is.c, is.h, is.w, x, nash_net_input(net));
        nash_net_forward(net, n, 1);
        memcpy(f0, nash_net_output(net, fnode), (size_t)f_floats * sizeof(float));
        nash_nchw_to_blocked(n, is.c, is.h, is.w, xm, nash_net_input(net));
        nash_net_forward(net, n, 1);
        const float *f1 = nash_net_output(net, fnode);
        double delta = 0;
        for (int64_t j = 0; j < f_floats; j++)
            delta += fabs((double)f0[j] - f1[j]); /* pad lanes are 0 in both */
        delta /= n;
        double log_bn = 0;
        for (int i = 0; i < nash_net_state_count(net); i++) {
            nash_state *s = nash_net_state(net, i);
            size_t len = strlen(s->name);
            if (len < 12 || strcmp(s->name + len - 12, ".running_var") != 0)
                continue;
            double m = 0;
            for (int64_t j = 0; j < s->numel; j++)
                m += s->data[j];
            log_bn += 0.5 * log(m / (double)s->numel);
        }
        double z = log(delta) + log_bn;
        if (!isfinite(z))
            ok = 0;
        total += z;
    }
    free(x);
    free(xm);
    free(f0);
    return ok ? total / r->cfg->zen_repeats : NAN;
}

/* ------------------------------------------------------------------------- */
/* ZiCo (Li et al. ICLR 2023, SLDGroup/ZiCo compute_zico.py): per weight
 * element, over two labelled batches, mean |g| and the (population) std of g;
 * per layer ln sum_{std != 0} mean|g| / std, summed over layers whose sum is
 * non-zero. The paper writes Var(|g|); the code uses std(g), which we follow. */
static double proxy_zico(proxy_run *r, int raw_adder_grad)
{
    nash_net *net = r->net;
    int np = nash_net_param_count(net);
    int64_t total = weight_floats(net);
    float *g1 = malloc((size_t)total * sizeof(float));
    double score = NAN;
    if (!g1)
        return NAN;
    nash_net_set_raw_adder_grad(net, raw_adder_grad);
    for (int b = 0; b < 2; b++) {
        snapshot(r, 1);
        if (planned_loss_backward(r, b * r->cfg->batch, r->cfg->batch) != 0)
            goto done;
        int64_t off = 0;
        double s = 0;
        for (int i = 0; i < np; i++) {
            nash_param *p = nash_net_param(net, i);
            if (!is_weight(net, p))
                continue;
            double layer = 0;
            for (int64_t j = 0; j < p->numel; j++) {
                if (b == 0) {
                    g1[off + j] = p->grad[j];
                    continue;
                }
                double a = g1[off + j], c = p->grad[j];
                double sd = fabs(a - c) / 2; /* population std of two values */
                if (sd > 0)
                    layer += (fabs(a) + fabs(c)) / 2 / sd;
            }
            if (b == 1 && layer != 0)
                s += log(layer);
            off += p->numel;
        }
        if (b == 1)
            score = s;
    }
done:
    nash_net_set_raw_adder_grad(net, 0);
    free(g1);
    return score;
}

/* ------------------------------------------------------------------------- */
/* MeCo (Jiang et al. NeurIPS 2023, HamsterMimi/MeCo): a forward hook on every
 * module takes the output of the FIRST sample, reshapes it to C x (H W),
 * P = corrcoef over channels with NaN/Inf set to 0, and adds the smallest
 * eigenvalue; one training-mode forward of the minibatch. Here "every module"
 * is every node of the graph with a (C, H, W) output (conv/shift/adder, BN,
 * activation, pooling, add); flat outputs ([C] x 1) give an all-NaN P -> 0,
 * contributing 0 as in the reference. */
typedef struct meco_state {
    double total;
    double *fea, *corr, *eig;
    int cap_c, cap_hw;
    int failed;
} meco_state;

static void meco_hook(nash_net *net, int node, int backward, void *user)
{
    if (backward)
        return;
    nash_shape s = nash_net_node_shape(net, node);
    if (s.flat || s.h * s.w < 2)
        return;
    meco_state *st = user;
    if (s.c > st->cap_c || s.h * s.w > st->cap_hw) {
        st->failed = 1;
        return;
    }
    const float *y = nash_net_output(net, node);
    int hw = s.h * s.w;
    for (int c = 0; c < s.c; c++)
        for (int p = 0; p < hw; p++)
            st->fea[c * hw + p] = y[nash_blocked_index(s.c, s.h, s.w, 0, c, p / s.w, p % s.w)];
    if (nash_linalg_corrcoef(st->fea, s.c, hw, st->corr) != 0) {
        st->failed = 1;
        return;
    }
    for (int i = 0; i < s.c * s.c; i++)
        if (!isfinite(st->corr[i]))
            st->corr[i] = 0;
    if (nash_linalg_sym_eigenvalues(st->corr, s.c, st->eig) != 0) {
        st->failed = 1;
        return;
    }
    st->total += st->eig[0];
}

static double proxy_meco(proxy_run *r)
{
    nash_net *net = r->net;
    meco_state st = {0};
    for (int i = 0; i < nash_net_node_count(net); i++) {
        nash_shape s = nash_net_node_shape(net, i);
        if (s.c > st.cap_c)
            st.cap_c = s.c;
        if (!s.flat && s.h * s.w > st.cap_hw)
            st.cap_hw = s.h * s.w;
    }
    st.fea = malloc((size_t)st.cap_c * st.cap_hw * sizeof(double));
    st.corr = malloc((size_t)st.cap_c * st.cap_c * sizeof(double));
    st.eig = malloc((size_t)st.cap_c * sizeof(double));
    double score = NAN;
    if (st.fea && st.corr && st.eig) {
        load_images(r, 0, r->cfg->batch);
        nash_net_set_hook(net, meco_hook, &st);
        nash_net_forward(net, r->cfg->batch, 1);
        nash_net_set_hook(net, NULL, NULL);
        if (!st.failed)
            score = st.total;
    }
    free(st.fea);
    free(st.corr);
    free(st.eig);
    return score;
}

/* ------------------------------------------------------------------------- */
/* SWAP (Peng et al. ICLR 2024): post-ReLU activations of every (C, H, W) ReLU
 * for S samples; each neuron's pattern is its sign vector over the samples;
 * S = number of distinct patterns. We take S = min(batch, 64) samples so a
 * pattern is one 64-bit word; the count is exact (sort + unique). The
 * regularised variant needs user-chosen size targets and is not computed. */
typedef struct swap_state {
    int n;
    uint64_t *pat;
    int64_t used, cap;
    int failed;
} swap_state;

static void swap_hook(nash_net *net, int node, int backward, void *user)
{
    if (backward || nash_net_node_kind(net, node) != NASH_NODE_ACT ||
        nash_net_node_act(net, node) != NASH_ACT_RELU)
        return;
    nash_shape s = nash_net_node_shape(net, node);
    if (s.flat)
        return;
    swap_state *st = user;
    int64_t units = (int64_t)s.c * s.h * s.w;
    if (st->used + units > st->cap) {
        int64_t cap = (st->used + units) * 2;
        uint64_t *p = realloc(st->pat, (size_t)cap * sizeof(uint64_t));
        if (!p) {
            st->failed = 1;
            return;
        }
        st->pat = p;
        st->cap = cap;
    }
    const float *y = nash_net_output(net, node);
    for (int c = 0; c < s.c; c++)
        for (int h = 0; h < s.h; h++)
            for (int w = 0; w < s.w; w++) {
                uint64_t bits = 0;
                for (int i = 0; i < st->n; i++)
                    if (y[nash_blocked_index(s.c, s.h, s.w, i, c, h, w)] > 0)
                        bits |= 1ull << i;
                st->pat[st->used++] = bits;
            }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double proxy_swap(proxy_run *r)
{
    swap_state st = {.n = r->cfg->batch < 64 ? r->cfg->batch : 64};
    load_images(r, 0, st.n);
    nash_net_set_hook(r->net, swap_hook, &st);
    nash_net_forward(r->net, st.n, 1);
    nash_net_set_hook(r->net, NULL, NULL);
    if (!st.pat || st.failed) {
        free(st.pat);
        return NAN;
    }
    qsort(st.pat, (size_t)st.used, sizeof(uint64_t), cmp_u64);
    int64_t distinct = st.used > 0;
    for (int64_t i = 1; i < st.used; i++)
        distinct += st.pat[i] != st.pat[i - 1];
    free(st.pat);
    return (double)distinct;
}

/* ------------------------------------------------------------------------- */
/* NN-Degree (FLASH, Li et al. 2021). The paper's formula could not be read
 * (research note §2.15: only the abstract was reachable); what it states is
 * that NN-Degree quantifies the topology of networks with skip connections
 * through node degrees. Our definition, documented as ours: collapse every
 * chain of single-input, single-consumer nodes (conv -> BN -> ReLU ...) into
 * one edge of a "topology graph" whose vertices are the input, the output
 * and every branch or merge point; drop edges that carry a `none` (x * 0)
 * and vertices that cannot reach the output; NN-Degree = average degree
 * 2 |E| / |V| of what remains. A plain chain scores 2(V-1)/V < 2; every
 * extra live skip edge adds 2/|V|. Data-free and cheap.
 * drop_adders: adder conv nodes count as `none` too (hybrid_degree below). */
static double nn_degree_of(nash_net *net, int drop_adders)
{
    int nodes = nash_net_node_count(net);
    int *consumers = calloc((size_t)nodes, sizeof(int));
    int *live = calloc((size_t)nodes, sizeof(int));
    int *zero = calloc((size_t)nodes, sizeof(int));
    double score = NAN;
    if (!consumers || !live || !zero)
        goto done;
    for (int j = 1; j < nodes; j++) {
        int in[2], n_in = nash_net_node_inputs(net, j, in);
        for (int k = 0; k < n_in; k++)
            consumers[in[k]]++;
        /* a scale node is x * 0 only for NB201's none (the only use of scale) */
        zero[j] = nash_net_node_kind(net, j) == NASH_NODE_SCALE ||
                  (drop_adders && nash_net_node_kind(net, j) == NASH_NODE_CONV &&
                   nash_net_node_op(net, j) == NASH_OP_ADDER);
        if (n_in == 1 && zero[in[0]])
            zero[j] = 1; /* the chain continues from a dead edge */
        if (n_in == 2 && zero[in[0]] && zero[in[1]])
            zero[j] = 1;
    }
    /* live: can reach the output through non-zero nodes */
    live[nodes - 1] = 1;
    for (int j = nodes - 1; j >= 1; j--) {
        if (!live[j] || zero[j])
            continue;
        int in[2], n_in = nash_net_node_inputs(net, j, in);
        for (int k = 0; k < n_in; k++)
            if (!zero[in[k]])
                live[in[k]] = 1;
    }
    /* vertices: input, output, and live nodes that branch or merge */
    int vertices = 0, edges = 0;
    for (int j = 0; j < nodes; j++) {
        if (!live[j])
            continue;
        int in[2], n_in = nash_net_node_inputs(net, j, in);
        int live_in = 0;
        for (int k = 0; k < n_in; k++)
            live_in += live[in[k]] && !zero[in[k]];
        int is_vertex = j == 0 || j == nodes - 1 || live_in != 1 || consumers[j] != 1;
        if (is_vertex)
            vertices++;
        /* each live input of a merge node ends one edge */
        if (live_in >= 2)
            edges += live_in;
        else if (live_in == 1 && is_vertex)
            edges += 1;
    }
    score = vertices > 0 ? 2.0 * edges / vertices : NAN;
done:
    free(consumers);
    free(live);
    free(zero);
    return score;
}

static double proxy_nn_degree(nash_net *net) { return nn_degree_of(net, 0); }

/* hybrid_degree (ours, v2 of the hybrid-aware metric): the mean of NN-Degree
 * over the whole graph and over the graph without its adder edges,
 * (NND(G) + NND(G - adder)) / 2. Why: AdderNet's input gradient is a
 * HardTanh-clipped surrogate and its weight gradient is rescaled per layer
 * (Chen et al. 2020, eq. 5-7), so in a short schedule adder edges train
 * slowly (AdderNet needs about twice conv's epochs): a topology whose paths
 * all cross adders trains like a thinner graph. Shift edges (DeepShift) train
 * like conv and stay. Chosen on hybrid studies A and B, fixed in
 * docs/prereg-study-c.md before the held-out study C ran. On a conv-only
 * network it equals nn_degree. */
static double proxy_hybrid_degree(nash_net *net)
{
    return 0.5 * (nn_degree_of(net, 0) + nn_degree_of(net, 1));
}

/* ------------------------------------------------------------------------- */
/* hybrid — ours, for conv/shift/adder networks. What differs between the op
 * types is scale: an adder's output is -sum|x - w| with a variance far above a
 * conv's (research note §7.1), BN re-normalises it, and AdderNet rescales each
 * adder weight gradient per batch to eta sqrt(k)/||g||. Proxies built on raw
 * magnitudes (grad_norm, snip, synflow, fisher, zen) then measure those scale
 * conventions rather than the architecture: adder grad_norm is eta sqrt(k) by
 * construction, and SynFlow's all-ones input drives every adder output negative.
 * So combine two measurements that are invariant to rescaling any one layer:
 *   expressivity: NASWOT's ln|det K| of the ReLU sign patterns (signs of
 *     BN outputs do not depend on the scale of the layer before);
 *   trainability: ZiCo's sum_l ln sum mean|g| / std(g) over two batches (a
 *     per-layer constant factor cancels in mean/std), computed on the raw adder
 *     gradient because the per-batch adaptive scaling would differ between the
 *     two batches and break that invariance.
 * hybrid = nwot + zico_raw; both are sums of logs that grow with depth and
 * width, and on NB201 they span ranges of the same order (hundreds). For
 * conv-only nets zico_raw == zico. Version 1: its validation on trained
 * hybrid networks is `nash study`. */

/* ------------------------------------------------------------------------- */

/* What the one saliency pass (snip / grad_norm / Fisher) also computes. */
typedef struct pass_wants {
    int fisher;
    /* NASWOT on the same forward: exact when NASWOT's batch is the saliency
     * batch. Both read images [0, batch) of the data, both run from the same
     * restored initial state in training mode, so the ReLU inputs NASWOT's
     * hook sees are the very values of its own pass (zero-cost-nas scores
     * every measure on a copy of one initialised net). Saves a forward pass
     * per arch: 192 instead of 320 image-passes for synflow+nwot+snip at
     * --nwot-batch 64. */
    int share_nwot;
} pass_wants;

static void shared_saliency_pass(proxy_run *r, pass_wants wants, saliency *sal, int *have_sal,
                                 double *nwot_value, int *have_nwot)
{
    nwot_state st;
    int nwot_ok = wants.share_nwot && nwot_begin(r, r->cfg->batch, &st) == 0;
    *sal = saliency_pass(r, wants.fisher, nwot_ok ? nwot_hook : NULL, nwot_ok ? &st : NULL);
    *have_sal = 1;
    if (wants.share_nwot) {
        *nwot_value = nwot_finish(&st, nwot_ok);
        *have_nwot = 1;
    }
}

int nash_proxies_score(nash_net *net, const nash_proxy_config *cfg, const nash_proxy_data *data,
                       const int *proxies, int n_proxies, double *scores)
{
    proxy_run r = {.net = net, .cfg = cfg, .data = data, .gap_node = -1};
    int need_data = nash_proxy_data_needed(cfg, proxies, n_proxies);
    int jacob = 0;
    r.max_batch = 1;
    for (int i = 0; i < n_proxies; i++) {
        if (proxies[i] < 0 || proxies[i] >= NASH_PROXY_COUNT)
            return nash_fail("proxy id %d out of range", proxies[i]);
        int b = proxy_batch(cfg, proxies[i]);
        if (b > r.max_batch)
            r.max_batch = b;
        jacob |= proxies[i] == NASH_PROXY_JACOB_COV;
    }
    if (need_data > 0) {
        if (!data || !data->images || !data->labels)
            return nash_fail("proxies need %d images of data, none given", need_data);
        if (data->n < need_data)
            return nash_fail("proxies need %d images, the data has %d", need_data, data->n);
        nash_shape in = nash_net_node_shape(net, 0);
        if (in.c != data->c || in.h != data->h || in.w != data->w)
            return nash_fail("data images are %dx%dx%d but the network takes %dx%dx%d", data->c,
                             data->h, data->w, in.c, in.h, in.w);
    }
    if (cfg->keep_params) {
        /* the hooks read every node's own output; a fused BN / add holds act(y) */
        for (int i = 0; i < nash_net_node_count(net); i++)
            if (nash_net_node_fused(net, i))
                return nash_fail("proxies need every node's own output, but node %d is fused "
                                 "into its input: compile without nash_net_set_fusion", i);
        if (nash_net_max_batch(net) < r.max_batch)
            return nash_fail("the network was compiled for batch %d; the proxies need %d",
                             nash_net_max_batch(net), r.max_batch);
        if (jacob && !nash_net_grad(net, 0))
            return nash_fail("jacob_cov needs nash_net_set_input_grad(net, 1) before compile");
    } else {
        if (jacob && nash_net_set_input_grad(net, 1) != 0)
            return -1;
        if (nash_net_compile(net, r.max_batch) != 0)
            return nash_fail_context("compiling the network for proxies at batch %d",
                                     r.max_batch);
    }
    for (int i = 0; i < nash_net_node_count(net); i++)
        if (nash_net_node_kind(net, i) == NASH_NODE_GAP)
            r.gap_node = i;

    if (!cfg->keep_params) {
        nash_rng rng;
        nash_rng_seed(&rng, cfg->seed);
        nash_net_init_params(net, &rng);
    }
    for (int i = 0; i < nash_net_param_count(net); i++)
        r.param_floats += nash_net_param(net, i)->numel;
    for (int i = 0; i < nash_net_state_count(net); i++)
        r.state_floats += nash_net_state(net, i)->numel;
    r.param_init = malloc((size_t)(r.param_floats + 1) * sizeof(float));
    r.state_init = malloc((size_t)(r.state_floats + 1) * sizeof(float));
    if (!r.param_init || !r.state_init) {
        free(r.param_init);
        free(r.state_init);
        return nash_fail("out of memory for a copy of %lld parameters",
                         (long long)r.param_floats);
    }
    snapshot(&r, 0);

    saliency sal = {0};
    int have_sal = 0;
    /* NASWOT and ZiCo are also the two terms of `hybrid`: compute each once.
     * Without adder layers the raw and the scaled adder gradient are the same,
     * so ZiCo's value serves both. */
    int has_adder = 0;
    for (int i = 0; i < nash_net_node_count(net); i++)
        has_adder |= nash_net_node_kind(net, i) == NASH_NODE_CONV &&
                     nash_net_node_op(net, i) == NASH_OP_ADDER;
    double nwot_value = NAN, zico_value = NAN, zico_raw_value = NAN;
    int have_nwot = 0, have_zico = 0, have_zico_raw = 0;
    pass_wants wants = {0};
    int wants_saliency = 0, wants_nwot = 0;
    for (int j = 0; j < n_proxies; j++) {
        wants.fisher |= proxies[j] == NASH_PROXY_FISHER;
        wants_saliency |= proxies[j] == NASH_PROXY_SNIP || proxies[j] == NASH_PROXY_GRAD_NORM ||
                          proxies[j] == NASH_PROXY_FISHER;
        wants_nwot |= proxies[j] == NASH_PROXY_NWOT || proxies[j] == NASH_PROXY_HYBRID;
    }
    wants.share_nwot = wants_saliency && wants_nwot && cfg->nwot_batch == cfg->batch;
    for (int i = 0; i < n_proxies; i++) {
        snapshot(&r, 1);
        double s = NAN;
        switch (proxies[i]) {
        case NASH_PROXY_PARAMS: s = (double)nash_net_param_numel(net) / 1e6; break;
        case NASH_PROXY_FLOPS: s = nash_proxy_flops(net, 1, 1); break;
        case NASH_PROXY_HFLOPS: s = nash_proxy_flops(net, 5, 8); break;
        case NASH_PROXY_HFLOPS_F: s = nash_proxy_flops(net, 1.88, 1.88); break;
        case NASH_PROXY_SYNFLOW: s = proxy_synflow(&r); break;
        case NASH_PROXY_SNIP:
        case NASH_PROXY_GRAD_NORM:
        case NASH_PROXY_FISHER:
            if (!have_sal)
                shared_saliency_pass(&r, wants, &sal, &have_sal, &nwot_value, &have_nwot);
            s = proxies[i] == NASH_PROXY_SNIP        ? sal.snip
                : proxies[i] == NASH_PROXY_GRAD_NORM ? sal.grad_norm
                                                     : sal.fisher;
            break;
        case NASH_PROXY_GRASP: s = proxy_grasp(&r); break;
        case NASH_PROXY_JACOB_COV: s = proxy_jacob_cov(&r); break;
        case NASH_PROXY_NWOT:
            if (!have_nwot && wants.share_nwot)
                shared_saliency_pass(&r, wants, &sal, &have_sal, &nwot_value, &have_nwot);
            if (!have_nwot)
                nwot_value = proxy_nwot(&r), have_nwot = 1;
            s = nwot_value;
            break;
        case NASH_PROXY_ZEN: s = proxy_zen(&r); break;
        case NASH_PROXY_ZICO:
            if (!have_zico)
                zico_value = proxy_zico(&r, 0), have_zico = 1;
            s = zico_value;
            break;
        case NASH_PROXY_HYBRID:
            if (!have_nwot && wants.share_nwot)
                shared_saliency_pass(&r, wants, &sal, &have_sal, &nwot_value, &have_nwot);
            if (!have_nwot)
                nwot_value = proxy_nwot(&r), have_nwot = 1;
            snapshot(&r, 1);
            if (!has_adder && have_zico)
                zico_raw_value = zico_value, have_zico_raw = 1;
            if (!have_zico_raw)
                zico_raw_value = proxy_zico(&r, 1), have_zico_raw = 1;
            if (!has_adder && !have_zico)
                zico_value = zico_raw_value, have_zico = 1;
            s = nwot_value + zico_raw_value;
            break;
        case NASH_PROXY_MECO: s = proxy_meco(&r); break;
        case NASH_PROXY_SWAP: s = proxy_swap(&r); break;
        case NASH_PROXY_NN_DEGREE: s = proxy_nn_degree(net); break;
        case NASH_PROXY_HYBRID_DEGREE: s = proxy_hybrid_degree(net); break;
        }
        scores[i] = isfinite(s) ? s : NAN;
    }
    snapshot(&r, 1);
    nash_clear_error(); /* a failed backward inside a proxy is a NaN score, not an error */
    free(r.param_init);
    free(r.state_init);
    return 0;
}
