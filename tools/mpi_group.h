/*
 * mpi_group.h — the process group nash commands shard their work over.
 *
 * Owns: starting and stopping MPI (only when the program was launched by an
 * MPI launcher: mpirun / mpiexec / srun set PMIX_RANK, OMPI_COMM_WORLD_SIZE
 * or PMI_SIZE), the rank and size, and the few collectives the commands need:
 * text rows sent to rank 0, broadcast, barrier, sum-allreduce. Built without
 * MPI (make MPI=0, or Open MPI absent) every call is the single-process
 * identity: rank 0 of 1, so the commands need no #ifdefs.
 *
 * Sharding rule used by every command: the candidate list is fixed by the
 * seed; rank 0 decides which candidates are still to do (resume) and
 * broadcasts that list; rank r takes entries j with j % size == r; rows go
 * to rank 0, which appends each to the output as it arrives (crash-safe, as
 * in a single process) and, when size > 1, finally rewrites the output in
 * candidate order so it is byte-identical to a single-process run.
 */
#ifndef NASH_MPI_GROUP_H
#define NASH_MPI_GROUP_H

#include <stddef.h>

#include "report_files.h"

/* Called once from main() before anything else; 0, or -1 (message set). */
int group_init(int *argc, char ***argv);
/* Called once at exit (MPI_Finalize when MPI was started). */
void group_finalize(void);
/* Ends every rank: MPI_Abort when size > 1 (so a failed rank never leaves the
 * others waiting), else exit(code). */
void group_abort(int code);

int group_rank(void);
int group_size(void);
/* 1 when this binary was built with MPI support. */
int group_mpi_built(void);

/* Blocking send of a text row to rank 0 (workers only). */
int group_send_text(const char *text, size_t len);
/* Rank 0: receive one row if one is waiting (block = 0) or wait for one
 * (block = 1). Returns 1 with the row in out (replaced), 0 when none waited. */
int group_recv_text(text_buf *out, int block);
/* Broadcast `bytes` bytes from rank 0 to every rank. */
int group_bcast(void *buf, size_t bytes);
/* The same from rank `root` (a result computed by the rank that owned it). */
int group_bcast_from(void *buf, size_t bytes, int root);
/* Sum over ranks, in place, on every rank (double precision). */
int group_allreduce_sum(double *values, int count);
/* Sum over ranks, in place, of floats (gradients); deterministic order. */
int group_allreduce_sum_float(float *values, long count);
void group_barrier(void);

/* ------------------------------------------------------------------------- */
/* The sharded loop every candidate-list command runs                         */

/* Rank 0 passes its list of candidates still to do (positions in the
 * command's candidate list); every other rank receives it. *todo_idx is
 * malloc'ed on ranks != 0 (cap: capacity on rank 0, ignored elsewhere). */
int shard_share_todo(int **todo_idx, int *todo);

/* Fills `row` (one complete CSV line, '\n'-terminated) for candidate `item`.
 * 0, or -1 with a message (the whole job stops). */
typedef int (*shard_work_fn)(int item, text_buf *row, void *user);
/* Rank 0, after each appended row: rows appended so far out of todo. */
typedef void (*shard_progress_fn)(int appended, int todo, void *user);

/* Rank r runs work() for todo_idx[j], j % size == r, in order. Rank 0 appends
 * every row (its own and the others', as they arrive) to fd with one write +
 * fdatasync each, so a kill never leaves a torn row behind a complete one;
 * other ranks send theirs to rank 0. Returns on every rank once all rows are
 * appended; *mine = rows this rank computed. 0 or -1 (message set). */
int shard_run(const int *todo_idx, int todo, int fd, const char *path, shard_work_fn work,
              shard_progress_fn progress, void *user, int *mine);

#endif
