"""The network as an ONNX graph (``pip install "bpsim[onnx]"``).

The graph takes ``input`` (N, n_in) float32, N symbolic ("batch"), and gives ``output``
(N, n_out): the raw inputs standardised as in training (Sub, Div), then per dense layer a
Gemm (weights as initializers, z = o W^T + b) and its activation, per conv layer a Conv
(cross-correlation, strides, zero pads) and its activation, per max_pool layer a MaxPool
(stride = window); Reshape turns the flat input into maps (N, C, ...) and Flatten maps back
into vectors before a dense layer and at the end. Opset 17 and IR version 8 are pinned so
that every ONNX Runtime since 1.13 loads the file; ``onnx.checker`` checks it before it is
written.
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
    """Nodes and initializers under construction; ``last`` names the current tensor, ``maps``
    says whether it is (N, C, ...) rather than (N, n)."""

    def __init__(self, onnx) -> None:
        self.onnx, self.nodes, self.initializers, self.last = onnx, [], [], "input"
        self.maps = False

    def constant(self, name: str, values: np.ndarray, dtype=np.float32) -> str:
        self.initializers.append(self.onnx.numpy_helper.from_array(
            np.ascontiguousarray(values, dtype=dtype), name))
        return name

    def as_maps(self, shape: tuple[int, ...], l: int) -> None:
        if not self.maps:
            target = self.constant(f"maps_shape{l}", np.array([-1, *shape]), np.int64)
            self.op("Reshape", [self.last, target], f"maps{l - 1}")
            self.maps = True

    def as_vectors(self, name: str) -> None:
        if self.maps:
            self.op("Flatten", [self.last], name, axis=1)
            self.maps = False

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


def _dense(g: _Graph, layer, l: int, in_shape: tuple[int, ...]) -> None:
    g.as_vectors(f"flat{l - 1}")
    W = g.constant(f"W{l}", layer.weights)
    b = g.constant(f"b{l}", layer.biases)
    g.op("Gemm", [g.last, W, b], f"z{l}", transB=1)
    _activation(g, layer, l)


def _conv(g: _Graph, layer, l: int, in_shape: tuple[int, ...]) -> None:
    g.as_maps(in_shape, l)
    W = g.constant(f"W{l}", layer.weights)
    b = g.constant(f"b{l}", layer.biases)
    g.op("Conv", [g.last, W, b], f"z{l}", kernel_shape=list(layer.kernel),
         strides=list(layer.stride), pads=list(layer.padding) * 2)
    _activation(g, layer, l)


def _max_pool(g: _Graph, layer, l: int, in_shape: tuple[int, ...]) -> None:
    g.as_maps(in_shape, l)
    g.op("MaxPool", [g.last], f"o{l}", kernel_shape=list(layer.pool),
         strides=list(layer.pool))


LAYER_WRITERS = {"dense": _dense, "conv": _conv, "max_pool": _max_pool}


def onnx_model(model: ExportModel):
    """The checked ``onnx.ModelProto`` of ``model``."""
    onnx = _onnx()
    helper, TensorProto = onnx.helper, onnx.TensorProto
    g = _Graph(onnx)
    if model.shift is not None:
        g.op("Sub", [g.last, g.constant("shift", model.shift)], "shifted")
        g.op("Div", [g.last, g.constant("scale", model.scale)], "o0")
    for l, (layer, in_shape) in enumerate(zip(model.layers, model.in_shapes()), start=1):
        LAYER_WRITERS[layer.kind](g, layer, l, in_shape)
    g.as_vectors(f"flat{len(model.layers)}")
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
