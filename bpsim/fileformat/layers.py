"""The ``layers`` array: sizes and limits first (nothing allocated), then each layer."""

from __future__ import annotations

import numpy as np

from bpsim.fileformat.arrays import matrix, vector
from bpsim.fileformat.errors import MAX_LAYERS, MAX_PARAMETERS, MAX_UNITS
from bpsim.fileformat.nodes import Node, choice, integer, number, strings
from bpsim.spec import ACTIVATIONS, DEFAULT_LEAKY_SLOPE, LayerSpec

INPUT_HINT = "the input layer has only size and labels"
LAYER_KEYS = ("size", "activation", "labels", "weights", "biases", "dropout", "slope")


def layer_nodes(node: Node) -> list[Node]:
    """The layer objects after checking their count."""
    items = node.array("an array of layers")
    if len(items) < 2:
        node.fail(f"a network needs at least 2 layers (input and output), got {len(items)}")
    if len(items) > MAX_LAYERS:
        node.fail(f"too many layers ({len(items)}; at most {MAX_LAYERS})")
    return node.items()


def layer_sizes(node: Node, layers: list[Node]) -> list[int]:
    """Every layer's size, checked against the unit and parameter limits."""
    sizes = []
    for i, layer in enumerate(layers):
        if i == 0:
            members = layer.obj(("size",), ("labels",), INPUT_HINT)
        else:
            members = layer.obj(("size",), LAYER_KEYS[1:])
        sizes.append(integer(members["size"], 1, MAX_UNITS))
    total = sum(n * (m + 1) for m, n in zip(sizes[:-1], sizes[1:], strict=False))
    if total > MAX_PARAMETERS:
        node.fail(f"too many parameters ({total}; at most {MAX_PARAMETERS} in all)")
    return sizes


def _labels(members: dict[str, Node], size: int) -> tuple[str, ...] | None:
    node = members.get("labels")
    if node is None or node.value is None:
        return None
    return strings(node, size, f"labels (one per unit of this layer, which has {size})")


def _parameters(
    members: dict[str, Node], size: int, previous: int
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """weights (size, previous) and biases (size,), each None when absent or null."""
    weights = members.get("weights")
    biases = members.get("biases")
    w = None if weights is None or weights.value is None else matrix(weights, size, previous)
    b = None if biases is None or biases.value is None else vector(biases, size)
    if w is None and b is not None:
        biases.fail("biases given without weights (give both, weights only, or neither)")
    return w, b


def _activation(members: dict[str, Node], is_output: bool) -> str:
    node = members.get("activation")
    if node is None:
        return "sigmoid"
    name = choice(node, ACTIVATIONS, "activation")
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


def _layer(node: Node, size: int, previous: int | None, is_output: bool) -> LayerSpec:
    members = node.members()
    if previous is None:
        return LayerSpec(size=size, labels=_labels(members, size))
    activation = _activation(members, is_output)
    dropout = _dropout(members, is_output)
    slope = members.get("slope")
    slope_value = DEFAULT_LEAKY_SLOPE if slope is None else number(slope, 0.0, 1.0, hi_open=True)
    labels = _labels(members, size)
    w, b = _parameters(members, size, previous)
    return LayerSpec(
        size=size,
        activation=activation,
        labels=labels,
        weights=w,
        biases=b,
        dropout=dropout,
        slope=slope_value,
    )


def read_layers(node: Node) -> tuple[LayerSpec, ...]:
    """All layers; keys and sizes are checked for every layer before any array is built."""
    layers = layer_nodes(node)
    sizes = layer_sizes(node, layers)
    last = len(layers) - 1
    return tuple(
        _layer(layer, sizes[i], sizes[i - 1] if i else None, i == last)
        for i, layer in enumerate(layers)
    )
