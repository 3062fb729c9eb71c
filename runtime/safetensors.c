/*
 * safetensors.c — checkpoints in the safetensors format.
 *
 * Owns: the dtype table, the writer (header JSON with escaping, 8-byte padding,
 * atomic save through atomic_file.c) and the reader: whole-file read, a strict
 * recursive-descent parser for exactly the header grammar (an object of
 * tensor-info objects and one optional "__metadata__" object of strings; the
 * JSON tokens it needs: objects, arrays, strings with every escape including
 * \uXXXX and surrogate pairs, non-negative integers), then validation of the
 * offsets. Does not own: which tensors a checkpoint holds (callers).
 *
 * Reader messages: "<path>: byte 8+<offset in header>: expected X, found Y"
 * for syntax, "<path>: byte 8+<offset>: tensor "name": ..." for an entry that
 * is well-formed JSON but wrong. Deliberately stricter than the reference
 * implementation (serde) in three places: unknown fields inside a tensor entry,
 * duplicate keys and "\u0000" in strings are refused rather than ignored.
 */
#include "nash_io.h"
#include "nash_kernels.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "safetensors.c copies tensor bytes as they are: it needs a little-endian host"
#endif

const char *const nash_st_dtype_names[NASH_ST_DTYPE_COUNT] = {
    "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16",
    "BF16", "I32", "U32", "F32", "F64", "I64", "U64",
};
_Static_assert(sizeof nash_st_dtype_names / sizeof nash_st_dtype_names[0] == NASH_ST_DTYPE_COUNT,
               "safetensors dtype name table out of date");
static const unsigned char dtype_sizes[] = {1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 8, 8, 8};
_Static_assert(sizeof dtype_sizes == NASH_ST_DTYPE_COUNT, "safetensors dtype size table out of date");

size_t nash_st_dtype_size(nash_st_dtype t)
{
    return (unsigned)t < NASH_ST_DTYPE_COUNT ? dtype_sizes[t] : 0;
}

/* ------------------------------------------------------------------------- */
/* Shared helpers.                                                            */

/* Length of the well-formed UTF-8 sequence at p (1-4), 0 if ill-formed
 * (overlong forms, surrogates and code points above U+10FFFF are ill-formed). */
static size_t utf8_seq(const unsigned char *p, size_t avail)
{
    unsigned c = p[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned lo = 0x80, hi = 0xBF; /* range of the second byte */
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else
        return 0;
    if (avail < len || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return len;
}

static int valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t l = utf8_seq(p + i, n - i);
        if (!l)
            return 0;
        i += l;
    }
    return 1;
}

/* prod(shape) * elem_size with overflow checks in order (as the reference does). */
static int shape_bytes(int ndim, const int64_t *shape, size_t elem, uint64_t *out)
{
    uint64_t n = elem;
    for (int i = 0; i < ndim; i++) {
        uint64_t d = (uint64_t)shape[i];
        if (d != 0 && n > UINT64_MAX / d)
            return -1;
        n *= d;
    }
    *out = n;
    return 0;
}

/* "[3, 4]" */
static const char *fmt_shape(char *buf, size_t size, int ndim, const int64_t *shape)
{
    size_t used = 0;
    buf[0] = '\0';
    used += (size_t)snprintf(buf, size, "[");
    for (int i = 0; i < ndim && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%lld", i ? ", " : "",
                                 (long long)shape[i]);
    if (used < size)
        snprintf(buf + used, size - used, "]");
    return buf;
}

/* ------------------------------------------------------------------------- */
/* Writer.                                                                    */

void nash_st_writer_init(nash_st_writer *w)
{
    memset(w, 0, sizeof *w);
}

void nash_st_writer_free(nash_st_writer *w)
{
    for (int i = 0; i < w->n_entries; i++)
        free(w->entries[i].name);
    for (int i = 0; i < 2 * w->n_meta; i++)
        free(w->meta[i]);
    free(w->entries);
    free(w->meta);
    memset(w, 0, sizeof *w);
}

static int grow(void **p, int *cap, int need, size_t elem)
{
    if (need <= *cap)
        return 0;
    int nc = *cap ? 2 * *cap : 16;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, (size_t)nc * elem);
    if (!q)
        return nash_fail("safetensors writer: out of memory");
    *p = q;
    *cap = nc;
    return 0;
}

int nash_st_add(nash_st_writer *w, const char *name, nash_st_dtype dtype, int ndim,
                const int64_t *shape, const void *data)
{
    if (!name || !name[0])
        return nash_fail("safetensors writer: empty tensor name");
    if (!valid_utf8(name))
        return nash_fail("safetensors writer: tensor name \"%s\" is not valid UTF-8", name);
    if (strcmp(name, "__metadata__") == 0)
        return nash_fail("safetensors writer: the tensor name \"__metadata__\" is reserved");
    if ((unsigned)dtype >= NASH_ST_DTYPE_COUNT)
        return nash_fail("safetensors writer: tensor \"%s\": unknown dtype %d", name, (int)dtype);
    if (ndim < 0 || ndim > NASH_ST_MAX_DIMS)
        return nash_fail("safetensors writer: tensor \"%s\": %d dimensions, expected 0 to %d",
                         name, ndim, NASH_ST_MAX_DIMS);
    if (ndim > 0 && !shape)
        return nash_fail("safetensors writer: tensor \"%s\": shape is NULL with %d dimensions",
                         name, ndim);
    for (int i = 0; i < ndim; i++)
        if (shape[i] < 0)
            return nash_fail("safetensors writer: tensor \"%s\": dimension %d is %lld, expected "
                             ">= 0", name, i, (long long)shape[i]);
    uint64_t nbytes;
    if (shape_bytes(ndim, shape, dtype_sizes[dtype], &nbytes) != 0 || nbytes > SIZE_MAX / 2) {
        char sb[256];
        return nash_fail("safetensors writer: tensor \"%s\": shape %s of %s overflows", name,
                         fmt_shape(sb, sizeof sb, ndim, shape), nash_st_dtype_names[dtype]);
    }
    if (nbytes && !data)
        return nash_fail("safetensors writer: tensor \"%s\": data is NULL for %llu bytes", name,
                         (unsigned long long)nbytes);
    for (int i = 0; i < w->n_entries; i++)
        if (strcmp(w->entries[i].name, name) == 0)
            return nash_fail("safetensors writer: duplicate tensor name \"%s\"", name);
    if (grow((void **)&w->entries, &w->cap_entries, w->n_entries + 1, sizeof *w->entries) != 0)
        return -1;
    char *copy = strdup(name);
    if (!copy)
        return nash_fail("safetensors writer: out of memory");
    nash_st_entry *e = &w->entries[w->n_entries++];
    memset(e, 0, sizeof *e);
    e->name = copy;
    e->dtype = dtype;
    e->ndim = ndim;
    for (int i = 0; i < ndim; i++)
        e->shape[i] = shape[i];
    e->data = data;
    e->nbytes = (size_t)nbytes;
    return 0;
}

int nash_st_add_meta(nash_st_writer *w, const char *key, const char *value)
{
    if (!key || !value)
        return nash_fail("safetensors writer: metadata key or value is NULL");
    if (!valid_utf8(key))
        return nash_fail("safetensors writer: metadata key \"%s\" is not valid UTF-8", key);
    if (!valid_utf8(value))
        return nash_fail("safetensors writer: metadata value of \"%s\" is not valid UTF-8", key);
    for (int i = 0; i < w->n_meta; i++)
        if (strcmp(w->meta[2 * i], key) == 0)
            return nash_fail("safetensors writer: duplicate metadata key \"%s\"", key);
    if (grow((void **)&w->meta, &w->cap_meta, 2 * (w->n_meta + 1), sizeof *w->meta) != 0)
        return -1;
    char *k = strdup(key), *v = strdup(value);
    if (!k || !v) {
        free(k);
        free(v);
        return nash_fail("safetensors writer: out of memory");
    }
    w->meta[2 * w->n_meta] = k;
    w->meta[2 * w->n_meta + 1] = v;
    w->n_meta++;
    return 0;
}

/* A growing byte buffer; `oom` latches the first allocation failure. */
typedef struct sbuf {
    char *p;
    size_t n, cap;
    int oom;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n > b->cap) {
        size_t nc = b->cap ? b->cap : 256;
        while (nc < b->n + n)
            nc *= 2;
        char *q = realloc(b->p, nc);
        if (!q) {
            b->oom = 1;
            return;
        }
        b->p = q;
        b->cap = nc;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void sb_puts(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

static void sb_u64(sbuf *b, uint64_t v)
{
    char t[24];
    int n = snprintf(t, sizeof t, "%llu", (unsigned long long)v);
    sb_put(b, t, (size_t)n);
}

/* A JSON string: '"' and '\' escaped, control characters as \n, \t, ... or
 * \u00XX, everything else (UTF-8 included) as is — what serde_json writes. */
static void sb_json_string(sbuf *b, const char *s)
{
    sb_put(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        switch (*p) {
        case '"': sb_put(b, "\\\"", 2); break;
        case '\\': sb_put(b, "\\\\", 2); break;
        case '\n': sb_put(b, "\\n", 2); break;
        case '\r': sb_put(b, "\\r", 2); break;
        case '\t': sb_put(b, "\\t", 2); break;
        case '\b': sb_put(b, "\\b", 2); break;
        case '\f': sb_put(b, "\\f", 2); break;
        default:
            if (*p < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04x", *p);
                sb_put(b, esc, 6);
            } else
                sb_put(b, (const char *)p, 1);
        }
    }
    sb_put(b, "\"", 1);
}

int nash_st_write(const nash_st_writer *w, const char *path)
{
    sbuf h = {0};
    sb_put(&h, "{", 1);
    if (w->n_meta > 0) {
        sb_puts(&h, "\"__metadata__\":{");
        for (int i = 0; i < w->n_meta; i++) {
            if (i)
                sb_put(&h, ",", 1);
            sb_json_string(&h, w->meta[2 * i]);
            sb_put(&h, ":", 1);
            sb_json_string(&h, w->meta[2 * i + 1]);
        }
        sb_put(&h, "}", 1);
    }
    uint64_t offset = 0;
    for (int i = 0; i < w->n_entries; i++) {
        const nash_st_entry *e = &w->entries[i];
        if (i || w->n_meta > 0)
            sb_put(&h, ",", 1);
        sb_json_string(&h, e->name);
        sb_puts(&h, ":{\"dtype\":\"");
        sb_puts(&h, nash_st_dtype_names[e->dtype]);
        sb_puts(&h, "\",\"shape\":[");
        for (int d = 0; d < e->ndim; d++) {
            if (d)
                sb_put(&h, ",", 1);
            sb_u64(&h, (uint64_t)e->shape[d]);
        }
        sb_puts(&h, "],\"data_offsets\":[");
        sb_u64(&h, offset);
        sb_put(&h, ",", 1);
        offset += e->nbytes;
        sb_u64(&h, offset);
        sb_puts(&h, "]}");
    }
    sb_put(&h, "}", 1);
    while (h.n % 8)
        sb_put(&h, " ", 1);
    if (h.oom) {
        free(h.p);
        return nash_fail("%s: safetensors write: out of memory for the header", path);
    }
    if (h.n > NASH_ST_MAX_HEADER) {
        free(h.p);
        return nash_fail("%s: safetensors write: header of %zu bytes exceeds the format's limit "
                         "of %llu", path, h.n, (unsigned long long)NASH_ST_MAX_HEADER);
    }

    uint64_t n = h.n; /* little-endian host: the bytes of n are the format's */
    nash_atomic_file af;
    int rc = nash_atomic_open(&af, path);
    if (rc == 0)
        rc = nash_atomic_write(&af, &n, sizeof n);
    if (rc == 0)
        rc = nash_atomic_write(&af, h.p, h.n);
    for (int i = 0; rc == 0 && i < w->n_entries; i++)
        rc = nash_atomic_write(&af, w->entries[i].data, w->entries[i].nbytes);
    if (rc == 0)
        rc = nash_atomic_commit(&af);
    free(h.p);
    return rc;
}

/* ------------------------------------------------------------------------- */
/* Reader: the parser.                                                        */

typedef struct parser {
    const char *path;
    const unsigned char *h; /* the header */
    size_t n;               /* its size */
    size_t pos;
    char *pool;             /* decoded strings; never longer than their raw form */
    size_t pool_used, pool_cap;
    nash_st_file *f;
    int cap_tensors, cap_meta;
    int seen_meta;
} parser;

__attribute__((format(printf, 3, 4)))
static int perr(const parser *p, size_t at, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return nash_fail("%s: byte 8+%zu: %s", p->path, at, msg);
}

/* What sits at `at`, for "found ..." */
typedef struct { char s[32]; } found_t;
static found_t found_at(const parser *p, size_t at)
{
    found_t r;
    if (at >= p->n)
        snprintf(r.s, sizeof r.s, "end of header");
    else if (p->h[at] >= 0x20 && p->h[at] < 0x7f)
        snprintf(r.s, sizeof r.s, "'%c'", p->h[at]);
    else
        snprintf(r.s, sizeof r.s, "byte 0x%02x", p->h[at]);
    return r;
}
#define FOUND(p) (found_at((p), (p)->pos).s)

static void skip_ws(parser *p)
{
    while (p->pos < p->n) {
        unsigned char c = p->h[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        p->pos++;
    }
}

static int expect(parser *p, char c, const char *where)
{
    skip_ws(p);
    if (p->pos < p->n && p->h[p->pos] == (unsigned char)c) {
        p->pos++;
        return 0;
    }
    return perr(p, p->pos, "expected '%c' %s, found %s", c, where, FOUND(p));
}

static int hex4(const parser *p, size_t at, unsigned *out)
{
    if (at + 4 > p->n)
        return perr(p, at, "expected 4 hex digits after \\u, found end of header");
    unsigned v = 0;
    for (size_t i = 0; i < 4; i++) {
        unsigned char c = p->h[at + i];
        unsigned d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else
            return perr(p, at + i, "expected 4 hex digits after \\u, found %s",
                        found_at(p, at + i).s);
        v = v * 16 + d;
    }
    *out = v;
    return 0;
}

static void pool_put(parser *p, const void *s, size_t n)
{
    /* Cannot overflow: every decoded string plus its NUL is no longer than
     * its raw form with quotes, and the pool holds the header's size + 1. */
    memcpy(p->pool + p->pool_used, s, n);
    p->pool_used += n;
}

/* Parses a JSON string at the current position (after whitespace) into the
 * pool; *out points at the decoded, NUL-terminated copy, *at at its quote. */
static int parse_string(parser *p, const char **out, size_t *at, const char *what)
{
    skip_ws(p);
    if (at)
        *at = p->pos;
    if (p->pos >= p->n || p->h[p->pos] != '"')
        return perr(p, p->pos, "expected a string (%s), found %s", what, FOUND(p));
    size_t open = p->pos++;
    char *dst = p->pool + p->pool_used;
    for (;;) {
        if (p->pos >= p->n)
            return perr(p, p->pos, "expected '\"' to close the string opened at byte 8+%zu, "
                        "found end of header", open);
        unsigned char c = p->h[p->pos];
        if (c == '"') {
            p->pos++;
            break;
        }
        if (c == '\\') {
            if (p->pos + 1 >= p->n)
                return perr(p, p->pos + 1, "expected an escape after '\\', found end of header");
            unsigned char e = p->h[p->pos + 1];
            char one;
            switch (e) {
            case '"': one = '"'; break;
            case '\\': one = '\\'; break;
            case '/': one = '/'; break;
            case 'b': one = '\b'; break;
            case 'f': one = '\f'; break;
            case 'n': one = '\n'; break;
            case 'r': one = '\r'; break;
            case 't': one = '\t'; break;
            case 'u': one = 0; break;
            default:
                return perr(p, p->pos + 1, "expected one of \" \\ / b f n r t u after '\\', "
                            "found %s", found_at(p, p->pos + 1).s);
            }
            if (e != 'u') {
                pool_put(p, &one, 1);
                p->pos += 2;
                continue;
            }
            size_t esc = p->pos;
            unsigned cp;
            if (hex4(p, esc + 2, &cp) != 0)
                return -1;
            p->pos = esc + 6;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return perr(p, esc, "lone low surrogate \\u%04X in a string", cp);
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo;
                if (p->pos + 1 >= p->n || p->h[p->pos] != '\\' || p->h[p->pos + 1] != 'u')
                    return perr(p, p->pos, "expected \\uDC00-\\uDFFF after the high surrogate "
                                "\\u%04X, found %s", cp, FOUND(p));
                if (hex4(p, p->pos + 2, &lo) != 0)
                    return -1;
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return perr(p, p->pos, "expected \\uDC00-\\uDFFF after the high surrogate "
                                "\\u%04X, found \\u%04X", cp, lo);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                p->pos += 6;
            }
            if (cp == 0)
                return perr(p, esc, "\\u0000 (NUL) in a string is not supported");
            unsigned char u[4];
            size_t len;
            if (cp < 0x80) {
                u[0] = (unsigned char)cp;
                len = 1;
            } else if (cp < 0x800) {
                u[0] = (unsigned char)(0xC0 | (cp >> 6));
                u[1] = (unsigned char)(0x80 | (cp & 0x3F));
                len = 2;
            } else if (cp < 0x10000) {
                u[0] = (unsigned char)(0xE0 | (cp >> 12));
                u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
                u[2] = (unsigned char)(0x80 | (cp & 0x3F));
                len = 3;
            } else {
                u[0] = (unsigned char)(0xF0 | (cp >> 18));
                u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
                u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
                u[3] = (unsigned char)(0x80 | (cp & 0x3F));
                len = 4;
            }
            pool_put(p, u, len);
            continue;
        }
        if (c < 0x20)
            return perr(p, p->pos, "control character 0x%02x in a string (must be escaped)", c);
        size_t len = utf8_seq(p->h + p->pos, p->n - p->pos);
        if (!len)
            return perr(p, p->pos, "invalid UTF-8 (byte 0x%02x) in a string", c);
        pool_put(p, p->h + p->pos, len);
        p->pos += len;
    }
    pool_put(p, "", 1);
    *out = dst;
    return 0;
}

/* A non-negative integer (JSON grammar: no leading zeros, no sign, no
 * fraction or exponent) that fits in `max`. */
static int parse_uint(parser *p, uint64_t max, uint64_t *out, const char *what)
{
    skip_ws(p);
    size_t start = p->pos;
    if (p->pos >= p->n || p->h[p->pos] < '0' || p->h[p->pos] > '9')
        return perr(p, p->pos, "expected a non-negative integer (%s), found %s", what, FOUND(p));
    uint64_t v = 0;
    if (p->h[p->pos] == '0' && p->pos + 1 < p->n && p->h[p->pos + 1] >= '0'
        && p->h[p->pos + 1] <= '9')
        return perr(p, p->pos, "expected a non-negative integer (%s) without leading zeros, "
                    "found '0%c'", what, p->h[p->pos + 1]);
    while (p->pos < p->n && p->h[p->pos] >= '0' && p->h[p->pos] <= '9') {
        unsigned d = p->h[p->pos] - '0';
        if (v > (max - d) / 10)
            return perr(p, start, "integer (%s) larger than %llu", what,
                        (unsigned long long)max);
        v = v * 10 + d;
        p->pos++;
    }
    if (p->pos < p->n && (p->h[p->pos] == '.' || p->h[p->pos] == 'e' || p->h[p->pos] == 'E'))
        return perr(p, p->pos, "expected an integer (%s), found %s (fraction or exponent)", what,
                    FOUND(p));
    *out = v;
    return 0;
}

static int parse_tensor(parser *p, const char *name, size_t name_at)
{
    nash_st_file *f = p->f;
    if (grow((void **)&f->tensors, &p->cap_tensors, f->n_tensors + 1, sizeof *f->tensors) != 0)
        return nash_fail("%s: out of memory for the tensor table", p->path);
    nash_st_tensor *t = &f->tensors[f->n_tensors];
    memset(t, 0, sizeof *t);
    t->name = name;
    t->header_offset = name_at;

    char where[160];
    snprintf(where, sizeof where, "to open tensor \"%s\"", name);
    if (expect(p, '{', where) != 0)
        return -1;
    int have_dtype = 0, have_shape = 0, have_offsets = 0;
    skip_ws(p);
    if (p->pos < p->n && p->h[p->pos] == '}')
        p->pos++;
    else
        for (;;) {
            const char *key;
            size_t key_at, mark = p->pool_used;
            if (parse_string(p, &key, &key_at, "a field: \"dtype\", \"shape\" or \"data_offsets\"")
                != 0)
                return -1;
            if (expect(p, ':', "after a field name") != 0)
                return -1;
            if (strcmp(key, "dtype") == 0 && !have_dtype) {
                const char *dt;
                size_t dt_at;
                p->pool_used = mark;
                if (parse_string(p, &dt, &dt_at, "the dtype") != 0)
                    return -1;
                int k = 0;
                while (k < NASH_ST_DTYPE_COUNT && strcmp(dt, nash_st_dtype_names[k]) != 0)
                    k++;
                if (k == NASH_ST_DTYPE_COUNT) {
                    char known[256];
                    size_t used = 0;
                    for (int i = 0; i < NASH_ST_DTYPE_COUNT; i++)
                        used += (size_t)snprintf(known + used, sizeof known - used, "%s%s",
                                                 i ? " " : "", nash_st_dtype_names[i]);
                    return perr(p, dt_at, "tensor \"%s\": unknown dtype \"%s\" (expected one of "
                                "%s)", name, dt, known);
                }
                t->dtype = (nash_st_dtype)k;
                p->pool_used = mark;
                have_dtype = 1;
            } else if (strcmp(key, "shape") == 0 && !have_shape) {
                p->pool_used = mark;
                if (expect(p, '[', "to open the shape") != 0)
                    return -1;
                skip_ws(p);
                if (p->pos < p->n && p->h[p->pos] == ']')
                    p->pos++;
                else
                    for (;;) {
                        uint64_t d;
                        skip_ws(p);
                        if (t->ndim == NASH_ST_MAX_DIMS)
                            return perr(p, p->pos, "tensor \"%s\": more than %d dimensions", name,
                                        NASH_ST_MAX_DIMS);
                        if (parse_uint(p, INT64_MAX, &d, "a dimension") != 0)
                            return -1;
                        t->shape[t->ndim++] = (int64_t)d;
                        skip_ws(p);
                        if (p->pos < p->n && p->h[p->pos] == ',') {
                            p->pos++;
                            continue;
                        }
                        if (p->pos < p->n && p->h[p->pos] == ']') {
                            p->pos++;
                            break;
                        }
                        return perr(p, p->pos, "expected ',' or ']' in the shape, found %s",
                                    FOUND(p));
                    }
                have_shape = 1;
            } else if (strcmp(key, "data_offsets") == 0 && !have_offsets) {
                p->pool_used = mark;
                if (expect(p, '[', "to open data_offsets") != 0
                    || parse_uint(p, UINT64_MAX, &t->begin, "the begin offset") != 0
                    || expect(p, ',', "between the 2 data_offsets") != 0
                    || parse_uint(p, UINT64_MAX, &t->end, "the end offset") != 0
                    || expect(p, ']', "after the 2 data_offsets") != 0)
                    return -1;
                have_offsets = 1;
            } else if (strcmp(key, "dtype") == 0 || strcmp(key, "shape") == 0
                       || strcmp(key, "data_offsets") == 0)
                return perr(p, key_at, "tensor \"%s\": duplicate field \"%s\"", name, key);
            else
                return perr(p, key_at, "tensor \"%s\": unknown field \"%s\" (expected \"dtype\", "
                            "\"shape\" or \"data_offsets\")", name, key);
            skip_ws(p);
            if (p->pos < p->n && p->h[p->pos] == ',') {
                p->pos++;
                continue;
            }
            if (p->pos < p->n && p->h[p->pos] == '}') {
                p->pos++;
                break;
            }
            snprintf(where, sizeof where, "in tensor \"%s\"", name);
            return perr(p, p->pos, "expected ',' or '}' %s, found %s", where, FOUND(p));
        }
    const char *missing = !have_dtype ? "dtype" : !have_shape ? "shape"
                        : !have_offsets ? "data_offsets" : NULL;
    if (missing)
        return perr(p, name_at, "tensor \"%s\": missing field \"%s\"", name, missing);

    /* The entry on its own: offsets ordered, size consistent, inside the buffer. */
    char sb[256];
    if (t->end < t->begin)
        return perr(p, name_at, "tensor \"%s\": data_offsets [%llu, %llu] end before begin", name,
                    (unsigned long long)t->begin, (unsigned long long)t->end);
    uint64_t nbytes;
    if (shape_bytes(t->ndim, t->shape, dtype_sizes[t->dtype], &nbytes) != 0)
        return perr(p, name_at, "tensor \"%s\": shape %s of %s overflows 64 bits", name,
                    fmt_shape(sb, sizeof sb, t->ndim, t->shape), nash_st_dtype_names[t->dtype]);
    if (nbytes != t->end - t->begin)
        return perr(p, name_at, "tensor \"%s\": shape %s of %s is %llu bytes but data_offsets "
                    "[%llu, %llu] span %llu", name, fmt_shape(sb, sizeof sb, t->ndim, t->shape),
                    nash_st_dtype_names[t->dtype], (unsigned long long)nbytes,
                    (unsigned long long)t->begin, (unsigned long long)t->end,
                    (unsigned long long)(t->end - t->begin));
    if (t->end > f->data_size)
        return perr(p, name_at, "tensor \"%s\": data_offsets [%llu, %llu] end past the data "
                    "buffer (%zu bytes; file truncated?)", name, (unsigned long long)t->begin,
                    (unsigned long long)t->end, f->data_size);
    t->nbytes = (size_t)nbytes;
    t->data = f->data + t->begin;
    f->n_tensors++;
    return 0;
}

static int parse_metadata(parser *p, size_t at)
{
    nash_st_file *f = p->f;
    if (p->seen_meta)
        return perr(p, at, "duplicate \"__metadata__\"");
    p->seen_meta = 1;
    if (expect(p, '{', "to open __metadata__ (an object of strings)") != 0)
        return -1;
    skip_ws(p);
    if (p->pos < p->n && p->h[p->pos] == '}') {
        p->pos++;
        return 0;
    }
    for (;;) {
        const char *key, *value;
        if (parse_string(p, &key, NULL, "a __metadata__ key") != 0)
            return -1;
        if (expect(p, ':', "after a __metadata__ key") != 0)
            return -1;
        skip_ws(p);
        if (p->pos >= p->n || p->h[p->pos] != '"')
            return perr(p, p->pos, "__metadata__ value of \"%s\": expected a string, found %s",
                        key, FOUND(p));
        if (parse_string(p, &value, NULL, "a __metadata__ value") != 0)
            return -1;
        if (grow((void **)&f->meta, &p->cap_meta, 2 * (f->n_meta + 1), sizeof *f->meta) != 0)
            return nash_fail("%s: out of memory for the metadata table", p->path);
        f->meta[2 * f->n_meta] = key;
        f->meta[2 * f->n_meta + 1] = value;
        f->n_meta++;
        skip_ws(p);
        if (p->pos < p->n && p->h[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->n && p->h[p->pos] == '}') {
            p->pos++;
            return 0;
        }
        return perr(p, p->pos, "expected ',' or '}' in __metadata__, found %s", FOUND(p));
    }
}

static int parse_header(parser *p)
{
    if (expect(p, '{', "at the start of the header") != 0)
        return -1;
    skip_ws(p);
    if (p->pos < p->n && p->h[p->pos] == '}')
        p->pos++;
    else
        for (;;) {
            const char *key;
            size_t key_at;
            if (parse_string(p, &key, &key_at, "a tensor name or \"__metadata__\"") != 0)
                return -1;
            if (expect(p, ':', "after a key") != 0)
                return -1;
            int rc = strcmp(key, "__metadata__") == 0 ? parse_metadata(p, key_at)
                                                       : parse_tensor(p, key, key_at);
            if (rc != 0)
                return -1;
            skip_ws(p);
            if (p->pos < p->n && p->h[p->pos] == ',') {
                p->pos++;
                continue;
            }
            if (p->pos < p->n && p->h[p->pos] == '}') {
                p->pos++;
                break;
            }
            return perr(p, p->pos, "expected ',' or '}' in header, found %s", FOUND(p));
        }
    skip_ws(p);
    if (p->pos != p->n)
        return perr(p, p->pos, "expected only padding spaces after the header's closing '}', "
                    "found %s", FOUND(p));
    return 0;
}

/* ------------------------------------------------------------------------- */
/* Reader: whole-file validation and the API.                                 */

static int cmp_by_name(const void *a, const void *b)
{
    const nash_st_tensor *x = *(const nash_st_tensor *const *)a;
    const nash_st_tensor *y = *(const nash_st_tensor *const *)b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->header_offset > y->header_offset) - (x->header_offset < y->header_offset);
}

static int cmp_by_offsets(const void *a, const void *b)
{
    const nash_st_tensor *x = *(const nash_st_tensor *const *)a;
    const nash_st_tensor *y = *(const nash_st_tensor *const *)b;
    if (x->begin != y->begin)
        return x->begin < y->begin ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return 0;
}

static int cmp_meta(const void *a, const void *b)
{
    return strcmp(((const char *const *)a)[0], ((const char *const *)b)[0]);
}

static int validate(nash_st_file *f)
{
    int n = f->n_tensors;
    f->by_name = malloc((size_t)(n ? n : 1) * sizeof *f->by_name);
    const nash_st_tensor **order = malloc((size_t)(n ? n : 1) * sizeof *order);
    if (!f->by_name || !order) {
        free(order);
        return nash_fail("%s: out of memory for the tensor index", f->path);
    }
    for (int i = 0; i < n; i++)
        f->by_name[i] = order[i] = &f->tensors[i];

    if (n > 1)
        qsort(f->by_name, (size_t)n, sizeof *f->by_name, cmp_by_name);
    for (int i = 1; i < n; i++)
        if (strcmp(f->by_name[i - 1]->name, f->by_name[i]->name) == 0) {
            free(order);
            return nash_fail("%s: byte 8+%zu: duplicate tensor name \"%s\" (first at byte 8+%zu)",
                             f->path, f->by_name[i]->header_offset, f->by_name[i]->name,
                             f->by_name[i - 1]->header_offset);
        }

    /* The offsets must tile [0, data_size): sorted by (begin, end), each
     * begins where the previous ended. */
    if (n > 1)
        qsort(order, (size_t)n, sizeof *order, cmp_by_offsets);
    uint64_t cursor = 0;
    const nash_st_tensor *prev = NULL;
    for (int i = 0; i < n; i++) {
        const nash_st_tensor *t = order[i];
        if (t->begin < cursor) {
            int rc = nash_fail("%s: byte 8+%zu: tensor \"%s\": data_offsets [%llu, %llu] overlap "
                               "tensor \"%s\" [%llu, %llu]", f->path, t->header_offset, t->name,
                               (unsigned long long)t->begin, (unsigned long long)t->end,
                               prev->name, (unsigned long long)prev->begin,
                               (unsigned long long)prev->end);
            free(order);
            return rc;
        }
        if (t->begin > cursor) {
            int rc = nash_fail("%s: bytes [%llu, %llu) of the data buffer belong to no tensor "
                               "(a hole before tensor \"%s\")", f->path,
                               (unsigned long long)cursor, (unsigned long long)t->begin, t->name);
            free(order);
            return rc;
        }
        cursor = t->end;
        prev = t;
    }
    free(order);
    if (cursor != f->data_size)
        return nash_fail("%s: the data buffer has %zu bytes but the tensors cover only %llu "
                         "(trailing bytes)", f->path, f->data_size, (unsigned long long)cursor);

    if (f->n_meta > 1)
        qsort(f->meta, (size_t)f->n_meta, 2 * sizeof *f->meta, cmp_meta);
    for (int i = 1; i < f->n_meta; i++)
        if (strcmp(f->meta[2 * i - 2], f->meta[2 * i]) == 0)
            return nash_fail("%s: duplicate __metadata__ key \"%s\"", f->path, f->meta[2 * i]);
    return 0;
}

static int read_full(int fd, unsigned char *dst, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, dst + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0)
            errno = 0; /* end of file: no errno to report */
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

int nash_st_open(nash_st_file *f, const char *path)
{
    memset(f, 0, sizeof *f);
    size_t plen = strlen(path);
    if (plen >= sizeof f->path)
        return nash_fail("%.64s...: path longer than %zu bytes", path, sizeof f->path - 1);
    memcpy(f->path, path, plen + 1);

    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return nash_fail("%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int err = errno;
        close(fd);
        return nash_fail("%s: cannot stat: %s", path, strerror(err));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return nash_fail("%s: not a regular file", path);
    }
    uint64_t size = (uint64_t)st.st_size;
    unsigned char size_field[8];
    if (size < 8) {
        close(fd);
        return nash_fail("%s: file is %llu bytes, too short for the 8-byte header size", path,
                         (unsigned long long)size);
    }
    if (read_full(fd, size_field, 8) != 0) {
        int err = errno;
        close(fd);
        return nash_fail("%s: cannot read the header size: %s", path,
                         err ? strerror(err) : "unexpected end of file");
    }
    uint64_t hn = 0;
    for (int i = 7; i >= 0; i--)
        hn = hn << 8 | size_field[i];
    if (hn > NASH_ST_MAX_HEADER) {
        close(fd);
        return nash_fail("%s: header size %llu exceeds the limit of %llu bytes", path,
                         (unsigned long long)hn, (unsigned long long)NASH_ST_MAX_HEADER);
    }
    if (hn > size - 8) {
        close(fd);
        return nash_fail("%s: header size %llu exceeds the %llu bytes after the size field "
                         "(file truncated?)", path, (unsigned long long)hn,
                         (unsigned long long)(size - 8));
    }
    if (size > SIZE_MAX / 2) {
        close(fd);
        return nash_fail("%s: file of %llu bytes too large to read", path,
                         (unsigned long long)size);
    }
    /* One block: [alignment slack][file bytes][string pool of hn + 1 bytes];
     * the slack puts the data buffer (file byte 8 + hn) on 64 bytes. */
    size_t total = 64 + (size_t)size + (size_t)hn + 1;
    /* (resource limit) the whole file is held in memory: refuse a file larger than the
     * machine's physical memory before allocating, with a message instead of an OOM kill. */
    const double have = nash_physical_memory_bytes();
    if (have > 0 && (double)total > have) {
        close(fd);
        return nash_fail("%s: file of %llu bytes needs %.1f GB to load, more than this "
                         "machine's %.1f GB of memory", path, (unsigned long long)size,
                         (double)total / 1e9, have / 1e9);
    }
    /* a large block is mapped rather than malloc'ed: the same lazy pages in a
     * normal build, and no allocator bookkeeping (under AddressSanitizer its
     * shadow of a 4 GB malloc is 512 MB touched) before the header is checked */
    if (total >= ((size_t)64 << 20)) {
        void *m = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m != MAP_FAILED)
            f->alloc = m, f->alloc_mapped = total;
    } else {
        f->alloc = malloc(total);
    }
    if (!f->alloc) {
        close(fd);
        return nash_fail("%s: out of memory reading %llu bytes", path, (unsigned long long)size);
    }
    size_t slack = (64 - ((uintptr_t)f->alloc + 8 + (size_t)hn) % 64) % 64;
    unsigned char *buf = f->alloc + slack;
    memcpy(buf, size_field, 8);
    /* the header first, parsed and validated against the file size before the
     * data is read: a wrong multi-GB file costs one header read, not the file */
    if (read_full(fd, buf + 8, (size_t)hn) != 0) {
        int err = errno;
        close(fd);
        nash_st_close(f);
        return nash_fail("%s: cannot read the %llu-byte header: %s", path,
                         (unsigned long long)hn,
                         err ? strerror(err) : "unexpected end of file (file shrank?)");
    }
    f->data = buf + 8 + hn;
    f->data_size = (size_t)(size - 8 - hn);
    parser p = {
        .path = f->path,
        .h = buf + 8,
        .n = (size_t)hn,
        .pool = (char *)buf + size,
        .pool_cap = (size_t)hn + 1,
        .f = f,
    };
    if (parse_header(&p) != 0 || validate(f) != 0) {
        close(fd);
        nash_st_close(f);
        return -1;
    }
    if (read_full(fd, buf + 8 + hn, f->data_size) != 0) {
        int err = errno;
        close(fd);
        nash_st_close(f);
        return nash_fail("%s: cannot read %llu bytes: %s", path, (unsigned long long)size,
                         err ? strerror(err) : "unexpected end of file (file shrank?)");
    }
    close(fd);
    return 0;
}

void nash_st_close(nash_st_file *f)
{
    if (f->alloc_mapped)
        munmap(f->alloc, f->alloc_mapped);
    else
        free(f->alloc);
    free(f->tensors);
    free(f->by_name);
    free(f->meta);
    memset(f, 0, sizeof *f);
}

int nash_st_count(const nash_st_file *f)
{
    return f->n_tensors;
}

const nash_st_tensor *nash_st_tensor_at(const nash_st_file *f, int i)
{
    return i >= 0 && i < f->n_tensors ? &f->tensors[i] : NULL;
}

static int cmp_find(const void *key, const void *elem)
{
    return strcmp((const char *)key, (*(const nash_st_tensor *const *)elem)->name);
}

const nash_st_tensor *nash_st_find(const nash_st_file *f, const char *name)
{
    if (!f->n_tensors)
        return NULL;
    const nash_st_tensor *const *hit =
        bsearch(name, f->by_name, (size_t)f->n_tensors, sizeof *f->by_name, cmp_find);
    return hit ? *hit : NULL;
}

static int cmp_find_meta(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const char *const *)elem)[0]);
}

const char *nash_st_meta(const nash_st_file *f, const char *key)
{
    if (!f->n_meta)
        return NULL;
    const char *const *hit = bsearch(key, f->meta, (size_t)f->n_meta, 2 * sizeof *f->meta,
                                     cmp_find_meta);
    return hit ? hit[1] : NULL;
}

int nash_st_meta_count(const nash_st_file *f)
{
    return f->n_meta;
}

void nash_st_meta_at(const nash_st_file *f, int i, const char **key, const char **value)
{
    int ok = i >= 0 && i < f->n_meta;
    *key = ok ? f->meta[2 * i] : NULL;
    *value = ok ? f->meta[2 * i + 1] : NULL;
}

int nash_st_read(const nash_st_file *f, const char *name, nash_st_dtype dtype, void *dst,
                 int ndim, const int64_t *shape)
{
    if ((unsigned)dtype >= NASH_ST_DTYPE_COUNT || ndim < 0 || ndim > NASH_ST_MAX_DIMS)
        return nash_fail("%s: tensor \"%s\": bad request (dtype %d, %d dimensions)", f->path,
                         name, (int)dtype, ndim);
    const nash_st_tensor *t = nash_st_find(f, name);
    if (!t)
        return nash_fail("%s: tensor \"%s\": not found (the file holds %d tensors)", f->path,
                         name, f->n_tensors);
    if (t->dtype != dtype)
        return nash_fail("%s: tensor \"%s\": dtype %s, expected %s", f->path, name,
                         nash_st_dtype_names[t->dtype], nash_st_dtype_names[dtype]);
    int same = t->ndim == ndim;
    for (int i = 0; same && i < ndim; i++)
        same = t->shape[i] == shape[i];
    if (!same) {
        char have[256], want[256];
        return nash_fail("%s: tensor \"%s\": shape %s, expected %s", f->path, name,
                         fmt_shape(have, sizeof have, t->ndim, t->shape),
                         fmt_shape(want, sizeof want, ndim, shape));
    }
    if (t->nbytes)
        memcpy(dst, t->data, t->nbytes);
    return 0;
}

int nash_st_read_f32(const nash_st_file *f, const char *name, float *dst, int ndim,
                     const int64_t *shape)
{
    return nash_st_read(f, name, NASH_ST_F32, dst, ndim, shape);
}
