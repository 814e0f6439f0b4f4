"""The Python-float kernel for tiny online networks agrees with the NumPy path."""

import numpy as np
import pytest

from bpsim.engine import scalar
from bpsim.engine.network import Network
from bpsim.engine.trainer import Trainer
from bpsim.spec import TrainingSpec

CASES = [(h, o, loss) for h in ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
         for o, loss in [("sigmoid", "sse"), ("sigmoid", "cross_entropy"), ("softmax", "mse"),
                         ("softmax", "cross_entropy"), ("tanh", "mse"), ("linear", "sse")]]


def train(hidden, out, loss, use_kernel, momentum, decay, order, monkeypatch):
    monkeypatch.setattr(scalar, "MAX_PARAMS", 1000 if use_kernel else 0)
    monkeypatch.setattr(scalar, "MAX_PARAMS_MOMENTUM", 1000 if use_kernel else 0)
    rng = np.random.default_rng(3)
    net = Network([3, 4, 3, 2], [hidden, hidden, out], loss, slopes=[0.1, 0.1, 0.1])
    net.params[...] = rng.uniform(-1, 1, len(net.params))
    X = rng.uniform(-1, 1, (9, 3))
    classes = out in ("softmax", "sigmoid")
    T = np.eye(2)[rng.integers(0, 2, 9)] if classes else rng.normal(size=(9, 2))
    tr = Trainer(net, X, T, TrainingSpec(learning_rate=0.05, momentum=momentum, epochs=4,
                                         weight_decay=decay, order=order, seed=1))
    r = tr.run()
    start, lo, hi, mean = tr.curve.arrays()
    return net.params.copy(), tr.optimizer.velocity.copy(), mean, r, tr.stats(), tr.errors


@pytest.mark.parametrize(("hidden", "out", "loss"), CASES)
@pytest.mark.parametrize(("momentum", "decay", "order"), [(0.0, 0.0, "sequential"),
                                                          (0.8, 0.01, "error_emphasis")])
def test_kernel_matches_numpy_path(hidden, out, loss, momentum, decay, order, monkeypatch):
    a = train(hidden, out, loss, True, momentum, decay, order, monkeypatch)
    b = train(hidden, out, loss, False, momentum, decay, order, monkeypatch)
    np.testing.assert_allclose(a[0], b[0], rtol=1e-12, atol=1e-14)   # weights
    np.testing.assert_allclose(a[1], b[1], rtol=1e-10, atol=1e-14)   # velocity
    np.testing.assert_allclose(a[2], b[2], rtol=1e-12)               # step losses
    assert a[3].steps == b[3].steps == 36
    np.testing.assert_allclose(a[4].grad_norms, b[4].grad_norms, rtol=1e-10)
    np.testing.assert_allclose(a[4].mean_abs_delta, b[4].mean_abs_delta, rtol=1e-10)
    np.testing.assert_allclose(a[5], b[5], rtol=1e-12)


def test_kernel_divergence_restores_finite_weights(monkeypatch):
    monkeypatch.setattr(scalar, "MAX_PARAMS", 1000)
    rng = np.random.default_rng(0)
    net = Network([1, 4, 1], ["linear", "linear"], "mse")
    net.params[...] = rng.uniform(-1, 1, len(net.params))
    X = rng.normal(size=(20, 1)) * 5
    tr = Trainer(net, X, 3 * X, TrainingSpec(learning_rate=1e4, epochs=50))
    r = tr.run()
    assert r.stopped_reason.startswith("diverged") and np.isfinite(net.params).all()


def test_kernel_is_used_only_where_it_is_faster():
    small = Network([2, 4, 4, 1], ["tanh", "tanh", "sigmoid"])
    big = Network([2, 16, 16, 1], ["tanh", "tanh", "sigmoid"])
    assert scalar.ScalarKernel.eligible(small, 1, 0.0)
    assert not scalar.ScalarKernel.eligible(small, 2, 0.0)
    assert not scalar.ScalarKernel.eligible(big, 1, 0.0)
    f32 = Network([2, 2, 1], ["tanh", "sigmoid"], dtype="float32")
    assert not scalar.ScalarKernel.eligible(f32, 1, 0.0)


def test_kernel_propagates_nan_like_the_numpy_path():
    # the kernel's sigmoid and relu once turned a NaN net input into 0.0 (a comparison with
    # NaN is False), hiding NaN weights from the divergence guard
    for act in ("sigmoid", "relu", "tanh", "leaky_relu", "linear"):
        net = Network([2, 2, 1], [act, "linear"], "sse")
        net.params[...] = 0.5
        net.W[0][0, 0] = np.nan
        k = scalar.ScalarKernel(net)
        k.load(np.zeros(len(net.params)))
        assert np.isnan(k.forward([1.0, 1.0])[1][0]), act
        assert np.isnan(net.predict(np.ones((1, 2)))[0, 0]), act


@pytest.mark.parametrize(("sizes", "X", "T"), [
    ([1, 1, 1], [[1.0], [0.5]], [[0.0], [1.0]]),                 # overflows to -inf
    ([2, 2, 1], [[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]]),  # to NaN
])
@pytest.mark.parametrize(("use_kernel", "batch"), [(True, 1), (False, 1), (False, 2)])
def test_weights_overflowing_under_saturated_units_stop_at_the_last_finite_weights(
        sizes, X, T, use_kernel, batch, monkeypatch):
    # eta * lambda = 5 multiplies every weight by -4 per step: the weights overflow while the
    # saturated sigmoids keep the loss finite, so only a check of the weights can see it. The
    # kernel once finished such a run "completed" with NaN weights or restored zeros (a stale
    # spare buffer); the NumPy path restored the previous, already infinite weights. The guard
    # now stops before a weight passes its bound (10^6), not at the overflow.
    monkeypatch.setattr(scalar, "MAX_PARAMS", 1000 if use_kernel else 0)
    net = Network(sizes, ["sigmoid", "sigmoid"], "sse")
    net.params[...] = np.random.default_rng(0).uniform(-1, 1, len(net.params))
    assert scalar.ScalarKernel.eligible(net, batch, 0.0) is use_kernel
    tr = Trainer(net, np.array(X, float), np.array(T, float),
                 TrainingSpec(learning_rate=5.0, weight_decay=1.0, batch_size=batch, epochs=2000))
    r = tr.run()
    assert r.stopped_reason.startswith(f"diverged at step {r.steps + 1}: learning rate 5 with "
                                       "weight decay 1 is too large (a weight would have")
    assert tr.divergence.cause == "weights" and tr.divergence.step == r.steps + 1
    assert 1e6 / 4 < np.abs(net.params).max() <= 1e6  # the last weights inside the bound
    assert r.train_loss is not None and r.epochs < 2000
    assert not tr.optimizer.velocity.any()
    assert r.steps == tr.step_count == len(tr.curve.arrays()[3]) or r.steps > 4096
