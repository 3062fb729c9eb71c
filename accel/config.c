/*
 * config.c — accelerator configurations: the defaults, the `eyeriss` and
 * `nasa-f` presets, the `key = value` text format and its errors, and the
 * area estimate.
 *
 * Owns: every constant of the template (research/nash-nasa-hybrid-ops.md
 * §6.1, from NASA-F's chip_predictor.py get_OPs_HW_metric) and where it came
 * from. Does not own: what the constants mean to the model (cost_model.c).
 *
 * TEXT FORMAT — one setting per line, `#` starts a comment, blank lines are
 * ignored, later lines override earlier ones:
 *
 *     # my accelerator: NASA-F's template with a larger buffer
 *     preset = nasa-f            # optional, first setting only: start from a preset
 *     gb_words = 262140
 *     dataflow_conv = ws         # rs | is | ws | os | auto
 *     e_mult_8 = 0.213
 *
 * Keys (range in brackets):
 *   pe_budget [1, 1e6]             area-equivalent PEs (a multiplier PE = 1)
 *   cheap_pe_factor [1, 100]       a shift / adder PE is this many times cheaper
 *   pes_conv, pes_shift, pes_adder [0, 1e6]  PEs per chunk; all 0 = FLOPs-proportional
 *   single_array [0, 1]            1: one array runs every layer (no chunks)
 *   rf_ifmap_words, rf_weight_words, rf_psum_words [1, 1e6]   per-PE scratch pads
 *   gb_words [1, 1e12]             global buffer words
 *   freq_mhz [1e-3, 1e5]
 *   bits_conv, bits_shift, bits_adder   6 | 8 | 16 | 32
 *   dataflow (all chunks), dataflow_conv, dataflow_shift, dataflow_adder   rs|is|ws|os|auto
 *   objective                      edp | latency
 *   energy_mode                    per-op | nasaf-mult
 *   pool_as_conv [0, 1]            charge pooling like a dense k x k conv
 *   e_mult_B, e_add_B, e_shift_B [0, 1e6]   pJ per op at B = 32, 16, 8, 6 bits
 *   e_dram, e_gb, e_noc, e_rf [0, 1e6]      pJ per 16-bit word
 *   area_pe_mm2, area_gb_mm2_per_kword [0, 1e6]
 *
 * Errors: "my.cfg:7: unknown key 'pe' (keys: preset, pe_budget, ...)",
 * "my.cfg:3: gb_words: '12k' is not an integer", "my.cfg:4: bits_conv: 7 is
 * not one of 6, 8, 16, 32", "my.cfg:2: pe_budget: 0 out of range [1, 1000000]".
 *
 * AREA ESTIMATE (not in NASA-F's code; documented here so it is not mistaken
 * for a measured figure): Eyeriss' core is 12.25 mm^2 in 65 nm with 168 PEs
 * and a 108 KB GB (Chen et al., JSSC 2017). We split it as 7.65 mm^2 for the
 * PEs with their register files (0.0455 mm^2 each) and 4.6 mm^2 for the GB
 * (0.0832 mm^2 per 1024 16-bit words), and charge a shift / adder PE
 * 1 / cheap_pe_factor of a multiplier PE. Both numbers are config keys.
 */
#include "accel.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "nash_kernels.h"

const char *const nash_accel_chunk_names[NASH_ACCEL_CHUNK_COUNT] = {"conv", "shift", "adder"};
const char *const nash_accel_dataflow_names[NASH_ACCEL_DATAFLOW_COUNT + 1] = {"rs", "is", "ws",
                                                                              "os", "auto"};
const char *const nash_accel_objective_names[NASH_ACCEL_OBJ_COUNT] = {"edp", "latency"};
const char *const nash_accel_energy_mode_names[NASH_ACCEL_ENERGY_MODE_COUNT] = {"per-op",
                                                                               "nasaf-mult"};
const int nash_accel_bit_rows[NASH_ACCEL_N_BITS] = {32, 16, 8, 6};

_Static_assert(sizeof nash_accel_chunk_names / sizeof *nash_accel_chunk_names ==
                   NASH_ACCEL_CHUNK_COUNT, "chunk names");
_Static_assert(sizeof nash_accel_dataflow_names / sizeof *nash_accel_dataflow_names ==
                   NASH_ACCEL_DATAFLOW_COUNT + 1, "dataflow names");

int nash_accel_bit_row(int bits)
{
    for (int i = 0; i < NASH_ACCEL_N_BITS; i++)
        if (nash_accel_bit_rows[i] == bits)
            return i;
    return -1;
}

/* ------------------------------------------------------------------------- */
/* Presets                                                                    */

/* Unit energies of chip_predictor.py get_OPs_HW_metric (pJ per op). The
 * 32-bit row is the common 45 nm table (FP32 mult 3.7, add 0.9). */
static const double nasaf_e_op[NASH_ACCEL_N_BITS][NASH_ACCEL_OP_COUNT] = {
    /*        mult   add    shift */
    /* 32 */ {3.7, 0.9, 0.13},
    /* 16 */ {1.0, 0.03, 0.103},
    /*  8 */ {0.2, 0.03, 0.024},
    /*  6 */ {0.2, 0.022, 0.018},
};

/* NASA-F's template. The code's RF limits are strict (C0*S < 48, M0*C0*S <
 * 112); ours are <=, so the RF sizes are one less. Its GB test is footprint <
 * 131070 - memory; we keep the GB at 131,070 words with <= (one word more). */
static void preset_nasaf(nash_accel_config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "nasa-f");
    c->pe_budget = 168;
    c->cheap_pe_factor = 1.88;
    c->single_array = 0;
    c->rf_ifmap_words = 47;
    c->rf_weight_words = 111;
    c->rf_psum_words = 16;
    c->gb_words = 131070;
    c->freq_mhz = 250.0;
    c->bits[NASH_ACCEL_CHUNK_CONV] = 8;
    c->bits[NASH_ACCEL_CHUNK_SHIFT] = 6;
    c->bits[NASH_ACCEL_CHUNK_ADDER] = 6;
    for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++)
        c->dataflow[k] = NASH_ACCEL_RS; /* the shipped loops evaluate RS only */
    c->objective = NASH_ACCEL_OBJ_EDP;
    c->energy_mode = NASH_ACCEL_ENERGY_PER_OP;
    c->pool_as_conv = 0;
    memcpy(c->e_op, nasaf_e_op, sizeof c->e_op);
    c->e_dram = 200.0;
    c->e_gb = 6.0;
    c->e_noc = 2.0;
    c->e_rf = 1.0;
    c->area_pe_mm2 = 0.0455;
    c->area_gb_mm2_per_kword = 0.0832;
}

/* Eyeriss (Chen et al., ISCA 2016 / JSSC 2017): 168 PEs (12 x 14), row
 * stationary, 16-bit fixed point, per-PE scratch pads of 12 ifmap, 224
 * filter and 24 psum words, a 108 KB GB (55,296 16-bit words), 200 MHz. One
 * array runs every layer. */
static void preset_eyeriss(nash_accel_config *c)
{
    preset_nasaf(c);
    snprintf(c->name, sizeof c->name, "eyeriss");
    c->single_array = 1;
    c->rf_ifmap_words = 12;
    c->rf_weight_words = 224;
    c->rf_psum_words = 24;
    c->gb_words = 108 * 1024 / 2;
    c->freq_mhz = 200.0;
    for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++) {
        c->bits[k] = 16;
        c->dataflow[k] = NASH_ACCEL_RS;
    }
}

void nash_accel_config_default(nash_accel_config *c)
{
    preset_nasaf(c);
    snprintf(c->name, sizeof c->name, "default");
    for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++)
        c->dataflow[k] = NASH_ACCEL_AUTO;
}

int nash_accel_config_preset(const char *name, nash_accel_config *c)
{
    if (strcmp(name, "nasa-f") == 0)
        preset_nasaf(c);
    else if (strcmp(name, "eyeriss") == 0)
        preset_eyeriss(c);
    else if (strcmp(name, "default") == 0)
        nash_accel_config_default(c);
    else
        return nash_fail("unknown accelerator preset '%s' (eyeriss, nasa-f, default)", name);
    return 0;
}

/* ------------------------------------------------------------------------- */
/* Keys                                                                       */

typedef enum key_type { K_INT, K_I64, K_DOUBLE, K_BITS, K_DATAFLOW, K_DATAFLOW_ALL, K_OBJECTIVE,
                        K_ENERGY_MODE } key_type;

typedef struct key_def {
    const char *name;
    key_type type;
    size_t offset;
    double lo, hi; /* numeric range */
} key_def;

#define OFF(field) offsetof(nash_accel_config, field)
#define EOP(row, col) (OFF(e_op) + ((size_t)(row) * NASH_ACCEL_OP_COUNT + (col)) * sizeof(double))

static const key_def keys[] = {
    {"pe_budget", K_INT, OFF(pe_budget), 1, 1e6},
    {"cheap_pe_factor", K_DOUBLE, OFF(cheap_pe_factor), 1, 100},
    {"pes_conv", K_INT, OFF(chunk_pes[NASH_ACCEL_CHUNK_CONV]), 0, 1e6},
    {"pes_shift", K_INT, OFF(chunk_pes[NASH_ACCEL_CHUNK_SHIFT]), 0, 1e6},
    {"pes_adder", K_INT, OFF(chunk_pes[NASH_ACCEL_CHUNK_ADDER]), 0, 1e6},
    {"single_array", K_INT, OFF(single_array), 0, 1},
    {"rf_ifmap_words", K_INT, OFF(rf_ifmap_words), 1, 1e6},
    {"rf_weight_words", K_INT, OFF(rf_weight_words), 1, 1e6},
    {"rf_psum_words", K_INT, OFF(rf_psum_words), 1, 1e6},
    {"gb_words", K_I64, OFF(gb_words), 1, 1e12},
    {"freq_mhz", K_DOUBLE, OFF(freq_mhz), 1e-3, 1e5},
    {"bits_conv", K_BITS, OFF(bits[NASH_ACCEL_CHUNK_CONV]), 0, 0},
    {"bits_shift", K_BITS, OFF(bits[NASH_ACCEL_CHUNK_SHIFT]), 0, 0},
    {"bits_adder", K_BITS, OFF(bits[NASH_ACCEL_CHUNK_ADDER]), 0, 0},
    {"dataflow", K_DATAFLOW_ALL, OFF(dataflow), 0, 0},
    {"dataflow_conv", K_DATAFLOW, OFF(dataflow[NASH_ACCEL_CHUNK_CONV]), 0, 0},
    {"dataflow_shift", K_DATAFLOW, OFF(dataflow[NASH_ACCEL_CHUNK_SHIFT]), 0, 0},
    {"dataflow_adder", K_DATAFLOW, OFF(dataflow[NASH_ACCEL_CHUNK_ADDER]), 0, 0},
    {"objective", K_OBJECTIVE, OFF(objective), 0, 0},
    {"energy_mode", K_ENERGY_MODE, OFF(energy_mode), 0, 0},
    {"pool_as_conv", K_INT, OFF(pool_as_conv), 0, 1},
    {"e_mult_32", K_DOUBLE, EOP(0, NASH_ACCEL_OP_MULT), 0, 1e6},
    {"e_add_32", K_DOUBLE, EOP(0, NASH_ACCEL_OP_ADD), 0, 1e6},
    {"e_shift_32", K_DOUBLE, EOP(0, NASH_ACCEL_OP_SHIFT), 0, 1e6},
    {"e_mult_16", K_DOUBLE, EOP(1, NASH_ACCEL_OP_MULT), 0, 1e6},
    {"e_add_16", K_DOUBLE, EOP(1, NASH_ACCEL_OP_ADD), 0, 1e6},
    {"e_shift_16", K_DOUBLE, EOP(1, NASH_ACCEL_OP_SHIFT), 0, 1e6},
    {"e_mult_8", K_DOUBLE, EOP(2, NASH_ACCEL_OP_MULT), 0, 1e6},
    {"e_add_8", K_DOUBLE, EOP(2, NASH_ACCEL_OP_ADD), 0, 1e6},
    {"e_shift_8", K_DOUBLE, EOP(2, NASH_ACCEL_OP_SHIFT), 0, 1e6},
    {"e_mult_6", K_DOUBLE, EOP(3, NASH_ACCEL_OP_MULT), 0, 1e6},
    {"e_add_6", K_DOUBLE, EOP(3, NASH_ACCEL_OP_ADD), 0, 1e6},
    {"e_shift_6", K_DOUBLE, EOP(3, NASH_ACCEL_OP_SHIFT), 0, 1e6},
    {"e_dram", K_DOUBLE, OFF(e_dram), 0, 1e6},
    {"e_gb", K_DOUBLE, OFF(e_gb), 0, 1e6},
    {"e_noc", K_DOUBLE, OFF(e_noc), 0, 1e6},
    {"e_rf", K_DOUBLE, OFF(e_rf), 0, 1e6},
    {"area_pe_mm2", K_DOUBLE, OFF(area_pe_mm2), 0, 1e6},
    {"area_gb_mm2_per_kword", K_DOUBLE, OFF(area_gb_mm2_per_kword), 0, 1e6},
};
#define N_KEYS ((int)(sizeof keys / sizeof keys[0]))

static int name_index(const char *const *names, int n, const char *value)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], value) == 0)
            return i;
    return -1;
}

static void key_list(char *buf, size_t size)
{
    size_t len = (size_t)snprintf(buf, size, "preset");
    for (int i = 0; i < N_KEYS && len < size; i++)
        len += (size_t)snprintf(buf + len, size - len, ", %s", keys[i].name);
}

/* Sets one key from its text value. `where` is "file:line". */
static int set_key(nash_accel_config *c, const key_def *k, const char *value, const char *where)
{
    char *base = (char *)c;
    char *end = NULL;
    errno = 0;
    switch (k->type) {
    case K_INT:
    case K_I64:
    case K_BITS: {
        long long v = strtoll(value, &end, 10);
        if (errno || end == value || *end)
            return nash_fail("%s: %s: '%s' is not an integer", where, k->name, value);
        if (k->type == K_BITS) {
            if (nash_accel_bit_row((int)v) < 0 || v != (int)v)
                return nash_fail("%s: %s: %lld is not one of 6, 8, 16, 32", where, k->name, v);
            *(int *)(base + k->offset) = (int)v;
            return 0;
        }
        if ((double)v < k->lo || (double)v > k->hi)
            return nash_fail("%s: %s: %lld out of range [%.0f, %.0f]", where, k->name, v, k->lo,
                             k->hi);
        if (k->type == K_INT)
            *(int *)(base + k->offset) = (int)v;
        else
            *(int64_t *)(base + k->offset) = (int64_t)v;
        return 0;
    }
    case K_DOUBLE: {
        double v = strtod(value, &end);
        if (errno || end == value || *end || !isfinite(v))
            return nash_fail("%s: %s: '%s' is not a number", where, k->name, value);
        if (v < k->lo || v > k->hi)
            return nash_fail("%s: %s: %g out of range [%g, %g]", where, k->name, v, k->lo, k->hi);
        *(double *)(base + k->offset) = v;
        return 0;
    }
    case K_DATAFLOW:
    case K_DATAFLOW_ALL: {
        int d = name_index(nash_accel_dataflow_names, NASH_ACCEL_DATAFLOW_COUNT + 1, value);
        if (d < 0)
            return nash_fail("%s: %s: unknown dataflow '%s' (rs, is, ws, os, auto)", where,
                             k->name, value);
        if (k->type == K_DATAFLOW)
            *(nash_accel_dataflow *)(base + k->offset) = (nash_accel_dataflow)d;
        else
            for (int i = 0; i < NASH_ACCEL_CHUNK_COUNT; i++)
                c->dataflow[i] = (nash_accel_dataflow)d;
        return 0;
    }
    case K_OBJECTIVE: {
        int o = name_index(nash_accel_objective_names, NASH_ACCEL_OBJ_COUNT, value);
        if (o < 0)
            return nash_fail("%s: %s: unknown objective '%s' (edp, latency)", where, k->name,
                             value);
        c->objective = (nash_accel_objective)o;
        return 0;
    }
    case K_ENERGY_MODE: {
        int e = name_index(nash_accel_energy_mode_names, NASH_ACCEL_ENERGY_MODE_COUNT, value);
        if (e < 0)
            return nash_fail("%s: %s: unknown energy mode '%s' (per-op, nasaf-mult)", where,
                             k->name, value);
        c->energy_mode = (nash_accel_energy_mode)e;
        return 0;
    }
    }
    return nash_fail("%s: %s: internal error (key type)", where, k->name);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

int nash_accel_config_parse(const char *text, const char *name, nash_accel_config *c)
{
    int line_no = 0, settings = 0;
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        line_no++;
        char line[512];
        char where[300];
        snprintf(where, sizeof where, "%s:%d", name, line_no);
        if (len >= sizeof line)
            return nash_fail("%s: line longer than %zu characters", where, sizeof line - 1);
        memcpy(line, p, len);
        line[len] = '\0';
        p = nl ? nl + 1 : p + len;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *s = trim(line);
        if (*s == '\0')
            continue;
        char *eq = strchr(s, '=');
        if (!eq)
            return nash_fail("%s: expected 'key = value', found '%s'", where, s);
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        if (*key == '\0')
            return nash_fail("%s: missing key before '='", where);
        if (*value == '\0')
            return nash_fail("%s: %s: missing value after '='", where, key);
        if (strcmp(key, "preset") == 0) {
            if (settings > 0)
                return nash_fail("%s: 'preset' must be the first setting (it resets the others)",
                                 where);
            if (nash_accel_config_preset(value, c) != 0)
                return nash_fail("%s: unknown accelerator preset '%s' (eyeriss, nasa-f, default)",
                                 where, value);
            settings++;
            continue;
        }
        const key_def *k = NULL;
        for (int i = 0; i < N_KEYS; i++)
            if (strcmp(keys[i].name, key) == 0)
                k = &keys[i];
        if (!k) {
            char list[1024];
            key_list(list, sizeof list);
            return nash_fail("%s: unknown key '%s' (keys: %s)", where, key, list);
        }
        if (set_key(c, k, value, where) != 0)
            return -1;
        settings++;
    }
    snprintf(c->name, sizeof c->name, "%s", name);
    if (nash_accel_config_check(c) != 0)
        return nash_fail("%s: %s", name, nash_last_error());
    return 0;
}

int nash_accel_config_load(const char *path, nash_accel_config *c)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return nash_fail("cannot open accelerator config '%s': %s", path, strerror(errno));
    size_t cap = 4096, len = 0;
    char *text = malloc(cap);
    if (!text) {
        fclose(f);
        return nash_fail("%s: out of memory", path);
    }
    size_t got;
    while ((got = fread(text + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len + 1 == cap) {
            if (cap > ((size_t)1 << 24)) {
                free(text);
                fclose(f);
                return nash_fail("%s: larger than 16 MB, not an accelerator config", path);
            }
            char *grown = realloc(text, cap * 2);
            if (!grown) {
                free(text);
                fclose(f);
                return nash_fail("%s: out of memory", path);
            }
            text = grown;
            cap *= 2;
        }
    }
    int read_error = ferror(f);
    fclose(f);
    if (read_error) {
        free(text);
        return nash_fail("%s: read error", path);
    }
    text[len] = '\0';
    if (memchr(text, '\0', len)) {
        free(text);
        return nash_fail("%s: contains NUL bytes, not a text config", path);
    }
    nash_accel_config_default(c);
    int rc = nash_accel_config_parse(text, path, c);
    free(text);
    return rc;
}

int nash_accel_config_resolve(const char *preset_or_path, nash_accel_config *c)
{
    if (strcmp(preset_or_path, "eyeriss") == 0 || strcmp(preset_or_path, "nasa-f") == 0 ||
        strcmp(preset_or_path, "default") == 0)
        return nash_accel_config_preset(preset_or_path, c);
    return nash_accel_config_load(preset_or_path, c);
}

int nash_accel_config_check(const nash_accel_config *c)
{
    if (c->pe_budget < 1)
        return nash_fail("pe_budget %d must be >= 1", c->pe_budget);
    if (!(c->cheap_pe_factor >= 1.0))
        return nash_fail("cheap_pe_factor %g must be >= 1", c->cheap_pe_factor);
    if (c->rf_ifmap_words < 1 || c->rf_weight_words < 1 || c->rf_psum_words < 1)
        return nash_fail("register files must hold >= 1 word (ifmap %d, weight %d, psum %d)",
                         c->rf_ifmap_words, c->rf_weight_words, c->rf_psum_words);
    if (c->gb_words < 1)
        return nash_fail("gb_words %lld must be >= 1", (long long)c->gb_words);
    if (!(c->freq_mhz > 0))
        return nash_fail("freq_mhz %g must be > 0", c->freq_mhz);
    for (int k = 0; k < NASH_ACCEL_CHUNK_COUNT; k++) {
        if (nash_accel_bit_row(c->bits[k]) < 0)
            return nash_fail("bits_%s %d is not one of 6, 8, 16, 32", nash_accel_chunk_names[k],
                             c->bits[k]);
        if ((int)c->dataflow[k] < 0 || c->dataflow[k] > NASH_ACCEL_AUTO)
            return nash_fail("dataflow_%s: bad value %d", nash_accel_chunk_names[k],
                             (int)c->dataflow[k]);
        if (c->chunk_pes[k] < 0)
            return nash_fail("pes_%s %d must be >= 0", nash_accel_chunk_names[k], c->chunk_pes[k]);
    }
    /* The search's M2/M3 shortcut and its bound assume non-negative costs. */
    const double mem[4] = {c->e_dram, c->e_gb, c->e_noc, c->e_rf};
    for (int i = 0; i < 4; i++)
        if (!(mem[i] >= 0 && isfinite(mem[i])))
            return nash_fail("memory unit energies must be finite and >= 0 (dram %g, gb %g, noc %g, "
                             "rf %g pJ)", c->e_dram, c->e_gb, c->e_noc, c->e_rf);
    for (int b = 0; b < NASH_ACCEL_N_BITS; b++)
        for (int o = 0; o < NASH_ACCEL_OP_COUNT; o++)
            if (!(c->e_op[b][o] >= 0 && isfinite(c->e_op[b][o])))
                return nash_fail("unit energy of op %d at %d bits is %g; must be finite and >= 0", o,
                                 nash_accel_bit_rows[b], c->e_op[b][o]);
    if ((int)c->objective < 0 || c->objective >= NASH_ACCEL_OBJ_COUNT)
        return nash_fail("objective: bad value %d", (int)c->objective);
    if ((int)c->energy_mode < 0 || c->energy_mode >= NASH_ACCEL_ENERGY_MODE_COUNT)
        return nash_fail("energy_mode: bad value %d", (int)c->energy_mode);
    return 0;
}

void nash_accel_config_write(const nash_accel_config *c, FILE *f)
{
    fprintf(f, "# accelerator config '%s' (nash accel; keys in accel/config.c)\n", c->name);
    for (int i = 0; i < N_KEYS; i++) {
        const key_def *k = &keys[i];
        const char *base = (const char *)c;
        switch (k->type) {
        case K_INT:
        case K_BITS:
            fprintf(f, "%s = %d\n", k->name, *(const int *)(base + k->offset));
            break;
        case K_I64:
            fprintf(f, "%s = %lld\n", k->name, (long long)*(const int64_t *)(base + k->offset));
            break;
        case K_DOUBLE:
            fprintf(f, "%s = %.17g\n", k->name, *(const double *)(base + k->offset));
            break;
        case K_DATAFLOW:
            fprintf(f, "%s = %s\n", k->name,
                    nash_accel_dataflow_names[*(const nash_accel_dataflow *)(base + k->offset)]);
            break;
        case K_DATAFLOW_ALL: /* written per chunk */
            break;
        case K_OBJECTIVE:
            fprintf(f, "%s = %s\n", k->name, nash_accel_objective_names[c->objective]);
            break;
        case K_ENERGY_MODE:
            fprintf(f, "%s = %s\n", k->name, nash_accel_energy_mode_names[c->energy_mode]);
            break;
        }
    }
}

double nash_accel_area_mm2(const nash_accel_config *c, const int pes[NASH_ACCEL_CHUNK_COUNT])
{
    double pe_units = pes[NASH_ACCEL_CHUNK_CONV];
    if (!c->single_array)
        pe_units += (pes[NASH_ACCEL_CHUNK_SHIFT] + pes[NASH_ACCEL_CHUNK_ADDER]) / c->cheap_pe_factor;
    return pe_units * c->area_pe_mm2 + (double)c->gb_words / 1024.0 * c->area_gb_mm2_per_kword;
}
