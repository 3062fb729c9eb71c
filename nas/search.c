/*
 * search.c — regularised evolution over a nash search space (see search.h
 * for the algorithm, its sources and the determinism contract).
 *
 * Owns: the constraint parser, the graph-only cost count (a mirror of
 * proxies.c's flops(); tests/test_search.c checks that both agree), the set of
 * strings already seen, and the step loop. Does not own: the spaces'
 * operators, the objective, files or printing.
 */
#include "search.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(NASH_PROXY_PARAMS == 0 && NASH_PROXY_FLOPS == 1 && NASH_PROXY_HFLOPS == 2 &&
                   NASH_PROXY_HFLOPS_F == 3,
               "nash_search_cost.value[] is indexed by the first four proxies");

/* ------------------------------------------------------------------------- */
/* Costs                                                                      */

int nash_search_cost_of(nash_net *net, nash_search_cost *cost)
{
    if (!net)
        return nash_fail("search cost: no network");
    cost->value[NASH_PROXY_PARAMS] = (double)nash_net_param_numel(net) / 1e6;
    cost->value[NASH_PROXY_FLOPS] = nash_proxy_flops(net, 1, 1);
    cost->value[NASH_PROXY_HFLOPS] = nash_proxy_flops(net, 5, 8);
    cost->value[NASH_PROXY_HFLOPS_F] = nash_proxy_flops(net, 1.88, 1.88);
    return 0;
}

/* ------------------------------------------------------------------------- */
/* Constraints                                                                */

static int constraint_error(const char *text, size_t pos, const char *fmt, const char *what)
{
    return nash_fail("constraint \"%s\": %s%s at column %zu", text, fmt, what, pos + 1);
}

int nash_search_constraints_parse(const char *text, nash_search_constraints *c)
{
    memset(c, 0, sizeof *c);
    if (!text)
        return nash_fail("constraint: none given");
    if (text[0] == '\0' || strcmp(text, "none") == 0)
        return 0;
    size_t pos = 0;
    for (;;) {
        /* metric */
        size_t start = pos;
        while ((text[pos] >= 'a' && text[pos] <= 'z') || text[pos] == '_')
            pos++;
        int metric = -1;
        for (int m = 0; m < NASH_SEARCH_COSTS; m++)
            if (strlen(nash_proxy_names[m]) == pos - start &&
                strncmp(text + start, nash_proxy_names[m], pos - start) == 0)
                metric = m;
        if (metric < 0) {
            char found[48];
            size_t len = pos > start ? pos - start : (text[start] ? 1 : 0);
            snprintf(found, sizeof found, "'%.*s'", (int)(len < 40 ? len : 40), text + start);
            return constraint_error(text, start,
                                    "expected params, flops, hflops or hflops_f, found ",
                                    len ? found : "the end");
        }
        /* comparison */
        int at_least;
        if (text[pos] == '<' && text[pos + 1] == '=')
            at_least = 0;
        else if (text[pos] == '>' && text[pos + 1] == '=')
            at_least = 1;
        else {
            char found[8];
            snprintf(found, sizeof found, "'%.2s'", text + pos);
            return constraint_error(text, pos, "expected '<=' or '>=', found ",
                                    text[pos] ? found : "the end");
        }
        pos += 2;
        /* number: up to the next ',' or the end */
        size_t num_start = pos;
        while (text[pos] && text[pos] != ',')
            pos++;
        char num[64];
        if (pos == num_start)
            return constraint_error(text, num_start, "expected a number, found ",
                                    text[pos] ? "','" : "the end");
        if (pos - num_start >= sizeof num)
            return constraint_error(text, num_start, "number too long", "");
        memcpy(num, text + num_start, pos - num_start);
        num[pos - num_start] = '\0';
        char *end;
        double value = strtod(num, &end);
        if (*end || !isfinite(value)) {
            char what[96];
            snprintf(what, sizeof what, "'%s' is not a finite number", num);
            return constraint_error(text, num_start, what, "");
        }
        if (c->n == NASH_SEARCH_MAX_BOUNDS)
            return constraint_error(text, start, "more than 8 bounds", "");
        c->bound[c->n++] = (nash_search_bound){metric, at_least, value};
        if (text[pos] == '\0')
            return 0;
        pos++; /* ',' */
        if (text[pos] == '\0')
            return constraint_error(text, pos, "expected a bound after ',', found ", "the end");
    }
}

void nash_search_constraints_format(const nash_search_constraints *c, char *buf, size_t size)
{
    size_t used = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    if (c->n == 0) {
        snprintf(buf, size, "none");
        return;
    }
    for (int i = 0; i < c->n && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s%s%.17g", i ? "," : "",
                                 nash_proxy_names[c->bound[i].metric],
                                 c->bound[i].at_least ? ">=" : "<=", c->bound[i].value);
}

int nash_search_violated(const nash_search_constraints *c, const nash_search_cost *cost)
{
    for (int i = 0; i < c->n; i++) {
        double v = cost->value[c->bound[i].metric];
        int ok = c->bound[i].at_least ? v >= c->bound[i].value : v <= c->bound[i].value;
        if (!ok)
            return i;
    }
    return -1;
}

/* ------------------------------------------------------------------------- */
/* Strings already seen: open addressing over canonical strings (FNV-1a).     */

enum { SEEN_EVALUATED = 1, SEEN_INFEASIBLE = 2 };

typedef struct seen_set {
    char **key;
    unsigned char *kind;
    size_t cap, n; /* cap is a power of two, kept at most half full */
} seen_set;

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void seen_free(seen_set *s)
{
    for (size_t i = 0; i < s->cap; i++)
        free(s->key[i]);
    free(s->key);
    free(s->kind);
    memset(s, 0, sizeof *s);
}

static size_t seen_slot(const seen_set *s, const char *key)
{
    size_t i = (size_t)fnv1a(key) & (s->cap - 1);
    while (s->key[i] && strcmp(s->key[i], key) != 0)
        i = (i + 1) & (s->cap - 1);
    return i;
}

static int seen_get(const seen_set *s, const char *key)
{
    if (s->cap == 0)
        return 0;
    size_t i = seen_slot(s, key);
    return s->key[i] ? s->kind[i] : 0;
}

static int seen_put(seen_set *s, const char *key, int kind)
{
    if (2 * (s->n + 1) > s->cap) {
        seen_set grown = {0};
        grown.cap = s->cap ? 2 * s->cap : 1024;
        grown.key = calloc(grown.cap, sizeof(char *));
        grown.kind = calloc(grown.cap, 1);
        if (!grown.key || !grown.kind) {
            free(grown.key);
            free(grown.kind);
            return nash_fail("search: out of memory for a set of %zu strings", grown.cap);
        }
        for (size_t i = 0; i < s->cap; i++)
            if (s->key[i]) {
                size_t j = seen_slot(&grown, s->key[i]);
                grown.key[j] = s->key[i];
                grown.kind[j] = s->kind[i];
            }
        grown.n = s->n;
        free(s->key);
        free(s->kind);
        *s = grown;
    }
    size_t i = seen_slot(s, key);
    if (!s->key[i]) {
        s->key[i] = strdup(key);
        if (!s->key[i])
            return nash_fail("search: out of memory");
        s->n++;
    }
    s->kind[i] = (unsigned char)kind;
    return 0;
}

/* ------------------------------------------------------------------------- */
/* The run                                                                    */

nash_search_config nash_search_defaults(void)
{
    return (nash_search_config){.c = 3, .h = 32, .w = 32, .classes = 10, .budget = 1000,
                                .population = 20, .tournament = 5, .mutation_p = 0.2,
                                .crossover_rate = 0.5, .max_draws = 1000, .seed = 1,
                                .batch = 1};
}

typedef struct search_run {
    const nash_search_config *cfg;
    nash_search_result *res;
    seen_set seen;
    /* range of the constrained costs over everything measured: for the infeasible message */
    double seen_min[NASH_SEARCH_COSTS], seen_max[NASH_SEARCH_COSTS];
    int64_t measured;
} search_run;

/* The generator of step `step`: a function of (seed, step) only. */
static void step_rng(uint64_t seed, int step, nash_rng *rng)
{
    nash_rng_seed(rng, seed ^ (0x9E3779B97F4A7C15ULL * ((uint64_t)step + 1)));
}

/* a better than b: NaN loses to any number; equal scores are not better. */
static int better(double a, double b)
{
    if (isnan(a))
        return 0;
    return isnan(b) || a > b;
}

/* Real et al., Algorithm 1: S draws with replacement from the population
 * (the evaluations step-P .. step-1), the best of them wins (the first drawn
 * among equals). Returns its step. */
/* A tournament among the P evaluations before step `window_end` (the step
 * itself for batch 1, the first step of its batch otherwise). */
static int tournament(const search_run *r, int window_end, nash_rng *rng)
{
    const nash_search_config *cfg = r->cfg;
    int first = window_end - cfg->population, winner = -1;
    for (int i = 0; i < cfg->tournament; i++) {
        int pick = first + (int)nash_rng_below(rng, (uint32_t)cfg->population);
        if (winner < 0 || better(r->res->evals[pick].score, r->res->evals[winner].score))
            winner = pick;
    }
    return winner;
}

/* Builds `arch` and counts its costs; the network is returned uncompiled. */
static nash_net *measure(search_run *r, const char *arch, nash_search_cost *cost)
{
    const nash_search_config *cfg = r->cfg;
    nash_net *net = nash_space_build(cfg->space, arch, cfg->c, cfg->h, cfg->w, cfg->classes);
    if (!net) {
        nash_fail_context("search: building %s", arch);
        return NULL;
    }
    nash_search_cost_of(net, cost);
    for (int m = 0; m < NASH_SEARCH_COSTS; m++) {
        if (r->measured == 0 || cost->value[m] < r->seen_min[m])
            r->seen_min[m] = cost->value[m];
        if (r->measured == 0 || cost->value[m] > r->seen_max[m])
            r->seen_max[m] = cost->value[m];
    }
    r->measured++;
    return net;
}

typedef struct candidate {
    char arch[NASH_SPACE_ARCH_MAX];
    nash_search_cost cost;
    int parent, parent2;
    nash_net *net; /* built, uncompiled */
} candidate;

/* Draws until a new feasible candidate is found or `tries` draws are spent.
 * evolve = 0: uniform samples; 1: tournament + mutation/crossover.
 * 1 found, 0 none, -1 error. */
static int draw(search_run *r, int step, int window_end, int evolve, int tries, nash_rng *rng,
                candidate *cand)
{
    const nash_search_config *cfg = r->cfg;
    const nash_space *sp = cfg->space;
    char raw[NASH_SPACE_ARCH_MAX];
    for (int t = 0; t < tries; t++) {
        cand->parent = cand->parent2 = -1;
        int rc;
        if (!evolve) {
            rc = nash_space_sample(sp, rng, raw, sizeof raw);
        } else {
            cand->parent = tournament(r, window_end, rng);
            const char *pa = r->res->evals[cand->parent].arch;
            if ((double)nash_rng_uniform(rng) < cfg->crossover_rate) {
                cand->parent2 = tournament(r, window_end, rng);
                rc = nash_space_crossover(sp, pa, r->res->evals[cand->parent2].arch, rng, raw,
                                          sizeof raw);
            } else {
                rc = nash_space_mutate(sp, pa, cfg->mutation_p, rng, raw, sizeof raw);
            }
        }
        /* the set is keyed by the canonical form whatever an operator returns */
        if (rc != 0 || nash_space_canonical(sp, raw, cand->arch, sizeof cand->arch) != 0)
            return nash_fail_context("search step %d", step);
        r->res->draws++;
        int seen = seen_get(&r->seen, cand->arch);
        if (seen) {
            r->res->duplicates++;
            continue;
        }
        cand->net = measure(r, cand->arch, &cand->cost);
        if (!cand->net)
            return -1;
        if (nash_search_violated(&cfg->constraints, &cand->cost) >= 0) {
            nash_net_free(cand->net);
            cand->net = NULL;
            r->res->infeasible++;
            if (seen_put(&r->seen, cand->arch, SEEN_INFEASIBLE) != 0)
                return -1;
            continue;
        }
        return 1;
    }
    return 0;
}

/* The message when the initial population cannot be filled. */
static int infeasible_error(const search_run *r, int step)
{
    const nash_search_config *cfg = r->cfg;
    char cons[256], ranges[512] = "";
    size_t used = 0;
    nash_search_constraints_format(&cfg->constraints, cons, sizeof cons);
    int counted[NASH_SEARCH_COSTS] = {0};
    for (int i = 0; i < cfg->constraints.n && r->measured > 0; i++) {
        int m = cfg->constraints.bound[i].metric;
        if (counted[m]++ || used >= sizeof ranges)
            continue;
        used += (size_t)snprintf(ranges + used, sizeof ranges - used, "%s%s seen %.4g .. %.4g",
                                 used ? ", " : " (", nash_proxy_names[m], r->seen_min[m],
                                 r->seen_max[m]);
    }
    if (used > 0 && used < sizeof ranges)
        snprintf(ranges + used, sizeof ranges - used, ")");
    if (step == 0)
        return nash_fail("search: constraint %s looks infeasible in %s: none of %d uniform draws "
                         "satisfied it%s",
                         cons, nash_space_name(cfg->space), cfg->max_draws, ranges);
    return nash_fail("search: only %d distinct architectures of %s satisfy %s in %lld draws, "
                     "fewer than the population %d; relax the constraint or lower the "
                     "population%s",
                     step, nash_space_name(cfg->space), cons, (long long)r->res->draws,
                     cfg->population, ranges);
}

int nash_search_config_check(const nash_search_config *cfg)
{
    if (!cfg->space)
        return nash_fail("search: no space");
    if (!cfg->objective)
        return nash_fail("search: no objective");
    if (cfg->population < 1)
        return nash_fail("search: population %d, expected >= 1", cfg->population);
    if (cfg->batch < 1 || cfg->batch > 100000)
        return nash_fail("search: batch %d, expected 1 .. 100000", cfg->batch);
    if (cfg->budget < cfg->population)
        return nash_fail("search: budget %d is smaller than the population %d", cfg->budget,
                         cfg->population);
    if (cfg->tournament < 1 || cfg->tournament > cfg->population)
        return nash_fail("search: tournament %d, expected 1 .. population (%d)", cfg->tournament,
                         cfg->population);
    if (!(cfg->mutation_p >= 0 && cfg->mutation_p <= 1))
        return nash_fail("search: mutation probability %g, expected 0 .. 1", cfg->mutation_p);
    if (!(cfg->crossover_rate >= 0 && cfg->crossover_rate <= 1))
        return nash_fail("search: crossover rate %g, expected 0 .. 1", cfg->crossover_rate);
    if (cfg->max_draws < 1)
        return nash_fail("search: max_draws %d, expected >= 1", cfg->max_draws);
    if (cfg->c < 1 || cfg->h < 1 || cfg->w < 1 || cfg->classes < 1)
        return nash_fail("search: input %dx%dx%d with %d classes", cfg->c, cfg->h, cfg->w,
                         cfg->classes);
    return 0;
}

static int costs_agree(double recorded, double now)
{
    return fabs(recorded - now) <= 1e-9 * fmax(1.0, fabs(now));
}

/* Appends one history row after checking it against the space and the config. */
static int replay(search_run *r, const nash_search_eval *h, int i)
{
    const nash_search_config *cfg = r->cfg;
    nash_search_result *res = r->res;
    char canon[NASH_SPACE_ARCH_MAX];
    if (h->step != i)
        return nash_fail("history row %d: step %d, expected %d", i, h->step, i);
    if (!h->arch || nash_space_canonical(cfg->space, h->arch, canon, sizeof canon) != 0)
        return nash_fail_context("history step %d", i);
    if (strcmp(canon, h->arch) != 0)
        return nash_fail("history step %d: \"%s\" is not canonical (\"%s\")", i, h->arch, canon);
    if (seen_get(&r->seen, canon) == SEEN_EVALUATED)
        return nash_fail("history step %d: %s was already evaluated", i, canon);
    /* parents come from the snapshot of the step's batch: steps base-P .. base-1 */
    int P = cfg->population, base = i < P ? i : P + (i - P) / cfg->batch * cfg->batch;
    int lo = i < P ? i : base - P;
    if ((h->parent != -1 && (h->parent < lo || h->parent >= base)) ||
        (h->parent2 != -1 && (h->parent2 < lo || h->parent2 >= base || h->parent < 0)))
        return nash_fail("history step %d: parents %d, %d are not in the population of steps "
                         "%d .. %d",
                         i, h->parent, h->parent2, lo, base - 1);
    nash_search_cost cost;
    nash_net *net = measure(r, canon, &cost);
    if (!net)
        return -1;
    nash_net_free(net);
    for (int m = 0; m < NASH_SEARCH_COSTS; m++)
        if (!costs_agree(h->cost.value[m], cost.value[m]))
            return nash_fail("history step %d: %s recorded as %.17g but the architecture has "
                             "%.17g at %dx%dx%d (another dataset or builder?)",
                             i, nash_proxy_names[m], h->cost.value[m], cost.value[m], cfg->c,
                             cfg->h, cfg->w);
    int broken = nash_search_violated(&cfg->constraints, &cost);
    if (broken >= 0) {
        const nash_search_bound *b = &cfg->constraints.bound[broken];
        return nash_fail("history step %d: %s = %.6g breaks %s%s%g (another constraint?)", i,
                         nash_proxy_names[b->metric], cost.value[b->metric],
                         nash_proxy_names[b->metric], b->at_least ? ">=" : "<=", b->value);
    }
    int64_t index = -1;
    if (nash_space_size(cfg->space) >= 0 && nash_space_to_index(cfg->space, canon, &index) != 0)
        return nash_fail_context("history step %d", i);
    if (h->index != index)
        return nash_fail("history step %d: index %lld, but %s has index %lld", i,
                         (long long)h->index, canon, (long long)index);
    nash_search_eval *e = &res->evals[res->n_evals];
    *e = *h;
    e->cost = cost;
    e->arch = strdup(canon);
    if (!e->arch)
        return nash_fail("search: out of memory");
    res->n_evals++;
    res->resumed++;
    return seen_put(&r->seen, canon, SEEN_EVALUATED);
}

int nash_search_run(const nash_search_config *cfg, const nash_search_eval *history,
                    int n_history, nash_search_result *res)
{
    memset(res, 0, sizeof *res);
    if (nash_search_config_check(cfg) != 0)
        return -1;
    if (n_history > cfg->budget)
        return nash_fail("search: the history holds %d evaluations, more than the budget %d",
                         n_history, cfg->budget);
    res->evals = calloc((size_t)cfg->budget, sizeof *res->evals);
    if (!res->evals)
        return nash_fail("search: out of memory for %d evaluations", cfg->budget);
    search_run r = {.cfg = cfg, .res = res};
    int rc = 0;
    for (int i = 0; rc == 0 && i < n_history; i++)
        rc = replay(&r, &history[i], i);

    int64_t enumerable = nash_space_size(cfg->space);
    const int P = cfg->population, G = cfg->batch;
    int cap = P > G ? P : G;
    candidate *cands = calloc((size_t)cap, sizeof *cands);
    double *scores = calloc((size_t)cap, sizeof *scores);
    const char **archs = calloc((size_t)cap, sizeof *archs);
    nash_net **nets = calloc((size_t)cap, sizeof *nets);
    nash_search_cost *costs = calloc((size_t)cap, sizeof *costs);
    if (rc == 0 && (!cands || !scores || !archs || !nets || !costs))
        rc = nash_fail("search: out of memory for a batch of %d", cap);
    for (int step = n_history; rc == 0 && step < cfg->budget;) {
        /* The batch this step belongs to: the initial population is one; then
         * steps P + m*G .. P + (m+1)*G - 1 share the snapshot of the P
         * evaluations before the batch (with G = 1, the step itself). A resumed
         * run may start mid-batch and still uses the batch's snapshot. */
        int evolve = step >= P;
        int base = evolve ? P + (step - P) / G * G : 0;
        int end = evolve ? base + G : P;
        if (end > cfg->budget)
            end = cfg->budget;
        int n = 0, stop = 0;
        char infeasible[1024] = "";
        for (int s = step; s < end; s++) {
            nash_rng rng;
            step_rng(cfg->seed, s, &rng);
            candidate *cand = &cands[n];
            memset(cand, 0, sizeof *cand);
            int found = draw(&r, s, base, evolve, cfg->max_draws, &rng, cand);
            if (found == 0 && evolve) /* the neighbourhood is used up: sample anywhere */
                found = draw(&r, s, base, 0, cfg->max_draws, &rng, cand);
            if (found < 0) {
                rc = -1;
                break;
            }
            if (found == 0) {
                if (!evolve) { /* reported after the batch drawn so far is scored and kept */
                    infeasible_error(&r, s);
                    snprintf(infeasible, sizeof infeasible, "%s", nash_last_error());
                } else {
                    res->stopped_early = 1;
                }
                stop = 1;
                break;
            }
            n++;
            /* the later draws of this batch must not repeat it */
            if ((rc = seen_put(&r.seen, cand->arch, SEEN_EVALUATED)) != 0)
                break;
        }
        if (rc == 0 && n > 0) {
            for (int i = 0; i < n; i++) {
                archs[i] = cands[i].arch;
                nets[i] = cands[i].net;
                costs[i] = cands[i].cost;
            }
            if (cfg->objective_batch) {
                if (cfg->objective_batch(cfg->objective_user, n, archs, nets, costs, scores) != 0)
                    rc = nash_fail_context("search steps %d .. %d", step, step + n - 1);
            } else {
                for (int i = 0; rc == 0 && i < n; i++)
                    if (cfg->objective(cfg->objective_user, archs[i], nets[i], &costs[i],
                                       &scores[i]) != 0)
                        rc = nash_fail_context("search step %d, %s", step + i, archs[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            if (rc == 0) {
                nash_search_eval *e = &res->evals[res->n_evals];
                *e = (nash_search_eval){.step = step + i, .index = -1, .cost = cands[i].cost,
                                        .parent = cands[i].parent, .parent2 = cands[i].parent2,
                                        .score = scores[i]};
                if (enumerable >= 0)
                    rc = nash_space_to_index(cfg->space, cands[i].arch, &e->index);
                if (rc == 0 && !(e->arch = strdup(cands[i].arch)))
                    rc = nash_fail("search: out of memory");
                if (rc == 0) {
                    res->n_evals++;
                    if (cfg->observer)
                        rc = cfg->observer(cfg->observer_user, e);
                }
            }
            nash_net_free(cands[i].net);
            cands[i].net = NULL;
        }
        step += n;
        if (rc == 0 && infeasible[0])
            rc = nash_fail("%s", infeasible);
        if (stop)
            break;
    }
    free(cands);
    free(scores);
    free(archs);
    free(nets);
    free(costs);
    seen_free(&r.seen);
    return rc;
}

void nash_search_result_free(nash_search_result *res)
{
    for (int i = 0; i < res->n_evals; i++)
        free(res->evals[i].arch);
    free(res->evals);
    memset(res, 0, sizeof *res);
}

typedef struct ranked {
    double score;
    int i; /* index into evals = the step */
} ranked;

static int cmp_best_first(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (better(a->score, b->score))
        return -1;
    if (better(b->score, a->score))
        return 1;
    return (a->i > b->i) - (a->i < b->i);
}

int nash_search_top(const nash_search_result *res, int k, int *top)
{
    if (k <= 0 || res->n_evals == 0)
        return 0;
    ranked *order = malloc((size_t)res->n_evals * sizeof *order);
    if (!order)
        return nash_fail("search: out of memory ranking %d evaluations", res->n_evals);
    int n = 0;
    for (int i = 0; i < res->n_evals; i++)
        if (!isnan(res->evals[i].score))
            order[n++] = (ranked){res->evals[i].score, i};
    qsort(order, (size_t)n, sizeof *order, cmp_best_first);
    if (n > k)
        n = k;
    for (int j = 0; j < n; j++)
        top[j] = order[j].i;
    free(order);
    return n;
}
