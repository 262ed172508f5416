#!/usr/bin/env python3
"""Writes Kiln's bundled sample models and their reference outputs to resources/samples/.

Each sample is laid out like an ONNX backend test case:
    <name>/model.onnx
    <name>/test_data_set_0/input_N.pb, output_N.pb   (serialized onnx.TensorProto)

The graphs are built with onnx.helper (no torch), weights come from a fixed numpy seed, and the
reference outputs are computed by ONNX Runtime's CPU execution provider. Re-running the script
rewrites the same bytes for the same onnx/onnxruntime versions.

    pip install onnx onnxruntime
    python3 tools/make_samples.py [--out resources/samples]
"""
import argparse
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
# IR version 8 is what opset 17 shipped with; it keeps the files readable by libonnx 1.12.
IR_VERSION = 8


class GraphBuilder:
    """Collects nodes and initializers with readable, unique names."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.nodes = []
        self.initializers = []
        self.counter = {}

    def unique(self, base):
        n = self.counter.get(base, 0)
        self.counter[base] = n + 1
        return base if n == 0 else f"{base}_{n}"

    def const(self, name, array):
        name = self.unique(name)
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def weight(self, name, shape, scale=None):
        # Scaled like a fan-in initialisation so activations stay O(1) through the graph.
        fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else int(shape[0])
        scale = scale if scale is not None else 1.0 / np.sqrt(max(fan_in, 1))
        return self.const(name, (self.rng.standard_normal(shape) * scale).astype(np.float32))

    def node(self, op, inputs, name, outputs=1, **attrs):
        name = self.unique(name)
        outs = [f"{name}_out" if outputs == 1 else f"{name}_out{i}" for i in range(outputs)]
        self.nodes.append(helper.make_node(op, inputs, outs, name=name, **attrs))
        return outs[0] if outputs == 1 else outs

    def model(self, graph_name, inputs, outputs, doc):
        graph = helper.make_graph(self.nodes, graph_name, inputs, outputs, self.initializers, doc_string=doc)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                                  producer_name="kiln-make_samples", producer_version="1")
        model.ir_version = IR_VERSION
        onnx.checker.check_model(model, full_check=True)
        return model


# ---------------------------------------------------------------------------------------------
# tiny_cnn: Conv+BN+ReLU, depthwise conv, residual Add, MaxPool, GlobalAveragePool, Flatten,
# Gemm, Softmax. Input [batch, 3, 32, 32] → probabilities [batch, 10].
# ---------------------------------------------------------------------------------------------
def conv_bn(b, x, cin, cout, k, name, stride=1, group=1, relu=True):
    w = b.weight(f"{name}.weight", (cout, cin // group, k, k))
    y = b.node("Conv", [x, w], f"{name}.conv", kernel_shape=[k, k], strides=[stride, stride],
               pads=[k // 2] * 4, group=group)
    gamma = b.const(f"{name}.bn.scale", (1.0 + 0.1 * b.rng.standard_normal(cout)).astype(np.float32))
    beta = b.const(f"{name}.bn.bias", (0.1 * b.rng.standard_normal(cout)).astype(np.float32))
    mean = b.const(f"{name}.bn.mean", (0.1 * b.rng.standard_normal(cout)).astype(np.float32))
    var = b.const(f"{name}.bn.var", b.rng.uniform(0.5, 1.5, cout).astype(np.float32))
    y = b.node("BatchNormalization", [y, gamma, beta, mean, var], f"{name}.bn", epsilon=1e-5)
    return b.node("Relu", [y], f"{name}.relu") if relu else y


def make_tiny_cnn():
    b = GraphBuilder(seed=20240601)
    x = "input"
    stem = conv_bn(b, x, 3, 16, 3, "stem")
    # Depthwise-separable residual block (MobileNet style): dw 3x3 → pw 1x1, added to the stem.
    dw = conv_bn(b, stem, 16, 16, 3, "block.dw", group=16)
    pw = conv_bn(b, dw, 16, 16, 1, "block.pw", relu=False)
    res = b.node("Add", [stem, pw], "block.add")
    res = b.node("Relu", [res], "block.relu")
    pooled = b.node("MaxPool", [res], "pool", kernel_shape=[2, 2], strides=[2, 2])
    c2w = b.weight("conv2.weight", (32, 16, 3, 3))
    c2b = b.const("conv2.bias", (0.05 * b.rng.standard_normal(32)).astype(np.float32))
    c2 = b.node("Conv", [pooled, c2w, c2b], "conv2", kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    c2 = b.node("Relu", [c2], "conv2.relu")
    gap = b.node("GlobalAveragePool", [c2], "gap")
    flat = b.node("Flatten", [gap], "flatten", axis=1)
    fcw = b.weight("fc.weight", (10, 32))
    fcb = b.const("fc.bias", (0.05 * b.rng.standard_normal(10)).astype(np.float32))
    logits = b.node("Gemm", [flat, fcw, fcb], "fc", transB=1)
    b.nodes.append(helper.make_node("Softmax", [logits], ["probs"], name="softmax", axis=1))

    inputs = [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 3, 32, 32])]
    outputs = [helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["batch", 10])]
    model = b.model("tiny_cnn", inputs, outputs, "Kiln sample: a small CNN with deterministic random weights")

    data_rng = np.random.default_rng(7)
    feeds = {"input": data_rng.standard_normal((2, 3, 32, 32)).astype(np.float32)}
    return model, feeds


# ---------------------------------------------------------------------------------------------
# tiny_transformer: one BERT-style (post-LN) encoder block with token and position embeddings.
# Inputs input_ids / attention_mask int64 [batch, seq] → hidden_states [batch, seq, 32].
# ---------------------------------------------------------------------------------------------
VOCAB, MAX_POS, HIDDEN, HEADS, FFN = 100, 64, 32, 4, 64
HEAD_DIM = HIDDEN // HEADS


def layer_norm(b, x, name):
    gamma = b.const(f"{name}.weight", (1.0 + 0.1 * b.rng.standard_normal(HIDDEN)).astype(np.float32))
    beta = b.const(f"{name}.bias", (0.1 * b.rng.standard_normal(HIDDEN)).astype(np.float32))
    return b.node("LayerNormalization", [x, gamma, beta], name, axis=-1, epsilon=1e-12)


def linear(b, x, cin, cout, name):
    w = b.weight(f"{name}.weight", (cin, cout))
    bias = b.const(f"{name}.bias", (0.02 * b.rng.standard_normal(cout)).astype(np.float32))
    return b.node("Add", [b.node("MatMul", [x, w], f"{name}.matmul"), bias], f"{name}.add")


def make_tiny_transformer():
    b = GraphBuilder(seed=20240602)
    i64 = lambda v: np.array(v, dtype=np.int64)

    tok_table = b.weight("embeddings.word", (VOCAB, HIDDEN), scale=1.0)
    pos_table = b.weight("embeddings.position", (MAX_POS, HIDDEN), scale=0.5)
    tok = b.node("Gather", [tok_table, "input_ids"], "embeddings.word_gather", axis=0)
    # Position ids 0..seq-1 from the runtime shape, as exporters write them.
    seq_1d = b.node("Shape", ["input_ids"], "embeddings.shape", start=1, end=2)
    seq_len = b.node("Squeeze", [seq_1d, b.const("squeeze_axes", i64([0]))], "embeddings.seq_len")
    positions = b.node("Range", [b.const("zero", i64(0)), seq_len, b.const("one", i64(1))], "embeddings.range")
    # [1, seq] position ids, like HuggingFace's position_ids buffer; broadcast over the batch.
    # (A 1-D Range feeding Gather also trips ONNX Runtime's GatherToSlice fusion at opt level >= extended.)
    positions = b.node("Unsqueeze", [positions, b.const("batch_axis", i64([0]))], "embeddings.position_ids")
    pos = b.node("Gather", [pos_table, positions], "embeddings.position_gather", axis=0)
    x = b.node("Add", [tok, pos], "embeddings.add")
    x = layer_norm(b, x, "embeddings.layer_norm")

    def heads(t, name, perm):
        t = b.node("Reshape", [t, b.const("heads_shape", i64([0, 0, HEADS, HEAD_DIM]))], f"{name}.split_heads")
        return b.node("Transpose", [t], f"{name}.transpose", perm=perm)

    q = heads(linear(b, x, HIDDEN, HIDDEN, "attn.query"), "attn.query", [0, 2, 1, 3])   # [b,h,s,d]
    k = heads(linear(b, x, HIDDEN, HIDDEN, "attn.key"), "attn.key", [0, 2, 3, 1])       # [b,h,d,s]
    v = heads(linear(b, x, HIDDEN, HIDDEN, "attn.value"), "attn.value", [0, 2, 1, 3])   # [b,h,s,d]
    scores = b.node("MatMul", [q, k], "attn.scores")
    scores = b.node("Div", [scores, b.const("attn.scale", np.array(np.sqrt(HEAD_DIM), dtype=np.float32))],
                    "attn.scale_div")
    # Padding mask: positions whose mask is 0 get a large negative bias before the Softmax.
    mask = b.node("Unsqueeze", ["attention_mask", b.const("mask_axes", i64([1, 2]))], "attn.mask_unsqueeze")
    is_pad = b.node("Equal", [mask, b.const("zero_mask", i64(0))], "attn.mask_equal")
    bias = b.node("Where", [is_pad, b.const("mask_neg", np.array(-1e9, dtype=np.float32)),
                            b.const("mask_zero", np.array(0.0, dtype=np.float32))], "attn.mask_where")
    scores = b.node("Add", [scores, bias], "attn.mask_add")
    probs = b.node("Softmax", [scores], "attn.softmax", axis=-1)
    ctx = b.node("MatMul", [probs, v], "attn.context")
    ctx = b.node("Transpose", [ctx], "attn.merge_transpose", perm=[0, 2, 1, 3])
    ctx = b.node("Reshape", [ctx, b.const("merge_shape", i64([0, 0, HIDDEN]))], "attn.merge_heads")
    attn_out = linear(b, ctx, HIDDEN, HIDDEN, "attn.output")
    x = layer_norm(b, b.node("Add", [x, attn_out], "attn.residual"), "attn.layer_norm")

    # MLP with the exact (Erf) GELU: 0.5·h·(1 + erf(h/√2)).
    h = linear(b, x, HIDDEN, FFN, "mlp.fc1")
    e = b.node("Erf", [b.node("Div", [h, b.const("sqrt2", np.array(np.sqrt(2.0), dtype=np.float32))], "mlp.gelu_div")],
               "mlp.gelu_erf")
    e = b.node("Add", [e, b.const("gelu_one", np.array(1.0, dtype=np.float32))], "mlp.gelu_add")
    h = b.node("Mul", [b.node("Mul", [h, e], "mlp.gelu_mul"), b.const("gelu_half", np.array(0.5, dtype=np.float32))],
               "mlp.gelu_half")
    h = linear(b, h, FFN, HIDDEN, "mlp.fc2")
    x = b.node("Add", [x, h], "mlp.residual")
    gamma = b.const("mlp.layer_norm.weight", (1.0 + 0.1 * b.rng.standard_normal(HIDDEN)).astype(np.float32))
    beta = b.const("mlp.layer_norm.bias", (0.1 * b.rng.standard_normal(HIDDEN)).astype(np.float32))
    b.nodes.append(helper.make_node("LayerNormalization", [x, gamma, beta], ["hidden_states"],
                                    name="mlp.layer_norm", axis=-1, epsilon=1e-12))

    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
              helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"])]
    outputs = [helper.make_tensor_value_info("hidden_states", TensorProto.FLOAT, ["batch", "seq", HIDDEN])]
    model = b.model("tiny_transformer", inputs, outputs,
                    "Kiln sample: one BERT-style encoder block with deterministic random weights")

    data_rng = np.random.default_rng(11)
    batch, seq = 2, 7
    ids = data_rng.integers(0, VOCAB, size=(batch, seq), dtype=np.int64)
    mask = np.ones((batch, seq), dtype=np.int64)
    mask[1, 5:] = 0  # the second sequence is padded
    return model, {"input_ids": ids, "attention_mask": mask}


def write_case(out_dir, name, model, feeds):
    import onnxruntime as ort

    case = os.path.join(out_dir, name)
    if os.path.isdir(case):
        shutil.rmtree(case)
    data_dir = os.path.join(case, "test_data_set_0")
    os.makedirs(data_dir)
    model_path = os.path.join(case, "model.onnx")
    onnx.save(model, model_path)

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1  # one thread: the reference does not depend on the machine's cores
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(model_path, opts, providers=["CPUExecutionProvider"])
    results = sess.run(None, feeds)
    for i, inp in enumerate(model.graph.input):
        with open(os.path.join(data_dir, f"input_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(feeds[inp.name], inp.name).SerializeToString())
    for i, (out, value) in enumerate(zip(model.graph.output, results)):
        with open(os.path.join(data_dir, f"output_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(np.asarray(value), out.name).SerializeToString())
    size = os.path.getsize(model_path)
    print(f"{name}: {len(model.graph.node)} nodes, {size} bytes, outputs "
          + ", ".join(f"{o.name}{list(np.asarray(r).shape)}" for o, r in zip(model.graph.output, results)))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(here, "..", "resources", "samples"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    write_case(args.out, "tiny_cnn", *make_tiny_cnn())
    write_case(args.out, "tiny_transformer", *make_tiny_transformer())


if __name__ == "__main__":
    main()
