"""bpsim's engine against the independent naive implementation in reference.py."""

import itertools
import zlib

import numpy as np
import pytest

from bpsim.engine.network import Network
from bpsim.engine.trainer import Trainer
from bpsim.spec import TrainingSpec
from tests.engine import reference

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
PAIRS = [(out, loss) for out in ["sigmoid", "tanh", "linear", "softmax", "leaky_relu"]
         for loss in ["sse", "mse", "cross_entropy"]
         if loss != "cross_entropy" or out in ("sigmoid", "softmax")]


def make(sizes, hidden, out, loss, seed):
    rng = np.random.default_rng(seed)
    acts = [hidden] * (len(sizes) - 2) + [out]
    net = Network(sizes, acts, loss, slopes=[0.05] * (len(sizes) - 1))
    net.params[...] = rng.uniform(-1, 1, len(net.params))
    X = rng.uniform(-1, 1, (7, sizes[0]))
    if out == "softmax":
        T = np.eye(sizes[-1])[rng.integers(0, sizes[-1], 7)]
    elif out == "sigmoid":
        T = rng.integers(0, 2, (7, sizes[-1])).astype(float)
    else:
        T = rng.uniform(-1, 1, (7, sizes[-1]))
    return net, X, T


@pytest.mark.parametrize(("hidden", "pair"), list(itertools.product(HIDDEN, PAIRS)))
def test_weights_agree_with_the_reference(hidden, pair):
    out, loss = pair
    seed = zlib.crc32(f"{hidden}{out}{loss}".encode())
    net, X, T = make([3, 4, 3, 3], hidden, out, loss, seed=seed)
    W0 = [w.copy() for w in net.W]
    b0 = [v.copy() for v in net.b]
    spec = TrainingSpec(learning_rate=0.1, momentum=0.5, batch_size=3, epochs=3,
                        weight_decay=0.01)
    trainer = Trainer(net, X, T, spec)
    assert trainer.run().stopped_reason == "completed"
    W, b, losses = reference.train([w.tolist() for w in W0], [v.tolist() for v in b0],
                                   net.activations, loss, X.tolist(), T.tolist(), 0.1, 0.5, 3, 3,
                                   0.01, list(net.slopes))
    for l in range(net.n_layers):
        np.testing.assert_allclose(net.W[l], W[l], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(net.b[l], b[l], rtol=1e-9, atol=1e-12)
    start, lo, hi, mean = trainer.curve.arrays()
    np.testing.assert_allclose(mean, losses, rtol=1e-9)


def test_online_full_batch_and_last_smaller_batch():
    for batch in (1, 7, 4):  # online, full batch, 4 + a last batch of 3
        net, X, T = make([2, 5, 1], "tanh", "sigmoid", "sse", seed=batch)
        W0 = [w.tolist() for w in net.W]
        b0 = [v.tolist() for v in net.b]
        Trainer(net, X, T, TrainingSpec(learning_rate=0.5, batch_size=batch, epochs=4)).run()
        W, b, _ = reference.train(W0, b0, net.activations, "sse", X.tolist(), T.tolist(),
                                  0.5, 0.0, batch, 4)
        for l in range(net.n_layers):
            np.testing.assert_allclose(net.W[l], W[l], rtol=1e-10)
