"""The New dialog's "From a CSV file" page: what ``bpsim new --data FILE.csv`` does, in the
window (the network is made by :func:`bpsim.fromdata.network_for_data`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from bpsim.gui.i18n import tr
from bpsim.gui.panels.base import note_label
from bpsim.gui.panels.tips import display_name
from bpsim.lang import tx_message
from bpsim.spec import ACTIVATIONS, NetworkSpec

PREVIEW_BYTES = 5 * 2**20  # smaller files are read as soon as they are chosen
AUTO = None


class CsvPage(QWidget):
    """A CSV file, its target column, the hidden layers; :meth:`spec` makes the network.

    ``changed`` tells the dialog to re-check :meth:`problem`.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._header: list[str] = []
        form = QFormLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setPlaceholderText(tr("a CSV file with a header row"))
        self.path.editingFinished.connect(self._read_header)
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow(tr("CSV file"), row)
        self.target = QComboBox()
        self.target.setToolTip(tr("The column the network learns to predict"))
        self.target.currentIndexChanged.connect(self._describe)
        form.addRow(tr("Target column"), self.target)
        self.task = QComboBox()
        for text, value in ((tr("decide from the column"), AUTO), (tr("classes"), "classes"),
                            (tr("numbers (regression)"), "regression")):
            self.task.addItem(text, value)
        self.task.setToolTip(tr("Text or at most 20 different whole numbers are classes, other "
                                "numbers a regression"))
        self.task.currentIndexChanged.connect(self._describe)
        form.addRow(tr("Target is"), self.task)
        self.hidden = QLineEdit("32")
        self.hidden.setToolTip(tr("Units per hidden layer, e.g. 16,8 (0 for none)"))
        self.hidden.textChanged.connect(self._describe)
        form.addRow(tr("Hidden layers"), self.hidden)
        self.activation = QComboBox()
        self.activation.addItem(tr("ReLU for classes, tanh for numbers"), AUTO)
        for name in ACTIVATIONS:
            if name != "softmax":
                self.activation.addItem(display_name(name), name)
        form.addRow(tr("Hidden activation"), self.activation)
        self.validation = QDoubleSpinBox()
        self.validation.setRange(0.0, 0.9)
        self.validation.setSingleStep(0.05)
        self.validation.setValue(0.2)
        self.validation.setToolTip(tr("Share of the examples held out to measure overfitting"))
        form.addRow(tr("Validation share"), self.validation)
        self.summary = note_label()
        form.addRow(self.summary)
        self._describe()

    # -- asking ------------------------------------------------------------------------------
    def ask_csv_path(self) -> str | None:
        """Ask for a CSV file (tests replace this)."""
        path, _ = QFileDialog.getOpenFileName(self, tr("Choose a CSV file"), str(Path.home()),
                                              tr("CSV files (*.csv *.txt);;All files (*)"))
        return path or None

    def _browse(self) -> None:
        path = self.ask_csv_path()
        if path:
            self.set_path(path)

    def set_path(self, path: str) -> None:
        self.path.setText(path)
        self._read_header()

    # -- reading -----------------------------------------------------------------------------
    def _read_header(self) -> None:
        from bpsim.data import DataError
        from bpsim.fromdata import csv_header

        self._header = []
        self.target.blockSignals(True)
        self.target.clear()
        text = self.path.text().strip()
        if text:
            try:
                self._header = csv_header(text)
            except DataError as exc:
                self.summary.setText("⚠ " + tx_message(str(exc)))
        self.target.addItems(self._header)
        self.target.setCurrentIndex(len(self._header) - 1)
        self.target.blockSignals(False)
        self._describe()

    def hidden_sizes(self) -> tuple[int, ...]:
        """(ValueError for a bad entry)."""
        from bpsim.fromdata import parse_hidden

        return parse_hidden(self.hidden.text())

    def problem(self) -> str | None:
        """Why OK cannot be pressed yet, or None."""
        if not self._header:
            return tr("Choose a CSV file with a header row.")
        if len(self._header) < 2:
            return tr("The file needs an input column and a target column.")
        try:
            self.hidden_sizes()
        except ValueError as exc:
            return tx_message(str(exc))
        return None

    def _describe(self) -> None:
        """What the network will be, read from the file when it is small."""
        problem = self.problem()
        if problem is not None:
            if self._header or not self.path.text().strip():
                self.summary.setText(problem)  # else the reading error stays shown
            self.changed.emit()
            return
        path = Path(self.path.text().strip())
        try:
            small = path.stat().st_size <= PREVIEW_BYTES
            self.summary.setText(self._preview() if small else tr(
                "{0} columns; the file is read when you press OK.").format(len(self._header)))
        except (OSError, ValueError) as exc:
            self.summary.setText("⚠ " + tx_message(str(exc)))
        self.changed.emit()

    def _preview(self) -> str:
        from bpsim.fromdata import network_summary

        spec, dataset, description = self._make()
        return tr("{0}; {1} examples → {2}").format(description, dataset.n_examples,
                                                    network_summary(spec))

    def _make(self):
        return self.request()()

    def request(self) -> Callable[[], tuple]:
        """The work of making the network, with the page's choices bound: Qt-free, so it may
        run in another thread (a large file); it returns (spec, dataset, description)."""
        return partial(make_network, self.path.text().strip(),
                       self.target.currentText() or None, self.task.currentData(),
                       self.hidden_sizes(), self.activation.currentData(),
                       round(self.validation.value(), 4))

    def is_large(self) -> bool:
        """Whether reading the file may take long enough to do it in the background."""
        try:
            return Path(self.path.text().strip()).stat().st_size > PREVIEW_BYTES
        except OSError:
            return False

    def spec(self) -> NetworkSpec:
        """The network for the chosen file (ValueError/DataError/OSError if it cannot be)."""
        return self._make()[0]


def make_network(path: str, target: str | None, task: str | None, hidden: tuple[int, ...],
                 activation: str | None, validation: float) -> tuple:
    """(spec, dataset, "classes: 3 (cultivar)") of ``bpsim new`` for these choices."""
    from bpsim.data import load_dataset
    from bpsim.data.task import describe_task
    from bpsim.fromdata import data_source, network_for_data

    data = data_source(path, target, task)
    dataset = load_dataset(data)
    spec = network_for_data(data, dataset, hidden=hidden, activation=activation,
                            validation=validation)
    return spec, dataset, describe_task(dataset, data.target or dataset.name)
