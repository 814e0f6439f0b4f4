"""Engine speed against a plain NumPy loop, scikit-learn's MLP and PyTorch CPU, in one run.

    pip install -e ".[bench]"     # scikit-learn; PyTorch is used when installed
    python benchmarks/engine.py [--quick]

Every contender trains the same architecture with plain SGD (no momentum), the same batch size
and learning rate, in float64 (PyTorch too). Times are per step (one mini-batch update) or per
epoch; the best of ``--repeats`` runs is kept. The convolution cases (``bench_conv.py``) run
bpsim and PyTorch only, interleaved. ``--threads`` sets PyTorch's threads (default 2; on a
loaded machine its threads wait for each other, so compare with 1 too). bpsim is timed through
``Trainer.run``, so its per-epoch evaluation and bookkeeping are included.
"""

from __future__ import annotations

import argparse
import time
import warnings

import bench_conv
import numpy as np
from bench_common import BENCH_EXTRA, compared

from bpsim.data import generate
from bpsim.engine.network import Network
from bpsim.engine.trainer import Trainer
from bpsim.spec import TrainingSpec


def best(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


# -- contenders ------------------------------------------------------------------------------------
def run_bpsim(sizes, acts, loss, X, T, batch, epochs, eta):
    """The training loop itself, with its per-epoch bookkeeping; not the final summary pass
    over the data that `bpsim train` adds once at the end (the peers have none)."""
    net = Network(sizes, acts, loss)
    net.params[...] = np.random.default_rng(0).uniform(-0.5, 0.5, len(net.params))
    spec = TrainingSpec(learning_rate=eta, batch_size=batch, epochs=epochs)

    def train():
        trainer = Trainer(net, X, T, spec)
        for _ in range(epochs):
            trainer.run_epoch()
    return train


def run_numpy(sizes, acts, loss, X, T, batch, epochs, eta):
    """A plain but careful NumPy loop: the floor an engine can hope to approach."""
    rng = np.random.default_rng(0)
    W = [rng.uniform(-0.5, 0.5, (b, a)) for a, b in zip(sizes[:-1], sizes[1:])]
    B = [np.zeros(b) for b in sizes[1:]]
    f = {"tanh": np.tanh, "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
         "relu": lambda z: np.maximum(z, 0), "linear": lambda z: z}
    fp = {"tanh": lambda o: 1 - o * o, "sigmoid": lambda o: o * (1 - o),
          "relu": lambda o: (o > 0).astype(float), "linear": lambda o: 1.0}

    def softmax(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def train():
        n = len(X)
        for _ in range(epochs):
            for s in range(0, n, batch):
                o = [X[s:s + batch]]
                for l, a in enumerate(acts):
                    z = o[-1] @ W[l].T + B[l]
                    o.append(softmax(z) if a == "softmax" else f[a](z))
                t = T[s:s + batch]
                d = t - o[-1]
                if acts[-1] != "softmax":
                    d = d * fp[acts[-1]](o[-1])
                k = len(t)
                for l in range(len(W) - 1, -1, -1):
                    gw, gb = d.T @ o[l], d.sum(axis=0)
                    if l:
                        d = (d @ W[l]) * fp[acts[l - 1]](o[l])
                    W[l] += (eta / k) * gw
                    B[l] += (eta / k) * gb
    return train


def run_sklearn(sizes, acts, loss, X, T, batch, epochs, eta):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier, MLPRegressor

    act = {"tanh": "tanh", "sigmoid": "logistic", "relu": "relu"}[acts[0]]
    common = dict(hidden_layer_sizes=sizes[1:-1], activation=act, solver="sgd", batch_size=batch,
                  learning_rate_init=eta, momentum=0.0, nesterovs_momentum=False, alpha=0.0,
                  max_iter=epochs, tol=0.0, n_iter_no_change=10**9, shuffle=False,
                  random_state=0)
    if acts[-1] == "softmax":
        model, y = MLPClassifier(**common), T.argmax(axis=1)
    else:
        model, y = MLPRegressor(**common), T.ravel() if T.shape[1] == 1 else T

    def train():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(X, y)
    return train


def run_torch(sizes, acts, loss, X, T, batch, epochs, eta):
    import torch

    torch.manual_seed(0)
    mods = []
    for l, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        mods.append(torch.nn.Linear(a, b, dtype=torch.float64))
        act = acts[l]
        if act != "softmax":
            mods.append({"tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid,
                         "relu": torch.nn.ReLU, "linear": torch.nn.Identity}[act]())
    model = torch.nn.Sequential(*mods)
    opt = torch.optim.SGD(model.parameters(), lr=eta)
    Xt, Tt = torch.from_numpy(X), torch.from_numpy(T)
    lossf = (torch.nn.CrossEntropyLoss() if acts[-1] == "softmax" else torch.nn.MSELoss())
    target = Tt.argmax(dim=1) if acts[-1] == "softmax" else Tt

    def train():
        n = len(X)
        for _ in range(epochs):
            for s in range(0, n, batch):
                opt.zero_grad(set_to_none=True)
                out = model(Xt[s:s + batch])
                lossf(out, target[s:s + batch]).backward()
                opt.step()
    return train


# -- cases -----------------------------------------------------------------------------------------
def cases(quick: bool):
    rng = np.random.default_rng(0)
    e = 0.2 if quick else 1.0
    xs = generate("circles", samples=200, seed=0)
    digits = generate("digits")
    Xd = (digits.X - digits.X.mean(0)) / (digits.X.std(0) + 1e-9)
    big_X = rng.normal(size=(2048, 784))
    big_T = np.eye(10)[rng.integers(0, 10, 2048)]
    deep_X = rng.normal(size=(512, 16))
    deep_T = np.eye(4)[rng.integers(0, 4, 512)]
    xor = generate("xor")
    return [
        ("2-4-4-1 tanh online, 200 points", [2, 4, 4, 1], ["tanh", "tanh", "sigmoid"], "sse",
         xs.X, xs.T, 1, max(1, int(25 * e)), 0.1, "step"),
        ("XOR 2-2-1 sigmoid online", [2, 2, 1], ["sigmoid", "sigmoid"], "sse",
         xor.X, xor.T, 1, max(1, int(1000 * e)), 0.5, "step"),
        ("64-32-10 digits, batch 32", [64, 32, 10], ["relu", "softmax"], "cross_entropy",
         Xd, digits.T, 32, max(1, int(20 * e)), 0.05, "epoch"),
        ("784-256-128-10, batch 64 (float64)", [784, 256, 128, 10],
         ["relu", "relu", "softmax"], "cross_entropy", big_X, big_T, 64, max(1, int(2 * e)),
         0.01, "step"),
        ("16-(32 sigmoid x10)-4, batch 32", [16] + [32] * 10 + [4],
         ["sigmoid"] * 10 + ["softmax"], "cross_entropy", deep_X, deep_T, 32,
         max(1, int(20 * e)), 0.1, "step"),
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2, help="PyTorch's threads (default 2)")
    ap.add_argument("--conv-only", action="store_true", help="only the convolution cases")
    args = ap.parse_args()
    contenders = {"bpsim": run_bpsim, "numpy loop": run_numpy, "sklearn": run_sklearn,
                  "torch": run_torch}
    try:
        import torch
        torch.set_num_threads(args.threads)
    except ImportError:
        del contenders["torch"]
    try:
        import sklearn  # noqa: F401
    except ImportError:
        del contenders["sklearn"]
        print(f"scikit-learn is not installed, so it is left out ({BENCH_EXTRA})")
    for name, sizes, acts, loss, X, T, batch, epochs, eta, unit in (
            [] if args.conv_only else cases(args.quick)):
        steps_per_epoch = -(-len(X) // batch)
        per = steps_per_epoch * epochs if unit == "step" else epochs
        print(f"\n{name}: {epochs} epochs x {steps_per_epoch} steps")
        times = {}
        for cname, make in contenders.items():
            fn = make(sizes, acts, loss, np.ascontiguousarray(X, float),
                      np.ascontiguousarray(T, float), batch, epochs, eta)
            times[cname] = best(fn, args.repeats) / per
        base = times["bpsim"]
        for cname, t in times.items():
            scale, u = (1e6, "us") if t < 1e-2 else (1e3, "ms")
            ratio = "" if cname == "bpsim" else f"   {compared(t, base)}"
            print(f"  {cname:<11} {t * scale:9.1f} {u}/{unit}{ratio}")
    conv_contenders = {"bpsim": bench_conv.run_bpsim}
    if "torch" in contenders:
        conv_contenders["torch"] = bench_conv.run_torch
    for name, spec, X, T, epochs in bench_conv.conv_cases(args.quick):
        print(f"\n{name}: {epochs} epochs x {-(-len(X) // 32)} steps")
        times = {}
        for _ in range(args.repeats):  # interleaved, so that both see the same machine
            for cname, make in conv_contenders.items():
                fn = make(spec, np.ascontiguousarray(X, float), np.ascontiguousarray(T, float),
                          32, epochs, 0.05)
                times[cname] = min(times.get(cname, np.inf), best(fn, 1) / epochs)
        for cname, t in times.items():
            ratio = "" if cname == "bpsim" else f"   {compared(t, times['bpsim'])}"
            print(f"  {cname:<11} {t * 1e3:9.1f} ms/epoch{ratio}")


if __name__ == "__main__":
    main()
