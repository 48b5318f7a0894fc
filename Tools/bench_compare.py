#!/usr/bin/env python3
"""Benchmarks the IGN reference layouts in PyTorch (CPU, 2 threads) and ONNX Runtime
(2 threads), one measurement per process, and reports ign-bench's figures against them.
Run by Tools/bench-compare.sh, which prepares the venvs and alternates the engines; each
mode runs in the venv that has its package:

    bench_compare.py export ONNX_DIR                           # PyTorch → ONNX, both layouts
    bench_compare.py torch  OUT.json --layout L --kind K --batch B [--repeats N]
    bench_compare.py ort    OUT.json ONNX_DIR --layout L --batch B [--repeats N]
    bench_compare.py report WORK_DIR                           # the ratio tables

Each measurement is the median of N timed runs after warm-up, like ign-bench's, written as
a one-element JSON list. The script runs ign, PyTorch and ONNX Runtime back to back for one
measurement, then again for the next round (ABAB…), and names the files
ENGINE.LAYOUT.KIND.BATCH.ROUND.json; `report` pairs the engines' samples of the same round,
so a slow phase of a shared machine hits both sides of a ratio, and prints the median of
the per-round ratios and each side's median.

Inference uses eval mode (running statistics); the training step is
pytorch_reference.ign_step (four forward passes including the frozen copy, per-sample L1,
clamped tightness, Adam).
"""
import glob
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SHAPES = {"mnist28": (1, 28, 28), "celeba64": (3, 64, 64)}


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
    """Seconds per call; small batches are timed in groups of 64 images, as ign-bench does."""
    calls = max(1, 64 // batch)

    def group():
        for _ in range(calls):
            fn()
    return median_time(group, repeats) / calls


def write(out_path, layout, kind, batch, seconds, **extra):
    """Writes one figure to `out_path` and echoes it to stderr."""
    row = {"layout": layout, "kind": kind, "batch": batch, "seconds": seconds,
           "imagesPerSecond": batch / seconds}
    row.update(extra)
    with open(out_path, "w") as f:
        json.dump([row], f)
    print(f"  {extra.get('engine', '?')} {layout} {kind} batch {batch}: {seconds * 1000:.3f} ms", file=sys.stderr)


def torch_model(layout):
    import torch
    sys.path.insert(0, HERE)
    import pytorch_reference as ref
    if torch.get_num_interop_threads() != 1:  # settable once per process
        torch.set_num_threads(2)
        torch.set_num_interop_threads(1)
    model = ref.LAYOUTS[layout][0]()
    ref.dcgan_init(model, torch.Generator().manual_seed(1))
    return model, ref


def run_export(onnx_dir):
    import torch
    os.makedirs(onnx_dir, exist_ok=True)
    for layout, shape in SHAPES.items():
        model, _ = torch_model(layout)
        model.eval()
        example = torch.zeros((1,) + shape)
        kwargs = dict(input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "n"}, "y": {0: "n"}},
                      opset_version=17)
        path = os.path.join(onnx_dir, f"{layout}.onnx")
        try:
            torch.onnx.export(model, (example,), path, dynamo=False, **kwargs)
        except TypeError:  # older torch without the dynamo switch
            torch.onnx.export(model, (example,), path, **kwargs)
    print(f"torch {torch.__version__} (CPU capability {torch.backends.cpu.get_cpu_capability()}, "
          f"{torch.get_num_threads()} threads)")


def run_torch(out_path, layout, kind, batch, repeats):
    import torch
    model, ref = torch_model(layout)
    shape = SHAPES[layout]
    if kind == "inference":
        model.eval()
        x = torch.tanh(torch.randn((batch,) + shape))
        with torch.inference_mode():
            seconds = per_call(lambda: model(x), batch, repeats)
    else:
        model.train()
        model_copy = ref.frozen_copy(model)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-4, betas=(0.5, 0.999))
        x = torch.tanh(torch.randn((batch,) + shape))
        z = torch.randn((batch,) + shape)
        train_repeats = repeats if layout == "mnist28" else max(3, repeats // 2)
        seconds = median_time(lambda: ref.ign_step(model, model_copy, optimizer, x, z), train_repeats, warmup=1)
    write(out_path, layout, kind, batch, seconds, engine="torch", version=torch.__version__)


def run_ort(out_path, onnx_dir, layout, batch, repeats):
    import numpy as np
    import onnxruntime as ort
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(os.path.join(onnx_dir, f"{layout}.onnx"), options,
                                   providers=["CPUExecutionProvider"])
    x = np.tanh(np.random.default_rng(2).standard_normal((batch,) + SHAPES[layout])).astype(np.float32)
    seconds = per_call(lambda: session.run(None, {"x": x}), batch, repeats)
    write(out_path, layout, "inference", batch, seconds, engine="ort", version=ort.__version__)


def load_samples(work_dir):
    """{(layout, kind, batch): {engine: {round: row}}} from the files the script wrote."""
    samples = {}
    for path in glob.glob(os.path.join(work_dir, "*.*.*.*.*.json")):
        engine, layout, kind, batch, rnd = os.path.basename(path)[:-len(".json")].split(".")
        with open(path) as f:
            rows = [r for r in json.load(f) if r.get("kind") == kind and r.get("batch") == int(batch)]
        if rows:
            samples.setdefault((layout, kind, int(batch)), {}).setdefault(engine, {})[int(rnd)] = rows[0]
    return samples


def paired(ours, theirs):
    """The median of per-round ratios (our images/s over theirs) and the rounds paired."""
    rounds = sorted(set(ours) & set(theirs))
    ratios = [ours[r]["imagesPerSecond"] / theirs[r]["imagesPerSecond"] for r in rounds]
    return (statistics.median(ratios), min(ratios), max(ratios), len(rounds)) if ratios else None


def report(work_dir):
    samples = load_samples(work_dir)
    header = os.path.join(work_dir, "machine.txt")
    if os.path.exists(header):
        with open(header) as f:
            print(f.read().rstrip())
    print("images/s: median of each engine's samples; ratio: median of the per-round ratios (min–max), "
          "each round ign then PyTorch then ONNX Runtime back to back")
    print(f"{'layout':9} {'what':10} {'batch':>5} {'ign img/s':>10} {'GFLOP/s':>8} {'torch img/s':>11} "
          f"{'ign/torch':>20} {'ORT img/s':>10} {'ign/ORT':>20} {'pairs':>5}")
    order = sorted(samples, key=lambda k: (k[0] != "mnist28", k[1] != "inference", k[2]))
    table = []
    for key in order:
        engines = samples[key]
        ign = engines.get("ign", {})
        if not ign:
            continue

        def median_rate(engine):
            rows = engines.get(engine, {})
            return statistics.median(r["imagesPerSecond"] for r in rows.values()) if rows else None

        def cell(engine):
            rate = median_rate(engine)
            ratio = paired(ign, engines.get(engine, {}))
            if rate is None or ratio is None:
                return f"{'-':>11} {'-':>20}", None
            text = f"{ratio[0]:.2f}× ({ratio[1]:.2f}–{ratio[2]:.2f})"
            return f"{rate:>11.1f} {text:>20}", ratio
        gflops = statistics.median(r["gflops"] for r in ign.values())
        torch_cell, torch_ratio = cell("torch")
        ort_cell, ort_ratio = cell("ort")
        pairs = max((r[3] for r in (torch_ratio, ort_ratio) if r), default=0)
        print(f"{key[0]:9} {key[1]:10} {key[2]:>5} {median_rate('ign'):>10.1f} {gflops:>8.1f} "
              f"{torch_cell} {ort_cell} {pairs:>5}")
        table.append({"layout": key[0], "kind": key[1], "batch": key[2], "ign": median_rate("ign"),
                      "torch": median_rate("torch"), "ort": median_rate("ort"),
                      "ignOverTorch": torch_ratio and torch_ratio[0], "ignOverORT": ort_ratio and ort_ratio[0]})
    with open(os.path.join(work_dir, "report.json"), "w") as f:
        json.dump(table, f, indent=1)


def option(name, default=None, kind=str):
    if name in sys.argv:
        return kind(sys.argv[sys.argv.index(name) + 1])
    if default is None:
        sys.exit(f"{name} is required")
    return default


def main():
    mode = sys.argv[1]
    if mode == "export":
        run_export(sys.argv[2])
    elif mode == "torch":
        run_torch(sys.argv[2], option("--layout"), option("--kind"), option("--batch", kind=int),
                  option("--repeats", 3, int))
    elif mode == "ort":
        run_ort(sys.argv[2], sys.argv[3], option("--layout"), option("--batch", kind=int), option("--repeats", 3, int))
    elif mode == "report":
        report(sys.argv[2])
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
