/*
 * atomic_file.c — saves that never leave a half-written file at the target.
 *
 * Owns: the redis sequence (rio.c/rdb.c): write "<path>.tmp.<pid>" in the
 * target's directory, then fflush -> fsync -> fclose -> rename -> fsync the
 * directory. Each step that fails is named in the message together with the
 * path and strerror(errno), and the temp file is removed, so the target keeps
 * its previous content. Does not own: what is written (safetensors.c and the
 * callers format the bytes).
 * A directory fsync refused with EINVAL/EBADF (filesystems that cannot sync a
 * directory) is not an error, as in redis' fsyncFileDir.
 */
#include "nash_io.h"
#include "nash_kernels.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Closes and removes the temp file (if still there); keeps errno. */
static void cleanup(nash_atomic_file *af)
{
    int saved = errno;
    if (af->f) {
        fclose(af->f);
        af->f = NULL;
    }
    if (af->tmp[0]) {
        unlink(af->tmp);
        af->tmp[0] = '\0';
    }
    errno = saved;
}

/* Records "<path>: atomic save failed at step <step> (temp file <tmp> removed): <reason>". */
static int fail_step(nash_atomic_file *af, const char *step, const char *reason)
{
    char tmp[NASH_PATH_MAX];
    memcpy(tmp, af->tmp, sizeof tmp);
    cleanup(af);
    if (tmp[0])
        return nash_fail("%s: atomic save failed at step %s (temp file %s removed): %s", af->path,
                         step, tmp, reason);
    return nash_fail("%s: atomic save failed at step %s: %s", af->path, step, reason);
}

int nash_atomic_open(nash_atomic_file *af, const char *path)
{
    memset(af, 0, sizeof *af);
    if (!path || !path[0])
        return nash_fail("atomic save: empty path");
    size_t len = strlen(path);
    if (len >= sizeof af->path)
        return nash_fail("%.64s...: atomic save: path longer than %zu bytes", path,
                         sizeof af->path - 1);
    memcpy(af->path, path, len + 1);
    int n = snprintf(af->tmp, sizeof af->tmp, "%s.tmp.%ld", path, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof af->tmp) {
        af->tmp[0] = '\0';
        return nash_fail("%s: atomic save: temp file name longer than %zu bytes", path,
                         sizeof af->tmp - 1);
    }
    /* O_TRUNC, not O_EXCL: a leftover from a crashed run that had the same
     * pid is ours to overwrite. */
    int fd = open(af->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        char tmp[NASH_PATH_MAX];
        memcpy(tmp, af->tmp, sizeof tmp);
        af->tmp[0] = '\0'; /* nothing to remove */
        return nash_fail("%s: atomic save failed at step open (temp file %s): %s", path, tmp,
                         strerror(errno));
    }
    af->f = fdopen(fd, "wb");
    if (!af->f) {
        int err = errno;
        close(fd);
        return fail_step(af, "fdopen", strerror(err));
    }
    return 0;
}

int nash_atomic_write(nash_atomic_file *af, const void *data, size_t size)
{
    if (!af->f)
        return nash_fail("%s: atomic save: write to a file that is not open", af->path);
    if (size == 0)
        return 0;
    errno = 0;
    if (fwrite(data, 1, size, af->f) != size)
        return fail_step(af, "write", errno ? strerror(errno) : "short write");
    return 0;
}

int nash_atomic_commit(nash_atomic_file *af)
{
    if (!af->f)
        return nash_fail("%s: atomic save: commit of a file that is not open", af->path);
    if (ferror(af->f))
        return fail_step(af, "write", "an earlier write to the temp file failed");
    if (fflush(af->f) != 0)
        return fail_step(af, "fflush", strerror(errno));
    if (fsync(fileno(af->f)) != 0)
        return fail_step(af, "fsync", strerror(errno));
    FILE *f = af->f;
    af->f = NULL;
    if (fclose(f) != 0)
        return fail_step(af, "fclose", strerror(errno));
    if (rename(af->tmp, af->path) != 0)
        return fail_step(af, "rename", strerror(errno));
    af->tmp[0] = '\0'; /* renamed: nothing left to remove */

    /* The directory entry: fsync the directory that holds path. */
    char dir[NASH_PATH_MAX];
    const char *slash = strrchr(af->path, '/');
    if (!slash)
        strcpy(dir, ".");
    else if (slash == af->path)
        strcpy(dir, "/");
    else {
        size_t dl = (size_t)(slash - af->path);
        memcpy(dir, af->path, dl);
        dir[dl] = '\0';
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return nash_fail("%s: atomic save failed at step open directory %s: %s (the new file "
                         "is in place but may not survive a crash)",
                         af->path, dir, strerror(errno));
    if (fsync(dfd) != 0 && errno != EINVAL && errno != EBADF) {
        int err = errno;
        close(dfd);
        return nash_fail("%s: atomic save failed at step fsync directory %s: %s (the new file "
                         "is in place but may not survive a crash)",
                         af->path, dir, strerror(err));
    }
    close(dfd);
    return 0;
}

void nash_atomic_abort(nash_atomic_file *af)
{
    cleanup(af);
}

int nash_write_file_atomic(const char *path, const void *data, size_t size)
{
    nash_atomic_file af;
    if (nash_atomic_open(&af, path) != 0)
        return -1;
    if (nash_atomic_write(&af, data, size) != 0)
        return -1;
    return nash_atomic_commit(&af);
}
