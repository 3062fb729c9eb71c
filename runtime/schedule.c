/*
 * schedule.c — learning-rate schedules: constant, cosine, step, each with an
 * optional linear warm-up.
 *
 * Owns: lr(step). Steps, not epochs, so a per-step cosine (the recipe of
 * research/accuracy-anchors.md) and a per-epoch one (AdderNet's) are both a
 * choice of total_steps.
 */
#include "nash_runtime.h"

#include <math.h>

const char *const nash_schedule_names[NASH_SCHED_COUNT] = {"constant", "cosine", "step"};
_Static_assert(sizeof nash_schedule_names / sizeof nash_schedule_names[0] == NASH_SCHED_COUNT,
               "schedule names");

float nash_schedule_lr(const nash_schedule *s, int64_t step)
{
    if (step < 0)
        step = 0;
    if (s->warmup_steps > 0 && step < s->warmup_steps)
        return s->base_lr * (float)(step + 1) / (float)s->warmup_steps;
    int64_t t = step - s->warmup_steps;
    int64_t span = s->total_steps - s->warmup_steps;
    switch (s->kind) {
    case NASH_SCHED_COSINE: {
        if (span <= 0)
            return s->final_lr;
        double frac = t >= span ? 1.0 : (double)t / (double)span;
        return (float)(s->final_lr + (s->base_lr - s->final_lr) * 0.5 * (1.0 + cos(M_PI * frac)));
    }
    case NASH_SCHED_STEP: {
        float gamma = s->gamma > 0.0f ? s->gamma : 0.1f;
        float lr = s->base_lr;
        for (int i = 0; i < s->n_milestones; i++)
            if (step >= s->milestones[i])
                lr *= gamma;
        return lr;
    }
    case NASH_SCHED_CONSTANT:
    default:
        return s->base_lr;
    }
}
