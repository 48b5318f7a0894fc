#!/usr/bin/env bash
# Regenerates the committed seed corpora in Tools/fuzz/corpus/: what the fuzz-seeds
# executable writes with ign itself (PNG, JPEG, Netpbm, model and latent files), plus the
# layouts only ImageMagick makes (palette, tRNS, Adam7, 1/2/4-bit gray, progressive and
# CMYK JPEG, an EXIF orientation). Every seed is a few hundred bytes to a few kilobytes.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf corpus
swift build --product fuzz-seeds >/dev/null
"$(swift build --show-bin-path)/fuzz-seeds" corpus
image=corpus/image
source=$image/rgba-16.png
convert "$source" -alpha off -colors 6 -define png:color-type=3 "$image/palette.png"
convert "$source" -channel A -threshold 50% +channel -colors 8 "PNG8:$image/palette-trns.png"
convert "$source" -interlace PNG "$image/adam7-rgba.png"
for depth in 1 2 4; do
    convert "$source" -alpha off -colorspace gray -depth $depth -define png:color-type=0 -define png:bit-depth=$depth "$image/gray-$depth.png"
done
convert "$source" -alpha off -interlace JPEG -quality 80 "$image/progressive.jpg"
convert "$source" -alpha off -colorspace CMYK -quality 80 "$image/cmyk.jpg"
convert "$source" -alpha off -sampling-factor 2x2 -quality 80 -orient RightTop "$image/subsampled-exif6.jpg"
ls corpus/* | wc -l
