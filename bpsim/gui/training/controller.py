"""TrainingController: the GUI-thread side of live training.

It owns the :class:`~bpsim.gui.training.worker.TrainingThread` (and through it the training
child process), sends commands, drains snapshots (dropping those of older generations), feeds
the plot docks and the canvas, redraws at most ~30 times a second, and keeps the document in
step: every pause, stop, finish or divergence becomes ONE undoable edit with the trained
weights; hyperparameter edits go to the running trainer; other edits reload the child, and
a structural edit during training keeps the training of every unit it kept (one more edit).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMainWindow

from bpsim.gui.plots.boundary import BoundaryDock
from bpsim.gui.plots.curves import GradientNormDock, LearningRateDock
from bpsim.gui.plots.filters import FiltersDock
from bpsim.gui.plots.loss import LossDock
from bpsim.gui.plots.weights import WeightsDock
from bpsim.gui.runs.controller import RunsController
from bpsim.gui.runs.variants import wants_pretraining
from bpsim.gui.training import specs
from bpsim.gui.training.display import REDRAW_MS, DisplayMixin
from bpsim.gui.training.divergence import DivergenceNotice, headline
from bpsim.gui.training.keeping import KeepMixin
from bpsim.gui.training.messages import (
    Failed,
    Load,
    Pause,
    Run,
    SetTraining,
    Snapshot,
    StepBatch,
    StepEpoch,
)
from bpsim.gui.training.pretrain_ctl import Pretraining
from bpsim.gui.training.status import StatusView
from bpsim.gui.training.ui import create_actions
from bpsim.gui.training.worker import ENDED, TrainingThread
from bpsim.spec import NetworkSpec

PRELOAD_MS = 250  # after the window shows: start the child, show the starting point


class TrainingController(KeepMixin, DisplayMixin, QObject):
    """Live training of ``window.document`` (see the module docstring)."""

    snapshotProcessed = Signal(object)  # noqa: N815 - GUI-side: a Snapshot was applied
    stateChanged = Signal(str)  # noqa: N815 - "running", "paused", "idle"
    trainingMessage = Signal(str)  # noqa: N815 - divergence or failure explained

    #: Keyword arguments of TrainingThread (the benchmark compares in-process training).
    worker_options: dict = {}  # noqa: RUF012

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.document = window.document
        self.thread: TrainingThread | None = None
        self.generation = 0
        self.running = False
        self.base: NetworkSpec | None = None  # the spec the child was loaded with
        self.start_spec: NetworkSpec | None = None  # weights training started from (Reset)
        self.latest: Snapshot | None = None
        self.with_weights: Snapshot | None = None  # the latest snapshot with weights
        self.with_maps: Snapshot | None = None  # ... with the boundary grid (unit pictures)
        self.refreshes = 0
        self._own: NetworkSpec | None = None
        self._weights_shown = True
        self._canvas_time = 0.0
        self._turn = 0  # which share of the redraw work the next tick does (display.py)
        self._first_dock = 0  # the dock the next plot redraw starts with
        self._fills_due: Snapshot | None = None  # the canvas update's second half
        self._want_messages = False
        self._fitted = False
        self._cannot_train = False  # a "Cannot train" message is in the status bar
        self.docks = [LossDock(window), WeightsDock(window), GradientNormDock(window),
                      LearningRateDock(window), FiltersDock(window), BoundaryDock(window)]
        for dock in self.docks[:-1]:
            window.add_plot_dock(dock)
        window.add_view_dock(self.docks[-1])  # the decision boundary, beside the canvas
        self.docks[0].raise_()
        window.resizeDocks([self.docks[0]], [340], Qt.Orientation.Vertical)
        self.actions = create_actions(window)
        self.status = StatusView(window)
        self.notice = DivergenceNotice(window, self.docks[0], self.reset)
        a = self.actions
        a.train.triggered.connect(self.toggle)
        a.step_batch.triggered.connect(self.step_batch)
        a.step_epoch.triggered.connect(self.step_epoch)
        a.reset.triggered.connect(self.reset)
        a.stop.triggered.connect(self.stop)
        self.timer = QTimer(self)
        self.timer.setInterval(REDRAW_MS)
        self.timer.timeout.connect(self._tick)
        self.document.specChanged.connect(self._on_spec_changed)
        self.runs = RunsController(self)
        self.pretraining = Pretraining(self)
        self.document.replaced.connect(self.runs.forget)
        self._pretrained = False  # the child pre-trained the loaded spec
        window.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._set_context(self.document.spec)
        self._init_keeping()
        self._update_actions()
        self._preload_timer = QTimer(self)
        self._preload_timer.setSingleShot(True)
        self._preload_timer.setInterval(PRELOAD_MS)
        self._preload_timer.timeout.connect(self._preload)
        if window.isVisible():
            self._preload_timer.start()

    # -- commands -------------------------------------------------------------------------
    @Slot()
    def start(self) -> None:
        """Train (Space, ``bpsim FILE --train``): until paused, or for the document's number
        of epochs when it says ``stop_after_epochs``."""
        if not self.running:
            self.notice.clear()
            self._command(Run())
            self.running = True
            self.runs.start_twins()
            self._changed_state()

    @Slot()
    def pause(self) -> None:
        if self.running and self.thread is not None:
            self.thread.send(Pause("paused"))
        self.runs.pause_twins()

    @Slot()
    def toggle(self) -> None:
        """Train / Pause (Space)."""
        self.pause() if self.running else self.start()

    @Slot()
    def stop(self) -> None:
        """Stop the run: the trained weights go into the document; Train starts a new run."""
        if self.thread is not None:
            self.thread.send(Pause("stopped"))
        self.runs.pause_twins("stopped")

    @Slot()
    def step_batch(self) -> None:
        if not self.running:
            self._command(StepBatch())
            self.runs.step_twins(StepBatch())

    @Slot()
    def step_epoch(self) -> None:
        if not self.running:
            self._command(StepEpoch())
            self.runs.step_twins(StepEpoch())

    @Slot()
    def reset(self) -> None:
        """Back to the weights training started from, as one undoable edit."""
        if self.start_spec is None:
            return
        if self.running:
            self._pause_sync("stopped")
        new = specs.reset_spec(self.document.spec, self.start_spec)
        if new is not None:
            self.document.edit(new, self.tr("Reset training"))  # -> reload, new generation
        self.runs.reload_twins()

    def compare(self, variants: list[tuple[NetworkSpec, bool]], changes=None) -> None:
        """Train the document beside these (spec, pre-trained first) variants, all from
        their starting points (a running document is stopped first; see RunsController)."""
        if self.running:
            self._pause_sync("stopped")
        self._clear()
        self.runs.compare(variants, changes)
        self._changed_state()

    @Slot()
    def shutdown(self) -> None:
        """Stop training (committing its weights) and end the thread and the child."""
        self.timer.stop()
        self.runs.stop_twins()
        thread, self.thread = self.thread, None
        if thread is None:
            return
        if self.running:
            self.thread = thread
            self._pause_sync("stopped")
            self.thread = None
        thread.shutdown(timeout=0.4)  # with the pause above: closed within a second
        self.running = False
        self._update_actions()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.window and event.type() == QEvent.Type.Close:
            self._close_requested()  # commits the run first, so "save changes?" includes it
        elif obj is self.window and event.type() == QEvent.Type.Show and self.thread is None:
            self._preload_timer.start()
        return False

    # -- the worker -------------------------------------------------------------------------
    @Slot()
    def _preload(self) -> None:
        """Start the child and load the document, so the plots show the starting point."""
        if not self._fitted:  # the plot docks took room from the canvas: fit the network again
            self._fitted = True
            self.window.canvas.fit()
        if self.thread is None and self.document.spec.data is not None and self.window.isVisible():
            self._ensure_thread()

    def _ensure_thread(self) -> TrainingThread:
        if self.thread is not None and self.thread.alive:
            return self.thread
        if self.thread is not None:
            self.thread.shutdown()
        self.thread = TrainingThread(**self.worker_options)
        self.thread.messagesAvailable.connect(self._on_messages)
        self.thread.start()
        self._load(self.document.spec)
        return self.thread

    def _load(self, spec: NetworkSpec) -> None:
        if self.latest is not None and self.latest.step > int((spec.state or {}).get("step", 0)):
            self._clear()  # the plots ran past where this child starts (its forerunner died)
        self.generation += 1
        self.base = spec
        self.running = False
        self._pretrained = wants_pretraining(spec)
        self.thread.send(Load(self.generation, spec, self.document.data_dir(spec),
                              pretrain=self._pretrained))

    def _command(self, command: object) -> None:
        self._want_messages = True
        thread = self._ensure_thread()
        if self.start_spec is None:
            self.start_spec = self.document.spec
        thread.send(command)
        self.timer.start()

    def _pause_sync(self, reason: str, timeout: float = 0.5) -> None:
        """Pause and wait (blocking, briefly) for the final snapshot, then apply it."""
        gen = self.generation
        if self.thread.send(Pause(reason)):
            self.thread.wait_for(lambda m: getattr(m, "generation", -1) == gen
                                 and getattr(m, "final", False), timeout)
        self._drain()
        self.running = False

    @Slot()
    def _on_messages(self) -> None:
        self._drain()

    def _drain(self) -> None:
        if self.thread is None:
            return
        messages = self.thread.take()
        if messages:
            self._heard()
        for message in messages:
            if isinstance(message, Failed) and message.generation == ENDED:
                self._child_ended(message)
                return
            if getattr(message, "generation", None) != self.generation:
                continue  # stale: from before a reset or reload
            if isinstance(message, Failed):
                self.running = False
                text = message.message
                if self.document.spec.data is None:
                    text = self.tr("the network has no data: choose a data set in the Data dock")
                self._explain(self.tr("Cannot train: {0}").format(text))
                self._cannot_train = True
                self._changed_state()
            elif isinstance(message, Snapshot):
                self._apply(message)
            else:
                self.pretraining.receive(message)

    def _apply(self, snap: Snapshot) -> None:
        self.latest = snap
        for dock in self.docks:
            dock.add(snap)
        self.runs.add(snap, self.base, self._pretrained)
        if snap.weights:
            self.with_weights, self._weights_shown = snap, False
        if snap.boundary is not None or snap.final or snap.reason == "loaded":
            self.with_maps, self._weights_shown = snap, False  # the canvas's unit pictures
        self.status.add(snap)
        if snap.final:
            self.running = False
            self._commit(snap)
            if snap.diverged:  # explained on the canvas and the loss plot, not in a box
                self.status.message(self.tr("Training paused: {0}").format(
                    headline(snap.divergence) if snap.divergence else snap.reason))
                self.trainingMessage.emit(snap.reason)
                self.notice.show_for(snap.divergence)
            self._changed_state()
            self._tick()
        elif snap.reason == "loaded":
            if self._cannot_train:  # the problem is gone: drop its message
                self._cannot_train = False
                self.window.statusBar().clearMessage()
            self._tick()
        self.snapshotProcessed.emit(snap)

    def _commit(self, snap: Snapshot) -> None:
        """The trained weights into the document: one undoable edit."""
        if snap.finished is None or snap.steps_in_run == 0 or self.base is None:
            return
        current = self.document.spec
        if current.layers is not self.base.layers or current.data is not self.base.data:
            return  # the document moved on (a reload is on its way)
        new = specs.trained_spec(current, snap.finished)
        self.base = self._own = new
        try:
            self.document.edit(new, specs.train_text(snap.epochs_in_run, snap.steps_in_run))
        finally:
            self._own = None

    # -- the document -------------------------------------------------------------------------
    @Slot(object)
    def _on_spec_changed(self, spec: NetworkSpec) -> None:
        if spec is self._own:
            return
        if self.thread is None or self.base is None:
            if self.start_spec is not None and specs.structure(spec) != specs.structure(
                    self.start_spec):
                self.start_spec = None
            self._set_context(spec)
            return
        changes = specs.live_changes(self.base, spec)
        if changes is not None:
            self.base = spec
            if changes:
                self.thread.send(SetTraining(tuple(changes.items())))
            return
        was_running, old = self.running, self.base
        same = specs.structure(spec) == specs.structure(old)
        if was_running:
            self._pause_sync("paused")  # its commit is skipped: the document moved on
            if self.latest is not None and self.latest.finished is not None:
                snap = self.latest
                QTimer.singleShot(0, self, lambda: self._carry_over(spec, old, snap, same))
        step = int((spec.state or {}).get("step", 0))
        self._load(spec)
        if not same:
            self.start_spec = None
            self._set_context(spec)
        elif self.latest is not None and step < self.latest.step:
            self._clear()
        if was_running:
            self.status.message(self.tr("Training paused: the network was changed."))
        self._changed_state()

    def _carry_over(self, spec: NetworkSpec, old: NetworkSpec, snap: Snapshot,
                    same: bool) -> None:
        """Keep the training an edit made during training left alone (every weight the edit
        did not change; for a structural edit, the units it kept): one more edit, made after
        the edit's own undo command is complete (never a push inside a push)."""
        if self.document.spec is not spec or snap.steps_in_run == 0:
            return
        text = specs.train_text(snap.epochs_in_run, snap.steps_in_run)
        if same:
            new = specs.merge_edit(spec, old, snap.finished)
            text = self.tr("{0}, kept around the edit").format(text)
        else:
            new = specs.carry_over(spec, old, snap.finished)
            text = self.tr("{0}, kept in the unchanged layers").format(text)
        if new is not None:
            self.document.edit(new, text)

    def _set_context(self, spec: NetworkSpec) -> None:
        prepared, _error = self.document.prepared()
        for dock in self.docks:
            dock.set_context(spec, prepared)
        self._clear()

    def _clear(self) -> None:
        self.runs.end_live()
        self.notice.clear()
        self.latest = self.with_weights = self.with_maps = None
        for dock in self.docks:
            dock.reset()
        self.status.clear()
