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
