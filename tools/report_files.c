/*
 * report_files.c — text buffers written atomically, JSON escaping, SVG charts.
 *
 * Owns: the plumbing behind config.json, report.json, metrics.csv and
 * curves.svg. Charts are plain SVG 1.1 (axes, ticks, one polyline per series,
 * a legend) so they open in any browser without scripts.
 */
#include "report_files.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nash_datasets.h" /* nash_read_file */
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

/* ------------------------------------------------------------------------- */
/* Scatter plots (nash correlate)                                              */

/* Text content with &, <, > and quotes escaped. */
static void tb_xml_text(text_buf *b, const char *s)
{
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '&': tb_printf(b, "&amp;"); break;
        case '<': tb_printf(b, "&lt;"); break;
        case '>': tb_printf(b, "&gt;"); break;
        case '"': tb_printf(b, "&quot;"); break;
        default: tb_printf(b, "%c", *p);
        }
    }
}

static int cmp_double_ascending(const void *a, const void *b)
{
    double p = *(const double *)a, q = *(const double *)b;
    return (p > q) - (p < q);
}

/* One axis of a scatter plot. Values are mapped through t(v) — the identity, or
 * the symmetric log t(v) = sign(v) log10(1 + |v| / c) for columns so skewed
 * that their middle half would fill less than 5 % of a linear axis (gradient
 * saliencies such as fisher or grasp: a few huge values, most near zero) —
 * and [lo, hi] is the shown range of t. */
typedef struct scatter_axis {
    int symlog, clipped;
    double c, lo, hi;
} scatter_axis;

static double axis_t(const scatter_axis *a, double v)
{
    return a->symlog ? copysign(log10(1 + fabs(v) / a->c), v) : v;
}

static double axis_inverse(const scatter_axis *a, double t)
{
    return a->symlog ? copysign(a->c * (pow(10, fabs(t)) - 1), t) : t;
}

static double sorted_quantile(const double *v, long long m, double q)
{
    return v[(long long)floor(q * (double)(m - 1) + 0.5)];
}

/* Chooses the axis for m finite values (v is sorted in place). Linear: the full
 * range, or the central 99 % (0.5 % .. 99.5 % quantiles) when the full range is
 * more than 3 times wider (a->clipped). Symmetric log: the full range. A range
 * of (nearly) zero width is widened around its value; 4 % padding each side. */
static void scatter_axis_fit(double *v, long long m, scatter_axis *a)
{
    memset(a, 0, sizeof *a);
    qsort(v, (size_t)m, sizeof *v, cmp_double_ascending);
    double q_lo = sorted_quantile(v, m, 0.005), q_hi = sorted_quantile(v, m, 0.995);
    double q25 = sorted_quantile(v, m, 0.25), q75 = sorted_quantile(v, m, 0.75);
    a->clipped = q_hi > q_lo && v[m - 1] - v[0] > 3 * (q_hi - q_lo);
    double lo = a->clipped ? q_lo : v[0], hi = a->clipped ? q_hi : v[m - 1];
    if (q75 > q25 && q75 - q25 < 0.05 * (hi - lo)) {
        /* c = the median magnitude (or the smallest non-zero one): values around it
         * keep a roughly linear spacing, larger ones are compressed */
        double *mag = malloc((size_t)m * sizeof *mag);
        if (mag) {
            long long nz = 0;
            for (long long i = 0; i < m; i++)
                if (v[i] != 0)
                    mag[nz++] = fabs(v[i]);
            if (nz > 0) {
                qsort(mag, (size_t)nz, sizeof *mag, cmp_double_ascending);
                a->symlog = 1;
                a->clipped = 0;
                a->c = mag[nz / 2];
                lo = axis_t(a, v[0]), hi = axis_t(a, v[m - 1]);
            }
            free(mag);
        }
    }
    double magnitude = fmax(fabs(lo), fabs(hi));
    if (!(hi - lo > 1e-9 * magnitude) || hi - lo < 1e-300) {
        double half = fmax(0.5, 0.05 * magnitude), mid = 0.5 * (lo + hi);
        lo = mid - half, hi = mid + half;
    }
    double pad = 0.04 * (hi - lo);
    a->lo = lo - pad, a->hi = hi + pad;
}

static void scatter_tick(text_buf *b, const scatter_axis *a, int vertical, double v, double px,
                         double py, double pw, double ph)
{
    double f = (axis_t(a, v) - a->lo) / (a->hi - a->lo);
    if (vertical) {
        double y = py + ph - f * ph;
        tb_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                     "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.3g</text>\n",
                  px, y, px + pw, y, px - 5, y + 4, v);
    } else {
        double x = px + f * pw;
        tb_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                     "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.3g</text>\n",
                  x, py, x, py + ph, x, py + ph + 15, v);
    }
}

/* Grid lines and labels: a linear axis at multiples of a nice step; a
 * symmetric-log axis at 0 and +-1, 2, 5 x 10^j (only +-10^j, or every few
 * decades, when that would crowd the axis). None if the range is not finite. */
static void scatter_ticks(text_buf *b, const scatter_axis *a, int vertical, double px, double py,
                          double pw, double ph)
{
    double span = a->hi - a->lo;
    if (!isfinite(span) || span <= 0)
        return;
    if (!a->symlog) {
        double step = nice_step(span, 5);
        double first = ceil(a->lo / step), last = floor(a->hi / step);
        if (!isfinite(first) || !isfinite(last) || last - first > 40)
            return;
        for (double i = first; i <= last; i++) {
            double v = i * step;
            scatter_tick(b, a, vertical, fabs(v) < 1e-9 * step ? 0 : v, px, py, pw, ph);
        }
        return;
    }
    double vmax = fmax(fabs(axis_inverse(a, a->lo)), fabs(axis_inverse(a, a->hi)));
    int j_lo = (int)floor(log10(a->c)) - 1, j_hi = (int)ceil(log10(vmax));
    if (j_hi - j_lo > 400)
        return;
    int decades = 0; /* decades whose 10^j lies on the axis, for either sign */
    for (int j = j_lo; j <= j_hi; j++)
        for (int sign = -1; sign <= 1; sign += 2) {
            double t = axis_t(a, sign * pow(10, j));
            decades += t >= a->lo && t <= a->hi;
        }
    const double mantissas[3] = {1, 2, 5};
    int use = decades <= 3 ? 3 : 1, every = decades <= 10 ? 1 : (decades + 9) / 10;
    if (0 >= a->lo && 0 <= a->hi)
        scatter_tick(b, a, vertical, 0, px, py, pw, ph);
    for (int j = j_lo; j <= j_hi; j++) {
        if ((j - j_lo) % every != 0)
            continue;
        for (int k = 0; k < use; k++)
            for (int sign = -1; sign <= 1; sign += 2) {
                double v = sign * mantissas[k] * pow(10, j), t = axis_t(a, v);
                /* keep labels apart: skip values whose position is within 4 % of the axis of 0 */
                if (t >= a->lo && t <= a->hi && fabs(t) > 0.04 * span)
                    scatter_tick(b, a, vertical, v, px, py, pw, ph);
            }
    }
}

static void scatter_label(text_buf *b, const char *label, const scatter_axis *a)
{
    tb_xml_text(b, label);
    if (a->symlog)
        tb_printf(b, " (symmetric log scale, linear below |%.3g|)", a->c);
}

void svg_scatter(text_buf *b, double x0, double y0, double w, double h, const char *title,
                 const char *xlabel, const char *ylabel, long long n, const double *x,
                 const double *y, const char *color)
{
    long long m = 0;
    for (long long i = 0; i < n; i++)
        m += isfinite(x[i]) && isfinite(y[i]);
    const double ml = 70, mr = 15, mt = 30, mb = 60; /* margins */
    double pw = w - ml - mr, ph = h - mt - mb, px = x0 + ml, py = y0 + mt;
    double *sx = malloc((size_t)(m ? m : 1) * sizeof *sx);
    double *sy = malloc((size_t)(m ? m : 1) * sizeof *sy);
    int gw = (int)pw + 2, gh = (int)ph + 2;
    unsigned char *drawn = calloc((size_t)gw * (size_t)gh, 1); /* one flag per pixel */
    if (!sx || !sy || !drawn) {
        free(sx), free(sy), free(drawn);
        b->oom = 1;
        return;
    }
    m = 0;
    for (long long i = 0; i < n; i++)
        if (isfinite(x[i]) && isfinite(y[i]))
            sx[m] = x[i], sy[m] = y[i], m++;
    scatter_axis ax = {0, 0, 1, 0, 1}, ay = {0, 0, 1, 0, 1};
    if (m > 0) {
        scatter_axis_fit(sx, m, &ax);
        scatter_axis_fit(sy, m, &ay);
    }
    tb_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"14\">", px + pw / 2,
              y0 + 18);
    tb_xml_text(b, title);
    tb_printf(b, "</text>\n<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                 "fill=\"none\" stroke=\"#444\"/>\n", px, py, pw, ph);
    scatter_ticks(b, &ax, 0, px, py, pw, ph);
    scatter_ticks(b, &ay, 1, px, py, pw, ph);
    tb_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", px + pw / 2, py + ph + 35);
    scatter_label(b, xlabel, &ax);
    tb_printf(b, "</text>\n<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                 "transform=\"rotate(-90 %.1f %.1f)\">", x0 + 15, py + ph / 2, x0 + 15, py + ph / 2);
    scatter_label(b, ylabel, &ay);
    tb_printf(b, "</text>\n");
    /* inside points filled, points clamped to an edge as open circles */
    long long outside = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0)
            tb_printf(b, "<g fill=\"%s\" fill-opacity=\"0.45\">\n", color);
        else
            tb_printf(b, "<g fill=\"none\" stroke=\"%s\" stroke-width=\"0.8\">\n", color);
        memset(drawn, 0, (size_t)gw * (size_t)gh);
        for (long long i = 0; i < n; i++) {
            if (!isfinite(x[i]) || !isfinite(y[i]))
                continue;
            double fx = (axis_t(&ax, x[i]) - ax.lo) / (ax.hi - ax.lo);
            double fy = (axis_t(&ay, y[i]) - ay.lo) / (ay.hi - ay.lo);
            int out = !(fx >= 0 && fx <= 1 && fy >= 0 && fy <= 1);
            if (out != pass)
                continue;
            fx = fx < 0 ? 0 : fx > 1 ? 1 : fx;
            fy = fy < 0 ? 0 : fy > 1 ? 1 : fy;
            outside += out;
            int gx = (int)(fx * pw), gy = (int)(fy * ph);
            unsigned char *cell = &drawn[(size_t)gy * (size_t)gw + (size_t)gx];
            if (*cell)
                continue;
            *cell = 1;
            tb_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.5\"/>", px + fx * pw,
                      py + ph - fy * ph);
        }
        tb_printf(b, "\n</g>\n");
    }
    tb_printf(b, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#555\">%lld points", px, py + ph + 52, m);
    if (n > m)
        tb_printf(b, ", %lld left out (NaN or Inf)", n - m);
    if (outside)
        tb_printf(b, "; %lld beyond the central 99 %% of %s drawn on the edge as open circles",
                  outside, ax.clipped && ay.clipped ? "an axis" : ax.clipped ? "x" : "y");
    tb_printf(b, "</text>\n");
    free(sx), free(sy), free(drawn);
}

/* ------------------------------------------------------------------------- */
/* Directories                                                                */

int make_dirs(const char *path)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
        return nash_fail("path too long: %s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return nash_fail("cannot create directory %s: %s", buf, strerror(errno));
            *p = '/';
        }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        return nash_fail("cannot create directory %s: %s", buf, strerror(errno));
    return 0;
}

int path_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* ------------------------------------------------------------------------- */
/* Appends and durations                                                      */

int write_all_fd(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

void format_hms(double seconds, char *buf, size_t size)
{
    long t = (long)(seconds + 0.5);
    snprintf(buf, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
}

/* ------------------------------------------------------------------------- */
/* Append-only result files                                                   */

static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return nash_fail("%s: cannot open the directory to fsync it: %s", dir, strerror(errno));
    int rc = fsync(fd);
    int err = errno;
    close(fd);
    return rc == 0 ? 0 : nash_fail("%s: fsync of the directory failed: %s", dir, strerror(err));
}

int csv_append_prepare(const char *path, const char *header, int quiet)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    size_t hlen = strlen(header);
    if (!path_exists(path)) {
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd < 0)
            return nash_fail("%s: cannot create: %s", path, strerror(errno));
        int bad = write_all_fd(fd, header, hlen) != 0 || fsync(fd) != 0;
        int err = errno;
        close(fd);
        if (bad)
            return nash_fail("%s: writing the header failed: %s", path, strerror(err));
        return fsync_dir(dir);
    }
    uint8_t *data;
    size_t size;
    if (nash_read_file(path, &data, &size) != 0)
        return -1;
    size_t keep = size;
    if (size < hlen && memcmp(data, header, size) == 0) {
        keep = 0; /* a torn header: write it again */
    } else if (size < hlen || memcmp(data, header, hlen) != 0) {
        size_t line = 0;
        while (line < size && data[line] != '\n')
            line++;
        int own = (int)strcspn(header, "\n"); /* first lines only: one-line messages */
        nash_fail("%s: the header is `%.*s`, this run writes `%.*s` (other settings or proxy "
                  "list?); resume with the original settings or choose another --out",
                  path, (int)(line > 300 ? 300 : line), (const char *)data, own, header);
        free(data);
        return -1;
    } else {
        while (keep > hlen && data[keep - 1] != '\n')
            keep--;
    }
    free(data);
    if (keep == size)
        return 0;
    if (!quiet)
        fprintf(stderr, "nash: %s: cutting a torn last line (%zu bytes) before resuming\n", path,
                size - keep);
    if (truncate(path, (off_t)keep) != 0)
        return nash_fail("%s: cannot cut the torn last line: %s", path, strerror(errno));
    if (keep == 0) {
        int fd = open(path, O_WRONLY | O_APPEND);
        int bad = fd < 0 || write_all_fd(fd, header, hlen) != 0 || fsync(fd) != 0;
        int err = errno;
        if (fd >= 0)
            close(fd);
        if (bad)
            return nash_fail("%s: rewriting the torn header failed: %s", path, strerror(err));
    }
    return 0;
}

void format_ci(char *buf, size_t size, double v, double lo, double hi)
{
    if (!isfinite(v))
        snprintf(buf, size, "n/a");
    else if (!isfinite(lo))
        snprintf(buf, size, "%6.3f", v);
    else
        snprintf(buf, size, "%6.3f [%6.3f, %6.3f]", v, lo, hi);
}


/* One proxy-vs-accuracy scatter plot, titled with its tau, rho and n, written atomically. */
int write_corr_scatter(const char *path, const char *name, const char *ylabel, double tau,
                       double rho, long long n, long long points, const double *x,
                       const double *y)
{
    char title[512], tau_s[32] = "n/a", rho_s[32] = "n/a";
    if (isfinite(tau))
        snprintf(tau_s, sizeof tau_s, "%.3f", tau);
    if (isfinite(rho))
        snprintf(rho_s, sizeof rho_s, "%.3f", rho);
    snprintf(title, sizeof title, "%s: Kendall tau %s, Spearman rho %s, n = %lld", name, tau_s,
             rho_s, n);
    text_buf svg = {0};
    svg_begin(&svg, 640, 480);
    svg_scatter(&svg, 0, 0, 640, 480, title, name, ylabel, points, x, y, "#1f77b4");
    svg_end(&svg);
    return tb_write_atomic(&svg, path);
}
