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
    """Which of ``lines`` (n, 4: x1, y1, x2, y2) pass through ``rect`` (Liang-Barsky)."""
    if not len(lines):
        return np.zeros(0, dtype=bool)
    x1, y1, x2, y2 = lines.T
    dx, dy = x2 - x1, y2 - y1
    t0, t1 = np.zeros(len(lines)), np.ones(len(lines))
    ok = np.ones(len(lines), dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for p, q in ((-dx, x1 - rect.left()), (dx, rect.right() - x1),
                     (-dy, y1 - rect.top()), (dy, rect.bottom() - y1)):
            parallel = p == 0
            ok &= ~(parallel & (q < 0))
            r = q / p
            t0 = np.where(~parallel & (p < 0), np.maximum(t0, r), t0)
            t1 = np.where(~parallel & (p > 0), np.minimum(t1, r), t1)
    return ok & (t0 <= t1)


def _covered(rect: QRectF, occupied: Sequence[QRectF]) -> float:
    """The fraction of ``rect`` covered by the ``occupied`` rectangles (overlaps add up)."""
    area = 0.0
    for other in occupied:
        if other.intersects(rect):
            inter = other.intersected(rect)
            area += inter.width() * inter.height()
    return area / max(rect.width() * rect.height(), 1e-9)


def line_array(lines: Sequence[QLineF]) -> np.ndarray:
    """(n, 4) x1, y1, x2, y2 of ``lines``."""
    return np.array([[ln.x1(), ln.y1(), ln.x2(), ln.y2()] for ln in lines], float).reshape(-1, 4)


def place_on_edges(boxes: Sequence[tuple[TextBoxItem, int]], lines: Sequence[QLineF],
                   occupied: list[QRectF], view_scale: float) -> list[bool]:
    """Move each label of (label, index of its edge in ``lines``) to its best spot on its
    edge; returns whether each one fits. ``lines`` are all the edges drawn; ``occupied``
    (scene rectangles of units and texts) grows by the labels that fit.
    """
    array = line_array(lines)
    fits = []
    for box, own in boxes:
        line = lines[own]
        others = np.ones(len(lines), dtype=bool)
        others[own] = False
        h = box.size[1] * box.scale() / view_scale
        best, best_score, best_cover = QPointF(), float("inf"), 1.0
        for order, (t, dy) in enumerate((t, dy) for t in EDGE_TS for dy in (0.0, -h / 2, h / 2)):
            at = line.pointAt(t) + QPointF(0.0, dy)
            rect = box.scene_rect(view_scale, at)
            cover = _covered(rect, occupied)
            crossed = int(np.count_nonzero(crossings(array, rect) & others))
            score = COVER_WEIGHT * 100 * cover + crossed + 0.01 * order
            if score < best_score:
                best, best_score, best_cover = at, score, cover
            if cover == 0.0 and crossed == 0:
                break
        box.setPos(best)
        fit = best_cover <= HIDE_ABOVE
        fits.append(fit)
        if fit:
            occupied.append(box.scene_rect(view_scale))
    return fits
