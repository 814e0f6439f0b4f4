"""Weight initialisation (seed section 9). Every function takes the run's Generator.

uniform: w ~ U[-a, a] (the standard: small random numbers between -1 and 1, a = 1).
xavier_normal: w ~ N(0, sigma^2) with sigma = sqrt(2 / (N_in + N_out)) (the seed's formula).
xavier_uniform: w ~ U[-r, r] with r = sqrt(6 / (N_in + N_out)).
he_normal: w ~ N(0, 2 / N_in) (for ReLU layers).
``scale`` multiplies a (uniform) or sigma / r (the others). Biases start at 0 except for
``uniform``, which draws them like the weights (the seed treats a bias as a weight).
For a conv layer (weights F x C x kernel) N_in = C·kh·kw and N_out = F·kh·kw: the inputs one
output reads and the outputs one input feeds (PyTorch's fan_in and fan_out).
"""

from __future__ import annotations

import numpy as np

INITIALIZERS = ("uniform", "xavier_normal", "xavier_uniform", "he_normal")


def init_layer(
    kind: str, n_out: int, n_in: int, rng: np.random.Generator, scale: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Return (W of shape (n_out, n_in), b of shape (n_out,)) for a dense layer."""
    return init_weights(kind, (n_out, n_in), n_in, n_out, n_out, rng, scale)


def init_weights(kind: str, shape: tuple[int, ...], n_in: int, n_out: int, n_biases: int,
                 rng: np.random.Generator, scale: float = 1.0
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Return (W of ``shape``, b of shape (n_biases,)) with fan_in ``n_in`` and fan_out
    ``n_out``."""
    if kind == "uniform":
        return (
            rng.uniform(-scale, scale, size=shape),
            rng.uniform(-scale, scale, size=n_biases),
        )
    if kind == "xavier_normal":
        w = rng.normal(0.0, scale * np.sqrt(2.0 / (n_in + n_out)), size=shape)
    elif kind == "xavier_uniform":
        r = scale * np.sqrt(6.0 / (n_in + n_out))
        w = rng.uniform(-r, r, size=shape)
    elif kind == "he_normal":
        w = rng.normal(0.0, scale * np.sqrt(2.0 / n_in), size=shape)
    else:
        raise ValueError(
            f"unknown initialisation {kind!r}; choose one of {', '.join(INITIALIZERS)}")
    return w, np.zeros(n_biases)
