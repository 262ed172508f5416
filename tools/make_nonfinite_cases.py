#!/usr/bin/env python3
"""Writes tests/conformance/nonfinite/: ONNX backend-test-style cases (model.onnx,
test_data_set_0/{input,output}_N.pb) whose float inputs hold NaN, +Inf and -Inf next to
ordinary values, one case per op family, for kiln_conformance_tests' "kiln-nonfinite" suite.

Expected outputs follow IEEE 754 and numpy (onnx.reference.ReferenceEvaluator), which is Kiln's
rule (docs/robustness.md, "NaN and Inf"):
  - NaN propagates: max/min reductions, Max/Min, MaxPool, Softmax of a row holding a NaN are NaN;
  - ArgMax/ArgMin of a row holding a NaN give the index of its first NaN (numpy's argmax/argmin;
    the last NaN with select_last_index);
  - Cast float -> integer saturates, NaN -> 0 (PTX cvt.rzi.sat's rule, so CPU and GPU agree).
ONNX Runtime's CPU kernels are printed beside each case where they disagree (its max-style
kernels compare with `a > b ? a : b` and so drop a NaN unless it comes first).

Usage: /work/venv/bin/python tools/make_nonfinite_cases.py [out_dir]
"""
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import TensorProto as T
from onnx import helper as h
from onnx import numpy_helper
from onnx.reference import ReferenceEvaluator

NAN, INF = np.nan, np.inf


def awkward(shape, seed):
    """Values in [-3, 3) with NaN, +Inf and -Inf spread through them (every row gets some)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3, 3, size=shape).astype(np.float32)
    flat = x.reshape(-1)
    n = flat.size
    for i, v in enumerate([NAN, INF, -INF]):
        flat[(i * 7 + 1) % n] = v
        flat[(i * 11 + 5) % n] = v
    return x


def cases():
    out = []

    def add(name, nodes, inputs, outputs, initializers=(), opset=17, expected=None):
        out.append((name, nodes, inputs, outputs, list(initializers), opset, expected))

    # One special row per kind, for the row-wise ops: NaN first / in the middle, +Inf, -Inf, both
    # infinities, all finite.
    rows = np.array(
        [[NAN, 1, 3, 2], [1, NAN, 3, 2], [1, 2, 3, NAN], [1, INF, 3, INF], [-INF, 1, -INF, 2], [INF, -INF, 0, 1],
         [0.5, -1, 2, 1.5]], np.float32)
    vi = h.make_tensor_value_info

    # Elementwise unary (the fast-math approximations among them: Exp, Erf, Tanh, Sigmoid, Gelu).
    u = np.array([NAN, INF, -INF, 0, -0.0, 1.5, -2, 100, -100, 1e-3], np.float32)
    for op, opset, attrs in [("Abs", 17, {}), ("Neg", 17, {}), ("Exp", 17, {}), ("Log", 17, {}), ("Sqrt", 17, {}),
                             ("Erf", 17, {}), ("Tanh", 17, {}), ("Sigmoid", 17, {}), ("Relu", 17, {}),
                             ("LeakyRelu", 17, {"alpha": 0.1}), ("Elu", 17, {}), ("Softplus", 17, {}),
                             ("HardSigmoid", 17, {}), ("HardSwish", 17, {}), ("Reciprocal", 17, {}),
                             ("Floor", 17, {}), ("Ceil", 17, {}), ("Sign", 17, {}), ("Gelu", 20, {}),
                             ("Gelu", 20, {"approximate": "tanh"})]:
        name = "nonfinite_" + op.lower() + ("_tanh" if attrs.get("approximate") == "tanh" else "")
        add(name, [h.make_node(op, ["x"], ["y"], **attrs)], [("x", u)], [vi("y", T.FLOAT, u.shape)], opset=opset)
    for op in ["IsNaN", "IsInf"]:
        add("nonfinite_" + op.lower(), [h.make_node(op, ["x"], ["y"])], [("x", u)], [vi("y", T.BOOL, u.shape)])
    add("nonfinite_clip", [h.make_node("Clip", ["x", "lo", "hi"], ["y"])], [("x", u)], [vi("y", T.FLOAT, u.shape)],
        [numpy_helper.from_array(np.array(-1, np.float32), "lo"), numpy_helper.from_array(np.array(2, np.float32), "hi")])

    # Elementwise binary, every pairing of the special values (with broadcasting).
    specials = np.array([NAN, INF, -INF, 0, 2, -3], np.float32)
    a, b = specials.reshape(6, 1), specials.reshape(1, 6)
    for op in ["Add", "Sub", "Mul", "Div", "Pow", "Max", "Min"]:
        add("nonfinite_" + op.lower(), [h.make_node(op, ["a", "b"], ["y"])], [("a", a), ("b", b)],
            [vi("y", T.FLOAT, (6, 6))])

    # Reductions along the rows, and the arg reductions.
    for op in ["ReduceMax", "ReduceMin", "ReduceSum", "ReduceMean", "ReduceProd", "ReduceL2", "ReduceLogSumExp",
               "ReduceSumSquare"]:
        add("nonfinite_" + op.lower(), [h.make_node(op, ["x"], ["y"], axes=[1], keepdims=0)] if op != "ReduceSum" else
            [h.make_node(op, ["x", "axes"], ["y"], keepdims=0)], [("x", rows)], [vi("y", T.FLOAT, (7,))],
            [numpy_helper.from_array(np.array([1], np.int64), "axes")] if op == "ReduceSum" else [])
    for op in ["ArgMax", "ArgMin"]:
        for last in (0, 1):
            add("nonfinite_" + op.lower() + ("_last" if last else ""),
                [h.make_node(op, ["x"], ["y"], axis=1, keepdims=0, select_last_index=last)], [("x", rows)],
                [vi("y", T.INT64, (7,))])
        add("nonfinite_" + op.lower() + "_axis0", [h.make_node(op, ["x"], ["y"], axis=0, keepdims=1)],
            [("x", rows.T.copy())], [vi("y", T.INT64, (1, 7))])

    # Softmax, LogSoftmax, LayerNormalization over the rows.
    for op in ["Softmax", "LogSoftmax"]:
        add("nonfinite_" + op.lower(), [h.make_node(op, ["x"], ["y"], axis=1)], [("x", rows)],
            [vi("y", T.FLOAT, rows.shape)])
    add("nonfinite_layernorm", [h.make_node("LayerNormalization", ["x", "g", "b"], ["y"], axis=-1)], [("x", rows)],
        [vi("y", T.FLOAT, rows.shape)],
        [numpy_helper.from_array(np.array([1, 0.5, 2, 1], np.float32), "g"),
         numpy_helper.from_array(np.array([0, 0.1, 0, -1], np.float32), "b")])

    # MatMul / Gemm / Conv: a non-finite input reaches the outputs it feeds.
    xm = awkward((3, 5), 1)
    wm = np.random.default_rng(2).uniform(-1, 1, (5, 4)).astype(np.float32)
    add("nonfinite_matmul", [h.make_node("MatMul", ["x", "w"], ["y"])], [("x", xm)], [vi("y", T.FLOAT, (3, 4))],
        [numpy_helper.from_array(wm, "w")])
    add("nonfinite_gemm", [h.make_node("Gemm", ["x", "w", "c"], ["y"])], [("x", xm)], [vi("y", T.FLOAT, (3, 4))],
        [numpy_helper.from_array(wm, "w"), numpy_helper.from_array(np.ones(4, np.float32), "c")])
    xc = awkward((1, 3, 6, 6), 3)
    wc = np.random.default_rng(4).uniform(-1, 1, (4, 3, 3, 3)).astype(np.float32)
    bc = np.array([0.1, -0.2, 0, 0.3], np.float32)
    add("nonfinite_conv", [h.make_node("Conv", ["x", "w", "b"], ["y"], pads=[1, 1, 1, 1])], [("x", xc)],
        [vi("y", T.FLOAT, (1, 4, 6, 6))], [numpy_helper.from_array(wc, "w"), numpy_helper.from_array(bc, "b")])

    # Cast float -> integer: saturating, NaN -> 0 (expected written here, numpy leaves it undefined).
    cx = np.array([NAN, INF, -INF, 1e20, -1e20, 3.7, -3.7, 127.5, -128.5, 300], np.float32)
    for name, to, np_type in [("int32", T.INT32, np.int32), ("int64", T.INT64, np.int64), ("int8", T.INT8, np.int8),
                              ("uint8", T.UINT8, np.uint8)]:
        info = np.iinfo(np_type)
        want = np.array([0 if np.isnan(v) else info.max if v >= info.max else info.min if v <= info.min else int(v)
                         for v in cx.astype(np.float64)], np_type)
        add("nonfinite_cast_" + name, [h.make_node("Cast", ["x"], ["y"], to=to)], [("x", cx)],
            [vi("y", to, cx.shape)], expected=[want])

    # Pooling.
    # (ReferenceEvaluator's pools skip NaN: the 2x2 windows are reduced with numpy here instead.)
    xp = awkward((1, 2, 4, 4), 5)
    windows = xp.reshape(1, 2, 2, 2, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(1, 2, 2, 2, 4)
    with np.errstate(invalid="ignore"):
        add("nonfinite_maxpool", [h.make_node("MaxPool", ["x"], ["y"], kernel_shape=[2, 2], strides=[2, 2])],
            [("x", xp)], [vi("y", T.FLOAT, (1, 2, 2, 2))], expected=[windows.max(axis=-1)])
        add("nonfinite_averagepool", [h.make_node("AveragePool", ["x"], ["y"], kernel_shape=[2, 2], strides=[2, 2])],
            [("x", xp)], [vi("y", T.FLOAT, (1, 2, 2, 2))], expected=[windows.mean(axis=-1)])
    xg = rows.reshape(1, 7, 1, 4)
    for op in ["GlobalMaxPool", "GlobalAveragePool"]:
        add("nonfinite_" + op.lower(), [h.make_node(op, ["x"], ["y"])], [("x", xg)], [vi("y", T.FLOAT, (1, 7, 1, 1))])

    # Fused layers (the engine mode builds these at level 3): MatMul + bias + written-out erf GELU
    # (FusedMatMul with a GELU epilogue: erfApprox, expApprox), Conv + SiLU (sigmoid epilogue) and a
    # pointwise chain (kiln::Pointwise).
    s2 = numpy_helper.from_array(np.array(1.4142135, np.float32), "s2")
    one = numpy_helper.from_array(np.array(1, np.float32), "one")
    half = numpy_helper.from_array(np.array(0.5, np.float32), "half")
    add("nonfinite_fused_matmul_gelu",
        [h.make_node("MatMul", ["x", "w"], ["m"]), h.make_node("Add", ["m", "c"], ["z"]),
         h.make_node("Div", ["z", "s2"], ["d"]), h.make_node("Erf", ["d"], ["e"]),
         h.make_node("Add", ["e", "one"], ["p"]), h.make_node("Mul", ["z", "p"], ["q"]),
         h.make_node("Mul", ["q", "half"], ["y"])],
        [("x", xm)], [vi("y", T.FLOAT, (3, 4))],
        [numpy_helper.from_array(wm, "w"), numpy_helper.from_array(np.array([0.1, 0, -0.1, 1e30], np.float32), "c"),
         s2, one, half])
    add("nonfinite_fused_conv_silu",
        [h.make_node("Conv", ["x", "w", "b"], ["c"], pads=[1, 1, 1, 1]), h.make_node("Sigmoid", ["c"], ["s"]),
         h.make_node("Mul", ["c", "s"], ["y"])],
        [("x", xc)], [vi("y", T.FLOAT, (1, 4, 6, 6))],
        [numpy_helper.from_array(wc, "w"), numpy_helper.from_array(bc, "b")])
    add("nonfinite_fused_pointwise",
        [h.make_node("Exp", ["x"], ["a"]), h.make_node("Tanh", ["a"], ["b"]), h.make_node("Sigmoid", ["x"], ["c"]),
         h.make_node("Add", ["b", "c"], ["d"]), h.make_node("Sqrt", ["d"], ["y"])],
        [("x", u)], [vi("y", T.FLOAT, u.shape)])
    return out


def ort_outputs(model, feeds):
    try:
        import onnxruntime as ort
        s = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
        return s.run(None, feeds)
    except Exception as e:  # noqa: BLE001 -- ORT is only a cross-check
        return str(e)


def same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        return False
    if a.dtype.kind == "f":
        return bool(np.all((np.isnan(a) & np.isnan(b)) | np.isclose(a, b, rtol=1e-3, atol=1e-5, equal_nan=True)))
    return bool(np.array_equal(a, b))


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "tests",
                                                                  "conformance", "nonfinite")
    if os.path.isdir(root):
        shutil.rmtree(root)
    os.makedirs(root)
    for name, nodes, inputs, outputs, inits, opset, expected in cases():
        graph = h.make_graph(nodes, name, [h.make_tensor_value_info(n, T.FLOAT, v.shape) for n, v in inputs],
                             outputs, inits)
        model = h.make_model(graph, opset_imports=[h.make_opsetid("", opset)], producer_name="make_nonfinite_cases")
        model.ir_version = 8
        onnx.checker.check_model(model, full_check=True)
        feeds = {n: v for n, v in inputs}
        with np.errstate(all="ignore"):
            got = expected if expected is not None else ReferenceEvaluator(model).run(None, feeds)
        got = [np.asarray(g).astype(onnx.helper.tensor_dtype_to_np_dtype(o.type.tensor_type.elem_type))
               for g, o in zip(got, outputs)]
        ort = ort_outputs(model, feeds)
        if isinstance(ort, str) or not all(same(g, r) for g, r in zip(got, ort)):
            print(f"{name}: ONNX Runtime differs: {ort if isinstance(ort, str) else [r.tolist() for r in ort]}"
                  f" (written: {[g.tolist() for g in got]})")
        case = os.path.join(root, "test_" + name)
        os.makedirs(os.path.join(case, "test_data_set_0"))
        onnx.save(model, os.path.join(case, "model.onnx"))
        for i, (n, v) in enumerate(inputs):
            onnx.save_tensor(numpy_helper.from_array(v, n), os.path.join(case, "test_data_set_0", f"input_{i}.pb"))
        for i, (o, v) in enumerate(zip(outputs, got)):
            onnx.save_tensor(numpy_helper.from_array(v, o.name),
                             os.path.join(case, "test_data_set_0", f"output_{i}.pb"))
    print(f"wrote {len(cases())} cases to {root}")


if __name__ == "__main__":
    main()
