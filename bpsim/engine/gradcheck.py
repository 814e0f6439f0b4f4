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
    problem: str | None = None  # why the comparison means nothing (then not ok)

    @property
    def ok(self) -> bool:
        return self.problem is None and (self.max_relative_error < 1e-5
                                         or self.max_absolute_error < 1e-9)


def _problem(loss: float, grad: np.ndarray, p: np.ndarray, h: float) -> str | None:
    """Why finite differences cannot check these parameters, if they cannot."""
    if not np.isfinite(loss) or not np.isfinite(grad).all():
        return "the loss or its gradient is not finite (inf or NaN) at these weights"
    coarse = np.abs((p + h) - (p - h) - 2 * h) > 1e-3 * h  # the step lost in rounding
    if coarse.any():
        return (f"a parameter of {p[np.argmax(coarse)]:.3g} is too large for the step "
                f"h = {h:g} to change it measurably")
    return None


def gradcheck(net: Network, X: np.ndarray, T: np.ndarray, h: float = 1e-6,
              max_params: int = 2000, seed: int = 0) -> GradCheck:
    """Check up to ``max_params`` parameters (a seeded random subset of large networks)."""
    if net.dtype != np.float64:
        net = net.copy("float64")
    X = np.asarray(X, np.float64)
    T = np.asarray(T, np.float64)
    with np.errstate(all="ignore"):  # overflow is reported as a problem, not as a warning
        return _check(net, X, T, h, max_params, seed)


def _check(net: Network, X: np.ndarray, T: np.ndarray, h: float, max_params: int,
           seed: int) -> GradCheck:
    loss, grad = net.loss_and_grad(X, T)
    n = len(net.params)
    idx = np.arange(n) if n <= max_params else np.sort(
        np.random.default_rng(seed).choice(n, max_params, replace=False))
    p = net.params
    problem = _problem(loss, grad, p[idx], h)
    if problem is not None:
        return GradCheck(len(idx), float("nan"), float("nan"), 0, problem)
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

