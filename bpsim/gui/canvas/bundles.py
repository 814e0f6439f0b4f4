"""Bundled edges: the strongest weights of a dense layer pair, drawn as a few line batches.

Used for pairs with more than ``MAX_EDGE_ITEMS`` visible edges (see :mod:`scene`): no per-edge
item, hover or selection, just the strongest quarter (at most ``MAX_BUCKET_EDGES``) of the
edges between shown units, in one pen per (sign, |w| bucket). Lines are opaque, in colours
faded into the background, cosmetic (pixel widths) and not antialiased: translucent or
antialiased wide lines cost ~70x more to rasterise (2 s for 4000 lines).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from bpsim.gui.canvas.items import Z_EDGE
from bpsim.gui.canvas.layout import LayerLayout
from bpsim.gui.canvas.style import CanvasStyle

MAX_BUCKET_EDGES = 4000
# (cosmetic width in pixels, colour strength) of the buckets, weakest first
BUCKETS = ((1.0, 0.25), (1.0, 0.45), (1.0, 0.7), (1.5, 1.0))


def bundled_count(visible: int) -> int:
    """How many of a bundled pair's ``visible`` edges are drawn: the strongest quarter."""
    return min(visible, MAX_BUCKET_EDGES, max(500, visible // 4))


class EdgeBundleItem(QGraphicsItem):
    """The bundled edges between the shown units of layers ``prev`` and ``cur``.

    ``points``: (the inputs' positions (n, 2), the units' positions (m, 2), the input unit
    indices (n,), the unit indices (m,)) when they are not the columns' (maps)."""

    def __init__(self, style: CanvasStyle, prev: LayerLayout, cur: LayerLayout,
                 points: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None):
        super().__init__()
        if points is None:
            points = (np.column_stack([np.full(len(prev.ys), prev.x), prev.ys]),
                      np.column_stack([np.full(len(cur.ys), cur.x), cur.ys]),
                      np.asarray(prev.shown, dtype=np.intp), np.asarray(cur.shown, dtype=np.intp))
        self._src, self._dst, self._cols, self._rows = points
        self._pens: list[QPen] = []
        for width, strength in BUCKETS:  # thin to thick, both signs: strong ones on top
            for sign in (1, -1):
                pen = QPen(style.faded(style.edge_color(sign), strength), width)
                pen.setCosmetic(True)
                self._pens.append(pen)
        self._lines: list[list[QLineF]] = [[] for _ in self._pens]
        both = np.vstack([self._src, self._dst])
        lo, hi = both.min(axis=0), both.max(axis=0)
        self._rect = QRectF(lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1]).adjusted(-2, -2, 2, 2)
        self.setZValue(Z_EDGE)

    def set_weights(self, w: np.ndarray | None, max_abs: float) -> None:
        """Redraw from the pair's weights ``w`` (units of cur, units of prev); None = nothing."""
        nb = len(BUCKETS)
        lines: list[list[QLineF]] = [[] for _ in range(2 * nb)]
        if w is not None:
            sub = np.asarray(w)[np.ix_(self._rows, self._cols)]
            flat = np.nan_to_num(np.abs(sub).ravel(), nan=0.0)
            k = bundled_count(flat.size)
            idx = np.argpartition(flat, flat.size - k)[flat.size - k :]
            rel = flat[idx] / max_abs if max_abs > 0 else flat[idx]
            bucket = 2 * np.minimum((rel * nb).astype(int), nb - 1)
            bucket += np.where(sub.ravel()[idx] > 0, 0, 1)
            jj, ii = np.divmod(idx, len(self._cols))
            a, b = self._src[ii], self._dst[jj]
            for k, x0, y0, x1, y1 in zip(bucket.tolist(), a[:, 0].tolist(), a[:, 1].tolist(),
                                         b[:, 0].tolist(), b[:, 1].tolist(), strict=True):
                lines[k].append(QLineF(x0, y0, x1, y1))
        self._lines = lines
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for pen, lines in zip(self._pens, self._lines, strict=True):
            if lines:
                painter.setPen(pen)
                painter.drawLines(lines)
