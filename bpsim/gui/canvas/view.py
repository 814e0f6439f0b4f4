"""NetworkCanvas: the QGraphicsView that shows a network and lets the user pick neurons/edges.

Selection is the canvas's own (not Qt's item selection): a click on a neuron or an edge selects
it and emits :attr:`NetworkCanvas.neuronSelected` / :attr:`NetworkCanvas.edgeSelected`; a click
(without dragging) on the background clears it and emits ``selectionCleared``. The programmatic
``select_*`` / ``clear_selection`` methods do not emit (no feedback loops with other panels).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QContextMenuEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsItem, QGraphicsView, QMenu, QToolTip, QWidget

from bpsim.gui.canvas import export
from bpsim.gui.canvas.fitting import fit_geometry, needs_new_gap, unit_radius
from bpsim.gui.canvas.hint import HintOverlay, hint_text
from bpsim.gui.canvas.items import BandItem, EdgeItem, NeuronItem, PlaceholderItem
from bpsim.gui.canvas.labels import TextBoxItem
from bpsim.gui.canvas.layout import COLUMN_GAP, UNIT_RADIUS
from bpsim.gui.canvas.legend import LegendOverlay
from bpsim.gui.canvas.mapitems import KernelItem, MapItem
from bpsim.gui.canvas.maplayout import best_aspect
from bpsim.gui.canvas.mapscene import kernel_shape
from bpsim.gui.canvas.model import Annotations, structure
from bpsim.gui.canvas.scene import CanvasScene
from bpsim.gui.canvas.style import CanvasStyle
from bpsim.gui.canvas.texts import margins
from bpsim.gui.canvas.tooltips import tooltip_for
from bpsim.spec import NetworkSpec

MIN_SCALE, MAX_SCALE = 0.01, 8.0
_PICKABLE = (NeuronItem, EdgeItem, PlaceholderItem, BandItem, TextBoxItem, MapItem, KernelItem)


class NetworkCanvas(QGraphicsView):
    """The network-editor canvas (see the module docstring and ``bpsim.gui.canvas``)."""

    neuronSelected = Signal(int, int)  # noqa: N815 (Qt signal names)
    edgeSelected = Signal(int, int, int)  # noqa: N815
    selectionCleared = Signal()  # noqa: N815
    weightEditRequested = Signal(int, int, int)  # noqa: N815
    kernelSelected = Signal(int, int, int)  # noqa: N815 - a shared weight: (l, filter, r)
    kernelEditRequested = Signal(int, int, int)  # noqa: N815
    exampleRequested = Signal()  # noqa: N815 (the hint's "open an example" link)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._style = CanvasStyle(self.palette())
        self._scene = CanvasScene(self, self._style)  # parented: never garbage-collected
        self.setScene(self._scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setBackgroundBrush(self._style.background)
        self.setMouseTracking(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # pan by drag
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._legend = LegendOverlay(self, self.viewport(), self._scene)
        self._legend.toggled.connect(self._on_legend_toggled)
        self._hint = HintOverlay(self, self.viewport())
        self._hint.exampleRequested.connect(self.exampleRequested)
        self._gap, self._radius = COLUMN_GAP, UNIT_RADIUS
        self._expanded: set[int] = set()
        self._auto_fit = True
        self._press: QPointF | None = None

    # -- document ---------------------------------------------------------------------------

    def set_spec(self, spec: NetworkSpec) -> None:
        """Redraw everything for ``spec``; a new architecture resets expansion, outputs, fit."""
        old = self._scene.spec
        if old is None or structure(old) != structure(spec):
            self._expanded = set()
            self._scene.selection = None
            self._scene._outs = None
            self._scene._maps = None
            self._scene._annotations = None
            self._auto_fit = True
        self._rebuild(spec, keep_weights=False)
        if self._auto_fit:
            self.fit()

    def update_spec(self, spec: NetworkSpec) -> None:
        """The document changed but not its architecture (sizes, activations, labels): keep
        the items, show ``spec``'s weights, and rebuild from ``spec`` from now on."""
        if self._scene.spec is None or structure(self._scene.spec) != structure(spec):
            self.set_spec(spec)
            return
        self._scene.spec = spec
        self.set_weights([la.weights for la in spec.layers[1:]],
                         [la.biases for la in spec.layers[1:]])

    def set_weights(self, weights: Sequence[np.ndarray], biases: Sequence[np.ndarray]) -> None:
        """Live update: recolour/resize the existing edges and bias texts (no rebuild)."""
        if self._scene.spec is None:
            return
        key = self._legend_key()
        self._scene.set_weights(weights, biases)
        self._refresh_legend(key)

    def set_outputs(self, outs: Sequence[np.ndarray] | None) -> None:
        """Fill neurons by one example's outputs (``outs[0]`` = inputs); None = neutral."""
        key = self._legend_key()
        self._scene.set_outputs(outs)
        self._refresh_legend(key)

    def set_annotations(self, ann: Annotations | None) -> None:
        """Show the step-by-step overlay (texts and highlights); None removes it."""
        was = self._scene.annotated
        self._scene.set_annotations(ann)
        self._refresh_legend()
        if self._auto_fit and was != self._scene.annotated:
            self.fit()  # room for the Step mode's boxes right of the output layer

    def set_unit_maps(self, maps: Sequence[np.ndarray] | None) -> None:
        """Every unit's output over the input plane (``maps[l - 1]``: (units, m, m), rows =
        x2 upwards), drawn in the units; None removes the pictures."""
        key = self._legend_key()
        self._scene.set_unit_maps(maps)
        self._refresh_legend(key)

    def set_layer_expanded(self, layer: int, expanded: bool) -> None:
        """Show every unit of a large layer (up to the display limit), or collapse it."""
        if (layer in self._expanded) == expanded or self._scene.spec is None:
            return
        if expanded:
            self._expanded.add(layer)
        else:
            self._expanded.discard(layer)
        self._rebuild(self._scene.spec, keep_weights=True)
        if self._auto_fit:
            self.fit()

    def set_hint(self, shown: bool) -> None:
        """Show or hide the empty-state hint (Space trains, F9 steps, open an example)."""
        if shown == (not self._hint.isHidden()) and (not shown or self._hint.text()):
            return
        if shown:
            self._hint.setText(hint_text(self._style.positive.name()))
        self._hint.setVisible(shown)
        self._place_overlays()
        if self._auto_fit:
            self.fit()

    def set_top_reserve(self, pixels: int) -> None:
        """Keep ``pixels`` at the top of the canvas free of the network (a banner there)."""
        if pixels != self._top:
            self._top = pixels
            if self._auto_fit:
                self.fit()

    _top = 0

    def hint_shown(self) -> bool:
        return not self._hint.isHidden()

    def _place_overlays(self) -> None:
        self._legend.refresh()
        self._hint.place(self._legend.geometry().top() - 8)

    def _legend_key(self) -> tuple:
        """What the legend shows (it is redrawn only when this changes)."""
        sc = self._scene
        return sc.shows_pictures, sc.fill_ranges, sc.max_abs, bool(sc.bands)

    def _refresh_legend(self, before: tuple | None = None) -> None:
        """Resize the legend (unless ``before``, its :meth:`_legend_key` before a change, is
        still current); refit if its strip changed height and the user has not zoomed or
        panned (it keeps its height whatever it shows: the network stays put)."""
        if before is not None and before == self._legend_key():
            return
        reserved = self._legend.reserved_height() + self._hint.needed_height()
        self._place_overlays()
        if self._auto_fit and reserved != self._reserved:
            self.fit()

    _reserved = 0

    def _on_legend_toggled(self, _collapsed: bool) -> None:
        if self._auto_fit:
            self.fit()

    def _rebuild(self, spec: NetworkSpec, keep_weights: bool) -> None:
        """Draw ``spec`` anew; ``keep_weights``: with the weights shown now (see
        :meth:`CanvasScene.build`), for a palette change or an expansion."""
        self._scene.build(spec, self._expanded, keep_weights, self._gap, self._radius)
        rect = self._scene.itemsBoundingRect()
        mx, my = max(1500.0, rect.width() / 2), max(1000.0, rect.height() / 2)
        self._scene.setSceneRect(rect.adjusted(-mx, -my, mx, my))  # room to pan around
        self._place_overlays()

    def texts(self) -> list[str]:
        """Every text the canvas shows now: visible item texts and the legend's entries."""
        out = [t for item in self._scene.items() if item.isVisible()
               for t in getattr(item, "texts", lambda: ())()]
        return out + self._legend.texts()

    # -- selection --------------------------------------------------------------------------

    def select_neuron(self, layer: int, unit: int) -> None:
        """Select a neuron (no signal); ignored if it is not drawn (collapsed)."""
        self._scene.set_selection((layer, unit))

    def select_edge(self, l: int, j: int, i: int) -> None:
        """Select the edge from unit i of layer l-1 to unit j of layer l (no signal)."""
        self._scene.set_selection((l, j, i))

    def select_kernel(self, l: int, f: int, r: int) -> None:
        """Select shared weight r of filter f of conv layer l (no signal): every connection
        that uses it is marked."""
        self._scene.set_selection(("kernel", l, f, r))

    def clear_selection(self) -> None:
        """Deselect (no signal)."""
        self._scene.set_selection(None)

    def key_at(self, pos: QPoint) -> tuple | None:
        """What is at ``pos`` (viewport): ("neuron", l, j), ("edge", l, j, i), ("kernel", l,
        f, r) for a shared weight, ("layer", l) for a heading, a band or a placeholder."""
        item = self._item_at(pos)
        if item is None:
            return None
        p = item.mapFromScene(self.mapToScene(pos))
        if isinstance(item, NeuronItem):
            return ("neuron", item.layer, item.unit)
        if isinstance(item, EdgeItem):
            weight = self._scene.parts.edge_weight.get((item.l, item.j, item.i)) \
                if self._scene.parts is not None else None
            if weight is not None:
                return ("kernel", item.l, *weight)
            if self._scene.spec.layers[item.l].kind == "max_pool":
                return ("neuron", item.l, item.j)
            return ("edge", item.l, item.j, item.i)
        if isinstance(item, (MapItem, KernelItem)):
            key = item.key_at(p.x(), p.y())
            if key is None:
                return ("layer", item.layer)
            if isinstance(item, KernelItem):
                return ("kernel", item.layer, *key)
            return ("neuron", item.layer, key)
        layer = getattr(item, "layer", getattr(item, "l", None))
        return None if layer is None else ("layer", layer)

    def select_key(self, key: tuple) -> bool:
        """Select what :meth:`key_at` found and emit its signal; False for a layer."""
        kind, *rest = key
        if kind == "neuron":
            self._scene.set_selection(tuple(rest))
            self.neuronSelected.emit(*rest)
        elif kind == "edge":
            self._scene.set_selection(tuple(rest))
            self.edgeSelected.emit(*rest)
        elif kind == "kernel":
            self._scene.set_selection(key)
            self.kernelSelected.emit(*rest)
        else:
            return False
        return True

    # -- view -------------------------------------------------------------------------------

    def fit(self) -> None:
        """Fit the whole network and its texts in the view above the legend's strip, with
        the columns spread over the width (see ``fitting``); may rebuild the items when the
        best distance of the columns changed.

        Networks with expanded large layers are too tall to fit readably: the zoom stops at
        ``MIN_FIT_SCALE`` and the view centres on the middle of the network.
        """
        scene = self._scene
        if scene.layout is None or scene.spec is None:
            return
        legend = self._legend.reserved_height() + self._hint.needed_height()
        self._reserved = legend
        width, height = self.viewport().width(), self.viewport().height() - legend - self._top
        if scene.parts is not None:  # the blocks of maps arranged to draw the network largest
            spec = scene.spec
            aspect = best_aspect([la.shape for la in spec.layers],
                                 [kernel_shape(spec, l) for l in range(len(spec.layers))],
                                 spec.sizes, width, height)
            if aspect != scene.map_aspect:
                scene.map_aspect = aspect
                self._rebuild(spec, keep_weights=True)
        gap, scale = fit_geometry(scene, width, height)
        radius = unit_radius(scale)
        if needs_new_gap(self._gap, gap) or needs_new_gap(self._radius, radius):
            self._gap, self._radius = gap, radius
            self._rebuild(scene.spec, keep_weights=True)
        scale = fit_geometry(scene, width, height, fixed=True)[1]  # for the columns drawn
        self._set_scale(scale)
        left, top, right, bottom = margins(scene, scale)
        shift = QPointF((right - left) / 2.0, (bottom - top + legend - self._top) / 2.0) / scale
        self.centerOn(scene.network_rect.center() + shift)

    def _set_scale(self, scale: float) -> None:
        self.resetTransform()
        self.scale(scale, scale)
        self._scene.set_view_scale(scale)

    def export_png(self, path: str) -> None:
        """Save the whole network and the legend as a PNG (2x resolution, at most 8000 px)."""
        export.export_png(self._scene, self._style, path, self.transform().m11())

    def export_svg(self, path: str) -> None:
        """Save the whole network and the legend as an SVG (vector, via QSvgGenerator)."""
        export.export_svg(self._scene, self._style, path, self.transform().m11())

    # -- Qt event overrides -----------------------------------------------------------------

    def _item_at(self, pos: QPoint) -> QGraphicsItem | None:
        """The unit, edge, placeholder, band or heading at ``pos``: a text stands for the
        unit or edge it belongs to."""
        for item in self.items(pos):
            if not item.isVisible():
                continue
            owner = getattr(item, "edge", None) or getattr(item, "unit", None)
            if owner is None and isinstance(item.parentItem(), NeuronItem):
                owner = item.parentItem()
            if isinstance(owner, (EdgeItem, NeuronItem)):
                return owner
            if isinstance(item, TextBoxItem) and not hasattr(item, "forms"):
                continue
            if isinstance(item, _PICKABLE):
                return item
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            key = self.key_at(event.position().toPoint())
            if key is not None and self.select_key(key):
                event.accept()
                return
            self._press = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            moved = (event.position() - self._press).manhattanLength()
            self._press = None
            if moved > 4:
                self._auto_fit = False
            elif self._scene.selection is not None:
                self._scene.set_selection(None)
                self.selectionCleared.emit()
        event.accept()  # the canvas handles every release (selection or pan)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        key = self.key_at(event.position().toPoint())
        item = self._item_at(event.position().toPoint())
        if key is not None and key[0] == "kernel":
            self.kernelEditRequested.emit(*key[1:])
            event.accept()
        elif key is not None and key[0] == "edge":
            self.weightEditRequested.emit(*key[1:])
            event.accept()
        elif isinstance(item, PlaceholderItem):
            self.set_layer_expanded(item.layer, True)
            event.accept()
        else:
            super().mouseDoubleClickEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        delta = event.angleDelta().y() or event.angleDelta().x()
        if not delta:
            return
        current = self.transform().m11()
        factor = min(max(1.0015**delta, MIN_SCALE / current), MAX_SCALE / current)
        self.scale(factor, factor)
        self._scene.set_view_scale(self.transform().m11())
        self._auto_fit = False
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        item = self._item_at(event.pos())
        layer = getattr(item, "layer", None)
        menu = QMenu(self)
        toggle = None
        spec = self._scene.spec
        lay = self._scene.layout
        if (
            layer is not None
            and spec is not None
            and lay is not None
            and lay.layers[layer].collapsible
        ):
            if layer in self._expanded:
                text = self.tr("Collapse layer")
            else:
                text = self.tr("Expand layer ({0} units)").format(spec.layers[layer].size)
            toggle = menu.addAction(text)
        fit = menu.addAction(self.tr("Fit network in view"))
        chosen = menu.exec(event.globalPos())
        if chosen is not None and chosen == toggle and layer is not None:
            self.set_layer_expanded(layer, layer not in self._expanded)
        elif chosen is not None and chosen == fit:
            self.fit()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip:
            item = self._item_at(event.pos())
            text = tooltip_for(self._scene, item) if item is not None else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place_overlays()
        if self._auto_fit:
            self.fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._style = CanvasStyle(self.palette())
            self._scene.style = self._style
            self.setBackgroundBrush(QColor(self._style.background))
            if self._hint.text():
                self._hint.setText(hint_text(self._style.positive.name()))
            if self._scene.spec is not None:
                self._rebuild(self._scene.spec, keep_weights=True)
