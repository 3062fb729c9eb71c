/*
 * test_data_parallel.c — data-parallel training in the runtime
 * (nash_net_set_data_parallel), with two "ranks" as two threads of this test
 * and an in-process sum in place of MPI_Allreduce, so the runtime's part is
 * checked without MPI (tests/test_mpi.c runs the real thing under mpirun).
 *
 * Checks: 2 ranks x batch 4 follow one process x batch 8 step for step —
 * losses within 1e-5 over 20 SGD steps — for a net without BN, and for a net
 * with BN when BN is synchronised; with per-rank BN (DDP's default) the losses
 * differ (the check would catch a sync path that did nothing); data-parallel
 * evaluation sums the ranks' counts.
 */
#include <pthread.h>

#include "nash_runtime.h"
#include "test_util.h"

#define STEPS 20
#define GLOBAL 8
#define RANKS 2

/* An in-process "allreduce": every rank posts its array, waits, sums all
 * posted arrays in rank order (the same order on every rank), waits. */
typedef struct fake_world {
    pthread_barrier_t barrier;
    float *posted[RANKS];
} fake_world;

typedef struct fake_rank {
    fake_world *world;
    int rank;
} fake_rank;

static int fake_sum(float *values, int64_t count, void *user)
{
    fake_rank *me = user;
    fake_world *w = me->world;
    float *copy = malloc(sizeof(float) * (size_t)count);
    cr_assert(copy);
    memcpy(copy, values, sizeof(float) * (size_t)count);
    w->posted[me->rank] = copy;
    pthread_barrier_wait(&w->barrier);
    for (int64_t i = 0; i < count; i++) {
        float s = 0.0f;
        for (int r = 0; r < RANKS; r++)
            s += w->posted[r][i];
        values[i] = s;
    }
    pthread_barrier_wait(&w->barrier);
    free(copy);
    pthread_barrier_wait(&w->barrier); /* nobody reads a freed copy */
    return 0;
}

/* nash_net_set_fusion for the nets built below (the sync-BN path applies the
 * fused ReLU's mask itself: bn_sync_dy in runtime/layer_bn.c). */
static int fuse_nets;

static nash_net *build(int with_bn, int batch)
{
    nash_net *net = nash_net_create(3, 6, 6);
    cr_assert(net);
    int x = nash_net_conv(net, 0, NASH_OP_CONV, 8, 3, 1, 1, 1, !with_bn, NULL);
    if (with_bn)
        x = nash_net_bn(net, x, 1);
    x = nash_net_act(net, x, NASH_ACT_RELU);
    /* adder needs BN after it (its outputs are large negative sums); without BN a shift layer */
    x = nash_net_conv(net, x, with_bn ? NASH_OP_ADDER : NASH_OP_SHIFT_Q, 8, 3, 1, 1, 1, 0, NULL);
    if (with_bn)
        x = nash_net_bn(net, x, 1);
    x = nash_net_gap(net, x);
    x = nash_net_linear(net, x, 4, 1);
    cr_assert(x > 0, "%s", nash_last_error());
    cr_assert_eq(nash_net_set_fusion(net, fuse_nets), 0);
    cr_assert_eq(nash_net_compile(net, batch), 0, "%s", nash_last_error());
    nash_rng rng;
    nash_rng_seed(&rng, 11);
    nash_net_init_params(net, &rng);
    return net;
}

/* Global batch of `step`: GLOBAL images (NCHW) and labels; two batches that
 * alternate, so the net can fit them and the loss must fall. */
static void global_batch(int step, float *images, int32_t *labels)
{
    int b = step % 2;
    tu_fill_uniform(images, (int64_t)GLOBAL * 3 * 6 * 6, 1000 + (uint64_t)b, -1.0f, 1.0f);
    for (int i = 0; i < GLOBAL; i++)
        labels[i] = (int32_t)(tu_hash(77, (uint64_t)(b * GLOBAL + i)) % 4);
}

/* Trains `steps` SGD steps on samples [first, first + n) of every global batch. */
static void train(nash_net *net, int first, int n, double *losses)
{
    nash_optim *opt = nash_optim_create(net, &(nash_optim_config){
        .kind = NASH_OPTIM_SGD, .lr = 0.05f, .momentum = 0.9f, .weight_decay = 5e-4f});
    cr_assert(opt);
    float *images = tu_alloc((int64_t)GLOBAL * 3 * 6 * 6);
    int32_t labels[GLOBAL];
    for (int s = 0; s < STEPS; s++) {
        global_batch(s, images, labels);
        nash_nchw_to_blocked(n, 3, 6, 6, images + (int64_t)first * 3 * 6 * 6,
                             nash_net_input(net));
        nash_net_forward(net, n, 1);
        int correct;
        cr_assert_eq(nash_net_loss_backward(net, n, labels + first, 0.0f, &losses[s], &correct),
                     0, "%s", nash_last_error());
        nash_optim_step(opt, 0.05f);
    }
    free(images);
    nash_optim_free(opt);
}

typedef struct rank_job {
    fake_rank me;
    int with_bn, sync_bn;
    double losses[STEPS];
    int eval_n, eval_correct;
    double eval_loss;
} rank_job;

static int eval_source_pos[RANKS];

/* Eval batches for the evaluation check: 3 global batches of 5 (odd: rank 1 gets 3, rank 0 2). */
static int eval_source(void *user, float *images, int32_t *labels)
{
    rank_job *j = user;
    int b = eval_source_pos[j->me.rank]++;
    if (b >= 3)
        return 0;
    float all[5 * 3 * 6 * 6];
    tu_fill_uniform(all, 5 * 3 * 6 * 6, 500 + (uint64_t)b, -1.0f, 1.0f);
    int first = j->me.rank == 0 ? 0 : 2, n = j->me.rank == 0 ? 2 : 3;
    nash_nchw_to_blocked(n, 3, 6, 6, all + first * 3 * 6 * 6, images);
    for (int i = 0; i < n; i++)
        labels[i] = (int32_t)(tu_hash(9, (uint64_t)(b * 5 + first + i)) % 4);
    return n;
}

static void *run_rank(void *arg)
{
    rank_job *j = arg;
    nash_set_threads(1);
    nash_net *net = build(j->with_bn, GLOBAL / RANKS);
    nash_data_parallel dp = {.sum = fake_sum, .user = &j->me, .rank = j->me.rank,
                             .ranks = RANKS, .sync_bn = j->sync_bn};
    cr_assert_eq(nash_net_set_data_parallel(net, &dp), 0, "%s", nash_last_error());
    train(net, j->me.rank * (GLOBAL / RANKS), GLOBAL / RANKS, j->losses);
    nash_epoch_result r;
    cr_assert_eq(nash_eval_epoch(net, eval_source, j, NULL, NULL, &r), 0, "%s", nash_last_error());
    j->eval_n = (int)r.images;
    j->eval_loss = r.loss;
    j->eval_correct = (int)(r.acc * r.images / 100.0 + 0.5);
    nash_net_free(net);
    return NULL;
}

static void run_two_ranks(int with_bn, int sync_bn, rank_job jobs[RANKS])
{
    fake_world w;
    memset(&w, 0, sizeof w);
    pthread_barrier_init(&w.barrier, NULL, RANKS);
    pthread_t th[RANKS];
    for (int r = 0; r < RANKS; r++) {
        memset(&jobs[r], 0, sizeof jobs[r]);
        jobs[r] = (rank_job){.me = {.world = &w, .rank = r}, .with_bn = with_bn,
                             .sync_bn = sync_bn};
        eval_source_pos[r] = 0;
        cr_assert_eq(pthread_create(&th[r], NULL, run_rank, &jobs[r]), 0);
    }
    for (int r = 0; r < RANKS; r++)
        pthread_join(th[r], NULL);
    pthread_barrier_destroy(&w.barrier);
}

static double max_loss_gap(int with_bn, int sync_bn)
{
    nash_set_threads(1);
    nash_net *one = build(with_bn, GLOBAL);
    double ref[STEPS];
    train(one, 0, GLOBAL, ref);
    nash_net_free(one);
    rank_job jobs[RANKS];
    run_two_ranks(with_bn, sync_bn, jobs);
    double gap = 0.0;
    for (int s = 0; s < STEPS; s++) {
        cr_assert_eq(jobs[0].losses[s], jobs[1].losses[s], "ranks disagree on the loss at step %d",
                     s);
        double g = fabs(ref[s] - jobs[0].losses[s]);
        gap = g > gap ? g : gap;
    }
    cr_assert(ref[STEPS - 1] < ref[0], "the reference run must learn: %g -> %g", ref[0],
              ref[STEPS - 1]);
    return gap;
}

Test(data_parallel, two_ranks_match_one_process_without_bn)
{
    double gap = max_loss_gap(0, 0);
    cr_assert_lt(gap, 1e-5, "max |loss(1 x 8) - loss(2 x 4)| over %d steps = %g", STEPS, gap);
}

Test(data_parallel, two_ranks_with_sync_bn_match_one_process)
{
    double gap = max_loss_gap(1, 1);
    cr_assert_lt(gap, 1e-5, "max |loss(1 x 8) - loss(2 x 4)| over %d steps = %g", STEPS, gap);
}

Test(data_parallel, two_ranks_with_sync_bn_and_fused_relu_match_one_process)
{
    fuse_nets = 1;
    double gap = max_loss_gap(1, 1);
    cr_assert_lt(gap, 1e-5, "fused: max |loss(1 x 8) - loss(2 x 4)| over %d steps = %g", STEPS,
                 gap);
}

Test(data_parallel, per_rank_bn_differs_from_one_process)
{
    double gap = max_loss_gap(1, 0);
    cr_assert_gt(gap, 1e-4, "per-rank BN statistics should change the losses (gap %g)", gap);
}

Test(data_parallel, evaluation_sums_the_ranks_slices)
{
    rank_job jobs[RANKS];
    run_two_ranks(1, 1, jobs);
    for (int r = 0; r < RANKS; r++) {
        cr_assert_eq(jobs[r].eval_n, 15, "rank %d counted %d images", r, jobs[r].eval_n);
        cr_assert_eq(jobs[r].eval_correct, jobs[0].eval_correct);
        cr_assert_float_eq(jobs[r].eval_loss, jobs[0].eval_loss, 1e-12);
    }
}
