"""Canvas text at a fixed screen size: unit names, biases, layer headings, weights, Step-mode
boxes.

A :class:`TextBoxItem` ignores the view's zoom (``ItemIgnoresTransformations``): its text is
always drawn at its font's size (at least 9 pt), or larger when the user zooms in (the scene
sets the item's own scale to the text zoom, see :func:`text_zoom`), never smaller. Whether a
text fits where it stands is decided by the scene for the current zoom; a text that does not
fit is hidden (and shown while its unit or edge is hovered), never shrunk.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from bpsim.gui.canvas.style import CanvasStyle

Z_HEADER, Z_EDGE_TEXT, Z_UNIT_TEXT = 3, 11, 12
MAX_TEXT_ZOOM = 1.3  # text grows with the zoom up to this factor (never shrinks below 1)
_ANCHORS = ("center", "left", "right", "bottom", "top")


def text_size(style: CanvasStyle, text: str, header: bool = False, boxed: bool = False,
              font: QFont | None = None) -> tuple[float, float]:
    """(width, height) in pixels of a :class:`TextBoxItem` with ``text`` at text zoom 1."""
    lines = text.split("\n")
    base = font or style.annot_font
    metrics = [QFontMetricsF(style.header_font if header and k == 0 else base)
               for k in range(len(lines))]
    pad = 5.0 if boxed else 2.0
    w = max(m.horizontalAdvance(line) for m, line in zip(metrics, lines, strict=True))
    return w + 2 * pad, sum(m.height() for m in metrics) + (6.0 if boxed else 2.0)


def text_zoom(view_scale: float) -> float:
    """The scale of canvas text at view scale ``view_scale``: 1 when zoomed out, growing with
    the zoom up to MAX_TEXT_ZOOM."""
    return min(max(view_scale, 1.0), MAX_TEXT_ZOOM)


class TextBoxItem(QGraphicsItem):
    """One or more lines of text at a fixed screen size, optionally in a rounded box.

    ``anchor`` says which point of the box sits at the item's position: "center", "left" (left
    edge, vertical centre), "right", "bottom" (horizontal centre, bottom edge) or "top";
    ``gap`` pixels separate that point from the box. ``header``: the first line in the bold
    heading font, the others muted. ``font``: the font of every other line (default: the
    style's annotation font). ``edge``: the EdgeItem the text belongs to (clicks pick it).
    """

    def __init__(self, style: CanvasStyle, text: str, anchor: str = "center",
                 header: bool = False, boxed: bool = True, *, font: QFont | None = None,
                 gap: float = 0.0, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        if anchor not in _ANCHORS:
            raise ValueError(f"anchor must be one of {_ANCHORS}")
        self.style, self.header, self.boxed = style, header, boxed
        self.anchor, self.gap, self.edge = anchor, gap, None
        self.placed_len = 0  # characters of the text when it was last placed (edge labels)
        self.base_font = font
        self.pen = style.text_pen  # of the lines (a heading's second line is muted)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setZValue(Z_HEADER if header else Z_UNIT_TEXT)
        self.text = ""
        self._lines: list[tuple[QFont, QRectF, str]] = []
        self._rect = QRectF()
        self.set_text(text)

    def set_anchor(self, anchor: str, gap: float = 0.0) -> None:
        """Put another point of the box at the item's position (see the class docstring)."""
        if (anchor, gap) != (self.anchor, self.gap):
            self.anchor, self.gap = anchor, gap
            self._lines = []
            self.set_text(self.text)

    def set_text(self, text: str) -> None:
        """Show ``text`` (lines separated by newlines); resizes the box."""
        if text == self.text and self._lines:
            return
        self.prepareGeometryChange()
        self.text = text
        lines = text.split("\n")
        st = self.style
        base = self.base_font or st.annot_font
        fonts = [st.header_font if self.header and k == 0 else base for k in range(len(lines))]
        metrics = [QFontMetricsF(f) for f in fonts]
        pad = 5.0 if self.boxed else 2.0
        w, h = text_size(st, text, self.header, self.boxed, self.base_font)
        x, y = {"center": (-w / 2, -h / 2), "left": (self.gap, -h / 2),
                "right": (-w - self.gap, -h / 2), "bottom": (-w / 2, -h - self.gap),
                "top": (-w / 2, self.gap)}[self.anchor]
        self._rect = QRectF(x, y, w, h)
        self._lines = []
        top = y + (3.0 if self.boxed else 1.0)
        for font, m, line in zip(fonts, metrics, lines, strict=True):
            self._lines.append((font, QRectF(x + pad, top, w - 2 * pad, m.height()), line))
            top += m.height()
        self.update()

    def texts(self) -> tuple[str, ...]:
        return tuple(line for line in self.text.split("\n") if line)

    def fonts(self) -> tuple[QFont, ...]:
        """The fonts of the lines (each drawn at its point size times the item's scale)."""
        return tuple(font for font, _rect, _line in self._lines)

    @property
    def size(self) -> tuple[float, float]:
        """(width, height) in pixels at text zoom 1."""
        return self._rect.width(), self._rect.height()

    def scene_rect(self, view_scale: float, at: QPointF | None = None) -> QRectF:
        """Where the box lies in scene coordinates at view scale ``view_scale`` (with its
        anchor at ``at``, default its scene position)."""
        f = self.scale() / view_scale
        p = self.scenePos() if at is None else at
        r = self._rect
        return QRectF(p.x() + r.x() * f, p.y() + r.y() * f, r.width() * f, r.height() * f)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        st = self.style
        if self.boxed:
            painter.setBrush(st.box_brush)
            painter.setPen(st.box_pen)
            painter.drawRoundedRect(self._rect, 4, 4)
        align = (Qt.AlignmentFlag.AlignCenter if self.header or self.anchor != "left"
                 else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if self.anchor == "right":
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for k, (font, rect, line) in enumerate(self._lines):
            painter.setFont(font)
            painter.setPen(st.muted_pen if self.header and k > 0 else self.pen)
            painter.drawText(rect, align, line)
