"""The Step mode: the seed's example walked on the canvas, Apply as `bpsim step`, any network."""

import time
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from bpsim import edits, fileformat
from bpsim.cli import main as cli_main
from bpsim.gallery import resolve
from bpsim.gui import stepmode
from bpsim.gui.main_window import MainWindow
from bpsim.spec import DataSpec, InitSpec, frozen_array

# the seed's numbers (rounded as the seed rounds them) and the textbook's table of new weights
SEED = {"z4": "-0.7", "o4": "0.332", "z5": "0.1", "o5": "0.525", "z6": "-0.105", "o6": "0.474",
        "δ6": "0.1311", "δ4": "-0.0087", "δ5": "-0.0065"}
TABLE = {"w14": "0.192", "w15": "-0.306", "w24": "0.4", "w25": "0.1", "w34": "-0.508",
         "w35": "0.194", "w46": "-0.261", "w56": "-0.138", "b4": "-0.408", "b5": "0.194",
         "b6": "0.218"}


def _window(qtbot, spec=None, path=None):
    w = MainWindow(spec, restore=False, features=False)
    qtbot.addWidget(w)
    w.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    if path is not None:
        w.load_file(path)
    return w, stepmode.install(w)


@pytest.fixture
def textbook(qtbot):
    w, c = _window(qtbot, path=resolve("textbook"))
    c.set_active(True)
    yield w, c
    w.document.undo_stack.setClean()


def walk(c):
    """Every (heading, formula) from before the first line to the last, with Next."""
    c.restart()
    seen = [(c.panel.heading.text(), c.panel.plain_text)]
    while c.actions["next"].isEnabled():
        c.actions["next"].trigger()
        seen.append((c.panel.heading.text(), c.panel.plain_text))
    return seen


def test_install_adds_mode_dock_menu_and_toolbar(textbook):
    w, c = textbook
    assert c.dock.objectName() == "StepDock" and c.dock.isVisibleTo(w)
    assert c.actions["toggle"] in w.step_menu.actions()
    assert c.actions["toggle"] in w.toolbar.actions()
    assert not any("(coming)" in a.text() for a in w.step_menu.actions())
    c.actions["toggle"].trigger()
    assert not c.active and not c.dock.isVisibleTo(w) and c.session is None
    assert not c.actions["next"].isEnabled()  # arrow keys are the canvas's again
    c.dock.toggleViewAction().trigger()  # the View menu's entry enters the mode too
    assert c.active and c.session is not None and c.actions["toggle"].isChecked()
    c.dock.close()
    assert not c.active and not c.actions["toggle"].isChecked()


def test_leaving_removes_the_overlay(textbook):
    w, c = textbook
    calls = []
    w.canvas.set_annotations = calls.append
    c.to_end()
    assert calls[-1] is not None and calls[-1].unit_text
    c.set_active(False)
    assert calls[-1] is None


def test_textbook_rounding_shows_the_seeds_numbers_at_every_phase(textbook):
    w, c = textbook
    c.panel.decimals.setValue(3)
    c.panel.textbook.setChecked(True)
    lines = walk(c)
    texts = {text.split(" = ")[0]: text for _h, text in lines[1:]}
    for name, value in {**SEED, **TABLE}.items():
        assert texts[name].endswith(f"= {value}"), texts[name]
    assert texts["δ6"] == ("δ6 = (t6 - o6) f'(z6) = (t6 - o6) o6(1 - o6) = "
                           "(1 - 0.474) × 0.474 × (1 - 0.474) = 0.1311")
    assert texts["z4"] == "z4 = Σ w·o + b4 = 1*0.2 + 0*0.4 + 1*(-0.5) + (-0.4) = -0.7"
    headings = [h for h, _t in lines[1:]]
    assert [h.split(".")[0] for h in dict.fromkeys(headings)] == ["1", "2", "3", "4", "5", "6"]
    assert "textbook" in c.panel.note.text()
    # the textbook's tables at the end: units and new weights
    units = {r[0]: r for r in _rows(c, 1)}
    assert units["4"][2:] == ["-0.7", "0.332", "", "-0.0087"]
    assert units["6"][2:] == ["-0.105", "0.474", "0.526", "0.1311"]
    weights = {r[0]: r[3] for r in _rows(c, 2)}
    assert weights == TABLE
    # and the canvas: the last line's unit is highlighted, units and edges annotated
    ann = c.session.annotations(w.canvas.scene().neurons.keys(), w.canvas.scene().edges.keys())
    # (the canvas writes the true minus sign)
    assert ann.unit_text[(2, 0)] == "z = −0.105\no = 0.474\nt − o = 0.526\nδ = 0.1311\nb′ = 0.218"
    assert ann.edge_text[(2, 0, 0)] == "w′ = −0.261" and (2, 0) in ann.highlight_units


def _rows(c, tab):
    c.panel.tabs.setCurrentIndex(tab)
    return c.panel.current_table()[1:]


def test_default_precision_shows_exact_values_and_panel_formula(textbook):
    w, c = textbook
    c.go(8)
    assert c.panel.heading.text() == "3. Output deltas"
    assert c.panel.plain_text.endswith("(1 - 0.4739) × 0.4739 × (1 - 0.4739) = 0.13117")
    assert "<b>0.13117</b>" in c.panel.formula.text()
    c.go(13)
    ann = c.session.annotations(w.canvas.scene().neurons.keys(), w.canvas.scene().edges.keys())
    assert ann.edge_text[(1, 0, 0)] == "Δw = −0.00785"
    assert (1, 0, 2) in ann.highlight_edges


def test_previous_and_next_are_inverse(textbook):
    _w, c = textbook
    forward = walk(c)
    backward = []
    while c.actions["previous"].isEnabled():
        backward.append((c.panel.heading.text(), c.panel.plain_text))
        c.actions["previous"].trigger()
    backward.append((c.panel.heading.text(), c.panel.plain_text))
    assert backward[::-1] == forward
    for k in (0, 5, 17, 31):
        c.go(k)
        before = [c.panel.plain_text, *(m.rowCount() for m in c.panel.models), _rows(c, 1)]
        c.next()
        c.previous()
        assert [c.panel.plain_text, *(m.rowCount() for m in c.panel.models), _rows(c, 1)] == before


def test_end_of_phase_and_to_end(textbook):
    _w, c = textbook
    phases = []
    while c.actions["end_of_phase"].isEnabled():
        c.end_of_phase()
        phases.append((c.session.phase, c.session.pos))
    assert phases == [(1, 5), (2, 7), (3, 8), (4, 10), (5, 21), (6, 32)]
    c.restart()
    c.to_end()
    assert c.session.pos == len(c.session) - 1 and not c.actions["next"].isEnabled()


def test_apply_gives_exactly_the_weights_of_bpsim_step_and_undoes(textbook, tmp_path):
    w, c = textbook
    old = w.document.spec
    out = tmp_path / "cli.bpsim"
    assert cli_main(["step", str(resolve("textbook")), "--input", "1,0,1", "--target", "1",
                     "--out", str(out)]) == 0
    c.panel.decimals.setValue(3)
    c.panel.textbook.setChecked(True)  # display only: Apply uses the exact values
    c.go(3)
    c.apply()
    assert w.document.undo_stack.undoText() == "Apply step for example 1"
    _assert_same_weights(w.document.spec, fileformat.load(out))
    assert c.session is not None and c.session.pos == -1  # restarted on the new weights
    assert "Applied" in c.panel.note.text()
    assert c.session.trace.o[2][0] > 0.4739  # o6 moved towards the target 1
    w.document.undo_stack.undo()
    _assert_same_weights(w.document.spec, old)
    assert c.session.trace.W_old[1][0, 0] == -0.3


def _assert_same_weights(spec, expected):
    for a, b in zip(spec.layers[1:], expected.layers[1:], strict=True):
        assert np.array_equal(a.weights, b.weights) and np.array_equal(a.biases, b.biases)


def test_apply_with_momentum_uses_and_stores_the_velocity_like_bpsim_step(qtbot, tmp_path):
    spec = fileformat.load(resolve("textbook"))
    rng = np.random.default_rng(3)
    state = {"velocity": [frozen_array(rng.normal(0, 0.01, la.weights.shape))
                          for la in spec.layers[1:]],
             "velocity_biases": [frozen_array(rng.normal(0, 0.01, la.biases.shape))
                                 for la in spec.layers[1:]]}
    spec = replace(spec.with_training(momentum=0.7), state=state)
    path = tmp_path / "momentum.bpsim"
    fileformat.save(path, spec)
    out = tmp_path / "cli.bpsim"
    assert cli_main(["step", str(path), "--input", "1,0,1", "--target", "1",
                     "--out", str(out)]) == 0
    w, c = _window(qtbot, path=path)
    c.set_active(True)
    c.panel.use_typed.setChecked(True)
    c.panel.typed_input.setText("1, 0, 1")
    c.panel.typed_target.setText("1")
    c.panel.typed_input.editingFinished.emit()
    c.go(12)
    assert "α·Δw_prev" in c.panel.plain_text
    c.apply()
    assert w.document.undo_stack.undoText() == "Apply step for a typed example"
    expected = fileformat.load(out)
    _assert_same_weights(w.document.spec, expected)
    for key in ("velocity", "velocity_biases"):
        for a, b in zip(w.document.spec.state[key], expected.state[key], strict=True):
            assert np.array_equal(a, b)
    w.document.undo_stack.setClean()


def test_discard_and_document_changes_restart_the_step(textbook):
    w, c = textbook
    c.go(20)
    spec = w.document.spec
    c.discard()
    assert w.document.spec is spec and c.session.pos == -1
    c.go(20)
    w.document.edit(edits.set_weight(spec, 1, 0, 0, 0.5), "Set weight")
    assert c.session.pos == -1 and c.session.trace.W_old[0][0, 0] == 0.5
    c.next()
    assert c.panel.plain_text.startswith("z4 = Σ w·o + b4 = 1*0.5 ")
    w.document.undo_stack.undo()
    assert c.session.pos == -1 and c.session.trace.W_old[0][0, 0] == 0.2
    c.to_end()
    w.document.edit(edits.add_layer(w.document.spec, 2, 3, "tanh"), "Add layer")
    assert c.session.pos == -1 and c.session.explanation.sizes == (3, 2, 3, 1)
    c.to_end()
    assert c.panel.heading.text() == "6. New weights"


def test_keyboard_navigation(textbook, qtbot):
    w, c = textbook
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    qtbot.keyClick(w.canvas, Qt.Key.Key_Right)
    qtbot.keyClick(w.canvas, Qt.Key.Key_Right)
    assert c.session.pos == 1
    qtbot.keyClick(w.canvas, Qt.Key.Key_Left)
    assert c.session.pos == 0 and c.panel.plain_text.startswith("z4")
    qtbot.keyClick(w.canvas, Qt.Key.Key_End)
    assert c.session.pos == len(c.session) - 1
    qtbot.keyClick(w.canvas, Qt.Key.Key_Home)
    assert c.session.pos == -1
    qtbot.keyClick(w.canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert c.session.pos == 5
    c.panel.typed_input.setFocus()
    qtbot.keyClick(c.panel.typed_input, Qt.Key.Key_Left)  # a text field keeps its arrows
    assert c.session.pos == 5
    qtbot.keyClick(w.canvas, Qt.Key.Key_F9)
    assert not c.active


def test_tables_copy_and_export(textbook, tmp_path):
    _w, c = textbook
    c.to_end()
    c.panel.tabs.setCurrentIndex(2)
    text = c.panel.copy_table()
    assert text.splitlines()[0] == "Weight or bias\tOld\tΔ\tNew"
    assert QApplication.clipboard().text() == text and len(text.splitlines()) == 12
    c.panel.export_table(tmp_path / "w.csv", "csv")
    assert (tmp_path / "w.csv").read_text().splitlines()[1] == "w14,0.2,-0.00785,0.1921"
    c.panel.export_table(tmp_path / "w.md", "md")
    md = (tmp_path / "w.md").read_text().splitlines()
    assert md[0] == "| Weight or bias | Old | Δ | New |" and md[1].startswith("| --- | ---: |")
    view = c.panel.views[2]
    view.selectionModel().select(c.panel.models[2].index(0, 0),
                                 view.selectionModel().SelectionFlag.Select)
    assert view.copy() == "Weight or bias\nw14\n"


def test_deep_softmax_network_steps_to_the_end(qtbot):
    spec = edits.new_network((4, 8, 8, 8, 3), "tanh", "softmax", InitSpec(seed=2),
                             "cross_entropy")
    rng = np.random.default_rng(0)
    data = DataSpec(inputs=frozen_array(rng.normal(size=(20, 4))),
                    targets=frozen_array(np.eye(3)[rng.integers(0, 3, 20)]))
    w, c = _window(qtbot, replace(spec, data=data))
    c.set_active(True)
    c.panel.example.setValue(8)  # the eighth example, index 7
    assert c.session.example == 7
    seen = walk(c)
    assert len(seen) == len(c.session) + 1
    assert {h.split(".")[0] for h, _t in seen[1:]} == {"1", "2", "3", "4", "5", "6"}
    # the first output unit is unit 4 + 3 * 8 + 1 = 29 of the network
    assert any(t.startswith("o29 = f(z29) = e^z29 / Σ_k e^z_k") for _h, t in seen)
    c.apply()
    assert w.document.undo_stack.undoText() == "Apply step for example 8"
    w.document.undo_stack.setClean()


def test_wide_network_enters_quickly_and_goes_to_the_end(qtbot):
    spec = edits.new_network((784, 256, 128, 10), "relu", "softmax", InitSpec(seed=1),
                             "cross_entropy")
    w, c = _window(qtbot, spec)
    w.resize(1024, 700)
    w.show()
    start = time.perf_counter()
    c.set_active(True)
    QApplication.processEvents()
    assert time.perf_counter() - start < 2.0
    assert c.panel.use_typed.isChecked() and c.session is not None  # no data: typed zeros
    x = ", ".join(f"{v:.3f}" for v in np.linspace(0, 1, 784))
    c.panel.typed_input.setText(x)
    c.panel.typed_target.setText(", ".join(["0"] * 9 + ["1"]))
    c.panel.typed_input.editingFinished.emit()
    c.next()
    assert "more terms" in c.panel.plain_text and len(c.panel.plain_text) < 400
    start = time.perf_counter()
    c.to_end()
    QApplication.processEvents()
    assert time.perf_counter() - start < 2.0
    assert c.panel.models[2].rowCount() == 785 * 256 + 257 * 128 + 129 * 10
    assert c.panel.heading.text() == "6. New weights"
    ann = c.session.annotations(w.canvas.scene().neurons.keys(), w.canvas.scene().edges.keys())
    assert len(ann.edge_text) <= 40
