"""The background training thread: a QThread that owns the training child process.

Why a child process: a pure-Python training loop in a thread of the GUI process holds the GIL
for most of every millisecond, and each repaint (hundreds of Python <-> C++ crossings) then
waits a whole switch interval per crossing (DESIGN.md measured p99 GUI latency 580-1500 ms,
still 68-78 ms with a 1 ms switch interval). In a child process the trainer has its own GIL.

The thread blocks on the pipe (no GIL held), re-freezes each message, queues it and emits
:attr:`TrainingThread.messagesAvailable` once per batch of waiting messages; the controller (a
QObject in the GUI thread) drains the queue with :meth:`TrainingThread.take`. Commands go the
other way with :meth:`TrainingThread.send` from the GUI thread.

Shutdown (:meth:`TrainingThread.shutdown`): Quit to the child, the child closes the pipe, the
thread's loop ends; then ``quit()`` + ``wait()`` from the GUI thread. A child that does not
end within the timeout is killed, which also ends the loop.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from PySide6.QtCore import QThread, Signal

import bpsim
from bpsim.gui.training.channel import StreamChannel
from bpsim.gui.training.messages import Failed, Quit, Snapshot

log = logging.getLogger(__name__)
#: Every TrainingThread created (tests check that none is left running).
LIVE_THREADS: weakref.WeakSet = weakref.WeakSet()
#: Started and not yet shut down. A strong reference without a Qt parent: deleting the window
#: can never destroy a running QThread; :func:`shutdown_all` runs at interpreter exit.
_RUNNING: set[TrainingThread] = set()
ENDED = -1  # the generation of the Failed message sent when the child dies
_ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


#: Run with ``python -I -c``: isolated mode (no working directory, no PYTHONPATH, no user
#: site on sys.path), then exactly the GUI's own import path minus the working directory,
#: and bpsim itself loaded from the folder the GUI's bpsim comes from.
_BOOTSTRAP = """\
import importlib.util, json, sys
paths, package = json.loads(sys.argv[1])
sys.path[:] = paths
spec = importlib.util.spec_from_file_location(
    "bpsim", package + "/__init__.py", submodule_search_locations=[package])
bpsim = importlib.util.module_from_spec(spec)
sys.modules["bpsim"] = bpsim
spec.loader.exec_module(bpsim)
from bpsim.gui.training.child import main
sys.exit(main())
"""


def _child_env() -> dict[str, str]:
    """The child's environment: one BLAS thread (the GUI keeps a core)."""
    env = dict(os.environ)
    for name in _ONE_THREAD:
        env.setdefault(name, "1")
    return env


def _import_path() -> list[str]:
    """The GUI's sys.path without the working directory (a numpy.py there must never run)."""
    cwd = os.path.realpath(os.getcwd())
    return [p for p in sys.path
            if p and os.path.realpath(p) != cwd]


def child_command() -> list[str]:
    """The command line of the training child (see _BOOTSTRAP)."""
    package = str(Path(bpsim.__file__).resolve().parent)
    return [sys.executable, "-I", "-c", _BOOTSTRAP, json.dumps([_import_path(), package])]


def start_child() -> tuple[subprocess.Popen, StreamChannel]:
    """Start the training child; it talks over its stdin and stdout (see channel.py).

    A plain subprocess (not multiprocessing "spawn"): spawn re-imports the parent's main
    script in the child, which would load Qt there, or re-run an unguarded script. Pipes
    work on every platform; the child's stderr stays the GUI's.
    """
    proc = subprocess.Popen(child_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            env=_child_env(), close_fds=True)
    return proc, StreamChannel(proc.stdout, proc.stdin)


class _InProcess:
    """The trainer in a Python thread of this process (for comparison; see the benchmark).

    It holds the GIL while it trains: the GUI stutters (DESIGN.md, "Threads"). ``switch``
    sets ``sys.setswitchinterval`` while it runs.
    """

    def __init__(self, switch: float | None = None) -> None:
        from bpsim.gui.training.child import TrainingLoop

        ours, theirs = socket.socketpair()
        self._theirs = Connection(theirs.detach())
        self._old_switch = sys.getswitchinterval()
        if switch is not None:
            sys.setswitchinterval(switch)
        self._thread = threading.Thread(target=self._serve, args=(TrainingLoop(self._theirs),),
                                        name="bpsim-trainer", daemon=True)
        self._thread.start()
        self.conn = Connection(ours.detach())

    def _serve(self, loop) -> None:
        try:
            loop.serve()
        finally:
            self._theirs.close()  # the relay sees the end of the pipe

    def kill(self) -> None:
        """A thread cannot be killed: it ends at its next look at the pipe."""

    def wait(self, timeout: float | None = None) -> int:
        self._thread.join(timeout)
        sys.setswitchinterval(self._old_switch)
        return 0


def freeze(message: object) -> object:
    """Make the arrays of an unpickled Snapshot read-only again (no copies)."""
    if isinstance(message, Snapshot):
        for name in ("loss_steps", "losses", "epoch_steps", "epoch_rows", "boundary",
                     "grad_steps", "grad_history"):
            a = getattr(message, name)
            if a is not None:
                a.setflags(write=False)
        for name in ("weights", "biases", "hist_edges", "hist_counts", "percentiles"):
            for a in getattr(message, name):
                a.setflags(write=False)
    return message


class TrainingThread(QThread):
    """Relays the child's messages to the GUI thread; see the module docstring."""

    messagesAvailable = Signal()  # noqa: N815 (Qt signal name)

    def __init__(self, in_process: bool = False, switch: float | None = None) -> None:
        super().__init__(None)  # no parent: see _RUNNING
        self.setObjectName("TrainingThread")
        if in_process:
            self.proc = _InProcess(switch)
            self.conn = self.proc.conn
        else:
            self.proc, self.conn = start_child()
        self._queue: deque[object] = deque()
        self._cond = threading.Condition()
        self._signal_pending = False
        self._send_lock = threading.Lock()
        self.alive = True
        self._stopping = False
        LIVE_THREADS.add(self)
        _RUNNING.add(self)

    # -- the thread -----------------------------------------------------------------------
    def run(self) -> None:  # noqa: D102 - QThread override
        try:
            while True:
                message = freeze(self.conn.recv())
                with self._cond:
                    self._queue.append(message)
                    self._cond.notify_all()
                    emit = not self._signal_pending
                    self._signal_pending = True
                if emit:
                    self.messagesAvailable.emit()
        except (EOFError, OSError):
            pass
        except Exception:  # noqa: BLE001 - a broken message must not kill silently
            log.exception("training thread: cannot read from the training process")
        finally:
            self.alive = False
            with self._cond:
                if not self._stopping:  # the child died: tell the controller
                    self._queue.append(Failed(ENDED, "the training process ended unexpectedly"))
                self._cond.notify_all()
            if not self._stopping:
                self.messagesAvailable.emit()

    # -- GUI-thread API -------------------------------------------------------------------
    def send(self, command: object) -> bool:
        """Send a command to the child; False if it is gone."""
        if not self.alive:
            return False
        try:
            with self._send_lock:
                self.conn.send(command)
            return True
        except (OSError, ValueError):
            self.alive = False
            return False

    def take(self) -> list[object]:
        """Every message received and not yet taken, oldest first."""
        with self._cond:
            items = list(self._queue)
            self._queue.clear()
            self._signal_pending = False
        return items

    def wait_for(self, done: Callable[[object], bool], timeout: float) -> bool:
        """Block until a queued message satisfies ``done`` (or timeout / the child ended)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not any(done(m) for m in self._queue):
                left = deadline - time.monotonic()
                if left <= 0 or not self.alive:
                    return False
                self._cond.wait(left)
        return True

    def shutdown(self, timeout: float = 0.8) -> None:
        """Stop the child and the thread; never leaves a running QThread behind."""
        self._stopping = True
        self.send(Quit())
        if self.isRunning() and not self.wait(int(timeout * 1000)):
            log.warning("training process did not stop in %.1f s: killing it", timeout)
            self.proc.kill()
        self.quit()
        self.wait()  # the pipe is closed now: the loop has ended
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.conn.close()
        self.alive = False
        _RUNNING.discard(self)


@atexit.register
def shutdown_all() -> None:
    """No QThread may still run at interpreter exit (the process would abort, exit 134)."""
    for thread in list(_RUNNING):
        thread.shutdown()

