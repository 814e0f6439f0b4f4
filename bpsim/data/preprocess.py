"""Input transforms x' = (x - shift) / scale, fitted on the training examples only.

* ``standardize``: shift = mean, scale = standard deviation (population, ddof = 0);
* ``minmax``: shift = min, scale = max - min (inputs of the training part map to [0, 1]);
* ``none``: shift = 0, scale = 1.

A constant column (scale 0, or below 1e-12 of its magnitude from rounding) gets scale 1, so
it is only shifted.
"""

from __future__ import annotations

import numpy as np

from bpsim.data.dataset import DataError
from bpsim.spec import PREPROCESS


def fit_transform(X_train: np.ndarray, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """(shift, scale), both (n_in,) read-only, for X_train (N, n_in) with N >= 1."""
    X_train = np.asarray(X_train, dtype=np.float64)
    if X_train.ndim != 2 or len(X_train) == 0:
        raise DataError(f"cannot fit a transform on inputs of shape {X_train.shape}")
    if kind == "none":
        shift, scale = np.zeros(X_train.shape[1]), np.ones(X_train.shape[1])
    elif kind == "standardize":
        shift, scale = X_train.mean(axis=0), X_train.std(axis=0)
    elif kind == "minmax":
        shift = X_train.min(axis=0)
        scale = X_train.max(axis=0) - shift
    else:
        raise DataError(f"unknown preprocessing {kind!r}; choose one of {', '.join(PREPROCESS)}")
    magnitude = np.maximum(np.abs(X_train).max(axis=0), 1.0)
    scale = np.where(scale <= 1e-12 * magnitude, 1.0, scale)
    return _frozen(shift), _frozen(scale)


def apply(X: np.ndarray, shift: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """(X - shift) / scale: X (N, n_in), shift and scale (n_in,); a new (N, n_in) array."""
    X = np.asarray(X, dtype=np.float64)
    shift, scale = np.asarray(shift, dtype=np.float64), np.asarray(scale, dtype=np.float64)
    check_transform(shift, scale, X.shape[-1])
    return (X - shift) / scale


def check_transform(shift: np.ndarray, scale: np.ndarray, n_in: int) -> None:
    """DataError unless shift and scale are (n_in,) finite with scale != 0."""
    if np.shape(shift) != (n_in,) or np.shape(scale) != (n_in,):
        raise DataError(f"the input transform has shift {np.shape(shift)} and scale "
                        f"{np.shape(scale)}; the data has {n_in} inputs")
    if not (np.isfinite(shift).all() and np.isfinite(scale).all()) or np.any(scale == 0):
        raise DataError("the input transform must be finite with a non-zero scale")


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.array(a, dtype=np.float64)
    a.setflags(write=False)
    return a
