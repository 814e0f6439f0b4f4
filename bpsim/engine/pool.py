"""A max-pooling layer: each map is cut into windows (stride = window) and keeps each
window's largest value. It has no weights and no activation.

    forward:   o[c, i] = max over the window of x[c, window·i + a]
    backward:  the delta of o[c, i] goes, whole, to the input that was the maximum (the first
               one in row-major order on ties, as PyTorch), every other input gets 0

Vectorised on strided views: the maps, cut to whole windows, are viewed as (batch, C, out,
window, ...) without a copy, so that "the value at window offset a of every window" is one
view. The forward pass is an elementwise maximum over the window's offsets; the backward
pass walks the offsets in row-major order and gives each delta to the first offset that
holds the maximum. The loops run over the few window offsets (4 for 2x2), never over
examples or positions. ``index`` lists each window's inputs (for the Step explanations).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import numpy as np

from bpsim.engine.maps import window_index
from bpsim.spec import pool_shape


class MaxPool:
    """The geometry of a max_pool layer on maps ``in_shape`` = (C, L) or (C, H, W)."""

    kind = "max_pool"
    weight_shape: tuple[int, ...] = (0,)
    n_biases = 0

    def __init__(self, in_shape: Sequence[int], window: Sequence[int]) -> None:
        self.in_shape = tuple(int(v) for v in in_shape)
        self.window = tuple(int(v) for v in window)
        self.out_shape = pool_shape(self.in_shape, self.window)
        self.n_in = int(np.prod(self.in_shape))
        self.n_out = int(np.prod(self.out_shape))
        self.cost = self.n_out * int(np.prod(self.window))  # comparisons per example
        self.index = window_index(self.in_shape, self.window, self.out_shape[1:])
        self.index.setflags(write=False)
        out = self.out_shape[1:]
        self._crop = tuple(slice(0, n * w) for n, w in zip(out, self.window))
        self._split = tuple(v for n, w in zip(out, self.window) for v in (n, w))
        self._offsets = [(slice(None), slice(None))
                         + tuple(v for a in offset for v in (slice(None), a))
                         for offset in np.ndindex(*self.window)]
        self._memo: tuple[np.ndarray, np.ndarray] | None = None

    def fresh(self) -> MaxPool:
        """The same geometry without this one's memo (for another network)."""
        other = copy.copy(self)
        other._memo = None
        return other

    @staticmethod
    def prepare(W: np.ndarray) -> np.ndarray:
        return W

    def _windows(self, rows: np.ndarray) -> np.ndarray:
        """(batch, C, out_1, window_1, ...) view of (batch, values) rows, whole windows only."""
        maps = rows.reshape(len(rows), *self.in_shape)[(slice(None), slice(None), *self._crop)]
        return maps.reshape(len(rows), self.in_shape[0], *self._split)

    def _maxima(self, o: np.ndarray) -> np.ndarray:
        """Every window's maximum, (batch, C, *out); the last forward's while ``o`` is the
        same array."""
        memo = self._memo
        if memo is not None and memo[0] is o:
            return memo[1]
        windows = self._windows(o)
        best = windows[self._offsets[0]].copy()
        for sel in self._offsets[1:]:
            np.maximum(best, windows[sel], out=best)
        self._memo = (o, best)
        return best

    def forward(self, o: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The maxima (batch, n_out) in C order (channel, then position)."""
        return self._maxima(o).reshape(len(o), self.n_out)

    def backward(self, delta: np.ndarray, W: np.ndarray, o: np.ndarray) -> np.ndarray:
        """Each delta at its window's first maximum, 0 elsewhere (batch, n_in)."""
        best = self._maxima(o)
        d = delta.reshape(best.shape)
        back = np.zeros((len(delta), self.n_in), delta.dtype)
        windows, targets = self._windows(o), self._windows(back)
        open_ = np.ones(best.shape, dtype=bool)  # windows whose delta is still to place
        hit = np.empty(best.shape, dtype=bool)
        for sel in self._offsets:  # each offset's view covers other inputs: written once
            np.equal(windows[sel], best, out=hit)
            hit &= open_
            np.multiply(d, hit, out=targets[sel])  # (3x faster than copyto with where=)
            open_ &= ~hit
        return back

    def winners(self, o: np.ndarray) -> np.ndarray:
        """For every example and output, the input index of its window's first maximum
        (batch, n_out) (for explanations and tests)."""
        arg = np.take(o, self.index, axis=1).argmax(axis=2)
        return self.index[np.arange(self.n_out)[None, :], arg]

    @staticmethod
    def gradient(delta: np.ndarray, o: np.ndarray, GW: np.ndarray, Gb: np.ndarray) -> None:
        """No parameters."""
