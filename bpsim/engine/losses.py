"""Losses per example, and g = -dE/do (the seed's (t - o) for sse).

The reported loss is the mean over the examples of a batch. With ``cross_entropy`` the output
layer must be softmax (categorical: E = -sum_k t_k log o_k) or sigmoid (binary, summed over
outputs: E = -sum_k [t_k log o_k + (1 - t_k) log(1 - o_k)]); for both the output delta
simplifies to delta = t - o (the f' of the output cancels), for softmax when the targets of an
example sum to 1 (otherwise it is t - o sum_k t_k; see Network.backward).
"""

from __future__ import annotations

import numpy as np

from bpsim.spec import ONE_UNIT_SOFTMAX

LOSSES = ("sse", "mse", "cross_entropy")
_EPS = 1e-12


def per_example(loss: str, o: np.ndarray, t: np.ndarray, output_activation: str) -> np.ndarray:
    """E for each row of o, t (shape (batch, outputs)) -> (batch,)."""
    d = t - o
    if loss == "sse":
        return 0.5 * np.einsum("ij,ij->i", d, d)
    if loss == "mse":
        return np.einsum("ij,ij->i", d, d) / o.shape[1]
    if loss == "cross_entropy":
        oc = np.clip(o, _EPS, 1.0 - _EPS) if output_activation == "sigmoid" else np.maximum(o, _EPS)
        e = -(t * np.log(oc)).sum(axis=1)
        if output_activation == "sigmoid":
            e -= ((1.0 - t) * np.log(1.0 - oc)).sum(axis=1)
        return e
    raise ValueError(f"unknown loss {loss!r}; choose one of {', '.join(LOSSES)}")


def total(loss: str, d: np.ndarray, o: np.ndarray, t: np.ndarray, output_activation: str) -> float:
    """Sum of the per-example losses, with d = t - o already computed (the hot path: a few
    whole-array operations instead of per-row sums)."""
    if loss == "sse":
        return 0.5 * float(np.vdot(d, d))
    if loss == "mse":
        return float(np.vdot(d, d)) / o.shape[1]
    if output_activation == "softmax":
        return -float(np.vdot(t, np.log(np.maximum(o, _EPS))))
    oc = np.clip(o, _EPS, 1.0 - _EPS)
    return -float(np.vdot(t, np.log(oc)) + np.vdot(1.0 - t, np.log(1.0 - oc)))


def neg_grad(loss: str, d: np.ndarray, n_out: int) -> np.ndarray:
    """g = -dE/do for sse (t - o) and mse (2 (t - o) / K); d = t - o."""
    return d if loss == "sse" else d * (2.0 / n_out)


def check_output(loss: str, activation: str, size: int) -> None:
    """Refuse an output layer that cannot learn: a bad loss pair or a one-unit softmax."""
    check_pair(loss, activation)
    if activation == "softmax" and size < 2:
        raise ValueError(ONE_UNIT_SOFTMAX)


def check_pair(loss: str, output_activation: str) -> None:
    """Refuse loss/output pairs that make no sense, with a message a student understands."""
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; choose one of {', '.join(LOSSES)}")
    if loss == "cross_entropy" and output_activation not in ("softmax", "sigmoid"):
        raise ValueError(
            "cross_entropy needs a softmax or sigmoid output layer "
            f"(the output layer is {output_activation})"
        )
