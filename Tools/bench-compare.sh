#!/usr/bin/env bash
# Runs ign-bench, PyTorch (CPU build, 2 threads) and ONNX Runtime (2 threads) on the IGN
# reference layouts in one run and prints our/their ratios, then measures the peak memory
# of a batch-256 training step on the 28×28 layout with /usr/bin/time -v.
#
#   Tools/bench-compare.sh [REPEATS]      # default 7; medians of REPEATS timed runs
#
# Torch and ONNX Runtime are installed from PyPI into throw-away venvs outside the
# repository (TORCH_VENV, default /tmp/ign-torch-venv; ORT_VENV, default /tmp/ign-ort-venv).
# Run it on an otherwise idle machine: the figures are only comparable within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS="${1:-7}"
TORCH_VENV="${TORCH_VENV:-/tmp/ign-torch-venv}"
ORT_VENV="${ORT_VENV:-/tmp/ign-ort-venv}"
if ! "$TORCH_VENV/bin/python" -c "import torch, numpy, onnx" 2>/dev/null; then
    echo "installing torch, numpy and onnx into $TORCH_VENV (large download)"
    python3 -m venv "$TORCH_VENV" && "$TORCH_VENV/bin/pip" install -q torch numpy onnx
fi
if ! "$ORT_VENV/bin/python" -c "import onnxruntime, numpy" 2>/dev/null; then
    echo "installing onnxruntime and numpy into $ORT_VENV"
    python3 -m venv "$ORT_VENV" && "$ORT_VENV/bin/pip" install -q onnxruntime numpy
fi
swift build -c release --product ign-bench >/dev/null
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "== ign-bench"
.build/release/ign-bench --repeats "$REPEATS" --json > "$WORK/ign.json"
echo "== PyTorch"
"$TORCH_VENV/bin/python" Tools/bench_compare.py torch "$WORK/torch.json" "$WORK/onnx" --repeats "$REPEATS"
echo "== ONNX Runtime"
"$ORT_VENV/bin/python" Tools/bench_compare.py ort "$WORK/ort.json" "$WORK/onnx" --repeats "$REPEATS"
echo "== ratios"
python3 Tools/bench_compare.py report "$WORK/ign.json" "$WORK/torch.json" "$WORK/ort.json"
echo "== peak memory, one batch-256 training step loop on mnist28"
/usr/bin/time -v .build/release/ign-bench --layout mnist28 --only training --repeats 2 2>&1 \
    | grep -E "training|Maximum resident" | sed 's/^\s*//'
