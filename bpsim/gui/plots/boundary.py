"""The Decision boundary dock, updated live, with the data drawn on top (raw coordinates).

- 2 inputs, classification: class colours mixed by the outputs (pale where unsure) and the
  0.5 contour for one output;
- 2 inputs, regression: the first output as a viridis heatmap, points coloured alike;
- 1 input: the network's function (every output) over the input axis, with the data.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QLabel, QWidget

from bpsim.gui.panels.plots import CLASS_COLORS
from bpsim.gui.plots.base import PlotDock, layer_color, style_plot
from bpsim.spec import NetworkSpec

CONTOUR_INTERVAL = 0.25  # seconds between 0.5-contour updates while training
_RGB = np.array([pg.mkColor(c).getRgb()[:3] for c in CLASS_COLORS], float) / 255.0
_VIRIDIS = pg.colormap.get("viridis")


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
    """The network's output over its input space (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Decision boundary"), "BoundaryDock", parent)
        self.note = QLabel(self)
        self.controls.addWidget(self.note)
        self.finish_controls()
        self.plot = self.graphics.addPlot()
        style_plot(self.plot, "x2", "x1")
        self.image = pg.ImageItem()
        self.plot.addItem(self.image)
        self.contour = pg.IsocurveItem(level=0.5, pen=pg.mkPen("k", width=2))
        self.contour.setParentItem(self.image)
        self.contour.setZValue(5)
        self.points = pg.ScatterPlotItem(size=6, pen=pg.mkPen("w", width=0.8))
        self.points.setZValue(10)
        self.plot.addItem(self.points)
        self.lines: list[pg.PlotDataItem] = []
        self._outputs: np.ndarray | None = None
        self._extent: tuple[float, float, float, float] | None = None
        self.mode = "none"  # "classes", "regression", "function" or "none"
        self.final = True
        self._levels = (0.0, 1.0)
        self._contour_time = 0.0
        self.set_mode("none", "")

    @property
    def available(self) -> bool:
        return self.mode != "none"

    def set_mode(self, mode: str, text: str) -> None:
        self.mode = mode
        self.graphics.setVisible(mode != "none")
        self.note.setText(text)
        self.image.setVisible(mode in ("classes", "regression"))
        self.setWindowTitle(self.tr("Network function") if mode == "function"
                            else self.tr("Decision boundary"))

    def set_context(self, spec: NetworkSpec, prepared: object | None) -> None:
        n_in = spec.sizes[0]
        if n_in not in (1, 2) or prepared is None:
            self.set_mode("none", self.tr(
                "The network's output over its inputs is drawn for 1 or 2 inputs (this network "
                "has {0}).").format(n_in) if prepared is not None else self.tr("No data."))
            return
        ds = prepared.dataset
        X, T = np.asarray(ds.X), np.asarray(ds.T)
        names = ds.input_names
        for line in self.lines:
            self.plot.removeItem(line)
        self.lines = []
        if n_in == 1:
            self.set_mode("function", self.tr("Network output over the input; dots: the data"))
            self.plot.setAspectLocked(False)
            self.plot.setLabel("bottom", names[0] if names else "x")
            self.plot.setLabel("left", self.tr("output"))
            self.lines = [self.plot.plot(pen=pg.mkPen(layer_color(k), width=2.5))
                          for k in range(min(T.shape[1], 10))]
            self.points.setData(X[:, 0], T[:, 0], brush=pg.mkBrush("#444444"))
        else:
            classes = ds.class_names is not None
            self.set_mode("classes" if classes else "regression", self.tr(
                "Network output over the input plane; dots: the data"))
            self.plot.setLabel("bottom", names[0] if names else "x1")
            self.plot.setLabel("left", names[1] if len(names) > 1 else "x2")
            self.points.setData(X[:, 0], X[:, 1], brush=self._brushes(T, classes))
            span = np.ptp(X, axis=0)
            ratio = span.max() / max(span.min(), 1e-12)
            self.plot.setAspectLocked(ratio < 4.0)  # a true plane unless one axis is flat
        self.plot.enableAutoRange()

    def _brushes(self, T: np.ndarray, classes: bool) -> list:
        if classes:
            cls = (T[:, 0] >= 0.5).astype(int) if T.shape[1] == 1 else T.argmax(axis=1)
            palette = [pg.mkBrush(c) for c in CLASS_COLORS]
            return [palette[c % len(palette)] for c in cls]
        t = T[:, 0]
        lo, hi = float(t.min()), float(t.max())
        self._levels = (lo, hi if hi > lo else lo + 1.0)
        colors = _VIRIDIS.map((t - lo) / max(hi - lo, 1e-12), mode="qcolor")
        return [pg.mkBrush(c) for c in colors]

    def reset(self) -> None:
        self._outputs = None
        self.dirty = True

    def add(self, snap) -> None:
        self.final = not snap.running
        if snap.boundary is not None:
            self._outputs, self._extent = snap.boundary, snap.boundary_extent
            self.dirty = True

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
