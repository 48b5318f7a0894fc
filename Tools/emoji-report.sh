#!/usr/bin/env bash
# Measures a colour emoji projector the way its model card reports it, with the real `ign`:
#   - `ign eval` on the held-out split and on as many training images (over-fitting shows
#     as the gap between the two reconstructions);
#   - colorize: every held-out emoji made gray (`ign convert --gray`) and colourised
#     (`ign colorize`), PSNR against the colour original, next to the trivial baseline
#     (the gray image kept as gray), and what the model's colours are worth when it sees the
#     colour image (the original's luma with the chroma of f(original));
#   - samples: 500 images from `ign generate`, each matched to its nearest training image
#     (PSNR): how many distinct neighbours (collapse onto a few faces shows as few), and the
#     distribution of nearest-neighbour PSNR next to that of held-out images (samples much
#     closer to a training image than held-out images are would be copies).
#
#   Tools/emoji-report.sh MODEL DATA_DIR [OUT_DIR]   # DATA_DIR from Tools/emoji-dataset.sh
#
# Needs a built ign (.build/release/ign, or IGN=…). numpy and Pillow come from PyPI into a
# throw-away venv (REPORT_VENV, default /tmp/ign-emoji-report-venv).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 2 ]]; then echo "usage: Tools/emoji-report.sh MODEL DATA_DIR [OUT_DIR]" >&2; exit 64; fi
MODEL="$1"; DATA="$2"; OUT="${3:-$(mktemp -d)}"
IGN="${IGN:-.build/release/ign}"
VENV="${REPORT_VENV:-/tmp/ign-emoji-report-venv}"
if ! "$VENV/bin/python" -c "import numpy, PIL" 2>/dev/null; then
    python3 -m venv "$VENV" && "$VENV/bin/pip" install -q --disable-pip-version-check numpy==2.2.6 Pillow==11.2.1
fi
mkdir -p "$OUT"
heldout_count=$(ls "$DATA/heldout" | wc -l)
echo "== ign eval, held-out ($heldout_count images)"
"$IGN" eval --model "$MODEL" --data "$DATA/heldout" | tee "$OUT/eval-heldout.txt"
echo "== ign eval, the first $heldout_count training images"
"$IGN" eval --model "$MODEL" --data "$DATA/train" --count "$heldout_count" | tee "$OUT/eval-train.txt"
echo "== colorize"
rm -rf "$OUT/gray" "$OUT/colour" "$OUT/projected" "$OUT/samples"
"$IGN" convert --gray "$DATA"/heldout/*.png -o "$OUT/gray/"
"$IGN" colorize --model "$MODEL" "$OUT"/gray/*.png -o "$OUT/colour/"
"$IGN" project --model "$MODEL" "$DATA"/heldout/*.png -o "$OUT/projected/"
echo "== 500 samples"
"$IGN" generate --model "$MODEL" --count 500 --seed 1 -o "$OUT/samples/"
"$VENV/bin/python" Tools/emoji_report.py "$DATA" "$OUT"
