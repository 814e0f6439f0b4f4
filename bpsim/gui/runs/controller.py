"""RunsController: keeps every training run of the window and trains twins beside it.

It belongs to the :class:`~bpsim.gui.training.controller.TrainingController` (which calls
:meth:`RunsController.add` with every snapshot it applies and :meth:`RunsController.end_live`
when its plots start over) and owns the :class:`~bpsim.gui.runs.model.RunList`, the twins
(:class:`~bpsim.gui.runs.twin.TwinRun`, one training child each) and the overlay of the ticked
runs on the loss, accuracy and learning-rate plots. Twins follow the document's commands:
Train, Pause and Stop act on every run of the comparison, Reset starts them all over.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog

from bpsim.gui.runs.compare_dialog import CompareDialog
from bpsim.gui.runs.dock import RunsDock
from bpsim.gui.runs.model import RunList
from bpsim.gui.runs.record import MAX_RUNS, Run
from bpsim.gui.runs.saving import from_saved, to_saved
from bpsim.gui.runs.twin import TwinRun
from bpsim.gui.runs.variants import Changes, twin_spec, wants_pretraining
from bpsim.spec import NetworkSpec, SavedRun

MAX_TWINS = MAX_RUNS - 1  # twins training beside the document at most


class RunsController(QObject):
    """See the module docstring."""

    twinsChanged = Signal()  # noqa: N815 - a twin was added, removed or reported

    def __init__(self, training) -> None:
        super().__init__(training)
        self.training = training
        self.runs = RunList(self)
        self.live: Run | None = None
        self.twins: list[TwinRun] = []
        self.runs.changed.connect(self._overlay)
        window = training.window
        self.dock = RunsDock(self, window)
        self.dock.compare_button.clicked.connect(self.ask_twin)
        self.compare_action = QAction(self.tr("&Compare…"), window)
        self.compare_action.setToolTip(self.tr(
            "Train a twin of this network with other settings beside it, from the same "
            "initial weights and the same order of examples"))
        self.compare_action.triggered.connect(self.ask_twin)
        menu = getattr(window, "train_menu", None)
        if menu is not None:
            menu.addAction(self.compare_action)
        # placed (a tab beside the Inspector) once there is a run to show: tabified before
        # the window is shown, Qt left a second 'Inspector | Runs' tab bar drawn where it
        # first stood; added hidden to the right area, it took a column (canvas 381 px)
        self.dock.hide()
        self._placed = False
        self.dock.toggleViewAction().triggered.connect(self._toggled)
        window.view_menu.addAction(self.dock.toggleViewAction())

    def show_dock(self) -> None:
        """The Runs panel, a tab beside the Inspector, in front."""
        window = self.training.window
        inspector = getattr(window, "inspector_dock", None)
        if not self._placed:
            self._placed = True
            if inspector is not None and not inspector.isFloating():
                window.tabifyDockWidget(inspector, self.dock)
            else:
                window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.show()
        self.dock.raise_()

    @Slot(bool)
    def _toggled(self, checked: bool) -> None:
        if checked:  # View → Runs: beside the Inspector
            self.show_dock()

    @Slot()
    def ask_twin(self) -> None:
        """Compare…: a twin of the document with the settings the user changes."""
        dialog = CompareDialog(self.training.document.spec, self.training.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_twin(dialog.changes())

    def add_twin(self, changes: Changes) -> TwinRun | None:
        """A twin of the document with ``changes``; the comparison starts over with the
        document and its twins (already running twins keep running)."""
        spec = self.training.document.spec
        asked = [*(t.changes for t in self.twins), changes]
        # twins of Compare… start again from the document's weights now; lessons as they are
        variants = [(t.spec, t.run.pretrained) if c is None else twin_spec(spec, c)
                    for t, c in zip([*self.twins, None], asked)]
        self.training.compare(variants, asked)
        return self.twins[-1] if self.twins else None

    # -- the document's run ------------------------------------------------------------
    def add(self, snap, spec: NetworkSpec | None, pretrained: bool) -> None:
        """A snapshot of the document's training: its epochs go to the live run."""
        if spec is None:
            return
        if self.live is None and (len(snap.epoch_steps) or len(snap.losses)):
            self.live = self.runs.start(spec, pretrained)
            self._overlay()  # (start() redrew while the new run was not yet the live one)
            if len(self.runs.runs) > 1 and not self.dock.isVisible():
                self.show_dock()  # a second run: something to compare
        if self.live is not None and self.live.curves.add(snap):
            self.training.docks[0].dirty = True
            self.dock.schedule()
        if self.live is not None and snap.final and snap.diverged:
            self.live.note = self.tr("diverged at step {0}").format(snap.step)

    def end_live(self) -> None:
        """The document's plots start over: its run ends (kept if it has an epoch)."""
        live, self.live = self.live, None
        if live is not None:
            self.runs.finish(live)

    def forget(self) -> None:
        """Another document: every run and twin goes; the runs saved with it come back."""
        self.stop_twins()
        self.live = None
        self.runs.clear()
        document = self.training.document.spec
        for saved in document.runs:
            self.runs.add(from_saved(saved, document))
        if document.runs:
            self.show_dock()
        self.runs.comparison += 1  # the next runs are named against each other

    def saved(self) -> tuple[SavedRun, ...]:
        """The runs to save with the document (decimated; at most MAX_RUNS)."""
        return tuple(s for s in (to_saved(run) for run in self.runs.runs) if s is not None)

    # -- twins -------------------------------------------------------------------------
    def compare(self, variants: list[tuple[NetworkSpec, bool]],
                changes: list[Changes | None] | None = None) -> list[TwinRun]:
        """Start a comparison: the document's next run beside a twin per (spec, pre-trained)
        variant (``changes``: what each twin changes, None for a lesson of the gallery).
        Older runs stay, unticked; the twins load now and train with the document."""
        self.stop_twins()
        self.end_live()
        self.runs.new_comparison()
        document = self.training.document
        self.live = self.runs.start(document.spec, wants_pretraining(document.spec))
        self._overlay()
        self.show_dock()
        base_dir = document.data_dir()
        options = self.training.worker_options
        changes = changes or [None] * len(variants)
        for (spec, pretrained), change in zip(variants[:MAX_TWINS], changes):
            run = self.runs.start(spec, pretrained, twin=True)
            twin = TwinRun(run, spec, base_dir, self, **options)
            twin.changes = change
            twin.updated.connect(self._twin_updated)
            self.twins.append(twin)
        self.twinsChanged.emit()
        return self.twins

    def start_twins(self) -> None:
        for twin in self.twins:
            if not twin.running and twin.error is None:
                twin.start()

    def step_twins(self, command: object) -> None:
        """Step every idle twin as the document (StepBatch, StepEpoch)."""
        for twin in self.twins:
            if not twin.running and twin.error is None:
                twin.send(command)

    def pause_twins(self, reason: str = "paused") -> None:
        for twin in self.twins:
            twin.pause(reason)

    def reload_twins(self) -> None:
        """Reset: the document and every twin back to their starting points, as a new
        comparison (the runs so far stay, unticked)."""
        if not self.twins:
            return
        self.end_live()
        for twin in self.twins:
            self.runs.finish(twin.run)
        self.runs.new_comparison()
        document = self.training.document.spec
        self.live = self.runs.start(document, wants_pretraining(document))
        self._overlay()
        for twin in self.twins:
            twin.run = self.runs.start(twin.spec, twin.run.pretrained, twin=True)
            twin.load()
        self.twinsChanged.emit()

    def stop_twins(self) -> None:
        twins, self.twins = self.twins, []
        for twin in twins:
            twin.shutdown()
            self.runs.finish(twin.run)
        if twins:
            self.twinsChanged.emit()

    @property
    def twins_running(self) -> bool:
        return any(t.running for t in self.twins)

    @Slot()
    def _twin_updated(self) -> None:
        for dock in self._run_docks():
            dock.dirty = True
        self.training.timer.start()
        self.twinsChanged.emit()

    # -- the plots -----------------------------------------------------------------------
    def _run_docks(self) -> list:
        return [d for d in self.training.docks if hasattr(d, "set_runs")]

    @Slot()
    def _overlay(self) -> None:
        others = [r for r in self.runs.runs if r.shown and r is not self.live]
        for dock in self._run_docks():
            dock.set_runs(self.live, others)
