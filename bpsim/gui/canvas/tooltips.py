"""Tooltip texts of canvas items, computed when the user hovers (never stored per item)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGraphicsItem

from bpsim.engine.build import layer_geometry
from bpsim.explain_maps import weight_label
from bpsim.gui.canvas.items import BandItem, EdgeItem, NeuronItem, PlaceholderItem
from bpsim.gui.canvas.mapitems import KernelItem, MapItem
from bpsim.gui.canvas.model import layer_title
from bpsim.gui.canvas.scene import CanvasScene
from bpsim.gui.canvas.style import fmt
from bpsim.naming import unit_label, weight_symbol


def _layer_name(scene: CanvasScene, layer: int) -> str:
    assert scene.spec is not None
    return layer_title(scene.spec, layer).split("\n")[0].split(" · ")[0]


def tooltip_for(scene: CanvasScene, item: QGraphicsItem) -> str:
    """The tooltip of a neuron, an edge, a placeholder or a band ("" for anything else)."""
    spec = scene.spec
    if spec is None:
        return ""
    t = QCoreApplication.translate
    if isinstance(item, NeuronItem):
        name = _layer_name(scene, item.layer)
        lines = [t("Canvas", "Unit {0} — {1} (layer {2}, index {3})").format(
            item.label, name, item.layer, item.unit)]
        if item.layer == 0:
            if item.output is not None:
                lines.append(t("Canvas", "input x = {0}").format(fmt(item.output)))
        else:
            lines.append(t("Canvas", "activation: {0}").format(
                spec.layers[item.layer].activation))
            if item.bias is not None:
                lines.append(t("Canvas", "bias b = {0}").format(fmt(item.bias)))
            if item.output is not None:
                lines.append(t("Canvas", "output o = {0}").format(fmt(item.output)))
        return "\n".join(lines)
    shared = (scene.parts.edge_weight.get((item.l, item.j, item.i))
              if isinstance(item, EdgeItem) and scene.parts is not None else None)
    if shared is not None:  # a conv layer's connection: the shared weight it uses
        return _kernel_tip(scene, item.l, *shared)
    if isinstance(item, EdgeItem):
        src = unit_label(spec, item.l - 1, item.i)
        dst = unit_label(spec, item.l, item.j)
        value = t("Canvas", "not initialised") if item.value is None else fmt(item.value)
        return t("Canvas", "weight {0} = {1}\nfrom unit {2} ({3}) to unit {4} ({5})\n"
                 "double-click to edit").format(
            weight_symbol(src, dst), value, src, _layer_name(scene, item.l - 1), dst,
            _layer_name(scene, item.l))
    if isinstance(item, PlaceholderItem):
        ph = item.placeholder
        first = unit_label(spec, ph.layer, ph.first)
        last = unit_label(spec, ph.layer, ph.first + ph.hidden - 1)
        if ph.capped:
            return t("Canvas", "{0} units ({1}–{2}) beyond the display limit are not "
                     "drawn").format(ph.hidden, first, last)
        return t("Canvas", "{0} units ({1}–{2}) not drawn\ndouble-click or right-click to "
                 "expand").format(ph.hidden, first, last)
    if isinstance(item, BandItem):
        return item.info
    if isinstance(item, (MapItem, KernelItem)) and item.hover_key is not None:
        return _cell_tip(scene, item)
    forms = getattr(item, "forms", None)  # a layer heading: its widest form
    if forms:
        return forms[0].replace("\n", ", ")
    return ""


def _cell_tip(scene: CanvasScene, item: MapItem | KernelItem) -> str:
    """A map position (its output) or a shared weight (its value, how many use it)."""
    t = QCoreApplication.translate
    spec, l = scene.spec, item.layer
    if isinstance(item, MapItem):
        j = int(item.hover_key)
        value = item.value(j)
        lines = [t("Canvas", "Position {0} — {1}").format(unit_label(spec, l, j),
                                                          _layer_name(scene, l))]
        if value is not None:
            text = t("Canvas", "input x = {0}") if l == 0 else t("Canvas", "output o = {0}")
            lines.append(text.format(fmt(value)))
        if l > 0:
            lines.append(t("Canvas", "marked: the inputs it reads")
                         if spec.layers[l].kind == "conv" else t("Canvas", "marked: its window"))
        return "\n".join(lines)
    return _kernel_tip(scene, l, *item.hover_key)


def _kernel_tip(scene: CanvasScene, l: int, f: int, r: int) -> str:
    """Shared weight r of filter f of conv layer l: its value, how many connections use it."""
    t = QCoreApplication.translate
    spec, kernels = scene.spec, scene.parts.kernels[l]
    geo = layer_geometry(spec.layers[l], spec.layers[l - 1])
    value = (t("Canvas", "not initialised") if kernels.weights is None
             else fmt(float(kernels.weights[f, r])))
    uses = int((geo.index[r] < geo.n_in).sum())
    return t("Canvas", "shared weight w{0} = {1} (filter {2})\n{3} connections use it "
             "(marked)\nclick to select, double-click to edit").format(
        weight_label(geo, l, f, r), value, f + 1, uses)
