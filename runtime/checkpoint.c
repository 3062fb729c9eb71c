/*
 * checkpoint.c — what a nash checkpoint holds, on top of safetensors.
 *
 * Owns: the mapping network/optimiser/run state <-> safetensors tensors and
 * metadata, and the refusals (foreign format, another arch, missing or
 * mis-shaped tensors). Format: metadata "format" = "nash-checkpoint",
 * "version" = "1"; an unknown version is refused by name. Files are written
 * atomically (nash_st_write), so a crash never leaves a torn checkpoint.
 * Does not own: the safetensors encoding (safetensors.c).
 */
#include "net_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CKPT_FORMAT "nash-checkpoint"
#define CKPT_VERSION "1"

static void fmt_floats(char *buf, size_t size, const float *v, int n)
{
    size_t used = 0;
    for (int i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%.9g", i ? "," : "", v[i]);
}

static int parse_floats(const char *path, const char *key, const char *text, float *v, int n)
{
    const char *p = text;
    for (int i = 0; i < n; i++) {
        char *end;
        v[i] = strtof(p, &end);
        if (end == p || (i + 1 < n && *end != ','))
            return nash_fail("%s: metadata \"%s\" = \"%s\": expected %d comma-separated numbers",
                             path, key, text, n);
        p = end + 1;
    }
    return 0;
}

int nash_checkpoint_save(const char *path, nash_net *net, nash_optim *opt,
                         const nash_ckpt_info *info)
{
    nash_st_writer w;
    nash_st_writer_init(&w);
    int rc = 0;
    char buf[256];
    /* 8-byte items first so every tensor stays aligned in the file */
    uint64_t rng[4];
    memcpy(rng, net->rng.s, sizeof rng);
    int64_t rng_shape[1] = {4};
    rc |= nash_st_add(&w, "rng.dropout", NASH_ST_U64, 1, rng_shape, rng);
    int64_t steps = opt ? nash_optim_steps(opt) : 0;
    if (opt)
        rc |= nash_st_add(&w, "optim.steps", NASH_ST_I64, 0, NULL, &steps);
    for (int i = 0; i < net->n_params && rc == 0; i++) {
        nash_param *p = &net->params[i];
        rc |= nash_st_add(&w, p->name, NASH_ST_F32, p->ndim, p->shape, p->data);
    }
    for (int i = 0; i < net->n_states && rc == 0; i++) {
        nash_state *s = &net->states[i];
        int64_t shape[1] = {s->numel};
        rc |= nash_st_add(&w, s->name, NASH_ST_F32, 1, shape, s->data);
    }
    for (int i = 0; opt && i < nash_optim_state_count(opt) && rc == 0; i++) {
        const char *name;
        int64_t numel;
        float *data = nash_optim_state(opt, i, &name, &numel);
        const nash_param *p = &net->params[i / (nash_optim_state_count(opt) / net->n_params)];
        rc |= nash_st_add(&w, name, NASH_ST_F32, p->ndim, p->shape, data);
        (void)numel;
    }
    rc |= nash_st_add_meta(&w, "format", CKPT_FORMAT);
    rc |= nash_st_add_meta(&w, "version", CKPT_VERSION);
    rc |= nash_st_add_meta(&w, "arch", info->arch);
    rc |= nash_st_add_meta(&w, "dataset", info->dataset);
    snprintf(buf, sizeof buf, "%d", info->epoch);
    rc |= nash_st_add_meta(&w, "epoch", buf);
    snprintf(buf, sizeof buf, "%lld", (long long)info->step);
    rc |= nash_st_add_meta(&w, "step", buf);
    fmt_floats(buf, sizeof buf, info->mean, 3);
    rc |= nash_st_add_meta(&w, "mean", buf);
    fmt_floats(buf, sizeof buf, info->std, 3);
    rc |= nash_st_add_meta(&w, "std", buf);
    snprintf(buf, sizeof buf, "%.17g", info->best_acc);
    rc |= nash_st_add_meta(&w, "best_acc", buf);
    snprintf(buf, sizeof buf, "%d", info->best_epoch);
    rc |= nash_st_add_meta(&w, "best_epoch", buf);
    rc |= nash_st_add_meta(&w, "optimizer", opt ? info->optimizer : "");
    rc |= nash_st_add_meta(&w, "metrics_csv", info->metrics_csv);
    rc |= nash_st_add_meta(&w, "config", info->config_json);
    if (rc == 0)
        rc = nash_st_write(&w, path);
    nash_st_writer_free(&w);
    return rc ? -1 : 0;
}

static int read_info(const nash_st_file *f, nash_ckpt_info *info)
{
    memset(info, 0, sizeof *info);
    const char *fmt = nash_st_meta(f, "format"), *ver = nash_st_meta(f, "version");
    if (!fmt || strcmp(fmt, CKPT_FORMAT) != 0)
        return nash_fail("%s: not a nash checkpoint (metadata \"format\" is %s%s%s, expected \"%s\")",
                         f->path, fmt ? "\"" : "", fmt ? fmt : "missing", fmt ? "\"" : "",
                         CKPT_FORMAT);
    if (!ver || strcmp(ver, CKPT_VERSION) != 0)
        return nash_fail("%s: checkpoint version \"%s\" is not supported (this nash reads \"%s\")",
                         f->path, ver ? ver : "missing", CKPT_VERSION);
    static const char *required[] = {"arch", "dataset", "epoch", "step", "mean", "std",
                                     "best_acc", "best_epoch", "optimizer", "metrics_csv",
                                     "config"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!nash_st_meta(f, required[i]))
            return nash_fail("%s: checkpoint metadata \"%s\" is missing", f->path, required[i]);
#define COPY(field, key)                                                                  \
    do {                                                                                  \
        const char *v_ = nash_st_meta(f, key);                                            \
        if (strlen(v_) >= sizeof info->field)                                             \
            return nash_fail("%s: metadata \"%s\" is %zu bytes; at most %zu", f->path, key, \
                             strlen(v_), sizeof info->field - 1);                         \
        strcpy(info->field, v_);                                                          \
    } while (0)
    COPY(arch, "arch");
    COPY(dataset, "dataset");
    COPY(optimizer, "optimizer");
    COPY(metrics_csv, "metrics_csv");
    COPY(config_json, "config");
#undef COPY
    char *end;
    info->epoch = (int)strtol(nash_st_meta(f, "epoch"), &end, 10);
    if (*end || info->epoch < 0)
        return nash_fail("%s: metadata \"epoch\" = \"%s\" is not a count", f->path,
                         nash_st_meta(f, "epoch"));
    info->step = strtoll(nash_st_meta(f, "step"), &end, 10);
    if (*end || info->step < 0)
        return nash_fail("%s: metadata \"step\" = \"%s\" is not a count", f->path,
                         nash_st_meta(f, "step"));
    info->best_acc = strtod(nash_st_meta(f, "best_acc"), NULL);
    info->best_epoch = (int)strtol(nash_st_meta(f, "best_epoch"), NULL, 10);
    if (parse_floats(f->path, "mean", nash_st_meta(f, "mean"), info->mean, 3) != 0 ||
        parse_floats(f->path, "std", nash_st_meta(f, "std"), info->std, 3) != 0)
        return -1;
    return 0;
}

int nash_checkpoint_read_info(const char *path, nash_ckpt_info *info)
{
    nash_st_file f;
    if (nash_st_open(&f, path) != 0)
        return -1;
    int rc = read_info(&f, info);
    nash_st_close(&f);
    return rc;
}

int nash_checkpoint_load(const char *path, nash_net *net, nash_optim *opt, nash_ckpt_info *info)
{
    nash_st_file f;
    if (nash_st_open(&f, path) != 0)
        return -1;
    nash_ckpt_info got;
    int rc = read_info(&f, &got);
    if (rc == 0 && info->arch[0] && strcmp(info->arch, got.arch) != 0)
        rc = nash_fail("%s: checkpoint is for arch \"%s\", not \"%s\"", path, got.arch, info->arch);
    for (int i = 0; rc == 0 && i < net->n_params; i++) {
        nash_param *p = &net->params[i];
        rc = nash_st_read_f32(&f, p->name, p->data, p->ndim, p->shape);
    }
    for (int i = 0; rc == 0 && i < net->n_states; i++) {
        nash_state *s = &net->states[i];
        int64_t shape[1] = {s->numel};
        rc = nash_st_read_f32(&f, s->name, s->data, 1, shape);
    }
    int64_t rng_shape[1] = {4};
    uint64_t rng[4];
    if (rc == 0 && (rc = nash_st_read(&f, "rng.dropout", NASH_ST_U64, rng, 1, rng_shape)) == 0)
        memcpy(net->rng.s, rng, sizeof rng);
    if (rc == 0 && opt) {
        if (!got.optimizer[0])
            rc = nash_fail("%s: checkpoint holds no optimiser state (weights only)", path);
        else if (info->optimizer[0] && strcmp(info->optimizer, got.optimizer) != 0)
            rc = nash_fail("%s: checkpoint holds %s optimiser state, not %s", path, got.optimizer,
                           info->optimizer);
        int64_t steps = 0;
        if (rc == 0)
            rc = nash_st_read(&f, "optim.steps", NASH_ST_I64, &steps, 0, NULL);
        int per_param = net->n_params ? nash_optim_state_count(opt) / net->n_params : 0;
        for (int i = 0; rc == 0 && i < nash_optim_state_count(opt); i++) {
            const char *name;
            float *data = nash_optim_state(opt, i, &name, NULL);
            const nash_param *p = &net->params[i / per_param];
            rc = nash_st_read_f32(&f, name, data, p->ndim, p->shape);
        }
        if (rc == 0)
            nash_optim_set_steps(opt, steps);
    }
    nash_st_close(&f);
    if (rc == 0)
        *info = got;
    return rc;
}
