/*
 * csv_table.c — reads a CSV file with a header row into memory.
 *
 * Owns: the RFC 4180 parser behind csv_table.h, column lookup by name and
 * numeric cells with errors that name the file, the line and the column. The
 * whole file is read into one buffer and unescaped in place (unescaping only
 * ever shortens a field, so the write position never passes the read
 * position); cells are pointers into that buffer.
 */
#include "csv_table.h"
#include "nash_datasets.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nash_kernels.h"

void csv_free(csv_table *t)
{
    free(t->path);
    free(t->names); /* t->cells points into the same block */
    free(t->row_line);
    free(t->text);
    memset(t, 0, sizeof *t);
}

/* A growable list of field pointers (header and cells alike). */
typedef struct field_list {
    char **items;
    int64_t len, cap;
} field_list;

static int field_push(field_list *l, char *field, const char *path)
{
    if (l->len == l->cap) {
        int64_t cap = l->cap ? l->cap * 2 : 256;
        char **p = realloc(l->items, (size_t)cap * sizeof *p);
        if (!p)
            return nash_fail("%s: out of memory for %lld cells", path, (long long)cap);
        l->items = p, l->cap = cap;
    }
    l->items[l->len++] = field;
    return 0;
}

/* Parser state: read position p, write position q (q <= p), line bookkeeping. */
typedef struct csv_cursor {
    char *p, *q, *end;
    int64_t line;
    const char *line_start;
    const char *path;
} csv_cursor;

static int64_t cursor_column(const csv_cursor *c, const char *at)
{
    return (int64_t)(at - c->line_start) + 1;
}

/* Parses one field at c->p into c->q; *delim receives what ended it: ',' , '\n'
 * (also for CRLF) or 0 at the end of the text. */
static int parse_field(csv_cursor *c, char **field, char *delim)
{
    *field = c->q;
    if (c->p < c->end && *c->p == '"') {
        int64_t open_line = c->line, open_col = cursor_column(c, c->p);
        c->p++;
        for (;;) {
            if (c->p >= c->end)
                return nash_fail("%s:%lld:%lld: unterminated quoted field (opened here)",
                                 c->path, (long long)open_line, (long long)open_col);
            if (*c->p == '"') {
                if (c->p + 1 < c->end && c->p[1] == '"') {
                    *c->q++ = '"';
                    c->p += 2;
                    continue;
                }
                c->p++;
                break;
            }
            if (*c->p == '\n') {
                c->line++;
                c->line_start = c->p + 1;
            }
            *c->q++ = *c->p++;
        }
        if (c->p < c->end && *c->p != ',' && *c->p != '\n' &&
            !(*c->p == '\r' && (c->p + 1 == c->end || c->p[1] == '\n')))
            return nash_fail("%s:%lld:%lld: '%c' after the closing quote of a field (expected ',' "
                             "or the end of the line)", c->path, (long long)c->line,
                             (long long)cursor_column(c, c->p), *c->p);
    } else {
        while (c->p < c->end && *c->p != ',' && *c->p != '\n') {
            if (*c->p == '\r' && (c->p + 1 == c->end || c->p[1] == '\n'))
                break;
            if (*c->p == '"')
                return nash_fail("%s:%lld:%lld: '\"' inside an unquoted field (quote the whole "
                                 "field and double the quote)", c->path, (long long)c->line,
                                 (long long)cursor_column(c, c->p));
            *c->q++ = *c->p++;
        }
    }
    /* read the delimiter before the terminator is written: q may equal p here */
    if (c->p >= c->end) {
        *delim = 0;
    } else if (*c->p == '\r') {
        *delim = '\n';
        c->p += (c->p + 1 < c->end) ? 2 : 1;
    } else {
        *delim = *c->p++;
    }
    *c->q++ = '\0';
    if (*delim == '\n') {
        c->line++;
        c->line_start = c->p;
    }
    return 0;
}

int csv_parse(csv_table *t, const char *name, const char *text, size_t len)
{
    memset(t, 0, sizeof *t);
    t->path = strdup(name);
    t->text = malloc(len + 1);
    if (!t->path || !t->text) {
        csv_free(t);
        return nash_fail("%s: out of memory for %zu bytes", name, len + 1);
    }
    memcpy(t->text, text, len);
    t->text[len] = '\0';
    csv_cursor c = {t->text, t->text, t->text + len, 1, t->text, name};
    if (len >= 3 && memcmp(c.p, "\xEF\xBB\xBF", 3) == 0) /* UTF-8 byte-order mark */
        c.p += 3, c.line_start = c.p;
    field_list cells = {0};
    int64_t *row_line = NULL, row_cap = 0;
    int header_done = 0;
    while (c.p < c.end) {
        int64_t record_line = c.line;
        const char *record_start = c.p;
        int64_t first = cells.len;
        char delim;
        do {
            char *field;
            if (parse_field(&c, &field, &delim) != 0 || field_push(&cells, field, name) != 0)
                goto fail;
        } while (delim == ',');
        int64_t fields = cells.len - first;
        /* a blank line is one empty unquoted field */
        if (fields == 1 && cells.items[first][0] == '\0' && *record_start != '"') {
            cells.len = first;
            continue;
        }
        if (!header_done) {
            t->n_cols = (int)fields;
            header_done = 1;
            continue;
        }
        if (fields != t->n_cols) {
            nash_fail("%s:%lld: %lld fields, the header has %d", name, (long long)record_line,
                      (long long)fields, t->n_cols);
            goto fail;
        }
        if (t->n_rows == row_cap) {
            row_cap = row_cap ? row_cap * 2 : 256;
            int64_t *p = realloc(row_line, (size_t)row_cap * sizeof *p);
            if (!p) {
                nash_fail("%s: out of memory for %lld rows", name, (long long)row_cap);
                goto fail;
            }
            row_line = p;
        }
        row_line[t->n_rows++] = record_line;
    }
    if (!header_done) {
        nash_fail("%s: empty file, expected a header row", name);
        goto fail;
    }
    for (int j = 0; j < t->n_cols; j++) {
        if (cells.items[j][0] == '\0') {
            nash_fail("%s:1: header column %d has no name", name, j + 1);
            goto fail;
        }
        for (int i = 0; i < j; i++)
            if (strcmp(cells.items[i], cells.items[j]) == 0) {
                nash_fail("%s:1: column name '%s' appears twice (columns %d and %d)", name,
                          cells.items[j], i + 1, j + 1);
                goto fail;
            }
    }
    /* header names first, then the row-major cells: one allocation serves both */
    t->names = cells.items;
    t->cells = cells.items + t->n_cols;
    t->row_line = row_line;
    return 0;
fail:
    free(cells.items);
    free(row_line);
    csv_free(t);
    return -1;
}

int csv_read(csv_table *t, const char *path)
{
    memset(t, 0, sizeof *t);
    uint8_t *buf;
    size_t len;
    if (nash_read_file(path, &buf, &len) != 0)
        return -1;
    int rc = csv_parse(t, path, (const char *)buf, len);
    free(buf);
    return rc;
}

int csv_column(const csv_table *t, const char *name)
{
    for (int j = 0; j < t->n_cols; j++)
        if (strcmp(t->names[j], name) == 0)
            return j;
    return -1;
}

int csv_require_column(const csv_table *t, const char *name)
{
    int j = csv_column(t, name);
    if (j >= 0)
        return j;
    char list[512] = "";
    size_t used = 0;
    for (int i = 0; i < t->n_cols && used < sizeof list; i++) {
        int w = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", t->names[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (used >= sizeof list) /* truncated: say so */
        memcpy(list + sizeof list - 5, "...", 4);
    nash_fail("%s: no column '%s' (columns: %s)", t->path, name, list);
    return -1;
}

/* strtod on the cell without its surrounding spaces; 1 when the whole cell is a number. */
static int parse_double(const char *s, double *out)
{
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '\0')
        return 0;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s)
        return 0;
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end != '\0')
        return 0;
    /* ERANGE on underflow still gives a usable tiny value; overflow gives +-HUGE_VAL = Inf */
    *out = v;
    return 1;
}

static int cell_is_blank(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return *s == '\0';
}

int csv_number(const csv_table *t, int64_t row, int col, double *out)
{
    const char *s = csv_cell(t, row, col);
    if (cell_is_blank(s)) {
        *out = NAN;
        return 0;
    }
    if (parse_double(s, out))
        return 0;
    *out = NAN;
    return nash_fail("%s:%lld: column '%s': '%.60s' is not a number", t->path,
                     (long long)t->row_line[row], t->names[col], s);
}

int csv_column_is_numeric(const csv_table *t, int col)
{
    double v;
    for (int64_t r = 0; r < t->n_rows; r++) {
        const char *s = csv_cell(t, r, col);
        if (!cell_is_blank(s) && !parse_double(s, &v))
            return 0;
    }
    return 1;
}
