"""Format version 2: input shapes, conv and max_pool layers, exact round trips, and the
messages for what does not fit."""

from __future__ import annotations

import copy
import json
import tracemalloc
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from bpsim import fileformat as ff
from bpsim.fileformat import FileFormatError
from bpsim.spec import (
    bias_count,
    conv_layer,
    frozen_array,
    input_layer,
    pool_layer,
    weight_shape,
    with_shapes,
)

CONV_2D = {
    "format": "bpsim-network", "version": 2, "name": "conv", "description": "",
    "layers": [
        {"shape": [1, 6, 6]},
        {"type": "conv", "filters": 2, "kernel": [3, 3], "stride": 1, "padding": 1,
         "activation": "relu"},
        {"type": "max_pool", "size": [2, 2]},
        {"type": "conv", "filters": 3, "kernel": [2, 2], "stride": [1, 2], "padding": [0, 1],
         "activation": "leaky_relu", "slope": 0.1},
        {"type": "dense", "size": 4, "activation": "softmax"},
    ],
    "loss": "cross_entropy",
}

CONV_1D = {
    "format": "bpsim-network", "version": 2,
    "layers": [
        {"shape": [2, 5]},
        {"type": "conv", "filters": 1, "kernel": [3],
         "weights": [[[0.5, -1.0, 0.25], [1.0, 2.0, -0.5]]], "biases": [0.125]},
        {"size": 1, "activation": "linear"},
    ],
}


def doc(base: dict[str, Any], **layer_edits: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of ``base`` with layers[i] updated by ``layer_edits["l<i>"]``."""
    d = copy.deepcopy(base)
    for key, edit in layer_edits.items():
        layer = d["layers"][int(key[1:])]
        for k, v in edit.items():
            if v is None:
                layer.pop(k, None)
            else:
                layer[k] = v
    return d


def refused(d: dict[str, Any]) -> str:
    with pytest.raises(FileFormatError) as info:
        ff.from_dict(d, "net.bpsim")
    return str(info.value)


def test_shapes_sizes_and_geometry_of_a_2d_network() -> None:
    spec = ff.from_dict(CONV_2D)
    inp, conv1, pool, conv2, dense = spec.layers
    assert inp.shape == (1, 6, 6) and inp.size == 36
    assert conv1.kind == "conv" and conv1.shape == (2, 6, 6) and conv1.size == 72
    assert (conv1.kernel, conv1.stride, conv1.padding) == ((3, 3), (1, 1), (1, 1))
    assert pool.kind == "max_pool" and pool.pool == (2, 2) and pool.shape == (2, 3, 3)
    # (3 + 0 - 2) // 1 + 1 = 2 rows, (3 + 2 - 2) // 2 + 1 = 2 columns
    assert conv2.shape == (3, 2, 2) and conv2.stride == (1, 2) and conv2.padding == (0, 1)
    assert conv2.slope == 0.1 and conv2.activation == "leaky_relu"
    assert dense.kind == "dense" and dense.size == 4 and spec.sizes == (36, 72, 18, 12, 4)
    assert not spec.is_dense and not spec.has_weights


def test_conv_weights_are_filters_by_channels_by_kernel() -> None:
    spec = ff.from_dict(CONV_1D)
    conv = spec.layers[1]
    assert conv.shape == (1, 3) and conv.weights.shape == (1, 2, 3)
    assert conv.weights[0, 1, 2] == -0.5 and not conv.weights.flags.writeable
    assert spec.layers[2].weights is None and spec.has_weights is False


def test_round_trip_is_exact_for_conv_networks(tmp_path) -> None:
    rng = np.random.default_rng(1)
    spec = ff.from_dict(CONV_2D)
    layers = list(spec.layers)
    for i, layer in enumerate(layers[1:], 1):
        if layer.has_parameters:
            w = rng.normal(size=weight_shape(layer, layers[i - 1]))
            layers[i] = replace(layer, weights=frozen_array(w),
                                biases=frozen_array(rng.normal(size=bias_count(layer))))
    spec = replace(spec, layers=tuple(layers))
    path = tmp_path / "c.bpsim"
    ff.save(path, spec)
    text = path.read_text()
    again = ff.load(path)
    assert json.loads(text)["version"] == 2
    for a, b in zip(spec.layers, again.layers, strict=True):
        assert (a.kind, a.shape, a.size, a.kernel, a.stride, a.padding, a.pool) == \
               (b.kind, b.shape, b.size, b.kernel, b.stride, b.padding, b.pool)
        if a.weights is not None:
            assert a.weights.tobytes() == b.weights.tobytes()
            assert a.weights.shape == b.weights.shape
    assert ff.dumps(again) == text
    written = json.loads(text)["layers"]
    assert written[0] == {"shape": [1, 6, 6]}
    assert written[2] == {"type": "max_pool", "size": [2, 2]}
    assert written[3]["stride"] == [1, 2] and written[1]["padding"] == 1
    assert written[4]["type"] == "dense"


def test_state_velocities_of_conv_and_pool_layers_round_trip() -> None:
    d = doc(CONV_1D)
    d["layers"][2]["weights"] = [[0.5, 0.5, -0.5]]
    d["state"] = {"epoch": 1, "step": 3,
                  "velocity": [[[[0.1, 0.2, 0.3], [0.0, 0.0, -0.1]]], [[0.25, 0.0, 1.0]]],
                  "velocity_biases": [[0.5], [0.0]]}
    spec = ff.from_dict(d)
    assert spec.state["velocity"][0].shape == (1, 2, 3)
    assert ff.to_dict(spec)["state"] == d["state"]
    d = doc(CONV_2D)
    d["state"] = {"velocity": [np.zeros((2, 1, 3, 3)).tolist(), [], np.zeros((3, 2, 2, 2)).tolist(),
                               np.zeros((4, 12)).tolist()],
                  "velocity_biases": [[0, 0], [], [0, 0, 0], [0] * 4]}
    assert ff.from_dict(d).state["velocity"][1].shape == (0,)


def test_spec_builders_agree_with_the_reader() -> None:
    inp = input_layer((1, 6, 6))
    conv = conv_layer(inp, 2, (3, 3), 1, 1, activation="relu")
    pool = pool_layer(conv, 2)
    assert (conv.shape, pool.shape) == ((2, 6, 6), (2, 3, 3))
    spec = ff.from_dict(CONV_2D)
    assert with_shapes(spec.layers)[3].shape == spec.layers[3].shape
    with pytest.raises(ValueError, match="the kernel 2x2 is larger than the input maps 1x1 "
                                         "padded by 0x1 to 1x3"):
        with_shapes((input_layer((1, 2, 2)), *spec.layers[1:]))


@pytest.mark.parametrize(("edit", "where", "fragment"), [
    (dict(l0={"shape": [1, 6]}), "layers[1].kernel",
     "expected 1 integer (the kernel size, one per spatial axis: the input maps have 1 axis)"),
    (dict(l1={"kernel": [7, 7], "padding": 0}), "layers[1].kernel",
     "the kernel 7x7 is larger than the input maps 6x6 (the conv layer's input is 1x6x6)"),
    (dict(l3={"kernel": [4, 4]}), "layers[3].kernel",
     "the kernel 4x4 is larger than the input maps 3x3 padded by 0x1 to 3x5"),
    (dict(l2={"size": [7, 2]}), "layers[2].size",
     "the pooling window 7x2 is larger than the input maps 6x6 (the max_pool layer's input "
     "is 2x6x6)"),
    (dict(l4={"type": "conv", "filters": 2, "kernel": [1, 1], "size": None}),
     "layers[4].activation",
     "softmax is allowed on a dense output layer only (this is a conv layer)"),
    (dict(l1={"filters": 0}), "layers[1].filters", "must be >= 1"),
    (dict(l1={"stride": 0}), "layers[1].stride", "must be >= 1"),
    (dict(l1={"padding": -1}), "layers[1].padding", "must be >= 0"),
    (dict(l1={"kernel": None}), "layers[1].kernel", "missing (required)"),
    (dict(l1={"dropout": 0.5}), "layers[1].dropout", "unknown key"),
    (dict(l1={"labels": ["a"]}), "layers[1].labels", "unknown key"),
    (dict(l2={"activation": "relu"}), "layers[2].activation", "unknown key"),
    (dict(l1={"type": "convolution"}), "layers[1].type",
     "unknown layer type 'convolution'; choose one of dense, conv, max_pool"),
    (dict(l0={"shape": [1, 6, 6, 6]}), "layers[0].shape", "expected [C, L] or [C, H, W]"),
    (dict(l0={"shape": [1, 6, 6], "size": 36}), "layers[0]", 'either "size"'),
    (dict(l0={"shape": [1, 400, 400]}), "layers[0].shape",
     "the input has 1x400x400 = 160000 units; at most 100000 in one layer"),
    (dict(l1={"weights": [[[[0.0]]]]}), "layers[1].weights",
     "expected 2 arrays of 1x3x3 numbers, got 1 (filters x input channels x kernel: "
     "2 x 1 x 3x3)"),
    (dict(l1={"weights": np.zeros((2, 1, 3, 2)).tolist()}), "layers[1].weights[0][0]",
     "expected 3x3 numbers, got 3x2"),
    (dict(l1={"biases": [0, 0, 0], "weights": np.zeros((2, 1, 3, 3)).tolist()}),
     "layers[1].biases", "expected 2 numbers, got 3"),
])
def test_v2_mistakes_are_refused_at_their_key(edit, where, fragment) -> None:
    message = refused(doc(CONV_2D, **edit))
    assert message.startswith(f"net.bpsim: {where}: "), message
    assert fragment in message, message


def test_conv_after_dense_is_refused() -> None:
    d = doc(CONV_2D)
    d["layers"].insert(1, {"size": 4})
    assert refused(d) == ("net.bpsim: layers[2].type: a conv layer cannot follow a dense "
                          "layer: it needs maps as input: an input layer with a shape, or a "
                          "conv or max_pool layer before it")


def test_cross_entropy_on_a_pool_output_names_the_layer() -> None:
    d = doc(CONV_2D)
    d["layers"] = d["layers"][:3]
    assert "(the output layer is a max_pool layer)" in refused(d)


def test_huge_conv_layers_are_refused_before_allocating() -> None:
    d = doc(CONV_2D)
    d["layers"][0]["shape"] = [100, 1000]
    d["layers"][1:] = [{"type": "conv", "filters": 100, "kernel": [100], "weights": [[[0]]]}]
    tracemalloc.start()
    try:
        message = refused(d)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "reads 9010000 input values per example" in message, message
    assert peak < 2_000_000
    d["layers"][1:] = [{"type": "conv", "filters": 100_000, "kernel": [1000]},
                       {"type": "conv", "filters": 100_000, "kernel": [1]}]
    d["layers"][0]["shape"] = [100, 1000]
    assert "too many parameters" in refused(d) or "units" in refused(d)


def test_integer_dataset_parameters_reach_the_generator_as_integers() -> None:
    """ "cells": 6 was read as 6.0, which the checkerboard generator refused."""
    from bpsim.runner import prepare_data

    d = {"format": "bpsim-network", "version": 2, "layers": [{"size": 2}, {"size": 1}],
         "data": {"dataset": "checkerboard", "cells": 6, "factor": 0.5}}
    spec = ff.from_dict(d)
    assert spec.data.params == (("cells", 6), ("factor", 0.5))
    assert type(spec.data.param_dict()["cells"]) is int
    d["data"] = {"dataset": "motif", "length": 9, "held_out": 2, "samples": 50}
    d["layers"][0]["size"] = 9
    assert prepare_data(ff.from_dict(d)).X_train.shape[1] == 9
