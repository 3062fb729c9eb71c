#!/bin/sh
# run.sh — runs every libFuzzer harness of build-fuzz/ for SECONDS each.
#
# Owns: the fuzzing campaign (CI runs `tests/fuzz/run.sh 30`). Each harness
# starts from a copy of its committed seeds tests/fuzz/corpus/<name>/ plus
# tests/fuzz/regressions/<name>/ in a scratch directory, so new inputs never
# land in the repository; a crash, leak, timeout or out-of-memory input is
# written to the scratch directory and its path printed. Prints one line per
# harness: seconds, executions, crashes; exits 1 if any harness crashed.
#
# Usage: tests/fuzz/run.sh SECONDS [HARNESS...]
#   FUZZ_BUILD=dir   where build.sh put the binaries (default build-fuzz)
#   FUZZ_WORK=dir    scratch directory (default a fresh mktemp -d)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SECONDS_EACH=${1:?usage: tests/fuzz/run.sh SECONDS [HARNESS...]}
shift
BUILD=${FUZZ_BUILD:-$ROOT/build-fuzz}
WORK=${FUZZ_WORK:-$(mktemp -d /tmp/nash-fuzz-run.XXXXXX)}
mkdir -p "$WORK"
HARNESSES=${*:-cifar image_folder safetensors arch accel_config cli}

# Largest input per harness: room for a few CIFAR records or small images, a
# small checkpoint, long architecture strings; small enough to stay fast.
max_len() {
    case "$1" in
        cifar) echo 9300 ;;          # 1 mode byte + 3 CIFAR-100 records
        image_folder) echo 8192 ;;
        safetensors) echo 8192 ;;
        arch) echo 2049 ;;
        accel_config) echo 4096 ;;
        cli) echo 1024 ;;
        *) echo 4096 ;;
    esac
}

export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=0
printf '%-14s %8s %12s %8s\n' harness seconds executions crashes
for name in $HARNESSES; do
    bin="$BUILD/fuzz_$name"
    if [ ! -x "$bin" ]; then
        echo "nash: error: $bin missing (run tests/fuzz/build.sh first)" >&2
        failed=1
        continue
    fi
    corpus="$WORK/$name/corpus"
    artifacts="$WORK/$name/artifacts/"
    mkdir -p "$corpus" "$artifacts"
    for seeds in "$ROOT/tests/fuzz/corpus/$name" "$ROOT/tests/fuzz/regressions/$name"; do
        [ -d "$seeds" ] && cp -R "$seeds/." "$corpus/" 2>/dev/null
    done
    log="$WORK/$name/fuzz.log"
    start=$(date +%s)
    "$bin" "$corpus" -max_total_time="$SECONDS_EACH" -max_len="$(max_len "$name")" \
        -rss_limit_mb=2048 -timeout=60 -print_final_stats=1 -artifact_prefix="$artifacts" \
        >"$log" 2>&1
    status=$?
    elapsed=$(( $(date +%s) - start ))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    # crash-, leak-, timeout-, oom- files (slow-unit- files are reported by libFuzzer, not failures)
    crashes=$(find "$artifacts" -type f ! -name 'slow-unit-*' | wc -l)
    printf '%-14s %8s %12s %8s\n' "$name" "$elapsed" "${execs:-?}" "$crashes"
    if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ]; then
        failed=1
        echo "  $name: exit status $status; log $log" >&2
        find "$artifacts" -type f ! -name 'slow-unit-*' | sed 's/^/  reproducer: /' >&2
        grep -m 3 -E 'ERROR: |SUMMARY: |runtime error' "$log" | sed 's/^/  /' >&2
    fi
done
echo "fuzz work directory: $WORK"
exit $failed
