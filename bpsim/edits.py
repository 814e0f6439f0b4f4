"""Edits of a network spec as pure functions (no Qt): each returns a new NetworkSpec.

New weights follow the document's initialisation (:class:`~bpsim.spec.InitSpec`): weights of
unchanged layers are kept; when a layer is resized the overlapping weights are kept and only
the new ones are drawn, with a Generator seeded from the init seed (and the layer and sizes,
so that two edits do not draw the same numbers). Invalid edits raise ValueError with a
message for the user.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import numpy as np

from bpsim.engine.build import init_seed, initialized
from bpsim.engine.initializers import init_layer
from bpsim.engine.losses import check_output, check_pair
from bpsim.lang import tx
from bpsim.mapedits import (  # noqa: F401 (edits of maps: part of edits' API)
    _restructured,
    add_conv_layer,
    add_pool_layer,
    set_conv,
    set_kernel_weight,
    set_pool,
)
from bpsim.naming import unit_label, weight_name  # noqa: F401 (weight_name: edits' API)
from bpsim.spec import InitSpec, LayerSpec, NetworkSpec, dims, frozen_array
from bpsim.spec import parameter_count as layers_parameter_count


def layer_name(spec: NetworkSpec, l: int) -> str:
    """"input layer", "hidden layer 2", "output layer"."""
    if l == 0:
        return tx("input layer")
    if l == len(spec.layers) - 1:
        return tx("output layer")
    return tx("hidden layer {0}").format(l)


def parameter_count(spec: NetworkSpec) -> int:
    return layers_parameter_count(spec.layers)


def _fresh(spec: NetworkSpec, l: int, n_out: int, n_in: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng([init_seed(spec), l, n_out, n_in])
    return init_layer(spec.init.kind, n_out, n_in, rng, spec.init.scale)


def _reshape(spec: NetworkSpec, l: int, rows: np.ndarray, cols: np.ndarray,
             n_out: int, n_in: int) -> LayerSpec:
    """Layer l with weights (n_out, n_in): kept rows/cols of the old weights at the front,
    new entries drawn. ``rows``/``cols`` index the old units that are kept, in order."""
    layer = spec.layers[l]
    w, b = _fresh(spec, l, n_out, n_in)
    if layer.weights is not None:
        w[: len(rows), : len(cols)] = layer.weights[np.ix_(rows, cols)]
    if layer.biases is not None:
        b[: len(rows)] = layer.biases[rows]
    return replace(layer, size=n_out, weights=frozen_array(w), biases=frozen_array(b))


def _all_numeric_labels(spec: NetworkSpec) -> list[int] | None:
    values = []
    for l, layer in enumerate(spec.layers):
        for k in range(layer.size):
            text = unit_label(spec, l, k)
            if not text.isdigit():
                return None
            values.append(int(text))
    return values


def _labels_with(spec: NetworkSpec, l: int, keep: np.ndarray, added: int) -> tuple[str, ...] | None:
    layer = spec.layers[l]
    if not layer.labels:
        return None
    labels = [layer.labels[k] for k in keep]
    numbers = _all_numeric_labels(spec)
    start = max(numbers) + 1 if numbers else None
    for k in range(added):
        labels.append(str(start + k) if start is not None else f"{l}.{len(labels) + 1}")
    return tuple(labels)


def resize_layer(spec: NetworkSpec, l: int, keep: np.ndarray, added: int) -> NetworkSpec:
    """Keep units ``keep`` of layer l (in order) and append ``added`` new units."""
    spec = initialized(spec)
    layer = spec.layers[l]
    if layer.shape is not None:
        raise ValueError(tx("the {0} holds maps ({1}): its size follows from its shape (change "
                            "the filters, kernel, stride, padding or pooling window instead of "
                            "units)").format(layer_name(spec, l), dims(layer.shape)))
    keep = np.asarray(keep, dtype=int)
    n = len(keep) + added
    if n < 1:
        raise ValueError(tx("the {0} needs at least one unit").format(layer_name(spec, l)))
    if l == len(spec.layers) - 1:
        check_output(spec.loss, spec.layers[l].activation, n)
    layers = list(spec.layers)
    labels = _labels_with(spec, l, keep, added)
    if l == 0:
        layers[0] = replace(layers[0], size=n, labels=labels)
    else:
        prev = np.arange(spec.layers[l - 1].size)
        layers[l] = replace(_reshape(spec, l, keep, prev, n, len(prev)), labels=labels)
    if l + 1 < len(layers):
        rows = np.arange(spec.layers[l + 1].size)
        layers[l + 1] = _reshape(spec, l + 1, rows, keep, len(rows), n)
    return replace(spec, layers=tuple(layers))


def add_unit(spec: NetworkSpec, l: int) -> NetworkSpec:
    return resize_layer(spec, l, np.arange(spec.layers[l].size), 1)


def remove_unit(spec: NetworkSpec, l: int, j: int) -> NetworkSpec:
    keep = np.delete(np.arange(spec.layers[l].size), j)
    return resize_layer(spec, l, keep, 0)


def set_layer_size(spec: NetworkSpec, l: int, n: int) -> NetworkSpec:
    size = spec.layers[l].size
    return resize_layer(spec, l, np.arange(min(size, n)), max(0, n - size))


def add_layer(spec: NetworkSpec, index: int, size: int, activation: str) -> NetworkSpec:
    """Insert a hidden layer so that it becomes ``layers[index]`` (1 <= index <= L).

    The next layer's weights (its inputs changed) are drawn anew; its biases are kept.
    """
    spec = initialized(spec)
    if not 1 <= index <= len(spec.layers) - 1:
        raise ValueError(tx("a hidden layer goes between the input and the output layer"))
    if size < 1:
        raise ValueError(tx("a layer needs at least one unit"))
    _check_activation(spec, activation, output=False)
    layers = list(spec.layers)
    layers.insert(index, LayerSpec(size=size, activation=activation))
    return _restructured(spec, layers, index)


def remove_layer(spec: NetworkSpec, index: int) -> NetworkSpec:
    """Remove hidden layer ``index``; the next layer's weights are drawn anew."""
    spec = initialized(spec)
    if not 1 <= index < len(spec.layers) - 1:
        raise ValueError(tx("only hidden layers can be removed"))
    layers = list(spec.layers)
    del layers[index]
    return _restructured(spec, layers, index, redraw=1)


def _check_activation(spec: NetworkSpec, activation: str, output: bool) -> None:
    if activation == "softmax" and not output:
        raise ValueError(tx("softmax is allowed on the output layer only"))
    if output:
        check_output(spec.loss, activation, spec.layers[-1].size)


def set_activation(spec: NetworkSpec, l: int, activation: str) -> NetworkSpec:
    if l == 0:
        raise ValueError(tx("the input layer has no activation function"))
    kind = spec.layers[l].kind
    if kind == "max_pool":
        raise ValueError(tx("a max_pool layer has no activation function (its output is the "
                            "maximum of its window)"))
    if kind == "conv" and activation == "softmax":
        raise ValueError(tx("softmax is allowed on a dense output layer only (this is a conv "
                            "layer)"))
    _check_activation(spec, activation, output=l == len(spec.layers) - 1)
    return spec.with_layer(l, activation=activation)


def set_loss(spec: NetworkSpec, loss: str) -> NetworkSpec:
    check_pair(loss, spec.layers[-1].activation)
    return replace(spec, loss=loss)


def set_weight(spec: NetworkSpec, l: int, j: int, i: int, value: float) -> NetworkSpec:
    spec = initialized(spec)
    w = np.array(spec.layers[l].weights)
    w[j, i] = value
    return spec.with_layer(l, weights=frozen_array(w))


def set_bias(spec: NetworkSpec, l: int, j: int, value: float) -> NetworkSpec:
    spec = initialized(spec)
    b = np.array(spec.layers[l].biases)
    b[j] = value
    return spec.with_layer(l, biases=frozen_array(b))


def set_io_sizes(spec: NetworkSpec, n_in: int, n_out: int) -> NetworkSpec:
    """Resize the input and output layers (e.g. to the data set's sizes). An input with maps
    (a shape) or a conv or max_pool output keeps its size: ValueError if it differs."""
    fixed = [(0, n_in), (len(spec.layers) - 1, n_out)]
    for l, n in fixed:
        layer = spec.layers[l]
        if (layer.shape is not None or layer.kind != "dense") and layer.size != n:
            raise ValueError(tx("the {0} has maps of {1} ({2} values), the data {3}: change the "
                                "network's shape, sizes cannot be fitted to it").format(
                layer_name(spec, l), dims(layer.out_shape), layer.size, n))
    for l, n in fixed:
        if spec.layers[l].size != n:
            spec = set_layer_size(spec, l, n)
    return spec


def reinitialise(spec: NetworkSpec) -> NetworkSpec:
    return initialized(spec, force=True)


def parse_sizes(text: str) -> tuple[int, ...]:
    """"2-8-8-1" -> (2, 8, 8, 1); ValueError with a readable message otherwise."""
    parts = [p.strip() for p in text.replace(",", "-").replace(" ", "-").split("-") if p.strip()]
    if len(parts) < 2:
        raise ValueError(tx("give at least an input and an output size, e.g. 2-8-1"))
    sizes = []
    for part in parts:
        if not part.isdigit() or int(part) < 1:
            raise ValueError(tx("{0} is not a layer size (a whole number ≥ 1)").format(repr(part)))
        sizes.append(int(part))
    if max(sizes) > 100_000:
        raise ValueError(tx("at most 100000 units per layer"))
    return tuple(sizes)


def new_network(sizes: tuple[int, ...], hidden: str, output: str, init: InitSpec,
                loss: str) -> NetworkSpec:
    """A fresh, initialised network of the given sizes."""
    if hidden == "softmax":
        raise ValueError(tx("softmax is allowed on the output layer only"))
    check_output(loss, output, sizes[-1])
    layers = [LayerSpec(size=sizes[0])]
    layers += [LayerSpec(size=n, activation=hidden) for n in sizes[1:-1]]
    layers.append(LayerSpec(size=sizes[-1], activation=output))
    return initialized(NetworkSpec(layers=tuple(layers), loss=loss, init=init))


def csv_absolute(spec: NetworkSpec, base: Path) -> NetworkSpec:
    """The spec with a relative CSV path made absolute against ``base`` (the file's folder),
    so that it keeps working after Save As to another folder."""
    data = spec.data
    if data is None or data.csv is None or Path(data.csv).is_absolute():
        return spec
    return replace(spec, data=replace(data, csv=str((Path(base) / data.csv).resolve())))


def csv_relative(spec: NetworkSpec, base: Path) -> NetworkSpec:
    """The spec with an absolute CSV path written relative to ``base`` (for saving), so a
    folder with the network and its data can be moved together."""
    data = spec.data
    if data is None or data.csv is None or not Path(data.csv).is_absolute():
        return spec
    try:
        rel = os.path.relpath(data.csv, Path(base).resolve())
    except ValueError:  # another drive (Windows)
        return spec
    return replace(spec, data=replace(data, csv=Path(rel).as_posix()))
