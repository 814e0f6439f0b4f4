"""The Loss dock: per-step mini-batch loss (smoothed; raw on request), per-epoch train and
validation loss, and accuracy on a fixed 0-1 axis for classification.

Every redraw hands pyqtgraph at most two points per pixel column (:func:`decimate`) and
changes the axis ranges only when the data leaves them, so its cost does not grow with the
run (issue 10).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QMenu, QWidget

from bpsim.gui.panels.plots import palette_colors
from bpsim.gui.plots.axes import GrowingX, SteadyRange
from bpsim.gui.plots.base import (
    DASH,
    LINE,
    WIDE_SMOOTH,
    PlotDock,
    add_curve,
    new_plot,
    set_points,
)
from bpsim.gui.plots.overlay import RunOverlay, run_pen
from bpsim.gui.plots.series import MinMaxSeries, SampledSeries, Smoother, decimate
from bpsim.spec import NetworkSpec

# the raw per-step curve is light: with online learning single losses spread over orders of
# magnitude and a dark curve becomes a wall that hides the lesson
TRAIN, VALIDATION, SMOOTH, RAW = "#1f77b4", "#ff7f0e", "#7f7f7f", (140, 150, 170, 70)
MIN_SPAN, MAX_SPAN = 5, 500  # steps the smoothing averages over: about one epoch


class LossDock(PlotDock):
    """Loss over steps (log-y toggle) and, for classification, accuracy below it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Loss"), "LossDock", parent)
        self.log_box = QCheckBox(self.tr("Log scale"), self)
        self.log_box.setChecked(True)
        self.log_box.toggled.connect(self.set_log)
        self.controls.addWidget(self.log_box)
        self.raw_box = QCheckBox(self.tr("Raw mini-batch losses"), self)
        self.raw_box.setToolTip(self.tr(
            "Also draw the loss of every mini-batch (light); the dark grey curve is their "
            "moving average over about one epoch"))
        self.raw_box.toggled.connect(self._changed)
        self.controls.addWidget(self.raw_box)
        self.finish_controls()
        self.raw = MinMaxSeries(20000)
        self.smooth = MinMaxSeries(20000)
        self.smoother = Smoother(20)
        self.epochs = SampledSeries(4, capacity=8192)
        self.plot = new_plot(self.graphics, 0, 0, self.tr("loss"))
        self.raw_curve = add_curve(self.plot, RAW)
        self.smooth_curve = add_curve(self.plot, SMOOTH)
        self.train_curve = add_curve(self.plot, TRAIN, 2.0)
        self.val_curve = add_curve(self.plot, VALIDATION, 2.0)
        self.acc_plot = new_plot(self.graphics, 1, 0, self.tr("accuracy"))
        self.graphics.removeItem(self.acc_plot)  # shown for classification only
        self._acc_shown = False
        self.acc_plot.setXLink(self.plot)
        self.acc_plot.setYRange(0.0, 1.0, padding=0.04)
        left = self.acc_plot.getAxis("left")
        left.setTicks([[(0.0, "0"), (0.5, "0.5"), (1.0, "1")], [(0.25, ""), (0.75, "")]])
        self.acc_train = add_curve(self.acc_plot, TRAIN, 2.0)
        self.acc_val = add_curve(self.acc_plot, VALIDATION, 2.0)
        self._validation = False
        self._no_data = False
        self.live_run = None  # the document's run, when other runs are overlaid
        self.overlays = (RunOverlay(self.plot, (0, 1)), RunOverlay(self.acc_plot, (2, 3)))
        self._legend_items()
        self.x_axis = GrowingX(self.plot)
        self.y_axis = SteadyRange(self.plot)
        self.set_log(True)
        self.show_hint(self._hint_text())

    def _hint_text(self) -> str:
        if self._no_data:
            return self.tr("This network has no data yet: choose a data set in the Data dock, "
                           "then press Space (Train) to see the loss fall here.")
        return self.tr("No training yet. Press Space (Train) and the loss appears here: per "
                       "mini-batch (grey, smoothed) and per epoch (blue).")

    def retranslate(self) -> None:
        self._legend_items()

    def _legend_items(self) -> None:
        if self.overlays[0].runs:  # runs side by side: one colour per run
            runs = ([self.live_run] if self.live_run is not None else []) + self.overlays[0].runs
            _, fg = palette_colors()
            entries = [(run.color, LINE, run.name) for run in runs]
            entries.append((fg, LINE, self.tr("train")))
            if self._validation:
                entries.append((fg, DASH, self.tr("validation")))
            self.set_legend(entries)
            return
        entries = [(RAW, LINE, self.tr("mini-batch"))] if self.raw_box.isChecked() else []
        entries += [(SMOOTH, LINE, self.tr("mini-batch, smoothed")),
                    (TRAIN, LINE, self.tr("train (epoch)"))]
        if self._validation:
            entries.append((VALIDATION, LINE, self.tr("validation (epoch)")))
        self.set_legend(entries)

    @Slot(bool)
    def set_log(self, on: bool) -> None:
        """Logarithmic loss axis (on by default: losses fall over orders of magnitude)."""
        self.plot.setLogMode(False, on)
        if self.log_box.isChecked() != on:
            self.log_box.setChecked(on)
        self.y_axis.clear()
        self._changed()

    @Slot()
    def _changed(self) -> None:
        self._legend_items()
        self.dirty = True
        self.refresh()

    def set_runs(self, live, others: list) -> None:
        """Overlay ``others`` (runs of the Runs panel); the document's own curves take the
        colour of ``live`` while there are others (train solid, validation dashed)."""
        self.live_run = live if others else None
        self.raw_box.setEnabled(not others)  # runs side by side: per-epoch curves only
        for overlay in self.overlays:
            overlay.set_runs(others)
        color = live.color if others and live is not None else None
        self.train_curve.setPen(run_pen(color) if color else run_pen(TRAIN))
        self.val_curve.setPen(run_pen(color, dashed=True) if color else run_pen(VALIDATION))
        self.acc_train.setPen(run_pen(color) if color else run_pen(TRAIN))
        self.acc_val.setPen(run_pen(color, dashed=True) if color else run_pen(VALIDATION))
        self._changed()

    def add_context_actions(self, menu: QMenu) -> None:
        for box in (self.log_box, self.raw_box):
            action = menu.addAction(box.text())
            action.setCheckable(True)
            action.setChecked(box.isChecked())
            action.toggled.connect(box.setChecked)

    def set_context(self, spec: NetworkSpec, prepared: object | None) -> None:
        classification = prepared is not None and prepared.dataset.class_names is not None
        if classification != self._acc_shown:  # hidden items would keep their space
            if classification:
                self.graphics.addItem(self.acc_plot, row=1, col=0)
                self.graphics.ci.layout.setRowStretchFactor(0, 2)
                self.graphics.ci.layout.setRowStretchFactor(1, 1)
            else:
                self.graphics.removeItem(self.acc_plot)
            self._acc_shown = classification
            bottom = self.plot.getAxis("bottom")  # the shared step axis once, at the bottom
            bottom.setStyle(showValues=not classification)
            bottom.showLabel(not classification)
        self._validation = prepared is not None and len(prepared.X_val) > 0
        self._no_data = prepared is None
        self.dirty = True
        if prepared is not None:
            per_epoch = len(prepared.X_train) / max(1, spec.training.batch_size)
            self.smoother.set_span(min(MAX_SPAN, max(MIN_SPAN, per_epoch)))
        self._legend_items()

    def reset(self) -> None:
        self.raw.clear()
        self.smooth.clear()
        self.smoother.clear()
        self.epochs.clear()
        self.x_axis.clear()
        self.y_axis.clear()
        self.dirty = True

    def add(self, snap) -> None:
        if len(snap.losses):
            self.raw.extend(snap.loss_steps, snap.losses)
            self.smooth.extend(snap.loss_steps, self.smoother(snap.losses))
            self.dirty = True
        if len(snap.epoch_steps):
            self.epochs.extend(snap.epoch_steps, snap.epoch_rows[:, :4])
            self.dirty = True

    # -- drawing ------------------------------------------------------------------------------
    def redraw(self) -> None:
        others = self.overlays[0].runs
        empty = len(self.smooth) == 0 and len(self.epochs) == 0 and not any(
            len(run.curves) for run in others)
        self.show_hint(self._hint_text() if empty else None)
        if empty:
            return
        bins = max(50, int(self.plot.vb.width()))
        log = self.log_box.isChecked()

        def put(curve: pg.PlotDataItem, x: np.ndarray, y: np.ndarray, mean=False) -> None:
            if log:
                y = np.where(y > 0, y, np.nan)
            # a trend needs fewer points: few enough to be drawn antialiased (see add_curve)
            set_points(curve, *decimate(x, y, min(bins, WIDE_SMOOTH) if mean else bins, mean))

        if others:  # runs side by side: per-epoch curves only, one colour per run
            self.smooth_curve.setData([], [])
        else:
            put(self.smooth_curve, self.smooth.x, self.smooth.y)
        if self.raw_box.isChecked() and not others:
            put(self.raw_curve, self.raw.x, self.raw.y)
        else:
            self.raw_curve.setData([], [])
        x, rows = self.epochs.x, self.epochs.rows
        # epoch curves carry the trend: where epochs are denser than pixels, the mean of each
        # pixel column (an envelope of noisy epochs would be a wall hiding the lesson)
        for curve, col in ((self.train_curve, 0), (self.val_curve, 1)):
            put(curve, x, rows[:, col], mean=True)
        for curve, col in ((self.acc_train, 2), (self.acc_val, 3)):
            set_points(curve, *decimate(x, rows[:, col], min(bins, WIDE_SMOOTH), mean=True))
        last = max(self.smooth.x[-1] if len(self.smooth) else 0.0, x[-1] if len(x) else 0.0)
        run_last, values = self.overlays[0].redraw(bins, log)
        if self._acc_shown:
            self.overlays[1].redraw(bins)
        self.x_axis.update(max(last, run_last))
        # y from the smoothed and the epoch losses (single steps reach 1e-10 online)
        smooth = [] if others else [self.smooth.y]
        self.y_axis.update(np.concatenate([*smooth, rows[:, :2].ravel(), *values]), log)

    def csv_table(self) -> tuple[list[str], np.ndarray]:
        header = ["step", "minibatch_loss", "smoothed_loss", "train_loss", "validation_loss",
                  "train_accuracy", "validation_accuracy"]
        n = len(self.raw)
        smooth = self.smooth.y if len(self.smooth) == n else np.full(n, np.nan)
        a = np.column_stack([self.raw.x, self.raw.y, smooth, np.full((n, 4), np.nan)])
        m = len(self.epochs)
        b = np.column_stack([self.epochs.x, np.full((m, 2), np.nan), self.epochs.rows])
        rows = np.concatenate([a, b])
        return header, rows[np.argsort(rows[:, 0], kind="stable")]
