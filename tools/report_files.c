/*
 * report_files.c — text buffers written atomically, JSON escaping, SVG charts.
 *
 * Owns: the plumbing behind config.json, report.json, metrics.csv and
 * curves.svg. Charts are plain SVG 1.1 (axes, ticks, one polyline per series,
 * a legend) so they open in any browser without scripts.
 */
#include "report_files.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nash_runtime.h"

void tb_printf(text_buf *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        size_t room = b->cap - b->len;
        int n = vsnprintf(b->data ? b->data + b->len : NULL, room, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->oom = 1;
            return;
        }
        if ((size_t)n < room) {
            b->len += (size_t)n;
            return;
        }
        size_t ncap = (b->cap ? b->cap * 2 : 4096) + (size_t)n;
        char *p = realloc(b->data, ncap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->data = p;
        b->cap = ncap;
    }
}

void tb_json_string(text_buf *b, const char *s)
{
    tb_printf(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            tb_printf(b, "\\%c", *p);
        else if (*p == '\n')
            tb_printf(b, "\\n");
        else if (*p < 0x20)
            tb_printf(b, "\\u%04x", *p);
        else
            tb_printf(b, "%c", *p);
    }
    tb_printf(b, "\"");
}

void tb_free(text_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

int tb_write_atomic(text_buf *b, const char *path)
{
    int rc;
    if (b->oom)
        rc = nash_fail("%s: out of memory building the file", path);
    else
        rc = nash_write_file_atomic(path, b->data ? b->data : "", b->len);
    tb_free(b);
    return rc;
}

void svg_begin(text_buf *b, double width, double height)
{
    tb_printf(b,
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
              "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n"
              "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
              width, height, width, height);
}

void svg_end(text_buf *b) { tb_printf(b, "</svg>\n"); }

/* A "nice" tick step (1, 2 or 5 times a power of ten) giving about `count` ticks. */
static double nice_step(double span, int count)
{
    double raw = span / count, mag = pow(10.0, floor(log10(raw)));
    double r = raw / mag;
    return (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10) * mag;
}

void svg_line_chart(text_buf *b, double x0, double y0, double w, double h, const char *title,
                    const char *xlabel, const char *ylabel, int n_series, const svg_series *s)
{
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    for (int k = 0; k < n_series; k++)
        for (int i = 0; i < s[k].n; i++)
            if (isfinite(s[k].x[i]) && isfinite(s[k].y[i])) {
                xmin = fmin(xmin, s[k].x[i]), xmax = fmax(xmax, s[k].x[i]);
                ymin = fmin(ymin, s[k].y[i]), ymax = fmax(ymax, s[k].y[i]);
            }
    if (!(xmin <= xmax))
        xmin = 0, xmax = 1, ymin = 0, ymax = 1;
    if (xmax - xmin < 1e-12)
        xmin -= 0.5, xmax += 0.5;
    if (ymax - ymin < 1e-12)
        ymin -= 0.5, ymax += 0.5;
    double pad = 0.05 * (ymax - ymin);
    ymin -= pad, ymax += pad;
    const double ml = 60, mr = 15, mt = 30, mb = 45; /* margins */
    double pw = w - ml - mr, ph = h - mt - mb, px = x0 + ml, py = y0 + mt;
#define SX(v) (px + ((v) - xmin) / (xmax - xmin) * pw)
#define SY(v) (py + ph - ((v) - ymin) / (ymax - ymin) * ph)
    tb_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"14\">%s</text>\n",
              px + pw / 2, y0 + 18, title);
    tb_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                 "stroke=\"#444\"/>\n", px, py, pw, ph);
    double xs = nice_step(xmax - xmin, 6), ys = nice_step(ymax - ymin, 6);
    for (double t = ceil(xmin / xs) * xs; t <= xmax + 1e-9; t += xs)
        tb_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                     "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g</text>\n",
                  SX(t), py, SX(t), py + ph, SX(t), py + ph + 15, t);
    for (double t = ceil(ymin / ys) * ys; t <= ymax + 1e-9; t += ys)
        tb_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                     "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
                  px, SY(t), px + pw, SY(t), px - 5, SY(t) + 4, t);
    tb_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n", px + pw / 2,
              py + ph + 35, xlabel);
    tb_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                 "transform=\"rotate(-90 %.1f %.1f)\">%s</text>\n",
              x0 + 15, py + ph / 2, x0 + 15, py + ph / 2, ylabel);
    for (int k = 0; k < n_series; k++) {
        tb_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", s[k].color);
        for (int i = 0; i < s[k].n; i++)
            if (isfinite(s[k].x[i]) && isfinite(s[k].y[i]))
                tb_printf(b, "%.1f,%.1f ", SX(s[k].x[i]), SY(s[k].y[i]));
        tb_printf(b, "\"/>\n");
        for (int i = 0; i < s[k].n; i++) /* markers, so a single epoch still shows */
            if (isfinite(s[k].x[i]) && isfinite(s[k].y[i]))
                tb_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>", SX(s[k].x[i]),
                          SY(s[k].y[i]), s[k].color);
        tb_printf(b, "\n<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                     "stroke-width=\"2\"/><text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
                  px + 10, py + 15 + 16 * k, px + 30, py + 15 + 16 * k, s[k].color, px + 35,
                  py + 19 + 16 * k, s[k].name);
    }
#undef SX
#undef SY
}
