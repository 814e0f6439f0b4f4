"""The window of Train → Pre-train layer by layer: progress per layer, a live
reconstruction-loss curve per layer and, for image inputs, a few training inputs above their
reconstructions by the first layer's autoencoder and, when done, the first layer's units'
weights as images (the features it learnt). Fed by the controller (GUI thread)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bpsim.gui.panels.plots import palette_colors
from bpsim.gui.plots.base import LINE, layer_color, legend_html, style_plot
from bpsim.gui.plots.series import SampledSeries, decimate
from bpsim.gui.training.pretraining import PretrainDone, PretrainProgress
from bpsim.spec import NetworkSpec

MAX_UNITS_SHOWN = 32  # first-layer units drawn as images


def image_shape(spec: NetworkSpec) -> tuple[int, int] | None:
    """(H, W) when the inputs are an image: a [1, H, W] input shape, or the digits (8x8)."""
    shape = spec.layers[0].shape
    if shape is not None and len(shape) == 3 and shape[0] == 1:
        return int(shape[1]), int(shape[2])
    n = spec.sizes[0]
    side = math.isqrt(n)
    if spec.data is not None and spec.data.dataset == "digits" and side * side == n:
        return side, side
    return None


def mosaic(images: np.ndarray, shape: tuple[int, int], columns: int) -> np.ndarray:
    """Tiles (count, H*W) -> one image with ``columns`` tiles a row, 1 px gaps (NaN)."""
    h, w = shape
    rows = max(1, math.ceil(len(images) / columns))
    out = np.full((rows * (h + 1) - 1, columns * (w + 1) - 1), np.nan)
    for k, image in enumerate(images):
        r, c = divmod(k, columns)
        out[r * (h + 1): r * (h + 1) + h, c * (w + 1): c * (w + 1) + w] = image.reshape(h, w)
    return out


class PretrainView(QDialog):
    """See the module docstring."""

    stopRequested = Signal()  # noqa: N815

    def __init__(self, spec: NetworkSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pre-training layer by layer"))
        self.setObjectName("PretrainView")
        self.shape = image_shape(spec)
        layout = QVBoxLayout(self)
        self.status = QLabel(self.tr("Starting…"), self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.bar = QProgressBar(self)
        layout.addWidget(self.bar)
        self.legend = QLabel(self)
        layout.addWidget(self.legend)
        bg, _fg = palette_colors()
        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.setBackground(bg)
        self.graphics.setMinimumHeight(180)
        self.plot = self.graphics.addPlot(row=0, col=0)
        style_plot(self.plot, self.tr("reconstruction loss"), self.tr("epoch"))
        self.plot.setLogMode(False, True)
        self.plot.enableAutoRange()
        layout.addWidget(self.graphics, 1)
        self.pictures = None
        if self.shape is not None:
            self.pictures = pg.GraphicsLayoutWidget(self)
            self.pictures.setBackground(bg)
            self.pictures.setMinimumHeight(160)
            self.samples_view = self._image_box(0, self.tr("inputs (top) and reconstructions"))
            self.weights_view = self._image_box(1, self.tr("first layer's weights"))
            layout.addWidget(self.pictures, 1)
        buttons = QDialogButtonBox(self)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.clicked.connect(self.stopRequested)
        buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.close)
        layout.addWidget(buttons)
        self.series: dict[int, SampledSeries] = {}
        self.curves: dict[int, pg.PlotDataItem] = {}
        self.layers: tuple[int, ...] = ()
        self.outcome: PretrainDone | None = None
        self.resize(560, 560 if self.shape else 360)

    def _image_box(self, col: int, title: str) -> pg.ImageItem:
        box = self.pictures.addViewBox(row=0, col=col, lockAspect=True, invertY=True)
        box.setMenuEnabled(False)
        box.setMouseEnabled(False, False)
        self.pictures.addLabel(title, row=1, col=col, color=palette_colors()[1])
        image = pg.ImageItem()
        image.setColorMap(pg.colormap.get("CET-L1"))
        box.addItem(image)
        return image

    def progress(self, p: PretrainProgress) -> None:
        """One progress message: the curve of its layer, the bar, the reconstructions."""
        if p.layer not in self.series:
            self.layers = p.layers
            self.series[p.layer] = SampledSeries(1, capacity=2048)
            n = len(p.layers)
            index = p.layers.index(p.layer)
            self.curves[p.layer] = self.plot.plot(pen=pg.mkPen(layer_color(index), width=2))
            self.legend.setText(legend_html([
                (layer_color(k), LINE, self.tr("hidden {0}").format(layer))
                for k, layer in enumerate(p.layers) if layer in self.series]))
            self.bar.setRange(0, n * max(1, p.epochs))
        index = p.layers.index(p.layer)
        m = len(p.losses)
        first = index * p.epochs + p.epoch - m + 1
        self.series[p.layer].extend(np.arange(first, first + m, dtype=float), p.losses[:, None])
        s = self.series[p.layer]
        y = s.rows[:, 0]
        self.curves[p.layer].setData(*decimate(s.x, np.where(y > 0, y, np.nan), 400))
        self.bar.setValue(index * p.epochs + p.epoch)
        self.status.setText(self.tr("Layer {0} of {1} (hidden {2}): epoch {3} of {4}, "
                                    "reconstruction loss {5:.4g}").format(
            index + 1, len(p.layers), p.layer, p.epoch, p.epochs, p.loss))
        if self.shape is not None and p.reconstructions is not None:
            tiles = np.concatenate([p.inputs, p.reconstructions])
            self.samples_view.setImage(mosaic(tiles, self.shape, len(p.inputs)))

    def finish(self, done: PretrainDone) -> None:
        """Pre-training ended: what each layer did; the first layer's weights as images."""
        self.outcome = done
        self.stop_button.setEnabled(False)
        if done.spec is None:
            self.status.setText(self.tr("Cannot pre-train: {0}").format(done.error))
            return
        parts = [self.tr("hidden {0}: {1:.4g} → {2:.4g}").format(layer, before, after)
                 for layer, before, after, _reason in done.results]
        stopped = [r for r in done.results if r[3] != "completed"]
        head = (self.tr("Stopped ({0}).").format(stopped[0][3]) if stopped
                else self.tr("Done: one undoable edit (Edit → Undo)."))
        self.status.setText(head + " " + self.tr("Reconstruction loss per example: {0}")
                            .format("; ".join(parts)))
        self.bar.setValue(self.bar.maximum())
        if self.shape is not None and done.results:
            W = np.asarray(done.spec.layers[done.results[0][0]].weights)[:MAX_UNITS_SHOWN]
            self.weights_view.setImage(mosaic(W, self.shape, min(8, len(W))))
