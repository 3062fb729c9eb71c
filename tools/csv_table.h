/*
 * csv_table.h — a small CSV reader for result and benchmark tables (tools/ only).
 *
 * Owns: reading a whole CSV file with a header row into memory (RFC 4180:
 * ',' separator, fields may be quoted with '"', '""' inside quotes is one
 * quote, quoted fields may span lines, CRLF or LF line ends; '#' is an
 * ordinary character, there are no comments; blank lines are skipped), looking
 * columns up by name, and parsing numeric cells. Does not own: what the
 * columns mean (the subcommands).
 *
 * Errors (0 / -1 and nash_last_error(), the message always starts with the
 * path and a 1-based line, plus the character column or the column name):
 *     runs.csv:7:12: unterminated quoted field (opened here)
 *     runs.csv:9: 4 fields, the header has 5
 *     runs.csv:12: column 'synflow': 'abc' is not a number
 *     runs.csv: no column 'cifar10_test' (columns: index, arch, synflow)
 *
 *     csv_table t;
 *     if (csv_read(&t, "scores.csv") != 0) return cli_error(nash_last_error());
 *     int col = csv_require_column(&t, "synflow");
 *     double v;
 *     for (int64_t r = 0; r < t.n_rows; r++)
 *         if (col < 0 || csv_number(&t, r, col, &v) != 0) ...   // empty cell -> NaN
 *     csv_free(&t);
 */
#ifndef NASH_CSV_TABLE_H
#define NASH_CSV_TABLE_H

#include <stddef.h>
#include <stdint.h>

typedef struct csv_table {
    char *path;           /* as given to csv_read (a copy) */
    int n_cols;
    int64_t n_rows;       /* data rows, header excluded */
    char **names;         /* n_cols header names, followed in the same block by: */
    char **cells;         /* n_rows * n_cols, row-major; every cell a NUL-terminated string */
    int64_t *row_line;    /* 1-based line in the file where each data row starts */
    char *text;           /* the file, unescaped in place; cells point into it */
} csv_table;

/* Reads path. The header must have at least one column, non-empty unique names;
 * every data row must have as many fields as the header. */
int csv_read(csv_table *t, const char *path);
/* Reads from memory (name is used in messages); the text is copied. */
int csv_parse(csv_table *t, const char *name, const char *text, size_t len);
void csv_free(csv_table *t);

/* Index of the column called name, or -1 (no message). */
int csv_column(const csv_table *t, const char *name);
/* Same, but -1 sets the message "<path>: no column '<name>' (columns: a, b, ...)". */
int csv_require_column(const csv_table *t, const char *name);

static inline const char *csv_cell(const csv_table *t, int64_t row, int col)
{
    return t->cells[row * t->n_cols + col];
}

/* The cell as a double (surrounding spaces allowed; "nan", "inf" accepted as
 * strtod reads them). An empty cell is a missing value: *out = NaN, returns 0.
 * Anything else: -1 with "<path>:<line>: column '<name>': '<text>' is not a number". */
int csv_number(const csv_table *t, int64_t row, int col, double *out);
/* 1 when every non-empty cell of the column parses as a number. */
int csv_column_is_numeric(const csv_table *t, int col);

#endif
