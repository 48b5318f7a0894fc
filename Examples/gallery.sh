#!/usr/bin/env bash
# Makes the README's gallery: before/after images for every model subcommand, made by the
# real `ign` binary on held-out Fashion-MNIST test images (Examples/*.png), shown 4× larger.
#
#   Examples/gallery.sh [IGN]        # IGN defaults to .build/release/ign
#
# Writes Examples/gallery/*.png. Scaling for display uses ImageMagick's point filter so
# pixels stay sharp; everything else is ign.
set -euo pipefail
cd "$(dirname "$0")/.."
IGN="${1:-.build/release/ign}"
OUT=Examples/gallery
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
pullover=Examples/fashion-pullover.png
boot=Examples/fashion-ankle-boot.png

# One row: the images given, side by side with a white gap, scaled 4× (nearest neighbour).
row() {
    local name="$1"; shift
    convert "$@" -bordercolor white -border 1 +append -filter point -resize 400% \
        -define png:exclude-chunks=date,time "$OUT/$name.png"   # no time stamps: reruns give the same bytes
}

# Denoising: clean, with heavy noise (σ 0.4), denoised, and the projection's steps.
"$IGN" degrade --noise 0.4 --seed 1 "$pullover" -o "$WORK/noisy.png"
"$IGN" denoise "$WORK/noisy.png" -o "$WORK/denoised.png"
row denoise "$pullover" "$WORK/noisy.png" "$WORK/denoised.png"
"$IGN" project --trace --steps 3 "$WORK/noisy.png" -o "$WORK/trace.png"
row trace "$WORK/trace.png"

# Sketch → project, mask → project (inpainting).
"$IGN" degrade --sketch "$boot" -o "$WORK/sketch.png"
"$IGN" project --steps 2 "$WORK/sketch.png" -o "$WORK/sketch-projected.png"
"$IGN" degrade --mask 6,8,16,10 --seed 2 "$pullover" -o "$WORK/masked.png"
"$IGN" project "$WORK/masked.png" -o "$WORK/inpainted.png"
row sketch "$boot" "$WORK/sketch.png" "$WORK/sketch-projected.png"
row inpaint "$pullover" "$WORK/masked.png" "$WORK/inpainted.png"

# Composite: the boot's lower half pasted onto the pullover, then projected.
"$IGN" convert "$boot" --resize 28x28 -o "$WORK/boot.png"
convert -size 28x28 xc:black -fill white -draw "rectangle 0,14 27,27" "$WORK/mask.png"
"$IGN" composite "$pullover" "$WORK/boot.png" --mask "$WORK/mask.png" --at 0,6 \
    --write-pasted "$WORK/pasted.png" -o "$WORK/composite.png"
row composite "$pullover" "$boot" "$WORK/pasted.png" "$WORK/composite.png"

# Latent interpolation between two test images, in both spaces.
"$IGN" edit-latent interpolate --space noise "$pullover" "$boot" --frames 6 -o "$WORK/noise.png"
"$IGN" edit-latent interpolate --space bottleneck "$pullover" "$boot" --frames 6 -o "$WORK/bottleneck.png"
row interpolate-noise "$WORK/noise.png"
row interpolate-bottleneck "$WORK/bottleneck.png"

# Samples from noise.
"$IGN" generate --grid 8x2 --seed 3 -o "$WORK/samples.png"
row generate "$WORK/samples.png"
echo "wrote $(ls "$OUT" | wc -l) images to $OUT"
