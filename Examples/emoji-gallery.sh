#!/usr/bin/env bash
# The colour projector's gallery (Models/emoji.md): what each subcommand does on held-out
# emoji, made by the real `ign` binary, shown 3× larger.
#
#   Examples/emoji-gallery.sh [MODEL] [DATA_DIR] [OUT_DIR]
#
# MODEL defaults to the bundled `emoji`, DATA_DIR (from Tools/emoji-dataset.sh) to
# /work/data/emoji, OUT_DIR to Models/emoji-gallery; IGN to .build/release/ign. Only the
# overlay's crop and the display scaling use ImageMagick.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL="${1:-emoji}"; DATA="${2:-/work/data/emoji}"; OUT="${3:-Models/emoji-gallery}"
IGN="${IGN:-.build/release/ign}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
held() { echo "$DATA/heldout/$1.png"; }
any() { ls "$DATA"/*/"$1.png" | head -1; }
row() {
    local name="$1"; shift
    convert "$@" -bordercolor white -border 2 +append -filter point -resize 300% \
        -define png:exclude-chunks=date,time "$OUT/$name.png"   # no time stamps: reruns give the same bytes
}
faces=(noto-1f601 twemoji-1f605 noto-1f490 twemoji-1f916)

# Samples from noise, and how one converges.
"$IGN" generate --model "$MODEL" --grid 8x2 --seed 3 -o "$WORK/samples.png"
row samples "$WORK/samples.png"

# colorize: original, gray, colourised.
args=()
for face in "${faces[@]}"; do
    "$IGN" convert --gray "$(held "$face")" -o "$WORK/$face-gray.png"
    "$IGN" colorize --model "$MODEL" "$WORK/$face-gray.png" -o "$WORK/$face-colour.png"
    args+=("$(held "$face")" "$WORK/$face-gray.png" "$WORK/$face-colour.png")
done
row colorize "${args[@]}"

# Sketch → project (twice), and a noise-filled patch → project (inpainting).
args=()
for face in "${faces[@]}"; do
    "$IGN" degrade --sketch "$(held "$face")" -o "$WORK/$face-sketch.png"
    "$IGN" project --model "$MODEL" --steps 2 "$WORK/$face-sketch.png" -o "$WORK/$face-sketch-projected.png"
    args+=("$WORK/$face-sketch.png" "$WORK/$face-sketch-projected.png")
done
row sketch "${args[@]}"
args=()
for face in "${faces[@]}"; do
    "$IGN" degrade --mask 16,24,32,16 --seed 1 "$(held "$face")" -o "$WORK/$face-masked.png"
    "$IGN" project --model "$MODEL" "$WORK/$face-masked.png" -o "$WORK/$face-inpainted.png"
    args+=("$WORK/$face-masked.png" "$WORK/$face-inpainted.png")
done
row inpaint "${args[@]}"

# composite: the cowboy hat (top of 1f920) onto a held-out grinning face.
convert "$(any noto-1f920)" -crop 64x26+0+0 +repage "$WORK/hat.png"
"$IGN" composite --model "$MODEL" "$(held noto-1f601)" "$WORK/hat.png" --at 0,0 \
    --write-pasted "$WORK/pasted.png" -o "$WORK/composite.png"
row composite "$(held noto-1f601)" "$WORK/hat.png" "$WORK/pasted.png" "$WORK/composite.png"

# Interpolation between two held-out emoji, in both latent spaces.
for space in noise bottleneck; do
    "$IGN" edit-latent interpolate --model "$MODEL" --space "$space" "$(held noto-1f601)" "$(held twemoji-1f916)" \
        --frames 7 -o "$WORK/interpolate-$space.png"
    row "interpolate-$space" "$WORK/interpolate-$space.png"
done
echo "wrote $(ls "$OUT" | wc -l) images to $OUT"
