"""The Filters dock: every conv layer's kernels as small images of their weights, following
training live (issue 13). A 2-D kernel is a kh x kw image per input channel, a 1-D kernel a
strip of k cells. Colours are the canvas's (blue > 0, orange < 0, stronger for larger |w|)
on one scale per layer: its largest |w|, written in the layer's caption.

The cost of a redraw is bounded: at most MAX_FILTERS filters x MAX_CHANNELS channels of a
layer are drawn (the caption counts the rest), one QImage each, made with NumPy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPen
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QToolTip, QWidget

from bpsim.gui.canvas.mapitems import images, weight_colors
from bpsim.gui.canvas.model import times
from bpsim.gui.canvas.style import CanvasStyle
from bpsim.gui.plots.base import PlotDock
from bpsim.gui.training.display import weight_shapes
from bpsim.spec import NetworkSpec

MAX_FILTERS = 64  # filters of a layer drawn (beyond: counted)
MAX_CHANNELS = 8  # input channels of a filter drawn
CHANNEL_GAP = 0.4  # cells between the channels of a filter
FILTER_GAP = 10.0  # pixels between filters
MAX_CELL = 28  # pixels of a weight's cell at most


@dataclass(frozen=True, slots=True)
class LayerKernels:
    """Conv layer ``layer``'s weights ``w`` (F, C, kh, kw), 1-D kernels as kh = 1."""

    layer: int
    caption: str
    w: np.ndarray


def _as_2d(w: np.ndarray) -> np.ndarray:
    w = np.asarray(w, dtype=np.float64)
    return w[:, :, None, :] if w.ndim == 3 else w


class FiltersView(QWidget):
    """Paints the kernels of every conv layer in rows of filters, as large as they fit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layers: list[LayerKernels] = []
        self._images: list[list[list[QImage]]] = []  # [layer][filter][channel]
        self._hits: list[tuple[QRectF, int, int, int, int, int]] = []  # cell lookups
        self.cell = 0  # the cell size of the last paint (pixels), for tests
        self.setMinimumSize(160, 80)

    def set_kernels(self, layers: list[LayerKernels]) -> None:
        style = CanvasStyle(self.palette())
        self.layers = layers
        self._images = []
        for lk in layers:
            w = lk.w[:MAX_FILTERS, :MAX_CHANNELS]
            argb = weight_colors(style, w, float(np.abs(lk.w).max(initial=0.0)))
            flat = images(argb.reshape(-1, *argb.shape[2:]))  # one per (filter, channel)
            c = argb.shape[1]
            self._images.append([flat[f * c:(f + 1) * c] for f in range(argb.shape[0])])
        self.update()

    # -- geometry ------------------------------------------------------------------------
    def _tile(self, lk: LayerKernels, cell: float) -> tuple[float, float]:
        _f, c, kh, kw = lk.w[:, :MAX_CHANNELS].shape
        return (c * kw + (c - 1) * CHANNEL_GAP) * cell, kh * cell

    def _height(self, cell: float, width: float, line: float) -> float:
        total = 0.0
        for lk in self.layers:
            tw, th = self._tile(lk, cell)
            per_row = max(1, int((width + FILTER_GAP) // (tw + FILTER_GAP)))
            rows = math.ceil(min(len(lk.w), MAX_FILTERS) / per_row)
            total += line + rows * (th + FILTER_GAP)
        return total

    def _best_cell(self, width: float, height: float, line: float) -> int:
        for cell in range(MAX_CELL, 1, -1):
            if self._height(cell, width, line) <= height:
                return cell
        return 2

    # -- painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        self.render_into(painter, self.width(), self.height())
        painter.end()

    def render_into(self, painter: QPainter, width: float, height: float) -> None:
        style = CanvasStyle(self.palette())
        line = painter.fontMetrics().height() + 4
        margin = 6.0
        cell = self.cell = self._best_cell(width - 2 * margin, height - 2 * margin, line)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        self._hits = []
        y = margin
        for k, lk in enumerate(self.layers):
            painter.setPen(style.text)
            painter.drawText(QRectF(margin, y, width - 2 * margin, line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             lk.caption)
            y += line
            tw, th = self._tile(lk, cell)
            per_row = max(1, int((width - 2 * margin + FILTER_GAP) // (tw + FILTER_GAP)))
            kh, kw = lk.w.shape[2:]
            for f, channels in enumerate(self._images[k]):
                row, col = divmod(f, per_row)
                x0 = margin + col * (tw + FILTER_GAP)
                y0 = y + row * (th + FILTER_GAP)
                for c, image in enumerate(channels):
                    rect = QRectF(x0 + c * (kw + CHANNEL_GAP) * cell, y0, kw * cell, kh * cell)
                    painter.drawImage(rect, image)
                    painter.setPen(QPen(style.muted, 1.0))
                    painter.drawRect(rect)
                    self._hits.append((rect, k, f, c, kh, kw))
            rows = math.ceil(len(self._images[k]) / per_row)
            y += rows * (th + FILTER_GAP)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(event.position().x(), event.position().y())
            if text:
                QToolTip.showText(event.globalPosition().toPoint(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def tooltip_at(self, x: float, y: float) -> str:
        """"filter 2, channel 1, (1,3): w = 0.123" for the weight under (x, y)."""
        for rect, k, f, c, kh, kw in self._hits:
            if rect.contains(x, y):
                a = min(int((y - rect.top()) / rect.height() * kh), kh - 1)
                b = min(int((x - rect.left()) / rect.width() * kw), kw - 1)
                w = float(self.layers[k].w[f, c, a, b])
                where = f"{b + 1}" if kh == 1 else f"{a + 1},{b + 1}"
                return self.tr("filter {0}, channel {1}, ({2}): w = {3:.6g}").format(
                    f + 1, c + 1, where, w)
        return ""


class FiltersDock(PlotDock):
    """The kernels of the network's conv layers (hidden for networks without one)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Filters"), "FiltersDock", parent)
        self.finish_controls()
        self.view = FiltersView(self)
        self.graphics.hide()
        self.widget().layout().insertWidget(2, self.view, 1)
        self.plot_area = self.view
        self.conv: list[int] = []  # the conv layers
        self._spec: NetworkSpec | None = None
        self._weights: list[np.ndarray] | None = None
        self._shapes: list[tuple[int, ...]] = []
        self._auto_hidden = False

    def set_context(self, spec: NetworkSpec, prepared: object | None) -> None:
        self._spec = spec
        self.conv = [l for l, layer in enumerate(spec.layers) if layer.kind == "conv"]
        self._shapes = weight_shapes(spec)
        self._weights = ([layer.weights for layer in spec.layers[1:]]
                         if all(la.weights is not None for la in spec.layers[1:]
                                if la.has_parameters) else None)
        self.dirty = True
        self._follow_availability()

    def _follow_availability(self) -> None:
        """Out of the way for networks without conv layers, back for those with one, unless
        the user closed it."""
        if not self.conv and not self.isHidden():
            self._auto_hidden = True
            self.hide()
        elif self.conv and self._auto_hidden:
            self._auto_hidden = False
            self.show()

    def add(self, snap) -> None:
        if snap.weights and [w.shape for w in snap.weights] == self._shapes:
            self._weights = list(snap.weights)
            self.dirty = True

    def redraw(self) -> None:
        spec = self._spec
        if spec is None or not self.conv or self._weights is None:
            self.show_hint(self.tr("No convolution layer: this view shows the kernels of "
                                   "conv layers as small images of their weights."))
            self.view.set_kernels([])
            return
        self.show_hint(None)
        layers = []
        for l in self.conv:
            w = _as_2d(self._weights[l - 1])
            layer = spec.layers[l]
            more = ""
            if len(w) > MAX_FILTERS or w.shape[1] > MAX_CHANNELS:
                more = self.tr(" (the first {0} filters, {1} channels drawn)").format(
                    min(len(w), MAX_FILTERS), min(w.shape[1], MAX_CHANNELS))
            caption = (self.tr("Hidden {0}: {1} filters of {2}×{3}; blue > 0, orange < 0, "
                               "full colour at |w| = {4:.3g}{5}")
                       if l < len(spec.layers) - 1 else
                       self.tr("Output: {1} filters of {2}×{3}; blue > 0, orange < 0, "
                               "full colour at |w| = {4:.3g}{5}")).format(
                l, layer.filters, w.shape[1], times(layer.kernel),
                float(np.abs(w).max(initial=0.0)), more)
            layers.append(LayerKernels(l, caption, w))
        self.view.set_kernels(layers)

    def csv_table(self) -> tuple[list[str], np.ndarray]:
        rows = []
        if self._weights is not None:
            for l in self.conv:
                w = _as_2d(self._weights[l - 1])
                for index in np.ndindex(*w.shape):
                    rows.append([l, *(i + 1 for i in index), w[index]])
        header = ["layer", "filter", "channel", "row", "column", "weight"]
        return header, np.array(rows, dtype=float).reshape(-1, len(header))

    def export_png(self, path: str) -> bool:
        self.redraw()
        return self.view.grab().save(path)

    def export_svg(self, path: str) -> bool:
        self.redraw()
        size = self.view.size()
        generator = QSvgGenerator()
        generator.setFileName(path)
        generator.setSize(size)
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setTitle(self.windowTitle())
        painter = QPainter(generator)
        ok = painter.isActive()
        if ok:
            self.view.render_into(painter, size.width(), size.height())
            painter.end()
        return ok

    def apply_palette(self) -> None:
        super().apply_palette()
        self.dirty = True
