"""The main window: editing through the document, files, prompts, drops, screenshot, layout."""

import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage
from PySide6.QtWidgets import QDockWidget, QMessageBox

from bpsim import fileformat
from bpsim.gallery import resolve
from bpsim.gui import app, settings
from bpsim.gui.main_window import MainWindow

Button = QMessageBox.StandardButton


@pytest.fixture
def window(qtbot):
    w = MainWindow(restore=False)
    qtbot.addWidget(w)
    w.errors = []
    w.show_error = lambda title, message: w.errors.append(message)
    w.ask_unsaved = lambda: Button.Discard
    w.load_file(resolve("textbook"))
    yield w
    w.document.undo_stack.setClean()


@pytest.fixture
def saved(window, tmp_path):
    """The textbook network saved as tmp_path/net.bpsim and open from there."""
    path = tmp_path / "net.bpsim"
    window.ask_save_path = lambda: str(path)
    assert window.save()
    return path


def undo_text(w):
    return w.actions["undo"].text().replace("&", "")


def test_textbook_forward_pass_fills_neurons(window):
    window.set_selection(("neuron", 2, 0))
    assert "o = f(z) = 0.473889" in window.inspector.values.text()
    assert "z = -0.10454" in window.inspector.values.text()
    assert window.loss_label.text().startswith("loss 0.1384")


def test_add_layer_after_selection_undo_redo(window):
    window.set_selection(("neuron", 1, 0))
    window.ask_layer = lambda size, activation: (4, "tanh")
    assert window.add_layer_after()
    assert window.document.spec.sizes == (3, 2, 4, 1)
    assert undo_text(window) == "Undo Add hidden layer of 4 units"
    window.actions["undo"].trigger()
    assert window.document.spec.sizes == (3, 2, 1)
    window.actions["redo"].trigger()
    assert window.document.spec.layers[2].activation == "tanh"


def test_add_layer_before_and_cancel(window):
    window.set_selection(("neuron", 1, 0))
    window.ask_layer = lambda size, activation: None
    assert not window.add_layer_before()
    window.ask_layer = lambda size, activation: (5, activation)
    assert window.add_layer_before()
    assert window.document.spec.sizes == (3, 5, 2, 1)


def test_remove_layer_and_unit(window):
    window.ask_layer = lambda size, activation: (4, "relu")
    window.set_selection(("neuron", 1, 0))
    window.add_layer_after()
    window.set_selection(("neuron", 2, 1))
    assert window.remove_layer()
    assert window.document.spec.sizes == (3, 2, 1)
    assert undo_text(window) == "Undo Remove hidden layer 2 (4 units)"
    window.set_selection(("neuron", 1, 1))
    window.actions["remove_unit"].trigger()
    assert window.document.spec.sizes == (3, 1, 1)
    assert undo_text(window) == "Undo Remove unit 5"
    assert window.document.spec.layers[1].labels == ("4",)
    window.document.undo_stack.undo()
    assert window.document.spec.layers[1].labels == ("4", "5")


def test_add_unit_keeps_weights(window):
    before = window.document.spec
    window.set_selection(("neuron", 1, 0))
    window.actions["add_unit"].trigger()
    spec = window.document.spec
    assert spec.sizes == (3, 3, 1)
    np.testing.assert_array_equal(spec.layers[1].weights[:2], before.layers[1].weights)
    assert undo_text(window) == "Undo Add unit to the hidden layer 1"
    window.document.undo_stack.undo()
    assert window.document.spec is before


def test_activation_change_and_refusal(window):
    window.set_selection(("neuron", 1, 0))
    assert window.set_layer_activation("tanh")
    assert window.document.spec.layers[1].activation == "tanh"
    assert undo_text(window) == "Undo Set activation of the hidden layer 1 to tanh"
    assert not window.set_layer_activation("softmax")
    assert "softmax" in window.errors[-1]


def test_weight_dialog_on_double_click(window):
    window.ask_weight = lambda name, value: 0.5
    window.canvas.weightEditRequested.emit(2, 0, 0)
    assert window.document.spec.layers[2].weights[0, 0] == 0.5
    assert undo_text(window) == "Undo Set weight w(4→6) to 0.5"
    window.ask_weight = lambda name, value: None
    assert not window.edit_weight(2, 0, 1)


def test_reinitialise_is_undoable(window):
    before = window.document.spec
    window.actions["reinit"].trigger()
    assert not np.array_equal(window.document.spec.layers[1].weights, before.layers[1].weights)
    assert undo_text(window) == "Undo Re-initialise weights"
    window.document.undo_stack.undo()
    assert window.document.spec is before


def test_sizes_from_data(window):
    window.set_selection(("neuron", 0, 0))
    window.actions["add_unit"].trigger()
    assert window.document.spec.sizes == (4, 2, 1)
    window.update_network_actions()
    assert window.actions["sizes"].isEnabled()
    window.actions["sizes"].trigger()
    assert window.document.spec.sizes == (3, 2, 1)


def test_undo_redo_shortcuts(window):
    undo = [s.toString() for s in window.actions["undo"].shortcuts()]
    redo = [s.toString() for s in window.actions["redo"].shortcuts()]
    assert "Ctrl+Z" in undo and {"Ctrl+Shift+Z", "Ctrl+Y"} <= set(redo)
    assert window.actions["fit"].shortcut().toString() == "F"
    assert window.actions["remove_unit"].shortcut().toString() == "Del"


def test_gallery_opens_untitled_and_title(window):
    doc = window.document
    assert doc.path is None and not doc.modified
    assert window.windowTitle() == "textbook (example)[*] — bpsim"
    assert not window.isWindowModified()
    window.hyperparameters.rate.spin.setValue(0.5)
    assert window.isWindowModified()
    asked = []
    window.ask_save_path = lambda: asked.append(1)
    assert not window.save()
    assert asked == [1]


def test_save_and_reopen_round_trip(window, saved, qtbot):
    assert window.windowTitle() == "net.bpsim[*] — bpsim" and not window.isWindowModified()
    assert window.document.path == saved
    window.set_selection(("neuron", 2, 0))
    window.inspector.bias.setValue(0.25)
    window.save()
    assert not window.document.modified
    assert settings.recent_files()[0] == saved.resolve()
    other = MainWindow(restore=False)
    qtbot.addWidget(other)
    assert other.load_file(saved)
    spec = other.document.spec
    assert spec.layers[2].biases[0] == 0.25
    np.testing.assert_array_equal(spec.layers[1].weights, [[0.2, 0.4, -0.5], [-0.3, 0.1, 0.2]])


def test_save_error_keeps_document_modified(window, tmp_path):
    window.hyperparameters.rate.spin.setValue(0.5)
    window.ask_save_path = lambda: str(tmp_path / "missing" / "net.bpsim")
    assert not window.save()
    assert window.errors and window.document.modified and window.document.path is None


@pytest.mark.parametrize("answer", [Button.Save, Button.Discard, Button.Cancel])
def test_unsaved_prompt_on_close(window, saved, answer):
    window.hyperparameters.rate.spin.setValue(0.5)
    window.ask_unsaved = lambda: answer
    window.show()
    assert window.close() == (answer != Button.Cancel)
    assert window.document.modified == (answer != Button.Save)
    if answer == Button.Save:
        assert fileformat.load(saved).training.learning_rate == 0.5


@pytest.mark.parametrize("answer", [Button.Save, Button.Discard, Button.Cancel])
def test_unsaved_prompt_on_new_and_open(window, saved, answer):
    new_spec = MainWindow.__init__.__globals__["default_spec"]()
    for command in ("new", "open"):
        window.hyperparameters.rate.spin.setValue(0.5 if command == "new" else 0.25)
        window.ask_unsaved = lambda: answer
        window.ask_new_network = lambda: new_spec
        window.ask_open_path = lambda: str(saved)
        before = window.document.spec
        ok = window.new_network() if command == "new" else window.open_dialog()
        assert ok == (answer != Button.Cancel)
        if answer == Button.Cancel:
            assert window.document.spec is before and window.document.modified
        else:
            assert not window.document.modified
        if command == "new" and ok:
            assert window.document.spec is new_spec and window.document.path is None
            window.load_file(saved)


def test_bad_file_shows_message_and_keeps_document(window, tmp_path):
    bad = tmp_path / "bad.bpsim"
    bad.write_text('{"format": "bpsim-network", "version": 1, "layers": [{"size": 2}, '
                   '{"size": 1, "weights": [[1, 2, 3]], "biases": [0]}]}', encoding="utf-8")
    before = window.document.spec
    assert not window.open_file(bad)
    assert window.document.spec is before
    assert "bad.bpsim" in window.errors[-1] and "weights" in window.errors[-1]


def test_drop_bpsim_file_opens_it(window, saved, qtbot):
    other = saved.with_name("other.bpsim")
    other.write_text(saved.read_text(encoding="utf-8"), encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.document.path == other
    assert window.windowTitle().startswith("other.bpsim")


def test_screenshot_writes_png(qapp, tmp_path, capsys):
    out = tmp_path / "shot.png"
    assert app.run("textbook", screenshot=str(out)) == 0
    assert QImage(str(out)).size().toTuple() == (1400, 900)
    assert app.run(str(tmp_path / "nope.bpsim"), screenshot=str(out)) == 1
    assert "nope.bpsim" in capsys.readouterr().err


def test_screenshot_after_training(qapp, tmp_path):
    """bpsim spirals --train --screenshot PNG --seconds N: the picture shows a trained net."""
    from bpsim.gui.training.worker import LIVE_THREADS

    for k in range(2):  # the canvas came out black in about half of the pictures
        out = tmp_path / f"trained{k}.png"
        assert app.run("spirals", screenshot=str(out), train=True, seconds=1.0) == 0
        image = QImage(str(out))
        assert image.size().toTuple() == (1400, 900)
        canvas = [image.pixelColor(x, y).lightness() for x in range(40, 600, 40)
                  for y in range(120, 460, 40)]
        assert sum(v < 10 for v in canvas) < len(canvas) // 2, k
    assert not any(t.isRunning() for t in LIVE_THREADS)


def test_excepthook_shows_message(window):
    hook = app._excepthook(window)
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        hook(type(exc), exc, exc.__traceback__)
    assert "boom" in window.errors[-1]


def test_usable_at_1024x700(window, qtbot):
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    assert window.size().toTuple() == (1024, 700)
    assert window.canvas.width() >= 450
    for dock in window.findChildren(QDockWidget):
        assert dock.objectName()
        if dock.visibleRegion().isEmpty():  # behind another tab
            continue
        hint = dock.widget().minimumSizeHint()
        bottom = window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
        assert hint.width() <= (1000 if bottom else 400), dock.objectName()
        assert hint.height() <= 300, dock.objectName()
        assert window.rect().contains(dock.geometry()), dock.objectName()


def test_window_state_persists(window, qtbot):
    window.resize(760, 580)  # within the offscreen screen, so restoreGeometry keeps it
    window.inspector_dock.hide()
    window.save_settings()
    again = MainWindow(restore=True)
    qtbot.addWidget(again)
    assert again.size().toTuple() == (760, 580)
    assert again.inspector_dock.isHidden() and not again.hyper_dock.isHidden()


def test_plot_dock_extension_point(window):
    docks = [QDockWidget(f"Plot {k}") for k in range(2)]
    for dock in docks:
        window.add_plot_dock(dock)
    assert all(d.objectName() for d in docks)
    assert window.dockWidgetArea(docks[1]) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert docks[1] in window.tabifiedDockWidgets(docks[0])
    assert window.train_menu.actions() and window.step_menu.actions()


def test_recent_menu(window, saved):
    window.fill_recent_menu()
    texts = [a.text() for a in window.recent_menu.actions()]
    assert "net.bpsim" in texts
    Path(saved).unlink()
    window._open_recent(saved.resolve())
    assert window.errors and saved.resolve() not in settings.recent_files()


def test_canvas_context_menu_selects_and_offers_edits(window):
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    window.show()
    shown = []
    window.show_menu = lambda menu, pos: shown.append(
        [act.text().replace("&", "") for act in menu.actions()])
    neuron = next(item for item in window.canvas.items()
                  if getattr(item, "layer", None) == 1 and getattr(item, "unit", None) == 1)
    pos = window.canvas.mapFromScene(neuron.sceneBoundingRect().center())
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos,
                              window.canvas.viewport().mapToGlobal(pos))
    QApplication.sendEvent(window.canvas.viewport(), event)
    assert window.selection == ("neuron", 1, 1)
    assert "Remove Selected Unit" in shown[-1] and "Fit Network in View" in shown[-1]
    assert window.actions["remove_unit"].isEnabled()


def test_gallery_copy_with_csv_data_survives_save_as(window, tmp_path, qtbot):
    assert window.load_file(resolve("presentation-shuffle"))
    assert window.document.dataset()[0] is not None
    target = tmp_path / "sub" / "mine.bpsim"
    target.parent.mkdir()
    window.ask_save_path = lambda: str(target)
    assert window.save()
    stored = fileformat.load(target).data.csv
    assert not Path(stored).is_absolute() and stored.endswith("moons-sorted.csv")
    other = MainWindow(restore=False)
    qtbot.addWidget(other)
    assert other.load_file(target)
    dataset, error = other.document.dataset()
    assert error is None and dataset.n_examples > 0


def test_network_menu_follows_selection(window):
    window.set_selection(None)
    assert not window.activation_menu.isEnabled()
    assert not window.actions["remove_unit"].isEnabled()
    window.set_selection(("neuron", 1, 0))
    assert window.activation_menu.isEnabled() and window.actions["remove_unit"].isEnabled()
    window.set_selection(("neuron", 0, 0))
    assert not window.activation_menu.isEnabled() and not window.actions["remove_layer"].isEnabled()


def test_delete_key_removes_a_unit_only_from_the_canvas(window, qtbot):
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    window.canvas.select_neuron(1, 0)
    window.set_selection(("neuron", 1, 0))
    window.inspector.table.setFocus()
    qtbot.keyClick(window.inspector.table, Qt.Key.Key_Delete)
    assert window.document.spec.sizes == (3, 2, 1)
    window.canvas.setFocus()
    qtbot.waitUntil(window.canvas.hasFocus)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert window.document.spec.sizes == (3, 1, 1)


def test_training_and_step_mode_exclude_each_other(window, qtbot):
    """Both draw on the canvas: stepping pauses training, training leaves the Step mode."""
    assert window.training is not None and window.step_controller is not None
    window.step_controller.set_active(True)
    window.training.start()
    qtbot.waitUntil(lambda: not window.step_controller.active, timeout=5000)
    window.step_controller.set_active(True)
    qtbot.waitUntil(lambda: not window.training.running, timeout=5000)
    window.training.shutdown()


def test_missing_x11_libraries_give_a_message_not_an_abort(monkeypatch, capsys):
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(app, "_loadable", lambda soname: "cursor" not in soname)
    assert app.missing_x11_packages() == ["libxcb-cursor0"]
    assert app.run("textbook") == 1
    err = capsys.readouterr().err
    assert "libxcb-cursor0" in err and "apt-get install" in err
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert app.missing_x11_packages() == []
