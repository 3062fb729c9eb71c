/*
 * cmd_correlate.c — `nash correlate F.csv`: how well do zero-shot proxy scores
 * rank architectures by their real accuracy?
 *
 * Owns: finding the accuracy for every scored architecture (a column of F.csv
 * itself, or a join on `index` with a truth table such as
 * shared/benchmarks/nb201_accuracy.csv), the architecture subset (all /
 * connected / one per isomorphism class, research note §1), one row of
 * statistics per proxy column, and the result files: correlations.csv,
 * correlate.json (the protocol written by `nash proxies` next to F.csv, copied
 * verbatim, plus these settings) and one scatter plot per proxy.
 * Does not own: the statistics (nas/stats.c), CSV parsing (csv_table.c),
 * atomic writes and SVG drawing (report_files.c).
 *
 * Sign convention: `nash proxies` writes every score so that higher = better;
 * the values reported here are signed (a proxy that ranks backwards shows a
 * negative tau), as the research note §1 asks.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "cli.h"
#include "nash_datasets.h"
#include "csv_table.h"
#include "nash_kernels.h"
#include "report_files.h"
#include "stats.h"

#define DEFAULT_TRUTH_RELATIVE "../shared/benchmarks/nb201_accuracy.csv"

typedef struct correlate_config {
    const char *input, *truth, *dataset, *target, *subset, *out, *vote, *missing;
    const char *truth_where; /* "COLUMN=VALUE": only those truth rows join */
    int bootstrap, seed, topk, json;
    double top_frac;
} correlate_config;

/* One proxy column and its statistics. */
typedef struct proxy_result {
    int column;          /* -1 for the rank vote */
    char name[128];      /* the column name, or vote(a+b+c) */
    char file_name[128]; /* scatter_<name>.svg with the name made filename-safe */
    nash_corr_result r;
    int64_t ranked_last; /* --missing last: NaN/Inf scores placed below every finite one */
} proxy_result;

/* Everything the output writers need. */
typedef struct correlate_run {
    correlate_config cfg;
    char target[256];
    char truth_path[4096];       /* "" when the target is a column of the input */
    char out_dir[4096];
    char *protocol;              /* verbatim JSON object from F.csv.json, or NULL */
    char protocol_path[4096];
    int64_t rows_input, rows_used;
    csv_table scores;            /* F.csv */
    int *ignored;                /* non-numeric columns of F.csv that are not index/arch */
    int n_ignored;
    proxy_result *proxies;
    int n_proxies;
    double *truth_values;        /* target accuracy of each used row */
    double **proxy_values;       /* [proxy][used row] */
} correlate_run;

/* ------------------------------------------------------------------------- */
/* Small helpers                                                               */

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* An integer cell (an architecture index): empty or fractional cells are errors. */
static int cell_index(const csv_table *t, int64_t row, int col, long long *out)
{
    double v;
    if (csv_number(t, row, col, &v) != 0)
        return -1;
    if (!isfinite(v) || v != floor(v) || fabs(v) > 9e15)
        return nash_fail("%s:%lld: column '%s': '%s' is not an integer", t->path,
                         (long long)t->row_line[row], t->names[col], csv_cell(t, row, col));
    *out = (long long)v;
    return 0;
}

/* JSON number, or null for NaN / Inf (JSON has neither). */
static void json_number(text_buf *b, double v)
{
    if (isfinite(v))
        tb_printf(b, "%.8g", v);
    else
        tb_printf(b, "null");
}

/* CSV field: quoted when it holds a separator, quote or line break. */
static void csv_field(text_buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        tb_printf(b, "%s", s);
        return;
    }
    tb_printf(b, "\"");
    for (const char *p = s; *p; p++)
        tb_printf(b, *p == '"' ? "\"\"" : "%c", *p);
    tb_printf(b, "\"");
}

static void csv_number_field(text_buf *b, double v)
{
    if (isfinite(v))
        tb_printf(b, "%.6f", v);
}

/* ------------------------------------------------------------------------- */
/* The protocol file written by `nash proxies`: checked to be one JSON object   */
/* so that copying it verbatim keeps correlate.json valid.                     */

typedef struct json_cursor {
    const char *start, *p, *end;
    int depth;
} json_cursor;

static void json_skip_space(json_cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

static int json_where(const json_cursor *c, const char *path, const char *expected)
{
    int64_t line = 1, col = 1;
    for (const char *q = c->start; q < c->p; q++)
        if (*q == '\n')
            line++, col = 1;
        else
            col++;
    if (c->p >= c->end)
        return nash_fail("%s:%lld:%lld: expected %s, found the end of the file", path,
                         (long long)line, (long long)col, expected);
    return nash_fail("%s:%lld:%lld: expected %s, found '%c'", path, (long long)line,
                     (long long)col, expected, *c->p);
}

static int json_value(json_cursor *c, const char *path);

static int json_string(json_cursor *c, const char *path)
{
    if (c->p >= c->end || *c->p != '"')
        return json_where(c, path, "a string");
    for (c->p++; c->p < c->end && *c->p != '"'; c->p++) {
        if ((unsigned char)*c->p < 0x20)
            return json_where(c, path, "a character (control characters must be escaped)");
        if (*c->p == '\\') {
            c->p++;
            if (c->p < c->end && *c->p == 'u') {
                for (int i = 0; i < 4; i++) {
                    c->p++;
                    if (c->p >= c->end || !strchr("0123456789abcdefABCDEF", *c->p) || !*c->p)
                        return json_where(c, path, "a hex digit of \\u");
                }
            } else if (c->p >= c->end || !strchr("\"\\/bfnrt", *c->p) || !*c->p) {
                return json_where(c, path, "an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)");
            }
        }
    }
    if (c->p >= c->end)
        return json_where(c, path, "the closing '\"' of a string");
    c->p++;
    return 0;
}

static int json_number_syntax(json_cursor *c, const char *path)
{
    if (c->p < c->end && *c->p == '-')
        c->p++;
    if (c->p < c->end && *c->p == '0')
        c->p++;
    else if (c->p < c->end && *c->p >= '1' && *c->p <= '9')
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
            c->p++;
    else
        return json_where(c, path, "a value");
    if (c->p < c->end && *c->p == '.') {
        c->p++;
        if (c->p >= c->end || *c->p < '0' || *c->p > '9')
            return json_where(c, path, "a digit after '.'");
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
            c->p++;
    }
    if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
        c->p++;
        if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
            c->p++;
        if (c->p >= c->end || *c->p < '0' || *c->p > '9')
            return json_where(c, path, "a digit of the exponent");
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
            c->p++;
    }
    return 0;
}

static int json_container(json_cursor *c, const char *path, char close)
{
    if (++c->depth > 64)
        return json_where(c, path, "at most 64 levels of nesting");
    c->p++; /* '{' or '[' */
    json_skip_space(c);
    if (c->p < c->end && *c->p == close) {
        c->p++;
        c->depth--;
        return 0;
    }
    for (;;) {
        json_skip_space(c);
        if (close == '}') {
            if (json_string(c, path) != 0)
                return -1;
            json_skip_space(c);
            if (c->p >= c->end || *c->p != ':')
                return json_where(c, path, "':'");
            c->p++;
        }
        if (json_value(c, path) != 0)
            return -1;
        json_skip_space(c);
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            continue;
        }
        if (c->p < c->end && *c->p == close) {
            c->p++;
            c->depth--;
            return 0;
        }
        return json_where(c, path, close == '}' ? "',' or '}'" : "',' or ']'");
    }
}

static int json_value(json_cursor *c, const char *path)
{
    json_skip_space(c);
    if (c->p >= c->end)
        return json_where(c, path, "a value");
    switch (*c->p) {
    case '{': return json_container(c, path, '}');
    case '[': return json_container(c, path, ']');
    case '"': return json_string(c, path);
    default: break;
    }
    static const char *const literals[] = {"true", "false", "null"};
    for (int i = 0; i < 3; i++) {
        size_t len = strlen(literals[i]);
        if ((size_t)(c->end - c->p) >= len && memcmp(c->p, literals[i], len) == 0) {
            c->p += len;
            return 0;
        }
    }
    return json_number_syntax(c, path);
}

/* Reads path (when it exists) into *out, trimmed of surrounding white space;
 * the content must be exactly one JSON object. */
static int read_protocol(const char *path, char **out)
{
    *out = NULL;
    if (!file_exists(path))
        return 0;
    uint8_t *bytes;
    size_t len;
    if (nash_read_file(path, &bytes, &len) != 0)
        return -1;
    char *buf = (char *)bytes; /* NUL-terminated by nash_read_file */
    json_cursor c = {buf, buf, buf + len, 0};
    json_skip_space(&c);
    const char *begin = c.p;
    if (c.p >= c.end || *c.p != '{') {
        json_where(&c, path, "a JSON object ('{')");
        free(buf);
        return -1;
    }
    if (json_value(&c, path) != 0) {
        free(buf);
        return -1;
    }
    const char *finish = c.p;
    json_skip_space(&c);
    if (c.p < c.end) {
        json_where(&c, path, "the end of the file after the object");
        free(buf);
        return -1;
    }
    size_t n = (size_t)(finish - begin);
    memmove(buf, begin, n);
    buf[n] = '\0';
    *out = buf;
    return 0;
}

/* ------------------------------------------------------------------------- */
/* Rows: which truth row belongs to each scored row, and which rows are kept    */

typedef struct index_row {
    long long index;
    int64_t row;
} index_row;

static int cmp_index_row(const void *a, const void *b)
{
    const index_row *p = a, *q = b;
    if (p->index != q->index)
        return p->index < q->index ? -1 : 1;
    return (p->row > q->row) - (p->row < q->row);
}

/* Sorted (index, row) of a table's rows whose column where_col (-1: every
 * row) holds where_value, *count of them; an index that appears twice is an
 * error naming both lines. */
static int index_table(const csv_table *t, int col, int where_col, const char *where_value,
                       index_row **out, int64_t *count)
{
    index_row *s = malloc((size_t)(t->n_rows ? t->n_rows : 1) * sizeof *s);
    if (!s)
        return nash_fail("%s: out of memory for %lld rows", t->path, (long long)t->n_rows);
    int64_t m = 0;
    for (int64_t r = 0; r < t->n_rows; r++) {
        if (where_col >= 0 && strcmp(csv_cell(t, r, where_col), where_value) != 0)
            continue;
        s[m].row = r;
        if (cell_index(t, r, col, &s[m].index) != 0) {
            free(s);
            return -1;
        }
        m++;
    }
    *count = m;
    qsort(s, (size_t)m, sizeof *s, cmp_index_row);
    for (int64_t r = 1; r < m; r++)
        if (s[r].index == s[r - 1].index) {
            nash_fail("%s:%lld: index %lld appears again (first at line %lld)%s", t->path,
                      (long long)t->row_line[s[r].row], s[r].index,
                      (long long)t->row_line[s[r - 1].row],
                      where_col < 0 ? "; a table with several rows per index needs "
                                      "--truth-where COLUMN=VALUE"
                                    : "");
            free(s);
            return -1;
        }
    *out = s;
    return 0;
}

/* truth_row[r] for every row r of the scores (the same row when the scores hold the target). */
static int join_rows(const csv_table *scores, const csv_table *truth, int self,
                     const char *where, int64_t *truth_row)
{
    if (self) {
        for (int64_t r = 0; r < scores->n_rows; r++)
            truth_row[r] = r;
        return 0;
    }
    int score_index = csv_require_column(scores, "index");
    if (score_index < 0)
        return nash_fail_context("joining the scores with %s on 'index'", truth->path);
    int truth_index = csv_require_column(truth, "index");
    if (truth_index < 0)
        return nash_fail_context("joining the scores with the truth table on 'index'");
    /* --truth-where COLUMN=VALUE */
    int where_col = -1;
    char where_name[256] = "";
    const char *where_value = NULL;
    if (where) {
        const char *eq = strchr(where, '=');
        if (!eq || eq == where || eq - where >= (ptrdiff_t)sizeof where_name)
            return nash_fail("--truth-where '%s': expected COLUMN=VALUE", where);
        memcpy(where_name, where, (size_t)(eq - where));
        where_value = eq + 1;
        where_col = csv_require_column(truth, where_name);
        if (where_col < 0)
            return nash_fail_context("--truth-where %s", where);
    }
    index_row *score_sorted = NULL, *truth_sorted = NULL;
    int64_t scored = 0, truth_n = 0;
    if (index_table(scores, score_index, -1, NULL, &score_sorted, &scored) != 0 ||
        index_table(truth, truth_index, where_col, where_value, &truth_sorted, &truth_n) != 0) {
        free(score_sorted);
        return -1;
    }
    free(score_sorted); /* built only to reject an index scored twice */
    int rc = 0;
    for (int64_t r = 0; r < scores->n_rows && rc == 0; r++) {
        index_row key;
        cell_index(scores, r, score_index, &key.index); /* parsed fine above */
        key.row = -1;
        int64_t lo = 0, hi = truth_n; /* first element with index >= key */
        while (lo < hi) {
            int64_t mid = lo + (hi - lo) / 2;
            if (truth_sorted[mid].index < key.index)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == truth_n || truth_sorted[lo].index != key.index)
            rc = nash_fail("%s:%lld: index %lld is not in the truth table %s (%lld rows%s%s)",
                           scores->path, (long long)scores->row_line[r], key.index, truth->path,
                           (long long)truth_n, where ? " with " : "", where ? where : "");
        else
            truth_row[r] = truth_sorted[lo].row;
    }
    free(truth_sorted);
    return rc;
}

/* keep[r] = whether truth row t passes the subset. */
static int subset_keeps(const csv_table *truth, const char *subset, const int64_t *truth_row,
                        int64_t n, unsigned char *keep)
{
    if (strcmp(subset, "all") == 0) {
        memset(keep, 1, (size_t)n);
        return 0;
    }
    int is_connected = strcmp(subset, "connected") == 0;
    const char *needed = is_connected ? "connected" : "iso_rep";
    int col = csv_require_column(truth, needed);
    int index_col = is_connected ? 0 : csv_require_column(truth, "index");
    if (col < 0 || index_col < 0)
        return nash_fail_context("--subset %s needs the truth table's '%s'%s column", subset,
                                 needed, is_connected ? "" : " and 'index'");
    for (int64_t r = 0; r < n; r++) {
        long long v, index;
        if (cell_index(truth, truth_row[r], col, &v) != 0)
            return -1;
        if (is_connected) {
            keep[r] = v == 1;
        } else {
            if (cell_index(truth, truth_row[r], index_col, &index) != 0)
                return -1;
            keep[r] = v == index;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------- */
/* Output                                                                      */

static void settings_json(text_buf *b, const correlate_run *run)
{
    const correlate_config *c = &run->cfg;
    tb_printf(b, "{\"input\":");
    tb_json_string(b, c->input);
    tb_printf(b, ",\"truth_file\":");
    if (run->truth_path[0])
        tb_json_string(b, run->truth_path);
    else
        tb_printf(b, "null");
    tb_printf(b, ",\"truth_where\":");
    if (c->truth_where)
        tb_json_string(b, c->truth_where);
    else
        tb_printf(b, "null");
    tb_printf(b, ",\"target\":");
    tb_json_string(b, run->target);
    tb_printf(b, ",\"target_source\":\"%s\",\"dataset\":", run->truth_path[0] ? "truth file" : "input");
    tb_json_string(b, c->dataset);
    tb_printf(b, ",\"subset\":");
    tb_json_string(b, c->subset);
    tb_printf(b, ",\"missing\":\"%s\"", c->missing);
    tb_printf(b, ",\"rows_input\":%lld,\"rows_used\":%lld,\"bootstrap\":%d,\"seed\":%d,"
                 "\"ci\":\"percentile bootstrap, pairs resampled with replacement\","
                 "\"ci_level\":0.95,\"top_frac\":%g,\"topk\":%d,\"ignored_columns\":[",
              (long long)run->rows_input, (long long)run->rows_used, c->bootstrap, c->seed,
              c->top_frac, c->topk);
    for (int i = 0; i < run->n_ignored; i++) {
        tb_printf(b, i ? "," : "");
        tb_json_string(b, run->scores.names[run->ignored[i]]);
    }
    tb_printf(b, "],\"protocol_file\":");
    if (run->protocol)
        tb_json_string(b, run->protocol_path);
    else
        tb_printf(b, "null");
    tb_printf(b, ",\"out_dir\":");
    tb_json_string(b, run->out_dir);
    tb_printf(b, "}");
}

static void result_json(text_buf *b, const correlate_run *run)
{
    tb_printf(b, "{\"protocol\":%s,\"settings\":", run->protocol ? run->protocol : "null");
    settings_json(b, run);
    tb_printf(b, ",\"results\":[");
    for (int p = 0; p < run->n_proxies; p++) {
        const nash_corr_result *r = &run->proxies[p].r;
        tb_printf(b, "%s\n{\"proxy\":", p ? "," : "");
        tb_json_string(b, run->proxies[p].name);
        tb_printf(b, ",\"n\":%lld,\"dropped\":%lld,\"ranked_last\":%lld,\"kendall_tau\":",
                  (long long)r->n, (long long)r->dropped, (long long)run->proxies[p].ranked_last);
        json_number(b, r->tau);
        tb_printf(b, ",\"tau_ci\":[");
        json_number(b, r->tau_lo);
        tb_printf(b, ",");
        json_number(b, r->tau_hi);
        tb_printf(b, "],\"spearman_rho\":");
        json_number(b, r->rho);
        tb_printf(b, ",\"rho_ci\":[");
        json_number(b, r->rho_lo);
        tb_printf(b, ",");
        json_number(b, r->rho_hi);
        tb_printf(b, "],\"bootstrap_valid\":%lld,\"rho_top\":", (long long)r->boot_valid);
        json_number(b, r->rho_top);
        tb_printf(b, ",\"n_top\":%lld,\"topk_hit\":", (long long)r->n_top);
        json_number(b, r->topk_hit);
        tb_printf(b, ",\"k\":%lld}", (long long)r->k);
    }
    tb_printf(b, "]}\n");
}

static int write_files(const correlate_run *run, const text_buf *json)
{
    char path[4400]; /* out_dir + "/" + a file name */
    if (make_dirs(run->out_dir) != 0)
        return -1;
    text_buf csv = {0};
    tb_printf(&csv, "proxy,n,dropped,kendall_tau,tau_lo,tau_hi,spearman_rho,rho_lo,rho_hi,"
                    "rho_top,topk_hit\n");
    for (int p = 0; p < run->n_proxies; p++) {
        const nash_corr_result *r = &run->proxies[p].r;
        csv_field(&csv, run->proxies[p].name);
        tb_printf(&csv, ",%lld,%lld", (long long)r->n, (long long)r->dropped);
        double v[8] = {r->tau, r->tau_lo, r->tau_hi, r->rho, r->rho_lo, r->rho_hi, r->rho_top,
                       r->topk_hit};
        for (int i = 0; i < 8; i++) {
            tb_printf(&csv, ",");
            csv_number_field(&csv, v[i]);
        }
        tb_printf(&csv, "\n");
    }
    snprintf(path, sizeof path, "%s/correlations.csv", run->out_dir);
    if (tb_write_atomic(&csv, path) != 0)
        return -1;
    text_buf js = {0};
    tb_printf(&js, "%.*s", (int)json->len, json->data ? json->data : "");
    snprintf(path, sizeof path, "%s/correlate.json", run->out_dir);
    if (tb_write_atomic(&js, path) != 0)
        return -1;
    for (int p = 0; p < run->n_proxies; p++) {
        const nash_corr_result *r = &run->proxies[p].r;
        const char *name = run->proxies[p].name;
        char ylabel[300];
        snprintf(ylabel, sizeof ylabel, "%s (%%)", run->target);
        snprintf(path, sizeof path, "%s/%s", run->out_dir, run->proxies[p].file_name);
        if (write_corr_scatter(path, name, ylabel, r->tau, r->rho, (long long)r->n,
                               (long long)run->rows_used, run->proxy_values[p],
                               run->truth_values) != 0)
            return -1;
    }
    return 0;
}

static void print_table(const correlate_run *run)
{
    const correlate_config *c = &run->cfg;
    printf("target %s from %s%s%s; subset %s: %lld of %lld rows\n", run->target,
           run->truth_path[0] ? run->truth_path : c->input, c->truth_where ? " rows with " : "",
           c->truth_where ? c->truth_where : "", c->subset, (long long)run->rows_used,
           (long long)run->rows_input);
    if (c->bootstrap > 0)
        printf("95%% intervals: percentile bootstrap, %d resamples of pairs, seed %d\n",
               c->bootstrap, c->seed);
    else
        printf("no intervals (--bootstrap 0)\n");
    if (run->protocol)
        printf("protocol: %s\n", run->protocol_path);
    if (strcmp(c->missing, "last") == 0) {
        printf("missing scores ranked last (--missing last):");
        for (int p = 0; p < run->n_proxies; p++)
            if (run->proxies[p].ranked_last)
                printf(" %s %lld", run->proxies[p].name, (long long)run->proxies[p].ranked_last);
        printf("\n");
    }
    int width = 5;
    for (int p = 0; p < run->n_proxies; p++) {
        int len = (int)strlen(run->proxies[p].name);
        width = len > width ? len : width;
    }
    char top_header[32];
    snprintf(top_header, sizeof top_header, "rho top %g%%", 100 * c->top_frac);
    printf("\n%-*s %7s %7s  %-26s  %-26s  %-17s %s\n", width, "proxy", "n", "dropped",
           "Kendall tau [95% CI]", "Spearman rho [95% CI]", top_header, "top-k hit");
    for (int p = 0; p < run->n_proxies; p++) {
        const nash_corr_result *r = &run->proxies[p].r;
        char tau[64], rho[64], top[64], hit[64];
        format_ci(tau, sizeof tau, r->tau, r->tau_lo, r->tau_hi);
        format_ci(rho, sizeof rho, r->rho, r->rho_lo, r->rho_hi);
        if (isfinite(r->rho_top))
            snprintf(top, sizeof top, "%6.3f (n=%lld)", r->rho_top, (long long)r->n_top);
        else
            snprintf(top, sizeof top, "n/a (n=%lld)", (long long)r->n_top);
        if (isfinite(r->topk_hit))
            snprintf(hit, sizeof hit, "%5.3f (k=%lld)", r->topk_hit, (long long)r->k);
        else
            snprintf(hit, sizeof hit, "n/a");
        printf("%-*s %7lld %7lld  %-26s  %-26s  %-17s %s\n", width,
               run->proxies[p].name, (long long)r->n, (long long)r->dropped,
               tau, rho, top, hit);
    }
    printf("\nresults: %s/ (correlations.csv, correlate.json, scatter_<proxy>.svg)\n",
           run->out_dir);
}

/* ------------------------------------------------------------------------- */
/* The command                                                                 */

static void run_free(correlate_run *run)
{
    csv_free(&run->scores);
    free(run->protocol);
    free(run->ignored);
    free(run->proxies);
    free(run->truth_values);
    if (run->proxy_values)
        for (int p = 0; p < run->n_proxies; p++)
            free(run->proxy_values[p]);
    free(run->proxy_values);
}

/* Where the accuracies come from: the input itself, or a truth table. */
static int locate_truth(correlate_run *run, int *self)
{
    const correlate_config *c = &run->cfg;
    *self = 0;
    run->truth_path[0] = '\0';
    if (c->truth) {
        snprintf(run->truth_path, sizeof run->truth_path, "%s", c->truth);
        return 0;
    }
    if (csv_column(&run->scores, run->target) >= 0) {
        *self = 1;
        return 0;
    }
    const char *dir = getenv("NASH_BENCHMARKS");
    if (dir && *dir) {
        snprintf(run->truth_path, sizeof run->truth_path, "%s/nb201_accuracy.csv", dir);
        if (!file_exists(run->truth_path))
            return nash_fail("%s has no column '%s' and the truth table %s (from "
                             "$NASH_BENCHMARKS) does not exist; pass --truth FILE",
                             c->input, run->target, run->truth_path);
        return 0;
    }
    snprintf(run->truth_path, sizeof run->truth_path, "%s", DEFAULT_TRUTH_RELATIVE);
    if (!file_exists(run->truth_path))
        return nash_fail("%s has no column '%s' and no truth table was found (tried "
                         "$NASH_BENCHMARKS/nb201_accuracy.csv: unset, %s: missing); pass "
                         "--truth FILE or --target COLUMN",
                         c->input, run->target, DEFAULT_TRUTH_RELATIVE);
    return 0;
}

/* Proxy columns: every numeric column except index, arch and the target. */
static int pick_proxies(correlate_run *run)
{
    const csv_table *t = &run->scores;
    run->proxies = calloc((size_t)t->n_cols + 1, sizeof *run->proxies); /* + the vote */
    run->ignored = calloc((size_t)t->n_cols, sizeof *run->ignored);
    if (!run->proxies || !run->ignored)
        return nash_fail("out of memory");
    for (int j = 0; j < t->n_cols; j++) {
        const char *name = t->names[j];
        if (strcmp(name, "index") == 0 || strcmp(name, "arch") == 0 ||
            strcmp(name, run->target) == 0)
            continue;
        if (!csv_column_is_numeric(t, j)) {
            run->ignored[run->n_ignored++] = j;
            continue;
        }
        proxy_result *p = &run->proxies[run->n_proxies++];
        p->column = j;
        snprintf(p->name, sizeof p->name, "%s", name);
        /* scatter_<name>.svg with anything but [A-Za-z0-9_.-] turned into '_';
         * a name that then collides with an earlier one gets its column number */
        char safe[96];
        size_t k = 0;
        for (const char *s = name; *s && k + 1 < sizeof safe; s++)
            safe[k++] = (strchr("_.-", *s) || (*s >= 'a' && *s <= 'z') ||
                         (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9'))
                            ? *s
                            : '_';
        safe[k] = '\0';
        snprintf(p->file_name, sizeof p->file_name, "scatter_%s.svg", safe);
        for (int q = 0; q < run->n_proxies - 1; q++)
            if (strcmp(run->proxies[q].file_name, p->file_name) == 0)
                snprintf(p->file_name, sizeof p->file_name, "scatter_%s_col%d.svg", safe, j + 1);
    }
    if (run->n_proxies == 0)
        return nash_fail("%s: no numeric proxy columns besides index, arch and the target '%s'",
                         t->path, run->target);
    return 0;
}

/* --missing last (NASLib's convention: a failed score is -1e8): NaN/Inf proxy
 * values become one value below every finite one, so the architectures they
 * belong to count as the worst instead of being dropped. Returns how many. */
static int64_t rank_missing_last(double *x, int64_t n)
{
    double lo = INFINITY, hi = -INFINITY;
    int64_t missing = 0;
    for (int64_t i = 0; i < n; i++)
        if (isfinite(x[i])) {
            lo = fmin(lo, x[i]);
            hi = fmax(hi, x[i]);
        }
    if (!isfinite(lo)) /* nothing finite: leave them missing */
        return 0;
    double below = lo - 0.05 * (hi - lo) - 1e-9 * fabs(lo) - 1e-300;
    for (int64_t i = 0; i < n; i++)
        if (!isfinite(x[i])) {
            x[i] = below;
            missing++;
        }
    return missing;
}

/* Rank-vote ensemble (Abdelfattah et al. 2021 combine synflow, jacob_cov and
 * snip by voting): each listed proxy's scores become average ranks over the
 * rows used (1 = worst), the vote is their mean, and it is correlated like any
 * other column. A row missing any component is missing in the vote. */
static int add_vote(correlate_run *run, const char *list, const nash_corr_options *opt)
{
    int members[16], n_members = 0;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *save, *tok = strtok_r(buf, ",+", &save); tok; tok = strtok_r(NULL, ",+", &save)) {
        int found = -1;
        for (int p = 0; p < run->n_proxies; p++)
            if (strcmp(run->proxies[p].name, tok) == 0)
                found = p;
        if (found < 0)
            return nash_fail("--vote: '%s' is not a proxy column of %s", tok, run->cfg.input);
        if (n_members == 16)
            return nash_fail("--vote: at most 16 proxies");
        members[n_members++] = found;
    }
    if (n_members < 2)
        return nash_fail("--vote '%s': give at least two proxies", list);
    int64_t n = run->rows_used;
    double *vote = calloc((size_t)(n ? n : 1), sizeof *vote);
    double *ranks = malloc((size_t)(n ? n : 1) * sizeof *ranks);
    double *tmp = malloc((size_t)(n ? n : 1) * sizeof *tmp);
    int64_t *idx = malloc((size_t)(n ? n : 1) * sizeof *idx);
    if (!vote || !ranks || !tmp || !idx) {
        free(vote), free(ranks), free(tmp), free(idx);
        return nash_fail("out of memory");
    }
    for (int m = 0; m < n_members; m++) {
        const double *x = run->proxy_values[members[m]];
        int64_t k = 0;
        for (int64_t r = 0; r < n; r++)
            if (isfinite(x[r])) {
                idx[k] = r;
                tmp[k++] = x[r];
            }
        if (nash_stats_average_ranks(tmp, k, ranks) != 0) {
            free(vote), free(ranks), free(tmp), free(idx);
            return -1;
        }
        for (int64_t r = 0; r < n; r++)
            if (!isfinite(x[r]))
                vote[r] = NAN;
        for (int64_t j = 0; j < k; j++)
            vote[idx[j]] += ranks[j] / n_members;
    }
    free(ranks), free(tmp), free(idx);
    proxy_result *p = &run->proxies[run->n_proxies];
    p->column = -1;
    int len = snprintf(p->name, sizeof p->name, "vote(");
    for (int m = 0; m < n_members && len < (int)sizeof p->name; m++)
        len += snprintf(p->name + len, sizeof p->name - (size_t)len, "%s%s", m ? "+" : "",
                        run->proxies[members[m]].name);
    if (len < (int)sizeof p->name)
        snprintf(p->name + len, sizeof p->name - (size_t)len, ")");
    snprintf(p->file_name, sizeof p->file_name, "scatter_vote.svg");
    run->proxy_values[run->n_proxies] = vote;
    if (nash_corr_compute(vote, run->truth_values, n, opt, &p->r) != 0)
        return nash_fail_context("the vote");
    run->n_proxies++;
    return 0;
}

static int correlate_main(correlate_run *run)
{
    correlate_config *c = &run->cfg;
    if (strcmp(c->dataset, "cifar10") != 0 && strcmp(c->dataset, "cifar100") != 0 &&
        strcmp(c->dataset, "imagenet16") != 0)
        return nash_fail("--dataset '%s': expected cifar10, cifar100 or imagenet16", c->dataset);
    if (strcmp(c->subset, "all") != 0 && strcmp(c->subset, "connected") != 0 &&
        strcmp(c->subset, "unique") != 0)
        return nash_fail("--subset '%s': expected all, connected or unique", c->subset);
    if (strcmp(c->missing, "drop") != 0 && strcmp(c->missing, "last") != 0)
        return nash_fail("--missing '%s': expected drop or last", c->missing);
    if (c->bootstrap < 0 || c->bootstrap > 1000000)
        return nash_fail("--bootstrap %d: expected 0 (no intervals) .. 1000000", c->bootstrap);
    if (!(c->top_frac > 0 && c->top_frac <= 1))
        return nash_fail("--top-frac %g: expected a fraction in (0, 1]", c->top_frac);
    if (c->topk < 0)
        return nash_fail("--topk %d: expected 0 (= the top fraction) or more", c->topk);
    if (c->seed < 0)
        return nash_fail("--seed %d: expected 0 or more", c->seed);
    if (c->target)
        snprintf(run->target, sizeof run->target, "%s", c->target);
    else
        snprintf(run->target, sizeof run->target, "%s_test", c->dataset);

    if (csv_read(&run->scores, c->input) != 0)
        return -1;
    const csv_table *scores = &run->scores;
    run->rows_input = scores->n_rows;
    if (scores->n_rows == 0)
        return nash_fail("%s: no data rows", c->input);

    int self;
    if (locate_truth(run, &self) != 0)
        return -1;
    csv_table truth_file = {0};
    const csv_table *truth = scores;
    if (!self) {
        if (csv_read(&truth_file, run->truth_path) != 0)
            return -1;
        truth = &truth_file;
    }
    int rc = -1;
    int64_t n = scores->n_rows;
    int64_t *truth_row = malloc((size_t)n * sizeof *truth_row);
    unsigned char *keep = malloc((size_t)n);
    int target_col = csv_require_column(truth, run->target);
    if (!truth_row || !keep) {
        nash_fail("out of memory for %lld rows", (long long)n);
        goto done;
    }
    if (target_col < 0) {
        nash_fail_context("the target column (--target, or --dataset D for D_test)");
        goto done;
    }
    if (join_rows(scores, truth, self, c->truth_where, truth_row) != 0 ||
        subset_keeps(truth, c->subset, truth_row, n, keep) != 0 || pick_proxies(run) != 0)
        goto done;

    run->rows_used = 0;
    for (int64_t r = 0; r < n; r++)
        run->rows_used += keep[r];
    size_t used = (size_t)(run->rows_used ? run->rows_used : 1);
    run->truth_values = malloc(used * sizeof *run->truth_values);
    run->proxy_values = calloc((size_t)run->n_proxies + 1, sizeof *run->proxy_values);
    if (!run->truth_values || !run->proxy_values) {
        nash_fail("out of memory for %lld rows", (long long)run->rows_used);
        goto done;
    }
    for (int64_t r = 0, u = 0; r < n; r++)
        if (keep[r] && csv_number(truth, truth_row[r], target_col, &run->truth_values[u++]) != 0)
            goto done;
    nash_corr_options opt = nash_corr_defaults();
    opt.bootstrap = c->bootstrap;
    opt.seed = (uint64_t)c->seed;
    opt.top_frac = c->top_frac;
    opt.topk = c->topk;
    for (int p = 0; p < run->n_proxies; p++) {
        double *x = run->proxy_values[p] = malloc(used * sizeof *x);
        if (!x) {
            nash_fail("out of memory for %lld rows", (long long)run->rows_used);
            goto done;
        }
        for (int64_t r = 0, u = 0; r < n; r++)
            if (keep[r] && csv_number(scores, r, run->proxies[p].column, &x[u++]) != 0)
                goto done;
        if (strcmp(c->missing, "last") == 0)
            run->proxies[p].ranked_last = rank_missing_last(x, run->rows_used);
        if (nash_corr_compute(x, run->truth_values, run->rows_used, &opt, &run->proxies[p].r) != 0) {
            nash_fail_context("proxy '%s'", scores->names[run->proxies[p].column]);
            goto done;
        }
    }
    if (c->vote && add_vote(run, c->vote, &opt) != 0)
        goto done;

    snprintf(run->protocol_path, sizeof run->protocol_path, "%s.json", c->input);
    if (read_protocol(run->protocol_path, &run->protocol) != 0)
        goto done;
    size_t in_len = strlen(c->input);
    if (in_len > 4 && strcmp(c->input + in_len - 4, ".csv") == 0)
        in_len -= 4;
    int out_len = c->out ? snprintf(run->out_dir, sizeof run->out_dir, "%s", c->out)
                         : snprintf(run->out_dir, sizeof run->out_dir, "%.*s-correlate",
                                    (int)in_len, c->input);
    if (out_len < 0 || (size_t)out_len >= sizeof run->out_dir) {
        nash_fail("output directory name too long (%d characters)", out_len);
        goto done;
    }
    text_buf json = {0};
    result_json(&json, run);
    if (json.oom) {
        tb_free(&json);
        nash_fail("out of memory building the JSON result");
        goto done;
    }
    if (write_files(run, &json) != 0) {
        tb_free(&json);
        goto done;
    }
    if (c->json)
        fwrite(json.data, 1, json.len, stdout);
    else
        print_table(run);
    tb_free(&json);
    rc = 0;
done:
    free(truth_row);
    free(keep);
    csv_free(&truth_file);
    return rc;
}

int cmd_correlate(int argc, char **argv)
{
    correlate_run run;
    memset(&run, 0, sizeof run);
    correlate_config *c = &run.cfg;
    *c = (correlate_config){.dataset = "cifar10", .subset = "all", .missing = "drop", .bootstrap = 1000,
                            .top_frac = 0.1};
    int help = 0;
    cli_option opts[] = {
        {"--truth", CLI_STRING, &c->truth, "accuracy table joined on 'index' (else $NASH_BENCHMARKS/nb201_accuracy.csv, else " DEFAULT_TRUTH_RELATIVE ")"},
        {"--dataset", CLI_STRING, &c->dataset, "cifar10, cifar100 or imagenet16: the target is <dataset>_test"},
        {"--target", CLI_STRING, &c->target, "accuracy column (in F.csv itself, or in the truth table)"},
        {"--truth-where", CLI_STRING, &c->truth_where, "COLUMN=VALUE: join only the truth rows holding VALUE (a table with a row per dataset, e.g. dataset=cifar10)"},
        {"--subset", CLI_STRING, &c->subset, "all, connected (connected==1) or unique (index==iso_rep)"},
        {"--bootstrap", CLI_INT, &c->bootstrap, "resamples for the 95% intervals (0: none)"},
        {"--seed", CLI_INT, &c->seed, "bootstrap seed"},
        {"--top-frac", CLI_FLOAT, &c->top_frac, "fraction of best architectures (by accuracy) for 'rho top'"},
        {"--vote", CLI_STRING, &c->vote, "rank-vote ensemble of these proxies, e.g. synflow,jacob_cov,snip"},
        {"--missing", CLI_STRING, &c->missing, "drop (default) or last: NaN/Inf scores ranked below all others (NASLib's -1e8)"},
        {"--topk", CLI_INT, &c->topk, "k of the top-k hit rate (0: the top fraction of n)"},
        {"--out", CLI_STRING, &c->out, "output directory (default: F without .csv + '-correlate')"},
        {"--json", CLI_FLAG, &c->json, "one JSON object on stdout"},
        {"--help", CLI_FLAG, &help, "this text"},
        {0}};
    const char *pos[1];
    int np = 0;
    if (cli_parse(argc, argv, 1, opts, pos, 1, &np) != 0)
        return cli_error(nash_last_error());
    if (help || np == 0) {
        printf("usage: nash correlate F.csv [--truth FILE] [--truth-where COLUMN=VALUE]\n"
               "       [--dataset D] [--target COLUMN] [--subset all|connected|unique]\n"
               "       [--bootstrap B] [--seed S]\n"
               "       [--top-frac 0.1] [--topk K] [--vote P1,P2,...] [--missing drop|last]\n"
               "       [--out DIR] [--json]\n\n"
               "Kendall tau-b and Spearman rho (with bootstrap 95%% intervals), rho on the\n"
               "best architectures and the top-k hit rate of every proxy column of F.csv\n"
               "(written by `nash proxies`; higher = better) against accuracy.\n\n");
        cli_print_options(stdout, opts);
        return help ? 0 : 2;
    }
    c->input = pos[0];
    int rc = correlate_main(&run);
    if (rc != 0)
        rc = cli_error(nash_last_error());
    run_free(&run);
    return rc;
}
