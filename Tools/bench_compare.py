#!/usr/bin/env python3
"""Benchmarks the IGN reference layouts in PyTorch (CPU, 2 threads) and ONNX Runtime
(2 threads), and reports ign-bench's figures against them. Run by Tools/bench-compare.sh,
which prepares the venvs; each mode runs in the venv that has its package:

    bench_compare.py torch  OUT.json ONNX_DIR [--repeats N]   # PyTorch figures + ONNX export
    bench_compare.py ort    OUT.json ONNX_DIR [--repeats N]   # ONNX Runtime figures
    bench_compare.py report IGN.json TORCH.json ORT.json      # the ratio table

Figures are medians of N timed runs after warm-up, like ign-bench's. Inference uses eval
mode (running statistics); the training step is pytorch_reference.ign_step (four forward
passes including the frozen copy, per-sample L1, clamped tightness, Adam).
"""
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BATCHES = [1, 64, 256]
TRAIN_BATCH = 256


def median_time(fn, repeats, warmup=2):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def per_call(fn, batch, repeats):
    calls = max(1, 64 // batch)

    def group():
        for _ in range(calls):
            fn()
    return median_time(group, repeats) / calls


def record(results, engine, layout, kind, batch, seconds):
    """Adds one figure to `results` and echoes it to stderr."""
    results.append({"layout": layout, "kind": kind, "batch": batch, "seconds": seconds,
                    "imagesPerSecond": batch / seconds})
    print(f"{engine} {layout} {kind} batch {batch}: {seconds * 1000:.3f} ms", file=sys.stderr)


def run_torch(out_path, onnx_dir, repeats):
    import torch
    sys.path.insert(0, HERE)
    import pytorch_reference as ref
    torch.set_num_threads(2)
    torch.set_num_interop_threads(1)
    results = []
    for name, (make, shape) in ref.LAYOUTS.items():
        model = make()
        ref.dcgan_init(model, torch.Generator().manual_seed(1))
        model.eval()
        for batch in BATCHES:
            x = torch.tanh(torch.randn((batch,) + shape))
            with torch.inference_mode():
                seconds = per_call(lambda: model(x), batch, repeats)
            record(results, "torch", name, "inference", batch, seconds)
        os.makedirs(onnx_dir, exist_ok=True)
        example = torch.zeros((1,) + shape)
        export_kwargs = dict(input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "n"}, "y": {0: "n"}},
                             opset_version=17)
        try:
            torch.onnx.export(model, (example,), os.path.join(onnx_dir, f"{name}.onnx"), dynamo=False, **export_kwargs)
        except TypeError:  # older torch without the dynamo switch
            torch.onnx.export(model, (example,), os.path.join(onnx_dir, f"{name}.onnx"), **export_kwargs)

        model.train()
        model_copy = ref.frozen_copy(model)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-4, betas=(0.5, 0.999))
        x = torch.tanh(torch.randn((TRAIN_BATCH,) + shape))
        z = torch.randn((TRAIN_BATCH,) + shape)
        train_repeats = repeats if name == "mnist28" else max(3, repeats // 2)
        seconds = median_time(lambda: ref.ign_step(model, model_copy, optimizer, x, z), train_repeats, warmup=1)
        record(results, "torch", name, "training", TRAIN_BATCH, seconds)
    results.append({"version": torch.__version__})
    with open(out_path, "w") as f:
        json.dump(results, f, indent=1)


def run_ort(out_path, onnx_dir, repeats):
    import numpy as np
    import onnxruntime as ort
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    results = []
    shapes = {"mnist28": (1, 28, 28), "celeba64": (3, 64, 64)}
    for name, shape in shapes.items():
        session = ort.InferenceSession(os.path.join(onnx_dir, f"{name}.onnx"), options,
                                       providers=["CPUExecutionProvider"])
        for batch in BATCHES:
            x = np.tanh(np.random.default_rng(2).standard_normal((batch,) + shape)).astype(np.float32)
            seconds = per_call(lambda: session.run(None, {"x": x}), batch, repeats)
            record(results, "onnxruntime", name, "inference", batch, seconds)
    results.append({"version": ort.__version__})
    with open(out_path, "w") as f:
        json.dump(results, f, indent=1)


def report(ign_path, torch_path, ort_path):
    def load(path):
        with open(path) as f:
            rows = json.load(f)
        version = next((r["version"] for r in rows if "version" in r), "")
        return {(r["layout"], r["kind"], r["batch"]): r for r in rows if "layout" in r}, version
    ign, _ = load(ign_path)
    torch_rows, torch_version = load(torch_path)
    ort_rows, ort_version = load(ort_path)
    print(f"PyTorch {torch_version}, ONNX Runtime {ort_version}, both with 2 threads; medians")
    print(f"{'layout':9} {'what':10} {'batch':>5} {'ign img/s':>10} {'GFLOP/s':>8} "
          f"{'torch img/s':>11} {'ign/torch':>9} {'ORT img/s':>10} {'ign/ORT':>8}")
    for key in sorted(ign, key=lambda k: (k[0] != "mnist28", k[1] != "inference", k[2])):
        ours = ign[key]
        theirs = torch_rows.get(key)
        onnx = ort_rows.get(key)
        line = (f"{key[0]:9} {key[1]:10} {key[2]:>5} {ours['imagesPerSecond']:>10.1f} {ours['gflops']:>8.1f} ")
        line += (f"{theirs['imagesPerSecond']:>11.1f} {ours['imagesPerSecond'] / theirs['imagesPerSecond']:>8.2f}×"
                 if theirs else f"{'-':>11} {'-':>9}")
        line += (f" {onnx['imagesPerSecond']:>10.1f} {ours['imagesPerSecond'] / onnx['imagesPerSecond']:>7.2f}×"
                 if onnx else f" {'-':>10} {'-':>8}")
        print(line)


def main():
    mode = sys.argv[1]
    repeats = 7
    if "--repeats" in sys.argv:
        repeats = int(sys.argv[sys.argv.index("--repeats") + 1])
    if mode == "torch":
        run_torch(sys.argv[2], sys.argv[3], repeats)
    elif mode == "ort":
        run_ort(sys.argv[2], sys.argv[3], repeats)
    elif mode == "report":
        report(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
