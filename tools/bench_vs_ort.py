#!/usr/bin/env python3
"""Times Kiln's CPU reference run against ONNX Runtime's CPU execution provider.

For each model folder (model.onnx + test_data_set_0/input_N.pb) both run the same inputs with the
same thread count: ONNX Runtime with intra_op_num_threads=N, inter_op_num_threads=1 and sequential
execution (default graph optimizations), Kiln through build/benchmarks/kiln_bench_cpu --threads N.
Prints model | kiln ms | ORT ms | ratio (medians; ratio = kiln / ORT) and writes docs/benchmarks.md
with the machine's CPU, core count and the date.

    pip install onnx onnxruntime
    ninja -C build kiln_bench_cpu
    python3 tools/bench_vs_ort.py [--threads 2] [--iterations 20] [MODEL_DIR ...]
"""
import argparse
import datetime
import glob
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
from onnx import numpy_helper

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def default_models():
    dirs = []
    for root in (os.path.join(ROOT, "resources", "samples"), os.path.join(ROOT, "..", "shared", "models")):
        found = [d for d in sorted(glob.glob(os.path.join(root, "*"))) if os.path.isdir(d) and model_file(d)]
        dirs.extend(os.path.normpath(d) for d in found)
    return dirs


def model_file(case_dir):
    preferred = os.path.join(case_dir, "model.onnx")
    if os.path.exists(preferred):
        return preferred
    found = glob.glob(os.path.join(case_dir, "*.onnx"))
    return found[0] if len(found) == 1 else None


def load_inputs(case_dir, model_path):
    """input_N.pb bound to the N-th non-initializer graph input, as Kiln binds them."""
    model = onnx.load(model_path, load_external_data=False)
    initializers = {t.name for t in model.graph.initializer}
    names = [i.name for i in model.graph.input if i.name not in initializers]
    feeds = {}
    for n, name in enumerate(names):
        path = os.path.join(case_dir, "test_data_set_0", f"input_{n}.pb")
        if not os.path.exists(path):
            break
        tensor = onnx.TensorProto()
        with open(path, "rb") as f:
            tensor.ParseFromString(f.read())
        feeds[name] = numpy_helper.to_array(tensor)
    return feeds


def time_ort(case_dir, threads, warmup, iterations):
    import onnxruntime as ort

    path = model_file(case_dir)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    sess = ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])
    feeds = load_inputs(case_dir, path)
    for _ in range(warmup):
        sess.run(None, feeds)
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        sess.run(None, feeds)
        samples.append((time.perf_counter() - start) * 1000.0)
    return samples


def time_kiln(bench, models, threads, warmup, iterations):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "kiln.json")
        cmd = [bench, "--threads", str(threads), "--warmup", str(warmup), "--iterations", str(iterations),
               "--json", out] + models
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        sys.stdout.write(proc.stdout)
        if not os.path.exists(out):
            sys.exit(f"bench_vs_ort: {bench} wrote no JSON (exit {proc.returncode})")
        with open(out) as f:
            data = json.load(f)
    return {os.path.normpath(m["path"]): m for m in data["models"]}


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def git_commit():
    try:
        return subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True).stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def main():
    import onnxruntime as ort

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", help="model folders (default: samples and ../shared/models)")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--bench", default=os.path.join(ROOT, "build", "benchmarks", "kiln_bench_cpu"))
    parser.add_argument("--doc", default=os.path.join(ROOT, "docs", "benchmarks.md"),
                        help="Markdown file to write ('' to skip)")
    args = parser.parse_args()
    models = [os.path.normpath(os.path.abspath(m)) for m in args.models] or default_models()
    if not os.path.exists(args.bench):
        sys.exit(f"bench_vs_ort: {args.bench} not found; build it with: ninja -C build kiln_bench_cpu")

    kiln = time_kiln(args.bench, models, args.threads, args.warmup, args.iterations)
    rows = []
    for case_dir in models:
        name = os.path.basename(case_dir)
        ort_ms = statistics.median(time_ort(case_dir, args.threads, args.warmup, args.iterations))
        k = kiln.get(case_dir, {})
        kiln_ms = k.get("median_ms")
        ratio = kiln_ms / ort_ms if kiln_ms is not None and ort_ms > 0 else None
        rows.append((name, kiln_ms, ort_ms, ratio, k.get("error")))

    header = "| model | kiln ms | ORT ms | ratio (kiln / ORT) |\n|---|---:|---:|---:|\n"
    lines = []
    for name, kiln_ms, ort_ms, ratio, error in rows:
        kiln_text = f"{kiln_ms:.3f}" if kiln_ms is not None else f"error: {error}"
        ratio_text = f"{ratio:.2f}x" if ratio is not None else "-"
        lines.append(f"| {name} | {kiln_text} | {ort_ms:.3f} | {ratio_text} |")
    table = header + "\n".join(lines) + "\n"
    print()
    print(table)

    if args.doc:
        date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        doc = f"""# CPU benchmark: Kiln reference kernels vs ONNX Runtime

Median wall time of one inference, {args.warmup} warm-up and {args.iterations} timed runs, on the
inputs of each model's `test_data_set_0`. Both sides use {args.threads} thread(s): Kiln via
`kiln_bench_cpu --threads {args.threads}` (OpenMP; OpenBLAS shares the same runtime), ONNX Runtime
{ort.__version__} with the CPU execution provider, `intra_op_num_threads={args.threads}`,
`inter_op_num_threads=1`, sequential execution and its default graph optimizations. The ratio is
Kiln / ORT (lower is better; the goal is at most 2x).

- machine: {cpu_model()}, {os.cpu_count()} logical cores, {platform.system()} {platform.release()}
- date: {date}
- Kiln commit: {git_commit()}

{table}
Reproduce: `ninja -C build kiln_bench_cpu && python3 tools/bench_vs_ort.py --threads {args.threads}`
(`pip install onnx onnxruntime`). The sample models are tiny (microseconds per run), so their
ratios mostly measure per-node overhead; squeezenet1_1 and bert_tiny (from `../shared/models`,
when present) measure the kernels. On a shared machine the numbers move by 10-20% between runs.
"""
        with open(args.doc, "w") as f:
            f.write(doc)
        print(f"wrote {args.doc}")


if __name__ == "__main__":
    main()
