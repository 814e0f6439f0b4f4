"""The Runs panel: every run of the window with a tick box (ticked runs are overlaid on the
loss, accuracy and learning-rate plots), its colour, name and final figures; *Compare…*."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bpsim.gui.runs.record import MAX_RUNS, Run

RUN_ROLE = Qt.ItemDataRole.UserRole + 1
REFRESH_MS = 500


class _List(QListWidget):
    """A list that asks for little room: raising the Runs tab must not widen its column
    (a QListWidget asks for 256 px, which took 60 px from Hyperparameters at 1024x700)."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(160, 160)


def swatch(color: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class RunsDock(QDockWidget):
    """See the module docstring. ``runs`` is the window's RunsController."""

    def __init__(self, runs, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Runs"), parent)
        self.setObjectName("RunsDock")
        self.runs = runs
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.list = _List(body)
        self.list.setWordWrap(True)
        self.list.setToolTip(self.tr(
            "Every training run of this window (at most {0}; the oldest finished run goes "
            "first). Ticked runs are drawn over the loss, accuracy and learning-rate plots, "
            "each in its colour: training solid, validation dashed.").format(MAX_RUNS))
        self.list.itemChanged.connect(self._ticked)
        layout.addWidget(self.list, 1)
        self.empty = QLabel(self.tr(
            "No runs yet. Each training run is kept here; Compare… trains a twin of this "
            "network beside it."), body)
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        row = QHBoxLayout()  # one button: the right column stays narrow at 1024 pixels
        self.compare_button = QPushButton(self.tr("Compare…"), body)
        self.compare_button.setToolTip(self.tr(
            "Train a twin of this network with other settings beside it, from the same "
            "initial weights and the same order of examples"))
        row.addWidget(self.compare_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.forget_action = QAction(self.tr("Forget the unticked runs"), self)
        self.forget_action.triggered.connect(self._forget)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.list.addAction(self.forget_action)
        self.setWidget(body)
        self._later = QTimer(self)  # figures of live runs: at most twice a second
        self._later.setSingleShot(True)
        self._later.setInterval(REFRESH_MS)
        self._later.timeout.connect(self.refresh)
        runs.runs.changed.connect(self.refresh)
        runs.twinsChanged.connect(self.schedule)
        self.refresh()

    @Slot()
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.runs.runs.retranslate()  # the runs' names, then this list and the plots

    def schedule(self) -> None:
        if not self._later.isActive():
            self._later.start()

    @Slot()
    def refresh(self) -> None:
        """Rebuild the list (at most MAX_RUNS rows)."""
        self.list.blockSignals(True)
        self.list.clear()
        for run in self.runs.runs.runs:
            self.list.addItem(self._item(run))
        self.list.blockSignals(False)
        self.empty.setVisible(self.list.count() == 0)
        self.list.setVisible(self.list.count() > 0)

    def _item(self, run: Run) -> QListWidgetItem:
        state = ""
        if run is self.runs.live:
            state = self.tr(" (this network)")
        elif run.live and run.twin:
            state = self.tr(" (twin)")
        figures = run.figures()
        item = QListWidgetItem(swatch(run.color), run.name + state + (
            "\n" + figures if figures else ""))
        flags = Qt.ItemFlag.ItemIsEnabled
        if run is not self.runs.live:  # the document's own curves are always drawn
            flags |= Qt.ItemFlag.ItemIsUserCheckable
            item.setCheckState(Qt.CheckState.Checked if run.shown else Qt.CheckState.Unchecked)
        item.setFlags(flags)
        item.setData(RUN_ROLE, id(run))
        return item

    def _run(self, item: QListWidgetItem) -> Run | None:
        return next((r for r in self.runs.runs.runs if id(r) == item.data(RUN_ROLE)), None)

    @Slot(QListWidgetItem)
    def _ticked(self, item: QListWidgetItem) -> None:
        run = self._run(item)
        if run is not None:
            self.runs.runs.set_shown(run, item.checkState() == Qt.CheckState.Checked)

    @Slot()
    def _forget(self) -> None:
        for run in list(self.runs.runs.runs):
            if not run.shown and not run.live:
                self.runs.runs.remove(run)
