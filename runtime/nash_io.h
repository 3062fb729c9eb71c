/*
 * nash_io.h — files: atomic saves and safetensors checkpoints.
 *
 * Owns: writing a file so that the target path holds either the old content or
 * the complete new content, never a mix (atomic_file.c); reading and writing
 * the safetensors format (safetensors.c). Does not own: what a checkpoint
 * contains (which tensors, which metadata keys) — that is the network's and
 * the optimiser's business.
 * Self-contained (meant to be folded into nash_runtime.h); errors follow the
 * convention of nash_kernels.h: 0 or -1, nash_last_error() says why, and every
 * message starts with the file path.
 *
 * Worked example — save two tensors, load one back:
 *
 *     nash_st_writer w;
 *     nash_st_writer_init(&w);
 *     int64_t wshape[2] = {16, 27};
 *     nash_st_add(&w, "conv1.weight", NASH_ST_F32, 2, wshape, weights);  // data not copied
 *     nash_st_add(&w, "step", NASH_ST_I64, 0, NULL, &step);               // 0-d scalar
 *     nash_st_add_meta(&w, "arch", "c3-16|a3-16|gap|fc10");
 *     int rc = nash_st_write(&w, "run/ckpt.safetensors");                  // atomic
 *     nash_st_writer_free(&w);
 *
 *     nash_st_file f;
 *     if (nash_st_open(&f, "run/ckpt.safetensors") != 0
 *         || nash_st_read_f32(&f, "conv1.weight", weights, 2, wshape) != 0)
 *         fprintf(stderr, "nash: error: %s\n", nash_last_error());
 *     nash_st_close(&f);
 *
 * safetensors (https://github.com/huggingface/safetensors): u64 little-endian
 * header size N, N bytes of UTF-8 JSON
 *     {"__metadata__":{"k":"v",...}, "name":{"dtype":"F32","shape":[2,3],
 *      "data_offsets":[begin,end]}, ...}
 * padded with spaces, then the data buffer; offsets are relative to the buffer
 * and must tile it exactly. Tensor data is little-endian, row-major.
 * nash assumes a little-endian host (x86-64) and copies bytes as they are.
 */
#ifndef NASH_IO_H
#define NASH_IO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ------------------------------------------------------------------------- */
/* Atomic files (the redis sequence).                                         */
/*                                                                            */
/* nash_atomic_open creates "<path>.tmp.<pid>" next to path (same directory, */
/* hence same filesystem, so rename() is atomic); write through af->f or      */
/* nash_atomic_write; nash_atomic_commit runs                                 */
/*     write-error check -> fflush -> fsync -> fclose -> rename -> fsync(dir) */
/* and on failure names the step, the path and strerror(errno), removes the   */
/* temp file and leaves whatever was at path untouched. After commit (either  */
/* outcome) or a failed nash_atomic_write the struct is finished; calling     */
/* nash_atomic_abort on it again is a harmless no-op. Not for two concurrent  */
/* saves of one path from one process (they would share the temp name).       */

#define NASH_PATH_MAX 4096

/* Physical memory of this machine in bytes (0 if unknown). Readers refuse a
 * file or header whose memory need exceeds it, before allocating. */
double nash_physical_memory_bytes(void);

typedef struct nash_atomic_file {
    FILE *f;                   /* the open temp file; NULL once finished */
    char path[NASH_PATH_MAX];  /* the target */
    char tmp[NASH_PATH_MAX];   /* "<path>.tmp.<pid>"; "" once removed or renamed */
} nash_atomic_file;

int nash_atomic_open(nash_atomic_file *af, const char *path);
/* fwrite that checks: a short write fails (step "write") and aborts af. */
int nash_atomic_write(nash_atomic_file *af, const void *data, size_t size);
int nash_atomic_commit(nash_atomic_file *af);
/* Closes and removes the temp file; the target is untouched. Idempotent. */
void nash_atomic_abort(nash_atomic_file *af);
/* open + write + commit. */
int nash_write_file_atomic(const char *path, const void *data, size_t size);

/* ------------------------------------------------------------------------- */
/* safetensors dtypes: every fixed-size dtype of the format (the sub-byte     */
/* F4/F6 types are not supported and are refused as unknown).                 */

typedef enum nash_st_dtype {
    NASH_ST_BOOL = 0,
    NASH_ST_U8,
    NASH_ST_I8,
    NASH_ST_F8_E5M2,
    NASH_ST_F8_E4M3,
    NASH_ST_I16,
    NASH_ST_U16,
    NASH_ST_F16,
    NASH_ST_BF16,
    NASH_ST_I32,
    NASH_ST_U32,
    NASH_ST_F32,
    NASH_ST_F64,
    NASH_ST_I64,
    NASH_ST_U64,
    NASH_ST_DTYPE_COUNT
} nash_st_dtype;
/* The names in the header: "BOOL", "U8", ..., "F32", "U64". */
extern const char *const nash_st_dtype_names[NASH_ST_DTYPE_COUNT];
/* Bytes per element; 0 for a value outside the enum. */
size_t nash_st_dtype_size(nash_st_dtype t);

#define NASH_ST_MAX_DIMS 8
/* Largest header accepted (the reference implementation's limit). */
#define NASH_ST_MAX_HEADER ((uint64_t)100000000)

/* ------------------------------------------------------------------------- */
/* Writer. Entries keep insertion order, both in the header and in the data   */
/* buffer (the reference writer sorts by dtype alignment, then name; any      */
/* order is legal to read). Consequence: a tensor's data is aligned to its    */
/* element size in the file only if the bytes before it are a multiple of     */
/* it — add the wide dtypes first (F64/I64, then F32/I32, then bytes) when a  */
/* zero-copy reader matters. The header is padded with spaces so the data     */
/* buffer starts at a multiple of 8. "__metadata__" is written first when     */
/* there is metadata and left out when there is none.                         */

typedef struct nash_st_entry {
    char *name;                        /* owned copy */
    nash_st_dtype dtype;
    int ndim;
    int64_t shape[NASH_ST_MAX_DIMS];
    const void *data;                  /* NOT copied: must live until nash_st_write */
    size_t nbytes;
} nash_st_entry;

typedef struct nash_st_writer {
    nash_st_entry *entries;
    int n_entries, cap_entries;
    char **meta;                       /* key0, value0, key1, value1, ... (owned copies) */
    int n_meta, cap_meta;              /* in pairs */
} nash_st_writer;

void nash_st_writer_init(nash_st_writer *w);
void nash_st_writer_free(nash_st_writer *w);
/* Adds a tensor of prod(shape) elements (1 when ndim == 0; shape may then be
 * NULL). Fails on an empty, duplicate, invalid-UTF-8 or "__metadata__" name,
 * an unknown dtype, ndim outside [0, 8], a negative dimension, a size that
 * overflows, or data == NULL with a non-zero size. */
int nash_st_add(nash_st_writer *w, const char *name, nash_st_dtype dtype, int ndim,
                const int64_t *shape, const void *data);
/* Adds a metadata string pair (both copied and JSON-escaped on write); fails on
 * a duplicate key or invalid UTF-8. */
int nash_st_add_meta(nash_st_writer *w, const char *key, const char *value);
/* Writes the file atomically (nash_atomic_*). */
int nash_st_write(const nash_st_writer *w, const char *path);

/* ------------------------------------------------------------------------- */
/* Reader. nash_st_open reads the whole file into memory (checkpoints are     */
/* small), parses the header strictly and validates every entry: known dtype, */
/* at most 8 dims, prod(shape) * dtype size == end - begin, offsets inside    */
/* the data buffer, no overlap, no hole, no trailing bytes, unique names,     */
/* metadata values all strings. Refused files leave f closed (nash_st_close   */
/* is still safe to call). The data buffer is 64-byte aligned in memory, so a */
/* tensor's data pointer is aligned whenever its offset is; otherwise use     */
/* nash_st_read* (which memcpy).                                              */

typedef struct nash_st_tensor {
    const char *name;                  /* UTF-8, no NUL inside */
    nash_st_dtype dtype;
    int ndim;
    int64_t shape[NASH_ST_MAX_DIMS];
    const void *data;                  /* into the file buffer; valid until close */
    size_t nbytes;
    uint64_t begin, end;               /* data_offsets */
    size_t header_offset;              /* where the name sits in the header (messages) */
} nash_st_tensor;

typedef struct nash_st_file {
    char path[NASH_PATH_MAX];
    unsigned char *alloc;              /* the file's bytes (and the decoded strings) */
    size_t alloc_mapped;               /* > 0: alloc is an mmap of this many bytes */
    const unsigned char *data;         /* the data buffer */
    size_t data_size;
    nash_st_tensor *tensors;           /* header order */
    int n_tensors;
    const nash_st_tensor **by_name;    /* sorted by name, for nash_st_find */
    const char **meta;                 /* key0, value0, ... sorted by key */
    int n_meta;
} nash_st_file;

int nash_st_open(nash_st_file *f, const char *path);
void nash_st_close(nash_st_file *f);
int nash_st_count(const nash_st_file *f);
/* i in [0, count): the tensors in header order. */
const nash_st_tensor *nash_st_tensor_at(const nash_st_file *f, int i);
/* NULL when absent (no error is set). */
const nash_st_tensor *nash_st_find(const nash_st_file *f, const char *name);
/* NULL when absent. */
const char *nash_st_meta(const nash_st_file *f, const char *key);
int nash_st_meta_count(const nash_st_file *f);
/* i in [0, meta_count): pairs sorted by key. */
void nash_st_meta_at(const nash_st_file *f, int i, const char **key, const char **value);

/* Copies tensor `name` into dst after checking it exists, has this dtype and
 * exactly this shape: "ckpt.safetensors: tensor "x": dtype I32, expected F32",
 * "... tensor "x": shape [3, 4], expected [3, 5]". */
int nash_st_read(const nash_st_file *f, const char *name, nash_st_dtype dtype, void *dst,
                 int ndim, const int64_t *shape);
int nash_st_read_f32(const nash_st_file *f, const char *name, float *dst, int ndim,
                     const int64_t *shape);

#endif /* NASH_IO_H */
