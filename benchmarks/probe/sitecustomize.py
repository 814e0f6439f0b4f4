"""An outside probe of the GUI event loop, injected into a launched ``bpsim`` process.

``benchmarks/gui_responsiveness.py`` puts this folder first on PYTHONPATH and sets
``BPSIM_PROBE_OUT``; Python then imports this module at start-up (``sitecustomize``). When the
program imports ``PySide6.QtWidgets``, ``QApplication.exec`` is wrapped: just before the event
loop starts, a 16 ms precise QTimer is installed whose lateness measures how long the event
loop was busy. Nothing in bpsim is changed or imported by the probe.

Every second it also samples the GUI process's resident memory and CPU time and, when it can
find them,
the training controller's step counter and refresh count (``window.training``). After
``BPSIM_PROBE_SECONDS`` it writes everything as JSON to ``BPSIM_PROBE_OUT`` and ends the event
loop with ``QCoreApplication.exit(0)`` (no window is closed, so no "save changes?" question).
With each tick it also records the GUI thread's CPU time: the work done between two ticks
beyond 16 ms estimates the lateness on an idle machine (on a loaded one the lateness also
includes the time the process waits for a core).
``BPSIM_PROBE_ALL_DOCKS=1`` first puts every tabbed bottom dock side by side (all visible).

The variables are removed from the environment at once, so child processes (the training
child) are not probed.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import json
import os
import sys
import time

_OUT = os.environ.pop("BPSIM_PROBE_OUT", None)
_SECONDS = float(os.environ.pop("BPSIM_PROBE_SECONDS", "120"))
_ALL_DOCKS = os.environ.pop("BPSIM_PROBE_ALL_DOCKS", "") == "1"
TICK_MS = 16


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


class _Probe:
    """The timers (created in the GUI thread when the event loop starts)."""

    def __init__(self, app) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.app = app
        self.t0 = time.perf_counter()
        self.ticks: list[float] = []
        self.cpu: list[float] = []  # the GUI thread's CPU time at each tick
        self.samples: list[tuple[float, float, int, int, float]] = []
        self.tick = QTimer()
        self.tick.setTimerType(Qt.TimerType.PreciseTimer)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self._on_tick)
        self.second = QTimer()
        self.second.setInterval(1000)
        self.second.timeout.connect(self._on_second)
        self.end = QTimer()
        self.end.setSingleShot(True)
        self.end.setInterval(int(_SECONDS * 1000))
        self.end.timeout.connect(self._finish)
        self.docks_done = not _ALL_DOCKS
        for timer in (self.tick, self.second, self.end):
            timer.start()

    def _on_tick(self) -> None:
        self.ticks.append(time.perf_counter())
        self.cpu.append(time.thread_time())

    def _controller(self):
        for widget in self.app.topLevelWidgets():
            training = getattr(widget, "training", None)
            if training is not None and hasattr(training, "refreshes"):
                return widget, training
        return None, None

    def _on_second(self) -> None:
        window, training = self._controller()
        if not self.docks_done and window is not None and window.isVisible():
            self.docks_done = True
            _show_all_docks(window)
        latest = getattr(training, "latest", None)
        step = int(latest.step) if latest is not None else -1
        refreshes = int(getattr(training, "refreshes", -1))
        self.samples.append((time.perf_counter() - self.t0, _rss_mb(), step, refreshes,
                             time.process_time()))

    def _finish(self) -> None:
        from PySide6.QtCore import QCoreApplication

        self._on_second()
        for timer in (self.tick, self.second):
            timer.stop()
        result = {"t0": self.t0, "tick_ms": TICK_MS, "seconds": _SECONDS,
                  "ticks": [t - self.t0 for t in self.ticks], "cpu": self.cpu,
                  "samples": self.samples, "all_docks": _ALL_DOCKS,
                  "bpsim": getattr(sys.modules.get("bpsim"), "__file__", None)}
        with open(_OUT, "w") as f:
            json.dump(result, f)
        QCoreApplication.exit(0)


def _show_all_docks(window) -> None:
    """Every bottom dock side by side, the Data dock below the Hyperparameters."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget

    # Not the Step dock: showing it enters Step mode, which holds training (the all-docks
    # case then measured an idle window); not a dock its window hides on purpose (Filters
    # without conv layers).
    docks = [d for d in window.findChildren(QDockWidget) if not d.isFloating()
             and d.objectName() != "StepDock" and d.toggleViewAction().isVisible()]
    bottom = [d for d in docks
              if window.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea]
    for prev, dock in zip(bottom[:-1], bottom[1:]):
        window.splitDockWidget(prev, dock, Qt.Orientation.Horizontal)
    right = [d for d in docks
             if window.dockWidgetArea(d) == Qt.DockWidgetArea.RightDockWidgetArea]
    for dock in right:
        for other in window.tabifiedDockWidgets(dock):
            window.splitDockWidget(dock, other, Qt.Orientation.Vertical)
    for dock in docks:
        dock.show()


def _patch(module) -> None:
    app_class = module.QApplication
    original = app_class.exec

    def exec_with_probe(*args):
        app = app_class.instance()
        app._bpsim_probe = _Probe(app)
        return original()

    app_class.exec = exec_with_probe


class _Finder(importlib.abc.MetaPathFinder):
    """Wraps the loader of PySide6.QtWidgets so that :func:`_patch` runs once it is loaded."""

    def find_spec(self, name, path, target=None):
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        load = spec.loader.exec_module

        def exec_module(module) -> None:
            load(module)
            _patch(module)

        spec.loader.exec_module = exec_module
        return spec


if _OUT:
    sys.meta_path.insert(0, _Finder())
