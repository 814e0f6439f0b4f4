"""Edits of networks with maps (conv and max_pool layers) as pure functions (no Qt): add a
conv or pooling layer, change its filters, kernel, stride, padding or window, set a shared
weight. Shapes are recomputed after every edit; one that no longer fits is refused with a
message naming the layer and the sizes, as the file reader does. Re-exported by
:mod:`bpsim.edits`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from bpsim.engine.build import fans, init_seed, initialized
from bpsim.engine.initializers import init_weights
from bpsim.fileformat.errors import MAX_PARAMETERS, MAX_PATCH_NUMBERS, MAX_UNITS
from bpsim.spec import (
    LayerSpec,
    NetworkSpec,
    bias_count,
    conv_layer,
    dims,
    frozen_array,
    parameter_count,
    pool_layer,
    weight_shape,
    with_shapes,
)


def _restructured(spec: NetworkSpec, layers: list[LayerSpec], first: int,
                  redraw: int = 2) -> NetworkSpec:
    """``spec`` with ``layers`` after a structural edit at ``first``: the shapes of the maps
    recomputed (ValueError naming the layer when one no longer fits), the weights of layers
    ``first`` .. ``first + redraw - 1`` drawn anew and of any later layer whose weights no
    longer have their shape; biases kept where their count is unchanged."""
    layers = _shaped(layers)
    _check_limits(layers)
    for l in range(first, len(layers)):
        layer, prev = layers[l], layers[l - 1]
        if not layer.has_parameters:
            continue
        shape = weight_shape(layer, prev)
        if l >= first + redraw and layer.weights is not None and layer.weights.shape == shape:
            continue
        rng = np.random.default_rng([init_seed(spec), l, *shape])
        n_in, n_out = fans(layer, prev)
        w, b = init_weights(spec.init.kind, shape, n_in, n_out, bias_count(layer), rng,
                            spec.init.scale)
        kept = layer.biases is not None and len(layer.biases) == len(b)
        layers[l] = replace(layer, weights=frozen_array(w),
                            biases=layer.biases if kept else frozen_array(b))
    return replace(spec, layers=tuple(layers))


def _shaped(layers: list[LayerSpec]) -> list[LayerSpec]:
    """The layers with every map layer's shape recomputed from the one before it."""
    out = [layers[0]]
    for l, layer in enumerate(layers[1:], 1):
        try:
            out.append(with_shapes((out[-1], layer))[1])
        except ValueError as e:
            kind = {"conv": "conv layer", "max_pool": "max_pool layer"}.get(layer.kind, "layer")
            raise ValueError(f"{kind} {l}: {e} (its input is "
                             f"{dims(out[-1].out_shape)})") from None
    return out


def _check_limits(layers: list[LayerSpec]) -> None:
    """The reader's limits (a network the window makes must open again)."""
    for l, layer in enumerate(layers):
        if layer.size > MAX_UNITS:
            raise ValueError(f"layer {l} would have {layer.size} units; at most {MAX_UNITS}")
        if layer.kind == "conv":
            prev = layers[l - 1]
            read = prev.out_shape[0] * int(np.prod(layer.kernel)) * int(
                np.prod(layer.shape[1:]))
            if read > MAX_PATCH_NUMBERS:
                raise ValueError(f"conv layer {l} would read {read} input values per example; "
                                 f"at most {MAX_PATCH_NUMBERS}")
    total = parameter_count(layers)
    if total > MAX_PARAMETERS:
        raise ValueError(f"the network would have {total} parameters; at most "
                         f"{MAX_PARAMETERS}")


def add_conv_layer(spec: NetworkSpec, index: int, filters: int, kernel: Sequence[int],
                   stride: int | Sequence[int] = 1, padding: int | Sequence[int] = 0,
                   activation: str = "relu") -> NetworkSpec:
    """Insert a conv layer so that it becomes ``layers[index]``; the layer after it gets new
    weights (its input changed)."""
    spec = initialized(spec)
    if not 1 <= index <= len(spec.layers) - 1:
        raise ValueError("a conv layer goes between the input and the output layer")
    if activation == "softmax":
        raise ValueError("softmax is allowed on a dense output layer only")
    prev = _shaped(list(spec.layers[:index]))[-1]
    try:
        layer = conv_layer(prev, filters, kernel, stride, padding, activation=activation)
    except ValueError as e:
        raise ValueError(f"conv layer {index}: {e} (its input is "
                         f"{dims(prev.out_shape)})") from None
    layers = list(spec.layers)
    layers.insert(index, layer)
    return _restructured(spec, layers, index)


def add_pool_layer(spec: NetworkSpec, index: int, window: int | Sequence[int]) -> NetworkSpec:
    """Insert a max_pool layer so that it becomes ``layers[index]``."""
    spec = initialized(spec)
    if not 1 <= index <= len(spec.layers) - 1:
        raise ValueError("a max_pool layer goes between the input and the output layer")
    prev = _shaped(list(spec.layers[:index]))[-1]
    try:
        layer = pool_layer(prev, window)
    except ValueError as e:
        raise ValueError(f"max_pool layer {index}: {e} (its input is "
                         f"{dims(prev.out_shape)})") from None
    layers = list(spec.layers)
    layers.insert(index, layer)
    return _restructured(spec, layers, index, redraw=1)


def set_conv(spec: NetworkSpec, l: int, *, filters: int | None = None,
             kernel: Sequence[int] | None = None, stride: int | Sequence[int] | None = None,
             padding: int | Sequence[int] | None = None) -> NetworkSpec:
    """Change a conv layer's filters, kernel, stride or padding. Its weights are kept when
    their shape (filters x channels x kernel) is unchanged, else drawn anew; later layers
    whose input changed get new weights."""
    spec = initialized(spec)
    layer = spec.layers[l]
    if layer.kind != "conv":
        raise ValueError(f"layer {l} is not a conv layer")
    n = len(layer.kernel)
    changes = {"filters": layer.filters if filters is None else int(filters),
               "kernel": layer.kernel if kernel is None else _per_axis(kernel, n, "kernel"),
               "stride": layer.stride if stride is None else _per_axis(stride, n, "stride"),
               "padding": layer.padding if padding is None else _per_axis(padding, n,
                                                                          "padding")}
    if changes["filters"] < 1 or min(changes["kernel"]) < 1 or min(changes["stride"]) < 1 \
            or min(changes["padding"]) < 0:
        raise ValueError("a conv layer needs filters, kernel and stride >= 1 and padding >= 0")
    layers = list(spec.layers)
    layers[l] = replace(layer, **changes)
    return _restructured(spec, layers, l, redraw=0)


def set_pool(spec: NetworkSpec, l: int, window: int | Sequence[int]) -> NetworkSpec:
    """Change a max_pool layer's window (= stride); later layers whose input changed get new
    weights."""
    spec = initialized(spec)
    layer = spec.layers[l]
    if layer.kind != "max_pool":
        raise ValueError(f"layer {l} is not a max_pool layer")
    pool = _per_axis(window, len(layer.pool), "pooling window")
    if min(pool) < 1:
        raise ValueError("a pooling window needs sizes >= 1")
    layers = list(spec.layers)
    layers[l] = replace(layer, pool=pool)
    return _restructured(spec, layers, l, redraw=0)


def _per_axis(value: int | Sequence[int], n: int, what: str) -> tuple[int, ...]:
    values = (int(value),) * n if isinstance(value, int) else tuple(int(v) for v in value)
    if len(values) != n:
        raise ValueError(f"the {what} needs {n} number{'s' if n > 1 else ''} (one per spatial "
                         f"axis), got {len(values)}")
    return values


def set_kernel_weight(spec: NetworkSpec, l: int, f: int, r: int, value: float) -> NetworkSpec:
    """Set shared weight ``r`` (flat index into ``weights[f]``: channel, then kernel
    offsets) of filter ``f`` of conv layer ``l``: every connection that uses it changes."""
    spec = initialized(spec)
    w = np.array(spec.layers[l].weights)
    w[f].flat[r] = value
    return spec.with_layer(l, weights=frozen_array(w))
