#!/usr/bin/env bash
# Compares ign-bench with PyTorch (CPU, 2 threads) and ONNX Runtime (2 threads) on the IGN
# reference layouts (mnist28 28×28×1, celeba64 64×64×3): inference at batch 1, 64 and 256
# against both, one training step at batch 256 against PyTorch. Then the peak memory of a
# batch-256 training step of each layout (/usr/bin/time -v), ign and PyTorch.
#
#   Tools/bench-compare.sh [ROUNDS]     # default 3
#
# The engines alternate per measurement: ign, PyTorch, ONNX Runtime, then the next round
# (ABAB…), each sample a fresh process timing the median of INNER runs (default 3) after
# warm-up. A ratio is the median of the per-round ratios, so a slow phase of a shared
# machine hits both sides of it; images/s are each engine's median over the rounds.
# The CPU model, the features ign's kernels use and the OpenBLAS core head the report.
#
# Torch and ONNX Runtime are installed from PyPI into throw-away venvs outside the
# repository (TORCH_VENV, default /tmp/ign-torch-venv; ORT_VENV, default /tmp/ign-ort-venv).
# WORK keeps the samples (default: a temporary folder, removed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
INNER="${INNER:-3}"
TRAIN_BATCH=256
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
if [ -n "${WORK:-}" ]; then mkdir -p "$WORK"; else WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT; fi
BENCH=.build/release/ign-bench
TORCH="$TORCH_VENV/bin/python Tools/bench_compare.py"
ORT="$ORT_VENV/bin/python Tools/bench_compare.py"

{
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uptime | sed 's/.*load/load/')"
    env | grep '^OPENBLAS_' | sed 's/^/environment: /' || true
    "$BENCH" --layout mnist28 --only inference --batches 1 --repeats 1 | grep -E '^(threads|cpu|blas)'
    $TORCH export "$WORK/onnx"
    "$ORT_VENV/bin/python" -c "import onnxruntime as o; print('onnxruntime', o.__version__)"
    echo "$ROUNDS rounds; each sample the median of $INNER timed runs after warm-up"
} | tee "$WORK/machine.txt"

start=$SECONDS
for round in $(seq 1 "$ROUNDS"); do
    echo "== round $round of $ROUNDS ($((SECONDS - start)) s)"
    for layout in mnist28 celeba64; do
        for batch in 1 64 256; do
            name="$layout.inference.$batch.$round.json"
            "$BENCH" --layout "$layout" --only inference --batches "$batch" --repeats "$INNER" --json \
                > "$WORK/ign.$name" 2>/dev/null
            $TORCH torch "$WORK/torch.$name" --layout "$layout" --kind inference --batch "$batch" --repeats "$INNER"
            $ORT ort "$WORK/ort.$name" "$WORK/onnx" --layout "$layout" --batch "$batch" --repeats "$INNER"
        done
        name="$layout.training.$TRAIN_BATCH.$round.json"
        "$BENCH" --layout "$layout" --only training --train-batch "$TRAIN_BATCH" --repeats "$INNER" --json \
            > "$WORK/ign.$name" 2>/dev/null
        $TORCH torch "$WORK/torch.$name" --layout "$layout" --kind training --batch "$TRAIN_BATCH" --repeats "$INNER"
    done
done
echo "== ratios ($((SECONDS - start)) s)"
python3 Tools/bench_compare.py report "$WORK"

echo "== peak resident memory of one batch-$TRAIN_BATCH training step (warm-up + 1 timed), /usr/bin/time -v"
peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | grep 'Maximum resident' | awk '{printf "%.2f GB (%s kB)\n", $NF / 1e6, $NF}'; }
for layout in mnist28 celeba64; do
    echo "$layout ign:     $(peak "$BENCH" --layout "$layout" --only training --train-batch "$TRAIN_BATCH" --repeats 1)"
    echo "$layout PyTorch: $(peak $TORCH torch "$WORK/memory.json" --layout "$layout" --kind training \
        --batch "$TRAIN_BATCH" --repeats 1)"
done
