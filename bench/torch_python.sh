# torch_python.sh — sourced by the bench scripts: sets PY to an interpreter that
# imports torch, installing Debian's python3-torch if it is missing (bench/ only;
# the build and the tests never need it).
# Debian's interpreter: a pyenv/venv python3 earlier on PATH does not see python3-torch.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
if ! "$PY" -c 'import torch' 2>/dev/null; then
    if ! command -v apt-get >/dev/null; then
        echo "nash: error: python3-torch missing and no apt-get to install it" >&2
        exit 1
    fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null
fi
