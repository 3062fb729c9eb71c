/*
 * fuzz_util.h — what the libFuzzer harnesses of tests/fuzz/ share.
 *
 * Owns: the per-process scratch directory under /dev/shm the file-based
 * harnesses write their input into (so the readers are exercised through
 * the same open/stat/read path as real files, at RAM speed), writing a file,
 * emptying the directory between inputs, and splitting an input into parts.
 * Header-only (static functions) because tests/test_fuzz_regressions.c
 * includes several harness .c files into one translation unit.
 * Does not own: the harnesses (fuzz_<name>.c) or their build (build.sh).
 */
#ifndef NASH_FUZZ_UTIL_H
#define NASH_FUZZ_UTIL_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* static: one copy per harness; unused: not every harness needs every helper. */
#define FUZZ_HELPER static __attribute__((unused))

/* rm -r of everything inside dir (not dir itself); symlinks are removed, not followed. */
FUZZ_HELPER void fuzz_empty_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path)
            continue;
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            fuzz_empty_dir(path);
            rmdir(path);
        } else {
            unlink(path);
        }
    }
    closedir(d);
}

/* Empties (creating it if needed) /dev/shm/nash-fuzz-<pid>-<tag> and returns its path
 * (a static buffer per tag is not needed: one harness uses one tag). */
FUZZ_HELPER const char *fuzz_scratch_dir(const char *tag, char *out, size_t size)
{
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(out, size, "%s/nash-fuzz-%ld-%s", base, (long)getpid(), tag);
    mkdir(out, 0700);
    fuzz_empty_dir(out);
    return out;
}

/* Removes the scratch directory (atexit of the harness). */
FUZZ_HELPER void fuzz_scratch_remove(const char *dir)
{
    fuzz_empty_dir(dir);
    rmdir(dir);
}

/* dir/name := bytes. 0 or -1. */
FUZZ_HELPER int fuzz_write_file(const char *dir, const char *name, const uint8_t *data, size_t size)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return -1;
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t written = size ? fwrite(data, 1, size, f) : 0;
    int rc = fclose(f);
    return written == size && rc == 0 ? 0 : -1;
}

/* mkdir -p of dir/rel. 0 or -1. */
FUZZ_HELPER int fuzz_mkdirs(const char *dir, const char *rel)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, rel) >= sizeof path)
        return -1;
    for (char *p = path + strlen(dir) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0700);
            *p = '/';
        }
    return mkdir(path, 0700) == 0 || access(path, F_OK) == 0 ? 0 : -1;
}

/* Splits data at the first `max_parts - 1` NUL bytes: part i is [start[i], start[i] + len[i]).
 * Returns the number of parts (>= 1). Used to carry several files in one input. */
FUZZ_HELPER int fuzz_split(const uint8_t *data, size_t size, int max_parts, const uint8_t **start,
                      size_t *len)
{
    int parts = 0;
    size_t begin = 0;
    for (size_t i = 0; i < size && parts < max_parts - 1; i++)
        if (data[i] == 0) {
            start[parts] = data + begin;
            len[parts++] = i - begin;
            begin = i + 1;
        }
    start[parts] = data + begin;
    len[parts++] = size - begin;
    return parts;
}

/* A NUL-terminated malloc'd copy of bytes (NULL on OOM). */
FUZZ_HELPER char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        if (size)
            memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

/* Peak RSS above 1 GB: an input of at most a few KB made a reader allocate (and touch)
 * what a header claimed. libFuzzer reports this too (-rss_limit_mb); the check makes
 * the Criterion replay of tests/fuzz/regressions/ fail on it as well. */
FUZZ_HELPER void fuzz_check_rss(const char *harness)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0 && ru.ru_maxrss > 1024L * 1024L) {
        fprintf(stderr, "%s: peak RSS %ld MB: a tiny input made the reader allocate >1 GB\n",
                harness, ru.ru_maxrss / 1024);
        abort();
    }
}

#endif /* NASH_FUZZ_UTIL_H */
