"""Edits of networks with maps: conv and max_pool layers added and changed, shapes that no
longer fit refused with the layer and the sizes, weights kept where their shape is kept."""

from __future__ import annotations

import numpy as np
import pytest

from bpsim import edits, fileformat
from bpsim.engine.build import initialized, network_from_spec
from bpsim.gallery import resolve
from bpsim.spec import weight_shape


@pytest.fixture
def digits():
    return initialized(fileformat.load(resolve("convolution-digits")))


def shapes_fit(spec) -> None:
    """Every layer's weights have the shape of its geometry and the network runs."""
    for prev, layer in zip(spec.layers, spec.layers[1:]):
        if layer.has_parameters:
            assert layer.weights.shape == weight_shape(layer, prev)
    net = network_from_spec(spec)
    assert net.forward(np.zeros((2, spec.sizes[0])))[0][-1].shape == (2, spec.sizes[-1])


def test_set_conv_recomputes_shapes_and_redraws_what_changed_shape(digits):
    new = edits.set_conv(digits, 1, filters=4, kernel=(5, 5))
    assert new.layers[1].shape == (4, 6, 6) and new.layers[2].shape == (4, 3, 3)
    assert new.sizes == (64, 144, 36, 10)
    shapes_fit(new)
    assert new.layers[3].biases is digits.layers[3].biases  # 10 biases: kept
    same = edits.set_conv(digits, 1, padding=0)  # 8x8 -> 6x6, same kernel: weights kept
    assert same.layers[1].weights is digits.layers[1].weights
    assert same.layers[2].shape == (8, 3, 3) and same.layers[3].weights.shape == (10, 72)
    strided = edits.set_conv(digits, 1, stride=(2, 1))
    assert strided.layers[1].shape == (8, 4, 8)
    shapes_fit(strided)


def test_set_pool_and_new_layers(digits):
    pooled = edits.set_pool(digits, 2, 4)
    assert pooled.layers[2].shape == (8, 2, 2) and pooled.layers[3].weights.shape == (10, 32)
    deeper = edits.add_conv_layer(digits, 3, 16, (3, 3), padding=1, activation="tanh")
    assert deeper.layers[3].shape == (16, 4, 4) and deeper.layers[3].activation == "tanh"
    assert deeper.layers[3].weights.shape == (16, 8, 3, 3)
    assert deeper.layers[1].weights is digits.layers[1].weights
    shapes_fit(deeper)
    more = edits.add_pool_layer(deeper, 4, (2, 2))
    assert more.sizes == (64, 512, 128, 256, 64, 10)
    shapes_fit(more)
    fewer = edits.remove_layer(digits, 2)  # the pool: the dense layer reads 512 values
    assert fewer.layers[2].weights.shape == (10, 512)
    shapes_fit(fewer)


@pytest.mark.parametrize(("edit", "message"), [
    (lambda s: edits.set_conv(s, 1, kernel=(11, 11)),
     "conv layer 1: the kernel 11x11 is larger than the input maps 8x8 padded by 1x1 to 10x10"),
    (lambda s: edits.set_conv(s, 1, padding=0, kernel=(8, 8)),
     "max_pool layer 2: the pooling window 2x2 is larger than the input maps 1x1"),
    (lambda s: edits.add_pool_layer(s, 3, (5, 5)),
     "max_pool layer 3: the pooling window 5x5 is larger than the input maps 4x4 (its input "
     "is 8x4x4)"),
    (lambda s: edits.add_layer(s, 1, 5, "relu"), "conv layer 2: a conv layer needs maps"),
    (lambda s: edits.add_conv_layer(s, 3, 2, (3,)), "kernel needs 2 numbers"),
    (lambda s: edits.add_conv_layer(s, 1, 2, (3, 3), activation="softmax"), "softmax"),
    (lambda s: edits.set_conv(s, 1, filters=0), "filters, kernel and stride >= 1"),
    (lambda s: edits.set_conv(s, 2, filters=2), "layer 2 is not a conv layer"),
    (lambda s: edits.set_pool(s, 1, 2), "layer 1 is not a max_pool layer"),
    (lambda s: edits.add_unit(s, 1), "holds maps (8x8x8)"),
    (lambda s: edits.set_activation(s, 2, "relu"), "max_pool layer has no activation"),
    (lambda s: edits.set_activation(s, 1, "softmax"), "softmax"),
    (lambda s: edits.set_conv(s, 1, filters=5000), "320000 units; at most 100000"),
    (lambda s: edits.add_conv_layer(s, 3, 1000, (16, 16), padding=6),
     "parameters; at most 2000000"),
])
def test_shapes_that_do_not_fit_are_refused_with_the_readers_message(digits, edit, message):
    with pytest.raises(ValueError, match=None) as info:
        edit(digits)
    assert message in str(info.value)


def test_the_reader_refuses_what_the_edits_refuse(digits):
    """The same sizes in a file: the reader's message names the same sizes."""
    data = fileformat.to_dict(digits)
    data["layers"][1]["kernel"] = [11, 11]
    data["layers"][1].pop("weights"), data["layers"][1].pop("biases")
    with pytest.raises(fileformat.FileFormatError) as info:
        fileformat.from_dict(data)
    assert "the kernel 11x11 is larger than the input maps 8x8 padded by 1x1 to 10x10" in str(
        info.value)


def test_set_kernel_weight_changes_every_connection_that_shares_it(digits):
    new = edits.set_kernel_weight(digits, 1, 2, 4, 0.75)  # filter 3, centre of its 3x3
    assert new.layers[1].weights[2, 0, 1, 1] == 0.75
    changed = np.argwhere(new.layers[1].weights != digits.layers[1].weights)
    assert changed.tolist() == [[2, 0, 1, 1]]
    x = np.zeros((1, 64))
    x[0, 27] = 1.0  # one lit pixel (row 4, column 4)
    before = network_from_spec(digits).forward(x)[0][1].reshape(8, 8, 8)
    after = network_from_spec(new).forward(x)[0][1].reshape(8, 8, 8)
    assert np.argwhere(~np.isclose(before, after)).tolist() == [[2, 3, 3]]


def test_edits_keep_the_file_valid(digits, tmp_path):
    new = edits.add_pool_layer(edits.set_conv(digits, 1, filters=3, kernel=(3, 3)), 3, 2)
    path = tmp_path / "n.bpsim"
    fileformat.save(path, new)
    back = fileformat.load(path)
    assert back.sizes == new.sizes and back.layers[3].pool == (2, 2)
    np.testing.assert_array_equal(back.layers[1].weights, new.layers[1].weights)
