"""Snapshot-rate curves: per-layer gradient norms (log axis) and the learning rate."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QWidget

from bpsim.gui.plots.base import (
    PlotDock,
    layer_color,
    layer_name,
    set_log_ticks,
    side_legend,
    style_plot,
)
from bpsim.gui.plots.series import SampledSeries
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
        self.plot = self.graphics.addPlot()
        style_plot(self.plot, self.tr("||dE/dW||"))
        self.plot.setLogMode(False, True)
        self.legend = side_legend(self.graphics)
        self.curves: list[pg.PlotDataItem] = []
        self.series = SampledSeries(1, capacity=8192)

    def set_context(self, spec: NetworkSpec, prepared: object | None) -> None:
        n = len(spec.layers) - 1
        if n == len(self.curves):
            return
        for curve in self.curves:
            self.plot.removeItem(curve)
        self.legend.clear()
        self.curves = [self.plot.plot(pen=pg.mkPen(layer_color(l), width=2)) for l in range(n)]
        for l, curve in enumerate(self.curves):
            self.legend.addItem(curve, layer_name(l, n))
        # deep networks: two columns, so the legend fits a low dock (1024x700) without
        # pushing the step axis out of sight
        self.legend.setColumnCount(2 if n > 5 else 1)
        self.series = SampledSeries(n, capacity=8192)
        self.dirty = True

    def reset(self) -> None:
        self.series.clear()
        self.dirty = True

    def add(self, snap) -> None:
        history = snap.grad_history
        if history is None or history.shape[1] != self.series.columns:
            return
        for step, row in zip(snap.grad_steps, history):  # sampled every ~5 ms of training
            self.series.append(float(step), row)
        self.dirty = self.dirty or len(history) > 0

    def redraw(self) -> None:
        x, rows = self.series.x, self.series.rows
        for l, curve in enumerate(self.curves):
            y = rows[:, l] if len(rows) else np.zeros(0)
            y = np.where(y > 0, y, np.nan)
            if len(y) and np.isfinite(y).any():
                curve.setData(x, y, connect="finite")
            else:
                curve.setData([], [])
        values = rows[np.isfinite(rows) & (rows > 0)] if len(rows) else rows
        if len(values):
            set_log_ticks(self.plot.getAxis("left"), float(values.min()), float(values.max()))
        else:  # nothing yet (the view spans 1..10): pyqtgraph's own ticks 2..9 would overlap
            set_log_ticks(self.plot.getAxis("left"), 1.0, 10.0)

    def csv_table(self) -> tuple[list[str], np.ndarray]:
        n = self.series.columns
        header = ["step"] + [f"grad_norm_{layer_name(l, n).replace(' ', '_')}" for l in range(n)]
        return header, np.column_stack([self.series.x, self.series.rows])


class LearningRateDock(PlotDock):
    """The learning rate eta over steps (shows the schedule and live changes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Learning rate"), "LearningRateDock", parent)
        self.value = QLabel(self)
        self.controls.addWidget(self.value)
        self.finish_controls()
        self.plot = self.graphics.addPlot()
        style_plot(self.plot, self.tr("learning rate η"))
        self.curve = self.plot.plot(pen=pg.mkPen("#2ca02c", width=2), stepMode=None)
        self.series = SampledSeries(1)

    def reset(self) -> None:
        self.series.clear()
        self.dirty = True

    def add(self, snap) -> None:
        for step, row in zip(snap.epoch_steps, snap.epoch_rows):  # eta of every epoch
            self.series.append(float(step), (row[4],))
        self.series.append(snap.step, (snap.learning_rate,))  # live changes mid-epoch
        self.value.setText(self.tr("η = {0:.4g}").format(snap.learning_rate))
        self.dirty = True

    def redraw(self) -> None:
        x, y = self.series.x, self.series.rows[:, 0]
        if len(x) == 0:
            self.curve.setData([], [])
            return
        # a staircase: each value holds back to the previous sample (eta changes in steps)
        xs = np.repeat(x, 2)[:-1]
        ys = np.concatenate([y[:1], np.repeat(y[1:], 2)])
        if len(x) == 1:
            xs, ys = np.array([x[0], x[0] + 1.0]), np.array([y[0], y[0]])
        self.curve.setData(xs, ys)
        top = float(np.nanmax(y)) if np.isfinite(y).any() else 1.0
        self.plot.setYRange(0.0, top * 1.15 if top > 0 else 1.0, padding=0)

    def csv_table(self) -> tuple[list[str], np.ndarray]:
        return ["step", "learning_rate"], np.column_stack([self.series.x, self.series.rows])
