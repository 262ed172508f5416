#!/usr/bin/env python3
"""Exports a zoo of models Kiln was not tuned on, with ONNX Runtime reference outputs.

Each model becomes a folder ZOO/NAME/ with model.onnx and test_data_set_0/{input_N,output_N}.pb,
the layout `kiln run --test-data`, `kiln compare` and tools/bench_vs_ort.py read. The zoo lives
outside git (default ../zoo next to the checkout).

Weights are random with fixed seeds, but chosen so the outputs mean something: deep random CNNs
shrink or blow up their logits, and torchvision zero-initialises some heads, so every model is
re-initialised (kaiming for convolutions and linears, BatchNorm running statistics from a few
forward passes in training mode), then its final layer is rescaled so the logits have a standard
deviation of about 1. A model whose outputs still have no spread is refused.

Needs torch, torchvision and onnxruntime (test tooling only; `pip install torch torchvision
onnxruntime onnx`). Usage: python3 tools/make_zoo.py [--out DIR] [--opset N] [names...]
"""
import argparse
import os
import sys

import numpy as np


def build(name):
    import torch
    import torchvision.models as tvm

    ctor = {
        "resnet18": lambda: tvm.resnet18(),
        "mobilenet_v2": lambda: tvm.mobilenet_v2(),
        "mobilenet_v3_small": lambda: tvm.mobilenet_v3_small(),
        "efficientnet_b0": lambda: tvm.efficientnet_b0(),
        "shufflenet_v2_x0_5": lambda: tvm.shufflenet_v2_x0_5(),
        "regnet_y_400mf": lambda: tvm.regnet_y_400mf(),
        "squeezenet1_0": lambda: tvm.squeezenet1_0(),
        "densenet121": lambda: tvm.densenet121(),
        "convnext_tiny": lambda: tvm.convnext_tiny(),
        "vit_b_16": lambda: tvm.vit_b_16(),
    }[name]
    torch.manual_seed(0)
    model = ctor()
    size = 224
    return model, (1, 3, size, size)


def meaningful(model, shape, seed):
    """Re-initialises the weights so activations keep their scale, calibrates BatchNorm, and scales
    the last linear so the logits have a standard deviation of about 1."""
    import torch
    import torch.nn as nn

    torch.manual_seed(seed)
    last_linear = None
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            if m.bias is not None:
                nn.init.uniform_(m.bias, -0.1, 0.1)
        if isinstance(m, nn.Linear):
            last_linear = m
    # BatchNorm statistics from a few batches of random images (train mode), then eval.
    model.train()
    with torch.no_grad():
        for _ in range(4):
            model(torch.randn(4, *shape[1:]))
    model.eval()
    x = torch.randn(*shape)
    with torch.no_grad():
        y = model(x)
        std = float(y.std())
        if last_linear is not None and std > 0:
            last_linear.weight.mul_(1.0 / std)
            if last_linear.bias is not None:
                last_linear.bias.mul_(1.0 / std)
        y = model(x)
    return x, y


def export(name, out_dir, opset):
    import onnx
    import onnxruntime as ort
    import torch
    from onnx import numpy_helper

    model, shape = build(name)
    x, y = meaningful(model, shape, seed=1)
    std = float(y.std())
    if not np.isfinite(std) or std < 1e-3:
        raise RuntimeError(f"{name}: outputs have no spread (std {std}); the check would pass anything")
    folder = os.path.join(out_dir, name)
    os.makedirs(os.path.join(folder, "test_data_set_0"), exist_ok=True)
    path = os.path.join(folder, "model.onnx")
    torch.onnx.export(model, (x,), path, opset_version=opset, input_names=["input"], output_names=["output"],
                      dynamo=False)
    onnx.checker.check_model(path)
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    (ref,) = sess.run(None, {"input": x.numpy()})
    onnx.save_tensor(numpy_helper.from_array(x.numpy(), "input"), os.path.join(folder, "test_data_set_0", "input_0.pb"))
    onnx.save_tensor(numpy_helper.from_array(ref, "output"), os.path.join(folder, "test_data_set_0", "output_0.pb"))
    torch_vs_ort = float(np.abs(ref - y.numpy()).max())
    print(f"{name}: {path}, input {list(shape)}, output std {float(ref.std()):.3f}, "
          f"max |torch - ORT| {torch_vs_ort:.2e}")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=os.path.normpath(os.path.join(here, "..", "..", "zoo")))
    p.add_argument("--opset", type=int, default=17)
    p.add_argument("names", nargs="*", default=["resnet18", "mobilenet_v2", "mobilenet_v3_small", "efficientnet_b0",
                                                "shufflenet_v2_x0_5", "regnet_y_400mf"])
    args = p.parse_args()
    failed = 0
    for name in args.names:
        try:
            export(name, args.out, args.opset)
        except Exception as e:  # noqa: BLE001 - report and go on with the others
            failed += 1
            print(f"{name}: FAILED: {e}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
