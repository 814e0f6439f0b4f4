"""The ``layers`` array: kinds, sizes, shapes and limits first (nothing allocated), then each
layer's settings and arrays.

Version 2 layers: the input is ``{"size": n}`` or ``{"shape": [C, L]}`` / ``[C, H, W]``; a
layer is dense (``"type": "dense"`` or no type: the version 1 layer), ``conv`` or
``max_pool``. Shapes follow :func:`bpsim.spec.conv_layer` and :func:`bpsim.spec.pool_layer`;
a shape that does not fit is refused at the key that makes it so.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from bpsim.fileformat.arrays import tensor, vector
from bpsim.fileformat.errors import (
    MAX_LAYERS,
    MAX_PARAMETERS,
    MAX_PATCH_NUMBERS,
    MAX_UNITS,
)
from bpsim.fileformat.nodes import Node, choice, integer, is_array, number, strings
from bpsim.spec import (
    ACTIVATIONS,
    DEFAULT_LEAKY_SLOPE,
    LAYER_KINDS,
    ONE_UNIT_SOFTMAX,
    LayerSpec,
    bias_count,
    conv_layer,
    dims,
    input_layer,
    parameter_count,
    pool_layer,
    weight_shape,
)

INPUT_HINT = "the input layer has only size (or shape) and labels"
INPUT_KEYS = ("size", "shape", "labels")
LAYER_KEYS = ("size", "activation", "labels", "weights", "biases", "dropout", "slope", "type")
CONV_KEYS = ("type", "filters", "kernel", "stride", "padding", "activation", "slope",
             "weights", "biases")
POOL_KEYS = ("type", "size")
MAPS_HINT = ("it needs maps as input: an input layer with a shape, or a conv or max_pool "
             "layer before it")


def layer_nodes(node: Node) -> list[Node]:
    """The layer objects after checking their count."""
    items = node.array("an array of layers")
    if len(items) < 2:
        node.fail(f"a network needs at least 2 layers (input and output), got {len(items)}")
    if len(items) > MAX_LAYERS:
        node.fail(f"too many layers ({len(items)}; at most {MAX_LAYERS})")
    return node.items()


def _kind(node: Node) -> str:
    """The layer's ``type`` (dense when absent), checked before its other keys."""
    if not isinstance(node.value, dict) or "type" not in node.value:
        return "dense"
    return choice(node.key("type", node.value["type"]), LAYER_KINDS, "layer type")


def _axes(node: Node, count: int, lo: int, what: str) -> tuple[int, ...]:
    """An integer (the same on every spatial axis) or one integer per spatial axis."""
    if not is_array(node.value):
        return (integer(node, lo, MAX_UNITS),) * count
    if len(node.value) != count:
        axes = "axis" if count == 1 else "axes"
        node.fail(f"expected {count} integer{'s' if count > 1 else ''} ({what}, one per "
                  f"spatial axis: the input maps have {count} {axes}), got {len(node.value)}")
    return tuple(integer(item, lo, MAX_UNITS) for item in node.items())


def _maps(node: Node, previous: LayerSpec, what: str) -> int:
    """The number of spatial axes of the previous layer's maps."""
    if previous.shape is None:
        node.fail(f"a {what} layer cannot follow a dense layer: {MAPS_HINT}")
    return len(previous.shape) - 1


def _input_skeleton(node: Node) -> LayerSpec:
    members = node.obj((), INPUT_KEYS, INPUT_HINT)
    if ("size" in members) == ("shape" in members):
        node.fail('the input layer needs either "size" (units) or "shape" ([C, L] or '
                  "[C, H, W]), not both or neither")
    if "size" in members:
        return LayerSpec(size=integer(members["size"], 1, MAX_UNITS))
    shape_node = members["shape"]
    shape = shape_node.array("an array [C, L] or [C, H, W] (channels, then length or "
                             "height and width)")
    if len(shape) not in (2, 3):
        shape_node.fail(f"expected [C, L] or [C, H, W] (2 or 3 integers), got {len(shape)} "
                        "numbers")
    values = tuple(integer(item, 1, MAX_UNITS) for item in shape_node.items())
    _check_units(shape_node, values, "the input")
    return input_layer(values)


def _check_units(node: Node, shape: tuple[int, ...], what: str) -> None:
    units = int(np.prod(shape, dtype=object))
    if units > MAX_UNITS:
        node.fail(f"{what} has {dims(shape)} = {units} units; at most {MAX_UNITS} in one layer")


def _conv_skeleton(node: Node, previous: LayerSpec) -> LayerSpec:
    members = node.obj(("type", "filters", "kernel"), CONV_KEYS[3:])
    n = _maps(members["type"], previous, "conv")
    filters = integer(members["filters"], 1, MAX_UNITS)
    kernel = _axes(members["kernel"], n, 1, "the kernel size")
    stride = _axes(members["stride"], n, 1, "the stride") if "stride" in members else (1,) * n
    padding = (_axes(members["padding"], n, 0, "the padding") if "padding" in members
               else (0,) * n)
    try:
        layer = conv_layer(previous, filters, kernel, stride, padding)
    except ValueError as e:
        members["kernel"].fail(f"{e} (the conv layer's input is {dims(previous.out_shape)})")
    _check_units(node, layer.shape, "the conv layer's output")
    patch = previous.shape[0] * int(np.prod(kernel)) * int(np.prod(layer.shape[1:]))
    if patch > MAX_PATCH_NUMBERS:
        members["kernel"].fail(
            f"the layer reads {patch} input values per example ({previous.shape[0]} channels "
            f"x kernel {dims(kernel)} x {dims(layer.shape[1:])} positions); at most "
            f"{MAX_PATCH_NUMBERS}")
    return layer


def _pool_skeleton(node: Node, previous: LayerSpec) -> LayerSpec:
    members = node.obj(("type", "size"), ())
    n = _maps(members["type"], previous, "max_pool")
    window = _axes(members["size"], n, 1, "the pooling window")
    try:
        return pool_layer(previous, window)
    except ValueError as e:
        members["size"].fail(f"{e} (the max_pool layer's input is {dims(previous.out_shape)})")


def skeletons(node: Node, layers: list[Node]) -> list[LayerSpec]:
    """Every layer's kind, size and shape (no arrays yet), checked against the unit and
    parameter limits."""
    out = [_input_skeleton(layers[0])]
    for layer in layers[1:]:
        kind = _kind(layer)
        if kind == "conv":
            out.append(_conv_skeleton(layer, out[-1]))
        elif kind == "max_pool":
            out.append(_pool_skeleton(layer, out[-1]))
        else:
            members = layer.obj(("size",), LAYER_KEYS[1:])
            out.append(LayerSpec(size=integer(members["size"], 1, MAX_UNITS)))
    total = parameter_count(out)
    if total > MAX_PARAMETERS:
        node.fail(f"too many parameters ({total}; at most {MAX_PARAMETERS} in all)")
    return out


def _labels(members: dict[str, Node], size: int) -> tuple[str, ...] | None:
    node = members.get("labels")
    if node is None or node.value is None:
        return None
    return strings(node, size, f"labels (one per unit of this layer, which has {size})")


def _weights_need(layer: LayerSpec, previous: LayerSpec) -> str:
    if layer.kind == "conv":
        return (f" (filters x input channels x kernel: {layer.filters} x "
                f"{previous.out_shape[0]} x {dims(layer.kernel)})")
    return ""


def _parameters(
    members: dict[str, Node], layer: LayerSpec, previous: LayerSpec
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """weights (weight_shape) and biases (bias_count,), each None when absent or null."""
    weights = members.get("weights")
    biases = members.get("biases")
    shape = weight_shape(layer, previous)
    w = (None if weights is None or weights.value is None
         else tensor(weights, shape, _weights_need(layer, previous)))
    b = None if biases is None or biases.value is None else vector(biases, bias_count(layer))
    if w is None and b is not None:
        biases.fail("biases given without weights (give both, weights only, or neither)")
    return w, b


def _activation(members: dict[str, Node], layer: LayerSpec, is_output: bool) -> str:
    node = members.get("activation")
    if node is None:
        return "sigmoid"
    name = choice(node, ACTIVATIONS, "activation")
    if name == "softmax" and layer.kind == "conv":
        node.fail("softmax is allowed on a dense output layer only (this is a conv layer)")
    if name == "softmax" and not is_output:
        node.fail("softmax is allowed on the output layer only")
    return name


def _dropout(members: dict[str, Node], is_output: bool) -> float:
    node = members.get("dropout")
    if node is None:
        return 0.0
    p = number(node, 0.0, 1.0, hi_open=True)
    if is_output and p != 0.0:
        node.fail("dropout is for hidden layers only")
    return p


def _layer(node: Node, layer: LayerSpec, previous: LayerSpec | None,
           is_output: bool) -> LayerSpec:
    members = node.members()
    if previous is None:
        return replace(layer, labels=_labels(members, layer.size))
    if layer.kind == "max_pool":
        return layer
    activation = _activation(members, layer, is_output)
    if is_output and activation == "softmax" and layer.size < 2:
        members["activation"].fail(ONE_UNIT_SOFTMAX)
    dropout = _dropout(members, is_output)
    slope = members.get("slope")
    slope_value = DEFAULT_LEAKY_SLOPE if slope is None else number(slope, 0.0, 1.0, hi_open=True)
    labels = _labels(members, layer.size) if layer.kind == "dense" else None
    w, b = _parameters(members, layer, previous)
    return replace(layer, activation=activation, labels=labels, weights=w, biases=b,
                   dropout=dropout, slope=slope_value)


def read_layers(node: Node) -> tuple[LayerSpec, ...]:
    """All layers; keys, sizes and shapes are checked for every layer before any array is
    built."""
    nodes = layer_nodes(node)
    layers = skeletons(node, nodes)
    last = len(nodes) - 1
    return tuple(
        _layer(item, layers[i], layers[i - 1] if i else None, i == last)
        for i, item in enumerate(nodes)
    )
