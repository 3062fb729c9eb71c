/*
 * test_proxies_cli.c — `nash proxies` run in-process (cmd_proxies from
 * build/libnashcli.a) with data-free proxies, so no images are needed: the
 * CSV and its protocol file, a torn last line cut and redone on --resume with
 * the same values, refusals (existing output without --resume, a different
 * proxy list on resume, unknown proxy or space), and --archs from a file.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "nash_nas.h"

static char dir[64];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/nash-proxies-XXXXXX");
    cr_assert(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

static int run(const char *const *args)
{
    char *argv[32];
    int argc = 0;
    argv[argc++] = "proxies";
    for (; args[argc - 1]; argc++)
        argv[argc] = (char *)args[argc - 1];
    argv[argc] = NULL;
    fflush(stdout);
    return cmd_proxies(argc, argv);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert(f, "cannot open %s", path);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    return strdup(buf);
}

static int lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

TestSuite(proxies_cli, .init = setup, .fini = teardown);

Test(proxies_cli, writes_csv_and_protocol_and_resumes_a_torn_line)
{
    char out[128], proto[140];
    snprintf(out, sizeof out, "%s/p.csv", dir);
    snprintf(proto, sizeof proto, "%s.json", out);
    const char *args[] = {"--space", "nb201", "--proxy", "params,flops,synflow,nn_degree",
                          "--archs", "6", "--seed", "3", "--threads", "1", "--quiet", "--out",
                          out, NULL};
    cr_assert_eq(run(args), 0, "%s", nash_last_error());
    char *first = slurp(out);
    cr_assert_eq(lines(first), 7, "header + 6 rows expected:\n%s", first);
    cr_assert(strncmp(first, "index,arch,params,flops,synflow,nn_degree\n", 42) == 0, "%s", first);
    cr_assert(strstr(first, ",\"|"), "arch field must be quoted:\n%s", first);
    char *p = slurp(proto);
    cr_assert(strstr(p, "\"seed\": 3") && strstr(p, "higher = better"), "%s", p);
    free(p);

    /* tear the last row in half, as a kill during the append would */
    size_t len = strlen(first);
    cr_assert_eq(truncate(out, (off_t)(len - 12)), 0);
    cr_assert_eq(run(args), 1, "an existing output without --resume must be refused");
    const char *resume[] = {"--space", "nb201", "--proxy", "params,flops,synflow,nn_degree",
                            "--archs", "6", "--seed", "3", "--threads", "1", "--quiet", "--out",
                            out, "--resume", NULL};
    cr_assert_eq(run(resume), 0, "%s", nash_last_error());
    char *again = slurp(out);
    cr_assert_str_eq(again, first, "resumed file differs from the uninterrupted one");

    /* a different proxy list cannot continue this file */
    const char *other[] = {"--space", "nb201", "--proxy", "params", "--archs", "6", "--seed", "3",
                           "--quiet", "--out", out, "--resume", NULL};
    cr_assert_eq(run(other), 1);
    free(first);
    free(again);
}

Test(proxies_cli, archs_from_a_file_and_bad_arguments)
{
    char list[128], out[128];
    snprintf(list, sizeof list, "%s/archs.txt", dir);
    snprintf(out, sizeof out, "%s/f.csv", dir);
    FILE *f = fopen(list, "w");
    cr_assert(f);
    fprintf(f, "# the ResNet cell by index, then a string\n11472\n"
               "|nor_conv_1x1~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|\n");
    fclose(f);
    const char *args[] = {"--space", "nb201", "--proxy", "params", "--archs", list, "--quiet",
                          "--out", out, NULL};
    cr_assert_eq(run(args), 0, "%s", nash_last_error());
    char *csv = slurp(out);
    cr_assert_eq(lines(csv), 3, "%s", csv);
    /* ResNet cell: 72656 + 650 + 2 * 243040 = 559386 parameters */
    cr_assert(strstr(csv, "11472,\"|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|"
                          "skip_connect~2|\",0.559386\n"),
              "%s", csv);
    free(csv);

    const char *bad_proxy[] = {"--proxy", "synflw", "--archs", "2", "--quiet", "--out", out, NULL};
    cr_assert_eq(run(bad_proxy), 1);
    cr_assert(strstr(nash_last_error(), "synflw"), "%s", nash_last_error());
    const char *bad_space[] = {"--space", "nb101", "--archs", "2", "--quiet", "--out", out, NULL};
    cr_assert_eq(run(bad_space), 1);
    f = fopen(list, "w");
    fprintf(f, "|nor_conv_3x3~0|+|bogus~0|\n");
    fclose(f);
    char out2[140];
    snprintf(out2, sizeof out2, "%s/g.csv", dir);
    const char *bad_file[] = {"--proxy", "params", "--archs", list, "--quiet", "--out", out2, NULL};
    cr_assert_eq(run(bad_file), 1);
    cr_assert(strstr(nash_last_error(), "line 1") && strstr(nash_last_error(), "bogus"), "%s",
              nash_last_error());
}

Test(proxies_cli, correlate_rank_vote_of_two_columns)
{
    char csv[128], out[140];
    snprintf(csv, sizeof csv, "%s/s.csv", dir);
    snprintf(out, sizeof out, "%s/s-out", dir);
    FILE *f = fopen(csv, "w");
    cr_assert(f);
    /* a ranks perfectly, b reversed on the top half, c is missing on one row */
    fprintf(f, "index,arch,test_acc,a,b,c\n");
    for (int i = 0; i < 10; i++)
        fprintf(f, "%d,\"x%d\",%d,%d,%d,%s\n", i, i, i, i, i < 5 ? i : 14 - i,
                i == 3 ? "" : "1");
    fclose(f);
    char *argv[] = {"correlate", csv,    "--target", "test_acc", "--vote", "a,b",
                    "--out",     out,    "--bootstrap", "0",     "--json", NULL};
    fflush(stdout);
    cr_assert_eq(cmd_correlate(11, argv), 0, "%s", nash_last_error());
    char path[200];
    snprintf(path, sizeof path, "%s/correlations.csv", out);
    char *table = slurp(path);
    cr_assert(strstr(table, "vote(a+b),10,0,"), "%s", table);
    free(table);
    char *bad[] = {"correlate", csv, "--target", "test_acc", "--vote", "a,zz", "--out", out, NULL};
    cr_assert_eq(cmd_correlate(8, bad), 1);
    cr_assert(strstr(nash_last_error(), "'zz'"), "%s", nash_last_error());
}

/* --truth-where: a truth table with one row per (dataset, index), as the
 * NASLib subset file, joins only the rows holding the value; without it the
 * repeated index is refused with a hint. */
Test(proxies_cli, correlate_truth_where_selects_the_rows_of_one_dataset)
{
    char csv[128], truth[128], out[140], path[200];
    snprintf(csv, sizeof csv, "%s/s.csv", dir);
    snprintf(truth, sizeof truth, "%s/t.csv", dir);
    snprintf(out, sizeof out, "%s/s-out", dir);
    FILE *f = fopen(csv, "w"), *t = fopen(truth, "w");
    cr_assert(f && t);
    fprintf(f, "index,arch,a\n");
    fprintf(t, "dataset,index,acc\n");
    for (int i = 0; i < 6; i++) {
        fprintf(f, "%d,\"x%d\",%d\n", i, i, i);
        fprintf(t, "up,%d,%d\ndown,%d,%d\n", i, i, i, 10 - i);
    }
    fclose(f);
    fclose(t);
    const char *expect[2][2] = {{"up", "a,6,0,1.000000,,,1.000000,"},
                                {"down", "a,6,0,-1.000000,,,-1.000000,"}};
    for (int k = 0; k < 2; k++) {
        char where[32];
        snprintf(where, sizeof where, "dataset=%s", expect[k][0]);
        char *argv[] = {"correlate", csv,   "--truth", truth, "--truth-where", where, "--target",
                        "acc",       "--out", out,     "--bootstrap", "0",   NULL};
        fflush(stdout);
        cr_assert_eq(cmd_correlate(12, argv), 0, "%s", nash_last_error());
        snprintf(path, sizeof path, "%s/correlations.csv", out);
        char *table = slurp(path);
        cr_assert(strstr(table, expect[k][1]), "%s: %s", where, table);
        free(table);
    }
    char *plain[] = {"correlate", csv, "--truth", truth, "--target", "acc", "--out", out, NULL};
    cr_assert_eq(cmd_correlate(8, plain), 1);
    cr_assert(strstr(nash_last_error(), "appears again") &&
                  strstr(nash_last_error(), "--truth-where"),
              "%s", nash_last_error());
    char *bad[] = {"correlate", csv, "--truth", truth, "--truth-where", "dataset", "--target",
                   "acc", "--out", out, NULL};
    cr_assert_eq(cmd_correlate(10, bad), 1);
    cr_assert(strstr(nash_last_error(), "COLUMN=VALUE"), "%s", nash_last_error());
}

Test(proxies_cli, nwot_batch_out_of_range_is_refused)
{
    char out[128];
    snprintf(out, sizeof out, "%s/n.csv", dir);
    const char *args[] = {"--space", "nb201", "--proxy", "params", "--archs", "2", "--nwot-batch",
                          "1", "--quiet", "--out", out, NULL};
    cr_assert_eq(run(args), 1); /* the message goes to stderr (cli_error) */
    cr_assert_eq(access(out, F_OK), -1, "nothing may be written on a refused command");
}
