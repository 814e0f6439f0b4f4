"""A real training child killed, stopped, or its window closed (issue 11.10-11.12), and the
child started so that nothing from the working folder can run in it (11.1, 12)."""

from __future__ import annotations

import os
import signal
import sys
import time

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from bpsim.gui.training import keeping
from tests.gui.test_training import WAIT, doc_weights, trained, xor_spec

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="kill -9, SIGSTOP are POSIX")


def messages_of(c) -> list[str]:
    seen: list[str] = []
    c.trainingMessage.connect(seen.append)
    return seen


@posix_only
def test_a_killed_child_keeps_the_weights_it_had_sent(qtbot, training_window):
    w, c = training_window(xor_spec())
    seen = messages_of(c)
    trained(qtbot, c, 2000)
    qtbot.waitUntil(lambda: c.with_weights is not None and c.with_weights.step > 1000,
                    timeout=WAIT)
    os.kill(c.thread.proc.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: bool(seen) and not c.running, timeout=WAIT)
    kept = c.with_weights
    state = w.document.spec.state
    assert state["step"] == kept.step > 1000 and state["epoch"] == kept.epoch
    for a, b in zip(doc_weights(w), kept.weights, strict=True):
        np.testing.assert_array_equal(a, b)
    assert "ended unexpectedly at step" in seen[0]
    assert f"reached at step {kept.step} are kept" in seen[0]
    undo = w.document.undo_stack
    assert undo.undoText().endswith("kept: the training process ended")
    undo.undo()  # the kept weights are an ordinary edit
    assert (w.document.spec.state or {}).get("step", 0) == 0
    c.message_box.close()


@posix_only
def test_a_stopped_child_is_noticed_and_its_weights_kept(qtbot, training_window, monkeypatch):
    monkeypatch.setattr(keeping, "STALL_SECONDS", 1.0)
    w, c = training_window(xor_spec())
    seen = messages_of(c)
    trained(qtbot, c, 500)
    qtbot.waitUntil(lambda: c.with_weights.step >= 500, timeout=WAIT)  # weights are paced
    pid = c.thread.proc.pid
    os.kill(pid, signal.SIGSTOP)
    try:
        qtbot.waitUntil(lambda: bool(seen), timeout=WAIT)
        assert "has not answered for" in seen[0] and "are kept in the network" in seen[0]
        assert w.document.spec.state["step"] == c.with_weights.step >= 500
        c.message_box.close()
    finally:
        os.kill(pid, signal.SIGCONT)
    step = c.latest.step
    qtbot.waitUntil(lambda: c.latest.step > step + 200, timeout=WAIT)  # it goes on
    assert "answers again" in w.statusBar().currentMessage()
    c.pause()
    qtbot.waitUntil(lambda: not c.running, timeout=WAIT)
    assert w.document.spec.state["step"] == c.latest.step  # the final commit after the kept one


@posix_only
def test_closing_with_a_stopped_child_asks_with_the_last_weights(qtbot, training_window):
    w, c = training_window(xor_spec())
    trained(qtbot, c, 500)
    qtbot.waitUntil(lambda: c.with_weights.step >= 500, timeout=WAIT)  # weights are paced
    asked = []
    w.ask_unsaved = lambda: asked.append(w.document.spec) or QMessageBox.StandardButton.Discard
    thread = c.thread
    os.kill(thread.proc.pid, signal.SIGSTOP)
    start = time.perf_counter()
    w.close()
    assert time.perf_counter() - start < 5  # about a second; the machine may be busy
    assert asked and asked[0].state["step"] == c.with_weights.step >= 500
    assert c.thread is None and thread.proc.poll() is not None  # killed, nothing left


def test_cancel_on_close_means_nothing_happened(qtbot, training_window):
    w, c = training_window(xor_spec())
    trained(qtbot, c, 200)
    w.ask_unsaved = lambda: QMessageBox.StandardButton.Cancel
    w.close()
    assert w.isVisible() and c.running and c.thread is not None
    step = c.latest.step
    qtbot.waitUntil(lambda: c.latest.step > step + 200, timeout=WAIT)  # training goes on
    w.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    w.close()
    assert not w.isVisible() and c.thread is None


def test_the_child_runs_nothing_from_the_working_folder(qtbot, training_window, tmp_path,
                                                        monkeypatch):
    """A numpy.py (and a sitecustomize.py) in the folder bpsim was started from, and on
    PYTHONPATH, never run in the training child: it is started isolated, with bpsim from an
    explicit path, and talks over its stdin/stdout (the same on every platform)."""
    marker = tmp_path / "ran"
    for name in ("numpy.py", "sitecustomize.py", "bpsim.py"):
        (tmp_path / name).write_text(f"open({str(marker)!r}, 'a').write({name!r})\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    w, c = training_window(xor_spec())
    trained(qtbot, c, 100)
    assert not marker.exists()
    c.pause()
    qtbot.waitUntil(lambda: not c.running, timeout=WAIT)
    assert w.document.spec.state["step"] >= 100
