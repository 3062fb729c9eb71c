/*
 * report_files.h — small writers shared by the subcommands (tools/ only):
 * a growable text buffer written atomically, JSON string escaping, and SVG
 * line charts.
 */
#ifndef NASH_REPORT_FILES_H
#define NASH_REPORT_FILES_H

#include <stddef.h>

typedef struct text_buf {
    char *data;
    size_t len, cap;
    int oom;
} text_buf;

void tb_printf(text_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal (quotes included). */
void tb_json_string(text_buf *b, const char *s);
/* Writes the buffer to path atomically; frees it either way. 0 or -1. */
int tb_write_atomic(text_buf *b, const char *path);
void tb_free(text_buf *b);

typedef struct svg_series {
    const char *name;
    int n;
    const double *x, *y;
    const char *color;
} svg_series;

/* Appends one line chart occupying the rectangle (x0, y0, w, h) of an SVG document. */
void svg_line_chart(text_buf *b, double x0, double y0, double w, double h, const char *title,
                    const char *xlabel, const char *ylabel, int n_series, const svg_series *s);
void svg_begin(text_buf *b, double width, double height);
void svg_end(text_buf *b);

#endif
