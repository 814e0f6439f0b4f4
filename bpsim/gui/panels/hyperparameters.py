"""The Hyperparameters dock: learning rate and schedule, updates, loss, regularisation,
initialisation. Every control edits the document through an undoable command."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QPushButton,
    QWidget,
)

from bpsim import edits
from bpsim.gui.document import Document
from bpsim.gui.i18n import N_
from bpsim.gui.panels.base import Panel, combo, double_spin, int_spin, note_label, set_combo, vbox
from bpsim.gui.panels.logspin import LogSpin
from bpsim.gui.panels.plots import themed_plot
from bpsim.gui.panels.tips import INIT_TIPS, LOSS_TIPS, ORDER_TIPS, TIPS, display_name
from bpsim.lang import tx_message
from bpsim.spec import DTYPES, INITIALIZERS, LOSSES, ORDERS, SCHEDULES, NetworkSpec, ScheduleSpec


def schedule_curve(schedule: ScheduleSpec, eta0: float, epochs: int) -> np.ndarray:
    """η over the epochs 0 .. epochs-1 (the formulas of :class:`ScheduleSpec`)."""
    t = np.arange(max(1, epochs), dtype=float)
    if schedule.kind == "step":
        return eta0 * schedule.factor ** (t // max(1, schedule.every))
    if schedule.kind == "exponential":
        return eta0 * schedule.factor**t
    if schedule.kind == "inverse_time":
        return eta0 / (1.0 + schedule.k * t)
    return np.full_like(t, eta0)


def _fmt(x: float) -> str:
    return f"{x:g}"


def compact_form(box: QGroupBox) -> QFormLayout:
    """A form with tight rows, so that the whole panel fits a 1400x900 window's side dock."""
    form = QFormLayout(box)
    form.setVerticalSpacing(3)
    form.setContentsMargins(6, 4, 6, 4)
    return form


DROPOUT_COLUMNS = 3  # per-layer dropout boxes side by side


_FIELD_NAMES = {  # what an undo text calls each training field
    "learning_rate": N_("HyperparametersPanel", "learning rate"),
    "momentum": N_("HyperparametersPanel", "momentum α"),
    "batch_size": N_("HyperparametersPanel", "batch size"),
    "order": N_("HyperparametersPanel", "presentation order"),
    "error_floor": N_("HyperparametersPanel", "error floor"),
    "stop_after_epochs": N_("HyperparametersPanel", "stop after epochs"),
    "epochs": N_("HyperparametersPanel", "epochs"),
    "validation_split": N_("HyperparametersPanel", "validation split"),
    "seed": N_("HyperparametersPanel", "training seed"),
    "dtype": N_("HyperparametersPanel", "precision"),
    "weight_decay": N_("HyperparametersPanel", "weight decay"),
}

class HyperparametersPanel(Panel):
    """Controls for :class:`~bpsim.spec.TrainingSpec`, the loss, dropout and InitSpec."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        layout = vbox(self)
        layout.addWidget(self._rate_group())
        layout.addWidget(self._update_group())
        layout.addWidget(self._loss_group())
        layout.addWidget(self._init_group())
        layout.addStretch(1)
        self.reload()

    # -- construction --------------------------------------------------------------------
    def _rate_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Learning rate"))
        form = compact_form(box)
        self.rate = LogSpin(1e-4, 100.0, 4, TIPS["learning_rate"])
        self.rate.valueChanged.connect(
            lambda v: self._train("learning_rate", v))
        form.addRow(self.tr("η"), self.rate)
        self.schedule = combo(SCHEDULES, TIPS["schedule"], lambda v: self._sched("kind", v))
        form.addRow(self.tr("Schedule"), self.schedule)
        self.factor = double_spin(0.01, 1.0, 3, TIPS["factor"], 0.05)
        self.factor.valueChanged.connect(lambda v: self._sched("factor", v))
        form.addRow(self.tr("Factor f"), self.factor)
        self.every = int_spin(1, 100000, TIPS["every"])
        self.every.valueChanged.connect(lambda v: self._sched("every", v))
        form.addRow(self.tr("Every k epochs"), self.every)
        self.decay = double_spin(0.0, 100.0, 4, TIPS["k"], 0.01)
        self.decay.valueChanged.connect(lambda v: self._sched("k", v))
        form.addRow(self.tr("Decay k"), self.decay)
        self.preview = themed_plot(84)  # shown for schedules that change η only
        self.preview.setToolTip(self.tr("η over the epochs of one run"))
        self.preview.setLabel("bottom", self.tr("epoch"))
        for name in ("left", "bottom"):
            self.preview.getAxis(name).enableAutoSIPrefix(False)
        self.curve = self.preview.plot()
        self.preview.follow_foreground(self.curve)
        form.addRow(self.preview)
        self._form_rate = form
        return box

    def _update_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Updates"))
        form = compact_form(box)
        self.momentum = double_spin(0.0, 0.999, 3, TIPS["momentum"], 0.05)
        self.momentum.valueChanged.connect(lambda v: self._train("momentum", v))
        form.addRow(self.tr("Momentum α"), self.momentum)
        self.batch = int_spin(1, 10_000_000, TIPS["batch_size"])
        self.batch.valueChanged.connect(lambda v: self._train("batch_size", v))
        form.addRow(self.tr("Batch size"), self.batch)
        self.batch_note = note_label()
        form.addRow(self.batch_note)
        self.order = combo(ORDERS, TIPS["order"],
                           lambda v: self._train("order", v), ORDER_TIPS)
        form.addRow(self.tr("Order"), self.order)
        self.floor = double_spin(0.0, 1.0, 2, TIPS["error_floor"], 0.05)
        self.floor.valueChanged.connect(lambda v: self._train("error_floor", v))
        form.addRow(self.tr("Error floor"), self.floor)
        self.stop_after = QCheckBox(self.tr("Stop after"))
        self.stop_after.setToolTip(TIPS["stop_after_epochs"])
        self.stop_after.toggled.connect(
            lambda on: self._train("stop_after_epochs", on))
        self.epochs = int_spin(1, 10_000_000, TIPS["epochs"])
        self.epochs.setSuffix(self.tr(" epochs"))
        self.epochs.valueChanged.connect(lambda v: self.epochs.setSuffix(
            self.tr(" epoch") if v == 1 else self.tr(" epochs")))
        self.epochs.valueChanged.connect(lambda v: self._train("epochs", v))
        form.addRow(self.stop_after, self.epochs)
        self.split = double_spin(0.0, 0.9, 2, TIPS["validation_split"], 0.05)
        self.split.valueChanged.connect(
            lambda v: self._train("validation_split", v))
        form.addRow(self.tr("Validation split"), self.split)
        self.seed = int_spin(0, 2**31 - 1, TIPS["seed"])
        self.seed.valueChanged.connect(lambda v: self._train("seed", v))
        form.addRow(self.tr("Training seed"), self.seed)
        self.dtype = combo(DTYPES, TIPS["dtype"], lambda v: self._train("dtype", v))
        form.addRow(self.tr("Precision"), self.dtype)
        self._form_updates = form
        return box

    def _loss_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Loss and regularisation"))
        form = compact_form(box)
        self.loss = combo(LOSSES, TIPS["loss"], self._set_loss, LOSS_TIPS)
        form.addRow(self.tr("Loss"), self.loss)
        self.loss_note = note_label()
        self.loss_note.hide()
        form.addRow(self.loss_note)
        self.decay_w = double_spin(0.0, 1.0, 6, TIPS["weight_decay"], 1e-4)
        self.decay_w.valueChanged.connect(lambda v: self._train("weight_decay", v))
        form.addRow(self.tr("Weight decay λ"), self.decay_w)
        self.dropout_grid = QGridLayout()
        self.dropout_grid.setHorizontalSpacing(4)
        self.dropout_grid.setVerticalSpacing(3)
        self.dropout_label = note_label()
        form.addRow(self.dropout_label, self.dropout_grid)
        self.dropouts: list = []
        return box

    def _init_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Initialisation"))
        form = compact_form(box)
        self.init_kind = combo(INITIALIZERS, TIPS["init"], lambda v: self._init("kind", v),
                               INIT_TIPS)
        form.addRow(self.tr("Kind"), self.init_kind)
        self.init_formula = note_label()
        form.addRow(self.init_formula)
        self.init_scale = double_spin(1e-4, 100.0, 4, TIPS["scale"], 0.1)
        self.init_scale.valueChanged.connect(lambda v: self._init("scale", v))
        form.addRow(self.tr("Scale"), self.init_scale)
        self.init_seed = int_spin(-1, 2**31 - 1, TIPS["init_seed"])
        self.init_seed.setSpecialValueText(self.tr("training seed"))
        self.init_seed.valueChanged.connect(lambda v: self._init("seed", None if v < 0 else v))
        form.addRow(self.tr("Seed"), self.init_seed)
        self.reinit = QPushButton(self.tr("Re-initialise weights"))
        self.reinit.setToolTip(TIPS["reinit"])
        self.reinit.clicked.connect(self._reinitialise)
        form.addRow(self.reinit)
        return box

    # -- edits ---------------------------------------------------------------------------
    def _train(self, field: str, value: object) -> None:
        spec = self.document.spec
        what = self.tr(_FIELD_NAMES[field])
        shown = _fmt(value) if isinstance(value, float) else display_name(str(value))
        self.edit(spec.with_training(**{field: value}),
                  self.tr("Change {0} to {1}").format(what, shown), merge_key=("training", field))

    def _sched(self, field: str, value: object) -> None:
        spec = self.document.spec
        schedule = replace(spec.training.schedule, **{field: value})
        shown = _fmt(value) if isinstance(value, float) else display_name(str(value))
        names = {"kind": self.tr("schedule"), "factor": self.tr("schedule factor"),
                 "every": self.tr("schedule step"), "k": self.tr("schedule decay")}
        self.edit(spec.with_training(schedule=schedule),
                  self.tr("Change {0} to {1}").format(names[field], shown),
                  merge_key=("schedule", field))

    def _init(self, field: str, value: object) -> None:
        spec = self.document.spec
        shown = self.tr("training seed") if value is None else (
            _fmt(value) if isinstance(value, float) else display_name(str(value)))
        names = {"kind": self.tr("kind"), "scale": self.tr("scale"), "seed": self.tr("seed")}
        self.edit(replace(spec, init=replace(spec.init, **{field: value})),
                  self.tr("Change initialisation {0} to {1}").format(names.get(field, field),
                                                                      shown),
                  merge_key=("init", field))

    def _set_loss(self, loss: str) -> None:
        if self.updating:
            return
        try:
            new = edits.set_loss(self.document.spec, loss)
        except ValueError as exc:
            self.loss_note.setText("⚠ " + tx_message(str(exc)))
            self.loss_note.show()
            self.updating = True
            set_combo(self.loss, self.document.spec.loss)
            self.updating = False
            return
        self.loss_note.hide()
        self.edit(new, self.tr("Change loss to {0}").format(display_name(loss)))

    def _set_dropout(self, l: int, p: float) -> None:
        spec = self.document.spec
        self.edit(spec.with_layer(l, dropout=p),
                  self.tr("Change dropout of hidden layer {0} to {1}").format(l, _fmt(p)),
                  merge_key=("dropout", l))

    def _reinitialise(self) -> None:
        self.edit(edits.reinitialise(self.document.spec), self.tr("Re-initialise weights"))

    # -- view ----------------------------------------------------------------------------
    def refresh(self, spec: NetworkSpec) -> None:
        t = spec.training
        self.rate.setValue(t.learning_rate)
        set_combo(self.schedule, t.schedule.kind)
        self.factor.setValue(t.schedule.factor)
        self.every.setValue(t.schedule.every)
        self.decay.setValue(t.schedule.k)
        kind = t.schedule.kind
        self._form_rate.setRowVisible(self.factor, kind in ("step", "exponential"))
        self._form_rate.setRowVisible(self.every, kind == "step")
        self._form_rate.setRowVisible(self.decay, kind == "inverse_time")
        self._form_rate.setRowVisible(self.preview, kind != "constant")  # a flat line: nothing
        eta = schedule_curve(t.schedule, t.learning_rate, min(max(t.epochs, 2), 100_000))
        self.curve.setData(np.arange(len(eta)), eta)
        self.preview.setXRange(0, len(eta) - 1, padding=0.02)
        self.preview.setYRange(0, float(eta.max()) * 1.1 or 1.0, padding=0)
        self.momentum.setValue(t.momentum)
        self.batch.setValue(t.batch_size)
        self.batch_note.setText(self._batch_meaning(t.batch_size))
        set_combo(self.order, t.order)
        self._form_updates.setRowVisible(self.floor, t.order == "error_emphasis")
        self.floor.setValue(t.error_floor)
        self.epochs.setValue(t.epochs)
        self.stop_after.setChecked(t.stop_after_epochs)
        self.split.setValue(t.validation_split)
        self.seed.setValue(t.seed)
        set_combo(self.dtype, t.dtype)
        set_combo(self.loss, spec.loss)
        self.decay_w.setValue(t.weight_decay)
        self._refresh_dropout(spec)
        set_combo(self.init_kind, spec.init.kind)
        self.init_formula.setText(INIT_TIPS.get(spec.init.kind, ""))
        self.init_scale.setValue(spec.init.scale)
        self.init_seed.setValue(-1 if spec.init.seed is None else spec.init.seed)

    def _batch_meaning(self, batch: int) -> str:
        prepared, _ = self.document.prepared()  # the training part (without validation)
        n = len(prepared.X_train) if prepared is not None else None
        if batch == 1:
            return self.tr("Online: the weights change after every example.")
        if n is not None and batch >= n:
            return self.tr("Full batch: one update per epoch with all {0} examples.").format(n)
        if n is None:
            return self.tr("Mini-batch: one update per {0} examples.").format(batch)
        updates = -(-n // batch)
        return self.tr("Mini-batch: {0} updates per epoch of {1} examples.").format(updates, n)

    def _refresh_dropout(self, spec: NetworkSpec) -> None:
        """One box per hidden layer, DROPOUT_COLUMNS to a row (a deep net stays compact)."""
        hidden = range(1, len(spec.layers) - 1)
        if len(self.dropouts) != len(hidden):
            for box in self.dropouts:
                self.dropout_grid.removeWidget(box)
                box.deleteLater()
            self.dropouts = []
            for k, l in enumerate(hidden):
                box = double_spin(0.0, 0.95, 2, TIPS["dropout"], 0.05)
                box.setToolTip(self.tr("Hidden layer {0}: {1}").format(l, TIPS["dropout"]))
                box.valueChanged.connect(lambda v, l=l: self._set_dropout(l, v))
                self.dropout_grid.addWidget(box, k // DROPOUT_COLUMNS, k % DROPOUT_COLUMNS)
                self.dropouts.append(box)
            self.dropout_label.setText(self.tr("Dropout, hidden layer 1") if len(hidden) == 1
                                       else self.tr("Dropout, hidden layers 1–{0}").format(
                                           len(hidden)))
            self.dropout_label.setVisible(bool(hidden))
        for box, l in zip(self.dropouts, hidden, strict=True):
            box.setValue(spec.layers[l].dropout)
            dense = spec.layers[l].kind == "dense"  # the file keeps dropout on dense layers
            box.setEnabled(dense)
            kind = display_name(spec.layers[l].kind)
            box.setToolTip(self.tr("Hidden layer {0}: {1}").format(l, TIPS["dropout"]) if dense
                           else self.tr("Hidden layer {0} is a {1} layer: dropout applies to "
                                        "dense layers only").format(l, kind))


