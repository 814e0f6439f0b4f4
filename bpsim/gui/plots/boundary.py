"""The Decision boundary dock: the network's output over its input plane, fitted to the data,
beside the canvas (TensorFlow Playground's output view).

- 2 inputs, classification: class colours mixed by the outputs (pale where unsure), the 0.5
  contour for one output, a 0-1 colour bar (one output) or the class colours (several);
- 2 inputs, regression: the first output as a viridis heat map with its colour bar;
- 1 input: the network's function (every output) over the input axis, with the data.

The plot is square with the data's bounds (:func:`~bpsim.gui.training.statistics.
plane_extent`); training points have a light outline, validation points are diamonds with a
dark one; the current training and validation loss are written above the plot.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QLabel, QWidget

from bpsim.gui.panels.plots import CLASS_COLORS, palette_colors
from bpsim.gui.plots.base import PlotDock, layer_color, new_plot
from bpsim.gui.plots.square import SquareBox
from bpsim.gui.training.statistics import plane_extent
from bpsim.numfmt import number
from bpsim.spec import NetworkSpec

CONTOUR_INTERVAL = 0.25  # seconds between 0.5-contour updates while training
_RGB = np.array([pg.mkColor(c).getRgb()[:3] for c in CLASS_COLORS], float) / 255.0
_VIRIDIS = pg.colormap.get("viridis")
BAR_WIDTH = 46  # pixels of the colour bar column


def colorize(outputs: np.ndarray) -> np.ndarray:
    """(h, w, k) network outputs -> (h, w, 3) uint8: class colours mixed by the outputs,
    paler where the network is unsure. One output: o is the probability of class 1."""
    o = np.nan_to_num(np.asarray(outputs, float), nan=0.5)
    if o.shape[-1] == 1:
        p1 = np.clip(o[..., 0], 0.0, 1.0)
        p = np.stack([1.0 - p1, p1], axis=-1)
    else:
        p = np.clip(o, 0.0, None)
        p = p / np.maximum(p.sum(axis=-1, keepdims=True), 1e-12)
    k = p.shape[-1]
    rgb = p @ _RGB[np.arange(k) % len(_RGB)]
    confidence = (p.max(axis=-1, keepdims=True) - 1.0 / k) * k / max(k - 1, 1)
    pale = 0.35 + 0.45 * confidence  # 0.35 (unsure) .. 0.8 (sure) of the class colour
    return (255.0 * (1.0 - pale + pale * rgb)).astype(np.uint8)


def four_digits(value: float) -> str:
    """Four significant digits: 0.01234, 2039 (exponent notation beyond 10^6)."""
    if not math.isfinite(value) or value == 0:
        return number(value)
    return number(value, max(0, 3 - math.floor(math.log10(abs(value)))))


class BoundaryDock(PlotDock):
    """The network's output over its input space (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Decision boundary"), "BoundaryDock", parent)
        self.losses = QLabel(self)
        self.losses.setTextFormat(Qt.TextFormat.RichText)
        self.controls.addWidget(self.losses)
        self.finish_controls()
        self.plot = new_plot(self.graphics, 0, 0, "x2", "x1")
        self.bar = new_plot(self.graphics, 0, 1, "", "")
        self.bar.setFixedWidth(BAR_WIDTH)
        self.bar.hideAxis("left")
        self.bar.showAxis("right")
        self.bar.showGrid(x=False, y=False)
        self.bar.hideAxis("bottom")
        self.bar_image = pg.ImageItem()
        self.bar.addItem(self.bar_image)
        self.image = pg.ImageItem()
        self.plot.addItem(self.image)
        self.contour = pg.IsocurveItem(level=0.5, pen=pg.mkPen("k", width=2))
        self.contour.setParentItem(self.image)
        self.contour.setZValue(5)
        self.train_points = pg.ScatterPlotItem(size=6, symbol="o")
        self.val_points = pg.ScatterPlotItem(size=8, symbol="d")
        for z, item in enumerate((self.train_points, self.val_points)):
            item.setZValue(10 + z)
            self.plot.addItem(item)
        layout = self.widget().layout()
        self.box = SquareBox(self.graphics, self.plot, self.widget())
        layout.replaceWidget(self.graphics, self.box)
        self.box.adopt()
        self.plot_area = self.box
        self.key = QLabel(self.box)  # what the two kinds of points are, under the plot
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.box.footer = self.key
        self.lines: list[pg.PlotDataItem] = []
        self._outputs: np.ndarray | None = None
        self._extent: tuple[float, float, float, float] | None = None
        self._data: tuple | None = None  # (X, T, classes, train_index, val_index)
        self.mode = "none"  # "classes", "regression", "function" or "none"
        self.final = True
        self._levels = (0.0, 1.0)
        self._contour_time = 0.0
        self._epoch_losses: tuple[float, float] | None = None
        self._auto_hidden = False  # hidden by set_context (not by the user)
        self.set_mode("none", "")

    @property
    def available(self) -> bool:
        return self.mode != "none"

    def set_mode(self, mode: str, text: str) -> None:
        self.mode = mode
        self.show_hint(text if mode == "none" else None)
        self.key.setVisible(mode in ("classes", "regression"))
        self.box.square = mode != "function"
        self.image.setVisible(mode in ("classes", "regression"))
        self.bar.setVisible(mode in ("classes", "regression"))
        self.setWindowTitle(self.tr("Network function") if mode == "function"
                            else self.tr("Decision boundary"))

    # -- context ------------------------------------------------------------------------------
    def set_context(self, spec: NetworkSpec, prepared: object | None) -> None:
        n_in = spec.sizes[0]
        for line in self.lines:
            self.plot.removeItem(line)
        self.lines = []
        self._data = None
        if n_in not in (1, 2) or prepared is None:
            self.set_mode("none", self.tr(
                "The network's output over its inputs is drawn for 1 or 2 inputs (this network "
                "has {0}).").format(n_in) if prepared is not None else self.tr("No data."))
            self._follow_availability()
            return
        ds = prepared.dataset
        X, T = np.asarray(ds.X, float), np.asarray(ds.T, float)
        names = ds.input_names
        classes = ds.class_names is not None
        self._data = (X, T, classes, np.asarray(prepared.train_index),
                      np.asarray(prepared.val_index))
        x0, x1, y0, y1 = plane_extent(X)
        if n_in == 1:
            self.set_mode("function", "")
            self.plot.setAspectLocked(False)
            self.plot.setLabel("bottom", names[0] if names else "x")
            self.plot.setLabel("left", self.tr("output"))
            self.lines = [self.plot.plot(pen=pg.mkPen(layer_color(k), width=2.5))
                          for k in range(min(T.shape[1], 10))]
            lo, hi = float(T.min()), float(T.max())
            pad = 0.1 * max(hi - lo, 1e-3)
            self.plot.setRange(xRange=(x0, x1), yRange=(lo - pad, hi + pad), padding=0)
        else:
            self.set_mode("classes" if classes else "regression", "")
            self.plot.setLabel("bottom", names[0] if names else "x1")
            self.plot.setLabel("left", names[1] if len(names) > 1 else "x2")
            self.plot.setAspectLocked(False)
            self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
            self.box.square = math.isclose(x1 - x0, y1 - y0, rel_tol=1e-9)
        self._draw_points()
        self._draw_bar(T, classes, ds.class_names)
        self.box.update_geometry()
        self._follow_availability()

    def _follow_availability(self) -> None:
        """Out of the way for networks it cannot draw (the canvas gets the room), back for
        those it can, unless the user closed it."""
        if not self.available and not self.isHidden():
            self._auto_hidden = True
            self.hide()
        elif self.available and self._auto_hidden:
            self._auto_hidden = False
            self.show()

    def _draw_points(self) -> None:
        """Training points with a light outline, validation points as diamonds with a dark
        one (as Playground marks training and test data)."""
        X, T, classes, train, val = self._data
        bg, fg = palette_colors()
        light = pg.mkPen(bg if bg.lightness() > 128 else "w", width=0.8)
        dark = pg.mkPen(fg if fg.lightness() < 128 else "k", width=1.2)
        brushes = np.array(self._brushes(T, classes), dtype=object)
        y = X[:, 1] if X.shape[1] > 1 else T[:, 0]
        size = float(np.clip(13 - np.log2(max(len(X), 1)), 4, 11))  # few points: larger
        for item, idx, pen, grow in ((self.train_points, train, light, 0),
                                     (self.val_points, val, dark, 2)):
            item.setData(X[idx, 0], y[idx], brush=list(brushes[idx]), pen=pen, size=size + grow)
        if self.mode == "function":
            self.key.setText("")
            return
        self.key.setText(self.tr("● training ({0})    ◆ validation ({1})").format(
            len(train), len(val)) if len(val) else self.tr("● training ({0})").format(len(train)))

    def _brushes(self, T: np.ndarray, classes: bool) -> list:
        if self.mode == "function":
            return [pg.mkBrush("#444444")] * len(T)
        if classes:
            cls = (T[:, 0] >= 0.5).astype(int) if T.shape[1] == 1 else T.argmax(axis=1)
            palette = [pg.mkBrush(c) for c in CLASS_COLORS]
            return [palette[c % len(palette)] for c in cls]
        t = T[:, 0]
        lo, hi = float(t.min()), float(t.max())
        self._levels = (lo, hi if hi > lo else lo + 1.0)
        colors = _VIRIDIS.map((t - lo) / max(hi - lo, 1e-12), mode="qcolor")
        return [pg.mkBrush(c) for c in colors]

    def _draw_bar(self, T: np.ndarray, classes: bool, names) -> None:
        """The colour bar: output 0..1 of one sigmoid output, the class colours of several
        outputs, or the target range of a regression."""
        axis = self.bar.getAxis("right")
        if self.mode == "function":
            return
        if classes and T.shape[1] == 1:
            values = np.linspace(0.0, 1.0, 101)
            self.bar_image.setImage(colorize(values[:, None, None]), levels=(0, 255))
            self.bar_image.setRect(QRectF(0, 0, 1, 1))
            axis.setTicks([[(0.0, "0"), (0.5, "0.5"), (1.0, "1")], []])
            self.bar.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
            self.bar.setLabel("right", self.tr("output"))
        elif classes:
            k = T.shape[1]
            self.bar_image.setImage(colorize(np.eye(k)[:, None, :]), levels=(0, 255))
            self.bar_image.setRect(QRectF(0, 0, 1, k))
            labels = list(names or [str(j + 1) for j in range(k)])
            axis.setTicks([[(j + 0.5, str(labels[j])[:6]) for j in range(k)], []])
            self.bar.setRange(xRange=(0, 1), yRange=(0, k), padding=0)
            self.bar.setLabel("right", self.tr("class"))
        else:
            lo, hi = self._levels
            values = np.linspace(0.0, 1.0, 101)[:, None]
            self.bar_image.setImage(values, levels=(0, 1))
            self.bar_image.setColorMap(_VIRIDIS)
            self.bar_image.setRect(QRectF(0, lo, 1, hi - lo))
            axis.setTicks(None)
            self.bar.setRange(xRange=(0, 1), yRange=(lo, hi), padding=0)
            self.bar.setLabel("right", self.tr("output"))

    def palette_changed(self) -> None:
        if self._data is not None:
            self._draw_points()

    def apply_palette(self) -> None:
        super().apply_palette()
        self.palette_changed()

    # -- data -------------------------------------------------------------------------------
    def reset(self) -> None:
        self._outputs = None
        self._epoch_losses = None
        self.losses.setText("")
        self.dirty = True

    def add(self, snap) -> None:
        self.final = not snap.running
        if snap.boundary is not None:
            self._outputs, self._extent = snap.boundary, snap.boundary_extent
            self.dirty = True
        if len(snap.epoch_rows):
            row = snap.epoch_rows[-1]
            self._show_losses(float(row[0]), float(row[1]))
        elif snap.current_losses is not None:
            self._show_losses(*snap.current_losses)

    def _show_losses(self, train: float, validation: float) -> None:
        """"train loss 0.0123  validation loss 0.0456" above the plot."""
        text = self.tr("train loss <b>{0}</b>").format(four_digits(train))
        if not math.isnan(validation):
            text += "&nbsp;&nbsp;" + self.tr("validation loss <b>{0}</b>").format(
                four_digits(validation))
        self.losses.setText(text)

    def redraw(self) -> None:
        out = self._outputs
        if out is None or self.mode == "none" or (self.mode == "function") != (len(out) == 1):
            self.image.clear()
            self.contour.setData(None)
            for line in self.lines:
                line.setData([], [])
            return
        x0, x1, y0, y1 = self._extent
        if self.mode == "function":
            x = np.linspace(x0, x1, out.shape[1])
            for k, line in enumerate(self.lines):
                line.setData(x, out[0, :, k])
            return
        if self.mode == "classes":
            self.image.setImage(colorize(out), autoLevels=False, levels=(0, 255))
        else:
            self.image.setImage(np.asarray(out[..., 0], float), autoLevels=False,
                                levels=self._levels)
            self.image.setColorMap(_VIRIDIS)
        self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        now = time.perf_counter()
        if self.mode != "classes" or out.shape[-1] != 1:
            self.contour.setData(None)
        elif now - self._contour_time >= CONTOUR_INTERVAL or self.final:
            # pyqtgraph's isocurve is pure Python (~5 ms for 60x60): a few times a second
            self._contour_time = now
            self.contour.setData(np.asarray(out[..., 0], float))

    def csv_table(self) -> tuple[list[str], np.ndarray]:
        if self._outputs is None:
            return ["x1", "x2", "output1"], np.zeros((0, 3))
        h, w, k = self._outputs.shape
        x0, x1, y0, y1 = self._extent
        gx, gy = np.meshgrid(np.linspace(x0, x1, w), np.linspace(y0, y1, h))
        cols = [gx.ravel()] + ([gy.ravel()] if h > 1 else [])
        cols += [self._outputs[..., j].ravel() for j in range(k)]
        names = ["x1"] + (["x2"] if h > 1 else []) + [f"output{j + 1}" for j in range(k)]
        return names, np.column_stack(cols)
