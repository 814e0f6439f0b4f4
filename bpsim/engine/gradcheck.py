"""Finite differences against backpropagation.

For each checked parameter p, the central difference (E(p + h) - E(p - h)) / 2h of the mean
loss E is compared with backprop's dE/dp; the error is |a - b| / max(|a| + |b|, tiny).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpsim.engine.network import Network


@dataclass(frozen=True, slots=True)
class GradCheck:
    checked: int
    max_relative_error: float
    max_absolute_error: float
    worst_index: int

    @property
    def ok(self) -> bool:
        return self.max_relative_error < 1e-5 or self.max_absolute_error < 1e-9


def gradcheck(net: Network, X: np.ndarray, T: np.ndarray, h: float = 1e-6,
              max_params: int = 2000, seed: int = 0) -> GradCheck:
    """Check up to ``max_params`` parameters (a seeded random subset of large networks)."""
    if net.dtype != np.float64:
        net = net.copy("float64")
    X = np.asarray(X, np.float64)
    T = np.asarray(T, np.float64)
    _, grad = net.loss_and_grad(X, T)
    n = len(net.params)
    idx = np.arange(n) if n <= max_params else np.sort(
        np.random.default_rng(seed).choice(n, max_params, replace=False))
    p = net.params
    rel = np.zeros(len(idx))
    abs_ = np.zeros(len(idx))
    for k, i in enumerate(idx):
        keep = p[i]
        p[i] = keep + h
        up = net.evaluate(X, T, False)[0]
        p[i] = keep - h
        down = net.evaluate(X, T, False)[0]
        p[i] = keep
        num = (up - down) / (2 * h)
        abs_[k] = abs(num - grad[i])
        rel[k] = abs_[k] / max(abs(num) + abs(grad[i]), 1e-12)
    worst = int(np.argmax(rel)) if len(rel) else 0
    return GradCheck(len(idx), float(rel.max(initial=0.0)), float(abs_.max(initial=0.0)),
                     int(idx[worst]) if len(idx) else 0)

