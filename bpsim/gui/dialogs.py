"""Small dialogs: a new network, the example gallery, a weight value, a new hidden layer."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bpsim import edits
from bpsim.gallery import Example, list_examples
from bpsim.gui.panels.base import combo, double_spin, int_spin, note_label, set_combo
from bpsim.gui.panels.tips import INIT_TIPS, LOSS_TIPS, TIPS
from bpsim.spec import ACTIVATIONS, DATASETS, INITIALIZERS, LOSSES, DataSpec, InitSpec, NetworkSpec


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class NewNetworkDialog(QDialog):
    """Layer sizes ("2-8-8-1"), activations, initialisation and loss of a new network."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New network"))
        self.setMinimumWidth(360)
        form = QFormLayout(self)
        self.sizes = QLineEdit("2-8-8-1")
        self.sizes.setToolTip(self.tr("Units per layer from input to output, e.g. 2-8-8-1"))
        form.addRow(self.tr("Layer sizes"), self.sizes)
        hidden = tuple(a for a in ACTIVATIONS if a != "softmax")
        self.hidden = combo(hidden, self.tr("o = f(z) of every hidden unit"))
        set_combo(self.hidden, "tanh")
        form.addRow(self.tr("Hidden activation"), self.hidden)
        self.output = combo(ACTIVATIONS, self.tr("o = f(z) of the output units"))
        form.addRow(self.tr("Output activation"), self.output)
        self.init = combo(INITIALIZERS, TIPS["init"], None, INIT_TIPS)
        form.addRow(self.tr("Initialisation"), self.init)
        self.scale = double_spin(1e-4, 100.0, 4, TIPS["scale"])
        self.scale.setValue(1.0)
        form.addRow(self.tr("Scale"), self.scale)
        self.seed = int_spin(0, 2**31 - 1, TIPS["init_seed"])
        form.addRow(self.tr("Seed"), self.seed)
        self.loss = combo(LOSSES, TIPS["loss"], None, LOSS_TIPS)
        form.addRow(self.tr("Loss"), self.loss)
        self.data = combo(DATASETS, self.tr("The examples to train on (the Data dock offers "
                                            "more: a gallery example's data, a CSV file)"))
        self.data.insertItem(0, self.tr("none (choose later in the Data dock)"), None)
        self.data.setCurrentIndex(0)
        form.addRow(self.tr("Data set"), self.data)
        self.message = note_label()
        form.addRow(self.message)
        self.buttons = _buttons(self)
        form.addRow(self.buttons)
        for signal in (self.sizes.textChanged, self.hidden.currentIndexChanged,
                       self.output.currentIndexChanged, self.loss.currentIndexChanged):
            signal.connect(self._check)
        self._check()

    def spec(self) -> NetworkSpec:
        """The network described by the dialog (ValueError if it is invalid)."""
        init = InitSpec(self.init.currentData(), self.scale.value(), self.seed.value())
        spec = edits.new_network(edits.parse_sizes(self.sizes.text()), self.hidden.currentData(),
                                 self.output.currentData(), init, self.loss.currentData())
        name = self.data.currentData()
        if name is None:
            return spec
        from bpsim.gui.panels.data import generator_defaults

        params = tuple(sorted(generator_defaults(name).items()))
        return replace(spec, data=DataSpec(dataset=name, params=params))

    def _check(self) -> None:
        try:
            sizes = edits.parse_sizes(self.sizes.text())
            edits.new_network((1, 1), self.hidden.currentData(), self.output.currentData(),
                              InitSpec(), self.loss.currentData())
        except ValueError as exc:
            self.message.setText("⚠ " + str(exc))
            ok = False
        else:
            n = edits.parameter_count(_sized(sizes))
            self.message.setText(self.tr("{0} layers, {1} parameters").format(len(sizes), n))
            ok = True
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


def _sized(sizes: tuple[int, ...]) -> NetworkSpec:
    from bpsim.spec import LayerSpec

    return NetworkSpec(layers=tuple(LayerSpec(size=n) for n in sizes))


class ExampleDialog(QDialog):
    """The gallery: every example with its description; :meth:`example` is the choice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Open example"))
        self.resize(640, 460)
        layout = QVBoxLayout(self)
        self.examples = list_examples()
        self.list = QListWidget()
        for example in self.examples:
            item = QListWidgetItem(f"{example.title}  ({example.name})")
            item.setToolTip(example.summary)
            self.list.addItem(item)
        layout.addWidget(self.list, 1)
        self.description = note_label()
        self.description.setMinimumHeight(80)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.description)
        layout.addWidget(_buttons(self))
        self.list.currentRowChanged.connect(self._show)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        if self.examples:
            self.list.setCurrentRow(0)
        else:
            self.description.setText(self.tr("No examples were found."))

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.examples):
            self.description.setText(self.examples[row].description)

    def example(self) -> Example | None:
        row = self.list.currentRow()
        return self.examples[row] if 0 <= row < len(self.examples) else None


class ValueDialog(QDialog):
    """Type one number (a weight) with 6 decimals."""

    def __init__(self, title: str, label: str, value: float,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.spin = QDoubleSpinBox()
        self.spin.setRange(-1e6, 1e6)
        self.spin.setDecimals(6)
        self.spin.setValue(value)
        self.spin.selectAll()
        form.addRow(QLabel(label), self.spin)
        form.addRow(_buttons(self))


class LayerDialog(QDialog):
    """Size and activation of a new hidden layer."""

    def __init__(self, size: int, activation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add hidden layer"))
        form = QFormLayout(self)
        self.size = QSpinBox()
        self.size.setRange(1, 100_000)
        self.size.setValue(size)
        form.addRow(self.tr("Units"), self.size)
        self.activation = combo(tuple(a for a in ACTIVATIONS if a != "softmax"),
                                self.tr("o = f(z) of the new units"))
        set_combo(self.activation, activation)
        form.addRow(self.tr("Activation"), self.activation)
        form.addRow(_buttons(self))
