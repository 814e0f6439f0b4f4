"""A convolution layer with shared weights: F filters slide over C input maps.

Every output position i of map f uses the same weights w[f] (C x kernel) on the patch of the
input it covers (PyTorch's conv1d/conv2d: cross-correlation, stride s, p zeros of padding):

    forward:   z[f, i] = b[f] + sum_{c,a} w[f, c, a] x[c, s i + a - p]
    gradient:  G[f, c, a] = sum_batch sum_i delta[f, i] x[c, s i + a - p]   (the shared
               weight's change is the SUM of what every position asks for)
               G_b[f] = sum_batch sum_i delta[f, i]
    backward:  each input x[c, u] receives sum_{f, i, a: s i + a - p = u} w[f, c, a] delta[f, i]

Vectorised as im2col: one gather ``take(x, index)`` gives every example's patches as columns
(batch, C·k, positions), so that the forward pass, the gradient and the backward pass are one
matrix product each; the backward pass scatters each patch value's share back to the input
it was read from with one ``bincount`` (the adjoint of the gather). No Python loop runs over
examples or positions.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import numpy as np

from bpsim.engine.maps import patch_index
from bpsim.spec import conv_shape


class Conv:
    """The geometry of a conv layer on maps ``in_shape`` = (C, L) or (C, H, W)."""

    kind = "conv"

    def __init__(self, in_shape: Sequence[int], filters: int, kernel: Sequence[int],
                 stride: Sequence[int], padding: Sequence[int]) -> None:
        self.in_shape = tuple(int(v) for v in in_shape)
        self.kernel = tuple(int(v) for v in kernel)
        self.stride = tuple(int(v) for v in stride)
        self.padding = tuple(int(v) for v in padding)
        self.out_shape = conv_shape(self.in_shape, int(filters), self.kernel, self.stride,
                                    self.padding)
        self.filters = int(filters)
        self.n_in = int(np.prod(self.in_shape))
        self.n_out = int(np.prod(self.out_shape))
        self.positions = self.n_out // self.filters
        self.patch = self.in_shape[0] * int(np.prod(self.kernel))  # C·k: one patch
        self.weight_shape: tuple[int, ...] = (self.filters, self.in_shape[0], *self.kernel)
        self.n_biases = self.filters
        self.cost = self.filters * self.patch * self.positions
        self.index = patch_index(self.in_shape, self.kernel, self.stride, self.padding,
                                 self.out_shape[1:])
        self.index.setflags(write=False)
        self._padded = any(self.padding)
        self._width = self.n_in + 1 if self._padded else self.n_in  # with the zero slot
        self._memo: tuple[np.ndarray, np.ndarray] | None = None
        self._buffer: np.ndarray | None = None
        self._scatter: dict[int, np.ndarray] = {}

    def fresh(self) -> Conv:
        """The same geometry without this one's buffers (for another network)."""
        other = copy.copy(self)
        other._memo, other._buffer, other._scatter = None, None, {}
        return other

    def prepare(self, W: np.ndarray) -> np.ndarray:
        """The weights as one matrix (F, C·k), a view."""
        return W.reshape(self.filters, self.patch)

    def columns(self, o: np.ndarray) -> np.ndarray:
        """The patches of every example (batch, C·k, positions); the last forward's are
        reused while ``o`` is the same array."""
        memo = self._memo
        if memo is not None and memo[0] is o:
            return memo[1]
        x = o
        if self._padded:
            x = np.empty((len(o), self._width), o.dtype)
            x[:, : self.n_in] = o
            x[:, self.n_in] = 0.0
        cols = self._buffer
        if cols is None or cols.shape[0] != len(o) or cols.dtype != o.dtype:
            cols = self._buffer = np.empty((len(o), self.patch, self.positions), o.dtype)
        # into the layer's buffer (a new array per batch costs page faults: ~20 % of a step
        # of a 28x28 network); C order, which x[:, index] would not give
        np.take(x, self.index, axis=1, out=cols, mode="clip")  # (clip: no buffering)
        self._memo = (o, cols)
        return cols

    def forward(self, o: np.ndarray, Wm: np.ndarray, b: np.ndarray) -> np.ndarray:
        """z (batch, F·positions) in C order (filter, then position)."""
        z = np.matmul(Wm, self.columns(o))
        z += b[:, None]
        return z.reshape(len(o), self.n_out)

    def gradient(self, delta: np.ndarray, o: np.ndarray, GW: np.ndarray, Gb: np.ndarray
                 ) -> None:
        """GW[f] = sum over the batch and every position of delta[f, i] times the patch at i;
        Gb[f] = sum of delta[f, i]. Written in place."""
        d = delta.reshape(len(delta), self.filters, self.positions)
        cols = self.columns(o)
        np.sum(np.matmul(d, cols.transpose(0, 2, 1)), axis=0,
               out=GW.reshape(self.filters, self.patch))
        np.sum(d, axis=(0, 2), out=Gb)

    def backward(self, delta: np.ndarray, W: np.ndarray, o: np.ndarray) -> np.ndarray:
        """For every input value, the sum of w delta over the patches that read it
        (batch, n_in)."""
        n = len(delta)
        d = delta.reshape(n, self.filters, self.positions)
        shares = np.matmul(W.reshape(self.filters, self.patch).T, d)  # (batch, C·k, positions)
        back = np.bincount(self._scatter_index(n), weights=shares.ravel(),
                           minlength=n * self._width)
        back = back.reshape(n, self._width)[:, : self.n_in]
        return back.astype(delta.dtype, copy=False) if back.dtype != delta.dtype else back

    def _scatter_index(self, n: int) -> np.ndarray:
        """The gather index of a batch of n, offset to one flat array of n rows."""
        index = self._scatter.get(n)
        if index is None:
            offsets = np.arange(n, dtype=np.intp)[:, None, None] * self._width
            index = (self.index[None] + offsets).ravel()
            if len(self._scatter) >= 4:
                self._scatter.clear()
            self._scatter[n] = index
        return index
