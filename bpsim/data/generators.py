"""Seeded synthetic data sets, plus the bundled real ones, by name.

Every generator takes keyword parameters only (with defaults), draws from
``np.random.default_rng(seed)`` and returns a :class:`Dataset`. Target encoding: a two-class
set has ONE 0/1 target column (a sigmoid output; class_names ("0", "1")), a set with k > 2
classes has k one-hot columns. The 2-D sets have exactly samples // 2 (or samples // k)
examples per class, in shuffled order. Unknown or out-of-range parameters raise
:class:`DataError` naming the generator and the valid values.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bpsim.data.dataset import Dataset, one_hot
from bpsim.data.params import check_float, check_int, check_seed, keyword_params
from bpsim.data.realdata import load_digits, load_iris
from bpsim.data.sequences import motif

MAX_SAMPLES = 1_000_000
MAX_NOISE = 10.0
BINARY = ("0", "1")
XY = ("x1", "x2")
TRUTH_TABLE = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)


def _samples(where: str, samples: object, lo: int = 2) -> int:
    return check_int(where, "samples", samples, lo, MAX_SAMPLES)


def _noise(where: str, noise: object) -> float:
    return check_float(where, "noise", noise, 0.0, MAX_NOISE)


def _per_class(samples: int, k: int) -> np.ndarray:
    """Class index of each of ``samples`` examples, as balanced as possible (sorted)."""
    return np.repeat(np.arange(k), [samples // k + (c < samples % k) for c in range(k)])


def _classes(where: str, X: np.ndarray, labels: np.ndarray, k: int, rng: np.random.Generator,
             description: str, names: tuple[str, ...] = XY) -> Dataset:
    """A classification Dataset of X (N, d) with class ``labels`` (N,), rows shuffled."""
    order = rng.permutation(len(X))
    class_names = tuple(str(c) for c in range(k))
    return Dataset(X[order], one_hot(labels[order], k), where, names, class_names, description)


def _truth_table(where: str, t: np.ndarray, noise: object, seed: object) -> Dataset:
    noise = _noise(where, noise)
    rng = np.random.default_rng(check_seed(where, seed))
    X = TRUTH_TABLE + rng.normal(0.0, noise, TRUTH_TABLE.shape) if noise else TRUTH_TABLE
    description = f"the {where.upper()} truth table (4 rows)"
    return Dataset(X, t.reshape(-1, 1), where, XY, BINARY, description)


@keyword_params("xor")
def xor(*, noise: float = 0.0, seed: int = 0) -> Dataset:
    """x1 XOR x2: 4 rows (X (4, 2), T (4, 1)); ``noise`` jitters the inputs (std)."""
    return _truth_table("xor", np.array([0.0, 1.0, 1.0, 0.0]), noise, seed)


@keyword_params("and")
def and_(*, noise: float = 0.0, seed: int = 0) -> Dataset:
    """x1 AND x2: 4 rows (X (4, 2), T (4, 1)); ``noise`` jitters the inputs (std)."""
    return _truth_table("and", np.array([0.0, 0.0, 0.0, 1.0]), noise, seed)


@keyword_params("or")
def or_(*, noise: float = 0.0, seed: int = 0) -> Dataset:
    """x1 OR x2: 4 rows (X (4, 2), T (4, 1)); ``noise`` jitters the inputs (std)."""
    return _truth_table("or", np.array([0.0, 1.0, 1.0, 1.0]), noise, seed)


@keyword_params("textbook")
def textbook(*, seed: int = 0) -> Dataset:
    """The textbook's single worked example: inputs (1, 0, 1), target 1 (X (1, 3), T (1, 1))."""
    check_seed("textbook", seed)
    return Dataset(np.array([[1.0, 0.0, 1.0]]), np.array([[1.0]]), "textbook",
                   ("x1", "x2", "x3"), BINARY, "the textbook example: (1, 0, 1) -> 1")


@keyword_params("circles")
def circles(*, samples: int = 200, noise: float = 0.05, factor: float = 0.5,
            seed: int = 0) -> Dataset:
    """Class 1: a disc of radius ``factor``; class 0: the ring (1 + factor) / 2 <= r <= 1.

    Uniform over the areas, then Gaussian ``noise`` (std) on x1 and x2. X (N, 2), T (N, 1).
    """
    samples, noise = _samples("circles", samples), _noise("circles", noise)
    factor = check_float("circles", "factor", factor, 0.05, 0.95)
    rng = np.random.default_rng(check_seed("circles", seed))
    labels = _per_class(samples, 2)
    r_in = np.where(labels == 1, 0.0, (1.0 + factor) / 2.0)
    r_out = np.where(labels == 1, factor, 1.0)
    r = np.sqrt(rng.uniform(r_in**2, r_out**2))
    phi = rng.uniform(0.0, 2.0 * np.pi, samples)
    X = np.column_stack([r * np.cos(phi), r * np.sin(phi)]) + rng.normal(0, noise, (samples, 2))
    return _classes("circles", X, labels, 2, rng, "a disc (class 1) inside a ring (class 0)")


@keyword_params("moons")
def moons(*, samples: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Two interleaved half circles of radius 1, centred on the origin. X (N, 2), T (N, 1)."""
    samples, noise = _samples("moons", samples), _noise("moons", noise)
    rng = np.random.default_rng(check_seed("moons", seed))
    labels = _per_class(samples, 2)
    theta = rng.uniform(0.0, np.pi, samples)
    upper = np.column_stack([np.cos(theta), np.sin(theta)])
    lower = np.column_stack([1.0 - np.cos(theta), 0.5 - np.sin(theta)])
    X = np.where(labels[:, None] == 0, upper, lower) - [0.5, 0.25]
    X += rng.normal(0.0, noise, X.shape)
    return _classes("moons", X, labels, 2, rng, "two interleaved half moons")


@keyword_params("spirals")
def spirals(*, samples: int = 200, noise: float = 0.05, turns: float = 1.5,
            seed: int = 0) -> Dataset:
    """Two interleaved spirals of ``turns`` turns, radius 0.1 .. 1. X (N, 2), T (N, 1).

    Point of class c at s ~ U(0, 1): r = 0.1 + 0.9 s, angle = 2 pi turns s + pi c.
    """
    samples, noise = _samples("spirals", samples), _noise("spirals", noise)
    turns = check_float("spirals", "turns", turns, 0.25, 10.0)
    rng = np.random.default_rng(check_seed("spirals", seed))
    labels = _per_class(samples, 2)
    s = rng.uniform(0.0, 1.0, samples)
    r, phi = 0.1 + 0.9 * s, 2.0 * np.pi * turns * s + np.pi * labels
    X = np.column_stack([r * np.cos(phi), r * np.sin(phi)]) + rng.normal(0, noise, (samples, 2))
    return _classes("spirals", X, labels, 2, rng, f"two spirals of {turns:g} turns")


@keyword_params("gaussians")
def gaussians(*, classes: int = 3, samples: int = 200, noise: float = 0.5,
              seed: int = 0) -> Dataset:
    """``classes`` round Gaussian blobs (std ``noise``) centred on a circle of radius 2.

    X (N, 2); T (N, classes) one-hot, or (N, 1) 0/1 for two classes.
    """
    k = check_int("gaussians", "classes", classes, 2, 20)
    samples, noise = _samples("gaussians", samples, lo=k), _noise("gaussians", noise)
    rng = np.random.default_rng(check_seed("gaussians", seed))
    labels = _per_class(samples, k)
    angle = 2.0 * np.pi * np.arange(k) / k
    centres = 2.0 * np.column_stack([np.cos(angle), np.sin(angle)])
    X = centres[labels] + rng.normal(0.0, noise, (samples, 2))
    return _classes("gaussians", X, labels, k, rng, f"{k} Gaussian blobs")


@keyword_params("checkerboard")
def checkerboard(*, samples: int = 200, noise: float = 0.0, cells: int = 4,
                 seed: int = 0) -> Dataset:
    """A ``cells`` x ``cells`` checkerboard on [-1, 1]^2; the class of the cell (i, j) is
    (i + j) mod 2. Uniform within the cells, then Gaussian ``noise``. X (N, 2), T (N, 1)."""
    samples, noise = _samples("checkerboard", samples), _noise("checkerboard", noise)
    cells = check_int("checkerboard", "cells", cells, 2, 20)
    rng = np.random.default_rng(check_seed("checkerboard", seed))
    labels = _per_class(samples, 2)
    grid = np.indices((cells, cells)).reshape(2, -1).T  # (cells^2, 2): every (i, j)
    cell = np.empty((samples, 2))
    for c in (0, 1):
        own = grid[grid.sum(axis=1) % 2 == c]
        rows = labels == c
        cell[rows] = own[rng.integers(0, len(own), rows.sum())]
    cell += rng.uniform(0.0, 1.0, (samples, 2))
    X = cell * (2.0 / cells) - 1.0 + rng.normal(0.0, noise, (samples, 2))
    return _classes("checkerboard", X, labels, 2, rng, f"a {cells}x{cells} checkerboard")


@keyword_params("sine")
def sine(*, samples: int = 100, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Regression: x ~ U(-pi, pi), t = sin(x) + N(0, noise^2). X (N, 1), T (N, 1)."""
    samples, noise = _samples("sine", samples), _noise("sine", noise)
    rng = np.random.default_rng(check_seed("sine", seed))
    x = rng.uniform(-np.pi, np.pi, samples)
    t = np.sin(x) + rng.normal(0.0, noise, samples)
    return Dataset(x[:, None], t[:, None], "sine", ("x",), None, "t = sin(x) + noise")


@keyword_params("parity")
def parity(*, bits: int = 3, noise: float = 0.0, seed: int = 0) -> Dataset:
    """All 2^bits bit patterns in counting order (first input = highest bit); target 1 when
    the number of ones is odd. ``noise`` jitters the inputs. X (2^bits, bits), T (2^bits, 1)."""
    bits, noise = check_int("parity", "bits", bits, 1, 16), _noise("parity", noise)
    rng = np.random.default_rng(check_seed("parity", seed))
    rows = np.arange(2**bits)[:, None] >> np.arange(bits - 1, -1, -1) & 1
    X = rows.astype(np.float64) + (rng.normal(0.0, noise, rows.shape) if noise else 0.0)
    t = (rows.sum(axis=1) % 2).astype(np.float64)[:, None]
    names = tuple(f"b{i + 1}" for i in range(bits))
    return Dataset(X, t, "parity", names, BINARY, f"{bits}-bit parity (all {2**bits} rows)")


@keyword_params("iris")
def iris(*, seed: int = 0) -> Dataset:
    """Fisher's Iris (bundled): X (150, 4) in cm, T (150, 3) one-hot; ``seed`` is unused."""
    check_seed("iris", seed)
    return load_iris()


@keyword_params("digits")
def digits(*, seed: int = 0) -> Dataset:
    """UCI 8x8 handwritten digits (bundled): X (1797, 64) pixels 0..16, T (1797, 10) one-hot;
    ``seed`` is unused."""
    check_seed("digits", seed)
    return load_digits()


GENERATORS: dict[str, Callable[..., Dataset]] = {
    "xor": xor, "and": and_, "or": or_, "textbook": textbook, "circles": circles,
    "moons": moons, "spirals": spirals, "gaussians": gaussians,
    "checkerboard": checkerboard, "sine": sine, "parity": parity, "iris": iris, "digits": digits,
    "motif": motif,
}
