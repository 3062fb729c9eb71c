/*
 * cmd_space.c — `nash space list | show | sample | check`: the search spaces
 * of nas/ seen from the command line.
 *
 *   nash space list [--json]
 *   nash space show SPACE ARCH|INDEX [--dataset cifar10|cifar100|imagenet16] [--json]
 *   nash space sample SPACE [--n N] [--seed S] [--json]
 *   nash space check nb201 [--truth FILE] [--dataset all|cifar10|cifar100|imagenet16]
 *                          [--limit N] [--json]
 *
 * Owns: the layer table of a candidate, sampling from the command line, and
 * the check of the nb201 builder against the NAS-Bench-201 ground truth
 * (nb201_accuracy.csv: #params, FLOPs, string <-> index, op codes for every
 * cell). Does not own: the spaces (nas/), general CSV reading (the truth file
 * has no quoted fields, so the few columns needed here are split directly).
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "nash_nas.h"
#include "nb201.h"
#include "report_files.h"

/* The datasets NAS-Bench-201 was trained on: input size and classes. */
typedef struct space_dataset {
    const char *name;
    int hw, classes;
} space_dataset;

static const space_dataset datasets[] = {
    {"cifar10", 32, 10}, {"cifar100", 32, 100}, {"imagenet16", 16, 120}};
#define N_DATASETS ((int)(sizeof datasets / sizeof datasets[0]))

static int find_dataset(const char *name)
{
    for (int i = 0; i < N_DATASETS; i++)
        if (strcmp(datasets[i].name, name) == 0)
            return i;
    return nash_fail("unknown dataset '%s' (cifar10, cifar100, imagenet16)", name);
}

static void print_json(text_buf *b)
{
    if (b->oom) {
        tb_free(b);
        cli_error("out of memory while formatting JSON");
        return;
    }
    fwrite(b->data, 1, b->len, stdout);
    tb_free(b);
}

/* ------------------------------------------------------------------------- */
/* list                                                                       */

static int space_list(int json)
{
    const nash_space *const *all = nash_space_all();
    text_buf b = {0};
    if (json)
        tb_printf(&b, "{\"spaces\":[");
    else
        printf("%-6s %16s  %s\n", "space", "candidates", "description");
    for (int i = 0; all[i]; i++) {
        const nash_space *s = all[i];
        int64_t size = nash_space_size(s);
        if (json) {
            tb_printf(&b, "%s{\"name\":", i ? "," : "");
            tb_json_string(&b, nash_space_name(s));
            tb_printf(&b, ",\"size\":%" PRId64 ",\"description\":", size);
            tb_json_string(&b, nash_space_description(s));
            tb_printf(&b, "}");
        } else {
            char count[32];
            if (size >= 0)
                snprintf(count, sizeof count, "%" PRId64, size);
            else
                snprintf(count, sizeof count, "not enumerable");
            printf("%-6s %16s  %s\n", nash_space_name(s), count, nash_space_description(s));
        }
    }
    if (json) {
        tb_printf(&b, "]}\n");
        print_json(&b);
    }
    return 0;
}

/* ------------------------------------------------------------------------- */
/* show                                                                       */

/* ARCH may be an index of an enumerable space (all digits) or a string. */
static int resolve_arch(const nash_space *s, const char *arch, char *canon, size_t size,
                        int64_t *index)
{
    *index = -1;
    size_t digits = strspn(arch, "0123456789");
    if (digits > 0 && arch[digits] == '\0' && nash_space_size(s) >= 0) {
        errno = 0;
        long long v = strtoll(arch, NULL, 10);
        if (errno)
            return nash_fail("index '%s' is out of range 0..%" PRId64, arch,
                             nash_space_size(s) - 1);
        *index = v;
        return nash_space_from_index(s, v, canon, size);
    }
    if (nash_space_canonical(s, arch, canon, size) != 0)
        return -1;
    if (nash_space_size(s) >= 0 && nash_space_to_index(s, canon, index) != 0)
        return -1;
    return 0;
}

static int space_show(const nash_space *s, const char *arch, const char *dataset, int json)
{
    char canon[NASH_SPACE_ARCH_MAX];
    int64_t index;
    int d = find_dataset(dataset);
    if (d < 0 || resolve_arch(s, arch, canon, sizeof canon, &index) != 0)
        return cli_error(nash_last_error());
    const space_dataset *ds = &datasets[d];
    nash_net *net = nash_space_build(s, canon, 3, ds->hw, ds->hw, ds->classes);
    if (!net)
        return cli_error(nash_last_error());
    int nodes = nash_net_node_count(net);
    int64_t params = nash_net_param_numel(net), flops = nash_nb201_flops(net);
    if (!json) {
        printf("space %s, dataset %s (%dx%dx%d, %d classes)\narch %s\n", nash_space_name(s),
               ds->name, 3, ds->hw, ds->hw, ds->classes, canon);
        if (index >= 0)
            printf("index %" PRId64 "\n", index);
        nash_net_print_table(net, stdout);
        printf("NB201 FLOPs %.5f M (convs + linear + its bias)\n", flops / 1e6);
        nash_net_free(net);
        return 0;
    }
    int64_t macs_by_op[NASH_OP_COUNT] = {0}, linear_macs = 0, total_macs = 0;
    for (int i = 0; i < nodes; i++) {
        nash_node_kind kind = nash_net_node_kind(net, i);
        int64_t macs = nash_net_node_macs(net, i);
        total_macs += macs;
        if (kind == NASH_NODE_CONV)
            macs_by_op[nash_net_node_op(net, i)] += macs;
        else if (kind == NASH_NODE_LINEAR)
            linear_macs += macs;
    }
    text_buf b = {0};
    tb_printf(&b, "{\"space\":");
    tb_json_string(&b, nash_space_name(s));
    tb_printf(&b, ",\"arch\":");
    tb_json_string(&b, arch);
    tb_printf(&b, ",\"canonical\":");
    tb_json_string(&b, canon);
    if (index >= 0)
        tb_printf(&b, ",\"index\":%" PRId64, index);
    else
        tb_printf(&b, ",\"index\":null");
    tb_printf(&b,
              ",\"dataset\":\"%s\",\"input\":[3,%d,%d],\"classes\":%d,\"params\":%" PRId64
              ",\"macs\":%" PRId64 ",\"flops_nb201\":%" PRId64 ",\"macs_by_op\":{",
              ds->name, ds->hw, ds->hw, ds->classes, params, total_macs, flops);
    for (int op = 0; op < NASH_OP_COUNT; op++)
        tb_printf(&b, "%s\"%s\":%" PRId64, op ? "," : "", nash_op_names[op], macs_by_op[op]);
    tb_printf(&b, ",\"linear\":%" PRId64 "},\"nodes\":%d}\n", linear_macs, nodes);
    print_json(&b);
    nash_net_free(net);
    return 0;
}

/* ------------------------------------------------------------------------- */
/* sample                                                                     */

static int space_sample(const nash_space *s, int n, int seed, int json)
{
    if (n < 0)
        return cli_error("space sample: --n must be >= 0");
    nash_rng rng;
    nash_rng_seed(&rng, (uint64_t)(int64_t)seed);
    int enumerable = nash_space_size(s) >= 0;
    text_buf b = {0};
    if (json) {
        tb_printf(&b, "{\"space\":");
        tb_json_string(&b, nash_space_name(s));
        tb_printf(&b, ",\"seed\":%d,\"samples\":[", seed);
    }
    for (int i = 0; i < n; i++) {
        char arch[NASH_SPACE_ARCH_MAX];
        int64_t index = -1;
        if (nash_space_sample(s, &rng, arch, sizeof arch) != 0 ||
            (enumerable && nash_space_to_index(s, arch, &index) != 0)) {
            tb_free(&b);
            return cli_error(nash_last_error());
        }
        if (json) {
            tb_printf(&b, "%s{", i ? "," : "");
            if (enumerable)
                tb_printf(&b, "\"index\":%" PRId64 ",", index);
            tb_printf(&b, "\"arch\":");
            tb_json_string(&b, arch);
            tb_printf(&b, "}");
        } else if (enumerable) {
            printf("%" PRId64 "\t%s\n", index, arch);
        } else {
            printf("%s\n", arch);
        }
    }
    if (json) {
        tb_printf(&b, "]}\n");
        print_json(&b);
    }
    return 0;
}

/* ------------------------------------------------------------------------- */
/* check: the nb201 builder against the NAS-Bench-201 ground truth            */

/* One row of the truth file, as far as the check needs it. */
typedef struct truth_row {
    int64_t index;
    char arch[NASH_SPACE_ARCH_MAX];
    char ops[16];
    double params[N_DATASETS]; /* millions */
    double flops[N_DATASETS];  /* millions */
} truth_row;

typedef struct truth_file {
    const char *path;
    FILE *f;
    char *line;
    size_t cap;
    long line_no;
    int n_fields;
    /* field positions of the columns used; -1 when absent */
    int col_index, col_arch, col_ops, col_params[N_DATASETS], col_flops[N_DATASETS];
} truth_file;

#define MAX_FIELDS 64

/* Splits `line` in place at commas (the file quotes nothing); strips the line end. */
static int split_fields(char *line, char **fields)
{
    line[strcspn(line, "\r\n")] = '\0';
    int n = 0;
    char *p = line;
    for (;;) {
        if (n == MAX_FIELDS)
            return -1;
        fields[n++] = p;
        char *comma = strchr(p, ',');
        if (!comma)
            return n;
        *comma = '\0';
        p = comma + 1;
    }
}

static int truth_open(truth_file *t, const char *path)
{
    memset(t, 0, sizeof *t);
    t->path = path;
    t->f = fopen(path, "r");
    if (!t->f)
        return nash_fail("%s: %s (set --truth or NASH_BENCHMARKS)", path, strerror(errno));
    if (getline(&t->line, &t->cap, t->f) < 0)
        return nash_fail("%s: empty file, expected a header line", path);
    t->line_no = 1;
    char *fields[MAX_FIELDS];
    t->n_fields = split_fields(t->line, fields);
    if (t->n_fields < 0)
        return nash_fail("%s:1: more than %d columns", path, MAX_FIELDS);
    int *cols[3 + 2 * N_DATASETS];
    char names[3 + 2 * N_DATASETS][32];
    int k = 0;
    cols[k] = &t->col_index, snprintf(names[k++], 32, "index");
    cols[k] = &t->col_arch, snprintf(names[k++], 32, "arch");
    cols[k] = &t->col_ops, snprintf(names[k++], 32, "ops");
    for (int d = 0; d < N_DATASETS; d++) {
        cols[k] = &t->col_params[d], snprintf(names[k++], 32, "params_%s", datasets[d].name);
        cols[k] = &t->col_flops[d], snprintf(names[k++], 32, "flops_%s", datasets[d].name);
    }
    for (int c = 0; c < k; c++) {
        *cols[c] = -1;
        for (int i = 0; i < t->n_fields; i++)
            if (strcmp(fields[i], names[c]) == 0)
                *cols[c] = i;
        if (*cols[c] < 0)
            return nash_fail("%s:1: no column '%s' in the header", path, names[c]);
    }
    return 0;
}

static void truth_close(truth_file *t)
{
    if (t->f)
        fclose(t->f);
    free(t->line);
}

static int parse_double(const truth_file *t, char **fields, int col, double *v)
{
    char *end = NULL;
    errno = 0;
    *v = strtod(fields[col], &end);
    if (errno || end == fields[col] || *end)
        return nash_fail("%s:%ld: field %d '%s' is not a number", t->path, t->line_no, col + 1,
                         fields[col]);
    return 0;
}

/* The next row: 1, 0 at the end of the file, -1 on a malformed row. */
static int truth_next(truth_file *t, truth_row *row)
{
    if (getline(&t->line, &t->cap, t->f) < 0)
        return 0;
    t->line_no++;
    char *fields[MAX_FIELDS];
    int n = split_fields(t->line, fields);
    if (n != t->n_fields)
        return nash_fail("%s:%ld: %d fields, the header has %d", t->path, t->line_no, n,
                         t->n_fields);
    char *end = NULL;
    errno = 0;
    row->index = strtoll(fields[t->col_index], &end, 10);
    if (errno || end == fields[t->col_index] || *end)
        return nash_fail("%s:%ld: index '%s' is not an integer", t->path, t->line_no,
                         fields[t->col_index]);
    if (strlen(fields[t->col_arch]) >= sizeof row->arch ||
        strlen(fields[t->col_ops]) >= sizeof row->ops)
        return nash_fail("%s:%ld: arch or ops field too long", t->path, t->line_no);
    strcpy(row->arch, fields[t->col_arch]);
    strcpy(row->ops, fields[t->col_ops]);
    for (int d = 0; d < N_DATASETS; d++)
        if (parse_double(t, fields, t->col_params[d], &row->params[d]) != 0 ||
            parse_double(t, fields, t->col_flops[d], &row->flops[d]) != 0)
            return -1;
    return 1;
}

#define SHOWN_MISMATCHES 10

typedef struct check_tally {
    int64_t rows, networks;
    int64_t index_bad, ops_bad, params_bad, flops_bad, build_bad;
    int shown;
    text_buf shown_json; /* the first mismatches, for --json */
    int json;
} check_tally;

static void mismatch(check_tally *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void mismatch(check_tally *t, const char *fmt, ...)
{
    if (t->shown >= SHOWN_MISMATCHES)
        return;
    char msg[2 * NASH_SPACE_ARCH_MAX + 256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (t->json) {
        tb_printf(&t->shown_json, "%s", t->shown ? "," : "");
        tb_json_string(&t->shown_json, msg);
    } else {
        printf("mismatch: %s\n", msg);
    }
    t->shown++;
}

/* Every check of one truth row: strings, indices, op codes, and per dataset the
 * built network's #params and FLOPs. */
static void check_row(const nash_space *nb, const truth_row *row, const int *use, check_tally *t)
{
    char arch[NASH_SPACE_ARCH_MAX] = "";
    int64_t index = -1;
    if (nash_space_from_index(nb, row->index, arch, sizeof arch) != 0 ||
        strcmp(arch, row->arch) != 0) {
        t->index_bad++;
        mismatch(t, "index %" PRId64 ": from_index gives %s, the file has %s", row->index,
                 arch[0] ? arch : nash_last_error(), row->arch);
    }
    if (nash_space_to_index(nb, row->arch, &index) != 0) {
        t->index_bad++;
        mismatch(t, "index %" PRId64 ": to_index fails: %s", row->index, nash_last_error());
    } else if (index != row->index) {
        t->index_bad++;
        mismatch(t, "%s: to_index gives %" PRId64 ", the file has %" PRId64, row->arch, index,
                 row->index);
    }
    int ops[NASH_NB201_EDGES];
    char digits[NASH_NB201_EDGES + 1] = "";
    if (nash_nb201_ops(row->arch, ops) == 0)
        for (int e = 0; e < NASH_NB201_EDGES; e++)
            digits[e] = (char)('0' + ops[e]);
    if (strcmp(digits, row->ops) != 0) {
        t->ops_bad++;
        mismatch(t, "index %" PRId64 ": op codes %s, the file has %s", row->index,
                 digits[0] ? digits : nash_last_error(), row->ops);
    }
    for (int d = 0; d < N_DATASETS; d++) {
        if (!use[d])
            continue;
        const space_dataset *ds = &datasets[d];
        nash_net *net = nash_space_build(nb, row->arch, 3, ds->hw, ds->hw, ds->classes);
        t->networks++;
        if (!net) {
            t->build_bad++;
            mismatch(t, "index %" PRId64 " %s: build failed: %s", row->index, ds->name,
                     nash_last_error());
            continue;
        }
        int64_t params = nash_net_param_numel(net), flops = nash_nb201_flops(net);
        nash_net_free(net);
        /* the file rounds to 6 (params) and 5 (FLOPs) decimals of millions */
        if (!(fabs(params / 1e6 - row->params[d]) < 5e-7)) {
            t->params_bad++;
            mismatch(t, "index %" PRId64 " %s: %" PRId64 " parameters built, the file has %.6f M",
                     row->index, ds->name, params, row->params[d]);
        }
        if (!(fabs(flops / 1e6 - row->flops[d]) < 5e-6)) {
            t->flops_bad++;
            mismatch(t, "index %" PRId64 " %s: %" PRId64 " FLOPs built, the file has %.5f M",
                     row->index, ds->name, flops, row->flops[d]);
        }
    }
}

static int space_check(const nash_space *s, const char *truth, const char *dataset, int limit,
                       int json)
{
    if (strcmp(nash_space_name(s), "nb201") != 0)
        return cli_error("space check: only nb201 has ground truth (NAS-Bench-201); "
                         "use `nash space check nb201`");
    int use[N_DATASETS] = {0};
    if (strcmp(dataset, "all") == 0) {
        for (int d = 0; d < N_DATASETS; d++)
            use[d] = 1;
    } else {
        int d = find_dataset(dataset);
        if (d < 0)
            return cli_error(nash_last_error());
        use[d] = 1;
    }
    char default_path[4096];
    int truth_default = truth == NULL;
    if (!truth) {
        const char *dir = getenv("NASH_BENCHMARKS");
        snprintf(default_path, sizeof default_path, "%s/nb201_accuracy.csv",
                 dir && dir[0] ? dir : "../shared/benchmarks");
        truth = default_path;
    }
    truth_file tf;
    if (truth_open(&tf, truth) != 0) {
        truth_close(&tf);
        return cli_error(nash_last_error());
    }
    check_tally t = {.json = json};
    double start = nash_now();
    truth_row row;
    int rc = 0;
    while ((limit <= 0 || t.rows < limit) && (rc = truth_next(&tf, &row)) == 1) {
        check_row(s, &row, use, &t);
        t.rows++;
    }
    truth_close(&tf);
    if (rc < 0) {
        tb_free(&t.shown_json);
        return cli_error(nash_last_error());
    }
    double seconds = nash_now() - start;
    int64_t bad = t.index_bad + t.ops_bad + t.params_bad + t.flops_bad + t.build_bad;
    if (json) {
        text_buf b = {0};
        tb_printf(&b, "{\"space\":\"nb201\",\"truth\":");
        tb_json_string(&b, truth);
        tb_printf(&b, ",\"datasets\":[");
        for (int d = 0, first = 1; d < N_DATASETS; d++)
            if (use[d]) {
                tb_printf(&b, "%s\"%s\"", first ? "" : ",", datasets[d].name);
                first = 0;
            }
        tb_printf(&b,
                  "],\"cells\":%" PRId64 ",\"networks\":%" PRId64 ",\"mismatches\":%" PRId64
                  ",\"index_mismatches\":%" PRId64 ",\"ops_mismatches\":%" PRId64
                  ",\"params_mismatches\":%" PRId64 ",\"flops_mismatches\":%" PRId64
                  ",\"build_failures\":%" PRId64 ",\"seconds\":%.3f,\"first_mismatches\":[%s]}\n",
                  t.rows, t.networks, bad, t.index_bad, t.ops_bad, t.params_bad, t.flops_bad,
                  t.build_bad, seconds, t.shown_json.data ? t.shown_json.data : "");
        print_json(&b);
    } else {
        printf("truth: %s%s\n", truth, truth_default ? " (default)" : "");
        printf("checked %" PRId64 " cells, %" PRId64 " networks built in %.2f s: "
               "%" PRId64 " mismatches (index %" PRId64 ", ops %" PRId64 ", params %" PRId64
               ", FLOPs %" PRId64 ", build %" PRId64 ")\n",
               t.rows, t.networks, seconds, bad, t.index_bad, t.ops_bad, t.params_bad, t.flops_bad,
               t.build_bad);
    }
    tb_free(&t.shown_json);
    if (bad) {
        char msg[128];
        snprintf(msg, sizeof msg, "space check: %" PRId64 " mismatches against %s", bad,
                 truth_default ? "the default truth file" : "the truth file");
        return cli_error(msg);
    }
    return 0;
}

/* ------------------------------------------------------------------------- */

static void usage(FILE *f)
{
    fprintf(f, "usage: nash space list [--json]\n"
               "       nash space show SPACE ARCH|INDEX [--dataset cifar10|cifar100|imagenet16] "
               "[--json]\n"
               "       nash space sample SPACE [--n N] [--seed S] [--json]\n"
               "       nash space check nb201 [--truth FILE] [--dataset all|cifar10|cifar100|"
               "imagenet16] [--limit N] [--json]\n\n"
               "Spaces and their string grammars: nas/nb201.c, nas/nasa_space.c.\n"
               "check builds every cell of the truth file (default $NASH_BENCHMARKS/"
               "nb201_accuracy.csv,\nelse ../shared/benchmarks/nb201_accuracy.csv) and compares "
               "#params, FLOPs, string <-> index.\n");
}

int cmd_space(int argc, char **argv)
{
    int help = 0, json = 0, n = 10, seed = 0, limit = 0;
    const char *dataset = NULL, *truth = NULL;
    cli_option opts[] = {
        {"--dataset", CLI_STRING, &dataset,
         "show: cifar10 (default), cifar100, imagenet16; check: all (default) or one"},
        {"--n", CLI_INT, &n, "sample: how many candidates"},
        {"--seed", CLI_INT, &seed, "sample: RNG seed"},
        {"--truth", CLI_STRING, &truth, "check: the NAS-Bench-201 table"},
        {"--limit", CLI_INT, &limit, "check: only the first N rows (0 = all)"},
        {"--json", CLI_FLAG, &json, "one JSON object on stdout"},
        {"--help", CLI_FLAG, &help, "this text"},
        {0}};
    const char *pos[3];
    int np = 0;
    if (cli_parse(argc, argv, 1, opts, pos, 3, &np) != 0)
        return cli_error(nash_last_error());
    if (help || np == 0) {
        usage(stdout);
        cli_print_options(stdout, opts);
        return help ? 0 : 2;
    }
    const char *verb = pos[0];
    if (strcmp(verb, "list") == 0) {
        if (np != 1)
            return cli_error("usage: nash space list [--json]");
        return space_list(json);
    }
    int want = strcmp(verb, "show") == 0 ? 3 : 2;
    if ((strcmp(verb, "show") != 0 && strcmp(verb, "sample") != 0 && strcmp(verb, "check") != 0))
        return cli_error("space: unknown action (list, show, sample, check); see nash space --help");
    if (np != want) {
        usage(stderr);
        return cli_error(want == 3 ? "space show needs SPACE and ARCH"
                                   : "space sample/check needs SPACE");
    }
    const nash_space *s = nash_space_find(pos[1]);
    if (!s)
        return cli_error(nash_last_error());
    if (strcmp(verb, "show") == 0)
        return space_show(s, pos[2], dataset ? dataset : "cifar10", json);
    if (strcmp(verb, "sample") == 0)
        return space_sample(s, n, seed, json);
    return space_check(s, truth, dataset ? dataset : "all", limit, json);
}
