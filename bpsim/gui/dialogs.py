"""Small dialogs: a new network, a weight value, a new hidden layer (the gallery is in
``gallery_dialog``)."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bpsim import edits
from bpsim.engine.losses import check_output
from bpsim.gui.csv_page import CsvPage
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
    """A new network, on two pages: "Layer by layer" (sizes such as "2-8-8-1", activations,
    initialisation, loss, a built-in data set) and "From a CSV file" (:class:`CsvPage`:
    the network ``bpsim new --data`` makes)."""

    LAYERS, CSV = 0, 1

    def __init__(self, parent: QWidget | None = None, page: int = 0) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New network"))
        self.setMinimumWidth(460)
        outer = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layers = QWidget()
        self.tabs.addTab(layers, self.tr("Layer by layer"))
        self.csv = CsvPage()
        self.tabs.addTab(self.csv, self.tr("From a CSV file"))
        outer.addWidget(self.tabs)
        form = QFormLayout(layers)
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
        outer.addWidget(self.buttons)
        for signal in (self.sizes.textChanged, self.hidden.currentIndexChanged,
                       self.output.currentIndexChanged, self.loss.currentIndexChanged,
                       self.tabs.currentChanged, self.csv.changed):
            signal.connect(self._check)
        self.tabs.setCurrentIndex(page)
        self.result_spec: NetworkSpec | None = None
        self._job: BackgroundJob | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(50)
        self._poll.timeout.connect(self._job_done)
        self._check()

    def accept(self) -> None:
        """Close only with a network made: a CSV that cannot be used keeps the dialog open
        with the reason. A large CSV is read in a background thread while the window stays
        responsive (OK is disabled until it is read)."""
        if self._job is not None:
            return
        if self.tabs.currentIndex() == self.CSV and self.csv.is_large():
            try:
                self._job = BackgroundJob(self.csv.request())
            except ValueError as exc:
                self.csv.summary.setText("⚠ " + str(exc))
                return
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            self.csv.summary.setText(self.tr("Reading {0}…").format(
                Path(self.csv.path.text()).name))
            self._poll.start()
            return
        try:
            self.result_spec = self.spec()
        except (ValueError, OSError) as exc:
            self._failed(exc)
            return
        super().accept()

    def _job_done(self) -> None:
        job = self._job
        if job is None or not job.done.is_set():
            return
        self._poll.stop()
        self._job = None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        if job.error is not None:
            self._failed(job.error)
            return
        self.result_spec = job.result[0]
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        label = self.csv.summary if self.tabs.currentIndex() == self.CSV else self.message
        label.setText("⚠ " + str(exc))

    def spec(self) -> NetworkSpec:
        """The network described by the dialog (ValueError, DataError or OSError if it is
        invalid or its CSV file cannot be read)."""
        if self.tabs.currentIndex() == self.CSV:
            return self.csv.spec()
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
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if self.tabs.currentIndex() == self.CSV:
            reading = getattr(self, "_job", None) is not None
            ok_button.setEnabled(self.csv.problem() is None and not reading)
            return
        try:
            sizes = edits.parse_sizes(self.sizes.text())
            if self.hidden.currentData() == "softmax":
                raise ValueError("softmax is allowed on the output layer only")
            check_output(self.loss.currentData(), self.output.currentData(), sizes[-1])
        except ValueError as exc:
            self.message.setText("⚠ " + str(exc))
            ok = False
        else:
            n = edits.parameter_count(_sized(sizes))
            self.message.setText(self.tr("{0} layers, {1} parameters").format(len(sizes), n))
            ok = True
        ok_button.setEnabled(ok)


class BackgroundJob:
    """``work()`` in a daemon thread (Qt-free work only); ``done`` is set when it ended, with
    ``result`` or ``error`` (ValueError or OSError: a message for the user)."""

    def __init__(self, work) -> None:
        self.result = None
        self.error: BaseException | None = None
        self.done = threading.Event()
        threading.Thread(target=self._run, args=(work,), daemon=True,
                         name="bpsim-read-csv").start()

    def _run(self, work) -> None:
        try:
            self.result = work()
        except (ValueError, OSError) as exc:
            self.error = exc
        except Exception as exc:  # noqa: BLE001 - shown to the user, never lost
            text = QCoreApplication.translate("BackgroundJob", "cannot read the file ({0}: {1})")
            self.error = ValueError(text.format(type(exc).__name__, exc))
        finally:
            self.done.set()


def _sized(sizes: tuple[int, ...]) -> NetworkSpec:
    from bpsim.spec import LayerSpec

    return NetworkSpec(layers=tuple(LayerSpec(size=n) for n in sizes))


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
