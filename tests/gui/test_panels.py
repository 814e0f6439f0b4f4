"""The dock panels: hyperparameters, data and inspector edit the document undoably and
re-read it on undo without pushing edits of their own."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QSlider

from bpsim import edits, fileformat
from bpsim.gallery import resolve
from bpsim.gui.document import Document
from bpsim.gui.panels.data import DataPanel
from bpsim.gui.panels.hyperparameters import HyperparametersPanel, schedule_curve
from bpsim.gui.panels.inspector import InspectorPanel
from bpsim.spec import DataSpec, ScheduleSpec


@pytest.fixture
def doc(qtbot):
    from bpsim.engine.build import initialized

    return Document(initialized(fileformat.load(resolve("textbook"))))


@pytest.fixture
def hyper(doc, qtbot):
    panel = HyperparametersPanel(doc)
    qtbot.addWidget(panel)
    return panel


@pytest.fixture
def inspector(doc, qtbot):
    panel = InspectorPanel(doc)
    qtbot.addWidget(panel)
    return panel


@pytest.fixture
def data(doc, qtbot):
    panel = DataPanel(doc)
    qtbot.addWidget(panel)
    return panel


def test_learning_rate_edit_undo_and_no_feedback(doc, hyper):
    hyper.rate.spin.setValue(0.5)
    assert doc.spec.training.learning_rate == 0.5
    assert doc.undo_stack.undoText() == "Change learning rate to 0.5"
    doc.undo_stack.undo()
    assert hyper.rate.value() == 0.9 and doc.undo_stack.count() == 1
    doc.undo_stack.redo()
    assert hyper.rate.value() == 0.5 and doc.undo_stack.index() == 1


def test_slider_drag_merges_into_one_step(doc, hyper):
    for pos in (100, 150, 200, 250):
        hyper.rate.slider.setValue(pos)
    assert doc.undo_stack.count() == 1
    assert doc.spec.training.learning_rate == pytest.approx(1e-4 * 10 ** 2.5, rel=1e-2)
    doc.undo_stack.undo()
    assert doc.spec.training.learning_rate == 0.9


def test_schedule_rows_and_preview(doc, hyper):
    hyper.show()
    hyper.schedule.setCurrentIndex(hyper.schedule.findData("step"))
    assert doc.spec.training.schedule.kind == "step"
    assert hyper.every.isVisible() and not hyper.decay.isVisible()
    hyper.every.setValue(3)
    assert doc.spec.training.schedule.every == 3
    eta = schedule_curve(ScheduleSpec("step", 0.5, 3), 1.0, 7)
    np.testing.assert_allclose(eta, [1, 1, 1, 0.5, 0.5, 0.5, 0.25])
    np.testing.assert_allclose(schedule_curve(ScheduleSpec("inverse_time", k=1.0), 2.0, 2),
                               [2.0, 1.0])


def test_invalid_loss_is_refused(doc, hyper):
    doc.edit(edits.set_activation(doc.spec, 2, "linear"), "linear output")
    count = doc.undo_stack.count()
    hyper.loss.setCurrentIndex(hyper.loss.findData("cross_entropy"))
    assert doc.spec.loss == "sse" and doc.undo_stack.count() == count
    assert "softmax or sigmoid" in hyper.loss_note.text()
    assert hyper.loss.currentData() == "sse"


def test_other_training_controls(doc, hyper):
    hyper.momentum.setValue(0.9)
    hyper.batch.setValue(4)
    hyper.order.setCurrentIndex(hyper.order.findData("shuffle"))
    hyper.epochs.setValue(50)
    hyper.decay_w.setValue(0.001)
    hyper.dropouts[0].setValue(0.25)
    hyper.dtype.setCurrentIndex(hyper.dtype.findData("float32"))
    t = doc.spec.training
    assert (t.momentum, t.batch_size, t.order, t.epochs, t.weight_decay, t.dtype) == (
        0.9, 4, "shuffle", 50, 0.001, "float32")
    assert doc.spec.layers[1].dropout == 0.25
    assert doc.undo_stack.undoText() == "Change precision to float32"
    assert "Full batch" in hyper.batch_note.text()  # the textbook has 1 example


def test_initialisation_controls_and_reinit(doc, hyper):
    hyper.init_kind.setCurrentIndex(hyper.init_kind.findData("xavier_normal"))
    assert "√(2/(N_in+N_out))" in hyper.init_formula.text()
    hyper.init_seed.setValue(5)
    assert doc.spec.init.seed == 5
    hyper.init_seed.setValue(-1)
    assert doc.spec.init.seed is None and hyper.init_seed.text() == "training seed"
    before = doc.spec
    hyper.reinit.click()
    assert doc.undo_stack.undoText() == "Re-initialise weights"
    assert not np.array_equal(doc.spec.layers[1].weights, before.layers[1].weights)


def test_every_control_explains_itself(hyper, data, inspector):
    for panel in (hyper, data, inspector):
        for kind in (QAbstractSpinBox, QComboBox, QSlider):
            for widget in panel.findChildren(kind):
                if widget.parent() is not None and widget.objectName() != "qt_spinbox_lineedit":
                    assert widget.toolTip(), (type(panel).__name__, widget)
    assert "η·δ_q·o_p" in hyper.rate.spin.toolTip()
    assert "α·Δw(t−1)" in hyper.momentum.toolTip()


def test_inspector_summary_neuron_and_edge(doc, inspector):
    assert "3-2-1" in inspector.summary.text()
    assert "output layer: 1 unit, sigmoid" in inspector.summary.text()  # not "1 units"
    inspector.set_selection(("neuron", 2, 0))
    assert inspector.stack.currentIndex() == 1 and inspector.table.rowCount() == 2
    assert inspector.table.item(1, 0).data(Qt.ItemDataRole.EditRole) == -0.2
    inspector.table.item(1, 0).setData(Qt.ItemDataRole.EditRole, 0.5)
    assert doc.spec.layers[2].weights[0, 1] == 0.5
    assert doc.undo_stack.undoText() == "Set weight w(5→6) to 0.5"
    inspector.bias.setValue(-0.125)
    assert doc.spec.layers[2].biases[0] == -0.125
    assert doc.undo_stack.undoText() == "Set bias of unit 6 to -0.125"
    inspector.set_selection(("edge", 1, 1, 2))
    assert inspector.weight.value() == 0.2 and inspector.weight.decimals() == 6
    inspector.weight.setValue(0.123456)
    assert doc.spec.layers[1].weights[1, 2] == 0.123456
    doc.undo_stack.undo()
    assert inspector.weight.value() == 0.2


def test_inspector_activation_and_input_unit(doc, inspector):
    inspector.set_selection(("neuron", 1, 0))
    inspector.activation.setCurrentIndex(inspector.activation.findData("relu"))
    assert doc.spec.layers[1].activation == "relu"
    inspector.activation.setCurrentIndex(inspector.activation.findData("softmax"))
    assert doc.spec.layers[1].activation == "relu" and "softmax" in inspector.neuron_note.text()
    inspector.set_outputs([np.array([1.0, 0.0, 1.0]), np.array([0.3, 0.5]), np.array([0.4])])
    inspector.set_selection(("neuron", 0, 2))
    assert inspector.table.isHidden() and "input o = 1" in inspector.values.text()
    doc.edit(edits.remove_unit(doc.spec, 0, 2), "Remove unit 3")
    assert inspector.selection is None and inspector.stack.currentIndex() == 0


def test_data_generator_and_parameters(doc, data):
    data.source.setCurrentIndex(data.source.findData("generated"))
    data.generator.setCurrentIndex(data.generator.findData("moons"))
    assert doc.spec.data.dataset == "moons"
    data.samples.setValue(60)
    assert doc.spec.data.param_dict()["samples"] == 60
    assert doc.undo_stack.undoText() == "Change samples of moons to 60"
    assert "moons: 60 examples, 2 inputs, 2 classes" in data.info.text()
    assert data.preview.currentWidget() is data.preview.plot
    assert "3 and 1" in data.error.text() and not data.fix_sizes.isHidden()
    data.fix_sizes.click()
    assert doc.spec.sizes == (2, 2, 1) and data.error.isHidden()


def test_data_inline_table_and_example(doc, data, qtbot):
    assert data.source.currentData() == "inline"
    assert data.preview.currentWidget() is data.preview.table
    data.generator.setCurrentIndex(data.generator.findData("xor"))
    data.source.setCurrentIndex(data.source.findData("generated"))
    assert doc.spec.data.dataset == "xor" and data.example.maximum() == 4
    with qtbot.waitSignal(data.exampleChanged) as blocker:
        data.example.setValue(3)
    assert blocker.args == [2]
    data.source.setCurrentIndex(data.source.findData("inline"))
    assert doc.spec.data.inputs is not None
    assert doc.undo_stack.undoText() == "Use the inline data"


def test_data_csv_and_errors(doc, data, tmp_path):
    csv = tmp_path / "points.csv"
    csv.write_text("a,b,c,label\n1,2,3,x\n2,3,4,y\n3,1,0,x\n", encoding="utf-8")
    data.ask_csv_path = lambda: str(csv)
    data._choose_csv()
    assert doc.spec.data.csv == str(csv) and doc.spec.data.target == "label"
    assert data.source.currentData() == "csv"
    assert [data.target.itemText(k) for k in range(data.target.count())] == ["a", "b", "c",
                                                                             "label"]
    assert data.error.isHidden()
    data.target.setCurrentText("a")
    data._set_target("a")
    assert doc.spec.data.target == "a"
    csv.write_text("a,label\n1,x\noops,y\n", encoding="utf-8")
    data.set_csv(str(csv), "label")
    assert "not a number" in data.error.text()


def test_data_gallery_source(doc, data):
    doc.edit(edits.set_io_sizes(doc.spec, 2, 1), "resize")
    doc.edit(doc.spec.__class__(layers=doc.spec.layers, data=DataSpec(dataset="xor")), "xor")
    data.source.setCurrentIndex(data.source.findData("gallery"))
    data.gallery.setCurrentIndex(data.gallery.findData(str(resolve("textbook"))))
    data._use_gallery()
    assert doc.spec.data.inputs is not None
    assert doc.undo_stack.undoText().startswith("Use the data of")


def test_plots_follow_a_palette_change(hyper, qtbot):
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    old = app.palette()
    dark = QPalette(old)
    dark.setColor(QPalette.ColorRole.Base, QColor("#101010"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    try:
        app.setPalette(dark)
        qtbot.waitUntil(lambda: hyper.curve.opts["pen"].color().name() == "#eeeeee")
        assert hyper.preview.backgroundBrush().color().name() == "#101010"
    finally:
        app.setPalette(old)


def test_inspector_is_as_wide_as_the_page_it_shows(doc, inspector):
    summary = inspector.minimumSizeHint().width()
    assert summary < 150  # the summary wraps in a narrow dock
    inspector.set_selection(("edge", 1, 1, 2))
    assert inspector.minimumSizeHint().width() > summary  # the weight editor needs its room
    inspector.set_selection(None)
    assert inspector.minimumSizeHint().width() == summary


def test_long_choice_names_do_not_widen_the_hyperparameters_column(doc, hyper):
    """'sse (sum of squares)' (and longer Chinese names) made the panel wider than its
    column at 1024x700: a horizontal scroll bar and cut spin boxes."""
    assert hyper.minimumSizeHint().width() <= 265
