#!/usr/bin/env python3
"""Kiln's GPU benchmark: Kiln's CUDA engines against PyTorch on the same GPU, same run.

Anyone with an NVIDIA GPU, PyTorch (with torchvision, transformers, onnx) and a Kiln build can run it:

    python3 scripts/gpu_bench.py --kiln build/app/kiln [--precision fp16] [--models resnet50,bert]
        [--batches 1,32] [--compile [--compile-mode MODE]] [--out DIR]

For each model (random weights, fixed seed) it exports an ONNX file with PyTorch, builds a Kiln
engine for each batch size (timing the build with an empty and then with a warm timing cache), and
times, in this one process tree, median of --runs runs after warm-up, with CUDA events:
  - Kiln: `kiln run ENGINE` -> its "gpu compute" line (the device layers, CUDA events around them,
    no host copies), without and with --use-cuda-graph;
  - PyTorch eager (channels-last for CNNs, cudnn.benchmark), eager replayed from a CUDA graph, and with
    --compile `torch.compile(mode=--compile-mode)`: "max-autotune" (the default; minutes per model, off
    by default) or "reduce-overhead" (Inductor with CUDA graphs, no autotuning: about a minute per model).
Prints one table (ms and the ratio PyTorch/Kiln: above 1 means Kiln is faster) and writes it as
Markdown and JSON into --out. The GPU machine's logs go to docs/gpu-logs/.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time


def log(*args):
    print(*args, flush=True)


# ----------------------------------------------------------------------------------------------
# Models: (name, builder(batch) -> (module, example inputs dict), is_cnn)


def make_model(name, batch, device="cpu"):
    import torch

    torch.manual_seed(0)
    if name in ("resnet50", "mobilenet_v2", "vit_b_16"):
        import torchvision

        ctor = getattr(torchvision.models, name)
        model = ctor(weights=None).eval()
        x = torch.randn(batch, 3, 224, 224)
        return model, {"input": x}, name != "vit_b_16"
    if name == "bert":
        from transformers import BertConfig, BertModel

        config = BertConfig()  # bert-base: 12 layers, hidden 768, 12 heads
        model = BertModel(config, add_pooling_layer=False).eval()
        ids = torch.randint(0, config.vocab_size, (batch, 128))
        mask = torch.ones(batch, 128, dtype=torch.int64)
        return model, {"input_ids": ids, "attention_mask": mask}, False
    raise SystemExit(f"gpu_bench: unknown model '{name}' (resnet50, mobilenet_v2, vit_b_16, bert)")


def wrap(name, model):
    """HF BERT returns a ModelOutput: wrapped so the export and PyTorch timing see one tensor."""
    import torch

    if name != "bert":
        return model

    class Wrapped(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            return self.m(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    return Wrapped(model).eval()


def export(name, path):
    import torch

    model, inputs, _ = make_model(name, 1)
    model = wrap(name, model)
    names = list(inputs)
    dynamic = {n: {0: "batch"} for n in names}
    dynamic["output"] = {0: "batch"}
    # nn.MultiheadAttention's inference fast path (ViT) exports as an op ONNX lacks.
    if hasattr(torch.backends, "mha"):
        torch.backends.mha.set_fastpath_enabled(False)
    with torch.no_grad():
        torch.onnx.export(model, tuple(inputs.values()), path, input_names=names, output_names=["output"],
                          dynamic_axes=dynamic, opset_version=17, dynamo=False)


# ----------------------------------------------------------------------------------------------
# PyTorch timings


def torch_model(name, batch):
    import torch

    torch.backends.cudnn.benchmark = True
    model, inputs, cnn = make_model(name, batch)
    model = wrap(name, model).cuda().half()
    args = []
    for v in inputs.values():
        v = v.cuda()
        if v.is_floating_point():
            v = v.half()
            if cnn:
                v = v.contiguous(memory_format=torch.channels_last)
        args.append(v)
    if cnn:
        model = model.to(memory_format=torch.channels_last)
    return model, args


def timed(fn, runs, warmup):
    import torch

    start = torch.cuda.Event(enable_timing=True)
    stop = torch.cuda.Event(enable_timing=True)
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    samples = []
    for _ in range(runs):
        start.record()
        fn()
        stop.record()
        stop.synchronize()
        samples.append(start.elapsed_time(stop))
    samples.sort()
    return samples[len(samples) // 2]


def torch_times(name, batch, runs, warmup, do_compile, compile_mode="max-autotune"):
    import torch

    model, args = torch_model(name, batch)
    out = {}
    with torch.inference_mode():
        out["torch eager"] = timed(lambda: model(*args), runs, warmup)
        # Eager replayed from a CUDA graph (static inputs).
        stream = torch.cuda.Stream()
        stream.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(stream):
            for _ in range(3):
                model(*args)
        torch.cuda.current_stream().wait_stream(stream)
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            model(*args)
        out["torch eager + cuda graph"] = timed(graph.replay, runs, warmup)
        if do_compile:
            out.update(compile_times(model, args, runs, warmup, compile_mode))
    del model
    torch.cuda.empty_cache()
    return out


def compile_times(model, args, runs, warmup, compile_mode):
    """torch.compile's time (compiling and the first calls) and median."""
    import torch

    t0 = time.time()
    compiled = torch.compile(model, mode=compile_mode)
    for _ in range(3):  # reduce-overhead records its CUDA graph on a later call
        compiled(*args)
    torch.cuda.synchronize()
    out = {"torch.compile time s": time.time() - t0}
    out["torch.compile " + compile_mode] = timed(lambda: compiled(*args), runs, warmup)
    return out


def compile_background(specs, compile_mode, go_file, json_out, runs, warmup):
    """--compile-bg: compiles each MODEL:BATCH while the GPU machine's correctness checks run, then
    waits for go_file (the timings start when nothing else runs on the GPU) and writes the medians."""
    import torch

    results = {}
    compiled = []
    with torch.inference_mode():
        for spec in specs.split(","):
            name, batch = spec.split(":")
            model, args = torch_model(name, int(batch))
            t0 = time.time()
            c = torch.compile(model, mode=compile_mode)
            for _ in range(3):
                c(*args)
            torch.cuda.synchronize()
            log(f"compile-bg: {spec} compiled in {time.time() - t0:.0f} s")
            compiled.append((spec, c, args, time.time() - t0))
        while not os.path.exists(go_file):
            time.sleep(0.5)
        for spec, c, args, secs in compiled:
            results[spec] = {"torch.compile " + compile_mode: timed(lambda: c(*args), runs, warmup),
                             "torch.compile time s": secs}
            log(f"compile-bg: {spec} {json.dumps(results[spec])}")
    with open(json_out, "w") as f:
        json.dump(results, f)


# ----------------------------------------------------------------------------------------------
# Kiln


def run(cmd, timeout=1800):
    t0 = time.time()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)
    return p.returncode, p.stdout, time.time() - t0


def shapes_flag(name, batch):
    if name == "bert":
        return ["--opt-shapes", f"input_ids:{batch}x128", "--opt-shapes", f"attention_mask:{batch}x128"]
    return ["--opt-shapes", f"input:{batch}x3x224x224"]


def kiln_times(kiln, onnx_path, name, batch, precision, work, runs, warmup, profile_dir=None):
    engine = os.path.join(work, f"{name}_b{batch}.kiln")
    cache = os.path.join(work, f"{name}_b{batch}.cache")
    prec = [] if precision == "fp32" else [f"--{precision}"]
    build = [kiln, "build", onnx_path, "--backend", "cuda", *prec, *shapes_flag(name, batch), "--timing-cache", cache,
             "--save", engine, "--verbose"]
    out = {}
    rc, text, secs = run(build)
    if rc != 0:
        log(text[-3000:])
        return {"error": f"kiln build failed ({rc})"}
    out["build s (empty cache)"] = secs
    layers = re.search(r"(\d+) layers", text)
    fallbacks = len(re.findall(r"falls back to cpu", text))
    for line in [l for l in text.splitlines() if "falls back" in l or "computes in fp32" in l][:8]:
        log(f"  {name} b{batch}: {line.strip()}")
    out["layers"] = int(layers.group(1)) if layers else None
    out["cpu fallbacks"] = fallbacks
    rc, text2, secs = run(build)
    out["build s (warm cache)"] = secs if rc == 0 else None
    # Where each build's time went (kiln build --verbose's phases line).
    for label, t in (("empty", text), ("warm", text2)):
        for line in t.splitlines():
            if line.strip().startswith("phases:"):
                log(f"  {name} b{batch} build ({label} cache) {line.strip()}")
    for graph in (False, True):
        cmd = [kiln, "run", engine, "--iterations", str(runs), "--warmup", str(warmup)]
        if graph:
            cmd.append("--use-cuda-graph")
        if name == "bert":
            cmd += ["--val-range", "input_ids:0,30000", "--val-range", "attention_mask:1,2"]
        rc, text, _ = run(cmd)
        m = re.search(r"gpu compute: median ([0-9.]+) ms", text)
        key = "kiln + cuda graph" if graph else "kiln"
        if rc != 0 or not m:
            log(text[-2000:])
            out[key] = None
            out[key + " error"] = text.strip().splitlines()[-1] if text.strip() else f"exit {rc}"
        else:
            out[key] = float(m.group(1))
            lat = re.search(r"latency: median ([0-9.]+) ms", text)
            if lat:
                out[key + " latency (with host copies)"] = float(lat.group(1))
    if profile_dir:
        # Kiln's own per-layer profile of the engine (where the time goes), one file per engine.
        cmd = [kiln, "run", engine, "--iterations", "20", "--warmup", "5", "--dump-profile"]
        if name == "bert":
            cmd += ["--val-range", "input_ids:0,30000", "--val-range", "attention_mask:1,2"]
        rc, text, _ = run(cmd)
        os.makedirs(profile_dir, exist_ok=True)
        with open(os.path.join(profile_dir, f"profile_{name}_b{batch}_{precision}.txt"), "w") as f:
            f.write(text)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kiln", required=True, help="the kiln executable")
    ap.add_argument("--models", default="resnet50,mobilenet_v2,vit_b_16,bert")
    ap.add_argument("--batches", default="1,32")
    ap.add_argument("--precision", default="fp16", choices=["fp32", "tf32", "fp16", "bf16"],
                    help="Kiln's build flag (PyTorch always runs fp16)")
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--compile", action="store_true", help="also torch.compile (slow)")
    ap.add_argument("--compile-mode", default="max-autotune", choices=["max-autotune", "reduce-overhead", "default"],
                    help="torch.compile's mode with --compile")
    ap.add_argument("--compile-bg", default=None, metavar="MODEL:BATCH,...",
                    help="compile these with torch.compile, wait for --go-file, time them, write --compiled-json; nothing else")
    ap.add_argument("--go-file", default=None)
    ap.add_argument("--compiled-json", default=None,
                    help="with --compile-bg: where to write; else: torch.compile times (of a --compile-bg run) to add to the table")
    ap.add_argument("--out", default=None)
    ap.add_argument("--profile", action="store_true",
                    help="also write each Kiln engine's per-layer profile (kiln run --dump-profile) to --out")
    ap.add_argument("--work", default=None, help="folder for the ONNX files and engines (default: temporary)")
    a = ap.parse_args()

    import torch

    if a.compile_bg:
        compile_background(a.compile_bg, a.compile_mode, a.go_file, a.compiled_json, a.runs, a.warmup)
        return 0
    compiled = {}
    if a.compiled_json and os.path.exists(a.compiled_json):
        with open(a.compiled_json) as f:
            compiled = json.load(f)

    log(f"gpu_bench: {torch.cuda.get_device_name(0)}, torch {torch.__version__}, cudnn "
        f"{torch.backends.cudnn.version()}, date {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    work = a.work or tempfile.mkdtemp(prefix="kiln_bench_")
    os.makedirs(work, exist_ok=True)
    rows = []
    for name in a.models.split(","):
        onnx_path = os.path.join(work, f"{name}.onnx")
        if not os.path.exists(onnx_path):
            t0 = time.time()
            export(name, onnx_path)
            log(f"exported {name} in {time.time() - t0:.1f} s")
        for batch in [int(b) for b in a.batches.split(",")]:
            row = {"model": name, "batch": batch, "kiln precision": a.precision}
            row.update(kiln_times(a.kiln, onnx_path, name, batch, a.precision, work, a.runs, a.warmup,
                                  a.out if a.profile else None))
            row.update(torch_times(name, batch, a.runs, a.warmup, a.compile, a.compile_mode))
            row.update(compiled.get(f"{name}:{batch}", {}))
            rows.append(row)
            log(json.dumps(row))

    cols = ["kiln", "kiln + cuda graph", "torch eager", "torch eager + cuda graph", "torch.compile " + a.compile_mode]
    lines = ["| model | batch | " + " | ".join(cols) +
             " | eager+graph / kiln+graph | compile / kiln+graph | build s (empty, warm cache) |",
             "|---|---|" + "---|" * len(cols) + "---|---|---|"]
    for r in rows:
        def cell(k):
            v = r.get(k)
            return "–" if v is None else f"{v:.3f}"
        ratio = "–"
        if r.get("kiln + cuda graph") and r.get("torch eager + cuda graph"):
            ratio = f"{r['torch eager + cuda graph'] / r['kiln + cuda graph']:.2f}"
        cratio = "–"
        if r.get("kiln + cuda graph") and r.get("torch.compile " + a.compile_mode):
            cratio = f"{r['torch.compile ' + a.compile_mode] / r['kiln + cuda graph']:.2f}"
        b = r.get("build s (empty cache)")
        w = r.get("build s (warm cache)")
        build = "–" if b is None else f"{b:.1f}, {w:.1f}" if w is not None else f"{b:.1f}, –"
        lines.append(f"| {r['model']} | {r['batch']} | " + " | ".join(cell(c) for c in cols) + f" | {ratio} | {cratio} | {build} |")
    table = "\n".join(lines)
    log("\nmedian ms (Kiln: gpu compute; PyTorch: CUDA events around the call); Kiln precision " + a.precision)
    log(table)
    if a.out:
        os.makedirs(a.out, exist_ok=True)
        with open(os.path.join(a.out, "gpu_bench.md"), "w") as f:
            f.write(table + "\n")
        with open(os.path.join(a.out, "gpu_bench.json"), "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
