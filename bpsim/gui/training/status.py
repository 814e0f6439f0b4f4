"""The training fields of the status bar: epoch, step, loss, accuracy, steps per second."""

from __future__ import annotations

import math
import time
from collections import deque

from PySide6.QtWidgets import QMainWindow

from bpsim.gui.i18n import tr
from bpsim.gui.training.messages import Snapshot
from bpsim.gui.training.ui import create_status

MESSAGE_MS = 20000
RATE_WINDOW = 2.0  # seconds the steps-per-second figure averages over


class StatusView:
    """Keeps the latest figures (cheap, per snapshot) and shows them (at redraw rate)."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.fields = create_status(window)
        self.clear()

    def clear(self) -> None:
        self.snap: Snapshot | None = None
        self.loss: float | None = None
        self.accuracy: float | None = None
        self.rate: float | None = None
        self._recent: deque[tuple[float, int]] = deque()  # (time, step) of the last seconds
        for label in self.fields.all():
            label.setText("")
        self._show_document_loss(True)

    def _show_document_loss(self, visible: bool) -> None:
        """The window's own loss label (of the document's weights) would repeat these fields
        with other numbers while a run is under way: hide it then."""
        label = getattr(self.window, "loss_label", None)
        if label is not None:
            label.setVisible(visible)

    def add(self, snap: Snapshot) -> None:
        now = time.perf_counter()
        if len(snap.epoch_rows):
            row = snap.epoch_rows[-1]
            self.loss = float(row[0])
            self.accuracy = None if math.isnan(row[2]) else float(row[2])
        elif len(snap.losses) and self.loss is None:
            self.loss = float(snap.losses.mean())
        if snap.running:
            self._recent.append((now, snap.step))
            while len(self._recent) > 2 and now - self._recent[1][0] >= RATE_WINDOW:
                self._recent.popleft()
            t0, s0 = self._recent[0]
            if now - t0 >= 0.25:  # snapshots can arrive in bursts: a rate over >= 1/4 s
                self.rate = (snap.step - s0) / (now - t0)
        else:
            self._recent.clear()
        self.snap = snap

    def show(self, running: bool) -> None:
        f, snap = self.fields, self.snap
        if snap is None:
            return
        self._show_document_loss(False)
        f.epoch.setText(tr("epoch {0}").format(snap.epoch))
        f.step.setText(tr("step {0:,}").format(snap.step))
        f.loss.setText("" if self.loss is None else tr("loss {0:.4g}").format(self.loss))
        f.accuracy.setText("" if self.accuracy is None else
                           tr("accuracy {0:.1%}").format(self.accuracy))
        if running and self.rate is not None:
            f.rate.setText(tr("{0:,.0f} steps/s").format(self.rate))
        else:
            f.rate.setText(self.next_text(snap) if snap.final or snap.step else "")
            self.rate = None if not running else self.rate

    def next_text(self, snap: Snapshot) -> str:
        """How the run ended and what Space (Train) does next: exactly what it will do."""
        if snap.reason == "completed":
            epochs = self.window.document.spec.training.epochs
            return tr("completed: Space trains {0:,} more epochs").format(max(1, epochs))
        if snap.reason == "stopped":
            return tr("stopped: Space starts a new run")
        if snap.diverged:
            return tr("diverged: Space trains on from here")
        return tr("paused: Space resumes")

    def message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, MESSAGE_MS)
