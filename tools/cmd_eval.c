/*
 * cmd_eval.c — `nash eval --checkpoint F [--dataset D] [--data DIR]`.
 *
 * Owns: evaluating a checkpoint on a test split: top-1, top-5, per-class
 * accuracy and the confusion matrix, as a table, as --json, and as CSV files
 * (--out DIR: per_class.csv, confusion.csv). The network is rebuilt from the
 * arch string and normalisation stored in the checkpoint.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "nash_datasets.h"
#include "nash_nas.h"
#include "report_files.h"

static int loader_source(void *user, float *images, int32_t *labels)
{
    return nash_loader_next(user, images, labels);
}

/* Re-estimates every BN's statistics from `batches` augmented training
 * batches (seed 1), the network in training mode. */
static int bn_recalibrate(nash_net *net, nash_data_kind kind, const char *dir, int batch,
                          int batches, const float mean[3], const float std[3], int quiet)
{
    nash_dataset train;
    memset(&train, 0, sizeof train);
    if (nash_dataset_load(&train, kind, dir, "train", 0) != 0)
        return nash_fail_context("--bn-recal needs the training split");
    nash_loader_config lc = {.batch = batch, .shuffle = 1, .augment = 1, .drop_last = 1,
                             .seed = 1};
    memcpy(lc.mean, mean, sizeof lc.mean);
    memcpy(lc.std, std, sizeof lc.std);
    nash_loader *ld = nash_loader_create(&train, &lc);
    int done = -1;
    if (ld) {
        nash_loader_start_epoch(ld, 0);
        done = nash_bn_recalibrate(net, loader_source, ld, batches);
        nash_loader_free(ld);
    }
    nash_dataset_free(&train);
    if (done > 0 && !quiet)
        fprintf(stderr, "nash: BN statistics re-estimated from %d training batches of %d\n", done,
                batch);
    return done > 0 ? 0 : -1;
}

int cmd_eval(int argc, char **argv)
{
    int help = 0, json = 0, batch = 256, threads = 0, strict = 0, bn_recal = 0;
    const char *ckpt = NULL, *dataset = NULL, *data = NULL, *out = NULL, *split = "test";
    const char *kernel = NULL;
    cli_option opts[] = {
        {"--checkpoint", CLI_STRING, &ckpt, "a .safetensors checkpoint written by nash train"},
        {"--dataset", CLI_STRING, &dataset, "dataset (default: the checkpoint's)"},
        {"--data", CLI_STRING, &data, "data directory (same rules as train)"},
        {"--split", CLI_STRING, &split, "test or train"},
        {"--batch", CLI_INT, &batch, "batch size"},
        {"--threads", CLI_INT, &threads, "OpenMP threads (0: all cores)"},
        {"--kernel", CLI_STRING, &kernel, "force a kernel variant: ref, omp, onednn, avx2 (default: fastest per op)"},
        {"--out", CLI_STRING, &out, "write per_class.csv and confusion.csv here"},
        {"--strict", CLI_FLAG, &strict, "undecodable images are an error"},
        {"--bn-recal", CLI_INT, &bn_recal, "first re-estimate BN statistics from N augmented training batches"},
        {"--json", CLI_FLAG, &json, "one JSON object on stdout"},
        {"--help", CLI_FLAG, &help, "this text"},
        {0}};
    if (cli_parse(argc, argv, 1, opts, NULL, 0, NULL) != 0)
        return cli_error(nash_last_error());
    if (help || !ckpt) {
        printf("usage: nash eval --checkpoint F [--dataset D] [--data DIR] [--out DIR] [--json]\n");
        cli_print_options(stdout, opts);
        return help ? 0 : 2;
    }
    nash_set_threads(threads);
    if (kernel)
        nash_kernel_force(kernel);
    nash_ckpt_info info;
    if (nash_checkpoint_read_info(ckpt, &info) != 0)
        return cli_error(nash_last_error());
    if (!dataset)
        dataset = info.dataset;
    nash_arch arch;
    if (nash_arch_parse(info.arch, &arch) != 0)
        return cli_error(nash_last_error());
    int kind = nash_data_kind_parse(dataset);
    if (kind < 0)
        return cli_error(nash_last_error());
    nash_data_kind dk = (nash_data_kind)kind;
    char dir[4096];
    const char *how;
    if (nash_data_dir_resolve(data, dataset, dir, sizeof dir, &how, &dk) != 0)
        return cli_error(nash_last_error());
    nash_dataset ds;
    memset(&ds, 0, sizeof ds);
    if (nash_dataset_load(&ds, dk, dir, split, strict) != 0)
        return cli_error(nash_last_error());
    int rc = 1;
    nash_loader *ld = NULL;
    int64_t *confusion = NULL;
    nash_net *net = nash_arch_build(&arch, 3, ds.h, ds.w, ds.classes);
    if (!net || nash_net_set_fusion(net, 1) != 0 || nash_net_compile(net, batch) != 0)
        goto out;
    if (nash_checkpoint_load(ckpt, net, NULL, &info) != 0)
        goto out;
    if (bn_recal < 0) {
        nash_fail("--bn-recal %d: expected 0 (off) or a number of batches", bn_recal);
        goto out;
    }
    if (bn_recal > 0 && bn_recalibrate(net, dk, dir, batch, bn_recal, info.mean, info.std, json) != 0)
        goto out;
    nash_loader_config lc = {.batch = batch};
    memcpy(lc.mean, info.mean, sizeof lc.mean);
    memcpy(lc.std, info.std, sizeof lc.std);
    ld = nash_loader_create(&ds, &lc);
    int k = nash_net_node_shape(net, nash_net_node_count(net) - 1).c;
    confusion = calloc((size_t)k * k, sizeof *confusion);
    if (!ld || !confusion)
        goto out;
    nash_loader_start_epoch(ld, 0);
    nash_progress pg = {.label = "eval", .epoch = 1, .epochs = 1,
                        .batches = nash_loader_batches(ld), .quiet = json};
    nash_epoch_result res;
    if (nash_eval_epoch(net, loader_source, ld, confusion, &pg, &res) != 0)
        goto out;
    if (out) {
        mkdir(out, 0777);
        text_buf pc = {0}, cm = {0};
        tb_printf(&pc, "class,name,images,correct,accuracy\n");
        tb_printf(&cm, "true\\predicted");
        for (int j = 0; j < k; j++)
            tb_printf(&cm, ",%d", j);
        tb_printf(&cm, "\n");
        for (int i = 0; i < k; i++) {
            int64_t total = 0;
            tb_printf(&cm, "%d", i);
            for (int j = 0; j < k; j++) {
                total += confusion[(int64_t)i * k + j];
                tb_printf(&cm, ",%lld", (long long)confusion[(int64_t)i * k + j]);
            }
            tb_printf(&cm, "\n");
            int64_t hit = confusion[(int64_t)i * k + i];
            tb_printf(&pc, "%d,%s,%lld,%lld,%.4f\n", i,
                      ds.class_names && i < ds.classes ? ds.class_names[i] : "", (long long)total,
                      (long long)hit, total ? 100.0 * hit / total : 0.0);
        }
        char path[4200];
        snprintf(path, sizeof path, "%s/per_class.csv", out);
        if (tb_write_atomic(&pc, path) != 0) {
            tb_free(&cm);
            goto out;
        }
        snprintf(path, sizeof path, "%s/confusion.csv", out);
        if (tb_write_atomic(&cm, path) != 0)
            goto out;
    }
    if (json) {
        printf("{\"checkpoint\":\"%s\",\"arch\":\"%s\",\"dataset\":\"%s\",\"images\":%lld,"
               "\"top1\":%.4f,\"top5\":%.4f,\"loss\":%.6f,\"per_class\":[",
               ckpt, info.arch, dataset, (long long)res.images, res.acc, res.top5, res.loss);
        for (int i = 0; i < k; i++) {
            int64_t total = 0;
            for (int j = 0; j < k; j++)
                total += confusion[(int64_t)i * k + j];
            printf("%s%.4f", i ? "," : "", total ? 100.0 * confusion[(int64_t)i * k + i] / total : 0.0);
        }
        printf("]}\n");
    } else {
        printf("checkpoint %s (arch %s, epoch %d)\n", ckpt, info.arch, info.epoch);
        printf("data       %s %s split, %lld images (%s: %s)\n", dataset, split,
               (long long)res.images, how, dir);
        printf("top-1      %.2f %%\ntop-5      %.2f %%\nloss       %.4f\n\n", res.acc, res.top5,
               res.loss);
        printf("%-6s %-16s %8s\n", "class", "name", "top-1 %");
        for (int i = 0; i < k && i < 200; i++) {
            int64_t total = 0;
            for (int j = 0; j < k; j++)
                total += confusion[(int64_t)i * k + j];
            printf("%-6d %-16s %8.2f\n", i,
                   ds.class_names && i < ds.classes ? ds.class_names[i] : "",
                   total ? 100.0 * confusion[(int64_t)i * k + i] / total : 0.0);
        }
    }
    rc = 0;
out:
    if (rc)
        cli_error(nash_last_error());
    free(confusion);
    nash_loader_free(ld);
    nash_net_free(net);
    nash_dataset_free(&ds);
    return rc;
}
