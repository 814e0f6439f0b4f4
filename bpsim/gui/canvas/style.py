"""Colours, pens, fonts and colour maps of the canvas, derived once from a QPalette.

Edges use the Okabe-Ito colour-blind-safe pair: blue for w > 0, orange for w < 0. Neuron
fills use a sequential map (white → purple) for outputs in [0, hi] and a diverging map
(green ← white → purple) for signed outputs. Items keep a reference to one :class:`CanvasStyle`
and pick prebuilt pens from it, so painting allocates little.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette, QPen

from bpsim.numfmt import number

POSITIVE_LIGHT = "#0072B2"  # Okabe-Ito blue
POSITIVE_DARK = "#56B4E9"  # Okabe-Ito sky blue (readable on dark backgrounds)
NEGATIVE = "#E69F00"  # Okabe-Ito orange
GOLD = "#F0E442"  # Okabe-Ito yellow: step-by-step highlights
MIN_TEXT_PT = 9.0  # no canvas text is smaller (at 100 % zoom and below)
MIN_WIDTH = 0.5
MAX_WIDTH = 6.0
WIDTH_STEP = 0.25
_SEQUENTIAL = ("#FCFBFD", "#DADAEB", "#9E9AC8", "#6A51A3", "#3F007D")
_DIVERGING = ("#1B7837", "#7FBF7B", "#D9F0D3", "#F7F7F7", "#E7D4E8", "#AF8DC3", "#762A83")


def _lut(stops: tuple[str, ...], n: int = 256) -> tuple[QColor, ...]:
    colors = [QColor(s) for s in stops]
    out = []
    for k in range(n):
        t = k / (n - 1) * (len(colors) - 1)
        a = min(int(t), len(colors) - 2)
        f = t - a
        c0, c1 = colors[a], colors[a + 1]
        out.append(
            QColor.fromRgbF(
                c0.redF() + (c1.redF() - c0.redF()) * f,
                c0.greenF() + (c1.greenF() - c0.greenF()) * f,
                c0.blueF() + (c1.blueF() - c0.blueF()) * f,
            )
        )
    return tuple(out)


SEQUENTIAL_LUT = _lut(_SEQUENTIAL)
DIVERGING_LUT = _lut(_DIVERGING)


def _argb(lut: tuple[QColor, ...]) -> np.ndarray:
    a = np.array([c.rgba() | 0xFF000000 for c in lut], dtype=np.uint32)
    a.setflags(write=False)
    return a


_ARGB = {False: _argb(SEQUENTIAL_LUT), True: _argb(DIVERGING_LUT)}


def lut_argb(diverging: bool) -> np.ndarray:
    """The colour map as 256 opaque ARGB32 integers (for images made with NumPy)."""
    return _ARGB[diverging]


def map_color(value: float, lo: float, hi: float, diverging: bool) -> QColor:
    """The fill colour of ``value`` on the map spanning [lo, hi] (clamped)."""
    lut = DIVERGING_LUT if diverging else SEQUENTIAL_LUT
    t = 0.0 if hi <= lo else (value - lo) / (hi - lo)
    if t != t:  # NaN
        t = 0.0
    return lut[int(round(min(max(t, 0.0), 1.0) * (len(lut) - 1)))]


def edge_width(value: float, max_abs: float) -> float:
    """Pen width for weight ``value``: proportional to |w| / max |w|, clamped to 0.5..6."""
    if max_abs <= 0 or value != value:
        return MIN_WIDTH
    w = min(MAX_WIDTH * abs(value) / max_abs, MAX_WIDTH)  # inf -> MAX_WIDTH
    w = round(w / WIDTH_STEP) * WIDTH_STEP
    return min(max(w, MIN_WIDTH), MAX_WIDTH)


def fmt(value: float, digits: int = 4) -> str:
    """A number with a real minus sign in a bounded width, e.g. ``−0.4000``, ``−3.2e+299``
    (:func:`bpsim.numfmt.number`)."""
    return number(value, digits)


class CanvasStyle:
    """Everything the items paint with, derived from one palette."""

    def __init__(self, palette: QPalette) -> None:
        self.palette = palette
        self.background = palette.color(QPalette.ColorRole.Base)
        self.dark = self.background.lightness() < 128
        self.text = palette.color(QPalette.ColorRole.Text)
        self.muted = QColor(self.text)
        self.muted.setAlphaF(0.65)
        self.highlight = palette.color(QPalette.ColorRole.Highlight)
        self.positive = QColor(POSITIVE_DARK if self.dark else POSITIVE_LIGHT)
        self.negative = QColor(NEGATIVE)
        self.neutral_edge = QColor(self.text)
        self.neutral_edge.setAlphaF(0.35)
        self.neutral_fill = QColor("#3A3F44" if self.dark else "#F2F2F2")
        self.gold = QColor(GOLD)
        self.bundle = QColor(self.text)
        self.bundle.setAlphaF(0.10)
        self.box_fill = QColor(self.background)
        self.box_fill.setAlphaF(0.92)
        self.box_pen = QPen(self.muted, 1.0)
        self.outline = QPen(self.text, 1.5)
        self.selected_outline = QPen(self.highlight, 4.0)
        self.hover_outline = QPen(self.highlight, 2.5)
        self.glow = QPen(self.gold, 9.0)
        self.glow_outline = QPen(QColor("#333333") if not self.dark else QColor(GOLD), 2.5)
        self.text_pen = QPen(self.text)
        self.muted_pen = QPen(self.muted)
        self.no_pen = QPen(Qt.PenStyle.NoPen)
        self.neutral_brush = QBrush(self.neutral_fill)
        self.box_brush = QBrush(self.box_fill)
        self.bundle_brush = QBrush(self.bundle)
        self.dashed = QPen(self.muted, 1.0, Qt.PenStyle.DashLine)
        self.font = QFont()
        self.font.setPointSizeF(10.0)
        self.small_font = QFont()
        self.small_font.setPointSizeF(MIN_TEXT_PT)
        self.header_font = QFont()
        self.header_font.setPointSizeF(10.5)
        self.header_font.setBold(True)
        self.annot_font = QFont()
        self.annot_font.setPointSizeF(MIN_TEXT_PT)
        self._on_light = QPen(QColor("#111111"))
        self._on_dark = QPen(QColor("#FFFFFF"))
        self._edge_pens: dict[tuple[int, float, float], QPen] = {}
        self._halos: dict[tuple[int, float, float], QPen] = {}

    def edge_pen(self, sign: int, width: float, alpha: float = 1.0) -> QPen:
        """A cached pen for sign (+1, -1, 0 = unknown), a quantised width and a strength."""
        key = (sign, width, alpha)
        pen = self._edge_pens.get(key)
        if pen is None:
            color = self.edge_color(sign)
            if alpha < 1.0:  # faded, not translucent: blending wide AA lines is slow
                color = self.faded(color, alpha)
            pen = QPen(color, width)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            self._edge_pens[key] = pen
        return pen

    def halo(self, color: QColor, width: float, alpha: float = 0.55) -> QPen:
        """A cached translucent wide pen drawn under a marked edge."""
        key = (color.rgba(), width, alpha)
        pen = self._halos.get(key)
        if pen is None:
            c = QColor(color)
            c.setAlphaF(alpha)
            pen = QPen(c, width)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            self._halos[key] = pen
        return pen

    def faded(self, color: QColor, strength: float) -> QColor:
        """``color`` mixed into the background (opaque): strength 1 = color, 0 = background."""
        bg = self.background
        return QColor.fromRgbF(
            bg.redF() + (color.redF() - bg.redF()) * strength,
            bg.greenF() + (color.greenF() - bg.greenF()) * strength,
            bg.blueF() + (color.blueF() - bg.blueF()) * strength,
        )

    def edge_color(self, sign: int) -> QColor:
        return self.positive if sign > 0 else self.negative if sign < 0 else self.neutral_edge

    def text_on(self, fill: QColor) -> QPen:
        """Black or white text pen, whichever reads better on ``fill``."""
        return self._on_light if fill.lightnessF() > 0.55 else self._on_dark
