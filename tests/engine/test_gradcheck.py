"""Backpropagation against finite differences for every activation and loss pair."""

import numpy as np
import pytest

from bpsim.engine.gradcheck import gradcheck
from bpsim.engine.network import Network

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
PAIRS = [("sigmoid", "sse"), ("sigmoid", "mse"), ("sigmoid", "cross_entropy"),
         ("softmax", "sse"), ("softmax", "mse"), ("softmax", "cross_entropy"),
         ("tanh", "sse"), ("linear", "mse"), ("leaky_relu", "sse"), ("relu", "mse")]


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize(("out", "loss"), PAIRS)
def test_gradients_match_finite_differences(hidden, out, loss):
    rng = np.random.default_rng(7)
    net = Network([4, 5, 4, 3], [hidden, hidden, out], loss)
    net.params[...] = rng.normal(0, 0.8, len(net.params))
    X = rng.normal(size=(6, 4))
    T = (np.eye(3)[rng.integers(0, 3, 6)] if out in ("softmax", "sigmoid")
         else rng.normal(size=(6, 3)))
    r = gradcheck(net, X, T)
    assert r.checked == len(net.params)
    assert r.max_relative_error < 1e-5 or r.max_absolute_error < 1e-8, r


def test_gradcheck_detects_a_wrong_gradient(monkeypatch):
    rng = np.random.default_rng(1)
    net = Network([2, 3, 1], ["tanh", "sigmoid"])
    net.params[...] = rng.normal(size=len(net.params))
    X, T = rng.normal(size=(5, 2)), rng.integers(0, 2, (5, 1)).astype(float)
    # a backprop that forgets f' of the output layer must be caught
    from bpsim.engine import activations
    monkeypatch.setattr(net, "_prime", [net._prime[0], lambda o, s: np.ones_like(o)])
    assert not gradcheck(net, X, T).ok
    assert activations.sigmoid_prime(np.array([0.5]))[0] == 0.25


def test_float32_network_is_checked_in_float64():
    rng = np.random.default_rng(2)
    net = Network([3, 4, 2], ["sigmoid", "softmax"], "cross_entropy", dtype="float32")
    net.params[...] = rng.normal(size=len(net.params))
    r = gradcheck(net, rng.normal(size=(4, 3)), np.eye(2)[[0, 1, 1, 0]])
    assert r.ok



@pytest.mark.parametrize(("batch", "use_kernel"), [(1, True), (1, False), (2, False)])
def test_softmax_cross_entropy_with_targets_that_do_not_sum_to_one(batch, use_kernel,
                                                                   monkeypatch):
    # -dE/dz = t - o sum_k t_k; the simplified t - o (once used for every target) is right only
    # for rows that sum to 1: gradcheck and `bpsim gradcheck` reported a mismatch
    from bpsim.engine import scalar
    from bpsim.engine.trainer import Trainer
    from bpsim.spec import TrainingSpec

    monkeypatch.setattr(scalar, "MAX_PARAMS", 1000 if use_kernel else 0)
    rng = np.random.default_rng(3)
    net = Network([2, 3, 3], ["tanh", "softmax"], "cross_entropy")
    net.params[...] = rng.normal(0, 0.8, len(net.params))
    X = rng.normal(size=(5, 2))
    T = np.array([[0.5, 0.7, 0.3], [2, 0, 0], [0, 1, 0], [0.2, 0.3, 0.5], [0, 0, 0.5]])
    assert gradcheck(net, X, T).ok
    expected = net.copy()  # plain SGD on the finite-difference-checked gradient
    for start in range(0, 5, batch):
        expected.params[...] -= 0.3 * expected.loss_and_grad(X[start:start + batch],
                                                             T[start:start + batch])[1]
    assert scalar.ScalarKernel.eligible(net, batch, 0.0) is use_kernel
    Trainer(net, X, T, TrainingSpec(learning_rate=0.3, batch_size=batch, epochs=1)).run()
    np.testing.assert_allclose(net.params, expected.params, rtol=1e-12, atol=1e-14)
