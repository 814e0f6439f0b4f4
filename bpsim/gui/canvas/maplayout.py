"""Where the maps of a layer go: a pure function of the shapes (no Qt).

A layer with maps (an input with a shape, a conv or a max_pool layer) is drawn as its C maps,
each a grid of cells (H x W; a 1-D map of length L is a column of L cells), one cell per
unit, in C order. A conv layer draws each filter's kernel (C_in small grids of kh x kw
weights) left of the filter's map. The maps of a layer stand in a grid of ``per_row`` maps
per row, chosen so that the layer's block has about the aspect the canvas asks for; every
map layer uses the same cell size, so a pooled map is drawn smaller than the map it pools,
as it is. :func:`map_layout` places the blocks and the dense columns from left to right.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from bpsim.gui.canvas.layout import COLUMN_GAP, UNIT_RADIUS, LayerLayout, Layout, compute_layout

MAX_CELL = 36.0  # a cell is at most a unit's diameter (scene units)
TARGET_HEIGHT = 420.0  # the tallest block of maps is about this tall (scene units)
MAP_GAP = 1.5  # cells between two maps of a layer
KERNEL_GAP = 0.8  # cells between a kernel and its map (below it)
CHANNEL_GAP = 0.35  # kernel cells between the channels of one filter's kernel
KERNEL_SHARE = 0.3  # a kernel is drawn at least this fraction of its map's side ...
KERNEL_GROWTH = 2.0  # ... with cells at most this many times the map's
CHANNELS_PER_ROW = 4  # a filter's kernel shows its channels in rows of this many

Rect = tuple[float, float, float, float]  # x, y, width, height


def _grid(shape: Sequence[int]) -> tuple[int, int]:
    """(rows, columns) of cells of one map of ``shape`` (C, L) or (C, H, W)."""
    return (int(shape[1]), 1) if len(shape) == 2 else (int(shape[1]), int(shape[2]))


@dataclass(frozen=True, slots=True)
class MapBlock:
    """One layer's maps (and a conv layer's kernels), in scene coordinates.

    ``origins[c]`` is the top-left corner of map c, ``rows`` x ``cols`` its cells of side
    ``cell``. A conv layer has ``kernel`` = (C_in, kh, kw) (1-D: (C_in, k, 1)) and filter f's
    kernel block at ``kernel_origins[f]``, channel grids of cells of side ``kernel_cell``.
    """

    channels: int
    rows: int
    cols: int
    cell: float
    origins: tuple[tuple[float, float], ...]
    kernel: tuple[int, int, int] | None = None
    kernel_cell: float = 0.0
    kernel_origins: tuple[tuple[float, float], ...] = ()
    rect: Rect = (0.0, 0.0, 0.0, 0.0)

    @property
    def units(self) -> int:
        return self.channels * self.rows * self.cols

    def map_rect(self, c: int) -> Rect:
        x, y = self.origins[c]
        return x, y, self.cols * self.cell, self.rows * self.cell

    def cell_rect(self, unit: int) -> Rect:
        """The cell of ``unit`` (C order: map, row, column)."""
        c, rest = divmod(unit, self.rows * self.cols)
        r, k = divmod(rest, self.cols)
        x, y = self.origins[c]
        return x + k * self.cell, y + r * self.cell, self.cell, self.cell

    def cell_center(self, unit: int) -> tuple[float, float]:
        x, y, w, h = self.cell_rect(unit)
        return x + w / 2, y + h / 2

    def unit_at(self, x: float, y: float) -> int | None:
        """The unit whose cell holds the point, or None."""
        for c, (x0, y0) in enumerate(self.origins):
            k, r = math.floor((x - x0) / self.cell), math.floor((y - y0) / self.cell)
            if 0 <= k < self.cols and 0 <= r < self.rows:
                return (c * self.rows + r) * self.cols + k
        return None

    # -- kernels ---------------------------------------------------------------------------
    def _kernel_grid(self) -> tuple[int, int]:
        """(rows, columns) of channel grids in one filter's kernel block."""
        channels = self.kernel[0]
        per_row = min(channels, CHANNELS_PER_ROW)
        return -(-channels // per_row), per_row

    def kernel_size(self) -> tuple[float, float]:
        """(width, height) of one filter's kernel block."""
        if self.kernel is None:
            return 0.0, 0.0
        return _kernel_size(self.kernel, self.kernel_cell)

    def kernel_rect(self, f: int) -> Rect:
        x, y = self.kernel_origins[f]
        return (x, y, *self.kernel_size())

    def kernel_cell_rect(self, f: int, r: int) -> Rect:
        """The cell of shared weight ``r`` (flat index into weights[f]: channel, then
        kernel offsets) of filter f."""
        _c_in, kh, kw = self.kernel
        c, rest = divmod(r, kh * kw)
        a, b = divmod(rest, kw)
        per_row = self._kernel_grid()[1]
        gr, gc = divmod(c, per_row)
        kc = self.kernel_cell
        step_x, step_y = (kw + CHANNEL_GAP) * kc, (kh + CHANNEL_GAP) * kc
        x0, y0 = self.kernel_origins[f]
        return x0 + gc * step_x + b * kc, y0 + gr * step_y + a * kc, kc, kc

    def kernel_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(filter, shared weight) whose kernel cell holds the point, or None."""
        if self.kernel is None:
            return None
        c_in, kh, kw = self.kernel
        for f in range(len(self.kernel_origins)):
            for r in range(c_in * kh * kw):
                x0, y0, w, h = self.kernel_cell_rect(f, r)
                if x0 <= x < x0 + w and y0 <= y < y0 + h:
                    return f, r
        return None


def _kernel_size(kernel: tuple[int, int, int], kc: float) -> tuple[float, float]:
    channels, kh, kw = kernel
    per_row = min(channels, CHANNELS_PER_ROW)
    rows = -(-channels // per_row)
    return ((per_row * kw + (per_row - 1) * CHANNEL_GAP) * kc,
            (rows * kh + (rows - 1) * CHANNEL_GAP) * kc)


def kernel_cells(kernel: tuple[int, int, int], rows: int, cols: int) -> float:
    """The side of a kernel cell, in map cells: as large as a map cell, larger for a small
    kernel on a large map (at least KERNEL_SHARE of the map's side), and narrow enough that
    many channels stay within the map's width."""
    channels, kh, kw = kernel
    side = max(1.0, min(KERNEL_SHARE * max(rows, cols) / max(kh, kw), KERNEL_GROWTH))
    width = _kernel_size(kernel, side)[0]
    return side * min(1.0, max(cols, 3) / width) if channels > 1 else side


def block(shape: Sequence[int], kernel: tuple[int, int, int] | None, cell: float,
          per_row: int) -> MapBlock:
    """The block of maps ``shape`` (C, L) or (C, H, W) with ``per_row`` maps per row,
    centred on (0, 0); ``kernel`` = (C_in, kh, kw) for a conv layer."""
    channels = int(shape[0])
    rows, cols = _grid(shape)
    kc = kernel_cells(kernel, rows, cols) * cell if kernel is not None else 0.0
    kw, kh = _kernel_size(kernel, kc) if kernel is not None else (0.0, 0.0)
    lead = kh + KERNEL_GAP * cell if kernel is not None else 0.0
    map_w, map_h = cols * cell, rows * cell
    slot_w, slot_h = max(map_w, kw), lead + map_h
    gap = MAP_GAP * cell
    n_rows = -(-channels // per_row)
    width = per_row * slot_w + (per_row - 1) * gap
    height = n_rows * slot_h + (n_rows - 1) * gap
    x0, y0 = -width / 2, -height / 2
    origins, kernels = [], []
    for c in range(channels):
        row, col = divmod(c, per_row)
        sx, sy = x0 + col * (slot_w + gap), y0 + row * (slot_h + gap)
        origins.append((sx + (slot_w - map_w) / 2, sy + lead))
        kernels.append((sx + (slot_w - kw) / 2, sy))
    return MapBlock(channels, rows, cols, cell, tuple(origins), kernel, kc,
                    tuple(kernels) if kernel is not None else (), (x0, y0, width, height))


def per_row_for(shape: Sequence[int], kernel: tuple[int, int, int] | None,
                aspect: float) -> int:
    """Maps per row whose block's height / width is nearest ``aspect`` (1-D maps, columns
    of cells: side by side, at most 8 per row)."""
    channels = int(shape[0])
    if len(shape) == 2:
        return min(channels, 8)
    best, best_score = 1, math.inf
    for per_row in range(1, channels + 1):
        _x, _y, w, h = block(shape, kernel, 1.0, per_row).rect
        score = abs(math.log(h / w) - math.log(aspect))
        if score < best_score - 1e-9:
            best, best_score = per_row, score
    return best


def map_layout(shapes: Sequence[tuple[int, ...] | None],
               kernels: Sequence[tuple[int, int, int] | None], sizes: Sequence[int],
               expanded: Collection[int] = (), *, column_gap: float = COLUMN_GAP,
               radius: float = UNIT_RADIUS, aspect: float = 2.0) -> Layout:
    """The layout of a network whose layers ``shapes[l]`` have maps (None: a dense column of
    ``sizes[l]`` units); ``kernels[l]`` is (C_in, kh, kw) for a conv layer. Columns stand
    ``column_gap`` apart between their edges beyond a unit's radius (for dense networks the
    distance of :func:`compute_layout`); blocks of maps aim at height / width ``aspect``."""
    dense = compute_layout(sizes, expanded, column_gap=column_gap, radius=radius)
    rows = {l: per_row_for(s, kernels[l], aspect) for l, s in enumerate(shapes) if s}
    tallest = max((block(s, kernels[l], 1.0, rows[l]).rect[3]
                   for l, s in enumerate(shapes) if s), default=1.0)
    columns = max((ll.bottom - ll.top for ll, s in zip(dense.layers, shapes, strict=True)
                   if s is None), default=0.0)
    cell = min(MAX_CELL, max(TARGET_HEIGHT, columns) / tallest)
    layers: list[LayerLayout] = []
    x = 0.0
    for l, ll in enumerate(dense.layers):
        if shapes[l] is None:
            half = radius
            placed = ll
        else:
            b = block(shapes[l], kernels[l], cell, rows[l])
            half = b.rect[2] / 2
            placed = replace(ll, shown=(), ys=(), placeholder=None, block=b)
        if l:
            x += column_gap - radius + half
        layers.append(_moved(placed, x))
        x += half - radius
    return Layout(tuple(layers))


def _moved(ll: LayerLayout, x: float) -> LayerLayout:
    """``ll`` with its column at ``x`` (its block and placeholder moved along)."""
    b = ll.block
    if b is not None:
        dx = x - (b.rect[0] + b.rect[2] / 2)
        b = replace(b, origins=tuple((ox + dx, oy) for ox, oy in b.origins),
                    kernel_origins=tuple((ox + dx, oy) for ox, oy in b.kernel_origins),
                    rect=(b.rect[0] + dx, *b.rect[1:]))
    ph = ll.placeholder
    if ph is not None:
        ph = replace(ph, x=x)
    return replace(ll, x=x, block=b, placeholder=ph)


ASPECTS = (0.15, 0.25, 0.4, 0.6, 0.9, 1.3, 2.0, 3.0, 5.0)  # the arrangements fit tries


def best_aspect(shapes: Sequence[tuple[int, ...] | None],
                kernels: Sequence[tuple[int, int, int] | None], sizes: Sequence[int],
                width: float, height: float, *, column_gap: float = COLUMN_GAP,
                room: tuple[float, float] = (80.0, 60.0)) -> float:
    """The aspect of :data:`ASPECTS` whose arrangement of the blocks of maps draws their cells
    largest in ``width`` x ``height`` pixels (``room``: pixels the texts take beside and
    above it, roughly); the taller one on a tie."""
    best, best_px = ASPECTS[-1], -1.0
    for aspect in reversed(ASPECTS):
        lay = map_layout(shapes, kernels, sizes, column_gap=column_gap, aspect=aspect)
        w, h = lay.right - lay.left, lay.bottom - lay.top
        scale = min((width - room[0]) / max(w, 1.0), (height - room[1]) / max(h, 1.0))
        cell = next(ll.block.cell for ll in lay.layers if ll.block is not None)
        if scale * cell > best_px * 1.02:
            best, best_px = aspect, scale * cell
    return best
