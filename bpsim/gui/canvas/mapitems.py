"""The canvas items of layers with maps: the maps (cells coloured by the example's outputs),
a conv layer's kernels (cells coloured by the shared weights) and the marks (highlighted
cells and connections: a receptive field, the connections of a shared weight, the Step
mode's current sum).

A whole layer's maps are one :class:`MapItem` and its kernels one :class:`KernelItem`:
their colours are images made with NumPy (one per map or kernel channel), so a 24x24 map
costs one drawImage, not 576 items. Hovering reports the cell under the mouse to the scene
(``hover_map`` / ``hover_kernel``), which marks what it reads or shares.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from bpsim.gui.canvas.items import Z_HOVER, Z_NEURON
from bpsim.gui.canvas.maplayout import MapBlock, Rect
from bpsim.gui.canvas.style import CanvasStyle, lut_argb

Z_MARKS = Z_NEURON + 5
GRID_PX = 7.0  # cells at least this many pixels wide get grid lines


def _qrect(r: Rect) -> QRectF:
    return QRectF(*r)


def images(argb: np.ndarray) -> list[QImage]:
    """One QImage per leading index of ``argb`` (n, h, w) uint32."""
    argb = np.ascontiguousarray(argb, dtype=np.uint32)
    n, h, w = argb.shape
    return [QImage(argb[k].data, w, h, 4 * w, QImage.Format.Format_ARGB32).copy()
            for k in range(n)]


def fill_argb(v: np.ndarray, lo: float, hi: float, diverging: bool) -> np.ndarray:
    """ARGB32 fill colours of the values ``v`` on the map [lo, hi] (as the neurons')."""
    lut = lut_argb(diverging)
    span = hi - lo if hi > lo else 1.0
    with np.errstate(invalid="ignore", over="ignore"):
        t = np.nan_to_num((v - lo) / span, nan=0.0, posinf=1.0, neginf=0.0)
    return lut[(t.clip(0.0, 1.0) * (len(lut) - 1) + 0.5).astype(np.intp)]


def _cosmetic(color: QColor, width: float) -> QPen:
    pen = QPen(color, width)
    pen.setCosmetic(True)
    return pen


class _Cells(QGraphicsItem):
    """Common parts: hover over cells, one selected cell, the grid lines of cell images."""

    def __init__(self, style: CanvasStyle, layer: int, block: MapBlock) -> None:
        super().__init__()
        self.style, self.layer, self.block = style, layer, block
        self.hover_key: object = None
        self.selected_key: object = None
        self.names: list = []  # texts in the cells (TextBoxItems), when the scene made them
        self._argb: np.ndarray | None = None  # the cells' colours, flat
        self.setAcceptHoverEvents(True)
        self.setZValue(Z_NEURON)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return self._shape.boundingRect().adjusted(-3, -3, 3, 3)

    def shape(self) -> QPainterPath:
        return self._shape

    def key_at(self, x: float, y: float) -> object:
        raise NotImplementedError

    def key_rect(self, key: object) -> QRectF:
        raise NotImplementedError

    def hoverMoveEvent(self, event) -> None:  # noqa: N802
        p = event.pos()
        key = self.key_at(p.x(), p.y())
        if key != self.hover_key:
            self.hover_key = key
            self.update()
            self._report(key)

    def hoverLeaveEvent(self, event) -> None:  # noqa: N802
        if self.hover_key is not None:
            self.hover_key = None
            self.update()
            self._report(None)

    def _report(self, key: object) -> None:
        scene = self.scene()
        if hasattr(scene, "hover_cell"):
            scene.hover_cell(self, key)

    def texts(self) -> tuple[str, ...]:
        return ()  # the cells' texts are child items

    def color(self, k: int) -> QColor:
        """The colour of cell ``k`` (flat, as drawn)."""
        if self._argb is None:
            return self.style.neutral_fill
        return QColor.fromRgba(int(self._argb.flat[k]))

    def _recolor_names(self) -> None:
        for k, box in enumerate(self.names):
            box.pen = self.style.text_on(self.color(k))
            box.update()

    def set_selected(self, key: object) -> None:
        if key != self.selected_key:
            self.selected_key = key
            self.update()

    def _paint_images(self, painter: QPainter, option: QStyleOptionGraphicsItem,
                      rects: Sequence[QRectF], images: Sequence[QImage], cell: float) -> None:
        """The cell images in ``rects`` with thin grid lines where cells are large enough,
        and an outline around each."""
        st = self.style
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        for rect, image in zip(rects, images, strict=True):
            painter.drawImage(rect, image)
        px = cell * option.levelOfDetailFromTransform(painter.worldTransform())
        if px >= GRID_PX:
            painter.setPen(_cosmetic(st.faded(st.text, 0.18), 1.0))
            for rect, image in zip(rects, images, strict=True):
                lines = [QLineF(rect.left() + k * cell, rect.top(), rect.left() + k * cell,
                                rect.bottom()) for k in range(1, image.width())]
                lines += [QLineF(rect.left(), rect.top() + k * cell, rect.right(),
                                 rect.top() + k * cell) for k in range(1, image.height())]
                painter.drawLines(lines)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_cosmetic(st.text, 1.2))
        for rect in rects:
            painter.drawRect(rect)

    def _paint_marks(self, painter: QPainter) -> None:
        st = self.style
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.selected_key is not None:
            painter.setPen(_cosmetic(st.highlight, 4.0))
            painter.drawRect(self.key_rect(self.selected_key))
        if self.hover_key is not None:
            painter.setPen(_cosmetic(st.highlight, 2.5))
            painter.drawRect(self.key_rect(self.hover_key))


class MapItem(_Cells):
    """The maps of layer ``layer``, each cell filled by its unit's output o (neutral when
    unknown: no example, or not computed yet in the Step mode)."""

    def __init__(self, style: CanvasStyle, layer: int, block: MapBlock) -> None:
        super().__init__(style, layer, block)
        self._shape = QPainterPath()
        self._rects = [_qrect(block.map_rect(c)) for c in range(block.channels)]
        for rect in self._rects:
            self._shape.addRect(rect)
        self.values: np.ndarray | None = None
        self._images: list[QImage] = []
        self.set_values(None, 0.0, 1.0, False)

    def key_at(self, x: float, y: float) -> int | None:
        return self.block.unit_at(x, y)

    def key_rect(self, key: object) -> QRectF:
        return _qrect(self.block.cell_rect(int(key)))

    def set_values(self, values: np.ndarray | None, lo: float, hi: float,
                   diverging: bool) -> None:
        """Colour every cell by ``values`` (C·H·W, C order) on the map [lo, hi]; NaN and
        None are the neutral fill."""
        b = self.block
        neutral = self.style.neutral_fill.rgba() | 0xFF000000
        shape = (b.channels, b.rows, b.cols)
        if values is None:
            argb = np.full(shape, neutral, dtype=np.uint32)
            self.values = None
        else:
            v = np.asarray(values, dtype=np.float64).reshape(shape)
            self.values = v.ravel()
            argb = np.where(np.isnan(v), np.uint32(neutral), fill_argb(v, lo, hi, diverging))
        self._argb = argb
        self._images = images(argb)
        self._recolor_names()
        self.update()

    def value(self, unit: int) -> float | None:
        if self.values is None or not 0 <= unit < len(self.values):
            return None
        v = float(self.values[unit])
        return None if v != v else v

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        self._paint_images(painter, option, self._rects, self._images, self.block.cell)
        self._paint_marks(painter)


class KernelItem(_Cells):
    """The kernels of conv layer ``layer``: one block per filter, its C_in channels as small
    grids, each cell coloured by its shared weight (blue > 0, orange < 0, stronger for
    larger |w| as the edges)."""

    def __init__(self, style: CanvasStyle, layer: int, block: MapBlock) -> None:
        super().__init__(style, layer, block)
        c_in, kh, kw = block.kernel
        self.channels, self.kh, self.kw = c_in, kh, kw
        self.filters = len(block.kernel_origins)
        self._rects = [
            QRectF(*self._channel_origin(f, c), kw * block.kernel_cell, kh * block.kernel_cell)
            for f in range(self.filters) for c in range(c_in)]
        self._shape = QPainterPath()
        for rect in self._rects:
            self._shape.addRect(rect)
        self.weights: np.ndarray | None = None  # (F, C_in·kh·kw) as drawn
        self.weights_size = self.filters * c_in * kh * kw
        self.biases: np.ndarray | None = None
        self.bias_texts: list = []  # "b=…" of each filter (TextBoxItems), beside its kernel
        self._images: list[QImage] = []
        self.setZValue(Z_NEURON + 1)
        self.set_weights(None, 0.0)

    def _channel_origin(self, f: int, c: int) -> tuple[float, float]:
        x, y, _w, _h = self.block.kernel_cell_rect(f, c * self.kh * self.kw)
        return x, y

    def key_at(self, x: float, y: float) -> tuple[int, int] | None:
        return self.block.kernel_at(x, y)

    def key_rect(self, key: object) -> QRectF:
        f, r = key
        return _qrect(self.block.kernel_cell_rect(f, r))

    def set_weights(self, weights: np.ndarray | None, max_abs: float) -> None:
        """``weights`` (F, C_in, kh, kw) or None (not initialised: neutral)."""
        st = self.style
        shape = (self.filters * self.channels, self.kh, self.kw)
        if weights is None:
            self.weights = None
            argb = np.full(shape, st.neutral_fill.rgba() | 0xFF000000, dtype=np.uint32)
        else:
            w = np.asarray(weights, dtype=np.float64).reshape(shape)
            self.weights = w.reshape(self.filters, -1)
            argb = weight_colors(st, w, max_abs)
        self._argb = argb
        self._images = images(argb)
        self._recolor_names()
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        self._paint_images(painter, option, self._rects, self._images, self.block.kernel_cell)
        self._paint_marks(painter)


def weight_colors(style: CanvasStyle, w: np.ndarray, max_abs: float) -> np.ndarray:
    """ARGB32 colours of weights: the edge colour of their sign mixed into the background by
    |w| / max |w| (at least a fifth, so a small weight is still coloured)."""
    bg = np.array(style.background.getRgb()[:3], dtype=np.float64)
    pos = np.array(style.positive.getRgb()[:3], dtype=np.float64)
    neg = np.array(style.negative.getRgb()[:3], dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.nan_to_num(np.abs(w) / max_abs if max_abs > 0 else np.zeros_like(w),
                          nan=0.0, posinf=1.0).clip(0.0, 1.0)
    t = np.where(w == 0, 0.0, 0.2 + 0.8 * t)[..., None]
    color = np.where((w >= 0)[..., None], pos, neg)
    rgb = (bg + (color - bg) * t).round().astype(np.uint32)
    return 0xFF000000 | (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]


class MarkItem(QGraphicsItem):
    """Marked cells and connections, drawn over the maps in the Step mode's gold, edged in
    the text colour (visible on every fill): a receptive field, the connections of a shared
    weight, the current sum's terms."""

    def __init__(self, style: CanvasStyle, z: float = Z_MARKS) -> None:
        super().__init__()
        self.style = style
        self.rects: list[QRectF] = []
        self.lines: list[QLineF] = []
        self._bounds = QRectF()
        self.setZValue(z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_marks(self, rects: list[QRectF], lines: list[QLineF]) -> None:
        self.prepareGeometryChange()
        self.rects, self.lines = rects, lines
        bounds = QRectF()
        for r in rects:
            bounds = bounds.united(r)
        for ln in lines:
            bounds = bounds.united(QRectF(ln.p1(), ln.p2()).normalized())
        self._bounds = bounds.adjusted(-8, -8, 8, 8)
        self.setVisible(bool(rects or lines))
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        st = self.style
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.lines:
            painter.setPen(_cosmetic(st.text, 4.0))
            painter.drawLines(self.lines)
            painter.setPen(_cosmetic(st.gold, 2.0))
            painter.drawLines(self.lines)
        if self.rects:
            painter.setPen(_cosmetic(st.text, 3.5))
            painter.drawRects(self.rects)
            painter.setPen(_cosmetic(st.gold, 1.8))
            painter.drawRects(self.rects)


Z_HOVER_MARKS = Z_HOVER
