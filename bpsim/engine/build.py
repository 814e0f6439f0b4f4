"""Between documents and engine objects: build a Network from a NetworkSpec and back."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from bpsim.engine.conv import Conv
from bpsim.engine.dense import Dense
from bpsim.engine.initializers import init_weights
from bpsim.engine.network import Layer, Network
from bpsim.engine.pool import MaxPool
from bpsim.spec import LayerSpec, NetworkSpec, bias_count, frozen_array, weight_shape


def init_seed(spec: NetworkSpec) -> int:
    return spec.init.seed if spec.init.seed is not None else spec.training.seed


def fans(layer: LayerSpec, previous: LayerSpec) -> tuple[int, int]:
    """(fan_in, fan_out) of a layer's weights: (previous size, size) for dense layers,
    (C·kh·kw, F·kh·kw) for conv layers."""
    if layer.kind == "conv":
        k = int(np.prod(layer.kernel))
        return previous.out_shape[0] * k, layer.filters * k
    return previous.size, layer.size


def draw_layer(spec: NetworkSpec, l: int, rng: np.random.Generator
               ) -> tuple[np.ndarray, np.ndarray]:
    """New (weights, biases) for layer l from the spec's InitSpec."""
    layer, previous = spec.layers[l], spec.layers[l - 1]
    n_in, n_out = fans(layer, previous)
    return init_weights(spec.init.kind, weight_shape(layer, previous), n_in, n_out,
                        bias_count(layer), rng, spec.init.scale)


def initialized(spec: NetworkSpec, force: bool = False) -> NetworkSpec:
    """The spec with every missing layer's weights and biases drawn from its InitSpec.

    With ``force`` every layer is re-drawn ("Re-initialise weights"). Layers are drawn in
    order from one Generator seeded with the init seed, so the result is reproducible
    (max_pool layers have nothing to draw).
    """
    rng = np.random.default_rng(init_seed(spec))
    layers = [spec.layers[0]]
    for l, layer in enumerate(spec.layers[1:], 1):
        if layer.has_parameters:
            w, b = draw_layer(spec, l, rng)
            if force or layer.weights is None:
                layer = replace(layer, weights=frozen_array(w), biases=frozen_array(b))
            elif layer.biases is None:
                layer = replace(layer, biases=frozen_array(np.zeros(bias_count(layer))))
        layers.append(layer)
    return replace(spec, layers=tuple(layers))


def layer_geometry(layer: LayerSpec, previous: LayerSpec) -> Layer:
    """The engine's layer for a spec layer after ``previous``."""
    if layer.kind == "conv":
        return Conv(previous.out_shape, layer.filters, layer.kernel, layer.stride,
                    layer.padding)
    if layer.kind == "max_pool":
        return MaxPool(previous.out_shape, layer.pool)
    return Dense(previous.size, layer.size)


def network_from_spec(spec: NetworkSpec) -> Network:
    """A Network with the spec's weights (missing ones initialised, see :func:`initialized`)."""
    spec = initialized(spec)
    layers = spec.layers[1:]
    net = Network(
        spec.sizes,
        [layer.activation for layer in layers],
        loss=spec.loss,
        slopes=[layer.slope for layer in layers],
        dropout=[layer.dropout for layer in layers],
        dtype=spec.training.dtype,
        layers=[layer_geometry(layer, prev) for prev, layer in zip(spec.layers, layers)],
    )
    for l, layer in enumerate(layers):
        if layer.has_parameters:
            net.W[l][...] = layer.weights
            net.b[l][...] = layer.biases
    return net


def spec_with_network(spec: NetworkSpec, net: Network) -> NetworkSpec:
    """The spec with the network's current weights and biases (float64, read-only copies)."""
    layers: list[LayerSpec] = [spec.layers[0]]
    for layer, w, b in zip(spec.layers[1:], net.W, net.b):
        if layer.has_parameters:
            layer = replace(layer, weights=frozen_array(w), biases=frozen_array(b))
        layers.append(layer)
    return replace(spec, layers=tuple(layers))
