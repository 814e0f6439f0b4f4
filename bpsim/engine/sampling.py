"""Presentation of training examples (seed section 6) and the train/validation split.

* ``sequential``: the examples in file order every epoch.
* ``shuffle``: a new random permutation every epoch.
* ``error_emphasis``: every epoch draws N examples with replacement, example i with probability
  p_i = floor / N + (1 - floor) * e_i / sum_j e_j, where e_i is example i's loss the last time it
  was presented (1 before its first presentation). So examples with a large error are shown more
  often, those with a small error less, and each keeps at least the floor probability floor / N.

Mini-batches are consecutive slices of the epoch's order of size B; the last, smaller batch of
an epoch is used as it is.
"""

from __future__ import annotations

import numpy as np

ORDERS = ("sequential", "shuffle", "error_emphasis")


def epoch_order(order: str, n: int, rng: np.random.Generator, errors: np.ndarray | None = None,
                floor: float = 0.2) -> np.ndarray:
    """Indices of the examples to present in one epoch (length n)."""
    if order == "sequential":
        return np.arange(n)
    if order == "shuffle":
        return rng.permutation(n)
    if order == "error_emphasis":
        return rng.choice(n, size=n, replace=True, p=emphasis_probabilities(errors, floor))
    raise ValueError(f"unknown order {order!r}; choose one of {', '.join(ORDERS)}")


def emphasis_probabilities(errors: np.ndarray, floor: float) -> np.ndarray:
    """p_i = floor / N + (1 - floor) e_i / sum e (uniform when every error is zero)."""
    n = len(errors)
    total = float(errors.sum())
    if not np.isfinite(total) or total <= 0.0:
        return np.full(n, 1.0 / n)
    p = floor / n + (1.0 - floor) * errors / total
    return p / p.sum()


def train_validation_split(T: np.ndarray, fraction: float, seed: int,
                           stratify: bool) -> tuple[np.ndarray, np.ndarray]:
    """Seeded split of example indices into (train, validation), both sorted.

    With ``stratify`` (classification targets) each class contributes round(fraction * n_c)
    examples to validation, so both parts keep the class proportions. At least one example
    stays in training.
    """
    n = len(T)
    if fraction <= 0.0 or n < 2:
        return np.arange(n), np.arange(0)
    rng = np.random.default_rng(seed)
    if stratify:
        labels = T.argmax(axis=1) if T.shape[1] > 1 else (T[:, 0] >= 0.5).astype(int)
        val = []
        for c in np.unique(labels):
            members = rng.permutation(np.flatnonzero(labels == c))
            val.extend(members[: int(round(fraction * len(members)))])
        val = np.asarray(val, dtype=int)
    else:
        val = rng.permutation(n)[: int(round(fraction * n))]
    if len(val) >= n:
        val = val[: n - 1]
    mask = np.zeros(n, bool)
    mask[val] = True
    return np.flatnonzero(~mask), np.flatnonzero(mask)
