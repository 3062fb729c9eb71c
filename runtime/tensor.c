/*
 * tensor.c — typed views of memory, and the thread-count setting.
 *
 * Owns: nash_tensor construction and description, dtype sizes. A tensor never
 * owns its memory: activations live in the arena, parameters in the network's
 * parameter block.
 */
#include "nash_runtime.h"

#include <omp.h>
#include <stdio.h>

const char *const nash_dtype_names[NASH_DTYPE_COUNT] = {"f32", "i8", "u8", "i32"};
_Static_assert(sizeof nash_dtype_names / sizeof nash_dtype_names[0] == NASH_DTYPE_COUNT,
               "dtype name table out of date");

size_t nash_dtype_size(nash_dtype t)
{
    switch (t) {
    case NASH_F32: return 4;
    case NASH_I8: return 1;
    case NASH_U8: return 1;
    case NASH_I32: return 4;
    default: return 0;
    }
}

nash_tensor nash_tensor_plain(void *data, nash_dtype t, int ndim, const int64_t *shape)
{
    nash_tensor x = {.data = data, .dtype = t, .layout = NASH_LAYOUT_PLAIN, .ndim = ndim};
    int64_t stride = 1;
    for (int i = ndim - 1; i >= 0; i--) {
        x.shape[i] = shape[i];
        x.strides[i] = stride;
        stride *= shape[i];
    }
    return x;
}

nash_tensor nash_tensor_blocked(float *data, int64_t n, int64_t c, int64_t h, int64_t w)
{
    nash_tensor x = {.data = data, .dtype = NASH_F32, .layout = NASH_LAYOUT_NCHW16C, .ndim = 4,
                     .shape = {n, c, h, w}};
    /* strides of the block grid: (n, c-block, h, w) in floats */
    x.strides[3] = NASH_BLOCK;
    x.strides[2] = w * NASH_BLOCK;
    x.strides[1] = h * w * NASH_BLOCK;
    x.strides[0] = nash_cblocks(c) * h * w * NASH_BLOCK;
    return x;
}

int64_t nash_tensor_numel(const nash_tensor *t)
{
    int64_t n = 1;
    for (int i = 0; i < t->ndim; i++)
        n *= t->shape[i];
    return n;
}

int64_t nash_tensor_storage(const nash_tensor *t)
{
    if (t->layout == NASH_LAYOUT_NCHW16C)
        return nash_blocked_size(t->shape[0], t->shape[1], t->shape[2], t->shape[3]);
    return nash_tensor_numel(t);
}

void nash_tensor_describe(const nash_tensor *t, char *buf, size_t size)
{
    size_t used = 0;
    used += (size_t)snprintf(buf + used, size - used, "[");
    for (int i = 0; i < t->ndim && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%lld", i ? ", " : "",
                                 (long long)t->shape[i]);
    if (used < size)
        snprintf(buf + used, size - used, "] %s%s", nash_dtype_names[t->dtype],
                 t->layout == NASH_LAYOUT_NCHW16C ? " nChw16c" : "");
}

void nash_set_threads(int threads)
{
    if (threads <= 0)
        threads = omp_get_num_procs();
    omp_set_num_threads(threads);
}

int nash_get_threads(void) { return omp_get_max_threads(); }
