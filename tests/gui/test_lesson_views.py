"""Lesson-grade views: the canvas follows the document, names units once across the network,
writes every number in a bounded width (issue 9)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from bpsim import edits
from bpsim.gallery import resolve
from bpsim.gui.canvas import Annotations
from bpsim.gui.main_window import MainWindow
from bpsim.spec import DataSpec, InitSpec, frozen_array

WAIT = 8000


@pytest.fixture
def window(qtbot):
    w = MainWindow(restore=False, features=False)
    qtbot.addWidget(w)
    w.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    w.resize(1400, 900)
    w.show()
    yield w
    w.document.undo_stack.setClean()


def canvas_weights(w) -> dict[tuple[int, int, int], float]:
    return {key: edge.value for key, edge in w.canvas.scene().edges.items()}


def doc_weight(w, key) -> float:
    l, j, i = key
    return float(w.document.spec.layers[l].weights[j, i])


def assert_canvas_shows_document(w) -> None:
    scene = w.canvas.scene()
    assert scene.spec is w.document.spec
    for key, value in canvas_weights(w).items():
        assert value == pytest.approx(doc_weight(w, key)), key
    for (l, j), neuron in scene.neurons.items():
        if l:
            assert neuron.bias == pytest.approx(float(w.document.spec.layers[l].biases[j]))


def dark_palette() -> QPalette:
    p = QPalette()
    r = QPalette.ColorRole
    for role, color in ((r.Window, "#202124"), (r.Base, "#1b1b1b"),
                        (r.Text, "#eeeeee"), (r.WindowText, "#eeeeee")):
        p.setColor(role, color)
    return p


def scaled(spec, factor: float):
    """``spec`` with every weight and bias multiplied (a stand-in for a trained network)."""
    layers = [spec.layers[0]] + [
        replace(la, weights=frozen_array(la.weights * factor),
                biases=frozen_array(la.biases * factor + 0.25)) for la in spec.layers[1:]]
    return replace(spec, layers=tuple(layers))


# -- stale views -----------------------------------------------------------------------------

def test_palette_change_after_an_edit_keeps_the_documents_weights(window, qtbot):
    window.load_file(resolve("textbook"))
    window.document.edit(scaled(window.document.spec, -3.0), "trained")
    assert_canvas_shows_document(window)
    window.canvas.setPalette(dark_palette())  # rebuilds every item
    assert window.canvas.scene().style.dark
    assert_canvas_shows_document(window)
    window.document.undo_stack.undo()
    assert_canvas_shows_document(window)
    window.canvas.setPalette(QApplication.palette())
    assert_canvas_shows_document(window)


def test_expanding_a_layer_after_an_edit_keeps_the_documents_weights(window):
    spec = edits.new_network((2, 20, 1), "tanh", "sigmoid", InitSpec(seed=4), "sse")
    window.document.edit(replace(spec, data=DataSpec(dataset="xor")), "new network")
    window.document.edit(scaled(window.document.spec, 2.0), "trained")
    assert len(window.canvas.scene().layout.layers[1].shown) < 20
    window.canvas.set_layer_expanded(1, True)
    assert len(window.canvas.scene().layout.layers[1].shown) == 20
    assert_canvas_shows_document(window)
    window.canvas.set_layer_expanded(1, False)
    assert_canvas_shows_document(window)


def test_live_weights_survive_a_palette_change(window):
    window.load_file(resolve("textbook"))
    spec = scaled(window.document.spec, 5.0)
    live_w = [la.weights for la in spec.layers[1:]]
    live_b = [la.biases for la in spec.layers[1:]]
    window.canvas.set_weights(live_w, live_b)  # a training snapshot, not yet in the document
    window.canvas.setPalette(dark_palette())
    edges = window.canvas.scene().edges
    assert edges[(1, 0, 0)].value == pytest.approx(float(live_w[0][0, 0]))
    assert window.canvas.scene().neurons[(2, 0)].bias == pytest.approx(float(live_b[1][0]))


def test_after_real_training_palette_and_expand_show_the_trained_weights(qtbot,
                                                                          training_window):
    spec = edits.new_network((2, 18, 1), "tanh", "sigmoid", InitSpec(seed=1), "sse")
    spec = replace(spec, data=DataSpec(dataset="xor")).with_training(learning_rate=0.5,
                                                                     epochs=10**6)
    w, c = training_window(spec)
    start = [la.weights for la in w.document.spec.layers[1:]]
    c.start()
    qtbot.waitUntil(lambda: c.latest is not None and c.latest.step >= 300, timeout=WAIT)
    c.toggle()
    qtbot.waitUntil(lambda: not c.running and w.document.undo_stack.count() == 1, timeout=WAIT)
    assert not np.array_equal(w.document.spec.layers[1].weights, start[0])
    c._tick()
    assert_canvas_shows_document(w)
    w.canvas.setPalette(dark_palette())
    assert_canvas_shows_document(w)
    w.canvas.set_layer_expanded(1, True)
    assert_canvas_shows_document(w)
    w.document.undo_stack.undo()
    assert_canvas_shows_document(w)
    w.canvas.setPalette(QApplication.palette())
    assert_canvas_shows_document(w)


# -- unit names --------------------------------------------------------------------------------

def two_two_two():
    spec = edits.new_network((2, 2, 2), "sigmoid", "sigmoid", InitSpec(seed=3), "sse")
    data = DataSpec(inputs=frozen_array([[0.0, 1.0], [1.0, 0.5]]),
                    targets=frozen_array([[1.0, 0.0], [0.0, 1.0]]))
    return replace(spec, data=data)


def test_unit_names_are_unique_on_canvas_inspector_and_weight_dialog(window):
    window.document.edit(two_two_two(), "new network")
    scene = window.canvas.scene()
    labels = {key: n.label for key, n in scene.neurons.items()}
    assert labels == {(0, 0): "1", (0, 1): "2", (1, 0): "3", (1, 1): "4", (2, 0): "5",
                      (2, 1): "6"}
    window.set_selection(("neuron", 2, 1))
    assert "Unit 6" in window.inspector.neuron_title.text()
    headers = [window.inspector.table.verticalHeaderItem(i).text() for i in range(2)]
    assert headers == ["from 3", "from 4"]
    window.set_selection(("edge", 2, 0, 1))
    assert window.inspector.edge_title.text().startswith("<b>w(4→5)</b>")
    asked = []
    window.ask_weight = lambda name, value: asked.append(name)
    window.edit_weight(1, 1, 0)
    assert asked == ["w(1→4)"]


def test_unit_names_are_unique_in_step_mode(qtbot):
    from bpsim.gui import stepmode

    w = MainWindow(two_two_two(), restore=False, features=False)
    qtbot.addWidget(w)
    c = stepmode.install(w)
    c.set_active(True)
    c.to_end()
    units = c.panel.models[1]
    assert [units.cell(r, 0) for r in range(units.rowCount())] == ["3", "4", "5", "6"]
    weights = c.panel.models[2]
    names = [weights.cell(r, 0) for r in range(weights.rowCount())]
    assert len(names) == len(set(names)) == 12 and "w35" in names and "b6" in names
    texts = c.session.annotations(w.canvas.scene().neurons.keys(), ()).unit_text
    assert set(texts) == set(w.canvas.scene().neurons)
    w.document.undo_stack.setClean()


# -- numbers in a bounded width ------------------------------------------------------------------

MAX_NUMBER = 12  # characters: "−3.21e+299" and the like


def longest_number(texts) -> str:
    import re

    numbers = [m for t in texts for m in re.findall(r"[−-]?[\d.]+(?:e[+−-]\d+)?", t)]
    return max(numbers, key=len, default="")


def test_diverged_weights_are_written_in_a_bounded_width(window):
    window.load_file(resolve("textbook"))
    spec = window.document.spec
    huge = [np.array([[3.2e299, -1.5e300, 2.0], [np.inf, -7e-12, 1e6]]), np.array([[-4e299, 5.0]])]
    bias = [np.array([-2.2e299, 3.0]), np.array([1e-9])]
    layers = [spec.layers[0]] + [replace(la, weights=frozen_array(w), biases=frozen_array(b))
                                 for la, w, b in zip(spec.layers[1:], huge, bias, strict=True)]
    window.document.edit(replace(spec, layers=tuple(layers)), "diverged")
    texts = window.canvas.texts()
    assert any("e+299" in t for t in texts) and any("−" in t for t in texts)
    assert len(longest_number(texts)) <= MAX_NUMBER, longest_number(texts)
    assert not any("-" in t and any(ch.isdigit() for ch in t) for t in texts), texts
    from bpsim.gui.canvas.tooltips import tooltip_for

    scene = window.canvas.scene()
    tips = [tooltip_for(scene, item) for item in list(scene.neurons.values())
            + list(scene.edges.values())]
    assert len(longest_number(tips)) <= MAX_NUMBER
    window.set_selection(("neuron", 1, 0))
    assert len(longest_number([window.inspector.values.text()])) <= MAX_NUMBER


# -- readable canvas text ------------------------------------------------------------------------

def big_network():
    return edits.new_network((784, 256, 128, 10), "relu", "softmax", InitSpec(seed=1),
                             "cross_entropy")


def text_items(canvas):
    return [item for item in canvas.scene().items()
            if item.isVisible() and hasattr(item, "fonts") and any(item.texts())]


def screen_points(canvas, item) -> float:
    """The smallest point size of ``item``'s text as drawn on the screen."""
    scale = item.deviceTransform(canvas.viewportTransform()).m11()
    return min(font.pointSizeF() for font in item.fonts()) * scale


@pytest.mark.parametrize("lesson", ["spirals", "vanishing-gradients-leaky-relu", "big"])
def test_canvas_text_is_never_smaller_than_9_pt(window, qtbot, lesson):
    window.resize(1024, 700)
    if lesson == "big":
        window.document.edit(big_network(), "new network")
    else:
        window.load_file(resolve(lesson))
    canvas = window.canvas
    assert canvas.transform().m11() < 1.0  # the network is scaled down to fit ...
    items = text_items(canvas)
    assert len(items) >= len(window.document.spec.layers)  # at least the headings
    for item in items:  # ... its texts are not
        assert screen_points(canvas, item) >= 9.0, (item.texts(), screen_points(canvas, item))
    canvas.scale(0.5, 0.5)  # zoomed out further by the user
    canvas.scene().set_view_scale(canvas.transform().m11())
    assert all(screen_points(canvas, item) >= 9.0 for item in text_items(canvas))


def test_layer_headings_stand_in_one_row_without_overlapping(window):
    window.resize(1024, 700)
    window.load_file(resolve("vanishing-gradients-sigmoid"))
    canvas = window.canvas
    headers = canvas.scene().headers
    assert len(headers) == 10
    tops = {round(canvas.mapFromScene(h.scenePos()).y()) for h in headers}
    assert len(tops) == 1
    rects = [h.deviceTransform(canvas.viewportTransform()).mapRect(h.boundingRect())
             for h in headers]
    for a, b in zip(rects, rects[1:]):
        assert a.right() <= b.left(), (a, b)
    viewport = canvas.viewport().rect()
    assert all(viewport.contains(r.toRect()) for r in rects)


@pytest.mark.parametrize("lesson, size", [("initialisation-xavier", (750, 500)),
                                           ("overfit", (480, 380))])
def test_more_pills_of_close_columns_do_not_overlap(window, lesson, size):
    window.resize(*size)  # the canvas's size in the full window at 1400x900 and 1024x700
    window.load_file(resolve(lesson))
    canvas = window.canvas
    canvas.fit()
    pills = sorted(canvas.scene().placeholders.values(), key=lambda p: p.scenePos().x())
    assert len(pills) >= 2
    rects = [p.deviceTransform(canvas.viewportTransform()).mapRect(p.boundingRect())
             for p in pills]
    for a, b in zip(rects, rects[1:]):
        assert a.right() < b.left(), (a, b)
    tips = [pill.toolTip() or pill.placeholder.text for pill in pills]
    assert all(str(pill.placeholder.hidden) in tip for pill, tip in zip(pills, tips))


def test_texts_that_do_not_fit_are_hidden_and_shown_on_hover(window, qtbot):
    window.resize(1024, 700)
    window.load_file(resolve("spirals"))
    scene = window.canvas.scene()
    neuron = scene.neurons[(1, 0)]
    assert not neuron.name.isVisible() and not neuron.bias_text.isVisible()  # 16 tiny units
    assert neuron.name.scale() >= 1.0
    neuron.hoverEnterEvent(None)
    assert neuron.name.isVisible() and neuron.bias_text.isVisible()
    assert neuron.bias_text.texts()[0].startswith("b=")
    neuron.hoverLeaveEvent(None)
    assert not neuron.name.isVisible()


def test_network_uses_the_canvas_width(window):
    window.load_file(resolve("spirals"))
    canvas = window.canvas
    rect = canvas.mapFromScene(canvas.scene().network_rect).boundingRect()
    assert rect.width() >= 0.75 * canvas.viewport().width(), (rect, canvas.viewport().rect())
    assert canvas.viewport().rect().contains(rect)


def test_legend_groups_layers_sharing_a_scale_and_keeps_the_network_in_place(window):
    window.resize(1024, 700)
    window.load_file(resolve("vanishing-gradients-leaky-relu"))
    canvas = window.canvas
    scene = canvas.scene()
    assert 1 <= len(scene.fill_ranges) <= 3  # inputs, Leaky ReLU layers, sigmoid output
    names = " ".join(canvas.texts())
    assert "hidden 1–8 (leaky_relu)" in names
    legend = canvas._legend
    assert legend.height() <= 70 and legend.width() <= canvas.viewport().width()
    before = canvas.mapFromScene(scene.network_rect).boundingRect()
    canvas.set_outputs(None)  # the legend loses its colour bars
    canvas.set_outputs([np.zeros(s) for s in window.document.spec.sizes])
    after = canvas.mapFromScene(scene.network_rect).boundingRect()
    assert (after.left(), after.right()) == (before.left(), before.right())
    height = legend.height()
    from PySide6.QtCore import QPoint, Qt
    from pytestqt.qtbot import QtBot

    QtBot.mouseClick(legend, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert legend.collapsed and legend.height() < height
    assert canvas.texts()[-1] == "Legend ▸"
    QtBot.mouseClick(legend, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert not legend.collapsed


def _on_own_edge_only(scene, box) -> tuple[bool, int]:
    from bpsim.gui.canvas.placement import crossings, line_array

    rect = box.scene_rect(scene.view_scale)
    pair = [e for e in scene.edges.values() if e.l == box.edge.l]
    hits = crossings(line_array([e.line for e in pair]), rect)
    own = pair.index(box.edge)
    return bool(hits[own]), int(hits.sum() - hits[own])


def test_weight_labels_sit_on_their_own_edge_near_the_receiving_unit(window):
    window.load_file(resolve("textbook"))
    scene = window.canvas.scene()
    boxes = [b for b in scene.annotation_items if b.edge is not None]
    assert len(boxes) == 8 and all(b.isVisible() for b in boxes)
    rects = [b.scene_rect(scene.view_scale) for b in boxes]
    circles = [n.sceneBoundingRect() for n in scene.neurons.values()]
    for k, (box, rect) in enumerate(zip(boxes, rects, strict=True)):
        on_own, others = _on_own_edge_only(scene, box)
        assert on_own and others == 0, (box.text, others)
        assert not any(rect.intersects(r) for r in rects[k + 1:] + circles), box.text
        line = box.edge.line
        t = (rect.center().x() - line.x1()) / (line.x2() - line.x1())
        assert 0.3 <= t <= 0.9, (box.text, t)


def test_weight_labels_in_step_mode_sit_on_their_edges(qtbot):
    from bpsim.gui import stepmode

    w = MainWindow(restore=False, features=False)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    w.load_file(resolve("textbook"))
    c = stepmode.install(w)
    c.set_active(True)
    c.go(c.session.explanation.phase_range(5)[-1])  # every Δw known
    scene = w.canvas.scene()
    boxes = [b for b in scene.annotation_items if b.edge is not None and b.isVisible()]
    assert len(boxes) >= 6 and any(b.text.startswith("Δw") for b in boxes)
    for box in boxes:
        assert _on_own_edge_only(scene, box)[0], box.text
    w.document.undo_stack.setClean()


# -- per-unit pictures ----------------------------------------------------------------

def test_boundary_grid_sends_every_units_output_over_the_plane():
    from bpsim.engine.build import network_from_spec
    from bpsim.gui.training.statistics import MAP_SIZE, BoundaryGrid

    spec = edits.new_network((2, 3, 2), "tanh", "sigmoid", InitSpec(seed=5), "sse")
    net = network_from_spec(spec)
    X = np.array([[0.0, -1.0], [2.0, 3.0], [1.0, 1.0]])
    grid = BoundaryGrid(X, lambda x: (x - 1.0) / 2.0, 60, np.float64)
    boundary, extent, coded = grid.evaluate(net)
    assert all(c.dtype == np.uint8 and not c.flags.writeable for c in coded.codes)
    maps = coded.decode()  # one byte a sample: within 1/255 of each layer's range
    assert [m.shape for m in maps] == [(3, MAP_SIZE, MAP_SIZE), (2, MAP_SIZE, MAP_SIZE)]
    tol = [(hi - lo) / 255 for lo, hi in zip(coded.lo, coded.hi, strict=True)]
    np.testing.assert_allclose(maps[1][:, 0, 0], boundary[0, 0], atol=tol[1])  # same plane
    np.testing.assert_allclose(maps[1][:, -1, -1], boundary[-1, -1], atol=tol[1])
    x0, _x1, _y0, y1 = extent
    raw = np.array([[x0, y1]])  # column 0 (x1 smallest), last row (x2 largest)
    o = net.forward((raw - 1.0) / 2.0)[0]
    np.testing.assert_allclose(maps[0][:, -1, 0], o[1][0], atol=tol[0])
    one_d = BoundaryGrid(X[:, :1], lambda x: x, 60, np.float64)
    one_net = network_from_spec(edits.new_network((1, 3, 1), "tanh", "sigmoid",
                                                  InitSpec(seed=5), "sse"))
    assert one_d.evaluate(one_net)[2] is None  # pictures only over a plane


def test_units_show_their_pictures_and_the_hovered_one_enlarged(qtbot, training_window):
    spec = edits.new_network((2, 3, 1), "tanh", "sigmoid", InitSpec(seed=2), "sse")
    w, c = training_window(replace(spec, data=DataSpec(dataset="xor")))
    c._tick()
    scene = w.canvas.scene()
    qtbot.waitUntil(lambda: scene.shows_pictures, timeout=WAIT)
    pictured = [n for (l, _j), n in scene.neurons.items() if l > 0]
    assert pictured and all(n.picture is not None for n in pictured)
    assert all(n.picture is None for (l, _j), n in scene.neurons.items() if l == 0)
    image = pictured[0].picture
    colors = {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}
    assert len(colors) > 5  # a picture, not a flat fill
    assert "o over the input plane" in " ".join(w.canvas.texts())
    neuron = pictured[0]
    neuron.hoverEnterEvent(None)
    preview = scene.preview
    assert preview.isVisible() and preview.image is neuron.picture
    size = preview.deviceTransform(w.canvas.viewportTransform()).mapRect(
        preview.boundingRect()).width()
    assert size >= 4 * neuron.r * w.canvas.transform().m11()  # enlarged
    neuron.hoverLeaveEvent(None)
    assert not preview.isVisible()
    w.canvas.set_annotations(Annotations())  # the Step mode's overlay: fills by o again
    assert not scene.shows_pictures and pictured[0].picture is None


# -- empty state ----------------------------------------------------------------------

def test_an_untrained_window_says_what_to_do_first(qtbot):
    w = MainWindow(restore=False)
    qtbot.addWidget(w)
    w.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    w.show()
    try:
        assert w.canvas.hint_shown()
        text = w.canvas._hint.text()
        assert "Space" in text and "F9" in text and "open an example" in text
        opened = []
        w.open_example = lambda: opened.append(True)
        w.canvas._hint.linkActivated.emit("example")
        assert opened
        w.step_controller.set_active(True)
        assert not w.canvas.hint_shown()
        w.step_controller.set_active(False)
        assert w.canvas.hint_shown()
        spec = w.document.spec
        w.document.edit(replace(spec, state={"step": 40, "epoch": 10}), "trained")
        assert not w.canvas.hint_shown()
    finally:
        w.training.shutdown()
        w.document.undo_stack.setClean()


# -- step mode typeset -----------------------------------------------------------------

def test_step_mode_formulas_are_typeset_with_true_minus_signs(qtbot):
    from bpsim.gui import stepmode

    w = MainWindow(restore=False, features=False)
    qtbot.addWidget(w)
    w.load_file(resolve("textbook"))
    c = stepmode.install(w)
    c.set_active(True)
    c.go(1)  # o4
    html = c.panel.formula.text()
    assert "o<sub>4</sub>" in html and "e<sup>−z<sub>4</sub></sup>" in html
    c.go(7)  # E
    assert c.session.line.name == "E"
    table = c.panel.models[0]
    assert table.shown(7, 2) == "E = ½ Σ (t − o)² = ½(1 − 0.4739)² = 0.1384"
    assert table.cell(7, 2) == "E = ½ Σ (t - o)² = ½(1 - 0.4739)² = 0.1384"  # exports: ASCII
    c.go(10)  # δ5
    shown = table.shown(10, 2)
    assert shown.startswith("δ₅ = f′(z₅) Σᵢ w₅ᵢ δᵢ") and shown.endswith("= −0.00654")
    assert "-" not in shown
    assert c.panel.views[0].textElideMode() == Qt.TextElideMode.ElideMiddle  # result stays
    assert "−0.00654" in c.panel.formula.text() and "-" not in c.panel.formula.text()
    units = c.panel.models[1]
    assert units.shown(0, 2) == "−0.7" and units.cell(0, 2) == "-0.7"
    w.document.undo_stack.setClean()


def _contrast(a, b) -> float:
    def lum(c):
        def ch(v):
            v /= 255.0
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("dark", [False, True])
def test_the_step_highlight_stands_out_on_an_orange_edge_in_both_palettes(qtbot, dark):
    from PySide6.QtGui import QColor

    from bpsim.fileformat import load
    from bpsim.gui.canvas import NetworkCanvas

    view = NetworkCanvas()
    qtbot.addWidget(view)
    if dark:
        view.setPalette(dark_palette())
    view.resize(700, 450)
    view.show()
    view.set_spec(load(resolve("textbook")))
    key = (2, 0, 1)  # w56 = −0.2: an orange edge
    edge = view.scene().edges[key]
    assert edge.value < 0
    view.set_annotations(Annotations(highlight_edges=frozenset({key})))
    image = view.grab().toImage()
    mid = view.mapFromScene(edge.line.pointAt(0.3))
    style = view.scene().style
    column = [QColor(image.pixel(mid.x(), mid.y() + dy)) for dy in range(-14, 15)]
    best_vs_edge = max(_contrast(c, style.negative) for c in column)
    best_vs_background = max(_contrast(c, style.background) for c in column)
    assert best_vs_edge >= 3.0 and best_vs_background >= 3.0, (best_vs_edge,
                                                               best_vs_background)


def test_live_weights_rewrite_the_edge_labels_in_place(window):
    window.load_file(resolve("textbook"))
    scene = window.canvas.scene()
    before = {b.edge: b for b in scene.annotation_items if b.edge is not None}
    places = {edge: box.pos() for edge, box in before.items()}
    spec = window.document.spec
    w = [la.weights * 1.1 for la in spec.layers[1:]]  # texts of the same length
    window.canvas.set_weights(w, [la.biases for la in spec.layers[1:]])
    after = {b.edge: b for b in scene.annotation_items if b.edge is not None}
    assert after == before  # the same items: no rebuild at every training snapshot
    assert all(box.pos() == places[edge] for edge, box in after.items())
    assert after[scene.edges[(1, 0, 2)]].text == "−0.55"  # w34 = −0.5 × 1.1


def test_a_banner_over_the_canvas_pushes_the_network_below_it(window):
    window.load_file(resolve("learning-rate-large"))
    canvas = window.canvas

    def top() -> float:
        return min(h.deviceTransform(canvas.viewportTransform()).mapRect(h.boundingRect()).top()
                   for h in canvas.scene().headers)

    canvas.set_top_reserve(90)
    assert top() >= 90
    canvas.set_top_reserve(0)
    assert top() < 90


@pytest.mark.parametrize("lesson", ["textbook", "xor", "digits", "vanishing-gradients-sigmoid",
                                    "learning-rate-large", "big", "shared-weights",
                                    "convolution-shift", "convolution-digits"])
@pytest.mark.parametrize("size", [(1024, 700), (1400, 900), (1920, 1080)])
def test_no_canvas_text_is_cut_off_by_the_canvas_edge(window, lesson, size):
    window.resize(*size)
    if lesson == "big":
        window.document.edit(big_network(), "new network")
    else:
        window.load_file(resolve(lesson))
    canvas = window.canvas
    area = canvas.viewport().rect().adjusted(-1, -1, 1, 1)
    for item in text_items(canvas):
        rect = item.deviceTransform(canvas.viewportTransform()).mapRect(item.boundingRect())
        assert area.contains(rect.toAlignedRect()), (item.texts(), rect, area)
