"""Compare…: the settings in which a twin of the document differs (every field starts at the
document's value; the twin starts from the same weights and the same order of examples)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bpsim.gui.runs.variants import Changes, wants_pretraining
from bpsim.spec import NetworkSpec

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")
INITS = ("uniform", "xavier_normal", "xavier_uniform", "he_normal")
ORDERS = ("sequential", "shuffle", "error_emphasis")


def _combo(values: tuple[str, ...], names: dict[str, str], current: str) -> QComboBox:
    box = QComboBox()
    for value in values:
        box.addItem(names.get(value, value), value)
    index = box.findData(current)
    box.setCurrentIndex(max(index, 0))
    return box


class CompareDialog(QDialog):
    """See the module docstring; :meth:`changes` after ``exec()``."""

    def __init__(self, spec: NetworkSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Compare with a twin"))
        self.spec = spec
        t = spec.training
        hidden = [layer for layer in spec.layers[1:-1] if layer.kind == "dense"]
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "The twin starts from the same weights and sees the examples in the same order "
            "(same seed); change the settings it should differ in. Both train side by side "
            "when you press Train."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.learning_rate = self._spin(t.learning_rate, 0.0, 1e3, 5)
        form.addRow(self.tr("Learning rate η"), self.learning_rate)
        self.momentum = self._spin(t.momentum, 0.0, 0.999, 3)
        form.addRow(self.tr("Momentum α"), self.momentum)
        act = hidden[0].activation if hidden else "sigmoid"
        self.activation = _combo(ACTIVATIONS, self._activation_names(), act)
        self.activation.setEnabled(bool(hidden))
        form.addRow(self.tr("Hidden activation"), self.activation)
        self.init = _combo(INITS, self._init_names(), spec.init.kind)
        self.init.setToolTip(self.tr("Another kind draws new initial weights (same seed)"))
        form.addRow(self.tr("Initial weights"), self.init)
        self.batch_size = QSpinBox()
        self.batch_size.setRange(1, 1_000_000)
        self.batch_size.setValue(t.batch_size)
        form.addRow(self.tr("Batch size"), self.batch_size)
        self.order = _combo(ORDERS, self._order_names(), t.order)
        form.addRow(self.tr("Order of examples"), self.order)
        self.dropout = self._spin(hidden[0].dropout if hidden else 0.0, 0.0, 0.95, 2)
        self.dropout.setEnabled(bool(hidden))
        form.addRow(self.tr("Dropout (hidden layers)"), self.dropout)
        self.pretrain = QCheckBox(self.tr("Pre-train the hidden layers as autoencoders first"))
        self.pretrain.setChecked(wants_pretraining(spec))
        self.pretrain.setEnabled(bool(hidden) and not spec.state)
        if spec.state:
            self.pretrain.setToolTip(self.tr("Only an untrained network can be pre-trained "
                                             "(Reset training first)"))
        form.addRow(self.tr("Pre-training"), self.pretrain)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add twin"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _spin(value: float, lo: float, hi: float, decimals: int) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(lo, hi)
        box.setDecimals(decimals)
        box.setSingleStep(10 ** -(decimals - 1))
        box.setValue(value)
        return box

    def _activation_names(self) -> dict[str, str]:
        return {"sigmoid": self.tr("sigmoid"), "tanh": self.tr("tanh"), "relu": self.tr("ReLU"),
                "leaky_relu": self.tr("Leaky ReLU"), "linear": self.tr("linear")}

    def _init_names(self) -> dict[str, str]:
        return {"uniform": self.tr("uniform"), "xavier_normal": self.tr("Xavier (normal)"),
                "xavier_uniform": self.tr("Xavier (uniform)"), "he_normal": self.tr("He (normal)")}

    def _order_names(self) -> dict[str, str]:
        return {"sequential": self.tr("sequential"), "shuffle": self.tr("shuffled"),
                "error_emphasis": self.tr("error emphasis")}

    def changes(self) -> Changes:
        """What the twin changes (only the fields that differ from the document)."""
        t, spec = self.spec.training, self.spec
        hidden = [layer for layer in spec.layers[1:-1] if layer.kind == "dense"]

        def differs(value, current):
            return None if value == current else value

        return Changes(
            learning_rate=differs(self.learning_rate.value(), round(t.learning_rate, 5)),
            momentum=differs(self.momentum.value(), round(t.momentum, 3)),
            activation=differs(self.activation.currentData(),
                               hidden[0].activation if hidden else None),
            init=differs(self.init.currentData(), spec.init.kind),
            batch_size=differs(self.batch_size.value(), t.batch_size),
            order=differs(self.order.currentData(), t.order),
            dropout=differs(self.dropout.value(), round(hidden[0].dropout, 2) if hidden else None),
            pretrain=differs(self.pretrain.isChecked(), wants_pretraining(spec)),
        )
