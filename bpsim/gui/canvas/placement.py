"""Where a text about an edge goes: near the receiving unit, off other edges and texts.

A label belongs unambiguously to its edge when it sits on that edge and no other edge runs
through it. :func:`place_on_edges` tries points along each edge, from near the receiving unit
backwards (resting on the line or just above or below it), scores each by what the label
would cover (other texts and units heavily, other edges lightly) and takes the best. A label
that cannot avoid covering a text or a unit is hidden (its edge shows it on hover).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF

from bpsim.gui.canvas.labels import TextBoxItem

# where along an edge (0 = source, 1 = receiving unit) a label may sit, best first
EDGE_TS = (0.74, 0.67, 0.8, 0.6, 0.86, 0.53, 0.46, 0.4, 0.34, 0.28, 0.22)
COVER_WEIGHT = 50.0  # covering 1 % of a text or unit costs as much as half an edge crossing
HIDE_ABOVE = 0.02  # labels covering more than 2 % of their area of a text or unit are hidden


def crossings(lines: np.ndarray, rect: QRectF) -> np.ndarray:
    """Which of ``lines`` (n, 4: x1, y1, x2, y2) pass through ``rect``."""
    box = np.array([[rect.left(), rect.top(), rect.right(), rect.bottom()]])
    return _crossings(lines, box)[0]


def _crossings(lines: np.ndarray, rects: np.ndarray) -> np.ndarray:
    """(k, n) whether line j passes through rectangle i (rects (k, 4): x0, y0, x1, y1), by
    Liang-Barsky clipping, for all pairs at once."""
    k, n = len(rects), len(lines)
    if not n or not k:
        return np.zeros((k, n), dtype=bool)
    x1, y1, x2, y2 = (lines[:, c][None, :] for c in range(4))
    left, top, right, bottom = (rects[:, c][:, None] for c in range(4))
    dx, dy = x2 - x1, y2 - y1
    t0, t1 = np.zeros((k, n)), np.ones((k, n))
    ok = np.ones((k, n), dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for p, q in ((-dx, x1 - left), (dx, right - x1), (-dy, y1 - top), (dy, bottom - y1)):
            p = np.broadcast_to(p, (k, n))
            parallel = p == 0
            ok &= ~(parallel & (q < 0))
            r = q / p
            t0 = np.where(~parallel & (p < 0), np.maximum(t0, r), t0)
            t1 = np.where(~parallel & (p > 0), np.minimum(t1, r), t1)
    return ok & (t0 <= t1)


def _covered(rects: np.ndarray, occupied: np.ndarray) -> np.ndarray:
    """(k,) the fraction of each rectangle covered by the ``occupied`` ones (overlaps add)."""
    if not len(occupied):
        return np.zeros(len(rects))
    w = (np.minimum(rects[:, None, 2], occupied[None, :, 2])
         - np.maximum(rects[:, None, 0], occupied[None, :, 0])).clip(0.0)
    h = (np.minimum(rects[:, None, 3], occupied[None, :, 3])
         - np.maximum(rects[:, None, 1], occupied[None, :, 1])).clip(0.0)
    area = (rects[:, 2] - rects[:, 0]) * (rects[:, 3] - rects[:, 1])
    return (w * h).sum(axis=1) / np.maximum(area, 1e-9)


def line_array(lines: Sequence[QLineF]) -> np.ndarray:
    """(n, 4) x1, y1, x2, y2 of ``lines``."""
    return np.array([[ln.x1(), ln.y1(), ln.x2(), ln.y2()] for ln in lines], float).reshape(-1, 4)


def _rect_array(rects: Sequence[QRectF]) -> np.ndarray:
    return np.array([[r.left(), r.top(), r.right(), r.bottom()] for r in rects],
                    float).reshape(-1, 4)


_TS = np.repeat(np.array(EDGE_TS), 3)
_DY = np.tile(np.array([0.0, -0.5, 0.5]), len(EDGE_TS))  # times the label's height
_ORDER = 0.01 * np.arange(len(_TS))


def place_on_edges(boxes: Sequence[tuple[TextBoxItem, int]], lines: Sequence[QLineF],
                   occupied: list[QRectF], view_scale: float) -> list[bool]:
    """Move each label of (label, index of its edge in ``lines``) to its best spot on its
    edge; returns whether each one fits. ``lines`` are all the edges drawn; ``occupied``
    (scene rectangles of units and texts) grows by the labels that fit.
    """
    array = line_array(lines)
    occ = _rect_array(occupied)
    fits = []
    for box, own in boxes:
        x1, y1, x2, y2 = array[own]
        local = box.boundingRect().adjusted(1, 1, -1, -1)
        f = box.scale() / view_scale
        w, h = local.width() * f, local.height() * f
        px = x1 + _TS * (x2 - x1) + local.x() * f
        py = y1 + _TS * (y2 - y1) + _DY * h + local.y() * f
        rects = np.stack([px, py, px + w, py + h], axis=1)
        cover = _covered(rects, occ)
        hits = _crossings(array, rects)
        hits[:, own] = False
        score = COVER_WEIGHT * 100 * cover + hits.sum(axis=1) + _ORDER
        best = int(np.argmin(score))
        box.setPos(QPointF(x1 + _TS[best] * (x2 - x1), y1 + _TS[best] * (y2 - y1)
                           + _DY[best] * h))
        fit = bool(cover[best] <= HIDE_ABOVE)
        fits.append(fit)
        if fit:
            occ = np.vstack([occ, rects[best]])
            occupied.append(QRectF(QPointF(*rects[best][:2]), QPointF(*rects[best][2:])))
    return fits
