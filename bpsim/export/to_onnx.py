"""The network as an ONNX graph (``pip install "bpsim[onnx]"``).

The graph takes ``input`` (N, n_in) float32, N symbolic ("batch"), and gives ``output``
(N, n_out): the raw inputs standardised as in training (Sub, Div), then per dense layer a
Gemm (weights as initializers, z = o W^T + b) and its activation. Opset 17 and IR version 8
are pinned so that every ONNX Runtime since 1.13 loads the file; ``onnx.checker`` checks it
before it is written.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bpsim.export.model import ExportError, ExportModel
from bpsim.safeio import atomic_write

OPSET = 17
IR_VERSION = 8
BATCH = "batch"


def _onnx():
    try:
        import onnx
    except ImportError:
        raise ExportError('ONNX export needs the onnx package: pip install "bpsim[onnx]" '
                          "(or pip install onnx)") from None
    return onnx


class _Graph:
    """Nodes and initializers under construction; ``last`` names the current tensor."""

    def __init__(self, onnx) -> None:
        self.onnx, self.nodes, self.initializers, self.last = onnx, [], [], "input"

    def constant(self, name: str, values: np.ndarray) -> str:
        self.initializers.append(self.onnx.numpy_helper.from_array(
            np.ascontiguousarray(values, dtype=np.float32), name))
        return name

    def op(self, op_type: str, inputs: list[str], name: str, **attributes) -> str:
        self.nodes.append(self.onnx.helper.make_node(op_type, inputs, [name], name=name,
                                                     **attributes))
        self.last = name
        return name


def _activation(g: _Graph, layer, l: int) -> None:
    kind = layer.activation
    if kind == "linear":
        return
    ops = {"sigmoid": "Sigmoid", "tanh": "Tanh", "relu": "Relu", "softmax": "Softmax"}
    if kind == "leaky_relu":
        g.op("LeakyRelu", [g.last], f"o{l}", alpha=float(layer.slope))
    elif kind == "softmax":
        g.op("Softmax", [g.last], f"o{l}", axis=-1)
    else:
        g.op(ops[kind], [g.last], f"o{l}")


def _dense(g: _Graph, layer, l: int) -> None:
    W = g.constant(f"W{l}", layer.weights)
    b = g.constant(f"b{l}", layer.biases)
    g.op("Gemm", [g.last, W, b], f"z{l}", transB=1)
    _activation(g, layer, l)


LAYER_WRITERS = {"dense": _dense}


def onnx_model(model: ExportModel):
    """The checked ``onnx.ModelProto`` of ``model``."""
    onnx = _onnx()
    helper, TensorProto = onnx.helper, onnx.TensorProto
    g = _Graph(onnx)
    if model.shift is not None:
        g.op("Sub", [g.last, g.constant("shift", model.shift)], "shifted")
        g.op("Div", [g.last, g.constant("scale", model.scale)], "o0")
    for l, layer in enumerate(model.layers, start=1):
        LAYER_WRITERS[layer.kind](g, layer, l)
    g.op("Identity", [g.last], "output")
    n_out = model.layers[-1].size
    graph = helper.make_graph(
        g.nodes, _safe_name(model.name),
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [BATCH, model.n_inputs])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [BATCH, n_out])],
        g.initializers)
    proto = helper.make_model(graph, producer_name="bpsim",
                              opset_imports=[helper.make_opsetid("", OPSET)])
    proto.ir_version = IR_VERSION
    helper.set_model_props(proto, {"inputs": ", ".join(model.input_labels),
                                   "outputs": ", ".join(model.output_labels)})
    onnx.checker.check_model(proto, full_check=True)
    return proto


def _safe_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name) or "network"


def write_onnx(model: ExportModel, path: str | Path) -> None:
    atomic_write(path, onnx_model(model).SerializeToString())
