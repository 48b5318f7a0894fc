#!/usr/bin/env bash
# Checks the PyTorch → ign path end to end: trains the 28×28 reference layout a few IGN
# steps in PyTorch, saves it with torch.save, exports it with Tools/export-pytorch.py and
# checks that the engine reproduces PyTorch's outputs (eval mode and batch statistics) to a
# relative 1e-4 (F32 file) and 1e-2 (F16 file). Also checks that unsupported modules are
# refused.
#
#   Tools/check-export.sh                    # torch in a throw-away venv (TORCH_VENV, default /tmp/ign-torch-venv)
#   Tools/check-export.sh --update-fixture   # also rewrites the small committed PyTorch fixture
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${TORCH_VENV:-/tmp/ign-torch-venv}"
if ! "$VENV/bin/python" -c "import torch, numpy" 2>/dev/null; then
    echo "installing torch and numpy into $VENV (large download)"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q torch numpy
fi
FIXTURE_ARGS=()
if [[ "${1:-}" == "--update-fixture" ]]; then FIXTURE_ARGS=(--fixture-dir Tests/IGNLayersTests/Fixtures); fi

swift build -c release --product ign-bench >/dev/null
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
names=$("$VENV/bin/python" Tools/check_export.py "$WORK" "${FIXTURE_ARGS[@]}" | tail -1)
status=0
for name in $names; do
    echo "== $name (F32)"
    .build/release/ign-bench verify-model "$WORK/$name.safetensors" "$WORK/$name.expected.safetensors" || status=1
    if [[ -f "$WORK/$name.f16.safetensors" ]]; then
        echo "== $name (F16 weights, tolerance 1e-2)"
        .build/release/ign-bench verify-model "$WORK/$name.f16.safetensors" "$WORK/$name.expected.safetensors" \
            --tolerance 1e-2 || status=1
    fi
done
# The command-line export path itself (argument handling, exit codes).
"$VENV/bin/python" Tools/export-pytorch.py "$WORK/mnist28.pt" "$WORK/cli.safetensors" --meta origin=check
.build/release/ign-bench verify-model "$WORK/cli.safetensors" "$WORK/mnist28.expected.safetensors" || status=1
if "$VENV/bin/python" Tools/export-pytorch.py "$WORK/missing.pt" "$WORK/x.safetensors" 2>/dev/null; then
    echo "export of a missing file did not fail"; status=1
fi
[[ $status == 0 ]] && echo "check-export: PASS" || echo "check-export: FAIL"
exit $status
