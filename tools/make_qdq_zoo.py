#!/usr/bin/env python3
"""Exports models the INT8 work was not tuned on and quantizes them to QDQ (issue 12).

For each name, tools/make_zoo.py's export_one writes the float model (random weights made meaningful:
kaiming re-init, BatchNorm statistics from training-mode passes, outputs of order 1) to
OUT/fp32/NAME/, then ONNX Runtime's quant_pre_process and quantize_static (QDQ format, per-channel
int8 weights, uint8 activations, 8 calibration inputs) write OUT/NAME_qdq/model.onnx with
test_data_set_0/{input_N,output_N}.pb: one more input and ONNX Runtime's run of the quantized graph
as written (graph optimizations off), so `kiln run ENGINE --test-data` and `kiln compare` read it.
Image models calibrate on standard-normal images; BERT on token ids in the ordinary word range
(1000-29000 of the uncased vocabulary) between [CLS] (101) and [SEP] (102), the last 28 positions
padding.

Defaults: mobilenet_v2, bert_base_eager (BERT-base-uncased config, eager attention, seq 128),
efficientnet_b0, resnet50. Lives outside git (default ../int8zoo next to the checkout).
Usage: /work/venv/bin/python tools/make_qdq_zoo.py [--out DIR] [--reuse-fp32 ZOO] [names...]
  --reuse-fp32 ZOO takes ZOO/NAME/model.onnx (a make_zoo.py folder) instead of exporting again.
"""
import argparse
import os
import shutil
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

DEFAULT = ["mobilenet_v2", "bert_base_eager", "efficientnet_b0", "resnet50"]


def feeds_for(name, proto, rng, count):
    import onnx

    inits = {i.name for i in proto.graph.initializer}
    inputs = [i for i in proto.graph.input if i.name not in inits]
    out = []
    for _ in range(count):
        feed = {}
        for i in inputs:
            dims = [d.dim_value or 1 for d in i.type.tensor_type.shape.dim]
            if i.type.tensor_type.elem_type == onnx.TensorProto.FLOAT:
                feed[i.name] = rng.standard_normal(dims).astype(np.float32)
            elif i.name == "input_ids":
                ids = rng.integers(1000, 29000, dims).astype(np.int64)
                ids[:, 0] = 101
                ids[:, -29] = 102
                ids[:, -28:] = 0
                feed[i.name] = ids
            elif i.name == "attention_mask":
                mask = np.ones(dims, np.int64)
                mask[:, -28:] = 0
                feed[i.name] = mask
            else:
                raise SystemExit(f"{name}: no calibration data for input {i.name}")
        out.append(feed)
    return out


def quantize(name, fp32_path, out_dir, seed):
    import onnx
    import onnxruntime as ort
    from onnx import numpy_helper
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    class Reader(CalibrationDataReader):
        def __init__(self, feeds):
            self.items = iter(feeds)

        def get_next(self):
            return next(self.items, None)

    rng = np.random.default_rng(seed)
    proto = onnx.load(fp32_path, load_external_data=False)
    calib = feeds_for(name, proto, rng, 8)
    folder = os.path.join(out_dir, f"{name}_qdq")
    data = os.path.join(folder, "test_data_set_0")
    os.makedirs(data, exist_ok=True)
    pre = os.path.join(folder, "pre.onnx")
    src = fp32_path
    opset = next(o.version for o in proto.opset_import if o.domain in ("", "ai.onnx"))
    if opset < 13:  # per-channel QuantizeLinear/DequantizeLinear (the axis attribute) need opset 13
        from onnx import version_converter

        src = os.path.join(folder, "opset13.onnx")
        onnx.save(version_converter.convert_version(onnx.load(fp32_path), 13), src)
    quant_pre_process(src, pre, skip_optimization=False)
    model = os.path.join(folder, "model.onnx")
    quantize_static(pre, model, Reader(calib), quant_format=QuantFormat.QDQ, per_channel=True,
                    activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8)
    os.remove(pre)
    if src != fp32_path:
        os.remove(src)
    (feed,) = feeds_for(name, proto, rng, 1)
    literal = ort.SessionOptions()
    literal.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    sess = ort.InferenceSession(model, literal, providers=["CPUExecutionProvider"])
    refs = sess.run(None, feed)
    fused = ort.InferenceSession(model, providers=["CPUExecutionProvider"]).run(None, feed)
    for n, (iname, value) in enumerate(feed.items()):
        onnx.save_tensor(numpy_helper.from_array(value, iname), os.path.join(data, f"input_{n}.pb"))
    for n, (o, ref) in enumerate(zip(sess.get_outputs(), refs)):
        onnx.save_tensor(numpy_helper.from_array(ref, o.name), os.path.join(data, f"output_{n}.pb"))
    fp32 = ort.InferenceSession(fp32_path, providers=["CPUExecutionProvider"]).run(None, feed)
    a, b = fp32[0].ravel(), refs[0].ravel()
    cos = float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))
    q = onnx.load(model, load_external_data=False)
    nq = sum(n.op_type == "QuantizeLinear" for n in q.graph.node)
    print(f"{name}_qdq: {len(q.graph.node)} nodes ({nq} QuantizeLinear), {os.path.getsize(model) / 1e6:.1f} MB; "
          f"ORT default vs as-written max {np.abs(fused[0] - refs[0]).max():.4g}; "
          f"QDQ vs fp32 cosine {cos:.4f}", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=os.path.normpath(os.path.join(HERE, "..", "..", "int8zoo")))
    p.add_argument("--reuse-fp32", help="a make_zoo.py folder whose NAME/model.onnx to quantize")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("names", nargs="*")
    args = p.parse_args()
    import make_zoo

    names = args.names or DEFAULT
    for name in names:
        fp32_dir = os.path.join(args.out, "fp32")
        if args.reuse_fp32:
            src = os.path.join(args.reuse_fp32, name)
            dst = os.path.join(fp32_dir, name)
            if not os.path.exists(dst):
                shutil.copytree(src, dst)
        else:
            make_zoo.export_one(name, fp32_dir, small=False, seed=args.seed)
        quantize(name, os.path.join(fp32_dir, name, "model.onnx"), args.out, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
