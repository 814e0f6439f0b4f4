"""Nothing a run has learnt is lost when its child dies, stops answering, or the window is
closed while it trains (issue 11.10-11.12).

A mixin of :class:`~bpsim.gui.training.controller.TrainingController`: it uses the
controller's thread, document, base spec, generation and its latest snapshot with weights
(``with_weights``, at most a fraction of a second old while training). When the child dies
(kill -9) or has not answered for ``STALL_SECONDS`` (SIGSTOP, a hung machine), those weights
go into the document as one undoable edit and the message says how far the run had got.
Closing the window pauses training and commits it, so "Save changes?" includes the run;
answering *Cancel* resumes training as if nothing had happened.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer, Slot

from bpsim.gui.training import specs
from bpsim.gui.training.messages import Failed, Snapshot

STALL_SECONDS = 5.0  # no message for this long while running: the child is not answering
WATCH_MS = 500


class KeepMixin:
    """See the module docstring."""

    def _init_keeping(self) -> None:
        self._last_heard = time.monotonic()
        self._stalled = False
        self._resume_after_close = False
        self._watchdog = QTimer(self)
        self._watchdog.setInterval(WATCH_MS)
        self._watchdog.timeout.connect(self._check_stall)
        self._watchdog.start()
        closed = getattr(self.window, "closeDecided", None)
        if closed is not None:
            closed.connect(self._close_decided)

    def _heard(self) -> None:
        """A message arrived from the child."""
        self._last_heard = time.monotonic()
        if self._stalled:
            self._stalled = False
            self.status.message(self.tr("The training process answers again."))

    @Slot()
    def _check_stall(self) -> None:
        if not self.running or self._stalled or self.thread is None:
            self._last_heard = max(self._last_heard, time.monotonic() - 0.001 * WATCH_MS)
            return
        quiet = time.monotonic() - self._last_heard
        if quiet < STALL_SECONDS:
            return
        self._stalled = True
        kept = self._keep_last_weights(self.tr("kept: the training process stopped answering"))
        self._explain(self.tr("The training process has not answered for {0:.0f} s (it may "
                              "have been stopped, or the computer is very busy). {1}")
                      .format(quiet, self._kept_text(kept)))

    def _keep_last_weights(self, why: str) -> Snapshot | None:
        """The weights last received into the document (one undoable edit) when they are
        further on than the document; returns the snapshot kept, or None."""
        snap = self.with_weights
        if snap is None or snap.generation != self.generation or self.base is None:
            return None
        current = self.document.spec
        if current.layers is not self.base.layers or current.data is not self.base.data:
            return None  # the document moved on
        state = current.state or {}
        done, epochs = int(state.get("step", 0)), int(state.get("epoch", 0))
        if snap.step <= done:
            return None
        trained = specs.snapshot_spec(self.base, snap.weights, snap.biases, snap.epoch,
                                      snap.step)
        new = specs.trained_spec(current, trained)
        self.base = self._own = new
        text = specs.train_text(max(0, snap.epoch - epochs), snap.step - done)
        try:
            self.document.edit(new, self.tr("{0}, {1}").format(text, why))
        finally:
            self._own = None
        return snap

    def _kept_text(self, kept: Snapshot | None) -> str:
        if kept is None:
            return self.tr("The network holds the weights of the last pause.")
        return self.tr("The weights it had reached at step {0} are kept in the network "
                       "(Edit > Undo takes them back).").format(kept.step)

    def _child_ended(self, message: Failed) -> None:
        """The child died: keep what it had sent, say how far the run had got."""
        latest = self.latest
        kept = self._keep_last_weights(self.tr("kept: the training process ended"))
        self.thread.shutdown()  # a new child starts with the next command
        self.thread = None
        self.running = False
        where = ""
        if latest is not None and latest.generation == self.generation and latest.step:
            where = self.tr(" at step {0} (epoch {1})").format(latest.step, latest.epoch)
        self._explain(self.tr("Training stopped: {0}{1}. {2}").format(
            message.message, where, self._kept_text(kept)))
        self._changed_state()

    def _close_requested(self) -> None:
        """The window is about to ask "Save changes?": put the run into the document first
        (a final snapshot, or the last weights received from a child that does not answer)."""
        self._preload_timer.stop()
        self._resume_after_close = self.running
        if not self.running or self.thread is None:
            return
        gen = self.generation
        self._pause_sync("paused")
        latest = self.latest
        if latest is None or latest.generation != gen or not latest.final:
            self._keep_last_weights(self.tr("kept when the window was closed"))

    @Slot(bool)
    def _close_decided(self, accepted: bool) -> None:
        resume, self._resume_after_close = self._resume_after_close, False
        if accepted:
            self.shutdown()
        elif resume:
            self.start()  # Cancel: nothing happened, training goes on
