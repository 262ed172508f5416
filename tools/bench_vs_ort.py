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

Zoo mode (--zoo DIR, the folder tools/make_zoo.py wrote): for each model it also checks accuracy
(`kiln run MODEL --test-data` for the reference executor against ONNX Runtime's outputs, `kiln
build` at level 3 for the engine and its fusion timing summary, `kiln run ENGINE --test-data` and
`kiln compare --engine ENGINE --per-layer` for every fused-layer boundary), times ONNX Runtime,
Kiln's reference executor and the level-3 engine at each thread count (iterations sized per model
from a first ORT run), and replaces that zoo's section of docs/benchmarks.md (between the
`<!-- NAME:begin -->` and `<!-- NAME:end -->` markers, NAME the zoo folder's name) with the per-model table and geometric means.

    python3 tools/bench_vs_ort.py --zoo ../zoo_small --threads 1,2
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
    parser.add_argument("--zoo", help="zoo folder from tools/make_zoo.py: check accuracy and time every model in it "
                                          "(MODEL_DIRs then pick some of them), write the zoo section of --doc")
    parser.add_argument("--seconds", type=float, default=1.0, help="zoo mode: about this long per measurement")
    parser.add_argument("--timeout", type=int, default=600, help="zoo mode: limit of each kiln command, seconds")
    parser.add_argument("--commit", help="zoo mode: the Kiln commit --bench was built from (default: this checkout's)")
    parser.add_argument("--results", help="zoo mode: JSON file of finished models, read to skip them, written after each")
    args = parser.parse_args()
    if not os.path.exists(args.bench):
        sys.exit(f"bench_vs_ort: {args.bench} not found; build it with: ninja -C build kiln_bench_cpu")
    if args.zoo:
        for setting in args.kiln_env:
            key, _, value = setting.partition("=")
            KILN_ENV[key] = value
        sys.exit(zoo_main(args))
    models = [os.path.normpath(os.path.abspath(m)) for m in args.models] or default_models()

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


# --- zoo mode ------------------------------------------------------------------------------------

def zoo_markers(zoo):
    """One section per zoo folder name (zoo, zoo_small), so a run on one keeps the other's table."""
    name = os.path.basename(os.path.normpath(zoo))
    return f"<!-- {name}:begin -->", f"<!-- {name}:end -->"


def run_cmd(cmd, timeout):
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout,
                              env=KILN_ENV)
        return proc.returncode, proc.stdout
    except subprocess.TimeoutExpired as e:
        return 124, (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or "")


def last_error_line(text):
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    for l in reversed(lines):
        if l.startswith("kiln:") or "FAIL" in l or "error" in l.lower():
            return l[:200]
    return lines[-1][:200] if lines else "no output"


def zoo_check(kiln, case_dir, tmp, timeout):
    """Accuracy of the reference run and the level-3 engine, and the engine's fusion decisions."""
    import re

    model = model_file(case_dir)
    r = {}
    rc, out = run_cmd([kiln, "run", model, "--test-data", case_dir, "--threads", "1"], timeout)
    r["reference_vs_ort"] = "match" if rc == 0 else f"FAIL (exit {rc}): {last_error_line(out)}"
    engine = os.path.join(tmp, os.path.basename(case_dir) + ".kiln")
    rc, out = run_cmd([kiln, "build", model, "--save", engine], timeout)
    if rc != 0:
        r["engine_vs_ort"] = r["per_layer"] = f"build FAIL (exit {rc}): {last_error_line(out)}"
        return r
    m = re.search(r"(\d+) -> (\d+) nodes", out)
    r["layers"] = f"{m.group(1)} -> {m.group(2)}" if m else "?"
    m = re.search(r"fusions timed against their unfused nodes: (\d+) kept, (\d+) reverted", out)
    r["fusions"] = f"{m.group(1)} kept, {m.group(2)} reverted" if m else "-"
    rc, out = run_cmd([kiln, "run", engine, "--test-data", case_dir, "--threads", "1"], timeout)
    r["engine_vs_ort"] = "match" if rc == 0 else f"FAIL (exit {rc}): {last_error_line(out)}"
    export = os.path.join(tmp, "compare.json")
    rc, out = run_cmd([kiln, "compare", model, "--engine", engine, "--test-data", case_dir, "--per-layer",
                       "--threads", "1", "--export", export], timeout)
    if rc == 0:
        r["per_layer"] = "all pass"
    else:
        first = "?"
        try:
            with open(export) as f:
                sets = json.load(f).get("sets", [])
            first = next((str(s.get("first_failing_layer")) for s in sets if s.get("first_failing_layer")), "?")
        except (OSError, ValueError):
            pass
        r["per_layer"] = f"FAIL (exit {rc}): first failing layer {first}: {last_error_line(out)}"
    return r


def zoo_time(args, case_dir, threads):
    """Best-of-rounds medians (ms) of ORT, Kiln's reference executor and the engine."""
    probe = statistics.median(time_ort(case_dir, threads, 1, 3))
    iterations = max(5, min(args.iterations, int(args.seconds * 1000.0 / max(probe, 1e-3))))
    best = {"ort": float("inf"), "reference": float("inf"), "engine": float("inf")}
    errors = {}
    for _ in range(args.rounds):
        for key, level in (("reference", None), ("engine", args.engine_level)):
            res = time_kiln(args.bench, [case_dir], threads, args.warmup, iterations, level).get(case_dir, {})
            if "median_ms" in res:
                best[key] = min(best[key], res["median_ms"])
            else:
                errors[key] = res.get("error", "no result")
        best["ort"] = min(best["ort"], statistics.median(time_ort(case_dir, threads, args.warmup, iterations)))
    return best, errors, iterations


def geomean(values):
    values = [v for v in values if v and v > 0 and v != float("inf")]
    return float(np.exp(np.mean(np.log(values)))) if values else float("nan")


def zoo_main(args):
    import onnxruntime as ort

    zoo = os.path.abspath(args.zoo)
    index = {}
    if os.path.exists(os.path.join(zoo, "index.json")):
        with open(os.path.join(zoo, "index.json")) as f:
            index = {e["name"]: e for e in json.load(f).get("models", [])}
    models = [os.path.normpath(m) for m in (args.models or sorted(glob.glob(os.path.join(zoo, "*"))))
              if os.path.isdir(m) and model_file(m)]
    kiln = os.path.join(os.path.dirname(os.path.dirname(args.bench)), "app", "kiln")
    thread_counts = [int(t) for t in str(args.threads).split(",") if t.strip()]
    load_before = os.getloadavg()[0]
    # --results keeps every finished model, so a long run that stops (a rebuilt library, a full
    # disk) goes on where it stopped; a model whose timing failed is measured again.
    done = {}
    if args.results and os.path.exists(args.results):
        with open(args.results) as f:
            for row in json.load(f):
                row.update({int(k): tuple(v) for k, v in row.items() if k.isdigit()})
                if all(t in row and not row[t][1] for t in thread_counts):
                    done[row["name"]] = row
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for case_dir in models:
            name = os.path.basename(case_dir)
            if name in done:
                rows.append(done[name])
                continue
            start = time.time()
            row = {"name": name, "meta": index.get(name, {}), "commit": args.commit or git_commit(),
                   "check": zoo_check(kiln, case_dir, tmp, args.timeout)}
            for threads in thread_counts:
                try:
                    row[threads] = zoo_time(args, case_dir, threads)
                except (Exception, SystemExit) as e:  # noqa: BLE001 - a failure is a row, not the end
                    row[threads] = ({}, {"all": str(e)}, 0)
            rows.append(row)
            if args.results:
                with open(args.results, "w") as f:
                    json.dump([{str(k): v for k, v in r.items()} for r in rows], f)
            t = " ".join(f"{th}T: {fmt_ms(row[th][0])}" for th in thread_counts)
            print(f"{name}: {row['check']} | {t} ({time.time() - start:.0f} s)", flush=True)
    load_after = os.getloadavg()[0]
    rows.sort(key=lambda r: r["name"])
    section = zoo_report(args, rows, thread_counts, ort.__version__, load_before, load_after, zoo)
    print(section)
    if args.doc:
        text = open(args.doc).read() if os.path.exists(args.doc) else "# CPU benchmark: Kiln vs ONNX Runtime\n"
        begin, end = zoo_markers(zoo)
        if begin in text and end in text:
            head, rest = text.split(begin, 1)
            text = head + section + rest.split(end, 1)[1]
        else:
            text = text.rstrip("\n") + "\n\n" + section
        with open(args.doc, "w") as f:
            f.write(text)
        print(f"wrote the zoo section of {args.doc}")
    failed = [r["name"] for r in rows if any(v != "match" and k in ("reference_vs_ort", "engine_vs_ort")
                                             for k, v in r["check"].items())]
    return 1 if failed else 0


def fmt_ms(best):
    return "/".join(f"{best.get(k, float('nan')):.3f}" for k in ("ort", "reference", "engine"))


def zoo_report(args, rows, thread_counts, ort_version, load_before, load_after, zoo):
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    begin, end = zoo_markers(zoo)
    out = [begin, f"## Model zoo: {os.path.basename(zoo)} ({date})", "",
           f"`python3 tools/bench_vs_ort.py --zoo {os.path.basename(zoo)} --threads {args.threads}` over the models "
           "`tools/make_zoo.py` wrote (random weights with outputs of order 1, ONNX Runtime reference outputs). "
           "Accuracy: `kiln run MODEL --test-data` (reference executor vs ORT), `kiln run ENGINE --test-data` "
           "(level-3 engine vs ORT) and `kiln compare --per-layer` (engine vs reference at every layer boundary), "
           "fp32 norm rule at 1e-4. Times: best median of "
           f"{args.rounds} alternating rounds, iterations sized to about {args.seconds} s per measurement; ORT "
           f"{ort_version} with intra_op_num_threads=T, sequential, default optimizations.", "",
           f"- machine: {cpu_model()}, {os.cpu_count()} logical cores; load average (1 min) before / after: "
           f"{load_before:.2f} / {load_after:.2f}; Kiln commit of each model's run in the accuracy table", "",
           "### Accuracy and fusions", "",
           "| model | exporter | opset | nodes -> after passes | fusions timed | reference vs ORT | engine vs ORT "
           "| per layer | commit |", "|---|---|---:|---|---|---|---|---|---|"]
    for r in rows:
        c, m = r["check"], r["meta"]
        out.append(f"| {r['name']} | {m.get('exporter', '?')} | {m.get('opset', '?')} | {c.get('layers', '-')} "
                   f"| {c.get('fusions', '-')} | {c.get('reference_vs_ort')} | {c.get('engine_vs_ort')} "
                   f"| {c.get('per_layer')} | {r.get('commit', '?')} |")
    summary = []
    for threads in thread_counts:
        out += ["", f"### {threads} thread(s)", "",
                "| model | ORT ms | reference ms | engine ms | reference / ORT | engine / ORT | engine / reference |",
                "|---|---:|---:|---:|---:|---:|---:|"]
        ratios = {"ref_ort": [], "eng_ort": [], "eng_ref": []}
        for r in rows:
            best, errors, _ = r[threads]
            o, ref, eng = (best.get(k, float("inf")) for k in ("ort", "reference", "engine"))

            def cell(v, key):
                return f"{v:.3f}" if v != float("inf") else f"error: {errors.get(key, errors.get('all', '?'))}"

            def ratio(a, b, key):
                if a == float("inf") or b == float("inf") or b <= 0:
                    return "-"
                ratios[key].append(a / b)
                return f"{a / b:.2f}x"

            out.append(f"| {r['name']} | {cell(o, 'ort')} | {cell(ref, 'reference')} | {cell(eng, 'engine')} "
                       f"| {ratio(ref, o, 'ref_ort')} | {ratio(eng, o, 'eng_ort')} | {ratio(eng, ref, 'eng_ref')} |")
        g = {k: geomean(v) for k, v in ratios.items()}
        out.append(f"| **geometric mean** ({len(ratios['eng_ort'])} models) | | | | **{g['ref_ort']:.2f}x** "
                   f"| **{g['eng_ort']:.2f}x** | **{g['eng_ref']:.2f}x** |")
        worst = max(ratios["eng_ort"]) if ratios["eng_ort"] else float("nan")
        slower = [r["name"] for r in rows
                  if r[threads][0].get("engine", 0) > 1.05 * r[threads][0].get("reference", float("inf"))]
        summary.append(f"- {threads} thread(s): engine / ORT geometric mean {g['eng_ort']:.2f}x (goal <= 1.0x), worst "
                       f"{worst:.2f}x (goal <= 1.5x); reference / ORT geometric mean {g['ref_ort']:.2f}x; engines more "
                       f"than 5 % slower than their reference run: {', '.join(slower) or 'none'}")
    out += ["", "### Summary", ""] + summary + [""] + [f"{note}\n" for note in args.note] + [end]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
