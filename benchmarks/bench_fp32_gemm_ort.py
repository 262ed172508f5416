#!/usr/bin/env python3
"""ONNX Runtime's fp32 MatMul (MLAS) on the shapes of kiln_bench_fp32_gemm, one thread.

Each shape is a one-node model Y = MatMul(A[M, K], W[K, N]) with W a constant initializer (the
weight case of the transformers' Linear layers); it prints GFLOP/s (2*M*N*K per product) of the
best run and of the best round's median, so its columns line up with kiln_bench_fp32_gemm's.
Needs onnx and onnxruntime (e.g. /work/venv/bin/python). A program that prints numbers, not a test.

Usage: bench_fp32_gemm_ort.py [--seconds S] [--rounds R] [MxNxK ...]
"""
import argparse
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper


def default_shapes():
    shapes = [(m, n, 768) for m in (1, 128, 197, 1024) for n in (768, 2304, 3072)]
    shapes += [(m, 768, 3072) for m in (1, 128, 197, 1024)]
    shapes += [(m, 50257, 768) for m in (1, 4, 8)]
    return shapes


def session(m, n, k, rng):
    w = rng.uniform(-1, 1, size=(k, n)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["A", "W"], ["Y"])], "matmul",
        [helper.make_tensor_value_info("A", TensorProto.FLOAT, [m, k])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [m, n])],
        [numpy_helper.from_array(w, "W")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=0.3)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("shapes", nargs="*", help="MxNxK")
    args = ap.parse_args()
    shapes = [tuple(int(x) for x in s.split("x")) for s in args.shapes] or default_shapes()
    rng = np.random.default_rng(1)
    print(f"onnxruntime {ort.__version__}, one thread; GFLOP/s, best / best median")
    print(f"{'M x N x K':<18} {'ort':>15}")
    for m, n, k in shapes:
        sess = session(m, n, k, rng)
        a = {"A": rng.uniform(-1, 1, size=(m, k)).astype(np.float32)}
        sess.run(None, a)
        best = med = float("inf")
        for _ in range(args.rounds):
            samples = []
            start = time.perf_counter()
            while len(samples) < 3 or (time.perf_counter() - start < args.seconds and len(samples) < 100000):
                t0 = time.perf_counter()
                sess.run(None, a)
                samples.append(time.perf_counter() - t0)
            samples.sort()
            best = min(best, samples[0])
            med = min(med, samples[len(samples) // 2])
        flops = 2.0 * m * n * k
        print(f"{f'{m}x{n}x{k}':<18} {flops / best * 1e-9:7.1f}/{flops / med * 1e-9:<7.1f}", flush=True)


if __name__ == "__main__":
    main()
