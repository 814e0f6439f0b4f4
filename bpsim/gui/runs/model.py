"""RunList: the runs a window keeps (at most ``MAX_RUNS``), their colours, names and ticks."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from bpsim.gui.runs.record import MAX_RUNS, RUN_COLORS, Run, run_names
from bpsim.spec import NetworkSpec


class RunList(QObject):
    """The window's runs, oldest first. A *comparison* is the runs started together (or one
    after the other since the last comparison): a run's name says what differs in it from
    the other runs of its comparison."""

    changed = Signal()  # runs added, removed, renamed, ticked or unticked

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runs: list[Run] = []
        self.comparison = 0

    def start(self, spec: NetworkSpec, pretrained: bool = False, twin: bool = False) -> Run:
        """A new live run in the current comparison (a colour no kept run has)."""
        used = {r.color for r in self.runs}
        color = next((c for c in RUN_COLORS if c not in used), RUN_COLORS[len(self.runs) % 10])
        run = Run(spec, color, pretrained=pretrained, twin=twin)
        run.comparison = self.comparison
        self.runs.append(run)
        self._trim()
        self._rename()
        self.changed.emit()
        return run

    def add(self, run: Run) -> None:
        """A finished run read from a file."""
        self.runs.append(run)
        self._trim()
        self.changed.emit()

    def new_comparison(self) -> None:
        """Runs started from now on are compared with each other; older runs are unticked."""
        self.comparison += 1
        for run in self.runs:
            run.shown = False
        self.changed.emit()

    def finish(self, run: Run) -> None:
        """The run ended: a decimated copy of its curves; forgotten if it has no epoch."""
        run.finish()
        if len(run.curves) == 0 and run in self.runs:
            self.runs.remove(run)
            self._rename()
        self.changed.emit()

    def remove(self, run: Run) -> None:
        if run in self.runs:
            self.runs.remove(run)
            self._rename()
            self.changed.emit()

    def clear(self) -> None:
        self.runs = []
        self.comparison += 1
        self.changed.emit()

    def set_shown(self, run: Run, shown: bool) -> None:
        if run.shown != shown:
            run.shown = shown
            self.changed.emit()

    def _trim(self) -> None:
        """At most MAX_RUNS: the oldest finished runs go first."""
        while len(self.runs) > MAX_RUNS:
            old = next((r for r in self.runs if not r.live), self.runs[0])
            self.runs.remove(old)

    def retranslate(self) -> None:
        """Name every run again, in the current language (after a language switch)."""
        self._rename()
        self.changed.emit()

    def _rename(self) -> None:
        groups: dict[int, list[Run]] = {}
        for run in self.runs:
            groups.setdefault(run.comparison, []).append(run)
        for runs in groups.values():
            for run, name in zip(runs, run_names(runs)):
                if not run.fixed_name:
                    run.name = name
