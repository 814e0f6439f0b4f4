"""How the network fills the canvas: the zoom and the distance between the columns.

The zoom comes from the height (the tallest column and the texts above and below it must
fit), then the columns spread to use the width: their distance is chosen so that the network
spans the canvas, between MIN_GAP (a deep network in a narrow canvas: then the zoom gives
way) and MAX_GAP (a small network on a large screen stays compact and centred).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bpsim.gui.canvas.layout import UNIT_RADIUS
from bpsim.gui.canvas.texts import margins

if TYPE_CHECKING:
    from bpsim.gui.canvas.scene import CanvasScene

MIN_FIT_SCALE, MAX_FIT_SCALE = 0.2, 1.6  # fit never zooms out so far that units vanish
MIN_GAP = 150.0  # distance of the columns, scene units
MAX_GAP_PX = 360.0  # ... and on the screen at most (a small network on a large screen)
REBUILD_ABOVE = 0.03  # the columns move when the best distance differs by more than 3 %


def fit_geometry(scene: CanvasScene, width: float, height: float) -> tuple[float, float]:
    """(column distance, zoom) that fit the scene's network and its texts in ``width`` x
    ``height`` pixels."""
    lay = scene.layout
    n = len(lay.layers)
    gap = lay.layers[1].x - lay.layers[0].x if n > 1 else MIN_GAP
    rect_h = max(scene.network_rect.height(), 2 * UNIT_RADIUS)
    scale = MAX_FIT_SCALE
    for _ in range(4):  # the texts' room depends on the zoom and the gap: settle it
        left, top, right, bottom = margins(scene, scale, gap)
        scale = min(max((height - top - bottom) / rect_h, MIN_FIT_SCALE), MAX_FIT_SCALE)
        if n > 1:
            room = max(width - left - right, 1.0)
            gap = (room / scale - 2 * UNIT_RADIUS) / (n - 1)
            if gap < MIN_GAP:
                gap = MIN_GAP
                scale = max(MIN_FIT_SCALE,
                            min(scale, room / ((n - 1) * MIN_GAP + 2 * UNIT_RADIUS)))
            gap = min(gap, MAX_GAP_PX / scale)
    return gap, scale


def needs_new_gap(current: float, best: float) -> bool:
    return abs(best - current) > REBUILD_ABOVE * current
