/*
 * mpi_group.c — the process group (see mpi_group.h): MPI when built with it
 * (-DNASH_MPI, make MPI=1 or Open MPI detected) and launched by an MPI
 * launcher, the single-process identity otherwise.
 *
 * Why MPI is only started under a launcher: MPI_Init in a plain `build/nash`
 * run would start a singleton runtime (hundreds of ms, and it fails in
 * sandboxes without a network namespace), for nothing.
 */
#include "mpi_group.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nash_kernels.h"

#ifdef NASH_MPI
#include <mpi.h>
#endif

enum { TAG_TEXT = 7 };

static int g_rank = 0, g_size = 1, g_mpi = 0;

int group_mpi_built(void)
{
#ifdef NASH_MPI
    return 1;
#else
    return 0;
#endif
}

static int launched_by_mpi(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE",
                                       "PMI_RANK", "MPI_LOCALNRANKS"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (getenv(vars[i]))
            return 1;
    return 0;
}

int group_init(int *argc, char ***argv)
{
    if (!launched_by_mpi())
        return 0;
#ifdef NASH_MPI
    int provided;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return nash_fail("MPI_Init_thread failed");
    g_mpi = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
    /* errors come back as codes so they can be reported with context */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    return 0;
#else
    (void)argc;
    (void)argv;
    const char *n = getenv("OMPI_COMM_WORLD_SIZE");
    if (n && atoi(n) > 1)
        return nash_fail("launched by mpirun with %s ranks, but this nash was built without MPI "
                         "(install libopenmpi-dev and rebuild, or make MPI=1)", n);
    return 0;
#endif
}

void group_finalize(void)
{
#ifdef NASH_MPI
    if (g_mpi)
        MPI_Finalize();
    g_mpi = 0;
#endif
}

void group_abort(int code)
{
#ifdef NASH_MPI
    if (g_mpi && g_size > 1) {
        fflush(stdout);
        fflush(stderr);
        MPI_Abort(MPI_COMM_WORLD, code ? code : 1);
    }
#endif
    exit(code);
}

int group_rank(void) { return g_rank; }
int group_size(void) { return g_size; }

int group_send_text(const char *text, size_t len)
{
#ifdef NASH_MPI
    if (g_mpi && g_size > 1) {
        if (len > (size_t)1 << 30)
            return nash_fail("group_send_text: %zu bytes is more than one message carries", len);
        if (MPI_Send(text, (int)len, MPI_CHAR, 0, TAG_TEXT, MPI_COMM_WORLD) != MPI_SUCCESS)
            return nash_fail("rank %d: MPI_Send of a %zu-byte row to rank 0 failed", g_rank, len);
        return 0;
    }
#endif
    (void)text;
    (void)len;
    return nash_fail("group_send_text: no other rank to send to (single process)");
}

int group_recv_text(text_buf *out, int block)
{
#ifdef NASH_MPI
    if (g_mpi && g_size > 1) {
        MPI_Status st;
        int flag = 1;
        if (block)
            MPI_Probe(MPI_ANY_SOURCE, TAG_TEXT, MPI_COMM_WORLD, &st);
        else
            MPI_Iprobe(MPI_ANY_SOURCE, TAG_TEXT, MPI_COMM_WORLD, &flag, &st);
        if (!flag)
            return 0;
        int len;
        MPI_Get_count(&st, MPI_CHAR, &len);
        if (out->cap < (size_t)len + 1) {
            char *p = realloc(out->data, (size_t)len + 1);
            if (!p)
                return nash_fail("group_recv_text: out of memory for a %d-byte row", len);
            out->data = p;
            out->cap = (size_t)len + 1;
        }
        MPI_Recv(out->data, len, MPI_CHAR, st.MPI_SOURCE, TAG_TEXT, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        out->len = (size_t)len;
        out->data[len] = '\0';
        return 1;
    }
#endif
    (void)out;
    (void)block;
    return 0;
}

int group_bcast_from(void *buf, size_t bytes, int root)
{
#ifdef NASH_MPI
    if (g_mpi && g_size > 1) {
        char *p = buf;
        /* in chunks: MPI counts are int */
        while (bytes > 0) {
            int chunk = bytes > (size_t)1 << 30 ? 1 << 30 : (int)bytes;
            if (MPI_Bcast(p, chunk, MPI_BYTE, root, MPI_COMM_WORLD) != MPI_SUCCESS)
                return nash_fail("rank %d: MPI_Bcast of %zu bytes from rank %d failed", g_rank,
                                 bytes, root);
            p += chunk;
            bytes -= (size_t)chunk;
        }
    }
#endif
    (void)buf;
    (void)bytes;
    (void)root;
    return 0;
}

int group_bcast(void *buf, size_t bytes) { return group_bcast_from(buf, bytes, 0); }

int group_allreduce_sum(double *values, int count)
{
#ifdef NASH_MPI
    if (g_mpi && g_size > 1 &&
        MPI_Allreduce(MPI_IN_PLACE, values, count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD) !=
            MPI_SUCCESS)
        return nash_fail("rank %d: MPI_Allreduce of %d doubles failed", g_rank, count);
#endif
    (void)values;
    (void)count;
    return 0;
}

int group_allreduce_sum_float(float *values, long count)
{
#ifdef NASH_MPI
    while (g_mpi && g_size > 1 && count > 0) {
        int chunk = count > 1L << 28 ? 1 << 28 : (int)count;
        if (MPI_Allreduce(MPI_IN_PLACE, values, chunk, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD) !=
            MPI_SUCCESS)
            return nash_fail("rank %d: MPI_Allreduce of %d floats failed", g_rank, chunk);
        values += chunk;
        count -= chunk;
    }
#endif
    (void)values;
    (void)count;
    return 0;
}

void group_barrier(void)
{
#ifdef NASH_MPI
    if (g_mpi && g_size > 1)
        MPI_Barrier(MPI_COMM_WORLD);
#endif
}

/* ------------------------------------------------------------------------- */

int shard_share_todo(int **todo_idx, int *todo)
{
    if (group_bcast(todo, sizeof *todo) != 0)
        return -1;
    if (g_rank != 0) {
        *todo_idx = malloc(sizeof(int) * (size_t)(*todo > 0 ? *todo : 1));
        if (!*todo_idx)
            return nash_fail("rank %d: out of memory for a %d-candidate list", g_rank, *todo);
    }
    return group_bcast(*todo_idx, sizeof(int) * (size_t)*todo);
}

static int append_row(int fd, const char *path, const text_buf *row)
{
    if (write_all_fd(fd, row->data, row->len) != 0 || fdatasync(fd) != 0)
        return nash_fail("%s: appending a row failed: %s", path, strerror(errno));
    return 0;
}

int shard_run(const int *todo_idx, int todo, int fd, const char *path, shard_work_fn work,
              shard_progress_fn progress, void *user, int *mine)
{
    text_buf row = {0};
    int appended = 0, rc = -1;
    *mine = 0;
    for (int j = g_rank; j < todo; j += g_size) {
        row.len = 0;
        if (work(todo_idx[j], &row, user) != 0)
            goto out;
        if (row.oom) {
            nash_fail("out of memory formatting a row");
            goto out;
        }
        (*mine)++;
        if (g_rank != 0) {
            if (group_send_text(row.data, row.len) != 0)
                goto out;
            continue;
        }
        /* rank 0: its own row, then whatever the other ranks sent meanwhile */
        do {
            if (append_row(fd, path, &row) != 0)
                goto out;
            if (progress)
                progress(appended + 1, todo, user);
            appended++;
        } while (group_recv_text(&row, 0) == 1);
    }
    while (g_rank == 0 && appended < todo) { /* own share done: collect the rest */
        if (group_recv_text(&row, 1) != 1) {
            nash_fail("rank 0: receiving a row failed");
            goto out;
        }
        if (append_row(fd, path, &row) != 0)
            goto out;
        if (progress)
            progress(appended + 1, todo, user);
        appended++;
    }
    rc = 0;
out:
    tb_free(&row);
    return rc;
}
