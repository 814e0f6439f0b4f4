"""Long runs whose epoch counts to a criterion are known.

Each case is a document in the file-format contract, loaded and trained the way ``bpsim train``
does it (bpsim.runner.setup). The number of epochs until the training loss (the per-epoch
``train_loss``: the mean loss over the training examples with the weights at the end of the
epoch) first drops below a threshold must equal

* the count of an independent implementation written here with the naive one-unit-at-a-time
  formulas of tests/engine/reference.py, starting from initial weights drawn here by the
  documented rule (uniform in [-a, a], per layer W then b, from numpy.random.default_rng(seed))
  and from data written out by hand, and
* the count recorded in EPOCHS (computed once by both and kept, so that a change of the
  algorithm that moves both sides alike is still noticed).

The losses of both are compared at every epoch too (to 1e-9 relative), and the criterion is
crossed clearly (no loss within 1e-6 relative of the threshold), so the counts do not hinge on
rounding.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest

from bpsim import runner
from bpsim.engine.scalar import ScalarKernel
from bpsim.fileformat import from_dict
from tests.engine import reference

XOR_01 = ([[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]])
XOR_PM = ([[-1, -1], [-1, 1], [1, -1], [1, 1]], [[0], [1], [1], [0]])  # standardised 0/1
OR_01 = ([[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [1]])
AND_01 = ([[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [0], [0], [1]])


def document(layers, training, data, init=None, loss="sse"):
    doc = {"format": "bpsim-network", "version": 1, "name": "long run",
           "layers": layers, "loss": loss, "training": training, "data": data}
    if init is not None:
        doc["initialization"] = init
    return doc


def hidden_out(sizes, acts):
    return [{"size": sizes[0]}] + [{"size": n, "activation": a} for n, a in zip(sizes[1:], acts)]


TEXTBOOK = document(
    [{"size": 3},
     {"size": 2, "activation": "sigmoid", "weights": [[0.2, 0.4, -0.5], [-0.3, 0.1, 0.2]],
      "biases": [-0.4, 0.2]},
     {"size": 1, "activation": "sigmoid", "weights": [[-0.3, -0.2]], "biases": [0.1]}],
    {"learning_rate": 0.9, "momentum": 0.0, "batch_size": 1, "order": "sequential",
     "epochs": 1, "seed": 0},
    {"inputs": [[1, 0, 1]], "targets": [[1]]})

# (name, document, inputs and targets as the trainer must see them, threshold, max epochs)
CASES = [
    ("textbook", TEXTBOOK, ([[1, 0, 1]], [[1]]), 1e-4, 5000),
    ("xor 2-2-1 online eta 0.5",
     document(hidden_out([2, 2, 1], ["sigmoid", "sigmoid"]),
              {"learning_rate": 0.5, "batch_size": 1, "order": "sequential", "seed": 3},
              {"dataset": "xor"}, {"kind": "uniform", "scale": 1.0}),
     XOR_01, 1e-4, 40000),
    ("xor 2-3-3-1 sigmoid online eta 0.3",
     document(hidden_out([2, 3, 3, 1], ["sigmoid", "sigmoid", "sigmoid"]),
              {"learning_rate": 0.3, "batch_size": 1, "order": "sequential", "seed": 1},
              {"dataset": "xor"}),
     XOR_01, 1e-3, 40000),
    ("gallery xor (batch 4, eta 32)",
     document(hidden_out([2, 2, 1], ["sigmoid", "sigmoid"]),
              {"learning_rate": 32.0, "batch_size": 4, "order": "sequential", "seed": 0},
              {"dataset": "xor", "preprocess": "standardize"}, {"kind": "uniform", "scale": 0.05}),
     XOR_PM, 1e-3, 5000),
    ("gallery xor-momentum (0.9)",
     document(hidden_out([2, 2, 1], ["sigmoid", "sigmoid"]),
              {"learning_rate": 32.0, "momentum": 0.9, "batch_size": 4, "order": "sequential",
               "seed": 0},
              {"dataset": "xor", "preprocess": "standardize"}, {"kind": "uniform", "scale": 0.05}),
     XOR_PM, 1e-3, 5000),
    ("and 2-4-1 tanh, momentum, shuffled",
     document(hidden_out([2, 4, 1], ["tanh", "sigmoid"]),
              {"learning_rate": 0.3, "momentum": 0.5, "batch_size": 1, "order": "shuffle",
               "seed": 7},
              {"dataset": "and"}),
     AND_01, 1e-3, 5000),
    ("xor 2-3-1 tanh, batches of 3, decay, inverse-time schedule, mse",
     document(hidden_out([2, 3, 1], ["tanh", "sigmoid"]),
              {"learning_rate": 2.0, "momentum": 0.8, "batch_size": 3, "order": "sequential",
               "seed": 5, "weight_decay": 1e-4,
               "schedule": {"kind": "inverse_time", "k": 0.001}},
              {"dataset": "xor"}, loss="mse"),
     XOR_01, 1e-3, 5000),
    ("or 2-2-1 error emphasis",
     document(hidden_out([2, 2, 1], ["sigmoid", "sigmoid"]),
              {"learning_rate": 1.0, "batch_size": 1, "order": "error_emphasis", "seed": 2,
               "error_floor": 0.3},
              {"dataset": "or"}),
     OR_01, 1e-3, 20000),
    ("or 2-2-1 error emphasis, batches of 2",
     document(hidden_out([2, 2, 1], ["sigmoid", "sigmoid"]),
              {"learning_rate": 2.0, "batch_size": 2, "order": "error_emphasis", "seed": 4},
              {"dataset": "or"}),
     OR_01, 1e-3, 20000),
]
EPOCHS = {  # computed by both implementations (see the module docstring)
    "textbook": 1566,
    "xor 2-2-1 online eta 0.5": 14230,
    "xor 2-3-3-1 sigmoid online eta 0.3": 3185,
    "gallery xor (batch 4, eta 32)": 439,
    "gallery xor-momentum (0.9)": 178,
    "and 2-4-1 tanh, momentum, shuffled": 231,
    "xor 2-3-1 tanh, batches of 3, decay, inverse-time schedule, mse": 107,
    "or 2-2-1 error emphasis": 391,
    "or 2-2-1 error emphasis, batches of 2": 274,
}


# -- bpsim, as `bpsim train` runs it --------------------------------------------------------
def bpsim_losses(doc, threshold, max_epochs):
    session = runner.setup(from_dict(doc))
    tr = session.trainer
    losses = []
    with np.errstate(all="ignore"):
        while tr.epoch < max_epochs:
            assert tr.run_epoch(), tr.stopped_reason
            losses.append(float(tr.history.column("train_loss")[-1]))
            if losses[-1] < threshold:
                break
    return session, losses


# -- the independent implementation -------------------------------------------------------
def initial_weights(sizes, scale, seed):
    """Uniform in [-a, a]: for each layer W (n_out, n_in) then b (n_out,), one Generator."""
    rng = np.random.default_rng(seed)
    W, b = [], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        W.append(rng.uniform(-scale, scale, size=(n_out, n_in)).tolist())
        b.append(rng.uniform(-scale, scale, size=n_out).tolist())
    return W, b


def eta_at(training, epoch):
    eta0 = training["learning_rate"]
    s = training.get("schedule", {"kind": "constant"})
    if s["kind"] == "inverse_time":
        return eta0 / (1.0 + s["k"] * epoch)
    assert s["kind"] == "constant"
    return eta0


def reference_losses(doc, X, T, threshold, max_epochs):
    layers, t = doc["layers"], doc["training"]
    sizes = [layer["size"] for layer in layers]
    acts = [layer["activation"] for layer in layers[1:]]
    slopes = [0.01] * len(acts)
    if "weights" in layers[1]:
        W = [[list(r) for r in layer["weights"]] for layer in layers[1:]]
        b = [list(layer["biases"]) for layer in layers[1:]]
    else:
        init = doc.get("initialization", {"scale": 1.0})
        W, b = initial_weights(sizes, init["scale"], t["seed"])
    loss_name, alpha = doc["loss"], t.get("momentum", 0.0)
    decay, B = t.get("weight_decay", 0.0), t["batch_size"]
    VW = [[[0.0] * len(r) for r in Wl] for Wl in W]
    Vb = [[0.0] * len(bl) for bl in b]
    rng = np.random.default_rng(t["seed"])
    N, losses = len(X), []
    errors = [1.0] * N  # each example's loss when it was last presented
    for epoch in range(max_epochs):
        eta = eta_at(t, epoch)
        if t["order"] == "shuffle":
            order = rng.permutation(N).tolist()
        elif t["order"] == "error_emphasis":  # p_i = floor / N + (1 - floor) e_i / sum e
            floor = t.get("error_floor", 0.2)
            p = np.array([floor / N + (1 - floor) * e / sum(errors) for e in errors])
            order = rng.choice(N, size=N, replace=True, p=p / p.sum()).tolist()
        else:
            order = list(range(N))
        for start in range(0, N, B):
            batch = order[start:start + B]
            GW = [[[0.0] * len(r) for r in Wl] for Wl in W]
            Gb = [[0.0] * len(bl) for bl in b]
            for e in batch:
                zs, os_ = reference.forward(W, b, acts, X[e], slopes)
                errors[e] = reference.loss(loss_name, os_[-1], T[e], acts[-1])
                ds = reference.deltas(W, acts, zs, os_, T[e], loss_name, slopes)
                for l in range(len(W)):
                    for q in range(len(W[l])):
                        for p in range(len(W[l][q])):
                            GW[l][q][p] += ds[l][q] * os_[l][p]
                        Gb[l][q] += ds[l][q]
            n = len(batch)
            for l in range(len(W)):
                for q in range(len(W[l])):
                    for p in range(len(W[l][q])):
                        dw = eta * GW[l][q][p] / n - eta * decay * W[l][q][p] + alpha * VW[l][q][p]
                        VW[l][q][p] = dw
                        W[l][q][p] += dw
                    db = eta * Gb[l][q] / n + alpha * Vb[l][q]
                    Vb[l][q] = db
                    b[l][q] += db
        mean = sum(reference.loss(loss_name, reference.forward(W, b, acts, x, slopes)[1][-1],
                                  tk, acts[-1]) for x, tk in zip(X, T)) / N
        losses.append(mean)
        if mean < threshold:
            break
    return losses


@pytest.mark.parametrize(("name", "doc", "data", "threshold", "max_epochs"), CASES,
                         ids=[c[0] for c in CASES])
def test_epochs_to_criterion(name, doc, data, threshold, max_epochs):
    X, T = ([[float(v) for v in row] for row in part] for part in data)
    session, ours = bpsim_losses(doc, threshold, max_epochs)
    np.testing.assert_array_equal(session.prepared.X_train, X)
    np.testing.assert_array_equal(session.prepared.T_train, T)
    theirs = reference_losses(doc, X, T, threshold, max_epochs)
    t = doc["training"]
    path = "kernel" if ScalarKernel.eligible(session.net, t["batch_size"],
                                             t.get("momentum", 0.0)) else "NumPy"
    print(f"\n{name} ({path} path): bpsim {len(ours)} epochs, reference {len(theirs)}")
    assert ours[-1] < threshold and theirs[-1] < threshold
    assert len(ours) == len(theirs) == EPOCHS[name]
    np.testing.assert_allclose(ours, theirs, rtol=1e-9)
    assert all(abs(v - threshold) > 1e-6 * threshold for v in ours)
    assert math.isfinite(ours[-1])


@pytest.mark.parametrize("name", ["textbook", "gallery xor (batch 4, eta 32)"])
def test_bpsim_train_reaches_the_criterion_after_the_known_epochs(name, tmp_path):
    """The same counts through the command line: `bpsim train FILE --epochs K --json`."""
    _, doc, _, threshold, _ = next(c for c in CASES if c[0] == name)
    path = tmp_path / "net.bpsim"
    path.write_text(json.dumps(doc), encoding="utf-8")
    losses = []
    for epochs in (EPOCHS[name] - 1, EPOCHS[name]):
        out = subprocess.run([sys.executable, "-m", "bpsim", "train", str(path), "--epochs",
                              str(epochs), "--json"], capture_output=True, text=True, check=True)
        result = json.loads(out.stdout)
        assert result["epochs"] == epochs and result["stopped_reason"] == "completed"
        losses.append(result["train_loss"])
    assert losses[0] >= threshold > losses[1]
