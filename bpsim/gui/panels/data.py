"""The Data dock: where the examples come from (a generator, a gallery example's data, the
file's inline data or a CSV file), a preview, the current example and the size check."""

from __future__ import annotations

import inspect
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from bpsim.data.csvimport import csv_header
from bpsim.data.dataset import DataError
from bpsim.data.prepare import csv_path
from bpsim.gui.document import Document
from bpsim.gui.i18n import N_
from bpsim.gui.panels.base import Panel, combo, double_spin, int_spin, note_label, set_combo, vbox
from bpsim.gui.panels.data_preview import DataPreview
from bpsim.gui.panels.tips import TIPS, display_name
from bpsim.lang import tx_message
from bpsim.spec import DATASETS, PREPROCESS, DataSpec, NetworkSpec

SOURCES = ("generated", "gallery", "inline", "csv")
SOURCE_NAMES = {"generated": N_("DataPanel", "Generated data set"),
                "gallery": N_("DataPanel", "A gallery example's data"),
                "inline": N_("DataPanel", "Inline data of the file"),
                "csv": N_("DataPanel", "CSV file")}
GEN_PARAMS = ("samples", "noise", "seed")
_PARAM_NAMES = {"samples": N_("DataPanel", "samples"), "noise": N_("DataPanel", "noise"),
                "seed": N_("DataPanel", "seed")}


def generator_defaults(name: str) -> dict[str, object]:
    """The samples/noise/seed parameters generator ``name`` takes, with their defaults."""
    from bpsim.data import GENERATORS

    params = inspect.signature(GENERATORS[name]).parameters
    return {k: params[k].default for k in GEN_PARAMS if k in params}


class DataPanel(Panel):
    """Edits ``spec.data``; emits :attr:`exampleChanged` with the 0-based current example."""

    exampleChanged = Signal(int)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self._shown_data: object = object()
        self._inline: DataSpec | None = None
        layout = vbox(self)
        self.source = QComboBox()
        for key in SOURCES:
            self.source.addItem(self.tr(SOURCE_NAMES[key]), key)
        self.source.setToolTip(self.tr("Where the training examples come from"))
        self.source.currentIndexChanged.connect(self._source_chosen)
        layout.addWidget(self.source)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._generated_page())
        self.pages.addWidget(self._gallery_page())
        self.pages.addWidget(self._inline_page())
        self.pages.addWidget(self._csv_page())
        layout.addWidget(self.pages)
        self.pages.currentChanged.connect(self._fit_pages)
        form = QFormLayout()
        self.preprocess = combo(PREPROCESS, self.tr("Input transform fitted on the training "
                                                    "part: x' = (x − shift)/scale"),
                                self._set_preprocess)
        form.addRow(self.tr("Inputs"), self.preprocess)
        self.split = double_spin(0.0, 0.9, 2, TIPS["validation_split"], 0.05)
        self.split.valueChanged.connect(self._set_split)
        form.addRow(self.tr("Validation split"), self.split)
        self.example = int_spin(1, 1, TIPS["example"])
        self.example.valueChanged.connect(lambda v: self.exampleChanged.emit(v - 1))
        form.addRow(self.tr("Example #"), self.example)
        layout.addLayout(form)
        self.info = note_label()
        layout.addWidget(self.info)
        self.error = note_label()
        layout.addWidget(self.error)
        self.fix_sizes = QPushButton(self.tr("Fit input/output layers to the data"))
        self.fix_sizes.setToolTip(self.tr("Resize the input and output layers to the data, "
                                          "label them from it and choose the output and loss "
                                          "that suit it (keeps the overlapping weights; "
                                          "undoable)"))
        self.fix_sizes.clicked.connect(self.set_sizes_from_data)
        layout.addWidget(self.fix_sizes)
        self.preview = DataPreview()
        layout.addWidget(self.preview, 1)
        self.reload()
        self._fit_pages(self.pages.currentIndex())

    # -- pages ---------------------------------------------------------------------------
    def _generated_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.generator = combo(DATASETS, self.tr("A built-in data set"), self._use_generator)
        self.generator.setPlaceholderText(self.tr("choose a data set"))
        form.addRow(self.tr("Data set"), self.generator)
        self.samples = int_spin(2, 1_000_000, TIPS["samples"])
        self.noise = double_spin(0.0, 10.0, 3, TIPS["noise"], 0.05)
        self.data_seed = int_spin(0, 2**31 - 1, TIPS["data_seed"])
        for name, box in zip(GEN_PARAMS, (self.samples, self.noise, self.data_seed), strict=True):
            box.valueChanged.connect(lambda v, name=name: self._set_param(name, v))
        form.addRow(self.tr("Samples"), self.samples)
        form.addRow(self.tr("Noise"), self.noise)
        form.addRow(self.tr("Seed"), self.data_seed)
        self._gen_form = form
        return page

    def _gallery_page(self) -> QWidget:

        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        self.gallery = QComboBox()
        self.gallery.setToolTip(self.tr("A gallery example whose examples to use"))
        self._fill_gallery()
        row.addWidget(self.gallery, 1)
        use = QPushButton(self.tr("Use"))
        use.setToolTip(self.tr("Use the data of this gallery example (undoable)"))
        use.clicked.connect(self._use_gallery)
        row.addWidget(use)
        return page

    def _inline_page(self) -> QWidget:
        self.inline_note = note_label()
        return self.inline_note

    def _csv_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        choose = QPushButton(self.tr("Choose CSV file…"))
        choose.clicked.connect(self._choose_csv)
        self.csv_name = note_label()
        form.addRow(choose, self.csv_name)
        self.target = QComboBox()
        self.target.setToolTip(self.tr("The column the network learns to predict"))
        self.target.activated.connect(lambda _k: self._set_target(self.target.currentText()))
        form.addRow(self.tr("Target column"), self.target)
        return page

    def _fit_pages(self, current: int) -> None:
        """Let the stack take the height of the page shown, not of the tallest page."""
        for k in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if k == current else QSizePolicy.Policy.Ignored
            self.pages.widget(k).setSizePolicy(policy, policy)
        self.pages.adjustSize()

    # -- edits ---------------------------------------------------------------------------
    def _set_data(self, data: DataSpec | None, text: str, key: object = None) -> None:
        self.edit(replace(self.document.spec, data=data), text, key)

    def _source_chosen(self, _index: int) -> None:
        key = self.source.currentData()
        self.pages.setCurrentIndex(SOURCES.index(key))
        if self.updating:
            return
        if key == "generated":
            self._use_generator(self.generator.currentData())
        elif key == "inline" and self._inline is not None:
            self._set_data(self._inline, self.tr("Use the inline data"))

    def _use_generator(self, name: str | None) -> None:
        if self.updating or name is None:
            return
        params = tuple(sorted(generator_defaults(name).items()))
        self._set_data(DataSpec(dataset=name, params=params),
                       self.tr("Use data set {0}").format(display_name(name)))

    def _set_param(self, name: str, value: object) -> None:
        data = self.document.spec.data
        if self.updating or data is None or data.dataset is None:
            return
        params = dict(data.params)
        params[name] = value
        self._set_data(replace(data, params=tuple(sorted(params.items()))),
                       self.tr("Change {0} of {1} to {2}").format(
                           self.tr(_PARAM_NAMES.get(name, name)), display_name(data.dataset),
                           value),
                       ("data", name))

    def _fill_gallery(self) -> None:
        """The lessons' titles (and summaries as tips) in the current language."""
        from bpsim.gallery import list_examples

        current = self.gallery.currentIndex()
        self.gallery.blockSignals(True)
        self.gallery.clear()
        for example in list_examples():
            self.gallery.addItem(example.title, str(example.path))
            self.gallery.setItemData(self.gallery.count() - 1, example.summary,
                                     Qt.ItemDataRole.ToolTipRole)
        self.gallery.setCurrentIndex(current)
        self.gallery.blockSignals(False)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "gallery"):
            self._fill_gallery()

    def _use_gallery(self) -> None:
        from bpsim import fileformat

        path = Path(self.gallery.currentData())
        try:
            data = fileformat.load(path).data
        except (fileformat.FileFormatError, OSError) as exc:
            self.error.setText("⚠ " + tx_message(str(exc)))
            return
        if data is None:
            self.error.setText(self.tr("⚠ {0} has no data").format(path.name))
            return
        if data.csv is not None:  # the example's own data file, chosen here: read it there
            try:
                csv = csv_path(data.csv, path.parent).resolve()
            except DataError as exc:
                self.error.setText("⚠ " + tx_message(str(exc)))
                return
            data = replace(data, csv=str(csv))
            self.document.allow_data_file(csv)
        self._set_data(data, self.tr("Use the data of {0}").format(self.gallery.currentText()))

    def ask_csv_path(self) -> str | None:
        """Ask for a CSV file (tests replace this)."""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a CSV file"),
                                              str(self.document.base_dir),
                                              self.tr("CSV files (*.csv *.txt);;All files (*)"))
        return path or None

    def _choose_csv(self) -> None:
        path = self.ask_csv_path()
        if not path:
            return
        try:
            header = csv_header(Path(path))
        except DataError as exc:
            self.error.setText("⚠ " + tx_message(str(exc)))
            return
        if len(header) < 2:
            self.error.setText(self.tr("⚠ {0}: the header needs an input and a target "
                                       "column").format(Path(path).name))
            return
        self.set_csv(path, header[-1])

    def set_csv(self, path: str, target: str) -> None:
        """Use the CSV file ``path`` with the target column ``target`` (undoable); the user
        chose it, so it is read wherever it lies."""
        self.document.allow_data_file(path)
        linear = self.document.spec.layers[-1].activation == "linear"
        self._set_data(DataSpec(csv=str(path), target=target,
                                task="regression" if linear else None),
                       self.tr("Use {0}").format(Path(path).name))

    def _set_target(self, target: str) -> None:
        data = self.document.spec.data
        if data is not None and data.csv is not None and target != data.target:
            self._set_data(replace(data, target=target),
                           self.tr("Use target column {0}").format(target))

    def _set_preprocess(self, kind: str) -> None:
        data = self.document.spec.data
        if not self.updating and data is not None:
            self._set_data(replace(data, preprocess=kind, shift=None, scale=None),
                           self.tr("Change input transform to {0}").format(kind))

    def _set_split(self, value: float) -> None:
        self.edit(self.document.spec.with_training(validation_split=value),
                  self.tr("Change validation split to {0:g}").format(value),
                  ("training", "validation_split"))

    def set_sizes_from_data(self) -> None:
        """Fit the input and output layers to the data: sizes, labels, output and loss."""
        from bpsim.fromdata import fit_to_data

        try:
            spec = fit_to_data(self.document.spec, self.document.data_dir())
        except (ValueError, OSError) as exc:
            self.error.setText("⚠ " + tx_message(str(exc)))
            return
        self.edit(spec, self.tr("Fit the input and output layers to the data"))

    # -- view ----------------------------------------------------------------------------
    def refresh(self, spec: NetworkSpec) -> None:
        data = spec.data
        if data is not None and data.inputs is not None:
            self._inline = data
        if data is not self._shown_data:
            self._shown_data = data
            self._show_source(data)
        self.split.setValue(spec.training.validation_split)
        set_combo(self.preprocess, data.preprocess if data is not None else "none")
        self.preprocess.setEnabled(data is not None)
        self._show_dataset(spec)

    def _show_source(self, data: DataSpec | None) -> None:
        if data is None or data.dataset is not None:
            key = "generated"
        else:
            key = "csv" if data.csv is not None else "inline"
        set_combo(self.source, key)
        self.pages.setCurrentIndex(SOURCES.index(key))
        if data is None:  # no data set chosen: show none, so that choosing any one is an edit
            self.generator.setCurrentIndex(-1)
            for box in (self.samples, self.noise, self.data_seed):
                self._gen_form.setRowVisible(box, False)
        if data is not None and data.dataset is not None:
            set_combo(self.generator, data.dataset)
            params = {**generator_defaults(data.dataset), **data.param_dict()}
            for name, box in zip(GEN_PARAMS, (self.samples, self.noise, self.data_seed),
                                 strict=True):
                self._gen_form.setRowVisible(box, name in params)
                if name in params:
                    box.setValue(params[name])
        if data is not None and data.csv is not None:
            self.csv_name.setText(Path(data.csv).name)
            try:
                header = csv_header(csv_path(data.csv, self.document.data_dir()))
            except DataError:
                header = [data.target or ""]
            self.target.clear()
            self.target.addItems(header)
            self.target.setCurrentText(data.target or "")
        self.inline_note.setText(self.tr("The examples stored in the network file.")
                                 if self._inline is not None else
                                 self.tr("This file has no inline examples."))

    def _show_dataset(self, spec: NetworkSpec) -> None:
        dataset, error = self.document.dataset()
        if dataset is not self.preview.dataset:
            self.preview.set_dataset(dataset)
        size_problem = None
        if dataset is not None:
            from bpsim.data import DataError, check_sizes

            try:
                check_sizes(dataset, spec.sizes[0], spec.sizes[-1])
            except DataError as exc:
                size_problem = tx_message(str(exc))
        message = error or size_problem
        if spec.data is None:
            message = self.tr("This network has no data: choose a source above.")
        self.error.setText(("⚠ " + message) if message else "")
        self.error.setVisible(bool(message))
        self.fix_sizes.setVisible(size_problem is not None)
        self.info.setText(describe(dataset) if dataset is not None else "")
        n = dataset.n_examples if dataset is not None else 1
        self.example.setMaximum(max(1, n))
        self.example.setEnabled(dataset is not None)
        self.preview.set_current(self.example.value() - 1)


def describe(dataset: object) -> str:
    """"moons: 200 examples, 2 inputs, classes 0, 1"."""
    n_in = dataset.n_inputs
    n = dataset.n_examples
    translate = QCoreApplication.translate
    text = translate("DataPanel", "{0}: {1} examples, {2} inputs").format(dataset.name, n, n_in)
    if dataset.class_names is not None:
        names = ", ".join(dataset.class_names[:10])
        more = "…" if len(dataset.class_names) > 10 else ""
        return translate("DataPanel", "{0}, {1} classes ({2})").format(
            text, len(dataset.class_names), names + more)
    return translate("DataPanel", "{0}, {1} numeric targets").format(text, dataset.n_outputs)
