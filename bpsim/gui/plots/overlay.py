"""Other runs' curves over a live plot (the Runs panel's ticked runs).

:class:`RunOverlay` draws, for each run, some columns of its per-epoch rows
(:class:`~bpsim.gui.runs.record.RunCurves`) in the run's colour: the first column solid, the
second dashed (train and validation). Each curve is handed at most one point per pixel column
(the mean of the column, :func:`~bpsim.gui.plots.series.decimate`), so a redraw costs the same
whatever the length of the runs; a window keeps at most ``MAX_RUNS`` runs.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from bpsim.gui.plots.base import WIDE_SMOOTH
from bpsim.gui.plots.series import decimate

SMOOTH_RUNS = 3  # up to this many runs are antialiased (7 runs: ~11 ms a paint, else ~5)


def run_pen(color: str, dashed: bool = False, width: float = 2.0):
    """The pen of a run's curve: solid for training, dashed for validation."""
    style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
    cap = Qt.PenCapStyle.FlatCap if dashed else Qt.PenCapStyle.RoundCap
    return pg.mkPen(color, width=width, style=style, capStyle=cap)


class RunOverlay:
    """Curves of several runs on one plot; see the module docstring."""

    def __init__(self, plot: pg.PlotItem, columns: tuple[int, ...]) -> None:
        self.plot = plot
        self.columns = columns
        self.runs: list = []
        self.curves: list[list[pg.PlotDataItem]] = []
        self._drawn: dict[int, tuple] = {}  # curve -> what it shows (unchanged: not redrawn)

    def set_runs(self, runs: list) -> None:
        """Draw these runs (their colours may have changed: the curves are made again)."""
        for curves in self.curves:
            for curve in curves:
                self.plot.removeItem(curve)
        self.runs = list(runs)
        self.curves = []
        self._drawn = {}
        for run in self.runs:
            curves = []
            for k, _col in enumerate(self.columns):
                curve = self.plot.plot(pen=run_pen(run.color, dashed=k > 0))
                curve.curve.setSegmentedLineMode("on")
                curves.append(curve)
            self.curves.append(curves)

    def redraw(self, bins: int, log: bool = False) -> tuple[float, list[np.ndarray]]:
        """Hand each curve its points; (the largest step drawn, the values drawn). A curve
        whose run has no new epoch since it was drawn (a finished run) is left as it is."""
        last, values = 0.0, []
        for run, curves in zip(self.runs, self.curves):
            x, rows = run.curves.x, run.curves.rows
            shown = (len(x), run.curves.epochs, min(bins, WIDE_SMOOTH), log)
            for curve, col in zip(curves, self.columns):
                y = rows[:, col]
                if log:
                    y = np.where(y > 0, y, np.nan)
                values.append(y)
                if self._drawn.get(id(curve)) != shown:
                    self._drawn[id(curve)] = shown
                    curve.setData(*decimate(x, y, shown[2], mean=True),
                                  antialias=len(self.runs) <= SMOOTH_RUNS)
            if len(x):
                last = max(last, float(x[-1]))
        return last, values

