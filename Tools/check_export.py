#!/usr/bin/env python3
"""Makes PyTorch models for the export check (run by Tools/check-export.sh).

For each model: trains it a few IGN steps so batch-norm statistics are not trivial, saves
the whole module with torch.save, exports it with export-pytorch.py (F32 and F16), and
writes the expected outputs for a fixed input: eval mode ("output.eval") and batch
statistics without dropout ("output.batch_statistics"). Also checks that unsupported
modules are refused with a message.

    check_export.py OUT_DIR [--fixture-dir DIR]   # DIR gets the small committed fixture
"""
import argparse
import copy
import importlib.util
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pytorch_reference as ref  # noqa: E402

spec = importlib.util.spec_from_file_location("export_pytorch", os.path.join(HERE, "export-pytorch.py"))
exporter = importlib.util.module_from_spec(spec)
spec.loader.exec_module(exporter)


def write_f32(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, array in tensors:
        data = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def prepare(name, model, shape, out_dir, steps=3, batch=16, seed=0):
    generator = torch.Generator().manual_seed(seed)
    ref.dcgan_init(model, generator)
    # Move BN affine parameters off their initial values so that they matter.
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5, generator=generator)
                module.bias.normal_(0, 0.2, generator=generator)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3, betas=(0.5, 0.999))
    model_copy = ref.frozen_copy(model)
    for _ in range(steps):
        x = torch.tanh(torch.randn((batch,) + shape, generator=generator))
        z = torch.randn((batch,) + shape, generator=generator)
        ref.ign_step(model, model_copy, optimizer, x, z)
    model_path = os.path.join(out_dir, f"{name}.pt")
    torch.save(model, model_path)

    x = torch.tanh(torch.randn((8,) + shape, generator=generator) * 1.5)
    probe = copy.deepcopy(model)
    with torch.no_grad():
        probe.eval()
        y_eval = probe(x)
        for module in probe.modules():
            if isinstance(module, nn.BatchNorm2d):
                module.train()  # batch statistics; dropout stays off
        y_batch = probe(x)
    write_f32(os.path.join(out_dir, f"{name}.expected.safetensors"),
              [("input", x.numpy()), ("output.eval", y_eval.numpy()), ("output.batch_statistics", y_batch.numpy())])
    return model_path


def check_refusals():
    cases = [
        (nn.Sequential(nn.Conv2d(4, 4, 3, groups=2)), "groups"),
        (nn.Sequential(nn.Conv2d(1, 4, 3, dilation=2)), "dilation"),
        (nn.Sequential(nn.ConvTranspose2d(1, 4, 3, stride=2, output_padding=1)), "output_padding"),
        (nn.Sequential(nn.BatchNorm2d(4, affine=False)), "affine"),
        (nn.Sequential(nn.BatchNorm2d(4, track_running_stats=False)), "running statistics"),
        (nn.Sequential(nn.Conv2d(1, 4, (3, 5))), "square"),
        (nn.Sequential(nn.Conv2d(1, 4, 3, padding="same")), "padding"),
        (nn.Sequential(nn.Conv2d(1, 4, 3, padding_mode="reflect")), "padding_mode"),
        (nn.Sequential(nn.Sequential(nn.MaxPool2d(2))), "0.0: torch.nn.modules.pooling.MaxPool2d"),
        (nn.Conv2d(1, 4, 3), "nn.Sequential"),
    ]
    for model, expected in cases:
        try:
            exporter.export(model, os.devnull)
        except exporter.ExportError as error:
            assert expected in str(error), f"message '{error}' lacks '{expected}'"
            print(f"refused as expected: {error}")
        else:
            raise AssertionError(f"export accepted a model it should refuse ({expected})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir")
    parser.add_argument("--fixture-dir")
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(2)
    check_refusals()
    names = []
    for name, (make, shape) in ref.LAYOUTS.items():
        if name != "mnist28":
            continue  # the export check needs one reference layout; 64×64 is covered by the bench
        path = prepare(name, make(), shape, args.out_dir)
        exporter.export(torch.load(path, weights_only=False), os.path.join(args.out_dir, f"{name}.safetensors"),
                        source=os.path.basename(path))
        exporter.export(torch.load(path, weights_only=False), os.path.join(args.out_dir, f"{name}.f16.safetensors"),
                        f16=True, source=os.path.basename(path))
        names.append(name)
    path = prepare("pytorch_small", ref.small_mixed(), (1, 12, 12), args.out_dir, steps=3, batch=6)
    exporter.export(torch.load(path, weights_only=False), os.path.join(args.out_dir, "pytorch_small.safetensors"),
                    extra_metadata={"note": "PyTorch-made fixture"}, source="pytorch_small.pt")
    names.append("pytorch_small")
    if args.fixture_dir:
        import shutil
        shutil.copy(os.path.join(args.out_dir, "pytorch_small.safetensors"),
                    os.path.join(args.fixture_dir, "pytorch_small.model.safetensors"))
        shutil.copy(os.path.join(args.out_dir, "pytorch_small.expected.safetensors"),
                    os.path.join(args.fixture_dir, "pytorch_small.expected.safetensors"))
    print(" ".join(names))


if __name__ == "__main__":
    main()
