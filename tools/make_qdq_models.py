#!/usr/bin/env python3
"""Writes the quantized test models of tests/data/qdq (issue 12): small float models made with torch,
quantized by ONNX Runtime's quantize_static, with ONNX Runtime's outputs as the expected ones.

Each model becomes a folder OUT/NAME/ with model.onnx and test_data_set_0/{input_0,output_0}.pb:
  cnn_qdq        conv+relu+maxpool, conv+relu, global average pool, gemm; QDQ format, per-channel weights
  mlp_attn_qdq   a one-head attention block (MatMul q/k/v, softmax, residual) and a ReLU MLP; QDQ, per-channel
  mbv2_block_qdq a MobileNetV2 inverted residual block (1x1 expand + ReLU6, 3x3 depthwise + ReLU6, 1x1
                 project, residual Add), then a stride-2 3x3 depthwise conv as output; QDQ, per-channel
                 (the depthwise layers fold into kiln::Int8Conv with group = channels)
  cnn_qoperator  the CNN with a 1x1-conv classifier in QOperator format (QLinearConv; the rest runs
                 float between QuantizeLinear/DequantizeLinear), per-tensor weights
The expected outputs are ONNX Runtime's run of the graph as written (graph optimizations off); its
default run (Q/DQ fused into its int8 kernels) is compared and the difference printed.
tests/models/qdq_test.cpp runs them. CI has no torch or onnxruntime, so the files are committed
(a few KB each). Usage: /work/venv/bin/python tools/make_qdq_models.py [OUT]  (default tests/data/qdq)
"""
import os
import sys
import tempfile

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from onnxruntime import GraphOptimizationLevel, InferenceSession, SessionOptions
from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static

OPSET = 13  # per-axis QuantizeLinear/DequantizeLinear need 13; Debian's libonnx 1.12 knows up to 17


class SmallCnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(8, 16, 3, padding=1, stride=2)
        self.fc = torch.nn.Linear(16, 10)

    def forward(self, x):
        x = torch.nn.functional.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.relu(self.conv2(x))
        return self.fc(torch.flatten(torch.nn.functional.adaptive_avg_pool2d(x, 1), 1))


class CnnConvHead(SmallCnn):
    """The CNN with a 1x1 convolution as classifier, so that in QOperator format (Conv and MatMul
    quantized) the output still comes out of a QLinearConv and its DequantizeLinear."""

    def __init__(self):
        super().__init__()
        self.head = torch.nn.Conv2d(16, 10, 1)

    def forward(self, x):
        x = torch.nn.functional.max_pool2d(torch.relu(self.conv1(x)), 2)
        return self.head(torch.nn.functional.adaptive_avg_pool2d(torch.relu(self.conv2(x)), 1))


class MlpAttention(torch.nn.Module):
    def __init__(self, d=32, hidden=64):
        super().__init__()
        self.q = torch.nn.Parameter(torch.randn(d, d) / d**0.5)
        self.k = torch.nn.Parameter(torch.randn(d, d) / d**0.5)
        self.v = torch.nn.Parameter(torch.randn(d, d) / d**0.5)
        self.o = torch.nn.Parameter(torch.randn(d, d) / d**0.5)
        self.up = torch.nn.Parameter(torch.randn(d, hidden) / d**0.5)
        self.down = torch.nn.Parameter(torch.randn(hidden, d) / hidden**0.5)
        self.scale = 1.0 / d**0.5

    def forward(self, x):  # x [1, seq, d]
        q, k, v = x @ self.q, x @ self.k, x @ self.v
        att = torch.softmax((q @ k.transpose(1, 2)) * self.scale, dim=-1)
        x = x + (att @ v) @ self.o
        return x + torch.relu(x @ self.up) @ self.down


class InvertedResidual(torch.nn.Module):
    def __init__(self, c=16, expand=6):
        super().__init__()
        h = c * expand
        self.expand = torch.nn.Conv2d(c, h, 1)
        self.dw = torch.nn.Conv2d(h, h, 3, padding=1, groups=h)
        self.project = torch.nn.Conv2d(h, c, 1)
        self.dw2 = torch.nn.Conv2d(c, c, 3, stride=2, padding=1, groups=c)

    def forward(self, x):
        y = torch.nn.functional.relu6(self.dw(torch.nn.functional.relu6(self.expand(x))))
        x = x + self.project(y)
        return self.dw2(x)


class Reader(CalibrationDataReader):
    def __init__(self, name, samples):
        self.items = iter([{name: s} for s in samples])

    def get_next(self):
        return next(self.items, None)


def export(model, example, path):
    model.eval()
    torch.onnx.export(model, (torch.from_numpy(example),), path, input_names=["x"], output_names=["y"],
                      opset_version=OPSET, dynamo=False)


def write_case(out_dir, name, float_path, shape, rng, quant_format, per_channel, op_types=None):
    samples = [rng.standard_normal(shape).astype(np.float32) for _ in range(16)]
    folder = os.path.join(out_dir, name)
    os.makedirs(os.path.join(folder, "test_data_set_0"), exist_ok=True)
    model_path = os.path.join(folder, "model.onnx")
    quantize_static(float_path, model_path, Reader("x", samples), quant_format=quant_format, per_channel=per_channel,
                    activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8, op_types_to_quantize=op_types)
    model = onnx.load(model_path)
    ops = sorted({n.op_type for n in model.graph.node})
    x = rng.standard_normal(shape).astype(np.float32)
    # The expected output: ONNX Runtime running the graph as written (no graph optimizations: every
    # DequantizeLinear -> float op -> QuantizeLinear as the model says). Its default run fuses Q/DQ
    # into its own int8 kernels, whose requantization rounds differently; that difference is printed.
    literal = SessionOptions()
    literal.graph_optimization_level = GraphOptimizationLevel.ORT_DISABLE_ALL
    (y,) = InferenceSession(model_path, literal, providers=["CPUExecutionProvider"]).run(None, {"x": x})
    (y_int8,) = InferenceSession(model_path, providers=["CPUExecutionProvider"]).run(None, {"x": x})
    for i, (t, n) in enumerate([(x, "x"), (y, model.graph.output[0].name)]):
        kind = "input" if i == 0 else "output"
        with open(os.path.join(folder, "test_data_set_0", f"{kind}_0.pb"), "wb") as f:
            f.write(numpy_helper.from_array(t, n).SerializeToString())
    size = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(folder) for f in fs)
    print(f"{name}: opset {model.opset_import[0].version}, ops {', '.join(ops)}, {size} bytes; "
          f"ORT default vs as-written: max {np.abs(y - y_int8).max():.6g}")


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "tests", "data", "qdq")
    torch.manual_seed(12)
    rng = np.random.default_rng(12)
    with tempfile.TemporaryDirectory() as tmp:
        cnn = os.path.join(tmp, "cnn.onnx")
        export(SmallCnn(), np.zeros((1, 3, 16, 16), np.float32), cnn)
        attn = os.path.join(tmp, "attn.onnx")
        export(MlpAttention(), np.zeros((1, 8, 32), np.float32), attn)
        write_case(out_dir, "cnn_qdq", cnn, (1, 3, 16, 16), rng, QuantFormat.QDQ, True)
        write_case(out_dir, "mlp_attn_qdq", attn, (1, 8, 32), rng, QuantFormat.QDQ, True)
        cnn_head = os.path.join(tmp, "cnn_head.onnx")
        export(CnnConvHead(), np.zeros((1, 3, 16, 16), np.float32), cnn_head)
        write_case(out_dir, "cnn_qoperator", cnn_head, (1, 3, 16, 16), rng, QuantFormat.QOperator, False,
                   ["Conv", "MatMul"])
        block = os.path.join(tmp, "block.onnx")
        export(InvertedResidual(), np.zeros((1, 16, 12, 12), np.float32), block)
        write_case(out_dir, "mbv2_block_qdq", block, (1, 16, 12, 12), rng, QuantFormat.QDQ, True)


if __name__ == "__main__":
    main()
