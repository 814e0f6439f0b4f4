"""Frozen messages between the GUI and the training child process (Qt-free, NumPy only).

Commands go GUI -> child through a pipe; the child drains them between training steps.
Snapshots go child -> GUI at most every ~40 ms while training, and always when training
pauses, stops, finishes or diverges (then ``final`` is True and ``finished`` carries the
document with the trained weights). ``generation`` increases with every :class:`Load`; the
GUI drops snapshots of older generations (for example after a reset).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bpsim.engine.guard import Divergence
from bpsim.spec import NetworkSpec

#: Percentiles of the weights sent with every snapshot (TensorBoard's bands).
PERCENTILES = (0.0, 7.0, 16.0, 31.0, 50.0, 69.0, 84.0, 93.0, 100.0)
HIST_BINS = 40  # divisible by 4: doubling the range merges bin pairs exactly


# -- commands ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Load:
    """Start over with ``spec`` (its weights, state and data); stops any run. ``pretrain``:
    first pre-train its hidden layers as autoencoders (``spec.pretraining``)."""

    generation: int
    spec: NetworkSpec
    base_dir: Path | None = None
    boundary_size: int = 60
    pretrain: bool = False


@dataclass(frozen=True, slots=True)
class Run:
    """Train until ``epochs`` more epochs are done (counted from the start of the run)."""


@dataclass(frozen=True, slots=True)
class Pause:
    """Stop training after the current step and send a final snapshot."""

    reason: str = "paused"


@dataclass(frozen=True, slots=True)
class StepBatch:
    """Present one mini-batch, then pause."""


@dataclass(frozen=True, slots=True)
class StepEpoch:
    """Train to the end of the current epoch, then pause."""


@dataclass(frozen=True, slots=True)
class SetTraining:
    """Change hyperparameters (``TrainingSpec`` fields); they apply from the next step."""

    changes: tuple[tuple[str, Any], ...]


@dataclass(frozen=True, slots=True)
class Quit:
    """End the child process."""


Command = Load | Run | Pause | StepBatch | StepEpoch | SetTraining | Quit


# -- snapshots --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True, eq=False)
class Snapshot:
    """The training state at one moment (every array is a read-only copy).

    loss_steps (n,) int64 and losses (n,) float64: every step's mini-batch loss since the
    previous snapshot. epoch_steps (m,) and epoch_rows (m, 5): the epochs finished since then,
    columns (train loss, validation loss, train accuracy, validation accuracy, learning rate)
    with NaN for "none". weights[l] (units, inputs) and biases[l] (units,) per non-input layer,
    or both empty: large networks send them a few times a second only (always when final).
    grad_norms[l] = ||dE/dW_l|| of the last step; grad_steps (g,) and grad_history (g, layers):
    the norms sampled every ~5 ms of training since the previous snapshot.
    hist_edges[l] (HIST_BINS + 1,) and hist_counts[l] (HIST_BINS,) of W_l;
    percentiles[l] (len(PERCENTILES),) of W_l. These three, and ``boundary``, are empty (None)
    in snapshots where they are not due: the child spends at most a few per cent of its time
    on them (large networks get them a few times a second; final snapshots always).
    boundary: network outputs over ``boundary_extent`` (x0, x1, y0, y1) of the raw inputs,
    (size, size, n_out) over the plane for 2-D inputs, (1, 4 size, n_out) for 1-D inputs.
    unit_maps: every hidden and output unit over the same plane, subsampled (2-D inputs and
    small networks only, else None): the canvas's pictures (see :class:`UnitMaps`).
    current_losses: (train loss, validation loss or NaN) of the weights now, in loaded and
    final snapshots. divergence: why and where a diverged run stopped (final snapshots).
    """

    generation: int
    seq: int
    step: int
    epoch: int
    learning_rate: float
    running: bool
    loss_steps: np.ndarray
    losses: np.ndarray
    epoch_steps: np.ndarray
    epoch_rows: np.ndarray
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    grad_norms: tuple[float, ...]
    hist_edges: tuple[np.ndarray, ...]
    hist_counts: tuple[np.ndarray, ...]
    percentiles: tuple[np.ndarray, ...]
    grad_steps: np.ndarray | None = None
    grad_history: np.ndarray | None = None
    boundary: np.ndarray | None = None
    boundary_extent: tuple[float, float, float, float] | None = None
    unit_maps: UnitMaps | None = None
    current_losses: tuple[float, float] | None = None
    divergence: Divergence | None = None
    final: bool = False
    reason: str = ""
    finished: NetworkSpec | None = field(default=None, repr=False)
    steps_in_run: int = 0
    epochs_in_run: int = 0

    @property
    def diverged(self) -> bool:
        return self.reason.startswith("diverged")


@dataclass(frozen=True, slots=True, eq=False)
class UnitMaps:
    """Every unit's output over the input plane, one byte per sample (small snapshots).

    ``codes[l - 1]`` (units of layer l, m, m) uint8, rows = x2 upwards; a layer's values
    are lo[l - 1] + code / 255 * (hi[l - 1] - lo[l - 1]) (NaN and infinities read as lo).
    """

    codes: tuple[np.ndarray, ...]
    lo: np.ndarray
    hi: np.ndarray

    @classmethod
    def encode(cls, layers: list[np.ndarray]) -> UnitMaps:
        codes, lo, hi = [], [], []
        for v in layers:
            finite = v[np.isfinite(v)]
            a, b = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)
            scale = 255.0 / (b - a) if b > a else 0.0
            with np.errstate(invalid="ignore"):
                q = np.nan_to_num((v - a) * scale, nan=0.0, posinf=255.0, neginf=0.0)
            codes.append(frozen(np.clip(q + 0.5, 0, 255), np.uint8))
            lo.append(a)
            hi.append(b)
        return cls(tuple(codes), frozen(lo, np.float64), frozen(hi, np.float64))

    def decode(self) -> list[np.ndarray]:
        """The values per layer, (units, m, m) float32."""
        return [(lo + c.astype(np.float32) * np.float32((hi - lo) / 255.0)).astype(np.float32)
                for c, lo, hi in zip(self.codes, self.lo, self.hi, strict=True)]


@dataclass(frozen=True, slots=True)
class Failed:
    """The child could not set up or train (bad data, sizes that do not fit): a message."""

    generation: int
    message: str


def frozen(a: np.ndarray, dtype: Any = None) -> np.ndarray:
    """A read-only copy of ``a``."""
    out = np.array(a, dtype=dtype, copy=True)
    out.setflags(write=False)
    return out
