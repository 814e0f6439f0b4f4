"""Layer-wise autoencoder pre-training (bpsim.engine.pretrain) against a literal
one-unit-at-a-time implementation, and its properties: the loss falls in every layer, tied
weights stay tied, masking noise corrupts the inputs and never the targets."""

import json

import numpy as np
import pytest

from bpsim.engine.initializers import init_layer
from bpsim.engine.network import Network
from bpsim.engine.pretrain import (
    TiedAutoencoder,
    autoencoder,
    masking_noise,
    pretrain,
    propagate,
)
from bpsim.engine.trainer import Trainer
from bpsim.spec import InitSpec, PretrainSpec, TrainingSpec
from tests.engine import reference

SEED = 7
INIT = InitSpec(kind="uniform", scale=0.5)
TRAINING = TrainingSpec(learning_rate=0.2, momentum=0.5, batch_size=5, order="sequential",
                        seed=3)


def deep_net(acts=("sigmoid", "tanh", "sigmoid"), sizes=(4, 3, 2, 2)) -> Network:
    net = Network(sizes, acts)
    net.params[...] = np.random.default_rng(1).uniform(-1, 1, len(net.params))
    return net


def inputs(n=12, width=4) -> np.ndarray:
    return np.random.default_rng(2).normal(size=(n, width))


def decoder_start(k: int, n_in: int, n_hidden: int):
    """The decoder's initial weights as the module documents them: drawn like initial
    weights from the stream [seed, k]."""
    return init_layer(INIT.kind, n_in, n_hidden, np.random.default_rng([SEED, k]), INIT.scale)


def literal_tied(W, b_enc, b_dec, acts, X, eta, alpha, batch_size, epochs):
    """One shared matrix W (hidden x inputs); decoder weight (p <- q) is W[q][p]."""
    W = [list(r) for r in W]
    b = [list(b_enc), list(b_dec)]
    V = [[0.0] * len(r) for r in W]
    Vb = [[0.0] * len(v) for v in b]
    for _ in range(epochs):
        for start in range(0, len(X), batch_size):
            batch = range(start, min(start + batch_size, len(X)))
            G = [[0.0] * len(r) for r in W]
            Gb = [[0.0] * len(v) for v in b]
            for e in batch:
                Ws = [W, [list(c) for c in zip(*W)]]
                zs, os_ = reference.forward(Ws, b, acts, X[e], [0.01, 0.01])
                ds = reference.deltas(Ws, acts, zs, os_, X[e], "sse", [0.01, 0.01])
                for q in range(len(W)):
                    for p in range(len(W[q])):
                        G[q][p] += ds[0][q] * os_[0][p] + ds[1][p] * os_[1][q]
                for layer in range(2):
                    for j in range(len(b[layer])):
                        Gb[layer][j] += ds[layer][j]
            n = len(batch)
            for q in range(len(W)):
                for p in range(len(W[q])):
                    V[q][p] = eta * G[q][p] / n + alpha * V[q][p]
                    W[q][p] += V[q][p]
            for layer in range(2):
                for j in range(len(b[layer])):
                    Vb[layer][j] = eta * Gb[layer][j] / n + alpha * Vb[layer][j]
                    b[layer][j] += Vb[layer][j]
    return W, b


@pytest.mark.parametrize("tied", [False, True])
def test_pretraining_matches_a_literal_implementation(tied):
    net = deep_net()
    X = inputs()
    start_W = [w.copy() for w in net.W]
    start_b = [b.copy() for b in net.b]
    settings = PretrainSpec(epochs=3, tied=tied)
    results = pretrain(net, X, settings, TRAINING, INIT, SEED)
    assert [r.layer for r in results] == [1, 2]  # every hidden layer, not the output
    # the literal version: layer 1 on X (linear decoder), layer 2 on the pre-trained
    # layer 1's outputs (decoder with layer 1's activation, sigmoid)
    H = X.tolist()
    decoders = {1: "linear", 2: "sigmoid"}
    for k in (1, 2):
        n_in, n_hidden = net.sizes[k - 1], net.sizes[k]
        Wd, bd = decoder_start(k, n_in, n_hidden)
        acts = [net.activations[k - 1], decoders[k]]
        if tied:
            W, b = literal_tied(start_W[k - 1].tolist(), start_b[k - 1].tolist(), bd.tolist(),
                                acts, H, 0.2, 0.5, 5, 3)
        else:
            (W, _), b, _ = reference.train([start_W[k - 1].tolist(), Wd.tolist()],
                                           [start_b[k - 1].tolist(), bd.tolist()], acts, "sse",
                                           H, H, 0.2, 0.5, 5, 3)
        np.testing.assert_allclose(net.W[k - 1], W, rtol=0, atol=1e-12)
        np.testing.assert_allclose(net.b[k - 1], b[0], rtol=0, atol=1e-12)
        H = [reference.forward([W], [b[0]], acts[:1], x, [0.01])[1][-1] for x in H]
    np.testing.assert_array_equal(net.W[2], start_W[2])  # the output layer is untouched
    np.testing.assert_array_equal(net.b[2], start_b[2])


@pytest.mark.parametrize("settings", [
    PretrainSpec(epochs=30),
    PretrainSpec(epochs=30, tied=True),
    PretrainSpec(epochs=30, noise=0.3),
    PretrainSpec(epochs=30, noise=0.3, tied=True, learning_rate=0.05),
], ids=["untied", "tied", "noise", "noise-tied"])
def test_the_reconstruction_loss_falls_in_every_layer(settings):
    net = deep_net(("sigmoid", "sigmoid", "tanh", "sigmoid"), (6, 5, 4, 3, 2))
    X = np.random.default_rng(4).normal(size=(40, 6))
    results = pretrain(net, X, settings, TRAINING, INIT, SEED)
    assert [r.layer for r in results] == [1, 2, 3]
    for r in results:
        assert r.stopped_reason == "completed" and r.epochs == 30
        assert r.loss_after < 0.8 * r.loss_before, r


def test_each_layer_learns_from_the_layers_pretrained_before_it():
    together, apart = deep_net(), deep_net()
    X = inputs()
    settings = PretrainSpec(epochs=2)
    both = pretrain(together, X, settings, TRAINING, INIT, SEED)
    first = pretrain(apart, X, settings, TRAINING, INIT, SEED, layers=[1])
    second = pretrain(apart, X, settings, TRAINING, INIT, SEED, layers=[2])
    np.testing.assert_array_equal(together.params, apart.params)
    assert both == first + second


def test_the_decoder_mirrors_the_layer_below():
    net = deep_net(("tanh", "relu", "sigmoid"))
    rng = np.random.default_rng(0)
    first, second = autoencoder(net, 1, INIT, rng), autoencoder(net, 2, INIT, rng)
    assert first.sizes == (4, 3, 4) and first.activations == ("tanh", "linear")
    assert second.sizes == (3, 2, 3) and second.activations == ("relu", "tanh")
    assert first.loss == second.loss == "sse"
    np.testing.assert_array_equal(second.W[0], net.W[1])


def test_the_pretraining_learning_rate_defaults_to_the_training_one():
    a, b, c = deep_net(), deep_net(), deep_net()
    X = inputs()
    pretrain(a, X, PretrainSpec(epochs=2), TRAINING, INIT, SEED)
    pretrain(b, X, PretrainSpec(epochs=2, learning_rate=0.2), TRAINING, INIT, SEED)
    pretrain(c, X, PretrainSpec(epochs=2, learning_rate=0.05), TRAINING, INIT, SEED)
    np.testing.assert_array_equal(a.params, b.params)
    assert not np.array_equal(a.params, c.params)


def test_tied_weights_stay_tied_also_online():
    # batch size 1 would go through the Python-float kernel, which knows nothing of tying
    ae = autoencoder(deep_net(), 1, INIT, np.random.default_rng(0), tied=True)
    assert isinstance(ae, TiedAutoencoder)
    X = inputs()
    Trainer(ae, X, X, TrainingSpec(learning_rate=0.1, momentum=0.9, batch_size=1,
                                   epochs=5)).run()
    np.testing.assert_array_equal(ae.W[1], ae.W[0].T)


def test_the_tied_gradient_is_the_gradient_of_the_shared_matrix():
    ae = autoencoder(deep_net(), 1, INIT, np.random.default_rng(0), tied=True)
    X = inputs()
    _, grad = ae.loss_and_grad(X, X)
    W = ae.W[0].copy()
    numeric = np.zeros_like(W)
    h = 1e-6
    for idx in np.ndindex(W.shape):
        losses = []
        for step in (h, -h):
            V = W.copy()
            V[idx] += step
            ae.set_weights((V, V.T), (ae.b[0], ae.b[1]))
            losses.append(ae.loss_and_grad(X, X)[0])
        numeric[idx] = (losses[0] - losses[1]) / (2 * h)
    np.testing.assert_allclose(grad[: W.size].reshape(W.shape), numeric, rtol=1e-6, atol=1e-8)


def test_tied_and_untied_differ():
    a, b = deep_net(), deep_net()
    X = inputs()
    pretrain(a, X, PretrainSpec(epochs=2), TRAINING, INIT, SEED)
    pretrain(b, X, PretrainSpec(epochs=2, tied=True), TRAINING, INIT, SEED)
    assert not np.allclose(a.W[0], b.W[0])


def test_masking_noise_zeroes_a_fraction_p_and_leaves_the_input_alone():
    X = np.ones((200, 50))
    noisy = masking_noise(0.3, np.random.default_rng(0))(X)
    assert X.min() == 1.0  # a copy, not in place
    assert set(np.unique(noisy)) == {0.0, 1.0}
    assert abs((noisy == 0).mean() - 0.3) < 0.01


def test_the_noisy_inputs_are_presented_and_the_clean_ones_are_the_targets():
    # Corrupting every input to 0 leaves the encoder's weights without gradient (dW = delta
    # o_p with o_p = 0), while the decoder learns to output the mean of the clean targets.
    ae = autoencoder(deep_net(), 1, INIT, np.random.default_rng(0))
    X = inputs(200)
    W_enc = ae.W[0].copy()
    tr = Trainer(ae, X, X, TrainingSpec(learning_rate=0.5, batch_size=200, epochs=300),
                 corrupt=np.zeros_like)
    tr.run()
    np.testing.assert_array_equal(ae.W[0], W_enc)
    np.testing.assert_allclose(ae.predict(np.zeros((1, 4)))[0], X.mean(axis=0), atol=1e-6)


def test_noise_changes_the_result_and_is_reproducible():
    a, b, c = deep_net(), deep_net(), deep_net()
    X = inputs()
    noisy = PretrainSpec(epochs=3, noise=0.25)
    ra = pretrain(a, X, noisy, TRAINING, INIT, SEED)
    rb = pretrain(b, X, noisy, TRAINING, INIT, SEED)
    pretrain(c, X, PretrainSpec(epochs=3), TRAINING, INIT, SEED)
    np.testing.assert_array_equal(a.params, b.params)
    assert ra == rb
    assert not np.allclose(a.params, c.params)


def test_a_diverging_layer_keeps_its_weights_and_ends_pretraining():
    net = deep_net()
    start = net.params.copy()
    results = pretrain(net, inputs() * 3, PretrainSpec(epochs=20, learning_rate=2.0), TRAINING,
                       INIT, SEED)
    assert len(results) == 1 and results[0].stopped_reason.startswith("diverged")
    assert results[0].epochs >= 1  # it learnt something first, and it is not kept
    np.testing.assert_array_equal(net.params, start)
    wild = pretrain(net, inputs() * 1e100, PretrainSpec(epochs=5, learning_rate=1e6), TRAINING,
                    INIT, SEED)
    json.dumps(wild[0].as_dict(), allow_nan=False)  # an infinite loss is written as null


def test_propagation_goes_through_the_data_in_chunks():
    net = deep_net()
    X = np.random.default_rng(0).normal(size=(25, 4))
    for l in range(3):
        np.testing.assert_allclose(propagate(net, X, l, chunk=7), net.forward(X)[0][l],
                                   rtol=1e-15, atol=0)
