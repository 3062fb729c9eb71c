/*
 * search.h — zero-shot evolutionary architecture search over a nash search
 * space (nas/): regularised ("aging") evolution under cost constraints, with
 * the objective supplied by the caller.
 *
 * Owns: the constraint grammar and its column-precise errors, the cheap cost
 * of a candidate (params / flops / hflops / hflops_f counted on a built but
 * NOT compiled network, so rejecting an infeasible candidate costs a build,
 * not a compile), the evolution loop, its per-step seeding (which makes a run
 * resumable from its own history), and the ranking of the result. Does not
 * own: any space's grammar or operators (nash_space_* of nash_nas.h), the
 * proxies (proxies.h), files, images or printing (tools/cmd_search.c).
 *
 * Worked example — the largest NB201 cell under 50 MFLOPs, 300 evaluations:
 *
 *     static int by_params(void *user, const char *arch, nash_net *net,
 *                          const nash_search_cost *cost, double *score)
 *     { *score = cost->value[NASH_PROXY_PARAMS]; return 0; }
 *
 *     nash_search_config cfg = nash_search_defaults();
 *     cfg.space = nash_space_find("nb201");
 *     cfg.budget = 300;
 *     cfg.objective = by_params;
 *     if (nash_search_constraints_parse("flops<=50", &cfg.constraints) != 0) ...
 *     nash_search_result r;
 *     if (nash_search_run(&cfg, NULL, 0, &r) != 0)
 *         fprintf(stderr, "nash: error: %s\n", nash_last_error());
 *     int best[5], n = nash_search_top(&r, 5, best);   // indices into r.evals
 *     nash_search_result_free(&r);
 *
 * THE ALGORITHM (Real, Aggarwal, Huang & Le, "Regularized Evolution for Image
 * Classifier Architecture Search", AAAI 2019, Algorithm 1)
 *   1. Steps 0 .. P-1: uniform samples of the space that satisfy the
 *      constraints (rejection sampling).
 *   2. Every later step: S members are drawn from the population uniformly
 *      with replacement; the best is the parent. With probability
 *      crossover_rate a second tournament picks a second parent and the child
 *      is their uniform crossover, otherwise the child is the parent mutated
 *      with per-choice probability mutation_p (NASA-F's search.py uses both
 *      operators; 0.2 per gene is its rate). The child is evaluated, joins the
 *      population and the OLDEST member leaves — so the population at step s
 *      is always the P evaluations s-P .. s-1.
 *   A drawn candidate that is infeasible or was already evaluated (same
 *   canonical string) is redrawn; redraws do not count against the budget.
 *   After max_draws redraws in one step the step falls back to uniform
 *   samples (another max_draws); when those fail too the search stops early
 *   (the feasible set is probably exhausted) — in the initial population that
 *   is an error saying the constraint is (nearly) infeasible, with the range
 *   of the constrained costs that were seen.
 *
 * DETERMINISM AND RESUMING. Step s draws only from a generator seeded with
 * (seed, s), and everything else it reads — the population and the set of
 * evaluated strings — is a function of the evaluations 0 .. s-1. So a run
 * given its own first k evaluations as history continues exactly as the
 * uninterrupted run did (if the scores are given back bit-exactly: write them
 * with %.17g), and a run with a larger budget extends a smaller one.
 * Scores are higher = better; a NaN score (proxy not computable) loses every
 * tournament and is never among the best.
 *
 * Errors: functions returning int give 0, or -1 with nash_last_error(), e.g.
 *     constraint "flops<=1e,params<=2": 'flops<=1e' is not a number at column 8
 *     search: constraint flops<=1 looks infeasible in nb201: 0 of 1000 uniform
 *       draws satisfied it (flops seen 7.8 .. 220.1)
 */
#ifndef NASH_SEARCH_H
#define NASH_SEARCH_H

#include <stdint.h>

#include "nash_nas.h"

/* ------------------------------------------------------------------------- */
/* Costs and constraints                                                      */

/* The cost metrics are the first four proxies: params, flops, hflops, hflops_f
 * (millions; definitions in proxies.h / proxies.c). */
#define NASH_SEARCH_COSTS 4

typedef struct nash_search_cost {
    double value[NASH_SEARCH_COSTS]; /* indexed by NASH_PROXY_PARAMS .. NASH_PROXY_HFLOPS_F */
} nash_search_cost;

/* Costs of a built network that is NOT compiled (compiling is what makes
 * nash_proxies_score cost milliseconds; these counts need only the graph).
 * Equal to nash_proxies_score's params/flops/hflops/hflops_f columns (tested). */
int nash_search_cost_of(nash_net *net, nash_search_cost *cost);

typedef struct nash_search_bound {
    int metric;       /* NASH_PROXY_PARAMS .. NASH_PROXY_HFLOPS_F */
    int at_least;     /* 0: metric <= value, 1: metric >= value */
    double value;     /* millions, as the proxy columns */
} nash_search_bound;

#define NASH_SEARCH_MAX_BOUNDS 8

typedef struct nash_search_constraints {
    int n;
    nash_search_bound bound[NASH_SEARCH_MAX_BOUNDS];
} nash_search_constraints;

/* Parses "flops<=X,params<=Y,hflops>=Z": bound {',' bound}, bound := metric
 * ('<=' | '>=') number, metric one of params, flops, hflops, hflops_f; no
 * spaces. "" and "none" are no constraint. 0, or -1 naming the column. */
int nash_search_constraints_parse(const char *text, nash_search_constraints *c);
/* "flops<=100,params<=1.5" (%.17g, so it parses back to the same numbers); "none" if empty. */
void nash_search_constraints_format(const nash_search_constraints *c, char *buf, size_t size);
/* -1 when cost satisfies every bound, else the index of the first bound it breaks. */
int nash_search_violated(const nash_search_constraints *c, const nash_search_cost *cost);

/* ------------------------------------------------------------------------- */
/* The search                                                                 */

/* One evaluated architecture. */
typedef struct nash_search_eval {
    int step;               /* 0-based: the evaluation's place in the run */
    int64_t index;          /* the space's index, -1 if the space is not enumerable */
    char *arch;             /* canonical string (owned by the result) */
    double score;           /* the objective, higher = better; NaN = missing */
    nash_search_cost cost;
    int parent;             /* step of the (first) parent, -1 for a uniform sample */
    int parent2;            /* step of the crossover's second parent, else -1 */
} nash_search_eval;

/* Scores one candidate. `net` is the candidate built at the configured input
 * geometry and not compiled; the objective may compile and run it (the search
 * frees it afterwards). 0, or -1 with a message to stop the search. */
typedef int (*nash_search_objective)(void *user, const char *arch, nash_net *net,
                                     const nash_search_cost *cost, double *score);
/* Optional: scores n candidates at once (same contract as the objective for
 * each; nets[i] is freed by the search). `nash search` under mpirun shards
 * them over the ranks. When NULL the objective is called one by one. */
typedef int (*nash_search_batch_objective)(void *user, int n, const char *const *archs,
                                           nash_net *const *nets, const nash_search_cost *costs,
                                           double *scores);
/* Called after each NEW evaluation (not for the history); non-zero stops the
 * search with that status (set a message with nash_fail). */
typedef int (*nash_search_observer)(void *user, const nash_search_eval *e);

typedef struct nash_search_config {
    const nash_space *space;
    int c, h, w, classes;          /* the geometry the costs are counted at */
    nash_search_constraints constraints;
    int budget;                    /* evaluations in total, history included */
    int population;                /* P */
    int tournament;                /* S, 1..P */
    double mutation_p;             /* per-choice mutation probability */
    double crossover_rate;         /* probability that a child is a crossover */
    int max_draws;                 /* redraw cap of one step (see the algorithm) */
    uint64_t seed;
    nash_search_objective objective;
    void *objective_user;
    /* Children drawn from one population snapshot before any is scored
     * (default 1: Algorithm 1 exactly). With G > 1 the search is the batched
     * variant: the children of steps s0 .. s0+G-1 (s0 = P + m*G) all hold
     * tournaments among evaluations s0-P .. s0-1, so G candidates can be scored
     * in parallel; the result depends on G, never on how many workers score
     * them. The initial population is always one batch (its draws do not
     * depend on scores, so this changes nothing). */
    int batch;
    nash_search_batch_objective objective_batch; /* may be NULL */
    nash_search_observer observer; /* may be NULL */
    void *observer_user;
} nash_search_config;

/* CIFAR geometry (3x32x32, 10 classes), no constraint, budget 1000, P 20,
 * S 5, mutation_p 0.2, crossover_rate 0.5, max_draws 1000, seed 1, batch 1;
 * space and objective unset. */
nash_search_config nash_search_defaults(void);
/* 0 when the settings are usable (space, objective, budget >= population >= 1,
 * 1 <= tournament <= population, probabilities in [0, 1], ...), else -1 naming
 * the setting. nash_search_run checks this first. */
int nash_search_config_check(const nash_search_config *cfg);

typedef struct nash_search_result {
    nash_search_eval *evals;  /* n_evals, in step order (history first) */
    int n_evals;
    int resumed;              /* how many came from the history */
    int stopped_early;        /* 1: no new feasible candidate could be drawn */
    int64_t draws;            /* candidates drawn in this call, ... */
    int64_t infeasible;       /* ... of which broke a constraint, ... */
    int64_t duplicates;       /* ... were already evaluated or known infeasible */
} nash_search_result;

/* Runs the search from `history` (n_history evaluations of an earlier run
 * with the same config, or NULL/0): checks every history row (step order,
 * canonical and unique strings, costs as recomputed, feasible, parents inside
 * the population of their step), then evaluates until the budget is spent.
 * On error the result still holds the evaluations made so far (free it). */
int nash_search_run(const nash_search_config *cfg, const nash_search_eval *history,
                    int n_history, nash_search_result *res);
void nash_search_result_free(nash_search_result *res);

/* Indices into res->evals of the k best scores (NaN left out; ties: earlier
 * step first), best first. Returns how many were written (<= k), or -1 when out
 * of memory. */
int nash_search_top(const nash_search_result *res, int k, int *top);

#endif /* NASH_SEARCH_H */
