"""Between documents and engine objects: build a Network from a NetworkSpec and back."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from bpsim.engine.initializers import init_layer
from bpsim.engine.network import Network
from bpsim.spec import LayerSpec, NetworkSpec, frozen_array


def init_seed(spec: NetworkSpec) -> int:
    return spec.init.seed if spec.init.seed is not None else spec.training.seed


def initialized(spec: NetworkSpec, force: bool = False) -> NetworkSpec:
    """The spec with every missing layer's weights and biases drawn from its InitSpec.

    With ``force`` every layer is re-drawn ("Re-initialise weights"). Layers are drawn in
    order from one Generator seeded with the init seed, so the result is reproducible.
    """
    if any(layer.kind != "dense" for layer in spec.layers):
        raise ValueError("this network has conv or max_pool layers, which this version of "
                         "bpsim reads but cannot yet build")
    rng = np.random.default_rng(init_seed(spec))
    layers = [spec.layers[0]]
    for prev, layer in zip(spec.layers[:-1], spec.layers[1:]):
        w, b = init_layer(spec.init.kind, layer.size, prev.size, rng, spec.init.scale)
        if force or layer.weights is None:
            layer = replace(layer, weights=frozen_array(w), biases=frozen_array(b))
        elif layer.biases is None:
            layer = replace(layer, biases=frozen_array(np.zeros(layer.size)))
        layers.append(layer)
    return replace(spec, layers=tuple(layers))


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
    )
    net.set_weights([layer.weights for layer in layers], [layer.biases for layer in layers])
    return net


def spec_with_network(spec: NetworkSpec, net: Network) -> NetworkSpec:
    """The spec with the network's current weights and biases (float64, read-only copies)."""
    layers: list[LayerSpec] = [spec.layers[0]]
    for layer, w, b in zip(spec.layers[1:], net.W, net.b):
        layers.append(replace(layer, weights=frozen_array(w), biases=frozen_array(b)))
    return replace(spec, layers=tuple(layers))
