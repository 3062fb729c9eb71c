#!/bin/sh
# install-deps.sh — installs the Debian packages nash needs, only those missing.
# Idempotent: when everything is present it checks with dpkg-query and exits
# (well under 1 s). Needs root (or sudo) only when something is missing.
set -e
# Open MPI: `mpirun -np K nash ...` sharding and data-parallel training (issue 7).
# clang + its runtime libraries: the libFuzzer harnesses (make fuzz, tests/fuzz/).
PKGS="libdnnl-dev libcriterion-dev libstb-dev libgomp1 gcc make libopenmpi-dev openmpi-bin clang libclang-rt-14-dev"
missing=""
for p in $PKGS; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = "installed" ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "nash: installing missing Debian packages:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have empty package lists: try once, update on failure.
if ! $SUDO apt-get install -y -q $missing >/dev/null 2>&1; then
    $SUDO apt-get update -q >/dev/null
    $SUDO apt-get install -y -q $missing
fi
