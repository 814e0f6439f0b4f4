"""Your own data: ``bpsim new`` + ``bpsim train`` against scikit-learn's MLP on the same split.

    pip install -e ".[bench]"      # scikit-learn
    python benchmarks/new_vs_sklearn.py [--seeds 3] [--keep DIR]

Writes CSV files of several kinds (text classes, two classes, whole-number classes, many
columns, numeric targets) from data sets that ship with scikit-learn and from its generators,
makes a network for each with ``bpsim new --data FILE.csv --target COLUMN`` and trains it with
``bpsim train`` (the defaults, nothing tuned per file), exactly as a user would. scikit-learn's
``MLPClassifier`` / ``MLPRegressor`` then learn the same training part (the rows bpsim's
split chose, inputs standardised the same way) and are scored on the same validation part:
once with their defaults (100 ReLU units, Adam, 200 epochs) and once with bpsim's hidden
layers and activation. Accuracy for classes, R² for numbers; mean over ``--seeds`` seeds
(bpsim: ``bpsim new --seed``, which also moves the split; scikit-learn: ``random_state``).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
from bench_common import require

from bpsim.cli import main as bpsim
from bpsim.fileformat import load
from bpsim.runner import setup


def write_csv(path: Path, X: np.ndarray, y, names: list[str], target: str) -> None:
    lines = [",".join([*names, target])]
    lines += [",".join([*(f"{v:.6g}" for v in row), str(label)]) for row, label in zip(X, y)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_csvs(folder: Path) -> list[tuple[Path, str, str]]:
    """(csv, target column, kind) for every test file."""
    from sklearn import datasets

    out = []
    wine = datasets.load_wine()
    write_csv(folder / "wine.csv", wine.data, wine.target + 1, list(wine.feature_names),
              "cultivar")
    out.append((folder / "wine.csv", "cultivar", "whole-number classes 1-3"))
    cancer = datasets.load_breast_cancer()
    names = [n.replace(" ", "_") for n in cancer.feature_names]
    labels = np.where(cancer.target == 1, "benign", "malignant")
    write_csv(folder / "cancer.csv", cancer.data, labels, names, "diagnosis")
    out.append((folder / "cancer.csv", "diagnosis", "two text classes"))
    X, y = datasets.make_classification(600, 8, n_informative=5, n_classes=3,
                                        n_clusters_per_class=1, class_sep=1.2, random_state=3)
    write_csv(folder / "colours.csv", X, np.array(["red", "green", "blue"])[y],
              [f"f{i + 1}" for i in range(8)], "colour")
    out.append((folder / "colours.csv", "colour", "three text classes"))
    digits = datasets.load_digits()
    write_csv(folder / "digits64.csv", digits.data, digits.target,
              [f"p{i}" for i in range(64)], "digit")
    out.append((folder / "digits64.csv", "digit", "64 columns, 10 classes"))
    X, y = datasets.make_classification(2000, 120, n_informative=25, n_classes=4,
                                        random_state=5)
    write_csv(folder / "wide.csv", X, np.array(["a", "b", "c", "d"])[y],
              [f"x{i + 1}" for i in range(120)], "group")
    out.append((folder / "wide.csv", "group", "120 columns, 4 classes"))
    diabetes = datasets.load_diabetes(scaled=False)
    write_csv(folder / "diabetes.csv", diabetes.data, diabetes.target.astype(int),
              list(diabetes.feature_names), "progression")
    out.append((folder / "diabetes.csv", "progression", "numbers (whole, 25-346)"))
    rng = np.random.default_rng(7)
    X = rng.uniform(-2, 2, size=(800, 4))
    y = np.sin(2 * X[:, 0]) + X[:, 1] ** 2 - 0.5 * X[:, 2] + rng.normal(0, 0.1, 800)
    write_csv(folder / "wave.csv", X, [f"{v:.5f}" for v in y], ["a", "b", "c", "d"], "y")
    out.append((folder / "wave.csv", "y", "numbers (fractions)"))
    return out


def quiet(args: list[str]) -> tuple[int, str]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = bpsim(args)
    return code, buf.getvalue()


def bpsim_score(csv: Path, target: str, seed: int, folder: Path):
    """(score, seconds, prepared split, spec) of bpsim new + bpsim train."""
    net = folder / f"{csv.stem}-{seed}.bpsim"
    code, text = quiet(["new", "--data", str(csv), "--target", target, "--seed", str(seed),
                        "--out", str(net)])
    assert code == 0, text
    start = time.perf_counter()
    code, text = quiet(["train", str(net), "--out", str(net)])
    seconds = time.perf_counter() - start
    assert code == 0, text
    spec = load(net)
    session = setup(spec, net.parent)
    prepared = session.prepared
    o = session.net.predict(prepared.X_val) if hasattr(session.net, "predict") else \
        session.net.forward(prepared.X_val)[0][-1]
    return score(o, prepared.T_val, spec.loss), seconds, prepared, spec


def score(o: np.ndarray, T: np.ndarray, loss: str) -> float:
    if loss != "cross_entropy":  # R^2
        return float(1 - ((T - o) ** 2).sum() / ((T - T.mean(axis=0)) ** 2).sum())
    if T.shape[1] == 1:
        return float(np.mean((o[:, 0] >= 0.5) == (T[:, 0] >= 0.5)))
    return float(np.mean(o.argmax(axis=1) == T.argmax(axis=1)))


def sklearn_score(prepared, spec, seed: int, same_shape: bool) -> float:
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier, MLPRegressor

    kwargs = {"random_state": seed}
    if same_shape:
        act = {"leaky_relu": "relu", "linear": "identity", "sigmoid": "logistic"}
        hidden = spec.layers[1:-1]
        kwargs.update(hidden_layer_sizes=tuple(la.size for la in hidden),
                      activation=act.get(hidden[0].activation, hidden[0].activation))
    X, T = prepared.X_train, prepared.T_train
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        if spec.loss == "cross_entropy":
            y = (T[:, 0] >= 0.5).astype(int) if T.shape[1] == 1 else T.argmax(axis=1)
            model = MLPClassifier(**kwargs).fit(X, y)
            p = model.predict(prepared.X_val)
            yv = prepared.T_val
            yv = (yv[:, 0] >= 0.5).astype(int) if yv.shape[1] == 1 else yv.argmax(axis=1)
            return float(np.mean(p == yv))
        model = MLPRegressor(**kwargs).fit(X, T[:, 0])
        return float(model.score(prepared.X_val, prepared.T_val[:, 0]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--keep", metavar="DIR", help="write the CSVs and networks here")
    args = parser.parse_args()
    require("sklearn")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"{'file':<13} {'kind':<26} {'bpsim':>7} {'sk same':>8} {'sk dflt':>8} "
              f"{'bpsim s':>8}  (validation accuracy, R² for numbers; mean of "
              f"{args.seeds} seeds)")
        for csv, target, kind in make_csvs(folder):
            rows = []
            for seed in range(args.seeds):
                b, secs, prepared, spec = bpsim_score(csv, target, seed, folder)
                rows.append((b, sklearn_score(prepared, spec, seed, True),
                             sklearn_score(prepared, spec, seed, False), secs))
            m = np.mean(rows, axis=0)
            print(f"{csv.name:<13} {kind:<26} {m[0]:7.3f} {m[1]:8.3f} {m[2]:8.3f} "
                  f"{m[3]:8.2f}")


if __name__ == "__main__":
    main()
