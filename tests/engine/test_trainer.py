"""Training loop behaviour: determinism, orders, schedules, dropout, divergence, history."""

import numpy as np
import pytest

from bpsim.engine import initializers, optimizers, sampling, scalar
from bpsim.engine.history import DecimatedCurve, EpochHistory
from bpsim.engine.network import Network
from bpsim.engine.trace import trace_example
from bpsim.engine.trainer import Trainer, histogram
from bpsim.spec import ScheduleSpec, TrainingSpec

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
XOR_T = np.array([[0], [1], [1], [0]], float)


def xor_net(seed=0, dtype="float64"):
    net = Network([2, 3, 1], ["tanh", "sigmoid"], dtype=dtype)
    net.params[...] = np.random.default_rng(seed).uniform(-1, 1, len(net.params))
    return net


def test_runs_are_exactly_reproducible():
    spec = TrainingSpec(learning_rate=0.5, momentum=0.5, order="shuffle", epochs=50, seed=4)
    a, b = xor_net(), xor_net()
    ra = Trainer(a, XOR_X, XOR_T, spec).run()
    rb = Trainer(b, XOR_X, XOR_T, spec).run()
    np.testing.assert_array_equal(a.params, b.params)
    assert ra.train_loss == rb.train_loss


def test_xor_converges_with_momentum():
    spec = TrainingSpec(learning_rate=0.5, momentum=0.9, epochs=2000, seed=0)
    r = Trainer(xor_net(3), XOR_X, XOR_T, spec).run()
    assert r.train_accuracy == 1.0 and r.train_loss < 0.01


def test_float32_option_trains():
    net = xor_net(3, "float32")
    r = Trainer(net, XOR_X, XOR_T, TrainingSpec(learning_rate=0.5, momentum=0.9,
                                                epochs=2000)).run()
    assert net.params.dtype == np.float32 and r.train_accuracy == 1.0


def test_float32_stays_float32_with_numpy_scalar_settings():
    # a np.float64 slope or dropout rate promoted float32 layers to float64 (NumPy 2) and the
    # update then failed: "output array is not acceptable"
    rng = np.random.default_rng(0)
    net = Network([3, 4, 4, 2], ["leaky_relu", "relu", "leaky_relu"], "mse",
                  slopes=[np.float64(0.05)] * 3, dropout=[np.float64(0.2), 0.0, 0.0],
                  dtype="float32")
    net.params[...] = rng.uniform(-1, 1, len(net.params))
    tr = Trainer(net, rng.normal(size=(10, 3)), rng.normal(size=(10, 2)),
                 TrainingSpec(learning_rate=np.float64(0.1), momentum=np.float64(0.5),
                              weight_decay=np.float64(0.01), batch_size=3, epochs=2))
    assert tr.run().stopped_reason == "completed"
    assert all(o.dtype == np.float32 for o in net.forward(np.ones((2, 3), np.float32))[0])
    assert net.params.dtype == tr.optimizer.velocity.dtype == np.float32


@pytest.mark.parametrize("use_kernel", [True, False])
def test_one_training_step_equals_the_trace(use_kernel, monkeypatch):
    if not use_kernel:
        monkeypatch.setattr(scalar, "MAX_PARAMS", 0)
    net = xor_net(5)
    trace = trace_example(net, XOR_X[0], XOR_T[0], eta=0.7)
    Trainer(net, XOR_X[:1], XOR_T[:1], TrainingSpec(learning_rate=0.7, epochs=1)).run()
    for l in range(2):
        np.testing.assert_allclose(net.W[l], trace.W_new[l], rtol=1e-14, atol=1e-15)
        np.testing.assert_allclose(net.b[l], trace.b_new[l], rtol=1e-14, atol=1e-15)


def test_trace_with_momentum_adds_alpha_times_previous_change():
    net = xor_net(5)
    v = np.random.default_rng(0).normal(size=len(net.params))
    tr0 = trace_example(net, XOR_X[1], XOR_T[1], eta=0.5)
    tr = trace_example(net, XOR_X[1], XOR_T[1], eta=0.5, alpha=0.9, velocity=v)
    np.testing.assert_allclose(tr.velocity, tr0.velocity + 0.9 * v, rtol=1e-12)


def test_sequential_shuffle_and_error_emphasis_orders():
    rng = np.random.default_rng(0)
    np.testing.assert_array_equal(sampling.epoch_order("sequential", 5, rng), np.arange(5))
    a, b = sampling.epoch_order("shuffle", 50, rng), sampling.epoch_order("shuffle", 50, rng)
    assert sorted(a) == list(range(50)) and not np.array_equal(a, b)
    errors = np.array([10.0, 0.0, 0.0, 0.0])
    p = sampling.emphasis_probabilities(errors, floor=0.2)
    np.testing.assert_allclose(p, [0.05 + 0.8, 0.05, 0.05, 0.05])
    drawn = np.concatenate([sampling.epoch_order("error_emphasis", 4, rng, errors, 0.2)
                            for _ in range(5000)])
    counts = np.bincount(drawn, minlength=4)
    assert counts[0] / len(drawn) == pytest.approx(0.85, abs=0.02)
    assert counts[1:].min() / len(drawn) == pytest.approx(0.05, abs=0.01)


def test_error_emphasis_presents_hard_examples_more_often():
    net = xor_net(1)
    spec = TrainingSpec(learning_rate=0.3, order="error_emphasis", epochs=1, seed=0)
    tr = Trainer(net, XOR_X, XOR_T, spec)
    tr.errors[:] = [0.0, 0.0, 0.0, 5.0]
    tr._start_epoch()
    assert np.sum(tr._order == 3) >= 2


def test_schedules():
    s = ScheduleSpec("step", factor=0.5, every=10)
    assert optimizers.learning_rate(s, 1.0, 9) == 1.0
    assert optimizers.learning_rate(s, 1.0, 25) == 0.25
    assert optimizers.learning_rate(ScheduleSpec("exponential", factor=0.9), 2.0, 2) == \
        pytest.approx(1.62)
    assert optimizers.learning_rate(ScheduleSpec("inverse_time", k=0.5), 1.0, 4) == \
        pytest.approx(1 / 3)
    assert optimizers.learning_rate(ScheduleSpec(), 0.3, 100) == 0.3


def test_schedule_changes_eta_per_epoch_in_training():
    spec = TrainingSpec(learning_rate=1.0, epochs=3,
                        schedule=ScheduleSpec("step", factor=0.5, every=1))
    tr = Trainer(xor_net(), XOR_X, XOR_T, spec)
    tr.run()
    np.testing.assert_allclose(tr.history.column("learning_rate"), [1.0, 0.5, 0.25])


def test_initializer_statistics():
    rng = np.random.default_rng(0)
    w, b = initializers.init_layer("uniform", 300, 400, rng)
    assert w.min() >= -1 and w.max() <= 1 and abs(w.mean()) < 0.01
    assert w.std() == pytest.approx(1 / np.sqrt(3), rel=0.02)
    w, b = initializers.init_layer("xavier_normal", 300, 500, rng)
    assert w.std() == pytest.approx(np.sqrt(2 / 800), rel=0.02) and not b.any()
    w, _ = initializers.init_layer("xavier_uniform", 300, 500, rng)
    assert np.abs(w).max() <= np.sqrt(6 / 800)
    w, _ = initializers.init_layer("he_normal", 300, 500, rng)
    assert w.std() == pytest.approx(np.sqrt(2 / 500), rel=0.02)


def test_divergence_stops_with_reason_and_finite_weights():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 3)) * 10
    T = rng.normal(size=(20, 1)) * 10
    net = Network([3, 8, 1], ["relu", "linear"], "mse")
    net.params[...] = rng.uniform(-1, 1, len(net.params))
    tr = Trainer(net, X, T, TrainingSpec(learning_rate=50.0, epochs=100))
    r = tr.run()
    assert r.stopped_reason.startswith("diverged at step 2: learning rate 50 is too large")
    assert "Try a learning rate of 5." in r.stopped_reason
    assert tr.divergence.cause == "loss" and tr.divergence.loss > tr.loss_limit
    assert np.isfinite(net.params).all()
    assert r.epochs < 100


@pytest.mark.parametrize("kernel", [True, False])
def test_the_guard_stops_while_the_numbers_are_readable(kernel, monkeypatch):
    """learning-rate-large once ran 552 steps to a loss of 1e303 and weights of 1e153 (the
    guard waited for an infinite loss); now it stops when the loss passes 1000 times the
    reference loss (see bpsim.engine.guard), with weights of a readable size."""
    from bpsim.engine import guard, scalar

    if not kernel:
        monkeypatch.setattr(scalar, "MAX_PARAMS", 0)

    rng = np.random.default_rng(2)
    X = rng.uniform(-3, 3, (100, 1))
    T = np.sin(X) + rng.normal(0, 0.1, X.shape)
    net = Network([1, 8, 1], ["tanh", "linear"], "sse")
    net.params[...] = np.random.default_rng(3).uniform(-1, 1, len(net.params))
    reference = guard.reference_loss(net, X, T)
    tr = Trainer(net, X, T, TrainingSpec(learning_rate=0.5, batch_size=1, epochs=100))
    assert scalar.ScalarKernel.eligible(net, 1, 0.0) is kernel
    r = tr.run()
    d = tr.divergence
    assert d is not None and d.cause == "loss" and r.steps == d.step - 1 == 10
    assert d.limit == pytest.approx(1000 * reference) and d.loss > d.limit
    assert np.abs(net.params).max() < 1e3 and r.train_loss < 1e4


def test_the_guard_never_stops_bounded_outputs_that_learn():
    # sigmoid outputs: the loss per example is at most 1/2, far below 1000 x the reference
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    T = (X[:, :1] * X[:, 1:] > 0).astype(float)
    net = Network([2, 8, 1], ["tanh", "sigmoid"], "sse")
    net.params[...] = rng.uniform(-1, 1, len(net.params))
    r = Trainer(net, X, T, TrainingSpec(learning_rate=5.0, epochs=50)).run()
    assert r.stopped_reason == "completed"


def test_dropout_is_inverted_and_training_only():
    rng = np.random.default_rng(0)
    net = Network([4, 200, 1], ["relu", "linear"], "mse", dropout=[0.5, 0.0])
    net.params[...] = rng.uniform(0.1, 1, len(net.params))
    X = np.ones((1, 4))
    tr = Trainer(net, X, np.zeros((1, 1)), TrainingSpec(epochs=1, seed=0))
    masks = tr._masks(2000)
    assert set(np.unique(masks[0])) == {0.0, 2.0}
    assert masks[0].mean() == pytest.approx(1.0, abs=0.02)  # expectation preserved
    assert masks[1] is None
    a = net.predict(X)
    assert np.array_equal(a, net.predict(X))  # no dropout at prediction


def test_weight_decay_does_not_touch_biases():
    net = Network([2, 2, 1], ["linear", "linear"], "sse")
    net.params[...] = 1.0
    tr = Trainer(net, np.zeros((1, 2)), np.zeros((1, 1)) + 3.0,
                 TrainingSpec(learning_rate=0.1, weight_decay=0.5, epochs=1))
    # inputs are 0 so only the decay moves the first layer's weights
    before = net.W[0].copy()
    tr.run()
    np.testing.assert_allclose(net.W[0], before * (1 - 0.1 * 0.5))


def test_validation_split_is_stratified_and_seeded():
    T = np.eye(3)[[0] * 50 + [1] * 30 + [2] * 20]
    tr, va = sampling.train_validation_split(T, 0.2, seed=1, stratify=True)
    assert len(va) == 20 and len(tr) == 80
    np.testing.assert_array_equal(T[va].sum(axis=0), [10, 6, 4])
    tr2, va2 = sampling.train_validation_split(T, 0.2, seed=1, stratify=True)
    np.testing.assert_array_equal(va, va2)


def test_per_epoch_history_and_validation_metrics():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    T = np.eye(2)[(X[:, 0] > 0).astype(int)]
    net = Network([2, 4, 2], ["tanh", "softmax"], "cross_entropy")
    net.params[...] = rng.uniform(-0.5, 0.5, len(net.params))
    tr = Trainer(net, X[:30], T[:30], TrainingSpec(learning_rate=0.5, epochs=20,
                                                  batch_size=8), X[30:], T[30:])
    r = tr.run()
    assert len(tr.history) == 20 and tr.history.steps[-1] == 20 * 4
    assert r.validation_accuracy is not None and r.validation_loss is not None
    assert tr.history.column("train_loss")[-1] < tr.history.column("train_loss")[0]


def test_stats_are_per_layer():
    tr = Trainer(xor_net(), XOR_X, XOR_T, TrainingSpec(epochs=1, batch_size=4))
    tr.step()
    s = tr.stats()
    assert len(s.grad_norms) == 2 and all(g > 0 for g in s.grad_norms)
    assert [h.sum() for h in s.histograms] == [6, 3]
    # the gradient norm is ||dE/dW|| of the batch-mean loss
    net = xor_net()
    _, g = net.loss_and_grad(XOR_X, XOR_T)
    assert s.grad_norms[0] == pytest.approx(np.linalg.norm(g[:6]), rel=1e-12)


def test_histogram_matches_numpy():
    v = np.random.default_rng(0).uniform(-2.9, 2.9, 1000)
    edges = np.linspace(-3, 3, 41)
    np.testing.assert_array_equal(histogram(v, edges), np.histogram(v, edges)[0])


def test_history_stays_bounded_for_a_million_steps():
    curve = DecimatedCurve(capacity=4096)
    values = np.abs(np.sin(np.arange(1_000_000) / 1000.0))
    values[654_321] = 99.0  # a spike survives decimation
    for k, v in enumerate(values.tolist()):
        curve.add(k + 1, v)
    start, lo, hi, mean = curve.arrays()
    assert len(start) <= 4096 and hi.max() == 99.0 and lo.min() == values.min()
    h = EpochHistory()
    row = (1.0, None, 0.5, None, 0.1, 0.0)
    for k in range(1_000_000):  # a million epochs (the worst case: one step each)
        h.append(k, row)
    assert len(h) == 1_000_000 and h.column("train_accuracy")[-1] == 0.5
    assert np.isnan(h.column("validation_loss")).all()
    assert h.nbytes < 64e6


def test_decimated_curve_extend_equals_add():
    values = np.random.default_rng(0).normal(size=10_000).tolist()
    a, b = DecimatedCurve(64), DecimatedCurve(64)
    for k, v in enumerate(values):
        a.add(k + 1, v)
    pos = 0
    for size in [1, 7, 300, 2, 5000, 4690]:
        b.extend(pos + 1, values[pos:pos + size])
        pos += size
    for x, y in zip(a.arrays(), b.arrays()):
        np.testing.assert_allclose(x, y, rtol=1e-12)


def test_epoch_training_metrics_are_means_over_the_presented_examples(monkeypatch):
    from bpsim.engine import trainer as trainer_module

    monkeypatch.setattr(trainer_module, "EXACT_TRAIN_BUDGET", 0)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(10, 2))
    T = (X[:, :1] > 0).astype(float)
    for batch in (1, 3):  # the kernel path and the NumPy path
        net = Network([2, 3, 1], ["tanh", "sigmoid"])
        net.params[...] = rng.uniform(-1, 1, len(net.params))
        before = net.copy()
        tr = Trainer(net, X, T, TrainingSpec(learning_rate=0.1, batch_size=batch, epochs=1))
        tr.run()
        # with batch 1 each example's loss is measured by weights that already saw the
        # previous examples; check the first example's and the overall mean
        start, lo, hi, mean = tr.curve.arrays()
        if batch == 1:
            assert tr.history.column("train_loss")[0] == pytest.approx(mean.mean(), rel=1e-6)
            assert mean[0] == pytest.approx(before.evaluate(X[:1], T[:1])[0], rel=1e-12)
        acc = tr.history.column("train_accuracy")[0]
        assert 0.0 <= acc <= 1.0 and (acc * 10) == pytest.approx(round(acc * 10), abs=1e-5)


def test_small_problems_get_exact_epoch_metrics():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(10, 2))
    T = (X[:, :1] > 0).astype(float)
    net = Network([2, 3, 1], ["tanh", "sigmoid"])
    net.params[...] = rng.uniform(-1, 1, len(net.params))
    tr = Trainer(net, X, T, TrainingSpec(learning_rate=0.1, epochs=1))
    r = tr.run()
    assert tr.exact_train_metrics
    assert tr.history.column("train_loss")[0] == r.train_loss
    assert tr.history.column("train_accuracy")[0] == r.train_accuracy


def test_momentum_of_parameters_without_gradient_never_turns_subnormal():
    """Dead ReLU units get no gradient; their momentum decayed as 0.9^t into the subnormal
    range, where arithmetic is ~100x slower: a 784-256-128-10 ReLU network went from 1.7 to
    4.5 ms a step after ~8,000 steps. Vanishing momentum is flushed to zero first."""
    from bpsim.engine.optimizers import SGD

    opt = SGD(4, 4, np.dtype(np.float64))
    opt.velocity[:] = [1e-3, -1e-3, 0.0, 1e-3]
    G = np.array([0.0, 0.0, 0.0, 1.0])  # the first two parameters get no gradient
    params = np.zeros(4)
    tiny = np.finfo(np.float64).tiny
    for _ in range(8000):
        V = opt.delta_w(G, 1, 0.01, 0.9, 0.0, params)
        assert not ((V != 0) & (np.abs(V) < tiny)).any()
    assert V[0] == 0.0 and V[1] == 0.0 and V[3] == pytest.approx(0.1)  # 0.01 / (1 - 0.9)
