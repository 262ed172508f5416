#!/usr/bin/env python3
"""Makes tests/data/control_flow/torchscript_if_loop: a small module with a data-dependent `if` and a
`for` loop, scripted (torch.jit.script) and exported by the TorchScript exporter at opset 18, so the
ONNX file holds a real exporter's If and Loop (bodies reading outer-scope values). Reference outputs
from ONNX Runtime, two input sets (one per branch). Run with /work/venv/bin/python; fixed seed."""
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from onnx import numpy_helper

HERE = Path(__file__).resolve().parent / "torchscript_if_loop"


class IfLoop(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.cell = torch.nn.Linear(8, 8)
        self.head = torch.nn.Linear(8, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # x: [steps, batch, 8]. A recurrence over the steps (a Loop whose body reads the weights and
        # x from the outer scope), then a branch on the data (an If).
        h = torch.zeros(x.shape[1], 8)
        for t in range(x.shape[0]):
            h = torch.tanh(self.cell(h) + x[t])
        if bool(h.sum() > 0):
            y = self.head(h) * 2.0
        else:
            y = self.head(-h) - 1.0
        return y


def main():
    torch.manual_seed(7)
    model = torch.jit.script(IfLoop().eval())
    HERE.mkdir(parents=True, exist_ok=True)
    path = HERE / "model.onnx"
    example = torch.randn(5, 2, 8)
    torch.onnx.export(model, (example,), str(path), opset_version=18, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "steps"}}, dynamo=False)
    m = onnx.load(str(path))
    ops = {n.op_type for n in m.graph.node}
    assert "If" in ops and "Loop" in ops, ops
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(3)
    # Two sets; a shift picks each branch of the `if` (checked below).
    sets, branches = [], set()
    for shift in (2.0, -2.0):
        x = (rng.standard_normal((5, 2, 8)) + shift).astype(np.float32)
        y = session.run(None, {"x": x})[0]
        with torch.no_grad():
            h = torch.zeros(2, 8)
            for t in range(5):
                h = torch.tanh(model.cell(h) + torch.from_numpy(x[t]))
            branches.add(bool(h.sum() > 0))
        sets.append((x, y))
    assert branches == {True, False}, branches
    for i, (x, y) in enumerate(sets):
        d = HERE / f"test_data_set_{i}"
        d.mkdir(exist_ok=True)
        (d / "input_0.pb").write_bytes(numpy_helper.from_array(x, "x").SerializeToString())
        (d / "output_0.pb").write_bytes(numpy_helper.from_array(y, "y").SerializeToString())
    print(path, path.stat().st_size, "bytes;", sorted(ops))


if __name__ == "__main__":
    main()
