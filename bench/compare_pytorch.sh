#!/bin/sh
# compare_pytorch.sh — nash vs PyTorch training and inference speed on ResNet-20, in one run.
#
# Owns: the comparison issue 4 asks for. One after the other, on the same
# machine with the same thread count (OMP_NUM_THREADS, torch.set_num_threads,
# nash --threads), on random CIFAR-shaped data:
#   1. PyTorch ResNet-20 conv (bench/pytorch_resnet20.py --model conv):
#      channels_last, glibc malloc tuned as in research/cpu-perf-anchors.md §3
#      (MALLOC_MMAP_MAX_=0, MALLOC_TRIM_THRESHOLD_=64 GiB: freed memory stays in
#      the heap, so steps after warm-up do not page-fault), SGD momentum 0.9,
#      weight decay 5e-4;
#   2. nash: build/nash bench train --arch resnet20-conv;
#   3. PyTorch AdderNet ResNet-20 in the reference formulation of the note §4
#      (unfold + cdist forward, broadcast custom backward; checked against naive
#      loops before it is timed). A step takes seconds, so it gets its own,
#      smaller step count (ADDER_STEPS after ADDER_WARMUP) and its own batch
#      (ADDER_BATCH, default 32): its broadcast backward materialises
#      (K, C·k², N·H·W) tensors, and with the tuned malloc keeping freed memory
#      the process peaked at 4.4 GB RSS at batch 32 and passed 12.7 GB at batch
#      128 (measured on this machine; the run was stopped before it ended).
#      The note measured ≈21 img/s at batch 16 and ≈18 img/s at batch 128, so
#      img/s depends little on the batch; the batch used is printed;
#   4. nash: build/nash bench train --arch resnet20-adder.
# Prints a table (train and inference img/s, median with min-max, and the
# ratios nash/PyTorch) and, as the last line of stdout, one JSON object with
# all the numbers; with OUT=file the JSON object is also written there.
# Speed is measured here, never asserted in tests.
#
# usage: bench/compare_pytorch.sh [THREADS=2] [BATCH=128] [STEPS=20]
# environment: ADDER_BATCH (default 32, or BATCH if smaller), ADDER_STEPS (3),
#   ADDER_WARMUP (1), OUT (also write the JSON there), NASH (use this nash binary instead of
#   building build/nash with make), OMP_WAIT_POLICY (passed through to both).
# python3-torch (Debian) is installed here if missing; it is never needed by
# the build or the tests. Run it on an idle machine: other jobs on the cores
# change both sides' figures, PyTorch's usually more (it allocates per step).
set -eu
THREADS=${1:-2}
BATCH=${2:-128}
STEPS=${3:-20}
if [ -z "${ADDER_BATCH:-}" ]; then
    ADDER_BATCH=32
    case $BATCH in '' | *[!0-9]*) ;; *) [ "$BATCH" -lt 32 ] && ADDER_BATCH=$BATCH ;; esac
fi
ADDER_STEPS=${ADDER_STEPS:-3}
ADDER_WARMUP=${ADDER_WARMUP:-1}
WARMUP=3
cd "$(dirname "$0")/.."

for v in "THREADS=$THREADS" "BATCH=$BATCH" "STEPS=$STEPS" "ADDER_BATCH=$ADDER_BATCH" \
         "ADDER_STEPS=$ADDER_STEPS" "ADDER_WARMUP=$ADDER_WARMUP"; do
    case ${v#*=} in
        '' | *[!0-9]*)
            echo "nash: error: $v: expected a non-negative integer" >&2
            exit 2 ;;
    esac
done
if [ "$THREADS" -lt 1 ] || [ "$BATCH" -lt 1 ] || [ "$STEPS" -lt 1 ] || [ "$ADDER_BATCH" -lt 1 ] ||
   [ "$ADDER_STEPS" -lt 1 ]; then
    echo "nash: error: THREADS, BATCH, STEPS, ADDER_BATCH and ADDER_STEPS must be >= 1" >&2
    exit 2
fi

# The PyTorch adder reference needs about 0.14 GB per image of batch (4.4 GB RSS measured at
# batch 32); refuse a batch that would push the machine into the OOM killer.
AVAIL_MB=$(awk '/^MemAvailable:/ {print int($2 / 1024)}' /proc/meminfo 2>/dev/null || echo 0)
NEED_MB=$((140 * ADDER_BATCH + 500))
if [ "${AVAIL_MB:-0}" -gt 0 ] && [ "$NEED_MB" -gt "$AVAIL_MB" ]; then
    echo "nash: error: the PyTorch AdderNet reference at ADDER_BATCH=$ADDER_BATCH needs about" \
         "$NEED_MB MB, MemAvailable is $AVAIL_MB MB; set ADDER_BATCH lower" >&2
    exit 1
fi

. "$(dirname "$0")/torch_python.sh" # sets PY (installs python3-torch if missing)
if [ -n "${NASH:-}" ]; then
    [ -x "$NASH" ] || { echo "nash: error: NASH=$NASH is not an executable" >&2; exit 1; }
else
    make -s build/nash
    NASH=build/nash
fi

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export OMP_NUM_THREADS="$THREADS"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

# run NAME CMD...: stdout -> $W/NAME.json, stderr -> $W/NAME.log; on failure show the log.
run() {
    name=$1
    shift
    echo "running $name ..." >&2
    if ! "$@" > "$W/$name.json" 2> "$W/$name.log"; then
        tail -n 20 "$W/$name.log" >&2
        echo "nash: error: $name failed: $*" >&2
        exit 1
    fi
}
torch_run() {
    MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736 "$PY" bench/pytorch_resnet20.py \
        --threads "$THREADS" "$@"
}

run torch_conv torch_run --model conv --batch "$BATCH" --steps "$STEPS" --warmup "$WARMUP"
run nash_conv "$NASH" bench train --arch resnet20-conv --batch "$BATCH" --threads "$THREADS" \
    --steps "$STEPS" --warmup "$WARMUP" --json
run torch_adder torch_run --model adder --batch "$ADDER_BATCH" --steps "$ADDER_STEPS" \
    --warmup "$ADDER_WARMUP"
run nash_adder "$NASH" bench train --arch resnet20-adder --batch "$BATCH" --threads "$THREADS" \
    --steps "$STEPS" --warmup "$WARMUP" --json
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

"$PY" - "$W" "$THREADS" "$LOAD_BEFORE" "$LOAD_AFTER" "${OUT:-}" <<'EOF'
import json, os, sys
w, threads, load_before, load_after, out = sys.argv[1], int(sys.argv[2]), *sys.argv[3:6]

def last_json(name):
    lines = [l for l in open(os.path.join(w, name + ".json")) if l.strip()]
    return json.loads(lines[-1])

def nash_side(j):
    # nash prints the median and the step-time range; img/s range follows from it
    b = j["batch"]
    return {"framework": "nash", "batch": b, "threads": j["threads"], "steps": j["steps"],
            "train_img_s": j["train_img_s"], "train_img_s_min": b / (j["train_step_ms_max"] / 1e3),
            "train_img_s_max": b / (j["train_step_ms_min"] / 1e3), "train_step_ms": j["train_step_ms"],
            "infer_img_s": j["infer_img_s"], "infer_ms": j["infer_ms"],
            "page_faults_per_step": j["page_faults_per_step"]}

result = {"bench": "compare_pytorch", "threads": threads, "load_avg_before": load_before,
          "load_avg_after": load_after, "models": {}}
rows = []
for model in ("conv", "adder"):
    t, n = last_json("torch_" + model), nash_side(last_json("nash_" + model))
    for k in ("last_loss",):
        t.pop(k, None)
    entry = {"pytorch": t, "nash": n,
             "train_ratio": n["train_img_s"] / t["train_img_s"],
             "infer_ratio": n["infer_img_s"] / t["infer_img_s"]}
    result["models"]["resnet20-" + model] = entry
    rows.append((model, t, n, entry))

print()
print("ResNet-20 on CIFAR shapes, random data, %d thread(s); PyTorch %s channels_last, malloc tuned"
      % (threads, rows[0][1]["torch"]))
print("load average before %s, after %s (2 cores: anything above ~0 means the figures are contended)"
      % (load_before, load_after))
print("%-7s %-8s %6s %6s %22s %11s" % ("model", "side", "batch", "steps", "train img/s [min-max]",
                                        "infer img/s"))
for model, t, n, e in rows:
    for name, s in (("pytorch", t), ("nash", n)):
        print("%-7s %-8s %6d %6d %8.1f [%6.1f-%6.1f] %11.1f" % (
            model, name, s["batch"], s["steps"], s["train_img_s"], s["train_img_s_min"],
            s["train_img_s_max"], s["infer_img_s"]))
    print("%-7s %-8s %6s %6s %21.2fx %10.2fx" % (model, "nash/pt", "", "", e["train_ratio"],
                                                  e["infer_ratio"]))
line = json.dumps(result)
if out:
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        f.write(line + "\n")
    os.replace(tmp, out)
print(line)
EOF
