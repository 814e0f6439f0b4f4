"""Conv and max_pool layers against the literal loop-over-positions reference
(conv_reference.py): forward values, deltas, gradients and whole training runs with momentum,
mini-batches and weight decay, 1-D and 2-D, strides, padding, pooling, every activation."""

from __future__ import annotations

import itertools
import zlib

import numpy as np
import pytest

from bpsim.engine.build import network_from_spec
from bpsim.engine.gradcheck import gradcheck
from bpsim.engine.trainer import Trainer
from bpsim.spec import (
    LayerSpec,
    NetworkSpec,
    TrainingSpec,
    conv_layer,
    input_layer,
    pool_layer,
)
from tests.engine import conv_reference as ref

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
PAIRS = [("sigmoid", "sse"), ("softmax", "cross_entropy"), ("linear", "mse"),
         ("sigmoid", "cross_entropy"), ("tanh", "sse")]


def layers_2d(hidden: str, out: str) -> tuple[LayerSpec, ...]:
    """(2, 5, 4) -> conv 3 x (3, 2) stride (1, 2) padding (1, 0) -> pool (2, 1) -> conv 2 x 2
    padding 1 -> dense."""
    inp = input_layer((2, 5, 4))
    c1 = conv_layer(inp, 3, (3, 2), (1, 2), (1, 0), activation=hidden, slope=0.1)
    p1 = pool_layer(c1, (2, 1))
    c2 = conv_layer(p1, 2, (2, 2), 1, 1, activation=hidden, slope=0.1)
    return (inp, c1, p1, c2, LayerSpec(size=3, activation=out, slope=0.1))


def layers_1d(hidden: str, out: str) -> tuple[LayerSpec, ...]:
    """(2, 9) -> conv 2 x 3 stride 2 padding 1 -> pool 2 -> dense 4 -> dense."""
    inp = input_layer((2, 9))
    c1 = conv_layer(inp, 2, (3,), 2, 1, activation=hidden, slope=0.1)
    p1 = pool_layer(c1, 2)
    return (inp, c1, p1, LayerSpec(size=4, activation=hidden, slope=0.1),
            LayerSpec(size=2, activation=out, slope=0.1))


def make(layers, loss: str, seed: int, n: int = 7, dtype: str = "float64"):
    spec = NetworkSpec(layers=layers, loss=loss).with_training(dtype=dtype, seed=seed)
    net = network_from_spec(spec)
    rng = np.random.default_rng(seed)
    net.params[...] = rng.uniform(-1, 1, len(net.params))
    X = rng.uniform(-1, 1, (n, net.sizes[0]))
    K, out = net.sizes[-1], net.activations[-1]
    if out == "softmax":
        T = np.eye(K)[rng.integers(0, K, n)]
    elif out == "sigmoid":
        T = rng.integers(0, 2, (n, K)).astype(float)
    else:
        T = rng.uniform(-1, 1, (n, K))
    return net, X, T


def as_reference(net):
    """The reference's layers, weights and biases for an engine network (1-D as 2-D)."""
    layers, Ws, bs = [], [], []
    for geo, W, b in zip(net.layers, net.W, net.b):
        if geo.kind == "dense":
            layers.append({"kind": "dense", "n_in": geo.n_in, "n_out": geo.n_out})
            Ws.append(W.tolist())
        else:
            C, *spatial = geo.in_shape
            flat = len(spatial) == 1
            shape = (C, 1, spatial[0]) if flat else (C, *spatial)
            if geo.kind == "max_pool":
                w = (1, *geo.window) if flat else geo.window
                layers.append({"kind": "pool", "in": shape, "w": w})
                Ws.append([])
            else:
                two = (lambda t, one: (one, *t)) if flat else (lambda t, one: t)
                layers.append({"kind": "conv", "in": shape, "F": geo.filters,
                               "k": two(geo.kernel, 1), "s": two(geo.stride, 1),
                               "p": two(geo.padding, 0)})
                Ws.append((W.reshape(W.shape[0], C, 1, -1) if flat else W).tolist())
        bs.append(b.tolist())
    return layers, Ws, bs


CASES = [(dims, hidden, pair) for dims, hidden, pair in
         itertools.product(("1d", "2d"), HIDDEN, PAIRS)]


@pytest.mark.parametrize(("dims", "hidden", "pair"), CASES)
def test_forward_deltas_and_gradients_agree_with_the_loops(dims, hidden, pair):
    out, loss = pair
    seed = zlib.crc32(f"{dims}{hidden}{out}{loss}".encode())
    net, X, T = make((layers_1d if dims == "1d" else layers_2d)(hidden, out), loss, seed)
    layers, Ws, bs = as_reference(net)
    outs, _ = net.forward(X)
    _, _, deltas = net.backward(outs, T)
    G = np.zeros_like(net.params)
    net.accumulate(outs, deltas, net.layer_views(G))
    GW, Gb = net.layer_views(G)
    ref_GW = [np.zeros_like(w) for w in net.W]
    ref_Gb = [np.zeros_like(b) for b in net.b]
    for e in range(len(X)):
        zs, os_, wons = ref.forward(layers, Ws, bs, net.activations, net.slopes, X[e].tolist())
        ds = ref.deltas(layers, Ws, net.activations, net.slopes, zs, os_, wons, T[e].tolist(),
                        loss)
        for l in range(net.n_layers):
            np.testing.assert_allclose(outs[l + 1][e], os_[l + 1], rtol=1e-12, atol=1e-14)
            np.testing.assert_allclose(deltas[l][e], ds[l], rtol=1e-11, atol=1e-14)
            gw, gb = ref.gradient(layers[l], ds[l], os_[l])
            ref_GW[l] += np.reshape(gw, ref_GW[l].shape)
            ref_Gb[l] += np.reshape(gb, ref_Gb[l].shape)
    for l in range(net.n_layers):
        np.testing.assert_allclose(GW[l], ref_GW[l], rtol=1e-11, atol=1e-13)
        np.testing.assert_allclose(Gb[l], ref_Gb[l], rtol=1e-11, atol=1e-13)


@pytest.mark.parametrize(("dims", "hidden"), [("1d", "tanh"), ("2d", "relu"),
                                               ("2d", "leaky_relu"), ("1d", "sigmoid")])
def test_training_with_momentum_batches_and_decay_agrees_with_the_loops(dims, hidden):
    seed = zlib.crc32(f"train {dims}{hidden}".encode())
    net, X, T = make((layers_1d if dims == "1d" else layers_2d)(hidden, "softmax"),
                     "cross_entropy", seed)
    layers, Ws, bs = as_reference(net)
    spec = TrainingSpec(learning_rate=0.1, momentum=0.9, batch_size=3, epochs=3,
                        weight_decay=0.01)
    trainer = Trainer(net, X, T, spec)
    assert trainer.run().stopped_reason == "completed"
    Ws, bs, losses = ref.train(layers, Ws, bs, net.activations, "cross_entropy", X.tolist(),
                               T.tolist(), 0.1, 0.9, 3, 3, 0.01, list(net.slopes))
    for l in range(net.n_layers):
        np.testing.assert_allclose(net.W[l], np.reshape(Ws[l], net.W[l].shape), rtol=1e-10,
                                   atol=1e-12)
        np.testing.assert_allclose(net.b[l], bs[l], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(trainer.curve.arrays()[3], losses, rtol=1e-10)


def test_pool_sends_delta_to_the_first_maximum_on_ties():
    inp = input_layer((1, 2, 4))
    spec = NetworkSpec(layers=(inp, pool_layer(inp, 2), LayerSpec(size=1, activation="linear")))
    net = network_from_spec(spec)
    pool = net.layers[0]
    X = np.array([[1.0, 3.0, 5.0, 5.0,
                   3.0, 2.0, 5.0, 4.0]])  # window 1: 3 twice (row 0, row 1); window 2: 5 thrice
    outs, _ = net.forward(X)
    assert outs[1].tolist() == [[3.0, 5.0]]
    back = pool.backward(np.array([[2.0, 7.0]]), net.W[0], X)
    assert back.tolist() == [[0.0, 2.0, 7.0, 0.0, 0.0, 0.0, 0.0, 0.0]]  # the first of each


@pytest.mark.parametrize("dims", ["1d", "2d"])
def test_gradcheck_covers_conv_and_pool(dims):
    net, X, T = make((layers_1d if dims == "1d" else layers_2d)("tanh", "sigmoid"), "sse", 3)
    r = gradcheck(net, X, T)
    assert r.ok and r.checked == len(net.params), r


def test_float32_stays_float32_and_close_to_float64():
    layers = layers_2d("tanh", "softmax")
    net32, X, T = make(layers, "cross_entropy", 5, dtype="float32")
    net64, _, _ = make(layers, "cross_entropy", 5)
    spec = TrainingSpec(learning_rate=0.1, momentum=0.5, batch_size=3, epochs=3)
    Trainer(net32, X, T, spec).run()
    Trainer(net64, X, T, spec).run()
    assert net32.params.dtype == np.float32
    np.testing.assert_allclose(net32.params, net64.params, rtol=1e-4, atol=1e-5)


def test_statistics_cover_conv_layers():
    net, X, T = make(layers_2d("relu", "softmax"), "cross_entropy", 8)
    trainer = Trainer(net, X, T, TrainingSpec(learning_rate=0.1, batch_size=7, epochs=1))
    trainer.run()
    stats = trainer.stats()
    assert len(stats.grad_norms) == len(stats.mean_abs_delta) == len(stats.histograms) == 4
    assert stats.grad_norms[0] > 0 and stats.grad_norms[1] == 0.0  # pool: no weights
    assert all(m > 0 for m in stats.mean_abs_delta)
    assert stats.histograms[0].sum() == net.W[0].size and stats.histograms[1].sum() == 0


def test_predict_in_chunks_equals_one_pass():
    net, X, _ = make(layers_2d("tanh", "softmax"), "cross_entropy", 2, n=50)
    whole = net.forward(X)[0][-1]
    net._chunk = 7
    np.testing.assert_array_equal(net.predict(X), whole)


def test_reused_buffers_never_mix_batches():
    """The conv layer gathers patches into one buffer per layer and remembers the last
    batch's; a gradient asked for another batch of the same size is recomputed, and a
    network's copy has buffers of its own."""
    net, X, T = make(layers_2d("tanh", "softmax"), "cross_entropy", 9, n=6)
    conv = net.layers[0]
    A, B = X[:3].copy(), X[3:].copy()
    G = np.zeros(net.layers[0].weight_shape), np.zeros(conv.n_biases)
    d = np.random.default_rng(0).normal(size=(3, conv.n_out))
    conv.gradient(d, A, *G)
    expected = G[0].copy()
    outs_b, _ = net.forward(B)  # overwrites the buffer with B's patches
    conv.gradient(d, A, *G)
    np.testing.assert_array_equal(G[0], expected)
    other = net.copy()
    assert other.layers[0] is not conv and other.layers[0].index is conv.index
    np.testing.assert_array_equal(other.forward(B)[0][-1], outs_b[-1])
