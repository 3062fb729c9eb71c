#!/bin/sh
# pytorch_proxies.sh — nash vs PyTorch on the same zero-shot proxies, in one run.
#
# Owns: the speed comparison issue 5 asks for. Samples N NAS-Bench-201 cells
# (seeded), scores them with {synflow, nwot, snip} in nash (`nash proxies`) and
# in plain PyTorch (bench/pytorch_proxies.py, the same definitions and batch
# sizes), one after the other on the same machine with the same thread count,
# and prints seconds per cell of both, the ratio, the extrapolated time for
# all 15,625 cells, and Spearman rho between the two implementations' scores
# per proxy (different random inits, so rho, not equality, is the check).
#
# usage: bench/pytorch_proxies.sh [N=50] [THREADS=1] [SEED=1] [NWOT_BATCH=128]
# NWOT_BATCH 128 is Mellor et al.'s NASWOT batch; 64 (= the snip batch, as
# NASLib's zero-cost benchmark runs every proxy) lets nash score NASWOT on
# snip's forward pass. Both sides then use the same 64 images for both.
# python3-torch (Debian) is installed here if missing; it is never needed by
# the build or the tests.
set -eu
N=${1:-50}
THREADS=${2:-1}
SEED=${3:-1}
NWOT_BATCH=${4:-128}
cd "$(dirname "$0")/.."

. "$(dirname "$0")/torch_python.sh" # sets PY (installs python3-torch if missing)
make -s build/nash

DATA=${NASH_DATA:-../shared/datasets}
BIN="$DATA/cifar-10-batches-bin-PARTIAL/data_batch_1.bin"
[ -f "$BIN" ] || BIN="$DATA/cifar-10-batches-bin/data_batch_1.bin"
if [ ! -f "$BIN" ]; then
    echo "nash: error: no CIFAR-10 binary batch under $DATA (expected cifar-10-batches-bin*/data_batch_1.bin)" >&2
    exit 1
fi

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
build/nash space sample nb201 --n "$N" --seed "$SEED" | cut -f2 > "$W/archs.txt"

export OMP_NUM_THREADS="$THREADS" OMP_WAIT_POLICY=passive
build/nash proxies --space nb201 --dataset cifar10 --data "$DATA" --proxy synflow,nwot,snip \
    --archs "$W/archs.txt" --batch 64 --nwot-batch "$NWOT_BATCH" --seed "$SEED" \
    --threads "$THREADS" --quiet \
    --out "$W/nash.csv" --json > "$W/nash.json"
"$PY" bench/pytorch_proxies.py --archs "$W/archs.txt" --data "$BIN" --threads "$THREADS" \
    --seed "$SEED" --nwot-batch "$NWOT_BATCH" --out "$W/torch.csv" > "$W/torch.json" 2>"$W/torch.log"

"$PY" - "$W" "$N" "$THREADS" "$NWOT_BATCH" <<'EOF'
import csv, json, sys
import numpy as np
w, n, threads, nwot_batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
nj = json.load(open(w + "/nash.json"))
tj = json.load(open(w + "/torch.json"))
nash = {r["arch"]: r for r in csv.DictReader(open(w + "/nash.csv"))}
torch_rows = {r["arch"]: r for r in csv.DictReader(open(w + "/torch.csv"))}

def ranks(v):
    order = np.argsort(v, kind="mergesort")
    r = np.empty(len(v))
    r[order] = np.arange(len(v))
    # average ties
    for val in np.unique(v):
        idx = np.where(v == val)[0]
        if len(idx) > 1:
            r[idx] = r[idx].mean()
    return r

print("nash vs PyTorch %s, NB201 CIFAR-10, %d cells, proxies synflow+nwot+snip, %d thread(s), "
      "snip batch 64, NASWOT batch %d" % (tj["torch"], n, threads, nwot_batch))
print("%-10s %12s %12s %8s %18s" % ("", "s/cell", "wall s", "", "all 15,625 cells"))
for name, j in (("nash", nj), ("pytorch", tj)):
    print("%-10s %12.4f %12.1f %8s %15.2f h" % (name, j["seconds_per_arch"], j["wall_seconds"], "",
                                                  j["seconds_per_arch"] * 15625 / 3600))
print("ratio pytorch/nash (s/cell): %.2fx" % (tj["seconds_per_arch"] / nj["seconds_per_arch"]))
for p in ("synflow", "nwot", "snip"):
    a, b = [], []
    for arch, r in nash.items():
        t = torch_rows.get(arch)
        if t is None or r[p] == "" or t[p] in ("", "nan"):
            continue
        a.append(float(r[p])); b.append(float(t[p]))
    a, b = np.array(a), np.array(b)
    rho = np.corrcoef(ranks(a), ranks(b))[0, 1] if len(a) > 2 else float("nan")
    print("spearman rho(nash, pytorch) %-8s %.3f over %d cells" % (p, rho, len(a)))
EOF
