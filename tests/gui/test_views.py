"""The plot docks show the document's current state, legibly: layer names after another file,
palette changes, bounded ticks on extreme ranges, hints before training, smoothed losses."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from bpsim.gallery import resolve
from bpsim.gui.plots.axes import MAX_LABELS, BoundedAxis, linear_ticks, log_ticks
from bpsim.gui.plots.curves import GradientNormDock
from bpsim.gui.plots.loss import LossDock


@pytest.fixture
def window(qtbot):
    from bpsim.gui.main_window import MainWindow

    w = MainWindow(restore=False)
    qtbot.addWidget(w)
    w.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.training.shutdown()
    w.document.undo_stack.setClean()


def axis_labels(axis: BoundedAxis) -> list[str]:
    """The tick labels the axis draws now."""
    image = QImage(400, 400, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [] if specs is None else [text for _rect, _flags, text in specs[2]]


def test_layer_chooser_follows_another_file_with_as_many_layers(window, qtbot):
    """It kept "1: hidden 1 (4×2)" for digits' 64-32-10 (same number of layers)."""
    weights = window.training.docks[1]
    assert weights.layer_box.count() == len(window.document.spec.layers) - 1
    window.load_file(resolve("digits"))
    texts = [weights.layer_box.itemText(k) for k in range(weights.layer_box.count())]
    assert texts == ["1: hidden 1 (32×64)", "2: output (10×32)"]


def test_plot_docks_follow_a_palette_change(window, qtbot):
    """They stayed white when the palette turned dark."""
    app = QApplication.instance()
    old = app.palette()
    dark = QPalette(old)
    dark.setColor(QPalette.ColorRole.Base, QColor("#101010"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    try:
        app.setPalette(dark)
        for dock in window.training.docks:
            qtbot.waitUntil(lambda d=dock: d.graphics.backgroundBrush().color().name()
                            == "#101010")
            plot = getattr(dock, "plot", None) or getattr(dock, "hist_plot", None)
            if plot is None:  # the Filters dock paints with the widget's palette: no axes
                assert dock.objectName() == "FiltersDock"
                continue
            assert plot.getAxis("left").textPen().color().name() == "#eeeeee"
    finally:
        app.setPalette(old)
    loss = window.training.docks[0]
    qtbot.waitUntil(lambda: loss.graphics.backgroundBrush().color() == old.color(
        QPalette.ColorRole.Base))


def test_at_most_ten_labels_whatever_the_range():
    assert len(log_ticks(-5.0, 300.0)) <= MAX_LABELS
    assert len(log_ticks(-1.0, 0.2)) >= 2
    assert len(linear_ticks(0.0, 1e6)[1]) <= MAX_LABELS
    assert len(linear_ticks(-3.2e299, 7e300)[1]) <= MAX_LABELS
    assert linear_ticks(0.0, 1.0)[1] == pytest.approx([0.0, 0.2, 0.4, 0.6, 0.8, 1.0])


def test_a_low_log_axis_labels_its_range_not_its_bottom():
    """0.004 to 0.15 in a loss plot 40 px high (two runs side by side at 1024x700): the
    three lowest of 0.005, 0.01, 0.02, 0.05, 0.1 were labelled, crowded at the bottom."""
    values = [10 ** v for v in log_ticks(math.log10(0.004), math.log10(0.15), 2)]
    assert values == pytest.approx([0.005, 0.05])
    axis = BoundedAxis("left")
    assert axis._most(40) == 2


def snap(steps, losses, epoch_rows=None, grads=None):
    steps = np.asarray(steps)
    rows = np.zeros((0, 5)) if epoch_rows is None else np.asarray(epoch_rows)
    return SimpleNamespace(
        step=int(steps[-1]), learning_rate=0.5, running=True, loss_steps=steps,
        losses=np.asarray(losses, float), epoch_steps=steps[: len(rows)], epoch_rows=rows,
        grad_steps=steps if grads is not None else None, grad_history=grads)


def test_a_diverging_run_keeps_every_axis_legible(qtbot):
    """Losses from 1e-5 to 1e300 once stacked ~90 labels on the log axes."""
    loss, grads = LossDock(), GradientNormDock()
    for d in (loss, grads):
        qtbot.addWidget(d)
        d.resize(700, 300)
        d.show()
        qtbot.waitExposed(d)
    grads.set_context(SimpleNamespace(layers=[None] * 3), None)
    steps = np.arange(1, 601)
    values = 10.0 ** np.linspace(-5, 300, 600)
    rows = np.column_stack([values[:6], values[:6], np.full(6, np.nan), np.full(6, np.nan),
                            np.full(6, 0.5)])
    loss.add(snap(steps, values, rows))
    grads.add(snap(steps, values, grads=np.column_stack([values, values / 10])))
    for d in (loss, grads):
        d.redraw()
        d.graphics.grab()
        for name in ("left", "bottom"):
            labels = axis_labels(d.plot.getAxis(name))
            assert 2 <= len(labels) <= MAX_LABELS, (d.objectName(), name, labels)
            assert all(len(text) <= 8 for text in labels), labels


def test_loss_is_smoothed_by_default_and_raw_on_request(qtbot):
    d = LossDock()
    qtbot.addWidget(d)
    d.resize(700, 300)
    d.show()
    rng = np.random.default_rng(0)
    steps = np.arange(1, 2001)
    raw = rng.random(2000) ** 8  # online losses: spread over decades
    d.add(snap(steps, raw))
    d.redraw()
    _x, y = d.smooth_curve.getData()  # log10 of the losses (the loss axis is logarithmic)
    assert y is not None and np.ptp(y[len(y) // 2:]) < 1.0  # a readable curve
    assert d.raw_curve.getData()[1] is None or len(d.raw_curve.getData()[1]) == 0
    d.raw_box.setChecked(True)
    _x, y_raw = d.raw_curve.getData()
    assert np.ptp(y_raw) > 5.0  # the raw losses: a wall over five decades


def test_hints_instead_of_empty_axes_and_a_fixed_accuracy_axis(window, qtbot):
    loss = window.training.docks[0]
    window.load_file(resolve("digits"))
    qtbot.waitUntil(lambda: loss.isVisible())
    loss.dirty = True
    loss.refresh()
    assert loss.hint.isVisible() and not loss.graphics.isVisible()
    assert "Space" in loss.hint.text()
    window.training.step_epoch()
    qtbot.waitUntil(lambda: window.training.latest is not None
                    and window.training.latest.epoch >= 1, timeout=8000)
    qtbot.waitUntil(lambda: loss.graphics.isVisible() and not loss.hint.isVisible())
    acc = loss.acc_plot
    assert acc.viewRange()[1] == pytest.approx([-0.04, 1.04], abs=1e-6)
    assert axis_labels(acc.getAxis("left")) == ["0", "0.5", "1"]


def test_the_decision_boundary_is_a_first_class_view(window, qtbot):
    """Beside the canvas, square, fitted to the data (it was a 160 px square in a -9..9 plot),
    with a 0-1 colour bar, training and validation points marked differently and the losses
    written above it."""
    from PySide6.QtCore import Qt

    from bpsim.gui.training.statistics import plane_extent

    window.load_file(resolve("presentation-minibatch"))  # 2 inputs, a validation quarter
    c = window.training
    boundary = c.docks[-1]
    assert window.dockWidgetArea(boundary) == Qt.DockWidgetArea.RightDockWidgetArea
    qtbot.waitUntil(lambda: c.latest is not None and boundary._outputs is not None,
                    timeout=8000)
    qtbot.waitUntil(lambda: "train loss" in boundary.losses.text(), timeout=8000)
    assert "validation loss" in boundary.losses.text()
    boundary.dirty = True
    boundary.refresh()
    X = np.asarray(window.document.prepared()[0].dataset.X)
    x0, x1, y0, y1 = plane_extent(X)
    assert x0 < X[:, 0].min() and X[:, 0].max() < x1 and y0 < X[:, 1].min() < X[:, 1].max() < y1
    assert (x1 - x0) < 1.3 * np.ptp(X, axis=0).max()  # fitted: the data fill the plane
    (vx0, vx1), (vy0, vy1) = boundary.plot.viewRange()
    assert (vx0, vx1, vy0, vy1) == pytest.approx((x0, x1, y0, y1), rel=1e-6, abs=1e-9)
    view = boundary.plot.vb.size()
    assert view.width() >= 200 and abs(view.width() - view.height()) <= 3  # square, readable
    assert boundary.bar.isVisible() and boundary.bar.viewRange()[1] == pytest.approx([0, 1])
    assert axis_labels(boundary.bar.getAxis("right")) == ["0", "0.5", "1"]
    train, val = boundary.train_points, boundary.val_points
    assert len(train.data) and len(val.data)
    assert train.opts["symbol"] != val.opts["symbol"]
    assert "training" in boundary.key.text() and "validation" in boundary.key.text()


@pytest.mark.parametrize("name", ["spirals", "vanishing-gradients-sigmoid", "digits"])
def test_side_docks_fit_at_1400x900(window, qtbot, name):
    """The hyperparameter panel needed 891 px and got ~320 (half of it the learning-rate
    preview). Now the side docks have the window's height and fit without scrolling; the
    boundary steps aside for networks it cannot draw."""
    window.load_file(resolve(name))
    qtbot.wait(50)
    boundary = window.training.docks[-1]
    assert boundary.isHidden() == (name == "digits")
    for dock in (window.hyper_dock, window.data_dock, window.inspector_dock):
        dock.raise_()
        qtbot.wait(20)
        area = dock.widget()
        need, have = area.widget().sizeHint().height(), area.viewport().height()
        assert need <= have, (dock.objectName(), need, have)
    window.hyper_dock.raise_()
    preview = window.hyperparameters.preview
    assert preview.isVisible() == (window.document.spec.training.schedule.kind != "constant")


def test_views_follow_undo_and_redo_of_training(window, qtbot):
    """After train / pause / undo / redo, the boundary, the weight histogram and the loss
    show the document's weights, not the last run's."""
    from bpsim.gui.plots.boundary import colorize
    from bpsim.runner import setup

    window.load_file(resolve("xor"))
    c = window.training
    boundary, weights, loss = c.docks[-1], c.docks[1], c.docks[0]
    qtbot.waitUntil(lambda: c.latest is not None and c.latest.reason == "loaded", timeout=8000)
    start = boundary._outputs.copy()
    c.start()
    qtbot.waitUntil(lambda: c.latest.step > 300, timeout=8000)
    c.pause()
    qtbot.waitUntil(lambda: not c.running, timeout=8000)
    trained = boundary._outputs.copy()
    assert not np.allclose(trained, start) and len(loss.raw) > 0

    def shown_matches_document() -> bool:
        grid = setup(window.document.spec, window.document.base_dir)
        from bpsim.gui.training.statistics import BoundaryGrid

        g = BoundaryGrid.for_session(grid, 60)
        out, _extent, *_ = g.evaluate(grid.net)
        return boundary._outputs is not None and np.allclose(boundary._outputs, out, atol=1e-5)

    window.document.undo_stack.undo()  # back to the untrained weights
    qtbot.waitUntil(lambda: c.latest is not None and c.latest.reason == "loaded", timeout=8000)
    qtbot.waitUntil(shown_matches_document, timeout=8000)
    assert np.allclose(boundary._outputs, start, atol=1e-5)
    assert len(loss.raw) == 0  # the run's history belongs to the undone weights
    counts = weights._latest[1][0]
    assert counts.sum() == window.document.spec.layers[1].weights.size
    window.document.undo_stack.redo()
    qtbot.waitUntil(shown_matches_document, timeout=8000)
    assert np.allclose(boundary._outputs, trained, atol=1e-5)
    assert colorize(boundary._outputs).shape[:2] == boundary._outputs.shape[:2]
