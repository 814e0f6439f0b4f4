"""The Weights dock: the current weight histogram of a layer (with the one training started
from, dashed) and the distribution over time as TensorBoard-style percentile bands."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from bpsim.gui.canvas.model import times
from bpsim.gui.plots.axes import GrowingX, SteadyRange
from bpsim.gui.plots.base import BOX, DASH, LINE, PlotDock, layer_color, layer_name, new_plot
from bpsim.gui.plots.series import SampledSeries
from bpsim.gui.training.messages import PERCENTILES
from bpsim.spec import NetworkSpec, weight_shape

#: Bands (low, high) as indices into PERCENTILES: 0-100, 7-93, 16-84, 31-69; median = 4.
BANDS = ((0, 8), (1, 7), (2, 6), (3, 5))
MEDIAN = 4
BAND_POINTS = 600  # filling between long curves is slow in pyqtgraph: draw at most this many


class WeightsDock(PlotDock):
    """Histogram of W_l now and at the start, and its percentiles over steps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Weights"), "WeightsDock", parent)
        self.controls.addWidget(QLabel(self.tr("Layer:"), self))
        self.layer_box = QComboBox(self)
        self.layer_box.currentIndexChanged.connect(self._layer_changed)
        self.controls.addWidget(self.layer_box)
        self.finish_controls()
        self.hist_plot = new_plot(self.graphics, 0, 0, self.tr("count"), self.tr("weight"))
        self.hist_now = self.hist_plot.plot(stepMode="center", fillLevel=0)
        self.hist_start = self.hist_plot.plot(
            stepMode="center",
            pen=pg.mkPen("#7f7f7f", width=1.5, style=pg.QtCore.Qt.PenStyle.DashLine))
        self.band_plot = new_plot(self.graphics, 1, 0, self.tr("weight"))
        self.band_curves: list[tuple[pg.PlotCurveItem, pg.PlotCurveItem]] = []
        self.bands: list[pg.FillBetweenItem] = []
        for _ in BANDS:
            low, high = pg.PlotCurveItem(pen=None), pg.PlotCurveItem(pen=None)
            fill = pg.FillBetweenItem(low, high)
            self.band_plot.addItem(fill)
            self.band_curves.append((low, high))
            self.bands.append(fill)
        self.median = self.band_plot.plot(antialias=False)  # a wide pen: see add_curve
        self.n_layers = 0
        self._labels: list[str] = []
        self._shapes: list[tuple[int, ...]] = []  # each layer's weights (conv: F×C×kernel)
        self.series = SampledSeries(0)
        self.hist_x = SteadyRange(self.hist_plot, axis="x")  # edges double as weights grow
        self.hist_y = SteadyRange(self.hist_plot)
        self.band_x = GrowingX(self.band_plot)
        self.band_y = SteadyRange(self.band_plot)
        self._latest: tuple | None = None
        self._start: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def set_context(self, spec: NetworkSpec, prepared: object | None) -> None:
        """The layer chooser names every layer with its current shape (rebuilt whenever a
        name or a shape changes, not only the number of layers)."""
        n = len(spec.layers) - 1
        self._shapes = [weight_shape(spec.layers[l + 1], spec.layers[l]) for l in range(n)]
        labels = self._layer_labels()
        if labels == self._labels:
            return
        keep = self.layer if n == self.n_layers else 0
        self._labels = labels
        self.layer_box.blockSignals(True)
        self.layer_box.clear()
        self.layer_box.addItems(labels)
        self.layer_box.setCurrentIndex(min(keep, n - 1))
        self.layer_box.blockSignals(False)
        if n != self.n_layers:
            self.n_layers = n
            self.series = SampledSeries(n * len(PERCENTILES))
        self._style_layer()
        self.reset()

    @property
    def layer(self) -> int:
        return max(0, self.layer_box.currentIndex())

    @Slot(int)
    def _layer_changed(self, _index: int) -> None:
        self._style_layer()
        for axis in (self.hist_x, self.hist_y, self.band_y):
            axis.clear()
        self.dirty = True
        self.refresh()

    def _layer_labels(self) -> list[str]:
        n = len(self._shapes)
        return [self._layer_label(l, n, shape) for l, shape in enumerate(self._shapes)]

    def _layer_label(self, l: int, n: int, shape: tuple[int, ...]) -> str:
        """"1: hidden 1 (32×64)"; a conv layer's kernels "(8×1×3×3)"; max-pool "no weights"."""
        if len(shape) == 2:
            return self.tr("{0}: {1} ({2}×{3})").format(l + 1, layer_name(l, n), *shape)
        if shape == (0,):
            return self.tr("{0}: {1} (no weights)").format(l + 1, layer_name(l, n))
        return self.tr("{0}: {1} ({2})").format(l + 1, layer_name(l, n), times(shape))

    def retranslate(self) -> None:
        self._labels = self._layer_labels()
        for k, label in enumerate(self._labels):
            self.layer_box.setItemText(k, label)
        self._style_layer()

    def _style_layer(self) -> None:
        color = layer_color(self.layer)
        self.hist_now.setPen(pg.mkPen(color, width=2))
        fill = with_alpha(color, 90)
        self.hist_now.setBrush(fill)
        for k, band in enumerate(self.bands):
            band.setBrush(with_alpha(color, 40 + 35 * k))
        self.median.setPen(pg.mkPen(color.darker(150), width=2))
        names = ("min–max", "7–93 %", "16–84 %", "31–69 %")
        self.set_legend(
            [(color, LINE, self.tr("now")), ("#7f7f7f", DASH, self.tr("at the start")),
             (color.darker(150), LINE, self.tr("median"))]
            + [(with_alpha(color, 40 + 35 * k), BOX, name) for k, name in enumerate(names)])

    def reset(self) -> None:
        self.series.clear()
        self._latest = None
        self._start = {}
        for axis in (self.hist_x, self.hist_y, self.band_x, self.band_y):
            axis.clear()
        self.dirty = True

    def add(self, snap) -> None:
        if len(snap.hist_counts) != self.n_layers:
            return
        self._latest = (snap.hist_edges, snap.hist_counts)
        if not self._start:
            self._start = {l: (e, c) for l, (e, c) in
                           enumerate(zip(snap.hist_edges, snap.hist_counts))}
        self.series.append(snap.step, np.concatenate(snap.percentiles))
        self.dirty = True

    def redraw(self) -> None:
        l = self.layer
        self.show_hint(None if self._latest is not None else self.tr(
            "No weights yet: open a network with data (the histogram of each layer's weights "
            "appears here and follows training)."))
        if self._latest is None or l >= self.n_layers:
            for item in (self.hist_now, self.hist_start, self.median):
                item.setData([], [])
            return
        edges, counts = self._latest[0][l], self._latest[1][l]
        self.hist_now.setData(edges, counts)
        self.hist_start.setData(*self._start[l])
        start_edges, start_counts = self._start[l]
        self.hist_x.update(np.concatenate([edges, start_edges]), log=False)
        self.hist_y.update(np.concatenate([counts, start_counts]), log=False)
        p = len(PERCENTILES)
        most = max(20, min(BAND_POINTS, int(self.band_plot.vb.width() / 2)))
        x, rows = reduce_rows(self.series.x, self.series.rows[:, l * p: (l + 1) * p], most)
        if len(x) == 1:
            x, rows = np.array([x[0], x[0] + 1.0]), np.repeat(rows, 2, axis=0)
        for (low, high), (a, b) in zip(self.band_curves, BANDS):
            low.blockSignals(True)  # the fill is rebuilt once, when the high side changes
            low.setData(x, rows[:, a])
            low.blockSignals(False)
            high.setData(x, rows[:, b])
        self.median.setData(x, rows[:, MEDIAN])
        self.band_x.update(float(x[-1]))
        self.band_y.update(rows, log=False)

    def csv_table(self) -> tuple[list[str], np.ndarray]:
        header = ["step"] + [f"layer{l + 1}_p{q:g}" for l in range(self.n_layers)
                             for q in PERCENTILES]
        return header, np.column_stack([self.series.x, self.series.rows])


def reduce_rows(x: np.ndarray, rows: np.ndarray, most: int = BAND_POINTS
                ) -> tuple[np.ndarray, np.ndarray]:
    """At most ``most`` rows for drawing: groups of k rows become one (lower percentiles by
    their minimum, upper ones by their maximum, the median by the mean)."""
    k = -(-len(x) // most)
    if k <= 1:
        return x, rows
    n = len(x) - len(x) % k
    g = rows[:n].reshape(-1, k, rows.shape[1])
    out = np.empty((len(g), rows.shape[1]))
    out[:, :MEDIAN] = g[:, :, :MEDIAN].min(axis=1)
    out[:, MEDIAN] = g[:, :, MEDIAN].mean(axis=1)
    out[:, MEDIAN + 1:] = g[:, :, MEDIAN + 1:].max(axis=1)
    return x[:n:k], out


def with_alpha(color, alpha: int):
    """``color`` with alpha (0-255)."""
    c = pg.mkColor(color)
    c.setAlpha(alpha)
    return c
