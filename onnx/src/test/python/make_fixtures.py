#!/usr/bin/env python3
"""Writes the PyTorch-exported ONNX fixtures of vecmlp's ONNX import tests, with PyTorch's own outputs.

Run with Debian's python3-torch (here PyTorch 1.13, whose exporter writes opsets up to 17):
    /usr/bin/python3 onnx/src/test/python/make_fixtures.py onnx/src/test/resources/org/vecmlp/onnx/fixtures
Each fixture NAME gets NAME.onnx and NAME.json: {"opset", "input": [[...]], "output": [[...]], "torch"}: the rows
given to the model and what PyTorch computed for them, in float32 printed with repr (exact round trip).
"""
import json
import os
import sys

import torch
from torch import nn

torch.manual_seed(20261202)
out_dir = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out_dir, exist_ok=True)

FIXTURES = {
    # name: (model, input shape without the batch, opset)
    "relu_softmax_opset9": (nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3), nn.Softmax(dim=1)), (4,), 9),
    "relu_softmax_opset13": (nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3), nn.Softmax(dim=1)), (4,), 13),
    "tanh_sigmoid_opset17": (nn.Sequential(nn.Linear(5, 8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 1),
                                           nn.Sigmoid()), (5,), 17),
    "flatten_leaky_identity_opset11": (nn.Sequential(nn.Flatten(), nn.Linear(6, 10), nn.LeakyReLU(0.2), nn.Identity(),
                                                     nn.Linear(10, 2)), (2, 3), 11),
    "sigmoid_hidden_softmax_last_axis_opset17": (nn.Sequential(nn.Linear(3, 7), nn.Sigmoid(), nn.Linear(7, 4),
                                                               nn.Softmax(dim=-1)), (3,), 17),
}

for name, (model, shape, opset) in FIXTURES.items():
    model.eval()
    x = torch.randn(9, *shape) * 2
    with torch.no_grad():
        y = model(x)
    path = os.path.join(out_dir, name + ".onnx")
    torch.onnx.export(model, x[:1], path, opset_version=opset, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    rows = x.reshape(x.shape[0], -1).tolist()
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump({"opset": opset, "torch": torch.__version__, "input": rows, "output": y.tolist()}, f)
    print(name, "opset", opset, "->", path)
