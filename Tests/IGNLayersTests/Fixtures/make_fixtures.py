#!/usr/bin/env python3
"""Writes the reference fixtures the IGNNeural tests compare against.

An independent, numpy-only (no torch) implementation of every layer the engine has, in
float64, with PyTorch's semantics: conv2d, conv_transpose2d (PyTorch geometry), batchnorm2d
(training mode with the running-statistics update, and eval mode), relu / leaky relu / tanh,
dropout2d (with the engine's documented xoshiro256** mask stream), per-image L1 / MSE
distances, Adam (torch.optim.Adam's update), and a small nested encoder-decoder.

Each file is a safetensors file: inputs, parameters, expected outputs and gradients as F32
tensors named "<case>.<what>", with each case's hyper-parameters as JSON in __metadata__.

    python3 Tests/IGNLayersTests/Fixtures/make_fixtures.py     # rewrites the *.safetensors here

Deterministic: fixed seeds, so rerunning reproduces the committed files byte for byte.
"""
import json
import os
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------- safetensors (F32 only)

def write_safetensors(path, tensors, metadata=None):
    """tensors: list of (name, ndarray) in file order; metadata: dict of str -> str."""
    header = {}
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    offset = 0
    blobs = []
    for name, array in tensors:
        data = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def f32(a):
    """Rounds to float32 (what the file stores) and back to float64 for the computation."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


# ---------------------------------------------------------------- layers (float64)

def conv2d(x, w, b, s, p):
    n, ci, h, wd = x.shape
    co, _, k, _ = w.shape
    ho, wo = (h + 2 * p - k) // s + 1, (wd + 2 * p - k) // s + 1
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    y = np.zeros((n, co, ho, wo))
    for ky in range(k):
        for kx in range(k):
            patch = xp[:, :, ky:ky + s * (ho - 1) + 1:s, kx:kx + s * (wo - 1) + 1:s]
            y += np.einsum("nihw,oi->nohw", patch, w[:, :, ky, kx])
    if b is not None:
        y += b[None, :, None, None]
    return y


def conv2d_backward(x, w, s, p, gy):
    n, ci, h, wd = x.shape
    co, _, k, _ = w.shape
    ho, wo = gy.shape[2], gy.shape[3]
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    gxp = np.zeros_like(xp)
    gw = np.zeros_like(w)
    for ky in range(k):
        for kx in range(k):
            sl = (slice(None), slice(None), slice(ky, ky + s * (ho - 1) + 1, s),
                  slice(kx, kx + s * (wo - 1) + 1, s))
            gxp[sl] += np.einsum("nohw,oi->nihw", gy, w[:, :, ky, kx])
            gw[:, :, ky, kx] = np.einsum("nohw,nihw->oi", gy, xp[sl])
    gx = gxp[:, :, p:p + h, p:p + wd]
    return gx, gw, gy.sum(axis=(0, 2, 3))


def conv_transpose2d(x, w, b, s, p):
    n, ci, h, wd = x.shape
    _, co, k, _ = w.shape
    full = np.zeros((n, co, (h - 1) * s + k, (wd - 1) * s + k))
    for ky in range(k):
        for kx in range(k):
            full[:, :, ky:ky + s * (h - 1) + 1:s, kx:kx + s * (wd - 1) + 1:s] += \
                np.einsum("nihw,io->nohw", x, w[:, :, ky, kx])
    ho, wo = (h - 1) * s - 2 * p + k, (wd - 1) * s - 2 * p + k
    y = full[:, :, p:p + ho, p:p + wo].copy()
    if b is not None:
        y += b[None, :, None, None]
    return y


def conv_transpose2d_backward(x, w, s, p, gy):
    n, ci, h, wd = x.shape
    _, co, k, _ = w.shape
    full = np.zeros((n, co, (h - 1) * s + k, (wd - 1) * s + k))
    full[:, :, p:p + gy.shape[2], p:p + gy.shape[3]] = gy
    gx = np.zeros_like(x)
    gw = np.zeros_like(w)
    for ky in range(k):
        for kx in range(k):
            g = full[:, :, ky:ky + s * (h - 1) + 1:s, kx:kx + s * (wd - 1) + 1:s]
            gx += np.einsum("nohw,io->nihw", g, w[:, :, ky, kx])
            gw[:, :, ky, kx] = np.einsum("nihw,nohw->io", x, g)
    return gx, gw, gy.sum(axis=(0, 2, 3))


def batchnorm_train(x, gamma, beta, rmean, rvar, eps, momentum):
    """Returns y, new running mean/var, and a backward closure (dy -> dx, dgamma, dbeta)."""
    m = x.shape[0] * x.shape[2] * x.shape[3]
    mean = x.mean(axis=(0, 2, 3))
    var = ((x - mean[None, :, None, None]) ** 2).mean(axis=(0, 2, 3))
    inv = 1 / np.sqrt(var + eps)
    xhat = (x - mean[None, :, None, None]) * inv[None, :, None, None]
    y = xhat * gamma[None, :, None, None] + beta[None, :, None, None]
    new_mean = (1 - momentum) * rmean + momentum * mean
    new_var = (1 - momentum) * rvar + momentum * var * m / (m - 1)

    def backward(dy):
        dxhat = dy * gamma[None, :, None, None]
        # Written out from the chain rule through mean and variance, not the fused formula.
        dvar = (dxhat * (x - mean[None, :, None, None])).sum(axis=(0, 2, 3)) * -0.5 * inv ** 3
        dmean = -(dxhat * inv[None, :, None, None]).sum(axis=(0, 2, 3)) \
            - 2 * dvar * (x - mean[None, :, None, None]).sum(axis=(0, 2, 3)) / m
        dx = dxhat * inv[None, :, None, None] \
            + dvar[None, :, None, None] * 2 * (x - mean[None, :, None, None]) / m \
            + dmean[None, :, None, None] / m
        return dx, (dy * xhat).sum(axis=(0, 2, 3)), dy.sum(axis=(0, 2, 3))
    return y, new_mean, new_var, backward


def batchnorm_eval(x, gamma, beta, rmean, rvar, eps):
    inv = 1 / np.sqrt(rvar + eps)
    xhat = (x - rmean[None, :, None, None]) * inv[None, :, None, None]
    y = xhat * gamma[None, :, None, None] + beta[None, :, None, None]

    def backward(dy):
        return (dy * (gamma * inv)[None, :, None, None],
                (dy * xhat).sum(axis=(0, 2, 3)), dy.sum(axis=(0, 2, 3)))
    return y, backward


def activation(name, x):
    if name == "relu":
        return np.maximum(x, 0), lambda dy: dy * (x > 0)
    if name == "leaky_relu":
        slope = 0.2
        return np.where(x > 0, x, slope * x), lambda dy: dy * np.where(x > 0, 1.0, slope)
    if name == "tanh":
        y = np.tanh(x)
        return y, lambda dy: dy * (1 - y * y)
    raise ValueError(name)


# ------------------------------------------- the engine's random stream (for dropout masks)

MASK64 = (1 << 64) - 1


class Xoshiro256StarStar:
    """xoshiro256** seeded through SplitMix64, as IGNNeural's RandomGenerator documents."""

    def __init__(self, seed):
        x = seed
        words = []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & MASK64
            z = x
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
            words.append(z ^ (z >> 31))
        self.s = words

    @staticmethod
    def rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & MASK64

    def next(self):
        s = self.s
        result = (self.rotl((s[1] * 5) & MASK64, 7) * 9) & MASK64
        t = (s[1] << 17) & MASK64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = self.rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next() >> 40) * (1.0 / (1 << 24))


def dropout2d_mask(seed, p, n, c):
    """[n, c] scales: the engine draws one uniform per map, channel-major (c outer, n inner)."""
    rng = Xoshiro256StarStar(seed)
    mask = np.zeros((n, c))
    for ci in range(c):
        for ni in range(n):
            mask[ni, ci] = 0.0 if rng.uniform() < p else 1 / (1 - np.float32(p))
    return mask


# ---------------------------------------------------------------- fixture builders

def away_from_zero(rng, shape, margin=0.05):
    """Normal values with |x| >= margin (keeps ReLU kinks out of every check)."""
    x = rng.standard_normal(shape)
    return np.where(np.abs(x) < margin, np.sign(x + 1e-12) * margin + x, x)


def make_conv(rng):
    cases = [  # n, ci, co, h, w, k, s, p, bias
        (2, 3, 4, 7, 9, 3, 2, 1, True),
        (3, 2, 5, 8, 6, 4, 2, 0, False),
        (2, 4, 3, 5, 5, 1, 1, 0, True),
        (2, 2, 3, 6, 7, 3, 3, 2, True),
        (2, 2, 2, 11, 11, 5, 2, 2, True),
        (2, 3, 2, 4, 4, 4, 2, 1, True),
    ]
    # 3×3 stride 1: the shapes ign computes with Winograd F(3×3, 3×3) (several tiles, partial
    # tiles, padding); drawn from their own generator so the other fixtures stay as they were.
    winograd = [
        (2, 3, 4, 7, 7, 3, 1, 0, True),
        (3, 2, 3, 8, 5, 3, 1, 1, False),
        (2, 3, 2, 5, 4, 3, 1, 2, True),
    ]
    tensors, meta = [], {}
    extra = np.random.default_rng(3303)
    for i, (n, ci, co, h, w, k, s, p, bias) in enumerate(cases + winograd):
        name = f"case{i}"
        if i == len(cases):
            rng = extra
        x = f32(rng.standard_normal((n, ci, h, w)))
        wt = f32(rng.standard_normal((co, ci, k, k)) * 0.3)
        b = f32(rng.standard_normal(co)) if bias else None
        y = conv2d(x, wt, b, s, p)
        gy = f32(rng.standard_normal(y.shape))
        gx, gw, gb = conv2d_backward(x, wt, s, p, gy)
        tensors += [(f"{name}.input", x), (f"{name}.weight", wt)]
        if bias:
            tensors += [(f"{name}.bias", b), (f"{name}.grad_bias", gb)]
        tensors += [(f"{name}.output", y), (f"{name}.grad_output", gy),
                    (f"{name}.grad_input", gx), (f"{name}.grad_weight", gw)]
        meta[name] = json.dumps({"in_channels": ci, "out_channels": co, "kernel_size": k,
                                 "stride": s, "padding": p, "bias": bias})
    write_safetensors(os.path.join(HERE, "conv2d.safetensors"), tensors, meta)


def make_conv_transpose(rng):
    cases = [  # n, ci, co, h, w, k, s, p, bias
        (2, 3, 4, 4, 5, 4, 2, 1, True),
        (3, 2, 3, 3, 3, 3, 1, 0, False),
        (2, 4, 2, 5, 3, 3, 2, 1, True),
        (2, 2, 3, 2, 3, 2, 3, 0, True),
        (2, 2, 2, 3, 4, 5, 2, 2, True),
        (2, 3, 2, 1, 1, 4, 1, 0, True),
    ]
    winograd = [  # 3×3 stride 1 (Winograd in ign), from their own generator
        (2, 3, 2, 5, 5, 3, 1, 0, True),
        (2, 2, 3, 4, 6, 3, 1, 1, False),
    ]
    tensors, meta = [], {}
    extra = np.random.default_rng(3304)
    for i, (n, ci, co, h, w, k, s, p, bias) in enumerate(cases + winograd):
        name = f"case{i}"
        if i == len(cases):
            rng = extra
        x = f32(rng.standard_normal((n, ci, h, w)))
        wt = f32(rng.standard_normal((ci, co, k, k)) * 0.3)
        b = f32(rng.standard_normal(co)) if bias else None
        y = conv_transpose2d(x, wt, b, s, p)
        gy = f32(rng.standard_normal(y.shape))
        gx, gw, gb = conv_transpose2d_backward(x, wt, s, p, gy)
        tensors += [(f"{name}.input", x), (f"{name}.weight", wt)]
        if bias:
            tensors += [(f"{name}.bias", b), (f"{name}.grad_bias", gb)]
        tensors += [(f"{name}.output", y), (f"{name}.grad_output", gy),
                    (f"{name}.grad_input", gx), (f"{name}.grad_weight", gw)]
        meta[name] = json.dumps({"in_channels": ci, "out_channels": co, "kernel_size": k,
                                 "stride": s, "padding": p, "bias": bias})
    write_safetensors(os.path.join(HERE, "conv_transpose2d.safetensors"), tensors, meta)


def make_batchnorm(rng):
    cases = [  # n, c, h, w, eps, momentum
        (3, 4, 5, 3, 1e-5, 0.1),
        (2, 3, 1, 1, 1e-5, 0.1),
        (4, 2, 3, 2, 1e-3, 0.25),
    ]
    tensors, meta = [], {}
    for i, (n, c, h, w, eps, momentum) in enumerate(cases):
        name = f"case{i}"
        x = f32(rng.standard_normal((n, c, h, w)) * 2 + 0.5)
        gamma = f32(rng.uniform(0.5, 1.5, c))
        beta = f32(rng.standard_normal(c) * 0.5)
        rmean = f32(rng.standard_normal(c) * 0.3)
        rvar = f32(rng.uniform(0.5, 2.0, c))
        eps32, mom32 = float(np.float32(eps)), float(np.float32(momentum))
        y, new_mean, new_var, back = batchnorm_train(x, gamma, beta, rmean, rvar, eps32, mom32)
        gy = f32(rng.standard_normal(x.shape))
        gx, gg, gb = back(gy)
        ye, back_e = batchnorm_eval(x, gamma, beta, rmean, rvar, eps32)
        gxe, gge, gbe = back_e(gy)
        tensors += [(f"{name}.input", x), (f"{name}.weight", gamma), (f"{name}.bias", beta),
                    (f"{name}.running_mean", rmean), (f"{name}.running_var", rvar),
                    (f"{name}.grad_output", gy),
                    (f"{name}.train.output", y), (f"{name}.train.running_mean", new_mean),
                    (f"{name}.train.running_var", new_var), (f"{name}.train.grad_input", gx),
                    (f"{name}.train.grad_weight", gg), (f"{name}.train.grad_bias", gb),
                    (f"{name}.eval.output", ye), (f"{name}.eval.grad_input", gxe),
                    (f"{name}.eval.grad_weight", gge), (f"{name}.eval.grad_bias", gbe)]
        meta[name] = json.dumps({"num_features": c, "eps": eps, "momentum": momentum})
    write_safetensors(os.path.join(HERE, "batchnorm2d.safetensors"), tensors, meta)


def make_activations(rng):
    tensors, meta = [], {}
    for name in ["relu", "leaky_relu", "tanh"]:
        x = f32(away_from_zero(rng, (2, 3, 5, 7)) * 1.5)
        y, back = activation(name, x)
        gy = f32(rng.standard_normal(x.shape))
        tensors += [(f"{name}.input", x), (f"{name}.output", y), (f"{name}.grad_output", gy),
                    (f"{name}.grad_input", back(gy))]
    meta["leaky_relu"] = json.dumps({"negative_slope": 0.2})
    write_safetensors(os.path.join(HERE, "activations.safetensors"), tensors, meta)


def make_dropout(rng):
    tensors, meta = [], {}
    for i, (n, c, h, w, p, seed) in enumerate([(3, 5, 4, 3, 0.3, 7), (4, 6, 2, 5, 0.5, 12345)]):
        name = f"case{i}"
        x = f32(rng.standard_normal((n, c, h, w)))
        mask = dropout2d_mask(seed, np.float32(p), n, c)
        gy = f32(rng.standard_normal(x.shape))
        tensors += [(f"{name}.input", x), (f"{name}.mask", mask),
                    (f"{name}.output", x * mask[:, :, None, None]), (f"{name}.grad_output", gy),
                    (f"{name}.grad_input", gy * mask[:, :, None, None])]
        meta[name] = json.dumps({"p": p, "seed": seed})
    write_safetensors(os.path.join(HERE, "dropout2d.safetensors"), tensors, meta)


def make_distance(rng):
    a = f32(rng.standard_normal((3, 2, 4, 5)))
    b = f32(rng.standard_normal((3, 2, 4, 5)))
    weights = f32(rng.standard_normal(3))
    d = a - b
    count = d[0].size
    tensors = [("a", a), ("b", b), ("weights", weights),
               ("l1", np.abs(d).mean(axis=(1, 2, 3))), ("mse", (d * d).mean(axis=(1, 2, 3))),
               ("l1.grad_a", weights[:, None, None, None] * np.sign(d) / count),
               ("mse.grad_a", weights[:, None, None, None] * 2 * d / count)]
    write_safetensors(os.path.join(HERE, "distance.safetensors"), tensors)


def make_adam(rng):
    cases = [  # lr, beta1, beta2, eps, weight_decay
        (1e-3, 0.9, 0.999, 1e-8, 0.0),
        (1e-4, 0.5, 0.999, 1e-8, 0.0),
        (2e-2, 0.8, 0.99, 1e-6, 0.01),
    ]
    steps = 4
    tensors, meta = [], {}
    for i, (lr, b1, b2, eps, wd) in enumerate(cases):
        name = f"case{i}"
        shapes = [(7,), (3, 4)]
        for j, shape in enumerate(shapes):
            p = f32(rng.standard_normal(shape))
            m = np.zeros(shape)
            v = np.zeros(shape)
            tensors.append((f"{name}.param{j}.initial", p))
            for t in range(1, steps + 1):
                g = f32(rng.standard_normal(shape) * (0.1 if t % 2 else 3.0))
                if t == 3:
                    g[..., 0] = 0  # a zero gradient: the update is driven by momentum alone
                tensors.append((f"{name}.param{j}.grad{t}", g))
                gd = g + wd * p
                m = b1 * m + (1 - b1) * gd
                v = b2 * v + (1 - b2) * gd * gd
                bc1 = 1 - b1 ** t
                bc2 = 1 - b2 ** t
                p = p - (lr / bc1) * m / (np.sqrt(v) / np.sqrt(bc2) + eps)
                tensors.append((f"{name}.param{j}.after{t}", p))
        meta[name] = json.dumps({"lr": lr, "beta1": b1, "beta2": b2, "eps": eps,
                                 "weight_decay": wd, "steps": steps, "params": len(shapes)})
    write_safetensors(os.path.join(HERE, "adam.safetensors"), tensors, meta)


# A small nested encoder-decoder (conv → BN → act order), 1×12×12 → 1×12×12, batch 3.
ENCODER_DECODER = [
    [("conv", 1, 4, 4, 2, 1, True), ("bn", 4), ("lrelu",),         # 12 → 6
     ("conv", 4, 6, 3, 1, 0, False), ("bn", 6), ("lrelu",),        # 6 → 4
     ("conv", 6, 8, 3, 2, 1, True), ("lrelu",)],                   # 4 → 2
    [("convT", 8, 6, 3, 2, 1, True), ("bn", 6), ("relu",),         # 2 → 3
     ("convT", 6, 4, 4, 1, 0, False), ("bn", 4), ("relu",),        # 3 → 6
     ("convT", 4, 1, 4, 2, 1, True), ("tanh",)],                   # 6 → 12
]


def architecture_json(blocks):
    def layer(spec):
        kind = spec[0]
        if kind in ("conv", "convT"):
            _, ci, co, k, s, p, bias = spec
            return {"type": "Conv2d" if kind == "conv" else "ConvTranspose2d",
                    "in_channels": ci, "out_channels": co, "kernel_size": k, "stride": s,
                    "padding": p, "bias": bias}
        if kind == "bn":
            return {"type": "BatchNorm2d", "num_features": spec[1], "eps": 1e-5, "momentum": 0.1}
        if kind == "lrelu":
            return {"type": "LeakyReLU", "negative_slope": 0.2}
        return {"type": {"relu": "ReLU", "tanh": "Tanh"}[kind]}
    return {"type": "Sequential",
            "layers": [{"type": "Sequential", "layers": [layer(s) for s in block]} for block in blocks]}


def run_network(blocks, params, x, train, gy):
    """Forward (train: batch statistics + running update; else running statistics) and backward.
    Returns output, grad input, parameter gradients and updated running statistics by key."""
    tape = []
    h = x
    new_state = {}
    for bi, block in enumerate(blocks):
        for li, spec in enumerate(block):
            key = f"{bi}.{li}"
            kind = spec[0]
            if kind == "conv":
                _, ci, co, k, s, p, bias = spec
                w, b = params[key + ".weight"], params.get(key + ".bias")
                inp = h
                h = conv2d(inp, w, b, s, p)
                tape.append((key, "conv", lambda g, inp=inp, w=w, s=s, p=p: conv2d_backward(inp, w, s, p, g), bias))
            elif kind == "convT":
                _, ci, co, k, s, p, bias = spec
                w, b = params[key + ".weight"], params.get(key + ".bias")
                inp = h
                h = conv_transpose2d(inp, w, b, s, p)
                tape.append((key, "conv", lambda g, inp=inp, w=w, s=s, p=p: conv_transpose2d_backward(inp, w, s, p, g), bias))
            elif kind == "bn":
                g_, b_ = params[key + ".weight"], params[key + ".bias"]
                rm, rv = params[key + ".running_mean"], params[key + ".running_var"]
                if train:
                    h, nm, nv, back = batchnorm_train(h, g_, b_, rm, rv, float(np.float32(1e-5)), float(np.float32(0.1)))
                    new_state[key + ".running_mean"] = nm
                    new_state[key + ".running_var"] = nv
                else:
                    h, back = batchnorm_eval(h, g_, b_, rm, rv, float(np.float32(1e-5)))
                tape.append((key, "bn", back, True))
            else:
                h, back = activation({"lrelu": "leaky_relu", "relu": "relu", "tanh": "tanh"}[kind], h)
                tape.append((key, "act", back, False))
    y = h
    g = gy
    grads = {}
    for key, kind, back, bias in reversed(tape):
        if kind == "act":
            g = back(g)
        else:
            g, gw, gb = back(g)
            grads[key + ".weight"] = gw
            if bias:
                grads[key + ".bias"] = gb
    return y, g, grads, new_state


def make_encoder_decoder(rng):
    params = []  # state_dict order: per module, parameters then buffers
    for bi, block in enumerate(ENCODER_DECODER):
        for li, spec in enumerate(block):
            key = f"{bi}.{li}"
            if spec[0] == "conv":
                _, ci, co, k, s, p, bias = spec
                params.append((key + ".weight", f32(rng.standard_normal((co, ci, k, k)) * 0.4)))
                if bias:
                    params.append((key + ".bias", f32(rng.standard_normal(co) * 0.2)))
            elif spec[0] == "convT":
                _, ci, co, k, s, p, bias = spec
                params.append((key + ".weight", f32(rng.standard_normal((ci, co, k, k)) * 0.4)))
                if bias:
                    params.append((key + ".bias", f32(rng.standard_normal(co) * 0.2)))
            elif spec[0] == "bn":
                c = spec[1]
                params += [(key + ".weight", f32(rng.uniform(0.5, 1.5, c))),
                           (key + ".bias", f32(rng.standard_normal(c) * 0.3)),
                           (key + ".running_mean", f32(rng.standard_normal(c) * 0.3)),
                           (key + ".running_var", f32(rng.uniform(0.5, 2.0, c)))]
    lookup = dict(params)
    x = f32(rng.standard_normal((3, 1, 12, 12)))
    gy = f32(rng.standard_normal((3, 1, 12, 12)))
    y_eval, gx_eval, _, _ = run_network(ENCODER_DECODER, lookup, x, False, gy)
    y_train, gx_train, grads, new_state = run_network(ENCODER_DECODER, lookup, x, True, gy)
    arch = json.dumps(architecture_json(ENCODER_DECODER), separators=(",", ":"))
    write_safetensors(os.path.join(HERE, "encoder_decoder.model.safetensors"), params,
                      {"ign.architecture": arch, "ign.format": "1",
                       "note": "fixture: nested encoder-decoder, random weights"})
    expected = [("input", x), ("grad_output", gy), ("eval.output", y_eval),
                ("eval.grad_input", gx_eval), ("train.output", y_train),
                ("train.grad_input", gx_train)]
    expected += [("train.grad." + k, v) for k, v in grads.items()]
    expected += [("train.state." + k, v) for k, v in new_state.items()]
    write_safetensors(os.path.join(HERE, "encoder_decoder.expected.safetensors"), expected)


def main():
    rng = np.random.default_rng(20240611)
    make_conv(rng)
    make_conv_transpose(rng)
    make_batchnorm(rng)
    make_activations(rng)
    make_dropout(rng)
    make_distance(rng)
    make_adam(rng)
    make_encoder_decoder(rng)


if __name__ == "__main__":
    main()
