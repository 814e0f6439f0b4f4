"""How the network fills the canvas: the zoom and the distance between the columns.

The zoom comes from the height (the tallest column and the texts above and below it must
fit), then the columns spread to use the width: their distance is chosen so that the network
spans the canvas, between MIN_GAP (a deep network in a narrow canvas: then the zoom gives
way) and MAX_GAP (a small network on a large screen stays compact and centred).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bpsim.gui.canvas.layout import MAX_RADIUS, UNIT_RADIUS
from bpsim.gui.canvas.texts import margins

if TYPE_CHECKING:
    from bpsim.gui.canvas.scene import CanvasScene

MIN_FIT_SCALE, MAX_FIT_SCALE = 0.2, 1.6  # fit never zooms out so far that units vanish
MIN_GAP = 150.0  # distance of the columns, scene units
MAX_GAP_PX = 360.0  # ... and on the screen at most (a small network on a large screen)
RADIUS_PX = 11.0
REBUILD_ABOVE = 0.12  # the columns move when the best distance differs by more than 12 %


def fit_geometry(scene: CanvasScene, width: float, height: float, fixed: bool = False
                 ) -> tuple[float, float]:
    """(column distance, zoom) that fit the scene's network and its texts in ``width`` x
    ``height`` pixels: the largest zoom at which the network fits with its columns at
    least MIN_GAP apart, then the columns spread over the width. ``fixed``: keep the columns
    where they are, only zoom."""
    lay = scene.layout
    n = len(lay.layers)
    gap = lay.column_gap if n > 1 else MIN_GAP
    scale = _largest(lambda s: _fits(scene, width, height, s, gap if fixed else MIN_GAP))
    if n > 1 and not fixed:
        for _ in range(2):  # the headings' room depends on the gap: settle it
            left, _top, right, _bottom = margins(scene, scale, gap)
            room = max(width - left - right, 1.0)
            gap = (room / scale - 2 * lay.radius - lay.extra_width) / (n - 1)
            gap = min(max(gap, MIN_GAP), MAX_GAP_PX / scale)
        # Wider headings may take the room: the widest spread that still fits (in the width
        # only when even the narrowest does not fit the height: a tall network at the
        # smallest zoom keeps its columns spread, not squeezed together).
        tall = not _fits(scene, width, height, scale, MIN_GAP)
        fits = (lambda g: _fits(scene, width, 1e9, scale, g)) if tall else (
            lambda g: _fits(scene, width, height, scale, g))
        if not fits(gap):
            lo, hi = MIN_GAP, gap
            for _ in range(10):
                mid = (lo + hi) / 2
                lo, hi = (mid, hi) if fits(mid) else (lo, mid)
            gap = lo
    return gap, scale


def _fits(scene: CanvasScene, width: float, height: float, scale: float, gap: float) -> bool:
    """Whether the network with columns ``gap`` apart and its texts fit at ``scale``."""
    n = len(scene.layout.layers)
    left, top, right, bottom = margins(scene, scale, gap)
    r = scene.layout.radius
    rect_h = scene.network_rect.height()
    span = (n - 1) * gap + 2 * r + scene.layout.extra_width
    return rect_h * scale + top + bottom <= height and span * scale + left + right <= width


def _largest(fits, steps: int = 14) -> float:
    """The largest zoom in [MIN_FIT_SCALE, MAX_FIT_SCALE] that ``fits`` (bisection: the room
    the network and its texts need grows with the zoom)."""
    if fits(MAX_FIT_SCALE):
        return MAX_FIT_SCALE
    lo, hi = MIN_FIT_SCALE, MAX_FIT_SCALE
    if not fits(lo):
        return lo
    for _ in range(steps):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return lo


def unit_radius(scale: float) -> float:
    """The units' radius (scene units) at ``scale``: UNIT_RADIUS, larger in a network seen
    from afar so that a unit stays RADIUS_PX on the screen (its picture readable), up to
    MAX_RADIUS (units then fill 84 % of their slot)."""
    return min(max(RADIUS_PX / scale, UNIT_RADIUS), MAX_RADIUS)


def needs_new_gap(current: float, best: float) -> bool:
    return abs(best - current) > REBUILD_ABOVE * current
