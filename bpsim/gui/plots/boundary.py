"""The Decision boundary dock: for 2-D inputs, the network's output as a heatmap over the
input plane (raw coordinates), the 0.5 contour for one output, the data points on top."""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QLabel, QWidget

from bpsim.gui.panels.plots import CLASS_COLORS
from bpsim.gui.plots.base import PlotDock, style_plot
from bpsim.spec import NetworkSpec

CONTOUR_INTERVAL = 0.25  # seconds between 0.5-contour updates while training
_RGB = np.array([pg.mkColor(c).getRgb()[:3] for c in CLASS_COLORS], float) / 255.0


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


class BoundaryDock(PlotDock):
    """Decision boundary of 2-input networks, updated live."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Decision boundary"), "BoundaryDock", parent)
        self.note = QLabel(self)
        self.controls.addWidget(self.note)
        self.finish_controls()
        self.plot = self.graphics.addPlot()
        style_plot(self.plot, "x2", "x1")
        self.plot.setAspectLocked(True)
        self.image = pg.ImageItem()
        self.plot.addItem(self.image)
        self.contour = pg.IsocurveItem(level=0.5, pen=pg.mkPen("k", width=2))
        self.contour.setParentItem(self.image)
        self.contour.setZValue(5)
        self.points = pg.ScatterPlotItem(size=6, pen=pg.mkPen("w", width=0.8))
        self.points.setZValue(10)
        self.plot.addItem(self.points)
        self._outputs: np.ndarray | None = None
        self._extent: tuple[float, float, float, float] | None = None
        self.available = False
        self.final = True
        self._contour_time = 0.0
        self.set_available(False)

    def set_available(self, on: bool, why: str = "") -> None:
        self.available = on
        self.graphics.setVisible(on)
        self.note.setText(self.tr("Network output over the input plane; dots: training "
                                  "data") if on else why)

    def set_context(self, spec: NetworkSpec, prepared: object | None) -> None:
        if spec.sizes[0] != 2:
            self.set_available(False, self.tr(
                "The decision boundary is drawn for networks with 2 inputs (this one has {0})."
            ).format(spec.sizes[0]))
            return
        if prepared is None:
            self.set_available(False, self.tr("No data."))
            return
        self.set_available(True)
        ds = prepared.dataset
        X, T = np.asarray(ds.X), np.asarray(ds.T)
        names = ds.input_names
        self.plot.setLabel("bottom", names[0] if names else "x1")
        self.plot.setLabel("left", names[1] if len(names) > 1 else "x2")
        if ds.class_names is None:
            brushes = [pg.mkBrush("#444444")] * len(X)
        else:
            cls = (T[:, 0] >= 0.5).astype(int) if T.shape[1] == 1 else T.argmax(axis=1)
            palette = [pg.mkBrush(c) for c in CLASS_COLORS]
            brushes = [palette[c % len(palette)] for c in cls]
        self.points.setData(X[:, 0], X[:, 1], brush=brushes)
        self.plot.enableAutoRange()

    def reset(self) -> None:
        self._outputs = None
        self.dirty = True

    def add(self, snap) -> None:
        self.final = not snap.running
        if snap.boundary is not None:
            self._outputs, self._extent = snap.boundary, snap.boundary_extent
            self.dirty = True

    def redraw(self) -> None:
        if self._outputs is None or not self.available:
            self.image.clear()
            self.contour.setData(None)
            return
        self.image.setImage(colorize(self._outputs), autoLevels=False, levels=(0, 255))
        x0, x1, y0, y1 = self._extent
        self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        now = time.perf_counter()
        if self._outputs.shape[-1] != 1:
            self.contour.setData(None)
        elif now - self._contour_time >= CONTOUR_INTERVAL or self.final:
            # pyqtgraph's isocurve is pure Python (~5 ms for 60x60): a few times a second
            self._contour_time = now
            self.contour.setData(np.asarray(self._outputs[..., 0], float))

    def csv_table(self) -> tuple[list[str], np.ndarray]:
        if self._outputs is None:
            return ["x1", "x2", "output"], np.zeros((0, 3))
        h, w, k = self._outputs.shape
        x0, x1, y0, y1 = self._extent
        gx, gy = np.meshgrid(np.linspace(x0, x1, w), np.linspace(y0, y1, h))
        cols = [gx.ravel(), gy.ravel()] + [self._outputs[..., j].ravel() for j in range(k)]
        names = ["x1", "x2"] + [f"output{j + 1}" for j in range(k)]
        return names, np.column_stack(cols)
