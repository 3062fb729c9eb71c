/*
 * test_safetensors.c — atomic saves and the safetensors reader/writer.
 *
 * Owns: the checks of runtime/atomic_file.c and runtime/safetensors.c: round
 * trips (F32/I32/U8/F64, 0-d to 4-d, an empty tensor, metadata with quotes,
 * backslashes, control characters and non-ASCII); byte-exact agreement with
 * the reference implementation (its own test vectors: the files it writes and
 * a file from its documentation); refusal, each with a checked message, of
 * every truncation of a valid file, oversized header sizes, malformed JSON,
 * unknown dtypes, size/offset mismatches, overlaps, holes, offsets past the
 * end, duplicates and non-string metadata; mangled headers never crash;
 * nash_st_read_f32's dtype/shape messages; atomic commits leave no temp file,
 * failed ones name the step and leave the target as it was.
 * Every test works in its own mkdtemp directory, removed at the end.
 */
#define _GNU_SOURCE
#include "test_util.h"

#include "nash_io.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------------- */
/* Helpers.                                                                   */

static char g_dir[256];

static void make_dir(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(g_dir, sizeof g_dir, "%s/nash-st-XXXXXX", base && base[0] ? base : "/tmp");
    cr_assert(mkdtemp(g_dir) != NULL, "mkdtemp: %s", strerror(errno));
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    return remove(p);
}

static void remove_dir(void)
{
    nftw(g_dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(safetensors, .init = make_dir, .fini = remove_dir);
TestSuite(atomic_file, .init = make_dir, .fini = remove_dir);

static const char *in_dir(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", g_dir, name);
    return buf;
}

/* Entries in the directory (excluding . and ..); *tmp_seen set if a name holds ".tmp.". */
static int dir_entries(const char *dir, int *tmp_seen)
{
    DIR *d = opendir(dir);
    cr_assert(d != NULL, "opendir %s: %s", dir, strerror(errno));
    int n = 0;
    if (tmp_seen)
        *tmp_seen = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n++;
        if (tmp_seen && strstr(e->d_name, ".tmp."))
            *tmp_seen = 1;
    }
    closedir(d);
    return n;
}

static void write_raw(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    cr_assert(f != NULL, "fopen %s: %s", path, strerror(errno));
    cr_assert_eq(fwrite(data, 1, n, f), n);
    cr_assert_eq(fclose(f), 0);
}

static unsigned char *read_raw(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    cr_assert(f != NULL, "fopen %s: %s", path, strerror(errno));
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *p = malloc((size_t)len + 1);
    cr_assert_eq(fread(p, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return p;
}

/* A safetensors byte string: u64 LE len(header), header, data. */
static unsigned char *build(const char *header, size_t hlen, const void *data, size_t dlen,
                            size_t *n)
{
    unsigned char *p = malloc(8 + hlen + dlen + 1);
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)((uint64_t)hlen >> (8 * i));
    memcpy(p + 8, header, hlen);
    if (dlen)
        memcpy(p + 8 + hlen, data, dlen);
    *n = 8 + hlen + dlen;
    return p;
}

/* The last error starts with "<path>: " and contains every needle. */
static void check_msg(const char *path, const char *needle1, const char *needle2)
{
    const char *m = nash_last_error();
    size_t pl = strlen(path);
    cr_assert(strncmp(m, path, pl) == 0 && m[pl] == ':' && m[pl + 1] == ' ',
              "message should start with the path %s: %s", path, m);
    cr_assert(strstr(m, needle1) != NULL, "message should contain [%s]: %s", needle1, m);
    if (needle2)
        cr_assert(strstr(m, needle2) != NULL, "message should contain [%s]: %s", needle2, m);
}

/* Writes the header + data as a file and expects nash_st_open to refuse it. */
static void expect_refused(const char *header, size_t dlen, const char *needle1,
                           const char *needle2)
{
    char path[512];
    in_dir(path, sizeof path, "bad.safetensors");
    unsigned char data[64] = {0};
    cr_assert(dlen <= sizeof data);
    size_t n;
    unsigned char *bytes = build(header, strlen(header), data, dlen, &n);
    write_raw(path, bytes, n);
    free(bytes);
    nash_st_file f;
    nash_clear_error();
    int rc = nash_st_open(&f, path);
    if (rc == 0)
        nash_st_close(&f);
    cr_assert_eq(rc, -1, "header should be refused: %s", header);
    check_msg(path, needle1, needle2);
    nash_st_close(&f); /* safe on a refused file */
}

/* ------------------------------------------------------------------------- */
/* Round trips.                                                               */

Test(safetensors, round_trip)
{
    char path[512];
    in_dir(path, sizeof path, "ckpt.safetensors");

    int64_t s4[4] = {2, 3, 4, 5}, s1[1] = {7}, s_empty[3] = {3, 0, 2}, s_odd[1] = {5},
            s_f64[2] = {3, 1};
    float w[120];
    tu_fill_uniform(w, 120, 11, -2.0f, 2.0f);
    int32_t ints[7] = {0, -1, 2147483647, (int32_t)-2147483647 - 1, 42, -42, 7};
    uint8_t scalar = 0xAB;
    uint8_t odd[5] = {1, 2, 3, 4, 5};
    double dbl[3] = {1e300, -0.0, 3.25}; /* after 5 bytes: unaligned in the file */
    const char *weird_name = "blocks.0/\"conv\"\\w\xc3\xa9ight";

    nash_st_writer wr;
    nash_st_writer_init(&wr);
    cr_assert_eq(nash_st_add(&wr, "conv.weight", NASH_ST_F32, 4, s4, w), 0, "%s",
                 nash_last_error());
    cr_assert_eq(nash_st_add(&wr, "labels", NASH_ST_I32, 1, s1, ints), 0);
    cr_assert_eq(nash_st_add(&wr, "flag", NASH_ST_U8, 0, NULL, &scalar), 0);
    cr_assert_eq(nash_st_add(&wr, "empty", NASH_ST_F32, 3, s_empty, NULL), 0);
    cr_assert_eq(nash_st_add(&wr, weird_name, NASH_ST_U8, 1, s_odd, odd), 0);
    cr_assert_eq(nash_st_add(&wr, "dbl", NASH_ST_F64, 2, s_f64, dbl), 0);
    const char *meta[][2] = {
        {"arch", "c3-16|a3-16|gap|fc10"},
        {"quote\"key", "say \"hi\""},
        {"backslash", "C:\\path\\to\\"},
        {"lines", "a\nb\r\n\ttab\x01\x1f end"},
        {"unicode", "\xc3\xa9t\xc3\xa9 \xe2\x88\x91 \xf0\x9f\x98\x80 \xe4\xb8\xad"},
        {"", "empty key"},
        {"empty value", ""},
    };
    int n_meta = (int)(sizeof meta / sizeof meta[0]);
    for (int i = 0; i < n_meta; i++)
        cr_assert_eq(nash_st_add_meta(&wr, meta[i][0], meta[i][1]), 0, "%s", nash_last_error());
    cr_assert_eq(nash_st_write(&wr, path), 0, "%s", nash_last_error());
    nash_st_writer_free(&wr);

    int tmp_seen;
    cr_assert_eq(dir_entries(g_dir, &tmp_seen), 1, "only the checkpoint should remain");
    cr_assert(!tmp_seen);

    /* The header is padded so the data starts at a multiple of 8. */
    size_t raw_n;
    unsigned char *raw = read_raw(path, &raw_n);
    uint64_t hn = 0;
    for (int i = 7; i >= 0; i--)
        hn = hn << 8 | raw[i];
    cr_assert_eq(hn % 8, 0, "header size %llu not padded to 8", (unsigned long long)hn);
    cr_assert_eq(raw[8], '{');
    cr_assert_eq(raw_n, 8 + hn + sizeof w + sizeof ints + 1 + 0 + sizeof odd + sizeof dbl);
    free(raw);

    nash_st_file f;
    cr_assert_eq(nash_st_open(&f, path), 0, "%s", nash_last_error());
    cr_assert_eq(nash_st_count(&f), 6);
    cr_assert_eq((uintptr_t)f.data % 64, 0, "data buffer should be 64-byte aligned in memory");

    /* Header order and data order are the insertion order. */
    const char *order[6] = {"conv.weight", "labels", "flag", "empty", weird_name, "dbl"};
    uint64_t expect_begin = 0;
    for (int i = 0; i < 6; i++) {
        const nash_st_tensor *t = nash_st_tensor_at(&f, i);
        cr_assert_str_eq(t->name, order[i]);
        cr_assert_eq(t->begin, expect_begin, "tensor %s begins at %llu", t->name,
                     (unsigned long long)t->begin);
        expect_begin = t->end;
    }
    cr_assert_null(nash_st_tensor_at(&f, 6));
    cr_assert_null(nash_st_tensor_at(&f, -1));

    const nash_st_tensor *t = nash_st_find(&f, "conv.weight");
    cr_assert_not_null(t);
    cr_assert_eq(t->dtype, NASH_ST_F32);
    cr_assert_eq(t->ndim, 4);
    for (int i = 0; i < 4; i++)
        cr_assert_eq(t->shape[i], s4[i]);
    cr_assert_eq(t->nbytes, sizeof w);
    cr_assert(memcmp(t->data, w, sizeof w) == 0);
    float w2[120];
    cr_assert_eq(nash_st_read_f32(&f, "conv.weight", w2, 4, s4), 0, "%s", nash_last_error());
    cr_assert(memcmp(w2, w, sizeof w) == 0);

    int32_t ints2[7];
    cr_assert_eq(nash_st_read(&f, "labels", NASH_ST_I32, ints2, 1, s1), 0, "%s",
                 nash_last_error());
    cr_assert(memcmp(ints2, ints, sizeof ints) == 0);

    t = nash_st_find(&f, "flag");
    cr_assert_eq(t->ndim, 0);
    cr_assert_eq(t->nbytes, 1);
    uint8_t scalar2 = 0;
    cr_assert_eq(nash_st_read(&f, "flag", NASH_ST_U8, &scalar2, 0, NULL), 0);
    cr_assert_eq(scalar2, 0xAB);

    t = nash_st_find(&f, "empty");
    cr_assert_eq(t->ndim, 3);
    cr_assert_eq(t->shape[1], 0);
    cr_assert_eq(t->nbytes, 0);
    cr_assert_eq(t->begin, t->end);
    cr_assert_eq(nash_st_read_f32(&f, "empty", NULL, 3, s_empty), 0);

    uint8_t odd2[5];
    cr_assert_eq(nash_st_read(&f, weird_name, NASH_ST_U8, odd2, 1, s_odd), 0, "%s",
                 nash_last_error());
    cr_assert(memcmp(odd2, odd, 5) == 0);

    double dbl2[3];
    t = nash_st_find(&f, "dbl");
    cr_assert_eq(t->begin, sizeof w + sizeof ints + 1 + sizeof odd, "insertion order");
    cr_assert_neq(t->begin % 8, 0, "this F64 tensor is unaligned in the file: read copies");
    cr_assert_eq(nash_st_read(&f, "dbl", NASH_ST_F64, dbl2, 2, s_f64), 0);
    cr_assert(memcmp(dbl2, dbl, sizeof dbl) == 0);

    cr_assert_null(nash_st_find(&f, "missing"));
    cr_assert_null(nash_st_find(&f, "conv.weigh"));

    cr_assert_eq(nash_st_meta_count(&f), n_meta);
    for (int i = 0; i < n_meta; i++) {
        const char *v = nash_st_meta(&f, meta[i][0]);
        cr_assert_not_null(v, "metadata key [%s] missing", meta[i][0]);
        cr_assert_str_eq(v, meta[i][1]);
    }
    cr_assert_null(nash_st_meta(&f, "absent"));
    const char *k0, *v0;
    nash_st_meta_at(&f, 0, &k0, &v0);
    cr_assert_str_eq(k0, "", "metadata is iterated sorted by key");
    nash_st_close(&f);
    nash_st_close(&f); /* idempotent */
}

Test(safetensors, empty_file_and_only_metadata)
{
    char path[512];
    in_dir(path, sizeof path, "empty.safetensors");
    nash_st_writer wr;
    nash_st_writer_init(&wr);
    cr_assert_eq(nash_st_write(&wr, path), 0, "%s", nash_last_error());
    nash_st_file f;
    cr_assert_eq(nash_st_open(&f, path), 0, "%s", nash_last_error());
    cr_assert_eq(nash_st_count(&f), 0);
    cr_assert_null(nash_st_find(&f, "x"));
    cr_assert_null(nash_st_meta(&f, "x"));
    nash_st_close(&f);
    nash_st_writer_free(&wr);
}

/* ------------------------------------------------------------------------- */
/* Compatibility with the reference implementation (huggingface/safetensors,  */
/* safetensors/src/tensor.rs: its unit tests' expected bytes and the file of  */
/* its deserialize() documentation).                                          */

static void expect_file_bytes(const char *path, const unsigned char *want, size_t n)
{
    size_t got_n;
    unsigned char *got = read_raw(path, &got_n);
    cr_assert_eq(got_n, n, "file is %zu bytes, expected %zu", got_n, n);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(got[i], want[i], "byte %zu: 0x%02x, expected 0x%02x", i, got[i], want[i]);
    free(got);
}

Test(safetensors, writer_matches_reference_bytes)
{
    char path[512];
    in_dir(path, sizeof path, "ref.safetensors");
    nash_st_writer wr;

    /* No tensors: "{}" padded to 8. */
    nash_st_writer_init(&wr);
    cr_assert_eq(nash_st_write(&wr, path), 0);
    expect_file_bytes(path, (const unsigned char *)"\x08\0\0\0\0\0\0\0{}      ", 16);
    nash_st_writer_free(&wr);

    /* Metadata only: "__metadata__" first, padded to 40. */
    nash_st_writer_init(&wr);
    cr_assert_eq(nash_st_add_meta(&wr, "framework", "pt"), 0);
    cr_assert_eq(nash_st_write(&wr, path), 0);
    expect_file_bytes(path,
                      (const unsigned char *)"\x28\0\0\0\0\0\0\0"
                                             "{\"__metadata__\":{\"framework\":\"pt\"}}     ",
                      48);
    nash_st_writer_free(&wr);

    /* "attn0" F32 [1,1,2,3] = 0..5: header of 65 bytes padded to 72. */
    float v[6] = {0, 1, 2, 3, 4, 5};
    int64_t shape[4] = {1, 1, 2, 3};
    nash_st_writer_init(&wr);
    cr_assert_eq(nash_st_add(&wr, "attn0", NASH_ST_F32, 4, shape, v), 0);
    cr_assert_eq(nash_st_write(&wr, path), 0);
    const char *hdr = "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}"
                      "       ";
    cr_assert_eq(strlen(hdr), 72);
    unsigned char want[8 + 72 + 24] = {72};
    memcpy(want + 8, hdr, 72);
    const unsigned char data[24] = {0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64,
                                    0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64};
    memcpy(want + 80, data, 24);
    expect_file_bytes(path, want, sizeof want);
    nash_st_writer_free(&wr);

    /* What Python's save_file({"a": np.array([1, -2.5], np.float32)},
     * metadata={"format": "pt"}) writes. */
    float a[2] = {1.0f, -2.5f};
    int64_t s2[1] = {2};
    nash_st_writer_init(&wr);
    cr_assert_eq(nash_st_add(&wr, "a", NASH_ST_F32, 1, s2, a), 0);
    cr_assert_eq(nash_st_add_meta(&wr, "format", "pt"), 0);
    cr_assert_eq(nash_st_write(&wr, path), 0);
    const char *h2 = "{\"__metadata__\":{\"format\":\"pt\"},"
                     "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    size_t h2n = strlen(h2), h2p = (h2n + 7) / 8 * 8;
    unsigned char want2[256];
    memset(want2, ' ', sizeof want2);
    memset(want2, 0, 8);
    want2[0] = (unsigned char)h2p;
    memcpy(want2 + 8, h2, h2n);
    memcpy(want2 + 8 + h2p, a, 8);
    expect_file_bytes(path, want2, 8 + h2p + 8);
    nash_st_writer_free(&wr);
}

Test(safetensors, reads_hand_written_files)
{
    char path[512];
    in_dir(path, sizeof path, "hand.safetensors");
    nash_st_file f;

    /* The reference's documentation example: 0x3c = 60-byte header, I32 2x2, unpadded. */
    const char *doc = "{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}";
    cr_assert_eq(strlen(doc), 60);
    unsigned char docfile[8 + 60 + 16] = {0x3c};
    memcpy(docfile + 8, doc, 60);
    write_raw(path, docfile, sizeof docfile);
    cr_assert_eq(nash_st_open(&f, path), 0, "%s", nash_last_error());
    const nash_st_tensor *t = nash_st_find(&f, "test");
    cr_assert_not_null(t);
    cr_assert_eq(t->dtype, NASH_ST_I32);
    cr_assert_eq(t->ndim, 2);
    cr_assert_eq(t->shape[0], 2);
    cr_assert_eq(t->shape[1], 2);
    cr_assert_eq(t->nbytes, 16);
    nash_st_close(&f);

    /* The minimal Python output, unpadded (older writers did not pad). */
    const char *h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    const unsigned char fl[8] = {0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x20, 0xc0}; /* 1, -2.5 */
    size_t n;
    unsigned char *bytes = build(h, strlen(h), fl, 8, &n);
    write_raw(path, bytes, n);
    free(bytes);
    cr_assert_eq(nash_st_open(&f, path), 0, "%s", nash_last_error());
    float a[2];
    int64_t s2[1] = {2};
    cr_assert_eq(nash_st_read_f32(&f, "a", a, 1, s2), 0, "%s", nash_last_error());
    cr_assert_eq(a[0], 1.0f);
    cr_assert_eq(a[1], -2.5f);
    cr_assert_eq(nash_st_meta_count(&f), 0);
    nash_st_close(&f);

    /* Pretty-printed, fields and tensors in any order, data order differing
     * from header order, escapes (\/, \t, \u00e9, a surrogate pair for U+1F600),
     * a zero-size tensor, trailing padding of every JSON whitespace. */
    const char *pretty =
        " {\n"
        "  \"b\\u00e9ta\\ud83d\\ude00\" : { \"shape\" : [ 3 ] , \"data_offsets\" : [ 8 , 11 ] ,"
        " \"dtype\" : \"U8\" } ,\r\n"
        "\t\"__metadata__\": {\"path\": \"a\\/b\\tc\", \"esc\": \"\\\"\\\\\\b\\f\\n\\r\\u0001\"},\n"
        "  \"a\": {\"data_offsets\": [0, 8], \"dtype\": \"F32\", \"shape\": [2]},\n"
        "  \"z\": {\"dtype\": \"I64\", \"shape\": [0, 4], \"data_offsets\": [11, 11]}\n"
        "} \t\r\n  ";
    unsigned char data[11];
    memcpy(data, fl, 8);
    data[8] = 7, data[9] = 8, data[10] = 9;
    bytes = build(pretty, strlen(pretty), data, sizeof data, &n);
    write_raw(path, bytes, n);
    free(bytes);
    cr_assert_eq(nash_st_open(&f, path), 0, "%s", nash_last_error());
    cr_assert_eq(nash_st_count(&f), 3);
    cr_assert_str_eq(nash_st_tensor_at(&f, 0)->name, "b\xc3\xa9ta\xf0\x9f\x98\x80");
    t = nash_st_find(&f, "b\xc3\xa9ta\xf0\x9f\x98\x80");
    cr_assert_not_null(t);
    cr_assert_eq(t->dtype, NASH_ST_U8);
    cr_assert(memcmp(t->data, "\x07\x08\x09", 3) == 0);
    cr_assert_eq(nash_st_read_f32(&f, "a", a, 1, s2), 0, "%s", nash_last_error());
    cr_assert_eq(a[1], -2.5f);
    t = nash_st_find(&f, "z");
    cr_assert_eq(t->dtype, NASH_ST_I64);
    cr_assert_eq(t->nbytes, 0);
    cr_assert_str_eq(nash_st_meta(&f, "path"), "a/b\tc");
    cr_assert_str_eq(nash_st_meta(&f, "esc"), "\"\\\b\f\n\r\x01");
    nash_st_close(&f);

    /* Every dtype name of the format is known, with its size. */
    for (int d = 0; d < NASH_ST_DTYPE_COUNT; d++) {
        char hdr[256];
        size_t sz = nash_st_dtype_size((nash_st_dtype)d);
        snprintf(hdr, sizeof hdr, "{\"x\":{\"dtype\":\"%s\",\"shape\":[3],\"data_offsets\":[0,%zu]}}",
                 nash_st_dtype_names[d], 3 * sz);
        unsigned char zeros[24] = {0};
        bytes = build(hdr, strlen(hdr), zeros, 3 * sz, &n);
        write_raw(path, bytes, n);
        free(bytes);
        cr_assert_eq(nash_st_open(&f, path), 0, "%s: %s", nash_st_dtype_names[d],
                     nash_last_error());
        cr_assert_eq(nash_st_find(&f, "x")->dtype, (nash_st_dtype)d);
        nash_st_close(&f);
    }
    cr_assert_eq(nash_st_dtype_size(NASH_ST_F32), 4);
    cr_assert_eq(nash_st_dtype_size(NASH_ST_BF16), 2);
    cr_assert_eq(nash_st_dtype_size(NASH_ST_U64), 8);
    cr_assert_eq(nash_st_dtype_size(NASH_ST_DTYPE_COUNT), 0);
}

/* ------------------------------------------------------------------------- */
/* Refused inputs.                                                            */

/* A valid file of a few tensors + metadata (written by the writer). */
static unsigned char *valid_file(const char *path, size_t *n)
{
    float w[6] = {1, 2, 3, 4, 5, 6};
    int32_t i3[3] = {-1, 0, 1};
    uint8_t u = 9;
    int64_t s23[2] = {2, 3}, s3[1] = {3};
    nash_st_writer wr;
    nash_st_writer_init(&wr);
    cr_assert_eq(nash_st_add(&wr, "w", NASH_ST_F32, 2, s23, w), 0);
    cr_assert_eq(nash_st_add(&wr, "i", NASH_ST_I32, 1, s3, i3), 0);
    cr_assert_eq(nash_st_add(&wr, "u", NASH_ST_U8, 0, NULL, &u), 0);
    cr_assert_eq(nash_st_add_meta(&wr, "k", "v"), 0);
    cr_assert_eq(nash_st_write(&wr, path), 0, "%s", nash_last_error());
    nash_st_writer_free(&wr);
    return read_raw(path, n);
}

Test(safetensors, every_truncation_refused)
{
    char path[512], cut[512];
    in_dir(path, sizeof path, "full.safetensors");
    in_dir(cut, sizeof cut, "cut.safetensors");
    size_t n;
    unsigned char *bytes = valid_file(path, &n);
    uint64_t hn = 0;
    for (int i = 7; i >= 0; i--)
        hn = hn << 8 | bytes[i];
    nash_st_file f;
    cr_assert_eq(nash_st_open(&f, path), 0, "%s", nash_last_error());
    nash_st_close(&f);
    for (size_t len = 0; len < n; len++) {
        write_raw(cut, bytes, len);
        nash_clear_error();
        int rc = nash_st_open(&f, cut);
        if (rc == 0)
            nash_st_close(&f);
        cr_assert_eq(rc, -1, "a prefix of %zu of %zu bytes was accepted", len, n);
        const char *m = nash_last_error();
        cr_assert(strncmp(m, cut, strlen(cut)) == 0, "prefix %zu: %s", len, m);
        if (len < 8)
            check_msg(cut, "too short for the 8-byte header size", NULL);
        else if (len < 8 + hn) /* the header itself is cut */
            check_msg(cut, "exceeds the", "(file truncated?)");
        else
            check_msg(cut, "end past the data buffer", NULL);
    }
    free(bytes);
}

Test(safetensors, header_size_refused)
{
    char path[512];
    in_dir(path, sizeof path, "h.safetensors");
    nash_st_file f;
    const char *h = "{}";
    size_t n;
    unsigned char *bytes = build(h, 2, NULL, 0, &n);

    bytes[0] = 3; /* 3 > the 2 bytes that follow */
    write_raw(path, bytes, n);
    cr_assert_eq(nash_st_open(&f, path), -1);
    check_msg(path, "header size 3 exceeds the 2 bytes after the size field", NULL);

    memset(bytes, 0xff, 8); /* 2^64 - 1 */
    write_raw(path, bytes, n);
    cr_assert_eq(nash_st_open(&f, path), -1);
    check_msg(path, "header size 18446744073709551615 exceeds the limit of 100000000", NULL);

    memset(bytes, 0, 8);
    bytes[0] = 0x01, bytes[1] = 0xe1, bytes[2] = 0xf5, bytes[3] = 0x05; /* 100000001 */
    write_raw(path, bytes, n);
    cr_assert_eq(nash_st_open(&f, path), -1);
    check_msg(path, "header size 100000001 exceeds the limit", NULL);
    free(bytes);

    cr_assert_eq(nash_st_open(&f, g_dir), -1);
    check_msg(g_dir, "not a regular file", NULL);
    char missing[512];
    cr_assert_eq(nash_st_open(&f, in_dir(missing, sizeof missing, "nope")), -1);
    check_msg(missing, "cannot open", "No such file");
}

Test(safetensors, malformed_json_refused)
{
    /* header, data bytes, two needles */
    static const struct { const char *h; size_t d; const char *n1, *n2; } cases[] = {
        {"", 0, "byte 8+0: expected '{' at the start of the header", "found end of header"},
        {"[]", 0, "byte 8+0: expected '{' at the start of the header", "found '['"},
        {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]} x}", 8,
         "byte 8+54: expected ',' or '}' in header, found 'x'", NULL},
        {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},}", 8,
         "byte 8+54: expected a string (a tensor name or \"__metadata__\"), found '}'", NULL},
        {"{'a':1}", 0, "byte 8+1: expected a string", "found '''"},
        {"{\"a\" {", 0, "byte 8+5: expected ':' after a key, found '{'", NULL},
        {"{\"a\":[]}", 0, "byte 8+5: expected '{' to open tensor \"a\", found '['", NULL},
        {"{\"a", 0, "byte 8+3: expected '\"' to close the string opened at byte 8+1", NULL},
        {"{\"a\\q\":{}}", 0, "byte 8+4: expected one of", "found 'q'"},
        {"{\"\\u12G4\":{}}", 0, "byte 8+6: expected 4 hex digits after \\u, found 'G'", NULL},
        {"{\"\\ud800x\":{}}", 0, "expected \\uDC00-\\uDFFF after the high surrogate \\uD800",
         "found 'x'"},
        {"{\"\\udc00\":{}}", 0, "lone low surrogate \\uDC00", NULL},
        {"{\"a\\u0000\":{}}", 0, "byte 8+3: \\u0000 (NUL) in a string is not supported", NULL},
        {"{\"a\nb\":{}}", 0, "byte 8+3: control character 0x0a in a string", NULL},
        {"{\"a\xff\":{}}", 0, "byte 8+3: invalid UTF-8 (byte 0xff)", NULL},
        {"{\"a\xc0\xaf\":{}}", 0, "invalid UTF-8 (byte 0xc0)", NULL}, /* overlong '/' */
        {"{\"a\xed\xa0\x80\":{}}", 0, "invalid UTF-8 (byte 0xed)", NULL}, /* surrogate */
        {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2,],\"data_offsets\":[0,8]}}", 8,
         "byte 8+31: expected a non-negative integer (a dimension), found ']'", NULL},
        {"{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8,
         "expected a non-negative integer (a dimension), found '-'", NULL},
        {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", 8,
         "found '.' (fraction or exponent)", NULL},
        {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2e0],\"data_offsets\":[0,8]}}", 8,
         "found 'e' (fraction or exponent)", NULL},
        {"{\"a\":{\"dtype\":\"F32\",\"shape\":[02],\"data_offsets\":[0,8]}}", 8,
         "without leading zeros, found '02'", NULL},
        {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2 3],\"data_offsets\":[0,8]}}", 8,
         "expected ',' or ']' in the shape, found '3'", NULL},
        {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,9]}}", 8,
         "expected ']' after the 2 data_offsets, found ','", NULL},
        {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", 8,
         "expected ',' between the 2 data_offsets, found ']'", NULL},
        {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,18446744073709551616]}}", 8,
         "integer (the end offset) larger than 18446744073709551615", NULL},
        {"{\"a\":{\"dtype\":\"F32\",\"shape\":[9223372036854775808],\"data_offsets\":[0,8]}}", 8,
         "integer (a dimension) larger than 9223372036854775807", NULL},
        {"{\"a\":{\"dtype\":\"F32\",\"shape\":[1,1,1,1,1,1,1,1,1],\"data_offsets\":[0,4]}}", 4,
         "tensor \"a\": more than 8 dimensions", NULL},
        {"{\"a\":{\"dtype\":F32,\"shape\":[2],\"data_offsets\":[0,8]}}", 8,
         "byte 8+14: expected a string (the dtype), found 'F'", NULL},
        {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8, "tensor \"a\": missing field \"data_offsets\"",
         NULL},
        {"{\"a\":{}}", 0, "byte 8+1: tensor \"a\": missing field \"dtype\"", NULL},
        {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"foo\":1}}", 8,
         "tensor \"a\": unknown field \"foo\"", NULL},
        {"{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8,
         "tensor \"a\": duplicate field \"dtype\"", NULL},
        {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}", 8,
         "expected ',' or '}' in header, found end of header", NULL},
        {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}}", 8,
         "expected only padding spaces after the header's closing '}', found '}'", NULL},
        {"{}\x01", 0, "byte 8+2: expected only padding", "found byte 0x01"},
        {"{\"__metadata__\":[]}", 0, "expected '{' to open __metadata__", "found '['"},
        {"{\"__metadata__\":null}", 0, "expected '{' to open __metadata__", "found 'n'"},
        {"{\"__metadata__\":{},\"__metadata__\":{}}", 0, "byte 8+19: duplicate \"__metadata__\"",
         NULL},
        {"{\"__metadata__\":{\"k\":\"v\" \"j\":\"w\"}}", 0,
         "expected ',' or '}' in __metadata__, found '\"'", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_refused(cases[i].h, cases[i].d, cases[i].n1, cases[i].n2);
}

Test(safetensors, invalid_entries_refused)
{
    /* unknown dtypes */
    expect_refused("{\"a\":{\"dtype\":\"float32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8,
                   "byte 8+14: tensor \"a\": unknown dtype \"float32\"",
                   "(expected one of BOOL U8 I8");
    expect_refused("{\"a\":{\"dtype\":\"F4\",\"shape\":[2],\"data_offsets\":[0,1]}}", 1,
                   "unknown dtype \"F4\"", NULL);
    expect_refused("{\"a\":{\"dtype\":\"f32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8,
                   "unknown dtype \"f32\"", NULL);
    /* shape x dtype size vs offsets */
    expect_refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8,
                   "byte 8+1: tensor \"a\": shape [3] of F32 is 12 bytes but data_offsets [0, 8] "
                   "span 8", NULL);
    expect_refused("{\"a\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,4]}}", 4,
                   "shape [] of I64 is 8 bytes but data_offsets [0, 4] span 4", NULL);
    expect_refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],"
                   "\"data_offsets\":[0,0]}}", 0, "shape [4294967296, 4294967296] of F32 overflows",
                   NULL);
    expect_refused("{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[8,4]}}", 8,
                   "tensor \"a\": data_offsets [8, 4] end before begin", NULL);
    /* offsets past the end of the data buffer */
    expect_refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4,
                   "tensor \"a\": data_offsets [0, 8] end past the data buffer (4 bytes", NULL);
    expect_refused("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[18446744073709551614,"
                   "18446744073709551616]}}", 2, "larger than", NULL);
    expect_refused("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[18446744073709551614,"
                   "18446744073709551615]}}", 2, "end past the data buffer", NULL);
    /* overlaps, holes, trailing bytes */
    expect_refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                   "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12,
                   "tensor \"b\": data_offsets [4, 12] overlap tensor \"a\" [0, 8]", NULL);
    expect_refused("{\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                   "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8,
                   "overlap tensor", NULL);
    expect_refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                   "\"z\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,4]}}", 8,
                   "tensor \"z\": data_offsets [4, 4] overlap tensor \"a\" [0, 8]", NULL);
    expect_refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                   "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12,
                   "bytes [4, 8) of the data buffer belong to no tensor", "before tensor \"b\"");
    expect_refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8,
                   "bytes [0, 4) of the data buffer belong to no tensor", NULL);
    expect_refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8,
                   "the data buffer has 8 bytes but the tensors cover only 4 (trailing bytes)",
                   NULL);
    expect_refused("{}", 3, "the data buffer has 3 bytes but the tensors cover only 0", NULL);
    /* duplicate names (also when spelled differently in JSON) */
    expect_refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                   "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8,
                   "byte 8+54: duplicate tensor name \"a\" (first at byte 8+1)", NULL);
    expect_refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                   "\"\\u0061\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8,
                   "duplicate tensor name \"a\"", NULL);
    /* metadata values must be strings; keys unique */
    expect_refused("{\"__metadata__\":{\"k\":1}}", 0,
                   "byte 8+21: __metadata__ value of \"k\": expected a string, found '1'", NULL);
    expect_refused("{\"__metadata__\":{\"k\":null}}", 0, "__metadata__ value of \"k\"", "found 'n'");
    expect_refused("{\"__metadata__\":{\"k\":{\"x\":\"y\"}}}", 0, "__metadata__ value of \"k\"",
                   "found '{'");
    expect_refused("{\"__metadata__\":{\"k\":[\"v\"]}}", 0, "__metadata__ value of \"k\"",
                   "found '['");
    expect_refused("{\"__metadata__\":{\"k\":\"v\",\"k\":\"w\"}}", 0,
                   "duplicate __metadata__ key \"k\"", NULL);
}

/* Every byte of a valid header replaced by a few troublesome values: the
 * reader must refuse or accept without crashing (ASan/UBSan builds check the
 * accesses), and anything it accepts must be self-consistent. */
Test(safetensors, mangled_headers_never_crash)
{
    char path[512], bad[512];
    in_dir(path, sizeof path, "full.safetensors");
    in_dir(bad, sizeof bad, "mangled.safetensors");
    size_t n;
    unsigned char *bytes = valid_file(path, &n);
    uint64_t hn = 0;
    for (int i = 7; i >= 0; i--)
        hn = hn << 8 | bytes[i];
    const unsigned char vals[] = {0, ' ', '"', '\\', '{', '}', '[', ']', ',', ':', '0', '9',
                                  'u', 0x7f, 0x80, 0xc3, 0xff};
    int accepted = 0;
    for (size_t pos = 8; pos < 8 + hn; pos++)
        for (size_t v = 0; v < sizeof vals; v++) {
            unsigned char keep = bytes[pos];
            if (keep == vals[v])
                continue;
            bytes[pos] = vals[v];
            write_raw(bad, bytes, n);
            nash_st_file f;
            if (nash_st_open(&f, bad) == 0) {
                accepted++;
                uint64_t covered = 0;
                for (int i = 0; i < nash_st_count(&f); i++) {
                    const nash_st_tensor *t = nash_st_tensor_at(&f, i);
                    cr_assert(t->end <= f.data_size && t->end - t->begin == t->nbytes);
                    covered += t->nbytes;
                    cr_assert_eq(nash_st_find(&f, t->name), t);
                }
                cr_assert_eq(covered, f.data_size);
                nash_st_close(&f);
            } else {
                cr_assert(strncmp(nash_last_error(), bad, strlen(bad)) == 0, "%s",
                          nash_last_error());
            }
            bytes[pos] = keep;
        }
    /* e.g. a changed name or metadata character, or a space for padding */
    cr_assert_gt(accepted, 0);
    free(bytes);
}

Test(safetensors, read_f32_checks)
{
    char path[512];
    in_dir(path, sizeof path, "r.safetensors");
    float w[12] = {0};
    int32_t iv[12] = {0};
    int64_t s34[2] = {3, 4}, s35[2] = {3, 5}, s12[1] = {12};
    nash_st_writer wr;
    nash_st_writer_init(&wr);
    cr_assert_eq(nash_st_add(&wr, "w", NASH_ST_F32, 2, s34, w), 0);
    cr_assert_eq(nash_st_add(&wr, "x", NASH_ST_I32, 2, s34, iv), 0);
    cr_assert_eq(nash_st_write(&wr, path), 0);
    nash_st_writer_free(&wr);

    nash_st_file f;
    cr_assert_eq(nash_st_open(&f, path), 0);
    float dst[12];
    char want[1024];

    cr_assert_eq(nash_st_read_f32(&f, "x", dst, 2, s34), -1);
    snprintf(want, sizeof want, "%s: tensor \"x\": dtype I32, expected F32", path);
    cr_assert_str_eq(nash_last_error(), want);

    cr_assert_eq(nash_st_read_f32(&f, "w", dst, 2, s35), -1);
    snprintf(want, sizeof want, "%s: tensor \"w\": shape [3, 4], expected [3, 5]", path);
    cr_assert_str_eq(nash_last_error(), want);

    cr_assert_eq(nash_st_read_f32(&f, "w", dst, 1, s12), -1);
    snprintf(want, sizeof want, "%s: tensor \"w\": shape [3, 4], expected [12]", path);
    cr_assert_str_eq(nash_last_error(), want);

    cr_assert_eq(nash_st_read_f32(&f, "w", dst, 0, NULL), -1);
    check_msg(path, "shape [3, 4], expected []", NULL);

    cr_assert_eq(nash_st_read_f32(&f, "bias", dst, 1, s12), -1);
    snprintf(want, sizeof want, "%s: tensor \"bias\": not found (the file holds 2 tensors)", path);
    cr_assert_str_eq(nash_last_error(), want);

    cr_assert_eq(nash_st_read_f32(&f, "w", dst, 2, s34), 0);
    nash_st_close(&f);
}

Test(safetensors, writer_refusals)
{
    nash_st_writer wr;
    nash_st_writer_init(&wr);
    float x[4] = {0};
    int64_t s[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1}, neg[1] = {-1}, big[2] = {INT64_MAX, 4};
    cr_assert_eq(nash_st_add(&wr, "a", NASH_ST_F32, 1, s, x), 0);
    cr_assert_eq(nash_st_add(&wr, "a", NASH_ST_F32, 1, s, x), -1);
    cr_assert(strstr(nash_last_error(), "duplicate tensor name \"a\""));
    cr_assert_eq(nash_st_add(&wr, "", NASH_ST_F32, 1, s, x), -1);
    cr_assert_eq(nash_st_add(&wr, "__metadata__", NASH_ST_F32, 1, s, x), -1);
    cr_assert(strstr(nash_last_error(), "reserved"));
    cr_assert_eq(nash_st_add(&wr, "bad\xff", NASH_ST_F32, 1, s, x), -1);
    cr_assert(strstr(nash_last_error(), "not valid UTF-8"));
    cr_assert_eq(nash_st_add(&wr, "b", NASH_ST_DTYPE_COUNT, 1, s, x), -1);
    cr_assert_eq(nash_st_add(&wr, "b", NASH_ST_F32, 9, s, x), -1);
    cr_assert(strstr(nash_last_error(), "9 dimensions, expected 0 to 8"));
    cr_assert_eq(nash_st_add(&wr, "b", NASH_ST_F32, 1, neg, x), -1);
    cr_assert(strstr(nash_last_error(), "dimension 0 is -1"));
    cr_assert_eq(nash_st_add(&wr, "b", NASH_ST_F32, 2, big, x), -1);
    cr_assert(strstr(nash_last_error(), "overflows"));
    cr_assert_eq(nash_st_add(&wr, "b", NASH_ST_F32, 1, s, NULL), -1);
    cr_assert(strstr(nash_last_error(), "data is NULL"));
    cr_assert_eq(nash_st_add(&wr, "b", NASH_ST_F32, 8, s, x), 0, "8 dims are fine");
    cr_assert_eq(nash_st_add_meta(&wr, "k", "v"), 0);
    cr_assert_eq(nash_st_add_meta(&wr, "k", "w"), -1);
    cr_assert(strstr(nash_last_error(), "duplicate metadata key \"k\""));
    cr_assert_eq(nash_st_add_meta(&wr, "j", "\xe2\x88"), -1);
    cr_assert(strstr(nash_last_error(), "not valid UTF-8"));
    cr_assert_eq(wr.n_entries, 2);
    cr_assert_eq(wr.n_meta, 1);
    nash_st_writer_free(&wr);
}

/* A failed save leaves the previous checkpoint as it was. */
Test(safetensors, failed_write_keeps_previous_file)
{
    char path[512], tmp[600];
    in_dir(path, sizeof path, "keep.safetensors");
    size_t n;
    unsigned char *before = valid_file(path, &n);
    /* Block the temp name with a directory: opening the temp file fails. */
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    cr_assert_eq(mkdir(tmp, 0700), 0);
    nash_st_writer wr;
    nash_st_writer_init(&wr);
    cr_assert_eq(nash_st_write(&wr, path), -1);
    check_msg(path, "atomic save failed at step open", "Is a directory");
    nash_st_writer_free(&wr);
    expect_file_bytes(path, before, n);
    rmdir(tmp);
    free(before);

    char nodir[512];
    in_dir(nodir, sizeof nodir, "no/such/dir/x.safetensors");
    nash_st_writer_init(&wr);
    cr_assert_eq(nash_st_write(&wr, nodir), -1);
    check_msg(nodir, "atomic save failed at step open", "No such file or directory");
    nash_st_writer_free(&wr);
}

/* ------------------------------------------------------------------------- */
/* Atomic files.                                                              */

Test(atomic_file, commit_replaces_and_leaves_no_temp)
{
    char path[512];
    in_dir(path, sizeof path, "out.bin");
    cr_assert_eq(nash_write_file_atomic(path, "first", 5), 0, "%s", nash_last_error());
    expect_file_bytes(path, (const unsigned char *)"first", 5);
    cr_assert_eq(nash_write_file_atomic(path, "second!", 7), 0, "%s", nash_last_error());
    expect_file_bytes(path, (const unsigned char *)"second!", 7);
    cr_assert_eq(nash_write_file_atomic(path, NULL, 0), 0, "%s", nash_last_error());
    expect_file_bytes(path, (const unsigned char *)"", 0);
    int tmp_seen;
    cr_assert_eq(dir_entries(g_dir, &tmp_seen), 1);
    cr_assert(!tmp_seen);

    /* Written through af.f; the temp file sits next to the target until commit. */
    nash_atomic_file af;
    cr_assert_eq(nash_atomic_open(&af, path), 0);
    char want_tmp[600];
    snprintf(want_tmp, sizeof want_tmp, "%s.tmp.%ld", path, (long)getpid());
    cr_assert_str_eq(af.tmp, want_tmp);
    fprintf(af.f, "via %s", "stdio");
    cr_assert_eq(access(af.tmp, F_OK), 0);
    expect_file_bytes(path, (const unsigned char *)"", 0); /* not yet replaced */
    cr_assert_eq(nash_atomic_commit(&af), 0, "%s", nash_last_error());
    expect_file_bytes(path, (const unsigned char *)"via stdio", 9);
    cr_assert_eq(dir_entries(g_dir, &tmp_seen), 1);
    cr_assert(!tmp_seen);
    nash_atomic_abort(&af); /* no-op after commit */
    expect_file_bytes(path, (const unsigned char *)"via stdio", 9);

    /* A relative path (directory ".") works too. */
    char cwd[4096];
    cr_assert(getcwd(cwd, sizeof cwd) != NULL);
    cr_assert_eq(chdir(g_dir), 0);
    int rc = nash_write_file_atomic("rel.bin", "r", 1);
    cr_assert_eq(chdir(cwd), 0);
    cr_assert_eq(rc, 0, "%s", nash_last_error());
}

Test(atomic_file, abort_removes_temp_and_keeps_target)
{
    char path[512];
    in_dir(path, sizeof path, "out.bin");
    cr_assert_eq(nash_write_file_atomic(path, "old", 3), 0);
    nash_atomic_file af;
    cr_assert_eq(nash_atomic_open(&af, path), 0);
    cr_assert_eq(nash_atomic_write(&af, "new content", 11), 0);
    nash_atomic_abort(&af);
    nash_atomic_abort(&af); /* idempotent */
    expect_file_bytes(path, (const unsigned char *)"old", 3);
    int tmp_seen;
    cr_assert_eq(dir_entries(g_dir, &tmp_seen), 1);
    cr_assert(!tmp_seen);
    cr_assert_eq(nash_atomic_commit(&af), -1, "commit after abort must fail");
    check_msg(path, "not open", NULL);
}

Test(atomic_file, failed_commit_names_step_and_cleans_up)
{
    char sub[512], path[600];
    in_dir(sub, sizeof sub, "sub");

    /* Directory removed between open and commit: rename fails. */
    cr_assert_eq(mkdir(sub, 0700), 0);
    snprintf(path, sizeof path, "%s/out.bin", sub);
    nash_atomic_file af;
    cr_assert_eq(nash_atomic_open(&af, path), 0, "%s", nash_last_error());
    cr_assert_eq(nash_atomic_write(&af, "data", 4), 0);
    cr_assert_eq(unlink(af.tmp), 0);
    cr_assert_eq(rmdir(sub), 0);
    cr_assert_eq(nash_atomic_commit(&af), -1);
    check_msg(path, "atomic save failed at step rename", "No such file or directory");
    cr_assert(strstr(nash_last_error(), ".tmp."), "the message names the temp file: %s",
              nash_last_error());
    cr_assert_neq(access(path, F_OK), 0, "no file at the target");

    /* Path in a directory that does not exist: open fails, nothing is created. */
    cr_assert_eq(nash_write_file_atomic(path, "data", 4), -1);
    check_msg(path, "atomic save failed at step open", "No such file or directory");
    cr_assert_neq(access(path, F_OK), 0);

    /* Target is a directory: rename fails, the temp file is removed and the
     * directory is untouched. */
    char target[512];
    in_dir(target, sizeof target, "target");
    cr_assert_eq(mkdir(target, 0700), 0);
    cr_assert_eq(nash_write_file_atomic(target, "data", 4), -1);
    check_msg(target, "atomic save failed at step rename", "removed");
    struct stat st;
    cr_assert_eq(stat(target, &st), 0);
    cr_assert(S_ISDIR(st.st_mode));
    int tmp_seen;
    cr_assert_eq(dir_entries(g_dir, &tmp_seen), 1, "only the target directory remains");
    cr_assert(!tmp_seen);

    /* A path too long for the temp name is refused up front. */
    char longp[5000];
    memset(longp, 'a', sizeof longp - 1);
    longp[sizeof longp - 1] = '\0';
    cr_assert_eq(nash_atomic_open(&af, longp), -1);
    cr_assert(strstr(nash_last_error(), "longer than"));
    cr_assert_eq(nash_atomic_open(&af, ""), -1);
}
