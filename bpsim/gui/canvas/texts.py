"""Which canvas texts fit where at the view's zoom, and where they go (see ``labels``).

Every text keeps its screen size; what changes with the zoom is the room between units and
columns. :func:`fit_texts` sizes the texts for the zoom, shows a unit's name inside its circle
when it fits (beside it for the input and output layers, else hidden), its bias when the gap
to the next unit holds it, the widest layer headings that fit between the columns (all in one
row), the Step-mode boxes beside their units and the edge texts where their edge is
unambiguous (``placement``). :func:`margins` is the room the texts need around the units,
which the view's fit leaves free.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF

from bpsim.gui.canvas.labels import Z_EDGE_TEXT, text_size, text_zoom  # noqa: F401
from bpsim.gui.canvas.placement import place_on_edges
from bpsim.gui.canvas.style import fmt

if TYPE_CHECKING:
    from bpsim.gui.canvas.items import NeuronItem
    from bpsim.gui.canvas.scene import CanvasScene

# networks with at most this many connections, all drawn one by one, show every weight on
# its edge (the textbook's figure: w14 = 0.2 ...); larger ones on hover and in the inspector
WEIGHT_TEXT_EDGES = 30
STEP_BOX_ROOM = 120.0  # pixels right of the output layer kept for the Step mode's boxes
PAD = 12.0  # pixels around everything


def shows_weights(scene: CanvasScene) -> bool:
    """True when every weight is written on its edge (small networks)."""
    return (0 < len(scene.edges) <= WEIGHT_TEXT_EDGES and not scene.bands
            and not scene._buckets)


def weight_label(value: float) -> str:
    return fmt(value, 2)


def _unit_gap(ys: tuple[float, ...]) -> float:
    return ys[1] - ys[0] if len(ys) > 1 else 1e9


def fit_texts(scene: CanvasScene, scale: float, zoom: float | None = None) -> None:
    """Size, show or hide and place every text for the view scale ``scale`` (``zoom``: the
    texts' scale, default :func:`text_zoom`)."""
    lay = scene.layout
    if lay is None:
        return
    zoom = text_zoom(scale) if zoom is None else zoom
    for item in scene.headers + scene.annotation_items + list(scene.placeholders.values()):
        if item.scale() != zoom:
            item.setScale(zoom)
    for ll in lay.layers:
        gap = _unit_gap(ll.ys)
        neurons = [scene.neurons[(ll.index, unit)] for unit in ll.shown]
        inside = all(n.name_fits_inside(scale, zoom) for n in neurons)  # all names or none
        for neuron in neurons:
            for child in (neuron.name, neuron.bias_text):
                if child.scale() != zoom:
                    child.setScale(zoom)
            neuron.place_texts(scale, zoom, gap - 2 * neuron.r, gap, inside)
    if scene.parts is not None:
        scene.parts.place_texts(scale, zoom)
    _fit_headers(scene, scale, zoom)
    _fit_placeholders(scene, scale, zoom)
    _place_annotations(scene, scale)


def _fit_placeholders(scene: CanvasScene, scale: float, zoom: float) -> None:
    """The widest form of the "… 56 more" pills that leaves a gap between neighbouring
    columns ("…56", then "…"; the tooltip says it all), the same for all."""
    pills = list(scene.placeholders.values())
    if not pills:
        return
    spacing = min(_column_spacings(scene, scale), default=1e9)
    forms = len(pills[0].placeholder.forms)
    form = next((f for f in range(forms)
                 if all(p.width(f) * zoom <= spacing - 6 for p in pills)), forms - 1)
    for pill in pills:
        pill.set_form(form)


def header_form(scene: CanvasScene, spacings: list[float], zoom: float) -> int:
    """Which form of the headings (0 widest .. 2 shortest) fits columns ``spacings[k]``
    pixels apart (between column k and k+1): each heading of a pair within their distance."""
    heads = scene.headers
    for form in range(2):
        widths = [text_size(scene.style, h.forms[form], header=True)[0] * zoom for h in heads]
        if all(max(a, b) <= spacing - 8
               for a, b, spacing in zip(widths, widths[1:], spacings, strict=False)):
            return form
    return 2


def _column_spacings(scene: CanvasScene, scale: float, gap: float | None = None
                     ) -> list[float]:
    """Pixels between the centres of neighbouring columns, with columns of units ``gap``
    scene units apart (default: as laid out; a block of maps adds its width)."""
    layers = scene.layout.layers
    if gap is None:
        return [(b.x - a.x) * scale for a, b in zip(layers, layers[1:])]
    return [(gap + a.half_width - a.radius + b.half_width - b.radius) * scale
            for a, b in zip(layers, layers[1:])]


def _fit_headers(scene: CanvasScene, scale: float, zoom: float) -> None:
    """The widest form of the headings that fits between the columns, the same for all."""
    form = header_form(scene, _column_spacings(scene, scale), zoom)
    for header in scene.headers:
        header.set_text(header.forms[form])


def _occupied(scene: CanvasScene, scale: float) -> list[QRectF]:
    """Scene rectangles of the units and of the texts shown around them."""
    rects = []
    for neuron in scene.neurons.values():
        rects.append(neuron.mapRectToScene(neuron.circle))
        for child in (neuron.name, neuron.bias_text):
            if child.isVisible() and not (child is neuron.name and child.anchor == "center"):
                rects.append(child.scene_rect(scale))
    rects += [h.scene_rect(scale) for h in scene.headers]
    if scene.parts is not None:  # maps and kernels: edge labels stay off them
        rects += [item.boundingRect() for item in scene.parts.items()]
        rects += [box.scene_rect(scale) for box in scene.annotation_items
                  if getattr(box, "cell", None) is not None]
    return rects


def _place_annotations(scene: CanvasScene, scale: float) -> None:
    """Step-mode boxes right of their units, then edge texts on their edges."""
    items = scene.annotation_items
    if not items:
        return
    per_pair: dict[int, list] = {}
    per_layer: dict[int, list] = {}
    for box in items:
        unit = getattr(box, "unit", None)
        if unit is not None:
            right = unit.r + (unit.name.size[0] * box.scale() + 6) / scale \
                if unit.name.isVisible() and unit.name.anchor == "left" else unit.r
            box.setPos(unit.scenePos() + QPointF(right, 0.0))
            per_layer.setdefault(unit.layer, []).append(box)
        elif box.edge is not None:
            per_pair.setdefault(box.edge.l, []).append(box)
    unit_boxes = [r for boxes in per_layer.values() for r in _stack(boxes, scale)]
    for neuron in scene.neurons.values():  # a bias under another unit's box: shown on hover
        bias = neuron.bias_text
        if bias.isVisible() and not neuron.hovered and any(
                bias.scene_rect(scale).intersects(r) for r in unit_boxes):
            neuron.bias_fits = False
            bias.setVisible(False)
    occupied = _occupied(scene, scale) + unit_boxes
    for l, boxes in per_pair.items():
        edges = [e for e in scene._pair_edges.get(l, [])]
        index = {id(e): k for k, e in enumerate(edges)}
        lines = [e.line for e in edges]
        fits = place_on_edges([(b, index[id(b.edge)]) for b in boxes], lines, occupied, scale)
        for box, fit in zip(boxes, fits, strict=True):
            box.placed_len = len(box.text)
            box.edge.label_fits = fit
            box.setVisible(fit or box.edge.hovered)


def _stack(boxes: list, scale: float, gap: float = 3.0) -> list[QRectF]:
    """One layer's unit boxes moved apart vertically where they would overlap (boxes taller
    than the units' spacing in a small canvas), the column kept centred; their rectangles."""
    boxes.sort(key=lambda b: b.y())
    rects = [b.scene_rect(scale) for b in boxes]
    shifts, bottom = [], None
    for r in rects:
        shift = 0.0 if bottom is None else max(0.0, bottom + gap / scale - r.top())
        shifts.append(shift)
        bottom = r.bottom() + shift
    if any(shifts):
        middle = (max(shifts) + min(shifts)) / 2
        for box, r, shift in zip(boxes, rects, shifts, strict=True):
            box.setPos(box.pos() + QPointF(0.0, shift - middle))
            r.translate(0.0, shift - middle)
    return rects


def margins(scene: CanvasScene, scale: float, gap: float | None = None
            ) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) pixels the texts need around :attr:`network_rect` at
    ``scale`` with columns ``gap`` scene units apart (default: as laid out): input names on
    the left, headings above, biases below, output names and the Step mode's boxes on the
    right."""
    lay = scene.layout
    if lay is None:
        return PAD, PAD, PAD, PAD
    zoom = text_zoom(scale)
    form = header_form(scene, _column_spacings(scene, scale, gap), zoom)
    heads = [text_size(scene.style, h.forms[form], header=True) for h in scene.headers]
    left = right = 0.0
    last = len(lay.layers) - 1
    for l in (0, last):  # names beside the units (when one does not fit its circle)
        names = [scene.neurons[(l, unit)] for unit in lay.layers[l].shown]
        if not all(n.name_fits_inside(scale, zoom) for n in names):
            w = max(n.name.size[0] for n in names) * zoom + 6
            left, right = (max(left, w), right) if l == 0 else (left, max(right, w))
    top = max((h for _w, h in heads), default=0.0) * zoom + 8
    bottom = 22.0 * zoom
    r = lay.radius * scale
    if heads:  # the first and last headings are centred on their columns
        left = max(left, heads[0][0] * zoom / 2 - lay.layers[0].half_width * scale)
        right = max(right, heads[-1][0] * zoom / 2 - lay.layers[-1].half_width * scale)
    biases = [scene.neurons[(last, unit)].bias_text.size[0] for unit in lay.layers[last].shown]
    right = max(right, max(biases, default=0.0) * zoom / 2 - r)  # centred under the units
    for l, ph in scene.placeholders.items():  # "… 56 more", centred on its column
        half = ph.boundingRect().width() * zoom / 2 - r
        if l == 0:
            left = max(left, half)
        if l == last:
            right = max(right, half)
    if scene.annotated:  # the Step mode's boxes beside the output layer
        right += STEP_BOX_ROOM
    return PAD + left, PAD + top, PAD + right, PAD + bottom


def show_preview(scene: CanvasScene, neuron: NeuronItem) -> None:
    """The hovered unit's picture, enlarged beside it (left of the output layer)."""
    from bpsim.gui.canvas.pictures import PREVIEW_PX

    s = scene.view_scale
    offset = neuron.r + (14 + PREVIEW_PX / 2) / s
    last = scene.layout is not None and neuron.layer == len(scene.layout.layers) - 1
    at = neuron.scenePos() + QPointF(-offset if last else offset, 0.0)
    caption = QCoreApplication.translate("Canvas", "unit {0}: o over the input plane").format(
        neuron.label)
    scene.preview.show_for(at, neuron.picture, caption)
