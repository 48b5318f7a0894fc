"""PyTorch versions of the IGN reference layouts and of one IGN training step.

Shared by Tools/check_export.py (export round trip) and Tools/bench_compare.py (speed).
The layouts match Sources/IGN/Architecture.swift layer for layer (conv → BN → activation,
no bias before batch norm), built as nn.Sequential(nn.Sequential(*encoder),
nn.Sequential(*decoder)), so state_dict keys are those of the ign model files.
"""
import copy

import torch
from torch import nn


def mnist28(width=1.0):
    """28×28×1: conv 1→64→128→256→512→512 to 1², transposed convs back to 28²."""
    def ch(n):
        return max(1, round(n * width))
    a, b, c, d, z = ch(64), ch(128), ch(256), ch(512), ch(512)
    encoder = nn.Sequential(
        nn.Conv2d(1, a, 4, 2, 1), nn.LeakyReLU(0.2),
        nn.Conv2d(a, b, 4, 2, 1, bias=False), nn.BatchNorm2d(b), nn.LeakyReLU(0.2),
        nn.Conv2d(b, c, 3, 1, 0, bias=False), nn.BatchNorm2d(c), nn.LeakyReLU(0.2),
        nn.Conv2d(c, d, 3, 1, 0, bias=False), nn.BatchNorm2d(d), nn.LeakyReLU(0.2),
        nn.Conv2d(d, z, 3, 1, 0))
    e, f, g, h = ch(256), ch(128), ch(64), ch(32)
    decoder = nn.Sequential(
        nn.ConvTranspose2d(z, e, 3, 1, 0, bias=False), nn.BatchNorm2d(e), nn.ReLU(),
        nn.ConvTranspose2d(e, f, 3, 1, 0, bias=False), nn.BatchNorm2d(f), nn.ReLU(),
        nn.ConvTranspose2d(f, g, 3, 1, 0, bias=False), nn.BatchNorm2d(g), nn.ReLU(),
        nn.ConvTranspose2d(g, h, 4, 2, 1, bias=False), nn.BatchNorm2d(h), nn.ReLU(),
        nn.ConvTranspose2d(h, 1, 4, 2, 1), nn.Tanh())
    return nn.Sequential(encoder, decoder)


def celeba64():
    """64×64×3: conv 3→64→128→256→512 (k4 s2 p1) → 512 (k4, 1²), transposed convs back."""
    encoder = nn.Sequential(
        nn.Conv2d(3, 64, 4, 2, 1), nn.LeakyReLU(0.2),
        nn.Conv2d(64, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128), nn.LeakyReLU(0.2),
        nn.Conv2d(128, 256, 4, 2, 1, bias=False), nn.BatchNorm2d(256), nn.LeakyReLU(0.2),
        nn.Conv2d(256, 512, 4, 2, 1, bias=False), nn.BatchNorm2d(512), nn.LeakyReLU(0.2),
        nn.Conv2d(512, 512, 4, 1, 0))
    decoder = nn.Sequential(
        nn.ConvTranspose2d(512, 512, 4, 1, 0, bias=False), nn.BatchNorm2d(512), nn.ReLU(),
        nn.ConvTranspose2d(512, 256, 4, 2, 1, bias=False), nn.BatchNorm2d(256), nn.ReLU(),
        nn.ConvTranspose2d(256, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128), nn.ReLU(),
        nn.ConvTranspose2d(128, 64, 4, 2, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
        nn.ConvTranspose2d(64, 3, 4, 2, 1), nn.Tanh())
    return nn.Sequential(encoder, decoder)


def small_mixed():
    """A small 1×12×12 model using every supported layer type, for the committed fixture."""
    return nn.Sequential(
        nn.Sequential(
            nn.Conv2d(1, 6, 4, 2, 1), nn.BatchNorm2d(6), nn.LeakyReLU(0.2), nn.Dropout2d(0.1),
            nn.Conv2d(6, 8, 3, 2, 1, bias=False), nn.BatchNorm2d(8, eps=1e-3, momentum=0.2), nn.ReLU()),
        nn.Sequential(
            nn.ConvTranspose2d(8, 6, 4, 2, 1, bias=False), nn.BatchNorm2d(6), nn.ReLU(),
            nn.ConvTranspose2d(6, 1, 4, 2, 1), nn.Tanh()))


LAYOUTS = {"mnist28": (mnist28, (1, 28, 28)), "celeba64": (celeba64, (3, 64, 64))}


def dcgan_init(model, generator):
    """Conv weights N(0, 0.02), BN weights N(1, 0.02), biases 0 (as the references do)."""
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(module.weight, 0.0, 0.02, generator=generator)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.BatchNorm2d):
            nn.init.normal_(module.weight, 1.0, 0.02, generator=generator)
            nn.init.zeros_(module.bias)


def ign_step(model, model_copy, optimizer, x, z, a=1.5, weights=(20.0, 20.0, 2.5)):
    """One IGN training step as the public references run it: the frozen copy refreshed,
    four forward passes, per-sample L1 losses, tightness clamped with the reconstruction
    loss, backward, Adam."""
    model_copy.load_state_dict(model.state_dict())
    optimizer.zero_grad(set_to_none=False)
    fx = model(x)
    fz = model(z)
    fz_d = fz.detach()
    ffz = model(fz_d)
    f_fz = model_copy(fz)
    rec = (fx - x).abs().mean(dim=(1, 2, 3))
    idem = (f_fz - fz).abs().mean(dim=(1, 2, 3))
    tight = -(ffz - fz_d).abs().mean(dim=(1, 2, 3))
    scale = a * rec.detach()
    tight = torch.tanh(tight / scale) * scale
    loss = (weights[0] * rec + weights[1] * idem + weights[2] * tight).mean()
    loss.backward()
    optimizer.step()
    return loss.item()


def frozen_copy(model):
    model_copy = copy.deepcopy(model)
    for p in model_copy.parameters():
        p.requires_grad_(False)
    return model_copy
