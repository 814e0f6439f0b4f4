"""Where conv and max_pool layers read: flat indices into maps stored as C-order rows.

A layer's input for one example is a row of C·L or C·H·W numbers (channel, then row, then
column). A conv layer reads, for every output position, a patch of C x kernel numbers; a
max_pool layer reads, for every output value, a window of one channel. Both are gathered with
one ``np.take(rows, index, axis=1)`` whose index array is built here once per layer, so that
strides, padding and 1-D or 2-D maps are all the same code in the layers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _axis(values: np.ndarray, axis: int, ndim: int) -> np.ndarray:
    """``values`` shaped to broadcast along ``axis`` of an ``ndim``-axis grid."""
    shape = [1] * ndim
    shape[axis] = len(values)
    return values.reshape(shape)


def patch_index(in_shape: Sequence[int], kernel: Sequence[int], stride: Sequence[int],
                padding: Sequence[int], out_spatial: Sequence[int]) -> np.ndarray:
    """(C·prod(kernel), prod(out_spatial)) indices: entry [(c, a), i] is where channel c at
    kernel offset a of output position i is read, u = stride·i + a - padding on each axis.
    Positions in the padding get index C·prod(spatial) (one past the row: a zero slot).
    Rows are in the order of ``weights[f].ravel()`` (channel, then kernel offsets), columns
    in C order of the output positions."""
    C, spatial = int(in_shape[0]), tuple(int(v) for v in in_shape[1:])
    n = len(spatial)
    ndim = 1 + 2 * n  # grid axes: channel, kernel offsets, output positions
    flat = _axis(np.arange(C, dtype=np.intp), 0, ndim)
    valid = np.ones((1,) * ndim, dtype=bool)
    for d in range(n):
        a = _axis(np.arange(kernel[d], dtype=np.intp), 1 + d, ndim)
        i = _axis(np.arange(out_spatial[d], dtype=np.intp), 1 + n + d, ndim)
        u = stride[d] * i + a - padding[d]
        valid = valid & (u >= 0) & (u < spatial[d])
        flat = flat * spatial[d] + u
    flat = np.where(valid, flat, C * int(np.prod(spatial)))
    return np.ascontiguousarray(flat.reshape(C * int(np.prod(kernel)), -1))


def window_index(in_shape: Sequence[int], window: Sequence[int],
                 out_spatial: Sequence[int]) -> np.ndarray:
    """(C·prod(out_spatial), prod(window)) indices: row (c, i) lists the input values of
    output value (c, i) in row-major order of its window (u = window·i + a on each axis)."""
    C, spatial = int(in_shape[0]), tuple(int(v) for v in in_shape[1:])
    n = len(spatial)
    ndim = 1 + 2 * n  # grid axes: channel, output positions, window offsets
    flat = _axis(np.arange(C, dtype=np.intp), 0, ndim)
    for d in range(n):
        i = _axis(np.arange(out_spatial[d], dtype=np.intp), 1 + d, ndim)
        a = _axis(np.arange(window[d], dtype=np.intp), 1 + n + d, ndim)
        flat = flat * spatial[d] + (window[d] * i + a)
    return np.ascontiguousarray(flat.reshape(C * int(np.prod(out_spatial)), -1))
