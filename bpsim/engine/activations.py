"""Transfer functions f and their derivatives f', side by side.

Each activation computes ``o = f(z)`` (consuming z: it may be overwritten) and ``f'(z)`` from
the output o alone (the textbook form, e.g. sigmoid f' = o (1 - o); for the ReLU family the sign
of o is the sign of z). Arrays have shape (batch, units). ``softmax``
couples the units of a layer, so it has no elementwise derivative; the network handles it
(fused with cross-entropy: delta = t - o, otherwise through its Jacobian).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# exp(-z) would overflow below these net inputs; sigmoid is exactly 0.0 there anyway.
DEFAULT_SLOPE = 0.01

_EXP_LIMIT = {np.dtype(np.float64): 700.0, np.dtype(np.float32): 80.0}


def sigmoid(z: np.ndarray, slope: float = 0.0) -> np.ndarray:
    """f(z) = 1 / (1 + e^-z)."""
    o = np.negative(z, out=z)
    np.minimum(o, _EXP_LIMIT[o.dtype], out=o)
    np.exp(o, out=o)
    o += 1.0
    return np.reciprocal(o, out=o)


def sigmoid_prime(o: np.ndarray, slope: float = 0.0) -> np.ndarray:
    """f'(z) = f(z) (1 - f(z)) = o (1 - o)."""
    return o * (1.0 - o)


def tanh(z: np.ndarray, slope: float = 0.0) -> np.ndarray:
    """f(z) = tanh z."""
    return np.tanh(z, out=z)


def tanh_prime(o: np.ndarray, slope: float = 0.0) -> np.ndarray:
    """f'(z) = 1 - tanh^2 z = 1 - o^2."""
    d = o * o
    np.subtract(1.0, d, out=d)
    return d


def relu(z: np.ndarray, slope: float = 0.0) -> np.ndarray:
    """f(z) = max(0, z)."""
    return np.maximum(z, 0.0, out=z)


def relu_prime(o: np.ndarray, slope: float = 0.0) -> np.ndarray:
    """f'(z) = 1 if z > 0 else 0."""
    return (o > 0).astype(o.dtype)


def leaky_relu(z: np.ndarray, slope: float = 0.01) -> np.ndarray:
    """f(z) = z if z > 0 else slope * z (the seed's cure for vanishing gradients)."""
    return np.where(z > 0, z, slope * z)


def leaky_relu_prime(o: np.ndarray, slope: float = 0.01) -> np.ndarray:
    """f'(z) = 1 if z > 0 else slope."""
    return np.where(o > 0, 1.0, slope).astype(o.dtype, copy=False)


def linear(z: np.ndarray, slope: float = 0.0) -> np.ndarray:
    """f(z) = z."""
    return z


def linear_prime(o: np.ndarray, slope: float = 0.0) -> np.ndarray:
    """f'(z) = 1."""
    return np.ones_like(o)


def softmax(z: np.ndarray, slope: float = 0.0) -> np.ndarray:
    """f(z)_k = e^{z_k} / sum_j e^{z_j} (computed with max(z) subtracted)."""
    o = np.subtract(z, z.max(axis=1, keepdims=True), out=z)
    np.exp(o, out=o)
    o /= o.sum(axis=1, keepdims=True)
    return o


def softmax_backward(o: np.ndarray, g: np.ndarray) -> np.ndarray:
    """delta = J^T g for the softmax Jacobian J_jk = o_j (1[j=k] - o_k): o * (g - sum(g o))."""
    return o * (g - (g * o).sum(axis=1, keepdims=True))


@dataclass(frozen=True, slots=True)
class Activation:
    name: str
    f: Callable[..., np.ndarray]
    prime: Callable[..., np.ndarray] | None
    formula: str  # f'(z) written out, for the step-by-step display


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("sigmoid", sigmoid, sigmoid_prime, "o(1 - o)"),
        Activation("tanh", tanh, tanh_prime, "1 - o^2"),
        Activation("relu", relu, relu_prime, "1 if z > 0 else 0"),
        Activation("leaky_relu", leaky_relu, leaky_relu_prime, "1 if z > 0 else {slope}"),
        Activation("linear", linear, linear_prime, "1"),
        Activation("softmax", softmax, None, "o_k(1[k=j] - o_j)"),
    )
}


def get(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}") from None
