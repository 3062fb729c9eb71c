/*
 * test_search.c — the evolutionary search of nas/search.h and `nash search`
 * (cmd_search from build/libnashcli.a, run in-process with data-free proxies
 * so no images are needed).
 *
 * Library: constraint parsing (good strings round-trip, bad ones name the
 * column), the graph-only costs against nash_proxies_score, infeasible and
 * too-tight constraints, an exhausted feasible set, determinism and resuming
 * from a history (also extending a finished run), history checks, the
 * optimum of a fake objective (params of NB201 cells under a FLOPs bound,
 * against the true optimum found by enumerating all 15,625 cells) and the
 * nasa space. CLI: same seed -> same CSV, a truncated and torn CSV resumed to
 * the uninterrupted file, extending a finished run, refusals, --json with a
 * proxy that compiles and runs the network (synflow, data-free), and the nasa
 * text report. Library fixtures build networks at 8x8.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "nash_nas.h"
#include "search.h"

/* declared in tools/cli.h once `search` is wired into nash; repeated here until then */
#include "cli.h"

/* ------------------------------------------------------------------------- */
/* Helpers                                                                    */

typedef struct fake_objective {
    int calls;
    int nan_every; /* > 0: every arch whose string hash is 0 mod nan_every scores NaN */
} fake_objective;

static uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* score = params (millions), the cheap stand-in for a proxy */
static int by_params(void *user, const char *arch, nash_net *net, const nash_search_cost *cost,
                     double *score)
{
    fake_objective *f = user;
    f->calls++;
    cr_assert(net, "the objective must get the built network");
    cr_assert_eq(nash_net_max_batch(net), 0, "the network must come uncompiled");
    *score = cost->value[NASH_PROXY_PARAMS];
    if (f->nan_every > 0 && str_hash(arch) % (uint64_t)f->nan_every == 0)
        *score = NAN;
    return 0;
}

static nash_search_config nb201_config(const char *constraint, int budget, uint64_t seed,
                                       fake_objective *f)
{
    nash_search_config cfg = nash_search_defaults();
    cfg.space = nash_space_find("nb201");
    cfg.h = cfg.w = 8;
    cfg.budget = budget;
    cfg.seed = seed;
    cfg.objective = by_params;
    cfg.objective_user = f;
    cr_assert_eq(nash_search_constraints_parse(constraint, &cfg.constraints), 0, "%s",
                 nash_last_error());
    return cfg;
}

static void assert_same_evals(const nash_search_result *a, const nash_search_result *b, int n)
{
    for (int i = 0; i < n; i++) {
        const nash_search_eval *x = &a->evals[i], *y = &b->evals[i];
        cr_assert_str_eq(x->arch, y->arch, "step %d differs", i);
        cr_assert(x->step == y->step && x->index == y->index && x->parent == y->parent &&
                      x->parent2 == y->parent2,
                  "step %d: bookkeeping differs", i);
        cr_assert((isnan(x->score) && isnan(y->score)) || x->score == y->score,
                  "step %d: score %.17g vs %.17g", i, x->score, y->score);
    }
}

/* Every evaluation distinct, feasible, canonical, and its parents inside its population. */
static void assert_valid_run(const nash_search_config *cfg, const nash_search_result *r)
{
    for (int i = 0; i < r->n_evals; i++) {
        const nash_search_eval *e = &r->evals[i];
        char canon[NASH_SPACE_ARCH_MAX];
        cr_assert_eq(e->step, i);
        cr_assert_eq(nash_space_canonical(cfg->space, e->arch, canon, sizeof canon), 0);
        cr_assert_str_eq(canon, e->arch);
        cr_assert_eq(nash_search_violated(&cfg->constraints, &e->cost), -1,
                     "step %d breaks the constraint", i);
        for (int j = 0; j < i; j++)
            cr_assert_str_neq(r->evals[j].arch, e->arch, "steps %d and %d are the same", j, i);
        if (i < cfg->population)
            cr_assert(e->parent == -1 && e->parent2 == -1, "step %d has parents", i);
        else if (e->parent >= 0)
            cr_assert(e->parent >= i - cfg->population && e->parent < i &&
                          (e->parent2 == -1 ||
                           (e->parent2 >= i - cfg->population && e->parent2 < i)),
                      "step %d: parents %d %d", i, e->parent, e->parent2);
    }
}

/* Costs of all 15,625 NB201 cells at 3x8x8 (index order). */
static void nb201_all_costs(nash_search_cost *costs)
{
    const nash_space *sp = nash_space_find("nb201");
    char arch[NASH_SPACE_ARCH_MAX];
    for (int64_t i = 0; i < nash_space_size(sp); i++) {
        cr_assert_eq(nash_space_from_index(sp, i, arch, sizeof arch), 0);
        nash_net *net = nash_space_build(sp, arch, 3, 8, 8, 10);
        cr_assert(net, "%s", nash_last_error());
        cr_assert_eq(nash_search_cost_of(net, &costs[i]), 0);
        nash_net_free(net);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* ------------------------------------------------------------------------- */
/* Constraints and costs                                                      */

TestSuite(search);

Test(search, constraints_parse_and_name_the_column_of_errors)
{
    nash_search_constraints c;
    cr_assert_eq(nash_search_constraints_parse("flops<=100", &c), 0, "%s", nash_last_error());
    cr_assert(c.n == 1 && c.bound[0].metric == NASH_PROXY_FLOPS && !c.bound[0].at_least &&
              c.bound[0].value == 100);
    const char *many = "params<=1.5,flops>=10,hflops<=3e1,hflops_f<=7.25";
    cr_assert_eq(nash_search_constraints_parse(many, &c), 0, "%s", nash_last_error());
    cr_assert_eq(c.n, 4);
    cr_assert(c.bound[1].metric == NASH_PROXY_FLOPS && c.bound[1].at_least);
    cr_assert(c.bound[3].metric == NASH_PROXY_HFLOPS_F && c.bound[3].value == 7.25);
    char text[256];
    nash_search_constraints_format(&c, text, sizeof text);
    cr_assert_str_eq(text, "params<=1.5,flops>=10,hflops<=30,hflops_f<=7.25");
    nash_search_constraints back;
    cr_assert_eq(nash_search_constraints_parse(text, &back), 0);
    cr_assert_eq(memcmp(&back, &c, sizeof c), 0, "format must parse back to the same bounds");
    cr_assert(nash_search_constraints_parse("none", &c) == 0 && c.n == 0);
    cr_assert(nash_search_constraints_parse("", &c) == 0 && c.n == 0);
    nash_search_constraints_format(&c, text, sizeof text);
    cr_assert_str_eq(text, "none");

    /* bounds are inclusive, and the first broken one is reported */
    nash_search_constraints_parse("flops<=10,params>=2", &c);
    nash_search_cost cost = {{2, 10, 0, 0}};
    cr_assert_eq(nash_search_violated(&c, &cost), -1);
    cost.value[NASH_PROXY_PARAMS] = 1.999;
    cr_assert_eq(nash_search_violated(&c, &cost), 1);
    cost.value[NASH_PROXY_FLOPS] = 10.001;
    cr_assert_eq(nash_search_violated(&c, &cost), 0);

    static const struct {
        const char *text, *words;
        int column;
    } bad[] = {
        {"flop<=1", "'flop'", 1},
        {"FLOPS<=1", "'F'", 1},
        {"flops<1", "'<1'", 6},
        {"flops=<1", "'=<'", 6},
        {"flops", "the end", 6},
        {"flops<=", "the end", 8},
        {"flops<=1e", "'1e' is not a finite number", 8},
        {"flops<=nan", "not a finite number", 8},
        {"flops<=1,", "the end", 10},
        {"flops<=1,,params<=2", "','", 10},
        {"flops<=1,params>=x2", "'x2'", 18},
        {"flops<=,params<=1", "','", 8},
        {"a<=1,b<=1,c<=1", "'a'", 1},
        {"flops<=1,flops<=1,flops<=1,flops<=1,flops<=1,flops<=1,flops<=1,flops<=1,flops<=1",
         "more than 8", 73},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_eq(nash_search_constraints_parse(bad[i].text, &c), -1, "'%s' accepted",
                     bad[i].text);
        char col[32];
        snprintf(col, sizeof col, "at column %d", bad[i].column);
        const char *msg = nash_last_error();
        cr_assert(strstr(msg, bad[i].words) && strstr(msg, col) && strstr(msg, bad[i].text),
                  "'%s': got \"%s\", expected %s and %s", bad[i].text, msg, bad[i].words, col);
    }
}

Test(search, graph_costs_equal_the_proxy_columns)
{
    /* nash_search_cost_of mirrors proxies.c: it must give exactly the numbers
     * nash_proxies_score gives after compiling */
    static const char *spaces[] = {"nb201", "hb201", "nasa"};
    const int cost_proxies[NASH_SEARCH_COSTS] = {NASH_PROXY_PARAMS, NASH_PROXY_FLOPS,
                                                 NASH_PROXY_HFLOPS, NASH_PROXY_HFLOPS_F};
    nash_proxy_config pc = nash_proxy_config_default();
    char arch[NASH_SPACE_ARCH_MAX];
    for (int s = 0; s < 3; s++) {
        const nash_space *sp = nash_space_find(spaces[s]);
        nash_rng rng;
        nash_rng_seed(&rng, 11 + (uint64_t)s);
        int hybrid_seen = 0;
        for (int k = 0; k < 4; k++) {
            cr_assert_eq(nash_space_sample(sp, &rng, arch, sizeof arch), 0);
            nash_net *net = nash_space_build(sp, arch, 3, 8, 8, 10);
            cr_assert(net, "%s", nash_last_error());
            nash_search_cost cost;
            cr_assert_eq(nash_search_cost_of(net, &cost), 0);
            double want[NASH_SEARCH_COSTS];
            cr_assert_eq(nash_proxies_score(net, &pc, NULL, cost_proxies, NASH_SEARCH_COSTS, want),
                         0, "%s", nash_last_error());
            for (int m = 0; m < NASH_SEARCH_COSTS; m++)
                cr_assert(cost.value[m] == want[m] && want[m] > 0, "%s %s: %s %.17g vs %.17g",
                          spaces[s], arch, nash_proxy_names[m], cost.value[m], want[m]);
            hybrid_seen |= cost.value[NASH_PROXY_HFLOPS] < cost.value[NASH_PROXY_FLOPS];
            nash_net_free(net);
        }
        if (s > 0) /* hb201 and nasa samples hold shift/adder layers: hflops < flops */
            cr_assert(hybrid_seen, "%s: no sample with cheaper hybrid FLOPs", spaces[s]);
    }
}

/* ------------------------------------------------------------------------- */
/* Feasibility                                                                */

Test(search, infeasible_and_too_tight_constraints_are_errors)
{
    fake_objective f = {0};
    nash_search_config cfg = nb201_config("flops<=0.001", 40, 1, &f);
    cfg.max_draws = 200;
    nash_search_result r;
    cr_assert_eq(nash_search_run(&cfg, NULL, 0, &r), -1);
    const char *msg = nash_last_error();
    cr_assert(strstr(msg, "infeasible") && strstr(msg, "flops<=0.001") &&
                  strstr(msg, "none of 200") && strstr(msg, "flops seen"),
              "%s", msg);
    cr_assert_eq(f.calls, 0);
    cr_assert_eq(r.n_evals, 0);
    nash_search_result_free(&r);

    /* the 729 cells without a convolution share the smallest parameter count:
     * a population of 800 cannot be filled from them */
    nash_search_cost *all = malloc(15625 * sizeof *all);
    nb201_all_costs(all);
    double min_params = all[0].value[NASH_PROXY_PARAMS];
    for (int i = 0; i < 15625; i++)
        min_params = fmin(min_params, all[i].value[NASH_PROXY_PARAMS]);
    int feasible = 0;
    for (int i = 0; i < 15625; i++)
        feasible += all[i].value[NASH_PROXY_PARAMS] <= min_params;
    cr_assert_eq(feasible, 729);
    free(all);
    char cons[64];
    snprintf(cons, sizeof cons, "params<=%.17g", min_params);
    cfg = nb201_config(cons, 800, 1, &f);
    cfg.population = 800;
    cfg.max_draws = 300;
    cr_assert_eq(nash_search_run(&cfg, NULL, 0, &r), -1);
    msg = nash_last_error();
    cr_assert(strstr(msg, "distinct") && strstr(msg, "population 800"), "%s", msg);
    cr_assert(r.n_evals > 100 && r.n_evals < 729, "%d evaluations before giving up", r.n_evals);
    nash_search_result_free(&r);
}

Test(search, an_exhausted_feasible_set_stops_the_search_early)
{
    /* at most 729 feasible cells (those without a convolution share the
     * smallest parameter count) and a budget of 800 */
    const nash_space *sp = nash_space_find("nb201");
    nash_net *net = nash_space_build(sp, "|skip_connect~0|+|none~0|none~1|+|none~0|none~1|none~2|",
                                     3, 8, 8, 10);
    cr_assert(net, "%s", nash_last_error());
    nash_search_cost base;
    nash_search_cost_of(net, &base);
    nash_net_free(net);
    char cons[64];
    snprintf(cons, sizeof cons, "params<=%.17g", base.value[NASH_PROXY_PARAMS]);
    fake_objective f = {0};
    nash_search_config cfg = nb201_config(cons, 800, 5, &f);
    cfg.max_draws = 300;
    nash_search_result r;
    cr_assert_eq(nash_search_run(&cfg, NULL, 0, &r), 0, "%s", nash_last_error());
    cr_assert(r.stopped_early, "the budget cannot be met");
    cr_assert(r.n_evals > 600 && r.n_evals <= 729, "%d evaluations", r.n_evals);
    cr_assert_eq(f.calls, r.n_evals);
    cr_assert(r.infeasible > 0 && r.duplicates > 0);
    assert_valid_run(&cfg, &r);
    nash_search_result_free(&r);
}

/* ------------------------------------------------------------------------- */
/* Determinism and resuming                                                   */

Test(search, same_seed_same_run_and_a_resumed_history_continues_it)
{
    fake_objective f = {.nan_every = 9};
    nash_search_config cfg = nb201_config("flops<=4", 120, 3, &f);
    nash_search_result a, b, c;
    cr_assert_eq(nash_search_run(&cfg, NULL, 0, &a), 0, "%s", nash_last_error());
    cr_assert_eq(a.n_evals, 120);
    cr_assert_eq(f.calls, 120);
    cr_assert(a.infeasible > 0, "flops<=4 should reject some cells at 8x8");
    assert_valid_run(&cfg, &a);
    int crossovers = 0, mutations = 0, nans = 0;
    for (int i = 0; i < a.n_evals; i++) {
        crossovers += a.evals[i].parent2 >= 0;
        mutations += a.evals[i].parent >= 0 && a.evals[i].parent2 < 0;
        nans += isnan(a.evals[i].score);
    }
    cr_assert(crossovers > 20 && mutations > 20, "%d crossovers, %d mutations", crossovers,
              mutations);
    cr_assert(nans > 0, "the fake objective should have produced a NaN");

    cr_assert_eq(nash_search_run(&cfg, NULL, 0, &b), 0);
    assert_same_evals(&a, &b, 120);
    nash_search_result_free(&b);

    /* from the first 47 evaluations: the same run */
    cr_assert_eq(nash_search_run(&cfg, a.evals, 47, &c), 0, "%s", nash_last_error());
    cr_assert_eq(c.resumed, 47);
    cr_assert_eq(c.n_evals, 120);
    assert_same_evals(&a, &c, 120);
    nash_search_result_free(&c);

    /* a finished run of 60 extended to 120 is the run of 120 */
    cfg.budget = 60;
    cr_assert_eq(nash_search_run(&cfg, NULL, 0, &b), 0);
    cfg.budget = 120;
    cr_assert_eq(nash_search_run(&cfg, b.evals, b.n_evals, &c), 0, "%s", nash_last_error());
    assert_same_evals(&a, &c, 120);
    nash_search_result_free(&b);
    nash_search_result_free(&c);

    /* another seed: another run */
    cfg.seed = 4;
    cr_assert_eq(nash_search_run(&cfg, NULL, 0, &b), 0);
    int same = 0;
    for (int i = 0; i < 120; i++)
        same += strcmp(a.evals[i].arch, b.evals[i].arch) == 0;
    cr_assert(same < 10, "seeds 3 and 4 share %d steps", same);
    nash_search_result_free(&b);

    /* NaN scores never rank */
    int top[200];
    int n = nash_search_top(&a, 200, top);
    cr_assert_eq(n, 120 - nans);
    for (int i = 0; i < n; i++) {
        cr_assert(!isnan(a.evals[top[i]].score));
        if (i > 0)
            cr_assert(a.evals[top[i - 1]].score > a.evals[top[i]].score ||
                      (a.evals[top[i - 1]].score == a.evals[top[i]].score &&
                       top[i - 1] < top[i]));
    }
    nash_search_result_free(&a);
}

/* The batch objective `nash search` uses under mpirun: scores in any order. */
static int by_params_batch(void *user, int n, const char *const *archs, nash_net *const *nets,
                           const nash_search_cost *costs, double *scores)
{
    for (int i = n - 1; i >= 0; i--) /* reverse order: the result must not depend on it */
        if (by_params(user, archs[i], nets[i], &costs[i], &scores[i]) != 0)
            return -1;
    return 0;
}

Test(search, batched_children_any_scorer_and_a_resume_mid_batch)
{
    fake_objective f = {.nan_every = 9};
    nash_search_config cfg = nb201_config("flops<=4", 120, 3, &f);
    cfg.batch = 8;
    nash_search_result a, b, c, one;
    cr_assert_eq(nash_search_run(&cfg, NULL, 0, &a), 0, "%s", nash_last_error());
    cr_assert_eq(a.n_evals, 120);
    /* every child's parents come from the snapshot before its batch */
    for (int i = cfg.population; i < a.n_evals; i++) {
        int base = cfg.population + (i - cfg.population) / 8 * 8;
        const nash_search_eval *e = &a.evals[i];
        if (e->parent >= 0)
            cr_assert(e->parent >= base - cfg.population && e->parent < base &&
                          (e->parent2 < 0 || (e->parent2 >= base - cfg.population &&
                                              e->parent2 < base)),
                      "step %d (batch from %d): parents %d %d", i, base, e->parent, e->parent2);
    }
    /* scored as a batch (as the MPI ranks do): the same run */
    cfg.objective_batch = by_params_batch;
    cr_assert_eq(nash_search_run(&cfg, NULL, 0, &b), 0, "%s", nash_last_error());
    assert_same_evals(&a, &b, 120);
    /* resumed from 47 evaluations, in the middle of the batch 44 .. 51 */
    cr_assert_eq(nash_search_run(&cfg, a.evals, 47, &c), 0, "%s", nash_last_error());
    assert_same_evals(&a, &c, 120);
    /* batch 1 is another (the sequential) algorithm */
    cfg.batch = 1;
    cfg.objective_batch = NULL;
    cr_assert_eq(nash_search_run(&cfg, NULL, 0, &one), 0);
    int same = 0;
    for (int i = 0; i < 120; i++)
        same += strcmp(a.evals[i].arch, one.evals[i].arch) == 0;
    cr_assert_eq(same >= cfg.population, 1, "the initial population is the same");
    cr_assert(same < 110, "batch 8 and batch 1 share %d of 120 steps", same);
    nash_search_result_free(&a);
    nash_search_result_free(&b);
    nash_search_result_free(&c);
    nash_search_result_free(&one);
}

Test(search, history_rows_are_checked)
{
    fake_objective f = {0};
    nash_search_config cfg = nb201_config("flops<=4", 40, 2, &f);
    nash_search_result a, r;
    cr_assert_eq(nash_search_run(&cfg, NULL, 0, &a), 0, "%s", nash_last_error());
    nash_search_eval h[40];
    char bad_arch[NASH_SPACE_ARCH_MAX];
    static const struct {
        const char *what, *words;
    } cases[] = {
        {"step", "step 5, expected 6"},
        {"canonical", "nor_conv"},
        {"duplicate", "already evaluated"},
        {"parent", "not in the population"},
        {"cost", "recorded as"},
        {"index", "index"},
        {"constraint", "breaks flops<=2"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        memcpy(h, a.evals, sizeof h);
        const char *what = cases[k].what;
        nash_search_config c2 = cfg;
        if (strcmp(what, "step") == 0)
            h[6].step = 5;
        else if (strcmp(what, "canonical") == 0) {
            snprintf(bad_arch, sizeof bad_arch, "%s", a.evals[6].arch);
            bad_arch[2] = 'X'; /* |nXr_conv... or similar: not an op */
            h[6].arch = bad_arch;
        } else if (strcmp(what, "duplicate") == 0)
            h[6].arch = a.evals[3].arch;
        else if (strcmp(what, "parent") == 0)
            h[30].parent = 2; /* step 30's population is 10 .. 29 */
        else if (strcmp(what, "cost") == 0)
            h[6].cost.value[NASH_PROXY_FLOPS] *= 1.5;
        else if (strcmp(what, "index") == 0)
            h[6].index = (h[6].index + 1) % 15625;
        else
            nash_search_constraints_parse("flops<=2", &c2.constraints);
        cr_assert_eq(nash_search_run(&c2, h, 40, &r), -1, "%s accepted", what);
        cr_assert(strstr(nash_last_error(), cases[k].words), "%s: %s", what, nash_last_error());
        nash_search_result_free(&r);
    }
    cfg.budget = 39;
    cr_assert_eq(nash_search_run(&cfg, a.evals, 40, &r), -1);
    cr_assert(strstr(nash_last_error(), "more than the budget 39"), "%s", nash_last_error());
    nash_search_result_free(&r);
    nash_search_result_free(&a);
}

Test(search, bad_settings_are_refused)
{
    fake_objective f = {0};
    nash_search_result r;
    nash_search_config cfg = nb201_config("none", 10, 1, &f);
    cr_assert_eq(nash_search_run(&cfg, NULL, 0, &r), -1);
    cr_assert(strstr(nash_last_error(), "budget 10 is smaller than the population 20"), "%s",
              nash_last_error());
    cfg = nb201_config("none", 30, 1, &f);
    cfg.tournament = 21;
    cr_assert_eq(nash_search_run(&cfg, NULL, 0, &r), -1);
    cr_assert(strstr(nash_last_error(), "tournament 21"), "%s", nash_last_error());
    cfg = nb201_config("none", 30, 1, &f);
    cfg.mutation_p = 1.5;
    cr_assert_eq(nash_search_run(&cfg, NULL, 0, &r), -1);
    cr_assert_eq(f.calls, 0);
}

/* ------------------------------------------------------------------------- */
/* Does it find good architectures?                                           */

Test(search, finds_the_best_nb201_cell_of_a_fake_objective, .timeout = 300)
{
    /* objective: params; constraint: flops at most those of the cell whose six
     * edges are all nor_conv_1x1. In NB201 both params and FLOPs grow with
     * (1x1 convs + 9 x 3x3 convs), so the feasible cells are the 4^6 = 4096
     * without a 3x3 conv and the optimum is that one cell: a needle that
     * uniform sampling of 300 finds with probability 1 - (1 - 1/4096)^300 =
     * 7 %. The true optimum and the percentiles come from enumerating all
     * 15,625 cells (8x8 input). */
    const nash_space *sp = nash_space_find("nb201");
    const char *all_1x1 = "|nor_conv_1x1~0|+|nor_conv_1x1~0|nor_conv_1x1~1|+|nor_conv_1x1~0|"
                          "nor_conv_1x1~1|nor_conv_1x1~2|";
    nash_net *net = nash_space_build(sp, all_1x1, 3, 8, 8, 10);
    cr_assert(net, "%s", nash_last_error());
    nash_search_cost needle;
    nash_search_cost_of(net, &needle);
    nash_net_free(net);
    double bound = needle.value[NASH_PROXY_FLOPS];

    nash_search_cost *all = malloc(15625 * sizeof *all);
    double *feasible = malloc(15625 * sizeof *feasible);
    double t0 = nash_now();
    nb201_all_costs(all);
    double enum_seconds = nash_now() - t0;
    int n_feasible = 0;
    for (int i = 0; i < 15625; i++)
        if (all[i].value[NASH_PROXY_FLOPS] <= bound)
            feasible[n_feasible++] = all[i].value[NASH_PROXY_PARAMS];
    qsort(feasible, (size_t)n_feasible, sizeof *feasible, cmp_double);
    double optimum = feasible[n_feasible - 1];
    double p99 = feasible[(int)(0.99 * (n_feasible - 1))];
    int at_optimum = 0;
    for (int i = 0; i < n_feasible; i++)
        at_optimum += feasible[i] == optimum;
    cr_assert_eq(n_feasible, 4096);
    cr_assert(at_optimum == 1 && optimum == needle.value[NASH_PROXY_PARAMS] && p99 < optimum,
              "fixture: %d cells at the optimum %.6f, p99 %.6f", at_optimum, optimum, p99);

    char cons[64];
    snprintf(cons, sizeof cons, "flops<=%.17g", bound);
    enum { SEEDS = 5 };
    int hits = 0, sum_steps = 0;
    double worst = INFINITY, search_seconds = 0;
    for (int s = 0; s < SEEDS; s++) {
        fake_objective f = {0};
        nash_search_config cfg = nb201_config(cons, 300, 100 + (uint64_t)s, &f);
        nash_search_result r;
        t0 = nash_now();
        cr_assert_eq(nash_search_run(&cfg, NULL, 0, &r), 0, "%s", nash_last_error());
        search_seconds += nash_now() - t0;
        assert_valid_run(&cfg, &r);
        int top[1];
        cr_assert_eq(nash_search_top(&r, 1, top), 1);
        double best = r.evals[top[0]].score;
        cr_assert(best <= optimum, "found %.17g above the true optimum %.17g", best, optimum);
        cr_assert(best >= p99, "seed %d: best %.6f below the 99th percentile %.6f", s, best, p99);
        if (best == optimum) {
            hits++;
            sum_steps += top[0];
            cr_assert_str_eq(r.evals[top[0]].arch, all_1x1);
        }
        worst = fmin(worst, best);
        nash_search_result_free(&r);
    }
    cr_assert(hits >= 4, "the optimum found by %d of %d seeds", hits, SEEDS);
    fprintf(stderr,
            "nash-search: nb201 params under flops<=%.4f (8x8): %d feasible cells, optimum "
            "%.6f M (%d cell), p99 %.6f; budget 300 x %d seeds: optimum found by %d (mean step "
            "%.0f), worst best %.6f; enumeration %.2f s, search %.3f s/run\n",
            bound, n_feasible, optimum, at_optimum, p99, SEEDS, hits,
            hits ? (double)sum_steps / hits : NAN, worst, enum_seconds, search_seconds / SEEDS);
    free(all);
    free(feasible);
}

Test(search, nasa_space_with_a_data_free_objective)
{
    /* nasa at 8x8: bound the FLOPs by the median of 30 uniform samples */
    const nash_space *sp = nash_space_find("nasa");
    nash_rng rng;
    nash_rng_seed(&rng, 5);
    double sample_flops[30];
    char arch[NASH_SPACE_ARCH_MAX];
    for (int i = 0; i < 30; i++) {
        cr_assert_eq(nash_space_sample(sp, &rng, arch, sizeof arch), 0);
        nash_net *net = nash_space_build(sp, arch, 3, 8, 8, 10);
        nash_search_cost cost;
        nash_search_cost_of(net, &cost);
        sample_flops[i] = cost.value[NASH_PROXY_FLOPS];
        nash_net_free(net);
    }
    qsort(sample_flops, 30, sizeof(double), cmp_double);
    fake_objective f = {0};
    nash_search_config cfg = nash_search_defaults();
    cfg.space = sp;
    cfg.h = cfg.w = 8;
    cfg.budget = 60;
    cfg.population = 10;
    cfg.tournament = 3;
    cfg.objective = by_params;
    cfg.objective_user = &f;
    char cons[64];
    snprintf(cons, sizeof cons, "flops<=%.17g", sample_flops[15]);
    cr_assert_eq(nash_search_constraints_parse(cons, &cfg.constraints), 0);
    nash_search_result r;
    cr_assert_eq(nash_search_run(&cfg, NULL, 0, &r), 0, "%s", nash_last_error());
    cr_assert_eq(r.n_evals, 60);
    cr_assert_eq(f.calls, 60);
    cr_assert(r.infeasible > 0, "the median bound should reject some candidates");
    assert_valid_run(&cfg, &r);
    double first = 0, last = 0;
    for (int i = 0; i < 10; i++) {
        cr_assert_eq(r.evals[i].index, -1, "nasa is not enumerable");
        first += r.evals[i].score / 10;
        last += r.evals[50 + i].score / 10;
    }
    cr_assert(last > first, "selection should raise the mean objective: %.4f -> %.4f", first,
              last);
    /* the best builds through the architecture parser with the same parameters */
    int top[1];
    cr_assert_eq(nash_search_top(&r, 1, top), 1);
    nash_arch a;
    cr_assert_eq(nash_arch_parse(r.evals[top[0]].arch, &a), 0, "%s", nash_last_error());
    nash_net *net = nash_arch_build(&a, 3, 8, 8, 10);
    cr_assert(net);
    cr_assert_eq((double)nash_net_param_numel(net) / 1e6, r.evals[top[0]].score);
    nash_net_free(net);
    nash_search_result_free(&r);
}

/* ------------------------------------------------------------------------- */
/* nash search                                                                */

static char dir[64];

static void cli_setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/nash-search-XXXXXX");
    cr_assert(mkdtemp(dir));
}

static void cli_teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

/* Runs `nash search args...`; with capture != NULL, stdout goes to that file. */
static int run(const char *const *args, const char *capture)
{
    char *argv[48];
    int argc = 0;
    argv[argc++] = "search";
    for (; args[argc - 1]; argc++)
        argv[argc] = (char *)args[argc - 1];
    argv[argc] = NULL;
    fflush(stdout);
    int saved = -1;
    if (capture) {
        int fd = open(capture, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        cr_assert(fd >= 0);
        saved = dup(STDOUT_FILENO);
        dup2(fd, STDOUT_FILENO);
        close(fd);
    }
    int rc = cmd_search(argc, argv);
    if (capture) {
        fflush(stdout);
        dup2(saved, STDOUT_FILENO);
        close(saved);
    }
    return rc;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = 0;
    fclose(f);
    return buf;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

Test(search, cli_same_seed_same_csv_and_resume_after_a_cut, .init = cli_setup,
     .fini = cli_teardown)
{
    char a[128], b[128], c[128];
    snprintf(a, sizeof a, "%s/a.csv", dir);
    snprintf(b, sizeof b, "%s/b.csv", dir);
    snprintf(c, sizeof c, "%s/c.csv", dir);
#define ARGS(out, seed, ...)                                                                      \
    {"--space", "nb201", "--proxy", "params", "--constraint", "flops<=60", "--budget", "70",      \
     "--population", "12", "--tournament", "4", "--seed", seed, "--quiet", "--out", out,          \
     __VA_ARGS__ NULL}
    const char *args_a[] = ARGS(a, "7", );
    const char *args_b[] = ARGS(b, "7", );
    const char *args_c[] = ARGS(c, "8", );
    cr_assert_eq(run(args_a, "/dev/null"), 0, "%s", nash_last_error());
    cr_assert_eq(run(args_b, "/dev/null"), 0, "%s", nash_last_error());
    cr_assert_eq(run(args_c, "/dev/null"), 0, "%s", nash_last_error());
    char *ta = slurp(a), *tb = slurp(b), *tc = slurp(c);
    cr_assert_eq(count_lines(ta), 71, "header + 70 rows:\n%s", ta);
    const char *header = "step,index,arch,params,flops,hflops,hflops_f,parent,parent2\n";
    cr_assert(strncmp(ta, header, strlen(header)) == 0, "%s", ta);
    cr_assert(strstr(ta, "\n0,") && strstr(ta, ",\"|"), "rows start with the step, arch quoted");
    cr_assert_str_eq(ta, tb, "the same seed must write the same CSV");
    cr_assert_str_neq(ta, tc, "another seed, another search");

    /* keep the header, 30 rows and half of the next one, as a kill would */
    const char *cut = ta;
    for (int i = 0; i < 31; i++)
        cut = strchr(cut, '\n') + 1;
    off_t keep = (off_t)(cut - ta) + 9;
    cr_assert_eq(truncate(b, keep), 0);
    cr_assert_eq(run(args_b, "/dev/null"), 1, "an existing output without --resume");
    cr_assert(strstr(nash_last_error(), "--resume"), "%s", nash_last_error());
    const char *resume_b[] = ARGS(b, "7", "--resume", );
    cr_assert_eq(run(resume_b, "/dev/null"), 0, "%s", nash_last_error());
    char *again = slurp(b);
    cr_assert_str_eq(again, ta, "the resumed CSV differs from the uninterrupted one");

    /* other settings cannot continue the file; a larger budget extends it */
    const char *other[] = {"--space", "nb201", "--proxy", "params", "--constraint", "flops<=50",
                           "--budget", "70", "--population", "12", "--tournament", "4",
                           "--seed", "7", "--quiet", "--out", b, "--resume", NULL};
    cr_assert_eq(run(other, "/dev/null"), 1);
    cr_assert(strstr(nash_last_error(), "other settings") &&
                  strstr(nash_last_error(), "flops<=50"),
              "%s", nash_last_error());
    const char *longer[] = {"--space", "nb201", "--proxy", "params", "--constraint", "flops<=60",
                            "--budget", "80", "--population", "12", "--tournament", "4",
                            "--seed", "7", "--quiet", "--out", b, "--resume", NULL};
    cr_assert_eq(run(longer, "/dev/null"), 0, "%s", nash_last_error());
    char *extended = slurp(b);
    cr_assert_eq(count_lines(extended), 81);
    cr_assert(strncmp(extended, ta, strlen(ta)) == 0, "extending must keep the first 70 rows");
    free(ta);
    free(tb);
    free(tc);
    free(again);
    free(extended);
#undef ARGS
}

Test(search, cli_json_top_and_refusals, .init = cli_setup, .fini = cli_teardown)
{
    char out[128], js[128], txt[128];
    snprintf(out, sizeof out, "%s/s.csv", dir);
    snprintf(js, sizeof js, "%s/stdout.json", dir);
    snprintf(txt, sizeof txt, "%s/stdout.txt", dir);
    /* synflow: a proxy that compiles and runs the network; NB201 at ImageNet16 size */
    const char *args[] = {"--space", "nb201", "--proxy", "synflow", "--dataset", "imagenet16",
                          "--budget", "10", "--population", "5", "--tournament", "2",
                          "--constraint", "params<=0.5", "--top", "3", "--quiet", "--json",
                          "--out", out, NULL};
    cr_assert_eq(run(args, js), 0, "%s", nash_last_error());
    char *j = slurp(js);
    cr_assert_eq(count_lines(j), 1, "one JSON object:\n%s", j);
    cr_assert(j[0] == '{' && strstr(j, "\"evaluations\":10") && strstr(j, "\"best\":[{") &&
                  strstr(j, "\"rank\":3") && !strstr(j, "\"rank\":4") &&
                  strstr(j, "\"train\":\"nash train --arch 'nb201:|") &&
                  strstr(j, "--dataset imagenet16") && strstr(j, "\"wall_seconds\":"),
              "%s", j);
    /* the first of "best" is the largest synflow of the CSV */
    char *csv = slurp(out);
    double best = -INFINITY;
    for (char *line = strchr(csv, '\n') + 1; *line; line = strchr(line, '\n') + 1) {
        char *field = strchr(strchr(strchr(line, '"') + 1, '"'), ',') + 1;
        if (*field != ',')
            best = fmax(best, strtod(field, NULL));
    }
    cr_assert(isfinite(best), "no synflow score in:\n%s", csv);
    double json_best = strtod(strstr(j, "\"score\":") + 8, NULL);
    cr_assert(fabs(json_best - best) <= 1e-9 * fabs(best), "%.17g vs %.17g", json_best, best);
    free(csv);
    free(j);

    /* text output: the top list with train commands */
    char out2[140];
    snprintf(out2, sizeof out2, "%s/t.csv", dir);
    const char *text_args[] = {"--space", "nasa", "--proxy", "params", "--constraint",
                               "flops<=100", "--budget", "12", "--population", "6", "--top",
                               "2", "--quiet", "--out", out2, NULL};
    cr_assert_eq(run(text_args, txt), 0, "%s", nash_last_error());
    char *t = slurp(txt);
    cr_assert(strstr(t, "best 2 of 12 by params") && strstr(t, "  1. params ") &&
                  strstr(t, "nash train --arch 'nasa:") && !strstr(t, "nasa:nasa:") &&
                  strstr(t, "--dataset cifar10"),
              "%s", t);
    free(t);
    char *nasa_csv = slurp(out2);
    cr_assert(strstr(nasa_csv, "\n0,-1,\"nasa:"), "nasa rows have index -1:\n%.300s", nasa_csv);
    free(nasa_csv);

    char out3[140];
    snprintf(out3, sizeof out3, "%s/bad.csv", dir);
    static const struct {
        const char *flag, *value, *words;
    } bad[] = {
        {"--constraint", "flops<=1,parms<=2", "column 10"},
        {"--proxy", "synflw", "synflw"},
        {"--proxy", "synflow,snip", "one proxy"},
        {"--space", "nb101", "nb101"},
        {"--dataset", "mnist", "mnist"},
        {"--budget", "3", "smaller than the population"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *a[] = {"--proxy", "params", "--quiet", "--out", out3, bad[i].flag,
                           bad[i].value, NULL};
        cr_assert_eq(run(a, "/dev/null"), 1, "%s %s accepted", bad[i].flag, bad[i].value);
        cr_assert(strstr(nash_last_error(), bad[i].words), "%s %s: %s", bad[i].flag,
                  bad[i].value, nash_last_error());
        unlink(out3);
    }
    const char *no_proxy[] = {"--quiet", "--out", out3, NULL};
    cr_assert_eq(run(no_proxy, "/dev/null"), 1);
    cr_assert(strstr(nash_last_error(), "--proxy: required"), "%s", nash_last_error());
}
