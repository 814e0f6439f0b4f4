"""The canvas scene: builds items from a NetworkSpec and a Layout, and updates them in place.

Edges between two layers are individual :class:`EdgeItem` s (hoverable, selectable) while the
pair has at most ``MAX_EDGE_ITEMS`` visible edges; beyond that the strongest quarter (at most
``MAX_BUCKET_EDGES``) of them are drawn by one :class:`EdgeBundleItem` (see ``bundles``).
Connections hidden behind a collapsed layer are summarised by one translucent band per pair.

Texts (headings, names, biases, weights, Step-mode boxes) keep a fixed screen size; the view
tells the scene its zoom (:meth:`CanvasScene.set_view_scale`) and the scene decides which
texts fit where (``texts`` module) at that zoom.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QPointF, QRectF
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QGraphicsScene

from bpsim.gui.canvas import texts
from bpsim.gui.canvas.bundles import EdgeBundleItem, bundled_count
from bpsim.gui.canvas.items import BandItem, EdgeItem, NeuronItem, PlaceholderItem
from bpsim.gui.canvas.labels import TextBoxItem
from bpsim.gui.canvas.layout import (
    COLLAPSE_ABOVE,
    COLUMN_GAP,
    UNIT_RADIUS,
    Layout,
    compute_layout,
)
from bpsim.gui.canvas.maplayout import map_layout
from bpsim.gui.canvas.mapscene import MapParts, has_maps, kernel_shape
from bpsim.gui.canvas.model import Annotations, FillRange, family, fill_range, heading_forms
from bpsim.gui.canvas.pictures import PicturePreview, pictures
from bpsim.gui.canvas.style import CanvasStyle, map_color
from bpsim.naming import unit_label
from bpsim.spec import NetworkSpec

MAX_EDGE_ITEMS = 2000
DENSE_EDGES = 40  # pairs with more visible edges than this draw them in faded colours
# ... and with more than this without antialiasing: AA wide lines cost ~50 us each to
# rasterise (576 edges of a 16-16-16-4 net: 35 ms per repaint with AA, 6 ms without).
AA_EDGES = 150
HEADER_CAP = 600.0  # headings sit at most this far above the centre (expanded layers)

Key = tuple[int, ...]


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
        self.headers: list[TextBoxItem] = []
        self.fill_ranges: tuple[FillRange, ...] = ()
        self.max_abs = 0.0
        self.view_scale = 1.0
        self.selection: Key | None = None
        self.preview: PicturePreview | None = None
        self._buckets: dict[int, EdgeBundleItem] = {}
        self._pair_edges: dict[int, list[EdgeItem]] = {}  # row-major over (shown j, shown i)
        self._weights: list[np.ndarray | None] = []
        self._biases: list[np.ndarray | None] = []
        self._outs: Sequence[np.ndarray] | None = None
        self._maps: Sequence[np.ndarray] | None = None
        self._annotations: Annotations | None = None
        self._annotation_items: list[TextBoxItem] = []
        self.parts: MapParts | None = None  # the layers with maps, if any
        self.map_aspect = 2.0  # height / width the blocks of maps aim at (the view sets it)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)

    # -- building ---------------------------------------------------------------------------

    def build(self, spec: NetworkSpec, expanded: set[int], keep_weights: bool = False,
              column_gap: float = COLUMN_GAP, radius: float = UNIT_RADIUS) -> None:
        """Drop every item and draw ``spec`` with the ``expanded`` layers shown in full,
        columns ``column_gap`` apart, units of ``radius``.

        ``keep_weights``: draw the weights last given to :meth:`set_weights` (live training)
        instead of the spec's, for a rebuild of the same network (palette, expansion, width)."""
        weights, biases = self._weights, self._biases
        self.clear()
        self.neurons, self.edges, self.placeholders, self.bands = {}, {}, {}, {}
        self._buckets, self._pair_edges = {}, {}
        self._annotation_items, self.headers = [], []
        self.spec = spec
        self.parts = MapParts(self, spec) if has_maps(spec) else None
        if self.parts is not None:
            self.layout = lay = map_layout(
                [la.shape for la in spec.layers],
                [kernel_shape(spec, l) for l in range(len(spec.layers))], spec.sizes,
                expanded, column_gap=column_gap, radius=radius, aspect=self.map_aspect)
        else:
            self.layout = lay = compute_layout(spec.sizes, expanded, column_gap=column_gap,
                                               radius=radius)
        st = self.style
        # one row of headings above the tallest column (expanded layers: at most HEADER_CAP)
        header_y = min(ll.top if len(ll.ys) <= COLLAPSE_ABOVE else max(ll.top, -HEADER_CAP)
                       for ll in lay.layers)
        last = len(lay.layers) - 1
        for ll in lay.layers:
            outside = "left" if ll.index == 0 else "right" if ll.index == last else None
            header = TextBoxItem(st, heading_forms(spec, ll.index)[0], "bottom", header=True,
                                 boxed=False, gap=8.0)
            header.forms = heading_forms(spec, ll.index)
            header.setPos(ll.x, header_y)
            self.addItem(header)
            self.headers.append(header)
            if ll.block is not None:
                self.parts.add_layer(ll)
            for unit, y in zip(ll.shown, ll.ys, strict=True):
                label = unit_label(spec, ll.index, unit)
                item = NeuronItem(st, ll.index, unit, label, radius, outside)
                item.setPos(ll.x, y)
                self.addItem(item)
                self.neurons[(ll.index, unit)] = item
            if ll.placeholder is not None:
                ph = PlaceholderItem(st, ll.placeholder)
                self.addItem(ph)
                self.placeholders[ll.index] = ph
        for l in range(1, len(lay.layers)):
            if self.parts is not None and self.parts.handles(l):
                self.parts.build_pair(lay.layers[l - 1], lay.layers[l])
            else:
                self._build_pair(l)
        self.preview = PicturePreview(st)
        self.addItem(self.preview)
        if not keep_weights:
            weights = [layer.weights for layer in spec.layers[1:]]
            biases = [layer.biases for layer in spec.layers[1:]]
        self._weights, self._biases = list(weights), list(biases)
        self._apply_weights()
        self._apply_fills()
        self._make_annotations()
        self.set_view_scale(self.view_scale, force=True)
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
            t = QCoreApplication.translate
            if bucketed:
                info = t("Canvas", "{0} × {1} = {2:,} weights; the strongest {3:,} of the {4:,} "
                         "between shown units are drawn").format(
                    prev.size, cur.size, total, bundled_count(visible), visible)
            else:
                info = t("Canvas", "{0} × {1} = {2:,} weights; the {3:,} between shown units "
                         "are drawn").format(prev.size, cur.size, total, visible)
            band = BandItem(self.style, l, path, info)
            self.addItem(band)
            self.bands[l] = band

    @property
    def network_rect(self) -> QRectF:
        """The scene rectangle of the units (circles and placeholders), without any text."""
        if self.layout is None:
            return QRectF()
        lay = self.layout
        return QRectF(QPointF(lay.left, lay.top), QPointF(lay.right, lay.bottom))

    # -- zoom and texts ---------------------------------------------------------------------

    def set_view_scale(self, scale: float, zoom: float | None = None,
                       force: bool = False) -> None:
        """The view's zoom changed: size, show or hide and place the texts for it (``zoom``:
        the texts' own scale, default :func:`labels.text_zoom`)."""
        if scale == self.view_scale and not force:
            return
        self.view_scale = scale
        if self.layout is not None and self.spec is not None:
            texts.fit_texts(self, scale, zoom)

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
        parts = self.parts
        if parts is not None and parts.set_weights(self._weights, self._biases, self.max_abs):
            texts.fit_texts(self, self.view_scale)
        for l, edges in self._pair_edges.items():
            w = self._weights[l - 1] if l - 1 < len(self._weights) else None
            kind = self.spec.layers[l].kind
            if w is None or kind == "max_pool":
                values: list[float | None] = [None] * len(edges)
            elif kind == "conv":
                values = [parts.conv_edge_value((e.l, e.j, e.i), self._weights) for e in edges]
            elif self.layout.layers[l - 1].block is not None:  # dense, from maps
                values = [float(w[e.j, e.i]) for e in edges]
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
            bias = None if b is None or unit >= len(b) else float(b[unit])
            if bias != neuron.bias:
                neuron.set_bias(bias)
        if self.weight_text and not self._update_weight_labels():
            self._make_annotations()
            texts.fit_texts(self, self.view_scale)

    def _update_weight_labels(self) -> bool:
        """Rewrite the weights written on the edges in place (live training); they move only
        when a text got longer than the one they were placed with. False when the labels
        must be made anew (an overlay, an edge without one)."""
        boxes = [b for b in self._annotation_items if b.edge is not None]
        if self._annotations is not None or len(boxes) != len(self._labelled_edges()):
            return False
        longer = False
        for box in boxes:
            value = box.edge.value
            if value is None or value != value:
                return False
            box.set_text(texts.weight_label(value))
            longer = longer or len(box.text) > box.placed_len
        if longer:
            texts.fit_texts(self, self.view_scale)
        return True

    def _labelled_edges(self) -> list[tuple[int, int, int]]:
        """The edges that write their weight (not those of a conv or max_pool layer)."""
        shape = self.layout.layers if self.parts is not None else ()
        return [k for k in self.edges if not shape or shape[k[0]].block is None]

    @property
    def weight_text(self) -> bool:
        """True when every weight is written on its edge (small networks)."""
        return texts.shows_weights(self)

    def set_outputs(self, outs: Sequence[np.ndarray] | None) -> None:
        """Fill neurons by the output o of one example (``outs[l]`` 1-D), or neutral for None."""
        self._outs = None if outs is None else [np.asarray(o, dtype=float).ravel() for o in outs]
        self._apply_fills()

    def set_unit_maps(self, maps: Sequence[np.ndarray] | None) -> None:
        """Every unit's output over the input plane: ``maps[l - 1]`` (units, m, m), rows = x2
        upwards; None removes the pictures."""
        self._maps = maps
        self._apply_fills()

    @property
    def annotated(self) -> bool:
        """True while the Step mode's overlay is shown."""
        return self._annotations is not None

    @property
    def shows_pictures(self) -> bool:
        """True when units show their pictures (maps of this network, not in the Step mode)."""
        maps, spec = self._maps, self.spec
        return (maps is not None and spec is not None and self._annotations is None
                and len(maps) == len(spec.layers) - 1
                and all(m.shape[0] == s for m, s in zip(maps, spec.sizes[1:], strict=True)))

    def _apply_fills(self) -> None:
        """Neuron fills (the example's outputs) and pictures, on one colour scale per family
        of layers (the inputs; each activation), which the legend lists."""
        if self.spec is None or self.layout is None:
            return
        outs = self._outs if self._outs is not None and len(self._outs) == len(
            self.spec.layers) else None
        maps = self._maps if self.shows_pictures else None
        families: dict[str, list[int]] = {}
        for l in range(len(self.spec.layers)):
            if outs is not None or (maps is not None and l > 0):
                families.setdefault(family(self.spec, l), []).append(l)
        ranges = {}
        for fam, layers in families.items():
            values = [outs[l] for l in layers] if outs is not None else []
            if maps is not None:
                values += [np.asarray(maps[l - 1], float).ravel() for l in layers if l > 0]
            act = None if fam == "input" else fam
            ranges[fam] = fill_range(act, np.concatenate(values) if values else np.zeros(0))
        for ll in self.layout.layers:
            l = ll.index
            lo, hi, div = ranges.get(family(self.spec, l), (0.0, 1.0, False))
            if ll.block is not None:
                self.parts.maps[l].set_values(outs[l] if outs is not None and outs[l].size
                                              == ll.size else None, lo, hi, div)
                continue
            images = (pictures(np.asarray(maps[l - 1])[list(ll.shown)], lo, hi, div)
                      if maps is not None and l > 0 else None)
            for k, unit in enumerate(ll.shown):
                neuron = self.neurons[(l, unit)]
                value = float(outs[l][unit]) if outs is not None and unit < outs[l].size \
                    else None
                ok = value is not None and value == value
                neuron.set_fill(map_color(value, lo, hi, div) if ok else None,
                                value if ok else None)
                if images is not None:
                    neuron.set_picture(*images[k])
                elif neuron.picture is not None:
                    neuron.set_picture(None)
        self.fill_ranges = tuple(
            FillRange(*ranges[fam], tuple(self._fill_name(l) for l in layers))
            for fam, layers in families.items())

    def _fill_name(self, l: int) -> str:
        assert self.spec is not None
        if l == 0:  # in English: the legend merges runs of hidden layers, then translates
            return "input"
        layer = self.spec.layers[l]
        act = "max-pool" if layer.kind == "max_pool" else layer.activation
        return f"output ({act})" if l == len(self.spec.layers) - 1 else f"hidden {l} ({act})"

    def preview_picture(self, neuron: NeuronItem | None) -> None:
        """Show ``neuron``'s picture enlarged beside it (None or no picture: hide)."""
        if self.preview is None:
            return
        if neuron is None or neuron.picture is None:
            self.preview.hide()
            return
        texts.show_preview(self, neuron)

    def set_annotations(self, ann: Annotations | None) -> None:
        """Replace the step-by-step overlay (None removes it)."""
        had_pictures = self.shows_pictures
        self._annotations = ann
        if had_pictures != self.shows_pictures:
            self._apply_fills()
        self._make_annotations()
        texts.fit_texts(self, self.view_scale)

    def _make_annotations(self) -> None:
        for item in self._annotation_items:
            self.removeItem(item)
        self._annotation_items = []
        for edge in self.edges.values():
            edge.label = None
        ann = self._annotations or Annotations()
        for key, neuron in self.neurons.items():
            if neuron.highlighted != (key in ann.highlight_units):
                neuron.highlighted = key in ann.highlight_units
                neuron.update()
        for key, edge in self.edges.items():
            if edge.highlighted != (key in ann.highlight_edges):
                edge.set_marks(highlighted=key in ann.highlight_edges)
        for key, text in ann.unit_text.items():
            neuron = self.neurons.get(key)
            if neuron is not None and text:
                box = TextBoxItem(self.style, text, "left", gap=8.0)
                box.unit = neuron
                self._add_annotation(box)
            elif text and self.parts is not None and key[0] in self.parts.maps:
                # one line beside a cell: its latest value (the panel has them all)
                self._add_annotation(self.parts.cell_text(key, text.split("\n")[-1]))
        if self.parts is not None:
            self.parts.mark_step(ann.highlight_units, ann.highlight_edges)
        edge_text = dict(ann.edge_text)
        if self.weight_text:  # the other edges show their weight (shared ones: the kernel)
            for key in self._labelled_edges():
                edge = self.edges[key]
                if not edge_text.get(key) and edge.value is not None and edge.value == edge.value:
                    edge_text[key] = texts.weight_label(edge.value)
        for key, text in edge_text.items():
            edge = self.edges.get(key)
            if edge is not None and text:
                box = TextBoxItem(self.style, text, "center")
                box.setZValue(texts.Z_EDGE_TEXT)
                box.edge = edge  # clicks on the text select (double-click: edit) the edge
                edge.label = box
                self._add_annotation(box)

    def _add_annotation(self, box: TextBoxItem) -> None:
        self.addItem(box)
        self._annotation_items.append(box)

    @property
    def annotation_items(self) -> list[TextBoxItem]:
        return list(self._annotation_items)

    # -- selection --------------------------------------------------------------------------

    def set_selection(self, key: Key | None) -> bool:
        """Mark ``key`` ((layer, unit), (l, j, i) or a shared weight ("kernel", l, f, r)) as
        selected; False if it is not drawn."""
        old = self.selection
        if old is not None:
            item = self.item_for(old)
            if isinstance(item, EdgeItem):
                item.set_marks(selected=False)
            elif item is not None:
                item.selected = False
                item.update()
        if self.parts is not None:
            self.parts.select(None)
            if key is not None and self.parts.select(key):
                self.selection = key
                return True
        item = None if key is None else self.item_for(key)
        self.selection = key if item is not None else None
        if isinstance(item, EdgeItem):
            item.set_marks(selected=True)
        elif item is not None:
            item.selected = True
            item.update()
        return item is not None

    def item_for(self, key: Key) -> NeuronItem | EdgeItem | None:
        if key[0] == "kernel":
            return None
        if len(key) == 2:
            return self.neurons.get((key[0], key[1]))
        return self.edges.get((key[0], key[1], key[2]))

    def hover_item(self, item: object, on: bool) -> None:
        """A neuron or an edge was entered (``on``) or left."""
        if self.parts is not None and isinstance(item, EdgeItem):
            self.parts.hover_edge(item, on)

    def hover_cell(self, item: object, key: object) -> None:
        """A map or kernel item reports the cell under the mouse (None: it left)."""
        if self.parts is not None:
            self.parts.hover(item, key)
