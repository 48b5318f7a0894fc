#!/usr/bin/env python3
"""Converts a whole PyTorch nn.Sequential (saved with torch.save) into an ign model file.

    python3 Tools/export-pytorch.py MODEL.pt OUT.safetensors [--f16] [--meta KEY=VALUE ...]

MODEL.pt must hold a whole module (torch.save(model, path), not a state_dict) whose root is an
nn.Sequential; nested nn.Sequential containers are allowed. Supported layers and what is read
from them:

    Conv2d, ConvTranspose2d   in/out channels, square kernel, stride, padding, bias
                              (groups = 1, dilation = 1, padding_mode = 'zeros',
                              output_padding = 0 required)
    BatchNorm2d               num_features, eps, momentum (affine and running statistics required)
    ReLU, LeakyReLU, Tanh     negative_slope for LeakyReLU
    Dropout2d                 p

Anything else is refused with a message naming the module's dotted path. The output is a
safetensors file (see ModelFile in Sources/IGNSafeTensors): every tensor under its state_dict key
(num_batches_tracked left out), F32 or with --f16 F16, and in __metadata__ the architecture as
JSON under "ign.architecture", "ign.format" = "1", "ign.source" and any --meta pairs.

Needs torch (any recent CPU build). Loading a whole module runs pickle: only export files
you trust.
"""
import argparse
import json
import struct
import sys

import numpy as np


class ExportError(Exception):
    pass


def _pair(value, what, path):
    """A square hyper-parameter as one int (PyTorch stores tuples)."""
    if isinstance(value, str):
        raise ExportError(f"{path}: {what}='{value}' is not supported (give explicit numbers)")
    if isinstance(value, int):
        return value
    values = tuple(value)
    if len(values) != 2 or values[0] != values[1]:
        raise ExportError(f"{path}: {what}={values} is not supported (square only)")
    return int(values[0])


def describe(module, path, nn):
    """The LayerSpec JSON object of one module (recursing into Sequential)."""
    name = type(module).__name__
    where = path or "<root>"
    if type(module) is nn.Sequential:
        return {"type": "Sequential",
                "layers": [describe(child, f"{path}.{key}" if path else key, nn)
                           for key, child in module.named_children()]}
    if type(module) in (nn.Conv2d, nn.ConvTranspose2d):
        if module.groups != 1:
            raise ExportError(f"{where}: {name} with groups={module.groups} is not supported (groups must be 1)")
        if _pair(module.dilation, "dilation", where) != 1:
            raise ExportError(f"{where}: {name} with dilation={module.dilation} is not supported (dilation must be 1)")
        if module.padding_mode != "zeros":
            raise ExportError(f"{where}: {name} with padding_mode='{module.padding_mode}' is not supported")
        if type(module) is nn.ConvTranspose2d and _pair(module.output_padding, "output_padding", where) != 0:
            raise ExportError(f"{where}: ConvTranspose2d with output_padding={module.output_padding} is not supported")
        return {"type": name, "in_channels": module.in_channels, "out_channels": module.out_channels,
                "kernel_size": _pair(module.kernel_size, "kernel_size", where),
                "stride": _pair(module.stride, "stride", where),
                "padding": _pair(module.padding, "padding", where),
                "bias": module.bias is not None}
    if type(module) is nn.BatchNorm2d:
        if not module.affine:
            raise ExportError(f"{where}: BatchNorm2d with affine=False is not supported")
        if not module.track_running_stats or module.running_mean is None:
            raise ExportError(f"{where}: BatchNorm2d without running statistics is not supported")
        if module.momentum is None:
            raise ExportError(f"{where}: BatchNorm2d with momentum=None (cumulative average) is not supported")
        return {"type": "BatchNorm2d", "num_features": module.num_features,
                "eps": float(module.eps), "momentum": float(module.momentum)}
    if type(module) is nn.ReLU:
        return {"type": "ReLU"}
    if type(module) is nn.LeakyReLU:
        if not module.negative_slope > 0:
            raise ExportError(f"{where}: LeakyReLU with negative_slope={module.negative_slope} is not supported (must be > 0)")
        return {"type": "LeakyReLU", "negative_slope": float(module.negative_slope)}
    if type(module) is nn.Tanh:
        return {"type": "Tanh"}
    if type(module) is nn.Dropout2d:
        if not 0 <= module.p < 1:
            raise ExportError(f"{where}: Dropout2d with p={module.p} is not supported (must be in [0, 1))")
        return {"type": "Dropout2d", "p": float(module.p)}
    raise ExportError(f"{where}: {type(module).__module__}.{name} is not supported "
                      "(supported: Sequential, Conv2d, ConvTranspose2d, BatchNorm2d, ReLU, LeakyReLU, Tanh, Dropout2d)")


def write_safetensors(path, tensors, metadata, dtype):
    """tensors: list of (name, float ndarray); dtype: '<f4' or '<f2'."""
    header = {"__metadata__": metadata}
    blobs, offset = [], 0
    for name, array in tensors:
        data = np.ascontiguousarray(array, dtype=dtype).tobytes()
        header[name] = {"dtype": "F32" if dtype == "<f4" else "F16", "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def export(model, out_path, f16=False, extra_metadata=None, source="a PyTorch module"):
    """Writes `model` (an nn.Sequential) to `out_path`; returns the architecture object."""
    import torch
    nn = torch.nn
    if type(model) is not nn.Sequential:
        raise ExportError(f"the root module is {type(model).__name__}; export needs an nn.Sequential")
    architecture = describe(model, "", nn)
    tensors = []
    for key, value in model.state_dict().items():
        if key.endswith("num_batches_tracked"):
            continue
        if not value.is_floating_point():
            raise ExportError(f"{key}: tensor of type {value.dtype} is not a floating-point weight")
        array = value.detach().to("cpu", torch.float32).numpy()
        if f16 and np.any(np.abs(array[np.isfinite(array)]) > 65504):
            raise ExportError(f"{key}: values beyond F16's range (65504); export without --f16")
        tensors.append((key, array))
    metadata = {"ign.architecture": json.dumps(architecture, separators=(",", ":")),
                "ign.format": "1", "ign.source": f"export-pytorch.py from {source}"}
    for key, value in (extra_metadata or {}).items():
        if key in ("ign.architecture", "ign.format"):
            raise ExportError(f"metadata key '{key}' is reserved")
        metadata[key] = value
    write_safetensors(out_path, tensors, metadata, "<f2" if f16 else "<f4")
    return architecture


def main(argv=None):
    parser = argparse.ArgumentParser(description="Export a torch.save'd nn.Sequential as an ign model file.")
    parser.add_argument("model", help="file written by torch.save(model, path)")
    parser.add_argument("out", help="the .safetensors model file to write")
    parser.add_argument("--f16", action="store_true", help="store tensors as F16 (half the size)")
    parser.add_argument("--meta", action="append", default=[], metavar="KEY=VALUE",
                        help="extra __metadata__ string (repeatable)")
    args = parser.parse_args(argv)
    try:
        import torch
    except ImportError:
        print("export-pytorch.py: needs torch (pip install torch)", file=sys.stderr)
        return 2
    extra = {}
    for pair in args.meta:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            print(f"export-pytorch.py: --meta expects KEY=VALUE, got '{pair}'", file=sys.stderr)
            return 2
        extra[key] = value
    try:
        model = torch.load(args.model, map_location="cpu", weights_only=False)
    except Exception as error:  # noqa: BLE001 - report any unpickling failure plainly
        print(f"export-pytorch.py: cannot load {args.model}: {error}", file=sys.stderr)
        return 1
    try:
        export(model, args.out, f16=args.f16, extra_metadata=extra, source=args.model.split("/")[-1])
    except ExportError as error:
        print(f"export-pytorch.py: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
