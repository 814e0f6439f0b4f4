"""The canvas scene: builds items from a NetworkSpec and a Layout, and updates them in place.

Edges between two layers are individual :class:`EdgeItem` s (hoverable, selectable) while the
pair has at most ``MAX_EDGE_ITEMS`` visible edges; beyond that the strongest quarter (at most
``MAX_BUCKET_EDGES``) of them are drawn by one :class:`EdgeBundleItem` (see ``bundles``).
Connections hidden behind a collapsed layer are summarised by one translucent band per pair.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QObject, QPointF, QRectF
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QGraphicsScene

from bpsim.gui.canvas.bundles import EdgeBundleItem, bundled_count
from bpsim.gui.canvas.items import (
    Z_EDGE_TEXT,
    BandItem,
    EdgeItem,
    NeuronItem,
    PlaceholderItem,
    TextBoxItem,
)
from bpsim.gui.canvas.layout import UNIT_RADIUS, Layout, compute_layout
from bpsim.gui.canvas.model import Annotations, FillRange, fill_range, layer_title
from bpsim.gui.canvas.style import CanvasStyle, fmt, map_color
from bpsim.naming import unit_label
from bpsim.spec import NetworkSpec

MAX_EDGE_ITEMS = 2000
ANNOTATION_ROOM = 110.0

# networks with at most this many connections, all drawn one by one, show every weight on
# its edge (the textbook's figure: w14 = 0.2 ...); larger ones on hover and in the inspector
WEIGHT_TEXT_EDGES = 30
DENSE_EDGES = 40  # pairs with more visible edges than this draw them in faded colours
# ... and with more than this without antialiasing: AA wide lines cost ~50 us each to
# rasterise (576 edges of a 16-16-16-4 net: 35 ms per repaint with AA, 6 ms without).
AA_EDGES = 150
# where along an edge (0 = source, 1 = target) its annotation may sit, best first
EDGE_TEXT_TS = (0.6, 0.72, 0.48, 0.82, 0.38, 0.28, 0.66, 0.54, 0.77, 0.43, 0.33, 0.2)
# ... and when each of those overlaps (crowded crossings of a small network), every 3 %
EDGE_TEXT_FINE = tuple(k / 100 for k in range(12, 91, 3))
FINE_LIMIT = 200  # occupied rectangles up to which the fine search is cheap enough

Key = tuple[int, ...]


def _place_on_edge(box: TextBoxItem, edge: EdgeItem, occupied: list[QRectF]) -> None:
    """Put ``box`` on ``edge`` where it overlaps the ``occupied`` rectangles least: centred
    on the line, or (crowded crossings of a small network) resting on it from above or below."""
    fine = len(occupied) <= FINE_LIMIT
    half = box.boundingRect().height() / 2.0
    candidates = [(t, 0.0) for t in EDGE_TEXT_TS + (EDGE_TEXT_FINE if fine else ())]
    if fine:
        candidates += [(t, dy) for t in EDGE_TEXT_FINE for dy in (-half, half)]
    best, best_overlap = candidates[0], float("inf")
    for t, dy in candidates:
        box.setPos(edge.line.pointAt(t) + QPointF(0.0, dy))
        rect = box.sceneBoundingRect()
        overlap = 0.0
        for other in occupied:
            if other.intersects(rect):
                inter = other.intersected(rect)
                overlap += inter.width() * inter.height()
        if overlap == 0.0:
            return
        if overlap < best_overlap:
            best, best_overlap = (t, dy), overlap
    box.setPos(edge.line.pointAt(best[0]) + QPointF(0.0, best[1]))


class CanvasScene(QGraphicsScene):
    """Items of one network; ``neurons`` and ``edges`` map keys to the individual items."""

    def __init__(self, parent: QObject, style: CanvasStyle) -> None:
        super().__init__(parent)
        self.style = style
        self.spec: NetworkSpec | None = None
        self.layout: Layout | None = None
        self.neurons: dict[tuple[int, int], NeuronItem] = {}
        self.edges: dict[tuple[int, int, int], EdgeItem] = {}
        self.placeholders: dict[int, PlaceholderItem] = {}
        self.bands: dict[int, BandItem] = {}
        self.fill_ranges: tuple[FillRange, ...] = ()
        self.max_abs = 0.0
        self.content_rect = QRectF()
        self.selection: Key | None = None
        self._buckets: dict[int, EdgeBundleItem] = {}
        self._pair_edges: dict[int, list[EdgeItem]] = {}  # row-major over (shown j, shown i)
        self._weights: list[np.ndarray | None] = []
        self._biases: list[np.ndarray | None] = []
        self._outs: Sequence[np.ndarray] | None = None
        self._annotations: Annotations | None = None
        self._annotation_items: list[TextBoxItem] = []
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)

    # -- building ---------------------------------------------------------------------------

    def build(self, spec: NetworkSpec, expanded: set[int], keep_weights: bool = False) -> None:
        """Drop every item and draw ``spec`` with the ``expanded`` layers shown in full.

        ``keep_weights``: draw the weights last given to :meth:`set_weights` (live training)
        instead of the spec's, for a rebuild of the same network (palette, expansion)."""
        weights, biases = self._weights, self._biases
        self.clear()
        self.neurons, self.edges, self.placeholders, self.bands = {}, {}, {}, {}
        self._buckets, self._pair_edges = {}, {}
        self._annotation_items = []
        self.spec = spec
        self.layout = lay = compute_layout(spec.sizes, expanded)
        st = self.style
        for ll in lay.layers:
            outside = (
                "left" if ll.index == 0 else "right" if ll.index == len(lay.layers) - 1 else None
            )
            header_y = max(lay.top, ll.top - 400.0) - 14.0
            header = TextBoxItem(
                st, layer_title(spec, ll.index), "bottom", header=True, boxed=False
            )
            header.setPos(ll.x, header_y)
            self.addItem(header)
            for unit, y in zip(ll.shown, ll.ys, strict=True):
                label = unit_label(spec, ll.index, unit)
                item = NeuronItem(st, ll.index, unit, label, UNIT_RADIUS, outside)
                item.setPos(ll.x, y)
                self.addItem(item)
                self.neurons[(ll.index, unit)] = item
            if ll.placeholder is not None:
                ph = PlaceholderItem(st, ll.placeholder)
                self.addItem(ph)
                self.placeholders[ll.index] = ph
        for l in range(1, len(lay.layers)):
            self._build_pair(l)
        if not keep_weights:
            weights = [layer.weights for layer in spec.layers[1:]]
            biases = [layer.biases for layer in spec.layers[1:]]
        self._weights, self._biases = list(weights), list(biases)
        self._apply_weights()
        self._apply_outputs()
        # what fit() shows: the network and room for unit annotations right of the last column
        self.content_rect = self.itemsBoundingRect().adjusted(0, 0, ANNOTATION_ROOM, 0)
        self._apply_annotations()
        self.set_selection(self.selection)

    def _build_pair(self, l: int) -> None:
        assert self.layout is not None
        prev, cur = self.layout.layers[l - 1], self.layout.layers[l]
        visible = self.layout.visible_edges(l)
        bucketed = visible > MAX_EDGE_ITEMS
        if bucketed:
            bundle = EdgeBundleItem(self.style, prev, cur)
            self.addItem(bundle)
            self._buckets[l] = bundle
        else:
            alpha = 0.7 if visible > DENSE_EDGES else 1.0
            antialias = visible <= AA_EDGES
            for j, yj in zip(cur.shown, cur.ys, strict=True):
                for i, yi in zip(prev.shown, prev.ys, strict=True):
                    edge = EdgeItem(
                        self.style, l, j, i, QPointF(prev.x, yi), QPointF(cur.x, yj), alpha
                    )
                    edge.antialias = antialias
                    self.addItem(edge)
                    self.edges[(l, j, i)] = edge
                    self._pair_edges.setdefault(l, []).append(edge)
        total = prev.size * cur.size
        if bucketed or total > visible:
            path = QPainterPath(QPointF(prev.x, prev.top))
            path.lineTo(cur.x, cur.top)
            path.lineTo(cur.x, cur.bottom)
            path.lineTo(prev.x, prev.bottom)
            path.closeSubpath()
            info = f"{prev.size} × {cur.size} = {total:,} weights; "
            if bucketed:
                info += f"the strongest {bundled_count(visible):,} of the {visible:,} between "
                info += "shown units are drawn"
            else:
                info += f"the {visible:,} between shown units are drawn"
            band = BandItem(self.style, l, path, info)
            self.addItem(band)
            self.bands[l] = band

    # -- live updates -----------------------------------------------------------------------

    def set_weights(self, weights: Sequence[np.ndarray], biases: Sequence[np.ndarray]) -> None:
        """New weights (one (units, inputs) array per non-input layer) and biases."""
        self._weights = list(weights)
        self._biases = list(biases)
        self._apply_weights()

    def _apply_weights(self) -> None:
        known = [np.asarray(w) for w in self._weights if w is not None and np.size(w)]
        self.max_abs = max(  # of the finite weights (a diverged network may hold NaN/inf)
            (float(np.max(np.abs(w), initial=0.0, where=np.isfinite(w))) for w in known),
            default=0.0,
        )
        assert self.layout is not None
        for l, edges in self._pair_edges.items():
            w = self._weights[l - 1] if l - 1 < len(self._weights) else None
            if w is None:
                values: list[float | None] = [None] * len(edges)
            else:
                rows, cols = self.layout.layers[l].shown, self.layout.layers[l - 1].shown
                values = np.asarray(w)[np.ix_(rows, cols)].ravel().tolist()
            for edge, value in zip(edges, values, strict=True):
                edge.set_value(value, self.max_abs)
        for l, bundle in self._buckets.items():
            bundle.set_weights(
                self._weights[l - 1] if l - 1 < len(self._weights) else None, self.max_abs
            )
        for (layer, unit), neuron in self.neurons.items():
            b = self._biases[layer - 1] if 0 < layer <= len(self._biases) else None
            bias = None if b is None else float(b[unit])
            if bias != neuron.bias:
                neuron.set_bias(bias)
        if self.weight_text:
            self._apply_annotations()

    @property
    def weight_text(self) -> bool:
        """True when every weight is written on its edge (small networks)."""
        return (0 < len(self.edges) <= WEIGHT_TEXT_EDGES and not self.bands
                and not self._buckets)

    def set_outputs(self, outs: Sequence[np.ndarray] | None) -> None:
        """Fill neurons by the output o of one example (``outs[l]`` 1-D), or neutral for None."""
        self._outs = None if outs is None else [np.asarray(o, dtype=float).ravel() for o in outs]
        self._apply_outputs()

    def _apply_outputs(self) -> None:
        if self.spec is None:
            return
        outs = self._outs
        if outs is None or len(outs) != len(self.spec.layers):
            for neuron in self.neurons.values():
                neuron.set_fill(None, None)
            self.fill_ranges = ()
            return
        ranges: dict[tuple[float, float, bool], list[str]] = {}
        for l, o in enumerate(outs):
            act = None if l == 0 else self.spec.layers[l].activation
            lo, hi, div = fill_range(act, o)
            ranges.setdefault((lo, hi, div), []).append(self._fill_name(l))
            for unit in self.layout.layers[l].shown if self.layout else ():
                value = float(o[unit]) if unit < o.size else float("nan")
                color = map_color(value, lo, hi, div) if value == value else None
                self.neurons[(l, unit)].set_fill(color, value if value == value else None)
        self.fill_ranges = tuple(
            FillRange(lo, hi, div, tuple(dict.fromkeys(names)))
            for (lo, hi, div), names in ranges.items()
        )

    def _fill_name(self, l: int) -> str:
        assert self.spec is not None
        if l == 0:
            return "input"
        act = self.spec.layers[l].activation
        return f"output ({act})" if l == len(self.spec.layers) - 1 else f"hidden {l} ({act})"

    def set_annotations(self, ann: Annotations | None) -> None:
        """Replace the step-by-step overlay (None removes it)."""
        self._annotations = ann
        self._apply_annotations()

    def _apply_annotations(self) -> None:
        for item in self._annotation_items:
            self.removeItem(item)
        self._annotation_items = []
        ann = self._annotations or Annotations()
        for key, neuron in self.neurons.items():
            if neuron.highlighted != (key in ann.highlight_units):
                neuron.highlighted = key in ann.highlight_units
                neuron.update()
        for key, edge in self.edges.items():
            if edge.highlighted != (key in ann.highlight_edges):
                edge.set_marks(highlighted=key in ann.highlight_edges)
        occupied = [n.sceneBoundingRect() for n in self.neurons.values()]
        for key, text in ann.unit_text.items():
            neuron = self.neurons.get(key)
            if neuron is not None and text:
                box = TextBoxItem(self.style, text, "left")
                box.setPos(neuron.pos() + QPointF(neuron.text_right + 10, 0))
                self._add_annotation(box)
                occupied.append(box.sceneBoundingRect())
        for key, text in ann.edge_text.items():
            edge = self.edges.get(key)
            if edge is not None and text:
                box = TextBoxItem(self.style, text, "center")
                box.setZValue(Z_EDGE_TEXT)
                _place_on_edge(box, edge, occupied)
                self._add_annotation(box)
                occupied.append(box.sceneBoundingRect())
        if self.weight_text:  # the other edges show their weight
            for key, edge in self.edges.items():
                if ann.edge_text.get(key) or edge.value is None or edge.value != edge.value:
                    continue
                box = TextBoxItem(self.style, fmt(edge.value, 2), "center")
                box.setZValue(Z_EDGE_TEXT)
                box.edge = edge  # clicks on the number select (double-click: edit) the edge
                _place_on_edge(box, edge, occupied)
                self._add_annotation(box)
                occupied.append(box.sceneBoundingRect())

    def _add_annotation(self, box: TextBoxItem) -> None:
        self.addItem(box)
        self._annotation_items.append(box)

    # -- selection --------------------------------------------------------------------------

    def set_selection(self, key: Key | None) -> bool:
        """Mark ``key`` ((layer, unit) or (l, j, i)) as selected; False if it is not drawn."""
        old = self.selection
        if old is not None:
            item = self.item_for(old)
            if isinstance(item, EdgeItem):
                item.set_marks(selected=False)
            elif item is not None:
                item.selected = False
                item.update()
        item = None if key is None else self.item_for(key)
        self.selection = key if item is not None else None
        if isinstance(item, EdgeItem):
            item.set_marks(selected=True)
        elif item is not None:
            item.selected = True
            item.update()
        return item is not None

    def item_for(self, key: Key) -> NeuronItem | EdgeItem | None:
        if len(key) == 2:
            return self.neurons.get((key[0], key[1]))
        return self.edges.get((key[0], key[1], key[2]))

    def weight(self, l: int, j: int, i: int) -> float | None:
        w = self._weights[l - 1] if 0 < l <= len(self._weights) else None
        return None if w is None else float(w[j, i])
