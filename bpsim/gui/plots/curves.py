"""Snapshot-rate curves: per-layer gradient norms (log axis) and the learning rate.

Both draw at most two points per pixel column (:func:`decimate`) and move their axes only
when the data leaves them, so a redraw costs the same late in a run as early.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from bpsim.gui.plots.axes import GrowingX, SteadyRange
from bpsim.gui.plots.base import (
    DASH,
    LINE,
    PlotDock,
    add_curve,
    layer_color,
    layer_name,
    new_plot,
    set_points,
)
from bpsim.gui.plots.overlay import RunOverlay, run_pen
from bpsim.gui.plots.series import SampledSeries, decimate
from bpsim.spec import NetworkSpec


class GradientNormDock(PlotDock):
    """||dE/dW_l|| of every layer over steps, log y, one colour per layer with a legend.

    Vanishing gradients show as layers orders of magnitude apart (sigmoid deep nets).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Gradient norms"), "GradientNormDock", parent)
        hint = QLabel(self.tr("||dE/dW|| per layer of the last mini-batch (log scale)"), self)
        self.controls.addWidget(hint)
        self.finish_controls()
        self.plot = new_plot(self.graphics, 0, 0, self.tr("||dE/dW||"))
        self.plot.setLogMode(False, True)
        self.curves: list[pg.PlotDataItem] = []
        self.series = SampledSeries(1, capacity=8192)
        self.x_axis = GrowingX(self.plot)
        self.y_axis = SteadyRange(self.plot)
        self.others: list = []  # runs of the Runs panel: every layer in the run's colour
        self.run_curves: list[list[pg.PlotDataItem]] = []
        self._drawn: dict[int, tuple] = {}
        self.show_hint(self._hint_text())

    def set_runs(self, live, others: list) -> None:
        """Overlay the gradient norms of ``others``: each run's layers in its colour (its
        curves are made when its first norms arrive)."""
        for curves in self.run_curves:
            for curve in curves:
                self.plot.removeItem(curve)
        self.others = list(others)
        self.run_curves, self._drawn = [[] for _ in self.others], {}
        self._legend()
        self.dirty = True

    def _legend(self) -> None:
        n = len(self.curves)
        entries = [(layer_color(l), LINE, layer_name(l, n)) for l in range(n)]
        entries += [(run.color, DASH, run.name) for run in self.others]
        self.set_legend(entries)

    def _hint_text(self) -> str:
        return self.tr("No training yet. The size of every layer's gradient appears here "
                       "when training starts: layers far apart mean vanishing gradients.")

    def set_context(self, spec: NetworkSpec, prepared: object | None) -> None:
        n = len(spec.layers) - 1
        if n == len(self.curves):
            return
        for curve in self.curves:
            self.plot.removeItem(curve)
        self.curves = [add_curve(self.plot, layer_color(l)) for l in range(n)]
        self.retranslate()
        self.series = SampledSeries(n, capacity=8192)
        self.dirty = True

    def retranslate(self) -> None:
        self._legend()

    def reset(self) -> None:
        self.series.clear()
        self.x_axis.clear()
        self.y_axis.clear()
        self.dirty = True

    def add(self, snap) -> None:
        history = snap.grad_history
        if history is None or history.shape[1] != self.series.columns:
            return
        self.series.extend(snap.grad_steps, history)  # sampled every few ms of training
        self.dirty = self.dirty or len(history) > 0

    def redraw(self) -> None:
        x, rows = self.series.x, self.series.rows
        empty = len(x) == 0 and not self.others
        self.show_hint(self._hint_text() if empty else None)
        if empty:
            return
        # many layers: fewer points per curve (each is antialiased)
        bins = max(40, int(self.plot.vb.width() / (1 if len(self.curves) <= 3 else 3)))
        for l, curve in enumerate(self.curves):
            y = rows[:, l]
            curve.setData(*decimate(x, np.where(y > 0, y, np.nan), bins))
        last, values = self._redraw_runs(max(40, bins // 2))
        self.x_axis.update(max(float(x[-1]) if len(x) else 0.0, last))
        self.y_axis.update(np.concatenate([rows.ravel(), *values]), log=True)

    def _redraw_runs(self, bins: int) -> tuple[float, list[np.ndarray]]:
        """The other runs' curves (a run without new samples is left as drawn)."""
        last, values = 0.0, []
        for run, curves in zip(self.others, self.run_curves):
            g = run.curves.grads
            if g is None:
                continue
            if len(curves) != g.columns:
                for curve in curves:
                    self.plot.removeItem(curve)
                pen = pg.mkPen(run.color, width=1, style=Qt.PenStyle.DashLine)
                curves[:] = [self.plot.plot(pen=pen, antialias=False) for _ in range(g.columns)]
            shown = (len(g), g.x[-1] if len(g) else 0.0, bins)
            for l, curve in enumerate(curves):
                y = g.rows[:, l]
                values.append(y)
                if self._drawn.get(id(curve)) != shown:
                    self._drawn[id(curve)] = shown
                    curve.setData(*decimate(g.x, np.where(y > 0, y, np.nan), bins))
            if len(g):
                last = max(last, float(g.x[-1]))
        return last, values

    def csv_table(self) -> tuple[list[str], np.ndarray]:
        n = self.series.columns
        header = ["step"] + [f"grad_norm_{layer_name(l, n).replace(' ', '_')}" for l in range(n)]
        return header, np.column_stack([self.series.x, self.series.rows])


LR_COLOR = "#2ca02c"


class LearningRateDock(PlotDock):
    """The learning rate eta over steps (shows the schedule and live changes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Learning rate"), "LearningRateDock", parent)
        self.value = QLabel(self)
        self.controls.addWidget(self.value)
        self.finish_controls()
        self.plot = new_plot(self.graphics, 0, 0, self.tr("learning rate η"))
        self.curve = add_curve(self.plot, LR_COLOR, 2.0)
        self.series = SampledSeries(1)
        self.overlay = RunOverlay(self.plot, (4,))
        self.x_axis = GrowingX(self.plot)
        self.y_axis = SteadyRange(self.plot)

    def reset(self) -> None:
        self.series.clear()
        self.x_axis.clear()
        self.y_axis.clear()
        self.dirty = True

    def add(self, snap) -> None:
        self.series.extend(snap.epoch_steps, snap.epoch_rows[:, 4:5])  # eta of every epoch
        self.series.append(snap.step, (snap.learning_rate,))  # live changes mid-epoch
        self.value.setText(self.tr("η = {0:.4g}").format(snap.learning_rate))
        self.dirty = True

    def set_runs(self, live, others: list) -> None:
        """Overlay the learning rates of ``others`` (runs of the Runs panel)."""
        self.overlay.set_runs(others)
        color = live.color if others and live is not None else LR_COLOR
        self.curve.setPen(run_pen(color))
        self.set_legend([(run.color, LINE, run.name) for run in
                         ([live] if live is not None else []) + others] if others else [])
        self.dirty = True

    def redraw(self) -> None:
        x, y = self.series.x, self.series.rows[:, 0]
        bins = max(50, int(self.plot.vb.width()))
        run_last, values = self.overlay.redraw(bins)
        if len(x) == 0:
            self.curve.setData([], [])
            if values:
                self.x_axis.update(run_last)
                self.y_axis.update(np.concatenate(values), log=False)
            return
        # a staircase: each value holds back to the previous sample (eta changes in steps)
        xs = np.repeat(x, 2)[:-1]
        ys = np.concatenate([y[:1], np.repeat(y[1:], 2)])
        if len(x) == 1:
            xs, ys = np.array([x[0], x[0] + 1.0]), np.array([y[0], y[0]])
        set_points(self.curve, *decimate(xs, ys, bins))
        self.x_axis.update(max(float(x[-1]), run_last))
        self.y_axis.update(np.concatenate([y, *values]), log=False)

    def csv_table(self) -> tuple[list[str], np.ndarray]:
        return ["step", "learning_rate"], np.column_stack([self.series.x, self.series.rows])
