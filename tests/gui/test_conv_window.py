"""Networks with maps in the window (issue 13): conv files open, the canvas draws maps and
kernels coloured by the example and the weights, hover marks a receptive field or every
connection of a shared weight, the Inspector shows and edits shared weights with undo and
compares the parameter count with a dense layer's, the Step mode walks conv layers."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from bpsim.engine.build import layer_geometry, network_from_spec
from bpsim.gallery import resolve
from bpsim.gui.main_window import MainWindow
from bpsim.gui.panels.inspector_maps import sharing, sharing_text


@pytest.fixture
def window(qtbot):
    w = MainWindow(restore=False, features=False)
    qtbot.addWidget(w)
    w.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    w.errors = []
    w.show_error = lambda title, message: w.errors.append(message)
    w.resize(1024, 700)
    w.show()
    yield w
    w.document.undo_stack.setClean()


def test_a_conv_file_opens_and_its_layers_are_drawn_as_maps(window, tmp_path):
    conv = tmp_path / "conv.bpsim"
    conv.write_text('{"format": "bpsim-network", "version": 2, "layers": [{"shape": [1, 5]}, '
                    '{"type": "conv", "filters": 2, "kernel": [3]}, {"size": 1}]}',
                    encoding="utf-8")
    assert window.open_file(conv), window.errors
    parts = window.canvas.scene().parts
    assert sorted(parts.maps) == [0, 1] and sorted(parts.kernels) == [1]
    kernels = parts.kernels[1]
    assert (kernels.filters, kernels.channels, kernels.kh, kernels.kw) == (2, 1, 3, 1)
    w = window.document.spec.layers[1].weights
    assert np.array_equal(kernels.weights, np.asarray(w).reshape(2, 3))
    assert len(window.canvas.scene().neurons) == 1  # only the dense output is a column


def test_map_cells_are_coloured_by_the_current_examples_outputs(window):
    window.load_file(resolve("convolution-digits"))
    parts = window.canvas.scene().parts
    spec = window.document.spec
    prepared = window.document.prepared()[0]
    o = network_from_spec(spec).forward(prepared.transform(prepared.dataset.X[:1]))[0]
    first = np.asarray(parts.maps[1].values).copy()
    assert np.allclose(first, o[1][0])
    assert np.allclose(parts.maps[2].values, o[2][0])
    window.set_example(1)
    assert not np.allclose(parts.maps[1].values, first)
    cells = {parts.maps[1].color(k).rgb() for k in range(parts.maps[1].block.units)}
    assert len(cells) > 10  # coloured by value, not one fill


def test_hover_marks_a_receptive_field_and_the_connections_of_a_shared_weight(window):
    window.load_file(resolve("convolution-digits"))
    parts = window.canvas.scene().parts
    geo = layer_geometry(window.document.spec.layers[1], window.document.spec.layers[0])
    j = 9  # map 1, row 2, column 2 of the 8x8 maps: a full 3x3 patch, no padding
    parts.hover(parts.maps[1], j)
    assert parts.marked == {(1, j, int(i)) for i in geo.index[:, j]}
    assert len(parts.marked) == 9 and parts.hover_marks.isVisible()
    parts.hover(parts.kernels[1], (0, 4))  # the centre weight of filter 1: every position
    assert len(parts.marked) == 64
    assert all(parts._shared_weight(*c) == (0, 4) for c in parts.marked)
    parts.hover(parts.kernels[1], (0, 0))  # a corner weight reads padding on two sides
    assert len(parts.marked) == 49
    parts.hover(None, None)
    assert not parts.marked and not parts.hover_marks.isVisible()


def test_the_inspector_edits_a_shared_weight_with_undo_and_compares_with_dense(window):
    window.load_file(resolve("shared-weights"))
    spec = window.document.spec
    assert sharing(spec, 1) == (4, 12)  # 3 weights + 1 bias; 9 connections + 3 biases
    window.canvas.select_key(("kernel", 1, 0, 1))
    page = window.inspector.maps
    assert window.inspector.stack.currentWidget() is page
    assert "3 connections use it" in page.title.text()
    assert page.note.text() == sharing_text(spec, 1) == (
        "conv: 4 parameters; dense with the same connections: 12")
    before = float(spec.layers[1].weights[0, 0, 1])
    count = window.document.undo_stack.count()
    page.weight.setValue(0.125)
    assert window.document.spec.layers[1].weights[0, 0, 1] == 0.125
    assert window.document.undo_stack.count() == count + 1
    kernels = window.canvas.scene().parts.kernels[1]
    assert kernels.weights[0, 1] == 0.125
    assert [e.value for e in window.canvas.scene()._pair_edges[1]].count(0.125) == 3
    window.document.undo_stack.undo()
    assert window.document.spec.layers[1].weights[0, 0, 1] == before


def test_the_inspector_shows_a_positions_patch_and_changes_the_layers_geometry(window):
    window.load_file(resolve("convolution-shift"))
    window.canvas.select_key(("neuron", 1, 0))
    page = window.inspector.maps
    assert "reads 0(1), 0(2), 0(3)" in page.values.text()
    page.filters.setValue(6)
    spec = window.document.spec
    assert spec.layers[1].filters == 6 and spec.layers[2].out_shape == (6, 1)
    assert sorted(window.canvas.scene().parts.maps[1].block.origins) != []
    assert window.canvas.scene().parts.kernels[1].filters == 6
    page.kernel.setValue(40)  # larger than the input: refused with the sizes
    assert window.document.spec.layers[1].kernel == (3,)
    assert "16" in page.warning.text() and page.warning.isVisible()
    window.document.undo_stack.undo()
    assert window.document.spec.layers[1].filters == 4


def test_step_mode_walks_a_conv_network_and_labels_shared_weights(window):
    from bpsim.gui import stepmode

    window.load_file(resolve("shared-weights"))
    c = stepmode.install(window)
    c.set_active(True)
    ex = c.session.explanation
    c.go(ex.phase_range(5)[0])  # Δw of the first shared weight: a sum over 3 positions
    line = c.session.line
    assert len(line.edges) == 3
    parts = window.canvas.scene().parts
    assert parts.step_marks.isVisible()
    c.to_end()
    tr = c.session.shown
    texts = c.session.annotations((), window.canvas.scene().edges.keys()).edge_text
    W = np.ravel(tr.W_new[0])
    geo = tr.layers[0]
    for (l, j, i), text in texts.items():
        if l == 1:
            f, pos = divmod(j, geo.positions)
            r = int(np.flatnonzero(geo.index[:, pos] == i)[0])
            assert text.startswith("w′") and W[f * geo.patch + r] == pytest.approx(
                float(text.split("= ")[1].replace("−", "-")), abs=1e-4)
    assert len([k for k in texts if k[0] == 1]) == 9
    c.set_active(False)


def test_headings_of_blocks_of_maps_do_not_overlap(window):
    window.load_file(resolve("convolution-digits"))
    canvas = window.canvas
    for width in range(500, 1300, 50):
        canvas.resize(width, 450)
        canvas.fit()
        rects = [h.deviceTransform(canvas.viewportTransform()).mapRect(h.boundingRect())
                 for h in canvas.scene().headers]
        for a, b in zip(rects, rects[1:]):
            assert a.right() <= b.left(), (width, a, b)


def test_live_training_redraws_kernels_and_maps_and_commits_one_edit(qtbot, training_window):
    from bpsim import fileformat

    spec = fileformat.load(resolve("shared-weights")).with_training(epochs=10**6)
    w, c = training_window(spec)
    start = np.array(w.document.spec.layers[1].weights)
    c.start()
    qtbot.waitUntil(lambda: c.with_weights is not None and c.with_weights.step >= 200,
                    timeout=8000)
    snap = c.with_weights
    c._show_network(snap)  # what a redraw tick does while training runs
    parts = w.canvas.scene().parts
    assert np.array_equal(parts.kernels[1].weights.ravel(), np.ravel(snap.weights[0]))
    assert not np.array_equal(parts.kernels[1].weights.ravel(), start.ravel())
    net = network_from_spec(w.document.spec)
    net.set_weights([np.asarray(x) for x in snap.weights], [np.asarray(x) for x in snap.biases])
    prepared = w.document.prepared()[0]
    o = net.forward(prepared.transform(prepared.dataset.X[:1]))[0]
    assert np.allclose(parts.maps[1].values, o[1][0])
    c.toggle()
    qtbot.waitUntil(lambda: not c.running and w.document.undo_stack.count() == 1, timeout=8000)
    assert w.document.undo_stack.undoText().startswith("Train")
    assert not np.array_equal(w.document.spec.layers[1].weights, start)


def test_the_filters_dock_shows_the_kernels_live_and_hides_without_conv(qtbot, training_window,
                                                                        tmp_path):
    from bpsim import fileformat
    from bpsim.gui.plots.filters import FiltersDock

    spec = fileformat.load(resolve("convolution-digits")).with_training(epochs=10**6)
    w, c = training_window(spec)
    dock = next(d for d in c.docks if isinstance(d, FiltersDock))
    dock.show()
    dock.raise_()
    c.start()
    qtbot.waitUntil(lambda: c.with_weights is not None and c.with_weights.step >= 50,
                    timeout=8000)
    dock.add(c.with_weights)
    dock.redraw()
    view = dock.view
    (lk,) = view.layers
    assert lk.w.shape == (8, 1, 3, 3) and np.array_equal(lk.w, c.with_weights.weights[0])
    assert "8 filters of 1×3×3" in lk.caption
    view.resize(600, 300)
    view.grab()  # paints: every filter drawn, as large as fits
    assert len(view._hits) == 8 and view.cell >= 8
    rect = view._hits[2][0]
    tip = view.tooltip_at(rect.left() + 1, rect.top() + 1)
    assert tip.startswith("filter 3, channel 1, (1,1)")
    assert f"{float(lk.w[2, 0, 0, 0]):.6g}" in tip
    assert dock.export_png(str(tmp_path / "f.png")) and dock.export_svg(str(tmp_path / "f.svg"))
    assert dock.export_csv(str(tmp_path / "f.csv"))
    lines = (tmp_path / "f.csv").read_text().splitlines()
    assert lines[0] == "layer,filter,channel,row,column,weight" and len(lines) == 1 + 72
    c.toggle()
    qtbot.waitUntil(lambda: not c.running and w.document.undo_stack.count() == 1, timeout=8000)
    w.load_file(resolve("xor"))
    assert dock.isHidden()
    w.load_file(resolve("shared-weights"))
    assert not dock.isHidden()


def test_conv_and_pool_layers_are_added_from_the_network_menu_with_undo(window):
    from bpsim.gui.mapdialogs import ConvAnswer

    window.load_file(resolve("convolution-shift"))
    a = window.actions
    window.canvas.select_key(("neuron", 0, 3))  # the input: maps of 1×16
    assert a["add_conv"].isEnabled() and a["add_pool"].isEnabled()
    window.ask_conv_layer = lambda: ConvAnswer(2, 5, 1, 2, "tanh")
    assert window.add_conv_layer()
    spec = window.document.spec
    conv = spec.layers[1]
    assert (conv.kind, conv.filters, conv.kernel, conv.padding, conv.activation) == (
        "conv", 2, (5,), (2,), "tanh")
    assert conv.out_shape == (2, 16) and spec.layers[2].weights.shape == (4, 2, 3)
    assert sorted(window.canvas.scene().parts.kernels) == [1, 2]
    assert window.document.undo_stack.undoText() == "Add conv layer of 2 filters"
    window.canvas.select_key(("neuron", 1, 0))
    window.ask_pool_window = lambda: 2  # the old conv would read 8 positions: 6 outputs,
    before = window.document.spec  # too few for the old max-pool of 14: refused
    assert not window.add_pool_layer()
    assert window.document.spec is before and "14" in window.errors[-1]
    window.ask_pool_window = lambda: 1
    assert window.add_pool_layer()
    assert window.document.spec.layers[2].kind == "max_pool"
    assert window.document.spec.layers[3].out_shape == (4, 14)
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert window.document.spec.layers[1].filters == 4 and len(window.document.spec.layers) == 4
    window.load_file(resolve("xor"))
    window.update_network_actions()
    assert not a["add_conv"].isEnabled()


def test_hovered_cells_have_tooltips_and_a_double_clicked_kernel_weight_is_edited(window):
    from bpsim.gui.canvas.tooltips import tooltip_for

    window.load_file(resolve("shared-weights"))
    scene = window.canvas.scene()
    kernels, maps = scene.parts.kernels[1], scene.parts.maps[1]
    kernels.hover_key = (0, 2)
    tip = tooltip_for(scene, kernels)
    value = float(window.document.spec.layers[1].weights[0, 0, 2])
    assert tip.startswith("shared weight w1(3) = ") and "3 connections use it" in tip
    maps.hover_key = 1
    assert tooltip_for(scene, maps).startswith("Position 1(2)")
    window.ask_weight = lambda name, v: (name, v) == ("w1(3)", value) and 0.5 or None
    window.canvas.kernelEditRequested.emit(1, 0, 2)
    assert window.document.spec.layers[1].weights[0, 0, 2] == 0.5
    assert window.document.undo_stack.undoText() == "Set shared weight w1(3) to 0.5"


def test_gallery_thumbnails_draw_the_maps_of_conv_lessons(qtbot):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPalette

    from bpsim.gui.thumbmaps import example_outputs, map_rects
    from bpsim.gui.thumbnails import SIZE, _lesson, thumbnail

    spec, dataset = _lesson(resolve("convolution-digits"))
    rect = QRectF(6, 8, SIZE.width() * 0.56 - 10, SIZE.height() - 16)
    rects = map_rects(spec, rect)
    assert rects[-1] is None and all(r is not None for r in rects[:3])
    for a, b in zip(rects[:2], rects[1:3]):  # side by side, decks included, inside the rect
        assert a.right() + 2 * 3.0 < b.left()
    assert rects[0].left() >= rect.left() and rects[2].right() + 6 <= rect.right()
    outs = example_outputs(spec, dataset)
    assert [o.shape for o in outs] == [(64,), (512,), (128,), (10,)]
    image = thumbnail(resolve("convolution-digits"), QPalette()).toImage()
    r = rects[0].toAlignedRect().adjusted(2, 2, -2, -2)
    colours = {image.pixel(x, y) for x in range(r.left(), r.right())
               for y in range(r.top(), r.bottom())}
    assert len(colours) > 5  # the first digit's pixels, not an empty frame


def test_a_shared_weights_sum_over_many_positions_marks_cells_not_a_block_of_lines(window):
    from bpsim.gui import stepmode

    window.load_file(resolve("convolution-digits"))
    c = stepmode.install(window)
    c.set_active(True)
    c.go(c.session.explanation.phase_range(5)[0])  # Δw of filter 1's first weight: 49 terms
    marks = window.canvas.scene().parts.step_marks
    assert len(c.session.line.edges) == 49
    assert not marks.lines and len(marks.rects) >= 49 + 1  # the positions and the kernel cell
    c.set_active(False)


def test_the_network_summary_writes_one_map_and_one_kernel_in_the_singular(window):
    from bpsim.gui.panels.inspector_maps import layer_text

    window.load_file(resolve("shared-weights"))
    text = layer_text(window.document.spec, 1)
    assert "1 kernel of 3" in text and "1 map of 3" in text


def test_the_weights_dock_names_kernel_shapes_and_weightless_pool_layers(window):
    from bpsim.gui.training import install

    window.load_file(resolve("convolution-digits"))
    c = install(window)
    weights = next(d for d in c.docks if d.objectName() == "WeightsDock")
    texts = [weights.layer_box.itemText(k) for k in range(weights.layer_box.count())]
    assert texts == ["1: hidden 1 (8×1×3×3)", "2: hidden 2 (no weights)", "3: output (10×128)"]
    c.shutdown()


def test_hovering_a_conv_connection_marks_every_connection_sharing_its_weight(window):
    from bpsim.gui.canvas.tooltips import tooltip_for

    window.load_file(resolve("shared-weights"))
    scene = window.canvas.scene()
    parts = scene.parts
    edge = scene.edges[(1, 1, 2)]  # position 2 reads input 3 with the kernel's middle weight
    scene.hover_item(edge, True)
    assert parts.marked == {(1, 0, 1), (1, 1, 2), (1, 2, 3)}
    assert tooltip_for(scene, edge).startswith("shared weight w1(2) = ")
    scene.hover_item(edge, False)
    assert not parts.marked


def test_removing_a_conv_layer_reshapes_what_follows_with_undo(window):
    window.load_file(resolve("convolution-digits"))
    window.canvas.select_key(("neuron", 1, 5))
    assert window.remove_layer()
    spec = window.document.spec
    assert [la.kind for la in spec.layers] == ["dense", "max_pool", "dense"]
    assert spec.layers[1].out_shape == (1, 4, 4) and spec.layers[2].weights.shape == (10, 16)
    assert sorted(window.canvas.scene().parts.maps) == [0, 1]
    window.document.undo_stack.undo()
    assert window.document.spec.layers[1].kind == "conv"


def test_applying_a_step_on_a_conv_network_writes_the_new_shared_weights(window):
    from bpsim.gui import stepmode

    window.load_file(resolve("shared-weights"))
    c = stepmode.install(window)
    c.set_active(True)
    c.to_end()
    new = np.asarray(c.session.trace.W_new[0])
    c.apply()
    assert np.array_equal(window.document.spec.layers[1].weights, new.reshape(1, 1, 3))
    assert window.canvas.scene().parts.kernels[1].weights.ravel().tolist() == new.ravel().tolist()


def test_step_mode_writes_the_latest_value_beside_each_position_of_a_small_map(window):
    from bpsim.gui import stepmode

    window.load_file(resolve("shared-weights"))
    c = stepmode.install(window)
    c.set_active(True)
    c.go(c.session.explanation.phase_range(5)[0])  # every δ known
    scene = window.canvas.scene()
    boxes = {b.cell: b for b in scene.annotation_items if getattr(b, "cell", None)}
    assert sorted(boxes) == [(1, 0), (1, 1), (1, 2)]
    delta = c.session.shown.delta[0]
    for j, box in boxes.items():
        assert box.text.startswith("δ = ") and "\n" not in box.text
        assert float(box.text[4:].replace("−", "-")) == pytest.approx(delta[j[1]], abs=1e-4)
    maps = [item.boundingRect() for item in scene.parts.items()]
    for box in scene.annotation_items:  # the Δw labels stay off the maps and kernels
        if box.edge is not None and box.isVisible():
            assert not any(box.scene_rect(scene.view_scale).intersects(r) for r in maps), box.text


def test_the_filters_dock_names_an_output_conv_layer_and_draws_every_channel(qtbot):
    from bpsim import fileformat
    from bpsim.engine.build import initialized
    from bpsim.gui.plots.filters import FiltersDock

    spec = initialized(fileformat.from_dict({
        "format": "bpsim-network", "version": 2,
        "layers": [{"shape": [3, 6, 6]},
                   {"type": "conv", "filters": 4, "kernel": [3, 3], "padding": 1, "stride": 2},
                   {"type": "conv", "filters": 2, "kernel": [2, 2]}]}))
    dock = FiltersDock()
    qtbot.addWidget(dock)
    dock.set_context(spec, None)
    dock.redraw()
    first, last = dock.view.layers
    assert first.caption.startswith("Hidden 1: 4 filters of 3×3×3")
    assert last.caption.startswith("Output: 2 filters of 4×2×2")
    dock.view.resize(500, 300)
    dock.view.grab()
    assert len(dock.view._hits) == 4 * 3 + 2 * 4  # one image per filter and input channel


def test_dropout_is_offered_for_dense_hidden_layers_only(window):
    """A dropout set on a conv layer in the Hyperparameters dock made the network unsavable
    ("layers[1].dropout: unknown key"): the file keeps dropout on dense layers only."""
    window.load_file(resolve("convolution-digits"))
    spec = window.document.spec
    boxes = window.hyperparameters.dropouts
    hidden = range(1, len(spec.layers) - 1)
    assert len(boxes) == len(hidden)
    for box, l in zip(boxes, hidden, strict=True):
        assert box.isEnabled() == (spec.layers[l].kind == "dense"), l
