"""bpsim's training against PyTorch autograd with a hand-written update (float64).

The torch side shares no code with bpsim: the model is built from torch's ``linear``,
``conv1d``/``conv2d`` and ``max_pool1d``/``max_pool2d`` with bpsim's initial weights copied in
(and each layer's settings: kernel, stride, padding, window), the per-example losses are
written from their definitions (sse = 1/2 sum (t - o)^2, mse = mean_k (t - o)^2,
cross-entropy categorical or binary summed over outputs), the batch loss is their mean and
autograd gives its gradient g. The update mirrors bpsim's (seed section 8), written by hand
because ``torch.optim.SGD`` keeps v = mu v + g and steps w -= eta v, which equals bpsim's rule
only for a constant eta:

    dw(t) = -eta (g + lambda w) + alpha dw(t-1)   (weights; biases without the lambda term)
    w += dw(t)

The random draws of the presentation orders (shuffle, error emphasis) and of dropout are
mirrored from the documented rules with a Generator seeded like the trainer's.

Every weight and bias must agree to 1e-9 relative after several epochs, for every hidden
activation and output/loss pair, on both code paths of the trainer (the Python-float kernel
for tiny online networks and the NumPy path). Skipped where torch is not installed (CI).
"""

from __future__ import annotations

import itertools
import json
import zlib
from dataclasses import replace

import numpy as np
import pytest

from bpsim import cli, fileformat
from bpsim.engine.build import network_from_spec
from bpsim.engine.network import Network
from bpsim.engine.scalar import ScalarKernel
from bpsim.engine.trainer import Trainer
from bpsim.spec import (
    InitSpec,
    LayerSpec,
    NetworkSpec,
    ScheduleSpec,
    TrainingSpec,
    conv_layer,
    input_layer,
    pool_layer,
)

torch = pytest.importorskip("torch")
F = torch.nn.functional

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
PAIRS = [("sigmoid", "sse"), ("sigmoid", "mse"), ("sigmoid", "cross_entropy"),
         ("softmax", "cross_entropy"), ("softmax", "sse"), ("tanh", "mse"), ("linear", "sse"),
         ("leaky_relu", "mse")]
SLOPE = 0.17  # leaky_relu's negative slope, not the default 0.01
RTOL, ATOL = 1e-9, 1e-12
MAX_REL: dict[str, float] = {}  # largest relative difference seen per quantity (for reports)


# -- the torch mirror ----------------------------------------------------------------------
def activation(name: str, z, slope: float):
    if name == "sigmoid":
        return torch.sigmoid(z)
    if name == "tanh":
        return torch.tanh(z)
    if name == "relu":
        return torch.relu(z)
    if name == "leaky_relu":
        return F.leaky_relu(z, negative_slope=slope)
    if name == "linear":
        return z
    if name == "softmax":
        return torch.softmax(z, dim=1)
    raise ValueError(name)


def per_example_loss(loss: str, out_act: str, o, t):
    if loss == "sse":
        return 0.5 * ((t - o) ** 2).sum(dim=1)
    if loss == "mse":
        return ((t - o) ** 2).mean(dim=1)
    if out_act == "softmax":
        return -(t * torch.log(o)).sum(dim=1)
    return -(t * torch.log(o) + (1 - t) * torch.log(1 - o)).sum(dim=1)


class TorchMirror:
    """The same network in torch: functional layers, autograd, bpsim's momentum by hand."""

    def __init__(self, net: Network, dtype=torch.float64) -> None:
        self.acts, self.slopes, self.loss = net.activations, net.slopes, net.loss
        self.geometry = net.layers
        self.params = []
        for geo, W, b in zip(net.layers, net.W, net.b):
            if geo.kind == "max_pool":
                self.params.append(())
                continue
            self.params.append(tuple(torch.tensor(np.array(a, np.float64), dtype=dtype,
                                                  requires_grad=True) for a in (W, b)))
        self.vel = [tuple(torch.zeros_like(p) for p in ps) for ps in self.params]
        self.dtype = dtype

    def layer(self, l: int, o):
        """z of layer l: o is (batch, values); maps are reshaped to (batch, C, ...)."""
        geo, n = self.geometry[l], len(o)
        if geo.kind == "dense":
            return F.linear(o, *self.params[l])
        x = o.reshape(n, *geo.in_shape)
        two_d = len(geo.in_shape) == 3
        if geo.kind == "max_pool":
            pool = F.max_pool2d if two_d else F.max_pool1d
            return pool(x, geo.window).reshape(n, -1)
        conv = F.conv2d if two_d else F.conv1d
        return conv(x, *self.params[l], stride=geo.stride, padding=geo.padding).reshape(n, -1)

    def forward(self, X, masks=None):
        o, zs = torch.as_tensor(X, dtype=self.dtype), []
        for l in range(len(self.params)):
            z = self.layer(l, o)
            z.retain_grad()
            zs.append(z)
            o = activation(self.acts[l], z, self.slopes[l])
            if masks is not None and masks[l] is not None:
                o = o * torch.as_tensor(masks[l], dtype=self.dtype)
        return o, zs

    def step(self, X, T, eta, alpha, decay, masks=None):
        """One mini-batch update; returns (mean loss, per-example losses, weight-gradient
        norms, per-layer mean |delta|) with delta = -dE/dz of the per-example losses."""
        for p in itertools.chain(*self.params):
            p.grad = None
        o, zs = self.forward(X, masks)
        per = per_example_loss(self.loss, self.acts[-1], o, torch.as_tensor(T, dtype=self.dtype))
        mean = per.mean()
        mean.backward()
        n = len(X)
        norms = [float(ps[0].grad.norm()) if ps else 0.0 for ps in self.params]
        mad = [float((z.grad * n).abs().mean()) for z in zs]  # mean loss -> per-example deltas
        with torch.no_grad():
            for ps, vs in zip(self.params, self.vel):
                if ps:
                    (w, b), (vw, vb) = ps, vs
                    vw.mul_(alpha).add_(-eta * (w.grad + decay * w))
                    vb.mul_(alpha).add_(-eta * b.grad)
                    w.add_(vw)
                    b.add_(vb)
        return float(mean.detach()), per.detach().numpy().copy(), norms, mad

    def weights(self):
        return [tuple(p.detach().numpy() for p in ps) if ps else (np.zeros(0), np.zeros(0))
                for ps in self.params]


# -- problems ------------------------------------------------------------------------------
def make_problem(sizes, hidden, out, loss, seed, n_examples, dtype="float64", deep=False):
    rng = np.random.default_rng(seed)
    acts = [hidden] * (len(sizes) - 2) + [out]
    net = Network(sizes, acts, loss, slopes=[SLOPE] * (len(sizes) - 1), dtype=dtype)
    net.params[...] = rng.uniform(-1, 1, len(net.params))
    if deep:  # variance 1 / n_in so that 22 linear layers neither explode nor vanish
        for W, b in zip(net.W, net.b):
            W *= np.sqrt(3.0 / W.shape[1])
            b *= 0.1
    X = rng.uniform(-1, 1, (n_examples, sizes[0]))
    K = sizes[-1]
    if out == "softmax":
        T = np.eye(K)[rng.integers(0, K, n_examples)]
    elif out == "sigmoid" and loss == "cross_entropy":
        T = rng.integers(0, 2, (n_examples, K)).astype(float)
    elif out == "sigmoid":
        T = rng.uniform(0, 1, (n_examples, K))
    elif out == "tanh":
        T = rng.uniform(-0.9, 0.9, (n_examples, K))
    else:
        T = rng.normal(size=(n_examples, K))
    return net, X, T


def random_sizes(rng, n_hidden, out, low=1):
    n_out = int(rng.integers(2, 5)) if out == "softmax" else int(rng.integers(1, 5))
    return [int(rng.integers(1, 6))] + [int(rng.integers(low, 8)) for _ in range(n_hidden)] \
        + [n_out]


def mirror_training(net0, X, T, spec: TrainingSpec, dropout=()):
    """Train the torch mirror like the Trainer would; returns (mirror, step losses, stats of
    the last step). The Generator draws what the trainer draws, in the same order: the epoch's
    order at its start, then every step's dropout masks layer by layer."""
    m = TorchMirror(net0)
    rng = np.random.default_rng(spec.seed)
    N = len(X)
    errors = np.ones(N)
    step_losses, last = [], None
    for epoch in range(spec.epochs):
        s = spec.schedule
        eta = {"constant": spec.learning_rate,
               "exponential": spec.learning_rate * s.factor**epoch,
               "step": spec.learning_rate * s.factor ** (epoch // s.every),
               "inverse_time": spec.learning_rate / (1 + s.k * epoch)}[s.kind]
        if spec.order == "sequential":
            order = np.arange(N)
        elif spec.order == "shuffle":
            order = rng.permutation(N)
        else:  # p_i = floor / N + (1 - floor) e_i / sum e
            p = spec.error_floor / N + (1 - spec.error_floor) * errors / errors.sum()
            order = rng.choice(N, size=N, replace=True, p=p / p.sum())
        for start in range(0, N, spec.batch_size):
            idx = order[start:start + spec.batch_size]
            masks = None
            if dropout:
                masks = [None] * len(m.params)
                for l, p in dropout:
                    keep = rng.random((len(idx), net0.sizes[l + 1])) >= p
                    masks[l] = keep / (1.0 - p)
            loss, per, norms, mad = m.step(X[idx], T[idx], eta, spec.momentum,
                                           spec.weight_decay, masks)
            errors[idx] = per
            step_losses.append(loss)
            last = (norms, mad)
    return m, np.array(step_losses), last


def assert_close(name, actual, expected, rtol=RTOL, atol=ATOL):
    actual, expected = np.asarray(actual, float), np.asarray(expected, float)
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol, err_msg=name)
    scale = np.maximum(np.abs(expected), 1e-300)
    MAX_REL[name] = max(MAX_REL.get(name, 0.0),
                        float((np.abs(actual - expected) / scale).max(initial=0.0)))


def compare(net, trainer, mirror, losses, last, rtol=RTOL, atol=ATOL):
    for l, (W, b) in enumerate(mirror.weights()):
        assert_close("weights", net.W[l], W, rtol, atol)
        assert_close("biases", net.b[l], b, rtol, atol)
    _, _, _, mean = trainer.curve.arrays()
    assert_close("step losses", mean, losses, rtol, atol)
    stats = trainer.stats()
    assert_close("grad norms", stats.grad_norms, last[0], rtol, atol)
    assert_close("mean |delta|", stats.mean_abs_delta, last[1], rtol, atol)


def run_both(sizes, hidden, out, loss, seed, spec, n_examples, kernel, dropout=(), deep=False):
    net, X, T = make_problem(sizes, hidden, out, loss, seed, n_examples, deep=deep)
    if dropout:
        net = Network(net.sizes, net.activations, net.loss, net.slopes,
                      dropout=[dict(dropout).get(l, 0.0) for l in range(net.n_layers)])
        net.params[...] = make_problem(sizes, hidden, out, loss, seed, n_examples)[0].params
    assert ScalarKernel.eligible(net, spec.batch_size, spec.momentum) is kernel
    mirror, losses, last = mirror_training(net.copy(), X, T, spec, dropout)
    trainer = Trainer(net, X, T, spec)
    result = trainer.run()
    assert result.stopped_reason == "completed" and result.steps == len(losses)
    compare(net, trainer, mirror, losses, last)


SPEC = TrainingSpec(learning_rate=0.05, momentum=0.9, batch_size=4, epochs=5, weight_decay=0.01,
                    schedule=ScheduleSpec("exponential", factor=0.9))
CASES = list(itertools.product(HIDDEN, PAIRS))


@pytest.mark.parametrize(("hidden", "pair"), CASES)
def test_numpy_path_mini_batches_with_momentum(hidden, pair):
    """11 examples in batches of 4, 4, 3 (the last one smaller), 1..5 hidden layers."""
    out, loss = pair
    seed = zlib.crc32(f"numpy {hidden} {out} {loss}".encode())
    rng = np.random.default_rng(seed)
    sizes = random_sizes(rng, n_hidden=1 + seed % 5, out=out)
    run_both(sizes, hidden, out, loss, seed, SPEC, 11, kernel=False)


@pytest.mark.parametrize(("hidden", "pair"), CASES)
def test_kernel_path_online_with_momentum(hidden, pair):
    """Batch size 1 on a tiny net: the trainer's Python-float kernel."""
    out, loss = pair
    seed = zlib.crc32(f"kernel {hidden} {out} {loss}".encode())
    rng = np.random.default_rng(seed)
    sizes = [2, int(rng.integers(1, 4)), 3 if out == "softmax" else 2]
    spec = TrainingSpec(learning_rate=0.1, momentum=0.9, batch_size=1, epochs=4,
                        weight_decay=0.02, schedule=ScheduleSpec("step", factor=0.5, every=2))
    run_both(sizes, hidden, out, loss, seed, spec, 6, kernel=True)


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("pair", [("sigmoid", "sse"), ("softmax", "cross_entropy"),
                                  ("linear", "sse")])
def test_twenty_two_hidden_layers(hidden, pair):
    out, loss = pair
    seed = zlib.crc32(f"deep {hidden} {out} {loss}".encode())
    rng = np.random.default_rng(seed)
    sizes = random_sizes(rng, n_hidden=22, out=out, low=2)
    spec = TrainingSpec(learning_rate=0.01, momentum=0.9, batch_size=3, epochs=3,
                        weight_decay=0.001)
    run_both(sizes, hidden, out, loss, seed, spec, 8, kernel=False, deep=True)


@pytest.mark.parametrize("kernel", [True, False])
@pytest.mark.parametrize("order", ["shuffle", "error_emphasis"])
def test_random_orders_mirrored(order, kernel):
    """The documented draws: a permutation per epoch, or N draws with p_i from the errors."""
    sizes = [2, 3, 2] if kernel else [3, 5, 4, 2]
    spec = TrainingSpec(learning_rate=0.2, momentum=0.5, batch_size=1 if kernel else 3,
                        epochs=6, order=order, seed=11, error_floor=0.3)
    run_both(sizes, "tanh", "sigmoid", "sse", 5, spec, 10, kernel=kernel)


def test_dropout_mirrored():
    spec = TrainingSpec(learning_rate=0.1, momentum=0.9, batch_size=4, epochs=4, seed=2)
    run_both([3, 6, 5, 2], "relu", "softmax", "cross_entropy", 9, spec, 10, kernel=False,
             dropout=((0, 0.3), (1, 0.5)))


def test_float32_option_stays_close_to_float64_torch():
    net, X, T = make_problem([3, 6, 4, 2], "tanh", "sigmoid", "sse", 4, 12, dtype="float32")
    spec = TrainingSpec(learning_rate=0.1, momentum=0.9, batch_size=5, epochs=5,
                        weight_decay=0.01)
    mirror, losses, last = mirror_training(net.copy(), X.astype(np.float32).astype(float),
                                           T.astype(np.float32).astype(float), spec)
    trainer = Trainer(net, X, T, spec)
    trainer.run()
    assert net.params.dtype == np.float32 and trainer.optimizer.velocity.dtype == np.float32
    for l, (W, b) in enumerate(mirror.weights()):
        np.testing.assert_allclose(net.W[l], W, rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(net.b[l], b, rtol=1e-4, atol=1e-5)


def test_grad_norms_of_one_batch_are_torch_weight_gradient_norms():
    for batch, kernel in ((1, True), (5, False)):
        net, X, T = make_problem([3, 4, 2], "leaky_relu", "softmax", "sse", 1, 5)
        assert ScalarKernel.eligible(net, batch, 0.0) is kernel
        m = TorchMirror(net)
        _, _, norms, mad = m.step(X[-batch:], T[-batch:], 0.0, 0.0, 0.0)
        trainer = Trainer(net, X[-batch:], T[-batch:], TrainingSpec(learning_rate=0.0,
                                                                    batch_size=batch, epochs=1))
        trainer.run()
        assert_close("grad norms", trainer.stats().grad_norms, norms)
        assert_close("mean |delta|", trainer.stats().mean_abs_delta, mad)


@pytest.mark.parametrize("batch", [1, 3])  # the kernel and the NumPy path
def test_softmax_cross_entropy_with_targets_that_do_not_sum_to_one(batch):
    """E = -sum_k t_k log o_k for any targets: autograd's -dE/dz is t - o sum_k t_k."""
    net, X, _ = make_problem([2, 3, 3], "tanh", "softmax", "cross_entropy", 21, 7)
    T = np.random.default_rng(21).uniform(0, 1.5, (7, 3))
    spec = TrainingSpec(learning_rate=0.2, momentum=0.9, batch_size=batch, epochs=4,
                        weight_decay=0.01)
    assert ScalarKernel.eligible(net, batch, 0.9) is (batch == 1)
    mirror, losses, last = mirror_training(net.copy(), X, T, spec)
    trainer = Trainer(net, X, T, spec)
    assert trainer.run().stopped_reason == "completed"
    compare(net, trainer, mirror, losses, last)


# -- conv and max_pool layers --------------------------------------------------------------
def random_conv_layers(rng, dims: str, hidden: str, out: str, K: int):
    """An input of 1-3 channels, 1 or 2 conv layers (random kernel, stride, padding), each
    maybe followed by a max_pool layer, maybe a dense hidden layer, a dense output of K."""
    spatial = ((int(rng.integers(6, 12)),) if dims == "1d"
               else (int(rng.integers(4, 8)), int(rng.integers(4, 8))))
    layers = [input_layer((int(rng.integers(1, 4)), *spatial))]
    for _ in range(int(rng.integers(1, 3))):
        maps = layers[-1].shape[1:]
        kernel = tuple(int(rng.integers(1, min(4, n) + 1)) for n in maps)
        stride = tuple(int(rng.integers(1, 3)) for _ in maps)
        padding = tuple(int(rng.integers(0, k)) for k in kernel)
        layers.append(conv_layer(layers[-1], int(rng.integers(1, 4)), kernel, stride, padding,
                                 activation=hidden, slope=SLOPE))
        maps = layers[-1].shape[1:]
        if rng.random() < 0.6 and min(maps) >= 2:
            layers.append(pool_layer(layers[-1], tuple(int(rng.integers(1, 3)) for _ in maps)))
    if rng.random() < 0.5:
        layers.append(LayerSpec(size=int(rng.integers(2, 6)), activation=hidden, slope=SLOPE))
    layers.append(LayerSpec(size=K, activation=out, slope=SLOPE))
    return tuple(layers)


def make_conv_problem(seed, dims, hidden, out, loss, n_examples, dropout=0.0):
    rng = np.random.default_rng(seed)
    K = int(rng.integers(2, 4)) if out == "softmax" else int(rng.integers(1, 4))
    layers = random_conv_layers(rng, dims, hidden, out, K)
    if dropout and layers[-2].kind == "dense":
        layers = (*layers[:-2], replace(layers[-2], dropout=dropout), layers[-1])
    spec = NetworkSpec(layers=layers, loss=loss,
                       init=InitSpec("xavier_uniform", seed=int(seed % 1000)))
    net = network_from_spec(spec)
    _, X, T = make_problem([net.sizes[0], K], "linear", out, loss, seed, n_examples)
    return net, X, T


def run_both_conv(net, X, T, spec, dropout=()):
    mirror, losses, last = mirror_training(net.copy(), X, T, spec, dropout)
    trainer = Trainer(net, X, T, spec)
    result = trainer.run()
    assert result.stopped_reason == "completed" and result.steps == len(losses)
    compare(net, trainer, mirror, losses, last)


CONV_CASES = list(itertools.product(("1d", "2d"), HIDDEN, PAIRS))


@pytest.mark.parametrize(("dims", "hidden", "pair"), CONV_CASES)
def test_conv_networks_mini_batches_with_momentum(dims, hidden, pair):
    """Random 1-D and 2-D conv networks (strides, padding, pooling) trained 5 epochs in
    mini-batches of 4, 4, 3 with momentum, weight decay and a schedule."""
    out, loss = pair
    seed = zlib.crc32(f"conv {dims} {hidden} {out} {loss}".encode())
    net, X, T = make_conv_problem(seed, dims, hidden, out, loss, 11)
    run_both_conv(net, X, T, SPEC)


@pytest.mark.parametrize("order", ["sequential", "shuffle", "error_emphasis"])
def test_conv_networks_online_and_in_random_orders(order):
    net, X, T = make_conv_problem(17, "2d", "tanh", "softmax", "cross_entropy", 9)
    spec = TrainingSpec(learning_rate=0.1, momentum=0.8, batch_size=1, epochs=3, order=order,
                        seed=4)
    run_both_conv(net, X, T, spec)


def test_conv_network_with_dropout_on_its_dense_layer():
    for seed in range(40):  # the first random network that has a dense hidden layer
        net, X, T = make_conv_problem(seed, "1d", "relu", "softmax", "cross_entropy", 10, 0.4)
        if net.dropout[-2]:
            break
    spec = TrainingSpec(learning_rate=0.1, momentum=0.9, batch_size=4, epochs=4, seed=2)
    run_both_conv(net, X, T, spec, dropout=((net.n_layers - 2, 0.4),))


def test_bpsim_train_of_a_v2_file_agrees_with_torch(tmp_path):
    """The held-out check's path: a v2 file of our own, `bpsim train --out`, every weight."""
    doc = {"format": "bpsim-network", "version": 2,
           "layers": [{"shape": [2, 6, 5]},
                      {"type": "conv", "filters": 3, "kernel": [3, 2], "stride": [2, 1],
                       "padding": [1, 0], "activation": "tanh"},
                      {"type": "max_pool", "size": [1, 2]},
                      {"type": "conv", "filters": 2, "kernel": [2, 2], "padding": 1,
                       "activation": "leaky_relu", "slope": 0.2},
                      {"type": "dense", "size": 3, "activation": "softmax"}],
           "loss": "cross_entropy",
           "training": {"learning_rate": 0.05, "momentum": 0.9, "batch_size": 4, "epochs": 6,
                        "order": "shuffle", "seed": 3},
           "initialization": {"kind": "he_normal", "seed": 5}}
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (13, 60))
    T = np.eye(3)[rng.integers(0, 3, 13)]
    doc["data"] = {"inputs": X.tolist(), "targets": T.tolist()}
    path, out = tmp_path / "net.bpsim", tmp_path / "trained.bpsim"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert cli.main(["train", str(path), "--out", str(out)]) == 0
    start = fileformat.load(path)
    net = network_from_spec(start)
    mirror, _, _ = mirror_training(net, X, T, start.training)
    trained = fileformat.load(out)
    for layer, (W, b) in zip(trained.layers[1:], mirror.weights()):
        if layer.has_parameters:
            assert_close("weights", layer.weights, W)
            assert_close("biases", layer.biases, b)


def test_report_largest_relative_differences(capsys):
    """Not a check: prints what the tests above observed (pytest -s shows it)."""
    with capsys.disabled():
        print("\nlargest relative differences vs torch:",
              ", ".join(f"{k} {v:.2e}" for k, v in sorted(MAX_REL.items())))
