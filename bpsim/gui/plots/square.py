"""SquareBox: a widget that gives its one child as much room as fits with a square plot area."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

MAX_EXTRA = 160  # pixels around the plot area (axes, a colour bar) at most


class SquareBox(QWidget):
    """Holds a GraphicsLayoutWidget whose ``plot`` (a PlotItem) must have a square view: the
    child is sized so that the view is the largest square that fits, centred; the axes and
    any bar beside it get the pixels they take now. ``square`` False: the child fills."""

    def __init__(self, child: pg.GraphicsLayoutWidget, plot: pg.PlotItem,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.child, self.plot = child, plot
        self.square = True
        self.footer: QWidget | None = None  # a line right under the child (a key)
        self.setMinimumSize(160, 160)
        self._corrections = 0
        plot.vb.sigResized.connect(self._view_resized)

    def adopt(self) -> None:
        """Take the child (after it left its layout: ``layout.replaceWidget(child, box)``)."""
        self.child.setParent(self)
        self.child.setMinimumSize(0, 0)
        self.update_geometry()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._corrections = 0
        self.update_geometry()

    def _view_resized(self, *_args) -> None:
        """The axes took other room than assumed (new tick labels): square the view again
        (a few times at most, so that it can never oscillate)."""
        view = self.plot.vb.size()
        if self.square and abs(view.width() - view.height()) > 2 and self._corrections < 3:
            self._corrections += 1
            self.update_geometry()

    def update_geometry(self) -> None:
        w, h = self.width(), self.height()
        foot = self.footer.sizeHint().height() if self._footer_shown() else 0
        if not self.square:
            self.child.setGeometry(0, 0, w, h - foot)
        else:
            view = self.plot.vb.size()
            extra_w = min(MAX_EXTRA, max(0.0, self.child.width() - view.width()))
            extra_h = min(MAX_EXTRA, max(0.0, self.child.height() - view.height()))
            side = max(40.0, min(w - extra_w, h - foot - extra_h))
            cw, ch = int(side + extra_w), int(side + extra_h)
            self.child.setGeometry((w - cw) // 2, 0, cw, ch)
        if foot:
            self.footer.setGeometry(0, self.child.geometry().bottom() + 1, w, foot)

    def _footer_shown(self) -> bool:
        return self.footer is not None and not self.footer.isHidden()
