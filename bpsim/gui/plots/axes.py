"""Axes with a bounded number of readable ticks, whatever the range (linear and log).

pyqtgraph's own ticks add minor levels and, on a log axis, every 2..9 of every decade: a loss
axis spanning 300 decades stacked ~90 labels. :class:`BoundedAxis` labels at most
``MAX_LABELS`` ticks on one level: 1, 2, 2.5 or 5 times a power of ten on a linear axis,
decades (every k-th over long ranges; 2 and 5 between them over short ones) on a log axis.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

MAX_LABELS = 10
EDGE_ROOM = 8  # pixels a label may reach past the end of its axis
_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)


def linear_ticks(lo: float, hi: float, most: int = MAX_LABELS) -> tuple[float, list[float]]:
    """(spacing, values) of at most ``most`` round ticks within [lo, hi]."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo or most < 1:
        return 1.0, []
    raw = (hi - lo) / max(most - 1, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    for m in _STEPS:
        spacing = m * power
        first = math.ceil(lo / spacing - 1e-9)
        last = math.floor(hi / spacing + 1e-9)
        if last - first + 1 <= most:
            break
    return spacing, [k * spacing for k in range(first, last + 1)]


def log_ticks(lo: float, hi: float, most: int = MAX_LABELS) -> list[float]:
    """Tick positions in log10 units within [lo, hi] (log10 units): decades, every k-th one
    when there are more than ``most``; 2 and 5 between decades over less than two."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return []
    a, b = math.ceil(lo - 1e-9), math.floor(hi + 1e-9)
    n = b - a + 1
    if n < 3:
        values = [k + math.log10(m) for k in range(a - 1, b + 1) for m in (1, 2, 5)]
        values = [v for v in values if lo - 1e-9 <= v <= hi + 1e-9]
        if len(values) > most:  # spread over the range, not the lowest ones
            values = values[::math.ceil(len(values) / most)]
        if len(values) >= 2:
            return values
        _, lin = linear_ticks(10.0 ** lo, 10.0 ** hi, most)
        return [math.log10(v) for v in lin if v > 0]
    step = max(1, math.ceil(n / most))
    return [float(k) for k in range(a, b + 1) if k % step == 0]


def tick_text(value: float, spacing: float) -> str:
    """A short label for a linear tick (as many decimals as the spacing needs)."""
    if value == 0:
        return "0"
    big = abs(value)
    if big >= 1e6:
        return f"{value / 1e6:g}M"
    if big >= 1e4 and spacing >= 100:
        return f"{value / 1e3:g}k"
    if big < 1e-3 or spacing < 1e-4:
        return f"{value:.2g}"
    decimals = next((d for d in range(8) if abs(round(spacing, d) - spacing) < 1e-9 * spacing),
                    8)  # as many as the spacing has: 0.25 -> 2
    return f"{value:.{decimals}f}".replace("-", "−")


def log_text(exponent: float) -> str:
    """A label for the tick at 10**exponent."""
    v = 10.0 ** exponent
    if 1e-4 <= v < 1e5:
        return f"{v:.4g}"
    return f"1e{round(exponent)}" if abs(exponent - round(exponent)) < 1e-6 else f"{v:.1g}"


class BoundedAxis(pg.AxisItem):
    """An AxisItem with at most MAX_LABELS labelled ticks (see the module docstring)."""

    def __init__(self, orientation: str, **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self.enableAutoSIPrefix(False)  # "(x0.001)" labels confuse more than they help

    def boundingRect(self):  # noqa: N802 - Qt override
        """A little room past the ends, so that the labels of ticks on the plot's edges (the
        accuracy's 0 and 1) are drawn: with a grid, pyqtgraph allows none and drops them."""
        rect = super().boundingRect()
        if self.orientation in ("left", "right"):
            return rect.adjusted(0, -EDGE_ROOM, 0, EDGE_ROOM)
        return rect  # a label past a horizontal axis's end would be cut by the widget

    def _most(self, size: float) -> int:
        per = 60.0 if self.orientation in ("top", "bottom") else 20.0  # pixels per label
        return max(2, min(MAX_LABELS, int(size / per)))  # a low plot: its two ends

    def tickValues(self, minVal: float, maxVal: float, size: float):  # noqa: N802, N803
        if self._tickLevels is not None:  # explicit ticks (setTicks)
            return super().tickValues(minVal, maxVal, size)
        lo, hi = sorted((minVal, maxVal))
        most = self._most(size)
        if self.logMode:
            values = log_ticks(lo, hi, most)
            spacing = values[1] - values[0] if len(values) > 1 else 1.0
            return [(spacing, values)]
        spacing, values = linear_ticks(lo, hi, most)
        return [(spacing, values)]

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        if self._tickLevels is not None:
            return super().tickStrings(values, scale, spacing)
        if self.logMode:
            return [log_text(v) for v in values]
        return [tick_text(v, spacing) for v in values]


def bounded_axes() -> dict[str, BoundedAxis]:
    """axisItems for :meth:`pyqtgraph.GraphicsLayout.addPlot`."""
    return {"left": BoundedAxis("left"), "bottom": BoundedAxis("bottom")}


def nice_ceil(value: float) -> float:
    """The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten >= value: an
    axis end that changes rarely while a run grows (its ticks are then not rebuilt)."""
    if not math.isfinite(value) or value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for m in (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if m * power >= value * (1 - 1e-12):
            return m * power
    return 10.0 * power


def finite_range(values: np.ndarray, positive: bool = False) -> tuple[float, float] | None:
    """(min, max) of the finite (and, with ``positive``, > 0) values, or None."""
    v = values[np.isfinite(values)]
    if positive:
        v = v[v > 0]
    if not len(v):
        return None
    return float(v.min()), float(v.max())


class SteadyRange:
    """Sets a plot's y (or x) range only when the data leaves it or fills too little of it,
    on round ends (half decades on a log axis), so the axis is not rebuilt on every redraw."""

    def __init__(self, plot: pg.PlotItem, log_grid: float = 0.5, axis: str = "y") -> None:
        self.plot = plot
        self.log_grid = log_grid
        self._set = plot.setXRange if axis == "x" else plot.setYRange
        self.current: tuple[float, float, bool] | None = None

    def clear(self) -> None:
        self.current = None

    def update(self, values: np.ndarray, log: bool, floor_zero: bool = True) -> None:
        found = finite_range(np.asarray(values, float).ravel(), positive=log)
        if found is None:
            return
        lo, hi = found
        if log:
            g = self.log_grid
            a, b = math.floor(math.log10(lo) / g) * g, math.ceil(math.log10(hi) / g) * g
            want = (a, max(b, a + g))
        else:
            top = nice_ceil(hi) if hi > 0 else 0.0
            bottom = -nice_ceil(-lo) if lo < 0 else 0.0
            if not floor_zero and lo > 0:
                bottom = lo
            if top <= bottom:
                top = bottom + 1.0
            want = (bottom, top)
        old = self.current
        if old is not None and old[2] == log and old[0] <= want[0] and want[1] <= old[1]:
            fill = (want[1] - want[0]) / max(old[1] - old[0], 1e-300)
            if fill > (0.5 if log else 1 / 3):
                return
        self.current = (float(want[0]), float(want[1]), log)
        self._set(want[0], want[1], padding=0.03)


class GrowingX:
    """An x axis from 0 to a round end >= the last step (changes rarely while a run grows)."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.end = 0.0

    def clear(self) -> None:
        self.end = 0.0

    def update(self, last: float) -> None:
        end = nice_ceil(max(last, 10.0))
        if end != self.end:
            self.end = end
            self.plot.setXRange(0.0, end, padding=0.02)
