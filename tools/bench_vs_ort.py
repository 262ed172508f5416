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

KILN_ENV = dict(os.environ)  # the environment of kiln_bench_cpu (plus --kiln-env settings)
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


def time_kiln(bench, models, threads, warmup, iterations, engine_level=None):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "kiln.json")
        cmd = [bench, "--threads", str(threads), "--warmup", str(warmup), "--iterations", str(iterations),
               "--json", out] + models
        if engine_level is not None:
            cmd += ["--engine", str(engine_level)]
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=KILN_ENV)
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


def measure(args, models, threads):
    """Returns the Markdown table for one thread count."""
    # Rounds alternate Kiln and ORT so that a burst of load from other processes hits both; each
    # side keeps its best per-round median.
    best_kiln, best_engine, best_ort, errors = {}, {}, {}, {}

    def keep_best(best, results):
        for case_dir in models:
            k = results.get(case_dir, {})
            if "median_ms" in k:
                best[case_dir] = min(best.get(case_dir, float("inf")), k["median_ms"])
            else:
                errors[case_dir] = k.get("error", "no result")

    for _ in range(args.rounds):
        keep_best(best_kiln, time_kiln(args.bench, models, threads, args.warmup, args.iterations))
        keep_best(best_engine, time_kiln(args.bench, models, threads, args.warmup, args.iterations, args.engine_level))
        for case_dir in models:
            ort_ms = statistics.median(time_ort(case_dir, threads, args.warmup, args.iterations))
            best_ort[case_dir] = min(best_ort.get(case_dir, float("inf")), ort_ms)

    def cell(best, case_dir):
        ms = best.get(case_dir)
        return f"{ms:.3f}" if ms is not None else f"error: {errors.get(case_dir)}"

    def ratio(best, case_dir):
        ms, ort_ms = best.get(case_dir), best_ort[case_dir]
        return f"{ms / ort_ms:.2f}x" if ms is not None and ort_ms > 0 else "-"

    lines = [f"| model | kiln reference ms | kiln engine (level {args.engine_level}) ms | ORT ms "
             "| reference / ORT | engine / ORT |", "|---|---:|---:|---:|---:|---:|"]
    for case_dir in models:
        lines.append(f"| {os.path.basename(case_dir)} | {cell(best_kiln, case_dir)} | {cell(best_engine, case_dir)} "
                     f"| {best_ort[case_dir]:.3f} | {ratio(best_kiln, case_dir)} | {ratio(best_engine, case_dir)} |")
    return "\n".join(lines) + "\n"


def main():
    import onnxruntime as ort

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", help="model folders (default: samples and ../shared/models)")
    parser.add_argument("--threads", default=str(os.cpu_count() or 1),
                        help="thread count, or a comma-separated list (one table each)")
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3, help="alternating Kiln/ORT rounds; best median kept")
    parser.add_argument("--kiln-env", action="append", default=[], metavar="KEY=VALUE",
                        help="environment variable for kiln_bench_cpu only (e.g. OMP_WAIT_POLICY=passive)")
    parser.add_argument("--engine-level", type=int, default=3, help="optimization level of the engine column")
    parser.add_argument("--note", action="append", default=[], help="a paragraph to add to the report")
    parser.add_argument("--bench", default=os.path.join(ROOT, "build", "benchmarks", "kiln_bench_cpu"))
    parser.add_argument("--doc", default=os.path.join(ROOT, "docs", "benchmarks.md"),
                        help="Markdown file to write ('' to skip)")
    args = parser.parse_args()
    models = [os.path.normpath(os.path.abspath(m)) for m in args.models] or default_models()
    if not os.path.exists(args.bench):
        sys.exit(f"bench_vs_ort: {args.bench} not found; build it with: ninja -C build kiln_bench_cpu")

    for setting in args.kiln_env:
        key, sep, value = setting.partition("=")
        if not sep:
            sys.exit(f"bench_vs_ort: --kiln-env wants KEY=VALUE, got '{setting}'")
        KILN_ENV[key] = value
    thread_counts = [int(t) for t in str(args.threads).split(",") if t.strip()]
    load_before = os.getloadavg()[0]
    tables = []
    for threads in thread_counts:
        tables.append((threads, measure(args, models, threads)))
    load_after = os.getloadavg()[0]
    print()
    for threads, table in tables:
        print(f"{threads} thread(s):")
        print(table)

    if args.doc:
        tables_md = "".join(f"### {t} thread(s)\n\n{table}\n" for t, table in tables)
        date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        doc = f"""# CPU benchmark: Kiln vs ONNX Runtime

Median wall time of one inference ({args.warmup} warm-up and {args.iterations} timed runs; the best
median of {args.rounds} rounds that alternate Kiln and ORT), on the inputs of each model's
`test_data_set_0`. Both sides use the same thread count T: Kiln via `kiln_bench_cpu --threads T`
(Kiln's own thread pool; fp32 GEMMs on Kiln's AVX-512 kernel where the CPU has it, else OpenBLAS
single-threaded inside the pool), once with the unoptimized reference
executor (the oracle the issue's goal is stated for) and once as an engine built at optimization
level {args.engine_level} (`kiln_bench_cpu --engine {args.engine_level}`: fusions and tactic selection, what `kiln run ENGINE` runs),
and ONNX Runtime {ort.__version__} with the CPU execution
provider, `intra_op_num_threads=T`,
`inter_op_num_threads=1`, sequential execution and its default graph optimizations. The ratio is
Kiln / ORT (lower is better; the goal is at most 2x).

- machine: {cpu_model()}, {os.cpu_count()} logical cores, {platform.system()} {platform.release()}
- date: {date}
- load average (1 min) before / after: {load_before:.2f} / {load_after:.2f}
- Kiln commit: {git_commit()}
- environment of kiln_bench_cpu: {" ".join(args.kiln_env) or "inherited, no overrides"}

{tables_md}
Reproduce: `ninja -C build kiln_bench_cpu && python3 tools/bench_vs_ort.py --threads {args.threads}{"".join(" --kiln-env " + e for e in args.kiln_env)}`
(`pip install onnx onnxruntime`). The sample models are tiny (microseconds per run), so their
ratios mostly measure per-node overhead; squeezenet1_1 and bert_tiny (from `../shared/models`,
when present) measure the kernels. With other processes busy on the same cores (a load average
above the core count) both sides slow down.
""" + "".join(f"\n{note}\n" for note in args.note)
        with open(args.doc, "w") as f:
            f.write(doc)
        print(f"wrote {args.doc}")


if __name__ == "__main__":
    main()
