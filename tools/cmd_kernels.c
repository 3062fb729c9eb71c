/*
 * cmd_kernels.c — `nash kernels [--json]` and `nash version`.
 *
 * Owns: reporting which CPU features nash sees, every kernel variant of every
 * op family, whether it is usable here, and which one each family picks (for
 * conv/adder on a reference shape: ResNet-20's 16->16 3x3 32x32 layer).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "nash_runtime.h"

#ifndef NASH_VERSION
#define NASH_VERSION "0.1.0"
#endif

int cmd_version(int argc, char **argv)
{
    int help = 0;
    cli_option opts[] = {{"--help", CLI_FLAG, &help, "this text"}, {NULL}};
    if (cli_parse(argc, argv, 1, opts, NULL, 0, NULL) != 0)
        return cli_error(nash_last_error());
    printf("nash %s (built %s %s, gcc %s)\n", NASH_VERSION, __DATE__, __TIME__, __VERSION__);
    return 0;
}

typedef struct family_row {
    const char *family;
    const char *names[8];
    unsigned isa[8];
    const char *why_not[8];
    const char *picked;
} family_row;

#define FILL_ROW(row, table, WHY)                                                  \
    do {                                                                           \
        int k_ = 0;                                                                \
        for (; (table)[k_] && k_ < 8; k_++) {                                      \
            (row).names[k_] = (table)[k_]->name;                                   \
            (row).isa[k_] = (table)[k_]->isa;                                      \
            const __typeof__(*(table)[k_]) *impl = (table)[k_];                    \
            (row).why_not[k_] = (WHY);                                             \
        }                                                                          \
    } while (0)

int cmd_kernels(int argc, char **argv)
{
    int help = 0, json = 0;
    cli_option opts[] = {{"--json", CLI_FLAG, &json, "one JSON object on stdout"},
                         {"--help", CLI_FLAG, &help, "this text"},
                         {NULL}};
    if (cli_parse(argc, argv, 1, opts, NULL, 0, NULL) != 0)
        return cli_error(nash_last_error());
    if (help) {
        printf("usage: nash kernels [--json]\n");
        cli_print_options(stdout, opts);
        return 0;
    }
    nash_conv_desc d;
    (void)nash_conv_desc_init(&d, 64, 16, 32, 32, 16, 3, 3, 1, 1, 1);
    family_row rows[7];
    memset(rows, 0, sizeof rows);
    rows[0].family = "conv";
    FILL_ROW(rows[0], nash_conv_impls, impl->unsupported(&d));
    rows[0].picked = nash_conv_pick(&d)->name;
    rows[1].family = "adder";
    FILL_ROW(rows[1], nash_adder_impls, impl->unsupported(&d));
    rows[1].picked = nash_adder_pick(&d)->name;
    rows[2].family = "shift";
    FILL_ROW(rows[2], nash_shift_impls, ((void)impl, (const char *)NULL));
    rows[2].picked = nash_shift_pick()->name;
    rows[3].family = "gemm";
    FILL_ROW(rows[3], nash_gemm_impls, ((void)impl, (const char *)NULL));
    rows[3].picked = nash_gemm_pick()->name;
    rows[4].family = "batchnorm";
    FILL_ROW(rows[4], nash_bn_impls, ((void)impl, (const char *)NULL));
    rows[4].picked = nash_bn_pick()->name;
    rows[5].family = "pool";
    FILL_ROW(rows[5], nash_pool_impls, ((void)impl, (const char *)NULL));
    rows[5].picked = nash_pool_pick()->name;
    rows[6].family = "eltwise";
    FILL_ROW(rows[6], nash_eltwise_impls, ((void)impl, (const char *)NULL));
    rows[6].picked = nash_eltwise_pick()->name;

    unsigned isa = nash_cpu_isa();
    const char *forced = nash_kernel_forced();
    if (json) {
        printf("{\"isa\":{\"avx2\":%s,\"avx512\":%s,\"avx512_vnni\":%s},\"forced\":",
               isa & NASH_ISA_AVX2 ? "true" : "false", isa & NASH_ISA_AVX512 ? "true" : "false",
               isa & NASH_ISA_AVX512_VNNI ? "true" : "false");
        if (forced)
            printf("\"%s\"", forced);
        else
            printf("null");
        printf(",\"threads\":%d,\"families\":[", nash_get_threads());
        for (int r = 0; r < 7; r++) {
            printf("%s{\"family\":\"%s\",\"picked\":\"%s\",\"variants\":[", r ? "," : "",
                   rows[r].family, rows[r].picked);
            for (int k = 0; k < 8 && rows[r].names[k]; k++)
                printf("%s{\"name\":\"%s\",\"usable\":%s}", k ? "," : "", rows[r].names[k],
                       nash_isa_has(rows[r].isa[k]) && !rows[r].why_not[k] ? "true" : "false");
            printf("]}");
        }
        printf("]}\n");
        return 0;
    }
    printf("CPU features: avx2=%s avx512=%s avx512_vnni=%s   threads=%d   forced=%s\n",
           isa & NASH_ISA_AVX2 ? "yes" : "no", isa & NASH_ISA_AVX512 ? "yes" : "no",
           isa & NASH_ISA_AVX512_VNNI ? "yes" : "no", nash_get_threads(), forced ? forced : "-");
    printf("(conv/adder choice shown for n64 16->16 3x3 32x32)\n\n");
    printf("%-10s %-8s %s\n", "family", "picked", "variants (fastest first)");
    for (int r = 0; r < 7; r++) {
        printf("%-10s %-8s", rows[r].family, rows[r].picked);
        for (int k = 0; k < 8 && rows[r].names[k]; k++) {
            const char *state = !nash_isa_has(rows[r].isa[k]) ? " [no ISA]"
                                : rows[r].why_not[k]          ? " [declines]"
                                                              : "";
            printf(" %s%s", rows[r].names[k], state);
        }
        printf("\n");
    }
    return 0;
}
