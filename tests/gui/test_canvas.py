"""The network canvas: pure layout, items of the seed's network, signals, live updates, export."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from bpsim.engine.build import initialized, network_from_spec
from bpsim.gui.canvas import Annotations, NetworkCanvas
from bpsim.gui.canvas.items import NeuronItem, PlaceholderItem, TextBoxItem
from bpsim.gui.canvas.layout import UNIT_GAP, compute_layout
from bpsim.gui.canvas.style import NEGATIVE, POSITIVE_LIGHT
from bpsim.gui.canvas.tooltips import tooltip_for
from bpsim.spec import LayerSpec, NetworkSpec, frozen_array

TEXTBOOK = Path(__file__).parents[2] / "resources" / "examples" / "textbook.bpsim"


def textbook_spec() -> NetworkSpec:
    """The seed's 3-2-1 network, read with json (independent of the file loader)."""
    doc = json.loads(TEXTBOOK.read_text(encoding="utf-8"))
    layers = []
    for d in doc["layers"]:
        layers.append(
            LayerSpec(
                size=d["size"],
                activation=d.get("activation", "sigmoid"),
                labels=tuple(d["labels"]),
                weights=frozen_array(d["weights"]) if "weights" in d else None,
                biases=frozen_array(d["biases"]) if "biases" in d else None,
            )
        )
    return NetworkSpec(layers=tuple(layers), name=doc["name"])


def big_spec() -> NetworkSpec:
    layers = (
        LayerSpec(784),
        LayerSpec(256, "relu"),
        LayerSpec(128, "relu"),
        LayerSpec(10, "softmax"),
    )
    return initialized(NetworkSpec(layers=layers, loss="cross_entropy"))


@pytest.fixture
def canvas(qtbot):
    view = NetworkCanvas()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def seed_canvas(canvas):
    canvas.set_spec(textbook_spec())
    return canvas


# -- layout (pure) ----------------------------------------------------------------------------


def test_layout_columns_and_centred_units():
    lay = compute_layout((3, 2, 1))
    assert [ll.x for ll in lay.layers] == sorted(ll.x for ll in lay.layers)
    assert lay.layers[0].ys == (-UNIT_GAP, 0.0, UNIT_GAP)
    assert lay.layers[1].ys == (-UNIT_GAP / 2, UNIT_GAP / 2)
    assert lay.pos(2, 0) == (lay.layers[2].x, 0.0)
    assert all(ll.placeholder is None for ll in lay.layers)


def test_layout_collapses_large_layers_and_expands():
    lay = compute_layout((784, 256, 10))
    first = lay.layers[0]
    assert first.shown == (0, 1, 2, 3, 4, 781, 782, 783)
    assert first.placeholder is not None and first.placeholder.hidden == 776
    assert first.placeholder.text == "… 776 more"
    assert first.placeholder.first == 5
    ys = first.ys[:5] + (first.placeholder.y,) + first.ys[5:]
    assert list(ys) == sorted(ys)  # the placeholder sits between head and tail
    assert lay.pos(0, 100) is None and lay.visible_edges(1) == 64
    assert lay.layers[2].placeholder is None and len(lay.layers[2].shown) == 10

    expanded = compute_layout((784, 256, 10), expanded={0, 1})
    assert len(expanded.layers[1].shown) == 256 and expanded.layers[1].placeholder is None
    capped = expanded.layers[0]
    assert len(capped.shown) == 512 and capped.placeholder.capped
    assert capped.placeholder.hidden == 784 - 512


# -- the seed's network -----------------------------------------------------------------------


def test_seed_network_items(seed_canvas):
    scene = seed_canvas.scene()
    assert sorted(n.label for n in scene.neurons.values()) == ["1", "2", "3", "4", "5", "6"]
    assert len(scene.edges) == 8 and not scene.placeholders and not scene.bands
    assert scene.edges[(1, 0, 0)].value == pytest.approx(0.2)  # w14
    assert scene.edges[(2, 0, 1)].value == pytest.approx(-0.2)  # w56
    assert scene.neurons[(1, 0)].bias == pytest.approx(-0.4)
    assert scene.neurons[(2, 0)].bias == pytest.approx(0.1)
    assert scene.neurons[(0, 0)].bias is None
    assert scene.edges[(1, 0, 0)].pen.color().name() == POSITIVE_LIGHT.lower()
    assert scene.edges[(1, 0, 2)].pen.color().name() == NEGATIVE.lower()  # w34 = -0.5
    assert scene.edges[(1, 0, 2)].pen.widthF() == pytest.approx(6.0)  # the largest |w|
    assert scene.parent() is seed_canvas
    tip = tooltip_for(scene, scene.edges[(1, 0, 0)])
    assert "w14 = 0.2000" in tip and "from unit 1" in tip and "to unit 4" in tip
    assert "bias b = −0.4000" in tooltip_for(scene, scene.neurons[(1, 0)])


def _click(qtbot, canvas, scene_point, double=False):
    pos = canvas.mapFromScene(scene_point)
    (qtbot.mouseDClick if double else qtbot.mouseClick)(
        canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos
    )


def test_clicks_emit_selection_signals(seed_canvas, qtbot):
    scene = seed_canvas.scene()
    with qtbot.waitSignal(seed_canvas.neuronSelected) as blocker:
        _click(qtbot, seed_canvas, scene.neurons[(1, 1)].scenePos())
    assert blocker.args == [1, 1] and scene.neurons[(1, 1)].selected
    edge = scene.edges[(2, 0, 1)]
    with qtbot.waitSignal(seed_canvas.edgeSelected) as blocker:
        _click(qtbot, seed_canvas, edge.line.pointAt(0.5))
    assert blocker.args == [2, 0, 1] and edge.selected and not scene.neurons[(1, 1)].selected
    with qtbot.waitSignal(seed_canvas.selectionCleared):
        qtbot.mouseClick(seed_canvas.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    assert scene.selection is None and not edge.selected
    with qtbot.waitSignal(seed_canvas.weightEditRequested) as blocker:
        _click(qtbot, seed_canvas, scene.edges[(1, 1, 2)].line.pointAt(0.2), double=True)
    assert blocker.args == [1, 1, 2]


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen QToolTip
def test_hover_tooltip_shows_the_weight(seed_canvas, qtbot):
    edge = seed_canvas.scene().edges[(2, 0, 1)]
    pos = seed_canvas.mapFromScene(edge.line.pointAt(0.5))
    event = QHelpEvent(QEvent.Type.ToolTip, pos, seed_canvas.viewport().mapToGlobal(pos))
    QApplication.sendEvent(seed_canvas.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert "w56 = −0.2000" in QToolTip.text()
    QToolTip.hideText()


def test_programmatic_selection(seed_canvas):
    scene = seed_canvas.scene()
    seed_canvas.select_edge(1, 0, 2)
    assert scene.edges[(1, 0, 2)].selected
    seed_canvas.select_neuron(0, 1)
    assert scene.neurons[(0, 1)].selected and not scene.edges[(1, 0, 2)].selected
    seed_canvas.clear_selection()
    assert scene.selection is None


def test_set_weights_recolours_in_place(seed_canvas):
    scene = seed_canvas.scene()
    spec = textbook_spec()
    edge = scene.edges[(1, 0, 0)]
    n_items = len(scene.items())
    weights = [np.array(layer.weights) for layer in spec.layers[1:]]
    biases = [np.array(layer.biases) for layer in spec.layers[1:]]
    weights[0][0, 0] = -0.2
    biases[1][0] = -1.25
    seed_canvas.set_weights(weights, biases)
    assert scene.edges[(1, 0, 0)] is edge and len(scene.items()) == n_items
    assert edge.pen.color().name() == NEGATIVE.lower()
    assert scene.neurons[(2, 0)].bias == pytest.approx(-1.25)


def test_uninitialised_and_diverged_weights(canvas):
    spec = NetworkSpec(layers=(LayerSpec(2), LayerSpec(2), LayerSpec(1)))  # weights None
    canvas.set_spec(spec)
    scene = canvas.scene()
    assert all(e.value is None for e in scene.edges.values()) and scene.max_abs == 0.0
    nan = [np.full((2, 2), np.nan), np.array([[np.inf, -1.0]])]
    canvas.set_weights(nan, [np.zeros(2), np.zeros(1)])
    assert scene.max_abs == 1.0
    assert scene.edges[(1, 0, 0)].pen.widthF() == 0.5  # NaN: thinnest, neutral
    canvas.grab()


def test_outputs_fill_neurons_and_clear(seed_canvas):
    spec = textbook_spec()
    outs, _ = network_from_spec(spec).forward(np.array([[1.0, 0.0, 1.0]]))
    per_layer = [np.asarray(o)[0] for o in outs]
    if len(per_layer) == len(spec.layers) - 1:
        per_layer = [np.array([1.0, 0.0, 1.0]), *per_layer]
    seed_canvas.set_outputs(per_layer)
    scene = seed_canvas.scene()
    assert scene.neurons[(2, 0)].output == pytest.approx(0.474, abs=1e-3)
    assert scene.fill_ranges and "neuron fill = output" in _legend_text(seed_canvas)
    seed_canvas.set_outputs(None)
    assert scene.neurons[(2, 0)].output is None and not scene.fill_ranges


def _legend_text(canvas) -> str:
    from bpsim.gui.canvas.legend import legend_texts

    return " ".join(legend_texts(canvas.scene()))


def test_annotations_appear_and_go(seed_canvas):
    ann = Annotations(
        unit_text={(2, 0): "z=-0.105\no=0.474\nδ=0.1311"},
        edge_text={(2, 0, 0): "Δw=0.039"},
        highlight_units=frozenset({(2, 0)}),
        highlight_edges=frozenset({(2, 0, 0)}),
    )
    seed_canvas.set_annotations(ann)
    scene = seed_canvas.scene()
    texts = [i.text for i in scene.items() if isinstance(i, TextBoxItem)]
    assert "z=-0.105\no=0.474\nδ=0.1311" in texts and "Δw=0.039" in texts
    assert scene.neurons[(2, 0)].highlighted and scene.edges[(2, 0, 0)].highlighted
    seed_canvas.set_annotations(None)
    texts = [i.text for i in scene.items() if isinstance(i, TextBoxItem)]
    assert "Δw=0.039" not in texts and not scene.edges[(2, 0, 0)].highlighted


# -- large networks ---------------------------------------------------------------------------


def test_big_network_builds_and_paints_fast(canvas):
    spec = big_spec()
    start = time.perf_counter()
    canvas.set_spec(spec)
    canvas.grab()
    elapsed = time.perf_counter() - start
    assert elapsed < 3.0, elapsed  # ~0.05 s on a laptop; generous for CI
    scene = canvas.scene()
    assert len(scene.items()) < 400
    assert set(scene.placeholders) == {0, 1, 2}
    assert len([i for i in scene.items() if isinstance(i, NeuronItem)]) == 8 + 8 + 8 + 10
    assert len(scene.edges) == 8 * 8 + 8 * 8 + 10 * 8
    start = time.perf_counter()
    canvas.set_weights([-w.weights for w in spec.layers[1:]], [w.biases for w in spec.layers[1:]])
    assert time.perf_counter() - start < 0.5


def test_expand_and_collapse_a_layer(canvas, qtbot):
    canvas.set_spec(big_spec())
    canvas.set_layer_expanded(1, True)
    scene = canvas.scene()
    assert 1 not in scene.placeholders
    assert len([i for i in scene.items() if isinstance(i, NeuronItem)]) == 8 + 256 + 8 + 10
    assert len(scene.items()) < 1000  # the 8 x 256 and 256 x 8 edges are bundled
    start = time.perf_counter()
    canvas.grab()
    assert time.perf_counter() - start < 3.0
    canvas.set_layer_expanded(1, False)
    placeholder = scene.placeholders[1]
    assert isinstance(placeholder, PlaceholderItem)
    canvas.centerOn(placeholder)
    _click(qtbot, canvas, placeholder.scenePos(), double=True)  # double-click expands
    assert 1 not in scene.placeholders


# -- export and paint safety ------------------------------------------------------------------


def test_export_png_and_svg(seed_canvas, tmp_path):
    png, svg = tmp_path / "net.png", tmp_path / "net.svg"
    seed_canvas.export_png(str(png))
    seed_canvas.export_svg(str(svg))
    assert png.stat().st_size > 1000 and png.read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in svg.read_text(encoding="utf-8")


def test_repeated_paints_keep_none_alive(seed_canvas):
    """PySide6 6.12.0 on Python < 3.12 drops a reference to None per void call (DESIGN.md)."""
    seed_canvas.set_annotations(
        Annotations(unit_text={(1, 0): "z"}, highlight_units=frozenset({(1, 0)}))
    )
    before = sys.getrefcount(None)
    for _ in range(100):
        seed_canvas.grab()
    assert sys.getrefcount(None) - before > -500
