#!/usr/bin/env python3
"""Which Fashion-MNIST classes does a model generate? An independent check of sample variety.

Trains a small numpy MLP classifier (784-256-10, ReLU, softmax; a few epochs of SGD with
momentum) on Fashion-MNIST's training images, reports its test accuracy, then classifies
images that `ign generate` writes and prints the class histogram, the share of the largest
class and the entropy of the histogram (log2(10) = 3.32 bits for a uniform spread).

    Tools/class-coverage.py [--ign PATH] [--model MODEL] [--count 1000] [--seed 0]

Needs numpy only. The classifier is a measuring instrument, not part of ign.
"""
import argparse, gzip, os, subprocess, sys, tempfile
import numpy as np

DATA = "/usr/share/datasets/fashion-mnist"
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def idx(name):
    raw = gzip.open(os.path.join(DATA, name)).read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw[4 + 4 * dims:], np.uint8).reshape(shape)


def read_pgm(path):
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:                      # magic, width, height, maxval
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b"P5", f"{path}: not a binary PGM"
    w, h, maxval = int(fields[1]), int(fields[2]), int(fields[3])
    pixels = np.frombuffer(data[pos + 1:pos + 1 + w * h], np.uint8 if maxval < 256 else ">u2")
    return pixels.reshape(h, w).astype(np.float32) / maxval


def train_classifier(rng):
    x = idx("train-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255
    y = idx("train-labels-idx1-ubyte.gz").astype(np.int64)
    w1 = rng.standard_normal((784, 256)).astype(np.float32) * np.sqrt(2 / 784)
    b1 = np.zeros(256, np.float32)
    w2 = rng.standard_normal((256, 10)).astype(np.float32) * np.sqrt(2 / 256)
    b2 = np.zeros(10, np.float32)
    params = [w1, b1, w2, b2]
    velocity = [np.zeros_like(p) for p in params]
    for epoch in range(8):
        order = rng.permutation(len(x))
        lr = 0.1 if epoch < 5 else 0.03
        for start in range(0, len(x), 128):
            batch = order[start:start + 128]
            xb, yb = x[batch], y[batch]
            h = np.maximum(xb @ w1 + b1, 0)
            logits = h @ w2 + b2
            p = np.exp(logits - logits.max(1, keepdims=True))
            p /= p.sum(1, keepdims=True)
            p[np.arange(len(yb)), yb] -= 1
            g_logits = p / len(yb)
            g_w2, g_b2 = h.T @ g_logits, g_logits.sum(0)
            g_h = (g_logits @ w2.T) * (h > 0)
            g_w1, g_b1 = xb.T @ g_h, g_h.sum(0)
            for i, g in enumerate([g_w1, g_b1, g_w2, g_b2]):
                velocity[i] = 0.9 * velocity[i] - lr * g
                params[i] += velocity[i]
    return lambda images: (np.maximum(images @ w1 + b1, 0) @ w2 + b2).argmax(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ign", default=".build/release/ign")
    parser.add_argument("--model")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    classify = train_classifier(np.random.default_rng(0))
    test_x = idx("t10k-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255
    test_y = idx("t10k-labels-idx1-ubyte.gz")
    accuracy = (classify(test_x) == test_y).mean()
    with tempfile.TemporaryDirectory() as folder:
        command = [args.ign, "generate", "--count", str(args.count), "--seed", str(args.seed),
                   "--format", "pnm", "-o", folder + "/"]
        if args.model:
            command += ["--model", args.model]
        subprocess.run(command, check=True)
        names = sorted(n for n in os.listdir(folder) if n.endswith((".pgm", ".pnm")))
        samples = np.stack([read_pgm(os.path.join(folder, n)).reshape(784) for n in names])
    counts = np.bincount(classify(samples), minlength=10)
    share = counts / counts.sum()
    entropy = max(0.0, -(share[share > 0] * np.log2(share[share > 0])).sum())
    print(f"classifier: numpy MLP 784-256-10, test accuracy {accuracy:.3f}")
    print(f"{len(samples)} samples (seed {args.seed}):")
    for name, count in zip(CLASSES, counts):
        print(f"  {name:12s} {count:5d}  {100 * count / counts.sum():5.1f}%")
    print(f"classes present: {(counts > 0).sum()}/10; largest class {100 * share.max():.1f}%; "
          f"entropy {entropy:.2f} bits (uniform: {np.log2(10):.2f})")


if __name__ == "__main__":
    sys.exit(main())
