"""A max-pooling layer: each map is cut into windows (stride = window) and keeps each
window's largest value. It has no weights and no activation.

    forward:   o[c, i] = max over the window of x[c, window·i + a]
    backward:  the delta of o[c, i] goes, whole, to the input that was the maximum (the first
               one in row-major order on ties, as PyTorch), every other input gets 0

Vectorised: one gather ``take(x, index)`` gives every window as a row (batch, outputs,
window); one ``argmax`` finds every winner at once, and in the backward pass each delta is
written to its winner with one ``put_along_axis`` (windows do not overlap).
"""

from __future__ import annotations

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
        self._outputs = np.arange(self.n_out)[None, :]
        self._memo: tuple[np.ndarray, np.ndarray] | None = None

    @staticmethod
    def prepare(W: np.ndarray) -> np.ndarray:
        return W

    def winners(self, o: np.ndarray) -> np.ndarray:
        """For every example and output, the input index of its window's maximum (the first
        one in row-major order on ties), (batch, n_out); the last forward's while ``o`` is
        the same array."""
        memo = self._memo
        if memo is not None and memo[0] is o:
            return memo[1]
        return self._pool(o)[1]

    def _pool(self, o: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        windows = np.take(o, self.index, axis=1)     # C order (o[:, index] would not be)
        arg = windows.argmax(axis=2)                 # (argmax and take_along_axis are far
        out = np.take_along_axis(windows, arg[:, :, None], axis=2)[:, :, 0]  # faster than
        won = self.index[self._outputs, arg]         # max over a short last axis)
        self._memo = (o, won)
        return out, won

    def forward(self, o: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The maxima (batch, n_out) in C order (channel, then position)."""
        return self._pool(o)[0]

    def backward(self, delta: np.ndarray, W: np.ndarray, o: np.ndarray) -> np.ndarray:
        """Each delta at its window's maximum, 0 elsewhere (batch, n_in)."""
        back = np.zeros((len(delta), self.n_in), delta.dtype)
        np.put_along_axis(back, self.winners(o), delta, axis=1)
        return back

    @staticmethod
    def gradient(delta: np.ndarray, o: np.ndarray, GW: np.ndarray, Gb: np.ndarray) -> None:
        """No parameters."""
