/*
 * report_files.h — small writers shared by the subcommands (tools/ only):
 * a growable text buffer written atomically, JSON string escaping, and SVG
 * line charts.
 * Scatter plots (svg_scatter) are here too, for `nash correlate`.
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

/* mkdir -p: creates path and its missing parents. 0 or -1 (message names the directory). */
int make_dirs(const char *path);
/* 1 when something exists at path. */
int path_exists(const char *path);
/* write(2) until all n bytes are out (EINTR retried). 0 or -1 (errno set). */
int write_all_fd(int fd, const char *s, size_t n);
/* An append-only CSV of results (one fsynced line per finished item): creates it
 * with `header` (and fsyncs the directory) when missing; otherwise checks that
 * it starts with exactly `header`, cuts a torn last line (a kill during an
 * append) or rewrites a torn header. 0 or -1 with a message. */
int csv_append_prepare(const char *path, const char *header, int quiet);
/* "0.753 [0.721, 0.780]" (a statistic and its interval; "n/a" when not finite) */
void format_ci(char *buf, size_t size, double v, double lo, double hi);
/* "h:mm:ss" */
void format_hms(double seconds, char *buf, size_t size);

typedef struct svg_series {
    const char *name;
    int n;
    const double *x, *y;
    const char *color;
} svg_series;

/* Appends one line chart occupying the rectangle (x0, y0, w, h) of an SVG document. */
void svg_line_chart(text_buf *b, double x0, double y0, double w, double h, const char *title,
                    const char *xlabel, const char *ylabel, int n_series, const svg_series *s);
/* Appends a scatter plot of the points (x[i], y[i]), i < n, occupying the
 * rectangle (x0, y0, w, h); points with a NaN or infinite coordinate are left
 * out. Each axis is scaled so a few extreme values cannot squash the rest: when
 * an axis' full range is more than 3 times the span of its central 99 % (the
 * 0.5 % .. 99.5 % quantiles), it shows that span and the points beyond it are
 * drawn on the edge as open circles (a note under the plot counts them). An
 * axis whose middle half would fill under 5 % of a linear axis switches to a
 * symmetric log scale (said in its label). A constant axis gets a range
 * around its value. Points are circles of radius
 * 1.5 drawn once per pixel, so thousands of points stay a small file. Title and
 * labels are XML-escaped. On allocation failure sets b->oom (reported by
 * tb_write_atomic). */
void svg_scatter(text_buf *b, double x0, double y0, double w, double h, const char *title,
                 const char *xlabel, const char *ylabel, long long n, const double *x,
                 const double *y, const char *color);
void svg_begin(text_buf *b, double width, double height);
void svg_end(text_buf *b);

/* A 640x480 scatter of `points` pairs (proxy score x, accuracy y), titled
 * "<name>: Kendall tau .., Spearman rho .., n = <n>" (n = pairs the statistics
 * used), written atomically to path. 0 or -1. */
int write_corr_scatter(const char *path, const char *name, const char *ylabel, double tau,
                       double rho, long long n, long long points, const double *x,
                       const double *y);

#endif
