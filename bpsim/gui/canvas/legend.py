"""The legend: edge colours and widths, hidden-connection bands, neuron fill colour bars.

:func:`paint_legend` draws it with any QPainter (the on-screen overlay, PNG and SVG exports);
:class:`LegendOverlay` is a small child widget of the view's viewport that stays in a corner
whatever the zoom and pan.
"""

from __future__ import annotations

import re

import shiboken6
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QLinearGradient, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from bpsim.gui.canvas.model import FillRange
from bpsim.gui.canvas.scene import CanvasScene
from bpsim.gui.canvas.style import DIVERGING_LUT, SEQUENTIAL_LUT, CanvasStyle, fmt

_PAD = 8.0
_SWATCH = 26.0
_BAR_W = 110.0
_BAR_H = 10.0


def _rows(scene: CanvasScene) -> list[tuple[str, str, object]]:
    rows: list[tuple[str, str, object]] = [("signs", "", None)]
    if scene.max_abs > 0:
        rows.append(("text", f"line width ∝ |w|  (max |w| = {fmt(scene.max_abs, 3)})", None))
    else:
        rows.append(("text", "grey lines: weights not initialised", None))
    if scene.bands:
        rows.append(("band", "connections not drawn one by one", None))
    if scene.fill_ranges:
        rows.append(("text", "neuron fill = output o of the example", None))
        for fr in scene.fill_ranges:
            rows.append(("bar", layer_list(fr.layers), fr))
    else:
        rows.append(("text", "neuron fill: no example run yet", None))
    return rows


def legend_texts(scene: CanvasScene) -> list[str]:
    """The legend's lines as text (the colour bars with their end values)."""
    out = []
    for kind, text, data in _rows(scene):
        if kind == "bar":
            lo, hi = _ends(data)
            text = f"{lo} … {hi} {text}"
        out.append(text or "w > 0 (positive)  w < 0 (negative)")
    return out


_HIDDEN = re.compile(r"hidden (\d+) \((.+)\)")


def layer_list(names: tuple[str, ...]) -> str:
    """"input, hidden 1 (sigmoid), …, hidden 8 (sigmoid)" with runs of consecutive hidden
    layers of one activation written once: "input, hidden 1–8 (sigmoid)" (deep networks)."""
    parts: list[list] = []  # [first, last, activation] for hidden runs, [name] otherwise
    for name in names:
        m = _HIDDEN.fullmatch(name)
        if m is None:
            parts.append([name])
            continue
        k, act = int(m.group(1)), m.group(2)
        last = parts[-1] if parts else None
        if last is not None and len(last) == 3 and last[2] == act and last[1] == k - 1:
            last[1] = k
        else:
            parts.append([k, k, act])
    out = []
    for part in parts:
        if len(part) == 1:
            out.append(part[0])
        else:
            first, last, act = part
            span = str(first) if first == last else f"{first}–{last}"
            out.append(f"hidden {span} ({act})")
    return ", ".join(out)


def legend_size(style: CanvasStyle, scene: CanvasScene) -> QSize:
    """Size in pixels of the legend for the scene's current state."""
    fm = QFontMetricsF(style.small_font)
    h, w = _PAD, 0.0
    for kind, text, data in _rows(scene):
        if kind == "signs":
            w = max(w, 2 * (_SWATCH + 6 + fm.horizontalAdvance("w < 0 (negative)") + 12))
            h += fm.height() + 4
        elif kind == "bar":
            lo, hi = _ends(data)
            ends = fm.horizontalAdvance(lo) + fm.horizontalAdvance(hi)
            w = max(w, ends + _BAR_W + 20 + fm.horizontalAdvance(text))
            h += fm.height() + 4
        else:
            w = max(w, fm.horizontalAdvance(text) + (_SWATCH + 6 if kind == "band" else 0))
            h += fm.height() + 4
    return QSize(int(w + 2 * _PAD + 1), int(h + _PAD))


def paint_legend(
    painter: QPainter, origin: QPointF, style: CanvasStyle, scene: CanvasScene
) -> None:
    """Draw the legend with its top-left corner at ``origin`` (device units of ``painter``)."""
    size = legend_size(style, scene)
    st = style
    fm = QFontMetricsF(st.small_font)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.translate(origin)
    painter.setPen(st.box_pen)
    painter.setBrush(st.box_brush)
    painter.drawRoundedRect(QRectF(0.5, 0.5, size.width() - 1, size.height() - 1), 6, 6)
    painter.setFont(st.small_font)
    x, y, lh = _PAD, _PAD, fm.height()
    for kind, text, data in _rows(scene):
        if kind == "signs":
            for k, (color, label) in enumerate(
                ((st.positive, "w > 0 (positive)"), (st.negative, "w < 0 (negative)"))
            ):
                x0 = x + k * (_SWATCH + 18 + fm.horizontalAdvance("w < 0 (negative)"))
                painter.setPen(QPen(color, 3.0))
                painter.drawLine(QPointF(x0, y + lh / 2), QPointF(x0 + _SWATCH, y + lh / 2))
                painter.setPen(st.text_pen)
                painter.drawText(
                    QRectF(x0 + _SWATCH + 6, y, 200, lh), Qt.AlignmentFlag.AlignVCenter, label
                )
            y += lh + 4
        elif kind == "band":
            painter.setPen(st.no_pen)
            painter.setBrush(st.bundle_brush)
            painter.drawRect(QRectF(x, y + 2, _SWATCH, lh - 4))
            painter.setPen(st.text_pen)
            painter.drawText(
                QRectF(x + _SWATCH + 6, y, 400, lh), Qt.AlignmentFlag.AlignVCenter, text
            )
            y += lh + 4
        elif kind == "bar":
            _paint_bar(painter, QPointF(x, y), data, st, fm, text)
            y += lh + 4
        else:
            painter.setPen(st.text_pen)
            painter.drawText(QRectF(x, y, 600, lh), Qt.AlignmentFlag.AlignVCenter, text)
            y += lh + 4
    painter.restore()


def _ends(fr: FillRange) -> tuple[str, str]:
    return (fmt(fr.lo, 2 if abs(fr.lo) < 100 else 0), fmt(fr.hi, 2 if abs(fr.hi) < 100 else 0))


def _paint_bar(
    painter: QPainter, at: QPointF, fr: FillRange, st: CanvasStyle, fm: QFontMetricsF, text: str
) -> None:
    """One line: ``lo [colour bar] hi  layer names``."""
    lo, hi = _ends(fr)
    lh = fm.height()
    painter.setPen(st.text_pen)
    x = at.x()
    painter.drawText(QRectF(x, at.y(), 100, lh), Qt.AlignmentFlag.AlignVCenter, lo)
    x += fm.horizontalAdvance(lo) + 4
    rect = QRectF(x, at.y() + (lh - _BAR_H) / 2, _BAR_W, _BAR_H)
    lut = DIVERGING_LUT if fr.diverging else SEQUENTIAL_LUT
    grad = QLinearGradient(rect.topLeft(), rect.topRight())
    for k in range(0, len(lut), 32):
        grad.setColorAt(k / (len(lut) - 1), lut[k])
    grad.setColorAt(1.0, lut[-1])
    painter.setPen(st.box_pen)
    painter.setBrush(grad)
    painter.drawRect(rect)
    x = rect.right() + 4
    painter.setPen(st.text_pen)
    painter.drawText(QRectF(x, at.y(), 100, lh), Qt.AlignmentFlag.AlignVCenter, hi)
    x += fm.horizontalAdvance(hi) + 8
    painter.setPen(st.muted_pen)
    width = fm.horizontalAdvance(text) + 4
    painter.drawText(QRectF(x, at.y(), width, lh), Qt.AlignmentFlag.AlignVCenter, text)


class LegendOverlay(QWidget):
    """The legend pinned to the bottom-left corner of ``area`` (the view's viewport).

    It is a child of the view, not of the viewport: scrolling the viewport moves its
    children along with the contents.
    """

    def __init__(self, parent: QWidget, area: QWidget, scene: CanvasScene) -> None:
        super().__init__(parent)
        self._area = area
        self._scene = scene
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)

    def refresh(self) -> None:
        """Resize to the legend's content and move to the bottom-left corner, then repaint."""
        if not shiboken6.isValid(self._area):  # the view is being deleted (application exit)
            return
        size = legend_size(self._scene.style, self._scene)
        area = self._area.geometry()
        top = max(area.top(), area.bottom() - size.height() - 10)
        self.setGeometry(area.left() + 10, top, size.width(), size.height())
        self.raise_()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        paint_legend(painter, QPointF(0, 0), self._scene.style, self._scene)
        painter.end()
