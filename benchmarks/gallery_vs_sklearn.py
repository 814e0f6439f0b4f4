"""The gallery's digits network against scikit-learn's MLPClassifier, in one process.

    pip install -e ".[bench]"     # scikit-learn
    python benchmarks/gallery_vs_sklearn.py [--repeats N]

Both learn the same split of the same data: the training and validation parts that
``bpsim.runner.setup`` prepares from ``resources/examples/digits.bpsim`` (1797 digits, a
stratified fifth held out, inputs standardised on the training part). Both use the gallery
file's settings: a 64-32-10 network with tanh hidden units and a softmax output, cross-entropy,
mini-batches of 32 in a new order every epoch, plain momentum 0.9 (no Nesterov), the same
learning rate, no weight decay, float64. scikit-learn draws Glorot-uniform weights, bpsim the
file's Xavier-normal ones.

Reported per contender: the best wall time of ``--repeats`` runs of the whole training (bpsim:
``Trainer.run``, which also evaluates the validation part after every epoch; scikit-learn:
``fit``), and the validation accuracy reached; then scikit-learn with twice and four times
the epochs, and both with initial weights from the seeds 0 to 4 on the same split.
"""

from __future__ import annotations

import argparse
import time
import warnings
from dataclasses import replace

import numpy as np
from bench_common import require

from bpsim.fileformat import load
from bpsim.gallery import resolve
from bpsim.runner import setup


def timed(repeats: int, run) -> tuple[float, float]:
    """(best seconds, validation accuracy) over ``repeats`` calls of run() -> (seconds, acc)."""
    results = [run() for _ in range(max(1, repeats))]
    return min(r[0] for r in results), results[0][1]


def bpsim_run(spec, base):
    session = setup(spec, base)
    start = time.perf_counter()
    result = session.trainer.run()
    return time.perf_counter() - start, result.validation_accuracy


def sklearn_run(prepared, training, hidden, epochs, seed):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(hidden_layer_sizes=hidden, activation="tanh", solver="sgd",
                        batch_size=training.batch_size, learning_rate="constant",
                        learning_rate_init=training.learning_rate,
                        momentum=training.momentum, nesterovs_momentum=False, alpha=0.0,
                        max_iter=epochs, shuffle=True, tol=0.0, n_iter_no_change=10**9,
                        early_stopping=False, random_state=seed)
    y = prepared.T_train.argmax(axis=1)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(prepared.X_train, y)
    seconds = time.perf_counter() - start
    accuracy = float(np.mean(clf.predict(prepared.X_val) == prepared.T_val.argmax(axis=1)))
    return seconds, accuracy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--example", default="digits")
    args = parser.parse_args()
    require("sklearn")

    path = resolve(args.example)
    spec = load(path)
    t = spec.training
    hidden = tuple(layer.size for layer in spec.layers[1:-1])
    prepared = setup(spec, path.parent).prepared
    print(f"{args.example}: layers {'-'.join(map(str, spec.sizes))}, {len(prepared.X_train)} "
          f"training / {len(prepared.X_val)} validation examples, eta {t.learning_rate:g}, "
          f"momentum {t.momentum:g}, batch {t.batch_size}, {t.epochs} epochs; best of "
          f"{args.repeats}")

    b_time, b_acc = timed(args.repeats, lambda: bpsim_run(spec, path.parent))
    print(f"  bpsim         {t.epochs:4d} epochs  {b_time * 1000:8.1f} ms  "
          f"validation accuracy {b_acc:.4f}")
    for epochs in (t.epochs, 2 * t.epochs, 4 * t.epochs):
        s_time, s_acc = timed(args.repeats if epochs == t.epochs else 2,
                              lambda e=epochs: sklearn_run(prepared, t, hidden, e, t.seed))
        print(f"  scikit-learn  {epochs:4d} epochs  {s_time * 1000:8.1f} ms  "
              f"validation accuracy {s_acc:.4f}  ({s_time / b_time:.1f}x bpsim's time)")

    # other initial weights on the same split: bpsim's initialization seed, sklearn's random_state
    b_accs = [bpsim_run(replace(spec, init=replace(spec.init, seed=seed)), path.parent)[1]
              for seed in range(5)]
    s_accs = [sklearn_run(prepared, t, hidden, t.epochs, seed)[1] for seed in range(5)]
    print(f"  initial weights from seeds 0-4, {t.epochs} epochs, same split: validation "
          f"accuracy bpsim mean {np.mean(b_accs):.4f} (min {min(b_accs):.4f}), scikit-learn "
          f"mean {np.mean(s_accs):.4f} (min {min(s_accs):.4f})")


if __name__ == "__main__":
    main()
