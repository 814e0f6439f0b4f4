"""Saving from the window onto targets that are not ordinary files (issue 11.4)."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from bpsim import fileformat
from tests.gui.test_main_window import window  # noqa: F401 - the fixture


def test_a_read_only_file_is_replaced_only_when_the_user_says_so(window, tmp_path):  # noqa: F811
    path = tmp_path / "net.bpsim"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o444)
    asked = []
    window.ask_replace_read_only = lambda p: asked.append(p) or False
    window.ask_save_path = lambda: str(path)
    window.document.edit(window.document.spec.with_training(epochs=77), "epochs")
    assert not window.save_as()
    assert asked == [path] and path.read_text(encoding="utf-8") == "old"
    assert window.document.modified and window.errors == []
    window.ask_replace_read_only = lambda p: True
    assert window.save_as()
    assert fileformat.load(path).training.epochs == 77 and not window.document.modified
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
def test_a_fifo_is_never_replaced(window, tmp_path):  # noqa: F811
    fifo = tmp_path / "pipe.bpsim"
    os.mkfifo(fifo)
    window.ask_save_path = lambda: str(fifo)
    assert not window.save_as()
    assert "is a FIFO (named pipe), not a regular file" in window.errors[0]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
