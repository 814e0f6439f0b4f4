"""Sequences for convolution: a motif to be found wherever it is (the lecture's §10).

``motif``: each example is a noisy sequence of ``length`` values holding, at one random
position, either the motif (+1, -1, +1) (class "motif", target 1) or its mirror image
(-1, +1, -1) (class "decoy", target 0); the noise is Gaussian with std ``noise``. The motif
never starts at the last ``held_out`` positions in training: those examples are the data
set's own validation part (see :class:`~bpsim.data.dataset.Dataset`), so a network is
validated on positions it has never seen the motif at. Weight sharing makes a conv layer's
filter find it there too; a dense layer has no trained weights for those positions.
"""

from __future__ import annotations

import numpy as np

from bpsim.data.dataset import DataError, Dataset
from bpsim.data.params import check_float, check_int, check_seed, keyword_params

MOTIF = np.array([1.0, -1.0, 1.0])
MAX_LENGTH = 10_000


@keyword_params("motif")
def motif(*, samples: int = 400, length: int = 16, noise: float = 0.2, held_out: int = 4,
          seed: int = 0) -> Dataset:
    """X (samples, length), T (samples, 1); validation = the examples whose motif or decoy
    starts at one of the last ``held_out`` of the length - 2 positions."""
    samples = check_int("motif", "samples", samples, 2, 1_000_000)
    length = check_int("motif", "length", length, len(MOTIF) + 1, MAX_LENGTH)
    noise = check_float("motif", "noise", noise, 0.0, 10.0)
    starts = length - len(MOTIF) + 1
    held_out = check_int("motif", "held_out", held_out, 0, starts - 1)
    rng = np.random.default_rng(check_seed("motif", seed))
    where = rng.integers(0, starts, samples)
    label = rng.integers(0, 2, samples)
    X = rng.normal(0.0, noise, (samples, length))
    cols = where[:, None] + np.arange(len(MOTIF))
    np.add.at(X, (np.arange(samples)[:, None], cols), np.where(label[:, None] == 1, MOTIF, -MOTIF))
    validation = np.flatnonzero(where >= starts - held_out) if held_out else None
    if validation is not None and len(validation) in (0, samples):
        raise DataError("motif: the held-out positions leave no training or no validation "
                        "examples; use more samples")
    names = tuple(f"x{i + 1}" for i in range(length))
    description = (f"{samples} noisy sequences of {length} values with the motif (+1, -1, +1) "
                   "or its mirror image at one position; the last "
                   f"{held_out} positions are held out for validation")
    return Dataset(X, label[:, None].astype(np.float64), "motif", names, ("decoy", "motif"),
                   description, validation)
