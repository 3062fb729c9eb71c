/*
 * optim.c — optimisers: SGD (momentum, Nesterov), Adam, RAdam, with weight
 * decay (optionally excluding BN and biases) and global-norm gradient
 * clipping.
 *
 * Owns: the update rules, written to match PyTorch's torch.optim exactly
 * (L2 decay added to the gradient; SGD's first momentum step copies the
 * gradient; RAdam's rectification per Liu et al. 2020, as in torch.optim.RAdam),
 * and the optimiser state block (one allocation, named arrays for checkpoints).
 * DeepShift-PS needs RAdam (research note §7.2).
 * Does not own: adder gradient scaling, which happens in the adder layer's
 * backward, before any of this (research note §7.1).
 */
#include "net_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const nash_optim_names[NASH_OPTIM_COUNT] = {"sgd", "adam", "radam"};
_Static_assert(sizeof nash_optim_names / sizeof nash_optim_names[0] == NASH_OPTIM_COUNT,
               "optimiser names");

#define MAX_SLOTS 2 /* state arrays per parameter: momentum, or Adam's m and v */

struct nash_optim {
    nash_net *net;
    nash_optim_config cfg;
    int slots;            /* state arrays per parameter */
    float *block;         /* all state, one allocation */
    float **state;        /* [param * slots + slot] */
    char (*names)[64];
    int64_t steps;
};

nash_optim *nash_optim_create(nash_net *net, const nash_optim_config *cfg)
{
    if (!net->compiled) {
        nash_fail("optimiser: the network must be compiled first");
        return NULL;
    }
    if ((unsigned)cfg->kind >= NASH_OPTIM_COUNT) {
        nash_fail("optimiser: unknown kind %d", (int)cfg->kind);
        return NULL;
    }
    nash_optim *o = calloc(1, sizeof *o);
    if (!o) {
        nash_fail("out of memory");
        return NULL;
    }
    o->net = net;
    o->cfg = *cfg;
    if (o->cfg.beta1 == 0.0f)
        o->cfg.beta1 = 0.9f;
    if (o->cfg.beta2 == 0.0f)
        o->cfg.beta2 = 0.999f;
    if (o->cfg.eps == 0.0f)
        o->cfg.eps = 1e-8f;
    o->slots = cfg->kind == NASH_OPTIM_SGD ? (cfg->momentum != 0.0f ? 1 : 0) : 2;
    int np = net->n_params;
    int64_t total = 0;
    for (int i = 0; i < np; i++)
        total += (net->params[i].numel + 15) / 16 * 16 * o->slots;
    o->block = aligned_alloc(64, (size_t)(total > 0 ? total : 16) * sizeof(float));
    o->state = calloc((size_t)np * MAX_SLOTS + 1, sizeof *o->state);
    o->names = calloc((size_t)np * MAX_SLOTS + 1, sizeof *o->names);
    if (!o->block || !o->state || !o->names) {
        nash_optim_free(o);
        nash_fail("out of memory for optimiser state (%lld floats)", (long long)total);
        return NULL;
    }
    memset(o->block, 0, (size_t)(total > 0 ? total : 16) * sizeof(float));
    static const char *slot_names[NASH_OPTIM_COUNT][MAX_SLOTS] = {
        {"momentum_buffer", ""}, {"exp_avg", "exp_avg_sq"}, {"exp_avg", "exp_avg_sq"}};
    int64_t off = 0;
    for (int i = 0; i < np; i++)
        for (int s = 0; s < o->slots; s++) {
            o->state[i * o->slots + s] = o->block + off;
            snprintf(o->names[i * o->slots + s], sizeof o->names[0], "%s.%s", net->params[i].name,
                     slot_names[cfg->kind][s]);
            off += (net->params[i].numel + 15) / 16 * 16;
        }
    return o;
}

void nash_optim_free(nash_optim *o)
{
    if (!o)
        return;
    free(o->block);
    free(o->state);
    free(o->names);
    free(o);
}

int64_t nash_optim_steps(const nash_optim *o) { return o->steps; }
void nash_optim_set_steps(nash_optim *o, int64_t steps) { o->steps = steps; }
int nash_optim_state_count(const nash_optim *o) { return o->net->n_params * o->slots; }

float *nash_optim_state(nash_optim *o, int i, const char **name, int64_t *numel)
{
    if (name)
        *name = o->names[i];
    if (numel)
        *numel = o->net->params[i / o->slots].numel;
    return o->state[i];
}

/* Serial on purpose: parameters are small next to activations, and a fixed
 * summation order keeps clipping bit-identical across thread counts. */
static double global_grad_norm(const nash_net *net)
{
    double sum = 0.0;
    for (int i = 0; i < net->n_params; i++) {
        const nash_param *p = &net->params[i];
        for (int64_t j = 0; j < p->numel; j++)
            sum += (double)p->grad[j] * p->grad[j];
    }
    return sqrt(sum);
}

/* torch.optim.SGD: g += wd*w; buf = mu*buf + g (buf = g on the first step);
 * g = nesterov ? g + mu*buf : buf; w -= lr*g */
static void sgd_update(nash_optim *o, const nash_param *p, float *buf, float lr, float wd,
                       float scale)
{
    const float mu = o->cfg.momentum;
    const int first = o->steps == 0, nesterov = o->cfg.nesterov;
    float *w = p->data;
    const float *grad = p->grad;
    #pragma omp parallel for schedule(static) if (p->numel > 65536)
    for (int64_t j = 0; j < p->numel; j++) {
        float g = grad[j] * scale + wd * w[j];
        if (buf) {
            buf[j] = first ? g : mu * buf[j] + g;
            g = nesterov ? g + mu * buf[j] : buf[j];
        }
        w[j] -= lr * g;
    }
}

/* torch.optim.Adam / RAdam with L2 weight decay added to the gradient. */
static void adam_update(nash_optim *o, const nash_param *p, float *m, float *v, float lr, float wd,
                        float scale)
{
    const double b1 = o->cfg.beta1, b2 = o->cfg.beta2, eps = o->cfg.eps;
    const double t = (double)(o->steps + 1);
    const double bc1 = 1.0 - pow(b1, t), bc2 = 1.0 - pow(b2, t);
    int rectified = 1; /* Adam always uses the adaptive term */
    double rect = 1.0;
    if (o->cfg.kind == NASH_OPTIM_RADAM) {
        const double rho_inf = 2.0 / (1.0 - b2) - 1.0;
        const double rho_t = rho_inf - 2.0 * t * pow(b2, t) / bc2;
        rectified = rho_t > 5.0;
        if (rectified)
            rect = sqrt((rho_t - 4.0) * (rho_t - 2.0) * rho_inf /
                        ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t));
    }
    const float step = (float)(lr / bc1 * rect);
    const float sqrt_bc2 = (float)sqrt(bc2);
    const int radam = o->cfg.kind == NASH_OPTIM_RADAM;
    const float fb1 = (float)b1, fb2 = (float)b2, feps = (float)eps;
    float *w = p->data;
    const float *grad = p->grad;
    #pragma omp parallel for schedule(static) if (p->numel > 65536)
    for (int64_t j = 0; j < p->numel; j++) {
        float g = grad[j] * scale + wd * w[j];
        m[j] = fb1 * m[j] + (1.0f - fb1) * g;
        v[j] = fb2 * v[j] + (1.0f - fb2) * g * g;
        if (radam && rectified) /* torch RAdam: eps added to sqrt(v) before bias correction */
            w[j] -= step * m[j] * sqrt_bc2 / (sqrtf(v[j]) + feps);
        else if (!radam) /* torch Adam: eps added after */
            w[j] -= step * m[j] / (sqrtf(v[j]) / sqrt_bc2 + feps);
        else
            w[j] -= step * m[j]; /* RAdam's un-rectified early steps: SGD with momentum */
    }
}

double nash_optim_step(nash_optim *o, float lr)
{
    nash_net *net = o->net;
    double norm = global_grad_norm(net);
    float scale = 1.0f;
    if (o->cfg.clip_norm > 0.0f && norm > o->cfg.clip_norm)
        scale = (float)(o->cfg.clip_norm / (norm + 1e-6)); /* as torch.nn.utils.clip_grad_norm_ */
    for (int i = 0; i < net->n_params; i++) {
        const nash_param *p = &net->params[i];
        float wd = (p->flags & NASH_PARAM_NO_DECAY) && !o->cfg.decay_all ? 0.0f : o->cfg.weight_decay;
        if (o->cfg.kind == NASH_OPTIM_SGD)
            sgd_update(o, p, o->slots ? o->state[i] : NULL, lr, wd, scale);
        else
            adam_update(o, p, o->state[i * 2], o->state[i * 2 + 1], lr, wd, scale);
    }
    o->steps++;
    return norm;
}
