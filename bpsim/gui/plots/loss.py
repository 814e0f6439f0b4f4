"""The Loss dock: per-step mini-batch loss, per-epoch train/validation loss, accuracy."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QMenu, QWidget

from bpsim.gui.plots.base import PlotDock, set_log_ticks, side_legend, style_plot
from bpsim.gui.plots.series import MinMaxSeries
from bpsim.spec import NetworkSpec

# the per-step curve is light: with online learning single losses spread over orders of
# magnitude and a dark curve becomes a wall that hides the epoch curves (the lesson)
TRAIN, VALIDATION, STEP = "#1f77b4", "#ff7f0e", (140, 150, 170, 80)


class LossDock(PlotDock):
    """Loss over steps (log-y toggle) and, for classification, accuracy below it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Loss"), "LossDock", parent)
        self.log_box = QCheckBox(self.tr("Log scale"), self)
        self.log_box.setChecked(True)
        self.log_box.toggled.connect(self.set_log)
        self.controls.addWidget(self.log_box)
        self.finish_controls()
        self.steps = MinMaxSeries(20000)
        self._epochs = np.zeros((0, 5))
        self._epoch_steps = np.zeros(0)
        self.plot = self.graphics.addPlot(row=0, col=0)
        style_plot(self.plot, self.tr("loss"))
        self.legend = legend = side_legend(self.graphics, 0)
        self.step_curve = pg.PlotDataItem(pen=pg.mkPen(STEP, width=1))
        self.plot.addItem(self.step_curve)
        self.step_curve.setDownsampling(auto=True, method="peak")
        self.step_curve.setClipToView(True)
        self.train_curve = self.plot.plot(pen=pg.mkPen(TRAIN, width=2.5))
        self.val_curve = self.plot.plot(pen=pg.mkPen(VALIDATION, width=2.5))
        legend.addItem(self.step_curve, self.tr("mini-batch"))
        legend.addItem(self.train_curve, self.tr("train (epoch)"))
        legend.addItem(self.val_curve, self.tr("validation (epoch)"))
        self.acc_plot = pg.PlotItem()
        self._acc_shown = False
        style_plot(self.acc_plot, self.tr("accuracy"))
        self.acc_plot.setXLink(self.plot)
        self.acc_plot.setYRange(0.0, 1.0, padding=0.02)
        self.acc_plot.getAxis("left").setTicks([[(0.0, "0"), (0.5, "0.5"), (1.0, "1")], []])
        self.acc_train = self.acc_plot.plot(pen=pg.mkPen(TRAIN, width=2))
        self.acc_val = self.acc_plot.plot(pen=pg.mkPen(VALIDATION, width=2))
        self.set_log(True)
        self._set_range(True)

    @Slot(bool)
    def set_log(self, on: bool) -> None:
        """Logarithmic loss axis (on by default: losses fall over orders of magnitude)."""
        self.plot.setLogMode(False, on)
        if self.log_box.isChecked() != on:
            self.log_box.setChecked(on)
        self.dirty = True

    def add_context_actions(self, menu: QMenu) -> None:
        action = menu.addAction(self.tr("Log scale"))
        action.setCheckable(True)
        action.setChecked(self.log_box.isChecked())
        action.toggled.connect(self.set_log)

    def set_context(self, spec: NetworkSpec, prepared: object | None) -> None:
        classification = prepared is not None and prepared.dataset.class_names is not None
        if classification != self._acc_shown:  # hidden items would keep their space
            if classification:
                self.graphics.addItem(self.acc_plot, row=1, col=0)
                self.graphics.ci.layout.setRowStretchFactor(0, 3)
                self.graphics.ci.layout.setRowStretchFactor(1, 1)
            else:
                self.graphics.removeItem(self.acc_plot)
            self._acc_shown = classification
        validation = prepared is not None and len(prepared.X_val) > 0
        self.legend.removeItem(self.val_curve)
        if validation:
            self.legend.addItem(self.val_curve, self.tr("validation (epoch)"))

    def reset(self) -> None:
        self.steps.clear()
        self._epochs = np.zeros((0, 5))
        self._epoch_steps = np.zeros(0)
        self.dirty = True

    def add(self, snap) -> None:
        if len(snap.losses):
            self.steps.extend(snap.loss_steps, snap.losses)
            self.dirty = True
        if len(snap.epoch_steps):
            self._epochs = np.concatenate([self._epochs, snap.epoch_rows])
            self._epoch_steps = np.concatenate([self._epoch_steps, snap.epoch_steps])
            if len(self._epochs) > 40000:  # bounded: keep every other epoch
                self._epochs, self._epoch_steps = self._epochs[::2], self._epoch_steps[::2]
            self.dirty = True

    def redraw(self) -> None:
        y = self.steps.y
        log = self.log_box.isChecked()
        if log:
            y = np.where(y > 0, y, np.nan)
        self.step_curve.setData(self.steps.x, y, connect="finite")
        x, rows = self._epoch_steps, self._epochs
        for curve, col in ((self.train_curve, 0), (self.val_curve, 1),
                           (self.acc_train, 2), (self.acc_val, 3)):
            values = rows[:, col] if len(rows) else np.zeros(0)
            if log and col < 2:
                values = np.where(values > 0, values, np.nan)
            if len(values) and np.isfinite(values).any():
                curve.setData(x, values, connect="finite")
            else:
                curve.setData([], [])
        self._set_range(log)
        if self._acc_shown:
            self.acc_plot.setYRange(0.0, 1.0, padding=0.02)

    def _set_range(self, log: bool) -> None:
        """y from the epoch losses once there are a few (single steps vary far more: online
        losses reach 1e-10), from the per-step losses before."""
        ep = self._epochs[:, :2] if len(self._epochs) >= 2 else self.steps.y
        ep = ep[np.isfinite(ep) & (ep > 0)] if log else ep[np.isfinite(ep)]
        if not len(ep):  # nothing yet: pyqtgraph's own log ticks 2..9 would overlap
            self.plot.getAxis("left").setTicks(None)
            if log:
                self.plot.setYRange(-1.0, 0.0, padding=0)
                set_log_ticks(self.plot.getAxis("left"), 0.1, 1.0)
            return
        lo, hi = float(ep.min()), float(ep.max())
        left = self.plot.getAxis("left")
        if log:
            self.plot.setYRange(np.log10(lo) - 0.3, np.log10(hi) + 0.3, padding=0)
            set_log_ticks(left, lo / 2.0, hi * 2.0)
        else:
            left.setTicks(None)
            self.plot.setYRange(min(0.0, lo), hi * 1.1 if hi > 0 else 1.0, padding=0)

    def csv_table(self) -> tuple[list[str], np.ndarray]:
        header = ["step", "minibatch_loss", "train_loss", "validation_loss", "train_accuracy",
                  "validation_accuracy"]
        a = np.column_stack([self.steps.x, self.steps.y, np.full((len(self.steps), 4), np.nan)])
        b = np.column_stack([self._epoch_steps, np.full(len(self._epoch_steps), np.nan),
                             self._epochs[:, :4]]) if len(self._epochs) else np.zeros((0, 6))
        rows = np.concatenate([a, b])
        return header, rows[np.argsort(rows[:, 0], kind="stable")]
