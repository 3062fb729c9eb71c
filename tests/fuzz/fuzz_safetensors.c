/*
 * fuzz_safetensors.c — libFuzzer harness for the safetensors reader
 * (runtime/safetensors.c) and the checkpoint layer on top of it
 * (runtime/checkpoint.c).
 *
 * Owns: writing the input as a file, opening it with nash_st_open, reading
 * every tensor (nash_st_read into a buffer of exactly nbytes, and through the
 * zero-copy data pointer) and every metadata pair, then
 * nash_checkpoint_read_info and nash_checkpoint_load into a tiny network
 * (conv 3->4 3x3, BN, ReLU, GAP, linear 4->10; batch 2, input 3x4x4) with and
 * without an SGD optimiser. The input is the whole file, so there is no mode
 * byte. Invariants on success: nbytes == prod(shape) * dtype size, offsets
 * inside the data buffer, nash_st_find finds every tensor by its name.
 * fuzz_safetensors_one() is also called by tests/test_fuzz_regressions.c, and
 * fuzz_safetensors_tiny_net() writes the seed checkpoint there.
 */
#include "fuzz_util.h"

#include "nash_io.h"
#include "nash_kernels.h"
#include "nash_runtime.h"

static char fuzz_st_dir[512];

static void fuzz_st_cleanup(void)
{
    fuzz_scratch_remove(fuzz_st_dir);
}

/* The tiny network every checkpoint is loaded into (built once per process). */
static nash_net *fuzz_safetensors_tiny_net(void)
{
    static nash_net *net;
    if (net)
        return net;
    net = nash_net_create(3, 4, 4);
    int x = nash_net_input_node(net);
    x = nash_net_conv(net, x, NASH_OP_CONV, 4, 3, 1, 1, 1, 0, NULL);
    x = nash_net_bn(net, x, 1);
    x = nash_net_act(net, x, NASH_ACT_RELU);
    x = nash_net_gap(net, x);
    x = nash_net_linear(net, x, 10, 1);
    if (x < 0 || nash_net_compile(net, 2) != 0) {
        fprintf(stderr, "fuzz_safetensors: tiny net: %s\n", nash_last_error());
        abort();
    }
    nash_rng rng;
    nash_rng_seed(&rng, 1);
    nash_net_init_params(net, &rng);
    return net;
}

int fuzz_safetensors_one(const uint8_t *data, size_t size)
{
    if (!fuzz_st_dir[0])
        atexit(fuzz_st_cleanup);
    const char *dir = fuzz_scratch_dir("st", fuzz_st_dir, sizeof fuzz_st_dir);
    char path[600];
    snprintf(path, sizeof path, "%s/ckpt.safetensors", dir);
    if (fuzz_write_file(dir, "ckpt.safetensors", data, size) != 0)
        return 0;

    nash_st_file f;
    memset(&f, 0, sizeof f);
    if (nash_st_open(&f, path) == 0) {
        for (int i = 0; i < nash_st_count(&f); i++) {
            const nash_st_tensor *t = nash_st_tensor_at(&f, i);
            size_t numel = 1;
            for (int d = 0; d < t->ndim; d++)
                numel *= (size_t)t->shape[d];
            if (t->ndim < 0 || t->ndim > NASH_ST_MAX_DIMS ||
                numel * nash_st_dtype_size(t->dtype) != t->nbytes || t->end < t->begin ||
                t->end > f.data_size || t->end - t->begin != t->nbytes ||
                nash_st_find(&f, t->name) != t) {
                fprintf(stderr, "fuzz_safetensors: tensor %d (%s) inconsistent\n", i, t->name);
                abort();
            }
            unsigned char *copy = malloc(t->nbytes ? t->nbytes : 1);
            if (!copy)
                continue;
            if (nash_st_read(&f, t->name, t->dtype, copy, t->ndim, t->shape) != 0 ||
                (t->nbytes && memcmp(copy, t->data, t->nbytes) != 0)) {
                fprintf(stderr, "fuzz_safetensors: tensor %s: read differs: %s\n", t->name,
                        nash_last_error());
                abort();
            }
            free(copy);
        }
        for (int i = 0; i < nash_st_meta_count(&f); i++) {
            const char *key, *value;
            nash_st_meta_at(&f, i, &key, &value);
            if (!key || !value || nash_st_meta(&f, key) != value) {
                fprintf(stderr, "fuzz_safetensors: metadata %d inconsistent\n", i);
                abort();
            }
        }
    }
    nash_st_close(&f);
    nash_clear_error();

    static nash_ckpt_info info; /* 20 KB: not on the stack */
    memset(&info, 0, sizeof info);
    if (nash_checkpoint_read_info(path, &info) == 0) {
        nash_net *net = fuzz_safetensors_tiny_net();
        memset(&info, 0, sizeof info);
        nash_checkpoint_load(path, net, NULL, &info);
        nash_clear_error();
        nash_optim *opt = nash_optim_create(net, &(nash_optim_config){
            .kind = NASH_OPTIM_SGD, .lr = 0.1f, .momentum = 0.9f});
        if (opt) {
            memset(&info, 0, sizeof info);
            nash_checkpoint_load(path, net, opt, &info);
            nash_optim_free(opt);
        }
    }
    nash_clear_error();
    fuzz_check_rss("fuzz_safetensors");
    return 0;
}

#ifndef NASH_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_safetensors_one(data, size);
}
#endif
