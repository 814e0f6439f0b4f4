"""TwinRun: a twin network training beside the document, in its own child process.

The twin has its own :class:`~bpsim.gui.training.worker.TrainingThread` (and so its own
training child), loaded with the twin's spec: the document's weights, state and seed with some
settings changed (*Compare…*), or another lesson of a gallery comparison. Its snapshots feed
its :class:`~bpsim.gui.runs.record.Run`'s curves only: a twin never edits the document.
Receivers are ``@Slot`` methods of this QObject, which lives in the GUI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from bpsim.gui.runs.record import Run
from bpsim.gui.training.messages import Failed, Load, Pause, Snapshot
from bpsim.gui.training.messages import Run as RunCommand
from bpsim.gui.training.worker import TrainingThread
from bpsim.spec import NetworkSpec


class TwinRun(QObject):
    """See the module docstring."""

    updated = Signal()  # new epochs, a final snapshot or a failure

    def __init__(self, run: Run, spec: NetworkSpec, base_dir: Path | None,
                 parent: QObject | None = None, **worker_options) -> None:
        super().__init__(parent)
        self.run = run
        self.spec = spec
        self.base_dir = base_dir
        self.running = False
        self.loaded: Snapshot | None = None  # the snapshot of the starting point
        self.latest: Snapshot | None = None
        self.error: str | None = None
        self.generation = 0
        self.changes = None  # what Compare… changed (None: a lesson of the gallery)
        self.thread = TrainingThread(**worker_options)
        self.thread.messagesAvailable.connect(self._on_messages)
        self.thread.start()
        self.load()

    def load(self) -> None:
        """(Again) from the twin's starting point; its curves start over."""
        self.generation += 1
        self.running, self.loaded, self.error = False, None, None
        self.thread.send(Load(self.generation, self.spec, self.base_dir,
                              pretrain=self.run.pretrained))

    def start(self) -> None:
        if self.thread.send(RunCommand()):
            self.running = True

    def pause(self, reason: str = "paused") -> None:
        self.thread.send(Pause(reason))

    def send(self, command: object) -> None:
        """Another command (one mini-batch, one epoch)."""
        self.thread.send(command)

    def shutdown(self) -> None:
        self.running = False
        self.thread.shutdown(timeout=0.4)

    @Slot()
    def _on_messages(self) -> None:
        changed = False
        for message in self.thread.take():
            if isinstance(message, Failed):
                self.error, self.running, changed = message.message, False, True
                self.run.note = self.tr("cannot train: {0}").format(message.message)
            elif isinstance(message, Snapshot) and message.generation == self.generation:
                self.latest = message
                if message.reason == "loaded" and not message.final:
                    self.loaded = message
                changed = self.run.curves.add(message) or changed
                if message.final:
                    self.running, changed = False, True
                    if message.diverged:
                        self.run.note = self.tr("diverged at step {0}").format(message.step)
        if changed:
            self.updated.emit()
