"""The training child process: a Trainer driven by commands, reporting snapshots (Qt-free).

Started by :func:`bpsim.gui.training.worker.start_child` (isolated, bpsim from an explicit
path); commands arrive on stdin and messages leave on stdout (see :mod:`.channel`). It imports
only NumPy, :mod:`bpsim.engine`, :mod:`bpsim.runner` and the data code: never Qt. Training
runs in slices of ~5 ms; between slices the loop drains the commands waiting in the pipe and,
every ``SNAPSHOT_INTERVAL``, sends a :class:`~bpsim.gui.training.messages.Snapshot`. When the
GUI closes the pipe the process ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from dataclasses import replace

import numpy as np

from bpsim.engine.history import EpochHistory
from bpsim.gui.training.channel import stdio_channel
from bpsim.gui.training.messages import (
    Failed,
    Load,
    Pause,
    Quit,
    Run,
    SetTraining,
    Snapshot,
    StepBatch,
    StepEpoch,
    frozen,
)
from bpsim.gui.training.pretraining import Pretrain, pretrain_in_child
from bpsim.gui.training.statistics import BoundaryGrid, LayerEdges, percentiles

SNAPSHOT_INTERVAL = 0.05  # seconds between snapshots while training (20 a second)
WEIGHTS_INTERVAL = 0.08  # the canvas shows the weights at most ~12 times a second
WEIGHTS_RATE = 10e6  # bytes of weights a second at most (a 784-256-128-10 net: 5 a second)
SLICE = 0.005  # seconds of training between looks at the pipe
GRAD_INTERVAL = 0.004  # seconds between samples of the per-layer gradient norms
SHARE = 0.02  # of the training time, at most, for the boundary grid and for the histograms
BOUNDARY_INTERVAL = 0.06  # seconds between boundary grids at least (~16 a second)
STATS_INTERVAL = 0.1  # seconds between weight histograms and percentiles at least
GRAD_SHARE = 0.01  # of the training time, at most, for sampling the gradient norms
NICENESS = 5  # the child's priority below the window's (POSIX nice)
HISTORY_KEPT = 4096  # epochs of the trainer's history kept once they were sent


class TrainingLoop:
    """Owns the Session (network, trainer, data) of one generation and trains it on command."""

    def __init__(self, conn) -> None:  # a Connection or a PollingChannel: send, recv, poll
        self.conn = conn
        self.generation = -1
        self.session = None
        self.mode: str | None = None  # "run", "epoch", "batch" or None (idle)
        self.run_start: int | None = None  # epoch the current run started at (None: no run)
        self.seq = 0
        self.quit = False
        self._reset_run_counters()

    def _reset_run_counters(self) -> None:
        self._losses = np.empty(1024)
        self._grads: list[tuple[int, tuple[float, ...]]] = []
        self._next_grad = 0.0
        self._n = 0
        self._first_step = 0
        self._epochs_sent = 0
        self._steps_since_final = 0
        self._epochs_since_final = 0
        self._next_snapshot = 0.0
        self._next_weights = 0.0
        self._boundary_pace = Paced(BOUNDARY_INTERVAL, SHARE)
        self._stats_pace = Paced(STATS_INTERVAL, SHARE)

    # -- commands ---------------------------------------------------------------------------
    def serve(self) -> None:
        """Until Quit or the pipe closes: wait for commands when idle, train when running."""
        try:
            while not self.quit:
                if self.mode is None:
                    self.handle(self.conn.recv())
                else:
                    self.train_slice()
        except (EOFError, OSError):
            pass

    def handle(self, cmd: object) -> None:
        if isinstance(cmd, Load):
            self.load(cmd)
        elif isinstance(cmd, Quit):
            self.quit = True
        elif self.session is None:
            return
        elif isinstance(cmd, Run):
            if self.run_start is None:
                self.run_start = self.session.trainer.epoch
            self.mode = "run"
        elif isinstance(cmd, StepBatch | StepEpoch):
            if self.mode is None:
                self.mode = "batch" if isinstance(cmd, StepBatch) else "epoch"
        elif isinstance(cmd, Pause):
            if self.mode is not None:
                self.pause(cmd.reason)
            elif cmd.reason == "stopped":
                self.run_start = None  # a paused run ends: the next Run starts a new one
        elif isinstance(cmd, SetTraining):
            self.set_training(dict(cmd.changes))
        elif isinstance(cmd, Pretrain) and self.mode is None:
            pretrain_in_child(self.session, cmd, self.conn.send, self.conn.poll)

    def load(self, cmd: Load) -> None:
        from bpsim.runner import prepare_data, pretrained, setup

        self.generation, self.mode, self.session = cmd.generation, None, None
        self.run_start = None
        self._reset_run_counters()
        try:
            if cmd.pretrain:  # the hidden layers as autoencoders first (training inputs only)
                prepared = prepare_data(cmd.spec, cmd.base_dir)
                spec, _ = pretrained(cmd.spec, prepared)
                self.session = setup(spec, cmd.base_dir, prepared)
            else:
                self.session = setup(cmd.spec, cmd.base_dir)
        except Exception as exc:  # noqa: BLE001 - any setup problem becomes a message
            self.conn.send(Failed(cmd.generation, str(exc) or type(exc).__name__))
            return
        tr = self.session.trainer
        self._first_step = tr.step_count + 1
        self.edges = LayerEdges(self.session.net.W)
        self.grid = BoundaryGrid.for_session(self.session, cmd.boundary_size)
        self.send_snapshot(reason="loaded")

    def set_training(self, changes: dict) -> None:
        tr = self.session.trainer
        try:
            tr.set_training(**changes)
        except (TypeError, ValueError) as exc:
            self.conn.send(Failed(self.generation, str(exc)))
            return
        self.session.spec = replace(self.session.spec, training=tr.training)

    def run_target(self) -> int | None:
        """The epoch at which the current run completes: None while it runs until paused
        (``stop_after_epochs`` false, as in TensorFlow Playground) or when there is no run."""
        t = self.session.trainer.training
        if self.run_start is None or not t.stop_after_epochs:
            return None
        return self.run_start + max(1, t.epochs)

    def pause(self, reason: str) -> None:
        self.mode = None
        if self._n:
            self._record_grads()
        if reason in ("completed", "stopped") or reason.startswith("diverged"):
            self.run_start = None
        self.send_snapshot(final=True, reason=reason)

    # -- training ---------------------------------------------------------------------------
    def train_slice(self) -> None:
        """Train for ~SLICE seconds (or until a step/epoch/run ends), then look at the pipe."""
        tr = self.session.trainer
        step, clock = tr.step, time.perf_counter
        deadline = clock() + SLICE
        epoch, target = tr.epoch, self.run_target()
        with np.errstate(all="ignore"):
            while True:
                loss = step()
                if loss is None:
                    self.pause(tr.stopped_reason)
                    return
                self._record(loss)
                if self.mode == "batch":
                    self.pause("paused")
                    return
                if tr.epoch != epoch:
                    self._epochs_since_final += 1
                    if target is not None and tr.epoch >= target and self.mode == "run":
                        self.pause("completed")
                        return
                    if self.mode == "epoch":
                        self.pause("paused")
                        return
                    epoch = tr.epoch
                now = clock()
                if now >= self._next_grad:
                    self._record_grads()
                    # a large network's norms (a dot product over every weight) at most
                    # GRAD_SHARE of the time
                    self._next_grad = now + max(GRAD_INTERVAL, (clock() - now) / GRAD_SHARE)
                if now >= deadline:
                    break
        while self.mode is not None and self.conn.poll():
            self.handle(self.conn.recv())
        if self.mode is not None and clock() >= self._next_snapshot:
            self.send_snapshot()

    def _record_grads(self) -> None:
        tr = self.session.trainer
        self._grads.append((tr.step_count, tr.grad_norms()))

    def _record(self, loss: float) -> None:
        if self._n == len(self._losses):
            self._losses = np.resize(self._losses, 2 * self._n)
        self._losses[self._n] = loss
        self._n += 1
        self._steps_since_final += 1

    # -- snapshots --------------------------------------------------------------------------
    def send_snapshot(self, final: bool = False, reason: str = "") -> None:
        self.conn.send(self.snapshot(final, reason))
        self._next_snapshot = time.perf_counter() + SNAPSHOT_INTERVAL
        if final:
            self._steps_since_final = self._epochs_since_final = 0

    def snapshot(self, final: bool, reason: str) -> Snapshot:
        """Everything the plots need since the last snapshot, as read-only copies."""
        from bpsim.runner import finished_spec

        s, tr = self.session, self.session.trainer
        n, first = self._n, self._first_step
        losses = frozen(self._losses[:n])
        self._n, self._first_step = 0, tr.step_count + 1
        h = tr.history
        new = slice(self._epochs_sent, len(h))
        self._epochs_sent = len(h)
        cols = ("train_loss", "validation_loss", "train_accuracy", "validation_accuracy",
                "learning_rate")
        rows = np.stack([h.column(c)[new] for c in cols], axis=1) if len(h) else np.zeros((0, 5))
        epoch_steps = frozen(h.steps[new])
        if len(h) > HISTORY_KEPT:  # sent: a run that goes on for hours keeps bounded memory
            tr.history, self._epochs_sent = EpochHistory(), 0
        W = s.net.W
        now = time.perf_counter()
        with_weights = final or reason == "loaded" or now >= self._next_weights
        if with_weights:
            nbytes = 8 * sum(w.size for w in W)
            self._next_weights = now + max(WEIGHTS_INTERVAL, nbytes / WEIGHTS_RATE)
        grads, self._grads = self._grads, []
        n_layers = len(W)
        grad_steps = frozen(np.array([g[0] for g in grads], np.int64))
        grad_history = frozen(np.array([g[1] for g in grads], float).reshape(-1, n_layers))
        always = final or reason == "loaded"
        boundary = extent = maps = None
        if self.grid is not None and self._boundary_pace.due(now, always):
            boundary, extent, maps = self.grid.evaluate(s.net)
            self._boundary_pace.spent(now)
        edges, counts, pct = (), (), ()
        if self._stats_pace.due(now, always):
            started = time.perf_counter()
            edges = tuple(self.edges.update(W))
            counts, pct = tuple(self.edges.counts(W)), tuple(percentiles(W))
            self._stats_pace.spent(started)
        current = None
        if always:
            with np.errstate(all="ignore"):
                tl, _ta, vl, _va = tr.evaluate()
            current = (float(tl), float("nan") if vl is None else float(vl))
        self.seq += 1
        return Snapshot(
            generation=self.generation, seq=self.seq, step=tr.step_count, epoch=tr.epoch,
            learning_rate=float(tr.eta), running=self.mode is not None,
            loss_steps=frozen(np.arange(first, first + n, dtype=np.int64)), losses=losses,
            epoch_steps=epoch_steps, epoch_rows=frozen(rows, np.float64),
            weights=tuple(frozen(w, np.float64) for w in W) if with_weights else (),
            biases=tuple(frozen(b, np.float64) for b in s.net.b) if with_weights else (),
            grad_norms=tr.grad_norms(), grad_steps=grad_steps,
            grad_history=grad_history, hist_edges=edges, hist_counts=counts, percentiles=pct,
            boundary=boundary, boundary_extent=extent, unit_maps=maps,
            current_losses=current, final=final, reason=reason,
            divergence=tr.divergence if reason.startswith("diverged") else None,
            finished=finished_spec(s) if final else None,
            steps_in_run=self._steps_since_final, epochs_in_run=self._epochs_since_final,
        )


class Paced:
    """A snapshot item that costs time in proportion to the network (the boundary grid, the
    weight histograms): computed at most every ``interval`` seconds and, after a computation
    that took c seconds, not again before c / ``share`` seconds, so that it takes at most
    ``share`` of the training time (a 60x60 grid through a ten-layer network costs ~3 ms)."""

    def __init__(self, interval: float, share: float) -> None:
        self.interval, self.share = interval, share
        self.next = 0.0

    def due(self, now: float, always: bool = False) -> bool:
        return always or now >= self.next

    def spent(self, started: float) -> None:
        now = time.perf_counter()
        self.next = started + max(self.interval, (now - started) / self.share)


def main() -> int:
    """Entry point of the child process: serve the pipe on stdin/stdout until it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the GUI's business
    if hasattr(os, "nice"):  # below the window: its thread gets a core first when both
        with contextlib.suppress(OSError):  # want one (two runs side by side on 2 cores)
            os.nice(NICENESS)
    conn = stdio_channel()
    try:
        TrainingLoop(conn).serve()
    finally:
        conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
