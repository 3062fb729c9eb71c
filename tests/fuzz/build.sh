#!/bin/sh
# build.sh — builds every libFuzzer harness of tests/fuzz/ into build-fuzz/.
#
# Owns: the fuzz build only (the Makefile builds nash and the Criterion suite).
# The library sources are compiled once with AddressSanitizer +
# UndefinedBehaviorSanitizer and -fsanitize=fuzzer-no-link (coverage
# instrumentation without libFuzzer's main), then each harness
# tests/fuzz/fuzz_<name>.c is linked with -fsanitize=fuzzer into
# build-fuzz/fuzz_<name>. Needs clang and libclang-rt-14-dev (Debian).
#
# Usage: tests/fuzz/build.sh [OUT_DIR]     (run from anywhere; default build-fuzz
#        at the repository root). CC=clang-14 picks the compiler.
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/build-fuzz}
CC=${CC:-clang}
command -v "$CC" >/dev/null 2>&1 || { echo "nash: error: fuzz build needs clang (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }
cd "$ROOT"
mkdir -p "$OUT/obj"

SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CFLAGS="-std=gnu11 -g -O1 -march=native -fopenmp=libgomp -fno-strict-aliasing \
 -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Wshadow -Wformat=2 \
 -Wno-unknown-warning-option \
 -Iruntime -Ikernels -Idatasets -Inas -Iaccel -Itools"

# The kernels (kernels/*.c: convolution, GEMM, ... — no file parsing) are compiled
# without sanitizers or coverage: the AVX2 intrinsics files take minutes under ASan,
# and coverage of arithmetic loops would only distract the fuzzer.
# The library (as the Makefile's LIB_SRC) plus the three tools/ files the CLI harness
# needs. tools/nash.c (main) and the subcommands are left out.
LIB_SRC="$(ls kernels/*.c runtime/*.c datasets/*.c nas/*.c accel/*.c) tools/cli.c tools/mpi_group.c tools/report_files.c"

# Compile objects whose source (or any header) is newer than the object; two at a time.
newest_header=$(ls -t runtime/*.h kernels/*.h datasets/*.h nas/*.h accel/*.h tools/*.h | head -n 1)
for src in $LIB_SRC; do
    obj="$OUT/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')"
    if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ "$newest_header" -nt "$obj" ]; then
        echo "$src $obj"
    fi
done | xargs -r -P 2 -n 2 sh -c "
    case \"\$0\" in
        kernels/*) flags=\"$CFLAGS\" ;;   # not parsers: no instrumentation (and 10x faster to build)
        *) flags=\"$CFLAGS $SAN -fsanitize=fuzzer-no-link\" ;;
    esac
    $CC \$flags -c \"\$0\" -o \"\$1\" || exit 255"

OBJS=""
for src in $LIB_SRC; do
    OBJS="$OBJS $OUT/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')"
done

for h in tests/fuzz/fuzz_*.c; do
    [ -f "$h" ] || continue
    name=$(basename "$h" .c)
    echo "fuzz build: $OUT/$name"
    # shellcheck disable=SC2086
    $CC $CFLAGS $SAN -fsanitize=fuzzer "$h" $OBJS -o "$OUT/$name" -ldnnl -lm -lpthread
done
