"""Where every neuron of the canvas goes: a pure function of the layer sizes (no Qt).

Layers are columns from left to right, centred on y = 0. A layer with more than
``collapse_above`` units is drawn *collapsed* unless it is expanded: only its first ``head``
and last ``tail`` units are shown, with a placeholder slot ("… 776 more") between them. An
expanded layer shows every unit up to ``max_expanded``; beyond that it keeps a placeholder for
the rest (the display limit).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bpsim.gui.canvas.maplayout import MapBlock

from bpsim.lang import tx

UNIT_RADIUS = 18.0
MAX_RADIUS = 27.0  # units grow up to this in tall columns seen from afar (see ``fitting``)
UNIT_GAP = 64.0
COLUMN_GAP = 270.0
COLLAPSE_ABOVE = 16
HEAD = 5
TAIL = 3
MAX_EXPANDED = 512


@dataclass(frozen=True, slots=True)
class Placeholder:
    """The slot standing for the ``hidden`` units of a layer that are not drawn.

    The hidden units are ``first`` .. ``first + hidden - 1``; ``capped`` is True when the layer
    is expanded but larger than the display limit.
    """

    layer: int
    first: int
    hidden: int
    x: float
    y: float
    capped: bool = False

    @property
    def text(self) -> str:
        return self.forms[0]

    @property
    def forms(self) -> tuple[str, ...]:
        """The pill's text, widest first: the narrower ones where columns stand close."""
        return (tx("… {0} more").format(self.hidden), f"…{self.hidden}", "…")


@dataclass(frozen=True, slots=True)
class LayerLayout:
    """One column: its x, the indices of the shown units and their y (same order); a layer
    with maps has no units of its own but a ``block`` (see ``maplayout``)."""

    index: int
    size: int
    x: float
    shown: tuple[int, ...]
    ys: tuple[float, ...]
    placeholder: Placeholder | None
    expanded: bool
    radius: float = UNIT_RADIUS
    block: MapBlock | None = None

    @property
    def collapsible(self) -> bool:
        """True when the layer is large enough to be collapsed or expanded by the user."""
        return self.size > COLLAPSE_ABOVE and self.block is None

    @property
    def top(self) -> float:
        if self.block is not None:
            return self.block.rect[1]
        ys = self.ys + ((self.placeholder.y,) if self.placeholder else ())
        return min(ys) - self.radius

    @property
    def bottom(self) -> float:
        if self.block is not None:
            return self.block.rect[1] + self.block.rect[3]
        ys = self.ys + ((self.placeholder.y,) if self.placeholder else ())
        return max(ys) + self.radius

    @property
    def half_width(self) -> float:
        """Half the column's width: a unit's radius, or half the block of maps."""
        return self.block.rect[2] / 2 if self.block is not None else self.radius

    def y_of(self, unit: int) -> float | None:
        """The y of ``unit``, or None when it is hidden behind the placeholder."""
        try:
            return self.ys[self.shown.index(unit)]
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Layout:
    """The whole network's layout; ``layers[l]`` is layer l (0 = input)."""

    layers: tuple[LayerLayout, ...]

    def pos(self, layer: int, unit: int) -> tuple[float, float] | None:
        """Scene position of a unit's centre (a map unit: its cell's), or None when it is
        not shown."""
        lay = self.layers[layer]
        if lay.block is not None:
            return lay.block.cell_center(unit)
        y = lay.y_of(unit)
        return None if y is None else (lay.x, y)

    def visible_edges(self, layer: int) -> int:
        """How many edges between layer-1 and layer are drawn individually."""
        return len(self.layers[layer].shown) * len(self.layers[layer - 1].shown)

    @property
    def radius(self) -> float:
        return self.layers[0].radius

    @property
    def column_gap(self) -> float:
        """The distance of the columns (of units; beyond their blocks for maps)."""
        a, b = self.layers[0], self.layers[1]
        return b.x - a.x - (a.half_width - a.radius) - (b.half_width - b.radius)

    @property
    def extra_width(self) -> float:
        """How much wider than columns of units the blocks of maps make the network."""
        return sum(2 * (lay.half_width - lay.radius) for lay in self.layers)

    @property
    def left(self) -> float:
        return self.layers[0].x - self.layers[0].half_width

    @property
    def right(self) -> float:
        return self.layers[-1].x + self.layers[-1].half_width

    @property
    def top(self) -> float:
        return min(lay.top for lay in self.layers)

    @property
    def bottom(self) -> float:
        return max(lay.bottom for lay in self.layers)


def shown_units(
    size: int,
    expanded: bool,
    *,
    collapse_above: int = COLLAPSE_ABOVE,
    head: int = HEAD,
    tail: int = TAIL,
    max_expanded: int = MAX_EXPANDED,
) -> tuple[tuple[int, ...], int, int]:
    """(shown unit indices, index of the first hidden unit, number hidden) for one layer."""
    if size <= collapse_above or (expanded and size <= max_expanded):
        return tuple(range(size)), size, 0
    if expanded:
        head = max_expanded - tail
    hidden = size - head - tail
    return tuple(range(head)) + tuple(range(size - tail, size)), head, hidden


def compute_layout(
    sizes: Sequence[int],
    expanded: Collection[int] = (),
    *,
    collapse_above: int = COLLAPSE_ABOVE,
    head: int = HEAD,
    tail: int = TAIL,
    max_expanded: int = MAX_EXPANDED,
    unit_gap: float = UNIT_GAP,
    column_gap: float = COLUMN_GAP,
    radius: float = UNIT_RADIUS,
) -> Layout:
    """Lay out a network with layer ``sizes``; ``expanded`` holds the indices of expanded layers.

    Each column is centred on y = 0; the placeholder (if any) takes one slot between the
    shown head and tail units. Column l has x = l * column_gap.
    """
    layers = []
    for index, size in enumerate(sizes):
        is_expanded = index in expanded
        shown, first_hidden, hidden = shown_units(
            size,
            is_expanded,
            collapse_above=collapse_above,
            head=head,
            tail=tail,
            max_expanded=max_expanded,
        )
        slots = len(shown) + (1 if hidden else 0)
        y0 = -(slots - 1) * unit_gap / 2.0
        x = index * column_gap
        ys: list[float] = []
        placeholder = None
        slot = 0
        for unit in shown:
            if hidden and placeholder is None and unit >= first_hidden:
                placeholder = Placeholder(
                    index,
                    first_hidden,
                    hidden,
                    x,
                    y0 + slot * unit_gap,
                    capped=is_expanded,
                )
                slot += 1
            ys.append(y0 + slot * unit_gap)
            slot += 1
        if hidden and placeholder is None:  # tail == 0: the placeholder comes last
            placeholder = Placeholder(
                index, first_hidden, hidden, x, y0 + slot * unit_gap, capped=is_expanded
            )
        layers.append(LayerLayout(index, size, x, shown, tuple(ys), placeholder, is_expanded,
                                  radius))
    return Layout(tuple(layers))
