"""The canvas's QGraphicsItems: neurons, edges, placeholders, headers and text boxes.

Items paint with the prebuilt pens of a shared :class:`CanvasStyle`; their state (value,
selection, highlight) is plain attributes set by the scene, followed by ``update()``.
Tooltips are computed lazily by the view (see ``NetworkCanvas.viewportEvent``).
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from bpsim.gui.canvas.layout import Placeholder
from bpsim.gui.canvas.style import CanvasStyle, edge_width, fmt

Z_BAND, Z_EDGE, Z_EDGE_MARKED, Z_HEADER, Z_NEURON, Z_EDGE_TEXT, Z_UNIT_TEXT = 0, 1, 2, 3, 10, 11, 12
_CENTER = Qt.AlignmentFlag.AlignCenter


class _Hoverable(QGraphicsItem):
    """An item drawn differently while the mouse is over it (``self.hovered``)."""

    def hoverEnterEvent(self, event) -> None:  # noqa: N802
        self.hovered = True
        self.update()

    def hoverLeaveEvent(self, event) -> None:  # noqa: N802
        self.hovered = False
        self.update()


class NeuronItem(_Hoverable):
    """A unit: a circle with its label and (non-input units) its bias below.

    Labels that do not fit the circle are drawn beside it when ``outside`` is "left" (input
    layer) or "right" (output layer), else elided. ``text_right`` is the right edge of what the
    item draws beside the circle (annotations go further right).
    """

    def __init__(
        self,
        style: CanvasStyle,
        layer: int,
        unit: int,
        label: str,
        radius: float,
        outside: str | None = None,
    ):
        super().__init__()
        self.style, self.layer, self.unit, self.label, self.r = style, layer, unit, label, radius
        self.bias: float | None = None
        self.output: float | None = None
        self.selected = self.highlighted = self.hovered = False
        self._fill: QBrush | None = None
        self._fill_color = style.neutral_fill
        self._bias_text = ""
        self._bias_rect = QRectF()
        self._circle = QRectF(-radius, -radius, 2 * radius, 2 * radius)
        fm = QFontMetricsF(style.font)
        width = fm.horizontalAdvance(label) + 4
        self._label_outside = outside if width > 2 * radius - 2 else None
        self._shown_label = label
        if self._label_outside == "left":
            self._label_rect = QRectF(-radius - 6 - width, -radius, width, 2 * radius)
        elif self._label_outside == "right":
            self._label_rect = QRectF(radius + 6, -radius, width, 2 * radius)
        else:
            self._label_rect = self._circle
            self._shown_label = fm.elidedText(label, Qt.TextElideMode.ElideRight, 2 * radius - 4)
        self.text_right = max(radius, self._label_rect.right())
        side = Qt.AlignmentFlag.AlignRight if outside == "left" else Qt.AlignmentFlag.AlignLeft
        self._label_align = side | Qt.AlignmentFlag.AlignVCenter
        self._bounds = self._circle.adjusted(-7, -7, 7, 7).united(self._label_rect)
        self.setZValue(Z_NEURON)
        self.setAcceptHoverEvents(True)

    def texts(self) -> tuple[str, ...]:
        return tuple(t for t in (self._shown_label, self._bias_text) if t)

    def set_bias(self, bias: float | None) -> None:
        """Show ``b=…`` under the circle (None hides it)."""
        self.prepareGeometryChange()
        self.bias = bias
        if bias is None:
            self._bias_text, self._bias_rect = "", QRectF()
        else:
            self._bias_text = "b=" + fmt(bias, 2)
            fm = QFontMetricsF(self.style.small_font)
            w, h = fm.horizontalAdvance(self._bias_text) + 6, fm.height() + 1
            self._bias_rect = QRectF(-w / 2, self.r + 2, w, h)
        rect = self._circle.adjusted(-7, -7, 7, 7).united(self._label_rect)
        self._bounds = rect.united(self._bias_rect) if bias is not None else rect
        self.update()

    def set_fill(self, color: QColor | None, output: float | None) -> None:
        """Fill with ``color`` (the output's colour), or the neutral fill for None."""
        self.output = output
        self._fill = None if color is None else QBrush(color)
        self._fill_color = self.style.neutral_fill if color is None else color
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(self._circle)
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        st = self.style
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if self.highlighted:
            painter.setPen(st.glow)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(self._circle)
        painter.setBrush(self._fill or st.neutral_brush)
        if self.selected:
            painter.setPen(st.selected_outline)
        elif self.highlighted:
            painter.setPen(st.glow_outline)
        elif self.hovered:
            painter.setPen(st.hover_outline)
        else:
            painter.setPen(st.outline)
        painter.drawEllipse(self._circle)
        if lod < 0.3:
            return
        painter.setFont(st.font)
        if self._label_outside:
            painter.setPen(st.text_pen)
            painter.drawText(self._label_rect, self._label_align, self._shown_label)
        else:
            painter.setPen(st.text_on(self._fill_color))
            painter.drawText(self._circle, _CENTER, self._shown_label)
        if self._bias_text and lod > 0.45:
            painter.setPen(st.no_pen)
            painter.setBrush(st.box_brush)
            painter.drawRoundedRect(self._bias_rect, 3, 3)
            painter.setFont(st.small_font)
            painter.setPen(st.muted_pen)
            painter.drawText(self._bias_rect, _CENTER, self._bias_text)


class EdgeItem(_Hoverable):
    """One weight w from unit i of layer l-1 to unit j of layer l, drawn centre to centre."""

    def __init__(
        self,
        style: CanvasStyle,
        l: int,
        j: int,
        i: int,
        p1: QPointF,
        p2: QPointF,
        alpha: float = 1.0,
    ):
        super().__init__()
        self.style, self.l, self.j, self.i, self.alpha = style, l, j, i, alpha
        self.antialias = True
        self.line = QLineF(p1, p2)
        self.value: float | None = None
        self.pen = style.edge_pen(0, 1.0)
        self.selected = self.highlighted = self.hovered = False
        self._bounds = QRectF(p1, p2).normalized().adjusted(-10, -10, 10, 10)
        path = QPainterPath(p1)
        path.lineTo(p2)
        stroker = QPainterPathStroker()
        stroker.setWidth(9.0)
        self._shape = stroker.createStroke(path)
        self.setZValue(Z_EDGE)
        self.setAcceptHoverEvents(True)

    def set_value(self, value: float | None, max_abs: float) -> None:
        """Recolour (sign) and resize (|w| / max |w|) the edge; repaint only on a change."""
        self.value = value
        if value is None:
            pen = self.style.edge_pen(0, 1.0)
        else:
            sign = 1 if value > 0 else -1 if value < 0 else 0
            pen = self.style.edge_pen(sign, edge_width(value, max_abs), self.alpha)
        if pen is not self.pen:
            self.pen = pen
            self.update()

    def set_marks(self, selected: bool | None = None, highlighted: bool | None = None) -> None:
        if selected is not None:
            self.selected = selected
        if highlighted is not None:
            self.highlighted = highlighted
        self.setZValue(Z_EDGE_MARKED if self.selected or self.highlighted else Z_EDGE)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._shape

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        st = self.style
        width = self.pen.widthF()
        if not self.antialias:  # dense pairs (the view restores the painter after each item)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if self.highlighted:
            painter.setPen(st.halo(st.gold, width + 8.0, 0.9))
            painter.drawLine(self.line)
        if self.selected or self.hovered:
            painter.setPen(st.halo(st.highlight, width + (6.0 if self.selected else 3.0)))
            painter.drawLine(self.line)
        painter.setPen(self.pen)
        painter.drawLine(self.line)


class BandItem(QGraphicsPathItem):
    """A translucent band standing for the connections that are not drawn one by one."""

    def __init__(self, style: CanvasStyle, l: int, path: QPainterPath, info: str):
        super().__init__(path)
        self.l, self.info = l, info
        self.setPen(style.no_pen)
        self.setBrush(style.bundle_brush)
        self.setZValue(Z_BAND)


class PlaceholderItem(QGraphicsItem):
    """The "… 776 more" pill of a collapsed (or capped) layer."""

    def __init__(self, style: CanvasStyle, placeholder: Placeholder):
        super().__init__()
        self.style, self.placeholder, self.layer = style, placeholder, placeholder.layer
        self.text = placeholder.text
        fm = QFontMetricsF(style.font)
        w, h = fm.horizontalAdvance(self.text) + 18, fm.height() + 10
        self._rect = QRectF(-w / 2, -h / 2, w, h)
        self.setPos(placeholder.x, placeholder.y)
        self.setZValue(Z_NEURON)

    def texts(self) -> tuple[str, ...]:
        return (self.text,)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        st = self.style
        painter.setBrush(st.box_brush)
        painter.setPen(st.dashed)
        painter.drawRoundedRect(self._rect, self._rect.height() / 2, self._rect.height() / 2)
        painter.setFont(st.font)
        painter.setPen(st.text_pen)
        painter.drawText(self._rect, _CENTER, self.text)


class TextBoxItem(QGraphicsItem):
    """A small multi-line text box (column header, step-by-step annotation).

    ``anchor`` says which point of the box sits at the item's position: "left" (left edge,
    vertical centre), "center", or "bottom" (horizontal centre, bottom edge).
    """

    def __init__(
        self,
        style: CanvasStyle,
        text: str,
        anchor: str = "center",
        header: bool = False,
        boxed: bool = True,
    ):
        super().__init__()
        self.style, self.text, self.header, self.boxed = style, text, header, boxed
        lines = text.split("\n")
        fonts = [
            style.header_font if header and k == 0 else style.annot_font for k in range(len(lines))
        ]
        metrics = [QFontMetricsF(f) for f in fonts]
        w = max(m.horizontalAdvance(line) for m, line in zip(metrics, lines, strict=True)) + 10
        h = sum(m.height() for m in metrics) + 6
        x = {"left": 0.0, "center": -w / 2, "bottom": -w / 2}[anchor]
        y = -h if anchor == "bottom" else -h / 2
        self._rect = QRectF(x, y, w, h)
        self._lines = []
        top = y + 3
        for font, m, line in zip(fonts, metrics, lines, strict=True):
            self._lines.append((font, QRectF(x + 5, top, w - 10, m.height()), line))
            top += m.height()
        self.setZValue(Z_HEADER if header else Z_UNIT_TEXT)

    def texts(self) -> tuple[str, ...]:
        return tuple(self.text.split("\n"))

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        st = self.style
        if self.boxed:
            painter.setBrush(st.box_brush)
            painter.setPen(st.box_pen)
            painter.drawRoundedRect(self._rect, 4, 4)
        align = (
            _CENTER if self.header else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        for k, (font, rect, line) in enumerate(self._lines):
            painter.setFont(font)
            painter.setPen(st.muted_pen if self.header and k > 0 else st.text_pen)
            painter.drawText(rect, align, line)
