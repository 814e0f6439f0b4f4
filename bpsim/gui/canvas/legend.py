"""The legend: edge colours and widths, hidden-connection bands, neuron fill colour bars.

A compact strip along the bottom of the canvas: short entries ("chips") that wrap within the
canvas's width, in two rows (edges, then neuron fills), one colour bar per family of layers
sharing a scale (the inputs; each activation), so a 10-layer network has two bars, not ten.
Its height does not depend on what the network shows, so the network does not move when
the legend's contents change; a click collapses it to one line ("Legend ▸") and back.

:func:`paint_legend` draws it with any QPainter (the on-screen overlay, PNG and SVG exports);
:class:`LegendOverlay` is a small child widget of the view that stays in the bottom-left
corner whatever the zoom and pan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFontMetricsF,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QWidget

from bpsim.gui.canvas.model import FillRange
from bpsim.gui.canvas.scene import CanvasScene
from bpsim.gui.canvas.style import DIVERGING_LUT, SEQUENTIAL_LUT, CanvasStyle, fmt
from bpsim.gui.i18n import tr, translate

_PAD = 6.0
_GAP = 14.0  # between chips
_SWATCH = 22.0
_BAR_W = 70.0
_BAR_H = 9.0


@dataclass(frozen=True, slots=True)
class Chip:
    """One legend entry: ``kind`` "toggle", "sign", "band", "bar" or "text"; ``row`` 0
    (edges) or 1 (fills)."""

    kind: str
    text: str
    row: int
    data: object = None


def chips(scene: CanvasScene, collapsed: bool = False) -> list[Chip]:
    """The legend's entries for the scene's current state."""
    if collapsed:
        return [Chip("toggle", tr("Legend ▸"), 0)]
    out = [Chip("toggle", "▾", 0), Chip("sign", tr("w > 0"), 0, 1),
           Chip("sign", tr("w < 0"), 0, -1)]
    if scene.max_abs > 0:
        out.append(Chip("text", tr("width ∝ |w|, max {0}").format(fmt(scene.max_abs, 3)), 0))
    else:
        out.append(Chip("text", tr("grey: weights not initialised"), 0))
    if scene.bands:
        out.append(Chip("band", tr("not drawn one by one"), 0))
    if scene.fill_ranges:
        lead = (tr("units: o over the input plane (hover one)") if scene.shows_pictures
                else tr("neuron fill = output o of the example"))
        out.append(Chip("text", lead, 1))
        out += [Chip("bar", layer_list(fr.layers), 1, fr) for fr in scene.fill_ranges]
    else:
        out.append(Chip("text", tr("neuron fill: no example run yet"), 1))
    return out


def legend_texts(scene: CanvasScene, collapsed: bool = False) -> list[str]:
    """The legend's entries as text (colour bars with their end values)."""
    out = []
    for chip in chips(scene, collapsed):
        if chip.kind == "bar":
            lo, hi = _ends(chip.data)
            out.append(f"{lo} … {hi} {chip.text}")
        else:
            out.append(chip.text)
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
            out.append(_translated(part[0]))
        else:
            first, last, act = part
            span = str(first) if first == last else f"{first}–{last}"
            out.append(translate("Canvas", "hidden {0} ({1})").format(span, act))
    return translate("Canvas", ", ").join(out)


def _translated(name: str) -> str:
    """"input" and "output (act)" (the scene's names) in the current language."""
    m = re.fullmatch(r"output \((.+)\)", name)
    if m is not None:
        return translate("Canvas", "output ({0})").format(m.group(1))
    return translate("Canvas", "input") if name == "input" else name


def _ends(fr: FillRange) -> tuple[str, str]:
    return fmt(fr.lo, 2 if abs(fr.lo) < 100 else 0), fmt(fr.hi, 2 if abs(fr.hi) < 100 else 0)


def _chip_width(chip: Chip, fm: QFontMetricsF) -> float:
    w = fm.horizontalAdvance(chip.text)
    if chip.kind in ("sign", "band"):
        return _SWATCH + 5 + w
    if chip.kind == "bar":
        lo, hi = _ends(chip.data)
        return fm.horizontalAdvance(lo) + fm.horizontalAdvance(hi) + _BAR_W + 14 + w
    return w


def _layout(style: CanvasStyle, scene: CanvasScene, max_width: float, collapsed: bool
            ) -> tuple[QSize, list[tuple[Chip, QPointF]]]:
    """The legend's size and where each chip goes, wrapping at ``max_width`` pixels."""
    fm = QFontMetricsF(style.small_font)
    lh = fm.height() + 3
    x, y, row, widest = _PAD, _PAD, 0, 0.0
    placed = []
    for chip in chips(scene, collapsed):
        w = _chip_width(chip, fm)
        if chip.row != row or (x > _PAD and x + w > max_width - _PAD):
            x, y, row = _PAD + (fm.horizontalAdvance("▾") + _GAP if chip.row else 0), y + lh, \
                chip.row
        placed.append((chip, QPointF(x, y)))
        x += w + _GAP
        widest = max(widest, x - _GAP)
    return QSize(int(widest + _PAD + 1), int(y + lh + _PAD - 3)), placed


def legend_size(style: CanvasStyle, scene: CanvasScene, max_width: float = 1e9,
                collapsed: bool = False) -> QSize:
    """Size in pixels of the legend for the scene's current state."""
    return _layout(style, scene, max_width, collapsed)[0]


def paint_legend(painter: QPainter, origin: QPointF, style: CanvasStyle, scene: CanvasScene,
                 max_width: float = 1e9, collapsed: bool = False) -> None:
    """Draw the legend with its top-left corner at ``origin`` (device units of ``painter``)."""
    size, placed = _layout(style, scene, max_width, collapsed)
    st = style
    fm = QFontMetricsF(st.small_font)
    lh = fm.height()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.translate(origin)
    painter.setPen(st.box_pen)
    painter.setBrush(st.box_brush)
    painter.drawRoundedRect(QRectF(0.5, 0.5, size.width() - 1, size.height() - 1), 5, 5)
    painter.setFont(st.small_font)
    for chip, at in placed:
        x, y = at.x(), at.y()
        text_x = x
        if chip.kind == "sign":
            color = st.positive if chip.data > 0 else st.negative
            painter.setPen(QPen(color, 3.0))
            painter.drawLine(QPointF(x, y + lh / 2), QPointF(x + _SWATCH, y + lh / 2))
            text_x = x + _SWATCH + 5
        elif chip.kind == "band":
            painter.setPen(st.no_pen)
            painter.setBrush(st.bundle_brush)
            painter.drawRect(QRectF(x, y + 2, _SWATCH, lh - 4))
            text_x = x + _SWATCH + 5
        elif chip.kind == "bar":
            text_x = _paint_bar(painter, at, chip.data, st, fm)
        painter.setPen(st.muted_pen if chip.kind in ("bar", "toggle") else st.text_pen)
        painter.drawText(QRectF(text_x, y, fm.horizontalAdvance(chip.text) + 4, lh),
                         Qt.AlignmentFlag.AlignVCenter, chip.text)
    painter.restore()


def _paint_bar(painter: QPainter, at: QPointF, fr: FillRange, st: CanvasStyle,
               fm: QFontMetricsF) -> float:
    """``lo [colour bar] hi`` at ``at``; returns where the layer names start."""
    lo, hi = _ends(fr)
    lh = fm.height()
    painter.setPen(st.text_pen)
    x = at.x()
    painter.drawText(QRectF(x, at.y(), 100, lh), Qt.AlignmentFlag.AlignVCenter, lo)
    x += fm.horizontalAdvance(lo) + 3
    rect = QRectF(x, at.y() + (lh - _BAR_H) / 2, _BAR_W, _BAR_H)
    lut = DIVERGING_LUT if fr.diverging else SEQUENTIAL_LUT
    grad = QLinearGradient(rect.topLeft(), rect.topRight())
    for k in range(0, len(lut), 32):
        grad.setColorAt(k / (len(lut) - 1), lut[k])
    grad.setColorAt(1.0, lut[-1])
    painter.setPen(st.box_pen)
    painter.setBrush(grad)
    painter.drawRect(rect)
    x = rect.right() + 3
    painter.setPen(st.text_pen)
    painter.drawText(QRectF(x, at.y(), 100, lh), Qt.AlignmentFlag.AlignVCenter, hi)
    return x + fm.horizontalAdvance(hi) + 8


class LegendOverlay(QWidget):
    """The legend pinned to the bottom-left corner of ``area`` (the view's viewport), at most
    as wide as it; a click collapses or expands it (``toggled``).

    It is a child of the view, not of the viewport: scrolling the viewport moves its
    children along with the contents.
    """

    toggled = Signal(bool)

    def __init__(self, parent: QWidget, area: QWidget, scene: CanvasScene) -> None:
        super().__init__(parent)
        self._area = area
        self._scene = scene
        self.collapsed = False
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(tr("Click to collapse or expand the legend"))

    def max_width(self) -> float:
        if not shiboken6.isValid(self._area):  # the view is being deleted (application exit)
            return 1e9
        return max(120.0, self._area.width() - 20.0)

    def reserved_height(self) -> int:
        """The height the canvas keeps free for the legend: its two rows (one collapsed)
        whatever they show, more only when they wrap in a narrow canvas."""
        fm = QFontMetricsF(self._scene.style.small_font)
        rows = 1 if self.collapsed else 2
        least = int(rows * (fm.height() + 3) + 2 * _PAD)
        size = legend_size(self._scene.style, self._scene, self.max_width(), self.collapsed)
        return max(least, size.height()) + 10

    def refresh(self) -> None:
        """Resize to the legend's content and move to the bottom-left corner, then repaint."""
        if not shiboken6.isValid(self._area):  # the view is being deleted (application exit)
            return
        size = legend_size(self._scene.style, self._scene, self.max_width(), self.collapsed)
        area = self._area.geometry()
        top = max(area.top(), area.bottom() - size.height() - 8)
        self.setGeometry(area.left() + 10, top, size.width(), size.height())
        self.raise_()
        self.update()

    def texts(self) -> list[str]:
        return legend_texts(self._scene, self.collapsed)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.collapsed = not self.collapsed
            self.refresh()
            self.toggled.emit(self.collapsed)
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        paint_legend(painter, QPointF(0, 0), self._scene.style, self._scene, self.max_width(),
                     self.collapsed)
        painter.end()
