"""The layers with maps in the canvas scene: their items, connections, colours and marks.

:class:`MapParts` is owned by the :class:`~bpsim.gui.canvas.scene.CanvasScene` of a network
with maps. It draws each map layer as a :class:`MapItem` and each conv layer's kernels as a
:class:`KernelItem`, and the connections into a conv or max_pool layer one by one when they
are few (the smallest lessons: every shared weight on its edges), else as a band. It knows
every connection from the engine's own geometry (``Conv.index``, ``MaxPool.index``): the
receptive field of an output position, the window of a pooled value, and the connections
that share a kernel weight, which it marks when they are hovered, selected or in the Step
mode's current sum.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, QLineF, QPointF, QRectF
from PySide6.QtGui import QPainterPath

from bpsim.engine.build import layer_geometry
from bpsim.gui.canvas.bundles import EdgeBundleItem
from bpsim.gui.canvas.items import BandItem, EdgeItem
from bpsim.gui.canvas.labels import TextBoxItem
from bpsim.gui.canvas.layout import LayerLayout
from bpsim.gui.canvas.mapitems import Z_HOVER_MARKS, KernelItem, MapItem, MarkItem
from bpsim.gui.canvas.model import times
from bpsim.gui.canvas.style import fmt
from bpsim.naming import unit_label
from bpsim.spec import NetworkSpec

if TYPE_CHECKING:
    from bpsim.gui.canvas.scene import CanvasScene

MAP_EDGE_ITEMS = 64  # connections into a conv or pool layer drawn one by one up to this many
DENSE_EDGE_ITEMS = 400  # ... from maps into a dense layer (beyond: the strongest, bundled)
# marked connections drawn as lines up to this many; beyond, their cells only (the 49 lines
# of a shared weight's sum in convolution-digits hid the maps under one yellow block)
MARK_LINES = 24
KERNEL_DIGITS = 2  # decimals of the weights written in kernel cells (one fewer when narrow)
STEP_CELLS = 8  # map layers of at most this many positions show their Step-mode boxes
NAMED_CELLS = 16  # layers of at most this many cells name them in the cells (when they fit)

Connection = tuple[int, int, int]  # (l, j, i): from unit i of layer l-1 to unit j of layer l


def has_maps(spec: NetworkSpec) -> bool:
    return any(layer.shape is not None for layer in spec.layers)


def kernel_shape(spec: NetworkSpec, l: int) -> tuple[int, int, int] | None:
    """(C_in, kh, kw) of conv layer l's kernels (1-D: (C_in, k, 1)), else None."""
    layer = spec.layers[l]
    if layer.kind != "conv":
        return None
    k = tuple(layer.kernel)
    return (spec.layers[l - 1].out_shape[0], k[0], k[1] if len(k) > 1 else 1)


class MapParts:
    """The map layers of ``scene``'s network (see the module docstring)."""

    def __init__(self, scene: CanvasScene, spec: NetworkSpec) -> None:
        self.scene, self.spec = scene, spec
        self.maps: dict[int, MapItem] = {}
        self.kernels: dict[int, KernelItem] = {}
        self.geometry = {l: layer_geometry(layer, spec.layers[l - 1])
                         for l, layer in enumerate(spec.layers) if l and layer.kind != "dense"}
        self.edge_weight: dict[Connection, tuple[int, int]] = {}  # conv edge -> (f, r)
        st = scene.style
        self.hover_marks = self._marks(MarkItem(st, Z_HOVER_MARKS))
        self.select_marks = self._marks(MarkItem(st))
        self.step_marks = self._marks(MarkItem(st))
        self.marked: frozenset[Connection] = frozenset()  # hovered: for tests and tooltips

    def _marks(self, item: MarkItem) -> MarkItem:
        item.hide()
        self.scene.addItem(item)
        return item

    # -- building ---------------------------------------------------------------------------
    def add_layer(self, ll: LayerLayout) -> None:
        st, l, b = self.scene.style, ll.index, ll.block
        item = MapItem(st, l, b)
        self.scene.addItem(item)
        self.maps[l] = item
        if b.units <= NAMED_CELLS:
            item.names = [self._cell_box(item, b.cell_rect(j), unit_label(self.spec, l, j))
                          for j in range(b.units)]
        if b.kernel is not None:
            kernels = KernelItem(st, l, b)
            self.scene.addItem(kernels)
            self.kernels[l] = kernels
            if kernels.weights_size <= NAMED_CELLS * 2:
                kernels.names = [self._cell_box(kernels, b.kernel_cell_rect(f, r), "")
                                 for f in range(kernels.filters)
                                 for r in range(kernels.weights_size // kernels.filters)]
            for f in range(kernels.filters):
                x, y, w, h = b.kernel_rect(f)
                box = TextBoxItem(st, "", "left", boxed=False, font=st.small_font, gap=3.0,
                                  parent=kernels)
                box.setPos(x + w, y + h / 2)
                box.hide()
                kernels.bias_texts.append(box)

    def _cell_box(self, parent, rect, text: str) -> TextBoxItem:
        box = TextBoxItem(self.scene.style, text, "center", boxed=False,
                          font=self.scene.style.small_font, parent=parent)
        x, y, w, h = rect
        box.setPos(x + w / 2, y + h / 2)
        box.hide()
        return box

    def place_texts(self, scale: float, zoom: float) -> None:
        """Show the names in the cells and the values in the kernel cells where every one of
        a layer fits (else none: hover tells), and the filters' biases beside their kernels
        where they fit."""
        st = self.scene.style
        for item in (*self.maps.values(), *self.kernels.values()):
            cell = item.block.cell if isinstance(item, MapItem) else item.block.kernel_cell
            boxes = item.names

            fits = _cells_fit(boxes, cell * scale, zoom)
            if isinstance(item, KernelItem) and item.weights is not None:
                for digits in (KERNEL_DIGITS, KERNEL_DIGITS - 1):  # fewer digits when narrow
                    for box, value in zip(boxes, item.weights.ravel()):
                        box.set_text(fmt(float(value), digits))
                    if (fits := _cells_fit(boxes, cell * scale, zoom)):
                        break
            for k, box in enumerate(boxes):
                box.setScale(zoom)
                box.pen = st.text_on(item.color(k))
                box.setVisible(fits)
        for kernels in self.kernels.values():  # every filter's bias, or none (hover tells)
            room = self._bias_room(kernels) * scale
            fits = all(bool(box.text) and box.size[0] * zoom + 3 <= room
                       for box in kernels.bias_texts)
            for box in kernels.bias_texts:
                box.setScale(zoom)
                box.setVisible(fits)

    def _bias_room(self, kernels: KernelItem) -> float:
        """Scene units right of a kernel that are free: to the next slot, or a third of the
        way to the next column for the last one in a row."""
        b, lay = kernels.block, self.scene.layout
        x, _y, w, _h = b.kernel_rect(0)
        right = [ox for ox, _oy in b.kernel_origins if ox > x]
        if right:
            return min(right) - x - w
        layer = lay.layers[kernels.layer]
        slot_right = b.origins[0][0] + b.cols * b.cell
        nxt = lay.layers[kernels.layer + 1] if kernels.layer + 1 < len(lay.layers) else None
        edge = layer.x + layer.half_width
        free = (nxt.x - nxt.half_width - edge) / 3 if nxt is not None else 100.0
        return max(slot_right, edge) - x - w + free

    def handles(self, l: int) -> bool:
        """Whether the pair (l-1, l) involves maps (drawn here, not as columns)."""
        return self.spec.layers[l - 1].shape is not None or self.spec.layers[l].shape is not None

    def build_pair(self, prev: LayerLayout, cur: LayerLayout) -> None:
        """The connections into layer ``cur``: one EdgeItem each when they are few, else a
        band (conv, pool) or the strongest, bundled (dense)."""
        l, sc = cur.index, self.scene
        pairs = self.pairs(l)
        dense = self.spec.layers[l].kind == "dense"
        if len(pairs) <= (DENSE_EDGE_ITEMS if dense else MAP_EDGE_ITEMS):
            alpha = 0.7 if len(pairs) > 40 else 1.0
            for j, i in pairs:
                p1, p2 = sc.layout.pos(l - 1, i), sc.layout.pos(l, j)
                edge = EdgeItem(sc.style, l, j, i, QPointF(*p1), QPointF(*p2), alpha)
                edge.antialias = len(pairs) <= 150
                sc.addItem(edge)
                sc.edges[(l, j, i)] = edge
                sc._pair_edges.setdefault(l, []).append(edge)
                if self.spec.layers[l].kind == "conv":
                    self.edge_weight[(l, j, i)] = self._shared_weight(l, j, i)
            return
        if dense:
            units = np.arange(prev.size, dtype=np.intp)
            src = np.array([sc.layout.pos(l - 1, i) for i in units])
            dst = np.column_stack([np.full(len(cur.ys), cur.x), cur.ys])
            bundle = EdgeBundleItem(sc.style, prev, cur,
                                    (src, dst, units, np.asarray(cur.shown, dtype=np.intp)))
            sc.addItem(bundle)
            sc._buckets[l] = bundle
        band = BandItem(sc.style, l, self._band_path(prev, cur), self._band_info(l, len(pairs)))
        sc.addItem(band)
        sc.bands[l] = band

    def pairs(self, l: int) -> list[tuple[int, int]]:
        """Every connection (j, i) into layer l (conv: without the padding)."""
        layer, prev = self.spec.layers[l], self.spec.layers[l - 1]
        if layer.kind == "dense":
            shown = self.scene.layout.layers[l].shown
            return [(j, i) for j in shown for i in range(prev.size)]
        return [(j, i) for j in range(layer.size) for i in self.reads(l, j)]

    @staticmethod
    def _band_path(prev: LayerLayout, cur: LayerLayout) -> QPainterPath:
        x0, x1 = prev.x + prev.half_width, cur.x - cur.half_width
        path = QPainterPath(QPointF(x0, prev.top))
        path.lineTo(x1, cur.top)
        path.lineTo(x1, cur.bottom)
        path.lineTo(x0, prev.bottom)
        path.closeSubpath()
        return path

    def _band_info(self, l: int, count: int) -> str:
        t = QCoreApplication.translate
        layer, prev = self.spec.layers[l], self.spec.layers[l - 1]
        if layer.kind == "conv":
            k = times((prev.out_shape[0], *layer.kernel))
            return t("Canvas", "{0:,} connections share {1} kernels of {2} weights; hover a "
                     "map position to see what it reads, a kernel weight to see every "
                     "connection that uses it").format(count, layer.filters, k)
        if layer.kind == "max_pool":
            return t("Canvas", "each value is the maximum of a {0} window ({1:,} connections); "
                     "hover a position to see its window").format(times(layer.pool), count)
        return t("Canvas", "{0} × {1} = {2:,} weights; the strongest are drawn").format(
            prev.size, layer.size, count)

    # -- connections ------------------------------------------------------------------------
    def reads(self, l: int, j: int) -> list[int]:
        """The inputs (units of layer l-1) that unit j of a conv or pool layer l reads."""
        g = self.geometry.get(l)
        if g is None:
            return list(range(self.spec.layers[l - 1].size))
        if g.kind == "max_pool":
            return [int(i) for i in g.index[j]]
        column = g.index[:, j % g.positions]
        return [int(i) for i in column if i < g.n_in]

    def _shared_weight(self, l: int, j: int, i: int) -> tuple[int, int]:
        """(filter, r) of the weight conv layer l uses from input i to output j."""
        g = self.geometry[l]
        f, pos = divmod(j, g.positions)
        return f, int(np.flatnonzero(g.index[:, pos] == i)[0])

    def shared(self, l: int, f: int, r: int) -> list[Connection]:
        """Every connection of conv layer l that uses weight r of filter f."""
        g = self.geometry[l]
        read = g.index[r]
        return [(l, f * g.positions + p, int(read[p])) for p in range(g.positions)
                if read[p] < g.n_in]

    def receptive(self, l: int, j: int) -> list[Connection]:
        """The connections into unit j of layer l (its receptive field or window)."""
        return [(l, j, i) for i in self.reads(l, j)]

    # -- colours ----------------------------------------------------------------------------
    def set_weights(self, weights: Sequence[np.ndarray | None],
                    biases: Sequence[np.ndarray | None], max_abs: float) -> bool:
        """New kernels; True when a text got longer (the texts need placing again)."""
        longer = False
        for l, kernels in self.kernels.items():
            w = weights[l - 1] if l - 1 < len(weights) else None
            ok = w is not None and np.size(w) == kernels.weights_size
            kernels.set_weights(w if ok else None, max_abs)
            b = biases[l - 1] if l - 1 < len(biases) else None
            kernels.biases = None if b is None or len(b) != kernels.filters else np.asarray(b)
            values = kernels.weights.ravel() if kernels.weights is not None else ()
            for box, value in zip(kernels.names, values):
                longer |= _retext(box, fmt(float(value), KERNEL_DIGITS))
            for f, box in enumerate(kernels.bias_texts):
                longer |= _retext(box, "" if kernels.biases is None
                                  else "b=" + fmt(float(kernels.biases[f]), 2))
        return longer

    def conv_edge_value(self, key: Connection, weights: Sequence[np.ndarray | None]
                        ) -> float | None:
        w = weights[key[0] - 1] if key[0] - 1 < len(weights) else None
        f, r = self.edge_weight[key]
        if w is None or np.size(w) != self.kernels[key[0]].weights_size:
            return None
        return float(np.asarray(w)[f].flat[r])

    # -- marks ------------------------------------------------------------------------------
    def cell_rect(self, l: int, j: int) -> QRectF | None:
        block = self.scene.layout.layers[l].block
        return None if block is None else QRectF(*block.cell_rect(j))

    def mark(self, item: MarkItem, units: Iterable[tuple[int, int]],
             connections: Iterable[Connection], kernel_cells: Iterable[tuple] = ()) -> None:
        """Mark the map cells of ``units``, the connections (as lines while few; their map
        ends as cells) and kernel cells (l, f, r)."""
        lay = self.scene.layout
        cells = set(units)
        lines = []
        connections = list(connections)
        for l, j, i in connections:
            cells.update(((l, j), (l - 1, i)))
        if len(connections) <= MARK_LINES:
            lines = [QLineF(QPointF(*lay.pos(l - 1, i)), QPointF(*lay.pos(l, j)))
                     for l, j, i in connections
                     if lay.pos(l - 1, i) is not None and lay.pos(l, j) is not None]
        rects = [r for l, j in cells if (r := self.cell_rect(l, j)) is not None]
        for l, f, r in kernel_cells:
            block = lay.layers[l].block
            if block is not None and block.kernel is not None:
                rects.append(QRectF(*block.kernel_cell_rect(f, r)))
        item.set_marks(rects, lines)

    def hover(self, item: object, key: object) -> None:
        """The mouse is over cell ``key`` of a MapItem or KernelItem (None: it left)."""
        if key is None:
            self.marked = frozenset()
            self.hover_marks.set_marks([], [])
            return
        l = item.layer
        if isinstance(item, KernelItem):
            f, r = key
            connections = self.shared(l, f, r)
            self.mark(self.hover_marks, (), connections, [(l, f, r)])
        else:
            connections = self.receptive(l, key) if l in self.geometry else []
            self.mark(self.hover_marks, [(l, key)], connections)
        self.marked = frozenset(connections)

    def hover_edge(self, edge: EdgeItem, on: bool) -> None:
        """The mouse entered (left) a connection of a conv layer: mark (unmark) every
        connection that shares its weight, and the kernel cell."""
        shared = self.edge_weight.get((edge.l, edge.j, edge.i))
        if shared is None:
            return
        if not on:
            self.hover(None, None)
            return
        connections = self.shared(edge.l, *shared)
        self.mark(self.hover_marks, (), connections, [(edge.l, *shared)])
        self.marked = frozenset(connections)

    def select(self, key: tuple | None) -> bool:
        """Select a map unit (l, j) or a shared weight ("kernel", l, f, r); False when the
        key is not one of these layers'."""
        for item in (*self.maps.values(), *self.kernels.values()):
            item.set_selected(None)
        self.select_marks.set_marks([], [])
        if key is None:
            return False
        if key[0] == "kernel":
            _, l, f, r = key
            kernels = self.kernels.get(l)
            if kernels is None:
                return False
            kernels.set_selected((f, r))
            self.mark(self.select_marks, (), self.shared(l, f, r), [(l, f, r)])
            return True
        if len(key) == 2 and key[0] in self.maps:
            self.maps[key[0]].set_selected(key[1])
            return True
        return False

    def mark_step(self, units: Iterable[tuple[int, int]],
                  connections: Iterable[Connection]) -> None:
        """The Step mode's marks: its highlighted map units and the connections that are
        not drawn one by one (with the kernel cells of the conv connections)."""
        connections = list(connections)
        kernel_cells = {(l, *self._shared_weight(l, j, i)) for l, j, i in connections
                        if l in self.kernels}
        drawn = self.scene.edges
        maps = [u for u in units if u[0] in self.maps]
        self.mark(self.step_marks, maps,
                  [c for c in connections if c not in drawn and self.handles(c[0])],
                  kernel_cells)

    def items(self) -> list[MapItem | KernelItem]:
        """Every map and kernel item (their scene rectangles are taken)."""
        return [*self.maps.values(), *self.kernels.values()]

    def step_cells(self) -> list[tuple[int, int]]:
        """The map units whose Step-mode values get a box: those of hidden and output map
        layers of at most STEP_CELLS positions (larger maps: hover and the panel tell)."""
        return [(l, j) for l, item in self.maps.items()
                if l > 0 and item.block.units <= STEP_CELLS for j in range(item.block.units)]

    def cell_text(self, key: tuple[int, int], text: str) -> TextBoxItem:
        """The Step mode's box for map unit ``key``: right of its layer's maps, level with
        its cell."""
        l, j = key
        block = self.scene.layout.layers[l].block
        x, y, w, h = block.cell_rect(j)
        box = TextBoxItem(self.scene.style, text, "left", gap=8.0)
        box.cell = key
        box.setPos(block.rect[0] + block.rect[2], y + h / 2)
        return box


def _cells_fit(boxes: list[TextBoxItem], px: float, zoom: float) -> bool:
    """Whether every text fits in its cell of ``px`` pixels."""
    return bool(boxes) and all(b.size[0] * zoom <= px - 2 and b.size[1] * zoom <= px + 2
                               for b in boxes)


def _retext(box: TextBoxItem, text: str) -> bool:
    """Set a text; True when it got longer than before (it may no longer fit)."""
    longer = len(text) > len(box.text)
    box.set_text(text)
    return longer
