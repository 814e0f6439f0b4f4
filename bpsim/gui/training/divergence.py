"""What the window shows when a run diverges: a banner over the canvas and one on the Loss
dock ("Diverged at step 8: η = 0.5 is too large", why, and the buttons *Reset* and *η ÷ 10*),
and a marker at that step on the loss plot. The rule itself is bpsim.engine.guard."""

from __future__ import annotations

import math
from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from bpsim.engine.guard import LOSS_FACTOR, WEIGHT_BOUND, Divergence
from bpsim.gui.i18n import tr
from bpsim.numfmt import number

MARGIN = 12  # pixels between the canvas banner and the canvas's top edge


def short(value: float) -> str:
    """Three significant digits in a bounded width: 3431, 0.848, 1.2e+09."""
    if not math.isfinite(value) or value == 0:
        return number(value)
    return number(value, max(0, 2 - math.floor(math.log10(abs(value)))), trim=True)


def headline(d: Divergence) -> str:
    return tr("Diverged at step {0}: η = {1} is too large").format(
        f"{d.step:,}", short(d.learning_rate))


def cause(d: Divergence) -> str:
    """Why the guard stopped, in one sentence."""
    if d.cause == "loss":
        text = tr("the loss of a mini-batch ({0}) passed {1} × the reference loss ({2})")
        text = text.format(short(d.loss), f"{LOSS_FACTOR:g}", short(d.limit / LOSS_FACTOR))
    elif d.cause == "weights":
        text = tr("a weight would have passed {0}").format(number(WEIGHT_BOUND, 0))
    else:
        text = tr("the loss became infinite or NaN")
    return tr("Training stopped because {0}; the weights from before that step are kept.").format(
        text)


class DivergenceBanner(QFrame):
    """Headline, cause and two buttons, in the palette's tooltip colours."""

    def __init__(self, parent: QWidget, on_reset: Callable[[], None],
                 on_divide: Callable[[], None], detailed: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("DivergenceBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(self.palette().ColorRole.ToolTipBase)
        self.setForegroundRole(self.palette().ColorRole.ToolTipText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        texts = QVBoxLayout()
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold")
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        texts.addWidget(self.title)
        texts.addWidget(self.detail)
        self.detail.setVisible(detailed)  # else in the tooltip (the canvas keeps its room)
        self.detailed = detailed
        layout.addLayout(texts, 1)
        self.reset_button = QPushButton(tr("Reset"), self)
        self.reset_button.setToolTip(tr("Back to the weights training started from"))
        self.reset_button.clicked.connect(on_reset)
        self.divide_button = QPushButton(tr("η ÷ 10"), self)
        self.divide_button.setToolTip(tr("Divide the learning rate by 10 (undoable)"))
        self.divide_button.clicked.connect(on_divide)
        for button in (self.reset_button, self.divide_button):
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_divergence(self, d: Divergence) -> None:
        self.title.setText(headline(d))
        self.detail.setText(cause(d))
        self.setToolTip("" if self.detailed else cause(d))
        self.show()
        self.raise_()


class DivergenceNotice(QObject):
    """The canvas banner, the Loss dock banner and the loss plot's marker, shown together."""

    def __init__(self, window, loss_dock, on_reset: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self.divergence: Divergence | None = None
        canvas = window.canvas
        self.canvas_banner = DivergenceBanner(canvas, on_reset, self.divide_learning_rate,
                                              detailed=False)
        self.dock_banner = DivergenceBanner(loss_dock, on_reset, self.divide_learning_rate)
        loss_dock.widget().layout().insertWidget(1, self.dock_banner)
        self.marker = pg.InfiniteLine(angle=90, pen=pg.mkPen("#d62728", width=1.5,
                                                             style=Qt.PenStyle.DashLine))
        self.marker.hide()
        loss_dock.plot.addItem(self.marker, ignoreBounds=True)
        canvas.installEventFilter(self)

    def show_for(self, d: Divergence | None) -> None:
        """Show the notice for ``d`` (None: the snapshot carried no details)."""
        if d is None:
            return
        self.divergence = d
        for banner in (self.canvas_banner, self.dock_banner):
            banner.show_divergence(d)
        self.marker.setValue(d.step)
        self.marker.show()
        self._place()

    def clear(self) -> None:
        self.divergence = None
        for banner in (self.canvas_banner, self.dock_banner):
            banner.hide()
        self.marker.hide()
        self.window.canvas.set_top_reserve(0)

    def divide_learning_rate(self) -> None:
        """η ÷ 10 as one undoable edit; the next Train goes on with it."""
        doc = self.window.document
        eta = doc.spec.training.learning_rate / 10.0
        doc.edit(doc.spec.with_training(learning_rate=eta),
                 tr("Divide the learning rate by 10 ({0})").format(number(eta, 4, trim=True)))
        self.clear()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize and self.canvas_banner.isVisible():
            self._place()
        return False

    def _place(self) -> None:
        """Centred at the top of the canvas, at most 600 px wide."""
        canvas = self.window.canvas
        width = min(600, canvas.width() - 2 * MARGIN)
        banner = self.canvas_banner
        banner.setFixedWidth(max(200, width))
        banner.adjustSize()
        banner.move((canvas.width() - banner.width()) // 2, MARGIN)
        canvas.set_top_reserve(banner.height() + MARGIN)  # the network moves below it
