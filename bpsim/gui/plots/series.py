"""Bounded growing buffers for live plots, and what is drawn from them (NumPy only).

:class:`MinMaxSeries` keeps a per-step curve in at most ``capacity`` points: raw values while
they fit; when full, every group of 4 points becomes 2 (its min and max) and later values
arrive pre-reduced the same way, so spikes stay visible and memory stays bounded for any run
length. :class:`SampledSeries` keeps rows of snapshot-rate samples (several columns) and,
when full, keeps every other row and from then on every other sample.

Drawing cost must not grow with the run: :func:`decimate` reduces a stored curve to at most
two points per pixel column (min and max of each column), so a redraw costs the same after
10^3 or 10^6 steps. :class:`Smoother` is the exponential moving average of the per-step loss
(the curve a student reads; the raw losses of single examples spread over decades).
"""

from __future__ import annotations

import numpy as np


class MinMaxSeries:
    """(x, y) pairs with min/max decimation; see the module docstring."""

    def __init__(self, capacity: int = 20000) -> None:
        self.capacity = max(8, capacity - capacity % 4)
        self.clear()

    def clear(self) -> None:
        self._x = np.empty(self.capacity)
        self._y = np.empty(self.capacity)
        self._n = 0
        self.per = 1  # steps per stored point
        self._px = np.empty(0)
        self._py = np.empty(0)

    def __len__(self) -> int:
        return self._n

    @property
    def x(self) -> np.ndarray:
        return self._x[: self._n]

    @property
    def y(self) -> np.ndarray:
        return self._y[: self._n]

    def extend(self, x: np.ndarray, y: np.ndarray) -> None:
        """Append raw per-step values (x increasing)."""
        if len(x) == 0:
            return
        x = np.concatenate([self._px, np.asarray(x, float)])
        y = np.concatenate([self._py, np.asarray(y, float)])
        group = 1 if self.per == 1 else 2 * self.per
        full = len(x) - len(x) % group
        self._px, self._py = x[full:], y[full:]
        x, y = (x[:full], y[:full]) if group == 1 else _reduce(x[:full], y[:full], group)
        while len(x):
            if self._n == self.capacity:
                self._compress()
                n4 = len(x) - len(x) % 4  # the rest was reduced at the old resolution
                if n4:
                    rx, ry = _reduce(x[:n4], y[:n4], 4)
                    x, y = np.concatenate([rx, x[n4:]]), np.concatenate([ry, y[n4:]])
            take = min(self.capacity - self._n, len(x))
            self._x[self._n: self._n + take] = x[:take]
            self._y[self._n: self._n + take] = y[:take]
            self._n += take
            x, y = x[take:], y[take:]

    def _compress(self) -> None:
        """Halve the stored points (groups of 4 -> min and max); double ``per``."""
        n = self._n - self._n % 4
        rx, ry = _reduce(self._x[:n], self._y[:n], 4)
        tail = slice(n, self._n)
        tx, ty = self._x[tail].copy(), self._y[tail].copy()
        m = len(rx)
        self._x[:m], self._y[:m] = rx, ry
        self._x[m: m + len(tx)], self._y[m: m + len(ty)] = tx, ty
        self._n = m + len(tx)
        self.per *= 2


def _reduce(x: np.ndarray, y: np.ndarray, group: int) -> tuple[np.ndarray, np.ndarray]:
    """Every ``group`` consecutive points -> 2 points: (first x, min), (middle x, max)."""
    gx = x.reshape(-1, group)
    gy = y.reshape(-1, group)
    out_x = np.empty(2 * len(gx))
    out_y = np.empty(2 * len(gx))
    out_x[0::2], out_x[1::2] = gx[:, 0], gx[:, group // 2]
    with np.errstate(all="ignore"):
        out_y[0::2], out_y[1::2] = np.nanmin(gy, axis=1), np.nanmax(gy, axis=1)
    return out_x, out_y


class SampledSeries:
    """Rows of ``columns`` values at increasing x, at most ``capacity`` rows."""

    def __init__(self, columns: int, capacity: int = 4096) -> None:
        self.columns = columns
        self.capacity = max(4, capacity - capacity % 2)
        self.clear()

    def clear(self) -> None:
        self._x = np.empty(self.capacity)
        self._rows = np.full((self.capacity, self.columns), np.nan)
        self._n = 0
        self.stride = 1
        self._skip = 0

    def __len__(self) -> int:
        return self._n

    @property
    def x(self) -> np.ndarray:
        return self._x[: self._n]

    @property
    def rows(self) -> np.ndarray:
        return self._rows[: self._n]

    def extend(self, xs, rows) -> None:
        """Append several rows (one :meth:`append` each)."""
        for x, row in zip(xs, rows):
            self.append(float(x), row)

    def append(self, x: float, row) -> None:
        self._skip = (self._skip + 1) % self.stride
        if self._skip:
            return
        if self._n == self.capacity:
            half = self._n // 2
            self._x[:half] = self._x[0: self._n: 2]
            self._rows[:half] = self._rows[0: self._n: 2]
            self._n = half
            self.stride *= 2
        self._x[self._n] = x
        self._rows[self._n] = row
        self._n += 1


def decimate(x: np.ndarray, y: np.ndarray, bins: int, mean: bool = False
             ) -> tuple[np.ndarray, np.ndarray]:
    """At most 2 ``bins`` points of the finite (x, y) (x increasing): where there are more,
    the x range is cut into ``bins`` equal columns and each keeps its minimum and its
    maximum (in x order), so the drawn curve has the same envelope as all the points.
    ``mean``: each column keeps its mean instead (one point; a trend, not an envelope)."""
    ok = np.isfinite(y) & np.isfinite(x)
    if not ok.all():
        x, y = x[ok], y[ok]
    if len(x) <= 2 * bins or bins < 1:
        return x, y
    lo, hi = float(x[0]), float(x[-1])
    col = ((x - lo) * (bins / max(hi - lo, 1e-300))).astype(np.int64)
    np.minimum(col, bins - 1, out=col)
    starts = np.flatnonzero(np.diff(col, prepend=-1))
    if mean:
        counts = np.diff(np.append(starts, len(x)))
        return (np.add.reduceat(x, starts) / counts, np.add.reduceat(y, starts) / counts)
    ymin = np.minimum.reduceat(y, starts)
    ymax = np.maximum.reduceat(y, starts)
    ends = np.append(starts[1:], len(x)) - 1
    out_x = np.empty(2 * len(starts))
    out_y = np.empty(2 * len(starts))
    out_x[0::2], out_x[1::2] = x[starts], x[ends]
    # the extreme that comes first in the column is drawn first: min first is near enough
    out_y[0::2], out_y[1::2] = ymin, ymax
    return out_x, out_y


class Smoother:
    """Exponential moving average y_k = a y_(k-1) + (1 - a) x_k with ``span`` = 1 / (1 - a),
    debiased at the start (divided by 1 - a^k, as in Adam), across calls."""

    def __init__(self, span: float = 20.0) -> None:
        self.set_span(span)
        self.clear()

    def set_span(self, span: float) -> None:
        self.a = 1.0 - 1.0 / max(1.0, span)

    def clear(self) -> None:
        self._m = 0.0  # the biased average
        self._k = 0  # values seen

    def __call__(self, values: np.ndarray) -> np.ndarray:
        """The smoothed values for ``values`` (continuing from the previous call)."""
        values = np.asarray(values, float)
        out = np.empty(len(values))
        a, m, k = self.a, self._m, self._k
        for start in range(0, len(values), 256):  # a**-j stays far from overflow
            chunk = values[start: start + 256]
            j = np.arange(1, len(chunk) + 1)
            w = a ** -j.astype(float)
            finite = np.where(np.isfinite(chunk), chunk, 0.0)
            acc = m + (1.0 - a) * np.cumsum(finite * w)
            biased = acc * a ** j.astype(float)
            debias = 1.0 - a ** (k + j).astype(float)
            out[start: start + len(chunk)] = biased / np.maximum(debias, 1e-300)
            m, k = float(biased[-1]), k + len(chunk)
        self._m, self._k = m, k
        return out
