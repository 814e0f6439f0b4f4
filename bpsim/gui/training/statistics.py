"""Statistics the training child computes at snapshot time (Qt-free).

Histogram edges per layer are fixed while the weights stay inside them: symmetric
[-R, R] with R a power of two just above the largest |w| at the start, doubled whenever the
weights leave it. Doubling with a bin count divisible by 4 keeps old histograms comparable:
old bin i of n becomes new bin n/4 + i//2 (:func:`rebin_doubled`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from bpsim.engine.trainer import histogram
from bpsim.gui.training.messages import HIST_BINS, PERCENTILES, UnitMaps, frozen

MIN_RANGE = 2.0 ** -6
MAP_SIZE = 16  # per-unit maps: MAP_SIZE x MAP_SIZE samples of the boundary grid, one byte each
MAP_BYTES = 12_000  # ... fewer samples (at least 10 x 10) when the units would need more
MAX_MAP_UNITS = 256  # networks with more hidden and output units send no per-unit maps


def initial_range(w: np.ndarray) -> float:
    """The smallest power of two >= max |w| (at least MIN_RANGE; 1 for all-zero weights)."""
    top = float(np.max(np.abs(w))) if w.size else 0.0
    if not math.isfinite(top) or top <= 0.0:
        return 1.0
    return max(MIN_RANGE, 2.0 ** math.ceil(math.log2(top)))


class LayerEdges:
    """Fixed histogram edges per layer, doubled when the weights leave them."""

    def __init__(self, weights: Sequence[np.ndarray]) -> None:
        self.ranges = [initial_range(w) for w in weights]
        self._edges = [self._make(r) for r in self.ranges]

    @staticmethod
    def _make(r: float) -> np.ndarray:
        return frozen(np.linspace(-r, r, HIST_BINS + 1))

    def update(self, weights: Sequence[np.ndarray]) -> list[np.ndarray]:
        """The edges for the current weights (widened by doubling where needed)."""
        for l, w in enumerate(weights):
            top = float(np.max(np.abs(w))) if w.size else 0.0
            while math.isfinite(top) and top > self.ranges[l] and self.ranges[l] < 1e12:
                self.ranges[l] *= 2.0
                self._edges[l] = self._make(self.ranges[l])
        return list(self._edges)

    def counts(self, weights: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Counts of every layer's weights over its edges (bincount, not np.histogram)."""
        return [frozen(histogram(w, e), np.int64) for w, e in zip(weights, self._edges)]


def rebin_doubled(counts: np.ndarray) -> np.ndarray:
    """Counts over [-R, R] re-expressed over [-2R, 2R] with the same number of bins."""
    n = counts.shape[-1]
    out = np.zeros_like(counts)
    pairs = counts.reshape(*counts.shape[:-1], n // 2, 2).sum(axis=-1)
    out[..., n // 4: n // 4 + n // 2] = pairs
    return out


SAMPLE = 16384  # weights per layer the inner percentiles are estimated from


def percentiles(weights: Sequence[np.ndarray], sample: int = SAMPLE) -> list[np.ndarray]:
    """PERCENTILES of every layer's weights: (len(PERCENTILES),) per layer, interpolated
    linearly between the sorted values (NumPy's default method, at a tenth of the cost of
    np.percentile for the lessons' small layers).

    Layers with more than ``sample`` weights: the inner percentiles of a fixed, evenly spread
    subset of ``sample`` weights (off by about 1/sqrt(sample) = 1 % in rank), the minimum and
    the maximum of all of them; a 784x256 layer then costs 1 ms, not 15 ms, per snapshot.
    NaN for a layer without weights (max_pool).
    """
    q = np.asarray(PERCENTILES) / 100.0
    out = []
    for w in weights:
        flat = np.ravel(w)
        if flat.size == 0:  # a max_pool layer: no weights
            out.append(frozen(np.full(len(q), np.nan)))
            continue
        part = flat[:: flat.size // sample] if flat.size > sample else flat
        v = np.sort(part)
        pos = q * (len(v) - 1)
        lo = np.floor(pos).astype(np.int64)
        hi = np.minimum(lo + 1, len(v) - 1)
        p = v[lo] + (pos - lo) * (v[hi] - v[lo])
        if part is not flat:
            p[0], p[-1] = flat.min(), flat.max()
        out.append(frozen(p))
    return out


SQUARE_RATIO = 4.0  # spans closer than this share one scale (a square of the plane)


def plane_extent(X_raw: np.ndarray) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1) around the data with a 10 % margin. Two inputs whose spans are
    within SQUARE_RATIO of each other get a square of equal scales centred on the data (a
    true plane, the longer span filling it); one input or very unequal spans: each axis
    its own span (y0 = y1 = 0 for one input)."""
    X = np.asarray(X_raw, float)
    lo, hi = X.min(axis=0), X.max(axis=0)
    span = np.maximum(hi - lo, 1e-3)
    if X.shape[1] == 2 and span.max() / span.min() < SQUARE_RATIO:
        span = np.full(2, span.max())
    mid, half = (lo + hi) / 2, span * 0.6
    if X.shape[1] == 1:
        return float(mid[0] - half[0]), float(mid[0] + half[0]), 0.0, 0.0
    return (float(mid[0] - half[0]), float(mid[0] + half[0]), float(mid[1] - half[1]),
            float(mid[1] + half[1]))


class BoundaryGrid:
    """Where the network's output is sampled for the Decision boundary dock.

    2 inputs: a size x size grid over the raw input plane (row = x2, column = x1); 1 input:
    4 * size points along the raw input axis (the network's function). The extent is fitted
    to the data (:func:`plane_extent`), in raw (untransformed) coordinates, so that the data
    points can be drawn on top as they are; the network gets the transformed points.
    For 2 inputs the same forward pass gives every hidden and output unit's output over the
    plane (the canvas's per-unit maps), subsampled to MAP_SIZE x MAP_SIZE.
    """

    def __init__(self, X_raw: np.ndarray, transform, size: int, dtype: np.dtype) -> None:
        x0, x1, y0, y1 = plane_extent(X_raw)
        lo, hi = np.array([x0, y0]), np.array([x1, y1])
        if X_raw.shape[1] == 1:
            self.shape = (1, 4 * size)
            raw = np.linspace(lo[0], hi[0], 4 * size)[:, None]
            self.extent = (float(lo[0]), float(hi[0]), 0.0, 0.0)
        else:
            self.shape = (size, size)
            gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], size), np.linspace(lo[1], hi[1], size))
            raw = np.column_stack([gx.ravel(), gy.ravel()])
            self.extent = (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))
        self.X = np.ascontiguousarray(transform(raw), dtype)

    @classmethod
    def for_session(cls, session, size: int) -> BoundaryGrid | None:
        """The grid for a Session whose network has 1 or 2 inputs, else None."""
        if session.net.sizes[0] not in (1, 2) or size <= 1:
            return None
        prepared = session.prepared
        return cls(np.asarray(prepared.dataset.X), prepared.transform, size, session.net.dtype)

    def evaluate(self, net) -> tuple[np.ndarray, tuple[float, float, float, float],
                                     UnitMaps | None]:
        """((rows, columns, n_out) float32 outputs, extent (x0, x1, y0, y1), per-unit maps
        (MAP_SIZE x MAP_SIZE per unit) for 2 inputs and at most MAX_MAP_UNITS units, else
        None)."""
        with np.errstate(all="ignore"):
            outs = net.forward(self.X)[0]
        grid = frozen(outs[-1].reshape(*self.shape, -1), np.float32)
        return grid, self.extent, self._maps(outs)

    def _maps(self, outs: Sequence[np.ndarray]) -> UnitMaps | None:
        units = sum(o.shape[1] for o in outs[1:])
        if self.shape[0] == 1 or units > MAX_MAP_UNITS:
            return None
        m = max(10, min(MAP_SIZE, int((MAP_BYTES / units) ** 0.5)))
        sub = np.linspace(0, self.shape[0] - 1, m).round().astype(int)
        rows = np.ix_(sub, sub)
        return UnitMaps.encode([np.moveaxis(o.reshape(*self.shape, -1)[rows], -1, 0)
                                for o in outs[1:]])
