#!/bin/sh
# million_tree.sh — resource check (issue 8): an ImageFolder tree with one
# million entries.
#
# Owns: building the tree and timing `nash train --dataset folder` on it.
# The tree is 1000 class directories x 1000 hard links to one 8x8 PPM per
# class (cheap to create: no image data is copied), under train/, and one per class under test/.
# Prints the wall time, the peak RSS and the first lines nash printed. The
# loader lists each directory (names only), checks the memory the decoded
# split needs against the machine before allocating, then decodes; it never
# holds more than one file's bytes at a time.
#
# usage: bench/million_tree.sh [N_CLASSES=1000] [PER_CLASS=1000]
set -eu
CLASSES=${1:-1000}
PER=${2:-1000}
cd "$(dirname "$0")/.."
make -s build/nash
W=$(mktemp -d /tmp/nash-million.XXXXXX)
trap 'rm -rf "$W"' EXIT
# one 8x8 colour PPM (a format the image reader takes)
printf 'P6\n8 8\n255\n' > "$W/one.ppm"
head -c 192 /dev/urandom >> "$W/one.ppm"
echo "building $CLASSES x $PER hard links under $W ..."
t0=$(date +%s)
# os.link in one process: a shell `ln` per entry would fork a million times
python3 - "$W" "$CLASSES" "$PER" <<'PY'
import os, sys
w, classes, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
one = open(os.path.join(w, "one.ppm"), "rb").read()
os.makedirs(os.path.join(w, "src"))
for c in range(classes):
    # one source file per class: a file takes at most 65,000 links on ext4
    src = os.path.join(w, "src", "c%d.ppm" % c)
    open(src, "wb").write(one)
    for split, n in (("train", per), ("test", 1)):
        d = os.path.join(w, "tree", split, "c%d" % c)
        os.makedirs(d)
        for i in range(n):
            os.link(src, os.path.join(d, "i%d.ppm" % i))
PY
echo "tree built in $(( $(date +%s) - t0 )) s: $((CLASSES * PER)) training entries"
OMP_NUM_THREADS=2 /usr/bin/time -f "nash: wall %e s, peak RSS %M KB" \
    build/nash train --arch resnet20-conv --dataset folder --data "$W/tree" --epochs 1 \
    --train-limit 256 --test-limit 10 --batch 64 --out "$W/run" --quiet --json 2>&1 | tail -5
