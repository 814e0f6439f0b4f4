"""Lesson-grade views: the canvas follows the document, names units once across the network,
writes every number in a bounded width (issue 9)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from bpsim import edits
from bpsim.gallery import resolve
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
