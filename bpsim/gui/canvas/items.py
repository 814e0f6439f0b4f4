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
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from bpsim.gui.canvas.labels import TextBoxItem
from bpsim.gui.canvas.layout import Placeholder
from bpsim.gui.canvas.style import CanvasStyle, edge_width, fmt

Z_BAND, Z_EDGE, Z_EDGE_MARKED, Z_NEURON, Z_HOVER = 0, 1, 2, 10, 20
_CENTER = Qt.AlignmentFlag.AlignCenter


class _Hoverable(QGraphicsItem):
    """An item drawn differently while the mouse is over it (``self.hovered``)."""

    def hoverEnterEvent(self, event) -> None:  # noqa: N802
        self.hovered = True
        self.update()
        self._report(True)

    def hoverLeaveEvent(self, event) -> None:  # noqa: N802
        self.hovered = False
        self.update()
        self._report(False)

    def _report(self, on: bool) -> None:
        """Tell the scene (a conv connection marks every connection sharing its weight)."""
        scene = self.scene()
        if hasattr(scene, "hover_item"):
            scene.hover_item(self, on)


class NeuronItem(_Hoverable):
    """A unit: a circle (filled by its output, or its picture over the input plane) with its
    name and (non-input units) its bias as child texts at a fixed screen size.

    ``outside`` is where the name may go when it does not fit the circle: "left" (input
    layer), "right" (output layer) or None (hidden: then it is hidden, shown on hover). The
    scene decides with :meth:`place_texts` for the current zoom.
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
        self.outside = outside
        self.bias: float | None = None
        self.output: float | None = None
        self.selected = self.highlighted = self.hovered = False
        self._fill: QBrush | None = None
        self._fill_color = style.neutral_fill
        self.picture: QImage | None = None
        self._picture_mean = style.neutral_fill
        self._circle = QRectF(-radius, -radius, 2 * radius, 2 * radius)
        self._bounds = self._circle.adjusted(-7, -7, 7, 7)
        self.name = TextBoxItem(style, label, "center", boxed=False, font=style.font, parent=self)
        self.name.setZValue(1)
        self.bias_text = TextBoxItem(style, "", "top", font=style.small_font, gap=2.0,
                                     parent=self)
        self.bias_text.setPos(0.0, radius)
        self.bias_text.hide()
        self.name_fits = self.bias_fits = True
        self.setZValue(Z_NEURON)
        self.setAcceptHoverEvents(True)

    @property
    def text_right(self) -> float:
        """The right edge (scene units from the centre) of what the unit draws at zoom 1."""
        if self.name.anchor == "left" and self.name.isVisible():
            return self.r + self.name.size[0] + 6
        return self.r

    def texts(self) -> tuple[str, ...]:
        return ()  # the name and the bias are child items with their own texts()

    @property
    def circle(self) -> QRectF:
        return QRectF(self._circle)

    def name_fits_inside(self, view_scale: float, zoom: float) -> bool:
        w, h = self.name.size
        return w * zoom <= 2 * self.r * view_scale - 2 and h * zoom <= 2 * self.r * view_scale

    def place_texts(self, view_scale: float, zoom: float, room_below: float, slot: float,
                    inside: bool) -> None:
        """Show the name inside the circle (``inside``: it fits there, for every unit of the
        layer), else beside it (``outside``, when the ``slot`` between units holds its
        height) or not at all; the bias when ``room_below`` (scene units) holds it."""
        h = self.name.size[1]
        if inside:
            self.name.set_anchor("center")
            self.name.setPos(0.0, 0.0)
        elif self.outside is not None:
            self.name.set_anchor("right" if self.outside == "left" else "left", 6.0)
            self.name.setPos(-self.r if self.outside == "left" else self.r, 0.0)
        color = self._fill_color if self.picture is None else self._picture_mean
        self.name.pen = self.style.text_on(color) if inside else self.style.text_pen
        self.name_fits = inside or (self.outside is not None and h * zoom <= slot * view_scale)
        bh = self.bias_text.size[1]
        self.bias_fits = self.bias is not None and bh * zoom + 2 <= room_below * view_scale
        self._show_texts()

    def _show_texts(self) -> None:
        self.name.setVisible(self.name_fits or self.hovered)
        self.bias_text.setVisible(self.bias is not None and (self.bias_fits or self.hovered))

    def hoverEnterEvent(self, event) -> None:  # noqa: N802
        super().hoverEnterEvent(event)
        self.setZValue(Z_HOVER)
        self._show_texts()
        scene = self.scene()
        if hasattr(scene, "preview_picture"):
            scene.preview_picture(self)

    def hoverLeaveEvent(self, event) -> None:  # noqa: N802
        super().hoverLeaveEvent(event)
        self.setZValue(Z_NEURON)
        self._show_texts()
        scene = self.scene()
        if hasattr(scene, "preview_picture"):
            scene.preview_picture(None)

    def set_bias(self, bias: float | None) -> None:
        """Show ``b=…`` under the circle (None hides it)."""
        self.bias = bias
        self.bias_text.set_text("" if bias is None else "b=" + fmt(bias, 2))
        self._show_texts()

    def set_fill(self, color: QColor | None, output: float | None) -> None:
        """Fill with ``color`` (the output's colour), or the neutral fill for None."""
        self.output = output
        self._fill = None if color is None else QBrush(color)
        self._fill_color = self.style.neutral_fill if color is None else color
        if self.name.anchor == "center" and self.picture is None:
            self.name.pen = self.style.text_on(self._fill_color)
            self.name.update()
        self.update()

    def set_picture(self, image: QImage | None, mean: QColor | None = None) -> None:
        """Paint ``image`` (the unit's output over the input plane) in the circle, or the
        fill colour again for None; ``mean`` is the picture's mean colour (for the name)."""
        self.picture = image
        self._picture_mean = mean if mean is not None else self._fill_color
        if self.name.anchor == "center":
            color = self._picture_mean if image is not None else self._fill_color
            self.name.pen = self.style.text_on(color)
            self.name.update()
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
        if self.highlighted:
            painter.setPen(st.glow)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(self._circle)
        if self.picture is not None:
            painter.save()
            clip = QPainterPath()
            clip.addEllipse(self._circle)
            painter.setClipPath(clip)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(self._circle, self.picture)
            painter.restore()
            painter.setBrush(Qt.BrushStyle.NoBrush)
        else:
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
        self.label: TextBoxItem | None = None  # its text on the canvas (weight, Δw, w′)
        self.label_fits = True
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

    def hoverEnterEvent(self, event) -> None:  # noqa: N802
        super().hoverEnterEvent(event)
        if self.label is not None:
            self.label.show()  # even where it does not fit

    def hoverLeaveEvent(self, event) -> None:  # noqa: N802
        super().hoverLeaveEvent(event)
        if self.label is not None:
            self.label.setVisible(self.label_fits)

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
        if self.highlighted:  # gold edged with the text colour: visible on blue and orange
            painter.setPen(st.halo(st.text, width + 11.0, 0.85))
            painter.drawLine(self.line)
            painter.setPen(st.halo(st.gold, width + 6.0, 1.0))
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
    """The "… 776 more" pill of a collapsed (or capped) layer, at a fixed screen size."""

    def __init__(self, style: CanvasStyle, placeholder: Placeholder):
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.style, self.placeholder, self.layer = style, placeholder, placeholder.layer
        self.form = -1
        self.set_form(0)
        self.setPos(placeholder.x, placeholder.y)
        self.setZValue(Z_NEURON)

    def width(self, form: int) -> float:
        """The pill's width in pixels (unzoomed) with the text ``placeholder.forms[form]``."""
        return QFontMetricsF(self.style.small_font).horizontalAdvance(
            self.placeholder.forms[form]) + 14

    def set_form(self, form: int) -> None:
        if form == self.form:
            return
        self.prepareGeometryChange()
        self.form, self.text = form, self.placeholder.forms[form]
        w, h = self.width(form), QFontMetricsF(self.style.small_font).height() + 6
        self._rect = QRectF(-w / 2, -h / 2, w, h)
        self.update()

    def texts(self) -> tuple[str, ...]:
        return (self.text,)

    def fonts(self) -> tuple[QFont, ...]:
        return (self.style.small_font,)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        st = self.style
        painter.setBrush(st.box_brush)
        painter.setPen(st.dashed)
        painter.drawRoundedRect(self._rect, self._rect.height() / 2, self._rect.height() / 2)
        painter.setFont(st.small_font)
        painter.setPen(st.text_pen)
        painter.drawText(self._rect, _CENTER, self.text)
