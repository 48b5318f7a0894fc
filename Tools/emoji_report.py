#!/usr/bin/env python3
"""The numeric half of Tools/emoji-report.sh: colorize PSNR against the originals and the
gray baseline, and nearest training neighbours of generated samples.

    emoji_report.py DATA_DIR OUT_DIR

OUT_DIR holds gray/, colour/, projected/ (same names as DATA_DIR/heldout/) and samples/.
PSNR is per image on the 0–1 scale, averaged, as `ign eval` reports it.
"""
import os
import sys

import numpy as np
from PIL import Image


def load(path):
    return np.asarray(Image.open(path).convert("RGB"), dtype=np.float32) / 255.0


def psnr(a, b):
    mse = float(np.mean((a - b) ** 2))
    return 100.0 if mse == 0 else 10 * np.log10(1.0 / mse)


LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)


def keep_luma(luma_of, chroma_of):
    """RGB with the Rec. 601 luma of `luma_of` and the colour offsets of `chroma_of`, each
    pixel's offsets scaled down where they would leave 0…1 (as `ign colorize` does)."""
    y = (luma_of * LUMA).sum(-1, keepdims=True)
    offsets = chroma_of - (chroma_of * LUMA).sum(-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        up = np.where(offsets > 0, (1 - y) / offsets, np.inf)
        down = np.where(offsets < 0, -y / offsets, np.inf)
    t = np.clip(np.minimum(1, np.minimum(up.min(-1, keepdims=True), down.min(-1, keepdims=True))), 0, 1)
    return np.clip(y + offsets * t, 0, 1)


def folder(path):
    return sorted(f for f in os.listdir(path) if f.endswith(".png"))


def main(data, out):
    names = folder(os.path.join(data, "heldout"))
    colour, gray = [], []
    for name in names:
        original = load(os.path.join(data, "heldout", name))
        colour.append(psnr(load(os.path.join(out, "colour", name)), original))
        gray.append(psnr(load(os.path.join(out, "gray", name)), original))
    print(f"colorize, {len(names)} held-out emoji: {np.mean(colour):.2f} dB against the colour originals; "
          f"gray kept as gray {np.mean(gray):.2f} dB; gain {np.mean(colour) - np.mean(gray):+.2f} dB")
    # What the model's colours are worth when it sees the colour image: the original's luma
    # with the chroma of f(x), combined as `ign colorize` combines (chroma pulled toward
    # gray where it would leave the RGB cube). The gap to colorize is what projecting a
    # gray image fails to recover.
    known = []
    for name in names:
        original = load(os.path.join(data, "heldout", name))
        known.append(psnr(keep_luma(original, load(os.path.join(out, "projected", name))), original))
    print(f"the original's luma with the chroma of f(original): {np.mean(known):.2f} dB "
          f"({np.mean(known) - np.mean(gray):+.2f} dB over gray)")

    train_names = folder(os.path.join(data, "train"))
    train = np.stack([load(os.path.join(data, "train", n)).ravel() for n in train_names])

    def nearest(images):
        """Index and PSNR of each image's nearest training image (by MSE)."""
        t2 = np.sum(train * train, axis=1)
        result = []
        for start in range(0, len(images), 100):
            chunk = images[start:start + 100]
            d = np.sum(chunk * chunk, axis=1)[:, None] - 2 * chunk @ train.T + t2[None, :]
            best = np.argmin(d, axis=1)
            mse = np.maximum(d[np.arange(len(chunk)), best] / train.shape[1], 1e-10)
            result += list(zip(best, 10 * np.log10(1.0 / mse)))
        return result

    samples = np.stack([load(os.path.join(out, "samples", n)).ravel() for n in folder(os.path.join(out, "samples"))])
    heldout = np.stack([load(os.path.join(data, "heldout", n)).ravel() for n in names])
    s, h = nearest(samples), nearest(heldout)
    distinct = len({i for i, _ in s})
    q = lambda values: " / ".join(f"{v:.1f}" for v in np.percentile(values, [10, 50, 90]))
    print(f"samples: {len(s)}, distinct nearest training images {distinct} ({distinct / len(s):.0%})")
    print(f"nearest-neighbour PSNR, 10th / 50th / 90th percentile: samples {q([p for _, p in s])} dB; "
          f"held-out images {q([p for _, p in h])} dB")
    print("most frequent nearest neighbours of samples: " + ", ".join(
        f"{train_names[i]} ×{c}" for i, c in sorted(
            ((i, sum(1 for j, _ in s if j == i)) for i in {i for i, _ in s}), key=lambda x: -x[1])[:5]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
