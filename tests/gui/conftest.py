"""Shared fixtures of the GUI tests: offscreen Qt, PySide6 for pyqtgraph, private settings."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402


@pytest.fixture(autouse=True)
def private_settings(tmp_path_factory: pytest.TempPathFactory):
    """Point QSettings at a fresh temporary folder so no test reads or writes the user's."""
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(fmt, scope, str(folder))
    yield folder


def pytest_configure(config: pytest.Config) -> None:
    # The offscreen platform plugin warns whenever a window with docks is shown; it is not a
    # problem of bpsim (a real display does not say it), so it must not fail the tests.
    config.addinivalue_line("qt_log_ignore", "This plugin does not support propagateSizeHints")


LOAD_WAIT_MS = 8000  # generous: the machine is shared


@pytest.fixture
def training_window(qtbot):
    """factory(spec) -> (MainWindow, TrainingController) with the child loaded; teardown shuts
    every run down and proves that no training thread or child process is left."""
    from PySide6.QtWidgets import QMessageBox

    from bpsim.gui.main_window import MainWindow
    from bpsim.gui.training import install
    from bpsim.gui.training.worker import LIVE_THREADS

    made = []

    def factory(spec):
        w = MainWindow(spec, restore=False, features=False)
        qtbot.addWidget(w)
        w.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
        c = install(w)
        w.show()
        qtbot.waitUntil(lambda: c.latest is not None, timeout=LOAD_WAIT_MS)  # the child loaded
        made.append((w, c))
        return w, c

    yield factory
    for w, c in made:
        c.shutdown()
        w.document.undo_stack.setClean()
    for thread in list(LIVE_THREADS):
        assert not thread.isRunning()
        assert thread.proc.poll() is not None
